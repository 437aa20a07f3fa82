/* log.c: the log as a model of incidents: the records the loader read,
 * judged by their signers, amendments applied, the case found; and the
 * writer that adds a record after the newest one */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static int
rec_cmp_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ilog_incident *)elem)->rec->id);
}

struct ilog_incident *
ilog_log_incident(const struct ilog_log *log, const char *id)
{
	return bsearch(id, log->incs, log->nincs, sizeof *log->incs,
	    rec_cmp_id);
}

/* Read and well formed: decoded, or an incident left for later (lazy). */
int
ilog_rec_readable(const struct ilog_rec *r)
{
	return r->doc || r->lazy.form;
}

/* A lazy incident decoded: its form was checked when it was taken in. */
static void
rec_decode(struct ilog_rec *r)
{
	if (r->doc || !r->lazy.form)
		return;
	r->doc = ilog_node_decode(r->lazy.form, r->lazy.len);
	r->lazy.form = NULL;
}

static void
incident_decode(struct ilog_incident *inc)
{
	rec_decode(inc->rec);
	if (!inc->cur)
		inc->cur = inc->rec->doc;
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(void *const *)a;
	uintptr_t y = (uintptr_t)*(void *const *)b;

	return x < y ? -1 : x > y;
}

static void
decode_one(void *arg, size_t i, struct ilog_crypt **c)
{
	(void)c;
	rec_decode(((struct ilog_rec **)arg)[i]);
}

/* What a program selected, decoded (ilog_opts.lazy): many on the pool's
 * threads, each record once however often it was named. */
void
ilog_incidents_decode(struct ilog_incident *const *incs, size_t n, int jobs)
{
	struct ilog_rec **lazy = ilog_xcalloc(n ? n : 1, sizeof *lazy);
	size_t i, k = 0, u = 0;

	for (i = 0; i < n; i++)
		if (incs[i]->rec->lazy.form)
			lazy[k++] = incs[i]->rec;
	if (k > 0)
		qsort(lazy, k, sizeof *lazy, ptr_cmp);
	for (i = 0; i < k; i++)
		if (u == 0 || lazy[u - 1] != lazy[i])
			lazy[u++] = lazy[i];
	ilog_pool_run(u < 1024 ? 1 : jobs, u, decode_one, lazy, NULL);
	free(lazy);
	for (i = 0; i < n; i++)
		incident_decode(incs[i]);
}

static void
incident_add(struct ilog_log *log, struct ilog_rec *r)
{
	struct ilog_incident *inc = &log->incs[log->nincs++];

	memset(inc, 0, sizeof *inc);
	inc->rec = r;
	inc->cur = r->doc;	/* shared until an amendment changes it */
}

/* Anyone with the public keys could write a record: one not signed by a
 * key of the store is not part of the log: neither shown, applied, nor
 * chained onto, and told once (ilog_log_tell). One signed by a key that an
 * uncertified list names is told by that list's one line. */
static void
records_judge(struct ilog_log *log)
{
	struct ilog_rec *r;
	struct ilog_err e;
	size_t i;

	if (log->store->list_state == 0)	/* its error is told by */
		ilog_store_recipients(log->store, &e);	/* whoever needs it */
	for (i = 0; i < log->nrecs; i++) {
		r = &log->recs[i];
		if (!r->digest[0])
			continue;
		switch (ilog_trust_signer(log->store, &r->sig)) {
		case ILOG_SIGNER_STORE:
			continue;
		case ILOG_SIGNER_UNCERTIFIED:
			rec_decode(r);
			r->rejected = 1;
			continue;
		default:
			break;
		}
		r->rejected = ILOG_REJECTED_FOREIGN;
		rec_decode(r);	/* told of, and shown by ilog-verify */
		if (!r->doc || log->store->tells_forged)
			continue;	/* reported elsewhere */
		log->nerrors++;
	}
}

static void
history_add(struct ilog_incident *inc, struct ilog_rec *r)
{
	inc->amends = ilog_xrealloc(inc->amends, (inc->namends + 1) *
	    sizeof *inc->amends);
	inc->amends[inc->namends++] = r;
}

static int
rec_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ilog_rec *)elem)->id);
}

/* What an amendment may name: an incident, or a case record (any of them:
 * each device may have written one), which means the case. */
