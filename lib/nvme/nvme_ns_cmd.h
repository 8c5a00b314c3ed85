/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by the I/O command files: nvme_ns_cmd.c (read/write and their fast
 * path, the checks, splitting), nvme_ns_cmd_ext.c (the general data
 * command: options, metadata, iovecs, compare, zone append),
 * nvme_ns_cmd_misc.c (verify, copy, reservations, I/O management) and
 * nvme_zns.c.
 */
#ifndef NVME_NS_CMD_H
#define NVME_NS_CMD_H

#include "nvme_internal.h"

/* NLB is 16 bits, 0's based (NVM 1.0 §3.2.6). */
#define NVME_MAX_NLB		65536u

/* One I/O as the caller asked for it, before splitting. */
struct nvme_ns_io {
	uint8_t				opc;
	uint8_t				payload_type;	/* enum nvme_payload_type */
	uint64_t			lba;
	uint32_t			lba_count;
	uint32_t			io_flags;
	uint32_t			max_blocks;	/* per command */
	uint32_t			block_bytes;	/* data bytes per block, 0: none */
	void				*payload;	/* NVME_PAYLOAD_CONTIG */
	spdk_nvme_req_reset_sgl_cb	reset_sgl_fn;	/* NVME_PAYLOAD_SGL */
	spdk_nvme_req_next_sge_cb	next_sge_fn;
	const struct iovec		*iov;		/* SGL walked by nvme_ns_iov.c */
	uint32_t			iovcnt;
	uint64_t			md_iova;	/* separate metadata (MPTR) */
	uint32_t			md_bytes;	/* per block, 0: no MPTR */
	bool				reftag_from_lba; /* PI type 1/2: ILBRT = LBA */
	uint32_t			cdw12_extra;	/* CDW12 bits io_flags do not carry */
	uint32_t			cdw13;
	uint32_t			cdw15;		/* LBATM << 16 | LBAT */
	spdk_nvme_cmd_cb		cb_fn;
	void				*cb_arg;
};

/* Everything a data command may come with; the general path of every variant. */
struct nvme_ns_rw_args {
	uint8_t				opc;
	const char			*what;		/* for log lines */
	uint32_t			need_flag;	/* enum spdk_nvme_ns_flags bit, or 0 */
	void				*payload;	/* contiguous, or: */
	spdk_nvme_req_reset_sgl_cb	reset_sgl_fn;	/* scattered (cb_arg is theirs), or: */
	spdk_nvme_req_next_sge_cb	next_sge_fn;
	const struct iovec		*iov;		/* an iovec array */
	uint32_t			iovcnt;
	void				*metadata;
	/* _with_md semantics: a namespace with separate metadata needs the buffer */
	bool				md_required;
	bool				no_split;	/* zone append */
	uint64_t			lba;
	uint32_t			lba_count;
	uint32_t			io_flags;
	uint32_t			cdw12_extra;
	uint32_t			cdw13;
	uint16_t			apptag_mask;
	uint16_t			apptag;
	spdk_nvme_cmd_cb		cb_fn;
	void				*cb_arg;
};

void nvme_ns_io_fill(struct nvme_request *req, const struct nvme_ns_io *io, uint32_t nsid,
		     uint32_t first, uint32_t n);
int nvme_ns_io_submit(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		      const struct nvme_ns_io *io);
int nvme_ns_io_submit_children(struct spdk_nvme_qpair *qpair, struct nvme_request *parent,
			       struct nvme_request_list *children, uint32_t nchildren);
void nvme_free_request_list(struct nvme_request_list *list);
/*
 * nvme_ns_cmd_sges.c: a scattered io for a transport taking at most
 * max_sges elements per command.  1: it fits one command, send it the
 * usual way; 0: sent as children cut at block boundaries; -errno (logged).
 */
int nvme_ns_io_submit_sges(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   const struct nvme_ns_io *io, uint16_t max_sges);
int nvme_ns_check_target(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			 const char *what);
int nvme_ns_check_range(struct spdk_nvme_ns *ns, uint64_t lba, uint64_t lba_count,
			const char *what);
int nvme_ns_check_supported(struct spdk_nvme_ns *ns, uint32_t flag, const char *what);
int nvme_ns_check_fuse(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint8_t opc,
		       uint32_t io_flags);
int nvme_ns_check_io(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, uint64_t lba,
		     uint32_t lba_count, uint32_t io_flags, uint8_t opc, const char *what);
bool nvme_ns_pract_strips_md(const struct spdk_nvme_ns *ns, uint32_t io_flags);
void nvme_ns_io_init_data(struct nvme_ns_io *io, struct spdk_nvme_ns *ns, uint8_t opc,
			  uint64_t lba, uint32_t lba_count, uint32_t io_flags,
			  spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/* nvme_ns_cmd_ext.c: the general data command (checks, metadata, payload kinds). */
int nvme_ns_rw_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		  const struct nvme_ns_rw_args *a);

/* nvme_ns_iov.c: an iovec array as SGL callbacks over a struct nvme_iov_iter. */
void nvme_iov_reset_sgl(void *cb_arg, uint32_t offset);
int nvme_iov_next_sge(void *cb_arg, void **address, uint32_t *length);


#endif /* NVME_NS_CMD_H */
