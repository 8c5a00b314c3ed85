/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "ealnvme_log.h"

static const char *const g_level_names[] = {
	[EALNVME_LOG_ERROR] = "error",
	[EALNVME_LOG_WARN] = "warn",
	[EALNVME_LOG_NOTICE] = "notice",
	[EALNVME_LOG_INFO] = "info",
	[EALNVME_LOG_DEBUG] = "debug",
};

/* -1 until the environment variable has been read. */
static int g_threshold = -1;

static int
log_threshold(void)
{
	int level = g_threshold;

	if (level < 0) {
		const char *env = getenv("EALNVME_LOG_LEVEL");

		level = EALNVME_LOG_NOTICE;
		for (int i = 0; env != NULL && i <= EALNVME_LOG_DEBUG; i++) {
			if (strcasecmp(env, g_level_names[i]) == 0) {
				level = i;
			}
		}
		g_threshold = level;
	}
	return level;
}

int
ealnvme_log_enabled(enum ealnvme_log_level level)
{
	return (int)level <= log_threshold();
}

void
ealnvme_log(enum ealnvme_log_level level, const char *func, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!ealnvme_log_enabled(level)) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* One fprintf per line so lines from several threads do not interleave. */
	if (level == EALNVME_LOG_DEBUG) {
		fprintf(stderr, "ealnvme %s: %s: %s\n", g_level_names[level], func, msg);
	} else {
		fprintf(stderr, "ealnvme %s: %s\n", g_level_names[level], msg);
	}
}
