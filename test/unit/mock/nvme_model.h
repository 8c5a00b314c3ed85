/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An in-process NVMe 1.4 controller model for unit tests.
 *
 * A model is a PCIe NVMe controller on the mocked PCI bus (mock_env.h): its
 * BAR0 is a PROT_NONE block of memory that nobody may touch directly; every
 * register access must go through the nvme_mmio_hook_* functions
 * (lib/nvme/pcie/nvme_pcie_mmio.h, built with EALNVME_MMIO_HOOKS), which find
 * the model owning the address and act on it:
 *   - register reads/writes (CAP, VS, CC, CSTS, AQA, ASQ, ACQ; 64-bit ones as
 *     one 64-bit access or two 32-bit halves);
 *   - CC.EN/CC.SHN drive the enable/reset/shutdown state machine;
 *   - an SQ tail doorbell makes the model process that SQ synchronously and
 *     post completions into the host's CQ; a CQ head doorbell frees CQ slots.
 * The model never overwrites an unconsumed CQE: when a CQ is full it stops
 * fetching from the SQs bound to it, and resumes when the host moves the head.
 *
 * Data is moved by DMA through mock_env_iova_to_vaddr(): PRPs must carry
 * IOVAs of spdk_*malloc() memory, anything else is a data transfer error.
 *
 * Numbers in comments (§x.y) are NVMe Base Specification 1.4 sections.
 *
 * Where the model lives (internals shared by these: nvme_model_internal.h):
 *   nvme_model.c            create/destroy, options, BAR lookup, getters, counters
 *   nvme_model_regs.c       registers, CC/CSTS state machine, MMIO hooks
 *   nvme_model_queues.c     doorbells, SQ fetch, CQ posting, shadow doorbells
 *   nvme_model_dma.c        PRPs, SGLs, DMA copies, command log
 *   nvme_model_admin.c      admin commands (identify, features, queues, logs, AER, ...)
 *   nvme_model_admin_oacs.c format, namespace management, firmware
 *   nvme_model_io.c         NVM I/O commands, fused pairs, metadata
 *   nvme_model_faults.c     fault injection, held commands, surprise removal
 */
#ifndef EALNVME_NVME_MODEL_H
#define EALNVME_NVME_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spdk/env.h"
#include "spdk/nvme_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

struct nvme_model;

#define NVME_MODEL_MAX_NS		16
#define NVME_MODEL_MAX_MODELS		32
/* Commands remembered by the command log, and data segments kept per command. */
#define NVME_MODEL_CMD_LOG_SIZE		64
#define NVME_MODEL_REC_MAX_SEGS		130
#define NVME_MODEL_REC_MAX_LISTS	8

struct nvme_model_ns_opts {
	bool		active;
	uint64_t	num_blocks;
	uint32_t	block_size;	/* 512, 4096 or 65536 */
	/*
	 * Metadata bytes per block (0, 8 or 16; §8.2): in a separate buffer at
	 * MPTR, or with extended at the end of each block in the data (FLBAS
	 * bit 4).  No protection information: DPS is 0.
	 */
	uint16_t	ms;
	bool		extended;
	/*
	 * Zoned (ZNS command set, CSI 02h; needs opts.iocs): zones of zone_size
	 * blocks (default 1024), sequential write required, capacity = size,
	 * states empty/implicitly or explicitly open/closed/full/offline, write
	 * pointer; no limit on open or active zones (MOR/MAR FFFFFFFFh).
	 */
	bool		zoned;
	uint64_t	zone_size;
};

struct nvme_model_opts {
	/* PCI identity.  bdf NULL: "0000:00:04.0" + creation index (device number). */
	const char	*bdf;
	uint16_t	vendor_id;	/* 0x1b36 */
	uint16_t	device_id;	/* 0x0010 */
	uint16_t	subvendor_id;	/* 0x1af4 */
	uint16_t	subdevice_id;	/* 0x1100 */
	uint32_t	class_id;	/* 0x010802 */

	/* CAP */
	uint16_t	mqes;		/* 0-based max queue entries: 1023 */
	uint8_t		to;		/* ready timeout, 500 ms units: 15 */
	uint8_t		dstrd;		/* doorbell stride 4 << dstrd bytes: 0 */
	uint8_t		mpsmin;		/* 0 (4 KiB) */
	uint8_t		mpsmax;		/* 4 (64 KiB) */
	uint32_t	vs;		/* 0x00010400 */

