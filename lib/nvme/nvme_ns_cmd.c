/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVM command set I/O (NVMe 1.4 §6): argument checks against the namespace
 * and controller, command building, and splitting of I/O larger than one
 * command may carry into children that complete their parent once.
 *
 * One command carries at most sectors_per_max_io blocks of data (MDTS), and
 * at most 65536 blocks for the commands without data (NLB is a 16-bit 0's
 * based count, §6.9.1): Write Zeroes and Write Uncorrectable of more blocks
 * are split like reads and writes.  Fused commands are never split.
 */
#include <errno.h>

#include "nvme_internal.h"
#include "nvme_ns_cmd.h"

void
nvme_ns_io_fill(struct nvme_request *req, const struct nvme_ns_io *io, uint32_t nsid,
		uint32_t first, uint32_t n)
{
	struct spdk_nvme_cmd *cmd = &req->cmd;
	uint64_t lba = io->lba + first;

	cmd->opc = io->opc;
	cmd->fuse = io->io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK;
	cmd->nsid = nsid;
	cmd->cdw10 = (uint32_t)lba;
	cmd->cdw11 = (uint32_t)(lba >> 32);
	/* NLB is 0's based; FUA, LR and PRINFO sit in the upper bits (§6.9.1, §6.15). */
	cmd->cdw12 = (n - 1) | (io->io_flags & SPDK_NVME_IO_FLAGS_CDW12_MASK) | io->cdw12_extra;
	cmd->cdw13 = io->cdw13;
	/* Type 1/2 protection: the initial reference tag is the block's LBA (§8.3). */
	cmd->cdw14 = io->reftag_from_lba ? (uint32_t)lba : 0;
	cmd->cdw15 = io->cdw15;
	if (io->md_bytes != 0) {
		cmd->mptr = io->md_iova + (uint64_t)first * io->md_bytes;
	}
	if (io->payload_type == NVME_PAYLOAD_SGL) {
		req->payload_type = NVME_PAYLOAD_SGL;
		req->sgl.reset_sgl_fn = io->reset_sgl_fn;
		req->sgl.next_sge_fn = io->next_sge_fn;
		req->sgl.cb_arg = io->cb_arg;
		req->sgl.offset = first * io->block_bytes;
		req->sgl.size = n * io->block_bytes;
		if (io->iov != NULL) {
			/* Each request walks the iovec with its own position. */
			req->iov_it = (struct nvme_iov_iter){ .iov = io->iov, .iovcnt = io->iovcnt };
			req->sgl.cb_arg = &req->iov_it;
		}
	}
}

static struct nvme_request *
nvme_ns_io_alloc(struct spdk_nvme_qpair *qpair, const struct nvme_ns_io *io, uint32_t first,
		 uint32_t n, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	void *payload = NULL;
	uint32_t size = 0;

	if (io->payload_type == NVME_PAYLOAD_CONTIG && io->block_bytes != 0) {
		payload = (char *)io->payload + (uint64_t)first * io->block_bytes;
		size = n * io->block_bytes;
	}
	return nvme_allocate_request(qpair, payload, size, cb_fn, cb_arg);
}

void
nvme_free_request_list(struct nvme_request_list *list)
{
	struct nvme_request *req;

	while ((req = STAILQ_FIRST(list)) != NULL) {
		STAILQ_REMOVE_HEAD(list, stailq);
		nvme_free_request(req);
	}
}

/*
 * Queue io as one command, or as children of at most io->max_blocks blocks
 * each.  All requests are taken before any is submitted, so -ENOMEM leaves
 * nothing behind.
 */
