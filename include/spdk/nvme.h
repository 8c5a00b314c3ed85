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
#include <sys/uio.h>

#include "spdk/assert.h"
#include "spdk/env.h"
#include "spdk/nvme_spec.h"
#include "spdk/util.h"	/* as SPDK's nvme.h, which its programs rely on */
#include "spdk/nvmf_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Transport identification ---------------------------------------- */

/* SPDK_NVMF_*_MAX_LEN and enum spdk_nvmf_adrfam come from spdk/nvmf_spec.h. */
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
	SPDK_NVME_TRANSPORT_CUSTOM_FABRICS = 4097,
};
typedef enum spdk_nvme_transport_type spdk_nvme_transport_type_t;

/* Fabrics trtypes are NVMe-oF TRTYPE values (< 256), or the custom fabrics one. */
static inline bool
spdk_nvme_trtype_is_fabrics(enum spdk_nvme_transport_type trtype)
{
	return (unsigned int)trtype <= UINT8_MAX || trtype == SPDK_NVME_TRANSPORT_CUSTOM_FABRICS;
}

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

/* A key of SPDK's keyring (DH-HMAC-CHAP, TLS); ealnvme has no keyring. */
struct spdk_key;

/*
 * Laid out exactly as SPDK v26.05's (856 bytes, the same offsets and holes):
 * a program built against SPDK's header passes the same bytes.  Fabrics-only
 * members (hostnqn for the Connect command, src_addr, digests, TLS and
 * DH-HMAC-CHAP keys, ...) are kept for that and ignored by the PCIe
 * transport.
 */
struct spdk_nvme_ctrlr_opts {
	uint32_t	num_io_queues;		/* I/O queues to ask for (SET FEATURES Number of Queues) */
	bool		use_cmb_sqs;		/* not supported, ignored */
	bool		no_shn_notification;	/* skip CC.SHN on detach */
	bool		enable_interrupts;	/* not supported: must stay false (polled mode only) */
	uint8_t		reserved7;
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
	uint8_t		reserved21[3];
	uint32_t	io_queue_size;		/* default entries per I/O queue */
	char		hostnqn[SPDK_NVMF_NQN_MAX_LEN + 1];
	uint32_t	io_queue_requests;	/* default requests per I/O qpair */
	char		src_addr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char		src_svcid[SPDK_NVMF_TRSVCID_MAX_LEN + 1];
	uint8_t		host_id[8];
	uint8_t		extended_host_id[16];
	uint8_t		reserved570[2];
	enum spdk_nvme_cc_css command_set;
	uint32_t	admin_timeout_ms;	/* bound for each synchronous admin command */
	bool		header_digest;
	bool		data_digest;
	bool		disable_error_logging;
	uint8_t		transport_ack_timeout;
	uint16_t	admin_queue_size;	/* admin SQ/CQ entries */
	/*
	 * ealnvme extension, in a hole of SPDK's layout (zero there, so the
	 * default): ring every doorbell through MMIO even when the controller
	 * supports Doorbell Buffer Config (shadow doorbells, NVMe 1.4 §5.8).
	 */
	bool		disable_shadow_doorbells;
	/*
	 * ealnvme extension, in the same hole of SPDK's layout (byte 587, zero
	 * there, so the default): describe every payload with PRPs (NVMe 1.4
	 * §4.3) even when the controller supports SGLs.  Default false: an I/O
	 * payload that is contiguous in IOVA and spans more than two memory
	 * pages goes as one SGL Data Block (§4.4), and a scattered one PRPs
	 * cannot describe as an SGL, where Identify Controller SGLS allows.
	 */
	bool		disable_pcie_sgl;
	uint8_t		reserved588[4];
	size_t		opts_size;		/* set by spdk_nvme_ctrlr_get_default_ctrlr_opts() */
	uint64_t	fabrics_connect_timeout_us;
	bool		disable_read_ana_log_page;
	uint8_t		reserved610[7];
	/* Do not read the Changed Namespace List log page on a namespace
	 * attribute notice; the AER callback then reads it itself. */
	uint8_t		disable_read_changed_ns_list_log_page;
	uint8_t		reserved617[200];
	uint8_t		transport_tos;
	struct spdk_key	*tls_psk;
	struct spdk_key	*dhchap_key;
	struct spdk_key	*dhchap_ctrlr_key;
	uint32_t	dhchap_digests;		/* bits of SPDK's enum spdk_nvmf_dhchap_hash */
	uint32_t	dhchap_dhgroups;	/* bits of SPDK's enum spdk_nvmf_dhchap_dhgroup */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_ctrlr_opts) == 856, "SPDK v26.05 layout");

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

/* ---- Controller: flags, options, registers, identity ------------------- */

/* spdk_nvme_ctrlr_get_flags() bits, set from Identify Controller and CAP. */
enum spdk_nvme_ctrlr_flags {
	SPDK_NVME_CTRLR_SGL_SUPPORTED			= 1 << 0,	/* SGLS != 0 */
	SPDK_NVME_CTRLR_SECURITY_SEND_RECV_SUPPORTED	= 1 << 1,	/* OACS bit 0 */
	SPDK_NVME_CTRLR_WRR_SUPPORTED			= 1 << 2,	/* CAP.AMS weighted round robin */
	SPDK_NVME_CTRLR_COMPARE_AND_WRITE_SUPPORTED	= 1 << 3,	/* FUSES bit 0 */
	SPDK_NVME_CTRLR_SGL_REQUIRES_DWORD_ALIGNMENT	= 1 << 4,	/* SGLS = 2 */
	SPDK_NVME_CTRLR_ZONE_APPEND_SUPPORTED		= 1 << 5,	/* ZNS: Zone Append in the commands supported log */
	SPDK_NVME_CTRLR_DIRECTIVES_SUPPORTED		= 1 << 6,	/* OACS bit 5 */
	SPDK_NVME_CTRLR_MPTR_SGL_SUPPORTED		= 1 << 7,	/* SGLS bit 19 */
	SPDK_NVME_CTRLR_ACCEL_SEQUENCE_SUPPORTED	= 1 << 8,	/* never here: no accel framework */
};
uint64_t spdk_nvme_ctrlr_get_flags(struct spdk_nvme_ctrlr *ctrlr);

/* The options the controller was attached with (the probe callback's changes included). */
const struct spdk_nvme_ctrlr_opts *spdk_nvme_ctrlr_get_opts(struct spdk_nvme_ctrlr *ctrlr);
/* NUMA node of the controller's PCI device, or SPDK_ENV_SOCKET_ID_ANY (-1) if unknown. */
int32_t spdk_nvme_ctrlr_get_numa_id(struct spdk_nvme_ctrlr *ctrlr);
/* Controller ID (Identify Controller CNTLID). */
uint16_t spdk_nvme_ctrlr_get_id(struct spdk_nvme_ctrlr *ctrlr);
/* True if the subsystem NQN is the discovery NQN (never for PCIe). */
bool spdk_nvme_ctrlr_is_discovery(struct spdk_nvme_ctrlr *ctrlr);
/* True for RDMA, FC and TCP controllers (never here: PCIe only). */
bool spdk_nvme_ctrlr_is_fabrics(struct spdk_nvme_ctrlr *ctrlr);
/*
 * The controller's mapped registers (PCIe BAR0), NULL for other transports.
 * Use spdk_mmio_read_4/8 on them; writing registers behind the driver's back
 * (CC, doorbells) breaks it.
 */
