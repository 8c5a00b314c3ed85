/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/util/string.c (spdk/string.h): the error returns of
 * spdk_strtol/strtoll, capacity suffixes, quoting in spdk_strsepq, padding,
 * trimming, address splitting and the allocating printf helpers.
 */
#include "spdk/stdinc.h"
#include "spdk/string.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

static void
test_strtol(void)
{
	CU_ASSERT_EQUAL(spdk_strtol("0", 10), 0);
	CU_ASSERT_EQUAL(spdk_strtol("1234", 10), 1234);
	CU_ASSERT_EQUAL(spdk_strtol("0x1f", 16), 31);
	CU_ASSERT_EQUAL(spdk_strtol("0x1f", 0), 31);
	CU_ASSERT_EQUAL(spdk_strtol("017", 0), 15);
	CU_ASSERT_EQUAL(spdk_strtol("  42", 10), 42);	/* leading blanks, as strtol() */
	CU_ASSERT_EQUAL(spdk_strtol("+7", 10), 7);
	CU_ASSERT_EQUAL(spdk_strtol("9223372036854775807", 10), LONG_MAX);
	/* Not a number, or a number followed by anything. */
	CU_ASSERT_EQUAL(spdk_strtol("abc", 10), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtol("12abc", 10), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtol("12 ", 10), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtol("1.5", 10), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtol("0x", 16), -EINVAL);
	/* Negative, or too large in either direction. */
	CU_ASSERT_EQUAL(spdk_strtol("-1", 10), -ERANGE);
	CU_ASSERT_EQUAL(spdk_strtol("9223372036854775808", 10), -ERANGE);
	CU_ASSERT_EQUAL(spdk_strtol("-9223372036854775809", 10), -ERANGE);
	CU_ASSERT_EQUAL(spdk_strtol("-0", 10), 0);
	/* A base strtol() does not know. */
	CU_ASSERT_EQUAL(spdk_strtol("10", 1), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtol("10", 99), -EINVAL);
	/* SPDK's quirk, kept: nothing at all converts to 0. */
	CU_ASSERT_EQUAL(spdk_strtol("", 10), 0);

	CU_ASSERT_EQUAL(spdk_strtoll("9223372036854775807", 10), LLONG_MAX);
	CU_ASSERT_EQUAL(spdk_strtoll("4096", 0), 4096);
	CU_ASSERT_EQUAL(spdk_strtoll("4096k", 0), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strtoll("-5", 10), -ERANGE);
	CU_ASSERT_EQUAL(spdk_strtoll("99999999999999999999", 10), -ERANGE);
}

