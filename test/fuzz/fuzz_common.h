/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by the libFuzzer targets (test/fuzz/README.md): reading a fuzz
 * input as a stream of small integers, and failing a property so that the
 * fuzzer keeps the input as a crash.
 */
#ifndef EALNVME_FUZZ_COMMON_H
#define EALNVME_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/common_interface_defs.h>

/*
 * A broken property: one line on the sanitizer's report stream (still open
 * under -close_fd_mask), then abort, which libFuzzer reports with a stack
 * and saves the input.
 */
#define FUZZ_ASSERT(cond)							\
	do {									\
		if (!(cond)) {							\
			__sanitizer_report_error_summary("fuzz property failed: " #cond);	\
			abort();						\
		}								\
	} while (0)

struct fuzz_in {
	const uint8_t	*p;
	size_t		n;
};

static inline bool
fuzz_empty(const struct fuzz_in *in)
{
	return in->n == 0;
}

/* Little-endian, zero-filled once the input runs out. */
static inline uint64_t
fuzz_take(struct fuzz_in *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes && in->n > 0; i++) {
		v |= (uint64_t)in->p[0] << (8 * i);
		in->p++;
		in->n--;
	}
	return v;
}

static inline uint8_t
fuzz_u8(struct fuzz_in *in)
{
	return (uint8_t)fuzz_take(in, 1);
}

static inline uint16_t
fuzz_u16(struct fuzz_in *in)
{
	return (uint16_t)fuzz_take(in, 2);
}

static inline uint32_t
fuzz_u32(struct fuzz_in *in)
{
	return (uint32_t)fuzz_take(in, 4);
}

/* Up to len bytes into dst; how many were there. */
static inline size_t
fuzz_bytes(struct fuzz_in *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	memcpy(dst, in->p, n);
	in->p += n;
	in->n -= n;
	return n;
}

#endif /* EALNVME_FUZZ_COMMON_H */
