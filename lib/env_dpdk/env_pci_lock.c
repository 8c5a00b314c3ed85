/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * One owner per PCI device, across processes.  Before a device is mapped
 * (and so before anything can reset it) the process takes a write lock on
 * /var/tmp/spdk_pci_lock_<BDF> and writes its pid there as a native int:
 * the same file and protocol as SPDK's env, so an SPDK application and an
 * ealnvme one also keep off each other's controllers.  Under uio nothing
 * else stops a second process from resetting a controller in use; under
 * vfio the kernel refuses the second open, but with messages about IOMMU
 * groups that do not name the real cause.
 *
 * Open file description locks (F_OFD_SETLK): they die with their process,
 * so a lock file left behind by a crashed owner is simply taken over; they
 * conflict with SPDK's classic record locks; and unlike those they are not
 * dropped when some other descriptor of the same file is closed in this
 * process, and they refuse a second take of one device in one process.
 * The file is unlinked while still locked, so a taker checks after locking
 * that the path still names the file it locked.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env_internal.h"
#include "ealnvme_log.h"

static char g_lock_dir[256] = "/var/tmp";

void
env_pci_lock_set_dir(const char *dir)
{
	snprintf(g_lock_dir, sizeof(g_lock_dir), "%s", dir != NULL ? dir : "/var/tmp");
}

static int
env_pci_lock_path(char *path, size_t len, const char *bdf)
{
	int n = snprintf(path, len, "%s/spdk_pci_lock_%s", g_lock_dir, bdf);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* The pid recorded in the file, and from the kernel the lock holder's. */
static pid_t
env_pci_lock_holder(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int recorded = 0;

	/* A classic lock (SPDK's) reports its pid; an OFD lock reports -1. */
	if (fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK && fl.l_pid > 0) {
		return fl.l_pid;
	}
	if (pread(fd, &recorded, sizeof(recorded), 0) == (ssize_t)sizeof(recorded)) {
		return recorded;
	}
	return 0;
}

static void
env_pci_lock_log_busy(const char *bdf, pid_t pid)
{
	char comm_path[64], comm[64] = "";
	FILE *f;

	snprintf(comm_path, sizeof(comm_path), "/proc/%d/comm", (int)pid);
	f = fopen(comm_path, "r");
	if (f != NULL) {
		if (fgets(comm, sizeof(comm), f) != NULL) {
			comm[strcspn(comm, "\n")] = '\0';
		}
		fclose(f);
	}
	EALNVME_ERRLOG("%s: in use by process %d%s%s%s; stop that process or pick another "
		       "controller (one process per controller)", bdf, (int)pid,
		       comm[0] ? " (" : "", comm, comm[0] ? ")" : "");
}

/*
 * True when a lock file in the lock directory still records pid (a dead
 * owner's, not yet taken over): that device may still be enabled and DMA
 * into the dead process's memory (env_prefix.c keeps its hugepages).
 */
bool
env_pci_lock_names_pid(pid_t pid)
{
	static const char prefix[] = "spdk_pci_lock_";
	struct dirent *de;
	bool found = false;
	DIR *d = opendir(g_lock_dir);

	if (d == NULL) {
		return false;
	}
	while (!found && (de = readdir(d)) != NULL) {
		int recorded = 0, fd;

		if (strncmp(de->d_name, prefix, sizeof(prefix) - 1) != 0) {
			continue;
		}
		fd = openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			continue;
		}
		found = pread(fd, &recorded, sizeof(recorded), 0) == (ssize_t)sizeof(recorded) &&
			recorded == (int)pid;
		close(fd);
	}
	closedir(d);
	return found;
}

int
env_pci_lock_take(const char *bdf, pid_t *taken_from)
{
	char path[512];
	int rc = env_pci_lock_path(path, sizeof(path), bdf);

	if (taken_from != NULL) {
		*taken_from = 0;
	}
	if (rc != 0) {
		EALNVME_ERRLOG("%s: lock file path too long (directory %s)", bdf, g_lock_dir);
		return rc;
	}
	/* A few rounds: each lost race means the owner released it meanwhile. */
	for (int attempt = 0; attempt < 8; attempt++) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		struct stat st_fd, st_path;
		int recorded = 0, fd;
		pid_t me = getpid();

		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = -errno;
			EALNVME_ERRLOG("%s: cannot open the device lock %s: %s; check that %s is "
				       "writable", bdf, path, strerror(errno), g_lock_dir);
			return rc;
		}
		if (fcntl(fd, F_OFD_SETLK, &fl) != 0) {
			rc = -errno;
			if (rc == -EAGAIN || rc == -EACCES) {
				env_pci_lock_log_busy(bdf, env_pci_lock_holder(fd));
				rc = -EBUSY;
			} else {
				EALNVME_ERRLOG("%s: cannot lock %s: %s", bdf, path, strerror(-rc));
			}
			close(fd);
			return rc;
		}
		if (fstat(fd, &st_fd) != 0 || stat(path, &st_path) != 0 ||
		    st_fd.st_ino != st_path.st_ino || st_fd.st_dev != st_path.st_dev) {
			/* Unlinked by its last owner between our open and lock. */
			close(fd);
			continue;
		}
		if (pread(fd, &recorded, sizeof(recorded), 0) == (ssize_t)sizeof(recorded) &&
		    recorded > 0 && recorded != me) {
			EALNVME_NOTICELOG("%s: taking over the device lock of process %d, which "
					  "is gone", bdf, recorded);
			if (taken_from != NULL) {
				*taken_from = recorded;
			}
		}
		if (ftruncate(fd, sizeof(int)) != 0 ||
		    pwrite(fd, &me, sizeof(int), 0) != (ssize_t)sizeof(int)) {
			rc = -errno;
			EALNVME_ERRLOG("%s: cannot write the device lock %s: %s", bdf, path,
				       strerror(errno));
			close(fd);
			return rc;
		}
		return fd;
	}
	EALNVME_ERRLOG("%s: the device lock %s keeps changing hands; try again", bdf, path);
	return -EBUSY;
}

void
env_pci_lock_release(int fd, const char *bdf)
{
	char path[512];

	if (fd < 0) {
		return;
	}
	/* Unlink first, still locked: a waiter then sees the path changed. */
	if (env_pci_lock_path(path, sizeof(path), bdf) == 0) {
		unlink(path);
	}
	close(fd);
}
