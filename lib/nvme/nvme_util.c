/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * spdk_internal/nvme_util.h: the -r option's help text, transport ID
 * entries with the tools' extra keys (ns, hostnqn, hostaddr, alt_traddr),
 * and controller/namespace display names.  The transport ID keys
 * themselves are parsed by nvme_transport_id.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "spdk_internal/nvme_util.h"
#include "ealnvme_log.h"

/* The well-known discovery subsystem NQN (NVMe-oF spec 1.1, 7.1). */
#define NVME_UTIL_DISCOVERY_NQN	"nqn.2014-08.org.nvmexpress.discovery"
#define NVME_UTIL_WHITESPACE	" \t\n"

static bool
nvme_util_is_fabrics(enum spdk_nvme_transport_type trtype)
{
	return trtype == SPDK_NVME_TRANSPORT_RDMA || trtype == SPDK_NVME_TRANSPORT_FC ||
	       trtype == SPDK_NVME_TRANSPORT_TCP;
}

void
spdk_nvme_transport_id_usage(FILE *f, uint32_t opts)
{
	bool pcie = (opts & SPDK_NVME_TRID_USAGE_OPT_NO_PCIE) == 0;
	bool fabric = (opts & SPDK_NVME_TRID_USAGE_OPT_NO_FABRIC) == 0;
	bool optional = (opts & SPDK_NVME_TRID_USAGE_OPT_MANDATORY) == 0;

	if (f == NULL) {
		return;
	}
	fprintf(f, "\t%s-r%s <fmt> Transport ID of the %s%s%s%s\n", optional ? "[" : "",
		(opts & SPDK_NVME_TRID_USAGE_OPT_LONGOPT) ? ", --transport" : "",
		pcie ? "local PCIe NVMe controller" : "", pcie && fabric ? " or the " : "",
		fabric ? "NVMe-oF target" : "", optional ? "]" : "");
	fprintf(f, "\t\tFormat: 'key:value [key:value] ...'\n");
	fprintf(f, "\t\tKeys:\n");
	fprintf(f, "\t\t %-11s transport type: %s\n", "trtype",
		pcie && fabric ? "PCIe, RDMA, TCP, FC" : pcie ? "PCIe" : "RDMA, TCP, FC");
	if (fabric) {
		fprintf(f, "\t\t %-11s address family: IPv4, IPv6, IB, FC\n", "adrfam");
	}
	fprintf(f, "\t\t %-11s transport address: %s%s%s\n", "traddr",
		pcie ? "PCI address such as 0000:04:00.0" : "", pcie && fabric ? ", or " : "",
		fabric ? "host name or IP such as 192.168.100.8" : "");
	if (fabric) {
		fprintf(f, "\t\t %-11s service id, such as a TCP port: 4420\n", "trsvcid");
		fprintf(f, "\t\t %-11s subsystem NQN (default %s)\n", "subnqn",
			NVME_UTIL_DISCOVERY_NQN);
	}
	if (opts & SPDK_NVME_TRID_USAGE_OPT_NS) {
		fprintf(f, "\t\t %-11s namespace ID to use (default: every active namespace)\n",
			"ns");
	}
	if (fabric && (opts & SPDK_NVME_TRID_USAGE_OPT_HOSTNQN)) {
		fprintf(f, "\t\t %-11s host NQN\n", "hostnqn");
	}
	if (fabric && (opts & SPDK_NVME_TRID_USAGE_OPT_HOSTADDR)) {
		fprintf(f, "\t\t %-11s local address to connect from (optional)\n", "hostaddr");
	}
	if (fabric && (opts & SPDK_NVME_TRID_USAGE_OPT_ALT_TRADDR)) {
		fprintf(f, "\t\t %-11s second transport address, for failover (optional)\n",
			"alt_traddr");
	}
	fprintf(f, "\t\tExamples:\n");
	if (pcie) {
		fprintf(f, "\t\t -r 'trtype:PCIe traddr:0000:04:00.0'\n");
	}
	if (fabric) {
		fprintf(f, "\t\t -r 'trtype:TCP adrfam:IPv4 traddr:192.168.100.8 trsvcid:4420'\n");
	}
	if (opts & SPDK_NVME_TRID_USAGE_OPT_MULTI) {
		fprintf(f, "\t\tGive -r more than once for more controllers or targets.\n");
	}
}

