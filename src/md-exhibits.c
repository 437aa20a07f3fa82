/* md-exhibits.c: every evidence file an exhibit, labelled in the UK style
 * (the initials of who prepared the report and a number: CB/1, CB/2, in
 * the order they appear), and the register that lists them */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "md.h"

/* -X PREFIX, else the initials of -A NAME, else "EX". */
static void
exhibit_prefix(const struct ilog_md_opts *o, char out[MD_PREFIX_MAX])
{
	const char *p;
	size_t k = 0;

	if (o->exhibit_prefix && *o->exhibit_prefix) {
		snprintf(out, MD_PREFIX_MAX, "%s", o->exhibit_prefix);
		return;
	}
	for (p = o->author; p && *p && k < 4; p++)
		if (isalpha((unsigned char)*p) && (p == o->author ||
		    p[-1] == ' ' || p[-1] == '-'))
			out[k++] = (char)toupper((unsigned char)*p);
	out[k] = '\0';
	if (k == 0)
		snprintf(out, MD_PREFIX_MAX, "EX");
}

/* What an exhibit is known by: its stored file, or where that is
 * redacted (it is made from the file's name), its SHA-256. */
static const char *
exhibit_key(const struct ilog_node *ev)
{
	const char *file = ilog_node_text(ev, "file");

	return md_is_redacted(file) ? ilog_node_text(ev, "sha256") : file;
}

static void
exhibit_push(struct md_report *r, const struct ilog_node *ev,
    size_t incident, const struct ilog_rec *added)
{
	const char *key = exhibit_key(ev);
	size_t i;

	if (!key)
		return;
	for (i = 0; i < r->nexhibits; i++)
		if (strcmp(exhibit_key(r->exhibits[i].ev), key) == 0)
			return;	/* one exhibit, however often it is listed */
	r->exhibits = ilog_xrealloc(r->exhibits, (r->nexhibits + 1) *
	    sizeof *r->exhibits);
	r->exhibits[r->nexhibits].ev = ev;
	r->exhibits[r->nexhibits].incident = incident;
	r->exhibits[r->nexhibits].added = added;
	r->nexhibits++;
}

/* Whether the incident's state marks the listing of file retracted. */
static int
retracted(const struct ilog_node *cur, const char *file)
{
	return ilog_evidence_retracted(ilog_evidence_find(ilog_node_get(cur,
	    "evidence"), file)) != NULL;
}

static void
exhibits_of(struct md_report *r, const struct ilog_rec *rec, size_t incident)
{
	const struct ilog_node *ev = rec->doc ? ilog_node_get(rec->doc,
	    "evidence") : NULL;
	const struct ilog_node *cur = r->v[incident - 1]->cur;
	size_t i;

	for (i = 0; ev && ev->kind == ILOG_SEQ && i < ev->n; i++)
		if (ev->items[i]->kind == ILOG_MAP && !retracted(cur,
		    ilog_node_text(ev->items[i], "file")))
			exhibit_push(r, ev->items[i], incident, rec);
}

/* In the order the report shows them: by incident, then as attached. */
void
md_exhibits_find(struct md_report *r)
{
	const struct ilog_incident *inc;
	size_t i, j;

	exhibit_prefix(r->o, r->prefix);
	for (i = 0; i < r->n; i++) {
		inc = r->v[i];
		exhibits_of(r, inc->rec, i + 1);
		for (j = 0; j < inc->namends; j++)
			if (!inc->amends[j]->rejected)
				exhibits_of(r, inc->amends[j], i + 1);
	}
}

/* The label of the exhibit that evidence entry ev lists, or NULL. */
const char *
md_exhibit_label(const struct md_report *r, const struct ilog_node *ev,
    char *buf, size_t len)
{
	const char *key = exhibit_key(ev);
	size_t i;

	for (i = 0; key && i < r->nexhibits; i++)
		if (strcmp(exhibit_key(r->exhibits[i].ev), key) == 0) {
			snprintf(buf, len, "%s/%zu", r->prefix, i + 1);
			return buf;
		}
	return NULL;
}

void
md_exhibits(struct ilog_buf *out, const struct md_report *r)
{
	const struct md_exhibit *x;
	struct ilog_when w;
	char label[MD_PREFIX_MAX + 24];
	size_t i;

	if (r->nexhibits == 0)
		return;
	ilog_buf_adds(out, "## Exhibits\n\nEach file below is kept encrypted "
	    "in the log exactly as it was attached; its SHA-256 lets anyone "
	    "check a copy of it (see Verification).\n\n| Exhibit | File | "
	    "Size | SHA-256 | Incident | Added |\n| --- | --- | --- | --- | "
	    "--- | --- |\n");
	for (i = 0; i < r->nexhibits; i++) {
		x = &r->exhibits[i];
		md_exhibit_label(r, x->ev, label, sizeof label);
		ilog_buf_printf(out, "| %s | ", label);
		md_text_inline(out, x->ev, ilog_node_text(x->ev, "name") ?
		    "name" : "file");
		ilog_buf_adds(out, " | ");
		md_size(out, ilog_node_text(x->ev, "size"), 0);
		ilog_buf_adds(out, " | ");
		md_hash(out, ilog_node_text(x->ev, "sha256"));
		ilog_buf_printf(out, " | %zu | ", x->incident);
		if (ilog_record_time(x->added->doc, "recorded", &w) == 0)
			md_when(out, &w);
		ilog_buf_adds(out, " |\n");
	}
	ilog_buf_addc(out, '\n');
}
