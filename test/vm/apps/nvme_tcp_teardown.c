/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * test_tcp_teardown.sh's guest program: the Linux kernel target torn down
 * under load, then brought back (issue 9, "Failure").
 *
 *   nvme_tcp_teardown TRID PORT_LINK SUBSYS_DIR
 *
 * Connects to TRID, keeps QD writes of a known pattern in flight, then
 * removes PORT_LINK (the configfs symlink exporting SUBSYS_DIR on the
 * port), which makes the target drop the controller and its connections.
 * Checks: every I/O submitted completes exactly once; those caught by the
 * teardown with an error status; the qpair reports -ENXIO and a failure
 * reason.  Then it links the subsystem back, resets the controller (a new
 * association), reconnects the qpair and checks that writes and reads work
 * and the data written before the teardown is intact.
 * One 'ok - ...' line per check; exit 0 only when all passed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "vm_check.h"

#define QD		32
#define IO_BLOCKS	8
#define TOTAL_IOS	4096

struct io {
	uint8_t		*buf;
	unsigned int	completions;	/* must end at exactly 1 per submission */
	bool		error;
	uint16_t	sct, sc;
};

static struct io g_io[TOTAL_IOS];
static unsigned int g_outstanding;

static void
io_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct io *io = arg;

	io->completions++;
	io->error = spdk_nvme_cpl_is_error(cpl);
	io->sct = cpl->status.sct;
	io->sc = cpl->status.sc;
	g_outstanding--;
}

static struct spdk_nvme_ctrlr *g_ctrlr;

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)trid;
	(void)opts;
	g_ctrlr = ctrlr;
}

/* Poll until nothing is outstanding or the qpair fails; bounded. */
static int
drain(struct spdk_nvme_qpair *qp)
{
	int rc = 0;

	for (long i = 0; i < 20000000 && g_outstanding > 0; i++) {
		rc = spdk_nvme_qpair_process_completions(qp, 0);
		if (rc < 0) {
			break;
		}
	}
	return rc;
}

