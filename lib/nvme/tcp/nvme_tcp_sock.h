/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The plain POSIX TCP socket under an NVMe/TCP connection: non-blocking,
 * TCP_NODELAY (PDUs are small and latency bound), connect started here and
 * finished from the poll, send and receive that never block or raise
 * SIGPIPE.
 */
#ifndef EALNVME_NVME_TCP_SOCK_H
#define EALNVME_NVME_TCP_SOCK_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "spdk/nvmf_spec.h"

/*
 * Start connecting to traddr:trsvcid (numeric IPv4/IPv6 address and port;
 * adrfam IPV4, IPV6 or NOT_SPECIFIED for either).  The file descriptor, or
 * -EINVAL (bad address, port or family) / -errno, with a log line.
 */
int nvme_tcp_sock_open(enum spdk_nvmf_adrfam adrfam, const char *traddr, const char *trsvcid);

/* 0: connected; -EAGAIN: still connecting; -errno (logged): failed. */
int nvme_tcp_sock_connect_poll(int fd);

/* Bytes received (> 0), 0 when nothing is waiting, -ECONNRESET when the peer closed or reset. */
ssize_t nvme_tcp_sock_recv(int fd, void *buf, size_t len);

/* The same into iovcnt elements (received data straight to its destination). */
ssize_t nvme_tcp_sock_recvv(int fd, const struct iovec *iov, int iovcnt);

/* Bytes sent (0 when the socket buffer is full), or -errno (-EPIPE, -ECONNRESET...). */
ssize_t nvme_tcp_sock_sendv(int fd, const struct iovec *iov, int iovcnt);

#endif /* EALNVME_NVME_TCP_SOCK_H */
