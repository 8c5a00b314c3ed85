/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * examples/identify's gathering and printers (identify_gather.c,
 * identify_print_text.c, identify_print_json.c) against the controller
 * model, with identify data a device could send but the model does not:
 * the test replaces bytes through the model's data hook.  Found by
 * test/fuzz/fuzz_identify: MDTS 255 and an LBA format with LBADS 200 made
 * both printers shift a 64-bit value by more than 63 (undefined; garbage
 * sizes in practice).
 *
 * The nvme-cli members (identify_nvme_cli.c): every key `nvme id-ctrl -o
 * json` and `nvme id-ns -o json` (nvme-cli 2.3) print is there once, with
 * the raw value of bytes the test wrote at the spec's offsets, 128-bit
 * fields as decimal strings, SN with its padding; the decoded extras beside
 * them; no object has a key twice.
 *
 * A discovery controller (the model serving a Discovery log, its trid made
 * a TCP one with the discovery NQN): the log's entries printed instead of
 * health, features and namespaces, in text and in JSON.
 */
#include "nvme_driver_test.h"
#include "nvme_internal.h"
#include "identify.h"

/* 2^(255 + 12): MDTS 255 in units of 4 KiB pages. */
#define POW2_267 "2371421987580235682274733772977928352834969285952318751528" \
		 "09132048206089502588928"
#define POW2_200 "1606938044258990275541962092341162602522202993782792835301376"

static bool
odd_sizes_hook(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	if (cmd->opc != SPDK_NVME_OPC_IDENTIFY) {
		return false;
	}
	if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
		((struct spdk_nvme_ctrlr_data *)data)->mdts = 255;
	} else if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_NS && cmd->nsid == 1) {
		/* Format 1 (not the one in use) with 2^200-byte blocks. */
		((struct spdk_nvme_ns_data *)data)->lbaf[1].lbads = 200;
	}
	return false;
}

static char *
print(const struct identify_ctrlr *ic, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_FATAL(f != NULL);
	if (json) {
		identify_print_json(f, ic);
	} else {
		identify_print_text(f, ic);
	}
	fclose(f);
	return text;
}

static void
test_sizes_beyond_64_bits(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct identify_ctrlr ic;
	char *text, *json;

	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	nvme_model_set_data_hook(m, odd_sizes_hook, NULL);
	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = dt_attach(m);
	dt_trid(&ic.trid, nvme_model_bdf(m));
	CU_ASSERT(identify_gather(&ic) == 0);
	CU_ASSERT_FATAL(ic.num_ns == 1);
	CU_ASSERT(ic.cdata->mdts == 255);

	text = print(&ic, false);
	CU_ASSERT(strstr(text, "255 (" POW2_267 " bytes)") != NULL);
	CU_ASSERT(strstr(text, "LBAF1  data " POW2_200 " bytes") != NULL);
	CU_ASSERT(strstr(text, "LBAF0  data 512 bytes") != NULL);
	json = print(&ic, true);
	CU_ASSERT(strstr(json, "\"mdts_bytes\": " POW2_267 ",") != NULL);
	CU_ASSERT(strstr(json, "\"data_size\": " POW2_200 ",") != NULL);
	CU_ASSERT(strstr(json, "\"data_size\": 512,") != NULL);
	free(text);
	free(json);

	identify_release(&ic);
	dt_detach_and_check(ic.ctrlr, m);
	dt_model_destroy(m);
}


/* Every member nvme-cli 2.3 prints for id-ctrl and for id-ns (its JSON
 * printers json_nvme_id_ctrl / json_nvme_id_ns), psds and lbafs included. */
