/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_nvme_ctrlr_get_discovery_log_page against the controller model
 * serving a Discovery log (LID 70h): one read, reads split at the max
 * transfer size (LPOL/LPOU), a GENCTR that moves (restart, and giving up),
 * a controller that refuses LID 70h, bad arguments, a lying NUMREC, and a
 * detach or a failure while the read is in flight (nothing leaks: the
 * mocked env counts allocations, valgrind the rest); the init of a
 * discovery controller (no queue count, no namespaces, AER config); qids
 * taken round robin over a fabric.
 */
#include "nvme_driver_test.h"
#include "nvme_internal.h"

#define KIB	1024u

struct disc_result {
	unsigned int				calls;
	int					rc;
	bool					have_cpl;
	struct spdk_nvme_cpl			cpl;
	struct spdk_nvmf_discovery_log_page	*log;
};

static void
disc_done(void *arg, int rc, const struct spdk_nvme_cpl *cpl,
	  struct spdk_nvmf_discovery_log_page *log)
{
	struct disc_result *r = arg;

	r->calls++;
	r->rc = rc;
	r->have_cpl = cpl != NULL;
	if (cpl != NULL) {
		r->cpl = *cpl;
	}
	r->log = log;
}

static bool
disc_wait(struct spdk_nvme_ctrlr *ctrlr, struct disc_result *r)
{
	for (unsigned int i = 0; i < DT_MAX_POLLS && r->calls == 0; i++) {
		if (spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0) {
			break;
		}
	}
	return r->calls != 0;
}

/* A model serving entries records; GENCTR moves changes times; NUMREC lies
 * when numrec is not 0. */
static struct nvme_model *
disc_model_ext(uint32_t entries, uint8_t mdts, uint32_t changes, uint64_t numrec)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.disc_log = true;
	o.disc_entries = entries;
	o.mdts = mdts;
	o.disc_genctr_changes = changes;
	o.disc_numrec = numrec;
	return dt_model_new(&o);
}

static struct nvme_model *
disc_model(uint32_t entries, uint8_t mdts)
{
	return disc_model_ext(entries, mdts, 0, 0);
}

static uint64_t
log_page_cmds(const struct nvme_model *m)
{
	return nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_LOG_PAGE];
}

/* Every entry is the model's entry i of generation genctr. */
static void
check_entries(const struct spdk_nvmf_discovery_log_page *log, uint64_t n, uint64_t genctr)
{
	char nqn[64];

	CU_ASSERT_FATAL(log != NULL);
	CU_ASSERT(log->genctr == genctr);
	CU_ASSERT(log->numrec == n);
	CU_ASSERT(log->recfmt == 0);
	for (uint64_t i = 0; i < n; i++) {
		const struct spdk_nvmf_discovery_log_page_entry *e = &log->entries[i];

		snprintf(nqn, sizeof(nqn), "nqn.2026-01.io.ealnvme:disc:%llu", (unsigned long long)i);
		CU_ASSERT(e->portid == i);
		CU_ASSERT(e->cntlid == (uint16_t)genctr);
		CU_ASSERT(e->trtype == SPDK_NVMF_TRTYPE_TCP);
		CU_ASSERT(strcmp((const char *)e->subnqn, nqn) == 0);
	}
}

/* Start a read and poll it to its callback. */
static void
disc_read(struct spdk_nvme_ctrlr *ctrlr, struct disc_result *r)
{
	memset(r, 0, sizeof(*r));
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, r) == 0);
	CU_ASSERT_FATAL(disc_wait(ctrlr, r));
	CU_ASSERT(r->calls == 1);
}

/* Read the log of model m: it must come back whole, n entries of generation
 * genctr, after want_cmds GET LOG PAGE commands.  The controller stays. */
static struct spdk_nvme_ctrlr *
disc_expect_page(struct nvme_model *m, uint64_t n, uint64_t genctr, uint64_t want_cmds)
{
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint64_t before = log_page_cmds(m);
	struct disc_result r;

	disc_read(ctrlr, &r);
	CU_ASSERT(r.rc == 0 && r.have_cpl && dt_cpl_ok(&r.cpl));
	check_entries(r.log, n, genctr);
	CU_ASSERT(log_page_cmds(m) - before == want_cmds);
	free(r.log);
	return ctrlr;
}

