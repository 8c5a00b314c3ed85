/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Self-describing 4 KiB blocks for the guest tests that must tell, from the
 * data alone, which write a block holds (nvme_crashwriter, nvme_soak):
 *
 *   0   magic "EALBLK01"      8   first LBA of the block (its own address)
 *   16  tag (run / namespace) 24  generation (write number)
 *   32  payload: a pure function of (tag, generation, word index)
 *   4088 FNV-1a 64 of bytes 0..4087
 *
 * A block that is all zeroes was never written (the images start sparse).
 */
#ifndef EALNVME_TEST_BLOCKSTAMP_H
#define EALNVME_TEST_BLOCKSTAMP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define BSTAMP_SIZE	4096u
#define BSTAMP_MAGIC	0x31304b4c424c4145ULL	/* "EALBLK01" little-endian */

struct bstamp {
	uint64_t	lba;
	uint64_t	tag;
	uint64_t	gen;
};

enum bstamp_kind { BSTAMP_ZERO, BSTAMP_VALID, BSTAMP_CORRUPT };

static inline uint64_t
bstamp_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
bstamp_fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 0x100000001b3ULL;
	}
	return h;
}

static inline void
bstamp_fill(void *buf, const struct bstamp *s)
{
	uint64_t *w = buf;
	uint64_t base = bstamp_mix(s->tag * 0x9e3779b97f4a7c15ULL ^ s->gen);

	w[0] = BSTAMP_MAGIC;
	w[1] = s->lba;
	w[2] = s->tag;
	w[3] = s->gen;
	for (uint32_t i = 4; i < BSTAMP_SIZE / 8 - 1; i++) {
		w[i] = bstamp_mix(base + i);
	}
	w[BSTAMP_SIZE / 8 - 1] = bstamp_fnv(buf, BSTAMP_SIZE - 8);
}

/* What buf holds: zeroes, a stamp whose checksum and payload agree (*s), or neither. */
static inline enum bstamp_kind
bstamp_decode(const void *buf, struct bstamp *s)
{
	const uint64_t *w = buf;
	uint64_t base;
	bool zero = true;

	for (uint32_t i = 0; i < BSTAMP_SIZE / 8 && zero; i++) {
		zero = w[i] == 0;
	}
	if (zero) {
		return BSTAMP_ZERO;
	}
	if (w[0] != BSTAMP_MAGIC || w[BSTAMP_SIZE / 8 - 1] != bstamp_fnv(buf, BSTAMP_SIZE - 8)) {
		return BSTAMP_CORRUPT;
	}
	s->lba = w[1];
	s->tag = w[2];
	s->gen = w[3];
	base = bstamp_mix(s->tag * 0x9e3779b97f4a7c15ULL ^ s->gen);
	for (uint32_t i = 4; i < BSTAMP_SIZE / 8 - 1; i++) {
		if (w[i] != bstamp_mix(base + i)) {
			return BSTAMP_CORRUPT;
		}
	}
	return BSTAMP_VALID;
}

#endif
