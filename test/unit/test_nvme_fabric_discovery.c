/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Probing through a discovery controller (lib/nvme/nvme_fabric_discovery.c):
 * log entries turned into transport IDs (padding trimmed, every kind of
 * entry that is not a reachable NVMe subsystem skipped with a log line),
 * probe_cb called once per NVMe subsystem in log order, a log that changes
 * while it is read (only the consistent generation probed), a controller
 * that refuses the log, a subsystem that cannot be reached
 * (attach_fail_cb), and the init of a discovery controller (no queue or
 * namespace steps, discovery-only async events, no I/O qpairs).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nvme_driver_test.h"
#include "nvme_internal.h"
#include "nvme_fabric_discovery.h"

#define MAX_SEEN	32

/* What the probe's callbacks saw. */
struct seen {
	unsigned int			probes;
	struct spdk_nvme_transport_id	trid[MAX_SEEN];
	bool				accept;
	unsigned int			fails;
	int				fail_rc;
};

static bool
seen_probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	      struct spdk_nvme_ctrlr_opts *opts)
{
	struct seen *s = cb_ctx;

	(void)opts;
	if (s->probes < MAX_SEEN) {
		s->trid[s->probes] = *trid;
	}
	s->probes++;
	return s->accept;
}

static void
seen_attach_fail_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid, int rc)
{
	struct seen *s = cb_ctx;

	(void)trid;
	s->fails++;
	s->fail_rc = rc;
}

static void
probe_ctx_init(struct spdk_nvme_probe_ctx *ctx, struct seen *s)
{
	memset(ctx, 0, sizeof(*ctx));
	memset(s, 0, sizeof(*s));
	TAILQ_INIT(&ctx->init_ctrlrs);
	ctx->cb_ctx = s;
	ctx->probe_cb = seen_probe_cb;
	ctx->attach_fail_cb = seen_attach_fail_cb;
	spdk_nvme_trid_populate_transport(&ctx->trid, SPDK_NVME_TRANSPORT_TCP);
}

/* A fixed field filled with s, then pad bytes to its end. */
static void
fill(uint8_t *field, size_t size, const char *s, char pad)
{
	memset(field, pad, size);
	memcpy(field, s, strlen(s));
}

static void
entry(struct spdk_nvmf_discovery_log_page_entry *e, uint8_t trtype, uint8_t subtype,
      const char *traddr, const char *trsvcid, const char *subnqn, char pad)
{
	memset(e, 0, sizeof(*e));
	e->trtype = trtype;
	e->adrfam = SPDK_NVMF_ADRFAM_IPV4;
	e->subtype = subtype;
	fill(e->traddr, sizeof(e->traddr), traddr, pad);
	fill(e->trsvcid, sizeof(e->trsvcid), trsvcid, pad);
	snprintf((char *)e->subnqn, sizeof(e->subnqn), "%s", subnqn);
}

static void
test_entry_padding(void)
{
	struct spdk_nvmf_discovery_log_page_entry e;
	struct spdk_nvme_transport_id t;

	/* Space padded, as NVMe-oF 1.1 Figure 40 has it. */
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.1", "4421",
	      "nqn.2026-12.io.ealnvme:a", ' ');
	CU_ASSERT(nvme_fabric_disc_entry_to_trid(&e, &t) == 0);
	CU_ASSERT(t.trtype == SPDK_NVME_TRANSPORT_TCP);
	CU_ASSERT(strcmp(t.trstring, "TCP") == 0);
	CU_ASSERT(t.adrfam == SPDK_NVMF_ADRFAM_IPV4);
	CU_ASSERT(strcmp(t.traddr, "10.0.0.1") == 0);
	CU_ASSERT(strcmp(t.trsvcid, "4421") == 0);
	CU_ASSERT(strcmp(t.subnqn, "nqn.2026-12.io.ealnvme:a") == 0);
	/* NUL padded (Linux nvmet), an IPv6 address. */
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "fe80::1", "4420",
	      "nqn.2026-12.io.ealnvme:b", '\0');
	e.adrfam = SPDK_NVMF_ADRFAM_IPV6;
	CU_ASSERT(nvme_fabric_disc_entry_to_trid(&e, &t) == 0);
	CU_ASSERT(t.adrfam == SPDK_NVMF_ADRFAM_IPV6);
	CU_ASSERT(strcmp(t.traddr, "fe80::1") == 0 && strcmp(t.trsvcid, "4420") == 0);
	/* Line ends before the padding (SPDK drops them too). */
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.2\n", "4422\r\n",
	      "nqn.2026-12.io.ealnvme:c", ' ');
	CU_ASSERT(nvme_fabric_disc_entry_to_trid(&e, &t) == 0);
	CU_ASSERT(strcmp(t.traddr, "10.0.0.2") == 0 && strcmp(t.trsvcid, "4422") == 0);
	/* Full-width fields without any padding or NUL still fit the trid. */
	memset(e.traddr, 'a', sizeof(e.traddr));
	memset(e.trsvcid, '7', sizeof(e.trsvcid));
	CU_ASSERT(nvme_fabric_disc_entry_to_trid(&e, &t) == 0);
	CU_ASSERT(strlen(t.traddr) == sizeof(e.traddr) && strlen(t.trsvcid) == sizeof(e.trsvcid));
	/* No TRSVCID: the NVMe-oF port. */
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.3", "",
	      "nqn.2026-12.io.ealnvme:d", ' ');
	CU_ASSERT(nvme_fabric_disc_entry_to_trid(&e, &t) == 0);
	CU_ASSERT(strcmp(t.trsvcid, "4420") == 0);
}

