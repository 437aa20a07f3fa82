/* mark.c: the high-water mark: the greatest ID this device has seen in a
 * store, and how many records up to it. The chain cannot show that the
 * newest records were removed (nothing points to them yet); this device's
 * memory can. Kept in $XDG_STATE_HOME/ilog/, outside the synced folder (a
 * truncation there cannot reach it) and not in the cache (which may be
 * thrown away). An ID and a count are what the folder's names already show,
 * so it is not encrypted: reading it costs no gpg run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ilog.h"

#define MARK_MAGIC "ilog-mark 1"

static char *
mark_path(const struct ilog_store *s)
{
	return ilog_state_file(s, "mark");
}

int
ilog_mark_read(const struct ilog_store *s, struct ilog_mark *m)
{
	struct ilog_buf b = { 0 };
	char *path = mark_path(s), fmt[32];
	int rc = -1;

	memset(m, 0, sizeof *m);
	snprintf(fmt, sizeof fmt, MARK_MAGIC " %%%ds %%zu", ILOG_ID_MAX - 1);
	if (ilog_read_file(path, &b) == 0 && b.len && sscanf(b.s, fmt, m->id,
	    &m->count) == 2 && ilog_id_valid(m->id))
		rc = 0;
	else
		memset(m, 0, sizeof *m);
	free(path);
	ilog_buf_free(&b);
	return rc;
}

/* Records of the log (readable and signed by a key of the store) with IDs
 * up to id: a broken one is not part of it, and may be cleared away. */
size_t
ilog_mark_count(const struct ilog_log *log, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < log->nrecs; i++)
		n += ilog_rec_readable(&log->recs[i]) &&
		    !log->recs[i].rejected && strcmp(log->recs[i].id, id) <= 0;
	return n;
}

/* The directory of path, and its parents only when they are missing. */
static int
mkdir_for(const char *path)
{
	char *dir = ilog_xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) < 0 && errno == ENOENT &&
		    mkdir_for(dir) == 0)
			rc = mkdir(dir, 0700);
		if (rc < 0 && errno == EEXIST)
			rc = 0;
	}
	free(dir);
	return rc;
}

/* Raised, never lowered: past a loss it stays where it was, so that
 * ilog-verify still tells it. A write that fails costs only the check. */
void
ilog_mark_update(const struct ilog_log *log)
{
	const struct ilog_rec *last = ilog_log_last(log);
	struct ilog_mark m;
	struct ilog_buf b = { 0 };
	struct ilog_err e;
	char *path;
	size_t n;

	if (!last)
		return;
	if (ilog_mark_read(log->store, &m) == 0 &&
	    (ilog_mark_count(log, m.id) < m.count || strcmp(last->id, m.id) < 0))
		return;
	n = ilog_mark_count(log, last->id);
	if (strcmp(last->id, m.id) == 0 && n == m.count)
		return;
	path = mark_path(log->store);
	ilog_buf_printf(&b, MARK_MAGIC " %s %zu\n", last->id, n);
	if (mkdir_for(path) == 0)
		ilog_store_replace(path, path, b.s, b.len, &e);
	free(path);
	ilog_buf_free(&b);
}
