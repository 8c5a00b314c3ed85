/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * identify's human-readable output: one block per controller, a section per
 * concern (controller, limits, optional commands, SGLs, firmware, logs and
 * capacity, power states, health log, features), then one block per active
 * namespace.  Each line names the Identify field it decodes (SN, MDTS, ...).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "identify.h"

#define BANNER	"====================================================================="

static void __attribute__((format(printf, 3, 4)))
kv(FILE *out, const char *label, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "  %-36s ", label);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

static const char *
yes_no(unsigned int v)
{
	return v ? "Supported" : "Not Supported";
}

static void
section(FILE *out, const char *title)
{
	fprintf(out, "%s\n", title);
}

/* A latency in microseconds whose 0 means "not reported" (RTD3R/RTD3E). */
static void
print_us(FILE *out, const char *label, uint32_t us)
{
	if (us == 0) {
		kv(out, label, "not reported");
	} else {
		kv(out, label, "%u us", us);
	}
}

static void
print_controller(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	struct spdk_pci_device *pci = spdk_nvme_ctrlr_get_pci_device(ic->ctrlr);
	union spdk_nvme_vs_register vs = spdk_nvme_ctrlr_get_regs_vs(ic->ctrlr);
	char s[64], nqn[sizeof(cd->subnqn) + 1];

	section(out, "Controller");
	kv(out, "Transport", "%s", spdk_nvme_transport_id_trtype_str(ic->trid.trtype));
	if (identify_is_fabrics(&ic->trid)) {
		const char *adrfam = spdk_nvme_transport_id_adrfam_str(ic->trid.adrfam);

		kv(out, "Transport Address (traddr)", "%s", ic->trid.traddr);
		kv(out, "Transport Service ID (trsvcid)", "%s", ic->trid.trsvcid);
		kv(out, "Address Family (adrfam)", "%s", adrfam != NULL ? adrfam : "not given");
		kv(out, "Transport Subsystem NQN", "%s%s", ic->trid.subnqn,
		   ic->is_discovery ? " (discovery controller)" : "");
		kv(out, "Host NQN", "%s", spdk_nvme_ctrlr_get_opts(ic->ctrlr)->hostnqn);
	} else {
		kv(out, "PCI Address", "%s", ic->trid.traddr);
	}
	if (pci != NULL) {
		kv(out, "PCI Vendor:Device ID", "%04x:%04x", spdk_pci_device_get_vendor_id(pci),
		   spdk_pci_device_get_device_id(pci));
		kv(out, "PCI Subsystem Vendor:Device ID", "%04x:%04x",
		   spdk_pci_device_get_subvendor_id(pci), spdk_pci_device_get_subdevice_id(pci));
	}
	kv(out, "Vendor ID (VID)", "%04x", cd->vid);
	kv(out, "Subsystem Vendor ID (SSVID)", "%04x", cd->ssvid);
	identify_fmt_ascii(s, sizeof(s), cd->sn, sizeof(cd->sn));
	kv(out, "Serial Number", "%s", s);
	identify_fmt_ascii(s, sizeof(s), cd->mn, sizeof(cd->mn));
	kv(out, "Model Number", "%s", s);
	identify_fmt_ascii(s, sizeof(s), cd->fr, sizeof(cd->fr));
	kv(out, "Firmware Version", "%s", s);
	kv(out, "NVMe Version (VS register)", "%u.%u.%u", vs.bits.mjr, vs.bits.mnr, vs.bits.ter);
	kv(out, "NVMe Version (Identify VER)", "%u.%u.%u", cd->ver.bits.mjr, cd->ver.bits.mnr,
	   cd->ver.bits.ter);
	kv(out, "Controller ID (CNTLID)", "%u", cd->cntlid);
	kv(out, "IEEE OUI", "%02x%02x%02x", cd->ieee[2], cd->ieee[1], cd->ieee[0]);
	kv(out, "Multi-path I/O", "%s port, %s host, SR-IOV %s",
	   cd->cmic.mports ? "multi" : "single", cd->cmic.mctrs ? "multi" : "single",
	   cd->cmic.ft ? "yes" : "no");
	identify_fmt_ascii(nqn, sizeof(nqn), cd->subnqn, sizeof(cd->subnqn));
	kv(out, "Subsystem NQN (SUBNQN)", "%s", nqn[0] != '\0' ? nqn : "not reported");
	print_us(out, "RTD3 Resume Latency (RTD3R)", cd->rtd3r);
	print_us(out, "RTD3 Entry Latency (RTD3E)", cd->rtd3e);
	identify_fmt_bits(nqn, sizeof(nqn), (uint32_t)identify_le(cd, 92, 4), identify_oaes_bits);
	kv(out, "Async Events Supported (OAES)", "%s", nqn);
	identify_fmt_bits(nqn, sizeof(nqn), (uint32_t)identify_le(cd, 96, 4), identify_ctratt_bits);
	kv(out, "Controller Attributes (CTRATT)", "%s", nqn);
	kv(out, "Controller Type (CNTRLTYPE)", "%s", cd->cntrltype == SPDK_NVME_CTRLR_IO ? "I/O" :
	   cd->cntrltype == SPDK_NVME_CTRLR_DISCOVERY ? "discovery" :
	   cd->cntrltype == SPDK_NVME_CTRLR_ADMINISTRATIVE ? "administrative" : "not reported");
}

