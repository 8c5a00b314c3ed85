/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * T10 DIF / DIX in software: generate and check the 8-byte protection
 * information (NVM Command Set 1.0 §5.2 "End-to-end Data Protection"; Guard
 * = CRC-16 T10-DIF, Application Tag, Reference Tag, all big-endian) of
 * blocks in a host buffer, named as SPDK's spdk/dif.h.
 *
 * Layouts: "DIF" functions take an extended-LBA payload (each block is
 * block_size bytes: data then md_size bytes of metadata); "DIX" functions
 * take the data (block_size bytes a block) and a separate contiguous
 * metadata buffer (md_size bytes a block).  Payloads may be split across
 * iovecs anywhere, also inside the protection information.
 *
 * Only the 16-bit guard format (SPDK_DIF_PI_FORMAT_16) is implemented:
 * spdk_dif_ctx_init() refuses the 32- and 64-bit guard formats with
 * -ENOTSUP and a log line (docs/spdk-compat.md).
 */
#ifndef SPDK_DIF_H
#define SPDK_DIF_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tag values that switch checking off for a block (§5.2.1.4): an
 * Application Tag of 0xFFFF (types 1 and 2), with a Reference Tag of
 * 0xFFFFFFFF too (type 3). */
#define SPDK_DIF_REFTAG_IGNORE		0xFFFFFFFF
#define SPDK_DIF_APPTAG_IGNORE		0xFFFF

/* dif_flags: which fields are generated and checked.  The bits are the
 * PRCHK/PRACT bits of an NVMe read/write command's dword 12. */
#define SPDK_DIF_FLAGS_REFTAG_CHECK	(1U << 26)
#define SPDK_DIF_FLAGS_APPTAG_CHECK	(1U << 27)
#define SPDK_DIF_FLAGS_GUARD_CHECK	(1U << 28)
#define SPDK_DIF_FLAGS_NVME_PRACT	(1U << 29)

/* spdk_dif_error.err_type and spdk_dif_inject_error()'s inject_flags. */
#define SPDK_DIF_REFTAG_ERROR	0x1
#define SPDK_DIF_APPTAG_ERROR	0x2
#define SPDK_DIF_GUARD_ERROR	0x4
#define SPDK_DIF_DATA_ERROR	0x8

enum spdk_dif_type {
	SPDK_DIF_DISABLE = 0,
	SPDK_DIF_TYPE1 = 1,
	SPDK_DIF_TYPE2 = 2,
	SPDK_DIF_TYPE3 = 3,
};

enum spdk_dif_check_type {
	SPDK_DIF_CHECK_TYPE_REFTAG = 1,
	SPDK_DIF_CHECK_TYPE_APPTAG = 2,
	SPDK_DIF_CHECK_TYPE_GUARD = 3,
};

/* Guard size: 16 bits (8-byte PI), 32 or 64 bits (16-byte PI). */
enum spdk_dif_pi_format {
	SPDK_DIF_PI_FORMAT_16 = 0,
	SPDK_DIF_PI_FORMAT_32 = 1,
	SPDK_DIF_PI_FORMAT_64 = 2,
};

struct spdk_dif_ctx_init_ext_opts {
	/* sizeof the caller's structure (SPDK_SIZEOF); members past it are
	 * taken as 0. */
	size_t		size;
	uint32_t	dif_pi_format;	/* enum spdk_dif_pi_format */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_dif_ctx_init_ext_opts) == 16, "ext opts are 16 bytes");

