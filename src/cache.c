/* cache.c: decrypted records kept encrypted in $XDG_CACHE_HOME/ilog/, keyed
 * by the SHA-256 of each record file's ciphertext. A missing, stale or
 * unreadable cache only costs time.
 *
 * A file is not hashed again when it is as the cache saw it, as git's index
 * does: same device, inode, size, mtime and ctime. That is sound because
 * the kernel sets a file's ctime to the present on every change of its
 * bytes or its name (write, truncate, rename over it, utime itself), and
 * no process but root setting the clock back can give it an earlier one:
 * touch -r restores the mtime, not the ctime, and a file put in a
 * record's place is another inode with a new ctime. The one gap is a
 * change in the same tick of the clock as the write the cache saw (racy
 * git): so an entry is trusted only for a file whose mtime and ctime are
 * older, by RACY_NS, than the moment its stat was taken (seen_ns, read
 * from the file system's clock by writing to the lock file before any
 * record is looked at). RACY_NS covers file systems that keep times in
 * whole seconds or two; a store whose file server's clock runs more
 * than that behind this machine's is the case git does not cover either.
 * Every other file is hashed, and the cache holds nobody's word but our
 * own: it is signed by a key we hold. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "ilog.h"
#include "cache.h"

/* 5: texts end in NUL (node.c); 6: the plaintext is a zstd frame, as
 * gpg's own compression is three times slower to undo */
#define CACHE_MAGIC "ilog-cache 6"
#define CACHE_ZSTD_LEVEL 1	/* 13 MB at 10,000 records: 2.5 MB */
#define RACY_NS (2LL * 1000000000)
/* The cache's plaintext is capped as a record's is: ILOG_RECORD_MAX for
 * each record and one more for the list and the headers, and never more
 * than 1 GiB (ten times what 100,000 records of the usual size need). A
 * larger cache is neither written nor read, which costs only time. */
#define CACHE_MAX ((size_t)1 << 30)

static size_t
cache_max(size_t nrecords)
{
	if (nrecords >= CACHE_MAX / ILOG_RECORD_MAX - 1)
		return CACHE_MAX;
	return (nrecords + 1) * ILOG_RECORD_MAX;
}

static char *
cache_dir(void)
{
	const char *env = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct ilog_buf b = { 0 };

	if (env && *env)
		ilog_buf_printf(&b, "%s/ilog", env);
	else
		ilog_buf_printf(&b, "%s/.cache/ilog", home ? home : "/tmp");
	return b.s;
}

/* The store's real path names its cache (outside the synced folder). */
static void
cache_names(const struct ilog_store *s, struct ilog_cache *c)
{
	char key[33], *dir = cache_dir();
	struct ilog_buf b = { 0 };

	c->store = ilog_store_real(s, key);
	ilog_buf_printf(&b, "%s/%s.gpg", dir, key);
	c->path = b.s;
	free(dir);
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp((*(struct ilog_cache_entry *const *)a)->key,
	    (*(struct ilog_cache_entry *const *)b)->key);
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp((*(struct ilog_cache_entry *const *)a)->id,
	    (*(struct ilog_cache_entry *const *)b)->id);
}

/* One space-separated word of an entry's header line, at most max bytes;
 * "-" is the empty word. */
static int
header_word(const char **p, const char *nl, char *out, size_t max)
{
	const char *w = *p, *sp;

	if (w >= nl)
		return -1;
	sp = memchr(w, ' ', (size_t)(nl - w));
	if (!sp)
		sp = nl;
	if (sp == w || (size_t)(sp - w) > max)
		return -1;
	if (sp - w == 1 && *w == '-')
		*out = '\0';
	else {
		memcpy(out, w, (size_t)(sp - w));
		out[sp - w] = '\0';
	}
	*p = sp + (sp < nl);
	return 0;
}

/* One unsigned number of the header line; a minus sign only when signed. */
static int
header_number(const char **p, const char *nl, int is_signed,
    unsigned long long *out)
{
	char word[24], *end;
	const char *digits = word;

	if (header_word(p, nl, word, sizeof word - 1) < 0)
		return -1;
	if (is_signed && *digits == '-')
		digits++;
	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	if (is_signed)
		*out = (unsigned long long)strtoll(word, &end, 10);
	else
		*out = strtoull(word, &end, 10);
	return errno || *end ? -1 : 0;
}

