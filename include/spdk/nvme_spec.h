/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVM Express data structures and constants, following NVMe Base
 * Specification 1.4 (section numbers below refer to it unless noted).
 *
 * Type, field and enumerator names are those of SPDK's public
 * spdk/nvme_spec.h, so that code written against SPDK compiles unchanged.
 * The layout follows the specification; every structure that mirrors a
 * device-visible format has its size (and the offsets that matter)
 * checked at compile time.
 *
 * Self-contained: needs only the C standard headers, works from C and C++.
 * All multi-byte fields are little-endian on the wire; ealnvme only supports
 * little-endian hosts, and bit-fields are declared LSB first (as GCC and
 * Clang lay them out on such hosts).
 */
#ifndef SPDK_NVME_SPEC_H
#define SPDK_NVME_SPEC_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Compile-time check usable at file scope from both C and C++. */
#ifndef SPDK_STATIC_ASSERT
#ifdef __cplusplus
#define SPDK_STATIC_ASSERT(cond, msg)	static_assert(cond, msg)
#else
#define SPDK_STATIC_ASSERT(cond, msg)	_Static_assert(cond, msg)
#endif
#endif

/* Size and offset checks used throughout this file. */
#define SPDK_NVME_SPEC_SIZE(type, bytes) \
	SPDK_STATIC_ASSERT(sizeof(type) == (bytes), #type " must be " #bytes " bytes")
#define SPDK_NVME_SPEC_OFFSET(type, member, off) \
	SPDK_STATIC_ASSERT(offsetof(type, member) == (off), #type "." #member " must be at " #off)

/* ======================================================================
 * General constants
 * ====================================================================== */

/* NSID FFFFFFFFh: "all namespaces" / controller-wide log pages (§6.1.4). */
#define SPDK_NVME_GLOBAL_NS_TAG			((uint32_t)0xFFFFFFFF)

/* Queue limits (§4.1.3, §5.4/§5.5: QID is 16 bits, QSIZE is 0's based). */
#define SPDK_NVME_MAX_IO_QUEUES			(65535)
#define SPDK_NVME_ADMIN_QUEUE_MIN_ENTRIES	2
#define SPDK_NVME_ADMIN_QUEUE_MAX_ENTRIES	4096
#define SPDK_NVME_IO_QUEUE_MIN_ENTRIES		2
#define SPDK_NVME_IO_QUEUE_MAX_ENTRIES		65536

/* Dataset Management: at most 256 ranges of up to 2^32-1 blocks (§6.7). */
#define SPDK_NVME_DATASET_MANAGEMENT_MAX_RANGES		256
#define SPDK_NVME_DATASET_MANAGEMENT_RANGE_MAX_BLOCKS	0xFFFFFFFFu

/* Identify Controller string field lengths (§5.15.2.2, Figure 247). */
#define SPDK_NVME_CTRLR_SN_LEN			20
#define SPDK_NVME_CTRLR_MN_LEN			40
#define SPDK_NVME_CTRLR_FR_LEN			8
#define SPDK_NVME_NQN_FIELD_SIZE		256

/* ======================================================================
 * Controller registers (§3.1)
 * ====================================================================== */

/* CAP - Controller Capabilities, offset 00h (§3.1.1). */
union spdk_nvme_cap_register {
	uint64_t raw;
	struct {
		uint32_t mqes		: 16;	/* max queue entries, 0's based */
		uint32_t cqr		: 1;	/* contiguous queues required */
		uint32_t ams		: 2;	/* arbitration mechanisms: bit0 WRR, bit1 VS */
		uint32_t reserved1	: 5;
		uint32_t to		: 8;	/* ready timeout, 500 ms units */

		uint32_t dstrd		: 4;	/* doorbell stride: 4 << dstrd bytes */
		uint32_t nssrs		: 1;	/* NVM subsystem reset supported */
		uint32_t css		: 8;	/* command sets supported, enum spdk_nvme_cap_css */
		uint32_t bps		: 1;	/* boot partitions supported */
		uint32_t reserved2	: 2;
		uint32_t mpsmin		: 4;	/* min page size: 2^(12 + mpsmin) */
		uint32_t mpsmax		: 4;	/* max page size: 2^(12 + mpsmax) */
		uint32_t pmrs		: 1;	/* persistent memory region supported */
		uint32_t cmbs		: 1;	/* controller memory buffer supported */
		uint32_t reserved3	: 6;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cap_register, 8);

/* CC.CSS - I/O command set selected (§3.1.5). */
enum spdk_nvme_cc_css {
	SPDK_NVME_CC_CSS_NVM	= 0x0,	/* NVM command set */
	SPDK_NVME_CC_CSS_IOCS	= 0x6,	/* all supported I/O command sets (NVMe 2.0) */
	SPDK_NVME_CC_CSS_NOIO	= 0x7,	/* admin command set only */
};

/* CAP.CSS bits: which CC.CSS values the controller accepts (§3.1.1). */
enum spdk_nvme_cap_css {
	SPDK_NVME_CAP_CSS_NVM	= (1u << SPDK_NVME_CC_CSS_NVM),
	SPDK_NVME_CAP_CSS_IOCS	= (1u << SPDK_NVME_CC_CSS_IOCS),
	SPDK_NVME_CAP_CSS_NOIO	= (1u << SPDK_NVME_CC_CSS_NOIO),
};

/* CAP.AMS bits: optional arbitration mechanisms (round robin is implied). */
enum spdk_nvme_cap_ams {
	SPDK_NVME_CAP_AMS_WRR	= 0x1,	/* weighted round robin with urgent class */
	SPDK_NVME_CAP_AMS_VS	= 0x2,	/* vendor specific */
};

/* CC.AMS - arbitration mechanism selected (§3.1.5). */
enum spdk_nvme_cc_ams {
	SPDK_NVME_CC_AMS_RR	= 0x0,
	SPDK_NVME_CC_AMS_WRR	= 0x1,
	SPDK_NVME_CC_AMS_VS	= 0x7,
};

/* VS - Version, offset 08h (§3.1.2). */
union spdk_nvme_vs_register {
	uint32_t raw;
	struct {
		uint32_t ter		: 8;	/* tertiary */
		uint32_t mnr		: 8;	/* minor */
		uint32_t mjr		: 16;	/* major */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_vs_register, 4);

/* A VS.raw value, for comparisons such as vs.raw >= SPDK_NVME_VERSION(1, 2, 0). */
#define SPDK_NVME_VERSION(mjr, mnr, ter) \
	(((uint32_t)(mjr) << 16) | ((uint32_t)(mnr) << 8) | (uint32_t)(ter))
SPDK_STATIC_ASSERT(SPDK_NVME_VERSION(1, 4, 0) == 0x00010400, "SPDK_NVME_VERSION");

/* CC - Controller Configuration, offset 14h (§3.1.5). */
union spdk_nvme_cc_register {
	uint32_t raw;
	struct {
		uint32_t en		: 1;	/* enable */
		uint32_t reserved1	: 3;
		uint32_t css		: 3;	/* enum spdk_nvme_cc_css */
		uint32_t mps		: 4;	/* memory page size: 2^(12 + mps) */
		uint32_t ams		: 3;	/* enum spdk_nvme_cc_ams */
		uint32_t shn		: 2;	/* enum spdk_nvme_shn_value */
		uint32_t iosqes		: 4;	/* I/O SQ entry size, log2 (6 = 64 B) */
		uint32_t iocqes		: 4;	/* I/O CQ entry size, log2 (4 = 16 B) */
		uint32_t reserved2	: 8;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cc_register, 4);

/* CC.SHN - shutdown notification. */
enum spdk_nvme_shn_value {
	SPDK_NVME_SHN_NORMAL	= 0x1,
	SPDK_NVME_SHN_ABRUPT	= 0x2,
};

/* CSTS - Controller Status, offset 1Ch (§3.1.6). */
union spdk_nvme_csts_register {
	uint32_t raw;
	struct {
		uint32_t rdy		: 1;	/* ready */
		uint32_t cfs		: 1;	/* controller fatal status */
		uint32_t shst		: 2;	/* enum spdk_nvme_shst_value */
		uint32_t nssro		: 1;	/* NVM subsystem reset occurred */
		uint32_t pp		: 1;	/* processing paused */
		uint32_t reserved1	: 26;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_csts_register, 4);

/* CSTS.SHST - shutdown status. */
enum spdk_nvme_shst_value {
	SPDK_NVME_SHST_NORMAL		= 0x0,	/* no shutdown requested */
	SPDK_NVME_SHST_OCCURRING	= 0x1,	/* shutdown in progress */
	SPDK_NVME_SHST_COMPLETE		= 0x2,	/* shutdown complete */
};

/* NSSR: writing "NVMe" (4E564D65h) starts an NVM subsystem reset (§3.1.7). */
#define SPDK_NVME_NSSR_VALUE	0x4E564D65

/* AQA - Admin Queue Attributes, offset 24h (§3.1.8). Both sizes 0's based. */
union spdk_nvme_aqa_register {
	uint32_t raw;
	struct {
		uint32_t asqs		: 12;	/* admin SQ size */
		uint32_t reserved1	: 4;
		uint32_t acqs		: 12;	/* admin CQ size */
		uint32_t reserved2	: 4;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_aqa_register, 4);

/* CMBLOC - Controller Memory Buffer Location, offset 38h (§3.1.11). */
union spdk_nvme_cmbloc_register {
	uint32_t raw;
	struct {
		uint32_t bir		: 3;	/* BAR holding the CMB */
		uint32_t reserved1	: 9;	/* CQMMS..CQDA capability bits (1.4) */
		uint32_t ofst		: 20;	/* offset in CMBSZ.SZU units */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbloc_register, 4);

/* CMBSZ - Controller Memory Buffer Size, offset 3Ch (§3.1.12). */
union spdk_nvme_cmbsz_register {
	uint32_t raw;
	struct {
		uint32_t sqs		: 1;	/* SQs in CMB */
		uint32_t cqs		: 1;	/* CQs in CMB */
		uint32_t lists		: 1;	/* PRP/SGL lists in CMB */
		uint32_t rds		: 1;	/* read data in CMB */
		uint32_t wds		: 1;	/* write data in CMB */
		uint32_t reserved1	: 3;
		uint32_t szu		: 4;	/* size unit: 4 KiB << (4 * szu) */
		uint32_t sz		: 20;	/* size in szu units */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbsz_register, 4);

/* BPINFO - Boot Partition Information, offset 40h (§3.1.13). */
union spdk_nvme_bpinfo_register {
	uint32_t raw;
	struct {
		uint32_t bpsz		: 15;	/* boot partition size, 128 KiB units */
		uint32_t reserved1	: 9;
		uint32_t brs		: 2;	/* boot read status */
		uint32_t reserved2	: 5;
		uint32_t abpid		: 1;	/* active boot partition */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_bpinfo_register, 4);

/* BPRSEL - Boot Partition Read Select, offset 44h (§3.1.14). */
union spdk_nvme_bprsel_register {
	uint32_t raw;
	struct {
		uint32_t bprsz		: 10;	/* read size, 4 KiB units */
		uint32_t bprof		: 20;	/* read offset, 4 KiB units */
		uint32_t reserved	: 1;
		uint32_t bpid		: 1;	/* boot partition to read */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_bprsel_register, 4);

/* CMBMSC - CMB Memory Space Control, offset 50h (§3.1.16). */
union spdk_nvme_cmbmsc_register {
	uint64_t raw;
	struct {
		uint64_t cre		: 1;	/* capabilities registers enabled */
		uint64_t cmse		: 1;	/* controller memory space enable */
		uint64_t reserved	: 10;
		uint64_t cba		: 52;	/* controller base address >> 12 */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbmsc_register, 8);

/* CMBSTS - CMB Status, offset 58h (§3.1.17). */
union spdk_nvme_cmbsts_register {
	uint32_t raw;
	struct {
		uint32_t cbai		: 1;	/* controller base address invalid */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbsts_register, 4);

/* PMRCAP - Persistent Memory Region Capabilities, offset E00h (§3.1.18). */
union spdk_nvme_pmrcap_register {
	uint32_t raw;
	struct {
		uint32_t reserved1	: 3;
		uint32_t rds		: 1;	/* read data support */
		uint32_t wds		: 1;	/* write data support */
		uint32_t bir		: 3;	/* BAR holding the PMR */
		uint32_t pmrtu		: 2;	/* timeout units: 0 = 500 ms, 1 = minutes */
		uint32_t pmrwbm		: 4;	/* write barrier mechanisms */
		uint32_t reserved2	: 2;
		uint32_t pmrto		: 8;	/* ready timeout */
		uint32_t cmss		: 1;	/* controller memory space supported */
		uint32_t reserved3	: 7;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrcap_register, 4);

/* PMRCTL - PMR Control, offset E04h (§3.1.19). */
union spdk_nvme_pmrctl_register {
	uint32_t raw;
	struct {
		uint32_t en		: 1;
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrctl_register, 4);

/* PMRSTS - PMR Status, offset E08h (§3.1.20). */
union spdk_nvme_pmrsts_register {
	uint32_t raw;
	struct {
		uint32_t err		: 8;
		uint32_t nrdy		: 1;	/* not ready */
		uint32_t hsts		: 3;	/* health status */
		uint32_t cbai		: 1;	/* controller base address invalid */
		uint32_t reserved	: 19;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrsts_register, 4);

/* PMREBS - PMR Elasticity Buffer Size, offset E0Ch (§3.1.21). */
union spdk_nvme_pmrebs_register {
	uint32_t raw;
	struct {
		uint32_t pmrszu		: 4;	/* units: bytes, KiB, MiB, GiB */
		uint32_t rbb		: 1;	/* read bypass behavior */
		uint32_t reserved	: 3;
		uint32_t pmrwbz		: 24;	/* buffer size */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrebs_register, 4);

/* PMRSWTP - PMR Sustained Write Throughput, offset E10h (§3.1.22). */
union spdk_nvme_pmrswtp_register {
	uint32_t raw;
	struct {
		uint32_t pmrswtu	: 4;	/* units: B/s, KiB/s, MiB/s, GiB/s */
		uint32_t reserved	: 4;
		uint32_t pmrswtv	: 24;	/* throughput */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrswtp_register, 4);

/* PMRMSC lower half - PMR Memory Space Control, offset E14h (§3.1.23). */
union spdk_nvme_pmrmscl_register {
	uint32_t raw;
	struct {
		uint32_t reserved1	: 1;
		uint32_t cmse		: 1;	/* controller memory space enable */
		uint32_t reserved2	: 10;
		uint32_t cba		: 20;	/* controller base address bits 31:12 */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_pmrmscl_register, 4);

/*
 * The register file in BAR0 (§3.1, Figure 78).  Doorbells start at 1000h;
 * with CAP.DSTRD != 0 they are further apart than doorbell[] suggests, so
 * compute their addresses from the stride rather than indexing past [0].
 */
struct spdk_nvme_registers {
	union spdk_nvme_cap_register	cap;		/* 00h */
	union spdk_nvme_vs_register	vs;		/* 08h */
	uint32_t			intms;		/* 0Ch interrupt mask set */
	uint32_t			intmc;		/* 10h interrupt mask clear */
	union spdk_nvme_cc_register	cc;		/* 14h */
	uint32_t			reserved1;	/* 18h */
	union spdk_nvme_csts_register	csts;		/* 1Ch */
	uint32_t			nssr;		/* 20h NVM subsystem reset */
	union spdk_nvme_aqa_register	aqa;		/* 24h */
	uint64_t			asq;		/* 28h admin SQ base address */
	uint64_t			acq;		/* 30h admin CQ base address */
	union spdk_nvme_cmbloc_register	cmbloc;		/* 38h */
	union spdk_nvme_cmbsz_register	cmbsz;		/* 3Ch */
	union spdk_nvme_bpinfo_register	bpinfo;		/* 40h */
	union spdk_nvme_bprsel_register	bprsel;		/* 44h */
	uint64_t			bpmbl;		/* 48h boot partition buffer */
	union spdk_nvme_cmbmsc_register	cmbmsc;		/* 50h */
	union spdk_nvme_cmbsts_register	cmbsts;		/* 58h */
	uint32_t			reserved2[0x369];	/* 5Ch..DFFh */
	union spdk_nvme_pmrcap_register	pmrcap;		/* E00h */
	union spdk_nvme_pmrctl_register	pmrctl;		/* E04h */
	union spdk_nvme_pmrsts_register	pmrsts;		/* E08h */
	union spdk_nvme_pmrebs_register	pmrebs;		/* E0Ch */
	union spdk_nvme_pmrswtp_register pmrswtp;	/* E10h */
	union spdk_nvme_pmrmscl_register pmrmscl;	/* E14h */
	uint32_t			pmrmscu;	/* E18h upper 32 bits of PMRMSC */
	uint32_t			reserved3[0x79];	/* E1Ch..FFFh */
	struct {
		uint32_t sq_tdbl;	/* SQ y tail doorbell: 1000h + (2y) * (4 << DSTRD) */
		uint32_t cq_hdbl;	/* CQ y head doorbell: 1000h + (2y + 1) * (4 << DSTRD) */
	} doorbell[1];
};
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cap, 0x00);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, vs, 0x08);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, intms, 0x0C);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, intmc, 0x10);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cc, 0x14);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, csts, 0x1C);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, nssr, 0x20);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, aqa, 0x24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, asq, 0x28);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, acq, 0x30);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbloc, 0x38);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbsz, 0x3C);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, bpinfo, 0x40);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, bprsel, 0x44);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, bpmbl, 0x48);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbmsc, 0x50);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbsts, 0x58);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrcap, 0xE00);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrctl, 0xE04);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrsts, 0xE08);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrebs, 0xE0C);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrswtp, 0xE10);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrmscl, 0xE14);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, pmrmscu, 0xE18);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, doorbell, 0x1000);
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_registers, 0x1008);

