/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * In-process NVMe 1.4 controller model; see nvme_model.h for what it does and
 * nvme_model_internal.h for how it is split into files.  This file: the
 * registry of models (BAR address -> model), error reporting, creation and
 * destruction, default options, and the inspection getters and counters.
 * Section numbers (§x.y) refer to the NVMe Base Specification 1.4.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "nvme_model_internal.h"
#include "mock_env.h"

#define MODEL_BAR_MIN_SIZE	0x4000

/* ======================================================================== */
/* Registry and errors                                                      */
/* ======================================================================== */

static struct nvme_model *g_models[NVME_MODEL_MAX_MODELS];
static struct nvme_model *g_last_model;
static uint64_t g_stray_mmio;

void
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
void
model_note(struct nvme_model *m, const char *what)
{
	snprintf(m->last_error, sizeof(m->last_error), "injected: %s", what);
	if (m->verbose) {
		fprintf(stderr, "nvme_model %s: %s\n", m->bdf, m->last_error);
	}
}

struct nvme_model *
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
/* Helpers                                                                  */
/* ======================================================================== */

uint64_t
model_ms_to_ticks(uint64_t ms)
{
	return ms * spdk_get_ticks_hz() / 1000;
}

/* ======================================================================== */
/* Inspection                                                               */
/* ======================================================================== */

bool
nvme_model_dbbuf_configured(const struct nvme_model *m)
{
	return m->dbbuf_shadow != NULL;
}

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

/* ======================================================================== */
/* Create / destroy                                                         */
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
	o->zone_append = true;
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
		model_controller_reset(m);
	}
	for (i = 0; i < NVME_MODEL_MAX_NS; i++) {
		if (m->ns[i].mem != NULL) {
			munmap(m->ns[i].mem, m->ns[i].mem_size);
		}
		if (m->ns[i].md != NULL) {
			munmap(m->ns[i].md, m->ns[i].md_size);
		}
		free(m->ns[i].unc);
		free(m->ns[i].zones);
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
	model_mem_destroy(m);
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
	m->cap.bits.ams = opts->wrr ? SPDK_NVME_CAP_AMS_WRR : 0;
	m->cap.bits.to = opts->to;
	m->cap.bits.dstrd = opts->dstrd;
	m->cap.bits.nssrs = opts->nssrs;
	m->cap.bits.css = SPDK_NVME_CAP_CSS_NVM | (opts->iocs ? SPDK_NVME_CAP_CSS_IOCS : 0);
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
		if (ns->block_size != 512 && ns->block_size != 4096 && ns->block_size != 65536) {
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
		if (ns->unc == NULL || model_zns_ns_init(ns, &opts->ns[i]) != 0) {
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
	m->disc_genctr = 1;
	m->disc_changes_left = opts->disc_genctr_changes;
	snprintf(m->fw_rev, sizeof(m->fw_rev), "%.8s", opts->firmware);
	memcpy(m->fw_slot_rev[1], m->fw_rev, sizeof(m->fw_rev));
	model_controller_reset(m);
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
	if (model_mem_create(m) != 0) {
		fprintf(stderr, "nvme_model: bad CMB/PMR/boot partition options\n");
		mock_pci_remove_device(m->pci_dev);
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
