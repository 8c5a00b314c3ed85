/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_nvme_print_command() / spdk_nvme_print_completion() and their qpair
 * forms: one line per command or completion through the driver's log at
 * NOTICE level (stderr).  Meant for error paths and debugging, not for
 * every I/O.
 */
#include <inttypes.h>
#include <stdio.h>

#include "nvme_internal.h"
#include "nvme_print.h"

#define OPC_TABLE_SIZE		256	/* opcodes are 8 bits */
/* Fabrics commands use opcode 7Fh on any queue (NVMe-oF 1.1 §3.3). */
#define OPC_FABRICS		0x7f
/* Vendor specific ranges: admin C0h..FFh (Figure 139), NVM I/O 80h..FFh (Figure 346). */
#define ADMIN_OPC_VENDOR_FIRST	0xc0
#define IO_OPC_VENDOR_FIRST	0x80

/* Admin command set, NVMe 1.4 Figure 139. */
static const char *const admin_opc_names[OPC_TABLE_SIZE] = {
	[SPDK_NVME_OPC_DELETE_IO_SQ]		= "DELETE IO SQ",
	[SPDK_NVME_OPC_CREATE_IO_SQ]		= "CREATE IO SQ",
	[SPDK_NVME_OPC_GET_LOG_PAGE]		= "GET LOG PAGE",
	[SPDK_NVME_OPC_DELETE_IO_CQ]		= "DELETE IO CQ",
	[SPDK_NVME_OPC_CREATE_IO_CQ]		= "CREATE IO CQ",
	[SPDK_NVME_OPC_IDENTIFY]		= "IDENTIFY",
	[SPDK_NVME_OPC_ABORT]			= "ABORT",
	[SPDK_NVME_OPC_SET_FEATURES]		= "SET FEATURES",
	[SPDK_NVME_OPC_GET_FEATURES]		= "GET FEATURES",
	[SPDK_NVME_OPC_ASYNC_EVENT_REQUEST]	= "ASYNC EVENT REQUEST",
	[SPDK_NVME_OPC_NS_MANAGEMENT]		= "NAMESPACE MANAGEMENT",
	[SPDK_NVME_OPC_FIRMWARE_COMMIT]		= "FIRMWARE COMMIT",
	[SPDK_NVME_OPC_FIRMWARE_IMAGE_DOWNLOAD]	= "FIRMWARE IMAGE DOWNLOAD",
	[SPDK_NVME_OPC_DEVICE_SELF_TEST]	= "DEVICE SELF-TEST",
	[SPDK_NVME_OPC_NS_ATTACHMENT]		= "NAMESPACE ATTACHMENT",
	[SPDK_NVME_OPC_KEEP_ALIVE]		= "KEEP ALIVE",
	[SPDK_NVME_OPC_DIRECTIVE_SEND]		= "DIRECTIVE SEND",
	[SPDK_NVME_OPC_DIRECTIVE_RECEIVE]	= "DIRECTIVE RECEIVE",
	[SPDK_NVME_OPC_VIRTUALIZATION_MANAGEMENT] = "VIRTUALIZATION MANAGEMENT",
	[SPDK_NVME_OPC_NVME_MI_SEND]		= "NVME-MI SEND",
	[SPDK_NVME_OPC_NVME_MI_RECEIVE]		= "NVME-MI RECEIVE",
	[SPDK_NVME_OPC_DOORBELL_BUFFER_CONFIG]	= "DOORBELL BUFFER CONFIG",
	[OPC_FABRICS]				= "FABRICS COMMAND",
	[SPDK_NVME_OPC_FORMAT_NVM]		= "FORMAT NVM",
	[SPDK_NVME_OPC_SECURITY_SEND]		= "SECURITY SEND",
	[SPDK_NVME_OPC_SECURITY_RECEIVE]	= "SECURITY RECEIVE",
	[SPDK_NVME_OPC_SANITIZE]		= "SANITIZE",
	[SPDK_NVME_OPC_GET_LBA_STATUS]		= "GET LBA STATUS",
};

/* NVM command set, NVMe 1.4 Figure 346 (COPY: TP 4065). */
static const char *const io_opc_names[OPC_TABLE_SIZE] = {
	[SPDK_NVME_OPC_FLUSH]			= "FLUSH",
	[SPDK_NVME_OPC_WRITE]			= "WRITE",
	[SPDK_NVME_OPC_READ]			= "READ",
	[SPDK_NVME_OPC_WRITE_UNCORRECTABLE]	= "WRITE UNCORRECTABLE",
	[SPDK_NVME_OPC_COMPARE]			= "COMPARE",
	[SPDK_NVME_OPC_WRITE_ZEROES]		= "WRITE ZEROES",
	[SPDK_NVME_OPC_DATASET_MANAGEMENT]	= "DATASET MANAGEMENT",
	[SPDK_NVME_OPC_VERIFY]			= "VERIFY",
	[SPDK_NVME_OPC_RESERVATION_REGISTER]	= "RESERVATION REGISTER",
	[SPDK_NVME_OPC_RESERVATION_REPORT]	= "RESERVATION REPORT",
	[SPDK_NVME_OPC_RESERVATION_ACQUIRE]	= "RESERVATION ACQUIRE",
	[SPDK_NVME_OPC_RESERVATION_RELEASE]	= "RESERVATION RELEASE",
	[SPDK_NVME_OPC_COPY]			= "COPY",
	[OPC_FABRICS]				= "FABRICS COMMAND",
};

static const char *
opc_name(const char *const *table, uint8_t opc, uint8_t vendor_first)
{
	if (table[opc] != NULL) {
		return table[opc];
	}
	return opc >= vendor_first ? "VENDOR SPECIFIC" : "UNKNOWN";
}

