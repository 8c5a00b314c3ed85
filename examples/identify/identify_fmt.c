/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Formatting helpers shared by the text and JSON printers of identify.
 */
#include <stdio.h>
#include <string.h>

#include "identify.h"

void
identify_fmt_ascii(char *dst, size_t size, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t n = 0, i;

	if (size == 0) {
		return;
	}
	/* Identify strings are ASCII, space padded, not terminated (§1.5). */
	for (i = 0; i < len && n + 1 < size; i++) {
		unsigned char c = s[i];

		if (c == '\0') {
			break;
		}
		dst[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
	}
	while (n > 0 && dst[n - 1] == ' ') {
		n--;
	}
	dst[n] = '\0';
}

void
identify_fmt_raw_ascii(char *dst, size_t size, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t n = 0, i;

	if (size == 0) {
		return;
	}
	/* nvme-cli prints the field with "%-.*s": up to a NUL, nothing trimmed.
	 * Control characters stay (the JSON writer escapes them). */
	for (i = 0; i < len && n + 1 < size && s[i] != '\0'; i++) {
		dst[n++] = s[i] < 0x80 ? (char)s[i] : '.';
	}
	dst[n] = '\0';
}

bool
identify_u128_is_zero(const void *le128)
{
	static const uint8_t zero[16];

	return memcmp(le128, zero, sizeof(zero)) == 0;
}

void
identify_fmt_u128(char *dst, size_t size, const void *le128)
{
	/* Identify data is packed (as SPDK's): the field may be misaligned. */
	uint64_t v[2];
	unsigned __int128 x;

	memcpy(v, le128, sizeof(v));
	x = ((unsigned __int128)v[1] << 64) | v[0];
	char rev[48];
	size_t n = 0, i;

	do {
		rev[n++] = (char)('0' + (int)(x % 10));
		x /= 10;
	} while (x != 0 && n < sizeof(rev));
	for (i = 0; i < n && i + 1 < size; i++) {
		dst[i] = rev[n - 1 - i];
	}
	if (size > 0) {
		dst[i < size ? i : size - 1] = '\0';
	}
}

void
identify_fmt_pow2(char *dst, size_t size, unsigned int exp)
{
	/* Decimal digits, least significant first, doubled exp times: MDTS and
	 * LBADS are device bytes, so 2^exp can be far beyond 64 bits. */
	unsigned char d[128] = { 1 };
	size_t n = 1, i;

	if (size == 0) {
		return;
	}
	for (unsigned int e = 0; e < exp; e++) {
		unsigned int carry = 0;

		for (i = 0; i < n; i++) {
			unsigned int v = d[i] * 2u + carry;

			d[i] = (unsigned char)(v % 10);
			carry = v / 10;
		}
		if (carry != 0 && n < sizeof(d)) {
			d[n++] = (unsigned char)carry;
		}
	}
	for (i = 0; i < n && i + 1 < size; i++) {
		dst[i] = (char)('0' + d[n - 1 - i]);
	}
	dst[i] = '\0';
}

void
identify_fmt_hex(char *dst, size_t size, const uint8_t *bytes, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 2 < size; i++) {
		n += (size_t)snprintf(dst + n, size - n, "%02x", bytes[i]);
	}
	if (size > 0) {
		dst[n < size ? n : size - 1] = '\0';
	}
}

void
identify_fmt_uuid(char *dst, size_t size, const uint8_t u[16])
{
	snprintf(dst, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7],
		 u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

bool
identify_all_zero(const uint8_t *bytes, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (bytes[i] != 0) {
			return false;
		}
	}
	return true;
}

uint64_t
identify_ps_max_power_100uw(const struct spdk_nvme_power_state *ps)
{
	/* MP is in 0.01 W units, or 0.0001 W when MPS is set (Figure 248). */
	return ps->mps ? ps->mp : (uint64_t)ps->mp * 100;
}

const char *
identify_sgl_support_name(uint32_t supported)
{
	switch (supported) {
	case SPDK_NVME_SGLS_NOT_SUPPORTED:
		return "not supported";
	case SPDK_NVME_SGLS_SUPPORTED:
		return "supported";
	case SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED:
		return "supported (dword aligned)";
	default:
		return "reserved value";
	}
}

