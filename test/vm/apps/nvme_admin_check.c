/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Guest program for test/vm/test_admin.sh: exercises the controller
 * administration API against QEMU's NVMe controller and prints one line per
 * check, "ok - ..." or "not ok - ...", plus "info - ..." lines.  Exit status
 * 0 only if every check passed.
 *
 *   nvme_admin_check TRADDR | TRID
 *
 * Expects namespace 1 attached and, when the controller is in an NVM
 * subsystem, namespace 2 created detached (QEMU nvme-ns detached=true).
 *
 * TRID (anything with "trtype:"), e.g. 'trtype:TCP adrfam:IPv4
 * traddr:127.0.0.1 trsvcid:4420 subnqn:NQN', runs the same checks over a
 * fabrics transport, for test/vm/test_tcp_apps.sh against the Linux
 * target.  What only a PCIe controller has is checked the other way round
 * (no PCI device, keep-alive on) or skipped with an "info - skipped" line
 * saying why: features the target does not implement (Get Features answers
 * Invalid Field), the temperature AER (no Temperature Threshold feature),
 * and a format without a 4 KiB LBA format to go to.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "app_check.h"

static bool g_fabrics;	/* the controller is reached over NVMe-oF */

/* Get Features rejected with Invalid Field: the controller lacks the feature. */
static bool
feature_unsupported(struct spdk_nvme_ctrlr *ctrlr, uint8_t fid, const char *name);

static int
wait_admin(struct spdk_nvme_ctrlr *ctrlr, struct done *d)
{
	uint64_t end = spdk_get_ticks() + spdk_get_ticks_hz() * 10;

	while (d->calls == 0 && spdk_get_ticks() < end) {
		if (spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0) {
			break;
		}
	}
	return d->calls != 0 && !spdk_nvme_cpl_is_error(&d->cpl);
}

static int
wait_io(struct spdk_nvme_qpair *q, struct done *d, int n)
{
	uint64_t end = spdk_get_ticks() + spdk_get_ticks_hz() * 10;
	int total;

	do {
		total = 0;
		spdk_nvme_qpair_process_completions(q, 0);
		for (int i = 0; i < n; i++) {
			total += d[i].calls;
		}
	} while (total < n && spdk_get_ticks() < end);
	return total == n;
}

static int
feature(struct spdk_nvme_ctrlr *ctrlr, int set, uint8_t fid, uint32_t cdw11, uint32_t *cdw0)
{
	struct done d = { 0 };
	int rc = set ? spdk_nvme_ctrlr_cmd_set_feature(ctrlr, fid, cdw11, 0, NULL, 0, done_cb, &d) :
		 spdk_nvme_ctrlr_cmd_get_feature(ctrlr, fid, cdw11, NULL, 0, done_cb, &d);

	if (rc != 0 || !wait_admin(ctrlr, &d)) {
		return -1;
	}
	if (cdw0 != NULL) {
		*cdw0 = d.cpl.cdw0;
	}
	return 0;
}

struct aer {
	int					calls;
	union spdk_nvme_async_event_completion	ev;
};

static void
aer_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct aer *a = arg;

	a->calls++;
	a->ev.raw = cpl->cdw0;
}

/*
 * A feature the controller may or may not let us change: GET FEATURES
 * SEL 3 (supported capabilities, §5.21.1) says; then SET must round-trip, or
 * fail with FEATURE NOT CHANGEABLE and leave the value as it was.
 */
