/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by the NVM command tests (test_nvme_io_cmds.c, test_nvme_io_cmds_rwv.c,
 * test_nvme_io_cmds_md.c): the controller model with four namespaces of
 * different formats, one I/O qpair on it, and small helpers to submit and
 * wait.  Header-only (static inline) like nvme_driver_test.h.
 */
#ifndef EALNVME_IO_CMDS_TEST_H
#define EALNVME_IO_CMDS_TEST_H

#include "nvme_driver_test.h"

#define NS_BLOCKS	4096u			/* per namespace */
#define MDTS_SHIFT	5			/* 128 KiB per command */
#define MAX_XFER	(DT_PAGE << MDTS_SHIFT)

struct cmds_env {
	struct nvme_model	*m;
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
};

/*
 * nsid 1: 512 B blocks, no metadata; 2: 4 KiB + 8 B separate metadata;
 * 3: 512 B + 16 B interleaved (extended LBA); 4: 512 B, 200000 blocks (for
 * commands longer than 65536 blocks).
 */
static inline void
cmds_opts(struct nvme_model_opts *o)
{
	nvme_model_opts_default(o);
	o->mdts = MDTS_SHIFT;
	o->nn = 4;
	o->ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 512 };
	o->ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 4096, .ms = 8 };
	o->ns[2] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = NS_BLOCKS,
		.block_size = 512, .ms = 16, .extended = true };
	o->ns[3] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 200000,
		.block_size = 512 };
}

static inline void
env_setup_opts(struct cmds_env *e, const struct nvme_model_opts *o)
{
	memset(e, 0, sizeof(*e));
	e->m = dt_model_new(o);
	e->ctrlr = dt_attach(e->m);
	e->qpair = spdk_nvme_ctrlr_alloc_io_qpair(e->ctrlr, NULL, 0);
	CU_ASSERT_FATAL(e->qpair != NULL);
}

static inline void
env_setup(struct cmds_env *e, uint8_t sgls)
{
	struct nvme_model_opts o;

	cmds_opts(&o);
	o.sgls = sgls;
	env_setup_opts(e, &o);
}

static inline void
env_teardown(struct cmds_env *e)
{
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(e->qpair) == 0);
	CU_ASSERT(nvme_model_get_stats(e->m)->errors == 0);
	if (nvme_model_get_stats(e->m)->errors != 0) {
		fprintf(stderr, "model error: %s\n", nvme_model_last_error(e->m));
	}
	dt_detach_and_check(e->ctrlr, e->m);
	dt_model_destroy(e->m);
}

static inline struct spdk_nvme_ns *
ns_of(struct cmds_env *e, uint32_t nsid)
{
	return spdk_nvme_ctrlr_get_ns(e->ctrlr, nsid);
}

static inline uint8_t *
dma(size_t size)
{
	uint8_t *p = spdk_zmalloc(size, DT_PAGE, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

static inline uint8_t *
ns_mem(struct cmds_env *e, uint32_t nsid)
{
	uint8_t *p = nvme_model_ns_mem(e->m, nsid, NULL);

	CU_ASSERT_FATAL(p != NULL);
	return p;
}

/* Run one submission to completion; the completion (calls must be 1). */
static inline struct spdk_nvme_cpl
wait_one(struct cmds_env *e, struct dt_io *io)
{
	CU_ASSERT(dt_wait_io(e->qpair, io));
	for (int i = 0; i < 3; i++) {
		spdk_nvme_qpair_process_completions(e->qpair, 0);
	}
	CU_ASSERT(io->calls == 1);
	return io->cpl;
}

static inline bool
cpl_is(const struct spdk_nvme_cpl *cpl, uint8_t sct, uint8_t sc)
{
	return cpl->status.sct == sct && cpl->status.sc == sc;
}

#endif /* EALNVME_IO_CMDS_TEST_H */
