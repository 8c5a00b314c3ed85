/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The NVMe driver API.  Names, types and semantics follow SPDK's public
 * spdk/nvme.h so that applications written for SPDK's NVMe driver compile and
 * run unchanged.  Differences are called out next to the declaration.
 *
 * Threads, as in SPDK: a qpair (spdk_nvme_qpair) belongs to one thread at a
 * time; submitting to it and spdk_nvme_qpair_process_completions() on it are
 * not locked, so two threads must never use one qpair at once.  Different
 * qpairs of one controller may be used from different threads.  Admin
 * commands, spdk_nvme_ctrlr_process_admin_completions(), reset and fail are
 * locked per controller and may be called from any thread.  spdk_nvme_probe,
 * spdk_nvme_connect and spdk_nvme_detach may be called from any thread, but
 * detach only once no thread polls or submits to the controller's qpairs.
 * Callbacks run on the thread that polls the qpair they belong to.
 */
#ifndef SPDK_NVME_H
#define SPDK_NVME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spdk/env.h"
#include "spdk/nvme_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Transport identification ---------------------------------------- */

#define SPDK_NVMF_TRSTRING_MAX_LEN	32
#define SPDK_NVMF_TRADDR_MAX_LEN	256
#define SPDK_NVMF_TRSVCID_MAX_LEN	32
#define SPDK_NVMF_NQN_MAX_LEN		223
#define SPDK_NVME_TRANSPORT_NAME_PCIE	"PCIE"
#define SPDK_NVME_TRANSPORT_NAME_RDMA	"RDMA"
#define SPDK_NVME_TRANSPORT_NAME_TCP	"TCP"
#define SPDK_NVME_TRANSPORT_NAME_FC	"FC"

enum spdk_nvme_transport_type {
	SPDK_NVME_TRANSPORT_RDMA	= 1,
	SPDK_NVME_TRANSPORT_FC		= 2,
	SPDK_NVME_TRANSPORT_TCP		= 3,
	SPDK_NVME_TRANSPORT_PCIE	= 256,
	SPDK_NVME_TRANSPORT_VFIOUSER	= 1024,
	SPDK_NVME_TRANSPORT_CUSTOM	= 4096,
};

enum spdk_nvmf_adrfam {
	SPDK_NVMF_ADRFAM_IPV4		= 0x1,
	SPDK_NVMF_ADRFAM_IPV6		= 0x2,
	SPDK_NVMF_ADRFAM_IB		= 0x3,
	SPDK_NVMF_ADRFAM_FC		= 0x4,
	SPDK_NVMF_ADRFAM_INTRA_HOST	= 0xfe,
};

struct spdk_nvme_transport_id {
	char				trstring[SPDK_NVMF_TRSTRING_MAX_LEN + 1];
	enum spdk_nvme_transport_type	trtype;
	enum spdk_nvmf_adrfam		adrfam;
	/* PCIe: the controller's PCI address "dddd:bb:dd.f"; fabrics: host name or IP. */
	char				traddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char				trsvcid[SPDK_NVMF_TRSVCID_MAX_LEN + 1];
	char				subnqn[SPDK_NVMF_NQN_MAX_LEN + 1];
	int				priority;
};

/*
 * Parse "key:value key:value ..." (':' or '=', keys and trtype/adrfam values
 * case-insensitive).  Keys: trtype, adrfam, traddr, trsvcid, subnqn, priority.
 * Returns 0, or -EINVAL (with a log line naming the problem) for an unknown
 * key, a missing or overlong value, or an invalid PCI address.
 */
int spdk_nvme_transport_id_parse(struct spdk_nvme_transport_id *trid, const char *str);
int spdk_nvme_transport_id_parse_trtype(enum spdk_nvme_transport_type *trtype, const char *str);
int spdk_nvme_transport_id_parse_adrfam(enum spdk_nvmf_adrfam *adrfam, const char *str);
/* "PCIe", "RDMA", "TCP", ...; NULL for an unknown value. */
const char *spdk_nvme_transport_id_trtype_str(enum spdk_nvme_transport_type trtype);
const char *spdk_nvme_transport_id_adrfam_str(enum spdk_nvmf_adrfam adrfam);
/* Fill trtype and trstring for a known transport. */
void spdk_nvme_trid_populate_transport(struct spdk_nvme_transport_id *trid,
				       enum spdk_nvme_transport_type trtype);