/* Identify Controller bytes 2047:1792, defined for fabrics only (NVMe-oF 1.1 §4.1). */
static void
print_fabrics(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_cdata_nvmf_specific *f = &ic->cdata->nvmf_specific;
	unsigned long long head = 64ull + 16ull * f->icdoff;
	unsigned long long icd = 16ull * f->ioccsz > head ? 16ull * f->ioccsz - head : 0;

	section(out, "NVMe over Fabrics");
	/* Capsule sizes and the data offset are in 16-byte units. */
	/* The capsule is the 64-byte SQE, ICDOFF*16 bytes, then in-capsule data. */
	kv(out, "I/O Command Capsule Size (IOCCSZ)", "%u (%llu bytes, %llu of in-capsule data)",
	   f->ioccsz, 16ull * f->ioccsz, icd);
	kv(out, "I/O Response Capsule Size (IORCSZ)", "%u (%llu bytes)", f->iorcsz,
	   16ull * f->iorcsz);
	kv(out, "In Capsule Data Offset (ICDOFF)", "%u (%u bytes)", f->icdoff, 16u * f->icdoff);
	kv(out, "Controller Model (CTRATTR)", "%s", f->ctrattr.ctrlr_model ==
	   SPDK_NVMF_CTRLR_MODEL_STATIC ? "static" : "dynamic");
	kv(out, "Max SGL Descriptors (MSDBD)", "%u", f->msdbd);
	kv(out, "Disconnect Command (OFCS)", "%s", yes_no(f->ofcs.disconnect));
}

static void
print_temperature(FILE *out, const char *label, uint16_t kelvin)
{
	if (kelvin == 0) {
		kv(out, label, "not reported");
	} else {
		kv(out, label, "%u K (%d °C)", kelvin, (int)kelvin - 273);
	}
}

static void
print_capacity(FILE *out, const char *label, const void *v)
{
	char s[48];

	if (identify_u128_is_zero(v)) {
		kv(out, label, "not reported");
		return;
	}
	identify_fmt_u128(s, sizeof(s), v);
	kv(out, label, "%s bytes", s);
}

