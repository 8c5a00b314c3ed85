/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller: the init state machine (NVMe 1.4 §7.6.1), I/O qpair
 * creation and deletion, and the getters.  Shutdown and teardown are in
 * nvme_ctrlr_stop.c.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

#define REG_OFF(field)	offsetof(struct spdk_nvme_registers, field)
/* Log page 0Eh, LBA Status Information (NVMe 1.4 §5.14.1.14): SPDK has no name for it. */
#define NVME_LOG_LBA_STATUS_INFO	0x0E

static const char *const g_state_names[] = {
	[NVME_CTRLR_STATE_INIT] = "init",
	[NVME_CTRLR_STATE_DISABLE] = "disable (CC.EN=0, wait CSTS.RDY=0)",
	[NVME_CTRLR_STATE_CONFIGURE_ADMINQ] = "configure admin queue (AQA/ASQ/ACQ)",
	[NVME_CTRLR_STATE_ENABLE] = "enable (CC.EN=1, wait CSTS.RDY=1)",
	[NVME_CTRLR_STATE_IDENTIFY] = "identify controller",
	[NVME_CTRLR_STATE_CONFIG_DBBUF] = "doorbell buffer config (shadow doorbells)",
	[NVME_CTRLR_STATE_SET_NUM_QUEUES] = "set features: number of queues",
	[NVME_CTRLR_STATE_IDENTIFY_ACTIVE_NS] = "identify active namespace list",
	[NVME_CTRLR_STATE_IDENTIFY_NS] = "identify namespaces",
	[NVME_CTRLR_STATE_CONFIGURE_AER] = "configure asynchronous events",
	[NVME_CTRLR_STATE_KEEP_ALIVE] = "set features: keep alive timer",
	[NVME_CTRLR_STATE_READY] = "ready",
	[NVME_CTRLR_STATE_FAILED] = "failed",
};

const char *
nvme_ctrlr_state_name(enum nvme_ctrlr_state state)
{
	return state <= NVME_CTRLR_STATE_FAILED ? g_state_names[state] : "?";
}

void
nvme_ctrlr_opts_set_defaults(struct spdk_nvme_ctrlr_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->num_io_queues = NVME_DEFAULT_MAX_IO_QUEUES;
	opts->io_queue_size = NVME_DEFAULT_IO_QUEUE_SIZE;
	opts->io_queue_requests = NVME_DEFAULT_IO_QUEUE_REQUESTS;
	opts->admin_queue_size = NVME_DEFAULT_ADMIN_QUEUE_SIZE;
	opts->admin_timeout_ms = NVME_DEFAULT_ADMIN_TIMEOUT_MS;
	opts->keep_alive_timeout_ms = 10000;
	opts->transport_retry_count = 4;
	opts->arb_mechanism = SPDK_NVME_CC_AMS_RR;
	/* As SPDK: no explicit choice; enable picks all I/O command sets when
	 * CAP.CSS offers them (zoned namespaces need it), else NVM. */
	opts->command_set = (enum spdk_nvme_cc_css)CHAR_BIT;
	/* Fabrics-only members keep SPDK's defaults so that get_opts() shows them. */
	opts->fabrics_connect_timeout_us = 500000;
	/* SHA-256/384/512 (hash ids 1..3) and every DH group (ids 0..5), as SPDK. */
	opts->dhchap_digests = (1u << 1) | (1u << 2) | (1u << 3);
	opts->dhchap_dhgroups = 0x3f;
	/* As SPDK: this process's host ID and the UUID host NQN made from it. */
	nvme_fabric_default_host_id(opts);
	opts->opts_size = sizeof(*opts);
}

void
spdk_nvme_ctrlr_get_default_ctrlr_opts(struct spdk_nvme_ctrlr_opts *opts, size_t opts_size)
{
	struct spdk_nvme_ctrlr_opts full;

	if (opts == NULL) {
		return;
	}
	nvme_ctrlr_opts_set_defaults(&full);
	/* An application built against a smaller struct gets its prefix. */
	full.opts_size = nvme_min(opts_size, sizeof(full));
	memcpy(opts, &full, full.opts_size);
}

