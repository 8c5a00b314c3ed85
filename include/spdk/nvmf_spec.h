/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * NVMe over Fabrics wire formats and constants (NVMe over Fabrics 1.1,
 * NVMe/TCP transport binding TP 8000, RDMA transport binding), named as in
 * SPDK's spdk/nvmf_spec.h.  Everything here is a device- or wire-visible
 * layout, so every structure is packed and its size checked at compile time.
 *
 * This header owns the address family enum and the transport ID string
 * limits; spdk/nvme.h includes it for struct spdk_nvme_transport_id.
 */
#ifndef SPDK_NVMF_SPEC_H
#define SPDK_NVMF_SPEC_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"
#include "spdk/nvme_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of an NQN field in CONNECT data and the subsystem list (NUL padded). */
#ifndef SPDK_NVME_NQN_FIELD_SIZE
#define SPDK_NVME_NQN_FIELD_SIZE	256
#endif

#pragma pack(push, 1)

/* ---- Fabrics commands (NVMe-oF 1.1 §3.3) ------------------------------ */

/* Any fabrics command: opcode 0x7f, the command type in byte 4. */
struct spdk_nvmf_capsule_cmd {
	uint8_t		opcode;
	uint8_t		reserved1;
	uint16_t	cid;
	uint8_t		fctype;		/* enum spdk_nvmf_fabric_cmd_types */
	uint8_t		reserved2[35];
	uint8_t		fabric_specific[24];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_capsule_cmd) == 64, "capsule command is 64 bytes");

#define SPDK_NVME_OPC_FABRIC	0x7f

enum spdk_nvmf_fabric_cmd_types {
	SPDK_NVMF_FABRIC_COMMAND_PROPERTY_SET		= 0x00,
	SPDK_NVMF_FABRIC_COMMAND_CONNECT		= 0x01,
	SPDK_NVMF_FABRIC_COMMAND_PROPERTY_GET		= 0x04,
	SPDK_NVMF_FABRIC_COMMAND_AUTHENTICATION_SEND	= 0x05,
	SPDK_NVMF_FABRIC_COMMAND_AUTHENTICATION_RECV	= 0x06,
	SPDK_NVMF_FABRIC_COMMAND_START_VENDOR_SPECIFIC	= 0xC0,
};

/* Command-specific status codes of fabrics commands (§3.3). */
enum spdk_nvmf_fabric_cmd_status_code {
	SPDK_NVMF_FABRIC_SC_INCOMPATIBLE_FORMAT		= 0x80,
	SPDK_NVMF_FABRIC_SC_CONTROLLER_BUSY		= 0x81,
	SPDK_NVMF_FABRIC_SC_INVALID_PARAM		= 0x82,
	SPDK_NVMF_FABRIC_SC_RESTART_DISCOVERY		= 0x83,
	SPDK_NVMF_FABRIC_SC_INVALID_HOST		= 0x84,
	SPDK_NVMF_FABRIC_SC_LOG_RESTART_DISCOVERY	= 0x90,
	SPDK_NVMF_FABRIC_SC_AUTH_REQUIRED		= 0x91,
};

/* ---- Discovery log values (§5.3) -------------------------------------- */

enum spdk_nvmf_rdma_qptype {
	SPDK_NVMF_RDMA_QPTYPE_RELIABLE_CONNECTED	= 0x1,
	SPDK_NVMF_RDMA_QPTYPE_RELIABLE_DATAGRAM		= 0x2,
};

enum spdk_nvmf_rdma_prtype {
	SPDK_NVMF_RDMA_PRTYPE_NONE	= 0x1,
	SPDK_NVMF_RDMA_PRTYPE_IB	= 0x2,
	SPDK_NVMF_RDMA_PRTYPE_ROCE	= 0x3,
	SPDK_NVMF_RDMA_PRTYPE_ROCE2	= 0x4,
	SPDK_NVMF_RDMA_PRTYPE_IWARP	= 0x5,
};