/* FRMW, LPA, the temperature thresholds and the NVM capacities. */
static void
print_firmware_logs_capacity(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	uint8_t frmw = ((const uint8_t *)cd)[260];
	char s[256];

	section(out, "Firmware, Logs and Capacity");
	kv(out, "Firmware Slots (FRMW)", "%u, slot 1 %s, activation without reset %s",
	   (frmw >> 1) & 0x7u, (frmw & 0x1) ? "read-only" : "writable",
	   (frmw & 0x10) ? "supported" : "not supported");
	identify_fmt_bits(s, sizeof(s), ((const uint8_t *)cd)[261], identify_lpa_bits);
	kv(out, "Log Page Attributes (LPA)", "%s", s);
	print_temperature(out, "Warning Temperature (WCTEMP)", cd->wctemp);
	print_temperature(out, "Critical Temperature (CCTEMP)", cd->cctemp);
	print_capacity(out, "Total NVM Capacity (TNVMCAP)", cd->tnvmcap);
	print_capacity(out, "Unallocated NVM Capacity (UNVMCAP)", cd->unvmcap);
}

static void
print_limits(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	union spdk_nvme_cap_register cap = spdk_nvme_ctrlr_get_regs_cap(ic->ctrlr);
	char s[96];

	section(out, "Limits");
	if (cd->mdts == 0) {
		kv(out, "Max Data Transfer Size (MDTS)", "0 (no limit)");
	} else {
		/* 2^MDTS units of CAP.MPSMIN (2^(12 + MPSMIN) bytes) (Figure 247). */
		identify_fmt_pow2(s, sizeof(s), cd->mdts + 12u + cap.bits.mpsmin);
		kv(out, "Max Data Transfer Size (MDTS)", "%u (%s bytes)", cd->mdts, s);
	}
	kv(out, "Max Transfer Size Used by Driver", "%u bytes",
	   spdk_nvme_ctrlr_get_max_xfer_size(ic->ctrlr));
	kv(out, "Max Queue Entries (CAP.MQES)", "%u", cap.bits.mqes + 1u);
	if (ic->number_of_queues.ok) {
		kv(out, "I/O Queues Granted", "%u submission, %u completion",
		   (ic->number_of_queues.value & 0xffff) + 1u,
		   (ic->number_of_queues.value >> 16) + 1u);
	} else {
		kv(out, "I/O Queues Granted", "unavailable");
	}
	kv(out, "Async Event Request Limit (AERL)", "%u", cd->aerl + 1u);
	kv(out, "Abort Command Limit (ACL)", "%u", cd->acl + 1u);
	kv(out, "Error Log Page Entries (ELPE)", "%u", cd->elpe + 1u);
	kv(out, "SQ Entry Size (SQES)", "min %u, max %u bytes", 1u << cd->sqes.min,
	   1u << cd->sqes.max);
	kv(out, "CQ Entry Size (CQES)", "min %u, max %u bytes", 1u << cd->cqes.min,
	   1u << cd->cqes.max);
	kv(out, "Max Outstanding Commands (MAXCMD)", "%u", cd->maxcmd);
	kv(out, "Number of Namespaces (NN)", "%u", cd->nn);
	if (cd->kas == 0) {
		kv(out, "Keep Alive (KAS)", "Not Supported");
	} else {
		kv(out, "Keep Alive (KAS)", "%u ms granularity", cd->kas * 100u);
	}
}

