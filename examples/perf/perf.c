/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * perf: measure IOPS, bandwidth and latency of NVMe namespaces through the
 * SPDK-compatible API.  Command line compatible with SPDK's spdk_nvme_perf
 * for the options they share, e.g.
 *
 *   perf -q 32 -o 4096 -w randread -t 10 -r 'trtype:PCIe traddr:0000:00:04.0'
 *   perf -q 128 -o 4k -w randrw -M 70 -t 60 -c 0x3 -P 2 -L --json
 *   perf -q 8 -o 4k -w write -t 5 -r 'trtype:PCIe traddr:0000:00:04.0 ns:2' --dry-run
 *
 * This file: options in, controllers and namespaces attached, one worker per
 * core set up (qpairs, buffers, histograms), workers run, results out.
 * The measured loop is in perf_worker.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "perf_histogram.h"
#include "perf_options.h"
#include "perf_report.h"
#include "perf_worker.h"
#include "ealnvme_setup_cmd.h"
#include "ns_select.h"

struct ctrlr_entry {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct ctrlr_entry	*next;
};

struct ns_entry {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	char			name[560];
	uint32_t		io_blocks;
	uint64_t		size_in_ios;
	uint32_t		reqs_per_io;	/* driver requests one I/O takes (split at MDTS) */
	struct ns_entry		*next;
};

static struct perf_options g_opts;
static struct ctrlr_entry *g_controllers;
static struct ctrlr_entry **g_ctrlr_tail = &g_controllers;
static bool g_select_failed;	/* an ns:N that is not an active namespace */
static struct ns_entry *g_namespaces;
static struct ns_entry **g_ns_tail = &g_namespaces;
static uint32_t g_num_namespaces;
static struct perf_worker *g_workers;
static uint32_t g_num_workers;
static FILE *g_info;	/* stdout, or stderr with --json */

/*
 * A controller as spdk_nvme_perf names it in its result rows:
 * "PCIE (0000:00:04.0)", "TCP (addr:192.168.0.2 subnqn:nqn...)".
 */
static void
ctrlr_name(char *buf, size_t len, const struct spdk_nvme_transport_id *trid)
{
	if (trid->trtype == SPDK_NVME_TRANSPORT_PCIE) {
		snprintf(buf, len, "PCIE (%s)", trid->traddr);
	} else {
		snprintf(buf, len, "%s (addr:%s subnqn:%s)", trid->trstring, trid->traddr,
			 trid->subnqn);
	}
}