/* ======================================================================
 * Scatter gather lists (§4.4)
 * ====================================================================== */

/* SGL descriptor type, upper nibble of byte 15 (§4.4, Figure 114). */
enum spdk_nvme_sgl_descriptor_type {
	SPDK_NVME_SGL_TYPE_DATA_BLOCK		= 0x0,
	SPDK_NVME_SGL_TYPE_BIT_BUCKET		= 0x1,
	SPDK_NVME_SGL_TYPE_SEGMENT		= 0x2,
	SPDK_NVME_SGL_TYPE_LAST_SEGMENT		= 0x3,
	SPDK_NVME_SGL_TYPE_KEYED_DATA_BLOCK	= 0x4,
	SPDK_NVME_SGL_TYPE_TRANSPORT_DATA_BLOCK	= 0x5,
	/* 6h..Eh reserved */
	SPDK_NVME_SGL_TYPE_VENDOR_SPECIFIC	= 0xF,
};

/* SGL descriptor sub type, lower nibble of byte 15 (§4.4, Figure 115). */
enum spdk_nvme_sgl_descriptor_subtype {
	SPDK_NVME_SGL_SUBTYPE_ADDRESS		= 0x0,	/* address field is an address */
	SPDK_NVME_SGL_SUBTYPE_OFFSET		= 0x1,	/* address field is an offset */
	SPDK_NVME_SGL_SUBTYPE_TRANSPORT		= 0xA,	/* transport specific */
};

/* One 16-byte SGL descriptor (§4.4).  Byte 15 always holds sub type and type. */
struct spdk_nvme_sgl_descriptor {
	uint64_t address;
	union {
		struct {
			uint8_t reserved[7];
			uint8_t subtype		: 4;
			uint8_t type		: 4;
		} generic;

		struct {			/* data block, segment, bit bucket */
			uint32_t length;
			uint8_t reserved[3];
			uint8_t subtype		: 4;
			uint8_t type		: 4;
		} unkeyed;

		struct {			/* keyed data block (fabrics) */
			uint64_t length		: 24;
			uint64_t key		: 32;
			uint64_t subtype	: 4;
			uint64_t type		: 4;
		} keyed;
	};
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_sgl_descriptor, 16);

/* ======================================================================
 * Submission queue entry (§4.2)
 * ====================================================================== */

/* CDW0.PSDT - PRP or SGL for data transfer (§4.2, Figure 105). */
enum spdk_nvme_psdt_value {
	SPDK_NVME_PSDT_PRP		= 0x0,
	SPDK_NVME_PSDT_SGL_MPTR_CONTIG	= 0x1,	/* SGL data, MPTR is a buffer address */
	SPDK_NVME_PSDT_SGL_MPTR_SGL	= 0x2,	/* SGL data, MPTR points at an SGL */
	SPDK_NVME_PSDT_RESERVED		= 0x3,
};

/* CDW0.FUSE - fused operation (§4.2, §4.12). */
enum spdk_nvme_cmd_fuse {
	SPDK_NVME_CMD_FUSE_NONE		= 0x0,
	SPDK_NVME_CMD_FUSE_FIRST	= 0x1,
	SPDK_NVME_CMD_FUSE_SECOND	= 0x2,
	SPDK_NVME_CMD_FUSE_MASK		= 0x3,
};

/* Create I/O SQ CDW11.QPRIO mask (values: enum spdk_nvme_qprio in spdk/nvme.h). */
#define SPDK_NVME_CREATE_IO_SQ_QPRIO_MASK	0x3

/* ---- Feature values carried in CDW11 of Set/Get Features (§5.21.1) ---- */

