/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What the guest programs share (header only): one "ok - ..." or
 * "not ok - ..." line per check with pass/fail counts, and a completion
 * callback that records the completion.
 */
#ifndef EALNVME_VM_APP_CHECK_H
#define EALNVME_VM_APP_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "spdk/nvme.h"

static unsigned int g_passed, g_failed;

static inline void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok) {
		g_passed++;
	} else {
		g_failed++;
	}
}

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
