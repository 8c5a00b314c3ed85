/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Branch prediction hints.  Both take any scalar and yield a value usable in
 * a condition; spdk_likely() normalises its argument to 0/1 first so that a
 * pointer or a mask can be passed as is.
 */
#ifndef SPDK_LIKELY_H
#define SPDK_LIKELY_H

#define spdk_likely(cond)	__builtin_expect(!!(cond), 1)
#define spdk_unlikely(cond)	__builtin_expect((cond), 0)

#endif /* SPDK_LIKELY_H */
