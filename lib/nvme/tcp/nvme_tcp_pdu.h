/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe/TCP PDU framing (NVMe/TCP transport specification 1.0, §3.6): the
 * header layout checks a receiver makes before it trusts a single length
 * from the wire, the header and data digests (CRC-32C, §3.6.1), and the
 * header encoder a sender uses.  No sockets here: the qpair code feeds the
 * bytes it received and writes the bytes built here.
 */
#ifndef EALNVME_NVME_TCP_PDU_H
#define EALNVME_NVME_TCP_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spdk/nvmf_spec.h"

#define NVME_TCP_DIGEST_LEN	4u
/* The largest PDU header (ICReq/ICResp) plus a header digest. */
#define NVME_TCP_MAX_HDR_LEN	(sizeof(struct spdk_nvme_tcp_ic_req) + NVME_TCP_DIGEST_LEN)
/* Room for any header an encoder writes: PDO is one byte, so data starts by 255. */
#define NVME_TCP_HDR_BUF_LEN	256u

/* What a connection negotiated (ICReq/ICResp), as the PDU code needs it. */
struct nvme_tcp_pdu_params {
	bool		hdgst;		/* header digests on every non-IC PDU */
	bool		ddgst;		/* data digests on every PDU carrying data */
	bool		ic_done;	/* ICReq/ICResp exchanged: IC PDUs are now errors */
	uint32_t	rx_align;	/* bytes; PDO of received data PDUs is a multiple */
	uint32_t	tx_align;	/* bytes; PDO of sent data PDUs is rounded up to it */
	uint32_t	max_rx_data;	/* most data bytes accepted in one received PDU */
};

/* Where the parts of one PDU are, from its common header. */
struct nvme_tcp_pdu_layout {
	uint8_t		type;		/* enum spdk_nvme_tcp_pdu_type */
	uint8_t		hlen;
	uint32_t	plen;
	uint32_t	hdr_len;	/* hlen + header digest: bytes to read before data */
	uint32_t	data_off;	/* offset of the data (PDO; hlen for TermReq) */
	uint32_t	data_len;	/* data bytes, without padding or digest */
	bool		hdgst;
	bool		ddgst;
};

/* Why a PDU was refused, as a TermReq reports it (§3.6.2.4). */
struct nvme_tcp_pdu_error {
	uint16_t	fes;		/* enum spdk_nvme_tcp_term_req_fes */
	uint32_t	fei;		/* byte offset of the offending field */
};

/* Defaults before the IC exchange: no digests, 4-byte alignment, IC PDUs only. */
void nvme_tcp_pdu_params_init(struct nvme_tcp_pdu_params *p, uint32_t max_rx_data);

/*
 * Check the 8-byte common header of a PDU received from the controller
 * (from_ctrlr) or from the host, against the negotiated parameters, and say
 * where its header digest, data and data digest are.  0 or -EPROTO with
 * err filled in and one log line; nothing past the 8 bytes is read.
 */
int nvme_tcp_pdu_parse_ch(const struct spdk_nvme_tcp_common_pdu_hdr *ch, bool from_ctrlr,
			  const struct nvme_tcp_pdu_params *p, struct nvme_tcp_pdu_layout *l,
			  struct nvme_tcp_pdu_error *err);

/*
 * Check the whole header (l->hdr_len bytes at hdr) once read: the header
 * digest, then the type-specific fields (the data length in C2HData/H2CData
 * against plen, ICResp/ICReq values, an R2T that asks for nothing).
 * 0, -EPROTO (err filled in) or -EINVAL when len < l->hdr_len.
 */
int nvme_tcp_pdu_check_hdr(const void *hdr, size_t len, const struct nvme_tcp_pdu_layout *l,
			   struct nvme_tcp_pdu_error *err);

/* Finished CRC-32C of a PDU header or data section (§3.6.1). */
uint32_t nvme_tcp_digest(const void *buf, size_t len);

/* 0 when the little-endian digest at dgst is the CRC-32C of data, else -EPROTO. */
int nvme_tcp_pdu_check_ddgst(const void *data, size_t len, const uint8_t dgst[4]);

/*
 * Fill in the common header of a PDU to send (to_ctrlr: host to controller)
 * with data_len bytes of data: type, flags (digests as negotiated), hlen,
 * PDO rounded up to p->tx_align, plen; hdr has NVME_TCP_HDR_BUF_LEN bytes
 * of room.  The caller fills the type-specific
 * fields, then nvme_tcp_pdu_seal_hdr().  Returns the header bytes to send
 * before the data (with digest and padding), or -EINVAL for a type that
 * does not travel in that direction or cannot carry that much data.
 */
int nvme_tcp_pdu_encode_ch(void *hdr, uint8_t type, uint32_t data_len, bool to_ctrlr,
			   const struct nvme_tcp_pdu_params *p);

/* Write the header digest (if the header has HDGSTF) and zero the padding. */
void nvme_tcp_pdu_seal_hdr(void *hdr);

/* Header length of a PDU type, 0 for an unknown type. */
uint8_t nvme_tcp_pdu_hlen(uint8_t type);

/* What the host asks for in its ICReq (nvme_tcp_ic.c). */
struct nvme_tcp_ic_want {
	bool		hdgst;		/* spdk_nvme_ctrlr_opts.header_digest */
	bool		ddgst;		/* spdk_nvme_ctrlr_opts.data_digest */
	uint8_t		hpda;		/* 0's based dwords, at most 31 */
};

/* Build the 128-byte ICReq into buf; returns 128 or -EINVAL (HPDA above 31). */
int nvme_tcp_icreq_build(void *buf, const struct nvme_tcp_ic_want *want);

/*
 * Apply a checked ICResp (nvme_tcp_pdu_check_hdr passed): digests and
 * alignments into p, which is then ready for every later PDU, and the most
 * data per H2CData PDU.  -EPROTO, logged, for a digest granted unasked.
 */
int nvme_tcp_icresp_apply(const struct spdk_nvme_tcp_ic_resp *r, const struct nvme_tcp_ic_want *want,
			  struct nvme_tcp_pdu_params *p, uint32_t *maxh2cdata);

#endif /* EALNVME_NVME_TCP_PDU_H */
