/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * DPDK file prefixes (lib/env_dpdk/env_prefix.c) with real processes and
 * fake hugetlbfs/runtime directories: the owner of a shared prefix is found
 * from the config lock, and only what dead ealnvme processes left behind is
 * reclaimed (never a file still mapped, a live process's, or another
 * program's).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "env_internal.h"

static char g_dir[] = "/tmp/ealnvme-prefix.XXXXXX";

/* A pid that no longer runs: a child that exited and was reaped. */
static pid_t
dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	return pid;
}

static void
touch(const char *dir, const char *fmt, long v)
{
	char name[128], path[512];
	int fd;

	snprintf(name, sizeof(name), fmt, v);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	CU_ASSERT(fd >= 0);
	close(fd);
}

static bool
exists(const char *dir, const char *fmt, long v)
{
	char name[128], path[512];
	struct stat st;

	snprintf(name, sizeof(name), fmt, v);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

static void
test_reclaim_hugedir(void)
{
	char dir[300], path[512];
	pid_t dead = dead_pid(), me = getpid();
	int held;

	snprintf(dir, sizeof(dir), "%s/huge", g_dir);
	CU_ASSERT_FATAL(mkdir(dir, 0700) == 0);
	touch(dir, "ealnvme_pid%ldmap_0", dead);
	touch(dir, "ealnvme_pid%ldmap_1", dead);
	touch(dir, "ealnvme_pid%ldmap_0", me);
	touch(dir, "rtemap_%ld", 0);
	touch(dir, "ealnvme_pid%ldsomething", dead);
	/* map_1 is still mapped by someone: the EAL's shared flock. */
	snprintf(path, sizeof(path), "%s/ealnvme_pid%ldmap_1", dir, (long)dead);
	held = open(path, O_RDONLY);
	CU_ASSERT_FATAL(held >= 0);
	CU_ASSERT(flock(held, LOCK_SH) == 0);

	CU_ASSERT(env_prefix_reclaim_hugedir(dir) == 1);
	CU_ASSERT(!exists(dir, "ealnvme_pid%ldmap_0", dead));
	CU_ASSERT(exists(dir, "ealnvme_pid%ldmap_1", dead));
	CU_ASSERT(exists(dir, "ealnvme_pid%ldmap_0", me));
	CU_ASSERT(exists(dir, "rtemap_%ld", 0));
	CU_ASSERT(exists(dir, "ealnvme_pid%ldsomething", dead));
	/* Unmapped now: the next start reclaims it. */
	close(held);
	CU_ASSERT(env_prefix_reclaim_hugedir(dir) == 1);
	CU_ASSERT(!exists(dir, "ealnvme_pid%ldmap_1", dead));
	CU_ASSERT(env_prefix_reclaim_hugedir("/nonexistent/huge") == 0);
}

/*
 * A dead process whose device lock was not taken over yet may have left its
 * controller running (under uio it still DMAs into those hugepages): its
 * files stay until the device's next owner has taken the lock over.
 */
static void
test_keep_while_device_unclaimed(void)
{
	char dir[300], locks[300], path[512];
	pid_t dead = dead_pid();
	int fd, pid = (int)dead;

	snprintf(dir, sizeof(dir), "%s/huge2", g_dir);
	snprintf(locks, sizeof(locks), "%s/locks", g_dir);
	CU_ASSERT_FATAL(mkdir(dir, 0700) == 0 && mkdir(locks, 0700) == 0);
	env_pci_lock_set_dir(locks);
	touch(dir, "ealnvme_pid%ldmap_0", dead);
	/* Its stale lock, as a killed owner leaves it: the pid, no lock held. */
	snprintf(path, sizeof(path), "%s/spdk_pci_lock_0000:00:04.0", locks);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, &pid, sizeof(pid)) == (ssize_t)sizeof(pid));
	close(fd);
	CU_ASSERT(env_pci_lock_names_pid(dead));
	CU_ASSERT(env_prefix_reclaim_hugedir(dir) == 0);
	CU_ASSERT(exists(dir, "ealnvme_pid%ldmap_0", dead));
	/* The next owner takes the lock over (and, in env_pci.c, disables the
	 * controller before reclaiming): now the files go. */
	{
		pid_t from = 0;

		fd = env_pci_lock_take("0000:00:04.0", &from);
		CU_ASSERT(fd >= 0);
		CU_ASSERT(from == dead);
	}
	CU_ASSERT(!env_pci_lock_names_pid(dead));
	CU_ASSERT(env_prefix_reclaim_hugedir(dir) == 1);
	CU_ASSERT(!exists(dir, "ealnvme_pid%ldmap_0", dead));
	env_pci_lock_release(fd, "0000:00:04.0");
	env_pci_lock_set_dir(NULL);
}

