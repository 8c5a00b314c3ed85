/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Transport-independent driver core: controller, namespace, qpair and
 * request objects, and the transport operations table.  Public names start
 * with spdk_nvme_, internal ones with nvme_.
 */
#ifndef NVME_INTERNAL_H
#define NVME_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <pthread.h>
#include <sys/queue.h>

#include "spdk/queue.h"

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "ealnvme_log.h"

#define NVME_DEFAULT_ADMIN_QUEUE_SIZE	32
#define NVME_MAX_ADMIN_QUEUE_SIZE	4096
#define NVME_DEFAULT_IO_QUEUE_SIZE	256
#define NVME_DEFAULT_IO_QUEUE_REQUESTS	512
#define NVME_DEFAULT_MAX_IO_QUEUES	1024
#define NVME_DEFAULT_ADMIN_TIMEOUT_MS	30000
/* Shutdown bound when the controller reports no RTD3E. */
#define NVME_DEFAULT_SHUTDOWN_TIMEOUT_MS 10000
/* Largest single transfer we build, whatever MDTS says: one 4 KiB PRP list page. */
#define NVME_MAX_XFER_SIZE		(2u * 1024 * 1024)

#define nvme_min(a, b) ((a) < (b) ? (a) : (b))
#define nvme_max(a, b) ((a) > (b) ? (a) : (b))
#define nvme_likely(x)	__builtin_expect(!!(x), 1)
#define nvme_unlikely(x) __builtin_expect(!!(x), 0)

/* ---- Requests -------------------------------------------------------- */

/* Where a request's data is (NVMe 1.4 §4.3 PRPs, §4.4 SGLs). */
enum nvme_payload_type {
	NVME_PAYLOAD_CONTIG = 0,	/* payload, payload_size bytes (0: no data) */
	NVME_PAYLOAD_SGL,		/* the caller's reset_sgl/next_sge iterator: sgl */
	NVME_PAYLOAD_DSM_RANGES,	/* dsm: copied into the command's own DMA page */
	/* CONTIG sent by the read/write fast path: the command is in req->rw
	 * form (nvme_request_rw_to_cmd() makes it a full command again). */
	NVME_PAYLOAD_CONTIG_RW,
};

/*
 * An iovec payload (spdk_nvme_ns_cmd_read_iov/write_iov): walked through
 * the SGL callbacks (nvme_ns_iov.c) with this state, kept in the request
 * (req->sgl.cb_arg points here), so children of a split walk their own.
 */
struct nvme_iov_iter {
	const struct iovec		*iov;
	uint32_t			iovcnt;
	uint32_t			idx;		/* current element */
	uint32_t			off;		/* bytes into it */
};

/* A scattered payload: this request's part of the caller's element list. */
struct nvme_sgl_payload {
	spdk_nvme_req_reset_sgl_cb	reset_sgl_fn;
	spdk_nvme_req_next_sge_cb	next_sge_fn;
	void				*cb_arg;
	uint32_t			offset;		/* bytes into the caller's list */
	uint32_t			size;		/* bytes to transfer */
};

/*
 * A read or write the core has fully checked, for a transport's in-place
 * fast path (qpair_submit_rw): one contiguous payload (req->payload,
 * req->payload_size), no split, no fuse.  The command's quadwords as they
 * go into the SQ entry (NVMe 1.4 §4.2, little endian), all but the CID and
 * the data pointer, which are the transport's.
 */
struct nvme_rw_cmd {
	uint64_t			cdw0_nsid;	/* OPC (FUSE 0) | NSID << 32 */
	uint64_t			mptr;		/* separate metadata IOVA, 0: none */
	uint64_t			cdw10_11;	/* SLBA */
	uint64_t			cdw12_13;	/* NLB (0's based) | FUA, LR, PRCHK; DSM 0 */
	uint64_t			cdw14_15;	/* ILBRT | (LBATM << 16 | LBAT) << 32 */
};

/*
 * One command as the user submitted it, or one child of a split command.
 * Taken from the qpair's free list at submission, returned before the
 * callback runs so the callback may submit again.
 */
struct nvme_request {
	union {
		struct spdk_nvme_cmd	cmd;
		/* Only between the core's fast path and qpair_submit_rw. */
		struct nvme_rw_cmd	rw;
	};
	/* Contiguous data (payload_type CONTIG); NULL/0 for the other types. */
	void				*payload;
	uint32_t			payload_size;
	uint8_t				payload_type;	/* enum nvme_payload_type */
	uint16_t			num_children;	/* parent: children still outstanding */
	uint8_t				retries;	/* transport_retry_count spent */
	union {
		struct {
			struct nvme_sgl_payload	sgl;
			struct nvme_iov_iter	iov_it;	/* iovec payloads only */
		};
		struct {
			/*
			 * The caller's ranges, valid only during submission; a
			 * request that must wait for a slot points at its own
			 * heap copy instead (copy), freed once it is sent.
			 */
			const struct spdk_nvme_dsm_range *ranges;
			struct spdk_nvme_dsm_range *copy;
			uint16_t		num_ranges;
		} dsm;
	};
	spdk_nvme_cmd_cb		cb_fn;
	void				*cb_arg;
	struct spdk_nvme_qpair		*qpair;
	struct nvme_request		*parent;
	union {
		/* parent: first error of a child, else success */
		struct spdk_nvme_cpl	parent_cpl;
		/* held by error injection (never a parent): status and when to complete */
		struct {
			struct spdk_nvme_status	status;
			uint64_t		deadline;
		} inject;
	};
	union {
		STAILQ_ENTRY(nvme_request)	stailq;		/* queued_req, local lists */
		SLIST_ENTRY(nvme_request)	free_link;	/* the qpair's free_req */
	};
};

