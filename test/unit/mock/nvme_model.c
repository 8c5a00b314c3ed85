/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * In-process NVMe 1.4 controller model; see nvme_model.h for what it does.
 * Section numbers (§x.y) refer to the NVMe Base Specification 1.4.
 *
 * Layout of this file:
 *   model registry and MMIO hooks    (address -> model, register decode)
 *   controller state machine         (CC.EN, CC.SHN, CSTS)
 *   queues                           (doorbells, fetch, post, full CQ)
 *   data transfer                    (PRP walk, DMA through the mock env)
 *   admin commands, NVM commands
 *   fault injection, inspection, create/destroy
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "nvme_model.h"
#include "mock_env.h"

/* The hooks are defined here whatever the including build says. */
#ifndef EALNVME_MMIO_HOOKS
#define EALNVME_MMIO_HOOKS
#endif
#include "nvme_pcie_mmio.h"

#define REG_CAP		0x00
#define REG_VS		0x08
#define REG_INTMS	0x0c
#define REG_INTMC	0x10
#define REG_CC		0x14
#define REG_CSTS	0x1c
#define REG_NSSR	0x20
#define REG_AQA		0x24
#define REG_ASQ		0x28
#define REG_ACQ		0x30
#define REG_DOORBELL	0x1000

#define MODEL_BAR_MIN_SIZE	0x4000
#define MODEL_MAX_RULES		16
#define SQE_SIZE		64
#define CQE_SIZE		16
#define IDENTIFY_SIZE		4096

enum ready_target {
	TRANSITION_NONE,
	TRANSITION_ENABLE,	/* RDY 0 -> 1 pending */
	TRANSITION_DISABLE,	/* RDY 1 -> 0 pending */
	TRANSITION_SHUTDOWN,	/* SHST 01b -> 10b pending */
};

struct delay_cfg {
	enum nvme_model_ready_mode	mode;
	uint32_t			n;
};

/* A command between fetch and completion. */
struct model_cmd {
	struct spdk_nvme_cmd	sqe;
	uint16_t		sqid;
	uint64_t		seq;		/* matches rec->seq while rec is still ours */
	struct nvme_model_cmd_record *rec;
	int			cqe_fault;	/* enum nvme_model_cqe_fault, or -1 */
	uint16_t		cqe_fault_value;
};

struct pending_cpl {
	struct spdk_nvme_cpl	cpl;		/* phase not set yet */
};

struct model_sq {
	bool			valid;
	uint16_t		cqid;
	uint32_t		size;
	uint32_t		head;		/* next entry the model fetches */
	uint32_t		tail;		/* last tail doorbell value */
	uint64_t		iova;
	struct spdk_nvme_cmd	*base;		/* host memory */
	/* A fused FIRST fetched, waiting for its SECOND (§4.12). */
	bool			fused_pending;
	struct model_cmd	fused_first;
};

struct model_cq {
	bool			valid;
	bool			stalled;	/* fetching stopped because this CQ was full */
	uint8_t			phase;
	uint32_t		size;
	uint32_t		head;		/* last head doorbell value */
	uint32_t		tail;		/* next slot the model posts into */
	uint32_t		nsq;		/* SQs bound to this CQ */
	uint64_t		iova;
	struct spdk_nvme_cpl	*base;
	/* Completions waiting for room, oldest first (AERs, released commands). */
	struct pending_cpl	*deferred;
	uint32_t		ndeferred;
	uint32_t		cap_deferred;
};

enum rule_kind {
	RULE_STATUS,
	RULE_HOLD,
	RULE_BAD_CQE,
};

struct fault_rule {
	enum rule_kind	kind;
	int		qid;
	int		opc;
	uint32_t	remaining;
	uint8_t		sct;
	uint8_t		sc;
	bool		dnr;
	enum nvme_model_cqe_fault cqe_kind;
	uint16_t	value;
};

struct model_ns {
	bool		active;
	uint64_t	num_blocks;
	uint32_t	block_size;
	uint8_t		*mem;		/* mmap'ed, NULL with null_data */
	size_t		mem_size;
	uint16_t	ms;		/* metadata bytes per block */
	bool		extended;	/* metadata interleaved in the data */
	uint8_t		*md;		/* ms bytes per block, NULL with null_data */
	size_t		md_size;
	uint8_t		*unc;		/* bit per block: Write Uncorrectable'd */
};

struct nvme_model {
	struct nvme_model_opts	opts;
	unsigned int		index;
	char			bdf[SPDK_PCI_ADDR_FMT_LEN + 4];
	struct spdk_pci_addr	pci_addr;
	struct spdk_pci_device	*pci_dev;
	uint8_t			*bar;		/* PROT_NONE: all access goes through the hooks */
	size_t			bar_size;
	uint32_t		db_stride;	/* bytes */
	bool			verbose;

	/* Registers. */
	union spdk_nvme_cap_register	cap;
	uint32_t		vs;
	uint32_t		intms;
	union spdk_nvme_cc_register	cc;
	union spdk_nvme_csts_register	csts;
	union spdk_nvme_aqa_register	aqa;
	uint64_t		asq;
	uint64_t		acq;

	/* State. */
	bool			enabled;	/* CC.EN accepted, queues set up */
	bool			removed;
	bool			shut_down;	/* shutdown complete: no more processing */
	uint32_t		page_size;	/* from CC.MPS */
	uint32_t		max_xfer;	/* MDTS in bytes, UINT32_MAX = no limit */
	enum ready_target	transition;
	uint64_t		transition_start_tick;
	uint32_t		transition_reads;
	uint32_t		transition_n;
	enum nvme_model_ready_mode transition_mode;

	uint16_t		max_qid;	/* max_io_queues */
	struct model_sq		*sq;		/* [0..max_qid] */
	struct model_cq		*cq;
	bool			num_queues_set;
	uint16_t		nsqa;		/* granted, 1-based count */
	uint16_t		ncqa;
	uint32_t		features[256];
	uint64_t		last_keep_alive_tick;
	bool			kato_expired;

	/* Admin extras (format, namespace management, firmware, thermal). */
	uint16_t		temperature;
	uint16_t		temp_over;	/* feature 04h, THSEL 0 */
	uint16_t		temp_under;	/* feature 04h, THSEL 1 */
	uint8_t			aen_masked;	/* bit per event type, §5.2 */
	uint8_t			aen_masked_lid[8];	/* log page that unmasks each type */
	char			fw_rev[9];	/* running firmware */
	char			fw_slot_rev[8][9];	/* [1..7] */
	uint8_t			fw_active_slot;
	uint8_t			fw_next_slot;	/* activates at the next reset; 0: none */
	uint8_t			*fw_image;	/* downloaded, not yet committed */
	uint32_t		fw_image_len;

	/* Doorbell Buffer Config (§5.8): the host's two pages, NULL when not set. */
	volatile uint32_t	*dbbuf_shadow;
	volatile uint32_t	*dbbuf_eventidx;

	/* Async events. */
	struct model_cmd	*aers;
	uint32_t		naers;
	uint32_t		*pending_events;	/* cdw0 values */
	uint32_t		npending_events;
	uint32_t		cap_pending_events;
	uint32_t		changed_ns[1024];
	uint32_t		nchanged_ns;

	/* Held (swallowed) commands. */
	struct model_cmd	*held;
	uint32_t		nheld;
	uint32_t		cap_held;

	/* Namespaces, index nsid - 1. */
	struct model_ns		ns[NVME_MODEL_MAX_NS];

	/* Faults. */
	struct delay_cfg	enable_delay;
	struct delay_cfg	disable_delay;
	struct delay_cfg	shutdown_delay;
	bool			cfs_on_enable;
	uint32_t		cfs_countdown;
	struct fault_rule	rules[MODEL_MAX_RULES];
	uint32_t		nrules;

	/* Command log. */
	struct nvme_model_cmd_record *log;	/* NVME_MODEL_CMD_LOG_SIZE entries */
	uint64_t		seq;

	/* Error information log (§5.14.1.1), newest first. */
	struct spdk_nvme_error_information_entry *errlog;
	uint32_t		nerrlog;
	uint64_t		error_count;

	/* Scratch for PRP walks. */
	struct nvme_model_seg	*segs;
	uint32_t		nsegs;
	uint32_t		cap_segs;
	uint64_t		*list_buf;	/* one PRP list page */
	uint8_t			scratch[IDENTIFY_SIZE];

	struct nvme_model_stats	stats;
	char			last_error[256];
};

/* ======================================================================== */
/* Registry and errors                                                        */
/* ======================================================================== */

static struct nvme_model *g_models[NVME_MODEL_MAX_MODELS];
static struct nvme_model *g_last_model;
static uint64_t g_stray_mmio;

static void model_error(struct nvme_model *m, const char *fmt, ...)
__attribute__((format(printf, 2, 3)));

static void
model_error(struct nvme_model *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->last_error, sizeof(m->last_error), fmt, ap);
	va_end(ap);
	m->stats.errors++;
	if (m->verbose) {
		fprintf(stderr, "nvme_model %s: %s\n", m->bdf, m->last_error);
	}
}

/* An injected fault happened: say so in last_error, not counted as a host error. */
static void
model_note(struct nvme_model *m, const char *what)
{
	snprintf(m->last_error, sizeof(m->last_error), "injected: %s", what);
	if (m->verbose) {
		fprintf(stderr, "nvme_model %s: %s\n", m->bdf, m->last_error);
	}
}

static inline struct nvme_model *
model_lookup(const volatile void *addr, uint32_t *offset)
{
	uintptr_t a = (uintptr_t)addr;
	struct nvme_model *m = g_last_model;
	unsigned int i;

	if (m != NULL && a - (uintptr_t)m->bar < m->bar_size) {
		*offset = (uint32_t)(a - (uintptr_t)m->bar);
		return m;
	}
	for (i = 0; i < NVME_MODEL_MAX_MODELS; i++) {
		m = g_models[i];
		if (m != NULL && a - (uintptr_t)m->bar < m->bar_size) {
			g_last_model = m;
			*offset = (uint32_t)(a - (uintptr_t)m->bar);
			return m;
		}
	}
	g_stray_mmio++;
	fprintf(stderr, "nvme_model: MMIO access to %p, which is no model's BAR\n",
		(const void *)addr);
	return NULL;
}

struct nvme_model *
nvme_model_from_bar(const volatile void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	unsigned int i;

	for (i = 0; i < NVME_MODEL_MAX_MODELS; i++) {
		struct nvme_model *m = g_models[i];

		if (m != NULL && a - (uintptr_t)m->bar < m->bar_size) {
			return m;
		}
	}
	return NULL;
}

/* ======================================================================== */
/* Helpers                                                                    */
/* ======================================================================== */

static uint64_t
ms_to_ticks(uint64_t ms)
{
	return ms * spdk_get_ticks_hz() / 1000;
}

static bool
status_default_dnr(uint8_t sct, uint8_t sc)
{
	if (sct == SPDK_NVME_SCT_GENERIC) {
		switch (sc) {
		case SPDK_NVME_SC_SUCCESS:
		case SPDK_NVME_SC_DATA_TRANSFER_ERROR:
		case SPDK_NVME_SC_INTERNAL_DEVICE_ERROR:
		case SPDK_NVME_SC_ABORTED_BY_REQUEST:
		case SPDK_NVME_SC_ABORTED_SQ_DELETION:
		case SPDK_NVME_SC_ABORTED_POWER_LOSS:
		case SPDK_NVME_SC_NAMESPACE_NOT_READY:
			return false;
		default:
			return true;
		}
	}
	return sct != SPDK_NVME_SCT_PATH;
}

/* Copy between host memory at iova and buf, in IOVA-contiguous chunks. */
static int
dma_copy(struct nvme_model *m, uint64_t iova, void *buf, uint64_t len, bool to_host)
{
	uint8_t *p = buf;

	while (len > 0) {
		uint64_t n = len;
		void *va = mock_env_iova_to_vaddr(iova, &n);

		if (va == NULL) {
			m->stats.dma_errors++;
			model_error(m, "DMA to/from IOVA 0x%llx, which is not DMA memory",
				    (unsigned long long)iova);
			return -EFAULT;
		}
		if (buf != NULL) {
			if (to_host) {
				memcpy(va, p, n);
			} else {
				memcpy(p, va, n);
			}
			p += n;
		}
		iova += n;
		len -= n;
	}
	return 0;
}

/* Host memory for a queue: one IOVA-contiguous, virtually contiguous block. */
static void *
map_queue(struct nvme_model *m, uint64_t iova, uint64_t len)
{
	uint64_t n = len;
	uint8_t *va = mock_env_iova_to_vaddr(iova, &n);
	uint64_t off;

	if (va == NULL) {
		return NULL;
	}
	/* Every further piece must follow on virtually (page-scatter mode splits it). */
	for (off = n; off < len; off += n) {
		uint8_t *next;

		n = len - off;
		next = mock_env_iova_to_vaddr(iova + off, &n);
		if (next != va + off) {
			return NULL;
		}
	}
	return va;
}

/* ======================================================================== */
/* Command log                                                                */
/* ======================================================================== */

static struct nvme_model_cmd_record *
log_new(struct nvme_model *m, uint16_t sqid, const struct spdk_nvme_cmd *sqe)
{
	struct nvme_model_cmd_record *rec;

	m->seq++;
	if (m->log == NULL) {
		return NULL;
	}
	rec = &m->log[m->seq % NVME_MODEL_CMD_LOG_SIZE];
	rec->seq = m->seq;
	rec->qid = sqid;
	rec->sqe = *sqe;
	rec->nsegs = 0;
	rec->nlists = 0;
	rec->completed = false;
	rec->sct = 0;
	rec->sc = 0;
	rec->cdw0 = 0;
	return rec;
}

static inline struct nvme_model_cmd_record *
cmd_rec(struct model_cmd *c)
{
	return (c->rec != NULL && c->rec->seq == c->seq) ? c->rec : NULL;
}

const struct nvme_model_cmd_record *
nvme_model_cmd_log(const struct nvme_model *m, unsigned int back)
{
	const struct nvme_model_cmd_record *rec;

	if (m->log == NULL || back >= NVME_MODEL_CMD_LOG_SIZE || back >= m->seq) {
		return NULL;
	}
	rec = &m->log[(m->seq - back) % NVME_MODEL_CMD_LOG_SIZE];
	return rec->seq == m->seq - back ? rec : NULL;
}

const struct nvme_model_cmd_record *
nvme_model_find_cmd(const struct nvme_model *m, uint16_t qid, uint16_t cid)
{
	unsigned int back;

	for (back = 0; back < NVME_MODEL_CMD_LOG_SIZE; back++) {
		const struct nvme_model_cmd_record *rec = nvme_model_cmd_log(m, back);

		if (rec == NULL) {
			return NULL;
		}
		if (rec->qid == qid && rec->sqe.cid == cid) {
			return rec;
		}
	}
	return NULL;
}

/* ======================================================================== */
/* Completion posting                                                         */
/* ======================================================================== */

static inline uint32_t
cq_used(const struct model_cq *cq)
{
	return (cq->tail + cq->size - cq->head) % cq->size;
}

/* Free CQ slots not promised to deferred completions. */
static inline uint32_t
cq_room(const struct model_cq *cq)
{
	uint32_t free_slots = cq->size - 1 - cq_used(cq);

	return free_slots > cq->ndeferred ? free_slots - cq->ndeferred : 0;
}

static inline void
cq_write(struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	volatile uint32_t *dst = (volatile uint32_t *)&cq->base[cq->tail];
	const uint32_t *src = (const uint32_t *)cpl;
	struct spdk_nvme_cpl last = *cpl;

	last.status.p = cq->phase;
	/* Dword 3 (CID, status and phase) last, as a device would. */
	dst[0] = src[0];
	dst[1] = src[1];
	dst[2] = src[2];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	dst[3] = ((const uint32_t *)&last)[3];
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
	}
}