/* Convert e, expecting want, with exactly one stderr line containing line
 * when it is refused, none when it is taken. */
static void
expect_skip(const struct spdk_nvmf_discovery_log_page_entry *e, int want, const char *line)
{
	struct spdk_nvme_transport_id t;
	struct dt_capture cap;
	int rc;

	dt_capture_begin(&cap);
	rc = nvme_fabric_disc_entry_to_trid(e, &t);
	dt_capture_end(&cap, true);
	CU_ASSERT(rc == want);
	CU_ASSERT(dt_count(cap.text, line) == (want != 0 ? 1u : 0u));
}

static void
test_entry_skipped(void)
{
	struct spdk_nvmf_discovery_log_page_entry e;

	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_DISCOVERY, "10.0.0.9", "8009",
	      SPDK_NVMF_DISCOVERY_NQN, ' ');
	expect_skip(&e, -ENOTSUP, "referrals are not followed");
	e.subtype = 0x7f;
	expect_skip(&e, -ENOTSUP, "an unknown subsystem type (subtype 127");
	/* A transport that is not built in, and one nobody knows. */
	entry(&e, SPDK_NVMF_TRTYPE_RDMA, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.1", "4420",
	      "nqn.2026-12.io.ealnvme:rdma", ' ');
	expect_skip(&e, -ENOTSUP, "transport RDMA (trtype 1) is not built into ealnvme");
	e.trtype = 0x42;
	expect_skip(&e, -ENOTSUP, "(trtype 66) is not built into ealnvme");
	e.trtype = SPDK_NVMF_TRTYPE_INTRA_HOST;
	expect_skip(&e, -ENOTSUP, "(trtype 254) is not built into ealnvme");
	/* Malformed NVMe entries. */
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "", "4420",
	      "nqn.2026-12.io.ealnvme:x", ' ');
	expect_skip(&e, -EINVAL, "has an empty TRADDR");
	entry(&e, SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.1", "4420", "", ' ');
	expect_skip(&e, -EINVAL, "SUBNQN is empty");
	memset(e.subnqn, 'q', sizeof(e.subnqn));
	expect_skip(&e, -EINVAL, "SUBNQN is longer than 223 bytes");
	/* 223 bytes and its NUL is the longest NQN (NVMe Base 2.0 §4.5). */
	e.subnqn[223] = '\0';
	expect_skip(&e, 0, "SUBNQN");
}

/* A log of n entries on the heap (as the reader returns it). */
static struct spdk_nvmf_discovery_log_page *
log_new(uint64_t n)
{
	struct spdk_nvmf_discovery_log_page *log =
		calloc(1, sizeof(*log) + n * sizeof(struct spdk_nvmf_discovery_log_page_entry));

	CU_ASSERT_FATAL(log != NULL);
	log->genctr = 7;
	log->numrec = n;
	return log;
}

