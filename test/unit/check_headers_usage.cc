// SPDX-License-Identifier: BSD-3-Clause
// Copyright (c) 2026 The ealnvme authors.
//
// The macros and inline functions of SPDK's base headers used from C++
// (check_headers.sh compiles this with -fsyntax-only): macros expand in the
// user's translation unit, so compiling the headers alone does not cover them.
#include "spdk/stdinc.h"
#include "spdk/log.h"
#include "spdk/util.h"
#include "spdk/queue.h"
#include "spdk/endian.h"
#include "spdk/mmio.h"
#include "spdk/histogram_data.h"
#include "spdk/string.h"
#include "spdk/dif.h"
#include "spdk/nvmf_spec.h"
#include "spdk/nvme_ocssd_spec.h"
#include "spdk/env.h"

SPDK_LOG_REGISTER_COMPONENT(cxx_flag)
SPDK_LOG_DEPRECATION_REGISTER(cxx_old, "old", "v99.01", SPDK_LOG_DEPRECATION_ALWAYS)

// env.h: SPDK's designated-initializer id table and registration macros.
static struct spdk_pci_id cxx_ids[] = {
	{ SPDK_PCI_DEVICE(0x8086, 0x0953) },
	{ 0, 0, 0, 0, 0 },
};
SPDK_PCI_DRIVER_REGISTER(cxx_drv, cxx_ids, SPDK_PCI_DRIVER_NEED_MAPPING)

static uint32_t
cxx_env_iterate()
{
	uint32_t core, n = 0;
	int32_t node;

	SPDK_ENV_FOREACH_CORE(core) {
		n++;
	}
	SPDK_ENV_FOREACH_NUMA_ID(node) {
		n++;
	}
	return n;
}

struct opts {
	size_t size;
	int a;
	int b;
};

struct node {
	int v;
	TAILQ_ENTRY(node) tq;
	STAILQ_ENTRY(node) stq;
};
TAILQ_HEAD(node_tq, node);
STAILQ_HEAD(node_stq, node);

int
main()
{
	opts o = { sizeof(o), 1, 2 };
	node_tq h = TAILQ_HEAD_INITIALIZER(h), h2 = TAILQ_HEAD_INITIALIZER(h2);
	node_stq s = STAILQ_HEAD_INITIALIZER(s);
	node a = {}, *it, *tmp;
	uint8_t be[8];
	uint64_t reg = 0;

	TAILQ_INSERT_TAIL(&h, &a, tq);
	STAILQ_INSERT_TAIL(&s, &a, stq);
	TAILQ_FOREACH_SAFE(it, &h, tq, tmp) {
		TAILQ_REMOVE_CLEAR(&h, it, tq);
	}
	TAILQ_SWAP(&h, &h2, node, tq);
	STAILQ_SWAP(&s, &s, node);
	it = STAILQ_LAST(&s, node, stq);
	to_be64(be, from_le64(be));
	spdk_mmio_write_8(&reg, spdk_mmio_read_8(&reg));
	spdk_histogram_data *hd = spdk_histogram_data_alloc();
	spdk_histogram_data_tally(hd, 5);
	spdk_histogram_data_free(hd);
	SPDK_ERRLOG("%d %s\n", SPDK_GET_FIELD(&o, b, 0), SPDK_STRINGIFY(SPDK_CACHE_LINE_SIZE));
	SPDK_INFOLOG(cxx_flag, "info\n");
	SPDK_DEBUGLOG(cxx_flag, "debug\n");
	SPDK_LOG_DEPRECATED(cxx_old);
	spdk_dif_ctx_init_ext_opts dif_opts = {};
	dif_opts.size = SPDK_SIZEOF(&dif_opts, dif_pi_format);
	uint32_t dif_flags = SPDK_DIF_FLAGS_GUARD_CHECK | SPDK_DIF_FLAGS_REFTAG_CHECK;
	SPDK_ERRLOG("%zu %u %s %zu %u\n", dif_opts.size, dif_flags, SPDK_NVMF_DISCOVERY_NQN,
		    SPDK_NVME_TCP_TERM_REQ_PDU_MAX_SIZE, SPDK_NVME_TCP_PDU_PDO_MAX_OFFSET |
		    SPDK_OCSSD_IO_FLAGS_LIMITED_RETRY);
	(void)cxx_env_iterate();
	return SPDK_FIELD_VALID(&o, b) && SPDK_CONTAINEROF(&o.b, opts, b) == &o &&
	       SPDK_ALIGN_CEIL(o.size, 8) >= o.size && it != nullptr ? 0 : 1;
}
