/* write.c: the writer. A new record is stamped (its ID, when it was
 * recorded, the digest of the record before it), encrypted to the store's
 * recipients, written whole under a name no one else holds, and committed
 * when the store is a git repository. Records are never changed once
 * written; store.c gives the folder, names and atomic writes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ilog.h"

/* A record written but not committed is still written: it is told, and
 * git commits it with the next one. */
static void
commit(const struct ilog_store *s, const char *name)
{
	char msg[ILOG_ID_MAX + 64];

	if (ilog_git_commit(s, name) < 0 && s->tell) {
		snprintf(msg, sizeof msg, "%s: written, but git commit failed",
		    name);
		s->tell(msg);
	}
}

/* Written whole under a new name, then committed when the store is a git
 * repository; as ilog_write_new_file returns. */
static int
write_committed(const struct ilog_store *s, const char *relpath,
    const void *data, size_t len, struct ilog_err *e)
{
	char *path = ilog_store_file(s, relpath);
	int rc = ilog_write_new_file(path, data, len, e);

	free(path);
	if (rc == 0 || rc == ILOG_WRITTEN_UNSYNCED)
		commit(s, relpath);
	return rc;
}

static int
record_seal(struct ilog_node *doc, const struct ilog_chain *chain,
    const char *id, struct ilog_buf *plain, struct ilog_err *e)
{
	char now[32];

	ilog_node_set(doc, "id", ilog_node_raw(id));
	ilog_when_format_utc(time(NULL), now);
	ilog_node_set(doc, "recorded", ilog_node_raw(now));
	if (chain->digest[0])
		ilog_node_set(doc, "prev", ilog_node_raw(chain->digest));
	else
		ilog_node_unset(doc, "prev");
	ilog_record_order(doc);
	return ilog_yaml_emit(doc, plain, e);
}

/* An ID taken beforehand (ilog-attach names evidence files with it) is kept
 * when it is still the greatest. */
static int
preset_id(const struct ilog_node *doc, int tries, const char *last,
    char id[ILOG_ID_MAX])
{
	const char *want = ilog_node_text(doc, "id");

	if (tries > 0 || !want || !ilog_id_valid(want) || strcmp(want, last) <= 0)
		return 0;
	snprintf(id, ILOG_ID_MAX, "%s", want);
	return 1;
}

int
ilog_write_record(struct ilog_store *s, struct ilog_node *doc,
    struct ilog_chain *chain, struct ilog_err *e)
{
	struct ilog_buf plain = { 0 }, cipher = { 0 };
	char id[ILOG_ID_MAX], last[ILOG_ID_MAX], name[ILOG_ID_MAX + 16];
	int tries, rc = -1;

	/* chain->id, not the greatest name on disk: a planted name moves no ID */
	snprintf(last, sizeof last, "%s", chain->id);
	for (tries = 0; tries < 20 && (rc == -1 || rc == 1); tries++) {
		if (!preset_id(doc, tries, last, id))
			ilog_store_new_id(last, time(NULL), id);
		plain.len = 0;
		cipher.len = 0;
		if (record_seal(doc, chain, id, &plain, e) < 0 ||
		    ilog_store_encrypt(s, plain.s, plain.len, &cipher, e) < 0)
			break;
		snprintf(name, sizeof name, "%s%s", id, ILOG_RECORD_EXT);
		rc = write_committed(s, name, cipher.s, cipher.len, e);
		if (rc < 0)
			break;
	}
	if (rc == 0 || rc == ILOG_WRITTEN_UNSYNCED) {
		snprintf(chain->id, sizeof chain->id, "%s", id);
		ilog_sha256_hex(plain.s, plain.len, chain->digest);
	}
	ilog_buf_free(&plain);
	ilog_buf_free(&cipher);
	return rc == 0 ? 0 : rc == ILOG_WRITTEN_UNSYNCED ? 1 : -1;
}

#define BATCH_MAX 256	/* records sealed, encrypted and written at a time */

struct batch_slot {
	struct ilog_buf plain, cipher;
	char id[ILOG_ID_MAX];
	char digest[65];
	char *tmp;		/* the ciphertext, written and synced */
	int failed;
	struct ilog_err e;
};

struct batch {
	struct ilog_store *s;
	struct batch_slot *slots;
	size_t n;
};

/* Encrypted and written to a synced temp file, on one of the threads. */
static void
batch_encrypt(void *arg, size_t i, struct ilog_crypt **c)
{
	struct batch *b = arg;
	struct batch_slot *sl = &b->slots[i];
	struct ilog_store *s = b->s;
	char *dir;

	if ((!*c && ilog_crypt_new(c, &sl->e) < 0) ||
	    ilog_crypt_encrypt(*c, s->recipients, s->nrecip, s->signer,
	    sl->plain.s, sl->plain.len, &sl->cipher, &sl->e) < 0) {
		sl->failed = 1;
		return;
	}
	dir = ilog_store_file(s, "");
	if (ilog_write_temp(dir, &sl->tmp, sl->cipher.s, sl->cipher.len, &sl->e) < 0)
		sl->failed = 1;
	free(dir);
	ilog_buf_free(&sl->cipher);
}

