/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What the guest programs that issue commands share (header only): the
 * check() lines of vm_check.h and a completion callback that records the
 * completion.
 */
#ifndef EALNVME_VM_APP_CHECK_H
#define EALNVME_VM_APP_CHECK_H

#include "spdk/nvme.h"
#include "vm_check.h"

struct done {
	int			calls;
	struct spdk_nvme_cpl	cpl;
};

static inline void
done_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct done *d = arg;

	d->calls++;
	d->cpl = *cpl;
}

#endif /* EALNVME_VM_APP_CHECK_H */
