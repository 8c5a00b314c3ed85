/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * identify --json: the same information as the text output, as one JSON
 * document {"controllers": [...]}.  Each controller object holds every
 * member `nvme id-ctrl -o json` prints, with nvme-cli's key and value
 * (identify_nvme_cli.c), and each namespace object every member of
 * `nvme id-ns -o json`, so scripts written against nvme-cli keep working.
 * Our decoded values sit beside them under keys of their own: bit fields
 * as "<field>_decoded" objects of booleans, derived values with their unit
 * in the name (max_xfer_size_bytes, temperature_c, ...), 0's based counts
 * as counts (limits.aerl: the number of AERs).  Information the controller
 * did not return or does not report is null.
 */

#include "identify.h"
#include "identify_json.h"

static void
json_ascii(struct json_writer *w, const char *key, const void *field, size_t len)
{
	char s[64];

	identify_fmt_ascii(s, sizeof(s), field, len);
	json_string(w, key, s);
}

static void
json_u128(struct json_writer *w, const char *key, const void *v)
{
	char s[48];

	identify_fmt_u128(s, sizeof(s), v);
	json_number_text(w, key, s);
}

/* {"key": bool, ...} for each bit the table knows. */
static void
json_bits(struct json_writer *w, const char *key, uint32_t value, const struct identify_bit *bits)
{
	json_begin_object(w, key);
	for (; bits->key != NULL; bits++) {
		json_bool(w, bits->key, value & (1u << bits->bit));
	}
	json_end_object(w);
}

/* A value whose 0 means "not reported" (RTD3R, WCTEMP, NOIOB, ...). */
static void
json_u64_or_null(struct json_writer *w, const char *key, uint64_t value)
{
	if (value == 0) {
		json_null(w, key);
	} else {
		json_u64(w, key, value);
	}
}

static void
json_u128_or_null(struct json_writer *w, const char *key, const void *v)
{
	if (identify_u128_is_zero(v)) {
		json_null(w, key);
	} else {
		json_u128(w, key, v);
	}
}

static void
json_version(struct json_writer *w, const char *key, union spdk_nvme_vs_register vs)
{
	char s[16];

	snprintf(s, sizeof(s), "%u.%u.%u", vs.bits.mjr, vs.bits.mnr, vs.bits.ter);
	json_string(w, key, s);
}

static void
json_status(struct json_writer *w, const char *key, const struct spdk_nvme_status *st)
{
	json_string(w, key, spdk_nvme_cpl_get_status_string(st));
}

static void
print_pci(struct json_writer *w, const struct identify_ctrlr *ic)
{
	struct spdk_pci_device *pci = spdk_nvme_ctrlr_get_pci_device(ic->ctrlr);

	if (pci == NULL) {
		json_null(w, "pci");
		return;
	}
	json_begin_object(w, "pci");
	json_u64(w, "vendor_id", spdk_pci_device_get_vendor_id(pci));
	json_u64(w, "device_id", spdk_pci_device_get_device_id(pci));
	json_u64(w, "subsystem_vendor_id", spdk_pci_device_get_subvendor_id(pci));
	json_u64(w, "subsystem_device_id", spdk_pci_device_get_subdevice_id(pci));
	json_end_object(w);
}

/* The whole transport ID, and for fabrics the host NQN used in Connect. */
static void
print_transport_id(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const char *adrfam = spdk_nvme_transport_id_adrfam_str(ic->trid.adrfam);

	json_begin_object(w, "transport_id");
	json_string(w, "trtype", spdk_nvme_transport_id_trtype_str(ic->trid.trtype));
	json_string(w, "traddr", ic->trid.traddr);
	if (identify_is_fabrics(&ic->trid)) {
		if (adrfam != NULL) {
			json_string(w, "adrfam", adrfam);
		} else {
			json_null(w, "adrfam");
		}
		json_string(w, "trsvcid", ic->trid.trsvcid);
		json_string(w, "subnqn", ic->trid.subnqn);
		json_string(w, "hostnqn", spdk_nvme_ctrlr_get_opts(ic->ctrlr)->hostnqn);
	}
	json_end_object(w);
}

/* Identify Controller bytes 2047:1792 decoded (NVMe-oF 1.1 §4.1); null for PCIe.
 * nvme-cli's raw ioccsz/iorcsz/icdoff/fcatt/msdbd/ofcs are beside them. */
