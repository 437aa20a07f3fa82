/* import-csv.c: spreadsheet logs (RFC 4180), a header of ilog(5) fields;
 * ilog-csv's output is one */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"

static const char *const columns[] = { "occurred", "date", "time", "until",
	"noted", "summary", "behaviour", "behavior", "tags", "location",
	"channel", "details", "said", "present", "weapon", "fear",
	"identified", "from", "impact", "suspect.name", "suspect.appearance",
	"suspect.clothing", "suspect.voice", "vehicle.make", "vehicle.model",
	"vehicle.colour", "vehicle.plate", "police.reported",
	"police.reference", "police.officer", "police.response", "withdrawn",
	"evidence.count", "id", NULL };

#define WITNESSES_MAX 100

struct row {
	struct ilog_buf *fields;
	size_t n, cap;
	size_t line;		/* where it starts */
	int ours;		/* the header is ilog-csv's: undo its guard */
};

/* One field from p; returns where the next starts, and says whether the
 * record ended. Quoted fields hold commas, "" and line breaks. */
static const char *
field_read(const char *p, const char *end, struct ilog_buf *f, int *eor,
    size_t *lines, int *bad)
{
	*eor = 0;
	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"' && p + 1 < end && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
			if (*p == '\n')
				(*lines)++;
			ilog_buf_addc(f, *p);
		}
		if (p == end)
			return *bad = 1, end;
		p++;
		if (p < end && *p != ',' && *p != '\n' && *p != '\r')
			return *bad = 1, end;
	}
	while (p < end && *p != ',' && *p != '\n') {
		if (!(*p == '\r' && (p + 1 == end || p[1] == '\n')))
			ilog_buf_addc(f, *p);
		p++;
	}
	if (p == end || *p == '\n') {
		*eor = 1;
		if (p < end)
			(*lines)++;
	}
	return p < end ? p + 1 : end;
}

static void
row_clear(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		ilog_buf_free(&r->fields[i]);
	r->n = 0;
}

static struct ilog_buf *
row_next(struct row *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->fields = ilog_xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	memset(&r->fields[r->n], 0, sizeof r->fields[r->n]);
	return &r->fields[r->n++];
}

static const char *
row_read(const char *p, const char *end, struct row *r, size_t *lines,
    struct ilog_err *e)
{
	int eor = 0, bad = 0;

	row_clear(r);
	r->line = *lines + 1;
	while (!eor) {
		p = field_read(p, end, row_next(r), &eor, lines, &bad);
		if (bad)
			return ilog_err_set(e, "line %zu: a quoted field is not "
			    "closed properly", r->line), NULL;
	}
	return p;
}

/* witnesses.N.name, .contact or .saw, N from 1: made canonical. */
static int
witness_column(struct ilog_buf *f)
{
	static const char *const keys[] = { "name", "contact", "saw", NULL };
	const char *p = f->s + strspn(f->s, " \t"), *dot;
	char *end;
	unsigned long n;
	size_t k;

	if (strncasecmp(p, "witnesses.", 10) != 0 || p[10] < '1' ||
	    p[10] > '9')
		return 0;
	n = strtoul(p + 10, &end, 10);
	if (*end != '.' || n > WITNESSES_MAX)
		return 0;
	dot = end + 1;
	for (k = 0; keys[k]; k++)
		if (strcasecmp(dot, keys[k]) == 0)
			break;
	if (!keys[k])
		return 0;
	f->len = 0;
	ilog_buf_printf(f, "witnesses.%lu.%s", n, keys[k]);
	return 1;
}

/* Exactly the header ilog-csv writes, for some number of witnesses. */
static int
header_ours(const struct row *h)
{
	char name[64];
	size_t i, nfixed, nwit;

	for (nfixed = 0; ilog_csv_column(nfixed, 0, name); nfixed++)
		;
	if (h->n < nfixed + 3 || (h->n - nfixed) % 3)
		return 0;
	nwit = (h->n - nfixed) / 3;
	for (i = 0; i < h->n; i++)
		if (strcmp(h->fields[i].s ? h->fields[i].s : "",
		    ilog_csv_column(i, nwit, name)) != 0)
			return 0;
	return 1;
}

