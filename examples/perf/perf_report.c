/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Turning tick counts into IOPS, MiB/s and microseconds, and printing them.
 */
#include <string.h>

#include "perf_report.h"

const double perf_report_pct[PERF_REPORT_NUM_PCT] = { 50.0, 90.0, 99.0, 99.9, 99.99 };
static const char *const g_pct_names[PERF_REPORT_NUM_PCT] = {
	"p50", "p90", "p99", "p99.9", "p99.99"
};
static const char *const g_pct_keys[PERF_REPORT_NUM_PCT] = {
	"50", "90", "99", "99.9", "99.99"
};

static double
ticks_to_us(uint64_t ticks, uint64_t tsc_hz)
{
	return tsc_hz ? (double)ticks * 1e6 / (double)tsc_hz : 0.0;
}

/* Percentiles from a histogram, each clamped to the exact [min, max]. */
static void
fill_pct(struct perf_numbers *out, const struct perf_histogram *h, uint64_t min_tsc,
	 uint64_t max_tsc, uint64_t tsc_hz)
{
	out->has_pct = 0;
	if (h == NULL || perf_histogram_count(h) == 0) {
		return;
	}
	for (int i = 0; i < PERF_REPORT_NUM_PCT; i++) {
		uint64_t v = perf_histogram_percentile(h, perf_report_pct[i]);

		if (v > max_tsc) {
			v = max_tsc;
		}
		if (v < min_tsc) {
			v = min_tsc;
		}
		out->pct_us[i] = ticks_to_us(v, tsc_hz);
	}
	out->has_pct = 1;
}

void
perf_report_numbers(const struct perf_result *r, uint64_t tsc_hz, uint32_t io_size,
		    struct perf_numbers *out)
{
	double secs = r->elapsed_tsc && tsc_hz ? (double)r->elapsed_tsc / (double)tsc_hz : 0.0;

	memset(out, 0, sizeof(*out));
	if (secs > 0.0) {
		out->iops = (double)r->ios / secs;
		out->mib_s = out->iops * io_size / (1024.0 * 1024.0);
	}
	if (r->ios > 0) {
		out->avg_us = ticks_to_us(r->total_lat_tsc, tsc_hz) / (double)r->ios;
		out->min_us = ticks_to_us(r->min_lat_tsc, tsc_hz);
		out->max_us = ticks_to_us(r->max_lat_tsc, tsc_hz);
		fill_pct(out, r->hist, r->min_lat_tsc, r->max_lat_tsc, tsc_hz);
	}
}

void
perf_report_total(const struct perf_result *rows, uint32_t n, uint64_t tsc_hz, uint32_t io_size,
		  const struct perf_histogram *total_hist, struct perf_numbers *out)
{
	uint64_t ios = 0, min = UINT64_MAX, max = 0;
	double lat_sum_us = 0.0;

	memset(out, 0, sizeof(*out));
	for (uint32_t i = 0; i < n; i++) {
		struct perf_numbers row;

		perf_report_numbers(&rows[i], tsc_hz, io_size, &row);
		out->iops += row.iops;
		out->mib_s += row.mib_s;
		if (rows[i].ios > 0) {
			ios += rows[i].ios;
			lat_sum_us += ticks_to_us(rows[i].total_lat_tsc, tsc_hz);
			min = rows[i].min_lat_tsc < min ? rows[i].min_lat_tsc : min;
			max = rows[i].max_lat_tsc > max ? rows[i].max_lat_tsc : max;
		}
	}
	if (ios > 0) {
		out->avg_us = lat_sum_us / (double)ios;
		out->min_us = ticks_to_us(min, tsc_hz);
		out->max_us = ticks_to_us(max, tsc_hz);
		fill_pct(out, total_hist, min, max, tsc_hz);
	}
}

/* ---- text ---------------------------------------------------------------- */