/* "KEY STATUS FPR DIGEST FORM LEN ID DEV INO SIZE MTIME CTIME", then LEN
 * bytes of text and a newline; parsed by hand, as sscanf was a tenth of a
 * warm run's time. */
static int
parse_entry(const char **p, const char *end, struct ilog_cache_entry *en)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p)), *w = *p;
	struct ilog_file_stat *st = &en->st;
	unsigned long long status, len, mtime, ctime;
	char form[2];

	if (!nl || header_word(&w, nl, en->key, 64) < 0 ||
	    strlen(en->key) != 64 || header_number(&w, nl, 1, &status) < 0 ||
	    header_word(&w, nl, en->sig.fpr, ILOG_FPR_MAX - 1) < 0 ||
	    header_word(&w, nl, en->digest, 64) < 0 ||
	    header_word(&w, nl, form, 1) < 0 || (form[0] != 't' &&
	    form[0] != 'p') || header_number(&w, nl, 0, &len) < 0 ||
	    header_word(&w, nl, en->id, ILOG_ID_MAX - 1) < 0 ||
	    header_number(&w, nl, 0, &st->dev) < 0 ||
	    header_number(&w, nl, 0, &st->ino) < 0 ||
	    header_number(&w, nl, 0, &st->size) < 0 ||
	    header_number(&w, nl, 1, &mtime) < 0 ||
	    header_number(&w, nl, 1, &ctime) < 0 || w != nl)
		return -1;
	if ((size_t)(end - nl - 1) <= len || nl[1 + len] != '\n')
		return -1;
	en->form = form[0];
	en->sig.status = (enum ilog_sig_status)(long long)status;
	st->mtime_ns = (long long)mtime;
	st->ctime_ns = (long long)ctime;
	en->plain = nl + 1;
	en->len = (size_t)len;
	*p = nl + len + 2;
	return 0;
}

/* The entries by key (a file's hash), and those with an ID by it, for
 * finding a file by its name and stat. They are written in ID order: a
 * sort is needed only when that was changed. */
static void
index_entries(struct ilog_cache *c)
{
	size_t i;

	c->bykey = ilog_xcalloc(c->n ? c->n : 1, sizeof *c->bykey);
	c->byid = ilog_xcalloc(c->n ? c->n : 1, sizeof *c->byid);
	for (i = 0; i < c->n; i++) {
		c->bykey[i] = &c->v[i];
		if (c->v[i].id[0])
			c->byid[c->nbyid++] = &c->v[i];
	}
	if (c->n)
		qsort(c->bykey, c->n, sizeof *c->bykey, key_cmp);
	for (i = 1; i < c->nbyid; i++)
		if (id_cmp(&c->byid[i - 1], &c->byid[i]) > 0)
			break;
	if (i < c->nbyid)
		qsort(c->byid, c->nbyid, sizeof *c->byid, id_cmp);
}

/* "seen NANOSECONDS": when the files the cache describes were looked at */
static int
parse_seen(const char **p, const char *end, long long *seen)
{
	char line[40];
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	int used;

	if (!nl || (size_t)(nl - *p) >= sizeof line)
		return -1;
	memcpy(line, *p, (size_t)(nl - *p));
	line[nl - *p] = '\0';
	if (sscanf(line, "seen %lld%n", seen, &used) != 1 || used != nl - *p)
		return -1;
	*p = nl + 1;
	return 0;
}

static int
cache_parse(struct ilog_cache *c)
{
	const char *p = c->blob.s, *end = c->blob.s + c->blob.len;
	size_t head = strlen(CACHE_MAGIC);
	struct ilog_cache_entry en;
	size_t cap = 0;

	if (c->blob.len < head + 1 || memcmp(p, CACHE_MAGIC " ", head + 1))
		return -1;
	p += head + 1;
	if ((size_t)(end - p) < strlen(c->store) + 1 ||
	    memcmp(p, c->store, strlen(c->store)) || p[strlen(c->store)] != '\n')
		return -1;	/* another store's cache */
	p += strlen(c->store) + 1;
	if (parse_seen(&p, end, &c->seen_ns) < 0)
		return -1;
	while (p < end) {
		memset(&en, 0, sizeof en);
		if (parse_entry(&p, end, &en) < 0)
			return -1;
		if (c->n == cap) {
			cap = cap ? cap * 2 : 1024;
			c->v = ilog_xrealloc(c->v, cap * sizeof *c->v);
		}
		c->v[c->n++] = en;
	}
	index_entries(c);
	return 0;
}

