/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Ticks and delays: the TSC through DPDK's timer API (no syscall); the
 * CPU's pause hint for spin loops.
 */
#include <rte_cycles.h>
#include <rte_pause.h>

#include "spdk/env.h"

uint64_t
spdk_get_ticks(void)
{
	return rte_get_timer_cycles();
}

uint64_t
spdk_get_ticks_hz(void)
{
	return rte_get_timer_hz();
}

void
spdk_delay_us(unsigned int us)
{
	rte_delay_us_block(us);
}

void
spdk_pause(void)
{
	rte_pause();
}
