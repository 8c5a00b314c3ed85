/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The environment and the controllers the fio engine's jobs share (see
 * fio_ctrlr.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "fio_ctrlr.h"

struct efio_ctrlr {
	struct spdk_nvme_transport_id	trid;
	struct spdk_nvme_ctrlr		*ctrlr;
	unsigned int			refs;
	struct efio_ctrlr		*next;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_env_rc = 1;		/* 1: not tried yet */
static struct efio_ctrlr *g_ctrlrs;

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t err_len, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err_len == 0) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(err, err_len, fmt, ap);
	va_end(ap);
}

/* A non-negative integer from the environment, or def. */
static int
env_int(const char *name, int def)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0') {
		return def;
	}
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 0 || v > 1 << 20) {
		return -2;
	}
	return (int)v;
}

int
efio_env_init(char *err, size_t err_len)
{
	struct spdk_env_opts opts;
	cpu_set_t cpus;
	bool have_cpus;
	int shm_id, mem_mb, rc;

	pthread_mutex_lock(&g_lock);
	if (g_env_rc != 1) {
		rc = g_env_rc;
		if (rc != 0) {
			set_err(err, err_len, "the environment failed to start earlier: %s",
				strerror(-rc));
		}
		goto out;
	}
	shm_id = env_int("EALNVME_FIO_SHM_ID", -1);
	mem_mb = env_int("EALNVME_FIO_MEM_MB", -1);
	if (shm_id == -2 || mem_mb == -2) {
		set_err(err, err_len, "EALNVME_FIO_SHM_ID and EALNVME_FIO_MEM_MB must be "
			"decimal numbers (or unset)");
		rc = g_env_rc = -EINVAL;
		goto out;
	}
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "fio";
	opts.shm_id = shm_id;
	opts.mem_size = mem_mb;
	/* fio has no end-of-process hook to call spdk_env_fini() from: unlinked
	 * hugepage files cannot outlive the process (a shared shm_id keeps them
	 * for the other processes). */
	opts.unlink_hugepage = shm_id < 0;
	/* The EAL pins this (fio's main) thread to its main core; the job
	 * threads fio creates next would inherit that one CPU. */
	have_cpus = pthread_getaffinity_np(pthread_self(), sizeof(cpus), &cpus) == 0;
	rc = g_env_rc = spdk_env_init(&opts);
	if (have_cpus) {
		pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	}
	if (rc != 0) {
		set_err(err, err_len, "spdk_env_init failed: %s (the line above says why)",
			strerror(-rc));
	}
out:
	pthread_mutex_unlock(&g_lock);
	return rc;
}

struct efio_ctrlr *
efio_ctrlr_get(const struct spdk_nvme_transport_id *trid, char *err, size_t err_len)
{
	struct spdk_nvme_ctrlr_opts opts;
	struct efio_ctrlr *c;

	pthread_mutex_lock(&g_lock);
	for (c = g_ctrlrs; c != NULL; c = c->next) {
		if (spdk_nvme_transport_id_compare(&c->trid, trid) == 0) {
			c->refs++;
			goto out;
		}
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		set_err(err, err_len, "out of memory");
		goto out;
	}
	c->trid = *trid;
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	c->ctrlr = spdk_nvme_connect(trid, &opts, sizeof(opts));
	if (c->ctrlr == NULL) {
		set_err(err, err_len, "no usable NVMe controller at %s (the line above says why; "
			"'scripts/setup.sh status' lists the controllers)", trid->traddr);
		free(c);
		c = NULL;
		goto out;
	}
	c->refs = 1;
	c->next = g_ctrlrs;
	g_ctrlrs = c;
out:
	pthread_mutex_unlock(&g_lock);
	return c;
}

struct spdk_nvme_ctrlr *
efio_ctrlr_handle(const struct efio_ctrlr *c)
{
	return c->ctrlr;
}

void
efio_ctrlr_put(struct efio_ctrlr *c)
{
	struct efio_ctrlr **pp;

	if (c == NULL) {
		return;
	}
	pthread_mutex_lock(&g_lock);
	if (--c->refs == 0) {
		for (pp = &g_ctrlrs; *pp != NULL; pp = &(*pp)->next) {
			if (*pp == c) {
				*pp = c->next;
				break;
			}
		}
		spdk_nvme_detach(c->ctrlr);
		free(c);
	}
	pthread_mutex_unlock(&g_lock);
}
