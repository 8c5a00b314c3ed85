/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/nvme_status.c (status code names) and the
 * spdk_nvme_cpl_is_error() helper from spdk/nvme.h.
 */
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "spdk/nvme.h"

/* Public in SPDK; declared here until spdk/nvme.h has it. */
const char *spdk_nvme_cpl_get_status_type_string(const struct spdk_nvme_status *status);

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Every enumerator nvme_spec.h defines, per status code type. */
static const uint8_t generic_codes[] = {
	SPDK_NVME_SC_SUCCESS, SPDK_NVME_SC_INVALID_OPCODE, SPDK_NVME_SC_INVALID_FIELD,
	SPDK_NVME_SC_COMMAND_ID_CONFLICT, SPDK_NVME_SC_DATA_TRANSFER_ERROR,
	SPDK_NVME_SC_ABORTED_POWER_LOSS, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR,
	SPDK_NVME_SC_ABORTED_BY_REQUEST, SPDK_NVME_SC_ABORTED_SQ_DELETION,
	SPDK_NVME_SC_ABORTED_FAILED_FUSED, SPDK_NVME_SC_ABORTED_MISSING_FUSED,
	SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR,
	SPDK_NVME_SC_INVALID_SGL_SEG_DESCRIPTOR, SPDK_NVME_SC_INVALID_NUM_SGL_DESCIRPTORS,
	SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID, SPDK_NVME_SC_METADATA_SGL_LENGTH_INVALID,
	SPDK_NVME_SC_SGL_DESCRIPTOR_TYPE_INVALID, SPDK_NVME_SC_INVALID_CONTROLLER_MEM_BUF,
	SPDK_NVME_SC_INVALID_PRP_OFFSET, SPDK_NVME_SC_ATOMIC_WRITE_UNIT_EXCEEDED,
	SPDK_NVME_SC_OPERATION_DENIED, SPDK_NVME_SC_INVALID_SGL_OFFSET,
	SPDK_NVME_SC_HOSTID_INCONSISTENT_FORMAT, SPDK_NVME_SC_KEEP_ALIVE_EXPIRED,
	SPDK_NVME_SC_KEEP_ALIVE_INVALID, SPDK_NVME_SC_ABORTED_PREEMPT,
	SPDK_NVME_SC_SANITIZE_FAILED, SPDK_NVME_SC_SANITIZE_IN_PROGRESS,
	SPDK_NVME_SC_SGL_DATA_BLOCK_GRANULARITY_INVALID, SPDK_NVME_SC_COMMAND_INVALID_IN_CMB,
	SPDK_NVME_SC_NAMESPACE_IS_WRITE_PROTECTED, SPDK_NVME_SC_COMMAND_INTERRUPTED,
	SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR,
	SPDK_NVME_SC_LBA_OUT_OF_RANGE, SPDK_NVME_SC_CAPACITY_EXCEEDED,
	SPDK_NVME_SC_NAMESPACE_NOT_READY, SPDK_NVME_SC_RESERVATION_CONFLICT,
	SPDK_NVME_SC_FORMAT_IN_PROGRESS,
};

