/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Non-blocking POSIX TCP sockets for NVMe/TCP.  Addresses are numeric only
 * (AI_NUMERICHOST): a transport ID names an address, and name resolution
 * could block the poll.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ealnvme_log.h"
#include "nvme_tcp_sock.h"

int
nvme_tcp_sock_open(enum spdk_nvmf_adrfam adrfam, const char *traddr, const char *trsvcid)
{
	struct addrinfo hints, *res = NULL;
	int fd, rc, one = 1;

	memset(&hints, 0, sizeof(hints));
	switch (adrfam) {
	case SPDK_NVMF_ADRFAM_IPV4: hints.ai_family = AF_INET; break;
	case SPDK_NVMF_ADRFAM_IPV6: hints.ai_family = AF_INET6; break;
	case SPDK_NVMF_ADRFAM_NOT_SPECIFIED: hints.ai_family = AF_UNSPEC; break;
	default:
		EALNVME_ERRLOG("NVMe/TCP: address family %d is not IPv4 or IPv6: use adrfam:IPv4 "
			       "or adrfam:IPv6", (int)adrfam);
		return -EINVAL;
	}
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	rc = (traddr == NULL || trsvcid == NULL) ? EAI_NONAME :
	     getaddrinfo(traddr, trsvcid, &hints, &res);
	if (rc != 0) {
		EALNVME_ERRLOG("NVMe/TCP: '%s' port '%s' is not a numeric %s address and port (%s): "
			       "give traddr and trsvcid as numbers", traddr ? traddr : "(none)",
			       trsvcid ? trsvcid : "(none)", adrfam == SPDK_NVMF_ADRFAM_IPV6 ?
			       "IPv6" : "IPv4", gai_strerror(rc));
		return -EINVAL;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		rc = -errno;
		EALNVME_ERRLOG("NVMe/TCP: socket() failed: %s", strerror(-rc));
		freeaddrinfo(res);
		return rc;
	}
	/* Commands and completions are small: send each at once (Nagle off). */
	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0 ||
	    (connect(fd, res->ai_addr, res->ai_addrlen) != 0 && errno != EINPROGRESS)) {
		rc = -errno;
		EALNVME_ERRLOG("NVMe/TCP: cannot connect to %s port %s: %s; check that the target "
			       "listens there", traddr, trsvcid, strerror(-rc));
		close(fd);
		freeaddrinfo(res);
		return rc;
	}
	freeaddrinfo(res);
	return fd;
}

int
nvme_tcp_sock_connect_poll(int fd)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	int err = 0;

	if (getpeername(fd, (struct sockaddr *)&peer, &len) == 0) {
		return 0;
	}
	len = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
		err = errno;
	}
	if (err == 0 || err == EINPROGRESS || err == EALREADY) {
		return -EAGAIN;
	}
	EALNVME_ERRLOG("NVMe/TCP: connect failed: %s; check the target address, port and that "
		       "the target listens", strerror(err));
	return -err;
}

/* A recv()'s result as the callers want it: bytes, 0 for nothing yet, -ECONNRESET. */
static ssize_t
recv_result(ssize_t n)
{
	if (n > 0) {
		return n;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
		return 0;
	}
	if (n == 0) {
		EALNVME_ERRLOG("NVMe/TCP: the target closed the connection");
	} else {
		EALNVME_ERRLOG("NVMe/TCP: receive failed: %s", strerror(errno));
	}
	return -ECONNRESET;
}

ssize_t
nvme_tcp_sock_recv(int fd, void *buf, size_t len)
{
	return recv_result(recv(fd, buf, len, 0));
}

ssize_t
nvme_tcp_sock_recvv(int fd, const struct iovec *iov, int iovcnt)
{
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = (struct iovec *)(uintptr_t)iov;
	msg.msg_iovlen = (size_t)iovcnt;
	return recv_result(recvmsg(fd, &msg, 0));
}

ssize_t
nvme_tcp_sock_sendv(int fd, const struct iovec *iov, int iovcnt)
{
	struct msghdr msg;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = (struct iovec *)(uintptr_t)iov;
	msg.msg_iovlen = (size_t)iovcnt;
	/* MSG_NOSIGNAL: a closed peer is an error return, not SIGPIPE. */
	n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	if (n >= 0) {
		return n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
		return 0;
	}
	n = -errno;
	EALNVME_ERRLOG("NVMe/TCP: send failed: %s; the connection is lost", strerror((int)-n));
	return n;
}
