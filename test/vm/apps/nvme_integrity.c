/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Data-integrity check of the I/O path, through the public API only.
 *
 *   nvme_integrity write-verify [-r trid] [-n nsid] [-s seed] [-q depth]
 *                               [-Q io_queue_size] [-c random_cases] [--no-sgl]
 *                               [-H] [-I]
 *       Attach, write a deterministic list of (LBA, size) cases with up to
 *       `depth` I/Os in flight, read every case back into other buffers and
 *       compare; also check that bad arguments fail with -EINVAL.  Prints
 *       "integrity: N writes, M bytes, K mismatches" and exits non-zero on
 *       any mismatch or error.  The line "integrity-params: ..." gives the
 *       values check-file needs.  --no-sgl: PRPs even where the controller
 *       supports SGLs (spdk_nvme_ctrlr_opts.disable_pcie_sgl), so both ways
 *       of describing a payload are checked.  -r takes any transport ID
 *       ('trtype:TCP adrfam:IPv4 traddr:... trsvcid:4420 subnqn:...' too);
 *       -H / -I ask an NVMe/TCP target for header / data digests, as
 *       spdk_nvme_perf's options of those letters.  The "not DMA memory"
 *       refusals are PCIe checks: skipped, with a line saying so, elsewhere.
 *
 *   nvme_integrity check-file FILE --seed S --ns-bytes B --sector 512|4096
 *                             --max-xfer BYTES [-c random_cases] [--no-zero-check]
 *       On the host, no DPDK: verify that FILE (the raw image behind the
 *       namespace) holds the pattern at every block the cases wrote and, unless
 *       --no-zero-check, zeroes everywhere else (the test starts from a
 *       sparse, zero-filled file, so a write that landed on a wrong LBA shows).
 *
 * The data of a block is a pure function of (seed, LBA, byte offset in the
 * block): pattern_word() in nvme_integrity_pattern.c, with the case list and
 * check-file.  The cases never overlap, so every written block holds the
 * pattern of its own LBA whatever order the writes completed in.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "nvme_integrity.h"

#define DEFAULT_SEED		0x5eedULL
#define DEFAULT_DEPTH		16
#define DEFAULT_RANDOM_CASES	48
#define GUARD_BYTES		4096u	/* poisoned bytes checked after each read payload */
#define POISON			0xa5u
#define IO_TIMEOUT_S		60

/* ---- write-verify: the device side ---------------------------------------- */

struct slot;

struct ctx {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;
	struct case_params	params;
	struct io_case		cases[MAX_CASES];
	size_t			ncases;
	struct slot		*slots;
	unsigned int		depth;
	size_t			buf_size;
	/* results */
	uint64_t		writes, bytes_written, reads, mismatches, io_errors;
	uint64_t		completions;
	unsigned int		in_flight, max_in_flight;
	unsigned int		enomem_retries;
	int			failures;	/* negative checks and setup problems */
	int			checks;
};

struct slot {
	struct ctx	*ctx;
	uint8_t		*wbuf;		/* write buffer (DMA) */
	uint8_t		*rbuf;		/* read buffer (DMA), distinct from wbuf */
	size_t		case_idx;
	bool		busy;
};

static struct spdk_nvme_transport_id g_trid;
static struct spdk_nvme_ctrlr *g_ctrlr;
static uint32_t g_nsid = 1;
static bool g_no_sgl;
static bool g_header_digest;
static bool g_data_digest;

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	static unsigned int probed;

	(void)cb_ctx;
	(void)trid;
	opts->disable_pcie_sgl = g_no_sgl;
	opts->header_digest = g_header_digest;
	opts->data_digest = g_data_digest;
	/* One controller is enough: the first one found. */
	return probed++ == 0;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	(void)opts;
	if (g_ctrlr == NULL) {
		g_ctrlr = ctrlr;
		if (trid->trtype == SPDK_NVME_TRANSPORT_PCIE) {
			printf("integrity: attached to %s\n", trid->traddr);
		} else {
			printf("integrity: attached to %s %s:%s subnqn %s, digests asked: header %d "
			       "data %d\n", spdk_nvme_transport_id_trtype_str(trid->trtype),
			       trid->traddr, trid->trsvcid, trid->subnqn, opts->header_digest,
			       opts->data_digest);
		}
	} else {
		spdk_nvme_detach(ctrlr);
	}
}