static const char *const nvme_cli_ctrlr_keys[] = {
	"vid", "ssvid", "sn", "mn", "fr", "rab", "ieee", "cmic", "mdts", "cntlid", "ver",
	"rtd3r", "rtd3e", "oaes", "ctratt", "rrls", "cntrltype", "fguid", "crdt1", "crdt2",
	"crdt3", "nvmsr", "vwci", "mec", "oacs", "acl", "aerl", "frmw", "lpa", "elpe", "npss",
	"avscc", "apsta", "wctemp", "cctemp", "mtfa", "hmpre", "hmmin", "tnvmcap", "unvmcap",
	"rpmbs", "edstt", "dsto", "fwug", "kas", "hctma", "mntmt", "mxtmt", "sanicap",
	"hmminds", "hmmaxd", "nsetidmax", "endgidmax", "anatt", "anacap", "anagrpmax",
	"nanagrpid", "pels", "domainid", "megcap", "sqes", "cqes", "maxcmd", "nn", "oncs",
	"fuses", "fna", "vwc", "awun", "awupf", "icsvscc", "nwpc", "acwu", "ocfs", "sgls",
	"mnan", "maxdna", "maxcna", "subnqn", "ioccsz", "iorcsz", "icdoff", "fcatt", "msdbd",
	"ofcs", "psds", "max_power", "flags", "entry_lat", "exit_lat", "read_tput",
	"read_lat", "write_tput", "write_lat", "idle_power", "idle_scale", "active_power",
	"active_power_work", "active_scale",
};
static const char *const nvme_cli_ns_keys[] = {
	"nsze", "ncap", "nuse", "nsfeat", "nlbaf", "flbas", "mc", "dpc", "dps", "nmic",
	"rescap", "fpi", "dlfeat", "nawun", "nawupf", "nacwu", "nabsn", "nabo", "nabspf",
	"noiob", "nvmcap", "nsattr", "nvmsetid", "npwg", "npwa", "npdg", "npda", "nows",
	"mssrl", "mcl", "msrc", "nulbaf", "anagrpid", "endgid", "eui64", "nguid", "lbafs",
	"ms", "ds", "rp",
};

static void
put_le(void *data, size_t off, uint64_t v, size_t len)
{
	uint8_t *p = (uint8_t *)data + off;
	size_t i;

	for (i = 0; i < len; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

/* Byte offsets from the spec (NVMe 1.4 Figures 247-249), not from our structs. */
static bool
nvme_cli_hook(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	bool optperf = *(bool *)ctx;
	uint8_t *d = data;

	if (cmd->opc != SPDK_NVME_OPC_IDENTIFY || len < 4096) {
		return false;
	}
	if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
		memcpy(d + 4, "  x y               ", 20);	/* SN: padding kept */
		d[64 + 3] = 0x80;				/* FR: not ASCII */
		put_le(d, 73, 0x030201, 3);			/* IEEE */
		put_le(d, 84, 0x80000001u, 4);			/* RTD3R >= 2^31 */
		put_le(d, 88, 1000, 4);				/* RTD3E */
		put_le(d, 92, 0x900, 4);			/* OAES */
		put_le(d, 96, 0x108001, 4);			/* CTRATT, bit 20 unknown */
		d[260] = 0x17;					/* FRMW: 3 slots */
		d[261] = 0x0b;					/* LPA */
		put_le(d, 266, 343, 2);				/* WCTEMP */
		put_le(d, 268, 0, 2);				/* CCTEMP: none */
		put_le(d, 280, 5, 8);				/* TNVMCAP 2^64 + 5 */
		put_le(d, 288, 1, 8);
		memset(d + 296, 0, 16);				/* UNVMCAP 0 */
		if (!optperf) {
			memset(d + 768, 0, 256);		/* no SUBNQN */
		}
		d[2048 + 3] = 0x03;				/* PS0 flags */
		d[2048 + 18] = 0x80;				/* IPS */
		d[2048 + 22] = 0x42;				/* APWS */
	} else if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_NS && cmd->nsid == 1) {
		d[24] = optperf ? (d[24] | 0x10) : (d[24] & ~0x10);
		d[30] = 1;					/* NMIC: shared */
		put_le(d, 46, 256, 2);				/* NOIOB */
		put_le(d, 48, optperf ? 0 : 7, 8);		/* NVMCAP 2^64 or 7 */
		put_le(d, 56, optperf ? 1 : 0, 8);
		put_le(d, 64, 7, 2);				/* NPWG */
		put_le(d, 66, 3, 2);				/* NPWA */
		put_le(d, 68, 15, 2);				/* NPDG */
		put_le(d, 70, 14, 2);				/* NPDA */
		put_le(d, 72, 31, 2);				/* NOWS */
		put_le(d, 92, 5, 4);				/* ANAGRPID */
		memset(d + 104, 0, 16);				/* NGUID: none */
		put_le(d, 120, 0x0807060504030201ull, 8);	/* EUI64 bytes 01..08 */
		put_le(d, 128 + 4, 0x02000008, 4);		/* LBAF1: ms 8, rp 2 */
		d[128 + 6] = 12;
	}
	return false;
}

