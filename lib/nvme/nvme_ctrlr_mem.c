/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Controller memory the application maps: the Controller Memory Buffer
 * (NVMe 1.4 §8.7, CMBLOC/CMBSZ/CMBMSC) and the Persistent Memory Region
 * (§8.17, PMRCAP/PMRCTL/PMRSTS/PMRMSC).  The core checks arguments and takes
 * the controller lock; the transport (struct nvme_transport_ops) finds,
 * maps and programs them.  Transports without them answer -ENOSYS / NULL.
 */
#include <errno.h>
#include <limits.h>

#include "nvme_internal.h"

int
spdk_nvme_ctrlr_reserve_cmb(struct spdk_nvme_ctrlr *ctrlr)
{
	union spdk_nvme_cmbsz_register cmbsz;
	uint64_t size;
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("reserve_cmb: NULL controller");
		return -EINVAL;
	}
	/* Data buffers need both directions (CMBSZ.RDS and WDS, §3.1.12). */
	cmbsz = spdk_nvme_ctrlr_get_regs_cmbsz(ctrlr);
	if (!cmbsz.bits.rds || !cmbsz.bits.wds) {
		EALNVME_ERRLOG("%s: no controller memory buffer for read and write data "
			       "(CMBSZ 0x%08x); use host memory (spdk_dma_malloc)",
			       nvme_ctrlr_name(ctrlr), cmbsz.raw);
		return -ENOTSUP;
	}
	size = (uint64_t)cmbsz.bits.sz << (12 + 4 * cmbsz.bits.szu);
	if (ctrlr->transport->ctrlr_reserve_cmb == NULL) {
		EALNVME_ERRLOG("%s: the %s transport has no controller memory buffer support",
			       nvme_ctrlr_name(ctrlr), ctrlr->transport->name);
		return -ENOSYS;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = ctrlr->transport->ctrlr_reserve_cmb(ctrlr);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if (rc != 0) {
		return rc;
	}
	/* The API returns an int: a CMB of 2 GiB or more reports INT_MAX. */
	return size > INT_MAX ? INT_MAX : (int)size;
}

/* map_cmb / map_pmr: the transport's op under the lock, size 0 on failure. */
static void *
nvme_ctrlr_map_mem(struct spdk_nvme_ctrlr *ctrlr, size_t *size, bool pmr)
{
	void *(*map)(struct spdk_nvme_ctrlr *, size_t *);
	const char *what = pmr ? "map_pmr" : "map_cmb";
	size_t len = 0;
	void *buf;

	if (ctrlr == NULL || size == NULL) {
		EALNVME_ERRLOG("%s: NULL controller or size", what);
		return NULL;
	}
	*size = 0;
	map = pmr ? ctrlr->transport->ctrlr_map_pmr : ctrlr->transport->ctrlr_map_cmb;
	if (map == NULL) {
		/* A question with a valid answer, as "no CMB" on PCIe: not an error. */
		EALNVME_NOTICELOG("%s: %s: the %s transport has no controller memory; use host "
				  "memory (spdk_dma_malloc)", nvme_ctrlr_name(ctrlr), what,
				  ctrlr->transport->name);
		return NULL;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	buf = map(ctrlr, &len);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	if (buf != NULL) {
		*size = len;
	}
	return buf;
}

void *
spdk_nvme_ctrlr_map_cmb(struct spdk_nvme_ctrlr *ctrlr, size_t *size)
{
	return nvme_ctrlr_map_mem(ctrlr, size, false);
}

void
spdk_nvme_ctrlr_unmap_cmb(struct spdk_nvme_ctrlr *ctrlr)
{
	if (ctrlr == NULL || ctrlr->transport->ctrlr_unmap_cmb == NULL) {
		return;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	ctrlr->transport->ctrlr_unmap_cmb(ctrlr);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
}

void *
spdk_nvme_ctrlr_map_pmr(struct spdk_nvme_ctrlr *ctrlr, size_t *size)
{
	return nvme_ctrlr_map_mem(ctrlr, size, true);
}

enum nvme_pmr_op { PMR_ENABLE, PMR_DISABLE, PMR_UNMAP };

/* One of the int-returning PMR ops under the lock; -ENOSYS without it. */
static int
nvme_ctrlr_pmr_op(struct spdk_nvme_ctrlr *ctrlr, enum nvme_pmr_op which)
{
	static const char *const names[] = { "enable_pmr", "disable_pmr", "unmap_pmr" };
	int (*op)(struct spdk_nvme_ctrlr *);
	int rc;

	if (ctrlr == NULL) {
		EALNVME_ERRLOG("%s: NULL controller", names[which]);
		return -EINVAL;
	}
	op = which == PMR_ENABLE ? ctrlr->transport->ctrlr_enable_pmr :
	     which == PMR_DISABLE ? ctrlr->transport->ctrlr_disable_pmr :
	     ctrlr->transport->ctrlr_unmap_pmr;
	if (op == NULL) {
		EALNVME_ERRLOG("%s: %s: the %s transport has no persistent memory region",
			       nvme_ctrlr_name(ctrlr), names[which], ctrlr->transport->name);
		return -ENOSYS;
	}
	pthread_mutex_lock(&ctrlr->ctrlr_lock);
	rc = op(ctrlr);
	pthread_mutex_unlock(&ctrlr->ctrlr_lock);
	return rc;
}

int
spdk_nvme_ctrlr_enable_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_ctrlr_pmr_op(ctrlr, PMR_ENABLE);
}

int
spdk_nvme_ctrlr_disable_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_ctrlr_pmr_op(ctrlr, PMR_DISABLE);
}

int
spdk_nvme_ctrlr_unmap_pmr(struct spdk_nvme_ctrlr *ctrlr)
{
	return nvme_ctrlr_pmr_op(ctrlr, PMR_UNMAP);
}