void
nvme_ctrlr_construct_base(struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_transport_id *trid,
			  const struct spdk_nvme_ctrlr_opts *opts,
			  const struct nvme_transport_ops *transport)
{
	pthread_mutexattr_t attr;

	ctrlr->trid = *trid;
	ctrlr->opts = *opts;
	ctrlr->transport = transport;
	TAILQ_INIT(&ctrlr->active_io_qpairs);
	/* Recursive: admin paths re-enter it (a sync command polling the queue). */
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&ctrlr->ctrlr_lock, &attr);
	pthread_mutexattr_destroy(&attr);
}

void
nvme_ctrlr_fail(struct spdk_nvme_ctrlr *ctrlr, const char *why)
{
	struct spdk_nvme_qpair *qpair;
	uint8_t reason;

	if (!ctrlr->is_failed) {
		EALNVME_ERRLOG("%s: controller failed: %s", nvme_ctrlr_name(ctrlr), why);
	}
	ctrlr->is_failed = true;
	__atomic_store_n(&ctrlr->next_keep_alive_tick, 0, __ATOMIC_RELAXED);
	reason = ctrlr->is_removed ? SPDK_NVME_QPAIR_FAILURE_REMOTE : SPDK_NVME_QPAIR_FAILURE_LOCAL;
	if (ctrlr->adminq != NULL) {
		ctrlr->adminq->state = NVME_QPAIR_FAILED;
		ctrlr->adminq->failure_reason = reason;
	}
	TAILQ_FOREACH(qpair, &ctrlr->active_io_qpairs, link) {
		/* A disconnected qpair has no queues to lose: it stays disconnected. */
		if (qpair->state != NVME_QPAIR_DISCONNECTED) {
			qpair->state = NVME_QPAIR_FAILED;
			qpair->failure_reason = reason;
		}
	}
}

int
nvme_ctrlr_get_csts(struct spdk_nvme_ctrlr *ctrlr, union spdk_nvme_csts_register *csts)
{
	int rc = ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(csts), &csts->raw);

	if (rc != 0 && spdk_nvme_trtype_is_fabrics(ctrlr->trid.trtype)) {
		/* A lost connection, not a removed device: a reset may bring it back. */
		return -ENODEV;
	}
	if (rc != 0 || csts->raw == UINT32_MAX) {
		ctrlr->is_removed = true;
		EALNVME_ERRLOG("%s: CSTS reads all-ones: the device is not responding "
			       "(removed, or its BAR is not mapped)", nvme_ctrlr_name(ctrlr));
		return -ENODEV;
	}
	return 0;
}

/* Wait for CSTS.RDY == want, bounded by CAP.TO (500 ms units, §3.1.1). */
static int
nvme_ctrlr_wait_rdy(struct spdk_nvme_ctrlr *ctrlr, unsigned want)
{
	uint32_t timeout_ms = nvme_max(ctrlr->cap.bits.to, 1u) * 500;
	uint64_t deadline = spdk_get_ticks() + spdk_get_ticks_hz() * timeout_ms / 1000;
	union spdk_nvme_csts_register csts;

	for (;;) {
		if (nvme_ctrlr_get_csts(ctrlr, &csts) != 0) {
			return -ENODEV;
		}
		if (want == 1 && csts.bits.cfs) {
			EALNVME_ERRLOG("%s: controller reported fatal status (CSTS.CFS) while "
				       "enabling; power-cycle or reset the device",
				       nvme_ctrlr_name(ctrlr));
			return -EIO;
		}
		if (csts.bits.rdy == want) {
			return 0;
		}
		if (spdk_get_ticks() > deadline) {
			EALNVME_ERRLOG("%s: CSTS.RDY did not become %u within CAP.TO (%u ms)",
				       nvme_ctrlr_name(ctrlr), want, timeout_ms);
			return -ETIMEDOUT;
		}
		spdk_delay_us(100);
	}
}

int
nvme_ctrlr_get_cc(struct spdk_nvme_ctrlr *ctrlr, union spdk_nvme_cc_register *cc)
{
	return ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(cc), &cc->raw);
}

int
nvme_ctrlr_set_cc(struct spdk_nvme_ctrlr *ctrlr, const union spdk_nvme_cc_register *cc)
{
	return ctrlr->transport->ctrlr_set_reg_4(ctrlr, REG_OFF(cc), cc->raw);
}

