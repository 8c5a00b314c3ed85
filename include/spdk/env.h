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
#include "spdk/assert.h"
#include "spdk/pci_ids.h"
#include "spdk/queue.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "Any NUMA node"; SPDK_ENV_SOCKET_ID_ANY is the older name of the same value. */
#define SPDK_ENV_NUMA_ID_ANY	(-1)
#define SPDK_ENV_SOCKET_ID_ANY	(-1)
#define SPDK_ENV_LCORE_ID_ANY	(UINT32_MAX)

/* Flags for spdk_malloc()/spdk_zmalloc(). */
#define SPDK_MALLOC_DMA		0x01	/* memory must be DMA-able (always true here) */
#define SPDK_MALLOC_SHARE	0x02	/* memory may be shared with other processes */

/* Name limits of memzones and mempools (the terminating NUL included). */
#define SPDK_MAX_MEMZONE_NAME_LEN	32
#define SPDK_MAX_MEMPOOL_NAME_LEN	29

/* spdk_memzone_reserve() flag: the zone need not be IOVA-contiguous. */
#define SPDK_MEMZONE_NO_IOVA_CONTIG	0x00100000

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

/*
 * Options for spdk_env_init(), laid out exactly as SPDK v26.05's (128 bytes).
 * Set opts_size = sizeof(opts) and then call spdk_env_opts_init(): a program
 * built against an older, smaller layout passes its own size and the fields
 * past it take their defaults.
 */
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
	uint32_t		reserved;
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
	uint64_t		base_virtaddr;	/* 0: DPDK picks */
	/* Extra EAL arguments, space separated (a const char *), e.g. "--in-memory". */
	void			*env_context;
	const char		*vf_token;
	/* sizeof(struct spdk_env_opts) as the caller was built; set it before spdk_env_opts_init(). */
	size_t			opts_size;
	/* Allocations on a given NUMA node fail rather than fall back to another node. */
	bool			enforce_numa;
	uint8_t			reserved2[7];
	/* New fields go after this point only. */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_env_opts) == 128, "spdk_env_opts must match SPDK's layout");

/*
 * Fill opts with defaults.  opts->opts_size is kept as the caller set it
 * (set it to sizeof(*opts) first); fields past it are not touched.
 */
void spdk_env_opts_init(struct spdk_env_opts *opts);

/*
 * Initialise the environment.  Returns 0 on success or a negative errno.
 * Only the first opts->opts_size bytes of opts are read (a smaller value
 * than SPDK v26.05's layout up to opts_size itself, 0 included, is logged and
 * taken as that minimum, as SPDK does); later fields take their defaults.
 * NULL opts: -EINVAL, unless the EAL is already running.  If the application
 * already called rte_eal_init(), pass NULL or opts: the existing EAL is
 * adopted (and opts' PCI lists enforced) and left running by spdk_env_fini().
 */
int spdk_env_init(const struct spdk_env_opts *opts);

/* Release what spdk_env_init() set up.  All memory and devices must be freed first. */
void spdk_env_fini(void);

/*
 * DMA-able memory.  phys_addr (optional) receives the IOVA of the buffer
 * start (SPDK v26.05 calls this argument "unused" and fails when it is not
 * NULL; here it is still filled in).
 */
void *spdk_malloc(size_t size, size_t align, uint64_t *phys_addr, int numa_id, uint32_t flags);
void *spdk_zmalloc(size_t size, size_t align, uint64_t *phys_addr, int numa_id, uint32_t flags);
void *spdk_realloc(void *buf, size_t size, size_t align);
void spdk_free(void *buf);

void *spdk_dma_malloc(size_t size, size_t align, uint64_t *phys_addr);
void *spdk_dma_zmalloc(size_t size, size_t align, uint64_t *phys_addr);
void *spdk_dma_malloc_socket(size_t size, size_t align, uint64_t *phys_addr, int numa_id);
void *spdk_dma_zmalloc_socket(size_t size, size_t align, uint64_t *phys_addr, int numa_id);
void *spdk_dma_realloc(void *buf, size_t size, size_t align, uint64_t *phys_addr);
void spdk_dma_free(void *buf);

