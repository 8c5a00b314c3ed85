/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Shared by the two halves of the mocked env and nothing else: mock_env.c
 * (memory, time, cores) and mock_env_pci.c (the PCI bus).
 */
#ifndef EALNVME_MOCK_ENV_INTERNAL_H
#define EALNVME_MOCK_ENV_INTERNAL_H

#include <stdint.h>

#include "mock_env.h"

/* Counters of both halves (mock_env_get_stats). */
extern struct mock_env_stats g_mock_env_stats;

/* A memory BAR other than BAR 0 of an attached device holding iova (a CMB
 * as a peer-to-peer target): its vaddr, *len cut to what remains; NULL if none. */
void *mock_pci_bar_at(uint64_t iova, uint64_t *len);

#endif /* EALNVME_MOCK_ENV_INTERNAL_H */