struct ilog_incident *
ilog_log_amendable(const struct ilog_log *log, const char *id)
{
	struct ilog_incident *inc = ilog_log_incident(log, id);
	const struct ilog_rec *r;

	if (inc || !log->case_file)
		return inc;
	r = bsearch(id, log->recs, log->nrecs, sizeof *log->recs, rec_cmp);
	return r && r->doc && !r->rejected && ilog_case_is(r->doc) ?
	    log->case_file : NULL;
}

static void
amendment_apply(struct ilog_log *log, struct ilog_rec *r)
{
	const struct ilog_node *amends = ilog_node_get(r->doc, "amends");
	struct ilog_incident *inc;
	size_t i;

	for (i = 0; i < amends->n; i++) {
		if (!(inc = ilog_log_amendable(log, amends->items[i]->str)))
			continue;	/* not synced yet; ilog-verify reports it */
		incident_decode(inc);
		if (inc->namends && inc->amends[inc->namends - 1] == r)
			continue;	/* named twice: applied once */
		if (inc->cur == inc->rec->doc)	/* the record stays as written */
			inc->cur = ilog_node_copy(inc->rec->doc);
		ilog_record_apply(inc->cur, r->doc);
		history_add(inc, r);
	}
}

/* The first case record is the case; a later one (two devices wrote one at
 * once) is read, in ID order with the amendments, as setting what it holds. */
static void
case_add(struct ilog_log *log, struct ilog_rec *r)
{
	struct ilog_incident *c = log->case_file;

	if (!c) {
		c = log->case_file = ilog_xcalloc(1, sizeof *c);
		c->rec = r;
		c->cur = r->doc;
		return;
	}
	if (c->cur == c->rec->doc)
		c->cur = ilog_node_copy(c->rec->doc);
	ilog_case_merge(c->cur, r->doc);
	history_add(c, r);
}

static void
incidents_build(struct ilog_log *log)
{
	struct ilog_incident *inc;
	struct ilog_rec *r;
	const char *occurred;
	size_t i;

	records_judge(log);
	log->incs = ilog_xcalloc(log->nrecs, sizeof *log->incs);
	for (i = 0; i < log->nrecs; i++) {
		r = &log->recs[i];
		if (!ilog_rec_readable(r) || r->rejected || r->amendment ||
		    (r->doc && ilog_seal_record_is(r->doc)))
			continue;	/* a seal handed over is not an incident */
		if (!r->doc || !ilog_case_is(r->doc))
			incident_add(log, r);
		else if (!log->case_file)
			case_add(log, r);
	}
	for (i = 0; i < log->nrecs; i++) {
		r = &log->recs[i];
		if (!r->doc || r->rejected)
			continue;
		if (r->amendment)
			amendment_apply(log, r);
		else if (ilog_case_is(r->doc) && r != log->case_file->rec)
			case_add(log, r);
	}
	for (i = 0; i < log->nincs; i++) {
		inc = &log->incs[i];
		inc->withdrawn = inc->cur ? ilog_node_text(inc->cur,
		    "withdrawn") : inc->rec->lazy.withdrawn;
		occurred = inc->cur ? ilog_node_text(inc->cur, "occurred") :
		    inc->rec->lazy.occurred;
		if (occurred)
			ilog_when_parse_stored(occurred, &inc->occurred, NULL);
	}
}

/* The records read, made a log: judged, then incidents and the case. */
void
ilog_log_build(struct ilog_log *log)
{
	incidents_build(log);
	ilog_log_chain(log, &log->chain);
}

void
ilog_log_free(struct ilog_log *log)
{
	size_t i;

	for (i = 0; i < log->nincs; i++) {
		if (log->incs[i].cur != log->incs[i].rec->doc)
			ilog_node_free(log->incs[i].cur);
		free(log->incs[i].amends);
	}
	if (log->case_file) {
		if (log->case_file->cur != log->case_file->rec->doc)
			ilog_node_free(log->case_file->cur);
		free(log->case_file->amends);
		free(log->case_file);
	}
	for (i = 0; i < log->nrecs; i++) {
		ilog_node_free(log->recs[i].doc);
		free(log->recs[i].path);
		free(log->recs[i].error);
	}
	free(log->incs);
	free(log->recs);
	ilog_buf_free(&log->texts[0]);
	ilog_buf_free(&log->texts[1]);
	memset(log, 0, sizeof *log);
}

/* The newest record signed by a key of the store: what a new record's prev
 * names, and the greatest ID a new one must follow. A planted file, however
 * it is named, moves neither. */