int
nvme_ctrlr_disable(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_cc_register cc;
	union spdk_nvme_csts_register csts;
	int rc;

	if (nvme_ctrlr_get_cc(ctrlr, &cc) != 0 || nvme_ctrlr_get_csts(ctrlr, &csts) != 0) {
		return -ENODEV;
	}
	if (cc.bits.en && !csts.bits.rdy) {
		/* Mid-enable: clearing EN now is undefined (§3.1.6); let it finish. */
		rc = nvme_ctrlr_wait_rdy(ctrlr, 1);
		if (rc == -ENODEV) {
			return rc;
		}
	}
	if (cc.bits.en) {
		cc.bits.en = 0;
		if (nvme_ctrlr_set_cc(ctrlr, &cc) != 0) {
			return -EIO;
		}
	}
	rc = nvme_ctrlr_wait_rdy(ctrlr, 0);
	if (rc == 0) {
		/* RDY=0 after EN=0: the controller stopped, its queues are gone (§7.3.2). */
		ctrlr->dma_live = false;
		ctrlr->stop_failed = false;
	}
	return rc;
}

static int
nvme_ctrlr_enable(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_cc_register cc = { .raw = 0 };
	uint32_t css_bit;

	if ((uint32_t)ctrlr->opts.command_set >= CHAR_BIT) {
		ctrlr->opts.command_set = (ctrlr->cap.bits.css & SPDK_NVME_CAP_CSS_IOCS) ?
					  SPDK_NVME_CC_CSS_IOCS : SPDK_NVME_CC_CSS_NVM;
	}
	css_bit = 1u << ctrlr->opts.command_set;
	if ((ctrlr->cap.bits.css & css_bit) == 0) {
		EALNVME_ERRLOG("%s: controller does not support command set %u (CAP.CSS 0x%x)",
			       nvme_ctrlr_name(ctrlr), ctrlr->opts.command_set, ctrlr->cap.bits.css);
		return -ENOTSUP;
	}
	cc.bits.en = 1;
	cc.bits.css = ctrlr->opts.command_set;
	cc.bits.mps = __builtin_ctz(ctrlr->page_size) - 12;
	cc.bits.ams = SPDK_NVME_CC_AMS_RR;
	cc.bits.shn = 0;
	cc.bits.iosqes = 6;	/* 64-byte SQ entries */
	cc.bits.iocqes = 4;	/* 16-byte CQ entries */
	/* From here the device has our admin rings and may write host memory. */
	ctrlr->dma_live = true;
	ctrlr->stop_failed = false;
	if (nvme_ctrlr_set_cc(ctrlr, &cc) != 0) {
		return -EIO;
	}
	return nvme_ctrlr_wait_rdy(ctrlr, 1);
}

static int
nvme_ctrlr_identify(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t mps_min = 1u << (12 + ctrlr->cap.bits.mpsmin);
	int rc;

	/* A reset runs this again: keep the buffer the application may point into. */
	if (ctrlr->cdata == NULL) {
		ctrlr->cdata = spdk_zmalloc(sizeof(*ctrlr->cdata), 4096, NULL,
					    SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	}
	if (ctrlr->cdata == NULL) {
		return -ENOMEM;
	}
	rc = nvme_ctrlr_cmd_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR, 0, ctrlr->cdata,
				     sizeof(*ctrlr->cdata));
	if (rc != 0) {
		return rc;
	}
	/* MDTS is a power of two in units of CAP.MPSMIN; 0 means no limit. */
	ctrlr->max_xfer_size = NVME_MAX_XFER_SIZE;
	if (ctrlr->cdata->mdts > 0 && ctrlr->cdata->mdts < 20) {
		ctrlr->max_xfer_size = nvme_min((uint64_t)mps_min << ctrlr->cdata->mdts,
						(uint64_t)NVME_MAX_XFER_SIZE);
	}
	ctrlr->max_xfer_size = nvme_min(ctrlr->max_xfer_size,
					ctrlr->transport->ctrlr_get_max_xfer_size(ctrlr));
	if (ctrlr->ns_known && ctrlr->cdata->nn != ctrlr->num_ns) {
		/* Namespace objects never move (nvme_ctrlr_ns.c): take the new NN. */
		EALNVME_NOTICELOG("%s: NN changed from %u to %u across a reset",
				  nvme_ctrlr_name(ctrlr), ctrlr->num_ns, ctrlr->cdata->nn);
	}
	ctrlr->num_ns = ctrlr->cdata->nn;
	ctrlr->ns_known = true;
	nvme_ctrlr_identify_extras(ctrlr);
	return 0;
}