/* "key": value as one member (followed by ',' or the end of its line). */
static bool
has_member(const char *json, const char *member)
{
	const char *p = json;
	size_t n = strlen(member);

	while ((p = strstr(p, member)) != NULL) {
		if (p[-1] == ' ' && (p[n] == ',' || p[n] == '\n')) {
			return true;
		}
		p += n;
	}
	return false;
}

static bool
has_key(const char *json, const char *key)
{
	char k[64];

	snprintf(k, sizeof(k), "\"%s\": ", key);
	return strstr(json, k) != NULL;
}

/* One member per line (the writer's layout): no object has a key twice. */
static bool
keys_unique(const char *json)
{
	char keys[16][128][48];	/* per depth, the keys seen in the open object */
	int count[16] = { 0 };
	int depth = 0, i;
	const char *line = json;

	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		const char *p = line;
		size_t n;

		if (end == NULL) {
			end = line + strlen(line);
		}
		while (*p == ' ') {
			p++;
		}
		if (*p == '}' || *p == ']') {
			depth--;
		}
		if (*p == '"' && depth >= 0 && depth < 16) {
			const char *q = strchr(p + 1, '"');

			n = (size_t)(q - p - 1);
			for (i = 0; i < count[depth]; i++) {
				if (strlen(keys[depth][i]) == n && memcmp(keys[depth][i], p + 1, n) == 0) {
					fprintf(stderr, "duplicate key %.*s\n", (int)n, p + 1);
					return false;
				}
			}
			if (count[depth] < 128 && n < 48) {
				memcpy(keys[depth][count[depth]], p + 1, n);
				keys[depth][count[depth]++][n] = '\0';
			}
		}
		if (end > line && (end[-1] == '{' || end[-1] == '[')) {
			depth++;
			if (depth < 16) {
				count[depth] = 0;
			}
		}
		line = *end != '\0' ? end + 1 : end;
	}
	return depth == 0;
}

static void
gather_with(bool optperf, char **text, char **json)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct identify_ctrlr ic;

	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	nvme_model_set_data_hook(m, nvme_cli_hook, &optperf);
	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = dt_attach(m);
	dt_trid(&ic.trid, nvme_model_bdf(m));
	CU_ASSERT(identify_gather(&ic) == 0);
	CU_ASSERT_FATAL(ic.num_ns == 1);
	*text = print(&ic, false);
	*json = print(&ic, true);
	identify_release(&ic);
	dt_detach_and_check(ic.ctrlr, m);
	dt_model_destroy(m);
}

