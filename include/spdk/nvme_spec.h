/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVM Express data structures and constants, following NVMe Base
 * Specification 1.4 (section numbers below refer to it unless noted) plus
 * the NVMe 2.0, NVM/ZNS/KV command set and FDP (TP 4146) additions.
 *
 * Type, field and enumerator names, values and layouts are those of SPDK
 * v26.05's public spdk/nvme_spec.h, so that code written against SPDK
 * compiles unchanged; member by member (bit-fields included) they were
 * compared with it.  Every structure that mirrors a device-visible format
 * has its size (and the offsets that matter) checked at compile time;
 * test/unit/test_nvme_spec_layout.c checks bit-field positions.
 *
 * Needs only spdk/stdinc.h and spdk/assert.h; works from C and C++.
 * All multi-byte fields are little-endian on the wire; ealnvme only supports
 * little-endian hosts, and bit-fields are declared LSB first (as GCC and
 * Clang lay them out on such hosts).
 */
#ifndef SPDK_NVME_SPEC_H
#define SPDK_NVME_SPEC_H

/* Like SPDK's, this header brings in the C library headers of spdk/stdinc.h. */
#include "spdk/stdinc.h"
#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
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
#define SPDK_NVME_QUEUE_MIN_ENTRIES		(2)
#define SPDK_NVME_ADMIN_QUEUE_MIN_ENTRIES	SPDK_NVME_QUEUE_MIN_ENTRIES
#define SPDK_NVME_ADMIN_QUEUE_MAX_ENTRIES	4096
#define SPDK_NVME_IO_QUEUE_MIN_ENTRIES		SPDK_NVME_QUEUE_MIN_ENTRIES
#define SPDK_NVME_IO_QUEUE_MAX_ENTRIES		65536
/* Admin queue sizes that some controllers need rounded to a multiple of this. */
#define SPDK_NVME_ADMIN_QUEUE_QUIRK_ENTRIES_MULTIPLE	64

/* Changed Namespace List log: at most 1024 NSIDs (§5.14.1.4). */
#define SPDK_NVME_MAX_CHANGED_NAMESPACES	1024

/* Each SQ tail / CQ head doorbell is a 32-bit register (§3.1.24). */
#define SPDK_NVME_DOORBELL_REGISTER_SIZE	4

/* Identify data structures are 4 KiB (§5.15.2). */
#define SPDK_NVME_IDENTIFY_BUFLEN		4096

/* Dataset Management: at most 256 ranges of up to 2^32-1 blocks (§6.7). */
#define SPDK_NVME_DATASET_MANAGEMENT_MAX_RANGES		256
#define SPDK_NVME_DATASET_MANAGEMENT_RANGE_MAX_BLOCKS	0xFFFFFFFFu

/* Identify Controller string field lengths (§5.15.2.2, Figure 247). */
#define SPDK_NVME_CTRLR_SN_LEN			20
#define SPDK_NVME_CTRLR_MN_LEN			40
#define SPDK_NVME_CTRLR_FR_LEN			8
#define SPDK_NVME_NQN_FIELD_SIZE		256
#define SPDK_NVME_CTRLR_MEGCAP_LEN		16	/* MEGCAP, bytes 383:368 (2.0) */
#define SPDK_NVME_MAXDNA_FIELD_SIZE		16	/* MAXDNA, bytes 559:544 (2.0) */

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
		uint32_t css		: 8;	/* command sets supported, SPDK_NVME_CAP_CSS_* */
		uint32_t bps		: 1;	/* boot partitions supported */
		uint32_t reserved2	: 2;
		uint32_t mpsmin		: 4;	/* min page size: 2^(12 + mpsmin) */
		uint32_t mpsmax		: 4;	/* max page size: 2^(12 + mpsmax) */
		uint32_t pmrs		: 1;	/* persistent memory region supported */
		uint32_t cmbs		: 1;	/* controller memory buffer supported */
		uint32_t nsss		: 1;	/* NVM subsystem shutdown supported (2.0) */
		uint32_t crwms		: 1;	/* controller ready with media support (2.0) */
		uint32_t crims		: 1;	/* controller ready independent of media (2.0) */
		uint32_t reserved3	: 3;
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
#define SPDK_NVME_CAP_CSS_NVM	(1u << SPDK_NVME_CC_CSS_NVM)
#define SPDK_NVME_CAP_CSS_IOCS	(1u << SPDK_NVME_CC_CSS_IOCS)
#define SPDK_NVME_CAP_CSS_NOIO	(1u << SPDK_NVME_CC_CSS_NOIO)

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
		uint32_t crime		: 1;	/* ready independent of media enable (2.0) */
		uint32_t reserved2	: 7;
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

/* BPINFO.BRS - boot partition read status. */
enum spdk_nvme_brs_value {
	SPDK_NVME_BRS_NO_READ		= 0x0,
	SPDK_NVME_BRS_READ_IN_PROGRESS	= 0x1,
	SPDK_NVME_BRS_READ_SUCCESS	= 0x2,
	SPDK_NVME_BRS_READ_ERROR	= 0x3,
};

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

/* CMBEBS - CMB Elasticity Buffer Size, offset 5Ch (NVMe 2.0 §3.1.4.22). */
union spdk_nvme_cmbebs_register {
	uint32_t raw;
	struct {
		uint32_t cmbszu		: 4;	/* units: bytes, KiB, MiB, GiB */
		uint32_t cmbrbb		: 1;	/* read bypass behavior */
		uint32_t reserved	: 3;
		uint32_t cmbwbz		: 24;	/* buffer size in cmbszu units */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbebs_register, 4);

/* CMBSWTP - CMB Sustained Write Throughput, offset 60h (NVMe 2.0 §3.1.4.23). */
union spdk_nvme_cmbswtp_register {
	uint32_t raw;
	struct {
		uint32_t cmbswtu	: 4;	/* units: B/s, KiB/s, MiB/s, GiB/s */
		uint32_t reserved	: 4;
		uint32_t cmbswtv	: 24;	/* throughput in cmbswtu units */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmbswtp_register, 4);

/* CRTO - Controller Ready Timeouts, offset 68h (NVMe 2.0 §3.1.4.25), 500 ms units. */
union spdk_nvme_crto_register {
	uint32_t raw;
	struct {
		uint32_t crwmt		: 16;	/* ready with media timeout */
		uint32_t crimt		: 16;	/* ready independent of media timeout */
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_crto_register, 4);

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
	union spdk_nvme_cmbebs_register	cmbebs;		/* 5Ch */
	union spdk_nvme_cmbswtp_register cmbswtp;	/* 60h */
	uint32_t			nssd;		/* 64h NVM subsystem shutdown */
	union spdk_nvme_crto_register	crto;		/* 68h */
	uint32_t			reserved2[0x365];	/* 6Ch..DFFh */
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
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbebs, 0x5C);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, cmbswtp, 0x60);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, nssd, 0x64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registers, crto, 0x68);
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
#pragma pack(push, 1)
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
#pragma pack(pop)
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_sgl_descriptor, 16);
SPDK_STATIC_ASSERT(__alignof__(struct spdk_nvme_sgl_descriptor) == 1, "SGL descriptor is packed");

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

/* Create I/O SQ CDW11.QPRIO, used with weighted round robin (§5.5). */
enum spdk_nvme_qprio {
	SPDK_NVME_QPRIO_URGENT		= 0x0,
	SPDK_NVME_QPRIO_HIGH		= 0x1,
	SPDK_NVME_QPRIO_MEDIUM		= 0x2,
	SPDK_NVME_QPRIO_LOW		= 0x3
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

/* 1Dh Flexible Data Placement, CDW11 (NVMe 2.0 TP 4146, §5.27.1.20). */
union spdk_nvme_feat_fdp_cdw11 {
	uint32_t raw;
	struct {
		uint32_t endgid		: 16;	/* endurance group */
		uint32_t reserved	: 16;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_fdp_cdw11, 4);

/* 1Dh Flexible Data Placement, CDW12 (Set Features). */
union spdk_nvme_feat_fdp_cdw12 {
	uint32_t raw;
	struct {
		uint32_t fdpe		: 1;	/* FDP enable */
		uint32_t reserved1	: 7;
		uint32_t fdpci		: 8;	/* FDP configuration index */
		uint32_t reserved2	: 16;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_fdp_cdw12, 4);

/* 1Eh FDP Events, CDW11 (TP 4146, §5.27.1.21). */
union spdk_nvme_feat_fdp_events_cdw11 {
	uint32_t raw;
	struct {
		uint32_t phndl		: 16;	/* placement handle */
		uint32_t noet		: 8;	/* number of event types in the buffer */
		uint32_t reserved	: 8;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_fdp_events_cdw11, 4);

/* 1Eh FDP Events, CDW12 (Set Features). */
union spdk_nvme_feat_fdp_events_cdw12 {
	uint32_t raw;
	struct {
		uint32_t fdpee		: 1;	/* enable the listed events */
		uint32_t reserved1	: 31;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_feat_fdp_events_cdw12, 4);

/* ---- Command Dword 10 to 13 views, per command ---- */

union spdk_nvme_cmd_cdw10 {
	uint32_t raw;

	struct {				/* Identify (§5.15.1) */
		uint32_t cns		: 8;	/* enum spdk_nvme_identify_cns */
		uint32_t reserved	: 8;
		uint32_t cntid		: 16;	/* controller identifier */
	} identify;

	struct {				/* Get Log Page (§5.14.1) */
		uint32_t lid		: 8;	/* enum spdk_nvme_log_page */
		uint32_t lsp		: 7;	/* log specific field (7 bits since 2.0) */
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
		uint32_t sel		: 3;	/* 0 current, 1 default, 2 saved, 3 capabilities */
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

	struct {				/* I/O Management Send/Receive (2.0 §7.3, §7.4) */
		uint32_t mo		: 8;	/* management operation */
		uint32_t reserved	: 8;
		uint32_t mos		: 16;	/* operation specific */
	} mgmt_send_recv;

	struct {				/* Key Value Store/Retrieve/List (KV §3) */
		uint32_t vsize		: 32;	/* value or host buffer size */
	} kv;
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
	union spdk_nvme_feat_fdp_cdw11				feat_fdp_cdw11;
	union spdk_nvme_feat_fdp_events_cdw11			feat_fdp_events_cdw11;

