/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * I/O command set specific data (NVMe 2.0 §5.17.2, CNS 05h/06h) read at
 * attach: the ZNS namespace and controller data for zoned namespaces (and
 * whether ZONE APPEND is supported, from the ZNS Commands Supported and
 * Effects log), the NVM namespace data where the controller has extended
 * LBA formats; and the namespace getters built on Identify data.
 */
#include <errno.h>
#include <string.h>

#include "nvme_internal.h"

#define NVME_CSI_CNS(csi)	((uint32_t)(csi) << 24)	/* CDW11 bits 31:24 */

/* CTRATT bit 15: extended LBA formats (NVMe 2.0 Figure 275); not named in our struct. */
static bool
nvme_ctrlr_has_elbas(const struct spdk_nvme_ctrlr *ctrlr)
{
	uint32_t ctratt;

	memcpy(&ctratt, (const uint8_t *)ctrlr->cdata + 96, sizeof(ctratt));
	return (ctratt & (1u << 15)) != 0;
}

/*
 * Identify CNS cns for CSI csi into buf (allocated when NULL).  A buffer
 * the application may already point into is reused across resets, as the
 * Identify Namespace data is; on failure it is freed and NULL returned.
 */
static void *
nvme_iocs_identify(struct spdk_nvme_ctrlr *ctrlr, uint8_t cns, uint32_t nsid, uint8_t csi,
		   void *buf)
{
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_IDENTIFY, .nsid = nsid, .cdw10 = cns,
		.cdw11 = NVME_CSI_CNS(csi) };

	if (buf == NULL) {
		buf = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	}
	if (buf != NULL && nvme_ctrlr_cmd_sync(ctrlr, &cmd, buf, 4096, NULL) != 0) {
		spdk_free(buf);
		buf = NULL;
	}
	return buf;
}

/*
 * Once per controller: ZNS controller data, the zone append size and
 * whether ZONE APPEND is in the ZNS Commands Supported and Effects log
 * (GET LOG PAGE 05h with CSI 02h in CDW14 bits 31:24).
 */
static void
nvme_ctrlr_identify_zns(struct spdk_nvme_ctrlr *ctrlr)
{
	struct spdk_nvme_cmds_and_effect_log_page *log;
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_LOG_PAGE,
		.nsid = SPDK_NVME_GLOBAL_NS_TAG,
		.cdw10 = SPDK_NVME_LOG_COMMAND_EFFECTS_LOG | (4096u / 4 - 1) << 16,
		.cdw14 = NVME_CSI_CNS(SPDK_NVME_CSI_ZNS) };
	uint32_t zasl;

	if (ctrlr->cdata_zns != NULL) {
		return;
	}
	ctrlr->cdata_zns = nvme_iocs_identify(ctrlr, SPDK_NVME_IDENTIFY_CTRLR_IOCS, 0,
					      SPDK_NVME_CSI_ZNS, NULL);
	if (ctrlr->cdata_zns == NULL) {
		EALNVME_WARNLOG("%s: no ZNS Identify Controller data (CNS 06h); zone append "
				"disabled", nvme_ctrlr_name(ctrlr));
		return;
	}
	/* ZASL: a power of two of the minimum page size; 0 means MDTS (ZNS 1.0 §4.1.5.1). */
	zasl = ctrlr->cdata_zns->zasl;
	ctrlr->max_zone_append_size = ctrlr->max_xfer_size;
	if (zasl != 0 && zasl < 20) {
		uint64_t bytes = (uint64_t)(1u << (12 + ctrlr->cap.bits.mpsmin)) << zasl;

		ctrlr->max_zone_append_size = (uint32_t)nvme_min(bytes,
					      (uint64_t)ctrlr->max_xfer_size);
	}
	log = spdk_zmalloc(sizeof(*log), 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (log != NULL && nvme_ctrlr_cmd_sync(ctrlr, &cmd, log, sizeof(*log), NULL) == 0) {
		ctrlr->zone_append_supported =
			log->io_cmds_supported[SPDK_NVME_OPC_ZONE_APPEND].csupp != 0;
	}
	spdk_free(log);
}

void
nvme_ns_free_iocs(struct spdk_nvme_ns *ns)
{
	spdk_free(ns->nsdata_zns);
	ns->nsdata_zns = NULL;
	spdk_free(ns->nsdata_nvm);
	ns->nsdata_nvm = NULL;
}

void
nvme_ctrlr_free_iocs(struct spdk_nvme_ctrlr *ctrlr)
{
	spdk_free(ctrlr->cdata_zns);
	ctrlr->cdata_zns = NULL;
	ctrlr->zone_append_supported = false;
	ctrlr->max_zone_append_size = 0;
}

