/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Process death and FLUSH durability (test/vm/test_crash.sh, issue 10 item 4).
 *
 *   nvme_crashwriter write TRADDR LOG RUN [-q depth] [-n blocks] [-f flush_every] [-t secs]
 *       Writes 4 KiB blocks (blockstamp.h: tag = RUN, generation = write
 *       number k) over blocks 0..n-1 of namespace 1 at `depth` writes in flight,
 *       until killed (or -t seconds).  Write k of run r goes to block
 *       (k * P + r * 97) mod n (n a power of two, P odd: each n consecutive
 *       writes cover every block once).  After every `flush_every` completions
 *       it sends FLUSH; mark = the number of writes k such that writes 0..k-1
 *       had all completed successfully when the FLUSH was submitted (NVMe 1.4
 *       §6.8: FLUSH covers commands completed before it was submitted); when
 *       the FLUSH completes it appends "durable RUN mark" to LOG and
 *       fdatasync()s it, so the line outlives a kill -9.
 *
 *   nvme_crashwriter verify TRADDR LOG
 *       A new process: attaches (must succeed whatever the dead writer left),
 *       reads blocks 0..n-1 and applies the rule below.
 *
 *   nvme_crashwriter check-file IMAGE LOG
 *       On the host, no DPDK: the same rule on the raw image, and zeroes
 *       after block n (a write that landed elsewhere shows).
 *
 * The rule, per block b: let (r*, k*) be the newest durable write to b (the
 * largest k < mark(r) with block(r, k) = b, in the last run that has one).
 * b must hold a valid stamp with its own LBA, and that stamp's (r, k) must
 * target b; if (r*, k*) exists, the stamp must be (r*, k >= k*) or from a
 * later run (written after, not yet durable).  Blocks without a durable write
 * may hold zeroes or any write aimed at them.  Exit 0 when nothing violates it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

#include "blockstamp.h"

#define MAX_RUNS	64
#define MAX_DEPTH	128
#define MAX_REPORTS	10

/* Write k of run r: its block.  n is a power of two, so an odd P is a bijection per sweep. */
static uint64_t
block_of(uint64_t run, uint64_t k, uint64_t n)
{
	return (k * 2654435761ULL + run * 97) & (n - 1);
}

/* ---- the log --------------------------------------------------------------- */

struct crashlog {
	bool		seen[MAX_RUNS];		/* "run R writing" present */
	uint64_t	mark[MAX_RUNS];		/* largest durable mark of the run */
	uint64_t	nblocks;
	uint32_t	spb;			/* LBAs per 4 KiB block */
};

static int
read_log(const char *path, struct crashlog *lg)
{
	FILE *f = fopen(path, "r");
	char line[256];
	unsigned int r;
	uint64_t v, n;
	uint32_t spb;

	memset(lg, 0, sizeof(*lg));
	if (f == NULL) {
		fprintf(stderr, "crashwriter: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "durable %u %" SCNu64, &r, &v) == 2 && r < MAX_RUNS) {
			if (v > lg->mark[r]) {
				lg->mark[r] = v;
			}
		} else if (sscanf(line, "run %u writing blocks %" SCNu64 " spb %" SCNu32, &r, &n,
				  &spb) == 3 && r < MAX_RUNS) {
			if ((lg->nblocks != 0 && (lg->nblocks != n || lg->spb != spb)) || n == 0 ||
			    (n & (n - 1)) != 0 || spb == 0) {
				fprintf(stderr, "crashwriter: %s: runs disagree on the geometry\n", path);
				fclose(f);
				return -1;
			}
			lg->seen[r] = true;
			lg->nblocks = n;
			lg->spb = spb;
		}
	}
	fclose(f);
	if (lg->nblocks == 0) {
		fprintf(stderr, "crashwriter: %s: no 'run R writing' line\n", path);
		return -1;
	}
	return 0;
}

/* ---- the rule ---------------------------------------------------------------- */

struct verdict {
	uint64_t	durable_writes, at_durable, newer, undurable_blocks, mismatches;
};