/* 01h Arbitration (§5.21.1.1). */
union spdk_nvme_feat_arbitration {
	uint32_t raw;
	struct {
		uint32_t ab		: 3;	/* arbitration burst, 2^ab; 7 = no limit */
		uint32_t reserved	: 5;
		uint32_t lpw		: 8;	/* low priority weight, 0's based */
		uint32_t mpw		: 8;	/* medium priority weight */
		uint32_t hpw		: 8;	/* high priority weight */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_arbitration, 4);
#define SPDK_NVME_ARBITRATION_BURST_UNLIMITED	0x7

/* 02h Power Management (§5.21.1.2). */
union spdk_nvme_feat_power_management {
	uint32_t raw;
	struct {
		uint32_t ps		: 5;	/* power state */
		uint32_t wh		: 3;	/* workload hint */
		uint32_t reserved	: 24;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_power_management, 4);

/* 03h LBA Range Type (§5.21.1.3). */
union spdk_nvme_feat_lba_range_type {
	uint32_t raw;
	struct {
		uint32_t num		: 6;	/* number of ranges, 0's based */
		uint32_t reserved	: 26;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_lba_range_type, 4);

/* 04h Temperature Threshold (§5.21.1.4). */
union spdk_nvme_feat_temperature_threshold {
	uint32_t raw;
	struct {
		uint32_t tmpth		: 16;	/* threshold, kelvin */
		uint32_t tmpsel		: 4;	/* sensor select */
		uint32_t thsel		: 2;	/* 0 over, 1 under */
		uint32_t reserved	: 10;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_temperature_threshold, 4);

/* 05h Error Recovery (§5.21.1.5). */
union spdk_nvme_feat_error_recovery {
	uint32_t raw;
	struct {
		uint32_t tler		: 16;	/* time limited error recovery, 100 ms */
		uint32_t dulbe		: 1;	/* deallocated/unwritten block error enable */
		uint32_t reserved	: 15;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_error_recovery, 4);

/* 06h Volatile Write Cache (§5.21.1.6). */
union spdk_nvme_feat_volatile_write_cache {
	uint32_t raw;
	struct {
		uint32_t wce		: 1;	/* write cache enable */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_volatile_write_cache, 4);

/*
 * 07h Number of Queues (§5.21.1.7).  Both counts are 0's based; the
 * completion's CDW0 returns the allocated counts in the same layout.
 */
union spdk_nvme_feat_number_of_queues {
	uint32_t raw;
	struct {
		uint32_t nsqr		: 16;	/* I/O submission queues */
		uint32_t ncqr		: 16;	/* I/O completion queues */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_number_of_queues, 4);

/* 08h Interrupt Coalescing (§5.21.1.8). */
union spdk_nvme_feat_interrupt_coalescing {
	uint32_t raw;
	struct {
		uint32_t thr		: 8;	/* aggregation threshold, 0's based */
		uint32_t time		: 8;	/* aggregation time, 100 us */
		uint32_t reserved	: 16;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_interrupt_coalescing, 4);

/* 09h Interrupt Vector Configuration (§5.21.1.9). */
union spdk_nvme_feat_interrupt_vector_configuration {
	uint32_t raw;
	struct {
		uint32_t iv		: 16;	/* interrupt vector */
		uint32_t cd		: 1;	/* coalescing disable */
		uint32_t reserved	: 15;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_interrupt_vector_configuration, 4);

/* 0Ah Write Atomicity Normal (§5.21.1.10). */
union spdk_nvme_feat_write_atomicity {
	uint32_t raw;
	struct {
		uint32_t dn		: 1;	/* disable normal */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_write_atomicity, 4);

/* SMART critical warning bits: health log byte 0 and AEN config (§5.14.1.2). */
union spdk_nvme_critical_warning_state {
	uint8_t raw;
	struct {
		uint8_t available_spare		: 1;
		uint8_t temperature		: 1;
		uint8_t device_reliability	: 1;
		uint8_t read_only		: 1;
		uint8_t volatile_memory_backup	: 1;
		uint8_t reserved		: 3;	/* bit 5: PMR read-only (1.4) */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_critical_warning_state, 1);

/* 0Bh Asynchronous Event Configuration (§5.21.1.11). */
union spdk_nvme_feat_async_event_configuration {
	uint32_t raw;
	struct {
		union spdk_nvme_critical_warning_state crit_warn;
		uint8_t ns_attr_notice			: 1;	/* bit 8 */
		uint8_t fw_activation_notice		: 1;	/* bit 9 */
		uint8_t telemetry_log_notice		: 1;	/* bit 10 */
		uint8_t ana_change_notice		: 1;	/* bit 11 */
		uint8_t reserved1			: 4;	/* bits 12..14: PLEA, LSIN, EGEALCN */
		uint16_t reserved2			: 15;
		uint16_t discovery_log_change_notice	: 1;	/* bit 31, NVMe-oF */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_async_event_configuration, 4);
/* Older SPDK name of the same type. */
#define spdk_nvme_async_event_config spdk_nvme_feat_async_event_configuration

/* 0Ch Autonomous Power State Transition (§5.21.1.12). */
union spdk_nvme_feat_autonomous_power_state_transition {
	uint32_t raw;
	struct {
		uint32_t apste		: 1;
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_autonomous_power_state_transition, 4);

/* 0Dh Host Memory Buffer (§5.21.1.13). */
union spdk_nvme_feat_host_mem_buffer {
	uint32_t raw;
	struct {
		uint32_t ehm		: 1;	/* enable host memory */
		uint32_t mr		: 1;	/* memory return */
		uint32_t reserved	: 30;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_host_mem_buffer, 4);

/* 0Fh Keep Alive Timer (§5.21.1.15). */
union spdk_nvme_feat_keep_alive_timer {
	uint32_t raw;
	struct {
		uint32_t kato		: 32;	/* keep alive timeout, ms */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_keep_alive_timer, 4);

/* 10h Host Controlled Thermal Management (§5.21.1.16). */
union spdk_nvme_feat_host_controlled_thermal_management {
	uint32_t raw;
	struct {
		uint32_t tmt2		: 16;	/* kelvin */
		uint32_t tmt1		: 16;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_host_controlled_thermal_management, 4);

/* 11h Non-Operational Power State Config (§5.21.1.17). */
union spdk_nvme_feat_non_operational_power_state_config {
	uint32_t raw;
	struct {
		uint32_t noppme		: 1;	/* permissive mode enable */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_non_operational_power_state_config, 4);

/* 80h Software Progress Marker (§5.21.1.25). */
union spdk_nvme_feat_software_progress_marker {
	uint32_t raw;
	struct {
		uint32_t pbslc		: 8;	/* pre-boot software load count */
		uint32_t reserved	: 24;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_software_progress_marker, 4);

/* 81h Host Identifier (§5.21.1.26). */
union spdk_nvme_feat_host_identifier {
	uint32_t raw;
	struct {
		uint32_t exhid		: 1;	/* 128-bit host identifier */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_host_identifier, 4);

/* 82h Reservation Notification Mask (§5.21.1.27). */
union spdk_nvme_feat_reservation_notification_mask {
	uint32_t raw;
	struct {
		uint32_t reserved1	: 1;
		uint32_t regpre		: 1;	/* mask registration preempted */
		uint32_t resrel		: 1;	/* mask reservation released */
		uint32_t respre		: 1;	/* mask reservation preempted */
		uint32_t reserved2	: 28;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_reservation_notification_mask, 4);

/* 83h Reservation Persistence (§5.21.1.28). */
union spdk_nvme_feat_reservation_persistence {
	uint32_t raw;
	struct {
		uint32_t ptpl		: 1;	/* persist through power loss */
		uint32_t reserved	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_reservation_persistence, 4);

/* ---- Command Dword 10 and 11 views, per command ---- */

union spdk_nvme_cmd_cdw10 {
	uint32_t raw;

	struct {				/* Identify (§5.15.1) */
		uint32_t cns		: 8;	/* enum spdk_nvme_identify_cns */
		uint32_t reserved	: 8;
		uint32_t cntid		: 16;	/* controller identifier */
	} identify;

	struct {				/* Get Log Page (§5.14.1) */
		uint32_t lid		: 8;	/* enum spdk_nvme_log_page */
		uint32_t lsp		: 4;	/* log specific field */
		uint32_t reserved	: 3;
		uint32_t rae		: 1;	/* retain asynchronous event */
		uint32_t numdl		: 16;	/* dwords, 0's based, low half */
	} get_log_page;

	struct {				/* Abort (§5.1) */
		uint32_t sqid		: 16;
		uint32_t cid		: 16;
	} abort;

	struct {				/* Security Send/Receive (§5.25, §5.26) */
		uint32_t nssf		: 8;
		uint32_t spsp0		: 8;
		uint32_t spsp1		: 8;
		uint32_t secp		: 8;
	} sec_send_recv;

	struct {				/* Create I/O CQ/SQ (§5.4, §5.5) */
		uint32_t qid		: 16;
		uint32_t qsize		: 16;	/* entries, 0's based */
	} create_io_q;

	struct {				/* Delete I/O CQ/SQ (§5.6, §5.7) */
		uint32_t qid		: 16;
		uint32_t reserved	: 16;
	} delete_io_q;

	struct {				/* Get Features (§5.9) */
		uint32_t fid		: 8;	/* enum spdk_nvme_feat */
		uint32_t sel		: 3;	/* enum spdk_nvme_feat_select */
		uint32_t reserved	: 21;
	} get_features;

	struct {				/* Set Features (§5.21) */
		uint32_t fid		: 8;
		uint32_t reserved	: 23;
		uint32_t sv		: 1;	/* save */
	} set_features;

	struct {				/* Namespace Attachment (§5.19) */
		uint32_t sel		: 4;	/* enum spdk_nvme_ns_attach_type */
		uint32_t reserved	: 28;
	} ns_attach;

	struct {				/* Namespace Management (§5.20) */
		uint32_t sel		: 4;	/* enum spdk_nvme_ns_management_type */
		uint32_t reserved	: 28;
	} ns_manage;

	struct {				/* Dataset Management (NVM §6.7) */
		uint32_t nr		: 8;	/* ranges, 0's based */
		uint32_t reserved	: 24;
	} dsm;

	struct {				/* Reservation Register (§6.11) */
		uint32_t rrega		: 3;
		uint32_t iekey		: 1;
		uint32_t reserved	: 26;
		uint32_t cptpl		: 2;
	} resv_register;

	struct {				/* Reservation Release (§6.13) */
		uint32_t rrela		: 3;
		uint32_t iekey		: 1;
		uint32_t reserved1	: 4;
		uint32_t rtype		: 8;
		uint32_t reserved2	: 16;
	} resv_release;

	struct {				/* Reservation Acquire (§6.10) */
		uint32_t racqa		: 3;
		uint32_t iekey		: 1;
		uint32_t reserved1	: 4;
		uint32_t rtype		: 8;
		uint32_t reserved2	: 16;
	} resv_acquire;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmd_cdw10, 4);

union spdk_nvme_cmd_cdw11 {
	uint32_t raw;

	struct {				/* Identify (§5.15.1) */
		uint32_t nvmsetid	: 16;
		uint32_t reserved	: 8;
		uint32_t csi		: 8;	/* command set identifier (2.0) */
	} identify;

	struct {				/* Create I/O SQ (§5.5) */
		uint32_t pc		: 1;	/* physically contiguous */
		uint32_t qprio		: 2;	/* enum spdk_nvme_qprio */
		uint32_t reserved	: 13;
		uint32_t cqid		: 16;
	} create_io_sq;

	struct {				/* Create I/O CQ (§5.4) */
		uint32_t pc		: 1;	/* physically contiguous */
		uint32_t ien		: 1;	/* interrupts enabled */
		uint32_t reserved	: 14;
		uint32_t iv		: 16;	/* interrupt vector */
	} create_io_cq;

	struct {				/* Directive Send/Receive (§5.8, §5.9) */
		uint32_t doper		: 8;
		uint32_t dtype		: 8;
		uint32_t dspec		: 16;
	} directive;

	struct {				/* Get Log Page (§5.14.1) */
		uint32_t numdu		: 16;	/* dwords, high half */
		uint32_t lsid		: 16;	/* log specific identifier */
	} get_log_page;

	struct {				/* Reservation Report (§6.12) */
		uint32_t eds		: 1;	/* extended data structure */
		uint32_t reserved	: 31;
	} resv_report;

	union spdk_nvme_feat_arbitration			feat_arbitration;
	union spdk_nvme_feat_power_management			feat_power_management;
	union spdk_nvme_feat_lba_range_type			feat_lba_range_type;
	union spdk_nvme_feat_temperature_threshold		feat_temp_threshold;
	union spdk_nvme_feat_error_recovery			feat_error_recovery;
	union spdk_nvme_feat_volatile_write_cache		feat_volatile_write_cache;
	union spdk_nvme_feat_number_of_queues			feat_num_of_queues;
	union spdk_nvme_feat_interrupt_coalescing		feat_interrupt_coalescing;
	union spdk_nvme_feat_interrupt_vector_configuration	feat_interrupt_vector_configuration;
	union spdk_nvme_feat_write_atomicity			feat_write_atomicity;
	union spdk_nvme_feat_async_event_configuration		feat_async_event_cfg;
	union spdk_nvme_feat_keep_alive_timer			feat_keep_alive_timer;
	union spdk_nvme_feat_host_identifier			feat_host_identifier;
	union spdk_nvme_feat_reservation_notification_mask	feat_rsv_notification_mask;
	union spdk_nvme_feat_reservation_persistence		feat_rsv_persistence;

	struct {				/* Dataset Management (NVM §6.7) */
		uint32_t idr		: 1;	/* integral dataset for read */
		uint32_t idw		: 1;	/* integral dataset for write */
		uint32_t ad		: 1;	/* deallocate */
		uint32_t reserved	: 29;
	} dsm;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmd_cdw11, 4);

/* The 64-byte submission queue entry, common command format (§4.2). */
struct spdk_nvme_cmd {
	/* dword 0 */
	uint16_t opc	: 8;		/* opcode */
	uint16_t fuse	: 2;		/* enum spdk_nvme_cmd_fuse */
	uint16_t rsvd1	: 4;
	uint16_t psdt	: 2;		/* enum spdk_nvme_psdt_value */
	uint16_t cid;			/* command identifier */

	/* dword 1 */
	uint32_t nsid;

	/* dwords 2-3 */
	uint32_t rsvd2;
	uint32_t rsvd3;

	/* dwords 4-5 */
	uint64_t mptr;			/* metadata pointer */

	/* dwords 6-9: data pointer */
	union {
		struct {
			uint64_t prp1;
			uint64_t prp2;
		} prp;
		struct spdk_nvme_sgl_descriptor sgl1;
	} dptr;

	/* dwords 10-15: command specific */
	union {
		uint32_t cdw10;
		union spdk_nvme_cmd_cdw10 cdw10_bits;
	};
	union {
		uint32_t cdw11;
		union spdk_nvme_cmd_cdw11 cdw11_bits;
	};
	uint32_t cdw12;
	uint32_t cdw13;
	uint32_t cdw14;
	uint32_t cdw15;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmd, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cid, 2);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, nsid, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, mptr, 16);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, dptr, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw10, 40);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw11, 44);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw12, 48);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw15, 60);

/* ======================================================================
 * Completion queue entry (§4.6)
 * ====================================================================== */

/* Status field: CQE dword 3 bits 31:16, phase tag included (§4.6.1). */
struct spdk_nvme_status {
	uint16_t p	: 1;	/* phase tag */
	uint16_t sc	: 8;	/* status code */
	uint16_t sct	: 3;	/* enum spdk_nvme_status_code_type */
	uint16_t crd	: 2;	/* command retry delay (selects CRDT1..3) */
	uint16_t m	: 1;	/* more: error log has more information */
	uint16_t dnr	: 1;	/* do not retry */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_status, 2);

/* The 16-byte completion queue entry (§4.6). */
struct spdk_nvme_cpl {
	/* dword 0 */
	uint32_t cdw0;			/* command specific */

	/* dword 1 */
	uint32_t cdw1;			/* command specific */

	/* dword 2 */
	uint16_t sqhd;			/* SQ head pointer */
	uint16_t sqid;			/* SQ identifier */

