/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * SPDK_STATIC_ASSERT(cond, msg): a compile-time check usable at file scope,
 * in C (C11 _Static_assert) and C++ (static_assert).  Guarded, so that a
 * program's own definition comes first if it has one.
 */
#ifndef SPDK_ASSERT_H
#define SPDK_ASSERT_H

#include "spdk/stdinc.h"

#ifndef SPDK_STATIC_ASSERT
#ifdef __cplusplus
#define SPDK_STATIC_ASSERT(cond, msg)	static_assert(cond, msg)
#else
#define SPDK_STATIC_ASSERT(cond, msg)	_Static_assert(cond, msg)
#endif
#endif

#endif /* SPDK_ASSERT_H */