const char *
nvme_admin_opc_name(uint8_t opc)
{
	return opc_name(admin_opc_names, opc, ADMIN_OPC_VENDOR_FIRST);
}

const char *
nvme_io_opc_name(uint8_t opc)
{
	return opc_name(io_opc_names, opc, IO_OPC_VENDOR_FIRST);
}

/* I/O commands whose CDW10..12 are SLBA and NLB (§6, Figures 347-378). */
static bool
io_opc_has_lba_range(uint8_t opc)
{
	switch (opc) {
	case SPDK_NVME_OPC_READ:
	case SPDK_NVME_OPC_WRITE:
	case SPDK_NVME_OPC_COMPARE:
	case SPDK_NVME_OPC_WRITE_ZEROES:
	case SPDK_NVME_OPC_WRITE_UNCORRECTABLE:
	case SPDK_NVME_OPC_VERIFY:
		return true;
	default:
		return false;
	}
}

int
nvme_format_command(char *buf, size_t size, uint16_t qid, const struct spdk_nvme_cmd *cmd)
{
	uint8_t opc = cmd->opc;

	if (qid != 0 && io_opc_has_lba_range(opc)) {
		/* SLBA is CDW11:CDW10, NLB is CDW12 bits 15:0, 0's based. */
		uint64_t slba = ((uint64_t)cmd->cdw11 << 32) | cmd->cdw10;
		uint32_t nlb = (cmd->cdw12 & 0xffffu) + 1;

		return snprintf(buf, size, "%s sqid:%u cid:%u nsid:%u lba:%" PRIu64 " len:%u",
				nvme_io_opc_name(opc), qid, cmd->cid, cmd->nsid, slba, nlb);
	}
	return snprintf(buf, size, "%s (%02x) sqid:%u cid:%u nsid:%u cdw10:%08x cdw11:%08x",
			qid == 0 ? nvme_admin_opc_name(opc) : nvme_io_opc_name(opc), opc, qid,
			cmd->cid, cmd->nsid, cmd->cdw10, cmd->cdw11);
}

int
nvme_format_completion_ext(char *buf, size_t size, uint16_t qid, const struct spdk_nvme_cpl *cpl,
			   uint8_t opc)
{
	return snprintf(buf, size, "%s (%02x/%02x) qid:%u cid:%u cdw0:%x sqhd:%04x p:%u m:%u dnr:%u",
			spdk_nvme_cpl_get_status_string_ext(&cpl->status, opc), cpl->status.sct,
			cpl->status.sc, qid, cpl->cid, cpl->cdw0, cpl->sqhd, cpl->status.p,
			cpl->status.m, cpl->status.dnr);
}

int
nvme_format_completion(char *buf, size_t size, uint16_t qid, const struct spdk_nvme_cpl *cpl)
{
	/* Opcode 0 (DELETE I/O SQ / FLUSH) names no status of its own: the plain strings. */
	return nvme_format_completion_ext(buf, size, qid, cpl, 0);
}

void
spdk_nvme_print_command(uint16_t qid, struct spdk_nvme_cmd *cmd)
{
	char line[NVME_PRINT_LINE_MAX];

	if (cmd == NULL) {
		EALNVME_ERRLOG("spdk_nvme_print_command: cmd is NULL; pass the command to print");
		return;
	}
	if (!ealnvme_log_enabled(EALNVME_LOG_NOTICE)) {
		return;
	}
	nvme_format_command(line, sizeof(line), qid, cmd);
	EALNVME_NOTICELOG("%s", line);
}

void
spdk_nvme_print_completion_ext(uint16_t qid, const struct spdk_nvme_cpl *cpl, uint8_t opc)
{
	char line[NVME_PRINT_LINE_MAX];

	if (cpl == NULL) {
		EALNVME_ERRLOG("spdk_nvme_print_completion: cpl is NULL; pass the completion to print");
		return;
	}
	if (cpl->sqid != qid && cpl->sqid != 0) {
		EALNVME_ERRLOG("print_completion: the completion's sqid %u is not queue %u",
			       cpl->sqid, qid);
	}
	if (!ealnvme_log_enabled(EALNVME_LOG_NOTICE)) {
		return;
	}
	nvme_format_completion_ext(line, sizeof(line), qid, cpl, opc);
	EALNVME_NOTICELOG("%s", line);
}

void
spdk_nvme_print_completion(uint16_t qid, struct spdk_nvme_cpl *cpl)
{
	spdk_nvme_print_completion_ext(qid, cpl, 0);
}

void
spdk_nvme_qpair_print_command(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cmd *cmd)
{
	if (qpair == NULL) {
		EALNVME_ERRLOG("spdk_nvme_qpair_print_command: qpair is NULL; "
			       "use spdk_nvme_print_command() with a queue ID instead");
		return;
	}
	spdk_nvme_print_command(qpair->id, cmd);
}

void
spdk_nvme_qpair_print_completion_ext(const struct spdk_nvme_qpair *qpair,
				     const struct spdk_nvme_cpl *cpl, uint8_t opc)
{
	if (qpair == NULL) {
		EALNVME_ERRLOG("spdk_nvme_qpair_print_completion: qpair is NULL; "
			       "use spdk_nvme_print_completion() with a queue ID instead");
		return;
	}
	spdk_nvme_print_completion_ext(qpair->id, cpl, opc);
}

void
spdk_nvme_qpair_print_completion(struct spdk_nvme_qpair *qpair, struct spdk_nvme_cpl *cpl)
{
	spdk_nvme_qpair_print_completion_ext(qpair, cpl, 0);
}
