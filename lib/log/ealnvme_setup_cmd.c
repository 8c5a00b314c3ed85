/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "ealnvme_setup_cmd.h"

#ifndef EALNVME_BUILD_ROOT
#define EALNVME_BUILD_ROOT ""
#endif

const char *
ealnvme_setup_cmd_for(const char *exe, const char *build_root)
{
	size_t n = build_root != NULL ? strlen(build_root) : 0;

	/* "/b/build2/x" is not under "/b/build": a '/' must follow the root. */
	while (n > 1 && build_root[n - 1] == '/') {
		n--;
	}
	if (exe != NULL && n > 0 && strncmp(exe, build_root, n) == 0 && exe[n] == '/') {
		return EALNVME_SETUP_SRC;
	}
	return EALNVME_SETUP_INSTALLED;
}

const char *
ealnvme_setup_cmd(void)
{
	/* Only on error paths; a race between two first callers computes the
	 * same answer twice. */
	static const char *cmd;
	char exe[PATH_MAX];
	ssize_t len;

	if (cmd == NULL) {
		len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[len > 0 ? len : 0] = '\0';
		cmd = ealnvme_setup_cmd_for(len > 0 ? exe : NULL, EALNVME_BUILD_ROOT);
	}
	return cmd;
}
