/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A hotplug program in the shape of SPDK's: poll spdk_nvme_probe with a
 * remove_cb while reading at queue depth 32, for test/vm/test_hotplug.sh.
 *
 *   nvme_hotplug STATUS_FILE SECONDS
 *
 * Phases, each written as one line to STATUS_FILE (the host watches it):
 *   "running"            attached, I/O at QD 32 completing
 *   "removed"            remove_cb ran (the host measures device_del -> this)
 *   "drained A D E"      the qpair returned -ENXIO and every outstanding read
 *                        completed: A aborted, D completed twice (must be 0),
 *                        E other errors; then detached
 *   "reattached N"       a device that appeared later was attached by a probe
 *                        and N reads of it succeeded
 * Exit 0 when it reached "reattached" with no double completion, 1 otherwise.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

#define QD	32

struct slot {
	void		*buf;
	bool		outstanding;
};

static struct spdk_nvme_ctrlr *g_ctrlr;
static struct spdk_nvme_ns *g_ns;
static struct spdk_nvme_qpair *g_qpair;
static struct slot g_slots[QD];
static bool g_removed;
static unsigned long g_ok, g_aborted, g_double, g_other;
static const char *g_status;

static void
status(const char *fmt, ...)
{
	FILE *f = fopen(g_status, "a");
	va_list ap;

	va_start(ap, fmt);
	if (f != NULL) {
		vfprintf(f, fmt, ap);
		fputc('\n', f);
		fclose(f);
	}
	va_end(ap);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void submit(struct slot *s);

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct slot *s = arg;

	if (!s->outstanding) {
		g_double++;
		return;
	}
	s->outstanding = false;
	if (!spdk_nvme_cpl_is_error(cpl)) {
		g_ok++;
		if (!g_removed) {
			submit(s);
		}
	} else if (cpl->status.sct == SPDK_NVME_SCT_GENERIC &&
		   cpl->status.sc == SPDK_NVME_SC_ABORTED_BY_REQUEST) {
		g_aborted++;
	} else {
		g_other++;
	}
}

static void
submit(struct slot *s)
{
	uint64_t lba = (uint64_t)(rand() % 1024) * 8;

	s->outstanding = true;
	if (spdk_nvme_ns_cmd_read(g_ns, g_qpair, s->buf, lba, 8, read_done, s, 0) != 0) {
		s->outstanding = false;
	}
}

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)opts;
	printf("attached %s\n", trid->traddr);
	g_ctrlr = ctrlr;
	g_ns = spdk_nvme_ctrlr_get_ns(ctrlr, spdk_nvme_ctrlr_get_first_active_ns(ctrlr));
	g_qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
}

static void
remove_cb(void *ctx, struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctx;
	if (ctrlr == g_ctrlr) {
		g_removed = true;
		status("removed");
	}
}

static unsigned int
outstanding(void)
{
	unsigned int n = 0;

	for (int i = 0; i < QD; i++) {
		n += g_slots[i].outstanding;
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	double end, next_probe = 0;
	bool running = false, drained = false;

	if (argc != 3) {
		fprintf(stderr, "usage: %s STATUS_FILE SECONDS\n", argv[0]);
		return 2;
	}
	g_status = argv[1];
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "nvme_hotplug";
	if (spdk_env_init(&opts) != 0) {
		return 1;
	}
	for (int i = 0; i < QD; i++) {
		g_slots[i].buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
					      SPDK_MALLOC_DMA);
	}
	end = now_s() + atof(argv[2]);
	while (now_s() < end) {
		/* SPDK's hotplug loop: probe every 100 ms reports removals and new devices. */
		if (now_s() >= next_probe) {
			next_probe = now_s() + 0.1;
			spdk_nvme_probe(NULL, NULL, NULL, attach_cb, remove_cb);
		}
		if (g_ctrlr != NULL && g_qpair != NULL && !running && !drained) {
			for (int i = 0; i < QD; i++) {
				submit(&g_slots[i]);
			}
			running = true;
		}
		if (running && g_ok > 1000 && !g_removed) {
			static bool said;

			if (!said) {
				said = true;
				status("running");
			}
		}
		if (g_qpair != NULL) {
			int32_t rc = spdk_nvme_qpair_process_completions(g_qpair, 0);

			if (g_removed && rc == -ENXIO && outstanding() == 0) {
				status("drained %lu %lu %lu", g_aborted, g_double, g_other);
				spdk_nvme_ctrlr_free_io_qpair(g_qpair);
				spdk_nvme_detach(g_ctrlr);
				g_qpair = NULL;
				g_ctrlr = NULL;
				running = false;
				drained = true;
				g_ok = 0;
			}
		}
		if (drained && g_ctrlr != NULL && g_qpair != NULL) {
			/* The new device: read it a while, then done. */
			g_removed = false;
			for (int i = 0; i < QD; i++) {
				submit(&g_slots[i]);
			}
			while (g_ok < 2000 && now_s() < end) {
				if (spdk_nvme_qpair_process_completions(g_qpair, 0) < 0) {
					break;
				}
			}
			g_removed = true;	/* no resubmission */
			while (outstanding() > 0 &&
			       spdk_nvme_qpair_process_completions(g_qpair, 0) >= 0) {
			}
			status("reattached %lu", g_ok);
			spdk_nvme_ctrlr_free_io_qpair(g_qpair);
			spdk_nvme_detach(g_ctrlr);
			break;
		}
	}
	for (int i = 0; i < QD; i++) {
		spdk_free(g_slots[i].buf);
	}
	spdk_env_fini();
	return drained && g_double == 0 && g_ok >= 2000 ? 0 : 1;
}
