/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What examples/identify gathers about one controller and its active
 * namespaces, shared by the gathering code and the two printers.  Only the
 * public SPDK-compatible API is used, so the example builds against SPDK too.
 */
#ifndef IDENTIFY_H
#define IDENTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "spdk/nvme.h"

/* One GET FEATURES result: cpl.cdw0 is the value when ok. */
struct identify_feature {
	bool			ok;
	/* Rejected with Invalid Field in Command: the controller does not
	 * implement this feature (the Linux NVMe-oF target has no Arbitration). */
	bool			unsupported;
	uint32_t		value;
	struct spdk_nvme_status	status;		/* why not, when !ok */
};

/* NVMe over Fabrics: a transport with Connect and properties instead of a PCI function. */
static inline bool
identify_is_fabrics(const struct spdk_nvme_transport_id *trid)
{
	return trid->trtype == SPDK_NVME_TRANSPORT_TCP || trid->trtype == SPDK_NVME_TRANSPORT_RDMA ||
	       trid->trtype == SPDK_NVME_TRANSPORT_FC;
}

struct identify_ns {
	uint32_t			nsid;
	struct spdk_nvme_ns		*ns;
	const struct spdk_nvme_ns_data	*nsdata;
	/* From the Namespace Identification Descriptor list (CNS 03h, §5.15.2.3). */
	bool				have_desc_list;
	bool				have_uuid;
	uint8_t				uuid[16];
	bool				have_desc_nguid;
	uint8_t				desc_nguid[16];
	bool				have_desc_eui64;
	uint8_t				desc_eui64[8];
};

struct identify_ctrlr {
	struct spdk_nvme_ctrlr			*ctrlr;
	struct spdk_nvme_transport_id		trid;
	const struct spdk_nvme_ctrlr_data	*cdata;

	/* SMART / Health Information log (§5.14.1.2) */
	bool					have_health;
	struct spdk_nvme_status			health_status;
	struct spdk_nvme_health_information_page health;

	/* GET FEATURES, current values (§5.21.1) */
	struct identify_feature			arbitration;
	struct identify_feature			volatile_write_cache;
	struct identify_feature			number_of_queues;

	/* A discovery controller (NVMe-oF 1.1 §5): its log instead of health,
	 * features and namespaces (identify_discovery.c); malloc()ed. */
	bool					is_discovery;
	struct spdk_nvmf_discovery_log_page	*disc_log;

	uint32_t				only_nsid;	/* -r ... ns:N; 0: all */
	struct identify_ns			*ns;	/* active namespaces, ascending */
	uint32_t				num_ns;

	struct identify_ctrlr			*next;
};

/* identify_gather.c: send the admin commands; 0 or a negative errno. */
int identify_gather(struct identify_ctrlr *ic);
void identify_release(struct identify_ctrlr *ic);

/* identify_discovery.c: the discovery log of a discovery controller, and
 * its entries printed (text, and the "discovery_log" JSON member). */
struct json_writer;
int identify_gather_discovery(struct identify_ctrlr *ic);
void identify_print_text_discovery(FILE *out, const struct identify_ctrlr *ic);
void identify_print_json_discovery(struct json_writer *w, const struct identify_ctrlr *ic);

/* identify_print_text.c / identify_print_json.c */
void identify_print_text(FILE *out, const struct identify_ctrlr *list);
void identify_print_json(FILE *out, const struct identify_ctrlr *list);

/* identify_nvme_cli.c: the members `nvme id-ctrl -o json` / `nvme id-ns -o json`
 * print, with nvme-cli's keys and values, into the current JSON object. */
void identify_json_nvme_cli_ctrlr(struct json_writer *w, const struct spdk_nvme_ctrlr_data *cd);
void identify_json_nvme_cli_ns(struct json_writer *w, const struct spdk_nvme_ns_data *nd);
/* The little-endian unsigned of len (<= 8) bytes at byte off of data. */
uint64_t identify_le(const void *data, size_t off, size_t len);

/* identify_fmt.c: helpers both printers use. */
/* Fixed-width, space-padded ASCII field (SN, MN, FR) without the padding. */
void identify_fmt_ascii(char *dst, size_t size, const void *src, size_t len);
/* The same field as nvme-cli shows it: up to the first NUL, padding kept
 * (bytes above 7Fh become '.'). */
void identify_fmt_raw_ascii(char *dst, size_t size, const void *src, size_t len);
/* 128-bit little-endian counter (two uint64_t, low first) in decimal. */
void identify_fmt_u128(char *dst, size_t size, const void *le128);
/* True when the 16 bytes at le128 (any alignment) are all zero. */
bool identify_u128_is_zero(const void *le128);
/* 2^exp in decimal, exactly, for any exp up to 400 (MDTS, LBADS). */
void identify_fmt_pow2(char *dst, size_t size, unsigned int exp);
/* Bytes as lower-case hex; UUIDs in 8-4-4-4-12 form. */
void identify_fmt_hex(char *dst, size_t size, const uint8_t *bytes, size_t len);
void identify_fmt_uuid(char *dst, size_t size, const uint8_t uuid[16]);
bool identify_all_zero(const uint8_t *bytes, size_t len);
/* Power state maximum power in units of 0.0001 W (MPS selects 0.01 or 0.0001 W). */
uint64_t identify_ps_max_power_100uw(const struct spdk_nvme_power_state *ps);
/* "not supported", "supported", "supported (dword aligned)" (SGLS bits 1:0). */
const char *identify_sgl_support_name(uint32_t supported);
/* Arbitration burst from the feature's AB field: 2^AB, 0 for "no limit" (7). */
uint32_t identify_arbitration_burst(uint32_t ab);

/* One capability bit of an Identify field: its JSON key and its text name. */
struct identify_bit {
	uint8_t		bit;
	const char	*key;
	const char	*name;
};
/* OAES, CTRATT and LPA bits with a meaning in NVMe 2.0; key NULL ends each. */
extern const struct identify_bit identify_oaes_bits[];
extern const struct identify_bit identify_ctratt_bits[];
extern const struct identify_bit identify_lpa_bits[];
/* "0x%x" then the names of the set bits (", "-separated, "bit N" for one the
 * table does not know), or " (none)". */
void identify_fmt_bits(char *dst, size_t size, uint32_t value, const struct identify_bit *bits);

#endif /* IDENTIFY_H */