static void
test_parse_capacity(void)
{
	uint64_t cap = 1;
	bool prefix = true;

	CU_ASSERT_EQUAL(spdk_parse_capacity("512", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 512);
	CU_ASSERT_FALSE(prefix);
	CU_ASSERT_EQUAL(spdk_parse_capacity("128K", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 128 * 1024);
	CU_ASSERT_TRUE(prefix);
	CU_ASSERT_EQUAL(spdk_parse_capacity("4k", &cap, NULL), 0);
	CU_ASSERT_EQUAL(cap, 4096);
	CU_ASSERT_EQUAL(spdk_parse_capacity("2MB", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 2ULL << 20);
	CU_ASSERT_EQUAL(spdk_parse_capacity("3m", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 3ULL << 20);
	CU_ASSERT_EQUAL(spdk_parse_capacity("2G", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 2ULL << 30);
	CU_ASSERT_EQUAL(spdk_parse_capacity("5gb", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 5ULL << 30);
	CU_ASSERT_TRUE(prefix);
	CU_ASSERT_EQUAL(spdk_parse_capacity("0", &cap, &prefix), 0);
	CU_ASSERT_EQUAL(cap, 0);

	cap = 77;
	CU_ASSERT_EQUAL(spdk_parse_capacity("", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("K", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("-1", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("10T", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("10B", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("10KX", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_capacity("10KBB", &cap, NULL), -EINVAL);
	CU_ASSERT_EQUAL(cap, 77);	/* untouched on error */
	CU_ASSERT_EQUAL(spdk_parse_capacity("18446744073709551615", &cap, NULL), 0);
	CU_ASSERT_EQUAL(cap, UINT64_MAX);
	CU_ASSERT_EQUAL(spdk_parse_capacity("18446744073709551616", &cap, NULL), -ERANGE);
	/* 2^34 GiB = 2^64 bytes: one too many. */
	CU_ASSERT_EQUAL(spdk_parse_capacity("17179869183G", &cap, NULL), 0);
	CU_ASSERT_EQUAL(spdk_parse_capacity("17179869184G", &cap, NULL), -ERANGE);
}

static void
test_sprintf(void)
{
	char *s = spdk_sprintf_alloc("%s-%d", "nvme", 7);

	CU_ASSERT_STRING_EQUAL(s, "nvme-7");
	s = spdk_sprintf_append_realloc(s, "/%04x", 0xab);
	CU_ASSERT_STRING_EQUAL(s, "nvme-7/00ab");
	free(s);
	s = spdk_sprintf_append_realloc(NULL, "%s", "fresh");
	CU_ASSERT_STRING_EQUAL(s, "fresh");
	free(s);

	/* Longer than any fixed buffer a careless version would use. */
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = spdk_sprintf_alloc("<%s>", big);
	CU_ASSERT_EQUAL(strlen(s), sizeof(big) + 1);
	CU_ASSERT_EQUAL(s[0], '<');
	CU_ASSERT_EQUAL(s[sizeof(big)], '>');
	free(s);
}

static void
test_strsepq(void)
{
	char buf[] = "a 'b c'  \"d\\\"e\" f\\ g";
	char *p = buf;

	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "a");
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "b c");
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "d\"e");
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "f g");
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NULL(spdk_strsepq(&p, " "));

	/* A newline ends the input unless it is a delimiter. */
	char nl1[] = "x y\nz";
	p = nl1;
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "x");
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " "), "y");
	CU_ASSERT_PTR_NULL(p);
	char nl2[] = "x\nz";
	p = nl2;
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " \n"), "x");
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, " \n"), "z");
	CU_ASSERT_PTR_NULL(p);
	/* Backslashes inside single quotes are kept. */
	char sq[] = "'a\\b'";
	p = sq;
	CU_ASSERT_STRING_EQUAL(spdk_strsepq(&p, ","), "a\\b");
}

static void
test_trim_chomp_lwr(void)
{
	char a[] = "  \t hello world \n ";
	char b[] = "   ";
	char c[] = "line\r\n\n";
	char d[] = "MiXeD 1";

	CU_ASSERT_STRING_EQUAL(spdk_str_trim(a), "hello world");
	CU_ASSERT_STRING_EQUAL(spdk_str_trim(b), "");
	CU_ASSERT_PTR_NULL(spdk_str_trim(NULL));
	CU_ASSERT_EQUAL(spdk_str_chomp(c), 3);
	CU_ASSERT_STRING_EQUAL(c, "line");
	CU_ASSERT_EQUAL(spdk_str_chomp(c), 0);
	CU_ASSERT_STRING_EQUAL(spdk_strlwr(d), "mixed 1");
	CU_ASSERT_PTR_NULL(spdk_strlwr(NULL));
}

static void
test_pad(void)
{
	char field[8];

	spdk_strcpy_pad(field, "abc", sizeof(field), ' ');
	CU_ASSERT_EQUAL(memcmp(field, "abc     ", 8), 0);
	CU_ASSERT_EQUAL(spdk_strlen_pad(field, sizeof(field), ' '), 3);
	spdk_strcpy_pad(field, "0123456789", sizeof(field), ' ');
	CU_ASSERT_EQUAL(memcmp(field, "01234567", 8), 0);
	CU_ASSERT_EQUAL(spdk_strlen_pad(field, sizeof(field), ' '), 8);
	memset(field, ' ', sizeof(field));
	CU_ASSERT_EQUAL(spdk_strlen_pad(field, sizeof(field), ' '), 0);
	CU_ASSERT_EQUAL(spdk_strlen_pad(field, 0, ' '), 0);
	/* Inner pad bytes count: only trailing ones are padding. */
	CU_ASSERT_EQUAL(spdk_strlen_pad("a b  ", 5, ' '), 3);
}

static void
test_parse_ip_addr(void)
{
	char v4[] = "10.0.0.1:4420", v4only[] = "10.0.0.1", v6[] = "[fe80::1]:4420";
	char v6only[] = "[::1]", bad1[] = "[::1", bad2[] = "[::1]x", v4colon[] = "host:";
	char *host, *port;

	CU_ASSERT_EQUAL(spdk_parse_ip_addr(v4, &host, &port), 0);
	CU_ASSERT_STRING_EQUAL(host, "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(port, "4420");
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(v4only, &host, &port), 0);
	CU_ASSERT_STRING_EQUAL(host, "10.0.0.1");
	CU_ASSERT_PTR_NULL(port);
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(v6, &host, &port), 0);
	CU_ASSERT_STRING_EQUAL(host, "fe80::1");
	CU_ASSERT_STRING_EQUAL(port, "4420");
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(v6only, &host, &port), 0);
	CU_ASSERT_STRING_EQUAL(host, "::1");
	CU_ASSERT_PTR_NULL(port);
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(v4colon, &host, &port), 0);
	CU_ASSERT_STRING_EQUAL(host, "host");
	CU_ASSERT_PTR_NULL(port);
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(bad1, &host, &port), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(bad2, &host, &port), -EINVAL);
	CU_ASSERT_EQUAL(spdk_parse_ip_addr(NULL, &host, &port), -EINVAL);
}