	/* dword 3 */
	uint16_t cid;			/* command identifier */
	union {
		uint16_t		status_raw;
		struct spdk_nvme_status	status;
	};
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cpl, 16);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cpl, sqhd, 8);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cpl, cid, 12);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cpl, status_raw, 14);

/* ======================================================================
 * Status codes (§4.6.1.2)
 * ====================================================================== */

/* Status Code Type (Figure 125). */
enum spdk_nvme_status_code_type {
	SPDK_NVME_SCT_GENERIC		= 0x0,
	SPDK_NVME_SCT_COMMAND_SPECIFIC	= 0x1,
	SPDK_NVME_SCT_MEDIA_ERROR	= 0x2,
	SPDK_NVME_SCT_PATH		= 0x3,
	/* 4h..6h reserved */
	SPDK_NVME_SCT_VENDOR_SPECIFIC	= 0x7,
};

/* Generic command status (§4.6.1.2.1, Figures 126 and 127). */
enum spdk_nvme_generic_command_status_code {
	SPDK_NVME_SC_SUCCESS				= 0x00,
	SPDK_NVME_SC_INVALID_OPCODE			= 0x01,
	SPDK_NVME_SC_INVALID_FIELD			= 0x02,
	SPDK_NVME_SC_COMMAND_ID_CONFLICT		= 0x03,
	SPDK_NVME_SC_DATA_TRANSFER_ERROR		= 0x04,
	SPDK_NVME_SC_ABORTED_POWER_LOSS			= 0x05,
	SPDK_NVME_SC_INTERNAL_DEVICE_ERROR		= 0x06,
	SPDK_NVME_SC_ABORTED_BY_REQUEST			= 0x07,
	SPDK_NVME_SC_ABORTED_SQ_DELETION		= 0x08,
	SPDK_NVME_SC_ABORTED_FAILED_FUSED		= 0x09,
	SPDK_NVME_SC_ABORTED_MISSING_FUSED		= 0x0a,
	SPDK_NVME_SC_INVALID_NAMESPACE_OR_FORMAT	= 0x0b,
	SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR		= 0x0c,
	SPDK_NVME_SC_INVALID_SGL_SEG_DESCRIPTOR		= 0x0d,
	/* (sic) SPDK's spelling, kept for source compatibility */
	SPDK_NVME_SC_INVALID_NUM_SGL_DESCIRPTORS	= 0x0e,
	SPDK_NVME_SC_DATA_SGL_LENGTH_INVALID		= 0x0f,
	SPDK_NVME_SC_METADATA_SGL_LENGTH_INVALID	= 0x10,
	SPDK_NVME_SC_SGL_DESCRIPTOR_TYPE_INVALID	= 0x11,
	SPDK_NVME_SC_INVALID_CONTROLLER_MEM_BUF		= 0x12,
	SPDK_NVME_SC_INVALID_PRP_OFFSET			= 0x13,
	SPDK_NVME_SC_ATOMIC_WRITE_UNIT_EXCEEDED		= 0x14,
	SPDK_NVME_SC_OPERATION_DENIED			= 0x15,
	SPDK_NVME_SC_INVALID_SGL_OFFSET			= 0x16,
	/* 17h reserved */
	SPDK_NVME_SC_HOSTID_INCONSISTENT_FORMAT		= 0x18,
	SPDK_NVME_SC_KEEP_ALIVE_EXPIRED			= 0x19,
	SPDK_NVME_SC_KEEP_ALIVE_INVALID			= 0x1a,
	SPDK_NVME_SC_ABORTED_PREEMPT			= 0x1b,
	SPDK_NVME_SC_SANITIZE_FAILED			= 0x1c,
	SPDK_NVME_SC_SANITIZE_IN_PROGRESS		= 0x1d,
	SPDK_NVME_SC_SGL_DATA_BLOCK_GRANULARITY_INVALID	= 0x1e,
	SPDK_NVME_SC_COMMAND_INVALID_IN_CMB		= 0x1f,
	SPDK_NVME_SC_NAMESPACE_IS_WRITE_PROTECTED	= 0x20,
	SPDK_NVME_SC_COMMAND_INTERRUPTED		= 0x21,
	SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR	= 0x22,
	/* 23h..7Fh reserved */

	/* NVM command set (Figure 127) */
	SPDK_NVME_SC_LBA_OUT_OF_RANGE			= 0x80,
	SPDK_NVME_SC_CAPACITY_EXCEEDED			= 0x81,
	SPDK_NVME_SC_NAMESPACE_NOT_READY		= 0x82,
	SPDK_NVME_SC_RESERVATION_CONFLICT		= 0x83,
	SPDK_NVME_SC_FORMAT_IN_PROGRESS			= 0x84,
	/* 85h..BFh reserved, C0h..FFh vendor specific */
};

/* Command specific status (§4.6.1.2.2, Figures 128 and 129). */
enum spdk_nvme_command_specific_status_code {
	SPDK_NVME_SC_COMPLETION_QUEUE_INVALID		= 0x00,
	SPDK_NVME_SC_INVALID_QUEUE_IDENTIFIER		= 0x01,
	SPDK_NVME_SC_INVALID_QUEUE_SIZE			= 0x02,
	SPDK_NVME_SC_ABORT_COMMAND_LIMIT_EXCEEDED	= 0x03,
	/* 04h reserved */
	SPDK_NVME_SC_ASYNC_EVENT_REQUEST_LIMIT_EXCEEDED	= 0x05,
	SPDK_NVME_SC_INVALID_FIRMWARE_SLOT		= 0x06,
	SPDK_NVME_SC_INVALID_FIRMWARE_IMAGE		= 0x07,
	SPDK_NVME_SC_INVALID_INTERRUPT_VECTOR		= 0x08,
	SPDK_NVME_SC_INVALID_LOG_PAGE			= 0x09,
	SPDK_NVME_SC_INVALID_FORMAT			= 0x0a,
	SPDK_NVME_SC_FIRMWARE_REQ_CONVENTIONAL_RESET	= 0x0b,
	SPDK_NVME_SC_INVALID_QUEUE_DELETION		= 0x0c,
	SPDK_NVME_SC_FEATURE_ID_NOT_SAVEABLE		= 0x0d,
	SPDK_NVME_SC_FEATURE_NOT_CHANGEABLE		= 0x0e,
	SPDK_NVME_SC_FEATURE_NOT_NAMESPACE_SPECIFIC	= 0x0f,
	SPDK_NVME_SC_FIRMWARE_REQ_NVM_RESET		= 0x10,
	SPDK_NVME_SC_FIRMWARE_REQ_RESET			= 0x11,
	SPDK_NVME_SC_FIRMWARE_REQ_MAX_TIME_VIOLATION	= 0x12,
	SPDK_NVME_SC_FIRMWARE_ACTIVATION_PROHIBITED	= 0x13,
	SPDK_NVME_SC_OVERLAPPING_RANGE			= 0x14,
	SPDK_NVME_SC_NAMESPACE_INSUFFICIENT_CAPACITY	= 0x15,
	SPDK_NVME_SC_NAMESPACE_ID_UNAVAILABLE		= 0x16,
	/* 17h reserved */
	SPDK_NVME_SC_NAMESPACE_ALREADY_ATTACHED		= 0x18,
	SPDK_NVME_SC_NAMESPACE_IS_PRIVATE		= 0x19,
	SPDK_NVME_SC_NAMESPACE_NOT_ATTACHED		= 0x1a,
	SPDK_NVME_SC_THINPROVISIONING_NOT_SUPPORTED	= 0x1b,
	SPDK_NVME_SC_CONTROLLER_LIST_INVALID		= 0x1c,
	SPDK_NVME_SC_DEVICE_SELF_TEST_IN_PROGRESS	= 0x1d,
	SPDK_NVME_SC_BOOT_PARTITION_WRITE_PROHIBITED	= 0x1e,
	SPDK_NVME_SC_INVALID_CTRLR_ID			= 0x1f,
	SPDK_NVME_SC_INVALID_SECONDARY_CTRLR_STATE	= 0x20,
	SPDK_NVME_SC_INVALID_NUM_CTRLR_RESOURCES	= 0x21,
	SPDK_NVME_SC_INVALID_RESOURCE_ID		= 0x22,
	SPDK_NVME_SC_SANITIZE_PROHIBITED		= 0x23,
	SPDK_NVME_SC_ANA_GROUP_IDENTIFIER_INVALID	= 0x24,
	SPDK_NVME_SC_ANA_ATTACH_FAILED			= 0x25,
	/* 26h..28h: NVMe 2.0 (not defined here) */
	SPDK_NVME_SC_IOCS_NOT_SUPPORTED			= 0x29,	/* NVMe 2.0 */
	SPDK_NVME_SC_IOCS_NOT_ENABLED			= 0x2a,	/* NVMe 2.0 */
	SPDK_NVME_SC_IOCS_COMBINATION_REJECTED		= 0x2b,	/* NVMe 2.0 */
	SPDK_NVME_SC_INVALID_IOCS			= 0x2c,	/* NVMe 2.0 */
	/* 2Dh..6Fh reserved, 70h..7Fh directive specific */
	SPDK_NVME_SC_STREAM_RESOURCE_ALLOCATION_FAILED	= 0x7f,

