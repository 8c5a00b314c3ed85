/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SPDK's logging API.  It shares one sink and one threshold with the
 * library's own messages (lib/log/):
 *  - stderr gets every message at or below the print level
 *    (spdk_log_set_print_level()); the print level starts from the
 *    environment variable EALNVME_LOG_LEVEL (error, warn, notice, info,
 *    debug; notice when unset);
 *  - after spdk_log_open(NULL), syslog gets messages at or below the log
 *    level (spdk_log_set_level(), error at start);
 *  - after spdk_log_open(cb), cb gets every spdk_log() message instead, and
 *    the library's own messages at notice and above (info/debug too when the
 *    print level asks for them).
 * Debug-flag messages (SPDK_DEBUGLOG, SPDK_LOGDUMP) compile to nothing
 * unless DEBUG is defined, as in SPDK; SPDK_INFOLOG needs its flag enabled.
 * The library registers the flag "nvme"; enabling it (and a print level of
 * info or debug) shows the driver's info/debug messages.
 */
#ifndef SPDK_LOG_H
#define SPDK_LOG_H

#include "spdk/stdinc.h"
#include "spdk/assert.h"
#include "spdk/queue.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPDK_LOG_DEPRECATION_EVERY_24H	86400
#define SPDK_LOG_DEPRECATION_ALWAYS	0

/* A replacement log function: receives every spdk_log() call unformatted. */
typedef void spdk_log_cb(int level, const char *file, const int line,
			 const char *func, const char *format, va_list args);
/* Called by spdk_log_open_ext() / spdk_log_close() with opts->user_ctx. */
typedef void spdk_log_open_cb(void *ctx);
typedef void spdk_log_close_cb(void *ctx);

struct spdk_log_opts {
	/* sizeof(struct spdk_log_opts) as the caller knows it: fields past it are defaulted. */
	size_t			size;
	spdk_log_cb		*log;
	spdk_log_open_cb	*open;
	spdk_log_close_cb	*close;
	void			*user_ctx;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_log_opts) == 40, "struct spdk_log_opts must be 40 bytes");

/* Send messages to 'log', or to syslog when log is NULL (as well as stderr). */
void spdk_log_open(spdk_log_cb *log);
/* The same with open/close hooks; opts NULL means syslog. */
void spdk_log_open_ext(struct spdk_log_opts *opts);
/* Undo spdk_log_open*(): no callback, no syslog (stderr stays). */
void spdk_log_close(void);

/* Prefix stderr lines of spdk_log() with the wall-clock time (default: on). */
void spdk_log_enable_timestamps(bool value);

enum spdk_log_level {
	/* As a threshold: log nothing. */
	SPDK_LOG_DISABLED = -1,
	SPDK_LOG_ERROR,
	SPDK_LOG_WARN,
	SPDK_LOG_NOTICE,
	SPDK_LOG_INFO,
	SPDK_LOG_DEBUG,
};

/* Threshold for syslog (after spdk_log_open(NULL)). */
void spdk_log_set_level(enum spdk_log_level level);
enum spdk_log_level spdk_log_get_level(void);

/* The syslog priority for a level; -1 for SPDK_LOG_DISABLED. */
int spdk_log_to_syslog_level(enum spdk_log_level level);

/* Threshold for stderr; SPDK_LOG_DISABLED silences it. */
void spdk_log_set_print_level(enum spdk_log_level level);
enum spdk_log_level spdk_log_get_print_level(void);

#ifdef DEBUG
#define SPDK_DEBUGLOG_FLAG_ENABLED(name) spdk_log_get_flag(name)
#else
#define SPDK_DEBUGLOG_FLAG_ENABLED(name) false
#endif

#define SPDK_ERRLOG(...) \
	spdk_log(SPDK_LOG_ERROR, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define SPDK_WARNLOG(...) \
	spdk_log(SPDK_LOG_WARN, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define SPDK_NOTICELOG(...) \
	spdk_log(SPDK_LOG_NOTICE, __FILE__, __LINE__, __func__, __VA_ARGS__)
/* A notice without the file/line/function prefix. */
#define SPDK_PRINTF(...) \
	spdk_log(SPDK_LOG_NOTICE, NULL, -1, NULL, __VA_ARGS__)

/* Only when the flag registered by SPDK_LOG_REGISTER_COMPONENT(flag) is enabled. */
#define SPDK_INFOLOG(flag, ...) do {						\
	extern struct spdk_log_flag SPDK_LOG_##flag;				\
	if (SPDK_LOG_##flag.enabled) {						\
		spdk_log(SPDK_LOG_INFO, __FILE__, __LINE__, __func__, __VA_ARGS__); \
	}									\
} while (0)

/* At most one error per second from this call site; needs spdk/env.h for the ticks. */
#define SPDK_ERRLOG_RATELIMIT(...) do {						\
	static uint64_t spdk_rl_last_ = 0;					\
	static uint64_t spdk_rl_dropped_ = 0;					\
	uint64_t spdk_rl_now_ = spdk_get_ticks();				\
	if (spdk_rl_now_ > spdk_rl_last_ + spdk_get_ticks_hz()) {		\
		spdk_rl_last_ = spdk_rl_now_;					\
		SPDK_ERRLOG(__VA_ARGS__);					\
		if (spdk_rl_dropped_ > 0) {					\
			SPDK_ERRLOG("(same message squashed %" PRIu64 " times)\n", \
				    spdk_rl_dropped_);				\
			spdk_rl_dropped_ = 0;					\
		}								\
	} else {								\
		spdk_rl_dropped_++;						\
	}									\
} while (0)

