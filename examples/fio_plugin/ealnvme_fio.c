/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright (c) 2026 The ealnvme authors.
 *
 * An fio ioengine on ealnvme, written against fio's engine API (ioengines.h)
 * and the SPDK-compatible public API only.
 *
 *   fio --thread=1 --ioengine=external:/path/to/ealnvme_fio.so \
 *       --filename='trtype=PCIe traddr=0000.04.00.0 ns=1' --rw=randread ...
 *   LD_PRELOAD=/path/to/ealnvme_fio.so fio --thread=1 --ioengine=ealnvme ...
 *
 * Life cycle, as fio drives it:
 *   setup()      fio's main thread, once per job before any job runs: the
 *                environment (once per process), the controller (attached
 *                once, shared by the jobs), the namespace, the file size.
 *   init()       the job's thread: the completion array.
 *   iomem_alloc  the job's I/O buffers, from DMA memory.
 *   open_file()  the job's I/O qpair on the file's controller, made on first
 *                use: one qpair per job and controller.
 *   queue()      submits one command; getevents() polls the job's qpairs.
 *   cleanup()    frees the qpairs; the last job out detaches the controller.
 * fio must run jobs as threads (thread=1): the controllers and the DMA
 * memory live in this one process.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fio.h"

#include "spdk/env.h"
#include "spdk/nvme.h"
#include "fio_ctrlr.h"
#include "fio_filename.h"

#define EFIO_PREFIX	"ealnvme fio: "

/* One per (job, controller). */
struct efio_qpair {
	struct spdk_nvme_ctrlr	*ctrlr;
	struct spdk_nvme_qpair	*qpair;
};

/*
 * One per job (td->io_ops_data), made by setup() or init(), whichever fio
 * calls first.  It owns the per-file state too: fio frees its files before
 * it calls cleanup().
 */
struct efio_job {
	struct io_u			**done;		/* completed since the last getevents() */
	unsigned int			n_done;
	unsigned int			n_qpairs;
	struct efio_qpair		*qpairs;	/* n_slots slots */
	struct efio_file		**files;	/* n_slots slots */
	unsigned int			n_files;
	unsigned int			n_slots;	/* td->o.nr_files */
	struct spdk_nvme_dsm_range	*ranges;	/* trim: one per io_u, by io_u->index */
	unsigned int			n_ranges;
};

/* One per file of a job (fio_file->engine_data). */
struct efio_file {
	struct efio_ctrlr	*c;
	struct spdk_nvme_ns	*ns;
	struct spdk_nvme_qpair	*qpair;		/* set by open_file() */
	struct efio_job		*job;
	uint32_t		nsid;
	uint32_t		sector_shift;	/* log2 of the LBA data size */
	uint64_t		sector_mask;
};

/* The job's state, made on first use; NULL (and a line) when out of memory. */
static struct efio_job *
efio_job_get(struct thread_data *td)
{
	struct efio_job *job = td->io_ops_data;

	if (job != NULL) {
		return job;
	}
	job = calloc(1, sizeof(*job));
	if (job != NULL) {
		job->n_slots = td->o.nr_files ? td->o.nr_files : 1;
		job->qpairs = calloc(job->n_slots, sizeof(*job->qpairs));
		job->files = calloc(job->n_slots, sizeof(*job->files));
		if (job->qpairs == NULL || job->files == NULL) {
			free(job->qpairs);
			free(job->files);
			free(job);
			job = NULL;
		}
	}
	if (job == NULL) {
		log_err(EFIO_PREFIX "job '%s': out of memory\n", td->o.name);
	}
	td->io_ops_data = job;
	return job;
}