/*
 * Named memory zones shared by the processes of one shm_id.  The memory is
 * IOVA-contiguous unless flags has SPDK_MEMZONE_NO_IOVA_CONTIG; align must be
 * a power of two.  reserve: the zone's address, or NULL (name taken, too
 * long, no memory; logged).  free: 0, or -1 when there is no such zone.
 */
void *spdk_memzone_reserve(const char *name, size_t len, int numa_id, unsigned flags);
void *spdk_memzone_reserve_aligned(const char *name, size_t len, int numa_id,
				   unsigned flags, unsigned align);
void *spdk_memzone_lookup(const char *name);
int spdk_memzone_free(const char *name);
/* Describe every memzone on f. */
void spdk_memzone_dump(FILE *f);

/* Thread-safe pools of fixed-size elements in DMA-able memory. */
struct spdk_mempool;

/* cache_size for spdk_mempool_create(): a per-core cache sized for count. */
#define SPDK_MEMPOOL_DEFAULT_CACHE_SIZE	SIZE_MAX

typedef void (spdk_mempool_obj_cb_t)(struct spdk_mempool *mp, void *opaque, void *obj,
				     unsigned obj_idx);
typedef void (spdk_mempool_mem_cb_t)(struct spdk_mempool *mp, void *opaque, void *addr,
				     uint64_t iova, size_t len, unsigned mem_idx);

/*
 * count elements of ele_size bytes; cache_size elements may sit in each
 * core's cache (0: none; SPDK_MEMPOOL_DEFAULT_CACHE_SIZE: a default that
 * still leaves most of count in the shared pool).  NULL on failure (logged).
 */
struct spdk_mempool *spdk_mempool_create(const char *name, size_t count, size_t ele_size,
		size_t cache_size, int numa_id);
/* As spdk_mempool_create(), then obj_init(pool, obj_init_arg, element, index) for each element. */
struct spdk_mempool *spdk_mempool_create_ctor(const char *name, size_t count, size_t ele_size,
		size_t cache_size, int numa_id,
		spdk_mempool_obj_cb_t *obj_init, void *obj_init_arg);
char *spdk_mempool_get_name(struct spdk_mempool *mp);
void spdk_mempool_free(struct spdk_mempool *mp);
/* An element, or NULL when the pool is empty. */
void *spdk_mempool_get(struct spdk_mempool *mp);
/* All count elements, or none: 0, or a negative errno (DPDK's: fewer than count left). */
int spdk_mempool_get_bulk(struct spdk_mempool *mp, void **ele_arr, size_t count);
void spdk_mempool_put(struct spdk_mempool *mp, void *ele);
void spdk_mempool_put_bulk(struct spdk_mempool *mp, void **ele_arr, size_t count);
/* Elements available (in the pool and in the per-core caches). */
size_t spdk_mempool_count(const struct spdk_mempool *pool);
/* Call obj_cb for every element; returns how many. */
uint32_t spdk_mempool_obj_iter(struct spdk_mempool *mp, spdk_mempool_obj_cb_t obj_cb,
			       void *obj_cb_arg);
/* Call mem_cb for every memory chunk of the pool; returns how many.  A chunk
 * that is not IOVA-contiguous has iova SPDK_VTOPHYS_ERROR (as in SPDK). */
uint32_t spdk_mempool_mem_iter(struct spdk_mempool *mp, spdk_mempool_mem_cb_t mem_cb,
			       void *mem_cb_arg);
struct spdk_mempool *spdk_mempool_lookup(const char *name);

