/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/nvme_print.c: opcode names (by their NVMe 1.4
 * numbers), the exact one-line command and completion forms, and that
 * spdk_nvme_print_*() / spdk_nvme_qpair_print_*() put exactly those lines on
 * stderr through the driver's log (captured by pointing fd 2 at a tmpfile).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "nvme_internal.h"
#include "nvme_print.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

struct opc_name {
	uint8_t		opc;
	const char	*name;
};

/* NVMe 1.4 Figure 139, by number. */
static const struct opc_name admin_opcodes[] = {
	{ 0x00, "DELETE IO SQ" }, { 0x01, "CREATE IO SQ" }, { 0x02, "GET LOG PAGE" },
	{ 0x04, "DELETE IO CQ" }, { 0x05, "CREATE IO CQ" }, { 0x06, "IDENTIFY" },
	{ 0x08, "ABORT" }, { 0x09, "SET FEATURES" }, { 0x0a, "GET FEATURES" },
	{ 0x0c, "ASYNC EVENT REQUEST" }, { 0x0d, "NAMESPACE MANAGEMENT" },
	{ 0x10, "FIRMWARE COMMIT" }, { 0x11, "FIRMWARE IMAGE DOWNLOAD" },
	{ 0x14, "DEVICE SELF-TEST" }, { 0x15, "NAMESPACE ATTACHMENT" }, { 0x18, "KEEP ALIVE" },
	{ 0x19, "DIRECTIVE SEND" }, { 0x1a, "DIRECTIVE RECEIVE" },
	{ 0x1c, "VIRTUALIZATION MANAGEMENT" }, { 0x1d, "NVME-MI SEND" },
	{ 0x1e, "NVME-MI RECEIVE" }, { 0x7c, "DOORBELL BUFFER CONFIG" },
	{ 0x7f, "FABRICS COMMAND" }, { 0x80, "FORMAT NVM" }, { 0x81, "SECURITY SEND" },
	{ 0x82, "SECURITY RECEIVE" }, { 0x84, "SANITIZE" }, { 0x86, "GET LBA STATUS" },
};

/* NVMe 1.4 Figure 346, by number (COPY: TP 4065). */
static const struct opc_name io_opcodes[] = {
	{ 0x00, "FLUSH" }, { 0x01, "WRITE" }, { 0x02, "READ" }, { 0x04, "WRITE UNCORRECTABLE" },
	{ 0x05, "COMPARE" }, { 0x08, "WRITE ZEROES" }, { 0x09, "DATASET MANAGEMENT" },
	{ 0x0c, "VERIFY" }, { 0x0d, "RESERVATION REGISTER" }, { 0x0e, "RESERVATION REPORT" },
	{ 0x11, "RESERVATION ACQUIRE" }, { 0x15, "RESERVATION RELEASE" }, { 0x19, "COPY" },
	{ 0x7f, "FABRICS COMMAND" },
};

static const char *
expected_name(const struct opc_name *tab, size_t n, unsigned int opc, unsigned int vendor_first)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (tab[i].opc == opc) {
			return tab[i].name;
		}
	}
	return opc >= vendor_first ? "VENDOR SPECIFIC" : "UNKNOWN";
}