enum spdk_nvmf_rdma_cms {
	SPDK_NVMF_RDMA_CMS_RDMA_CM	= 0x1,
};

/* The TRTYPE byte of a discovery log entry (not enum spdk_nvme_transport_type). */
enum spdk_nvmf_trtype {
	SPDK_NVMF_TRTYPE_RDMA		= 0x1,
	SPDK_NVMF_TRTYPE_FC		= 0x2,
	SPDK_NVMF_TRTYPE_TCP		= 0x3,
	SPDK_NVMF_TRTYPE_INTRA_HOST	= 0xfe,
};

enum spdk_nvmf_adrfam {
	SPDK_NVMF_ADRFAM_NOT_SPECIFIED	= 0x0,
	SPDK_NVMF_ADRFAM_IPV4		= 0x1,
	SPDK_NVMF_ADRFAM_IPV6		= 0x2,
	SPDK_NVMF_ADRFAM_IB		= 0x3,
	SPDK_NVMF_ADRFAM_FC		= 0x4,
	SPDK_NVMF_ADRFAM_INTRA_HOST	= 0xfe,
};

enum spdk_nvmf_subtype {
	SPDK_NVMF_SUBTYPE_DISCOVERY		= 0x1,
	SPDK_NVMF_SUBTYPE_NVME			= 0x2,
	SPDK_NVMF_SUBTYPE_DISCOVERY_CURRENT	= 0x3,
};

/* EFLAGS of a discovery log entry. */
#define SPDK_NVMF_DISCOVERY_LOG_EFLAGS_DUPRETINFO	(1u << 0u)
#define SPDK_NVMF_DISCOVERY_LOG_EFLAGS_EPCSD		(1u << 1u)

enum spdk_nvmf_treq_secure_channel {
	SPDK_NVMF_TREQ_SECURE_CHANNEL_NOT_SPECIFIED	= 0x0,
	SPDK_NVMF_TREQ_SECURE_CHANNEL_REQUIRED		= 0x1,
	SPDK_NVMF_TREQ_SECURE_CHANNEL_NOT_REQUIRED	= 0x2,
};

/* ---- Authentication commands (NVMe Base 2.0 §6.3, §6.4) --------------- */

struct spdk_nvmf_fabric_auth_recv_cmd {
	uint8_t		opcode;
	uint8_t		reserved1;
	uint16_t	cid;
	uint8_t		fctype;		/* AUTHENTICATION_RECV */
	uint8_t		reserved2[19];
	struct spdk_nvme_sgl_descriptor sgl1;
	uint8_t		reserved3;
	uint8_t		spsp0;
	uint8_t		spsp1;
	uint8_t		secp;
	uint32_t	al;		/* allocation length */
	uint8_t		reserved4[16];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_auth_recv_cmd) == 64, "auth recv is 64 bytes");

struct spdk_nvmf_fabric_auth_send_cmd {
	uint8_t		opcode;
	uint8_t		reserved1;
	uint16_t	cid;
	uint8_t		fctype;		/* AUTHENTICATION_SEND */
	uint8_t		reserved2[19];
	struct spdk_nvme_sgl_descriptor sgl1;
	uint8_t		reserved3;
	uint8_t		spsp0;
	uint8_t		spsp1;
	uint8_t		secp;
	uint32_t	tl;		/* transfer length */
	uint8_t		reserved4[16];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_auth_send_cmd) == 64, "auth send is 64 bytes");

/* ---- CONNECT (§3.3) --------------------------------------------------- */

/* The 1 KiB data block a CONNECT command carries. */
struct spdk_nvmf_fabric_connect_data {
	uint8_t		hostid[16];
	uint16_t	cntlid;		/* 0xffff: dynamic controller */
	uint8_t		reserved5[238];
	uint8_t		subnqn[SPDK_NVME_NQN_FIELD_SIZE];
	uint8_t		hostnqn[SPDK_NVME_NQN_FIELD_SIZE];
	uint8_t		reserved6[256];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_connect_data) == 1024, "connect data is 1 KiB");