static void
check(struct ctx *c, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
check(struct ctx *c, bool ok, const char *fmt, ...)
{
	va_list ap;

	c->checks++;
	if (ok) {
		return;
	}
	c->failures++;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void
io_complete(void *arg, const struct spdk_nvme_cpl *cpl, bool is_read)
{
	struct slot *s = arg;
	struct ctx *c = s->ctx;
	const struct io_case *ic = &c->cases[s->case_idx];
	const uint32_t sector = c->params.sector;
	const size_t len = (size_t)ic->nblocks * sector;
	char where[96];

	s->busy = false;
	c->in_flight--;
	c->completions++;
	if (spdk_nvme_cpl_is_error(cpl)) {
		printf("FAIL: %s of case %zu (LBA %" PRIu64 " +%u) completed with %s / %s\n",
		       is_read ? "read" : "write", s->case_idx, ic->lba, ic->nblocks,
		       spdk_nvme_cpl_get_status_type_string(&cpl->status),
		       spdk_nvme_cpl_get_status_string(&cpl->status));
		c->io_errors++;
		return;
	}
	if (!is_read) {
		c->writes++;
		c->bytes_written += len;
		return;
	}
	c->reads++;
	snprintf(where, sizeof(where), "case %zu (%s, LBA %" PRIu64 " +%u, buffer offset %u)",
		 s->case_idx, ic->kind, ic->lba, ic->nblocks, ic->rofs);
	c->mismatches += check_pattern(s->rbuf + ic->rofs, c->params.seed, ic->lba, ic->nblocks,
				       sector, where);
	/* The device must not have written outside the payload. */
	for (size_t i = 0; i < c->buf_size; i++) {
		if (i == ic->rofs) {
			i += len - 1;
			continue;
		}
		if (s->rbuf[i] != POISON) {
			printf("MISMATCH %s: read buffer byte %zu outside the payload [%u, %zu) "
			       "was overwritten (0x%02x)\n", where, i, ic->rofs, ic->rofs + len,
			       s->rbuf[i]);
			c->mismatches++;
			break;
		}
	}
}

static void
write_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	io_complete(arg, cpl, false);
}

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	io_complete(arg, cpl, true);
}

static int
start_io(struct ctx *c, struct slot *s, size_t idx, bool is_read)
{
	const struct io_case *ic = &c->cases[idx];
	int rc;

	s->case_idx = idx;
	if (is_read) {
		memset(s->rbuf, POISON, c->buf_size);
		rc = spdk_nvme_ns_cmd_read(c->ns, c->qpair, s->rbuf + ic->rofs, ic->lba, ic->nblocks,
					   read_done, s, 0);
	} else {
		fill_pattern(s->wbuf + ic->wofs, c->params.seed, ic->lba, ic->nblocks,
			     c->params.sector);
		rc = spdk_nvme_ns_cmd_write(c->ns, c->qpair, s->wbuf + ic->wofs, ic->lba,
					    ic->nblocks, write_done, s, 0);
	}
	if (rc == 0) {
		s->busy = true;
		c->in_flight++;
		if (c->in_flight > c->max_in_flight) {
			c->max_in_flight = c->in_flight;
		}
	}
	return rc;
}