static void
test_probe_entries(void)
{
	struct spdk_nvmf_discovery_log_page *log = log_new(6);
	struct spdk_nvme_probe_ctx ctx;
	struct seen s;

	entry(&log->entries[0], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.1", "4420",
	      "nqn.2026-12.io.ealnvme:one", ' ');
	entry(&log->entries[1], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_DISCOVERY_CURRENT,
	      "10.0.0.1", "4420", SPDK_NVMF_DISCOVERY_NQN, ' ');
	entry(&log->entries[2], SPDK_NVMF_TRTYPE_RDMA, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.1",
	      "4420", "nqn.2026-12.io.ealnvme:rdma", ' ');
	entry(&log->entries[3], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_DISCOVERY, "10.0.0.5",
	      "8009", SPDK_NVMF_DISCOVERY_NQN, ' ');
	entry(&log->entries[4], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "10.0.0.2", "4421",
	      "nqn.2026-12.io.ealnvme:two", '\0');
	entry(&log->entries[5], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "", "4421",
	      "nqn.2026-12.io.ealnvme:bad", ' ');
	probe_ctx_init(&ctx, &s);
	/* probe_cb declines each: nothing is constructed, only the trids seen. */
	CU_ASSERT(nvme_fabric_disc_probe_entries(&ctx, log, 3) == 2);
	CU_ASSERT_FATAL(s.probes == 2);
	CU_ASSERT(strcmp(s.trid[0].subnqn, "nqn.2026-12.io.ealnvme:one") == 0);
	CU_ASSERT(strcmp(s.trid[0].traddr, "10.0.0.1") == 0);
	CU_ASSERT(strcmp(s.trid[1].subnqn, "nqn.2026-12.io.ealnvme:two") == 0);
	CU_ASSERT(strcmp(s.trid[1].traddr, "10.0.0.2") == 0);
	CU_ASSERT(strcmp(s.trid[1].trsvcid, "4421") == 0);
	CU_ASSERT(s.trid[0].priority == 3 && s.trid[1].priority == 3);
	CU_ASSERT(s.fails == 0 && TAILQ_EMPTY(&ctx.init_ctrlrs));
	/* An empty log probes nothing. */
	log->numrec = 0;
	probe_ctx_init(&ctx, &s);
	CU_ASSERT(nvme_fabric_disc_probe_entries(&ctx, log, 0) == 0 && s.probes == 0);
	free(log);
}

/* A TCP port on 127.0.0.1 with nothing listening (bound, then closed). */
static uint16_t
closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CU_ASSERT_FATAL(getsockname(fd, (struct sockaddr *)&a, &len) == 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* A listed subsystem nobody answers for: attach_fail_cb, the rest goes on. */
static void
test_probe_unreachable(void)
{
	struct spdk_nvmf_discovery_log_page *log = log_new(2);
	struct spdk_nvme_probe_ctx ctx;
	struct seen s;
	char port[8];

	snprintf(port, sizeof(port), "%u", closed_port());
	entry(&log->entries[0], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "127.0.0.1", port,
	      "nqn.2026-12.io.ealnvme:gone", ' ');
	entry(&log->entries[1], SPDK_NVMF_TRTYPE_TCP, SPDK_NVMF_SUBTYPE_NVME, "127.0.0.1", port,
	      "nqn.2026-12.io.ealnvme:gone2", ' ');
	probe_ctx_init(&ctx, &s);
	s.accept = true;
	CU_ASSERT(nvme_fabric_disc_probe_entries(&ctx, log, 0) == 2);
	CU_ASSERT(s.probes == 2 && s.fails == 2 && s.fail_rc == -ENODEV);
	CU_ASSERT(TAILQ_EMPTY(&ctx.init_ctrlrs));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	free(log);
}

/* The model's log read through a controller, each entry probed once. */
static void
expect_probe_ctrlr(uint32_t entries, uint8_t mdts, uint32_t changes, uint64_t want_cmds)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_probe_ctx ctx;
	uint64_t before;
	struct seen s;
	char want[64];

	nvme_model_opts_default(&o);
	o.disc_log = true;
	o.disc_entries = entries;
	o.mdts = mdts;
	o.disc_genctr_changes = changes;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	before = nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_LOG_PAGE];
	probe_ctx_init(&ctx, &s);
	CU_ASSERT(nvme_fabric_disc_probe_ctrlr(&ctx, ctrlr) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_LOG_PAGE] - before ==
		  want_cmds);
	/* Torn passes are thrown away: every entry exactly once, in order. */
	CU_ASSERT_FATAL(s.probes == entries);
	for (uint32_t i = 0; i < entries; i++) {
		snprintf(want, sizeof(want), "nqn.2026-01.io.ealnvme:disc:%u", i);
		CU_ASSERT(strcmp(s.trid[i].subnqn, want) == 0);
		snprintf(want, sizeof(want), "192.168.0.%u", i);
		CU_ASSERT(strcmp(s.trid[i].traddr, want) == 0);
		CU_ASSERT(strcmp(s.trid[i].trsvcid, "4420") == 0);
		CU_ASSERT(s.trid[i].trtype == SPDK_NVME_TRANSPORT_TCP);
	}
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_probe_ctrlr_generation(void)
{
	expect_probe_ctrlr(3, 5, 0, 3);
	/* Two changes, one command per pass: three passes. */
	expect_probe_ctrlr(3, 5, 2, 9);
	/* 20 entries in 8 KiB pieces; the log changes after the first piece. */
	expect_probe_ctrlr(20, 1, 1, 10);
}

