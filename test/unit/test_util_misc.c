/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for spdk/util.h (macros, log2 and rounding, serial numbers,
 * iovec iteration and copies: lib/util/math.c, iov.c), spdk/endian.h,
 * spdk/queue.h's additions, spdk/mmio.h on ordinary memory and
 * spdk/fd.h (lib/util/fd.c).
 */
#include "spdk/stdinc.h"
#include "spdk/util.h"
#include "spdk/endian.h"
#include "spdk/queue.h"
#include "spdk/likely.h"
#include "spdk/barrier.h"
#include "spdk/mmio.h"
#include "spdk/assert.h"
#include "spdk/memory.h"

#include <CUnit/Basic.h>

#include "cu_main.h"

struct outer {
	uint32_t a;
	uint64_t b[3];
	char c;
	size_t size;
};

static void
test_macros(void)
{
	struct outer o = { .size = offsetof(struct outer, c) };
	int arr[7];
	uint32_t u = 1000;

	CU_ASSERT_EQUAL(SPDK_COUNTOF(arr), 7);
	CU_ASSERT_EQUAL(SPDK_COUNTOF_MEMBER(struct outer, b), 3);
	CU_ASSERT_EQUAL(SPDK_SIZEOF_MEMBER(struct outer, b), 24);
	CU_ASSERT_PTR_EQUAL(SPDK_CONTAINEROF(&o.b[0], struct outer, b), &o);
	CU_ASSERT_EQUAL(SPDK_SIZEOF(&o, b), offsetof(struct outer, b) + 24);
	CU_ASSERT_EQUAL(spdk_min(3, -2), -2);
	CU_ASSERT_EQUAL(spdk_max(3u, 9u), 9u);
	CU_ASSERT_EQUAL(SPDK_CEIL_DIV(10, 4), 3);
	CU_ASSERT_EQUAL(SPDK_CEIL_DIV(12, 4), 3);
	CU_ASSERT_EQUAL(SPDK_ALIGN_FLOOR(u, 64), 960);
	CU_ASSERT_EQUAL(SPDK_ALIGN_CEIL(u, 64), 1024);
	CU_ASSERT_EQUAL(SPDK_ALIGN_CEIL((uint64_t)4096, 4096), 4096);
	CU_ASSERT_EQUAL(sizeof(SPDK_ALIGN_FLOOR((uint8_t)200, 16)), 1);	/* keeps val's type */
	CU_ASSERT_EQUAL(SPDK_BIT(40), 1ULL << 40);
	CU_ASSERT_EQUAL(SPDK_SEC_TO_NSEC, 1000000000ULL);
	CU_ASSERT_EQUAL(SPDK_CACHE_LINE_SIZE, 64);
	/* A caller whose structure ends before 'c' did not set it. */
	CU_ASSERT_TRUE(SPDK_FIELD_VALID(&o, b));
	CU_ASSERT_FALSE(SPDK_FIELD_VALID(&o, c));
	CU_ASSERT_TRUE(SPDK_FIELD_VALID(&o, c, sizeof(o)));
	o.c = 'x';
	CU_ASSERT_EQUAL(SPDK_GET_FIELD(&o, c, 'd'), 'd');
	CU_ASSERT_EQUAL(SPDK_GET_FIELD(&o, c, 'd', sizeof(o)), 'x');
	CU_ASSERT_TRUE(spdk_likely(&o != NULL));
	CU_ASSERT_FALSE(spdk_unlikely(u == 0));
	SPDK_STATIC_ASSERT(sizeof(uint32_t) == 4, "checked at compile time");
}

