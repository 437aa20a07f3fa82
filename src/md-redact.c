/* md-redact.c: the fields a report leaves out (--redact, --profile): their
 * names checked against ilog(5), and a copy of the log, made before any
 * section is written, in which each of their values reads [redacted], here
 * and wherever else it appears word for word; the records' digests stay
 * those of the records as written, so the copy can be checked against the
 * log */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "md.h"

/* What the report is ordered, numbered and checked by: not redactable.
 * (evidence.file keeps the file's extension: hidden with evidence.name.) */
static const char *const machinery[] = { "id", "recorded", "prev", "amends",
	"set", "unset", "occurred", "kind", "evidence.file", "evidence.sha256",
	NULL };

/* Words of ilog(5)'s own vocabularies, not text: neither hunted for in
 * other text when redacted (contact is a behaviour and a word) nor taken
 * out where a redacted value matches them (Online, a location). */
static const char *const vocabulary[] = { "behaviour", "channel", "tags",
	"identified", NULL };

#define PATHS_MAX 256

struct names {
	char v[PATHS_MAX][64];
	const char *words[PATHS_MAX + 1];
	size_t n;
};

static void
name_add(const char *path, void *ctx)
{
	struct names *nm = ctx;
	size_t i;

	if (nm->n == PATHS_MAX || ilog_word_in(machinery, path))
		return;
	for (i = 0; i < nm->n; i++)
		if (strcmp(nm->v[i], path) == 0)
			return;
	snprintf(nm->v[nm->n], sizeof nm->v[nm->n], "%s", path);
	nm->words[nm->n] = nm->v[nm->n];
	nm->words[++nm->n] = NULL;
}

/* Every field of an incident or of the case, as ilog(5) names it; read
 * from their schemas, so a field added there can be redacted. */
static const char *const *
field_names(void)
{
	static struct names nm;

	if (nm.n == 0) {
		ilog_record_paths(name_add, &nm);
		ilog_case_paths(name_add, &nm);
	}
	return nm.words;
}

static int
field_check(const char *f, struct ilog_err *e)
{
	char buf[ILOG_SHOWN_SIZE];
	const char *near;

	if (ilog_word_in(field_names(), f))
		return 0;
	if (ilog_word_in(machinery, f)) {
		ilog_err_set(e, "'%s' cannot be redacted: the report is ordered "
		    "and checked by it", f);
		return -1;
	}
	near = ilog_word_nearest(f, field_names());
	ilog_err_set(e, "'%s' is not a field of ilog(5)%s%s%s",
	    ilog_shown(f, buf), near ? "; did you mean " : "", near ? near : "",
	    near ? "?" : " (an incident's, as location or witnesses.contact, "
	    "or the case's, as victim or suspect.addresses)");
	return -1;
}

/* "location, witnesses.contact": each name checked, each kept once. */
int
ilog_redact_add(struct ilog_redact *r, const char *list, struct ilog_err *e)
{
	const char *p = list;
	char f[64];
	size_t len, i;

	for (; *(p += strspn(p, ", \t")); p += len) {
		len = strcspn(p, ", \t");
		if (len >= sizeof f) {
			ilog_err_set(e, "'%.*s' is not a field of ilog(5)", 60, p);
			return -1;
		}
		memcpy(f, p, len);
		f[len] = '\0';
		if (field_check(f, e) < 0)
			return -1;
		for (i = 0; i < r->n && strcmp(r->fields[i], f) != 0; i++)
			;
		if (i < r->n)
			continue;
		r->fields = ilog_xrealloc(r->fields, (r->n + 1) *
		    sizeof *r->fields);
		r->fields[r->n++] = ilog_xstrdup(f);
	}
	return 0;
}

void
ilog_redact_free(struct ilog_redact *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->n = 0;
}

static char *
profiles_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct ilog_buf b = { 0 };

	if (xdg && *xdg == '/')
		ilog_buf_printf(&b, "%s/ilog/profiles", xdg);
	else
		ilog_buf_printf(&b, "%s/.config/ilog/profiles", home ? home : "");
	return b.s;
}