STAILQ_HEAD(nvme_request_list, nvme_request);

/* ---- Queue pairs ----------------------------------------------------- */

enum nvme_qpair_state {
	NVME_QPAIR_ENABLED = 0,
	NVME_QPAIR_FAILED,	/* controller failed or removed; I/O returns -ENXIO */
	NVME_QPAIR_DESTROYING,
	/* spdk_nvme_ctrlr_reset() is re-creating it: submissions wait in queued_req */
	NVME_QPAIR_RESETTING,
	/* No SQ/CQ on the controller: allocated create_only, or disconnected
	 * (nvme_qpair_lifecycle.c); I/O returns -ENXIO, the qid stays taken. */
	NVME_QPAIR_DISCONNECTED,
};

/* Work a completion callback asked for, done once the poll returns. */
enum nvme_qpair_deferred {
	NVME_QPAIR_DEFER_NONE = 0,
	NVME_QPAIR_DEFER_FREE,		/* spdk_nvme_ctrlr_free_io_qpair() */
	NVME_QPAIR_DEFER_DISCONNECT,	/* spdk_nvme_ctrlr_disconnect_io_qpair() */
};

struct spdk_nvme_qpair {
	struct spdk_nvme_ctrlr		*ctrlr;
	const struct nvme_transport_ops	*transport;
	uint16_t			id;		/* 0: admin */
	enum spdk_nvme_qprio		qprio;
	enum nvme_qpair_state		state;
	bool				in_completion_context;
	uint8_t				deferred;	/* enum nvme_qpair_deferred */
	/* spdk_nvme_ctrlr_fail(): the next poll completes everything as aborted */
	bool				abort_on_next_poll;
	/* spdk_nvme_ctrlr_register_timeout_callback(); 0: not watched */
	uint64_t			timeout_ticks;
	/*
	 * Reasons the read/write fast path must not be taken (one byte, one
	 * compare there): a FUSE_FIRST was submitted and only its FUSE_SECOND
	 * may follow (§4.12); error injection is armed (nvme_qpair_err.c).
	 */
	uint8_t				general_only;
#define NVME_QPAIR_FUSED_FIRST_PENDING	0x1
#define NVME_QPAIR_ERR_INJECTION	0x2
	/* timeout_ticks, or non-zero while injected errors wait: the poll's deadline check */
	uint64_t			deadline_work;
	/* spdk_nvme_qpair_add_cmd_error_injection() (nvme_qpair_err.c) */
	TAILQ_HEAD(, nvme_error_cmd)	err_cmds;
	struct nvme_request_list	err_held;	/* do_not_submit, completing at deadline */
	struct nvme_request		*req_buf;
	/* A stack (SLIST: cheapest push and pop); the hot path takes and returns one per I/O. */
	SLIST_HEAD(, nvme_request)	free_req;
	/* submitted while every slot was busy; sent as slots free up */
	struct nvme_request_list	queued_req;
	TAILQ_ENTRY(spdk_nvme_qpair)	link;	/* ctrlr's active_io_qpairs */

	/* Life cycle (nvme_qpair_lifecycle.c), off the I/O path. */
	uint32_t			num_requests;	/* size of req_buf */
	bool				abort_dnr;	/* spdk_nvme_qpair_set_abort_dnr() */
	uint8_t				failure_reason;	/* enum spdk_nvme_qp_failure_reason */
	struct spdk_nvme_poll_group	*poll_group;	/* nvme_poll_group.c */
	TAILQ_ENTRY(spdk_nvme_qpair)	poll_group_link;
	/* Freed while the controller could not be stopped: kept, not freed
	 * (nvme_ctrlr_stop.c); on its controller's kept_qpairs by link. */
	bool				kept;
};

/* ---- Namespaces and controller --------------------------------------- */

struct spdk_nvme_ns {
	struct spdk_nvme_ctrlr		*ctrlr;
	uint32_t			id;
	bool				active;
	uint32_t			sector_size;	/* data bytes per LBA */
	uint32_t			extended_lba_size; /* with interleaved metadata */
	uint32_t			md_size;
	uint64_t			num_sectors;
	uint32_t			sectors_per_max_io;
	uint32_t			flags;		/* enum spdk_nvme_ns_flags */
	enum spdk_nvme_pi_type		pi_type;
	enum spdk_nvme_csi		csi;
	bool				has_uuid;
	uint8_t				uuid[16];	/* from the NS ID descriptor list */
	bool				has_nguid;
	uint8_t				nguid[16];	/* likewise */
	struct spdk_nvme_ns_data	*nsdata;	/* DMA buffer, NULL until identified */
	/* I/O command set specific Identify (nvme_ns_iocs.c); NULL when not read */
	struct spdk_nvme_zns_ns_data	*nsdata_zns;
	struct spdk_nvme_nvm_ns_data	*nsdata_nvm;
};