	/* Identify controller */
	uint8_t		mdts;		/* 2^mdts * CAP.MPSMIN pages; 0 = no limit: 5 */
	uint16_t	max_io_queues;	/* SQs and CQs granted by Number of Queues: 4 */
	char		serial[21];	/* "EALNVME0000" + index */
	char		model_number[41];/* "ealnvme model controller" */
	char		firmware[9];	/* "1.0" */
	uint16_t	oncs;		/* compare, DSM, write zeroes: 0x000d (0x2: write unc.) */
	/* (0x20 reservations: accepted, no state; 0x80 verify; 0x100 copy.) */
	/*
	 * CAP.CSS offers all I/O command sets (CC.CSS 110b) and the model answers
	 * the I/O command set specific Identify (CNS 05h/06h), the CSI namespace
	 * descriptor and the ZNS Commands Supported and Effects log: false.
	 */
	bool		iocs;
	uint8_t		zasl;		/* ZNS zone append size limit: 0 (MDTS) */
	/* ZONE APPEND listed in the ZNS effects log: true (with iocs) */
	bool		zone_append;
	/* SGLS bits 1:0 (§5.15.2.2): 0 none, 1 any alignment, 2 dword aligned: 0 */
	uint8_t		sgls;
	/* FUSES bit 0: fused compare and write (§4.12): false */
	bool		fused_compare_write;
	bool		vwc;		/* volatile write cache present: true */
	uint8_t		aerl;		/* 0-based async event request limit: 3 */
	uint8_t		acl;		/* 0-based abort command limit: 3 */
	uint8_t		elpe;		/* 0-based error log page entries: 63 */
	uint16_t	kas;		/* keep alive granularity, 100 ms units; 0 = none: 0 */
	uint16_t	cntlid;		/* 0 */
	/* Optional admin commands (OACS): all false. */
	bool		format_nvm;	/* FORMAT NVM (formats 0: 512 B, 1: 4 KiB, no PI) */
	bool		fw_update;	/* FIRMWARE IMAGE DOWNLOAD / COMMIT, 2 slots, slot 1 RO */
	bool		ns_management;	/* NAMESPACE MANAGEMENT / ATTACHMENT */
	uint8_t		fwug;		/* firmware update granularity, 4 KiB units: 0 */
	/*
	 * SECURITY SEND/RECEIVE (OACS bit 0; nvme_model_admin_ext.c): a SEND keeps
	 * its data (up to 4 KiB) with its SECP/SPSP/NSSF, a RECEIVE of the same
	 * SECP/SPSP returns it; protocol 00h returns the list {00h, EAh}: false.
	 */
	bool		security;
	/* DIRECTIVE SEND/RECEIVE (OACS bit 5), the Identify directive only: false */
	bool		directives;
	/* CAP.NSSRS: "NVMe" written to NSSR resets the controller, CSTS.NSSRO set: false */
	bool		nssrs;
	/* CAP.AMS bit 0: weighted round robin arbitration: false */
	bool		wrr;
	/* Answer Identify CNS 06h (NVM command set controller data) INVALID FIELD,
	 * as an NVMe 1.4 controller does: false (it returns the data). */
	bool		no_nvm_iocs_identify;
	uint16_t	temperature;	/* composite temperature, kelvin: 311 */

	/* Namespaces: nn is Identify NN; ns[i] describes NSID i + 1. */
	uint32_t	nn;		/* 1 */
	/* Identify NN when larger than nn; NSIDs above nn are inactive: 0. */
	uint32_t	reported_nn;
	struct nvme_model_ns_opts ns[NVME_MODEL_MAX_NS];	/* ns[0]: 8192 x 512 B */

