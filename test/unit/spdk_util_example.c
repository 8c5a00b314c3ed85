/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A program in the shape of SPDK's examples, using only SPDK's base headers
 * from include/ and the installed library: getopt with spdk_strtol and
 * spdk_parse_capacity, -L log flags, SPDK_*LOG, a TAILQ of work items, CRCs,
 * UUIDs and a latency histogram.  Built with -Werror (test/unit/meson.build);
 * it checks its own results and exits non-zero on any mismatch or bad
 * option, so the meson tests run it both ways.
 */
#include "spdk/stdinc.h"
#include "spdk/likely.h"
#include "spdk/util.h"
#include "spdk/queue.h"
#include "spdk/endian.h"
#include "spdk/string.h"
#include "spdk/log.h"
#include "spdk/uuid.h"
#include "spdk/crc16.h"
#include "spdk/crc32.h"
#include "spdk/histogram_data.h"

SPDK_LOG_REGISTER_COMPONENT(util_example)

struct work_item {
	uint32_t		id;
	uint8_t			payload[64];
	TAILQ_ENTRY(work_item)	link;
};

static TAILQ_HEAD(, work_item) g_items = TAILQ_HEAD_INITIALIZER(g_items);
static int g_num_items = 4;
static uint64_t g_io_size = 4096;
static int g_failures;

#define CHECK(cond) do {						\
	if (spdk_unlikely(!(cond))) {					\
		SPDK_ERRLOG("check failed: %s\n", #cond);		\
		g_failures++;						\
	}								\
} while (0)

static void
usage(const char *prog)
{
	printf("%s [options]\n", prog);
	printf("\t[-n number of work items (default 4)]\n");
	printf("\t[-o io size, e.g. 4k, 1M (default 4096)]\n");
	spdk_log_usage(stdout, "-L");
}

static int
parse_args(int argc, char **argv)
{
	int op;
	long val;

	while ((op = getopt(argc, argv, "n:o:L:h")) != -1) {
		switch (op) {
		case 'n':
			val = spdk_strtol(optarg, 10);
			if (val <= 0 || val > 1000) {
				fprintf(stderr, "invalid -n '%s': %s\n", optarg,
					val < 0 ? spdk_strerror((int)-val) : "out of 1..1000");
				return -EINVAL;
			}
			g_num_items = (int)val;
			break;
		case 'o':
			if (spdk_parse_capacity(optarg, &g_io_size, NULL) != 0 || g_io_size == 0) {
				fprintf(stderr, "invalid -o '%s'\n", optarg);
				return -EINVAL;
			}
			break;
		case 'L':
			if (spdk_log_set_flag(optarg) < 0) {
				fprintf(stderr, "unknown log flag '%s'\n", optarg);
				usage(argv[0]);
				return -EINVAL;
			}
			spdk_log_set_print_level(SPDK_LOG_INFO);
			break;
		default:
			usage(argv[0]);
			return -EINVAL;
		}
	}
	return 0;
}

static void
histogram_cb(void *ctx, uint64_t start, uint64_t end, uint64_t count, uint64_t total,
	     uint64_t so_far)
{
	uint64_t *median_end = ctx;

	(void)start;
	(void)count;
	if (*median_end == 0 && so_far * 2 >= total && total != 0) {
		*median_end = end;
	}
}

int
main(int argc, char **argv)
{
	struct work_item *item, *tmp;
	struct spdk_histogram_data *hist;
	struct spdk_uuid uuid, parsed;
	char uuid_str[SPDK_UUID_STRING_LEN];
	uint32_t crc = ~0u, crc_again = ~0u;
	uint64_t median_end = 0;
	int removed = 0;

	if (parse_args(argc, argv) != 0) {
		return 1;
	}
	SPDK_INFOLOG(util_example, "%d items, io size %" PRIu64 "\n", g_num_items, g_io_size);

	for (int i = 0; i < g_num_items; i++) {
		item = calloc(1, sizeof(*item));
		if (item == NULL) {
			SPDK_ERRLOG("out of memory\n");
			return 1;
		}
		item->id = (uint32_t)i;
		to_be32(item->payload, item->id);
		memset(item->payload + 4, i, sizeof(item->payload) - 4);
		TAILQ_INSERT_TAIL(&g_items, item, link);
	}

	hist = spdk_histogram_data_alloc();
	CHECK(hist != NULL);
	TAILQ_FOREACH(item, &g_items, link) {
		crc = spdk_crc32c_update(item->payload, sizeof(item->payload), crc);
		CHECK(from_be32(item->payload) == item->id);
		if (hist != NULL) {
			spdk_histogram_data_tally(hist, (uint64_t)item->id * 100);
		}
	}
	TAILQ_FOREACH_SAFE(item, &g_items, link, tmp) {
		crc_again = spdk_crc32c_update(item->payload, sizeof(item->payload), crc_again);
		TAILQ_REMOVE(&g_items, item, link);
		free(item);
		removed++;
	}
	CHECK(removed == g_num_items);
	CHECK(TAILQ_EMPTY(&g_items));
	CHECK(crc == crc_again);
	CHECK(spdk_crc32c_nvme("123456789", 9, 0) == 0xE3069283u);
	CHECK(spdk_crc16_t10dif(0, "123456789", 9) == 0xD0DB);

	if (hist != NULL) {
		spdk_histogram_data_iterate(hist, histogram_cb, &median_end);
		CHECK(median_end > 0);
		spdk_histogram_data_free(hist);
	}

	spdk_uuid_generate(&uuid);
	CHECK(spdk_uuid_fmt_lower(uuid_str, sizeof(uuid_str), &uuid) == 0);
	CHECK(spdk_uuid_parse(&parsed, uuid_str) == 0);
	CHECK(spdk_uuid_compare(&uuid, &parsed) == 0);

	CHECK(SPDK_CEIL_DIV(g_io_size, 512) == spdk_divide_round_up(g_io_size, 512));
	CHECK(spdk_u64_is_pow2(spdk_align64pow2(g_io_size)));

	printf("items %d, io size %" PRIu64 ", crc32c %08x, uuid %s: %s\n", g_num_items, g_io_size,
	       ~crc, uuid_str, g_failures == 0 ? "ok" : "FAILED");
	return g_failures == 0 ? 0 : 1;
}