enum nvme_ctrlr_state {
	NVME_CTRLR_STATE_INIT = 0,
	NVME_CTRLR_STATE_DISABLE,		/* CC.EN=0, wait CSTS.RDY=0 */
	NVME_CTRLR_STATE_CONFIGURE_ADMINQ,	/* AQA, ASQ, ACQ */
	NVME_CTRLR_STATE_ENABLE,		/* CC, CC.EN=1, wait CSTS.RDY=1 */
	NVME_CTRLR_STATE_IDENTIFY,
	NVME_CTRLR_STATE_CONFIG_DBBUF,		/* shadow doorbells, before any I/O queue */
	NVME_CTRLR_STATE_SET_NUM_QUEUES,
	NVME_CTRLR_STATE_IDENTIFY_ACTIVE_NS,
	NVME_CTRLR_STATE_IDENTIFY_NS,
	NVME_CTRLR_STATE_CONFIGURE_AER,		/* nvme_ctrlr_aer.c */
	NVME_CTRLR_STATE_KEEP_ALIVE,		/* nvme_ctrlr_keep_alive.c */
	NVME_CTRLR_STATE_READY,
	NVME_CTRLR_STATE_FAILED,
};

/* ASYNC EVENT REQUESTs kept outstanding, at most (AERL + 1 may be fewer). */
#define NVME_MAX_ASYNC_EVENTS	4
#define NVME_AER_LOG_BUF_SIZE	4096

/* One outstanding ASYNC EVENT REQUEST and the event it returned, if any. */
struct nvme_async_event_request {
	struct spdk_nvme_ctrlr		*ctrlr;
	bool				outstanding;
	bool				pending;	/* completed, not yet handled */
	uint64_t			seq;		/* arrival order of pending events */
	struct spdk_nvme_cpl		cpl;
};

struct spdk_nvme_ctrlr {
	struct spdk_nvme_transport_id	trid;
	struct spdk_nvme_ctrlr_opts	opts;
	const struct nvme_transport_ops	*transport;
	enum nvme_ctrlr_state		state;
	bool				is_failed;
	bool				is_removed;
	/*
	 * The device may write host memory: set when CC.EN=1 is written, cleared
	 * once CSTS.RDY=0 follows CC.EN=0 (or a fabrics transport closed its
	 * connections).  While set, a failed controller's rings and buffers are
	 * not handed back before it is stopped (nvme_ctrlr_stop.c).
	 */
	bool				dma_live;
	/* The last stop did not finish (CSTS.RDY stayed 1): not tried again
	 * implicitly until a reset or the detach (nvme_ctrlr_stop.c). */
	bool				stop_failed;

	union spdk_nvme_cap_register	cap;
	union spdk_nvme_vs_register	vs;
	uint32_t			page_size;	/* CC.MPS in bytes */
	uint32_t			max_xfer_size;	/* bytes, from MDTS, capped */

	struct spdk_nvme_ctrlr_data	*cdata;		/* DMA buffer */
	/* I/O Command Set specific Identify Controller for NVM (CNS 06h, CSI 0);
	 * NULL when the controller does not return it (nvme_ctrlr_getters.c). */
	struct spdk_nvme_nvm_ctrlr_data	*cdata_nvm;
	uint64_t			flags;		/* enum spdk_nvme_ctrlr_flags */
	/* ZNS controller data (nvme_ns_iocs.c), read with the first zoned namespace */
	struct spdk_nvme_zns_ctrlr_data	*cdata_zns;
	uint32_t			max_zone_append_size;	/* bytes */
	bool				zone_append_supported;
	/* Namespaces (nvme_ctrlr_ns.c): sized by what exists, never by NN. */
	uint32_t			num_ns;		/* cdata->nn at the first init */
	bool				ns_known;	/* num_ns set; kept across resets */
	struct spdk_nvme_ns		**ns_table;	/* allocated ones, sorted by id */
	uint32_t			ns_table_len, ns_table_cap;
	uint32_t			*active_ns_list; /* ascending, 0-terminated */
	uint32_t			num_active_ns, active_ns_cap;

	struct spdk_nvme_qpair		*adminq;
	uint32_t			max_io_queues;	/* granted by SET FEATURES */
	uint8_t				*free_io_qids;	/* [max_io_queues + 1], 1 = free */
	uint32_t			next_qid;	/* where a qpair's qid search starts */
	TAILQ_HEAD(, spdk_nvme_qpair)	active_io_qpairs;
	/* admin queue and qpair bookkeeping; on the I/O path only try-locked
	 * (keep-alive, nvme_ctrlr_keep_alive.c) */
	pthread_mutex_t			ctrlr_lock;
	bool				is_resetting;
	/* Reset in steps (spdk_nvme_ctrlr_disconnect / reconnect_*): admin
	 * requests that waited, sent again once init is done. */
	bool				reset_disconnected;
	bool				reset_reconnecting;
	struct nvme_request_list	reset_admin_saved;

	/* Detach in steps (spdk_nvme_detach_async): CC.SHN written, waiting for SHST. */
	bool				shutdown_pending;
	bool				shutdown_complete;	/* CSTS.SHST said so */
	/* I/O qpairs freed while the controller could not be stopped: their
	 * memory (rings, requests, the application's buffers) is kept. */
	TAILQ_HEAD(, spdk_nvme_qpair)	kept_qpairs;
	/* Detached while it could not be stopped: on the kept list (nvme_ctrlr_stop.c). */
	TAILQ_ENTRY(spdk_nvme_ctrlr)	kept_link;
	uint32_t			shutdown_timeout_ms;
	uint64_t			shutdown_deadline;

