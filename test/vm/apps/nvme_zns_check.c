/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/nvme_zns.h and the newer nvme.h I/O calls against a real controller
 * (QEMU's in test/vm/test_zns.sh), through the public API only.
 *
 *   nvme_zns_check [-r trid]
 *
 * Expects nsid 1 zoned and nsid 2 a conventional namespace:
 *   nsid 1: ZNS data read at attach, report zones, zone append (twice, the
 *           LBAs returned), a write at the write pointer and one elsewhere
 *           (refused by the controller), data read back, finish, reset
 *           (one zone, then all);
 *   nsid 2: write_ext/read_iov round trip, COPY (Simple Copy) of two ranges
 *           verified by reading the destination, VERIFY, reservations as
 *           ONCS says (-ENOTSUP when it lacks them).
 * Prints "ok - ..." / "not ok - ..." per check, "zns-info: ..." lines for
 * the host, and "zns: N passed, M failed"; exit 0 only with no failure.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "spdk/nvme_zns.h"

static unsigned int g_pass, g_fail;
static struct spdk_nvme_qpair *g_qp;

static void __attribute__((format(printf, 2, 3)))
expect(bool ok, const char *fmt, ...)
{
	va_list ap;

	fputs(ok ? "ok - " : "not ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	*(ok ? &g_pass : &g_fail) += 1;
}

struct done {
	int			n;
	struct spdk_nvme_cpl	cpl;
};

static void
on_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct done *d = arg;

	d->n++;
	d->cpl = *cpl;
}

/* rc of the submission, else 0 once completed (status in d), -ETIMEDOUT. */
static int
finish(int rc, struct done *d)
{
	uint64_t end = spdk_get_ticks() + 30 * spdk_get_ticks_hz();

	while (rc == 0 && d->n == 0 && spdk_get_ticks() < end) {
		if (spdk_nvme_qpair_process_completions(g_qp, 0) < 0) {
			return -ENXIO;
		}
	}
	return rc != 0 ? rc : d->n == 1 ? 0 : -ETIMEDOUT;
}

#define SYNC(d, call) (memset(&(d), 0, sizeof(d)), finish((call), &(d)))
#define CPL_OK(d) (!spdk_nvme_cpl_is_error(&(d).cpl))
#define STATUS(d) spdk_nvme_cpl_get_status_string(&(d).cpl.status)

static uint8_t *
dmabuf(size_t n)
{
	uint8_t *p = spdk_zmalloc(n, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	if (p == NULL) {
		fprintf(stderr, "FAIL: no DMA memory\n");
		exit(1);
	}
	return p;
}

static void
pattern(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)(seed + i * 13 + i / 512);
	}
}

/* ---- The zoned namespace ------------------------------------------------------------ */

static uint64_t
zone_report(struct spdk_nvme_ns *ns, struct spdk_nvme_zns_zone_report *rep, uint32_t size,
	    uint64_t slba, enum spdk_nvme_zns_zra_report_opts what)
{
	struct done d;
	int rc = SYNC(d, spdk_nvme_zns_report_zones(ns, g_qp, rep, size, slba, what, false,
			on_done, &d));

	return rc == 0 && CPL_OK(d) ? rep->nr_zones : UINT64_MAX;
}