	/*
	 * No namespace memory (for benchmarks): writes are dropped, reads leave
	 * the host buffer as it is (no copy), compares compare with zeroes.
	 * PRPs are still walked and translated.
	 */
	bool		null_data;
	/* Keep the command log (off for benchmarks): true. */
	bool		record_commands;
	/* Controller is enabled (CC.EN=1, CSTS.RDY=1, no queues) when created. */
	bool		start_enabled;
	/*
	 * Doorbell Buffer Config (§5.8, OACS bit 8) supported, as by QEMU's
	 * controller: true.  Once configured, I/O queue tails and heads are read
	 * from the host's shadow doorbell page whenever the model processes a
	 * queue, and the EventIdx page is updated as QEMU does: an SQ's to the
	 * tail it has seen, a CQ's to the head it has seen when it posts.  MMIO
	 * doorbells keep working; admin queue MMIO values are copied into the
	 * shadow page (QEMU does the same).  A controller reset forgets it.
	 */
	bool		dbbuf;
	/*
	 * An I/O SQ tail doorbell write (MMIO) makes the model process that SQ
	 * at once: true.  false: I/O SQs are processed only by nvme_model_run(),
	 * as by a device working beside the CPU (benchmarks; shadow doorbells,
	 * where the host writes no MMIO doorbell while the device is busy).
	 * The admin queue is always processed at once.
	 */
	bool		run_io_on_doorbell;

	/*
	 * Controller memory (nvme_model_mem.c), all off by default.  cmb_size:
	 * bytes of a Controller Memory Buffer filling BAR 2 (a multiple of
	 * 64 KiB); as on QEMU, CMBLOC/CMBSZ read 0 until CMBMSC.CRE is set, and
	 * addresses in [CBA, CBA + cmb_size) are the CMB once CMBMSC.CMSE is.
	 * cmb_no_data: CMBSZ.RDS/WDS clear (queues only).  pmr_size: bytes of a
	 * Persistent Memory Region filling BAR 4 (a power of two, >= 4 KiB),
	 * with PMRCAP.CMSS; pmrto/pmrtu: PMRCAP's timeout; pmr_never_ready:
	 * PMRSTS.NRDY never follows PMRCTL.EN.  bp_size_128k: BPINFO.BPSZ, two
	 * boot partitions of that many 128 KiB units (0: none, CAP.BPS 0); a
	 * read reports "in progress" at the first BPINFO read after BPRSEL.
	 */
	uint32_t	cmb_size;
	bool		cmb_no_data;
	uint32_t	pmr_size;
	uint8_t		pmrto;
	uint8_t		pmrtu;
	bool		pmr_never_ready;
	uint16_t	bp_size_128k;
	/* Refuse every CBA the host programs (CMBSTS.CBAI / PMRSTS.CBAI set). */
	bool		refuse_cba;

	/*
	 * Discovery log page (LID 70h, NVMe-oF; nvme_model_admin_ext.c): served
	 * with disc_entries entries when disc_log is set, else refused (INVALID
	 * LOG PAGE) as a PCIe controller does: false.  Entry i has PORTID i,
	 * CNTLID the low 16 bits of GENCTR (first 1), SUBNQN
	 * "nqn.2026-01.io.ealnvme:disc:<i>".  GENCTR moves by one right after
	 * each of the first disc_genctr_changes reads that return entry bytes.
	 * disc_numrec: NUMREC reported when non-zero (a lying target; entries
	 * past disc_entries read as zeroes).  disc_recfmt: RECFMT reported.
	 * Built piece by piece, larger than a page: the data hook does not see it.
	 */
	bool		disc_log;
	uint32_t	disc_entries;
	uint32_t	disc_genctr_changes;
	uint64_t	disc_numrec;
	uint16_t	disc_recfmt;
};

void nvme_model_opts_default(struct nvme_model_opts *opts);

/* What the driver did to the controller memory registers, and the memories. */
struct nvme_model_mem_state {
	uint64_t	cmbmsc;
	uint32_t	cmbsts;
	uint8_t		*cmb;		/* the CMB's bytes (BAR 2) */
	uint64_t	cmb_bus;	/* BAR 2's bus address */
	uint32_t	pmrctl;
	uint32_t	pmrsts;
	uint64_t	pmrmsc;		/* PMRMSCU:PMRMSCL */
	uint8_t		*pmr;		/* the PMR's bytes (BAR 4) */
	uint64_t	pmr_bus;
	uint32_t	bpinfo;
	uint32_t	bprsel;
	uint64_t	bpmbl;
	uint8_t		*bp[2];		/* boot partition contents */
	uint64_t	cmb_dma_bytes;	/* command data moved to/from the CMB internally */
	uint64_t	pmr_dma_bytes;
};
void nvme_model_get_mem_state(const struct nvme_model *model, struct nvme_model_mem_state *st);

