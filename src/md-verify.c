/* md-verify.c: the verification appendix, for a reader who is no expert:
 * one table of the records, the seal in a box, the seals handed over, how
 * to check an exhibit, and what the checks prove and what they do not */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

/* A record in the table: what it is in the report's own terms. */
struct row {
	const struct ilog_rec *rec;
	size_t no;		/* the incident's number; 0: not an incident */
	size_t *of;		/* an amendment: the numbers of what it amends */
	size_t nof;
	int of_case;		/* it amends the case */
};

/* The keys that signed them, numbered as they first appear. */
struct signers {
	char (*fpr)[ILOG_FPR_MAX];
	size_t n;
};

static int
row_by_id(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->rec->id,
	    ((const struct row *)b)->rec->id);
}

static int
row_find(const void *key, const void *elem)
{
	return strcmp(key, ((const struct row *)elem)->rec->id);
}

static void
push(struct row **v, size_t *n, const struct ilog_rec *rec)
{
	*v = ilog_xrealloc(*v, (*n + 1) * sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[(*n)++].rec = rec;
}

static int
seal_record(const struct ilog_rec *r)
{
	return r->doc && !r->rejected && ilog_seal_record_is(r->doc);
}

/* What the report shows (its incidents, their amendments, the case), the
 * seals handed over, and what is in the folder but not part of the log;
 * in ID order, each once. */
static struct row *
table_rows(const struct md_report *r, size_t *out_n)
{
	const struct ilog_log *log = r->log;
	const struct ilog_incident *c = log->case_file;
	struct row *v = NULL, *row;
	size_t i, j, n = 0, k;

	for (i = 0; i < r->n; i++) {
		push(&v, &n, r->v[i]->rec);
		for (j = 0; j < r->v[i]->namends; j++)
			push(&v, &n, r->v[i]->amends[j]);
	}
	for (i = 0; c && i < 1 + c->namends; i++)
		push(&v, &n, i == 0 ? c->rec : c->amends[i - 1]);
	for (i = 0; i < log->nrecs; i++)
		if (seal_record(&log->recs[i]) ||
		    (log->recs[i].rejected && log->recs[i].doc))
			push(&v, &n, &log->recs[i]);
	if (n)	/* qsort of NULL, 0 is undefined */
		qsort(v, n, sizeof *v, row_by_id);
	for (i = k = 0; i < n; i++)
		if (k == 0 || v[k - 1].rec != v[i].rec)
			v[k++] = v[i];
	n = k;
	for (i = 0; i < r->n; i++) {
		if ((row = bsearch(r->v[i]->rec->id, v, n, sizeof *v, row_find)))
			row->no = i + 1;
		for (j = 0; j < r->v[i]->namends; j++) {
			row = bsearch(r->v[i]->amends[j]->id, v, n, sizeof *v,
			    row_find);
			if (!row)
				continue;
			row->of = ilog_xrealloc(row->of, (row->nof + 1) *
			    sizeof *row->of);
			row->of[row->nof++] = i + 1;
		}
	}
	for (i = 0; c && i < c->namends; i++)
		if ((row = bsearch(c->amends[i]->id, v, n, sizeof *v, row_find)))
			row->of_case = 1;
	*out_n = n;
	return v;
}

static const char *
kind_of(const struct ilog_rec *rec)
{
	if (rec->amendment)
		return "amendment";
	if (rec->doc && ilog_case_is(rec->doc))
		return "case record";
	if (rec->doc && ilog_seal_record_is(rec->doc))
		return "seal record";
	return "incident";
}

/* "No. 3", "Amends No. 3, 7", "The case", "Seal given" */
static void
record_cell(struct ilog_buf *out, const struct row *row)
{
	const struct ilog_rec *rec = row->rec;
	size_t i;

	if (rec->rejected) {
		ilog_buf_printf(out, "**Not part of the log** (%s%s)",
		    kind_of(rec), rec->amendment ? ", not applied" :
		    ", not shown");
		return;
	}
	if (row->no) {
		ilog_buf_printf(out, "No. %zu", row->no);
		return;
	}
	if (rec->amendment) {
		ilog_buf_adds(out, "Amends ");
		for (i = 0; i < row->nof; i++)
			ilog_buf_printf(out, "%s%zu", i ? ", " : "No. ",
			    row->of[i]);
		if (row->of_case)
			ilog_buf_printf(out, "%sthe case", row->nof ? ", " : "");
		return;
	}
	if (ilog_case_is(rec->doc))
		ilog_buf_adds(out, "The case");
	else if (ilog_seal_record_is(rec->doc))
		ilog_buf_adds(out, "Seal given");
	else
		ilog_buf_adds(out, "Incident");
}

static size_t
signer_no(struct signers *s, const char *fpr)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->fpr[i], fpr) == 0)
			return i + 1;
	s->fpr = ilog_xrealloc(s->fpr, (s->n + 1) * sizeof *s->fpr);
	snprintf(s->fpr[s->n], ILOG_FPR_MAX, "%s", fpr);
	return ++s->n;
}