struct spdk_nvmf_fabric_connect_cmd {
	uint8_t		opcode;
	uint8_t		reserved1;
	uint16_t	cid;
	uint8_t		fctype;
	uint8_t		reserved2[19];
	struct spdk_nvme_sgl_descriptor sgl1;
	uint16_t	recfmt;		/* record format, 0 */
	uint16_t	qid;		/* 0: admin queue */
	uint16_t	sqsize;		/* 0's based */
	uint8_t		cattr;
	uint8_t		reserved3;
	uint32_t	kato;		/* keep alive timeout, ms */
	uint8_t		reserved4[12];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_connect_cmd) == 64, "connect is 64 bytes");

/* CONNECT's completion: dword 0 has the controller ID on success, or where
 * the invalid parameter is on SPDK_NVMF_FABRIC_SC_INVALID_PARAM. */
struct spdk_nvmf_fabric_connect_rsp {
	union {
		struct {
			uint16_t cntlid;
			struct {
				uint16_t reserved1	: 1;
				uint16_t atr		: 1;	/* authentication required */
				uint16_t ascr		: 1;	/* secure channel required */
				uint16_t reserved2	: 13;
			} authreq;
		} success;
		struct {
			uint16_t	ipo;	/* invalid parameter offset */
			uint8_t		iattr;	/* 0: in the command, 1: in the data */
			uint8_t		reserved;
		} invalid;
		uint32_t raw;
	} status_code_specific;
	uint32_t	reserved0;
	uint16_t	sqhd;
	uint16_t	reserved1;
	uint16_t	cid;
	struct spdk_nvme_status status;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_connect_rsp) == 16,
		   "connect response is 16 bytes");

/* ---- PROPERTY GET / SET (§3.4.1, §3.4.2) ------------------------------ */

#define SPDK_NVMF_PROP_SIZE_4	0
#define SPDK_NVMF_PROP_SIZE_8	1

struct spdk_nvmf_fabric_prop_get_cmd {
	uint8_t		opcode;
	uint8_t		reserved1;
	uint16_t	cid;
	uint8_t		fctype;
	uint8_t		reserved2[35];
	struct {
		uint8_t size		: 3;	/* SPDK_NVMF_PROP_SIZE_4 or _8 */
		uint8_t reserved	: 5;
	} attrib;
	uint8_t		reserved3[3];
	uint32_t	ofst;		/* register offset */
	uint8_t		reserved4[16];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_prop_get_cmd) == 64, "property get is 64 bytes");

struct spdk_nvmf_fabric_prop_get_rsp {
	union {
		uint64_t u64;
		struct {
			uint32_t low;
			uint32_t high;
		} u32;
	} value;
	uint16_t	sqhd;
	uint16_t	reserved0;
	uint16_t	cid;
	struct spdk_nvme_status status;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_prop_get_rsp) == 16,
		   "property get response is 16 bytes");

struct spdk_nvmf_fabric_prop_set_cmd {
	uint8_t		opcode;
	uint8_t		reserved0;
	uint16_t	cid;
	uint8_t		fctype;
	uint8_t		reserved1[35];
	struct {
		uint8_t size		: 3;
		uint8_t reserved	: 5;
	} attrib;
	uint8_t		reserved2[3];
	uint32_t	ofst;
	union {
		uint64_t u64;
		struct {
			uint32_t low;
			uint32_t high;
		} u32;
	} value;
	uint8_t		reserved4[8];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_fabric_prop_set_cmd) == 64, "property set is 64 bytes");

/* ---- Names and addresses ---------------------------------------------- */

#define SPDK_NVMF_NQN_MIN_LEN		11	/* "nqn.yyyy-mm" */
#define SPDK_NVMF_NQN_MAX_LEN		223
#define SPDK_NVMF_NQN_UUID_PRE_LEN	32
#define SPDK_NVMF_UUID_STRING_LEN	36
#define SPDK_NVMF_NQN_UUID_PRE		"nqn.2014-08.org.nvmexpress:uuid:"
#define SPDK_NVMF_DISCOVERY_NQN		"nqn.2014-08.org.nvmexpress.discovery"

