/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * TCG Storage (Opal) wire formats with the names of SPDK's spdk/opal_spec.h:
 * token encodings, Level 0 Discovery header and feature descriptors, and
 * the ComPacket / Packet / Data SubPacket headers.  Structures only: ealnvme
 * has no Opal implementation (spdk/opal.h, docs/spdk-compat.md).  Sizes are
 * checked below; multi-byte fields are big-endian on the wire, as the TCG
 * specifications define them, and are left in wire order here.
 */
#ifndef SPDK_OPAL_SPEC_H
#define SPDK_OPAL_SPEC_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Token types by their first byte (TCG Core Spec 2.01, 3.2.2.3): a byte up
 * to each *_MAX starts a token of that kind. */
#define SPDK_TINY_ATOM_TYPE_MAX			0x7F
#define SPDK_SHORT_ATOM_TYPE_MAX		0xBF
#define SPDK_MEDIUM_ATOM_TYPE_MAX		0xDF
#define SPDK_LONG_ATOM_TYPE_MAX			0xE3

/* Tiny atom: 0 s dddddd (sign, 6 data bits). */
#define SPDK_TINY_ATOM_SIGN_FLAG		0x40
#define SPDK_TINY_ATOM_DATA_MASK		0x3F

/* Short atom: 10 b s llll (byte string, sign, length up to 15). */
#define SPDK_SHORT_ATOM_ID			0x80
#define SPDK_SHORT_ATOM_BYTESTRING_FLAG		0x20
#define SPDK_SHORT_ATOM_SIGN_FLAG		0x10
#define SPDK_SHORT_ATOM_LEN_MASK		0x0F

/* Medium atom: 110 b s lll + 1 length byte (11-bit length). */
#define SPDK_MEDIUM_ATOM_ID			0xC0
#define SPDK_MEDIUM_ATOM_BYTESTRING_FLAG	0x10
#define SPDK_MEDIUM_ATOM_SIGN_FLAG		0x08
#define SPDK_MEDIUM_ATOM_LEN_MASK		0x07

/* Long atom: 111000 b s + 3 length bytes. */
#define SPDK_LONG_ATOM_ID			0xE0
#define SPDK_LONG_ATOM_BYTESTRING_FLAG		0x02
#define SPDK_LONG_ATOM_SIGN_FLAG		0x01

/* The ComID that answers Level 0 Discovery (Core Spec, Table 26). */
#define LV0_DISCOVERY_COMID			0x01

/* Life cycle value of an SP that is manufactured but not activated
 * (Opal SSC 2.01, 5.2.3). */
#define OPAL_MANUFACTURED_INACTIVE		0x08

/* Type table modification value for a non-global locking range. */
#define LOCKING_RANGE_NON_GLOBAL		0x03

/* Longest password (C_PIN) the API takes, bytes. */
#define SPDK_OPAL_MAX_PASSWORD_SIZE		32

/* Locking ranges besides the global one that the Opal SSC requires. */
#define SPDK_OPAL_MAX_LOCKING_RANGE		8

/* Level 0 Discovery feature codes (Core Spec 3.3.6; Opal SSC 1.00 and 2.01;
 * Single User Mode and Additional DataStore feature sets). */
enum spdk_lv0_discovery_feature_code {
	FEATURECODE_TPER	= 0x0001,
	FEATURECODE_LOCKING	= 0x0002,
	FEATURECODE_GEOMETRY	= 0x0003,
	FEATURECODE_OPALV100	= 0x0200,
	FEATURECODE_SINGLEUSER	= 0x0201,
	FEATURECODE_DATASTORE	= 0x0202,
	FEATURECODE_OPALV200	= 0x0203,
};

/* Token values of the method calls (Core Spec 5.1.4 and the tables of the
 * Opal SSC).  Several names share a value: each is a column number or a
 * constant in a different table. */
enum spdk_opal_token {
	/* boolean values */
	SPDK_OPAL_TRUE			= 0x01,
	SPDK_OPAL_FALSE			= 0x00,