static void
check_feature_set(struct spdk_nvme_ctrlr *ctrlr, uint8_t fid, const char *name, uint32_t want)
{
	struct spdk_nvme_cmd cmd = { 0 };
	struct done caps = { 0 }, set = { 0 };
	uint32_t orig = 0, v = 0;
	int rc;

	if (g_fabrics && feature_unsupported(ctrlr, fid, name)) {
		return;
	}
	cmd.opc = SPDK_NVME_OPC_GET_FEATURES;
	cmd.cdw10_bits.get_features.fid = fid;
	cmd.cdw10_bits.get_features.sel = 3;	/* supported capabilities (§5.9.1) */
	check(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, done_cb, &caps) == 0 &&
	      wait_admin(ctrlr, &caps), "%s: supported capabilities (0x%x)", name, caps.cpl.cdw0);
	check(feature(ctrlr, 0, fid, 0, &orig) == 0, "%s: get (0x%08x)", name, orig);
	rc = spdk_nvme_ctrlr_cmd_set_feature(ctrlr, fid, want, 0, NULL, 0, done_cb, &set);
	if (rc == 0) {
		wait_admin(ctrlr, &set);
	}
	feature(ctrlr, 0, fid, 0, &v);
	if (caps.cpl.cdw0 & 0x4) {
		check(set.calls == 1 && !spdk_nvme_cpl_is_error(&set.cpl) && v == want,
		      "%s: changeable, set/get round trip (0x%08x)", name, v);
		feature(ctrlr, 1, fid, orig, NULL);
	} else {
		check(set.calls == 1 && set.cpl.status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		      set.cpl.status.sc == SPDK_NVME_SC_FEATURE_NOT_CHANGEABLE && v == orig,
		      "%s: not changeable, set fails with %s, value kept", name,
		      spdk_nvme_cpl_get_status_string(&set.cpl.status));
	}
}

static bool
feature_unsupported(struct spdk_nvme_ctrlr *ctrlr, uint8_t fid, const char *name)
{
	struct done d = { 0 };

	if (spdk_nvme_ctrlr_cmd_get_feature(ctrlr, fid, 0, NULL, 0, done_cb, &d) != 0) {
		return false;
	}
	wait_admin(ctrlr, &d);
	if (d.calls == 1 && d.cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
	    d.cpl.status.sc == SPDK_NVME_SC_INVALID_FIELD) {
		printf("info - skipped %s: Get Features answers INVALID FIELD (the target does "
		       "not implement it)\n", name);
		return true;
	}
	return false;
}

/* Volatile write cache over a fabric: set where the target allows it, else read. */
static void
check_vwc_fabrics(struct spdk_nvme_ctrlr *ctrlr)
{
	struct done set = { 0 };
	uint32_t v = 0;

	int rc = feature(ctrlr, 0, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, 0, &v);

	/* rc first: the value printed must be the one read. */
	check(rc == 0, "volatile write cache readable (%s)", (v & 1) ? "enabled" : "disabled");
	if (spdk_nvme_ctrlr_cmd_set_feature(ctrlr, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, v & 1, 0,
					    NULL, 0, done_cb, &set) == 0) {
		wait_admin(ctrlr, &set);
	}
	if (set.calls == 1 && spdk_nvme_cpl_is_error(&set.cpl)) {
		printf("info - skipped setting the volatile write cache: the target refuses it "
		       "(%s)\n", spdk_nvme_cpl_get_status_string(&set.cpl.status));
		return;
	}
	check(set.calls == 1, "volatile write cache set to its current value");
}

static void
check_features(struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_ctrlr_data *cd = spdk_nvme_ctrlr_get_data(ctrlr);
	uint32_t v = 0;

	check_feature_set(ctrlr, SPDK_NVME_FEAT_ARBITRATION, "arbitration", 0x03020102);
	check_feature_set(ctrlr, SPDK_NVME_FEAT_POWER_MANAGEMENT, "power management", 0);
	check(feature(ctrlr, 0, SPDK_NVME_FEAT_NUMBER_OF_QUEUES, 0, &v) == 0 && v != 0,
	      "number of queues readable (0x%08x)", v);
	if (g_fabrics && cd->vwc.present) {
		check_vwc_fabrics(ctrlr);
	} else if (cd->vwc.present) {
		check(feature(ctrlr, 1, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, 0, NULL) == 0 &&
		      feature(ctrlr, 0, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, 0, &v) == 0 && v == 0,
		      "volatile write cache off");
		check(feature(ctrlr, 1, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, 1, NULL) == 0 &&
		      feature(ctrlr, 0, SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE, 0, &v) == 0 && v == 1,
		      "volatile write cache on again");
	}
	if (g_fabrics) {
		/* A fabrics target keeps only the events it can send (the Linux one: the
		 * OAES notices, no SMART warnings); Namespace Attribute Notices at least. */
		int rc = feature(ctrlr, 0, SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION, 0, &v);

		check(rc == 0 && (!cd->oaes.ns_attribute_notices || (v & 0x100)),
		      "init enabled the namespace attribute notices OAES offers (AEC 0x%x, OAES "
		      "bit %u)", v, cd->oaes.ns_attribute_notices);
		return;
	}
	check(feature(ctrlr, 0, SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION, 0, &v) == 0 &&
	      (v & 0x1f) == 0x1f, "init enabled the critical-warning events (AEC 0x%x)", v);
}