	/* NVM command set (Figure 129) */
	SPDK_NVME_SC_CONFLICTING_ATTRIBUTES		= 0x80,
	SPDK_NVME_SC_INVALID_PROTECTION_INFO		= 0x81,
	SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_RANGE	= 0x82,
	SPDK_NVME_SC_COMMAND_SIZE_LIMIT_EXCEEDED	= 0x83,	/* Copy (TP 4065) */
};
/* Earlier SPDK spellings of the same codes. */
#define SPDK_NVME_SC_MAXIMUM_QUEUE_SIZE_EXCEEDED	SPDK_NVME_SC_INVALID_QUEUE_SIZE
#define SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_PAGE		SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_RANGE

/* Media and data integrity errors (§4.6.1.2.3, Figure 130). */
enum spdk_nvme_media_error_status_code {
	SPDK_NVME_SC_WRITE_FAULTS			= 0x80,
	SPDK_NVME_SC_UNRECOVERED_READ_ERROR		= 0x81,
	SPDK_NVME_SC_GUARD_CHECK_ERROR			= 0x82,
	SPDK_NVME_SC_APPLICATION_TAG_CHECK_ERROR	= 0x83,
	SPDK_NVME_SC_REFERENCE_TAG_CHECK_ERROR		= 0x84,
	SPDK_NVME_SC_COMPARE_FAILURE			= 0x85,
	SPDK_NVME_SC_ACCESS_DENIED			= 0x86,
	SPDK_NVME_SC_DEALLOCATED_OR_UNWRITTEN_BLOCK	= 0x87,
};

/* Path related status (§4.6.1.2.4, Figure 131). */
enum spdk_nvme_path_status_code {
	SPDK_NVME_SC_INTERNAL_PATH_ERROR		= 0x00,
	SPDK_NVME_SC_ASYMMETRIC_ACCESS_PERSISTENT_LOSS	= 0x01,
	SPDK_NVME_SC_ASYMMETRIC_ACCESS_INACCESSIBLE	= 0x02,
	SPDK_NVME_SC_ASYMMETRIC_ACCESS_TRANSITION	= 0x03,
	/* 04h..5Fh reserved; 60h..6Fh controller detected */
	SPDK_NVME_SC_CONTROLLER_PATH_ERROR		= 0x60,
	/* 70h..7Fh host detected */
	SPDK_NVME_SC_HOST_PATH_ERROR			= 0x70,
	SPDK_NVME_SC_ABORTED_BY_HOST			= 0x71,
};

/* ======================================================================
 * Opcodes (§5, Figure 139; NVM command set §6, Figure 346)
 * ====================================================================== */

#define SPDK_NVME_MAX_OPC	0xff

enum spdk_nvme_admin_opcode {
	SPDK_NVME_OPC_DELETE_IO_SQ			= 0x00,
	SPDK_NVME_OPC_CREATE_IO_SQ			= 0x01,
	SPDK_NVME_OPC_GET_LOG_PAGE			= 0x02,
	SPDK_NVME_OPC_DELETE_IO_CQ			= 0x04,
	SPDK_NVME_OPC_CREATE_IO_CQ			= 0x05,
	SPDK_NVME_OPC_IDENTIFY				= 0x06,
	SPDK_NVME_OPC_ABORT				= 0x08,
	SPDK_NVME_OPC_SET_FEATURES			= 0x09,
	SPDK_NVME_OPC_GET_FEATURES			= 0x0a,
	SPDK_NVME_OPC_ASYNC_EVENT_REQUEST		= 0x0c,
	SPDK_NVME_OPC_NS_MANAGEMENT			= 0x0d,
	SPDK_NVME_OPC_FIRMWARE_COMMIT			= 0x10,
	SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD		= 0x11,
	SPDK_NVME_OPC_DEVICE_SELF_TEST			= 0x14,
	SPDK_NVME_OPC_NS_ATTACHMENT			= 0x15,
	SPDK_NVME_OPC_KEEP_ALIVE			= 0x18,
	SPDK_NVME_OPC_DIRECTIVE_SEND			= 0x19,
	SPDK_NVME_OPC_DIRECTIVE_RECEIVE			= 0x1a,
	SPDK_NVME_OPC_VIRTUALIZATION_MANAGEMENT		= 0x1c,
	SPDK_NVME_OPC_NVME_MI_SEND			= 0x1d,
	SPDK_NVME_OPC_NVME_MI_RECEIVE			= 0x1e,
	SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG		= 0x7c,
	SPDK_NVME_OPC_FORMAT_NVM			= 0x80,
	SPDK_NVME_OPC_SECURITY_SEND			= 0x81,
	SPDK_NVME_OPC_SECURITY_RECEIVE			= 0x82,
	SPDK_NVME_OPC_SANITIZE				= 0x84,
	SPDK_NVME_OPC_GET_LBA_STATUS			= 0x86,
};

enum spdk_nvme_nvm_opcode {
	SPDK_NVME_OPC_FLUSH				= 0x00,
	SPDK_NVME_OPC_WRITE				= 0x01,
	SPDK_NVME_OPC_READ				= 0x02,
	SPDK_NVME_OPC_WRITE_UNCORRECTABLE		= 0x04,
	SPDK_NVME_OPC_COMPARE				= 0x05,
	SPDK_NVME_OPC_WRITE_ZEROES			= 0x08,
	SPDK_NVME_OPC_DATASET_MANAGEMENT		= 0x09,
	SPDK_NVME_OPC_VERIFY				= 0x0c,
	SPDK_NVME_OPC_RESERVATION_REGISTER		= 0x0d,
	SPDK_NVME_OPC_RESERVATION_REPORT		= 0x0e,
	SPDK_NVME_OPC_RESERVATION_ACQUIRE		= 0x11,
	SPDK_NVME_OPC_RESERVATION_RELEASE		= 0x15,
	SPDK_NVME_OPC_COPY				= 0x19,	/* TP 4065 */
};

/* Opcode bits 1:0 give the data direction (§5, Figure 139 note). */
enum spdk_nvme_data_transfer {
	SPDK_NVME_DATA_NONE			= 0,
	SPDK_NVME_DATA_HOST_TO_CONTROLLER	= 1,
	SPDK_NVME_DATA_CONTROLLER_TO_HOST	= 2,
	SPDK_NVME_DATA_BIDIRECTIONAL		= 3,
};

static inline enum spdk_nvme_data_transfer
spdk_nvme_opc_get_data_transfer(uint8_t opc)
{
	return (enum spdk_nvme_data_transfer)(opc & 3);
}

/* Byte count to a 0's based dword count (NUMD of Get Log Page etc.). */
static inline uint32_t
spdk_nvme_bytes_to_numd(uint32_t len)
{
	return (len >> 2) - 1;
}

/* ======================================================================
 * Features (§5.21.1, Figure 271) and Dataset Management (§6.7)
 * ====================================================================== */

enum spdk_nvme_feat {
	SPDK_NVME_FEAT_ARBITRATION				= 0x01,
	SPDK_NVME_FEAT_POWER_MANAGEMENT				= 0x02,
	SPDK_NVME_FEAT_LBA_RANGE_TYPE				= 0x03,
	SPDK_NVME_FEAT_TEMPERATURE_THRESHOLD			= 0x04,
	SPDK_NVME_FEAT_ERROR_RECOVERY				= 0x05,
	SPDK_NVME_FEAT_VOLATILE_WRITE_CACHE			= 0x06,
	SPDK_NVME_FEAT_NUMBER_OF_QUEUES				= 0x07,
	SPDK_NVME_FEAT_INTERRUPT_COALESCING			= 0x08,
	SPDK_NVME_FEAT_INTERRUPT_VECTOR_CONFIGURATION		= 0x09,
	SPDK_NVME_FEAT_WRITE_ATOMICITY				= 0x0A,
	SPDK_NVME_FEAT_ASYNC_EVENT_CONFIGURATION		= 0x0B,
	SPDK_NVME_FEAT_AUTONOMOUS_POWER_STATE_TRANSITION	= 0x0C,
	SPDK_NVME_FEAT_HOST_MEM_BUFFER				= 0x0D,
	SPDK_NVME_FEAT_TIMESTAMP				= 0x0E,
	SPDK_NVME_FEAT_KEEP_ALIVE_TIMER				= 0x0F,
	SPDK_NVME_FEAT_HOST_CONTROLLED_THERMAL_MANAGEMENT	= 0x10,
	SPDK_NVME_FEAT_NON_OPERATIONAL_POWER_STATE_CONFIG	= 0x11,
	SPDK_NVME_FEAT_READ_RECOVERY_LEVEL_CONFIG		= 0x12,
	SPDK_NVME_FEAT_PREDICTABLE_LATENCY_MODE_CONFIG		= 0x13,
	SPDK_NVME_FEAT_PREDICTABLE_LATENCY_MODE_WINDOW		= 0x14,
	SPDK_NVME_FEAT_LBA_STATUS_INFORMATION_ATTRIBUTES	= 0x15,
	SPDK_NVME_FEAT_HOST_BEHAVIOR_SUPPORT			= 0x16,
	SPDK_NVME_FEAT_SANITIZE_CONFIG				= 0x17,
	SPDK_NVME_FEAT_ENDURANCE_GROUP_EVENT			= 0x18,
	/* 19h..77h reserved, 78h..7Fh NVMe-MI */
	SPDK_NVME_FEAT_SOFTWARE_PROGRESS_MARKER			= 0x80,
	SPDK_NVME_FEAT_HOST_IDENTIFIER				= 0x81,
	SPDK_NVME_FEAT_HOST_RESERVE_MASK			= 0x82,
	SPDK_NVME_FEAT_HOST_RESERVE_PERSIST			= 0x83,
	/* 85h..BFh command set specific, C0h..FFh vendor specific */
};

/* Get Features CDW10.SEL (§5.9.1). */
enum spdk_nvme_feat_select {
	SPDK_NVME_FEAT_SELECT_CURRENT		= 0x0,
	SPDK_NVME_FEAT_SELECT_DEFAULT		= 0x1,
	SPDK_NVME_FEAT_SELECT_SAVED		= 0x2,
	SPDK_NVME_FEAT_SELECT_SUPPORTED		= 0x3,
};

/* Dataset Management CDW11 attribute bits (§6.7). */
enum spdk_nvme_dsm_attribute {
	SPDK_NVME_DSM_ATTR_INTEGRAL_READ	= 0x1,
	SPDK_NVME_DSM_ATTR_INTEGRAL_WRITE	= 0x2,
	SPDK_NVME_DSM_ATTR_DEALLOCATE		= 0x4,
};

/* One Dataset Management range (§6.7, Figure 363). */
struct spdk_nvme_dsm_range {
	union {
		struct {
			uint32_t af		: 4;	/* access frequency */
			uint32_t al		: 2;	/* access latency */
			uint32_t reserved0	: 2;
			uint32_t sr		: 1;	/* sequential read range */
			uint32_t sw		: 1;	/* sequential write range */
			uint32_t wp		: 1;	/* write prepare */
			uint32_t reserved1	: 13;
			uint32_t access_size	: 8;	/* command access size, blocks */
		} bits;
		uint32_t raw;
	} attributes;
	uint32_t length;		/* blocks */
	uint64_t starting_lba;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_dsm_range, 16);

/* Host Behavior Support data (§5.21.1.22). */
struct spdk_nvme_host_behavior {
	uint8_t acre;			/* advanced command retry enable */
	uint8_t reserved[511];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_host_behavior, 512);

/* ======================================================================
 * Identify (§5.15)
 * ====================================================================== */

/* CNS values (§5.15.1, Figure 244). */
enum spdk_nvme_identify_cns {
	SPDK_NVME_IDENTIFY_NS				= 0x00,
	SPDK_NVME_IDENTIFY_CTRLR			= 0x01,
	SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST		= 0x02,
	SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST	= 0x03,
	SPDK_NVME_IDENTIFY_NVM_SET_LIST			= 0x04,	/* ealnvme name */
	SPDK_NVME_IDENTIFY_NS_IOCS			= 0x05,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_CTRLR_IOCS			= 0x06,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST_IOCS		= 0x07,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_ALLOCATED_NS_LIST		= 0x10,
	SPDK_NVME_IDENTIFY_NS_ALLOCATED			= 0x11,
	SPDK_NVME_IDENTIFY_NS_ATTACHED_CTRLR_LIST	= 0x12,
	SPDK_NVME_IDENTIFY_CTRLR_LIST			= 0x13,
	SPDK_NVME_IDENTIFY_PRIMARY_CTRLR_CAP		= 0x14,
	SPDK_NVME_IDENTIFY_SECONDARY_CTRLR_LIST		= 0x15,
	SPDK_NVME_IDENTIFY_NS_GRANULARITY_LIST		= 0x16,	/* ealnvme name */
	SPDK_NVME_IDENTIFY_UUID_LIST			= 0x17,	/* ealnvme name */
	SPDK_NVME_IDENTIFY_ALLOCATED_NS_LIST_IOCS	= 0x1a,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_NS_ALLOCATED_IOCS		= 0x1b,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_IOCS				= 0x1c,	/* NVMe 2.0 */
};

/* Command set identifiers (NVMe 2.0 §5.15.1 / 1.4 TP 4056). */
enum spdk_nvme_csi {
	SPDK_NVME_CSI_NVM	= 0x0,
	SPDK_NVME_CSI_KV	= 0x1,
	SPDK_NVME_CSI_ZNS	= 0x2,
};

/* NVMe over Fabrics controller model (NVMe-oF 1.1 §4). */
enum spdk_nvmf_ctrlr_model {
	SPDK_NVMF_CTRLR_MODEL_DYNAMIC	= 0,
	SPDK_NVMF_CTRLR_MODEL_STATIC	= 1,
};

/* Identify Controller SGLS.supported values (Figure 247, bytes 539:536). */
enum spdk_nvme_sgls_supported {
	SPDK_NVME_SGLS_NOT_SUPPORTED		= 0,
	SPDK_NVME_SGLS_SUPPORTED		= 1,	/* no alignment requirement */
	SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED	= 2,	/* dword alignment and granularity */
};

/* Identify Controller VWC.flush_broadcast values (Figure 247, byte 525). */
enum spdk_nvme_flush_broadcast {
	SPDK_NVME_FLUSH_BROADCAST_NOT_INDICATED	= 0,
	SPDK_NVME_FLUSH_BROADCAST_NOT_SUPPORTED	= 2,
	SPDK_NVME_FLUSH_BROADCAST_SUPPORTED	= 3,
};

/* Power state descriptor, 32 bytes (§5.15.2.2, Figure 248). */
struct spdk_nvme_power_state {
	uint16_t mp;			/* maximum power, 0.01 W or 0.0001 W units */
	uint8_t reserved1;
	uint8_t mps		: 1;	/* max power scale */
	uint8_t nops		: 1;	/* non-operational state */
	uint8_t reserved2	: 6;
	uint32_t enlat;			/* entry latency, us */
	uint32_t exlat;			/* exit latency, us */
	uint8_t rrt		: 5;	/* relative read throughput */
	uint8_t reserved3	: 3;
	uint8_t rrl		: 5;	/* relative read latency */
	uint8_t reserved4	: 3;
	uint8_t rwt		: 5;	/* relative write throughput */
	uint8_t reserved5	: 3;
	uint8_t rwl		: 5;	/* relative write latency */
	uint8_t reserved6	: 3;
	uint16_t idlp;			/* idle power */
	uint8_t reserved7	: 6;
	uint8_t ips		: 2;	/* idle power scale */
	uint8_t reserved8;
	uint16_t actp;			/* active power */
	uint8_t apw		: 3;	/* active power workload */
	uint8_t reserved9	: 3;
	uint8_t aps		: 2;	/* active power scale */
	uint8_t reserved10[9];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_power_state, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_power_state, enlat, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_power_state, idlp, 16);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_power_state, actp, 20);

/* Identify Controller SGL support, bytes 539:536. */
struct spdk_nvme_cdata_sgls {
	uint32_t supported		: 2;	/* enum spdk_nvme_sgls_supported */
	uint32_t keyed_sgl		: 1;
	uint32_t reserved1		: 13;
	uint32_t bit_bucket_descriptor	: 1;
	uint32_t metadata_pointer	: 1;	/* byte aligned contiguous MPTR */
	uint32_t oversized_sgl		: 1;
	uint32_t metadata_address	: 1;	/* MPTR may point at an SGL */
	uint32_t sgl_offset		: 1;
	uint32_t transport_sgl		: 1;
	uint32_t reserved2		: 10;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_sgls, 4);

/* Identify Controller NVMe over Fabrics area, bytes 2047:1792. */
struct spdk_nvme_cdata_nvmf_specific {
	uint32_t ioccsz;		/* I/O command capsule size, 16 B units */
	uint32_t iorcsz;		/* I/O response capsule size, 16 B units */
	uint16_t icdoff;		/* in-capsule data offset, 16 B units */
	struct {
		uint8_t ctrlr_model	: 1;	/* enum spdk_nvmf_ctrlr_model */
		uint8_t reserved	: 7;
	} ctrattr;
	uint8_t msdbd;			/* max SGL data block descriptors */
	uint8_t reserved[244];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_nvmf_specific, 256);

/* Identify Controller data structure, CNS 01h (§5.15.2.2, Figure 247). */
struct spdk_nvme_ctrlr_data {
	/* ---- bytes 0..255: controller capabilities and features ---- */
	uint16_t vid;				/* PCI vendor ID */
	uint16_t ssvid;				/* PCI subsystem vendor ID */
	int8_t sn[SPDK_NVME_CTRLR_SN_LEN];	/* serial number, ASCII, space padded */
	int8_t mn[SPDK_NVME_CTRLR_MN_LEN];	/* model number */
	uint8_t fr[SPDK_NVME_CTRLR_FR_LEN];	/* firmware revision */
	uint8_t rab;				/* recommended arbitration burst */
	uint8_t ieee[3];			/* IEEE OUI */
	struct {				/* multi-path I/O and sharing */
		uint8_t multi_port	: 1;
		uint8_t multi_host	: 1;
		uint8_t sr_iov		: 1;
		uint8_t ana_reporting	: 1;
		uint8_t reserved	: 4;
	} cmic;
	uint8_t mdts;				/* max transfer: 2^mdts * CAP.MPSMIN; 0 = none */
	uint16_t cntlid;			/* controller ID */
	union spdk_nvme_vs_register ver;	/* version */
	uint32_t rtd3r;				/* RTD3 resume latency, us */
	uint32_t rtd3e;				/* RTD3 entry latency, us */
	struct {				/* optional asynchronous events supported */
		uint32_t reserved1			: 8;
		uint32_t ns_attribute_notices		: 1;
		uint32_t fw_activation_notices		: 1;
		uint32_t reserved2			: 1;
		uint32_t ana_change_notices		: 1;
		uint32_t reserved3			: 19;	/* 1.4 bits 12..14 among these */
		uint32_t discovery_log_change_notices	: 1;
	} oaes;
	struct {				/* controller attributes */
		uint32_t host_id_exhid_supported			: 1;
		uint32_t non_operational_power_state_permissive_mode	: 1;
		uint32_t nvm_sets					: 1;
		uint32_t read_recovery_levels				: 1;
		uint32_t endurance_groups				: 1;
		uint32_t predictable_latency_mode			: 1;
		uint32_t tbkas						: 1;
		uint32_t namespace_granularity				: 1;
		uint32_t sq_associations				: 1;
		uint32_t uuid_list					: 1;
		uint32_t reserved					: 22;
	} ctratt;
	uint16_t rrls;				/* read recovery levels supported */
	uint8_t reserved_102[9];
	uint8_t cntrltype;			/* 1 I/O, 2 discovery, 3 admin */
	uint8_t fguid[16];			/* FRU globally unique identifier */
	uint16_t crdt[3];			/* command retry delay times 1..3, 100 ms */
	uint8_t reserved_134[119];
	/* bytes 253..255: NVMe-MI management endpoint information */
	struct {
		uint8_t nvmesd		: 1;	/* NVMe storage device */
		uint8_t nvmee		: 1;	/* NVMe enclosure */
		uint8_t nvmsr_rsvd	: 6;
	} nvmsr;
	struct {
		uint8_t vwcr		: 7;	/* VPD write cycles remaining */
		uint8_t vwcrv		: 1;	/* ... valid */
	} vwci;
	struct {
		uint8_t smbusme		: 1;	/* SMBus/I2C port management endpoint */
		uint8_t pcieme		: 1;	/* PCIe port management endpoint */
		uint8_t mec_rsvd	: 6;
	} mec;