#define SPDK_DOMAIN_LABEL_MAX_LEN	63	/* one DNS label (RFC 1034) */

#define SPDK_NVMF_TRSTRING_MAX_LEN	32
#define SPDK_NVMF_TRADDR_MAX_LEN	256
#define SPDK_NVMF_TRSVCID_MAX_LEN	32

/* TSAS of an RDMA discovery log entry. */
struct spdk_nvmf_rdma_transport_specific_address_subtype {
	uint8_t		rdma_qptype;	/* enum spdk_nvmf_rdma_qptype */
	uint8_t		rdma_prtype;	/* enum spdk_nvmf_rdma_prtype */
	uint8_t		rdma_cms;	/* enum spdk_nvmf_rdma_cms */
	uint8_t		reserved0[5];
	uint16_t	rdma_pkey;
	uint8_t		reserved2[246];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_rdma_transport_specific_address_subtype) == 256,
		   "RDMA TSAS is 256 bytes");

enum spdk_nvme_tcp_secure_socket_type {
	SPDK_NVME_TCP_SECURITY_NONE		= 0,
	SPDK_NVME_TCP_SECURITY_TLS_1_2		= 1,
	SPDK_NVME_TCP_SECURITY_TLS_1_3		= 2,
};

/* TSAS of a TCP discovery log entry. */
struct spdk_nvme_tcp_transport_specific_address_subtype {
	uint8_t		sectype;	/* enum spdk_nvme_tcp_secure_socket_type */
	uint8_t		reserved0[255];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_transport_specific_address_subtype) == 256,
		   "TCP TSAS is 256 bytes");

union spdk_nvmf_transport_specific_address_subtype {
	uint8_t raw[256];
	struct spdk_nvmf_rdma_transport_specific_address_subtype rdma;
	struct spdk_nvme_tcp_transport_specific_address_subtype tcp;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvmf_transport_specific_address_subtype) == 256,
		   "TSAS is 256 bytes");

/* The smallest admin submission queue a discovery controller may offer. */
#define SPDK_NVMF_MIN_ADMIN_MAX_SQ_SIZE	32

/* One 1 KiB record of the discovery log page (log identifier 0x70). */
struct spdk_nvmf_discovery_log_page_entry {
	uint8_t		trtype;		/* enum spdk_nvmf_trtype */
	uint8_t		adrfam;		/* enum spdk_nvmf_adrfam */
	uint8_t		subtype;	/* enum spdk_nvmf_subtype */
	struct {
		uint8_t secure_channel	: 2;	/* enum spdk_nvmf_treq_secure_channel */
		uint8_t reserved	: 6;
	} treq;
	uint16_t	portid;
	uint16_t	cntlid;
	uint16_t	asqsz;		/* admin max SQ size */
	uint16_t	eflags;
	uint8_t		reserved0[20];
	uint8_t		trsvcid[SPDK_NVMF_TRSVCID_MAX_LEN];	/* space padded, no NUL */
	uint8_t		reserved1[192];
	uint8_t		subnqn[256];
	uint8_t		traddr[SPDK_NVMF_TRADDR_MAX_LEN];	/* space padded, no NUL */
	union spdk_nvmf_transport_specific_address_subtype tsas;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_discovery_log_page_entry) == 1024,
		   "discovery log entry is 1 KiB");

/* The discovery log page header; numrec entries follow it. */
struct spdk_nvmf_discovery_log_page {
	uint64_t	genctr;
	uint64_t	numrec;
	uint16_t	recfmt;
	uint8_t		reserved0[1006];
	struct spdk_nvmf_discovery_log_page_entry entries[0];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_discovery_log_page) == 1024,
		   "discovery log header is 1 KiB");

/* ---- In-band authentication messages (NVMe Base 2.0 §8.13) ------------ */

