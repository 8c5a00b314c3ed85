/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Memory barriers.  spdk_rmb/wmb/mb order accesses to device memory (MMIO,
 * DMA buffers) as well as normal memory; the spdk_smp_* ones only order
 * normal memory between CPUs and are cheaper.  spdk_compiler_barrier() stops
 * the compiler from moving memory accesses across it and emits nothing.
 */
#ifndef SPDK_BARRIER_H
#define SPDK_BARRIER_H

#include "spdk/stdinc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define spdk_compiler_barrier()	__asm__ __volatile__("" ::: "memory")

#if defined(__x86_64__) || defined(__i386__)
/*
 * x86 (TSO): loads are not reordered with loads nor stores with stores, so the
 * SMP read/write barriers only need to stop the compiler.  A store followed
 * by a load can pass, which the SMP full barrier prevents (a locked
 * instruction, cheaper than mfence).  The device barriers use the fences,
 * which also order non-temporal and write-combining accesses.
 */
#define spdk_rmb()		__asm__ __volatile__("lfence" ::: "memory")
#define spdk_wmb()		__asm__ __volatile__("sfence" ::: "memory")
#define spdk_mb()		__asm__ __volatile__("mfence" ::: "memory")
#define spdk_smp_rmb()		spdk_compiler_barrier()
#define spdk_smp_wmb()		spdk_compiler_barrier()
#define spdk_smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define spdk_ivdt_dcache(pdata)	do { (void)(pdata); } while (0)

#elif defined(__aarch64__)
/* dsb waits for completion (device accesses included), dmb only orders. */
#define spdk_rmb()		__asm__ __volatile__("dsb ld" ::: "memory")
#define spdk_wmb()		__asm__ __volatile__("dsb st" ::: "memory")
#define spdk_mb()		__asm__ __volatile__("dsb sy" ::: "memory")
#define spdk_smp_rmb()		__asm__ __volatile__("dmb ishld" ::: "memory")
#define spdk_smp_wmb()		__asm__ __volatile__("dmb ishst" ::: "memory")
#define spdk_smp_mb()		__asm__ __volatile__("dmb ish" ::: "memory")
/* Clean and invalidate the data cache line holding pdata. */
#define spdk_ivdt_dcache(pdata)	__asm__ __volatile__("dc civac, %0" : : "r"(pdata) : "memory")

#else
/* Other CPUs: the compiler's sequentially consistent fence for everything. */
#define spdk_rmb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define spdk_wmb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define spdk_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define spdk_smp_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define spdk_smp_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define spdk_smp_mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define spdk_ivdt_dcache(pdata)	do { (void)(pdata); } while (0)
#endif

#ifdef __cplusplus
}
#endif

#endif /* SPDK_BARRIER_H */