static void
print_oacs_oncs(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;

	section(out, "Optional Admin Command Support (OACS)");
	kv(out, "Security Send/Receive", "%s", yes_no(cd->oacs.ssrs));
	kv(out, "Format NVM", "%s", yes_no(cd->oacs.fnvms));
	kv(out, "Firmware Commit/Image Download", "%s", yes_no(cd->oacs.fwds));
	kv(out, "Namespace Management", "%s", yes_no(cd->oacs.nms));
	kv(out, "Device Self-Test", "%s", yes_no(cd->oacs.dsts));
	kv(out, "Directives", "%s", yes_no(cd->oacs.dirs));
	kv(out, "NVMe-MI Send/Receive", "%s", yes_no(cd->oacs.nsrs));
	kv(out, "Virtualization Management", "%s", yes_no(cd->oacs.vms));
	kv(out, "Doorbell Buffer Config", "%s", yes_no(cd->oacs.dbcs));
	kv(out, "Get LBA Status", "%s", yes_no(cd->oacs.glss));

	section(out, "Optional NVM Command Support (ONCS)");
	kv(out, "Compare", "%s", yes_no(cd->oncs.nvmcmps));
	kv(out, "Write Uncorrectable", "%s", yes_no(cd->oncs.nvmwusv));
	kv(out, "Dataset Management", "%s", yes_no(cd->oncs.nvmdsmsv));
	kv(out, "Write Zeroes", "%s", yes_no(cd->oncs.nvmwzsv));
	kv(out, "Set Features Save", "%s", yes_no(cd->oncs.ssfs));
	kv(out, "Reservations", "%s", yes_no(cd->oncs.reservs));
	kv(out, "Timestamp", "%s", yes_no(cd->oncs.tss));
	kv(out, "Verify", "%s", yes_no(cd->oncs.nvmvfys));
	kv(out, "Volatile Write Cache", "%s", cd->vwc.present ? "Present" : "Not Present");
}

static void
print_sgls(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_cdata_sgls *sg = &ic->cdata->sgls;

	section(out, "SGL Support");
	kv(out, "SGLs", "%s", identify_sgl_support_name(sg->supported));
	if (sg->supported == SPDK_NVME_SGLS_NOT_SUPPORTED) {
		return;
	}
	kv(out, "Keyed SGL Data Block", "%s", yes_no(sg->keyed_sgl));
	kv(out, "SGL Bit Bucket", "%s", yes_no(sg->bit_bucket_descriptor));
	kv(out, "Byte Aligned Contiguous Metadata", "%s", yes_no(sg->metadata_pointer));
	kv(out, "Oversized SGL", "%s", yes_no(sg->oversized_sgl));
	kv(out, "Metadata Pointer to SGL", "%s", yes_no(sg->metadata_address));
	kv(out, "SGL Offset", "%s", yes_no(sg->sgl_offset));
}

static void
print_power_states(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	unsigned int i;

	section(out, "Power States");
	kv(out, "Number of Power States", "%u", cd->npss + 1u);
	kv(out, "Autonomous Power State Transitions", "%s", yes_no(cd->apsta.supported));
	for (i = 0; i <= cd->npss && i < 32; i++) {
		const struct spdk_nvme_power_state *ps = &cd->psd[i];
		uint64_t p = identify_ps_max_power_100uw(ps);

		fprintf(out, "  PS%-2u max %" PRIu64 ".%04" PRIu64 " W, %s, entry %u us, exit %u us, "
			"RRT %u RRL %u RWT %u RWL %u\n", i, p / 10000, p % 10000,
			ps->nops ? "non-operational" : "operational", ps->enlat, ps->exlat,
			ps->rrt, ps->rrl, ps->rwt, ps->rwl);
	}
}

static void
print_u128(FILE *out, const char *label, const void *v, const char *unit)
{
	char s[48];

	identify_fmt_u128(s, sizeof(s), v);
	kv(out, label, "%s%s", s, unit);
}