static void
check_cell(struct ilog_buf *out, const struct ilog_rec *rec)
{
	if (!rec->rejected)
		ilog_buf_adds(out, "good");
	else if (rec->sig.status == ILOG_SIG_GOOD)
		ilog_buf_adds(out, "**bad**: not signed by a key of the log");
	else
		ilog_buf_printf(out, "**bad**: %s", ilog_sig_describe(
		    rec->sig.status));
}

static void
table_row(struct ilog_buf *out, const struct row *row, struct signers *keys)
{
	const struct ilog_rec *rec = row->rec;

	ilog_buf_adds(out, "| ");
	record_cell(out, row);
	ilog_buf_printf(out, " | `%s` | ", rec->id);
	md_hash(out, rec->digest);
	ilog_buf_adds(out, " | ");
	if (rec->sig.fpr[0])
		ilog_buf_printf(out, "key %zu", signer_no(keys, rec->sig.fpr));
	else
		ilog_buf_adds(out, "nobody");
	ilog_buf_adds(out, " | ");
	check_cell(out, rec);
	ilog_buf_adds(out, " |\n");
}

/* Key 1: its fingerprint, the name it carries (not in a redacted copy:
 * it is often the victim's), whether it is the log's. */
static void
signer_list(struct ilog_buf *out, const struct md_report *r,
    const struct signers *keys)
{
	const struct ilog_store *store = r->log->store;
	int named = !(r->o->redact && r->o->redact->n);
	char name[256];
	size_t i;

	for (i = 0; i < keys->n; i++) {
		ilog_buf_printf(out, "- Key %zu: `%s`", i + 1, keys->fpr[i]);
		name[0] = '\0';
		if (named)
			ilog_key_name(keys->fpr[i], name, sizeof name);
		if (name[0]) {
			ilog_buf_adds(out, ", named ");
			ilog_md_inline(out, name, strlen(name));
		}
		if (store && store->nrecip > 0)
			ilog_buf_adds(out, ilog_trust_recipient(store,
			    keys->fpr[i]) ? ", one of the log's keys" :
			    ", **not** one of the log's keys");
		ilog_buf_addc(out, '\n');
	}
	if (keys->n)
		ilog_buf_addc(out, '\n');
}

