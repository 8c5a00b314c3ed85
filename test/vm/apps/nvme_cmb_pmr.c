/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Guest program for test/vm/test_cmb_pmr.sh: the Controller Memory Buffer
 * and the Persistent Memory Region of QEMU's controller through SPDK's API.
 * One line per check ("ok - ..." / "not ok - ..."), exit status 0 only if
 * every check passed.
 *
 *   nvme_cmb_pmr run TRADDR SEED [PEER_TRADDR]
 *                                    in the guest
 *   nvme_cmb_pmr check-file FILE SEED
 *                                    on the host: the PMR's backing file holds
 *                                    the pattern at 0 (CPU stores) and at 1 MiB
 *                                    (DMA from namespace 1 into the PMR)
 *
 * CMB: the CPU writes and reads it; namespace 1 is written from it and read
 * back into host memory and into another part of the CMB; with a peer, the
 * peer controller reads its namespace into the CMB and writes it from there
 * (SPDK's cmb_copy, peer-to-peer DMA).  PMR: enabled,
 * mapped, the pattern stored by the CPU, written from it to namespace 1 and
 * read back from there into the PMR at 1 MiB.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "app_check.h"

#define MIB		(1024u * 1024)
#define XFER		(64u * 1024)	/* bytes per I/O */
#define PMR_DMA_OFF	MIB

/* The pattern: a function of the seed and the byte's offset in its region. */
static void
fill(uint8_t *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		p[i] = (uint8_t)((i * 131u + (i >> 12) * 7u + seed) ^ (seed >> 8));
	}
}

static int
matches(const uint8_t *p, size_t len, unsigned int seed)
{
	uint8_t *want = malloc(len);
	int ok = want != NULL;

	if (ok) {
		fill(want, len, seed);
		ok = memcmp(p, want, len) == 0;
	}
	free(want);
	return ok;
}

/* One read or write of XFER bytes at lba, waited for; 0 on success. */
static int
rw(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qp, void *buf, uint64_t lba, int write)
{
	uint32_t n = XFER / spdk_nvme_ns_get_sector_size(ns);
	uint64_t end = spdk_get_ticks() + spdk_get_ticks_hz() * 30;
	struct done d = { 0 };
	int rc = write ? spdk_nvme_ns_cmd_write(ns, qp, buf, lba, n, done_cb, &d, 0) :
		 spdk_nvme_ns_cmd_read(ns, qp, buf, lba, n, done_cb, &d, 0);

	while (rc == 0 && d.calls == 0 && spdk_get_ticks() < end) {
		if (spdk_nvme_qpair_process_completions(qp, 0) < 0) {
			return -EIO;
		}
	}
	if (rc == 0 && (d.calls == 0 || spdk_nvme_cpl_is_error(&d.cpl))) {
		printf("info - %s of lba %llu: %s\n", write ? "write" : "read",
		       (unsigned long long)lba, d.calls == 0 ? "no completion" :
		       spdk_nvme_cpl_get_status_string(&d.cpl.status));
		rc = -EIO;
	}
	return rc;
}