/* Filled by spdk_dif_ctx_init(); treat as opaque but for the setters. */
struct spdk_dif_ctx {
	uint32_t	block_size;	/* bytes per block in the data buffer */
	uint32_t	guard_interval;	/* bytes the guard covers */
	uint32_t	md_size;
	bool		md_interleave;	/* extended LBA (true) or separate md */
	uint8_t		dif_type;	/* enum spdk_dif_type */
	uint8_t		dif_pi_format;	/* enum spdk_dif_pi_format */
	uint8_t		rsvd[1];
	uint32_t	dif_flags;
	uint8_t		rsvd2[4];
	uint64_t	init_ref_tag;
	uint16_t	app_tag;
	uint16_t	apptag_mask;
	uint32_t	data_offset;	/* bytes from the start of the whole payload */
	uint32_t	ref_tag_offset;	/* data_offset in blocks */
	uint32_t	remapped_init_ref_tag;
	uint64_t	last_guard;	/* for the stream functions SPDK has */
	uint64_t	guard_seed;	/* CRC start value, 0 for T10 */
};

/* Where and why a check failed.  Guard: expected is the stored guard,
 * actual the one computed from the data (SPDK's convention); tags:
 * expected is the computed tag, actual the stored one (masked). */
struct spdk_dif_error {
	uint8_t		err_type;	/* SPDK_DIF_*_ERROR */
	uint8_t		rsvd[7];
	uint64_t	expected;
	uint64_t	actual;
	uint32_t	err_offset;	/* block index in the payload */
};

/*
 * Fill ctx.  dif_loc true: the PI is the first 8 bytes of the metadata,
 * false: the last 8 (the guard then also covers the metadata before it).
 * init_ref_tag is the Reference Tag of the first block (type 1: its LBA).
 * opts may be NULL (16-bit guard).  Returns 0, -EINVAL (metadata smaller
 * than the PI, data part of a block not a multiple of 512, bad type or
 * format) or -ENOTSUP (32/64-bit guard), each with a log line.
 */
int spdk_dif_ctx_init(struct spdk_dif_ctx *ctx, uint32_t block_size, uint32_t md_size,
		      bool md_interleave, bool dif_loc, enum spdk_dif_type dif_type, uint32_t dif_flags,
		      uint32_t init_ref_tag, uint16_t apptag_mask, uint16_t app_tag,
		      uint32_t data_offset, uint64_t guard_seed, struct spdk_dif_ctx_init_ext_opts *opts);

/* Move ctx to a later part of the same payload (bytes of data). */
void spdk_dif_ctx_set_data_offset(struct spdk_dif_ctx *ctx, uint32_t data_offset);

/* The Reference Tag spdk_dif/dix_remap_ref_tag() write for the first block. */
void spdk_dif_ctx_set_remapped_init_ref_tag(struct spdk_dif_ctx *ctx,
		uint32_t remapped_init_ref_tag);

/* Extended LBA payload: write the PI of num_blocks blocks.  Only the fields
 * whose check flag is set are written.  -EINVAL when the iovecs hold fewer
 * than num_blocks * block_size bytes; 0 and nothing done for SPDK_DIF_DISABLE. */
int spdk_dif_generate(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		      const struct spdk_dif_ctx *ctx);

/* Check the PI of num_blocks blocks; the first failure stops, fills err_blk
 * (may be NULL), logs and returns -EIO.  -EINVAL for too short iovecs. */
int spdk_dif_verify(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
		    const struct spdk_dif_ctx *ctx, struct spdk_dif_error *err_blk);

/* CRC-32C (no inversions, as spdk_crc32c_update) of the data part of each
 * block, metadata skipped, continuing from *crc32c. */
int spdk_dif_update_crc32c(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
			   uint32_t *crc32c, const struct spdk_dif_ctx *ctx);

/* Copy data blocks (block_size - md_size bytes each) from iovs into the
 * extended-LBA bounce buffer and generate the PI there.  With
 * SPDK_DIF_FLAGS_NVME_PRACT and metadata larger than the PI, iovs hold
 * whole extended blocks and the metadata is copied too. */
int spdk_dif_generate_copy(struct iovec *iovs, int iovcnt, struct iovec *bounce_iovs,
			   int bounce_iovcnt, uint32_t num_blocks,
			   const struct spdk_dif_ctx *ctx);