static void
cache_forget(struct ilog_cache *c)
{
	free(c->v);
	free(c->bykey);
	free(c->byid);
	c->v = NULL;
	c->bykey = NULL;
	c->byid = NULL;
	c->n = c->nbyid = 0;
	c->seen_ns = 0;
	ilog_buf_free(&c->blob);
}

/* The frame says its own size, which must fit in max; the buffer gets a
 * NUL after the end, as every ilog_buf has. */
static int
cache_unzip(const struct ilog_buf *zip, size_t max, struct ilog_buf *out)
{
	unsigned long long size = ZSTD_getFrameContentSize(zip->s, zip->len);
	size_t got;

	if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ||
	    size > max)
		return -1;
	out->s = ilog_xmalloc((size_t)size + 1);
	out->cap = (size_t)size + 1;
	got = ZSTD_decompress(out->s, (size_t)size, zip->s, zip->len);
	if (ZSTD_isError(got) || got != size) {
		ilog_buf_free(out);
		return -1;
	}
	out->len = got;
	out->s[got] = '\0';
	return 0;
}

/* Only a cache signed by a key we hold is trusted: no one else can plant
 * plaintext for a ciphertext. */
void
ilog_cache_load(struct ilog_store *s, struct ilog_cache *c, size_t nrecords)
{
	struct ilog_buf zip = { 0 };
	struct ilog_sig sig;
	struct ilog_err e;
	size_t max = cache_max(nrecords);

	memset(c, 0, sizeof *c);
	cache_names(s, c);
	if (access(c->path, F_OK) < 0)
		return;
	if (ilog_crypt_decrypt_file(s->crypt, c->path, max, &zip, &sig,
	    &e) < 0 || sig.status != ILOG_SIG_GOOD ||
	    !ilog_trust_ours(s, sig.fpr) || cache_unzip(&zip, max,
	    &c->blob) < 0 || cache_parse(c) < 0)
		cache_forget(c);
	ilog_buf_free(&zip);
}

const struct ilog_cache_entry *
ilog_cache_find(const struct ilog_cache *c, const char *key)
{
	struct ilog_cache_entry k, *kp = &k, **hit;

	if (!c->n)
		return NULL;
	snprintf(k.key, sizeof k.key, "%s", key);
	hit = bsearch(&kp, c->bykey, c->n, sizeof *c->bykey, key_cmp);
	return hit ? *hit : NULL;
}

/* A file changed too close to seen_ns for its stat to tell a later change
 * in the same tick apart: it is hashed (see the top of this file). */
int
ilog_cache_racy(long long seen_ns, const struct ilog_file_stat *st)
{
	return st->mtime_ns >= seen_ns - RACY_NS ||
	    st->ctime_ns >= seen_ns - RACY_NS;
}

/* The entry of the file named id, when stat says it is the file the cache
 * saw and it is not racily new. */
const struct ilog_cache_entry *
ilog_cache_find_stat(const struct ilog_cache *c, const char *id,
    const struct ilog_file_stat *st)
{
	struct ilog_cache_entry k, *kp = &k, **hit;

	if (!c->nbyid || !st->ino || ilog_cache_racy(c->seen_ns, st))
		return NULL;
	snprintf(k.id, sizeof k.id, "%s", id);
	hit = bsearch(&kp, c->byid, c->nbyid, sizeof *c->byid, id_cmp);
	if (!hit || !ilog_file_stat_same(&(*hit)->st, st))
		return NULL;
	return *hit;
}

static int
cache_mkdir(void)
{
	char *dir = cache_dir(), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash) {
		*slash = '\0';
		mkdir(dir, 0700);	/* $XDG_CACHE_HOME itself may be new */
		*slash = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(dir);
	return rc;
}

static int
cache_write(const struct ilog_cache *c, const void *data, size_t len)
{
	struct ilog_err e;
	int rc;

	if (cache_mkdir() < 0)
		return -1;
	rc = ilog_store_replace(c->path, c->path, data, len, &e);
	if (rc == 0)
		chmod(c->path, 0600);
	return rc;
}