/* Run every case through one direction with up to c->depth I/Os in flight. */
static int
run_phase(struct ctx *c, bool is_read)
{
	const uint64_t hz = spdk_get_ticks_hz();
	uint64_t last_progress = spdk_get_ticks();
	uint64_t seen = c->completions;
	size_t next = 0;

	while (next < c->ncases || c->in_flight > 0) {
		for (unsigned int i = 0; i < c->depth && next < c->ncases; i++) {
			struct slot *s = &c->slots[i];
			int rc;

			if (s->busy) {
				continue;
			}
			rc = start_io(c, s, next, is_read);
			if (rc == -ENOMEM) {
				c->enomem_retries++;
				break;	/* no free request: poll, then retry */
			}
			if (rc != 0) {
				printf("FAIL: submitting the %s of case %zu (LBA %" PRIu64 " +%u): %s\n",
				       is_read ? "read" : "write", next, c->cases[next].lba,
				       c->cases[next].nblocks, strerror(-rc));
				c->io_errors++;
			}
			next++;
		}
		if (spdk_nvme_qpair_process_completions(c->qpair, 0) < 0) {
			printf("FAIL: the qpair failed during the %s phase\n", is_read ? "read" : "write");
			return -1;
		}
		if (c->completions != seen) {
			seen = c->completions;
			last_progress = spdk_get_ticks();
		} else if (spdk_get_ticks() - last_progress > IO_TIMEOUT_S * hz) {
			printf("FAIL: no completion for %d s with %u I/Os in flight\n", IO_TIMEOUT_S,
			       c->in_flight);
			return -1;
		}
	}
	return 0;
}

static unsigned int g_unexpected_cb;

static void
unexpected_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	(void)arg;
	(void)cpl;
	g_unexpected_cb++;
}

/* Arguments that must be refused at submission, with nothing sent. */
static void
negative_checks(struct ctx *c)
{
	const uint64_t nsze = c->params.nsze;
	const uint32_t sector = c->params.sector;
	const uint32_t per_io = c->params.max_xfer / sector;
	struct {
		uint64_t lba;
		uint32_t n;
		const char *what;
	} bad_ranges[] = {
		{ nsze, 1, "LBA = nsze" },
		{ nsze - 1, 2, "range crossing the end" },
		{ nsze + 1000, 1, "LBA far beyond the end" },
		{ UINT64_MAX, 1, "LBA 2^64-1" },
		{ UINT64_MAX - 1, 4, "LBA+count wrapping around 2^64" },
		{ 0, (uint32_t)(nsze < UINT32_MAX ? nsze + 1 : UINT32_MAX), "count nsze+1" },
		{ 0, 0, "zero length at LBA 0" },
		{ nsze - 1, 0, "zero length at the last LBA" },
	};
	size_t big = (size_t)(2 * per_io + 1) * sector;
	uint8_t *dma = spdk_zmalloc(big, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *heap = malloc(big + 4096);
	int rc;

	if (dma == NULL || heap == NULL) {
		check(c, false, "negative checks: allocation failed");
		goto out;
	}
	memset(heap, 0, big + 4096);
	for (size_t i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]); i++) {
		rc = spdk_nvme_ns_cmd_write(c->ns, c->qpair, dma, bad_ranges[i].lba, bad_ranges[i].n,
					    unexpected_cb, NULL, 0);
		check(c, rc == -EINVAL, "write, %s (LBA %" PRIu64 " +%u): returned %d, expected -EINVAL",
		      bad_ranges[i].what, bad_ranges[i].lba, bad_ranges[i].n, rc);
		rc = spdk_nvme_ns_cmd_read(c->ns, c->qpair, dma, bad_ranges[i].lba, bad_ranges[i].n,
					   unexpected_cb, NULL, 0);
		check(c, rc == -EINVAL, "read, %s (LBA %" PRIu64 " +%u): returned %d, expected -EINVAL",
		      bad_ranges[i].what, bad_ranges[i].lba, bad_ranges[i].n, rc);
	}
	if (spdk_nvme_ctrlr_get_transport_id(c->ctrlr)->trtype != SPDK_NVME_TRANSPORT_PCIE) {
		/* A network transport copies the payload through the socket: any memory
		 * works there (SPDK's TCP transport takes malloc() buffers too). */
		printf("integrity: skipped the 'not DMA memory' refusals: a PCIe check\n");
		goto drain;
	}
	/* Not DMA memory: one block, and a transfer that has to be split. */
	rc = spdk_nvme_ns_cmd_write(c->ns, c->qpair, heap, 0, 1, unexpected_cb, NULL, 0);
	check(c, rc == -EINVAL, "write from a malloc() buffer: returned %d, expected -EINVAL", rc);
	rc = spdk_nvme_ns_cmd_read(c->ns, c->qpair, heap, 0, 1, unexpected_cb, NULL, 0);
	check(c, rc == -EINVAL, "read into a malloc() buffer: returned %d, expected -EINVAL", rc);
	rc = spdk_nvme_ns_cmd_write(c->ns, c->qpair, heap, 0, 2 * per_io + 1, unexpected_cb, NULL, 0);
	check(c, rc == -EINVAL, "split write (%u blocks) from a malloc() buffer: returned %d, "
	      "expected -EINVAL", 2 * per_io + 1, rc);
	rc = spdk_nvme_ns_cmd_read(c->ns, c->qpair, heap + 4, 0, 2 * per_io + 1, unexpected_cb, NULL, 0);
	check(c, rc == -EINVAL, "split read (%u blocks) into a malloc() buffer: returned %d, "
	      "expected -EINVAL", 2 * per_io + 1, rc);