static void
print_fabrics(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_cdata_nvmf_specific *f = &ic->cdata->nvmf_specific;
	uint64_t head = 64ull + 16ull * f->icdoff;

	if (!identify_is_fabrics(&ic->trid)) {
		json_null(w, "fabrics");
		return;
	}
	json_begin_object(w, "fabrics");
	json_u64(w, "command_capsule_bytes", 16ull * f->ioccsz);
	json_u64(w, "in_capsule_data_bytes", 16ull * f->ioccsz > head ? 16ull * f->ioccsz - head : 0);
	json_u64(w, "response_capsule_bytes", 16ull * f->iorcsz);
	json_u64(w, "in_capsule_data_offset_bytes", 16ull * f->icdoff);
	json_bool(w, "static_controller_model",
		  f->ctrattr.ctrlr_model == SPDK_NVMF_CTRLR_MODEL_STATIC);
	json_u64(w, "max_sgl_descriptors", f->msdbd);
	json_bool(w, "disconnect_supported", f->ofcs.disconnect);
	json_end_object(w);
}

static void
print_limits(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	union spdk_nvme_cap_register cap = spdk_nvme_ctrlr_get_regs_cap(ic->ctrlr);

	json_begin_object(w, "limits");
	if (cd->mdts == 0) {
		json_null(w, "mdts_bytes");	/* no limit */
	} else {
		char s[96];

		identify_fmt_pow2(s, sizeof(s), cd->mdts + 12u + cap.bits.mpsmin);
		json_number_text(w, "mdts_bytes", s);
	}
	json_u64(w, "max_xfer_size_bytes", spdk_nvme_ctrlr_get_max_xfer_size(ic->ctrlr));
	json_u64(w, "max_queue_entries", cap.bits.mqes + 1u);
	if (ic->number_of_queues.ok) {
		json_begin_object(w, "io_queues_granted");
		json_u64(w, "submission", (ic->number_of_queues.value & 0xffff) + 1u);
		json_u64(w, "completion", (ic->number_of_queues.value >> 16) + 1u);
		json_end_object(w);
	} else {
		json_null(w, "io_queues_granted");
	}
	json_u64(w, "aerl", cd->aerl + 1u);
	json_u64(w, "acl", cd->acl + 1u);
	json_u64(w, "elpe", cd->elpe + 1u);
	json_begin_object(w, "sqes");
	json_u64(w, "min", cd->sqes.min);
	json_u64(w, "max", cd->sqes.max);
	json_end_object(w);
	json_begin_object(w, "cqes");
	json_u64(w, "min", cd->cqes.min);
	json_u64(w, "max", cd->cqes.max);
	json_end_object(w);
	json_u64(w, "maxcmd", cd->maxcmd);
	json_u64(w, "nn", cd->nn);
	json_end_object(w);
}

static void
print_oacs_oncs_sgls(struct json_writer *w, const struct spdk_nvme_ctrlr_data *cd)
{
	json_begin_object(w, "oacs_decoded");
	json_bool(w, "security", cd->oacs.ssrs);
	json_bool(w, "format", cd->oacs.fnvms);
	json_bool(w, "firmware", cd->oacs.fwds);
	json_bool(w, "ns_manage", cd->oacs.nms);
	json_bool(w, "device_self_test", cd->oacs.dsts);
	json_bool(w, "directives", cd->oacs.dirs);
	json_bool(w, "nvme_mi", cd->oacs.nsrs);
	json_bool(w, "virtualization_management", cd->oacs.vms);
	json_bool(w, "doorbell_buffer_config", cd->oacs.dbcs);
	json_bool(w, "get_lba_status", cd->oacs.glss);
	json_end_object(w);

	json_begin_object(w, "oncs_decoded");
	json_bool(w, "compare", cd->oncs.nvmcmps);
	json_bool(w, "write_uncorrectable", cd->oncs.nvmwusv);
	json_bool(w, "dataset_management", cd->oncs.nvmdsmsv);
	json_bool(w, "write_zeroes", cd->oncs.nvmwzsv);
	json_bool(w, "set_features_save", cd->oncs.ssfs);
	json_bool(w, "reservations", cd->oncs.reservs);
	json_bool(w, "timestamp", cd->oncs.tss);
	json_bool(w, "verify", cd->oncs.nvmvfys);
	json_end_object(w);
	json_bool(w, "volatile_write_cache_present", cd->vwc.present);

	json_begin_object(w, "sgls_decoded");
	json_string(w, "support", identify_sgl_support_name(cd->sgls.supported));
	json_bool(w, "keyed_sgl", cd->sgls.keyed_sgl);
	json_bool(w, "bit_bucket", cd->sgls.bit_bucket_descriptor);
	json_bool(w, "metadata_pointer", cd->sgls.metadata_pointer);
	json_bool(w, "oversized_sgl", cd->sgls.oversized_sgl);
	json_bool(w, "metadata_address", cd->sgls.metadata_address);
	json_bool(w, "sgl_offset", cd->sgls.sgl_offset);
	json_end_object(w);
}

