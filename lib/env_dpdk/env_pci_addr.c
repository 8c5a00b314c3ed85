/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * PCI address parsing, formatting and ordering (spdk/env.h).
 *
 * Pure string code with no DPDK dependency: the unit tests link it with a
 * mocked env.
 *
 * Accepted forms, hex digits of either case, nothing before or after:
 *   dddd:bb:dd.f    the canonical form (what spdk_pci_addr_fmt() prints)
 *   dddd:bb:dd:f    ':' before the function
 *   dddd.bb.dd.f    all dots (SPDK documents this form too)
 *   bb:dd.f         domain 0
 * Limits: domain <= 0xffffffff, bus <= 0xff, device <= 0x1f, function <= 7.
 * A three-part "x:y:z" is rejected: SPDK reads it as domain:bus:device, others
 * as bus:device:function, and guessing would silently pick the wrong device.
 */
#include <errno.h>
#include <stdio.h>

#include "spdk/env.h"

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Read one non-empty hex number of at most 32 bits at *p and advance *p past it. */
static int
read_hex32(const char **p, uint32_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	while ((d = hex_digit(*s)) >= 0) {
		v = v * 16 + (uint64_t)d;
		if (v > UINT32_MAX) {
			return -1;
		}
		s++;
	}
	if (s == *p) {
		return -1;
	}
	*p = s;
	*out = (uint32_t)v;
	return 0;
}

int
spdk_pci_addr_parse(struct spdk_pci_addr *addr, const char *bdf)
{
	uint32_t f[4], domain, bus, dev, func;
	char sep[3];
	const char *p = bdf;
	int n = 0;

	if (addr == NULL || bdf == NULL) {
		return -EINVAL;
	}

	/* Split into up to four hex numbers, remembering the separators. */
	for (;;) {
		if (read_hex32(&p, &f[n]) != 0) {
			return -EINVAL;
		}
		n++;
		if (*p == '\0') {
			break;
		}
		if (n == 4 || (*p != ':' && *p != '.')) {
			return -EINVAL;
		}
		sep[n - 1] = *p++;
	}

	if (n == 4 && sep[0] == ':' && sep[1] == ':') {
		/* dddd:bb:dd.f or dddd:bb:dd:f (sep[2] is ':' or '.') */
	} else if (n == 4 && sep[0] == '.' && sep[1] == '.' && sep[2] == '.') {
		/* dddd.bb.dd.f */
	} else if (n == 3 && sep[0] == ':' && sep[1] == '.') {
		/* bb:dd.f */
		f[3] = f[2];
		f[2] = f[1];
		f[1] = f[0];
		f[0] = 0;
	} else {
		return -EINVAL;
	}

	domain = f[0];
	bus = f[1];
	dev = f[2];
	func = f[3];
	if (bus > 0xff || dev > 0x1f || func > 7) {
		return -EINVAL;
	}

	addr->domain = domain;
	addr->bus = (uint8_t)bus;
	addr->dev = (uint8_t)dev;
	addr->func = (uint8_t)func;
	return 0;
}

int
spdk_pci_addr_fmt(char *bdf, size_t sz, const struct spdk_pci_addr *addr)
{
	int rc;

	if (bdf == NULL || addr == NULL) {
		return -1;
	}
	/* A domain above 0xffff (VMD) prints 5-8 digits, like sysfs; SPDK_PCI_ADDR_FMT_LEN fits. */
	rc = snprintf(bdf, sz, "%04x:%02x:%02x.%x", addr->domain, addr->bus, addr->dev, addr->func);
	if (rc < 0 || (size_t)rc >= sz) {
		return -1;
	}
	return 0;
}

static int
cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

int
spdk_pci_addr_compare(const struct spdk_pci_addr *a1, const struct spdk_pci_addr *a2)
{
	int cmp;

	cmp = cmp_u32(a1->domain, a2->domain);
	if (cmp == 0) {
		cmp = cmp_u32(a1->bus, a2->bus);
	}
	if (cmp == 0) {
		cmp = cmp_u32(a1->dev, a2->dev);
	}
	if (cmp == 0) {
		cmp = cmp_u32(a1->func, a2->func);
	}
	return cmp;
}
