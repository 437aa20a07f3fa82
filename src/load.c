/* load.c: the loader: every program reads the store through it. Each
 * record file is taken from the cache when its stat or its hash says the
 * cache saw it, else decrypted, several at once; then the cache is
 * written back when it learned something (cache.c). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ilog.h"
#include "cache.h"

/* What the loader knows of one record file before parsing it. */
struct load_slot {
	struct ilog_buf own;	/* plaintext decrypted now */
	const char *plain;	/* own.s */
	size_t len;
	const struct ilog_cache_entry *hit;	/* what the cache held */
	struct ilog_buf form;	/* the checked record, encoded for the cache */
	struct ilog_buf cipher;	/* the file, read to be hashed or decrypted */
	struct ilog_file_stat st;	/* the file, before it was read */
	int need;		/* the cache lacks it */
	int learned;		/* decrypted now: the cache lacked it */
	int hashed;		/* read and hashed: its stat did not vouch */
};

struct load_job {
	struct ilog_log *log;
	const struct ilog_cache *cache;
	struct load_slot *slots;
	int pass;		/* 1: read, hash, look up; 2: decrypt the rest */
	int dirfd;		/* the store's directory, open */
};

static void
rec_parse(struct ilog_rec *r, const struct load_slot *slot)
{
	struct ilog_node **docs;
	struct ilog_err e;
	size_t n;

	if (ilog_yaml_parse(slot->plain, slot->len, &docs, &n, &e) < 0) {
		r->error = ilog_xstrdup(e.msg);
		return;
	}
	if (n != 1) {
		while (n > 0)
			ilog_node_free(docs[--n]);
		free(docs);
		r->error = ilog_xstrdup("must hold exactly one YAML document");
		return;
	}
	r->doc = docs[0];
	free(docs);
	if (ilog_record_check(r->doc, 0, &e) < 0) {
		ilog_node_free(r->doc);
		r->doc = NULL;
		r->error = ilog_xstrdup(e.msg);
		return;
	}
	if (strcmp(ilog_node_text(r->doc, "id") ? ilog_node_text(r->doc, "id")
	    : "", r->id) != 0) {
		ilog_node_free(r->doc);
		r->doc = NULL;
		r->error = ilog_xstrdup("its id does not match its file name");
		return;
	}
	r->amendment = ilog_record_is_amendment(r->doc);
}

static const char *const peek_keys[] = { "id", "amends", "kind",
	"withdrawn", "occurred" };
enum { PEEK_ID, PEEK_AMENDS, PEEK_KIND, PEEK_WITHDRAWN, PEEK_OCCURRED,
	PEEK_N };

/* An incident (not an amendment, the case or a seal) left undecoded: what
 * the log needs of it is read off the cache's form. */
static int
lazy_take(struct ilog_rec *r, const struct ilog_cache_entry *hit)
{
	const char *v[PEEK_N];
	int present[PEEK_N];

	if (ilog_node_peek(hit->plain, hit->len, peek_keys, PEEK_N, v,
	    present) < 0 || present[PEEK_AMENDS] || present[PEEK_KIND] ||
	    !v[PEEK_ID] || strcmp(v[PEEK_ID], r->id) != 0)
		return -1;
	r->lazy = (struct ilog_lazy){ hit->plain, hit->len, v[PEEK_WITHDRAWN],
	    v[PEEK_OCCURRED] };
	return 0;
}

/* A record the cache holds, checked when it was first read. */
static int
from_cache(struct ilog_rec *r, const struct ilog_cache_entry *hit, int lazy)
{
	const char *id;

	if (hit->form != 't')
		return -1;
	if (!lazy || lazy_take(r, hit) < 0) {
		if (!(r->doc = ilog_node_decode(hit->plain, hit->len)))
			return -1;
		id = ilog_node_text(r->doc, "id");
		if (!id || strcmp(id, r->id) != 0) {
			ilog_node_free(r->doc);
			r->doc = NULL;
			return -1;
		}
		r->amendment = ilog_record_is_amendment(r->doc);
	}
	r->sig = hit->sig;
	memcpy(r->digest, hit->digest, sizeof r->digest);
	return 0;
}