	struct {				/* Dataset Management (NVM §6.7) */
		uint32_t idr		: 1;	/* integral dataset for read */
		uint32_t idw		: 1;	/* integral dataset for write */
		uint32_t ad		: 1;	/* deallocate */
		uint32_t reserved	: 29;
	} dsm;

	struct {				/* Key Value commands (KV §3) */
		uint32_t kl		: 8;	/* key length */
		uint32_t ro		: 8;	/* store/retrieve options */
		uint32_t reserved	: 16;
	} kv;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmd_cdw11, 4);

union spdk_nvme_cmd_cdw12 {
	uint32_t raw;

	struct {				/* Read/Write (NVM §3.2.4, §3.2.6) */
		uint32_t nlb		: 16;	/* blocks, 0's based */
		uint32_t reserved	: 4;
		uint32_t dtype		: 4;	/* directive type */
		uint32_t stc		: 1;	/* storage tag check */
		uint32_t reserved2	: 1;
		uint32_t prchk		: 3;	/* protection information check */
		uint32_t pract		: 1;	/* protection information action */
		uint32_t fua		: 1;	/* force unit access */
		uint32_t lr		: 1;	/* limited retry */
	} write;

	struct {				/* Copy (NVM §3.2.2) */
		uint32_t nr		: 8;	/* source ranges, 0's based */
		uint32_t df		: 4;	/* descriptor format */
		uint32_t prinfor	: 4;	/* PI field for the reads */
		uint32_t reserved	: 4;
		uint32_t dtype		: 4;	/* directive type */
		uint32_t stcw		: 1;	/* storage tag check for the write */
		uint32_t reserved2	: 1;
		uint32_t prinfow	: 4;	/* PI field for the write */
		uint32_t fua		: 1;
		uint32_t lr		: 1;
	} copy;

	struct {				/* Write Zeroes (NVM §3.2.8) */
		uint32_t nlb		: 16;	/* blocks, 0's based */
		uint32_t reserved	: 8;
		uint32_t stc		: 1;	/* storage tag check */
		uint32_t deac		: 1;	/* deallocate */
		uint32_t prchk		: 3;
		uint32_t pract		: 1;
		uint32_t fua		: 1;
		uint32_t lr		: 1;
	} write_zeroes;

	union spdk_nvme_feat_fdp_cdw12				feat_fdp_cdw12;
	union spdk_nvme_feat_fdp_events_cdw12			feat_fdp_events_cdw12;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmd_cdw12, 4);

union spdk_nvme_cmd_cdw13 {
	uint32_t raw;

	struct {				/* Write (NVM §3.2.6) */
		uint32_t dsm		: 8;	/* dataset management hints */
		uint32_t reserved	: 8;
		uint32_t dspec		: 16;	/* directive specific */
	} write;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cmd_cdw13, 4);

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

	/* dwords 2-3: command specific (reserved in the base command set) */
	uint32_t cdw2;
	uint32_t cdw3;

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
	union {
		uint32_t cdw12;
		union spdk_nvme_cmd_cdw12 cdw12_bits;
	};
	union {
		uint32_t cdw13;
		union spdk_nvme_cmd_cdw13 cdw13_bits;
	};
	uint32_t cdw14;
	uint32_t cdw15;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmd, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cid, 2);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, nsid, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw2, 8);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw3, 12);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, mptr, 16);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, dptr, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw10, 40);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw11, 44);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw12, 48);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cmd, cdw13, 52);
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
	SPDK_NVME_SC_COMMAND_NAMESPACE_IS_PROTECTED	= 0x20,
	SPDK_NVME_SC_COMMAND_INTERRUPTED		= 0x21,
	SPDK_NVME_SC_COMMAND_TRANSIENT_TRANSPORT_ERROR	= 0x22,
	SPDK_NVME_SC_COMMAND_PROHIBITED_BY_LOCKDOWN	= 0x23,	/* NVMe 2.0 */
	SPDK_NVME_SC_ADMIN_COMMAND_MEDIA_NOT_READY	= 0x24,	/* NVMe 2.0 */
	SPDK_NVME_SC_FDP_DISABLED			= 0x29,	/* TP 4146 */
	SPDK_NVME_SC_INVALID_PLACEMENT_HANDLE_LIST	= 0x2A,	/* TP 4146 */
	/* others up to 7Fh reserved */

	/* NVM command set (Figure 127) */
	SPDK_NVME_SC_LBA_OUT_OF_RANGE			= 0x80,
	SPDK_NVME_SC_CAPACITY_EXCEEDED			= 0x81,
	SPDK_NVME_SC_NAMESPACE_NOT_READY		= 0x82,
	SPDK_NVME_SC_RESERVATION_CONFLICT		= 0x83,
	SPDK_NVME_SC_FORMAT_IN_PROGRESS			= 0x84,
	/* Key Value command set (KV 1.0 §3.1.2) */
	SPDK_NVME_SC_INVALID_VALUE_SIZE			= 0x85,
	SPDK_NVME_SC_INVALID_KEY_SIZE			= 0x86,
	SPDK_NVME_SC_KV_KEY_DOES_NOT_EXIST		= 0x87,
	SPDK_NVME_SC_UNRECOVERED_ERROR			= 0x88,
	SPDK_NVME_SC_KEY_EXISTS				= 0x89,
	/* up to BFh reserved, C0h..FFh vendor specific */
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
	SPDK_NVME_SC_INSUFFICIENT_CAPACITY		= 0x26,	/* NVMe 2.0 */
	SPDK_NVME_SC_NAMESPACE_ATTACH_LIMIT_EXCEEDED	= 0x27,	/* NVMe 2.0 */
	SPDK_NVME_SC_PROHIBIT_CMD_EXEC_NOT_SUPPORTED	= 0x28,	/* NVMe 2.0 */
	SPDK_NVME_SC_IOCS_NOT_SUPPORTED			= 0x29,	/* NVMe 2.0 */
	SPDK_NVME_SC_IOCS_NOT_ENABLED			= 0x2a,	/* NVMe 2.0 */
	SPDK_NVME_SC_IOCS_COMBINATION_REJECTED		= 0x2b,	/* NVMe 2.0 */
	SPDK_NVME_SC_INVALID_IOCS			= 0x2c,	/* NVMe 2.0 */
	SPDK_NVME_SC_IDENTIFIER_UNAVAILABLE		= 0x2d,	/* NVMe 2.0 */
	/* 2Eh..6Fh reserved, 70h..7Fh directive specific */
	SPDK_NVME_SC_STREAM_RESOURCE_ALLOCATION_FAILED	= 0x7f,

	/* NVM command set (Figure 129) */
	SPDK_NVME_SC_CONFLICTING_ATTRIBUTES		= 0x80,
	SPDK_NVME_SC_INVALID_PROTECTION_INFO		= 0x81,
	SPDK_NVME_SC_ATTEMPTED_WRITE_TO_RO_RANGE	= 0x82,
	SPDK_NVME_SC_CMD_SIZE_LIMIT_SIZE_EXCEEDED	= 0x83,	/* Copy (TP 4065) */

	/* Zoned namespace command set (ZNS 1.1 §3.4.2) */
	SPDK_NVME_SC_ZONED_BOUNDARY_ERROR		= 0xb8,
	SPDK_NVME_SC_ZONE_IS_FULL			= 0xb9,
	SPDK_NVME_SC_ZONE_IS_READ_ONLY			= 0xba,
	SPDK_NVME_SC_ZONE_IS_OFFLINE			= 0xbb,
	SPDK_NVME_SC_ZONE_INVALID_WRITE			= 0xbc,
	SPDK_NVME_SC_TOO_MANY_ACTIVE_ZONES		= 0xbd,
	SPDK_NVME_SC_TOO_MANY_OPEN_ZONES		= 0xbe,
	SPDK_NVME_SC_INVALID_ZONE_STATE_TRANSITION	= 0xbf,
};

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
	SPDK_NVME_SC_END_TO_END_STORAGE_TAG_CHECK_ERROR	= 0x88,	/* NVMe 2.0 */
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
	SPDK_NVME_OPC_VENDOR_SPECIFIC_START		= 0xC0,	/* C0h..FFh */
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
	SPDK_NVME_OPC_IO_MANAGEMENT_RECEIVE		= 0x12,	/* NVMe 2.0 §7.3 */
	SPDK_NVME_OPC_RESERVATION_RELEASE		= 0x15,
	SPDK_NVME_OPC_COPY				= 0x19,	/* TP 4065 */
	SPDK_NVME_OPC_IO_MANAGEMENT_SEND		= 0x1d,	/* NVMe 2.0 §7.4 */
};

/* Zoned namespace command set opcodes (ZNS 1.1 §3.3). */
enum spdk_nvme_zns_opcode {
	SPDK_NVME_OPC_ZONE_MGMT_SEND			= 0x79,
	SPDK_NVME_OPC_ZONE_MGMT_RECV			= 0x7a,
	SPDK_NVME_OPC_ZONE_APPEND			= 0x7d,
};

/* Key Value command set opcodes (KV 1.0 §3). */
enum spdk_nvme_kv_opcode {
	SPDK_NVME_OPC_KV_STORE				= 0x01,
	SPDK_NVME_OPC_KV_RETRIEVE			= 0x02,
	SPDK_NVME_OPC_KV_LIST				= 0x06,
	SPDK_NVME_OPC_KV_DELETE				= 0x10,
	SPDK_NVME_OPC_KV_EXIST				= 0x14,
};

/* KV Store CDW11.RO bits (KV 1.0 §3.2.5). */
enum spdk_nvme_kv_store_option {
	SPDK_NVME_KV_STORE_OPT_DONT_STORE_IF_KEY_NOT_EXISTS	= 1 << 0,	/* overwrite only */
	SPDK_NVME_KV_STORE_OPT_DONT_STORE_IF_KEY_EXISTS		= 1 << 1,	/* create only */
	SPDK_NVME_KV_STORE_OPT_DONT_COMPRESS			= 1 << 2,
};

