/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_pdu.c: encoded PDUs parse back to the
 * same layout, digests are the CRC-32C of the right bytes, and every
 * malformed header (wrong type, direction, HLEN, PDO, PLEN, flags, digest,
 * type-specific field) is refused with the TermReq FES/FEI that names it,
 * without reading past what it was given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/endian.h"
#include "spdk/nvmf_spec.h"
#include "nvme_tcp_pdu.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

#define MAX_DATA	65536u
#define HFE		SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD

static struct nvme_tcp_pdu_params
params(bool hdgst, bool ddgst)
{
	struct nvme_tcp_pdu_params p;

	nvme_tcp_pdu_params_init(&p, MAX_DATA);
	p.hdgst = hdgst;
	p.ddgst = ddgst;
	p.ic_done = true;
	return p;
}

/* A C2HData PDU header for `len` bytes as a controller would send it. */
static int
build_c2h(uint8_t *buf, uint32_t len, const struct nvme_tcp_pdu_params *p)
{
	struct spdk_nvme_tcp_c2h_data_hdr *d = (void *)buf;
	int hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA, len, false, p);

	if (hl > 0) {
		d->cccid = 7;
		to_le32(&d->datal, len);
		nvme_tcp_pdu_seal_hdr(buf);
	}
	return hl;
}

/* Parse as the host, then check the whole header; returns the first error. */
static int
host_rx(const uint8_t *buf, const struct nvme_tcp_pdu_params *p, struct nvme_tcp_pdu_layout *l,
	struct nvme_tcp_pdu_error *e)
{
	int rc = nvme_tcp_pdu_parse_ch((const void *)buf, true, p, l, e);

	return rc != 0 ? rc : nvme_tcp_pdu_check_hdr(buf, NVME_TCP_HDR_BUF_LEN, l, e);
}

static void
test_digest_value(void)
{
	uint8_t d[4];

	CU_ASSERT_EQUAL(nvme_tcp_digest("123456789", 9), 0xE3069283u);
	to_le32(d, 0xE3069283u);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_ddgst("123456789", 9, d), 0);
	d[0] ^= 1;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_ddgst("123456789", 9, d), -EPROTO);
}

static void
test_capsule_cmd_roundtrip(void)
{
	struct nvme_tcp_pdu_params p = params(true, true);
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_cmd *c = (void *)buf;
	int hl;

	p.tx_align = 16;
	hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 512, true, &p);
	/* 72 + 4 digest = 76, rounded up to 16 = 80 */
	CU_ASSERT_EQUAL(hl, 80);
	CU_ASSERT_EQUAL(c->common.hlen, 72);
	CU_ASSERT_EQUAL(c->common.pdo, 80);
	CU_ASSERT_EQUAL(from_le32(&c->common.plen), 80 + 512 + 4);
	CU_ASSERT_EQUAL(c->common.flags, SPDK_NVME_TCP_CH_FLAGS_HDGSTF | SPDK_NVME_TCP_CH_FLAGS_DDGSTF);
	c->ccsqe.opc = 0x01;
	c->ccsqe.cid = 42;
	nvme_tcp_pdu_seal_hdr(buf);
	CU_ASSERT_EQUAL(from_le32(buf + 72), nvme_tcp_digest(buf, 72));

	/* The target side parses it: alignment 16 asked for by its CPDA. */
	p.rx_align = 16;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, false, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.hdr_len, 76);
	CU_ASSERT_EQUAL(l.data_off, 80);
	CU_ASSERT_EQUAL(l.data_len, 512);
	CU_ASSERT(l.hdgst && l.ddgst);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 76, &l, &e), 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 75, &l, &e), -EINVAL);
	/* The host never receives a CapsuleCmd. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, true, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fes, HFE);
	CU_ASSERT_EQUAL(e.fei, 0);

	/* Without data: no PDO, no data digest flag, PLEN is the header. */
	hl = nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 0, true, &p);
	CU_ASSERT_EQUAL(hl, 76);
	CU_ASSERT_EQUAL(c->common.pdo, 0);
	CU_ASSERT_EQUAL(c->common.flags, SPDK_NVME_TCP_CH_FLAGS_HDGSTF);
	CU_ASSERT_EQUAL(from_le32(&c->common.plen), 76);
	nvme_tcp_pdu_seal_hdr(buf);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, false, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.data_len, 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 76, &l, &e), 0);
}

