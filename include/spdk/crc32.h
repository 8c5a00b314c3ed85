/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) and CRC-32C
 * (Castagnoli, reflected 0x82F63B78).
 *
 * The _update functions neither invert the value on the way in nor on the
 * way out: the caller starts with ~0u and inverts the end result, which lets
 * a checksum run over several buffers.  So
 *   spdk_crc32c_update("123456789", 9, ~0u) ^ ~0u == 0xE3069283
 *   spdk_crc32_ieee_update("123456789", 9, ~0u) ^ ~0u == 0xCBF43926
 * spdk_crc32c_nvme() does the inversions itself (the 32-bit Guard of NVMe
 * protection information): pass 0 to start, or the previous result to go on.
 */
#ifndef SPDK_CRC32_H
#define SPDK_CRC32_H

#include "spdk/stdinc.h"

#define SPDK_CRC32_SIZE_BYTES	4

#ifdef __cplusplus
extern "C" {
#endif

uint32_t spdk_crc32_ieee_update(const void *buf, size_t len, uint32_t crc);

uint32_t spdk_crc32c_update(const void *buf, size_t len, uint32_t crc);

/* spdk_crc32c_update() over each element of iov in turn (iov NULL: crc32c unchanged). */
uint32_t spdk_crc32c_iov_update(struct iovec *iov, int iovcnt, uint32_t crc32c);

/* Finished CRC-32C: ~spdk_crc32c_update(buf, len, ~crc). */
uint32_t spdk_crc32c_nvme(const void *buf, size_t len, uint32_t crc);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_CRC32_H */