/* KV Retrieve CDW11.RO bits (KV 1.0 §3.2.4). */
enum spdk_nvme_kv_retrieve_option {
	SPDK_NVME_KV_RETRIEVE_OPT_RETRIEVE_RAW			= 1 << 0,	/* no decompression */
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
	SPDK_NVME_FEAT_IO_COMMAND_SET_PROFILE			= 0x19,	/* NVMe 2.0 */
	SPDK_NVME_FEAT_SPINUP_CONTROL				= 0x1A,	/* NVMe 2.0 */
	SPDK_NVME_FEAT_FDP					= 0x1D,	/* TP 4146 */
	SPDK_NVME_FEAT_FDP_EVENTS				= 0x1E,	/* TP 4146 */
	/* up to 77h reserved, 78h..7Fh NVMe-MI */
	SPDK_NVME_FEAT_ENHANCED_CONTROLLER_METADATA		= 0x7D,
	SPDK_NVME_FEAT_CONTROLLER_METADATA			= 0x7E,
	SPDK_NVME_FEAT_NAMESPACE_METADATA			= 0x7F,
	SPDK_NVME_FEAT_SOFTWARE_PROGRESS_MARKER			= 0x80,
	SPDK_NVME_FEAT_HOST_IDENTIFIER				= 0x81,
	SPDK_NVME_FEAT_HOST_RESERVE_MASK			= 0x82,
	SPDK_NVME_FEAT_HOST_RESERVE_PERSIST			= 0x83,
	SPDK_NVME_FEAT_NAMESPACE_WRITE_PROTECTION_CONFIG	= 0x84,
	/* 85h..BFh command set specific, C0h..FFh vendor specific */
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

/* Copy command source range entry, descriptor format 0 (NVM 1.0 §3.2.2.1). */
struct spdk_nvme_scc_source_range {
	uint64_t reserved0;
	uint64_t slba;			/* first block of the range */
	uint16_t nlb;			/* blocks, 0's based */
	uint16_t reserved18;
	uint32_t reserved20;
	uint32_t eilbrt;		/* expected initial reference tag */
	uint16_t elbat;			/* expected application tag */
	uint16_t elbatm;		/* ... and its mask */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_scc_source_range, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_scc_source_range, slba, 8);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_scc_source_range, eilbrt, 24);

/* Host Behavior Support data (§5.21.1.22). */
struct spdk_nvme_host_behavior {
	uint8_t acre;			/* advanced command retry enable */
	uint8_t etdas;			/* extended telemetry data area 4 supported (2.0) */
	uint8_t lbafee;			/* LBA format extension enable (2.0) */
	uint8_t reserved[509];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_host_behavior, 512);

/* Supported FDP event descriptor, in the FDP Events feature data (TP 4146). */
struct spdk_nvme_fdp_event_desc {
	uint8_t fdp_etype;		/* enum spdk_nvme_fdp_event_type */
	union {				/* event type attributes */
		uint8_t raw;
		struct {
			uint8_t fdp_ee		: 1;	/* event enabled */
			uint8_t reserved	: 7;
		} bits;
	} fdpeta;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_event_desc, 2);

/* Reclaim unit handle status descriptor (I/O Management Receive, TP 4146). */
struct spdk_nvme_fdp_ruhs_desc {
	uint16_t pid;			/* placement identifier */
	uint16_t ruhid;			/* reclaim unit handle identifier */
	uint32_t earutr;		/* estimated active RU time remaining, s */
	uint64_t ruamw;			/* RU available media writes, blocks */
	uint8_t reserved[16];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_ruhs_desc, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_fdp_ruhs_desc, ruamw, 8);

