/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Intel vendor-specific NVMe log pages and features (Intel data center SSD
 * vendor log pages 0xC0-0xDD and features 0xC1-0xE2), named as SPDK's
 * spdk/nvme_intel.h.  Read them with spdk_nvme_ctrlr_cmd_get_log_page() /
 * spdk_nvme_ctrlr_cmd_get_feature(); a controller that is not Intel's
 * answers with an error status.
 */
#ifndef SPDK_NVME_INTEL_H
#define SPDK_NVME_INTEL_H

#include "spdk/stdinc.h"

#include "spdk/assert.h"

#ifdef __cplusplus
extern "C" {
#endif

enum spdk_nvme_intel_feat {
	SPDK_NVME_INTEL_FEAT_MAX_LBA				= 0xC1,
	SPDK_NVME_INTEL_FEAT_NATIVE_MAX_LBA			= 0xC2,
	SPDK_NVME_INTEL_FEAT_POWER_GOVERNOR_SETTING		= 0xC6,
	SPDK_NVME_INTEL_FEAT_SMBUS_ADDRESS			= 0xC8,
	SPDK_NVME_INTEL_FEAT_LED_PATTERN			= 0xC9,
	SPDK_NVME_INTEL_FEAT_RESET_TIMED_WORKLOAD_COUNTERS	= 0xD5,
	SPDK_NVME_INTEL_FEAT_LATENCY_TRACKING			= 0xE2,
};

/* Command-specific status of SET FEATURES Max LBA. */
enum spdk_nvme_intel_set_max_lba_command_status_code {
	SPDK_NVME_INTEL_EXCEEDS_AVAILABLE_CAPACITY		= 0xC0,
	SPDK_NVME_INTEL_SMALLER_THAN_MIN_LIMIT			= 0xC1,
	SPDK_NVME_INTEL_SMALLER_THAN_NS_REQUIREMENTS		= 0xC2,
};

enum spdk_nvme_intel_log_page {
	SPDK_NVME_INTEL_LOG_PAGE_DIRECTORY			= 0xC0,
	SPDK_NVME_INTEL_LOG_READ_CMD_LATENCY			= 0xC1,
	SPDK_NVME_INTEL_LOG_WRITE_CMD_LATENCY			= 0xC2,
	SPDK_NVME_INTEL_LOG_TEMPERATURE				= 0xC5,
	SPDK_NVME_INTEL_LOG_SMART				= 0xCA,
	SPDK_NVME_INTEL_MARKETING_DESCRIPTION			= 0xDD,
};

/* Attribute codes in the Intel SMART log (0xCA). */
enum spdk_nvme_intel_smart_attribute_code {
	SPDK_NVME_INTEL_SMART_PROGRAM_FAIL_COUNT		= 0xAB,
	SPDK_NVME_INTEL_SMART_ERASE_FAIL_COUNT			= 0xAC,
	SPDK_NVME_INTEL_SMART_WEAR_LEVELING_COUNT		= 0xAD,
	SPDK_NVME_INTEL_SMART_E2E_ERROR_COUNT			= 0xB8,
	SPDK_NVME_INTEL_SMART_CRC_ERROR_COUNT			= 0xC7,
	SPDK_NVME_INTEL_SMART_MEDIA_WEAR			= 0xE2,
	SPDK_NVME_INTEL_SMART_HOST_READ_PERCENTAGE		= 0xE3,
	SPDK_NVME_INTEL_SMART_TIMER				= 0xE4,
	SPDK_NVME_INTEL_SMART_THERMAL_THROTTLE_STATUS		= 0xEA,
	SPDK_NVME_INTEL_SMART_RETRY_BUFFER_OVERFLOW_COUNTER	= 0xF0,
	SPDK_NVME_INTEL_SMART_PLL_LOCK_LOSS_COUNT		= 0xF3,
	SPDK_NVME_INTEL_SMART_NAND_BYTES_WRITTEN		= 0xF4,
	SPDK_NVME_INTEL_SMART_HOST_BYTES_WRITTEN		= 0xF5,
};

/* Log 0xC0: which vendor pages exist and their lengths in 512-byte units. */
struct spdk_nvme_intel_log_page_directory {
	uint8_t		version[2];
	uint8_t		reserved[384];
	uint8_t		read_latency_log_len;		/* page 0xC1 */
	uint8_t		reserved2;
	uint8_t		write_latency_log_len;		/* page 0xC2 */
	uint8_t		reserved3[5];
	uint8_t		temperature_statistics_log_len;	/* page 0xC5 */
	uint8_t		reserved4[9];
	uint8_t		smart_log_len;			/* page 0xCA */
	uint8_t		reserved5[37];
	uint8_t		marketing_description_log_len;	/* page 0xDD */
	uint8_t		reserved6[69];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_intel_log_page_directory) == 512,
		   "Intel log directory is 512 bytes");