static int
cq_defer(struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	if (cq->ndeferred == cq->cap_deferred) {
		uint32_t cap = cq->cap_deferred ? cq->cap_deferred * 2 : 16;
		struct pending_cpl *d = realloc(cq->deferred, cap * sizeof(*d));

		if (d == NULL) {
			return -ENOMEM;
		}
		cq->deferred = d;
		cq->cap_deferred = cap;
	}
	cq->deferred[cq->ndeferred++].cpl = *cpl;
	return 0;
}

static void
cq_post(struct nvme_model *m, struct model_cq *cq, const struct spdk_nvme_cpl *cpl)
{
	if (cq->ndeferred == 0 && cq->size - 1 - cq_used(cq) > 0) {
		cq_write(cq, cpl);
		m->stats.cqes_posted++;
	} else if (cq_defer(cq, cpl) != 0) {
		model_error(m, "out of memory deferring a completion");
	}
}

/* Post deferred completions while there is room. */
static void
cq_flush_deferred(struct nvme_model *m, struct model_cq *cq)
{
	uint32_t done = 0;

	while (done < cq->ndeferred && cq->size - 1 - cq_used(cq) > 0) {
		cq_write(cq, &cq->deferred[done].cpl);
		m->stats.cqes_posted++;
		done++;
	}
	if (done > 0) {
		memmove(cq->deferred, cq->deferred + done,
			(cq->ndeferred - done) * sizeof(*cq->deferred));
		cq->ndeferred -= done;
	}
}

static void
error_log_add(struct nvme_model *m, const struct spdk_nvme_cpl *cpl, uint32_t nsid)
{
	uint32_t n = (uint32_t)m->opts.elpe + 1;
	struct spdk_nvme_error_information_entry *e;

	if (m->nerrlog < n) {
		m->nerrlog++;
	}
	memmove(&m->errlog[1], &m->errlog[0], (m->nerrlog - 1) * sizeof(*e));
	e = &m->errlog[0];
	memset(e, 0, sizeof(*e));
	e->error_count = ++m->error_count;
	e->sqid = cpl->sqid;
	e->cid = cpl->cid;
	e->status = cpl->status;
	e->status.p = 0;
	e->error_location = 0xffff;
	e->nsid = nsid;
}

/* Complete command c with the given status; posts to the CQ of its SQ. */
static void
complete_cmd(struct nvme_model *m, struct model_cmd *c, uint32_t cdw0, uint8_t sct, uint8_t sc,
	     bool dnr)
{
	struct model_sq *sq = &m->sq[c->sqid];
	struct model_cq *cq = &m->cq[sq->cqid];
	struct nvme_model_cmd_record *rec = cmd_rec(c);
	struct spdk_nvme_cpl cpl;

	memset(&cpl, 0, sizeof(cpl));
	cpl.cdw0 = cdw0;
	cpl.sqhd = (uint16_t)sq->head;
	cpl.sqid = c->sqid;
	cpl.cid = c->sqe.cid;
	cpl.status.sc = sc;
	cpl.status.sct = sct & 0x7;
	cpl.status.dnr = dnr;

	if (rec != NULL) {
		rec->completed = true;
		rec->sct = sct;
		rec->sc = sc;
		rec->cdw0 = cdw0;
	}
	if (sct != SPDK_NVME_SCT_GENERIC || sc != SPDK_NVME_SC_SUCCESS) {
		error_log_add(m, &cpl, c->sqe.nsid);
	}

	switch (c->cqe_fault) {
	case NVME_MODEL_CQE_BAD_CID:
		cpl.cid = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_BAD_SQID:
		cpl.sqid = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_BAD_SQHD:
		cpl.sqhd = c->cqe_fault_value;
		break;
	case NVME_MODEL_CQE_DUPLICATE:
		cq_post(m, cq, &cpl);
		break;
	default:
		break;
	}
	cq_post(m, cq, &cpl);
}

/* ======================================================================== */
/* Controller state                                                           */
/* ======================================================================== */

static void
drop_queue(struct nvme_model *m, uint16_t qid, bool is_cq)
{
	if (is_cq) {
		struct model_cq *cq = &m->cq[qid];

		free(cq->deferred);
		memset(cq, 0, sizeof(*cq));
	} else {
		struct model_sq *sq = &m->sq[qid];

		if (sq->valid && m->cq[sq->cqid].valid) {
			m->cq[sq->cqid].nsq--;
		}
		memset(sq, 0, sizeof(*sq));
	}
}

static void
default_features(struct nvme_model *m)
{
	memset(m->features, 0, sizeof(m->features));
	m->features[SPDK_NVME_FEAT_ARBITRATION] = SPDK_NVME_ARBITRATION_BURST_UNLIMITED;
	m->features[SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD] = 343;	/* WCTEMP */
	m->features[SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE] = m->opts.vwc ? 1 : 0;
	m->features[SPDK_NVME_FEAT_NUMBER_OF_QUEUES] =
		(uint32_t)(m->max_qid - 1) | ((uint32_t)(m->max_qid - 1) << 16);
}

/* Controller reset (§7.3.2): everything the host set up is gone. */
static void
controller_reset(struct nvme_model *m)
{
	uint16_t q;

	for (q = 0; q <= m->max_qid; q++) {
		drop_queue(m, q, false);
	}
	for (q = 0; q <= m->max_qid; q++) {
		drop_queue(m, q, true);
	}
	m->naers = 0;
	m->nheld = 0;
	m->npending_events = 0;
	m->aen_masked = 0;
	m->kato_expired = false;
	if (m->fw_next_slot != 0) {
		/* A committed image activates at this reset (§5.12). */
		m->fw_active_slot = m->fw_next_slot;
		memcpy(m->fw_rev, m->fw_slot_rev[m->fw_next_slot], sizeof(m->fw_rev));
		m->fw_next_slot = 0;
	}
	m->enabled = false;
	m->shut_down = false;
	m->num_queues_set = false;
	m->nsqa = m->max_qid;
	m->ncqa = m->max_qid;
	m->dbbuf_shadow = NULL;
	m->dbbuf_eventidx = NULL;
	m->csts.bits.cfs = 0;
	m->csts.bits.shst = SPDK_NVME_SHST_NORMAL;
	default_features(m);
}

static void
start_transition(struct nvme_model *m, enum ready_target t, const struct delay_cfg *d)
{
	m->transition = t;
	m->transition_mode = d->mode;
	m->transition_n = d->n;
	m->transition_reads = 0;
	m->transition_start_tick = spdk_get_ticks();
}

static void
finish_transition(struct nvme_model *m)
{
	switch (m->transition) {
	case TRANSITION_ENABLE:
		m->csts.bits.rdy = 1;
		break;
	case TRANSITION_DISABLE:
		m->csts.bits.rdy = 0;
		break;
	case TRANSITION_SHUTDOWN:
		m->csts.bits.shst = SPDK_NVME_SHST_COMPLETE;
		break;
	case TRANSITION_NONE:
		break;
	}
	m->transition = TRANSITION_NONE;
}

/* Called on every CSTS read: advance a pending transition. */
static void
poll_transition(struct nvme_model *m)
{
	switch (m->transition_mode) {
	case NVME_MODEL_READY_NORMAL:
		finish_transition(m);
		break;
	case NVME_MODEL_READY_NEVER:
		break;
	case NVME_MODEL_READY_AFTER_READS:
		if (++m->transition_reads > m->transition_n) {
			finish_transition(m);
		}
		break;
	case NVME_MODEL_READY_AFTER_MS:
		if (spdk_get_ticks() - m->transition_start_tick >= ms_to_ticks(m->transition_n)) {
			finish_transition(m);
		}
		break;
	}
}

static void
set_fatal(struct nvme_model *m)
{
	m->csts.bits.cfs = 1;
}

/* Can the controller process commands right now? */
static inline bool
controller_running(const struct nvme_model *m)
{
	return m->enabled && m->csts.bits.rdy && !m->csts.bits.cfs && !m->removed &&
	       !m->shut_down;
}

/* CC.EN 0 -> 1 (§7.6.1): validate the configuration and set up the admin queue. */
static void
controller_enable(struct nvme_model *m)
{
	union spdk_nvme_cc_register cc = m->cc;
	uint32_t asqs = (uint32_t)m->aqa.bits.asqs + 1;
	uint32_t acqs = (uint32_t)m->aqa.bits.acqs + 1;
	const char *why = NULL;
	void *sq_va = NULL, *cq_va = NULL;

	m->stats.enables++;
	if (m->csts.bits.rdy) {
		model_error(m, "CC.EN set to 1 while CSTS.RDY is still 1 (reset not finished)");
		m->csts.bits.rdy = 0;
	}
	m->transition = TRANSITION_NONE;
	m->page_size = 4096u << cc.bits.mps;

	if (cc.bits.mps < m->cap.bits.mpsmin || cc.bits.mps > m->cap.bits.mpsmax) {
		why = "CC.MPS outside CAP.MPSMIN..MPSMAX";
	} else if (cc.bits.css != SPDK_NVME_CC_CSS_NVM) {
		why = "CC.CSS is not the NVM command set";
	} else if (cc.bits.ams != SPDK_NVME_CC_AMS_RR) {
		why = "CC.AMS is not round robin";
	} else if (cc.bits.iosqes != 6) {
		why = "CC.IOSQES is not 6 (64-byte SQ entries)";
	} else if (cc.bits.iocqes != 4) {
		why = "CC.IOCQES is not 4 (16-byte CQ entries)";
	} else if (m->aqa.bits.asqs == 0 || m->aqa.bits.acqs == 0) {
		why = "AQA: admin queue sizes must be at least 2 entries";
	} else if ((m->asq & (m->page_size - 1)) != 0 || (m->acq & (m->page_size - 1)) != 0) {
		why = "ASQ/ACQ not aligned to the memory page size";
	} else if ((sq_va = map_queue(m, m->asq, (uint64_t)asqs * SQE_SIZE)) == NULL) {
		why = "ASQ is not the IOVA of DMA memory";
	} else if ((cq_va = map_queue(m, m->acq, (uint64_t)acqs * CQE_SIZE)) == NULL) {
		why = "ACQ is not the IOVA of DMA memory";
	}
	if (why == NULL && m->cfs_on_enable) {
		model_note(m, "CSTS.CFS on enable");
		set_fatal(m);
		return;
	}
	if (why != NULL) {
		model_error(m, "enable failed: %s", why);
		set_fatal(m);
		return;
	}

	m->sq[0].valid = true;
	m->sq[0].cqid = 0;
	m->sq[0].size = asqs;
	m->sq[0].head = 0;
	m->sq[0].tail = 0;
	m->sq[0].iova = m->asq;
	m->sq[0].base = sq_va;
	m->cq[0].valid = true;
	m->cq[0].phase = 1;
	m->cq[0].size = acqs;
	m->cq[0].head = 0;
	m->cq[0].tail = 0;
	m->cq[0].nsq = 1;
	m->cq[0].iova = m->acq;
	m->cq[0].base = cq_va;
	m->enabled = true;
	start_transition(m, TRANSITION_ENABLE, &m->enable_delay);
	if (m->enable_delay.mode == NVME_MODEL_READY_NORMAL) {
		finish_transition(m);
	}
}

static void
cc_write(struct nvme_model *m, uint32_t val)
{
	union spdk_nvme_cc_register old = m->cc, new;
	const uint32_t en_shn_mask = 0x1u | (0x3u << 14);

	new.raw = val;
	if (old.bits.en && new.bits.en && ((old.raw ^ new.raw) & ~en_shn_mask) != 0) {
		model_error(m, "CC fields changed while CC.EN=1 (0x%08x -> 0x%08x); ignored",
			    old.raw, new.raw);
		new.raw = (old.raw & ~en_shn_mask) | (new.raw & en_shn_mask);
	}
	m->cc = new;

	if (new.bits.shn != 0 && old.bits.shn == 0) {
		/* Shutdown notification (§7.6.2). */
		m->stats.shutdowns++;
		m->shut_down = true;
		m->csts.bits.shst = SPDK_NVME_SHST_OCCURRING;
		start_transition(m, TRANSITION_SHUTDOWN, &m->shutdown_delay);
		if (m->shutdown_delay.mode == NVME_MODEL_READY_NORMAL) {
			finish_transition(m);
		}
	}

	if (!old.bits.en && new.bits.en) {
		controller_enable(m);
	} else if (old.bits.en && !new.bits.en) {
		m->stats.resets++;
		controller_reset(m);
		start_transition(m, TRANSITION_DISABLE, &m->disable_delay);
		if (m->disable_delay.mode == NVME_MODEL_READY_NORMAL) {
			finish_transition(m);
		}
	}
}

/* ======================================================================== */
/* Data transfer: PRPs (§4.3)                                                 */
/* ======================================================================== */

struct cmd_status {
	uint32_t	cdw0;
	uint8_t		sct;
	uint8_t		sc;
};

static inline void
set_status(struct cmd_status *st, uint8_t sct, uint8_t sc)
{
	st->sct = sct;
	st->sc = sc;
}

static int
seg_add(struct nvme_model *m, struct nvme_model_cmd_record *rec, uint64_t iova, uint32_t len)
{
	if (m->nsegs == m->cap_segs) {
		uint32_t cap = m->cap_segs ? m->cap_segs * 2 : 64;
		struct nvme_model_seg *s = realloc(m->segs, cap * sizeof(*s));

		if (s == NULL) {
			return -ENOMEM;
		}
		m->segs = s;
		m->cap_segs = cap;
	}
	m->segs[m->nsegs].iova = iova;
	m->segs[m->nsegs].len = len;
	m->nsegs++;
	if (rec != NULL) {
		if (rec->nsegs < NVME_MODEL_REC_MAX_SEGS) {
			rec->segs[rec->nsegs].iova = iova;
			rec->segs[rec->nsegs].len = len;
		}
		rec->nsegs++;
	}
	return 0;
}

/*
 * Resolve the PRP entries of cmd for a transfer of len bytes into m->segs.
 * Returns 0, or -1 with st set to the error status.
 */
static int
prp_resolve(struct nvme_model *m, const struct spdk_nvme_cmd *cmd,
	    struct nvme_model_cmd_record *rec, uint64_t len, struct cmd_status *st)
{
	const uint64_t page = m->page_size;
	const uint64_t mask = page - 1;
	uint64_t prp1 = cmd->dptr.prp.prp1, prp2 = cmd->dptr.prp.prp2;
	uint64_t first, remaining, list, entries_left;

	m->nsegs = 0;
	if (len == 0) {
		return 0;
	}
	if (cmd->psdt != SPDK_NVME_PSDT_PRP) {
		/* SGLS = 0: SGLs are not supported. */
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return -1;
	}
	if (len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return -1;
	}
	/* PRP entries are dword aligned: bits 1:0 of the offset are 0 (§4.3). */
	if ((prp1 & 3) != 0) {
		model_error(m, "cid %u: PRP1 0x%llx is not dword aligned", cmd->cid,
			    (unsigned long long)prp1);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_PRP_OFFSET);
		return -1;
	}
	first = page - (prp1 & mask);
	if (first > len) {
		first = len;
	}
	seg_add(m, rec, prp1, (uint32_t)first);
	remaining = len - first;
	if (remaining == 0) {
		return 0;
	}
	if (remaining <= page) {
		/* PRP2 is the second (and last) data page. */
		if ((prp2 & mask) != 0) {
			model_error(m, "cid %u: PRP2 0x%llx (a data page) has an offset", cmd->cid,
				    (unsigned long long)prp2);
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_PRP_OFFSET);
			return -1;
		}
		seg_add(m, rec, prp2, (uint32_t)remaining);
		return 0;
	}

	/* PRP2 points at a PRP list; a full list page chains on with its last entry. */
	if ((prp2 & 7) != 0) {
		model_error(m, "cid %u: PRP list pointer 0x%llx is not qword aligned", cmd->cid,
			    (unsigned long long)prp2);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_PRP_OFFSET);
		return -1;
	}
	list = prp2;
	entries_left = (remaining + page - 1) / page;
	for (;;) {
		uint64_t slots = (page - (list & mask)) / 8;
		uint64_t nread = entries_left < slots ? entries_left : slots;
		uint64_t i;

		if (rec != NULL) {
			if (rec->nlists < NVME_MODEL_REC_MAX_LISTS) {
				rec->list_iova[rec->nlists] = list;
			}
			rec->nlists++;
		}
		if (dma_copy(m, list, m->list_buf, nread * 8, false) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
			return -1;
		}
		for (i = 0; i < nread; i++) {
			uint64_t e = m->list_buf[i];

			if (i == slots - 1 && entries_left > 1) {
				/* Last slot of a full page: pointer to the next list page. */
				if ((e & mask) != 0) {
					model_error(m, "cid %u: chained PRP list pointer 0x%llx "
						    "has an offset", cmd->cid,
						    (unsigned long long)e);
					set_status(st, SPDK_NVME_SCT_GENERIC,
						   SPDK_NVME_SC_INVALID_PRP_OFFSET);
					return -1;
				}
				list = e;
				break;
			}
			if ((e & mask) != 0) {
				model_error(m, "cid %u: PRP list entry %llu (0x%llx) has an offset",
					    cmd->cid, (unsigned long long)(len - remaining) / page,
					    (unsigned long long)e);
				set_status(st, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INVALID_PRP_OFFSET);
				return -1;
			}
			seg_add(m, rec, e, (uint32_t)(remaining < page ? remaining : page));
			remaining -= remaining < page ? remaining : page;
			entries_left--;
		}
		if (entries_left == 0) {
			return 0;
		}
	}
}

