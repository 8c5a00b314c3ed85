/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/opal.h without an Opal implementation.  No device is ever
 * constructed, so every call that takes one refuses with -ENOTSUP (or NULL)
 * and a log line, and never looks at the pointer it was given: NULL, or
 * anything else, is safe.  SPDK's programs (nvme_manage) take the NULL from
 * spdk_opal_dev_construct() as "this controller has no Opal".
 */
#include "spdk/opal.h"

/* One line naming the call and where Opal can be managed instead.  The
 * call's arguments are passed only to be ignored: none is ever read. */
static int
opal_refuse(const char *call, ...)
{
	SPDK_ERRLOG("%s: TCG Opal is not supported by ealnvme; manage the drive with "
		    "sedutil-cli through the kernel nvme driver\n", call);
	return -ENOTSUP;
}

struct spdk_opal_dev *
spdk_opal_dev_construct(struct spdk_nvme_ctrlr *ctrlr)
{
	(void)ctrlr;
	SPDK_ERRLOG("Opal is not supported by ealnvme: the controller is treated as having "
		    "no Opal (use sedutil-cli through the kernel nvme driver to manage it)\n");
	return NULL;
}

void
spdk_opal_dev_destruct(struct spdk_opal_dev *dev)
{
	/* Nothing was constructed. */
	(void)dev;
}

struct spdk_opal_d0_features_info *
spdk_opal_get_d0_features_info(struct spdk_opal_dev *dev)
{
	opal_refuse(__func__, dev);
	return NULL;
}

int
spdk_opal_cmd_take_ownership(struct spdk_opal_dev *dev, char *new_passwd)
{
	return opal_refuse(__func__, dev, new_passwd);
}

int
spdk_opal_cmd_revert_tper(struct spdk_opal_dev *dev, const char *passwd)
{
	return opal_refuse(__func__, dev, passwd);
}

int
spdk_opal_cmd_activate_locking_sp(struct spdk_opal_dev *dev, const char *passwd)
{
	return opal_refuse(__func__, dev, passwd);
}

int
spdk_opal_cmd_lock_unlock(struct spdk_opal_dev *dev, enum spdk_opal_user user,
			  enum spdk_opal_lock_state flag, enum spdk_opal_locking_range locking_range,
			  const char *passwd)
{
	return opal_refuse(__func__, dev, user, flag, locking_range, passwd);
}

int
spdk_opal_cmd_setup_locking_range(struct spdk_opal_dev *dev, enum spdk_opal_user user,
				  enum spdk_opal_locking_range locking_range_id, uint64_t range_start,
				  uint64_t range_length, const char *passwd)
{
	return opal_refuse(__func__, dev, user, locking_range_id, range_start, range_length, passwd);
}

int
spdk_opal_cmd_get_max_ranges(struct spdk_opal_dev *dev, const char *passwd)
{
	return opal_refuse(__func__, dev, passwd);
}

int
spdk_opal_cmd_get_locking_range_info(struct spdk_opal_dev *dev, const char *passwd,
				     enum spdk_opal_user user_id,
				     enum spdk_opal_locking_range locking_range_id)
{
	return opal_refuse(__func__, dev, passwd, user_id, locking_range_id);
}

int
spdk_opal_cmd_enable_user(struct spdk_opal_dev *dev, enum spdk_opal_user user_id,
			  const char *passwd)
{
	return opal_refuse(__func__, dev, user_id, passwd);
}

int
spdk_opal_cmd_add_user_to_locking_range(struct spdk_opal_dev *dev, enum spdk_opal_user user_id,
					enum spdk_opal_locking_range locking_range_id,
					enum spdk_opal_lock_state lock_flag, const char *passwd)
{
	return opal_refuse(__func__, dev, user_id, locking_range_id, lock_flag, passwd);
}

int
spdk_opal_cmd_set_new_passwd(struct spdk_opal_dev *dev, enum spdk_opal_user user_id,
			     const char *new_passwd, const char *old_passwd, bool new_user)
{
	return opal_refuse(__func__, dev, user_id, new_passwd, old_passwd, new_user);
}

int
spdk_opal_cmd_erase_locking_range(struct spdk_opal_dev *dev, enum spdk_opal_user user_id,
				  enum spdk_opal_locking_range locking_range_id, const char *password)
{
	return opal_refuse(__func__, dev, user_id, locking_range_id, password);
}

int
spdk_opal_cmd_secure_erase_locking_range(struct spdk_opal_dev *dev, enum spdk_opal_user user_id,
		enum spdk_opal_locking_range locking_range_id, const char *password)
{
	return opal_refuse(__func__, dev, user_id, locking_range_id, password);
}

struct spdk_opal_locking_range_info *
spdk_opal_get_locking_range_info(struct spdk_opal_dev *dev, enum spdk_opal_locking_range id)
{
	opal_refuse(__func__, dev, id);
	return NULL;
}

void
spdk_opal_free_locking_range_info(struct spdk_opal_dev *dev, enum spdk_opal_locking_range id)
{
	/* spdk_opal_get_locking_range_info never returned anything to free. */
	(void)dev;
	(void)id;
}
