/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shadow doorbells: DOORBELL BUFFER CONFIG (NVMe 1.4 §5.8, admin opcode
 * 7Ch, supported when Identify Controller OACS bit 8 is set).  The host
 * gives the controller two memory pages laid out like the doorbell
 * registers: the shadow doorbells, where the host writes every SQ tail and
 * CQ head, and the EventIdx page, where the controller says up to which
 * value it will look at the shadow page by itself.  The host writes the MMIO
 * doorbell only when a new value passes the EventIdx (the hot-path check is
 * nvme_pcie_dbbuf_update() in nvme_pcie_internal.h).  Emulated controllers
 * (QEMU) trap every MMIO write, so this saves a VM exit per batch.
 *
 * The command is sent during controller init, after IDENTIFY and before any
 * I/O queue exists; a controller reset forgets it, and init sends it again.
 * I/O queues use the pages when they are created.  The admin queue keeps
 * its shadow entries up to date too (the spec applies the pages to every
 * queue, and a controller may read them) but always rings the MMIO doorbell
 * as well: admin commands are rare, and controllers differ in whether they
 * watch the admin queue's shadow entries (QEMU copies the MMIO value into
 * them; Linux and SPDK never use them).
 */
#include <errno.h>
#include <string.h>

#include "nvme_pcie_internal.h"

/* The shadow doorbell (and EventIdx) of a queue: same offsets as the registers. */
static int64_t
nvme_pcie_dbbuf_index(const struct nvme_pcie_ctrlr *pctrlr, uint16_t qid, bool is_cq)
{
	uint64_t off = (2ull * qid + (is_cq ? 1u : 0u)) * pctrlr->doorbell_stride;

	if (off + sizeof(uint32_t) > pctrlr->ctrlr.page_size) {
		return -1;	/* beyond the one page: this queue rings MMIO only */
	}
	return (int64_t)(off / sizeof(uint32_t));
}

static void
nvme_pcie_qpair_dbbuf_clear(struct nvme_pcie_qpair *pqpair)
{
	pqpair->sq_shadow = NULL;
	pqpair->cq_shadow = NULL;
	pqpair->sq_eventidx = NULL;
	pqpair->cq_eventidx = NULL;
}

void
nvme_pcie_qpair_dbbuf_attach(struct nvme_pcie_qpair *pqpair)
{
	struct spdk_nvme_ctrlr *ctrlr = pqpair->qpair.ctrlr;
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);
	uint16_t qid = pqpair->qpair.id;
	int64_t si, ci;

	nvme_pcie_qpair_dbbuf_clear(pqpair);
	if (!pctrlr->dbbuf.enabled) {
		return;
	}
	si = nvme_pcie_dbbuf_index(pctrlr, qid, false);
	ci = nvme_pcie_dbbuf_index(pctrlr, qid, true);
	if (si < 0 || ci < 0) {
		EALNVME_INFOLOG("%s: qpair %u lies beyond the shadow doorbell page: MMIO doorbells",
				nvme_ctrlr_name(ctrlr), qid);
		return;
	}
	/* The ring's current values (0 for a new I/O queue), not what a previous
	 * queue with this ID left there. */
	pctrlr->dbbuf.shadow[si] = pqpair->sq_tail;
	pctrlr->dbbuf.shadow[ci] = pqpair->cq_head;
	if (qid != 0) {
		/* Not created yet: the controller has no EventIdx for it. */
		pctrlr->dbbuf.eventidx[si] = 0;
		pctrlr->dbbuf.eventidx[ci] = 0;
	}
	pqpair->sq_shadow = &pctrlr->dbbuf.shadow[si];
	pqpair->cq_shadow = &pctrlr->dbbuf.shadow[ci];
	pqpair->sq_eventidx = &pctrlr->dbbuf.eventidx[si];
	pqpair->cq_eventidx = &pctrlr->dbbuf.eventidx[ci];
	pqpair->shadow_and_mmio = qid == 0;
}

