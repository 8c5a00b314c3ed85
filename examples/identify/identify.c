/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * identify: attach to NVMe controllers and print what they report about
 * themselves and their active namespaces, as text or (--json) as one JSON
 * document.  This file: options, environment, probe/attach, detach.
 * Gathering: identify_gather.c; output: identify_print_text.c and
 * identify_print_json.c.  Public SPDK-compatible API only.
 *
 *   identify [-r trid] [-i shm_id] [-d mem_MiB] [-g] [-j|--json]
 *
 * With 'ns:N' in the trid (as spdk_nvme_perf takes it) only namespace N of
 * the controller is shown, and a namespace that is not active is an error.
 * A fabrics trid is connected to (spdk_nvme_connect, as SPDK's identify):
 * without subnqn that is the discovery controller, and its log page entries
 * are shown.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "identify.h"
#include "ealnvme_setup_cmd.h"
#include "ns_select.h"

struct identify_opts {
	struct ns_select		sel;	/* -r: trid and ns:N */
	bool				have_sel;
	bool				json;
	int				shm_id;
	int				mem_size;
	bool				single_segments;
};

static struct identify_ctrlr *g_controllers;
static struct identify_ctrlr **g_controllers_tail = &g_controllers;
static const struct identify_opts *g_opts;
static bool g_select_failed;	/* an ns:N that is not an active namespace */

static void
usage(FILE *out, const char *prog)
{
	fprintf(out, "usage: %s [-r trid] [-i shm_id] [-d mem_MiB] [-g] [-j|--json] [-h]\n", prog);
	fprintf(out, "  -r, --trid TRID      only this controller, e.g. "
		"'trtype:PCIe traddr:0000:01:00.0';\n"
		"                       add 'ns:N' to show namespace N only; a fabrics trid\n"
		"                       without subnqn shows the discovery log page\n");
	fprintf(out, "  -i, --shm-id N       shared memory group ID (multi-process)\n");
	fprintf(out, "  -d, --mem-size MIB   memory to reserve up front, in MiB\n");
	fprintf(out, "  -g, --single-file-segments  one hugepage file per memory segment\n");
	fprintf(out, "  -j, --json           one JSON document instead of text (with every member of\n"
		    "                       nvme-cli's id-ctrl/id-ns JSON, same keys and values)\n");
	fprintf(out, "  -h, --help           this text\n");
}

/* A whole non-negative decimal int, or -1. */
static int
parse_count(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > INT_MAX) {
		return -1;
	}
	return (int)v;
}

