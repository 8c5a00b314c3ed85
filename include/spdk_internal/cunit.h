/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * CUnit helpers of SPDK's test programs (spdk_internal/cunit.h): the fatal
 * assertion that static analysers understand, and spdk_ut_run_tests(), the
 * command line and runner of a CUnit test program (-s suite, -t test, -l,
 * -h, plus the program's own options).
 *
 * spdk_ut_run_tests() is in the separate static library libealnvme_ut
 * (lib/ut/ut.c, meson dependency ealnvme_ut_dep), not in libealnvme: the
 * driver does not link CUnit.  Link a test program with -lealnvme_ut -lcunit.
 */
#ifndef SPDK_CUNIT_H
#define SPDK_CUNIT_H

#include "spdk/stdinc.h"

#include <CUnit/Basic.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CU_ASSERT_FATAL leaves the test by longjmp() when cond is false, but its
 * function is not declared noreturn; the abort() that is never reached
 * tells compilers and analysers that nothing after a failed check runs. */
#define SPDK_CU_ASSERT_FATAL(cond)		\
	do {					\
		int cu_ok_ = !!(cond);		\
		CU_ASSERT_FATAL(cu_ok_);	\
		if (!cu_ok_) {			\
			abort();		\
		}				\
	} while (0)

/* Called with each option of the program's own (opt: the getopt value);
 * non-zero stops parsing and spdk_ut_run_tests() returns 1. */
typedef int (*spdk_ut_option_cb)(int opt, const char *optarg, void *cb_arg);

/* Called after the runner's usage lines for -h and bad arguments. */
typedef void (*spdk_ut_usage_cb)(void *cb_arg);

/* Called after parsing, before the tests run; non-zero: no test runs and
 * spdk_ut_run_tests() returns 1. */
typedef int (*spdk_ut_init_cb)(void *cb_arg);

/* The program's additions to the runner's command line. */
struct spdk_ut_opts {
	const char *optstring;		/* short options, getopt syntax */
	const struct option *opts;	/* long options ... */
	size_t optlen;			/* ... and how many */
	void *cb_arg;
	spdk_ut_option_cb option_cb_fn;
	spdk_ut_init_cb init_cb_fn;
	spdk_ut_usage_cb usage_cb_fn;
};

/* Parse argv and run the registered CUnit tests: all of them, one suite
 * (-s NAME) or one test (-t NAME, with -s when there are several suites);
 * -l lists them, -h prints the usage.  opts may be NULL.  Returns the
 * number of failed assertions, 0 for -l / -h, and 1 for a bad argument, an
 * unknown suite or test, or a failed init callback. */
int spdk_ut_run_tests(int argc, char **argv, const struct spdk_ut_opts *opts);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_CUNIT_H */