static void
test_c2h_and_resp(void)
{
	struct nvme_tcp_pdu_params p = params(false, false);
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_rsp *r = (void *)buf;

	CU_ASSERT_EQUAL(build_c2h(buf, 4096, &p), 24);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.type, SPDK_NVME_TCP_PDU_TYPE_C2H_DATA);
	CU_ASSERT_EQUAL(l.data_off, 24);
	CU_ASSERT_EQUAL(l.data_len, 4096);
	CU_ASSERT_EQUAL(l.plen, 24 + 4096);

	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &p),
			24);
	r->rccqe.cid = 9;
	nvme_tcp_pdu_seal_hdr(buf);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.plen, 24);
	CU_ASSERT_EQUAL(l.data_len, 0);
	/* A CapsuleResp with a data section is refused at PDO. */
	r->common.pdo = 24;
	to_le32(&r->common.plen, 28);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 3);
}

static void
test_ic_sequence(void)
{
	struct nvme_tcp_pdu_params p;
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_ic_resp *ic = (void *)buf;

	nvme_tcp_pdu_params_init(&p, MAX_DATA);
	p.hdgst = true;	/* digests never apply to IC PDUs */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &p), 128);
	CU_ASSERT_EQUAL(ic->common.flags, 0);
	to_le32(&ic->maxh2cdata, 131072);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	/* Bad values inside the ICResp. */
	ic->cpda = 32;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 10);
	ic->cpda = 0;
	to_le32(&ic->maxh2cdata, 2048);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 12);
	to_le32(&ic->maxh2cdata, 8190);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	to_le32(&ic->maxh2cdata, 8192);
	to_le16(&ic->pfv, 1);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 8);
	to_le16(&ic->pfv, 0);
	to_le32(&ic->common.plen, 132);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 4);
	to_le32(&ic->common.plen, 128);
	ic->common.flags = SPDK_NVME_TCP_CH_FLAGS_HDGSTF;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 1);
	ic->common.flags = 0;
	/* A second ICResp is a sequence error. */
	p.ic_done = true;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fes, SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR);
	/* And anything but a TermReq before the IC exchange. */
	p.ic_done = false;
	p.hdgst = false;
	nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP, 0, false, &p);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fes, SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ, 8, false, &p),
			24);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.data_off, 24);
	CU_ASSERT_EQUAL(l.data_len, 8);

	/* The ICReq, as the target parses it. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_REQ, 0, true, &p), 128);
	((struct spdk_nvme_tcp_ic_req *)buf)->hpda = 31;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, false, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 128, &l, &e), 0);
	((struct spdk_nvme_tcp_ic_req *)buf)->hpda = 32;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 128, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 10);
}

/* One field of a valid C2HData broken at a time. */
static void
test_malformed_c2h(void)
{
	struct nvme_tcp_pdu_params p = params(true, true);
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	/* Room past the largest header: the HLEN 255 case is resealed (digest at 255). */
	uint8_t buf[NVME_TCP_HDR_BUF_LEN + 8];
	struct spdk_nvme_tcp_c2h_data_hdr *d = (void *)buf;
	const struct {
		const char	*name;
		int		field;	/* 0 type, 1 flags, 2 hlen, 3 pdo, 4 plen, 16 datal */
		uint32_t	value;
		uint16_t	fes;
		uint32_t	fei;
	} cases[] = {
		{ "unknown type 8", 0, 0x08, HFE, 0 },
		{ "unknown type 0xff", 0, 0xff, HFE, 0 },
		{ "H2CData to the host", 0, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, HFE, 0 },
		{ "no header digest flag", 1, SPDK_NVME_TCP_CH_FLAGS_DDGSTF, HFE, 1 },
		{ "no data digest flag", 1, SPDK_NVME_TCP_CH_FLAGS_HDGSTF, HFE, 1 },
		{ "HLEN 23", 2, 23, HFE, 2 },
		{ "HLEN 255", 2, 255, HFE, 2 },
		{ "PDO 0 on a data PDU", 3, 0, HFE, 3 },
		{ "PDO in the header", 3, 24, HFE, 3 },
		{ "PDO unaligned", 3, 30, HFE, 3 },
		{ "PLEN below the header", 4, 20, HFE, 4 },
		{ "PLEN with no data", 4, 32, HFE, 4 },
		{ "PLEN 0", 4, 0, HFE, 4 },
		{ "PLEN 4 GiB", 4, UINT32_MAX, SPDK_NVME_TCP_TERM_REQ_FES_DATA_TRANSFER_LIMIT_EXCEEDED, 4 },
		{ "DATAL short", 16, 100, HFE, 16 },
		{ "DATAL long", 16, 4096, HFE, 16 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_FATAL(build_c2h(buf, 1000, &p) == 28);
		switch (cases[i].field) {
		case 0: d->common.pdu_type = (uint8_t)cases[i].value; break;
		case 1: d->common.flags = (uint8_t)cases[i].value; break;
		case 2: d->common.hlen = (uint8_t)cases[i].value; break;
		case 3: d->common.pdo = (uint8_t)cases[i].value; break;
		case 4: to_le32(&d->common.plen, cases[i].value); break;
		default: to_le32(&d->datal, cases[i].value); break;
		}
		/* Reseal so the digest is right and only the field is wrong. */
		nvme_tcp_pdu_seal_hdr(buf);
		memset(&e, 0xee, sizeof(e));
		CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
		if (e.fes != cases[i].fes || e.fei != cases[i].fei) {
			fprintf(stderr, "case '%s': FES %u FEI %u\n", cases[i].name, e.fes, e.fei);
		}
		CU_ASSERT_EQUAL(e.fes, cases[i].fes);
		CU_ASSERT_EQUAL(e.fei, cases[i].fei);
	}
	/* The unbroken one passes, and a flipped header byte is a digest error. */
	build_c2h(buf, 1000, &p);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.data_len, 1000);
	d->cccid ^= 0x100;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fes, SPDK_NVME_TCP_TERM_REQ_FES_HDGST_ERROR);
	CU_ASSERT_EQUAL(e.fei, 24);
}

