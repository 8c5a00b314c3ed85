/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/nvme_spec.h bit-field positions.  The header's static asserts pin
 * sizes and byte offsets; bit-fields cannot be checked that way, so each
 * test here sets one field to all ones in a zeroed object and asserts the
 * absolute bit position and width the NVMe specification gives it.  The
 * expected numbers come from the specification (section in each comment),
 * byte offset * 8 + bit.
 */
#include "spdk/stdinc.h"
#include "spdk/nvme_spec.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

struct set_bits {
	long first;		/* lowest set bit, -1 when none */
	unsigned int count;	/* number of set bits */
	bool contiguous;	/* all set bits adjacent */
};

static struct set_bits
find_set_bits(const void *obj, size_t size)
{
	const uint8_t *b = obj;
	struct set_bits r = { -1, 0, true };
	long last = -1;

	for (size_t i = 0; i < size * 8; i++) {
		if ((b[i / 8] >> (i % 8)) & 1) {
			if (r.first < 0) {
				r.first = (long)i;
			} else if (last != (long)i - 1) {
				r.contiguous = false;
			}
			last = (long)i;
			r.count++;
		}
	}
	return r;
}

/* Set type.member to width ones and assert it lands on bits first..first+width-1. */
#define CHECK_BITS(type, member, first_bit, width) do {				\
		type *obj_ = calloc(1, sizeof(type));				\
		struct set_bits got_;						\
										\
		CU_ASSERT_PTR_NOT_NULL_FATAL(obj_);				\
		obj_->member = (uint64_t)((1ull << (width)) - 1);		\
		got_ = find_set_bits(obj_, sizeof(type));			\
		if (got_.first != (first_bit) || got_.count != (width)) {	\
			fprintf(stderr, "%s.%s: bit %ld width %u, expected %d/%d\n", \
				#type, #member, got_.first, got_.count,		\
				(int)(first_bit), (int)(width));		\
		}								\
		CU_ASSERT_EQUAL(got_.first, (first_bit));			\
		CU_ASSERT_EQUAL(got_.count, (unsigned int)(width));		\
		CU_ASSERT(got_.contiguous);					\
		free(obj_);							\
	} while (0)

#define BYTE_BIT(byte, bit)	((byte) * 8 + (bit))

static void
test_registers(void)
{
	/* CAP (NVMe 2.0 §3.1.4.1): NSSS 58, CRWMS 59, CRIMS 60, CSS 44:37. */
	CHECK_BITS(union spdk_nvme_cap_register, bits.css, 37, 8);
	CHECK_BITS(union spdk_nvme_cap_register, bits.nsss, 58, 1);
	CHECK_BITS(union spdk_nvme_cap_register, bits.crwms, 59, 1);
	CHECK_BITS(union spdk_nvme_cap_register, bits.crims, 60, 1);
	/* CC.CRIME bit 24 (§3.1.4.5). */
	CHECK_BITS(union spdk_nvme_cc_register, bits.crime, 24, 1);
	/* CMBEBS, CMBSWTP, CRTO field positions (§3.1.4.22/23/25). */
	CHECK_BITS(union spdk_nvme_cmbebs_register, bits.cmbwbz, 8, 24);
	CHECK_BITS(union spdk_nvme_cmbswtp_register, bits.cmbswtv, 8, 24);
	CHECK_BITS(union spdk_nvme_crto_register, bits.crimt, 16, 16);
	/* The same fields through the register file: CRTO is at 68h. */
	CHECK_BITS(struct spdk_nvme_registers, crto.bits.crwmt, BYTE_BIT(0x68, 0), 16);
	CHECK_BITS(struct spdk_nvme_registers, cmbebs.bits.cmbszu, BYTE_BIT(0x5c, 0), 4);
}

static void
test_command_dwords(void)
{
	/* Get Log Page CDW10: LSP 14:8 (7 bits since 2.0), RAE 15 (§5.16). */
	CHECK_BITS(struct spdk_nvme_cmd, cdw10_bits.get_log_page.lsp, BYTE_BIT(40, 0) + 8, 7);
	CHECK_BITS(struct spdk_nvme_cmd, cdw10_bits.get_log_page.rae, BYTE_BIT(40, 0) + 15, 1);
	/* I/O Management CDW10: MO 7:0, MOS 31:16. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw10_bits.mgmt_send_recv.mos, BYTE_BIT(40, 0) + 16, 16);
	/* Read/Write CDW12 (NVM §3.2.6): DTYPE 23:20, PRCHK 28:26, FUA 30, LR 31. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.write.dtype, BYTE_BIT(48, 0) + 20, 4);
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.write.prchk, BYTE_BIT(48, 0) + 26, 3);
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.write.fua, BYTE_BIT(48, 0) + 30, 1);
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.write.lr, BYTE_BIT(48, 0) + 31, 1);
	/* Write Zeroes CDW12.DEAC 25; Copy CDW12.PRINFOW 29:26. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.write_zeroes.deac, BYTE_BIT(48, 0) + 25, 1);
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.copy.prinfow, BYTE_BIT(48, 0) + 26, 4);
	/* Write CDW13.DSPEC 31:16. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw13_bits.write.dspec, BYTE_BIT(52, 0) + 16, 16);
	/* Set Features FDP (1Dh) CDW12: FDPCI 15:8; FDP Events CDW11: NOET 23:16. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw12_bits.feat_fdp_cdw12.bits.fdpci,
		   BYTE_BIT(48, 0) + 8, 8);
	CHECK_BITS(struct spdk_nvme_cmd, cdw11_bits.feat_fdp_events_cdw11.bits.noet,
		   BYTE_BIT(44, 0) + 16, 8);
	/* Dwords 2 and 3 are whole words at bytes 8 and 12. */
	CHECK_BITS(struct spdk_nvme_cmd, cdw2, BYTE_BIT(8, 0), 32);
	CHECK_BITS(struct spdk_nvme_cmd, cdw3, BYTE_BIT(12, 0), 32);
	/* Firmware Commit BPID 31; Format NVM LBAFU 13:12. */
	CHECK_BITS(struct spdk_nvme_fw_commit, bpid, 31, 1);
	CHECK_BITS(struct spdk_nvme_format, lbafu, 12, 2);
}

