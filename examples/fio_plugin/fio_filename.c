/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The fio engine's filename parser (see fio_filename.h).  Parsed here rather
 * than by spdk_nvme_transport_id_parse() so that every mistake gets exactly
 * one line, phrased for a fio job file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spdk/env.h"
#include "fio_filename.h"

#define EFIO_NAME_SHOWN	96	/* characters of the filename quoted in an error */
#define EFIO_EXAMPLE	"filename='trtype=PCIe traddr=0000.04.00.0 ns=1'"

static int __attribute__((format(printf, 4, 5)))
fail(char *err, size_t err_len, const char *name, const char *fmt, ...)
{
	char why[EFIO_ERR_LEN - EFIO_NAME_SHOWN - 20];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* A long filename is cut so that the reason still fits the line. */
	if (err != NULL && err_len > 0) {
		snprintf(err, err_len, "filename '%.*s%s': %s", EFIO_NAME_SHOWN, name,
			 strlen(name) > EFIO_NAME_SHOWN ? "..." : "", why);
	}
	return -EINVAL;
}

/* Decimal NSID: 1..0xfffffffe (0 is unused, 0xffffffff is the broadcast value). */
static int
parse_nsid(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10) {
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i])) {
			return -1;
		}
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v == 0 || v >= 0xffffffffu) {
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int
efio_name_parse(struct efio_name *out, const char *name, char *err, size_t err_len)
{
	struct spdk_pci_addr addr;
	struct efio_name tmp;
	bool have_trtype = false, have_traddr = false, have_ns = false;
	const char *p;

	if (name == NULL || name[0] == '\0') {
		return fail(err, err_len, "", "empty; write " EFIO_EXAMPLE);
	}
	memset(&tmp, 0, sizeof(tmp));
	spdk_nvme_trid_populate_transport(&tmp.trid, SPDK_NVME_TRANSPORT_PCIE);

	for (p = name + strspn(name, " \t"); *p != '\0'; p += strspn(p, " \t")) {
		size_t tok_len = strcspn(p, " \t");
		const char *eq = memchr(p, '=', tok_len);
		const char *val;
		size_t key_len, val_len;

		if (eq == NULL || eq == p || eq + 1 == p + tok_len) {
			return fail(err, err_len, name, "'%.*s' is not key=value; write " EFIO_EXAMPLE,
				    (int)tok_len, p);
		}
		key_len = (size_t)(eq - p);
		val = eq + 1;
		val_len = tok_len - key_len - 1;

		if (key_len == 6 && strncasecmp(p, "trtype", 6) == 0) {
			if (have_trtype) {
				return fail(err, err_len, name, "trtype is given twice");
			}
			if (val_len != 4 || strncasecmp(val, "PCIe", 4) != 0) {
				return fail(err, err_len, name, "trtype=%.*s is not supported; this "
					    "engine drives local PCIe controllers (trtype=PCIe)",
					    (int)val_len, val);
			}
			have_trtype = true;
		} else if (key_len == 6 && strncasecmp(p, "traddr", 6) == 0) {
			char buf[SPDK_NVMF_TRADDR_MAX_LEN + 1];

			if (have_traddr) {
				return fail(err, err_len, name, "traddr is given twice");
			}
			if (val_len >= sizeof(buf)) {
				return fail(err, err_len, name, "traddr is too long");
			}
			memcpy(buf, val, val_len);
			buf[val_len] = '\0';
			if (spdk_pci_addr_parse(&addr, buf) != 0 ||
			    spdk_pci_addr_fmt(tmp.trid.traddr, sizeof(tmp.trid.traddr), &addr) != 0) {
				return fail(err, err_len, name, "traddr=%s is not a PCI address; write "
					    "it with dots, e.g. traddr=0000.04.00.0 (fio splits "
					    "filenames at ':')", buf);
			}
			have_traddr = true;
		} else if (key_len == 2 && strncasecmp(p, "ns", 2) == 0) {
			if (have_ns) {
				return fail(err, err_len, name, "ns is given twice; list one filename "
					    "per namespace, separated by ':'");
			}
			if (parse_nsid(val, val_len, &tmp.nsid) != 0) {
				return fail(err, err_len, name, "ns=%.*s is not a namespace ID (a "
					    "decimal number from 1 to 4294967294)", (int)val_len, val);
			}
			have_ns = true;
		} else {
			return fail(err, err_len, name, "unknown key '%.*s' (the keys are trtype, "
				    "traddr and ns)", (int)key_len, p);
		}
		p += tok_len;
	}
	if (!have_traddr) {
		return fail(err, err_len, name, "no traddr: name the controller, e.g. "
			    "traddr=0000.04.00.0 ('scripts/setup.sh status' lists them)");
	}
	*out = tmp;
	return 0;
}
