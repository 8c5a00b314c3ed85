/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Fabrics command builders (NVMe over Fabrics 1.1): Connect (§3.3) and
 * Property Get/Set (§3.4), for any fabrics transport.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "spdk/endian.h"

#include "ealnvme_log.h"
#include "nvme_fabric.h"

/* CDW0 byte 1, bits 7:6: fabrics commands use SGLs (§2.1, PSDT 01b). */
#define FABRIC_PSDT_SGL		(1u << 6)

static void
fabric_cmd_init(struct spdk_nvme_cmd *cmd, uint8_t fctype)
{
	uint8_t *b = (uint8_t *)cmd;

	memset(cmd, 0, sizeof(*cmd));
	b[0] = SPDK_NVME_OPC_FABRIC;
	b[1] = FABRIC_PSDT_SGL;
	b[4] = fctype;
}

static int
check_nqn(const char *nqn, const char *which)
{
	size_t len = nqn == NULL ? 0 : strnlen(nqn, SPDK_NVMF_NQN_MAX_LEN + 1);

	if (len == 0 || len > SPDK_NVMF_NQN_MAX_LEN) {
		EALNVME_ERRLOG("Connect: the %s NQN is %s: give one of 1 to %d bytes", which,
			       len == 0 ? "empty" : "too long", SPDK_NVMF_NQN_MAX_LEN);
		return -EINVAL;
	}
	return 0;
}

int
nvme_fabric_connect_build(struct spdk_nvme_cmd *cmd, struct spdk_nvmf_fabric_connect_data *data,
			  const struct nvme_fabric_connect_params *p)
{
	struct spdk_nvmf_fabric_connect_cmd *c = (struct spdk_nvmf_fabric_connect_cmd *)cmd;

	if (check_nqn(p->hostnqn, "host") != 0 || check_nqn(p->subnqn, "subsystem") != 0) {
		return -EINVAL;
	}
	/* SQSIZE is 0's based in 16 bits (§3.3, Figure 20). */
	if (p->queue_size < 2 || p->queue_size > 65536) {
		EALNVME_ERRLOG("Connect: queue size %" PRIu32 " is not 2 to 65536 entries",
			       p->queue_size);
		return -EINVAL;
	}
	if (p->qid != 0 && p->cntlid == NVME_FABRIC_CNTLID_DYNAMIC) {
		EALNVME_ERRLOG("Connect for I/O queue %u needs the controller ID the admin "
			       "Connect returned: connect the admin queue first", p->qid);
		return -EINVAL;
	}
	fabric_cmd_init(cmd, SPDK_NVMF_FABRIC_COMMAND_CONNECT);
	c->sgl1.address = 0;	/* offset 0 of the in-capsule data */
	c->sgl1.unkeyed.length = sizeof(*data);
	c->sgl1.unkeyed.type = SPDK_NVME_SGL_TYPE_DATA_BLOCK;
	c->sgl1.unkeyed.subtype = SPDK_NVME_SGL_SUBTYPE_OFFSET;
	c->recfmt = 0;
	c->qid = p->qid;
	c->sqsize = (uint16_t)(p->queue_size - 1);
	/* KATO only means something on the admin queue (§3.3). */
	c->kato = p->qid == 0 ? p->kato_ms : 0;

	memset(data, 0, sizeof(*data));
	memcpy(data->hostid, p->hostid, sizeof(data->hostid));
	data->cntlid = p->cntlid;
	memcpy(data->subnqn, p->subnqn, strlen(p->subnqn));
	memcpy(data->hostnqn, p->hostnqn, strlen(p->hostnqn));
	return 0;
}

