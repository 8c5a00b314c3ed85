/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/vmd.h without a VMD driver: each call returns the failure (or the
 * empty result) SPDK documents for it.  Programs that call spdk_vmd_init()
 * on an option (spdk_nvme_perf -V, identify -V) keep working with the
 * devices that are directly on the PCI bus.
 */
#include "spdk/vmd.h"
#include "spdk/log.h"

int
spdk_vmd_init(void)
{
	SPDK_ERRLOG("VMD is not supported by ealnvme: NVMe devices behind an Intel VMD are not "
		    "reachable; disable VMD for their slots in the firmware setup to use them\n");
	return -1;
}

void
spdk_vmd_fini(void)
{
}

int
spdk_vmd_pci_device_list(struct spdk_pci_addr vmd_addr, struct spdk_pci_device *nvme_list)
{
	(void)vmd_addr;
	(void)nvme_list;
	return 0;
}

int
spdk_vmd_set_led_state(struct spdk_pci_device *pci_device, enum spdk_vmd_led_state state)
{
	(void)pci_device;
	(void)state;
	SPDK_ERRLOG("VMD LEDs: no device is behind a VMD in ealnvme (no VMD support)\n");
	return -ENODEV;
}

int
spdk_vmd_get_led_state(struct spdk_pci_device *pci_device, enum spdk_vmd_led_state *state)
{
	(void)pci_device;
	if (state != NULL) {
		*state = SPDK_VMD_LED_STATE_UNKNOWN;
	}
	SPDK_ERRLOG("VMD LEDs: no device is behind a VMD in ealnvme (no VMD support)\n");
	return -ENODEV;
}

int
spdk_vmd_hotplug_monitor(void)
{
	return 0;
}

int
spdk_vmd_remove_device(const struct spdk_pci_addr *addr)
{
	(void)addr;
	SPDK_ERRLOG("VMD remove: no device is behind a VMD in ealnvme (no VMD support); use "
		    "spdk_nvme_detach for directly attached controllers\n");
	return -ENODEV;
}

int
spdk_vmd_rescan(void)
{
	return 0;
}
