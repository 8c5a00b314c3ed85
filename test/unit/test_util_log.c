/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for SPDK's log API over the library's logger (lib/log/):
 * EALNVME_LOG_LEVEL as the starting print level, the stderr line format,
 * thresholds shared with the library's own EALNVME_*LOG messages, the
 * user callback, open/close hooks honouring opts->size, flags and their
 * glob matching, spdk_log_usage, the hex dump and deprecations.
 */
#include "spdk/stdinc.h"
#include "spdk/log.h"
#include "ealnvme_log.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

SPDK_LOG_REGISTER_COMPONENT(test_beta)
SPDK_LOG_REGISTER_COMPONENT(test_alpha)
SPDK_LOG_DEPRECATION_REGISTER(test_old_api, "the old API", "v99.01", 1000)

/* ---- stderr capture ---- */
static char g_captured[8192];
static int g_saved_fd = -1;
static FILE *g_capture_file;

static void
capture_start(void)
{
	fflush(stderr);
	g_capture_file = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(g_capture_file);
	g_saved_fd = dup(STDERR_FILENO);
	dup2(fileno(g_capture_file), STDERR_FILENO);
}

static const char *
capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(g_saved_fd, STDERR_FILENO);
	close(g_saved_fd);
	rewind(g_capture_file);
	n = fread(g_captured, 1, sizeof(g_captured) - 1, g_capture_file);
	g_captured[n] = '\0';
	fclose(g_capture_file);
	return g_captured;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++) {
		n += *s == '\n';
	}
	return n;
}

/* ---- user callback ---- */
struct cb_record {
	int calls;
	int level;
	const char *file;
	int line;
	char msg[256];
};
static struct cb_record g_cb;

static void
record_cb(int level, const char *file, const int line, const char *func, const char *format,
	  va_list args)
{
	(void)func;
	g_cb.calls++;
	g_cb.level = level;
	g_cb.file = file;
	g_cb.line = line;
	vsnprintf(g_cb.msg, sizeof(g_cb.msg), format, args);
}

static int g_open_calls, g_close_calls;
static void *g_hook_ctx;

static void
open_hook(void *ctx)
{
	g_open_calls++;
	g_hook_ctx = ctx;
}

static void
close_hook(void *ctx)
{
	g_close_calls++;
	g_hook_ctx = ctx;
}

static void
test_env_start_level(void)
{
	/* main() set EALNVME_LOG_LEVEL=warn before any log call. */
	CU_ASSERT_EQUAL(spdk_log_get_print_level(), SPDK_LOG_WARN);
	CU_ASSERT_EQUAL(spdk_log_get_level(), SPDK_LOG_ERROR);
	CU_ASSERT_FALSE(spdk_log_get_flag("nvme"));
	CU_ASSERT_EQUAL(SPDK_LOG_DISABLED, -1);
	CU_ASSERT_EQUAL(SPDK_LOG_ERROR, 0);
	CU_ASSERT_EQUAL(SPDK_LOG_DEBUG, 4);
	CU_ASSERT_EQUAL(sizeof(struct spdk_log_opts), 40);
}