static const uint8_t command_specific_codes[] = {
	SPDK_NVME_SC_COMPLETION_QUEUE_INVALID, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER,
	SPDK_NVME_SC_INVALID_QUEUE_SIZE, SPDK_NVME_SC_ABORT_COMMAND_LIMIT_EXCEEDED,
	SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED, SPDK_NVME_SC_INVALID_FIRMWARE_SLOT,
	SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE, SPDK_NVME_SC_INVALID_INTERRUPT_VECTOR,
	SPDK_NVME_SC_INVALID_LOG_PAGE, SPDK_NVME_SC_INVALID_FORMAT,
	SPDK_NVME_SC_FIRMWARE_REQ_CONVENTIONAL_RESET, SPDK_NVME_SC_INVALID_QUEUE_DELETION,
	SPDK_NVME_SC_FEATURE_ID_NOT_SAVEABLE, SPDK_NVME_SC_FEATURE_NOT_CHANGEABLE,
	SPDK_NVME_SC_FEATURE_NOT_NAMESPACE_SPECIFIC, SPDK_NVME_SC_FIRMWARE_REQ_NVM_RESET,
	SPDK_NVME_SC_FIRMWARE_REQ_RESET, SPDK_NVME_SC_FIRMWARE_REQ_MAX_TIME_VIOLATION,
	SPDK_NVME_SC_FIRMWARE_ACTIVATION_PROHIBITED, SPDK_NVME_SC_OVERLAPPING_RANGE,
	SPDK_NVME_SC_NAMESPACE_INSUFFICIENT_CAPACITY, SPDK_NVME_SC_NAMESPACE_ID_UNAVAILABLE,
	SPDK_NVME_SC_NAMESPACE_ALREADY_ATTACHED, SPDK_NVME_SC_NAMESPACE_IS_PRIVATE,
	SPDK_NVME_SC_NAMESPACE_NOT_ATTACHED, SPDK_NVME_SC_THINPROVISIONING_NOT_SUPPORTED,
	SPDK_NVME_SC_CONTROLLER_LIST_INVALID, SPDK_NVME_SC_DEVICE_SELF_TEST_IN_PROGRESS,
	SPDK_NVME_SC_BOOT_PARTITION_WRITE_PROHIBITED, SPDK_NVME_SC_INVALID_CTRLR_ID,
	SPDK_NVME_SC_INVALID_SECONDARY_CTRLR_STATE, SPDK_NVME_SC_INVALID_NUM_CTRLR_RESOURCES,
	SPDK_NVME_SC_INVALID_RESOURCE_ID, SPDK_NVME_SC_SANITIZE_PROHIBITED,
	SPDK_NVME_SC_ANA_GROUP_IDENTIFIER_INVALID, SPDK_NVME_SC_ANA_ATTACH_FAILED,
	SPDK_NVME_SC_IOCS_NOT_SUPPORTED, SPDK_NVME_SC_IOCS_NOT_ENABLED,
	SPDK_NVME_SC_IOCS_COMBINATION_REJECTED, SPDK_NVME_SC_INVALID_IOCS,
	SPDK_NVME_SC_STREAM_RESOURCE_ALLOCATION_FAILED,
	SPDK_NVME_SC_CONFLICTING_ATTRIBUTES, SPDK_NVME_SC_INVALID_PROTECTION_INFO,
	SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_RANGE, SPDK_NVME_SC_COMMAND_SIZE_LIMIT_EXCEEDED,
	/* compatibility spellings */
	SPDK_NVME_SC_MAXIMUM_QUEUE_SIZE_EXCEEDED, SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_PAGE,
};

static const uint8_t media_error_codes[] = {
	SPDK_NVME_SC_WRITE_FAULTS, SPDK_NVME_SC_UNRECOVERED_READ_ERROR,
	SPDK_NVME_SC_GUARD_CHECK_ERROR, SPDK_NVME_SC_APPLICATION_TAG_CHECK_ERROR,
	SPDK_NVME_SC_REFERENCE_TAG_CHECK_ERROR, SPDK_NVME_SC_COMPARE_FAILURE,
	SPDK_NVME_SC_ACCESS_DENIED, SPDK_NVME_SC_DEALLOCATED_OR_UNWRITTEN_BLOCK,
};

static const uint8_t path_codes[] = {
	SPDK_NVME_SC_INTERNAL_PATH_ERROR, SPDK_NVME_SC_ASYMMETRIC_ACCESS_PERSISTENT_LOSS,
	SPDK_NVME_SC_ASYMMETRIC_ACCESS_INACCESSIBLE, SPDK_NVME_SC_ASYMMETRIC_ACCESS_TRANSITION,
	SPDK_NVME_SC_CONTROLLER_PATH_ERROR, SPDK_NVME_SC_HOST_PATH_ERROR,
	SPDK_NVME_SC_ABORTED_BY_HOST,
};

static struct spdk_nvme_status
make_status(unsigned int sct, unsigned int sc)
{
	struct spdk_nvme_status st;

	memset(&st, 0, sizeof(st));
	st.sct = sct;
	st.sc = sc;
	return st;
}