static void
check_cmb(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qp,
	  unsigned int seed, struct spdk_nvme_ns *peer_ns, struct spdk_nvme_qpair *peer_qp)
{
	union spdk_nvme_cmbsz_register sz = spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr);
	uint8_t *cmb, *host;
	size_t size = 0, again = 0;
	int reserved;

	printf("info - CAP.CMBS %u CMBSZ 0x%08x\n", spdk_nvme_ctrlr_get_regs_cap(ctrlr).bits.cmbs,
	       sz.raw);
	reserved = spdk_nvme_ctrlr_reserve_cmb(ctrlr);
	check(reserved == 64 * (int)MIB, "reserve_cmb: %d (64 MiB)", reserved);
	cmb = spdk_nvme_ctrlr_map_cmb(ctrlr, &size);
	check(cmb != NULL && size == 64 * MIB, "map_cmb: %p, %zu bytes", (void *)cmb, size);
	if (cmb == NULL || size < 64 * MIB) {
		return;
	}
	check(spdk_nvme_ctrlr_map_cmb(ctrlr, &again) == cmb && again == size,
	      "map_cmb again: the same mapping");
	check(spdk_vtophys(cmb, NULL) != SPDK_VTOPHYS_ERROR, "the CMB translates for DMA");
	/* CPU stores and loads through the BAR. */
	fill(cmb, XFER, seed);
	fill(cmb + 63 * MIB, XFER, seed + 1);
	check(matches(cmb, XFER, seed) && matches(cmb + 63 * MIB, XFER, seed + 1),
	      "CPU writes read back from the CMB (start and last MiB)");
	/* CMB -> namespace -> host memory and CMB. */
	host = spdk_zmalloc(XFER, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	check(host != NULL && rw(ns, qp, cmb, 64, 1) == 0, "write namespace 1 from the CMB");
	check(host != NULL && rw(ns, qp, host, 64, 0) == 0 && matches(host, XFER, seed),
	      "read back into host memory: the CMB's data");
	memset(cmb + 32 * MIB, 0, XFER);
	check(rw(ns, qp, cmb + 32 * MIB, 64, 0) == 0 && matches(cmb + 32 * MIB, XFER, seed),
	      "read back into the CMB at 32 MiB: the same data");
	if (peer_ns != NULL && host != NULL) {
		/* SPDK's cmb_copy: the other controller's DMA into and out of this CMB. */
		fill(host, XFER, seed + 2);
		memset(cmb + 16 * MIB, 0, XFER);
		check(rw(peer_ns, peer_qp, host, 512, 1) == 0 &&
		      rw(peer_ns, peer_qp, cmb + 16 * MIB, 512, 0) == 0 &&
		      matches(cmb + 16 * MIB, XFER, seed + 2),
		      "peer controller: read into this CMB (peer-to-peer DMA)");
		memset(host, 0, XFER);
		check(rw(peer_ns, peer_qp, cmb + 16 * MIB, 1024, 1) == 0 &&
		      rw(peer_ns, peer_qp, host, 1024, 0) == 0 && matches(host, XFER, seed + 2),
		      "peer controller: write from this CMB, read back: the same data");
	}
	spdk_free(host);
	spdk_nvme_ctrlr_unmap_cmb(ctrlr);
	check(spdk_vtophys(cmb, NULL) == SPDK_VTOPHYS_ERROR, "unmap_cmb: no longer DMA memory");
}

static void
check_pmr(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns,
	  struct spdk_nvme_qpair *qp, unsigned int seed)
{
	union spdk_nvme_pmrcap_register cap = spdk_nvme_ctrlr_get_regs_pmrcap(ctrlr);
	uint64_t pmrsz = spdk_nvme_ctrlr_get_pmrsz(ctrlr);
	size_t size = 0;
	uint8_t *pmr;
	int rc;

	printf("info - CAP.PMRS %u PMRCAP 0x%08x pmrsz %llu\n",
	       spdk_nvme_ctrlr_get_regs_cap(ctrlr).bits.pmrs, cap.raw, (unsigned long long)pmrsz);
	check(pmrsz == 8 * MIB, "get_pmrsz: 8 MiB");
	check(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == -ENXIO, "unmap_pmr before map: -ENXIO");
	rc = spdk_nvme_ctrlr_enable_pmr(ctrlr);
	check(rc == 0, "enable_pmr: %d", rc);
	check(spdk_nvme_ctrlr_enable_pmr(ctrlr) == -EINVAL, "enable_pmr again: -EINVAL");
	pmr = spdk_nvme_ctrlr_map_pmr(ctrlr, &size);
	check(pmr != NULL && size == pmrsz, "map_pmr: %p, %zu bytes", (void *)pmr, size);
	if (pmr == NULL || size < 2 * MIB) {
		return;
	}
	fill(pmr, XFER, seed);
	check(matches(pmr, XFER, seed), "CPU writes read back from the PMR");
	/* PMR -> namespace -> PMR at 1 MiB. */
	memset(pmr + PMR_DMA_OFF, 0, XFER);
	check(rw(ns, qp, pmr, 256, 1) == 0, "write namespace 1 from the PMR");
	check(rw(ns, qp, pmr + PMR_DMA_OFF, 256, 0) == 0 && matches(pmr + PMR_DMA_OFF, XFER, seed),
	      "read back into the PMR at 1 MiB: the same data");
	check(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == 0, "unmap_pmr");
	check(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == -ENXIO, "unmap_pmr again: -ENXIO");
	check(spdk_nvme_ctrlr_disable_pmr(ctrlr) == 0, "disable_pmr");
}