static void
test_log2_pow2(void)
{
	CU_ASSERT_EQUAL(spdk_u32log2(0), 0);
	CU_ASSERT_EQUAL(spdk_u32log2(1), 0);
	CU_ASSERT_EQUAL(spdk_u32log2(2), 1);
	CU_ASSERT_EQUAL(spdk_u32log2(4095), 11);
	CU_ASSERT_EQUAL(spdk_u32log2(4096), 12);
	CU_ASSERT_EQUAL(spdk_u32log2(UINT32_MAX), 31);
	CU_ASSERT_EQUAL(spdk_u64log2(0), 0);
	CU_ASSERT_EQUAL(spdk_u64log2(1ULL << 40), 40);
	CU_ASSERT_EQUAL(spdk_u64log2(UINT64_MAX), 63);

	CU_ASSERT_EQUAL(spdk_align32pow2(1), 2);	/* as SPDK */
	CU_ASSERT_EQUAL(spdk_align32pow2(2), 2);
	CU_ASSERT_EQUAL(spdk_align32pow2(3), 4);
	CU_ASSERT_EQUAL(spdk_align32pow2(4096), 4096);
	CU_ASSERT_EQUAL(spdk_align32pow2(4097), 8192);
	CU_ASSERT_EQUAL(spdk_align64pow2(5), 8);
	CU_ASSERT_EQUAL(spdk_align64pow2((1ULL << 40) + 1), 1ULL << 41);

	CU_ASSERT_FALSE(spdk_u32_is_pow2(0));
	CU_ASSERT_TRUE(spdk_u32_is_pow2(1));
	CU_ASSERT_TRUE(spdk_u32_is_pow2(1u << 31));
	CU_ASSERT_FALSE(spdk_u32_is_pow2(6));
	CU_ASSERT_TRUE(spdk_u64_is_pow2(1ULL << 63));
	CU_ASSERT_FALSE(spdk_u64_is_pow2((1ULL << 63) + 1));

	CU_ASSERT_EQUAL(spdk_divide_round_up(0, 512), 0);
	CU_ASSERT_EQUAL(spdk_divide_round_up(513, 512), 2);
	CU_ASSERT_EQUAL(spdk_round_up(10, 3), 12);
	CU_ASSERT_EQUAL(spdk_round_up(12, 3), 12);
}

static void
test_sn32_rand_memset(void)
{
	uint64_t state = 1, first;
	uint8_t buf[16];

	CU_ASSERT_EQUAL(spdk_sn32_add(UINT32_MAX, 2), 1);
	CU_ASSERT_TRUE(spdk_sn32_lt(1, 2));
	CU_ASSERT_FALSE(spdk_sn32_lt(2, 1));
	CU_ASSERT_FALSE(spdk_sn32_lt(5, 5));
	CU_ASSERT_FALSE(spdk_sn32_gt(5, 5));
	/* Across the wrap: 0xfffffff0 comes before 0x10. */
	CU_ASSERT_TRUE(spdk_sn32_lt(0xfffffff0u, 0x10));
	CU_ASSERT_TRUE(spdk_sn32_gt(0x10, 0xfffffff0u));
	CU_ASSERT_FALSE(spdk_sn32_gt(0xfffffff0u, 0x10));
	/* Exactly half apart: undefined order, neither. */
	CU_ASSERT_FALSE(spdk_sn32_lt(0, SPDK_SN32_CMPMAX));
	CU_ASSERT_FALSE(spdk_sn32_gt(0, SPDK_SN32_CMPMAX));
	CU_ASSERT_TRUE(spdk_sn32_lt(0, SPDK_SN32_CMPMAX - 1));

	first = spdk_rand_xorshift64(&state);
	CU_ASSERT_EQUAL(state, first);
	CU_ASSERT_NOT_EQUAL(first, 1);
	CU_ASSERT_NOT_EQUAL(spdk_rand_xorshift64(&state), first);
	CU_ASSERT_NOT_EQUAL(spdk_rand_xorshift64_seed(), 0);

	memset(buf, 0, sizeof(buf));
	spdk_memset_s(buf, 8, 0xab, 12);	/* clamped to data_size */
	CU_ASSERT_EQUAL(buf[7], 0xab);
	CU_ASSERT_EQUAL(buf[8], 0);
	spdk_memset_s(NULL, 8, 0xab, 8);
}