#define SPDK_NVMF_AUTH_SECP_NVME	0xe9

enum spdk_nvmf_auth_type {
	SPDK_NVMF_AUTH_TYPE_COMMON_MESSAGE	= 0x0,
	SPDK_NVMF_AUTH_TYPE_DHCHAP		= 0x1,
};

enum spdk_nvmf_auth_id {
	SPDK_NVMF_AUTH_ID_NEGOTIATE		= 0x00,
	SPDK_NVMF_AUTH_ID_DHCHAP_CHALLENGE	= 0x01,
	SPDK_NVMF_AUTH_ID_DHCHAP_REPLY		= 0x02,
	SPDK_NVMF_AUTH_ID_DHCHAP_SUCCESS1	= 0x03,
	SPDK_NVMF_AUTH_ID_DHCHAP_SUCCESS2	= 0x04,
	SPDK_NVMF_AUTH_ID_FAILURE2		= 0xf0,
	SPDK_NVMF_AUTH_ID_FAILURE1		= 0xf1,
};

enum spdk_nvmf_dhchap_hash {
	SPDK_NVMF_DHCHAP_HASH_NONE	= 0x0,
	SPDK_NVMF_DHCHAP_HASH_SHA256	= 0x1,
	SPDK_NVMF_DHCHAP_HASH_SHA384	= 0x2,
	SPDK_NVMF_DHCHAP_HASH_SHA512	= 0x3,
};

enum spdk_nvmf_dhchap_dhgroup {
	SPDK_NVMF_DHCHAP_DHGROUP_NULL	= 0x0,
	SPDK_NVMF_DHCHAP_DHGROUP_2048	= 0x1,
	SPDK_NVMF_DHCHAP_DHGROUP_3072	= 0x2,
	SPDK_NVMF_DHCHAP_DHGROUP_4096	= 0x3,
	SPDK_NVMF_DHCHAP_DHGROUP_6144	= 0x4,
	SPDK_NVMF_DHCHAP_DHGROUP_8192	= 0x5,
};

struct spdk_nvmf_auth_descriptor {
	uint8_t		auth_id;
	uint8_t		reserved0;
	uint8_t		halen;		/* entries used in hash_id_list */
	uint8_t		dhlen;		/* entries used in dhg_id_list */
	uint8_t		hash_id_list[30];
	uint8_t		dhg_id_list[30];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_auth_descriptor) == 64, "auth descriptor is 64 bytes");

enum spdk_nvmf_auth_scc {
	SPDK_NVMF_AUTH_SCC_DISABLED	= 0,
	SPDK_NVMF_AUTH_SCC_TLS		= 1,
};

struct spdk_nvmf_auth_negotiate {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		sc_c;
	uint8_t		napd;		/* number of descriptors that follow */
	struct spdk_nvmf_auth_descriptor descriptors[0];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_auth_negotiate) == 8, "negotiate header is 8 bytes");

struct spdk_nvmf_dhchap_challenge {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		hl;		/* hash length */
	uint8_t		reserved1;
	uint8_t		hash_id;
	uint8_t		dhg_id;
	uint16_t	dhvlen;
	uint32_t	seqnum;
	uint8_t		cval[0];	/* hl bytes, then dhvlen bytes of DH value */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_dhchap_challenge) == 16, "challenge header is 16 bytes");

struct spdk_nvmf_dhchap_reply {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		hl;
	uint8_t		reserved1;
	uint8_t		cvalid;
	uint8_t		reserved2;
	uint16_t	dhvlen;
	uint32_t	seqnum;
	uint8_t		rval[0];	/* hl bytes, then hl of cval, then the DH value */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_dhchap_reply) == 16, "reply header is 16 bytes");

struct spdk_nvmf_dhchap_success1 {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		hl;
	uint8_t		reserved1;
	uint8_t		rvalid;
	uint8_t		reserved2[7];
	uint8_t		rval[0];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_dhchap_success1) == 16, "success1 header is 16 bytes");