/*
 * Order two transport IDs: <0, 0, >0.  PCIe addresses compare as addresses
 * ("0000:01:00.0" equals "01:00.0"); trstring/trtype/adrfam/traddr
 * and trsvcid case-insensitively; subnqn exactly.
 */
int spdk_nvme_transport_id_compare(const struct spdk_nvme_transport_id *trid1,
				   const struct spdk_nvme_transport_id *trid2);

/* ---- Controller options ---------------------------------------------- */

struct spdk_nvme_ctrlr_opts {
	uint32_t	num_io_queues;		/* I/O queues to ask for (SET FEATURES Number of Queues) */
	bool		use_cmb_sqs;		/* not supported, ignored */
	bool		no_shn_notification;	/* skip CC.SHN on detach */
	enum spdk_nvme_cc_ams arb_mechanism;
	uint8_t		arbitration_burst;
	uint8_t		low_priority_weight;
	uint8_t		medium_priority_weight;
	uint8_t		high_priority_weight;
	uint32_t	keep_alive_timeout_ms;
	/* Times a command that completes with a retryable status (DNR clear:
	 * NAMESPACE NOT READY, FORMAT IN PROGRESS, INTERNAL PATH ERROR) is sent
	 * again before its callback sees the status; default 4, as SPDK. */
	uint8_t		transport_retry_count;
	uint32_t	io_queue_size;		/* default entries per I/O queue */
	char		hostnqn[SPDK_NVMF_NQN_MAX_LEN + 1];
	uint32_t	io_queue_requests;	/* default requests per I/O qpair */
	char		src_addr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char		src_svcid[SPDK_NVMF_TRSVCID_MAX_LEN + 1];
	uint8_t		host_id[8];
	uint8_t		extended_host_id[16];
	enum spdk_nvme_cc_css command_set;
	uint32_t	admin_timeout_ms;	/* ealnvme: bound for each synchronous admin command */
	bool		header_digest;
	bool		data_digest;
	bool		disable_error_logging;
	uint32_t	transport_ack_timeout;
	uint16_t	admin_queue_size;	/* admin SQ/CQ entries */
	/*
	 * ealnvme: ring every doorbell through MMIO even when the controller
	 * supports Doorbell Buffer Config (shadow doorbells, NVMe 1.4 §5.8).
	 * Default false: shadow doorbells are used where supported.
	 */
	bool		disable_shadow_doorbells;
	/*
	 * ealnvme: describe every payload with PRPs (NVMe 1.4 §4.3) even when
	 * the controller supports SGLs.  Default false: an I/O payload that is
	 * contiguous in IOVA and spans more than two memory pages goes as one
	 * SGL Data Block (§4.4), and a scattered one PRPs cannot describe as
	 * an SGL, where Identify Controller SGLS allows.
	 */
	bool		disable_pcie_sgl;
	size_t		opts_size;		/* set by spdk_nvme_ctrlr_get_default_ctrlr_opts() */
};

/* Fill opts (of size opts_size, for ABI growth) with defaults. */
void spdk_nvme_ctrlr_get_default_ctrlr_opts(struct spdk_nvme_ctrlr_opts *opts, size_t opts_size);

/* ---- Handles and callbacks ------------------------------------------- */

struct spdk_nvme_ctrlr;
struct spdk_nvme_ns;
struct spdk_nvme_qpair;

/* Called with the completion of one command; cpl is valid only during the call. */
typedef void (*spdk_nvme_cmd_cb)(void *ctx, const struct spdk_nvme_cpl *cpl);

/* Return true to attach to the controller described by trid. opts may be changed. */
typedef bool (*spdk_nvme_probe_cb)(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
				   struct spdk_nvme_ctrlr_opts *opts);
/* Called once a controller is initialised and ready for I/O. */
typedef void (*spdk_nvme_attach_cb)(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
				    struct spdk_nvme_ctrlr *ctrlr,
				    const struct spdk_nvme_ctrlr_opts *opts);
/* Called when an attached controller goes away (hot removal). */
typedef void (*spdk_nvme_remove_cb)(void *cb_ctx, struct spdk_nvme_ctrlr *ctrlr);

