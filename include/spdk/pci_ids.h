/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCI identifiers.  The SPDK_PCI_* names are the ones SPDK's public
 * spdk/pci_ids.h provides; the EALNVME_PCI_* names are ealnvme's own, for
 * values SPDK does not name (QEMU's NVMe device ID, PCI config space
 * offsets and Command register bits from the PCI Local Bus / PCIe Base
 * specifications).
 */
#ifndef SPDK_PCI_IDS
#define SPDK_PCI_IDS

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Wildcards for ID tables. */
#define SPDK_PCI_ANY_ID			0xffff
#define SPDK_PCI_CLASS_ANY_ID		0xffffff

/* Vendor IDs (PCI-SIG assigned). */
#define SPDK_PCI_VID_INTEL		0x8086
#define SPDK_PCI_VID_MEMBLAZE		0x1c5f
#define SPDK_PCI_VID_SAMSUNG		0x144d
#define SPDK_PCI_VID_VIRTUALBOX		0x80ee
#define SPDK_PCI_VID_VIRTIO		0x1af4
#define SPDK_PCI_VID_CNEXLABS		0x1d1d
#define SPDK_PCI_VID_VMWARE		0x15ad
#define SPDK_PCI_VID_REDHAT		0x1b36	/* QEMU's own devices, NVMe included */
#define SPDK_PCI_VID_NUTANIX		0x4e58
#define SPDK_PCI_VID_HUAWEI		0x19e5
#define SPDK_PCI_VID_MICROSOFT		0x1414
#define SPDK_PCI_VID_MICRON		0x1344

/*
 * Class code of an NVM Express controller: base class 01h (mass storage),
 * sub class 08h (non-volatile memory), programming interface 02h (NVMe).
 */
#define SPDK_PCI_CLASS_NVME		0x010802

/* ---- ealnvme names ---------------------------------------------------- */

/* QEMU's emulated NVMe controller ("-device nvme"): 1b36:0010. */
#define EALNVME_PCI_DEVICE_ID_QEMU_NVME	0x0010

/* Type 0 configuration header offsets. */
#define EALNVME_PCI_CFG_VENDOR_ID	0x00	/* 16 bits */
#define EALNVME_PCI_CFG_DEVICE_ID	0x02	/* 16 bits */
#define EALNVME_PCI_CFG_COMMAND		0x04	/* 16 bits */
#define EALNVME_PCI_CFG_STATUS		0x06	/* 16 bits */
#define EALNVME_PCI_CFG_CLASS_REVISION	0x08	/* 32 bits: class code << 8 | revision */
#define EALNVME_PCI_CFG_BAR0		0x10	/* 32 bits; BAR0/1 form NVMe's 64-bit MLBAR */
#define EALNVME_PCI_CFG_CAP_PTR		0x34	/* 8 bits */

/* Command register bits. */
#define EALNVME_PCI_COMMAND_IO			0x0001	/* I/O space enable */
#define EALNVME_PCI_COMMAND_MEMORY		0x0002	/* memory space enable (BAR0 MMIO) */
#define EALNVME_PCI_COMMAND_MASTER		0x0004	/* bus master enable (device DMA) */
#define EALNVME_PCI_COMMAND_PARITY		0x0040	/* parity error response */
#define EALNVME_PCI_COMMAND_SERR		0x0100	/* SERR# enable */
#define EALNVME_PCI_COMMAND_INTX_DISABLE	0x0400	/* legacy interrupts off */

/* Status register bits. */
#define EALNVME_PCI_STATUS_CAP_LIST		0x0010	/* capability list present */

#ifdef __cplusplus
}
#endif

#endif /* SPDK_PCI_IDS */