int
nvme_fabric_connect_rsp(const struct spdk_nvme_cpl *cpl, uint16_t *cntlid)
{
	const struct spdk_nvmf_fabric_connect_rsp *r = (const void *)cpl;

	if (cpl->status.sct != SPDK_NVME_SCT_GENERIC || cpl->status.sc != SPDK_NVME_SC_SUCCESS) {
		if (cpl->status.sct == SPDK_NVME_SCT_COMMAND_SPECIFIC &&
		    cpl->status.sc == SPDK_NVMF_FABRIC_SC_INVALID_PARAM) {
			EALNVME_ERRLOG("Connect refused: invalid parameter at byte %u of the %s: "
				       "check the subsystem NQN, host NQN and allowed hosts",
				       r->status_code_specific.invalid.ipo,
				       r->status_code_specific.invalid.iattr ? "data" : "command");
		} else if (cpl->status.sct == SPDK_NVME_SCT_GENERIC &&
			   cpl->status.sc == SPDK_NVME_SC_COMMAND_SEQUENCE_ERROR) {
			/* The Linux target's answer while an earlier connection with this
			 * queue ID is still being torn down: worth another try. */
			EALNVME_ERRLOG("Connect refused: COMMAND SEQUENCE ERROR (the target still "
				       "has a queue with this ID)");
			return -EBUSY;
		} else {
			EALNVME_ERRLOG("Connect failed (SCT 0x%x, SC 0x%02x): check that the target "
				       "exports that subsystem to this host", cpl->status.sct,
				       cpl->status.sc);
		}
		return -EIO;
	}
	if (r->status_code_specific.success.authreq.atr ||
	    r->status_code_specific.success.authreq.ascr) {
		EALNVME_ERRLOG("Connect: the target requires in-band authentication, which is not "
			       "supported: allow this host without DH-HMAC-CHAP on the target");
		return -ENOTSUP;
	}
	*cntlid = r->status_code_specific.success.cntlid;
	return 0;
}

static int
check_prop(uint32_t ofst, uint8_t size)
{
	if ((size != 4 && size != 8) || ofst % size != 0) {
		EALNVME_ERRLOG("property access of %u bytes at 0x%" PRIx32 " is not a 4- or "
			       "8-byte aligned register", size, ofst);
		return -EINVAL;
	}
	return 0;
}

/* Property Get and Set share FCTYPE, ATTRIB and OFST at the same places (§3.4). */
static int
prop_build(struct spdk_nvme_cmd *cmd, uint8_t fctype, uint32_t ofst, uint8_t size)
{
	struct spdk_nvmf_fabric_prop_get_cmd *c = (struct spdk_nvmf_fabric_prop_get_cmd *)cmd;

	if (check_prop(ofst, size) != 0) {
		return -EINVAL;
	}
	fabric_cmd_init(cmd, fctype);
	c->attrib.size = size == 8 ? SPDK_NVMF_PROP_SIZE_8 : SPDK_NVMF_PROP_SIZE_4;
	c->ofst = ofst;
	return 0;
}

int
nvme_fabric_prop_get_build(struct spdk_nvme_cmd *cmd, uint32_t ofst, uint8_t size)
{
	return prop_build(cmd, SPDK_NVMF_FABRIC_COMMAND_PROPERTY_GET, ofst, size);
}

int
nvme_fabric_prop_set_build(struct spdk_nvme_cmd *cmd, uint32_t ofst, uint8_t size, uint64_t value)
{
	struct spdk_nvmf_fabric_prop_set_cmd *c = (struct spdk_nvmf_fabric_prop_set_cmd *)cmd;
	int rc = prop_build(cmd, SPDK_NVMF_FABRIC_COMMAND_PROPERTY_SET, ofst, size);

	if (rc == 0) {
		c->value.u64 = size == 8 ? value : (uint32_t)value;
	}
	return rc;
}

uint64_t
nvme_fabric_prop_get_value(const struct spdk_nvme_cpl *cpl, uint8_t size)
{
	const struct spdk_nvmf_fabric_prop_get_rsp *r = (const void *)cpl;

	return size == 8 ? r->value.u64 : r->value.u32.low;
}