static void
test_identify_controller(void)
{
	/* CMIC byte 76 (§5.17.2.1): MPORTS 0, MCTRS 1, FT 2, ANARS 3. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, cmic.mports, BYTE_BIT(76, 0), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, cmic.ft, BYTE_BIT(76, 2), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, cmic.anars, BYTE_BIT(76, 3), 1);
	/* OAES bytes 95:92: ANA change 11, normal NVM subsystem shutdown 15, ZDES 27. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oaes.ana_change_notices, BYTE_BIT(92, 11), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oaes.nnvm_sse, BYTE_BIT(92, 15), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oaes.zdes_change_notices, BYTE_BIT(92, 27), 1);
	/* CTRATT bytes 99:96: HIDS 0, EGS 4, ELBAS 15, FDPS 19; old names alias them. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.hids, BYTE_BIT(96, 0), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.egs, BYTE_BIT(96, 4), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.elbas, BYTE_BIT(96, 15), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.fdps, BYTE_BIT(96, 19), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.bits.endurance_groups, BYTE_BIT(96, 4), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, ctratt.bits.fdps, BYTE_BIT(96, 19), 1);
	/* OACS bytes 257:256: NMS 3, DBCS 8, GLSS 9, CFLS 10. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oacs.ssrs, BYTE_BIT(256, 0), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oacs.nms, BYTE_BIT(256, 3), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oacs.dbcs, BYTE_BIT(256, 8), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oacs.glss, BYTE_BIT(256, 9), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oacs.cfls, BYTE_BIT(256, 10), 1);
	/* FRMW byte 260: multiple update detection 5; LPA byte 261: CSES 1, DA4S 6. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, frmw.multiple_update_detection, BYTE_BIT(260, 5), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, lpa.cses, BYTE_BIT(261, 1), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, lpa.da4s, BYTE_BIT(261, 6), 1);
	/* ONCS bytes 521:520: NVMWZSV 3, RESERVS 5, NVMCPYS 8; FUSES.FCWS byte 522 bit 0. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oncs.nvmwzsv, BYTE_BIT(520, 3), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oncs.reservs, BYTE_BIT(520, 5), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oncs.nvmcpys, BYTE_BIT(520, 8), 1);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, oncs.raw, BYTE_BIT(520, 0), 16);
	CHECK_BITS(struct spdk_nvme_ctrlr_data, fuses.fcws, BYTE_BIT(522, 0), 1);
	/* NVMe-oF OFCS (NVMe-oF §4.1): byte 1804 bit 0. */
	CHECK_BITS(struct spdk_nvme_ctrlr_data, nvmf_specific.ofcs.disconnect, BYTE_BIT(1804, 0), 1);
	/* Effects log entry: USS 19, NSCPE 20, CSP 31:20. */
	CHECK_BITS(struct spdk_nvme_cmds_and_effect_entry, uss, 19, 1);
	CHECK_BITS(struct spdk_nvme_cmds_and_effect_entry, nscpe, 20, 1);
	CHECK_BITS(struct spdk_nvme_cmds_and_effect_entry, csp_reserved, 26, 6);
}

