/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Command line parsing and validation for the perf tool.  Nothing here
 * touches the environment, so it is unit-tested on its own.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perf_options.h"

#define PERF_MAX_CORES		1024
#define PERF_MAX_TIME_S		(365u * 24 * 3600)

enum {
	OPT_JSON = 256,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_NO_DELAY_SUBMIT,
	OPT_NO_SHADOW_DOORBELLS,
	OPT_NO_SGL,
	OPT_DRY_RUN,
};

static const struct option g_long_opts[] = {
	{ "core-mask",			required_argument,	NULL, 'c' },
	{ "help",			no_argument,		NULL, 'h' },
	{ "shmem-grp-id",		required_argument,	NULL, 'i' },
	{ "enable-sw-latency-tracking",	no_argument,		NULL, 'L' },
	{ "rwmixread",			required_argument,	NULL, 'M' },
	{ "io-size",			required_argument,	NULL, 'o' },
	{ "num-qpairs",			required_argument,	NULL, 'P' },
	{ "io-depth",			required_argument,	NULL, 'q' },
	{ "transport",			required_argument,	NULL, 'r' },
	{ "hugemem-size",		required_argument,	NULL, 's' },
	{ "time",			required_argument,	NULL, 't' },
	{ "io-pattern",			required_argument,	NULL, 'w' },
	{ "enable-tcp-hdgst",		no_argument,		NULL, 'H' },
	{ "enable-tcp-ddgst",		no_argument,		NULL, 'I' },
	{ "json",			no_argument,		NULL, OPT_JSON },
	{ "progress",			no_argument,		NULL, OPT_PROGRESS },
	{ "no-progress",		no_argument,		NULL, OPT_NO_PROGRESS },
	{ "no-delay-submit",		no_argument,		NULL, OPT_NO_DELAY_SUBMIT },
	{ "no-shadow-doorbells",	no_argument,		NULL, OPT_NO_SHADOW_DOORBELLS },
	{ "no-sgl",			no_argument,		NULL, OPT_NO_SGL },
	{ "dry-run",			no_argument,		NULL, OPT_DRY_RUN },
	{ NULL, 0, NULL, 0 },
};
/* Leading ':' : report a missing argument as ':' rather than '?'. */
static const char g_short_opts[] = ":c:hHIi:LM:o:P:q:r:s:t:w:";

void
perf_options_init(struct perf_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->rwmix_read = -1;
	opts->core_mask = "0x1";
	opts->num_cores = 1;
	opts->qpairs_per_ns = 1;
	opts->mem_size_mb = -1;
	opts->shm_id = -1;
	opts->progress = isatty(STDOUT_FILENO) == 1;
	opts->delay_cmd_submit = true;
}

void
perf_options_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s -q DEPTH -o BYTES -w PATTERN -t SECONDS [options]\n"
		"  -q, --io-depth N        outstanding I/Os per namespace per core\n"
		"  -o, --io-size BYTES     I/O size (suffix k, m, g allowed), a multiple of the sector size\n"
		"  -w, --io-pattern P      read, write, randread, randwrite, rw, randrw\n"
		"  -M, --rwmixread PCT     percentage of reads for rw/randrw (0..100)\n"
		"  -t, --time SECONDS      run time\n"
		"  -c, --core-mask MASK    cores to run on, hex (0x3) or list ([0,2-3]); default 0x1.\n"
		"                          One pinned thread per core, each with its own qpairs\n"
		"  -r, --transport TRID    controller to use, e.g. 'trtype:PCIe traddr:0000:00:04.0';\n"
		"                          add 'ns:N' for namespace N only (default: every active\n"
		"                          one). Repeatable; default: every PCIe NVMe controller.\n"
		"                          NVMe/TCP: 'trtype:TCP adrfam:IPv4 traddr:192.168.0.2\n"
		"                          trsvcid:4420 subnqn:nqn.2016-06.io.spdk:cnode1'\n"
		"  -H, --enable-tcp-hdgst  ask NVMe/TCP targets for header digests (default: off)\n"
		"  -I, --enable-tcp-ddgst  ask NVMe/TCP targets for data digests (default: off)\n"
		"  -P, --num-qpairs N      I/O qpairs per namespace per core (default 1)\n"
		"  -s, --hugemem-size MB   DPDK memory to reserve\n"
		"  -i, --shmem-grp-id ID   shared memory group ID\n"
		"  -L, --enable-sw-latency-tracking\n"
		"                          latency percentiles; -LL adds the full histogram\n"
		"      --json              results as JSON on stdout instead of the table\n"
		"      --progress, --no-progress\n"
		"                          per-second progress line (default: when stdout is a terminal)\n"
		"      --no-delay-submit   ring the SQ doorbell on every submission\n"
		"      --no-shadow-doorbells\n"
		"                          MMIO doorbells even where the controller offers shadow ones\n"
		"      --no-sgl            PRPs for every payload even where the controller supports SGLs\n"
		"      --dry-run           list the controllers and namespaces the run would use\n"
		"                          (and the LBAs it would write), then exit: no I/O\n"
		"  -h, --help              this text\n", prog);
}

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
	return -1;
}