/*
 * The value of key in str ("key:value" or "key=value", a whole token, key
 * case-insensitive): *val and *len, true when present.  The last one wins.
 */
static bool
nvme_util_find_key(const char *str, const char *key, const char **val, size_t *len)
{
	size_t key_len = strlen(key);
	bool found = false;

	for (const char *p = str + strspn(str, NVME_UTIL_WHITESPACE); *p != '\0';) {
		size_t tok = strcspn(p, NVME_UTIL_WHITESPACE);

		if (tok > key_len && strncasecmp(p, key, key_len) == 0 &&
		    (p[key_len] == ':' || p[key_len] == '=')) {
			*val = p + key_len + 1;
			*len = tok - key_len - 1;
			found = true;
		}
		p += tok;
		p += strspn(p, NVME_UTIL_WHITESPACE);
	}
	return found;
}

static int
nvme_util_parse_nsid(const char *val, size_t len, uint16_t *nsid)
{
	unsigned long v = 0;

	/* At most 5 digits, 1..65535 (SPDK's tools keep the NSID in 16 bits). */
	if (len == 0 || len > 5) {
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i++) {
		if (val[i] < '0' || val[i] > '9') {
			return -EINVAL;
		}
		v = v * 10 + (unsigned long)(val[i] - '0');
	}
	if (v == 0 || v > 65535) {
		return -EINVAL;
	}
	*nsid = (uint16_t)v;
	return 0;
}

/* Copy a value into a field of size bytes (NUL included), or -EINVAL. */
static int
nvme_util_copy(char *field, size_t size, const char *val, size_t len, const char *what)
{
	if (len >= size) {
		EALNVME_ERRLOG("transport ID: %s is %zu characters long, the maximum is %zu",
			       what, len, size - 1);
		return -EINVAL;
	}
	memcpy(field, val, len);
	field[len] = '\0';
	return 0;
}

int
spdk_nvme_trid_entry_parse(struct spdk_nvme_trid_entry *trid_entry, const char *str)
{
	struct spdk_nvme_transport_id *trid;
	const char *val;
	size_t len;

	if (trid_entry == NULL || str == NULL) {
		EALNVME_ERRLOG("spdk_nvme_trid_entry_parse: NULL %s",
			       trid_entry == NULL ? "entry" : "string");
		return -EINVAL;
	}
	trid = &trid_entry->trid;
	/* The defaults a string without trtype/subnqn gets. */
	spdk_nvme_trid_populate_transport(trid, SPDK_NVME_TRANSPORT_PCIE);
	snprintf(trid->subnqn, sizeof(trid->subnqn), "%s", NVME_UTIL_DISCOVERY_NQN);
	if (spdk_nvme_transport_id_parse(trid, str) != 0) {
		EALNVME_ERRLOG("transport ID '%s' is not valid (see the line above); the format "
			       "is 'trtype:PCIe traddr:0000:04:00.0'", str);
		return -EINVAL;
	}
	if (nvme_util_find_key(str, "ns", &val, &len) &&
	    nvme_util_parse_nsid(val, len, &trid_entry->nsid) != 0) {
		EALNVME_ERRLOG("transport ID: ns:%.*s is not a namespace ID from 1 to 65535",
			       (int)(len > 16 ? 16 : len), val);
		return -EINVAL;
	}
	trid_entry->hostnqn[0] = '\0';
	if (nvme_util_find_key(str, "hostnqn", &val, &len) &&
	    nvme_util_copy(trid_entry->hostnqn, sizeof(trid_entry->hostnqn), val, len,
			   "hostnqn") != 0) {
		return -EINVAL;
	}
	trid_entry->hostaddr[0] = '\0';
	if (nvme_util_find_key(str, "hostaddr", &val, &len)) {
		if (!nvme_util_is_fabrics(trid->trtype)) {
			EALNVME_ERRLOG("transport ID: hostaddr applies to fabrics (RDMA, TCP, FC) "
				       "only; remove it for %s",
				       spdk_nvme_transport_id_trtype_str(trid->trtype));
			return -EINVAL;
		}
		if (nvme_util_copy(trid_entry->hostaddr, sizeof(trid_entry->hostaddr), val, len,
				   "hostaddr") != 0) {
			return -EINVAL;
		}
	}
	trid_entry->failover_trid = *trid;
	if (nvme_util_find_key(str, "alt_traddr", &val, &len) &&
	    nvme_util_copy(trid_entry->failover_trid.traddr,
			   sizeof(trid_entry->failover_trid.traddr), val, len, "alt_traddr") != 0) {
		return -EINVAL;
	}
	return 0;
}