static void
print_health(FILE *out, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_health_information_page *h = &ic->health;
	unsigned int i;

	section(out, "Health Information Log (SMART)");
	if (!ic->have_health) {
		kv(out, "Log Page", "unavailable: %s",
		   spdk_nvme_cpl_get_status_string(&ic->health_status));
		return;
	}
	kv(out, "Critical Warnings", "0x%02x%s%s%s%s%s%s", h->critical_warning.raw,
	   h->critical_warning.raw == 0 ? " (none)" : "",
	   h->critical_warning.bits.available_spare ? " available-spare" : "",
	   h->critical_warning.bits.temperature ? " temperature" : "",
	   h->critical_warning.bits.device_reliability ? " reliability" : "",
	   h->critical_warning.bits.read_only ? " read-only" : "",
	   h->critical_warning.bits.volatile_memory_backup ? " volatile-backup" : "");
	/* Kelvin integers; Celsius as K - 273, as drives and nvme-cli report it. */
	kv(out, "Composite Temperature", "%u K (%d °C)", h->temperature, (int)h->temperature - 273);
	for (i = 0; i < 8; i++) {
		char label[32];

		if (h->temp_sensor[i] == 0) {
			continue;	/* 0: sensor not implemented */
		}
		snprintf(label, sizeof(label), "Temperature Sensor %u", i + 1);
		kv(out, label, "%u K (%d °C)", h->temp_sensor[i], (int)h->temp_sensor[i] - 273);
	}
	kv(out, "Available Spare", "%u%%", h->available_spare);
	kv(out, "Available Spare Threshold", "%u%%", h->available_spare_threshold);
	kv(out, "Percentage Used", "%u%%", h->percentage_used);
	print_u128(out, "Data Units Read", h->data_units_read, " (x 512000 bytes)");
	print_u128(out, "Data Units Written", h->data_units_written, " (x 512000 bytes)");
	print_u128(out, "Host Read Commands", h->host_read_commands, "");
	print_u128(out, "Host Write Commands", h->host_write_commands, "");
	print_u128(out, "Controller Busy Time", h->controller_busy_time, " minutes");
	print_u128(out, "Power Cycles", h->power_cycles, "");
	print_u128(out, "Power On Hours", h->power_on_hours, " hours");
	print_u128(out, "Unsafe Shutdowns", h->unsafe_shutdowns, "");
	print_u128(out, "Media and Data Integrity Errors", h->media_errors, "");
	print_u128(out, "Error Information Log Entries", h->num_error_info_log_entries, "");
	kv(out, "Warning Temperature Time", "%u minutes", h->warning_temp_time);
	kv(out, "Critical Temperature Time", "%u minutes", h->critical_temp_time);
}

static void
print_features(FILE *out, const struct identify_ctrlr *ic)
{
	const struct identify_feature *f;

	section(out, "Features");
	f = &ic->arbitration;
	if (f->ok) {
		uint32_t burst = identify_arbitration_burst(f->value & 0x7);
		char b[16];

		snprintf(b, sizeof(b), "%u", burst);
		/* Weights are 0's based (§5.21.1.1). */
		kv(out, "Arbitration", "burst %s, weights low %u medium %u high %u",
		   burst == 0 ? "unlimited" : b, ((f->value >> 8) & 0xff) + 1u,
		   ((f->value >> 16) & 0xff) + 1u, (f->value >> 24) + 1u);
	} else if (f->unsupported) {
		kv(out, "Arbitration", "not supported by the controller");
	} else {
		kv(out, "Arbitration", "unavailable: %s", spdk_nvme_cpl_get_status_string(&f->status));
	}
	f = &ic->volatile_write_cache;
	if (!ic->cdata->vwc.present) {
		kv(out, "Volatile Write Cache", "not present");
	} else if (f->ok) {
		kv(out, "Volatile Write Cache", "%s", (f->value & 1) ? "enabled" : "disabled");
	} else if (f->unsupported) {
		kv(out, "Volatile Write Cache", "present, feature not supported by the controller");
	} else {
		kv(out, "Volatile Write Cache", "unavailable: %s",
		   spdk_nvme_cpl_get_status_string(&f->status));
	}
	f = &ic->number_of_queues;
	if (f->ok) {
		kv(out, "Number of Queues", "%u submission, %u completion",
		   (f->value & 0xffff) + 1u, (f->value >> 16) + 1u);
	} else if (f->unsupported) {
		kv(out, "Number of Queues", "not supported by the controller");
	} else {
		kv(out, "Number of Queues", "unavailable: %s",
		   spdk_nvme_cpl_get_status_string(&f->status));
	}
}