drain:
	/* Whatever was (wrongly) sent would complete now. */
	for (int i = 0; i < 1000; i++) {
		if (spdk_nvme_qpair_process_completions(c->qpair, 0) < 0) {
			check(c, false, "the qpair failed after the negative checks");
			break;
		}
	}
	check(c, g_unexpected_cb == 0, "%u refused I/Os still called their callback",
	      g_unexpected_cb);
	printf("integrity: %d argument checks done\n", c->checks);
out:
	spdk_free(dma);
	free(heap);
}

struct small_io {
	unsigned int	done;
	unsigned int	errors;
};

static void
small_io_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct small_io *s = arg;

	s->done++;
	if (spdk_nvme_cpl_is_error(cpl)) {
		s->errors++;
	}
}

/*
 * The same non-DMA refusal when the submission cannot reach the SQ at once:
 * a 4-entry qpair (3 slots) with 8 reads outstanding, so requests wait in
 * the driver's queue when the bad one arrives.
 */
static void
queued_nondma_check(struct ctx *c)
{
	struct spdk_nvme_io_qpair_opts qopts;
	struct spdk_nvme_qpair *qp;
	struct small_io good = { 0 }, bad = { 0 };
	const uint32_t sector = c->params.sector;
	uint8_t *dma = spdk_zmalloc(8 * (size_t)sector, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
				    SPDK_MALLOC_DMA);
	uint8_t *heap = calloc(1, sector);
	unsigned int submitted = 0;
	int rc;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(c->ctrlr, &qopts, sizeof(qopts));
	qopts.io_queue_size = 4;
	qp = spdk_nvme_ctrlr_alloc_io_qpair(c->ctrlr, &qopts, sizeof(qopts));
	if (qp == NULL || dma == NULL || heap == NULL) {
		check(c, false, "queued non-DMA check: cannot set up a 4-entry qpair and buffers");
		goto out;
	}
	for (unsigned int i = 0; i < 8; i++) {
		rc = spdk_nvme_ns_cmd_read(c->ns, qp, dma + i * sector, i, 1, small_io_done, &good, 0);
		check(c, rc == 0, "read %u on the 4-entry qpair: returned %d", i, rc);
		submitted += rc == 0;
	}
	rc = spdk_nvme_ns_cmd_write(c->ns, qp, heap, 0, 1, small_io_done, &bad, 0);
	check(c, rc == -EINVAL, "write from a malloc() buffer while %u reads are outstanding on a "
	      "4-entry qpair: returned %d, expected -EINVAL", submitted, rc);
	for (int i = 0; i < 1000000 && good.done + bad.done < submitted + (rc == 0); i++) {
		if (spdk_nvme_qpair_process_completions(qp, 0) < 0) {
			break;
		}
	}
	check(c, good.done == submitted && good.errors == 0, "4-entry qpair: %u of %u reads "
	      "completed, %u with errors", good.done, submitted, good.errors);
	if (rc == 0) {
		printf("integrity: note: the refused write was accepted and completed %s\n",
		       bad.done == 0 ? "never" : bad.errors ? "with an error" : "SUCCESSFULLY");
		check(c, bad.done == 1 && bad.errors == 1, "a write from a malloc() buffer completed "
		      "without an error status");
	}
out:
	if (qp != NULL) {
		spdk_nvme_ctrlr_free_io_qpair(qp);
	}
	spdk_free(dma);
	free(heap);
}

