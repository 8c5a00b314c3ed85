/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Page-size arithmetic SPDK programs use on DMA buffers: the 4 KiB page and
 * the 2 MiB hugepage, as shifts, sizes, masks, and the offset / start of the
 * page an address lies in.  Names and values as SPDK's spdk/memory.h.
 */
#ifndef SPDK_MEMORY_H
#define SPDK_MEMORY_H

#include "spdk/stdinc.h"

/* VFIO exists on every Linux this library runs on (it needs 3.6 or later). */
#ifdef __linux__
#define VFIO_ENABLED	1
#else
#define VFIO_ENABLED	0
#endif

#define SHIFT_4KB	12
#define VALUE_4KB	(1ULL << SHIFT_4KB)
#define MASK_4KB	(VALUE_4KB - 1)

#define SHIFT_2MB	21
#define VALUE_2MB	(1ULL << SHIFT_2MB)
#define MASK_2MB	(VALUE_2MB - 1)

/* Where inside its page an address is, and where its 2 MiB page starts/ends. */
#define _4KB_OFFSET(ptr)	(((uintptr_t)(ptr)) & MASK_4KB)
#define _2MB_OFFSET(ptr)	(((uintptr_t)(ptr)) & MASK_2MB)
#define FLOOR_2MB(x)		(((uintptr_t)(x)) & ~MASK_2MB)
#define CEIL_2MB(x)		FLOOR_2MB(((uintptr_t)(x)) + VALUE_2MB - 1)
#define _2MB_PAGE(ptr)		FLOOR_2MB((uintptr_t)(ptr))

#endif /* SPDK_MEMORY_H */