static int
header_check(struct row *h, struct ilog_err *e)
{
	char shown[ILOG_SHOWN_SIZE];
	size_t i, k;

	for (i = 0; i < h->n; i++) {
		struct ilog_buf *f = &h->fields[i];

		while (f->len && (f->s[f->len - 1] == ' ' || f->s[f->len - 1] ==
		    '\t'))
			f->s[--f->len] = '\0';
		if (f->len == 0)
			ilog_buf_adds(f, "");
		for (k = 0; columns[k]; k++)
			if (strcasecmp(f->s + strspn(f->s, " \t"), columns[k]) == 0)
				break;
		if (!columns[k] && witness_column(f))
			continue;
		if (!columns[k])
			return ilog_err_set(e, "line 1: unknown column '%s' (valid: "
			    "occurred or date and time, until, noted, summary, "
			    "behaviour, tags, location, channel, from, details, "
			    "said, present, weapon, fear, identified, impact, "
			    "suspect.*, vehicle.*, police.*, witnesses.N.name, .contact, .saw, "
			    "withdrawn)",
			    ilog_shown(f->s, shown)), -1;
		ilog_buf_free(f);
		ilog_buf_adds(f, strcmp(columns[k], "behavior") == 0 ?
		    "behaviour" : columns[k]);
	}
	return 0;
}

/* N.key of witnesses.N.key: the Nth witness, made when first named. */
static void
witness_set(struct ilog_node *doc, const char *col, const struct ilog_buf *v)
{
	struct ilog_node *seq = ilog_node_get(doc, "witnesses");
	char *dot;
	unsigned long n = strtoul(col, &dot, 10);

	if (!seq) {
		seq = ilog_node_seq();
		ilog_node_set(doc, "witnesses", seq);
	}
	while (seq->n < n)
		ilog_node_push(seq, ilog_node_map());
	ilog_node_set(seq->items[n - 1], dot + 1, ilog_node_strn(v->s, v->len));
}

/* Witnesses whose cells were all empty are no witnesses. */
static void
witnesses_tidy(struct ilog_node *doc)
{
	struct ilog_node *seq = ilog_node_get(doc, "witnesses");
	size_t i, k = 0;

	if (!seq)
		return;
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->n == 0)
			ilog_node_free(seq->items[i]);
		else
			seq->items[k++] = seq->items[i];
	}
	seq->n = k;
	if (k == 0)
		ilog_node_unset(doc, "witnesses");
}

static void
field_set(struct ilog_node *doc, const char *col, const struct ilog_buf *v)
{
	const char *dot = strchr(col, '.');
	struct ilog_node *sub;
	char *key;

	if (strcmp(col, "behaviour") == 0 || strcmp(col, "tags") == 0) {
		ilog_record_list_add(doc, col, v->s, NULL);
		return;
	}
	/* an import gets IDs of its own; the evidence is not in the file */
	if (strcmp(col, "id") == 0 || strcmp(col, "evidence.count") == 0)
		return;
	if (strncmp(col, "witnesses.", 10) == 0) {
		witness_set(doc, col + 10, v);
		return;
	}
	if (!dot) {
		ilog_node_set(doc, col, ilog_node_strn(v->s, v->len));
		return;
	}
	key = ilog_xstrndup(col, (size_t)(dot - col));
	if (!(sub = ilog_node_get(doc, key))) {
		sub = ilog_node_map();
		ilog_node_set(doc, key, sub);
	}
	ilog_node_set(sub, dot + 1, ilog_node_strn(v->s, v->len));
	free(key);
}

/* date and time columns say together what occurred says alone. */
static void
date_time(struct ilog_node *doc)
{
	const char *d = ilog_node_text(doc, "date"), *t = ilog_node_text(doc,
	    "time");
	struct ilog_buf b = { 0 };

	if (!d && !t)
		return;
	if (!ilog_node_get(doc, "occurred")) {
		ilog_buf_printf(&b, "%s%s%s", d ? d : "", d && t ? " " : "",
		    t ? t : "");
		ilog_node_set(doc, "occurred", ilog_node_strn(b.s, b.len));
		ilog_buf_free(&b);
	}
	ilog_node_unset(doc, "date");
	ilog_node_unset(doc, "time");
}

