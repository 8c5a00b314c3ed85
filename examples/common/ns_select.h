/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What the examples (hello_world, identify, perf) take from a -r string
 * beyond the transport ID: the application key "ns:N" that spdk_nvme_perf
 * users write ('trtype:PCIe traddr:0000:00:04.0 ns:2': namespace 2 of that
 * controller only).  spdk_nvme_transport_id_parse() accepts the key and
 * leaves it to the application; this is that application part, plus the
 * lines every tool prints about what it will use and what it will write.
 * Public SPDK-compatible API only.
 */
#ifndef EXAMPLES_NS_SELECT_H
#define EXAMPLES_NS_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spdk/nvme.h"

#define NS_SELECT_ERR_LEN	256

/* One -r: which controllers, and which of their namespaces. */
struct ns_select {
	struct spdk_nvme_transport_id	trid;
	uint32_t			nsid;	/* from ns:N; 0: every active namespace */
};

/*
 * Parse one -r value into sel: the transport ID (spdk_nvme_transport_id_parse,
 * which rejects unknown keys; trtype defaults to PCIe) and ns:N / ns=N, a
 * decimal namespace ID from 1 to 0xfffffffe (NVMe 1.4 §6.1; 0xffffffff is the
 * broadcast value, not a namespace).  Returns 0, or -1 with a one-line reason
 * in err (sel unchanged).
 */
int ns_select_parse(struct ns_select *sel, const char *str, char *err, size_t err_len);

/*
 * Whether sel names the controller at trid: same transport ID, or sel has no
 * traddr (every controller of its transport).  For fabrics a field sel leaves
 * empty (adrfam, trsvcid, subnqn; a discovery subnqn too) matches any value.
 */
bool ns_select_matches(const struct ns_select *sel, const struct spdk_nvme_transport_id *trid);

/* Called once per selected namespace, ascending NSID; non-zero stops the walk. */
typedef int (*ns_select_fn)(void *ctx, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns);

/*
 * The namespaces of ctrlr that sels[0..n) select: every active one when n is
 * 0 or a matching entry has no ns key, else the union of the matching
 * entries' NSIDs.  Every requested NSID is checked first: one the controller
 * does not have, or one that is not active, fails the whole call (-1, one
 * line in err) before fn runs.  fn may be NULL (check only).  Returns 0, -1,
 * or fn's non-zero value.
 */
int ns_select_ctrlr(const struct ns_select *sels, size_t n, struct spdk_nvme_ctrlr *ctrlr,
		    ns_select_fn fn, void *ctx, char *err, size_t err_len);

/*
 * One line per controller / namespace for --list and --dry-run:
 *   controller 0000:00:04.0 model "QEMU NVMe Ctrl" serial "abc"
 *     namespace 2: 67108864 bytes, 131072 blocks of 512 bytes
 */
void ns_select_print_ctrlr(FILE *out, struct spdk_nvme_ctrlr *ctrlr);
void ns_select_print_ns(FILE *out, struct spdk_nvme_ns *ns);

/*
 * The line a tool prints before it writes (or, dry_run, would write) blocks
 * [first_lba, first_lba + num_blocks) of ns:
 *   writing to controller 0000:00:04.0 serial "abc" namespace 2 LBA 0-131071
 */
void ns_select_print_write(FILE *out, bool dry_run, struct spdk_nvme_ctrlr *ctrlr,
			   struct spdk_nvme_ns *ns, uint64_t first_lba, uint64_t num_blocks);

#endif /* EXAMPLES_NS_SELECT_H */