/* Cores of the core mask. */
uint32_t spdk_env_get_core_count(void);
/* The calling thread's core, or SPDK_ENV_LCORE_ID_ANY for a thread not pinned by the env. */
uint32_t spdk_env_get_current_core(void);
uint32_t spdk_env_get_main_core(void);
uint32_t spdk_env_get_first_core(void);
uint32_t spdk_env_get_last_core(void);
/* The next core of the mask after prev_core, or UINT32_MAX. */
uint32_t spdk_env_get_next_core(uint32_t prev_core);
#define SPDK_ENV_FOREACH_CORE(i) \
	for (i = spdk_env_get_first_core(); i < UINT32_MAX; i = spdk_env_get_next_core(i))

/* NUMA node of a core (SPDK_ENV_NUMA_ID_ANY for a core not in the mask). */
int32_t spdk_env_get_numa_id(uint32_t core);
/* The NUMA nodes that have CPUs or memory: first, last, and the one after prev (INT32_MAX: none). */
int32_t spdk_env_get_first_numa_id(void);
int32_t spdk_env_get_last_numa_id(void);
int32_t spdk_env_get_next_numa_id(int32_t prev_numa_id);
#define SPDK_ENV_FOREACH_NUMA_ID(i) \
	for (i = spdk_env_get_first_numa_id(); i < INT32_MAX; i = spdk_env_get_next_numa_id(i))
/* Older name of spdk_env_get_numa_id() (not in SPDK v26.05; kept for older programs). */
uint32_t spdk_env_get_socket_id(uint32_t core);

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

/* True in a primary process (always, here: ealnvme never runs as a secondary). */
bool spdk_process_is_primary(void);

/* Time. */
uint64_t spdk_get_ticks(void);
uint64_t spdk_get_ticks_hz(void);
void spdk_delay_us(unsigned int us);
/* A CPU pause hint for spin loops. */
void spdk_pause(void);

/* Fixed-size rings of pointers. */
struct spdk_ring;

enum spdk_ring_type {
	SPDK_RING_TYPE_SP_SC,	/* one producer, one consumer */
	SPDK_RING_TYPE_MP_SC,	/* many producers, one consumer */
	SPDK_RING_TYPE_MP_MC,	/* many producers, many consumers */
};

/* A ring holding count pointers (any count); NULL on failure (logged). */
struct spdk_ring *spdk_ring_create(enum spdk_ring_type type, size_t count, int numa_id);
void spdk_ring_free(struct spdk_ring *ring);
size_t spdk_ring_count(struct spdk_ring *ring);
/* All count objects or none: returns count or 0; free_space (optional): room left after. */
size_t spdk_ring_enqueue(struct spdk_ring *ring, void **objs, size_t count, size_t *free_space);
/* Up to count objects; returns how many. */
size_t spdk_ring_dequeue(struct spdk_ring *ring, void **objs, size_t count);

/* True when devices DMA through an IOMMU: VFIO in use, not in no-IOMMU mode, IOMMU groups present. */
bool spdk_iommu_is_enabled(void);

/*
 * Translate a virtual address to the IOVA the device must use.
 * size (optional): in, the length wanted; out, how many bytes from buf are
 * contiguous in IOVA space (never more than the input).
 * Returns SPDK_VTOPHYS_ERROR if buf is not in registered DMA memory.
 */
uint64_t spdk_vtophys(const void *buf, uint64_t *size);

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

/*
 * PCI devices, as handed to the enumerate callback.  Opaque here: SPDK
 * publishes its layout (for device providers such as VMD); use the getters.
 */
struct spdk_pci_device;
struct spdk_pci_driver;

/* Driver flags (SPDK_PCI_DRIVER_REGISTER); only the NVMe driver exists here. */
#define SPDK_PCI_DRIVER_NEED_MAPPING	0x0001
#define SPDK_PCI_DRIVER_WC_ACTIVATE	0x0002

/* An id_table entry matching one vendor/device pair. */
#define SPDK_PCI_DEVICE(vend, dev)		\
	.class_id = SPDK_PCI_CLASS_ANY_ID,	\
	.vendor_id = (vend),			\
	.device_id = (dev),			\
	.subvendor_id = SPDK_PCI_ANY_ID,	\
	.subdevice_id = SPDK_PCI_ANY_ID

