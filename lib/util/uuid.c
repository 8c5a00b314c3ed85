/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/uuid.h on libuuid (util-linux).  struct spdk_uuid and uuid_t are both
 * 16 bytes in RFC 4122 byte order, so the raw bytes are passed straight
 * through.
 */
#include <uuid/uuid.h>

#include "spdk/uuid.h"

SPDK_STATIC_ASSERT(sizeof(struct spdk_uuid) == sizeof(uuid_t), "spdk_uuid and uuid_t differ");

int
spdk_uuid_parse(struct spdk_uuid *uuid, const char *uuid_str)
{
	if (uuid == NULL || uuid_str == NULL) {
		return -EINVAL;
	}
	return uuid_parse(uuid_str, uuid->u.raw) == 0 ? 0 : -EINVAL;
}

int
spdk_uuid_fmt_lower(char *uuid_str, size_t uuid_str_size, const struct spdk_uuid *uuid)
{
	if (uuid_str == NULL || uuid == NULL || uuid_str_size < SPDK_UUID_STRING_LEN) {
		return -EINVAL;
	}
	uuid_unparse_lower(uuid->u.raw, uuid_str);
	return 0;
}

int
spdk_uuid_compare(const struct spdk_uuid *u1, const struct spdk_uuid *u2)
{
	return uuid_compare(u1->u.raw, u2->u.raw);
}

void
spdk_uuid_generate(struct spdk_uuid *uuid)
{
	uuid_generate(uuid->u.raw);
}

int
spdk_uuid_generate_sha1(struct spdk_uuid *uuid, struct spdk_uuid *ns_uuid, const char *name,
			size_t len)
{
	if (uuid == NULL || ns_uuid == NULL || (name == NULL && len != 0)) {
		return -EINVAL;
	}
	/* RFC 4122 section 4.3: SHA-1 of namespace || name, version 5. */
	uuid_generate_sha1(uuid->u.raw, ns_uuid->u.raw, name != NULL ? name : "", len);
	return 0;
}

void
spdk_uuid_copy(struct spdk_uuid *dst, const struct spdk_uuid *src)
{
	memcpy(dst, src, sizeof(*dst));
}

bool
spdk_uuid_is_null(const struct spdk_uuid *uuid)
{
	return uuid_is_null(uuid->u.raw) != 0;
}

void
spdk_uuid_set_null(struct spdk_uuid *uuid)
{
	memset(uuid, 0, sizeof(*uuid));
}