/* One Data Block descriptor into m->segs; false with st set if it is invalid. */
static bool
sgl_data_block(struct nvme_model *m, const struct spdk_nvme_cmd *cmd,
	       struct nvme_model_cmd_record *rec, const struct spdk_nvme_sgl_descriptor *d,
	       uint64_t *total, struct cmd_status *st)
{
	if (d->unkeyed.subtype != SPDK_NVME_SGL_SUBTYPE_ADDRESS) {
		model_error(m, "cid %u: SGL data block with sub type %u", cmd->cid,
			    d->unkeyed.subtype);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SGL_DESCRIPTOR_TYPE_INVALID);
		return false;
	}
	/* SGLS 10b: dword alignment and granularity (§5.15.2.2). */
	if (m->opts.sgls == SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED &&
	    ((d->address | d->unkeyed.length) & 3) != 0) {
		model_error(m, "cid %u: SGL data block 0x%llx+%u is not dword granular", cmd->cid,
			    (unsigned long long)d->address, d->unkeyed.length);
		set_status(st, SPDK_NVME_SCT_GENERIC,
			   SPDK_NVME_SC_SGL_DATA_BLOCK_GRANULARITY_INVALID);
		return false;
	}
	if (d->unkeyed.length != 0) {
		seg_add(m, rec, d->address, d->unkeyed.length);
	}
	*total += d->unkeyed.length;
	return true;
}

/*
 * Resolve the SGL of cmd (§4.4) for a transfer of len bytes into m->segs:
 * SGL1 is a Data Block, or a (Last) Segment whose descriptors are Data
 * Blocks, a Segment's last one pointing at the next segment.  The blocks
 * must add up to exactly len.  Returns 0, or -1 with st set.
 */
static int
sgl_resolve(struct nvme_model *m, const struct spdk_nvme_cmd *cmd,
	    struct nvme_model_cmd_record *rec, uint64_t len, struct cmd_status *st)
{
	const uint32_t max_desc = (uint32_t)((4096ULL << m->opts.mpsmax) / 16);
	struct spdk_nvme_sgl_descriptor d = cmd->dptr.sgl1;
	struct spdk_nvme_sgl_descriptor *list = (struct spdk_nvme_sgl_descriptor *)m->list_buf;
	uint64_t total = 0;
	uint32_t nseg = 0;

	m->nsegs = 0;
	if (len == 0) {
		return 0;
	}
	if (cmd->psdt != SPDK_NVME_PSDT_SGL_MPTR_CONTIG) {
		/* MPTR as an SGL (PSDT 10b) needs SGLS bit 19, which we do not report. */
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return -1;
	}
	if (len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return -1;
	}
	for (;;) {
		uint32_t n, i;
		bool last;

		if (d.generic.type == SPDK_NVME_SGL_TYPE_DATA_BLOCK && nseg == 0) {
			if (!sgl_data_block(m, cmd, rec, &d, &total, st)) {
				return -1;
			}
			break;
		}
		if (d.generic.type != SPDK_NVME_SGL_TYPE_SEGMENT &&
		    d.generic.type != SPDK_NVME_SGL_TYPE_LAST_SEGMENT) {
			model_error(m, "cid %u: SGL descriptor type %u where a segment or data "
				    "block belongs", cmd->cid, d.generic.type);
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_SGL_DESCRIPTOR_TYPE_INVALID);
			return -1;
		}
		last = d.generic.type == SPDK_NVME_SGL_TYPE_LAST_SEGMENT;
		n = d.unkeyed.length / 16;
		if (d.unkeyed.subtype != SPDK_NVME_SGL_SUBTYPE_ADDRESS || n == 0 ||
		    d.unkeyed.length % 16 != 0) {
			model_error(m, "cid %u: SGL segment 0x%llx of %u bytes", cmd->cid,
				    (unsigned long long)d.address, d.unkeyed.length);
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_SGL_SEG_DESCRIPTOR);
			return -1;
		}
		if (n > max_desc || ++nseg > 64) {
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NUM_SGL_DESCIRPTORS);
			return -1;
		}
		if (rec != NULL) {
			if (rec->nlists < NVME_MODEL_REC_MAX_LISTS) {
				rec->list_iova[rec->nlists] = d.address;
			}
			rec->nlists++;
		}
		if (dma_copy(m, d.address, list, (uint64_t)n * 16, false) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
			return -1;
		}
		for (i = 0; i < n; i++) {
			if (list[i].generic.type == SPDK_NVME_SGL_TYPE_DATA_BLOCK) {
				if (!sgl_data_block(m, cmd, rec, &list[i], &total, st)) {
					return -1;
				}
				continue;
			}
			if (!last && i == n - 1 &&
			    (list[i].generic.type == SPDK_NVME_SGL_TYPE_SEGMENT ||
			     list[i].generic.type == SPDK_NVME_SGL_TYPE_LAST_SEGMENT)) {
				break;	/* pointer to the next segment */
			}
			model_error(m, "cid %u: SGL descriptor %u of a segment has type %u",
				    cmd->cid, i, list[i].generic.type);
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_SGL_DESCRIPTOR_TYPE_INVALID);
			return -1;
		}
		if (last) {
			break;
		}
		if (i == n) {
			/* A Segment must end with a pointer to the next one. */
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_SGL_SEG_DESCRIPTOR);
			return -1;
		}
		d = list[n - 1];
	}
	if (total != len) {
		model_error(m, "cid %u: SGL describes %llu bytes for a %llu byte transfer",
			    cmd->cid, (unsigned long long)total, (unsigned long long)len);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID);
		return -1;
	}
	return 0;
}

/*
 * Move len bytes between buf and the host memory described by cmd's PRPs.
 * buf NULL with to_host: the host buffer is left as it is (null data).
 */
static int
prp_transfer(struct nvme_model *m, struct model_cmd *c, void *buf, uint64_t len, bool to_host,
	     struct cmd_status *st)
{
	uint8_t *p = buf;
	uint32_t i;
	int rc;

	/* SGLs only on I/O queues: admin commands use PRPs on PCIe (§4.4). */
	if (c->sqe.psdt != SPDK_NVME_PSDT_PRP && c->sqid != 0 && m->opts.sgls != 0) {
		rc = sgl_resolve(m, &c->sqe, cmd_rec(c), len, st);
	} else {
		rc = prp_resolve(m, &c->sqe, cmd_rec(c), len, st);
	}
	if (rc != 0) {
		return -1;
	}
	for (i = 0; i < m->nsegs; i++) {
		if (dma_copy(m, m->segs[i].iova, p, m->segs[i].len, to_host) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
			return -1;
		}
		if (p != NULL) {
			p += m->segs[i].len;
		}
	}
	if (to_host) {
		m->stats.bytes_to_host += len;
	} else {
		m->stats.bytes_from_host += len;
	}
	return 0;
}

/* ======================================================================== */
/* Admin commands (§5)                                                        */
/* ======================================================================== */

static void
pad_string(void *dst, const char *src, size_t len)
{
	size_t n = strnlen(src, len);

	memset(dst, ' ', len);
	memcpy(dst, src, n);
}

static void
build_ctrlr_data(struct nvme_model *m, struct spdk_nvme_ctrlr_data *cd)
{
	uint32_t i;
	uint64_t total = 0;

	memset(cd, 0, sizeof(*cd));
	cd->vid = m->opts.vendor_id;
	cd->ssvid = m->opts.subvendor_id;
	pad_string(cd->sn, m->opts.serial, sizeof(cd->sn));
	pad_string(cd->mn, m->opts.model_number, sizeof(cd->mn));
	pad_string(cd->fr, m->fw_rev, sizeof(cd->fr));
	cd->rab = 6;
	cd->ieee[0] = 0x00;
	cd->ieee[1] = 0x54;
	cd->ieee[2] = 0x52;
	cd->mdts = m->opts.mdts;
	cd->cntlid = m->opts.cntlid;
	cd->ver.raw = m->vs;
	cd->oaes.ns_attribute_notices = 1;
	cd->cntrltype = 1;	/* I/O controller */
	cd->acl = m->opts.acl;
	cd->aerl = m->opts.aerl;
	cd->frmw.slot1_ro = 1;
	cd->frmw.num_slots = m->opts.fw_update ? 2 : 1;
	cd->oacs.format = m->opts.format_nvm;
	cd->oacs.firmware = m->opts.fw_update;
	cd->oacs.ns_manage = m->opts.ns_management;
	cd->fwug = m->opts.fwug;
	cd->lpa.edlp = 1;
	cd->elpe = m->opts.elpe;
	cd->npss = 0;
	cd->wctemp = 343;
	cd->cctemp = 373;
	cd->kas = m->opts.kas;
	cd->sqes.min = 6;
	cd->sqes.max = 6;
	cd->cqes.min = 4;
	cd->cqes.max = 4;
	cd->nn = m->opts.nn;
	memcpy(&cd->oncs, &m->opts.oncs, sizeof(cd->oncs));
	cd->vwc.present = m->opts.vwc;
	cd->oacs.doorbell_buffer_config = m->opts.dbbuf;
	cd->vwc.flush_broadcast = m->opts.vwc ? SPDK_NVME_FLUSH_BROADCAST_SUPPORTED : 0;
	cd->sgls.supported = m->opts.sgls & 3;
	cd->fuses.compare_and_write = m->opts.fused_compare_write;
	for (i = 0; i < m->opts.nn && i < NVME_MODEL_MAX_NS; i++) {
		total += m->ns[i].num_blocks * m->ns[i].block_size;
	}
	cd->tnvmcap[0] = total;
	snprintf((char *)cd->subnqn, sizeof(cd->subnqn), "nqn.2026-01.invalid.ealnvme:model:%s",
		 m->opts.serial);
	cd->psd[0].mp = 2500;	/* 25 W */
	cd->psd[0].enlat = 16;
	cd->psd[0].exlat = 4;
}

static struct model_ns *
active_ns(struct nvme_model *m, uint32_t nsid)
{
	if (nsid == 0 || nsid > m->opts.nn || nsid > NVME_MODEL_MAX_NS) {
		return NULL;
	}
	return m->ns[nsid - 1].active ? &m->ns[nsid - 1] : NULL;
}

static void
ns_ids(const struct nvme_model *m, uint32_t nsid, uint64_t *eui64, uint8_t nguid[16])
{
	uint32_t i;

	*eui64 = 0x0054520000000000ULL | ((uint64_t)m->index << 16) | nsid;
	for (i = 0; i < 16; i++) {
		nguid[i] = (uint8_t)(0xe0 + i);
	}
	nguid[12] = (uint8_t)m->index;
	nguid[15] = (uint8_t)nsid;
}

/* A version 4 (random) style UUID, fixed per model and namespace. */
static void
ns_uuid(const struct nvme_model *m, uint32_t nsid, uint8_t uuid[16])
{
	uint32_t i;

	for (i = 0; i < 16; i++) {
		uuid[i] = (uint8_t)(0x5a ^ (i * 37));
	}
	uuid[6] = 0x40 | (uuid[6] & 0x0f);
	uuid[8] = 0x80 | (uuid[8] & 0x3f);
	uuid[14] = (uint8_t)m->index;
	uuid[15] = (uint8_t)nsid;
}

static void
build_ns_data(struct nvme_model *m, uint32_t nsid, struct spdk_nvme_ns_data *nd)
{
	struct model_ns *ns = active_ns(m, nsid);

	memset(nd, 0, sizeof(*nd));
	if (ns == NULL) {
		return;		/* inactive NSID: zero filled (§5.15.2.1) */
	}
	nd->nsze = ns->num_blocks;
	nd->ncap = ns->num_blocks;
	nd->nuse = ns->num_blocks;
	nd->nlbaf = 1;				/* two formats: 512 and 4096 */
	nd->lbaf[0].lbads = 9;
	nd->lbaf[1].lbads = 12;
	nd->lbaf[1].rp = 0;
	nd->flbas.format = ns->block_size == 4096 ? 1 : 0;
	nd->lbaf[nd->flbas.format].ms = ns->ms;
	nd->flbas.extended = ns->extended;
	nd->mc.extended = ns->ms != 0;
	nd->mc.pointer = ns->ms != 0;
	nd->dlfeat.bits.read_value = SPDK_NVME_DEALLOC_READ_00;
	nd->dlfeat.bits.write_zero_deallocate = 1;
	nd->nvmcap[0] = ns->num_blocks * ns->block_size;
	ns_ids(m, nsid, &nd->eui64, nd->nguid);
}

static void
admin_identify(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t *buf = m->scratch;
	uint32_t nsid = cmd->nsid;

	memset(buf, 0, IDENTIFY_SIZE);
	switch (cmd->cdw10_bits.identify.cns) {
	case SPDK_NVME_IDENTIFY_NS:
		if (nsid == SPDK_NVME_GLOBAL_NS_TAG && m->opts.ns_management) {
			/* Capabilities common to all namespaces (§5.15.2.1): the formats. */
			struct spdk_nvme_ns_data *nd = (struct spdk_nvme_ns_data *)buf;

			nd->nlbaf = 1;
			nd->lbaf[0].lbads = 9;
			nd->lbaf[1].lbads = 12;
			break;
		}
		if (nsid == 0 || nsid > m->opts.nn) {
			/* Includes FFFFFFFFh: no namespace management here. */
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			return;
		}
		build_ns_data(m, nsid, (struct spdk_nvme_ns_data *)buf);
		break;
	case SPDK_NVME_IDENTIFY_CTRLR:
		build_ctrlr_data(m, (struct spdk_nvme_ctrlr_data *)buf);
		break;
	case SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST: {
		struct spdk_nvme_ns_list *list = (struct spdk_nvme_ns_list *)buf;
		uint32_t id, n = 0;

		if (nsid >= 0xfffffffe) {
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			return;
		}
		/* Active NSIDs greater than CDW1.NSID, increasing (§5.15.2.3 CNS 02h). */
		for (id = nsid + 1; id <= m->opts.nn && id <= NVME_MODEL_MAX_NS && n < 1024; id++) {
			if (m->ns[id - 1].active) {
				list->ns_list[n++] = id;
			}
		}
		break;
	}
	case SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST: {
		struct spdk_nvme_ns_id_desc *d;
		uint64_t eui64;
		uint8_t nguid[16];

		if (active_ns(m, nsid) == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
			return;
		}
		ns_ids(m, nsid, &eui64, nguid);
		d = (struct spdk_nvme_ns_id_desc *)buf;
		d->nidt = SPDK_NVME_NIDT_EUI64;
		d->nidl = 8;
		memcpy(d->nid, &eui64, 8);
		d = (struct spdk_nvme_ns_id_desc *)(buf + 4 + 8);
		d->nidt = SPDK_NVME_NIDT_NGUID;
		d->nidl = 16;
		memcpy(d->nid, nguid, 16);
		d = (struct spdk_nvme_ns_id_desc *)(buf + 4 + 8 + 4 + 16);
		d->nidt = SPDK_NVME_NIDT_UUID;
		d->nidl = 16;
		ns_uuid(m, nsid, d->nid);
		break;
	}
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	prp_transfer(m, c, buf, IDENTIFY_SIZE, true, st);
}

/* ---- Thermal, keep-alive, format, namespace management, firmware ----------- */

static bool
model_temp_out_of_range(const struct nvme_model *m)
{
	return m->temperature > m->temp_over || (m->temp_under != 0 && m->temperature < m->temp_under);
}

/* A temperature threshold crossed: SMART event if Async Event Configuration enables it. */
static void
model_temp_check(struct nvme_model *m)
{
	union spdk_nvme_feat_async_event_configuration aec = {
		.raw = m->features[SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION]
	};

	if (model_temp_out_of_range(m) && aec.bits.crit_warn.bits.temperature) {
		nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_SMART,
					    SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD,
					    SPDK_NVME_LOG_HEALTH_INFORMATION);
	}
}