static const char *
name_of(unsigned int sct, unsigned int sc)
{
	struct spdk_nvme_status st = make_status(sct, sc);

	return spdk_nvme_cpl_get_status_string(&st);
}

static bool
in_list(const uint8_t *codes, size_t n, unsigned int sc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (codes[i] == sc) {
			return true;
		}
	}
	return false;
}

/* Defined codes have a real name; every other code of that type is RESERVED. */
static void
check_type(unsigned int sct, const uint8_t *codes, size_t n)
{
	unsigned int sc;

	for (sc = 0; sc < 256; sc++) {
		const char *name = name_of(sct, sc);

		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		if (in_list(codes, n, sc)) {
			if (strcmp(name, "RESERVED") == 0) {
				fprintf(stderr, "sct %u sc 0x%02x has no name\n", sct, sc);
			}
			CU_ASSERT_STRING_NOT_EQUAL(name, "RESERVED");
			CU_ASSERT(name[0] != '\0');
		} else {
			if (strcmp(name, "RESERVED") != 0) {
				fprintf(stderr, "sct %u sc 0x%02x unexpectedly named \"%s\"\n",
					sct, sc, name);
			}
			CU_ASSERT_STRING_EQUAL(name, "RESERVED");
		}
	}
}

static void
test_generic_codes(void)
{
	check_type(SPDK_NVME_SCT_GENERIC, generic_codes, ARRAY_LEN(generic_codes));
}

static void
test_command_specific_codes(void)
{
	check_type(SPDK_NVME_SCT_COMMAND_SPECIFIC, command_specific_codes,
		   ARRAY_LEN(command_specific_codes));
}

static void
test_media_error_codes(void)
{
	check_type(SPDK_NVME_SCT_MEDIA_ERROR, media_error_codes, ARRAY_LEN(media_error_codes));
}

static void
test_path_codes(void)
{
	check_type(SPDK_NVME_SCT_PATH, path_codes, ARRAY_LEN(path_codes));
}

static void
test_reserved_and_vendor_types(void)
{
	unsigned int sct, sc;

	for (sct = 4; sct <= 6; sct++) {
		for (sc = 0; sc < 256; sc++) {
			CU_ASSERT_STRING_EQUAL(name_of(sct, sc), "RESERVED");
		}
	}
	for (sc = 0; sc < 256; sc++) {
		CU_ASSERT_STRING_EQUAL(name_of(SPDK_NVME_SCT_VENDOR_SPECIFIC, sc),
				       "VENDOR SPECIFIC");
	}
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(NULL), "RESERVED");
}

static void
test_well_known_strings(void)
{
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_SUCCESS), "SUCCESS");
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_INVALID_OPCODE), "INVALID OPCODE");
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_INVALID_FIELD), "INVALID FIELD");
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_ABORTED_SQ_DELETION),
			       "ABORTED - SQ DELETION");
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT),
			       "INVALID NAMESPACE OR FORMAT");
	CU_ASSERT_STRING_EQUAL(name_of(0, SPDK_NVME_SC_LBA_OUT_OF_RANGE), "LBA OUT OF RANGE");
	CU_ASSERT_STRING_EQUAL(name_of(1, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER),
			       "INVALID QUEUE IDENTIFIER");
	CU_ASSERT_STRING_EQUAL(name_of(1, SPDK_NVME_SC_INVALID_QUEUE_SIZE), "INVALID QUEUE SIZE");
	CU_ASSERT_STRING_EQUAL(name_of(1, SPDK_NVME_SC_CONFLICTING_ATTRIBUTES),
			       "CONFLICTING ATTRIBUTES");
	CU_ASSERT_STRING_EQUAL(name_of(2, SPDK_NVME_SC_UNRECOVERED_READ_ERROR),
			       "UNRECOVERED READ ERROR");
	CU_ASSERT_STRING_EQUAL(name_of(2, SPDK_NVME_SC_COMPARE_FAILURE), "COMPARE FAILURE");
	CU_ASSERT_STRING_EQUAL(name_of(3, SPDK_NVME_SC_INTERNAL_PATH_ERROR), "INTERNAL PATH ERROR");
	/* The same SC means different things under different SCTs. */
	CU_ASSERT_STRING_NOT_EQUAL(name_of(0, 0x81), name_of(1, 0x81));
	CU_ASSERT_STRING_NOT_EQUAL(name_of(1, 0x81), name_of(2, 0x81));
}