static void
test_stderr_format_and_threshold(void)
{
	const char *out;

	spdk_log_enable_timestamps(false);
	capture_start();
	SPDK_ERRLOG("bad thing %d\n", 42);
	SPDK_WARNLOG("careful\n");
	SPDK_NOTICELOG("not shown at warn\n");
	SPDK_PRINTF("plain %s\n", "text");	/* a notice too: not shown */
	EALNVME_WARNLOG("library warning");
	EALNVME_NOTICELOG("library notice, not shown");
	out = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "test_util_log.c:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, ":test_stderr_format_and_threshold: *ERROR*: bad thing 42\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "*WARNING*: careful\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ealnvme warn: library warning\n"));
	CU_ASSERT_PTR_NULL(strstr(out, "not shown"));
	CU_ASSERT_PTR_NULL(strstr(out, "plain"));
	CU_ASSERT_EQUAL(count_lines(out), 3);

	/* Raising the print level shows notices, from both APIs. */
	spdk_log_set_print_level(SPDK_LOG_NOTICE);
	capture_start();
	SPDK_PRINTF("plain %s\n", "text");
	EALNVME_NOTICELOG("library notice");
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out, "plain text\nealnvme notice: library notice\n");

	/* DISABLED silences both, errors included. */
	spdk_log_set_print_level(SPDK_LOG_DISABLED);
	capture_start();
	SPDK_ERRLOG("hidden\n");
	EALNVME_ERRLOG("hidden too");
	spdk_log(SPDK_LOG_DISABLED, NULL, 0, NULL, "never\n");
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out, "");

	/* An invalid level is refused (with a line) and changes nothing. */
	spdk_log_set_print_level(SPDK_LOG_ERROR);
	capture_start();
	spdk_log_set_print_level((enum spdk_log_level)9);
	spdk_log_set_level((enum spdk_log_level)-5);
	out = capture_end();
	CU_ASSERT_EQUAL(spdk_log_get_print_level(), SPDK_LOG_ERROR);
	CU_ASSERT_EQUAL(spdk_log_get_level(), SPDK_LOG_ERROR);
	CU_ASSERT_EQUAL(count_lines(out), 2);

	/* Timestamps on: "[YYYY-MM-DD hh:mm:ss.uuuuuu] " first. */
	spdk_log_enable_timestamps(true);
	capture_start();
	SPDK_ERRLOG("stamped\n");
	out = capture_end();
	CU_ASSERT_EQUAL(out[0], '[');
	CU_ASSERT_EQUAL(out[5], '-');
	CU_ASSERT_EQUAL(out[27], ']');
	spdk_log_enable_timestamps(false);
	CU_ASSERT_EQUAL(spdk_log_to_syslog_level(SPDK_LOG_ERROR), LOG_ERR);
	CU_ASSERT_EQUAL(spdk_log_to_syslog_level(SPDK_LOG_DEBUG), LOG_INFO);
	CU_ASSERT_EQUAL(spdk_log_to_syslog_level(SPDK_LOG_DISABLED), -1);
}

static void
test_callback(void)
{
	const char *out;

	spdk_log_set_print_level(SPDK_LOG_ERROR);
	memset(&g_cb, 0, sizeof(g_cb));
	spdk_log_open(record_cb);
	capture_start();
	/* The callback gets every spdk_log() call, whatever the levels. */
	spdk_log(SPDK_LOG_DEBUG, "f.c", 12, "fn", "dbg %d\n", 5);
	CU_ASSERT_EQUAL(g_cb.calls, 1);
	CU_ASSERT_EQUAL(g_cb.level, SPDK_LOG_DEBUG);
	CU_ASSERT_STRING_EQUAL(g_cb.file, "f.c");
	CU_ASSERT_EQUAL(g_cb.line, 12);
	CU_ASSERT_STRING_EQUAL(g_cb.msg, "dbg 5\n");
	/* The library's own notices and up reach it, info only with the flag and level. */
	EALNVME_NOTICELOG("ctrlr %s ready", "0000:00:04.0");
	CU_ASSERT_EQUAL(g_cb.calls, 2);
	CU_ASSERT_EQUAL(g_cb.level, SPDK_LOG_NOTICE);
	CU_ASSERT_STRING_EQUAL(g_cb.msg, "ctrlr 0000:00:04.0 ready\n");
	EALNVME_INFOLOG("info, flag off");
	CU_ASSERT_EQUAL(g_cb.calls, 2);
	out = capture_end();
	CU_ASSERT_STRING_EQUAL(out, "");	/* nothing went to stderr */
	spdk_log_close();

	/* Closed: back to stderr, the callback is no longer called. */
	capture_start();
	SPDK_ERRLOG("after close\n");
	out = capture_end();
	CU_ASSERT_EQUAL(g_cb.calls, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "after close"));
}

static void
test_open_ext_size(void)
{
	int ctx;
	struct spdk_log_opts opts = {
		.size = sizeof(opts), .log = record_cb, .open = open_hook, .close = close_hook,
		.user_ctx = &ctx,
	};

	g_open_calls = g_close_calls = 0;
	spdk_log_open_ext(&opts);
	CU_ASSERT_EQUAL(g_open_calls, 1);
	CU_ASSERT_PTR_EQUAL(g_hook_ctx, &ctx);
	spdk_log_close();
	CU_ASSERT_EQUAL(g_close_calls, 1);

	/* A caller built against a layout that ends after 'log' set nothing else. */
	opts.size = offsetof(struct spdk_log_opts, open);
	spdk_log_open_ext(&opts);
	CU_ASSERT_EQUAL(g_open_calls, 1);
	memset(&g_cb, 0, sizeof(g_cb));
	SPDK_ERRLOG("to cb\n");
	CU_ASSERT_EQUAL(g_cb.calls, 1);
	spdk_log_close();
	CU_ASSERT_EQUAL(g_close_calls, 1);

	/* Syslog: open and close without a callback; stderr keeps working. */
	spdk_log_open(NULL);
	spdk_log_set_level(SPDK_LOG_ERROR);
	capture_start();
	SPDK_ERRLOG("both\n");
	const char *out = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "both"));
	spdk_log_close();
}

