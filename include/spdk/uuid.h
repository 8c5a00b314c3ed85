/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * UUIDs as 16 raw bytes in RFC 4122 (network) order, the layout NVMe uses
 * in namespace identification descriptors.  lib/util/uuid.c implements these
 * on libuuid.
 */
#ifndef SPDK_UUID_H
#define SPDK_UUID_H

#include "spdk/stdinc.h"
#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

struct spdk_uuid {
	union {
		uint8_t raw[16];
	} u;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_uuid) == 16, "struct spdk_uuid must be 16 bytes");

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" plus its NUL. */
#define SPDK_UUID_STRING_LEN	37

/* Parse the 36-character text form (either case).  0 or -EINVAL. */
int spdk_uuid_parse(struct spdk_uuid *uuid, const char *uuid_str);

/* Lowercase text form into uuid_str.  0, or -EINVAL when uuid_str_size < SPDK_UUID_STRING_LEN. */
int spdk_uuid_fmt_lower(char *uuid_str, size_t uuid_str_size, const struct spdk_uuid *uuid);

/* memcmp()-like order: < 0, 0 or > 0. */
int spdk_uuid_compare(const struct spdk_uuid *u1, const struct spdk_uuid *u2);

/* A new random (version 4) or time-based UUID, as libuuid chooses. */
void spdk_uuid_generate(struct spdk_uuid *uuid);

/*
 * A name-based (version 5, SHA-1) UUID of 'name' (len bytes, any content)
 * in the namespace ns_uuid; the same inputs always give the same UUID.
 * Returns 0.
 */
int spdk_uuid_generate_sha1(struct spdk_uuid *uuid, struct spdk_uuid *ns_uuid,
			    const char *name, size_t len);

void spdk_uuid_copy(struct spdk_uuid *dst, const struct spdk_uuid *src);

/* True when every byte is zero (the nil UUID). */
bool spdk_uuid_is_null(const struct spdk_uuid *uuid);

/* Make uuid the nil UUID. */
void spdk_uuid_set_null(struct spdk_uuid *uuid);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_UUID_H */
