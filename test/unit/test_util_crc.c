/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/util/crc16.c, crc32_ieee.c and crc32c.c: the standard
 * check values, SPDK's convention that the _update functions neither
 * invert on entry nor on exit, chaining across buffers, and the SSE4.2
 * CRC-32C against the portable table and a bit-at-a-time reference.
 */
#include "spdk/stdinc.h"
#include "spdk/crc16.h"
#include "spdk/crc32.h"
#include "util_internal.h"

#include <CUnit/Basic.h>

#include "crc_ref.h"
#include "cu_main.h"

static const char g_check[] = "123456789";

static void
test_check_values(void)
{
	CU_ASSERT_EQUAL(spdk_crc16_t10dif(0, g_check, 9), 0xD0DB);
	CU_ASSERT_EQUAL(spdk_crc32_ieee_update(g_check, 9, ~0u) ^ ~0u, 0xCBF43926u);
	CU_ASSERT_EQUAL(spdk_crc32c_update(g_check, 9, ~0u) ^ ~0u, 0xE3069283u);
	CU_ASSERT_EQUAL(spdk_crc32c_nvme(g_check, 9, 0), 0xE3069283u);
	/* The raw update does not invert: from 0, zeros stay 0. */
	uint8_t zeros[64] = { 0 };
	CU_ASSERT_EQUAL(spdk_crc32c_update(zeros, sizeof(zeros), 0), 0);
	CU_ASSERT_EQUAL(spdk_crc32_ieee_update(zeros, sizeof(zeros), 0), 0);
	CU_ASSERT_EQUAL(spdk_crc16_t10dif(0, zeros, sizeof(zeros)), 0);
	/* Length 0 returns the running value unchanged. */
	CU_ASSERT_EQUAL(spdk_crc32c_update(g_check, 0, 0x12345678u), 0x12345678u);
	CU_ASSERT_EQUAL(spdk_crc16_t10dif(0xBEEF, g_check, 0), 0xBEEF);
}

/* iSCSI's CRC-32C examples (RFC 3720 B.4), as finished CRCs. */
static void
test_crc32c_rfc3720(void)
{
	uint8_t buf[32];

	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(spdk_crc32c_nvme(buf, sizeof(buf), 0), 0x8A9136AAu);
	memset(buf, 0xff, sizeof(buf));
	CU_ASSERT_EQUAL(spdk_crc32c_nvme(buf, sizeof(buf), 0), 0x62A8AB43u);
	for (int i = 0; i < 32; i++) {
		buf[i] = (uint8_t)i;
	}
	CU_ASSERT_EQUAL(spdk_crc32c_nvme(buf, sizeof(buf), 0), 0x46DD794Eu);
	for (int i = 0; i < 32; i++) {
		buf[i] = (uint8_t)(31 - i);
	}
	CU_ASSERT_EQUAL(spdk_crc32c_nvme(buf, sizeof(buf), 0), 0x113FDB5Cu);
}

static void
test_chaining(void)
{
	uint8_t buf[4099];

	fill_random(buf, sizeof(buf), 7);
	for (size_t cut = 0; cut <= sizeof(buf); cut += 97) {
		uint32_t c = spdk_crc32c_update(buf, cut, ~0u);
		uint32_t i = spdk_crc32_ieee_update(buf, cut, ~0u);
		uint16_t t = spdk_crc16_t10dif(0, buf, cut);

		c = spdk_crc32c_update(buf + cut, sizeof(buf) - cut, c);
		i = spdk_crc32_ieee_update(buf + cut, sizeof(buf) - cut, i);
		t = spdk_crc16_t10dif(t, buf + cut, sizeof(buf) - cut);
		CU_ASSERT_EQUAL(c, spdk_crc32c_update(buf, sizeof(buf), ~0u));
		CU_ASSERT_EQUAL(i, spdk_crc32_ieee_update(buf, sizeof(buf), ~0u));
		CU_ASSERT_EQUAL(t, spdk_crc16_t10dif(0, buf, sizeof(buf)));
		/* spdk_crc32c_nvme() chains on its own finished value. */
		CU_ASSERT_EQUAL(spdk_crc32c_nvme(buf + cut, sizeof(buf) - cut,
						 spdk_crc32c_nvme(buf, cut, 0)),
				spdk_crc32c_nvme(buf, sizeof(buf), 0));
	}
}

