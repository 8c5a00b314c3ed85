/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The classic first program: attach to every NVMe controller, and on each
 * active namespace write "Hello world!\n" to LBA 0, read it back, print it.
 * Before each write it prints the controller, serial, namespace and LBA it is
 * about to overwrite; --list prints what it would use and writes nothing.
 * Uses only the SPDK-compatible public API (and examples/common/ns_select.c).
 *
 *   hello_world [-r "trtype:PCIe traddr:0000:01:00.0 ns:1"]... [-i shm_id] [-g] [--list]
 *               [-H] [-I]
 *
 * -H / -I ask NVMe/TCP targets for header / data digests (perf's letters;
 * SPDK's hello_world has no such options).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "ealnvme_setup_cmd.h"
#include "ns_select.h"

#define HELLO_MAX_TRIDS	16

struct ns_entry {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_ns	*ns;
	struct ns_entry		*next;
};

struct ctrlr_entry {
	struct spdk_nvme_ctrlr	*ctrlr;
	char			name[1024];
	struct ctrlr_entry	*next;
};

static struct ctrlr_entry *g_controllers;
static struct ctrlr_entry **g_ctrlr_tail = &g_controllers;
static struct ns_entry *g_namespaces;
static struct ns_entry **g_ns_tail = &g_namespaces;
static struct ns_select g_sel[HELLO_MAX_TRIDS];	/* -r */
static size_t g_num_sel;
static bool g_list;		/* --list: show what would be used, no I/O */
static bool g_header_digest;	/* -H */
static bool g_data_digest;	/* -I */
static bool g_select_failed;	/* an ns:N that is not an active namespace */
static int g_failures;

struct hello_io {
	struct ns_entry		*entry;
	struct spdk_nvme_qpair	*qpair;
	char			*wbuf;
	char			*rbuf;
	int			outstanding;
	bool			failed;
};

/* ns_select_fn: a namespace the -r list selects (every active one without ns:N). */
static int
register_ns(void *cb_ctx, struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns)
{
	struct ns_entry *entry;

	(void)cb_ctx;
	entry = calloc(1, sizeof(*entry));
	if (entry == NULL) {
		perror("ns_entry malloc");
		exit(1);
	}
	entry->ctrlr = ctrlr;
	entry->ns = ns;
	*g_ns_tail = entry;
	g_ns_tail = &entry->next;
	printf("  Namespace ID: %u size: %juGB\n", spdk_nvme_ns_get_id(ns),
	       (uintmax_t)(spdk_nvme_ns_get_size(ns) / 1000000000));
	return 0;
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	opts->header_digest = g_header_digest;
	opts->data_digest = g_data_digest;
	printf("Attaching to %s\n", trid->traddr);
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	const struct spdk_nvme_ctrlr_data *cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	struct ctrlr_entry *entry = calloc(1, sizeof(*entry));
	char err[NS_SELECT_ERR_LEN];

	(void)cb_ctx;
	(void)opts;
	if (entry == NULL) {
		perror("ctrlr_entry malloc");
		exit(1);
	}
	printf("Attached to %s\n", trid->traddr);
	snprintf(entry->name, sizeof(entry->name), "%-20.20s (%-20.20s)", cdata->mn, cdata->sn);
	entry->ctrlr = ctrlr;
	*g_ctrlr_tail = entry;
	g_ctrlr_tail = &entry->next;
	printf("Using controller %s with %u namespaces.\n", entry->name,
	       spdk_nvme_ctrlr_get_num_ns(ctrlr));
	if (ns_select_ctrlr(g_sel, g_num_sel, ctrlr, register_ns, NULL, err, sizeof(err)) != 0) {
		fprintf(stderr, "hello_world: -r %s\n", err);
		g_select_failed = true;
	}
}

static void
io_done(void *arg, const struct spdk_nvme_cpl *cpl, const char *what)
{
	struct hello_io *io = arg;

	io->outstanding--;
	if (spdk_nvme_cpl_is_error(cpl)) {
		fprintf(stderr, "%s I/O failed: %s\n", what,
			spdk_nvme_cpl_get_status_string(&cpl->status));
		io->failed = true;
	}
}

static void
write_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	io_done(arg, cpl, "write");
}

static void
read_done(void *arg, const struct spdk_nvme_cpl *cpl)
{
	io_done(arg, cpl, "read");
}