/* Reclaim unit handle status: header then nruhsd descriptors. */
struct spdk_nvme_fdp_ruhs {
	uint8_t reserved[14];
	uint16_t nruhsd;		/* number of descriptors that follow */
	struct spdk_nvme_fdp_ruhs_desc ruhs_desc[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_ruhs, 16);

/* I/O Management Receive CDW10.MO (NVMe 2.0 §7.3). */
enum spdk_nvme_fdp_mgmt_recv_mo {
	SPDK_NVME_FDP_IO_MGMT_RECV_NA		= 0x00,	/* no operation */
	SPDK_NVME_FDP_IO_MGMT_RECV_RUHS		= 0x01,	/* reclaim unit handle status */
	SPDK_NVME_FDP_IO_MGMT_RECV_VS		= 0xFF,	/* vendor specific */
};

/* I/O Management Send CDW10.MO (NVMe 2.0 §7.4). */
enum spdk_nvme_fdp_mgmt_send_mo {
	SPDK_NVME_FDP_IO_MGMT_SEND_NA		= 0x00,	/* no operation */
	SPDK_NVME_FDP_IO_MGMT_SEND_RUHU		= 0x01,	/* reclaim unit handle update */
	SPDK_NVME_FDP_IO_MGMT_SEND_VS		= 0xFF,	/* vendor specific */
};

/* ======================================================================
 * Identify (§5.15)
 * ====================================================================== */

/* CNS values (§5.15.1, Figure 244). */
enum spdk_nvme_identify_cns {
	SPDK_NVME_IDENTIFY_NS				= 0x00,
	SPDK_NVME_IDENTIFY_CTRLR			= 0x01,
	SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST		= 0x02,
	SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST	= 0x03,
	/* 04h NVM set list: not named by SPDK */
	SPDK_NVME_IDENTIFY_NS_IOCS			= 0x05,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_CTRLR_IOCS			= 0x06,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST_IOCS		= 0x07,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_NS_IOCS_INDEPENDENT		= 0x08,	/* NVMe 2.0 */
	SPDK_NVME_IDENTIFY_ALLOCATED_NS_LIST		= 0x10,
	SPDK_NVME_IDENTIFY_NS_ALLOCATED			= 0x11,
	SPDK_NVME_IDENTIFY_NS_ATTACHED_CTRLR_LIST	= 0x12,
	SPDK_NVME_IDENTIFY_CTRLR_LIST			= 0x13,
	SPDK_NVME_IDENTIFY_PRIMARY_CTRLR_CAP		= 0x14,
	SPDK_NVME_IDENTIFY_SECONDARY_CTRLR_LIST		= 0x15,
	/* 16h namespace granularity list: not named by SPDK */
	SPDK_NVME_IDENTIFY_UUID_LIST			= 0x17,
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

/* Identify Controller NVMe over Fabrics area, bytes 2047:1792 (NVMe-oF 1.1 §4.1). */
struct spdk_nvme_cdata_nvmf_specific {
	uint32_t ioccsz;		/* I/O command capsule size, 16 B units */
	uint32_t iorcsz;		/* I/O response capsule size, 16 B units */
	uint16_t icdoff;		/* in-capsule data offset, 16 B units */
	struct {
		uint8_t ctrlr_model	: 1;	/* enum spdk_nvmf_ctrlr_model */
		uint8_t reserved	: 7;
	} ctrattr;
	uint8_t msdbd;			/* max SGL data block descriptors */
	struct {			/* optional fabrics commands supported */
		uint16_t disconnect	: 1;	/* Disconnect and per-queue deletion */
		uint16_t reserved	: 15;
	} ofcs;
	uint8_t reserved[242];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_nvmf_specific, 256);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_cdata_nvmf_specific, ofcs, 12);

/* Identify Controller ONCS, bytes 521:520: optional NVM commands supported. */
struct spdk_nvme_cdata_oncs {
	union {
		uint16_t raw;
		struct {
			uint16_t nvmcmps	: 1;	/* Compare */
			uint16_t nvmwusv	: 1;	/* Write Uncorrectable */
			uint16_t nvmdsmsv	: 1;	/* Dataset Management */
			uint16_t nvmwzsv	: 1;	/* Write Zeroes */
			uint16_t ssfs		: 1;	/* Save field in Set/Get Features */
			uint16_t reservs	: 1;	/* reservations */
			uint16_t tss		: 1;	/* Timestamp feature */
			uint16_t nvmvfys	: 1;	/* Verify */
			uint16_t nvmcpys	: 1;	/* Copy (TP 4065) */
			uint16_t rsvd		: 7;
		};
	};
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_oncs, 2);

/* Identify Controller OACS, bytes 257:256: optional admin commands supported. */
struct spdk_nvme_cdata_oacs {
	uint16_t ssrs		: 1;	/* Security Send/Receive */
	uint16_t fnvms		: 1;	/* Format NVM */
	uint16_t fwds		: 1;	/* Firmware Commit/Image Download */
	uint16_t nms		: 1;	/* Namespace Management/Attachment */
	uint16_t dsts		: 1;	/* Device Self-test */
	uint16_t dirs		: 1;	/* Directives */
	uint16_t nsrs		: 1;	/* NVMe-MI Send/Receive */
	uint16_t vms		: 1;	/* Virtualization Management */
	uint16_t dbcs		: 1;	/* Doorbell Buffer Config */
	uint16_t glss		: 1;	/* Get LBA Status */
	uint16_t cfls		: 1;	/* Command and Feature Lockdown (2.0) */
	uint16_t hmlms		: 1;	/* host managed live migration (2.1) */
	uint16_t rsvd		: 4;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_oacs, 2);

/* Identify Controller FUSES, bytes 523:522: fused operations supported. */
struct spdk_nvme_cdata_fuses {
	union {
		uint16_t raw;
		struct {
			uint16_t fcws	: 1;	/* fused Compare and Write */
			uint16_t rsvd	: 15;
		};
	};
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_fuses, 2);

/* Identify Controller OAES, bytes 95:92: optional asynchronous events supported. */
struct spdk_nvme_cdata_oaes {
	uint32_t reserved1			: 8;
	uint32_t ns_attribute_notices		: 1;	/* Namespace Attribute Notices */
	uint32_t fw_activation_notices		: 1;	/* Firmware Activation Notices */
	uint32_t reserved2			: 1;
	uint32_t ana_change_notices		: 1;	/* ANA Change Notices */
	uint32_t pleal_change_notices		: 1;	/* predictable latency aggregate log */
	uint32_t lba_sia_notices		: 1;	/* LBA status information alert */
	uint32_t egealp_change_notices		: 1;	/* endurance group event aggregate log */
	uint32_t nnvm_sse			: 1;	/* normal NVM subsystem shutdown (2.0) */
	uint32_t reserved3			: 11;
	uint32_t zdes_change_notices		: 1;	/* zone descriptor changed (ZNS) */
	uint32_t reserved4			: 3;
	uint32_t discovery_log_change_notices	: 1;	/* NVMe-oF discovery log change */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cdata_oaes, 4);

/*
 * Identify Controller CTRATT, bytes 99:96: controller attributes. The
 * anonymous view uses the specification's abbreviations; `bits` keeps the
 * older long names at the same positions.
 */
union spdk_nvme_cdata_ctratt {
	uint32_t raw;
	struct {
		uint32_t hids		: 1;	/* 128-bit host identifier */
		uint32_t nopspm		: 1;	/* non-operational power state permissive */
		uint32_t nsets		: 1;	/* NVM sets */
		uint32_t rrlvls		: 1;	/* read recovery levels */
		uint32_t egs		: 1;	/* endurance groups */
		uint32_t plm		: 1;	/* predictable latency mode */
		uint32_t tbkas		: 1;	/* traffic based keep alive */
		uint32_t ng		: 1;	/* namespace granularity */
		uint32_t sqa		: 1;	/* SQ associations */
		uint32_t ulist		: 1;	/* UUID list */
		uint32_t mds		: 1;	/* multi-domain subsystem (2.0) */
		uint32_t fcm		: 1;	/* fixed capacity management */
		uint32_t vcm		: 1;	/* variable capacity management */
		uint32_t deg		: 1;	/* delete endurance group */
		uint32_t dnvms		: 1;	/* delete NVM set */
		uint32_t elbas		: 1;	/* extended LBA formats */
		uint32_t mem		: 1;	/* MDTS excludes metadata (2.1) */
		uint32_t reserved1	: 2;
		uint32_t fdps		: 1;	/* flexible data placement (TP 4146) */
		uint32_t reserved2	: 12;
	};
	struct {
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
		uint32_t mds						: 1;
		uint32_t fixed_capacity_management			: 1;
		uint32_t variable_capacity_management			: 1;
		uint32_t delete_endurance_group				: 1;
		uint32_t delete_nvm_set					: 1;
		uint32_t elbas						: 1;
		uint32_t mem						: 1;
		uint32_t reserved1					: 2;
		uint32_t fdps						: 1;
		uint32_t reserved2					: 12;
	} bits;
};
SPDK_NVME_SPEC_SIZE(union spdk_nvme_cdata_ctratt, 4);

/*
 * Identify Controller data structure, CNS 01h (§5.15.2.2, Figure 247).
 * Packed (alignment 1) like SPDK's, so that it may sit at any offset.
 */
#pragma pack(push, 1)
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
		uint8_t mports		: 1;	/* more than one port */
		uint8_t mctrs		: 1;	/* more than one controller */
		uint8_t ft		: 1;	/* function type: SR-IOV virtual function */
		uint8_t anars		: 1;	/* ANA reporting */
		uint8_t rsvd		: 4;
	} cmic;
	uint8_t mdts;				/* max transfer: 2^mdts * CAP.MPSMIN; 0 = none */
	uint16_t cntlid;			/* controller ID */
	union spdk_nvme_vs_register ver;	/* version */
	uint32_t rtd3r;				/* RTD3 resume latency, us */
	uint32_t rtd3e;				/* RTD3 entry latency, us */
	struct spdk_nvme_cdata_oaes oaes;	/* optional asynchronous events */
	union spdk_nvme_cdata_ctratt ctratt;	/* controller attributes */
	uint16_t rrls;				/* read recovery levels supported */
	uint8_t reserved_102[9];
	uint8_t cntrltype;			/* enum spdk_nvme_ctrlr_type */
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
	struct spdk_nvme_cdata_oacs oacs;	/* optional admin commands */
	uint8_t acl;				/* abort command limit, 0's based */
	uint8_t aerl;				/* async event request limit, 0's based */
	struct {				/* firmware updates */
		uint8_t slot1_ro			: 1;
		uint8_t num_slots			: 3;
		uint8_t activation_without_reset	: 1;
		uint8_t multiple_update_detection	: 1;
		uint8_t frmw_rsvd			: 2;
	} frmw;
	struct {				/* log page attributes */
		uint8_t smarts		: 1;	/* per-namespace SMART log */
		uint8_t cses		: 1;	/* commands supported and effects log */
		uint8_t lpeds		: 1;	/* extended data for Get Log Page */
		uint8_t ts		: 1;	/* telemetry logs and notices */
		uint8_t pes		: 1;	/* persistent event log */
		uint8_t mlps		: 1;	/* supported logs / miscellaneous pages (2.0) */
		uint8_t da4s		: 1;	/* telemetry data area 4 (2.0) */
		uint8_t rsvd		: 1;
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
			uint32_t reserved	: 29;	/* NDI, NODMMAS in 1.4 */
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
	uint16_t domain_identifier;		/* domain of this controller (2.0) */
	uint8_t reserved3[10];
	uint8_t megcap[SPDK_NVME_CTRLR_MEGCAP_LEN];	/* max endurance group capacity, bytes */
	uint8_t reserved384[128];

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
	struct spdk_nvme_cdata_oncs oncs;	/* optional NVM commands */
	struct spdk_nvme_cdata_fuses fuses;	/* fused operations */
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
		uint16_t reserved1	: 15;
	} ocfs;
	struct spdk_nvme_cdata_sgls sgls;	/* SGL support */
	uint32_t mnan;				/* maximum number of allowed namespaces */
	uint8_t maxdna[SPDK_NVME_MAXDNA_FIELD_SIZE];	/* max domain namespace attachments */
	uint32_t maxcna;			/* max I/O controller namespace attachments */
	uint8_t reserved4[204];
	uint8_t subnqn[SPDK_NVME_NQN_FIELD_SIZE];	/* NVM subsystem NQN, UTF-8 */
	uint8_t reserved5[768];
	struct spdk_nvme_cdata_nvmf_specific nvmf_specific;	/* bytes 1792..2047 */

	/* ---- bytes 2048..3071: power state descriptors ---- */
	struct spdk_nvme_power_state psd[32];

	/* ---- bytes 3072..4095: vendor specific ---- */
	uint8_t vs[1024];
};
#pragma pack(pop)
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ctrlr_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sn, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, mn, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, fr, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, cmic, 76);
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
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, frmw, 260);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, lpa, 261);
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
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, domain_identifier, 356);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, megcap, 368);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, reserved384, 384);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sqes, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, maxcmd, 514);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, nn, 516);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, oncs, 520);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, fuses, 522);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, vwc, 525);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, awun, 526);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, acwu, 532);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, ocfs, 534);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, sgls, 536);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, mnan, 540);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, maxdna, 544);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, maxcna, 560);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, subnqn, 768);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, reserved5, 1024);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, nvmf_specific, 1792);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, psd, 2048);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ctrlr_data, vs, 3072);

/* Identify Controller CNTRLTYPE, byte 111 (NVMe 1.4 §5.15.2.2). */
enum spdk_nvme_ctrlr_type {
	SPDK_NVME_CTRLR_IO		= 0x1,	/* I/O controller */
	SPDK_NVME_CTRLR_DISCOVERY	= 0x2,	/* NVMe-oF discovery controller */
	SPDK_NVME_CTRLR_ADMINISTRATIVE	= 0x3,	/* administrative controller */
};

/* Identify I/O command set specific controller data, ZNS (CNS 06h, CSI 02h; ZNS 1.1 §4.1.5.1). */
struct spdk_nvme_zns_ctrlr_data {
	uint8_t zasl;			/* zone append size limit: 2^zasl * CAP.MPSMIN; 0 = MDTS */
	uint8_t reserved1[4095];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_zns_ctrlr_data, 4096);

/* Version reported by Key Value controllers (KV command set 1.0 refers to NVMe 1.3 VS encoding). */
#define SPDK_NVME_KV_SPEC_VER	SPDK_NVME_VERSION(1, 3, 0)

/* Identify I/O command set specific controller data, KV (CNS 06h, CSI 01h). */
struct spdk_nvme_kv_ctrlr_data {
	uint32_t ver;			/* KV specification version, VS encoding */
	uint8_t reserved1[4092];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_kv_ctrlr_data, 4096);

/* Primary Controller Capabilities, CNS 14h (§5.15.2.7); packed like SPDK's. */
#pragma pack(push, 1)
struct spdk_nvme_primary_ctrl_capabilities {
	uint16_t cntlid;		/* controller identifier */
	uint16_t portid;		/* port identifier */
	struct {			/* controller resource types */
		uint8_t vq_supported	: 1;	/* VQ resources */
		uint8_t vi_supported	: 1;	/* VI resources */
		uint8_t reserved	: 6;
	} crt;
	uint8_t reserved[27];
	uint32_t vqfrt;			/* VQ flexible resources, total */
	uint32_t vqrfa;			/* ... assigned to secondaries */
	uint16_t vqrfap;		/* ... allocated to the primary */
	uint16_t vqprt;			/* VQ private resources of the primary */
	uint16_t vqfrsm;		/* max VQ flexible per secondary */
	uint16_t vqgran;		/* VQ flexible assignment granularity */
	uint8_t reserved1[16];
	uint32_t vifrt;			/* VI flexible resources, total */
	uint32_t virfa;			/* ... assigned to secondaries */
	uint16_t virfap;		/* ... allocated to the primary */
	uint16_t viprt;			/* VI private resources of the primary */
	uint16_t vifrsm;		/* max VI flexible per secondary */
	uint16_t vigran;		/* VI flexible assignment granularity */
	uint8_t reserved2[4016];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_primary_ctrl_capabilities, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_primary_ctrl_capabilities, vqfrt, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_primary_ctrl_capabilities, vifrt, 64);

/* Secondary controller entry, 32 bytes (§5.15.2.8, Figure 254). */
struct spdk_nvme_secondary_ctrl_entry {
	uint16_t scid;			/* secondary controller identifier */
	uint16_t pcid;			/* its primary controller */
	struct {			/* secondary controller state */
		uint8_t is_online	: 1;
		uint8_t reserved	: 7;
	} scs;
	uint8_t reserved[3];
	uint16_t vfn;			/* SR-IOV virtual function number */
	uint16_t nvq;			/* VQ flexible resources assigned */
	uint16_t nvi;			/* VI flexible resources assigned */
	uint8_t reserved1[18];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_secondary_ctrl_entry, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_secondary_ctrl_entry, vfn, 8);

