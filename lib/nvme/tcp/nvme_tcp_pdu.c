/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP PDU headers (NVMe/TCP transport specification 1.0, §3.6): what a
 * receiver checks before it trusts a length from the wire, and the encoder
 * for the PDUs it sends.  Every refusal carries the TermReq FES/FEI the
 * caller reports to the peer (§3.6.2.4) and logs one line.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "spdk/crc32.h"
#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_tcp_pdu.h"

/* Byte offsets inside the common header, for the FEI of a TermReq. */
#define CH_OFF_FLAGS	1u
#define CH_OFF_HLEN	2u
#define CH_OFF_PDO	3u
#define CH_OFF_PLEN	4u
/* PDO is one byte: data can start no later than this. */
#define PDO_LIMIT	255u

enum pdu_dir { DIR_H2C = 1, DIR_C2H = 2 };

struct pdu_kind {
	uint8_t	hlen;
	uint8_t	dir;		/* enum pdu_dir: who may send it */
	bool	data;		/* may carry data at PDO */
	bool	data_required;
};

/* Fixed header lengths and directions (§3.6.2.2 - §3.6.2.11). */
static const struct pdu_kind g_kinds[] = {
	[SPDK_NVME_TCP_PDU_TYPE_IC_REQ] = { 128, DIR_H2C, false, false },
	[SPDK_NVME_TCP_PDU_TYPE_IC_RESP] = { 128, DIR_C2H, false, false },
	[SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ] = { 24, DIR_H2C, false, false },
	[SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ] = { 24, DIR_C2H, false, false },
	[SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD] = { 72, DIR_H2C, true, false },
	[SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP] = { 24, DIR_C2H, false, false },
	[SPDK_NVME_TCP_PDU_TYPE_H2C_DATA] = { 24, DIR_H2C, true, true },
	[SPDK_NVME_TCP_PDU_TYPE_C2H_DATA] = { 24, DIR_C2H, true, true },
	[SPDK_NVME_TCP_PDU_TYPE_R2T] = { 24, DIR_C2H, false, false },
};

static const struct pdu_kind *
pdu_kind(uint8_t type)
{
	if (type >= sizeof(g_kinds) / sizeof(g_kinds[0]) || g_kinds[type].hlen == 0) {
		return NULL;
	}
	return &g_kinds[type];
}

static bool
is_ic(uint8_t type)
{
	return type == SPDK_NVME_TCP_PDU_TYPE_IC_REQ || type == SPDK_NVME_TCP_PDU_TYPE_IC_RESP;
}

static bool
is_term(uint8_t type)
{
	return type == SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ ||
	       type == SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ;
}

uint8_t
nvme_tcp_pdu_hlen(uint8_t type)
{
	const struct pdu_kind *k = pdu_kind(type);

	return k == NULL ? 0 : k->hlen;
}

void
nvme_tcp_pdu_params_init(struct nvme_tcp_pdu_params *p, uint32_t max_rx_data)
{
	memset(p, 0, sizeof(*p));
	p->rx_align = 4;	/* HPDA/CPDA 0: dword alignment */
	p->tx_align = 4;
	p->max_rx_data = max_rx_data;
}

static int
refuse(struct nvme_tcp_pdu_error *err, uint16_t fes, uint32_t fei, uint8_t type,
       const char *what)
{
	err->fes = fes;
	err->fei = fei;
	EALNVME_ERRLOG("NVMe/TCP PDU type 0x%02x refused: %s (FES %u, byte %" PRIu32 "); the "
		       "connection must be terminated: check the peer's NVMe/TCP implementation",
		       type, what, fes, fei);
	return -EPROTO;
}

/* PDO, PLEN and the data of a PDU that may carry data at PDO. */
static int
parse_data_layout(const struct spdk_nvme_tcp_common_pdu_hdr *ch, const struct pdu_kind *k,
		  const struct nvme_tcp_pdu_params *p, struct nvme_tcp_pdu_layout *l,
		  struct nvme_tcp_pdu_error *err)
{
	const uint16_t hfe = SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD;
	uint32_t dd_len;