static void
test_identify_namespace(void)
{
	/* FLBAS byte 26: format 3:0, extended 4, format MSBs 6:5. */
	CHECK_BITS(struct spdk_nvme_ns_data, flbas.format, BYTE_BIT(26, 0), 4);
	CHECK_BITS(struct spdk_nvme_ns_data, flbas.msb_format, BYTE_BIT(26, 5), 2);
	/* NMIC byte 30: SHRNS 0, DISNS 1; RESCAP byte 31: PTPLS 0, IEKS 7. */
	CHECK_BITS(struct spdk_nvme_ns_data, nmic.shrns, BYTE_BIT(30, 0), 1);
	CHECK_BITS(struct spdk_nvme_ns_data, nmic.disns, BYTE_BIT(30, 1), 1);
	CHECK_BITS(struct spdk_nvme_ns_data, nsrescap.rescap.ptpls, BYTE_BIT(31, 0), 1);
	CHECK_BITS(struct spdk_nvme_ns_data, nsrescap.rescap.ieks, BYTE_BIT(31, 7), 1);
	/* FPI byte 32: RFNVM 6:0, FPIS 7; NSATTR byte 99 bit 0. */
	CHECK_BITS(struct spdk_nvme_ns_data, fpi.rfnvm, BYTE_BIT(32, 0), 7);
	CHECK_BITS(struct spdk_nvme_ns_data, fpi.fpis, BYTE_BIT(32, 7), 1);
	CHECK_BITS(struct spdk_nvme_ns_data, nsattr.cwp, BYTE_BIT(99, 0), 1);
	/* LBA formats from byte 128, 4 bytes each, 64 of them: LBADS 23:16. */
	CHECK_BITS(struct spdk_nvme_ns_data, lbaf[0].lbads, BYTE_BIT(128, 0) + 16, 8);
	CHECK_BITS(struct spdk_nvme_ns_data, lbaf[63].ms, BYTE_BIT(128 + 63 * 4, 0), 16);
	/* NVM command set specific: ELBAF PIF 8:7 of each 4-byte entry from byte 12. */
	CHECK_BITS(struct spdk_nvme_nvm_ns_data, elbaf[1].pif, BYTE_BIT(16, 7), 2);
	/* ZNS: LBAFE from byte 2816, 16 bytes each, ZDES in byte 8 of the entry. */
	CHECK_BITS(struct spdk_nvme_zns_ns_data, lbafe[1].zdes, BYTE_BIT(2816 + 16 + 8, 0), 8);
	/* I/O command set independent: NSTAT.IOI bits 2:1 of byte 14. */
	CHECK_BITS(struct spdk_nvme_ns_iocs_independent_data, nstat.ioi, BYTE_BIT(14, 1), 2);
}

static void
test_logs_and_zones(void)
{
	/* Zone descriptor: ZS is the high nibble of byte 1, ZDEV bit 7 of byte 2. */
	CHECK_BITS(struct spdk_nvme_zns_zone_desc, zs, BYTE_BIT(1, 4), 4);
	CHECK_BITS(struct spdk_nvme_zns_zone_desc, za.bits.zdev, BYTE_BIT(2, 7), 1);
	/* Sanitize status SSTAT: passes 7:3, global data erased 8. */
	CHECK_BITS(struct spdk_nvme_sanitize_status_log_page, sstat.complete_pass, 16 + 3, 5);
	CHECK_BITS(struct spdk_nvme_sanitize_status_log_page, sstat.global_data_erase, 16 + 8, 1);
	/* Supported log pages: LIDSP 31:16 of each dword; FID effects: CDQSCPE 26. */
	CHECK_BITS(struct spdk_nvme_supported_log_pages, lids[2].lidsp, BYTE_BIT(8, 0) + 16, 16);
	CHECK_BITS(struct spdk_nvme_feature_ids_effects_log_page, fis[0].cdqscpe, 26, 1);
	/* FDP configuration descriptor FDPA byte 2: RGIF 3:0, FDPCV 7. */
	CHECK_BITS(struct spdk_nvme_fdp_cfg_descriptor, fdpa.bits.rgif, BYTE_BIT(2, 0), 4);
	CHECK_BITS(struct spdk_nvme_fdp_cfg_descriptor, fdpa.bits.fdpcv, BYTE_BIT(2, 7), 1);
	/* FDP event flags byte 1: LV bit 2. */
	CHECK_BITS(struct spdk_nvme_fdp_event, fdpef.bits.lv, BYTE_BIT(1, 2), 1);
	/* Registered controller: RCSTS byte 2 bit 0. */
	CHECK_BITS(struct spdk_nvme_registered_ctrlr_data, rcsts.status, BYTE_BIT(2, 0), 1);
}

static void
test_helper_finds_bits(void)
{
	uint8_t buf[4] = { 0, 0x30, 0, 0 };
	struct set_bits r = find_set_bits(buf, sizeof(buf));

	CU_ASSERT_EQUAL(r.first, 12);
	CU_ASSERT_EQUAL(r.count, 2);
	CU_ASSERT(r.contiguous);
	buf[3] = 0x80;
	r = find_set_bits(buf, sizeof(buf));
	CU_ASSERT_EQUAL(r.count, 3);
	CU_ASSERT(!r.contiguous);
	memset(buf, 0, sizeof(buf));
	CU_ASSERT_EQUAL(find_set_bits(buf, sizeof(buf)).first, -1);
}

static const struct cu_test g_tests[] = {
	{ "bit finder", test_helper_finds_bits },
	{ "registers", test_registers },
	{ "command dwords", test_command_dwords },
	{ "identify controller", test_identify_controller },
	{ "identify namespace", test_identify_namespace },
	{ "log pages and zones", test_logs_and_zones },
};

int
main(void)
{
	return cu_main("nvme_spec_layout", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
