/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Log flags (SPDK_LOG_REGISTER_COMPONENT, spdk_log_set_flag, ...): named
 * switches kept in one list sorted by name, compared case-insensitively.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ealnvme_log.h"
#include "log_internal.h"

static TAILQ_HEAD(log_flag_list, spdk_log_flag) g_flags = TAILQ_HEAD_INITIALIZER(g_flags);

/* The driver's flag, as in SPDK; programs pass "-L nvme". */
struct spdk_log_flag g_log_flag_nvme = { .name = "nvme", .enabled = false };

static struct spdk_log_flag *
flag_find(const char *name)
{
	struct spdk_log_flag *f;

	TAILQ_FOREACH(f, &g_flags, tailq) {
		if (strcasecmp(f->name, name) == 0) {
			return f;
		}
	}
	return NULL;
}

void
log_flag_insert(struct spdk_log_flag *flag)
{
	struct spdk_log_flag *f;

	TAILQ_FOREACH(f, &g_flags, tailq) {
		if (strcasecmp(f->name, flag->name) > 0) {
			TAILQ_INSERT_BEFORE(f, flag, tailq);
			return;
		}
	}
	TAILQ_INSERT_TAIL(&g_flags, flag, tailq);
}

void
spdk_log_register_flag(const char *name, struct spdk_log_flag *flag)
{
	log_init();
	if (name == NULL || flag == NULL) {
		EALNVME_ERRLOG("spdk_log_register_flag: name and flag are required");
		return;
	}
	if (flag_find(name) != NULL) {
		EALNVME_ERRLOG("log flag '%s' is registered twice; rename one SPDK_LOG_REGISTER_COMPONENT",
			       name);
		return;
	}
	flag->name = name;
	log_flag_insert(flag);
}

struct spdk_log_flag *
spdk_log_get_first_flag(void)
{
	log_init();
	return TAILQ_FIRST(&g_flags);
}

struct spdk_log_flag *
spdk_log_get_next_flag(struct spdk_log_flag *flag)
{
	return TAILQ_NEXT(flag, tailq);
}

bool
spdk_log_get_flag(const char *name)
{
	struct spdk_log_flag *f;

	log_init();
	f = name != NULL ? flag_find(name) : NULL;
	return f != NULL && f->enabled;
}

static int
flag_set_matching(const char *pattern, bool value)
{
	struct spdk_log_flag *f;
	int rc = -EINVAL;

	log_init();
	if (pattern == NULL) {
		return -EINVAL;
	}
	TAILQ_FOREACH(f, &g_flags, tailq) {
		if (strcasecmp(pattern, "all") == 0 ||
		    fnmatch(pattern, f->name, FNM_CASEFOLD) == 0) {
			f->enabled = value;
			rc = 0;
		}
	}
	/* "all" succeeds even with no flags registered. */
	return strcasecmp(pattern, "all") == 0 ? 0 : rc;
}

int
spdk_log_set_flag(const char *flag)
{
	return flag_set_matching(flag, true);
}

int
spdk_log_clear_flag(const char *flag)
{
	return flag_set_matching(flag, false);
}

void
spdk_log_usage(FILE *f, const char *log_arg)
{
	/* Continuation lines start under the list, lines wrap before 100 columns. */
	const size_t indent = 27, width = 100;
	struct spdk_log_flag *flag;
	int col;

	log_init();
	col = fprintf(f, " %s, --logflag <flag>      enable log flag (all", log_arg);
	TAILQ_FOREACH(flag, &g_flags, tailq) {
		/* ", name" plus the ',' or ')' that may follow it. */
		size_t need = strlen(flag->name) + 3;

		if ((size_t)col + need > width) {
			fprintf(f, ",\n%*s%s", (int)indent, "", flag->name);
			col = (int)(indent + strlen(flag->name));
		} else {
			col += fprintf(f, ", %s", flag->name);
		}
	}
	fprintf(f, ")\n");
}
