/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * For the NVMe/TCP unit tests: a listening socket on the loopback address
 * of a family, on a port the kernel picks, written to port as a string.
 */
#ifndef EALNVME_TCP_LOOPBACK_H
#define EALNVME_TCP_LOOPBACK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The listening fd, or -1 (no such loopback here). */
static inline int
tcp_loopback_listen(int family, char *port, size_t port_len)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr *sa = family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6;
	socklen_t len = family == AF_INET ? sizeof(a4) : sizeof(a6);
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0) {
		return -1;
	}
	if (bind(fd, sa, len) != 0 || listen(fd, 4) != 0 || getsockname(fd, sa, &len) != 0) {
		close(fd);
		return -1;
	}
	snprintf(port, port_len, "%u", ntohs(family == AF_INET ? a4.sin_port : a6.sin6_port));
	return fd;
}

#endif /* EALNVME_TCP_LOOPBACK_H */