static void
disc_close(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m)
{
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_disc_one_read(void)
{
	struct nvme_model *m = disc_model(5, 5);
	/* Header, the whole page in one command, the header again. */
	struct spdk_nvme_ctrlr *ctrlr = disc_expect_page(m, 5, 1, 3);
	const struct nvme_model_cmd_record *rec = dt_find_cmd(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, -1);

	CU_ASSERT_FATAL(rec != NULL);
	CU_ASSERT((rec->sqe.cdw10 & 0xff) == SPDK_NVME_LOG_DISCOVERY);
	CU_ASSERT(rec->sqe.cdw12 == 0 && rec->sqe.cdw13 == 0);
	disc_close(ctrlr, m);

	/* An empty log: the header alone, from one command. */
	m = disc_model(0, 5);
	disc_close(disc_expect_page(m, 0, 1, 1), m);
}

static void
test_disc_multi_command(void)
{
	/* MDTS 1: 8 KiB per command, so 20 entries + header = 21 KiB take three. */
	struct nvme_model *m = disc_model(20, 1);
	struct spdk_nvme_ctrlr *ctrlr = disc_expect_page(m, 20, 1, 5);
	static const uint64_t want_off[] = { 0, 8 * KIB, 16 * KIB };
	static const uint32_t want_len[] = { 8 * KIB, 8 * KIB, 5 * KIB };

	CU_ASSERT(spdk_nvme_ctrlr_get_max_xfer_size(ctrlr) == 8 * KIB);
	/* Newest first: recheck, the three pieces, the first header. */
	for (unsigned int i = 0; i < 3; i++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(m, 3 - i);
		uint32_t numd;

		CU_ASSERT_FATAL(rec != NULL);
		numd = ((rec->sqe.cdw11 & 0xffff) << 16 | rec->sqe.cdw10 >> 16) + 1;
		CU_ASSERT(rec->sqe.opc == SPDK_NVME_OPC_GET_LOG_PAGE);
		CU_ASSERT(((uint64_t)rec->sqe.cdw13 << 32 | rec->sqe.cdw12) == want_off[i]);
		CU_ASSERT(numd * 4 == want_len[i]);
	}
	disc_close(ctrlr, m);
}

static void
test_disc_genctr_restart(void)
{
	/* Two changes, one command per pass: three passes of three commands. */
	struct nvme_model *m = disc_model_ext(3, 5, 2, 0);

	disc_close(disc_expect_page(m, 3, 3, 9), m);
	/* The log changes after the first piece: the torn page is thrown away and
	 * the second pass (five commands each) returns one generation throughout. */
	m = disc_model_ext(20, 1, 1, 0);
	disc_close(disc_expect_page(m, 20, 2, 10), m);
}

/* A read of model m (then detached and destroyed) that fails with want_rc,
 * no cpl and no page, after want_cmds commands, logging line once. */
static void
disc_expect_failure(struct nvme_model *m, int want_rc, const char *line, uint64_t want_cmds)
{
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint64_t before = log_page_cmds(m);
	struct disc_result r;
	struct dt_capture cap;

	dt_capture_begin(&cap);
	disc_read(ctrlr, &r);
	dt_capture_end(&cap, true);
	CU_ASSERT(r.rc == want_rc && !r.have_cpl && r.log == NULL);
	CU_ASSERT(dt_count(cap.text, line) == 1);
	CU_ASSERT(log_page_cmds(m) - before == want_cmds);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_disc_genctr_never_settles(void)
{
	/* Eleven passes of three commands, then it gives up. */
	disc_expect_failure(disc_model_ext(2, 5, 1000, 0), -EAGAIN, "changed 10 times", 33);
}

static void
test_disc_refused(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct disc_result r;

	/* A PCIe controller: not a discovery controller, LID 70h refused, and
	 * the callback carries that status (as SPDK: rc 0, the cpl, no page). */
	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(!spdk_nvme_ctrlr_is_discovery(ctrlr));
	disc_read(ctrlr, &r);
	CU_ASSERT(r.rc == 0 && r.have_cpl && r.log == NULL);
	CU_ASSERT(r.cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC);
	CU_ASSERT(r.cpl.status.sc == SPDK_NVME_SC_INVALID_LOG_PAGE);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* The header is read, then the page read fails: its status, no page. */
	m = disc_model(20, 1);
	ctrlr = dt_attach(m);
	memset(&r, 0, sizeof(r));
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, &r) == 0);
	/* The header was answered at the doorbell; the next command fails. */
	CU_ASSERT(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_GET_LOG_PAGE,
					   SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR,
					   true, 1) == 0);
	CU_ASSERT_FATAL(disc_wait(ctrlr, &r));
	CU_ASSERT(r.calls == 1 && r.rc == 0 && r.have_cpl && r.log == NULL);
	CU_ASSERT(r.cpl.status.sc == SPDK_NVME_SC_DATA_TRANSFER_ERROR);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_disc_is_discovery(void)
{
	struct nvme_model *m = disc_model(1, 5);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_transport_id saved = ctrlr->trid;

	/* The discovery NQN alone does not make a PCIe controller one ... */
	snprintf(ctrlr->trid.subnqn, sizeof(ctrlr->trid.subnqn), "%s", SPDK_NVMF_DISCOVERY_NQN);
	CU_ASSERT(!spdk_nvme_ctrlr_is_discovery(ctrlr));
	/* ... over a fabric it does (the TCP transport will build such trids). */
	ctrlr->trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	CU_ASSERT(spdk_nvme_ctrlr_is_discovery(ctrlr));
	snprintf(ctrlr->trid.subnqn, sizeof(ctrlr->trid.subnqn), "nqn.2026-01.io.ealnvme:x");
	CU_ASSERT(!spdk_nvme_ctrlr_is_discovery(ctrlr));
	CU_ASSERT(!spdk_nvme_ctrlr_is_discovery(NULL));
	ctrlr->trid = saved;
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * Init of a discovery controller (NVMe-oF 1.1 §5): Identify, then only the
 * AER configuration (the log change notice, nothing else) and keep-alive
 * (though KAS is 0); no
 * Number of Queues (the Linux target refuses it: INVALID FIELD) and no
 * namespace Identify.  Driven by a reset with the trid made a TCP discovery
 * one, so the model sees the whole init again.
 */
static void
test_disc_init_skips_io_setup(void)
{
	struct nvme_model *m = disc_model(1, 5);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_transport_id saved = ctrlr->trid;
	const struct nvme_model_cmd_record *r;
	uint64_t before = nvme_model_cmd_log(m, 0)->seq;
	unsigned int identify_ctrlr = 0, aer_cfg = 0, num_queues = 0, identify_other = 0, kato = 0;
	unsigned int kato_set = 0;
	uint32_t aer_cdw11 = UINT32_MAX;

	ctrlr->trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	snprintf(ctrlr->trid.subnqn, sizeof(ctrlr->trid.subnqn), "%s", SPDK_NVMF_DISCOVERY_NQN);
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	for (unsigned int back = 0; (r = nvme_model_cmd_log(m, back)) != NULL &&
	     r->seq > before; back++) {
		if (r->qid != 0) {
			continue;
		}
		if (r->sqe.opc == SPDK_NVME_OPC_IDENTIFY) {
			if ((r->sqe.cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
				identify_ctrlr++;
			} else {
				identify_other++;
			}
		} else if (r->sqe.opc == SPDK_NVME_OPC_SET_FEATURES) {
			if ((r->sqe.cdw10 & 0xff) == SPDK_NVME_FEAT_NUMBER_OF_QUEUES) {
				num_queues++;
			} else if ((r->sqe.cdw10 & 0xff) == SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION) {
				aer_cfg++;
				aer_cdw11 = r->sqe.cdw11;
			} else if ((r->sqe.cdw10 & 0xff) == SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) {
				kato_set++;
			}
		} else if (r->sqe.opc == SPDK_NVME_OPC_GET_FEATURES &&
			   (r->sqe.cdw10 & 0xff) == SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) {
			kato++;
		}
	}
	CU_ASSERT(identify_ctrlr == 1);
	CU_ASSERT(identify_other == 0);
	CU_ASSERT(num_queues == 0);
	/* The model announces no log change notices (OAES bit 31): no event
	 * configuration is sent at all. */
	CU_ASSERT(!spdk_nvme_ctrlr_get_data(ctrlr)->oaes.discovery_log_change_notices);
	CU_ASSERT(aer_cfg == 0 && aer_cdw11 == UINT32_MAX);
	/* KAS is 0 (the model's default, as on a discovery controller): the Connect's
	 * KATO still runs on the target, so it is read back (Get Features) and
	 * kept alive, not set. */
	CU_ASSERT(spdk_nvme_ctrlr_get_data(ctrlr)->kas == 0);
	CU_ASSERT(kato == 1 && kato_set == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	/* The discovery log is still read through the initialised controller. */
	struct disc_result res = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, &res) == 0);
	CU_ASSERT_FATAL(disc_wait(ctrlr, &res));
	CU_ASSERT(res.rc == 0 && res.log != NULL);
	free(res.log);
	ctrlr->trid = saved;
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * Over a fabric a freed qid is not handed out again at once (the target may
 * still be tearing its old connection down): round robin over the granted
 * qids.  On PCIe the lowest free one, as SPDK.  The model grants 4.
 */
static void
test_fabrics_qid_round_robin(void)
{
	struct nvme_model *m = disc_model(1, 5);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_transport_id saved = ctrlr->trid;
	struct spdk_nvme_qpair *q, *keep;
	uint16_t got[6];

	/* PCIe: the same qid again and again. */
	for (unsigned int i = 0; i < 2; i++) {
		q = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
		CU_ASSERT_FATAL(q != NULL);
		got[i] = spdk_nvme_qpair_get_id(q);
		CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q) == 0);
	}
	CU_ASSERT(got[0] == 1 && got[1] == 1);
	/* Fabrics (the model stays PCIe underneath): 2, 3, 4, 1, ... skipping busy ones. */
	ctrlr->trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	keep = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(keep != NULL);
	CU_ASSERT(spdk_nvme_qpair_get_id(keep) == 2);
	for (unsigned int i = 0; i < 6; i++) {
		q = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
		CU_ASSERT_FATAL(q != NULL);
		got[i] = spdk_nvme_qpair_get_id(q);
		CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(q) == 0);
	}
	CU_ASSERT(got[0] == 3 && got[1] == 4 && got[2] == 1 && got[3] == 3 && got[4] == 4 &&
		  got[5] == 1);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(keep) == 0);
	ctrlr->trid = saved;
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_disc_bad_args(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m = disc_model(2, 5);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	uint64_t before = log_page_cmds(m);
	struct disc_result r = { 0 };

	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(NULL, disc_done, &r) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, NULL, &r) == -EINVAL);
	CU_ASSERT(log_page_cmds(m) == before && r.calls == 0);
	/* No DMA memory for the bounce buffer: -ENOMEM, nothing sent or kept. */
	mock_env_fail_alloc_at(1);
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, &r) == -ENOMEM);
	mock_env_fail_alloc_at(0);
	CU_ASSERT(log_page_cmds(m) == before && r.calls == 0);
	/* A failed controller: -ENXIO, nothing sent, no callback. */
	spdk_nvme_ctrlr_fail(ctrlr);
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, &r) == -ENXIO);
	CU_ASSERT(log_page_cmds(m) == before && r.calls == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* An unknown record format: refused after the header. */
	nvme_model_opts_default(&o);
	o.disc_log = true;
	o.disc_entries = 2;
	o.disc_recfmt = 1;
	disc_expect_failure(dt_model_new(&o), -EINVAL, "record format 1 is unknown", 1);
}