static int
efio_setup_file(struct thread_data *td, struct efio_job *job, struct fio_file *f)
{
	struct efio_name name;
	struct efio_file *ef;
	struct spdk_nvme_ctrlr *ctrlr;
	char err[EFIO_ERR_LEN];
	uint32_t ss, nn;

	if (efio_name_parse(&name, f->file_name, err, sizeof(err)) != 0) {
		log_err(EFIO_PREFIX "%s\n", err);
		return 1;
	}
	if (efio_env_init(err, sizeof(err)) != 0) {
		log_err(EFIO_PREFIX "%s\n", err);
		return 1;
	}
	if (job->n_files == job->n_slots) {
		log_err(EFIO_PREFIX "job '%s': more files than nr_files\n", td->o.name);
		return 1;
	}
	ef = calloc(1, sizeof(*ef));
	if (ef == NULL) {
		log_err(EFIO_PREFIX "out of memory\n");
		return 1;
	}
	ef->c = efio_ctrlr_get(&name.trid, err, sizeof(err));
	if (ef->c == NULL) {
		log_err(EFIO_PREFIX "filename '%s': %s\n", f->file_name, err);
		free(ef);
		return 1;
	}
	ctrlr = efio_ctrlr_handle(ef->c);
	nn = spdk_nvme_ctrlr_get_num_ns(ctrlr);
	ef->nsid = name.nsid != 0 ? name.nsid : spdk_nvme_ctrlr_get_first_active_ns(ctrlr);
	if (ef->nsid == 0 || ef->nsid > nn || !spdk_nvme_ctrlr_is_active_ns(ctrlr, ef->nsid)) {
		if (name.nsid == 0) {
			log_err(EFIO_PREFIX "filename '%s': controller %s has no active namespace\n",
				f->file_name, name.trid.traddr);
		} else {
			log_err(EFIO_PREFIX "filename '%s': namespace %u of controller %s is not "
				"active (its NSIDs are 1 to %u; 'identify -r traddr:%s' lists the "
				"active ones)\n", f->file_name, name.nsid, name.trid.traddr, nn,
				name.trid.traddr);
		}
		efio_ctrlr_put(ef->c);
		free(ef);
		return 1;
	}
	ef->ns = spdk_nvme_ctrlr_get_ns(ctrlr, ef->nsid);
	ss = spdk_nvme_ns_get_sector_size(ef->ns);
	if (ss == 0 || (ss & (ss - 1)) != 0 ||
	    spdk_nvme_ns_get_extended_sector_size(ef->ns) != ss) {
		/* Interleaved metadata would need fio's buffers laid out per LBA. */
		log_err(EFIO_PREFIX "filename '%s': namespace %u has %u-byte blocks with "
			"interleaved metadata, which this engine does not do; format it without "
			"metadata\n", f->file_name, ef->nsid, ss);
		efio_ctrlr_put(ef->c);
		free(ef);
		return 1;
	}
	ef->sector_shift = (uint32_t)__builtin_ctz(ss);
	ef->sector_mask = ss - 1;
	ef->job = job;
	job->files[job->n_files++] = ef;
	f->engine_data = ef;
	f->real_file_size = spdk_nvme_ns_get_size(ef->ns);
	fio_file_set_size_known(f);
	return 0;
}

static int
efio_setup(struct thread_data *td)
{
	struct efio_job *job;
	struct fio_file *f;
	unsigned int i;

	if (!td->o.use_thread) {
		log_err(EFIO_PREFIX "job '%s': add thread=1 (the engine keeps its controllers "
			"and DMA memory in one process)\n", td->o.name);
		return 1;
	}
	job = efio_job_get(td);
	if (job == NULL) {
		return 1;
	}
	for_each_file(td, f, i) {
		if (f->engine_data == NULL && efio_setup_file(td, job, f) != 0) {
			return 1;
		}
	}
	return 0;
}

static int
efio_init(struct thread_data *td)
{
	struct efio_job *job = efio_job_get(td);

	if (job == NULL) {
		return 1;
	}
	if (job->done == NULL) {
		job->done = calloc(td->o.iodepth, sizeof(*job->done));
		job->n_ranges = td->o.iodepth;
		job->ranges = calloc(job->n_ranges, sizeof(*job->ranges));
		if (job->done == NULL || job->ranges == NULL) {
			log_err(EFIO_PREFIX "job '%s': out of memory\n", td->o.name);
			return 1;	/* cleanup() frees what was allocated */
		}
	}
	return 0;
}