static int
nvme_ctrlr_set_num_queues(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t want = nvme_min(nvme_max(ctrlr->opts.num_io_queues, 1u), 65535u);
	struct spdk_nvme_cmd cmd = { 0 };
	struct spdk_nvme_cpl cpl;
	uint32_t nsqa, ncqa;
	int rc;

	cmd.opc = SPDK_NVME_OPC_SET_FEATURES;
	cmd.cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES;
	/* Both counts are 0's based (§5.21.1.7). */
	cmd.cdw11 = ((want - 1) << 16) | (want - 1);
	rc = nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, &cpl);
	if (rc != 0) {
		return rc;
	}
	nsqa = (cpl.cdw0 & 0xffff) + 1;
	ncqa = (cpl.cdw0 >> 16) + 1;
	ctrlr->max_io_queues = nvme_min(want, nvme_min(nsqa, ncqa));
	free(ctrlr->free_io_qids);	/* from before a reset */
	ctrlr->free_io_qids = calloc(ctrlr->max_io_queues + 1, 1);
	if (ctrlr->free_io_qids == NULL) {
		return -ENOMEM;
	}
	memset(ctrlr->free_io_qids + 1, 1, ctrlr->max_io_queues);
	return 0;
}

/* Shadow doorbells, where the transport and controller have them. */
static int
nvme_ctrlr_config_dbbuf(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr->transport->ctrlr_config_dbbuf == NULL) {
		return 0;
	}
	return ctrlr->transport->ctrlr_config_dbbuf(ctrlr);
}

/* Fresh admin rings, then AQA/ASQ/ACQ: only legal while CC.EN=0. */
static int
nvme_ctrlr_configure_adminq(struct spdk_nvme_ctrlr *ctrlr)
{
	ctrlr->transport->ctrlr_reset_adminq(ctrlr);
	return ctrlr->transport->ctrlr_setup_adminq(ctrlr);
}

static int (*const g_init_steps[])(struct spdk_nvme_ctrlr *) = {
		[NVME_CTRLR_STATE_DISABLE] = nvme_ctrlr_disable,
		[NVME_CTRLR_STATE_CONFIGURE_ADMINQ] = nvme_ctrlr_configure_adminq,
		[NVME_CTRLR_STATE_ENABLE] = nvme_ctrlr_enable,
		[NVME_CTRLR_STATE_IDENTIFY] = nvme_ctrlr_identify,
		[NVME_CTRLR_STATE_CONFIG_DBBUF] = nvme_ctrlr_config_dbbuf,
		[NVME_CTRLR_STATE_SET_NUM_QUEUES] = nvme_ctrlr_set_num_queues,
		[NVME_CTRLR_STATE_IDENTIFY_ACTIVE_NS] = nvme_ctrlr_identify_active_ns,
		[NVME_CTRLR_STATE_IDENTIFY_NS] = nvme_ctrlr_identify_namespaces,
		[NVME_CTRLR_STATE_CONFIGURE_AER] = nvme_ctrlr_configure_aer,
		[NVME_CTRLR_STATE_KEEP_ALIVE] = nvme_ctrlr_configure_keep_alive,
};

/* A discovery controller has no I/O queues and no namespaces (NVMe-oF 1.1
 * §5; Linux nvmet refuses these commands there): it skips their steps. */
static bool
nvme_ctrlr_step_applies(struct spdk_nvme_ctrlr *ctrlr, enum nvme_ctrlr_state state)
{
	return !(state >= NVME_CTRLR_STATE_CONFIG_DBBUF &&
		 state <= NVME_CTRLR_STATE_IDENTIFY_NS && spdk_nvme_ctrlr_is_discovery(ctrlr));
}

void
nvme_ctrlr_init_start(struct spdk_nvme_ctrlr *ctrlr)
{
	ctrlr->state = NVME_CTRLR_STATE_DISABLE;
}

