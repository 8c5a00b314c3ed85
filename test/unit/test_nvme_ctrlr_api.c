/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The controller calls of SPDK's nvme.h added for issue 8 (lib/nvme/
 * nvme_ctrlr_getters.c) against the controller model: spdk_nvme_ctrlr_opts'
 * layout, the getters (flags, opts, registers, identity, NVM command set
 * data), set_trid, raw queue IDs, NVM subsystem reset and the namespace
 * change callback.  The commands are in test_nvme_ctrlr_cmd_ext.c.
 */
#include <stddef.h>

#include "nvme_driver_test.h"

/* ---- spdk_nvme_ctrlr_opts ----------------------------------------------- */

/* SPDK v26.05's offsets, read from its header (856 bytes on LP64). */
static void
test_opts_layout(void)
{
	static const struct {
		const char	*name;
		size_t		ours;
		size_t		spdk;
	} members[] = {
#define M(f, off) { #f, offsetof(struct spdk_nvme_ctrlr_opts, f), off }
		M(num_io_queues, 0), M(use_cmb_sqs, 4), M(no_shn_notification, 5),
		M(enable_interrupts, 6), M(arb_mechanism, 8), M(arbitration_burst, 12),
		M(low_priority_weight, 13), M(medium_priority_weight, 14),
		M(high_priority_weight, 15), M(keep_alive_timeout_ms, 16),
		M(transport_retry_count, 20), M(io_queue_size, 24), M(hostnqn, 28),
		M(io_queue_requests, 252), M(src_addr, 256), M(src_svcid, 513), M(host_id, 546),
		M(extended_host_id, 554), M(command_set, 572), M(admin_timeout_ms, 576),
		M(header_digest, 580), M(data_digest, 581), M(disable_error_logging, 582),
		M(transport_ack_timeout, 583), M(admin_queue_size, 584), M(opts_size, 592),
		M(fabrics_connect_timeout_us, 600), M(disable_read_ana_log_page, 608),
		M(disable_read_changed_ns_list_log_page, 616), M(transport_tos, 817),
		M(tls_psk, 824), M(dhchap_key, 832), M(dhchap_ctrlr_key, 840),
		M(dhchap_digests, 848), M(dhchap_dhgroups, 852),
#undef M
	};
	struct spdk_nvme_ctrlr_opts opts;
	const size_t prefix = offsetof(struct spdk_nvme_ctrlr_opts, keep_alive_timeout_ms);

	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		if (members[i].ours != members[i].spdk) {
			fprintf(stderr, "%s at %zu, SPDK has it at %zu\n", members[i].name,
				members[i].ours, members[i].spdk);
		}
		CU_ASSERT(members[i].ours == members[i].spdk);
	}
	CU_ASSERT(sizeof(struct spdk_nvme_ctrlr_opts) == 856);
	/* The extensions sit in SPDK's hole at 586..591. */
	CU_ASSERT(offsetof(struct spdk_nvme_ctrlr_opts, disable_shadow_doorbells) == 586);
	CU_ASSERT(offsetof(struct spdk_nvme_ctrlr_opts, disable_pcie_sgl) == 587);

	memset(&opts, 0xa5, sizeof(opts));
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	CU_ASSERT(opts.opts_size == sizeof(opts));
	CU_ASSERT(opts.num_io_queues == 1024 && opts.keep_alive_timeout_ms == 10000);
	CU_ASSERT(opts.transport_retry_count == 4 && opts.admin_queue_size == 32);
	CU_ASSERT(!opts.enable_interrupts && !opts.disable_shadow_doorbells && !opts.disable_pcie_sgl);
	CU_ASSERT(opts.disable_read_changed_ns_list_log_page == 0);
	CU_ASSERT(opts.fabrics_connect_timeout_us == 500000);
	CU_ASSERT(opts.dhchap_digests == 0xe && opts.dhchap_dhgroups == 0x3f);
	CU_ASSERT(opts.tls_psk == NULL && opts.dhchap_key == NULL);

	/* An older, smaller struct: only its prefix is written. */
	memset(&opts, 0xa5, sizeof(opts));
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, prefix);
	CU_ASSERT(opts.num_io_queues == 1024);
	CU_ASSERT(opts.keep_alive_timeout_ms == 0xa5a5a5a5u);
	CU_ASSERT(opts.admin_queue_size == 0xa5a5);
}