/* Check the PI in the bounce buffer and copy the data parts to iovs (the
 * same layouts as spdk_dif_generate_copy, the other way). */
int spdk_dif_verify_copy(struct iovec *iovs, int iovcnt, struct iovec *bounce_iovs,
			 int bounce_iovcnt, uint32_t num_blocks,
			 const struct spdk_dif_ctx *ctx,
			 struct spdk_dif_error *err_blk);

/* Flip one bit in each field inject_flags names (SPDK_DIF_*_ERROR) of a
 * randomly chosen block; *inject_offset (may be NULL) gets the block of the
 * last one.  -EINVAL for no flags or too short iovecs. */
int spdk_dif_inject_error(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
			  const struct spdk_dif_ctx *ctx, uint32_t inject_flags,
			  uint32_t *inject_offset);

/* Separate metadata (DIX): data in iovs, md_iov one buffer of
 * num_blocks * md_size bytes.  Same rules as the DIF calls above. */
int spdk_dix_generate(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
		      uint32_t num_blocks, const struct spdk_dif_ctx *ctx);

int spdk_dix_verify(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
		    uint32_t num_blocks, const struct spdk_dif_ctx *ctx,
		    struct spdk_dif_error *err_blk);

int spdk_dix_inject_error(struct iovec *iovs, int iovcnt, struct iovec *md_iov,
			  uint32_t num_blocks, const struct spdk_dif_ctx *ctx,
			  uint32_t inject_flags, uint32_t *inject_offset);

/* The stream functions below are not implemented: each returns -ENOTSUP
 * with a log line (docs/spdk-compat.md). */
int spdk_dif_set_md_interleave_iovs(struct iovec *iovs, int iovcnt,
				    struct iovec *buf_iovs, int buf_iovcnt,
				    uint32_t data_offset, uint32_t data_len,
				    uint32_t *mapped_len,
				    const struct spdk_dif_ctx *ctx);

int spdk_dif_generate_stream(struct iovec *iovs, int iovcnt,
			     uint32_t data_offset, uint32_t data_len,
			     struct spdk_dif_ctx *ctx);

int spdk_dif_verify_stream(struct iovec *iovs, int iovcnt,
			   uint32_t data_offset, uint32_t data_len,
			   struct spdk_dif_ctx *ctx,
			   struct spdk_dif_error *err_blk);

int spdk_dif_update_crc32c_stream(struct iovec *iovs, int iovcnt,
				  uint32_t data_offset, uint32_t data_len,
				  uint32_t *crc32c, const struct spdk_dif_ctx *ctx);

/* Offset and length in data bytes to the same range in extended-LBA bytes
 * (unchanged for separate metadata). */
void spdk_dif_get_range_with_md(uint32_t data_offset, uint32_t data_len,
				uint32_t *buf_offset, uint32_t *buf_len,
				const struct spdk_dif_ctx *ctx);

uint32_t spdk_dif_get_length_with_md(uint32_t data_len, const struct spdk_dif_ctx *ctx);

/* Rewrite the Reference Tags of types 1 and 2 to start at the remapped
 * initial tag; with check_ref_tag the old tag must be the expected one
 * (-EIO and err_blk otherwise).  Blocks whose tags say "ignore" are left. */
int spdk_dif_remap_ref_tag(struct iovec *iovs, int iovcnt, uint32_t num_blocks,
			   const struct spdk_dif_ctx *dif_ctx,
			   struct spdk_dif_error *err_blk,
			   bool check_ref_tag);

int spdk_dix_remap_ref_tag(struct iovec *md_iov, uint32_t num_blocks,
			   const struct spdk_dif_ctx *dif_ctx,
			   struct spdk_dif_error *err_blk,
			   bool check_ref_tag);

/* Bytes of protection information: 8 for the 16-bit guard, 16 otherwise. */
uint32_t spdk_dif_pi_format_get_size(enum spdk_dif_pi_format dif_pi_format);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_DIF_H */