/*
 * After IDENTIFY NAMESPACE and the NS ID descriptors (which give the CSI).
 * A zoned namespace whose ZNS data cannot be read stays usable for reads
 * and writes; its zone calls then fail with a log line.
 */
void
nvme_ns_identify_iocs(struct spdk_nvme_ns *ns)
{
	struct spdk_nvme_ctrlr *ctrlr = ns->ctrlr;

	if (ns->csi == SPDK_NVME_CSI_ZNS) {
		ns->nsdata_zns = nvme_iocs_identify(ctrlr, SPDK_NVME_IDENTIFY_NS_IOCS, ns->id,
						    SPDK_NVME_CSI_ZNS, ns->nsdata_zns);
		if (ns->nsdata_zns == NULL) {
			EALNVME_WARNLOG("%s: ns %u is zoned but its ZNS Identify data (CNS 05h) "
					"could not be read; zone commands refused",
					nvme_ctrlr_name(ctrlr), ns->id);
		} else {
			nvme_ctrlr_identify_zns(ctrlr);
		}
	} else {
		spdk_free(ns->nsdata_zns);
		ns->nsdata_zns = NULL;
	}
	if (ns->csi == SPDK_NVME_CSI_NVM && nvme_ctrlr_has_elbas(ctrlr)) {
		ns->nsdata_nvm = nvme_iocs_identify(ctrlr, SPDK_NVME_IDENTIFY_NS_IOCS, ns->id,
						    SPDK_NVME_CSI_NVM, ns->nsdata_nvm);
	} else {
		spdk_free(ns->nsdata_nvm);
		ns->nsdata_nvm = NULL;
	}
}

/* ---- Getters -------------------------------------------------------------------- */

uint32_t
spdk_nvme_ns_get_format_index(const struct spdk_nvme_ns_data *nsdata)
{
	const uint8_t flbas = ((const uint8_t *)nsdata)[26];

	/* FLBAS 3:0 is the index; with more than 16 formats bits 6:5 extend it. */
	if (nsdata->nlbaf > 16) {
		return (flbas & 0xfu) | ((flbas >> 5) & 0x3u) << 4;
	}
	return flbas & 0xfu;
}

enum spdk_nvme_pi_format
spdk_nvme_ns_get_pi_format(struct spdk_nvme_ns *ns)
{
	if (ns->nsdata_nvm != NULL && ns->nsdata != NULL) {
		uint32_t idx = spdk_nvme_ns_get_format_index(ns->nsdata);

		return (enum spdk_nvme_pi_format)ns->nsdata_nvm->elbaf[idx].pif;
	}
	return SPDK_NVME_16B_GUARD_PI;
}

bool
spdk_nvme_ns_supports_write_uncorrectable(struct spdk_nvme_ns *ns)
{
	return (ns->flags & SPDK_NVME_NS_WRITE_UNCORRECTABLE_SUPPORTED) != 0;
}

bool
spdk_nvme_ns_supports_compare(struct spdk_nvme_ns *ns)
{
	return (ns->flags & SPDK_NVME_NS_COMPARE_SUPPORTED) != 0;
}

enum spdk_nvme_dealloc_logical_block_read_value
spdk_nvme_ns_get_dealloc_logical_block_read_value(struct spdk_nvme_ns *ns)
{
	const struct spdk_nvme_ns_data *nsdata = ns->nsdata;

	/* DLFEAT bits 2:0 as reported.  SPDK answers READ_00 for the controllers of
	 * its quirk table; ealnvme has no quirk table. */
	return nsdata != NULL ? (enum spdk_nvme_dealloc_logical_block_read_value)
	       nsdata->dlfeat.bits.read_value : SPDK_NVME_DEALLOC_NOT_REPORTED;
}

const uint8_t *
spdk_nvme_ns_get_nguid(const struct spdk_nvme_ns *ns)
{
	/* As SPDK: the NGUID namespace identification descriptor, if there is one. */
	return ns->has_nguid ? ns->nguid : NULL;
}

uint32_t
spdk_nvme_ns_get_ana_group_id(const struct spdk_nvme_ns *ns)
{
	return ns->nsdata != NULL ? ns->nsdata->anagrpid : 0;
}

enum spdk_nvme_ana_state
spdk_nvme_ns_get_ana_state(const struct spdk_nvme_ns *ns)
{
	(void)ns;
	/* No ANA log is read (one PCIe path): every namespace is reachable. */
	return SPDK_NVME_ANA_OPTIMIZED_STATE;
}

const struct spdk_nvme_nvm_ns_data *
spdk_nvme_nvm_ns_get_data(struct spdk_nvme_ns *ns)
{
	return ns->nsdata_nvm;
}