	/* Asynchronous events (nvme_ctrlr_aer.c). */
	struct nvme_async_event_request	aer[NVME_MAX_ASYNC_EVENTS];
	uint32_t			num_aers;
	uint64_t			aer_seq;
	bool				aer_processing;
	void				*aer_log_buf;	/* DMA, NVME_AER_LOG_BUF_SIZE */
	spdk_nvme_aer_cb		aer_cb_fn;
	void				*aer_cb_arg;
	/* Replaces aer_cb_fn for Namespace Attribute Changed notices. */
	spdk_nvme_ns_attr_changed_cb	ns_attr_changed_cb_fn;
	void				*ns_attr_changed_cb_arg;

	/* Keep-alive (nvme_ctrlr_keep_alive.c); next_keep_alive_tick 0: off. */
	uint64_t			keep_alive_interval_ticks;
	uint64_t			next_keep_alive_tick;
	uint64_t			keep_alive_sent_tick;	/* of the one in flight */
	bool				keep_alive_in_flight;

	/* Command timeouts (spdk_nvme_ctrlr_register_timeout_callback). */
	spdk_nvme_timeout_cb		timeout_cb_fn;
	void				*timeout_cb_arg;
	uint64_t			timeout_io_ticks;
	uint64_t			timeout_admin_ticks;

	/* Size of the PMR's BAR, 0 without a PMR (set by the transport). */
	uint64_t			pmr_size;
	/* spdk_nvme_ctrlr_write_boot_partition() in progress (nvme_ctrlr_bp.c). */
	struct nvme_bp_write {
		bool			active;
		uint8_t			step;		/* download, replace, activate */
		uint32_t		bpid;
		uint8_t			*payload;
		uint32_t		size;
		uint32_t		offset;		/* bytes downloaded so far */
		spdk_nvme_cmd_cb	cb_fn;
		void			*cb_arg;
	} bp_write;

	/* Hot removal (nvme_ctrlr_hotplug.c): called once, from spdk_nvme_probe. */
	spdk_nvme_remove_cb		remove_cb;
	void				*remove_ctx;
	bool				remove_reported;

	/* g_attached or g_initializing (nvme.c); a detach context once detaching */
	TAILQ_ENTRY(spdk_nvme_ctrlr)	link;
	TAILQ_ENTRY(spdk_nvme_ctrlr)	link_init;	/* probe_ctx->init_ctrlrs */
};

/* ---- Transports ------------------------------------------------------ */

/* One probe (nvme_probe_async.c); spdk_nvme_probe() runs one to the end. */
struct spdk_nvme_probe_ctx {
	struct spdk_nvme_transport_id	trid;
	void				*cb_ctx;
	spdk_nvme_probe_cb		probe_cb;
	spdk_nvme_attach_cb		attach_cb;
	spdk_nvme_attach_fail_cb	attach_fail_cb;
	spdk_nvme_remove_cb		remove_cb;
	/* spdk_nvme_connect(_async): these opts instead of the defaults */
	bool				has_opts;
	/* spdk_nvme_connect(_async): attach the controller trid names, even a
	 * discovery controller (a probe of the discovery NQN enumerates instead) */
	bool				direct_connect;
	struct spdk_nvme_ctrlr_opts	opts;
	int				scan_rc;	/* what the transport's scan returned */
	/* constructed by the scan, being initialised; attach_cb still owed */
	TAILQ_HEAD(, spdk_nvme_ctrlr)	init_ctrlrs;
};

/*
 * What a transport provides.  Looked up by trtype in a static table
 * (nvme_transport.c), not registered by constructors, so static linking
 * needs no --whole-archive.
 */
struct nvme_transport_ops {
	const char			*name;
	enum spdk_nvme_transport_type	type;

	/* Find controllers for probe_ctx->trid; construct + init each one the
	 * probe callback accepts (nvme_ctrlr_probe_found()). */
	int (*ctrlr_scan)(struct spdk_nvme_probe_ctx *probe_ctx);
	/* Free everything the transport owns, including the admin qpair. */
	void (*ctrlr_destruct)(struct spdk_nvme_ctrlr *ctrlr);
	/* Optional (fabrics): construct a controller for trid, admin queue
	 * connected; devhandle is an int * that receives the errno when NULL
	 * is returned.  What a discovery log entry of this transport is probed
	 * with (nvme_fabric_discovery.c). */
	struct spdk_nvme_ctrlr *(*ctrlr_construct)(const struct spdk_nvme_transport_id *trid,
			const struct spdk_nvme_ctrlr_opts *opts, void *devhandle);

