/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/opal.h without Opal (lib/nvme/nvme_opal.c): construct gives NULL,
 * every call refuses with -ENOTSUP / NULL and one log line naming it, for
 * a NULL device and for a pointer that must never be dereferenced; and the
 * TCG structures of spdk/opal_spec.h at their specification offsets.
 */
#include "spdk/stdinc.h"
#include "spdk/opal.h"

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "log_lines.h"

/* Checks that the call just made logged exactly one line naming it. */
static void
expect_one_line(unsigned int before, const char *name)
{
	CU_ASSERT_EQUAL(g_log_errors, before + 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, name));
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, "not supported by ealnvme"));
}

static void
test_construct_returns_null(void)
{
	/* Never dereferenced: construct only says there is no Opal. */
	struct spdk_nvme_ctrlr *ctrlr = (struct spdk_nvme_ctrlr *)(uintptr_t)0x10;

	log_lines_start();
	CU_ASSERT_PTR_NULL(spdk_opal_dev_construct(NULL));
	CU_ASSERT_EQUAL(g_log_errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, "Opal is not supported by ealnvme"));
	CU_ASSERT_PTR_NULL(spdk_opal_dev_construct(ctrlr));
	CU_ASSERT_EQUAL(g_log_errors, 2);
	/* Releasing what was never made is silent and safe. */
	spdk_opal_dev_destruct(NULL);
	spdk_opal_free_locking_range_info(NULL, OPAL_LOCKING_RANGE_1);
	CU_ASSERT_EQUAL(g_log_errors, 2);
	log_lines_stop();
}

#define EXPECT_REFUSED(call, name) do {			\
		unsigned int before_ = g_log_errors;	\
		CU_ASSERT_EQUAL((call), -ENOTSUP);	\
		expect_one_line(before_, name);		\
	} while (0)

static void
refuse_all(struct spdk_opal_dev *dev)
{
	char pw[SPDK_OPAL_MAX_PASSWORD_SIZE] = "secret";
	unsigned int before;

	log_lines_start();
	EXPECT_REFUSED(spdk_opal_cmd_take_ownership(dev, pw), "spdk_opal_cmd_take_ownership");
	EXPECT_REFUSED(spdk_opal_cmd_revert_tper(dev, pw), "spdk_opal_cmd_revert_tper");
	EXPECT_REFUSED(spdk_opal_cmd_activate_locking_sp(dev, pw),
		       "spdk_opal_cmd_activate_locking_sp");
	EXPECT_REFUSED(spdk_opal_cmd_lock_unlock(dev, OPAL_ADMIN1, OPAL_READWRITE,
			OPAL_LOCKING_RANGE_GLOBAL, pw), "spdk_opal_cmd_lock_unlock");
	EXPECT_REFUSED(spdk_opal_cmd_setup_locking_range(dev, OPAL_ADMIN1, OPAL_LOCKING_RANGE_1,
			0, 1024, pw), "spdk_opal_cmd_setup_locking_range");
	EXPECT_REFUSED(spdk_opal_cmd_get_max_ranges(dev, pw), "spdk_opal_cmd_get_max_ranges");
	EXPECT_REFUSED(spdk_opal_cmd_get_locking_range_info(dev, pw, OPAL_ADMIN1,
			OPAL_LOCKING_RANGE_2), "spdk_opal_cmd_get_locking_range_info");
	EXPECT_REFUSED(spdk_opal_cmd_enable_user(dev, OPAL_USER1, pw), "spdk_opal_cmd_enable_user");
	EXPECT_REFUSED(spdk_opal_cmd_add_user_to_locking_range(dev, OPAL_USER1,
			OPAL_LOCKING_RANGE_1, OPAL_READONLY, pw),
		       "spdk_opal_cmd_add_user_to_locking_range");
	EXPECT_REFUSED(spdk_opal_cmd_set_new_passwd(dev, OPAL_USER1, "new", pw, true),
		       "spdk_opal_cmd_set_new_passwd");
	EXPECT_REFUSED(spdk_opal_cmd_erase_locking_range(dev, OPAL_ADMIN1, OPAL_LOCKING_RANGE_3,
			pw), "spdk_opal_cmd_erase_locking_range");
	EXPECT_REFUSED(spdk_opal_cmd_secure_erase_locking_range(dev, OPAL_ADMIN1,
			OPAL_LOCKING_RANGE_3, pw), "spdk_opal_cmd_secure_erase_locking_range");
	/* NULL passwords too: nothing is read. */
	EXPECT_REFUSED(spdk_opal_cmd_revert_tper(dev, NULL), "spdk_opal_cmd_revert_tper");

	before = g_log_errors;
	CU_ASSERT_PTR_NULL(spdk_opal_get_d0_features_info(dev));
	expect_one_line(before, "spdk_opal_get_d0_features_info");
	before = g_log_errors;
	CU_ASSERT_PTR_NULL(spdk_opal_get_locking_range_info(dev, OPAL_LOCKING_RANGE_1));
	expect_one_line(before, "spdk_opal_get_locking_range_info");

	spdk_opal_free_locking_range_info(dev, OPAL_LOCKING_RANGE_1);
	spdk_opal_dev_destruct(dev);
	CU_ASSERT_EQUAL(g_log_errors, 15);
	log_lines_stop();
}