#ifdef DEBUG
#define SPDK_DEBUGLOG(flag, ...) do {						\
	extern struct spdk_log_flag SPDK_LOG_##flag;				\
	if (SPDK_LOG_##flag.enabled) {						\
		spdk_log(SPDK_LOG_DEBUG, __FILE__, __LINE__, __func__, __VA_ARGS__); \
	}									\
} while (0)

#define SPDK_LOGDUMP(flag, label, buf, len) do {				\
	extern struct spdk_log_flag SPDK_LOG_##flag;				\
	if (SPDK_LOG_##flag.enabled) {						\
		spdk_log_dump(stderr, (label), (buf), (len));			\
	}									\
} while (0)
#else
#define SPDK_DEBUGLOG(...)	do { } while (0)
#define SPDK_LOGDUMP(...)	do { } while (0)
#endif

/*
 * Log one message (printf format; SPDK messages end in "\n" themselves).
 * Dropped for SPDK_LOG_DISABLED or when no sink wants the level.
 */
void spdk_log(enum spdk_log_level level, const char *file, const int line, const char *func,
	      const char *format, ...) __attribute__((__format__(__printf__, 5, 6)));
void spdk_vlog(enum spdk_log_level level, const char *file, const int line, const char *func,
	       const char *format, va_list ap);

/* Write one message to fp whatever the levels ("file:line:func: " prefix when file is set). */
void spdk_flog(FILE *fp, const char *file, const int line, const char *func,
	       const char *format, ...) __attribute__((__format__(__printf__, 5, 6)));
void spdk_vflog(FILE *fp, const char *file, const int line, const char *func,
		const char *format, va_list ap);

/* Hex and ASCII dump of buf, 16 bytes a line, under a 'label' line. */
void spdk_log_dump(FILE *fp, const char *label, const void *buf, size_t len);

/* A named switch for optional messages. */
struct spdk_log_flag {
	TAILQ_ENTRY(spdk_log_flag) tailq;
	const char *name;
	bool enabled;
};

/* Add a flag (kept sorted by name); a duplicate name is refused with a log line. */
void spdk_log_register_flag(const char *name, struct spdk_log_flag *flag);

/* Define the flag SPDK_LOG_<flag> and register it before main(). */
#define SPDK_LOG_REGISTER_COMPONENT(flag)					\
struct spdk_log_flag SPDK_LOG_##flag = {					\
	.tailq = { NULL, NULL },						\
	.name = #flag,								\
	.enabled = false,							\
};										\
__attribute__((constructor)) static void register_flag_##flag(void)		\
{										\
	spdk_log_register_flag(#flag, &SPDK_LOG_##flag);			\
}

/* Walk the registered flags in name order. */
struct spdk_log_flag *spdk_log_get_first_flag(void);
struct spdk_log_flag *spdk_log_get_next_flag(struct spdk_log_flag *flag);

/* True when the flag exists and is enabled (names compare case-insensitively). */
bool spdk_log_get_flag(const char *flag);

/*
 * Enable / disable every flag whose name matches the fnmatch(3) pattern
 * (case-insensitive); "all" means every flag.  0, or -EINVAL when nothing
 * matched.
 */
int spdk_log_set_flag(const char *flag);
int spdk_log_clear_flag(const char *flag);

/* Print the --logflag usage line with every registered flag, for 'log_arg' (e.g. "-L"). */
void spdk_log_usage(FILE *f, const char *log_arg);

/* Deprecated features: registered once, logged (rate limited) when used. */
struct spdk_deprecation;

/* 0, -EINVAL for a too long tag/description/release, -ENOMEM. */
int spdk_log_deprecation_register(const char *tag, const char *description,
				  const char *remove_release, uint32_t rate_limit_seconds,
				  struct spdk_deprecation **reg);

#define SPDK_LOG_DEPRECATION_REGISTER(tag, desc, release, rate)		\
	struct spdk_deprecation *_deprecated_##tag;				\
	static void __attribute__((constructor)) _spdk_deprecation_register_##tag(void) \
	{									\
		int spdk_rc_ = spdk_log_deprecation_register(#tag, desc, release, rate, \
							     &_deprecated_##tag); \
		(void)spdk_rc_;							\
		assert(spdk_rc_ == 0);						\
	}

/* Count a use and log a warning, at most once per the rate limit. */
void spdk_log_deprecated(struct spdk_deprecation *deprecation, const char *file, uint32_t line,
			 const char *func);

#define SPDK_LOG_DEPRECATED(tag) \
	spdk_log_deprecated(_deprecated_##tag, __FILE__, __LINE__, __func__)

/* Return non-zero to stop the walk. */
typedef int (*spdk_log_for_each_deprecation_fn)(void *ctx, struct spdk_deprecation *deprecation);

/* Call fn for each deprecation; returns the last non-zero result, or 0. */
int spdk_log_for_each_deprecation(void *ctx, spdk_log_for_each_deprecation_fn fn);

const char *spdk_deprecation_get_tag(const struct spdk_deprecation *deprecation);
const char *spdk_deprecation_get_description(const struct spdk_deprecation *deprecation);
const char *spdk_deprecation_get_remove_release(const struct spdk_deprecation *deprecation);
/* How many times the deprecated code ran. */
uint64_t spdk_deprecation_get_hits(const struct spdk_deprecation *deprecation);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_LOG_H */
