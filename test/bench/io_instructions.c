/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Instructions per I/O of the driver's hot path, for callgrind
 * (test/bench/callgrind_io.sh runs it under valgrind --tool=callgrind
 * --collect-atstart=no).  The driver runs unmodified against the in-process
 * controller model; event collection is switched on only around the calls
 * an application makes per I/O (spdk_nvme_ns_cmd_read and
 * spdk_nvme_qpair_process_completions), so setup, warm-up and the model's
 * own processing (nvme_model_run) are not counted.  What the model does
 * inside a doorbell write is counted by callgrind but subtracted by the
 * script (it reports the nvme_mmio_hook_* cost separately).
 *
 *   io_instructions [-q depth] [-n ios] [-s on|off] [-d] [-b blocks] [-g sgls]
 *     -q  I/Os in flight per round (1..1023, default 1)
 *     -n  I/Os measured (default 20000), after as many for warm-up
 *     -s  shadow doorbells (Doorbell Buffer Config): on (default) or off
 *     -d  delay_cmd_submit: ring the SQ doorbell at the next poll
 *     -b  4 KiB blocks per read (1..32, default 1; 32 = 128 KiB, the model's MDTS)
 *     -g  the model's Identify SGLS: 0 (default, PRPs only) or 1 (SGLs: a read
 *         of more than two pages goes as one SGL Data Block instead of a PRP list)
 *
 * Each round submits depth reads of -b blocks, lets the model run (as a device
 * working beside the CPU would), then polls until all depth completed.
 * Prints one line of key=value pairs, among them ios, mmio_writes_per_io.
 * Runs without valgrind too (the client requests are no-ops then).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/callgrind.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "nvme_model.h"

#define BLOCK_SIZE	4096u
#define NUM_BLOCKS	(1u << 20)

struct bench {
	struct nvme_model	*model;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
	uint8_t			*buf;		/* depth x 4 KiB */
	uint32_t		depth;
	uint32_t		blocks;		/* per read */
	bool			shadow;
	bool			delay_submit;
	uint64_t		completed;
	uint64_t		errors;
	uint64_t		next_lba;
};

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct bench *b = arg;

	b->completed++;
	b->errors += spdk_nvme_cpl_is_error(cpl);
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	struct bench *b = cb_ctx;

	(void)trid;
	opts->disable_shadow_doorbells = !b->shadow;
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct bench *b = cb_ctx;

	(void)trid;
	(void)opts;
	b->ctrlr = ctrlr;
}

/* One round: depth reads, the device runs, poll until all completed. */
static int
bench_round(struct bench *b, bool measured)
{
	uint64_t want = b->completed + b->depth;
	uint32_t polls = 0;

	for (uint32_t i = 0; i < b->depth; i++) {
		int rc;

		if (measured) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		rc = spdk_nvme_ns_cmd_read(b->ns, b->qpair,
					   b->buf + (size_t)i * b->blocks * BLOCK_SIZE,
					   b->next_lba, b->blocks, read_done, b, 0);
		if (measured) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		if (rc != 0) {
			fprintf(stderr, "io_instructions: read submission failed: %s\n",
				strerror(-rc));
			return rc;
		}
		b->next_lba = (b->next_lba + b->blocks) & (NUM_BLOCKS - 1);
	}
	nvme_model_run(b->model);
	while (b->completed < want) {
		int32_t n;

		if (measured) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		n = spdk_nvme_qpair_process_completions(b->qpair, 0);
		if (measured) {
			CALLGRIND_TOGGLE_COLLECT;
		}
		if (n < 0 || ++polls > 1000) {
			fprintf(stderr, "io_instructions: completions stalled (%d)\n", n);
			return -EIO;
		}
		/* With delay_cmd_submit the first poll rang the doorbell. */
		nvme_model_run(b->model);
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: io_instructions [-q depth] [-n ios] [-s on|off] [-d] [-b blocks] "
		"[-g sgls]\n");
}

