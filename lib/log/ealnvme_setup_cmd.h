/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The setup command to name in messages: "scripts/setup.sh" for a program
 * run from the build tree (the source tree is at hand), "ealnvme-setup"
 * (what `meson install` puts in bindir) for anything else.
 */
#ifndef EALNVME_SETUP_CMD_H
#define EALNVME_SETUP_CMD_H

#define EALNVME_SETUP_SRC	"scripts/setup.sh"
#define EALNVME_SETUP_INSTALLED	"ealnvme-setup"

/* For this process: decided once from /proc/self/exe and the build root
 * compiled in (EALNVME_BUILD_ROOT). */
const char *ealnvme_setup_cmd(void);

/* The rule, with its inputs: exe (a resolved path, or NULL when unknown)
 * lies under build_root -> EALNVME_SETUP_SRC, else EALNVME_SETUP_INSTALLED. */
const char *ealnvme_setup_cmd_for(const char *exe, const char *build_root);

#endif /* EALNVME_SETUP_CMD_H */
