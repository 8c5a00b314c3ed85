/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * What an attached PCI device is: address, IDs and NUMA node, its config
 * space through DPDK (vfio-pci or uio's sysfs config file) and the PCIe
 * Device Serial Number read from there.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "dpdk_compat/dpdk_bus_pci.h"
#include "spdk/env.h"
#include "env_pci_internal.h"
#include "ealnvme_log.h"

uint32_t
spdk_pci_device_get_domain(struct spdk_pci_device *dev)
{
	return dev->addr.domain;
}

uint8_t
spdk_pci_device_get_bus(struct spdk_pci_device *dev)
{
	return dev->addr.bus;
}

uint8_t
spdk_pci_device_get_dev(struct spdk_pci_device *dev)
{
	return dev->addr.dev;
}

uint8_t
spdk_pci_device_get_func(struct spdk_pci_device *dev)
{
	return dev->addr.func;
}

struct spdk_pci_addr
spdk_pci_device_get_addr(struct spdk_pci_device *dev)
{
	return dev->addr;
}

struct spdk_pci_id
spdk_pci_device_get_id(struct spdk_pci_device *dev)
{
	return dev->id;
}

uint16_t
spdk_pci_device_get_vendor_id(struct spdk_pci_device *dev)
{
	return dev->id.vendor_id;
}

uint16_t
spdk_pci_device_get_device_id(struct spdk_pci_device *dev)
{
	return dev->id.device_id;
}

uint16_t
spdk_pci_device_get_subvendor_id(struct spdk_pci_device *dev)
{
	return dev->id.subvendor_id;
}

uint16_t
spdk_pci_device_get_subdevice_id(struct spdk_pci_device *dev)
{
	return dev->id.subdevice_id;
}

int
spdk_pci_device_get_numa_id(struct spdk_pci_device *dev)
{
	/* DPDK reports -1 (SPDK_ENV_NUMA_ID_ANY) when the platform does not say. */
	return dev->socket_id;
}

int
spdk_pci_device_get_socket_id(struct spdk_pci_device *dev)
{
	return spdk_pci_device_get_numa_id(dev);
}

const char *
spdk_pci_device_get_type(const struct spdk_pci_device *dev)
{
	(void)dev;
	return "pci";
}

static int
env_cfg_rw(struct spdk_pci_device *dev, void *buf, size_t len, uint32_t offset, bool write)
{
	int rc;

	if (dev == NULL || buf == NULL) {
		return -EINVAL;
	}
	rc = write ? rte_pci_write_config(dev->rte_dev, buf, len, offset)
		   : rte_pci_read_config(dev->rte_dev, buf, len, offset);
	if (rc < 0) {
		return rc;
	}
	return (size_t)rc == len ? 0 : -EIO;
}

int
spdk_pci_device_cfg_read32(struct spdk_pci_device *dev, uint32_t *value, uint32_t offset)
{
	return env_cfg_rw(dev, value, sizeof(*value), offset, false);
}

int
spdk_pci_device_cfg_write32(struct spdk_pci_device *dev, uint32_t value, uint32_t offset)
{
	return env_cfg_rw(dev, &value, sizeof(value), offset, true);
}

int
spdk_pci_device_cfg_read16(struct spdk_pci_device *dev, uint16_t *value, uint32_t offset)
{
	return env_cfg_rw(dev, value, sizeof(*value), offset, false);
}

int
spdk_pci_device_cfg_write16(struct spdk_pci_device *dev, uint16_t value, uint32_t offset)
{
	return env_cfg_rw(dev, &value, sizeof(value), offset, true);
}

int
spdk_pci_device_cfg_read(struct spdk_pci_device *dev, void *buf, uint32_t len, uint32_t offset)
{
	return env_cfg_rw(dev, buf, len, offset, false);
}

int
spdk_pci_device_cfg_write(struct spdk_pci_device *dev, void *buf, uint32_t len, uint32_t offset)
{
	return env_cfg_rw(dev, buf, len, offset, true);
}

int
spdk_pci_device_cfg_read8(struct spdk_pci_device *dev, uint8_t *value, uint32_t offset)
{
	return env_cfg_rw(dev, value, sizeof(*value), offset, false);
}

int
spdk_pci_device_cfg_write8(struct spdk_pci_device *dev, uint8_t value, uint32_t offset)
{
	return env_cfg_rw(dev, &value, sizeof(value), offset, true);
}

static int
env_pci_dsn_read32(void *ctx, uint32_t offset, uint32_t *value)
{
	return spdk_pci_device_cfg_read32(ctx, value, offset);
}

int
spdk_pci_device_get_serial_number(struct spdk_pci_device *dev, char *sn, size_t len)
{
	char bdf[SPDK_PCI_ADDR_FMT_LEN];
	uint64_t dsn;
	int rc;

	if (dev == NULL || sn == NULL || len < 17) {
		EALNVME_ERRLOG("spdk_pci_device_get_serial_number: NULL device or buffer, or a "
			       "buffer of %zu bytes (17 are needed)", len);
		return -1;
	}
	rc = env_pci_find_dsn(env_pci_dsn_read32, dev, &dsn);
	if (rc != 0) {
		spdk_pci_addr_fmt(bdf, sizeof(bdf), &dev->addr);
		EALNVME_ERRLOG("%s: %s; the NVMe serial number is in the controller's identify "
			       "data (spdk_nvme_ctrlr_get_data()->sn)", bdf,
			       rc == -ENOENT ? "no PCIe Device Serial Number capability"
			       : "cannot read the extended config space");
		return -1;
	}
	/* Upper dword first, as SPDK prints it. */
	snprintf(sn, len, "%08" PRIx32 "%08" PRIx32, (uint32_t)(dsn >> 32), (uint32_t)dsn);
	return 0;
}
