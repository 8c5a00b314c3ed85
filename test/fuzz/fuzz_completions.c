/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * libFuzzer target: the completion path (lib/nvme/pcie/nvme_pcie_qpair.c,
 * lib/nvme/nvme_qpair.c, request splitting in nvme_ns_cmd.c) against a
 * controller that lies.
 *
 * Each input sets up a fresh controller model (test/unit/mock/), attaches it
 * and allocates one small I/O qpair, then reads the rest of the input as a
 * program: submit reads/writes/flushes, forge completions (any CID, SQ ID,
 * SQ head, status and cdw0, the right or the wrong phase tag), corrupt the
 * next real ones (wrong CID/SQ ID/SQ head, posted twice), fail or hold
 * commands, stop the controller (CSTS.CFS), abort, reset, poll.  At the end
 * the qpair is freed and the controller detached.  Properties, besides no
 * sanitizer report and no leak:
 *   - no request's callback runs twice, and each one has run once the qpair
 *     is freed (whatever the controller did, every request ends once);
 *   - so does every ABORT command sent, once the controller is detached;
 *   - detach works and gives every DMA buffer back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "mock_env.h"
#include "nvme_model.h"
#include "fuzz_common.h"

#define MAX_IOS		128	/* requests submitted per input */
#define MAX_OPS		512
#define IO_BLOCKS	8	/* largest I/O, in blocks */
#define NUM_BLOCKS	256

struct io_slot {
	unsigned int	calls;
	void		*buf;
};

struct run {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
	struct spdk_nvme_ns	*ns;
	struct io_slot		io[MAX_IOS];
	unsigned int		nios;		/* submitted (accepted) */
	unsigned int		admin_calls;
	unsigned int		admin_sent;
	uint32_t		block_size;
};

static void
io_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct io_slot *io = arg;

	FUZZ_ASSERT(cpl != NULL);
	io->calls++;
	/* A request ends once, whatever the device posts. */
	FUZZ_ASSERT(io->calls == 1);
}

static void
admin_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct run *r = arg;

	r->admin_calls++;
	FUZZ_ASSERT(r->admin_calls <= r->admin_sent);
}

static bool
probe_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr_opts *opts)
{
	/* Virtual time runs fast: a dead controller costs few polls. */
	opts->admin_timeout_ms = 100;
	opts->num_io_queues = 1;
	return true;
}

static void
attach_cb(void *ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	*(struct spdk_nvme_ctrlr **)ctx = ctrlr;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct spdk_env_opts opts;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "fuzz_completions";
	FUZZ_ASSERT(spdk_env_init(&opts) == 0);
	/* Every clock read moves time 10 us: timeouts come in a few thousand polls. */
	mock_env_set_virtual_time(true, 10000);
	return 0;
}

