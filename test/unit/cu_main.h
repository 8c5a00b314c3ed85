/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * One CUnit suite from a table of tests, run verbosely: the main() of the
 * test programs that need no env (test_util_*.c).  Exit status 0 only when
 * every test passed.
 */
#ifndef EALNVME_CU_MAIN_H
#define EALNVME_CU_MAIN_H

#include <stddef.h>

#include <CUnit/Basic.h>

struct cu_test {
	const char	*name;
	CU_TestFunc	fn;
};

static inline int
cu_main(const char *suite_name, const struct cu_test *tests, size_t count)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite(suite_name, NULL, NULL);
	for (size_t i = 0; suite != NULL && i < count; i++) {
		if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL) {
			suite = NULL;
		}
	}
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}

#endif /* EALNVME_CU_MAIN_H */