/* 0, or 1 after a one-line reason (the caller prints the usage). */
static int
parse_args(int argc, char **argv, struct identify_opts *o)
{
	static const struct option longopts[] = {
		{ "trid", required_argument, NULL, 'r' },
		{ "shm-id", required_argument, NULL, 'i' },
		{ "mem-size", required_argument, NULL, 'd' },
		{ "single-file-segments", no_argument, NULL, 'g' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[NS_SELECT_ERR_LEN];
	int op;

	opterr = 0;	/* our own one-line messages */
	while ((op = getopt_long(argc, argv, ":r:i:d:gjh", longopts, NULL)) != -1) {
		switch (op) {
		case 'r':
			if (o->have_sel) {
				fprintf(stderr, "identify: -r given twice; identify takes one "
					"controller (run it once per controller)\n");
				return 1;
			}
			if (ns_select_parse(&o->sel, optarg, err, sizeof(err)) != 0) {
				fprintf(stderr, "identify: invalid transport ID: %s\n", err);
				return 1;
			}
			o->have_sel = true;
			break;
		case 'i':
			o->shm_id = parse_count(optarg);
			if (o->shm_id < 0) {
				fprintf(stderr, "identify: -i needs a non-negative number, got '%s'\n",
					optarg);
				return 1;
			}
			break;
		case 'd':
			o->mem_size = parse_count(optarg);
			if (o->mem_size <= 0) {
				fprintf(stderr, "identify: -d needs a size in MiB greater than 0, "
					"got '%s'\n", optarg);
				return 1;
			}
			break;
		case 'g':
			o->single_segments = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		case ':':
			fprintf(stderr, "identify: option '%s' needs a value\n", argv[optind - 1]);
			return 1;
		default:
			if (optopt != 0) {
				fprintf(stderr, "identify: unknown option '-%c'\n", optopt);
			} else {
				fprintf(stderr, "identify: unknown option '%s'\n", argv[optind - 1]);
			}
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "identify: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	return 0;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	struct identify_ctrlr *ic = calloc(1, sizeof(*ic));
	char err[NS_SELECT_ERR_LEN];

	(void)cb_ctx;
	(void)opts;
	if (ic == NULL) {
		fprintf(stderr, "identify: out of memory; detaching %s\n", trid->traddr);
		spdk_nvme_detach(ctrlr);
		return;
	}
	ic->ctrlr = ctrlr;
	ic->trid = *trid;
	if (g_opts->have_sel) {
		/* Only checks that ns:N is an active namespace: gathering filters. */
		if (ns_select_ctrlr(&g_opts->sel, 1, ctrlr, NULL, NULL, err, sizeof(err)) != 0) {
			fprintf(stderr, "identify: -r %s\n", err);
			g_select_failed = true;
		}
		ic->only_nsid = g_opts->sel.nsid;
	}
	/* Keep discovery order. */
	*g_controllers_tail = ic;
	g_controllers_tail = &ic->next;
}

/*
 * A fabrics trid names one controller, as SPDK's identify connects to it:
 * with no subnqn (or the discovery NQN) that is the discovery controller,
 * whose log page is then shown instead of namespaces.
 */
static int
connect_fabrics(const struct spdk_nvme_transport_id *trid)
{
	struct spdk_nvme_ctrlr_opts opts;
	struct spdk_nvme_ctrlr *ctrlr;

	spdk_nvme_ctrlr_get_default_ctrlr_opts(&opts, sizeof(opts));
	ctrlr = spdk_nvme_connect(trid, &opts, sizeof(opts));
	if (ctrlr == NULL) {
		fprintf(stderr, "identify: spdk_nvme_connect() to %s:%s failed (the lines above say "
			"why)\n", trid->traddr, trid->trsvcid);
		return -ENODEV;
	}
	attach_cb(NULL, spdk_nvme_ctrlr_get_transport_id(ctrlr), ctrlr,
		  spdk_nvme_ctrlr_get_opts(ctrlr));
	return 0;
}

static void
detach_all(void)
{
	struct identify_ctrlr *ic = g_controllers;

	while (ic != NULL) {
		struct identify_ctrlr *next = ic->next;

		identify_release(ic);
		spdk_nvme_detach(ic->ctrlr);
		free(ic);
		ic = next;
	}
	g_controllers = NULL;
	g_controllers_tail = &g_controllers;
}

int
main(int argc, char **argv)
{
	struct identify_opts o = { .shm_id = -1, .mem_size = -1 };
	struct spdk_env_opts env;
	struct identify_ctrlr *ic;
	int rc, failures = 0;

	spdk_nvme_trid_populate_transport(&o.sel.trid, SPDK_NVME_TRANSPORT_PCIE);
	g_opts = &o;
	if (parse_args(argc, argv, &o) != 0) {
		usage(stderr, argv[0]);
		return 1;
	}
	env.opts_size = sizeof(env);
	spdk_env_opts_init(&env);
	env.name = "identify";
	env.shm_id = o.shm_id;
	env.mem_size = o.mem_size;
	env.hugepage_single_segments = o.single_segments;
	if (spdk_env_init(&env) < 0) {
		fprintf(stderr, "identify: unable to initialise the environment (the line above "
			"says why; see '%s status')\n", ealnvme_setup_cmd());
		return 1;
	}
	if (o.sel.trid.trtype != SPDK_NVME_TRANSPORT_PCIE) {
		rc = connect_fabrics(&o.sel.trid);
	} else {
		rc = spdk_nvme_probe(&o.sel.trid, NULL, NULL, attach_cb, NULL);
		if (rc != 0) {
			fprintf(stderr, "identify: spdk_nvme_probe() failed: %s\n", strerror(-rc));
		}
	}
	if (g_controllers == NULL && o.sel.trid.trtype != SPDK_NVME_TRANSPORT_PCIE) {
		fprintf(stderr, "identify: no NVMe controller reachable through transport %s\n",
			spdk_nvme_transport_id_trtype_str(o.sel.trid.trtype));
		spdk_env_fini();
		return 1;
	}
	if (g_controllers == NULL) {
		fprintf(stderr, "identify: no NVMe controllers found (but any named above as unusable): "
			"bind one to vfio-pci or "
			"uio_pci_generic with '%s' (see '%s status')\n", ealnvme_setup_cmd(),
			ealnvme_setup_cmd());
		spdk_env_fini();
		return 1;
	}
	if (g_select_failed) {
		detach_all();
		spdk_env_fini();
		return 1;
	}
	for (ic = g_controllers; ic != NULL; ic = ic->next) {
		if (identify_gather(ic) != 0) {
			failures++;
		}
	}
	if (o.json) {
		identify_print_json(stdout, g_controllers);
	} else {
		identify_print_text(stdout, g_controllers);
	}
	fflush(stdout);
	detach_all();
	spdk_env_fini();
	return failures != 0 ? 1 : 0;
}