/*
 * Enumerate the controllers reachable through trid (NULL: every PCIe NVMe
 * controller bound to vfio-pci/uio_pci_generic; a PCIe trid with an empty
 * traddr: the same; with traddr: that one device).  For each one not yet
 * attached by this process: probe_cb (NULL means attach), then initialise the
 * controller, then attach_cb.  Synchronous: every callback has run when this
 * returns.  A controller that fails initialisation is logged and skipped.
 * Returns 0; -ENOTSUP for a transport not built in; -ENODEV (and a log line
 * saying how to bind one) when a given traddr is no usable NVMe device;
 * other negative errnos when the scan itself failed.  (SPDK documents -1 for
 * failure: any non-zero value is a failure in both.)
 */
int spdk_nvme_probe(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
		    spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		    spdk_nvme_remove_cb remove_cb);

/* Attach to the one controller at trid, synchronously.  NULL on failure. */
struct spdk_nvme_ctrlr *spdk_nvme_connect(const struct spdk_nvme_transport_id *trid,
		const struct spdk_nvme_ctrlr_opts *opts, size_t opts_size);

/*
 * Shut the controller down (CC.SHN unless opts.no_shn_notification) and free
 * it.  All I/O qpairs still allocated are freed; their outstanding requests
 * are completed with ABORTED - SQ DELETION first.  Returns 0; -EINVAL (and
 * a log line) for NULL or a controller that is not attached (a second
 * detach); -EBUSY from inside a completion callback of one of this
 * controller's qpairs (detach after that poll returns).  Not thread-safe
 * with I/O on the controller's qpairs: stop polling them first.
 */
int spdk_nvme_detach(struct spdk_nvme_ctrlr *ctrlr);

/*
 * Call remove_cb(remove_ctx, ctrlr) once when the controller is found removed
 * (hot unplug), from the spdk_nvme_probe that finds it; replaces the
 * remove_cb given to the probe that attached it.  The callback may call
 * spdk_nvme_detach.
 */
void spdk_nvme_ctrlr_set_remove_cb(struct spdk_nvme_ctrlr *ctrlr,
				   spdk_nvme_remove_cb remove_cb, void *remove_ctx);

/*
 * Called by a whole-bus spdk_nvme_probe for each PCIe controller inserted
 * since an earlier whole-bus probe (hot plug); false leaves it unattached.
 * NULL (the default) attaches every one.
 */
typedef bool (*spdk_nvme_pcie_hotplug_filter_cb)(const struct spdk_pci_addr *addr);
void spdk_nvme_pcie_set_hotplug_filter(spdk_nvme_pcie_hotplug_filter_cb filter_cb);

/* ---- Controller queries ---------------------------------------------- */

const struct spdk_nvme_ctrlr_data *spdk_nvme_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr);
const struct spdk_nvme_transport_id *spdk_nvme_ctrlr_get_transport_id(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_cap_register spdk_nvme_ctrlr_get_regs_cap(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_vs_register spdk_nvme_ctrlr_get_regs_vs(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_csts_register spdk_nvme_ctrlr_get_regs_csts(struct spdk_nvme_ctrlr *ctrlr);
/* Highest namespace ID the controller may have (Identify Controller NN). */
uint32_t spdk_nvme_ctrlr_get_num_ns(struct spdk_nvme_ctrlr *ctrlr);
/* Active namespace iteration; 0 when there is none (more). */
uint32_t spdk_nvme_ctrlr_get_first_active_ns(struct spdk_nvme_ctrlr *ctrlr);
uint32_t spdk_nvme_ctrlr_get_next_active_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t prev_nsid);
bool spdk_nvme_ctrlr_is_active_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid);
/* The namespace object for nsid (1..NN), active or not; NULL if out of range. */
struct spdk_nvme_ns *spdk_nvme_ctrlr_get_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid);
/* Largest transfer of one command (MDTS), in bytes. */
uint32_t spdk_nvme_ctrlr_get_max_xfer_size(const struct spdk_nvme_ctrlr *ctrlr);
bool spdk_nvme_ctrlr_is_failed(struct spdk_nvme_ctrlr *ctrlr);
/* The PCI device under a PCIe controller (NULL for other transports). */
struct spdk_pci_device *spdk_nvme_ctrlr_get_pci_device(struct spdk_nvme_ctrlr *ctrlr);
/* True if the controller reports the log page / feature as supported (LPA, ONCS, ...). */
bool spdk_nvme_ctrlr_is_log_page_supported(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page);
bool spdk_nvme_ctrlr_is_feature_supported(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature_code);