/*
 * Register a driver by name.  Only the NVMe driver exists here: any other
 * registration is logged and ignored (spdk_pci_get_driver() returns NULL for it).
 */
void spdk_pci_driver_register(const char *name, struct spdk_pci_id *id_table, uint32_t flags);

#define SPDK_PCI_DRIVER_REGISTER(name, id_table, flags) \
__attribute__((constructor)) static void _spdk_pci_driver_register_##name(void) \
{ \
	spdk_pci_driver_register(#name, id_table, flags); \
}

/* The driver that claims NVMe-class (0x010802) devices. */
struct spdk_pci_driver *spdk_pci_nvme_get_driver(void);
/* "nvme": the NVMe driver; any other name: NULL. */
struct spdk_pci_driver *spdk_pci_get_driver(const char *name);
/* Drivers of other device kinds: not provided, NULL (logged). */
struct spdk_pci_driver *spdk_pci_vmd_get_driver(void);
struct spdk_pci_driver *spdk_pci_ioat_get_driver(void);
struct spdk_pci_driver *spdk_pci_idxd_get_driver(void);
struct spdk_pci_driver *spdk_pci_ae4dma_get_driver(void);
struct spdk_pci_driver *spdk_pci_virtio_get_driver(void);

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
/* fn(ctx, dev) for every device attached in this process. */
void spdk_pci_for_each_device(void *ctx, void (*fn)(void *ctx, struct spdk_pci_device *dev));
/* Attach the one device at pci_address; -EPERM if spdk_env_opts blocks it. */
int spdk_pci_device_attach(struct spdk_pci_driver *driver, spdk_pci_enum_cb enum_cb,
			   void *enum_ctx, struct spdk_pci_addr *pci_address);
/* Unmap the device and hand it back to the bus (its claim goes with it). */
void spdk_pci_device_detach(struct spdk_pci_device *device);
/*
 * Let a device that pci_blocked, an allow list or the EAL's -b refused be
 * enumerated and attached.  0, or -EINVAL (not a valid address), -ENOMEM.
 */
int spdk_pci_device_allow(struct spdk_pci_addr *pci_addr);
/*
 * True once the kernel has reported the device removed (hot unplug, or asked
 * back through VFIO's device request): stop using it and detach it.
 */
bool spdk_pci_device_is_removed(struct spdk_pci_device *dev);

int spdk_pci_device_map_bar(struct spdk_pci_device *dev, uint32_t bar,
			    void **mapped_addr, uint64_t *phys_addr, uint64_t *size);
int spdk_pci_device_unmap_bar(struct spdk_pci_device *dev, uint32_t bar, void *mapped_addr);

/* Interrupts: not provided (the driver polls); each returns -ENOTSUP (logged). */
int spdk_pci_device_enable_interrupt(struct spdk_pci_device *dev);
int spdk_pci_device_disable_interrupt(struct spdk_pci_device *dev);
int spdk_pci_device_get_interrupt_efd(struct spdk_pci_device *dev);
int spdk_pci_device_enable_interrupts(struct spdk_pci_device *dev, uint32_t efd_count);
int spdk_pci_device_disable_interrupts(struct spdk_pci_device *dev);
int spdk_pci_device_get_interrupt_efd_by_index(struct spdk_pci_device *dev, uint32_t index);

uint32_t spdk_pci_device_get_domain(struct spdk_pci_device *dev);
uint8_t spdk_pci_device_get_bus(struct spdk_pci_device *dev);
uint8_t spdk_pci_device_get_dev(struct spdk_pci_device *dev);
uint8_t spdk_pci_device_get_func(struct spdk_pci_device *dev);
struct spdk_pci_addr spdk_pci_device_get_addr(struct spdk_pci_device *dev);
struct spdk_pci_id spdk_pci_device_get_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_vendor_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_device_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_subvendor_id(struct spdk_pci_device *dev);
uint16_t spdk_pci_device_get_subdevice_id(struct spdk_pci_device *dev);
/* NUMA node of the device (SPDK_ENV_NUMA_ID_ANY when the platform does not say). */
int spdk_pci_device_get_numa_id(struct spdk_pci_device *dev);
/* Older name of spdk_pci_device_get_numa_id() (not in SPDK v26.05). */
int spdk_pci_device_get_socket_id(struct spdk_pci_device *dev);
const char *spdk_pci_device_get_type(const struct spdk_pci_device *dev);
/*
 * The PCIe Device Serial Number capability as 16 lower-case hex digits and a
 * NUL (len >= 17).  0, or -1 (no such capability, len too small; logged).
 */
int spdk_pci_device_get_serial_number(struct spdk_pci_device *dev, char *sn, size_t len);

/*
 * Exclusive use of a device across processes: the lock file
 * /var/tmp/spdk_pci_lock_<bdf> (the same file SPDK uses).  A device attached
 * here already holds it, so claiming it succeeds at once.  -EACCES (the
 * owner's pid logged) when another process holds it, another negative errno
 * on unexpected errors.  Unclaim drops a claim (the lock stays while the
 * device is attached); detaching drops it too.
 */
int spdk_pci_device_claim(struct spdk_pci_device *dev);
void spdk_pci_device_unclaim(struct spdk_pci_device *dev);

/* Config space access.  Return 0, or a negative errno. */
int spdk_pci_device_cfg_read(struct spdk_pci_device *dev, void *buf, uint32_t len,
			     uint32_t offset);
int spdk_pci_device_cfg_write(struct spdk_pci_device *dev, void *buf, uint32_t len,
			      uint32_t offset);
int spdk_pci_device_cfg_read8(struct spdk_pci_device *dev, uint8_t *value, uint32_t offset);
int spdk_pci_device_cfg_write8(struct spdk_pci_device *dev, uint8_t value, uint32_t offset);
int spdk_pci_device_cfg_read16(struct spdk_pci_device *dev, uint16_t *value, uint32_t offset);
int spdk_pci_device_cfg_write16(struct spdk_pci_device *dev, uint16_t value, uint32_t offset);
int spdk_pci_device_cfg_read32(struct spdk_pci_device *dev, uint32_t *value, uint32_t offset);
int spdk_pci_device_cfg_write32(struct spdk_pci_device *dev, uint32_t value, uint32_t offset);

/* Device hooking (VMD's devices behind a bridge): not provided, -ENOTSUP / nothing (logged). */
int spdk_pci_hook_device(struct spdk_pci_driver *drv, struct spdk_pci_device *dev);
void spdk_pci_unhook_device(struct spdk_pci_device *dev);

/* Providers of devices that are not on the PCI bus (VMD): registration is logged and ignored. */
struct spdk_pci_device_provider {
	const char *name;
	/* Attach the device at addr: 0 or a negative errno. */
	int (*attach_cb)(const struct spdk_pci_addr *addr);
	/* Detach a device whose type is this provider's name. */
	void (*detach_cb)(struct spdk_pci_device *dev);
	TAILQ_ENTRY(spdk_pci_device_provider) tailq;
};

void spdk_pci_register_device_provider(struct spdk_pci_device_provider *provider);

#define SPDK_PCI_REGISTER_DEVICE_PROVIDER(name, provider) \
	static void __attribute__((constructor)) _spdk_pci_register_device_provider_##name(void) \
	{ \
		spdk_pci_register_device_provider(provider); \
	}

/* Let the calling thread run on every CPU the process may use, not only its own core. */
void spdk_unaffinitize_thread(void);
/* Call cb(arg) with the calling thread unpinned, then pin it back; returns cb's value. */
void *spdk_call_unaffinitized(void *cb(void *arg), void *arg);

/*
 * Memory maps: a translation per 2 MiB page of virtual memory, owned by the
 * caller.  A map with a notify_cb hears REGISTER for every region of env
 * memory when it is allocated and as DPDK adds memory, UNREGISTER as DPDK
 * frees it and when the map is freed (2 MiB aligned regions; the callback
 * must not allocate env memory).  alloc: NULL when notify_cb refuses a
 * region (what was registered is taken back).
 */
struct spdk_mem_map;

enum spdk_mem_map_notify_action {
	SPDK_MEM_MAP_NOTIFY_REGISTER,
	SPDK_MEM_MAP_NOTIFY_UNREGISTER,
};

typedef int (*spdk_mem_map_notify_cb)(void *cb_ctx, struct spdk_mem_map *map,
				      enum spdk_mem_map_notify_action action,
				      void *vaddr, size_t size);
typedef int (*spdk_mem_map_contiguous_translations)(uint64_t addr_1, uint64_t addr_2);

struct spdk_mem_map_ops {
	spdk_mem_map_notify_cb notify_cb;
	spdk_mem_map_contiguous_translations are_contiguous;
};

struct spdk_mem_map *spdk_mem_map_alloc(uint64_t default_translation,
					const struct spdk_mem_map_ops *ops, void *cb_ctx);
void spdk_mem_map_free(struct spdk_mem_map **pmap);
/* vaddr and size 2 MiB aligned; every page of the range gets translation.  0 or -EINVAL/-ENOMEM. */
int spdk_mem_map_set_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size,
				 uint64_t translation);
