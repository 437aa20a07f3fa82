/* util.c: errors, memory and buffers shared by every program */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

const char *ilog_prog = "ilog";

/* Every program starts here. Plaintext passes through memory: no core
 * file, no debugger or /proc reader of the same user (PR_SET_DUMPABLE),
 * nothing created that others could read. */
void
ilog_start(const char *prog)
{
	struct rlimit none = { 0, 0 };

	ilog_prog = prog;
	umask(077);
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void
ilog_err_set(struct ilog_err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
}

void
ilog_err_prefix(struct ilog_err *e, const char *prefix)
{
	char old[sizeof e->msg];

	memcpy(old, e->msg, sizeof old);
	ilog_err_set(e, "%s: %s", prefix, old);
}

/* Every message is shown safe: a planted file name cannot forge a line of
 * output or send the terminal an escape sequence. */
void
ilog_vwarn(const char *fmt, va_list ap)
{
	char small[1024], *msg = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)))
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	if (n < 0 || !msg)
		msg = small;
	fprintf(stderr, "%s: ", ilog_prog);
	ilog_put_shown(stderr, msg, strlen(msg));
	fputc('\n', stderr);
	if (msg != small)
		free(msg);
}

void
ilog_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ilog_vwarn(fmt, ap);
	va_end(ap);
}

void
ilog_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ilog_vwarn(fmt, ap);
	va_end(ap);
	exit(2);
}

void
ilog_usage_exit(const char *usage, int status)
{
	fputs(usage, status ? stderr : stdout);
	exit(status);
}

void
ilog_version_exit(void)
{
	printf("%s %s\n", ilog_prog, ILOG_VERSION);
	exit(0);
}

void *
ilog_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		ilog_die("out of memory");
	return p;
}

void *
ilog_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		ilog_die("out of memory");
	return p;
}

void *
ilog_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		ilog_die("out of memory");
	return p;
}