volatile struct spdk_nvme_registers *spdk_nvme_ctrlr_get_registers(struct spdk_nvme_ctrlr *ctrlr);
/* Current register values; all zeroes when the register cannot be read. */
union spdk_nvme_cc_register spdk_nvme_ctrlr_get_regs_cc(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_cmbsz_register spdk_nvme_ctrlr_get_regs_cmbsz(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_pmrcap_register spdk_nvme_ctrlr_get_regs_pmrcap(struct spdk_nvme_ctrlr *ctrlr);
union spdk_nvme_bpinfo_register spdk_nvme_ctrlr_get_regs_bpinfo(struct spdk_nvme_ctrlr *ctrlr);
/* Size in bytes of the persistent memory region as mapped by the driver: 0 (none mapped). */
uint64_t spdk_nvme_ctrlr_get_pmrsz(struct spdk_nvme_ctrlr *ctrlr);
/* The NVM command set's Identify Controller data (CNS 06h), NULL if the controller has none. */
const struct spdk_nvme_nvm_ctrlr_data *spdk_nvme_nvm_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr);
/* SGL descriptors one command may carry when SGLs are supported, else UINT16_MAX. */
uint16_t spdk_nvme_ctrlr_get_max_sges(const struct spdk_nvme_ctrlr *ctrlr);

/* SPDK's memory domains (spdk/dma.h); ealnvme has none. */
struct spdk_memory_domain;
/* Memory domains the controller can use: 0 here (plain host memory only); -EINVAL for NULL. */
int spdk_nvme_ctrlr_get_memory_domains(const struct spdk_nvme_ctrlr *ctrlr,
				       struct spdk_memory_domain **domains, int array_size);

/*
 * Replace the transport ID of a failed controller (spdk_nvme_ctrlr_fail()),
 * e.g. before spdk_nvme_ctrlr_reset() on another path.  trtype and subnqn
 * must stay the same.  0; -EPERM when the controller is not failed;
 * -EINVAL for another trtype or subnqn.
 */
int spdk_nvme_ctrlr_set_trid(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_transport_id *trid);

/*
 * Reserve an I/O queue ID for queues built with raw admin commands (CREATE
 * I/O CQ/SQ through spdk_nvme_ctrlr_cmd_admin_raw); -1 when none is free.
 * spdk_nvme_ctrlr_alloc_io_qpair() does not use it until freed.
 */
int32_t spdk_nvme_ctrlr_alloc_qid(struct spdk_nvme_ctrlr *ctrlr);
void spdk_nvme_ctrlr_free_qid(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid);

/* True if CAP.NSSRS is set on a PCIe controller. */
bool spdk_nvme_ctrlr_is_nssr_supported(struct spdk_nvme_ctrlr *ctrlr);
/*
 * NVM Subsystem Reset: writes "NVMe" to the NSSR register.  The controller
 * then resets (on real hardware the link goes down and the device is seen
 * as removed and inserted again); call spdk_nvme_ctrlr_reset() afterwards
 * or detach.  0; -ENOTSUP when CAP.NSSRS is clear; another negative errno
 * when the register write failed.
 */
int spdk_nvme_ctrlr_reset_subsystem(struct spdk_nvme_ctrlr *ctrlr);

/*
 * Called for a Namespace Attribute Changed notice instead of the AER
 * callback, after the namespaces were refreshed: changed_ns_list holds count
 * NSIDs from the Changed Namespace List log page, or is NULL (count 0) when
 * that page was not read (disabled, failed or overflowed): treat every
 * namespace as changed.  The list is valid during the call only.
 */
typedef void (*spdk_nvme_ns_attr_changed_cb)(void *cb_arg, const uint32_t *changed_ns_list,
		uint32_t count);
/* cb_fn NULL unregisters. */
void spdk_nvme_ctrlr_register_ns_attr_changed_callback(struct spdk_nvme_ctrlr *ctrlr,
		spdk_nvme_ns_attr_changed_cb cb_fn, void *cb_arg);
/* The driver stops reading the Changed Namespace List log page on a notice
 * (the application reads it; until then the controller masks the notice). */
void spdk_nvme_ctrlr_disable_read_changed_ns_list_log_page(struct spdk_nvme_ctrlr *ctrlr);

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

/*
 * Completion of spdk_nvme_ctrlr_get_discovery_log_page().  rc is 0 when the
 * controller answered: cpl is then the last completion, and log_page the
 * whole Discovery log (header and numrec entries) in malloc() memory the
 * application owns and frees with free(), or NULL when cpl is an error.  rc < 0
 * (cpl and log_page NULL) when the driver could not read the log.
 */
typedef void (*spdk_nvme_discovery_cb)(void *cb_arg, int rc,
				       const struct spdk_nvme_cpl *cpl,
				       struct spdk_nvmf_discovery_log_page *log_page);

/*
 * Read the whole Discovery log page (LID 70h): the header, then every entry
 * in as many GET LOG PAGE commands as the max transfer size needs, again
 * from the start if the generation counter moved meanwhile.  Asynchronous:
 * cb_fn is called from spdk_nvme_ctrlr_process_admin_completions().
 * Returns 0, or a negative errno (then cb_fn is never called).
 */
int spdk_nvme_ctrlr_get_discovery_log_page(struct spdk_nvme_ctrlr *ctrlr,
		spdk_nvme_discovery_cb cb_fn, void *cb_arg);

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
struct spdk_uuid;	/* spdk/uuid.h */
const struct spdk_uuid *spdk_nvme_ns_get_uuid(const struct spdk_nvme_ns *ns);

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

/*
 * More namespace data, as SPDK: the LBA format index FLBAS selects (bits 3:0,
 * and bits 6:5 above them when NLBAF > 16); the protection information
 * format of that format from the NVM command set specific data (16-bit
 * guard when the controller has no extended LBA formats, CTRATT bit 15);
 * ONCS bits; the read value of deallocated blocks (DLFEAT); the NGUID (NULL
 * when all zero); ANAGRPID and the ANA state (optimized: ealnvme does not
 * read the ANA log, PCIe controllers have one path).  spdk_nvme_nvm_ns_get_data
 * is NULL unless the NVM command set specific Identify Namespace was read
 * (controllers with extended LBA formats).
 */
uint32_t spdk_nvme_ns_get_format_index(const struct spdk_nvme_ns_data *nsdata);
enum spdk_nvme_pi_format spdk_nvme_ns_get_pi_format(struct spdk_nvme_ns *ns);
bool spdk_nvme_ns_supports_write_uncorrectable(struct spdk_nvme_ns *ns);
bool spdk_nvme_ns_supports_compare(struct spdk_nvme_ns *ns);
enum spdk_nvme_dealloc_logical_block_read_value spdk_nvme_ns_get_dealloc_logical_block_read_value(
	struct spdk_nvme_ns *ns);
const uint8_t *spdk_nvme_ns_get_nguid(const struct spdk_nvme_ns *ns);
uint32_t spdk_nvme_ns_get_ana_group_id(const struct spdk_nvme_ns *ns);
enum spdk_nvme_ana_state spdk_nvme_ns_get_ana_state(const struct spdk_nvme_ns *ns);
const struct spdk_nvme_nvm_ns_data *spdk_nvme_nvm_ns_get_data(struct spdk_nvme_ns *ns);

/* ---- I/O queue pairs ------------------------------------------------- */

/* enum spdk_nvme_qprio is in nvme_spec.h, as in SPDK. */

/* SPDK v26.05's layout, 80 bytes (checked by SPDK_STATIC_ASSERT below). */
struct spdk_nvme_io_qpair_opts {
	enum spdk_nvme_qprio	qprio;
	uint32_t		io_queue_size;		/* SQ/CQ entries (2..CAP.MQES+1) */
	uint32_t		io_queue_requests;	/* requests in the pool (>= io_queue_size) */
	/* Ring the SQ doorbell once, at the end of the next poll (SPDK's old name too). */
	union {
		bool		delay_cmd_submit;
		bool		delay_pcie_doorbell;
	};
	uint8_t			reserved13[3];
	/*
	 * Caller-provided SQ/CQ memory.  ealnvme: not supported; a non-NULL
	 * vaddr makes alloc_io_qpair fail with a log line.
	 */
	struct {
		struct spdk_nvme_cmd	*vaddr;
		uint64_t		paddr;
		uint64_t		buffer_size;
	} sq;
	struct {
		struct spdk_nvme_cpl	*vaddr;
		uint64_t		paddr;
		uint64_t		buffer_size;
	} cq;
	/* Allocate only; spdk_nvme_ctrlr_connect_io_qpair() creates the queues. */
	bool			create_only;
	/*
	 * Connect asynchronously.  ealnvme: accepted; the PCIe connect
	 * (CREATE I/O CQ/SQ) completes within the connect call either way.
	 */
	bool			async_mode;
	/* PCIe: one SGL data block per element even where they are IOVA-adjacent. */
	bool			disable_pcie_sgl_merge;
	uint8_t			reserved67[5];
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

SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_io_qpair_opts) == 80, "spdk_nvme_io_qpair_opts layout");

