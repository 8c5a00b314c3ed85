/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk/env.h for unit tests, without DPDK: the mocked PCI bus that the NVMe
 * controller model registers its devices on (enumerate, attach, detach, BAR
 * mapping, config space), and the memory BARs that serve as peer-to-peer
 * DMA targets.  Memory, time and cores are in mock_env.c.
 *
 * Not thread-safe: the driver under test polls from one thread.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mock_env.h"
#include "env_internal.h"
#include "mock_env_internal.h"

/* ======================================================================== */
/* PCI bus                                                                    */
/* ======================================================================== */

#define NVME_CLASS_CODE	0x010802

struct spdk_pci_driver {
	const char	*name;
	uint32_t	class_id;
};

static struct spdk_pci_driver g_nvme_driver = {
	.name = "ealnvme_mock_nvme",
	.class_id = NVME_CLASS_CODE,
};

struct spdk_pci_device {
	struct spdk_pci_device	*next;		/* bus list, sorted by address */
	struct spdk_pci_addr	addr;
	struct spdk_pci_id	id;
	struct {
		void		*va;
		uint64_t	size;
		uint64_t	phys;
	} bar[6];			/* [0] from the desc, others mock_pci_set_bar() */
	int			socket_id;
	bool			attached;
	bool			removed;
	bool			bound;
	unsigned int		bar_maps;	/* map_bar minus unmap_bar */
	uint8_t			cfg[MOCK_PCI_CFG_SIZE];
};

static struct spdk_pci_device *g_devices;
static int g_enumerate_error;

struct spdk_pci_driver *
spdk_pci_nvme_get_driver(void)
{
	return &g_nvme_driver;
}

static void
cfg_put16(uint8_t *cfg, uint32_t off, uint16_t v)
{
	cfg[off] = (uint8_t)v;
	cfg[off + 1] = (uint8_t)(v >> 8);
}

static void
cfg_put32(uint8_t *cfg, uint32_t off, uint32_t v)
{
	cfg_put16(cfg, off, (uint16_t)v);
	cfg_put16(cfg, off + 2, (uint16_t)(v >> 16));
}

struct spdk_pci_device *
mock_pci_add_device(const struct mock_pci_device_desc *desc)
{
	struct spdk_pci_device *dev, **pp;

	for (dev = g_devices; dev != NULL; dev = dev->next) {
		if (spdk_pci_addr_compare(&dev->addr, &desc->addr) == 0) {
			fprintf(stderr, "mock_env: two devices at one PCI address\n");
			return NULL;
		}
	}
	dev = calloc(1, sizeof(*dev));
	if (dev == NULL) {
		return NULL;
	}
	dev->addr = desc->addr;
	dev->id = desc->id;
	dev->bar[0].va = desc->bar0;
	dev->bar[0].size = desc->bar0_size;
	dev->bar[0].phys = desc->bar0_phys;
	dev->socket_id = desc->socket_id;
	dev->bound = true;

	/* Type 0 header (PCI Local Bus spec): what a controller shows before probe. */
	cfg_put16(dev->cfg, 0x00, desc->id.vendor_id);
	cfg_put16(dev->cfg, 0x02, desc->id.device_id);
	cfg_put16(dev->cfg, 0x04, 0x0000);		/* command: memory/bus master off */
	cfg_put16(dev->cfg, 0x06, 0x0000);		/* status: no capability list */
	dev->cfg[0x08] = 0x02;				/* revision */
	dev->cfg[0x09] = (uint8_t)desc->id.class_id;	/* programming interface */
	dev->cfg[0x0a] = (uint8_t)(desc->id.class_id >> 8);
	dev->cfg[0x0b] = (uint8_t)(desc->id.class_id >> 16);
	dev->cfg[0x0e] = 0x00;				/* header type 0 */
	/* BAR0/1: 64-bit non-prefetchable memory BAR. */
	cfg_put32(dev->cfg, 0x10, ((uint32_t)desc->bar0_phys & ~0xfu) | 0x4);
	cfg_put32(dev->cfg, 0x14, (uint32_t)(desc->bar0_phys >> 32));
	cfg_put16(dev->cfg, 0x2c, desc->id.subvendor_id);
	cfg_put16(dev->cfg, 0x2e, desc->id.subdevice_id);
	dev->cfg[0x3d] = 0x01;				/* interrupt pin INTA# */

	for (pp = &g_devices; *pp != NULL && spdk_pci_addr_compare(&(*pp)->addr, &dev->addr) < 0;
	     pp = &(*pp)->next) {
	}
	dev->next = *pp;
	*pp = dev;
	return dev;
}

static bool
device_on_bus(const struct spdk_pci_device *dev)
{
	const struct spdk_pci_device *d;

	for (d = g_devices; d != NULL; d = d->next) {
		if (d == dev) {
			return true;
		}
	}
	return false;
}