	if (ch->pdo == 0) {
		if (k->data_required) {
			return refuse(err, hfe, CH_OFF_PDO, l->type, "a data PDU without data (PDO 0)");
		}
		if (l->ddgst) {
			return refuse(err, hfe, CH_OFF_FLAGS, l->type, "data digest flag without data");
		}
		if (l->plen != l->hdr_len) {
			return refuse(err, hfe, CH_OFF_PLEN, l->type, "PLEN is not the header length");
		}
		return 0;
	}
	if (!k->data) {
		return refuse(err, hfe, CH_OFF_PDO, l->type, "PDO set in a PDU that carries no data");
	}
	/* §3.6.2.1: data digests are on all data PDUs once negotiated, never otherwise. */
	if (l->ddgst != p->ddgst) {
		return refuse(err, hfe, CH_OFF_FLAGS, l->type, "data digest flag not as negotiated");
	}
	if (ch->pdo < l->hdr_len || p->rx_align == 0 || ch->pdo % p->rx_align != 0) {
		return refuse(err, hfe, CH_OFF_PDO, l->type,
			      "PDO inside the header or not at the negotiated alignment");
	}
	dd_len = l->ddgst ? NVME_TCP_DIGEST_LEN : 0;
	if (l->plen <= (uint32_t)ch->pdo + dd_len) {
		return refuse(err, hfe, CH_OFF_PLEN, l->type, "PLEN leaves no room for the data");
	}
	l->data_off = ch->pdo;
	l->data_len = l->plen - ch->pdo - dd_len;
	if (l->data_len > p->max_rx_data) {
		return refuse(err, SPDK_NVME_TCP_TERM_REQ_FES_DATA_TRANSFER_LIMIT_EXCEEDED,
			      CH_OFF_PLEN, l->type, "more data in one PDU than we accept");
	}
	return 0;
}

int
nvme_tcp_pdu_parse_ch(const struct spdk_nvme_tcp_common_pdu_hdr *ch, bool from_ctrlr,
		      const struct nvme_tcp_pdu_params *p, struct nvme_tcp_pdu_layout *l,
		      struct nvme_tcp_pdu_error *err)
{
	const uint16_t hfe = SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD;
	const struct pdu_kind *k = pdu_kind(ch->pdu_type);

	memset(l, 0, sizeof(*l));
	l->type = ch->pdu_type;
	if (k == NULL || k->dir != (from_ctrlr ? DIR_C2H : DIR_H2C)) {
		return refuse(err, hfe, 0, ch->pdu_type, "unknown type or wrong direction");
	}
	/* §3.3: the IC exchange comes first and only once; a TermReq may come any time. */
	if (!is_term(l->type) && is_ic(l->type) == p->ic_done) {
		return refuse(err, SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR, 0, l->type,
			      p->ic_done ? "a second IC PDU" : "a PDU before ICReq/ICResp");
	}
	if (ch->hlen != k->hlen) {
		return refuse(err, hfe, CH_OFF_HLEN, l->type, "HLEN is not this type's length");
	}
	l->hlen = ch->hlen;
	l->plen = from_le32(&ch->plen);
	l->hdgst = (ch->flags & SPDK_NVME_TCP_CH_FLAGS_HDGSTF) != 0;
	l->ddgst = (ch->flags & SPDK_NVME_TCP_CH_FLAGS_DDGSTF) != 0;

	if (is_ic(l->type) || is_term(l->type)) {
		/* No digests on IC and TermReq PDUs (§3.6.2.2 - §3.6.2.5). */
		if (l->hdgst || l->ddgst) {
			return refuse(err, hfe, CH_OFF_FLAGS, l->type, "digest flag on an IC/TermReq PDU");
		}
		l->hdr_len = l->hlen;
		if (is_ic(l->type)) {
			if (ch->pdo != 0) {
				return refuse(err, hfe, CH_OFF_PDO, l->type, "PDO set in an IC PDU");
			}
			if (l->plen != l->hlen) {
				return refuse(err, hfe, CH_OFF_PLEN, l->type, "IC PDU PLEN is not 128");
			}
			return 0;
		}
		/* TermReq: up to 128 bytes of the offending PDU follow the header. */
		if (l->plen < l->hlen || l->plen > SPDK_NVME_TCP_TERM_REQ_PDU_MAX_SIZE) {
			return refuse(err, hfe, CH_OFF_PLEN, l->type, "TermReq PLEN out of range");
		}
		l->data_off = l->hlen;
		l->data_len = l->plen - l->hlen;
		return 0;
	}
	if (l->hdgst != p->hdgst) {
		return refuse(err, hfe, CH_OFF_FLAGS, l->type, "header digest flag not as negotiated");
	}
	l->hdr_len = l->hlen + (l->hdgst ? NVME_TCP_DIGEST_LEN : 0);
	if (l->plen < l->hdr_len) {
		return refuse(err, hfe, CH_OFF_PLEN, l->type, "PLEN shorter than the header");
	}
	return parse_data_layout(ch, k, p, l, err);
}

