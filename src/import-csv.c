/* import-csv.c: spreadsheet logs (RFC 4180), a header of ilog(5) fields */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"

static const char *const columns[] = { "occurred", "date", "time", "until",
	"noted", "summary", "behaviour", "behavior", "tags", "location",
	"channel", "details", "impact", "suspect.name", "suspect.appearance",
	"suspect.clothing", "suspect.voice", "vehicle.make", "vehicle.model",
	"vehicle.colour", "vehicle.plate", "police.reported",
	"police.reference", "police.officer", NULL };

struct row {
	struct ilog_buf *fields;
	size_t n, cap;
	size_t line;		/* where it starts */
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
		if (!columns[k])
			return ilog_err_set(e, "line 1: unknown column '%s' (valid: "
			    "occurred or date and time, until, noted, summary, "
			    "behaviour, tags, location, channel, details, impact, "
			    "suspect.*, vehicle.*, police.*)",
			    ilog_shown(f->s, shown)), -1;
		ilog_buf_free(f);
		ilog_buf_adds(f, strcmp(columns[k], "behavior") == 0 ?
		    "behaviour" : columns[k]);
	}
	return 0;
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

static int
row_add(const struct row *h, const struct row *r, struct ilog_import_list *l,
    struct ilog_err *e)
{
	struct ilog_node *doc = ilog_node_map();
	struct ilog_import_msg *m;
	struct ilog_buf canon = { 0 };
	struct ilog_err why;
	size_t i;

	for (i = 0; i < r->n && i < h->n; i++) {
		ilog_buf_printf(&canon, "%s=", h->fields[i].s);
		ilog_buf_add(&canon, r->fields[i].s ? r->fields[i].s : "",
		    r->fields[i].len);
		ilog_buf_addc(&canon, '\0');
		if (r->fields[i].len)
			field_set(doc, h->fields[i].s, &r->fields[i]);
	}
	if (r->n > h->n)
		ilog_err_set(&why, "more fields than the header has columns");
	date_time(doc);
	if (r->n > h->n || ilog_record_check(doc, 1, &why) < 0) {
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
	if (!(p = row_read(p, end, &head, &lines, e)) || header_check(&head,
	    e) < 0)
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