static void
test_malformed_other(void)
{
	struct nvme_tcp_pdu_params p = params(false, false);
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_r2t_hdr *r = (void *)buf;
	struct spdk_nvme_tcp_term_req_hdr *t = (void *)buf;

	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_R2T, 0, false, &p), 24);
	to_le32(&r->r2tl, 8192);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	to_le32(&r->r2tl, 0);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 16);
	to_le32(&r->r2tl, 1);
	r->common.flags = SPDK_NVME_TCP_CH_FLAGS_DDGSTF;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 1);
	r->common.flags = 0;
	to_le32(&r->common.plen, 48);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 4);

	/* TermReq: 0 to 128 bytes of data, never more, no digest flags. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ, 128, false, &p),
			24);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
	CU_ASSERT_EQUAL(l.data_len, 128);
	to_le32(&t->common.plen, 153);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 4);
	to_le32(&t->common.plen, 23);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	to_le32(&t->common.plen, 24);
	t->common.flags = SPDK_NVME_TCP_CH_FLAGS_DDGSTF;
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fei, 1);

	/* More data than the receiver accepts per PDU. */
	p.max_rx_data = 4096;
	build_c2h(buf, 4097, &p);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), -EPROTO);
	CU_ASSERT_EQUAL(e.fes, SPDK_NVME_TCP_TERM_REQ_FES_DATA_TRANSFER_LIMIT_EXCEEDED);
	build_c2h(buf, 4096, &p);
	CU_ASSERT_EQUAL(host_rx(buf, &p, &l, &e), 0);
}

static void
test_encode_refusals(void)
{
	struct nvme_tcp_pdu_params p = params(true, true);
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];

	/* Wrong direction, unknown type. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_R2T, 0, true, &p), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 0, false, &p),
			-EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, 0x08, 0, true, &p), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, 0x80, 0, true, &p), -EINVAL);
	/* Data where none goes, none where it must. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_REQ, 4, true, &p), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, 0, true, &p),
			-EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ, 129, true, &p),
			-EINVAL);
	/* PLEN would wrap; PDO would not fit in a byte. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, UINT32_MAX - 8,
					       true, &p), -EINVAL);
	p.tx_align = 256;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 8, true, &p),
			-EINVAL);
	/* CPDA 31 (128 bytes) is the largest a controller asks for, and fits. */
	p.tx_align = 128;
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 8, true, &p), 128);
	CU_ASSERT_EQUAL(buf[3], 128);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_H2C_DATA, 8, true, &p), 128);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_hlen(SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD), 72);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_hlen(0x08), 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_hlen(0xff), 0);
}

