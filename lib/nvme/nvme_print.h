/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Opcode names and the one-line command/completion forms behind
 * spdk_nvme_print_command() and spdk_nvme_print_completion()
 * (lib/nvme/nvme_print.c).  Internal: not exported.
 */
#ifndef NVME_PRINT_H
#define NVME_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "spdk/nvme_spec.h"

/* Longest line the formatters produce, with room to spare. */
#define NVME_PRINT_LINE_MAX	160

/*
 * Name of an admin opcode (NVMe 1.4 Figure 139) or an NVM command set I/O
 * opcode (Figure 346): "IDENTIFY", "READ", ...; "FABRICS COMMAND" for 7Fh,
 * "VENDOR SPECIFIC" for the vendor range (admin C0h..FFh, I/O 80h..FFh),
 * "UNKNOWN" otherwise.  Never NULL.
 */
const char *nvme_admin_opc_name(uint8_t opc);
const char *nvme_io_opc_name(uint8_t opc);

/*
 * The one-line forms, without a newline, into buf (always terminated).
 * qid 0 is the admin queue.  Return what snprintf returns.
 *   admin:            IDENTIFY (06) sqid:0 cid:3 nsid:0 cdw10:00000001 cdw11:00000000
 *   I/O on LBAs:      READ sqid:1 cid:12 nsid:1 lba:2048 len:8
 *   other I/O:        DATASET MANAGEMENT (09) sqid:1 cid:4 nsid:1 cdw10:00000000 cdw11:00000004
 *   completion:       INVALID FIELD (00/02) qid:1 cid:12 cdw0:0 sqhd:0005 p:1 m:0 dnr:1
 */
int nvme_format_command(char *buf, size_t size, uint16_t qid, const struct spdk_nvme_cmd *cmd);
int nvme_format_completion(char *buf, size_t size, uint16_t qid, const struct spdk_nvme_cpl *cpl);
/* The same with the status named for opcode opc (spdk_nvme_cpl_get_status_string_ext). */
int nvme_format_completion_ext(char *buf, size_t size, uint16_t qid,
			       const struct spdk_nvme_cpl *cpl, uint8_t opc);

#endif /* NVME_PRINT_H */
