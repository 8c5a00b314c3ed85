/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Soak under resets and namespace detach/attach (test/vm/test_soak.sh, issue
 * 10 item 6).
 *
 *   nvme_soak run TRADDR OUTDIR [-t secs] [-q depth] [-n blocks] [-r reset_ms]
 *                 [-d attached_ms] [-D detached_ms] [-s seed]
 *       Random 4 KiB reads and writes (half each) of self-describing blocks
 *       (blockstamp.h: tag = NSID, generation = write number) over blocks
 *       0..n-1 of namespaces 1 and 2, `depth` in flight on each (one qpair per
 *       namespace, refilled from the completion callbacks, so some I/O is
 *       submitted while a reset runs).  Every reset_ms: spdk_nvme_ctrlr_reset.
 *       Namespace 2 is detached (NAMESPACE ATTACHMENT, I/O outstanding) for
 *       detached_ms out of every attached_ms + detached_ms.
 *       A shadow keeps what each block must hold.  A write that fails leaves
 *       its block "unknown": it must then hold the old or the new data, and
 *       the next read settles it.  Failures are accounted: ABORTED - SQ
 *       DELETION only if a reset ran since the I/O was submitted; any error
 *       on namespace 2 only if a detach ran since.  At the end: drain, read
 *       every block of both namespaces, free, detach; the DPDK heap (all
 *       spdk_*malloc memory) must be back where it was.  Writes OUTDIR/nsN.shadow
 *       for check-file.  Prints "soak: ..." lines; exit 0 only if clean.
 *
 *   nvme_soak check-file IMAGE SHADOW NSID
 *       On the host: IMAGE holds exactly what the shadow says, zeroes beyond.
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_malloc.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

#include "blockstamp.h"

#define MAX_DEPTH	128
#define NCAND		4
#define MAX_REPORTS	10
#define SHADOW_MAGIC	0x5744414853414f53ULL	/* "SOASHADW" */

struct block {
	uint64_t	gen;		/* what it holds (0: zeroes) when known */
	uint64_t	cand[NCAND];	/* unknown: one of these */
	uint8_t		ncand;		/* 0: known; NCAND + 1: any stamp of this block */
	bool		busy;
};

struct slot {
	struct nsctx	*ns;
	uint8_t		*buf;
	uint64_t	b, gen, reset_epoch, detach_epoch;
	bool		busy, is_write;
};

struct nsctx {
	uint32_t		nsid;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qp;
	struct block		*blk;
	struct slot		slots[MAX_DEPTH];
	uint64_t		next_gen;
	bool			attached;
	/* counters */
	uint64_t		submitted, completed, reads, writes, double_cpl;
	uint64_t		by_reset, by_detach, unexpected, refused, mismatches;
};

static struct {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct nsctx		ns[2];
	uint64_t		n, rng, reset_epoch, detach_epoch, outstanding_at_detach;
	uint32_t		depth, spb;
	bool			running;
} g;

static uint64_t
rnd(uint64_t bound)
{
	return bstamp_mix(g.rng += 0x9e3779b97f4a7c15ULL) % bound;
}

