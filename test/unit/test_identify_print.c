/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * examples/identify's gathering and printers (identify_gather.c,
 * identify_print_text.c, identify_print_json.c) against the controller
 * model, with identify data a device could send but the model does not:
 * the test replaces bytes through the model's data hook.  Found by
 * test/fuzz/fuzz_identify: MDTS 255 and an LBA format with LBADS 200 made
 * both printers shift a 64-bit value by more than 63 (undefined; garbage
 * sizes in practice).
 */
#include "nvme_driver_test.h"
#include "identify.h"

/* 2^(255 + 12): MDTS 255 in units of 4 KiB pages. */
#define POW2_267 "2371421987580235682274733772977928352834969285952318751528" \
		 "09132048206089502588928"
#define POW2_200 "1606938044258990275541962092341162602522202993782792835301376"

static bool
odd_sizes_hook(void *ctx, const struct spdk_nvme_cmd *cmd, void *data, size_t len)
{
	if (cmd->opc != SPDK_NVME_OPC_IDENTIFY) {
		return false;
	}
	if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_CTRLR) {
		((struct spdk_nvme_ctrlr_data *)data)->mdts = 255;
	} else if ((cmd->cdw10 & 0xff) == SPDK_NVME_IDENTIFY_NS && cmd->nsid == 1) {
		/* Format 1 (not the one in use) with 2^200-byte blocks. */
		((struct spdk_nvme_ns_data *)data)->lbaf[1].lbads = 200;
	}
	return false;
}

static char *
print(const struct identify_ctrlr *ic, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	CU_ASSERT_FATAL(f != NULL);
	if (json) {
		identify_print_json(f, ic);
	} else {
		identify_print_text(f, ic);
	}
	fclose(f);
	return text;
}

static void
test_sizes_beyond_64_bits(void)
{
	struct nvme_model_opts o;
	struct nvme_model *m;
	struct identify_ctrlr ic;
	char *text, *json;

	nvme_model_opts_default(&o);
	m = dt_model_new(&o);
	nvme_model_set_data_hook(m, odd_sizes_hook, NULL);
	memset(&ic, 0, sizeof(ic));
	ic.ctrlr = dt_attach(m);
	dt_trid(&ic.trid, nvme_model_bdf(m));
	CU_ASSERT(identify_gather(&ic) == 0);
	CU_ASSERT_FATAL(ic.num_ns == 1);
	CU_ASSERT(ic.cdata->mdts == 255);

	text = print(&ic, false);
	CU_ASSERT(strstr(text, "255 (" POW2_267 " bytes)") != NULL);
	CU_ASSERT(strstr(text, "LBAF1  data " POW2_200 " bytes") != NULL);
	CU_ASSERT(strstr(text, "LBAF0  data 512 bytes") != NULL);
	json = print(&ic, true);
	CU_ASSERT(strstr(json, "\"mdts_bytes\": " POW2_267 ",") != NULL);
	CU_ASSERT(strstr(json, "\"data_size\": " POW2_200 ",") != NULL);
	CU_ASSERT(strstr(json, "\"data_size\": 512,") != NULL);
	free(text);
	free(json);

	identify_release(&ic);
	dt_detach_and_check(ic.ctrlr, m);
	dt_model_destroy(m);
}

static void
add_tests(CU_pSuite suite)
{
	CU_add_test(suite, "sizes beyond 64 bits print exactly", test_sizes_beyond_64_bits);
}

int
main(void)
{
	return dt_run("identify_print", add_tests);
}
