/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for examples/identify's JSON writer (identify_json.c) and the
 * formatting helpers (identify_fmt.c): exact output for nesting, commas,
 * escaping, 64- and 128-bit numbers, fixed-point values, identify strings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "identify.h"
#include "identify_json.h"

/* Run body against a memory stream and return what it wrote (caller frees). */
static char *
capture(void (*body)(struct json_writer *w), bool *balanced)
{
	struct json_writer w;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	json_init(&w, f);
	body(&w);
	*balanced = json_finish(&w);
	fclose(f);
	return text;
}

static void
doc_nested(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_string(w, "s", "a\"b\\c\nd\te\x01");
	json_u64(w, "max", UINT64_MAX);
	json_i64(w, "neg", -273);
	json_bool(w, "t", true);
	json_null(w, "n");
	json_begin_array(w, "list");
	json_u64(w, NULL, 1);
	json_begin_object(w, NULL);
	json_end_object(w);
	json_begin_array(w, NULL);
	json_end_array(w);
	json_end_array(w);
	json_fixed(w, "watts", 250000, 4);
	json_fixed(w, "small", 5, 4);
	json_end_object(w);
}

static void
test_json_document(void)
{
	bool balanced;
	char *text = capture(doc_nested, &balanced);

	CU_ASSERT_TRUE(balanced);
	CU_ASSERT_STRING_EQUAL(text,
			       "{\n"
			       "  \"s\": \"a\\\"b\\\\c\\nd\\te\\u0001\",\n"
			       "  \"max\": 18446744073709551615,\n"
			       "  \"neg\": -273,\n"
			       "  \"t\": true,\n"
			       "  \"n\": null,\n"
			       "  \"list\": [\n"
			       "    1,\n"
			       "    {},\n"
			       "    []\n"
			       "  ],\n"
			       "  \"watts\": 25.0000,\n"
			       "  \"small\": 0.0005\n"
			       "}\n");
	free(text);
}

static void
doc_unbalanced(struct json_writer *w)
{
	json_begin_object(w, NULL);
	json_begin_array(w, "a");
	json_end_array(w);
}

static void
doc_too_many_ends(struct json_writer *w)
{
	json_begin_array(w, NULL);
	json_end_array(w);
	json_end_array(w);
}

static void
doc_too_deep(struct json_writer *w)
{
	int i;

	for (i = 0; i < JSON_MAX_DEPTH + 2; i++) {
		json_begin_array(w, NULL);
	}
	for (i = 0; i < JSON_MAX_DEPTH + 2; i++) {
		json_end_array(w);
	}
}

/* The writer reports documents it could not write validly. */
static void
test_json_misuse_reported(void)
{
	bool balanced;

	free(capture(doc_unbalanced, &balanced));
	CU_ASSERT_FALSE(balanced);
	free(capture(doc_too_many_ends, &balanced));
	CU_ASSERT_FALSE(balanced);
	free(capture(doc_too_deep, &balanced));
	CU_ASSERT_FALSE(balanced);
}

static void
test_fmt_u128(void)
{
	uint64_t v[2];
	char s[48];

	v[0] = 0;
	v[1] = 0;
	identify_fmt_u128(s, sizeof(s), v);
	CU_ASSERT_STRING_EQUAL(s, "0");
	v[0] = UINT64_MAX;
	identify_fmt_u128(s, sizeof(s), v);
	CU_ASSERT_STRING_EQUAL(s, "18446744073709551615");
	/* 2^64: the high half counts. */
	v[0] = 0;
	v[1] = 1;
	identify_fmt_u128(s, sizeof(s), v);
	CU_ASSERT_STRING_EQUAL(s, "18446744073709551616");
	v[0] = UINT64_MAX;
	v[1] = UINT64_MAX;
	identify_fmt_u128(s, sizeof(s), v);
	CU_ASSERT_STRING_EQUAL(s, "340282366920938463463374607431768211455");
	/* Too small a buffer: truncated, still terminated. */
	identify_fmt_u128(s, 4, v);
	CU_ASSERT_STRING_EQUAL(s, "340");
}

static void
test_fmt_strings(void)
{
	char s[64];
	static const char sn[20] = "ident-c0            ";
	static const char odd[8] = { 'a', '\x7f', 'b', ' ', '\0', 'z', ' ', ' ' };
	static const uint8_t uuid[16] = {
		0x5f, 0x2a, 0x4c, 0x3e, 0x1b, 0x2d, 0x4e, 0x5f,
		0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b,
	};

	identify_fmt_ascii(s, sizeof(s), sn, sizeof(sn));
	CU_ASSERT_STRING_EQUAL(s, "ident-c0");
	/* Non-printable bytes become '.', a NUL ends the field early. */
	identify_fmt_ascii(s, sizeof(s), odd, sizeof(odd));
	CU_ASSERT_STRING_EQUAL(s, "a.b");
	identify_fmt_ascii(s, 5, sn, sizeof(sn));
	CU_ASSERT_STRING_EQUAL(s, "iden");
	identify_fmt_hex(s, sizeof(s), uuid, 8);
	CU_ASSERT_STRING_EQUAL(s, "5f2a4c3e1b2d4e5f");
	identify_fmt_uuid(s, sizeof(s), uuid);
	CU_ASSERT_STRING_EQUAL(s, "5f2a4c3e-1b2d-4e5f-8a9b-0c1d2e3f4a5b");
	CU_ASSERT_TRUE(identify_all_zero((const uint8_t *)"\0\0\0", 3));
	CU_ASSERT_FALSE(identify_all_zero(uuid, 16));
}