static void
report(struct nsctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
report(struct nsctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->mismatches + c->unexpected + c->double_cpl > MAX_REPORTS) {
		return;
	}
	printf("ns%u: ", c->nsid);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Check the data read from block b against the shadow; settle an unknown block. */
static void
check_block(struct nsctx *c, uint64_t b, const uint8_t *data)
{
	struct block *k = &c->blk[b];
	struct bstamp s = { 0 };
	enum bstamp_kind kind = bstamp_decode(data, &s);
	uint64_t got;
	bool ok = false;

	if (kind == BSTAMP_CORRUPT || (kind == BSTAMP_VALID &&
				       (s.lba != b * g.spb || s.tag != c->nsid || s.gen == 0))) {
		c->mismatches++;
		report(c, "MISMATCH block %" PRIu64 ": not a stamp of this block", b);
		return;
	}
	got = kind == BSTAMP_ZERO ? 0 : s.gen;
	if (k->ncand == 0) {
		ok = got == k->gen;
	} else if (k->ncand > NCAND) {
		ok = true;
	} else {
		for (uint8_t i = 0; i < k->ncand; i++) {
			ok |= got == k->cand[i];
		}
	}
	if (!ok) {
		c->mismatches++;
		report(c, "MISMATCH block %" PRIu64 ": holds generation %" PRIu64 ", expected %" PRIu64
		       "%s", b, got, k->ncand ? k->cand[0] : k->gen, k->ncand ? " or others" : "");
		return;
	}
	k->gen = got;
	k->ncand = 0;
}

/* A write to b failed: it may or may not have landed. */
static void
make_unknown(struct block *k, uint64_t gen)
{
	if (k->ncand == 0) {
		k->cand[0] = k->gen;
		k->ncand = 1;
	}
	if (k->ncand < NCAND) {
		k->cand[k->ncand++] = gen;
	} else {
		k->ncand = NCAND + 1;
	}
}

static void submit_next(struct slot *s);

static void
io_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct slot *s = arg;
	struct nsctx *c = s->ns;

	if (!s->busy) {
		c->double_cpl++;
		report(c, "a completion for an I/O that had already completed (cid %u)", cpl->cid);
		return;
	}
	s->busy = false;
	c->blk[s->b].busy = false;
	c->completed++;
	if (!spdk_nvme_cpl_is_error(cpl)) {
		if (s->is_write) {
			c->blk[s->b].gen = s->gen;
			c->blk[s->b].ncand = 0;
		} else {
			check_block(c, s->b, s->buf);
		}
	} else {
		if (s->is_write) {
			make_unknown(&c->blk[s->b], s->gen);
		}
		if (cpl->status.sct == SPDK_NVME_SCT_GENERIC &&
		    cpl->status.sc == SPDK_NVME_SC_ABORTED_SQ_DELETION &&
		    s->reset_epoch != g.reset_epoch) {
			c->by_reset++;
		} else if (c->nsid == 2 && s->detach_epoch != g.detach_epoch) {
			c->by_detach++;
		} else {
			c->unexpected++;
			report(c, "unexpected %s of block %" PRIu64 ": %s", s->is_write ? "write" : "read",
			       s->b, spdk_nvme_cpl_get_status_string(&cpl->status));
		}
	}
	if (g.running && c->attached) {
		submit_next(s);
	}
}

static void
submit_next(struct slot *s)
{
	struct nsctx *c = s->ns;
	uint64_t b = rnd(g.n);
	int rc;

	for (int tries = 0; c->blk[b].busy && tries < 8; tries++) {
		b = rnd(g.n);
	}
	if (c->blk[b].busy) {
		return;
	}
	s->b = b;
	s->is_write = rnd(2) == 0;
	s->reset_epoch = g.reset_epoch;
	s->detach_epoch = g.detach_epoch;
	if (s->is_write) {
		struct bstamp st = { .lba = b * g.spb, .tag = c->nsid, .gen = ++c->next_gen };

		s->gen = st.gen;
		bstamp_fill(s->buf, &st);
		rc = spdk_nvme_ns_cmd_write(c->ns, c->qp, s->buf, b * g.spb, g.spb, io_done, s, 0);
	} else {
		rc = spdk_nvme_ns_cmd_read(c->ns, c->qp, s->buf, b * g.spb, g.spb, io_done, s, 0);
	}
	if (rc != 0) {
		/* Nothing was sent: the block is as it was; the main loop tries again. */
		c->refused++;
		return;
	}
	s->busy = true;
	c->blk[b].busy = true;
	c->submitted++;
	c->writes += s->is_write;
	c->reads += !s->is_write;
}

static int
poll_all(void)
{
	int rc = 0;

	for (int i = 0; i < 2; i++) {
		if (spdk_nvme_qpair_process_completions(g.ns[i].qp, 0) < 0) {
			rc = -1;
		}
	}
	return rc;
}

static uint64_t
heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	uint64_t sum = 0;

	for (unsigned int i = 0; i < rte_socket_count(); i++) {
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &st) == 0) {
			sum += st.heap_allocsz_bytes;
		}
	}
	return sum;
}