static const char *
relative_performance_name(unsigned int rp)
{
	static const char *const names[4] = { "best", "better", "good", "degraded" };

	return names[rp & 3];
}

/* NMIC, the optimal I/O fields (NSFEAT bit 4), NOIOB, NVMCAP, ANAGRPID. */
static void
print_ns_io_hints(FILE *out, const struct spdk_nvme_ns_data *nd)
{
	const uint8_t *raw = (const uint8_t *)nd;

	kv(out, "Shared (NMIC)", "%s", (raw[30] & 0x1) ?
	   "yes, may be attached to two or more controllers" : "no");
	if (raw[24] & 0x10) {
		/* 0's based counts of logical blocks. */
		kv(out, "Preferred Write Granularity (NPWG)", "%u blocks", nd->npwg + 1u);
		kv(out, "Preferred Write Alignment (NPWA)", "%u blocks", nd->npwa + 1u);
		kv(out, "Preferred Dealloc Granularity (NPDG)", "%u blocks", nd->npdg + 1u);
		kv(out, "Preferred Dealloc Alignment (NPDA)", "%u blocks", nd->npda + 1u);
		kv(out, "Optimal Write Size (NOWS)", "%u blocks", nd->nows + 1u);
	} else {
		kv(out, "Optimal I/O (NPWG..NOWS)", "not reported (NSFEAT bit 4 clear)");
	}
	if (nd->noiob == 0) {
		kv(out, "Optimal I/O Boundary (NOIOB)", "not reported");
	} else {
		kv(out, "Optimal I/O Boundary (NOIOB)", "%u blocks", nd->noiob);
	}
	print_capacity(out, "NVM Capacity (NVMCAP)", nd->nvmcap);
	kv(out, "ANA Group ID (ANAGRPID)", "%u", nd->anagrpid);
}

static void
print_namespace(FILE *out, const struct identify_ns *ins)
{
	const struct spdk_nvme_ns_data *nd = ins->nsdata;
	uint32_t bs = spdk_nvme_ns_get_sector_size(ins->ns);
	char s[64];
	unsigned int i;

	fprintf(out, "Namespace %u\n", ins->nsid);
	kv(out, "Size (NSZE)", "%" PRIu64 " blocks (%" PRIu64 " bytes, %" PRIu64 " MiB)", nd->nsze,
	   nd->nsze * bs, (nd->nsze * bs) >> 20);
	kv(out, "Capacity (NCAP)", "%" PRIu64 " blocks (%" PRIu64 " bytes)", nd->ncap,
	   nd->ncap * bs);
	kv(out, "Utilization (NUSE)", "%" PRIu64 " blocks (%" PRIu64 "%%)", nd->nuse,
	   nd->ncap ? nd->nuse * 100 / nd->ncap : 0);
	kv(out, "Thin Provisioning", "%s", yes_no(nd->nsfeat.thin_prov));
	kv(out, "Deallocated Blocks Read As", "%s",
	   nd->dlfeat.bits.read_value == SPDK_NVME_DEALLOC_READ_00 ? "zeroes" :
	   nd->dlfeat.bits.read_value == SPDK_NVME_DEALLOC_READ_FF ? "ones" : "not reported");
	kv(out, "Number of LBA Formats", "%u", nd->nlbaf + 1u);
	kv(out, "Current LBA Format", "LBAF%u", nd->flbas.format);
	for (i = 0; i <= nd->nlbaf && i < sizeof(nd->lbaf) / sizeof(nd->lbaf[0]); i++) {
		char size[96];

		identify_fmt_pow2(size, sizeof(size), nd->lbaf[i].lbads);
		fprintf(out, "    LBAF%-2u data %s bytes, metadata %u bytes, performance %s%s\n", i,
			size, nd->lbaf[i].ms, relative_performance_name(nd->lbaf[i].rp),
			i == nd->flbas.format ? "  (current)" : "");
	}
	kv(out, "Metadata Size", "%u bytes", spdk_nvme_ns_get_md_size(ins->ns));
	kv(out, "Metadata Transferred", "%s", nd->flbas.extended ?
	   "with the data (extended LBA)" : "in a separate buffer");
	kv(out, "Metadata Capabilities", "extended LBA %s, separate buffer %s",
	   nd->mc.extended ? "yes" : "no", nd->mc.pointer ? "yes" : "no");
	if (nd->dps.pit == SPDK_NVME_FMT_NVM_PROTECTION_DISABLE) {
		kv(out, "End-to-end Protection", "disabled");
	} else {
		kv(out, "End-to-end Protection", "type %u, in the %s 8 bytes of metadata",
		   nd->dps.pit, nd->dps.md_start ? "first" : "last");
	}
	snprintf(s, sizeof(s), "%s%s%s", nd->dpc.pit1 ? " 1" : "", nd->dpc.pit2 ? " 2" : "",
		 nd->dpc.pit3 ? " 3" : "");
	kv(out, "Protection Types Supported", "%s", s[0] != '\0' ? s + 1 : "none");
	print_ns_io_hints(out, nd);
	if (!identify_all_zero(nd->nguid, sizeof(nd->nguid))) {
		identify_fmt_hex(s, sizeof(s), nd->nguid, sizeof(nd->nguid));
		kv(out, "NGUID", "%s", s);
	}
	if (nd->eui64 != 0) {
		identify_fmt_hex(s, sizeof(s), (const uint8_t *)&nd->eui64, sizeof(nd->eui64));
		kv(out, "EUI64", "%s", s);
	}
	if (ins->have_uuid) {
		identify_fmt_uuid(s, sizeof(s), ins->uuid);
		kv(out, "UUID", "%s", s);
	}
}