/* All 256 values of each opcode space: named ones exactly, the rest by range. */
static void
test_opcode_names(void)
{
	unsigned int opc;

	for (opc = 0; opc < 256; opc++) {
		const char *want = expected_name(admin_opcodes, ARRAY_LEN(admin_opcodes), opc, 0xc0);
		const char *got = nvme_admin_opc_name((uint8_t)opc);

		if (strcmp(got, want) != 0) {
			fprintf(stderr, "admin opc 0x%02x: \"%s\", expected \"%s\"\n", opc, got, want);
		}
		CU_ASSERT_STRING_EQUAL(got, want);

		want = expected_name(io_opcodes, ARRAY_LEN(io_opcodes), opc, 0x80);
		got = nvme_io_opc_name((uint8_t)opc);
		if (strcmp(got, want) != 0) {
			fprintf(stderr, "I/O opc 0x%02x: \"%s\", expected \"%s\"\n", opc, got, want);
		}
		CU_ASSERT_STRING_EQUAL(got, want);
	}
	/* Spot checks of the ranges themselves. */
	CU_ASSERT_STRING_EQUAL(nvme_admin_opc_name(0x03), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(nvme_admin_opc_name(0xbf), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(nvme_admin_opc_name(0xc0), "VENDOR SPECIFIC");
	CU_ASSERT_STRING_EQUAL(nvme_io_opc_name(0x7e), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(nvme_io_opc_name(0x80), "VENDOR SPECIFIC");
}

static struct spdk_nvme_cmd
make_cmd(uint8_t opc, uint16_t cid, uint32_t nsid, uint32_t cdw10, uint32_t cdw11, uint32_t cdw12)
{
	struct spdk_nvme_cmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = opc;
	cmd.cid = cid;
	cmd.nsid = nsid;
	cmd.cdw10 = cdw10;
	cmd.cdw11 = cdw11;
	cmd.cdw12 = cdw12;
	return cmd;
}

static const char *
fmt_cmd(uint16_t qid, const struct spdk_nvme_cmd *cmd)
{
	static char line[NVME_PRINT_LINE_MAX];

	nvme_format_command(line, sizeof(line), qid, cmd);
	return line;
}

static void
test_format_command(void)
{
	struct spdk_nvme_cmd cmd;

	/* READ at LBA 2048, NLB 7 (0's based): 8 blocks. */
	cmd = make_cmd(SPDK_NVME_OPC_READ, 12, 1, 2048, 0, 7);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd), "READ sqid:1 cid:12 nsid:1 lba:2048 len:8");
	/* SLBA spans CDW11:CDW10; NLB is only CDW12[15:0] (upper bits are flags). */
	cmd = make_cmd(SPDK_NVME_OPC_WRITE, 65535, 2, 0x89abcdef, 0x01234567,
		       SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS | 0xffff);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(7, &cmd),
			       "WRITE sqid:7 cid:65535 nsid:2 lba:81985529216486895 len:65536");
	cmd = make_cmd(SPDK_NVME_OPC_COMPARE, 3, 1, 10, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(2, &cmd), "COMPARE sqid:2 cid:3 nsid:1 lba:10 len:1");
	cmd = make_cmd(SPDK_NVME_OPC_WRITE_ZEROES, 4, 1, 100, 0, 15);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd), "WRITE ZEROES sqid:1 cid:4 nsid:1 lba:100 len:16");
	cmd = make_cmd(SPDK_NVME_OPC_VERIFY, 5, 1, 0, 0, 1);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd), "VERIFY sqid:1 cid:5 nsid:1 lba:0 len:2");

	/* I/O commands without an LBA range show opcode and CDW10/11. */
	cmd = make_cmd(SPDK_NVME_OPC_FLUSH, 9, 1, 0, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd),
			       "FLUSH (00) sqid:1 cid:9 nsid:1 cdw10:00000000 cdw11:00000000");
	cmd = make_cmd(SPDK_NVME_OPC_DATASET_MANAGEMENT, 4, 1, 0, SPDK_NVME_DSM_ATTR_DEALLOCATE, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd),
			       "DATASET MANAGEMENT (09) sqid:1 cid:4 nsid:1 cdw10:00000000 cdw11:00000004");
	cmd = make_cmd(0x85, 1, 1, 0xdeadbeef, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd),
			       "VENDOR SPECIFIC (85) sqid:1 cid:1 nsid:1 cdw10:deadbeef cdw11:00000000");

	/* Queue 0 is the admin queue: the same opcode byte means something else. */
	cmd = make_cmd(SPDK_NVME_OPC_IDENTIFY, 3, 0, SPDK_NVME_IDENTIFY_CTRLR, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(0, &cmd),
			       "IDENTIFY (06) sqid:0 cid:3 nsid:0 cdw10:00000001 cdw11:00000000");
	cmd = make_cmd(0x02, 17, 0xffffffff, 0x007f0002, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(0, &cmd),
			       "GET LOG PAGE (02) sqid:0 cid:17 nsid:4294967295 cdw10:007f0002 cdw11:00000000");
	CU_ASSERT_STRING_EQUAL(fmt_cmd(1, &cmd),
			       "READ sqid:1 cid:17 nsid:4294967295 lba:8323074 len:1");
	cmd = make_cmd(0xc1, 2, 0, 0, 0x10, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cmd(0, &cmd),
			       "VENDOR SPECIFIC (c1) sqid:0 cid:2 nsid:0 cdw10:00000000 cdw11:00000010");
}