#define NAME_WIDTH	53	/* at least; wider when a label is (NVMe/TCP names hold the NQN) */
#define LABEL_LEN	600

static void
text_line(FILE *out, int width, const char *label, const struct perf_numbers *v, int with_pct)
{
	fprintf(out, "%-*s: %10.2f %10.2f %10.2f %10.2f %10.2f", width, label,
		v->iops, v->mib_s, v->avg_us, v->min_us, v->max_us);
	if (with_pct) {
		for (int i = 0; i < PERF_REPORT_NUM_PCT; i++) {
			if (v->has_pct) {
				fprintf(out, " %10.2f", v->pct_us[i]);
			} else {
				fprintf(out, " %10s", "-");
			}
		}
	}
	fputc('\n', out);
}

static void
text_histogram(FILE *out, const char *label, const struct perf_histogram *h, uint64_t tsc_hz)
{
	uint64_t n = perf_histogram_count(h), seen = 0;

	fprintf(out, "\nLatency histogram for %s:\n", label);
	fprintf(out, "%24s %12s %12s\n", "range (us)", "I/Os", "cumulative");
	for (uint32_t i = perf_histogram_next(h, 0); i < PERF_HIST_BUCKETS;
	     i = perf_histogram_next(h, i + 1)) {
		seen += h->bucket[i];
		fprintf(out, "%11.3f - %10.3f %12llu %11.5f%%\n",
			ticks_to_us(perf_histogram_bucket_low(i), tsc_hz),
			ticks_to_us(perf_histogram_bucket_high(i) + 1, tsc_hz),
			(unsigned long long)h->bucket[i], 100.0 * (double)seen / (double)n);
	}
}

static void
row_label(char *buf, size_t len, const struct perf_result *r)
{
	snprintf(buf, len, "%s from core %2u", r->name, r->core);
}

void
perf_report_text(FILE *out, const struct perf_result *rows, uint32_t n, uint64_t tsc_hz,
		 const struct perf_options *opts, const struct perf_histogram *total_hist)
{
	int with_pct = opts->latency_level >= 1;
	int width = NAME_WIDTH;
	struct perf_numbers v;
	char label[LABEL_LEN];

	for (uint32_t i = 0; i < n; i++) {
		row_label(label, sizeof(label), &rows[i]);
		if ((int)strlen(label) > width) {
			width = (int)strlen(label);
		}
	}
	/* "Latency(us)" above the first latency column. */
	fprintf(out, "%*s%s\n", width + 2 + 2 * 11, "", "Latency(us)");
	fprintf(out, "%-*s: %10s %10s %10s %10s %10s", width, "Device Information",
		"IOPS", "MiB/s", "Average", "min", "max");
	if (with_pct) {
		for (int i = 0; i < PERF_REPORT_NUM_PCT; i++) {
			fprintf(out, " %10s", g_pct_names[i]);
		}
	}
	fputc('\n', out);
	for (uint32_t i = 0; i < n; i++) {
		row_label(label, sizeof(label), &rows[i]);
		perf_report_numbers(&rows[i], tsc_hz, opts->io_size, &v);
		text_line(out, width, label, &v, with_pct);
		if (rows[i].errors > 0) {
			fprintf(out, "%-*s: %llu I/O errors\n", width, label,
				(unsigned long long)rows[i].errors);
		}
	}
	fprintf(out, "========================================================\n");
	perf_report_total(rows, n, tsc_hz, opts->io_size, total_hist, &v);
	text_line(out, width, "Total", &v, with_pct);
	if (opts->latency_level >= 2) {
		for (uint32_t i = 0; i < n; i++) {
			if (rows[i].hist != NULL && perf_histogram_count(rows[i].hist) > 0) {
				row_label(label, sizeof(label), &rows[i]);
				text_histogram(out, label, rows[i].hist, tsc_hz);
			}
		}
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static void
json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
		} else if (c < 0x20) {
			fprintf(out, "\\u%04x", c);
		} else {
			fputc(c, out);
		}
	}
	fputc('"', out);
}

