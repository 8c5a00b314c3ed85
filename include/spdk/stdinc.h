/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The system headers an SPDK program expects after one include line.  SPDK's
 * programs start with #include "spdk/stdinc.h" and then use the C library,
 * POSIX sockets, threads, files and getopt without including those
 * themselves, so this header pulls in the same set SPDK v26.05's does.
 */
#ifndef SPDK_STDINC_H
#define SPDK_STDINC_H

#ifdef __cplusplus
extern "C" {
#endif

/* ISO C */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* POSIX: processes, files, threads, signals */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <glob.h>
#include <libgen.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <semaphore.h>
#include <signal.h>
#include <syslog.h>
#include <termios.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

/* POSIX: networking */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

/* getopt_long() */
#include <getopt.h>

#if defined(__linux__)
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/xattr.h>
#endif

#if defined(__FreeBSD__)
#include <sys/sysctl.h>
#endif

#if defined(__linux__) || defined(__FreeBSD__)
#include <aio.h>
#endif

/* Some systems lack ENOKEY; SPDK code returns it, so give it Linux's value. */
#ifndef ENOKEY
#define ENOKEY 126
#endif

#ifdef __cplusplus
}
#endif

#endif /* SPDK_STDINC_H */
