/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Software error injection on a qpair (spdk_nvme_qpair_add_cmd_error_injection):
 * the next N commands with one opcode complete with a chosen status, either
 * without reaching the controller (held until their timeout, completed from
 * the poll) or after it ran them (their status replaced).  Armed, it sets
 * NVME_QPAIR_ERR_INJECTION in general_only, so the read/write fast path
 * steps aside and every command meets nvme_qpair_err_inject() in
 * nvme_qpair_submit_request().  Nothing here runs while nothing is armed.
 */
#include <errno.h>
#include <stdlib.h>

#include "nvme_internal.h"

struct nvme_error_cmd {
	uint8_t				opc;
	bool				do_not_submit;
	uint64_t			timeout_ticks;
	uint32_t			err_count;
	struct spdk_nvme_status		status;
	TAILQ_ENTRY(nvme_error_cmd)	link;
};

/* A submitted command whose status is replaced when it completes. */
struct nvme_err_wrap {
	spdk_nvme_cmd_cb		cb_fn;
	void				*cb_arg;
	struct spdk_nvme_status		status;
};

void
nvme_qpair_update_deadline_work(struct spdk_nvme_qpair *qpair)
{
	qpair->deadline_work = qpair->timeout_ticks | (uint64_t)!STAILQ_EMPTY(&qpair->err_held);
}

static void
nvme_qpair_err_update_flag(struct spdk_nvme_qpair *qpair)
{
	if (TAILQ_EMPTY(&qpair->err_cmds)) {
		qpair->general_only &= (uint8_t)~NVME_QPAIR_ERR_INJECTION;
	} else {
		qpair->general_only |= NVME_QPAIR_ERR_INJECTION;
	}
}

static struct spdk_nvme_qpair *
nvme_err_target(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair, const char *what)
{
	if (ctrlr == NULL || (qpair != NULL && qpair->ctrlr != ctrlr)) {
		EALNVME_ERRLOG("%s: NULL controller, or a qpair of another controller", what);
		return NULL;
	}
	return qpair != NULL ? qpair : ctrlr->adminq;
}

int
spdk_nvme_qpair_add_cmd_error_injection(struct spdk_nvme_ctrlr *ctrlr,
					struct spdk_nvme_qpair *qpair, uint8_t opc,
					bool do_not_submit, uint64_t timeout_in_us,
					uint32_t err_count, uint8_t sct, uint8_t sc)
{
	struct spdk_nvme_qpair *q = nvme_err_target(ctrlr, qpair, "add_cmd_error_injection");
	struct nvme_error_cmd *e;

	if (q == NULL) {
		return -EINVAL;
	}
	if (q == ctrlr->adminq) {
		pthread_mutex_lock(&ctrlr->ctrlr_lock);
	}
	TAILQ_FOREACH(e, &q->err_cmds, link) {
		if (e->opc == opc) {
			break;
		}
	}
	if (e == NULL) {
		e = calloc(1, sizeof(*e));
		if (e == NULL) {
			EALNVME_ERRLOG("add_cmd_error_injection: out of memory");
			if (q == ctrlr->adminq) {
				pthread_mutex_unlock(&ctrlr->ctrlr_lock);
			}
			return -ENOMEM;
		}
		e->opc = opc;
		TAILQ_INSERT_TAIL(&q->err_cmds, e, link);
	}
	e->do_not_submit = do_not_submit;
	e->timeout_ticks = timeout_in_us * spdk_get_ticks_hz() / 1000000u;
	e->err_count = err_count;
	e->status = (struct spdk_nvme_status){ .sct = sct & 0x7, .sc = sc };
	nvme_qpair_err_update_flag(q);
	if (q == ctrlr->adminq) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	}
	return 0;
}