/* Feature 04h (§5.21.1.4): TMPTH 15:0, TMPSEL 19:16 (0 = composite), THSEL 21:20. */
static void
admin_set_temp_threshold(struct nvme_model *m, uint32_t cdw11, struct cmd_status *st)
{
	uint16_t tmpth = (uint16_t)(cdw11 & 0xffff);
	uint32_t tmpsel = (cdw11 >> 16) & 0xf;
	uint32_t thsel = (cdw11 >> 20) & 0x3;

	if (thsel > 1 || tmpsel != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (thsel == 0) {
		m->temp_over = tmpth;
	} else {
		m->temp_under = tmpth;
	}
	m->features[SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD] = m->temp_over;
	model_temp_check(m);
}

/* Keep Alive Timer (§7.12.1): no KEEP ALIVE within KATO -> CSTS.CFS. */
static void
kato_check(struct nvme_model *m)
{
	uint32_t kato = m->features[SPDK_NVME_FEAT_KEEP_ALIVE_TIMER];

	if (kato == 0 || m->opts.kas == 0 || m->kato_expired || !controller_running(m)) {
		return;
	}
	if (spdk_get_ticks() - m->last_keep_alive_tick > ms_to_ticks(kato)) {
		m->kato_expired = true;
		model_note(m, "keep alive timer expired: CSTS.CFS");
		set_fatal(m);
	}
}

#define MODEL_NS_POOL_BYTES	(64ull * 1024 * 1024)

/* Give a namespace fresh (zero) memory for num_blocks of block_size, no metadata. */
static int
model_ns_layout(struct model_ns *ns, uint64_t num_blocks, uint32_t block_size, bool null_data)
{
	if (ns->mem != NULL) {
		munmap(ns->mem, ns->mem_size);
	}
	if (ns->md != NULL) {
		munmap(ns->md, ns->md_size);
	}
	free(ns->unc);
	memset(ns, 0, sizeof(*ns));
	ns->num_blocks = num_blocks;
	ns->block_size = block_size;
	ns->unc = calloc((num_blocks + 7) / 8 + 1, 1);
	if (ns->unc == NULL) {
		return -ENOMEM;
	}
	if (!null_data && num_blocks != 0) {
		ns->mem_size = num_blocks * block_size;
		ns->mem = mmap(NULL, ns->mem_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (ns->mem == MAP_FAILED) {
			ns->mem = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* FORMAT NVM (§5.23): LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9. */
static void
admin_format(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t cdw10 = c->sqe.cdw10;
	uint32_t nsid = c->sqe.nsid;
	uint32_t lbaf = cdw10 & 0xf, pi = (cdw10 >> 5) & 0x7, ses = (cdw10 >> 9) & 0x7;
	uint32_t bs = lbaf == 1 ? 4096 : 512;
	uint32_t first = nsid, last = nsid;

	if (nsid == SPDK_NVME_GLOBAL_NS_TAG) {
		first = 1;
		last = m->opts.nn;
	} else if (active_ns(m, nsid) == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}
	if (lbaf > 1 || pi != 0) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FORMAT);
		return;
	}
	if (ses > SPDK_NVME_FMT_NVM_SES_USER_DATA_ERASE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	for (uint32_t id = first; id <= last; id++) {
		struct model_ns *ns = active_ns(m, id);
		uint64_t bytes;

		if (ns == NULL) {
			continue;
		}
		/* Same capacity in the new block size; every block reads zero after. */
		bytes = ns->num_blocks * ns->block_size;
		if (model_ns_layout(ns, bytes / bs, bs, m->opts.null_data) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
		ns->active = true;
	}
}

static uint64_t
model_ns_bytes_allocated(const struct nvme_model *m)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < NVME_MODEL_MAX_NS; i++) {
		total += m->ns[i].num_blocks * m->ns[i].block_size;
	}
	return total;
}

static void
model_ns_changed(struct nvme_model *m, uint32_t nsid)
{
	uint32_t i;

	for (i = 0; i < m->nchanged_ns && m->changed_ns[i] != nsid; i++) {
	}
	if (i == m->nchanged_ns && m->nchanged_ns < 1024) {
		m->changed_ns[m->nchanged_ns++] = nsid;
	}
}

/* NAMESPACE MANAGEMENT (§5.20): SEL 0 create (NSID in CDW0), 1 delete. */
static void
admin_ns_management(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t sel = c->sqe.cdw10 & 0xf;
	uint32_t nsid = c->sqe.nsid;

	if (sel == SPDK_NVME_NS_MANAGEMENT_CREATE) {
		struct spdk_nvme_ns_data *nd = (struct spdk_nvme_ns_data *)m->scratch;
		uint32_t bs, id;

		if (prp_transfer(m, c, nd, sizeof(*nd), false, st) != 0) {
			return;
		}
		bs = nd->flbas.format == 1 ? 4096 : 512;
		if (nd->flbas.format > 1 || nd->nsze == 0 || nd->ncap != nd->nsze) {
			/* Thin provisioning is not supported: NCAP must equal NSZE. */
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		if (model_ns_bytes_allocated(m) + nd->nsze * bs > MODEL_NS_POOL_BYTES) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_NAMESPACE_INSUFFICIENT_CAPACITY);
			return;
		}
		for (id = 1; id <= m->opts.nn && m->ns[id - 1].num_blocks != 0; id++) {
		}
		if (id > m->opts.nn) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_NAMESPACE_ID_UNAVAILABLE);
			return;
		}
		if (model_ns_layout(&m->ns[id - 1], nd->nsze, bs, m->opts.null_data) != 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
		st->cdw0 = id;	/* created, not attached */
		return;
	}
	if (sel != SPDK_NVME_NS_MANAGEMENT_DELETE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	for (uint32_t id = 1; id <= m->opts.nn; id++) {
		struct model_ns *ns = &m->ns[id - 1];

		if (nsid != SPDK_NVME_GLOBAL_NS_TAG && nsid != id) {
			continue;
		}
		if (ns->num_blocks == 0) {
			if (nsid == id) {
				set_status(st, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
				return;
			}
			continue;
		}
		if (ns->active) {
			model_ns_changed(m, id);
		}
		model_ns_layout(ns, 0, 512, true);
	}
	if (nsid == 0 || (nsid > m->opts.nn && nsid != SPDK_NVME_GLOBAL_NS_TAG)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
	}
}

/* NAMESPACE ATTACHMENT (§5.19): SEL 0 attach, 1 detach, controller list in the data.
 * No notice to this controller: the host that sent the command knows. */
static void
admin_ns_attachment(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	struct spdk_nvme_ctrlr_list *list = (struct spdk_nvme_ctrlr_list *)m->scratch;
	uint32_t sel = c->sqe.cdw10 & 0xf;
	uint32_t nsid = c->sqe.nsid;
	struct model_ns *ns;
	bool ours = false;

	if (sel > SPDK_NVME_NS_CTRLR_DETACH) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (nsid == 0 || nsid > m->opts.nn || m->ns[nsid - 1].num_blocks == 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}
	if (prp_transfer(m, c, list, sizeof(*list), false, st) != 0) {
		return;
	}
	for (uint32_t i = 0; i < list->ctrlr_count && i < 2047; i++) {
		ours = ours || list->ctrlr_list[i] == m->opts.cntlid;
	}
	if (list->ctrlr_count == 0 || !ours) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_CONTROLLER_LIST_INVALID);
		return;
	}
	ns = &m->ns[nsid - 1];
	if (sel == SPDK_NVME_NS_CTRLR_ATTACH && ns->active) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_NAMESPACE_ALREADY_ATTACHED);
		return;
	}
	if (sel == SPDK_NVME_NS_CTRLR_DETACH && !ns->active) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_NAMESPACE_NOT_ATTACHED);
		return;
	}
	ns->active = sel == SPDK_NVME_NS_CTRLR_ATTACH;
}

#define MODEL_FW_MAX_IMAGE	(256u * 1024)

/* FIRMWARE IMAGE DOWNLOAD (§5.13): NUMD (0's based) in CDW10, OFST (dwords) in CDW11. */
static void
admin_fw_download(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint64_t len = ((uint64_t)c->sqe.cdw10 + 1) * 4;
	uint64_t off = (uint64_t)c->sqe.cdw11 * 4;
	uint32_t gran = (m->opts.fwug == 0 || m->opts.fwug == 0xff) ? 4 : m->opts.fwug * 4096u;

	if (off % gran != 0 || off + len > MODEL_FW_MAX_IMAGE || off > m->fw_image_len) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (off < m->fw_image_len) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_OVERLAPPING_RANGE);
		return;
	}
	if (m->fw_image == NULL) {
		m->fw_image = calloc(1, MODEL_FW_MAX_IMAGE);
		if (m->fw_image == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
	}
	if (prp_transfer(m, c, m->fw_image + off, len, false, st) == 0) {
		m->fw_image_len = (uint32_t)(off + len);
	}
}

/* FIRMWARE COMMIT (§5.12): FS 2:0, CA 5:3.  The image's first 8 bytes are its revision. */
static void
admin_fw_commit(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint32_t fs = c->sqe.cdw10 & 0x7, ca = (c->sqe.cdw10 >> 3) & 0x7;

	if (fs == 0) {
		fs = 2;		/* the controller chooses: the writable slot */
	}
	if (fs > 2 || ca > SPDK_NVME_FW_COMMIT_RUN_IMG ||
	    (fs == 1 && ca <= SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG)) {
		/* Slot 1 is read-only (FRMW bit 0); two slots. */
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FIRMWARE_SLOT);
		return;
	}
	if (ca <= SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG) {
		if (m->fw_image_len < 8) {
			set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
				   SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
			return;
		}
		memcpy(m->fw_slot_rev[fs], m->fw_image, 8);
		m->fw_slot_rev[fs][8] = '\0';
		m->fw_image_len = 0;
		if (ca == SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG) {
			m->fw_next_slot = (uint8_t)fs;
		}
		return;
	}
	if (m->fw_slot_rev[fs][0] == '\0') {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE);
		return;
	}
	m->fw_next_slot = (uint8_t)fs;
	if (ca == SPDK_NVME_FW_COMMIT_RUN_IMG) {
		/* No activation without reset (FRMW bit 4 clear): at the next reset. */
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_FIRMWARE_REQ_RESET);
	}
}

static bool
feature_supported(const struct nvme_model *m, uint8_t fid)
{
	switch (fid) {
	case SPDK_NVME_FEAT_ARBITRATION:
	case SPDK_NVME_FEAT_POWER_MANAGEMENT:
	case SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD:
	case SPDK_NVME_FEAT_ERROR_RECOVERY:
	case SPDK_NVME_FEAT_NUMBER_OF_QUEUES:
	case SPDK_NVME_FEAT_INTERRUPT_COALESCING:
	case SPDK_NVME_FEAT_INTERRUPT_VECTOR_CONFIGURATION:
	case SPDK_NVME_FEAT_WRITE_ATOMICITY:
	case SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION:
	case SPDK_NVME_FEAT_SOFTWARE_PROGRESS_MARKER:
		return true;
	case SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE:
		return m->opts.vwc;
	case SPDK_NVME_FEAT_KEEP_ALIVE_TIMER:
		return m->opts.kas != 0;
	default:
		return false;
	}
}

static bool
any_io_queue(const struct nvme_model *m)
{
	uint16_t q;

	for (q = 1; q <= m->max_qid; q++) {
		if (m->sq[q].valid || m->cq[q].valid) {
			return true;
		}
	}
	return false;
}

static void
admin_set_features(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t fid = cmd->cdw10_bits.set_features.fid;

	if (!feature_supported(m, fid)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->cdw10_bits.set_features.sv) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_FEATURE_ID_NOT_SAVEABLE);
		return;
	}
	if (fid == SPDK_NVME_FEAT_NUMBER_OF_QUEUES) {
		union spdk_nvme_feat_number_of_queues req = cmd->cdw11_bits.feat_num_of_queues;
		union spdk_nvme_feat_number_of_queues got;

		/* Only before any I/O queue exists (§5.21.1.7). */
		if (any_io_queue(m)) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR);
			return;
		}
		if (req.bits.nsqr == 0xffff || req.bits.ncqr == 0xffff) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		/* Both 0's based; grant at most max_io_queues. */
		got.bits.nsqr = req.bits.nsqr < m->max_qid - 1u ? req.bits.nsqr : m->max_qid - 1u;
		got.bits.ncqr = req.bits.ncqr < m->max_qid - 1u ? req.bits.ncqr : m->max_qid - 1u;
		m->nsqa = (uint16_t)(got.bits.nsqr + 1);
		m->ncqa = (uint16_t)(got.bits.ncqr + 1);
		m->num_queues_set = true;
		m->features[fid] = got.raw;
		st->cdw0 = got.raw;
		return;
	}
	if (fid == SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD) {
		admin_set_temp_threshold(m, cmd->cdw11, st);
		return;
	}
	m->features[fid] = cmd->cdw11;
	if (fid == SPDK_NVME_FEAT_KEEP_ALIVE_TIMER) {
		/* The timer starts now (§7.12.1). */
		m->last_keep_alive_tick = spdk_get_ticks();
		m->kato_expired = false;
	}
}

static void
admin_get_features(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint8_t fid = cmd->cdw10_bits.get_features.fid;

	if (!feature_supported(m, fid)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	switch (cmd->cdw10_bits.get_features.sel) {
	case SPDK_NVME_FEAT_SELECT_CURRENT:
		st->cdw0 = m->features[fid];
		if (fid == SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD) {
			/* Per THSEL in CDW11 (§5.21.1.4). */
			st->cdw0 = ((cmd->cdw11 >> 20) & 3) == 1 ? m->temp_under : m->temp_over;
		}
		break;
	case SPDK_NVME_FEAT_SELECT_DEFAULT:
	case SPDK_NVME_FEAT_SELECT_SAVED: {
		uint32_t saved[256];

		memcpy(saved, m->features, sizeof(saved));
		default_features(m);
		st->cdw0 = m->features[fid];
		memcpy(m->features, saved, sizeof(saved));
		break;
	}
	case SPDK_NVME_FEAT_SELECT_SUPPORTED:
		st->cdw0 = 0x4;	/* changeable, not saveable, not namespace specific */
		break;
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		break;
	}
}

/* PRP1 of CREATE I/O CQ/SQ: page aligned, and bytes of contiguous DMA memory. */
static void *
map_new_queue(struct nvme_model *m, const char *what, uint16_t qid, uint64_t prp1,
	      uint32_t bytes, struct cmd_status *st)
{
	void *va;

	if ((prp1 & (m->page_size - 1)) != 0) {
		model_error(m, "CREATE IO %s %u: PRP1 0x%llx is not page aligned", what, qid,
			    (unsigned long long)prp1);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_PRP_OFFSET);
		return NULL;
	}
	va = map_queue(m, prp1, bytes);
	if (va == NULL) {
		m->stats.dma_errors++;
		model_error(m, "CREATE IO %s %u: PRP1 0x%llx is not the IOVA of %u bytes of "
			    "contiguous DMA memory", what, qid, (unsigned long long)prp1, bytes);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
	}
	return va;
}

