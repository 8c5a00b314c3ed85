/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller queries and small controls of SPDK's nvme.h: feature flags,
 * options, registers, identity, queue IDs for raw queues, the transport ID
 * of a failed controller, NVM subsystem reset, and the namespace change
 * callback.  The flags and the NVM command set data are gathered right after
 * IDENTIFY (nvme_ctrlr_identify_extras), on every init and reset.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "nvme_internal.h"

/* Feature flags from CAP and Identify Controller (§3.1.1, §5.15.2.2). */
static uint64_t
nvme_ctrlr_compute_flags(struct spdk_nvme_ctrlr *ctrlr)
{
	const struct spdk_nvme_ctrlr_data *cd = ctrlr->cdata;
	uint64_t flags = 0;

	if (ctrlr->cap.bits.ams & SPDK_NVME_CAP_AMS_WRR) {
		flags |= SPDK_NVME_CTRLR_WRR_SUPPORTED;
	}
	/* SGLS 11b is reserved: treat it as no SGL support. */
	if (cd->sgls.supported == SPDK_NVME_SGLS_SUPPORTED ||
	    cd->sgls.supported == SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED) {
		flags |= SPDK_NVME_CTRLR_SGL_SUPPORTED;
		if (cd->sgls.supported == SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED) {
			flags |= SPDK_NVME_CTRLR_SGL_REQUIRES_DWORD_ALIGNMENT;
		}
	}
	if (cd->sgls.metadata_address) {
		flags |= SPDK_NVME_CTRLR_MPTR_SGL_SUPPORTED;
	}
	if (cd->oacs.ssrs) {
		flags |= SPDK_NVME_CTRLR_SECURITY_SEND_RECV_SUPPORTED;
	}
	if (cd->oacs.dirs) {
		flags |= SPDK_NVME_CTRLR_DIRECTIVES_SUPPORTED;
	}
	if (cd->fuses.fcws) {
		flags |= SPDK_NVME_CTRLR_COMPARE_AND_WRITE_SUPPORTED;
	}
	return flags;
}

void
nvme_ctrlr_identify_extras(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_cmd cmd = { 0 };
	struct spdk_nvme_cpl cpl = { 0 };

	ctrlr->flags = nvme_ctrlr_compute_flags(ctrlr);

	/* The NVM command set's Identify Controller (CNS 06h, CSI 0), as SPDK
	 * asks for whenever CAP.CSS has NVM.  Optional: older controllers
	 * answer INVALID FIELD and the getter returns NULL.  Not a discovery
	 * controller's: it has no command set (NVMe-oF 1.1 §5). */
	if (!(ctrlr->cap.bits.css & SPDK_NVME_CAP_CSS_NVM) || spdk_nvme_ctrlr_is_discovery(ctrlr)) {
		return;
	}
	if (ctrlr->cdata_nvm == NULL) {
		ctrlr->cdata_nvm = spdk_zmalloc(sizeof(*ctrlr->cdata_nvm), 4096, NULL,
						SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
		if (ctrlr->cdata_nvm == NULL) {
			EALNVME_WARNLOG("%s: no DMA memory for the NVM Identify Controller data; "
					"spdk_nvme_nvm_ctrlr_get_data() returns NULL",
					nvme_ctrlr_name(ctrlr));
			return;
		}
	}
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.cdw10 = SPDK_NVME_IDENTIFY_CTRLR_IOCS;
	cmd.cdw11 = (uint32_t)SPDK_NVME_CSI_NVM << 24;
	if (nvme_ctrlr_cmd_sync_ex(ctrlr, &cmd, ctrlr->cdata_nvm, sizeof(*ctrlr->cdata_nvm),
				   &cpl, false) != 0) {
		EALNVME_INFOLOG("%s: no NVM command set Identify Controller data (CNS 06h: %s)",
				nvme_ctrlr_name(ctrlr), spdk_nvme_cpl_get_status_string(&cpl.status));
		spdk_free(ctrlr->cdata_nvm);
		ctrlr->cdata_nvm = NULL;
	}
}

uint64_t
spdk_nvme_ctrlr_get_flags(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL) {
		return 0;
	}
	/* Zone Append support is learnt with the first zoned namespace (nvme_ns_iocs.c). */
	return ctrlr->flags | (ctrlr->zone_append_supported ? SPDK_NVME_CTRLR_ZONE_APPEND_SUPPORTED : 0);
}

const struct spdk_nvme_ctrlr_opts *
spdk_nvme_ctrlr_get_opts(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr != NULL ? &ctrlr->opts : NULL;
}