/*
 * One step of the init state machine (§7.6.1).  Each step is itself
 * synchronous (bounded by CAP.TO or the admin timeout); probing several
 * controllers interleaves their steps.
 */
int
nvme_ctrlr_init_poll(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc;

	if (ctrlr->state == NVME_CTRLR_STATE_READY) {
		return 0;
	}
	if (ctrlr->state < NVME_CTRLR_STATE_DISABLE || ctrlr->state > NVME_CTRLR_STATE_KEEP_ALIVE) {
		return -EIO;
	}
	if (ctrlr->state == NVME_CTRLR_STATE_DISABLE && ctrlr->opts.enable_interrupts) {
		/* SPDK can wait on MSI-X through an fd; this driver only polls. */
		EALNVME_ERRLOG("%s: opts.enable_interrupts is not supported (polled mode only); "
			       "leave it false", nvme_ctrlr_name(ctrlr));
		ctrlr->is_failed = true;
		return -ENOTSUP;
	}
	rc = 0;
	if (ctrlr->state == NVME_CTRLR_STATE_DISABLE && ctrlr->transport->ctrlr_connect_adminq) {
		/* Fabrics: registers are reached through the admin queue. */
		rc = ctrlr->transport->ctrlr_connect_adminq(ctrlr);
	}
	if (rc == 0) {
		rc = g_init_steps[ctrlr->state](ctrlr);
	}
	if (rc != 0) {
		EALNVME_ERRLOG("%s: init step '%s' failed: %s", nvme_ctrlr_name(ctrlr),
			       nvme_ctrlr_state_name(ctrlr->state), strerror(-rc));
		ctrlr->is_failed = true;
		/* -EAGAIN means "call again" to our callers: not a step's answer. */
		return rc == -EAGAIN ? -EIO : rc;
	}
	do {
		ctrlr->state++;
	} while (ctrlr->state < NVME_CTRLR_STATE_READY && !nvme_ctrlr_step_applies(ctrlr, ctrlr->state));
	if (ctrlr->state < NVME_CTRLR_STATE_READY) {
		return -EAGAIN;
	}
	EALNVME_INFOLOG("%s: ready: %u active namespace(s), %u I/O queues, max transfer %u bytes",
			nvme_ctrlr_name(ctrlr), ctrlr->num_active_ns, ctrlr->max_io_queues,
			ctrlr->max_xfer_size);
	return 0;
}

int
nvme_ctrlr_init(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc;

	nvme_ctrlr_init_start(ctrlr);
	do {
		rc = nvme_ctrlr_init_poll(ctrlr);
	} while (rc == -EAGAIN);
	return rc;
}

/* ---- I/O qpairs ------------------------------------------------------- */

void
spdk_nvme_ctrlr_get_default_io_qpair_opts(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_io_qpair_opts *opts, size_t opts_size)
{
	struct spdk_nvme_io_qpair_opts full = { 0 };

	if (opts == NULL) {
		return;
	}
	full.qprio = SPDK_NVME_QPRIO_URGENT;
	full.io_queue_size = ctrlr ? ctrlr->opts.io_queue_size : NVME_DEFAULT_IO_QUEUE_SIZE;
	full.io_queue_requests = ctrlr ? ctrlr->opts.io_queue_requests :
				 NVME_DEFAULT_IO_QUEUE_REQUESTS;
	full.delay_cmd_submit = false;
	full.opts_size = nvme_min(opts_size, sizeof(full));
	memcpy(opts, &full, full.opts_size);
}

/*
 * Lowest free qid (as SPDK); over a fabric round robin from the one after
 * the last taken: the target may still be tearing down the connection of a
 * just-freed qid (the Linux target refuses its Connect with COMMAND SEQUENCE
 * ERROR, "qid has already been created").
 */
static uint16_t
nvme_ctrlr_take_qid(struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t start = spdk_nvme_trtype_is_fabrics(ctrlr->trid.trtype) && ctrlr->next_qid != 0 ?
			 ctrlr->next_qid - 1 : 0;

	for (uint32_t i = 0; i < ctrlr->max_io_queues; i++) {
		uint32_t qid = (start + i) % ctrlr->max_io_queues + 1;

		if (ctrlr->free_io_qids[qid]) {
			ctrlr->free_io_qids[qid] = 0;
			ctrlr->next_qid = qid + 1;
			return (uint16_t)qid;
		}
	}
	return 0;
}