static char *
trimmed(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* One line of the profiles file: "NAME: field, field"; # starts a
 * comment. 1: the line is name's; 0: another's, or empty; -1: bad. */
static int
profile_line(struct ilog_redact *r, char *line, const char *name,
    struct ilog_err *e)
{
	char *colon, *p;

	if ((p = strchr(line, '#')))
		*p = '\0';
	if (!*(line = trimmed(line)))
		return 0;
	if (!(colon = strchr(line, ':'))) {
		ilog_err_set(e, "not NAME: field, field...");
		return -1;
	}
	*colon = '\0';
	if (strcmp(trimmed(line), name) != 0)
		return 0;
	return ilog_redact_add(r, colon + 1, e) < 0 ? -1 : 1;
}

/* The fields of profile name, from every line of the file that names it. */
int
ilog_redact_profile(struct ilog_redact *r, const char *name,
    struct ilog_err *e)
{
	char *path = profiles_path(), *line, *next;
	struct ilog_buf b = { 0 };
	unsigned long n = 0;
	int rc = 0, found = 0;

	if (ilog_read_file(path, &b) < 0) {
		ilog_err_set(e, "profile '%s': %s: %s", name, path,
		    strerror(errno));
		free(path);
		return -1;
	}
	ilog_buf_addc(&b, '\0');
	for (line = b.s; line && rc >= 0; line = next) {
		n++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if ((rc = profile_line(r, line, name, e)) > 0)
			found = 1;
	}
	if (rc < 0) {
		char why[sizeof e->msg];

		snprintf(why, sizeof why, "%s", e->msg);
		ilog_err_set(e, "%s:%lu: %s", path, n, why);
	} else if (!found) {
		ilog_err_set(e, "profile '%s' is not in %s", name, path);
		rc = -1;
	}
	ilog_buf_free(&b);
	free(path);
	return rc < 0 ? -1 : 0;
}

int
md_is_redacted(const char *s)
{
	return s && strcmp(s, MD_REDACTED) == 0;
}

/* The values taken out, to take out wherever else they appear. */
struct taken {
	char **v;
	size_t n, cap;
};

static void
taken_add(struct taken *t, const struct ilog_node *n)
{
	/* shorter words are too common to hunt for in other text */
	if (n->len < 4 || md_is_redacted(n->str))
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = ilog_xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = ilog_xstrdup(n->str);
}

static void
scalar_redact(struct ilog_node *n)
{
	ilog_free_str(n->str);
	n->str = ilog_xstrdup(MD_REDACTED);
	n->len = strlen(MD_REDACTED);
	n->raw = 0;
}

/* The whole value at path, whatever its shape; an exhibit's SHA-256
 * stays, to check the file by. */
static void
node_redact(struct ilog_node *n, const char *path, struct taken *t)
{
	char sub[160];
	size_t i;

	if (n->kind == ILOG_SCALAR) {
		if (!ilog_word_in(vocabulary, path))
			taken_add(t, n);
		scalar_redact(n);
		return;
	}
	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_SEQ) {
			node_redact(n->items[i], path, t);
			continue;
		}
		snprintf(sub, sizeof sub, "%s.%s", path, n->keys[i]);
		if (strcmp(sub, "evidence.sha256") != 0)
			node_redact(n->items[i], sub, t);
	}
}

/* The values at the rest of a dotted path, through lists and maps. */
static void
path_redact(struct ilog_node *n, const char *rest, const char *path,
    struct taken *t)
{
	const char *dot = strchr(rest, '.');
	size_t len = dot ? (size_t)(dot - rest) : strlen(rest), i;

	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_SEQ)
			path_redact(n->items[i], rest, path, t);
		else if (n->kind == ILOG_MAP && strlen(n->keys[i]) == len &&
		    memcmp(n->keys[i], rest, len) == 0) {
			if (dot)
				path_redact(n->items[i], dot + 1, path, t);
			else
				node_redact(n->items[i], path, t);
		}
	}
}

