/* case.c: the case record of ilog(5): background, suspect, orders, victim */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

enum case_type {
	CASE_TEXT,	/* a string, kept byte for byte */
	CASE_DATE,	/* a day (YYYY-MM-DD) or a time (RFC 3339) */
	CASE_TEXTS,	/* a list of strings */
	CASE_MAP,	/* a set of fields */
	CASE_MAPS	/* a list of sets of fields */
};

struct case_field {
	const char *key;
	enum case_type type;
	const struct case_field *sub;
};

static const struct case_field told_fields[] = {
	{ "date", CASE_DATE, NULL }, { "how", CASE_TEXT, NULL },
	{ "by", CASE_TEXT, NULL }, { NULL, 0, NULL }
};

static const struct case_field background_fields[] = {
	{ "relationship", CASE_TEXT, NULL }, { "ended", CASE_DATE, NULL },
	{ "told_to_stop", CASE_MAPS, told_fields }, { NULL, 0, NULL }
};

static const struct case_field vehicle_fields[] = {
	{ "make", CASE_TEXT, NULL }, { "model", CASE_TEXT, NULL },
	{ "colour", CASE_TEXT, NULL }, { "plate", CASE_TEXT, NULL },
	{ NULL, 0, NULL }
};

static const struct case_field suspect_fields[] = {
	{ "names", CASE_TEXTS, NULL }, { "born", CASE_DATE, NULL },
	{ "phones", CASE_TEXTS, NULL }, { "emails", CASE_TEXTS, NULL },
	{ "accounts", CASE_TEXTS, NULL }, { "addresses", CASE_TEXTS, NULL },
	{ "vehicles", CASE_MAPS, vehicle_fields },
	{ "description", CASE_TEXT, NULL }, { NULL, 0, NULL }
};

static const struct case_field order_fields[] = {
	{ "kind", CASE_TEXT, NULL }, { "made", CASE_DATE, NULL },
	{ "expires", CASE_DATE, NULL }, { "reference", CASE_TEXT, NULL },
	{ "court", CASE_TEXT, NULL }, { "terms", CASE_TEXT, NULL },
	{ NULL, 0, NULL }
};

static const struct case_field victim_fields[] = {
	{ "name", CASE_TEXT, NULL }, { "contact", CASE_TEXT, NULL },
	{ NULL, 0, NULL }
};

/* The record's own fields, in the order they are written. */
static const struct case_field record_fields[] = {
	{ "background", CASE_MAP, background_fields },
	{ "suspect", CASE_MAP, suspect_fields },
	{ "orders", CASE_MAPS, order_fields },
	{ "victim", CASE_MAP, victim_fields },
	{ "note", CASE_TEXT, NULL }, { NULL, 0, NULL }
};

const char *const ilog_case_fields[] = { "background", "suspect", "orders",
	"victim", NULL };

static const char *const header_fields[] = { "id", "recorded", "prev",
	"kind", NULL };

struct case_check {
	int from_user;
	struct ilog_err *e;
};

int
ilog_case_is(const struct ilog_node *doc)
{
	const char *kind = ilog_node_text(doc, "kind");

	return kind && strcmp(kind, "case") == 0 &&
	    !ilog_record_is_amendment(doc);
}

static const struct case_field *
field_of(const struct case_field *fields, const char *key)
{
	for (; fields->key; fields++)
		if (strcmp(fields->key, key) == 0)
			return fields;
	return NULL;
}

static int
bad(struct case_check *c, const char *path, const char *why)
{
	ilog_err_set(c->e, "%s: %s", path, why);
	return -1;
}

static int
unknown(struct case_check *c, const char *path, const char *key,
    const struct case_field *fields)
{
	const char *words[16], *near;
	char buf[ILOG_SHOWN_SIZE];
	size_t n = 0;

	for (; fields->key && n < 15; fields++)
		words[n++] = fields->key;
	words[n] = NULL;
	near = ilog_word_nearest(key, words);
	ilog_err_set(c->e, "%s%s'%s' is not a field of the case (see ilog(5))"
	    "%s%s%s", path, *path ? ": " : "", ilog_shown(key, buf),
	    near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
	return -1;
}

/* YYYY-MM-DD naming a real day. */
static int
is_day(const char *s)
{
	int y, m, d;
	char rest;
	struct ilog_when w;
	struct ilog_err e;
	char out[32];

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d,
	    &rest) != 3 || s[4] != '-' || s[7] != '-')
		return 0;
	if (ilog_when_parse(s, 0, &w, &e) < 0)
		return 0;
	ilog_when_format(&w, out);
	return strncmp(out, s, 10) == 0;
}

/* What the user typed becomes a day or a time as records store them. */
static int
check_date(struct case_check *c, struct ilog_node *n, const char *path)
{
	struct ilog_when w;
	struct ilog_err e;
	char out[32];

	if (n->kind != ILOG_SCALAR)
		return bad(c, path, "must be a date");
	if (is_day(n->str) || ilog_when_parse_stored(n->str, &w, &e) == 0) {
		n->raw = 1;
		return 0;
	}
	if (!c->from_user || ilog_when_parse(n->str, time(NULL), &w, &e) < 0) {
		char buf[ILOG_SHOWN_SIZE];

		ilog_err_set(c->e, "%s: not a date%s%s%s (write YYYY-MM-DD)",
		    path, c->from_user ? " '" : "", c->from_user ?
		    ilog_shown(n->str, buf) : "", c->from_user ? "'" : "");
		return -1;
	}
	ilog_when_format(&w, out);
	if (w.date_only)
		out[10] = '\0';
	free(n->str);
	n->str = ilog_xstrdup(out);
	n->len = strlen(out);
	n->raw = 1;
	return 0;
}

