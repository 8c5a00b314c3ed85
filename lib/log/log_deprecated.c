/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Deprecation notices (SPDK_LOG_DEPRECATION_REGISTER / SPDK_LOG_DEPRECATED):
 * each registered deprecation counts its uses and logs a warning, no more
 * often than its rate limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spdk/util.h"
#include "ealnvme_log.h"
#include "log_internal.h"

struct spdk_deprecation {
	char		tag[64];
	char		desc[64];
	char		remove[16];
	TAILQ_ENTRY(spdk_deprecation) link;
	uint64_t	hits;
	/* Minimum time between two warnings, ns; 0: warn on every use. */
	uint64_t	interval_ns;
	/* Uses not logged since the last warning. */
	uint32_t	deferred;
	/* CLOCK_MONOTONIC time of the last warning, ns; 0: never warned. */
	uint64_t	last_log_ns;
};

static TAILQ_HEAD(, spdk_deprecation) g_deprecations = TAILQ_HEAD_INITIALIZER(g_deprecations);

static uint64_t
monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * SPDK_SEC_TO_NSEC + (uint64_t)ts.tv_nsec;
}

int
spdk_log_deprecation_register(const char *tag, const char *description,
			      const char *remove_release, uint32_t rate_limit_seconds,
			      struct spdk_deprecation **reg)
{
	struct spdk_deprecation *dep;

	if (tag == NULL || description == NULL || remove_release == NULL || reg == NULL ||
	    strlen(tag) >= sizeof(dep->tag) || strlen(description) >= sizeof(dep->desc) ||
	    strlen(remove_release) >= sizeof(dep->remove)) {
		EALNVME_ERRLOG("deprecation '%s': tag and description must be under 64 characters, the release under 16",
			       tag != NULL ? tag : "(null)");
		return -EINVAL;
	}
	dep = calloc(1, sizeof(*dep));
	if (dep == NULL) {
		return -ENOMEM;
	}
	snprintf(dep->tag, sizeof(dep->tag), "%s", tag);
	snprintf(dep->desc, sizeof(dep->desc), "%s", description);
	snprintf(dep->remove, sizeof(dep->remove), "%s", remove_release);
	dep->interval_ns = rate_limit_seconds * SPDK_SEC_TO_NSEC;
	TAILQ_INSERT_TAIL(&g_deprecations, dep, link);
	*reg = dep;
	return 0;
}

void
spdk_log_deprecated(struct spdk_deprecation *dep, const char *file, uint32_t line,
		    const char *func)
{
	uint64_t now;

	if (dep == NULL) {
		EALNVME_ERRLOG("spdk_log_deprecated: NULL deprecation from %s:%u:%s; register it with SPDK_LOG_DEPRECATION_REGISTER",
			       file, line, func);
		return;
	}
	/* Racy by design: an approximate count is fine, a lock here is not. */
	dep->hits++;
	now = monotonic_ns();
	if (dep->interval_ns != 0 && dep->last_log_ns != 0 &&
	    now - dep->last_log_ns < dep->interval_ns) {
		dep->deferred++;
		return;
	}
	dep->last_log_ns = now != 0 ? now : 1;
	spdk_log(SPDK_LOG_WARN, file, (int)line, func,
		 "%s: deprecated feature %s to be removed in %s\n", dep->tag, dep->desc, dep->remove);
	if (dep->deferred != 0) {
		spdk_log(SPDK_LOG_WARN, file, (int)line, func, "%s: %u messages suppressed\n",
			 dep->tag, dep->deferred);
		dep->deferred = 0;
	}
}

int
spdk_log_for_each_deprecation(void *ctx, spdk_log_for_each_deprecation_fn fn)
{
	struct spdk_deprecation *dep;

	TAILQ_FOREACH(dep, &g_deprecations, link) {
		int rc = fn(ctx, dep);

		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

const char *
spdk_deprecation_get_tag(const struct spdk_deprecation *deprecation)
{
	return deprecation->tag;
}

const char *
spdk_deprecation_get_description(const struct spdk_deprecation *deprecation)
{
	return deprecation->desc;
}

const char *
spdk_deprecation_get_remove_release(const struct spdk_deprecation *deprecation)
{
	return deprecation->remove;
}

uint64_t
spdk_deprecation_get_hits(const struct spdk_deprecation *deprecation)
{
	return deprecation->hits;
}
