/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller model and the mocked env on their own, without the driver:
 * a hand-written "host" (model_host.h) programs the registers through the
 * MMIO hooks, builds admin and I/O queues in spdk_zmalloc() memory, submits
 * commands and polls completions.  If these tests pass, a failing driver
 * test points at the driver, not at the model.  This file: the mocked env
 * (memory, PCI) and the registers with the enable state machine; commands
 * are in test_nvme_model_cmds.c, queue mechanics and faults in
 * test_nvme_model_faults.c.
 */
#include "model_host.h"

/* ------------------------------------------------------------------------ */
/* Mock env: memory                                                           */
/* ------------------------------------------------------------------------ */

static void
test_env_memory(void)
{
	uint64_t iova = 0, size, len;
	char stack_buf[64];
	char *heap = malloc(64);
	uint8_t *p, *q;
	struct mock_env_stats st;

	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	p = spdk_zmalloc(3 * PAGE, PAGE, &iova, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT(((uintptr_t)p & (PAGE - 1)) == 0);
	CU_ASSERT(p[0] == 0 && p[3 * PAGE - 1] == 0);
	CU_ASSERT(iova != (uint64_t)(uintptr_t)p);
	CU_ASSERT(iova == spdk_vtophys(p, NULL));
	CU_ASSERT(mock_env_outstanding_allocations() == 1);

	/* size: in, wanted; out, contiguous bytes, never more than asked. */
	size = 100;
	CU_ASSERT(spdk_vtophys(p + 10, &size) == iova + 10);
	CU_ASSERT(size == 100);
	size = 10 * PAGE;
	spdk_vtophys(p + PAGE, &size);
	CU_ASSERT(size == 2 * PAGE);

	/* Not DMA memory. */
	CU_ASSERT(spdk_vtophys(stack_buf, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_vtophys(heap, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_vtophys(p + 3 * PAGE, NULL) == SPDK_VTOPHYS_ERROR);

	/* IOVA back to the virtual address, as the device does. */
	len = 2 * PAGE;
	CU_ASSERT(mock_env_iova_to_vaddr(iova + PAGE, &len) == p + PAGE);
	CU_ASSERT(len == 2 * PAGE);
	len = 8;
	CU_ASSERT(mock_env_iova_to_vaddr((uint64_t)(uintptr_t)p, &len) == NULL);
	CU_ASSERT(len == 0);

	/* spdk_malloc does not zero. */
	q = spdk_malloc(64, 0, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(q != NULL);
	CU_ASSERT(q[0] != 0);
	memset(q, 7, 64);
	q = spdk_realloc(q, 8192, 64);
	CU_ASSERT_FATAL(q != NULL);
	CU_ASSERT(q[63] == 7);
	CU_ASSERT(spdk_vtophys(q + 8000, NULL) != SPDK_VTOPHYS_ERROR);
	CU_ASSERT(mock_env_outstanding_allocations() == 2);

	/* Bad frees are counted, not crashed on. */
	mock_env_reset_stats();
	spdk_free(p + 8);
	mock_env_get_stats(&st);
	CU_ASSERT(st.bad_frees == 1);

	spdk_free(p);
	spdk_free(q);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);

	/* Allocation failure injection: only the 2nd allocation from now fails. */
	mock_env_fail_alloc_at(2);
	p = spdk_dma_zmalloc(64, 64, NULL);
	CU_ASSERT(p != NULL);
	CU_ASSERT(spdk_dma_malloc(64, 64, NULL) == NULL);
	q = spdk_dma_malloc(64, 64, NULL);
	CU_ASSERT(q != NULL);
	spdk_dma_free(p);
	spdk_dma_free(q);

	CU_ASSERT(spdk_zmalloc(0, 0, NULL, 0, 0) == NULL);
	CU_ASSERT(spdk_zmalloc(64, 3, NULL, 0, 0) == NULL);	/* not a power of two */
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	free(heap);
}

static void
test_env_memory_scatter(void)
{
	uint64_t iova, size, len;
	uint8_t *p;

	mock_env_set_iova_mode(MOCK_ENV_IOVA_PAGE_SCATTER);
	p = spdk_zmalloc(3 * PAGE, PAGE, &iova, 0, 0);
	mock_env_set_iova_mode(MOCK_ENV_IOVA_CONTIG);
	CU_ASSERT_FATAL(p != NULL);

	size = 3 * PAGE;
	CU_ASSERT(spdk_vtophys(p, &size) == iova);
	CU_ASSERT(size == PAGE);		/* contiguous only to the page end */
	size = 3 * PAGE;
	CU_ASSERT(spdk_vtophys(p + PAGE + 100, &size) != iova + PAGE + 100);
	CU_ASSERT(size == PAGE - 100);

	/* The next page's IOVA is not iova + PAGE: the hole is untranslatable. */
	len = 8;
	CU_ASSERT(mock_env_iova_to_vaddr(iova + PAGE, &len) == NULL);
	len = 2 * PAGE;
	CU_ASSERT(mock_env_iova_to_vaddr(spdk_vtophys(p + 2 * PAGE, NULL), &len) == p + 2 * PAGE);
	CU_ASSERT(len == PAGE);
	spdk_free(p);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
}

static void
test_env_time_cores(void)
{
	uint64_t t0, t1;
	uint32_t core, n = 0;

	CU_ASSERT(spdk_get_ticks_hz() == 1000000000ULL);
	t0 = spdk_get_ticks();
	spdk_delay_us(1000);
	t1 = spdk_get_ticks();
	CU_ASSERT(t1 - t0 >= 1000000ULL);

	mock_env_set_virtual_time(true, 0);
	t0 = spdk_get_ticks();
	spdk_delay_us(5000000);			/* 5 s, instantly */
	CU_ASSERT(spdk_get_ticks() - t0 == 5000000000ULL);
	mock_env_advance_time_ns(7);
	CU_ASSERT(spdk_get_ticks() - t0 == 5000000007ULL);
	mock_env_set_virtual_time(true, 10);
	t0 = spdk_get_ticks();
	CU_ASSERT(spdk_get_ticks() - t0 == 10);
	mock_env_set_virtual_time(false, 0);

	SPDK_ENV_FOREACH_CORE(core) {
		n++;
	}
	CU_ASSERT(n == 1);
	CU_ASSERT(spdk_env_get_core_count() == 1);
	CU_ASSERT(spdk_env_get_current_core() == 0);
	CU_ASSERT(spdk_env_get_socket_id(0) == 0);
}

/* ------------------------------------------------------------------------ */
/* Mock env: PCI                                                              */
/* ------------------------------------------------------------------------ */

struct enum_ctx {
	int			rc;
	unsigned int		calls;
	struct spdk_pci_device	*last;
};

static int
enum_cb(void *ctx, struct spdk_pci_device *dev)
{
	struct enum_ctx *e = ctx;

	e->calls++;
	e->last = dev;
	return e->rc;
}

static void
test_env_pci(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m0, *m1;
	struct enum_ctx e = { 0 };
	struct spdk_pci_driver *drv = spdk_pci_nvme_get_driver();
	struct spdk_pci_addr addr;
	struct spdk_pci_id id;
	struct mock_env_stats st;
	void *bar;
	uint64_t phys, size;
	uint32_t v32;
	uint16_t v16;

	nvme_model_opts_default(&o);
	m0 = model_new(&o);
	m1 = model_new(&o);
	CU_ASSERT(strcmp(nvme_model_bdf(m0), "0000:00:04.0") == 0);
	CU_ASSERT(strcmp(nvme_model_bdf(m1), "0000:00:05.0") == 0);
	mock_env_reset_stats();

	/* > 0: looked at, left unclaimed. */
	e.rc = 1;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 2);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m0)));

	/* < 0: stop at the first. */
	e.rc = -5;
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == -5);
	CU_ASSERT(e.calls == 1);

	/* 0: claimed; a second scan skips claimed devices. */
	e.rc = 0;
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 2);
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 0);
	CU_ASSERT(nvme_model_destroy(m0) == -EBUSY);

	/* The device as the driver sees it. */
	id = spdk_pci_device_get_id(nvme_model_pci_device(m0));
	CU_ASSERT(id.class_id == 0x010802);
	CU_ASSERT(id.vendor_id == 0x1b36 && id.device_id == 0x0010);
	CU_ASSERT(spdk_pci_device_get_vendor_id(nvme_model_pci_device(m0)) == 0x1b36);
	addr = spdk_pci_device_get_addr(nvme_model_pci_device(m1));
	CU_ASSERT(addr.bus == 0 && addr.dev == 5 && addr.func == 0);
	CU_ASSERT(spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 0) == 0);
	CU_ASSERT(v16 == 0x1b36);
	CU_ASSERT(spdk_pci_device_cfg_read32(nvme_model_pci_device(m0), &v32, 8) == 0);
	CU_ASSERT((v32 >> 8) == 0x010802);
	CU_ASSERT(spdk_pci_device_cfg_write16(nvme_model_pci_device(m0), 0x0406, 4) == 0);
	CU_ASSERT(spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 4) == 0);
	CU_ASSERT(v16 == 0x0406);
	CU_ASSERT(spdk_pci_device_cfg_write16(nvme_model_pci_device(m0), 0xdead, 0) == 0);
	spdk_pci_device_cfg_read16(nvme_model_pci_device(m0), &v16, 0);
	CU_ASSERT(v16 == 0x1b36);	/* read-only */
	CU_ASSERT(spdk_pci_device_cfg_read32(nvme_model_pci_device(m0), &v32, 4094) == -EINVAL);

	CU_ASSERT(spdk_pci_device_map_bar(nvme_model_pci_device(m0), 0, &bar, &phys, &size) == 0);
	CU_ASSERT(bar == (void *)nvme_model_bar0(m0));
	CU_ASSERT(((uintptr_t)bar & (PAGE - 1)) == 0);
	CU_ASSERT(size == 0x4000);
	CU_ASSERT(spdk_pci_device_map_bar(nvme_model_pci_device(m0), 2, &bar, &phys, &size) != 0);
	CU_ASSERT(mock_pci_device_is_bar_mapped(nvme_model_pci_device(m0)));
	CU_ASSERT(spdk_pci_device_unmap_bar(nvme_model_pci_device(m0), 0, (void *)nvme_model_bar0(m0)) == 0);
	CU_ASSERT(!mock_pci_device_is_bar_mapped(nvme_model_pci_device(m0)));

	spdk_pci_device_detach(nvme_model_pci_device(m0));
	spdk_pci_device_detach(nvme_model_pci_device(m0));	/* twice: counted as bad */
	spdk_pci_device_detach(nvme_model_pci_device(m1));
	mock_env_get_stats(&st);
	CU_ASSERT(st.detaches == 2);
	CU_ASSERT(st.bad_detaches == 1);

	/* Attach one address. */
	e.calls = 0;
	spdk_pci_addr_parse(&addr, "0000:00:05.0");
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 1 && e.last == nvme_model_pci_device(m1));
	/* Already attached: 0, no callback (as lib/env_dpdk). */
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 1);
	spdk_pci_device_detach(nvme_model_pci_device(m1));
	/* Released by the callback: 0; callback error: its value. */
	e.rc = 1;
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == 0);
	CU_ASSERT(e.calls == 2 && !mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	e.rc = -EIO;
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == -EIO);
	CU_ASSERT(!mock_pci_device_is_attached(nvme_model_pci_device(m1)));
	e.rc = 0;
	spdk_pci_addr_parse(&addr, "0000:00:1f.0");
	CU_ASSERT(spdk_pci_device_attach(drv, enum_cb, &e, &addr) == -ENODEV);

	/* Unbound and removed devices are not offered. */
	mock_pci_set_bound(nvme_model_pci_device(m0), false);
	nvme_model_surprise_remove(m1);
	e.calls = 0;
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == 0);
	CU_ASSERT(e.calls == 0);
	spdk_pci_device_cfg_read16(nvme_model_pci_device(m1), &v16, 0);
	CU_ASSERT(v16 == 0xffff);

	mock_pci_inject_enumerate_error(-EIO);
	CU_ASSERT(spdk_pci_enumerate(drv, enum_cb, &e) == -EIO);

	destroy_model(m0);
	destroy_model(m1);
}

