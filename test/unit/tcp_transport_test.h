/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Helpers for the NVMe/TCP transport tests (test_nvme_tcp_transport*.c):
 * the public API (spdk/nvme.h) against the in-process target model
 * (mock/nvme_tcp_target.h) on the mocked env.  Header-only.
 */
#ifndef EALNVME_TCP_TRANSPORT_TEST_H
#define EALNVME_TCP_TRANSPORT_TEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "spdk/env.h"
#include "spdk/log.h"
#include "spdk/nvme.h"
#include "mock_env.h"
#include "nvme_tcp_target.h"

#define TT_BLK	512u

struct io_done {
	unsigned int		calls;
	struct spdk_nvme_cpl	cpl;
};

static void
io_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct io_done *d = arg;

	d->calls++;
	d->cpl = *cpl;
}

static inline uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- error lines: all of them, to look for words ------------------------------ */

static char g_errlog[8192];
static size_t g_errlog_len;

static void
errlog_cb(int level, const char *file, const int line, const char *func, const char *format,
	  va_list args)
{
	(void)file;
	(void)line;
	(void)func;
	if (level == SPDK_LOG_ERROR && g_errlog_len < sizeof(g_errlog) - 1) {
		int n = vsnprintf(g_errlog + g_errlog_len, sizeof(g_errlog) - g_errlog_len, format,
				  args);

		if (n > 0) {
			g_errlog_len += (size_t)n;
			if (g_errlog_len > sizeof(g_errlog) - 1) {
				g_errlog_len = sizeof(g_errlog) - 1;
			}
		}
	}
}

static inline void
errlog_start(void)
{
	g_errlog[0] = '\0';
	g_errlog_len = 0;
	spdk_log_open(errlog_cb);
}

static inline void
errlog_stop(void)
{
	spdk_log_close();
}

/* ---- attach -------------------------------------------------------------------- */

typedef void (*opts_fn)(struct spdk_nvme_ctrlr_opts *opts);

static inline struct spdk_nvme_ctrlr *
tt_attach(struct tcp_tgt *t, opts_fn tweak)
{
	struct spdk_nvme_transport_id trid;
	struct spdk_nvme_ctrlr_opts opts;

	tcp_tgt_trid(t, &trid);
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	if (tweak != NULL) {
		tweak(&opts);
	}
	return spdk_nvme_connect(&trid, &opts, sizeof(opts));
}

/* Poll the qpair (if any) and the admin queue until *calls >= want or ms passed. */
static inline bool
tt_wait(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qp, const unsigned int *calls,
	unsigned int want, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (*calls < want) {
		if (now_ms() > end) {
			return false;
		}
		if (qp != NULL) {
			(void)spdk_nvme_qpair_process_completions(qp, 0);
		}
		if (ctrlr != NULL) {
			(void)spdk_nvme_ctrlr_process_admin_completions(ctrlr);
		}
		usleep(100);
	}
	return true;
}

/* Wait for the model to see a condition on its stats (it runs in its own thread). */
#define TT_WAIT_STAT(t, st, cond, ms) ({					\
		uint64_t _end = now_ms() + (ms);				\
		bool _ok;							\
		for (;;) {							\
			tcp_tgt_get_stats((t), &(st));				\
			if ((_ok = (cond)) || now_ms() > _end) {		\
				break;						\
			}							\
			usleep(1000);						\
		}								\
		_ok;								\
	})

static inline void
fill(uint8_t *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++) {
		p[i] = (uint8_t)((i * 31u) ^ (i >> 9) ^ seed);
	}
}

/* Write then read back len bytes at lba through the public API; 0 when equal. */
static inline int
tt_write_read(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_qpair *qp, uint64_t lba,
	      uint32_t len, unsigned int seed)
{
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	uint8_t *w = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *r = spdk_zmalloc(len, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	struct io_done d[2];
	int rc = -ENOMEM;

	memset(d, 0, sizeof(d));
	if (w == NULL || r == NULL || ns == NULL) {
		goto out;
	}
	fill(w, len, seed);
	rc = spdk_nvme_ns_cmd_write(ns, qp, w, lba, len / TT_BLK, io_cb, &d[0], 0);
	if (rc == 0) {
		rc = tt_wait(ctrlr, qp, &d[0].calls, 1, 10000) && !spdk_nvme_cpl_is_error(&d[0].cpl) ?
		     0 : -EIO;
	}
	if (rc == 0) {
		rc = spdk_nvme_ns_cmd_read(ns, qp, r, lba, len / TT_BLK, io_cb, &d[1], 0);
	}
	if (rc == 0) {
		rc = tt_wait(ctrlr, qp, &d[1].calls, 1, 10000) && !spdk_nvme_cpl_is_error(&d[1].cpl) ?
		     0 : -EIO;
	}
	if (rc == 0) {
		rc = memcmp(w, r, len) == 0 ? 0 : -EBADMSG;
	}
out:
	spdk_free(w);
	spdk_free(r);
	return rc;
}

#endif /* EALNVME_TCP_TRANSPORT_TEST_H */
