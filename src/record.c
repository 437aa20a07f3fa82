/* record.c: the incident and amendment model of ilog(5) */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"

const char *const ilog_behaviours[] = { "contact", "driving-past",
	"following", "watching", "loitering", "accosting", "entering", "gifts",
	"goods", "threats", "property-damage", "violence", "online", "other",
	NULL };

const char *const ilog_channels[] = { "phone", "text", "email", "letter",
	"social", "in-person", "other", NULL };

const char *const ilog_identified_ways[] = { "seen", "heard",
	"recognised-number", "inferred", NULL };

static const char *const incident_order[] = { "id", "recorded", "prev",
	"amends", "set", "unset", "occurred", "until", "noted", "summary",
	"behaviour",
	"tags", "location", "channel", "from", "details", "said", "present",
	"weapon", "fear", "identified", "suspect", "vehicle", "witnesses",
	"police", "impact", "evidence", "retract", "source", "withdrawn",
	"note", NULL };

/* Keys only an amendment has. */
static const char *const amendment_keys[] = { "amends", "set", "unset",
	"retract", NULL };

static const char *const text_fields[] = { "summary", "location", "from",
	"details", "said", "present", "weapon", "fear", "impact", "withdrawn",
	"note", NULL };

struct sub_schema {
	const char *key;
	int is_list;
	const char *const fields[8];
};

static const struct sub_schema sub_schemas[] = {
	{ "suspect", 0, { "name", "appearance", "clothing", "voice", NULL } },
	{ "vehicle", 0, { "make", "model", "colour", "plate", NULL } },
	{ "witnesses", 1, { "name", "contact", "saw", NULL } },
	{ "police", 0, { "reported", "reference", "officer", "response",
	    NULL } },
	{ "evidence", 1, { "file", "name", "size", "sha256", "note",
	    "retracted", NULL } },
	{ "source", 0, { "format", "file", "position", "sender", "number", "key",
	    NULL } },
	{ NULL, 0, { NULL } }
};

int
ilog_behaviour_valid(const char *b)
{
	return ilog_word_in(ilog_behaviours, b);
}

/* "a, b, c" from a vocabulary, for messages to the user (built on the
 * first, single-threaded use: loader threads never quote values). */
static const char *
names_of(const char *const *list, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (; *list && len < size; list++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    len ? ", " : "", *list);
	return buf;
}

const char *
ilog_behaviour_names(void)
{
	static char buf[256];

	return buf[0] ? buf : names_of(ilog_behaviours, buf, sizeof buf);
}

static const char *
channel_names(void)
{
	static char buf[128];

	return buf[0] ? buf : names_of(ilog_channels, buf, sizeof buf);
}

const char *
ilog_identified_names(void)
{
	static char buf[128];

	return buf[0] ? buf : names_of(ilog_identified_ways, buf, sizeof buf);
}

int
ilog_identified_valid(const char *how)
{
	return ilog_word_in(ilog_identified_ways, how);
}

int
ilog_tag_valid(const char *t)
{
	if (!(islower((unsigned char)*t) || isdigit((unsigned char)*t)))
		return 0;
	for (t++; *t; t++)
		if (!islower((unsigned char)*t) && !isdigit((unsigned char)*t) &&
		    *t != '_' && *t != '-')
			return 0;
	return 1;
}

/* Why T is not a tag, and what would be one: "Bus stop" as bus-stop. */
void
ilog_tag_refused(const char *t, struct ilog_err *e)
{
	char shown[ILOG_SHOWN_SIZE], like[41];
	const char *p;
	size_t n = 0;

	for (p = t; *p && n < sizeof like - 1; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch >= 0x80)
			break;
		if (isalnum(ch) || ch == '_')
			like[n++] = (char)tolower(ch);
		else if (n && like[n - 1] != '-')
			like[n++] = '-';
	}
	while (n && like[n - 1] == '-')
		n--;
	like[n] = '\0';
	if (*p || !ilog_tag_valid(like))
		like[0] = '\0';
	ilog_err_set(e, "bad tag '%s': use lower-case letters, digits, - and _%s%s",
	    ilog_shown(t, shown), *like ? ", such as " : "", like);
}