static void
md_records(struct ilog_buf *out, const struct md_report *r)
{
	struct signers keys = { 0 };
	struct row *rows;
	size_t i, n, rejected = 0;

	rows = table_rows(r, &n);
	for (i = 0; i < n; i++)
		rejected += rows[i].rec->rejected;
	if (rejected)
		ilog_buf_printf(out, "%s marked **not part of the log** %s in "
		    "the log's folder, but nothing in this report counts %s: "
		    "%s not signed by one of the log's keys, so anyone could "
		    "have written %s (run `ilog-verify`).\n\n", rejected == 1 ?
		    "The file" : "The files", rejected == 1 ? "is" : "are",
		    rejected == 1 ? "it" : "them", rejected == 1 ? "it is" :
		    "they are", rejected == 1 ? "it" : "them");
	if (n) {
		ilog_buf_adds(out, "| Record | ID | Digest (SHA-256) | "
		    "Signed by | Signature |\n| --- | --- | --- | --- | --- "
		    "|\n");
		for (i = 0; i < n; i++)
			table_row(out, &rows[i], &keys);
		ilog_buf_addc(out, '\n');
	}
	signer_list(out, r, &keys);
	for (i = 0; i < n; i++)
		free(rows[i].of);
	free(rows);
	free(keys.fpr);
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

/* The time of a record's ID (when it was written), as the report says
 * times; its day alone with day_only. */
static void
id_when(struct ilog_buf *out, const char *id, int day_only)
{
	struct ilog_when w = { .t = ilog_id_time(id) };
	char day[11];

	if (day_only) {
		md_day_of(&w, day);
		ilog_buf_adds(out, day);
	} else {
		md_when(out, &w);
	}
}

static void
md_seal(struct ilog_buf *out, const struct ilog_log *log)
{
	struct ilog_seal seal;
	char line[160];

	ilog_buf_adds(out, "### The seal\n\n");
	if (log->nrecs == 0) {
		ilog_buf_adds(out, "The log is empty: there is nothing to "
		    "seal.\n\n");
		return;
	}
	if (ilog_seal(log, NULL, &seal) < 0) {
		ilog_buf_adds(out, "No seal: some records could not be read "
		    "(see above).\n\n");
		return;
	}
	ilog_seal_format(&seal, line, sizeof line);
	ilog_buf_printf(out, "```seal\n%s\n```\n\n", line);
	ilog_buf_adds(out, "This line is the seal of the whole log as it was "
	    "when this report was made: ");
	if (seal.count == 1)
		ilog_buf_adds(out, "its one record, written ");
	else
		ilog_buf_printf(out, "all %zu records in it, the last written ",
		    seal.count);
	id_when(out, seal.id, 0);
	ilog_buf_printf(out, ", including any not shown here. It is made from "
	    "the digest of every one of %s, so if any of %s is changed or "
	    "removed later, or a record is slipped in among them with an "
	    "earlier date, the seal no longer matches. Whoever has the log "
	    "checks it by running `ilog-verify -S '%s'` on the log.\n\n",
	    seal.count == 1 ? "them (here, one)" : "them",
	    seal.count == 1 ? "it" : "them", line);
}

/* Each seal recorded as handed over (ilog-seal --given-to), and whether
 * the log still matches it. */
static void
md_given(struct ilog_buf *out, const struct ilog_log *log)
{
	struct ilog_seal seal, got;
	struct ilog_when w;
	size_t i, k = 0;

	ilog_buf_adds(out, "### Seals handed over\n\n");
	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *rec = &log->recs[i];

		if (!seal_record(rec) || ilog_seal_parse(ilog_node_text(
		    rec->doc, "seal"), &seal) < 0)
			continue;
		if (k++ == 0)
			ilog_buf_adds(out, "A seal handed to someone outside the "
			    "log fixes a date: the records it covers existed "
			    "by the day it was given, whatever the log says "
			    "later.\n\n");
		ilog_buf_adds(out, "- Seal of ");
		id_when(out, seal.id, 1);
		ilog_buf_adds(out, " given to ");
		md_text_inline(out, rec->doc, "given_to");
		if (ilog_record_time(rec->doc, "given", &w) == 0) {
			ilog_buf_adds(out, " on ");
			md_when(out, &w);
		}
		if (ilog_node_text(rec->doc, "note")) {
			ilog_buf_adds(out, " (");
			md_text_inline(out, rec->doc, "note");
			ilog_buf_addc(out, ')');
		}
		ilog_buf_printf(out, ": `%s`, %zu record%s. ",
		    ilog_node_text(rec->doc, "seal"), seal.count,
		    seal.count == 1 ? "" : "s");
		switch (ilog_seal_holds(log, &seal, &got)) {
		case ILOG_SEAL_HOLDS:
			ilog_buf_adds(out, "The log still matches it.\n");
			break;
		case ILOG_SEAL_UNREADABLE:
			ilog_buf_adds(out, "**It cannot be checked**: some "
			    "records it covers could not be read.\n");
			break;
		default:
			ilog_buf_adds(out, "**The log no longer matches it**: "
			    "records it covers were changed, removed or added "
			    "since (run `ilog-verify`).\n");
		}
	}
	if (k == 0)
		ilog_buf_adds(out, "No seal is recorded as handed over. "
		    "`ilog-seal --given-to NAME` prints the seal and records "
		    "to whom it was given.\n");
	ilog_buf_addc(out, '\n');
}