	/* cell_block names (Core Spec 5.1.4.2.3) */
	SPDK_OPAL_TABLE			= 0x00,
	SPDK_OPAL_STARTROW		= 0x01,
	SPDK_OPAL_ENDROW		= 0x02,
	SPDK_OPAL_STARTCOLUMN		= 0x03,
	SPDK_OPAL_ENDCOLUMN		= 0x04,
	SPDK_OPAL_VALUES		= 0x01,

	/* C_PIN table column */
	SPDK_OPAL_PIN			= 0x03,

	/* Locking table columns */
	SPDK_OPAL_RANGESTART		= 0x03,
	SPDK_OPAL_RANGELENGTH		= 0x04,
	SPDK_OPAL_READLOCKENABLED	= 0x05,
	SPDK_OPAL_WRITELOCKENABLED	= 0x06,
	SPDK_OPAL_READLOCKED		= 0x07,
	SPDK_OPAL_WRITELOCKED		= 0x08,
	SPDK_OPAL_ACTIVEKEY		= 0x0A,

	/* LockingInfo table column */
	SPDK_OPAL_MAXRANGES		= 0x04,

	/* MBRControl table columns */
	SPDK_OPAL_MBRENABLE		= 0x01,
	SPDK_OPAL_MBRDONE		= 0x02,

	/* Properties method parameter */
	SPDK_OPAL_HOSTPROPERTIES	= 0x00,

	/* control tokens */
	SPDK_OPAL_STARTLIST		= 0xF0,
	SPDK_OPAL_ENDLIST		= 0xF1,
	SPDK_OPAL_STARTNAME		= 0xF2,
	SPDK_OPAL_ENDNAME		= 0xF3,
	SPDK_OPAL_CALL			= 0xF8,
	SPDK_OPAL_ENDOFDATA		= 0xF9,
	SPDK_OPAL_ENDOFSESSION		= 0xFA,
	SPDK_OPAL_STARTTRANSACTON	= 0xFB,
	SPDK_OPAL_ENDTRANSACTON		= 0xFC,
	SPDK_OPAL_EMPTYATOM		= 0xFF,
	SPDK_OPAL_WHERE			= 0x00,

	/* SP table column */
	SPDK_OPAL_LIFECYCLE		= 0x06,

	/* Authority table column */
	SPDK_OPAL_AUTH_ENABLE		= 0x05,

	/* ACE table column */
	SPDK_OPAL_BOOLEAN_EXPR		= 0x03,
};

/* Level 0 Discovery response header (Core Spec, Table 39). */
struct spdk_opal_d0_hdr {
	uint32_t length;		/* bytes after this field */
	uint32_t revision;
	uint32_t reserved_0;
	uint32_t reserved_1;
	uint8_t vendor_specfic[32];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_hdr) == 48, "d0 header is 48 bytes");

/* Header of each feature descriptor that follows it. */
struct spdk_opal_d0_feat_hdr {
	uint16_t	code;		/* enum spdk_lv0_discovery_feature_code */
	uint8_t		reserved : 4;
	uint8_t		version : 4;
	uint8_t		length;		/* bytes after this header */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_feat_hdr) == 4, "feature header is 4 bytes");

/* TPer feature (Core Spec, Table 42). */
struct __attribute__((packed)) spdk_opal_d0_tper_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint8_t sync : 1;
	uint8_t async : 1;
	uint8_t acknack : 1;
	uint8_t buffer_management : 1;
	uint8_t streaming : 1;
	uint8_t reserved_1 : 1;
	uint8_t comid_management : 1;
	uint8_t reserved_2 : 1;
	uint8_t reserved_3[3];
	uint32_t reserved_4;
	uint32_t reserved_5;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_tper_feat) == 16, "TPer feature is 16 bytes");

/* Locking feature (Core Spec, Table 43). */
struct __attribute__((packed)) spdk_opal_d0_locking_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint8_t locking_supported : 1;
	uint8_t locking_enabled : 1;
	uint8_t locked : 1;
	uint8_t media_encryption : 1;
	uint8_t mbr_enabled : 1;
	uint8_t mbr_done : 1;
	uint8_t reserved_1 : 1;
	uint8_t reserved_2 : 1;
	uint8_t reserved_3[3];
	uint32_t reserved_4;
	uint32_t reserved_5;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_locking_feat) == 16,
		   "Locking feature is 16 bytes");

