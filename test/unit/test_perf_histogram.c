/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The perf tool's latency histogram (examples/perf/perf_histogram.[ch]):
 * bucket bounds cover every 64-bit value exactly once with the promised
 * relative width, percentiles land in the bucket of the brute-force
 * nearest-rank value of sorted random samples, and nothing allocates after
 * init (malloc & co. are wrapped with ld --wrap for this binary).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "perf_histogram.h"

/* ---- allocation counters (-Wl,--wrap=malloc,...) ------------------------- */

static unsigned long g_allocs;
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);

void *
__wrap_malloc(size_t size)
{
	g_allocs++;
	return __real_malloc(size);
}

void *
__wrap_calloc(size_t n, size_t size)
{
	g_allocs++;
	return __real_calloc(n, size);
}

void *
__wrap_realloc(void *p, size_t size)
{
	g_allocs++;
	return __real_realloc(p, size);
}

/* ---- helpers --------------------------------------------------------------- */

static uint64_t g_rng = 0x1234567887654321ull;

static uint64_t
rnd(void)
{
	g_rng ^= g_rng >> 12;
	g_rng ^= g_rng << 25;
	g_rng ^= g_rng >> 27;
	return g_rng * 0x2545F4914F6CDD1Dull;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct perf_histogram *
new_hist(void)
{
	struct perf_histogram *h = malloc(sizeof(*h));

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	perf_histogram_init(h);
	return h;
}

/* ---- bucket math ----------------------------------------------------------- */

static void
test_small_values_exact(void)
{
	/* Below 2^SUB_BITS every value has a bucket of its own. */
	for (uint64_t v = 0; v < (1u << PERF_HIST_SUB_BITS); v++) {
		uint32_t idx = perf_histogram_index(v);

		CU_ASSERT_EQUAL(idx, v);
		CU_ASSERT_EQUAL(perf_histogram_bucket_low(idx), v);
		CU_ASSERT_EQUAL(perf_histogram_bucket_high(idx), v);
	}
}

static void
test_index_monotonic_and_bounded(void)
{
	uint32_t prev = 0;
	int bad = 0;

	for (uint64_t v = 0; v < (1u << 20); v++) {
		uint32_t idx = perf_histogram_index(v);

		if (idx < prev || idx >= PERF_HIST_BUCKETS ||
		    perf_histogram_bucket_low(idx) > v || perf_histogram_bucket_high(idx) < v) {
			bad++;
		}
		prev = idx;
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_buckets_tile_the_range(void)
{
	int gaps = 0, too_wide = 0;

	CU_ASSERT_EQUAL(perf_histogram_bucket_low(0), 0);
	for (uint32_t i = 0; i + 1 < PERF_HIST_BUCKETS; i++) {
		uint64_t lo = perf_histogram_bucket_low(i), hi = perf_histogram_bucket_high(i);

		if (hi + 1 != perf_histogram_bucket_low(i + 1) || hi < lo) {
			gaps++;
		}
		/* Width at most lo / 2^(B-1), or 1 for the exact buckets. */
		if (hi - lo + 1 > 1 && hi - lo + 1 > lo >> (PERF_HIST_SUB_BITS - 1)) {
			too_wide++;
		}
		if (perf_histogram_index(lo) != i || perf_histogram_index(hi) != i) {
			gaps++;
		}
	}
	CU_ASSERT_EQUAL(gaps, 0);
	CU_ASSERT_EQUAL(too_wide, 0);
	CU_ASSERT_EQUAL(perf_histogram_index(UINT64_MAX), PERF_HIST_BUCKETS - 1);
	CU_ASSERT_EQUAL(perf_histogram_bucket_high(PERF_HIST_BUCKETS - 1), UINT64_MAX);
}

static void
test_random_values_in_their_bucket(void)
{
	int bad = 0;

	for (int i = 0; i < 1000000; i++) {
		uint64_t r = rnd();
		uint64_t v = r >> (r & 63);	/* every magnitude */
		uint32_t idx = perf_histogram_index(v);

		if (idx >= PERF_HIST_BUCKETS || perf_histogram_bucket_low(idx) > v ||
		    perf_histogram_bucket_high(idx) < v) {
			bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void
test_fixed_size_no_pointers(void)
{
	/* The histogram is its buckets: nothing to allocate or follow. */
	CU_ASSERT_EQUAL(sizeof(struct perf_histogram), PERF_HIST_BUCKETS * sizeof(uint64_t));
	CU_ASSERT(PERF_HIST_BUCKETS < 8192);
}

/* ---- percentiles ----------------------------------------------------------- */

enum dist { DIST_UNIFORM_SMALL, DIST_LOG_WIDE, DIST_LATENCY_LIKE, DIST_CONSTANT, DIST_TWO_POINTS };

static uint64_t
sample(enum dist d)
{
	uint64_t r = rnd();

	switch (d) {
	case DIST_UNIFORM_SMALL:
		return r % 300;
	case DIST_LOG_WIDE:
		return r >> (r % 40 + 24);	/* 0 .. 2^40, log-spread */
	case DIST_LATENCY_LIKE:
		/* ~30000 ticks with a long tail: a few far outliers. */
		return 25000 + r % 10000 + ((r >> 40) % 1000 == 0 ? (r >> 44) : 0);
	case DIST_CONSTANT:
		return 123456789;
	case DIST_TWO_POINTS:
		return (r & 1) ? 1000 : 1000000;
	}
	return 0;
}

static void
check_percentiles(enum dist d, uint64_t n)
{
	static const double pcts[] = { 0.0001, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 99.999, 100 };
	uint64_t *vals = malloc(n * sizeof(*vals));
	struct perf_histogram *h = new_hist();
	int bad_bucket = 0, bad_value = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(vals);
	for (uint64_t i = 0; i < n; i++) {
		vals[i] = sample(d);
		perf_histogram_add(h, vals[i]);
	}
	CU_ASSERT_EQUAL(perf_histogram_count(h), n);
	qsort(vals, n, sizeof(*vals), cmp_u64);
	for (size_t p = 0; p < sizeof(pcts) / sizeof(pcts[0]); p++) {
		uint64_t ppm = (uint64_t)llround(pcts[p] * 10000.0);
		uint64_t rank = (n * ppm + 999999) / 1000000;	/* ceil, nearest rank */
		uint64_t truth, got;
		uint32_t idx;

		if (rank == 0) {
			rank = 1;
		}
		truth = vals[rank - 1];
		CU_ASSERT_FATAL(perf_histogram_percentile_bucket(h, pcts[p], &idx));
		if (idx != perf_histogram_index(truth)) {
			bad_bucket++;
			fprintf(stderr, "dist %d p%g: bucket %u, brute force value %llu is in %u\n",
				d, pcts[p], idx, (unsigned long long)truth, perf_histogram_index(truth));
		}
		got = perf_histogram_percentile(h, pcts[p]);
		/* The reported value: not below the truth, at most 1/2^(B-1) above it. */
		if (got < truth || got - truth > (truth >> (PERF_HIST_SUB_BITS - 1))) {
			bad_value++;
		}
	}
	CU_ASSERT_EQUAL(bad_bucket, 0);
	CU_ASSERT_EQUAL(bad_value, 0);
	free(vals);
	free(h);
}

static void
test_percentiles_vs_sort(void)
{
	check_percentiles(DIST_UNIFORM_SMALL, 100000);
	check_percentiles(DIST_LOG_WIDE, 200000);
	check_percentiles(DIST_LATENCY_LIKE, 300000);
	check_percentiles(DIST_CONSTANT, 1000);
	check_percentiles(DIST_TWO_POINTS, 10001);
	check_percentiles(DIST_LATENCY_LIKE, 1);
	check_percentiles(DIST_LOG_WIDE, 7);
}

static void
test_percentile_edges(void)
{
	struct perf_histogram *h = new_hist();
	uint32_t idx = 77;

	/* Empty: no percentile. */
	CU_ASSERT_FALSE(perf_histogram_percentile_bucket(h, 50.0, &idx));
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 50.0), 0);
	CU_ASSERT_EQUAL(perf_histogram_count(h), 0);
	CU_ASSERT_EQUAL(perf_histogram_next(h, 0), PERF_HIST_BUCKETS);

	perf_histogram_add(h, 10);
	perf_histogram_add(h, 20);
	CU_ASSERT_FALSE(perf_histogram_percentile_bucket(h, 0.0, &idx));
	CU_ASSERT_FALSE(perf_histogram_percentile_bucket(h, -1.0, &idx));
	CU_ASSERT_FALSE(perf_histogram_percentile_bucket(h, 100.5, &idx));
	CU_ASSERT_FALSE(perf_histogram_percentile_bucket(h, NAN, &idx));
	/* Two values: p50 is the first (rank 1), anything above is the second. */
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 50.0), 10);
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 50.1), 20);
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 100.0), 20);
	/* 99.9 resolved exactly: 1000 values 1..1000 -> rank 999. */
	perf_histogram_init(h);
	for (uint64_t v = 1; v <= 1000; v++) {
		perf_histogram_add(h, v);
	}
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 99.9), 999);
	CU_ASSERT_EQUAL(perf_histogram_percentile(h, 10.0), 100);
	free(h);
}

