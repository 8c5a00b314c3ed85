/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DPDK file prefixes: who owns a shared one, and what dead processes left.
 *
 * Each process runs the EAL with a file prefix: "ealnvme_pid<PID>" (private)
 * or "ealnvme<shm_id>".  The EAL keeps hugepage files named <prefix>map_<n>
 * in every hugetlbfs mount and a runtime directory <run>/dpdk/<prefix>.
 *  - A shared prefix already held by a live primary would make this process
 *    a secondary (or fail with EAL messages that do not say why): ealnvme
 *    does not share controllers between processes, so it is refused up front
 *    with the owner's pid.  The primary holds a write lock on <dir>/config.
 *  - A process killed with -9 never deletes its hugepage files; under a
 *    per-pid prefix no later EAL would ever reuse (and so clean) them, and
 *    each such crash would strand its hugepages.  They are reclaimed here
 *    when their process is gone and no one holds them (the EAL keeps a
 *    shared flock on every hugepage file it uses).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env_internal.h"
#include "ealnvme_log.h"

#define ENV_PRIVATE_PREFIX	"ealnvme_pid"

/* <run>/dpdk as the EAL chooses it: /var/run for root, else XDG_RUNTIME_DIR or /tmp. */
static void
env_prefix_runtime_base(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (getuid() == 0) {
		snprintf(buf, len, "/var/run/dpdk");
	} else {
		snprintf(buf, len, "%s/dpdk", xdg != NULL ? xdg : "/tmp");
	}
}

pid_t
env_prefix_owner(const char *runtime_base, const char *prefix)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/config", runtime_base, prefix);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return 0;
	}
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type == F_UNLCK) {
		fl.l_pid = 0;
	}
	close(fd);
	return fl.l_pid > 0 ? fl.l_pid : 0;
}

int
env_prefix_check_shared(int shm_id)
{
	char base[256], prefix[64];
	pid_t owner;

	env_prefix_runtime_base(base, sizeof(base));
	snprintf(prefix, sizeof(prefix), "ealnvme%d", shm_id);
	owner = env_prefix_owner(base, prefix);
	if (owner > 0 && owner != getpid()) {
		EALNVME_ERRLOG("shm_id %d is in use by process %d; ealnvme does not share "
			       "controllers between processes: give each process its own shm_id "
			       "(or -1)", shm_id, (int)owner);
		return -EBUSY;
	}
	return 0;
}

/* The pid in "ealnvme_pid<PID>..." (rest: what follows it), or 0. */
static pid_t
env_prefix_private_pid(const char *name, const char **rest)
{
	char *end;
	long pid;

	if (strncmp(name, ENV_PRIVATE_PREFIX, strlen(ENV_PRIVATE_PREFIX)) != 0) {
		return 0;
	}
	name += strlen(ENV_PRIVATE_PREFIX);
	if (*name < '0' || *name > '9') {
		return 0;
	}
	pid = strtol(name, &end, 10);
	*rest = end;
	return pid > 0 && pid < (1l << 30) ? (pid_t)pid : 0;
}

/*
 * Gone, and owned no device that may still be running: under uio a
 * controller its owner left enabled keeps DMAing into the owner's hugepages
 * (IOVA = physical address) until someone disables it, so those pages must
 * stay reserved until the device's next owner has (its lock then names the
 * new owner: env_pci.c reclaims again after such an attach).
 */
static bool
env_prefix_pid_is_gone(pid_t pid)
{
	return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH &&
	       !env_pci_lock_names_pid(pid);
}

/* Hugepage files <prefix>map_<n> of dead owners in one hugetlbfs directory. */
unsigned int
env_prefix_reclaim_hugedir(const char *dir)
{
	unsigned int removed = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		const char *rest = NULL;
		pid_t pid = env_prefix_private_pid(de->d_name, &rest);
		int fd;

		if (pid == 0 || strncmp(rest, "map_", 4) != 0 || !env_prefix_pid_is_gone(pid)) {
			continue;
		}
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			continue;
		}
		/* Still mapped somewhere (the EAL holds a shared flock): leave it. */
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 && unlinkat(dirfd(d), de->d_name, 0) == 0) {
			removed++;
		}
		close(fd);
	}
	closedir(d);
	return removed;
}

/* Runtime directories <base>/ealnvme_pid<PID> of dead processes. */
unsigned int
env_prefix_reclaim_runtime(const char *base)
{
	unsigned int removed = 0;
	struct dirent *de;
	DIR *d = opendir(base);

	if (d == NULL) {
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		const char *rest = NULL;
		pid_t pid = env_prefix_private_pid(de->d_name, &rest);
		struct dirent *fe;
		DIR *sub;
		int sfd;

		/* Gone, and no primary holds its config (another PID namespace). */
		if (pid == 0 || *rest != '\0' || !env_prefix_pid_is_gone(pid) ||
		    env_prefix_owner(base, de->d_name) != 0) {
			continue;
		}
		sfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		sub = sfd >= 0 ? fdopendir(sfd) : NULL;
		if (sub == NULL) {
			if (sfd >= 0) {
				close(sfd);
			}
			continue;
		}
		while ((fe = readdir(sub)) != NULL) {
			if (strcmp(fe->d_name, ".") != 0 && strcmp(fe->d_name, "..") != 0) {
				unlinkat(dirfd(sub), fe->d_name, 0);
			}
		}
		closedir(sub);
		if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) == 0) {
			removed++;
		}
	}
	closedir(d);
	return removed;
}

void
env_prefix_reclaim_dead(void)
{
	char line[1024], base[256];
	unsigned int files = 0;
	FILE *mounts = fopen("/proc/mounts", "r");

	if (mounts != NULL) {
		while (fgets(line, sizeof(line), mounts) != NULL) {
			char dev[256], dir[512], type[64];

			if (sscanf(line, "%255s %511s %63s", dev, dir, type) == 3 &&
			    strcmp(type, "hugetlbfs") == 0) {
				files += env_prefix_reclaim_hugedir(dir);
			}
		}
		fclose(mounts);
	}
	env_prefix_runtime_base(base, sizeof(base));
	env_prefix_reclaim_runtime(base);
	if (files > 0) {
		EALNVME_NOTICELOG("reclaimed %u hugepage file(s) left by ealnvme processes that "
				  "died without cleaning up", files);
	}
}