	int (*ctrlr_get_reg_4)(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t *value);
	int (*ctrlr_get_reg_8)(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t *value);
	int (*ctrlr_set_reg_4)(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t value);
	int (*ctrlr_set_reg_8)(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t value);
	/* Optional (fabrics): connect the admin queue again (a new association)
	 * if its connection is down; run before init's first step. */
	int (*ctrlr_connect_adminq)(struct spdk_nvme_ctrlr *ctrlr);
	/* Optional (fabrics): close every connection of the controller, which
	 * is what stops it writing into host memory; a reset's first step
	 * instead of CC.EN=0.  NULL: CC.EN=0 and wait for CSTS.RDY=0. */
	int (*ctrlr_disconnect)(struct spdk_nvme_ctrlr *ctrlr);
	/* Program AQA/ASQ/ACQ from the admin qpair the transport built. */
	int (*ctrlr_setup_adminq)(struct spdk_nvme_ctrlr *ctrlr);
	/* Reset the admin queue's software state after CC.EN=0. */
	void (*ctrlr_reset_adminq)(struct spdk_nvme_ctrlr *ctrlr);
	uint32_t (*ctrlr_get_max_xfer_size)(struct spdk_nvme_ctrlr *ctrlr);
	/* The device is gone (hot unplug reported by the bus); NULL: never. */
	bool (*ctrlr_is_removed)(struct spdk_nvme_ctrlr *ctrlr);
	/* Optional: DOORBELL BUFFER CONFIG (§5.8) where supported; 0 if not. */
	int (*ctrlr_config_dbbuf)(struct spdk_nvme_ctrlr *ctrlr);
	/* Optional: the mapped register bank (PCIe BAR0); NULL: none. */
	volatile struct spdk_nvme_registers *(*ctrlr_get_registers)(struct spdk_nvme_ctrlr *ctrlr);
	/* Optional: SGL descriptors one command may carry (when SGLs are supported). */
	uint16_t (*ctrlr_get_max_sges)(struct spdk_nvme_ctrlr *ctrlr);
	/* Data elements one command takes at most: scattered I/O with more is
	 * split by the core at block boundaries (nvme_ns_cmd_sges.c).  0: any
	 * number (PCIe builds PRPs or SGLs and checks its own limit). */
	uint16_t split_sges;
	/*
	 * Optional controller memory (nvme_ctrlr_mem.c; NULL: -ENOSYS / NULL).
	 * Called with ctrlr_lock held.  reserve: 0 or -ENOTSUP (no CMB); map:
	 * the CPU address of the whole CMB/PMR, registered for DMA; unmap_pmr:
	 * -ENXIO when not mapped; enable/disable_pmr: as the public calls.
	 */
	int (*ctrlr_reserve_cmb)(struct spdk_nvme_ctrlr *ctrlr);
	void *(*ctrlr_map_cmb)(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
	int (*ctrlr_unmap_cmb)(struct spdk_nvme_ctrlr *ctrlr);
	int (*ctrlr_enable_pmr)(struct spdk_nvme_ctrlr *ctrlr);
	int (*ctrlr_disable_pmr)(struct spdk_nvme_ctrlr *ctrlr);
	void *(*ctrlr_map_pmr)(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
	int (*ctrlr_unmap_pmr)(struct spdk_nvme_ctrlr *ctrlr);

	/* Allocate the I/O qpair's memory (no commands sent). */
	struct spdk_nvme_qpair *(*qpair_alloc_io)(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid,
			const struct spdk_nvme_io_qpair_opts *opts);
	/* Send CREATE I/O CQ/SQ for it (synchronous). */
	int (*qpair_connect_io)(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
	/* Send DELETE I/O SQ/CQ if the controller is alive (synchronous). */
	int (*qpair_disconnect_io)(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
	void (*qpair_free)(struct spdk_nvme_qpair *qpair);

	/* Hot path. */
	int (*qpair_submit_request)(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
	/* Optional: write req->rw's command directly into the SQ slot and send it.
	 * Called only for an enabled I/O qpair with nothing queued.  0: sent;
	 * -EAGAIN: not sent, nothing changed (no free slot, or a payload the
	 * general path must build or reject): the core sends it the general way. */
	int (*qpair_submit_rw)(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
	int32_t (*qpair_process_completions)(struct spdk_nvme_qpair *qpair, uint32_t max);
	/* Complete every outstanding command with the given status. */
	void (*qpair_abort_outstanding)(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc,
					bool dnr);
	/* Call the controller's timeout callback for commands outstanding longer than
	 * qpair->timeout_ticks (once each); called only while that is non-zero. */
	void (*qpair_check_timeouts)(struct spdk_nvme_qpair *qpair, uint64_t now);
	/* Call fn(req, cid, arg) for each command the controller holds (not the
	 * queued ones) until fn returns non-zero, which is returned. */
	int (*qpair_iterate_outstanding)(struct spdk_nvme_qpair *qpair,
					 int (*fn)(struct nvme_request *req, uint16_t cid, void *arg),
					 void *arg);
	/* Optional: commands submitted to the device and not completed (not the I/O path). */
	uint16_t (*qpair_get_queue_depth)(struct spdk_nvme_qpair *qpair);
};

extern const struct nvme_transport_ops nvme_pcie_transport_ops;
extern const struct nvme_transport_ops nvme_tcp_transport_ops;

const struct nvme_transport_ops *nvme_transport_get_ops(enum spdk_nvme_transport_type trtype);

/* ---- Core functions used by transports ------------------------------- */

/* Request pool of a qpair. */
int nvme_qpair_init(struct spdk_nvme_qpair *qpair, uint16_t id, struct spdk_nvme_ctrlr *ctrlr,
		    enum spdk_nvme_qprio qprio, uint32_t num_requests);
void nvme_qpair_deinit(struct spdk_nvme_qpair *qpair);
/* A child of a split request finished: its parent completes with the last one. */
void nvme_qpair_complete_child(struct nvme_request *child, const struct spdk_nvme_cpl *cpl);
/* Fail every queued (not yet submitted) request with the given status (DNR set). */
void nvme_qpair_abort_queued(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc);
/* Complete the queued requests match() picks with ABORTED - BY REQUEST; how many. */
uint32_t nvme_qpair_abort_queued_if(struct spdk_nvme_qpair *qpair,
				    bool (*match)(const struct nvme_request *req, void *arg),
				    void *arg);
void nvme_qpair_abort_queued_dnr(struct spdk_nvme_qpair *qpair, uint16_t sct, uint16_t sc,
				 bool dnr);
/* Submit requests that waited for a free slot. */
void nvme_qpair_resubmit_queued(struct spdk_nvme_qpair *qpair);
int nvme_qpair_submit_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req);

static inline struct nvme_request *
nvme_allocate_request(struct spdk_nvme_qpair *qpair, void *payload, uint32_t payload_size,
		      spdk_nvme_cmd_cb cb_fn, void *cb_arg)
{
	struct nvme_request *req = SLIST_FIRST(&qpair->free_req);

	if (nvme_unlikely(req == NULL)) {
		return NULL;
	}
	SLIST_REMOVE_HEAD(&qpair->free_req, free_link);
	/* Only the fields a submission relies on are reset: this is the hot path. */
	req->cmd = (struct spdk_nvme_cmd){ 0 };
	req->payload = payload;
	req->payload_size = payload_size;
	req->payload_type = NVME_PAYLOAD_CONTIG;
	req->cb_fn = cb_fn;
	req->cb_arg = cb_arg;
	req->qpair = qpair;
	req->parent = NULL;
	req->num_children = 0;
	req->retries = 0;
	return req;
}

/* A fast-path request (req->rw form) as a full command in req->cmd again. */
static inline void
nvme_request_rw_to_cmd(struct nvme_request *req)
{
	const struct nvme_rw_cmd rw = req->rw;		/* req->cmd overlays it */
	struct spdk_nvme_cmd *cmd = &req->cmd;

	*cmd = (struct spdk_nvme_cmd){ 0 };
	cmd->opc = (uint8_t)rw.cdw0_nsid;
	cmd->nsid = (uint32_t)(rw.cdw0_nsid >> 32);
	cmd->mptr = rw.mptr;
	cmd->cdw10 = (uint32_t)rw.cdw10_11;
	cmd->cdw11 = (uint32_t)(rw.cdw10_11 >> 32);
	cmd->cdw12 = (uint32_t)rw.cdw12_13;
	cmd->cdw14 = (uint32_t)rw.cdw14_15;
	cmd->cdw15 = (uint32_t)(rw.cdw14_15 >> 32);
	req->payload_type = NVME_PAYLOAD_CONTIG;
}

static inline void
nvme_free_request(struct nvme_request *req)
{
	SLIST_INSERT_HEAD(&req->qpair->free_req, req, free_link);
}

/*
 * Complete a request the transport finished (calls the user callback).
 * Inline: the transports' completion loops call it once per command.
 */
static inline void
nvme_qpair_complete_request(struct spdk_nvme_qpair *qpair, struct nvme_request *req,
			    const struct spdk_nvme_cpl *cpl)
{
	spdk_nvme_cmd_cb cb_fn;
	void *cb_arg;

	(void)qpair;
	if (nvme_unlikely(req->parent != NULL)) {
		nvme_qpair_complete_child(req, cpl);
		return;
	}
	/* Free first so the callback can reuse the request for its next I/O. */
	cb_fn = req->cb_fn;
	cb_arg = req->cb_arg;
	nvme_free_request(req);
	if (cb_fn != NULL) {
		cb_fn(cb_arg, cpl);
	}
}

/*
 * A status worth sending the command again (DNR clear; nvme_qpair.c), as
 * SPDK's: NAMESPACE NOT READY, FORMAT IN PROGRESS, INTERNAL PATH ERROR.
 */
bool nvme_cpl_is_retryable(const struct spdk_nvme_cpl *cpl);
/*
 * A transport's error completion (cold path, nvme_qpair.c): may_retry says
 * whether req is sent again (retryable status, transport_retry_count not
 * spent, queue enabled, not DSM ranges, not a fused half); retry then sends
 * it again through the general path, or completes it with cpl if that fails.
 * The transport frees its slot for req in between.
 */
bool nvme_qpair_may_retry(const struct spdk_nvme_qpair *qpair, const struct nvme_request *req,
			  const struct spdk_nvme_cpl *cpl);
void nvme_qpair_retry(struct spdk_nvme_qpair *qpair, struct nvme_request *req,
		      const struct spdk_nvme_cpl *cpl);

/*
 * Controller life cycle (nvme_ctrlr.c).  Init in steps: init_start, then
 * init_poll runs one step per call: -EAGAIN until ready (0) or a step
 * failed (its errno, ctrlr->state names the step).  nvme_ctrlr_init() runs
 * them all.  Destruct in steps (nvme_ctrlr_stop.c): destruct_start deletes
 * the I/O qpairs and writes CC.SHN, destruct_poll returns -EAGAIN until
 * CSTS.SHST says done (or the bound passed), stops the controller if no
 * shutdown completed, then frees everything (or keeps it all when the
 * controller would not stop).
 */
void nvme_ctrlr_init_start(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_init_poll(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_init(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_destruct_start(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_destruct_poll(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_destruct(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_fail(struct spdk_nvme_ctrlr *ctrlr, const char *why);
const char *nvme_ctrlr_state_name(enum nvme_ctrlr_state state);
/* Read CSTS; -ENODEV (and the controller marked removed) if it reads all-ones. */
int nvme_ctrlr_get_csts(struct spdk_nvme_ctrlr *ctrlr, union spdk_nvme_csts_register *csts);
/* Called by a transport's scan for each controller found. */
int nvme_ctrlr_probe_found(struct spdk_nvme_probe_ctx *probe_ctx,
			   const struct spdk_nvme_transport_id *trid, void *devhandle,
			   struct spdk_nvme_ctrlr *(*construct)(const struct spdk_nvme_transport_id *,
					   const struct spdk_nvme_ctrlr_opts *, void *));
bool nvme_ctrlr_is_attached(const struct spdk_nvme_transport_id *trid);
/* Default opts in the core, shared by probe and connect. */
void nvme_ctrlr_opts_set_defaults(struct spdk_nvme_ctrlr_opts *opts);
/* What every transport's construct starts with: trid, opts, its ops, the
 * qpair list and the (recursive) controller lock; undone by destruct. */
void nvme_ctrlr_construct_base(struct spdk_nvme_ctrlr *ctrlr,
			       const struct spdk_nvme_transport_id *trid,
			       const struct spdk_nvme_ctrlr_opts *opts,
			       const struct nvme_transport_ops *transport);

/*
 * Synchronous admin commands (nvme_ctrlr_cmd.c).  buf may be any memory: the
 * device gets a DMA copy, and after an error return (even -ETIMEDOUT, the
 * command still outstanding) buf is the caller's again.
 */
int nvme_ctrlr_cmd_sync(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
			void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out);
/* The same; log_failure false leaves a failed status to the caller to report. */
int nvme_ctrlr_cmd_sync_ex(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
			   void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out,
			   bool log_failure);
/* Submit a copy of cmd on qpair (the admin queue takes ctrlr_lock). */
int nvme_cmd_submit_raw(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
			const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
			spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/*
 * nvme_user_copy.c: a command whose data buffer may be ordinary memory
 * (SPDK's "user copy"): a DMA copy is made (filled from buf when to_ctrlr),
 * copied back into buf before cb_fn runs when the controller wrote it.
 * Fills *reqp with a request carrying opc/nsid; the caller sets CDWs and
 * calls nvme_user_copy_submit().
 */
int nvme_user_copy_alloc(struct spdk_nvme_qpair *qpair, void *buf, uint32_t len,
			 bool to_ctrlr, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			 struct nvme_request **reqp);
int nvme_user_copy_submit(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
/* True when every byte of [buf, buf + size) is DMA memory (nvme_qpair.c). */
bool nvme_buf_is_dma(const void *buf, uint64_t size);
/*
 * A copy of cmd submitted with buf as its data, which may be ordinary memory:
 * DMA memory is used in place, anything else through a user copy.  Takes the
 * admin lock for the admin queue, as nvme_cmd_submit_raw().
 */
int nvme_cmd_submit_user_copy(struct spdk_nvme_qpair *qpair, struct spdk_nvme_ctrlr *ctrlr,
			      const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
			      bool to_ctrlr, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/* After IDENTIFY: the feature flags and the NVM command set data (nvme_ctrlr_getters.c). */
void nvme_ctrlr_identify_extras(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_cmd_identify(struct spdk_nvme_ctrlr *ctrlr, uint8_t cns, uint32_t nsid,
			    void *buf, uint32_t len);
int nvme_ctrlr_submit_admin_request(struct spdk_nvme_ctrlr *ctrlr, struct nvme_request *req);

/* FIRMWARE IMAGE DOWNLOAD piece size: FWUG, capped by MDTS (nvme_ctrlr_fw.c). */
uint32_t nvme_ctrlr_fw_piece_size(const struct spdk_nvme_ctrlr *ctrlr);

/* CC.EN=0 and wait for CSTS.RDY=0, bounded by CAP.TO: the controller stops all DMA. */
int nvme_ctrlr_disable(struct spdk_nvme_ctrlr *ctrlr);
/* CC register access (nvme_ctrlr.c). */
int nvme_ctrlr_get_cc(struct spdk_nvme_ctrlr *ctrlr, union spdk_nvme_cc_register *cc);
int nvme_ctrlr_set_cc(struct spdk_nvme_ctrlr *ctrlr, const union spdk_nvme_cc_register *cc);
/*
 * Stopping a controller's DMA (nvme_ctrlr_stop.c).  stop_device: the
 * transport's ctrlr_disconnect (fabrics: close every connection) or CC.EN=0
 * and wait for CSTS.RDY=0; 0 when the device can no longer write host memory.
 * quiesce: the same, but 0 at once when nothing can write (removed, never
 * enabled, already stopped); a failure is logged with why.  A qpair or a
 * controller whose device could not be stopped is kept (its memory never
 * freed, its requests never completed) rather than handed back.
 */
int nvme_ctrlr_stop_device(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_quiesce(struct spdk_nvme_ctrlr *ctrlr, const char *why);
bool nvme_ctrlr_dma_quiet(const struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_keep_qpair(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
/* After a stop that worked: the kept qpairs complete their requests (aborted) and go. */
void nvme_ctrlr_free_kept_qpairs(struct spdk_nvme_ctrlr *ctrlr);
/* Kept objects (tests): how many; and free them all, once no device can write. */
uint32_t nvme_kept_count(void);
void nvme_kept_release_all(void);
/* Re-read the active namespace list and every namespace (after a change). */
int nvme_ctrlr_refresh_namespaces(struct spdk_nvme_ctrlr *ctrlr);
/*
 * nvme_ctrlr_hotplug.c.  check_removed: ask the transport whether the device
 * went away and, if so, fail the controller as removed (outstanding requests
 * complete with ABORTED - BY REQUEST at their qpair's next poll, submissions
 * get -ENXIO, no MMIO from then on); true when removed.  probe_report_removed:
 * from spdk_nvme_probe, each removed controller of trid's transport gets its
 * remove_cb once.
 */
bool nvme_ctrlr_check_removed(struct spdk_nvme_ctrlr *ctrlr);
/* Removed as far as the controller or the bus knows; takes no lock. */
bool nvme_ctrlr_is_gone(const struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_hot_remove(struct spdk_nvme_ctrlr *ctrlr);
/* nvme_ctrlr_ns.c: init steps, and freeing every namespace object. */
int nvme_ctrlr_identify_active_ns(struct spdk_nvme_ctrlr *ctrlr);
int nvme_ctrlr_identify_namespaces(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_destruct_namespaces(struct spdk_nvme_ctrlr *ctrlr);
/* Poll the admin queue with ctrlr_lock held; handles pending async events. */
int32_t nvme_ctrlr_process_admin_locked(struct spdk_nvme_ctrlr *ctrlr);
/* Synchronous admin command that maps a failed status to -ENXIO (documented API). */
int nvme_ctrlr_cmd_sync_api(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
			    void *buf, uint32_t len, struct spdk_nvme_cpl *cpl_out);

/*
 * Qpair life cycle (nvme_qpair_lifecycle.c): what a completion callback
 * deferred; the disconnect itself with ctrlr_lock held.
 */
void nvme_qpair_run_deferred(struct spdk_nvme_qpair *qpair);
void nvme_qpair_disconnect_locked(struct spdk_nvme_qpair *qpair);
/* Poll groups (nvme_poll_group.c): a qpair being freed leaves its group. */
void nvme_poll_group_drop_qpair(struct spdk_nvme_qpair *qpair);
/* Attached-controller list (nvme.c), for the async probe and detach. */
void nvme_ctrlr_list_add_initializing(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_list_attach(struct spdk_nvme_ctrlr *ctrlr, bool ok);
int nvme_ctrlr_list_take_for_detach(struct spdk_nvme_ctrlr *ctrlr, const char *fn);
void nvme_probe_report_removed(const struct spdk_nvme_transport_id *trid);

/* Timeouts and keep-alive deadlines of a qpair's poll (nvme_timeout.c). */
void nvme_qpair_check_deadlines(struct spdk_nvme_qpair *qpair);

/* Asynchronous events (nvme_ctrlr_aer.c). */
int nvme_ctrlr_configure_aer(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_process_async_events(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_aer_destruct(struct spdk_nvme_ctrlr *ctrlr);

/* Keep-alive (nvme_ctrlr_keep_alive.c). */
int nvme_ctrlr_configure_keep_alive(struct spdk_nvme_ctrlr *ctrlr);
void nvme_ctrlr_keep_alive_due(struct spdk_nvme_ctrlr *ctrlr, bool locked);
void nvme_ctrlr_keep_alive_send(struct spdk_nvme_ctrlr *ctrlr);

/* Namespaces (nvme_ns.c). */
int nvme_ns_construct(struct spdk_nvme_ns *ns, uint32_t id, struct spdk_nvme_ctrlr *ctrlr);
void nvme_ns_destruct(struct spdk_nvme_ns *ns);
/* I/O command set specific Identify data of a namespace (nvme_ns_iocs.c). */
void nvme_ns_identify_iocs(struct spdk_nvme_ns *ns);
void nvme_ns_free_iocs(struct spdk_nvme_ns *ns);
void nvme_ctrlr_free_iocs(struct spdk_nvme_ctrlr *ctrlr);

/* Error injection (nvme_qpair_err.c): the general submission path's hook. */
struct nvme_error_cmd;
/* 1: the request was taken over (held or failed); 0: submit it as usual. */
int nvme_qpair_err_inject(struct spdk_nvme_qpair *qpair, struct nvme_request *req);
void nvme_qpair_err_complete_held(struct spdk_nvme_qpair *qpair, bool all);
void nvme_qpair_err_destroy(struct spdk_nvme_qpair *qpair);
/* deadline_work from timeout_ticks and the held list. */
void nvme_qpair_update_deadline_work(struct spdk_nvme_qpair *qpair);

/*
 * Fabrics controllers (nvme_fabric_ctrlr.c): registers as Property Get/Set
 * on the admin queue, for a fabrics transport's ctrlr_get_reg_* / set_reg_*;
 * the host ID and NQN the options get when they carry none.
 */
int nvme_fabric_ctrlr_get_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t *value);
int nvme_fabric_ctrlr_get_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t *value);
int nvme_fabric_ctrlr_set_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint32_t value);
int nvme_fabric_ctrlr_set_reg_8(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset, uint64_t value);
void nvme_fabric_default_host_id(struct spdk_nvme_ctrlr_opts *opts);

/* A readable "dddd:bb:dd.f" or traddr for log lines. */
static inline const char *
nvme_ctrlr_name(const struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr->trid.traddr;
}

#endif /* NVME_INTERNAL_H */