struct spdk_nvmf_dhchap_success2 {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		reserved1[10];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_dhchap_success2) == 16, "success2 is 16 bytes");

#define SPDK_NVMF_AUTH_FAILURE	1

enum spdk_nvmf_auth_failure_reason {
	SPDK_NVMF_AUTH_FAILED				= 0x1,
	SPDK_NVMF_AUTH_PROTOCOL_UNUSABLE		= 0x2,
	SPDK_NVMF_AUTH_SCC_MISMATCH			= 0x3,
	SPDK_NVMF_AUTH_HASH_UNUSABLE			= 0x4,
	SPDK_NVMF_AUTH_DHGROUP_UNUSABLE			= 0x5,
	SPDK_NVMF_AUTH_INCORRECT_PAYLOAD		= 0x6,
	SPDK_NVMF_AUTH_INCORRECT_PROTOCOL_MESSAGE	= 0x7,
};

struct spdk_nvmf_auth_failure {
	uint8_t		auth_type;
	uint8_t		auth_id;
	uint8_t		reserved0[2];
	uint16_t	t_id;
	uint8_t		rc;		/* SPDK_NVMF_AUTH_FAILURE */
	uint8_t		rce;		/* enum spdk_nvmf_auth_failure_reason */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_auth_failure) == 8, "failure message is 8 bytes");

/* ---- RDMA transport binding ------------------------------------------- */

/* Keyed SGL subtype asking the target to invalidate the remote key. */
#define SPDK_NVME_SGL_SUBTYPE_INVALIDATE_KEY	0xF

/* RDMA_CM private data of the host's connect request. */
struct spdk_nvmf_rdma_request_private_data {
	uint16_t	recfmt;
	uint16_t	qid;
	uint16_t	hrqsize;	/* host receive queue size */
	uint16_t	hsqsize;	/* host send queue size */
	uint16_t	cntlid;
	uint8_t		reserved[22];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_rdma_request_private_data) == 32,
		   "RDMA request private data is 32 bytes");

struct spdk_nvmf_rdma_accept_private_data {
	uint16_t	recfmt;
	uint16_t	crqsize;	/* controller receive queue size */
	uint8_t		reserved[28];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_rdma_accept_private_data) == 32,
		   "RDMA accept private data is 32 bytes");

struct spdk_nvmf_rdma_reject_private_data {
	uint16_t	recfmt;
	uint16_t	sts;		/* enum spdk_nvmf_rdma_transport_error */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvmf_rdma_reject_private_data) == 4,
		   "RDMA reject private data is 4 bytes");

union spdk_nvmf_rdma_private_data {
	struct spdk_nvmf_rdma_request_private_data	pd_request;
	struct spdk_nvmf_rdma_accept_private_data	pd_accept;
	struct spdk_nvmf_rdma_reject_private_data	pd_reject;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvmf_rdma_private_data) == 32,
		   "RDMA private data is 32 bytes");

enum spdk_nvmf_rdma_transport_error {
	SPDK_NVMF_RDMA_ERROR_INVALID_PRIVATE_DATA_LENGTH	= 0x1,
	SPDK_NVMF_RDMA_ERROR_INVALID_RECFMT			= 0x2,
	SPDK_NVMF_RDMA_ERROR_INVALID_QID			= 0x3,
	SPDK_NVMF_RDMA_ERROR_INVALID_HSQSIZE			= 0x4,
	SPDK_NVMF_RDMA_ERROR_INVALID_HRQSIZE			= 0x5,
	SPDK_NVMF_RDMA_ERROR_NO_RESOURCES			= 0x6,
	SPDK_NVMF_RDMA_ERROR_INVALID_IRD			= 0x7,
	SPDK_NVMF_RDMA_ERROR_INVALID_ORD			= 0x8,
};

/* ---- TCP transport binding (TP 8000 §3.6) ----------------------------- */

