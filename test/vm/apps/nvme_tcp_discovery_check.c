/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * test_tcp_discovery.sh's guest program: discovery through the public API
 * against the Linux kernel target (two subsystems on one port).
 *   1. spdk_nvme_probe of the discovery service: probe_cb sees each
 *      subsystem's trid (never the discovery NQN), attach_cb gets each
 *      controller, with I/O queues and namespace 1; the discovery
 *      controller is detached afterwards (a connect to it then works).
 *   2. spdk_nvme_connect of the discovery NQN: the discovery controller
 *      itself (is_discovery, no namespaces, no I/O qpair), its log page read,
 *      then held longer than its keep-alive timeout while polling: the
 *      target must not drop it (keep-alive works), the log reads again.
 *
 *   nvme_tcp_discovery_check TRADDR TRSVCID NQN1 NQN2
 *
 * Prints 'ok - ...' per check; exit 0 only when all passed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "vm_check.h"

#define MAX_CTRLRS	8
#define KATO_MS		4000u
#define HOLD_S		12u	/* three times KATO */

static struct spdk_nvme_transport_id g_probed[MAX_CTRLRS];
static unsigned int g_num_probed;
static struct spdk_nvme_ctrlr *g_attached[MAX_CTRLRS];
static unsigned int g_num_attached;

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	(void)opts;
	printf("probe_cb: trtype %s traddr %s trsvcid %s subnqn %s\n",
	       spdk_nvme_transport_id_trtype_str(trid->trtype), trid->traddr, trid->trsvcid,
	       trid->subnqn);
	if (g_num_probed < MAX_CTRLRS) {
		g_probed[g_num_probed++] = *trid;
	}
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	(void)opts;
	printf("attach_cb: subnqn %s\n", trid->subnqn);
	if (g_num_attached < MAX_CTRLRS) {
		g_attached[g_num_attached++] = ctrlr;
	} else {
		spdk_nvme_detach(ctrlr);
	}
}

static bool
probed(const char *nqn)
{
	for (unsigned int i = 0; i < g_num_probed; i++) {
		if (strcmp(g_probed[i].subnqn, nqn) == 0) {
			return true;
		}
	}
	return false;
}

static void
check_probe(const struct spdk_nvme_transport_id *disc, const char *nqn1, const char *nqn2)
{
	int rc = spdk_nvme_probe(disc, NULL, probe_cb, attach_cb, NULL);

	check(rc == 0, "spdk_nvme_probe of the discovery service returned %d", rc);
	check(g_num_probed == 2, "probe_cb called once per NVMe subsystem (%u calls)", g_num_probed);
	check(probed(nqn1) && probed(nqn2), "probe_cb saw both subsystem NQNs");
	check(!probed(SPDK_NVMF_DISCOVERY_NQN), "probe_cb never saw the discovery NQN");
	for (unsigned int i = 0; i < g_num_probed; i++) {
		check(strcmp(g_probed[i].traddr, disc->traddr) == 0 &&
		      strcmp(g_probed[i].trsvcid, disc->trsvcid) == 0 &&
		      g_probed[i].trtype == SPDK_NVME_TRANSPORT_TCP &&
		      g_probed[i].adrfam == SPDK_NVMF_ADRFAM_IPV4,
		      "probed trid %u: TCP IPv4 %s:%s from the log entry", i, g_probed[i].traddr,
		      g_probed[i].trsvcid);
	}
	check(g_num_attached == 2, "attach_cb got both controllers (%u)", g_num_attached);
	for (unsigned int i = 0; i < g_num_attached; i++) {
		struct spdk_nvme_ctrlr *c = g_attached[i];
		struct spdk_nvme_qpair *q = spdk_nvme_ctrlr_alloc_io_qpair(c, NULL, 0);

		check(!spdk_nvme_ctrlr_is_discovery(c) && spdk_nvme_ctrlr_is_active_ns(c, 1) &&
		      q != NULL, "controller %u: a subsystem with namespace 1 and an I/O qpair", i);
		if (q != NULL) {
			spdk_nvme_ctrlr_free_io_qpair(q);
		}
		spdk_nvme_detach(c);
	}
}

struct disc_read {
	bool					done;
	int					rc;
	struct spdk_nvmf_discovery_log_page	*log;
};