static void
submit_rw(struct run *r, struct fuzz_in *in, uint8_t kind)
{
	struct io_slot *io;
	uint64_t lba = fuzz_u8(in) % NUM_BLOCKS;
	uint32_t count = fuzz_u8(in) % IO_BLOCKS + 1;
	int rc;

	if (r->nios == MAX_IOS) {
		return;
	}
	io = &r->io[r->nios];
	io->buf = spdk_zmalloc((size_t)IO_BLOCKS * r->block_size, 4096, NULL,
			       SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	FUZZ_ASSERT(io->buf != NULL);
	if (kind == 0) {
		rc = spdk_nvme_ns_cmd_read(r->ns, r->qpair, io->buf, lba, count, io_done, io, 0);
	} else if (kind == 1) {
		rc = spdk_nvme_ns_cmd_write(r->ns, r->qpair, io->buf, lba, count, io_done, io, 0);
	} else {
		rc = spdk_nvme_ns_cmd_flush(r->ns, r->qpair, io_done, io);
	}
	if (rc != 0) {
		/* Refused (no request free, controller failed): no callback may come. */
		spdk_free(io->buf);
		io->buf = NULL;
		return;
	}
	r->nios++;
}

/* A completion as a broken device might post it. */
static void
forge(struct run *r, struct fuzz_in *in, bool raw_phase)
{
	struct spdk_nvme_cpl cpl;
	uint8_t how = fuzz_u8(in);

	memset(&cpl, 0, sizeof(cpl));
	cpl.cdw0 = fuzz_u32(in);
	/* Mostly CIDs the driver may have in flight; sometimes any value. */
	cpl.cid = (how & 1) ? fuzz_u16(in) : fuzz_u8(in) % 64;
	cpl.sqid = (how & 2) ? fuzz_u16(in) : 1;
	cpl.sqhd = fuzz_u16(in);
	cpl.status_raw = (how & 4) ? fuzz_u16(in) : 0;
	(void)nvme_model_forge_cqe(r->m, 1, &cpl, raw_phase);
}

static void
run_op(struct run *r, struct fuzz_in *in)
{
	uint8_t op = fuzz_u8(in);

	switch (op % 16) {
	case 0:
	case 1:
	case 2:
		submit_rw(r, in, op % 16);
		break;
	case 3:
		forge(r, in, false);
		break;
	case 4:
		forge(r, in, true);
		break;
	case 5: {
		enum nvme_model_cqe_fault kind = (enum nvme_model_cqe_fault)(fuzz_u8(in) % 4);
		uint16_t value = fuzz_u16(in);

		(void)nvme_model_inject_bad_cqe(r->m, 1, NVME_MODEL_ANY_OPC, kind, value,
						fuzz_u8(in) % 3 + 1);
		break;
	}
	case 6: {
		uint8_t sct = fuzz_u8(in), sc = fuzz_u8(in);

		(void)nvme_model_inject_status(r->m, 1, NVME_MODEL_ANY_OPC, sct & 7, sc, sct & 8,
					       fuzz_u8(in) % 3 + 1);
		break;
	}
	case 7:
		(void)nvme_model_inject_hold(r->m, 1, NVME_MODEL_ANY_OPC, fuzz_u8(in) % 3 + 1);
		break;
	case 8:
		(void)nvme_model_release_held(r->m);
		break;
	case 9:
	case 10:
		(void)spdk_nvme_qpair_process_completions(r->qpair, fuzz_u8(in) % 8);
		break;
	case 11:
		nvme_model_run(r->m);
		break;
	case 12:
		/* The controller dies at the n-th command from now. */
		if ((fuzz_u8(in) & 7) == 0) {
			nvme_model_inject_cfs_at_cmd(r->m, fuzz_u8(in) % 8 + 1);
		}
		break;
	case 13:
		if (spdk_nvme_ctrlr_cmd_abort(r->ctrlr, r->qpair, fuzz_u8(in) % 64, admin_done,
					      r) == 0) {
			r->admin_sent++;
		}
		(void)spdk_nvme_ctrlr_process_admin_completions(r->ctrlr);
		break;
	case 14:
		/* Resets are slow-ish: only on some values. */
		if ((fuzz_u8(in) & 15) == 0) {
			(void)spdk_nvme_ctrlr_reset(r->ctrlr);
		}
		break;
	default:
		(void)spdk_nvme_ctrlr_process_admin_completions(r->ctrlr);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct nvme_model_opts mo;
	struct spdk_nvme_io_qpair_opts qo;
	struct spdk_nvme_transport_id trid;
	struct run *r = calloc(1, sizeof(*r));
	uint8_t setup = fuzz_u8(&in);

	FUZZ_ASSERT(r != NULL);
	nvme_model_opts_default(&mo);
	mo.bdf = "0000:00:04.0";
	mo.ns[0].num_blocks = NUM_BLOCKS;
	mo.ns[0].block_size = (setup & 1) ? 4096 : 512;
	mo.dbbuf = setup & 2;
	/* Off: commands wait for nvme_model_run() (op 11), as on a busy device. */
	mo.run_io_on_doorbell = !(setup & 4);
	mo.mdts = (setup & 8) ? 1 : 5;	/* 1: 8 KiB commands, larger I/O is split */
	r->block_size = mo.ns[0].block_size;
	r->m = nvme_model_create(&mo);
	FUZZ_ASSERT(r->m != NULL);

	memset(&trid, 0, sizeof(trid));
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", nvme_model_bdf(r->m));
	FUZZ_ASSERT(spdk_nvme_probe(&trid, &r->ctrlr, probe_cb, attach_cb, NULL) == 0);
	FUZZ_ASSERT(r->ctrlr != NULL);
	r->ns = spdk_nvme_ctrlr_get_ns(r->ctrlr, 1);
	FUZZ_ASSERT(r->ns != NULL);

	spdk_nvme_ctrlr_get_default_io_qpair_opts(r->ctrlr, &qo, sizeof(qo));
	/* Small rings: they wrap, fill up and make requests wait. */
	qo.io_queue_size = (uint32_t)(setup >> 4) % 15 + 2;
	qo.io_queue_requests = qo.io_queue_size * 2;
	r->qpair = spdk_nvme_ctrlr_alloc_io_qpair(r->ctrlr, &qo, sizeof(qo));
	FUZZ_ASSERT(r->qpair != NULL);

	for (unsigned int i = 0; i < MAX_OPS && !fuzz_empty(&in); i++) {
		run_op(r, &in);
	}
	(void)spdk_nvme_qpair_process_completions(r->qpair, 0);

	/* Freeing the qpair ends whatever is still outstanding or waiting. */
	(void)spdk_nvme_ctrlr_free_io_qpair(r->qpair);
	for (unsigned int i = 0; i < r->nios; i++) {
		FUZZ_ASSERT(r->io[i].calls == 1);
	}
	FUZZ_ASSERT(spdk_nvme_detach(r->ctrlr) == 0);
	FUZZ_ASSERT(r->admin_calls == r->admin_sent);
	for (unsigned int i = 0; i < r->nios; i++) {
		spdk_free(r->io[i].buf);
	}
	FUZZ_ASSERT(mock_env_outstanding_allocations() == 0);
	nvme_model_clear_faults(r->m);
	FUZZ_ASSERT(nvme_model_destroy(r->m) == 0);
	free(r);
	return 0;
}