static int
check_text(struct case_check *c, struct ilog_node *n, const char *path)
{
	if (n->kind != ILOG_SCALAR)
		return bad(c, path, "must be text");
	n->raw = 0;	/* quoted when needed: read back as the same string */
	return 0;
}

/* One value typed where a list goes is a list of one. */
static struct ilog_node *
as_list(struct case_check *c, struct ilog_node *map, size_t i,
    enum ilog_kind item)
{
	struct ilog_node *n = map->items[i], *seq;

	if (!c->from_user || n->kind != item)
		return n;
	seq = ilog_node_seq();
	ilog_node_push(seq, n);
	map->items[i] = seq;
	return seq;
}

static int check_map(struct case_check *c, struct ilog_node *m,
    const struct case_field *fields, const char *path);

static int
check_value(struct case_check *c, struct ilog_node *map, size_t i,
    const struct case_field *f, const char *path)
{
	struct ilog_node *n = map->items[i];
	size_t k;

	switch (f->type) {
	case CASE_TEXT:
		return check_text(c, n, path);
	case CASE_DATE:
		return check_date(c, n, path);
	case CASE_MAP:
		return check_map(c, n, f->sub, path);
	case CASE_TEXTS:
	case CASE_MAPS:
		n = as_list(c, map, i, f->type == CASE_TEXTS ? ILOG_SCALAR :
		    ILOG_MAP);
		if (n->kind != ILOG_SEQ)
			return bad(c, path, "must be a list");
		for (k = 0; k < n->n; k++)
			if ((f->type == CASE_TEXTS ? check_text(c, n->items[k],
			    path) : check_map(c, n->items[k], f->sub, path)) < 0)
				return -1;
		return 0;
	}
	return 0;
}

static void
order_as(struct ilog_node *m, const struct case_field *fields)
{
	const char *order[16];
	size_t n = 0;

	for (; fields->key && n < 15; fields++)
		order[n++] = fields->key;
	order[n] = NULL;
	ilog_node_order(m, order);
}

/* Known fields are checked; keys the user typed that ilog(5) does not
 * name are refused, those in a stored record (a newer version's) kept. */
static int
check_map(struct case_check *c, struct ilog_node *m,
    const struct case_field *fields, const char *path)
{
	const struct case_field *f;
	char sub[128];
	size_t i;

	if (m->kind != ILOG_MAP)
		return bad(c, *path ? path : "case", "must be a set of fields");
	for (i = 0; i < m->n; i++) {
		if (fields == record_fields && ilog_word_in(header_fields,
		    m->keys[i]))
			continue;
		snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "",
		    m->keys[i]);
		if (!(f = field_of(fields, m->keys[i]))) {
			if (c->from_user)
				return unknown(c, path, m->keys[i], fields);
			continue;
		}
		if (check_value(c, m, i, f, sub) < 0)
			return -1;
	}
	order_as(m, fields);
	return 0;
}

/* The header (id, recorded, prev) is checked by ilog_record_check. */
int
ilog_case_check(struct ilog_node *doc, int from_user, struct ilog_err *e)
{
	struct case_check c = { from_user, e };
	struct ilog_node *rec = ilog_node_get(doc, "recorded");
	struct ilog_when w;

	e->msg[0] = '\0';
	if (rec && (rec->kind != ILOG_SCALAR || ilog_when_parse_stored(rec->str,
	    &w, e) < 0))
		return bad(&c, "recorded", "not a date and time");
	if (rec)
		rec->raw = 1;
	if (ilog_node_get(doc, "kind"))
		ilog_node_get(doc, "kind")->raw = 1;
	if (check_map(&c, doc, record_fields, "") < 0)
		return -1;
	ilog_case_order(doc);
	return 0;
}

void
ilog_case_order(struct ilog_node *doc)
{
	static const char *const order[] = { "id", "recorded", "prev", "kind",
		"background", "suspect", "orders", "victim", "note", NULL };

	ilog_node_order(doc, order);
}

static void
paths_of(const struct case_field *fields, const char *prefix,
    void (*each)(const char *path, void *ctx), void *ctx)
{
	char path[96];

	for (; fields->key; fields++) {
		snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "",
		    fields->key);
		each(path, ctx);
		if (fields->sub)
			paths_of(fields->sub, path, each, ctx);
	}
}

/* Every field of the case by its path (victim, suspect.addresses,
 * orders.terms), as ilog(5) names them. */
void
ilog_case_paths(void (*each)(const char *path, void *ctx), void *ctx)
{
	paths_of(record_fields, "", each, ctx);
}

/* A second case record (two devices wrote one at once) is read as setting
 * the fields it holds: both stay in the history. */
void
ilog_case_merge(struct ilog_node *cur, const struct ilog_node *later)
{
	const struct ilog_node *n;
	const char *const *f;

	for (f = ilog_case_fields; *f; f++)
		if ((n = ilog_node_get(later, *f)))
			ilog_node_set(cur, *f, ilog_node_copy(n));
}