/* Create a model and put its device on the mocked PCI bus.  NULL on bad opts. */
struct nvme_model *nvme_model_create(const struct nvme_model_opts *opts);
/*
 * Take the device off the bus and free the model.  -EBUSY (and nothing is
 * done) while the device is attached (the driver did not detach it).
 */
int nvme_model_destroy(struct nvme_model *model);

struct spdk_pci_device *nvme_model_pci_device(struct nvme_model *model);
struct spdk_pci_addr nvme_model_pci_addr(const struct nvme_model *model);
/* "dddd:bb:dd.f" */
const char *nvme_model_bdf(const struct nvme_model *model);
volatile void *nvme_model_bar0(struct nvme_model *model);
struct nvme_model *nvme_model_from_bar(const volatile void *addr);

/*
 * Let the device run: read the shadow doorbells (if configured), process
 * every SQ with commands pending and post their completions.
 */
void nvme_model_run(struct nvme_model *model);

/* ---- Looking inside (no side effects, not counted as register reads) ------ */

/* True while a Doorbell Buffer Config is in force (until the next reset). */
bool nvme_model_dbbuf_configured(const struct nvme_model *model);

/* Current value of the register at offset (0x00 CAP, 0x14 CC, 0x1c CSTS, ...). */
uint64_t nvme_model_reg(const struct nvme_model *model, uint32_t offset);
/* Separate or interleaved metadata of a namespace, ms bytes per block (NULL if none). */
void *nvme_model_ns_md(struct nvme_model *model, uint32_t nsid, uint64_t *size);
/* Namespace memory (NULL with null_data or for a bad nsid). */
void *nvme_model_ns_mem(struct nvme_model *model, uint32_t nsid, uint64_t *size);
bool nvme_model_sq_exists(const struct nvme_model *model, uint16_t qid);
bool nvme_model_cq_exists(const struct nvme_model *model, uint16_t qid);
/* Host-visible queue state: SQ head (entries fetched) and CQ tail (next slot to post). */
uint32_t nvme_model_sq_head(const struct nvme_model *model, uint16_t qid);
uint32_t nvme_model_cq_tail(const struct nvme_model *model, uint16_t qid);
uint32_t nvme_model_outstanding_aers(const struct nvme_model *model);
/* Value last set for a feature (cdw11 of SET FEATURES), or its default. */
uint32_t nvme_model_feature(const struct nvme_model *model, uint8_t fid);
/* True once SET FEATURES Number of Queues succeeded since the last reset. */
bool nvme_model_num_queues_set(const struct nvme_model *model);

/* ---- Command log ---------------------------------------------------------- */

struct nvme_model_seg {
	uint64_t	iova;
	uint32_t	len;
};

struct nvme_model_cmd_record {
	uint64_t		seq;		/* 1 = first command fetched by this model */
	uint16_t		qid;
	struct spdk_nvme_cmd	sqe;		/* as fetched from the SQ */
	/* Data segments resolved from the PRPs (one per PRP entry) or the SGL data
	 * blocks (one per descriptor), in order. */
	uint32_t		nsegs;		/* all of them; only the first REC_MAX_SEGS kept */
	struct nvme_model_seg	segs[NVME_MODEL_REC_MAX_SEGS];
	/* PRP list pages read (PRP2 first, then each chained list), or SGL
	 * segments read, in order. */
	uint32_t		nlists;
	uint64_t		list_iova[NVME_MODEL_REC_MAX_LISTS];
	/* Filled when the completion is posted. */
	bool			completed;
	uint8_t			sct;
	uint8_t			sc;
	uint32_t		cdw0;
};

/* back = 0: the newest command fetched, 1: the one before, ...; NULL if gone. */
const struct nvme_model_cmd_record *nvme_model_cmd_log(const struct nvme_model *model,
		unsigned int back);
/* The newest logged command with this qid and cid, or NULL. */
const struct nvme_model_cmd_record *nvme_model_find_cmd(const struct nvme_model *model,
		uint16_t qid, uint16_t cid);

/* ---- Counters ------------------------------------------------------------- */

