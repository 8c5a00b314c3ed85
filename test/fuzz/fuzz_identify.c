/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * libFuzzer target: what a controller says about itself.  Identify
 * Controller, Identify Namespace, the active namespace list, the namespace
 * ID descriptors and the log pages are taken from the controller model
 * (test/unit/mock/) with bytes of the input written over them, then go
 * through attach (nvme_ctrlr_init, nvme_ctrlr_ns.c, nvme_ns.c), I/O on each
 * namespace the driver accepted (splitting, PRPs), and examples/identify's
 * gathering and both printers.
 *
 * Input: one setup byte (namespaces, MDTS, block size), then patches:
 *   target (bits 3:0, see enum target; bit 7: make the command succeed even
 *   where the model would fail it), offset (2 bytes, within the 4 KiB page),
 *   length (1 byte), that many bytes.
 * Properties, besides no sanitizer report and no leak: attach either fails
 * cleanly or gives a controller whose namespaces have consistent geometry
 * (an active namespace has a non-zero sector size, its size is sectors
 * times sector size, its max transfer holds at least one block); every I/O
 * submitted completes once; identify --json output is valid JSON; detach
 * gives back every DMA buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "mock_env.h"
#include "nvme_model.h"
#include "identify.h"
#include "fuzz_common.h"
#include "json_check.h"

#define PAGE		4096u
#define MAX_PATCHES	64
#define MAX_POLLS	100000u

enum target {
	T_CTRLR,	/* IDENTIFY CNS 01h */
	T_NS1,		/* IDENTIFY CNS 00h, NSID 1..4 */
	T_NS2,
	T_NS3,
	T_NS4,
	T_NS_OTHER,	/* IDENTIFY CNS 00h, any other NSID (FFFFFFFFh included) */
	T_NS_LIST,	/* IDENTIFY CNS 02h */
	T_NS_DESC,	/* IDENTIFY CNS 03h, any NSID */
	T_HEALTH,	/* GET LOG PAGE 02h */
	T_LOG_OTHER,	/* any other log page */
	T_OTHER_CNS,	/* IDENTIFY, any other CNS */
	T_COUNT
};

struct patch {
	uint8_t		target;
	bool		force;
	uint16_t	offset;
	uint8_t		len;
	const uint8_t	*bytes;
};

struct fuzz_ctx {
	struct patch	patch[MAX_PATCHES];
	unsigned int	npatches;
};

static FILE *g_null;

static enum target
target_of(const struct spdk_nvme_cmd *cmd)
{
	if (cmd->opc == SPDK_NVME_OPC_GET_LOG_PAGE) {
		return (cmd->cdw10 & 0xff) == SPDK_NVME_LOG_HEALTH_INFORMATION ? T_HEALTH :
		       T_LOG_OTHER;
	}
	switch (cmd->cdw10 & 0xff) {
	case SPDK_NVME_IDENTIFY_CTRLR:
		return T_CTRLR;
	case SPDK_NVME_IDENTIFY_NS:
		return cmd->nsid >= 1 && cmd->nsid <= 4 ? (enum target)(T_NS1 + cmd->nsid - 1) :
		       T_NS_OTHER;
	case SPDK_NVME_IDENTIFY_ACTIVE_NS_LIST:
		return T_NS_LIST;
	case SPDK_NVME_IDENTIFY_NS_ID_DESCRIPTOR_LIST:
		return T_NS_DESC;
	default:
		return T_OTHER_CNS;
	}
}

static bool
data_hook(void *arg, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	struct fuzz_ctx *ctx = arg;
	enum target t = target_of(cmd);
	bool force = false;

	for (unsigned int i = 0; i < ctx->npatches; i++) {
		const struct patch *p = &ctx->patch[i];

		if (p->target != t) {
			continue;
		}
		force |= p->force;
		if (p->offset < len) {
			size_t n = len - p->offset < p->len ? len - p->offset : p->len;

			memcpy((uint8_t *)data + p->offset, p->bytes, n);
		}
	}
	return force;
}