int
nvme_ns_io_submit(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		  const struct nvme_ns_io *io)
{
	struct nvme_request *parent, *child;
	struct nvme_request_list children = STAILQ_HEAD_INITIALIZER(children);
	uint32_t per_io = io->max_blocks, nchildren;
	int rc;

	if (nvme_unlikely(io->payload_type == NVME_PAYLOAD_SGL) &&
	    qpair->transport->split_sges != 0) {
		/* a transport with few data elements per command (NVMe/TCP) */
		rc = nvme_ns_io_submit_sges(ns, qpair, io, qpair->transport->split_sges);
		if (rc <= 0) {
			return rc;
		}
	}
	if (nvme_likely(io->lba_count <= per_io)) {
		struct nvme_request *req = nvme_ns_io_alloc(qpair, io, 0, io->lba_count,
					   io->cb_fn, io->cb_arg);

		if (nvme_unlikely(req == NULL)) {
			return -ENOMEM;
		}
		nvme_ns_io_fill(req, io, ns->id, 0, io->lba_count);
		rc = nvme_qpair_submit_request(qpair, req);
		if (nvme_unlikely(rc != 0)) {
			nvme_free_request(req);
			return rc;
		}
		if ((io->io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK) == SPDK_NVME_IO_FLAGS_FUSE_FIRST) {
			qpair->general_only |= NVME_QPAIR_FUSED_FIRST_PENDING;
		} else {
			qpair->general_only &= (uint8_t)~NVME_QPAIR_FUSED_FIRST_PENDING;
		}
		return 0;
	}
	if (io->io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK) {
		EALNVME_ERRLOG("%s: ns %u: fused command of %u blocks exceeds the %u blocks one "
			       "command carries; fused commands are never split",
			       nvme_ctrlr_name(ns->ctrlr), ns->id, io->lba_count, per_io);
		return -EINVAL;
	}
	nchildren = (io->lba_count + per_io - 1) / per_io;
	if (nchildren > UINT16_MAX) {
		EALNVME_ERRLOG("%s: ns %u: I/O of %u blocks needs %u commands; at most %u",
			       nvme_ctrlr_name(ns->ctrlr), ns->id, io->lba_count, nchildren,
			       UINT16_MAX);
		return -EINVAL;
	}
	parent = nvme_allocate_request(qpair, NULL, 0, io->cb_fn, io->cb_arg);
	if (parent == NULL) {
		return -ENOMEM;
	}
	parent->parent_cpl = (struct spdk_nvme_cpl){ 0 };
	parent->parent_cpl.sqid = qpair->id;
	for (uint32_t i = 0; i < nchildren; i++) {
		uint32_t first = i * per_io;
		uint32_t n = nvme_min(per_io, io->lba_count - first);

		child = nvme_ns_io_alloc(qpair, io, first, n, NULL, NULL);
		if (child == NULL) {
			nvme_free_request_list(&children);
			nvme_free_request(parent);
			return -ENOMEM;
		}
		child->parent = parent;
		nvme_ns_io_fill(child, io, ns->id, first, n);
		STAILQ_INSERT_TAIL(&children, child, stailq);
	}
	return nvme_ns_io_submit_children(qpair, parent, &children, nchildren);
}

/*
 * Send the children (all allocated): an error before the first one reached
 * the controller undoes everything; after that, the parent completes with
 * an error once the children sent have.
 */
int
nvme_ns_io_submit_children(struct spdk_nvme_qpair *qpair, struct nvme_request *parent,
			   struct nvme_request_list *children, uint32_t nchildren)
{
	struct nvme_request *child;
	int rc;

	parent->num_children = (uint16_t)nchildren;
	for (uint32_t submitted = 0; (child = STAILQ_FIRST(children)) != NULL; submitted++) {
		STAILQ_REMOVE_HEAD(children, stailq);
		rc = nvme_qpair_submit_request(qpair, child);
		if (nvme_likely(rc == 0)) {
			continue;
		}
		if (submitted == 0) {
			/* Nothing reached the controller yet (e.g. a payload that
			 * is not DMA memory): undo it all and report the error. */
			nvme_free_request(child);
			nvme_free_request_list(children);
			nvme_free_request(parent);
			return rc;
		}
		/* Part of the I/O is in flight: the parent completes with an error. */
		struct spdk_nvme_cpl cpl = { .sqid = qpair->id, .status = { .sct = SPDK_NVME_SCT_GENERIC,
				.sc = SPDK_NVME_SC_DATA_TRANSFER_ERROR, .dnr = 1 } };

		nvme_qpair_complete_request(qpair, child, &cpl);
	}
	return 0;
}

