/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DMA memory freed back to the system is no longer translated (issue 10),
 * for test/vm/test_owner.sh: a 64 MiB buffer (hugepages DPDK allocates on
 * demand and gives back when freed) is translated, freed, and then
 * spdk_vtophys must fail and a read into it must be refused at submission
 * (it used to be accepted: the device wrote into memory the process no
 * longer owned).  Prints "vtophys_check: OK" and exits 0 when all holds.
 */
#include <errno.h>
#include <stdio.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

static struct spdk_nvme_ctrlr *g_ctrlr;

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)trid;
	(void)opts;
	if (g_ctrlr == NULL) {
		g_ctrlr = ctrlr;
	} else {
		spdk_nvme_detach(ctrlr);
	}
}

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	(void)cpl;
	++*(int *)arg;
}

int
main(void)
{
	const size_t len = 64u << 20;
	struct spdk_env_opts opts;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns;
	int fails = 0, done = 0, rc;
	uint64_t iova;
	char *buf;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "vtophys_check";
	if (spdk_env_init(&opts) != 0 ||
	    spdk_nvme_probe(NULL, NULL, NULL, attach_cb, NULL) != 0 || g_ctrlr == NULL) {
		fprintf(stderr, "vtophys_check: no controller\n");
		return 1;
	}
	ns = spdk_nvme_ctrlr_get_ns(g_ctrlr, spdk_nvme_ctrlr_get_first_active_ns(g_ctrlr));
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(g_ctrlr, NULL, 0);
	buf = spdk_dma_zmalloc(len, 2u << 20, NULL);
	if (qpair == NULL || ns == NULL || buf == NULL) {
		fprintf(stderr, "vtophys_check: setup failed\n");
		return 1;
	}
	iova = spdk_vtophys(buf + len / 2, NULL);
	if (iova == SPDK_VTOPHYS_ERROR) {
		fprintf(stderr, "vtophys_check: live buffer not translated\n");
		fails++;
	}
	rc = spdk_nvme_ns_cmd_read(ns, qpair, buf + len / 2, 0, 8, read_done, &done, 0);
	while (rc == 0 && done == 0) {
		spdk_nvme_qpair_process_completions(qpair, 0);
	}
	if (rc != 0) {
		fprintf(stderr, "vtophys_check: read into a live buffer refused (%d)\n", rc);
		fails++;
	}
	spdk_dma_free(buf);
	if (spdk_vtophys(buf + len / 2, NULL) != SPDK_VTOPHYS_ERROR) {
		fprintf(stderr, "vtophys_check: freed memory still translated\n");
		fails++;
	}
	rc = spdk_nvme_ns_cmd_read(ns, qpair, buf + len / 2, 0, 8, read_done, &done, 0);
	if (rc != -EINVAL) {
		fprintf(stderr, "vtophys_check: read into freed memory returned %d, not -EINVAL\n",
			rc);
		fails++;
		while (rc == 0 && done < 2) {
			spdk_nvme_qpair_process_completions(qpair, 0);
		}
	}
	spdk_nvme_ctrlr_free_io_qpair(qpair);
	spdk_nvme_detach(g_ctrlr);
	spdk_env_fini();
	if (fails == 0) {
		printf("vtophys_check: OK\n");
	}
	return fails == 0 ? 0 : 1;
}
