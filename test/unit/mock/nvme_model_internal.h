/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Internals of the in-process NVMe controller model (nvme_model.h), shared
 * by its source files and by nothing else:
 *   nvme_model.c            registry (BAR -> model), errors, create/destroy,
 *                           options, inspection getters, counters
 *   nvme_model_regs.c       registers, CC/CSTS state machine, MMIO hooks
 *   nvme_model_queues.c     doorbells, SQ fetch and dispatch, CQ posting
 *                           (deferred completions, full-CQ stalls), shadow
 *                           doorbells and EventIdx (§5.8)
 *   nvme_model_dma.c        PRP/SGL resolution, DMA copies, command log
 *   nvme_model_admin.c      mandatory admin commands and their dispatch, AERs
 *   nvme_model_admin_identify.c  IDENTIFY and GET LOG PAGE data
 *   nvme_model_admin_oacs.c format, namespace management, firmware
 *   nvme_model_io.c         NVM I/O commands, fused, metadata
 *   nvme_model_faults.c     fault injection rules, holds, surprise removal
 *   nvme_model_mem.c        CMB, PMR and boot partition registers and memory
 * Functions shared between these files carry the model_ prefix; everything
 * else stays static in its file.
 */
#ifndef EALNVME_NVME_MODEL_INTERNAL_H
#define EALNVME_NVME_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "nvme_model.h"

#define REG_CAP		0x00
#define REG_VS		0x08
#define REG_INTMS	0x0c
#define REG_INTMC	0x10
#define REG_CC		0x14
#define REG_CSTS	0x1c
#define REG_NSSR	0x20
#define REG_AQA		0x24
#define REG_ASQ		0x28
#define REG_ACQ		0x30
#define REG_DOORBELL	0x1000

#define MODEL_MAX_RULES		16
#define SQE_SIZE		64
#define CQE_SIZE		16
#define IDENTIFY_SIZE		4096

enum ready_target {
	TRANSITION_NONE,
	TRANSITION_ENABLE,	/* RDY 0 -> 1 pending */
	TRANSITION_DISABLE,	/* RDY 1 -> 0 pending */
	TRANSITION_SHUTDOWN,	/* SHST 01b -> 10b pending */
};

struct delay_cfg {
	enum nvme_model_ready_mode	mode;
	uint32_t			n;
};

/* A command between fetch and completion. */
struct model_cmd {
	struct spdk_nvme_cmd	sqe;
	uint16_t		sqid;
	uint64_t		seq;		/* matches rec->seq while rec is still ours */
	struct nvme_model_cmd_record *rec;
	int			cqe_fault;	/* enum nvme_model_cqe_fault, or -1 */
	uint16_t		cqe_fault_value;
};

struct pending_cpl {
	struct spdk_nvme_cpl	cpl;		/* phase not set yet */
};

struct model_sq {
	bool			valid;
	uint16_t		cqid;
	uint32_t		size;
	uint32_t		head;		/* next entry the model fetches */
	uint32_t		tail;		/* last tail doorbell value */
	uint64_t		iova;
	struct spdk_nvme_cmd	*base;		/* host memory */
	/* A fused FIRST fetched, waiting for its SECOND (§4.12). */
	bool			fused_pending;
	struct model_cmd	fused_first;
};

struct model_cq {
	bool			valid;
	bool			stalled;	/* fetching stopped because this CQ was full */
	uint8_t			phase;
	uint32_t		size;
	uint32_t		head;		/* last head doorbell value */
	uint32_t		tail;		/* next slot the model posts into */
	uint32_t		nsq;		/* SQs bound to this CQ */
	uint64_t		iova;
	struct spdk_nvme_cpl	*base;
	/* Completions waiting for room, oldest first (AERs, released commands). */
	struct pending_cpl	*deferred;
	uint32_t		ndeferred;
	uint32_t		cap_deferred;
};

enum rule_kind {
	RULE_STATUS,
	RULE_HOLD,
	RULE_BAD_CQE,
};

struct fault_rule {
	enum rule_kind	kind;
	int		qid;
	int		opc;
	uint32_t	remaining;
	uint8_t		sct;
	uint8_t		sc;
	bool		dnr;
	enum nvme_model_cqe_fault cqe_kind;
	uint16_t	value;
};

