/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The part of SPDK's spdk/sock.h that an NVMe application calls before it
 * has a TCP transport: choosing the default socket implementation (the -S
 * option of spdk_nvme_identify and connect_stress) and its options, with
 * SPDK v26.05's structure layouts.
 *
 * NOT PROVIDED: the rest of SPDK's sock API -- sockets and connections
 * (spdk_sock_connect/listen/accept/close, readv/writev, requests), socket
 * groups, spdk_sock_initialize, spdk_sock_get_default_opts and the JSON
 * config writer.  ealnvme has no NVMe/TCP transport yet; when it gets one it
 * will use plain POSIX sockets internally.  "posix" is the only
 * implementation (docs/spdk-compat.md).
 */
#ifndef SPDK_SOCK_H
#define SPDK_SOCK_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a socket's traffic is steered (spdk_sock_impl_opts.enable_placement_id). */
enum spdk_placement_mode {
	PLACEMENT_NONE,
	PLACEMENT_NAPI,
	PLACEMENT_CPU,
	PLACEMENT_MARK,
};

/* Values of spdk_sock_impl_opts.tls_version. */
#define SPDK_TLS_VERSION_1_1 11
#define SPDK_TLS_VERSION_1_2 12
#define SPDK_TLS_VERSION_1_3 13

/* Options of one socket implementation, read and written with
 * spdk_sock_impl_get_opts / spdk_sock_impl_set_opts.  Callers pass the size
 * they know; only the members that fit in it are used. */
struct spdk_sock_impl_opts {
	uint32_t recv_buf_size;		/* minimum SO_RCVBUF, bytes */
	uint32_t send_buf_size;		/* minimum SO_SNDBUF, bytes */
	bool enable_recv_pipe;		/* buffer received data in user space */
	bool enable_zerocopy_send;	/* deprecated: the _server/_client ones below */
	bool enable_quickack;		/* TCP_QUICKACK */
	uint32_t enable_placement_id;	/* enum spdk_placement_mode */
	bool enable_zerocopy_send_server;
	bool enable_zerocopy_send_client;
	uint32_t zerocopy_threshold;	/* bytes below which a send is copied */
	uint32_t tls_version;		/* SPDK_TLS_VERSION_*, 0 = any (ssl implementation) */
	bool enable_ktls;		/* kernel TLS (ssl implementation) */
	uint8_t *psk_key;		/* default pre-shared key (ssl implementation) */
	uint32_t psk_key_size;
	char *psk_identity;
	/* Looks a PSK up by identity: its length, or -1. */
	int (*get_key)(uint8_t *out, int out_len, const char **cipher, const char *psk_identity,
		       void *get_key_ctx);
	void *get_key_ctx;
	const char *tls_cipher_suites;	/* one suite to connect, a colon list to listen */
};

/* Per-socket options of SPDK's connect/listen calls (not provided here);
 * the layout is SPDK's so that code filling it builds unchanged. */
struct spdk_sock_opts {
	size_t opts_size;		/* the caller's sizeof, for ABI compatibility */
	int priority;			/* SO_PRIORITY, default 0 */
	bool zcopy;			/* zero copy on this socket */
	uint8_t reserved13[3];
	uint32_t ack_timeout;		/* ms to wait for an ACK before closing */
	uint8_t reserved[4];
	struct spdk_sock_impl_opts *impl_opts;	/* overrides the implementation's options */
	size_t impl_opts_size;
	const char *src_addr;		/* connect: local address, NULL = any */
	uint16_t src_port;		/* connect: local port, 0 = ephemeral */
	uint8_t reserved50[2];
	uint32_t connect_timeout;	/* ms, 0 = none */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_sock_opts) == 56, "spdk_sock_opts is 56 bytes");

/* Copy impl_name's options into opts.  *len is the size of the caller's
 * structure; members beyond it are not touched, and on return *len is the
 * size filled.  0, or -EINVAL (NULL argument, unknown implementation). */
int spdk_sock_impl_get_opts(const char *impl_name, struct spdk_sock_impl_opts *opts, size_t *len);

/* Set impl_name's options from the first len bytes of opts.  0, or -EINVAL
 * (NULL argument, unknown implementation). */
int spdk_sock_impl_set_opts(const char *impl_name, const struct spdk_sock_impl_opts *opts,
			    size_t len);

/* Make impl_name the implementation used when a call names none.
 * 0 for "posix"; -EINVAL with a log line for any other name or NULL. */
int spdk_sock_set_default_impl(const char *impl_name);

/* Name of the default implementation: "posix". */
const char *spdk_sock_get_default_impl(void);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_SOCK_H */