static struct spdk_nvme_cpl
make_cpl(unsigned int sct, unsigned int sc, uint16_t cid, uint32_t cdw0, uint16_t sqhd,
	 unsigned int p, unsigned int m, unsigned int dnr)
{
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	cpl.status.sct = sct;
	cpl.status.sc = sc;
	cpl.cid = cid;
	cpl.cdw0 = cdw0;
	cpl.sqhd = sqhd;
	cpl.status.p = p;
	cpl.status.m = m;
	cpl.status.dnr = dnr;
	return cpl;
}

static const char *
fmt_cpl(uint16_t qid, const struct spdk_nvme_cpl *cpl)
{
	static char line[NVME_PRINT_LINE_MAX];

	nvme_format_completion(line, sizeof(line), qid, cpl);
	return line;
}

static void
test_format_completion(void)
{
	struct spdk_nvme_cpl cpl;
	char small[16];
	int n;

	cpl = make_cpl(0, 0x02, 12, 0, 5, 1, 0, 1);
	CU_ASSERT_STRING_EQUAL(fmt_cpl(1, &cpl),
			       "INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 p:1 m:0 dnr:1");
	cpl = make_cpl(0, 0, 3, 0x3f003f, 0x1f, 0, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cpl(0, &cpl),
			       "SUCCESS (00/00) qid:0 cid:3 cdw0:3f003f sqhd:001f p:0 m:0 dnr:0");
	cpl = make_cpl(2, 0x81, 65535, 0xffffffff, 0xffff, 1, 1, 1);
	CU_ASSERT_STRING_EQUAL(fmt_cpl(65535, &cpl),
			       "UNRECOVERED READ ERROR (02/81) qid:65535 cid:65535 cdw0:ffffffff "
			       "sqhd:ffff p:1 m:1 dnr:1");
	cpl = make_cpl(1, 0x23, 1, 0, 0, 0, 0, 1);
	CU_ASSERT_STRING_EQUAL(fmt_cpl(0, &cpl),
			       "SANITIZE PROHIBITED WHILE PERSISTENT MEMORY REGION IS ENABLED (01/23) "
			       "qid:0 cid:1 cdw0:0 sqhd:0000 p:0 m:0 dnr:1");
	cpl = make_cpl(7, 0xee, 8, 0, 2, 0, 0, 0);
	CU_ASSERT_STRING_EQUAL(fmt_cpl(4, &cpl),
			       "VENDOR SPECIFIC (07/ee) qid:4 cid:8 cdw0:0 sqhd:0002 p:0 m:0 dnr:0");

	/* A short buffer is truncated and terminated, and the full length reported. */
	cpl = make_cpl(0, 0x02, 12, 0, 5, 1, 0, 1);
	n = nvme_format_completion(small, sizeof(small), 1, &cpl);
	CU_ASSERT_EQUAL(n, (int)strlen("INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 p:1 m:0 dnr:1"));
	CU_ASSERT_STRING_EQUAL(small, "INVALID FIELD (");
}

/* ---- Capturing stderr ------------------------------------------------ */

static FILE *g_capture;
static int g_saved_stderr = -1;

static void
capture_begin(void)
{
	fflush(stderr);
	g_capture = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(g_capture);
	g_saved_stderr = dup(STDERR_FILENO);
	CU_ASSERT_FATAL(g_saved_stderr >= 0);
	CU_ASSERT_FATAL(dup2(fileno(g_capture), STDERR_FILENO) == STDERR_FILENO);
}

/* Restore stderr; return what was written meanwhile (static buffer). */
static const char *
capture_end(void)
{
	static char text[4096];
	size_t n;

	fflush(stderr);
	dup2(g_saved_stderr, STDERR_FILENO);
	close(g_saved_stderr);
	g_saved_stderr = -1;
	rewind(g_capture);
	n = fread(text, 1, sizeof(text) - 1, g_capture);
	text[n] = '\0';
	fclose(g_capture);
	g_capture = NULL;
	return text;
}