static void
test_flags(void)
{
	struct spdk_log_flag *f;
	const char *names[8];
	int n = 0;
	const char *out;

	for (f = spdk_log_get_first_flag(); f != NULL && n < 8; f = spdk_log_get_next_flag(f)) {
		names[n++] = f->name;
	}
	/* Sorted by name, the library's "nvme" among them. */
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(names[0], "nvme");
	CU_ASSERT_STRING_EQUAL(names[1], "test_alpha");
	CU_ASSERT_STRING_EQUAL(names[2], "test_beta");

	CU_ASSERT_EQUAL(spdk_log_set_flag("TEST_ALPHA"), 0);	/* case-insensitive */
	CU_ASSERT_TRUE(spdk_log_get_flag("test_alpha"));
	CU_ASSERT_TRUE(SPDK_LOG_test_alpha.enabled);
	CU_ASSERT_FALSE(spdk_log_get_flag("test_beta"));
	CU_ASSERT_EQUAL(spdk_log_set_flag("test_*"), 0);
	CU_ASSERT_TRUE(spdk_log_get_flag("test_beta"));
	CU_ASSERT_EQUAL(spdk_log_clear_flag("*beta"), 0);
	CU_ASSERT_FALSE(spdk_log_get_flag("test_beta"));
	CU_ASSERT_EQUAL(spdk_log_set_flag("nope"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_log_clear_flag("nope*"), -EINVAL);
	CU_ASSERT_FALSE(spdk_log_get_flag("nope"));
	CU_ASSERT_EQUAL(spdk_log_set_flag("all"), 0);
	CU_ASSERT_TRUE(spdk_log_get_flag("nvme"));
	CU_ASSERT_EQUAL(spdk_log_clear_flag("all"), 0);
	CU_ASSERT_FALSE(spdk_log_get_flag("test_alpha"));

	/* A second registration of a name is refused. */
	static struct spdk_log_flag dup = { .name = "test_alpha" };
	capture_start();
	spdk_log_register_flag("test_alpha", &dup);
	out = capture_end();
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "test_alpha"));
	n = 0;
	for (f = spdk_log_get_first_flag(); f != NULL; f = spdk_log_get_next_flag(f)) {
		n++;
	}
	CU_ASSERT_EQUAL(n, 3);

	/* SPDK_INFOLOG needs its flag and an info print level. */
	spdk_log_set_print_level(SPDK_LOG_INFO);
	capture_start();
	SPDK_INFOLOG(test_alpha, "flag off\n");
	spdk_log_set_flag("test_alpha");
	SPDK_INFOLOG(test_alpha, "flag on\n");
	/* The library's info lines need "nvme". */
	EALNVME_INFOLOG("driver info hidden");
	spdk_log_set_flag("nvme");
	EALNVME_INFOLOG("driver info shown");
	EALNVME_DEBUGLOG("driver debug above the print level");
	out = capture_end();
	CU_ASSERT_PTR_NULL(strstr(out, "flag off"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "*INFO*: flag on\n"));
	CU_ASSERT_PTR_NULL(strstr(out, "hidden"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ealnvme info: driver info shown\n"));
	CU_ASSERT_PTR_NULL(strstr(out, "debug"));
	spdk_log_clear_flag("all");
	spdk_log_set_print_level(SPDK_LOG_ERROR);
}

static void
test_usage(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	static struct spdk_log_flag many[12];
	static char names[12][32];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int i = 0; i < 12; i++) {
		snprintf(names[i], sizeof(names[i]), "usage_flag_%02d", i);
		spdk_log_register_flag(names[i], &many[i]);
	}
	spdk_log_usage(f, "-L");
	fclose(f);
	CU_ASSERT_EQUAL(strncmp(buf, " -L, --logflag <flag>", 21), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "(all, nvme, test_alpha, test_beta, usage_flag_00"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "usage_flag_11)\n"));
	/* Wrapped: several lines, none wider than 100 columns. */
	CU_ASSERT(count_lines(buf) > 1);
	for (char *line = buf, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		CU_ASSERT(nl - line <= 100);
	}
	free(buf);
}