/* ---- Checks ---------------------------------------------------------------- */

int
nvme_ns_check_target(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, const char *what)
{
	if (nvme_unlikely(ns == NULL || qpair == NULL)) {
		EALNVME_ERRLOG("%s: NULL namespace or qpair", what);
		return -EINVAL;
	}
	if (nvme_unlikely(!ns->active)) {
		EALNVME_ERRLOG("%s: %s: namespace %u is not active", what,
			       nvme_ctrlr_name(ns->ctrlr), ns->id);
		return -EINVAL;
	}
	if (nvme_unlikely(qpair->ctrlr != ns->ctrlr)) {
		EALNVME_ERRLOG("%s: qpair %u belongs to another controller", what, qpair->id);
		return -EINVAL;
	}
	return 0;
}

int
nvme_ns_check_range(struct spdk_nvme_ns *ns, uint64_t lba, uint64_t lba_count, const char *what)
{
	if (nvme_unlikely(lba_count == 0)) {
		EALNVME_ERRLOG("%s: %s: ns %u: zero blocks at LBA %llu", what,
			       nvme_ctrlr_name(ns->ctrlr), ns->id, (unsigned long long)lba);
		return -EINVAL;
	}
	if (nvme_unlikely(lba >= ns->num_sectors || lba_count > ns->num_sectors - lba)) {
		EALNVME_ERRLOG("%s: %s: ns %u: LBAs %llu+%llu beyond the namespace's %llu blocks",
			       what, nvme_ctrlr_name(ns->ctrlr), ns->id, (unsigned long long)lba,
			       (unsigned long long)lba_count, (unsigned long long)ns->num_sectors);
		return -EINVAL;
	}
	return 0;
}

/* An optional command the controller must report in ONCS (§5.15.2.2). */
int
nvme_ns_check_supported(struct spdk_nvme_ns *ns, uint32_t flag, const char *what)
{
	if (nvme_unlikely((ns->flags & flag) == 0)) {
		EALNVME_ERRLOG("%s: %s does not support %s (Identify Controller ONCS); check "
			       "spdk_nvme_ns_get_flags() first", what, nvme_ctrlr_name(ns->ctrlr),
			       what);
		return -ENOTSUP;
	}
	return 0;
}

/*
 * Fused compare-and-write (§4.12): COMPARE with FUSE_FIRST, then at once the
 * WRITE with FUSE_SECOND on the same qpair.  Anything else in between, or a
 * SECOND on its own, would break the pair in the SQ.
 */
int
nvme_ns_check_fuse(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint8_t opc,
		   uint32_t io_flags)
{
	uint32_t fuse = io_flags & SPDK_NVME_IO_FLAGS_FUSE_MASK;
	const bool first_pending = (qpair->general_only & NVME_QPAIR_FUSED_FIRST_PENDING) != 0;

	if (nvme_likely(fuse == 0 && !first_pending)) {
		return 0;
	}
	if (first_pending && fuse != SPDK_NVME_IO_FLAGS_FUSE_SECOND) {
		EALNVME_ERRLOG("qpair %u: a fused COMPARE (FUSE_FIRST) waits for its WRITE: submit "
			       "it with SPDK_NVME_IO_FLAGS_FUSE_SECOND before anything else",
			       qpair->id);
		return -EINVAL;
	}
	if (!first_pending && fuse == SPDK_NVME_IO_FLAGS_FUSE_SECOND) {
		EALNVME_ERRLOG("qpair %u: FUSE_SECOND without a FUSE_FIRST just before it",
			       qpair->id);
		return -EINVAL;
	}
	if (fuse == SPDK_NVME_IO_FLAGS_FUSE_MASK) {
		EALNVME_ERRLOG("io_flags: fuse value 3 is reserved");
		return -EINVAL;
	}
	if ((fuse == SPDK_NVME_IO_FLAGS_FUSE_FIRST && opc != SPDK_NVME_OPC_COMPARE) ||
	    (fuse == SPDK_NVME_IO_FLAGS_FUSE_SECOND && opc != SPDK_NVME_OPC_WRITE)) {
		EALNVME_ERRLOG("fused operations: FUSE_FIRST goes with compare, FUSE_SECOND with "
			       "write (compare and write, §4.12)");
		return -EINVAL;
	}
	if (!ns->ctrlr->cdata->fuses.fcws) {
		EALNVME_ERRLOG("%s does not support fused compare and write (Identify Controller "
			       "FUSES)", nvme_ctrlr_name(ns->ctrlr));
		return -ENOTSUP;
	}
	return 0;
}

