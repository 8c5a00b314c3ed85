/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Loads and stores of big- and little-endian integers at any alignment.
 * The names have no spdk_ prefix: they are SPDK's (from_be16, to_le64, ...).
 * Byte-by-byte so that an unaligned pointer is fine on every CPU; compilers
 * turn each into one load/store (plus a byte swap where needed).
 */
#ifndef SPDK_ENDIAN_H
#define SPDK_ENDIAN_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

static inline uint16_t
from_be16(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return (uint16_t)((b[0] << 8) | b[1]);
}

static inline void
to_be16(void *out, uint16_t in)
{
	uint8_t *b = (uint8_t *)out;

	b[0] = (uint8_t)(in >> 8);
	b[1] = (uint8_t)in;
}

static inline uint32_t
from_be32(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | (uint32_t)b[3];
}

static inline void
to_be32(void *out, uint32_t in)
{
	uint8_t *b = (uint8_t *)out;

	for (int i = 3; i >= 0; i--) {
		b[i] = (uint8_t)in;
		in >>= 8;
	}
}

static inline uint64_t
from_be64(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return ((uint64_t)from_be32(b) << 32) | from_be32(b + 4);
}

static inline void
to_be64(void *out, uint64_t in)
{
	uint8_t *b = (uint8_t *)out;

	to_be32(b, (uint32_t)(in >> 32));
	to_be32(b + 4, (uint32_t)in);
}

static inline uint16_t
from_le16(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return (uint16_t)(b[0] | (b[1] << 8));
}

static inline void
to_le16(void *out, uint16_t in)
{
	uint8_t *b = (uint8_t *)out;

	b[0] = (uint8_t)in;
	b[1] = (uint8_t)(in >> 8);
}

static inline uint32_t
from_le32(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) |
	       ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

static inline void
to_le32(void *out, uint32_t in)
{
	uint8_t *b = (uint8_t *)out;

	for (int i = 0; i < 4; i++) {
		b[i] = (uint8_t)in;
		in >>= 8;
	}
}

static inline uint64_t
from_le64(const void *ptr)
{
	const uint8_t *b = (const uint8_t *)ptr;

	return (uint64_t)from_le32(b) | ((uint64_t)from_le32(b + 4) << 32);
}

static inline void
to_le64(void *out, uint64_t in)
{
	uint8_t *b = (uint8_t *)out;

	to_le32(b, (uint32_t)in);
	to_le32(b + 4, (uint32_t)(in >> 32));
}

#ifdef __cplusplus
}
#endif

#endif /* SPDK_ENDIAN_H */