static void
test_print_to_log(void)
{
	struct spdk_nvme_cmd cmd = make_cmd(SPDK_NVME_OPC_READ, 12, 1, 2048, 0, 7);
	struct spdk_nvme_cpl cpl = make_cpl(0, 0x02, 12, 0, 5, 1, 0, 1);
	const char *out;

	capture_begin();
	spdk_nvme_print_command(1, &cmd);
	spdk_nvme_print_completion(1, &cpl);
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out,
			       "ealnvme notice: READ sqid:1 cid:12 nsid:1 lba:2048 len:8\n"
			       "ealnvme notice: INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 "
			       "p:1 m:0 dnr:1\n");
}

static void
test_qpair_print_uses_qpair_id(void)
{
	struct spdk_nvme_qpair qpair;
	struct spdk_nvme_cmd cmd = make_cmd(SPDK_NVME_OPC_WRITE, 40, 3, 8, 0, 0);
	struct spdk_nvme_cpl cpl = make_cpl(0, SPDK_NVME_SC_LBA_OUT_OF_RANGE, 40, 0, 9, 0, 0, 1);
	const char *out;

	memset(&qpair, 0, sizeof(qpair));
	qpair.id = 5;
	capture_begin();
	spdk_nvme_qpair_print_command(&qpair, &cmd);
	spdk_nvme_qpair_print_completion(&qpair, &cpl);
	qpair.id = 0;
	cmd = make_cmd(SPDK_NVME_OPC_GET_FEATURES, 2, 0, SPDK_NVME_FEAT_NUMBER_OF_QUEUES, 0, 0);
	spdk_nvme_qpair_print_command(&qpair, &cmd);
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out,
			       "ealnvme notice: WRITE sqid:5 cid:40 nsid:3 lba:8 len:1\n"
			       "ealnvme notice: LBA OUT OF RANGE (00/80) qid:5 cid:40 cdw0:0 sqhd:0009 "
			       "p:0 m:0 dnr:1\n"
			       "ealnvme notice: GET FEATURES (0a) sqid:0 cid:2 nsid:0 cdw10:00000007 "
			       "cdw11:00000000\n");
}

/* NULL arguments: no crash, one error line each that says what to pass. */
static void
test_print_null_arguments(void)
{
	struct spdk_nvme_cmd cmd = make_cmd(SPDK_NVME_OPC_FLUSH, 1, 1, 0, 0, 0);
	struct spdk_nvme_cpl cpl = make_cpl(0, 0, 1, 0, 0, 0, 0, 0);
	struct spdk_nvme_qpair qpair;
	const char *out;

	memset(&qpair, 0, sizeof(qpair));
	capture_begin();
	spdk_nvme_print_command(1, NULL);
	spdk_nvme_print_completion(1, NULL);
	spdk_nvme_qpair_print_command(NULL, &cmd);
	spdk_nvme_qpair_print_completion(NULL, &cpl);
	spdk_nvme_qpair_print_command(&qpair, NULL);
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out,
			       "ealnvme error: spdk_nvme_print_command: cmd is NULL; pass the command to print\n"
			       "ealnvme error: spdk_nvme_print_completion: cpl is NULL; pass the completion to print\n"
			       "ealnvme error: spdk_nvme_qpair_print_command: qpair is NULL; use "
			       "spdk_nvme_print_command() with a queue ID instead\n"
			       "ealnvme error: spdk_nvme_qpair_print_completion: qpair is NULL; use "
			       "spdk_nvme_print_completion() with a queue ID instead\n"
			       "ealnvme error: spdk_nvme_print_command: cmd is NULL; pass the command to print\n");
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	/* The lines are NOTICE level: make sure the threshold lets them through. */
	setenv("EALNVME_LOG_LEVEL", "notice", 1);
	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_print", NULL, NULL);
	if (suite == NULL ||
	    CU_add_test(suite, "opcode names", test_opcode_names) == NULL ||
	    CU_add_test(suite, "command one-line form", test_format_command) == NULL ||
	    CU_add_test(suite, "completion one-line form", test_format_completion) == NULL ||
	    CU_add_test(suite, "print through the log", test_print_to_log) == NULL ||
	    CU_add_test(suite, "qpair forms use the qpair id", test_qpair_print_uses_qpair_id) == NULL ||
	    CU_add_test(suite, "NULL arguments", test_print_null_arguments) == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
