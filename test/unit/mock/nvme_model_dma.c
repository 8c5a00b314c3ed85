/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: data transfer.  PRP (§4.3) and SGL (§4.4) resolution
 * into data segments, DMA through mock_env_iova_to_vaddr(), and the command
 * log that records each command with the segments and lists it used.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nvme_model_internal.h"
#include "mock_env.h"

/* ======================================================================== */
/* DMA through the mock environment                                         */
/* ======================================================================== */

/* Copy between host memory at iova and buf, in IOVA-contiguous chunks. */
int
model_dma_copy(struct nvme_model *m, uint64_t iova, void *buf, uint64_t len, bool to_host)
{
	uint8_t *p = buf;

	while (len > 0) {
		uint64_t n = len;
		/* The controller's own memory (CMB/PMR) first, as a device does. */
		void *va = model_mem_dma(m, iova, &n);

		if (va == NULL) {
			n = len;
			va = mock_env_iova_to_vaddr(iova, &n);
		}

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
void *
model_map_queue(struct nvme_model *m, uint64_t iova, uint64_t len)
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
/* Command log                                                              */
/* ======================================================================== */

struct nvme_model_cmd_record *
model_log_new(struct nvme_model *m, uint16_t sqid, const struct spdk_nvme_cmd *sqe)
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
/* Data transfer: PRPs (§4.3) and SGLs (§4.4)                               */
/* ======================================================================== */

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
		if (model_dma_copy(m, list, m->list_buf, nread * 8, false) != 0) {
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
		if (model_dma_copy(m, d.address, list, (uint64_t)n * 16, false) != 0) {
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
int
model_prp_transfer(struct nvme_model *m, struct model_cmd *c, void *buf, uint64_t len, bool to_host,
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
		if (model_dma_copy(m, m->segs[i].iova, p, m->segs[i].len, to_host) != 0) {
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