struct check {
	int from_user;
	struct ilog_err *e;
};

static int
bad(struct check *c, const char *field, const char *why, const char *value)
{
	char buf[ILOG_SHOWN_SIZE];

	if (c->from_user && value)
		ilog_err_set(c->e, "%s: %s '%s'", field, why, ilog_shown(value, buf));
	else
		ilog_err_set(c->e, "%s: %s", field, why);
	return -1;
}

static int
check_text(struct check *c, const struct ilog_node *n, const char *field)
{
	if (n->kind != ILOG_SCALAR)
		return bad(c, field, n->kind == ILOG_MAP ? "must be text, not "
		    "a map" : "must be text, not a list", NULL);
	return 0;
}

/* Text is read up to a NUL in some places and whole in others: refused,
 * so that every program shows and matches the same text. Bytes that are
 * not UTF-8 (an importer's export may hold them) YAML cannot write:
 * refused before anything is written, not when half is. */
static int
check_bytes(struct check *c, const struct ilog_node *n, const char *field)
{
	size_t i;

	if (n->kind == ILOG_SCALAR)
		return memchr(n->str, '\0', n->len) ?
		    bad(c, field, "holds a NUL byte", NULL) :
		    !ilog_utf8_valid(n->str, n->len) ?
		    bad(c, field, "holds bytes that are not UTF-8", NULL) : 0;
	for (i = 0; i < n->n; i++)
		if (check_bytes(c, n->items[i], n->kind == ILOG_MAP ?
		    n->keys[i] : field) < 0)
			return -1;
	return 0;
}

static void
text_mark(struct ilog_node *n)
{
	n->raw = 0;
}

static int
check_time(struct check *c, struct ilog_node *map, const char *key)
{
	struct ilog_node *n = ilog_node_get(map, key);
	struct ilog_when w;
	struct ilog_err e;
	char out[32];

	if (!n)
		return 0;
	if (n->kind != ILOG_SCALAR)
		return bad(c, key, "not a date and time", NULL);
	/* what a user typed is normalised; a record must be RFC 3339 */
	if (c->from_user ? ilog_when_parse(n->str, time(NULL), &w, &e) < 0 :
	    ilog_when_parse_stored(n->str, &w, &e) < 0)
		return bad(c, key, e.msg, NULL);	/* says what would do */
	ilog_when_format(&w, out);
	if (strcmp(out, n->str) != 0 && c->from_user)
		ilog_node_set(map, key, ilog_node_raw(out));
	else
		n->raw = 1;
	return 0;
}

/* A scalar "a, b" (from the user) becomes a list; each word is checked. */
static int
check_words(struct check *c, struct ilog_node *map, const char *key,
    int (*valid)(const char *), const char *(*valid_names)(void))
{
	struct ilog_node *n = ilog_node_get(map, key);
	size_t i;

	if (!n)
		return 0;
	if (n->kind == ILOG_SCALAR && c->from_user) {
		char *list = ilog_xstrdup(n->str);
		int r = ilog_record_list_add(map, key, list, c->e);

		ilog_free_str(list);
		if (r < 0)
			return -1;
		n = ilog_node_get(map, key);
	}
	if (n->kind != ILOG_SEQ)
		return bad(c, key, "must be a list", NULL);
	for (i = 0; i < n->n; i++) {
		struct ilog_node *w = n->items[i];
		char buf[ILOG_SHOWN_SIZE];

		if (w->kind == ILOG_SCALAR && valid(w->str)) {
			text_mark(w);
			continue;
		}
		if (!c->from_user || w->kind != ILOG_SCALAR)
			ilog_err_set(c->e, "%s: invalid value", key);
		else if (valid_names)
			ilog_err_set(c->e, "unknown %s '%s' (valid: %s)", key,
			    ilog_shown(w->str, buf), valid_names());
		else
			ilog_tag_refused(w->str, c->e);
		return -1;
	}
	return 0;
}