static void
mismatch(struct verdict *v, uint64_t b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
mismatch(struct verdict *v, uint64_t b, const char *fmt, ...)
{
	va_list ap;

	if (v->mismatches++ < MAX_REPORTS) {
		printf("MISMATCH block %" PRIu64 ": ", b);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
}

static int
evaluate(const uint8_t *img, const struct crashlog *lg, struct verdict *v)
{
	uint64_t n = lg->nblocks;
	int64_t *want_run = malloc(n * sizeof(*want_run));
	uint64_t *want_k = malloc(n * sizeof(*want_k));

	memset(v, 0, sizeof(*v));
	if (want_run == NULL || want_k == NULL) {
		free(want_run);
		free(want_k);
		return -1;
	}
	for (uint64_t b = 0; b < n; b++) {
		want_run[b] = -1;
	}
	/* Runs in order, writes in order: what is left is each block's newest durable write. */
	for (unsigned int r = 0; r < MAX_RUNS; r++) {
		for (uint64_t k = 0; k < lg->mark[r]; k++) {
			uint64_t b = block_of(r, k, n);

			want_run[b] = r;
			want_k[b] = k;
		}
		v->durable_writes += lg->mark[r];
	}
	for (uint64_t b = 0; b < n; b++) {
		struct bstamp s;
		enum bstamp_kind kind = bstamp_decode(img + b * BSTAMP_SIZE, &s);

		if (kind == BSTAMP_CORRUPT) {
			mismatch(v, b, "neither zeroes nor a valid stamp (torn or foreign data)");
			continue;
		}
		if (kind == BSTAMP_ZERO) {
			if (want_run[b] >= 0) {
				mismatch(v, b, "zeroes, but write %" PRIu64 " of run %" PRId64
					 " was durable", want_k[b], want_run[b]);
			} else {
				v->undurable_blocks++;
			}
			continue;
		}
		if (s.lba != b * lg->spb || s.tag >= MAX_RUNS || !lg->seen[s.tag] ||
		    block_of(s.tag, s.gen, n) != b) {
			mismatch(v, b, "holds write %" PRIu64 " of run %" PRIu64 " for LBA %" PRIu64
				 ", which does not belong here", s.gen, s.tag, s.lba);
			continue;
		}
		if (want_run[b] < 0) {
			v->undurable_blocks++;
		} else if ((int64_t)s.tag < want_run[b] ||
			   ((int64_t)s.tag == want_run[b] && s.gen < want_k[b])) {
			mismatch(v, b, "holds write %" PRIu64 " of run %" PRIu64 ", older than the "
				 "durable write %" PRIu64 " of run %" PRId64, s.gen, s.tag, want_k[b],
				 want_run[b]);
		} else if ((int64_t)s.tag == want_run[b] && s.gen == want_k[b]) {
			v->at_durable++;
		} else {
			v->newer++;
		}
	}
	free(want_run);
	free(want_k);
	return 0;
}

static void
print_verdict(const char *what, const struct crashlog *lg, const struct verdict *v)
{
	unsigned int runs = 0;

	for (unsigned int r = 0; r < MAX_RUNS; r++) {
		runs += lg->seen[r];
	}
	printf("%s: %u runs, %" PRIu64 " durable writes, %" PRIu64 " blocks: %" PRIu64
	       " at their newest durable write, %" PRIu64 " newer, %" PRIu64
	       " never durably written, %" PRIu64 " mismatches\n", what, runs, v->durable_writes,
	       lg->nblocks, v->at_durable, v->newer, v->undurable_blocks, v->mismatches);
}

/* ---- the device ---------------------------------------------------------------- */

static struct spdk_nvme_ctrlr *g_ctrlr;
static struct spdk_nvme_ns *g_ns;
static struct spdk_nvme_qpair *g_qp;

static int
attach(const char *traddr, const char *name)
{
	struct spdk_env_opts env;
	struct spdk_nvme_transport_id trid = { 0 };

	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = name;
	if (spdk_env_init(&env) != 0) {
		fprintf(stderr, "crashwriter: spdk_env_init failed\n");
		return -1;
	}
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", traddr);
	g_ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	if (g_ctrlr == NULL) {
		fprintf(stderr, "crashwriter: cannot attach %s\n", traddr);
		return -1;
	}
	g_ns = spdk_nvme_ctrlr_get_ns(g_ctrlr, 1);
	g_qp = spdk_nvme_ctrlr_alloc_io_qpair(g_ctrlr, NULL, 0);
	if (g_ns == NULL || !spdk_nvme_ns_is_active(g_ns) || g_qp == NULL ||
	    spdk_nvme_ns_get_sector_size(g_ns) > BSTAMP_SIZE) {
		fprintf(stderr, "crashwriter: namespace 1 or an I/O qpair unusable\n");
		return -1;
	}
	return 0;
}

static void
detach(void)
{
	if (g_qp != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(g_qp);
	}
	if (g_ctrlr != NULL) {
		spdk_nvme_detach(g_ctrlr);
	}
	spdk_env_fini();
}

/* ---- write mode -------------------------------------------------------------- */

struct wslot {
	uint8_t		*buf;
	uint64_t	k;
	bool		busy;
};

struct writer {
	uint64_t	run, n, next_k, acked, since_flush, flush_mark, flush_every;
	bool		*done;		/* ring of n: write k completed */
	bool		flush_busy;
	int		logfd;
	int		errors;
	uint32_t	spb;
};

static struct writer g_w;

static void
write_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct wslot *s = arg;

	s->busy = false;
	if (spdk_nvme_cpl_is_error(cpl)) {
		fprintf(stderr, "crashwriter: write %" PRIu64 " failed: %s\n", s->k,
			spdk_nvme_cpl_get_status_string(&cpl->status));
		g_w.errors++;
		return;
	}
	g_w.done[s->k % g_w.n] = true;
	while (g_w.acked < g_w.next_k && g_w.done[g_w.acked % g_w.n]) {
		g_w.done[g_w.acked % g_w.n] = false;
		g_w.acked++;
	}
	g_w.since_flush++;
}

static void
flush_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	char line[64];
	int len;

	(void)arg;
	g_w.flush_busy = false;
	if (spdk_nvme_cpl_is_error(cpl)) {
		fprintf(stderr, "crashwriter: FLUSH failed: %s\n",
			spdk_nvme_cpl_get_status_string(&cpl->status));
		g_w.errors++;
		return;
	}
	len = snprintf(line, sizeof(line), "durable %" PRIu64 " %" PRIu64 "\n", g_w.run,
		       g_w.flush_mark);
	if (write(g_w.logfd, line, (size_t)len) != len || fdatasync(g_w.logfd) != 0) {
		fprintf(stderr, "crashwriter: cannot append to the log: %s\n", strerror(errno));
		g_w.errors++;
	}
}