/* Single User Mode feature (Single User Mode feature set 1.00, 4.2.1). */
struct __attribute__((packed)) spdk_opal_d0_single_user_mode_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint32_t num_locking_objects;
	uint8_t any : 1;
	uint8_t all : 1;
	uint8_t policy : 1;
	uint8_t reserved_1 : 5;
	uint8_t reserved_2;
	uint16_t reserved_3;
	uint32_t reserved_4;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_single_user_mode_feat) == 16,
		   "Single User Mode feature is 16 bytes");

/* Geometry Reporting feature (Opal SSC 2.01, 3.1.1.4). */
struct __attribute__((packed)) spdk_opal_d0_geo_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint8_t align : 1;
	uint8_t reserved_1 : 7;
	uint8_t reserved_2[7];
	uint32_t logical_block_size;
	uint64_t alignment_granularity;
	uint64_t lowest_aligned_lba;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_geo_feat) == 32,
		   "Geometry Reporting feature is 32 bytes");

/* DataStore Table feature (Additional DataStore Tables 1.00, 4.1.1). */
struct __attribute__((packed)) spdk_opal_d0_datastore_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint16_t reserved_1;
	uint16_t max_tables;
	uint32_t max_table_size;
	uint32_t alignment;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_datastore_feat) == 16,
		   "DataStore feature is 16 bytes");

/* Opal SSC V1.00 feature (Opal SSC 1.00, 3.1.1.4). */
struct __attribute__((packed)) spdk_opal_d0_v100_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint16_t base_comid;
	uint16_t number_comids;
	uint8_t range_crossing : 1;
	uint8_t reserved_1 : 7;
	uint8_t reserved_2;
	uint16_t reserved_3;
	uint32_t reserved_4;
	uint32_t reserved_5;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_v100_feat) == 20,
		   "Opal SSC V1.00 feature is 20 bytes");

/* Opal SSC V2.00 feature (Opal SSC 2.01, 3.1.1.5). */
struct __attribute__((packed)) spdk_opal_d0_v200_feat {
	struct spdk_opal_d0_feat_hdr hdr;
	uint16_t base_comid;
	uint16_t num_comids;
	uint8_t range_crossing : 1;
	uint8_t reserved_1 : 7;
	uint16_t num_locking_admin_auth;	/* Admin authorities of the Locking SP */
	uint16_t num_locking_user_auth;		/* User authorities of the Locking SP */
	uint8_t initial_pin;
	uint8_t reverted_pin;
	uint8_t reserved_2;
	uint32_t reserved_3;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_d0_v200_feat) == 20,
		   "Opal SSC V2.00 feature is 20 bytes");

/* ComPacket header (Core Spec 3.2.3). */
struct __attribute__((packed)) spdk_opal_compacket {
	uint32_t reserved;
	uint8_t comid[2];
	uint8_t extended_comid[2];
	uint32_t outstanding_data;
	uint32_t min_transfer;
	uint32_t length;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_compacket) == 20, "ComPacket header is 20 bytes");

/* Packet header, one per session inside a ComPacket. */
struct __attribute__((packed)) spdk_opal_packet {
	uint32_t session_tsn;
	uint32_t session_hsn;
	uint32_t seq_number;
	uint16_t reserved;
	uint16_t ack_type;
	uint32_t acknowledgment;
	uint32_t length;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_packet) == 24, "Packet header is 24 bytes");

/* Data SubPacket header; the token stream follows it. */
struct __attribute__((packed)) spdk_opal_data_subpacket {
	uint8_t reserved[6];
	uint16_t kind;
	uint32_t length;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_opal_data_subpacket) == 12,
		   "Data SubPacket header is 12 bytes");

#ifdef __cplusplus
}
#endif

#endif /* SPDK_OPAL_SPEC_H */
