/* store.c: the folder of records: finding it, listing, atomic writes */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"



char *
ilog_store_path(const char *opt)
{
	const char *env, *home;
	struct ilog_buf b = { 0 };

	if (opt && *opt)
		return ilog_xstrdup(opt);
	if ((env = getenv("ILOG_DIR")) && *env)
		return ilog_xstrdup(env);
	if ((env = getenv("XDG_DATA_HOME")) && *env) {
		ilog_buf_printf(&b, "%s/ilog", env);
		return b.s;
	}
	home = getenv("HOME");
	ilog_buf_printf(&b, "%s/.local/share/ilog", home ? home : ".");
	return b.s;
}

char *
ilog_store_file(const struct ilog_store *s, const char *name)
{
	struct ilog_buf b = { 0 };

	ilog_buf_printf(&b, "%s/%s", s->dir, name);
	return b.s;
}

int
ilog_store_open(struct ilog_store *s, const struct ilog_opts *o,
    struct ilog_err *e)
{
	struct stat st;
	char *idfile;
	int ok;

	memset(s, 0, sizeof *s);
	s->dir = ilog_store_path(o->dir);
	s->jobs = o->jobs;
	s->lazy = o->lazy;
	idfile = ilog_store_file(s, ILOG_LIST_NAME);
	ok = lstat(idfile, &st) == 0;	/* a planted link is refused when read */
	free(idfile);
	if (!ok) {
		ilog_err_set(e, "%s: not an ilog store (no %s); create one with "
		    "ilog-init", s->dir, ILOG_LIST_NAME);
		return -1;
	}
	return ilog_crypt_new(&s->crypt, e);
}

/* The recipient list and what was learned of it, forgotten: it is read
 * again when next needed (recipients.c). */
void
ilog_store_list_forget(struct ilog_store *s)
{
	ilog_strv_free(s->recipients, s->nrecip);
	ilog_strv_free(s->named, s->nnamed);
	ilog_strv_free(s->list.to, s->list.nto);
	s->recipients = s->named = NULL;
	s->nrecip = s->nnamed = 0;
	memset(&s->list, 0, sizeof s->list);
}

void
ilog_store_close(struct ilog_store *s)
{
	ilog_store_list_forget(s);
	ilog_crypt_free(s->crypt);
	free(s->dir);
	memset(s, 0, sizeof *s);
}

/* ID of a record file name, or 0 when the name is not one. */
int
ilog_record_name(const char *name, char id[ILOG_ID_MAX])
{
	size_t len = strlen(name), ext = strlen(ILOG_RECORD_EXT);

	if (len <= ext || len - ext >= ILOG_ID_MAX ||
	    strcmp(name + len - ext, ILOG_RECORD_EXT) != 0)
		return 0;
	memcpy(id, name, len - ext);
	id[len - ext] = '\0';
	return ilog_id_valid(id);
}

int
ilog_store_list(const struct ilog_store *s, char ***ids, size_t *n,
    struct ilog_err *e)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;
	char id[ILOG_ID_MAX], **out = NULL;
	size_t count = 0, cap = 0;

	if (!d)
		return ilog_err_set(e, "%s: %s", s->dir, strerror(errno)), -1;
	while ((de = readdir(d))) {
		if (!ilog_record_name(de->d_name, id))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			out = ilog_xrealloc(out, cap * sizeof *out);
		}
		out[count++] = ilog_xstrdup(id);
	}
	closedir(d);
	if (count)
		qsort(out, count, sizeof *out, ilog_str_cmp);
	*ids = out;
	*n = count;
	return 0;
}

char *
ilog_store_record_path(const struct ilog_store *s, const char *id)
{
	struct ilog_buf b = { 0 };
	char *path;

	ilog_buf_printf(&b, "%s/%s%s", s->dir, id, ILOG_RECORD_EXT);
	path = ilog_xstrdup(b.s);	/* one per record: not the buffer's 256 */
	ilog_buf_free(&b);
	return path;
}

