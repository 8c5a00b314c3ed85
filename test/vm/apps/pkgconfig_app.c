/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * A program built outside the source tree against an installed ealnvme, with
 * the flags of `pkg-config --static --libs ealnvme` (test/vm/apps/
 * build_pkgconfig_app.sh): it must start (one DPDK in the process, not two),
 * attach the first controller and read back what it wrote to LBA 0.
 * `--no-pci`: start the env on plain memory with no bus and stop (a host
 * check that needs neither hugepages nor a device).  Exit 0 when all holds.
 */
#include <stdio.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

static struct spdk_nvme_ctrlr *g_ctrlr;

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)ctx;
	(void)opts;
	printf("pkgconfig_app: attached %s\n", trid->traddr);
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

static int
io_check(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_ns *ns;
	struct spdk_nvme_qpair *qpair;
	char *wbuf, *rbuf;
	uint32_t sz;
	int rc = -1;

	ns = spdk_nvme_ctrlr_get_ns(ctrlr, spdk_nvme_ctrlr_get_first_active_ns(ctrlr));
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	if (ns == NULL || qpair == NULL) {
		fprintf(stderr, "pkgconfig_app: no namespace or no I/O qpair\n");
		return -1;
	}
	sz = spdk_nvme_ns_get_sector_size(ns);
	wbuf = spdk_zmalloc(sz, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	rbuf = spdk_zmalloc(sz, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (wbuf != NULL && rbuf != NULL) {
		snprintf(wbuf, sz, "written by a program linked with pkg-config --static\n");
		if (one_io(ns, qpair, wbuf, true) == 0 && one_io(ns, qpair, rbuf, false) == 0 &&
		    memcmp(wbuf, rbuf, sz) == 0) {
			rc = 0;
		} else {
			fprintf(stderr, "pkgconfig_app: write/read back of LBA 0 failed\n");
		}
	}
	spdk_free(wbuf);
	spdk_free(rbuf);
	spdk_nvme_ctrlr_free_io_qpair(qpair);
	return rc;
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	bool no_pci = argc > 1 && strcmp(argv[1], "--no-pci") == 0;
	int rc = 0;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "pkgconfig_app";
	if (no_pci) {
		opts.no_huge = true;
		opts.no_pci = true;
		opts.mem_size = 64;
	}
	if (spdk_env_init(&opts) != 0) {
		fprintf(stderr, "pkgconfig_app: spdk_env_init failed\n");
		return 1;
	}
	if (!no_pci) {
		if (spdk_nvme_probe(NULL, NULL, NULL, attach_cb, NULL) != 0 || g_ctrlr == NULL) {
			fprintf(stderr, "pkgconfig_app: no controller attached\n");
			return 1;
		}
		rc = io_check(g_ctrlr);
		spdk_nvme_detach(g_ctrlr);
	}
	spdk_env_fini();
	printf("pkgconfig_app: %s\n", rc == 0 ? "OK" : "FAILED");
	return rc == 0 ? 0 : 1;
}
