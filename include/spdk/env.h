/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Environment abstraction: process init, DMA-able memory, time, cores and
 * PCI access.  Names and semantics follow SPDK's public spdk/env.h so that
 * applications written for SPDK compile unchanged.
 */
#ifndef SPDK_ENV_H
#define SPDK_ENV_H

#include "spdk/stdinc.h"
#include "spdk/queue.h"	/* SPDK's env.h brings these; its programs rely on it */
#include "spdk/pci_ids.h"
#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPDK_ENV_SOCKET_ID_ANY	(-1)
#define SPDK_ENV_LCORE_ID_ANY	(UINT32_MAX)

/* Flags for spdk_malloc()/spdk_zmalloc(). */
#define SPDK_MALLOC_DMA		0x01	/* memory must be DMA-able (always true here) */
#define SPDK_MALLOC_SHARE	0x02	/* memory may be shared with other processes */

/* Returned by spdk_vtophys() when the address cannot be translated. */
#define SPDK_VTOPHYS_ERROR	(0xFFFFFFFFFFFFFFFFULL)

struct spdk_pci_addr {
	uint32_t domain;
	uint8_t bus;
	uint8_t dev;
	uint8_t func;
};

struct spdk_pci_id {
	uint32_t class_id;	/* 24-bit class code, e.g. 0x010802 for NVMe */
	uint16_t vendor_id;
	uint16_t device_id;
	uint16_t subvendor_id;
	uint16_t subdevice_id;
};

/* Options for spdk_env_init().  Always initialise with spdk_env_opts_init(). */
struct spdk_env_opts {
	const char		*name;		/* process name, EAL's argv[0] */
	const char		*core_mask;	/* hex core mask ("0x1") or core list ("[0-3]") */
	const char		*lcore_map;	/* EAL --lcores syntax, overrides core_mask */
	int			shm_id;		/* >= 0: shared-memory id (multi-process); -1: private */
	int			mem_channel;	/* -1: let DPDK decide */
	int			main_core;	/* -1: first core of the mask */
	int			mem_size;	/* MiB reserved up front; -1: grow on demand */
	bool			no_pci;		/* do not touch the PCI bus */
	bool			hugepage_single_segments;
	bool			unlink_hugepage;
	bool			no_huge;	/* use anonymous memory (tests; not for DMA with real devices) */
	bool			in_memory;	/* no hugepage or runtime files on disk */
	size_t			num_pci_addr;	/* entries in pci_allowed or pci_blocked */
	const char		*hugedir;
	/*
	 * PCI selection, num_pci_addr entries each (SPDK semantics): a blocked
	 * device is never probed, enumerated or attached, not even by address;
	 * with pci_allowed only those devices are.  Both set: blocked wins.
	 * Enforced also when the application started the EAL itself.
	 */
	struct spdk_pci_addr	*pci_blocked;
	struct spdk_pci_addr	*pci_allowed;
	const char		*iova_mode;	/* "pa" or "va"; NULL: DPDK decides */
	uint64_t		base_virtaddr;
	void			*env_context;	/* extra EAL arguments, space separated (const char *) */
	const char		*vf_token;
};

/* Fill opts with defaults. */
void spdk_env_opts_init(struct spdk_env_opts *opts);

/*
 * Initialise the environment.  Returns 0 on success or a negative errno.
 * If the application already called rte_eal_init(), pass NULL (or any opts):
 * the existing EAL is adopted and left running by spdk_env_fini().
 */
int spdk_env_init(const struct spdk_env_opts *opts);

/* Release what spdk_env_init() set up.  All memory and devices must be freed first. */
void spdk_env_fini(void);

/* DMA-able memory.  phys_addr (optional) receives the IOVA of the buffer start. */
void *spdk_malloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags);
void *spdk_zmalloc(size_t size, size_t align, uint64_t *phys_addr, int socket_id, uint32_t flags);
void *spdk_realloc(void *buf, size_t size, size_t align);
void spdk_free(void *buf);

void *spdk_dma_malloc(size_t size, size_t align, uint64_t *phys_addr);
void *spdk_dma_zmalloc(size_t size, size_t align, uint64_t *phys_addr);
void *spdk_dma_malloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id);
void *spdk_dma_zmalloc_socket(size_t size, size_t align, uint64_t *phys_addr, int socket_id);
void *spdk_dma_realloc(void *buf, size_t size, size_t align, uint64_t *phys_addr);
void spdk_dma_free(void *buf);

/*
 * Translate a virtual address to the IOVA the device must use.
 * size (optional): in, the length wanted; out, how many bytes from buf are
 * contiguous in IOVA space (never more than the input).
 * Returns SPDK_VTOPHYS_ERROR if buf is not in registered DMA memory.
 */
uint64_t spdk_vtophys(const void *buf, uint64_t *size);

/* Time. */
uint64_t spdk_get_ticks(void);
uint64_t spdk_get_ticks_hz(void);
void spdk_delay_us(unsigned int us);