static void
check_temperature_aer(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_health_information_page *h;
	struct aer a = { 0 };
	struct done d = { 0 };
	uint32_t over = 0;
	uint64_t end;

	if (g_fabrics && feature_unsupported(ctrlr, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD,
					     "the temperature AER (no Temperature Threshold)")) {
		return;
	}
	h = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (h == NULL) {
		check(0, "DMA memory for the health log");
		return;
	}
	check(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, h, 512, 0, done_cb, &d) == 0 && wait_admin(ctrlr, &d),
	      "SMART log read (composite temperature %u K)", h->temperature);
	printf("info - smart temperature=%u critical_warning=0x%x\n", h->temperature,
	       h->critical_warning.raw);
	feature(ctrlr, 0, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, 0, &over);
	spdk_nvme_ctrlr_register_aer_callback(ctrlr, aer_cb, &a);
	check(feature(ctrlr, 1, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, h->temperature - 10u,
		      NULL) == 0, "over-temperature threshold set to %u K", h->temperature - 10u);
	end = spdk_get_ticks() + spdk_get_ticks_hz() * 5;
	while (a.calls == 0 && spdk_get_ticks() < end) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	check(a.calls == 1 && a.ev.bits.async_event_type == SPDK_NVME_ASYNC_EVENT_TYPE_SMART &&
	      a.ev.bits.async_event_info == SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD &&
	      a.ev.bits.log_page_identifier == SPDK_NVME_LOG_HEALTH_INFORMATION,
	      "AER: SMART temperature threshold event (calls %d, cdw0 0x%08x)", a.calls, a.ev.raw);
	memset(&d, 0, sizeof(d));
	check(spdk_nvme_ctrlr_cmd_get_log_page(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION,
			SPDK_NVME_GLOBAL_NS_TAG, h, 512, 0, done_cb, &d) == 0 && wait_admin(ctrlr, &d) &&
	      h->critical_warning.bits.temperature, "SMART critical warning: temperature");
	/* Back under the threshold, then over again: reported again (re-armed, cleared). */
	feature(ctrlr, 1, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, over, NULL);
	feature(ctrlr, 1, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, h->temperature - 5u, NULL);
	end = spdk_get_ticks() + spdk_get_ticks_hz() * 5;
	while (a.calls < 2 && spdk_get_ticks() < end) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	check(a.calls == 2, "second temperature event after the driver cleared the first (%d)",
	      a.calls);
	feature(ctrlr, 1, SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD, over, NULL);
	spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	spdk_nvme_ctrlr_register_aer_callback(ctrlr, NULL, NULL);
	spdk_free(h);
}

static void
check_format(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	const struct spdk_nvme_ns_data *nd = spdk_nvme_ns_get_data(ns);
	struct spdk_nvme_format f = { 0 };
	int big = -1, rc;

	if (!spdk_nvme_ctrlr_get_data(ctrlr)->oacs.fnvms) {
		check(spdk_nvme_ctrlr_format(ctrlr, 1, &f) == -ENOTSUP, "format: -ENOTSUP");
		return;
	}
	for (int i = 0; i <= nd->nlbaf; i++) {
		if (nd->lbaf[i].lbads == 12 && nd->lbaf[i].ms == 0) {
			big = i;
			break;
		}
	}
	if (big < 0 && g_fabrics) {
		printf("info - skipped format: namespace 1 has no 4 KiB LBA format (%u formats)\n",
		       nd->nlbaf + 1u);
		return;
	}
	if (big < 0) {
		check(0, "namespace 1 offers a 4 KiB LBA format");
		return;
	}
	f.lbaf = (uint32_t)big;
	rc = spdk_nvme_ctrlr_format(ctrlr, 1, &f);
	check(rc == 0 && spdk_nvme_ns_get_sector_size(ns) == 4096,
	      "format ns 1 to LBA format %d: sector size now %u", big,
	      spdk_nvme_ns_get_sector_size(ns));
	f.lbaf = 0;
	rc = spdk_nvme_ctrlr_format(ctrlr, 1, &f);
	check(rc == 0 && spdk_nvme_ns_get_sector_size(ns) == 512,
	      "format ns 1 back to LBA format 0: sector size %u", spdk_nvme_ns_get_sector_size(ns));
	f.lbaf = 15;
	check(spdk_nvme_ctrlr_format(ctrlr, 1, &f) == -ENXIO, "format to LBA format 15: -ENXIO");
}