/* ---- Asynchronous probe, attach and detach ----------------------------- */

/*
 * A device probe_cb accepted that did not come up (rc: negative errno).
 * The device has been handed back to the bus when it is called.
 */
typedef void (*spdk_nvme_attach_fail_cb)(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
		int rc);

/* spdk_nvme_probe() that also reports each controller that failed to attach. */
int spdk_nvme_probe_ext(const struct spdk_nvme_transport_id *trid, void *cb_ctx,
			spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
			spdk_nvme_attach_fail_cb attach_fail_cb, spdk_nvme_remove_cb remove_cb);

struct spdk_nvme_probe_ctx;

/*
 * Start a probe: report removed controllers (remove_cb), scan the bus and call
 * probe_cb for each new device, all before returning.  The controllers are
 * then initialised by spdk_nvme_probe_poll_async(), one init step of each per
 * call, and attach_cb (or attach_fail_cb) runs from the poll that finishes a
 * controller.  NULL (with a log line) when the transport is not built or the
 * scan found nothing to initialise and failed.
 */
struct spdk_nvme_probe_ctx *spdk_nvme_probe_async(const struct spdk_nvme_transport_id *trid,
		void *cb_ctx, spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		spdk_nvme_remove_cb remove_cb);
struct spdk_nvme_probe_ctx *spdk_nvme_probe_async_ext(const struct spdk_nvme_transport_id *trid,
		void *cb_ctx, spdk_nvme_probe_cb probe_cb, spdk_nvme_attach_cb attach_cb,
		spdk_nvme_attach_fail_cb attach_fail_cb, spdk_nvme_remove_cb remove_cb);
/*
 * The asynchronous spdk_nvme_connect(): one controller at trid (PCIe: traddr
 * required) with opts (NULL: defaults); attach_cb's cb_ctx is NULL.
 */
struct spdk_nvme_probe_ctx *spdk_nvme_connect_async(const struct spdk_nvme_transport_id *trid,
		const struct spdk_nvme_ctrlr_opts *opts, spdk_nvme_attach_cb attach_cb);
/*
 * Advance a probe.  -EAGAIN while a controller is still initialising; 0 when
 * every controller has been attached or reported failed: probe_ctx is then
 * freed and must not be used again.  -EINVAL for NULL.
 */
int spdk_nvme_probe_poll_async(struct spdk_nvme_probe_ctx *probe_ctx);

/*
 * Check the attached controllers of trid's transport (and address, if given)
 * for removal, without scanning for new devices: each removed one is failed
 * and its remove_cb runs once.  0, or -ENOTSUP for a transport not built.
 */
int spdk_nvme_scan_attached(const struct spdk_nvme_transport_id *trid);

/* Several controllers being detached together. */
struct spdk_nvme_detach_ctx;

/*
 * Start detaching ctrlr: its I/O qpairs are deleted and the shutdown
 * notification (CC.SHN) is written; spdk_nvme_detach_poll_async() waits for
 * CSTS.SHST and releases the device.  *detach_ctx NULL: a context is
 * allocated and returned there; otherwise ctrlr joins that context.
 * 0; -EINVAL for NULL arguments or a controller that is not attached;
 * -EBUSY from a completion callback of ctrlr; -ENOMEM.
 */
int spdk_nvme_detach_async(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_detach_ctx **detach_ctx);
/* -EAGAIN while a controller is still shutting down; 0 when all are detached (ctx freed). */
int spdk_nvme_detach_poll_async(struct spdk_nvme_detach_ctx *detach_ctx);
/* Poll detach_ctx until every detach is done (ctx freed). */
void spdk_nvme_detach_poll(struct spdk_nvme_detach_ctx *detach_ctx);

/*
 * Reset in steps.  disconnect: CC.EN=0, outstanding commands complete with
 * ABORTED - SQ DELETION; 0, -EBUSY while a reset runs, -ENXIO for a removed
 * controller.  reconnect_async then reconnect_poll_async (until it returns
 * something other than -EAGAIN): init again, the I/O qpairs re-created;
 * 0, or a negative errno and the controller is failed.  spdk_nvme_ctrlr_reset()
 * is these three.
 */
int spdk_nvme_ctrlr_disconnect(struct spdk_nvme_ctrlr *ctrlr);
void spdk_nvme_ctrlr_reconnect_async(struct spdk_nvme_ctrlr *ctrlr);
int spdk_nvme_ctrlr_reconnect_poll_async(struct spdk_nvme_ctrlr *ctrlr);