/* Known fields are text; unknown keys keep their value as written. */
static int
check_sub_map(struct check *c, struct ilog_node *m, const char *key,
    const char *const *fields)
{
	size_t i;

	if (m->kind != ILOG_MAP)
		return bad(c, key, "must be a set of fields", NULL);
	for (i = 0; i < m->n; i++) {
		if (strcmp(m->keys[i], "reported") == 0) {
			if (check_time(c, m, "reported") < 0)
				return -1;
		} else if (strcmp(m->keys[i], "size") == 0) {
			if (m->items[i]->kind != ILOG_SCALAR ||
			    strspn(m->items[i]->str, "0123456789") !=
			    m->items[i]->len || m->items[i]->len == 0)
				return bad(c, "evidence size", "must be a number",
				    NULL);
			m->items[i]->raw = 1;
		} else if (m->items[i]->kind == ILOG_SCALAR &&
		    ilog_word_in(fields, m->keys[i])) {
			text_mark(m->items[i]);
		}
	}
	return 0;
}

static int
check_subs(struct check *c, struct ilog_node *doc)
{
	const struct sub_schema *s;
	struct ilog_node *n;
	size_t i;

	for (s = sub_schemas; s->key; s++) {
		if (!(n = ilog_node_get(doc, s->key)))
			continue;
		if (!s->is_list) {
			if (check_sub_map(c, n, s->key, s->fields) < 0)
				return -1;
			continue;
		}
		if (n->kind != ILOG_SEQ)
			return bad(c, s->key, "must be a list", NULL);
		for (i = 0; i < n->n; i++)
			if (check_sub_map(c, n->items[i], s->key, s->fields) < 0)
				return -1;
	}
	return 0;
}

static int
valid_channel(const char *ch)
{
	return ilog_word_in(ilog_channels, ch);
}

/* One word of a vocabulary: channel, identified. */
static int
check_word(struct check *c, struct ilog_node *map, const char *key,
    int (*valid)(const char *), const char *(*valid_names)(void))
{
	struct ilog_node *n = ilog_node_get(map, key);
	char buf[ILOG_SHOWN_SIZE];

	if (!n)
		return 0;
	if (n->kind != ILOG_SCALAR || !valid(n->str))
		return c->from_user && n->kind == ILOG_SCALAR ?
		    (ilog_err_set(c->e, "unknown %s '%s' (valid: %s)", key,
		    ilog_shown(n->str, buf), valid_names()), -1) :
		    bad(c, key, "unknown value", NULL);
	text_mark(n);
	return 0;
}

static int
check_fields(struct check *c, struct ilog_node *doc, int tag_words)
{
	const char *const *f;
	struct ilog_node *n;

	for (f = text_fields; *f; f++)
		if ((n = ilog_node_get(doc, *f))) {
			if (check_text(c, n, *f) < 0)
				return -1;
			text_mark(n);
		}
	if (check_word(c, doc, "channel", valid_channel, channel_names) < 0 ||
	    check_word(c, doc, "identified", ilog_identified_valid,
	    ilog_identified_names) < 0 ||
	    check_time(c, doc, "occurred") < 0 ||
	    check_time(c, doc, "until") < 0 ||
	    check_time(c, doc, "noted") < 0 ||
	    check_time(c, doc, "recorded") < 0 ||
	    check_words(c, doc, "behaviour", ilog_behaviour_valid,
	    ilog_behaviour_names) < 0 ||
	    (tag_words && check_words(c, doc, "tags", ilog_tag_valid,
	    NULL) < 0))
		return -1;
	return check_subs(c, doc);
}

static int
check_header(struct check *c, struct ilog_node *doc)
{
	const char *s;

	if ((s = ilog_node_text(doc, "id")) && !ilog_id_valid(s))
		return bad(c, "id", "not a record ID", NULL);
	if ((s = ilog_node_text(doc, "prev")) &&
	    (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64))
		return bad(c, "prev", "not a SHA-256 digest", NULL);
	if (ilog_node_get(doc, "prev"))
		ilog_node_get(doc, "prev")->raw = 1;
	if (ilog_node_get(doc, "id"))
		ilog_node_get(doc, "id")->raw = 1;
	return 0;
}

/* The original note was made when it happened or after, and before it was
 * copied in: not after recorded (for what the user types now: not later
 * than now). */