static void
test_disc_huge_numrec(void)
{
	static const uint64_t lies[] = { 1ull << 40, UINT64_MAX, 65537 };

	/* Refused from the header: no page read, nothing allocated. */
	for (unsigned int i = 0; i < SPDK_COUNTOF(lies); i++) {
		disc_expect_failure(disc_model_ext(2, 5, 0, lies[i]), -EINVAL,
				    "refusing to allocate", 1);
	}
}

static void
test_disc_small_lie(void)
{
	/* NUMREC 4 over two real entries: four entries come back, two zeroed. */
	struct nvme_model *m = disc_model_ext(2, 5, 0, 4);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	static const uint8_t zero[sizeof(struct spdk_nvmf_discovery_log_page_entry)];
	struct disc_result r;

	disc_read(ctrlr, &r);
	CU_ASSERT_FATAL(r.rc == 0 && r.log != NULL);
	CU_ASSERT(r.log->numrec == 4);
	CU_ASSERT(r.log->entries[1].portid == 1);
	CU_ASSERT(memcmp(&r.log->entries[2], zero, sizeof(zero)) == 0);
	CU_ASSERT(memcmp(&r.log->entries[3], zero, sizeof(zero)) == 0);
	free(r.log);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* Start a read of 20 entries, 8 KiB per command, and poll until its first
 * piece is sent and held by the model (outstanding, never completed). */
static void
disc_start_held(struct nvme_model **m, struct spdk_nvme_ctrlr **ctrlr, struct disc_result *r)
{
	*m = disc_model(20, 1);
	*ctrlr = dt_attach(*m);
	memset(r, 0, sizeof(*r));
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(*ctrlr, disc_done, r) == 0);
	CU_ASSERT(nvme_model_inject_hold(*m, 0, SPDK_NVME_OPC_GET_LOG_PAGE, 1) == 0);
	/* The header completes; its callback sends the first piece, held. */
	for (unsigned int i = 0; i < 10 && nvme_model_held_count(*m) == 0; i++) {
		spdk_nvme_ctrlr_process_admin_completions(*ctrlr);
	}
	CU_ASSERT(nvme_model_held_count(*m) == 1 && r->calls == 0);
}

