/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Robustness against odd devices and API misuse (issue 10), through the
 * public API against the controller model:
 *   - a namespace whose blocks exceed the max transfer size is refused at
 *     attach (it used to crash every read/write with SIGFPE);
 *   - a huge Identify NN costs memory for the namespaces that exist only;
 *   - spdk_nvme_detach() from a completion callback, twice, or with NULL
 *     returns an error with a log line (it used to loop forever or touch
 *     freed memory).
 */
#include <malloc.h>

#include "nvme_driver_test.h"

static struct spdk_nvme_ctrlr *
attach_with(struct nvme_model **m, const struct nvme_model_opts *o)
{
	*m = dt_model_new(o);
	return dt_attach(*m);
}

/* ---- Blocks larger than one command -------------------------------------- */

static void
test_block_larger_than_mdts(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_qpair *qpair;
	struct spdk_nvme_ns *ns2;
	struct dt_capture cap;
	struct dt_io io = { 0 };
	void *buf;

	nvme_model_opts_default(&o);
	/* MDTS 1: 8 KiB per command; namespace 2 has 64 KiB blocks (QEMU: mdts=1
	 * with logical_block_size=65536). */
	o.mdts = 1;
	o.nn = 2;
	o.ns[0] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 64,
		.block_size = 4096 };
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 4,
		.block_size = 65536 };
	dt_capture_begin(&cap);
	ctrlr = attach_with(&m, &o);
	dt_capture_end(&cap, true);
	CU_ASSERT(dt_count(cap.text, "namespace 2 has 65536-byte blocks but the controller "
			   "moves at most 8192 bytes per command") == 1);
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 1);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 0);
	ns2 = spdk_nvme_ctrlr_get_ns(ctrlr, 2);
	CU_ASSERT_FATAL(ns2 != NULL);
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(ns2) == 0);

	/* I/O on it is refused, never divided by zero. */
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	buf = spdk_zmalloc(65536, 4096, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	CU_ASSERT_FATAL(buf != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(ns2, qpair, buf, 0, 1, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(spdk_nvme_ns_cmd_write(ns2, qpair, buf, 1, 2, dt_io_cb, &io, 0) == -EINVAL);
	CU_ASSERT(io.calls == 0);
	/* Namespace 1 still works, split at 8 KiB. */
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 16,
					dt_io_cb, &io, 0) == 0);
	CU_ASSERT(dt_wait_io(qpair, &io));
	CU_ASSERT(io.calls == 1 && dt_cpl_ok(&io.cpl));
	spdk_free(buf);
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Identify NN far above the namespaces that exist ----------------------- */

static void
test_huge_nn_is_cheap(void)
{
	const uint32_t nn = 1u << 24;
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct spdk_nvme_ns *last, *again;
	size_t before, after;

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.reported_nn = nn;
	o.ns[1] = (struct nvme_model_ns_opts){ .active = true, .num_blocks = 128,
		.block_size = 512 };
	m = dt_model_new(&o);
	before = mallinfo2().uordblks;
	ctrlr = dt_attach(m);
	after = mallinfo2().uordblks;
	/* It used to be ~100 bytes per NSID: 1.6 GB here. */
	CU_ASSERT(after - before < 256 * 1024);
	CU_ASSERT(spdk_nvme_ctrlr_get_num_ns(ctrlr) == nn);
	CU_ASSERT(spdk_nvme_ctrlr_get_first_active_ns(ctrlr) == 1);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 1) == 2);
	CU_ASSERT(spdk_nvme_ctrlr_get_next_active_ns(ctrlr, 2) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, nn));
	CU_ASSERT(spdk_nvme_ns_get_num_sectors(spdk_nvme_ctrlr_get_ns(ctrlr, 2)) == 128);
	/* Every NSID up to NN has an object (SPDK's semantics), the same each time. */
	last = spdk_nvme_ctrlr_get_ns(ctrlr, nn);
	CU_ASSERT_FATAL(last != NULL);
	CU_ASSERT(spdk_nvme_ns_get_id(last) == nn);
	CU_ASSERT(!spdk_nvme_ns_is_active(last));
	again = spdk_nvme_ctrlr_get_ns(ctrlr, nn);
	CU_ASSERT(again == last);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, nn + 1) == NULL);
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, 0) == NULL);
	/* Objects asked for keep their address when more are created around them. */
	for (uint32_t id = 1000; id >= 10; id -= 7) {
		CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, id) != NULL);
	}
	CU_ASSERT(spdk_nvme_ctrlr_get_ns(ctrlr, nn) == last);
	CU_ASSERT(spdk_nvme_ns_get_id(spdk_nvme_ctrlr_get_ns(ctrlr, 993)) == 993);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- spdk_nvme_detach misuse ---------------------------------------------- */

