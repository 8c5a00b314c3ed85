/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The PCI shim: one rte_pci_driver keyed on class code 0x010802 (NVMe),
 * registered on first use.  DPDK's own bus scan finds the devices, DPDK's
 * probe maps their BARs through vfio-pci or uio_pci_generic, and this file
 * hands each mapped device to the caller's enumerate callback.
 *
 * The driver is registered after EAL init, never from a constructor, so a
 * static archive works without --whole-archive and EAL's own start-up probe
 * does not grab devices the application never asked for.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "spdk/queue.h"
#include <unistd.h>

#include <rte_dev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_vfio.h>
#include <rte_devargs.h>

#include "dpdk_compat/dpdk_bus_pci.h"
#include "spdk/env.h"
#include "spdk/pci_ids.h"
#include "env_internal.h"
#include "env_pci_internal.h"
#include "ealnvme_log.h"
#include "ealnvme_setup_cmd.h"

struct spdk_pci_driver {
	struct rte_pci_driver	rte_drv;
	bool			registered;
};

static int env_pci_probe(struct rte_pci_driver *drv, struct rte_pci_device *dev);
static int env_pci_remove(struct rte_pci_device *dev);

static const struct rte_pci_id g_nvme_pci_ids[] = {
	{
		.class_id = SPDK_PCI_CLASS_NVME,
		.vendor_id = RTE_PCI_ANY_ID,
		.device_id = RTE_PCI_ANY_ID,
		.subsystem_vendor_id = RTE_PCI_ANY_ID,
		.subsystem_device_id = RTE_PCI_ANY_ID,
	},
	{ .vendor_id = 0 },
};

static struct spdk_pci_driver g_nvme_driver = {
	.rte_drv = {
		.driver = { .name = "ealnvme_nvme" },
		.probe = env_pci_probe,
		.remove = env_pci_remove,
		.id_table = g_nvme_pci_ids,
		.drv_flags = RTE_PCI_DRV_NEED_MAPPING,
	},
};

/* Devices DPDK probed for us; guarded by g_pci_lock (recursive, because an
 * enumerate callback may detach the device it was handed). */
static TAILQ_HEAD(, spdk_pci_device) g_devices = TAILQ_HEAD_INITIALIZER(g_devices);
static pthread_mutex_t g_pci_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

struct spdk_pci_driver *
spdk_pci_nvme_get_driver(void)
{
	return &g_nvme_driver;
}

struct spdk_pci_driver *
spdk_pci_get_driver(const char *name)
{
	/* SPDK's driver names; only "nvme" has a driver here. */
	if (name != NULL && strcmp(name, "nvme") == 0) {
		return &g_nvme_driver;
	}
	EALNVME_ERRLOG("spdk_pci_get_driver(%s): ealnvme has only the \"nvme\" driver",
		       name != NULL ? name : "NULL");
	return NULL;
}

void
spdk_pci_for_each_device(void *ctx, void (*fn)(void *ctx, struct spdk_pci_device *dev))
{
	struct spdk_pci_device *dev, *tmp;

	if (fn == NULL) {
		EALNVME_ERRLOG("spdk_pci_for_each_device: no function given");
		return;
	}
	/* Recursive lock: fn may detach the device it is handed. */
	pthread_mutex_lock(&g_pci_lock);
	TAILQ_FOREACH_SAFE(dev, &g_devices, link, tmp) {
		fn(ctx, dev);
	}
	pthread_mutex_unlock(&g_pci_lock);
}

static struct spdk_pci_device *
env_pci_find_locked(const struct rte_pci_device *rte_dev)
{
	struct spdk_pci_device *dev;

	TAILQ_FOREACH(dev, &g_devices, link) {
		if (dev->rte_dev == rte_dev) {
			return dev;
		}
	}
	return NULL;
}