static void
test_nvme_cli_members(void)
{
	char *text, *json;
	size_t i;

	gather_with(true, &text, &json);
	for (i = 0; i < sizeof(nvme_cli_ctrlr_keys) / sizeof(nvme_cli_ctrlr_keys[0]); i++) {
		CU_ASSERT(has_key(json, nvme_cli_ctrlr_keys[i]));
	}
	for (i = 0; i < sizeof(nvme_cli_ns_keys) / sizeof(nvme_cli_ns_keys[0]); i++) {
		CU_ASSERT(has_key(json, nvme_cli_ns_keys[i]));
	}
	CU_ASSERT(keys_unique(json));
	/* Raw values, as nvme-cli prints them. */
	CU_ASSERT(has_member(json, "\"sn\": \"  x y               \""));
	CU_ASSERT(has_member(json, "\"serial\": \"  x y\""));
	CU_ASSERT(has_member(json, "\"fr\": \"1.0.    \""));
	CU_ASSERT(has_member(json, "\"ieee\": 197121"));
	CU_ASSERT(has_member(json, "\"ieee_oui\": \"030201\""));
	CU_ASSERT(has_member(json, "\"ver\": 66560"));
	CU_ASSERT(has_member(json, "\"rtd3r\": 2147483649"));
	CU_ASSERT(has_member(json, "\"rtd3e\": 1000"));
	CU_ASSERT(has_member(json, "\"oaes\": 2304"));
	CU_ASSERT(has_member(json, "\"ctratt\": 1081345"));
	CU_ASSERT(has_member(json, "\"frmw\": 23"));
	CU_ASSERT(has_member(json, "\"lpa\": 11"));
	CU_ASSERT(has_member(json, "\"wctemp\": 343"));
	CU_ASSERT(has_member(json, "\"cctemp\": 0"));
	CU_ASSERT(has_member(json, "\"tnvmcap\": \"18446744073709551621\""));
	CU_ASSERT(has_member(json, "\"unvmcap\": \"0\""));
	CU_ASSERT(has_member(json, "\"aerl\": 3"));
	CU_ASSERT(has_member(json, "\"subnqn\": \"nqn.2026-01.invalid.ealnvme:model:EALNVME0000\""));
	CU_ASSERT(has_member(json, "\"max_power\": 2500"));
	CU_ASSERT(has_member(json, "\"flags\": 3"));
	CU_ASSERT(has_member(json, "\"entry_lat\": 16"));
	CU_ASSERT(has_member(json, "\"idle_scale\": 2"));
	CU_ASSERT(has_member(json, "\"active_power_work\": 2"));
	CU_ASSERT(has_member(json, "\"active_scale\": 1"));
	CU_ASSERT(has_member(json, "\"nmic\": 1"));
	CU_ASSERT(has_member(json, "\"noiob\": 256"));
	CU_ASSERT(has_member(json, "\"nvmcap\": \"18446744073709551616\""));
	CU_ASSERT(has_member(json, "\"npwg\": 7"));
	CU_ASSERT(has_member(json, "\"npda\": 14"));
	CU_ASSERT(has_member(json, "\"nows\": 31"));
	CU_ASSERT(has_member(json, "\"anagrpid\": 5"));
	CU_ASSERT(has_member(json, "\"nlbaf\": 1"));
	CU_ASSERT(has_member(json, "\"eui64\": \"0102030405060708\""));
	CU_ASSERT(has_member(json, "\"nguid\": \"00000000000000000000000000000000\""));
	CU_ASSERT(has_member(json, "\"ds\": 12"));
	CU_ASSERT(has_member(json, "\"rp\": 2"));
	/* Decoded beside them. */
	CU_ASSERT(has_member(json, "\"lba_format_count\": 2"));
	CU_ASSERT(has_member(json, "\"rtd3_resume_latency_us\": 2147483649"));
	CU_ASSERT(has_member(json, "\"ana_change_notices\": true"));
	CU_ASSERT(has_member(json, "\"firmware_activation_notices\": false"));
	CU_ASSERT(has_member(json, "\"extended_lba_formats\": true"));
	CU_ASSERT(has_member(json, "\"slots\": 3"));
	CU_ASSERT(has_member(json, "\"activation_without_reset\": true"));
	CU_ASSERT(has_member(json, "\"telemetry\": true"));
	CU_ASSERT(has_member(json, "\"warning_c\": 70"));
	CU_ASSERT(has_member(json, "\"critical_k\": null"));
	CU_ASSERT(has_member(json, "\"total\": 18446744073709551621"));
	CU_ASSERT(has_member(json, "\"unallocated\": null"));
	CU_ASSERT(has_member(json, "\"shared\": true"));
	CU_ASSERT(has_member(json, "\"write_granularity\": 8"));
	CU_ASSERT(has_member(json, "\"deallocate_alignment\": 15"));
	CU_ASSERT(has_member(json, "\"optimal_io_boundary_blocks\": 256"));
	CU_ASSERT(has_member(json, "\"nvm_capacity_bytes\": 18446744073709551616"));
	/* The text output decodes the same fields. */
	CU_ASSERT(strstr(text, "RTD3 Resume Latency (RTD3R)          2147483649 us\n") != NULL);
	CU_ASSERT(strstr(text, "Controller Attributes (CTRATT)       0x108001: 128-bit Host "
			 "Identifier, Extended LBA Formats, bit 20\n") != NULL);
	CU_ASSERT(strstr(text, "Async Events Supported (OAES)        0x900: Namespace Attribute "
			 "Notices, ANA Change Notices\n") != NULL);
	CU_ASSERT(strstr(text, "Firmware Slots (FRMW)                3, slot 1 read-only, "
			 "activation without reset supported\n") != NULL);
	CU_ASSERT(strstr(text, "Warning Temperature (WCTEMP)         343 K (70 °C)\n") != NULL);
	CU_ASSERT(strstr(text, "Critical Temperature (CCTEMP)        not reported\n") != NULL);
	CU_ASSERT(strstr(text, "Total NVM Capacity (TNVMCAP)         18446744073709551621 bytes\n")
		  != NULL);
	CU_ASSERT(strstr(text, "Subsystem NQN (SUBNQN)               nqn.2026-01.invalid") != NULL);
	CU_ASSERT(strstr(text, "Shared (NMIC)                        yes") != NULL);
	CU_ASSERT(strstr(text, "Preferred Dealloc Alignment (NPDA)   15 blocks\n") != NULL);
	CU_ASSERT(strstr(text, "Optimal I/O Boundary (NOIOB)         256 blocks\n") != NULL);
	CU_ASSERT(strstr(text, "ANA Group ID (ANAGRPID)              5\n") != NULL);
	/* PCIe: no fabrics section, the PCI address as before. */
	CU_ASSERT(has_member(json, "\"fabrics\": null"));
	CU_ASSERT(strstr(text, "NVMe over Fabrics") == NULL);
	CU_ASSERT(strstr(text, "\nNVMe Controller at ") != NULL);
	CU_ASSERT(strstr(text, "  PCI Address ") != NULL);
	free(text);
	free(json);
}