static int
check_noted(struct check *c, struct ilog_node *doc)
{
	struct ilog_when noted, w;

	if (ilog_record_time(doc, "noted", &noted) < 0)
		return 0;
	if (ilog_record_time(doc, "occurred", &w) == 0 && noted.t < w.t)
		return bad(c, "noted", "is before occurred (the note was made "
		    "after it happened)", ilog_node_text(doc, "noted"));
	if (ilog_record_time(doc, "recorded", &w) == 0 ? noted.t > w.t :
	    c->from_user && noted.t > time(NULL))
		return bad(c, "noted", "is after it was recorded (the note "
		    "came first, then this record)", ilog_node_text(doc, "noted"));
	return 0;
}

static int
check_incident(struct check *c, struct ilog_node *doc)
{
	const char *sum;
	struct ilog_when a, b;

	if (!ilog_node_get(doc, "occurred"))
		return bad(c, "occurred", "missing (when it happened)", NULL);
	if (ilog_node_get(doc, "summary") && check_text(c,
	    ilog_node_get(doc, "summary"), "summary") < 0)
		return -1;
	sum = ilog_node_text(doc, "summary");
	if (!sum || !*sum)
		return bad(c, "summary", "missing (one line on what happened)",
		    NULL);
	if (check_fields(c, doc, 1) < 0)
		return -1;
	if (ilog_node_get(doc, "until") && ilog_record_time(doc, "occurred",
	    &a) == 0 && ilog_record_time(doc, "until", &b) == 0 && b.t < a.t)
		return bad(c, "until", "is before occurred",
		    ilog_node_text(doc, "until"));
	return check_noted(c, doc);
}

/* retract: evidence listings taken back, each its file and why. */
static int
check_retract(struct check *c, struct ilog_node *list)
{
	const char *file, *reason;
	size_t i;

	if (!list)
		return 0;
	if (list->kind != ILOG_SEQ || list->n == 0)
		return bad(c, "retract", "must list evidence files", NULL);
	for (i = 0; i < list->n; i++) {
		file = ilog_node_text(list->items[i], "file");
		reason = ilog_node_text(list->items[i], "reason");
		if (!file || strncmp(file, "evidence/", 9) != 0 || !reason ||
		    !*reason)
			return bad(c, "retract", "each needs the evidence file "
			    "and a reason", NULL);
		text_mark(ilog_node_get(list->items[i], "file"));
		text_mark(ilog_node_get(list->items[i], "reason"));
	}
	return 0;
}

static int
check_amendment(struct check *c, struct ilog_node *doc)
{
	struct ilog_node *amends = ilog_node_get(doc, "amends");
	struct ilog_node *set = ilog_node_get(doc, "set");
	struct ilog_node *unset = ilog_node_get(doc, "unset");
	struct ilog_node *tags = ilog_node_get(doc, "tags");
	size_t i;

	if (amends->kind != ILOG_SEQ || amends->n == 0)
		return bad(c, "amends", "must list the incidents it changes",
		    NULL);
	for (i = 0; i < amends->n; i++) {
		if (amends->items[i]->kind != ILOG_SCALAR ||
		    !ilog_id_valid(amends->items[i]->str))
			return bad(c, "amends", "not a record ID", NULL);
		amends->items[i]->raw = 1;
	}
	/* amends too: an incident that held it would read as an amendment */
	if (set && (set->kind != ILOG_MAP || ilog_node_get(set, "id") ||
	    ilog_node_get(set, "recorded") || ilog_node_get(set, "prev") ||
	    ilog_node_get(set, "amends") || check_fields(c, set, 1) < 0))
		return set->kind != ILOG_MAP || !c->e->msg[0] ?
		    bad(c, "set", "invalid", NULL) : -1;
	if (set && ilog_node_text(set, "summary") &&
	    !*ilog_node_text(set, "summary"))
		return bad(c, "set", "summary cannot be made empty", NULL);
	if (unset && unset->kind != ILOG_SEQ)
		return bad(c, "unset", "must be a list of fields", NULL);
	for (i = 0; unset && i < unset->n; i++)
		if (unset->items[i]->kind != ILOG_SCALAR ||
		    ilog_word_in((const char *const[]){ "id", "recorded", "occurred",
		    "summary", NULL }, unset->items[i]->str))
			return bad(c, "unset", "cannot remove a required field",
			    NULL);
	for (i = 0; tags && tags->kind == ILOG_SEQ && i < tags->n; i++) {
		const char *t = tags->items[i]->str;

		if (tags->items[i]->kind != ILOG_SCALAR ||
		    (t[0] != '+' && t[0] != '-') || !ilog_tag_valid(t + 1))
			return bad(c, "tags", "each change must be +tag or -tag",
			    tags->items[i]->kind == ILOG_SCALAR ? t : NULL);
		text_mark(tags->items[i]);
	}
	if (tags && tags->kind != ILOG_SEQ)
		return bad(c, "tags", "must be a list", NULL);
	if (check_retract(c, ilog_node_get(doc, "retract")) < 0)
		return -1;
	return check_fields(c, doc, 0);
}