/* A fabrics controller as SPDK's tools name it:
 * "TCP (addr:192.168.0.2 subnqn:nqn.2016-06.io.spdk:cnode1)"; PCIe: the address. */
static void
ctrlr_name(char *dst, size_t size, const struct spdk_nvme_transport_id *trid)
{
	if (identify_is_fabrics(trid)) {
		snprintf(dst, size, "%s (addr:%s subnqn:%s)",
			 spdk_nvme_transport_id_trtype_str(trid->trtype), trid->traddr, trid->subnqn);
	} else {
		snprintf(dst, size, "%s", trid->traddr);
	}
}

void
identify_print_text(FILE *out, const struct identify_ctrlr *list)
{
	const struct identify_ctrlr *ic;
	uint32_t i;

	for (ic = list; ic != NULL; ic = ic->next) {
		char name[600];

		ctrlr_name(name, sizeof(name), &ic->trid);
		/* SPDK's identify says "NVMeoF" for a fabrics controller. */
		fprintf(out, "%s\nNVMe%s Controller at %s\n%s\n", BANNER,
			identify_is_fabrics(&ic->trid) ? "oF" : "", name, BANNER);
		print_controller(out, ic);
		if (identify_is_fabrics(&ic->trid)) {
			print_fabrics(out, ic);
		}
		print_limits(out, ic);
		print_oacs_oncs(out, ic);
		print_sgls(out, ic);
		print_firmware_logs_capacity(out, ic);
		print_power_states(out, ic);
		if (ic->is_discovery) {
			identify_print_text_discovery(out, ic);
			fputc('\n', out);
			continue;
		}
		print_health(out, ic);
		print_features(out, ic);
		if (ic->only_nsid != 0) {
			fprintf(out, "Active Namespaces: only NSID %u shown (-r ... ns:%u)\n",
				ic->only_nsid, ic->only_nsid);
		} else {
			fprintf(out, "Active Namespaces: %u\n", ic->num_ns);
		}
		for (i = 0; i < ic->num_ns; i++) {
			print_namespace(out, &ic->ns[i]);
		}
		fputc('\n', out);
	}
}
