/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * test_tcp.sh's guest program: the NVMe/TCP pieces (lib/nvme/tcp/, not yet
 * a transport) against the Linux kernel target (nvmet-tcp).  Admin queue:
 * ICReq/ICResp, Fabrics Connect, Property Get CAP/VS, Property Set CC.EN,
 * CSTS.RDY polled, Identify Controller and Namespace 1; I/O queue: Connect
 * with the admin's CNTLID, a write by R2T/H2CData, a write in-capsule (when
 * IOCCSZ allows), reads back compared.  The bytes written are saved to
 * OUT_FILE for the script to compare with the namespace's backing file.
 *
 *   nvme_tcp_check TRADDR TRSVCID SUBNQN OUT_FILE [digests]
 *
 * Prints 'ok - ...' per step; exit 0 only when all passed.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spdk/endian.h"
#include "nvme_fabric.h"
#include "nvme_tcp_qp.h"

#define BIG_LEN		(64u * 1024)

static const uint8_t g_hostid[16] = { 0xea, 0x1e, 0x7e, 0x01, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
static const char g_hostnqn[] = "nqn.2014-08.org.nvmexpress:uuid:ea1e7e01-0203-0405-0607-08090a0b0c0d";
static int g_failed;

static void
step(bool ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	g_failed += !ok;
}

/* One command at a time per queue: its completion lands here. */
static struct spdk_nvme_cpl g_last_cpl;
static unsigned int g_completions;

static void
save_cpl(void *arg, const struct spdk_nvme_cpl *cpl)
{
	(void)arg;
	g_last_cpl = *cpl;
	g_completions++;
}

/* Submit and poll to the completion (at most about 10 s). 0 on success status. */
static int
run(struct nvme_tcp_qp *qp, const struct spdk_nvme_cmd *cmd, void *buf, uint32_t len,
    bool to_ctrlr, struct spdk_nvme_cpl *cpl)
{
	unsigned int before = g_completions;
	int rc = nvme_tcp_qp_submit(qp, cmd, buf, len, to_ctrlr, save_cpl, NULL);

	for (int i = 0; rc == 0 && qp->outstanding > 0 && i < 1000; i++) {
		struct pollfd pfd = { .fd = qp->conn.fd, .events = POLLIN };

		if (qp->tx.queued > 0) {
			pfd.events |= POLLOUT;
		}
		poll(&pfd, 1, 10);
		rc = nvme_tcp_qp_poll(qp);
		rc = rc < 0 ? rc : 0;
	}
	if (cpl != NULL) {
		*cpl = g_last_cpl;
	}
	if (rc != 0 || g_completions != before + 1) {
		fprintf(stderr, "command 0x%02x: rc %d, %u completions\n", cmd->opc, rc,
			g_completions - before);
		return rc != 0 ? rc : -ETIMEDOUT;
	}
	if (g_last_cpl.status.sct != 0 || g_last_cpl.status.sc != 0) {
		fprintf(stderr, "command 0x%02x: status SCT 0x%x SC 0x%02x\n", cmd->opc,
			g_last_cpl.status.sct, g_last_cpl.status.sc);
		return -EIO;
	}
	return 0;
}

static int
wait_ready(struct nvme_tcp_qp *qp)
{
	for (int i = 0; i < 1000; i++) {
		struct pollfd pfd = { .fd = qp->conn.fd, .events = POLLIN | POLLOUT };
		int rc = nvme_tcp_qp_poll(qp);

		if (rc < 0 || rc == NVME_TCP_CONN_READY) {
			return rc;
		}
		poll(&pfd, 1, 10);
	}
	return -ETIMEDOUT;
}

static int
fabric_connect(struct nvme_tcp_qp *qp, uint16_t qid, uint16_t cntlid, const char *subnqn,
	       uint16_t *got)
{
	struct nvme_fabric_connect_params p = {
		.qid = qid, .queue_size = 32, .kato_ms = 0, .cntlid = cntlid,
		.hostnqn = g_hostnqn, .hostid = g_hostid, .subnqn = subnqn,
	};
	static struct spdk_nvmf_fabric_connect_data data;
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	int rc = nvme_fabric_connect_build(&cmd, &data, &p);

	if (rc == 0) {
		rc = run(qp, &cmd, &data, sizeof(data), true, &cpl);
	}
	if (rc == 0 || rc == -EIO) {
		rc = nvme_fabric_connect_rsp(&cpl, got);
	}
	return rc;
}

static int
prop(struct nvme_tcp_qp *qp, bool set, uint32_t ofst, uint8_t size, uint64_t *value)
{
	struct spdk_nvme_cmd cmd;
	struct spdk_nvme_cpl cpl;
	int rc = set ? nvme_fabric_prop_set_build(&cmd, ofst, size, *value) :
		 nvme_fabric_prop_get_build(&cmd, ofst, size);

	if (rc == 0) {
		rc = run(qp, &cmd, NULL, 0, false, &cpl);
	}
	if (rc == 0 && !set) {
		*value = nvme_fabric_prop_get_value(&cpl, size);
	}
	return rc;
}

static int
identify(struct nvme_tcp_qp *qp, uint8_t cns, uint32_t nsid, uint8_t *buf)
{
	struct spdk_nvme_cmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = SPDK_NVME_OPC_IDENTIFY;
	cmd.nsid = nsid;
	cmd.cdw10 = cns;
	return run(qp, &cmd, buf, 4096, false, NULL);
}

static int
rw(struct nvme_tcp_qp *qp, uint8_t opc, uint64_t lba, uint32_t blocks, void *buf, uint32_t len)
{
	struct spdk_nvme_cmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.opc = opc;
	cmd.nsid = 1;
	cmd.cdw10 = (uint32_t)lba;
	cmd.cdw11 = (uint32_t)(lba >> 32);
	cmd.cdw12 = blocks - 1;
	return run(qp, &cmd, buf, len, opc == SPDK_NVME_OPC_WRITE, NULL);
}

static struct nvme_tcp_qp g_admin, g_io;
static uint8_t g_id[4096], g_wbuf[BIG_LEN + 4096], g_rbuf[BIG_LEN + 4096];

int
main(int argc, char **argv)
{
	struct nvme_tcp_ic_want want = { 0 };
	uint64_t cap = 0, vs = 0, cc = 0x00460001, csts = 0;
	uint16_t cntlid = 0, io_cntlid = 0;
	uint32_t block, ioccsz, small_len;
	int rc;
	char subnqn[257];
	FILE *out;

	if (argc < 5) {
		fprintf(stderr, "usage: %s TRADDR TRSVCID SUBNQN OUT_FILE [digests]\n", argv[0]);
		return 2;
	}
	want.hdgst = want.ddgst = argc > 5 && strcmp(argv[5], "digests") == 0;
	step(nvme_tcp_qp_create(&g_admin, SPDK_NVMF_ADRFAM_IPV4, argv[1], argv[2], &want, 8) == 0 &&
	     wait_ready(&g_admin) == NVME_TCP_CONN_READY, "admin queue: TCP connect and ICReq/ICResp");
	printf("digests: header %d data %d, MAXH2CDATA %u\n", g_admin.conn.params.hdgst,
	       g_admin.conn.params.ddgst, g_admin.conn.maxh2cdata);
	step(want.hdgst == g_admin.conn.params.hdgst, "digests as asked");
	step(fabric_connect(&g_admin, 0, NVME_FABRIC_CNTLID_DYNAMIC, argv[3], &cntlid) == 0,
	     "admin Fabrics Connect");
	printf("cntlid %u\n", cntlid);
	step(prop(&g_admin, false, 0x0, 8, &cap) == 0 && prop(&g_admin, false, 0x8, 4, &vs) == 0,
	     "Property Get CAP and VS");
	printf("CAP 0x%016llx VS 0x%08llx\n", (unsigned long long)cap, (unsigned long long)vs);
	step(prop(&g_admin, true, 0x14, 4, &cc) == 0, "Property Set CC.EN=1");
	for (int i = 0; i < 500 && !(csts & 1); i++) {
		if (prop(&g_admin, false, 0x1c, 4, &csts) != 0) {
			break;
		}
		usleep(10000);
	}
	step(csts & 1, "CSTS.RDY by Property Get");
	step(identify(&g_admin, 1, 0, g_id) == 0, "Identify Controller");
	memcpy(subnqn, g_id + 768, 256);
	subnqn[256] = '\0';
	ioccsz = from_le32(g_id + 1792);
	printf("subnqn %s ioccsz %u\n", subnqn, ioccsz);
	step(strcmp(subnqn, argv[3]) == 0, "Identify shows the subsystem NQN");
	step(identify(&g_admin, 0, 1, g_id) == 0, "Identify Namespace 1");
	block = 1u << g_id[128 + 4 * (g_id[26] & 0xf) + 2];
	printf("namespace 1: %llu blocks of %u bytes (FLBAS 0x%02x, NLBAF %u)\n",
	       (unsigned long long)from_le64(g_id), block, g_id[26], g_id[25]);

	rc = nvme_tcp_qp_create(&g_io, SPDK_NVMF_ADRFAM_IPV4, argv[1], argv[2], &want, 8);
	if (rc == 0) {
		rc = wait_ready(&g_io);
	}
	printf("I/O queue set-up: %d (state %d)\n", rc, g_io.conn.state);
	step(rc == NVME_TCP_CONN_READY, "I/O queue: TCP connect and ICReq/ICResp");
	step(fabric_connect(&g_io, 1, cntlid, argv[3], &io_cntlid) == 0 && io_cntlid == cntlid,
	     "I/O queue Fabrics Connect with the admin's CNTLID");
	/* IOCCSZ is in 16-byte units and counts the 64-byte SQE (NVMe-oF 1.1 §4.1). */
	g_io.in_capsule_max = ioccsz * 16 > 64 ? ioccsz * 16 - 64 : 0;
	small_len = block <= g_io.in_capsule_max ? block : 0;
	for (uint32_t i = 0; i < sizeof(g_wbuf); i++) {
		g_wbuf[i] = (uint8_t)(i * 31 + (i >> 10) + 1);
	}
	step(rw(&g_io, SPDK_NVME_OPC_WRITE, 0, BIG_LEN / block, g_wbuf, BIG_LEN) == 0,
	     "64 KiB write by R2T/H2CData");
	if (small_len > 0) {
		step(rw(&g_io, SPDK_NVME_OPC_WRITE, BIG_LEN / block, 1, g_wbuf + BIG_LEN, small_len) == 0,
		     "one-block write in-capsule");
	}
	step(rw(&g_io, SPDK_NVME_OPC_READ, 0, (BIG_LEN + small_len) / block, g_rbuf,
		BIG_LEN + small_len) == 0, "read back by C2HData");
	step(memcmp(g_rbuf, g_wbuf, BIG_LEN + small_len) == 0, "data read back equals data written");
	out = fopen(argv[4], "w");
	step(out != NULL && fwrite(g_wbuf, 1, BIG_LEN + small_len, out) == BIG_LEN + small_len,
	     "written bytes saved");
	if (out != NULL) {
		fclose(out);
	}
	nvme_tcp_qp_destroy(&g_io);
	nvme_tcp_qp_destroy(&g_admin);
	printf("nvme_tcp_check: %s\n", g_failed == 0 ? "PASS" : "FAIL");
	return g_failed == 0 ? 0 : 1;
}
