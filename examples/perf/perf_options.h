/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Command line of the perf tool, compatible with SPDK's spdk_nvme_perf for
 * the options it shares (same letters, same meaning, same required ones).
 */
#ifndef PERF_OPTIONS_H
#define PERF_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spdk/nvme.h"
#include "ns_select.h"

#define PERF_MAX_TRIDS		16
#define PERF_MAX_QUEUE_DEPTH	65536u
#define PERF_MAX_QPAIRS_PER_NS	64u
#define PERF_MAX_IO_SIZE	(1u << 30)
#define PERF_ERR_LEN		256

enum perf_pattern {
	PERF_PATTERN_NONE = 0,
	PERF_PATTERN_READ,
	PERF_PATTERN_WRITE,
	PERF_PATTERN_RW,	/* mixed, -M percent reads */
};

struct perf_options {
	uint32_t	queue_depth;		/* -q: outstanding I/O per namespace per core */
	uint32_t	io_size;		/* -o: bytes per I/O */
	enum perf_pattern pattern;		/* -w */
	bool		random;			/* -w rand* */
	const char	*pattern_name;		/* -w as given */
	int		rwmix_read;		/* -M: percent reads; 100 read, 0 write */
	bool		rwmix_given;
	uint32_t	time_s;			/* -t */
	const char	*core_mask;		/* -c as given ("0x1" default) */
	uint32_t	num_cores;		/* cores in the mask */
	struct ns_select trids[PERF_MAX_TRIDS];	/* -r: transport ID + ns:N */
	uint32_t	num_trids;
	uint32_t	qpairs_per_ns;		/* -P */
	int		mem_size_mb;		/* -s, -1: on demand */
	int		shm_id;			/* -i, -1: private */
	int		latency_level;		/* -L: 1 summary, -LL: 2 histogram */
	bool		json;			/* --json */
	bool		progress;		/* per-second line (default: when stdout is a tty) */
	bool		progress_forced;	/* --progress / --no-progress given */
	bool		delay_cmd_submit;	/* batch SQ doorbells (default on) */
	bool		no_shadow_doorbells;	/* MMIO doorbells even where DBBUF is supported */
	bool		no_sgl;			/* PRPs even where SGLs are supported */
	bool		dry_run;		/* --dry-run: list what would be used, no I/O */
	bool		header_digest;		/* -H: ask NVMe/TCP targets for header digests */
	bool		data_digest;		/* -I: ask NVMe/TCP targets for data digests */
};

/* Defaults before parsing. */
void perf_options_init(struct perf_options *opts);

/*
 * Parse argv into opts.  Returns 0 on success, 1 when help was asked for
 * (-h/--help), -1 on a bad option or value with a one-line reason (no
 * trailing newline) in err.  May be called more than once in a process.
 */
int perf_options_parse(struct perf_options *opts, int argc, char **argv, char *err, size_t err_len);

/* The usage text. */
void perf_options_usage(FILE *out, const char *prog);

/*
 * Parse a core mask as -c takes it: hex with or without 0x ("0x3", "3"), or a
 * list in brackets ("[0,2-3]").  Returns the number of cores (> 0), or -1 if
 * the string is malformed, empty, or names a core >= 1024.
 */
int perf_parse_core_mask(const char *mask);

/*
 * Parse a byte count: decimal digits with an optional binary suffix k/K,
 * m/M, g/G.  Returns 0, or -1 if malformed or above max.
 */
int perf_parse_size(const char *s, uint64_t max, uint64_t *out);

#endif /* PERF_OPTIONS_H */
