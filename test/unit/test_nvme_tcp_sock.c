/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Unit tests for lib/nvme/tcp/nvme_tcp_sock.c over loopback: a non-blocking
 * connect with TCP_NODELAY to IPv4 and IPv6 listeners, send and receive
 * that never block, the peer closing, a refused port, and addresses that
 * are refused before any socket is made.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "nvme_tcp_sock.h"

#include <CUnit/Basic.h>

#include "cu_main.h"
#include "tcp_loopback.h"

/* Poll until the connect finishes (the wait bounds a hang, it is not a timing check). */
static int
wait_connected(int fd)
{
	for (int i = 0; i < 100; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		int rc = nvme_tcp_sock_connect_poll(fd);

		if (rc != -EAGAIN) {
			return rc;
		}
		poll(&pfd, 1, 100);
	}
	return -ETIMEDOUT;
}

static void
exchange(int family, enum spdk_nvmf_adrfam adrfam, const char *addr)
{
	char port[16], buf[64];
	int lfd = tcp_loopback_listen(family, port, sizeof(port));
	int fd, peer, one = 0, flags;
	socklen_t len = sizeof(one);
	struct iovec iov[2] = { { (void *)"hello ", 6 }, { (void *)"target", 6 } };
	char ra[3], rb[16];
	struct iovec rv[2] = { { ra, sizeof(ra) }, { rb, sizeof(rb) } };
	ssize_t n;

	if (lfd < 0) {
		fprintf(stderr, "no %s loopback here; skipped\n", addr);
		return;
	}
	fd = nvme_tcp_sock_open(adrfam, addr, port);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(wait_connected(fd), 0);
	peer = accept(lfd, NULL, NULL);
	CU_ASSERT_FATAL(peer >= 0);
	CU_ASSERT_EQUAL(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, &len), 0);
	CU_ASSERT_EQUAL(one, 1);
	flags = fcntl(fd, F_GETFL);
	CU_ASSERT(flags & O_NONBLOCK);

	/* Nothing waiting: 0, at once. */
	CU_ASSERT_EQUAL(nvme_tcp_sock_recv(fd, buf, sizeof(buf)), 0);
	CU_ASSERT_EQUAL(nvme_tcp_sock_sendv(fd, iov, 2), 12);
	CU_ASSERT_EQUAL(recv(peer, buf, 12, MSG_WAITALL), 12);
	CU_ASSERT_EQUAL(memcmp(buf, "hello target", 12), 0);
	CU_ASSERT_EQUAL(send(peer, "pong", 4, 0), 4);
	n = 0;
	for (int i = 0; i < 100 && n == 0; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		poll(&pfd, 1, 100);
		n = nvme_tcp_sock_recv(fd, buf, sizeof(buf));
	}
	CU_ASSERT_EQUAL(n, 4);
	CU_ASSERT_EQUAL(memcmp(buf, "pong", 4), 0);

	/* Into elements (received in place): 0 when nothing waits, then in order. */
	CU_ASSERT_EQUAL(nvme_tcp_sock_recvv(fd, rv, 2), 0);
	CU_ASSERT_EQUAL(send(peer, "scattered", 9, 0), 9);
	n = 0;
	for (int i = 0; i < 100 && n == 0; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		poll(&pfd, 1, 100);
		n = nvme_tcp_sock_recvv(fd, rv, 2);
	}
	CU_ASSERT_EQUAL(n, 9);
	CU_ASSERT_EQUAL(memcmp(ra, "sca", 3), 0);
	CU_ASSERT_EQUAL(memcmp(rb, "ttered", 6), 0);

	/* The peer goes away: receive says so, send fails without SIGPIPE. */
	close(peer);
	n = 0;
	for (int i = 0; i < 100 && n == 0; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		poll(&pfd, 1, 100);
		n = nvme_tcp_sock_recv(fd, buf, sizeof(buf));
	}
	CU_ASSERT_EQUAL(n, -ECONNRESET);
	CU_ASSERT_EQUAL(nvme_tcp_sock_recvv(fd, rv, 2), -ECONNRESET);
	n = 0;
	for (int i = 0; i < 10 && n >= 0; i++) {
		n = nvme_tcp_sock_sendv(fd, iov, 2);
		usleep(10000);
	}
	CU_ASSERT(n == -EPIPE || n == -ECONNRESET);
	close(fd);
	close(lfd);
}

static void
test_ipv4(void)
{
	exchange(AF_INET, SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1");
}

static void
test_ipv6(void)
{
	exchange(AF_INET6, SPDK_NVMF_ADRFAM_IPV6, "::1");
}

static void
test_refused(void)
{
	char port[16];
	int lfd = tcp_loopback_listen(AF_INET, port, sizeof(port));
	int fd;

	CU_ASSERT_FATAL(lfd >= 0);
	close(lfd);	/* nobody listens on that port now */
	fd = nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", port);
	if (fd >= 0) {
		CU_ASSERT_EQUAL(wait_connected(fd), -ECONNREFUSED);
		close(fd);
	} else {
		CU_ASSERT_EQUAL(fd, -ECONNREFUSED);
	}

	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, "localhost", "4420"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", "nvme"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, "::1", "4420"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV6, "127.0.0.1", "4420"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IB, "127.0.0.1", "4420"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, NULL, "4420"), -EINVAL);
	CU_ASSERT_EQUAL(nvme_tcp_sock_open(SPDK_NVMF_ADRFAM_IPV4, "127.0.0.1", NULL), -EINVAL);
}

int
main(void)
{
	static const struct cu_test tests[] = {
		{ "ipv4", test_ipv4 },
		{ "ipv6", test_ipv6 },
		{ "refused", test_refused },
	};

	return cu_main("nvme_tcp_sock", tests, sizeof(tests) / sizeof(tests[0]));
}
