/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The fio engine's filename: 'trtype=PCIe traddr=0000.04.00.0 ns=1', the
 * syntax SPDK's fio plugin users write.  fio splits filename= at ':', so the
 * PCI address is written with dots.  No fio headers here: the unit test
 * (test_fio_filename.c) builds it without a fio source tree.
 */
#ifndef EALNVME_FIO_FILENAME_H
#define EALNVME_FIO_FILENAME_H

#include <stddef.h>
#include <stdint.h>

#include "spdk/nvme.h"

#define EFIO_ERR_LEN	320

struct efio_name {
	struct spdk_nvme_transport_id	trid;	/* PCIe, traddr canonical "dddd:bb:dd.f" */
	uint32_t			nsid;	/* 0: the controller's first active namespace */
};

/*
 * Parse one fio filename.  Keys (case-insensitive, each at most once,
 * separated by blanks): trtype (PCIe only), traddr (required: the PCI
 * address with dots, "0000.04.00.0", or another form spdk_pci_addr_parse()
 * takes), ns (decimal 1..0xfffffffe, NVMe 1.4 §6.1).  Returns 0, or -EINVAL with one line in err that
 * says what to write instead (out unchanged).
 */
int efio_name_parse(struct efio_name *out, const char *name, char *err, size_t err_len);

#endif /* EALNVME_FIO_FILENAME_H */