struct nvme_model_stats {
	uint64_t	admin_cmds[256];	/* fetched, by opcode */
	uint64_t	io_cmds[256];
	uint64_t	cmds_fetched;
	uint64_t	cqes_posted;
	uint64_t	sq_doorbells;
	uint64_t	cq_doorbells;
	uint64_t	reg_reads;		/* all MMIO reads (64-bit access counts once) */
	uint64_t	reg_writes;		/* MMIO writes other than doorbells */
	uint64_t	csts_reads;
	uint64_t	enables;		/* CC.EN 0 -> 1 */
	uint64_t	resets;			/* CC.EN 1 -> 0 */
	uint64_t	shutdowns;		/* CC.SHN written non-zero */
	uint64_t	subsystem_resets;	/* NSSR written "NVMe" with CAP.NSSRS */
	uint64_t	cq_full_stalls;		/* times fetching stopped on a full CQ */
	uint64_t	bytes_to_host;		/* data DMA'd into host memory */
	uint64_t	bytes_from_host;
	uint64_t	errors;			/* host protocol errors (see last_error) */
	uint64_t	dma_errors;		/* untranslatable IOVAs */
};

const struct nvme_model_stats *nvme_model_get_stats(const struct nvme_model *model);
void nvme_model_reset_stats(struct nvme_model *model);
/*
 * Protocol errors the host made (bad doorbell, bad CC, bad PRP, DMA to an
 * unknown IOVA, ...): stats.errors counts them, this is the latest message
 * ("" if none).  Also printed to stderr when EALNVME_MODEL_VERBOSE is set.
 */
const char *nvme_model_last_error(const struct nvme_model *model);

/* ---- Events --------------------------------------------------------------- */

/*
 * Queue an asynchronous event (§5.2): completes an outstanding ASYNC EVENT
 * REQUEST now, or the next one to arrive.  cdw0 = type | info << 8 | lid << 16.
 */
void nvme_model_post_async_event(struct nvme_model *model, uint8_t type, uint8_t info,
				 uint8_t log_page);
/*
 * Change a namespace's active state (attach/detach), add it to the Changed
 * Namespace List log page and post a Namespace Attribute Changed notice.
 */
int nvme_model_set_ns_active(struct nvme_model *model, uint32_t nsid, bool active);

/*
 * Change the composite temperature.  Crossing the over/under temperature
 * threshold (feature 04h) sets SMART critical warning bit 1 and, when
 * enabled in Async Event Configuration, posts a SMART / health event.
 */
void nvme_model_set_temperature(struct nvme_model *model, uint16_t kelvin);
/* Firmware revision now running (changes when a committed image activates at a reset). */
const char *nvme_model_firmware_revision(const struct nvme_model *model);
/* Event types (bit per type) masked until their log page is read with RAE clear (§5.2). */
uint8_t nvme_model_masked_event_types(const struct nvme_model *model);

/* ---- Fault injection ------------------------------------------------------ */

/* Queue selectors for the injection rules. */
#define NVME_MODEL_ANY_QUEUE		(-1)	/* admin or I/O */
#define NVME_MODEL_ANY_IO_QUEUE		(-2)
#define NVME_MODEL_ANY_OPC		(-1)

enum nvme_model_ready_mode {
	NVME_MODEL_READY_NORMAL,	/* the transition happens at once */
	NVME_MODEL_READY_NEVER,		/* it never happens */
	NVME_MODEL_READY_AFTER_READS,	/* after n reads of CSTS */
	NVME_MODEL_READY_AFTER_MS,	/* after n ms of spdk_get_ticks() */
};

/* CC.EN 0 -> 1: when CSTS.RDY becomes 1.  Stays in force until changed. */
void nvme_model_inject_enable_delay(struct nvme_model *model, enum nvme_model_ready_mode mode,
				    uint32_t n);
/* CC.EN 1 -> 0: when CSTS.RDY becomes 0. */
void nvme_model_inject_disable_delay(struct nvme_model *model, enum nvme_model_ready_mode mode,
				     uint32_t n);
/* CC.SHN: when CSTS.SHST becomes 10b (complete); 01b (in progress) until then. */
void nvme_model_inject_shutdown_delay(struct nvme_model *model, enum nvme_model_ready_mode mode,
				      uint32_t n);
/*
 * A hung controller: CC.EN 1 -> 0 is stored in CC but does nothing else:
 * the queues and held commands stay, CSTS.RDY stays 1, and the device keeps
 * processing (nvme_model_release_held() still writes data and completions
 * into host memory).  Until turned off (then a CC.EN=0 it ignored takes
 * effect: the device recovers late) or nvme_model_clear_faults().
 */
