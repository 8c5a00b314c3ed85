/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * General helpers of SPDK's util.h: size/offset macros, integer log2 and
 * power-of-two rounding, iovec copying and iteration, serial-number
 * comparison.  The out-of-line functions live in lib/util/ (math.c, iov.c).
 */
#ifndef SPDK_UTIL_H
#define SPDK_UTIL_H

#include "spdk/stdinc.h"
#include "spdk/fd.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPDK_CACHE_LINE_SIZE	64

/* Both evaluate their arguments twice, as SPDK's do. */
#define spdk_min(a, b)	(((a) < (b)) ? (a) : (b))
#define spdk_max(a, b)	(((a) > (b)) ? (a) : (b))

/* Number of elements of an array (not of a pointer). */
#define SPDK_COUNTOF(arr)	(sizeof(arr) / sizeof((arr)[0]))

/* The structure of type 'type' whose member 'member' is at 'ptr'. */
#define SPDK_CONTAINEROF(ptr, type, member) \
	((type *)((uintptr_t)(ptr) - offsetof(type, member)))

/* Bytes of *ptr up to and including 'member'. */
#define SPDK_SIZEOF(ptr, member) \
	(offsetof(__typeof__(*(ptr)), member) + sizeof((ptr)->member))

/* sizeof / element count of a member, without an object at hand. */
#define SPDK_SIZEOF_MEMBER(type, member)	(sizeof(((type *)0)->member))
#define SPDK_COUNTOF_MEMBER(type, member)	(SPDK_COUNTOF(((type *)0)->member))

#define SPDK_SEC_TO_MSEC	1000ULL
#define SPDK_SEC_TO_USEC	1000000ULL
#define SPDK_SEC_TO_NSEC	1000000000ULL
#define SPDK_MSEC_TO_USEC	1000ULL

/* Unsigned division rounding up. */
#define SPDK_CEIL_DIV(x, y)	(((x) + (y) - 1) / (y))

/*
 * Round 'val' down / up to a multiple of 'align', a power of two.  The result
 * has the type of 'val'.
 */
#define SPDK_ALIGN_FLOOR(val, align) \
	((__typeof__(val))((val) & ~((__typeof__(val))((align) - 1))))
#define SPDK_ALIGN_CEIL(val, align) \
	SPDK_ALIGN_FLOOR((val) + ((__typeof__(val))(align) - 1), align)

#define SPDK_BIT(n)	(UINT64_C(1) << (n))

/*
 * Option structures carry their caller's idea of their size (a 'size' or
 * 'opts_size' member): a field is present only when the caller's structure
 * reaches past its end.  The optional last argument names the size to use;
 * without it, (obj)->size.
 */