/* The fields as nvme-cli prints them: up to a NUL, padding kept; and the
 * names of set capability bits. */
static void
test_fmt_nvme_cli_strings(void)
{
	char s[128];
	static const char sn[20] = "  ident-c0          ";
	static const char odd[8] = { 'a', '\x80', 'b', '\n', ' ', '\0', 'z', ' ' };

	identify_fmt_raw_ascii(s, sizeof(s), sn, sizeof(sn));
	CU_ASSERT_STRING_EQUAL(s, "  ident-c0          ");
	/* Above 7Fh becomes '.', control characters stay (the writer escapes). */
	identify_fmt_raw_ascii(s, sizeof(s), odd, sizeof(odd));
	CU_ASSERT_STRING_EQUAL(s, "a.b\n ");
	identify_fmt_raw_ascii(s, 4, sn, sizeof(sn));
	CU_ASSERT_STRING_EQUAL(s, "  i");

	identify_fmt_bits(s, sizeof(s), 0, identify_lpa_bits);
	CU_ASSERT_STRING_EQUAL(s, "0x0 (none)");
	identify_fmt_bits(s, sizeof(s), 0x81, identify_lpa_bits);
	CU_ASSERT_STRING_EQUAL(s, "0x81: SMART / Health Log per Namespace, bit 7");
	identify_fmt_bits(s, sizeof(s), 0x80000100u, identify_oaes_bits);
	CU_ASSERT_STRING_EQUAL(s, "0x80000100: Namespace Attribute Notices, Discovery Log Page "
			       "Change Notices");
	/* Cut to the buffer, still terminated. */
	identify_fmt_bits(s, 12, 0x8001, identify_ctratt_bits);
	CU_ASSERT_STRING_EQUAL(s, "0x8001: 128");
}

/* MDTS and LBADS are device bytes: 2^exp beyond 64 bits must print exactly
 * (a shift by them was undefined behaviour, found by test/fuzz/fuzz_identify). */
static void
test_fmt_pow2(void)
{
	char s[96];

	identify_fmt_pow2(s, sizeof(s), 0);
	CU_ASSERT_STRING_EQUAL(s, "1");
	identify_fmt_pow2(s, sizeof(s), 12);
	CU_ASSERT_STRING_EQUAL(s, "4096");
	identify_fmt_pow2(s, sizeof(s), 64);
	CU_ASSERT_STRING_EQUAL(s, "18446744073709551616");
	identify_fmt_pow2(s, sizeof(s), 100);
	CU_ASSERT_STRING_EQUAL(s, "1267650600228229401496703205376");
	/* MDTS 255 with 4 KiB pages. */
	identify_fmt_pow2(s, sizeof(s), 255 + 12);
	CU_ASSERT_STRING_EQUAL(s, "2371421987580235682274733772977928352834969285952318751528"
			       "09132048206089502588928");
	/* Cut to the buffer, still terminated. */
	identify_fmt_pow2(s, 5, 64);
	CU_ASSERT_STRING_EQUAL(s, "1844");
}

static void
test_fmt_spec_values(void)
{
	struct spdk_nvme_power_state ps;

	memset(&ps, 0, sizeof(ps));
	ps.mp = 2500;	/* 25 W in 0.01 W units */
	CU_ASSERT_EQUAL(identify_ps_max_power_100uw(&ps), 250000);
	ps.mps = 1;	/* the same number in 0.0001 W units: 0.25 W */
	CU_ASSERT_EQUAL(identify_ps_max_power_100uw(&ps), 2500);
	CU_ASSERT_EQUAL(identify_arbitration_burst(0), 1);
	CU_ASSERT_EQUAL(identify_arbitration_burst(3), 8);
	CU_ASSERT_EQUAL(identify_arbitration_burst(7), 0);	/* no limit */
	CU_ASSERT_STRING_EQUAL(identify_sgl_support_name(0), "not supported");
	CU_ASSERT_STRING_EQUAL(identify_sgl_support_name(1), "supported");
	CU_ASSERT_STRING_EQUAL(identify_sgl_support_name(2), "supported (dword aligned)");
	CU_ASSERT_STRING_EQUAL(identify_sgl_support_name(3), "reserved value");
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("identify_json", NULL, NULL);
	if (suite == NULL ||
	    CU_add_test(suite, "JSON document", test_json_document) == NULL ||
	    CU_add_test(suite, "JSON misuse reported", test_json_misuse_reported) == NULL ||
	    CU_add_test(suite, "128-bit decimal", test_fmt_u128) == NULL ||
	    CU_add_test(suite, "identify strings", test_fmt_strings) == NULL ||
	    CU_add_test(suite, "powers of two", test_fmt_pow2) == NULL ||
	    CU_add_test(suite, "nvme-cli strings and bits", test_fmt_nvme_cli_strings) == NULL ||
	    CU_add_test(suite, "spec values", test_fmt_spec_values) == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