static void
print_power_states(struct json_writer *w, const struct spdk_nvme_ctrlr_data *cd)
{
	unsigned int i;

	json_bool(w, "apst_supported", cd->apsta.supported);
	json_begin_array(w, "power_states");
	for (i = 0; i <= cd->npss && i < 32; i++) {
		const struct spdk_nvme_power_state *ps = &cd->psd[i];

		json_begin_object(w, NULL);
		json_u64(w, "ps", i);
		json_fixed(w, "max_power_w", identify_ps_max_power_100uw(ps), 4);
		json_bool(w, "non_operational", ps->nops);
		json_u64(w, "enlat_us", ps->enlat);
		json_u64(w, "exlat_us", ps->exlat);
		json_u64(w, "rrt", ps->rrt);
		json_u64(w, "rrl", ps->rrl);
		json_u64(w, "rwt", ps->rwt);
		json_u64(w, "rwl", ps->rwl);
		json_end_object(w);
	}
	json_end_array(w);
}

static void
print_health(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_health_information_page *h = &ic->health;
	unsigned int i;

	if (!ic->have_health) {
		json_null(w, "health");
		json_status(w, "health_error", &ic->health_status);
		return;
	}
	json_begin_object(w, "health");
	json_u64(w, "critical_warning", h->critical_warning.raw);
	json_u64(w, "temperature_k", h->temperature);
	/* Celsius as K - 273, as drives and nvme-cli report it. */
	json_i64(w, "temperature_c", (int64_t)h->temperature - 273);
	json_begin_array(w, "temperature_sensors_k");
	for (i = 0; i < 8; i++) {
		if (h->temp_sensor[i] != 0) {	/* 0: not implemented */
			json_u64(w, NULL, h->temp_sensor[i]);
		}
	}
	json_end_array(w);
	json_u64(w, "available_spare_pct", h->available_spare);
	json_u64(w, "available_spare_threshold_pct", h->available_spare_threshold);
	json_u64(w, "percentage_used", h->percentage_used);
	json_u128(w, "data_units_read", h->data_units_read);
	json_u128(w, "data_units_written", h->data_units_written);
	json_u128(w, "host_read_commands", h->host_read_commands);
	json_u128(w, "host_write_commands", h->host_write_commands);
	json_u128(w, "controller_busy_time_min", h->controller_busy_time);
	json_u128(w, "power_cycles", h->power_cycles);
	json_u128(w, "power_on_hours", h->power_on_hours);
	json_u128(w, "unsafe_shutdowns", h->unsafe_shutdowns);
	json_u128(w, "media_errors", h->media_errors);
	json_u128(w, "error_log_entries", h->num_error_info_log_entries);
	json_u64(w, "warning_temp_time_min", h->warning_temp_time);
	json_u64(w, "critical_temp_time_min", h->critical_temp_time);
	json_end_object(w);
}

static void
print_features(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct identify_feature *f;

	json_begin_object(w, "features");
	f = &ic->arbitration;
	if (f->ok) {
		uint32_t burst = identify_arbitration_burst(f->value & 0x7);

		json_begin_object(w, "arbitration");
		if (burst == 0) {
			json_null(w, "burst");	/* no limit */
		} else {
			json_u64(w, "burst", burst);
		}
		/* The weights are 0's based in the feature (§5.21.1.1). */
		json_u64(w, "low_priority_weight", ((f->value >> 8) & 0xff) + 1u);
		json_u64(w, "medium_priority_weight", ((f->value >> 16) & 0xff) + 1u);
		json_u64(w, "high_priority_weight", (f->value >> 24) + 1u);
		json_end_object(w);
	} else {
		json_null(w, "arbitration");
	}
	f = &ic->volatile_write_cache;
	json_begin_object(w, "volatile_write_cache");
	json_bool(w, "present", ic->cdata->vwc.present);
	if (ic->cdata->vwc.present && f->ok) {
		json_bool(w, "enabled", f->value & 1);
	} else {
		json_null(w, "enabled");
	}
	json_end_object(w);
	f = &ic->number_of_queues;
	if (f->ok) {
		json_begin_object(w, "number_of_queues");
		json_u64(w, "submission", (f->value & 0xffff) + 1u);
		json_u64(w, "completion", (f->value >> 16) + 1u);
		json_end_object(w);
	} else {
		json_null(w, "number_of_queues");
	}
	json_end_object(w);
}

