/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SPDK keeps its additions to <sys/queue.h> in this header; here they are
 * all in spdk/queue.h, which this includes for programs that name it.
 */
#ifndef SPDK_QUEUE_EXTRAS_H
#define SPDK_QUEUE_EXTRAS_H

#include "spdk/queue.h"

#endif /* SPDK_QUEUE_EXTRAS_H */