/* ---- Qpair life cycle --------------------------------------------------- */

/* Why a qpair is not connected. */
enum spdk_nvme_qp_failure_reason {
	SPDK_NVME_QPAIR_FAILURE_NONE = 0,	/* connected */
	SPDK_NVME_QPAIR_FAILURE_LOCAL,		/* disconnected by this host (or a reset) */
	SPDK_NVME_QPAIR_FAILURE_REMOTE,		/* the device went away */
	SPDK_NVME_QPAIR_FAILURE_UNKNOWN,
	SPDK_NVME_QPAIR_FAILURE_RESET,
};
typedef enum spdk_nvme_qp_failure_reason spdk_nvme_qp_failure_reason;

/*
 * Create the SQ/CQ of a qpair allocated with create_only.  0; -EISCONN when
 * it is connected; -ENXIO on a failed controller; -EINVAL for an admin qpair
 * or another controller's qpair; the CREATE command's error otherwise.
 */
int spdk_nvme_ctrlr_connect_io_qpair(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair);
/*
 * Delete the SQ/CQ (when the controller is alive) and complete outstanding
 * and queued requests with ABORTED - SQ DELETION (DNR as set by
 * spdk_nvme_qpair_set_abort_dnr()).  Then I/O and polls return -ENXIO until
 * the qpair is connected again.  Same thread as the qpair's I/O.
 */
void spdk_nvme_ctrlr_disconnect_io_qpair(struct spdk_nvme_qpair *qpair);
/*
 * Disconnect (if needed) and connect again.  0 (also when connected);
 * -ENODEV when the controller was removed; -EAGAIN while it resets or when
 * the connect failed; -ENXIO when it failed and is not resetting (reset it).
 */
int spdk_nvme_ctrlr_reconnect_io_qpair(struct spdk_nvme_qpair *qpair);
uint16_t spdk_nvme_qpair_get_id(struct spdk_nvme_qpair *qpair);
bool spdk_nvme_qpair_is_admin_queue(struct spdk_nvme_qpair *qpair);
bool spdk_nvme_qpair_is_connected(struct spdk_nvme_qpair *qpair);
spdk_nvme_qp_failure_reason spdk_nvme_qpair_get_failure_reason(struct spdk_nvme_qpair *qpair);
spdk_nvme_qp_failure_reason spdk_nvme_ctrlr_get_admin_qp_failure_reason(
	struct spdk_nvme_ctrlr *ctrlr);
/* DNR of commands completed as aborted by a disconnect; default false, as SPDK. */
void spdk_nvme_qpair_set_abort_dnr(struct spdk_nvme_qpair *qpair, bool dnr);
/*
 * Requests taken from the qpair's pool and not yet returned (split I/O
 * counts its parent and children).  ealnvme: a request returns to the pool
 * just before its callback runs, so inside a callback it no longer counts.
 * Walks the pool: not for the I/O path.
 */
uint32_t spdk_nvme_qpair_get_num_outstanding_reqs(struct spdk_nvme_qpair *qpair);
/* Commands submitted to the device and not yet completed (walks the trackers). */
uint16_t spdk_nvme_qpair_get_queue_depth(struct spdk_nvme_qpair *qpair);

struct spdk_event_handler_opts;
/* ealnvme polls and never enables interrupts: -ENOTSUP (with a log line). */
int spdk_nvme_qpair_get_fd(struct spdk_nvme_qpair *qpair, struct spdk_event_handler_opts *opts);
int spdk_nvme_ctrlr_get_admin_qp_fd(struct spdk_nvme_ctrlr *ctrlr,
				    struct spdk_event_handler_opts *opts);

/* ---- Poll groups -------------------------------------------------------- */

struct spdk_memory_domain;
struct iovec;
typedef void (*spdk_nvme_accel_completion_cb)(void *cb_arg, int status);
typedef void (*spdk_nvme_accel_step_cb)(void *cb_arg);
/*
 * Accelerator functions of a poll group.  ealnvme keeps the table (SPDK's
 * consistency checks apply) but sends no accel sequences.
 */
struct spdk_nvme_accel_fn_table {
	size_t	table_size;
	uint8_t	reserved8[8];
	void (*finish_sequence)(void *seq, spdk_nvme_accel_completion_cb cb_fn, void *cb_arg);
	void (*reverse_sequence)(void *seq);
	void (*abort_sequence)(void *seq);
	int (*append_crc32c)(void *ctx, void **seq, uint32_t *dst, struct iovec *iovs,
			     uint32_t iovcnt, struct spdk_memory_domain *memory_domain,
			     void *domain_ctx, uint32_t seed, spdk_nvme_accel_step_cb cb_fn,
			     void *cb_arg);
	int (*append_copy)(void *ctx, void **seq, struct iovec *dst_iovs, uint32_t dst_iovcnt,
			   struct spdk_memory_domain *dst_domain, void *dst_domain_ctx,
			   struct iovec *src_iovs, uint32_t src_iovcnt,
			   struct spdk_memory_domain *src_domain, void *src_domain_ctx,
			   spdk_nvme_accel_step_cb cb_fn, void *cb_arg);
};

struct spdk_nvme_rdma_device_stat {
	const char	*name;
	uint64_t	polls;
	uint64_t	idle_polls;
	uint64_t	completions;
	uint64_t	queued_requests;
	uint64_t	total_send_wrs;
	uint64_t	send_doorbell_updates;
	uint64_t	total_recv_wrs;
	uint64_t	recv_doorbell_updates;
};

/* ealnvme fills polls, idle_polls and completions; the rest stay 0. */
struct spdk_nvme_pcie_stat {
	uint64_t	polls;
	uint64_t	idle_polls;
	uint64_t	completions;
	uint64_t	cq_mmio_doorbell_updates;
	uint64_t	cq_shadow_doorbell_updates;
	uint64_t	submitted_requests;
	uint64_t	queued_requests;
	uint64_t	sq_mmio_doorbell_updates;
	uint64_t	sq_shadow_doorbell_updates;
};

struct spdk_nvme_tcp_stat {
	uint64_t	polls;
	uint64_t	idle_polls;
	uint64_t	socket_completions;
	uint64_t	nvme_completions;
	uint64_t	submitted_requests;
	uint64_t	queued_requests;
};

struct spdk_nvme_transport_poll_group_stat {
	spdk_nvme_transport_type_t trtype;
	union {
		struct {
			uint32_t				num_devices;
			struct spdk_nvme_rdma_device_stat	*device_stats;
		} rdma;
		struct spdk_nvme_pcie_stat	pcie;
		struct spdk_nvme_tcp_stat	tcp;
	};
};

struct spdk_nvme_poll_group_stat {
	uint32_t					num_transports;
	struct spdk_nvme_transport_poll_group_stat	**transport_stat;
};

struct spdk_nvme_poll_group;
/* Called for each qpair of the group that is disconnected or failed. */
typedef void (*spdk_nvme_disconnected_qpair_cb)(struct spdk_nvme_qpair *qpair,
		void *poll_group_ctx);

