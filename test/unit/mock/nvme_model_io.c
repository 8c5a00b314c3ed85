/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller model: NVM command set I/O commands (§6): Read, Write, Flush,
 * Compare, Write Zeroes, Write Uncorrectable, Dataset Management, fused
 * Compare and Write (§4.12), separate and extended metadata.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "nvme_model_internal.h"

/* ======================================================================== */
/* NVM commands (NVM command set)                                           */
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
int
model_md_transfer(struct nvme_model *m, struct model_cmd *c, uint8_t *md, uint64_t len, bool to_host,
	    struct cmd_status *st)
{
	if (model_dma_copy(m, c->sqe.mptr, md, len, to_host) != 0) {
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
	if (model_prp_transfer(m, c, host, len, false, st) != 0) {
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
			if (model_md_transfer(m, c, host_md, md_len, false, st) != 0) {
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
			model_prp_transfer(m, c, buf, len, true, st);
		} else if (model_prp_transfer(m, c, buf, len, false, st) == 0) {
			ns_copy_extended(ns, slba, nlb, buf, false);
		}
		free(buf);
	} else if (model_prp_transfer(m, c, data, len, cmd->opc == SPDK_NVME_OPC_READ, st) == 0 &&
		   separate_md && ns->md != NULL) {
		model_md_transfer(m, c, ns->md + slba * ns->ms, nlb * ns->ms,
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

	if (model_prp_transfer(m, c, ranges, (uint64_t)nr * sizeof(ranges[0]), false, st) != 0) {
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

void
model_exec_io(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st)
{
	const struct spdk_nvme_cmd *cmd = &c->sqe;
	struct model_ns *ns;
	uint16_t oncs = m->opts.oncs;

	/* Fused pairs are taken apart by model_fused_take() before they get here. */
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
		if (model_exec_io_more(m, c, st)) {
			return;
		}
		goto invalid_opcode;
	}

	if (cmd->opc == SPDK_NVME_OPC_FLUSH && cmd->nsid == SPDK_NVME_GLOBAL_NS_TAG &&
	    m->opts.vwc) {
		return;	/* broadcast flush */
	}
	ns = model_active_ns(m, cmd->nsid);
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
		if (cmd->opc == SPDK_NVME_OPC_WRITE && ns->zones != NULL &&
		    !model_zone_write(ns, (uint64_t)cmd->cdw11 << 32 | cmd->cdw10,
				      (cmd->cdw12 & 0xffff) + 1u, st)) {
			break;
		}
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
		model_exec_io(m, first, &st1);
		if (status_ok(&st1)) {
			model_exec_io(m, second, &st2);
		} else {
			set_status(&st2, SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_ABORTED_FAILED_FUSED);
		}
	}
	model_complete_cmd(m, first, 0, st1.sct, st1.sc,
			   model_status_default_dnr(st1.sct, st1.sc));
	model_complete_cmd(m, second, 0, st2.sct, st2.sc,
			   model_status_default_dnr(st2.sct, st2.sc));
}

/*
 * Fused operations on an I/O SQ (§4.12): a FIRST waits for the next entry of
 * its SQ; a SECOND completes the pair; a FIRST followed by anything else, or
 * a SECOND on its own, is aborted as Missing Fused Command.  True if c was
 * taken (and is completed or waiting).
 */
bool
model_fused_take(struct nvme_model *m, struct model_cmd *c)
{
	struct model_sq *sq = &m->sq[c->sqid];

	if (sq->fused_pending) {
		sq->fused_pending = false;
		if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND) {
			exec_fused_pair(m, &sq->fused_first, c);
			return true;
		}
		model_complete_cmd(m, &sq->fused_first, 0, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_ABORTED_MISSING_FUSED, false);
	}
	if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_FIRST) {
		sq->fused_first = *c;
		sq->fused_pending = true;
		return true;
	}
	if (c->sqe.fuse == SPDK_NVME_CMD_FUSE_SECOND) {
		model_complete_cmd(m, c, 0, SPDK_NVME_SCT_GENERIC,
				   SPDK_NVME_SC_ABORTED_MISSING_FUSED, false);
		return true;
	}
	return false;
}