/* ns_select_fn: one namespace the -r list selects (all active ones without ns:N). */
static int
register_ns(void *cb_ctx, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns)
{
	const struct spdk_nvme_transport_id *trid = spdk_nvme_ctrlr_get_transport_id(ctrlr);
	uint32_t sector = spdk_nvme_ns_get_sector_size(ns);
	uint32_t nsid = spdk_nvme_ns_get_id(ns);
	uint32_t max_xfer = spdk_nvme_ns_get_max_io_xfer_size(ns);
	struct ns_entry *entry;

	(void)cb_ctx;
	if (sector == 0 || g_opts.io_size % sector != 0) {
		fprintf(stderr, "perf: skipping %s NSID %u: I/O size %u is not a multiple of its "
			"sector size %u\n", trid->traddr, nsid, g_opts.io_size, sector);
		return 0;
	}
	if (spdk_nvme_ns_get_size(ns) < g_opts.io_size) {
		fprintf(stderr, "perf: skipping %s NSID %u: smaller than one I/O\n",
			trid->traddr, nsid);
		return 0;
	}
	entry = calloc(1, sizeof(*entry));
	if (entry == NULL) {
		fprintf(stderr, "perf: out of memory\n");
		exit(1);
	}
	entry->ctrlr = ctrlr;
	entry->ns = ns;
	entry->io_blocks = g_opts.io_size / sector;
	entry->size_in_ios = spdk_nvme_ns_get_num_sectors(ns) / entry->io_blocks;
	entry->reqs_per_io = 1;
	if (max_xfer > 0 && g_opts.io_size > max_xfer) {
		entry->reqs_per_io = (g_opts.io_size + max_xfer - 1) / max_xfer + 1;
	}
	ctrlr_name(entry->name, sizeof(entry->name), trid);
	snprintf(entry->name + strlen(entry->name), sizeof(entry->name) - strlen(entry->name),
		 " NSID %u", nsid);
	*g_ns_tail = entry;
	g_ns_tail = &entry->next;
	g_num_namespaces++;
	return 0;
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	uint32_t want = g_opts.num_cores * g_opts.qpairs_per_ns;

	(void)cb_ctx;
	if (opts->num_io_queues < want) {
		opts->num_io_queues = want;
	}
	if (g_opts.no_shadow_doorbells) {
		opts->disable_shadow_doorbells = true;	/* ealnvme extension */
	}
	if (g_opts.no_sgl) {
		opts->disable_pcie_sgl = true;		/* ealnvme extension */
	}
	/* As spdk_nvme_perf: asked of every controller, only NVMe/TCP uses them. */
	opts->header_digest = g_opts.header_digest;
	opts->data_digest = g_opts.data_digest;
	fprintf(g_info, "Attaching to NVMe controller at %s\n", trid->traddr);
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	const struct spdk_nvme_ctrlr_data *cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	struct ctrlr_entry *entry = calloc(1, sizeof(*entry));

	(void)cb_ctx;
	(void)opts;
	if (entry == NULL) {
		fprintf(stderr, "perf: out of memory\n");
		exit(1);
	}
	char err[NS_SELECT_ERR_LEN];

	entry->ctrlr = ctrlr;
	*g_ctrlr_tail = entry;
	g_ctrlr_tail = &entry->next;
	int mn_len = (int)sizeof(cdata->mn);

	while (mn_len > 0 && (cdata->mn[mn_len - 1] == ' ' || cdata->mn[mn_len - 1] == '\0')) {
		mn_len--;	/* space-padded, not NUL-terminated */
	}
	if (trid->trtype == SPDK_NVME_TRANSPORT_PCIE) {
		fprintf(g_info, "Attached to NVMe controller at %s [%04x:%04x] %.*s\n",
			trid->traddr, cdata->vid, cdata->ssvid, mn_len, (const char *)cdata->mn);
	} else {
		char name[560];

		ctrlr_name(name, sizeof(name), trid);
		fprintf(g_info, "Attached to NVMeoF controller at %s [%04x:%04x] %.*s\n",
			name, cdata->vid, cdata->ssvid, mn_len, (const char *)cdata->mn);
	}
	if (ns_select_ctrlr(g_opts.trids, g_opts.num_trids, ctrlr, register_ns, NULL,
			    err, sizeof(err)) != 0) {
		fprintf(stderr, "perf: -r %s\n", err);
		g_select_failed = true;
	}
}

static int
attach_controllers(void)
{
	struct spdk_nvme_transport_id all;
	int rc;

	if (g_opts.num_trids == 0) {
		memset(&all, 0, sizeof(all));
		spdk_nvme_trid_populate_transport(&all, SPDK_NVME_TRANSPORT_PCIE);
		rc = spdk_nvme_probe(&all, NULL, probe_cb, attach_cb, NULL);
		if (rc != 0) {
			fprintf(stderr, "perf: spdk_nvme_probe() failed: %s\n", strerror(-rc));
			return -1;
		}
		return 0;
	}
	/* A controller an earlier -r attached is not attached again: attach_cb
	 * applies every -r that names it at once. */
	for (uint32_t i = 0; i < g_opts.num_trids; i++) {
		rc = spdk_nvme_probe(&g_opts.trids[i].trid, NULL, probe_cb, attach_cb, NULL);
		if (rc != 0) {
			fprintf(stderr, "perf: spdk_nvme_probe() failed for '%s': %s\n",
				g_opts.trids[i].trid.traddr, strerror(-rc));
			return -1;
		}
	}
	return 0;
}

static bool
run_writes(void)
{
	return g_opts.rwmix_read < 100;
}

/*
 * What the run uses: with --dry-run every controller and namespace (and what
 * would be written); otherwise one line per namespace about to be written.
 */