/* snprintf at *off, advancing it; truncation keeps *off inside the buffer. */
static int __attribute__((format(printf, 4, 5)))
nvme_util_append(char *name, size_t length, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(name + *off, length - *off, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return -EIO;
	}
	*off += (size_t)n < length - *off ? (size_t)n : length - *off - 1;
	return n;
}

int
spdk_nvme_build_name(char *name, size_t length, struct spdk_nvme_ctrlr *ctrlr,
		     struct spdk_nvme_ns *ns)
{
	const struct spdk_nvme_transport_id *trid;
	struct spdk_pci_device *dev;
	size_t off = 0;
	int total = 0, n;

	if (name == NULL || length == 0 || ctrlr == NULL) {
		EALNVME_ERRLOG("spdk_nvme_build_name: NULL name or controller, or no room");
		return -EINVAL;
	}
	trid = spdk_nvme_ctrlr_get_transport_id(ctrlr);
	switch (trid->trtype) {
	case SPDK_NVME_TRANSPORT_PCIE:
		n = nvme_util_append(name, length, &off, "PCIE (%s)", trid->traddr);
		dev = spdk_nvme_ctrlr_get_pci_device(ctrlr);
		if (n >= 0 && dev != NULL) {
			struct spdk_pci_id id = spdk_pci_device_get_id(dev);

			total += n;
			n = nvme_util_append(name, length, &off, " [%04x:%04x]", id.vendor_id,
					     id.device_id);
		}
		break;
	case SPDK_NVME_TRANSPORT_RDMA:
	case SPDK_NVME_TRANSPORT_TCP:
		n = nvme_util_append(name, length, &off, "%s (addr:%s subnqn:%s)",
				     trid->trtype == SPDK_NVME_TRANSPORT_RDMA ? "RDMA" : "TCP",
				     trid->traddr, trid->subnqn);
		break;
	case SPDK_NVME_TRANSPORT_VFIOUSER:
		n = nvme_util_append(name, length, &off, "VFIOUSER (%s)", trid->traddr);
		break;
	case SPDK_NVME_TRANSPORT_CUSTOM:
		n = nvme_util_append(name, length, &off, "CUSTOM (%s)", trid->traddr);
		break;
	default:
		EALNVME_ERRLOG("spdk_nvme_build_name: unknown transport type %d",
			       (int)trid->trtype);
		return -EINVAL;
	}
	if (n < 0) {
		return n;
	}
	total += n;
	if (ns != NULL) {
		n = nvme_util_append(name, length, &off, " NSID %u", spdk_nvme_ns_get_id(ns));
		if (n < 0) {
			return n;
		}
		total += n;
	}
	return total;
}