static void
admin_create_cq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint16_t qid = cmd->cdw10_bits.create_io_q.qid;
	uint32_t size = (uint32_t)cmd->cdw10_bits.create_io_q.qsize + 1;
	uint64_t prp1 = cmd->dptr.prp.prp1;
	struct model_cq *cq;
	void *va;

	if (qid == 0 || qid > m->ncqa || m->cq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (size < 2 || size > (uint32_t)m->cap.bits.mqes + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_SIZE);
		return;
	}
	if (!cmd->cdw11_bits.create_io_cq.pc) {
		/* CAP.CQR = 1: queues must be physically contiguous. */
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->cdw11_bits.create_io_cq.ien && cmd->cdw11_bits.create_io_cq.iv >= 32) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_INTERRUPT_VECTOR);
		return;
	}
	va = map_new_queue(m, "CQ", qid, prp1, size * CQE_SIZE, st);
	if (va == NULL) {
		return;
	}
	cq = &m->cq[qid];
	memset(cq, 0, sizeof(*cq));
	cq->valid = true;
	cq->phase = 1;
	cq->size = size;
	cq->iova = prp1;
	cq->base = va;
}

static void
admin_create_sq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint16_t qid = cmd->cdw10_bits.create_io_q.qid;
	uint32_t size = (uint32_t)cmd->cdw10_bits.create_io_q.qsize + 1;
	uint16_t cqid = cmd->cdw11_bits.create_io_sq.cqid;
	uint64_t prp1 = cmd->dptr.prp.prp1;
	struct model_sq *sq;
	void *va;

	if (qid == 0 || qid > m->nsqa || m->sq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (size < 2 || size > (uint32_t)m->cap.bits.mqes + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_SIZE);
		return;
	}
	if (cqid == 0 || cqid > m->max_qid || !m->cq[cqid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_COMPLETION_QUEUE_INVALID);
		return;
	}
	if (!cmd->cdw11_bits.create_io_sq.pc) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	va = map_new_queue(m, "SQ", qid, prp1, size * SQE_SIZE, st);
	if (va == NULL) {
		return;
	}
	sq = &m->sq[qid];
	memset(sq, 0, sizeof(*sq));
	sq->valid = true;
	sq->cqid = cqid;
	sq->size = size;
	sq->iova = prp1;
	sq->base = va;
	m->cq[cqid].nsq++;
}

static void
admin_delete_sq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t qid = c->sqe.cdw10_bits.delete_io_q.qid;
	uint32_t i, kept = 0;

	if (qid == 0 || qid > m->max_qid || !m->sq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	/* Outstanding commands complete as aborted before the delete does (§5.7). */
	for (i = 0; i < m->nheld; i++) {
		struct model_cmd held = m->held[i];

		if (held.sqid == qid) {
			complete_cmd(m, &held, 0, SPDK_NVME_SCT_GENERIC,
				     SPDK_NVME_SC_ABORTED_SQ_DELETION, false);
		} else {
			m->held[kept++] = held;
		}
	}
	m->nheld = kept;
	drop_queue(m, qid, false);
}

static void
admin_delete_cq(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t qid = c->sqe.cdw10_bits.delete_io_q.qid;

	if (qid == 0 || qid > m->max_qid || !m->cq[qid].valid) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER);
		return;
	}
	if (m->cq[qid].nsq != 0) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_QUEUE_DELETION);
		return;
	}
	drop_queue(m, qid, true);
}

static void
admin_abort(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint16_t sqid = c->sqe.cdw10_bits.abort.sqid;
	uint16_t cid = c->sqe.cdw10_bits.abort.cid;
	uint32_t i;

	/* Only held commands are still in the controller; anything else is gone. */
	for (i = 0; i < m->nheld; i++) {
		if (m->held[i].sqid == sqid && m->held[i].sqe.cid == cid) {
			struct model_cmd victim = m->held[i];

			memmove(&m->held[i], &m->held[i + 1], (m->nheld - i - 1) * sizeof(*m->held));
			m->nheld--;
			complete_cmd(m, &victim, 0, SPDK_NVME_SCT_GENERIC,
				     SPDK_NVME_SC_ABORTED_BY_REQUEST, false);
			st->cdw0 = 0;	/* aborted */
			return;
		}
	}
	st->cdw0 = 1;	/* bit 0: command not aborted */
}

/*
 * Complete AERs with pending events.  A reported event masks its type until
 * the host reads the log page it named with RAE clear (§5.2); events of a
 * masked type wait.
 */
static void
aer_deliver(struct nvme_model *m)
{
	uint32_t i = 0;

	while (m->naers > 0 && i < m->npending_events) {
		union spdk_nvme_async_event_completion ev = { .raw = m->pending_events[i] };
		uint8_t type = ev.bits.async_event_type;
		struct model_cmd aer;

		if (m->aen_masked & (1u << type)) {
			i++;
			continue;
		}
		aer = m->aers[0];
		memmove(&m->aers[0], &m->aers[1], (m->naers - 1) * sizeof(*m->aers));
		m->naers--;
		memmove(&m->pending_events[i], &m->pending_events[i + 1],
			(m->npending_events - i - 1) * sizeof(*m->pending_events));
		m->npending_events--;
		m->aen_masked |= (uint8_t)(1u << type);
		m->aen_masked_lid[type] = ev.bits.log_page_identifier;
		complete_cmd(m, &aer, ev.raw, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS, false);
	}
}

/* Returns true if the command was kept outstanding. */
static bool
admin_aer(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	if (m->naers >= (uint32_t)m->opts.aerl + 1) {
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC,
			   SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED);
		return false;
	}
	m->aers[m->naers++] = *c;
	aer_deliver(m);
	return true;
}

static void
admin_get_log_page(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint32_t numd = ((uint32_t)cmd->cdw11_bits.get_log_page.numdu << 16 |
			 cmd->cdw10_bits.get_log_page.numdl) + 1;
	uint64_t len = (uint64_t)numd * 4;
	uint64_t offset = (uint64_t)cmd->cdw13 << 32 | cmd->cdw12;
	uint8_t lid = cmd->cdw10_bits.get_log_page.lid;
	uint8_t *page = m->scratch;
	uint32_t page_size;
	uint8_t *out;
	uint64_t avail;
	int rc;

	memset(page, 0, IDENTIFY_SIZE);
	switch (lid) {
	case SPDK_NVME_LOG_ERROR:
		page_size = ((uint32_t)m->opts.elpe + 1) * 64;
		if (page_size > IDENTIFY_SIZE) {
			page_size = IDENTIFY_SIZE;
		}
		memcpy(page, m->errlog, (size_t)m->nerrlog * 64 < page_size ?
		       (size_t)m->nerrlog * 64 : page_size);
		break;
	case SPDK_NVME_LOG_HEALTH_INFORMATION: {
		struct spdk_nvme_health_information_page *h = (void *)page;
		uint64_t rd = 0, wr = 0;

		if (cmd->nsid != 0 && cmd->nsid != SPDK_NVME_GLOBAL_NS_TAG) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
			return;
		}
		page_size = sizeof(*h);
		h->temperature = m->temperature;
		h->critical_warning.bits.temperature = model_temp_out_of_range(m);
		h->available_spare = 100;
		h->available_spare_threshold = 10;
		h->percentage_used = 0;
		h->data_units_read[0] = (m->stats.bytes_to_host / 512 + 999) / 1000;
		h->data_units_written[0] = (m->stats.bytes_from_host / 512 + 999) / 1000;
		rd = m->stats.io_cmds[SPDK_NVME_OPC_READ] + m->stats.io_cmds[SPDK_NVME_OPC_COMPARE];
		wr = m->stats.io_cmds[SPDK_NVME_OPC_WRITE];
		h->host_read_commands[0] = rd;
		h->host_write_commands[0] = wr;
		h->power_cycles[0] = 1;
		h->power_on_hours[0] = 1;
		h->num_error_info_log_entries[0] = m->error_count;
		break;
	}
	case SPDK_NVME_LOG_FIRMWARE_SLOT: {
		struct spdk_nvme_firmware_page *fw = (void *)page;

		page_size = sizeof(*fw);
		fw->afi.active_slot = m->fw_active_slot;
		fw->afi.next_reset_slot = m->fw_next_slot;
		for (uint32_t s = 1; s <= 7; s++) {
			if (m->fw_slot_rev[s][0] != '\0') {
				pad_string(fw->revision[s - 1], m->fw_slot_rev[s], 8);
			}
		}
		break;
	}
	case SPDK_NVME_LOG_CHANGED_NS_LIST:
		page_size = 4096;
		memcpy(page, m->changed_ns, m->nchanged_ns * sizeof(uint32_t));
		m->nchanged_ns = 0;
		break;
	default:
		set_status(st, SPDK_NVME_SCT_COMMAND_SPECIFIC, SPDK_NVME_SC_INVALID_LOG_PAGE);
		return;
	}
	if ((offset & 3) != 0 || offset >= page_size) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	/* Bytes past the end of the log read as zero. */
	out = calloc(1, len);
	if (out == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
		return;
	}
	avail = page_size - offset;
	memcpy(out, page + offset, avail < len ? avail : len);
	rc = prp_transfer(m, c, out, len, true, st);
	free(out);
	if (rc == 0 && !(cmd->cdw10 & (1u << 15))) {
		/* RAE clear: the events this page reports are cleared (§5.14). */
		for (uint32_t t = 0; t < 8; t++) {
			if ((m->aen_masked & (1u << t)) && m->aen_masked_lid[t] == lid) {
				m->aen_masked &= (uint8_t)~(1u << t);
			}
		}
		aer_deliver(m);
	}
}

/* Returns true if the command stays outstanding (no completion now). */
/* ======================================================================== */
/* Doorbell Buffer Config (§5.8): shadow doorbells and EventIdx               */
/* ======================================================================== */

/*
 * Dword index of a queue's doorbell in the shadow and EventIdx pages (laid
 * out as the doorbell registers, CAP.DSTRD included), or -1: not configured,
 * or beyond the one page.
 */
static int64_t
dbbuf_index(const struct nvme_model *m, uint16_t qid, bool is_cq)
{
	uint64_t off = (2ull * qid + (is_cq ? 1u : 0u)) * m->db_stride;

	if (m->dbbuf_shadow == NULL || off + sizeof(uint32_t) > m->page_size) {
		return -1;
	}
	return (int64_t)(off / sizeof(uint32_t));
}

/* I/O queues take their values from the page; the admin queue from MMIO. */
static int64_t
dbbuf_io_index(const struct nvme_model *m, uint16_t qid, bool is_cq)
{
	return qid == 0 ? -1 : dbbuf_index(m, qid, is_cq);
}

/* An admin doorbell written through MMIO is copied into the page, as QEMU does. */
static void
dbbuf_mirror_admin(struct nvme_model *m, bool is_cq, uint32_t val)
{
	int64_t i = dbbuf_index(m, 0, is_cq);

	if (i >= 0) {
		m->dbbuf_shadow[i] = val;
	}
}