/* Cores. */
uint32_t spdk_env_get_core_count(void);
uint32_t spdk_env_get_current_core(void);
uint32_t spdk_env_get_first_core(void);
uint32_t spdk_env_get_next_core(uint32_t prev_core);
uint32_t spdk_env_get_socket_id(uint32_t core);
#define SPDK_ENV_FOREACH_CORE(i) \
	for (i = spdk_env_get_first_core(); i < UINT32_MAX; i = spdk_env_get_next_core(i))

/* Threads pinned to the cores of the core mask. */
typedef int (*thread_start_fn)(void *);

/*
 * Run fn(arg) on the thread pinned to core, which must be a core of the mask
 * other than the calling (main) core and must be idle.  Returns 0 once the
 * function is started; -EINVAL when core is not such a core; -EBUSY when it
 * is still running an earlier function; -ENODEV before spdk_env_init().
 * (SPDK passes the core to DPDK unchecked.)
 */
int spdk_env_thread_launch_pinned(uint32_t core, thread_start_fn fn, void *arg);
/* Wait until every function started with spdk_env_thread_launch_pinned() has returned. */
void spdk_env_thread_wait_all(void);

/* PCI addresses. */
/* Enough for any address: 32-bit domains (VMD uses 10000 and up), "ffffffff:bb:dd.f" + NUL. */
#define SPDK_PCI_ADDR_FMT_LEN	17

/*
 * Parse "dddd:bb:dd.f", "bb:dd.f" (domain 0), with '.' or ':' before the
 * function.  Returns 0, or -EINVAL for anything else.
 */
int spdk_pci_addr_parse(struct spdk_pci_addr *addr, const char *bdf);
/* Format as "dddd:bb:dd.f" (a domain above 0xffff in 5-8 digits, as sysfs names it).
 * Returns 0, or -1 if sz is too small (SPDK_PCI_ADDR_FMT_LEN always fits). */
int spdk_pci_addr_fmt(char *bdf, size_t sz, const struct spdk_pci_addr *addr);
/* Negative, zero or positive like memcmp, ordered domain, bus, dev, func. */
int spdk_pci_addr_compare(const struct spdk_pci_addr *a1, const struct spdk_pci_addr *a2);

/* PCI devices, as handed to the enumerate callback. */
struct spdk_pci_device;
struct spdk_pci_driver;

/* The driver that claims NVMe-class (0x010802) devices. */
struct spdk_pci_driver *spdk_pci_nvme_get_driver(void);

/*
 * Called for each device the driver attached (BARs mapped).  Return 0 to keep
 * the device, a positive value to release it, a negative value to release it
 * and stop enumerating.
 */
typedef int (*spdk_pci_enum_cb)(void *enum_ctx, struct spdk_pci_device *pci_dev);

/*
 * Scan the bus and attach every device of the driver's class that is bound to
 * vfio-pci or uio_pci_generic, not attached yet and not refused by
 * spdk_env_opts.pci_blocked/pci_allowed.  Returns 0, or a negative
 * errno if the scan failed or a callback returned a negative value.
 */
int spdk_pci_enumerate(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb, void *enum_ctx);
/* Attach the one device at pci_address; -EPERM if spdk_env_opts blocks it. */
int spdk_pci_device_attach(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb,
			   void *enum_ctx, struct spdk_pci_addr *pci_address);
/* Unmap the device and hand it back to the bus. */
void spdk_pci_device_detach(struct spdk_pci_device *device);
/*
 * True once the kernel has reported the device removed (hot unplug, or asked
 * back through VFIO's device request): stop using it and detach it.
 */
bool spdk_pci_device_is_removed(struct spdk_pci_device *dev);

int spdk_pci_device_map_bar(struct spdk_pci_device *dev, uint32_t bar,
			    void **mapped_addr, uint64_t *phys_addr, uint64_t *size);
int spdk_pci_device_unmap_bar(struct spdk_pci_device *dev, uint32_t bar, void *addr);

struct spdk_pci_addr spdk_pci_device_get_addr(struct spdk_pci_device *dev);
struct spdk_pci_id spdk_pci_device_get_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_vendor_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_device_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_subvendor_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_subdevice_id(struct spdk_pci_device *dev);
int spdk_pci_device_get_socket_id(struct spdk_pci_device *dev);
const char *spdk_pci_device_get_type(const struct spdk_pci_device *dev);

/* Config space access.  Return 0, or a negative errno. */
int spdk_pci_device_cfg_read32(struct spdk_pci_device *dev, uint32_t *value, uint32_t offset);
int spdk_pci_device_cfg_write32(struct spdk_pci_device *dev, uint32_t value, uint32_t offset);
int spdk_pci_device_cfg_read16(struct spdk_pci_device *dev, uint16_t *value, uint32_t offset);
int spdk_pci_device_cfg_write16(struct spdk_pci_device *dev, uint16_t value, uint32_t offset);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_ENV_H */