void nvme_model_inject_ignore_disable(struct nvme_model *model, bool on);
/* Set CSTS.CFS (instead of RDY) on the next enables, until cleared. */
void nvme_model_inject_cfs_on_enable(struct nvme_model *model, bool on);
/* Set CSTS.CFS when the n-th command from now is fetched (1 = next); 0 cancels. */
void nvme_model_inject_cfs_at_cmd(struct nvme_model *model, uint32_t n);
/* Set CSTS.CFS now: the controller stops processing until reset. */
void nvme_model_set_cfs(struct nvme_model *model);

/*
 * The next count commands matching (qid, opc) complete with (sct, sc) and
 * the given dnr bit, without being executed.  Returns 0 or -ENOSPC (too many
 * rules).  Rules are checked in the order added.
 */
int nvme_model_inject_status(struct nvme_model *model, int qid, int opc, uint8_t sct,
			     uint8_t sc, bool dnr, uint32_t count);
/*
 * The next count commands matching (qid, opc) are fetched but neither
 * executed nor completed (a lost command, for timeout tests).  They are
 * completed by nvme_model_release_held(), by ABORT, by deleting their SQ
 * (ABORTED - SQ DELETION), or dropped by a controller reset.
 */
int nvme_model_inject_hold(struct nvme_model *model, int qid, int opc, uint32_t count);
/* Execute and complete all held commands; returns how many. */
uint32_t nvme_model_release_held(struct nvme_model *model);
uint32_t nvme_model_held_count(const struct nvme_model *model);

enum nvme_model_cqe_fault {
	NVME_MODEL_CQE_BAD_CID,		/* CID replaced by value */
	NVME_MODEL_CQE_BAD_SQID,	/* SQ identifier replaced by value */
	NVME_MODEL_CQE_BAD_SQHD,	/* SQ head pointer replaced by value */
	NVME_MODEL_CQE_DUPLICATE,	/* the CQE is posted twice (value unused) */
};
/* The completions of the next count commands matching (qid, opc) are corrupted. */
int nvme_model_inject_bad_cqe(struct nvme_model *model, int qid, int opc,
			      enum nvme_model_cqe_fault kind, uint16_t value, uint32_t count);

/*
 * Surprise removal: from now on every register read returns all ones, writes
 * are ignored, nothing is processed, config space reads all ones, the
 * device is skipped by enumeration and the bus reports it removed
 * (spdk_pci_device_is_removed).
 */
void nvme_model_surprise_remove(struct nvme_model *model);
/*
 * The same as seen from the device only: the bus does not report it
 * (spdk_pci_device_is_removed stays false, as when a uevent is missed).
 */
void nvme_model_surprise_remove_unreported(struct nvme_model *model);

/*
 * Forge a completion (fuzzing the host's completion path): write cpl into
 * the next slot of CQ cqid as it is, CID, SQ ID, SQ head and status
 * included, and move the model's tail past it.  The phase tag is the
 * model's current one, or with raw_phase the one in cpl (a wrong phase
 * leaves an entry the host must not consume, §4.6).  -EINVAL: no such CQ;
 * -ENOSPC: the CQ is full (unconsumed entries are never overwritten).
 */
int nvme_model_forge_cqe(struct nvme_model *model, uint16_t cqid,
			 const struct spdk_nvme_cpl *cpl, bool raw_phase);

/*
 * Odd devices: called with the data the model built for an IDENTIFY (any
 * CNS; zeroes where the model has none) or a GET LOG PAGE (the whole page,
 * before the command's offset and length apply), len bytes, just before it
 * is returned.  The hook may change any byte.  Returning true makes the
 * command succeed with these bytes even where the model would have failed it
 * (unknown CNS or log page, inactive or invalid NSID).  NULL removes it.
 */
typedef bool (*nvme_model_data_hook_fn)(void *ctx, const struct spdk_nvme_cmd *cmd, void *data,
					size_t len);
void nvme_model_set_data_hook(struct nvme_model *model, nvme_model_data_hook_fn fn, void *ctx);

/* Cancel every injected fault (not CFS already set, not a removal). */
void nvme_model_clear_faults(struct nvme_model *model);

#ifdef __cplusplus
}
#endif

#endif /* EALNVME_NVME_MODEL_H */