static void
check_ns_attach(struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_ctrlr_data *cd = spdk_nvme_ctrlr_get_data(ctrlr);
	struct spdk_nvme_ctrlr_list list;
	int rc;

	memset(&list, 0, sizeof(list));
	list.ctrlr_count = 1;
	list.ctrlr_list[0] = cd->cntlid;
	if (!cd->oacs.nms) {
		check(spdk_nvme_ctrlr_attach_ns(ctrlr, 2, &list) == -ENOTSUP,
		      "namespace attachment: -ENOTSUP (OACS bit 3 clear)");
		return;
	}
	if (spdk_nvme_ctrlr_get_num_ns(ctrlr) < 2) {
		printf("info - NN %u: namespace attachment not exercised\n",
		       spdk_nvme_ctrlr_get_num_ns(ctrlr));
		return;
	}
	check(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2), "namespace 2 starts detached");
	rc = spdk_nvme_ctrlr_attach_ns(ctrlr, 2, &list);
	check(rc == 0 && spdk_nvme_ctrlr_is_active_ns(ctrlr, 2) &&
	      spdk_nvme_ns_get_num_sectors(spdk_nvme_ctrlr_get_ns(ctrlr, 2)) > 0,
	      "attach namespace 2: active, %llu sectors", (unsigned long long)
	      spdk_nvme_ns_get_num_sectors(spdk_nvme_ctrlr_get_ns(ctrlr, 2)));
	check(spdk_nvme_ctrlr_attach_ns(ctrlr, 2, &list) == -ENXIO, "attach again: -ENXIO");
	check(spdk_nvme_ctrlr_detach_ns(ctrlr, 2, &list) == 0 && !spdk_nvme_ctrlr_is_active_ns(ctrlr, 2),
	      "detach namespace 2: inactive");
}