static void
zoned(struct spdk_nvme_ns *ns)
{
	const uint32_t bs = spdk_nvme_ns_get_sector_size(ns);
	const uint64_t zsze = spdk_nvme_zns_ns_get_zone_size_sectors(ns);
	const uint64_t nzones = spdk_nvme_zns_ns_get_num_zones(ns);
	uint32_t rsize = 64 + 64 * 64;
	struct spdk_nvme_zns_zone_report *rep = malloc(rsize);	/* ordinary memory */
	uint8_t *w = dmabuf(16 * bs), *r = dmabuf(16 * bs);
	uint64_t lba0, lba1, n;
	struct done d;
	int rc;

	printf("zns-info: csi %u zone_blocks %lu zones %lu max_open %u max_active %u "
	       "append_max %u\n", (unsigned)spdk_nvme_ns_get_csi(ns), (unsigned long)zsze,
	       (unsigned long)nzones, spdk_nvme_zns_ns_get_max_open_zones(ns),
	       spdk_nvme_zns_ns_get_max_active_zones(ns),
	       spdk_nvme_zns_ctrlr_get_max_zone_append_size(spdk_nvme_ns_get_ctrlr(ns)));
	expect(spdk_nvme_zns_ns_get_data(ns) != NULL && zsze != 0,
	       "ns 1: ZNS Identify data read at attach");
	if (rep == NULL || zsze == 0) {
		free(rep);
		return;
	}
	expect(zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ALL) == nzones,
	       "ns 1: report zones lists all %lu zones", (unsigned long)nzones);
	expect(rep->descs[1].zslba == zsze && rep->descs[1].zs == SPDK_NVME_ZONE_STATE_EMPTY &&
	       rep->descs[1].wp == zsze, "ns 1: zone 1 starts at %lu, empty, write pointer there",
	       (unsigned long)zsze);

	/* Zone 1: two appends, the second lands after the first. */
	pattern(w, 16 * bs, 0x21);
	rc = SYNC(d, spdk_nvme_zns_zone_append(ns, g_qp, w, zsze, 8, on_done, &d, 0));
	lba0 = (uint64_t)d.cpl.cdw1 << 32 | d.cpl.cdw0;
	expect(rc == 0 && CPL_OK(d) && lba0 == zsze, "ns 1: zone append 1 at LBA %lu (%d %s)",
	       (unsigned long)lba0, rc, STATUS(d));
	rc = SYNC(d, spdk_nvme_zns_zone_append(ns, g_qp, w + 8 * bs, zsze, 8, on_done, &d, 0));
	lba1 = (uint64_t)d.cpl.cdw1 << 32 | d.cpl.cdw0;
	expect(rc == 0 && CPL_OK(d) && lba1 == zsze + 8, "ns 1: zone append 2 at LBA %lu",
	       (unsigned long)lba1);
	rc = SYNC(d, spdk_nvme_ns_cmd_read(ns, g_qp, r, zsze, 16, on_done, &d, 0));
	expect(rc == 0 && CPL_OK(d) && memcmp(r, w, 16 * bs) == 0,
	       "ns 1: appended data reads back");
	/* A write must be at the write pointer. */
	rc = SYNC(d, spdk_nvme_ns_cmd_write(ns, g_qp, w, zsze + 16, 1, on_done, &d, 0));
	expect(rc == 0 && CPL_OK(d), "ns 1: write at the write pointer");
	rc = SYNC(d, spdk_nvme_ns_cmd_write(ns, g_qp, w, zsze + 100, 1, on_done, &d, 0));
	expect(rc == 0 && d.cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
	       d.cpl.status.sc == SPDK_NVME_SC_ZONE_INVALID_WRITE, "ns 1: write off the write pointer refused: %s",
	       STATUS(d));
	n = zone_report(ns, rep, rsize, zsze, SPDK_NVME_ZRA_LIST_ZSIO);
	expect(n == 1 && rep->descs[0].wp == zsze + 17,
	       "ns 1: zone 1 implicitly open, write pointer %lu", (unsigned long)rep->descs[0].wp);
	/* Finish, then reset. */
	rc = SYNC(d, spdk_nvme_zns_finish_zone(ns, g_qp, zsze, false, on_done, &d));
	expect(rc == 0 && CPL_OK(d) && zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ZSF) == 1,
	       "ns 1: finish zone: one full zone");
	rc = SYNC(d, spdk_nvme_zns_zone_append(ns, g_qp, w, zsze, 1, on_done, &d, 0));
	expect(rc == 0 && d.cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
	       d.cpl.status.sc == SPDK_NVME_SC_ZONE_IS_FULL, "ns 1: append to a full zone refused: %s", STATUS(d));
	rc = SYNC(d, spdk_nvme_zns_reset_zone(ns, g_qp, zsze, false, on_done, &d));
	expect(rc == 0 && CPL_OK(d) &&
	       zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ZSE) == nzones,
	       "ns 1: reset zone: every zone empty again");
	/* Zone 2 opened explicitly, then every zone reset at once. */
	rc = SYNC(d, spdk_nvme_zns_open_zone(ns, g_qp, 2 * zsze, false, on_done, &d));
	expect(rc == 0 && CPL_OK(d) && zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ZSEO) == 1,
	       "ns 1: open zone: one explicitly open zone");
	rc = SYNC(d, spdk_nvme_zns_close_zone(ns, g_qp, 2 * zsze, false, on_done, &d));
	expect(rc == 0 && CPL_OK(d) && zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ZSC) == 1,
	       "ns 1: close zone: one closed zone");
	rc = SYNC(d, spdk_nvme_zns_reset_zone(ns, g_qp, 0, true, on_done, &d));
	expect(rc == 0 && CPL_OK(d) &&
	       zone_report(ns, rep, rsize, 0, SPDK_NVME_ZRA_LIST_ZSE) == nzones,
	       "ns 1: reset all zones");
	expect(spdk_nvme_zns_zone_append(ns, g_qp, w, 0, 1u << 20, on_done, &d, 0) == -EINVAL,
	       "ns 1: append beyond the append size limit: -EINVAL");
	/* The zoned writes for the host to find in the image: zone 3 from its start. */
	pattern(w, 16 * bs, 0x5c);
	rc = SYNC(d, spdk_nvme_zns_zone_append(ns, g_qp, w, 3 * zsze, 16, on_done, &d, 0));
	expect(rc == 0 && CPL_OK(d), "ns 1: 16 blocks appended to zone 3");
	printf("zns-info: zone3 lba %lu\n", (unsigned long)(3 * zsze));
	free(rep);
	spdk_free(w);
	spdk_free(r);
}

