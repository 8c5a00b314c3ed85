/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared helpers for the driver tests (test_nvme_ctrlr*.c, test_nvme_io.c):
 * the unmodified core + PCIe transport run against the controller model
 * (mock/nvme_model.h) on the mocked env (mock/mock_env.h).  Everything the
 * tests do to the driver goes through the public API (spdk/nvme.h,
 * spdk/env.h); the model and the mock are only used to set up the device,
 * inject faults and look at what the driver did.
 *
 * Header-only (static functions) so each test program stays one file.
 */
#ifndef EALNVME_NVME_DRIVER_TEST_H
#define EALNVME_NVME_DRIVER_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "spdk/env.h"
#include "spdk/nvme.h"
#include "spdk/util.h"
#include "mock_env.h"
#include "nvme_model.h"

#define DT_PAGE		4096u
#define nvme_test_min(a, b)	((a) < (b) ? (a) : (b))
/* Upper bound for polling loops: a correct driver needs a handful of polls. */
#define DT_MAX_POLLS	100000u

/* ---- Probe bookkeeping ------------------------------------------------- */

struct dt_probe {
	/* in */
	bool			reject;		/* probe_cb returns false */
	uint32_t		admin_timeout_ms;	/* 0: leave the default */
	uint16_t		admin_queue_size;	/* 0: leave the default */
	uint32_t		num_io_queues;		/* 0: leave the default */
	bool			no_shn_notification;
	bool			disable_pcie_sgl;
	/* out */
	unsigned int		seq;
	unsigned int		probe_calls;
	unsigned int		attach_calls;
	unsigned int		probe_seq;	/* seq value of the (last) probe_cb call */
	unsigned int		attach_seq;
	char			probe_traddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char			attach_traddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	enum spdk_nvme_transport_type probe_trtype;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ctrlr_opts attach_opts;
};

static inline bool
dt_probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	    struct spdk_nvme_ctrlr_opts *opts)
{
	struct dt_probe *p = cb_ctx;

	p->probe_calls++;
	p->probe_seq = ++p->seq;
	snprintf(p->probe_traddr, sizeof(p->probe_traddr), "%s", trid->traddr);
	p->probe_trtype = trid->trtype;
	if (p->admin_timeout_ms != 0) {
		opts->admin_timeout_ms = p->admin_timeout_ms;
	}
	if (p->admin_queue_size != 0) {
		opts->admin_queue_size = p->admin_queue_size;
	}
	if (p->num_io_queues != 0) {
		opts->num_io_queues = p->num_io_queues;
	}
	if (p->no_shn_notification) {
		opts->no_shn_notification = true;
	}
	if (p->disable_pcie_sgl) {
		opts->disable_pcie_sgl = true;
	}
	return !p->reject;
}

static inline void
dt_attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	     struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct dt_probe *p = cb_ctx;

	p->attach_calls++;
	p->attach_seq = ++p->seq;
	snprintf(p->attach_traddr, sizeof(p->attach_traddr), "%s", trid->traddr);
	p->ctrlr = ctrlr;
	p->attach_opts = *opts;
}

/* A PCIe trid for the model's address. */
static inline void
dt_trid(struct spdk_nvme_transport_id *trid, const char *bdf)
{
	memset(trid, 0, sizeof(*trid));
	spdk_nvme_trid_populate_transport(trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid->traddr, sizeof(trid->traddr), "%s", bdf);
}

/* Probe the one model's address; the controller, or NULL if none attached. */
static inline struct spdk_nvme_ctrlr *
dt_probe_model(struct nvme_model *m, struct dt_probe *p)
{
	struct spdk_nvme_transport_id trid;
	int rc;

	dt_trid(&trid, nvme_model_bdf(m));
	rc = spdk_nvme_probe(&trid, p, dt_probe_cb, dt_attach_cb, NULL);
	CU_ASSERT(rc == 0);
	return p->ctrlr;
}

static inline struct nvme_model *
dt_model_new(const struct nvme_model_opts *opts)
{
	struct nvme_model *m = nvme_model_create(opts);

	CU_ASSERT_FATAL(m != NULL);
	return m;
}