struct model_ns {
	bool		active;
	uint64_t	num_blocks;
	uint32_t	block_size;
	uint8_t		*mem;		/* mmap'ed, NULL with null_data */
	size_t		mem_size;
	uint16_t	ms;		/* metadata bytes per block */
	bool		extended;	/* metadata interleaved in the data */
	uint8_t		*md;		/* ms bytes per block, NULL with null_data */
	size_t		md_size;
	uint8_t		*unc;		/* bit per block: Write Uncorrectable'd */
	struct model_zone *zones;	/* zoned namespaces (nvme_model_zns.c), else NULL */
	uint64_t	zone_size;
	uint32_t	nr_zones;
};

struct nvme_model {
	struct nvme_model_opts	opts;
	unsigned int		index;
	char			bdf[SPDK_PCI_ADDR_FMT_LEN + 4];
	struct spdk_pci_addr	pci_addr;
	struct spdk_pci_device	*pci_dev;
	uint8_t			*bar;		/* PROT_NONE: all access goes through the hooks */
	size_t			bar_size;
	uint32_t		db_stride;	/* bytes */
	bool			verbose;

	/* Registers. */
	union spdk_nvme_cap_register	cap;
	uint32_t		vs;
	uint32_t		intms;
	union spdk_nvme_cc_register	cc;
	union spdk_nvme_csts_register	csts;
	union spdk_nvme_aqa_register	aqa;
	uint64_t		asq;
	uint64_t		acq;

	/* State. */
	bool			enabled;	/* CC.EN accepted, queues set up */
	bool			removed;
	bool			shut_down;	/* shutdown complete: no more processing */
	uint32_t		page_size;	/* from CC.MPS */
	uint32_t		max_xfer;	/* MDTS in bytes, UINT32_MAX = no limit */
	enum ready_target	transition;
	uint64_t		transition_start_tick;
	uint32_t		transition_reads;
	uint32_t		transition_n;
	enum nvme_model_ready_mode transition_mode;

	uint16_t		max_qid;	/* max_io_queues */
	struct model_sq		*sq;		/* [0..max_qid] */
	struct model_cq		*cq;
	bool			num_queues_set;
	uint16_t		nsqa;		/* granted, 1-based count */
	uint16_t		ncqa;
	uint32_t		features[256];
	uint64_t		last_keep_alive_tick;
	bool			kato_expired;

	/* Admin extras (format, namespace management, firmware, thermal). */
	uint16_t		temperature;
	uint16_t		temp_over;	/* feature 04h, THSEL 0 */
	uint16_t		temp_under;	/* feature 04h, THSEL 1 */
	uint8_t			aen_masked;	/* bit per event type, §5.2 */
	uint8_t			aen_masked_lid[8];	/* log page that unmasks each type */
	char			fw_rev[9];	/* running firmware */
	char			fw_slot_rev[8][9];	/* [1..7] */
	uint8_t			fw_active_slot;
	uint8_t			fw_next_slot;	/* activates at the next reset; 0: none */
	uint8_t			*fw_image;	/* downloaded, not yet committed */
	uint32_t		fw_image_len;

	/* SECURITY SEND data kept for RECEIVE, and enabled directives (nvme_model_admin_ext.c). */
	uint8_t			sec_data[IDENTIFY_SIZE];
	uint32_t		sec_len;
	uint32_t		sec_cdw10;	/* SECP/SPSP/NSSF of the SEND */
	uint8_t			dir_enabled[32];	/* one bit per directive type */
	/* Discovery log: current GENCTR and the changes still to make. */
	uint64_t		disc_genctr;
	uint32_t		disc_changes_left;

	/* Doorbell Buffer Config (§5.8): the host's two pages, NULL when not set. */
	volatile uint32_t	*dbbuf_shadow;
	volatile uint32_t	*dbbuf_eventidx;

	/* Async events. */
	struct model_cmd	*aers;
	uint32_t		naers;
	uint32_t		*pending_events;	/* cdw0 values */
	uint32_t		npending_events;
	uint32_t		cap_pending_events;
	uint32_t		changed_ns[1024];
	uint32_t		nchanged_ns;