int
ilog_record_check(struct ilog_node *doc, int from_user, struct ilog_err *e)
{
	struct check c = { from_user, e };

	e->msg[0] = '\0';
	if (!doc || doc->kind != ILOG_MAP)
		return bad(&c, "record", "must be a set of fields", NULL);
	if (check_bytes(&c, doc, "record") < 0 || check_header(&c, doc) < 0)
		return -1;
	if (ilog_record_is_amendment(doc))
		return check_amendment(&c, doc);
	if (ilog_node_get(doc, "kind"))
		return ilog_case_is(doc) ? ilog_case_check(doc, from_user, e) :
		    ilog_seal_record_is(doc) ? ilog_seal_record_check(doc,
		    from_user, e) : bad(&c, "kind", "unknown kind of record "
		    "(valid: case, seal)", ilog_node_text(doc, "kind"));
	return check_incident(&c, doc);
}

int
ilog_record_list_add(struct ilog_node *doc, const char *key, const char *list,
    struct ilog_err *e)
{
	struct ilog_node *seq = ilog_node_get(doc, key);
	const char *p = list;
	size_t len;

	if (!seq || seq->kind != ILOG_SEQ) {
		seq = ilog_node_seq();
		ilog_node_set(doc, key, seq);
	}
	while (*p) {
		p += strspn(p, ", \t");
		len = strcspn(p, ", \t");
		if (len == 0)
			break;
		ilog_node_push(seq, ilog_node_strn(p, len));
		p += len;
	}
	(void)e;
	return 0;
}

/* Phone numbers match on their last nine digits (07700 900123 is
 * +44 7700 900123); other contacts whole, ignoring case and spaces. */
int
ilog_contact_same(const char *a, const char *b)
{
	char x[32], y[32];
	size_t i, nx = 0, ny = 0;

	for (i = 0; a[i] && nx < sizeof x - 1; i++)
		if (isdigit((unsigned char)a[i]))
			x[nx++] = a[i];
	for (i = 0; b[i] && ny < sizeof y - 1; i++)
		if (isdigit((unsigned char)b[i]))
			y[ny++] = b[i];
	if (nx >= 9 && ny >= 9 && strspn(a, "+0123456789 ()-.") == strlen(a) &&
	    strspn(b, "+0123456789 ()-.") == strlen(b))
		return memcmp(x + nx - 9, y + ny - 9, 9) == 0;
	while (isspace((unsigned char)*a))
		a++;
	while (isspace((unsigned char)*b))
		b++;
	return strcasecmp(a, b) == 0;
}

/* The number, address or account an incident came from: its from, or an
 * import's sender number. */
const char *
ilog_record_from(const struct ilog_node *doc)
{
	const char *from = ilog_node_text(doc, "from");

	return from ? from : ilog_node_text(ilog_node_get(doc, "source"),
	    "number");
}

/* Fields a person writes, offered as corrections. */
static const char *const user_fields[] = { "occurred", "until", "noted",
	"summary", "behaviour", "tags", "location", "channel", "from",
	"details", "said", "present", "weapon", "fear", "identified",
	"suspect", "vehicle", "witnesses", "police", "impact", NULL };

