/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * The classic first program: attach to every NVMe controller, and on each
 * active namespace write "Hello world!\n" to LBA 0, read it back, print it.
 * Uses only the SPDK-compatible public API, so it builds against SPDK too.
 *
 *   hello_world [-r "trtype:PCIe traddr:0000:01:00.0"] [-i shm_id] [-V (no write)]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spdk/env.h"
#include "spdk/nvme.h"

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
static struct ns_entry *g_namespaces;
static struct spdk_nvme_transport_id g_trid;
static int g_failures;

struct hello_io {
	struct ns_entry		*entry;
	struct spdk_nvme_qpair	*qpair;
	char			*wbuf;
	char			*rbuf;
	int			outstanding;
	bool			failed;
};

static void
register_ns(struct spdk_nvme_ctrlr *ctrlr, struct spdk_nvme_ns *ns)
{
	struct ns_entry *entry;

	if (!spdk_nvme_ns_is_active(ns)) {
		return;
	}
	entry = calloc(1, sizeof(*entry));
	if (entry == NULL) {
		perror("ns_entry malloc");
		exit(1);
	}
	entry->ctrlr = ctrlr;
	entry->ns = ns;
	entry->next = g_namespaces;
	g_namespaces = entry;
	printf("  Namespace ID: %u size: %juGB\n", spdk_nvme_ns_get_id(ns),
	       (uintmax_t)(spdk_nvme_ns_get_size(ns) / 1000000000));
}

static bool
probe_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	 struct spdk_nvme_ctrlr_opts *opts)
{
	(void)cb_ctx;
	(void)opts;
	printf("Attaching to %s\n", trid->traddr);
	return true;
}

static void
attach_cb(void *cb_ctx, const struct spdk_nvme_transport_id *trid,
	  struct spdk_nvme_ctrlr *ctrlr, const struct spdk_nvme_ctrlr_opts *opts)
{
	const struct spdk_nvme_ctrlr_data *cdata = spdk_nvme_ctrlr_get_data(ctrlr);
	struct ctrlr_entry *entry = calloc(1, sizeof(*entry));
	uint32_t nsid;

	(void)cb_ctx;
	(void)opts;
	if (entry == NULL) {
		perror("ctrlr_entry malloc");
		exit(1);
	}
	printf("Attached to %s\n", trid->traddr);
	snprintf(entry->name, sizeof(entry->name), "%-20.20s (%-20.20s)", cdata->mn, cdata->sn);
	entry->ctrlr = ctrlr;
	entry->next = g_controllers;
	g_controllers = entry;
	printf("Using controller %s with %u namespaces.\n", entry->name,
	       spdk_nvme_ctrlr_get_num_ns(ctrlr));
	for (nsid = spdk_nvme_ctrlr_get_first_active_ns(ctrlr); nsid != 0;
	     nsid = spdk_nvme_ctrlr_get_next_active_ns(ctrlr, nsid)) {
		register_ns(ctrlr, spdk_nvme_ctrlr_get_ns(ctrlr, nsid));
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
}

static void
usage(const char *prog)
{
	printf("usage: %s [-r trid] [-i shm_id] [-g]\n", prog);
	printf("  -r  transport ID of one controller, e.g. 'trtype:PCIe traddr:0000:01:00.0'\n");
	printf("  -i  shared memory group ID\n");
	printf("  -g  use a single hugepage file per memory segment\n");
}

int
main(int argc, char **argv)
{
	struct spdk_env_opts opts;
	int rc, op;

	spdk_env_opts_init(&opts);
	opts.name = "hello_world";
	spdk_nvme_trid_populate_transport(&g_trid, SPDK_NVME_TRANSPORT_PCIE);
	while ((op = getopt(argc, argv, "ghi:r:")) != -1) {
		switch (op) {
		case 'g':
			opts.hugepage_single_segments = true;
			break;
		case 'i':
			opts.shm_id = atoi(optarg);
			break;
		case 'r':
			if (spdk_nvme_transport_id_parse(&g_trid, optarg) != 0) {
				fprintf(stderr, "Error parsing transport address '%s'\n", optarg);
				return 1;
			}
			break;
		default:
			usage(argv[0]);
			return op == 'h' ? 0 : 1;
		}
	}
	if (spdk_env_init(&opts) < 0) {
		fprintf(stderr, "Unable to initialize SPDK env\n");
		return 1;
	}
	printf("Initializing NVMe Controllers\n");
	rc = spdk_nvme_probe(&g_trid, NULL, probe_cb, attach_cb, NULL);
	if (rc != 0) {
		fprintf(stderr, "spdk_nvme_probe() failed (%d)\n", rc);
	}
	if (g_controllers == NULL) {
		fprintf(stderr, "no NVMe controllers found: bind one to vfio-pci or "
			"uio_pci_generic with 'scripts/setup.sh' (see 'scripts/setup.sh status')\n");
		cleanup();
		spdk_env_fini();
		return 1;
	}
	printf("Initialization complete.\n");
	for (struct ns_entry *ns = g_namespaces; ns != NULL; ns = ns->next) {
		if (hello_ns(ns) != 0) {
			g_failures++;
		}
	}
	cleanup();
	spdk_env_fini();
	return g_failures ? 1 : 0;
}
