/* md-verify.c: the verification appendix: records left out, the seal */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

static int
rec_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct ilog_rec *const *)a)->id,
	    (*(const struct ilog_rec *const *)b)->id);
}

static size_t
records_of(const struct ilog_incident *inc, const struct ilog_rec **r)
{
	size_t j, k = 0;

	r[k++] = inc->rec;
	for (j = 0; j < inc->namends; j++)
		r[k++] = inc->amends[j];
	return k;
}

/* The records shown: the incidents' and the case's, and their amendments,
 * in ID order, each once. */
static const struct ilog_rec **
shown_records(const struct ilog_incident *case_file,
    struct ilog_incident *const *v, size_t n, size_t *out_n)
{
	const struct ilog_rec **r;
	size_t i, j, total = n + 1, k = 0;

	for (i = 0; i < n; i++)
		total += v[i]->namends;
	if (case_file)
		total += case_file->namends;
	r = ilog_xcalloc(total, sizeof *r);
	for (i = 0; i < n; i++)
		k += records_of(v[i], r + k);
	if (case_file)
		k += records_of(case_file, r + k);
	qsort(r, k, sizeof *r, rec_by_id);
	for (i = j = 0; i < k; i++)
		if (j == 0 || r[j - 1] != r[i])
			r[j++] = r[i];
	*out_n = j;
	return r;
}

static void
md_unreadable(struct ilog_buf *out, const struct ilog_log *log)
{
	size_t i;

	for (i = 0; i < log->nrecs && !log->recs[i].error; i++)
		;
	if (i == log->nrecs)
		return;
	ilog_buf_adds(out, "These records in the log could not be read, so "
	    "they are not in this report (run `ilog-verify`):\n\n");
	for (i = 0; i < log->nrecs; i++) {
		if (!log->recs[i].error)
			continue;
		ilog_buf_printf(out, "- %s: ", log->recs[i].id);
		ilog_md_inline(out, log->recs[i].error,
		    strlen(log->recs[i].error));
		ilog_buf_addc(out, '\n');
	}
	ilog_buf_addc(out, '\n');
}

static void
md_rejected(struct ilog_buf *out, const struct ilog_log *log)
{
	size_t i, n = 0;

	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *r = &log->recs[i];

		if (!r->rejected || !r->doc)
			continue;	/* an unreadable one is listed below */
		if (n++ == 0)
			ilog_buf_adds(out, "These files in the log's folder are "
			    "NOT part of the log, and nothing in this report "
			    "counts them: they are not signed by one of the log's "
			    "keys, so anyone could have written them (run "
			    "`ilog-verify`):\n\n");
		ilog_buf_printf(out, "- %s (%s): digest `%s`, ", r->id,
		    r->amendment ? "amendment, not applied" :
		    "incident, not shown", r->digest);
		md_signature(out, log->store, &r->sig);
		ilog_buf_addc(out, '\n');
	}
	if (n)
		ilog_buf_addc(out, '\n');
}

static void
md_seal(struct ilog_buf *out, const struct ilog_log *log)
{
	struct ilog_seal seal;
	char line[160];

	if (log->nrecs == 0) {
		ilog_buf_adds(out, "The log is empty: there is nothing to "
		    "seal.\n");
		return;
	}
	if (ilog_seal(log, NULL, &seal) < 0) {
		ilog_buf_adds(out, "No seal: some records could not be read "
		    "(see above).\n");
		return;
	}
	ilog_seal_format(&seal, line, sizeof line);
	ilog_buf_printf(out, "Seal of the log: `%s`\n\n", line);
	ilog_buf_printf(out, "The seal covers all %zu records in the log up to "
	    "%s, including any not shown here. Whoever is given it can later "
	    "confirm that nothing recorded up to then was changed, removed "
	    "or backdated, by running `ilog-verify -S '%s'` on the log.\n",
	    seal.count, seal.id, line);
}

void
md_verification(struct ilog_buf *out, const struct md_report *r)
{
	const struct ilog_log *log = r->log;
	struct ilog_incident *const *v = r->v;
	size_t n = r->n;
	const struct ilog_rec **recs;
	size_t i, nrecs;

	ilog_buf_adds(out, "## Verification\n\nEach record is one encrypted "
	    "and signed file in the log, named by its ID. Its digest is the "
	    "SHA-256 of the file's decrypted contents, for example "
	    "`gpg -d ID.yaml.gpg | sha256sum`.\n\n");
	recs = shown_records(log->case_file, v, n, &nrecs);
	for (i = 0; i < nrecs; i++) {
		ilog_buf_printf(out, "- %s (%s): digest `%s`, ", recs[i]->id,
		    recs[i]->amendment ? "amendment" : recs[i]->doc &&
		    ilog_case_is(recs[i]->doc) ? "case" : "incident",
		    recs[i]->digest);
		md_signature(out, log->store, &recs[i]->sig);
		ilog_buf_addc(out, '\n');
	}
	if (nrecs)
		ilog_buf_addc(out, '\n');
	free(recs);
	md_rejected(out, log);
	md_unreadable(out, log);
	md_seal(out, log);
}

