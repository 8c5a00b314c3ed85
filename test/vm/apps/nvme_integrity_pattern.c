/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * nvme_integrity (see nvme_integrity.c): the deterministic case list, the
 * data pattern, and check-file, which reads the raw image on the host (no
 * DPDK, no library calls).
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nvme_integrity.h"

#define KIB			1024u
#define MAX_REPORTS		16	/* mismatch lines printed before going quiet */

/* ---- The case list (shared by both modes) ------------------------------- */

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rng_below(uint64_t *state, uint64_t bound)
{
	return bound == 0 ? 0 : splitmix64(state) % bound;
}

/* Buffer offsets: half page-aligned, half a dword-aligned offset in the page. */
static uint32_t
pick_offset(uint64_t *rng)
{
	static const uint32_t fixed[] = { 4, 8, 512, 2048 + 4, 4092 };

	switch (rng_below(rng, 4)) {
	case 0:
	case 1:
		return 0;
	case 2:
		return fixed[rng_below(rng, sizeof(fixed) / sizeof(fixed[0]))];
	default:
		return 4 * (uint32_t)(1 + rng_below(rng, 4096 / 4 - 1));
	}
}

static bool
overlaps(const struct io_case *cases, size_t n, uint64_t lba, uint32_t nblocks)
{
	for (size_t i = 0; i < n; i++) {
		if (lba < cases[i].lba + cases[i].nblocks && cases[i].lba < lba + nblocks) {
			return true;
		}
	}
	return false;
}

static uint32_t
bytes_to_blocks(uint64_t bytes, uint32_t sector)
{
	uint64_t n = (bytes + sector - 1) / sector;

	return n == 0 ? 1 : (uint32_t)n;
}

/*
 * Fill cases[] (capacity MAX_CASES) from p; returns the count.  Deterministic
 * in p only.  Non-overlapping; the first cases pin the namespace's ends.
 */
size_t
make_cases(const struct case_params *p, struct io_case *cases)
{
	const uint32_t max = p->max_xfer;
	const uint64_t fixed_bytes[] = {
		p->sector, 4 * KIB, 8 * KIB, 12 * KIB, 64 * KIB, 128 * KIB, max,
		((uint64_t)2 * max + 512 + p->sector - 1) / p->sector * p->sector,
	};
	const char *fixed_kind[] = {
		"1 block", "4KiB", "8KiB", "12KiB", "64KiB", "128KiB", "max", "2max+512",
	};
	const size_t nfixed = sizeof(fixed_bytes) / sizeof(fixed_bytes[0]);
	uint64_t rng = p->seed ^ 0x1e9a1c0de5ULL;
	size_t n = 0;
	uint32_t nb;

#define ADD_CASE(l, b, k) do {						\
		cases[n].lba = (l);					\
		cases[n].nblocks = (b);					\
		cases[n].wofs = pick_offset(&rng);			\
		cases[n].rofs = pick_offset(&rng);			\
		cases[n].kind = (k);					\
		n++;							\
	} while (0)

	/* The ends: LBA 0, the last LBA, the largest split I/O ending just before it. */
	nb = bytes_to_blocks(4 * KIB, p->sector);
	if (nb < p->nsze) {
		ADD_CASE(0, nb, "first LBAs");
	}
	if (p->nsze > nb + 1) {
		ADD_CASE(p->nsze - 1, 1, "last LBA");
	}
	nb = bytes_to_blocks(fixed_bytes[nfixed - 1], p->sector);
	if (p->nsze > (uint64_t)nb + 8 && !overlaps(cases, n, p->nsze - 1 - nb, nb)) {
		ADD_CASE(p->nsze - 1 - nb, nb, "2max+512 ending at the last LBA - 1");
	}
	/* Each fixed size three times, then random sizes up to 3 x max, at random LBAs. */
	for (size_t i = 0; i < 3 * nfixed + p->nrandom && n < MAX_CASES; i++) {
		const char *kind;
		uint64_t bytes;

		if (i < 3 * nfixed) {
			bytes = fixed_bytes[i % nfixed];
			kind = fixed_kind[i % nfixed];
		} else {
			bytes = 1 + rng_below(&rng, 3 * (uint64_t)max);
			kind = "random";
		}
		nb = bytes_to_blocks(bytes, p->sector);
		if (nb >= p->nsze) {
			continue;
		}
		for (int tries = 0; tries < 1000; tries++) {
			uint64_t lba = rng_below(&rng, p->nsze - nb + 1);

			/* Every fifth case first tries an LBA aligned to 1 MiB. */
			if (tries == 0 && (i % 5) == 1) {
				lba -= lba % bytes_to_blocks(1024 * KIB, p->sector);
			}
			if (!overlaps(cases, n, lba, nb)) {
				ADD_CASE(lba, nb, kind);
				break;
			}
		}
	}
#undef ADD_CASE
	return n;
}

/* ---- The pattern --------------------------------------------------------- */

#define TAG_WORD	0x45414c4e56000000ULL	/* "EALNV" in word 0, xor the LBA */

/* Word `w` (8 bytes, little endian) of the block at `lba`. */
static inline uint64_t
pattern_word(uint64_t seed, uint64_t lba, uint32_t w)
{
	uint64_t z;

	if (w == 0) {
		return TAG_WORD ^ lba;
	}
	if (w == 1) {
		return seed;
	}
	z = seed * 0x9e3779b97f4a7c15ULL ^ lba * 0xc2b2ae3d27d4eb4fULL ^ (uint64_t)w << 40 ^ w;
	z = (z ^ (z >> 31)) * 0x7fb5d329728ea185ULL;
	z = (z ^ (z >> 27)) * 0x81dadef4bc2dd44dULL;
	return z ^ (z >> 33);
}

