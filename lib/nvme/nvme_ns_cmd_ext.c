/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The general data command (NVM 1.0 §3.2): read, write, compare and zone
 * append with any payload kind (contiguous, SGL callbacks, iovec array),
 * optional separate metadata, PI tags and CDW13, and the public variants
 * built on it: _with_md, v_with_md, _ext, _iov, compare.  None of these
 * takes the read/write fast path (nvme_ns_cmd.c); they cost what the
 * general path costs.
 */
#include <errno.h>
#include <stddef.h>

#include "nvme_ns_cmd.h"

/* The payload: exactly one kind, with what it needs. */
static int
nvme_ns_rw_check_payload(const struct nvme_ns_rw_args *a)
{
	if (a->iov != NULL) {
		if (a->iovcnt == 0) {
			EALNVME_ERRLOG("%s: iov with 0 elements; pass iov_count >= 1", a->what);
			return -EINVAL;
		}
		return 0;
	}
	if (a->reset_sgl_fn != NULL || a->next_sge_fn != NULL) {
		if (a->reset_sgl_fn == NULL || a->next_sge_fn == NULL) {
			EALNVME_ERRLOG("%s: reset_sgl_fn and next_sge_fn are required", a->what);
			return -EINVAL;
		}
		return 0;
	}
	if (a->payload == NULL) {
		EALNVME_ERRLOG("%s: NULL payload", a->what);
		return -EINVAL;
	}
	return 0;
}

/*
 * Metadata: separate (MPTR, one dword-aligned IOVA-contiguous buffer of
 * md_size bytes per block, NVMe 1.4 §8.2) or interleaved in the payload on
 * an extended-LBA namespace (FLBAS bit 4).  The buffer is translated once
 * here; children address their part of it.
 */
static int
nvme_ns_rw_metadata(struct spdk_nvme_ns *ns, const struct nvme_ns_rw_args *a,
		    struct nvme_ns_io *io)
{
	const bool extended = (ns->flags & SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED) != 0;
	uint64_t md_len = (uint64_t)a->lba_count * ns->md_size, contig = md_len;

	if (a->metadata == NULL) {
		if (a->md_required && ns->md_size != 0 && !extended &&
		    !nvme_ns_pract_strips_md(ns, a->io_flags)) {
			EALNVME_ERRLOG("%s: %s: ns %u keeps %u bytes of metadata per block in a "
				       "separate buffer: pass one of lba_count * %u bytes", a->what,
				       nvme_ctrlr_name(ns->ctrlr), ns->id, ns->md_size, ns->md_size);
			return -EINVAL;
		}
		return 0;
	}
	if (ns->md_size == 0 || extended) {
		EALNVME_ERRLOG("%s: %s: ns %u has %s; pass metadata NULL", a->what,
			       nvme_ctrlr_name(ns->ctrlr), ns->id,
			       extended ? "metadata interleaved in the payload (extended LBA)" :
			       "no metadata");
		return -EINVAL;
	}
	if (nvme_ns_pract_strips_md(ns, a->io_flags)) {
		return 0;	/* PRACT with PI-only metadata: nothing moves (§8.3.1) */
	}
	io->md_iova = spdk_vtophys(a->metadata, &contig);
	if (io->md_iova == SPDK_VTOPHYS_ERROR || contig < md_len || (io->md_iova & 3) != 0) {
		EALNVME_ERRLOG("%s: metadata %p (%llu bytes) must be dword-aligned, "
			       "IOVA-contiguous DMA memory (spdk_zmalloc)", a->what, a->metadata,
			       (unsigned long long)md_len);
		return -EINVAL;
	}
	io->md_bytes = ns->md_size;
	return 0;
}

