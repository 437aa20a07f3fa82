/* file.c: every file of the store is opened as hostile input, through
 * these: a planted symbolic link, fifo, socket, device or directory is
 * refused (a fifo does not block the open), and so is a file longer than
 * its cap. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

/* What a file of the store must not be, or NULL for a regular file. */
static const char *
file_kind(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISLNK(mode))
		return "a symbolic link";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a fifo";
	if (S_ISSOCK(mode))
		return "a socket";
	return "a device";
}

static int
kind_refused(const char *kind, struct ilog_err *e)
{
	if (strcmp(kind, "a symbolic link") == 0)
		ilog_err_set(e, "a symbolic link: refused");
	else
		ilog_err_set(e, "%s, not a regular file: refused", kind);
	errno = strcmp(kind, "a symbolic link") == 0 ? ELOOP : EINVAL;
	return -1;
}

/* open(2) says ELOOP for a link and ENXIO for a socket: say what it is. */
static int
open_failed(const char *path, struct ilog_err *e)
{
	int saved = errno;
	struct stat st;
	const char *kind;

	if (saved != ENOENT && lstat(path, &st) == 0 &&
	    (kind = file_kind(st.st_mode)))
		return kind_refused(kind, e);
	ilog_err_set(e, "%s", strerror(saved));
	errno = saved;
	return -1;
}

static int
too_big(size_t max, struct ilog_err *e)
{
	char size[32];

	ilog_err_set(e, "larger than %s: refused", ilog_size_shown(max, size));
	errno = EFBIG;
	return -1;
}

/* Opened without waiting (a fifo) and without following a link; once it is
 * known to be a regular file, reads block again as usual. */
int
ilog_file_open(const char *path, size_t max, struct ilog_err *e)
{
	struct stat st;
	const char *kind = NULL;
	int fd, flags, saved;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return open_failed(path, e);
	if (fstat(fd, &st) < 0 || (flags = fcntl(fd, F_GETFL)) < 0 ||
	    (!(kind = file_kind(st.st_mode)) && (size_t)st.st_size <= max &&
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)) {
		saved = errno;
		close(fd);
		ilog_err_set(e, "%s", strerror(saved));
		errno = saved;
		return -1;
	}
	if (kind || (size_t)st.st_size > max) {
		close(fd);
		return kind ? kind_refused(kind, e) : too_big(max, e);
	}
	return fd;
}

/* The stat of an open file, by the call the loader uses to stat a record
 * by its name in the open store directory (fstatat): the two must agree,
 * and libfaketime (the date tests) fakes fstat and lstat, not fstatat. */
int
ilog_file_fstat(int fd, struct stat *st)
{
	return fstatat(fd, "", st, AT_EMPTY_PATH);
}

void
ilog_file_stat_of(const struct stat *st, struct ilog_file_stat *out)
{
	out->dev = (unsigned long long)st->st_dev;
	out->ino = (unsigned long long)st->st_ino;
	out->size = (unsigned long long)st->st_size;
	out->mtime_ns = (long long)st->st_mtim.tv_sec * 1000000000 +
	    st->st_mtim.tv_nsec;
	out->ctime_ns = (long long)st->st_ctim.tv_sec * 1000000000 +
	    st->st_ctim.tv_nsec;
}

int
ilog_file_stat_same(const struct ilog_file_stat *a,
    const struct ilog_file_stat *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Read whole into an empty buffer of the file's size: ciphertext, which
 * needs no bounce buffer to wipe. A file that grows past max is refused.
 * *stp, when asked for, is the file's stat taken before it was read. */
int
ilog_file_read_stat(const char *path, size_t max, struct ilog_buf *b,
    struct stat *stp, struct ilog_err *e)
{
	char more[4096];
	struct stat st;
	ssize_t got = 0;
	int fd, saved, stat_rc;

	if ((fd = ilog_file_open(path, max, e)) < 0)
		return -1;
	stat_rc = ilog_file_fstat(fd, &st);
	if (stp)
		memset(stp, 0, sizeof *stp);
	if (stp && stat_rc == 0)
		*stp = st;
	b->cap = (stat_rc == 0 ? (size_t)st.st_size : 0) + 2;
	b->s = ilog_xmalloc(b->cap);
	b->len = 0;
	while (b->len <= max) {
		if (b->len + 1 < b->cap) {
			if ((got = read(fd, b->s + b->len, b->cap - 1 - b->len)) > 0)
				b->len += (size_t)got;
		} else if ((got = read(fd, more, sizeof more)) > 0) {
			ilog_buf_add(b, more, (size_t)got);	/* it grew */
		}
		if (got == 0 || (got < 0 && errno != EINTR))
			break;
	}
	saved = errno;
	close(fd);
	if (got < 0 || b->len > max) {
		ilog_buf_free(b);
		if (got >= 0)
			return too_big(max, e);
		ilog_err_set(e, "%s", strerror(saved));
		errno = saved;
		return -1;
	}
	b->s[b->len] = '\0';
	return 0;
}

int
ilog_file_read(const char *path, size_t max, struct ilog_buf *b,
    struct ilog_err *e)
{
	return ilog_file_read_stat(path, max, b, NULL, e);
}

int
ilog_file_check(const char *path, int want_dir, struct ilog_err *e)
{
	struct stat st;
	const char *kind;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : open_failed(path, e);
	if (want_dir && S_ISDIR(st.st_mode))
		return 1;
	if (want_dir && !S_ISLNK(st.st_mode))
		return ilog_err_set(e, "not a directory: refused"), -1;
	if ((kind = file_kind(st.st_mode)))
		return kind_refused(kind, e);
	return 1;
}