static void
test_status_type_strings(void)
{
	struct spdk_nvme_status st;

	st = make_status(SPDK_NVME_SCT_GENERIC, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "GENERIC");
	st = make_status(SPDK_NVME_SCT_COMMAND_SPECIFIC, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "COMMAND SPECIFIC");
	st = make_status(SPDK_NVME_SCT_MEDIA_ERROR, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "MEDIA ERROR");
	st = make_status(SPDK_NVME_SCT_PATH, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "PATH");
	st = make_status(SPDK_NVME_SCT_VENDOR_SPECIFIC, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "VENDOR SPECIFIC");
	st = make_status(5, 0);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(&st), "RESERVED");
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_type_string(NULL), "RESERVED");
}

/* The whole 16-bit status word, including phase and DNR, reaches the names. */
static void
test_status_from_raw_cqe_word(void)
{
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	/* P=1, SC=80h, SCT=0, DNR=1: LBA out of range, as a device would post it. */
	cpl.status_raw = (uint16_t)(1u | (0x80u << 1) | (1u << 15));
	CU_ASSERT_EQUAL(cpl.status.p, 1);
	CU_ASSERT_EQUAL(cpl.status.sc, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
	CU_ASSERT_EQUAL(cpl.status.sct, SPDK_NVME_SCT_GENERIC);
	CU_ASSERT_EQUAL(cpl.status.dnr, 1);
	CU_ASSERT_STRING_EQUAL(spdk_nvme_cpl_get_status_string(&cpl.status), "LBA OUT OF RANGE");
}

static void
test_cpl_is_error(void)
{
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	CU_ASSERT_FALSE(spdk_nvme_cpl_is_error(&cpl));

	/* Phase, more and DNR bits alone do not make an error. */
	cpl.status.p = 1;
	CU_ASSERT_FALSE(spdk_nvme_cpl_is_error(&cpl));

	cpl.status.sc = SPDK_NVME_SC_INVALID_FIELD;
	CU_ASSERT_TRUE(spdk_nvme_cpl_is_error(&cpl));

	/* SC 0 under a non-generic SCT is an error (e.g. completion queue invalid). */
	cpl.status.sc = 0;
	cpl.status.sct = SPDK_NVME_SCT_COMMAND_SPECIFIC;
	CU_ASSERT_TRUE(spdk_nvme_cpl_is_error(&cpl));
	cpl.status.sct = SPDK_NVME_SCT_PATH;
	CU_ASSERT_TRUE(spdk_nvme_cpl_is_error(&cpl));
	cpl.status.sct = SPDK_NVME_SCT_VENDOR_SPECIFIC;
	CU_ASSERT_TRUE(spdk_nvme_cpl_is_error(&cpl));
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_status", NULL, NULL);
	if (suite == NULL ||
	    CU_add_test(suite, "generic codes", test_generic_codes) == NULL ||
	    CU_add_test(suite, "command specific codes", test_command_specific_codes) == NULL ||
	    CU_add_test(suite, "media error codes", test_media_error_codes) == NULL ||
	    CU_add_test(suite, "path codes", test_path_codes) == NULL ||
	    CU_add_test(suite, "reserved and vendor types", test_reserved_and_vendor_types) == NULL ||
	    CU_add_test(suite, "well known strings", test_well_known_strings) == NULL ||
	    CU_add_test(suite, "status type strings", test_status_type_strings) == NULL ||
	    CU_add_test(suite, "status from raw CQE word", test_status_from_raw_cqe_word) == NULL ||
	    CU_add_test(suite, "cpl_is_error", test_cpl_is_error) == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
