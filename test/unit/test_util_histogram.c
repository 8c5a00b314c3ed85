/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for spdk/histogram_data.h: which bucket a value lands in, the
 * bucket borders the iterate callback reports, clamping to a restricted
 * value window, merging and the border counts.
 */
#include "spdk/stdinc.h"
#include "spdk/histogram_data.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

struct seen {
	uint64_t buckets;
	uint64_t last_end;
	bool contiguous;
	uint64_t total;
	uint64_t so_far;
	/* The bucket holding 'probe', as reported. */
	uint64_t probe;
	uint64_t probe_start, probe_end, probe_count;
};

static void
collect(void *ctx, uint64_t start, uint64_t end, uint64_t count, uint64_t total, uint64_t so_far)
{
	struct seen *s = ctx;

	if (start != s->last_end) {
		s->contiguous = false;
	}
	s->last_end = end;
	s->buckets++;
	s->total = total;
	s->so_far = so_far;
	if (s->probe >= start && (s->probe < end || end == 0)) {
		s->probe_start = start;
		s->probe_end = end;
		s->probe_count = count;
	}
}

/* Borders and count of the bucket that holds 'value'. */
static struct seen
find_bucket(const struct spdk_histogram_data *h, uint64_t value)
{
	struct seen s = { .contiguous = true, .probe = value };

	spdk_histogram_data_iterate(h, collect, &s);
	return s;
}

static void
test_layout(void)
{
	struct spdk_histogram_data *h = spdk_histogram_data_alloc();
	struct seen s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL(h->granularity, SPDK_HISTOGRAM_GRANULARITY_DEFAULT);
	CU_ASSERT_EQUAL(h->min_range, 0);
	CU_ASSERT_EQUAL(h->max_range, 57);	/* 2^63..2^64-1 is range 57 with g = 7 */
	CU_ASSERT_EQUAL(SPDK_HISTOGRAM_NUM_BUCKETS_PER_RANGE(h), 128);
	CU_ASSERT_EQUAL(SPDK_HISTOGRAM_NUM_BUCKETS(h), 58 * 128);

	s = find_bucket(h, 0);
	CU_ASSERT_EQUAL(s.buckets, 58 * 128);
	CU_ASSERT_TRUE(s.contiguous);
	CU_ASSERT_EQUAL(s.last_end, 0);		/* the last bucket ends at 2^64, i.e. wraps */
	/* Values below 256 have a bucket each. */
	CU_ASSERT(s.probe_start == 0 && s.probe_end == 1);
	s = find_bucket(h, 200);
	CU_ASSERT(s.probe_start == 200 && s.probe_end == 201);
	/* 256..511: two values per bucket; 1024..2047: eight. */
	s = find_bucket(h, 301);
	CU_ASSERT(s.probe_start == 300 && s.probe_end == 302);
	s = find_bucket(h, 1500);
	CU_ASSERT(s.probe_start == 1496 && s.probe_end == 1504);
	/* The relative bucket width stays at 1/128 for large values. */
	s = find_bucket(h, 1000000);
	CU_ASSERT_EQUAL(s.probe_end - s.probe_start, 1ULL << (19 - 7));
	spdk_histogram_data_free(h);
}

static void
test_tally(void)
{
	struct spdk_histogram_data *h = spdk_histogram_data_alloc();
	static const uint64_t values[] = { 0, 1, 127, 128, 255, 256, 257, 1500, 1503, 1504,
					   1ULL << 40, UINT64_MAX };
	struct seen s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		spdk_histogram_data_tally(h, values[i]);
	}
	s = find_bucket(h, 256);
	CU_ASSERT_EQUAL(s.probe_count, 2);	/* 256 and 257 share a bucket */
	CU_ASSERT_EQUAL(s.total, 12);
	CU_ASSERT_EQUAL(s.so_far, 12);
	s = find_bucket(h, 1500);
	CU_ASSERT_EQUAL(s.probe_count, 2);	/* 1500 and 1503 */
	s = find_bucket(h, 1504);
	CU_ASSERT_EQUAL(s.probe_count, 1);
	s = find_bucket(h, 127);
	CU_ASSERT_EQUAL(s.probe_count, 1);
	s = find_bucket(h, UINT64_MAX);
	CU_ASSERT_EQUAL(s.probe_count, 1);

	spdk_histogram_data_reset(h);
	s = find_bucket(h, 256);
	CU_ASSERT_EQUAL(s.total, 0);
	spdk_histogram_data_free(h);
	spdk_histogram_data_free(NULL);
}

