/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Intel Volume Management Device (VMD) API, named as SPDK's spdk/vmd.h.
 * ealnvme has no VMD driver: NVMe devices behind a VMD domain are not
 * reachable.  Every call fails the way its SPDK documentation allows
 * (spdk_vmd_init -1, device calls -ENODEV, lists and counts 0) and says
 * so in the log once where it matters (docs/spdk-compat.md).
 */
#ifndef SPDK_VMD_H
#define SPDK_VMD_H

#include "spdk/stdinc.h"

#include "spdk/env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Devices behind one VMD that spdk_vmd_pci_device_list can return. */
#define MAX_VMD_TARGET	24

/* Find VMDs and put the devices behind them on the PCI bus: 0 on success,
 * -1 on failure.  ealnvme: always -1, with a log line. */
int spdk_vmd_init(void);

/* Undo spdk_vmd_init (nothing to undo here). */
void spdk_vmd_fini(void);

/* The NVMe devices behind the VMD at vmd_addr, into nvme_list (room for
 * MAX_VMD_TARGET); returns the count.  ealnvme: 0. */
int spdk_vmd_pci_device_list(struct spdk_pci_addr vmd_addr, struct spdk_pci_device *nvme_list);

enum spdk_vmd_led_state {
	SPDK_VMD_LED_STATE_OFF,
	SPDK_VMD_LED_STATE_IDENTIFY,
	SPDK_VMD_LED_STATE_FAULT,
	SPDK_VMD_LED_STATE_REBUILD,
	SPDK_VMD_LED_STATE_UNKNOWN,
};

/* LED of a device behind a VMD: 0 or a negative errno.  ealnvme: -ENODEV
 * (no device is behind a VMD). */
int spdk_vmd_set_led_state(struct spdk_pci_device *pci_device, enum spdk_vmd_led_state state);
int spdk_vmd_get_led_state(struct spdk_pci_device *pci_device, enum spdk_vmd_led_state *state);

/* Hot-plug events seen behind VMDs since the last call.  ealnvme: 0. */
int spdk_vmd_hotplug_monitor(void);

/* Hot-remove a device behind a VMD: 0 or a negative errno.  ealnvme: -ENODEV. */
int spdk_vmd_remove_device(const struct spdk_pci_addr *addr);

/* Rescan behind the VMDs; returns the new devices found.  ealnvme: 0. */
int spdk_vmd_rescan(void);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_VMD_H */