uint32_t
nvme_tcp_digest(const void *buf, size_t len)
{
	return spdk_crc32c_update(buf, len, ~0u) ^ ~0u;
}

int
nvme_tcp_pdu_check_ddgst(const void *data, size_t len, const uint8_t dgst[4])
{
	uint32_t want = nvme_tcp_digest(data, len);

	if (want != from_le32(dgst)) {
		EALNVME_ERRLOG("NVMe/TCP data digest mismatch over %zu bytes (got 0x%08" PRIx32
			       ", computed 0x%08" PRIx32 "): the data was corrupted in transit; "
			       "the command fails with a transient transport error", len,
			       from_le32(dgst), want);
		return -EPROTO;
	}
	return 0;
}

/* Type-specific fields, once the whole header is in. */
static int
check_fields(const uint8_t *hdr, const struct nvme_tcp_pdu_layout *l,
	     struct nvme_tcp_pdu_error *err)
{
	const uint16_t hfe = SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD;

	switch (l->type) {
	case SPDK_NVME_TCP_PDU_TYPE_IC_RESP: {
		const struct spdk_nvme_tcp_ic_resp *r = (const void *)hdr;
		uint32_t maxh2c = from_le32(&r->maxh2cdata);

		if (from_le16(&r->pfv) != 0) {
			return refuse(err, hfe, 8, l->type, "ICResp PDU format version is not 0");
		}
		if (r->cpda > SPDK_NVME_TCP_CPDA_MAX) {
			return refuse(err, hfe, 10, l->type, "ICResp CPDA above 31");
		}
		/* §3.6.2.3: MAXH2CDATA is at least 4 KiB and a dword multiple. */
		if (maxh2c < 4096 || maxh2c % 4 != 0) {
			return refuse(err, hfe, 12, l->type, "ICResp MAXH2CDATA below 4096 or unaligned");
		}
		return 0;
	}
	case SPDK_NVME_TCP_PDU_TYPE_IC_REQ: {
		const struct spdk_nvme_tcp_ic_req *q = (const void *)hdr;

		if (from_le16(&q->pfv) != 0) {
			return refuse(err, hfe, 8, l->type, "ICReq PDU format version is not 0");
		}
		if (q->hpda > SPDK_NVME_TCP_HPDA_MAX) {
			return refuse(err, hfe, 10, l->type, "ICReq HPDA above 31");
		}
		return 0;
	}
	case SPDK_NVME_TCP_PDU_TYPE_H2C_DATA:
	case SPDK_NVME_TCP_PDU_TYPE_C2H_DATA: {
		/* Same layout for DATAL in both. */
		const struct spdk_nvme_tcp_c2h_data_hdr *d = (const void *)hdr;

		if (from_le32(&d->datal) != l->data_len) {
			return refuse(err, hfe, 16, l->type, "DATAL does not match PLEN and PDO");
		}
		return 0;
	}
	case SPDK_NVME_TCP_PDU_TYPE_R2T: {
		const struct spdk_nvme_tcp_r2t_hdr *r = (const void *)hdr;

		if (from_le32(&r->r2tl) == 0) {
			return refuse(err, hfe, 16, l->type, "R2T for 0 bytes");
		}
		return 0;
	}
	default:
		return 0;
	}
}

int
nvme_tcp_pdu_check_hdr(const void *hdr, size_t len, const struct nvme_tcp_pdu_layout *l,
		       struct nvme_tcp_pdu_error *err)
{
	const uint8_t *b = hdr;