int
nvme_ns_rw_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
	      const struct nvme_ns_rw_args *a)
{
	struct nvme_ns_io io;
	int rc;

	rc = nvme_ns_rw_check_payload(a);
	if (rc == 0) {
		rc = nvme_ns_check_io(ns, qpair, a->lba, a->lba_count, a->io_flags, a->opc, a->what);
	}
	if (rc == 0 && a->need_flag != 0) {
		rc = nvme_ns_check_supported(ns, a->need_flag, a->what);
	}
	if (rc != 0) {
		return rc;
	}
	nvme_ns_io_init_data(&io, ns, a->opc, a->lba, a->lba_count, a->io_flags, a->cb_fn,
			     a->cb_arg);
	if (a->payload != NULL && a->iov == NULL && a->reset_sgl_fn == NULL) {
		io.payload_type = NVME_PAYLOAD_CONTIG;
		io.payload = a->payload;
	} else {
		if ((uint64_t)a->lba_count * io.block_bytes > UINT32_MAX) {
			/* reset_sgl_fn takes a 32-bit offset. */
			EALNVME_ERRLOG("%s: %u blocks exceed 4 GiB; split the I/O", a->what,
				       a->lba_count);
			return -EINVAL;
		}
		io.payload_type = NVME_PAYLOAD_SGL;
		io.iov = a->iov;
		io.iovcnt = a->iovcnt;
		io.reset_sgl_fn = a->iov != NULL ? nvme_iov_reset_sgl : a->reset_sgl_fn;
		io.next_sge_fn = a->iov != NULL ? nvme_iov_next_sge : a->next_sge_fn;
	}
	io.cdw15 = (uint32_t)a->apptag_mask << 16 | a->apptag;
	io.cdw13 = a->cdw13;
	io.cdw12_extra = a->cdw12_extra;
	rc = nvme_ns_rw_metadata(ns, a, &io);
	if (rc != 0) {
		return rc;
	}
	if (a->no_split && a->lba_count > io.max_blocks) {
		EALNVME_ERRLOG("%s: %u blocks exceed the %u one command carries; this command "
			       "cannot be split", a->what, a->lba_count, io.max_blocks);
		return -EINVAL;
	}
	return nvme_ns_io_submit(ns, qpair, &io);
}

/* ---- Options of the _ext and _iov calls -------------------------------------- */

/* A member the caller's (possibly older, shorter) structure has; else zero. */
#define NVME_EXT_OPT(opts, m) \
	((opts)->size >= offsetof(struct spdk_nvme_ns_cmd_ext_io_opts, m) + sizeof((opts)->m) ? \
	 (opts)->m : 0)

static int
nvme_ns_ext_opts(const struct spdk_nvme_ns_cmd_ext_io_opts *opts, struct nvme_ns_rw_args *a)
{
	if (opts == NULL) {
		return 0;
	}
	if (opts->size < offsetof(struct spdk_nvme_ns_cmd_ext_io_opts, memory_domain)) {
		EALNVME_ERRLOG("%s: opts->size %zu: set it to sizeof(opts) (or SPDK_SIZEOF of the "
			       "members you set)", a->what, opts->size);
		return -EINVAL;
	}
	if (NVME_EXT_OPT(opts, memory_domain) != NULL) {
		EALNVME_ERRLOG("%s: memory domains are not supported by ealnvme: pass DMA memory "
			       "and opts->memory_domain NULL", a->what);
		return -ENOTSUP;
	}
	if (NVME_EXT_OPT(opts, accel_sequence) != NULL) {
		EALNVME_ERRLOG("%s: accel sequences are not supported by ealnvme (no accel "
			       "framework): pass opts->accel_sequence NULL", a->what);
		return -ENOTSUP;
	}
	a->io_flags = NVME_EXT_OPT(opts, io_flags);
	a->metadata = NVME_EXT_OPT(opts, metadata);
	a->apptag_mask = NVME_EXT_OPT(opts, apptag_mask);
	a->apptag = NVME_EXT_OPT(opts, apptag);
	a->cdw13 = NVME_EXT_OPT(opts, cdw13);
	return 0;
}

static int
nvme_ns_rw_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
	       struct nvme_ns_rw_args *a, const struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	int rc = nvme_ns_ext_opts(opts, a);

	return rc != 0 ? rc : nvme_ns_rw_md(ns, qpair, a);
}

int
spdk_nvme_ns_cmd_read_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			  uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			  struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_ext(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_READ, .what = "read_ext", .payload = payload, .lba = lba,
		.lba_count = lba_count, .cb_fn = cb_fn, .cb_arg = cb_arg }, opts);
}

int
spdk_nvme_ns_cmd_write_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			   uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_ext(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_WRITE, .what = "write_ext", .payload = payload, .lba = lba,
		.lba_count = lba_count, .cb_fn = cb_fn, .cb_arg = cb_arg }, opts);
}

int
spdk_nvme_ns_cmd_readv_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			   uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			   spdk_nvme_req_next_sge_cb next_sge_fn,
			   struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_ext(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_READ, .what = "readv_ext", .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .lba = lba, .lba_count = lba_count, .cb_fn = cb_fn,
		.cb_arg = cb_arg }, opts);
}

int
spdk_nvme_ns_cmd_writev_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			    uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			    spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			    spdk_nvme_req_next_sge_cb next_sge_fn,
			    struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_ext(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_WRITE, .what = "writev_ext", .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .lba = lba, .lba_count = lba_count, .cb_fn = cb_fn,
		.cb_arg = cb_arg }, opts);
}

static int
nvme_ns_rw_iov(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
	       struct nvme_ns_rw_args *a, const struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	if (a->iov == NULL) {
		EALNVME_ERRLOG("%s: NULL iov", a->what);
		return -EINVAL;
	}
	return nvme_ns_rw_ext(ns, qpair, a, opts);
}