/* Secondary Controller List, CNS 15h: up to 127 entries. */
struct spdk_nvme_secondary_ctrl_list {
	uint8_t number;			/* entries that follow */
	uint8_t reserved[31];
	struct spdk_nvme_secondary_ctrl_entry entries[127];
};
#pragma pack(pop)
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_secondary_ctrl_list, 4096);

/* Identify Namespace RESCAP, byte 31: reservation types supported (§5.15.2.1). */
struct spdk_nvme_rescap {
	uint8_t ptpls		: 1;	/* persist through power loss */
	uint8_t wes		: 1;	/* write exclusive */
	uint8_t eas		: 1;	/* exclusive access */
	uint8_t weros		: 1;	/* write exclusive, registrants only */
	uint8_t earos		: 1;	/* exclusive access, registrants only */
	uint8_t wears		: 1;	/* write exclusive, all registrants */
	uint8_t eaars		: 1;	/* exclusive access, all registrants */
	uint8_t ieks		: 1;	/* ignore existing key (1.3+) */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_rescap, 1);

/* Identify Namespace FPI, byte 32: format progress indicator. */
struct spdk_nvme_fpi {
	uint8_t rfnvm		: 7;	/* percentage of the format still to do */
	uint8_t fpis		: 1;	/* progress indicator supported */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fpi, 1);

/* Identify Namespace NMIC, byte 30: multi-path I/O and sharing. */
struct spdk_nvme_nmic {
	uint8_t shrns		: 1;	/* may be attached to several controllers */
	uint8_t disns		: 1;	/* dispersed namespace (2.0) */
	uint8_t rsvd		: 6;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_nmic, 1);

/* Identify Namespace NSATTR, byte 99: namespace attributes. */
struct spdk_nvme_nsattr {
	uint8_t cwp		: 1;	/* currently write protected */
	uint8_t rsvd		: 7;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_nsattr, 1);

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
		uint8_t format		: 4;	/* index into lbaf[], low bits */
		uint8_t extended	: 1;	/* metadata at the end of each block */
		uint8_t msb_format	: 2;	/* index bits 5:4, when nlbaf > 16 (2.0) */
		uint8_t reserved2	: 1;
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
	} dpc;
	struct {				/* end-to-end protection type settings */
		uint8_t pit		: 3;	/* enum spdk_nvme_pi_type */
		uint8_t md_start	: 1;
		uint8_t reserved4	: 4;
	} dps;
	struct spdk_nvme_nmic nmic;		/* multi-path I/O and sharing */
	union {					/* reservation capabilities */
		struct spdk_nvme_rescap rescap;
		uint8_t raw;
	} nsrescap;
	struct spdk_nvme_fpi fpi;		/* format progress indicator */
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
	uint16_t mssrl;				/* Copy: max single source range length */
	uint32_t mcl;				/* Copy: max copy length */
	uint8_t msrc;				/* Copy: max source range count, 0's based */
	uint8_t reserved81[11];
	uint32_t anagrpid;			/* ANA group identifier */
	uint8_t reserved96[3];
	struct spdk_nvme_nsattr nsattr;		/* namespace attributes */
	uint16_t nvmsetid;			/* NVM set identifier */
	uint16_t endgid;			/* endurance group identifier */
	uint8_t nguid[16];			/* namespace globally unique identifier */
	uint64_t eui64;				/* IEEE extended unique identifier */
	struct {				/* LBA formats (NVM command set §4.1.5.1) */
		uint32_t ms		: 16;	/* metadata bytes per block */
		uint32_t lbads		: 8;	/* block data size, log2 (9 = 512 B) */
		uint32_t rp		: 2;	/* relative performance, 0 best */
		uint32_t reserved6	: 6;
	} lbaf[64];				/* 16 before NVMe 2.0 */
	uint8_t vendor_specific[3712];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nsfeat, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, flbas, 26);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nmic, 30);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nsrescap, 31);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, fpi, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, dlfeat, 33);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, noiob, 46);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nvmcap, 48);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, npwg, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, mssrl, 74);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, mcl, 76);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, msrc, 80);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, anagrpid, 92);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nsattr, 99);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nvmsetid, 100);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, nguid, 104);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, eui64, 120);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, lbaf, 128);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_data, vendor_specific, 384);
SPDK_STATIC_ASSERT(sizeof(((struct spdk_nvme_ns_data *)0)->lbaf[0]) == 4, "LBA format is 4 bytes");

/* Protection information format, ELBAF.PIF (NVM 1.0 §5.2.1). */
enum spdk_nvme_pi_format {
	SPDK_NVME_16B_GUARD_PI	= 0,
	SPDK_NVME_32B_GUARD_PI	= 1,
	SPDK_NVME_64B_GUARD_PI	= 2,
};

/* Identify I/O command set specific namespace data, NVM (CNS 05h, CSI 00h; NVM 1.0 §4.1.5.3). */
struct spdk_nvme_nvm_ns_data {
	uint64_t lbstm;			/* logical block storage tag mask */
	struct {			/* protection information capabilities */
		uint8_t _16bpists	: 1;	/* 16b guard PI storage tag supported */
		uint8_t _16bpistm	: 1;	/* 16b guard PI storage tag mask */
		uint8_t stcrs		: 1;	/* storage tag check read supported */
		uint8_t reserved	: 5;
	} pic;
	uint8_t reserved[3];
	struct {			/* extended LBA formats, paired with lbaf[] */
		uint32_t sts		: 7;	/* storage tag size, bits */
		uint32_t pif		: 2;	/* enum spdk_nvme_pi_format */
		uint32_t reserved	: 23;
	} elbaf[64];
	uint8_t reserved2[3828];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_nvm_ns_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_nvm_ns_data, elbaf, 12);

/* Identify I/O command set specific controller data, NVM (CNS 06h, CSI 00h; NVM 1.0 §4.1.5.2). */
struct spdk_nvme_nvm_ctrlr_data {
	uint8_t vsl;			/* Verify size limit, 2^n * MPSMIN */
	uint8_t wzsl;			/* Write Zeroes size limit */
	uint8_t wusl;			/* Write Uncorrectable size limit */
	uint8_t dmrl;			/* DSM ranges limit */
	uint32_t dmrsl;			/* DSM range size limit, blocks */
	uint64_t dmsl;			/* DSM size limit, blocks */
	uint8_t rsvd16[4080];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_nvm_ctrlr_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_nvm_ctrlr_data, dmsl, 8);

/* Identify I/O command set specific namespace data, ZNS (CNS 05h, CSI 02h; ZNS 1.1 §4.1.5.1). */
struct spdk_nvme_zns_ns_data {
	struct {			/* zone operation characteristics */
		uint16_t variable_zone_capacity	: 1;
		uint16_t zone_active_excursions	: 1;
		uint16_t reserved0		: 14;
	} zoc;
	struct {			/* optional zoned command support */
		uint16_t read_across_zone_boundaries	: 1;
		uint16_t reserved0			: 15;
	} ozcs;
	uint32_t mar;			/* max active resources, 0's based */
	uint32_t mor;			/* max open resources, 0's based */
	uint32_t rrl;			/* reset recommended limit, s */
	uint32_t frl;			/* finish recommended limit, s */
	uint32_t rrl1;
	uint32_t rrl2;
	uint32_t rrl3;
	uint32_t frl1;
	uint32_t frl2;
	uint32_t frl3;
	uint8_t reserved44[2772];
	struct {			/* LBA format extensions, paired with lbaf[] */
		uint64_t zsze;			/* zone size, blocks */
		uint64_t zdes		: 8;	/* descriptor extension size, 64 B units */
		uint64_t reserved15	: 56;
	} lbafe[64];
	uint8_t vendor_specific[256];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_zns_ns_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_zns_ns_data, lbafe, 2816);

/* KV format additional options (KV 1.0 §4.1.5.2). */
struct spdk_nvme_kv_afo {
	uint8_t rp		: 2;	/* relative performance */
	uint8_t reserved	: 6;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_kv_afo, 1);

/* KV format capabilities. */
struct spdk_nvme_kv_kvfc {
	uint8_t kvfi		: 4;	/* KV format index in use */
	uint8_t reserved	: 4;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_kv_kvfc, 1);

/* KV format descriptor, 16 bytes. */
struct spdk_nvme_kv_format {
	uint16_t kvkml;			/* max key length, bytes (at most 16) */
	uint8_t reserved2;
	struct spdk_nvme_kv_afo afo;
	uint32_t kvvml;			/* max value length, bytes */
	uint32_t mnks;			/* max number of keys; 0 = not reported */
	uint8_t reserved12[4];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_kv_format, 16);

/* Identify I/O command set specific namespace data, KV (CNS 05h, CSI 01h). */
struct spdk_nvme_kv_ns_data {
	uint64_t nsze;			/* namespace size, bytes */
	uint8_t reserved8[8];
	uint64_t nuse;			/* namespace utilization, bytes */
	uint8_t nsfeat;			/* namespace features */
	uint8_t nkvf;			/* KV formats, 0's based */
	struct spdk_nvme_nmic nmic;
	struct spdk_nvme_rescap rescap;
	struct spdk_nvme_fpi fpi;
	struct spdk_nvme_kv_kvfc kvfc;
	uint8_t reserved30[2];
	uint32_t novg;			/* optimal value granularity, bytes */
	uint32_t anagrpid;		/* ANA group identifier */
	uint8_t reserved40[3];
	struct spdk_nvme_nsattr nsattr;
	uint16_t nvmsetid;
	uint16_t endgid;
	uint8_t nguid[16];
	uint64_t eui64;
	struct spdk_nvme_kv_format kvf[16];
	uint8_t reserved328[3512];
	uint8_t vendor_specific[256];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_kv_ns_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_kv_ns_data, novg, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_kv_ns_data, kvf, 72);