int32_t
spdk_nvme_ctrlr_get_numa_id(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_pci_device *dev = spdk_nvme_ctrlr_get_pci_device(ctrlr);

	return dev != NULL ? spdk_pci_device_get_socket_id(dev) : SPDK_ENV_SOCKET_ID_ANY;
}

uint16_t
spdk_nvme_ctrlr_get_id(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr != NULL && ctrlr->cdata != NULL ? ctrlr->cdata->cntlid : 0;
}

/*
 * A discovery controller is reached by the discovery NQN over a fabric
 * (NVMe-oF 1.1 §5).  A PCIe controller never is one, whatever subnqn the
 * caller's transport ID carried.
 */
bool
spdk_nvme_ctrlr_is_discovery(struct spdk_nvme_ctrlr *ctrlr)
{
	return spdk_nvme_ctrlr_is_fabrics(ctrlr) &&
	       strncmp(ctrlr->trid.subnqn, SPDK_NVMF_DISCOVERY_NQN,
		       strlen(SPDK_NVMF_DISCOVERY_NQN)) == 0;
}

bool
spdk_nvme_ctrlr_is_fabrics(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL) {
		return false;
	}
	switch (ctrlr->trid.trtype) {
	case SPDK_NVME_TRANSPORT_RDMA:
	case SPDK_NVME_TRANSPORT_FC:
	case SPDK_NVME_TRANSPORT_TCP:
		return true;
	default:
		return false;
	}
}

volatile struct spdk_nvme_registers *
spdk_nvme_ctrlr_get_registers(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL || ctrlr->transport->ctrlr_get_registers == NULL) {
		return NULL;
	}
	return ctrlr->transport->ctrlr_get_registers(ctrlr);
}

/* A 32-bit register, 0 when it cannot be read (removed device, no transport hook). */
static uint32_t
nvme_ctrlr_read_reg_4(struct spdk_nvme_ctrlr *ctrlr, uint32_t offset)
{
	uint32_t v = 0;

	if (ctrlr == NULL || nvme_ctrlr_is_gone(ctrlr) ||
	    ctrlr->transport->ctrlr_get_reg_4(ctrlr, offset, &v) != 0) {
		return 0;
	}
	return v;
}

/* spdk_nvme_ctrlr_get_regs_<field>(): one 32-bit register as its union. */
#define NVME_REG_GETTER(field, type)						\
	union type								\
	spdk_nvme_ctrlr_get_regs_##field(struct spdk_nvme_ctrlr *ctrlr)		\
	{									\
		union type r;							\
										\
		r.raw = nvme_ctrlr_read_reg_4(ctrlr,				\
				offsetof(struct spdk_nvme_registers, field));	\
		return r;							\
	}

NVME_REG_GETTER(cc, spdk_nvme_cc_register)
NVME_REG_GETTER(cmbsz, spdk_nvme_cmbsz_register)
NVME_REG_GETTER(pmrcap, spdk_nvme_pmrcap_register)
NVME_REG_GETTER(bpinfo, spdk_nvme_bpinfo_register)

uint64_t
spdk_nvme_ctrlr_get_pmrsz(struct spdk_nvme_ctrlr *ctrlr)
{
	/* PMRCAP.BIR's BAR size, learnt when the PMR is enabled (nvme_ctrlr_mem.c). */
	return ctrlr == NULL ? 0 : ctrlr->pmr_size;
}

const struct spdk_nvme_nvm_ctrlr_data *
spdk_nvme_nvm_ctrlr_get_data(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr != NULL ? ctrlr->cdata_nvm : NULL;
}

uint16_t
spdk_nvme_ctrlr_get_max_sges(const struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL || !(ctrlr->flags & SPDK_NVME_CTRLR_SGL_SUPPORTED) ||
	    ctrlr->transport->ctrlr_get_max_sges == NULL) {
		return UINT16_MAX;
	}
	return ctrlr->transport->ctrlr_get_max_sges((struct spdk_nvme_ctrlr *)ctrlr);
}

int
spdk_nvme_ctrlr_get_memory_domains(const struct spdk_nvme_ctrlr *ctrlr,
				   struct spdk_memory_domain **domains, int array_size)
{
	if (ctrlr == NULL || array_size < 0 || (domains == NULL && array_size > 0)) {
		EALNVME_ERRLOG("get_memory_domains: NULL controller, or no array for %d entries",
			       array_size);
		return -EINVAL;
	}
	/* No memory domains: payloads are plain DMA memory (spdk_zmalloc). */
	return 0;
}