/* An import's summary is made from the message and its sender. */
static int
summary_made_from(const struct ilog_node *doc, const char *field)
{
	static const char *const parts[] = { "details", "source",
		"source.sender", "source.number", NULL };
	const struct ilog_node *src = ilog_node_get(doc, "source");
	const char *format = src ? ilog_node_text(src, "format") : NULL;

	return format && strcmp(format, "csv") != 0 &&
	    ilog_word_in(parts, field);
}

static void
doc_redact(struct ilog_node *doc, const struct ilog_redact *fields,
    struct taken *t)
{
	struct ilog_node *set = ilog_node_get(doc, "set");
	const char *f;
	size_t i;

	for (i = 0; i < fields->n; i++) {
		f = fields->fields[i];
		path_redact(doc, f, f, t);
		if (set && set->kind == ILOG_MAP)
			path_redact(set, f, f, t);
		/* evidence/ID-1.EXT.gpg keeps the name's extension */
		if (strcmp(f, "evidence.name") == 0)
			path_redact(doc, "evidence.file", "evidence.file", t);
		if (summary_made_from(doc, f))
			path_redact(doc, "summary", "summary", t);
	}
}

static int
word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* s with each word-for-word occurrence of v taken out; NULL when it has
 * none. */
static char *
text_scrub(const char *s, size_t len, const char *v, size_t *out_len)
{
	size_t vlen = strlen(v), i = 0, from = 0;
	int edge_a = word_byte((unsigned char)v[0]);
	int edge_b = word_byte((unsigned char)v[vlen - 1]);
	struct ilog_buf b = { 0 };

	while (vlen <= len && i <= len - vlen) {
		if (s[i] != v[0] || memcmp(s + i, v, vlen) != 0 ||
		    (edge_a && i > 0 && word_byte((unsigned char)s[i - 1])) ||
		    (edge_b && i + vlen < len &&
		    word_byte((unsigned char)s[i + vlen]))) {
			i++;
			continue;
		}
		ilog_buf_add(&b, s + from, i - from);
		ilog_buf_adds(&b, MD_REDACTED);
		from = i += vlen;
	}
	if (!b.s)
		return NULL;
	ilog_buf_add(&b, s + from, len - from);
	ilog_buf_addc(&b, '\0');
	*out_len = b.len - 1;
	return b.s;
}

static void
scalar_scrub(struct ilog_node *n, const struct taken *t)
{
	size_t i, len;
	char *s;

	for (i = 0; i < t->n && !md_is_redacted(n->str); i++)
		if ((s = text_scrub(n->str, n->len, t->v[i], &len))) {
			ilog_free_str(n->str);
			n->str = s;
			n->len = len;
			n->raw = 0;
		}
}

/* Every text of the record but its machinery and vocabularies; set's
 * fields are the record's own. */
static void
node_scrub(struct ilog_node *n, const char *path, const struct taken *t)
{
	char sub[160];
	size_t i;

	if (n->kind == ILOG_SCALAR) {
		if (!ilog_word_in(machinery, path) &&
		    !ilog_word_in(vocabulary, path))
			scalar_scrub(n, t);
		return;
	}
	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_SEQ) {
			node_scrub(n->items[i], path, t);
			continue;
		}
		if (!*path && strcmp(n->keys[i], "set") == 0)
			snprintf(sub, sizeof sub, "%s", "");
		else
			snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "",
			    n->keys[i]);
		node_scrub(n->items[i], sub, t);
	}
}

static void
taken_unique(struct taken *t)
{
	size_t i, k = 0;

	if (t->n < 2)
		return;
	qsort(t->v, t->n, sizeof *t->v, ilog_str_cmp);
	for (i = 0; i < t->n; i++)
		if (k > 0 && strcmp(t->v[k - 1], t->v[i]) == 0)
			ilog_free_str(t->v[i]);
		else
			t->v[k++] = t->v[i];
	t->n = k;
}

static struct ilog_node *
copy_redacted(const struct ilog_node *doc, const struct ilog_redact *fields,
    struct taken *t)
{
	struct ilog_node *c;

	if (!doc)
		return NULL;
	c = ilog_node_copy(doc);
	doc_redact(c, fields, t);
	return c;
}