void
spdk_nvme_qpair_remove_cmd_error_injection(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_qpair *qpair, uint8_t opc)
{
	struct spdk_nvme_qpair *q = nvme_err_target(ctrlr, qpair, "remove_cmd_error_injection");
	struct nvme_error_cmd *e;

	if (q == NULL) {
		return;
	}
	if (q == ctrlr->adminq) {
		pthread_mutex_lock(&ctrlr->ctrlr_lock);
	}
	TAILQ_FOREACH(e, &q->err_cmds, link) {
		if (e->opc == opc) {
			break;
		}
	}
	if (e != NULL) {	/* one entry per opcode (add updates it) */
		TAILQ_REMOVE(&q->err_cmds, e, link);
		free(e);
	}
	nvme_qpair_err_update_flag(q);
	if (q == ctrlr->adminq) {
		pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	}
}

static void
nvme_err_wrap_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct nvme_err_wrap w = *(struct nvme_err_wrap *)arg;
	struct spdk_nvme_cpl c = *cpl;

	free(arg);
	c.status.sct = w.status.sct;
	c.status.sc = w.status.sc;
	c.status.dnr = 1;
	if (w.cb_fn != NULL) {
		w.cb_fn(w.cb_arg, &c);
	}
}

int
nvme_qpair_err_inject(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	struct nvme_error_cmd *e;
	struct nvme_err_wrap *w;

	/* Children of a split complete through their parent: not injected. */
	if (req->parent != NULL) {
		return 0;
	}
	TAILQ_FOREACH(e, &qpair->err_cmds, link) {
		if (e->opc == req->cmd.opc && e->err_count > 0) {
			break;
		}
	}
	if (e == NULL) {
		return 0;
	}
	if (e->do_not_submit) {
		e->err_count--;
		req->inject.status = e->status;
		req->inject.deadline = spdk_get_ticks() + e->timeout_ticks;
		STAILQ_INSERT_TAIL(&qpair->err_held, req, stailq);
		nvme_qpair_update_deadline_work(qpair);
		return 1;
	}
	w = malloc(sizeof(*w));
	if (w == NULL) {
		EALNVME_WARNLOG("error injection: out of memory; command %u sent uninjected",
				req->cmd.opc);
		return 0;
	}
	e->err_count--;
	*w = (struct nvme_err_wrap){ .cb_fn = req->cb_fn, .cb_arg = req->cb_arg,
		.status = e->status };
	req->cb_fn = nvme_err_wrap_done;
	req->cb_arg = w;
	return 0;
}

/* From the poll (nvme_qpair_check_deadlines): complete held commands whose time came. */
void
nvme_qpair_err_complete_held(struct spdk_nvme_qpair *qpair, bool all)
{
	struct nvme_request_list due = STAILQ_HEAD_INITIALIZER(due);
	struct nvme_request *req;
	uint64_t now = spdk_get_ticks();

	/* Held in submission order with one timeout per opcode: take the due ones. */
	while ((req = STAILQ_FIRST(&qpair->err_held)) != NULL && (all || req->inject.deadline <= now)) {
		STAILQ_REMOVE_HEAD(&qpair->err_held, stailq);
		STAILQ_INSERT_TAIL(&due, req, stailq);
	}
	nvme_qpair_update_deadline_work(qpair);
	while ((req = STAILQ_FIRST(&due)) != NULL) {
		struct spdk_nvme_cpl cpl = { .sqid = qpair->id };

		STAILQ_REMOVE_HEAD(&due, stailq);
		cpl.status = req->inject.status;
		cpl.status.dnr = 1;
		if (all) {
			cpl.status.sct = SPDK_NVME_SCT_GENERIC;
			cpl.status.sc = SPDK_NVME_SC_ABORTED_SQ_DELETION;
		}
		nvme_qpair_complete_request(qpair, req, &cpl);
	}
}

/* The qpair goes away: held commands complete as aborted, entries are freed. */
void
nvme_qpair_err_destroy(struct spdk_nvme_qpair *qpair)
{
	struct nvme_error_cmd *e;

	if (qpair->err_cmds.tqh_last == NULL) {
		return;		/* never initialised */
	}
	nvme_qpair_err_complete_held(qpair, true);
	while ((e = TAILQ_FIRST(&qpair->err_cmds)) != NULL) {
		TAILQ_REMOVE(&qpair->err_cmds, e, link);
		free(e);
	}
	qpair->general_only &= (uint8_t)~NVME_QPAIR_ERR_INJECTION;
}