int
nvme_ns_check_io(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
		 uint32_t lba_count, uint32_t io_flags, uint8_t opc, const char *what)
{
	int rc = nvme_ns_check_target(ns, qpair, what);

	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	rc = nvme_ns_check_range(ns, lba, lba_count, what);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	if (nvme_unlikely(io_flags & ~SPDK_NVME_IO_FLAGS_VALID_MASK)) {
		EALNVME_ERRLOG("%s: invalid io_flags 0x%x (valid bits: 0x%x)", what, io_flags,
			       SPDK_NVME_IO_FLAGS_VALID_MASK);
		return -EINVAL;
	}
	return nvme_ns_check_fuse(ns, qpair, opc, io_flags);
}

/* True when the controller inserts/strips the PI itself and no metadata moves (§8.3.1). */
bool
nvme_ns_pract_strips_md(const struct spdk_nvme_ns *ns, uint32_t io_flags)
{
	return (io_flags & SPDK_NVME_IO_FLAGS_PRACT) && ns->pi_type != 0 && ns->md_size == 8;
}

/* Data bytes per block in the payload: metadata included when interleaved. */
static inline uint32_t
nvme_ns_payload_block_bytes(const struct spdk_nvme_ns *ns, uint32_t io_flags)
{
	return nvme_ns_pract_strips_md(ns, io_flags) ? ns->sector_size : ns->extended_lba_size;
}

/* A data command: read, write, compare (contiguous or scattered payload). */
void
nvme_ns_io_init_data(struct nvme_ns_io *io, struct spdk_nvme_ns *ns, uint8_t opc, uint64_t lba,
		     uint32_t lba_count, uint32_t io_flags, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	uint32_t block = nvme_ns_payload_block_bytes(ns, io_flags);

	*io = (struct nvme_ns_io){
		.opc = opc,
		.lba = lba,
		.lba_count = lba_count,
		.io_flags = io_flags,
		.block_bytes = block,
		/* No division on the hot path: the common size was computed at init. */
		.max_blocks = nvme_likely(block == ns->extended_lba_size) ? ns->sectors_per_max_io :
			      ns->ctrlr->max_xfer_size / block,
		.reftag_from_lba = ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE1 ||
				   ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE2,
		.cb_fn = cb_fn,
		.cb_arg = cb_arg,
	};
}

/* ---- Fast path ------------------------------------------------------------------ */

/*
 * io_flags the fast path takes: the CDW12 bits that change nothing but
 * CDW12.  PRACT changes the payload's block size, fuse bits need the pairing
 * checks: those go the general way.
 */
#define NVME_IO_FLAGS_FAST	(SPDK_NVME_IO_FLAGS_CDW12_MASK & ~SPDK_NVME_IO_FLAGS_PRACT)

/*
 * A read/write the transport can build in place: arguments the general
 * checks accept (the same checks, as plain compares; whatever they reject
 * goes the general way and gets its log line there), one command (no split),
 * an enabled I/O qpair with nothing waiting (nothing may overtake a queued
 * request), a free request, a transport with the op.
 */
static inline bool
nvme_ns_rw_is_fast(const struct spdk_nvme_ns *ns, const struct spdk_nvme_qpair *qpair,
		   const void *payload, uint64_t lba, uint32_t lba_count, uint32_t io_flags)
{
	return ns != NULL && qpair != NULL && payload != NULL &&
	       (io_flags & ~NVME_IO_FLAGS_FAST) == 0 &&
	       /* 1 <= lba_count <= blocks per command (MDTS) */
	       lba_count - 1u < ns->sectors_per_max_io &&
	       lba < ns->num_sectors && lba_count <= ns->num_sectors - lba &&
	       ns->active && qpair->ctrlr == ns->ctrlr && qpair->id != 0 &&
	       qpair->state == NVME_QPAIR_ENABLED && qpair->general_only == 0 &&
	       STAILQ_EMPTY(&qpair->queued_req) && !SLIST_EMPTY(&qpair->free_req) &&
	       qpair->transport->qpair_submit_rw != NULL;
}