static const struct sub_schema *
sub_schema_of(const char *key, size_t len)
{
	const struct sub_schema *s;

	for (s = sub_schemas; s->key; s++)
		if (strlen(s->key) == len && strncmp(s->key, key, len) == 0)
			return s;
	return NULL;
}

/* An incident field ilog(5) names: "location", or "witnesses.contact". */
int
ilog_record_field_known(const char *path)
{
	const char *dot = strchr(path, '.');
	const struct sub_schema *s;

	if (!dot)
		return ilog_word_in(incident_order, path) &&
		    !ilog_word_in(amendment_keys, path);
	return (s = sub_schema_of(path, (size_t)(dot - path))) &&
	    ilog_word_in(s->fields, dot + 1);
}

/* Whether the incident holds a value at path: in any item of a list. */
int
ilog_record_has(const struct ilog_node *doc, const char *path)
{
	const char *dot = strchr(path, '.');
	const struct ilog_node *n;
	char key[32];
	size_t i;

	if (!dot)
		return ilog_node_get(doc, path) != NULL;
	if ((size_t)(dot - path) >= sizeof key)
		return 0;
	memcpy(key, path, (size_t)(dot - path));
	key[dot - path] = '\0';
	if (!(n = ilog_node_get(doc, key)))
		return 0;
	if (n->kind == ILOG_MAP)
		return ilog_node_get(n, dot + 1) != NULL;
	for (i = 0; n->kind == ILOG_SEQ && i < n->n; i++)
		if (n->items[i]->kind == ILOG_MAP &&
		    ilog_node_get(n->items[i], dot + 1))
			return 1;
	return 0;
}

/* The known word key is most likely a slip for, among ilog(5)'s fields. */
const char *
ilog_record_field_nearest(const char *path)
{
	return ilog_word_nearest(path, user_fields);
}

static const char *
unknown_in(const struct ilog_node *m, const struct ilog_node *old,
    const struct sub_schema *s, struct ilog_unknown *u)
{
	size_t i;

	for (i = 0; m && m->kind == ILOG_MAP && i < m->n; i++) {
		if (ilog_word_in(s->fields, m->keys[i]) ||
		    (old && old->kind == ILOG_MAP && ilog_node_get(old, m->keys[i])))
			continue;
		u->key = m->keys[i];
		u->in = s->key;
		u->near = ilog_word_nearest(u->key, s->fields);
		return u->key;
	}
	return NULL;
}

const char *
ilog_record_unknown(const struct ilog_node *doc, const struct ilog_node *old,
    struct ilog_unknown *u)
{
	const struct sub_schema *s;
	const struct ilog_node *n, *o;
	size_t i;

	memset(u, 0, sizeof *u);
	for (i = 0; doc && doc->kind == ILOG_MAP && i < doc->n; i++) {
		if (ilog_word_in(incident_order, doc->keys[i]) ||
		    (old && ilog_node_get(old, doc->keys[i])))
			continue;
		u->key = doc->keys[i];
		u->near = ilog_word_nearest(u->key, user_fields);
		for (s = sub_schemas; !u->near && s->key; s++)
			if (ilog_word_in(s->fields, u->key) && strcmp(s->key,
			    "evidence") != 0 && strcmp(s->key, "source") != 0)
				u->under = s->key;
		return u->key;
	}
	for (s = sub_schemas; s->key; s++) {
		n = ilog_node_get(doc, s->key);
		o = old ? ilog_node_get(old, s->key) : NULL;
		if (!n)
			continue;
		if (!s->is_list && unknown_in(n, o, s, u))
			return u->key;
		for (i = 0; s->is_list && n->kind == ILOG_SEQ && i < n->n; i++)
			if (unknown_in(n->items[i], o && o->kind == ILOG_SEQ &&
			    i < o->n ? o->items[i] : NULL, s, u))
				return u->key;
	}
	return NULL;
}