int spdk_mem_map_clear_translation(struct spdk_mem_map *map, uint64_t vaddr, uint64_t size);
/*
 * The translation of vaddr (the map's default where none was set).  size
 * (optional): in, the length wanted; out, how far the translation holds
 * (pages joined while ops.are_contiguous says so).  NULL map: UINT64_MAX.
 */
uint64_t spdk_mem_map_translate(const struct spdk_mem_map *map, uint64_t vaddr, uint64_t *size);
/*
 * spdk_mem_register/unregister: defined by main's device-memory work
 * (env_mem_register.c, CMB/PMR only); reserve: -ENOTSUP (logged).
 */
int spdk_mem_register(void *vaddr, size_t len);
int spdk_mem_unregister(void *vaddr, size_t len);
int spdk_mem_reserve(void *vaddr, size_t len);

/*
 * NUMA node of env-allocated memory, or SPDK_ENV_NUMA_ID_ANY.  size
 * (optional): out, bytes from buf in the same memory segment list.
 */
int32_t spdk_mem_get_numa_id(const void *buf, uint64_t *size);
/* The hugepage file and offset of env memory: -ENOTSUP (logged). */
int spdk_mem_get_fd_and_offset(void *vaddr, uint64_t *offset);

/* PCI hotplug events (uevents) and SIGBUS handlers: not provided, -ENOTSUP (logged). */
enum spdk_pci_event_type {
	SPDK_UEVENT_ADD = 0,
	SPDK_UEVENT_REMOVE = 1,
};

struct spdk_pci_event {
	enum spdk_pci_event_type action;
	struct spdk_pci_addr traddr;
};

typedef void (*spdk_pci_error_handler)(const void *failure_addr, void *ctx);

int spdk_pci_event_listen(void);
int spdk_pci_get_event(int fd, struct spdk_pci_event *event);
int spdk_pci_register_error_handler(spdk_pci_error_handler sighandler, void *ctx);
void spdk_pci_unregister_error_handler(spdk_pci_error_handler sighandler);

/* The calling thread's kernel thread id. */
int spdk_get_tid(void);

/*
 * Make device memory mapped into this process usable as a DMA payload, so
 * that spdk_vtophys() translates it.  Only memory inside a BAR of an attached
 * PCI device can be registered here (an NVMe CMB or PMR; the driver registers
 * those itself): other memory gives -ENOTSUP (use spdk_dma_malloc()).
 * -EINVAL for NULL or 0, -EBUSY when it overlaps a registered range, -ENOMEM
 * when the table is full.  unregister takes exactly a registered range
 * (-EINVAL otherwise).
 */
int spdk_mem_register(void *vaddr, size_t len);
int spdk_mem_unregister(void *vaddr, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* SPDK_ENV_H */