int
spdk_nvme_ns_cmd_read_iov(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			  uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			  struct iovec *iov, uint32_t iov_count,
			  struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_iov(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_READ, .what = "read_iov", .iov = iov, .iovcnt = iov_count,
		.lba = lba, .lba_count = lba_count, .cb_fn = cb_fn, .cb_arg = cb_arg }, opts);
}

int
spdk_nvme_ns_cmd_write_iov(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			   uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   struct iovec *iov, uint32_t iov_count,
			   struct spdk_nvme_ns_cmd_ext_io_opts *opts)
{
	return nvme_ns_rw_iov(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_WRITE, .what = "write_iov", .iov = iov, .iovcnt = iov_count,
		.lba = lba, .lba_count = lba_count, .cb_fn = cb_fn, .cb_arg = cb_arg }, opts);
}

/* ---- Vectored with metadata, compare ------------------------------------------ */

static int
nvme_ns_rwv_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint8_t opc,
	       uint32_t need_flag, const char *what, uint64_t lba, uint32_t lba_count,
	       spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
	       spdk_nvme_req_reset_sgl_cb reset_sgl_fn, spdk_nvme_req_next_sge_cb next_sge_fn,
	       void *metadata, uint16_t apptag_mask, uint16_t apptag)
{
	if (reset_sgl_fn == NULL || next_sge_fn == NULL) {
		EALNVME_ERRLOG("%s: reset_sgl_fn and next_sge_fn are required", what);
		return -EINVAL;
	}
	return nvme_ns_rw_md(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = opc, .what = what, .need_flag = need_flag, .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .metadata = metadata, .md_required = true,
		.lba = lba, .lba_count = lba_count, .io_flags = io_flags,
		.apptag_mask = apptag_mask, .apptag = apptag, .cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_ns_cmd_readv_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			       void *cb_arg, uint32_t io_flags,
			       spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			       spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
			       uint16_t apptag_mask, uint16_t apptag)
{
	return nvme_ns_rwv_md(ns, qpair, SPDK_NVME_OPC_READ, 0, "readv_with_md", lba, lba_count,
			      cb_fn, cb_arg, io_flags, reset_sgl_fn, next_sge_fn, metadata,
			      apptag_mask, apptag);
}

int
spdk_nvme_ns_cmd_writev_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				void *cb_arg, uint32_t io_flags,
				spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				uint16_t apptag_mask, uint16_t apptag)
{
	return nvme_ns_rwv_md(ns, qpair, SPDK_NVME_OPC_WRITE, 0, "writev_with_md", lba,
			      lba_count, cb_fn, cb_arg, io_flags, reset_sgl_fn, next_sge_fn,
			      metadata, apptag_mask, apptag);
}

int
spdk_nvme_ns_cmd_comparev(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
			  uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			  uint32_t io_flags, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			  spdk_nvme_req_next_sge_cb next_sge_fn)
{
	if (reset_sgl_fn == NULL || next_sge_fn == NULL) {
		EALNVME_ERRLOG("comparev: reset_sgl_fn and next_sge_fn are required");
		return -EINVAL;
	}
	return nvme_ns_rw_md(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_COMPARE, .what = "comparev",
		.need_flag = SPDK_NVME_NS_COMPARE_SUPPORTED, .reset_sgl_fn = reset_sgl_fn,
		.next_sge_fn = next_sge_fn, .lba = lba, .lba_count = lba_count,
		.io_flags = io_flags, .cb_fn = cb_fn, .cb_arg = cb_arg });
}

int
spdk_nvme_ns_cmd_comparev_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				  void *cb_arg, uint32_t io_flags,
				  spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				  spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				  uint16_t apptag_mask, uint16_t apptag)
{
	return nvme_ns_rwv_md(ns, qpair, SPDK_NVME_OPC_COMPARE, SPDK_NVME_NS_COMPARE_SUPPORTED,
			      "comparev_with_md", lba, lba_count, cb_fn, cb_arg, io_flags,
			      reset_sgl_fn, next_sge_fn, metadata, apptag_mask, apptag);
}

int
spdk_nvme_ns_cmd_compare_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				 void *payload, void *metadata, uint64_t lba, uint32_t lba_count,
				 spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
				 uint16_t apptag_mask, uint16_t apptag)
{
	return nvme_ns_rw_md(ns, qpair, &(struct nvme_ns_rw_args){
		.opc = SPDK_NVME_OPC_COMPARE, .what = "compare_with_md",
		.need_flag = SPDK_NVME_NS_COMPARE_SUPPORTED, .payload = payload,
		.metadata = metadata, .md_required = true, .lba = lba, .lba_count = lba_count,
		.io_flags = io_flags, .apptag_mask = apptag_mask, .apptag = apptag,
		.cb_fn = cb_fn, .cb_arg = cb_arg });
}
