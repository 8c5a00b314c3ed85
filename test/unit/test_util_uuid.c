/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/util/uuid.c (spdk/uuid.h over libuuid): the byte
 * layout (RFC 4122 order, as NVMe's NIDT UUID descriptor carries it), text
 * round trips, ordering, generation and name-based UUIDs.
 */
#include "spdk/stdinc.h"
#include "spdk/uuid.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

static void
test_parse_format(void)
{
	struct spdk_uuid u, v;
	char str[SPDK_UUID_STRING_LEN];
	static const uint8_t expect[16] = {
		0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3,
		0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00,
	};

	CU_ASSERT_EQUAL(sizeof(struct spdk_uuid), 16);
	CU_ASSERT_EQUAL(SPDK_UUID_STRING_LEN, 37);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&u, "123E4567-E89B-12D3-A456-426614174000"), 0);
	CU_ASSERT_EQUAL(memcmp(u.u.raw, expect, 16), 0);
	CU_ASSERT_EQUAL(spdk_uuid_fmt_lower(str, sizeof(str), &u), 0);
	CU_ASSERT_STRING_EQUAL(str, "123e4567-e89b-12d3-a456-426614174000");
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, str), 0);
	CU_ASSERT_EQUAL(spdk_uuid_compare(&u, &v), 0);

	CU_ASSERT_EQUAL(spdk_uuid_fmt_lower(str, SPDK_UUID_STRING_LEN - 1, &u), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, ""), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, "123e4567-e89b-12d3-a456-42661417400"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, "123e4567-e89b-12d3-a456-4266141740000"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, "123e4567xe89b-12d3-a456-426614174000"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, "g23e4567-e89b-12d3-a456-426614174000"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_uuid_parse(&v, NULL), -EINVAL);
}

static void
test_compare_copy_null(void)
{
	struct spdk_uuid a, b, z;

	spdk_uuid_parse(&a, "00000000-0000-0000-0000-000000000001");
	spdk_uuid_parse(&b, "00000000-0000-0000-0000-000000000100");
	/* Byte order, first byte most significant: b's byte 14 is higher. */
	CU_ASSERT(spdk_uuid_compare(&a, &b) < 0);
	CU_ASSERT(spdk_uuid_compare(&b, &a) > 0);
	spdk_uuid_copy(&b, &a);
	CU_ASSERT_EQUAL(spdk_uuid_compare(&a, &b), 0);
	CU_ASSERT_FALSE(spdk_uuid_is_null(&a));
	memset(&z, 0xff, sizeof(z));
	spdk_uuid_set_null(&z);
	CU_ASSERT_TRUE(spdk_uuid_is_null(&z));
}

static void
test_generate(void)
{
	struct spdk_uuid a, b;
	char str[SPDK_UUID_STRING_LEN];

	spdk_uuid_generate(&a);
	spdk_uuid_generate(&b);
	CU_ASSERT_FALSE(spdk_uuid_is_null(&a));
	CU_ASSERT_NOT_EQUAL(spdk_uuid_compare(&a, &b), 0);
	/* RFC 4122 variant bits 10xx in byte 8, and version 1 or 4. */
	CU_ASSERT_EQUAL(a.u.raw[8] & 0xc0, 0x80);
	CU_ASSERT((a.u.raw[6] >> 4) == 4 || (a.u.raw[6] >> 4) == 1);
	CU_ASSERT_EQUAL(spdk_uuid_fmt_lower(str, sizeof(str), &a), 0);
	CU_ASSERT_EQUAL(strlen(str), 36);
}

static void
test_generate_sha1(void)
{
	struct spdk_uuid ns, a, b, c;
	char str[SPDK_UUID_STRING_LEN];

	/* RFC 4122 appendix C's DNS namespace; "www.example.com" in it is a
	 * well-known version 5 UUID. */
	spdk_uuid_parse(&ns, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
	CU_ASSERT_EQUAL(spdk_uuid_generate_sha1(&a, &ns, "www.example.com", 15), 0);
	spdk_uuid_fmt_lower(str, sizeof(str), &a);
	CU_ASSERT_STRING_EQUAL(str, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
	CU_ASSERT_EQUAL(spdk_uuid_generate_sha1(&b, &ns, "www.example.com", 15), 0);
	CU_ASSERT_EQUAL(spdk_uuid_compare(&a, &b), 0);
	CU_ASSERT_EQUAL(spdk_uuid_generate_sha1(&c, &ns, "www.example.org", 15), 0);
	CU_ASSERT_NOT_EQUAL(spdk_uuid_compare(&a, &c), 0);
	CU_ASSERT_EQUAL(a.u.raw[6] >> 4, 5);
	CU_ASSERT_EQUAL(spdk_uuid_generate_sha1(&c, &ns, NULL, 3), -EINVAL);
}

static const struct cu_test g_tests[] = {
	{ "parse/format round trip", test_parse_format },
	{ "compare/copy/null", test_compare_copy_null },
	{ "generate", test_generate },
	{ "generate_sha1", test_generate_sha1 },
};

int
main(void)
{
	return cu_main("util_uuid", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
