/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * CRC-32 (IEEE 802.3): reflected polynomial 0xEDB88320, LSB first, one
 * table lookup per byte.  No inversion here: callers start with ~0 and invert
 * the result (see spdk/crc32.h).
 */
#include "spdk/crc32.h"

#define CRC32_IEEE_POLY_REFLECTED	0xEDB88320u

static uint32_t g_crc32_ieee_table[256];

/* Built at load time; see crc16.c for why a constructor is safe here. */
__attribute__((constructor)) static void
crc32_ieee_table_init(void)
{
	for (uint32_t b = 0; b < 256; b++) {
		uint32_t r = b;

		for (int bit = 0; bit < 8; bit++) {
			r = (r & 1u) ? (r >> 1) ^ CRC32_IEEE_POLY_REFLECTED : r >> 1;
		}
		g_crc32_ieee_table[b] = r;
	}
}

uint32_t
spdk_crc32_ieee_update(const void *buf, size_t len, uint32_t crc)
{
	const uint8_t *p = (const uint8_t *)buf;

	for (size_t i = 0; i < len; i++) {
		crc = (crc >> 8) ^ g_crc32_ieee_table[(uint8_t)crc ^ p[i]];
	}
	return crc;
}