	/* ---- bytes 256..511: admin command set attributes ---- */
	struct {				/* optional admin command support */
		uint16_t security			: 1;
		uint16_t format				: 1;
		uint16_t firmware			: 1;
		uint16_t ns_manage			: 1;
		uint16_t device_self_test		: 1;
		uint16_t directives			: 1;
		uint16_t nvme_mi			: 1;
		uint16_t virtualization_management	: 1;
		uint16_t doorbell_buffer_config		: 1;
		uint16_t get_lba_status			: 1;
		uint16_t oacs_rsvd			: 6;
	} oacs;
	uint8_t acl;				/* abort command limit, 0's based */
	uint8_t aerl;				/* async event request limit, 0's based */
	struct {				/* firmware updates */
		uint8_t slot1_ro			: 1;
		uint8_t num_slots			: 3;
		uint8_t activation_without_reset	: 1;
		uint8_t frmw_rsvd			: 3;
	} frmw;
	struct {				/* log page attributes */
		uint8_t ns_smart	: 1;	/* per-namespace SMART log */
		uint8_t celp		: 1;	/* commands supported and effects log */
		uint8_t edlp		: 1;	/* extended data for Get Log Page */
		uint8_t telemetry	: 1;	/* telemetry logs and notices */
		uint8_t pelp		: 1;	/* persistent event log (1.4) */
		uint8_t lpa_rsvd	: 3;
	} lpa;
	uint8_t elpe;				/* error log entries, 0's based */
	uint8_t npss;				/* power states, 0's based */
	struct {				/* admin vendor specific command config */
		uint8_t spec_format	: 1;
		uint8_t avscc_rsvd	: 7;
	} avscc;
	struct {				/* autonomous power state transitions */
		uint8_t supported	: 1;
		uint8_t apsta_rsvd	: 7;
	} apsta;
	uint16_t wctemp;			/* warning composite temperature, K */
	uint16_t cctemp;			/* critical composite temperature, K */
	uint16_t mtfa;				/* max firmware activation time, 100 ms */
	uint32_t hmpre;				/* host memory buffer preferred, 4 KiB */
	uint32_t hmmin;				/* host memory buffer minimum, 4 KiB */
	uint64_t tnvmcap[2];			/* total NVM capacity, bytes (128-bit) */
	uint64_t unvmcap[2];			/* unallocated NVM capacity, bytes */
	struct {				/* replay protected memory block */
		uint8_t num_rpmb_units	: 3;
		uint8_t auth_method	: 3;
		uint8_t reserved1	: 2;
		uint8_t reserved2;
		uint8_t total_size;
		uint8_t access_size;
	} rpmbs;
	uint16_t edstt;				/* extended self-test time, minutes */
	union {					/* device self-test options */
		uint8_t raw;
		struct {
			uint8_t one_only	: 1;
			uint8_t reserved	: 7;
		} bits;
	} dsto;
	uint8_t fwug;				/* firmware update granularity, 4 KiB */
	uint16_t kas;				/* keep alive support, 100 ms; 0 = none */
	union {					/* host controlled thermal management */
		uint16_t raw;
		struct {
			uint16_t supported	: 1;
			uint16_t reserved	: 15;
		} bits;
	} hctma;
	uint16_t mntmt;				/* min thermal management temperature, K */
	uint16_t mxtmt;				/* max thermal management temperature, K */
	union {					/* sanitize capabilities */
		uint32_t raw;
		struct {
			uint32_t crypto_erase	: 1;
			uint32_t block_erase	: 1;
			uint32_t overwrite	: 1;
			uint32_t reserved	: 26;
			uint32_t ndi		: 1;	/* no-deallocate inhibited */
			uint32_t nodmmas	: 2;	/* no-deallocate modifies media */
		} bits;
	} sanicap;
	uint32_t hmminds;			/* HMB minimum descriptor entry size, 4 KiB */
	uint16_t hmmaxd;			/* HMB maximum descriptor entries */
	uint16_t nsetidmax;			/* NVM set identifier maximum */
	uint16_t endgidmax;			/* endurance group identifier maximum */
	uint8_t anatt;				/* ANA transition time, s */
	struct {				/* ANA capabilities */
		uint8_t ana_optimized_state		: 1;
		uint8_t ana_non_optimized_state		: 1;
		uint8_t ana_inaccessible_state		: 1;
		uint8_t ana_persistent_loss_state	: 1;
		uint8_t ana_change_state		: 1;
		uint8_t reserved			: 1;
		uint8_t no_change_anagrpid		: 1;
		uint8_t non_zero_anagrpid		: 1;
	} anacap;
	uint32_t anagrpmax;			/* ANA group identifier maximum */
	uint32_t nanagrpid;			/* number of ANA group identifiers */
	uint32_t pels;				/* persistent event log size, 64 KiB */
	uint8_t reserved_356[156];

	/* ---- bytes 512..703: NVM command set attributes ---- */
	struct {				/* SQ entry size, log2 */
		uint8_t min		: 4;
		uint8_t max		: 4;
	} sqes;
	struct {				/* CQ entry size, log2 */
		uint8_t min		: 4;
		uint8_t max		: 4;
	} cqes;
	uint16_t maxcmd;			/* max outstanding commands (fabrics) */
	uint32_t nn;				/* number of namespaces (highest NSID) */
	struct {				/* optional NVM command support */
		uint16_t compare		: 1;
		uint16_t write_unc		: 1;
		uint16_t dsm			: 1;
		uint16_t write_zeroes		: 1;
		uint16_t set_features_save	: 1;
		uint16_t reservations		: 1;
		uint16_t timestamp		: 1;
		uint16_t verify			: 1;
		uint16_t copy			: 1;	/* TP 4065 */
		uint16_t reserved		: 7;
	} oncs;
	struct {				/* fused operation support */
		uint16_t compare_and_write	: 1;
		uint16_t reserved		: 15;
	} fuses;
	struct {				/* format NVM attributes */
		uint8_t format_all_ns		: 1;
		uint8_t erase_all_ns		: 1;
		uint8_t crypto_erase_supported	: 1;
		uint8_t reserved		: 5;
	} fna;
	struct {				/* volatile write cache */
		uint8_t present		: 1;
		uint8_t flush_broadcast	: 2;	/* enum spdk_nvme_flush_broadcast */
		uint8_t reserved	: 5;
	} vwc;
	uint16_t awun;				/* atomic write unit normal, blocks, 0's based */
	uint16_t awupf;				/* atomic write unit power fail */
	uint8_t nvscc;				/* NVM vendor specific command config */
	uint8_t nwpc;				/* namespace write protection capabilities */
	uint16_t acwu;				/* atomic compare & write unit */
	struct {				/* optional copy formats (TP 4065) */
		uint16_t copy_format0	: 1;
		uint16_t reserved	: 15;
	} ocfs;
	struct spdk_nvme_cdata_sgls sgls;	/* SGL support */
	uint32_t mnan;				/* maximum number of allowed namespaces */
	uint8_t reserved_544[224];
	uint8_t subnqn[SPDK_NVME_NQN_FIELD_SIZE];	/* NVM subsystem NQN, UTF-8 */
	uint8_t reserved_1024[768];
	struct spdk_nvme_cdata_nvmf_specific nvmf_specific;	/* bytes 1792..2047 */

	/* ---- bytes 2048..3071: power state descriptors ---- */
	struct spdk_nvme_power_state psd[32];

	/* ---- bytes 3072..4095: vendor specific ---- */
	uint8_t vs[1024];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ctrlr_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sn, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, mn, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, fr, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, mdts, 77);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, cntlid, 78);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, ver, 80);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, oaes, 92);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, ctratt, 96);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, rrls, 100);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, cntrltype, 111);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, fguid, 112);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, crdt, 128);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, nvmsr, 253);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, oacs, 256);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, wctemp, 266);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, hmpre, 272);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, tnvmcap, 280);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, rpmbs, 312);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, kas, 320);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sanicap, 328);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, hmminds, 332);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, anatt, 342);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, anagrpmax, 344);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, pels, 352);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sqes, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, maxcmd, 514);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, nn, 516);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, oncs, 520);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, fuses, 522);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, vwc, 525);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, awun, 526);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, acwu, 532);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sgls, 536);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, mnan, 540);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, subnqn, 768);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, nvmf_specific, 1792);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, psd, 2048);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, vs, 3072);