static void
test_ic_exchange(void)
{
	struct nvme_tcp_ic_want want = { .hdgst = true, .ddgst = true, .hpda = 3 };
	struct nvme_tcp_pdu_params tgt, host;
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct spdk_nvme_tcp_ic_req *q = (void *)buf;
	struct spdk_nvme_tcp_ic_resp *r = (void *)buf;
	uint32_t maxh2c = 0;

	CU_ASSERT_EQUAL(nvme_tcp_icreq_build(buf, &want), 128);
	nvme_tcp_pdu_params_init(&tgt, MAX_DATA);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, false, &tgt, &l, &e), 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 128, &l, &e), 0);
	CU_ASSERT_EQUAL(q->hpda, 3);
	CU_ASSERT(q->dgst.bits.hdgst_enable && q->dgst.bits.ddgst_enable);
	CU_ASSERT_EQUAL(from_le32(&q->maxr2t), 0);

	/* The target grants the header digest only, CPDA 1 (8 bytes). */
	nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &tgt);
	r->cpda = 1;
	r->dgst.bits.hdgst_enable = 1;
	to_le32(&r->maxh2cdata, 65536);
	nvme_tcp_pdu_params_init(&host, MAX_DATA);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_parse_ch((void *)buf, true, &host, &l, &e), 0);
	CU_ASSERT_EQUAL(nvme_tcp_pdu_check_hdr(buf, 128, &l, &e), 0);
	CU_ASSERT_EQUAL(nvme_tcp_icresp_apply(r, &want, &host, &maxh2c), 0);
	CU_ASSERT(host.ic_done && host.hdgst && !host.ddgst);
	CU_ASSERT_EQUAL(host.tx_align, 8);
	CU_ASSERT_EQUAL(host.rx_align, 16);
	CU_ASSERT_EQUAL(maxh2c, 65536);
	/* Now a CapsuleCmd with data is laid out for that CPDA: 72 + 4 -> 80. */
	CU_ASSERT_EQUAL(nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD, 16, true,
					       &host), 80);

	/* A digest turned on unasked, a bad HPDA. */
	nvme_tcp_pdu_params_init(&host, MAX_DATA);
	want.ddgst = false;
	nvme_tcp_pdu_encode_ch(buf, SPDK_NVME_TCP_PDU_TYPE_IC_RESP, 0, false, &tgt);
	r->dgst.bits.ddgst_enable = 1;
	to_le32(&r->maxh2cdata, 65536);
	CU_ASSERT_EQUAL(nvme_tcp_icresp_apply(r, &want, &host, &maxh2c), -EPROTO);
	CU_ASSERT(!host.ic_done);
	r->dgst.bits.ddgst_enable = 0;
	to_le32(&r->maxh2cdata, 1024);
	CU_ASSERT_EQUAL(nvme_tcp_icresp_apply(r, &want, &host, &maxh2c), -EPROTO);
	want.hpda = 32;
	CU_ASSERT_EQUAL(nvme_tcp_icreq_build(buf, &want), -EINVAL);
}

/* Random common headers: whatever is accepted describes a PDU whose parts fit in PLEN. */
static void
test_random_headers_consistent(void)
{
	uint8_t buf[NVME_TCP_HDR_BUF_LEN];
	struct nvme_tcp_pdu_layout l;
	struct nvme_tcp_pdu_error e;
	unsigned int seed = 12345, accepted = 0;

	for (int i = 0; i < 200000; i++) {
		struct nvme_tcp_pdu_params p = params(i & 1, i & 2);
		bool from_ctrlr = (i & 4) != 0;

		p.ic_done = (i & 8) != 0;
		p.rx_align = 4u << (i % 3);
		for (size_t j = 0; j < 8; j++) {
			buf[j] = (uint8_t)rand_r(&seed);
		}
		/* Bias towards real types, HLENs and small PLENs so that some pass. */
		buf[0] &= 0x0f;
		if (i & 16) {
			buf[2] = nvme_tcp_pdu_hlen(buf[0]);
			buf[6] = buf[7] = 0;
			buf[5] &= 0x3;
		}
		if (nvme_tcp_pdu_parse_ch((void *)buf, from_ctrlr, &p, &l, &e) != 0) {
			CU_ASSERT(e.fes >= 1 && e.fes <= 6);
			continue;
		}
		accepted++;
		uint32_t dd = l.ddgst ? 4 : 0;

		CU_ASSERT(l.hdr_len >= l.hlen && l.hdr_len <= l.plen);
		CU_ASSERT(l.hdr_len <= NVME_TCP_MAX_HDR_LEN);
		CU_ASSERT(l.data_len <= p.max_rx_data);
		if (l.data_len > 0) {
			CU_ASSERT(l.data_off >= l.hdr_len);
			CU_ASSERT((uint64_t)l.data_off + l.data_len + dd == l.plen);
		} else {
			CU_ASSERT(l.plen == l.hdr_len);
		}
	}
	CU_ASSERT(accepted > 100);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "digest_value", test_digest_value },
		{ "capsule_cmd_roundtrip", test_capsule_cmd_roundtrip },
		{ "c2h_and_resp", test_c2h_and_resp },
		{ "ic_sequence", test_ic_sequence },
		{ "malformed_c2h", test_malformed_c2h },
		{ "malformed_other", test_malformed_other },
		{ "encode_refusals", test_encode_refusals },
		{ "ic_exchange", test_ic_exchange },
		{ "random_headers_consistent", test_random_headers_consistent },
	};

	return cu_main("nvme_tcp_pdu", tests, sizeof(tests) / sizeof(tests[0]));
}