/*
 * The transport could not send it in place (no free slot, or a payload that
 * is not one DMA run): the general path from here on, exactly as
 * nvme_ns_io_submit() sends one unsplit command: queued, built run by run,
 * or rejected with -EINVAL.
 */
static __attribute__((noinline)) int
nvme_ns_rw_fast_fallback(struct spdk_nvme_qpair *qpair, struct nvme_request *req)
{
	int rc;

	nvme_request_rw_to_cmd(req);
	rc = nvme_qpair_submit_request(qpair, req);
	if (nvme_unlikely(rc != 0)) {
		nvme_free_request(req);
	}
	return rc;
}

/*
 * Send a read/write that passed nvme_ns_rw_is_fast().  The request is filled
 * as nvme_allocate_request() would, but with req->rw for req->cmd: the
 * transport writes the command into the SQ slot, its only full copy.
 */
static inline int
nvme_ns_rw_fast(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		uint32_t io_flags, uint8_t opc, uint64_t mptr, uint32_t cdw15)
{
	struct nvme_request *req = SLIST_FIRST(&qpair->free_req);
	/* Type 1/2 protection: the initial reference tag is the LBA (§8.3). */
	const uint32_t ilbrt = (uint32_t)ns->pi_type - SPDK_NVME_FMT_NVM_PROTECTION_TYPE1 < 2u ?
			       (uint32_t)lba : 0;

	SLIST_REMOVE_HEAD(&qpair->free_req, free_link);
	req->rw.cdw0_nsid = opc | (uint64_t)ns->id << 32;
	req->rw.mptr = mptr;
	req->rw.cdw10_11 = lba;
	/* NLB is 0's based; FUA, LR and PRCHK sit in the upper bits (§6.9.1). */
	req->rw.cdw12_13 = (lba_count - 1) | io_flags;
	req->rw.cdw14_15 = ilbrt | (uint64_t)cdw15 << 32;
	req->payload = payload;
	/* No PRACT here: the payload holds whole (extended) blocks. */
	req->payload_size = lba_count * ns->extended_lba_size;
	req->payload_type = NVME_PAYLOAD_CONTIG_RW;
	req->cb_fn = cb_fn;
	req->cb_arg = cb_arg;
	/* req->qpair: set once and for all by nvme_qpair_init(). */
	req->parent = NULL;
	req->num_children = 0;
	req->retries = 0;
	if (nvme_likely(qpair->transport->qpair_submit_rw(qpair, req) == 0)) {
		return 0;
	}
	return nvme_ns_rw_fast_fallback(qpair, req);
}

/*
 * The metadata pointer of a fast read/write_with_md, PRACT being excluded:
 * none when there is no separate metadata (none at all, or interleaved in
 * the payload), else the buffer's IOVA if it is one dword-aligned DMA run.
 * false: the general path checks (and rejects, or sends) it.
 */
static inline bool
nvme_ns_md_is_fast(const struct spdk_nvme_ns *ns, void *metadata, uint32_t lba_count,
		   uint64_t *mptr)
{
	const bool separate = ns->md_size != 0 &&
			      (ns->flags & SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED) == 0;
	uint64_t len, contig;

	if (metadata == NULL || !separate) {
		*mptr = 0;
		return metadata == NULL && !separate;
	}
	len = (uint64_t)lba_count * ns->md_size;
	contig = len;
	*mptr = spdk_vtophys(metadata, &contig);
	return *mptr != SPDK_VTOPHYS_ERROR && contig >= len && (*mptr & 3) == 0;
}

/* ---- Data commands -------------------------------------------------------------- */

