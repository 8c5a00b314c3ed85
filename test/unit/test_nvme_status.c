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
	SPDK_NVME_SC_COMMAND_NAMESPACE_IS_PROTECTED, SPDK_NVME_SC_COMMAND_INTERRUPTED,
	SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR,
	SPDK_NVME_SC_COMMAND_PROHIBITED_BY_LOCKDOWN, SPDK_NVME_SC_ADMIN_COMMAND_MEDIA_NOT_READY,
	SPDK_NVME_SC_FDP_DISABLED, SPDK_NVME_SC_INVALID_PLACEMENT_HANDLE_LIST,
	SPDK_NVME_SC_LBA_OUT_OF_RANGE, SPDK_NVME_SC_CAPACITY_EXCEEDED,
	SPDK_NVME_SC_NAMESPACE_NOT_READY, SPDK_NVME_SC_RESERVATION_CONFLICT,
	SPDK_NVME_SC_FORMAT_IN_PROGRESS,
	SPDK_NVME_SC_INVALID_VALUE_SIZE, SPDK_NVME_SC_INVALID_KEY_SIZE,
	SPDK_NVME_SC_KV_KEY_DOES_NOT_EXIST, SPDK_NVME_SC_UNRECOVERED_ERROR,
	SPDK_NVME_SC_KEY_EXISTS,
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
	SPDK_NVME_SC_INSUFFICIENT_CAPACITY, SPDK_NVME_SC_NAMESPACE_ATTACH_LIMIT_EXCEEDED,
	SPDK_NVME_SC_PROHIBIT_CMD_EXEC_NOT_SUPPORTED, SPDK_NVME_SC_IDENTIFIER_UNAVAILABLE,
	SPDK_NVME_SC_IOCS_NOT_SUPPORTED, SPDK_NVME_SC_IOCS_NOT_ENABLED,
	SPDK_NVME_SC_IOCS_COMBINATION_REJECTED, SPDK_NVME_SC_INVALID_IOCS,
	SPDK_NVME_SC_STREAM_RESOURCE_ALLOCATION_FAILED,
	SPDK_NVME_SC_CONFLICTING_ATTRIBUTES, SPDK_NVME_SC_INVALID_PROTECTION_INFO,
	SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_RANGE, SPDK_NVME_SC_CMD_SIZE_LIMIT_SIZE_EXCEEDED,
	SPDK_NVME_SC_ZONED_BOUNDARY_ERROR, SPDK_NVME_SC_ZONE_IS_FULL,
	SPDK_NVME_SC_ZONE_IS_READ_ONLY, SPDK_NVME_SC_ZONE_IS_OFFLINE,
	SPDK_NVME_SC_ZONE_INVALID_WRITE, SPDK_NVME_SC_TOO_MANY_ACTIVE_ZONES,
	SPDK_NVME_SC_TOO_MANY_OPEN_ZONES, SPDK_NVME_SC_INVALID_ZONE_STATE_TRANSITION,
};

