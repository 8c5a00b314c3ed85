/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The Identify fields `nvme id-ctrl -o json` and `nvme id-ns -o json`
 * (nvme-cli 2.3, Debian 12) print, under the same keys and with the same
 * values, so a script written against nvme-cli reads identify --json as is:
 * the spec's raw field values, numbers as numbers, 128-bit fields (TNVMCAP,
 * NVMCAP, ...) as decimal strings, SN/MN/FR/SUBNQN as the device's bytes up
 * to the first NUL with their space padding kept.  Fields are read from the
 * data structure by their byte offsets (NVMe 1.4 §5.15.2: Identify
 * Controller Figure 247, Power State Descriptor Figure 248, Identify
 * Namespace Figure 249; plus the fields NVMe 2.0 added), so reserved and
 * newer bits pass through as the device sent them, as nvme-cli shows them.
 *
 * Differences on purpose, where nvme-cli 2.3 prints what the device did not
 * say: a 32-bit field of 2^31 or more is printed unsigned (nvme-cli 2.3 goes
 * through a signed 32-bit JSON integer and prints it negative); at most 32
 * power states and 64 LBA formats are listed (the structures hold no more;
 * nvme-cli reads past them when NPSS or NLBAF is out of range); a byte above
 * 7Fh in an ASCII field is printed as '.' (the spec allows only ASCII, and
 * identify's output stays ASCII); an empty SUBNQN is null (nvme-cli leaves
 * the key out); NPWG..NOWS are null when NSFEAT bit 4 says they are not
 * defined (nvme-cli leaves them out).
 */
#include <string.h>

#include "identify.h"
#include "identify_json.h"

enum field_kind {
	F_UINT,		/* little-endian unsigned, 1 to 8 bytes */
	F_U128,		/* 16 bytes little-endian, as a decimal string */
	F_ASCII,	/* ASCII up to the first NUL, padding kept */
	F_IEEE,		/* the 3-byte OUI as one number */
	F_UUID,		/* 16 bytes in 8-4-4-4-12 form */
	F_HEX,		/* bytes in order as lower-case hex (EUI64, NGUID) */
};

struct field {
	const char	*key;
	uint16_t	off;
	uint16_t	len;
	uint8_t		kind;
};

/* Identify Controller, in nvme-cli's order (without its SUBNQN and psds,
 * which are written apart). */
static const struct field ctrlr_fields[] = {
	{ "vid", 0, 2, F_UINT }, { "ssvid", 2, 2, F_UINT },
	{ "sn", 4, 20, F_ASCII }, { "mn", 24, 40, F_ASCII }, { "fr", 64, 8, F_ASCII },
	{ "rab", 72, 1, F_UINT }, { "ieee", 73, 3, F_IEEE }, { "cmic", 76, 1, F_UINT },
	{ "mdts", 77, 1, F_UINT }, { "cntlid", 78, 2, F_UINT }, { "ver", 80, 4, F_UINT },
	{ "rtd3r", 84, 4, F_UINT }, { "rtd3e", 88, 4, F_UINT }, { "oaes", 92, 4, F_UINT },
	{ "ctratt", 96, 4, F_UINT }, { "rrls", 100, 2, F_UINT },
	{ "cntrltype", 111, 1, F_UINT }, { "fguid", 112, 16, F_UUID },
	{ "crdt1", 128, 2, F_UINT }, { "crdt2", 130, 2, F_UINT }, { "crdt3", 132, 2, F_UINT },
	{ "nvmsr", 253, 1, F_UINT }, { "vwci", 254, 1, F_UINT }, { "mec", 255, 1, F_UINT },
	{ "oacs", 256, 2, F_UINT }, { "acl", 258, 1, F_UINT }, { "aerl", 259, 1, F_UINT },
	{ "frmw", 260, 1, F_UINT }, { "lpa", 261, 1, F_UINT }, { "elpe", 262, 1, F_UINT },
	{ "npss", 263, 1, F_UINT }, { "avscc", 264, 1, F_UINT }, { "apsta", 265, 1, F_UINT },
	{ "wctemp", 266, 2, F_UINT }, { "cctemp", 268, 2, F_UINT }, { "mtfa", 270, 2, F_UINT },
	{ "hmpre", 272, 4, F_UINT }, { "hmmin", 276, 4, F_UINT },
	{ "tnvmcap", 280, 16, F_U128 }, { "unvmcap", 296, 16, F_U128 },
	{ "rpmbs", 312, 4, F_UINT }, { "edstt", 316, 2, F_UINT }, { "dsto", 318, 1, F_UINT },
	{ "fwug", 319, 1, F_UINT }, { "kas", 320, 2, F_UINT }, { "hctma", 322, 2, F_UINT },
	{ "mntmt", 324, 2, F_UINT }, { "mxtmt", 326, 2, F_UINT },
	{ "sanicap", 328, 4, F_UINT }, { "hmminds", 332, 4, F_UINT },
	{ "hmmaxd", 336, 2, F_UINT }, { "nsetidmax", 338, 2, F_UINT },
	{ "endgidmax", 340, 2, F_UINT }, { "anatt", 342, 1, F_UINT },
	{ "anacap", 343, 1, F_UINT }, { "anagrpmax", 344, 4, F_UINT },
	{ "nanagrpid", 348, 4, F_UINT }, { "pels", 352, 4, F_UINT },
	{ "domainid", 356, 2, F_UINT }, { "megcap", 368, 16, F_U128 },
	{ "sqes", 512, 1, F_UINT }, { "cqes", 513, 1, F_UINT }, { "maxcmd", 514, 2, F_UINT },
	{ "nn", 516, 4, F_UINT }, { "oncs", 520, 2, F_UINT }, { "fuses", 522, 2, F_UINT },
	{ "fna", 524, 1, F_UINT }, { "vwc", 525, 1, F_UINT }, { "awun", 526, 2, F_UINT },
	{ "awupf", 528, 2, F_UINT }, { "icsvscc", 530, 1, F_UINT }, { "nwpc", 531, 1, F_UINT },
	{ "acwu", 532, 2, F_UINT }, { "ocfs", 534, 2, F_UINT }, { "sgls", 536, 4, F_UINT },
	{ "mnan", 540, 4, F_UINT }, { "maxdna", 544, 16, F_U128 },
	{ "maxcna", 560, 4, F_UINT },
};

