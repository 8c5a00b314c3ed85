/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller Memory Buffer and Persistent Memory Region through the public
 * API, against the controller model: the registers the driver programs
 * (CMBMSC, PMRCTL, PMRMSC), the sizes it reports, I/O whose payload is in
 * the CMB/PMR (moved inside the controller), and every refusal.
 */
#include "nvme_driver_test.h"

#define MIB	(1024u * 1024)

static struct nvme_model *
model_with(uint32_t cmb_size, uint32_t pmr_size)
{
	struct nvme_model_opts o;

	nvme_model_opts_default(&o);
	o.cmb_size = cmb_size;
	o.pmr_size = pmr_size;
	o.pmrto = 2;
	return dt_model_new(&o);
}

/* One read or write of 8 blocks at lba of namespace 1; true when it succeeded. */
static bool
rw8(struct spdk_nvme_ctrlr *ctrlr, void *buf, uint64_t lba, bool write)
{
	struct spdk_nvme_qpair *qp = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, 1);
	struct dt_io io = { 0 };
	int rc;

	CU_ASSERT_FATAL(qp != NULL);
	rc = write ? spdk_nvme_ns_cmd_write(ns, qp, buf, lba, 8, dt_io_cb, &io, 0) :
	     spdk_nvme_ns_cmd_read(ns, qp, buf, lba, 8, dt_io_cb, &io, 0);
	rc = rc == 0 && dt_wait_io(qp, &io) && dt_cpl_ok(&io.cpl) ? 0 : -EIO;
	spdk_nvme_ctrlr_free_io_qpair(qp);
	return rc == 0;
}

/* Write 8 blocks at lba from src, read them back into dst (both may be CMB/PMR). */
static void
write_then_read(struct spdk_nvme_ctrlr *ctrlr, void *src, void *dst, uint64_t lba)
{
	CU_ASSERT(rw8(ctrlr, src, lba, true));
	CU_ASSERT(rw8(ctrlr, dst, lba, false));
}