const struct ilog_rec *
ilog_log_last(const struct ilog_log *log)
{
	size_t i = log->nrecs;

	while (i > 0)
		if (log->recs[--i].digest[0] && !log->recs[i].rejected)
			return &log->recs[i];
	return NULL;
}

void
ilog_log_chain(const struct ilog_log *log, struct ilog_chain *chain)
{
	const struct ilog_rec *last = ilog_log_last(log);

	memset(chain, 0, sizeof *chain);
	if (last) {
		snprintf(chain->id, sizeof chain->id, "%s", last->id);
		memcpy(chain->digest, last->digest, sizeof chain->digest);
	}
}

/* qsort order of incident pointers: when they happened, then their IDs. */
int
ilog_incident_cmp(const void *a, const void *b)
{
	const struct ilog_incident *x = *(struct ilog_incident *const *)a;
	const struct ilog_incident *y = *(struct ilog_incident *const *)b;

	if (x->occurred.t != y->occurred.t)
		return x->occurred.t < y->occurred.t ? -1 : 1;
	return strcmp(x->rec->id, y->rec->id);
}

struct ilog_incident **
ilog_log_by_occurred(const struct ilog_log *log, int all, size_t *n)
{
	struct ilog_incident **v = ilog_xcalloc(log->nincs, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < log->nincs; i++)
		if (all || !log->incs[i].withdrawn)
			v[k++] = &log->incs[i];
	qsort(v, k, sizeof *v, ilog_incident_cmp);
	*n = k;
	return v;
}

/* One record file's plaintext to fd, exactly as it was encrypted. */
static int
raw_one(struct ilog_store *s, const char *path, int fd, struct ilog_err *e)
{
	struct ilog_buf plain = { 0 };
	int rc = 0;

	if (ilog_crypt_decrypt_file(s->crypt, path, ILOG_RECORD_MAX, &plain,
	    NULL, e) < 0)
		rc = -1;
	else if (ilog_write_all(fd, "---\n", 4) < 0 ||
	    ilog_write_all(fd, plain.s, plain.len) < 0) {
		ilog_err_set(e, "output: %s", strerror(errno));
		rc = -1;
	}
	ilog_buf_free(&plain);
	return rc;
}

/* The records as written, to fd: the incident (or the case), then each
 * amendment applied to it, as YAML documents. */
int
ilog_log_raw(struct ilog_store *s, const struct ilog_incident *inc, int fd,
    struct ilog_err *e)
{
	size_t i;

	if (raw_one(s, inc->rec->path, fd, e) < 0)
		return -1;
	for (i = 0; i < inc->namends; i++)
		if (raw_one(s, inc->amends[i]->path, fd, e) < 0)
			return -1;
	return 0;
}

/* Write a new record after the newest one this program knows of. */
int
ilog_log_write(struct ilog_log *log, struct ilog_node *doc,
    char id[ILOG_ID_MAX], struct ilog_err *e)
{
	int rc = ilog_write_record(log->store, doc, &log->chain, e);

	if (rc >= 0 && id)
		snprintf(id, ILOG_ID_MAX, "%s", log->chain.id);
	return rc;
}

/* Many new records, encrypted in parallel, written in order. */
int
ilog_log_write_all(struct ilog_log *log, struct ilog_node **docs, size_t n,
    char (*ids)[ILOG_ID_MAX], struct ilog_err *e)
{
	return ilog_write_records(log->store, docs, n, &log->chain, ids, e);
}

/* One amendment naming every incident given; checked before it is written. */
int
ilog_log_amend(struct ilog_log *log, struct ilog_node *am,
    struct ilog_incident **incs, size_t n, struct ilog_err *e)
{
	struct ilog_node *ids = ilog_node_seq();
	size_t i;

	for (i = 0; i < n; i++)
		if (!ilog_seq_has(ids, incs[i]->rec->id))
			ilog_node_push(ids, ilog_node_raw(incs[i]->rec->id));
	ilog_node_set(am, "amends", ids);
	if (ilog_record_check(am, 1, e) < 0)
		return -1;
	return ilog_log_write(log, am, NULL, e);
}

/* The program is about to exit: the kernel takes the pages back at once,
 * while freeing a large log node by node costs a tenth of a warm run.
 * Sanitizer builds free everything, so that leaks still show. */
void
ilog_log_exit(struct ilog_log *log)
{
#ifdef ILOG_SAN
	ilog_log_free(log);
#else
	(void)log;
#endif
}
