/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Internal logging.  One line per event on stderr, prefixed "ealnvme".
 * The threshold comes from EALNVME_LOG_LEVEL (error, warn, notice, info,
 * debug; default notice), read once.  Not for hot paths except on errors.
 */
#ifndef EALNVME_LOG_H
#define EALNVME_LOG_H

enum ealnvme_log_level {
	EALNVME_LOG_ERROR = 0,
	EALNVME_LOG_WARN,
	EALNVME_LOG_NOTICE,
	EALNVME_LOG_INFO,
	EALNVME_LOG_DEBUG,
};

void ealnvme_log(enum ealnvme_log_level level, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ealnvme_log_enabled(enum ealnvme_log_level level);

#define EALNVME_ERRLOG(...)	ealnvme_log(EALNVME_LOG_ERROR, __func__, __VA_ARGS__)
#define EALNVME_WARNLOG(...)	ealnvme_log(EALNVME_LOG_WARN, __func__, __VA_ARGS__)
#define EALNVME_NOTICELOG(...)	ealnvme_log(EALNVME_LOG_NOTICE, __func__, __VA_ARGS__)
#define EALNVME_INFOLOG(...)	ealnvme_log(EALNVME_LOG_INFO, __func__, __VA_ARGS__)
#define EALNVME_DEBUGLOG(...)	ealnvme_log(EALNVME_LOG_DEBUG, __func__, __VA_ARGS__)

#endif /* EALNVME_LOG_H */