static int
cache_zip(const struct ilog_buf *plain, struct ilog_buf *zip)
{
	size_t bound = ZSTD_compressBound(plain->len), got;

	zip->s = ilog_xmalloc(bound + 1);
	zip->cap = bound + 1;
	got = ZSTD_compress(zip->s, bound, plain->s, plain->len,
	    CACHE_ZSTD_LEVEL);
	if (ZSTD_isError(got))
		return -1;
	zip->len = got;
	return 0;
}

/* Replace the cache with exactly these entries: the records there are now,
 * their files looked at after seen_ns (ilog_cache_clock). */
int
ilog_cache_save(struct ilog_store *s, const struct ilog_cache *c,
    const struct ilog_cache_entry *v, size_t n, long long seen_ns)
{
	struct ilog_buf plain = { 0 }, zip = { 0 }, cipher = { 0 };
	struct ilog_err e;
	size_t i;
	int rc = -1;

	ilog_buf_printf(&plain, "%s %s\nseen %lld\n", CACHE_MAGIC, c->store,
	    seen_ns);
	for (i = 0; i < n; i++) {
		ilog_buf_printf(&plain, "%s %d %s %s %c %zu %s %llu %llu %llu "
		    "%lld %lld\n", v[i].key, (int)v[i].sig.status,
		    v[i].sig.fpr[0] ? v[i].sig.fpr : "-",
		    v[i].digest[0] ? v[i].digest : "-", v[i].form, v[i].len,
		    v[i].id[0] ? v[i].id : "-", v[i].st.dev, v[i].st.ino,
		    v[i].st.size, v[i].st.mtime_ns, v[i].st.ctime_ns);
		ilog_buf_add(&plain, v[i].plain, v[i].len);
		ilog_buf_addc(&plain, '\n');
	}
	ilog_crypt_compress(s->crypt, 0);
	if (plain.len <= cache_max(n ? n - 1 : 0) &&	/* n - 1 records, a list */
	    cache_zip(&plain, &zip) == 0 &&
	    ilog_store_encrypt(s, zip.s, zip.len, &cipher, &e) == 0)
		rc = cache_write(c, cipher.s, cipher.len);
	ilog_crypt_compress(s->crypt, 1);
	ilog_buf_free(&plain);
	ilog_buf_free(&zip);
	ilog_buf_free(&cipher);
	return rc;
}

/* Readers share the lock; the one that decrypts and writes holds it alone.
 * Without a lock (no cache directory) a program only does more work. */
int
ilog_cache_lock(const struct ilog_store *s, int exclusive)
{
	struct ilog_cache c = { 0 };
	struct ilog_buf path = { 0 };
	int fd;

	cache_names(s, &c);
	cache_mkdir();
	ilog_buf_printf(&path, "%s.lock", c.path);
	fd = open(path.s, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0)
		while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) < 0 &&
		    errno == EINTR)
			;
	ilog_buf_free(&path);
	free(c.path);
	free(c.store);
	return fd;
}

/* The file system's clock, now: a byte written to the lock file and its
 * ctime read back, so that the times compared with it come from the same
 * clock as the records' (a test's faked clock, which fakes what stat says
 * but also what utime sets, fakes both alike). 0, which trusts no stat,
 * when the lock file cannot be written. */
long long
ilog_cache_clock(const struct ilog_store *s)
{
	struct ilog_cache c = { 0 };
	struct ilog_buf path = { 0 };
	struct ilog_file_stat fs = { 0 };
	struct stat st;
	int fd;

	cache_names(s, &c);
	ilog_buf_printf(&path, "%s.lock", c.path);
	fd = open(path.s, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && pwrite(fd, "\n", 1, 0) == 1 &&
	    ilog_file_fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode))
		ilog_file_stat_of(&st, &fs);
	if (fd >= 0)
		close(fd);
	ilog_buf_free(&path);
	free(c.path);
	free(c.store);
	return fs.ctime_ns;
}

void
ilog_cache_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

void
ilog_cache_free(struct ilog_cache *c)
{
	cache_forget(c);
	free(c->path);
	free(c->store);
	memset(c, 0, sizeof *c);
}