/* rte_pci_driver.probe: DPDK has mapped the BARs; remember the device. */
static int
env_pci_probe(struct rte_pci_driver *drv, struct rte_pci_device *rte_dev)
{
	struct spdk_pci_addr addr = {
		.domain = rte_dev->addr.domain, .bus = rte_dev->addr.bus,
		.dev = rte_dev->addr.devid, .func = rte_dev->addr.function,
	};
	struct spdk_pci_device *dev;

	(void)drv;
	/* Last line of defence when something else (rte_bus_probe() from the
	 * application) offers a device the policy refuses: >0 = not ours. */
	if (env_pci_policy_check(&addr) != ENV_PCI_PERMITTED) {
		return 1;
	}
	dev = calloc(1, sizeof(*dev));
	if (dev == NULL) {
		return -ENOMEM;
	}
	dev->rte_dev = rte_dev;
	dev->addr = addr;
	dev->id.class_id = rte_dev->id.class_id;
	dev->id.vendor_id = rte_dev->id.vendor_id;
	dev->id.device_id = rte_dev->id.device_id;
	dev->id.subvendor_id = rte_dev->id.subsystem_vendor_id;
	dev->id.subdevice_id = rte_dev->id.subsystem_device_id;
	dev->socket_id = rte_dev->device.numa_node;
	dev->lock_fd = -1;
	pthread_mutex_lock(&g_pci_lock);
	TAILQ_INSERT_TAIL(&g_devices, dev, link);
	pthread_mutex_unlock(&g_pci_lock);
	return 0;
}

/* rte_pci_driver.remove: DPDK unmaps the BARs after this returns. */
static int
env_pci_remove(struct rte_pci_device *rte_dev)
{
	struct spdk_pci_device *dev;

	pthread_mutex_lock(&g_pci_lock);
	dev = env_pci_find_locked(rte_dev);
	if (dev != NULL) {
		char bdf[SPDK_PCI_ADDR_FMT_LEN];

		/* Removed by DPDK itself (not spdk_pci_device_detach): unlock too. */
		spdk_pci_addr_fmt(bdf, sizeof(bdf), &dev->addr);
		env_pci_lock_release(dev->lock_fd, bdf);
		TAILQ_REMOVE(&g_devices, dev, link);
		free(dev);
	}
	pthread_mutex_unlock(&g_pci_lock);
	return 0;
}

/*
 * The kernel driver's name for messages.  DPDK only classifies drivers it
 * can use; for the others (typically "nvme") read the sysfs link, from the
 * same tree DPDK scanned (SYSFS_PCI_DEVICES).
 */