static void
disc_cb(void *arg, int rc, const struct spdk_nvme_cpl *cpl,
	struct spdk_nvmf_discovery_log_page *log)
{
	struct disc_read *r = arg;

	r->rc = rc != 0 ? rc : (cpl == NULL || spdk_nvme_cpl_is_error(cpl)) ? -EIO : 0;
	r->log = log;
	r->done = true;
}

/* Read the log; how many NVMe subsystem entries it has, or -1. */
static int
read_log(struct spdk_nvme_ctrlr *c)
{
	struct disc_read r = { 0 };
	uint64_t deadline = spdk_get_ticks() + 10 * spdk_get_ticks_hz();
	int n = 0;

	if (spdk_nvme_ctrlr_get_discovery_log_page(c, disc_cb, &r) != 0) {
		return -1;
	}
	while (!r.done && spdk_get_ticks() < deadline &&
	       spdk_nvme_ctrlr_process_admin_completions(c) >= 0) {
	}
	if (!r.done) {
		/* Detaching completes it; this program exits right after. */
		fprintf(stderr, "discovery log read did not complete\n");
		exit(1);
	}
	if (r.rc != 0 || r.log == NULL) {
		free(r.log);
		return -1;
	}
	for (uint64_t i = 0; i < r.log->numrec; i++) {
		n += r.log->entries[i].subtype == SPDK_NVMF_SUBTYPE_NVME;
	}
	free(r.log);
	return n;
}

static void
check_connect(const struct spdk_nvme_transport_id *disc)
{
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *c;
	uint64_t end;
	int32_t rc = 0;

	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	opts.keep_alive_timeout_ms = KATO_MS;
	c = spdk_nvme_connect(disc, &opts, sizeof(opts));
	check(c != NULL, "spdk_nvme_connect of the discovery NQN (the probe's discovery "
	      "controller was detached)");
	if (c == NULL) {
		return;
	}
	check(spdk_nvme_ctrlr_is_discovery(c), "spdk_nvme_ctrlr_is_discovery");
	check(strcmp(spdk_nvme_ctrlr_get_transport_id(c)->subnqn, SPDK_NVMF_DISCOVERY_NQN) == 0,
	      "its trid carries the discovery NQN");
	check(spdk_nvme_ctrlr_get_first_active_ns(c) == 0, "no active namespaces");
	check(spdk_nvme_ctrlr_alloc_io_qpair(c, NULL, 0) == NULL, "no I/O qpair");
	check(read_log(c) == 2, "its discovery log lists two NVMe subsystems");
	/* Nothing but admin polling for three KATOs: keep-alive must hold it. */
	end = spdk_get_ticks() + HOLD_S * spdk_get_ticks_hz();
	while (spdk_get_ticks() < end && rc >= 0) {
		rc = spdk_nvme_ctrlr_process_admin_completions(c);
	}
	check(rc >= 0 && !spdk_nvme_ctrlr_is_failed(c),
	      "still connected after %u s of polling with KATO %u ms", HOLD_S, KATO_MS);
	check(read_log(c) == 2, "the log reads again after that");
	check(spdk_nvme_detach(c) == 0, "discovery controller detached");
}

int
main(int argc, char **argv)
{
	struct spdk_nvme_transport_id disc;
	struct spdk_env_opts env;
	char s[256];

	if (argc != 5) {
		fprintf(stderr, "usage: %s TRADDR TRSVCID NQN1 NQN2\n", argv[0]);
		return 2;
	}
	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_tcp_discovery_check";
	if (spdk_env_init(&env) < 0) {
		fprintf(stderr, "spdk_env_init failed\n");
		return 1;
	}
	memset(&disc, 0, sizeof(disc));
	snprintf(s, sizeof(s), "trtype:TCP adrfam:IPv4 traddr:%s trsvcid:%s", argv[1], argv[2]);
	if (spdk_nvme_transport_id_parse(&disc, s) != 0) {
		fprintf(stderr, "bad trid '%s'\n", s);
		return 2;
	}
	check_probe(&disc, argv[3], argv[4]);
	check_connect(&disc);
	printf("%u passed, %u failed\n", g_passed, g_failed);
	spdk_env_fini();
	return g_failed == 0 && g_passed > 0 ? 0 : 1;
}
