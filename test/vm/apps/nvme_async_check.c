/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Guest program for test/vm/test_async.sh: the asynchronous probe and
 * detach, and poll-group I/O, against QEMU's NVMe controllers.  One line per
 * check, "ok - ..." or "not ok - ...", plus "info - ..." lines; exit status
 * 0 only if every check passed.
 *
 *   nvme_async_check N    (N: the number of controllers expected on the bus)
 *
 * Writes a pattern to LBA 0..7 of namespace 1 of each controller; the host
 * checks it in the raw images.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "vm_check.h"

#define MAX_CTRLRS	4
#define IO_BYTES	4096

struct probe_state {
	unsigned int		probed;
	unsigned int		attached;
	unsigned int		failed;
	struct spdk_nvme_ctrlr	*ctrlr[MAX_CTRLRS];
};

static bool
probe_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr_opts *opts)
{
	struct probe_state *p = ctx;

	(void)trid;
	(void)opts;
	p->probed++;
	return true;
}

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	struct probe_state *p = ctx;

	(void)opts;
	printf("info - attached %s\n", trid->traddr);
	if (p->attached < MAX_CTRLRS) {
		p->ctrlr[p->attached] = ctrlr;
	}
	p->attached++;
}

static void
attach_fail_cb(void *ctx, const struct spdk_nvme_transport_id *trid, int rc)
{
	struct probe_state *p = ctx;

	printf("info - attach of %s failed: %d\n", trid->traddr, rc);
	p->failed++;
}

struct io_done {
	unsigned int		calls;
	unsigned int		errors;
};

static void
io_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct io_done *d = arg;

	d->calls++;
	d->errors += spdk_nvme_cpl_is_error(cpl);
}

struct group_state {
	unsigned int	disconnected;
	int		reconnect_rc;
};

/* The group's callback reconnects what it is told about. */
static void
disconnected_cb(struct spdk_nvme_qpair *qpair, void *ctx)
{
	struct group_state *g = ctx;

	g->disconnected++;
	g->reconnect_rc = spdk_nvme_ctrlr_reconnect_io_qpair(qpair);
}

/* Poll the group until want completions arrived (10 s bound). */
static bool
group_wait(struct spdk_nvme_poll_group *pg, struct io_done *d, unsigned int want)
{
	uint64_t end = spdk_get_ticks() + spdk_get_ticks_hz() * 10;

	while (d->calls < want && spdk_get_ticks() < end) {
		spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb);
	}
	return d->calls == want && d->errors == 0;
}