/* ------------------------------------------------------------------------ */
/* Registers and the enable state machine                                     */
/* ------------------------------------------------------------------------ */

static void
test_registers(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cap_register cap;
	const struct nvme_model_stats *st = nvme_model_get_stats(m);

	host_init(&h, m);
	cap.raw = rd64(&h, 0);
	CU_ASSERT(cap.bits.mqes == 1023);
	CU_ASSERT(cap.bits.cqr == 1);
	CU_ASSERT(cap.bits.to == 15);
	CU_ASSERT(cap.bits.dstrd == 0);
	CU_ASSERT(cap.bits.css & SPDK_NVME_CAP_CSS_NVM);
	CU_ASSERT(cap.bits.mpsmin == 0);
	/* Two halves == one 64-bit read. */
	CU_ASSERT(((uint64_t)rd32(&h, 4) << 32 | rd32(&h, 0)) == cap.raw);
	CU_ASSERT(rd32(&h, 0x08) == 0x00010400);
	CU_ASSERT(csts(&h).raw == 0);

	/* ASQ written as two halves reads back as one 64-bit value. */
	wr32(&h, 0x28, 0x12345000);
	wr32(&h, 0x2c, 0x9);
	CU_ASSERT(rd64(&h, 0x28) == 0x912345000ULL);
	wr64(&h, 0x30, 0xabcdef000ULL);
	CU_ASSERT(rd32(&h, 0x30) == 0xbcdef000 && rd32(&h, 0x34) == 0xa);

	/* Read-only CAP: write is an error and changes nothing. */
	wr32(&h, 0, 0);
	CU_ASSERT(rd64(&h, 0) == cap.raw);
	CU_ASSERT(st->errors == 1);
	CU_ASSERT(st->reg_reads > 8);
	destroy_model(m);
}