static void
print_plan(bool dry_run)
{
	for (struct ctrlr_entry *c = g_controllers; c != NULL; c = c->next) {
		if (dry_run) {
			ns_select_print_ctrlr(g_info, c->ctrlr);
		}
		for (struct ns_entry *e = g_namespaces; e != NULL; e = e->next) {
			if (e->ctrlr != c->ctrlr) {
				continue;
			}
			if (dry_run) {
				ns_select_print_ns(g_info, e->ns);
			}
			if (run_writes()) {
				/* Random and sequential offsets both cover every whole I/O. */
				ns_select_print_write(g_info, dry_run, e->ctrlr, e->ns, 0,
						      e->size_in_ios * e->io_blocks);
			}
		}
	}
	fflush(g_info);
}

/* splitmix64: spreads small seeds over the whole state space. */
static uint64_t
seed_for(uint32_t core, uint32_t ns_index)
{
	uint64_t z = ((uint64_t)core << 32 | ns_index) + UINT64_C(0x9E3779B97F4A7C15);

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return z != 0 ? z : 1;
}

static int
setup_ctx(struct perf_worker *w, struct perf_ns_ctx *ctx, const struct ns_entry *entry,
	  uint32_t ns_index)
{
	struct spdk_nvme_io_qpair_opts qopts;
	uint32_t per_qpair = (g_opts.queue_depth + g_opts.qpairs_per_ns - 1) / g_opts.qpairs_per_ns;

	ctx->ns = entry->ns;
	ctx->name = entry->name;
	ctx->rng = seed_for(w->core, ns_index);
	ctx->size_in_ios = entry->size_in_ios;
	ctx->io_blocks = entry->io_blocks;
	ctx->random = g_opts.random;
	ctx->mixed = g_opts.pattern == PERF_PATTERN_RW;
	ctx->all_reads = g_opts.rwmix_read == 100;
	ctx->read_threshold = ((uint64_t)g_opts.rwmix_read << 32) / 100;
	/* Sequential workers start at different places on a shared namespace. */
	ctx->next_seq = ctx->random ? 0 : (uint64_t)w->core * 7919u % ctx->size_in_ios;
	ctx->min_lat_tsc = UINT64_MAX;
	if (g_opts.latency_level > 0) {
		ctx->hist = calloc(1, sizeof(*ctx->hist));
		if (ctx->hist == NULL) {
			fprintf(stderr, "perf: out of memory for a histogram\n");
			return -1;
		}
	}

	spdk_nvme_ctrlr_get_default_io_qpair_opts(entry->ctrlr, &qopts, sizeof(qopts));
	if (qopts.io_queue_size < per_qpair + 1) {
		qopts.io_queue_size = per_qpair + 1;
	}
	if (qopts.io_queue_requests < per_qpair * entry->reqs_per_io) {
		qopts.io_queue_requests = per_qpair * entry->reqs_per_io;
	}
	qopts.delay_cmd_submit = g_opts.delay_cmd_submit;
	ctx->qpairs = calloc(g_opts.qpairs_per_ns, sizeof(*ctx->qpairs));
	ctx->tasks = calloc(g_opts.queue_depth, sizeof(*ctx->tasks));
	if (ctx->qpairs == NULL || ctx->tasks == NULL) {
		fprintf(stderr, "perf: out of memory\n");
		return -1;
	}
	for (uint32_t q = 0; q < g_opts.qpairs_per_ns; q++) {
		ctx->qpairs[q] = spdk_nvme_ctrlr_alloc_io_qpair(entry->ctrlr, &qopts, sizeof(qopts));
		if (ctx->qpairs[q] == NULL) {
			fprintf(stderr, "perf: %s: cannot allocate I/O qpair %u for core %u\n",
				entry->name, q, w->core);
			return -1;
		}
		ctx->num_qpairs++;
	}
	for (uint32_t t = 0; t < g_opts.queue_depth; t++) {
		struct perf_task *task = &ctx->tasks[t];

		task->ctx = ctx;
		task->qpair = ctx->qpairs[t % g_opts.qpairs_per_ns];
		task->buf = spdk_zmalloc(g_opts.io_size, 0x1000, NULL, SPDK_ENV_SOCKET_ID_ANY,
					 SPDK_MALLOC_DMA);
		if (task->buf == NULL) {
			fprintf(stderr, "perf: cannot allocate %u bytes of DMA memory for I/O buffer "
				"%u (raise -s or the hugepages)\n", g_opts.io_size, t);
			return -1;
		}
		ctx->num_tasks++;
	}
	return 0;
}