static int
submit_write(struct wslot *s)
{
	struct bstamp st = { .tag = g_w.run, .gen = g_w.next_k };
	uint64_t b = block_of(g_w.run, g_w.next_k, g_w.n);

	st.lba = b * g_w.spb;
	bstamp_fill(s->buf, &st);
	s->k = g_w.next_k;
	if (spdk_nvme_ns_cmd_write(g_ns, g_qp, s->buf, st.lba, g_w.spb, write_done, s, 0) != 0) {
		fprintf(stderr, "crashwriter: write submission failed\n");
		return -1;
	}
	s->busy = true;
	g_w.next_k++;
	return 0;
}

static int
do_write(const char *traddr, const char *log, uint64_t run, uint32_t depth, uint64_t n,
	 uint64_t flush_every, uint64_t secs)
{
	struct wslot slots[MAX_DEPTH] = { 0 };
	char line[128];
	uint64_t end;
	int len;

	g_w.logfd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (g_w.logfd < 0 || attach(traddr, "crashwriter") != 0) {
		fprintf(stderr, "crashwriter: cannot start (log %s)\n", log);
		return 1;
	}
	g_w.run = run;
	g_w.n = n;
	g_w.flush_every = flush_every;
	g_w.spb = BSTAMP_SIZE / spdk_nvme_ns_get_sector_size(g_ns);
	g_w.done = calloc(n, sizeof(bool));
	if (n * g_w.spb > spdk_nvme_ns_get_num_sectors(g_ns) || g_w.done == NULL) {
		fprintf(stderr, "crashwriter: %" PRIu64 " blocks do not fit namespace 1\n", n);
		return 1;
	}
	for (uint32_t i = 0; i < depth; i++) {
		slots[i].buf = spdk_zmalloc(BSTAMP_SIZE, BSTAMP_SIZE, NULL, SPDK_ENV_SOCKET_ID_ANY,
					    SPDK_MALLOC_DMA);
		if (slots[i].buf == NULL) {
			fprintf(stderr, "crashwriter: out of DMA memory\n");
			return 1;
		}
	}
	len = snprintf(line, sizeof(line), "run %" PRIu64 " writing blocks %" PRIu64 " spb %u pid %d\n",
		       run, n, g_w.spb, (int)getpid());
	if (write(g_w.logfd, line, (size_t)len) != len || fdatasync(g_w.logfd) != 0) {
		fprintf(stderr, "crashwriter: cannot write the log\n");
		return 1;
	}
	end = secs ? spdk_get_ticks() + secs * spdk_get_ticks_hz() : UINT64_MAX;
	while (g_w.errors == 0 && spdk_get_ticks() < end) {
		for (uint32_t i = 0; i < depth; i++) {
			/* The in-flight window stays under n: no two writes to one block at once. */
			if (!slots[i].busy && g_w.next_k - g_w.acked < n - 1 &&
			    submit_write(&slots[i]) != 0) {
				g_w.errors++;
			}
		}
		if (!g_w.flush_busy && g_w.since_flush >= g_w.flush_every) {
			g_w.flush_mark = g_w.acked;
			g_w.since_flush = 0;
			if (spdk_nvme_ns_cmd_flush(g_ns, g_qp, flush_done, NULL) != 0) {
				fprintf(stderr, "crashwriter: FLUSH submission failed\n");
				g_w.errors++;
			}
			g_w.flush_busy = true;
		}
		if (spdk_nvme_qpair_process_completions(g_qp, 0) < 0) {
			fprintf(stderr, "crashwriter: the qpair failed\n");
			g_w.errors++;
		}
	}
	printf("crashwriter: run %" PRIu64 ": %" PRIu64 " writes submitted, %" PRIu64
	       " acknowledged in order, %d errors\n", run, g_w.next_k, g_w.acked, g_w.errors);
	/* Only with -t: let everything finish, then leave cleanly. */
	for (bool busy = true; busy;) {
		busy = g_w.flush_busy;
		for (uint32_t i = 0; i < depth; i++) {
			busy |= slots[i].busy;
		}
		if (spdk_nvme_qpair_process_completions(g_qp, 0) < 0) {
			break;
		}
	}
	for (uint32_t i = 0; i < depth; i++) {
		spdk_free(slots[i].buf);
	}
	detach();
	return g_w.errors ? 1 : 0;
}