static void
test_enable_interrupts_refused(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_transport_id trid;
	struct dt_capture cap;

	dt_trid(&trid, nvme_model_bdf(m));
	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	opts.enable_interrupts = true;
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_connect(&trid, &opts, sizeof(opts)) == NULL);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "enable_interrupts is not supported") != NULL);
	CU_ASSERT(nvme_model_get_stats(m)->enables == 0);
	CU_ASSERT(mock_env_outstanding_allocations() == 0);
	dt_model_destroy(m);
}

/* ---- Getters ---------------------------------------------------------- */

static void
test_identity_and_registers(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct dt_probe p = { .admin_queue_size = 16, .num_io_queues = 3 };
	const struct spdk_nvme_ctrlr_opts *opts;
	struct spdk_memory_domain *domains[2];

	nvme_model_opts_default(&o);
	o.cntlid = 0x1234;
	m = dt_model_new(&o);
	ctrlr = dt_probe_model(m, &p);
	CU_ASSERT_FATAL(ctrlr != NULL);

	/* The options as the probe callback left them. */
	opts = spdk_nvme_ctrlr_get_opts(ctrlr);
	CU_ASSERT_FATAL(opts != NULL);
	CU_ASSERT(opts->admin_queue_size == 16 && opts->num_io_queues == 3);
	CU_ASSERT(spdk_nvme_ctrlr_get_opts(NULL) == NULL);

	CU_ASSERT(spdk_nvme_ctrlr_get_id(ctrlr) == 0x1234);
	CU_ASSERT(!spdk_nvme_ctrlr_is_discovery(ctrlr));
	CU_ASSERT(!spdk_nvme_ctrlr_is_fabrics(ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_get_numa_id(ctrlr) ==
		  spdk_pci_device_get_socket_id(nvme_model_pci_device(m)));
	CU_ASSERT(spdk_nvme_ctrlr_get_numa_id(NULL) == SPDK_ENV_SOCKET_ID_ANY);

	/* BAR0 itself, and register values as the controller has them. */
	CU_ASSERT(spdk_nvme_ctrlr_get_registers(ctrlr) ==
		  (volatile struct spdk_nvme_registers *)nvme_model_bar0(m));
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).bits.en == 1);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).raw == (uint32_t)nvme_model_reg(m, 0x14));
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).bits.iosqes == 6);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr).raw == (uint32_t)nvme_model_reg(m, 0x3c));
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_bpinfo(ctrlr).raw == (uint32_t)nvme_model_reg(m, 0x40));
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_pmrcap(ctrlr).raw ==
		  (uint32_t)nvme_model_reg(m, 0xe00));
	CU_ASSERT(spdk_nvme_ctrlr_get_pmrsz(ctrlr) == 0);

	CU_ASSERT(spdk_nvme_ctrlr_get_memory_domains(ctrlr, NULL, 0) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_memory_domains(ctrlr, domains, 2) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_memory_domains(ctrlr, NULL, 2) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_get_memory_domains(NULL, domains, 2) == -EINVAL);

	/* A failed-and-removed device reads as zeroes, without touching BAR0. */
	nvme_model_surprise_remove(m);
	spdk_nvme_ctrlr_fail(ctrlr);
	CU_ASSERT(spdk_nvme_ctrlr_process_admin_completions(ctrlr) < 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).raw == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_flags_and_max_sges(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);

	/* QEMU-like defaults: none of the optional features. */
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_max_sges(ctrlr) == UINT16_MAX);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	nvme_model_opts_default(&o);
	o.sgls = SPDK_NVME_SGLS_SUPPORTED_DWORD_ALIGNED;
	o.fused_compare_write = true;
	o.security = true;
	o.directives = true;
	o.wrr = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) ==
		  (SPDK_NVME_CTRLR_SGL_SUPPORTED | SPDK_NVME_CTRLR_SGL_REQUIRES_DWORD_ALIGNMENT |
		   SPDK_NVME_CTRLR_COMPARE_AND_WRITE_SUPPORTED |
		   SPDK_NVME_CTRLR_SECURITY_SEND_RECV_SUPPORTED |
		   SPDK_NVME_CTRLR_DIRECTIVES_SUPPORTED | SPDK_NVME_CTRLR_WRR_SUPPORTED));
	/* One 4 KiB page of 16-byte descriptors (nvme_pcie_sgl.c). */
	CU_ASSERT(spdk_nvme_ctrlr_get_max_sges(ctrlr) == 256);
	/* Kept across a reset. */
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) & SPDK_NVME_CTRLR_SGL_SUPPORTED);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(NULL) == 0);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* SGLS 01b: SGLs without the dword rule. */
	nvme_model_opts_default(&o);
	o.sgls = SPDK_NVME_SGLS_SUPPORTED;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_get_flags(ctrlr) == SPDK_NVME_CTRLR_SGL_SUPPORTED);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_nvm_ctrlr_data(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	const struct spdk_nvme_nvm_ctrlr_data *nd = spdk_nvme_nvm_ctrlr_get_data(ctrlr);
	const struct nvme_model_cmd_record *r;

	CU_ASSERT_FATAL(nd != NULL);
	CU_ASSERT(nd->vsl == 5 && nd->wzsl == 6 && nd->wusl == 7 && nd->dmrl == 128);
	CU_ASSERT(nd->dmrsl == 65536 && nd->dmsl == (1ull << 24));
	/* IDENTIFY CNS 06h with CSI 0 in CDW11 31:24. */
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR_IOCS);
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT(r->sqe.cdw10 == SPDK_NVME_IDENTIFY_CTRLR_IOCS && r->sqe.cdw11 == 0);
	CU_ASSERT(r->completed && r->sc == 0);
	/* The same buffer after a reset, filled again. */
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_nvm_ctrlr_get_data(ctrlr) == nd && nd->dmrl == 128);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	/* An NVMe 1.4 controller without CNS 06h: NULL, and attach still works. */
	nvme_model_opts_default(&o);
	o.no_nvm_iocs_identify = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_nvm_ctrlr_get_data(ctrlr) == NULL);
	r = dt_find_cmd(m, 0, SPDK_NVME_OPC_IDENTIFY, SPDK_NVME_IDENTIFY_CTRLR_IOCS);
	CU_ASSERT(r != NULL && r->sc == SPDK_NVME_SC_INVALID_FIELD);
	CU_ASSERT(spdk_nvme_ctrlr_get_num_ns(ctrlr) == 1);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- set_trid, queue IDs, subsystem reset ------------------------------ */