/* ---- Controller state: failure, reset, timeouts, async events ---------- */

/*
 * Mark the controller failed: every qpair then returns -ENXIO from
 * process_completions and new submissions fail with -ENXIO.  Outstanding
 * requests are completed with ABORTED - BY REQUEST at the next poll.
 */
void spdk_nvme_ctrlr_fail(struct spdk_nvme_ctrlr *ctrlr);
/*
 * Reset the controller (CC.EN 1->0->1) and bring it back up: admin queue,
 * Number of Queues, namespaces, AER and keep-alive, then every I/O qpair the
 * application still holds is re-created with the same qid.  Requests that
 * were outstanding are completed with ABORTED - SQ DELETION (retry them).
 * Synchronous.  Returns 0, or a negative errno and the controller is failed.
 * Must not be called from a completion callback.
 */
int spdk_nvme_ctrlr_reset(struct spdk_nvme_ctrlr *ctrlr);

/* Async event: cpl->cdw0 is a union spdk_nvme_async_event_completion. */
typedef void (*spdk_nvme_aer_cb)(void *aer_cb_arg, const struct spdk_nvme_cpl *cpl);
/*
 * Called for each async event, from spdk_nvme_ctrlr_process_admin_completions(),
 * after the driver handled it (a namespace attribute change has already
 * refreshed the namespace list when the callback runs).
 */
void spdk_nvme_ctrlr_register_aer_callback(struct spdk_nvme_ctrlr *ctrlr,
		spdk_nvme_aer_cb aer_cb_fn, void *aer_cb_arg);

/* A command has been outstanding longer than its timeout; qpair NULL for admin. */
typedef void (*spdk_nvme_timeout_cb)(void *cb_arg, struct spdk_nvme_ctrlr *ctrlr,
				     struct spdk_nvme_qpair *qpair, uint16_t cid);
/*
 * Watch outstanding commands: cb_fn runs once per command that is still
 * outstanding timeout_io_us (I/O) or timeout_admin_us (admin) after it was
 * submitted, from the poll of its qpair.  0 disables that kind.  Typical
 * reactions: spdk_nvme_ctrlr_cmd_abort() or spdk_nvme_ctrlr_reset().
 */
void spdk_nvme_ctrlr_register_timeout_callback(struct spdk_nvme_ctrlr *ctrlr,
		uint64_t timeout_io_us, uint64_t timeout_admin_us,
		spdk_nvme_timeout_cb cb_fn, void *cb_arg);

/* ---- Namespace queries ----------------------------------------------- */

const struct spdk_nvme_ns_data *spdk_nvme_ns_get_data(struct spdk_nvme_ns *ns);
uint32_t spdk_nvme_ns_get_id(struct spdk_nvme_ns *ns);
struct spdk_nvme_ctrlr *spdk_nvme_ns_get_ctrlr(struct spdk_nvme_ns *ns);
bool spdk_nvme_ns_is_active(struct spdk_nvme_ns *ns);
uint64_t spdk_nvme_ns_get_size(struct spdk_nvme_ns *ns);		/* bytes */
uint32_t spdk_nvme_ns_get_sector_size(struct spdk_nvme_ns *ns);	/* data bytes per LBA */
uint64_t spdk_nvme_ns_get_num_sectors(struct spdk_nvme_ns *ns);
uint32_t spdk_nvme_ns_get_max_io_xfer_size(struct spdk_nvme_ns *ns);	/* bytes; larger I/O is split */
/* Bytes per LBA including metadata when it is interleaved (extended LBA). */
uint32_t spdk_nvme_ns_get_extended_sector_size(struct spdk_nvme_ns *ns);
/* Metadata bytes per LBA (0 if none). */
uint32_t spdk_nvme_ns_get_md_size(struct spdk_nvme_ns *ns);
/* True if metadata is transferred as part of the LBA (FLBAS bit 4). */
bool spdk_nvme_ns_supports_extended_lba(struct spdk_nvme_ns *ns);
enum spdk_nvme_pi_type spdk_nvme_ns_get_pi_type(struct spdk_nvme_ns *ns);
/* Optimal I/O boundary in LBAs (NOIOB), 0 if not reported. */
uint32_t spdk_nvme_ns_get_optimal_io_boundary(struct spdk_nvme_ns *ns);
enum spdk_nvme_csi spdk_nvme_ns_get_csi(const struct spdk_nvme_ns *ns);
/* Namespace UUID from the NS ID descriptor list, or NULL if it has none. */
const uint8_t *spdk_nvme_ns_get_uuid(const struct spdk_nvme_ns *ns);

