/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Results of a perf run, as a table or as JSON.  Works on plain numbers
 * gathered after the run; nothing here runs during it.
 */
#ifndef PERF_REPORT_H
#define PERF_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "perf_histogram.h"
#include "perf_options.h"

/* One namespace driven from one core. */
struct perf_result {
	const char			*name;		/* "PCIE (0000:00:04.0) NSID 1" */
	uint32_t			core;
	uint64_t			ios;		/* completed without error before the end */
	uint64_t			errors;		/* failed submissions and completions */
	uint64_t			elapsed_tsc;	/* ticks the core ran I/O */
	uint64_t			total_lat_tsc;	/* sum of the latencies of ios */
	uint64_t			min_lat_tsc;
	uint64_t			max_lat_tsc;
	const struct perf_histogram	*hist;		/* NULL unless -L */
};

/* The percentiles -L reports. */
#define PERF_REPORT_NUM_PCT	5
extern const double perf_report_pct[PERF_REPORT_NUM_PCT];

/* Derived numbers for one row (or the total). */
struct perf_numbers {
	double	iops;
	double	mib_s;
	double	avg_us, min_us, max_us;
	double	pct_us[PERF_REPORT_NUM_PCT];	/* valid when has_pct */
	int	has_pct;
};

void perf_report_numbers(const struct perf_result *r, uint64_t tsc_hz, uint32_t io_size,
			 struct perf_numbers *out);

/*
 * Sum rows into one total row: IOPS and MiB/s add up, latency averages
 * weighted by I/O count, min of the minima, max of the maxima.  total_hist
 * (may be NULL) receives the merged histograms.
 */
void perf_report_total(const struct perf_result *rows, uint32_t n, uint64_t tsc_hz,
		       uint32_t io_size, const struct perf_histogram *total_hist,
		       struct perf_numbers *out);

/* The table (and the percentiles / histogram as opts->latency_level asks). */
void perf_report_text(FILE *out, const struct perf_result *rows, uint32_t n, uint64_t tsc_hz,
		      const struct perf_options *opts, const struct perf_histogram *total_hist);
/* The same as one JSON object. */
void perf_report_json(FILE *out, const struct perf_result *rows, uint32_t n, uint64_t tsc_hz,
		      const struct perf_options *opts, const struct perf_histogram *total_hist);

#endif /* PERF_REPORT_H */