static void
test_endian(void)
{
	uint8_t b[9] = { 0 };

	to_be16(b + 1, 0x1234);
	CU_ASSERT(b[1] == 0x12 && b[2] == 0x34);
	CU_ASSERT_EQUAL(from_be16(b + 1), 0x1234);
	to_le16(b + 1, 0x1234);
	CU_ASSERT(b[1] == 0x34 && b[2] == 0x12);
	CU_ASSERT_EQUAL(from_le16(b + 1), 0x1234);
	to_be32(b + 1, 0x01020304u);
	CU_ASSERT(b[1] == 1 && b[4] == 4);
	CU_ASSERT_EQUAL(from_be32(b + 1), 0x01020304u);
	to_le32(b + 1, 0x01020304u);
	CU_ASSERT(b[1] == 4 && b[4] == 1);
	CU_ASSERT_EQUAL(from_le32(b + 1), 0x01020304u);
	to_be64(b + 1, 0x0102030405060708ULL);
	CU_ASSERT(b[1] == 1 && b[8] == 8);
	CU_ASSERT_EQUAL(from_be64(b + 1), 0x0102030405060708ULL);
	to_le64(b + 1, 0x0102030405060708ULL);
	CU_ASSERT(b[1] == 8 && b[8] == 1);
	CU_ASSERT_EQUAL(from_le64(b + 1), 0x0102030405060708ULL);
	CU_ASSERT_EQUAL(b[0], 0);	/* nothing written before the pointer */
}

struct node {
	int v;
	TAILQ_ENTRY(node) tq;
	STAILQ_ENTRY(node) stq;
	LIST_ENTRY(node) l;
	SLIST_ENTRY(node) sl;
};
TAILQ_HEAD(node_tq, node);
STAILQ_HEAD(node_stq, node);
LIST_HEAD(node_list, node);
SLIST_HEAD(node_slist, node);

