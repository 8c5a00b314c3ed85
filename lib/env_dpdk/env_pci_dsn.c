/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Finding the Device Serial Number in PCIe extended configuration space
 * (PCIe base spec 7.6.3 extended capability header, 7.9.3 DSN capability).
 * Reads go through a callback, so the walk is tested on a byte array.
 */
#include <errno.h>
#include <stdint.h>

#include "env_pci_internal.h"

#define ENV_PCI_EXT_CAP_START	0x100u	/* extended capabilities begin here */
#define ENV_PCI_EXT_CFG_END	0x1000u	/* 4 KiB of config space per function */
#define ENV_PCI_EXT_CAP_ID_DSN	0x0003u
/* Every capability takes at least 4 bytes: more hops than this is a loop. */
#define ENV_PCI_EXT_CAP_MAX_HOPS	((ENV_PCI_EXT_CFG_END - ENV_PCI_EXT_CAP_START) / 4)

int
env_pci_find_dsn(env_pci_cfg_read32_fn read32, void *ctx, uint64_t *dsn)
{
	uint32_t off = ENV_PCI_EXT_CAP_START;

	for (unsigned hops = 0; hops < ENV_PCI_EXT_CAP_MAX_HOPS; hops++) {
		uint32_t hdr, lo, hi;
		int rc;

		/* The header's low two bits of "next" are reserved; offsets
		 * below 0x100 or past the end end the list. */
		if (off < ENV_PCI_EXT_CAP_START || off + 12 > ENV_PCI_EXT_CFG_END) {
			return -ENOENT;
		}
		rc = read32(ctx, off, &hdr);
		if (rc != 0) {
			return rc;
		}
		/* All ones: no device answers (removed); zero: no capabilities. */
		if (hdr == 0 || hdr == UINT32_MAX) {
			return -ENOENT;
		}
		if ((hdr & 0xffffu) == ENV_PCI_EXT_CAP_ID_DSN) {
			rc = read32(ctx, off + 4, &lo);
			rc = rc ? rc : read32(ctx, off + 8, &hi);
			if (rc != 0) {
				return rc;
			}
			*dsn = ((uint64_t)hi << 32) | lo;
			return 0;
		}
		off = (hdr >> 20) & 0xffcu;
		if (off == 0) {
			return -ENOENT;
		}
	}
	return -ENOENT;
}
