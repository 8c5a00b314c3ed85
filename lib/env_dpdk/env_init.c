/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Process environment over DPDK's EAL: spdk_env_opts -> EAL arguments,
 * rte_eal_init(), and adopting an EAL the application started itself.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "env_precheck.h"
#include "ealnvme_log.h"
#include "ealnvme_setup_cmd.h"

#define ENV_MAX_ARGS	128

/* True once spdk_env_init() ran rte_eal_init() itself (so fini cleans up). */
static bool g_eal_owned;

bool
env_eal_is_initialized(void)
{
	/* rte_lcore_count() is 0 until rte_eal_init() has configured lcores. */
	return rte_lcore_count() > 0;
}

struct env_args {
	int argc;
	char *argv[ENV_MAX_ARGS + 1];
};

static int __attribute__((format(printf, 2, 3)))
env_args_push(struct env_args *args, const char *fmt, ...)
{
	va_list ap;
	char *arg;
	int rc;

	if (args->argc >= ENV_MAX_ARGS) {
		EALNVME_ERRLOG("too many EAL arguments (more than %d)", ENV_MAX_ARGS);
		return -E2BIG;
	}
	va_start(ap, fmt);
	rc = vasprintf(&arg, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		return -ENOMEM;
	}
	args->argv[args->argc++] = arg;
	return 0;
}

static void
env_args_free(struct env_args *args)
{
	for (int i = 0; i < args->argc; i++) {
		free(args->argv[i]);
	}
	args->argc = 0;
}

/*
 * One "-a BDF" / "-b BDF" pair of argv entries per address: DPDK 22.11's
 * getopt takes the value from the next entry (an "-a=BDF" entry would hand
 * it "=BDF", which it rejects).  An address EAL would refuse is caught here
 * with its own message rather than a failed rte_eal_init().
 */
static int
env_args_push_pci_list(struct env_args *args, const char *flag, const char *field,
		       const struct spdk_pci_addr *list, size_t n)
{
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int rc = 0;

	for (size_t i = 0; list != NULL && i < n && rc == 0; i++) {
		if (list[i].dev > 0x1f || list[i].func > 7 ||
		    spdk_pci_addr_fmt(bdf, sizeof(bdf), &list[i]) != 0) {
			EALNVME_ERRLOG("spdk_env_opts.%s[%zu] is not a PCI address (device %u, "
				       "function %u; the limits are 31 and 7): fix or remove it",
				       field, i, list[i].dev, list[i].func);
			return -EINVAL;
		}
		rc = env_args_push(args, "%s", flag);
		rc = rc ? rc : env_args_push(args, "%s", bdf);
	}
	return rc;
}

/*
 * spdk_env_opts.pci_blocked / pci_allowed, num_pci_addr entries each.  As in
 * SPDK, pci_blocked is what EAL gets when both are set (EAL refuses -a with
 * -b); the shim still enforces both (env_pci_policy.c), so a device must be
 * allowed and not blocked.
 */
static int
env_args_push_pci_policy(struct env_args *args, const struct spdk_env_opts *opts)
{
	if (opts->num_pci_addr == 0) {
		return 0;
	}
	if (opts->pci_blocked != NULL) {
		if (opts->pci_allowed != NULL) {
			EALNVME_NOTICELOG("spdk_env_opts: both pci_blocked and pci_allowed are set; "
					  "using only devices that are allowed and not blocked");
		}
		return env_args_push_pci_list(args, "-b", "pci_blocked", opts->pci_blocked,
					      opts->num_pci_addr);
	}
	return env_args_push_pci_list(args, "-a", "pci_allowed", opts->pci_allowed,
				      opts->num_pci_addr);
}

/* env_context: extra EAL arguments, space separated, appended last. */
static int
env_args_push_context(struct env_args *args, const char *context)
{
	char *copy, *save = NULL, *tok;
	int rc = 0;

	if (context == NULL) {
		return 0;
	}
	copy = strdup(context);
	if (copy == NULL) {
		return -ENOMEM;
	}
	for (tok = strtok_r(copy, " \t\n", &save); tok != NULL && rc == 0;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		rc = env_args_push(args, "%s", tok);
	}
	free(copy);
	return rc;
}

