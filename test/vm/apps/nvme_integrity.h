/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * nvme_integrity's case list and data pattern, shared by its two halves:
 * nvme_integrity.c (write-verify on the device, and main) and
 * nvme_integrity_pattern.c (the cases, the pattern, and check-file on the
 * host without DPDK).
 */
#ifndef EALNVME_NVME_INTEGRITY_H
#define EALNVME_NVME_INTEGRITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_CASES		256

struct io_case {
	uint64_t	lba;
	uint32_t	nblocks;
	uint32_t	wofs;		/* offset of the write payload in its buffer */
	uint32_t	rofs;		/* offset of the read payload in its buffer */
	const char	*kind;
};

struct case_params {
	uint64_t	seed;
	uint64_t	nsze;		/* blocks in the namespace */
	uint32_t	sector;		/* bytes per block */
	uint32_t	max_xfer;	/* spdk_nvme_ns_get_max_io_xfer_size() */
	uint32_t	nrandom;	/* random-size cases on top of the fixed ones */
};

/* Fill cases[] (capacity MAX_CASES) from p; returns the count. */
size_t make_cases(const struct case_params *p, struct io_case *cases);
/* The pattern of blocks lba.. into buf. */
void fill_pattern(uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t nblocks, uint32_t sector);
/* Blocks at buf that differ from the pattern of lba..; prints the first few. */
uint64_t check_pattern(const uint8_t *buf, uint64_t seed, uint64_t lba, uint32_t nblocks,
		       uint32_t sector, const char *where);
/* check-file mode: 0 if the image at path holds what the cases wrote. */
int check_file(const char *path, struct case_params *p, bool zero_check);

#endif /* EALNVME_NVME_INTEGRITY_H */