static void
test_queue(void)
{
	struct node n[5] = { { .v = 0 }, { .v = 1 }, { .v = 2 }, { .v = 3 }, { .v = 4 } };
	struct node_tq tq = TAILQ_HEAD_INITIALIZER(tq), tq2 = TAILQ_HEAD_INITIALIZER(tq2);
	struct node_stq stq = STAILQ_HEAD_INITIALIZER(stq), stq2 = STAILQ_HEAD_INITIALIZER(stq2);
	struct node_list l = LIST_HEAD_INITIALIZER(l), l2 = LIST_HEAD_INITIALIZER(l2);
	struct node_slist sl = SLIST_HEAD_INITIALIZER(sl);
	struct node *it, *tmp;
	int sum = 0, order = 0;

	for (int i = 0; i < 5; i++) {
		TAILQ_INSERT_TAIL(&tq, &n[i], tq);
		STAILQ_INSERT_TAIL(&stq, &n[i], stq);
		LIST_INSERT_HEAD(&l, &n[i], l);
		SLIST_INSERT_HEAD(&sl, &n[i], sl);
	}
	/* Removing the current element inside a _SAFE loop. */
	TAILQ_FOREACH_SAFE(it, &tq, tq, tmp) {
		if (it->v % 2 == 1) {
			TAILQ_REMOVE_CLEAR(&tq, it, tq);
		}
	}
	TAILQ_FOREACH(it, &tq, tq) {
		sum += it->v;
	}
	CU_ASSERT_EQUAL(sum, 0 + 2 + 4);
	CU_ASSERT_TRUE(TAILQ_ENTRY_NOT_ENQUEUED(&n[1], tq));
	CU_ASSERT_TRUE(TAILQ_ENTRY_ENQUEUED(&n[2], tq));
	it = NULL;
	TAILQ_FOREACH_REVERSE_SAFE(it, &tq, node_tq, tq, tmp) {
		order = order * 10 + it->v;
	}
	CU_ASSERT_EQUAL(order, 420);
	it = &n[2];
	order = 0;
	TAILQ_FOREACH_FROM(it, &tq, tq) {
		order = order * 10 + it->v;
	}
	CU_ASSERT_EQUAL(order, 24);
	TAILQ_SWAP(&tq, &tq2, node, tq);
	CU_ASSERT_TRUE(TAILQ_EMPTY(&tq));
	CU_ASSERT_PTR_EQUAL(TAILQ_FIRST(&tq2), &n[0]);
	CU_ASSERT_PTR_EQUAL(n[0].tq.tqe_prev, &tq2.tqh_first);
	TAILQ_INSERT_TAIL(&tq, &n[1], tq);	/* the emptied head still works */
	CU_ASSERT_PTR_EQUAL(TAILQ_LAST(&tq, node_tq), &n[1]);

	CU_ASSERT_PTR_EQUAL(STAILQ_LAST(&stq, node, stq), &n[4]);
	STAILQ_REMOVE_AFTER(&stq, &n[3], stq);
	CU_ASSERT_PTR_EQUAL(STAILQ_LAST(&stq, node, stq), &n[3]);
	sum = 0;
	STAILQ_FOREACH_SAFE(it, &stq, stq, tmp) {
		sum += it->v;
		STAILQ_REMOVE_HEAD(&stq, stq);
	}
	CU_ASSERT_EQUAL(sum, 0 + 1 + 2 + 3);
	CU_ASSERT_TRUE(STAILQ_EMPTY(&stq));
	CU_ASSERT_PTR_NULL(STAILQ_LAST(&stq, node, stq));
	STAILQ_INSERT_TAIL(&stq2, &n[4], stq);
	STAILQ_SWAP(&stq, &stq2, node);
	CU_ASSERT_PTR_EQUAL(STAILQ_LAST(&stq, node, stq), &n[4]);
	STAILQ_INSERT_TAIL(&stq2, &n[0], stq);
	CU_ASSERT_PTR_EQUAL(STAILQ_FIRST(&stq2), &n[0]);

	/* LIST was built by inserting at the head: 4 3 2 1 0. */
	CU_ASSERT_PTR_NULL(LIST_PREV(&n[4], &l, node, l));
	CU_ASSERT_PTR_EQUAL(LIST_PREV(&n[3], &l, node, l), &n[4]);
	LIST_FOREACH_SAFE(it, &l, l, tmp) {
		if (it->v == 2) {
			LIST_REMOVE(it, l);
		}
	}
	CU_ASSERT_PTR_EQUAL(LIST_PREV(&n[1], &l, node, l), &n[3]);
	LIST_SWAP(&l, &l2, node, l);
	CU_ASSERT_TRUE(LIST_EMPTY(&l));
	CU_ASSERT_PTR_NULL(LIST_PREV(&n[4], &l2, node, l));
	CU_ASSERT_PTR_EQUAL(n[4].l.le_prev, &l2.lh_first);

	sum = 0;
	SLIST_FOREACH_SAFE(it, &sl, sl, tmp) {
		sum += it->v;
	}
	CU_ASSERT_EQUAL(sum, 10);
}