#define ID_DIGITS "0123456789abcdefghijklmnopqrstuvwxyz"	/* in ASCII order */
#define ID_RANDOM 4
#define ID_STAMP 17	/* YYYYMMDDTHHMMSSZ- */

static void
random_chars(char *out, size_t n)
{
	unsigned char r[ID_RANDOM];
	size_t i;

	ilog_nonce(r, n);
	for (i = 0; i < n; i++)
		out[i] = ID_DIGITS[r[i] % 36];
	out[n] = '\0';
}

/* A suffix greater than last: its first w characters (w >= 4, padded with
 * '0') counted up by one in base 36, then random characters so that two
 * devices writing after the same record do not collide. The counter grows
 * a character only when it is all 'z': 5,000 records in one second keep
 * an 8-character suffix. Returns 0 when it would not fit. */
static int
suffix_after(const char *last, char out[ILOG_ID_MAX - ID_STAMP])
{
	size_t n = strlen(last), w = ID_RANDOM, i;

	while (w <= n && strspn(last, "z") >= w)
		w++;
	if (w + ID_RANDOM >= ILOG_ID_MAX - ID_STAMP)
		return 0;
	for (i = 0; i < w; i++)
		out[i] = i < n ? last[i] : '0';
	for (i = w; i-- > 0; ) {
		if (out[i] != 'z') {
			out[i] = ID_DIGITS[strchr(ID_DIGITS, out[i]) - ID_DIGITS + 1];
			break;
		}
		out[i] = '0';
	}
	random_chars(out + w, ID_RANDOM);
	return 1;
}

static void
id_stamp(time_t t, char out[ID_STAMP + 1])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, ID_STAMP + 1, "%Y%m%dT%H%M%SZ-", &tm);
}

/* The time part of an ID, without its dash: YYYYMMDDTHHMMSSZ. */
void
ilog_store_stamp(time_t t, char out[ILOG_ID_MAX])
{
	char stamp[ID_STAMP + 1];

	id_stamp(t, stamp);
	snprintf(out, ILOG_ID_MAX, "%.*s", ID_STAMP - 1, stamp);
}

/* Greater than last_id, so that ID order is the order of writing, and never
 * ahead of the clock: the clock's second, or last_id's when that is the same
 * or later (another device's clock), with a suffix that sorts after its. */
void
ilog_store_new_id(const char *last_id, time_t now, char out[ILOG_ID_MAX])
{
	char stamp[ID_STAMP + 1], suffix[ILOG_ID_MAX - ID_STAMP];

	id_stamp(now, stamp);
	if (!last_id || !ilog_id_valid(last_id) ||
	    strncmp(stamp, last_id, ID_STAMP) > 0)
		random_chars(suffix, ID_RANDOM);
	else if (suffix_after(last_id + ID_STAMP, suffix))
		memcpy(stamp, last_id, ID_STAMP);
	else {	/* a suffix too long to follow: the next second */
		id_stamp(ilog_id_time(last_id) + 1, stamp);
		random_chars(suffix, ID_RANDOM);
	}
	snprintf(out, ILOG_ID_MAX, "%s%s", stamp, suffix);
}

int
ilog_fsync_dir(const char *path)
{
	char *dir = ilog_xstrdup(path), *slash = strrchr(dir, '/');
	int fd, rc;

	if (slash)
		*slash = '\0';
	fd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY);
	free(dir);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