	/* Held (swallowed) commands. */
	struct model_cmd	*held;
	uint32_t		nheld;
	uint32_t		cap_held;

	/* Namespaces, index nsid - 1. */
	struct model_ns		ns[NVME_MODEL_MAX_NS];

	/* Faults. */
	struct delay_cfg	enable_delay;
	struct delay_cfg	disable_delay;
	struct delay_cfg	shutdown_delay;
	bool			cfs_on_enable;
	bool			ignore_disable;	/* CC.EN=0 changes nothing (hung device) */
	uint32_t		cfs_countdown;
	struct fault_rule	rules[MODEL_MAX_RULES];
	uint32_t		nrules;
	nvme_model_data_hook_fn	data_hook;	/* IDENTIFY / GET LOG PAGE data */
	void			*data_hook_ctx;

	/* Command log. */
	struct nvme_model_cmd_record *log;	/* NVME_MODEL_CMD_LOG_SIZE entries */
	uint64_t		seq;

	/* Error information log (§5.14.1.1), newest first. */
	struct spdk_nvme_error_information_entry *errlog;
	uint32_t		nerrlog;
	uint64_t		error_count;

	/* Scratch for PRP walks. */
	struct nvme_model_seg	*segs;
	uint32_t		nsegs;
	uint32_t		cap_segs;
	uint64_t		*list_buf;	/* one PRP list page */
	uint8_t			scratch[IDENTIFY_SIZE];

	/* Controller memory (nvme_model_mem.c). */
	uint8_t			*cmb;
	uint64_t		cmb_bus;
	uint64_t		cmbmsc;
	uint32_t		cmbsts;
	uint8_t			*pmr;
	uint64_t		pmr_bus;
	uint32_t		pmrctl;
	uint32_t		pmrsts;
	uint32_t		pmrmscl;
	uint32_t		pmrmscu;
	uint8_t			*bp[2];
	union spdk_nvme_bpinfo_register bpinfo;
	uint32_t		bprsel;
	uint64_t		bpmbl;
	bool			bp_read_pending;	/* BRS reads "in progress" once */
	uint64_t		cmb_dma_bytes;
	uint64_t		pmr_dma_bytes;
	struct nvme_model_stats	stats;
	char			last_error[256];
};

/* ======================================================================== */
/* Command status, small shared helpers                                     */
/* ======================================================================== */

struct cmd_status {
	uint32_t	cdw0;
	uint8_t		sct;
	uint8_t		sc;
};

static inline struct nvme_model_cmd_record *
cmd_rec(struct model_cmd *c)
{
	return (c->rec != NULL && c->rec->seq == c->seq) ? c->rec : NULL;
}

/* Can the controller process commands right now? */
static inline bool
controller_running(const struct nvme_model *m)
{
	return m->enabled && m->csts.bits.rdy && !m->csts.bits.cfs && !m->removed &&
	       !m->shut_down;
}

static inline void
set_status(struct cmd_status *st, uint8_t sct, uint8_t sc)
{
	st->sct = sct;
	st->sc = sc;
}

/* ======================================================================== */
/* Functions shared between the model files                                 */
/* ======================================================================== */

/* nvme_model.c */
void model_error(struct nvme_model *m, const char *fmt, ...)
__attribute__((format(printf, 2, 3)));
void model_note(struct nvme_model *m, const char *what);
void model_disable(struct nvme_model *m);
struct nvme_model *model_lookup(const volatile void *addr, uint32_t *offset);
uint64_t model_ms_to_ticks(uint64_t ms);

/* nvme_model_regs.c */
void model_controller_reset(struct nvme_model *m);
void model_set_fatal(struct nvme_model *m);

/* nvme_model_queues.c */
bool model_status_default_dnr(uint8_t sct, uint8_t sc);
void model_complete_cmd(struct nvme_model *m, struct model_cmd *c, uint32_t cdw0, uint8_t sct,
			uint8_t sc, bool dnr);
void model_drop_queue(struct nvme_model *m, uint16_t qid, bool is_cq);
int64_t model_dbbuf_index(const struct nvme_model *m, uint16_t qid, bool is_cq);
void model_execute(struct nvme_model *m, struct model_cmd *c);
void model_doorbell_write(struct nvme_model *m, uint32_t offset, uint32_t val);

