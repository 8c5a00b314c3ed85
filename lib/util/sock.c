/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/sock.h: the default socket implementation and its options.  There is
 * one implementation, "posix"; its options are stored for the NVMe/TCP
 * transport that will use them, nothing here opens a socket.  Like SPDK's
 * sock library this is configuration done before I/O starts: no locking.
 */
#include "spdk/sock.h"
#include "spdk/log.h"
#include "spdk/util.h"

#define SOCK_IMPL_POSIX	"posix"

/* SPDK's defaults for posix: 2 MiB minimum socket buffers, a receive pipe,
 * zero copy for server sockets only. */
static struct spdk_sock_impl_opts g_posix_opts = {
	.recv_buf_size = 2 * 1024 * 1024,
	.send_buf_size = 2 * 1024 * 1024,
	.enable_recv_pipe = true,
	.enable_quickack = false,
	.enable_placement_id = PLACEMENT_NONE,
	.enable_zerocopy_send_server = true,
	.enable_zerocopy_send_client = false,
};

/* Each member as (offset, size): a caller's structure of len bytes has the
 * members that end within len.  A member cut by len is left alone. */
#define SOCK_OPT(m) { offsetof(struct spdk_sock_impl_opts, m), \
		      sizeof(((struct spdk_sock_impl_opts *)0)->m) }
static const struct {
	size_t off;
	size_t size;
} g_opt_members[] = {
	SOCK_OPT(recv_buf_size), SOCK_OPT(send_buf_size), SOCK_OPT(enable_recv_pipe),
	SOCK_OPT(enable_zerocopy_send), SOCK_OPT(enable_quickack),
	SOCK_OPT(enable_placement_id), SOCK_OPT(enable_zerocopy_send_server),
	SOCK_OPT(enable_zerocopy_send_client), SOCK_OPT(zerocopy_threshold),
	SOCK_OPT(tls_version), SOCK_OPT(enable_ktls), SOCK_OPT(psk_key),
	SOCK_OPT(psk_key_size), SOCK_OPT(psk_identity), SOCK_OPT(get_key),
	SOCK_OPT(get_key_ctx), SOCK_OPT(tls_cipher_suites),
};
#undef SOCK_OPT

static void
sock_opts_copy(struct spdk_sock_impl_opts *dst, const struct spdk_sock_impl_opts *src, size_t len)
{
	for (size_t i = 0; i < SPDK_COUNTOF(g_opt_members); i++) {
		size_t off = g_opt_members[i].off;

		if (off + g_opt_members[i].size <= len) {
			memcpy((uint8_t *)dst + off, (const uint8_t *)src + off,
			       g_opt_members[i].size);
		}
	}
}

/* NULL or a name other than "posix": the log line, false. */
static bool
sock_impl_known(const char *call, const char *impl_name)
{
	if (impl_name == NULL) {
		SPDK_ERRLOG("%s: no socket implementation named; use \"posix\"\n", call);
		return false;
	}
	if (strcmp(impl_name, SOCK_IMPL_POSIX) != 0) {
		SPDK_ERRLOG("%s: no socket implementation \"%s\" in ealnvme; "
			    "\"posix\" is the only one\n", call, impl_name);
		return false;
	}
	return true;
}

int
spdk_sock_impl_get_opts(const char *impl_name, struct spdk_sock_impl_opts *opts, size_t *len)
{
	if (opts == NULL || len == NULL) {
		SPDK_ERRLOG("spdk_sock_impl_get_opts: opts and len are required\n");
		return -EINVAL;
	}
	if (!sock_impl_known(__func__, impl_name)) {
		return -EINVAL;
	}
	/* The caller's whole structure is defined, also members we do not know. */
	memset(opts, 0, *len);
	sock_opts_copy(opts, &g_posix_opts, *len);
	*len = spdk_min(*len, sizeof(g_posix_opts));
	return 0;
}

int
spdk_sock_impl_set_opts(const char *impl_name, const struct spdk_sock_impl_opts *opts,
			size_t len)
{
	if (opts == NULL) {
		SPDK_ERRLOG("spdk_sock_impl_set_opts: opts is NULL; pass the options to set\n");
		return -EINVAL;
	}
	if (!sock_impl_known(__func__, impl_name)) {
		return -EINVAL;
	}
	sock_opts_copy(&g_posix_opts, opts, len);
	return 0;
}

int
spdk_sock_set_default_impl(const char *impl_name)
{
	/* "posix" is already the default: accepting it changes nothing. */
	return sock_impl_known(__func__, impl_name) ? 0 : -EINVAL;
}

const char *
spdk_sock_get_default_impl(void)
{
	return SOCK_IMPL_POSIX;
}