static void
md_exhibit_check(struct ilog_buf *out, const struct md_report *r)
{
	if (r->nexhibits == 0)
		return;
	ilog_buf_printf(out, "### Checking an exhibit\n\n"
	    "Anyone given a copy of an exhibit can check that it is the very "
	    "file listed under Exhibits, with the tools their own computer "
	    "already has: work out its SHA-256 and compare it with the one in "
	    "the register (%s/1 onwards). In a terminal or command prompt, "
	    "where FILE is the copy:\n\n"
	    "- Windows: `certutil -hashfile FILE SHA256`\n"
	    "- macOS: `shasum -a 256 FILE`\n"
	    "- Linux: `sha256sum FILE`\n\n"
	    "The 64 characters printed must be the same as in the register "
	    "(capital or small letters and spaces do not matter). If a single "
	    "byte of the file were different, they would be completely "
	    "different. Whoever holds a key to the log can make a copy of "
	    "each file with `ilog-show -x` and the stored file named under "
	    "its incident.\n\n", r->prefix);
}

static void
md_limits(struct ilog_buf *out)
{
	ilog_buf_adds(out, "### What these checks prove, and what they do "
	    "not\n\n"
	    "- A good signature and a matching digest prove that a record is "
	    "the one written with the log's key, unchanged since. A matching "
	    "SHA-256 proves that a copy of an exhibit is the file that was "
	    "attached.\n"
	    "- They do not prove when anything happened or was written. The "
	    "times in the records come from the victim's own computer clock "
	    "and from what she typed, and a clock can be set to any date.\n"
	    "- Only a seal handed over earlier fixes a date: whoever received "
	    "it knows that the records it covers existed by then, and can "
	    "tell if any of them was changed, removed or backdated since.\n"
	    "- An officer who does not hold the victim's key can still check "
	    "each exhibit against its SHA-256 (above), and a seal they were "
	    "given against a later copy of the log: whoever holds a key runs "
	    "`ilog-verify -S` with that seal on it, and a later report lists "
	    "the seal under Seals handed over and says whether the log still "
	    "matches it.\n\n");
}

void
md_verification(struct ilog_buf *out, const struct md_report *r)
{
	ilog_buf_adds(out, "## Verification\n\nThis section lets anyone check "
	    "that the records in this report are the ones in the log, "
	    "unchanged since they were written. Each record (an incident, a "
	    "later change to one, called an amendment, or another entry) is "
	    "one file in the log, encrypted, signed with the key of whoever "
	    "wrote it, and named by its ID, the time it was written. Its "
	    "digest is a fingerprint of its contents (the SHA-256 of the "
	    "decrypted file, `gpg -d ID.yaml.gpg | sha256sum`): change one "
	    "letter and the digest is completely different.\n\n");
	md_records(out, r);
	md_unreadable(out, r->log);
	md_seal(out, r->log);
	md_given(out, r->log);
	md_exhibit_check(out, r);
	md_limits(out);
}