int
spdk_nvme_ctrlr_set_trid(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_transport_id *trid)
{
	int rc = 0;

	if (ctrlr == NULL || trid == NULL) {
		EALNVME_ERRLOG("set_trid: NULL %s", ctrlr == NULL ? "controller" : "trid");
		return -EINVAL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (!ctrlr->is_failed) {
		EALNVME_ERRLOG("%s: set_trid: the controller is not failed; call "
			       "spdk_nvme_ctrlr_fail() first", nvme_ctrlr_name(ctrlr));
		rc = -EPERM;
	} else if (trid->trtype != ctrlr->trid.trtype ||
		   strncmp(trid->subnqn, ctrlr->trid.subnqn, SPDK_NVMF_NQN_MAX_LEN) != 0) {
		EALNVME_ERRLOG("%s: set_trid: the new trid must keep trtype %s and subnqn '%s'",
			       nvme_ctrlr_name(ctrlr),
			       spdk_nvme_transport_id_trtype_str(ctrlr->trid.trtype),
			       ctrlr->trid.subnqn);
		rc = -EINVAL;
	} else {
		ctrlr->trid = *trid;
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

int32_t
spdk_nvme_ctrlr_alloc_qid(struct spdk_nvme_ctrlr *ctrlr)
{
	int32_t qid = -1;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("alloc_qid: NULL controller");
		return -1;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	for (uint32_t q = 1; ctrlr->free_io_qids != NULL && q <= ctrlr->max_io_queues; q++) {
		if (ctrlr->free_io_qids[q]) {
			ctrlr->free_io_qids[q] = 0;
			qid = (int32_t)q;
			break;
		}
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if (qid < 0) {
		EALNVME_ERRLOG("%s: alloc_qid: all %u I/O queue IDs are in use; free a qpair "
			       "or a qid first", nvme_ctrlr_name(ctrlr), ctrlr->max_io_queues);
	}
	return qid;
}

void
spdk_nvme_ctrlr_free_qid(struct spdk_nvme_ctrlr *ctrlr, uint16_t qid)
{
	if (ctrlr == NULL || qid == 0 || qid > ctrlr->max_io_queues) {
		EALNVME_ERRLOG("free_qid: NULL controller or qid %u out of range", qid);
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	if (ctrlr->free_io_qids != NULL) {
		ctrlr->free_io_qids[qid] = 1;
	}
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

bool
spdk_nvme_ctrlr_is_nssr_supported(struct spdk_nvme_ctrlr *ctrlr)
{
	return ctrlr != NULL && ctrlr->cap.bits.nssrs &&
	       ctrlr->trid.trtype == SPDK_NVME_TRANSPORT_PCIE;
}

int
spdk_nvme_ctrlr_reset_subsystem(struct spdk_nvme_ctrlr *ctrlr)
{
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("reset_subsystem: NULL controller");
		return -EINVAL;
	}
	if (!ctrlr->cap.bits.nssrs) {
		EALNVME_WARNLOG("%s: NVM subsystem reset is not supported (CAP.NSSRS is 0); "
				"use spdk_nvme_ctrlr_reset()", nvme_ctrlr_name(ctrlr));
		return -ENOTSUP;
	}
	EALNVME_NOTICELOG("%s: NVM subsystem reset", nvme_ctrlr_name(ctrlr));
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->is_resetting = true;
	/* §3.1.6: writing "NVMe" (4E564D65h) to NSSR starts the reset. */
	rc = ctrlr->transport->ctrlr_set_reg_4(ctrlr, offsetof(struct spdk_nvme_registers, nssr),
					       SPDK_NVME_NSSR_VALUE);
	ctrlr->is_resetting = false;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if (rc != 0) {
		EALNVME_ERRLOG("%s: writing the NSSR register failed: %s", nvme_ctrlr_name(ctrlr),
			       strerror(-rc));
	}
	return rc;
}

void
spdk_nvme_ctrlr_register_ns_attr_changed_callback(struct spdk_nvme_ctrlr *ctrlr,
		spdk_nvme_ns_attr_changed_cb cb_fn, void *cb_arg)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("register_ns_attr_changed_callback: NULL controller");
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->ns_attr_changed_cb_fn = cb_fn;
	ctrlr->ns_attr_changed_cb_arg = cb_arg;
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

void
spdk_nvme_ctrlr_disable_read_changed_ns_list_log_page(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL) {
		EALNVME_ERRLOG("disable_read_changed_ns_list_log_page: NULL controller");
		return;
	}
	ctrlr->opts.disable_read_changed_ns_list_log_page = true;
}
