/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The per-core I/O loop of the perf tool.  One worker per core of the mask;
 * each drives every namespace through its own qpairs, keeping queue_depth
 * I/Os outstanding per namespace, and measures each I/O in TSC ticks.
 */
#ifndef PERF_WORKER_H
#define PERF_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "spdk/nvme.h"
#include "perf_histogram.h"

struct perf_ns_ctx;

/* One I/O slot: it is resubmitted from its own completion. */
struct perf_task {
	struct perf_ns_ctx	*ctx;
	struct spdk_nvme_qpair	*qpair;
	void			*buf;
	uint64_t		submit_tsc;
};

/* One namespace as seen from one core.  Fields used per I/O come first. */
struct perf_ns_ctx {
	struct spdk_nvme_ns	*ns;
	uint64_t		rng;		/* xorshift64* state, never 0 */
	uint64_t		size_in_ios;	/* I/O-sized slots in the namespace */
	uint64_t		next_seq;	/* sequential patterns: next slot */
	uint32_t		io_blocks;	/* LBAs per I/O */
	bool			random;
	bool			mixed;		/* rw/randrw: draw read or write per I/O */
	bool			all_reads;	/* when !mixed */
	bool			draining;	/* the run is over: do not resubmit */
	uint64_t		read_threshold;	/* mixed: read when (rng >> 32) < this */
	uint32_t		outstanding;

	/* Statistics (ticks).  io_completed is read by the progress line. */
	uint64_t		io_completed;
	uint64_t		total_lat_tsc;
	uint64_t		min_lat_tsc;
	uint64_t		max_lat_tsc;
	uint64_t		errors;
	struct perf_histogram	*hist;		/* NULL unless latency tracking */

	/* Setup only. */
	const char		*name;
	struct spdk_nvme_qpair	**qpairs;
	uint32_t		num_qpairs;
	struct perf_task	*tasks;
	uint32_t		num_tasks;
	bool			failed;		/* qpair failed; reported */
};

struct perf_worker {
	uint32_t		core;
	struct perf_ns_ctx	*ctxs;
	uint32_t		num_ctxs;
	uint64_t		run_tsc;	/* how long to run, in ticks */
	uint64_t		start_tsc;
	uint64_t		stop_tsc;
	/* The main core's worker prints the progress line, summing all workers. */
	bool			print_progress;
	struct perf_worker	*all;
	uint32_t		num_all;
	uint32_t		io_size;
	int			rc;		/* 0, or -1 when a qpair failed or I/O was left stuck */
};

/* Ask every worker to stop at its next time check (SIGINT). */
void perf_worker_request_stop(void);

/* Run one worker to completion; thread_start_fn-compatible. */
int perf_worker_run(void *arg);

#endif /* PERF_WORKER_H */