enum spdk_nvme_ns_flags {
	SPDK_NVME_NS_DEALLOCATE_SUPPORTED		= 1 << 0,
	SPDK_NVME_NS_FLUSH_SUPPORTED			= 1 << 1,
	SPDK_NVME_NS_RESERVATION_SUPPORTED		= 1 << 2,
	SPDK_NVME_NS_WRITE_ZEROES_SUPPORTED		= 1 << 3,
	SPDK_NVME_NS_DPS_PI_SUPPORTED			= 1 << 4,
	SPDK_NVME_NS_EXTENDED_LBA_SUPPORTED		= 1 << 5,
	SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED	= 1 << 6,
	SPDK_NVME_NS_COMPARE_SUPPORTED			= 1 << 7,
};
/* enum spdk_nvme_ns_flags bits. */
uint32_t spdk_nvme_ns_get_flags(struct spdk_nvme_ns *ns);

/* ---- I/O queue pairs ------------------------------------------------- */

enum spdk_nvme_qprio {
	SPDK_NVME_QPRIO_URGENT	= 0x0,
	SPDK_NVME_QPRIO_HIGH	= 0x1,
	SPDK_NVME_QPRIO_MEDIUM	= 0x2,
	SPDK_NVME_QPRIO_LOW	= 0x3,
};

struct spdk_nvme_io_qpair_opts {
	enum spdk_nvme_qprio	qprio;
	uint32_t		io_queue_size;		/* SQ/CQ entries (2..CAP.MQES+1) */
	uint32_t		io_queue_requests;	/* requests in the pool (>= io_queue_size) */
	bool			delay_cmd_submit;	/* ring the SQ doorbell once, at the end of the next poll */
	/* One SGL descriptor per element of a scattered payload, even where
	 * elements are adjacent in IOVA (default false: merged). */
	bool			disable_pcie_sgl_merge;
	size_t			opts_size;
};

void spdk_nvme_ctrlr_get_default_io_qpair_opts(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_io_qpair_opts *opts, size_t opts_size);
/* Create an I/O qpair (CREATE I/O CQ, then SQ).  NULL on failure, with a log line. */
struct spdk_nvme_qpair *spdk_nvme_ctrlr_alloc_io_qpair(struct spdk_nvme_ctrlr *ctrlr,
		const struct spdk_nvme_io_qpair_opts *opts, size_t opts_size);
/*
 * Delete the qpair (DELETE SQ, then CQ) and free it.  Outstanding requests are
 * completed with ABORTED - SQ DELETION.  Returns 0, -EINVAL for NULL.
 */
int spdk_nvme_ctrlr_free_io_qpair(struct spdk_nvme_qpair *qpair);

/*
 * Reap up to max_completions completions (0: all available) and call their
 * callbacks on this thread.  Returns the number reaped, or -ENXIO when the
 * qpair or its controller has failed.
 */
int32_t spdk_nvme_qpair_process_completions(struct spdk_nvme_qpair *qpair,
		uint32_t max_completions);
/* The same for the admin queue. */
int32_t spdk_nvme_ctrlr_process_admin_completions(struct spdk_nvme_ctrlr *ctrlr);

/* ---- Commands -------------------------------------------------------- */

/* io_flags for spdk_nvme_ns_cmd_*(): the upper bits of CDW12 and fuse bits. */
#define SPDK_NVME_IO_FLAGS_FUSE_FIRST		(SPDK_NVME_CMD_FUSE_FIRST << 0)
#define SPDK_NVME_IO_FLAGS_FUSE_SECOND		(SPDK_NVME_CMD_FUSE_SECOND << 0)
#define SPDK_NVME_IO_FLAGS_FUSE_MASK		(SPDK_NVME_CMD_FUSE_MASK << 0)
#define SPDK_NVME_IO_FLAGS_PRCHK_REFTAG		(1U << 26)
#define SPDK_NVME_IO_FLAGS_PRCHK_APPTAG		(1U << 27)
#define SPDK_NVME_IO_FLAGS_PRCHK_GUARD		(1U << 28)
#define SPDK_NVME_IO_FLAGS_PRACT		(1U << 29)
#define SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS	(1U << 30)
#define SPDK_NVME_IO_FLAGS_LIMITED_RETRY	(1U << 31)
#define SPDK_NVME_IO_FLAGS_VALID_MASK		0xFC000003U
#define SPDK_NVME_IO_FLAGS_CDW12_MASK		0xFC000000U

