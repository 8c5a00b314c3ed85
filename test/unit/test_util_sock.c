/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/sock.h's default implementation and options (lib/util/sock.c):
 * "posix" accepted, other names and NULLs refused with -EINVAL and a log
 * line, options copied member by member up to the caller's size, and the
 * structure layouts of SPDK v26.05.
 */
#include "spdk/stdinc.h"
#include "spdk/sock.h"
#include "spdk/util.h"

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "log_lines.h"

static void
test_default_impl(void)
{
	log_lines_start();
	CU_ASSERT_STRING_EQUAL(spdk_sock_get_default_impl(), "posix");
	CU_ASSERT_EQUAL(spdk_sock_set_default_impl("posix"), 0);
	CU_ASSERT_EQUAL(g_log_errors, 0);

	CU_ASSERT_EQUAL(spdk_sock_set_default_impl("uring"), -EINVAL);
	CU_ASSERT_EQUAL(g_log_errors, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, "\"uring\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, "spdk_sock_set_default_impl"));
	/* Names are exact, as in SPDK. */
	CU_ASSERT_EQUAL(spdk_sock_set_default_impl("POSIX"), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_set_default_impl(""), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_set_default_impl(NULL), -EINVAL);
	CU_ASSERT_EQUAL(g_log_errors, 4);
	/* A refusal leaves the default alone. */
	CU_ASSERT_STRING_EQUAL(spdk_sock_get_default_impl(), "posix");
	log_lines_stop();
}

static void
test_get_opts_defaults(void)
{
	struct spdk_sock_impl_opts opts;
	size_t len = sizeof(opts);

	memset(&opts, 0xAA, sizeof(opts));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(opts));
	CU_ASSERT_EQUAL(opts.recv_buf_size, 2 * 1024 * 1024);
	CU_ASSERT_EQUAL(opts.send_buf_size, 2 * 1024 * 1024);
	CU_ASSERT_TRUE(opts.enable_recv_pipe);
	CU_ASSERT_FALSE(opts.enable_quickack);
	CU_ASSERT_EQUAL(opts.enable_placement_id, PLACEMENT_NONE);
	CU_ASSERT_TRUE(opts.enable_zerocopy_send_server);
	CU_ASSERT_FALSE(opts.enable_zerocopy_send_client);
	CU_ASSERT_EQUAL(opts.tls_version, 0);
	CU_ASSERT_PTR_NULL(opts.psk_key);
	CU_ASSERT_PTR_NULL(opts.get_key);
	CU_ASSERT_PTR_NULL(opts.tls_cipher_suites);
}

/* An older caller's shorter structure: only what fits is written, *len
 * stays; a newer caller's longer one is zeroed past ours, *len shrinks. */
static void
test_get_opts_sizes(void)
{
	uint8_t buf[sizeof(struct spdk_sock_impl_opts) + 16];
	struct spdk_sock_impl_opts *opts = (struct spdk_sock_impl_opts *)buf;
	size_t len = offsetof(struct spdk_sock_impl_opts, enable_recv_pipe);

	memset(buf, 0xAA, sizeof(buf));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", opts, &len), 0);
	CU_ASSERT_EQUAL(len, offsetof(struct spdk_sock_impl_opts, enable_recv_pipe));
	CU_ASSERT_EQUAL(opts->send_buf_size, 2 * 1024 * 1024);
	CU_ASSERT_EQUAL(buf[len], 0xAA);
	CU_ASSERT_EQUAL(buf[sizeof(buf) - 1], 0xAA);

	/* A size that cuts a member leaves that member zeroed, not half-copied. */
	len = offsetof(struct spdk_sock_impl_opts, send_buf_size) + 2;
	memset(buf, 0xAA, sizeof(buf));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", opts, &len), 0);
	CU_ASSERT_EQUAL(opts->recv_buf_size, 2 * 1024 * 1024);
	CU_ASSERT_EQUAL(buf[4] | buf[5], 0);
	CU_ASSERT_EQUAL(buf[6], 0xAA);

	len = sizeof(buf);
	memset(buf, 0xAA, sizeof(buf));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", opts, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(struct spdk_sock_impl_opts));
	CU_ASSERT_EQUAL(buf[sizeof(buf) - 1], 0);
	CU_ASSERT_TRUE(opts->enable_recv_pipe);
}