/* ---- verify mode ---------------------------------------------------------------- */

struct rd {
	int	calls;
	bool	err;
};

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct rd *r = arg;

	r->calls++;
	r->err |= spdk_nvme_cpl_is_error(cpl);
}

static int
do_verify(const char *traddr, const char *log)
{
	enum { CHUNK = 32, WINDOW = 16 };
	struct crashlog lg;
	struct verdict v;
	struct rd rds[WINDOW];
	uint8_t *img;
	uint64_t n, chunks, next = 0, done = 0;
	bool io_err = false;

	if (read_log(log, &lg) != 0 || attach(traddr, "crashverify") != 0) {
		return 1;
	}
	printf("verify: attached\n");
	n = lg.nblocks;
	if (BSTAMP_SIZE / spdk_nvme_ns_get_sector_size(g_ns) != lg.spb) {
		fprintf(stderr, "verify: the sector size changed since the writer ran\n");
		return 1;
	}
	img = spdk_zmalloc(n * BSTAMP_SIZE, BSTAMP_SIZE, NULL, SPDK_ENV_SOCKET_ID_ANY,
			   SPDK_MALLOC_DMA);
	if (img == NULL) {
		fprintf(stderr, "verify: out of DMA memory for %" PRIu64 " blocks\n", n);
		return 1;
	}
	chunks = (n + CHUNK - 1) / CHUNK;
	memset(rds, 0, sizeof(rds));
	/* Slot i serves chunks i, i + WINDOW, ...: it is free once its previous read is done. */
	while (done < chunks && !io_err) {
		while (next < chunks && next - done < WINDOW) {
			uint64_t first = next * CHUNK, cnt = n - first < CHUNK ? n - first : CHUNK;
			struct rd *r = &rds[next % WINDOW];

			r->calls = 0;
			if (spdk_nvme_ns_cmd_read(g_ns, g_qp, img + first * BSTAMP_SIZE, first * lg.spb,
						  (uint32_t)(cnt * lg.spb), read_done, r, 0) != 0) {
				io_err = true;
				break;
			}
			next++;
		}
		if (spdk_nvme_qpair_process_completions(g_qp, 0) < 0) {
			io_err = true;
		}
		while (done < next && rds[done % WINDOW].calls == 1) {
			io_err |= rds[done % WINDOW].err;
			done++;
		}
	}
	if (io_err) {
		fprintf(stderr, "verify: a read failed\n");
		return 1;
	}
	if (evaluate(img, &lg, &v) != 0) {
		return 1;
	}
	print_verdict("verify", &lg, &v);
	spdk_free(img);
	detach();
	return v.mismatches ? 1 : 0;
}

