/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_ut_run_tests(): the command line and runner of CUnit test programs
 * (spdk_internal/cunit.h).  Built into libealnvme_ut, never into
 * libealnvme, so that only test programs link CUnit.
 */
#include "spdk_internal/cunit.h"
#include "spdk/util.h"

/* The runner's own options; the program's come first in the table. */
#define UT_SHORT_OPTS "hls:t:"
static const struct option g_ut_long_opts[] = {
	{ "test", required_argument, NULL, 't' },
	{ "suite", required_argument, NULL, 's' },
	{ "list", no_argument, NULL, 'l' },
	{ "help", no_argument, NULL, 'h' },
};

enum ut_action { UT_RUN, UT_LIST, UT_HELP };

struct ut_args {
	const char *prog;
	const char *suite;
	const char *test;
	enum ut_action action;
};

static void
ut_usage(const char *prog, const struct spdk_ut_opts *opts)
{
	printf("Usage: %s [OPTIONS]\n", prog);
	printf("  -s, --suite NAME   run the tests of one suite\n");
	printf("  -t, --test NAME    run one test (of the -s suite when there are several)\n");
	printf("  -l, --list         list the suites and their tests\n");
	printf("  -h, --help         this text\n");
	if (opts != NULL && opts->usage_cb_fn != NULL) {
		opts->usage_cb_fn(opts->cb_arg);
	}
}

static bool
ut_option_is_end(const struct option *o)
{
	return o->name == NULL && o->has_arg == 0 && o->flag == NULL && o->val == 0;
}

/* getopt_long over the program's options and ours: 0, or -1 after a
 * message (allocation, unknown option, or the program's callback said no). */
static int
ut_parse(int argc, char **argv, const struct spdk_ut_opts *opts, struct ut_args *args)
{
	size_t extra = (opts != NULL && opts->opts != NULL) ? opts->optlen : 0;
	const char *extra_short = (opts != NULL && opts->optstring != NULL) ? opts->optstring : "";
	struct option *longopts;
	char *shortopts;
	size_t n = 0;
	int op, rc = 0;

	longopts = calloc(extra + SPDK_COUNTOF(g_ut_long_opts) + 1, sizeof(*longopts));
	shortopts = malloc(strlen(UT_SHORT_OPTS) + strlen(extra_short) + 1);
	if (longopts == NULL || shortopts == NULL) {
		fprintf(stderr, "%s: out of memory parsing the options\n", args->prog);
		free(longopts);
		free(shortopts);
		return -1;
	}
	/* A terminator inside the program's table would hide ours: skip it. */
	for (size_t i = 0; i < extra; i++) {
		if (!ut_option_is_end(&opts->opts[i])) {
			longopts[n++] = opts->opts[i];
		}
	}
	memcpy(&longopts[n], g_ut_long_opts, sizeof(g_ut_long_opts));
	strcpy(shortopts, UT_SHORT_OPTS);
	strcat(shortopts, extra_short);

	optind = 1;
	while (rc == 0 && (op = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (op) {
		case 's':
			args->suite = optarg;
			break;
		case 't':
			args->test = optarg;
			break;
		case 'l':
			args->action = UT_LIST;
			break;
		case 'h':
			args->action = UT_HELP;
			break;
		default:
			/* '?' (getopt already said why) or one of the program's. */
			if (op == '?' || opts == NULL || opts->option_cb_fn == NULL ||
			    opts->option_cb_fn(op, optarg, opts->cb_arg) != 0) {
				rc = -1;
			}
			break;
		}
	}
	free(longopts);
	free(shortopts);
	return rc;
}

static void
ut_list(void)
{
	for (unsigned int s = 1; CU_get_suite_at_pos(s) != NULL; s++) {
		CU_pSuite suite = CU_get_suite_at_pos(s);

		printf("%s:\n", suite->pName);
		for (unsigned int t = 1; CU_get_test_at_pos(suite, t) != NULL; t++) {
			printf("  %s\n", CU_get_test_at_pos(suite, t)->pName);
		}
	}
}

/* Pick what -s / -t name and run it: the number of failures, or 1 when
 * the name matches nothing. */
static int
ut_run(const struct ut_args *args)
{
	CU_pSuite suite = NULL;
	CU_pTest test = NULL;

	if (args->suite != NULL) {
		suite = CU_get_suite(args->suite);
		if (suite == NULL) {
			fprintf(stderr, "%s: no test suite '%s' (-l lists them)\n", args->prog,
				args->suite);
			return 1;
		}
	}
	if (args->test != NULL) {
		if (suite == NULL) {
			/* Without -s the test must be in the only suite. */
			if (CU_get_suite_at_pos(2) != NULL) {
				fprintf(stderr, "%s: several suites are registered; name the test's "
					"suite with -s\n", args->prog);
				return 1;
			}
			suite = CU_get_suite_at_pos(1);
		}
		test = suite != NULL ? CU_get_test(suite, args->test) : NULL;
		if (test == NULL) {
			fprintf(stderr, "%s: no test '%s' (-l lists them)\n", args->prog, args->test);
			return 1;
		}
	}

	/* A CUnit framework error (not a failed assertion) ends the program. */
	CU_set_error_action(CUEA_ABORT);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	if (test != NULL) {
		CU_basic_run_test(suite, test);
	} else if (suite != NULL) {
		CU_basic_run_suite(suite);
	} else {
		CU_basic_run_tests();
	}
	return (int)CU_get_number_of_failures();
}

int
spdk_ut_run_tests(int argc, char **argv, const struct spdk_ut_opts *opts)
{
	struct ut_args args = {
		.prog = (argc > 0 && argv != NULL && argv[0] != NULL) ? argv[0] : "test",
		.action = UT_RUN,
	};

	if (ut_parse(argc, argv, opts, &args) != 0) {
		ut_usage(args.prog, opts);
		return 1;
	}
	switch (args.action) {
	case UT_HELP:
		ut_usage(args.prog, opts);
		return 0;
	case UT_LIST:
		ut_list();
		return 0;
	case UT_RUN:
		break;
	}
	if (opts != NULL && opts->init_cb_fn != NULL && opts->init_cb_fn(opts->cb_arg) != 0) {
		ut_usage(args.prog, opts);
		return 1;
	}
	return ut_run(&args);
}