/* A file the cache saw, unchanged by its stat (cache.c says why that is
 * enough): no need to read and hash it. Its name is looked up in the open
 * store directory, not by its path: each path walks all its folders. */
static int
stat_hit(const struct load_job *j, struct ilog_rec *r, struct load_slot *slot)
{
	const struct ilog_cache_entry *hit;
	struct stat st;

	if (fstatat(j->dirfd, strrchr(r->path, '/') + 1, &st,
	    AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
		return 0;	/* opening it says what it is */
	ilog_file_stat_of(&st, &slot->st);
	if (!(hit = ilog_cache_find_stat(j->cache, r->id, &slot->st)) ||
	    from_cache(r, hit, j->log->store->lazy) < 0)
		return 0;
	memcpy(r->cipher_sha, hit->key, sizeof r->cipher_sha);
	slot->hit = hit;
	return 1;
}

/* The file read and hashed; its stat is the one of the bytes read. */
static int
read_hashed(struct ilog_rec *r, struct load_slot *slot)
{
	struct ilog_err e;
	struct stat st;

	ilog_buf_free(&slot->cipher);
	if (ilog_file_read_stat(r->path, ILOG_CIPHER_MAX(ILOG_RECORD_MAX),
	    &slot->cipher, &st, &e) < 0) {
		r->error = ilog_xstrdup(e.msg);
		return -1;
	}
	ilog_file_stat_of(&st, &slot->st);
	slot->hashed = 1;
	ilog_sha256_hex(slot->cipher.s, slot->cipher.len, r->cipher_sha);
	return 0;
}

/* Pass 1: take the record from the cache by its file's stat, or else read
 * and hash the file and look for its hash. What the cache lacks is not
 * kept: pass 2 reads it again (from the page cache), so that the process
 * stays small while gpgme forks a gpg for each record, and a fork costs
 * by the size of what forks (at 100,000 records, 350 MB of ciphertext). */
static void
hash_one(const struct load_job *j, struct ilog_rec *r,
    struct load_slot *slot)
{
	const struct ilog_cache_entry *hit;

	if (stat_hit(j, r, slot) || read_hashed(r, slot) < 0)
		return;
	if ((hit = ilog_cache_find(j->cache, r->cipher_sha)) &&
	    from_cache(r, hit, j->log->store->lazy) == 0)
		slot->hit = hit;
	else
		slot->need = 1;
	ilog_buf_free(&slot->cipher);
}

/* Pass 2: decrypt what the cache (perhaps written meanwhile by another
 * program of the pipe) lacks; 'h' when the cache holds it now, 'e' when it
 * cannot be read or decrypted (r->error says why), 'p' when slot->own
 * holds its plaintext. */
static int
fetch_one(struct ilog_crypt **c, const struct ilog_cache *cache,
    struct ilog_rec *r, struct load_slot *slot)
{
	struct ilog_err e;
	int kind = 'p';

	if (read_hashed(r, slot) < 0)	/* the bytes decrypted are the ones */
		return 'e';		/* their key names */
	if (cache && ilog_cache_find(cache, r->cipher_sha))
		kind = 'h';
	else if (!*c && ilog_crypt_new(c, &e) < 0)
		kind = 'e';
	else if (ilog_crypt_decrypt(*c, slot->cipher.s, slot->cipher.len,
	    ILOG_RECORD_MAX, &slot->own, &r->sig, &e) < 0)
		kind = 'e';
	if (kind == 'e')
		r->error = ilog_xstrdup(e.msg);
	ilog_buf_free(&slot->cipher);
	return kind;
}

/* What was fetched, made a record: taken from the cache, or parsed. */
static void
fetched(const struct ilog_cache *cache, struct ilog_rec *r,
    struct load_slot *slot, int kind)
{
	const struct ilog_cache_entry *hit;

	slot->need = 0;
	if (kind == 'h') {
		if ((hit = ilog_cache_find(cache, r->cipher_sha)) &&
		    from_cache(r, hit, 0) == 0)
			slot->hit = hit;
		else
			slot->need = 1;	/* a broken entry: decrypted after all */
		return;
	}
	if (kind != 'p')
		return;
	slot->plain = slot->own.s;
	slot->len = slot->own.len;
	slot->learned = 1;
	ilog_sha256_hex(slot->plain, slot->len, r->digest);
	rec_parse(r, slot);
	ilog_buf_free(&slot->own);	/* the tree holds its own copy */
	slot->plain = NULL;
	if (r->doc)
		ilog_node_encode(r->doc, &slot->form);
}

static void
decrypt_one(struct ilog_crypt **c, const struct ilog_cache *cache,
    struct ilog_rec *r, struct load_slot *slot)
{
	fetched(cache, r, slot, fetch_one(c, cache, r, slot));
	if (slot->need)		/* the cache's entry would not decode */
		fetched(NULL, r, slot, fetch_one(c, NULL, r, slot));
}

/* Workers that decrypt: each waits on its gpg's start and on the agent as
 * much as it computes, so twice the CPUs unless told (1,000 records cold
 * on 2 cores: 14.3 s with 2 workers, 11.8 s with 4). */
static int
decrypt_jobs(const struct ilog_store *s)
{
	if (s->jobs > 0 || getenv("ILOG_JOBS"))
		return ilog_jobs(s->jobs);
	return ilog_jobs(2 * ilog_jobs(0));
}

/*
 * Many records to decrypt (a cold start): done in a child forked while
 * this process is still small, which sends back each plaintext through a
 * pipe. gpgme forks a gpg for every record, and a fork costs by the size
 * of the process that forks: the loader itself grows with every record it
 * parses (at 100,000 records, to 400 MB, and its forks to 40 ms each).
 */
#define APART_MIN 64

struct fetch_msg {
	size_t index;
	int kind;		/* as fetch_one returns */
	char cipher_sha[65];
	struct ilog_file_stat st;
	struct ilog_sig sig;
	size_t len;		/* the plaintext or error that follows */
};

struct apart_job {
	struct ilog_log *log;
	const struct ilog_cache *cache;
	struct load_slot *slots;
	int fd, failed;
	pthread_mutex_t lock;
};

static void
apart_fetch(void *arg, size_t i, struct ilog_crypt **c)
{
	struct apart_job *j = arg;
	struct ilog_rec *r = &j->log->recs[i];
	struct load_slot *slot = &j->slots[i];
	struct fetch_msg m = { .index = i };
	const char *payload = NULL;
	int stop;

	pthread_mutex_lock(&j->lock);
	stop = j->failed;	/* the loader stopped reading */
	pthread_mutex_unlock(&j->lock);
	if (!slot->need || stop)
		return;
	m.kind = fetch_one(c, j->cache, r, slot);
	memcpy(m.cipher_sha, r->cipher_sha, sizeof m.cipher_sha);
	m.st = slot->st;
	m.sig = r->sig;
	if (m.kind == 'p')
		payload = slot->own.s, m.len = slot->own.len;
	else if (m.kind == 'e')
		payload = r->error, m.len = strlen(r->error);
	pthread_mutex_lock(&j->lock);
	if (ilog_write_all(j->fd, &m, sizeof m) < 0 || (m.len > 0 &&
	    ilog_write_all(j->fd, payload, m.len) < 0))
		j->failed = 1;
	pthread_mutex_unlock(&j->lock);
	ilog_buf_free(&slot->own);
}

static void
apart_child(struct ilog_log *log, const struct ilog_cache *cache,
    struct load_slot *slots, int fd)
{
	struct apart_job j = { .log = log, .cache = cache, .slots = slots,
	    .fd = fd };

	pthread_mutex_init(&j.lock, NULL);
	ilog_pool_run(decrypt_jobs(log->store), log->nrecs, apart_fetch, &j,
	    NULL);
	_exit(j.failed);
}

/* 1: all n bytes; 0: the end, before any; -1: an error or a short read */
static int
read_full(int fd, void *p, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = read(fd, (char *)p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 && got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

/* One record the child fetched, taken in; -1 when the message is wrong. */
static int
apart_take(int fd, struct ilog_log *log, const struct ilog_cache *cache,
    struct load_slot *slots, const struct fetch_msg *m)
{
	struct ilog_rec *r;
	struct load_slot *slot;
	char *text;

	if (m->index >= log->nrecs || !slots[m->index].need ||
	    m->len > ILOG_RECORD_MAX || (m->kind != 'p' && m->kind != 'e' &&
	    m->kind != 'h') || m->cipher_sha[64] != '\0')
		return -1;
	r = &log->recs[m->index];
	slot = &slots[m->index];
	text = ilog_xmalloc(m->len + 1);
	if (read_full(fd, text, m->len) < 0 && m->len > 0) {
		ilog_wipe(text, m->len);
		free(text);
		return -1;
	}
	text[m->len] = '\0';
	memcpy(r->cipher_sha, m->cipher_sha, sizeof r->cipher_sha);
	slot->st = m->st;
	slot->hashed = 1;
	r->sig = m->sig;
	if (m->kind == 'e')
		r->error = text;
	else if (m->kind == 'p')
		slot->own = (struct ilog_buf){ text, m->len, m->len + 1 };
	else
		free(text);
	fetched(cache, r, slot, m->kind);
	return 0;
}

static void
decrypt_apart(struct ilog_log *log, const struct ilog_cache *cache,
    struct load_slot *slots)
{
	struct fetch_msg m;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return;
	if ((pid = fork()) == 0) {
		close(p[0]);
		apart_child(log, cache, slots, p[1]);
	}
	close(p[1]);
	while (pid > 0 && read_full(p[0], &m, sizeof m) == 1 &&
	    apart_take(p[0], log, cache, slots, &m) == 0)
		;
	close(p[0]);	/* a child still writing ends on SIGPIPE */
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

static void
load_one(void *arg, size_t i, struct ilog_crypt **c)
{
	struct load_job *j = arg;

	if (j->pass == 1)
		hash_one(j, &j->log->recs[i], &j->slots[i]);
	else if (j->slots[i].need)
		decrypt_one(c, j->cache, &j->log->recs[i], &j->slots[i]);
}

/* Hash, decrypt what the cache lacks, and parse, several at once. */
static void
load_all(struct ilog_log *log, const struct ilog_cache *cache,
    struct load_slot *slots, int pass)
{
	struct load_job j = { .log = log, .cache = cache, .slots = slots,
	    .pass = pass };

	j.dirfd = pass == 1 ? open(log->store->dir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC) : -1;
	ilog_pool_run(pass == 1 ? ilog_jobs(log->store->jobs) :
	    decrypt_jobs(log->store), log->nrecs, load_one, &j, NULL);
	if (j.dirfd >= 0)
		close(j.dirfd);
}

/* The recipient list, settled before any record is judged, checked once
 * and then kept in the cache under its file's hash: judging signers costs
 * no gpg run on a warm cache. Why a list is refused is told by whoever
 * needs it, once. */
static void
recipients_cached(struct ilog_log *log, const struct ilog_cache *cache,
    struct ilog_cache_entry *entry, struct ilog_buf *list)
{
	struct ilog_store *s = log->store;
	const struct ilog_cache_entry *hit;
	char *path = ilog_store_file(s, ILOG_LIST_NAME), key[65];
	struct ilog_buf file = { 0 };
	struct ilog_err e;
	int rc;

	/* a planted link or fifo is left to ilog_store_recipients to refuse */
	rc = s->list_state ? -1 : ilog_file_read(path,
	    ILOG_CIPHER_MAX(ILOG_LIST_MAX), &file, &e);
	free(path);
	if (rc < 0)
		return;
	ilog_sha256_hex(file.s, file.len, key);
	ilog_buf_free(&file);
	if ((hit = ilog_cache_find(cache, key)) && hit->form == 'p') {
		if (ilog_store_recipients_use(s, hit->plain, hit->len, &e) == 0)
			*entry = *hit;
		return;
	}
	if (ilog_store_recipients(s, &e) < 0)
		return;
	ilog_list_format(list, s->recipients, s->nrecip, &s->list);
	memcpy(entry->key, key, sizeof entry->key);
	entry->sig.status = ILOG_SIG_GOOD;
	entry->form = 'p';
	entry->plain = list->s;
	entry->len = list->len;
}

/* Whether the cache should be written back: it lacked a record or held a
 * stale one, or files had to be hashed that it could now vouch for by
 * their stat (racily new when it was written, or re-encrypted by
 * ilog-init). Hashing a few costs less than writing the cache; but each
 * program of every later pipe would hash them again, so more than 64 (or
 * an eighth of a small store) are worth a write. */
static int
cache_stale(const struct ilog_log *log, const struct ilog_cache *cache,
    const struct load_slot *slots, const struct ilog_cache_entry *extra,
    long long seen_ns)
{
	size_t i, n = 0, restat = 0;

	if (extra->key[0]) {
		if (!ilog_cache_find(cache, extra->key))
			return 1;
		n++;
	}
	for (i = 0; i < log->nrecs; i++) {
		if (!ilog_rec_readable(&log->recs[i]))
			continue;	/* a broken record is read afresh */
		if (slots[i].learned)
			return 1;
		restat += slots[i].hashed && !ilog_cache_racy(seen_ns,
		    &slots[i].st);
		n++;
	}
	return n != cache->n || restat > 64 || restat > log->nrecs / 8;
}

static void
cache_update(struct ilog_log *log, const struct ilog_cache *cache,
    const struct load_slot *slots, const struct ilog_cache_entry *extra,
    long long seen_ns)
{
	struct ilog_cache_entry *v;
	size_t i, n = 0;

	if (!cache_stale(log, cache, slots, extra, seen_ns))
		return;
	v = ilog_xcalloc(log->nrecs + 1, sizeof *v);
	if (extra->key[0])
		v[n++] = *extra;
	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *r = &log->recs[i];

		if (!ilog_rec_readable(r))
			continue;
		memcpy(v[n].key, r->cipher_sha, sizeof v[n].key);
		memcpy(v[n].id, r->id, sizeof v[n].id);
		v[n].st = slots[i].st;
		memcpy(v[n].digest, r->digest, sizeof v[n].digest);
		v[n].sig = r->sig;
		v[n].form = 't';
		v[n].plain = slots[i].hit ? slots[i].hit->plain : slots[i].form.s;
		v[n++].len = slots[i].hit ? slots[i].hit->len : slots[i].form.len;
	}
	ilog_cache_save(log->store, cache, v, n, seen_ns);
	free(v);
}

static size_t
count_need(const struct load_slot *slots, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += slots[i].need != 0;
	return k;
}

/* Hash every file and take what the cache holds; then, holding the cache's
 * lock alone, decrypt the rest: programs of a pipe that start cold together
 * decrypt each record once, not once each. Returns the lock, held until
 * the cache is written. */
static int
load_records(struct ilog_log *log, struct load_slot *slots,
    struct ilog_cache *first, struct ilog_cache *second,
    const struct ilog_cache **latest, long long *seen_ns)
{
	struct ilog_store *s = log->store;
	int lock = -1;

	*latest = first;
	if (!s->no_cache) {
		lock = ilog_cache_lock(s, 0);
		ilog_cache_load(s, first, log->nrecs);
		*seen_ns = ilog_cache_clock(s);	/* before any file is looked at */
	}
	load_all(log, first, slots, 1);
	if (count_need(slots, log->nrecs) > 0) {
		if (!s->no_cache) {
			ilog_cache_unlock(lock);
			lock = ilog_cache_lock(s, 1);
			ilog_cache_load(s, second, log->nrecs);
			*latest = second;
		}
		if (count_need(slots, log->nrecs) >= APART_MIN)
			decrypt_apart(log, *latest, slots);
		load_all(log, *latest, slots, 2);	/* what is left */
	}
	return lock;
}

static void
folder_stat(const struct ilog_store *s, struct ilog_file_stat *fs)
{
	struct stat st;

	memset(fs, 0, sizeof *fs);
	if (fstatat(AT_FDCWD, s->dir, &st, 0) == 0)
		ilog_file_stat_of(&st, fs);
}

/* The records decoded from the caches point into their text. */
static void
cache_keep(struct ilog_log *log, struct ilog_cache *first,
    struct ilog_cache *second)
{
	log->texts[0] = first->blob;
	log->texts[1] = second->blob;
	memset(&first->blob, 0, sizeof first->blob);
	memset(&second->blob, 0, sizeof second->blob);
}

int
ilog_log_load(struct ilog_store *s, struct ilog_log *log, struct ilog_err *e)
{
	struct ilog_cache first = { 0 }, second = { 0 };
	const struct ilog_cache *cache;
	struct ilog_cache_entry extra = { 0 };
	struct ilog_buf list = { 0 };
	struct load_slot *slots;
	char **ids;
	size_t i, n;
	int lock = -1, stop;
	long long seen_ns = 0;

	memset(log, 0, sizeof *log);
	log->store = s;
	folder_stat(s, &log->listed.st);	/* before: a file added later
						 * moves it */
	if (ilog_store_list(s, &ids, &n, e) < 0)
		return -1;
	log->recs = ilog_xcalloc(n, sizeof *log->recs);
	log->nrecs = n;
	for (i = 0; i < n; i++) {
		snprintf(log->recs[i].id, ILOG_ID_MAX, "%s", ids[i]);
		log->recs[i].path = ilog_store_record_path(s, ids[i]);
	}
	ilog_strv_free(ids, n);
	slots = ilog_xcalloc(n, sizeof *slots);
	if (n > 0)
		lock = load_records(log, slots, &first, &second, &cache,
		    &seen_ns);
	log->listed.seen_ns = seen_ns;
	if (n > 0)
		recipients_cached(log, cache, &extra, &list);
	if (!s->no_cache && n > 0)
		cache_update(log, cache, slots, &extra, seen_ns);
	ilog_cache_unlock(lock);
	/* never a log that silently differs: without the list, amendments by
	 * its other recipients would not apply */
	stop = s->uncertified[0] && !s->checking;
	for (i = 0; i < n; i++) {
		ilog_buf_free(&slots[i].own);
		ilog_buf_free(&slots[i].form);
		if (log->recs[i].error)
			log->nerrors++;
	}
	free(slots);
	ilog_buf_free(&list);
	cache_keep(log, &first, &second);
	ilog_cache_free(&first);
	ilog_cache_free(&second);
	if (stop) {
		ilog_err_set(e, "%s", s->list_err);
		ilog_log_free(log);
		return -1;
	}
	ilog_log_build(log);
	ilog_mark_update(log);
	return 0;
}

/* Whether the folder is as it was when listed: no file added, removed or
 * renamed since. Its times, as a file's (cache.c), say so only when they
 * are older than the cache's clock then: a change within the same tick
 * of the file system's clock would leave them as they were. */
static int
folder_same(const struct ilog_log *log)
{
	struct ilog_file_stat now;

	folder_stat(log->store, &now);
	return now.ino && ilog_file_stat_same(&now, &log->listed.st) &&
	    log->listed.seen_ns && !ilog_cache_racy(log->listed.seen_ns,
	    &log->listed.st);
}

static int
same_records(const struct ilog_log *log, char **ids, size_t n)
{
	size_t i;

	if (n != log->nrecs)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(ids[i], log->recs[i].id) != 0)
			return 0;
	return 1;
}

/* Load again if records were added since (by a program upstream in the
 * pipe). Returns 1 when it did; -1, the log gone, when it could not. */
int
ilog_log_refresh(struct ilog_log *log, struct ilog_err *e)
{
	struct ilog_store *s = log->store;
	char **ids;
	size_t n;
	int same, selectable;

	if (folder_same(log))
		return 0;
	if (ilog_store_list(s, &ids, &n, e) < 0)
		return 0;	/* the log as it was still stands */
	same = same_records(log, ids, n);
	ilog_strv_free(ids, n);
	if (same)
		return 0;
	selectable = log->case_selectable;
	ilog_log_free(log);
	if (ilog_log_load(s, log, e) < 0)
		return -1;
	log->case_selectable = selectable;
	return 1;
}