/* SQ tail from the shadow page; false (and CFS) if the host wrote nonsense there. */
static bool
dbbuf_read_sq_tail(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	int64_t i = dbbuf_io_index(m, qid, false);
	uint32_t val, pending_new, pending_old;

	if (i < 0 || !sq->valid) {
		return true;
	}
	val = m->dbbuf_shadow[i];
	/* SQ entries are read after the tail that covers them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (val >= sq->size) {
		goto bad;
	}
	pending_new = (val + sq->size - sq->head) % sq->size;
	pending_old = (sq->tail + sq->size - sq->head) % sq->size;
	if (pending_new < pending_old) {
		goto bad;
	}
	sq->tail = val;
	return true;
bad:
	model_error(m, "SQ %u shadow tail doorbell %u invalid (size %u, head %u, tail %u)",
		    qid, val, sq->size, sq->head, sq->tail);
	set_fatal(m);
	return false;
}

static void
dbbuf_read_cq_head(struct nvme_model *m, uint16_t cqid)
{
	struct model_cq *cq = &m->cq[cqid];
	int64_t i = dbbuf_io_index(m, cqid, true);
	uint32_t val;

	if (i < 0 || !cq->valid) {
		return;
	}
	val = m->dbbuf_shadow[i];
	if (val >= cq->size || (val + cq->size - cq->head) % cq->size > cq_used(cq)) {
		model_error(m, "CQ %u shadow head doorbell %u invalid (size %u, head %u, tail %u)",
			    cqid, val, cq->size, cq->head, cq->tail);
		set_fatal(m);
		return;
	}
	cq->head = val;
}

/*
 * The SQ is drained: set its EventIdx to the tail seen (the host rings MMIO
 * only for a tail beyond it), then look at the shadow tail once more after a
 * full barrier.  True if the host added commands meanwhile.
 */
static bool
dbbuf_sq_rearm(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	int64_t i = dbbuf_io_index(m, qid, false);
	uint32_t seen = sq->tail;

	if (i < 0 || !sq->valid || sq->head != sq->tail || !controller_running(m)) {
		return false;
	}
	m->dbbuf_eventidx[i] = seen;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return dbbuf_read_sq_tail(m, qid) && sq->tail != seen;
}

/* After posting: the CQ's EventIdx is the head the model has seen. */
static void
dbbuf_publish_cq_head(struct nvme_model *m, uint16_t cqid)
{
	int64_t i = dbbuf_io_index(m, cqid, true);

	if (i >= 0 && m->cq[cqid].valid) {
		m->dbbuf_eventidx[i] = m->cq[cqid].head;
	}
}

/* DOORBELL BUFFER CONFIG (§5.8): PRP1 the shadow doorbells, PRP2 the EventIdx page. */
static void
admin_dbbuf_config(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	uint64_t dbs = c->sqe.dptr.prp.prp1;
	uint64_t eis = c->sqe.dptr.prp.prp2;
	volatile uint32_t *shadow, *eventidx;

	if (!m->opts.dbbuf) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		return;
	}
	if (c->sqe.psdt != SPDK_NVME_PSDT_PRP || dbs == 0 || eis == 0 ||
	    ((dbs | eis) & (m->page_size - 1)) != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	shadow = map_queue(m, dbs, m->page_size);
	eventidx = map_queue(m, eis, m->page_size);
	if (shadow == NULL || eventidx == NULL) {
		m->stats.dma_errors++;
		model_error(m, "DOORBELL BUFFER CONFIG: PRP1 0x%llx or PRP2 0x%llx is not a page "
			    "of DMA memory", (unsigned long long)dbs, (unsigned long long)eis);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
		return;
	}
	m->dbbuf_shadow = shadow;
	m->dbbuf_eventidx = eventidx;
	/* Queues that exist already start from their current values. */
	for (uint16_t q = 0; q <= m->max_qid; q++) {
		int64_t si = dbbuf_index(m, q, false), ci = dbbuf_index(m, q, true);

		if (si >= 0 && m->sq[q].valid) {
			shadow[si] = eventidx[si] = m->sq[q].tail;
		}
		if (ci >= 0 && m->cq[q].valid) {
			shadow[ci] = eventidx[ci] = m->cq[q].head;
		}
	}
}

static bool
exec_admin(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;

	if (cmd->fuse != SPDK_NVME_CMD_FUSE_NONE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return false;
	}
	switch (cmd->opc) {
	case SPDK_NVME_OPC_IDENTIFY:
		admin_identify(m, c, st);
		break;
	case SPDK_NVME_OPC_SET_FEATURES:
		admin_set_features(m, c, st);
		break;
	case SPDK_NVME_OPC_GET_FEATURES:
		admin_get_features(m, c, st);
		break;
	case SPDK_NVME_OPC_CREATE_IO_CQ:
		admin_create_cq(m, c, st);
		break;
	case SPDK_NVME_OPC_CREATE_IO_SQ:
		admin_create_sq(m, c, st);
		break;
	case SPDK_NVME_OPC_DELETE_IO_SQ:
		admin_delete_sq(m, c, st);
		break;
	case SPDK_NVME_OPC_DELETE_IO_CQ:
		admin_delete_cq(m, c, st);
		break;
	case SPDK_NVME_OPC_ABORT:
		admin_abort(m, c, st);
		break;
	case SPDK_NVME_OPC_ASYNC_EVENT_REQUEST:
		return admin_aer(m, c, st);
	case SPDK_NVME_OPC_KEEP_ALIVE:
		if (m->opts.kas == 0) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			m->last_keep_alive_tick = spdk_get_ticks();
		}
		break;
	case SPDK_NVME_OPC_FORMAT_NVM:
		if (!m->opts.format_nvm) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			admin_format(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_NS_MANAGEMENT:
		if (!m->opts.ns_management) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			admin_ns_management(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_NS_ATTACHMENT:
		if (!m->opts.ns_management) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			admin_ns_attachment(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD:
		if (!m->opts.fw_update) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			admin_fw_download(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_FIRMWARE_COMMIT:
		if (!m->opts.fw_update) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		} else {
			admin_fw_commit(m, c, st);
		}
		break;
	case SPDK_NVME_OPC_GET_LOG_PAGE:
		admin_get_log_page(m, c, st);
		break;
	case SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG:
		admin_dbbuf_config(m, c, st);
		break;
	default:
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
		break;
	}
	return false;
}

/* ======================================================================== */
/* NVM commands (NVM command set)                                             */
/* ======================================================================== */

/* Zero [off, off + len) of namespace memory, giving whole pages back. */
static void
ns_zero(struct model_ns *ns, uint64_t off, uint64_t len)
{
	uint64_t start, end;

	if (ns->mem == NULL || len == 0) {
		return;
	}
	start = (off + 4095) & ~4095ULL;
	end = (off + len) & ~4095ULL;
	if (len >= 65536 && start < end) {
		memset(ns->mem + off, 0, start - off);
		madvise(ns->mem + start, end - start, MADV_DONTNEED);
		memset(ns->mem + end, 0, off + len - end);
	} else {
		memset(ns->mem + off, 0, len);
	}
}

static bool
lba_range_ok(const struct model_ns *ns, uint64_t slba, uint64_t nlb)
{
	return slba < ns->num_blocks && nlb <= ns->num_blocks - slba;
}

/* Blocks made uncorrectable by Write Uncorrectable (§6.16), one bit each. */
static void
unc_mark(struct model_ns *ns, uint64_t slba, uint64_t nlb, bool on)
{
	for (uint64_t lba = slba; lba < slba + nlb; lba++) {
		if (on) {
			ns->unc[lba >> 3] |= (uint8_t)(1u << (lba & 7));
		} else {
			ns->unc[lba >> 3] &= (uint8_t)~(1u << (lba & 7));
		}
	}
}

static bool
unc_any(const struct model_ns *ns, uint64_t slba, uint64_t nlb)
{
	for (uint64_t lba = slba; lba < slba + nlb; lba++) {
		if (ns->unc[lba >> 3] & (1u << (lba & 7))) {
			return true;
		}
	}
	return false;
}

/*
 * Blocks that read back as zeroes: Write Zeroes, and a deallocate, which
 * reads as 00h (DLFEAT 001b).  Metadata is zeroed too; the blocks are
 * correctable again.
 */
static void
ns_zero_blocks(struct model_ns *ns, uint64_t slba, uint64_t nlb)
{
	ns_zero(ns, slba * ns->block_size, nlb * ns->block_size);
	if (ns->md != NULL) {
		memset(ns->md + slba * ns->ms, 0, nlb * ns->ms);
	}
	unc_mark(ns, slba, nlb, false);
}

/* Namespace blocks <-> host layout with metadata interleaved (extended LBA, §8.2). */
static void
ns_copy_extended(struct model_ns *ns, uint64_t slba, uint64_t nlb, uint8_t *buf, bool to_buf)
{
	const uint32_t bs = ns->block_size, ms = ns->ms;

	for (uint64_t i = 0; i < nlb; i++) {
		uint8_t *b = buf + i * (bs + ms);
		uint8_t *data = ns->mem + (slba + i) * bs;
		uint8_t *md = ns->md + (slba + i) * ms;

		if (to_buf) {
			memcpy(b, data, bs);
			memcpy(b + bs, md, ms);
		} else {
			memcpy(data, b, bs);
			memcpy(md, b + bs, ms);
		}
	}
}

/* Separate metadata: one contiguous buffer at MPTR (PSDT 00b/01b, §4.2). */
static int
md_transfer(struct nvme_model *m, struct model_cmd *c, uint8_t *md, uint64_t len, bool to_host,
	    struct cmd_status *st)
{
	if (dma_copy(m, c->sqe.mptr, md, len, to_host) != 0) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_DATA_TRANSFER_ERROR);
		return -1;
	}
	if (to_host) {
		m->stats.bytes_to_host += len;
	} else {
		m->stats.bytes_from_host += len;
	}
	return 0;
}

/* Compare: the host's data (and metadata) against the namespace's (§6.2). */
static void
exec_compare(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns, uint64_t slba,
	     uint64_t nlb, uint64_t len, struct cmd_status *st)
{
	uint8_t *host = malloc(len), *mine = NULL, *host_md = NULL;
	const uint64_t md_len = nlb * ns->ms;
	bool same = true;

	if (host == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
		return;
	}
	if (prp_transfer(m, c, host, len, false, st) != 0) {
		goto out;
	}
	if (ns->mem == NULL) {
		for (uint64_t i = 0; i < len && same; i++) {
			same = host[i] == 0;
		}
	} else if (ns->extended) {
		mine = malloc(len);
		if (mine == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			goto out;
		}
		ns_copy_extended(ns, slba, nlb, mine, true);
		same = memcmp(host, mine, len) == 0;
	} else {
		same = memcmp(host, ns->mem + slba * ns->block_size, len) == 0;
		if (ns->md != NULL) {
			host_md = malloc(md_len);
			if (host_md == NULL) {
				set_status(st, SPDK_NVME_SCT_GENERIC,
					   SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
				goto out;
			}
			if (md_transfer(m, c, host_md, md_len, false, st) != 0) {
				goto out;
			}
			same = same && memcmp(host_md, ns->md + slba * ns->ms, md_len) == 0;
		}
	}
	if (!same) {
		set_status(st, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_COMPARE_FAILURE);
	}
out:
	free(host);
	free(mine);
	free(host_md);
}

/* Read, Write, Compare (§6.9, §6.15, §6.2), with metadata as the format says. */
static void
exec_rw(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t slba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint64_t nlb = (uint64_t)(cmd->cdw12 & 0xffff) + 1;
	/* Interleaved metadata travels with the data and counts against MDTS. */
	uint64_t len = nlb * (ns->block_size + (ns->extended ? ns->ms : 0));
	bool separate_md = ns->ms != 0 && !ns->extended;
	uint8_t *data, *buf;

	if (len > m->max_xfer) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (!lba_range_ok(ns, slba, nlb)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
		return;
	}
	if (separate_md && (cmd->mptr & 3) != 0) {
		model_error(m, "cid %u: MPTR 0x%llx is not dword aligned", cmd->cid,
			    (unsigned long long)cmd->mptr);
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	if (cmd->opc != SPDK_NVME_OPC_WRITE && unc_any(ns, slba, nlb)) {
		set_status(st, SPDK_NVME_SCT_MEDIA_ERROR, SPDK_NVME_SC_UNRECOVERED_READ_ERROR);
		return;
	}
	if (cmd->opc == SPDK_NVME_OPC_COMPARE) {
		exec_compare(m, c, ns, slba, nlb, len, st);
		return;
	}
	data = ns->mem != NULL ? ns->mem + slba * ns->block_size : NULL;
	if (ns->extended && data != NULL) {
		buf = malloc(len);
		if (buf == NULL) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR);
			return;
		}
		if (cmd->opc == SPDK_NVME_OPC_READ) {
			ns_copy_extended(ns, slba, nlb, buf, true);
			prp_transfer(m, c, buf, len, true, st);
		} else if (prp_transfer(m, c, buf, len, false, st) == 0) {
			ns_copy_extended(ns, slba, nlb, buf, false);
		}
		free(buf);
	} else if (prp_transfer(m, c, data, len, cmd->opc == SPDK_NVME_OPC_READ, st) == 0 &&
		   separate_md && ns->md != NULL) {
		md_transfer(m, c, ns->md + slba * ns->ms, nlb * ns->ms,
			    cmd->opc == SPDK_NVME_OPC_READ, st);
	}
	if (cmd->opc == SPDK_NVME_OPC_WRITE && st->sc == SPDK_NVME_SC_SUCCESS &&
	    st->sct == SPDK_NVME_SCT_GENERIC) {
		unc_mark(ns, slba, nlb, false);
	}
}

static void
exec_dsm(struct nvme_model *m, struct model_cmd *c, struct model_ns *ns, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint32_t nr = (uint32_t)cmd->cdw10_bits.dsm.nr + 1;
	struct spdk_nvme_dsm_range ranges[SPDK_NVME_DATASET_MANAGEMENT_MAX_RANGES];
	uint32_t i;

	if (prp_transfer(m, c, ranges, (uint64_t)nr * sizeof(ranges[0]), false, st) != 0) {
		return;
	}
	if (!cmd->cdw11_bits.dsm.ad) {
		return;	/* hints only */
	}
	for (i = 0; i < nr; i++) {
		if (ranges[i].length != 0 &&
		    !lba_range_ok(ns, ranges[i].starting_lba, ranges[i].length)) {
			set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
			return;
		}
	}
	for (i = 0; i < nr; i++) {
		ns_zero_blocks(ns, ranges[i].starting_lba, ranges[i].length);
	}
}

/* Write Zeroes (§6.17) and Write Uncorrectable (§6.16): no data moves. */
static void
exec_no_data(struct model_cmd *c, struct model_ns *ns, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	uint64_t slba = (uint64_t)cmd->cdw11 << 32 | cmd->cdw10;
	uint64_t nlb = (uint64_t)(cmd->cdw12 & 0xffff) + 1;

	if (!lba_range_ok(ns, slba, nlb)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_LBA_OUT_OF_RANGE);
		return;
	}
	if (cmd->opc == SPDK_NVME_OPC_WRITE_ZEROES) {
		ns_zero_blocks(ns, slba, nlb);
	} else {
		unc_mark(ns, slba, nlb, true);
	}
}

static void
exec_io(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	struct model_ns *ns;
	uint16_t oncs = m->opts.oncs;

	/* Fused pairs are taken apart by fused_take() before they get here. */
	if (cmd->fuse != SPDK_NVME_CMD_FUSE_NONE) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		return;
	}
	switch (cmd->opc) {
	case SPDK_NVME_OPC_READ:
	case SPDK_NVME_OPC_WRITE:
	case SPDK_NVME_OPC_FLUSH:
		break;
	case SPDK_NVME_OPC_COMPARE:
		if (oncs & 0x1) {
			break;
		}
		goto invalid_opcode;
	case SPDK_NVME_OPC_WRITE_UNCORRECTABLE:
		if (oncs & 0x2) {
			break;
		}
		goto invalid_opcode;
	case SPDK_NVME_OPC_DATASET_MANAGEMENT:
		if (oncs & 0x4) {
			break;
		}
		goto invalid_opcode;
	case SPDK_NVME_OPC_WRITE_ZEROES:
		if (oncs & 0x8) {
			break;
		}
		goto invalid_opcode;
	default:
		goto invalid_opcode;
	}

	if (cmd->opc == SPDK_NVME_OPC_FLUSH && cmd->nsid == SPDK_NVME_GLOBAL_NS_TAG &&
	    m->opts.vwc) {
		return;	/* broadcast flush */
	}
	ns = active_ns(m, cmd->nsid);
	if (ns == NULL) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT);
		return;
	}

	switch (cmd->opc) {
	case SPDK_NVME_OPC_FLUSH:
		break;
	case SPDK_NVME_OPC_WRITE_ZEROES:
	case SPDK_NVME_OPC_WRITE_UNCORRECTABLE:
		exec_no_data(c, ns, st);
		break;
	case SPDK_NVME_OPC_DATASET_MANAGEMENT:
		exec_dsm(m, c, ns, st);
		break;
	default:
		exec_rw(m, c, ns, st);
		break;
	}
	return;

invalid_opcode:
	set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_OPCODE);
}

static inline bool
status_ok(const struct cmd_status *st)
{
	return st->sct == SPDK_NVME_SCT_GENERIC && st->sc == SPDK_NVME_SC_SUCCESS;
}

/*
 * Compare and write (§4.12, §6.2): the compare, then the write only if it
 * matched; a failed compare aborts the write (Failed Fused Command).  Both
 * must address the same blocks.
 */
static void
exec_fused_pair(struct nvme_model *m, struct model_cmd *first, struct model_cmd *second)
{
	struct cmd_status st1 = { 0, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS };
	struct cmd_status st2 = st1;
	const struct spdk_nvme_cmd *a = &first->sqe, *b = &second->sqe;

	if (a->opc != SPDK_NVME_OPC_COMPARE || b->opc != SPDK_NVME_OPC_WRITE ||
	    a->nsid != b->nsid || a->cdw10 != b->cdw10 || a->cdw11 != b->cdw11 ||
	    (a->cdw12 & 0xffff) != (b->cdw12 & 0xffff)) {
		set_status(&st1, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
		set_status(&st2, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD);
	} else {
		first->sqe.fuse = SPDK_NVME_CMD_FUSE_NONE;
		second->sqe.fuse = SPDK_NVME_CMD_FUSE_NONE;
		exec_io(m, first, &st1);
		if (status_ok(&st1)) {
			exec_io(m, second, &st2);
		} else {
			set_status(&st2, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_FAILED_FUSED);
		}
	}
	complete_cmd(m, first, 0, st1.sct, st1.sc, status_default_dnr(st1.sct, st1.sc));
	complete_cmd(m, second, 0, st2.sct, st2.sc, status_default_dnr(st2.sct, st2.sc));
}

/*
 * Fused operations on an I/O SQ (§4.12): a FIRST waits for the next entry of
 * its SQ; a SECOND completes the pair; a FIRST followed by anything else, or
 * a SECOND on its own, is aborted as Missing Fused Command.  True if c was
 * taken (and is completed or waiting).
 */
static bool
fused_take(struct nvme_model *m, struct model_cmd *c)
{
	struct model_sq *sq = &m->sq[c->sqid];

	if (sq->fused_pending) {
		sq->fused_pending = false;
		if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND) {
			exec_fused_pair(m, &sq->fused_first, c);
			return true;
		}
		complete_cmd(m, &sq->fused_first, 0, SPDK_NVME_SCT_GENERIC,
			     SPDK_NVME_SC_ABORTED_MISSING_FUSED, false);
	}
	if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_FIRST) {
		sq->fused_first = *c;
		sq->fused_pending = true;
		return true;
	}
	if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND) {
		complete_cmd(m, c, 0, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_MISSING_FUSED,
			     false);
		return true;
	}
	return false;
}

/* ======================================================================== */
/* Fetch and dispatch                                                         */
/* ======================================================================== */

static bool
rule_matches(const struct fault_rule *r, uint16_t sqid, uint8_t opc)
{
	if (r->remaining == 0) {
		return false;
	}
	if (r->qid == NVME_MODEL_ANY_IO_QUEUE) {
		if (sqid == 0) {
			return false;
		}
	} else if (r->qid != NVME_MODEL_ANY_QUEUE && r->qid != sqid) {
		return false;
	}
	return r->opc == NVME_MODEL_ANY_OPC || r->opc == opc;
}

static void
rules_compact(struct nvme_model *m)
{
	uint32_t i, n = 0;

	for (i = 0; i < m->nrules; i++) {
		if (m->rules[i].remaining != 0) {
			m->rules[n++] = m->rules[i];
		}
	}
	m->nrules = n;
}

static int
hold_cmd(struct nvme_model *m, const struct model_cmd *c)
{
	if (m->nheld == m->cap_held) {
		uint32_t cap = m->cap_held ? m->cap_held * 2 : 16;
		struct model_cmd *h = realloc(m->held, cap * sizeof(*h));

		if (h == NULL) {
			return -ENOMEM;
		}
		m->held = h;
		m->cap_held = cap;
	}
	m->held[m->nheld++] = *c;
	return 0;
}