static void
check_reset_with_io(struct spdk_nvme_ctrlr *ctrlr)
{
	enum { N = 32 };
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct spdk_nvme_qpair *q = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct done d[N], w = { 0 }, r = { 0 };
	uint8_t *buf = spdk_zmalloc(4096 * N, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *pat = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	int submitted = 0, aborted = 0, ok = 0, once = 1;

	if (q == NULL || buf == NULL || pat == NULL) {
		check(0, "qpair and buffers for the reset check");
		goto out;
	}
	memset(d, 0, sizeof(d));
	for (int i = 0; i < N; i++) {
		submitted += spdk_nvme_ns_cmd_read(ns, q, buf + 4096 * i, 8 * (uint64_t)i, 8, done_cb,
						   &d[i], 0) == 0;
	}
	check(submitted == N, "%d reads submitted before the reset", submitted);
	check(spdk_nvme_ctrlr_reset(ctrlr) == 0 && !spdk_nvme_ctrlr_is_failed(ctrlr),
	      "spdk_nvme_ctrlr_reset with I/O outstanding");
	wait_io(q, d, N);
	for (int i = 0; i < N; i++) {
		once &= d[i].calls == 1;
		aborted += d[i].cpl.status.sct == SPDK_NVME_SCT_GENERIC &&
			   d[i].cpl.status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION;
		ok += !spdk_nvme_cpl_is_error(&d[i].cpl);
	}
	check(once && aborted + ok == N, "every read completed once (%d aborted, %d ok)", aborted, ok);
	for (int i = 0; i < 4096; i++) {
		pat[i] = (uint8_t)(i * 7 + 3);
	}
	check(spdk_nvme_ns_cmd_write(ns, q, pat, 64, 8, done_cb, &w, 0) == 0 && wait_io(q, &w, 1) &&
	      !spdk_nvme_cpl_is_error(&w.cpl), "the same qpair writes after the reset");
	memset(buf, 0, 4096);
	check(spdk_nvme_ns_cmd_read(ns, q, buf, 64, 8, done_cb, &r, 0) == 0 && wait_io(q, &r, 1) &&
	      !spdk_nvme_cpl_is_error(&r.cpl) && memcmp(buf, pat, 4096) == 0,
	      "and reads the data back");
out:
	if (q != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(q);
	}
	spdk_free(buf);
	spdk_free(pat);
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts env;
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_nvme_ctrlr *ctrlr;
	const struct spdk_nvme_ctrlr_data *cd;
	struct spdk_nvme_status st;
	uint8_t *image;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TRADDR | 'trtype:TCP adrfam:IPv4 traddr:A trsvcid:P "
			"subnqn:NQN'\n", argv[0]);
		return 2;
	}
	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_admin_check";
	if (spdk_env_init(&env) != 0) {
		fprintf(stderr, "spdk_env_init failed\n");
		return 1;
	}
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	if (strstr(argv[1], "trtype") != NULL) {
		if (spdk_nvme_transport_id_parse(&trid, argv[1]) != 0) {
			fprintf(stderr, "'%s' is not a transport ID\n", argv[1]);
			return 2;
		}
	} else {
		snprintf(trid.traddr, sizeof(trid.traddr), "%s", argv[1]);
	}
	g_fabrics = trid.trtype != SPDK_NVME_TRANSPORT_PCIE;
	ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	check(ctrlr != NULL, "connect %s", argv[1]);
	if (ctrlr == NULL) {
		return 1;
	}
	cd = spdk_nvme_ctrlr_get_data(ctrlr);
	printf("info - oacs format=%u firmware=%u ns_manage=%u kas=%u aerl=%u lpa=0x%x\n",
	       cd->oacs.fnvms, cd->oacs.fwds, cd->oacs.nms, cd->kas, cd->aerl,
	       *(const uint8_t *)&cd->lpa);

	if (g_fabrics) {
		/* Keep-alive is on by default over a fabric (KATO from the options). */
		check(cd->kas != 0 && spdk_nvme_ctrlr_is_feature_supported(ctrlr,
				SPDK_NVME_FEAT_KEEP_ALIVE_TIMER), "KAS %u: keep-alive supported",
		      cd->kas);
	} else {
		/* QEMU 7.2: KAS 0, so no keep-alive; no firmware commands. */
		check(cd->kas == 0 && !spdk_nvme_ctrlr_is_feature_supported(ctrlr,
				SPDK_NVME_FEAT_KEEP_ALIVE_TIMER), "KAS 0: keep-alive not supported");
	}
	image = calloc(1, 4096);
	check(image != NULL && spdk_nvme_ctrlr_update_firmware(ctrlr, image, 4096, 0,
			SPDK_NVME_FW_COMMIT_REPLACE_IMG, &st) == (cd->oacs.fwds ? 0 : -ENOTSUP),
	      "update_firmware: %s", cd->oacs.fwds ? "0" : "-ENOTSUP");
	free(image);
	check((spdk_nvme_ctrlr_get_pci_device(ctrlr) != NULL) == !g_fabrics,
	      "get_pci_device: %s", g_fabrics ? "NULL over a fabric" : "the PCI device");
	check(spdk_nvme_ctrlr_is_log_page_supported(ctrlr, SPDK_NVME_LOG_HEALTH_INFORMATION),
	      "health log supported");

	check_features(ctrlr);
	check_temperature_aer(ctrlr);
	check_format(ctrlr);
	check_ns_attach(ctrlr);
	check_reset_with_io(ctrlr);
	check(!spdk_nvme_ctrlr_is_failed(ctrlr), "controller not failed at the end");
	check(spdk_nvme_detach(ctrlr) == 0, "detach");
	spdk_env_fini();
	return g_failed ? 1 : 0;
}
