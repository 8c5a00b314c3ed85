/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Open-Channel SSD 2.0 data structures and opcodes (Open-Channel Solid
 * State Drives Specification 2.0, 2018), named as SPDK's
 * spdk/nvme_ocssd_spec.h.  The commands are in spdk/nvme_ocssd.h.
 */
#ifndef SPDK_NVME_OCSSD_SPEC_H
#define SPDK_NVME_OCSSD_SPEC_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"
#include "spdk/nvme_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* LBAs one vector command may name (NLB is 6 bits, 0's based). */
#define SPDK_NVME_OCSSD_MAX_LBAL_ENTRIES	64

/* Bits of each address part in a physical LBA: group, PU, chunk, block. */
struct spdk_ocssd_dev_lba_fmt {
	uint8_t grp_len;
	uint8_t pu_len;
	uint8_t chk_len;
	uint8_t lbk_len;
	uint8_t reserved[4];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_ocssd_dev_lba_fmt) == 8, "LBA format is 8 bytes");

/* GEOMETRY (admin opcode 0xE2) data, 4 KiB (OCSSD 2.0 §2.2.1). */
struct spdk_ocssd_geometry_data {
	uint8_t		mjr;		/* major version */
	uint8_t		mnr;		/* minor version */
	uint8_t		reserved1[6];
	struct spdk_ocssd_dev_lba_fmt lbaf;
	struct {
		uint32_t vec_chk_cpy	: 1;	/* VECTOR CHUNK COPY supported */
		uint32_t multi_reset	: 1;	/* reset of a free chunk allowed */
		uint32_t reserved	: 30;
	} mccap;
	uint8_t		reserved2[12];
	uint8_t		wit;		/* wear-level index delta threshold */
	uint8_t		reserved3[31];
	uint16_t	num_grp;	/* groups */
	uint16_t	num_pu;		/* parallel units per group */
	uint32_t	num_chk;	/* chunks per PU */
	uint32_t	clba;		/* blocks per chunk */
	uint8_t		reserved4[52];
	uint32_t	ws_min;		/* minimum write size, blocks */
	uint32_t	ws_opt;		/* optimal write size */
	uint32_t	mw_cunits;	/* cache minimum write size units */
	uint32_t	maxoc;		/* open chunks */
	uint32_t	maxocpu;	/* open chunks per PU */
	uint8_t		reserved5[44];
	uint32_t	trdt;		/* typical/max read, write, reset times, ns */
	uint32_t	trdm;
	uint32_t	twrt;
	uint32_t	twrm;
	uint32_t	tcrst;
	uint32_t	tcrsm;
	uint8_t		reserved6[40];
	uint8_t		reserved7[3071 - 255];
	uint8_t		vs[4095 - 3071];	/* vendor specific */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_ocssd_geometry_data) == 4096, "geometry is 4 KiB");

/* One chunk of the Chunk Information log page (0xCA). */
struct spdk_ocssd_chunk_information_entry {
	struct {
		uint8_t free		: 1;
		uint8_t closed		: 1;
		uint8_t open		: 1;
		uint8_t offline		: 1;
		uint8_t reserved	: 4;
	} cs;			/* chunk state */
	struct {
		uint8_t seq_write	: 1;
		uint8_t rnd_write	: 1;
		uint8_t reserved1	: 2;
		uint8_t size_deviate	: 1;
		uint8_t reserved2	: 3;
	} ct;			/* chunk type */
	uint8_t		wli;	/* wear-level index */
	uint8_t		reserved[5];
	uint64_t	slba;	/* first LBA */
	uint64_t	cnlb;	/* blocks in the chunk */
	uint64_t	wp;	/* write pointer */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_ocssd_chunk_information_entry) == 32,
		   "chunk info is 32 bytes");

/* One entry of the Chunk Notification log page (0xD0). */
struct spdk_ocssd_chunk_notification_entry {
	uint64_t	nc;	/* notification count */
	uint64_t	lba;
	uint32_t	nsid;
	struct {
		uint8_t error_rate_low		: 1;
		uint8_t error_rate_medium	: 1;
		uint8_t error_rate_high		: 1;
		uint8_t unrecoverable		: 1;
		uint8_t refreshed		: 1;
		uint8_t rsvd			: 3;
		uint8_t wit_exceeded		: 1;
		uint8_t rsvd2			: 7;
	} state;
	struct {
		uint8_t lblk	: 1;	/* lba names a block */
		uint8_t chunk	: 1;	/* ... a chunk */
		uint8_t pu	: 1;	/* ... a parallel unit */
		uint8_t rsvd	: 5;
	} mask;
	uint8_t		rsvd[9];
	uint16_t	nlb;
	uint8_t		rsvd2[30];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_ocssd_chunk_notification_entry) == 64,
		   "chunk notification is 64 bytes");

/* Completion of a vector command: dwords 0-1 carry one status bit per LBA. */
struct spdk_ocssd_vector_cpl {
	uint64_t		lba_status;
	uint16_t		sqhd;
	uint16_t		sqid;
	uint16_t		cid;
	struct spdk_nvme_status	status;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_ocssd_vector_cpl) == 16, "vector completion is 16 bytes");

enum spdk_ocssd_admin_opcode {
	SPDK_OCSSD_OPC_GEOMETRY		= 0xE2,
};

enum spdk_ocssd_io_opcode {
	SPDK_OCSSD_OPC_VECTOR_RESET	= 0x90,
	SPDK_OCSSD_OPC_VECTOR_WRITE	= 0x91,
	SPDK_OCSSD_OPC_VECTOR_READ	= 0x92,
	SPDK_OCSSD_OPC_VECTOR_COPY	= 0x93,
};

enum spdk_ocssd_log_page {
	SPDK_OCSSD_LOG_CHUNK_INFO		= 0xCA,
	SPDK_OCSSD_LOG_CHUNK_NOTIFICATION	= 0xD0,
};

enum spdk_ocssd_feat {
	SPDK_OCSSD_FEAT_MEDIA_FEEDBACK	= 0xCA,
};

/* Media errors (status code type 2) of vector commands. */
enum spdk_ocssd_media_error_status_code {
	SPDK_OCSSD_SC_OFFLINE_CHUNK			= 0xC0,
	SPDK_OCSSD_SC_INVALID_RESET			= 0xC1,
	SPDK_OCSSD_SC_WRITE_FAIL_WRITE_NEXT_UNIT	= 0xF0,
	SPDK_OCSSD_SC_WRITE_FAIL_CHUNK_EARLY_CLOSE	= 0xF1,
	SPDK_OCSSD_SC_OUT_OF_ORDER_WRITE		= 0xF2,
	SPDK_OCSSD_SC_READ_HIGH_ECC			= 0xD0,
};

/* io_flags of the vector commands (CDW12 bit 31). */
#define SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY	(1U << 31)

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_OCSSD_SPEC_H */