/* need_flag: the enum spdk_nvme_ns_flags bit an optional command needs, or 0. */
static int
nvme_ns_rw(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload, uint64_t lba,
	   uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags, uint8_t opc,
	   uint32_t need_flag, const char *what)
{
	struct nvme_ns_io io;
	int rc;

	if (nvme_unlikely(payload == NULL)) {
		EALNVME_ERRLOG("%s: NULL payload", what);
		return -EINVAL;
	}
	rc = nvme_ns_check_io(ns, qpair, lba, lba_count, io_flags, opc, what);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	if (need_flag != 0) {
		rc = nvme_ns_check_supported(ns, need_flag, what);
		if (rc != 0) {
			return rc;
		}
	}
	nvme_ns_io_init_data(&io, ns, opc, lba, lba_count, io_flags, cb_fn, cb_arg);
	io.payload_type = NVME_PAYLOAD_CONTIG;
	io.payload = payload;
	return nvme_ns_io_submit(ns, qpair, &io);
}

/* Out of line, with the API's own arguments: the fast path's caller jumps here. */
static __attribute__((noinline)) int
nvme_ns_read_general(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		     uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		     uint32_t io_flags)
{
	return nvme_ns_rw(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
			  SPDK_NVME_OPC_READ, 0, "read");
}

static __attribute__((noinline)) int
nvme_ns_write_general(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		      uint32_t io_flags)
{
	return nvme_ns_rw(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
			  SPDK_NVME_OPC_WRITE, 0, "write");
}

int
spdk_nvme_ns_cmd_read(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		      uint32_t io_flags)
{
	if (nvme_likely(nvme_ns_rw_is_fast(ns, qpair, payload, lba, lba_count, io_flags))) {
		return nvme_ns_rw_fast(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
				       SPDK_NVME_OPC_READ, 0, 0);
	}
	return nvme_ns_read_general(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags);
}

int
spdk_nvme_ns_cmd_write(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
		       uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
		       uint32_t io_flags)
{
	if (nvme_likely(nvme_ns_rw_is_fast(ns, qpair, payload, lba, lba_count, io_flags))) {
		return nvme_ns_rw_fast(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
				       SPDK_NVME_OPC_WRITE, 0, 0);
	}
	return nvme_ns_write_general(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags);
}

int
spdk_nvme_ns_cmd_compare(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			 uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			 uint32_t io_flags)
{
	return nvme_ns_rw(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
			  SPDK_NVME_OPC_COMPARE, SPDK_NVME_NS_COMPARE_SUPPORTED, "compare");
}

static int
nvme_ns_rwv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
	    uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
	    spdk_nvme_req_reset_sgl_cb reset_sgl_fn, spdk_nvme_req_next_sge_cb next_sge_fn,
	    uint8_t opc, const char *what)
{
	struct nvme_ns_io io;
	int rc;

	if (nvme_unlikely(reset_sgl_fn == NULL || next_sge_fn == NULL)) {
		EALNVME_ERRLOG("%s: reset_sgl_fn and next_sge_fn are required", what);
		return -EINVAL;
	}
	rc = nvme_ns_check_io(ns, qpair, lba, lba_count, io_flags, opc, what);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	nvme_ns_io_init_data(&io, ns, opc, lba, lba_count, io_flags, cb_fn, cb_arg);
	if (nvme_unlikely((uint64_t)lba_count * io.block_bytes > UINT32_MAX)) {
		/* reset_sgl_fn takes a 32-bit offset. */
		EALNVME_ERRLOG("%s: %u blocks exceed 4 GiB; split the I/O", what, lba_count);
		return -EINVAL;
	}
	io.payload_type = NVME_PAYLOAD_SGL;
	io.reset_sgl_fn = reset_sgl_fn;
	io.next_sge_fn = next_sge_fn;
	return nvme_ns_io_submit(ns, qpair, &io);
}

int
spdk_nvme_ns_cmd_readv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
		       uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
		       spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
		       spdk_nvme_req_next_sge_cb next_sge_fn)
{
	return nvme_ns_rwv(ns, qpair, lba, lba_count, cb_fn, cb_arg, io_flags, reset_sgl_fn,
			   next_sge_fn, SPDK_NVME_OPC_READ, "readv");
}