/* A group of qpairs polled together on one thread; table may be NULL. */
struct spdk_nvme_poll_group *spdk_nvme_poll_group_create(void *ctx,
		struct spdk_nvme_accel_fn_table *table);
/* Only a disconnected qpair (create_only, or disconnected) may join: else -EINVAL. */
int spdk_nvme_poll_group_add(struct spdk_nvme_poll_group *group, struct spdk_nvme_qpair *qpair);
/* A disconnected qpair leaves: 0; -EINVAL when connected; -ENOENT when not in group. */
int spdk_nvme_poll_group_remove(struct spdk_nvme_poll_group *group, struct spdk_nvme_qpair *qpair);
/*
 * First disconnected_qpair_cb for each disconnected qpair, then poll each
 * connected one (up to completions_per_qpair, 0: all); a qpair whose poll
 * fails gets the callback too and the result is -ENXIO.  Otherwise the
 * number of completions.  -EINVAL when disconnected_qpair_cb is NULL.  The
 * callback may free the qpair it is given.
 */
int64_t spdk_nvme_poll_group_process_completions(struct spdk_nvme_poll_group *group,
		uint32_t completions_per_qpair, spdk_nvme_disconnected_qpair_cb disconnected_qpair_cb);
/* 0 when every qpair is connected, -EIO when one is not (connects are synchronous here). */
int spdk_nvme_poll_group_all_connected(struct spdk_nvme_poll_group *group);
void *spdk_nvme_poll_group_get_ctx(struct spdk_nvme_poll_group *group);
/* Statistics, freed with spdk_nvme_poll_group_free_stats().  -ENOTSUP for an empty group. */
int spdk_nvme_poll_group_get_stats(struct spdk_nvme_poll_group *group,
				   struct spdk_nvme_poll_group_stat **stats);
void spdk_nvme_poll_group_free_stats(struct spdk_nvme_poll_group *group,
				     struct spdk_nvme_poll_group_stat *stat);
/* 0, or -EBUSY while qpairs are in the group. */
int spdk_nvme_poll_group_destroy(struct spdk_nvme_poll_group *group);

/* Interrupt mode.  ealnvme polls only: -ENOTSUP / NULL, with a log line. */
struct spdk_fd_group;
typedef void (*spdk_nvme_poll_group_interrupt_cb)(struct spdk_nvme_poll_group *group, void *ctx);
int spdk_nvme_poll_group_wait(struct spdk_nvme_poll_group *group,
			      spdk_nvme_disconnected_qpair_cb disconnected_qpair_cb);
struct spdk_fd_group *spdk_nvme_poll_group_get_fd_group(struct spdk_nvme_poll_group *group);
int spdk_nvme_poll_group_set_interrupt_callback(struct spdk_nvme_poll_group *group,
		spdk_nvme_poll_group_interrupt_cb cb_fn, void *cb_ctx);

/* ---- Transports --------------------------------------------------------- */

/* True when the transport is built in (PCIe); false for CUSTOM. */
bool spdk_nvme_transport_available(enum spdk_nvme_transport_type trtype);
/* By name, case-insensitive ("PCIe"). */
bool spdk_nvme_transport_available_by_name(const char *transport_name);

/* Transport options; all of them are for RDMA and TCP, which are not built. */
struct spdk_nvme_transport_opts {
	uint32_t	rdma_srq_size;
	uint8_t		reserved4[4];
	size_t		opts_size;
	uint32_t	rdma_max_cq_size;
	uint16_t	rdma_cm_event_timeout_ms;
	bool		rdma_umr_per_io;
	uint8_t		reserved23;
	uint32_t	tcp_connect_timeout_ms;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_transport_opts) == 32, "spdk_nvme_transport_opts layout");

/* The fields that fit in opts_size bytes; opts->opts_size = opts_size. */
void spdk_nvme_transport_get_opts(struct spdk_nvme_transport_opts *opts, size_t opts_size);
/* Store the fields opts->opts_size covers; -EINVAL for NULL, 0 sizes, tcp timeout > INT_MAX. */
int spdk_nvme_transport_set_opts(const struct spdk_nvme_transport_opts *opts, size_t opts_size);


/* ---- Commands -------------------------------------------------------- */

/* io_flags for spdk_nvme_ns_cmd_*(): the upper bits of CDW12 and fuse bits. */
#define SPDK_NVME_IO_FLAGS_FUSE_FIRST		(SPDK_NVME_CMD_FUSE_FIRST << 0)
#define SPDK_NVME_IO_FLAGS_FUSE_SECOND		(SPDK_NVME_CMD_FUSE_SECOND << 0)
#define SPDK_NVME_IO_FLAGS_FUSE_MASK		(SPDK_NVME_CMD_FUSE_MASK << 0)
/* Zone append only: have the controller remap the PI reference tag (ZNS 1.0 §4.5). */
#define SPDK_NVME_IO_FLAGS_ZONE_APPEND_PIREMAP	(1U << 25)
#define SPDK_NVME_IO_FLAGS_PRCHK_REFTAG		(1U << 26)
#define SPDK_NVME_IO_FLAGS_PRCHK_APPTAG		(1U << 27)
#define SPDK_NVME_IO_FLAGS_PRCHK_GUARD		(1U << 28)
#define SPDK_NVME_IO_FLAGS_PRACT		(1U << 29)
#define SPDK_NVME_IO_FLAGS_FORCE_UNIT_ACCESS	(1U << 30)
#define SPDK_NVME_IO_FLAGS_LIMITED_RETRY	(1U << 31)
/* As SPDK: the fuse bits, and CDW12 31:16 as given (LR, FUA, PRINFO, PIREMAP, STC,
 * DTYPE 23:20 from SPDK_NVME_IO_FLAGS_DIRECTIVE()); bits 15:2 are refused. */
#define SPDK_NVME_IO_FLAGS_VALID_MASK		0xFFFF0003U
#define SPDK_NVME_IO_FLAGS_CDW12_MASK		0xFFFF0000U

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
 * The same with a separate metadata buffer (md_buf, DMA memory, put in MPTR;
 * NULL: none), and with a scattered payload of len bytes walked by the
 * callbacks (cb_arg is their argument).  Like io_raw, the command is not
 * checked: the controller judges it.
 */
int spdk_nvme_ctrlr_cmd_io_raw_with_md(struct spdk_nvme_ctrlr *ctrlr,
				       struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd,
				       void *buf, uint32_t len, void *md_buf,
				       spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_cmd_iov_raw_with_md(struct spdk_nvme_ctrlr *ctrlr,
					struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd,
					uint32_t len, void *md_buf, spdk_nvme_cmd_cb cb_fn,
					void *cb_arg, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
					spdk_nvme_req_next_sge_cb next_sge_fn);

/*
 * Optional parameters of the _ext/_iov calls.  size is the caller's
 * sizeof (or SPDK_SIZEOF(opts, last member set)): members past it are taken
 * as zero, so programs built against an older, shorter structure work.
 * metadata (separate metadata buffer, DMA memory), io_flags, apptag_mask,
 * apptag and cdw13 (e.g. dataset management hints) are honoured.
 * memory_domain and accel_sequence must be NULL: ealnvme has neither memory
 * domains nor an accel framework (-ENOTSUP and a log line otherwise).
 */
struct spdk_memory_domain;
struct spdk_nvme_ns_cmd_ext_io_opts {
	size_t size;
	struct spdk_memory_domain *memory_domain;
	void *memory_domain_ctx;
	uint32_t io_flags;
	uint8_t reserved28[4];
	void *metadata;
	uint16_t apptag_mask;
	uint16_t apptag;
	uint32_t cdw13;
	void *accel_sequence;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_ns_cmd_ext_io_opts) == 56, "ext io opts: 56 bytes");