static void
test_mmio_barrier(void)
{
	/* On ordinary memory the accessors are plain loads and stores of the given width. */
	uint64_t reg = 0;
	volatile uint8_t *r8 = (volatile uint8_t *)&reg;

	spdk_mmio_write_8(&reg, 0x1122334455667788ULL);
	CU_ASSERT_EQUAL(spdk_mmio_read_8(&reg), 0x1122334455667788ULL);
	spdk_mmio_write_4((volatile uint32_t *)&reg, 0xdeadbeef);
	spdk_wmb();
	CU_ASSERT_EQUAL(spdk_mmio_read_4((volatile uint32_t *)&reg), 0xdeadbeef);
	spdk_mmio_write_2((volatile uint16_t *)&reg, 0xcafe);
	spdk_mb();
	CU_ASSERT_EQUAL(spdk_mmio_read_2((volatile uint16_t *)&reg), 0xcafe);
	spdk_mmio_write_1(r8, 0x5a);
	spdk_smp_mb();
	spdk_smp_wmb();
	spdk_smp_rmb();
	spdk_rmb();
	spdk_compiler_barrier();
	CU_ASSERT_EQUAL(spdk_mmio_read_1(r8), 0x5a);
	/* The upper dword was not touched by the narrower writes. */
	CU_ASSERT_EQUAL(reg >> 32, 0x11223344ULL);
}

static void
test_iov(void)
{
	uint8_t src[64], dst[64], out[64];
	struct iovec siov[] = {
		{ src, 10 }, { src + 10, 0 }, { src + 10, 30 }, { src + 40, 24 },
	};
	struct iovec diov[] = { { dst, 33 }, { dst + 33, 31 } };
	struct spdk_ioviter iter;
	struct spdk_iov_xfer ix;
	void *s, *d;
	size_t len, segs = 0;

	for (int i = 0; i < 64; i++) {
		src[i] = (uint8_t)(i * 7);
	}
	memset(dst, 0, sizeof(dst));
	CU_ASSERT_EQUAL(spdk_iovcpy(siov, 4, diov, 2), 64);
	CU_ASSERT_EQUAL(memcmp(src, dst, 64), 0);

	/* Segments break wherever either side does: 10 | 23 | 7 | 24. */
	for (len = spdk_ioviter_first(&iter, siov, 4, diov, 2, &s, &d); len != 0;
	     len = spdk_ioviter_next(&iter, &s, &d)) {
		static const size_t expect[] = { 10, 23, 7, 24 };

		CU_ASSERT_FATAL(segs < 4);
		CU_ASSERT_EQUAL(len, expect[segs]);
		CU_ASSERT_EQUAL((uint8_t *)s - src, (uint8_t *)d - dst);
		segs++;
	}
	CU_ASSERT_EQUAL(segs, 4);
	/* The shorter side bounds the copy. */
	CU_ASSERT_EQUAL(spdk_iovcpy(siov, 1, diov, 2), 10);
	CU_ASSERT_EQUAL(spdk_iovcpy(siov, 0, diov, 2), 0);

	/* Overlapping move: shift a buffer right by 5. */
	struct iovec a = { src, 50 }, b = { src + 5, 50 };
	uint8_t before = src[0];
	CU_ASSERT_EQUAL(spdk_iovmove(&a, 1, &b, 1), 50);
	CU_ASSERT_EQUAL(src[5], before);

	memset(out, 0, sizeof(out));
	spdk_iov_xfer_init(&ix, diov, 2);
	CU_ASSERT_EQUAL(spdk_iov_xfer_to_buf(&ix, out, 20), 20);
	CU_ASSERT_EQUAL(spdk_iov_xfer_to_buf(&ix, out + 20, 100), 44);	/* only 44 left */
	CU_ASSERT_EQUAL(memcmp(out, dst, 64), 0);
	CU_ASSERT_EQUAL(spdk_iov_xfer_to_buf(&ix, out, 1), 0);

	memset(out, 0xee, sizeof(out));
	spdk_copy_buf_to_iovs(diov, 2, out, 40);
	CU_ASSERT_EQUAL(dst[39], 0xee);
	CU_ASSERT_NOT_EQUAL(dst[40], 0xee);
	memset(out, 0, sizeof(out));
	spdk_copy_iovs_to_buf(out, 64, diov, 2);
	CU_ASSERT_EQUAL(memcmp(out, dst, 64), 0);

	spdk_iov_memset(diov, 2, 0x11);
	CU_ASSERT(dst[0] == 0x11 && dst[63] == 0x11);

	struct iovec one;
	int cnt = 0;
	SPDK_IOV_ONE(&one, &cnt, out, 12);
	CU_ASSERT(cnt == 1 && one.iov_base == out && one.iov_len == 12);

	/* Three arrays at once through an iterator sized for them. */
	struct spdk_ioviter *it3 = calloc(1, SPDK_IOVITER_SIZE(3));
	struct iovec x[] = { { src, 8 } }, y[] = { { dst, 4 }, { dst + 4, 4 } }, z[] = { { out, 8 } };
	struct iovec *arrs[] = { x, y, z };
	size_t cnts[] = { 1, 2, 1 };
	void *outs[3];
	CU_ASSERT_PTR_NOT_NULL_FATAL(it3);
	CU_ASSERT_EQUAL(spdk_ioviter_firstv(it3, 3, arrs, cnts, outs), 4);
	CU_ASSERT(outs[0] == src && outs[1] == dst && outs[2] == out);
	CU_ASSERT_EQUAL(spdk_ioviter_nextv(it3, outs), 4);
	CU_ASSERT(outs[0] == src + 4 && outs[1] == dst + 4 && outs[2] == out + 4);
	CU_ASSERT_EQUAL(spdk_ioviter_nextv(it3, outs), 0);
	free(it3);
}