/* The job's qpair on ctrlr, made on first use. */
static struct spdk_nvme_qpair *
efio_job_qpair(struct thread_data *td, struct efio_job *job, struct efio_file *ef)
{
	struct spdk_nvme_ctrlr *ctrlr = efio_ctrlr_handle(ef->c);
	struct spdk_nvme_io_qpair_opts opts;
	struct efio_qpair *q;
	uint64_t max_bs = td_max_bs(td), xfer, per_io;
	unsigned int i;

	for (i = 0; i < job->n_qpairs; i++) {
		if (job->qpairs[i].ctrlr == ctrlr) {
			return job->qpairs[i].qpair;
		}
	}
	if (job->n_qpairs == job->n_slots) {
		return NULL;	/* cannot happen: at most one controller per file */
	}
	/* Requests: a parent plus one child per max-transfer piece of each I/O
	 * (nvme_ns_cmd.c splits at MDTS), so a full iodepth never gets -ENOMEM. */
	xfer = spdk_nvme_ns_get_max_io_xfer_size(ef->ns);
	per_io = xfer ? 1 + (max_bs + xfer - 1) / xfer : 2;
	spdk_nvme_ctrlr_get_default_io_qpair_opts(ctrlr, &opts, sizeof(opts));
	if (opts.io_queue_size < td->o.iodepth + 1) {
		opts.io_queue_size = td->o.iodepth + 1;	/* clamped to CAP.MQES+1 */
	}
	if (opts.io_queue_requests < td->o.iodepth * per_io + opts.io_queue_size) {
		opts.io_queue_requests = (uint32_t)(td->o.iodepth * per_io + opts.io_queue_size);
	}
	q = &job->qpairs[job->n_qpairs];
	q->qpair = spdk_nvme_ctrlr_alloc_io_qpair(ctrlr, &opts, sizeof(opts));
	if (q->qpair == NULL) {
		return NULL;
	}
	q->ctrlr = ctrlr;
	job->n_qpairs++;
	return q->qpair;
}

static int
efio_open_file(struct thread_data *td, struct fio_file *f)
{
	struct efio_job *job = td->io_ops_data;
	struct efio_file *ef = f->engine_data;

	if (ef == NULL || job == NULL) {
		log_err(EFIO_PREFIX "%s: not set up (fio called open before setup)\n", f->file_name);
		return 1;
	}
	if (ef->qpair == NULL) {
		ef->qpair = efio_job_qpair(td, job, ef);
		if (ef->qpair == NULL) {
			log_err(EFIO_PREFIX "%s: no I/O qpair (the line above says why; each job "
				"needs one: lower numjobs)\n", f->file_name);
			return 1;
		}
	}
	return 0;
}

static int
efio_close_file(struct thread_data *td, struct fio_file *f)
{
	return 0;	/* the qpair stays until cleanup(): fio reopens files between loops */
}

static int
efio_invalidate(struct thread_data *td, struct fio_file *f)
{
	return 0;	/* no page cache between fio and the device */
}

/* Hot path from here: no allocation, no lock, no syscall. */

static void
efio_complete(void *arg, const struct spdk_nvme_cpl *cpl)
{
	struct io_u *io_u = arg;
	struct efio_job *job = ((struct efio_file *)io_u->file->engine_data)->job;

	io_u->error = spdk_nvme_cpl_is_error(cpl) ? EIO : 0;
	job->done[job->n_done++] = io_u;
}

static enum fio_q_status
efio_queue(struct thread_data *td, struct io_u *io_u)
{
	struct efio_file *ef = io_u->file->engine_data;
	struct efio_job *job = ef->job;
	uint64_t lba = io_u->offset >> ef->sector_shift;
	uint32_t n = (uint32_t)(io_u->xfer_buflen >> ef->sector_shift);
	int rc;

	if (((io_u->offset | io_u->xfer_buflen) & ef->sector_mask) != 0) {
		io_u->error = EINVAL;	/* bs/offset not a multiple of the LBA size */
		return FIO_Q_COMPLETED;
	}
	switch (io_u->ddir) {
	case DDIR_READ:
		rc = spdk_nvme_ns_cmd_read(ef->ns, ef->qpair, io_u->xfer_buf, lba, n,
					   efio_complete, io_u, 0);
		break;
	case DDIR_WRITE:
		rc = spdk_nvme_ns_cmd_write(ef->ns, ef->qpair, io_u->xfer_buf, lba, n,
					    efio_complete, io_u, 0);
		break;
	case DDIR_SYNC:
	case DDIR_DATASYNC:
		rc = spdk_nvme_ns_cmd_flush(ef->ns, ef->qpair, efio_complete, io_u);
		break;
	case DDIR_TRIM:
		if (io_u->index >= job->n_ranges) {
			rc = -EINVAL;
			break;
		}
		job->ranges[io_u->index].attributes.raw = 0;
		job->ranges[io_u->index].starting_lba = lba;
		job->ranges[io_u->index].length = n;
		rc = spdk_nvme_ns_cmd_dataset_management(ef->ns, ef->qpair,
				SPDK_NVME_DSM_ATTR_DEALLOCATE, &job->ranges[io_u->index], 1,
				efio_complete, io_u);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc == -ENOMEM) {
		return FIO_Q_BUSY;	/* the request pool is empty: reap first */
	}
	if (rc != 0) {
		io_u->error = -rc;
		return FIO_Q_COMPLETED;
	}
	return FIO_Q_QUEUED;
}