/* Unsigned decimal, whole string, no sign, at most max. */
static int
parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || !isdigit((unsigned char)s[0])) {
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max) {
		return -1;
	}
	*out = v;
	return 0;
}

int
perf_parse_size(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (s == NULL || !isdigit((unsigned char)s[0])) {
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0) {
		return -1;
	}
	switch (*end) {
	case '\0':
		break;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (shift != 0 && end[1] != '\0') {
		return -1;
	}
	if (v > (max >> shift)) {
		return -1;
	}
	*out = v << shift;
	return 0;
}

int
perf_parse_core_mask(const char *mask)
{
	uint8_t seen[PERF_MAX_CORES / 8] = { 0 };
	int count = 0;

	if (mask == NULL || mask[0] == '\0') {
		return -1;
	}
	if (mask[0] == '[') {
		const char *p = mask + 1;

		for (;;) {
			char *end;
			unsigned long lo, hi;

			if (!isdigit((unsigned char)*p)) {
				return -1;
			}
			lo = strtoul(p, &end, 10);
			hi = lo;
			p = end;
			if (*p == '-') {
				p++;
				if (!isdigit((unsigned char)*p)) {
					return -1;
				}
				hi = strtoul(p, &end, 10);
				p = end;
			}
			if (lo > hi || hi >= PERF_MAX_CORES) {
				return -1;
			}
			for (unsigned long c = lo; c <= hi; c++) {
				if (!(seen[c / 8] & (1u << (c % 8)))) {
					seen[c / 8] |= (uint8_t)(1u << (c % 8));
					count++;
				}
			}
			if (*p == ',') {
				p++;
				continue;
			}
			if (*p == ']' && p[1] == '\0') {
				break;
			}
			return -1;
		}
		return count > 0 ? count : -1;
	}
	{
		const char *p = mask;
		size_t len;

		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			p += 2;
		}
		len = strlen(p);
		if (len == 0 || len > PERF_MAX_CORES / 4) {
			return -1;
		}
		for (size_t i = 0; i < len; i++) {
			int c = tolower((unsigned char)p[i]);
			int nibble;

			if (c >= '0' && c <= '9') {
				nibble = c - '0';
			} else if (c >= 'a' && c <= 'f') {
				nibble = c - 'a' + 10;
			} else {
				return -1;
			}
			count += __builtin_popcount((unsigned)nibble);
		}
	}
	return count > 0 ? count : -1;
}

static int
parse_pattern(struct perf_options *opts, const char *s)
{
	const char *base = s;

	opts->random = strncmp(s, "rand", 4) == 0;
	if (opts->random) {
		base = s + 4;
	}
	if (strcmp(base, "read") == 0) {
		opts->pattern = PERF_PATTERN_READ;
	} else if (strcmp(base, "write") == 0) {
		opts->pattern = PERF_PATTERN_WRITE;
	} else if (strcmp(base, "rw") == 0) {
		opts->pattern = PERF_PATTERN_RW;
	} else {
		return -1;
	}
	opts->pattern_name = s;
	return 0;
}

/* Name of the option getopt just looked at, for messages. */
static const char *
opt_name(int argc, char **argv, int c)
{
	static char buf[64];

	if (c > 0 && c < 256 && c != '?' && c != ':') {
		snprintf(buf, sizeof(buf), "-%c", c);
		return buf;
	}
	if (optind - 1 >= 0 && optind - 1 < argc) {
		snprintf(buf, sizeof(buf), "%.60s", argv[optind - 1]);
		return buf;
	}
	return "?";
}

static int
validate(struct perf_options *opts, char *err, size_t err_len)
{
	if (opts->queue_depth == 0) {
		return fail(err, err_len, "missing -q (--io-depth)");
	}
	if (opts->io_size == 0) {
		return fail(err, err_len, "missing -o (--io-size)");
	}
	if (opts->pattern == PERF_PATTERN_NONE) {
		return fail(err, err_len, "missing -w (--io-pattern)");
	}
	if (opts->time_s == 0) {
		return fail(err, err_len, "missing -t (--time)");
	}
	if (opts->qpairs_per_ns > opts->queue_depth) {
		return fail(err, err_len, "-P %u is more than -q %u: each qpair needs at least one I/O",
			    opts->qpairs_per_ns, opts->queue_depth);
	}
	switch (opts->pattern) {
	case PERF_PATTERN_READ:
		opts->rwmix_read = 100;
		break;
	case PERF_PATTERN_WRITE:
		opts->rwmix_read = 0;
		break;
	default:
		if (!opts->rwmix_given) {
			return fail(err, err_len, "-w %s needs -M (--rwmixread), the percentage of reads",
				    opts->pattern_name);
		}
		break;
	}
	return 0;
}

