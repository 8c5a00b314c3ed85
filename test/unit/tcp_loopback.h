/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * For the NVMe/TCP unit tests: a listening socket on the loopback address
 * of a family, on a port the kernel picks (or a given one, to listen again
 * where a closed listener was), written to port as a string.
 */
#ifndef EALNVME_TCP_LOOPBACK_H
#define EALNVME_TCP_LOOPBACK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The listening fd on port want (0: any), or -1 (no such loopback, port taken). */
static inline int
tcp_loopback_listen_on(int family, unsigned int want, char *port, size_t port_len)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr *sa = family == AF_INET ? (struct sockaddr *)&a4 : (struct sockaddr *)&a6;
	socklen_t len = family == AF_INET ? sizeof(a4) : sizeof(a6);
	int fd = socket(family, SOCK_STREAM, 0);
	int one = 1;

	if (fd < 0) {
		return -1;
	}
	a4.sin_port = htons((uint16_t)want);
	a6.sin6_port = htons((uint16_t)want);
	/* the same port again although connections of the last listener linger */
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, sa, len) != 0 || listen(fd, 8) != 0 || getsockname(fd, sa, &len) != 0) {
		close(fd);
		return -1;
	}
	snprintf(port, port_len, "%u", ntohs(family == AF_INET ? a4.sin_port : a6.sin6_port));
	return fd;
}

/* The listening fd on a port the kernel picks, or -1. */
static inline int
tcp_loopback_listen(int family, char *port, size_t port_len)
{
	return tcp_loopback_listen_on(family, 0, port, port_len);
}

#endif /* EALNVME_TCP_LOOPBACK_H */
