/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Poll groups: qpairs polled together by one thread, as SPDK's API has them.
 * A qpair joins while disconnected (allocated create_only, or after
 * spdk_nvme_ctrlr_disconnect_io_qpair), is connected afterwards, and leaves
 * when it is disconnected again or freed.  Each round tells the application
 * about every disconnected or failed qpair (disconnected_qpair_cb), which
 * then reconnects or frees it.  Only the PCIe transport is built, so a group
 * has one transport part; its statistics are counted here, per poll of a
 * qpair, and never on the qpair's own I/O path.  Interrupt mode is not
 * supported: ealnvme polls.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_internal.h"

struct spdk_nvme_poll_group {
	void				*ctx;
	struct spdk_nvme_accel_fn_table	accel_fn_table;
	TAILQ_HEAD(, spdk_nvme_qpair)	qpairs;
	uint32_t			num_qpairs;
	bool				in_process_completions;
	/* A PCIe qpair was added once: the group reports PCIe statistics. */
	bool				has_pcie;
	struct spdk_nvme_pcie_stat	pcie_stat;
};

/* The fields of the caller's table that fit in its table_size (ABI growth). */
static void
nvme_poll_group_copy_table(struct spdk_nvme_accel_fn_table *dst,
			   const struct spdk_nvme_accel_fn_table *src)
{
#define NVME_ACCEL_FIELD(f) \
	if (offsetof(struct spdk_nvme_accel_fn_table, f) + sizeof(src->f) <= src->table_size) { \
		dst->f = src->f; \
	}
	NVME_ACCEL_FIELD(finish_sequence)
	NVME_ACCEL_FIELD(reverse_sequence)
	NVME_ACCEL_FIELD(abort_sequence)
	NVME_ACCEL_FIELD(append_crc32c)
	NVME_ACCEL_FIELD(append_copy)
#undef NVME_ACCEL_FIELD
	dst->table_size = src->table_size;
}

struct spdk_nvme_poll_group *
spdk_nvme_poll_group_create(void *ctx, struct spdk_nvme_accel_fn_table *table)
{
	struct spdk_nvme_poll_group *group = calloc(1, sizeof(*group));
	const struct spdk_nvme_accel_fn_table *t;
	unsigned int seq_fns;

	if (group == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_create: out of memory");
		return NULL;
	}
	group->accel_fn_table.table_size = sizeof(group->accel_fn_table);
	if (table != NULL && table->table_size != 0) {
		nvme_poll_group_copy_table(&group->accel_fn_table, table);
	}
	t = &group->accel_fn_table;
	/* As SPDK: the sequence callbacks come all together or not at all,
	 * and the append callbacks need them. */
	seq_fns = (t->finish_sequence != NULL) + (t->reverse_sequence != NULL) +
		  (t->abort_sequence != NULL);
	if ((seq_fns != 0 && seq_fns != 3) ||
	    ((t->append_crc32c != NULL || t->append_copy != NULL) && seq_fns == 0)) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_create: invalid accel_fn_table: give all "
			       "three sequence callbacks or none, and them with any append one");
		free(group);
		return NULL;
	}
	group->ctx = ctx;
	TAILQ_INIT(&group->qpairs);
	return group;
}

int
spdk_nvme_poll_group_add(struct spdk_nvme_poll_group *group, struct spdk_nvme_qpair *qpair)
{
	if (group == NULL || qpair == NULL || qpair->id == 0) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_add: needs a group and an I/O qpair");
		return -EINVAL;
	}
	if (qpair->state != NVME_QPAIR_DISCONNECTED || qpair->poll_group != NULL) {
		EALNVME_ERRLOG("%s: qpair %u cannot join a poll group: %s",
			       nvme_ctrlr_name(qpair->ctrlr), qpair->id,
			       qpair->poll_group != NULL ? "it is in one already" :
			       "it is connected (allocate it with create_only, or disconnect it)");
		return -EINVAL;
	}
	if (qpair->transport->type != SPDK_NVME_TRANSPORT_PCIE) {
		return -ENODEV;
	}
	qpair->poll_group = group;
	TAILQ_INSERT_TAIL(&group->qpairs, qpair, poll_group_link);
	group->num_qpairs++;
	group->has_pcie = true;
	return 0;
}

static void
nvme_poll_group_unlink(struct spdk_nvme_poll_group *group, struct spdk_nvme_qpair *qpair)
{
	TAILQ_REMOVE(&group->qpairs, qpair, poll_group_link);
	group->num_qpairs--;
	qpair->poll_group = NULL;
}

int
spdk_nvme_poll_group_remove(struct spdk_nvme_poll_group *group, struct spdk_nvme_qpair *qpair)
{
	if (group == NULL || qpair == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_remove: NULL %s", group ? "qpair" : "group");
		return -EINVAL;
	}
	if (qpair->state != NVME_QPAIR_DISCONNECTED) {
		EALNVME_ERRLOG("%s: qpair %u is connected; disconnect it before removing it from "
			       "its poll group", nvme_ctrlr_name(qpair->ctrlr), qpair->id);
		return -EINVAL;
	}
	if (qpair->poll_group != group) {
		EALNVME_ERRLOG("%s: qpair %u is not in this poll group",
			       nvme_ctrlr_name(qpair->ctrlr), qpair->id);
		return -ENOENT;
	}
	nvme_poll_group_unlink(group, qpair);
	return 0;
}

void
nvme_poll_group_drop_qpair(struct spdk_nvme_qpair *qpair)
{
	if (qpair->poll_group != NULL) {
		nvme_poll_group_unlink(qpair->poll_group, qpair);
	}
}