struct spdk_nvme_qpair *
spdk_nvme_ctrlr_alloc_io_qpair(struct spdk_nvme_ctrlr *ctrlr,
			       const struct spdk_nvme_io_qpair_opts *user_opts, size_t opts_size)
{
	struct spdk_nvme_io_qpair_opts opts;
	struct spdk_nvme_qpair *qpair;
	uint32_t max_entries;
	uint16_t qid;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("alloc_io_qpair: NULL controller");
		return NULL;
	}
	if (ctrlr->is_failed || spdk_nvme_ctrlr_is_discovery(ctrlr)) {
		EALNVME_ERRLOG("%s: cannot create an I/O qpair on a %s controller%s",
			       nvme_ctrlr_name(ctrlr), ctrlr->is_failed ? "failed" : "discovery",
			       ctrlr->is_failed ? "" : " (it has none: connect to a subsystem "
			       "its discovery log lists)");
		return NULL;
	}
	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &opts, sizeof(opts));
	if (user_opts != NULL) {
		memcpy(&opts, user_opts, nvme_min(opts_size, sizeof(opts)));
	}
	/* A shorter (older) caller struct leaves the defaults, NULL, in sq/cq. */
	if (opts.sq.vaddr != NULL || opts.cq.vaddr != NULL) {
		EALNVME_ERRLOG("%s: caller-provided SQ/CQ memory (io_qpair_opts sq/cq.vaddr) is not "
			       "supported by ealnvme; leave them NULL", nvme_ctrlr_name(ctrlr));
		return NULL;
	}
	max_entries = (uint32_t)ctrlr->cap.bits.mqes + 1;
	if (opts.io_queue_size < 2) {
		EALNVME_ERRLOG("%s: io_queue_size %u is too small (at least 2)",
			       nvme_ctrlr_name(ctrlr), opts.io_queue_size);
		return NULL;
	}
	if (opts.io_queue_size > max_entries) {
		EALNVME_NOTICELOG("%s: io_queue_size %u exceeds CAP.MQES+1; using %u",
				  nvme_ctrlr_name(ctrlr), opts.io_queue_size, max_entries);
		opts.io_queue_size = max_entries;
	}
	if (opts.qprio > SPDK_NVME_QPRIO_LOW) {
		EALNVME_ERRLOG("%s: invalid qprio %d", nvme_ctrlr_name(ctrlr), opts.qprio);
		return NULL;
	}
	opts.io_queue_requests = nvme_max(opts.io_queue_requests, opts.io_queue_size);

	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	qid = nvme_ctrlr_take_qid(ctrlr);
	if (qid == 0) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: all %u I/O queues granted by the controller are in use; "
			       "free one first", nvme_ctrlr_name(ctrlr), ctrlr->max_io_queues);
		return NULL;
	}
	qpair = ctrlr->transport->qpair_alloc_io(ctrlr, qid, &opts);
	if (qpair == NULL) {
		ctrlr->free_io_qids[qid] = 1;
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return NULL;
	}
	qpair->timeout_ticks = ctrlr->timeout_io_ticks;
	nvme_qpair_update_deadline_work(qpair);
	if (opts.create_only) {
		/* spdk_nvme_ctrlr_connect_io_qpair() creates the queues later. */
		qpair->state = NVME_QPAIR_DISCONNECTED;
		TAILQ_INSERT_TAIL(&ctrlr->active_io_qpairs, qpair, link);
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return qpair;
	}
	if (ctrlr->transport->qpair_connect_io(ctrlr, qpair) != 0) {
		/* A CREATE that timed out gave the device the rings' addresses. */
		if (ctrlr->is_failed && nvme_ctrlr_quiesce(ctrlr, "I/O qpair creation") != 0) {
			nvme_ctrlr_keep_qpair(ctrlr, qpair);
			pthread_mutex_unlock(&ctrlr->ctrlr_lock);
			return NULL;
		}
		ctrlr->transport->qpair_free(qpair);
		ctrlr->free_io_qids[qid] = 1;
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		EALNVME_ERRLOG("%s: creating I/O queue %u failed", nvme_ctrlr_name(ctrlr), qid);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&ctrlr->active_io_qpairs, qpair, link);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return qpair;
}

