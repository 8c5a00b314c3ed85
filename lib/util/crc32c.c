/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78).  On x86-64 CPUs
 * with SSE4.2 the crc32 instruction does 8 bytes at a time; it computes the
 * same raw, non-inverted update as the table, so the two are
 * interchangeable.  The choice is made once, at load time.
 */
#include "spdk/crc32.h"
#include "util_internal.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

#define CRC32C_POLY_REFLECTED	0x82F63B78u

static uint32_t g_crc32c_table[256];

uint32_t
ealnvme_crc32c_update_table(const void *buf, size_t len, uint32_t crc)
{
	const uint8_t *p = (const uint8_t *)buf;

	for (size_t i = 0; i < len; i++) {
		crc = (crc >> 8) ^ g_crc32c_table[(uint8_t)crc ^ p[i]];
	}
	return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t
ealnvme_crc32c_update_sse42(const void *buf, size_t len, uint32_t crc)
{
	const uint8_t *p = (const uint8_t *)buf;
	uint64_t c = crc;

	/* Bytes up to an 8-byte boundary, then quadwords, then the tail. */
	while (len > 0 && ((uintptr_t)p & 7) != 0) {
		c = _mm_crc32_u8((uint32_t)c, *p++);
		len--;
	}
	while (len >= 8) {
		uint64_t q;

		memcpy(&q, p, sizeof(q));
		c = _mm_crc32_u64(c, q);
		p += 8;
		len -= 8;
	}
	while (len > 0) {
		c = _mm_crc32_u8((uint32_t)c, *p++);
		len--;
	}
	return (uint32_t)c;
}
#endif

static uint32_t (*g_crc32c_update)(const void *, size_t, uint32_t) = ealnvme_crc32c_update_table;

/* Built at load time; see crc16.c for why a constructor is safe here. */
__attribute__((constructor)) static void
crc32c_init(void)
{
	for (uint32_t b = 0; b < 256; b++) {
		uint32_t r = b;

		for (int bit = 0; bit < 8; bit++) {
			r = (r & 1u) ? (r >> 1) ^ CRC32C_POLY_REFLECTED : r >> 1;
		}
		g_crc32c_table[b] = r;
	}
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("sse4.2")) {
		g_crc32c_update = ealnvme_crc32c_update_sse42;
	}
#endif
}

bool
ealnvme_crc32c_uses_sse42(void)
{
	return g_crc32c_update != ealnvme_crc32c_update_table;
}

uint32_t
spdk_crc32c_update(const void *buf, size_t len, uint32_t crc)
{
	return g_crc32c_update(buf, len, crc);
}

uint32_t
spdk_crc32c_iov_update(struct iovec *iov, int iovcnt, uint32_t crc32c)
{
	if (iov == NULL) {
		return crc32c;
	}
	for (int i = 0; i < iovcnt; i++) {
		crc32c = spdk_crc32c_update(iov[i].iov_base, iov[i].iov_len, crc32c);
	}
	return crc32c;
}

uint32_t
spdk_crc32c_nvme(const void *buf, size_t len, uint32_t crc)
{
	return ~spdk_crc32c_update(buf, len, ~crc);
}