#define SPDK_FIELD_VALID(obj, field, ...) \
	spdk_field_valid_sized_(obj, field, ##__VA_ARGS__, (obj)->size)
#define spdk_field_valid_sized_(obj, field, sz, ...) \
	((sz) >= (offsetof(__typeof__(*(obj)), field) + sizeof((obj)->field)))

/* (obj)->field when the caller's structure has it, else 'defval'. */
#define SPDK_GET_FIELD(obj, field, defval, ...) \
	spdk_get_field_sized_(obj, field, defval, ##__VA_ARGS__, (obj)->size)
#define spdk_get_field_sized_(obj, field, defval, sz, ...) \
	(SPDK_FIELD_VALID(obj, field, sz) ? (obj)->field : (defval))

/* Index of the highest set bit; 0 for 0 (log2 of 0 is undefined). */
uint32_t spdk_u32log2(uint32_t x);
uint64_t spdk_u64log2(uint64_t x);

/* xorshift64: a fast, non-cryptographic generator; *state must not be 0. */
static inline uint64_t
spdk_rand_xorshift64(uint64_t *state)
{
	uint64_t v = *state;

	v ^= v << 13;
	v ^= v >> 7;
	v ^= v << 17;
	*state = v;
	return v;
}

/* A non-zero seed for spdk_rand_xorshift64(), from rand(). */
static inline uint64_t
spdk_rand_xorshift64_seed(void)
{
	uint64_t seed = ((uint64_t)(uint32_t)rand() << 32) | (uint32_t)rand();

	return seed != 0 ? seed : 1;
}

/*
 * The power of two just above x - 1: the next power of two at or above x for
 * x >= 2.  x = 1 gives 2 (as in SPDK); x = 0 is not allowed.
 */
static inline uint32_t
spdk_align32pow2(uint32_t x)
{
	return 1u << (spdk_u32log2(x - 1) + 1);
}

static inline uint64_t
spdk_align64pow2(uint64_t x)
{
	return 1ULL << (spdk_u64log2(x - 1) + 1);
}

/* True for 1, 2, 4, ...; false for 0. */
static inline bool
spdk_u32_is_pow2(uint32_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static inline bool
spdk_u64_is_pow2(uint64_t x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

static inline uint64_t
spdk_divide_round_up(uint64_t num, uint64_t divisor)
{
	return (num + divisor - 1) / divisor;
}

/* num rounded up to a multiple of divisor (any divisor, not only 2^n). */
static inline uint64_t
spdk_round_up(uint64_t num, uint64_t divisor)
{
	return spdk_divide_round_up(num, divisor) * divisor;
}

/* Position in one iovec array, used by struct spdk_ioviter. */
struct spdk_single_ioviter {
	struct iovec	*iov;
	size_t		iovcnt;
	size_t		idx;
	size_t		iov_len;
	uint8_t		*iov_base;
};

/*
 * Walks N iovec arrays in step, yielding the longest run that is contiguous
 * in all of them.  The plain structure holds two iterators; for N > 2
 * allocate SPDK_IOVITER_SIZE(N) bytes.
 */
struct spdk_ioviter {
	uint32_t	count;
	union {
		struct spdk_single_ioviter iters_compat[2];
		struct spdk_single_ioviter iters[0];
	};
};

/* Bytes needed for an iterator over 'count' (>= 2) arrays. */
#define SPDK_IOVITER_SIZE(count) \
	(sizeof(struct spdk_ioviter) + sizeof(struct spdk_single_ioviter) * ((count) - 2))

/*
 * Start walking siov (source) and diov (destination).  Returns the length of
 * the first common segment and sets *src / *dst to it, or returns 0 when
 * either side is empty.
 */
size_t spdk_ioviter_first(struct spdk_ioviter *iter,
			  struct iovec *siov, size_t siovcnt,
			  struct iovec *diov, size_t diovcnt,
			  void **src, void **dst);

/* The same for 'count' arrays: iov[i] has iovcnt[i] elements; out[i] is set. */
size_t spdk_ioviter_firstv(struct spdk_ioviter *iter, uint32_t count,
			   struct iovec **iov, size_t *iovcnt, void **out);

/* Next common segment; 0 once any of the arrays is used up. */
size_t spdk_ioviter_next(struct spdk_ioviter *iter, void **src, void **dst);
size_t spdk_ioviter_nextv(struct spdk_ioviter *iter, void **out);

/* memset() over every element of an iovec array. */
void spdk_iov_memset(struct iovec *iovs, int iovcnt, int c);

/* Make *piov describe one buffer and set *piovcnt to 1. */
#define SPDK_IOV_ONE(piov, piovcnt, buf, buflen) do {	\
	(piov)->iov_base = (buf);			\
	(piov)->iov_len = (buflen);			\
	*(piovcnt) = 1;					\
} while (0)

/* Copy from one iovec array to another; returns the bytes copied (the smaller total). */
size_t spdk_iovcpy(struct iovec *siov, size_t siovcnt, struct iovec *diov, size_t diovcnt);
/* As spdk_iovcpy(), for buffers that may overlap. */
size_t spdk_iovmove(struct iovec *siov, size_t siovcnt, struct iovec *diov, size_t diovcnt);

/* A cursor into an iovec array for copying a stream in or out piece by piece. */
struct spdk_iov_xfer {
	struct iovec	*iovs;
	int		iovcnt;
	int		cur_iov_idx;
	size_t		cur_iov_offset;
};

void spdk_iov_xfer_init(struct spdk_iov_xfer *ix, struct iovec *iovs, int iovcnt);
/* Copy up to buf_len bytes of buf into the iovecs at the cursor; returns bytes copied. */
size_t spdk_iov_xfer_from_buf(struct spdk_iov_xfer *ix, const void *buf, size_t buf_len);
/* Copy up to buf_len bytes from the iovecs at the cursor into buf; returns bytes copied. */
size_t spdk_iov_xfer_to_buf(struct spdk_iov_xfer *ix, const void *buf, size_t buf_len);

/* One-shot forms of the two above. */
void spdk_copy_iovs_to_buf(void *buf, size_t buf_len, struct iovec *iovs, int iovcnt);
void spdk_copy_buf_to_iovs(struct iovec *iovs, int iovcnt, void *buf, size_t buf_len);

/*
 * Fill a pointer array with a dummy buffer so that a static analyser does not
 * assume a successful bulk dequeue left NULLs in it.
 */
#define SPDK_CLANG_ANALYZER_PREINIT_PTR_ARRAY(arr, arr_size, buf_size) do {	\
	static char spdk_analyzer_dummy_[buf_size];				\
	for (int spdk_i_ = 0; spdk_i_ < (int)(arr_size); spdk_i_++) {		\
		(arr)[spdk_i_] = (void *)spdk_analyzer_dummy_;			\
	}									\
} while (0)

/*
 * 32-bit serial number arithmetic (RFC 1982): s1 < s2 when s2 is ahead of s1
 * by less than half the number space.  Two numbers exactly half apart are
 * neither less nor greater.
 */
#define SPDK_SN32_CMPMAX	(1U << 31)

static inline uint32_t
spdk_sn32_add(uint32_t s1, uint32_t s2)
{
	return (uint32_t)(s1 + s2);
}

static inline bool
spdk_sn32_lt(uint32_t s1, uint32_t s2)
{
	uint32_t ahead = s2 - s1;

	return ahead != 0 && ahead < SPDK_SN32_CMPMAX;
}

static inline bool
spdk_sn32_gt(uint32_t s1, uint32_t s2)
{
	uint32_t ahead = s1 - s2;

	return ahead != 0 && ahead < SPDK_SN32_CMPMAX;
}

/*
 * Fill 'count' bytes (at most data_size) with ch through a volatile pointer,
 * so that clearing a secret before free() is not optimised away.
 */
static inline void
spdk_memset_s(void *data, size_t data_size, int ch, size_t count)
{
	volatile unsigned char *p = (volatile unsigned char *)data;

	if (p == NULL) {
		return;
	}
	if (count > data_size) {
		count = data_size;
	}
	for (size_t i = 0; i < count; i++) {
		p[i] = (unsigned char)ch;
	}
}

#ifdef __cplusplus
}
#endif

#endif /* SPDK_UTIL_H */