static void
read_patches(struct fuzz_ctx *ctx, struct fuzz_in *in)
{
	while (!fuzz_empty(in) && ctx->npatches < MAX_PATCHES) {
		struct patch *p = &ctx->patch[ctx->npatches];
		uint8_t t = fuzz_u8(in);

		p->target = (uint8_t)((t & 0x0f) % T_COUNT);
		p->force = t & 0x80;
		p->offset = fuzz_u16(in) % PAGE;
		p->len = fuzz_u8(in);
		p->bytes = in->p;
		if (p->len > in->n) {
			p->len = (uint8_t)in->n;
		}
		in->p += p->len;
		in->n -= p->len;
		ctx->npatches++;
	}
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	opts->admin_timeout_ms = 100;
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	*(struct spdk_nvme_ctrlr **)cb_ctx = ctrlr;
}

static void
io_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	unsigned int *calls = arg;

	(*calls)++;
	FUZZ_ASSERT(*calls == 1);
}

/* Submit one command (rc from the submit call) and wait for it, bounded. */
static void
wait_io(struct spdk_nvme_qpair *qpair, int rc, unsigned int *calls)
{
	if (rc != 0) {
		FUZZ_ASSERT(*calls == 0);
		return;
	}
	for (unsigned int i = 0; i < MAX_POLLS && *calls == 0; i++) {
		if (spdk_nvme_qpair_process_completions(qpair, 0) < 0) {
			break;
		}
	}
}

static void
exercise_ns(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qpair, struct spdk_nvme_ns *ns)
{
	uint32_t ss = spdk_nvme_ns_get_sector_size(ns);
	uint64_t nsec = spdk_nvme_ns_get_num_sectors(ns);
	uint32_t max_xfer = spdk_nvme_ns_get_max_io_xfer_size(ns);
	uint32_t ess = spdk_nvme_ns_get_extended_sector_size(ns);
	struct spdk_nvme_dsm_range range = { .starting_lba = 0, .length = 1 };
	unsigned int calls[6] = { 0 };
	uint32_t count;
	void *buf;

	(void)spdk_nvme_ns_get_md_size(ns);
	(void)spdk_nvme_ns_supports_extended_lba(ns);
	(void)spdk_nvme_ns_get_pi_type(ns);
	(void)spdk_nvme_ns_get_optimal_io_boundary(ns);
	(void)spdk_nvme_ns_get_csi(ns);
	(void)spdk_nvme_ns_get_uuid(ns);
	(void)spdk_nvme_ns_get_flags(ns);
	if (nsec == 0) {
		return;		/* refused at attach (e.g. blocks above the max transfer) */
	}
	FUZZ_ASSERT(ss != 0 && ess >= ss);
	FUZZ_ASSERT(spdk_nvme_ns_get_size(ns) == nsec * ss);
	FUZZ_ASSERT(max_xfer >= ess);
	if (ess > 1024 * 1024) {
		return;		/* a buffer that large costs more than it finds */
	}
	/* Enough blocks for a few commands, so larger I/O is split. */
	count = (uint32_t)(max_xfer / ess * 2 + 1);
	if ((uint64_t)count * ess > 4u * 1024 * 1024) {
		count = 4u * 1024 * 1024 / ess;
	}
	if (count > nsec) {
		count = (uint32_t)nsec;
	}
	buf = spdk_zmalloc((size_t)count * ess, PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY,
			   SPDK_MALLOC_DMA);
	FUZZ_ASSERT(buf != NULL);
	wait_io(qpair, spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, 1, io_done, &calls[0], 0),
		&calls[0]);
	wait_io(qpair, spdk_nvme_ns_cmd_read(ns, qpair, buf, 0, count, io_done, &calls[1], 0),
		&calls[1]);
	wait_io(qpair, spdk_nvme_ns_cmd_write(ns, qpair, buf, nsec - 1, 1, io_done, &calls[2], 0),
		&calls[2]);
	wait_io(qpair, spdk_nvme_ns_cmd_write_zeroes(ns, qpair, 0, count, io_done, &calls[3], 0),
		&calls[3]);
	wait_io(qpair, spdk_nvme_ns_cmd_dataset_management(ns, qpair,
		SPDK_NVME_DSM_ATTR_DEALLOCATE, &range, 1, io_done, &calls[4]), &calls[4]);
	wait_io(qpair, spdk_nvme_ns_cmd_flush(ns, qpair, io_done, &calls[5]), &calls[5]);
	spdk_free(buf);
}

