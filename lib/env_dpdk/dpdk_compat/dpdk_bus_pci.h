/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The few DPDK driver-SDK definitions the PCI shim needs: struct
 * rte_pci_driver/rte_pci_device, rte_pci_register() and the bus scan hook.
 * Debian's libdpdk-dev (22.11) does not install bus_pci_driver.h,
 * dev_driver.h or bus_driver.h, so where meson does not find them we declare
 * the 22.11 layouts here (DPDK keeps them stable within an LTS branch).  Any
 * other DPDK version without the headers is refused at build time rather
 * than risk a wrong layout.
 */
#ifndef EALNVME_DPDK_BUS_PCI_H
#define EALNVME_DPDK_BUS_PCI_H

#ifndef ALLOW_INTERNAL_API
#define ALLOW_INTERNAL_API	/* rte_pci_register() is __rte_internal */
#endif

#include <rte_version.h>
#include <rte_bus.h>
#include <rte_bus_pci.h>
#include <rte_dev.h>
#include <rte_pci.h>

#if defined(EALNVME_HAVE_BUS_PCI_DRIVER_H)

#include <bus_driver.h>
#include <bus_pci_driver.h>
#include <dev_driver.h>

static inline rte_bus_scan_t
ealnvme_bus_scan_fn(struct rte_bus *bus)
{
	return bus->scan;
}

static inline rte_bus_find_device_t
ealnvme_bus_find_device_fn(struct rte_bus *bus)
{
	return bus->find_device;
}

#else

#if RTE_VERSION < RTE_VERSION_NUM(22, 11, 0, 0) || RTE_VERSION >= RTE_VERSION_NUM(22, 12, 0, 0)
#error "DPDK driver-SDK headers not found and this DPDK is not 22.11: install them (bus_pci_driver.h) or add this version's layouts to dpdk_compat/dpdk_bus_pci.h"
#endif

#include <sys/queue.h>
#include <rte_compat.h>
#include <rte_os.h>

/* DPDK 22.11 lib/eal/include/dev_driver.h */
struct rte_driver {
	RTE_TAILQ_ENTRY(rte_driver) next;
	const char *name;
	const char *alias;
};

struct rte_device {
	RTE_TAILQ_ENTRY(rte_device) next;
	const char *name;
	const char *bus_info;
	const struct rte_driver *driver;
	const struct rte_bus *bus;
	int numa_node;
	struct rte_devargs *devargs;
};

/* DPDK 22.11 drivers/bus/pci/bus_pci_driver.h */
enum rte_pci_kernel_driver {
	RTE_PCI_KDRV_UNKNOWN = 0,
	RTE_PCI_KDRV_IGB_UIO,
	RTE_PCI_KDRV_VFIO,
	RTE_PCI_KDRV_UIO_GENERIC,
	RTE_PCI_KDRV_NIC_UIO,
	RTE_PCI_KDRV_NONE,
	RTE_PCI_KDRV_NET_UIO,
};

struct rte_pci_device {
	RTE_TAILQ_ENTRY(rte_pci_device) next;
	struct rte_device device;
	struct rte_pci_addr addr;
	struct rte_pci_id id;
	struct rte_mem_resource mem_resource[PCI_MAX_RESOURCE];
	struct rte_intr_handle *intr_handle;
	struct rte_pci_driver *driver;
	uint16_t max_vfs;
	enum rte_pci_kernel_driver kdrv;
	char name[PCI_PRI_STR_SIZE + 1];
	char *bus_info;
	struct rte_intr_handle *vfio_req_intr_handle;
};

typedef int (rte_pci_probe_t)(struct rte_pci_driver *, struct rte_pci_device *);
typedef int (rte_pci_remove_t)(struct rte_pci_device *);
typedef int (pci_dma_map_t)(struct rte_pci_device *, void *, uint64_t, size_t);
typedef int (pci_dma_unmap_t)(struct rte_pci_device *, void *, uint64_t, size_t);

struct rte_pci_driver {
	RTE_TAILQ_ENTRY(rte_pci_driver) next;
	struct rte_driver driver;
	rte_pci_probe_t *probe;
	rte_pci_remove_t *remove;
	pci_dma_map_t *dma_map;
	pci_dma_unmap_t *dma_unmap;
	const struct rte_pci_id *id_table;
	uint32_t drv_flags;
};

#define RTE_PCI_DRV_NEED_MAPPING	0x0001

#define RTE_DEV_TO_PCI(ptr)	container_of(ptr, struct rte_pci_device, device)

__rte_internal void rte_pci_register(struct rte_pci_driver *driver);
__rte_internal void rte_pci_unregister(struct rte_pci_driver *driver);

/* DPDK 22.11 lib/eal/include/bus_driver.h: only the leading members are
 * declared, enough to reach the scan and find hooks; the rest is never
 * touched. */
typedef int (*rte_bus_scan_t)(void);
typedef int (*rte_bus_probe_t)(void);
typedef struct rte_device *(*rte_bus_find_device_t)(const struct rte_device *start,
		rte_dev_cmp_t cmp, const void *data);

struct ealnvme_rte_bus_head {
	RTE_TAILQ_ENTRY(rte_bus) next;
	const char *name;
	rte_bus_scan_t scan;
	rte_bus_probe_t probe;
	rte_bus_find_device_t find_device;
};

static inline rte_bus_scan_t
ealnvme_bus_scan_fn(struct rte_bus *bus)
{
	return ((struct ealnvme_rte_bus_head *)bus)->scan;
}

static inline rte_bus_find_device_t
ealnvme_bus_find_device_fn(struct rte_bus *bus)
{
	return ((struct ealnvme_rte_bus_head *)bus)->find_device;
}

#endif /* EALNVME_HAVE_BUS_PCI_DRIVER_H */

#endif /* EALNVME_DPDK_BUS_PCI_H */