/*
 * Queue a read/write of lba_count blocks at lba, payload in DMA memory
 * (spdk_zmalloc/spdk_dma_malloc).  cb_fn runs from
 * spdk_nvme_qpair_process_completions(), exactly once, also for I/O larger
 * than the namespace's max transfer size (split internally).
 * Returns 0; -EINVAL for lba_count 0, an LBA range beyond the namespace, bad
 * io_flags or a payload that is not DMA memory; -ENOMEM when the qpair has no
 * free request (poll completions and retry); -ENXIO when the qpair failed.
 */
int spdk_nvme_ns_cmd_read(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			  uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			  uint32_t io_flags);
int spdk_nvme_ns_cmd_write(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			   uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   uint32_t io_flags);
int spdk_nvme_ns_cmd_flush(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Scattered payloads.  reset_sgl_fn(cb_arg, offset) positions the caller's
 * iterator at byte offset of the payload; next_sge_fn(cb_arg, &addr, &len)
 * returns the next element (0) or non-zero on error.  Elements must be DMA
 * memory.  They become a PRP list when every element but the first starts on
 * a page boundary and every element but the last ends on one; otherwise SGL
 * data blocks when the controller supports SGLs (Identify SGLS); otherwise
 * -EINVAL with a log line.
 */
typedef void (*spdk_nvme_req_reset_sgl_cb)(void *cb_arg, uint32_t offset);
typedef int (*spdk_nvme_req_next_sge_cb)(void *cb_arg, void **address, uint32_t *length);

int spdk_nvme_ns_cmd_readv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			   uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			   uint32_t io_flags, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			   spdk_nvme_req_next_sge_cb next_sge_fn);
int spdk_nvme_ns_cmd_writev(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			    uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			    uint32_t io_flags, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			    spdk_nvme_req_next_sge_cb next_sge_fn);
/*
 * With separate metadata (metadata buffer, md_size bytes per LBA, DMA memory)
 * or, on an extended-LBA namespace, payload holding data and metadata
 * interleaved (metadata NULL).  apptag/apptag_mask go to CDW15 for PI checks.
 */
int spdk_nvme_ns_cmd_read_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  void *payload, void *metadata, uint64_t lba, uint32_t lba_count,
				  spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
				  uint16_t apptag_mask, uint16_t apptag);
int spdk_nvme_ns_cmd_write_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   void *payload, void *metadata, uint64_t lba, uint32_t lba_count,
				   spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags,
				   uint16_t apptag_mask, uint16_t apptag);
int spdk_nvme_ns_cmd_compare(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			     void *payload, uint64_t lba, uint32_t lba_count,
			     spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t io_flags);
/*
 * Compare, write zeroes and write uncorrectable return -ENOTSUP (with a log
 * line) when ONCS lacks them (see spdk_nvme_ns_get_flags()).  Write zeroes
 * and write uncorrectable of more than 65536 blocks (the 16-bit NLB) are
 * split into several commands and complete once, like large reads.
 */
