/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A log-linear histogram of 64-bit values (typically latencies in TSC
 * ticks), entirely inline as in SPDK.
 *
 * Values are grouped in ranges; every range has 2^granularity buckets.
 * Range 0 holds 0 .. 2^g - 1, one value per bucket.  Range r >= 1 holds
 * 2^(g+r-1) .. 2^(g+r) - 1, so its buckets are 2^(r-1) values wide: the
 * relative width of a bucket stays below 2^-g at any magnitude.  With the
 * default g = 7: range 1 is 128..255 (width 1), range 2 is 256..511
 * (width 2), ..., range 57 ends at 2^64 - 1.
 *
 * A histogram may keep only ranges min_range..max_range (see
 * spdk_histogram_data_alloc_sized_ext()); values below go to the first
 * bucket kept, values above to the last.
 */
#ifndef SPDK_HISTOGRAM_DATA_H
#define SPDK_HISTOGRAM_DATA_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPDK_HISTOGRAM_GRANULARITY_DEFAULT	7
#define SPDK_HISTOGRAM_GRANULARITY(h)		((h)->granularity)
/* Values with a leading-zero count at most this are past range 0. */
#define SPDK_HISTOGRAM_BUCKET_LSB(h)		(64 - SPDK_HISTOGRAM_GRANULARITY(h))
#define SPDK_HISTOGRAM_NUM_BUCKETS_PER_RANGE(h)	(1ULL << SPDK_HISTOGRAM_GRANULARITY(h))
#define SPDK_HISTOGRAM_BUCKET_MASK(h)		(SPDK_HISTOGRAM_NUM_BUCKETS_PER_RANGE(h) - 1)
#define SPDK_HISTOGRAM_NUM_BUCKET_RANGES(h)	((h)->max_range - (h)->min_range + 1)
#define SPDK_HISTOGRAM_NUM_BUCKETS(h) \
	(SPDK_HISTOGRAM_NUM_BUCKETS_PER_RANGE(h) * SPDK_HISTOGRAM_NUM_BUCKET_RANGES(h))

struct spdk_histogram_data {
	uint32_t	granularity;
	uint32_t	min_range;
	uint32_t	max_range;
	/* NUM_BUCKETS counters, range after range from min_range. */
	uint64_t	*bucket;
};

/* Range that 'value' falls in (ignoring min/max_range). */
static inline uint32_t
spdk_histogram_data_range_(const struct spdk_histogram_data *h, uint64_t value)
{
	uint32_t top_bit;

	if (value >> h->granularity == 0) {
		return 0;
	}
	top_bit = 63u - (uint32_t)__builtin_clzll(value);
	return top_bit - h->granularity + 1;
}

/* Bucket of 'value' inside 'range'. */
static inline uint32_t
spdk_histogram_data_index_(const struct spdk_histogram_data *h, uint64_t value, uint32_t range)
{
	uint32_t width_log2 = range > 0 ? range - 1 : 0;

	return (uint32_t)((value >> width_log2) & SPDK_HISTOGRAM_BUCKET_MASK(h));
}

static inline uint64_t *
spdk_histogram_data_counter_(const struct spdk_histogram_data *h, uint32_t range, uint32_t index)
{
	return &h->bucket[((uint64_t)(range - h->min_range) << h->granularity) + index];
}

/* First value past bucket (range, index); wraps to 0 past 2^64 - 1. */
static inline uint64_t
spdk_histogram_data_bucket_end_(const struct spdk_histogram_data *h, uint32_t range,
				uint32_t index)
{
	uint64_t next = (uint64_t)index + 1;

	if (range == 0) {
		return next;
	}
	return (1ULL << (h->granularity + range - 1)) + (next << (range - 1));
}

/* Zero every bucket. */
static inline void
spdk_histogram_data_reset(struct spdk_histogram_data *histogram)
{
	memset(histogram->bucket, 0, SPDK_HISTOGRAM_NUM_BUCKETS(histogram) * sizeof(uint64_t));
}

/* Count one value. */
static inline void
spdk_histogram_data_tally(struct spdk_histogram_data *histogram, uint64_t datapoint)
{
	uint32_t range = spdk_histogram_data_range_(histogram, datapoint);
	uint32_t index;

	if (range < histogram->min_range) {
		range = histogram->min_range;
		index = 0;
	} else if (range > histogram->max_range) {
		range = histogram->max_range;
		index = (uint32_t)SPDK_HISTOGRAM_BUCKET_MASK(histogram);
	} else {
		index = spdk_histogram_data_index_(histogram, datapoint, range);
	}
	(*spdk_histogram_data_counter_(histogram, range, index))++;
}

/*
 * Called once per bucket, in increasing order: the bucket covers
 * start..end-1 (start is the previous bucket's end, 0 for the first), holds
 * 'count' values; 'total' is the count of all buckets and 'so_far' the count
 * of this bucket and all before it.
 */
typedef void (*spdk_histogram_data_fn)(void *ctx, uint64_t start, uint64_t end, uint64_t count,
				       uint64_t total, uint64_t so_far);