int
spdk_nvme_ctrlr_free_io_qpair(struct spdk_nvme_qpair *qpair)
{
	struct spdk_nvme_ctrlr *ctrlr;
	uint16_t qid;

	if (qpair == NULL) {
		return -EINVAL;
	}
	if (qpair->in_completion_context) {
		/* Called from one of its own callbacks: finish the poll first. */
		qpair->deferred = NVME_QPAIR_DEFER_FREE;
		return 0;
	}
	ctrlr = qpair->ctrlr;
	qid = qpair->id;
	/* As SPDK: a qpair in a poll group leaves it when freed. */
	nvme_poll_group_drop_qpair(qpair);
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (!ctrlr->is_failed && !ctrlr->is_removed && qpair->state != NVME_QPAIR_DISCONNECTED) {
		ctrlr->transport->qpair_disconnect_io(ctrlr, qpair);
	}
	/* A failed controller deleted no queue: it is stopped before the rings
	 * and the requests' buffers go, or they are kept. */
	if (qpair->state != NVME_QPAIR_DISCONNECTED && ctrlr->is_failed &&
	    nvme_ctrlr_quiesce(ctrlr, "freeing an I/O qpair") != 0) {
		TAILQ_REMOVE(&ctrlr->active_io_qpairs, qpair, link);
		nvme_ctrlr_keep_qpair(ctrlr, qpair);
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
		return 0;
	}
	TAILQ_REMOVE(&ctrlr->active_io_qpairs, qpair, link);
	qpair->state = NVME_QPAIR_DESTROYING;
	ctrlr->transport->qpair_abort_outstanding(qpair, SPDK_NVME_SCT_GENERIC,
			SPDK_NVME_SC_ABORTED_SQ_DELETION, true);
	nvme_qpair_abort_queued(qpair, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_SQ_DELETION);
	ctrlr->transport->qpair_free(qpair);
	ctrlr->free_io_qids[qid] = 1;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return 0;
}

/* ---- Getters ---------------------------------------------------------- */

const struct spdk_nvme_ctrlr_data *
spdk_nvme_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->cdata;
}

const struct spdk_nvme_transport_id *
spdk_nvme_ctrlr_get_transport_id(struct spdk_nvme_ctrlr *ctrlr)
{
	return &ctrlr->trid;
}

union spdk_nvme_cap_register
spdk_nvme_ctrlr_get_regs_cap(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->cap;
}

union spdk_nvme_vs_register
spdk_nvme_ctrlr_get_regs_vs(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->vs;
}

union spdk_nvme_csts_register
spdk_nvme_ctrlr_get_regs_csts(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_csts_register csts = { .raw = UINT32_MAX };

	ctrlr->transport->ctrlr_get_reg_4(ctrlr, REG_OFF(csts), &csts.raw);
	return csts;
}

uint32_t
spdk_nvme_ctrlr_get_max_xfer_size(const struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->max_xfer_size;
}

bool
spdk_nvme_ctrlr_is_failed(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->is_failed;
}

/*
 * Log pages the controller reports (NVMe 1.4 §5.14.1, Figure 191): error,
 * SMART / health and firmware slot are mandatory; the others are announced
 * by LPA, OAES, OACS, CMIC or SANICAP.
 */