/* A child holding a write lock on <base>/<prefix>/config until killed. */
static pid_t
hold_config(const char *base, const char *prefix)
{
	char path[512];
	int ready[2];
	char c = 0;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", base, prefix);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/config", base, prefix);
	CU_ASSERT_FATAL(pipe(ready) == 0);
	pid = fork();
	if (pid == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_CREAT | O_RDWR, 0600);

		c = fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1) {
			_exit(1);
		}
		pause();
		_exit(0);
	}
	CU_ASSERT(read(ready[0], &c, 1) == 1 && c == 'y');
	close(ready[0]);
	close(ready[1]);
	return pid;
}

static void
test_owner_and_runtime(void)
{
	char base[300], name[64];
	pid_t dead = dead_pid(), holder, ghost = dead_pid();

	snprintf(base, sizeof(base), "%s/run", g_dir);
	CU_ASSERT_FATAL(mkdir(base, 0700) == 0);
	/* A live primary on a shared prefix is found by its lock. */
	holder = hold_config(base, "ealnvme7");
	CU_ASSERT(env_prefix_owner(base, "ealnvme7") == holder);
	CU_ASSERT(env_prefix_owner(base, "ealnvme8") == 0);

	/* Runtime dirs: a dead process's goes; a live one's stays; a dead-looking
	 * pid whose config is still locked (another PID namespace) stays. */
	snprintf(name, sizeof(name), "ealnvme_pid%ld", (long)dead);
	{
		char d[400];

		snprintf(d, sizeof(d), "%s/%s", base, name);
		CU_ASSERT(mkdir(d, 0700) == 0);
		touch(d, "config", 0);
		touch(d, "fbarray_memseg-2048k-0-%ld", 0);
	}
	snprintf(name, sizeof(name), "ealnvme_pid%ld", (long)ghost);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	holder = hold_config(base, name);
	{
		char d[400];

		snprintf(d, sizeof(d), "%s/ealnvme_pid%ld", base, (long)getpid());
		CU_ASSERT(mkdir(d, 0700) == 0);
	}
	CU_ASSERT(env_prefix_reclaim_runtime(base) == 1);
	CU_ASSERT(!exists(base, "ealnvme_pid%ld", dead));
	CU_ASSERT(exists(base, "ealnvme_pid%ld", ghost));
	CU_ASSERT(exists(base, "ealnvme_pid%ld", getpid()));
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	/* Its holder gone too: now it is reclaimed. */
	CU_ASSERT(env_prefix_reclaim_runtime(base) == 1);
	CU_ASSERT(!exists(base, "ealnvme_pid%ld", ghost));
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;
	char cmd[128];

	if (mkdtemp(g_dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("env_prefix", NULL, NULL);
	CU_add_test(suite, "reclaim hugepage files of dead processes", test_reclaim_hugedir);
	CU_add_test(suite, "prefix owner, runtime dirs", test_owner_and_runtime);
	CU_add_test(suite, "hugepages kept while a dead owner's device is unclaimed",
		    test_keep_while_device_unclaimed);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "could not remove %s\n", g_dir);
	}
	return failures != 0;
}