/* I/O command set independent Identify Namespace, CNS 08h (NVMe 2.0 §5.17.2.9). */
struct spdk_nvme_ns_iocs_independent_data {
	struct {			/* common namespace features */
		uint8_t reserved1	: 3;
		uint8_t uidreuse	: 1;	/* UID may be reused */
		uint8_t rmedia		: 1;	/* rotational media */
		uint8_t vwcnp		: 1;	/* no volatile write cache */
		uint8_t reserved2	: 2;
	} nsfeat;
	struct spdk_nvme_nmic nmic;
	struct spdk_nvme_rescap rescap;
	struct spdk_nvme_fpi fpi;
	uint32_t anagrpid;
	struct spdk_nvme_nsattr nsattr;
	uint8_t reserved1;
	uint16_t nvmsetid;
	uint16_t endgid;
	struct {			/* namespace status */
		uint8_t nrdy		: 1;	/* namespace ready */
		uint8_t ioi		: 2;	/* I/O impacted */
		uint8_t reserved	: 5;
	} nstat;
	struct {			/* key per I/O status (2.1) */
		uint8_t kpioens		: 1;	/* enabled in the namespace */
		uint8_t kpiosns		: 1;	/* supported in the namespace */
		uint8_t reserved	: 6;
	} kpios;
	uint16_t maxkt;			/* maximum key tag */
	uint16_t reserved2;
	uint32_t rgrpid;		/* reachability group identifier */
	uint8_t reserved3[4072];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_iocs_independent_data, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_iocs_independent_data, anagrpid, 4);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_iocs_independent_data, rgrpid, 20);

/* One I/O command set combination of the Identify I/O Command Set data (CNS 1Ch). */
struct spdk_nvme_iocs_vector {
	uint8_t nvm		: 1;
	uint8_t kv		: 1;
	uint8_t zns		: 1;
	uint8_t rsvd		: 5;
	uint8_t rsvd2[7];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_iocs_vector, 8);

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
	SPDK_NVME_LOG_SUPPORTED_LOG_PAGES		= 0x00,	/* NVMe 2.0 */
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
	/* 0Eh LBA status information: not named by SPDK */
	SPDK_NVME_LOG_ENDURANCE_GROUP_EVENT		= 0x0F,
	/* 10h..16h: NVMe 2.0 */
	SPDK_NVME_LOG_MEDIA_UNIT_STATUS			= 0x10,
	SPDK_NVME_LOG_CAPACITY_CONFIGURATION_LIST	= 0x11,
	SPDK_NVME_LOG_FEATURE_IDS_EFFECTS		= 0x12,
	SPDK_NVME_LOG_NVME_MI_COMMANDS_EFFECTS		= 0x13,
	SPDK_NVME_LOG_COMMAND_FEATURE_LOCKDOWN		= 0x14,
	SPDK_NVME_LOG_BOOT_PARTITION			= 0x15,
	SPDK_NVME_LOG_ROTATIONAL_MEDIA_INFORMATION	= 0x16,
	/* 20h..23h: flexible data placement (TP 4146) */
	SPDK_NVME_LOG_FDP_CONFIGURATIONS		= 0x20,
	SPDK_NVME_LOG_RECLAIM_UNIT_HANDLE_USAGE		= 0x21,
	SPDK_NVME_LOG_FDP_STATISTICS			= 0x22,
	SPDK_NVME_LOG_FDP_EVENTS			= 0x23,
	SPDK_NVME_LOG_DISCOVERY				= 0x70,	/* NVMe-oF */
	/* 71h..7Fh reserved for NVMe-oF */
	SPDK_NVME_LOG_RESERVATION_NOTIFICATION		= 0x80,
	SPDK_NVME_LOG_SANITIZE_STATUS			= 0x81,
	/* 82h..BFh command set specific */
	SPDK_NVME_LOG_CHANGED_ZONE_LIST			= 0xBF,	/* ZNS 1.1 §5.3.1 */
	SPDK_NVME_LOG_VENDOR_SPECIFIC_START		= 0xC0,
	SPDK_NVME_LOG_VENDOR_SPECIFIC_END		= 0xFF,
};

/* True for a log page identifier in the vendor specific range. */
#define spdk_nvme_log_page_is_vendor_specific(lid) ((lid) >= SPDK_NVME_LOG_VENDOR_SPECIFIC_START)

/* Supported Log Pages log, LID 00h (NVMe 2.0 §5.16.1.1): one entry per LID. */
struct spdk_nvme_supported_log_pages {
	struct {
		uint32_t lsupp		: 1;	/* LID supported */
		uint32_t ios		: 1;	/* index offset supported */
		uint32_t reserved	: 14;
		uint32_t lidsp		: 16;	/* LID specific parameter */
	} lids[256];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_supported_log_pages, 1024);

/* Feature Identifiers Supported and Effects log, LID 12h (NVMe 2.0 §5.16.1.18). */
struct spdk_nvme_feature_ids_effects_log_page {
	struct {
		uint32_t fsupp		: 1;	/* FID supported */
		uint32_t udcc		: 1;	/* user data content change */
		uint32_t ncc		: 1;	/* namespace capability change */
		uint32_t nic		: 1;	/* namespace inventory change */
		uint32_t ccc		: 1;	/* controller capability change */
		uint32_t reserved	: 14;
		uint32_t uss		: 1;	/* UUID selection supported */
		/* feature scope: what a Set Features of this FID affects */
		uint32_t nscpe		: 1;	/* namespace */
		uint32_t cscpe		: 1;	/* controller */
		uint32_t nsetscpe	: 1;	/* NVM set */
		uint32_t egscpe		: 1;	/* endurance group */
		uint32_t dscpe		: 1;	/* domain */
		uint32_t nsscpe		: 1;	/* NVM subsystem */
		uint32_t cdqscpe	: 1;	/* controller data queue (2.1) */
		uint32_t fsp_reserved	: 5;
	} fis[256];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_feature_ids_effects_log_page, 1024);

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
#pragma pack(push, 1)
struct spdk_nvme_health_information_page {
	union spdk_nvme_critical_warning_state critical_warning;
	uint16_t temperature;			/* composite temperature, K */
	uint8_t available_spare;		/* percent */
	uint8_t available_spare_threshold;	/* percent */
	uint8_t percentage_used;
	uint8_t reserved[26];			/* byte 6: endurance group warnings (1.4) */
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
	uint8_t reserved2[296];			/* from byte 216: thermal management counters (1.3) */
};
#pragma pack(pop)
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_health_information_page, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, temperature, 1);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, data_units_read, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, warning_temp_time, 192);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, temp_sensor, 200);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_health_information_page, reserved2, 216);

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
	uint16_t uss		: 1;	/* UUID selection supported (1.4) */
	/* command scope (2.0): which entities the command acts upon */
	uint16_t nscpe		: 1;	/* namespace */
	uint16_t cscpe		: 1;	/* controller */
	uint16_t nsetscpe	: 1;	/* NVM set */
	uint16_t egscpe		: 1;	/* endurance group */
	uint16_t dscpe		: 1;	/* domain */
	uint16_t nsscpe		: 1;	/* NVM subsystem */
	uint16_t csp_reserved	: 6;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmds_and_effect_entry, 4);

/* Commands Supported and Effects log, 4096 bytes (§5.14.1.5, Figure 197). */
struct spdk_nvme_cmds_and_effect_log_page {
	struct spdk_nvme_cmds_and_effect_entry admin_cmds_supported[256];
	struct spdk_nvme_cmds_and_effect_entry io_cmds_supported[256];
	uint8_t reserved0[2048];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_cmds_and_effect_log_page, 4096);

/* Telemetry host/controller initiated log header, LID 07h/08h (§5.14.1.8). */
struct spdk_nvme_telemetry_log_page_hdr {
	uint8_t lpi;				/* log page identifier */
	uint8_t rsvd[4];
	uint8_t ieee_oui[3];
	uint16_t dalb1;				/* last block of data area 1 */
	uint16_t dalb2;				/* ... area 2 */
	uint16_t dalb3;				/* ... area 3 */
	uint8_t rsvd1[368];
	uint8_t ctrlr_avail;			/* controller initiated data available */
	uint8_t ctrlr_gen;			/* controller initiated generation number */
	uint8_t rsnident[128];			/* reason identifier */
	uint8_t telemetry_datablock[0];		/* data areas follow, 512 B blocks */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_telemetry_log_page_hdr, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_telemetry_log_page_hdr, dalb1, 8);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_telemetry_log_page_hdr, ctrlr_avail, 382);

/* Sanitize Status log SSTAT status (§5.14.1.17). */
enum spdk_nvme_sanitize_status_type {
	SPDK_NVME_NEVER_BEEN_SANITIZED		= 0x0,
	SPDK_NVME_RECENT_SANITIZE_SUCCESSFUL	= 0x1,
	SPDK_NVME_SANITIZE_IN_PROGRESS		= 0x2,
	SPDK_NVME_SANITIZE_FAILED		= 0x3,
};

/* Sanitize Status log SSTAT field. */
struct spdk_nvme_sanitize_status_sstat {
	uint16_t status			: 3;	/* enum spdk_nvme_sanitize_status_type */
	uint16_t complete_pass		: 5;	/* overwrite passes completed */
	uint16_t global_data_erase	: 1;	/* no user data written since */
	uint16_t reserved		: 7;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_sanitize_status_sstat, 2);

/* Sanitize Status log page, LID 81h (§5.14.1.17). */
struct spdk_nvme_sanitize_status_log_page {
	uint16_t sprog;				/* progress, n/65536 */
	struct spdk_nvme_sanitize_status_sstat sstat;
	uint32_t scdw10;			/* CDW10 of the last Sanitize */
	uint32_t et_overwrite;			/* estimated times, s; FFFFFFFFh = unknown */
	uint32_t et_block_erase;
	uint32_t et_crypto_erase;
	uint8_t reserved[492];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_sanitize_status_log_page, 512);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_sanitize_status_log_page, et_crypto_erase, 16);

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

/* ---- Flexible data placement log pages (TP 4146, NVMe 2.0 §5.16.1.20-23) ---- */

/* Reclaim unit handle type. */
enum spdk_nvme_fdp_ruh_type {
	SPDK_NVME_FDP_RUHT_INITIALLY_ISOLATED		= 0x1,
	SPDK_NVME_FDP_RUHT_PERSISTENTLY_ISOLATED	= 0x2,
	/* C0h..FFh vendor specific */
};