static void
json_numbers(FILE *out, const struct perf_numbers *v)
{
	fprintf(out, "\"iops\": %.2f, \"mib_per_s\": %.2f, \"latency_us\": {\"avg\": %.3f, "
		"\"min\": %.3f, \"max\": %.3f", v->iops, v->mib_s, v->avg_us, v->min_us, v->max_us);
	if (v->has_pct) {
		for (int i = 0; i < PERF_REPORT_NUM_PCT; i++) {
			fprintf(out, ", \"p%s\": %.3f", g_pct_keys[i], v->pct_us[i]);
		}
	}
	fputc('}', out);
}

static void
json_histogram(FILE *out, const struct perf_histogram *h, uint64_t tsc_hz)
{
	const char *sep = "";

	fprintf(out, ", \"histogram_us\": [");
	for (uint32_t i = perf_histogram_next(h, 0); i < PERF_HIST_BUCKETS;
	     i = perf_histogram_next(h, i + 1)) {
		fprintf(out, "%s[%.4f, %.4f, %llu]", sep,
			ticks_to_us(perf_histogram_bucket_low(i), tsc_hz),
			ticks_to_us(perf_histogram_bucket_high(i) + 1, tsc_hz),
			(unsigned long long)h->bucket[i]);
		sep = ", ";
	}
	fputc(']', out);
}

void
perf_report_json(FILE *out, const struct perf_result *rows, uint32_t n, uint64_t tsc_hz,
		 const struct perf_options *opts, const struct perf_histogram *total_hist)
{
	struct perf_numbers v;
	uint64_t ios = 0, errors = 0;

	fprintf(out, "{\n  \"tool\": \"ealnvme perf\",\n  \"config\": {\"io_depth\": %u, "
		"\"io_size\": %u, \"io_pattern\": ", opts->queue_depth, opts->io_size);
	json_string(out, opts->pattern_name ? opts->pattern_name : "");
	fprintf(out, ", \"rwmixread\": %d, \"time_s\": %u, \"core_mask\": ",
		opts->rwmix_read, opts->time_s);
	json_string(out, opts->core_mask);
	fprintf(out, ", \"num_qpairs\": %u, \"delay_cmd_submit\": %s, \"shadow_doorbells\": %s, "
		"\"sgl\": %s},\n", opts->qpairs_per_ns, opts->delay_cmd_submit ? "true" : "false",
		opts->no_shadow_doorbells ? "false" : "true", opts->no_sgl ? "false" : "true");
	fprintf(out, "  \"tsc_hz\": %llu,\n  \"results\": [", (unsigned long long)tsc_hz);
	for (uint32_t i = 0; i < n; i++) {
		const struct perf_result *r = &rows[i];

		perf_report_numbers(r, tsc_hz, opts->io_size, &v);
		fprintf(out, "%s\n    {\"name\": ", i ? "," : "");
		json_string(out, r->name);
		fprintf(out, ", \"core\": %u, \"ios\": %llu, \"errors\": %llu, \"seconds\": %.6f, ",
			r->core, (unsigned long long)r->ios, (unsigned long long)r->errors,
			tsc_hz ? (double)r->elapsed_tsc / (double)tsc_hz : 0.0);
		json_numbers(out, &v);
		if (opts->latency_level >= 2 && r->hist != NULL) {
			json_histogram(out, r->hist, tsc_hz);
		}
		fputc('}', out);
		ios += r->ios;
		errors += r->errors;
	}
	perf_report_total(rows, n, tsc_hz, opts->io_size, total_hist, &v);
	fprintf(out, "\n  ],\n  \"total\": {\"ios\": %llu, \"errors\": %llu, ",
		(unsigned long long)ios, (unsigned long long)errors);
	json_numbers(out, &v);
	fprintf(out, "}\n}\n");
}
