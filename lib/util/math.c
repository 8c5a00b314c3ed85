/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Integer log2 for spdk/util.h.
 */
#include "spdk/util.h"

uint32_t
spdk_u32log2(uint32_t x)
{
	/* log2(0) is undefined; SPDK returns 0 and callers rely on not trapping. */
	return x == 0 ? 0 : 31u - (uint32_t)__builtin_clz(x);
}

uint64_t
spdk_u64log2(uint64_t x)
{
	return x == 0 ? 0 : 63u - (uint64_t)__builtin_clzll(x);
}