/* A spreadsheet's dates are written out: one relative to the clock (now,
 * yesterday, -2h) would be another time at each import, and the same
 * file imported again would add its rows again. */
static int
dates_written_out(const struct ilog_node *doc, struct ilog_err *e)
{
	const struct { const char *name; const struct ilog_node *map;
		const char *key; } d[] = { { "occurred", doc, "occurred" },
		{ "until", doc, "until" }, { "noted", doc, "noted" },
		{ "police.reported", ilog_node_get(doc, "police"), "reported" } };
	char shown[ILOG_SHOWN_SIZE];
	const char *v;
	size_t i;

	for (i = 0; i < sizeof d / sizeof d[0]; i++)
		if ((v = ilog_node_text(d[i].map, d[i].key)) &&
		    !ilog_when_absolute(v))
			return ilog_err_set(e, "%s: a date relative to now '%s' "
			    "(a spreadsheet's dates are written out, as "
			    "2026-11-27 21:40)", d[i].name, ilog_shown(v, shown)),
			    -1;
	return 0;
}

/* ilog-csv's formula guard, a ' before what a spreadsheet would run */
static void
unguard(struct ilog_buf *f)
{
	memmove(f->s, f->s + 1, f->len);	/* with the NUL */
	f->len--;
}

static int
row_add(const struct row *h, struct row *r, struct ilog_import_list *l,
    struct ilog_err *e)
{
	struct ilog_node *doc = ilog_node_map();
	struct ilog_import_msg *m;
	struct ilog_buf canon = { 0 };
	struct ilog_err why;
	size_t i;

	for (i = 0; i < r->n && i < h->n; i++) {
		if (h->ours && ilog_csv_guarded(r->fields[i].s,
		    r->fields[i].len))
			unguard(&r->fields[i]);
		ilog_buf_printf(&canon, "%s=", h->fields[i].s);
		ilog_buf_add(&canon, r->fields[i].s ? r->fields[i].s : "",
		    r->fields[i].len);
		ilog_buf_addc(&canon, '\0');
		if (r->fields[i].len)
			field_set(doc, h->fields[i].s, &r->fields[i]);
	}
	witnesses_tidy(doc);
	if (r->n > h->n)
		ilog_err_set(&why, "more fields than the header has columns");
	date_time(doc);
	if (r->n > h->n || dates_written_out(doc, &why) < 0 ||
	    ilog_record_check(doc, 1, &why) < 0) {
		ilog_node_free(doc);
		ilog_buf_free(&canon);
		return ilog_err_set(e, "line %zu: %s", r->line, why.msg), -1;
	}
	m = ilog_import_push(l);
	m->kind = ILOG_IMPORT_CSV;
	m->line = r->line;
	m->doc = doc;
	ilog_record_time(doc, "occurred", &m->when);
	m->text = ilog_xstrndup(canon.s, canon.len);
	m->len = canon.len;
	ilog_buf_free(&canon);
	return 0;
}

static int
row_empty(const struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->fields[i].len)
			return 0;
	return 1;
}

int
ilog_import_csv_parse(const char *buf, size_t len, struct ilog_import_list *l,
    struct ilog_err *e)
{
	struct row head = { 0 }, r = { 0 };
	const char *p = buf, *end = buf + len;
	size_t lines = 0;
	int rc = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (!(p = row_read(p, end, &head, &lines, e)))
		rc = -1;
	else if ((head.ours = header_ours(&head), header_check(&head, e)) < 0)
		rc = -1;
	while (rc == 0 && p < end) {
		if (!(p = row_read(p, end, &r, &lines, e)))
			rc = -1;
		else if (!row_empty(&r))
			rc = row_add(&head, &r, l, e);
	}
	row_clear(&head);
	row_clear(&r);
	free(head.fields);
	free(r.fields);
	return rc;
}
