/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Bit-at-a-time CRCs written from the polynomial definitions, the
 * independent references test_util_crc.c and test_util_dif.c compare the
 * library's table-driven CRCs (and the DIF guards) with.
 */
#ifndef EALNVME_CRC_REF_H
#define EALNVME_CRC_REF_H

#include <stddef.h>
#include <stdint.h>

/* CRC-16 T10-DIF: polynomial 0x8BB7, MSB first, no reflection, no final XOR. */
static inline uint16_t
ref_crc16_t10dif(uint16_t crc, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int b = 0; b < 8; b++) {
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x8BB7) : (uint16_t)(crc << 1);
		}
	}
	return crc;
}

/* A reflected CRC-32 (poly given reversed: 0xEDB88320 IEEE, 0x82F63B78 CRC-32C),
 * no inversions. */
static inline uint32_t
ref_crc32_reflected(uint32_t poly, uint32_t crc, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int b = 0; b < 8; b++) {
			crc = (crc & 1) ? (crc >> 1) ^ poly : crc >> 1;
		}
	}
	return crc;
}

/* Deterministic bytes for CRC inputs (an LCG, high bits). */
static inline void
fill_random(uint8_t *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
}

#endif /* EALNVME_CRC_REF_H */
