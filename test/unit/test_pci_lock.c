/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * One owner per PCI device (lib/env_dpdk/env_pci_lock.c), with real
 * processes: a second process is refused with the owner's pid, a lock left
 * by a killed owner is taken over, a released lock is free again, and the
 * lock file carries the owner's pid as SPDK's does (a native int).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "env_internal.h"

#define BDF	"0000:00:04.0"

static char g_dir[] = "/tmp/ealnvme-pci-lock.XXXXXX";

static void
lock_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/spdk_pci_lock_%s", g_dir, BDF);
}

/* The pid the lock file records, or -1. */
static int
recorded_pid(void)
{
	char path[512];
	int pid = -1, fd;

	lock_path(path, sizeof(path));
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &pid, sizeof(pid)) != (ssize_t)sizeof(pid)) {
			pid = -1;
		}
		close(fd);
	}
	return pid;
}

/*
 * Run env_pci_lock_take() in a child with stderr in log (a file); the
 * child's result comes back as its exit status: 0 took, 1 -EBUSY, 2 other.
 */
static int
take_in_child(const char *log)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int rc;

		dup2(fd, STDERR_FILENO);
		rc = env_pci_lock_take(BDF, NULL);
		_exit(rc >= 0 ? 0 : rc == -EBUSY ? 1 : 2);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		return -1;
	}
	return WEXITSTATUS(status);
}

static bool
file_contains(const char *path, const char *needle)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

static void
test_second_process_refused(void)
{
	char log[600], needle[64], path[512];
	int fd = env_pci_lock_take(BDF, NULL);
	struct stat st;

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(recorded_pid() == (int)getpid());
	snprintf(log, sizeof(log), "%s/child.log", g_dir);
	CU_ASSERT(take_in_child(log) == 1);
	snprintf(needle, sizeof(needle), BDF ": in use by process %d", (int)getpid());
	CU_ASSERT(file_contains(log, needle));
	CU_ASSERT(file_contains(log, "stop that process or pick another controller"));
	/* Released: the file is gone and the next process gets it. */
	env_pci_lock_release(fd, BDF);
	lock_path(path, sizeof(path));
	CU_ASSERT(stat(path, &st) != 0 && errno == ENOENT);
	CU_ASSERT(take_in_child(log) == 0);
	/* The child exited holding it: a dead owner's lock is free. */
	fd = env_pci_lock_take(BDF, NULL);
	CU_ASSERT(fd >= 0);
	env_pci_lock_release(fd, BDF);
}

static void
test_dead_owner_taken_over(void)
{
	int ready[2];
	pid_t child;
	char c = 0, needle[64];
	int fd, status;
	FILE *cap;

	CU_ASSERT_FATAL(pipe(ready) == 0);
	child = fork();
	CU_ASSERT_FATAL(child >= 0);
	if (child == 0) {
		int lfd = env_pci_lock_take(BDF, NULL);

		c = lfd >= 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1) {
			_exit(3);
		}
		pause();	/* killed by the parent, never releases */
		_exit(0);
	}
	CU_ASSERT(read(ready[0], &c, 1) == 1 && c == 'y');
	CU_ASSERT(recorded_pid() == (int)child);

	/* While it lives: refused, naming it. */
	cap = tmpfile();
	CU_ASSERT_FATAL(cap != NULL);
	fflush(stderr);
	{
		int saved = dup(STDERR_FILENO);
		char text[4096] = "";
		size_t n;

		dup2(fileno(cap), STDERR_FILENO);
		fd = env_pci_lock_take(BDF, NULL);
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		rewind(cap);
		n = fread(text, 1, sizeof(text) - 1, cap);
		text[n] = '\0';
		CU_ASSERT(fd == -EBUSY);
		snprintf(needle, sizeof(needle), "in use by process %d", (int)child);
		CU_ASSERT(strstr(text, needle) != NULL);
	}
	fclose(cap);

	/* Killed (as by kill -9): its file stays, its lock does not. */
	kill(child, SIGKILL);
	CU_ASSERT(waitpid(child, &status, 0) == child);
	CU_ASSERT(recorded_pid() == (int)child);
	fd = env_pci_lock_take(BDF, NULL);
	CU_ASSERT(fd >= 0);
	CU_ASSERT(recorded_pid() == (int)getpid());
	env_pci_lock_release(fd, BDF);
	close(ready[0]);
	close(ready[1]);
}

static void
test_unusable_dir(void)
{
	env_pci_lock_set_dir("/nonexistent/ealnvme");
	CU_ASSERT(env_pci_lock_take(BDF, NULL) == -ENOENT);
	env_pci_lock_set_dir(g_dir);
	/* Nothing to release: harmless. */
	env_pci_lock_release(-1, BDF);
}

int
main(void)
{
	CU_pSuite suite;
	unsigned int failures;

	if (mkdtemp(g_dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	env_pci_lock_set_dir(g_dir);
	if (CU_initialize_registry() != CUE_SUCCESS) {
		return 1;
	}
	suite = CU_add_suite("pci_lock", NULL, NULL);
	CU_add_test(suite, "second process refused, named", test_second_process_refused);
	CU_add_test(suite, "killed owner's lock taken over", test_dead_owner_taken_over);
	CU_add_test(suite, "unusable lock directory", test_unusable_dir);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	{
		char path[600];

		snprintf(path, sizeof(path), "%s/child.log", g_dir);
		unlink(path);
		rmdir(g_dir);
	}
	return failures != 0;
}