/* Fields a device leaves undefined: NPWG..NOWS without NSFEAT bit 4 and an
 * empty SUBNQN are null (nvme-cli leaves them out), zero capacities "0". */
static void
test_nvme_cli_undefined_fields(void)
{
	char *text, *json;

	gather_with(false, &text, &json);
	CU_ASSERT(keys_unique(json));
	CU_ASSERT(has_member(json, "\"subnqn\": null"));
	CU_ASSERT(has_member(json, "\"npwg\": null"));
	CU_ASSERT(has_member(json, "\"nows\": null"));
	CU_ASSERT(has_member(json, "\"optimal_io_blocks\": null"));
	CU_ASSERT(has_member(json, "\"nvmcap\": \"7\""));
	CU_ASSERT(has_member(json, "\"nvm_capacity_bytes\": 7"));
	CU_ASSERT(strstr(text, "Subsystem NQN (SUBNQN)               not reported\n") != NULL);
	CU_ASSERT(strstr(text, "Optimal I/O (NPWG..NOWS)             not reported (NSFEAT bit 4 "
			 "clear)\n") != NULL);
	CU_ASSERT(strstr(text, "Preferred Write Granularity") == NULL);
	free(text);
	free(json);
}

/* NVMe-oF Identify bytes 2047:1792 as the Linux target sends them (NVMe-oF 1.1 §4.1). */
static bool
fabrics_hook(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	uint8_t *d = data;

	(void)ctx;
	if (cmd->opc == SPDK_NVME_OPC_IDENTIFY && (cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR &&
	    len >= 4096) {
		d[111] = SPDK_NVME_CTRLR_IO;		/* CNTRLTYPE */
		put_le(d, 1792, 1028, 4);		/* IOCCSZ: 16448-byte capsules */
		put_le(d, 1796, 1, 4);			/* IORCSZ */
		put_le(d, 1800, 2, 2);			/* ICDOFF: 32 bytes */
		d[1802] = 1;				/* CTRATTR: static model */
		d[1803] = 1;				/* MSDBD */
		put_le(d, 1804, 1, 2);			/* OFCS: Disconnect */
	}
	return false;
}

/* Run f with stderr going to a temporary file; what it wrote (caller frees). */
static char *
capture_stderr(int (*f)(struct identify_ctrlr *), struct identify_ctrlr *ic, int *rc)
{
	FILE *tmp = tmpfile();
	int saved;
	char *text;
	long n;

	CU_ASSERT_FATAL(tmp != NULL);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	CU_ASSERT_FATAL(saved >= 0 && dup2(fileno(tmp), STDERR_FILENO) >= 0);
	*rc = f(ic);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	n = ftell(tmp);
	text = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
	CU_ASSERT_FATAL(text != NULL);
	rewind(tmp);
	if (n > 0 && fread(text, 1, (size_t)n, tmp) != (size_t)n) {
		text[0] = '\0';
	}
	fclose(tmp);
	return text;
}

/*
 * A fabrics controller (an NVMe/TCP transport ID): the banner names it as
 * SPDK does, the transport ID and the NVMe-oF Identify fields are shown, and
 * a feature the target does not implement (Arbitration: Invalid Field) is
 * "not supported", with no error line.  A real Get Features failure still
 * gets one.
 */
static void
test_fabrics(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct identify_ctrlr ic;
	char *text, *json, *err;
	int rc;

	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	nvme_model_set_data_hook(m, fabrics_hook, NULL);
	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = dt_attach(m);
	CU_ASSERT_EQUAL_FATAL(spdk_nvme_transport_id_parse(&ic.trid, "trtype:TCP adrfam:IPv4 "
			      "traddr:127.0.0.1 trsvcid:4420 subnqn:nqn.2026-12.io.ealnvme:t"), 0);
	/* Identify's first GET FEATURES is Arbitration. */
	CU_ASSERT_EQUAL(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_GET_FEATURES,
			SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INVALID_FIELD, true, 1), 0);
	err = capture_stderr(identify_gather, &ic, &rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_FALSE(ic.arbitration.ok);
	CU_ASSERT_TRUE(ic.arbitration.unsupported);
	CU_ASSERT_TRUE(ic.number_of_queues.ok);
	CU_ASSERT_FALSE(ic.number_of_queues.unsupported);
	free(err);

	text = print(&ic, false);
	CU_ASSERT(strstr(text, "\nNVMeoF Controller at TCP (addr:127.0.0.1 "
			 "subnqn:nqn.2026-12.io.ealnvme:t)\n") != NULL);
	CU_ASSERT(strstr(text, "Transport Service ID (trsvcid)       4420\n") != NULL);
	CU_ASSERT(strstr(text, "Address Family (adrfam)              IPv4\n") != NULL);
	CU_ASSERT(strstr(text, "PCI Address") == NULL);
	CU_ASSERT(strstr(text, "Controller Type (CNTRLTYPE)          I/O\n") != NULL);
	CU_ASSERT(strstr(text, "I/O Command Capsule Size (IOCCSZ)    1028 (16448 bytes, 16352 of "
			 "in-capsule data)\n") != NULL);
	CU_ASSERT(strstr(text, "I/O Response Capsule Size (IORCSZ)   1 (16 bytes)\n") != NULL);
	CU_ASSERT(strstr(text, "In Capsule Data Offset (ICDOFF)      2 (32 bytes)\n") != NULL);
	CU_ASSERT(strstr(text, "Controller Model (CTRATTR)           static\n") != NULL);
	CU_ASSERT(strstr(text, "Max SGL Descriptors (MSDBD)          1\n") != NULL);
	CU_ASSERT(strstr(text, "Disconnect Command (OFCS)            Supported\n") != NULL);
	CU_ASSERT(strstr(text, "Arbitration                          not supported by the "
			 "controller\n") != NULL);
	CU_ASSERT(strstr(text, "INVALID FIELD") == NULL);
	json = print(&ic, true);
	CU_ASSERT(keys_unique(json));
	CU_ASSERT(has_member(json, "\"trsvcid\": \"4420\""));
	CU_ASSERT(has_member(json, "\"adrfam\": \"IPv4\""));
	CU_ASSERT(has_member(json, "\"subnqn\": \"nqn.2026-12.io.ealnvme:t\""));
	CU_ASSERT(has_member(json, "\"ioccsz\": 1028"));
	CU_ASSERT(has_member(json, "\"icdoff\": 2"));
	CU_ASSERT(has_member(json, "\"fcatt\": 1"));
	CU_ASSERT(has_member(json, "\"command_capsule_bytes\": 16448"));
	CU_ASSERT(has_member(json, "\"in_capsule_data_bytes\": 16352"));
	CU_ASSERT(has_member(json, "\"response_capsule_bytes\": 16"));
	CU_ASSERT(has_member(json, "\"static_controller_model\": true"));
	CU_ASSERT(has_member(json, "\"max_sgl_descriptors\": 1"));
	CU_ASSERT(has_member(json, "\"disconnect_supported\": true"));
	CU_ASSERT(has_member(json, "\"arbitration\": null"));
	free(text);
	free(json);

	/* Another status is a failure to report, fabrics or not. */
	identify_release(&ic);
	CU_ASSERT_EQUAL(nvme_model_inject_status(m, 0, SPDK_NVME_OPC_GET_FEATURES,
			SPDK_NVME_SCT_GENERIC, SPDK_NVME_SC_INTERNAL_DEVICE_ERROR, true, 1), 0);
	err = capture_stderr(identify_gather, &ic, &rc);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(strstr(err, "GET FEATURES (arbitration)") != NULL);
	CU_ASSERT_FALSE(ic.arbitration.ok);
	CU_ASSERT_FALSE(ic.arbitration.unsupported);
	free(err);
	text = print(&ic, false);
	CU_ASSERT(strstr(text, "Arbitration                          unavailable: ") != NULL);
	free(text);

	identify_release(&ic);
	dt_detach_and_check(ic.ctrlr, m);
	dt_model_destroy(m);
}

static void
test_discovery_log(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct identify_ctrlr ic;
	uint64_t before;
	char *text, *json;

	nvme_model_opts_default(&o);
	o.disc_log = true;
	o.disc_entries = 3;
	m = dt_model_new(&o);
	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = dt_attach(m);
	ic.ctrlr->trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	snprintf(ic.ctrlr->trid.subnqn, sizeof(ic.ctrlr->trid.subnqn), "%s",
		 SPDK_NVMF_DISCOVERY_NQN);
	snprintf(ic.ctrlr->trid.trsvcid, sizeof(ic.ctrlr->trid.trsvcid), "8009");
	ic.trid = ic.ctrlr->trid;
	before = nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_FEATURES];
	CU_ASSERT(identify_gather(&ic) == 0);
	CU_ASSERT(ic.is_discovery && ic.disc_log != NULL && ic.num_ns == 0);
	/* Nothing a discovery controller refuses was sent. */
	CU_ASSERT(nvme_model_get_stats(m)->admin_cmds[SPDK_NVME_OPC_GET_FEATURES] == before);
	text = print(&ic, false);
	json = print(&ic, true);
	CU_ASSERT(strstr(text, "nqn.2014-08.org.nvmexpress.discovery (discovery controller)\n") !=
		  NULL);
	CU_ASSERT(strstr(text, "Discovery Log Entry 2\n") != NULL);
	CU_ASSERT(strstr(text, "Discovery Log Entry 3\n") == NULL);
	CU_ASSERT(strstr(text, "  Subsystem NQN (SUBNQN)                   "
			 "nqn.2026-01.io.ealnvme:disc:1\n") != NULL);
	CU_ASSERT(strstr(text, "  Transport Address (TRADDR)               192.168.0.2\n") != NULL);
	CU_ASSERT(strstr(text, "  Transport Service Identifier (TRSVCID)   4420\n") != NULL);
	CU_ASSERT(strstr(text, "  Transport Type (TRTYPE)                  TCP (3)\n") != NULL);
	CU_ASSERT(strstr(text, "  Subsystem Type (SUBTYPE)                 nvme (2)\n") != NULL);
	CU_ASSERT(strstr(text, "Health Information Log") == NULL);
	CU_ASSERT(keys_unique(json));
	CU_ASSERT(has_member(json, "\"discovery\": true"));
	CU_ASSERT(has_member(json, "\"trsvcid\": \"8009\""));
	CU_ASSERT(has_member(json, "\"numrec\": 3"));
	CU_ASSERT(has_member(json, "\"subnqn\": \"nqn.2026-01.io.ealnvme:disc:2\""));
	CU_ASSERT(has_member(json, "\"traddr\": \"192.168.0.1\""));
	CU_ASSERT(has_member(json, "\"trsvcid\": \"4420\""));
	CU_ASSERT(has_member(json, "\"adrfam\": \"IPv4\""));
	CU_ASSERT(has_member(json, "\"subtype\": \"nvme\""));
	CU_ASSERT(has_member(json, "\"portid\": 2"));
	CU_ASSERT(strstr(json, "\"health\"") == NULL);
	free(text);
	free(json);
	identify_release(&ic);
	CU_ASSERT(ic.disc_log == NULL);
	dt_detach_and_check(ic.ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "sizes beyond 64 bits print exactly", test_sizes_beyond_64_bits);
	CU_add_test(suite, "nvme-cli members, raw values", test_nvme_cli_members);
	CU_add_test(suite, "nvme-cli fields a device leaves undefined", test_nvme_cli_undefined_fields);
	CU_add_test(suite, "a discovery controller's log entries", test_discovery_log);
	CU_add_test(suite, "fabrics controller: transport ID, NVMe-oF fields, features",
		    test_fabrics);
}

int
main(void)
{
	return dt_run("identify_print", add_tests);
}
