/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/nvme_fabric.c: the bytes of Connect (command and
 * 1 KiB data) and Property Get/Set as NVMe-oF 1.1 §3.3-3.4 lay them out, and
 * the refusals (bad NQNs, queue sizes, I/O Connect without a controller ID,
 * unaligned properties, failed or authenticating Connect completions).
 */
#include <errno.h>
#include <string.h>

#include "spdk/nvme_spec.h"
#include "spdk/nvmf_spec.h"
#include "nvme_fabric.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

static const uint8_t g_hostid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static struct nvme_fabric_connect_params
admin_params(void)
{
	struct nvme_fabric_connect_params p = {
		.qid = 0, .queue_size = 32, .kato_ms = 10000,
		.cntlid = NVME_FABRIC_CNTLID_DYNAMIC,
		.hostnqn = "nqn.2014-08.org.nvmexpress:uuid:0102", .hostid = g_hostid,
		.subnqn = "nqn.2016-06.io.ealnvme:test",
	};

	return p;
}

static void
test_connect_admin(void)
{
	struct nvme_fabric_connect_params p = admin_params();
	struct spdk_nvmf_fabric_connect_data data;
	struct spdk_nvme_cmd cmd;
	const uint8_t *b = (const uint8_t *)&cmd;

	memset(&data, 0xaa, sizeof(data));
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), 0);
	CU_ASSERT_EQUAL(b[0], 0x7f);		/* fabrics opcode */
	CU_ASSERT_EQUAL(b[1] >> 6, 1);		/* PSDT: SGL */
	CU_ASSERT_EQUAL(b[4], 0x01);		/* FCTYPE Connect */
	/* SGL1 at byte 24: offset 0, 1 KiB, data block / offset (0x01). */
	CU_ASSERT_EQUAL(b[24], 0);
	CU_ASSERT_EQUAL(b[32] | (b[33] << 8), 1024);
	CU_ASSERT_EQUAL(b[39], 0x01);
	CU_ASSERT_EQUAL(b[42] | (b[43] << 8), 0);	/* QID */
	CU_ASSERT_EQUAL(b[44] | (b[45] << 8), 31);	/* SQSIZE, 0's based */
	CU_ASSERT_EQUAL(b[48] | (b[49] << 8) | (b[50] << 16), 10000);	/* KATO */
	CU_ASSERT_EQUAL(memcmp(data.hostid, g_hostid, 16), 0);
	CU_ASSERT_EQUAL(data.cntlid, 0xffff);
	CU_ASSERT_STRING_EQUAL((char *)data.subnqn, p.subnqn);
	CU_ASSERT_STRING_EQUAL((char *)data.hostnqn, p.hostnqn);
	CU_ASSERT_EQUAL(data.reserved6[0], 0);	/* the rest zeroed */
	CU_ASSERT_EQUAL(data.subnqn[255], 0);
}

static void
test_connect_io_and_refusals(void)
{
	struct nvme_fabric_connect_params p = admin_params();
	struct spdk_nvmf_fabric_connect_data data;
	struct spdk_nvme_cmd cmd;
	struct spdk_nvmf_fabric_connect_cmd *c = (void *)&cmd;
	char longnqn[SPDK_NVMF_NQN_MAX_LEN + 2];

	p.qid = 3;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);	/* no cntlid */
	p.cntlid = 5;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), 0);
	CU_ASSERT_EQUAL(c->qid, 3);
	CU_ASSERT_EQUAL(c->kato, 0);		/* KATO is the admin queue's */
	CU_ASSERT_EQUAL(data.cntlid, 5);

	p = admin_params();
	p.queue_size = 1;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);
	p.queue_size = 65537;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);
	p.queue_size = 65536;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), 0);
	CU_ASSERT_EQUAL(c->sqsize, 65535);
	p.subnqn = "";
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);
	p.subnqn = NULL;
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);
	memset(longnqn, 'a', sizeof(longnqn) - 1);
	longnqn[sizeof(longnqn) - 1] = '\0';
	p = admin_params();
	p.hostnqn = longnqn;		/* 224 bytes */
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), -EINVAL);
	longnqn[SPDK_NVMF_NQN_MAX_LEN] = '\0';	/* 223: the most allowed */
	CU_ASSERT_EQUAL(nvme_fabric_connect_build(&cmd, &data, &p), 0);
	CU_ASSERT_EQUAL(data.hostnqn[222], 'a');
	CU_ASSERT_EQUAL(data.hostnqn[223], 0);
}

