/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The slow half of the histogram: merging and reading it after a run.
 */
#include <math.h>
#include <string.h>

#include "perf_histogram.h"

void
perf_histogram_init(struct perf_histogram *h)
{
	memset(h, 0, sizeof(*h));
}

void
perf_histogram_merge(struct perf_histogram *dst, const struct perf_histogram *src)
{
	for (uint32_t i = 0; i < PERF_HIST_BUCKETS; i++) {
		dst->bucket[i] += src->bucket[i];
	}
}

uint64_t
perf_histogram_count(const struct perf_histogram *h)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < PERF_HIST_BUCKETS; i++) {
		n += h->bucket[i];
	}
	return n;
}

/* Inverse of perf_histogram_index(): idx = (r << (B-1)) + q, q in [2^(B-1), 2^B) for r > 0. */
static void
bucket_shape(uint32_t idx, uint32_t *r, uint64_t *q)
{
	uint32_t hi = idx >> (PERF_HIST_SUB_BITS - 1);

	*r = hi > 0 ? hi - 1 : 0;
	*q = idx - ((uint64_t)*r << (PERF_HIST_SUB_BITS - 1));
}

uint64_t
perf_histogram_bucket_low(uint32_t idx)
{
	uint32_t r;
	uint64_t q;

	bucket_shape(idx, &r, &q);
	return q << r;
}

uint64_t
perf_histogram_bucket_high(uint32_t idx)
{
	uint32_t r;
	uint64_t q;

	bucket_shape(idx, &r, &q);
	/* Written so that the last bucket ends at UINT64_MAX without overflow. */
	return (q << r) + ((UINT64_C(1) << r) - 1);
}

bool
perf_histogram_percentile_bucket(const struct perf_histogram *h, double percent, uint32_t *idx)
{
	uint64_t n = perf_histogram_count(h), ppm, rank, seen = 0;

	if (n == 0 || !(percent > 0.0) || percent > 100.0) {
		return false;
	}
	/* Parts per million, rounded, so that 99.9 means 999000 exactly. */
	ppm = (uint64_t)llround(percent * 10000.0);
	if (ppm == 0) {
		ppm = 1;
	}
	rank = (uint64_t)(((unsigned __int128)n * ppm + 999999u) / 1000000u);
	if (rank == 0) {
		rank = 1;
	}
	for (uint32_t i = 0; i < PERF_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			*idx = i;
			return true;
		}
	}
	return false;	/* not reached: seen ends at n >= rank */
}

uint64_t
perf_histogram_percentile(const struct perf_histogram *h, double percent)
{
	uint32_t idx;

	if (!perf_histogram_percentile_bucket(h, percent, &idx)) {
		return 0;
	}
	return perf_histogram_bucket_high(idx);
}

uint32_t
perf_histogram_next(const struct perf_histogram *h, uint32_t from)
{
	for (uint32_t i = from; i < PERF_HIST_BUCKETS; i++) {
		if (h->bucket[i] != 0) {
			return i;
		}
	}
	return PERF_HIST_BUCKETS;
}