static void
test_set_trid(void)
{
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_transport_id trid = *spdk_nvme_ctrlr_get_transport_id(ctrlr);

	snprintf(trid.trsvcid, sizeof(trid.trsvcid), "4420");
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(ctrlr, &trid) == -EPERM);	/* not failed */
	CU_ASSERT(spdk_nvme_ctrlr_get_transport_id(ctrlr)->trsvcid[0] == '\0');

	spdk_nvme_ctrlr_fail(ctrlr);
	trid.trtype = SPDK_NVME_TRANSPORT_TCP;
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(ctrlr, &trid) == -EINVAL);
	trid.trtype = SPDK_NVME_TRANSPORT_PCIE;
	snprintf(trid.subnqn, sizeof(trid.subnqn), "nqn.2026-01.other");
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(ctrlr, &trid) == -EINVAL);
	trid.subnqn[0] = '\0';
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(ctrlr, &trid) == 0);
	CU_ASSERT(strcmp(spdk_nvme_ctrlr_get_transport_id(ctrlr)->trsvcid, "4420") == 0);
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(NULL, &trid) == -EINVAL);
	CU_ASSERT(spdk_nvme_ctrlr_set_trid(ctrlr, NULL) == -EINVAL);
	/* A reset on the (same) path brings it back. */
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(!spdk_nvme_ctrlr_is_failed(ctrlr));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_alloc_free_qid(void)
{
	struct nvme_model *m = dt_model_new(NULL);	/* grants 4 I/O queues */
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	struct spdk_nvme_qpair *qpair;
	struct dt_capture cap;

	for (int32_t q = 1; q <= 4; q++) {
		CU_ASSERT(spdk_nvme_ctrlr_alloc_qid(ctrlr) == q);
	}
	dt_capture_begin(&cap);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_qid(ctrlr) == -1);
	/* A qpair finds no ID either. */
	CU_ASSERT(spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0) == NULL);
	spdk_nvme_ctrlr_free_qid(ctrlr, 0);
	spdk_nvme_ctrlr_free_qid(ctrlr, 5);
	dt_capture_end(&cap, false);
	CU_ASSERT(strstr(cap.text, "all 4 I/O queue IDs are in use") != NULL);
	CU_ASSERT(dt_count(cap.text, "free_qid") == 2);

	spdk_nvme_ctrlr_free_qid(ctrlr, 3);
	qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, NULL, 0);
	CU_ASSERT_FATAL(qpair != NULL);
	CU_ASSERT(nvme_model_sq_exists(m, 3) && !nvme_model_sq_exists(m, 1));
	CU_ASSERT(spdk_nvme_ctrlr_free_io_qpair(qpair) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_qid(ctrlr) == 3);
	CU_ASSERT(spdk_nvme_ctrlr_alloc_qid(NULL) == -1);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