/* IDs, recorded and prev set one after the other: each prev names the
 * record sealed before it. */
static int
batch_seal(struct ilog_node **docs, struct batch *b, int first,
    const struct ilog_chain *chain, struct ilog_err *e)
{
	struct ilog_chain c = *chain;
	char last[ILOG_ID_MAX];
	size_t i;

	snprintf(last, sizeof last, "%s", chain->id);	/* as one record's */
	for (i = 0; i < b->n; i++) {
		struct batch_slot *sl = &b->slots[i];

		if (!(first && i == 0 && preset_id(docs[0], 0, last, sl->id)))
			ilog_store_new_id(last, time(NULL), sl->id);
		if (record_seal(docs[i], &c, sl->id, &sl->plain, e) < 0)
			return -1;
		ilog_sha256_hex(sl->plain.s, sl->plain.len, sl->digest);
		snprintf(c.id, sizeof c.id, "%s", sl->id);
		memcpy(c.digest, sl->digest, sizeof c.digest);
		snprintf(last, sizeof last, "%s", sl->id);
	}
	return 0;
}

/* The records take their names in ID order; the chain follows them. */
static int
batch_link(struct ilog_store *s, struct batch *b, struct ilog_chain *chain,
    char (*ids)[ILOG_ID_MAX], struct ilog_err *e)
{
	char name[ILOG_ID_MAX + 16], *path = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < b->n && rc == 0; i++) {
		struct batch_slot *sl = &b->slots[i];

		if (sl->failed) {
			*e = sl->e;
			rc = -1;
			break;
		}
		snprintf(name, sizeof name, "%s%s", sl->id, ILOG_RECORD_EXT);
		free(path);
		path = ilog_store_file(s, name);
		rc = ilog_link_new(sl->tmp, path, e) ? -1 : 0;
		free(sl->tmp);
		sl->tmp = NULL;
		if (rc < 0)
			break;
		snprintf(chain->id, sizeof chain->id, "%s", sl->id);
		memcpy(chain->digest, sl->digest, sizeof chain->digest);
		if (ids)
			snprintf(ids[i], ILOG_ID_MAX, "%s", sl->id);
		commit(s, name);
	}
	/* one sync of the folder for the batch: each file was synced */
	if (path && ilog_fsync_dir(path) < 0 && rc == 0) {
		ilog_err_set(e, "%s: %s", s->dir, strerror(errno));
		rc = -1;
	}
	free(path);
	return rc;
}

static int
batch_write(struct ilog_store *s, struct ilog_node **docs, size_t n,
    int first, struct ilog_chain *chain, char (*ids)[ILOG_ID_MAX],
    struct ilog_crypt **crypt, struct ilog_err *e)
{
	struct batch b = { .s = s, .n = n };
	size_t i;
	int rc;

	b.slots = ilog_xcalloc(n, sizeof *b.slots);
	rc = batch_seal(docs, &b, first, chain, e);
	if (rc == 0) {
		ilog_pool_run(s->jobs, n, batch_encrypt, &b, crypt);
		rc = batch_link(s, &b, chain, ids, e);
	}
	for (i = 0; i < n; i++) {
		if (b.slots[i].tmp)
			unlink(b.slots[i].tmp);
		free(b.slots[i].tmp);
		ilog_buf_free(&b.slots[i].plain);
		ilog_buf_free(&b.slots[i].cipher);
	}
	free(b.slots);
	return rc;
}

/* Many records at once (an import): each sealed as ilog_write_record
 * seals it, encrypted in parallel, then written in ID order. A failure
 * stops it: what was written before is whole and chained. */
int
ilog_write_records(struct ilog_store *s, struct ilog_node **docs,
    size_t n, struct ilog_chain *chain, char (*ids)[ILOG_ID_MAX],
    struct ilog_err *e)
{
	struct ilog_crypt *crypt[ILOG_JOBS_MAX] = { 0 };
	size_t done = 0, k;
	int rc = 0, i;

	if (ilog_store_keys(s, e) < 0)
		return -1;
	while (rc == 0 && done < n) {
		k = n - done < BATCH_MAX ? n - done : BATCH_MAX;
		rc = batch_write(s, docs + done, k, done == 0, chain,
		    ids ? ids + done : NULL, crypt, e);
		done += k;
	}
	for (i = 0; i < ILOG_JOBS_MAX; i++)
		ilog_crypt_free(crypt[i]);
	return rc;
}

/* One evidence file, streamed from st->fd and encrypted to the store's
 * recipients into rel through a temp file; returns as ilog_write_new_file
 * does. The plaintext's size and SHA-256 are in st when it is written. */
int
ilog_store_write_evidence(struct ilog_store *s, const char *rel,
    struct ilog_stream *st, struct ilog_err *e)
{
	struct ilog_newfile f;
	char *path = ilog_store_file(s, rel);
	int rc = ilog_newfile_open(&f, path, e);

	free(path);
	if (rc < 0)
		return -1;
	if (ilog_store_encrypt_fd(s, st, f.fd, e) < 0) {
		ilog_newfile_abort(&f);
		return -1;
	}
	return ilog_newfile_commit(&f, e);
}