static uint64_t
ms_to_ticks(uint64_t ms)
{
	return ms * spdk_get_ticks_hz() / 1000;
}

static int
ns2_attachment(bool attach)
{
	struct spdk_nvme_ctrlr_list list;
	int rc;

	memset(&list, 0, sizeof(list));
	list.ctrlr_count = 1;
	list.ctrlr_list[0] = spdk_nvme_ctrlr_get_data(g.ctrlr)->cntlid;
	if (!attach) {
		g.detach_epoch++;
		g.ns[1].attached = false;
		/* I/O in flight on the namespace the detach takes away: whether
		 * each completes or fails depends on timing, that some exist
		 * does not. */
		for (uint32_t i = 0; i < g.depth; i++) {
			g.outstanding_at_detach += g.ns[1].slots[i].busy;
		}
		rc = spdk_nvme_ctrlr_detach_ns(g.ctrlr, 2, &list);
		return rc == 0 && !spdk_nvme_ctrlr_is_active_ns(g.ctrlr, 2) ? 0 : -1;
	}
	rc = spdk_nvme_ctrlr_attach_ns(g.ctrlr, 2, &list);
	g.ns[1].ns = spdk_nvme_ctrlr_get_ns(g.ctrlr, 2);
	if (rc != 0 || !spdk_nvme_ctrlr_is_active_ns(g.ctrlr, 2) ||
	    spdk_nvme_ns_get_num_sectors(g.ns[1].ns) < g.n * g.spb) {
		return -1;
	}
	g.ns[1].attached = true;
	return 0;
}

/*
 * Read every block of c and check it: settles every unknown block.  Polls
 * only c's qpair: the other namespace's may already be freed.
 */
static void
final_verify(struct nsctx *c)
{
	uint64_t b = 0;
	struct slot *s;

	g.running = false;
	while (b < g.n) {
		for (uint32_t i = 0; i < g.depth && b < g.n; i++) {
			s = &c->slots[i];
			if (s->busy) {
				continue;
			}
			s->b = b++;
			s->is_write = false;
			s->reset_epoch = g.reset_epoch;
			s->detach_epoch = g.detach_epoch;
			if (spdk_nvme_ns_cmd_read(c->ns, c->qp, s->buf, s->b * g.spb, g.spb, io_done, s,
						  0) != 0) {
				c->unexpected++;
				return;
			}
			s->busy = true;
			c->submitted++;
			c->reads++;
		}
		if (spdk_nvme_qpair_process_completions(c->qp, 0) < 0) {
			c->unexpected++;
			return;
		}
	}
	for (bool busy = true; busy;) {
		busy = false;
		for (uint32_t i = 0; i < g.depth; i++) {
			busy |= c->slots[i].busy;
		}
		if (spdk_nvme_qpair_process_completions(c->qp, 0) < 0) {
			c->unexpected++;
			return;
		}
	}
}