static void
test_strerror_zero_strarray(void)
{
	char buf[64];
	uint8_t zeros[33] = { 0 };

	CU_ASSERT_STRING_EQUAL(spdk_strerror(ENOENT), strerror(ENOENT));
	spdk_strerror_r(EINVAL, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, strerror(EINVAL));
	spdk_strerror_r(123456, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "123456"));

	CU_ASSERT_TRUE(spdk_mem_all_zero(zeros, sizeof(zeros)));
	CU_ASSERT_TRUE(spdk_mem_all_zero(zeros, 0));
	zeros[32] = 1;
	CU_ASSERT_FALSE(spdk_mem_all_zero(zeros, sizeof(zeros)));
	CU_ASSERT_TRUE(spdk_mem_all_zero(zeros, 32));

	char **arr = spdk_strarray_from_string("a,b;;c", ",;");
	CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
	CU_ASSERT_STRING_EQUAL(arr[0], "a");
	CU_ASSERT_STRING_EQUAL(arr[1], "b");
	CU_ASSERT_STRING_EQUAL(arr[2], "");
	CU_ASSERT_STRING_EQUAL(arr[3], "c");
	CU_ASSERT_PTR_NULL(arr[4]);
	char **copy = spdk_strarray_dup((const char **)arr);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	CU_ASSERT_STRING_EQUAL(copy[3], "c");
	CU_ASSERT(copy[3] != arr[3]);
	CU_ASSERT_PTR_NULL(copy[4]);
	spdk_strarray_free(arr);
	spdk_strarray_free(copy);
	spdk_strarray_free(NULL);
}

static void
test_strcpy_replace(void)
{
	char dst[32];

	CU_ASSERT_EQUAL(spdk_strcpy_replace(dst, sizeof(dst), "a.b.c", ".", "::"), 0);
	CU_ASSERT_STRING_EQUAL(dst, "a::b::c");
	CU_ASSERT_EQUAL(spdk_strcpy_replace(dst, sizeof(dst), "none", "x", "y"), 0);
	CU_ASSERT_STRING_EQUAL(dst, "none");
	CU_ASSERT_EQUAL(spdk_strcpy_replace(dst, 8, "a.b.c", ".", "::"), 0);	/* 7 + NUL fits */
	CU_ASSERT_EQUAL(spdk_strcpy_replace(dst, 7, "a.b.c", ".", "::"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strcpy_replace(dst, sizeof(dst), "abc", "", "x"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_strcpy_replace(NULL, 4, "abc", "b", "x"), -EINVAL);
}

static const struct cu_test g_tests[] = {
	{ "spdk_strtol/strtoll", test_strtol },
	{ "spdk_parse_capacity", test_parse_capacity },
	{ "sprintf_alloc/append", test_sprintf },
	{ "spdk_strsepq", test_strsepq },
	{ "trim/chomp/strlwr", test_trim_chomp_lwr },
	{ "strcpy_pad/strlen_pad", test_pad },
	{ "spdk_parse_ip_addr", test_parse_ip_addr },
	{ "strerror, mem_all_zero, strarray", test_strerror_zero_strarray },
	{ "spdk_strcpy_replace", test_strcpy_replace },
};

int
main(void)
{
	return cu_main("util_string", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