static int
setup_workers(void)
{
	uint32_t core, i = 0, main_core = spdk_env_get_current_core();

	SPDK_ENV_FOREACH_CORE(core) {
		g_num_workers++;
	}
	g_workers = calloc(g_num_workers, sizeof(*g_workers));
	if (g_workers == NULL) {
		return -1;
	}
	SPDK_ENV_FOREACH_CORE(core) {
		struct perf_worker *w = &g_workers[i++];
		struct ns_entry *entry;
		uint32_t n = 0;

		w->core = core;
		w->run_tsc = (uint64_t)g_opts.time_s * spdk_get_ticks_hz();
		w->io_size = g_opts.io_size;
		w->all = g_workers;
		w->num_all = g_num_workers;
		w->print_progress = g_opts.progress && !g_opts.json && core == main_core;
		w->ctxs = calloc(g_num_namespaces, sizeof(*w->ctxs));
		if (w->ctxs == NULL) {
			return -1;
		}
		for (entry = g_namespaces; entry != NULL; entry = entry->next, n++) {
			fprintf(g_info, "Associating %s with lcore %u\n", entry->name, core);
			w->num_ctxs++;
			if (setup_ctx(w, &w->ctxs[n], entry, n) != 0) {
				return -1;
			}
		}
	}
	return 0;
}

static int
run_workers(void)
{
	uint32_t main_core = spdk_env_get_current_core();
	struct perf_worker *main_worker = NULL;
	int rc = 0;

	for (uint32_t i = 0; i < g_num_workers; i++) {
		struct perf_worker *w = &g_workers[i];

		if (w->core == main_core) {
			main_worker = w;
			continue;
		}
		rc = spdk_env_thread_launch_pinned(w->core, perf_worker_run, w);
		if (rc != 0) {
			fprintf(stderr, "perf: cannot start the worker on core %u: %s\n", w->core,
				strerror(-rc));
			perf_worker_request_stop();
			break;
		}
	}
	if (main_worker != NULL && rc == 0) {
		perf_worker_run(main_worker);
	}
	spdk_env_thread_wait_all();
	return rc;
}

static void
free_workers(void)
{
	for (uint32_t i = 0; i < g_num_workers; i++) {
		struct perf_worker *w = &g_workers[i];

		for (uint32_t n = 0; n < w->num_ctxs; n++) {
			struct perf_ns_ctx *ctx = &w->ctxs[n];

			for (uint32_t q = 0; q < ctx->num_qpairs; q++) {
				spdk_nvme_ctrlr_free_io_qpair(ctx->qpairs[q]);
			}
			for (uint32_t t = 0; t < ctx->num_tasks; t++) {
				spdk_free(ctx->tasks[t].buf);
			}
			free(ctx->qpairs);
			free(ctx->tasks);
			free(ctx->hist);
		}
		free(w->ctxs);
	}
	free(g_workers);
	g_workers = NULL;
	g_num_workers = 0;
}

static void
detach_all(void)
{
	while (g_namespaces != NULL) {
		struct ns_entry *next = g_namespaces->next;

		free(g_namespaces);
		g_namespaces = next;
	}
	while (g_controllers != NULL) {
		struct ctrlr_entry *next = g_controllers->next;

		spdk_nvme_detach(g_controllers->ctrlr);
		free(g_controllers);
		g_controllers = next;
	}
	g_ctrlr_tail = &g_controllers;
}

