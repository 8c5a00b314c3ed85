/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: fault injection for the tests.  Ready/shutdown delays,
 * CSTS.CFS, the status/hold/bad-CQE rules matched at command fetch, held
 * (lost) commands, surprise removal, and the data hook that lets a test
 * return its own identify data and log pages.  Forged CQEs are in
 * nvme_model_queues.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"
#include "mock_env.h"

/* ======================================================================== */
/* Rules matched at command fetch                                           */
/* ======================================================================== */

bool
model_rule_matches(const struct fault_rule *r, uint16_t sqid, uint8_t opc)
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

void
model_rules_compact(struct nvme_model *m)
{
	uint32_t i, n = 0;

	for (i = 0; i < m->nrules; i++) {
		if (m->rules[i].remaining != 0) {
			m->rules[n++] = m->rules[i];
		}
	}
	m->nrules = n;
}

int
model_hold_cmd(struct nvme_model *m, const struct model_cmd *c)
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

/* ======================================================================== */
/* Fault injection                                                          */
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
nvme_model_inject_ignore_disable(struct nvme_model *m, bool on)
{
	/* Coming back, the device acts on the CC.EN=0 it ignored. */
	if (!on && m->ignore_disable && !m->cc.bits.en && m->enabled) {
		m->ignore_disable = false;
		model_disable(m);
	}
	m->ignore_disable = on;
}

void
nvme_model_inject_cfs_at_cmd(struct nvme_model *m, uint32_t n)
{
	m->cfs_countdown = n;
}

void
nvme_model_set_cfs(struct nvme_model *m)
{
	model_set_fatal(m);
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
		model_execute(m, &c);
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
nvme_model_set_data_hook(struct nvme_model *m, nvme_model_data_hook_fn fn, void *ctx)
{
	m->data_hook = fn;
	m->data_hook_ctx = ctx;
}

void
model_apply_data_hook(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, void *data,
		      size_t len, struct cmd_status *st)
{
	if (m->data_hook != NULL && m->data_hook(m->data_hook_ctx, cmd, data, len)) {
		set_status(st, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_SUCCESS);
	}
}

void
nvme_model_surprise_remove(struct nvme_model *m)
{
	m->removed = true;
	mock_pci_set_removed(m->pci_dev, true);
}

void
nvme_model_surprise_remove_unreported(struct nvme_model *m)
{
	m->removed = true;
}

void
nvme_model_clear_faults(struct nvme_model *m)
{
	static const struct delay_cfg normal = { NVME_MODEL_READY_NORMAL, 0 };

	m->enable_delay = normal;
	m->disable_delay = normal;
	m->shutdown_delay = normal;
	m->cfs_on_enable = false;
	m->ignore_disable = false;
	m->cfs_countdown = 0;
	m->nrules = 0;
}