static void
test_enable_disable_shutdown(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;

	host_init(&h, m);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	CU_ASSERT(nvme_model_sq_exists(m, 0) && nvme_model_cq_exists(m, 0));
	CU_ASSERT(nvme_model_get_stats(m)->enables == 1);

	host_disable(&h);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(!nvme_model_sq_exists(m, 0));

	/* Enable again, then a normal shutdown. */
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	cc.raw = rd32(&h, 0x14);
	cc.bits.shn = SPDK_NVME_SHN_NORMAL;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_COMPLETE);
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.shst == SPDK_NVME_SHST_NORMAL);
	CU_ASSERT(nvme_model_get_stats(m)->errors == 0);
	host_fini(&h);
	destroy_model(m);
}

static void
test_enable_bad_config(void)
{
	struct nvme_model *m = model_new(NULL);
	struct host h;
	union spdk_nvme_cc_register cc;
	char stack_q[4096];

	host_init(&h, m);
	CU_ASSERT_FATAL(hq_alloc(&h.admin, 0, 8, 8) == 0);
	wr32(&h, 0x24, 0x00070007);
	wr64(&h, 0x28, h.admin.sq_iova);
	wr64(&h, 0x30, h.admin.cq_iova);

	/* IOSQES left 0: the controller fails the enable with CFS. */
	cc.raw = 0;
	cc.bits.en = 1;
	cc.bits.iocqes = 4;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(csts(&h).bits.rdy == 0);
	CU_ASSERT(strstr(nvme_model_last_error(m), "IOSQES") != NULL);

	/* A reset clears CFS. */
	host_disable(&h);
	CU_ASSERT(csts(&h).bits.cfs == 0);

	/* MPS above CAP.MPSMAX. */
	cc.bits.iosqes = 6;
	cc.bits.mps = 5;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);

	/* Admin SQ at a virtual address (not an IOVA). */
	wr64(&h, 0x28, (uint64_t)(uintptr_t)h.admin.sq);
	cc.bits.mps = 0;
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	CU_ASSERT(strstr(nvme_model_last_error(m), "ASQ") != NULL);
	host_disable(&h);

	/* Admin CQ on the stack. */
	wr64(&h, 0x28, h.admin.sq_iova);
	wr64(&h, 0x30, ((uint64_t)(uintptr_t)stack_q + 4095) & ~4095ULL);
	wr32(&h, 0x14, cc.raw);
	CU_ASSERT(csts(&h).bits.cfs == 1);
	host_disable(&h);

	/* Fixed: works. */
	wr64(&h, 0x30, h.admin.cq_iova);
	CU_ASSERT(host_enable(&h, 8, 1) == 1);
	host_disable(&h);
	host_fini(&h);
	destroy_model(m);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (CU_initialize_registry() != CUE_SUCCESS) {
		return CU_get_error();
	}
	suite = CU_add_suite("nvme_model", NULL, NULL);
	if (suite == NULL) {
		CU_cleanup_registry();
		return CU_get_error();
	}
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_env_memory);
	ADD(test_env_memory_scatter);
	ADD(test_env_time_cores);
	ADD(test_env_pci);
	ADD(test_registers);
	ADD(test_enable_disable_shutdown);
	ADD(test_enable_bad_config);
#undef ADD

	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures != 0;
}
