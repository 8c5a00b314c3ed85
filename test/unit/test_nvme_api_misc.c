/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller-independent calls of SPDK's nvme.h added for issue 8:
 * host ID, trstring and PI check parsing (nvme_transport_id.c), the _ext
 * status strings and completion printers (nvme_status.c, nvme_print.c), the
 * DH-HMAC-CHAP name tables (nvme_auth.c), and the calls that cannot work
 * here (nvme_auth.c, nvme_unsupported.c): each returns what SPDK's signature
 * allows for "not supported" and says why in one log line.
 */
#include "nvme_driver_test.h"

static void
test_host_id_parse(void)
{
	struct spdk_nvme_host_id h;
	char long_val[SPDK_NVMF_TRSVCID_MAX_LEN + 20];

	memset(&h, 0, sizeof(h));
	CU_ASSERT(spdk_nvme_host_id_parse(&h, "trtype:TCP adrfam:IPv4 traddr:10.0.0.1 "
					  "trsvcid:4420 hostaddr:10.0.0.2 hostsvcid=5000 "
					  "subnqn:nqn.x priority:2 ns:1") == 0);
	CU_ASSERT(strcmp(h.hostaddr, "10.0.0.2") == 0 && strcmp(h.hostsvcid, "5000") == 0);
	/* Keys are case-insensitive; a later value replaces an earlier one. */
	CU_ASSERT(spdk_nvme_host_id_parse(&h, "  HostAddr:fe80::1\t") == 0);
	CU_ASSERT(strcmp(h.hostaddr, "fe80::1") == 0 && strcmp(h.hostsvcid, "5000") == 0);

	/* Errors leave hostid as it was. */
	memset(long_val, '9', sizeof(long_val) - 1);
	long_val[sizeof(long_val) - 1] = '\0';
	{
		char str[128];

		snprintf(str, sizeof(str), "hostaddr:1.2.3.4 hostsvcid:%s", long_val);
		CU_ASSERT(spdk_nvme_host_id_parse(&h, str) == -EINVAL);
	}
	CU_ASSERT(strcmp(h.hostaddr, "fe80::1") == 0);
	CU_ASSERT(spdk_nvme_host_id_parse(&h, "hostaddr") == -EINVAL);
	CU_ASSERT(spdk_nvme_host_id_parse(&h, "hostaddr:") == -EINVAL);
	CU_ASSERT(spdk_nvme_host_id_parse(&h, "color:blue") == -EINVAL);
	CU_ASSERT(spdk_nvme_host_id_parse(NULL, "hostaddr:1") == -EINVAL);
	CU_ASSERT(spdk_nvme_host_id_parse(&h, NULL) == -EINVAL);
	CU_ASSERT(strcmp(h.hostaddr, "fe80::1") == 0);
	/* The transport ID parser still takes the host keys in the same string. */
	{
		struct spdk_nvme_transport_id trid = { 0 };

		CU_ASSERT(spdk_nvme_transport_id_parse(&trid, "trtype:PCIe traddr:0000:01:00.0 "
						       "hostaddr:10.0.0.2") == 0);
		CU_ASSERT(strcmp(trid.traddr, "0000:01:00.0") == 0);
	}
}

static void
test_populate_trstring(void)
{
	struct spdk_nvme_transport_id trid;
	char longer[SPDK_NVMF_TRSTRING_MAX_LEN + 2];

	memset(&trid, 0, sizeof(trid));
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(&trid, "pcie") == 0);
	CU_ASSERT(strcmp(trid.trstring, "PCIE") == 0);
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(&trid, "MyTransport") == 0);
	CU_ASSERT(strcmp(trid.trstring, "MYTRANSPORT") == 0);
	CU_ASSERT(trid.trtype == 0);	/* only the string */

	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(&trid, longer) == -EINVAL);
	CU_ASSERT(strcmp(trid.trstring, "MYTRANSPORT") == 0);
	longer[SPDK_NVMF_TRSTRING_MAX_LEN] = '\0';	/* exactly the maximum */
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(&trid, longer) == 0);
	CU_ASSERT(strlen(trid.trstring) == SPDK_NVMF_TRSTRING_MAX_LEN && trid.trstring[0] == 'A');
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(NULL, "pcie") == -EINVAL);
	CU_ASSERT(spdk_nvme_transport_id_populate_trstring(&trid, NULL) == -EINVAL);
}