/* examples/identify: gather, print as text and as JSON (which must parse). */
static void
run_identify(struct spdk_nvme_ctrlr *ctrlr, struct nvme_model *m)
{
	struct identify_ctrlr ic;
	char *json = NULL;
	size_t json_len = 0;
	FILE *out;

	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = ctrlr;
	spdk_nvme_trid_populate_transport(&ic.trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(ic.trid.traddr, sizeof(ic.trid.traddr), "%s", nvme_model_bdf(m));
	(void)identify_gather(&ic);
	identify_print_text(g_null, &ic);
	out = open_memstream(&json, &json_len);
	FUZZ_ASSERT(out != NULL);
	identify_print_json(out, &ic);
	FUZZ_ASSERT(fclose(out) == 0);
	FUZZ_ASSERT(json_check(json));
	free(json);
	identify_release(&ic);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct spdk_env_opts opts;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "fuzz_identify";
	FUZZ_ASSERT(spdk_env_init(&opts) == 0);
	mock_env_set_virtual_time(true, 10000);
	g_null = fopen("/dev/null", "w");
	FUZZ_ASSERT(g_null != NULL);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct fuzz_ctx *ctx = calloc(1, sizeof(*ctx));
	struct nvme_model_opts mo;
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_ctrlr *ctrlr = NULL;
	struct nvme_model *m;
	uint8_t setup = fuzz_u8(&in);

	FUZZ_ASSERT(ctx != NULL);
	nvme_model_opts_default(&mo);
	mo.bdf = "0000:00:05.0";
	mo.nn = setup % 4 + 1;
	for (uint32_t i = 0; i < mo.nn; i++) {
		mo.ns[i] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 64,
			.block_size = (setup & 0x10) ? 4096 : 512 };
	}
	mo.mdts = (setup >> 5) & 7;	/* 0: no limit */
	mo.format_nvm = true;
	mo.ns_management = setup & 0x08;
	read_patches(ctx, &in);
	m = nvme_model_create(&mo);
	FUZZ_ASSERT(m != NULL);
	nvme_model_set_data_hook(m, data_hook, ctx);

	memset(&trid, 0, sizeof(trid));
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", nvme_model_bdf(m));
	(void)spdk_nvme_probe(&trid, &ctrlr, probe_cb, attach_cb, NULL);
	if (ctrlr != NULL) {
		struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
		uint32_t nsid;

		(void)spdk_nvme_ctrlr_get_max_xfer_size(ctrlr);
		(void)spdk_nvme_ctrlr_get_num_ns(ctrlr);
		for (nsid = spdk_nvme_ctrlr_get_first_active_ns(ctrlr); nsid != 0;
		     nsid = spdk_nvme_ctrlr_get_next_active_ns(ctrlr, nsid)) {
			struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, nsid);

			FUZZ_ASSERT(ns != NULL && spdk_nvme_ns_get_id(ns) == nsid);
			if (qpair != NULL && spdk_nvme_ns_is_active(ns)) {
				exercise_ns(ctrlr, qpair, ns);
			}
		}
		if (qpair != NULL) {
			FUZZ_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
		}
		run_identify(ctrlr, m);
		FUZZ_ASSERT(spdk_nvme_detach(ctrlr) == 0);
	}
	FUZZ_ASSERT(mock_env_outstanding_allocations() == 0);
	FUZZ_ASSERT(nvme_model_destroy(m) == 0);
	free(ctx);
	return 0;
}
