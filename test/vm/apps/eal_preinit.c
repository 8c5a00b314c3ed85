/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An application that starts DPDK itself (rte_eal_init) and only then uses
 * ealnvme: spdk_env_init() must adopt the running EAL, probe must find the
 * controller, I/O must work, and spdk_env_fini() must leave the
 * application's EAL alone.  Exit 0 when all of that holds.
 */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_lcore.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

static struct spdk_nvme_ctrlr *g_ctrlr;

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)opts;
	printf("eal_preinit: attached %s\n", trid->traddr);
	if (g_ctrlr == NULL) {
		g_ctrlr = ctrlr;
	} else {
		spdk_nvme_detach(ctrlr);
	}
}

static void
io_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	*(int *)arg = spdk_nvme_cpl_is_error(cpl) ? -1 : 1;
}

static int
one_io(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, char *buf, bool write)
{
	int done = 0;
	int rc = write ? spdk_nvme_ns_cmd_write(ns, qpair, buf, 0, 1, io_cb, &done, 0)
		       : spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 1, io_cb, &done, 0);

	while (rc == 0 && done == 0) {
		if (spdk_nvme_qpair_process_completions(qpair, 0) < 0) {
			return -1;
		}
	}
	return rc == 0 && done == 1 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns;
	char *wbuf, *rbuf;
	int failed = 0;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "eal_preinit: rte_eal_init failed\n");
		return 1;
	}
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "eal_preinit";
	if (spdk_env_init(&opts) != 0) {
		fprintf(stderr, "eal_preinit: spdk_env_init did not adopt the running EAL\n");
		return 1;
	}
	if (spdk_nvme_probe(NULL, NULL, NULL, attach_cb, NULL) != 0 || g_ctrlr == NULL) {
		fprintf(stderr, "eal_preinit: no controller attached\n");
		return 1;
	}
	ns = spdk_nvme_ctrlr_get_ns(g_ctrlr, spdk_nvme_ctrlr_get_first_active_ns(g_ctrlr));
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(g_ctrlr, NULL, 0);
	wbuf = spdk_zmalloc(spdk_nvme_ns_get_sector_size(ns), 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
			    SPDK_MALLOC_DMA);
	rbuf = spdk_zmalloc(spdk_nvme_ns_get_sector_size(ns), 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
			    SPDK_MALLOC_DMA);
	if (qpair == NULL || wbuf == NULL || rbuf == NULL) {
		fprintf(stderr, "eal_preinit: qpair or buffer allocation failed\n");
		return 1;
	}
	snprintf(wbuf, 64, "written after the application's own rte_eal_init\n");
	if (one_io(ns, qpair, wbuf, true) != 0 || one_io(ns, qpair, rbuf, false) != 0 ||
	    strcmp(wbuf, rbuf) != 0) {
		fprintf(stderr, "eal_preinit: write/read back failed\n");
		failed = 1;
	}
	spdk_free(wbuf);
	spdk_free(rbuf);
	spdk_nvme_ctrlr_free_io_qpair(qpair);
	spdk_nvme_detach(g_ctrlr);
	spdk_env_fini();
	/* The EAL must still be the application's: lcores still there. */
	if (rte_lcore_count() == 0) {
		fprintf(stderr, "eal_preinit: spdk_env_fini tore down the application's EAL\n");
		failed = 1;
	}
	rte_eal_cleanup();
	printf("eal_preinit: %s\n", failed ? "FAILED" : "OK");
	return failed;
}
