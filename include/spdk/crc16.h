/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The T10 DIF guard CRC (the 16-bit Guard of NVMe protection
 * information, NVM Command Set spec "End-to-end Data Protection"): polynomial 0x8BB7, not reflected, no final
 * XOR.  The running value is passed in and returned as is: start with 0 and
 * feed buffers in order; "123456789" gives 0xD0DB.
 */
#ifndef SPDK_CRC16_H
#define SPDK_CRC16_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPDK_T10DIF_CRC16_POLYNOMIAL	0x8bb7u

uint16_t spdk_crc16_t10dif(uint16_t init_crc, const void *buf, size_t len);

/* The same CRC of src while copying it to dst (len bytes, no overlap). */
uint16_t spdk_crc16_t10dif_copy(uint16_t init_crc, uint8_t *dst, uint8_t *src, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_CRC16_H */