int
spdk_nvme_ns_cmd_writev(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
			spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			spdk_nvme_req_next_sge_cb next_sge_fn)
{
	return nvme_ns_rwv(ns, qpair, lba, lba_count, cb_fn, cb_arg, io_flags, reset_sgl_fn,
			   next_sge_fn, SPDK_NVME_OPC_WRITE, "writev");
}

int
spdk_nvme_ns_cmd_read_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      void *payload, void *metadata, uint64_t lba, uint32_t lba_count,
			      spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
			      uint16_t apptag_mask, uint16_t apptag)
{
	uint64_t mptr;

	if (nvme_likely(nvme_ns_rw_is_fast(ns, qpair, payload, lba, lba_count, io_flags)) &&
	    nvme_likely(nvme_ns_md_is_fast(ns, metadata, lba_count, &mptr))) {
		return nvme_ns_rw_fast(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
				       SPDK_NVME_OPC_READ, mptr, (uint32_t)apptag_mask << 16 | apptag);
	}
	return nvme_ns_rw_md(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_READ, .what = "read_with_md", .payload = payload,
		.metadata = metadata, .md_required = true, .lba = lba, .lba_count = lba_count,
		.io_flags = io_flags, .apptag_mask = apptag_mask, .apptag = apptag,
		.cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_ns_cmd_write_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       void *payload, void *metadata, uint64_t lba, uint32_t lba_count,
			       spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
			       uint16_t apptag_mask, uint16_t apptag)
{
	uint64_t mptr;

	if (nvme_likely(nvme_ns_rw_is_fast(ns, qpair, payload, lba, lba_count, io_flags)) &&
	    nvme_likely(nvme_ns_md_is_fast(ns, metadata, lba_count, &mptr))) {
		return nvme_ns_rw_fast(ns, qpair, payload, lba, lba_count, cb_fn, cb_arg, io_flags,
				       SPDK_NVME_OPC_WRITE, mptr, (uint32_t)apptag_mask << 16 | apptag);
	}
	return nvme_ns_rw_md(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_WRITE, .what = "write_with_md", .payload = payload,
		.metadata = metadata, .md_required = true, .lba = lba, .lba_count = lba_count,
		.io_flags = io_flags, .apptag_mask = apptag_mask, .apptag = apptag,
		.cb_fn = cb_fn, .cb_arg = cb_arg });
}

/* ---- Commands without data ------------------------------------------------------ */

static int
nvme_ns_no_data(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
		uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
		uint8_t opc, uint32_t flag, const char *what)
{
	struct nvme_ns_io io;
	int rc;

	rc = nvme_ns_check_io(ns, qpair, lba, lba_count, io_flags, opc, what);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	rc = nvme_ns_check_supported(ns, flag, what);
	if (nvme_unlikely(rc != 0)) {
		return rc;
	}
	io = (struct nvme_ns_io){
		.opc = opc,
		.payload_type = NVME_PAYLOAD_CONTIG,
		.lba = lba,
		.lba_count = lba_count,
		.io_flags = io_flags,
		.max_blocks = NVME_MAX_NLB,
		.reftag_from_lba = ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE1 ||
				   ns->pi_type == SPDK_NVME_FMT_NVM_PROTECTION_TYPE2,
		.cb_fn = cb_fn,
		.cb_arg = cb_arg,
	};
	return nvme_ns_io_submit(ns, qpair, &io);
}

int
spdk_nvme_ns_cmd_write_zeroes(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			      uint32_t io_flags)
{
	return nvme_ns_no_data(ns, qpair, lba, lba_count, cb_fn, cb_arg, io_flags,
			       SPDK_NVME_OPC_WRITE_ZEROES, SPDK_NVME_NS_WRITE_ZEROES_SUPPORTED,
			       "write zeroes");
}

int
spdk_nvme_ns_cmd_write_uncorrectable(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				     uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				     void *cb_arg)
{
	return nvme_ns_no_data(ns, qpair, lba, lba_count, cb_fn, cb_arg, 0,
			       SPDK_NVME_OPC_WRITE_UNCORRECTABLE,
			       SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED, "write uncorrectable");
}

