/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SPDK's log API (spdk/log.h): levels, the stderr/syslog/callback sinks,
 * spdk_log(), spdk_flog() and the hex dump.  Shares its state with the
 * library's own messages (ealnvme_log.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <ctype.h>

#include "spdk/util.h"
#include "ealnvme_log.h"
#include "log_internal.h"

struct log_state g_log = {
	.print_level = SPDK_LOG_NOTICE,
	.log_level = SPDK_LOG_ERROR,
	.timestamps = true,
};

static const char *const g_level_names[] = {
	[SPDK_LOG_ERROR] = "ERROR",
	[SPDK_LOG_WARN] = "WARNING",
	[SPDK_LOG_NOTICE] = "NOTICE",
	[SPDK_LOG_INFO] = "INFO",
	[SPDK_LOG_DEBUG] = "DEBUG",
};

const char *
log_level_name(int level)
{
	if (level < SPDK_LOG_ERROR || level > SPDK_LOG_DEBUG) {
		return "LOG";
	}
	return g_level_names[level];
}

static bool
level_valid(enum spdk_log_level level, const char *what)
{
	if (level < SPDK_LOG_DISABLED || level > SPDK_LOG_DEBUG) {
		EALNVME_ERRLOG("%s: level %d is not an enum spdk_log_level (SPDK_LOG_DISABLED..SPDK_LOG_DEBUG); unchanged",
			       what, (int)level);
		return false;
	}
	return true;
}

void
spdk_log_set_level(enum spdk_log_level level)
{
	log_init();
	if (level_valid(level, "spdk_log_set_level")) {
		g_log.log_level = level;
	}
}

enum spdk_log_level
spdk_log_get_level(void)
{
	log_init();
	return g_log.log_level;
}

void
spdk_log_set_print_level(enum spdk_log_level level)
{
	log_init();
	if (level_valid(level, "spdk_log_set_print_level")) {
		g_log.print_level = level;
	}
}

enum spdk_log_level
spdk_log_get_print_level(void)
{
	log_init();
	return g_log.print_level;
}

int
spdk_log_to_syslog_level(enum spdk_log_level level)
{
	switch (level) {
	case SPDK_LOG_DISABLED:
		return -1;
	case SPDK_LOG_ERROR:
		return LOG_ERR;
	case SPDK_LOG_WARN:
		return LOG_WARNING;
	case SPDK_LOG_NOTICE:
		return LOG_NOTICE;
	default:
		/* Info and debug both map to syslog's info. */
		return LOG_INFO;
	}
}

static void
syslog_open_hook(void *ctx)
{
	(void)ctx;
	openlog("spdk", LOG_PID, LOG_LOCAL7);
	g_log.syslog_open = true;
}

static void
syslog_close_hook(void *ctx)
{
	(void)ctx;
	closelog();
	g_log.syslog_open = false;
}

void
spdk_log_open_ext(struct spdk_log_opts *opts)
{
	log_init();
	if (opts == NULL) {
		g_log.cb = NULL;
		g_log.open = syslog_open_hook;
		g_log.close = syslog_close_hook;
		g_log.user_ctx = NULL;
	} else {
		/* Fields beyond the caller's opts->size were not set by it. */
		g_log.cb = SPDK_GET_FIELD(opts, log, NULL);
		g_log.open = SPDK_GET_FIELD(opts, open, NULL);
		g_log.close = SPDK_GET_FIELD(opts, close, NULL);
		g_log.user_ctx = SPDK_GET_FIELD(opts, user_ctx, NULL);
	}
	if (g_log.open != NULL) {
		g_log.open(g_log.user_ctx);
	}
}

void
spdk_log_open(spdk_log_cb *log)
{
	struct spdk_log_opts opts = { .size = sizeof(opts), .log = log };

	spdk_log_open_ext(log != NULL ? &opts : NULL);
}

void
spdk_log_close(void)
{
	log_init();
	if (g_log.close != NULL) {
		g_log.close(g_log.user_ctx);
	}
	g_log.cb = NULL;
	g_log.open = NULL;
	g_log.close = NULL;
	g_log.user_ctx = NULL;
}

void
spdk_log_enable_timestamps(bool value)
{
	log_init();
	g_log.timestamps = value;
}