static void
print_lba_formats(struct json_writer *w, const struct spdk_nvme_ns_data *nd)
{
	unsigned int i;

	/* nlbaf and flbas are nvme-cli's raw members; these are decoded. */
	json_u64(w, "lba_format_count", nd->nlbaf + 1u);
	json_u64(w, "current_lba_format", nd->flbas.format);
	json_begin_array(w, "lba_formats");
	for (i = 0; i <= nd->nlbaf && i < 16; i++) {
		char size[96];

		json_begin_object(w, NULL);
		json_u64(w, "index", i);
		json_u64(w, "ms", nd->lbaf[i].ms);
		json_u64(w, "lbads", nd->lbaf[i].lbads);
		identify_fmt_pow2(size, sizeof(size), nd->lbaf[i].lbads);
		json_number_text(w, "data_size", size);
		json_u64(w, "rp", nd->lbaf[i].rp);
		json_bool(w, "current", i == nd->flbas.format);
		json_end_object(w);
	}
	json_end_array(w);
}

/* The fields identify added for nvme-cli's users, decoded (raw: the
 * nvme-cli members). */
static void
print_ctrlr_attributes(struct json_writer *w, const struct spdk_nvme_ctrlr_data *cd)
{
	const uint8_t *raw = (const uint8_t *)cd;
	uint8_t frmw = raw[260];

	/* Microseconds; 0: not reported (Figure 247 bytes 91:84). */
	json_u64_or_null(w, "rtd3_resume_latency_us", cd->rtd3r);
	json_u64_or_null(w, "rtd3_entry_latency_us", cd->rtd3e);
	json_bits(w, "oaes_decoded", (uint32_t)identify_le(raw, 92, 4), identify_oaes_bits);
	json_bits(w, "ctratt_decoded", (uint32_t)identify_le(raw, 96, 4), identify_ctratt_bits);
	json_begin_object(w, "frmw_decoded");
	json_u64(w, "slots", (frmw >> 1) & 0x7);
	json_bool(w, "slot1_read_only", frmw & 0x1);
	json_bool(w, "activation_without_reset", frmw & 0x10);
	json_end_object(w);
	json_bits(w, "lpa_decoded", raw[261], identify_lpa_bits);
	/* Kelvin; 0: no threshold reported. */
	json_begin_object(w, "temperature_thresholds");
	json_u64_or_null(w, "warning_k", cd->wctemp);
	if (cd->wctemp == 0) {
		json_null(w, "warning_c");
	} else {
		json_i64(w, "warning_c", (int64_t)cd->wctemp - 273);
	}
	json_u64_or_null(w, "critical_k", cd->cctemp);
	if (cd->cctemp == 0) {
		json_null(w, "critical_c");
	} else {
		json_i64(w, "critical_c", (int64_t)cd->cctemp - 273);
	}
	json_end_object(w);
	/* Bytes, as exact numbers; 0: not reported (needs namespace management). */
	json_begin_object(w, "nvm_capacity_bytes");
	json_u128_or_null(w, "total", cd->tnvmcap);
	json_u128_or_null(w, "unallocated", cd->unvmcap);
	json_end_object(w);
}

/* NPWG..NOWS are 0's based block counts, defined when NSFEAT bit 4 is set. */
static void
print_optimal_io(struct json_writer *w, const struct spdk_nvme_ns_data *nd)
{
	if (!(((const uint8_t *)nd)[24] & 0x10)) {
		json_null(w, "optimal_io_blocks");
	} else {
		json_begin_object(w, "optimal_io_blocks");
		json_u64(w, "write_granularity", nd->npwg + 1u);
		json_u64(w, "write_alignment", nd->npwa + 1u);
		json_u64(w, "deallocate_granularity", nd->npdg + 1u);
		json_u64(w, "deallocate_alignment", nd->npda + 1u);
		json_u64(w, "write_size", nd->nows + 1u);
		json_end_object(w);
	}
	json_u64_or_null(w, "optimal_io_boundary_blocks", nd->noiob);
}

