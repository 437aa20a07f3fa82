/* shim.c: an LD_PRELOAD library that makes one call fail, as a full or
 * failing disk would. Only ilog programs are touched (not gpg or the agent
 * they start).
 *
 *   ILOG_FAULT=CALL:N:ERRNO[:GLOB][,...]
 *                                  the Nth CALL fails with ERRNO; N+ fails
 *                                  the Nth and every later one; with GLOB,
 *                                  only calls on a path that matches count
 *                                  (an fd's path is read from /proc)
 *   ILOG_FAULT_LOG=FILE            appends "inject CALL N ERRNO" for each
 *                                  fault, and "calls CALL N" at exit
 *
 * CALL: write fsync fdatasync rename link linkat open (with O_CREAT, and
 * mkstemp) close. ERRNO: EIO ENOSPC EDQUOT EROFS. */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { WRITE, FSYNC, FDATASYNC, RENAME, LINK, LINKAT, OPEN, CLOSE, NCALLS };
static const char *const names[NCALLS] = { "write", "fsync", "fdatasync",
	"rename", "link", "linkat", "open", "close" };

#define RULES_MAX 8
static struct rule {
	int call;
	long n, seen;
	int onwards;
	char glob[128];
	int err;
	const char *errname;
} rules[RULES_MAX];
static int nrules, active = -1;
static long counts[NCALLS];

static int
errno_named(const char *s, const char **name)
{
	static const struct { const char *name; int err; } v[] = {
		{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT },
		{ "EROFS", EROFS } };
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strcmp(s, v[i].name) == 0) {
			*name = v[i].name;
			return v[i].err;
		}
	return 0;
}

static void
setup(void)
{
	const char *spec = getenv("ILOG_FAULT");
	char buf[512], *tok, *save, *c1, *c2, *c3;
	struct rule *r;

	active = strncmp(program_invocation_short_name, "ilog", 4) == 0;
	if (!active || !spec)
		return;
	snprintf(buf, sizeof buf, "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok && nrules < RULES_MAX;
	    tok = strtok_r(NULL, ",", &save)) {
		if (!(c1 = strchr(tok, ':')) || !(c2 = strchr(c1 + 1, ':')))
			goto bad;
		*c1++ = '\0';
		*c2++ = '\0';
		r = &rules[nrules];
		if ((c3 = strchr(c2, ':'))) {
			*c3++ = '\0';
			snprintf(r->glob, sizeof r->glob, "%s", c3);
		}
		for (r->call = 0; r->call < NCALLS &&
		    strcmp(names[r->call], tok); r->call++)
			;
		r->n = strtol(c1, &c1, 10);
		r->onwards = *c1 == '+';
		if (r->call == NCALLS || r->n < 1 ||
		    !(r->err = errno_named(c2, &r->errname)))
			goto bad;
		nrules++;
	}
	return;
bad:
	fprintf(stderr, "shim: bad ILOG_FAULT '%s'\n", spec);
	_exit(99);
}

/* Through the real calls: the log is not the program's I/O. */
static void
note(const char *fmt, ...)
{
	static int (*real_open)(const char *, int, ...);
	static ssize_t (*real_write)(int, const void *, size_t);
	static int (*real_close)(int);
	const char *path = getenv("ILOG_FAULT_LOG");
	char line[512];
	va_list ap;
	int fd, n;

	if (!path)
		return;
	if (!real_open) {
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT,
		    "open");
		real_write = (ssize_t (*)(int, const void *, size_t))
		    dlsym(RTLD_NEXT, "write");
		real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if ((fd = real_open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) < 0)
		return;
	real_write(fd, line, (size_t)n);
	real_close(fd);
}

/* What the call works on, for the log: a path, or the file an fd is. */
static const char *
target(int fd, const char *path, char out[256])
{
	char proc[64];
	ssize_t n;

	if (path)
		return path;
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if ((n = readlink(proc, out, 255)) < 0)
		return "?";
	out[n] = '\0';
	return out;
}