static void
test_cmb_absent(void)
{
	struct nvme_model *m = model_with(0, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	size_t size = 123;

	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr).raw == 0);
	CU_ASSERT(spdk_nvme_ctrlr_reserve_cmb(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(ctrlr, &size) == NULL);
	CU_ASSERT(size == 0);
	spdk_nvme_ctrlr_unmap_cmb(ctrlr);	/* nothing mapped: no effect */
	CU_ASSERT(spdk_nvme_ctrlr_reserve_cmb(NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(NULL, &size) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(ctrlr, NULL) == NULL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* CMBSZ needs CMBMSC.CRE first (NVMe 1.4); the driver sets it at attach. */
static void
test_cmb_registers(void)
{
	struct nvme_model *m = model_with(4 * MIB, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	union spdk_nvme_cmbsz_register sz = spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr);

	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.cmbmsc == 0x1);		/* CRE only: no CMSE before map */
	CU_ASSERT(sz.bits.rds == 1 && sz.bits.wds == 1);
	CU_ASSERT(sz.bits.szu == 1 && sz.bits.sz == 64);
	CU_ASSERT(spdk_nvme_ctrlr_reserve_cmb(ctrlr) == (int)(4 * MIB));
	/* Idempotent, as SPDK's: nothing else ever takes the CMB. */
	CU_ASSERT(spdk_nvme_ctrlr_reserve_cmb(ctrlr) == (int)(4 * MIB));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_cmb_map_and_io(void)
{
	struct nvme_model *m = model_with(4 * MIB, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	uint8_t *cmb, *host;
	uint64_t len = 4096;
	size_t size = 0, size2 = 0;

	cmb = spdk_nvme_ctrlr_map_cmb(ctrlr, &size);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT_FATAL(cmb != NULL);
	CU_ASSERT(cmb == st.cmb && size == 4 * MIB);
	/* Controller memory space at the BAR's bus address, CMSE and CRE set. */
	CU_ASSERT(st.cmbmsc == (st.cmb_bus | 0x3));
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(ctrlr, &size2) == cmb && size2 == size);
	CU_ASSERT(spdk_vtophys(cmb + 8192, &len) == st.cmb_bus + 8192 && len == 4096);

	/* Namespace <- CMB -> namespace -> CMB, then into host memory. */
	for (unsigned int i = 0; i < 4096; i++) {
		cmb[i] = (uint8_t)(i * 7 + 3);
	}
	write_then_read(ctrlr, cmb, cmb + MIB, 16);
	CU_ASSERT(memcmp(cmb, cmb + MIB, 4096) == 0);
	host = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(host != NULL);
	write_then_read(ctrlr, cmb, host, 32);
	CU_ASSERT(memcmp(cmb, host, 4096) == 0);
	spdk_free(host);
	nvme_model_get_mem_state(m, &st);
	/* Two writes from the CMB, one read into it: moved inside the controller. */
	CU_ASSERT(st.cmb_dma_bytes == 3 * 4096);

	spdk_nvme_ctrlr_unmap_cmb(ctrlr);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.cmbmsc == 0x1);
	CU_ASSERT(spdk_vtophys(cmb, NULL) == SPDK_VTOPHYS_ERROR);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/*
 * SPDK's cmb_copy: another controller reads into this one's CMB and writes
 * from it (its DMA reaches the CMB at the address spdk_vtophys() gives).
 */
static void
test_cmb_copy_between_controllers(void)
{
	struct nvme_model *a = model_with(1 * MIB, 0), *b = model_with(0, 0);
	struct spdk_nvme_ctrlr *ca = dt_attach(a), *cb = dt_attach(b);
	struct nvme_model_mem_state st;
	uint8_t *host = spdk_zmalloc(4096, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	uint8_t *cmb, *ns_mem;
	uint64_t ns_size;
	size_t size = 0;

	CU_ASSERT_FATAL(host != NULL);
	for (unsigned int i = 0; i < 4096; i++) {
		host[i] = (uint8_t)(i ^ 0x3c);
	}
	cmb = spdk_nvme_ctrlr_map_cmb(ca, &size);
	CU_ASSERT_FATAL(cmb != NULL);
	CU_ASSERT(rw8(cb, host, 0, true));		/* B's namespace: the data */
	CU_ASSERT(rw8(cb, cmb + 4096, 0, false));	/* B -> A's CMB */
	CU_ASSERT(memcmp(cmb + 4096, host, 4096) == 0);
	CU_ASSERT(rw8(cb, cmb + 4096, 40, true));	/* A's CMB -> B */
	ns_mem = nvme_model_ns_mem(b, 1, &ns_size);
	CU_ASSERT(ns_mem != NULL && memcmp(ns_mem + 40 * 512, host, 4096) == 0);
	nvme_model_get_mem_state(a, &st);
	CU_ASSERT(st.cmb_dma_bytes == 0);		/* A itself moved nothing */
	spdk_free(host);
	dt_detach_and_check_other(cb, b);
	dt_detach_and_check(ca, a);
	dt_model_destroy(a);
	dt_model_destroy(b);
}

/* Detaching with the CMB mapped forgets its DMA registration. */
static void
test_cmb_detach_mapped(void)
{
	struct nvme_model *m = model_with(1 * MIB, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	size_t size = 0;
	void *cmb = spdk_nvme_ctrlr_map_cmb(ctrlr, &size);

	CU_ASSERT_FATAL(cmb != NULL);
	CU_ASSERT(spdk_vtophys(cmb, NULL) != SPDK_VTOPHYS_ERROR);
	dt_detach_and_check(ctrlr, m);
	CU_ASSERT(spdk_vtophys(cmb, NULL) == SPDK_VTOPHYS_ERROR);
	dt_model_destroy(m);
}

static void
test_cmb_queues_only(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	size_t size = 1;

	nvme_model_opts_default(&o);
	o.cmb_size = 1 * MIB;
	o.cmb_no_data = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr).bits.sz == 16);
	CU_ASSERT(spdk_nvme_ctrlr_reserve_cmb(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(ctrlr, &size) == NULL && size == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* spdk_mem_register() takes BAR memory only. */
static void
test_mem_register(void)
{
	struct nvme_model *m = model_with(1 * MIB, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	static uint8_t plain[8192];
	size_t size = 0;
	uint8_t *cmb;

	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(spdk_mem_register(NULL, 4096) == -EINVAL);
	CU_ASSERT(spdk_mem_register(plain, sizeof(plain)) == -ENOTSUP);
	CU_ASSERT(spdk_mem_register(st.cmb + MIB - 4096, 8192) == -ENOTSUP);	/* past the BAR */
	CU_ASSERT(spdk_mem_register(st.cmb, 4096) == 0);
	CU_ASSERT(spdk_mem_register(st.cmb + 2048, 4096) == -EBUSY);
	CU_ASSERT(spdk_mem_unregister(st.cmb, 2048) == -EINVAL);
	CU_ASSERT(spdk_mem_unregister(st.cmb, 4096) == 0);
	CU_ASSERT(spdk_mem_unregister(st.cmb, 4096) == -EINVAL);
	/* 16 ranges at most. */
	for (unsigned int i = 0; i < 16; i++) {
		CU_ASSERT(spdk_mem_register(st.cmb + i * 4096, 4096) == 0);
	}
	CU_ASSERT(spdk_mem_register(st.cmb + 16 * 4096, 4096) == -ENOMEM);
	CU_ASSERT(spdk_vtophys(st.cmb + 15 * 4096 + 8, NULL) == st.cmb_bus + 15 * 4096 + 8);
	for (unsigned int i = 0; i < 16; i++) {
		CU_ASSERT(spdk_mem_unregister(st.cmb + i * 4096, 4096) == 0);
	}
	/* The driver's own registration of the whole CMB. */
	cmb = spdk_nvme_ctrlr_map_cmb(ctrlr, &size);
	CU_ASSERT(cmb == st.cmb && spdk_mem_register(cmb, 4096) == -EBUSY);
	spdk_nvme_ctrlr_unmap_cmb(ctrlr);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* The controller refuses the address: no CMB mapping; the PMR for the CPU only. */
static void
test_cba_refused(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct nvme_model_mem_state st;
	size_t size = 7;
	uint8_t *pmr;

	nvme_model_opts_default(&o);
	o.cmb_size = 1 * MIB;
	o.pmr_size = 1 * MIB;
	o.refuse_cba = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(spdk_nvme_ctrlr_map_cmb(ctrlr, &size) == NULL && size == 0);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.cmbmsc == 0x1);			/* CMSE withdrawn */
	CU_ASSERT(spdk_vtophys(st.cmb, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == 0);
	pmr = spdk_nvme_ctrlr_map_pmr(ctrlr, &size);
	CU_ASSERT(pmr == st.pmr && size == 1 * MIB);
	CU_ASSERT(spdk_vtophys(pmr, NULL) == SPDK_VTOPHYS_ERROR);	/* not a payload */
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.pmrmsc == 0);
	CU_ASSERT(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_pmr_absent(void)
{
	struct nvme_model *m = model_with(0, 0);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	size_t size = 5;

	CU_ASSERT(spdk_nvme_ctrlr_get_pmrsz(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_pmrcap(ctrlr).raw == 0);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_disable_pmr(ctrlr) == -ENOTSUP);
	CU_ASSERT(spdk_nvme_ctrlr_map_pmr(ctrlr, &size) == NULL && size == 0);
	CU_ASSERT(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(NULL) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_unmap_pmr(NULL) == -EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_pmr_enable_disable(void)
{
	struct nvme_model *m = model_with(0, 2 * MIB);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	union spdk_nvme_pmrcap_register cap = spdk_nvme_ctrlr_get_regs_pmrcap(ctrlr);

	CU_ASSERT(spdk_nvme_ctrlr_get_pmrsz(ctrlr) == 2 * MIB);
	CU_ASSERT(cap.bits.bir == 4 && cap.bits.cmss == 1 && cap.bits.pmrto == 2);
	CU_ASSERT(spdk_nvme_ctrlr_disable_pmr(ctrlr) == -EINVAL);	/* already disabled */
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == 0);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.pmrctl == 1 && (st.pmrsts & (1u << 8)) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == -EINVAL);	/* already enabled */
	CU_ASSERT(spdk_nvme_ctrlr_disable_pmr(ctrlr) == 0);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.pmrctl == 0 && (st.pmrsts & (1u << 8)) != 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_pmr_timeout_and_units(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;

	nvme_model_opts_default(&o);
	o.pmr_size = 1 * MIB;
	o.pmrto = 4;			/* 2 s */
	o.pmr_never_ready = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	mock_env_set_virtual_time(true, 1000);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == -ETIMEDOUT);
	mock_env_set_virtual_time(false, 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	o.pmr_never_ready = false;
	o.pmrtu = 2;			/* reserved */
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == -EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_pmr_map_and_io(void)
{
	struct nvme_model *m = model_with(0, 1 * MIB);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct nvme_model_mem_state st;
	uint8_t *pmr, *ns_mem;
	uint64_t ns_size;
	size_t size = 0;

	CU_ASSERT(spdk_nvme_ctrlr_enable_pmr(ctrlr) == 0);
	pmr = spdk_nvme_ctrlr_map_pmr(ctrlr, &size);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT_FATAL(pmr != NULL);
	CU_ASSERT(pmr == st.pmr && size == 1 * MIB);
	CU_ASSERT(st.pmrmsc == (st.pmr_bus | 0x2));		/* CBA, CMSE */
	for (unsigned int i = 0; i < 4096; i++) {
		pmr[i] = (uint8_t)(0xa5 ^ i);
	}
	/* PMR -> namespace -> PMR at 64 KiB: the data went through the namespace. */
	write_then_read(ctrlr, pmr, pmr + 65536, 8);
	ns_mem = nvme_model_ns_mem(m, 1, &ns_size);
	CU_ASSERT_FATAL(ns_mem != NULL);
	CU_ASSERT(memcmp(ns_mem + 8 * 512, pmr, 4096) == 0);
	CU_ASSERT(memcmp(pmr + 65536, pmr, 4096) == 0);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.pmr_dma_bytes == 2 * 4096);

	CU_ASSERT(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == 0);
	nvme_model_get_mem_state(m, &st);
	CU_ASSERT(st.pmrmsc == 0);
	CU_ASSERT(spdk_vtophys(pmr, NULL) == SPDK_VTOPHYS_ERROR);
	CU_ASSERT(spdk_nvme_ctrlr_unmap_pmr(ctrlr) == -ENXIO);
	CU_ASSERT(spdk_nvme_ctrlr_disable_pmr(ctrlr) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_cmb_absent);
	ADD(test_cmb_registers);
	ADD(test_cmb_map_and_io);
	ADD(test_cmb_copy_between_controllers);
	ADD(test_cmb_detach_mapped);
	ADD(test_cmb_queues_only);
	ADD(test_mem_register);
	ADD(test_cba_refused);
	ADD(test_pmr_absent);
	ADD(test_pmr_enable_disable);
	ADD(test_pmr_timeout_and_units);
	ADD(test_pmr_map_and_io);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_cmb_pmr", add_tests);
}