static int
wait_all(struct hello_io *io)
{
	while (io->outstanding > 0) {
		if (spdk_nvme_qpair_process_completions(io->qpair, 0) < 0) {
			fprintf(stderr, "qpair failed while waiting for completions\n");
			return -1;
		}
	}
	return io->failed ? -1 : 0;
}

static int
hello_ns(struct ns_entry *entry)
{
	uint32_t sector = spdk_nvme_ns_get_sector_size(entry->ns);
	struct hello_io io = { .entry = entry };
	int rc = -1;

	io.qpair = spdk_nvme_ctrlr_alloc_io_qpair(entry->ctrlr, NULL, 0);
	if (io.qpair == NULL) {
		fprintf(stderr, "ERROR: spdk_nvme_ctrlr_alloc_io_qpair() failed\n");
		return -1;
	}
	io.wbuf = spdk_zmalloc(sector, 0x1000, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	io.rbuf = spdk_zmalloc(sector, 0x1000, NULL, SPDK_ENV_SOCKET_ID_ANY, SPDK_MALLOC_DMA);
	if (io.wbuf == NULL || io.rbuf == NULL) {
		fprintf(stderr, "ERROR: write buffer allocation failed\n");
		goto out;
	}
	snprintf(io.wbuf, sector, "%s", "Hello world!\n");
	ns_select_print_write(stdout, false, entry->ctrlr, entry->ns, 0, 1);
	io.outstanding = 1;
	rc = spdk_nvme_ns_cmd_write(entry->ns, io.qpair, io.wbuf, 0, 1, write_done, &io, 0);
	if (rc != 0 || wait_all(&io) != 0) {
		fprintf(stderr, "ERROR: starting write I/O failed (%d)\n", rc);
		rc = -1;
		goto out;
	}
	io.outstanding = 1;
	rc = spdk_nvme_ns_cmd_read(entry->ns, io.qpair, io.rbuf, 0, 1, read_done, &io, 0);
	if (rc != 0 || wait_all(&io) != 0) {
		fprintf(stderr, "ERROR: starting read I/O failed (%d)\n", rc);
		rc = -1;
		goto out;
	}
	printf("%s", io.rbuf);
	rc = strcmp(io.rbuf, io.wbuf) == 0 ? 0 : -1;
	if (rc != 0) {
		fprintf(stderr, "ERROR: data read back differs from data written\n");
	}
out:
	spdk_free(io.wbuf);
	spdk_free(io.rbuf);
	spdk_nvme_ctrlr_free_io_qpair(io.qpair);
	return rc;
}

static void
cleanup(void)
{
	struct ns_entry *ns = g_namespaces;
	struct ctrlr_entry *ctrlr = g_controllers;

	while (ns != NULL) {
		struct ns_entry *next = ns->next;

		free(ns);
		ns = next;
	}
	while (ctrlr != NULL) {
		struct ctrlr_entry *next = ctrlr->next;

		spdk_nvme_detach(ctrlr->ctrlr);
		free(ctrlr);
		ctrlr = next;
	}
	g_namespaces = NULL;
	g_controllers = NULL;
}

/* --list: every controller and selected namespace, and what would be written. */
static void
print_list(void)
{
	for (struct ctrlr_entry *c = g_controllers; c != NULL; c = c->next) {
		ns_select_print_ctrlr(stdout, c->ctrlr);
		for (struct ns_entry *ns = g_namespaces; ns != NULL; ns = ns->next) {
			if (ns->ctrlr == c->ctrlr) {
				ns_select_print_ns(stdout, ns->ns);
				ns_select_print_write(stdout, true, ns->ctrlr, ns->ns, 0, 1);
			}
		}
	}
	printf("List only (--list): nothing was written.\n");
}

static void
usage(FILE *out, const char *prog)
{
	fprintf(out, "usage: %s [-r trid]... [-i shm_id] [-g] [--list] [-H] [-I] [-h]\n", prog);
	fprintf(out, "  -r  controller to use, e.g. 'trtype:PCIe traddr:0000:01:00.0'; add 'ns:N'\n"
		"      for namespace N only (default: every active one). Repeatable; default:\n"
		"      every PCIe NVMe controller. hello_world overwrites LBA 0 of each namespace\n");
	fprintf(out, "  -i  shared memory group ID\n");
	fprintf(out, "  -g  use a single hugepage file per memory segment\n");
	fprintf(out, "  --list  list the controllers and namespaces it would write, then exit\n");
	fprintf(out, "  -H, -I  ask NVMe/TCP targets for header (-H) and data (-I) digests\n");
	fprintf(out, "  -h, --help  this text\n");
}

/* 0, 1 (exit 0: help), or -1 after a one-line reason. */
static int
parse_args(int argc, char **argv, struct spdk_env_opts *opts)
{
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "enable-tcp-hdgst", no_argument, NULL, 'H' },
		{ "enable-tcp-ddgst", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char err[NS_SELECT_ERR_LEN];
	int op;

	opterr = 0;	/* our own one-line messages */
	while ((op = getopt_long(argc, argv, ":ghHIi:r:", longopts, NULL)) != -1) {
		switch (op) {
		case 'g':
			opts->hugepage_single_segments = true;
			break;
		case 'i':
			opts->shm_id = atoi(optarg);
			break;
		case 'r':
			if (g_num_sel == HELLO_MAX_TRIDS) {
				fprintf(stderr, "hello_world: -r: at most %d transport IDs\n",
					HELLO_MAX_TRIDS);
				return -1;
			}
			if (ns_select_parse(&g_sel[g_num_sel], optarg, err, sizeof(err)) != 0) {
				fprintf(stderr, "hello_world: -r: %s\n", err);
				return -1;
			}
			g_num_sel++;
			break;
		case 'l':
			g_list = true;
			break;
		case 'H':
			g_header_digest = true;
			break;
		case 'I':
			g_data_digest = true;
			break;
		case 'h':
			return 1;
		case ':':
			fprintf(stderr, "hello_world: option '%s' needs a value\n", argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0) {
				fprintf(stderr, "hello_world: unknown option '-%c'\n", optopt);
			} else {
				fprintf(stderr, "hello_world: unknown option '%s'\n", argv[optind - 1]);
			}
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "hello_world: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

static int
probe_all(void)
{
	struct spdk_nvme_transport_id all;
	int rc;

	if (g_num_sel == 0) {
		memset(&all, 0, sizeof(all));
		spdk_nvme_trid_populate_transport(&all, SPDK_NVME_TRANSPORT_PCIE);
		return spdk_nvme_probe(&all, NULL, probe_cb, attach_cb, NULL);
	}
	/* A controller already attached is not attached again: attach_cb
	 * applies every -r naming it at once. */
	for (size_t i = 0; i < g_num_sel; i++) {
		rc = spdk_nvme_probe(&g_sel[i].trid, NULL, probe_cb, attach_cb, NULL);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	int rc;

	opts.opts_size = sizeof(opts);
	spdk_env_opts_init(&opts);
	opts.name = "hello_world";
	rc = parse_args(argc, argv, &opts);
	if (rc != 0) {
		usage(rc > 0 ? stdout : stderr, argv[0]);
		return rc > 0 ? 0 : 1;
	}
	if (spdk_env_init(&opts) < 0) {
		fprintf(stderr, "Unable to initialize SPDK env\n");
		return 1;
	}
	printf("Initializing NVMe Controllers\n");
	rc = probe_all();
	if (rc != 0) {
		fprintf(stderr, "spdk_nvme_probe() failed (%d)\n", rc);
	}
	if (g_controllers == NULL) {
		fprintf(stderr, "no NVMe controllers found (but any named above as unusable): "
			"bind one to vfio-pci or "
			"uio_pci_generic with '%s' (see '%s status')\n", ealnvme_setup_cmd(),
			ealnvme_setup_cmd());
		cleanup();
		spdk_env_fini();
		return 1;
	}
	if (g_select_failed || (rc != 0 && g_num_sel > 0)) {
		/* A -r that failed: write to none rather than to only some. */
		cleanup();
		spdk_env_fini();
		return 1;
	}
	printf("Initialization complete.\n");
	if (g_list) {
		print_list();
		cleanup();
		spdk_env_fini();
		return 0;
	}
	for (struct ns_entry *ns = g_namespaces; ns != NULL; ns = ns->next) {
		if (hello_ns(ns) != 0) {
			g_failures++;
		}
	}
	cleanup();
	spdk_env_fini();
	return g_failures ? 1 : 0;
}
