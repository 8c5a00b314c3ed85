/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * lib/util internals the unit tests reach (not exported: ealnvme.map keeps
 * only spdk_*).
 */
#ifndef EALNVME_UTIL_INTERNAL_H
#define EALNVME_UTIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The portable CRC-32C, whatever the CPU offers. */
uint32_t ealnvme_crc32c_update_table(const void *buf, size_t len, uint32_t crc);
#if defined(__x86_64__)
/* The SSE4.2 CRC-32C; only call it when ealnvme_crc32c_uses_sse42(). */
uint32_t ealnvme_crc32c_update_sse42(const void *buf, size_t len, uint32_t crc);
#endif
/* Whether spdk_crc32c_update() took the SSE4.2 path on this CPU. */
bool ealnvme_crc32c_uses_sse42(void);

#endif /* EALNVME_UTIL_INTERNAL_H */