int64_t
spdk_nvme_poll_group_process_completions(struct spdk_nvme_poll_group *group,
		uint32_t completions_per_qpair, spdk_nvme_disconnected_qpair_cb disconnected_qpair_cb)
{
	struct spdk_nvme_qpair *qpair, *tmp;
	int64_t total = 0;

	if (group == NULL || disconnected_qpair_cb == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_process_completions: needs a group and a "
			       "disconnected_qpair_cb (it reconnects or frees the qpair)");
		return -EINVAL;
	}
	if (group->in_process_completions) {
		return 0;	/* from one of its own callbacks */
	}
	group->in_process_completions = true;
	/* The callback may free its qpair: the _SAFE walks allow that. */
	TAILQ_FOREACH_SAFE(qpair, &group->qpairs, poll_group_link, tmp) {
		if (qpair->state == NVME_QPAIR_DISCONNECTED) {
			disconnected_qpair_cb(qpair, group->ctx);
		}
	}
	TAILQ_FOREACH_SAFE(qpair, &group->qpairs, poll_group_link, tmp) {
		int32_t n;

		if (qpair->state == NVME_QPAIR_DISCONNECTED) {
			continue;
		}
		n = spdk_nvme_qpair_process_completions(qpair, completions_per_qpair);
		group->pcie_stat.polls++;
		if (n < 0) {
			/* Failed (controller failed or removed): the application decides. */
			disconnected_qpair_cb(qpair, group->ctx);
			total = -ENXIO;
			continue;
		}
		group->pcie_stat.idle_polls += n == 0;
		group->pcie_stat.completions += (uint64_t)n;
		if (total >= 0) {
			total += n;
		}
	}
	group->in_process_completions = false;
	return total;
}

int
spdk_nvme_poll_group_all_connected(struct spdk_nvme_poll_group *group)
{
	struct spdk_nvme_qpair *qpair;

	if (group == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_all_connected: NULL group");
		return -EINVAL;
	}
	/* Connects are synchronous here: nothing is ever still connecting. */
	TAILQ_FOREACH(qpair, &group->qpairs, poll_group_link) {
		if (qpair->state != NVME_QPAIR_ENABLED && qpair->state != NVME_QPAIR_RESETTING) {
			return -EIO;
		}
	}
	return 0;
}

void *
spdk_nvme_poll_group_get_ctx(struct spdk_nvme_poll_group *group)
{
	return group == NULL ? NULL : group->ctx;
}

int
spdk_nvme_poll_group_get_stats(struct spdk_nvme_poll_group *group,
			       struct spdk_nvme_poll_group_stat **stats)
{
	struct spdk_nvme_poll_group_stat *result;
	struct spdk_nvme_transport_poll_group_stat *tstat;

	if (group == NULL || stats == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_get_stats: NULL %s", group ? "stats" : "group");
		return -EINVAL;
	}
	if (!group->has_pcie) {
		EALNVME_INFOLOG("poll group statistics: no qpair was ever added, no transport "
				"to report");
		return -ENOTSUP;
	}
	result = calloc(1, sizeof(*result));
	tstat = calloc(1, sizeof(*tstat));
	if (result != NULL) {
		result->transport_stat = calloc(1, sizeof(*result->transport_stat));
	}
	if (result == NULL || tstat == NULL || result->transport_stat == NULL) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_get_stats: out of memory");
		if (result != NULL) {
			free(result->transport_stat);
		}
		free(result);
		free(tstat);
		return -ENOMEM;
	}
	tstat->trtype = SPDK_NVME_TRANSPORT_PCIE;
	tstat->pcie = group->pcie_stat;
	result->transport_stat[0] = tstat;
	result->num_transports = 1;
	*stats = result;
	return 0;
}

void
spdk_nvme_poll_group_free_stats(struct spdk_nvme_poll_group *group,
				struct spdk_nvme_poll_group_stat *stat)
{
	(void)group;
	if (stat == NULL) {
		return;
	}
	for (uint32_t i = 0; i < stat->num_transports; i++) {
		free(stat->transport_stat[i]);
	}
	free(stat->transport_stat);
	free(stat);
}

int
spdk_nvme_poll_group_destroy(struct spdk_nvme_poll_group *group)
{
	if (group == NULL) {
		return -EINVAL;
	}
	if (group->num_qpairs != 0) {
		EALNVME_ERRLOG("spdk_nvme_poll_group_destroy: %u qpair(s) still in the group; "
			       "remove or free them first", group->num_qpairs);
		return -EBUSY;
	}
	free(group);
	return 0;
}

int
spdk_nvme_poll_group_wait(struct spdk_nvme_poll_group *group,
			  spdk_nvme_disconnected_qpair_cb disconnected_qpair_cb)
{
	(void)group;
	(void)disconnected_qpair_cb;
	EALNVME_ERRLOG("spdk_nvme_poll_group_wait: ealnvme has no interrupt mode; call "
		       "spdk_nvme_poll_group_process_completions() in a loop");
	return -ENOTSUP;
}

struct spdk_fd_group *
spdk_nvme_poll_group_get_fd_group(struct spdk_nvme_poll_group *group)
{
	(void)group;
	EALNVME_ERRLOG("spdk_nvme_poll_group_get_fd_group: ealnvme has no interrupt mode; "
		       "no fd group (NULL)");
	return NULL;
}

int
spdk_nvme_poll_group_set_interrupt_callback(struct spdk_nvme_poll_group *group,
		spdk_nvme_poll_group_interrupt_cb cb_fn, void *cb_ctx)
{
	(void)group;
	(void)cb_fn;
	(void)cb_ctx;
	EALNVME_ERRLOG("spdk_nvme_poll_group_set_interrupt_callback: ealnvme has no interrupt "
		       "mode; poll the group instead");
	return -ENOTSUP;
}