static int
efio_getevents(struct thread_data *td, unsigned int min, unsigned int max,
	       const struct timespec *t)
{
	struct efio_job *job = td->io_ops_data;
	uint64_t deadline = 0;
	unsigned int i;
	int32_t rc;

	job->n_done = 0;
	if (t != NULL) {
		uint64_t hz = spdk_get_ticks_hz();

		deadline = spdk_get_ticks() + (uint64_t)t->tv_sec * hz +
			   (uint64_t)t->tv_nsec * hz / 1000000000u;
	}
	for (;;) {
		for (i = 0; i < job->n_qpairs && job->n_done < max; i++) {
			rc = spdk_nvme_qpair_process_completions(job->qpairs[i].qpair,
								 max - job->n_done);
			if (rc < 0) {
				return rc;	/* the controller failed: fio reports it */
			}
		}
		if (job->n_done >= min || (deadline != 0 && spdk_get_ticks() >= deadline)) {
			return (int)job->n_done;
		}
	}
}

static struct io_u *
efio_event(struct thread_data *td, int event)
{
	struct efio_job *job = td->io_ops_data;

	return job->done[event];
}

/* End of the hot path. */

static int
efio_iomem_alloc(struct thread_data *td, size_t total_mem)
{
	/* fio aligns each buffer itself (FIO_MEMALIGN); page-align the block. */
	td->orig_buffer = spdk_dma_zmalloc(total_mem, 0x1000, NULL);
	if (td->orig_buffer == NULL) {
		log_err(EFIO_PREFIX "job '%s': no %zu bytes of DMA memory for the I/O buffers "
			"(reserve more hugepages: HUGEMEM=<MiB> scripts/setup.sh)\n",
			td->o.name, total_mem);
		return 1;
	}
	return 0;
}

static void
efio_iomem_free(struct thread_data *td)
{
	spdk_dma_free(td->orig_buffer);
	td->orig_buffer = NULL;
}

static void
efio_cleanup(struct thread_data *td)
{
	struct efio_job *job = td->io_ops_data;
	unsigned int i;

	if (job == NULL) {
		return;
	}
	/* fio has freed its files by now (close_and_free_files): the job
	 * holds the per-file state.  Qpairs first, then the controllers. */
	for (i = 0; i < job->n_qpairs; i++) {
		spdk_nvme_ctrlr_free_io_qpair(job->qpairs[i].qpair);
	}
	for (i = 0; i < job->n_files; i++) {
		efio_ctrlr_put(job->files[i]->c);
		free(job->files[i]);
	}
	free(job->done);
	free(job->qpairs);
	free(job->files);
	free(job->ranges);
	free(job);
	td->io_ops_data = NULL;
}

static struct ioengine_ops g_efio_ops = {
	.name		= "ealnvme",
	.version	= FIO_IOOPS_VERSION,
	/* RAWIO: no page cache; NOEXTEND: a namespace has a fixed size;
	 * NODISKUTIL: no /sys block device to sample; MEMALIGN: aligned buffers. */
	.flags		= FIO_RAWIO | FIO_NOEXTEND | FIO_NODISKUTIL | FIO_MEMALIGN,
	.setup		= efio_setup,
	.init		= efio_init,
	.queue		= efio_queue,
	.getevents	= efio_getevents,
	.event		= efio_event,
	.cleanup	= efio_cleanup,
	.open_file	= efio_open_file,
	.close_file	= efio_close_file,
	.invalidate	= efio_invalidate,
	.iomem_alloc	= efio_iomem_alloc,
	.iomem_free	= efio_iomem_free,
};

/* ioengine=external:/path/ealnvme_fio.so: fio looks this symbol up. */
void get_ioengine(struct ioengine_ops **ops) __attribute__((visibility("default")));
void
get_ioengine(struct ioengine_ops **ops)
{
	*ops = &g_efio_ops;
}

/* LD_PRELOAD=/path/ealnvme_fio.so fio --ioengine=ealnvme: register by name. */
static void __attribute__((constructor))
efio_register(void)
{
	register_ioengine(&g_efio_ops);
}

static void __attribute__((destructor))
efio_unregister(void)
{
	unregister_ioengine(&g_efio_ops);
}