static void
test_connect_rsp(void)
{
	struct spdk_nvme_cpl cpl;
	struct spdk_nvmf_fabric_connect_rsp *r = (void *)&cpl;
	uint16_t cntlid = 0;

	memset(&cpl, 0, sizeof(cpl));
	r->status_code_specific.success.cntlid = 0x1234;
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&cpl, &cntlid), 0);
	CU_ASSERT_EQUAL(cntlid, 0x1234);
	r->status_code_specific.success.authreq.atr = 1;
	cntlid = 0;
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&cpl, &cntlid), -ENOTSUP);
	CU_ASSERT_EQUAL(cntlid, 0);
	memset(&cpl, 0, sizeof(cpl));
	cpl.status.sct = SPDK_NVME_SCT_COMMAND_SPECIFIC;
	cpl.status.sc = SPDK_NVMF_FABRIC_SC_INVALID_PARAM;
	r->status_code_specific.invalid.ipo = 256;
	r->status_code_specific.invalid.iattr = 1;
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&cpl, &cntlid), -EIO);
	cpl.status.sct = SPDK_NVME_SCT_GENERIC;
	cpl.status.sc = SPDK_NVME_SC_INTERNAL_DEVICE_ERROR;
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&cpl, &cntlid), -EIO);
	CU_ASSERT_EQUAL(cntlid, 0);
	/* A queue ID the target has not released yet: -EBUSY, the caller may retry. */
	cpl.status.sc = SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR;
	CU_ASSERT_EQUAL(nvme_fabric_connect_rsp(&cpl, &cntlid), -EBUSY);
	CU_ASSERT_EQUAL(cntlid, 0);
}

static void
test_property_get_set(void)
{
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	const uint8_t *b = (const uint8_t *)&cmd;

	/* Property Get CAP (offset 0, 8 bytes): FCTYPE 4, ATTRIB.SIZE 1, OFST at byte 44. */
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_build(&cmd, 0x0, 8), 0);
	CU_ASSERT_EQUAL(b[0], 0x7f);
	CU_ASSERT_EQUAL(b[4], 0x04);
	CU_ASSERT_EQUAL(b[40] & 7, 1);
	CU_ASSERT_EQUAL(b[44], 0);
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_build(&cmd, 0x1c, 4), 0);	/* CSTS */
	CU_ASSERT_EQUAL(b[40] & 7, 0);
	CU_ASSERT_EQUAL(b[44], 0x1c);

	/* Property Set CC = 0x00460001: FCTYPE 0, VALUE at byte 48. */
	CU_ASSERT_EQUAL(nvme_fabric_prop_set_build(&cmd, 0x14, 4, 0xdead000000460001ull), 0);
	CU_ASSERT_EQUAL(b[4], 0x00);
	CU_ASSERT_EQUAL(b[44], 0x14);
	CU_ASSERT_EQUAL(b[48], 0x01);
	CU_ASSERT_EQUAL(b[50], 0x46);
	CU_ASSERT_EQUAL(b[52], 0);		/* upper half not sent for 4 bytes */
	CU_ASSERT_EQUAL(nvme_fabric_prop_set_build(&cmd, 0x28, 8, 0x1122334455667788ull), 0);
	CU_ASSERT_EQUAL(b[48], 0x88);
	CU_ASSERT_EQUAL(b[55], 0x11);

	/* Unaligned or odd sizes. */
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_build(&cmd, 0x2, 4), -EINVAL);
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_build(&cmd, 0x4, 8), -EINVAL);
	CU_ASSERT_EQUAL(nvme_fabric_prop_set_build(&cmd, 0x14, 2, 0), -EINVAL);

	memset(&cpl, 0, sizeof(cpl));
	cpl.cdw0 = 0x0020ffff;
	cpl.cdw1 = 0x00000030;
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_value(&cpl, 8), 0x000000300020ffffull);
	CU_ASSERT_EQUAL(nvme_fabric_prop_get_value(&cpl, 4), 0x0020ffffull);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "connect_admin", test_connect_admin },
		{ "connect_io_and_refusals", test_connect_io_and_refusals },
		{ "connect_rsp", test_connect_rsp },
		{ "property_get_set", test_property_get_set },
	};

	return cu_main("nvme_fabric", tests, sizeof(tests) / sizeof(tests[0]));
}