struct flush_wait {
	bool done;
	bool error;
};

static void
flush_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct flush_wait *f = arg;

	f->done = true;
	f->error = spdk_nvme_cpl_is_error(cpl);
}

static int
write_verify(struct ctx *c, uint32_t qsize)
{
	struct spdk_nvme_io_qpair_opts qopts;
	size_t max_bytes = 0;
	uint64_t bad_before;
	int rc = 1;

	c->ns = spdk_nvme_ctrlr_get_ns(c->ctrlr, g_nsid);
	if (c->ns == NULL || !spdk_nvme_ns_is_active(c->ns)) {
		printf("FAIL: namespace %u is not active\n", g_nsid);
		return 1;
	}
	c->params.nsze = spdk_nvme_ns_get_num_sectors(c->ns);
	c->params.sector = spdk_nvme_ns_get_sector_size(c->ns);
	c->params.max_xfer = spdk_nvme_ns_get_max_io_xfer_size(c->ns);
	printf("integrity-params: --seed %" PRIu64 " --ns-bytes %" PRIu64 " --sector %u "
	       "--max-xfer %u -c %u\n", c->params.seed, c->params.nsze * c->params.sector,
	       c->params.sector, c->params.max_xfer, c->params.nrandom);
	if (c->params.sector % 8 != 0 || c->params.max_xfer < c->params.sector ||
	    c->params.nsze < 64) {
		printf("FAIL: unusable geometry (sector %u, max transfer %u, %" PRIu64 " blocks)\n",
		       c->params.sector, c->params.max_xfer, c->params.nsze);
		return 1;
	}
	c->ncases = make_cases(&c->params, c->cases);
	for (size_t i = 0; i < c->ncases; i++) {
		size_t b = (size_t)c->cases[i].nblocks * c->params.sector;

		max_bytes = b > max_bytes ? b : max_bytes;
	}
	c->buf_size = max_bytes + 4096 + GUARD_BYTES;

	spdk_nvme_ctrlr_get_default_io_qpair_opts(c->ctrlr, &qopts, sizeof(qopts));
	if (qsize != 0) {
		qopts.io_queue_size = qsize;
	}
	c->qpair = spdk_nvme_ctrlr_alloc_io_qpair(c->ctrlr, &qopts, sizeof(qopts));
	if (c->qpair == NULL) {
		printf("FAIL: spdk_nvme_ctrlr_alloc_io_qpair() failed\n");
		return 1;
	}
	printf("integrity: ns %u: %" PRIu64 " blocks of %u bytes, max transfer %u bytes, "
	       "%zu cases, depth %u, I/O queue of %u entries\n", g_nsid, c->params.nsze,
	       c->params.sector, c->params.max_xfer, c->ncases, c->depth, qopts.io_queue_size);

	negative_checks(c);
	if (spdk_nvme_ctrlr_get_transport_id(c->ctrlr)->trtype == SPDK_NVME_TRANSPORT_PCIE) {
		queued_nondma_check(c);
	}

	c->slots = calloc(c->depth, sizeof(*c->slots));
	if (c->slots == NULL) {
		goto out;
	}
	for (unsigned int i = 0; i < c->depth; i++) {
		c->slots[i].ctx = c;
		c->slots[i].wbuf = spdk_zmalloc(c->buf_size, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
						SPDK_MALLOC_DMA);
		c->slots[i].rbuf = spdk_zmalloc(c->buf_size, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY,
						SPDK_MALLOC_DMA);
		if (c->slots[i].wbuf == NULL || c->slots[i].rbuf == NULL) {
			printf("FAIL: cannot allocate 2 x %zu bytes of DMA memory\n", c->buf_size);
			goto out;
		}
	}
	if (run_phase(c, false) != 0 || run_phase(c, true) != 0) {
		goto out;
	}
	/* Read everything once more in the reverse slot order of the first pass:
	 * catches data that only looked right because a buffer was reused. */
	bad_before = c->mismatches;
	for (unsigned int i = 0; i < c->depth / 2; i++) {
		struct slot t = c->slots[i];

		c->slots[i] = c->slots[c->depth - 1 - i];
		c->slots[c->depth - 1 - i] = t;
	}
	if (run_phase(c, true) != 0) {
		goto out;
	}
	if (c->mismatches != bad_before) {
		printf("FAIL: the second read pass found %" PRIu64 " more bad blocks\n",
		       c->mismatches - bad_before);
	}
	{
		struct flush_wait f = { 0 };

		rc = spdk_nvme_ns_cmd_flush(c->ns, c->qpair, flush_done, &f);
		while (rc == 0 && !f.done) {
			if (spdk_nvme_qpair_process_completions(c->qpair, 0) < 0) {
				rc = -ENXIO;
			}
		}
		check(c, rc == 0 && !f.error, "FLUSH failed (rc %d, error completion %d)", rc,
		      f.error);
	}
	rc = 0;
out:
	if (c->slots != NULL) {
		for (unsigned int i = 0; i < c->depth; i++) {
			spdk_free(c->slots[i].wbuf);
			spdk_free(c->slots[i].rbuf);
		}
		free(c->slots);
	}
	spdk_nvme_ctrlr_free_io_qpair(c->qpair);
	c->qpair = NULL;
	printf("integrity: %zu cases, %" PRIu64 " reads, max %u I/Os in flight, %u -ENOMEM retries, "
	       "%d failed argument checks, %" PRIu64 " I/O errors\n", c->ncases, c->reads,
	       c->max_in_flight, c->enomem_retries, c->failures, c->io_errors);
	printf("integrity: %" PRIu64 " writes, %" PRIu64 " bytes, %" PRIu64 " mismatches\n",
	       c->writes, c->bytes_written, c->mismatches);
	if (rc != 0 || c->failures != 0 || c->io_errors != 0 || c->mismatches != 0 ||
	    c->writes != c->ncases || c->reads != 2 * c->ncases) {
		return 1;
	}
	return 0;
}