/* ---- The conventional namespace --------------------------------------------------- */

static void
conventional(struct spdk_nvme_ns *ns)
{
	const struct spdk_nvme_ctrlr_data *cd = spdk_nvme_ctrlr_get_data(spdk_nvme_ns_get_ctrlr(ns));
	const uint32_t bs = spdk_nvme_ns_get_sector_size(ns);
	uint8_t *w = dmabuf(16 * bs), *r = dmabuf(16 * bs);
	struct spdk_nvme_ns_cmd_ext_io_opts opts = { .size = sizeof(opts),
		.io_flags = SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS };
	struct iovec iov[2] = { { r, 8 * bs }, { r + 8 * bs, 8 * bs } };
	struct spdk_nvme_scc_source_range ranges[2] = {
		{ .slba = 0, .nlb = 3 }, { .slba = 12, .nlb = 3 } };	/* 4 + 4 blocks */
	struct spdk_nvme_reservation_key_data key = { .crkey = 1 };
	struct done d;
	uint16_t oncs;	/* Identify Controller bytes 521:520, by bit number (NVMe 2.0 Figure 275) */
	bool has_copy, has_verify, has_resv;
	int rc;

	memcpy(&oncs, (const uint8_t *)cd + 520, sizeof(oncs));
	has_copy = oncs & (1u << 8);
	has_verify = oncs & (1u << 7);
	has_resv = oncs & (1u << 5);
	printf("zns-info: oncs copy %d verify %d reservations %d\n", has_copy, has_verify,
	       has_resv);
	pattern(w, 16 * bs, 0x42);
	rc = SYNC(d, spdk_nvme_ns_cmd_write_ext(ns, g_qp, w, 0, 16, on_done, &d, &opts));
	expect(rc == 0 && CPL_OK(d), "ns 2: write_ext with FUA (%d %s)", rc, STATUS(d));
	rc = SYNC(d, spdk_nvme_ns_cmd_read_iov(ns, g_qp, 0, 16, on_done, &d, iov, 2, NULL));
	expect(rc == 0 && CPL_OK(d) && memcmp(r, w, 16 * bs) == 0,
	       "ns 2: read_iov of two elements reads it back");
	/* Simple Copy: blocks 0-3 and 12-15 to 1000-1007. */
	rc = SYNC(d, spdk_nvme_ns_cmd_copy(ns, g_qp, ranges, 2, 1000, on_done, &d));
	if (!has_copy) {
		expect(rc == -ENOTSUP, "ns 2: copy without ONCS Copy: %d", rc);
	} else {
		expect(rc == 0 && CPL_OK(d), "ns 2: copy of 2 ranges (%d %s)", rc, STATUS(d));
		memset(r, 0, 16 * bs);
		rc = SYNC(d, spdk_nvme_ns_cmd_read(ns, g_qp, r, 1000, 8, on_done, &d, 0));
		expect(rc == 0 && CPL_OK(d) && memcmp(r, w, 4 * bs) == 0 &&
		       memcmp(r + 4 * bs, w + 12 * bs, 4 * bs) == 0,
		       "ns 2: the copy's destination holds both ranges");
		printf("zns-info: copy dest 1000\n");
	}
	rc = SYNC(d, spdk_nvme_ns_cmd_verify(ns, g_qp, 0, 16, on_done, &d, 0));
	if (!has_verify) {
		expect(rc == -ENOTSUP, "ns 2: verify without ONCS Verify: %d", rc);
	} else {
		expect(rc == 0 && CPL_OK(d), "ns 2: verify of 16 blocks (%s)", STATUS(d));
	}
	expect(spdk_nvme_ns_cmd_verify(ns, g_qp, spdk_nvme_ns_get_num_sectors(ns), 1, on_done, &d,
				       0) == -EINVAL, "ns 2: verify beyond the end: -EINVAL");
	rc = SYNC(d, spdk_nvme_ns_cmd_reservation_release(ns, g_qp, &key, false,
			SPDK_NVME_RESERVE_RELEASE, SPDK_NVME_RESERVE_WRITE_EXCLUSIVE, on_done, &d));
	if (!has_resv) {
		expect(rc == -ENOTSUP, "ns 2: reservations without ONCS Reservations: %d", rc);
	} else {
		expect(rc == 0, "ns 2: reservation release sent (%s)", STATUS(d));
	}
	expect(spdk_nvme_zns_ns_get_data(ns) == NULL &&
	       spdk_nvme_zns_reset_zone(ns, g_qp, 0, false, on_done, &d) == -EINVAL,
	       "ns 2: not zoned: no ZNS data, zone commands -EINVAL");
	spdk_free(w);
	spdk_free(r);
}