/* Execute one fetched command and complete it unless it stays outstanding. */
static void
execute(struct nvme_model *m, struct model_cmd *c)
{
	struct cmd_status st = { 0, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS };
	bool outstanding;

	if (c->sqid == 0) {
		outstanding = exec_admin(m, c, &st);
	} else if (m->opts.fused_compare_write && fused_take(m, c)) {
		return;
	} else {
		exec_io(m, c, &st);
		outstanding = false;
	}
	if (!outstanding) {
		complete_cmd(m, c, st.cdw0, st.sct, st.sc, status_default_dnr(st.sct, st.sc));
	}
}

/* Fetch and execute SQ qid from its head to its tail, as long as its CQ has room. */
static void
sq_fetch(struct nvme_model *m, uint16_t qid)
{
	struct model_sq *sq = &m->sq[qid];
	struct model_cq *cq = &m->cq[sq->cqid];

	while (sq->valid && sq->head != sq->tail) {
		struct model_cmd c;
		bool held = false;
		uint32_t i;

		if (!controller_running(m)) {
			return;
		}
		if (cq_room(cq) == 0) {
			/* Never overwrite an unconsumed CQE: wait for the CQ head doorbell. */
			if (!cq->stalled) {
				m->stats.cq_full_stalls++;
			}
			cq->stalled = true;
			return;
		}
		if (m->cfs_countdown != 0 && --m->cfs_countdown == 0) {
			model_note(m, "CSTS.CFS at command fetch");
			set_fatal(m);
			return;
		}

		c.sqe = sq->base[sq->head];
		c.sqid = qid;
		c.cqe_fault = -1;
		c.cqe_fault_value = 0;
		c.rec = log_new(m, qid, &c.sqe);
		c.seq = m->seq;
		sq->head = (sq->head + 1) % sq->size;
		m->stats.cmds_fetched++;
		if (qid == 0) {
			m->stats.admin_cmds[c.sqe.opc]++;
		} else {
			m->stats.io_cmds[c.sqe.opc]++;
		}

		if (m->nrules != 0) {
			bool status_done = false, fault_set = false;
			struct fault_rule *status_rule = NULL;

			for (i = 0; i < m->nrules; i++) {
				struct fault_rule *r = &m->rules[i];

				if (!rule_matches(r, qid, c.sqe.opc)) {
					continue;
				}
				if (r->kind == RULE_BAD_CQE && !fault_set) {
					c.cqe_fault = (int)r->cqe_kind;
					c.cqe_fault_value = r->value;
					r->remaining--;
					fault_set = true;
				} else if (r->kind == RULE_HOLD && !held && !status_done) {
					held = true;
					r->remaining--;
				} else if (r->kind == RULE_STATUS && !held && !status_done) {
					status_rule = r;
					status_done = true;
					r->remaining--;
				}
			}
			rules_compact(m);
			if (held) {
				if (hold_cmd(m, &c) != 0) {
					model_error(m, "out of memory holding a command");
				}
				continue;
			}
			if (status_rule != NULL) {
				complete_cmd(m, &c, 0, status_rule->sct, status_rule->sc,
					     status_rule->dnr);
				continue;
			}
		}
		execute(m, &c);
	}
	cq->stalled = false;
}

/*
 * Process SQ qid.  With shadow doorbells, the tail (and the CQ's head) come
 * from the shadow page; once the SQ is drained the EventIdx is set to the
 * tail seen, and the shadow tail read again after a full barrier, so a tail
 * the host wrote without an MMIO doorbell (it saw the old EventIdx) is not
 * missed.
 */
static void
sq_process(struct nvme_model *m, uint16_t qid)
{
	uint16_t cqid = m->sq[qid].cqid;

	dbbuf_read_cq_head(m, cqid);
	if (!dbbuf_read_sq_tail(m, qid)) {
		return;
	}
	do {
		sq_fetch(m, qid);
	} while (dbbuf_sq_rearm(m, qid));
	dbbuf_publish_cq_head(m, cqid);
}

/* After a CQ head doorbell: post deferred completions, resume stalled SQs. */
static void
cq_resume(struct nvme_model *m, uint16_t cqid)
{
	struct model_cq *cq = &m->cq[cqid];
	uint16_t q;

	if (cq->ndeferred != 0) {
		cq_flush_deferred(m, cq);
	}
	if (!cq->stalled) {
		return;
	}
	cq->stalled = false;
	for (q = 0; q <= m->max_qid; q++) {
		if (m->sq[q].valid && m->sq[q].cqid == cqid && m->sq[q].head != m->sq[q].tail) {
			sq_process(m, q);
		}
	}
}

static void
doorbell_write(struct nvme_model *m, uint32_t offset, uint32_t val)
{
	uint32_t idx = (offset - REG_DOORBELL) / m->db_stride;
	uint16_t qid = (uint16_t)(idx / 2);
	bool is_cq = (idx & 1) != 0;

	if ((offset - REG_DOORBELL) % m->db_stride != 0 || qid > m->max_qid) {
		model_error(m, "write 0x%x to 0x%x, which is no doorbell register", val, offset);
		set_fatal(m);
		return;
	}
	kato_check(m);
	if (is_cq) {
		m->stats.cq_doorbells++;
	} else {
		m->stats.sq_doorbells++;
	}
	if (!controller_running(m)) {
		model_error(m, "%s doorbell %u written while the controller is not ready "
			    "(RDY=%u CFS=%u SHST=%u)", is_cq ? "CQ" : "SQ", qid,
			    m->csts.bits.rdy, m->csts.bits.cfs, m->csts.bits.shst);
		return;
	}

	if (is_cq) {
		struct model_cq *cq = &m->cq[qid];
		uint32_t consumed, outstanding;

		if (!cq->valid) {
			model_error(m, "CQ %u head doorbell written, but CQ %u does not exist",
				    qid, qid);
			set_fatal(m);
			return;
		}
		consumed = (val + cq->size - cq->head) % cq->size;
		outstanding = cq_used(cq);
		if (val >= cq->size || consumed > outstanding) {
			model_error(m, "CQ %u head doorbell %u invalid (size %u, head %u, tail %u)",
				    qid, val, cq->size, cq->head, cq->tail);
			set_fatal(m);
			return;
		}
		cq->head = val;
		if (qid == 0) {
			dbbuf_mirror_admin(m, true, val);
		}
		if (cq->stalled || cq->ndeferred != 0) {
			cq_resume(m, qid);
		}
	} else {
		struct model_sq *sq = &m->sq[qid];
		uint32_t pending_new, pending_old;

		if (!sq->valid) {
			model_error(m, "SQ %u tail doorbell written, but SQ %u does not exist",
				    qid, qid);
			set_fatal(m);
			return;
		}
		pending_new = (val + sq->size - sq->head) % sq->size;
		pending_old = (sq->tail + sq->size - sq->head) % sq->size;
		if (val >= sq->size || pending_new < pending_old) {
			model_error(m, "SQ %u tail doorbell %u invalid (size %u, head %u, tail %u)",
				    qid, val, sq->size, sq->head, sq->tail);
			set_fatal(m);
			return;
		}
		sq->tail = val;
		if (qid == 0) {
			dbbuf_mirror_admin(m, false, val);
		}
		if (qid == 0 || m->opts.run_io_on_doorbell) {
			sq_process(m, qid);
		}
	}
}

void
nvme_model_run(struct nvme_model *m)
{
	uint16_t q;

	if (m == NULL || !controller_running(m)) {
		return;
	}
	for (q = 0; q <= m->max_qid; q++) {
		if (m->cq[q].valid) {
			dbbuf_read_cq_head(m, q);
			if (m->cq[q].stalled || m->cq[q].ndeferred != 0) {
				cq_resume(m, q);
			}
		}
	}
	for (q = 0; q <= m->max_qid; q++) {
		if (m->sq[q].valid) {
			sq_process(m, q);
		}
	}
}

bool
nvme_model_dbbuf_configured(const struct nvme_model *m)
{
	return m->dbbuf_shadow != NULL;
}

/* ======================================================================== */
/* Register file                                                              */
/* ======================================================================== */

static uint32_t
reg_read32(struct nvme_model *m, uint32_t offset)
{
	switch (offset) {
	case REG_CAP:
		return (uint32_t)m->cap.raw;
	case REG_CAP + 4:
		return (uint32_t)(m->cap.raw >> 32);
	case REG_VS:
		return m->vs;
	case REG_INTMS:
	case REG_INTMC:
		return m->intms;
	case REG_CC:
		return m->cc.raw;
	case REG_CSTS:
		m->stats.csts_reads++;
		if (m->transition != TRANSITION_NONE) {
			poll_transition(m);
		}
		kato_check(m);
		return m->csts.raw;
	case REG_AQA:
		return m->aqa.raw;
	case REG_ASQ:
		return (uint32_t)m->asq;
	case REG_ASQ + 4:
		return (uint32_t)(m->asq >> 32);
	case REG_ACQ:
		return (uint32_t)m->acq;
	case REG_ACQ + 4:
		return (uint32_t)(m->acq >> 32);
	default:
		break;
	}
	if (offset >= REG_DOORBELL) {
		model_error(m, "read of doorbell register 0x%x", offset);
	}
	return 0;
}

static void
reg_write32(struct nvme_model *m, uint32_t offset, uint32_t val)
{
	if (offset >= REG_DOORBELL) {
		doorbell_write(m, offset, val);
		return;
	}
	m->stats.reg_writes++;
	switch (offset) {
	case REG_INTMS:
		m->intms |= val;
		break;
	case REG_INTMC:
		m->intms &= ~val;
		break;
	case REG_CC:
		cc_write(m, val);
		break;
	case REG_CSTS:
		if (val & (1u << 4)) {
			m->csts.bits.nssro = 0;	/* RW1C */
		}
		break;
	case REG_NSSR:
		break;	/* CAP.NSSRS = 0 */
	case REG_AQA:
	case REG_ASQ:
	case REG_ASQ + 4:
	case REG_ACQ:
	case REG_ACQ + 4:
		if (m->cc.bits.en) {
			model_error(m, "admin queue register 0x%x written while CC.EN=1", offset);
		}
		if (offset == REG_AQA) {
			m->aqa.raw = val & 0x0fff0fff;
		} else if (offset == REG_ASQ) {
			m->asq = (m->asq & ~0xffffffffULL) | val;
		} else if (offset == REG_ASQ + 4) {
			m->asq = (m->asq & 0xffffffffULL) | (uint64_t)val << 32;
		} else if (offset == REG_ACQ) {
			m->acq = (m->acq & ~0xffffffffULL) | val;
		} else {
			m->acq = (m->acq & 0xffffffffULL) | (uint64_t)val << 32;
		}
		break;
	case REG_CAP:
	case REG_CAP + 4:
	case REG_VS:
		model_error(m, "write 0x%x to read-only register 0x%x", val, offset);
		break;
	default:
		break;
	}
}

uint32_t
nvme_mmio_hook_read32(const volatile uint32_t *addr)
{
	uint32_t off;
	struct nvme_model *m = model_lookup(addr, &off);

	if (m == NULL) {
		return 0xffffffffu;
	}
	m->stats.reg_reads++;
	if (m->removed) {
		return 0xffffffffu;
	}
	if ((off & 3) != 0) {
		model_error(m, "unaligned 32-bit read at 0x%x", off);
		return 0xffffffffu;
	}
	return reg_read32(m, off);
}

uint64_t
nvme_mmio_hook_read64(const volatile uint64_t *addr)
{
	uint32_t off;
	struct nvme_model *m = model_lookup(addr, &off);
	uint32_t lo, hi;

	if (m == NULL) {
		return UINT64_MAX;
	}
	m->stats.reg_reads++;
	if (m->removed) {
		return UINT64_MAX;
	}
	if ((off & 7) != 0 || off >= REG_DOORBELL) {
		model_error(m, "bad 64-bit read at 0x%x", off);
		return UINT64_MAX;
	}
	lo = reg_read32(m, off);
	hi = reg_read32(m, off + 4);
	return (uint64_t)hi << 32 | lo;
}

void
nvme_mmio_hook_write32(volatile uint32_t *addr, uint32_t val)
{
	uint32_t off;
	struct nvme_model *m = model_lookup(addr, &off);

	if (m == NULL || m->removed) {
		return;
	}
	if ((off & 3) != 0) {
		model_error(m, "unaligned 32-bit write at 0x%x", off);
		return;
	}
	reg_write32(m, off, val);
}

void
nvme_mmio_hook_write64(volatile uint64_t *addr, uint64_t val)
{
	uint32_t off;
	struct nvme_model *m = model_lookup(addr, &off);

	if (m == NULL || m->removed) {
		return;
	}
	if ((off & 7) != 0 || (off != REG_ASQ && off != REG_ACQ)) {
		model_error(m, "64-bit write 0x%llx at 0x%x: only ASQ and ACQ are 64-bit "
			    "writable", (unsigned long long)val, off);
		return;
	}
	reg_write32(m, off, (uint32_t)val);
	reg_write32(m, off + 4, (uint32_t)(val >> 32));
	m->stats.reg_writes--;	/* one access */
}

/* ======================================================================== */
/* Events                                                                     */
/* ======================================================================== */

void
nvme_model_post_async_event(struct nvme_model *m, uint8_t type, uint8_t info, uint8_t log_page)
{
	union spdk_nvme_async_event_completion ev;

	ev.raw = 0;
	ev.bits.async_event_type = type & 0x7;
	ev.bits.async_event_info = info;
	ev.bits.log_page_identifier = log_page;
	if (m->npending_events == m->cap_pending_events) {
		uint32_t cap = m->cap_pending_events ? m->cap_pending_events * 2 : 8;
		uint32_t *p = realloc(m->pending_events, cap * sizeof(*p));

		if (p == NULL) {
			model_error(m, "out of memory queueing an async event");
			return;
		}
		m->pending_events = p;
		m->cap_pending_events = cap;
	}
	m->pending_events[m->npending_events++] = ev.raw;
	if (controller_running(m)) {
		aer_deliver(m);
	}
}

int
nvme_model_set_ns_active(struct nvme_model *m, uint32_t nsid, bool active)
{
	uint32_t i;

	if (nsid == 0 || nsid > m->opts.nn || nsid > NVME_MODEL_MAX_NS) {
		return -EINVAL;
	}
	if (active && m->ns[nsid - 1].num_blocks == 0) {
		return -EINVAL;
	}
	m->ns[nsid - 1].active = active;
	for (i = 0; i < m->nchanged_ns && m->changed_ns[i] != nsid; i++) {
	}
	if (i == m->nchanged_ns && m->nchanged_ns < 1024) {
		m->changed_ns[m->nchanged_ns++] = nsid;
	}
	nvme_model_post_async_event(m, SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE,
				    SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED,
				    SPDK_NVME_LOG_CHANGED_NS_LIST);
	return 0;
}

/* ======================================================================== */
/* Fault injection                                                            */
/* ======================================================================== */

void
nvme_model_inject_enable_delay(struct nvme_model *m, enum nvme_model_ready_mode mode, uint32_t n)
{
	m->enable_delay.mode = mode;
	m->enable_delay.n = n;
}

void
nvme_model_inject_disable_delay(struct nvme_model *m, enum nvme_model_ready_mode mode, uint32_t n)
{
	m->disable_delay.mode = mode;
	m->disable_delay.n = n;
}

void
nvme_model_inject_shutdown_delay(struct nvme_model *m, enum nvme_model_ready_mode mode,
				 uint32_t n)
{
	m->shutdown_delay.mode = mode;
	m->shutdown_delay.n = n;
}

void
nvme_model_inject_cfs_on_enable(struct nvme_model *m, bool on)
{
	m->cfs_on_enable = on;
}

void
nvme_model_inject_cfs_at_cmd(struct nvme_model *m, uint32_t n)
{
	m->cfs_countdown = n;
}

void
nvme_model_set_cfs(struct nvme_model *m)
{
	set_fatal(m);
}

