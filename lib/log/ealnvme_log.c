/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The library's own messages (EALNVME_*LOG).  They go through the same
 * thresholds and sink as SPDK's log API (spdk_log.c): the stderr threshold
 * is the print level, which EALNVME_LOG_LEVEL sets at start and
 * spdk_log_set_print_level() changes; info and debug lines also need the
 * flag "nvme" (EALNVME_LOG_LEVEL=info/debug turns it on).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <syslog.h>

#include "ealnvme_log.h"
#include "log_internal.h"

/* Our levels are SPDK's, value for value. */
_Static_assert((int)EALNVME_LOG_ERROR == (int)SPDK_LOG_ERROR &&
	       (int)EALNVME_LOG_DEBUG == (int)SPDK_LOG_DEBUG, "log levels differ");

static const char *const g_env_level_names[] = {
	[EALNVME_LOG_ERROR] = "error",
	[EALNVME_LOG_WARN] = "warn",
	[EALNVME_LOG_NOTICE] = "notice",
	[EALNVME_LOG_INFO] = "info",
	[EALNVME_LOG_DEBUG] = "debug",
};

static pthread_once_t g_log_once = PTHREAD_ONCE_INIT;

static void
log_init_once(void)
{
	const char *env = getenv("EALNVME_LOG_LEVEL");
	int level = EALNVME_LOG_NOTICE;

	for (int i = 0; env != NULL && i <= EALNVME_LOG_DEBUG; i++) {
		if (strcasecmp(env, g_env_level_names[i]) == 0) {
			level = i;
		}
	}
	g_log.print_level = (enum spdk_log_level)level;
	log_flag_insert(&g_log_flag_nvme);
	if (level >= EALNVME_LOG_INFO) {
		g_log_flag_nvme.enabled = true;
	}
}

void
log_init(void)
{
	pthread_once(&g_log_once, log_init_once);
}

int
ealnvme_log_enabled(enum ealnvme_log_level level)
{
	int threshold;

	log_init();
	if (level >= EALNVME_LOG_INFO && !g_log_flag_nvme.enabled) {
		return 0;
	}
	threshold = g_log.print_level;
	/* A user callback gets errors, warnings and notices as in SPDK. */
	if (g_log.cb != NULL && threshold < SPDK_LOG_NOTICE) {
		threshold = SPDK_LOG_NOTICE;
	}
	if (g_log.syslog_open && threshold < (int)g_log.log_level) {
		threshold = g_log.log_level;
	}
	return (int)level <= threshold;
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

	if (g_log.cb != NULL) {
		log_to_cb(level, "ealnvme", 0, func, msg);
		return;
	}
	/* One fprintf per line so lines from several threads do not interleave. */
	if ((int)level <= (int)g_log.print_level) {
		if (level == EALNVME_LOG_DEBUG) {
			fprintf(stderr, "ealnvme %s: %s: %s\n", g_env_level_names[level], func, msg);
		} else {
			fprintf(stderr, "ealnvme %s: %s\n", g_env_level_names[level], msg);
		}
	}
	if (g_log.syslog_open && (int)level <= (int)g_log.log_level) {
		syslog(spdk_log_to_syslog_level((enum spdk_log_level)level), "ealnvme %s: %s",
		       g_env_level_names[level], msg);
	}
}