static void
test_merge_and_iterate(void)
{
	struct perf_histogram *a = new_hist(), *b = new_hist(), *all = new_hist();
	uint64_t sum = 0, n = 0;

	for (int i = 0; i < 50000; i++) {
		uint64_t v = sample(DIST_LOG_WIDE);

		perf_histogram_add(i % 3 ? a : b, v);
		perf_histogram_add(all, v);
	}
	perf_histogram_merge(a, b);
	CU_ASSERT_EQUAL(memcmp(a, all, sizeof(*a)), 0);
	for (uint32_t i = perf_histogram_next(all, 0); i < PERF_HIST_BUCKETS;
	     i = perf_histogram_next(all, i + 1)) {
		CU_ASSERT_NOT_EQUAL(all->bucket[i], 0);
		sum += all->bucket[i];
		n++;
	}
	CU_ASSERT_EQUAL(sum, 50000);
	CU_ASSERT(n > 100);
	free(a);
	free(b);
	free(all);
}

static void
test_no_allocation_after_init(void)
{
	struct perf_histogram *h, *other;
	unsigned long before;
	uint64_t acc = 0;
	uint32_t idx;

	before = g_allocs;
	h = new_hist();
	other = new_hist();
	/* The wrapper sees the allocations of this file: proof it is live. */
	CU_ASSERT_EQUAL(g_allocs, before + 2);

	before = g_allocs;
	for (int i = 0; i < 1000000; i++) {
		perf_histogram_add(h, sample(DIST_LATENCY_LIKE));
	}
	perf_histogram_merge(other, h);
	acc += perf_histogram_count(other);
	acc += perf_histogram_percentile(h, 99.99);
	CU_ASSERT(perf_histogram_percentile_bucket(h, 50.0, &idx));
	acc += perf_histogram_next(h, 0);
	perf_histogram_init(h);
	CU_ASSERT_EQUAL(g_allocs, before);
	CU_ASSERT(acc > 1000000);
	free(h);
	free(other);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("perf_histogram", NULL, NULL);
	CU_add_test(suite, "values below 2^B have exact buckets", test_small_values_exact);
	CU_add_test(suite, "index is monotonic, value within its bucket", test_index_monotonic_and_bounded);
	CU_add_test(suite, "buckets tile 0..UINT64_MAX, width <= 1/2^(B-1)", test_buckets_tile_the_range);
	CU_add_test(suite, "random 64-bit values fall in their bucket", test_random_values_in_their_bucket);
	CU_add_test(suite, "fixed size, no pointers", test_fixed_size_no_pointers);
	CU_add_test(suite, "percentiles match a brute-force sort", test_percentiles_vs_sort);
	CU_add_test(suite, "percentile edge cases", test_percentile_edges);
	CU_add_test(suite, "merge and iteration", test_merge_and_iterate);
	CU_add_test(suite, "no allocation after init", test_no_allocation_after_init);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