static int
add_rule(struct nvme_model *m, const struct fault_rule *r)
{
	if (m->nrules == MODEL_MAX_RULES) {
		return -ENOSPC;
	}
	if (r->remaining == 0) {
		return 0;
	}
	m->rules[m->nrules++] = *r;
	return 0;
}

int
nvme_model_inject_status(struct nvme_model *m, int qid, int opc, uint8_t sct, uint8_t sc,
			 bool dnr, uint32_t count)
{
	struct fault_rule r = {
		.kind = RULE_STATUS, .qid = qid, .opc = opc, .remaining = count,
		.sct = sct, .sc = sc, .dnr = dnr,
	};

	return add_rule(m, &r);
}

int
nvme_model_inject_hold(struct nvme_model *m, int qid, int opc, uint32_t count)
{
	struct fault_rule r = {
		.kind = RULE_HOLD, .qid = qid, .opc = opc, .remaining = count,
	};

	return add_rule(m, &r);
}

int
nvme_model_inject_bad_cqe(struct nvme_model *m, int qid, int opc, enum nvme_model_cqe_fault kind,
			  uint16_t value, uint32_t count)
{
	struct fault_rule r = {
		.kind = RULE_BAD_CQE, .qid = qid, .opc = opc, .remaining = count,
		.cqe_kind = kind, .value = value,
	};

	return add_rule(m, &r);
}

uint32_t
nvme_model_release_held(struct nvme_model *m)
{
	uint32_t n = 0;

	while (m->nheld > 0 && controller_running(m)) {
		struct model_cmd c = m->held[0];

		memmove(&m->held[0], &m->held[1], (m->nheld - 1) * sizeof(*m->held));
		m->nheld--;
		if (!m->sq[c.sqid].valid) {
			continue;
		}
		execute(m, &c);
		n++;
	}
	return n;
}

uint32_t
nvme_model_held_count(const struct nvme_model *m)
{
	return m->nheld;
}

void
nvme_model_surprise_remove(struct nvme_model *m)
{
	m->removed = true;
	mock_pci_set_removed(m->pci_dev, true);
}

void
nvme_model_clear_faults(struct nvme_model *m)
{
	static const struct delay_cfg normal = { NVME_MODEL_READY_NORMAL, 0 };

	m->enable_delay = normal;
	m->disable_delay = normal;
	m->shutdown_delay = normal;
	m->cfs_on_enable = false;
	m->cfs_countdown = 0;
	m->nrules = 0;
}

/* ======================================================================== */
/* Inspection                                                                 */
/* ======================================================================== */

struct spdk_pci_device *
nvme_model_pci_device(struct nvme_model *m)
{
	return m->pci_dev;
}

struct spdk_pci_addr
nvme_model_pci_addr(const struct nvme_model *m)
{
	return m->pci_addr;
}

const char *
nvme_model_bdf(const struct nvme_model *m)
{
	return m->bdf;
}

volatile void *
nvme_model_bar0(struct nvme_model *m)
{
	return m->bar;
}

uint64_t
nvme_model_reg(const struct nvme_model *m, uint32_t offset)
{
	switch (offset) {
	case REG_CAP:
		return m->cap.raw;
	case REG_VS:
		return m->vs;
	case REG_INTMS:
	case REG_INTMC:
		return m->intms;
	case REG_CC:
		return m->cc.raw;
	case REG_CSTS:
		return m->csts.raw;
	case REG_AQA:
		return m->aqa.raw;
	case REG_ASQ:
		return m->asq;
	case REG_ACQ:
		return m->acq;
	default:
		return 0;
	}
}

void *
nvme_model_ns_md(struct nvme_model *m, uint32_t nsid, uint64_t *size)
{
	if (nsid == 0 || nsid > NVME_MODEL_MAX_NS || m->ns[nsid - 1].md == NULL) {
		if (size != NULL) {
			*size = 0;
		}
		return NULL;
	}
	if (size != NULL) {
		*size = m->ns[nsid - 1].md_size;
	}
	return m->ns[nsid - 1].md;
}

void *
nvme_model_ns_mem(struct nvme_model *m, uint32_t nsid, uint64_t *size)
{
	if (nsid == 0 || nsid > NVME_MODEL_MAX_NS || m->ns[nsid - 1].mem == NULL) {
		if (size != NULL) {
			*size = 0;
		}
		return NULL;
	}
	if (size != NULL) {
		*size = m->ns[nsid - 1].mem_size;
	}
	return m->ns[nsid - 1].mem;
}

bool
nvme_model_sq_exists(const struct nvme_model *m, uint16_t qid)
{
	return qid <= m->max_qid && m->sq[qid].valid;
}

bool
nvme_model_cq_exists(const struct nvme_model *m, uint16_t qid)
{
	return qid <= m->max_qid && m->cq[qid].valid;
}

uint32_t
nvme_model_sq_head(const struct nvme_model *m, uint16_t qid)
{
	return nvme_model_sq_exists(m, qid) ? m->sq[qid].head : 0;
}

uint32_t
nvme_model_cq_tail(const struct nvme_model *m, uint16_t qid)
{
	return nvme_model_cq_exists(m, qid) ? m->cq[qid].tail : 0;
}

uint32_t
nvme_model_outstanding_aers(const struct nvme_model *m)
{
	return m->naers;
}

uint32_t
nvme_model_feature(const struct nvme_model *m, uint8_t fid)
{
	return m->features[fid];
}

bool
nvme_model_num_queues_set(const struct nvme_model *m)
{
	return m->num_queues_set;
}

const struct nvme_model_stats *
nvme_model_get_stats(const struct nvme_model *m)
{
	return &m->stats;
}

void
nvme_model_reset_stats(struct nvme_model *m)
{
	memset(&m->stats, 0, sizeof(m->stats));
}

const char *
nvme_model_last_error(const struct nvme_model *m)
{
	return m->last_error;
}

/* ======================================================================== */
/* Create / destroy                                                           */
/* ======================================================================== */

void
nvme_model_opts_default(struct nvme_model_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->vendor_id = 0x1b36;
	o->device_id = 0x0010;
	o->subvendor_id = 0x1af4;
	o->subdevice_id = 0x1100;
	o->class_id = 0x010802;
	o->mqes = 1023;
	o->to = 15;
	o->dstrd = 0;
	o->mpsmin = 0;
	o->mpsmax = 4;
	o->vs = SPDK_NVME_VERSION(1, 4, 0);
	o->mdts = 5;
	o->max_io_queues = 4;
	/* serial empty: filled per model at creation */
	snprintf(o->model_number, sizeof(o->model_number), "ealnvme model controller");
	snprintf(o->firmware, sizeof(o->firmware), "1.0");
	o->oncs = 0x000d;	/* compare, DSM, write zeroes */
	o->vwc = true;
	o->aerl = 3;
	o->acl = 3;
	o->elpe = 63;
	o->kas = 0;
	o->temperature = 311;
	o->nn = 1;
	o->ns[0].active = true;
	o->ns[0].num_blocks = 8192;
	o->ns[0].block_size = 512;
	o->record_commands = true;
	o->dbbuf = true;
	o->run_io_on_doorbell = true;
}

static void
free_model(struct nvme_model *m)
{
	uint32_t i;

	if (m->sq != NULL && m->cq != NULL) {
		controller_reset(m);
	}
	for (i = 0; i < NVME_MODEL_MAX_NS; i++) {
		if (m->ns[i].mem != NULL) {
			munmap(m->ns[i].mem, m->ns[i].mem_size);
		}
		if (m->ns[i].md != NULL) {
			munmap(m->ns[i].md, m->ns[i].md_size);
		}
		free(m->ns[i].unc);
	}
	if (m->bar != NULL) {
		munmap(m->bar, m->bar_size);
	}
	free(m->sq);
	free(m->cq);
	free(m->aers);
	free(m->pending_events);
	free(m->held);
	free(m->fw_image);
	free(m->log);
	free(m->errlog);
	free(m->segs);
	free(m->list_buf);
	free(m);
}

struct nvme_model *
nvme_model_create(const struct nvme_model_opts *opts)
{
	struct nvme_model_opts defaults;
	struct mock_pci_device_desc desc;
	struct nvme_model *m;
	unsigned int idx, i;
	uint64_t doorbell_end, page_max;

	if (opts == NULL) {
		nvme_model_opts_default(&defaults);
		opts = &defaults;
	}
	if (opts->nn > NVME_MODEL_MAX_NS || opts->max_io_queues == 0 || opts->mqes < 1 ||
	    opts->mpsmin > opts->mpsmax || opts->mpsmax > 15 || opts->dstrd > 15) {
		fprintf(stderr, "nvme_model: bad options\n");
		return NULL;
	}
	for (idx = 0; idx < NVME_MODEL_MAX_MODELS && g_models[idx] != NULL; idx++) {
	}
	if (idx == NVME_MODEL_MAX_MODELS) {
		fprintf(stderr, "nvme_model: too many models\n");
		return NULL;
	}

	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		return NULL;
	}
	m->opts = *opts;
	m->index = idx;
	m->verbose = getenv("EALNVME_MODEL_VERBOSE") != NULL;
	if (m->opts.serial[0] == '\0') {
		snprintf(m->opts.serial, sizeof(m->opts.serial), "EALNVME%04u", idx);
	}

	/* PCI address. */
	if (opts->bdf != NULL) {
		if (spdk_pci_addr_parse(&m->pci_addr, opts->bdf) != 0) {
			fprintf(stderr, "nvme_model: bad bdf '%s'\n", opts->bdf);
			free(m);
			return NULL;
		}
	} else {
		m->pci_addr.domain = 0;
		m->pci_addr.bus = (uint8_t)((4 + idx) / 32);
		m->pci_addr.dev = (uint8_t)((4 + idx) % 32);
		m->pci_addr.func = 0;
	}
	spdk_pci_addr_fmt(m->bdf, sizeof(m->bdf), &m->pci_addr);

	/* Registers. */
	m->cap.raw = 0;
	m->cap.bits.mqes = opts->mqes;
	m->cap.bits.cqr = 1;
	m->cap.bits.ams = 0;
	m->cap.bits.to = opts->to;
	m->cap.bits.dstrd = opts->dstrd;
	m->cap.bits.nssrs = 0;
	m->cap.bits.css = SPDK_NVME_CAP_CSS_NVM;
	m->cap.bits.mpsmin = opts->mpsmin;
	m->cap.bits.mpsmax = opts->mpsmax;
	m->vs = opts->vs;
	m->db_stride = 4u << opts->dstrd;
	m->max_qid = opts->max_io_queues;
	m->page_size = 4096u << opts->mpsmin;
	m->max_xfer = opts->mdts == 0 || opts->mdts + 12 + opts->mpsmin >= 32 ?
		      UINT32_MAX : (1u << opts->mdts) * (4096u << opts->mpsmin);

	/* BAR0: registers + doorbells, never readable or writable directly. */
	doorbell_end = REG_DOORBELL + (uint64_t)(m->max_qid + 1) * 2 * m->db_stride;
	m->bar_size = doorbell_end > MODEL_BAR_MIN_SIZE ? doorbell_end : MODEL_BAR_MIN_SIZE;
	m->bar_size = (m->bar_size + 4095) & ~(size_t)4095;
	m->bar = mmap(NULL, m->bar_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m->bar == MAP_FAILED) {
		m->bar = NULL;
		goto fail;
	}

	m->sq = calloc((size_t)m->max_qid + 1, sizeof(*m->sq));
	m->cq = calloc((size_t)m->max_qid + 1, sizeof(*m->cq));
	m->aers = calloc((size_t)opts->aerl + 1, sizeof(*m->aers));
	m->errlog = calloc((size_t)opts->elpe + 1, sizeof(*m->errlog));
	page_max = 4096ULL << opts->mpsmax;
	m->list_buf = malloc(page_max);
	if (m->sq == NULL || m->cq == NULL || m->aers == NULL || m->errlog == NULL ||
	    m->list_buf == NULL) {
		goto fail;
	}
	if (opts->record_commands) {
		m->log = calloc(NVME_MODEL_CMD_LOG_SIZE, sizeof(*m->log));
		if (m->log == NULL) {
			goto fail;
		}
	}

	/* Namespaces. */
	for (i = 0; i < opts->nn; i++) {
		struct model_ns *ns = &m->ns[i];

		ns->active = opts->ns[i].active;
		ns->num_blocks = opts->ns[i].num_blocks;
		ns->block_size = opts->ns[i].block_size ? opts->ns[i].block_size : 512;
		if (ns->block_size != 512 && ns->block_size != 4096) {
			fprintf(stderr, "nvme_model: block size %u not supported\n", ns->block_size);
			goto fail;
		}
		if (ns->active && ns->num_blocks == 0) {
			fprintf(stderr, "nvme_model: active namespace %u has no blocks\n", i + 1);
			goto fail;
		}
		ns->ms = opts->ns[i].ms;
		ns->extended = opts->ns[i].extended && ns->ms != 0;
		if (ns->ms != 0 && ns->ms != 8 && ns->ms != 16) {
			fprintf(stderr, "nvme_model: metadata size %u not supported\n", ns->ms);
			goto fail;
		}
		ns->unc = calloc((ns->num_blocks + 7) / 8 + 1, 1);
		if (ns->unc == NULL) {
			goto fail;
		}
		if (!opts->null_data && ns->num_blocks != 0 && ns->ms != 0) {
			ns->md_size = ns->num_blocks * ns->ms;
			ns->md = mmap(NULL, ns->md_size, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
			if (ns->md == MAP_FAILED) {
				ns->md = NULL;
				goto fail;
			}
		}
		if (!opts->null_data && ns->num_blocks != 0) {
			ns->mem_size = ns->num_blocks * ns->block_size;
			ns->mem = mmap(NULL, ns->mem_size, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
			if (ns->mem == MAP_FAILED) {
				ns->mem = NULL;
				goto fail;
			}
		}
	}

	m->temperature = opts->temperature ? opts->temperature : 311;
	m->temp_over = 343;	/* WCTEMP */
	m->fw_active_slot = 1;
	snprintf(m->fw_rev, sizeof(m->fw_rev), "%.8s", opts->firmware);
	memcpy(m->fw_slot_rev[1], m->fw_rev, sizeof(m->fw_rev));
	controller_reset(m);
	if (opts->start_enabled) {
		m->cc.bits.en = 1;
		m->cc.bits.iosqes = 6;
		m->cc.bits.iocqes = 4;
		m->csts.bits.rdy = 1;
		/* enabled stays false: no admin queue, nothing is processed. */
	}

	memset(&desc, 0, sizeof(desc));
	desc.addr = m->pci_addr;
	desc.id.class_id = opts->class_id;
	desc.id.vendor_id = opts->vendor_id;
	desc.id.device_id = opts->device_id;
	desc.id.subvendor_id = opts->subvendor_id;
	desc.id.subdevice_id = opts->subdevice_id;
	desc.bar0 = m->bar;
	desc.bar0_size = m->bar_size;
	desc.bar0_phys = 0xfe000000ULL + ((uint64_t)idx << 20);
	desc.socket_id = 0;
	m->pci_dev = mock_pci_add_device(&desc);
	if (m->pci_dev == NULL) {
		goto fail;
	}
	g_models[idx] = m;
	return m;

fail:
	fprintf(stderr, "nvme_model: cannot create model %u\n", idx);
	free_model(m);
	return NULL;
}

int
nvme_model_destroy(struct nvme_model *m)
{
	if (m == NULL) {
		return 0;
	}
	if (mock_pci_device_is_attached(m->pci_dev)) {
		return -EBUSY;
	}
	mock_pci_remove_device(m->pci_dev);
	g_models[m->index] = NULL;
	if (g_last_model == m) {
		g_last_model = NULL;
	}
	free_model(m);
	return 0;
}

/* ======================================================================== */
/* Thermal and firmware inspection                                            */
/* ======================================================================== */

void
nvme_model_set_temperature(struct nvme_model *m, uint16_t kelvin)
{
	m->temperature = kelvin;
	model_temp_check(m);
}

const char *
nvme_model_firmware_revision(const struct nvme_model *m)
{
	return m->fw_rev;
}

uint8_t
nvme_model_masked_event_types(const struct nvme_model *m)
{
	return m->aen_masked;
}
