/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * State shared by the library's logger (ealnvme_log.c) and SPDK's log API
 * (spdk_log.c, log_flags.c): one set of thresholds and one sink.
 */
#ifndef EALNVME_LOG_INTERNAL_H
#define EALNVME_LOG_INTERNAL_H

#include "spdk/log.h"

struct log_state {
	/* stderr threshold; starts from EALNVME_LOG_LEVEL. */
	enum spdk_log_level	print_level;
	/* syslog threshold, used once spdk_log_open(NULL) opened syslog. */
	enum spdk_log_level	log_level;
	bool			syslog_open;
	bool			timestamps;
	/* spdk_log_open*() hooks; cb replaces stderr and syslog. */
	spdk_log_cb		*cb;
	spdk_log_open_cb	*open;
	spdk_log_close_cb	*close;
	void			*user_ctx;
};

extern struct log_state g_log;

/* The flag "nvme": gates the library's info and debug messages. */
extern struct spdk_log_flag g_log_flag_nvme;

/* Read EALNVME_LOG_LEVEL and register the built-in flags, once.  Every
 * entry point calls it, so no constructor is needed. */
void log_init(void);

/* Add a flag to the sorted list without log_init() (used by it). */
void log_flag_insert(struct spdk_log_flag *flag);

/* Name of a level for messages ("ERROR", ...), "LOG" for anything else. */
const char *log_level_name(int level);

/* Hand one finished message line (no trailing newline) to the user's callback. */
void log_to_cb(int level, const char *file, int line, const char *func, const char *msg);

#endif /* EALNVME_LOG_INTERNAL_H */
