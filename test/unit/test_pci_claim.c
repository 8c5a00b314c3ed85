/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_pci_device_claim/unclaim on the device lock (env_pci_claim.c) with a
 * real second process, and the PCIe Device Serial Number walk
 * (env_pci_dsn.c) over a config space held in an array.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spdk/env.h"
#include "env_internal.h"
#include "env_pci_internal.h"
#include "cu_main.h"

static char g_dir[] = "/tmp/ealnvme-pci-claim.XXXXXX";

static void
fake_device(struct spdk_pci_device *dev)
{
	memset(dev, 0, sizeof(*dev));
	dev->addr = (struct spdk_pci_addr) { .domain = 0, .bus = 0x3b, .dev = 0, .func = 0 };
	dev->lock_fd = -1;
}

static bool
lock_file_exists(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/spdk_pci_lock_0000:3b:00.0", g_dir);
	return access(path, F_OK) == 0;
}

/* Claim in a child process: its return value as the exit status (negated). */
static int
claim_in_child(void)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		struct spdk_pci_device dev;

		fake_device(&dev);
		_exit(-spdk_pci_device_claim(&dev));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		return -9999;
	}
	return -WEXITSTATUS(status);
}

static void
test_claim_unclaim(void)
{
	struct spdk_pci_device dev;

	fake_device(&dev);
	CU_ASSERT_EQUAL(spdk_pci_device_claim(&dev), 0);
	CU_ASSERT_TRUE(dev.lock_fd >= 0);
	CU_ASSERT_TRUE(lock_file_exists());
	/* Another process: refused with -EACCES, as SPDK. */
	CU_ASSERT_EQUAL(claim_in_child(), -EACCES);
	spdk_pci_device_unclaim(&dev);
	CU_ASSERT_EQUAL(dev.lock_fd, -1);
	CU_ASSERT_FALSE(lock_file_exists());
	/* Released: the other process gets it now. */
	CU_ASSERT_EQUAL(claim_in_child(), 0);
	spdk_pci_device_unclaim(&dev);	/* not claimed: nothing happens */
	CU_ASSERT_EQUAL(spdk_pci_device_claim(NULL), -EINVAL);
	spdk_pci_device_unclaim(NULL);
}

static void
test_claim_attached(void)
{
	struct spdk_pci_device dev;
	int fd;

	/* An attached device already holds the lock: the claim just records it,
	 * and unclaim leaves the lock to detach. */
	fake_device(&dev);
	fd = env_pci_lock_take("0000:3b:00.0", NULL);
	CU_ASSERT_TRUE_FATAL(fd >= 0);
	dev.lock_fd = fd;
	CU_ASSERT_EQUAL(spdk_pci_device_claim(&dev), 0);
	CU_ASSERT_TRUE(dev.claimed);
	CU_ASSERT_EQUAL(claim_in_child(), -EACCES);
	spdk_pci_device_unclaim(&dev);
	CU_ASSERT_FALSE(dev.claimed);
	CU_ASSERT_EQUAL(dev.lock_fd, fd);
	CU_ASSERT_TRUE(lock_file_exists());
	CU_ASSERT_EQUAL(claim_in_child(), -EACCES);
	env_pci_claim_forget(&dev);
	env_pci_lock_release(fd, "0000:3b:00.0");
	CU_ASSERT_FALSE(lock_file_exists());
}

/* A 4 KiB config space; reads past it fail like a short pread. */
struct cfg {
	uint8_t	bytes[4096];
	int	reads;
	int	fail_at;	/* offset whose read fails, or -1 */
};

static int
cfg_read32(void *ctx, uint32_t offset, uint32_t *value)
{
	struct cfg *c = ctx;

	c->reads++;
	if (offset + 4 > sizeof(c->bytes) || (int)offset == c->fail_at) {
		return -EIO;
	}
	memcpy(value, &c->bytes[offset], 4);
	return 0;
}

static void
cap(struct cfg *c, uint32_t off, uint16_t id, uint32_t next)
{
	uint32_t hdr = id | (1u << 16) | (next << 20);

	memcpy(&c->bytes[off], &hdr, 4);
}

static void
test_dsn_found(void)
{
	struct cfg c = { .fail_at = -1 };
	uint32_t lo = 0x89abcdef, hi = 0x01234567;
	uint64_t dsn = 0;

	/* AER at 0x100 -> DSN at 0x148 -> end. */
	cap(&c, 0x100, 0x0001, 0x148);
	cap(&c, 0x148, 0x0003, 0);
	memcpy(&c.bytes[0x14c], &lo, 4);
	memcpy(&c.bytes[0x150], &hi, 4);
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), 0);
	CU_ASSERT_EQUAL(dsn, 0x0123456789abcdefULL);
}

static void
test_dsn_absent(void)
{
	struct cfg c = { .fail_at = -1 };
	uint64_t dsn = 42;

	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);	/* no caps */
	cap(&c, 0x100, 0x0001, 0x200);
	cap(&c, 0x200, 0x000b, 0);
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);
	CU_ASSERT_EQUAL(dsn, 42);
	/* All ones: a removed device. */
	memset(c.bytes, 0xff, sizeof(c.bytes));
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);
}

static void
test_dsn_broken_lists(void)
{
	struct cfg c = { .fail_at = -1 };
	uint64_t dsn;

	/* A capability pointing at itself: the walk ends, bounded. */
	cap(&c, 0x100, 0x0001, 0x100);
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);
	CU_ASSERT_TRUE(c.reads <= 1024);
	/* Pointing back below 0x100. */
	cap(&c, 0x100, 0x0001, 0x040);
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);
	/* Pointing to the last dword (no room for the serial). */
	cap(&c, 0x100, 0x0001, 0xffc);
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -ENOENT);
	/* A read error is passed on. */
	cap(&c, 0x100, 0x0003, 0);
	c.fail_at = 0x104;
	CU_ASSERT_EQUAL(env_pci_find_dsn(cfg_read32, &c, &dsn), -EIO);
}

static const struct cu_test g_tests[] = {
	{ "claim, refused to another process, unclaim", test_claim_unclaim },
	{ "claim of an attached device", test_claim_attached },
	{ "DSN found behind another capability", test_dsn_found },
	{ "DSN absent", test_dsn_absent },
	{ "DSN walk on broken lists", test_dsn_broken_lists },
};

int
main(void)
{
	int rc;

	if (mkdtemp(g_dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	env_pci_lock_set_dir(g_dir);
	rc = cu_main("pci_claim", g_tests, sizeof(g_tests) / sizeof(g_tests[0]));
	rmdir(g_dir);
	return rc;
}