void
nvme_pcie_ctrlr_dbbuf_forget(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);

	/* CC.EN=0 made the controller forget the pages (§7.3.2). */
	pctrlr->dbbuf.enabled = false;
	if (ctrlr->adminq != NULL) {
		nvme_pcie_qpair_dbbuf_clear(nvme_pcie_qpair(ctrlr->adminq));
	}
}

void
nvme_pcie_ctrlr_dbbuf_free(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);

	nvme_pcie_ctrlr_dbbuf_forget(ctrlr);
	spdk_free((void *)pctrlr->dbbuf.shadow);
	spdk_free((void *)pctrlr->dbbuf.eventidx);
	pctrlr->dbbuf.shadow = NULL;
	pctrlr->dbbuf.eventidx = NULL;
}

static uint32_t *
nvme_pcie_dbbuf_page(struct spdk_nvme_ctrlr *ctrlr, uint64_t *iova)
{
	uint32_t *page = spdk_zmalloc(ctrlr->page_size, ctrlr->page_size, NULL,
				      SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	if (page == NULL) {
		EALNVME_ERRLOG("%s: cannot allocate a page of DMA memory for shadow doorbells",
			       nvme_ctrlr_name(ctrlr));
		return NULL;
	}
	*iova = spdk_vtophys(page, NULL);
	return page;
}

int
nvme_pcie_ctrlr_config_dbbuf(struct spdk_nvme_ctrlr *ctrlr)
{
	struct nvme_pcie_ctrlr *pctrlr = nvme_pcie_ctrlr(ctrlr);
	struct nvme_pcie_dbbuf *db = &pctrlr->dbbuf;
	struct spdk_nvme_cmd cmd = { 0 };
	struct spdk_nvme_cpl cpl = { 0 };
	int rc;

	nvme_pcie_ctrlr_dbbuf_forget(ctrlr);
	if (ctrlr->opts.disable_shadow_doorbells) {
		EALNVME_INFOLOG("%s: shadow doorbells disabled by the application: MMIO doorbells",
				nvme_ctrlr_name(ctrlr));
		return 0;
	}
	if (!ctrlr->cdata->oacs.dbcs) {
		return 0;
	}
	/* Kept across resets; allocated at the first init. */
	if (db->shadow == NULL) {
		db->shadow = nvme_pcie_dbbuf_page(ctrlr, &db->shadow_iova);
		db->eventidx = nvme_pcie_dbbuf_page(ctrlr, &db->eventidx_iova);
		if (db->shadow == NULL || db->eventidx == NULL ||
		    db->shadow_iova == SPDK_VTOPHYS_ERROR || db->eventidx_iova == SPDK_VTOPHYS_ERROR) {
			nvme_pcie_ctrlr_dbbuf_free(ctrlr);
			return -ENOMEM;
		}
	}
	/* Values of a previous controller life mean nothing to this one. */
	memset((void *)db->shadow, 0, ctrlr->page_size);
	memset((void *)db->eventidx, 0, ctrlr->page_size);
	cmd.opc = SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG;
	cmd.psdt = SPDK_NVME_PSDT_PRP;
	cmd.dptr.prp.prp1 = db->shadow_iova;
	cmd.dptr.prp.prp2 = db->eventidx_iova;
	rc = nvme_ctrlr_cmd_sync(ctrlr, &cmd, NULL, 0, &cpl);
	if (rc == -EIO && spdk_nvme_cpl_is_error(&cpl)) {
		/* The controller said no: an optional feature, carry on without it. */
		EALNVME_WARNLOG("%s: controller refused DOORBELL BUFFER CONFIG although OACS "
				"advertises it; using MMIO doorbells", nvme_ctrlr_name(ctrlr));
		return 0;
	}
	if (rc != 0) {
		return rc;	/* no answer at all: the controller is in trouble */
	}
	db->enabled = true;
	nvme_pcie_qpair_dbbuf_attach(nvme_pcie_qpair(ctrlr->adminq));
	EALNVME_INFOLOG("%s: shadow doorbells on", nvme_ctrlr_name(ctrlr));
	return 0;
}