static void
test_prchk_flags(void)
{
	uint32_t flags = SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS;

	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "prchk:reftag|guard") == 0);
	CU_ASSERT(flags == (SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS |
			    SPDK_NVME_IO_FLAGS_PRCHK_REFTAG | SPDK_NVME_IO_FLAGS_PRCHK_GUARD));
	flags = 0;
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "PRCHK=Guard") == 0);
	CU_ASSERT(flags == SPDK_NVME_IO_FLAGS_PRCHK_GUARD);
	flags = 0;
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "prchk:reftag") == 0);
	CU_ASSERT(flags == SPDK_NVME_IO_FLAGS_PRCHK_REFTAG);
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "") == 0 &&
		  flags == SPDK_NVME_IO_FLAGS_PRCHK_REFTAG);

	flags = 0;
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "prchk:apptag") == -EINVAL);
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "check:guard") == -EINVAL);
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "guard") == -EINVAL);
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, "prchk:guard nope:1") == -EINVAL);
	CU_ASSERT(flags == 0);	/* a failed parse sets nothing */
	CU_ASSERT(spdk_nvme_prchk_flags_parse(NULL, "prchk:guard") == -EINVAL);
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, NULL) == -EINVAL);

	CU_ASSERT(strcmp(spdk_nvme_prchk_flags_str(SPDK_NVME_IO_FLAGS_PRCHK_REFTAG |
			 SPDK_NVME_IO_FLAGS_PRCHK_GUARD), "prchk:reftag|guard") == 0);
	CU_ASSERT(strcmp(spdk_nvme_prchk_flags_str(SPDK_NVME_IO_FLAGS_PRCHK_REFTAG),
			 "prchk:reftag") == 0);
	CU_ASSERT(strcmp(spdk_nvme_prchk_flags_str(SPDK_NVME_IO_FLAGS_PRCHK_GUARD |
			 SPDK_NVME_IO_FLAGS_PRACT), "prchk:guard") == 0);
	CU_ASSERT(spdk_nvme_prchk_flags_str(SPDK_NVME_IO_FLAGS_PRCHK_APPTAG) == NULL);
	CU_ASSERT(spdk_nvme_prchk_flags_str(0) == NULL);
	/* Round trip. */
	flags = 0;
	CU_ASSERT(spdk_nvme_prchk_flags_parse(&flags, spdk_nvme_prchk_flags_str(
			SPDK_NVME_IO_FLAGS_PRCHK_REFTAG | SPDK_NVME_IO_FLAGS_PRCHK_GUARD)) == 0);
	CU_ASSERT(flags == (SPDK_NVME_IO_FLAGS_PRCHK_REFTAG | SPDK_NVME_IO_FLAGS_PRCHK_GUARD));
}

static void
test_status_string_ext(void)
{
	struct spdk_nvme_status st = { 0 };

	/* A Fabrics command's own command specific codes. */
	st.sct = SPDK_NVME_SCT_COMMAND_SPECIFIC;
	st.sc = 0x81;
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, 0x7f), "CONTROLLER BUSY") == 0);
	st.sc = 0x91;
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, 0x7f), "AUTH REQUIRED") == 0);
	st.sc = 0x85;
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, 0x7f),
			 "FABRIC COMMAND SPECIFIC") == 0);
	/* Any other opcode: the plain names. */
	st.sc = SPDK_NVME_SC_INVALID_FORMAT;
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, SPDK_NVME_OPC_FORMAT_NVM),
			 spdk_nvme_cpl_get_status_string(&st)) == 0);
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, 0x7f), "INVALID PARAM") != 0);
	st.sct = SPDK_NVME_SCT_GENERIC;
	st.sc = SPDK_NVME_SC_INVALID_FIELD;
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(&st, 0x7f), "INVALID FIELD") == 0);
	CU_ASSERT(strcmp(spdk_nvme_cpl_get_status_string_ext(NULL, 0x7f), "RESERVED") == 0);
}

static void
test_print_completion_ext(void)
{
	struct spdk_nvme_cpl cpl = { 0 };
	struct dt_capture cap;

	cpl.cid = 9;
	cpl.sqid = 0;
	cpl.sqhd = 3;
	cpl.status.sct = SPDK_NVME_SCT_COMMAND_SPECIFIC;
	cpl.status.sc = 0x84;
	cpl.status.dnr = 1;
	dt_capture_begin(&cap);
	spdk_nvme_print_completion_ext(0, &cpl, 0x7f);
	spdk_nvme_print_completion_ext(0, &cpl, SPDK_NVME_OPC_IDENTIFY);
	spdk_nvme_qpair_print_completion_ext(NULL, &cpl, 0x7f);
	spdk_nvme_print_completion_ext(0, NULL, 0x7f);
	cpl.sqid = 5;	/* not queue 2 */
	spdk_nvme_print_completion_ext(2, &cpl, 0x7f);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "INVALID HOST (01/84) qid:0 cid:9 cdw0:0 sqhd:0003 p:0 m:0 "
			 "dnr:1") != NULL);
	/* IDENTIFY's 84h is no Fabrics code. */
	CU_ASSERT(dt_count(cap.text, "INVALID HOST") == 2);
	CU_ASSERT(strstr(cap.text, "qpair is NULL") != NULL);
	CU_ASSERT(strstr(cap.text, "cpl is NULL") != NULL);
	CU_ASSERT(strstr(cap.text, "sqid 5 is not queue 2") != NULL);
}