/* Keys in the order of ilog(5); unknown keys after, as they came. */
void
ilog_record_order(struct ilog_node *doc)
{
	const struct sub_schema *s;
	struct ilog_node *n, *set;
	size_t i;

	if (!doc || doc->kind != ILOG_MAP)
		return;
	if (ilog_case_is(doc)) {
		ilog_case_order(doc);
		return;
	}
	if (ilog_seal_record_is(doc)) {
		ilog_seal_record_order(doc);
		return;
	}
	ilog_node_order(doc, incident_order);
	if ((set = ilog_node_get(doc, "set")) && set->kind == ILOG_MAP &&
	    set != doc)
		ilog_record_order(set);
	for (s = sub_schemas; s->key; s++) {
		if (!(n = ilog_node_get(doc, s->key)))
			continue;
		if (n->kind == ILOG_MAP)
			ilog_node_order(n, s->fields);
		for (i = 0; n->kind == ILOG_SEQ && i < n->n; i++)
			if (n->items[i]->kind == ILOG_MAP)
				ilog_node_order(n->items[i], s->fields);
	}
}

static void
apply_tags(struct ilog_node *inc, const struct ilog_node *changes)
{
	struct ilog_node *tags = ilog_node_get(inc, "tags");
	size_t i, j;

	if (!tags || tags->kind != ILOG_SEQ) {
		tags = ilog_node_seq();
		ilog_node_set(inc, "tags", tags);
	}
	for (i = 0; i < changes->n; i++) {
		const char *t = changes->items[i]->str;

		if (changes->items[i]->kind != ILOG_SCALAR || !*t)
			continue;
		if (t[0] == '+' && !ilog_seq_has(tags, t + 1))
			ilog_node_push(tags, ilog_node_str(t + 1));
		for (j = 0; t[0] == '-' && j < tags->n; j++)
			if (strcmp(tags->items[j]->str, t + 1) == 0) {
				ilog_node_free(tags->items[j]);
				memmove(tags->items + j, tags->items + j + 1,
				    (tags->n - j - 1) * sizeof *tags->items);
				tags->n--;
				j--;
			}
	}
	if (tags->n == 0)
		ilog_node_unset(inc, "tags");
}

static void
apply_evidence(struct ilog_node *inc, const struct ilog_node *add)
{
	struct ilog_node *ev = ilog_node_get(inc, "evidence");
	size_t i;

	if (!ev || ev->kind != ILOG_SEQ) {
		ev = ilog_node_seq();
		ilog_node_set(inc, "evidence", ev);
	}
	for (i = 0; i < add->n; i++)
		ilog_node_push(ev, ilog_node_copy(add->items[i]));
}

/* The entry of an evidence list that names the stored file, or NULL. */
struct ilog_node *
ilog_evidence_find(const struct ilog_node *list, const char *file)
{
	const char *f;
	size_t i;

	for (i = 0; file && list && list->kind == ILOG_SEQ && i < list->n; i++)
		if ((f = ilog_node_text(list->items[i], "file")) &&
		    strcmp(f, file) == 0)
			return list->items[i];
	return NULL;
}

/* A retracted listing stays, marked with why: the file is still in the
 * store and checked, but no longer put forward as evidence. */
static void
apply_retract(struct ilog_node *inc, const struct ilog_node *list)
{
	struct ilog_node *ev;
	const char *reason;
	size_t i;

	for (i = 0; i < list->n; i++)
		if ((reason = ilog_node_text(list->items[i], "reason")) &&
		    (ev = ilog_evidence_find(ilog_node_get(inc, "evidence"),
		    ilog_node_text(list->items[i], "file"))))
			ilog_node_set(ev, "retracted", ilog_node_str(reason));
}

const char *
ilog_evidence_retracted(const struct ilog_node *ev)
{
	return ilog_node_text(ev, "retracted");
}