char *
ilog_xstrndup(const char *s, size_t n)
{
	char *d = ilog_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
ilog_xstrdup(const char *s)
{
	return ilog_xstrndup(s, strlen(s));
}

void
ilog_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

/* qsort and bsearch order of string pointers */
int
ilog_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A vector of n strings, each allocated, and the vector itself. */
void
ilog_strv_free(char **v, size_t n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

void
ilog_free_str(char *s)
{
	if (s) {
		ilog_wipe(s, strlen(s));
		free(s);
	}
}

static void
buf_grow(struct ilog_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *s;

	if (b->len + need + 1 <= b->cap)
		return;
	while (cap < b->len + need + 1)
		cap *= 2;
	/* plaintext may sit in the old block: copy and wipe, never realloc */
	s = ilog_xmalloc(cap);
	if (b->s) {
		memcpy(s, b->s, b->len);
		ilog_wipe(b->s, b->cap);
		free(b->s);
	}
	b->s = s;
	b->cap = cap;
}

void
ilog_buf_add(struct ilog_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
ilog_buf_adds(struct ilog_buf *b, const char *s)
{
	ilog_buf_add(b, s, strlen(s));
}

void
ilog_buf_addc(struct ilog_buf *b, char c)
{
	ilog_buf_add(b, &c, 1);
}

void
ilog_buf_printf(struct ilog_buf *b, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	int n;

	/* formatted once when it fits in what is there, as it mostly does */
	room = b->s && b->cap > b->len ? b->cap - b->len : 0;
	va_start(ap, fmt);
	n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void
ilog_buf_free(struct ilog_buf *b)
{
	if (b->s) {
		ilog_wipe(b->s, b->cap);
		free(b->s);
	}
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Writes what b holds to fd, then wipes and empties it. */
int
ilog_buf_flush(struct ilog_buf *b, int fd)
{
	int rc = ilog_write_all(fd, b->s, b->len);

	ilog_wipe(b->s, b->len);
	b->len = 0;
	return rc;
}

int
ilog_read_fd(int fd, struct ilog_buf *b)
{
	char chunk[65536];
	ssize_t r;

	for (;;) {
		r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ilog_wipe(chunk, sizeof chunk);
			return -1;
		}
		if (r == 0)
			break;
		ilog_buf_add(b, chunk, (size_t)r);
	}
	ilog_wipe(chunk, sizeof chunk);
	if (!b->s)
		buf_grow(b, 0), b->s[0] = '\0';
	return 0;
}

int
ilog_read_file(const char *path, struct ilog_buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int r, saved;

	if (fd < 0)
		return -1;
	r = ilog_read_fd(fd, b);
	saved = errno;
	close(fd);
	errno = saved;
	return r;
}

int
ilog_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Bytes of the valid UTF-8 sequence at s (1 for ASCII), or 0 when the
 * bytes are not one: overlong forms, surrogates and what lies past
 * U+10FFFF are not. */
size_t
ilog_utf8_len(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

/* The length of the UTF-8 sequence at s that a terminal may be given as
 * it is: 0 for a control character (C0, DEL, C1) or a byte that does not
 * start a valid sequence. */
static size_t
shown_len(const unsigned char *s, size_t n)
{
	unsigned long cp;
	size_t len, i;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < 0xa0 || (len == 3 && cp < 0x800) || (len == 4 &&
	    cp < 0x10000) || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Text for a terminal or a log: what shown_len refuses, as \xNN. */
static size_t
shown_add(char *out, const char *s, size_t len, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, j = 0, k;

	while (i < len && i < max) {
		if ((k = shown_len(u + i, len - i))) {
			if (i + k > max)
				break;
			memcpy(out + j, s + i, k);
			i += k;
			j += k;
			continue;
		}
		out[j++] = '\\';
		out[j++] = 'x';
		out[j++] = hex[u[i] >> 4];
		out[j++] = hex[u[i++] & 0xf];
	}
	return j;
}

void
ilog_put_shown(FILE *f, const char *s, size_t len)
{
	char out[256 * 4];
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = len - i < 256 ? len - i : 256;
		/* a sequence cut by the chunk is shown whole in the next */
		while (n < len - i && n > 1 && ((unsigned char)s[i + n] & 0xc0)
		    == 0x80)
			n--;
		fwrite(out, 1, shown_add(out, s + i, n, n), f);
	}
}

/* A value as a message quotes it: at most 80 bytes, then "...", on one
 * line, with control characters as \xNN, so that it cannot break or forge
 * a line. */
const char *
ilog_shown(const char *v, char out[ILOG_SHOWN_SIZE])
{
	size_t len = strlen(v), j;

	j = shown_add(out, v, len, ILOG_SHOWN_MAX);
	if (len > ILOG_SHOWN_MAX) {
		memcpy(out + j, "...", 3);
		j += 3;
	}
	out[j] = '\0';
	return out;
}

/* Whether there is a terminal to ask on: a controlling one, which
 * access(2) would not tell. */
int
ilog_can_ask(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* A question on the terminal: 1 yes, 0 no, the default on a bare Enter;
 * -1 when there is no terminal to ask on. */
int
ilog_ask(const char *question, int default_yes)
{
	FILE *tty = fopen("/dev/tty", "r+");
	int c, answer;

	if (!tty)
		return -1;
	fputs(question, tty);
	fflush(tty);
	c = fgetc(tty);
	answer = c == '\n' || c == EOF ? default_yes && c != EOF :
	    c == 'y' || c == 'Y';
	while (c != '\n' && c != EOF)
		c = fgetc(tty);
	fclose(tty);
	return answer;
}

/* All of s is UTF-8, as ilog_utf8_len reads it: what YAML can hold. */
int
ilog_utf8_valid(const char *s, size_t len)
{
	size_t k;

	for (; len > 0; s += k, len -= k)
		if (!(k = ilog_utf8_len(s, len)))
			return 0;
	return 1;
}

/* A size as messages give it: "16 MiB", "64 KiB", or bytes. */
const char *
ilog_size_shown(size_t n, char out[32])
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB" };
	int u = 0;

	while (u < 3 && n >= 1024 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	snprintf(out, 32, "%zu %s", n, unit[u]);
	return out;
}

static volatile sig_atomic_t stop_signal;

static void
stop_set(int sig)
{
	stop_signal = sig;
}

/* A long stream (evidence) ends cleanly on INT, TERM or HUP: it stops at
 * its next block, and the program undoes what it had written. */
const volatile sig_atomic_t *
ilog_stop_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = stop_set;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return &stop_signal;
}