uint32_t
identify_arbitration_burst(uint32_t ab)
{
	/* AB is a power of two; 111b means no limit (§5.21.1.1). */
	return ab == 7 ? 0 : 1u << ab;
}

/* Identify Controller bits (NVMe 1.4 Figure 247, and the ones NVMe 2.0 added).
 * Optional Asynchronous Events Supported (bytes 95:92). */
const struct identify_bit identify_oaes_bits[] = {
	{ 8, "namespace_attribute_notices", "Namespace Attribute Notices" },
	{ 9, "firmware_activation_notices", "Firmware Activation Notices" },
	{ 11, "ana_change_notices", "ANA Change Notices" },
	{ 12, "predictable_latency_event_notices", "Predictable Latency Event Notices" },
	{ 13, "lba_status_information_notices", "LBA Status Information Notices" },
	{ 14, "endurance_group_event_notices", "Endurance Group Event Notices" },
	{ 15, "normal_shutdown_notices", "Normal NVM Subsystem Shutdown Notices" },
	{ 27, "zone_descriptor_changed_notices", "Zone Descriptor Changed Notices" },
	{ 31, "discovery_log_change_notices", "Discovery Log Page Change Notices" },
	{ 0, NULL, NULL },
};

/* Controller Attributes (bytes 99:96). */
const struct identify_bit identify_ctratt_bits[] = {
	{ 0, "host_identifier_128bit", "128-bit Host Identifier" },
	{ 1, "non_operational_power_state_permissive", "Non-Operational Power State Permissive" },
	{ 2, "nvm_sets", "NVM Sets" },
	{ 3, "read_recovery_levels", "Read Recovery Levels" },
	{ 4, "endurance_groups", "Endurance Groups" },
	{ 5, "predictable_latency_mode", "Predictable Latency Mode" },
	{ 6, "traffic_based_keep_alive", "Traffic Based Keep Alive" },
	{ 7, "namespace_granularity", "Namespace Granularity" },
	{ 8, "sq_associations", "SQ Associations" },
	{ 9, "uuid_list", "UUID List" },
	{ 10, "multi_domain_subsystem", "Multi-Domain Subsystem" },
	{ 11, "fixed_capacity_management", "Fixed Capacity Management" },
	{ 12, "variable_capacity_management", "Variable Capacity Management" },
	{ 13, "delete_endurance_group", "Delete Endurance Group" },
	{ 14, "delete_nvm_set", "Delete NVM Set" },
	{ 15, "extended_lba_formats", "Extended LBA Formats" },
	{ 19, "flexible_data_placement", "Flexible Data Placement" },
	{ 0, NULL, NULL },
};

/* Log Page Attributes (byte 261). */
const struct identify_bit identify_lpa_bits[] = {
	{ 0, "smart_per_namespace", "SMART / Health Log per Namespace" },
	{ 1, "commands_supported_and_effects", "Commands Supported and Effects Log" },
	{ 2, "extended_data", "Extended Data for Get Log Page" },
	{ 3, "telemetry", "Telemetry Logs" },
	{ 4, "persistent_event_log", "Persistent Event Log" },
	{ 5, "supported_logs_and_effects", "Supported Log Pages and Effects Logs" },
	{ 6, "telemetry_data_area_4", "Telemetry Data Area 4" },
	{ 0, NULL, NULL },
};

void
identify_fmt_bits(char *dst, size_t size, uint32_t value, const struct identify_bit *bits)
{
	size_t n;
	unsigned int b;
	bool first = true;

	if (size == 0) {
		return;
	}
	n = (size_t)snprintf(dst, size, "0x%x%s", value, value == 0 ? " (none)" : ":");
	for (b = 0; b < 32 && n < size; b++) {
		const struct identify_bit *t;
		const char *name = NULL;
		char other[16];

		if (!(value & (1u << b))) {
			continue;
		}
		for (t = bits; t->key != NULL; t++) {
			if (t->bit == b) {
				name = t->name;
			}
		}
		if (name == NULL) {
			snprintf(other, sizeof(other), "bit %u", b);
			name = other;
		}
		n += (size_t)snprintf(dst + n, size - n, "%s %s", first ? "" : ",", name);
		first = false;
	}
}