	if (hdr == NULL || l->hlen == 0 || len < l->hdr_len) {
		EALNVME_ERRLOG("NVMe/TCP header check needs the %" PRIu32 " header bytes the "
			       "common header announced, got %zu: read the whole header first",
			       l->hdr_len, len);
		return -EINVAL;
	}
	if (l->hdgst && nvme_tcp_digest(b, l->hlen) != from_le32(b + l->hlen)) {
		return refuse(err, SPDK_NVME_TCP_TERM_REQ_FES_HDGST_ERROR, l->hlen, l->type,
			      "header digest mismatch");
	}
	return check_fields(b, l, err);
}

int
nvme_tcp_pdu_encode_ch(void *hdr, uint8_t type, uint32_t data_len, bool to_ctrlr,
		       const struct nvme_tcp_pdu_params *p)
{
	const struct pdu_kind *k = pdu_kind(type);
	struct spdk_nvme_tcp_common_pdu_hdr *ch = hdr;
	uint32_t hdr_len, pdo, dd_len = 0;
	uint8_t flags = 0;

	if (k == NULL || k->dir != (to_ctrlr ? DIR_H2C : DIR_C2H)) {
		EALNVME_ERRLOG("NVMe/TCP PDU type 0x%02x is not sent %s: a caller bug", type,
			       to_ctrlr ? "host to controller" : "controller to host");
		return -EINVAL;
	}
	hdr_len = k->hlen;
	if (is_term(type)) {
		if (data_len > SPDK_NVME_TCP_TERM_REQ_ERROR_DATA_MAX_SIZE) {
			EALNVME_ERRLOG("TermReq carries at most 128 bytes of the bad PDU, not %" PRIu32,
				       data_len);
			return -EINVAL;
		}
	} else if (data_len > 0 && !k->data) {
		EALNVME_ERRLOG("NVMe/TCP PDU type 0x%02x carries no data (%" PRIu32 " bytes given)",
			       type, data_len);
		return -EINVAL;
	} else if (data_len == 0 && k->data_required) {
		EALNVME_ERRLOG("NVMe/TCP data PDU type 0x%02x needs data", type);
		return -EINVAL;
	}
	if (!is_ic(type) && !is_term(type)) {
		if (p->hdgst) {
			flags |= SPDK_NVME_TCP_CH_FLAGS_HDGSTF;
			hdr_len += NVME_TCP_DIGEST_LEN;
		}
		if (p->ddgst && data_len > 0) {
			flags |= SPDK_NVME_TCP_CH_FLAGS_DDGSTF;
			dd_len = NVME_TCP_DIGEST_LEN;
		}
	}
	pdo = 0;
	if (data_len > 0 && !is_term(type)) {
		uint32_t align = p->tx_align == 0 ? 1 : p->tx_align;

		pdo = (hdr_len + align - 1) / align * align;
		if (pdo > PDO_LIMIT || data_len > UINT32_MAX - pdo - dd_len) {
			EALNVME_ERRLOG("NVMe/TCP PDU data of %" PRIu32 " bytes at alignment %" PRIu32
				       " does not fit one PDU: split it", data_len, align);
			return -EINVAL;
		}
	}
	memset(hdr, 0, pdo > hdr_len ? pdo : hdr_len);
	ch->pdu_type = type;
	ch->flags = flags;
	ch->hlen = k->hlen;
	ch->pdo = (uint8_t)pdo;
	to_le32(&ch->plen, (pdo != 0 ? pdo : hdr_len) + data_len + dd_len);
	return (int)(pdo != 0 ? pdo : hdr_len);
}

void
nvme_tcp_pdu_seal_hdr(void *hdr)
{
	struct spdk_nvme_tcp_common_pdu_hdr *ch = hdr;
	uint8_t *b = hdr;
	uint32_t hdr_len = ch->hlen;

	if (ch->flags & SPDK_NVME_TCP_CH_FLAGS_HDGSTF) {
		to_le32(b + ch->hlen, nvme_tcp_digest(b, ch->hlen));
		hdr_len += NVME_TCP_DIGEST_LEN;
	}
	if (ch->pdo > hdr_len) {
		memset(b + hdr_len, 0, ch->pdo - hdr_len);
	}
}