test_subsystem_reset(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m = dt_model_new(NULL);
	struct spdk_nvme_ctrlr *ctrlr = dt_attach(m);
	union spdk_nvme_csts_register csts;

	CU_ASSERT(!spdk_nvme_ctrlr_is_nssr_supported(ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_reset_subsystem(ctrlr) == -ENOTSUP);
	CU_ASSERT(nvme_model_get_stats(m)->subsystem_resets == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).bits.en == 1);
	CU_ASSERT(spdk_nvme_ctrlr_reset_subsystem(NULL) == -EINVAL);
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);

	nvme_model_opts_default(&o);
	o.nssrs = true;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	CU_ASSERT(spdk_nvme_ctrlr_is_nssr_supported(ctrlr));
	CU_ASSERT(spdk_nvme_ctrlr_reset_subsystem(ctrlr) == 0);
	CU_ASSERT(nvme_model_get_stats(m)->subsystem_resets == 1);
	csts.raw = (uint32_t)nvme_model_reg(m, 0x1c);
	CU_ASSERT(csts.bits.nssro == 1 && csts.bits.rdy == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).bits.en == 0);
	/* The controller comes back with a controller reset. */
	CU_ASSERT(spdk_nvme_ctrlr_reset(ctrlr) == 0);
	CU_ASSERT(spdk_nvme_ctrlr_get_regs_cc(ctrlr).bits.en == 1);
	CU_ASSERT(spdk_nvme_ctrlr_is_active_ns(ctrlr, 1));
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

/* ---- Namespace change callback ----------------------------------------- */

struct ns_seen {
	unsigned int	ns_calls, aer_calls;
	uint32_t	count;
	uint32_t	first;
	bool		list_null;
	bool		ns2_active;
	struct spdk_nvme_ctrlr *ctrlr;
};

static void
ns_changed_cb(void *arg, const uint32_t *list, uint32_t count)
{
	struct ns_seen *s = arg;

	s->ns_calls++;
	s->count = count;
	s->list_null = list == NULL;
	s->first = list != NULL && count > 0 ? list[0] : 0;
	s->ns2_active = spdk_nvme_ctrlr_is_active_ns(s->ctrlr, 2);
}

