/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * T10 DIF CRC-16 (poly 0x8BB7, MSB first, init and final XOR left to the
 * caller), one table lookup per byte.  The table is built when the library
 * is loaded; this object is linked whenever one of its functions is used,
 * so its constructor runs even from the static archive.
 */
#include "spdk/crc16.h"

static uint16_t g_crc16_t10dif_table[256];

__attribute__((constructor)) static void
crc16_t10dif_table_init(void)
{
	for (unsigned b = 0; b < 256; b++) {
		uint16_t r = (uint16_t)(b << 8);

		for (int bit = 0; bit < 8; bit++) {
			uint32_t shifted = (uint32_t)r << 1;

			r = (uint16_t)((r & 0x8000u) ? shifted ^ SPDK_T10DIF_CRC16_POLYNOMIAL : shifted);
		}
		g_crc16_t10dif_table[b] = r;
	}
}

static inline uint16_t
crc16_step(uint16_t crc, uint8_t byte)
{
	return (uint16_t)((crc << 8) ^ g_crc16_t10dif_table[(uint8_t)(crc >> 8) ^ byte]);
}

uint16_t
spdk_crc16_t10dif(uint16_t init_crc, const void *buf, size_t len)
{
	const uint8_t *p = (const uint8_t *)buf;
	uint16_t crc = init_crc;

	for (size_t i = 0; i < len; i++) {
		crc = crc16_step(crc, p[i]);
	}
	return crc;
}

uint16_t
spdk_crc16_t10dif_copy(uint16_t init_crc, uint8_t *dst, uint8_t *src, size_t len)
{
	uint16_t crc = init_crc;

	for (size_t i = 0; i < len; i++) {
		dst[i] = src[i];
		crc = crc16_step(crc, src[i]);
	}
	return crc;
}