/* Detach while a piece of the page is outstanding (held by the model): the
 * command is aborted, the callback gets that status, nothing leaks. */
static void
test_disc_detach_during_read(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct disc_result r;

	disc_start_held(&m, &ctrlr, &r);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(r.calls == 1 && r.rc == 0 && r.have_cpl && r.log == NULL);
	CU_ASSERT(r.cpl.status.sct == SPDK_NVME_SCT_GENERIC);
	CU_ASSERT(r.cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION);
	dt_model_destroy(m);

	/* Detached before the first completion was even polled. */
	m = disc_model(3, 5);
	ctrlr = dt_attach(m);
	memset(&r, 0, sizeof(r));
	CU_ASSERT(spdk_nvme_ctrlr_get_discovery_log_page(ctrlr, disc_done, &r) == 0);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(r.calls == 1 && r.log == NULL);
	dt_model_destroy(m);
}

/* spdk_nvme_ctrlr_fail while a piece is outstanding: aborted at the next poll. */
static void
test_disc_fail_during_read(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct disc_result r;

	disc_start_held(&m, &ctrlr, &r);
	spdk_nvme_ctrlr_fail(ctrlr);
	disc_wait(ctrlr, &r);
	CU_ASSERT(r.calls == 1 && r.rc == 0 && r.have_cpl && r.log == NULL);
	CU_ASSERT(spdk_nvme_cpl_is_error(&r.cpl));
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(r.calls == 1);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_disc_one_read);
	ADD(test_disc_multi_command);
	ADD(test_disc_genctr_restart);
	ADD(test_disc_genctr_never_settles);
	ADD(test_disc_refused);
	ADD(test_disc_is_discovery);
	ADD(test_disc_init_skips_io_setup);
	ADD(test_fabrics_qid_round_robin);
	ADD(test_disc_bad_args);
	ADD(test_disc_huge_numrec);
	ADD(test_disc_small_lie);
	ADD(test_disc_detach_during_read);
	ADD(test_disc_fail_during_read);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_discovery", add_tests);
}