int spdk_nvme_ns_cmd_write_zeroes(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				  void *cb_arg, uint32_t io_flags);
int spdk_nvme_ns_cmd_write_uncorrectable(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
		uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/*
 * DATASET MANAGEMENT with num_ranges (1..256) ranges; type is
 * enum spdk_nvme_dsm_attribute bits (SPDK_NVME_DSM_ATTR_DEALLOCATE, ...).
 * ranges need not be DMA memory and need only live for the call: the
 * driver copies them (into the command's queue slot, or, when every slot is
 * busy and the command waits, into memory of its own).  -ENOTSUP when ONCS
 * has no DSM; -ENOMEM when no request is free.
 */
int spdk_nvme_ns_cmd_dataset_management(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
					uint32_t type, const struct spdk_nvme_dsm_range *ranges,
					uint16_t num_ranges, spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Submit a caller-built command.  The driver fills CID and the data pointer
 * from buf/len (buf must be DMA memory; NULL with len 0 for no data).
 */
int spdk_nvme_ctrlr_cmd_admin_raw(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_cmd *cmd,
				  void *buf, uint32_t len, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_cmd_io_raw(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
			       struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
			       spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Admin commands.  The asynchronous ones (cmd_*) queue the command and
 * return 0, -EINVAL for bad arguments, -ENOMEM when no request is free, or
 * -ENXIO when the controller failed; cb_fn runs from
 * spdk_nvme_ctrlr_process_admin_completions().  payload must be DMA memory.
 */
/* IDENTIFY: cns is enum spdk_nvme_identify_cns; payload 4096 bytes. */
int spdk_nvme_ctrlr_cmd_identify(struct spdk_nvme_ctrlr *ctrlr, uint8_t cns, uint16_t cntid,
				 uint32_t nsid, uint8_t csi, void *payload, size_t payload_size,
				 spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/* GET LOG PAGE of payload_size bytes (a multiple of 4) from byte offset. */
int spdk_nvme_ctrlr_cmd_get_log_page(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page,
				     uint32_t nsid, void *payload, uint32_t payload_size,
				     uint64_t offset, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/* SET/GET FEATURES; the feature's value comes back in cpl->cdw0.  payload may be NULL. */
int spdk_nvme_ctrlr_cmd_set_feature(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				    uint32_t cdw11, uint32_t cdw12, void *payload,
				    uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_cmd_get_feature(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				    uint32_t cdw11, void *payload, uint32_t payload_size,
				    spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/* ABORT the command cid on qpair (NULL: the admin queue). */
int spdk_nvme_ctrlr_cmd_abort(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
			      uint16_t cid, spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Synchronous admin operations (they poll the admin queue until done or the
 * admin timeout; format, firmware commit and namespace management get at
 * least 10 minutes, as real drives may need).  0 on success; -ENOTSUP when the controller does not
 * support the operation (OACS); -ENXIO when the command failed (the status is
 * logged); -ETIMEDOUT; -EINVAL for bad arguments.
 */
/* FORMAT NVM of nsid (SPDK_NVME_GLOBAL_NS_TAG: all); refreshes the namespace. */
int spdk_nvme_ctrlr_format(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			   struct spdk_nvme_format *format);
/* Namespace management: create returns the new NSID, 0 on failure. */
uint32_t spdk_nvme_ctrlr_create_ns(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns_data *payload);
int spdk_nvme_ctrlr_delete_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid);
int spdk_nvme_ctrlr_attach_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			      struct spdk_nvme_ctrlr_list *payload);
int spdk_nvme_ctrlr_detach_ns(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			      struct spdk_nvme_ctrlr_list *payload);
/*
 * FIRMWARE IMAGE DOWNLOAD of size bytes (a multiple of 4) in pieces, then
 * FIRMWARE COMMIT of slot with commit_action.  completion_status receives
 * the status of the commit (e.g. a "reset required" status).
 */
int spdk_nvme_ctrlr_update_firmware(struct spdk_nvme_ctrlr *ctrlr, void *payload, uint32_t size,
				    int slot, enum spdk_nvme_fw_commit_action commit_action,
				    struct spdk_nvme_status *completion_status);

/* ---- Status ---------------------------------------------------------- */

/* True if the completion carries any status other than generic SUCCESS. */
static inline bool
spdk_nvme_cpl_is_error(const struct spdk_nvme_cpl *cpl)
{
	return cpl->status.sc != SPDK_NVME_SC_SUCCESS ||
	       cpl->status.sct != SPDK_NVME_SCT_GENERIC;
}

/* A static, human-readable name for the status ("SUCCESS", "INVALID OPCODE", ...). */
const char *spdk_nvme_cpl_get_status_string(const struct spdk_nvme_status *status);
/* The status code type: "GENERIC", "COMMAND SPECIFIC", "MEDIA ERROR", "PATH", ... */
const char *spdk_nvme_cpl_get_status_type_string(const struct spdk_nvme_status *status);

/*
 * One-line forms on stderr through the driver's log (NOTICE level), e.g.
 *   READ sqid:1 cid:12 nsid:1 lba:2048 len:8
 *   INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 p:1 m:0 dnr:1
 */
void spdk_nvme_print_command(uint16_t qid, struct spdk_nvme_cmd *cmd);
void spdk_nvme_print_completion(uint16_t qid, struct spdk_nvme_cpl *cpl);
void spdk_nvme_qpair_print_command(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd);
void spdk_nvme_qpair_print_completion(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cpl *cpl);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_H */