int
perf_options_parse(struct perf_options *opts, int argc, char **argv, char *err, size_t err_len)
{
	int c;
	uint64_t v;

	err[0] = '\0';
	/* optind 0 makes glibc's getopt start over (the unit tests parse often). */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, g_short_opts, g_long_opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			if (parse_uint(optarg, PERF_MAX_QUEUE_DEPTH, &v) != 0 || v == 0) {
				return fail(err, err_len, "-q: '%s' is not a queue depth (1..%u)",
					    optarg, PERF_MAX_QUEUE_DEPTH);
			}
			opts->queue_depth = (uint32_t)v;
			break;
		case 'o':
			if (perf_parse_size(optarg, PERF_MAX_IO_SIZE, &v) != 0 || v == 0) {
				return fail(err, err_len, "-o: '%s' is not an I/O size in bytes (1..1g)",
					    optarg);
			}
			if (v % 512 != 0) {
				return fail(err, err_len, "-o: %llu is not a multiple of 512 bytes",
					    (unsigned long long)v);
			}
			opts->io_size = (uint32_t)v;
			break;
		case 'w':
			if (parse_pattern(opts, optarg) != 0) {
				return fail(err, err_len, "-w: '%s' is not one of read, write, randread, "
					    "randwrite, rw, randrw", optarg);
			}
			break;
		case 'M':
			if (parse_uint(optarg, 100, &v) != 0) {
				return fail(err, err_len, "-M: '%s' is not a percentage of reads (0..100)",
					    optarg);
			}
			opts->rwmix_read = (int)v;
			opts->rwmix_given = true;
			break;
		case 't':
			if (parse_uint(optarg, PERF_MAX_TIME_S, &v) != 0 || v == 0) {
				return fail(err, err_len, "-t: '%s' is not a time in seconds (1..%u)",
					    optarg, PERF_MAX_TIME_S);
			}
			opts->time_s = (uint32_t)v;
			break;
		case 'c': {
			int n = perf_parse_core_mask(optarg);

			if (n <= 0) {
				return fail(err, err_len, "-c: '%s' is not a core mask (hex like 0x3, "
					    "or a list like [0,2-3])", optarg);
			}
			opts->core_mask = optarg;
			opts->num_cores = (uint32_t)n;
			break;
		}
		case 'r': {
			char why[NS_SELECT_ERR_LEN];

			if (opts->num_trids == PERF_MAX_TRIDS) {
				return fail(err, err_len, "-r: at most %d transport IDs", PERF_MAX_TRIDS);
			}
			if (ns_select_parse(&opts->trids[opts->num_trids], optarg, why,
					    sizeof(why)) != 0) {
				return fail(err, err_len, "-r: %s", why);
			}
			opts->num_trids++;
			break;
		}
		case 'P':
			if (parse_uint(optarg, PERF_MAX_QPAIRS_PER_NS, &v) != 0 || v == 0) {
				return fail(err, err_len, "-P: '%s' is not a number of qpairs (1..%u)",
					    optarg, PERF_MAX_QPAIRS_PER_NS);
			}
			opts->qpairs_per_ns = (uint32_t)v;
			break;
		case 's':
			if (parse_uint(optarg, 1u << 30, &v) != 0 || v == 0) {
				return fail(err, err_len, "-s: '%s' is not a memory size in MB", optarg);
			}
			opts->mem_size_mb = (int)v;
			break;
		case 'i':
			if (parse_uint(optarg, 65535, &v) != 0) {
				return fail(err, err_len, "-i: '%s' is not a shared memory group ID (0..65535)",
					    optarg);
			}
			opts->shm_id = (int)v;
			break;
		case 'L':
			if (opts->latency_level < 2) {
				opts->latency_level++;
			}
			break;
		case OPT_JSON:
			opts->json = true;
			break;
		case OPT_PROGRESS:
		case OPT_NO_PROGRESS:
			opts->progress = c == OPT_PROGRESS;
			opts->progress_forced = true;
			break;
		case OPT_NO_DELAY_SUBMIT:
			opts->delay_cmd_submit = false;
			break;
		case OPT_NO_SHADOW_DOORBELLS:
			opts->no_shadow_doorbells = true;
			break;
		case OPT_NO_SGL:
			opts->no_sgl = true;
			break;
		case OPT_DRY_RUN:
			opts->dry_run = true;
			break;
		case 'H':
			opts->header_digest = true;
			break;
		case 'I':
			opts->data_digest = true;
			break;
		case 'h':
			return 1;
		case ':':
			return fail(err, err_len, "%s needs a value", opt_name(argc, argv, optopt));
		default:
			/* A long option given a value it does not take ("--enable-tcp-hdgst=1")
			 * reports its short letter in optopt: name what was written. */
			if (optind >= 2 && optind - 1 < argc &&
			    strncmp(argv[optind - 1], "--", 2) == 0) {
				return fail(err, err_len, "unknown option %s",
					    opt_name(argc, argv, 0));
			}
			if (optopt != 0 && optopt < 256) {
				return fail(err, err_len, "unknown option -%c", optopt);
			}
			return fail(err, err_len, "unknown option %s", opt_name(argc, argv, 0));
		}
	}
	if (optind < argc) {
		return fail(err, err_len, "unexpected argument '%s'", argv[optind]);
	}
	return validate(opts, err, err_len);
}