static inline void
put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static inline uint64_t
get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--) {
		v = v << 8 | p[i];
	}
	return v;
}

void
fill_pattern(uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t nblocks, uint32_t sector)
{
	for (uint32_t b = 0; b < nblocks; b++) {
		uint8_t *blk = buf + (size_t)b * sector;

		for (uint32_t w = 0; w < sector / 8; w++) {
			put_le64(blk + 8 * w, pattern_word(seed, lba + b, w));
		}
	}
}

static unsigned int g_reports;

/*
 * Compare nblocks blocks at buf with the pattern of lba..; returns the number
 * of blocks that differ and prints the first few differences.
 */
uint64_t
check_pattern(const uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t nblocks, uint32_t sector,
	      const char *where)
{
	uint64_t bad = 0;

	for (uint32_t b = 0; b < nblocks; b++) {
		const uint8_t *blk = buf + (size_t)b * sector;

		for (uint32_t w = 0; w < sector / 8; w++) {
			uint64_t want = pattern_word(seed, lba + b, w), got = get_le64(blk + 8 * w);

			if (want == got) {
				continue;
			}
			bad++;
			if (g_reports++ < MAX_REPORTS) {
				uint64_t tag = get_le64(blk);

				printf("MISMATCH %s: LBA %" PRIu64 " byte %u: expected %016" PRIx64
				       " got %016" PRIx64 "; the block's tag word is %016" PRIx64 "%s",
				       where, lba + b, 8 * w, want, got, tag,
				       (tag >> 24) == (TAG_WORD >> 24) ? " (data of LBA " : "");
				if ((tag >> 24) == (TAG_WORD >> 24)) {
					printf("%" PRIu64 ", seed %016" PRIx64 ")",
					       (uint64_t)((tag ^ TAG_WORD) & 0xffffffU), get_le64(blk + 8));
				}
				printf("\n");
			}
			break;
		}
	}
	return bad;
}

/* ---- check-file: the host side -------------------------------------------- */

int
check_file(const char *path, struct case_params *p, bool zero_check)
{
	static struct io_case cases[MAX_CASES];
	uint64_t ns_bytes = p->nsze * p->sector, bad = 0, blocks = 0, nonzero = 0;
	size_t ncases, chunk = 1024 * KIB;
	uint8_t *buf;
	struct stat st;
	char *written;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(path);
		return 1;
	}
	if ((uint64_t)st.st_size < ns_bytes) {
		printf("FAIL: %s has %jd bytes, less than the namespace's %" PRIu64 "\n", path,
		       (intmax_t)st.st_size, ns_bytes);
		close(fd);
		return 1;
	}
	ncases = make_cases(p, cases);
	written = calloc(p->nsze, 1);
	buf = malloc(chunk);
	if (written == NULL || buf == NULL) {
		perror("malloc");
		close(fd);
		return 1;
	}
	for (size_t i = 0; i < ncases; i++) {
		char where[96];

		snprintf(where, sizeof(where), "file, case %zu (%s, LBA %" PRIu64 " +%u)", i,
			 cases[i].kind, cases[i].lba, cases[i].nblocks);
		for (uint32_t done = 0; done < cases[i].nblocks;) {
			uint32_t n = cases[i].nblocks - done;
			ssize_t got;

			if ((uint64_t)n * p->sector > chunk) {
				n = (uint32_t)(chunk / p->sector);
			}
			got = pread(fd, buf, (size_t)n * p->sector,
				    (off_t)((cases[i].lba + done) * p->sector));
			if (got != (ssize_t)((size_t)n * p->sector)) {
				printf("FAIL: short read of %s at LBA %" PRIu64 "\n", path,
				       cases[i].lba + done);
				bad++;
				break;
			}
			bad += check_pattern(buf, p->seed, cases[i].lba + done, n, p->sector, where);
			done += n;
		}
		memset(written + cases[i].lba, 1, cases[i].nblocks);
		blocks += cases[i].nblocks;
	}
	if (zero_check) {
		for (uint64_t lba = 0; lba < p->nsze; lba += chunk / p->sector) {
			uint64_t n = p->nsze - lba < chunk / p->sector ? p->nsze - lba : chunk / p->sector;

			if (pread(fd, buf, n * p->sector, (off_t)(lba * p->sector)) !=
			    (ssize_t)(n * p->sector)) {
				printf("FAIL: short read of %s at LBA %" PRIu64 "\n", path, lba);
				bad++;
				break;
			}
			for (uint64_t b = 0; b < n; b++) {
				const uint8_t *blk = buf + b * p->sector;

				if (written[lba + b]) {
					continue;
				}
				for (uint32_t j = 0; j < p->sector; j++) {
					if (blk[j] != 0) {
						if (nonzero++ < MAX_REPORTS) {
							printf("MISMATCH file: LBA %" PRIu64 " was never "
							       "written but byte %u is 0x%02x (tag word "
							       "%016" PRIx64 ")\n", lba + b, j, blk[j],
							       get_le64(blk));
						}
						break;
					}
				}
			}
		}
	}
	close(fd);
	free(buf);
	free(written);
	printf("check-file: %zu cases, %" PRIu64 " blocks checked, %" PRIu64 " mismatches, "
	       "%" PRIu64 " unwritten blocks not zero%s\n", ncases, blocks, bad, nonzero,
	       zero_check ? "" : " (not checked)");
	return bad == 0 && nonzero == 0 && ncases > 0 ? 0 : 1;
}