/* LBA format descriptor (§6.1 NVM, Identify Namespace Figure 250). */
struct spdk_nvme_lba_format {
	uint32_t ms		: 16;	/* metadata bytes per LBA */
	uint32_t lbads		: 8;	/* LBA data size, log2 (9 = 512 B) */
	uint32_t rp		: 2;	/* relative performance, 0 best */
	uint32_t reserved6	: 6;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_lba_format, 4);

/* Identify Namespace data structure, CNS 00h (§5.15.2.1, Figure 249). */
struct spdk_nvme_ns_data {
	uint64_t nsze;				/* namespace size, blocks */
	uint64_t ncap;				/* namespace capacity, blocks */
	uint64_t nuse;				/* namespace utilization, blocks */
	struct {				/* namespace features */
		uint8_t thin_prov			: 1;
		uint8_t ns_atomic_write_unit		: 1;	/* NAWUN etc. valid */
		uint8_t dealloc_or_unwritten_error	: 1;
		uint8_t guid_never_reused		: 1;
		uint8_t optperf				: 1;	/* NPWG..NOWS valid */
		uint8_t reserved1			: 3;
	} nsfeat;
	uint8_t nlbaf;				/* number of LBA formats, 0's based */
	struct {				/* formatted LBA size */
		uint8_t format		: 4;	/* index into lbaf[] */
		uint8_t extended	: 1;	/* metadata at the end of each block */
		uint8_t reserved2	: 3;
	} flbas;
	struct {				/* metadata capabilities */
		uint8_t extended	: 1;
		uint8_t pointer		: 1;
		uint8_t reserved3	: 6;
	} mc;
	struct {				/* end-to-end protection capabilities */
		uint8_t pit1		: 1;
		uint8_t pit2		: 1;
		uint8_t pit3		: 1;
		uint8_t md_start	: 1;
		uint8_t md_end		: 1;
		uint8_t reserved	: 3;
	} dpc;
	struct {				/* end-to-end protection type settings */
		uint8_t pit		: 3;	/* enum spdk_nvme_pi_type */
		uint8_t md_start	: 1;
		uint8_t reserved4	: 4;
	} dps;
	struct {				/* multi-path I/O and sharing */
		uint8_t can_share	: 1;
		uint8_t reserved	: 7;
	} nmic;
	union {					/* reservation capabilities */
		struct {
			uint8_t persist				: 1;
			uint8_t write_exclusive			: 1;
			uint8_t exclusive_access		: 1;
			uint8_t write_exclusive_reg_only	: 1;
			uint8_t exclusive_access_reg_only	: 1;
			uint8_t write_exclusive_all_reg		: 1;
			uint8_t exclusive_access_all_reg	: 1;
			uint8_t ignore_existing_key		: 1;
		} rescap;
		uint8_t raw;
	} nsrescap;
	struct {				/* format progress indicator */
		uint8_t percentage_remaining	: 7;
		uint8_t fpi_supported		: 1;
	} fpi;
	union {					/* deallocate logical block features */
		uint8_t raw;
		struct {
			uint8_t read_value		: 3;	/* enum spdk_nvme_dealloc_logical_block_read_value */
			uint8_t write_zero_deallocate	: 1;
			uint8_t guard_value		: 1;
			uint8_t reserved		: 3;
		} bits;
	} dlfeat;
	uint16_t nawun;				/* ns atomic write unit normal */
	uint16_t nawupf;			/* ns atomic write unit power fail */
	uint16_t nacwu;				/* ns atomic compare & write unit */
	uint16_t nabsn;				/* ns atomic boundary size normal */
	uint16_t nabo;				/* ns atomic boundary offset */
	uint16_t nabspf;			/* ns atomic boundary size power fail */
	uint16_t noiob;				/* optimal I/O boundary, blocks */
	uint64_t nvmcap[2];			/* NVM capacity, bytes (128-bit) */
	uint16_t npwg;				/* preferred write granularity */
	uint16_t npwa;				/* preferred write alignment */
	uint16_t npdg;				/* preferred deallocate granularity */
	uint16_t npda;				/* preferred deallocate alignment */
	uint16_t nows;				/* optimal write size */
	uint8_t reserved64[18];
	uint32_t anagrpid;			/* ANA group identifier */
	uint8_t reserved96[3];
	struct {				/* namespace attributes */
		uint8_t write_protected	: 1;
		uint8_t reserved	: 7;
	} nsattr;
	uint16_t nvmsetid;			/* NVM set identifier */
	uint16_t endgid;			/* endurance group identifier */
	uint8_t nguid[16];			/* namespace globally unique identifier */
	uint64_t eui64;				/* IEEE extended unique identifier */
	struct spdk_nvme_lba_format lbaf[16];	/* LBA formats */
	uint8_t reserved6[192];
	uint8_t vendor_specific[3712];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nsfeat, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, flbas, 26);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, dlfeat, 33);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, noiob, 46);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nvmcap, 48);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, npwg, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, anagrpid, 92);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nsattr, 99);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nvmsetid, 100);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nguid, 104);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, eui64, 120);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, lbaf, 128);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, vendor_specific, 384);

/* DLFEAT read value (Figure 249, byte 33). */
enum spdk_nvme_dealloc_logical_block_read_value {
	SPDK_NVME_DEALLOC_NOT_REPORTED	= 0,
	SPDK_NVME_DEALLOC_READ_00	= 1,
	SPDK_NVME_DEALLOC_READ_FF	= 2,
};

/* Namespace list, CNS 02h/10h: up to 1024 NSIDs in increasing order, 0-terminated. */
struct spdk_nvme_ns_list {
	uint32_t ns_list[1024];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_list, 4096);

/* Namespace identification descriptor type, CNS 03h (§5.15.2.3, Figure 250). */
enum spdk_nvme_nidt {
	SPDK_NVME_NIDT_EUI64	= 0x01,	/* 8 bytes */
	SPDK_NVME_NIDT_NGUID	= 0x02,	/* 16 bytes */
	SPDK_NVME_NIDT_UUID	= 0x03,	/* 16 bytes */
	SPDK_NVME_NIDT_CSI	= 0x04,	/* 1 byte, NVMe 2.0 */
};

/* Header of one namespace identification descriptor; nidl bytes of nid follow. */
struct spdk_nvme_ns_id_desc {
	uint8_t nidt;			/* enum spdk_nvme_nidt */
	uint8_t nidl;			/* length of nid */
	uint8_t reserved2;
	uint8_t reserved3;
	uint8_t nid[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_id_desc, 4);

/* Controller list, CNS 12h/13h (§5.15.2.5). */
struct spdk_nvme_ctrlr_list {
	uint16_t ctrlr_count;
	uint16_t ctrlr_list[2047];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ctrlr_list, 4096);

/* ======================================================================
 * Log pages (§5.14.1)
 * ====================================================================== */

/* Log page identifiers (Figure 191). */
enum spdk_nvme_log_page {
	SPDK_NVME_LOG_ERROR				= 0x01,
	SPDK_NVME_LOG_HEALTH_INFORMATION		= 0x02,
	SPDK_NVME_LOG_FIRMWARE_SLOT			= 0x03,
	SPDK_NVME_LOG_CHANGED_NS_LIST			= 0x04,
	SPDK_NVME_LOG_COMMAND_EFFECTS_LOG		= 0x05,
	SPDK_NVME_LOG_DEVICE_SELF_TEST			= 0x06,
	SPDK_NVME_LOG_TELEMETRY_HOST_INITIATED		= 0x07,
	SPDK_NVME_LOG_TELEMETRY_CTRLR_INITIATED		= 0x08,
	SPDK_NVME_LOG_ENDURANCE_GROUP_INFORMATION	= 0x09,
	SPDK_NVME_LOG_PREDICATBLE_LATENCY		= 0x0A,	/* (sic) SPDK's spelling */
	SPDK_NVME_LOG_PREDICTABLE_LATENCY_EVENT		= 0x0B,
	SPDK_NVME_LOG_ASYMMETRIC_NAMESPACE_ACCESS	= 0x0C,
	SPDK_NVME_LOG_PERSISTENT_EVENT_LOG		= 0x0D,
	SPDK_NVME_LOG_LBA_STATUS_INFORMATION		= 0x0E,
	SPDK_NVME_LOG_ENDURANCE_GROUP_EVENT		= 0x0F,
	/* 10h..6Fh reserved */
	SPDK_NVME_LOG_DISCOVERY				= 0x70,	/* NVMe-oF */
	/* 71h..7Fh reserved for NVMe-oF */
	SPDK_NVME_LOG_RESERVATION_NOTIFICATION		= 0x80,
	SPDK_NVME_LOG_SANITIZE_STATUS			= 0x81,
	/* 82h..BFh command set specific, C0h..FFh vendor specific */
};

/* Error information log entry, 64 bytes (§5.14.1.1, Figure 193). */
struct spdk_nvme_error_information_entry {
	uint64_t error_count;			/* unique, incrementing; 0 = empty */
	uint16_t sqid;
	uint16_t cid;
	struct spdk_nvme_status status;		/* phase bit is not meaningful here */
	uint16_t error_location;		/* byte/bit of the failing parameter */
	uint64_t lba;
	uint32_t nsid;
	uint8_t vendor_specific;		/* vendor log page with more info */
	uint8_t trtype;				/* transport type */
	uint8_t reserved30[2];
	uint64_t command_specific;
	uint16_t trtype_specific;
	uint8_t reserved42[22];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_error_information_entry, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_error_information_entry, status, 12);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_error_information_entry, lba, 16);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_error_information_entry, command_specific, 32);

/*
 * SMART / Health Information log, 512 bytes (§5.14.1.2, Figure 194).
 * Packed: the 16-bit temperature sits at byte 1.  The 128-bit counters are
 * two 64-bit halves, low half first.
 */
struct __attribute__((packed, aligned(8))) spdk_nvme_health_information_page {
	union spdk_nvme_critical_warning_state critical_warning;
	uint16_t temperature;			/* composite temperature, K */
	uint8_t available_spare;		/* percent */
	uint8_t available_spare_threshold;	/* percent */
	uint8_t percentage_used;
	uint8_t endurance_group_critical_warning_summary;	/* 1.4 */
	uint8_t reserved[25];
	uint64_t data_units_read[2];		/* thousands of 512-byte units */
	uint64_t data_units_written[2];
	uint64_t host_read_commands[2];
	uint64_t host_write_commands[2];
	uint64_t controller_busy_time[2];	/* minutes */
	uint64_t power_cycles[2];
	uint64_t power_on_hours[2];
	uint64_t unsafe_shutdowns[2];
	uint64_t media_errors[2];
	uint64_t num_error_info_log_entries[2];
	uint32_t warning_temp_time;		/* minutes */
	uint32_t critical_temp_time;		/* minutes */
	uint16_t temp_sensor[8];		/* K; 0 = not implemented */
	uint32_t tmt1tc;			/* thermal management transitions to TMT1 */
	uint32_t tmt2tc;
	uint32_t ttftmt1;			/* total seconds at TMT1 */
	uint32_t ttftmt2;
	uint8_t reserved2[280];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_health_information_page, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, temperature, 1);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, data_units_read, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, warning_temp_time, 192);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, temp_sensor, 200);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, tmt1tc, 216);

/* Firmware Slot Information log, 512 bytes (§5.14.1.3, Figure 195). */
struct spdk_nvme_firmware_page {
	struct {				/* active firmware info */
		uint8_t active_slot	: 3;
		uint8_t reserved3	: 1;
		uint8_t next_reset_slot	: 3;
		uint8_t reserved7	: 1;
	} afi;
	uint8_t reserved[7];
	uint8_t revision[7][8];			/* slots 1..7, ASCII */
	uint8_t reserved2[448];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_firmware_page, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_firmware_page, revision, 8);

/* Commands Supported and Effects entry (§5.14.1.5, Figure 198). */
struct spdk_nvme_cmds_and_effect_entry {
	uint16_t csupp		: 1;	/* command supported */
	uint16_t lbcc		: 1;	/* logical block content change */
	uint16_t ncc		: 1;	/* namespace capability change */
	uint16_t nic		: 1;	/* namespace inventory change */
	uint16_t ccc		: 1;	/* controller capability change */
	uint16_t reserved1	: 11;
	uint16_t cse		: 3;	/* submission and execution restriction */
	uint16_t reserved2	: 13;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmds_and_effect_entry, 4);