/*
 * DATASET MANAGEMENT (§6.7).  The ranges are copied into the command's own
 * DMA page when it is handed to the transport; a command that has to wait
 * for a slot keeps a heap copy meanwhile (nvme_qpair.c), so the caller's
 * ranges need only live for the call, as in SPDK.
 */
int
spdk_nvme_ns_cmd_dataset_management(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				    uint32_t type, const struct spdk_nvme_dsm_range *ranges,
				    uint16_t num_ranges, spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	const uint32_t attrs = SPDK_NVME_DSM_ATTR_INTEGRAL_READ | SPDK_NVME_DSM_ATTR_INTEGRAL_WRITE |
			       SPDK_NVME_DSM_ATTR_DEALLOCATE;
	struct nvme_request *req;
	int rc;

	rc = nvme_ns_check_target(ns, qpair, "dataset management");
	if (rc != 0) {
		return rc;
	}
	rc = nvme_ns_check_supported(ns, SPDK_NVME_NS_DEALLOCATE_SUPPORTED, "dataset management");
	if (rc != 0) {
		return rc;
	}
	if (ranges == NULL || num_ranges == 0 ||
	    num_ranges > SPDK_NVME_DATASET_MANAGEMENT_MAX_RANGES || (type & ~attrs) != 0) {
		EALNVME_ERRLOG("dataset management: %u ranges at %p, type 0x%x: give 1..%u ranges "
			       "and SPDK_NVME_DSM_ATTR_* bits", num_ranges, (const void *)ranges,
			       type, SPDK_NVME_DATASET_MANAGEMENT_MAX_RANGES);
		return -EINVAL;
	}
	for (uint16_t i = 0; i < num_ranges; i++) {
		uint64_t slba = ranges[i].starting_lba, nlb = ranges[i].length;

		if (slba > ns->num_sectors || nlb > ns->num_sectors - slba) {
			EALNVME_ERRLOG("dataset management: %s: ns %u: range %u (LBAs %llu+%llu) "
				       "beyond the namespace's %llu blocks", nvme_ctrlr_name(ns->ctrlr),
				       ns->id, i, (unsigned long long)slba, (unsigned long long)nlb,
				       (unsigned long long)ns->num_sectors);
			return -EINVAL;
		}
	}
	rc = nvme_ns_check_fuse(ns, qpair, SPDK_NVME_OPC_DATASET_MANAGEMENT, 0);
	if (rc != 0) {
		return rc;
	}
	req = nvme_allocate_request(qpair, NULL, 0, cb_fn, cb_arg);
	if (req == NULL) {
		return -ENOMEM;
	}
	req->payload_type = NVME_PAYLOAD_DSM_RANGES;
	req->dsm.ranges = ranges;
	req->dsm.copy = NULL;
	req->dsm.num_ranges = num_ranges;
	req->cmd.opc = SPDK_NVME_OPC_DATASET_MANAGEMENT;
	req->cmd.nsid = ns->id;
	req->cmd.cdw10 = num_ranges - 1u;	/* NR, 0's based */
	req->cmd.cdw11 = type;
	rc = nvme_qpair_submit_request(qpair, req);
	if (rc != 0) {
		nvme_free_request(req);
	}
	return rc;
}

int
spdk_nvme_ns_cmd_flush(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		       spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req;
	int rc;

	rc = nvme_ns_check_target(ns, qpair, "flush");
	if (rc != 0) {
		return rc;
	}
	rc = nvme_ns_check_fuse(ns, qpair, SPDK_NVME_OPC_FLUSH, 0);
	if (rc != 0) {
		return rc;
	}
	req = nvme_allocate_request(qpair, NULL, 0, cb_fn, cb_arg);
	if (req == NULL) {
		return -ENOMEM;
	}
	req->cmd.opc = SPDK_NVME_OPC_FLUSH;
	req->cmd.nsid = ns->id;
	rc = nvme_qpair_submit_request(qpair, req);
	if (rc != 0) {
		nvme_free_request(req);
	}
	return rc;
}
