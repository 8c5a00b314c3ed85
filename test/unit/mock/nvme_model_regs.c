/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: the register file and the controller state machine.
 * The nvme_mmio_hook_* entry points (lib/nvme/pcie/nvme_pcie_mmio.h) land
 * here; CC.EN and CC.SHN drive enable, reset and shutdown (§7.3, §7.6) with
 * their injectable CSTS delays; doorbell writes go on to
 * nvme_model_queues.c.
 */
#include <string.h>

#include "nvme_model_internal.h"

/* The hooks are defined here whatever the including build says. */
#ifndef EALNVME_MMIO_HOOKS
#define EALNVME_MMIO_HOOKS
#endif
#include "nvme_pcie_mmio.h"

/* ======================================================================== */
/* Controller state                                                         */
/* ======================================================================== */

/* Controller reset (§7.3.2): everything the host set up is gone. */
void
model_controller_reset(struct nvme_model *m)
{
	uint16_t q;

	for (q = 0; q <= m->max_qid; q++) {
		model_drop_queue(m, q, false);
	}
	for (q = 0; q <= m->max_qid; q++) {
		model_drop_queue(m, q, true);
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
	model_default_features(m);
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
		if (spdk_get_ticks() - m->transition_start_tick >=
		    model_ms_to_ticks(m->transition_n)) {
			finish_transition(m);
		}
		break;
	}
}

void
model_set_fatal(struct nvme_model *m)
{
	m->csts.bits.cfs = 1;
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
	} else if (cc.bits.css != SPDK_NVME_CC_CSS_NVM &&
		   !(cc.bits.css == SPDK_NVME_CC_CSS_IOCS && m->opts.iocs)) {
		why = "CC.CSS is not a command set CAP.CSS offers";
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
	} else if ((sq_va = model_map_queue(m, m->asq, (uint64_t)asqs * SQE_SIZE)) == NULL) {
		why = "ASQ is not the IOVA of DMA memory";
	} else if ((cq_va = model_map_queue(m, m->acq, (uint64_t)acqs * CQE_SIZE)) == NULL) {
		why = "ACQ is not the IOVA of DMA memory";
	}
	if (why == NULL && m->cfs_on_enable) {
		model_note(m, "CSTS.CFS on enable");
		model_set_fatal(m);
		return;
	}
	if (why != NULL) {
		model_error(m, "enable failed: %s", why);
		model_set_fatal(m);
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
	} else if (old.bits.en && !new.bits.en && m->ignore_disable) {
		/* A hung controller: queues, held commands and RDY stay, DMA goes on. */
		model_note(m, "CC.EN=0 ignored (injected)");
	} else if (old.bits.en && !new.bits.en) {
		model_disable(m);
	}
}

/* CC.EN 1 -> 0 (§7.3.2): a controller reset, CSTS.RDY=0 after the injected delay. */
void
model_disable(struct nvme_model *m)
{
	m->stats.resets++;
	model_controller_reset(m);
	start_transition(m, TRANSITION_DISABLE, &m->disable_delay);
	if (m->disable_delay.mode == NVME_MODEL_READY_NORMAL) {
		finish_transition(m);
	}
}

/* ======================================================================== */
/* Register file                                                            */
/* ======================================================================== */

static uint32_t
reg_read32(struct nvme_model *m, uint32_t offset)
{
	uint32_t val;

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
		model_kato_check(m);
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
	if (model_mem_reg_read(m, offset, &val)) {
		return val;
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
		model_doorbell_write(m, offset, val);
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
		/* §3.1.6: only "NVMe" starts an NVM subsystem reset, and only with CAP.NSSRS. */
		if (m->cap.bits.nssrs && val == SPDK_NVME_NSSR_VALUE) {
			m->stats.subsystem_resets++;
			model_controller_reset(m);
			m->cc.raw = 0;
			m->transition = TRANSITION_NONE;
			m->csts.bits.rdy = 0;
			m->csts.bits.nssro = 1;
		}
		break;
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
		model_mem_reg_write(m, offset, val);
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
	/* 64-bit registers: ASQ, ACQ, BPMBL (48h), CMBMSC (50h). */
	if ((off & 7) != 0 || (off != REG_ASQ && off != REG_ACQ && off != 0x48 && off != 0x50)) {
		model_error(m, "64-bit write 0x%llx at 0x%x: only ASQ, ACQ, BPMBL and CMBMSC "
			    "are 64-bit writable", (unsigned long long)val, off);
		return;
	}
	reg_write32(m, off, (uint32_t)val);
	reg_write32(m, off + 4, (uint32_t)(val >> 32));
	m->stats.reg_writes--;	/* one access */
}