/* 1 when this call is to fail (errno is set then). */
static int
fault(int call, int fd, const char *path)
{
	char buf[256];
	int i, saved = errno;

	if (active < 0)
		setup();
	if (!active)
		return 0;
	counts[call]++;
	for (i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];
		const char *what;

		if (r->call != call)
			continue;
		what = target(fd, path, buf);
		if (r->glob[0] && fnmatch(r->glob, what, 0))
			continue;
		r->seen++;
		if (r->seen == r->n || (r->onwards && r->seen > r->n)) {
			note("inject %s %ld %s %s\n", names[call], counts[call],
			    r->errname, what);
			errno = r->err;
			return 1;
		}
	}
	errno = saved;
	return 0;
}

__attribute__((destructor)) static void
report(void)
{
	int i;

	if (active != 1)
		return;
	for (i = 0; i < NCALLS; i++)
		if (counts[i])
			note("calls %s %ld\n", names[i], counts[i]);
}

#define REAL(ret, name, args) \
	static ret (*real) args; \
	if (!real) \
		real = (ret (*) args)dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *p, size_t n)
{
	REAL(ssize_t, "write", (int, const void *, size_t));
	return fault(WRITE, fd, NULL) ? -1 : real(fd, p, n);
}

int
fsync(int fd)
{
	REAL(int, "fsync", (int));
	return fault(FSYNC, fd, NULL) ? -1 : real(fd);
}

int
fdatasync(int fd)
{
	REAL(int, "fdatasync", (int));
	return fault(FDATASYNC, fd, NULL) ? -1 : real(fd);
}

int
rename(const char *a, const char *b)
{
	REAL(int, "rename", (const char *, const char *));
	return fault(RENAME, -1, b) ? -1 : real(a, b);
}

int
link(const char *a, const char *b)
{
	REAL(int, "link", (const char *, const char *));
	return fault(LINK, -1, b) ? -1 : real(a, b);
}

int
linkat(int da, const char *a, int db, const char *b, int flags)
{
	REAL(int, "linkat", (int, const char *, int, const char *, int));
	return fault(LINKAT, -1, b) ? -1 : real(da, a, db, b, flags);
}

/* Linux frees the descriptor even when close fails. */
int
close(int fd)
{
	REAL(int, "close", (int));
	int failed = fault(CLOSE, fd, NULL), saved = errno;

	if (real(fd) < 0 && !failed)
		return -1;
	errno = saved;
	return failed ? -1 : 0;
}

#define OPEN_LIKE(fn, sym) \
int \
fn(const char *path, int flags, ...) \
{ \
	REAL(int, sym, (const char *, int, ...)); \
	mode_t mode = 0; \
	va_list ap; \
	if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE) { \
		va_start(ap, flags); \
		mode = va_arg(ap, mode_t); \
		va_end(ap); \
		if (fault(OPEN, -1, path)) \
			return -1; \
	} \
	return real(path, flags, mode); \
}
OPEN_LIKE(open, "open")
OPEN_LIKE(open64, "open64")

#define OPENAT_LIKE(fn, sym) \
int \
fn(int dirfd, const char *path, int flags, ...) \
{ \
	REAL(int, sym, (int, const char *, int, ...)); \
	mode_t mode = 0; \
	va_list ap; \
	if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE) { \
		va_start(ap, flags); \
		mode = va_arg(ap, mode_t); \
		va_end(ap); \
		if (fault(OPEN, -1, path)) \
			return -1; \
	} \
	return real(dirfd, path, flags, mode); \
}
OPENAT_LIKE(openat, "openat")
OPENAT_LIKE(openat64, "openat64")

/* mkstemp opens inside glibc, out of reach of open above. */
int
mkstemp(char *tmpl)
{
	REAL(int, "mkstemp", (char *));
	return fault(OPEN, -1, tmpl) ? -1 : real(tmpl);
}

int
mkostemp(char *tmpl, int flags)
{
	REAL(int, "mkostemp", (char *, int));
	return fault(OPEN, -1, tmpl) ? -1 : real(tmpl, flags);
}
