/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Formatting helpers shared by the text and JSON printers of identify.
 */
#include <stdio.h>
#include <string.h>

#include "identify.h"

void
identify_fmt_ascii(char *dst, size_t size, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t n = 0, i;

	if (size == 0) {
		return;
	}
	/* Identify strings are ASCII, space padded, not terminated (§1.5). */
	for (i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = s[i];

		if (c == '\0') {
			break;
		}
		dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	while (n > 0 && dst[n - 1] == ' ') {
		n--;
	}
	dst[n] = '\0';
}

void
identify_fmt_u128(char *dst, size_t size, const uint64_t v[2])
{
	unsigned __int128 x = ((unsigned __int128)v[1] << 64) | v[0];
	char rev[48];
	size_t n = 0, i;

	do {
		rev[n++] = (char)('0' + (int)(x % 10));
		x /= 10;
	} while (x != 0 && n < sizeof(rev));
	for (i = 0; i < n && i + 1 < size; i++) {
		dst[i] = rev[n - 1 - i];
	}
	if (size > 0) {
		dst[i < size ? i : size - 1] = '\0';
	}
}

void
identify_fmt_pow2(char *dst, size_t size, unsigned int exp)
{
	/* Decimal digits, least significant first, doubled exp times: MDTS and
	 * LBADS are device bytes, so 2^exp can be far beyond 64 bits. */
	unsigned char d[128] = { 1 };
	size_t n = 1, i;

	if (size == 0) {
		return;
	}
	for (unsigned int e = 0; e < exp; e++) {
		unsigned int carry = 0;

		for (i = 0; i < n; i++) {
			unsigned int v = d[i] * 2u + carry;

			d[i] = (unsigned char)(v % 10);
			carry = v / 10;
		}
		if (carry != 0 && n < sizeof(d)) {
			d[n++] = (unsigned char)carry;
		}
	}
	for (i = 0; i < n && i + 1 < size; i++) {
		dst[i] = (char)('0' + d[n - 1 - i]);
	}
	dst[i] = '\0';
}

void
identify_fmt_hex(char *dst, size_t size, const uint8_t *bytes, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 2 < size; i++) {
		n += (size_t)snprintf(dst + n, size - n, "%02x", bytes[i]);
	}
	if (size > 0) {
		dst[n < size ? n : size - 1] = '\0';
	}
}

void
identify_fmt_uuid(char *dst, size_t size, const uint8_t u[16])
{
	snprintf(dst, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
		 u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

bool
identify_all_zero(const uint8_t *bytes, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (bytes[i] != 0) {
			return false;
		}
	}
	return true;
}

uint64_t
identify_ps_max_power_100uw(const struct spdk_nvme_power_state *ps)
{
	/* MP is in 0.01 W units, or 0.0001 W when MPS is set (Figure 248). */
	return ps->mps ? ps->mp : (uint64_t)ps->mp * 100;
}

const char *
identify_sgl_support_name(uint32_t supported)
{
	switch (supported) {
	case SPDK_NVME_SGLS_NOT_SUPPORTED:
		return "not supported";
	case SPDK_NVME_SGLS_SUPPORTED:
		return "supported";
	case SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED:
		return "supported (dword aligned)";
	default:
		return "reserved value";
	}
}

uint32_t
identify_arbitration_burst(uint32_t ab)
{
	/* AB is a power of two; 111b means no limit (§5.21.1.1). */
	return ab == 7 ? 0 : 1u << ab;
}