/*
 * Read/write with options: the arguments and errors of read/write_with_md
 * (opts NULL: no metadata, io_flags 0).  These take the general submission
 * path.  readv/writev_ext scatter through the callbacks (cb_arg is their
 * argument); read_iov/write_iov through an iovec array (iov_count elements,
 * DMA memory, read only during the call and by the transport when it builds
 * the command, so it must live until the command completes).
 */
int spdk_nvme_ns_cmd_read_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair, void *payload,
			      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			      struct spdk_nvme_ns_cmd_ext_io_opts *opts);
int spdk_nvme_ns_cmd_write_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       void *payload, uint64_t lba, uint32_t lba_count,
			       spdk_nvme_cmd_cb cb_fn, void *cb_arg,
			       struct spdk_nvme_ns_cmd_ext_io_opts *opts);
int spdk_nvme_ns_cmd_readv_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			       void *cb_arg, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			       spdk_nvme_req_next_sge_cb next_sge_fn,
			       struct spdk_nvme_ns_cmd_ext_io_opts *opts);
int spdk_nvme_ns_cmd_writev_ext(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				void *cb_arg, spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				spdk_nvme_req_next_sge_cb next_sge_fn,
				struct spdk_nvme_ns_cmd_ext_io_opts *opts);
int spdk_nvme_ns_cmd_read_iov(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			      void *cb_arg, struct iovec *iov, uint32_t iov_count,
			      struct spdk_nvme_ns_cmd_ext_io_opts *opts);
int spdk_nvme_ns_cmd_write_iov(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			       uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			       void *cb_arg, struct iovec *iov, uint32_t iov_count,
			       struct spdk_nvme_ns_cmd_ext_io_opts *opts);

/* Scattered payloads with separate metadata (or interleaved: metadata NULL). */
int spdk_nvme_ns_cmd_readv_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				   uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				   void *cb_arg, uint32_t io_flags,
				   spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				   spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				   uint16_t apptag_mask, uint16_t apptag);
int spdk_nvme_ns_cmd_writev_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				    uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				    void *cb_arg, uint32_t io_flags,
				    spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				    spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				    uint16_t apptag_mask, uint16_t apptag);

/* COMPARE variants: -ENOTSUP when ONCS has no Compare. */
int spdk_nvme_ns_cmd_comparev(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			      void *cb_arg, uint32_t io_flags,
			      spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
			      spdk_nvme_req_next_sge_cb next_sge_fn);
int spdk_nvme_ns_cmd_comparev_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				      uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
				      void *cb_arg, uint32_t io_flags,
				      spdk_nvme_req_reset_sgl_cb reset_sgl_fn,
				      spdk_nvme_req_next_sge_cb next_sge_fn, void *metadata,
				      uint16_t apptag_mask, uint16_t apptag);
int spdk_nvme_ns_cmd_compare_with_md(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				     void *payload, void *metadata, uint64_t lba,
				     uint32_t lba_count, spdk_nvme_cmd_cb cb_fn, void *cb_arg,
				     uint32_t io_flags, uint16_t apptag_mask, uint16_t apptag);

/*
 * VERIFY (NVM 1.0 §3.3.7): 1..65536 blocks, no data moves.  -ENOTSUP when
 * ONCS has no Verify.
 */
int spdk_nvme_ns_cmd_verify(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			    uint64_t lba, uint32_t lba_count, spdk_nvme_cmd_cb cb_fn,
			    void *cb_arg, uint32_t io_flags);

/*
 * COPY (Simple Copy, NVM 1.0 §3.3.1) of num_ranges (1..256) source ranges,
 * format 0, to dest_lba.  The ranges may be ordinary memory: they are copied
 * into DMA memory for the command, as SPDK does.  -ENOTSUP when ONCS has no
 * Copy; the controller's own limits (MSSRL, MCL, MSRC) are its to enforce.
 */