enum spdk_nvme_tcp_pdu_type {
	SPDK_NVME_TCP_PDU_TYPE_IC_REQ		= 0x00,
	SPDK_NVME_TCP_PDU_TYPE_IC_RESP		= 0x01,
	SPDK_NVME_TCP_PDU_TYPE_H2C_TERM_REQ	= 0x02,
	SPDK_NVME_TCP_PDU_TYPE_C2H_TERM_REQ	= 0x03,
	SPDK_NVME_TCP_PDU_TYPE_CAPSULE_CMD	= 0x04,
	SPDK_NVME_TCP_PDU_TYPE_CAPSULE_RESP	= 0x05,
	SPDK_NVME_TCP_PDU_TYPE_H2C_DATA		= 0x06,
	SPDK_NVME_TCP_PDU_TYPE_C2H_DATA		= 0x07,
	SPDK_NVME_TCP_PDU_TYPE_R2T		= 0x09,
};

/* The 8 bytes every PDU starts with. */
struct spdk_nvme_tcp_common_pdu_hdr {
	uint8_t		pdu_type;	/* enum spdk_nvme_tcp_pdu_type */
	uint8_t		flags;
	uint8_t		hlen;		/* header length, without the header digest */
	uint8_t		pdo;		/* data offset in the PDU, 0 without data */
	uint32_t	plen;		/* whole PDU length with digests and padding */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_common_pdu_hdr) == 8,
		   "PDU common header is 8 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_common_pdu_hdr, hlen) == 2, "hlen at byte 2");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_common_pdu_hdr, plen) == 4, "plen at byte 4");

#define SPDK_NVME_TCP_CH_FLAGS_HDGSTF	(1u << 0)	/* header digest present */
#define SPDK_NVME_TCP_CH_FLAGS_DDGSTF	(1u << 1)	/* data digest present */

struct spdk_nvme_tcp_ic_req {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	pfv;		/* PDU format version, 0 */
	uint8_t		hpda;		/* host PDU data alignment, dwords - 1 */
	union {				/* digests asked for / granted */
		uint8_t raw;
		struct {
			uint8_t hdgst_enable	: 1;
			uint8_t ddgst_enable	: 1;
			uint8_t reserved	: 6;
		} bits;
	} dgst;
	uint32_t	maxr2t;		/* 0's based */
	uint8_t		reserved16[112];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_ic_req) == 128, "ICReq is 128 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_ic_req, maxr2t) == 12, "ICReq maxr2t at 12");

#define SPDK_NVME_TCP_HPDA_MAX			31
#define SPDK_NVME_TCP_CPDA_MAX			31
#define SPDK_NVME_TCP_PDU_PDO_MAX_OFFSET	((SPDK_NVME_TCP_CPDA_MAX + 1) << 2)

struct spdk_nvme_tcp_ic_resp {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	pfv;
	uint8_t		cpda;		/* controller PDU data alignment */
	union {				/* digests asked for / granted */
		uint8_t raw;
		struct {
			uint8_t hdgst_enable	: 1;
			uint8_t ddgst_enable	: 1;
			uint8_t reserved	: 6;
		} bits;
	} dgst;
	uint32_t	maxh2cdata;	/* bytes per H2CData PDU */
	uint8_t		reserved16[112];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_ic_resp) == 128, "ICResp is 128 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_ic_resp, maxh2cdata) == 12,
		   "ICResp maxh2cdata at 12");

/* H2CTermReq / C2HTermReq header; up to 128 bytes of the offending PDU follow. */
struct spdk_nvme_tcp_term_req_hdr {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	fes;		/* enum spdk_nvme_tcp_term_req_fes */
	uint8_t		fei[4];		/* field error information */
	uint8_t		reserved14[10];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_term_req_hdr) == 24, "TermReq header is 24 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_term_req_hdr, fei) == 10, "TermReq fei at 10");

