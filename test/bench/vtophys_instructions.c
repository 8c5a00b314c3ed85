/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The real env's spdk_vtophys under callgrind (test/bench/callgrind_io.sh):
 * DPDK started without hugepages (no root needed), one translation per
 * I/O as the PCIe fast path makes it (a 4 KiB payload with its length),
 * over buffers spread through DPDK's heap.  Prints calls=N and checks every
 * answer against DPDK's own rte_mem_virt2iova.
 */
#include <stdio.h>
#include <stdlib.h>

#include <rte_memory.h>

#include "spdk/env.h"

#define NBUF	64

int
main(int argc, char **argv)
{
	unsigned int calls = argc > 1 ? (unsigned int)atoi(argv[1]) : 100000;
	struct spdk_env_opts opts;
	char *buf[NBUF];
	unsigned int bad = 0;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "vtophys_instructions";
	opts.no_huge = true;
	opts.mem_size = 128;
	if (spdk_env_init(&opts) != 0) {
		return 1;
	}
	for (int i = 0; i < NBUF; i++) {
		buf[i] = spdk_dma_malloc(65536, 4096, NULL);
		if (buf[i] == NULL) {
			return 1;
		}
	}
	for (unsigned int n = 0; n < calls; n++) {
		char *p = buf[n % NBUF] + (n % 16) * 4096;
		uint64_t len = 4096;

		if (spdk_vtophys(p, &len) != rte_mem_virt2iova(p) || len != 4096) {
			bad++;
		}
	}
	for (int i = 0; i < NBUF; i++) {
		spdk_dma_free(buf[i]);
	}
	spdk_env_fini();
	printf("calls=%u bad=%u\n", calls, bad);
	return bad != 0;
}