static int
write_shadow(const char *dir, struct nsctx *c)
{
	char path[512];
	uint64_t hdr[3] = { SHADOW_MAGIC, g.n, g.spb };
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/ns%u.shadow", dir, c->nsid);
	f = fopen(path, "wb");
	if (f == NULL) {
		return -1;
	}
	rc |= fwrite(hdr, sizeof(hdr), 1, f) != 1;
	for (uint64_t b = 0; b < g.n; b++) {
		/* An unknown block left here is reported as a failure by the host. */
		uint64_t v = c->blk[b].ncand ? UINT64_MAX : c->blk[b].gen;

		rc |= fwrite(&v, sizeof(v), 1, f) != 1;
	}
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

struct opts {
	uint64_t	secs, reset_ms, attached_ms, detached_ms, n, seed;
	uint32_t	depth;
};

static int
soak(const char *traddr, const char *outdir, const struct opts *o)
{
	struct spdk_env_opts env;
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_nvme_io_qpair_opts qo;
	uint64_t heap0, heap1, heap2, heap3, now, end, next_reset, next_toggle;
	uint64_t resets = 0, reset_fail = 0, reset_max = 0, cycles = 0, ns_fail = 0;
	size_t mall0, mall1, mall2;
	int free_rc = 0, detach_rc, failed = 0;

	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "nvme_soak";
	if (spdk_env_init(&env) != 0) {
		fprintf(stderr, "soak: spdk_env_init failed\n");
		return 1;
	}
	heap0 = heap_bytes();
	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid.traddr, sizeof(trid.traddr), "%s", traddr);
	g.ctrlr = spdk_nvme_connect(&trid, NULL, 0);
	if (g.ctrlr == NULL) {
		fprintf(stderr, "soak: cannot attach %s\n", traddr);
		return 1;
	}
	g.n = o->n;
	g.depth = o->depth;
	g.rng = o->seed;
	spdk_nvme_ctrlr_get_default_io_qpair_opts(g.ctrlr, &qo, sizeof(qo));
	if (qo.io_queue_size < g.depth + 1) {
		qo.io_queue_size = g.depth + 1;
	}
	for (uint32_t i = 0; i < 2; i++) {
		struct nsctx *c = &g.ns[i];

		c->nsid = i + 1;
		c->ns = spdk_nvme_ctrlr_get_ns(g.ctrlr, c->nsid);
		c->qp = spdk_nvme_ctrlr_alloc_io_qpair(g.ctrlr, &qo, sizeof(qo));
		c->blk = calloc(g.n, sizeof(*c->blk));
		if (c->ns == NULL || !spdk_nvme_ns_is_active(c->ns) || c->qp == NULL || c->blk == NULL ||
		    spdk_nvme_ns_get_sector_size(c->ns) > BSTAMP_SIZE) {
			fprintf(stderr, "soak: namespace %u (active, sector <= 4 KiB) and a qpair "
				"needed\n", c->nsid);
			return 1;
		}
		g.spb = BSTAMP_SIZE / spdk_nvme_ns_get_sector_size(c->ns);
		if (spdk_nvme_ns_get_num_sectors(c->ns) < g.n * g.spb) {
			fprintf(stderr, "soak: namespace %u is smaller than %" PRIu64 " blocks\n",
				c->nsid, g.n);
			return 1;
		}
		for (uint32_t j = 0; j < g.depth; j++) {
			c->slots[j].ns = c;
			c->slots[j].buf = spdk_zmalloc(BSTAMP_SIZE, BSTAMP_SIZE, NULL,
						       SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
			if (c->slots[j].buf == NULL) {
				fprintf(stderr, "soak: out of DMA memory\n");
				return 1;
			}
		}
		c->attached = true;
	}
	if (spdk_nvme_ns_get_sector_size(g.ns[0].ns) != spdk_nvme_ns_get_sector_size(g.ns[1].ns)) {
		fprintf(stderr, "soak: both namespaces must have one sector size\n");
		return 1;
	}
	heap1 = heap_bytes();
	mall0 = mallinfo2().uordblks;
	g.running = true;
	now = spdk_get_ticks();
	end = now + o->secs * spdk_get_ticks_hz();
	next_reset = now + ms_to_ticks(o->reset_ms);
	next_toggle = now + ms_to_ticks(o->attached_ms);
	while ((now = spdk_get_ticks()) < end) {
		for (uint32_t i = 0; i < 2; i++) {
			for (uint32_t j = 0; g.ns[i].attached && j < g.depth; j++) {
				if (!g.ns[i].slots[j].busy) {
					submit_next(&g.ns[i].slots[j]);
				}
			}
		}
		if (poll_all() != 0) {
			fprintf(stderr, "soak: a qpair failed\n");
			failed = 1;
			break;
		}
		spdk_nvme_ctrlr_process_admin_completions(g.ctrlr);
		if (now >= next_reset) {
			uint64_t t0 = spdk_get_ticks(), dt;

			g.reset_epoch++;
			if (spdk_nvme_ctrlr_reset(g.ctrlr) != 0) {
				reset_fail++;
			}
			dt = (spdk_get_ticks() - t0) * 1000 / spdk_get_ticks_hz();
			reset_max = dt > reset_max ? dt : reset_max;
			resets++;
			next_reset = spdk_get_ticks() + ms_to_ticks(o->reset_ms);
		}
		if (now >= next_toggle) {
			bool attach = !g.ns[1].attached;

			if (ns2_attachment(attach) != 0) {
				ns_fail++;
				fprintf(stderr, "soak: %s of namespace 2 failed\n",
					attach ? "attach" : "detach");
			}
			cycles += attach;
			next_toggle = spdk_get_ticks() + ms_to_ticks(attach ? o->attached_ms :
					o->detached_ms);
		}
	}
	g.running = false;
	if (!g.ns[1].attached && ns2_attachment(true) != 0) {
		ns_fail++;
	} else if (!g.ns[1].attached) {
		cycles++;
	}
	/* Drain: every I/O completes (once) before the last check. */
	end = spdk_get_ticks() + 30 * spdk_get_ticks_hz();
	for (bool busy = true; busy && spdk_get_ticks() < end;) {
		busy = false;
		for (uint32_t i = 0; i < 2; i++) {
			for (uint32_t j = 0; j < g.depth; j++) {
				busy |= g.ns[i].slots[j].busy;
			}
		}
		if (poll_all() != 0) {
			break;
		}
	}
	heap2 = heap_bytes();
	mall1 = mallinfo2().uordblks;
	for (uint32_t i = 0; i < 2; i++) {
		struct nsctx *c = &g.ns[i];
		uint64_t unknown = 0;

		for (uint64_t b = 0; b < g.n; b++) {
			unknown += c->blk[b].ncand != 0;
		}
		final_verify(c);
		printf("soak: ns%u: %" PRIu64 " I/Os (%" PRIu64 " reads, %" PRIu64 " writes), %" PRIu64
		       " submitted, %" PRIu64 " completed, %" PRIu64 " double completions, %" PRIu64
		       " aborted by a reset, %" PRIu64 " failed by a detach, %" PRIu64
		       " refused at submission, %" PRIu64 " unexpected errors, %" PRIu64
		       " blocks unknown before the final read, %" PRIu64 " mismatches\n", c->nsid,
		       c->completed, c->reads, c->writes, c->submitted, c->completed, c->double_cpl,
		       c->by_reset, c->by_detach, c->refused, c->unexpected, unknown, c->mismatches);
		failed |= c->submitted != c->completed || c->double_cpl || c->unexpected ||
			  c->mismatches;
		if (write_shadow(outdir, c) != 0) {
			fprintf(stderr, "soak: cannot write the shadow of ns%u to %s\n", c->nsid, outdir);
			failed = 1;
		}
		for (uint32_t j = 0; j < g.depth; j++) {
			spdk_free(c->slots[j].buf);
		}
		free_rc |= spdk_nvme_ctrlr_free_io_qpair(c->qp);
		free(c->blk);
	}
	heap3 = heap_bytes();
	detach_rc = spdk_nvme_detach(g.ctrlr);
	mall2 = mallinfo2().uordblks;
	printf("soak: %" PRIu64 " s, %" PRIu64 " resets (%" PRIu64 " failed, longest %" PRIu64
	       " ms), %" PRIu64 " namespace 2 detach/attach cycles (%" PRIu64 " failed, %" PRIu64
	       " I/Os outstanding at the detaches)\n", o->secs,
	       resets, reset_fail, reset_max, cycles, ns_fail, g.outstanding_at_detach);
	printf("soak: DMA heap %" PRIu64 " bytes before attach, %" PRIu64 " after setup, %" PRIu64
	       " after the soak, %" PRIu64 " after freeing qpairs and buffers, %" PRIu64
	       " after detach\n", heap0, heap1, heap2, heap3, heap_bytes());
	printf("soak: malloc heap grew by %zd bytes during the soak, %zd after detach\n",
	       (ssize_t)(mall1 - mall0), (ssize_t)(mall2 - mall0));
	printf("soak: free_io_qpair %d, detach %d\n", free_rc, detach_rc);
	failed |= reset_fail || ns_fail || free_rc || detach_rc || heap2 != heap1 ||
		  heap_bytes() != heap0 || resets == 0 || cycles == 0;
	spdk_env_fini();
	printf("soak: %s\n", failed ? "FAIL" : "PASS");
	return failed ? 1 : 0;
}

static int
check_file(const char *image, const char *shadow, uint32_t nsid)
{
	uint64_t hdr[3], v, b = 0, bad = 0, stray = 0;
	uint8_t blk[BSTAMP_SIZE];
	FILE *fi = fopen(image, "rb"), *fs = fopen(shadow, "rb");

	if (fi == NULL || fs == NULL || fread(hdr, sizeof(hdr), 1, fs) != 1 ||
	    hdr[0] != SHADOW_MAGIC) {
		fprintf(stderr, "check-file: cannot read %s or %s\n", image, shadow);
		return 2;
	}
	for (; b < hdr[1] && fread(&v, sizeof(v), 1, fs) == 1; b++) {
		struct bstamp s;
		enum bstamp_kind k;

		if (fread(blk, 1, sizeof(blk), fi) != sizeof(blk)) {
			break;
		}
		k = bstamp_decode(blk, &s);
		if (v == 0 ? k != BSTAMP_ZERO : k != BSTAMP_VALID || s.lba != b * hdr[2] ||
		    s.tag != nsid || s.gen != v) {
			if (bad++ < MAX_REPORTS) {
				printf("MISMATCH block %" PRIu64 ": the shadow says generation %" PRIu64
				       "\n", b, v);
			}
		}
	}
	if (b != hdr[1]) {
		fprintf(stderr, "check-file: %s or %s is short\n", image, shadow);
		return 2;
	}
	while (fread(blk, 1, sizeof(blk), fi) == sizeof(blk)) {
		struct bstamp s;

		stray += bstamp_decode(blk, &s) != BSTAMP_ZERO;
	}
	printf("check-file: ns%u: %" PRIu64 " blocks as the shadow says, %" PRIu64 " not, %" PRIu64
	       " written outside the range\n", nsid, b - bad, bad, stray);
	fclose(fi);
	fclose(fs);
	return bad || stray ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { .secs = 60, .reset_ms = 3000, .attached_ms = 4000, .detached_ms = 1000,
		  .n = 4096, .seed = 1, .depth = 32 };
	int opt;

	if (argc == 5 && strcmp(argv[1], "check-file") == 0) {
		return check_file(argv[2], argv[3], (uint32_t)strtoul(argv[4], NULL, 0));
	}
	if (argc < 4 || strcmp(argv[1], "run") != 0) {
		fprintf(stderr, "usage: %s run TRADDR OUTDIR [-t secs] [-q depth] [-n blocks] "
			"[-r reset_ms] [-d attached_ms] [-D detached_ms] [-s seed]\n"
			"       %s check-file IMAGE SHADOW NSID\n", argv[0], argv[0]);
		return 2;
	}
	optind = 4;
	while ((opt = getopt(argc, argv, "t:q:n:r:d:D:s:")) != -1) {
		uint64_t v = strtoull(optarg, NULL, 0);

		switch (opt) {
		case 't': o.secs = v; break;
		case 'q': o.depth = (uint32_t)v; break;
		case 'n': o.n = v; break;
		case 'r': o.reset_ms = v; break;
		case 'd': o.attached_ms = v; break;
		case 'D': o.detached_ms = v; break;
		case 's': o.seed = v; break;
		default: return 2;
		}
	}
	if (o.depth == 0 || o.depth > MAX_DEPTH || o.n < 4 * o.depth || o.secs == 0 ||
	    o.reset_ms == 0 || o.attached_ms == 0 || o.detached_ms == 0) {
		fprintf(stderr, "soak: 1 <= depth <= %d, blocks >= 4 x depth, times > 0\n",
			MAX_DEPTH);
		return 2;
	}
	return soak(argv[2], argv[3], &o);
}