/* The model's I/O qpair prints with its own queue ID. */
static void
test_qpair_print_completion_ext(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct spdk_nvme_cpl cpl = { 0 };
	struct dt_capture cap;

	CU_ASSERT_FATAL(qpair != NULL);
	cpl.cid = 4;
	cpl.sqid = 1;
	cpl.status.sc = SPDK_NVME_SC_LBA_OUT_OF_RANGE;
	dt_capture_begin(&cap);
	spdk_nvme_qpair_print_completion_ext(qpair, &cpl, SPDK_NVME_OPC_READ);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "LBA OUT OF RANGE (00/80) qid:1 cid:4") != NULL);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_dhchap_tables(void)
{
	static const char *const groups[] = {
		"null", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
	};

	CU_ASSERT(strcmp(spdk_nvme_dhchap_get_digest_name(1), "sha256") == 0);
	CU_ASSERT(strcmp(spdk_nvme_dhchap_get_digest_name(3), "sha512") == 0);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_name(0) == NULL);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_name(4) == NULL);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_id("sha384") == 2);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_id("SHA384") == -EINVAL);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_id("md5") == -EINVAL);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_id(NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_length(1) == 32);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_length(2) == 48);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_length(3) == 64);
	CU_ASSERT(spdk_nvme_dhchap_get_digest_length(-1) == 0);
	for (int id = 0; id < 6; id++) {
		CU_ASSERT(strcmp(spdk_nvme_dhchap_get_dhgroup_name(id), groups[id]) == 0);
		CU_ASSERT(spdk_nvme_dhchap_get_dhgroup_id(groups[id]) == id);
	}
	CU_ASSERT(spdk_nvme_dhchap_get_dhgroup_name(6) == NULL);
	CU_ASSERT(spdk_nvme_dhchap_get_dhgroup_name(-1) == NULL);
	CU_ASSERT(spdk_nvme_dhchap_get_dhgroup_id("ffdhe1024") == -EINVAL);
	/* The default opts allow exactly these (SPDK_BIT(id) of each). */
	{
		struct spdk_nvme_ctrlr_opts opts;

		spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
		for (int id = 1; id <= 3; id++) {
			CU_ASSERT(opts.dhchap_digests & (1u << id));
		}
		CU_ASSERT(opts.dhchap_dhgroups == (1u << 6) - 1);
	}
}

static void
authenticate_cb(void *ctx, int status)
{
	(void)status;
	(*(unsigned int *)ctx)++;
}

static void
test_not_supported(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_ctrlr_key_opts kopts = { .size = sizeof(kopts) };
	struct spdk_nvme_rdma_hooks hooks = { 0 };
	struct dt_capture cap;
	unsigned int auth_calls = 0;
	char name[64];
	size_t size = sizeof(name);
	uint64_t before = dt_cmds_fetched(m);

	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_cuse_register(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_cuse_unregister(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_cuse_get_ctrlr_name(ctrlr, name, &size) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_cuse_get_ns_name(ctrlr, 1, name, &size) == -ENOTSUP);
	spdk_nvme_cuse_update_namespaces(ctrlr);
	CU_ASSERT(spdk_nvme_ctrlr_authenticate(ctrlr, authenticate_cb, &auth_calls) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_qpair_authenticate(NULL, authenticate_cb, &auth_calls) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_set_keys(ctrlr, &kopts) == -ENOTSUP);
	spdk_nvme_rdma_init_hooks(&hooks);
	spdk_nvme_transport_register(NULL);
	dt_capture_end(&cap, false);

	/* Nothing pretended to work: no callback, no command, a reason for each. */
	CU_ASSERT(auth_calls == 0);
	CU_ASSERT(size == sizeof(name));
	CU_ASSERT(dt_cmds_fetched(m) == before);
	CU_ASSERT(dt_count(cap.text, "not supported") == 10);
	CU_ASSERT(dt_count(cap.text, "no libfuse") == 5);
	CU_ASSERT(dt_count(cap.text, "NVMe over Fabrics only") == 3);
	CU_ASSERT(strstr(cap.text, "no RDMA transport") != NULL);
	CU_ASSERT(strstr(cap.text, "transports are built in") != NULL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_host_id_parse);
	ADD(test_populate_trstring);
	ADD(test_prchk_flags);
	ADD(test_status_string_ext);
	ADD(test_print_completion_ext);
	ADD(test_qpair_print_completion_ext);
	ADD(test_dhchap_tables);
	ADD(test_not_supported);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_api_misc", add_tests);
}