/* ---- check-file mode (host) ------------------------------------------------------ */

static int
do_check_file(const char *image, const char *log)
{
	struct crashlog lg;
	struct verdict v;
	uint8_t *img, blk[BSTAMP_SIZE];
	uint64_t stray = 0, b = 0;
	FILE *f;

	if (read_log(log, &lg) != 0) {
		return 2;
	}
	f = fopen(image, "rb");
	img = malloc(lg.nblocks * BSTAMP_SIZE);
	if (f == NULL || img == NULL || fread(img, BSTAMP_SIZE, lg.nblocks, f) != lg.nblocks) {
		fprintf(stderr, "check-file: cannot read %" PRIu64 " blocks of %s\n", lg.nblocks,
			image);
		return 2;
	}
	for (b = lg.nblocks; fread(blk, 1, sizeof(blk), f) == sizeof(blk); b++) {
		struct bstamp s;

		if (bstamp_decode(blk, &s) != BSTAMP_ZERO && stray++ < MAX_REPORTS) {
			printf("MISMATCH block %" PRIu64 ": written, but outside the test's range\n", b);
		}
	}
	fclose(f);
	if (evaluate(img, &lg, &v) != 0) {
		return 2;
	}
	v.mismatches += stray;
	print_verdict("check-file", &lg, &v);
	printf("check-file: %" PRIu64 " blocks after the range, %" PRIu64 " not zero\n",
	       b - lg.nblocks, stray);
	free(img);
	return v.mismatches ? 1 : 0;
}

static void
usage(const char *p)
{
	fprintf(stderr, "usage: %s write TRADDR LOG RUN [-q depth] [-n blocks] [-f flush_every] "
		"[-t secs]\n       %s verify TRADDR LOG\n       %s check-file IMAGE LOG\n", p, p, p);
}

int
main(int argc, char **argv)
{
	uint64_t run, n = 2048, flush_every = 64, secs = 0;
	uint32_t depth = 32;
	int opt;

	if (argc == 4 && strcmp(argv[1], "verify") == 0) {
		return do_verify(argv[2], argv[3]);
	}
	if (argc == 4 && strcmp(argv[1], "check-file") == 0) {
		return do_check_file(argv[2], argv[3]);
	}
	if (argc < 5 || strcmp(argv[1], "write") != 0) {
		usage(argv[0]);
		return 2;
	}
	run = strtoull(argv[4], NULL, 0);
	optind = 5;
	while ((opt = getopt(argc, argv, "q:n:f:t:")) != -1) {
		switch (opt) {
		case 'q': depth = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'n': n = strtoull(optarg, NULL, 0); break;
		case 'f': flush_every = strtoull(optarg, NULL, 0); break;
		case 't': secs = strtoull(optarg, NULL, 0); break;
		default: usage(argv[0]); return 2;
		}
	}
	if (run >= MAX_RUNS || depth == 0 || depth > MAX_DEPTH || n < 2 * MAX_DEPTH ||
	    (n & (n - 1)) != 0 || flush_every == 0) {
		fprintf(stderr, "crashwriter: RUN < %d, 1 <= depth <= %d, blocks a power of two "
			">= %d, flush_every >= 1\n", MAX_RUNS, MAX_DEPTH, 2 * MAX_DEPTH);
		return 2;
	}
	return do_write(argv[2], argv[3], run, depth, n, flush_every, secs);
}
