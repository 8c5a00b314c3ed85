/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Counts the error lines spdk_log() receives and keeps the last one, so a
 * test can check that a refused call said why (one line, naming the call).
 * log_lines_start() routes the log to the counter, log_lines_stop() back.
 */
#ifndef EALNVME_TEST_LOG_LINES_H
#define EALNVME_TEST_LOG_LINES_H

#include "spdk/stdinc.h"
#include "spdk/log.h"

static unsigned int g_log_errors;
static char g_log_last[512];

static void
log_lines_cb(int level, const char *file, const int line, const char *func,
	     const char *format, va_list args)
{
	(void)file;
	(void)line;
	(void)func;
	if (level == SPDK_LOG_ERROR) {
		g_log_errors++;
		vsnprintf(g_log_last, sizeof(g_log_last), format, args);
	}
}

static inline void
log_lines_start(void)
{
	g_log_errors = 0;
	g_log_last[0] = '\0';
	spdk_log_open(log_lines_cb);
}

static inline void
log_lines_stop(void)
{
	spdk_log_close();
}

#endif /* EALNVME_TEST_LOG_LINES_H */