/* Logs 0xC1/0xC2: command latency histograms (the member names keep SPDK's spelling). */
struct spdk_nvme_intel_rw_latency_page {
	uint16_t	major_revison;
	uint16_t	minor_revison;
	uint32_t	buckets_32us[32];	/* 0-1 ms in 32 us steps */
	uint32_t	buckets_1ms[31];	/* 1-32 ms in 1 ms steps */
	uint32_t	buckets_32ms[31];	/* 32 ms-1 s in 32 ms steps */
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_intel_rw_latency_page) == 380,
		   "Intel latency page is 380 bytes");

/* Log 0xC5: temperatures in degrees Celsius. */
struct spdk_nvme_intel_temperature_page {
	uint64_t	current_temperature;
	uint64_t	shutdown_flag_last;
	uint64_t	shutdown_flag_life;
	uint64_t	highest_temperature;
	uint64_t	lowest_temperature;
	uint64_t	reserved[5];
	uint64_t	specified_max_op_temperature;
	uint64_t	reserved2;
	uint64_t	specified_min_op_temperature;
	uint64_t	estimated_offset;
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_intel_temperature_page) == 112,
		   "Intel temperature page is 112 bytes");

/* One 12-byte attribute of log 0xCA; raw_value is a 48-bit little-endian count. */
struct spdk_nvme_intel_smart_attribute {
	uint8_t		code;		/* enum spdk_nvme_intel_smart_attribute_code */
	uint8_t		reserved[2];
	uint8_t		normalized_value;	/* 100 when new */
	uint8_t		reserved2;
	uint8_t		raw_value[6];
	uint8_t		reserved3;
};

#pragma pack(push, 1)
struct spdk_nvme_intel_smart_information_page {
	struct spdk_nvme_intel_smart_attribute attributes[13];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_intel_smart_information_page) == 156,
		   "Intel SMART page is 156 bytes");
#pragma pack(pop)

/* GET/SET FEATURES dword 11 (or the completion's dword 0) of each feature. */
union spdk_nvme_intel_feat_power_governor {
	uint32_t raw;
	struct {
		uint32_t power_governor_setting	: 8;	/* 0: 25 W, 1: 20 W, 2: 10 W */
		uint32_t reserved		: 24;
	} bits;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvme_intel_feat_power_governor) == 4, "feature dword");

union spdk_nvme_intel_feat_smbus_address {
	uint32_t raw;
	struct {
		uint32_t reserved			: 1;
		uint32_t smbus_controller_address	: 8;
		uint32_t reserved2			: 23;
	} bits;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvme_intel_feat_smbus_address) == 4, "feature dword");

union spdk_nvme_intel_feat_led_pattern {
	uint32_t raw;
	struct {
		uint32_t feature_options	: 24;
		uint32_t value			: 8;
	} bits;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvme_intel_feat_led_pattern) == 4, "feature dword");

union spdk_nvme_intel_feat_reset_timed_workload_counters {
	uint32_t raw;
	struct {
		uint32_t reset		: 1;
		uint32_t reserved	: 31;
	} bits;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvme_intel_feat_reset_timed_workload_counters) == 4,
		   "feature dword");

union spdk_nvme_intel_feat_latency_tracking {
	uint32_t raw;
	struct {
		uint32_t enable	: 32;
	} bits;
};
SPDK_STATIC_ASSERT(sizeof(union spdk_nvme_intel_feat_latency_tracking) == 4, "feature dword");

/* Log 0xDD: 512 bytes of text; read 4 KiB since some older firmware writes
 * past the 512 bytes the specification promises. */
struct spdk_nvme_intel_marketing_description_page {
	uint8_t		marketing_product[512];
	uint8_t		reserved[3584];
};
SPDK_STATIC_ASSERT(sizeof(struct spdk_nvme_intel_marketing_description_page) == 4096,
		   "Intel marketing page is 4 KiB");

#ifdef __cplusplus
}
#endif

#endif /* SPDK_NVME_INTEL_H */