/* Results of the run; returns 0 when every I/O succeeded and some completed. */
static int
report(void)
{
	uint32_t rows_n = 0, r = 0;
	struct perf_result *rows;
	struct perf_histogram *total_hist = NULL;
	uint64_t ios = 0, errors = 0;
	int rc = 0;

	for (uint32_t i = 0; i < g_num_workers; i++) {
		rows_n += g_workers[i].num_ctxs;
	}
	rows = calloc(rows_n ? rows_n : 1, sizeof(*rows));
	if (g_opts.latency_level > 0) {
		total_hist = calloc(1, sizeof(*total_hist));
	}
	if (rows == NULL || (g_opts.latency_level > 0 && total_hist == NULL)) {
		fprintf(stderr, "perf: out of memory for the report\n");
		free(rows);
		free(total_hist);
		return -1;
	}
	for (uint32_t i = 0; i < g_num_workers; i++) {
		const struct perf_worker *w = &g_workers[i];

		if (w->rc != 0) {
			rc = -1;
		}
		for (uint32_t n = 0; n < w->num_ctxs; n++) {
			const struct perf_ns_ctx *ctx = &w->ctxs[n];
			struct perf_result *row = &rows[r++];

			row->name = ctx->name;
			row->core = w->core;
			row->ios = ctx->io_completed;
			row->errors = ctx->errors;
			row->elapsed_tsc = w->stop_tsc - w->start_tsc;
			row->total_lat_tsc = ctx->total_lat_tsc;
			row->min_lat_tsc = ctx->min_lat_tsc;
			row->max_lat_tsc = ctx->max_lat_tsc;
			row->hist = ctx->hist;
			if (total_hist != NULL && ctx->hist != NULL) {
				perf_histogram_merge(total_hist, ctx->hist);
			}
			ios += ctx->io_completed;
			errors += ctx->errors;
		}
	}
	if (g_opts.json) {
		perf_report_json(stdout, rows, rows_n, spdk_get_ticks_hz(), &g_opts, total_hist);
	} else {
		perf_report_text(stdout, rows, rows_n, spdk_get_ticks_hz(), &g_opts, total_hist);
	}
	fflush(stdout);
	if (errors > 0) {
		fprintf(stderr, "perf: %llu I/O errors\n", (unsigned long long)errors);
		rc = -1;
	}
	if (ios == 0) {
		fprintf(stderr, "perf: no I/O completed\n");
		rc = -1;
	}
	free(rows);
	free(total_hist);
	return rc;
}

static void
on_sigint(int sig)
{
	(void)sig;
	perf_worker_request_stop();
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts env;
	char err[PERF_ERR_LEN];
	const char *prog = argc > 0 ? argv[0] : "perf";
	int rc;

	perf_options_init(&g_opts);
	rc = perf_options_parse(&g_opts, argc, argv, err, sizeof(err));
	if (rc == 1) {
		perf_options_usage(stdout, prog);
		return 0;
	}
	if (rc != 0) {
		fprintf(stderr, "perf: %s\n", err);
		perf_options_usage(stderr, prog);
		return 1;
	}
	g_info = g_opts.json ? stderr : stdout;
	if (g_opts.rwmix_given && g_opts.pattern != PERF_PATTERN_RW) {
		fprintf(stderr, "perf: ignoring -M: it applies to rw and randrw only\n");
	}

	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "perf";
	env.core_mask = g_opts.core_mask;
	env.mem_size = g_opts.mem_size_mb;
	env.shm_id = g_opts.shm_id;
	rc = spdk_env_init(&env);
	if (rc != 0) {
		fprintf(stderr, "perf: cannot initialise the environment: %s\n", strerror(-rc));
		return 1;
	}
	signal(SIGINT, on_sigint);

	fprintf(g_info, "Initializing NVMe Controllers\n");
	rc = attach_controllers();
	if (rc == 0 && g_select_failed) {
		rc = -1;	/* said why in attach_cb; nothing was written */
	}
	if (rc == 0 && g_num_namespaces == 0) {
		fprintf(stderr, "perf: no usable NVMe namespace found: bind a controller to "
			"vfio-pci or uio_pci_generic with '%s' (see '%s status')\n",
			ealnvme_setup_cmd(), ealnvme_setup_cmd());
		rc = -1;
	}
	if (rc == 0 && g_opts.dry_run) {
		print_plan(true);
		fprintf(g_info, "Dry run: nothing was read or written.\n");
		detach_all();
		spdk_env_fini();
		return 0;
	}
	if (rc == 0) {
		print_plan(false);
		rc = setup_workers();
	}
	if (rc == 0) {
		fprintf(g_info, "Initialization complete. Launching workers.\n");
		fflush(g_info);
		rc = run_workers();
	}
	if (rc == 0) {
		rc = report();
	}
	free_workers();
	detach_all();
	spdk_env_fini();
	return rc == 0 ? 0 : 1;
}
