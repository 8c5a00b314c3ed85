/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * Attach to every NVMe controller (or the one given with -r) and print, per
 * controller, one JSON document with the identify fields the guest tests
 * compare with nvme-cli:
 *
 *   {"traddr": "0000:00:04.0", "serial": "...", "model": "...", "firmware": "...",
 *    "nn": 256, "mdts": 7, "max_xfer_size": 524288,
 *    "namespaces": [{"nsid": 1, "nsze": 131072, "ncap": 131072, "nuse": 131072,
 *                    "flbas": 0, "lbads": 9, "lba_data_size": 512,
 *                    "sector_size": 512, "num_sectors": 131072}]}
 *
 * Strings are trimmed of the padding spaces.  Uses only the public API.
 *
 *   nvme_identify_dump [-r trid] [-o FILE]
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

static FILE *g_out;
static int g_attached;
static struct spdk_nvme_ctrlr *g_ctrlrs[64];

/* Print a fixed-width, space-padded identify string as a JSON string. */
static void
print_json_str(const char *key, const void *field, size_t len)
{
	const unsigned char *s = field;
	size_t n = len;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\0')) {
		n--;
	}
	while (n > 0 && s[0] == ' ') {
		s++;
		n--;
	}
	fprintf(g_out, "\"%s\": \"", key);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			fprintf(g_out, "\\%c", s[i]);
		} else if (s[i] < 0x20 || s[i] >= 0x7f) {
			fprintf(g_out, "\\u%04x", s[i]);
		} else {
			fputc(s[i], g_out);
		}
	}
	fputc('"', g_out);
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	(void)trid;
	(void)opts;
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid, struct spdk_nvme_ctrlr *ctrlr,
	  const struct spdk_nvme_ctrlr_opts *opts)
{
	const struct spdk_nvme_ctrlr_data *cd = spdk_nvme_ctrlr_get_data(ctrlr);
	const char *sep = "";

	(void)cb_ctx;
	(void)opts;
	fprintf(g_out, "{\"traddr\": \"%s\", ", trid->traddr);
	print_json_str("serial", cd->sn, sizeof(cd->sn));
	fprintf(g_out, ", ");
	print_json_str("model", cd->mn, sizeof(cd->mn));
	fprintf(g_out, ", ");
	print_json_str("firmware", cd->fr, sizeof(cd->fr));
	fprintf(g_out, ",\n \"nn\": %" PRIu32 ", \"mdts\": %u, \"max_xfer_size\": %" PRIu32
		", \"namespaces\": [", cd->nn, cd->mdts, spdk_nvme_ctrlr_get_max_xfer_size(ctrlr));
	for (uint32_t nsid = spdk_nvme_ctrlr_get_first_active_ns(ctrlr); nsid != 0;
	     nsid = spdk_nvme_ctrlr_get_next_active_ns(ctrlr, nsid)) {
		struct spdk_nvme_ns *ns = spdk_nvme_ctrlr_get_ns(ctrlr, nsid);
		const struct spdk_nvme_ns_data *nd;
		unsigned int lbads;

		if (ns == NULL || !spdk_nvme_ns_is_active(ns)) {
			continue;
		}
		nd = spdk_nvme_ns_get_data(ns);
		lbads = nd->lbaf[nd->flbas.format].lbads;
		fprintf(g_out, "%s\n  {\"nsid\": %" PRIu32 ", \"nsze\": %" PRIu64 ", \"ncap\": %" PRIu64
			", \"nuse\": %" PRIu64 ", \"flbas\": %u, \"lbads\": %u, \"lba_data_size\": %"
			PRIu64 ", \"sector_size\": %" PRIu32 ", \"num_sectors\": %" PRIu64 "}",
			sep, nsid, nd->nsze, nd->ncap, nd->nuse, nd->flbas.format, lbads,
			lbads < 64 ? (uint64_t)1 << lbads : 0, spdk_nvme_ns_get_sector_size(ns),
			spdk_nvme_ns_get_num_sectors(ns));
		sep = ",";
	}
	fprintf(g_out, "]}\n");
	fflush(g_out);
	if (g_attached < (int)(sizeof(g_ctrlrs) / sizeof(g_ctrlrs[0]))) {
		g_ctrlrs[g_attached++] = ctrlr;
	} else {
		spdk_nvme_detach(ctrlr);
	}
}

int
main(int argc, char **argv)
{
	struct spdk_nvme_transport_id trid = { 0 };
	struct spdk_env_opts opts;
	const char *out = NULL;
	int op, rc;

	spdk_nvme_trid_populate_transport(&trid, SPDK_NVME_TRANSPORT_PCIE);
	while ((op = getopt(argc, argv, "ho:r:")) != -1) {
		switch (op) {
		case 'o':
			out = optarg;
			break;
		case 'r':
			if (spdk_nvme_transport_id_parse(&trid, optarg) != 0) {
				fprintf(stderr, "Error parsing transport address '%s'\n", optarg);
				return 1;
			}
			break;
		default:
			printf("usage: %s [-r trid] [-o FILE (JSON here, not on stdout)]\n", argv[0]);
			return op == 'h' ? 0 : 1;
		}
	}
	g_out = stdout;
	if (out != NULL && (g_out = fopen(out, "w")) == NULL) {
		perror(out);
		return 1;
	}
	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "nvme_identify_dump";
	if (spdk_env_init(&opts) < 0) {
		fprintf(stderr, "Unable to initialize SPDK env\n");
		return 1;
	}
	rc = spdk_nvme_probe(&trid, NULL, probe_cb, attach_cb, NULL);
	if (rc != 0) {
		fprintf(stderr, "spdk_nvme_probe() failed (%d)\n", rc);
	}
	for (int i = 0; i < g_attached; i++) {
		spdk_nvme_detach(g_ctrlrs[i]);
	}
	spdk_env_fini();
	if (g_out != stdout) {
		fclose(g_out);
	}
	if (g_attached == 0) {
		fprintf(stderr, "no NVMe controllers found: bind one with 'scripts/setup.sh'\n");
		return 1;
	}
	return rc != 0 ? 1 : 0;
}