static const uint8_t media_error_codes[] = {
	SPDK_NVME_SC_WRITE_FAULTS, SPDK_NVME_SC_UNRECOVERED_READ_ERROR,
	SPDK_NVME_SC_GUARD_CHECK_ERROR, SPDK_NVME_SC_APPLICATION_TAG_CHECK_ERROR,
	SPDK_NVME_SC_REFERENCE_TAG_CHECK_ERROR, SPDK_NVME_SC_COMPARE_FAILURE,
	SPDK_NVME_SC_ACCESS_DENIED, SPDK_NVME_SC_DEALLOCATED_OR_UNWRITTEN_BLOCK,
	SPDK_NVME_SC_END_TO_END_STORAGE_TAG_CHECK_ERROR,
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

/* What a code without a name of its own must read as (Figures 126-131). */
static const char *
unnamed_code_string(unsigned int sct, unsigned int sc)
{
	if (sc >= 0xc0) {
		return "VENDOR SPECIFIC";
	}
	if (sct == SPDK_NVME_SCT_COMMAND_SPECIFIC && sc >= 0x70 && sc <= 0x7f) {
		return "DIRECTIVE SPECIFIC";
	}
	return "RESERVED";
}

/*
 * Defined codes have a real name; every other code of that type is
 * VENDOR SPECIFIC, DIRECTIVE SPECIFIC or RESERVED by its range.
 */
static void
check_type(unsigned int sct, const uint8_t *codes, size_t n)
{
	unsigned int sc;

	for (sc = 0; sc < 256; sc++) {
		const char *name = name_of(sct, sc);
		const char *unnamed = unnamed_code_string(sct, sc);

		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		if (in_list(codes, n, sc)) {
			if (strcmp(name, unnamed) == 0) {
				fprintf(stderr, "sct %u sc 0x%02x has no name\n", sct, sc);
			}
			CU_ASSERT_STRING_NOT_EQUAL(name, "RESERVED");
			CU_ASSERT_STRING_NOT_EQUAL(name, "VENDOR SPECIFIC");
			CU_ASSERT(name[0] != '\0');
		} else {
			if (strcmp(name, unnamed) != 0) {
				fprintf(stderr, "sct %u sc 0x%02x named \"%s\", expected \"%s\"\n",
					sct, sc, name, unnamed);
			}
			CU_ASSERT_STRING_EQUAL(name, unnamed);
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

/*
 * Every status code NVMe 1.4 defines, by its number in the spec (not the
 * enum), with the exact string: pins both the enum values in nvme_spec.h
 * and the names.
 */
static const struct {
	uint8_t		sct;
	uint8_t		sc;
	const char	*name;
} spec_codes[] = {
	/* Figure 126: generic command status */
	{ 0, 0x00, "SUCCESS" },
	{ 0, 0x01, "INVALID OPCODE" },
	{ 0, 0x02, "INVALID FIELD" },
	{ 0, 0x03, "COMMAND ID CONFLICT" },
	{ 0, 0x04, "DATA TRANSFER ERROR" },
	{ 0, 0x05, "ABORTED - POWER LOSS" },
	{ 0, 0x06, "INTERNAL DEVICE ERROR" },
	{ 0, 0x07, "ABORTED - BY REQUEST" },
	{ 0, 0x08, "ABORTED - SQ DELETION" },
	{ 0, 0x09, "ABORTED - FAILED FUSED" },
	{ 0, 0x0a, "ABORTED - MISSING FUSED" },
	{ 0, 0x0b, "INVALID NAMESPACE OR FORMAT" },
	{ 0, 0x0c, "COMMAND SEQUENCE ERROR" },
	{ 0, 0x0d, "INVALID SGL SEGMENT DESCRIPTOR" },
	{ 0, 0x0e, "INVALID NUMBER OF SGL DESCRIPTORS" },
	{ 0, 0x0f, "DATA SGL LENGTH INVALID" },
	{ 0, 0x10, "METADATA SGL LENGTH INVALID" },
	{ 0, 0x11, "SGL DESCRIPTOR TYPE INVALID" },
	{ 0, 0x12, "INVALID CONTROLLER MEMORY BUFFER" },
	{ 0, 0x13, "INVALID PRP OFFSET" },
	{ 0, 0x14, "ATOMIC WRITE UNIT EXCEEDED" },
	{ 0, 0x15, "OPERATION DENIED" },
	{ 0, 0x16, "INVALID SGL OFFSET" },
	{ 0, 0x17, "RESERVED" },
	{ 0, 0x18, "HOST IDENTIFIER INCONSISTENT FORMAT" },
	{ 0, 0x19, "KEEP ALIVE TIMER EXPIRED" },
	{ 0, 0x1a, "KEEP ALIVE TIMEOUT INVALID" },
	{ 0, 0x1b, "ABORTED - PREEMPT AND ABORT" },
	{ 0, 0x1c, "SANITIZE FAILED" },
	{ 0, 0x1d, "SANITIZE IN PROGRESS" },
	{ 0, 0x1e, "SGL DATA BLOCK GRANULARITY INVALID" },
	{ 0, 0x1f, "COMMAND NOT SUPPORTED FOR QUEUE IN CMB" },
	{ 0, 0x20, "NAMESPACE IS WRITE PROTECTED" },
	{ 0, 0x21, "COMMAND INTERRUPTED" },
	{ 0, 0x22, "TRANSIENT TRANSPORT ERROR" },
	{ 0, 0x23, "COMMAND PROHIBITED BY COMMAND AND FEATURE LOCKDOWN" },	/* 2.0 */
	{ 0, 0x2b, "RESERVED" },
	/* Figure 127: generic status, NVM command set */
	{ 0, 0x80, "LBA OUT OF RANGE" },
	{ 0, 0x81, "CAPACITY EXCEEDED" },
	{ 0, 0x82, "NAMESPACE NOT READY" },
	{ 0, 0x83, "RESERVATION CONFLICT" },
	{ 0, 0x84, "FORMAT IN PROGRESS" },
	{ 0, 0x85, "INVALID VALUE SIZE" },	/* KV */
	{ 0, 0x8a, "RESERVED" },
	{ 0, 0xc0, "VENDOR SPECIFIC" },
	{ 0, 0xff, "VENDOR SPECIFIC" },
	/* Figure 128: command specific status */
	{ 1, 0x00, "COMPLETION QUEUE INVALID" },
	{ 1, 0x01, "INVALID QUEUE IDENTIFIER" },
	{ 1, 0x02, "INVALID QUEUE SIZE" },
	{ 1, 0x03, "ABORT COMMAND LIMIT EXCEEDED" },
	{ 1, 0x04, "RESERVED" },
	{ 1, 0x05, "ASYNC EVENT REQUEST LIMIT EXCEEDED" },
	{ 1, 0x06, "INVALID FIRMWARE SLOT" },
	{ 1, 0x07, "INVALID FIRMWARE IMAGE" },
	{ 1, 0x08, "INVALID INTERRUPT VECTOR" },
	{ 1, 0x09, "INVALID LOG PAGE" },
	{ 1, 0x0a, "INVALID FORMAT" },
	{ 1, 0x0b, "FIRMWARE REQUIRES CONVENTIONAL RESET" },
	{ 1, 0x0c, "INVALID QUEUE DELETION" },
	{ 1, 0x0d, "FEATURE ID NOT SAVEABLE" },
	{ 1, 0x0e, "FEATURE NOT CHANGEABLE" },
	{ 1, 0x0f, "FEATURE NOT NAMESPACE SPECIFIC" },
	{ 1, 0x10, "FIRMWARE REQUIRES NVM SUBSYSTEM RESET" },
	{ 1, 0x11, "FIRMWARE REQUIRES CONTROLLER RESET" },
	{ 1, 0x12, "FIRMWARE REQUIRES MAXIMUM TIME VIOLATION" },
	{ 1, 0x13, "FIRMWARE ACTIVATION PROHIBITED" },
	{ 1, 0x14, "OVERLAPPING RANGE" },
	{ 1, 0x15, "NAMESPACE INSUFFICIENT CAPACITY" },
	{ 1, 0x16, "NAMESPACE IDENTIFIER UNAVAILABLE" },
	{ 1, 0x17, "RESERVED" },
	{ 1, 0x18, "NAMESPACE ALREADY ATTACHED" },
	{ 1, 0x19, "NAMESPACE IS PRIVATE" },
	{ 1, 0x1a, "NAMESPACE NOT ATTACHED" },
	{ 1, 0x1b, "THIN PROVISIONING NOT SUPPORTED" },
	{ 1, 0x1c, "CONTROLLER LIST INVALID" },
	{ 1, 0x1d, "DEVICE SELF-TEST IN PROGRESS" },
	{ 1, 0x1e, "BOOT PARTITION WRITE PROHIBITED" },
	{ 1, 0x1f, "INVALID CONTROLLER IDENTIFIER" },
	{ 1, 0x20, "INVALID SECONDARY CONTROLLER STATE" },
	{ 1, 0x21, "INVALID NUMBER OF CONTROLLER RESOURCES" },
	{ 1, 0x22, "INVALID RESOURCE IDENTIFIER" },
	{ 1, 0x23, "SANITIZE PROHIBITED WHILE PERSISTENT MEMORY REGION IS ENABLED" },
	{ 1, 0x24, "ANA GROUP IDENTIFIER INVALID" },
	{ 1, 0x25, "ANA ATTACH FAILED" },
	{ 1, 0x26, "INSUFFICIENT CAPACITY" },	/* 2.0 */
	{ 1, 0x2e, "RESERVED" },
	{ 1, 0x70, "DIRECTIVE SPECIFIC" },
	{ 1, 0x7e, "DIRECTIVE SPECIFIC" },
	/* §9.3 Streams */
	{ 1, 0x7f, "STREAM RESOURCE ALLOCATION FAILED" },
	/* Figure 129: command specific status, NVM command set */
	{ 1, 0x80, "CONFLICTING ATTRIBUTES" },
	{ 1, 0x81, "INVALID PROTECTION INFORMATION" },
	{ 1, 0x82, "ATTEMPTED WRITE TO READ ONLY RANGE" },
	{ 1, 0xbf, "INVALID ZONE STATE TRANSITION" },	/* ZNS */
	{ 1, 0xb7, "RESERVED" },
	{ 1, 0xc0, "VENDOR SPECIFIC" },
	/* Figure 130: media and data integrity errors */
	{ 2, 0x00, "RESERVED" },
	{ 2, 0x80, "WRITE FAULTS" },
	{ 2, 0x81, "UNRECOVERED READ ERROR" },
	{ 2, 0x82, "GUARD CHECK ERROR" },
	{ 2, 0x83, "APPLICATION TAG CHECK ERROR" },
	{ 2, 0x84, "REFERENCE TAG CHECK ERROR" },
	{ 2, 0x85, "COMPARE FAILURE" },
	{ 2, 0x86, "ACCESS DENIED" },
	{ 2, 0x87, "DEALLOCATED OR UNWRITTEN BLOCK" },
	{ 2, 0x88, "END-TO-END STORAGE TAG CHECK ERROR" },	/* 2.0 */
	{ 2, 0x89, "RESERVED" },
	{ 2, 0xc5, "VENDOR SPECIFIC" },
	/* Figure 131: path related status */
	{ 3, 0x00, "INTERNAL PATH ERROR" },
	{ 3, 0x01, "ASYMMETRIC ACCESS PERSISTENT LOSS" },
	{ 3, 0x02, "ASYMMETRIC ACCESS INACCESSIBLE" },
	{ 3, 0x03, "ASYMMETRIC ACCESS TRANSITION" },
	{ 3, 0x04, "RESERVED" },
	{ 3, 0x60, "CONTROLLER PATHING ERROR" },
	{ 3, 0x61, "RESERVED" },
	{ 3, 0x70, "HOST PATHING ERROR" },
	{ 3, 0x71, "COMMAND ABORTED BY HOST" },
	{ 3, 0x72, "RESERVED" },
	{ 3, 0xfe, "VENDOR SPECIFIC" },
	/* Figure 125: 4h..6h reserved types, 7h vendor specific */
	{ 4, 0x00, "RESERVED" },
	{ 6, 0xc0, "RESERVED" },
	{ 7, 0x00, "VENDOR SPECIFIC" },
	{ 7, 0x80, "VENDOR SPECIFIC" },
};

static void
test_spec_codes_by_number(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(spec_codes); i++) {
		const char *name = name_of(spec_codes[i].sct, spec_codes[i].sc);

		if (strcmp(name, spec_codes[i].name) != 0) {
			fprintf(stderr, "sct %u sc 0x%02x: \"%s\", expected \"%s\"\n",
				spec_codes[i].sct, spec_codes[i].sc, name, spec_codes[i].name);
		}
		CU_ASSERT_STRING_EQUAL(name, spec_codes[i].name);
	}
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
	    CU_add_test(suite, "NVMe 1.4 codes by number", test_spec_codes_by_number) == NULL ||
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