/* Fabrics-only fields, after SUBNQN in nvme-cli's order. */
static const struct field ctrlr_fabrics_fields[] = {
	{ "ioccsz", 1792, 4, F_UINT }, { "iorcsz", 1796, 4, F_UINT },
	{ "icdoff", 1800, 2, F_UINT }, { "fcatt", 1802, 1, F_UINT },
	{ "msdbd", 1803, 1, F_UINT }, { "ofcs", 1804, 2, F_UINT },
};

#define SUBNQN_OFF	768
#define SUBNQN_LEN	256
#define PSD_OFF		2048	/* 32 power state descriptors of 32 bytes */
#define PSD_MAX		32

/* Power State Descriptor (Figure 248); the scales are bits 7:6 of IPS / APWS. */
static const struct field psd_fields[] = {
	{ "max_power", 0, 2, F_UINT }, { "flags", 3, 1, F_UINT },
	{ "entry_lat", 4, 4, F_UINT }, { "exit_lat", 8, 4, F_UINT },
	{ "read_tput", 12, 1, F_UINT }, { "read_lat", 13, 1, F_UINT },
	{ "write_tput", 14, 1, F_UINT }, { "write_lat", 15, 1, F_UINT },
	{ "idle_power", 16, 2, F_UINT },
};
#define PSD_IPS		18
#define PSD_ACTP	20
#define PSD_APWS	22

/* Identify Namespace (NVM), in nvme-cli's order up to NSATTR/NVMSETID. */
static const struct field ns_fields[] = {
	{ "nsze", 0, 8, F_UINT }, { "ncap", 8, 8, F_UINT }, { "nuse", 16, 8, F_UINT },
	{ "nsfeat", 24, 1, F_UINT }, { "nlbaf", 25, 1, F_UINT }, { "flbas", 26, 1, F_UINT },
	{ "mc", 27, 1, F_UINT }, { "dpc", 28, 1, F_UINT }, { "dps", 29, 1, F_UINT },
	{ "nmic", 30, 1, F_UINT }, { "rescap", 31, 1, F_UINT }, { "fpi", 32, 1, F_UINT },
	{ "dlfeat", 33, 1, F_UINT }, { "nawun", 34, 2, F_UINT }, { "nawupf", 36, 2, F_UINT },
	{ "nacwu", 38, 2, F_UINT }, { "nabsn", 40, 2, F_UINT }, { "nabo", 42, 2, F_UINT },
	{ "nabspf", 44, 2, F_UINT }, { "noiob", 46, 2, F_UINT },
	{ "nvmcap", 48, 16, F_U128 }, { "nsattr", 99, 1, F_UINT },
	{ "nvmsetid", 100, 2, F_UINT },
};

/* Defined only when NSFEAT bit 4 (OPTPERF) is set; 0's based, in blocks. */
static const struct field ns_optperf_fields[] = {
	{ "npwg", 64, 2, F_UINT }, { "npwa", 66, 2, F_UINT }, { "npdg", 68, 2, F_UINT },
	{ "npda", 70, 2, F_UINT }, { "nows", 72, 2, F_UINT },
};