/* nvme_model_dma.c */
int model_dma_copy(struct nvme_model *m, uint64_t iova, void *buf, uint64_t len, bool to_host);
void *model_map_queue(struct nvme_model *m, uint64_t iova, uint64_t len);
struct nvme_model_cmd_record *model_log_new(struct nvme_model *m, uint16_t sqid,
					    const struct spdk_nvme_cmd *sqe);
int model_prp_transfer(struct nvme_model *m, struct model_cmd *c, void *buf, uint64_t len,
		       bool to_host, struct cmd_status *st);

/* nvme_model_admin.c */
void model_kato_check(struct nvme_model *m);
void model_default_features(struct nvme_model *m);
bool model_exec_admin(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
/* A composite temperature past a threshold (Set Features 04h). */
bool model_temp_out_of_range(const struct nvme_model *m);
/* Complete waiting AERs with the pending events whose type is not masked. */
void model_aer_deliver(struct nvme_model *m);

/* nvme_model_admin_identify.c */
struct model_ns *model_active_ns(struct nvme_model *m, uint32_t nsid);
void model_admin_identify(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_get_log_page(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);

/* nvme_model_admin_ext.c */
void model_admin_identify_iocs(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_security(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_directive(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_discovery_log(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
/* GET LOG PAGE: its offset and length, and a zeroed buffer of that length;
 * NULL (status set) for an unaligned offset or a length above MDTS. */
uint8_t *model_log_buffer(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint64_t *offset,
			  uint64_t *len, struct cmd_status *st);

/* nvme_model_admin_oacs.c */
void model_admin_format(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_ns_management(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_ns_attachment(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_fw_download(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
void model_admin_fw_commit(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);

/* nvme_model_mem.c: CMB, PMR, boot partitions. */
int model_mem_create(struct nvme_model *m);
void model_mem_destroy(struct nvme_model *m);
bool model_mem_reg_read(struct nvme_model *m, uint32_t offset, uint32_t *val);
bool model_mem_reg_write(struct nvme_model *m, uint32_t offset, uint32_t val);
/* Command data at iova inside the CMB/PMR (as enabled): its bytes, *len cut to fit. */
void *model_mem_dma(struct nvme_model *m, uint64_t iova, uint64_t *len);
/* FIRMWARE COMMIT actions 6h/7h. */
void model_bp_commit(struct nvme_model *m, uint32_t ca, uint32_t bpid, struct cmd_status *st);
/* nvme_model_io.c */
void model_exec_io(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
/* Separate metadata at MPTR to/from md, len bytes. */
int model_md_transfer(struct nvme_model *m, struct model_cmd *c, uint8_t *md, uint64_t len,
		      bool to_host, struct cmd_status *st);
bool model_fused_take(struct nvme_model *m, struct model_cmd *c);

/* nvme_model_zns.c */
int model_zns_ns_init(struct model_ns *ns, const struct nvme_model_ns_opts *o);
void model_zns_identify(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint8_t *buf,
			struct cmd_status *st);
void model_zns_effects_log(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, uint8_t *page);
/* A command model_exec_io() does not know; false: invalid opcode. */
bool model_exec_io_more(struct nvme_model *m, struct model_cmd *c, struct cmd_status *st);
/* Before a write to a zoned namespace: false when refused (status set). */
bool model_zone_write(struct model_ns *ns, uint64_t slba, uint64_t nlb, struct cmd_status *st);

/* nvme_model_faults.c */
bool model_rule_matches(const struct fault_rule *r, uint16_t sqid, uint8_t opc);
void model_rules_compact(struct nvme_model *m);
int model_hold_cmd(struct nvme_model *m, const struct model_cmd *c);
void model_apply_data_hook(struct nvme_model *m, const struct spdk_nvme_cmd *cmd, void *data,
			   size_t len, struct cmd_status *st);

/* Identify NN as reported: opts.nn, or opts.reported_nn when larger. */
static inline uint32_t
nvme_model_nn(const struct nvme_model *m)
{
	return m->opts.reported_nn > m->opts.nn ? m->opts.reported_nn : m->opts.nn;
}

#endif /* EALNVME_NVME_MODEL_INTERNAL_H */
