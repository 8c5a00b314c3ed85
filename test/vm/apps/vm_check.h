/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The guest programs' report: one line per check, "ok - ..." or
 * "not ok - ...", flushed at once (a crash keeps what was printed), and the
 * counts, which the host-side test scripts turn into their assertions.
 */
#ifndef EALNVME_VM_CHECK_H
#define EALNVME_VM_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int g_passed, g_failed;

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
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

#endif /* EALNVME_VM_CHECK_H */