static void
test_fd(void)
{
	char path[] = "/tmp/test_util_fd_XXXXXX";
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	unlink(path);
	CU_ASSERT_EQUAL(spdk_fd_get_size(fd), 0);
	CU_ASSERT_EQUAL(ftruncate(fd, 12345), 0);
	CU_ASSERT_EQUAL(spdk_fd_get_size(fd), 12345);
	CU_ASSERT_EQUAL(spdk_fd_get_blocklen(fd), 0);	/* not a block device */
	CU_ASSERT_EQUAL(spdk_fd_set_nonblock(fd), 0);
	CU_ASSERT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CU_ASSERT_EQUAL(spdk_fd_clear_nonblock(fd), 0);
	CU_ASSERT_FALSE(fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
	CU_ASSERT_EQUAL(spdk_fd_get_size(fd), 0);
	CU_ASSERT_EQUAL(spdk_fd_set_nonblock(fd), -EBADF);
}

/* spdk/memory.h: page sizes and the page an address falls in. */
static void
test_memory_macros(void)
{
	CU_ASSERT(VALUE_4KB == 4096 && VALUE_2MB == 2 * 1024 * 1024);
	CU_ASSERT(MASK_4KB == 0xfff && MASK_2MB == 0x1fffff);
	CU_ASSERT(_4KB_OFFSET(0x12345) == 0x345);
	CU_ASSERT(_2MB_OFFSET(0x600123) == 0x123);
	CU_ASSERT(FLOOR_2MB(0x7fffff) == 0x600000);
	CU_ASSERT(_2MB_PAGE((void *)0x400001) == 0x400000);
	CU_ASSERT(CEIL_2MB(0x400000) == 0x400000);
	CU_ASSERT(CEIL_2MB(0x400001) == 0x600000);
	CU_ASSERT(CEIL_2MB(0) == 0);
	CU_ASSERT(VFIO_ENABLED == 1);
}

static const struct cu_test g_tests[] = {
	{ "memory.h page macros", test_memory_macros },
	{ "util.h macros", test_macros },
	{ "log2 and powers of two", test_log2_pow2 },
	{ "serial numbers, xorshift, memset_s", test_sn32_rand_memset },
	{ "endian.h", test_endian },
	{ "queue.h additions", test_queue },
	{ "mmio.h and barrier.h", test_mmio_barrier },
	{ "iovec helpers", test_iov },
	{ "fd.h", test_fd },
};

int
main(void)
{
	return cu_main("util_misc", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
}