bool
spdk_nvme_ctrlr_is_log_page_supported(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page)
{
	const struct spdk_nvme_ctrlr_data *cd;

	if (ctrlr == NULL || ctrlr->cdata == NULL) {
		return false;
	}
	cd = ctrlr->cdata;
	switch (log_page) {
	case SPDK_NVME_LOG_ERROR:
	case SPDK_NVME_LOG_HEALTH_INFORMATION:
	case SPDK_NVME_LOG_FIRMWARE_SLOT:
		return true;
	case SPDK_NVME_LOG_CHANGED_NS_LIST:
		return cd->oaes.ns_attribute_notices;
	case SPDK_NVME_LOG_COMMAND_EFFECTS_LOG:
		return cd->lpa.cses;
	case SPDK_NVME_LOG_DEVICE_SELF_TEST:
		return cd->oacs.dsts;
	case SPDK_NVME_LOG_TELEMETRY_HOST_INITIATED:
	case SPDK_NVME_LOG_TELEMETRY_CTRLR_INITIATED:
		return cd->lpa.ts;
	case SPDK_NVME_LOG_ENDURANCE_GROUP_INFORMATION:
		return cd->ctratt.egs;
	case SPDK_NVME_LOG_PREDICATBLE_LATENCY:
	case SPDK_NVME_LOG_PREDICTABLE_LATENCY_EVENT:
		return cd->ctratt.plm;
	case SPDK_NVME_LOG_ASYMMETRIC_NAMESPACE_ACCESS:
		return cd->cmic.anars;
	case SPDK_NVME_LOG_PERSISTENT_EVENT_LOG:
		return cd->lpa.pes;
	case NVME_LOG_LBA_STATUS_INFO:
		return cd->oacs.glss;
	case SPDK_NVME_LOG_RESERVATION_NOTIFICATION:
		return cd->oncs.reservs;
	case SPDK_NVME_LOG_SANITIZE_STATUS:
		return (cd->sanicap.raw & 0x7) != 0;
	default:
		return false;
	}
}

/*
 * Features the controller reports (NVMe 1.4 §5.21.1, Figure 271): the
 * mandatory ones always, the optional ones where Identify announces them.
 */
bool
spdk_nvme_ctrlr_is_feature_supported(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature_code)
{
	const struct spdk_nvme_ctrlr_data *cd;

	if (ctrlr == NULL || ctrlr->cdata == NULL) {
		return false;
	}
	cd = ctrlr->cdata;
	switch (feature_code) {
	case SPDK_NVME_FEAT_ARBITRATION:
	case SPDK_NVME_FEAT_POWER_MANAGEMENT:
	case SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD:
	case SPDK_NVME_FEAT_ERROR_RECOVERY:
	case SPDK_NVME_FEAT_NUMBER_OF_QUEUES:
	case SPDK_NVME_FEAT_INTERRUPT_COALESCING:
	case SPDK_NVME_FEAT_INTERRUPT_VECTOR_CONFIGURATION:
	case SPDK_NVME_FEAT_WRITE_ATOMICITY:
	case SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION:
		return true;
	case SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE:
		return cd->vwc.present;
	case SPDK_NVME_FEAT_AUTONOMOUS_POWER_STATE_TRANSITION:
		return cd->apsta.supported;
	case SPDK_NVME_FEAT_HOST_MEM_BUFFER:
		return cd->hmpre != 0;
	case SPDK_NVME_FEAT_TIMESTAMP:
		return cd->oncs.tss;
	case SPDK_NVME_FEAT_KEEP_ALIVE_TIMER:
		return cd->kas != 0;
	case SPDK_NVME_FEAT_HOST_CONTROLLED_THERMAL_MANAGEMENT:
		return cd->hctma.bits.supported;
	case SPDK_NVME_FEAT_NON_OPERATIONAL_POWER_STATE_CONFIG:
		return cd->ctratt.nopspm;
	case SPDK_NVME_FEAT_READ_RECOVERY_LEVEL_CONFIG:
		return cd->ctratt.rrlvls;
	case SPDK_NVME_FEAT_PREDICTABLE_LATENCY_MODE_CONFIG:
	case SPDK_NVME_FEAT_PREDICTABLE_LATENCY_MODE_WINDOW:
		return cd->ctratt.plm;
	case SPDK_NVME_FEAT_LBA_STATUS_INFORMATION_ATTRIBUTES:
		return cd->oacs.glss;
	case SPDK_NVME_FEAT_SANITIZE_CONFIG:
		return (cd->sanicap.raw & 0x7) != 0;
	case SPDK_NVME_FEAT_ENDURANCE_GROUP_EVENT:
		return cd->ctratt.egs;
	case SPDK_NVME_FEAT_HOST_IDENTIFIER:
		return cd->ctratt.hids;
	case SPDK_NVME_FEAT_HOST_RESERVE_MASK:
	case SPDK_NVME_FEAT_HOST_RESERVE_PERSIST:
		return cd->oncs.reservs;
	default:
		return false;
	}
}
