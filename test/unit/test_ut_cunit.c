/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_internal/cunit.h and libealnvme_ut: SPDK_CU_ASSERT_FATAL and
 * spdk_ut_run_tests() (-s, -t, -l, -h, the program's own options, the init
 * callback, bad arguments).  spdk_ut_run_tests() drives the CUnit registry
 * itself, so this program cannot be a CUnit suite: it registers suites
 * whose tests record what ran, calls the runner with one command line after
 * another, and checks return values and records with plain comparisons.
 * Exit status 0 only when every check held.
 */
#include "spdk/stdinc.h"
#include "spdk/util.h"
#include "spdk_internal/cunit.h"

static unsigned int g_ran_pass_a, g_ran_pass_b, g_ran_fatal, g_after_fatal;
static unsigned int g_usage_calls, g_init_calls;
static int g_init_rc;
static char g_extra_arg[64];
static int g_checks_failed;

#define CHECK(cond) do {							\
		if (!(cond)) {							\
			fprintf(stderr, "CHECK FAILED line %d: %s\n", __LINE__, #cond); \
			g_checks_failed++;					\
		}								\
	} while (0)

static void
t_pass_a(void)
{
	g_ran_pass_a++;
	SPDK_CU_ASSERT_FATAL(g_ran_pass_a > 0);
	CU_ASSERT(true);
}

static void
t_pass_b(void)
{
	g_ran_pass_b++;
	SPDK_CU_ASSERT_FATAL(1 + 1 == 2);
}

/* Two failures at most: the CU_ASSERT, then the fatal one ends the test. */
static void
t_fatal(void)
{
	g_ran_fatal++;
	CU_ASSERT(g_ran_fatal == 0);
	SPDK_CU_ASSERT_FATAL(g_ran_fatal == 0);
	g_after_fatal++;
}

static int
opt_cb(int opt, const char *arg, void *cb_arg)
{
	CHECK(cb_arg == &g_extra_arg);
	if (opt != 'x') {
		return -1;
	}
	snprintf(g_extra_arg, sizeof(g_extra_arg), "%s", arg);
	return 0;
}

static void
usage_cb(void *cb_arg)
{
	(void)cb_arg;
	g_usage_calls++;
}

static int
init_cb(void *cb_arg)
{
	(void)cb_arg;
	g_init_calls++;
	return g_init_rc;
}

/* The program's options, ending with the usual terminator, which the
 * runner must skip: --help and --list come after it in its table. */
static const struct option g_extra_opts[] = {
	{ "extra", required_argument, NULL, 'x' },
	{ "other", no_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 },
};

static const struct spdk_ut_opts g_opts = {
	.optstring = "x:y",
	.opts = g_extra_opts,
	.optlen = SPDK_COUNTOF(g_extra_opts),
	.cb_arg = &g_extra_arg,
	.option_cb_fn = opt_cb,
	.init_cb_fn = init_cb,
	.usage_cb_fn = usage_cb,
};

static int
run(const struct spdk_ut_opts *opts, const char *a1, const char *a2, const char *a3,
    const char *a4)
{
	char *argv[6] = { (char *)"test_ut_cunit", (char *)a1, (char *)a2, (char *)a3,
			  (char *)a4, NULL
			};
	int argc = 1;

	while (argc < 5 && argv[argc] != NULL) {
		argc++;
	}
	g_ran_pass_a = g_ran_pass_b = g_ran_fatal = g_after_fatal = 0;
	g_usage_calls = g_init_calls = 0;
	return spdk_ut_run_tests(argc, argv, opts);
}

static void
register_suites(void)
{
	CU_pSuite good = CU_add_suite("good", NULL, NULL);
	CU_pSuite bad = CU_add_suite("bad", NULL, NULL);

	CHECK(good != NULL && bad != NULL);
	CHECK(CU_add_test(good, "t_pass_a", t_pass_a) != NULL);
	CHECK(CU_add_test(good, "t_pass_b", t_pass_b) != NULL);
	CHECK(CU_add_test(bad, "t_fatal", t_fatal) != NULL);
}

int
main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	register_suites();

	/* Everything: the two failures of t_fatal, nothing after the fatal one. */
	CHECK(run(NULL, NULL, NULL, NULL, NULL) == 2);
	CHECK(g_ran_pass_a == 1 && g_ran_pass_b == 1 && g_ran_fatal == 1);
	CHECK(g_after_fatal == 0);

	CHECK(run(NULL, "-s", "good", NULL, NULL) == 0);
	CHECK(g_ran_pass_a == 1 && g_ran_pass_b == 1 && g_ran_fatal == 0);

	CHECK(run(NULL, "--suite", "good", "--test", "t_pass_b") == 0);
	CHECK(g_ran_pass_a == 0 && g_ran_pass_b == 1);

	CHECK(run(NULL, "-s", "bad", NULL, NULL) == 2);
	CHECK(g_ran_fatal == 1 && g_after_fatal == 0);

	/* -t without -s while two suites exist, unknown names: 1, nothing runs. */
	CHECK(run(NULL, "-t", "t_pass_a", NULL, NULL) == 1);
	CHECK(run(NULL, "-s", "nosuch", NULL, NULL) == 1);
	CHECK(run(NULL, "-s", "good", "-t", "nosuch") == 1);
	CHECK(g_ran_pass_a + g_ran_pass_b + g_ran_fatal == 0);

	/* -l and -h run nothing and return 0; -h calls the usage callback. */
	CHECK(run(&g_opts, "-l", NULL, NULL, NULL) == 0);
	CHECK(run(&g_opts, "--help", NULL, NULL, NULL) == 0);
	CHECK(g_usage_calls == 1 && g_init_calls == 0);
	CHECK(g_ran_pass_a + g_ran_pass_b + g_ran_fatal == 0);

	/* The program's options, short and long, then init and the tests. */
	g_init_rc = 0;
	CHECK(run(&g_opts, "-x", "short", "-s", "good") == 0);
	CHECK(strcmp(g_extra_arg, "short") == 0 && g_init_calls == 1 && g_ran_pass_a == 1);
	CHECK(run(&g_opts, "--extra=long", "-sgood", NULL, NULL) == 0);
	CHECK(strcmp(g_extra_arg, "long") == 0);

	/* The callback refuses -y; unknown options; no callback for -x. */
	CHECK(run(&g_opts, "-y", NULL, NULL, NULL) == 1);
	CHECK(g_usage_calls == 1 && g_init_calls == 0);
	CHECK(run(&g_opts, "-q", NULL, NULL, NULL) == 1);
	CHECK(run(NULL, "-x", "v", NULL, NULL) == 1);
	CHECK(g_ran_pass_a + g_ran_pass_b + g_ran_fatal == 0);

	/* A failing init: usage, 1, no test runs. */
	g_init_rc = -EINVAL;
	CHECK(run(&g_opts, "-s", "good", NULL, NULL) == 1);
	CHECK(g_init_calls == 1 && g_usage_calls == 1 && g_ran_pass_a == 0);

	CU_cleanup_registry();
	if (g_checks_failed != 0) {
		fprintf(stderr, "%d check(s) failed\n", g_checks_failed);
		return 1;
	}
	printf("spdk_internal/cunit.h: all checks passed\n");
	return 0;
}