int spdk_nvme_ns_cmd_copy(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
			  const struct spdk_nvme_scc_source_range *ranges, uint16_t num_ranges,
			  uint64_t dest_lba, spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Reservations (NVMe 1.4 §8.8).  The data structures may be ordinary memory
 * (copied to and from DMA memory, as SPDK does).  report: len a multiple of
 * 4; the extended format (EDS) when the controller has 128-bit host IDs.
 * -ENOTSUP when ONCS has no reservations.
 */
int spdk_nvme_ns_cmd_reservation_register(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair,
		struct spdk_nvme_reservation_register_data *payload, bool ignore_key,
		enum spdk_nvme_reservation_register_action action,
		enum spdk_nvme_reservation_register_cptpl cptpl,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ns_cmd_reservation_release(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair,
		struct spdk_nvme_reservation_key_data *payload, bool ignore_key,
		enum spdk_nvme_reservation_release_action action,
		enum spdk_nvme_reservation_type type,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ns_cmd_reservation_acquire(struct spdk_nvme_ns *ns,
		struct spdk_nvme_qpair *qpair,
		struct spdk_nvme_reservation_acquire_data *payload, bool ignore_key,
		enum spdk_nvme_reservation_acquire_action action,
		enum spdk_nvme_reservation_type type,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ns_cmd_reservation_report(struct spdk_nvme_ns *ns,
					struct spdk_nvme_qpair *qpair,
					void *payload, uint32_t len,
					spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * I/O MANAGEMENT RECEIVE/SEND (NVMe 2.0, e.g. FDP reclaim unit handles):
 * mo in CDW10 bits 7:0, mos in bits 31:16.  The payload may be ordinary
 * memory (copied, as SPDK does); receive needs len a multiple of 4.
 */
int spdk_nvme_ns_cmd_io_mgmt_recv(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  void *payload, uint32_t len, uint8_t mo, uint16_t mos,
				  spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ns_cmd_io_mgmt_send(struct spdk_nvme_ns *ns, struct spdk_nvme_qpair *qpair,
				  void *payload, uint32_t len, uint8_t mo, uint16_t mos,
				  spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/*
 * Software error injection on a qpair, as SPDK's: the next err_count
 * commands with opcode opc submitted to qpair (NULL: the admin queue)
 * complete with sct/sc.  do_not_submit: they never reach the controller and
 * complete from the next poll once timeout_in_us passed; otherwise the
 * controller runs them and their status is replaced.  Adding an opcode again
 * updates it; -ENOMEM when no entry can be allocated.  Not for the hot path:
 * while any injection is armed the qpair takes the general submission path.
 */
int spdk_nvme_qpair_add_cmd_error_injection(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_qpair *qpair, uint8_t opc, bool do_not_submit,
		uint64_t timeout_in_us, uint32_t err_count, uint8_t sct, uint8_t sc);
void spdk_nvme_qpair_remove_cmd_error_injection(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_qpair *qpair, uint8_t opc);

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
/* GET LOG PAGE of payload_size bytes (a multiple of 4) from byte offset (a
 * non-zero offset needs Identify LPA "extended data", else -EINVAL). */
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

/* ---- Admin commands: extended forms, security, directives -------------- */

/*
 * GET LOG PAGE with the caller's CDW10 (LSP, RAE), CDW11 (LSI) and CDW14
 * (UUID index, CSI): the driver puts NUMDL/LID and NUMDU into them, offset
 * into CDW12/13.  -EINVAL for size 0 or not a multiple of 4, an offset not
 * a multiple of 4, or a non-zero offset when LPA lacks extended data.
 */
int spdk_nvme_ctrlr_cmd_get_log_page_ext(struct spdk_nvme_ctrlr *ctrlr, uint8_t log_page,
		uint32_t nsid, void *payload, uint32_t payload_size,
		uint64_t offset, uint32_t cdw10, uint32_t cdw11,
		uint32_t cdw14, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/*
 * ABORT every command outstanding on qpair (NULL: the admin queue) whose
 * callback argument is cmd_cb_arg: one ABORT per command.  Commands still
 * waiting in the driver for a slot are completed at once with ABORTED - BY
 * REQUEST.  cb_fn runs once when all ABORTs completed; its cpl->cdw0 bit 0
 * is set if any command was not aborted.  0; -EINVAL for a NULL cmd_cb_arg;
 * -ENOENT when nothing matched; -ENOMEM.
 */
int spdk_nvme_ctrlr_cmd_abort_ext(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair,
				  void *cmd_cb_arg, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/* GET/SET FEATURES for one namespace (ns_id in CDW1). */
int spdk_nvme_ctrlr_cmd_get_feature_ns(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				       uint32_t cdw11, void *payload, uint32_t payload_size,
				       spdk_nvme_cmd_cb cb_fn, void *cb_arg, uint32_t ns_id);
int spdk_nvme_ctrlr_cmd_set_feature_ns(struct spdk_nvme_ctrlr *ctrlr, uint8_t feature,
				       uint32_t cdw11, uint32_t cdw12, void *payload,
				       uint32_t payload_size, spdk_nvme_cmd_cb cb_fn,
				       void *cb_arg, uint32_t ns_id);
/*
 * SECURITY RECEIVE / SEND (§5.25, §5.26): CDW10 = SECP << 24 | SPSP << 8 |
 * NSSF, CDW11 = payload_size.  The synchronous forms wait for the
 * completion: 0, -ENXIO when the command failed, -ENOMEM, -EINVAL.
 */
int spdk_nvme_ctrlr_cmd_security_receive(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
		uint16_t spsp, uint8_t nssf, void *payload,
		uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_cmd_security_send(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				      uint16_t spsp, uint8_t nssf, void *payload,
				      uint32_t payload_size, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_security_receive(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				     uint16_t spsp, uint8_t nssf, void *payload, size_t size);
int spdk_nvme_ctrlr_security_send(struct spdk_nvme_ctrlr *ctrlr, uint8_t secp,
				  uint16_t spsp, uint8_t nssf, void *payload, size_t size);
/*
 * DIRECTIVE RECEIVE / SEND (§5.9, §5.10): CDW10 = NUMD (payload_size / 4,
 * 0's based; 0 without payload), CDW11 = DSPEC << 16 | DTYPE << 8 | DOPER,
 * CDW12/13 as given.
 */
int spdk_nvme_ctrlr_cmd_directive_receive(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
		uint32_t doper, uint32_t dtype, uint32_t dspec,
		void *payload, uint32_t payload_size, uint32_t cdw12,
		uint32_t cdw13, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
int spdk_nvme_ctrlr_cmd_directive_send(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
				       uint32_t doper, uint32_t dtype, uint32_t dspec,
				       void *payload, uint32_t payload_size, uint32_t cdw12,
				       uint32_t cdw13, spdk_nvme_cmd_cb cb_fn, void *cb_arg);
/*
 * Submit a copy of cmd as built by the caller, data pointer included (PRP1/2
 * or SGL already in it; CID is the driver's), on an I/O qpair of a PCIe
 * controller.  -EINVAL for another transport.
 */
int spdk_nvme_ctrlr_io_cmd_raw_no_payload_build(struct spdk_nvme_ctrlr *ctrlr,
		struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd,
		spdk_nvme_cmd_cb cb_fn, void *cb_arg);

/* ---- Parsing helpers --------------------------------------------------- */

/* The host side of a fabrics connection (unused by PCIe). */
struct spdk_nvme_host_id {
	char hostaddr[SPDK_NVMF_TRADDR_MAX_LEN + 1];
	char hostsvcid[SPDK_NVMF_TRSVCID_MAX_LEN + 1];
};
/*
 * Take hostaddr and hostsvcid from a transport ID string ("key:value ...");
 * the transport ID's own keys are skipped.  0; -EINVAL for a bad token or
 * an overlong value.
 */
int spdk_nvme_host_id_parse(struct spdk_nvme_host_id *hostid, const char *str);
/* trstring = str in upper case; -EINVAL when longer than SPDK_NVMF_TRSTRING_MAX_LEN. */
int spdk_nvme_transport_id_populate_trstring(struct spdk_nvme_transport_id *trid,
		const char *trstring);
/* "prchk:reftag|guard" -> SPDK_NVME_IO_FLAGS_PRCHK_* ORed into *prchk_flags. */
int spdk_nvme_prchk_flags_parse(uint32_t *prchk_flags, const char *str);
/* "prchk:reftag", "prchk:guard", "prchk:reftag|guard", or NULL when neither is set. */
const char *spdk_nvme_prchk_flags_str(uint32_t prchk_flags);

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
 * The same, with the opcode of the command the status belongs to: status
 * codes of a Fabrics command (opc 7Fh, command specific) have names of
 * their own.
 */
const char *spdk_nvme_cpl_get_status_string_ext(const struct spdk_nvme_status *status, uint8_t opc);
void spdk_nvme_print_completion_ext(uint16_t qid, const struct spdk_nvme_cpl *cpl, uint8_t opc);
void spdk_nvme_qpair_print_completion_ext(const struct spdk_nvme_qpair *qpair,
		const struct spdk_nvme_cpl *cpl, uint8_t opc);

/*
 * One-line forms on stderr through the driver's log (NOTICE level), e.g.
 *   READ sqid:1 cid:12 nsid:1 lba:2048 len:8
 *   INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 p:1 m:0 dnr:1
 */
void spdk_nvme_print_command(uint16_t qid, struct spdk_nvme_cmd *cmd);
void spdk_nvme_print_completion(uint16_t qid, struct spdk_nvme_cpl *cpl);
void spdk_nvme_qpair_print_command(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd);
void spdk_nvme_qpair_print_completion(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cpl *cpl);

/* ---- Not available in ealnvme (see docs/spdk-compat.md) ----------------- */

/*
 * CUSE (character devices for nvme-cli through FUSE): not built.  register,
 * unregister and the name getters return -ENOTSUP; update_namespaces does
 * nothing.  Each logs why.
 */
int spdk_nvme_cuse_get_ctrlr_name(struct spdk_nvme_ctrlr *ctrlr, char *name, size_t *size);
int spdk_nvme_cuse_get_ns_name(struct spdk_nvme_ctrlr *ctrlr, uint32_t nsid,
			       char *name, size_t *size);
int spdk_nvme_cuse_register(struct spdk_nvme_ctrlr *ctrlr);
int spdk_nvme_cuse_unregister(struct spdk_nvme_ctrlr *ctrlr);
void spdk_nvme_cuse_update_namespaces(struct spdk_nvme_ctrlr *ctrlr);

/*
 * DH-HMAC-CHAP (in-band authentication of NVMe over Fabrics): PCIe has no
 * authentication, so authenticate and set_keys return -ENOTSUP.  The name
 * tables are pure and work: digests "sha256" (1, 32 bytes), "sha384" (2,
 * 48), "sha512" (3, 64); groups "null" (0), "ffdhe2048" (1) ... "ffdhe8192"
 * (5).  Unknown: NULL, 0, -EINVAL.
 */
typedef void (*spdk_nvme_authenticate_cb)(void *ctx, int status);
int spdk_nvme_qpair_authenticate(struct spdk_nvme_qpair *qpair,
				 spdk_nvme_authenticate_cb cb_fn, void *cb_ctx);
int spdk_nvme_ctrlr_authenticate(struct spdk_nvme_ctrlr *ctrlr,
				 spdk_nvme_authenticate_cb cb_fn, void *cb_ctx);
struct spdk_nvme_ctrlr_key_opts {
	size_t		size;
	struct spdk_key	*dhchap_key;
	struct spdk_key	*dhchap_ctrlr_key;
};
int spdk_nvme_ctrlr_set_keys(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ctrlr_key_opts *opts);
const char *spdk_nvme_dhchap_get_digest_name(int id);
int spdk_nvme_dhchap_get_digest_id(const char *name);
uint8_t spdk_nvme_dhchap_get_digest_length(int id);
const char *spdk_nvme_dhchap_get_dhgroup_name(int id);
int spdk_nvme_dhchap_get_dhgroup_id(const char *name);

/* RDMA transport hooks: there is no RDMA transport; the call logs and keeps nothing. */
struct ibv_pd;
struct ibv_context;
struct spdk_nvme_rdma_hooks {
	struct ibv_pd *(*get_ibv_pd)(const struct spdk_nvme_transport_id *trid,
				     struct ibv_context *verbs);
	uint64_t (*get_rkey)(struct ibv_pd *pd, void *buf, size_t size);
	void (*put_rkey)(uint64_t key);
};
void spdk_nvme_rdma_init_hooks(struct spdk_nvme_rdma_hooks *hooks);

/*
 * Pluggable transports: transports are a static table inside the library
 * (no constructors), so an application cannot add one.  The operations
 * table is opaque here; registering logs an error and does nothing.
 */
struct spdk_nvme_transport_ops;
void spdk_nvme_transport_register(const struct spdk_nvme_transport_ops *ops);

/* ---- Controller memory: CMB, PMR, boot partitions ----------------------- */
/* (the CMBSZ/PMRCAP/BPINFO getters and spdk_nvme_ctrlr_get_pmrsz are above) */

/*
 * Controller Memory Buffer as data buffer memory (NVMe 1.4 §8.7).  reserve
 * returns the CMB's size in bytes, or -ENOTSUP when the CMB cannot hold both
 * read and write data (CMBSZ.RDS/WDS).  map returns the CMB's address (size
 * set to its length), usable by the CPU and as the payload of any command to
 * this controller (NULL, size 0 and a log line when there is none); the same
 * address again on later calls until unmap.
 */
int spdk_nvme_ctrlr_reserve_cmb(struct spdk_nvme_ctrlr *ctrlr);
void *spdk_nvme_ctrlr_map_cmb(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
void spdk_nvme_ctrlr_unmap_cmb(struct spdk_nvme_ctrlr *ctrlr);

/*
 * Persistent Memory Region (NVMe 1.4 §8.17).  enable/disable: 0, -ENOTSUP
 * (no PMR), -EIO (register access failed), -EINVAL (bad PMRCAP.PMRTU, or
 * already in that state), -ETIMEDOUT (PMRSTS.NRDY did not follow within
 * PMRCAP.PMRTO), -ENOSYS (transport without PMR).  map: as map_cmb.  unmap:
 * 0, -ENXIO (not mapped), -ENOSYS.
 */
int spdk_nvme_ctrlr_enable_pmr(struct spdk_nvme_ctrlr *ctrlr);
int spdk_nvme_ctrlr_disable_pmr(struct spdk_nvme_ctrlr *ctrlr);
void *spdk_nvme_ctrlr_map_pmr(struct spdk_nvme_ctrlr *ctrlr, size_t *size);
int spdk_nvme_ctrlr_unmap_pmr(struct spdk_nvme_ctrlr *ctrlr);

/*
 * Boot partitions (NVMe 1.4 §8.13).  read_start copies bprsz 4 KiB units at
 * 4 KiB unit bprof of partition bpid into payload (physically contiguous DMA
 * memory, 4 KiB aligned); poll until it returns 0 (-EAGAIN: in progress,
 * -EIO: the read failed, -EINVAL: no read started).  read_start: -ENOTSUP
 * (CAP.BPS 0), -EINVAL (bad arguments), -EFAULT (payload not usable),
 * -EALREADY (a read is in progress), -EIO.  write_boot_partition downloads
 * payload (size bytes, a multiple of 4, DMA memory) as a firmware image,
 * then FIRMWARE COMMIT replaces partition bpid and makes it active; cb_fn
 * gets the completion of the last command, or of the first that failed,
 * from spdk_nvme_ctrlr_process_admin_completions().  -EBUSY while another
 * boot partition write is in progress.
 */
int spdk_nvme_ctrlr_read_boot_partition_start(struct spdk_nvme_ctrlr *ctrlr, void *payload,
		uint32_t bprsz, uint32_t bprof, uint32_t bpid);
int spdk_nvme_ctrlr_read_boot_partition_poll(struct spdk_nvme_ctrlr *ctrlr);
int spdk_nvme_ctrlr_write_boot_partition(struct spdk_nvme_ctrlr *ctrlr, void *payload,
		uint32_t size, uint32_t bpid, spdk_nvme_cmd_cb cb_fn, void *cb_arg);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_H */