temp_create(const char *tmpl_path, char **tmp_out, struct ilog_err *e)
{
	char *tmp = ilog_xmalloc(strlen(tmpl_path) + 16);
	int fd;

	sprintf(tmp, "%s.tmp-XXXXXX", tmpl_path);
	if ((fd = mkstemp(tmp)) < 0) {
		ilog_err_set(e, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	*tmp_out = tmp;
	return fd;
}

int
ilog_write_temp(const char *tmpl_path, char **tmp_out, const void *data,
    size_t len, struct ilog_err *e)
{
	char *tmp;
	int fd;

	if ((fd = temp_create(tmpl_path, &tmp, e)) < 0)
		return -1;
	if (ilog_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		ilog_err_set(e, "%s: %s: nothing was written", tmp,
		    strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	close(fd);
	*tmp_out = tmp;
	return 0;
}

/* A temp file written and synced takes its name: 1 when the name is
 * taken (never overwritten). The temp file goes either way. */
int
ilog_link_new(const char *tmp, const char *path, struct ilog_err *e)
{
	int rc = 0, saved;

	if (link(tmp, path) < 0) {
		saved = errno;
		ilog_err_set(e, "%s: %s", path, strerror(saved));
		rc = saved == EEXIST ? 1 : -1;
	}
	unlink(tmp);
	return rc;
}

static char *
dir_prefix(const char *path)
{
	char *dir = ilog_xstrdup(path), *slash = strrchr(dir, '/');

	if (slash)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	return dir;
}

/* A temp file beside path, for a file too big to hold in memory. */
int
ilog_newfile_open(struct ilog_newfile *f, const char *path,
    struct ilog_err *e)
{
	char *dir = dir_prefix(path);

	f->fd = temp_create(dir, &f->tmp, e);
	free(dir);
	if (f->fd < 0)
		return -1;
	f->path = ilog_xstrdup(path);
	return 0;
}

void
ilog_newfile_abort(struct ilog_newfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	f->fd = -1;
	f->tmp = f->path = NULL;
}

/* fsync, then link: fails rather than overwrite (returns as
 * ilog_write_new_file does). */
int
ilog_newfile_commit(struct ilog_newfile *f, struct ilog_err *e)
{
	int rc;

	if (fsync(f->fd) < 0) {
		ilog_err_set(e, "%s: %s: nothing was written", f->tmp,
		    strerror(errno));
		ilog_newfile_abort(f);
		return -1;
	}
	rc = ilog_link_new(f->tmp, f->path, e);
	free(f->tmp);	/* link_new removed it */
	f->tmp = NULL;
	if (rc == 0 && ilog_fsync_dir(f->path) < 0) {
		ilog_err_set(e, "%s: written, but the folder could not be synced "
		    "to disk (%s): it is in the store; do not write it again",
		    f->path, strerror(errno));
		rc = ILOG_WRITTEN_UNSYNCED;
	}
	ilog_newfile_abort(f);
	return rc;
}

/* Temp file beside the target, then link: fails rather than overwrite. */
int
ilog_write_new_file(const char *path, const void *data, size_t len,
    struct ilog_err *e)
{
	struct ilog_newfile f;

	if (ilog_newfile_open(&f, path, e) < 0)
		return -1;
	if (ilog_write_all(f.fd, data, len) < 0) {
		ilog_err_set(e, "%s: %s: nothing was written", f.tmp,
		    strerror(errno));
		ilog_newfile_abort(&f);
		return -1;
	}
	return ilog_newfile_commit(&f, e);
}

/* DIR/evidence/, made when it is missing. A link (git makes them) would
 * take the evidence out of the store: refused. Errors name the folder. */
int
ilog_store_evidence_dir(const struct ilog_store *s, struct ilog_err *e)
{
	char *dir = ilog_store_file(s, "evidence");
	int rc = 0;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		ilog_err_set(e, "%s: %s", dir, strerror(errno));
		rc = -1;
	} else if (ilog_file_check(dir, 1, e) < 0) {
		ilog_err_prefix(e, dir);
		rc = -1;
	}
	free(dir);
	return rc;
}


/* The temp file takes path's place; it goes when it cannot. */
static int
rename_over(const char *tmp, const char *path, struct ilog_err *e)
{
	if (rename(tmp, path) < 0) {
		ilog_err_set(e, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (ilog_fsync_dir(path) < 0)
		return ilog_err_set(e, "%s: replaced, but the folder could not "
		    "be synced to disk (%s)", path, strerror(errno)), -1;
	return 0;
}

/* The one in-place replacement: rename over path (ilog-init only). */
int
ilog_store_replace(const char *tmpl, const char *path, const void *data,
    size_t len, struct ilog_err *e)
{
	char *tmp;
	int rc;

	if (ilog_write_temp(tmpl, &tmp, data, len, e) < 0)
		return -1;
	rc = rename_over(tmp, path, e);
	free(tmp);
	return rc;
}

/* The same for a file written piece by piece: its temp file is
 * PATH.tmp-XXXXXX, which an ilog-init run again clears up. */
int
ilog_newfile_beside(struct ilog_newfile *f, const char *path,
    struct ilog_err *e)
{
	if ((f->fd = temp_create(path, &f->tmp, e)) < 0)
		return -1;
	f->path = ilog_xstrdup(path);
	return 0;
}

int
ilog_newfile_replace(struct ilog_newfile *f, struct ilog_err *e)
{
	int rc = -1;

	if (fsync(f->fd) < 0) {
		ilog_err_set(e, "%s: %s: nothing was replaced", f->tmp,
		    strerror(errno));
	} else {
		rc = rename_over(f->tmp, f->path, e);
		free(f->tmp);	/* renamed, or removed by rename_over */
		f->tmp = NULL;
	}
	ilog_newfile_abort(f);
	return rc;
}

/* The store's real path, and a key naming what this device keeps about it
 * outside the synced folder (the cache, the newest list seen). */
char *
ilog_store_real(const struct ilog_store *s, char key[33])
{
	char real[PATH_MAX], hex[65];

	if (!realpath(s->dir, real))
		snprintf(real, sizeof real, "%s", s->dir);
	ilog_sha256_hex(real, strlen(real), hex);
	snprintf(key, 33, "%.32s", hex);
	return ilog_xstrdup(real);
}

static char *
state_dir(void)
{
	const char *env = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct ilog_buf b = { 0 };

	if (env && *env)
		ilog_buf_printf(&b, "%s/ilog", env);
	else
		ilog_buf_printf(&b, "%s/.local/state/ilog", home ? home : "/tmp");
	return b.s;
}

/* $XDG_STATE_HOME/ilog/KEY.EXT: what this device remembers of a store.
 * Unlike the cache it must not be thrown away: it is how a store that went
 * back in time is noticed. */
char *
ilog_state_file(const struct ilog_store *s, const char *ext)
{
	char key[33], *dir = state_dir(), *real = ilog_store_real(s, key);
	struct ilog_buf b = { 0 };

	ilog_buf_printf(&b, "%s/%s.%s", dir, key, ext);
	free(dir);
	free(real);
	return b.s;
}

int
ilog_state_mkdir(void)
{
	char *dir = state_dir(), *p;
	int rc = 0;

	for (p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (rc == 0 && mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(dir);
	return rc;
}

/* An evidence file's name as ilog-attach makes it: ID-N.EXT.gpg. */
int
ilog_evidence_name(const char *name)
{
	char id[ILOG_ID_MAX];
	size_t len = strlen(name), ext, num;

	if (len < 5 || len - 4 >= ILOG_ID_MAX || strcmp(name + len - 4, ".gpg"))
		return 0;
	len -= 4;
	for (ext = 0; ext < len && strchr("abcdefghijklmnopqrstuvwxyz"
	    "0123456789", name[len - 1 - ext]) && name[len - 1 - ext]; ext++)
		;
	if (ext == 0 || ext > 8 || ext == len || name[len - 1 - ext] != '.')
		return 0;
	len -= ext + 1;
	for (num = 0; num < len && name[len - 1 - num] >= '0' &&
	    name[len - 1 - num] <= '9'; num++)
		;
	if (num == 0 || num == len || name[len - 1 - num] != '-')
		return 0;
	len -= num + 1;
	memcpy(id, name, len);
	id[len] = '\0';
	return ilog_id_valid(id);
}
