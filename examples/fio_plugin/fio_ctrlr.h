/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What the fio engine shares between its jobs (fio threads of one process):
 * the environment, initialised once, and the attached controllers, each
 * attached once and detached when the last job that used it has cleaned up.
 * Each job makes its own I/O qpair on them.  All of this runs in fio's
 * setup/cleanup, under one mutex, never on the I/O path.  No fio headers.
 */
#ifndef EALNVME_FIO_CTRLR_H
#define EALNVME_FIO_CTRLR_H

#include <stddef.h>

#include "spdk/nvme.h"

struct efio_ctrlr;

/*
 * spdk_env_init() once per process (later calls return the first result).
 * The calling thread's CPU affinity is restored afterwards: the EAL pins its
 * main thread, and fio's job threads would inherit that.
 * Environment: EALNVME_FIO_SHM_ID (spdk_env_opts.shm_id) and
 * EALNVME_FIO_MEM_MB (mem_size).  Returns 0 or a negative errno with a line
 * in err.
 */
int efio_env_init(char *err, size_t err_len);

/*
 * The controller at trid, attached (spdk_nvme_connect) if no job has it yet;
 * takes a reference.  NULL with a line in err on failure.
 */
struct efio_ctrlr *efio_ctrlr_get(const struct spdk_nvme_transport_id *trid,
				  char *err, size_t err_len);
struct spdk_nvme_ctrlr *efio_ctrlr_handle(const struct efio_ctrlr *c);

/* Drop a reference; the last one detaches the controller. */
void efio_ctrlr_put(struct efio_ctrlr *c);

#endif /* EALNVME_FIO_CTRLR_H */