/* "[YYYY-MM-DD hh:mm:ss.uuuuuu] " or "" when timestamps are off. */
static void
timestamp_prefix(char *buf, size_t size)
{
	struct timespec now;
	struct tm tm;
	char date[32];

	buf[0] = '\0';
	if (!g_log.timestamps) {
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	if (localtime_r(&now.tv_sec, &tm) == NULL) {
		snprintf(buf, size, "[unknown date.%06ld] ", now.tv_nsec / 1000);
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, size, "[%s.%06ld] ", date, now.tv_nsec / 1000);
}

/* cb takes a format and a va_list; this makes one for an already formatted message. */
static void
call_cb(int level, const char *file, int line, const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_log.cb(level, file, line, func, fmt, ap);
	va_end(ap);
}

void
log_to_cb(int level, const char *file, int line, const char *func, const char *msg)
{
	call_cb(level, file, line, func, "%s\n", msg);
}

void
spdk_vlog(enum spdk_log_level level, const char *file, const int line, const char *func,
	  const char *format, va_list ap)
{
	char small[1024], stamp[64];
	char *msg = small, *big = NULL;
	bool to_stderr, to_syslog;
	va_list again;
	int len;

	log_init();
	if (g_log.cb != NULL) {
		/* As in SPDK, a callback sees every message, whatever its level. */
		g_log.cb(level, file, line, func, format, ap);
		return;
	}
	if (level <= SPDK_LOG_DISABLED) {
		return;
	}
	to_stderr = level <= g_log.print_level;
	to_syslog = g_log.syslog_open && level <= g_log.log_level;
	if (!to_stderr && !to_syslog) {
		return;
	}

	va_copy(again, ap);
	len = vsnprintf(small, sizeof(small), format, ap);
	if (len >= (int)sizeof(small) && vasprintf(&big, format, again) >= 0) {
		msg = big;
	}
	va_end(again);

	if (to_stderr) {
		timestamp_prefix(stamp, sizeof(stamp));
		if (file != NULL) {
			fprintf(stderr, "%s%s:%4d:%s: *%s*: %s", stamp, file, line,
				func != NULL ? func : "", log_level_name(level), msg);
		} else {
			fprintf(stderr, "%s%s", stamp, msg);
		}
	}
	if (to_syslog) {
		if (file != NULL) {
			syslog(spdk_log_to_syslog_level(level), "%s:%4d:%s: *%s*: %s", file, line,
			       func != NULL ? func : "", log_level_name(level), msg);
		} else {
			syslog(spdk_log_to_syslog_level(level), "%s", msg);
		}
	}
	free(big);
}

void
spdk_log(enum spdk_log_level level, const char *file, const int line, const char *func,
	 const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	spdk_vlog(level, file, line, func, format, ap);
	va_end(ap);
}

void
spdk_vflog(FILE *fp, const char *file, const int line, const char *func,
	   const char *format, va_list ap)
{
	char msg[1024], stamp[64];

	log_init();
	vsnprintf(msg, sizeof(msg), format, ap);
	timestamp_prefix(stamp, sizeof(stamp));
	if (file != NULL) {
		fprintf(fp, "%s%s:%4d:%s: %s", stamp, file, line, func != NULL ? func : "", msg);
	} else {
		fprintf(fp, "%s%s", stamp, msg);
	}
	fflush(fp);
}

void
spdk_flog(FILE *fp, const char *file, const int line, const char *func,
	  const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	spdk_vflog(fp, file, line, func, format, ap);
	va_end(ap);
}

void
spdk_log_dump(FILE *fp, const char *label, const void *buf, size_t len)
{
	const uint8_t *b = (const uint8_t *)buf;

	fprintf(fp, "%s\n", label);
	/* "00000010  xx xx xx xx xx xx xx xx  xx xx ... xx  ascii" */
	for (size_t off = 0; off < len; off += 16) {
		char line[96];
		char ascii[17];
		size_t n = spdk_min(len - off, (size_t)16);
		int pos = snprintf(line, sizeof(line), "%08zx ", off);

		for (size_t i = 0; i < 16; i++) {
			if (i % 8 == 0) {
				line[pos++] = ' ';
			}
			if (i < n) {
				pos += snprintf(line + pos, sizeof(line) - (size_t)pos, "%02x ", b[off + i]);
				ascii[i] = isprint(b[off + i]) ? (char)b[off + i] : '.';
			} else {
				pos += snprintf(line + pos, sizeof(line) - (size_t)pos, "   ");
			}
		}
		ascii[n] = '\0';
		fprintf(fp, "%s %s\n", line, ascii);
	}
	fflush(fp);
}