static void
ns_aer_cb(void *arg, const struct spdk_nvme_cpl *cpl)
{
	(void)cpl;
	((struct ns_seen *)arg)->aer_calls++;
}

static void
poll_admin(struct spdk_nvme_ctrlr *ctrlr, unsigned int n)
{
	while (n-- > 0) {
		spdk_nvme_ctrlr_process_admin_completions(ctrlr);
	}
}

static uint64_t
changed_log_reads(const struct nvme_model *m)
{
	uint64_t n = 0;

	for (unsigned int back = 0; back < NVME_MODEL_CMD_LOG_SIZE; back++) {
		const struct nvme_model_cmd_record *r = nvme_model_cmd_log(m, back);

		if (r != NULL && r->qid == 0 && r->sqe.opc == SPDK_NVME_OPC_GET_LOG_PAGE &&
		    (r->sqe.cdw10 & 0xff) == SPDK_NVME_LOG_CHANGED_NS_LIST) {
			n++;
		}
	}
	return n;
}

static void
test_ns_attr_changed_callback(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct spdk_nvme_ctrlr *ctrlr;
	struct ns_seen s = { 0 };

	nvme_model_opts_default(&o);
	o.nn = 2;
	o.ns[1].active = false;
	o.ns[1].num_blocks = 256;
	o.ns[1].block_size = 512;
	m = dt_model_new(&o);
	ctrlr = dt_attach(m);
	s.ctrlr = ctrlr;
	spdk_nvme_ctrlr_register_aer_callback(ctrlr, ns_aer_cb, &s);
	spdk_nvme_ctrlr_register_ns_attr_changed_callback(ctrlr, ns_changed_cb, &s);

	/* Replaces the AER callback, with the Changed Namespace List, after the refresh. */
	CU_ASSERT(nvme_model_set_ns_active(m, 2, true) == 0);
	poll_admin(ctrlr, 3);
	CU_ASSERT(s.ns_calls == 1 && s.aer_calls == 0);
	CU_ASSERT(s.count == 1 && s.first == 2 && !s.list_null && s.ns2_active);
	CU_ASSERT(changed_log_reads(m) == 1);

	/* Unregistered: the AER callback hears about it again. */
	spdk_nvme_ctrlr_register_ns_attr_changed_callback(ctrlr, NULL, NULL);
	CU_ASSERT(nvme_model_set_ns_active(m, 2, false) == 0);
	poll_admin(ctrlr, 3);
	CU_ASSERT(s.ns_calls == 1 && s.aer_calls == 1);
	CU_ASSERT(!spdk_nvme_ctrlr_is_active_ns(ctrlr, 2));

	/* The application reads the log itself: the driver does not, the list is NULL. */
	spdk_nvme_ctrlr_register_ns_attr_changed_callback(ctrlr, ns_changed_cb, &s);
	spdk_nvme_ctrlr_disable_read_changed_ns_list_log_page(ctrlr);
	CU_ASSERT(spdk_nvme_ctrlr_get_opts(ctrlr)->disable_read_changed_ns_list_log_page);
	CU_ASSERT(nvme_model_set_ns_active(m, 2, true) == 0);
	poll_admin(ctrlr, 3);
	CU_ASSERT(s.ns_calls == 2 && s.aer_calls == 1);
	CU_ASSERT(s.list_null && s.count == 0 && s.ns2_active);
	CU_ASSERT(changed_log_reads(m) == 2);	/* none more */
	dt_detach_and_check(ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
#define ADD(t) CU_add_test(suite, #t, t)
	ADD(test_opts_layout);
	ADD(test_enable_interrupts_refused);
	ADD(test_identity_and_registers);
	ADD(test_flags_and_max_sges);
	ADD(test_nvm_ctrlr_data);
	ADD(test_set_trid);
	ADD(test_alloc_free_qid);
	ADD(test_subsystem_reset);
	ADD(test_ns_attr_changed_callback);
#undef ADD
}

int
main(void)
{
	return dt_run("nvme_ctrlr_api", add_tests);
}
