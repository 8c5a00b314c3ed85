/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The parts of SPDK's PCI env that ealnvme does not provide: drivers other
 * than NVMe (VMD, I/OAT, IDXD, AE4DMA, virtio), device interrupts (the
 * driver polls), hooked devices and device providers (VMD), uevent hotplug
 * events (removal comes from DPDK's device events, env_pci.c) and SIGBUS
 * handlers.  Each says so in one log line and returns NULL / -ENOTSUP, so a
 * program that only tries them keeps working (docs/spdk-compat.md).
 */
#include <errno.h>

#include "spdk/env.h"
#include "ealnvme_log.h"

static struct spdk_pci_driver *
env_pci_no_driver(const char *kind)
{
	EALNVME_ERRLOG("the %s PCI driver is not part of ealnvme (NVMe only); use SPDK's env "
		       "for %s devices", kind, kind);
	return NULL;
}

struct spdk_pci_driver *
spdk_pci_vmd_get_driver(void)
{
	return env_pci_no_driver("VMD");
}

struct spdk_pci_driver *
spdk_pci_ioat_get_driver(void)
{
	return env_pci_no_driver("I/OAT");
}

struct spdk_pci_driver *
spdk_pci_idxd_get_driver(void)
{
	return env_pci_no_driver("IDXD");
}

struct spdk_pci_driver *
spdk_pci_ae4dma_get_driver(void)
{
	return env_pci_no_driver("AE4DMA");
}

struct spdk_pci_driver *
spdk_pci_virtio_get_driver(void)
{
	return env_pci_no_driver("virtio");
}

void
spdk_pci_driver_register(const char *name, struct spdk_pci_id *id_table, uint32_t flags)
{
	(void)id_table;
	(void)flags;
	/* Often called from a constructor: a log line, nothing else. */
	EALNVME_WARNLOG("spdk_pci_driver_register(%s): ealnvme has only its NVMe driver; "
			"the registration is ignored", name != NULL ? name : "NULL");
}

static int
env_pci_no_interrupts(const char *fn)
{
	EALNVME_ERRLOG("%s: device interrupts are not supported by ealnvme (completions are "
		       "polled); poll the queue pairs instead", fn);
	return -ENOTSUP;
}

int
spdk_pci_device_enable_interrupt(struct spdk_pci_device *dev)
{
	(void)dev;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_device_disable_interrupt(struct spdk_pci_device *dev)
{
	(void)dev;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_device_get_interrupt_efd(struct spdk_pci_device *dev)
{
	(void)dev;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_device_enable_interrupts(struct spdk_pci_device *dev, uint32_t efd_count)
{
	(void)dev;
	(void)efd_count;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_device_disable_interrupts(struct spdk_pci_device *dev)
{
	(void)dev;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_device_get_interrupt_efd_by_index(struct spdk_pci_device *dev, uint32_t index)
{
	(void)dev;
	(void)index;
	return env_pci_no_interrupts(__func__);
}

int
spdk_pci_hook_device(struct spdk_pci_driver *drv, struct spdk_pci_device *dev)
{
	(void)drv;
	(void)dev;
	EALNVME_ERRLOG("spdk_pci_hook_device: hooked devices (VMD) are not supported by "
		       "ealnvme; only devices on DPDK's PCI bus can be attached");
	return -ENOTSUP;
}

void
spdk_pci_unhook_device(struct spdk_pci_device *dev)
{
	(void)dev;
	/* Nothing can have been hooked. */
	EALNVME_ERRLOG("spdk_pci_unhook_device: no device was hooked (not supported by ealnvme)");
}

void
spdk_pci_register_device_provider(struct spdk_pci_device_provider *provider)
{
	EALNVME_WARNLOG("spdk_pci_register_device_provider(%s): device providers are not "
			"supported by ealnvme; the registration is ignored",
			provider != NULL && provider->name != NULL ? provider->name : "NULL");
}

int
spdk_pci_event_listen(void)
{
	EALNVME_ERRLOG("spdk_pci_event_listen: uevent listening is not supported by ealnvme; "
		       "removal is reported through spdk_pci_device_is_removed() and "
		       "spdk_nvme_probe()'s remove_cb");
	return -ENOTSUP;
}

int
spdk_pci_get_event(int fd, struct spdk_pci_event *event)
{
	(void)fd;
	(void)event;
	EALNVME_ERRLOG("spdk_pci_get_event: uevent listening is not supported by ealnvme");
	return -ENOTSUP;
}

int
spdk_pci_register_error_handler(spdk_pci_error_handler sighandler, void *ctx)
{
	(void)sighandler;
	(void)ctx;
	EALNVME_ERRLOG("spdk_pci_register_error_handler: SIGBUS handlers for PCI accesses are "
		       "not supported by ealnvme");
	return -ENOTSUP;
}

void
spdk_pci_unregister_error_handler(spdk_pci_error_handler sighandler)
{
	(void)sighandler;
	/* None can have been registered. */
}