static void
test_dump(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	uint8_t data[20];

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int i = 0; i < 20; i++) {
		data[i] = (uint8_t)('A' + i);
	}
	data[3] = 0x01;
	spdk_log_dump(f, "label", data, sizeof(data));
	fclose(f);
	CU_ASSERT_EQUAL(strncmp(buf, "label\n00000000 ", 15), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "41 42 43 01 45"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "ABC.EFGHIJKLMNOP\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\n00000010 "));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "QRST\n"));
	CU_ASSERT_EQUAL(count_lines(buf), 3);
	free(buf);
}

static int
count_deprecations(void *ctx, struct spdk_deprecation *dep)
{
	(*(int *)ctx)++;
	return strcmp(spdk_deprecation_get_tag(dep), "stop_here") == 0 ? 7 : 0;
}

static void
test_deprecation(void)
{
	struct spdk_deprecation *dep;
	const char *out;
	char long_tag[80];
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(_deprecated_test_old_api);
	CU_ASSERT_STRING_EQUAL(spdk_deprecation_get_tag(_deprecated_test_old_api), "test_old_api");
	CU_ASSERT_STRING_EQUAL(spdk_deprecation_get_description(_deprecated_test_old_api), "the old API");
	CU_ASSERT_STRING_EQUAL(spdk_deprecation_get_remove_release(_deprecated_test_old_api), "v99.01");
	spdk_log_set_print_level(SPDK_LOG_WARN);
	capture_start();
	SPDK_LOG_DEPRECATED(test_old_api);
	SPDK_LOG_DEPRECATED(test_old_api);	/* within 1000 s: counted, not logged */
	out = capture_end();
	CU_ASSERT_EQUAL(spdk_deprecation_get_hits(_deprecated_test_old_api), 2);
	CU_ASSERT_EQUAL(count_lines(out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "test_old_api: deprecated feature the old API to be removed in v99.01"));

	CU_ASSERT_EQUAL(spdk_log_deprecation_register("always", "d", "v1", SPDK_LOG_DEPRECATION_ALWAYS,
			&dep), 0);
	capture_start();
	spdk_log_deprecated(dep, "x.c", 1, "f");
	spdk_log_deprecated(dep, "x.c", 2, "f");
	out = capture_end();
	CU_ASSERT_EQUAL(count_lines(out), 2);

	CU_ASSERT_EQUAL(spdk_log_for_each_deprecation(&n, count_deprecations), 0);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(spdk_log_deprecation_register("stop_here", "d", "v1", 0, &dep), 0);
	n = 0;
	CU_ASSERT_EQUAL(spdk_log_for_each_deprecation(&n, count_deprecations), 7);
	CU_ASSERT_EQUAL(n, 3);

	memset(long_tag, 'x', sizeof(long_tag) - 1);
	long_tag[sizeof(long_tag) - 1] = '\0';
	capture_start();
	CU_ASSERT_EQUAL(spdk_log_deprecation_register(long_tag, "d", "v1", 0, &dep), -EINVAL);
	capture_end();
	spdk_log_set_print_level(SPDK_LOG_ERROR);
}

/*
 * The flags above register from constructors, which already start the log
 * module: set its environment in a constructor that runs before them.
 */
__attribute__((constructor(101))) static void
set_log_env(void)
{
	setenv("EALNVME_LOG_LEVEL", "warn", 1);
}

static const struct cu_test g_tests[] = {
	{ "EALNVME_LOG_LEVEL start level", test_env_start_level },
	{ "stderr format and threshold", test_stderr_format_and_threshold },
	{ "user callback", test_callback },
	{ "open_ext and opts size", test_open_ext_size },
	{ "flags", test_flags },
	{ "spdk_log_usage", test_usage },
	{ "spdk_log_dump", test_dump },
	{ "deprecations", test_deprecation },
};

/* Deprecations are heap objects owned by the log module for the process'
 * life, as in SPDK; valgrind sees them as still reachable, not leaked. */
int
main(void)
{
	return cu_main("util_log", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