static void
test_against_reference(void)
{
	uint8_t buf[1024 + 8];

	fill_random(buf, sizeof(buf), 99);
	/* Every start alignment and many lengths, including the SSE4.2 tails. */
	for (size_t off = 0; off < 8; off++) {
		for (size_t len = 0; len <= 1024; len += (len < 40 ? 1 : 61)) {
			const uint8_t *p = buf + off;
			uint32_t seed = 0xA5A5A5A5u ^ (uint32_t)len;

			CU_ASSERT_EQUAL(ealnvme_crc32c_update_table(p, len, seed),
					ref_crc32_reflected(0x82F63B78u, seed, p, len));
			CU_ASSERT_EQUAL(spdk_crc32c_update(p, len, seed),
					ref_crc32_reflected(0x82F63B78u, seed, p, len));
			CU_ASSERT_EQUAL(spdk_crc32_ieee_update(p, len, seed),
					ref_crc32_reflected(0xEDB88320u, seed, p, len));
			CU_ASSERT_EQUAL(spdk_crc16_t10dif((uint16_t)seed, p, len),
					ref_crc16_t10dif((uint16_t)seed, p, len));
#if defined(__x86_64__)
			if (ealnvme_crc32c_uses_sse42()) {
				CU_ASSERT_EQUAL(ealnvme_crc32c_update_sse42(p, len, seed),
						ealnvme_crc32c_update_table(p, len, seed));
			}
#endif
		}
	}
#if defined(__x86_64__)
	/* Say which path this machine exercised (the assertions above hold for both). */
	printf("\n  crc32c path: %s\n", ealnvme_crc32c_uses_sse42() ? "SSE4.2" : "table");
#endif
}

static void
test_iov_and_copy(void)
{
	uint8_t a[100], b[1], c[411], whole[512], dst[512];
	struct iovec iov[] = {
		{ .iov_base = a, .iov_len = sizeof(a) },
		{ .iov_base = b, .iov_len = sizeof(b) },
		{ .iov_base = c, .iov_len = sizeof(c) },
	};

	fill_random(whole, sizeof(whole), 3);
	memcpy(a, whole, sizeof(a));
	memcpy(b, whole + sizeof(a), sizeof(b));
	memcpy(c, whole + sizeof(a) + sizeof(b), sizeof(c));
	CU_ASSERT_EQUAL(spdk_crc32c_iov_update(iov, 3, ~0u),
			spdk_crc32c_update(whole, sizeof(whole), ~0u));
	CU_ASSERT_EQUAL(spdk_crc32c_iov_update(NULL, 3, 0x1234u), 0x1234u);
	CU_ASSERT_EQUAL(spdk_crc32c_iov_update(iov, 0, 0x1234u), 0x1234u);

	memset(dst, 0, sizeof(dst));
	CU_ASSERT_EQUAL(spdk_crc16_t10dif_copy(0x1111, dst, whole, sizeof(whole)),
			spdk_crc16_t10dif(0x1111, whole, sizeof(whole)));
	CU_ASSERT_EQUAL(memcmp(dst, whole, sizeof(whole)), 0);
	CU_ASSERT_EQUAL(SPDK_T10DIF_CRC16_POLYNOMIAL, 0x8bb7u);
	CU_ASSERT_EQUAL(SPDK_CRC32_SIZE_BYTES, 4);
}

static const struct cu_test g_tests[] = {
	{ "check values and raw convention", test_check_values },
	{ "CRC-32C RFC 3720 examples", test_crc32c_rfc3720 },
	{ "chaining across buffers", test_chaining },
	{ "against bitwise references", test_against_reference },
	{ "iov update and copy", test_iov_and_copy },
};

int
main(void)
{
	return cu_main("util_crc", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