static void
test_calls_refuse_null_dev(void)
{
	refuse_all(NULL);
}

static void
test_calls_refuse_foreign_dev(void)
{
	/* An address that faults if read: the calls must not look at it. */
	refuse_all((struct spdk_opal_dev *)(uintptr_t)0x8);
}

static void
test_constants(void)
{
	CU_ASSERT_EQUAL(SPDK_OPAL_MAX_PASSWORD_SIZE, 32);
	CU_ASSERT_EQUAL(SPDK_OPAL_MAX_LOCKING_RANGE, 8);
	CU_ASSERT_EQUAL(OPAL_LOCKING_RANGE_10, 10);
	CU_ASSERT_EQUAL(OPAL_USER9, 9);
	CU_ASSERT_EQUAL(OPAL_RWLOCK, 2);
	CU_ASSERT_EQUAL(OPAL_READWRITE, 4);
	CU_ASSERT_EQUAL(FEATURECODE_OPALV200, 0x0203);
	CU_ASSERT_EQUAL(FEATURECODE_DATASTORE, 0x0202);
	CU_ASSERT_EQUAL(SPDK_OPAL_ENDOFSESSION, 0xFA);
	CU_ASSERT_EQUAL(SPDK_OPAL_ACTIVEKEY, 0x0A);
	CU_ASSERT_EQUAL(SPDK_MEDIUM_ATOM_ID | SPDK_MEDIUM_ATOM_BYTESTRING_FLAG, 0xD0);
	CU_ASSERT_EQUAL(SPDK_LONG_ATOM_ID | SPDK_LONG_ATOM_BYTESTRING_FLAG, 0xE2);
}

/* Byte offsets from the TCG tables (Core Spec Tables 39, 42, 43; Opal SSC
 * 3.1.1.4/3.1.1.5; Single User Mode 4.2.1; DataStore 4.1.1; Core 3.2.3). */
static void
test_spec_offsets(void)
{
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_hdr, vendor_specfic), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_feat_hdr, length), 3);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_tper_feat, reserved_3), 5);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_single_user_mode_feat, num_locking_objects), 4);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_geo_feat, logical_block_size), 12);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_geo_feat, alignment_granularity), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_geo_feat, lowest_aligned_lba), 24);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_datastore_feat, max_tables), 6);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_datastore_feat, alignment), 12);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_v100_feat, number_comids), 6);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_v200_feat, num_locking_admin_auth), 9);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_v200_feat, initial_pin), 13);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_v200_feat, reserved_3), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_compacket, length), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_packet, acknowledgment), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_data_subpacket, kind), 6);
	CU_ASSERT_EQUAL(sizeof(struct spdk_opal_d0_features_info), 3 * 16 + 32 + 16 + 2 * 20);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_d0_features_info, v200), 116);
	CU_ASSERT_EQUAL(sizeof(struct spdk_opal_locking_range_info), 32);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_locking_range_info, range_start), 8);
	CU_ASSERT_EQUAL(offsetof(struct spdk_opal_locking_range_info, write_locked), 27);
}

/* Bit positions: a descriptor read from the wire lands in the right flags. */
static void
test_spec_bits(void)
{
	uint8_t raw[32] = { 0 };
	struct spdk_opal_d0_tper_feat tper;
	struct spdk_opal_d0_locking_feat locking;
	struct spdk_opal_d0_feat_hdr hdr;

	raw[2] = 0x10;			/* version 1 in the high nibble */
	raw[3] = 12;
	raw[4] = 0x41;			/* TPer: sync (bit 0), ComID management (bit 6) */
	memcpy(&tper, raw, sizeof(tper));
	CU_ASSERT_EQUAL(tper.hdr.version, 1);
	CU_ASSERT_EQUAL(tper.hdr.reserved, 0);
	CU_ASSERT_EQUAL(tper.hdr.length, 12);
	CU_ASSERT_EQUAL(tper.sync, 1);
	CU_ASSERT_EQUAL(tper.comid_management, 1);
	CU_ASSERT_EQUAL(tper.async + tper.acknack + tper.streaming, 0);

	raw[4] = 0x28;			/* Locking: media encryption (3), MBR done (5) */
	memcpy(&locking, raw, sizeof(locking));
	CU_ASSERT_EQUAL(locking.media_encryption, 1);
	CU_ASSERT_EQUAL(locking.mbr_done, 1);
	CU_ASSERT_EQUAL(locking.locking_supported + locking.locked + locking.mbr_enabled, 0);

	memcpy(&hdr, raw, sizeof(hdr));
	CU_ASSERT_EQUAL(hdr.code, 0);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "construct returns NULL", test_construct_returns_null },
		{ "calls refuse a NULL dev", test_calls_refuse_null_dev },
		{ "calls never read the dev", test_calls_refuse_foreign_dev },
		{ "constants and enums", test_constants },
		{ "spec structure offsets", test_spec_offsets },
		{ "spec bit-field positions", test_spec_bits },
	};

	return cu_main("nvme_opal", tests, SPDK_COUNTOF(tests));
}