int
mock_pci_remove_device(struct spdk_pci_device *dev)
{
	struct spdk_pci_device **pp;

	if (dev == NULL) {
		return 0;
	}
	if (dev->attached) {
		return -EBUSY;
	}
	for (pp = &g_devices; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == dev) {
			*pp = dev->next;
			free(dev);
			return 0;
		}
	}
	return -ENOENT;
}

void
mock_pci_set_removed(struct spdk_pci_device *dev, bool removed)
{
	dev->removed = removed;
}

/* As the env: true once the bus reported the device gone. */
bool
spdk_pci_device_is_removed(struct spdk_pci_device *dev)
{
	return dev != NULL && dev->removed;
}

void
mock_pci_set_bound(struct spdk_pci_device *dev, bool bound)
{
	dev->bound = bound;
}

uint8_t *
mock_pci_cfg_space(struct spdk_pci_device *dev)
{
	return dev->cfg;
}

bool
mock_pci_device_is_attached(const struct spdk_pci_device *dev)
{
	return dev->attached;
}

bool
mock_pci_device_is_bar_mapped(const struct spdk_pci_device *dev)
{
	return dev->bar_maps != 0;
}

void
mock_pci_inject_enumerate_error(int rc)
{
	g_enumerate_error = rc;
}

static bool
device_matches(const struct spdk_pci_driver *driver, const struct spdk_pci_device *dev)
{
	return dev->id.class_id == driver->class_id && dev->bound && !dev->removed;
}

/*
 * Attach dev (as the DPDK probe would: enable memory space and bus mastering,
 * BARs mapped) and hand it to the callback.  Returns the callback's value.
 */
static int
attach_one(struct spdk_pci_device *dev, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	int rc;

	dev->attached = true;
	cfg_put16(dev->cfg, 0x04, 0x0006);
	g_mock_env_stats.callbacks++;
	rc = enum_cb(enum_ctx, dev);
	if (rc == 0) {
		g_mock_env_stats.claims++;
	} else {
		dev->attached = false;
		dev->bar_maps = 0;
	}
	return rc;
}

int
spdk_pci_enumerate(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb, void *enum_ctx)
{
	struct spdk_pci_device *dev, *next;
	int rc;

	g_mock_env_stats.enumerate_calls++;
	if (driver != &g_nvme_driver || enum_cb == NULL) {
		return -EINVAL;
	}
	if (g_enumerate_error != 0) {
		rc = g_enumerate_error;
		g_enumerate_error = 0;
		return rc;
	}
	for (dev = g_devices; dev != NULL; dev = next) {
		next = dev->next;
		if (dev->attached || !device_matches(driver, dev)) {
			continue;
		}
		rc = attach_one(dev, enum_cb, enum_ctx);
		/* As lib/env_dpdk: a callback's negative value stops the scan
		 * (-ENODEV is what a device that fails to map gives: skipped). */
		if (rc < 0 && rc != -ENODEV) {
			return rc;
		}
	}
	return 0;
}

int
spdk_pci_device_attach(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb,
		       void *enum_ctx, struct spdk_pci_addr *pci_address)
{
	struct spdk_pci_device *dev;
	int rc;

	g_mock_env_stats.attach_calls++;
	if (driver != &g_nvme_driver || enum_cb == NULL || pci_address == NULL) {
		return -EINVAL;
	}
	for (dev = g_devices; dev != NULL; dev = dev->next) {
		if (spdk_pci_addr_compare(&dev->addr, pci_address) == 0) {
			break;
		}
	}
	if (dev == NULL || !device_matches(driver, dev)) {
		return -ENODEV;
	}
	if (dev->attached) {
		return 0;	/* as lib/env_dpdk: already ours, no callback */
	}
	rc = attach_one(dev, enum_cb, enum_ctx);
	/* Released by the callback (> 0) is not an attach failure. */
	return rc > 0 ? 0 : rc;
}

void
spdk_pci_device_detach(struct spdk_pci_device *device)
{
	if (device == NULL || !device_on_bus(device) || !device->attached) {
		fprintf(stderr, "mock_env: spdk_pci_device_detach(%p): not an attached device\n",
			(void *)device);
		g_mock_env_stats.bad_detaches++;
		return;
	}
	device->attached = false;
	device->bar_maps = 0;
	cfg_put16(device->cfg, 0x04, 0x0000);
	g_mock_env_stats.detaches++;
}

int
spdk_pci_device_map_bar(struct spdk_pci_device *dev, uint32_t bar,
			void **mapped_addr, uint64_t *phys_addr, uint64_t *size)
{
	if (dev == NULL || !dev->attached || bar >= 6 || dev->bar[bar].va == NULL) {
		g_mock_env_stats.map_bar_errors++;
		return -EINVAL;
	}
	dev->bar_maps++;
	g_mock_env_stats.map_bar++;
	if (mapped_addr != NULL) {
		*mapped_addr = dev->bar[bar].va;
	}
	if (phys_addr != NULL) {
		*phys_addr = dev->bar[bar].phys;
	}
	if (size != NULL) {
		*size = dev->bar[bar].size;
	}
	return 0;
}