/* Reclaim unit handle descriptor of an FDP configuration. */
struct spdk_nvme_fdp_ruh_descriptor {
	uint8_t ruht;				/* enum spdk_nvme_fdp_ruh_type */
	uint8_t reserved[3];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_ruh_descriptor, 4);

/* FDP configuration descriptor: 64 bytes, then nruh handle descriptors. */
struct spdk_nvme_fdp_cfg_descriptor {
	uint16_t ds;				/* descriptor size, bytes */
	union {					/* FDP attributes */
		uint8_t raw;
		struct {
			uint8_t rgif	: 4;	/* reclaim group identifier format, bits */
			uint8_t fdpvwc	: 1;	/* FDP volatile write cache */
			uint8_t rsvd1	: 2;
			uint8_t fdpcv	: 1;	/* configuration valid */
		} bits;
	} fdpa;
	uint8_t vss;				/* vendor specific size */
	uint32_t nrg;				/* reclaim groups */
	uint16_t nruh;				/* reclaim unit handles */
	uint16_t maxpids;			/* max placement identifiers, 0's based */
	uint32_t nns;				/* namespaces supported */
	uint64_t runs;				/* reclaim unit nominal size, bytes */
	uint32_t erutl;				/* estimated RU time limit, s */
	uint8_t rsvd28[36];
	struct spdk_nvme_fdp_ruh_descriptor ruh_desc[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_cfg_descriptor, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_fdp_cfg_descriptor, runs, 16);

/* FDP Configurations log, LID 20h: header then ncfg + 1 descriptors. */
struct spdk_nvme_fdp_cfg_log_page {
	uint16_t ncfg;				/* configurations, 0's based */
	uint8_t version;
	uint8_t reserved1;
	uint32_t size;				/* log size, bytes */
	uint8_t reserved2[8];
	struct spdk_nvme_fdp_cfg_descriptor cfg_desc[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_cfg_log_page, 16);

/* Reclaim unit handle attributes in the usage log. */
enum spdk_nvme_fdp_ruh_attributes {
	SPDK_NVME_FDP_RUHA_UNUSED		= 0x0,	/* no namespace uses it */
	SPDK_NVME_FDP_RUHA_HOST_SPECIFIED	= 0x1,	/* chosen by placement handle */
	SPDK_NVME_FDP_RUHA_CTRLR_SPECIFIED	= 0x2,	/* the controller's default */
};

/* Reclaim unit handle usage descriptor. */
struct spdk_nvme_fdp_ruhu_descriptor {
	uint8_t ruha;				/* enum spdk_nvme_fdp_ruh_attributes */
	uint8_t reserved[7];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_ruhu_descriptor, 8);

/* Reclaim Unit Handle Usage log, LID 21h. */
struct spdk_nvme_fdp_ruhu_log_page {
	uint16_t nruh;				/* handles that follow */
	uint8_t reserved[6];
	struct spdk_nvme_fdp_ruhu_descriptor ruhu_desc[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_ruhu_log_page, 8);

/* FDP Statistics log, LID 22h: 128-bit byte counters. */
struct spdk_nvme_fdp_stats_log_page {
	uint64_t hbmw[2];			/* host bytes with metadata written */
	uint64_t mbmw[2];			/* media bytes with metadata written */
	uint64_t mbe[2];			/* media bytes erased */
	uint8_t rsvd48[16];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_stats_log_page, 64);

/* FDP Events log LSP: which side's events to report. */
enum spdk_nvme_fdp_report_event_type {
	SPDK_NVME_FDP_REPORT_CTRL_EVENTS	= 0x0,
	SPDK_NVME_FDP_REPORT_HOST_EVENTS	= 0x1,
};

/* FDP event types: 00h..7Fh host events, 80h..FFh controller events. */
enum spdk_nvme_fdp_event_type {
	SPDK_NVME_FDP_EVENT_RU_NOT_WRITTEN_CAPACITY	= 0x0,
	SPDK_NVME_FDP_EVENT_RU_TIME_LIMIT_EXCEEDED	= 0x1,
	SPDK_NVME_FDP_EVENT_CTRLR_RESET_MODIFY_RUH	= 0x2,
	SPDK_NVME_FDP_EVENT_INVALID_PLACEMENT_ID	= 0x3,
	/* 70h..7Fh vendor specific host events */
	SPDK_NVME_FDP_EVENT_MEDIA_REALLOCATED		= 0x80,
	SPDK_NVME_FDP_EVENT_IMPLICIT_MODIFIED_RUH	= 0x81,
	/* F0h..FFh vendor specific controller events */
};

/* Event type specific data of a media reallocated event; packed like SPDK's. */
#pragma pack(push, 1)
struct spdk_nvme_fdp_event_media_reallocated {
	union {					/* specific event flags */
		uint8_t raw;
		struct {
			uint8_t lbav		: 1;	/* lba is valid */
			uint8_t reserved	: 7;
		} bits;
	} sef;
	uint8_t reserved1;
	uint16_t nlbam;				/* blocks moved */
	uint64_t lba;
	uint8_t reserved2[4];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_event_media_reallocated, 16);

/* FDP event, 64 bytes. */
struct spdk_nvme_fdp_event {
	uint8_t etype;				/* enum spdk_nvme_fdp_event_type */
	union {					/* event flags */
		uint8_t raw;
		struct {
			uint8_t piv		: 1;	/* pid valid */
			uint8_t nsidv		: 1;	/* nsid valid */
			uint8_t lv		: 1;	/* rgid/ruhid valid */
			uint8_t reserved	: 5;
		} bits;
	} fdpef;
	uint16_t pid;				/* placement identifier */
	uint64_t timestamp;
	uint32_t nsid;
	uint64_t event_type_specific[2];
	uint16_t rgid;				/* reclaim group */
	uint16_t ruhid;				/* reclaim unit handle */
	uint8_t reserved[4];
	uint8_t vs[24];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_event, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_fdp_event, nsid, 12);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_fdp_event, rgid, 32);
#pragma pack(pop)

/* FDP Events log, LID 23h. */
struct spdk_nvme_fdp_events_log_page {
	uint32_t nevents;			/* events that follow */
	uint8_t reserved[60];
	struct spdk_nvme_fdp_event event[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fdp_events_log_page, 64);

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

/*
 * Reservation Report data (§6.12): a 24-byte header followed by one
 * registered controller entry per registrant; the extended form (CDW11.EDS)
 * has a 64-byte header and 64-byte entries with 128-bit host identifiers.
 * Packed like SPDK's (regctl sits at an odd offset).
 */
#pragma pack(push, 1)
struct spdk_nvme_reservation_status_data {
	uint32_t gen;				/* reservation generation counter */
	uint8_t rtype;				/* enum spdk_nvme_reservation_type; 0 = none */
	uint16_t regctl;			/* registered controllers that follow */
	uint16_t reserved1;
	uint8_t ptpls;				/* persist through power loss state */
	uint8_t reserved[14];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_status_data, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_reservation_status_data, regctl, 5);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_reservation_status_data, ptpls, 9);

struct spdk_nvme_reservation_status_extended_data {
	struct spdk_nvme_reservation_status_data data;
	uint8_t reserved[40];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_status_extended_data, 64);

struct spdk_nvme_registered_ctrlr_data {
	uint16_t cntlid;			/* controller ID, FFFFh = dynamic */
	struct {				/* reservation status */
		uint8_t status		: 1;	/* this controller holds the reservation */
		uint8_t reserved1	: 7;
	} rcsts;
	uint8_t reserved2[5];
	uint64_t hostid;			/* 64-bit host identifier */
	uint64_t rkey;				/* reservation key */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_registered_ctrlr_data, 24);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registered_ctrlr_data, hostid, 8);

struct spdk_nvme_registered_ctrlr_extended_data {
	uint16_t cntlid;
	struct {
		uint8_t status		: 1;
		uint8_t reserved1	: 7;
	} rcsts;
	uint8_t reserved2[5];
	uint64_t rkey;				/* reservation key */
	uint8_t hostid[16];			/* 128-bit host identifier */
	uint8_t reserved3[32];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_registered_ctrlr_extended_data, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_registered_ctrlr_extended_data, hostid, 16);
#pragma pack(pop)

/* Reservation Notification log page type (§5.14.1.16). */
enum spdk_nvme_reservation_notification_log_page_type {
	SPDK_NVME_RESERVATION_LOG_PAGE_EMPTY	= 0x0,
	SPDK_NVME_REGISTRATION_PREEMPTED	= 0x1,
	SPDK_NVME_RESERVATION_RELEASED		= 0x2,
	SPDK_NVME_RESERVATION_PREEMPTED		= 0x3,
};

/* Reservation Notification log page, 64 bytes (§5.14.1.16). */
struct spdk_nvme_reservation_notification_log {
	uint64_t log_page_count;		/* incrementing; 0 = empty */
	uint8_t type;				/* enum spdk_nvme_reservation_notification_log_page_type */
	uint8_t num_avail_log_pages;		/* more pages waiting */
	uint8_t reserved[2];
	uint32_t nsid;
	uint8_t reserved1[48];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_reservation_notification_log, 64);

/* Reservation Notification Mask feature bits (§5.21.1.27). */
#define SPDK_NVME_REGISTRATION_PREEMPTED_MASK	(1U << 1)
#define SPDK_NVME_RESERVATION_RELEASED_MASK	(1U << 2)
#define SPDK_NVME_RESERVATION_PREEMPTED_MASK	(1U << 3)

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
	uint32_t lbafu		: 2;	/* LBA format index bits 5:4 (2.0) */
	uint32_t reserved	: 18;
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_format, 4);

/* Firmware Commit CDW10 (§5.11). */
enum spdk_nvme_fw_commit_action {
	SPDK_NVME_FW_COMMIT_REPLACE_IMG			= 0x0,
	SPDK_NVME_FW_COMMIT_REPLACE_AND_ENABLE_IMG	= 0x1,
	SPDK_NVME_FW_COMMIT_ENABLE_IMG			= 0x2,
	SPDK_NVME_FW_COMMIT_RUN_IMG			= 0x3,
	/* 4h, 5h reserved */
	SPDK_NVME_FW_COMMIT_REPLACE_BOOT_PARTITION	= 0x6,	/* image to boot partition bpid */
	SPDK_NVME_FW_COMMIT_ACTIVATE_BOOT_PARTITION	= 0x7,	/* mark bpid active */
};