static struct spdk_nvme_ctrlr *g_ctrlr;

static bool
probe_one(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr_opts *o)
{
	(void)ctx;
	(void)trid;
	(void)o;	/* command_set left to the default: IOCS when CAP.CSS has it */
	return g_ctrlr == NULL;
}

static void
attach_one(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *c,
	   const struct spdk_nvme_ctrlr_opts *o)
{
	(void)ctx;
	(void)trid;
	(void)o;
	g_ctrlr = c;
}

int
main(int argc, char **argv)
{
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_env_opts eo;
	struct spdk_nvme_ns *zns, *nvm;
	int ch;

	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	while ((ch = getopt(argc, argv, "r:")) != -1) {
		if (ch != 'r' || spdk_nvme_transport_id_parse(&trid, optarg) != 0) {
			fprintf(stderr, "usage: %s [-r trid]\n", argv[0]);
			return 2;
		}
	}
	eo.opts_size = sizeof(eo);
	spdk_env_opts_init(&eo);
	eo.name = "nvme_zns_check";
	if (spdk_env_init(&eo) < 0 ||
	    spdk_nvme_probe(&trid, NULL, probe_one, attach_one, NULL) != 0 || g_ctrlr == NULL) {
		fprintf(stderr, "FAIL: no controller attached (scripts/setup.sh binds one)\n");
		return 1;
	}
	g_qp = spdk_nvme_ctrlr_alloc_io_qpair(g_ctrlr, NULL, 0);
	zns = spdk_nvme_ctrlr_get_ns(g_ctrlr, 1);
	nvm = spdk_nvme_ctrlr_get_ns(g_ctrlr, 2);
	if (g_qp == NULL || zns == NULL || nvm == NULL) {
		fprintf(stderr, "FAIL: no I/O qpair, or namespaces 1 and 2 missing\n");
		return 1;
	}
	zoned(zns);
	conventional(nvm);
	spdk_nvme_ctrlr_free_io_qpair(g_qp);
	spdk_nvme_detach(g_ctrlr);
	spdk_env_fini();
	printf("zns: %u passed, %u failed\n", g_pass, g_fail);
	return g_fail == 0 && g_pass > 0 ? 0 : 1;
}