static const struct field ns_tail_fields[] = {
	{ "mssrl", 74, 2, F_UINT }, { "mcl", 76, 4, F_UINT }, { "msrc", 80, 1, F_UINT },
	{ "nulbaf", 82, 1, F_UINT }, { "anagrpid", 92, 4, F_UINT },
	{ "endgid", 102, 2, F_UINT }, { "eui64", 120, 8, F_HEX },
	{ "nguid", 104, 16, F_HEX },
};

#define NS_NSFEAT_OPTPERF	0x10
#define LBAF_OFF		128	/* 64 LBA format descriptors of 4 bytes */
#define LBAF_MAX		64

uint64_t
identify_le(const void *data, size_t off, size_t len)
{
	const uint8_t *p = (const uint8_t *)data + off;
	uint64_t v = 0;

	while (len-- > 0) {
		v = (v << 8) | p[len];
	}
	return v;
}

static void
write_field(struct json_writer *w, const uint8_t *data, const struct field *f)
{
	const uint8_t *p = data + f->off;
	char s[SUBNQN_LEN + 1];
	uint64_t u128[2];

	switch (f->kind) {
	case F_UINT:
	case F_IEEE:	/* OUI byte 0 is the least significant, as nvme-cli reads it */
		json_u64(w, f->key, identify_le(data, f->off, f->len));
		break;
	case F_U128:
		u128[0] = identify_le(p, 0, 8);
		u128[1] = identify_le(p, 8, 8);
		identify_fmt_u128(s, sizeof(s), u128);
		json_string(w, f->key, s);
		break;
	case F_ASCII:
		identify_fmt_raw_ascii(s, sizeof(s), p, f->len);
		json_string(w, f->key, s);
		break;
	case F_UUID:
		identify_fmt_uuid(s, sizeof(s), p);
		json_string(w, f->key, s);
		break;
	case F_HEX:
		identify_fmt_hex(s, sizeof(s), p, f->len);
		json_string(w, f->key, s);
		break;
	}
}

static void
write_fields(struct json_writer *w, const uint8_t *data, const struct field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		write_field(w, data, &f[i]);
	}
}

#define WRITE_FIELDS(w, data, table) \
	write_fields((w), (data), (table), sizeof(table) / sizeof((table)[0]))

static void
write_psds(struct json_writer *w, const uint8_t *cd)
{
	unsigned int i, n = cd[263] + 1u;	/* NPSS is 0's based */

	json_begin_array(w, "psds");
	for (i = 0; i < n && i < PSD_MAX; i++) {
		const uint8_t *ps = cd + PSD_OFF + 32 * i;

		json_begin_object(w, NULL);
		WRITE_FIELDS(w, ps, psd_fields);
		json_u64(w, "idle_scale", ps[PSD_IPS] >> 6);
		json_u64(w, "active_power", identify_le(ps, PSD_ACTP, 2));
		json_u64(w, "active_power_work", ps[PSD_APWS] & 0x7);
		json_u64(w, "active_scale", ps[PSD_APWS] >> 6);
		json_end_object(w);
	}
	json_end_array(w);
}

void
identify_json_nvme_cli_ctrlr(struct json_writer *w, const struct spdk_nvme_ctrlr_data *cdata)
{
	const uint8_t *cd = (const uint8_t *)cdata;

	WRITE_FIELDS(w, cd, ctrlr_fields);
	if (cd[SUBNQN_OFF] == '\0') {
		json_null(w, "subnqn");
	} else {
		write_field(w, cd, &(const struct field){ "subnqn", SUBNQN_OFF, SUBNQN_LEN, F_ASCII });
	}
	WRITE_FIELDS(w, cd, ctrlr_fabrics_fields);
	write_psds(w, cd);
}

void
identify_json_nvme_cli_ns(struct json_writer *w, const struct spdk_nvme_ns_data *nsdata)
{
	const uint8_t *nd = (const uint8_t *)nsdata;
	unsigned int i, n = nd[25] + 1u;	/* NLBAF is 0's based */
	size_t k;

	WRITE_FIELDS(w, nd, ns_fields);
	for (k = 0; k < sizeof(ns_optperf_fields) / sizeof(ns_optperf_fields[0]); k++) {
		if (nd[24] & NS_NSFEAT_OPTPERF) {
			write_field(w, nd, &ns_optperf_fields[k]);
		} else {
			json_null(w, ns_optperf_fields[k].key);
		}
	}
	WRITE_FIELDS(w, nd, ns_tail_fields);
	json_begin_array(w, "lbafs");
	for (i = 0; i < n && i < LBAF_MAX; i++) {
		const uint8_t *f = nd + LBAF_OFF + 4 * i;

		json_begin_object(w, NULL);
		json_u64(w, "ms", identify_le(f, 0, 2));
		json_u64(w, "ds", f[2]);
		json_u64(w, "rp", f[3]);
		json_end_object(w);
	}
	json_end_array(w);
}