struct spdk_nvme_fw_commit {
	uint32_t fs		: 3;	/* firmware slot; 0 = controller chooses */
	uint32_t ca		: 3;	/* enum spdk_nvme_fw_commit_action */
	uint32_t reserved	: 25;
	uint32_t bpid		: 1;	/* boot partition, for the boot partition actions */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_fw_commit, 4);

/* ======================================================================
 * Zoned namespaces (ZNS command set 1.1)
 * ====================================================================== */

/* Zone Management Send CDW13.ZSA (ZNS §3.4.3). */
enum spdk_nvme_zns_zone_send_action {
	SPDK_NVME_ZONE_CLOSE	= 0x1,
	SPDK_NVME_ZONE_FINISH	= 0x2,
	SPDK_NVME_ZONE_OPEN	= 0x3,
	SPDK_NVME_ZONE_RESET	= 0x4,
	SPDK_NVME_ZONE_OFFLINE	= 0x5,
	SPDK_NVME_ZONE_SET_ZDE	= 0x10,	/* set zone descriptor extension */
};

/* Zone Management Receive CDW13.ZRA (ZNS §3.4.2). */
enum spdk_nvme_zns_zone_receive_action {
	SPDK_NVME_ZONE_REPORT		= 0x0,
	SPDK_NVME_ZONE_EXTENDED_REPORT	= 0x1,
};

/* Zone Management Receive CDW13.ZRASF: which zone states to report. */
enum spdk_nvme_zns_zra_report_opts {
	SPDK_NVME_ZRA_LIST_ALL	= 0x0,	/* every zone */
	SPDK_NVME_ZRA_LIST_ZSE	= 0x1,	/* empty */
	SPDK_NVME_ZRA_LIST_ZSIO	= 0x2,	/* implicitly opened */
	SPDK_NVME_ZRA_LIST_ZSEO	= 0x3,	/* explicitly opened */
	SPDK_NVME_ZRA_LIST_ZSC	= 0x4,	/* closed */
	SPDK_NVME_ZRA_LIST_ZSF	= 0x5,	/* full */
	SPDK_NVME_ZRA_LIST_ZSRO	= 0x6,	/* read only */
	SPDK_NVME_ZRA_LIST_ZSO	= 0x7,	/* offline */
};

/* Zone descriptor ZT. */
enum spdk_nvme_zns_zone_type {
	SPDK_NVME_ZONE_TYPE_SEQWR = 0x2,	/* sequential write required */
};

/* Zone descriptor ZS (ZNS §2.1.1). */
enum spdk_nvme_zns_zone_state {
	SPDK_NVME_ZONE_STATE_EMPTY	= 0x1,
	SPDK_NVME_ZONE_STATE_IOPEN	= 0x2,
	SPDK_NVME_ZONE_STATE_EOPEN	= 0x3,
	SPDK_NVME_ZONE_STATE_CLOSED	= 0x4,
	SPDK_NVME_ZONE_STATE_RONLY	= 0xD,
	SPDK_NVME_ZONE_STATE_FULL	= 0xE,
	SPDK_NVME_ZONE_STATE_OFFLINE	= 0xF,
};

/* Zone descriptor, 64 bytes (ZNS §3.4.2.2). */
struct spdk_nvme_zns_zone_desc {
	uint8_t zt		: 4;	/* enum spdk_nvme_zns_zone_type */
	uint8_t rsvd0		: 4;
	uint8_t rsvd1		: 4;
	uint8_t zs		: 4;	/* enum spdk_nvme_zns_zone_state */
	union {				/* zone attributes */
		uint8_t raw;
		struct {
			uint8_t zfc	: 1;	/* finished by the controller */
			uint8_t fzr	: 1;	/* finish recommended */
			uint8_t rzr	: 1;	/* reset recommended */
			uint8_t rsvd3	: 4;
			uint8_t zdev	: 1;	/* descriptor extension valid */
		} bits;
	} za;
	uint8_t reserved[5];
	uint64_t zcap;			/* zone capacity, blocks */
	uint64_t zslba;			/* zone start LBA */
	uint64_t wp;			/* write pointer */
	uint8_t reserved32[32];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_zns_zone_desc, 64);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_zns_zone_desc, zcap, 8);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_zns_zone_desc, wp, 24);

/* Report Zones data: header then descriptors (ZNS §3.4.2.2). */
struct spdk_nvme_zns_zone_report {
	uint64_t nr_zones;		/* zones matching, may exceed those returned */
	uint8_t reserved8[56];
	struct spdk_nvme_zns_zone_desc descs[];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_zns_zone_report, 64);

/* ======================================================================
 * Directives (§9)
 * ====================================================================== */

/* Directive types (§9.1). */
enum spdk_nvme_directive_type {
	SPDK_NVME_DIRECTIVE_TYPE_IDENTIFY = 0x0,
	SPDK_NVME_DIRECTIVE_TYPE_STREAMS = 0x1,
	SPDK_NVME_DIRECTIVE_TYPE_DATA_PLACEMENT = 0x2,	/* FDP, TP 4146 */
};

/* Identify directive, Directive Send DOPER (§9.2). */
enum spdk_nvme_identify_directive_send_operation {
	SPDK_NVME_IDENTIFY_DIRECTIVE_SEND_ENABLED = 0x1,
};

/* Identify directive, Directive Receive DOPER (§9.2). */
enum spdk_nvme_identify_directive_receive_operation {
	SPDK_NVME_IDENTIFY_DIRECTIVE_RECEIVE_RETURN_PARAM = 0x1,
};

/* Identify directive Return Parameters data (§9.2.1): three 32-byte bitmaps. */
struct spdk_nvme_ns_identify_directive_param {
	struct {
		uint8_t identify	: 1;
		uint8_t streams		: 1;
		uint8_t data_pd		: 1;	/* data placement */
		uint8_t reserved1	: 5;
		uint8_t reserved2[31];
	} directives_supported;
	struct {
		uint8_t identify	: 1;
		uint8_t streams		: 1;
		uint8_t data_pd		: 1;
		uint8_t reserved1	: 5;
		uint8_t reserved2[31];
	} directives_enabled;
	struct {			/* state kept across controller resets */
		uint8_t identify	: 1;
		uint8_t streams		: 1;
		uint8_t data_pd		: 1;
		uint8_t reserved1	: 5;
		uint8_t reserved2[31];
	} directives_persistence;
	uint32_t reserved[1000];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_identify_directive_param, 4096);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_identify_directive_param, directives_enabled, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_identify_directive_param, directives_persistence, 64);

/* Streams directive, Directive Receive DOPER (§9.3). */
enum spdk_nvme_streams_directive_receive_operation {
	SPDK_NVME_STREAMS_DIRECTIVE_RECEIVE_RETURN_PARAM = 0x1,
	SPDK_NVME_STREAMS_DIRECTIVE_RECEIVE_GET_STATUS = 0x2,
	SPDK_NVME_STREAMS_DIRECTIVE_RECEIVE_ALLOCATE_RESOURCE = 0x3,
};

/* Streams directive, Directive Send DOPER (§9.3). */
enum spdk_nvme_streams_directive_send_operation {
	SPDK_NVME_STREAMS_DIRECTIVE_SEND_RELEASE_ID = 0x1,
	SPDK_NVME_STREAMS_DIRECTIVE_SEND_RELEASE_RESOURCE = 0x2,
};

/* Streams Return Parameters data, 32 bytes (§9.3.1.1). */
struct spdk_nvme_ns_streams_data {
	uint16_t msl;			/* max streams limit */
	uint16_t nssa;			/* subsystem streams available */
	uint16_t nsso;			/* subsystem streams open */
	struct {			/* subsystem stream capability */
		uint8_t ssid		: 1;	/* stream IDs shared between hosts */
		uint8_t reserved	: 7;
	} nssc;
	uint8_t reserved1[9];
	uint32_t sws;			/* stream write size, blocks */
	uint16_t sgs;			/* stream granularity, sws units */
	uint16_t nsa;			/* namespace streams allocated */
	uint16_t nso;			/* namespace streams open */
	uint8_t reserved2[6];
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_streams_data, 32);
SPDK_NVME_SPEC_OFFSET(struct spdk_nvme_ns_streams_data, sws, 16);

/* Streams Get Status data (§9.3.1.2). */
struct spdk_nvme_ns_streams_status {
	uint16_t open_streams_count;
	uint16_t stream_id[65535];	/* identifiers of the open streams */
};
SPDK_NVME_SPEC_SIZE(struct spdk_nvme_ns_streams_status, 131072);

/*
 * io_flags of spdk_nvme_ns_cmd_*() that select a directive: DTYPE goes to
 * CDW12 bits 23:20 of Write (NVM §3.2.6).  The other SPDK_NVME_IO_FLAGS_*
 * and the io_flags masks are declared in spdk/nvme.h with the commands.
 */
#define SPDK_NVME_IO_FLAGS_DIRECTIVE(dtype)	(dtype << 20)
#define SPDK_NVME_IO_FLAGS_STREAMS_DIRECTIVE \
	SPDK_NVME_IO_FLAGS_DIRECTIVE(SPDK_NVME_DIRECTIVE_TYPE_STREAMS)
#define SPDK_NVME_IO_FLAGS_DATA_PLACEMENT_DIRECTIVE \
	SPDK_NVME_IO_FLAGS_DIRECTIVE(SPDK_NVME_DIRECTIVE_TYPE_DATA_PLACEMENT)
/* PRCHK bits 28:26: guard, application tag, reference tag checks. */
#define SPDK_NVME_IO_FLAGS_PRCHK_MASK		0x1C000000

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

/* The size/offset helpers are this file's own: not part of SPDK's API. */
#undef SPDK_NVME_SPEC_SIZE
#undef SPDK_NVME_SPEC_OFFSET

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_SPEC_H */