enum spdk_nvme_tcp_term_req_fes {
	SPDK_NVME_TCP_TERM_REQ_FES_INVALID_HEADER_FIELD			= 0x01,
	SPDK_NVME_TCP_TERM_REQ_FES_PDU_SEQUENCE_ERROR			= 0x02,
	SPDK_NVME_TCP_TERM_REQ_FES_HDGST_ERROR				= 0x03,
	SPDK_NVME_TCP_TERM_REQ_FES_DATA_TRANSFER_OUT_OF_RANGE		= 0x04,
	SPDK_NVME_TCP_TERM_REQ_FES_DATA_TRANSFER_LIMIT_EXCEEDED		= 0x05,
	SPDK_NVME_TCP_TERM_REQ_FES_R2T_LIMIT_EXCEEDED			= 0x05,
	SPDK_NVME_TCP_TERM_REQ_FES_INVALID_DATA_UNSUPPORTED_PARAMETER	= 0x06,
};

/* A TermReq PDU is at most 152 bytes: the header and 128 bytes of data. */
#define SPDK_NVME_TCP_TERM_REQ_ERROR_DATA_MAX_SIZE	128
#define SPDK_NVME_TCP_TERM_REQ_PDU_MAX_SIZE \
	(SPDK_NVME_TCP_TERM_REQ_ERROR_DATA_MAX_SIZE + sizeof(struct spdk_nvme_tcp_term_req_hdr))

/* CapsuleCmd: the submission queue entry (in-capsule data may follow). */
struct spdk_nvme_tcp_cmd {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	struct spdk_nvme_cmd ccsqe;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_cmd) == 72, "CapsuleCmd header is 72 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_cmd, ccsqe) == 8, "CapsuleCmd SQE at 8");

/* CapsuleResp: the completion queue entry. */
struct spdk_nvme_tcp_rsp {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	struct spdk_nvme_cpl rccqe;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_rsp) == 24, "CapsuleResp is 24 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_rsp, rccqe) == 8, "CapsuleResp CQE at 8");

struct spdk_nvme_tcp_h2c_data_hdr {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	cccid;		/* command capsule CID */
	uint16_t	ttag;		/* transfer tag from the R2T */
	uint32_t	datao;		/* offset in the command's data */
	uint32_t	datal;
	uint8_t		reserved20[4];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_h2c_data_hdr) == 24, "H2CData header is 24 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_h2c_data_hdr, datal) == 16, "H2CData datal at 16");

#define SPDK_NVME_TCP_H2C_DATA_FLAGS_LAST_PDU	(1u << 2)
#define SPDK_NVME_TCP_H2C_DATA_FLAGS_SUCCESS	(1u << 3)
#define SPDK_NVME_TCP_H2C_DATA_PDO_MULT		8u

struct spdk_nvme_tcp_c2h_data_hdr {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	cccid;
	uint8_t		reserved10[2];
	uint32_t	datao;
	uint32_t	datal;
	uint8_t		reserved20[4];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_c2h_data_hdr) == 24, "C2HData header is 24 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_c2h_data_hdr, datao) == 12, "C2HData datao at 12");

/* SUCCESS: the controller sends no CapsuleResp for this command. */
#define SPDK_NVME_TCP_C2H_DATA_FLAGS_SUCCESS	(1u << 3)
#define SPDK_NVME_TCP_C2H_DATA_FLAGS_LAST_PDU	(1u << 2)
#define SPDK_NVME_TCP_C2H_DATA_PDO_MULT		8u

/* Ready to Transfer: the controller asks for r2tl bytes from r2to. */
struct spdk_nvme_tcp_r2t_hdr {
	struct spdk_nvme_tcp_common_pdu_hdr common;
	uint16_t	cccid;
	uint16_t	ttag;
	uint32_t	r2to;
	uint32_t	r2tl;
	uint8_t		reserved20[4];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_tcp_r2t_hdr) == 24, "R2T is 24 bytes");
SPDK_STATIC_ASSERT(offsetof(struct spdk_nvme_tcp_r2t_hdr, r2tl) == 16, "R2T r2tl at 16");

#pragma pack(pop)

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVMF_SPEC_H */
