/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A fixed-size latency histogram over 64-bit tick counts, cheap enough to
 * update once per I/O: no allocation, no division, a count-leading-zeros,
 * a shift, an add and an increment.
 *
 * Buckets are log-linear.  Values below 2^PERF_HIST_SUB_BITS each have their
 * own bucket.  Above, every power-of-two range [2^k, 2^(k+1)) is cut into
 * 2^(PERF_HIST_SUB_BITS-1) equal buckets, so a bucket is never wider than
 * 1/2^(PERF_HIST_SUB_BITS-1) of its lower bound: with 8 bits, percentiles are
 * exact to within 0.8 %, whatever the tick rate.  The whole 64-bit range is
 * covered, so no value is ever clamped.
 */
#ifndef PERF_HISTOGRAM_H
#define PERF_HISTOGRAM_H

#include <stdbool.h>
#include <stdint.h>

#define PERF_HIST_SUB_BITS	8
#define PERF_HIST_HALF		(1u << (PERF_HIST_SUB_BITS - 1))
/* (64 - B) ranges of 2^(B-1) buckets above the 2^B exact ones. */
#define PERF_HIST_BUCKETS	(((64u - PERF_HIST_SUB_BITS) << (PERF_HIST_SUB_BITS - 1)) + \
				 (1u << PERF_HIST_SUB_BITS))

struct perf_histogram {
	uint64_t	bucket[PERF_HIST_BUCKETS];
};

/* Bucket of value v: with r = max(0, msb(v) + 1 - B), (r << (B-1)) + (v >> r). */
static inline uint32_t
perf_histogram_index(uint64_t v)
{
	uint32_t msb = 63u - (uint32_t)__builtin_clzll(v | 1u);
	uint32_t r = msb >= PERF_HIST_SUB_BITS ? msb + 1u - PERF_HIST_SUB_BITS : 0u;

	return (r << (PERF_HIST_SUB_BITS - 1)) + (uint32_t)(v >> r);
}

static inline void
perf_histogram_add(struct perf_histogram *h, uint64_t v)
{
	h->bucket[perf_histogram_index(v)]++;
}

/* Zero every bucket. */
void perf_histogram_init(struct perf_histogram *h);
/* dst += src, bucket by bucket. */
void perf_histogram_merge(struct perf_histogram *dst, const struct perf_histogram *src);
/* Number of values added. */
uint64_t perf_histogram_count(const struct perf_histogram *h);
/* The smallest and the largest value bucket idx holds. */
uint64_t perf_histogram_bucket_low(uint32_t idx);
uint64_t perf_histogram_bucket_high(uint32_t idx);

/*
 * The bucket holding the value of rank ceil(count * percent / 100) (the
 * nearest-rank percentile), percent in (0, 100], resolved to a millionth.
 * Returns false when the histogram is empty or percent out of range.
 * perf_histogram_percentile() returns that bucket's upper bound (0 if none).
 */
bool perf_histogram_percentile_bucket(const struct perf_histogram *h, double percent,
				      uint32_t *idx);
uint64_t perf_histogram_percentile(const struct perf_histogram *h, double percent);

/*
 * Iterate over non-empty buckets: returns the first non-empty bucket index
 * greater than or equal to from, or PERF_HIST_BUCKETS if there is none.
 */
uint32_t perf_histogram_next(const struct perf_histogram *h, uint32_t from);

#endif /* PERF_HISTOGRAM_H */