static void
test_probe_ctrlr_refused(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_probe_ctx ctx;
	struct dt_capture cap;
	struct seen s;

	/* Not a discovery controller: LID 70h refused, nothing probed. */
	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	probe_ctx_init(&ctx, &s);
	dt_capture_begin(&cap);
	CU_ASSERT(nvme_fabric_disc_probe_ctrlr(&ctx, ctrlr) == -EIO);
	dt_capture_end(&cap, true);
	CU_ASSERT(dt_count(cap.text, "GET LOG PAGE 70h (discovery) failed") == 1);
	CU_ASSERT(s.probes == 0);
	/* A failed controller: the read cannot start. */
	spdk_nvme_ctrlr_fail(ctrlr);
	CU_ASSERT(nvme_fabric_disc_probe_ctrlr(&ctx, ctrlr) == -ENXIO && s.probes == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * Init of a discovery controller: the model's controller, made one by its
 * trid (a fabrics trtype and the discovery NQN), reset so init runs again.
 * Linux nvmet's discovery controller refuses Number of Queues, namespace
 * Identify and CNS 06h: none may be sent.
 */
static void
test_discovery_init(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_io_qpair_opts qo;
	unsigned int n, identifies = 0, kato_reads = 0;
	uint64_t before;

	nvme_model_opts_default(&o);
	o.disc_log = true;
	o.disc_entries = 1;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	ctrlr->trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	snprintf(ctrlr->trid.subnqn, sizeof(ctrlr->trid.subnqn), "%s", SPDK_NVMF_DISCOVERY_NQN);
	CU_ASSERT_FATAL(spdk_nvme_ctrlr_is_discovery(ctrlr));
	before = nvme_model_get_stats(m)->cmds_fetched;
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	/* The commands of the reset's init, newest first. */
	n = (unsigned int)(nvme_model_get_stats(m)->cmds_fetched - before);
	CU_ASSERT(n > 0);
	for (unsigned int i = 0; i < n; i++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(m, i);
		uint8_t fid;

		CU_ASSERT_FATAL(rec != NULL);
		if (rec->sqe.opc == SPDK_NVME_OPC_IDENTIFY) {
			/* Identify Controller (CNS 01h) only. */
			CU_ASSERT((rec->sqe.cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR);
			identifies++;
		}
		fid = (uint8_t)rec->sqe.cdw10;
		if (rec->sqe.opc == SPDK_NVME_OPC_SET_FEATURES) {
			/* No Number of Queues, no Keep Alive Timer (KATO came with
			 * Connect), and the Async Event Configuration only for
			 * discovery log changes, which this model does not announce. */
			CU_ASSERT(fid != SPDK_NVME_FEAT_NUMBER_OF_QUEUES);
			CU_ASSERT(fid != SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION);
			CU_ASSERT(fid != SPDK_NVME_FEAT_KEEP_ALIVE_TIMER);
		}
		if (rec->sqe.opc == SPDK_NVME_OPC_GET_FEATURES &&
		    fid == SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) {
			kato_reads++;
		}
	}
	CU_ASSERT(identifies == 1);
	/* KAS 0 on a discovery controller still runs keep-alive: KATO learnt. */
	CU_ASSERT(kato_reads == 1);
	CU_ASSERT(ctrlr->next_keep_alive_tick != 0);
	/* It has no I/O queues to give. */
	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &qo, sizeof(qo));
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &qo, sizeof(qo)) == NULL);
	/* Its log still reads. */
	{
		struct spdk_nvme_probe_ctx ctx;
		struct seen s;

		probe_ctx_init(&ctx, &s);
		CU_ASSERT(nvme_fabric_disc_probe_ctrlr(&ctx, ctrlr) == 0 && s.probes == 1);
	}
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_entry_padding);
	ADD(test_entry_skipped);
	ADD(test_probe_entries);
	ADD(test_probe_unreachable);
	ADD(test_probe_ctrlr_generation);
	ADD(test_probe_ctrlr_refused);
	ADD(test_discovery_init);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_fabric_discovery", add_tests);
}