static void
test_window_and_merge(void)
{
	/* Keep 1000..99999 only: ranges 3 (512..1023) to 10 (65536..131071). */
	struct spdk_histogram_data *h = spdk_histogram_data_alloc_sized_ext(7, 1000, 100000);
	struct spdk_histogram_data *g = spdk_histogram_data_alloc_sized_ext(7, 1000, 100000);
	struct spdk_histogram_data *other = spdk_histogram_data_alloc_sized(6);
	struct seen s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	CU_ASSERT_EQUAL(h->min_range, 3);
	CU_ASSERT_EQUAL(h->max_range, 10);
	CU_ASSERT_EQUAL(SPDK_HISTOGRAM_NUM_BUCKETS(h), 8 * 128);

	spdk_histogram_data_tally(h, 5);		/* below: first bucket of range 3 */
	spdk_histogram_data_tally(h, 1ULL << 50);	/* above: last bucket of range 10 */
	spdk_histogram_data_tally(h, 600);
	CU_ASSERT_EQUAL(h->bucket[0], 1);
	CU_ASSERT_EQUAL(h->bucket[8 * 128 - 1], 1);
	s = find_bucket(h, 600);
	CU_ASSERT_EQUAL(s.probe_count, 1);
	CU_ASSERT_EQUAL(s.buckets, 8 * 128);

	spdk_histogram_data_tally(g, 600);
	CU_ASSERT_EQUAL(spdk_histogram_data_merge(h, g), 0);
	s = find_bucket(h, 600);
	CU_ASSERT_EQUAL(s.probe_count, 2);
	CU_ASSERT_EQUAL(s.total, 4);
	CU_ASSERT_EQUAL(spdk_histogram_data_merge(h, other), -EINVAL);
	spdk_histogram_data_free(g);
	g = spdk_histogram_data_alloc_sized_ext(7, 1000, 1000000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_EQUAL(spdk_histogram_data_merge(h, g), -EINVAL);

	CU_ASSERT_PTR_NULL(spdk_histogram_data_alloc_sized_ext(7, 10, 10));
	CU_ASSERT_PTR_NULL(spdk_histogram_data_alloc_sized_ext(64, 0, 10));
	spdk_histogram_data_free(h);
	spdk_histogram_data_free(g);
	spdk_histogram_data_free(other);
}

static void
test_borders(void)
{
	struct spdk_histogram_data *h = spdk_histogram_data_alloc();
	uint64_t borders[] = { 10, 100, 1000 };
	struct spdk_histogram_borders *ctx;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (uint64_t v = 0; v < 2000; v++) {
		spdk_histogram_data_tally(h, v);
	}
	ctx = spdk_histogram_get_borders_count_alloc_ctx(borders, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ctx);
	spdk_histogram_get_borders_count(h, ctx);
	/* A bucket counts toward the first border at or above its start. */
	CU_ASSERT_EQUAL(ctx->border_count[0], 11);	/* 0..10 */
	CU_ASSERT_EQUAL(ctx->border_count[1], 101);	/* 0..100 */
	CU_ASSERT_EQUAL(ctx->border_count[2], 1004);	/* through bucket 1000..1003 */
	CU_ASSERT_EQUAL(ctx->border_count[3], 2000);	/* everything */
	spdk_histogram_get_borders_count_free_ctx(ctx);
	CU_ASSERT_PTR_NULL(spdk_histogram_get_borders_count_alloc_ctx(borders, 0));
	spdk_histogram_data_free(h);
}

static const struct cu_test g_tests[] = {
	{ "bucket layout", test_layout },
	{ "tally and reset", test_tally },
	{ "value window and merge", test_window_and_merge },
	{ "border counts", test_borders },
};

int
main(void)
{
	return cu_main("util_histogram", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