struct dev {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qp;
};

static int
dev_open(struct dev *d, const char *traddr)
{
	struct spdk_nvme_transport_id trid = { 0 };

	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", traddr);
	d->ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	d->ns = d->ctrlr ? spdk_nvme_ctrlr_get_ns(d->ctrlr, 1) : NULL;
	d->qp = d->ctrlr ? spdk_nvme_ctrlr_alloc_io_qpair(d->ctrlr, NULL, 0) : NULL;
	check(d->ns != NULL && spdk_nvme_ns_is_active(d->ns) && d->qp != NULL,
	      "connect %s: namespace 1 and a qpair", traddr);
	return d->qp != NULL ? 0 : -1;
}

static void
dev_close(struct dev *d)
{
	if (d->qp != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(d->qp);
	}
	if (d->ctrlr != NULL) {
		check(spdk_nvme_detach(d->ctrlr) == 0, "detach");
	}
}

/* traddr: the controller with CMB and PMR; peer_traddr (or NULL): another one. */
static int
run(const char *traddr, unsigned int seed, const char *peer_traddr)
{
	struct spdk_env_opts env;
	struct dev d = { 0 }, peer = { 0 };

	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_cmb_pmr";
	if (spdk_env_init(&env) != 0) {
		fprintf(stderr, "spdk_env_init failed\n");
		return 1;
	}
	if (dev_open(&d, traddr) == 0 && (peer_traddr == NULL || dev_open(&peer, peer_traddr) == 0)) {
		check_cmb(d.ctrlr, d.ns, d.qp, seed, peer.ns, peer.qp);
		check_pmr(d.ctrlr, d.ns, d.qp, seed);
	}
	dev_close(&peer);
	dev_close(&d);
	spdk_env_fini();
	return g_failed ? 1 : 0;
}

/* On the host, after the guest powered off: the PMR's file. */
static int
check_file(const char *path, unsigned int seed)
{
	uint8_t *buf = malloc(PMR_DMA_OFF + XFER);
	FILE *f = fopen(path, "rb");
	int ok = buf != NULL && f != NULL &&
		 fread(buf, 1, PMR_DMA_OFF + XFER, f) == PMR_DMA_OFF + XFER;

	check(ok && matches(buf, XFER, seed), "%s: the CPU's pattern at 0", path);
	check(ok && matches(buf + PMR_DMA_OFF, XFER, seed), "%s: the DMA'd pattern at 1 MiB", path);
	if (f != NULL) {
		fclose(f);
	}
	free(buf);
	return g_failed ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if ((argc == 4 || argc == 5) && strcmp(argv[1], "run") == 0) {
		return run(argv[2], (unsigned int)strtoul(argv[3], NULL, 0),
			   argc == 5 ? argv[4] : NULL);
	}
	if (argc == 4 && strcmp(argv[1], "check-file") == 0) {
		return check_file(argv[2], (unsigned int)strtoul(argv[3], NULL, 0));
	}
	fprintf(stderr, "usage: %s run TRADDR SEED [PEER_TRADDR] | check-file FILE SEED\n",
		argv[0]);
	return 2;
}