/* A model with default options attached through spdk_nvme_probe. */
static inline struct spdk_nvme_ctrlr *
dt_attach(struct nvme_model *m)
{
	struct dt_probe p = { 0 };
	struct spdk_nvme_ctrlr *ctrlr = dt_probe_model(m, &p);

	CU_ASSERT_FATAL(ctrlr != NULL);
	CU_ASSERT(p.attach_calls == 1);
	return ctrlr;
}

/* Detach, then check the device went back to the bus and nothing leaked. */
static inline void
dt_detach_and_check(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m)
{
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m)));
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	CU_ASSERT(mock_env_outstanding_bytes() == 0);
}

/* Detach one controller while others stay attached (no global leak check). */
static inline void
dt_detach_and_check_other(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m)
{
	CU_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m)));
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m)));
}

static inline void
dt_model_destroy(struct nvme_model *m)
{
	CU_ASSERT(nvme_model_destroy(m) == 0);
}

/* An I/O qpair allocated with create_only: no queues on the device yet. */
static inline struct spdk_nvme_qpair *
dt_alloc_create_only(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_io_qpair_opts o;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &o, sizeof(o));
	o.create_only = true;
	return spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &o, sizeof(o));
}

/* ---- Completions ------------------------------------------------------- */

struct dt_io {
	unsigned int		calls;
	struct spdk_nvme_cpl	cpl;
};

static inline void
dt_io_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct dt_io *io = arg;

	io->calls++;
	io->cpl = *cpl;
}

/* Poll the qpair until io completed; false if it never did (bounded). */
static inline bool
dt_wait_io(struct spdk_nvme_qpair *qpair, struct dt_io *io)
{
	for (unsigned int i = 0; i < DT_MAX_POLLS && io->calls == 0; i++) {
		if (spdk_nvme_qpair_process_completions(qpair, 0) < 0) {
			break;
		}
	}
	return io->calls != 0;
}

static inline bool
dt_wait_admin(struct spdk_nvme_ctrlr *ctrlr, struct dt_io *io)
{
	for (unsigned int i = 0; i < DT_MAX_POLLS && io->calls == 0; i++) {
		if (spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0) {
			break;
		}
	}
	return io->calls != 0;
}

static inline bool
dt_cpl_ok(const struct spdk_nvme_cpl *cpl)
{
	return !spdk_nvme_cpl_is_error(cpl);
}

/* ---- The model's command log -------------------------------------------- */

/* The newest logged command with opcode opc on queue qid (and, if cns >= 0,
 * IDENTIFY CNS cns), or NULL. */
static inline const struct nvme_model_cmd_record *
dt_find_cmd(const struct nvme_model *m, uint16_t qid, uint8_t opc, int cns)
{
	for (unsigned int back = 0; back < NVME_MODEL_CMD_LOG_SIZE; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(m, back);

		if (r == NULL) {
			break;
		}
		if (r->qid == qid && r->sqe.opc == opc &&
		    (cns < 0 || (r->sqe.cdw10 & 0xff) == (uint32_t)cns)) {
			return r;
		}
	}
	return NULL;
}

static inline uint64_t
dt_cmds_fetched(const struct nvme_model *m)
{
	return nvme_model_get_stats(m)->cmds_fetched;
}

/* ---- stderr capture (log lines of the driver) ---------------------------- */

struct dt_capture {
	int	saved_fd;
	FILE	*tmp;
	char	text[16384];
};

static inline void
dt_capture_begin(struct dt_capture *c)
{
	memset(c, 0, sizeof(*c));
	fflush(stderr);
	c->saved_fd = dup(STDERR_FILENO);
	c->tmp = tmpfile();
	if (c->saved_fd >= 0 && c->tmp != NULL) {
		dup2(fileno(c->tmp), STDERR_FILENO);
	}
}