/* Commands Supported and Effects log, 4096 bytes (§5.14.1.5, Figure 197). */
struct spdk_nvme_cmds_and_effect_log_page {
	struct spdk_nvme_cmds_and_effect_entry admin_cmds_supported[256];
	struct spdk_nvme_cmds_and_effect_entry io_cmds_supported[256];
	uint8_t reserved0[2048];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmds_and_effect_log_page, 4096);

/* Asymmetric Namespace Access log header (§5.14.1.12). */
struct spdk_nvme_ana_page {
	uint64_t change_count;
	uint16_t num_ana_group_desc;
	uint8_t reserved[6];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ana_page, 16);

/* ANA states (§8.20.3). */
enum spdk_nvme_ana_state {
	SPDK_NVME_ANA_OPTIMIZED_STATE		= 0x1,
	SPDK_NVME_ANA_NON_OPTIMIZED_STATE	= 0x2,
	SPDK_NVME_ANA_INACCESSIBLE_STATE	= 0x3,
	SPDK_NVME_ANA_PERSISTENT_LOSS_STATE	= 0x4,
	SPDK_NVME_ANA_CHANGE_STATE		= 0xF,
};

/* ANA group descriptor; num_of_nsid NSIDs follow. */
struct spdk_nvme_ana_group_descriptor {
	uint32_t ana_group_id;
	uint32_t num_of_nsid;
	uint64_t change_count;
	uint8_t ana_state	: 4;	/* enum spdk_nvme_ana_state */
	uint8_t reserved0	: 4;
	uint8_t reserved1[15];
	uint32_t nsid[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ana_group_descriptor, 32);

/* ======================================================================
 * Asynchronous events (§5.2)
 * ====================================================================== */

/* Asynchronous event type, completion CDW0 bits 2:0 (Figure 146). */
enum spdk_nvme_async_event_type {
	SPDK_NVME_ASYNC_EVENT_TYPE_ERROR	= 0x0,
	SPDK_NVME_ASYNC_EVENT_TYPE_SMART	= 0x1,
	SPDK_NVME_ASYNC_EVENT_TYPE_NOTICE	= 0x2,
	/* 3h..5h reserved */
	SPDK_NVME_ASYNC_EVENT_TYPE_IO		= 0x6,
	SPDK_NVME_ASYNC_EVENT_TYPE_VENDOR	= 0x7,
};

/* Event information for the error type (Figure 147). */
enum spdk_nvme_async_event_info_error {
	SPDK_NVME_ASYNC_EVENT_WRITE_INVALID_DB		= 0x0,
	SPDK_NVME_ASYNC_EVENT_INVALID_DB_WRITE		= 0x1,
	SPDK_NVME_ASYNC_EVENT_DIAGNOSTIC_FAILURE	= 0x2,
	SPDK_NVME_ASYNC_EVENT_PERSISTENT_INTERNAL	= 0x3,
	SPDK_NVME_ASYNC_EVENT_TRANSIENT_INTERNAL	= 0x4,
	SPDK_NVME_ASYNC_EVENT_FW_IMAGE_LOAD		= 0x5,
};

/* Event information for the SMART / health type (Figure 148). */
enum spdk_nvme_async_event_info_smart {
	SPDK_NVME_ASYNC_EVENT_SUBSYSTEM_RELIABILITY	= 0x0,
	SPDK_NVME_ASYNC_EVENT_TEMPERATURE_THRESHOLD	= 0x1,
	SPDK_NVME_ASYNC_EVENT_SPARE_BELOW_THRESHOLD	= 0x2,
};

/* Event information for the notice type (Figure 149). */
enum spdk_nvme_async_event_info_notice {
	SPDK_NVME_ASYNC_EVENT_NS_ATTR_CHANGED		= 0x0,
	SPDK_NVME_ASYNC_EVENT_FW_ACTIVATION_START	= 0x1,
	SPDK_NVME_ASYNC_EVENT_TELEMETRY_LOG_CHANGED	= 0x2,
	SPDK_NVME_ASYNC_EVENT_ANA_CHANGE		= 0x3,
	SPDK_NVME_ASYNC_EVENT_DISCOVERY_LOG_CHANGE	= 0xF0,	/* NVMe-oF */
};

/* Event information for the NVM command set specific type (Figure 150). */
enum spdk_nvme_async_event_info_nvm_command_set {
	SPDK_NVME_ASYNC_EVENT_RESERVATION_LOG_AVAIL	= 0x0,
	SPDK_NVME_ASYNC_EVENT_SANITIZE_COMPLETED	= 0x1,
};

/* Asynchronous Event Request completion CDW0 (§5.2.1, Figure 145). */
union spdk_nvme_async_event_completion {
	uint32_t raw;
	struct {
		uint32_t async_event_type	: 3;	/* enum spdk_nvme_async_event_type */
		uint32_t reserved1		: 5;
		uint32_t async_event_info	: 8;
		uint32_t log_page_identifier	: 8;	/* read this log to clear the event */
		uint32_t reserved2		: 8;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_async_event_completion, 4);

/* ======================================================================
 * Reservations (§8.8, NVM §6.10..6.13)
 * ====================================================================== */

enum spdk_nvme_reservation_type {
	SPDK_NVME_RESERVE_WRITE_EXCLUSIVE		= 0x1,
	SPDK_NVME_RESERVE_EXCLUSIVE_ACCESS		= 0x2,
	SPDK_NVME_RESERVE_WRITE_EXCLUSIVE_REG_ONLY	= 0x3,
	SPDK_NVME_RESERVE_EXCLUSIVE_ACCESS_REG_ONLY	= 0x4,
	SPDK_NVME_RESERVE_WRITE_EXCLUSIVE_ALL_REGS	= 0x5,
	SPDK_NVME_RESERVE_EXCLUSIVE_ACCESS_ALL_REGS	= 0x6,
};

enum spdk_nvme_reservation_acquire_action {
	SPDK_NVME_RESERVE_ACQUIRE		= 0x0,
	SPDK_NVME_RESERVE_PREEMPT		= 0x1,
	SPDK_NVME_RESERVE_PREEMPT_ABORT		= 0x2,
};

enum spdk_nvme_reservation_register_action {
	SPDK_NVME_RESERVE_REGISTER_KEY		= 0x0,
	SPDK_NVME_RESERVE_UNREGISTER_KEY	= 0x1,
	SPDK_NVME_RESERVE_REPLACE_KEY		= 0x2,
};

enum spdk_nvme_reservation_register_cptpl {
	SPDK_NVME_RESERVE_PTPL_NO_CHANGES		= 0x0,
	SPDK_NVME_RESERVE_PTPL_CLEAR_POWER_ON		= 0x2,
	SPDK_NVME_RESERVE_PTPL_PERSIST_POWER_LOSS	= 0x3,
};

enum spdk_nvme_reservation_release_action {
	SPDK_NVME_RESERVE_RELEASE		= 0x0,
	SPDK_NVME_RESERVE_CLEAR			= 0x1,
};

struct spdk_nvme_reservation_register_data {
	uint64_t crkey;				/* current key */
	uint64_t nrkey;				/* new key */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_register_data, 16);

struct spdk_nvme_reservation_acquire_data {
	uint64_t crkey;				/* current key */
	uint64_t prkey;				/* preempt key */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_acquire_data, 16);

struct spdk_nvme_reservation_key_data {
	uint64_t crkey;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_key_data, 8);

/* ======================================================================
 * Namespace management, format, firmware, sanitize, protection info
 * ====================================================================== */

enum spdk_nvme_ns_attach_type {
	SPDK_NVME_NS_CTRLR_ATTACH	= 0x0,
	SPDK_NVME_NS_CTRLR_DETACH	= 0x1,
};

enum spdk_nvme_ns_management_type {
	SPDK_NVME_NS_MANAGEMENT_CREATE	= 0x0,
	SPDK_NVME_NS_MANAGEMENT_DELETE	= 0x1,
};

/* Format NVM CDW10 (§5.23). */
enum spdk_nvme_secure_erase_setting {
	SPDK_NVME_FMT_NVM_SES_NO_SECURE_ERASE	= 0x0,
	SPDK_NVME_FMT_NVM_SES_USER_DATA_ERASE	= 0x1,
	SPDK_NVME_FMT_NVM_SES_CRYPTO_ERASE	= 0x2,
};

enum spdk_nvme_pi_location {
	SPDK_NVME_FMT_NVM_PROTECTION_AT_TAIL	= 0x0,
	SPDK_NVME_FMT_NVM_PROTECTION_AT_HEAD	= 0x1,
};

enum spdk_nvme_pi_type {
	SPDK_NVME_FMT_NVM_PROTECTION_DISABLE	= 0x0,
	SPDK_NVME_FMT_NVM_PROTECTION_TYPE1	= 0x1,
	SPDK_NVME_FMT_NVM_PROTECTION_TYPE2	= 0x2,
	SPDK_NVME_FMT_NVM_PROTECTION_TYPE3	= 0x3,
};

enum spdk_nvme_metadata_setting {
	SPDK_NVME_FMT_NVM_METADATA_TRANSFER_AS_BUFFER	= 0x0,
	SPDK_NVME_FMT_NVM_METADATA_TRANSFER_AS_LBA	= 0x1,
};

struct spdk_nvme_format {
	uint32_t lbaf		: 4;	/* LBA format index */
	uint32_t ms		: 1;	/* enum spdk_nvme_metadata_setting */
	uint32_t pi		: 3;	/* enum spdk_nvme_pi_type */
	uint32_t pil		: 1;	/* enum spdk_nvme_pi_location */
	uint32_t ses		: 3;	/* enum spdk_nvme_secure_erase_setting */
	uint32_t reserved	: 20;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_format, 4);

/* Firmware Commit CDW10 (§5.11). */
enum spdk_nvme_fw_commit_action {
	SPDK_NVME_FW_COMMIT_REPLACE_IMG			= 0x0,
	SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG	= 0x1,
	SPDK_NVME_FW_COMMIT_ENABLE_IMG			= 0x2,
	SPDK_NVME_FW_COMMIT_RUN_IMG			= 0x3,
	/* The downloaded image replaces boot partition BPID (§5.12, NVMe 1.3). */
	SPDK_NVME_FW_COMMIT_REPLACE_BOOT_PARTITION	= 0x6,
	/* Boot partition BPID becomes the active one (BPINFO.ABPID). */
	SPDK_NVME_FW_COMMIT_ACTIVATE_BOOT_PARTITION	= 0x7,
};

struct spdk_nvme_fw_commit {
	uint32_t fs		: 3;	/* firmware slot; 0 = controller chooses */
	uint32_t ca		: 3;	/* enum spdk_nvme_fw_commit_action */
	uint32_t reserved	: 25;
	uint32_t bpid		: 1;	/* boot partition of CA 6h/7h */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fw_commit, 4);

/* Sanitize CDW10 (§5.24). */
enum spdk_sanitize_action {
	SPDK_NVME_SANITIZE_EXIT_FAILURE_MODE	= 0x1,
	SPDK_NVME_SANITIZE_BLOCK_ERASE		= 0x2,
	SPDK_NVME_SANITIZE_OVERWRITE		= 0x3,
	SPDK_NVME_SANITIZE_CRYPTO_ERASE		= 0x4,
};

struct spdk_nvme_sanitize {
	uint32_t sanact		: 3;	/* enum spdk_sanitize_action */
	uint32_t ause		: 1;	/* allow unrestricted sanitize exit */
	uint32_t owpass		: 4;	/* overwrite pass count */
	uint32_t oipbp		: 1;	/* invert pattern between passes */
	uint32_t ndas		: 1;	/* no deallocate after sanitize */
	uint32_t reserved	: 22;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_sanitize, 4);

/* 8-byte protection information tuple (§8.3). */
struct spdk_nvme_protection_info {
	uint16_t guard;
	uint16_t app_tag;
	uint32_t ref_tag;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_protection_info, 8);

/* ======================================================================
 * Boot partitions, CMB and PMR: additions kept in one block
 * ====================================================================== */

/* BPINFO.BRS - boot partition read status (§3.1.13). */
enum spdk_nvme_brs_value {
	SPDK_NVME_BRS_NO_READ		= 0x0,
	SPDK_NVME_BRS_READ_IN_PROGRESS	= 0x1,
	SPDK_NVME_BRS_READ_SUCCESS	= 0x2,
	SPDK_NVME_BRS_READ_ERROR	= 0x3,
};

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_SPEC_H */