struct detach_in_cb {
	struct spdk_nvme_ctrlr	*ctrlr;
	int			rc;
	unsigned int		calls;
};

static void
detach_from_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct detach_in_cb *d = arg;

	(void)cpl;
	d->calls++;
	d->rc = spdk_nvme_detach(d->ctrlr);
}

static void
test_detach_from_io_callback(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr = attach_with(&m, NULL);
	struct spdk_nvme_qpair *qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	struct detach_in_cb d = { .ctrlr = ctrlr, .rc = 12345 };
	struct dt_capture cap;
	void *buf = spdk_zmalloc(512, 512, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);

	CU_ASSERT_FATAL(qpair != NULL && buf != NULL);
	CU_ASSERT(spdk_nvme_ns_cmd_read(spdk_nvme_ctrlr_get_ns(ctrlr, 1), qpair, buf, 0, 1,
					detach_from_cb, &d, 0) == 0);
	dt_capture_begin(&cap);
	for (unsigned int i = 0; i < 1000 && d.calls == 0; i++) {
		spdk_nvme_qpair_process_completions(qpair, 0);
	}
	dt_capture_end(&cap, true);
	CU_ASSERT(d.calls == 1);
	CU_ASSERT(d.rc == -EBUSY);
	CU_ASSERT(dt_count(cap.text, "spdk_nvme_detach() called from a completion callback") == 1);
	/* Still attached and usable; detach after the poll works. */
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	spdk_free(buf);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_detach_from_admin_callback(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr = attach_with(&m, NULL);
	struct detach_in_cb d = { .ctrlr = ctrlr, .rc = 12345 };
	struct spdk_nvme_cmd cmd = { .opc = SPDK_NVME_OPC_GET_FEATURES,
		       .cdw10 = SPDK_NVME_FEAT_NUMBER_OF_QUEUES };

	CU_ASSERT(spdk_nvme_ctrlr_cmd_admin_raw(ctrlr, &cmd, NULL, 0, detach_from_cb, &d) == 0);
	for (unsigned int i = 0; i < 1000 && d.calls == 0; i++) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
	CU_ASSERT(d.calls == 1);
	CU_ASSERT(d.rc == -EBUSY);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_detach_twice_and_null(void)
{
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr = attach_with(&m, NULL);
	struct dt_capture cap;

	dt_detach_and_check(ctrlr, m);
	dt_capture_begin(&cap);
	/* ctrlr is freed: only its address is compared, never read. */
	CU_ASSERT(spdk_nvme_detach(ctrlr) == -EINVAL);
	CU_ASSERT(spdk_nvme_detach(NULL) == -EINVAL);
	dt_capture_end(&cap, true);
	CU_ASSERT(dt_count(cap.text, "not an attached controller (detached twice?)") == 1);
	CU_ASSERT(dt_count(cap.text, "spdk_nvme_detach(NULL)") == 1);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_block_larger_than_mdts);
	ADD(test_huge_nn_is_cheap);
	ADD(test_detach_from_io_callback);
	ADD(test_detach_from_admin_callback);
	ADD(test_detach_twice_and_null);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_robust", add_tests);
}