/* Stop capturing; the captured text is in c->text, and echoed to stderr if asked. */
static inline const char *
dt_capture_end(struct dt_capture *c, bool echo)
{
	size_t n = 0;

	fflush(stderr);
	if (c->saved_fd >= 0) {
		dup2(c->saved_fd, STDERR_FILENO);
		close(c->saved_fd);
	}
	if (c->tmp != NULL) {
		rewind(c->tmp);
		n = fread(c->text, 1, sizeof(c->text) - 1, c->tmp);
		fclose(c->tmp);
	}
	c->text[n] = '\0';
	if (echo) {
		fputs(c->text, stderr);
	}
	return c->text;
}

/* Occurrences of needle in haystack. */
static inline unsigned int
dt_count(const char *haystack, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}

/* ---- Data ------------------------------------------------------------------ */

static inline void
dt_fill_random(void *buf, size_t len)
{
	static uint64_t g_dt_rng = 0x9e3779b97f4a7c15ULL;
	uint8_t *p = buf;

	for (size_t i = 0; i < len; i++) {
		/* xorshift64: deterministic from run to run */
		g_dt_rng ^= g_dt_rng << 13;
		g_dt_rng ^= g_dt_rng >> 7;
		g_dt_rng ^= g_dt_rng << 17;
		p[i] = (uint8_t)(g_dt_rng >> 24);
	}
}

/* Compare a fixed-width, space-padded identify string with s. */
static inline bool
dt_padded_eq(const void *field, size_t width, const char *s)
{
	const char *f = field;
	size_t n = strlen(s);

	if (n > width || memcmp(f, s, n) != 0) {
		return false;
	}
	for (size_t i = n; i < width; i++) {
		if (f[i] != ' ') {
			return false;
		}
	}
	return true;
}

static inline uint64_t
dt_ms(uint64_t ticks)
{
	return ticks * 1000 / spdk_get_ticks_hz();
}

/* Every program: spdk_env_init() once, then the suite, verbose; non-zero on failure. */
static inline int
dt_run(const char *suite_name, void (*add_tests)(CU_pSuite suite))
{
	struct spdk_env_opts env_opts;
	CU_pSuite suite;
	unsigned int failures;

	env_opts.opts_size = sizeof(env_opts);
	spdk_env_opts_init(&env_opts);
	env_opts.name = suite_name;
	if (spdk_env_init(&env_opts) != 0) {
		fprintf(stderr, "spdk_env_init failed\n");
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite(suite_name, NULL, NULL);
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
	add_tests(suite);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	spdk_env_fini();
	return failures != 0 || CU_get_error() != CUE_SUCCESS;
}

/* Free the I/O qpair, check the model saw no host error, detach, destroy. */
static inline void
dt_env_teardown(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
		struct nvme_model *m)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	if (nvme_model_get_stats(m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(m));
	}
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* An iovec array behind reset_sgl/next_sge; also the I/O's cb_arg (io first). */
struct dt_iov_sgl {
	struct dt_io	io;
	struct iovec	*iov;
	int		n, cur;
};

static inline void
dt_iov_reset(void *arg, uint32_t off)
{
	struct dt_iov_sgl *s = arg;

	for (s->cur = 0; s->cur < s->n && off >= s->iov[s->cur].iov_len; s->cur++) {
		off -= (uint32_t)s->iov[s->cur].iov_len;
	}
	CU_ASSERT(off == 0);	/* the tests split on element boundaries */
}

static inline int
dt_iov_next(void *arg, void **addr, uint32_t *len)
{
	struct dt_iov_sgl *s = arg;

	if (s->cur >= s->n) {
		return -1;
	}
	*addr = s->iov[s->cur].iov_base;
	*len = (uint32_t)s->iov[s->cur++].iov_len;
	return 0;
}

/* dt_run() with the tests from a table (struct cu_test, cu_main.h). */
static const struct cu_test *g_dt_table;
static size_t g_dt_table_len;

static inline void
dt_add_table(CU_pSuite suite)
{
	for (size_t i = 0; i < g_dt_table_len; i++) {
		CU_add_test(suite, g_dt_table[i].name, g_dt_table[i].fn);
	}
}

static inline int
dt_run_table(const char *suite_name, const struct cu_test *tests, size_t count)
{
	g_dt_table = tests;
	g_dt_table_len = count;
	return dt_run(suite_name, dt_add_table);
}

#endif /* EALNVME_NVME_DRIVER_TEST_H */