static void
fill(uint8_t *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		buf[i] = (uint8_t)(seed * 131 + i * 7);
	}
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts env;
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_nvme_qpair *qp;
	struct spdk_nvme_ns *ns;
	uint32_t bs;
	unsigned int submitted = 0, errors = 0, once = 0, rounds;
	int rc, poll_rc = 0;
	uint8_t *rbuf;

	if (argc != 4) {
		fprintf(stderr, "usage: %s TRID PORT_LINK SUBSYS_DIR\n", argv[0]);
		return 2;
	}
	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_tcp_teardown";
	if (spdk_env_init(&env) != 0 || spdk_nvme_transport_id_parse(&trid, argv[1]) != 0) {
		fprintf(stderr, "env init or trid parse failed\n");
		return 1;
	}
	check(spdk_nvme_probe(&trid, NULL, NULL, attach_cb, NULL) == 0 && g_ctrlr != NULL,
	      "attached over TCP");
	if (g_ctrlr == NULL) {
		return 1;
	}
	qp = spdk_nvme_ctrlr_alloc_io_qpair(g_ctrlr, NULL, 0);
	ns = spdk_nvme_ctrlr_get_ns(g_ctrlr, 1);
	check(qp != NULL && ns != NULL, "I/O qpair and namespace 1");
	if (qp == NULL || ns == NULL) {
		return 1;
	}
	bs = spdk_nvme_ns_get_sector_size(ns);
	for (unsigned int i = 0; i < TOTAL_IOS; i++) {
		g_io[i].buf = spdk_zmalloc(IO_BLOCKS * bs, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
					   SPDK_MALLOC_DMA);
		if (g_io[i].buf == NULL) {
			return 1;
		}
		fill(g_io[i].buf, IO_BLOCKS * bs, i);
	}
	rbuf = spdk_zmalloc(IO_BLOCKS * bs, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	/* 1. The first QD writes complete normally: the pattern the end checks. */
	for (unsigned int i = 0; i < QD; i++, submitted++) {
		rc = spdk_nvme_ns_cmd_write(ns, qp, g_io[i].buf, (uint64_t)i * IO_BLOCKS, IO_BLOCKS,
					    io_done, &g_io[i], 0);
		g_outstanding += rc == 0;
	}
	check(drain(qp) >= 0 && g_outstanding == 0, "%u writes before the teardown completed", QD);

	/* 2. Load, and the target goes away in the middle of it. */
	rounds = 0;
	while (submitted < TOTAL_IOS) {
		while (g_outstanding < QD && submitted < TOTAL_IOS) {
			struct io *io = &g_io[submitted];

			rc = spdk_nvme_ns_cmd_write(ns, qp, io->buf,
						    (uint64_t)(submitted % 1024) * IO_BLOCKS + QD * IO_BLOCKS,
						    IO_BLOCKS, io_done, io, 0);
			if (rc != 0) {
				break;
			}
			g_outstanding++;
			submitted++;
		}
		if (++rounds == 50) {
			check(unlink(argv[2]) == 0, "target torn down (port link removed) with %u "
			      "writes outstanding", g_outstanding);
		}
		poll_rc = spdk_nvme_qpair_process_completions(qp, 0);
		if (poll_rc < 0) {
			break;
		}
	}
	if (poll_rc >= 0) {
		poll_rc = drain(qp);	/* all submitted: wait for the failure */
	}
	check(poll_rc == -ENXIO, "the qpair poll reports -ENXIO once the connection is gone "
	      "(got %d)", poll_rc);
	check(spdk_nvme_qpair_get_failure_reason(qp) != SPDK_NVME_QPAIR_FAILURE_NONE,
	      "failure reason %d", spdk_nvme_qpair_get_failure_reason(qp));
	check(spdk_nvme_ns_cmd_write(ns, qp, g_io[0].buf, 0, IO_BLOCKS, io_done, &g_io[0], 0) != 0,
	      "a write on the failed qpair is refused");
	/* Nothing may still be pending: the failure completed everything. */
	for (unsigned int i = 0; i < submitted; i++) {
		once += g_io[i].completions == 1;
		errors += g_io[i].error;
	}
	check(once == submitted && g_outstanding == 0, "each of the %u writes submitted completed "
	      "exactly once (%u did, %u outstanding)", submitted, once, g_outstanding);
	check(errors > 0, "%u writes caught by the teardown completed with an error", errors);

	/* 3. The target comes back; a reset makes a new association. */
	check(symlink(argv[3], argv[2]) == 0, "target back (port link restored)");
	rc = -1;
	for (int i = 0; i < 50 && rc != 0; i++) {
		rc = spdk_nvme_ctrlr_reset(g_ctrlr);
		if (rc != 0) {
			usleep(200000);
		}
	}
	check(rc == 0, "spdk_nvme_ctrlr_reset succeeded once the target was back");
	if (spdk_nvme_qpair_get_failure_reason(qp) != SPDK_NVME_QPAIR_FAILURE_NONE) {
		rc = spdk_nvme_ctrlr_reconnect_io_qpair(qp);
		check(rc == 0, "spdk_nvme_ctrlr_reconnect_io_qpair (%d)", rc);
	}
	for (unsigned int i = 0; i < QD; i++) {
		g_io[i].completions = 0;
		memset(rbuf, 0, IO_BLOCKS * bs);
		rc = spdk_nvme_ns_cmd_read(ns, qp, rbuf, (uint64_t)i * IO_BLOCKS, IO_BLOCKS,
					   io_done, &g_io[i], 0);
		g_outstanding += rc == 0;
		if (rc != 0 || drain(qp) < 0 || g_io[i].error || memcmp(rbuf, g_io[i].buf,
				IO_BLOCKS * bs) != 0) {
			break;
		}
		once = i + 1;
	}
	check(once == QD, "after the reset, the %u writes from before the teardown read back "
	      "intact (%u did)", QD, once);
	g_io[0].completions = 0;
	rc = spdk_nvme_ns_cmd_write(ns, qp, g_io[1].buf, 0, IO_BLOCKS, io_done, &g_io[0], 0);
	g_outstanding += rc == 0;
	check(rc == 0 && drain(qp) >= 0 && g_io[0].completions == 1 && !g_io[0].error,
	      "a new write succeeds after the reset");

	spdk_nvme_ctrlr_free_io_qpair(qp);
	check(spdk_nvme_detach(g_ctrlr) == 0, "detached");
	printf("nvme_tcp_teardown: %u passed, %u failed\n", g_passed, g_failed);
	return g_failed == 0 ? 0 : 1;
}