int
spdk_pci_device_unmap_bar(struct spdk_pci_device *dev, uint32_t bar, void *addr)
{
	if (dev == NULL || bar >= 6 || dev->bar_maps == 0 || addr != dev->bar[bar].va) {
		g_mock_env_stats.map_bar_errors++;
		return -EINVAL;
	}
	dev->bar_maps--;
	g_mock_env_stats.unmap_bar++;
	return 0;
}

int
mock_pci_set_bar(struct spdk_pci_device *dev, uint32_t bar, void *va, uint64_t size,
		 uint64_t phys)
{
	if (dev == NULL || bar == 0 || bar >= 6 || dev->attached) {
		return -EINVAL;
	}
	dev->bar[bar].va = va;
	dev->bar[bar].size = size;
	dev->bar[bar].phys = phys;
	return 0;
}

/* The env's BAR lookup for spdk_mem_register() (lib/env_dpdk/env_mem_register.c):
 * the bus address, as with IOVA as PA (no DMA memory has an IOVA there). */
int
env_pci_bar_lookup(const void *va, size_t len, uint64_t *iova)
{
	const uintptr_t start = (uintptr_t)va;

	for (struct spdk_pci_device *dev = g_devices; dev != NULL; dev = dev->next) {
		for (unsigned int i = 0; i < 6 && dev->attached; i++) {
			const uintptr_t base = (uintptr_t)dev->bar[i].va;

			if (base != 0 && start >= base && len <= dev->bar[i].size &&
			    start - base <= dev->bar[i].size - len) {
				*iova = dev->bar[i].phys + (start - base);
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* A memory BAR other than BAR 0 (registers) of an attached device holding iova. */
void *
mock_pci_bar_at(uint64_t iova, uint64_t *len)
{
	for (struct spdk_pci_device *dev = g_devices; dev != NULL; dev = dev->next) {
		for (unsigned int i = 1; i < 6 && dev->attached; i++) {
			uint64_t off = iova - dev->bar[i].phys;

			if (dev->bar[i].va != NULL && iova >= dev->bar[i].phys &&
			    off < dev->bar[i].size) {
				if (*len > dev->bar[i].size - off) {
					*len = dev->bar[i].size - off;
				}
				return (uint8_t *)dev->bar[i].va + off;
			}
		}
	}
	*len = 0;
	return NULL;
}

/* Bus addresses are the mock's IOVAs for BARs: nothing to map for peers. */
void
env_pci_bar_dma_map(const void *va, size_t len, uint64_t iova, bool map)
{
	(void)va;
	(void)len;
	(void)iova;
	(void)map;
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
spdk_pci_device_get_socket_id(struct spdk_pci_device *dev)
{
	return dev->socket_id;
}

const char *
spdk_pci_device_get_type(const struct spdk_pci_device *dev)
{
	(void)dev;
	return "pci";
}

/* Bytes of the type 0 header that software cannot change. */
static bool
cfg_byte_read_only(uint32_t off)
{
	return off <= 0x03 ||			/* vendor, device */
	       (off >= 0x06 && off <= 0x0b) ||	/* status, revision, class */
	       off == 0x0e ||			/* header type */
	       (off >= 0x2c && off <= 0x2f);	/* subsystem ids */
}

static int
cfg_read(struct spdk_pci_device *dev, void *value, uint32_t len, uint32_t offset)
{
	if (dev == NULL || offset >= MOCK_PCI_CFG_SIZE || len > MOCK_PCI_CFG_SIZE - offset) {
		return -EINVAL;
	}
	if (dev->removed) {
		memset(value, 0xff, len);	/* master abort on a gone device */
	} else {
		memcpy(value, &dev->cfg[offset], len);	/* little-endian host */
	}
	return 0;
}

static int
cfg_write(struct spdk_pci_device *dev, const void *value, uint32_t len, uint32_t offset)
{
	const uint8_t *v = value;
	uint32_t i;

	if (dev == NULL || offset >= MOCK_PCI_CFG_SIZE || len > MOCK_PCI_CFG_SIZE - offset) {
		return -EINVAL;
	}
	if (dev->removed) {
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (!cfg_byte_read_only(offset + i)) {
			dev->cfg[offset + i] = v[i];
		}
	}
	return 0;
}

int
spdk_pci_device_cfg_read32(struct spdk_pci_device *dev, uint32_t *value, uint32_t offset)
{
	return cfg_read(dev, value, sizeof(*value), offset);
}

int
spdk_pci_device_cfg_write32(struct spdk_pci_device *dev, uint32_t value, uint32_t offset)
{
	return cfg_write(dev, &value, sizeof(value), offset);
}

int
spdk_pci_device_cfg_read16(struct spdk_pci_device *dev, uint16_t *value, uint32_t offset)
{
	return cfg_read(dev, value, sizeof(*value), offset);
}

int
spdk_pci_device_cfg_write16(struct spdk_pci_device *dev, uint16_t value, uint32_t offset)
{
	return cfg_write(dev, &value, sizeof(value), offset);
}