static inline void
spdk_histogram_data_iterate(const struct spdk_histogram_data *histogram,
			    spdk_histogram_data_fn fn, void *ctx)
{
	uint64_t per_range = SPDK_HISTOGRAM_NUM_BUCKETS_PER_RANGE(histogram);
	uint64_t total = 0, so_far = 0, start = 0;

	for (uint64_t i = 0; i < SPDK_HISTOGRAM_NUM_BUCKETS(histogram); i++) {
		total += histogram->bucket[i];
	}
	for (uint32_t r = histogram->min_range; r <= histogram->max_range; r++) {
		for (uint64_t i = 0; i < per_range; i++) {
			uint64_t count = *spdk_histogram_data_counter_(histogram, r, (uint32_t)i);
			uint64_t end = spdk_histogram_data_bucket_end_(histogram, r, (uint32_t)i);

			so_far += count;
			fn(ctx, start, end, count, total, so_far);
			start = end;
		}
	}
}

/*
 * Add src's counts into dst.  0, or -EINVAL when the two differ in
 * granularity or ranges (their buckets would not line up).
 */
static inline int
spdk_histogram_data_merge(const struct spdk_histogram_data *dst,
			  const struct spdk_histogram_data *src)
{
	if (dst->granularity != src->granularity ||
	    dst->min_range != src->min_range || dst->max_range != src->max_range) {
		return -EINVAL;
	}
	for (uint64_t i = 0; i < SPDK_HISTOGRAM_NUM_BUCKETS(dst); i++) {
		dst->bucket[i] += src->bucket[i];
	}
	return 0;
}

/*
 * A zeroed histogram for values min_val (inclusive) to max_val (exclusive),
 * with 2^granularity buckets per range.  NULL when min_val >= max_val, the
 * granularity is above 63, or out of memory.  Free with
 * spdk_histogram_data_free().
 */
static inline struct spdk_histogram_data *
spdk_histogram_data_alloc_sized_ext(uint32_t granularity, uint64_t min_val, uint64_t max_val)
{
	struct spdk_histogram_data *h;

	if (min_val >= max_val || granularity > 63) {
		return NULL;
	}
	h = (struct spdk_histogram_data *)calloc(1, sizeof(*h));
	if (h == NULL) {
		return NULL;
	}
	h->granularity = granularity;
	h->min_range = spdk_histogram_data_range_(h, min_val);
	h->max_range = spdk_histogram_data_range_(h, max_val - 1);
	h->bucket = (uint64_t *)calloc(SPDK_HISTOGRAM_NUM_BUCKETS(h), sizeof(uint64_t));
	if (h->bucket == NULL) {
		free(h);
		return NULL;
	}
	return h;
}

/* Every 64-bit value, 2^granularity buckets per range. */
static inline struct spdk_histogram_data *
spdk_histogram_data_alloc_sized(uint32_t granularity)
{
	return spdk_histogram_data_alloc_sized_ext(granularity, 0, UINT64_MAX);
}

static inline struct spdk_histogram_data *
spdk_histogram_data_alloc(void)
{
	return spdk_histogram_data_alloc_sized(SPDK_HISTOGRAM_GRANULARITY_DEFAULT);
}

static inline void
spdk_histogram_data_free(struct spdk_histogram_data *h)
{
	if (h != NULL) {
		free(h->bucket);
		free(h);
	}
}

/*
 * Cumulative counts at chosen borders.  borders[] (ascending) are upper
 * bounds; after spdk_histogram_get_borders_count(), border_count[k] is the
 * number of values in buckets that start at or below borders[k] (so a
 * bucket straddling a border counts toward it), and the extra last element
 * border_count[num_borders] is the total.
 */
struct spdk_histogram_borders {
	uint64_t	*borders;
	size_t		index;
	size_t		num_borders_count;
	uint64_t	border_count[];
};

static inline void
spdk_histogram_borders_cb_(void *arg, uint64_t start, uint64_t end, uint64_t count,
			   uint64_t total, uint64_t so_far)
{
	struct spdk_histogram_borders *ctx = (struct spdk_histogram_borders *)arg;

	(void)end;
	(void)count;
	(void)total;
	/* Move to the first border at or above this bucket's start; borders
	 * passed over with no bucket of their own keep the count so far. */
	while (ctx->index + 1 < ctx->num_borders_count && start > ctx->borders[ctx->index]) {
		ctx->border_count[ctx->index + 1] = ctx->border_count[ctx->index];
		ctx->index++;
	}
	ctx->border_count[ctx->index] = so_far;
}

static inline void
spdk_histogram_get_borders_count(struct spdk_histogram_data *h,
				 struct spdk_histogram_borders *ctx)
{
	spdk_histogram_data_iterate(h, spdk_histogram_borders_cb_, ctx);
}

/*
 * A context for num_borders borders (the array is referenced, not copied).
 * NULL for num_borders 0 or out of memory.
 */
static inline struct spdk_histogram_borders *
spdk_histogram_get_borders_count_alloc_ctx(uint64_t *borders, size_t num_borders)
{
	struct spdk_histogram_borders *ctx;

	if (num_borders == 0) {
		return NULL;
	}
	ctx = (struct spdk_histogram_borders *)calloc(1, sizeof(*ctx) +
			(num_borders + 1) * sizeof(uint64_t));
	if (ctx == NULL) {
		return NULL;
	}
	ctx->borders = borders;
	ctx->num_borders_count = num_borders + 1;
	return ctx;
}

static inline void
spdk_histogram_get_borders_count_free_ctx(struct spdk_histogram_borders *ctx)
{
	free(ctx);
}

#ifdef __cplusplus
}
#endif

#endif /* SPDK_HISTOGRAM_DATA_H */