static struct ilog_rec *
rec_in_copy(const struct ilog_log *log, struct ilog_log *copy,
    const struct ilog_rec *r)
{
	return r >= log->recs && r < log->recs + log->nrecs ?
	    copy->recs + (r - log->recs) : (struct ilog_rec *)r;
}

static void
incident_copy(const struct ilog_log *log, struct ilog_log *copy,
    const struct ilog_incident *in, struct ilog_incident *out,
    const struct ilog_redact *fields, struct taken *t)
{
	size_t j;

	*out = *in;
	out->rec = rec_in_copy(log, copy, in->rec);
	out->cur = copy_redacted(in->cur, fields, t);
	out->amends = ilog_xcalloc(in->namends ? in->namends : 1,
	    sizeof *out->amends);
	for (j = 0; j < in->namends; j++)
		out->amends[j] = rec_in_copy(log, copy, in->amends[j]);
}

static void
incident_scrub(struct ilog_incident *inc, const struct taken *t)
{
	if (!inc->cur) {	/* not selected, so not decoded: not shown */
		inc->withdrawn = inc->withdrawn ? MD_REDACTED : NULL;
		return;
	}
	node_scrub(inc->cur, "", t);
	if (inc->withdrawn)
		inc->withdrawn = ilog_node_text(inc->cur, "withdrawn") ?
		    ilog_node_text(inc->cur, "withdrawn") : MD_REDACTED;
}

static struct ilog_incident *
incident_in_copy(const struct md_redacted *r, const struct ilog_log *log,
    struct ilog_incident *inc)
{
	if (inc == log->case_file)
		return r->log.case_file;
	if (inc >= log->incs && inc < log->incs + log->nincs)
		return r->log.incs + (inc - log->incs);
	return inc;
}

void
md_redact(const struct ilog_log *log, struct ilog_incident *const *incs,
    size_t n, const struct ilog_redact *fields, struct md_redacted *r)
{
	struct ilog_log *c = &r->log;
	struct taken t = { 0 };
	size_t i;

	memset(r, 0, sizeof *r);
	*c = *log;
	c->recs = ilog_xcalloc(log->nrecs ? log->nrecs : 1, sizeof *c->recs);
	for (i = 0; i < log->nrecs; i++) {
		c->recs[i] = log->recs[i];
		c->recs[i].doc = copy_redacted(log->recs[i].doc, fields, &t);
	}
	c->incs = ilog_xcalloc(log->nincs ? log->nincs : 1, sizeof *c->incs);
	for (i = 0; i < log->nincs; i++)
		incident_copy(log, c, &log->incs[i], &c->incs[i], fields, &t);
	if (log->case_file) {
		c->case_file = &r->case_file;
		incident_copy(log, c, log->case_file, c->case_file, fields, &t);
	}
	taken_unique(&t);
	for (i = 0; i < log->nrecs; i++)
		if (c->recs[i].doc)
			node_scrub(c->recs[i].doc, "", &t);
	for (i = 0; i < log->nincs; i++)
		incident_scrub(&c->incs[i], &t);
	if (c->case_file)
		incident_scrub(c->case_file, &t);
	for (i = 0; i < t.n; i++)
		ilog_free_str(t.v[i]);
	free(t.v);
	r->v = ilog_xcalloc(n ? n : 1, sizeof *r->v);
	for (i = 0; i < n; i++)
		r->v[i] = incident_in_copy(r, log, incs[i]);
}

static void
incident_free(struct ilog_incident *inc)
{
	ilog_node_free(inc->cur);
	free(inc->amends);
}

void
md_redacted_free(struct md_redacted *r)
{
	size_t i;

	for (i = 0; i < r->log.nrecs; i++)
		ilog_node_free(r->log.recs[i].doc);
	for (i = 0; i < r->log.nincs; i++)
		incident_free(&r->log.incs[i]);
	if (r->log.case_file)
		incident_free(r->log.case_file);
	free(r->log.recs);
	free(r->log.incs);
	free(r->v);
}