static void
print_namespace(struct json_writer *w, const struct identify_ns *ins)
{
	const struct spdk_nvme_ns_data *nd = ins->nsdata;
	uint32_t bs = spdk_nvme_ns_get_sector_size(ins->ns);
	char s[40];

	json_begin_object(w, NULL);
	json_u64(w, "nsid", ins->nsid);
	identify_json_nvme_cli_ns(w, nd);
	json_u64(w, "size_bytes", spdk_nvme_ns_get_size(ins->ns));
	json_u64(w, "capacity_bytes", nd->ncap * bs);
	json_u64(w, "utilization_bytes", nd->nuse * bs);
	json_u64(w, "block_size", bs);
	json_bool(w, "thin_provisioning", nd->nsfeat.thin_prov);
	print_lba_formats(w, nd);
	json_begin_object(w, "metadata");
	json_u64(w, "size", spdk_nvme_ns_get_md_size(ins->ns));
	json_bool(w, "extended_lba", nd->flbas.extended);
	json_bool(w, "mc_extended", nd->mc.extended);
	json_bool(w, "mc_pointer", nd->mc.pointer);
	json_end_object(w);
	json_begin_object(w, "protection");
	json_u64(w, "type", nd->dps.pit);
	json_bool(w, "first_bytes", nd->dps.md_start);
	json_bool(w, "type1_supported", nd->dpc.pit1);
	json_bool(w, "type2_supported", nd->dpc.pit2);
	json_bool(w, "type3_supported", nd->dpc.pit3);
	json_end_object(w);
	/* NMIC bit 0: may be attached to two or more controllers. */
	json_bool(w, "shared", ((const uint8_t *)nd)[30] & 0x1);
	print_optimal_io(w, nd);
	json_u128_or_null(w, "nvm_capacity_bytes", nd->nvmcap);
	if (ins->have_uuid) {
		identify_fmt_uuid(s, sizeof(s), ins->uuid);
		json_string(w, "uuid", s);
	} else {
		json_null(w, "uuid");
	}
	json_end_object(w);
}

static void
print_controller(struct json_writer *w, const struct identify_ctrlr *ic)
{
	const struct spdk_nvme_ctrlr_data *cd = ic->cdata;
	uint32_t i;
	char s[16];

	json_begin_object(w, NULL);
	json_string(w, "trtype", spdk_nvme_transport_id_trtype_str(ic->trid.trtype));
	json_string(w, "traddr", ic->trid.traddr);
	if (ic->trid.trtype != SPDK_NVME_TRANSPORT_PCIE) {
		json_string(w, "trsvcid", ic->trid.trsvcid);
		json_string(w, "trid_subnqn", ic->trid.subnqn);
		json_bool(w, "discovery", ic->is_discovery);
	}
	print_transport_id(w, ic);
	print_pci(w, ic);
	print_fabrics(w, ic);
	identify_json_nvme_cli_ctrlr(w, cd);
	json_ascii(w, "serial", cd->sn, sizeof(cd->sn));
	json_ascii(w, "model", cd->mn, sizeof(cd->mn));
	json_ascii(w, "firmware", cd->fr, sizeof(cd->fr));
	json_version(w, "version", spdk_nvme_ctrlr_get_regs_vs(ic->ctrlr));
	snprintf(s, sizeof(s), "%02x%02x%02x", cd->ieee[2], cd->ieee[1], cd->ieee[0]);
	json_string(w, "ieee_oui", s);
	print_limits(w, ic);
	print_oacs_oncs_sgls(w, cd);
	print_ctrlr_attributes(w, cd);
	print_power_states(w, cd);
	if (ic->is_discovery) {
		/* No health log, features or namespaces on a discovery controller. */
		identify_print_json_discovery(w, ic);
		json_begin_array(w, "namespaces");
		json_end_array(w);
		json_end_object(w);
		return;
	}
	print_health(w, ic);
	print_features(w, ic);
	json_begin_array(w, "namespaces");
	for (i = 0; i < ic->num_ns; i++) {
		print_namespace(w, &ic->ns[i]);
	}
	json_end_array(w);
	json_end_object(w);
}

void
identify_print_json(FILE *out, const struct identify_ctrlr *list)
{
	struct json_writer w;
	const struct identify_ctrlr *ic;

	json_init(&w, out);
	json_begin_object(&w, NULL);
	json_begin_array(&w, "controllers");
	for (ic = list; ic != NULL; ic = ic->next) {
		print_controller(&w, ic);
	}
	json_end_array(&w);
	json_end_object(&w);
	if (!json_finish(&w)) {
		fprintf(stderr, "identify: internal error: unbalanced JSON output\n");
	}
}