void
ilog_record_apply(struct ilog_node *inc, const struct ilog_node *am)
{
	const struct ilog_node *set = ilog_node_get(am, "set");
	const struct ilog_node *unset = ilog_node_get(am, "unset");
	const struct ilog_node *tags = ilog_node_get(am, "tags");
	const struct ilog_node *ev = ilog_node_get(am, "evidence");
	const char *withdrawn = ilog_node_text(am, "withdrawn");
	size_t i;

	for (i = 0; set && set->kind == ILOG_MAP && i < set->n; i++)
		ilog_node_set(inc, set->keys[i], ilog_node_copy(set->items[i]));
	for (i = 0; unset && unset->kind == ILOG_SEQ && i < unset->n; i++)
		if (unset->items[i]->kind == ILOG_SCALAR)
			ilog_node_unset(inc, unset->items[i]->str);
	if (tags && tags->kind == ILOG_SEQ)
		apply_tags(inc, tags);
	if (ev && ev->kind == ILOG_SEQ)
		apply_evidence(inc, ev);
	if ((ev = ilog_node_get(am, "retract")) && ev->kind == ILOG_SEQ)
		apply_retract(inc, ev);
	if (withdrawn)
		ilog_node_set(inc, "withdrawn", ilog_node_str(withdrawn));
	ilog_record_order(inc);
}

int
ilog_record_time(const struct ilog_node *doc, const char *key,
    struct ilog_when *w)
{
	const char *s = ilog_node_text(doc, key);

	if (!s)
		return -1;
	return ilog_when_parse_stored(s, w, NULL);
}

static void
tag_changes(const struct ilog_node *old, const struct ilog_node *new,
    struct ilog_node *am)
{
	struct ilog_node *changes = ilog_node_seq();
	struct ilog_buf b = { 0 };
	size_t i;

	for (i = 0; old && old->kind == ILOG_SEQ && i < old->n; i++)
		if (!ilog_seq_has(new, old->items[i]->str)) {
			b.len = 0;
			ilog_buf_printf(&b, "-%s", old->items[i]->str);
			ilog_node_push(changes, ilog_node_str(b.s));
		}
	for (i = 0; new && new->kind == ILOG_SEQ && i < new->n; i++)
		if (!ilog_seq_has(old, new->items[i]->str)) {
			b.len = 0;
			ilog_buf_printf(&b, "+%s", new->items[i]->str);
			ilog_node_push(changes, ilog_node_str(b.s));
		}
	ilog_buf_free(&b);
	if (changes->n)
		ilog_node_set(am, "tags", changes);
	else
		ilog_node_free(changes);
}

/* The amendment that turns old into new; NULL when nothing changed. */
struct ilog_node *
ilog_record_difference(const struct ilog_node *old, const struct ilog_node *new)
{
	struct ilog_node *am = ilog_node_map(), *set = ilog_node_map();
	struct ilog_node *unset = ilog_node_seq();
	size_t i;

	for (i = 0; i < new->n; i++) {
		if (strcmp(new->keys[i], "tags") == 0)
			continue;
		if (!ilog_node_equal(ilog_node_get(old, new->keys[i]),
		    new->items[i]))
			ilog_node_set(set, new->keys[i],
			    ilog_node_copy(new->items[i]));
	}
	for (i = 0; i < old->n; i++)
		if (strcmp(old->keys[i], "tags") != 0 &&
		    !ilog_node_get(new, old->keys[i]))
			ilog_node_push(unset, ilog_node_raw(old->keys[i]));
	if (set->n)
		ilog_node_set(am, "set", set);
	else
		ilog_node_free(set);
	if (unset->n)
		ilog_node_set(am, "unset", unset);
	else
		ilog_node_free(unset);
	tag_changes(ilog_node_get(old, "tags"), ilog_node_get(new, "tags"), am);
	if (am->n == 0) {
		ilog_node_free(am);
		return NULL;
	}
	return am;
}

/* Every field of an incident by its path (location, witnesses.contact),
 * as ilog(5) names them: what a report may be told to redact. */
void
ilog_record_paths(void (*each)(const char *path, void *ctx), void *ctx)
{
	const struct sub_schema *s;
	const char *const *f;
	char path[96];

	for (f = incident_order; *f; f++)
		if (!ilog_word_in(amendment_keys, *f))
			each(*f, ctx);
	for (s = sub_schemas; s->key; s++)
		for (f = s->fields; *f; f++) {
			snprintf(path, sizeof path, "%s.%s", s->key, *f);
			each(path, ctx);
		}
}