static const char *
env_kdrv_name(const struct rte_pci_device *pdev, char *buf, size_t len)
{
	const char *sysfs = getenv("SYSFS_PCI_DEVICES");
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	switch (pdev->kdrv) {
	case RTE_PCI_KDRV_VFIO:
		return "vfio-pci";
	case RTE_PCI_KDRV_UIO_GENERIC:
		return "uio_pci_generic";
	case RTE_PCI_KDRV_IGB_UIO:
		return "igb_uio";
	case RTE_PCI_KDRV_NONE:
		return "none";
	default:
		break;
	}
	snprintf(path, sizeof(path), "%s/%s/driver", sysfs ? sysfs : "/sys/bus/pci/devices",
		 pdev->name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		return "unknown";
	}
	target[n] = '\0';
	snprintf(buf, len, "%.63s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
	return buf;
}

static int
env_match_nvme_class(const struct rte_device *dev, const void *data)
{
	(void)data;
	return RTE_DEV_TO_PCI(dev)->id.class_id == SPDK_PCI_CLASS_NVME ? 0 : 1;
}

int
env_pci_scan_nvme(env_pci_scan_cb cb, void *ctx)
{
	rte_bus_find_device_t find;
	struct rte_device *dev = NULL;
	struct rte_bus *bus;
	int rc;

	if (!env_eal_is_initialized()) {
		EALNVME_ERRLOG("DPDK EAL is not initialised: call spdk_env_init() "
			       "(or rte_eal_init()) before probing PCI devices");
		return -ENODEV;
	}
	bus = rte_bus_find_by_name("pci");
	if (bus == NULL) {
		EALNVME_ERRLOG("DPDK has no PCI bus (librte_bus_pci not linked?)");
		return -ENODEV;
	}
	/* Rescan so devices bound after rte_eal_init() are seen too. */
	rc = ealnvme_bus_scan_fn(bus)();
	if (rc != 0) {
		EALNVME_WARNLOG("DPDK PCI bus rescan failed (%d); using the devices found before", rc);
	}
	find = ealnvme_bus_find_device_fn(bus);
	while ((dev = find(dev, env_match_nvme_class, NULL)) != NULL) {
		const struct rte_pci_device *pdev = RTE_DEV_TO_PCI(dev);
		char drvname[64];
		struct env_pci_scan_entry entry = {
			.addr = {
				.domain = pdev->addr.domain, .bus = pdev->addr.bus,
				.dev = pdev->addr.devid, .func = pdev->addr.function,
			},
			.id = {
				.class_id = pdev->id.class_id,
				.vendor_id = pdev->id.vendor_id,
				.device_id = pdev->id.device_id,
				.subvendor_id = pdev->id.subsystem_vendor_id,
				.subdevice_id = pdev->id.subsystem_device_id,
			},
			.numa_node = dev->numa_node,
			.kernel_driver = env_kdrv_name(pdev, drvname, sizeof(drvname)),
			.mappable = pdev->kdrv == RTE_PCI_KDRV_VFIO ||
				    pdev->kdrv == RTE_PCI_KDRV_UIO_GENERIC ||
				    pdev->kdrv == RTE_PCI_KDRV_IGB_UIO,
		};

		rc = cb(ctx, &entry);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

/*
 * Hot removal (DPDK's device event API, rte_dev.h).  Under vfio-pci the
 * kernel asks the owner to release a device being removed through VFIO's
 * device request notifier, which DPDK turns into RTE_DEV_EVENT_REMOVE;
 * under uio the kernel's "remove" uevent does, once the event monitor runs.
 * DPDK's hot-unplug handling also remaps a uio device's BARs to dummy
 * memory and catches SIGBUS on a BAR that went away, so a late register
 * access cannot kill the process.  The callback only sets a flag: the NVMe
 * layer acts on it from its own admin/probe polls.
 */
static bool g_hotplug_started;

static void
env_pci_event_cb(const char *device_name, enum rte_dev_event_type event, void *arg)
{
	struct spdk_pci_device *dev = arg;

	if (event == RTE_DEV_EVENT_REMOVE) {
		__atomic_store_n(&dev->removed, 1, __ATOMIC_RELEASE);
		EALNVME_NOTICELOG("%s: the kernel reports the device removed", device_name);
	}
}

static void
env_pci_hotplug_start_once(void)
{
	if (g_hotplug_started) {
		return;
	}
	g_hotplug_started = true;
	if (rte_dev_event_monitor_start() != 0) {
		EALNVME_WARNLOG("cannot watch kernel uevents: surprise removal of a controller "
				"under uio_pci_generic will not be noticed");
	}
	if (rte_dev_hotplug_handle_enable() != 0) {
		EALNVME_WARNLOG("cannot enable DPDK's hot-unplug handling: an access to a removed "
				"controller's registers may end the process with SIGBUS");
	}
}

static void
env_pci_hotplug_stop(void)
{
	if (!g_hotplug_started) {
		return;
	}
	rte_dev_hotplug_handle_disable();
	rte_dev_event_monitor_stop();
	g_hotplug_started = false;
}

bool
spdk_pci_device_is_removed(struct spdk_pci_device *dev)
{
	return dev != NULL && __atomic_load_n(&dev->removed, __ATOMIC_ACQUIRE) != 0;
}

static void
env_pci_register_once(struct spdk_pci_driver *driver)
{
	if (!driver->registered) {
		rte_pci_register(&driver->rte_drv);
		driver->registered = true;
	}
	env_pci_hotplug_start_once();
}

static struct spdk_pci_device *
env_pci_find_by_addr_locked(const struct spdk_pci_addr *addr)
{
	struct spdk_pci_device *dev;

	TAILQ_FOREACH(dev, &g_devices, link) {
		if (spdk_pci_addr_compare(&dev->addr, addr) == 0) {
			return dev;
		}
	}
	return NULL;
}

/*
 * Map one device through DPDK and offer it to enum_cb.  Returns 0 when the
 * callback took it, a positive value when it was released, negative errno on
 * failure (the device is released).
 */
static int
env_pci_attach_one(const struct spdk_pci_addr *addr, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	struct spdk_pci_device *dev;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int rc, lock_fd;
	pid_t dead_owner = 0;

	spdk_pci_addr_fmt(bdf, sizeof(bdf), addr);
	if (env_pci_policy_check(addr) != ENV_PCI_PERMITTED) {
		return -EPERM;	/* callers check and log first; never map it */
	}
	pthread_mutex_lock(&g_pci_lock);
	if (env_pci_find_by_addr_locked(addr) != NULL) {
		/* Already attached by this process (e.g. an earlier probe). */
		pthread_mutex_unlock(&g_pci_lock);
		return 1;
	}
	/* One owner per controller: lock before DPDK maps (or resets) it. */
	lock_fd = env_pci_lock_take(bdf, &dead_owner);
	if (lock_fd < 0) {
		pthread_mutex_unlock(&g_pci_lock);
		return lock_fd;		/* logged: -EBUSY names the owner */
	}
	rc = rte_dev_probe(bdf);
	if (rc != 0) {
		pthread_mutex_unlock(&g_pci_lock);
		env_pci_lock_release(lock_fd, bdf);
		EALNVME_ERRLOG("%s: DPDK could not map the device (rte_dev_probe: %d); check that "
			       "its IOMMU group is usable and that you run as root "
			       "(%s status)", bdf, rc, ealnvme_setup_cmd());
		return -ENODEV;
	}
	dev = env_pci_find_by_addr_locked(addr);
	if (dev == NULL) {
		pthread_mutex_unlock(&g_pci_lock);
		env_pci_lock_release(lock_fd, bdf);
		EALNVME_ERRLOG("%s: DPDK probed the device but not through the NVMe driver", bdf);
		return -ENODEV;
	}
	dev->lock_fd = lock_fd;
	if (rte_dev_event_callback_register(dev->rte_dev->device.name, env_pci_event_cb,
					    dev) != 0) {
		EALNVME_WARNLOG("%s: cannot register for removal events; a surprise removal "
				"will not be reported", bdf);
	}
	rc = enum_cb(enum_ctx, dev);
	if (rc != 0) {
		spdk_pci_device_detach(dev);
	}
	pthread_mutex_unlock(&g_pci_lock);
	/* The device a killed process left running: attaching it (NVMe init
	 * disables the controller first) or handing it back (detach) stopped its
	 * DMA, so the dead owner's hugepages can go now. */
	if (dead_owner > 0) {
		env_prefix_reclaim_dead();
	}
	return rc;
}

struct env_pci_pick {
	struct spdk_pci_addr	*addrs;
	size_t			count;
	size_t			cap;
	/* attach one: the address wanted, and what the scan saw of it */
	const struct spdk_pci_addr *want;
	char			want_driver[64];
	bool			want_found;
};

static int
env_pci_pick_mappable(void *ctx, const struct env_pci_scan_entry *e)
{
	struct env_pci_pick *pick = ctx;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	enum env_pci_verdict verdict = env_pci_policy_check(&e->addr);

	if (verdict != ENV_PCI_PERMITTED) {
		spdk_pci_addr_fmt(bdf, sizeof(bdf), &e->addr);
		/* Blocking is a safety decision worth a visible line; an
		 * allow list naturally leaves most devices out. */
		if (verdict == ENV_PCI_NOT_ALLOWED) {
			EALNVME_INFOLOG("%s: %s, skipping it", bdf, env_pci_verdict_str(verdict));
		} else {
			EALNVME_NOTICELOG("%s: %s, skipping it", bdf, env_pci_verdict_str(verdict));
		}
		return 0;
	}
	if (!e->mappable) {
		spdk_pci_addr_fmt(bdf, sizeof(bdf), &e->addr);
		EALNVME_NOTICELOG("%s: NVMe controller bound to kernel driver '%s', skipping it; "
				  "run %s to hand it to ealnvme", bdf, e->kernel_driver,
				  ealnvme_setup_cmd());
		return 0;
	}
	if (pick->count == pick->cap) {
		size_t cap = pick->cap ? pick->cap * 2 : 8;
		struct spdk_pci_addr *a = realloc(pick->addrs, cap * sizeof(*a));

		if (a == NULL) {
			return -ENOMEM;
		}
		pick->addrs = a;
		pick->cap = cap;
	}
	pick->addrs[pick->count++] = e->addr;
	return 0;
}

int
spdk_pci_enumerate(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	struct env_pci_pick pick = { 0 };
	int rc;

	if (driver != &g_nvme_driver || enum_cb == NULL) {
		EALNVME_ERRLOG("spdk_pci_enumerate: unknown driver or NULL callback");
		return -EINVAL;
	}
	pthread_mutex_lock(&g_pci_lock);
	/* Collect first: every rte_dev_probe() rescans the bus under us. */
	rc = env_pci_scan_nvme(env_pci_pick_mappable, &pick);
	if (rc == 0) {
		env_pci_register_once(driver);
	}
	for (size_t i = 0; rc == 0 && i < pick.count; i++) {
		int cb_rc = env_pci_attach_one(&pick.addrs[i], enum_cb, enum_ctx);

		/* One device failing to map (-ENODEV) or owned by another
		 * process (-EBUSY), both logged, does not hide the others; a
		 * callback's own negative value stops the scan. */
		if (cb_rc < 0 && cb_rc != -ENODEV && cb_rc != -EBUSY) {
			rc = cb_rc;
		}
	}
	pthread_mutex_unlock(&g_pci_lock);
	free(pick.addrs);
	return rc;
}

static int
env_pci_find_one(void *ctx, const struct env_pci_scan_entry *e)
{
	struct env_pci_pick *pick = ctx;

	if (spdk_pci_addr_compare(&e->addr, pick->want) == 0) {
		pick->want_found = true;
		snprintf(pick->want_driver, sizeof(pick->want_driver), "%s", e->kernel_driver);
		return e->mappable ? 1 : 2;
	}
	return 0;
}

/*
 * Attaching by address is no way around the policy (SPDK lets it bypass the
 * block list; here a blocked device is never mapped, whoever asks).
 */
static int
env_pci_attach_refused(const char *bdf, const struct spdk_pci_addr *addr)
{
	enum env_pci_verdict verdict = env_pci_policy_check(addr);

	switch (verdict) {
	case ENV_PCI_PERMITTED:
		return 0;
	case ENV_PCI_EAL_BLOCKED:
		EALNVME_ERRLOG("%s: not attaching, the device is %s; leave it out of the EAL "
			       "arguments to use it", bdf, env_pci_verdict_str(verdict));
		break;
	default:
		EALNVME_ERRLOG("%s: not attaching, the device is %s; change the list given to "
			       "spdk_env_init() to use it", bdf, env_pci_verdict_str(verdict));
		break;
	}
	return -EPERM;
}

int
spdk_pci_device_attach(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb,
		       void *enum_ctx, struct spdk_pci_addr *pci_address)
{
	struct env_pci_pick pick = { .want = pci_address };
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int rc;

	if (driver != &g_nvme_driver || enum_cb == NULL || pci_address == NULL) {
		EALNVME_ERRLOG("spdk_pci_device_attach: unknown driver, NULL callback or address");
		return -EINVAL;
	}
	spdk_pci_addr_fmt(bdf, sizeof(bdf), pci_address);
	rc = env_pci_attach_refused(bdf, pci_address);
	if (rc != 0) {
		return rc;
	}
	pthread_mutex_lock(&g_pci_lock);
	rc = env_pci_scan_nvme(env_pci_find_one, &pick);
	if (rc < 0) {
		goto out;
	}
	if (!pick.want_found) {
		EALNVME_ERRLOG("%s: no NVMe controller at this address ('%s status' lists them)",
			       bdf, ealnvme_setup_cmd());
		rc = -ENODEV;
		goto out;
	}
	if (rc == 2) {
		EALNVME_ERRLOG("%s: NVMe controller bound to kernel driver '%s'; run "
			       "PCI_ALLOWED=%s %s to hand it to ealnvme",
			       bdf, pick.want_driver, bdf, ealnvme_setup_cmd());
		rc = -ENODEV;
		goto out;
	}
	env_pci_register_once(driver);
	rc = env_pci_attach_one(pci_address, enum_cb, enum_ctx);
	if (rc > 0) {
		rc = 0;	/* released by the callback, not an attach failure */
	}
out:
	pthread_mutex_unlock(&g_pci_lock);
	return rc;
}

void
spdk_pci_device_detach(struct spdk_pci_device *dev)
{
	struct rte_pci_device *rte_dev;
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	int rc, lock_fd;

	if (dev == NULL) {
		return;
	}
	rte_dev = dev->rte_dev;
	pthread_mutex_lock(&g_pci_lock);
	/* The ownership lock goes only once DPDK has unmapped the device. */
	env_pci_claim_forget(dev);
	lock_fd = dev->lock_fd;
	dev->lock_fd = -1;
	spdk_pci_addr_fmt(bdf, sizeof(bdf), &dev->addr);
	/* -EAGAIN while the callback runs on the interrupt thread: wait it out
	 * (it takes no lock), so it never sees dev freed. */
	while (rte_dev_event_callback_unregister(rte_dev->device.name, env_pci_event_cb,
						 dev) == -EAGAIN) {
		usleep(100);
	}
	/* rte_dev_remove() calls env_pci_remove(), which frees dev. */
	rc = rte_dev_remove(&rte_dev->device);
	if (rc != 0) {
		EALNVME_ERRLOG("%s: DPDK could not release the device (%d)", rte_dev->name, rc);
		if (env_pci_find_locked(rte_dev) == dev) {
			TAILQ_REMOVE(&g_devices, dev, link);
			free(dev);
		}
	}
	env_pci_lock_release(lock_fd, bdf);
	pthread_mutex_unlock(&g_pci_lock);
}

void
env_pci_fini(void)
{
	pthread_mutex_lock(&g_pci_lock);
	while (!TAILQ_EMPTY(&g_devices)) {
		struct spdk_pci_device *dev = TAILQ_FIRST(&g_devices);

		EALNVME_WARNLOG("%s still attached at spdk_env_fini(); detaching it "
				"(call spdk_nvme_detach() first)", dev->rte_dev->name);
		spdk_pci_device_detach(dev);
	}
	if (g_nvme_driver.registered) {
		rte_pci_unregister(&g_nvme_driver.rte_drv);
		g_nvme_driver.registered = false;
	}
	env_pci_hotplug_stop();
	pthread_mutex_unlock(&g_pci_lock);
}

int
spdk_pci_device_map_bar(struct spdk_pci_device *dev, uint32_t bar, void **mapped_addr,
			uint64_t *phys_addr, uint64_t *size)
{
	const struct rte_mem_resource *res;

	if (dev == NULL || bar >= PCI_MAX_RESOURCE || mapped_addr == NULL) {
		return -EINVAL;
	}
	res = &dev->rte_dev->mem_resource[bar];
	if (res->addr == NULL) {
		return -ENXIO;
	}
	*mapped_addr = res->addr;
	if (phys_addr != NULL) {
		*phys_addr = res->phys_addr;
	}
	if (size != NULL) {
		*size = res->len;
	}
	return 0;
}

/*
 * Is [va, va + len) inside a mapped BAR of an attached device?  The IOVA
 * that stands for it: with IOVA as VA (vfio) the virtual address itself,
 * which no host memory can have; with IOVA as PA (uio) the bus address,
 * which no RAM can have.  Either way a controller told to recognise that
 * range as its own memory (CMBMSC/PMRMSC) never mistakes a host buffer for
 * it.  (The bus address under vfio could equal the IOVA of a hugepage.)
 */
int
env_pci_bar_lookup(const void *va, size_t len, uint64_t *iova)
{
	const bool iova_va = rte_eal_iova_mode() == RTE_IOVA_VA;
	const uintptr_t start = (uintptr_t)va;
	struct spdk_pci_device *dev;
	int rc = -ENOENT;

	pthread_mutex_lock(&g_pci_lock);
	TAILQ_FOREACH(dev, &g_devices, link) {
		for (unsigned int i = 0; i < PCI_MAX_RESOURCE && rc != 0; i++) {
			const struct rte_mem_resource *res = &dev->rte_dev->mem_resource[i];
			const uintptr_t base = (uintptr_t)res->addr;

			if (res->addr != NULL && start >= base && len <= res->len &&
			    start - base <= res->len - len) {
				*iova = iova_va ? start : res->phys_addr + (start - base);
				rc = 0;
			}
		}
	}
	pthread_mutex_unlock(&g_pci_lock);
	return rc;
}

/*
 * With IOVA as VA under vfio, map a registered BAR in the IOMMU at its IOVA
 * (its VA) so that other devices can DMA to and from it (peer-to-peer: one
 * controller's CMB as another's buffer).  With IOVA as PA the bus address
 * already reaches the BAR.  A failure only costs the peer access: warned.
 */
void
env_pci_bar_dma_map(const void *va, size_t len, uint64_t iova, bool map)
{
	int rc;

	if (rte_eal_iova_mode() != RTE_IOVA_VA) {
		return;
	}
	rc = map ? rte_vfio_container_dma_map(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)va, iova,
					      len) :
	     rte_vfio_container_dma_unmap(RTE_VFIO_DEFAULT_CONTAINER_FD, (uintptr_t)va, iova, len);
	if (rc != 0 && map) {
		EALNVME_WARNLOG("cannot map device memory %p (%zu bytes) in the IOMMU (%s): other "
				"devices cannot DMA to it, its own controller still can", va, len,
				rte_strerror(rte_errno));
	}
}

int
spdk_pci_device_unmap_bar(struct spdk_pci_device *dev, uint32_t bar, void *addr)
{
	/* BARs stay mapped until detach; DPDK unmaps them then. */
	(void)dev;
	(void)bar;
	(void)addr;
	return 0;
}