/* ---- main ---------------------------------------------------------------- */

static void
usage(const char *prog)
{
	printf("usage: %s write-verify [-r trid] [-n nsid] [-s seed] [-q depth] [-Q io_queue_size]"
	       " [-c random_cases] [--no-sgl] [-H] [-I]\n"
	       "       %s check-file FILE --seed S --ns-bytes B --sector 512|4096 --max-xfer BYTES"
	       " [-c random_cases] [--no-zero-check]\n", prog, prog);
}

static bool
parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && end != s && *end == '\0';
}

int
main(int argc, char **argv)
{
	static struct ctx c;
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "ns-bytes", required_argument, NULL, 'B' },
		{ "sector", required_argument, NULL, 'S' },
		{ "max-xfer", required_argument, NULL, 'M' },
		{ "no-zero-check", no_argument, NULL, 'Z' },
		{ "no-sgl", no_argument, NULL, 'G' },
		{ "enable-tcp-hdgst", no_argument, NULL, 'H' },
		{ "enable-tcp-ddgst", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct spdk_env_opts opts;
	uint64_t v, ns_bytes = 0;
	uint32_t qsize = 0;
	bool zero_check = true;
	const char *mode;
	int op, rc;

	if (argc < 2) {
		usage(argv[0]);
		return 2;
	}
	mode = argv[1];
	c.params.seed = DEFAULT_SEED;
	c.params.nrandom = DEFAULT_RANDOM_CASES;
	c.depth = DEFAULT_DEPTH;
	spdk_nvme_trid_populate_transport(&g_trid, SPDK_NVME_TRANSPORT_PCIE);
	optind = 2;
	while ((op = getopt_long(argc, argv, "c:hHIn:q:Q:r:s:", longopts, NULL)) != -1) {
		switch (op) {
		case 'r':
			if (spdk_nvme_transport_id_parse(&g_trid, optarg) != 0) {
				fprintf(stderr, "bad transport ID '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
		case 'B':
		case 'S':
		case 'M':
		case 'c':
		case 'n':
		case 'q':
		case 'Q':
			if (!parse_u64(optarg, &v)) {
				fprintf(stderr, "'%s' is not a number\n", optarg);
				return 2;
			}
			switch (op) {
			case 's': c.params.seed = v; break;
			case 'B': ns_bytes = v; break;
			case 'S': c.params.sector = (uint32_t)v; break;
			case 'M': c.params.max_xfer = (uint32_t)v; break;
			case 'c': c.params.nrandom = (uint32_t)v; break;
			case 'n': g_nsid = (uint32_t)v; break;
			case 'q': c.depth = (unsigned int)v; break;
			case 'Q': qsize = (uint32_t)v; break;
			}
			break;
		case 'Z':
			zero_check = false;
			break;
		case 'G':
			g_no_sgl = true;
			break;
		case 'H':
			g_header_digest = true;
			break;
		case 'I':
			g_data_digest = true;
			break;
		case 'h':
			usage(argv[0]);
			return 0;
		default:
			usage(argv[0]);
			return 2;
		}
	}

	if (strcmp(mode, "check-file") == 0) {
		if (optind != argc - 1 || ns_bytes == 0 || c.params.max_xfer == 0 ||
		    (c.params.sector != 512 && c.params.sector != 4096) ||
		    ns_bytes % c.params.sector != 0) {
			fprintf(stderr, "check-file needs FILE, --seed, --ns-bytes (a multiple of the "
				"sector), --sector 512|4096 and --max-xfer\n");
			usage(argv[0]);
			return 2;
		}
		c.params.nsze = ns_bytes / c.params.sector;
		return check_file(argv[optind], &c.params, zero_check);
	}
	if (strcmp(mode, "write-verify") != 0 || optind != argc) {
		usage(argv[0]);
		return 2;
	}
	if (c.depth < 1 || c.depth > 256) {
		fprintf(stderr, "depth must be 1..256\n");
		return 2;
	}

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "nvme_integrity";
	if (spdk_env_init(&opts) < 0) {
		fprintf(stderr, "Unable to initialize SPDK env\n");
		return 1;
	}
	rc = spdk_nvme_probe(&g_trid, NULL, probe_cb, attach_cb, NULL);
	if (rc != 0 || g_ctrlr == NULL) {
		fprintf(stderr, "FAIL: no NVMe controller attached (probe returned %d); bind one "
			"with scripts/setup.sh\n", rc);
		spdk_env_fini();
		return 1;
	}
	c.ctrlr = g_ctrlr;
	rc = write_verify(&c, qsize);
	spdk_nvme_detach(g_ctrlr);
	spdk_env_fini();
	return rc;
}