/* Write then read back 8 blocks on every qpair through the group. */
static bool
group_io(struct spdk_nvme_poll_group *pg, struct spdk_nvme_qpair **qp, struct spdk_nvme_ns **ns,
	 unsigned int n, uint8_t **wbuf, uint8_t **rbuf, uint8_t seed)
{
	struct io_done w = { 0 }, r = { 0 };
	bool ok = true;

	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int b = 0; b < IO_BYTES; b++) {
			wbuf[i][b] = (uint8_t)(seed + i * 31 + b);
		}
		memset(rbuf[i], 0, IO_BYTES);
		ok &= spdk_nvme_ns_cmd_write(ns[i], qp[i], wbuf[i], 0,
					     IO_BYTES / spdk_nvme_ns_get_sector_size(ns[i]),
					     io_cb, &w, 0) == 0;
	}
	ok &= group_wait(pg, &w, n);
	for (unsigned int i = 0; ok && i < n; i++) {
		ok &= spdk_nvme_ns_cmd_read(ns[i], qp[i], rbuf[i], 0,
					    IO_BYTES / spdk_nvme_ns_get_sector_size(ns[i]),
					    io_cb, &r, 0) == 0;
	}
	ok &= group_wait(pg, &r, n);
	for (unsigned int i = 0; ok && i < n; i++) {
		ok &= memcmp(wbuf[i], rbuf[i], IO_BYTES) == 0;
	}
	return ok;
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts env;
	struct probe_state p = { 0 };
	struct group_state g = { 0 };
	struct spdk_nvme_probe_ctx *pctx;
	struct spdk_nvme_detach_ctx *dctx = NULL;
	struct spdk_nvme_poll_group *pg;
	struct spdk_nvme_poll_group_stat *st = NULL;
	struct spdk_nvme_qpair *qp[MAX_CTRLRS] = { 0 };
	struct spdk_nvme_ns *ns[MAX_CTRLRS] = { 0 };
	uint8_t *wbuf[MAX_CTRLRS], *rbuf[MAX_CTRLRS];
	struct spdk_nvme_io_qpair_opts qo;
	unsigned int want, n, eagain = 0;
	uint64_t completions;
	int rc;

	if (argc != 2 || (want = (unsigned int)atoi(argv[1])) == 0 || want > MAX_CTRLRS) {
		fprintf(stderr, "usage: %s N (controllers expected, 1..%d)\n", argv[0], MAX_CTRLRS);
		return 2;
	}
	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_async_check";
	if (spdk_env_init(&env) != 0) {
		fprintf(stderr, "spdk_env_init failed\n");
		return 1;
	}

	/* 1. Probe asynchronously: probe_cb during the call, attach_cb from polls. */
	pctx = spdk_nvme_probe_async_ext(NULL, &p, probe_cb, attach_cb, attach_fail_cb, NULL);
	check(pctx != NULL, "spdk_nvme_probe_async_ext started");
	check(p.probed == want && p.attached == 0, "probe_cb for %u controllers before any "
	      "attach (probed %u, attached %u)", want, p.probed, p.attached);
	while (pctx != NULL && (rc = spdk_nvme_probe_poll_async(pctx)) == -EAGAIN) {
		eagain++;
	}
	check(eagain > 0 && p.attached == want && p.failed == 0,
	      "probe_poll_async: -EAGAIN %u times, then %u attached", eagain, p.attached);
	n = p.attached < want ? p.attached : want;
	if (n == 0) {
		return 1;
	}

	/* 2. A poll group: qpairs join disconnected, then connect. */
	pg = spdk_nvme_poll_group_create(&g, NULL);
	check(pg != NULL, "poll group created");
	for (unsigned int i = 0; i < n; i++) {
		spdk_nvme_ctrlr_get_default_io_qpair_opts(p.ctrlr[i], &qo, sizeof(qo));
		qo.create_only = true;
		qp[i] = spdk_nvme_ctrlr_alloc_io_qpair(p.ctrlr[i], &qo, sizeof(qo));
		ns[i] = spdk_nvme_ctrlr_get_ns(p.ctrlr[i], spdk_nvme_ctrlr_get_first_active_ns(p.ctrlr[i]));
		wbuf[i] = spdk_zmalloc(IO_BYTES, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		rbuf[i] = spdk_zmalloc(IO_BYTES, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		check(qp[i] != NULL && ns[i] != NULL && wbuf[i] != NULL && rbuf[i] != NULL &&
		      spdk_nvme_poll_group_add(pg, qp[i]) == 0 &&
		      spdk_nvme_ctrlr_connect_io_qpair(p.ctrlr[i], qp[i]) == 0,
		      "controller %u: create_only qpair added to the group and connected", i);
		if (qp[i] == NULL || ns[i] == NULL) {
			return 1;
		}
	}
	check(spdk_nvme_poll_group_all_connected(pg) == 0, "all_connected");
	check(group_io(pg, qp, ns, n, wbuf, rbuf, 1), "write + read back through the group");

	/* 3. A disconnected qpair is reported; the callback reconnects it. */
	spdk_nvme_ctrlr_disconnect_io_qpair(qp[0]);
	spdk_nvme_poll_group_process_completions(pg, 0, disconnected_cb);
	check(g.disconnected == 1 && g.reconnect_rc == 0 && spdk_nvme_qpair_is_connected(qp[0]),
	      "disconnected qpair reported once and reconnected from the callback");

	/* 4. Reset in steps while the qpairs are in the group. */
	rc = spdk_nvme_ctrlr_disconnect(p.ctrlr[0]);
	if (rc == 0) {
		spdk_nvme_ctrlr_reconnect_async(p.ctrlr[0]);
		while ((rc = spdk_nvme_ctrlr_reconnect_poll_async(p.ctrlr[0])) == -EAGAIN) {
		}
	}
	check(rc == 0 && spdk_nvme_qpair_is_connected(qp[0]), "disconnect + reconnect_poll_async");
	/* The final pattern, which the host looks for in the images. */
	check(group_io(pg, qp, ns, n, wbuf, rbuf, 0x5a), "I/O through the group after the reset");
	rc = spdk_nvme_poll_group_get_stats(pg, &st);
	completions = rc == 0 && st != NULL ? st->transport_stat[0]->pcie.completions : 0;
	check(rc == 0 && completions >= 4 * n, "stats: %llu completions",
	      (unsigned long long)completions);
	spdk_nvme_poll_group_free_stats(pg, st);
	check(spdk_nvme_poll_group_destroy(pg) == -EBUSY, "destroy refused while qpairs are in");
	for (unsigned int i = 0; i < n; i++) {
		spdk_nvme_ctrlr_free_io_qpair(qp[i]);
		spdk_free(wbuf[i]);
		spdk_free(rbuf[i]);
	}
	check(spdk_nvme_poll_group_destroy(pg) == 0, "destroy once empty");

	/* 5. Detach them all with one context. */
	rc = 0;
	for (unsigned int i = 0; i < n; i++) {
		rc |= spdk_nvme_detach_async(p.ctrlr[i], &dctx);
	}
	eagain = 0;
	while (dctx != NULL && spdk_nvme_detach_poll_async(dctx) == -EAGAIN) {
		eagain++;
	}
	check(rc == 0 && dctx != NULL, "detach_async of %u controllers into one context "
	      "(-EAGAIN %u times)", n, eagain);

	/* 6. Released: they can be probed again. */
	memset(&p, 0, sizeof(p));
	rc = spdk_nvme_probe(NULL, &p, probe_cb, attach_cb, NULL);
	check(rc == 0 && p.attached == n, "probed again after the detach (%u attached)",
	      p.attached);
	dctx = NULL;
	for (unsigned int i = 0; i < p.attached && i < MAX_CTRLRS; i++) {
		spdk_nvme_detach_async(p.ctrlr[i], &dctx);
	}
	spdk_nvme_detach_poll(dctx);
	printf("info - %u check(s) failed\n", g_failed);
	return g_failed == 0 ? 0 : 1;
}