static void
test_set_opts(void)
{
	struct spdk_sock_impl_opts saved, opts;
	size_t len = sizeof(saved);

	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &saved, &len), 0);
	opts = saved;
	opts.recv_buf_size = 4096;
	opts.send_buf_size = 8192;
	opts.enable_quickack = true;
	opts.tls_cipher_suites = "TLS_AES_128_GCM_SHA256";
	CU_ASSERT_EQUAL(spdk_sock_impl_set_opts("posix", &opts, sizeof(opts)), 0);
	memset(&opts, 0, sizeof(opts));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, &len), 0);
	CU_ASSERT_EQUAL(opts.recv_buf_size, 4096);
	CU_ASSERT_EQUAL(opts.send_buf_size, 8192);
	CU_ASSERT_TRUE(opts.enable_quickack);
	CU_ASSERT_STRING_EQUAL(opts.tls_cipher_suites, "TLS_AES_128_GCM_SHA256");

	/* Only the first member fits in 4 bytes: send_buf_size is kept. */
	opts.recv_buf_size = 65536;
	opts.send_buf_size = 1;
	CU_ASSERT_EQUAL(spdk_sock_impl_set_opts("posix", &opts, sizeof(uint32_t)), 0);
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, &len), 0);
	CU_ASSERT_EQUAL(opts.recv_buf_size, 65536);
	CU_ASSERT_EQUAL(opts.send_buf_size, 8192);

	CU_ASSERT_EQUAL(spdk_sock_impl_set_opts("posix", &saved, sizeof(saved)), 0);
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, &len), 0);
	CU_ASSERT_EQUAL(opts.recv_buf_size, 2 * 1024 * 1024);
	CU_ASSERT_FALSE(opts.enable_quickack);
}

static void
test_opts_refused(void)
{
	struct spdk_sock_impl_opts opts;
	size_t len = sizeof(opts);

	log_lines_start();
	memset(&opts, 0x55, sizeof(opts));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("ssl", &opts, &len), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_log_last, "\"ssl\""));
	/* Nothing written on a refusal. */
	CU_ASSERT_EQUAL(opts.recv_buf_size, 0x55555555);
	CU_ASSERT_EQUAL(len, sizeof(opts));
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts(NULL, &opts, &len), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", NULL, &len), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, NULL), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_impl_set_opts("uring", &opts, sizeof(opts)), -EINVAL);
	CU_ASSERT_EQUAL(spdk_sock_impl_set_opts("posix", NULL, sizeof(opts)), -EINVAL);
	CU_ASSERT_EQUAL(g_log_errors, 6);
	log_lines_stop();

	/* The refused set changed nothing. */
	CU_ASSERT_EQUAL(spdk_sock_impl_get_opts("posix", &opts, &len), 0);
	CU_ASSERT_EQUAL(opts.recv_buf_size, 2 * 1024 * 1024);
}

/* SPDK v26.05's layouts (x86-64 / LP64). */
static void
test_layouts(void)
{
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, enable_placement_id), 12);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, zerocopy_threshold), 20);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, enable_ktls), 28);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, psk_key), 32);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, get_key), 56);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_impl_opts, tls_cipher_suites), 72);
	CU_ASSERT_EQUAL(sizeof(struct spdk_sock_impl_opts), 80);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, zcopy), 12);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, ack_timeout), 16);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, impl_opts), 24);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, src_addr), 40);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, src_port), 48);
	CU_ASSERT_EQUAL(offsetof(struct spdk_sock_opts, connect_timeout), 52);
	CU_ASSERT_EQUAL(PLACEMENT_MARK, 3);
	CU_ASSERT_EQUAL(SPDK_TLS_VERSION_1_3, 13);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "default impl set/get", test_default_impl },
		{ "get_opts: posix defaults", test_get_opts_defaults },
		{ "get_opts: caller sizes", test_get_opts_sizes },
		{ "set_opts: round trip and short size", test_set_opts },
		{ "refused names and NULLs", test_opts_refused },
		{ "structure layouts", test_layouts },
	};

	return cu_main("util_sock", tests, SPDK_COUNTOF(tests));
}