int
main(int argc, char **argv)
{
	struct bench b = { .depth = 1, .blocks = 1, .shadow = true };
	struct spdk_nvme_io_qpair_opts qopts;
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_env_opts env_opts;
	struct nvme_model_opts mo;
	const struct nvme_model_stats *st;
	uint64_t ios = 20000, rounds, mmio0, sqdb0, cqdb0;
	int opt, rc = 1, sgls = 0;

	while ((opt = getopt(argc, argv, "q:n:s:db:g:")) != -1) {
		switch (opt) {
		case 'q':
			b.depth = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			ios = strtoull(optarg, NULL, 0);
			break;
		case 's':
			b.shadow = strcmp(optarg, "off") != 0;
			break;
		case 'd':
			b.delay_submit = true;
			break;
		case 'b':
			b.blocks = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'g':
			sgls = atoi(optarg);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (b.depth == 0 || b.depth > 1023 || ios < b.depth || b.blocks == 0 || b.blocks > 32 ||
	    (sgls != 0 && sgls != 1)) {
		usage();
		return 2;
	}
	rounds = ios / b.depth;

	env_opts.opts_size = sizeof(env_opts);
	spdk_env_opts_init(&env_opts);
	env_opts.name = "io_instructions";
	if (spdk_env_init(&env_opts) != 0) {
		fprintf(stderr, "io_instructions: spdk_env_init failed\n");
		return 1;
	}
	nvme_model_opts_default(&mo);
	mo.null_data = true;
	mo.record_commands = false;
	mo.run_io_on_doorbell = false;
	mo.mdts = 5;		/* 128 KiB: -b 32 is one command */
	mo.sgls = (uint8_t)sgls;
	mo.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NUM_BLOCKS,
		.block_size = BLOCK_SIZE };
	b.model = nvme_model_create(&mo);
	if (b.model == NULL) {
		fprintf(stderr, "io_instructions: cannot create the controller model\n");
		goto out_env;
	}
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", nvme_model_bdf(b.model));
	if (spdk_nvme_probe(&trid, &b, probe_cb, attach_cb, NULL) != 0 || b.ctrlr == NULL) {
		fprintf(stderr, "io_instructions: the model did not attach\n");
		goto out_model;
	}
	b.ns = spdk_nvme_ctrlr_get_ns(b.ctrlr, 1);
	spdk_nvme_ctrlr_get_default_io_qpair_opts(b.ctrlr, &qopts, sizeof(qopts));
	qopts.io_queue_size = b.depth < 255 ? 256 : 1024;
	qopts.io_queue_requests = qopts.io_queue_size;
	qopts.delay_cmd_submit = b.delay_submit;
	b.qpair = spdk_nvme_ctrlr_alloc_io_qpair(b.ctrlr, &qopts, sizeof(qopts));
	b.buf = spdk_zmalloc((size_t)b.depth * b.blocks * BLOCK_SIZE, BLOCK_SIZE, NULL,
			     SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (b.ns == NULL || b.qpair == NULL || b.buf == NULL) {
		fprintf(stderr, "io_instructions: no namespace, qpair or buffer\n");
		goto out_detach;
	}

	/* Warm-up: as many I/Os as measured (caches, branch history, free lists). */
	for (uint64_t r = 0; r < rounds; r++) {
		if (bench_round(&b, false) != 0) {
			goto out_detach;
		}
	}
	st = nvme_model_get_stats(b.model);
	sqdb0 = st->sq_doorbells;
	cqdb0 = st->cq_doorbells;
	mmio0 = sqdb0 + cqdb0;
	b.completed = 0;
	for (uint64_t r = 0; r < rounds; r++) {
		if (bench_round(&b, true) != 0) {
			goto out_detach;
		}
	}
	if (b.errors != 0 || nvme_model_get_stats(b.model)->errors != 0) {
		fprintf(stderr, "io_instructions: %llu I/O errors, model: %s\n",
			(unsigned long long)b.errors, nvme_model_last_error(b.model));
		goto out_detach;
	}
	printf("ios=%llu depth=%u blocks=%u sgls=%d shadow=%s delay_cmd_submit=%s shadow_active=%s "
	       "sq_doorbells=%llu cq_doorbells=%llu mmio_writes_per_io=%.4f\n",
	       (unsigned long long)b.completed, b.depth, b.blocks, sgls, b.shadow ? "on" : "off",
	       b.delay_submit ? "on" : "off",
	       nvme_model_dbbuf_configured(b.model) ? "yes" : "no",
	       (unsigned long long)(st->sq_doorbells - sqdb0),
	       (unsigned long long)(st->cq_doorbells - cqdb0),
	       (double)(st->sq_doorbells + st->cq_doorbells - mmio0) / (double)b.completed);
	rc = 0;
out_detach:
	if (b.qpair != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(b.qpair);
	}
	spdk_free(b.buf);
	spdk_nvme_detach(b.ctrlr);
out_model:
	nvme_model_destroy(b.model);
out_env:
	spdk_env_fini();
	return rc;
}