static int
env_build_args(const struct spdk_env_opts *opts, struct env_args *args)
{
	int rc;

	rc = env_args_push(args, "%s", opts->name ? opts->name : "ealnvme");
	if (opts->lcore_map != NULL) {
		rc = rc ? rc : env_args_push(args, "--lcores=%s", opts->lcore_map);
	} else if (opts->core_mask != NULL && opts->core_mask[0] == '[') {
		/* SPDK accepts "[0-3]" lists; EAL wants -l 0-3. */
		const char *list = opts->core_mask + 1;
		size_t len = strcspn(list, "]");

		rc = rc ? rc : env_args_push(args, "-l");
		rc = rc ? rc : env_args_push(args, "%.*s", (int)len, list);
	} else if (opts->core_mask != NULL) {
		rc = rc ? rc : env_args_push(args, "-c");
		rc = rc ? rc : env_args_push(args, "%s", opts->core_mask);
	}
	if (opts->main_core >= 0) {
		rc = rc ? rc : env_args_push(args, "--main-lcore=%d", opts->main_core);
	}
	if (opts->mem_channel > 0) {
		rc = rc ? rc : env_args_push(args, "-n");
		rc = rc ? rc : env_args_push(args, "%d", opts->mem_channel);
	}
	if (opts->mem_size >= 0) {
		rc = rc ? rc : env_args_push(args, "-m");
		rc = rc ? rc : env_args_push(args, "%d", opts->mem_size);
	}
	if (opts->shm_id >= 0) {
		rc = rc ? rc : env_args_push(args, "--file-prefix=ealnvme%d", opts->shm_id);
		/* Never a secondary: controllers are not shared (env_prefix.c). */
		rc = rc ? rc : env_args_push(args, "--proc-type=primary");
	} else {
		/* Private memory: a per-process prefix keeps concurrent
		 * processes from sharing hugepage files. */
		rc = rc ? rc : env_args_push(args, "--file-prefix=ealnvme_pid%d", (int)getpid());
	}
	if (opts->no_huge) {
		/* --no-huge implies legacy memory, which EAL refuses with
		 * --in-memory; --no-shconf keeps it file-free all the same. */
		rc = rc ? rc : env_args_push(args, "--no-huge");
		rc = rc ? rc : env_args_push(args, "--no-shconf");
	}
	if (opts->no_pci) {
		rc = rc ? rc : env_args_push(args, "--no-pci");
	}
	if (opts->hugepage_single_segments) {
		rc = rc ? rc : env_args_push(args, "--single-file-segments");
	}
	if (opts->unlink_hugepage) {
		rc = rc ? rc : env_args_push(args, "--huge-unlink");
	}
	if (opts->hugedir != NULL) {
		rc = rc ? rc : env_args_push(args, "--huge-dir=%s", opts->hugedir);
	}
	if (opts->iova_mode != NULL) {
		rc = rc ? rc : env_args_push(args, "--iova-mode=%s", opts->iova_mode);
	}
	if (opts->base_virtaddr != 0) {
		rc = rc ? rc : env_args_push(args, "--base-virtaddr=0x%llx",
					     (unsigned long long)opts->base_virtaddr);
	}
	if (opts->vf_token != NULL) {
		rc = rc ? rc : env_args_push(args, "--vfio-vf-token=%s", opts->vf_token);
	}
	rc = rc ? rc : env_args_push_pci_policy(args, opts);
	/* DPDK's own lines (3-4 per failure, none naming the fix) only at
	 * EALNVME_LOG_LEVEL=debug: env_precheck.c and env_eal_failed() say
	 * what went wrong in one line. */
	if (!ealnvme_log_enabled(EALNVME_LOG_DEBUG)) {
		rc = rc ? rc : env_args_push(args, "--log-level=1");
	}
	rc = rc ? rc : env_args_push(args, "--no-telemetry");
	rc = rc ? rc : env_args_push_context(args, (const char *)opts->env_context);
	return rc;
}

/* rte_eal_init() failed with rc (-rte_errno): one line, the likely cause
 * and what to do (the causes env_precheck_run() could not see). */
static void
env_eal_failed(int rc)
{
	const char *setup = ealnvme_setup_cmd();
	const char *why;

	switch (-rc) {
	case EACCES:
	case EPERM:
		why = "permission denied on hugepage files, /dev/vfio or the runtime directory: "
		      "run as root, or give this user the devices with 'TARGET_USER=<user> ";
		break;
	case ENOMEM:
	case ENODEV:
		why = "DPDK could not set up its memory (hugepages too few or held by others, or "
		      "VFIO could not map them): see '";
		break;
	case EINVAL:
		why = "DPDK refused its arguments (spdk_env_opts, env_context): check them; "
		      "hugepages and devices: see '";
		break;
	case EFAULT:
		why = "two DPDK copies are in this program (a static DPDK beside a shared one): "
		      "link as docs/linking.md says; machine state: see '";
		break;
	default:
		why = "see '";
		break;
	}
	EALNVME_ERRLOG("DPDK EAL initialisation failed: %s: %s%s%s; EALNVME_LOG_LEVEL=debug "
		       "shows DPDK's own messages", rte_strerror(-rc), why, setup,
		       (-rc == EACCES || -rc == EPERM) ? "'" : " status'");
}

int
spdk_env_init(const struct spdk_env_opts *user_opts)
{
	struct spdk_env_opts copy;
	const struct spdk_env_opts *opts = NULL;
	struct env_args args = { 0 };
	char *argv_copy[ENV_MAX_ARGS + 1];
	int rc;

	if (user_opts != NULL) {
		/* Only the bytes the caller's layout has are read. */
		env_opts_copy(&copy, user_opts);
		opts = &copy;
	}
	if (env_eal_is_initialized()) {
		/* The application (or an earlier call) started EAL: adopt it.
		 * The EAL never saw opts' PCI lists, so the shim enforces them. */
		EALNVME_INFOLOG("EAL already initialised; using it as it is");
		env_vtophys_init();
		if (opts == NULL) {
			return 0;
		}
		env_mem_set_enforce_numa(opts->enforce_numa);
		return env_pci_policy_set(opts);
	}
	if (opts == NULL) {
		EALNVME_ERRLOG("spdk_env_init: NULL options; fill a struct spdk_env_opts with "
			       "spdk_env_opts_init() and pass it");
		return -EINVAL;
	}
	if (opts->shm_id >= 0) {
		rc = env_prefix_check_shared(opts->shm_id);
		if (rc != 0) {
			return rc;
		}
	}
	/* Hugepages stranded by ealnvme processes that were killed. */
	if (!opts->no_huge) {
		env_prefix_reclaim_dead();
	}
	/* What can be seen before EAL runs: cores, hugepages, memlock. */
	rc = env_precheck_run(opts);
	if (rc != 0) {
		return rc;
	}
	rc = env_build_args(opts, &args);
	rc = rc ? rc : env_pci_policy_set(opts);
	if (rc != 0) {
		env_args_free(&args);
		return rc;
	}
	if (ealnvme_log_enabled(EALNVME_LOG_INFO)) {
		char line[1024];
		size_t off = 0;

		for (int i = 0; i < args.argc && off < sizeof(line); i++) {
			off += (size_t)snprintf(line + off, sizeof(line) - off, " %s", args.argv[i]);
		}
		EALNVME_INFOLOG("rte_eal_init:%s", line);
	}
	/* EAL may permute argv: hand it a copy so we can free our strings. */
	memcpy(argv_copy, args.argv, sizeof(args.argv));
	rc = rte_eal_init(args.argc, argv_copy);
	env_args_free(&args);
	if (rc < 0) {
		rc = rte_errno ? -rte_errno : -EIO;
		if (rc == -EALREADY) {
			return 0;
		}
		env_pci_policy_clear();
		env_eal_failed(rc);
		return rc;
	}
	g_eal_owned = true;
	env_mem_set_enforce_numa(opts->enforce_numa);
	env_vtophys_init();
	return 0;
}

void
spdk_env_fini(void)
{
	env_pci_fini();
	env_pci_policy_clear();
	if (g_eal_owned) {
		rte_eal_cleanup();
		g_eal_owned = false;
	}
}
