/* md-incidents.c: every incident in full, with its amendments */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

struct label {
	const char *key, *label, *item;
};

static const struct label incident_labels[] = {
	{ "id", "ID", NULL }, { "recorded", "Recorded", NULL },
	{ "occurred", "When", NULL }, { "until", "Until", NULL },
	{ "summary", "Summary", NULL }, { "behaviour", "Behaviour", NULL },
	{ "tags", "Tags", NULL }, { "location", "Location", NULL },
	{ "channel", "Channel", NULL }, { "from", "From", NULL },
	{ "details", "Details", NULL }, { "said", "Words said", NULL },
	{ "present", "Also present", NULL }, { "weapon", "Weapon", NULL },
	{ "fear", "Violence feared", NULL },
	{ "identified", "Suspect identified", NULL },
	{ "suspect", "Suspect", NULL }, { "vehicle", "Vehicle", NULL },
	{ "witnesses", "Witnesses", "Witness" }, { "police", "Police", NULL },
	{ "impact", "Impact", NULL }, { "evidence", "Evidence", "Evidence" },
	{ "withdrawn", "Withdrawn", NULL }, { "note", "Note", NULL },
	{ "name", "Name", NULL }, { "appearance", "Appearance", NULL },
	{ "clothing", "Clothing", NULL }, { "voice", "Voice", NULL },
	{ "make", "Make", NULL }, { "model", "Model", NULL },
	{ "colour", "Colour", NULL }, { "plate", "Number plate", NULL },
	{ "contact", "Contact", NULL }, { "saw", "What they saw", NULL },
	{ "reported", "Reported", NULL }, { "reference", "Reference", NULL },
	{ "officer", "Officer", NULL }, { "response", "Response", NULL }, { "file", "Stored file", NULL },
	{ "size", "Size", NULL }, { "sha256", "SHA-256", NULL },
	{ "source", "Imported from", NULL }, { "format", "Format", NULL },
	{ "position", "Position", NULL }, { "sender", "Sender", NULL },
	{ "number", "Number", NULL }, { "key", "Message key", NULL },
	{ NULL, NULL, NULL }
};

static const struct label amendment_labels[] = {
	{ "set", "Changed", NULL }, { "unset", "Removed", NULL },
	{ "tags", "Tags", NULL }, { "evidence", "Evidence added", "Evidence" },
	{ NULL, NULL, NULL }
};

static const struct label *
label_find(const struct label *table, const char *key)
{
	for (; table->key; table++)
		if (strcmp(table->key, key) == 0)
			return table;
	return NULL;
}

/* Ours for a known key; an unknown key is the user's text, escaped. */
static void
label_of(struct ilog_buf *out, const char *key, int amendment)
{
	const struct label *l = amendment ? label_find(amendment_labels, key) :
	    NULL;

	if (!l)
		l = label_find(incident_labels, key);
	if (l)
		ilog_buf_adds(out, l->label);
	else
		ilog_md_inline(out, key, strlen(key));
}

static int
is_time_key(const char *key)
{
	return strcmp(key, "occurred") == 0 || strcmp(key, "until") == 0 ||
	    strcmp(key, "recorded") == 0 || strcmp(key, "reported") == 0;
}

/* The text without blank lines around it; 2 when more than a line is left. */
static int
text_lines(const char *s, size_t len, const char **start, size_t *n)
{
	size_t a = 0, b = len, k;

	while ((k = md_blank_before(s, b)) > 0)
		b -= k;
	while ((k = md_blank_at(s + a, b - a)) > 0)
		a += k;
	while (a > 0 && s[a - 1] != '\n')
		a--;
	*start = s + a;
	*n = b - a;
	return memchr(*start, '\n', *n) ? 2 : 1;
}

static void
scalar_value(struct ilog_buf *out, const char *key,
    const struct ilog_node *v, const char *indent)
{
	struct ilog_when w;
	const char *start;
	size_t len;

	if (is_time_key(key) && ilog_when_parse_stored(v->str, &w, NULL) == 0) {
		ilog_buf_addc(out, ' ');
		md_when(out, &w);
	} else if (strcmp(key, "sha256") == 0 && v->len == 64 &&
	    strspn(v->str, "0123456789abcdef") == 64) {
		/* monospace, where renderers break it cleanly */
		ilog_buf_printf(out, " `%s`", v->str);
	} else if (strcmp(key, "size") == 0 && v->len > 0 &&
	    strspn(v->str, "0123456789") == v->len) {
		ilog_buf_addc(out, ' ');
		md_size(out, v->str, 1);
	} else if (strcmp(key, "said") == 0 &&
	    text_lines(v->str, v->len, &start, &len) == 1) {
		/* his words, as the victim wrote them down */
		ilog_buf_adds(out, " \u201c");
		ilog_md_inline(out, start, len);
		ilog_buf_adds(out, "\u201d");
	} else if (text_lines(v->str, v->len, &start, &len) > 1) {
		ilog_buf_printf(out, "\\\n%s", indent);
		ilog_md_block(out, start, len, indent);
	} else {
		ilog_buf_addc(out, ' ');
		ilog_md_inline(out, v->str, v->len);
	}
}

/* A list short enough to show on one line: scalars of one line each. */
static int
all_one_line(const struct ilog_node *seq)
{
	size_t i;

	for (i = 0; i < seq->n; i++)
		if (seq->items[i]->kind != ILOG_SCALAR ||
		    memchr(seq->items[i]->str, '\n', seq->items[i]->len))
			return 0;
	return 1;
}

static void md_fields(struct ilog_buf *, const struct ilog_node *,
    const char *, int, int);
static void md_item(struct ilog_buf *, const char *, const char *,
    const struct ilog_node *, const char *, int, int);

/* A list of structures or long text: one numbered sub-item each. */
static void
seq_items(struct ilog_buf *out, const char *key, const struct ilog_node *seq,
    const char *inner, int amendment, int depth)
{
	const struct label *l = label_find(incident_labels, key);
	struct ilog_buf label = { 0 };
	size_t i;

	for (i = 0; i < seq->n; i++) {
		label.len = 0;
		ilog_buf_printf(&label, "%s %zu", l && l->item ? l->item :
		    "Item", i + 1);
		md_item(out, label.s, key, seq->items[i], inner, amendment,
		    depth + 1);
	}
	ilog_buf_free(&label);
}

static void
node_value(struct ilog_buf *out, const char *key, const struct ilog_node *v,
    const char *indent, int amendment, int depth)
{
	char inner[INDENT_MAX + 1];

	snprintf(inner, sizeof inner, "%s  ", indent);
	if (v->kind == ILOG_SCALAR) {
		scalar_value(out, key, v, inner);
		ilog_buf_addc(out, '\n');
	} else if (v->n == 0) {
		ilog_buf_adds(out, " (none)\n");
	} else if (depth >= DEPTH_MAX) {
		ilog_buf_adds(out, " (nested too deep to show here; see "
		    "ilog-show)\n");
	} else if (v->kind == ILOG_SEQ && all_one_line(v)) {
		ilog_buf_addc(out, ' ');
		md_list_inline(out, v);
		ilog_buf_addc(out, '\n');
	} else if (v->kind == ILOG_SEQ) {
		ilog_buf_addc(out, '\n');
		seq_items(out, key, v, inner, amendment, depth);
	} else {
		ilog_buf_addc(out, '\n');
		md_fields(out, v, inner, amendment, depth + 1);
	}
}

/* "- **Label:** value", the value nested below when it is a structure. */
static void
md_item(struct ilog_buf *out, const char *label, const char *key,
    const struct ilog_node *v, const char *indent, int amendment, int depth)
{
	ilog_buf_printf(out, "%s- **%s:**", indent, label);
	node_value(out, key, v, indent, amendment, depth);
}

static void
md_field(struct ilog_buf *out, const struct ilog_node *map, size_t i,
    const char *indent, int amendment, int depth)
{
	struct ilog_buf label = { 0 };

	label_of(&label, map->keys[i], amendment);
	md_item(out, label.s, map->keys[i], map->items[i], indent, amendment,
	    depth);
	ilog_buf_free(&label);
}

static void
md_fields(struct ilog_buf *out, const struct ilog_node *map,
    const char *indent, int amendment, int depth)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		md_field(out, map, i, indent, amendment, depth);
}

/* Copied in later from a note made at the time (a paper diary, a phone's
 * notes): the note's time says how late it was written down. */
static int
md_noted(struct ilog_buf *out, const struct ilog_incident *inc,
    const struct ilog_when *rec)
{
	struct ilog_when noted;
	long long d;

	if (ilog_record_time(inc->cur, "noted", &noted) < 0)
		return 0;
	d = (long long)noted.t - inc->occurred.t;
	ilog_buf_adds(out, "- **Recorded:** copied on ");
	md_when(out, rec);
	ilog_buf_adds(out, d < DAY ? " from a note made at the time (" :
	    " from a note made on ");
	md_when(out, &noted);
	ilog_buf_adds(out, ", ");
	ilog_md_elapsed(out, d < 0 ? -d : d);
	ilog_buf_adds(out, d < 0 ? " before the time given for it" :
	    " after it happened");
	ilog_buf_adds(out, d < DAY ? ")\n" : "\n");
	return 1;
}

static void
md_recorded(struct ilog_buf *out, const struct ilog_incident *inc)
{
	struct ilog_when rec, until;
	long long d;

	if (ilog_record_time(inc->cur, "recorded", &rec) < 0)
		return;
	if (md_noted(out, inc, &rec))
		return;
	ilog_buf_adds(out, "- **Recorded:** ");
	md_when(out, &rec);
	d = (long long)rec.t - inc->occurred.t;
	ilog_buf_adds(out, ", written down ");
	ilog_md_elapsed(out, d < 0 ? -d : d);
	if (d < 0) {
		ilog_buf_adds(out, " before the time given for it (one of the "
		    "two times is wrong)\n");
		return;
	}
	ilog_buf_adds(out, " after it happened");
	if (ilog_record_time(inc->cur, "until", &until) == 0 && rec.t < until.t)
		ilog_buf_adds(out, ", while it was still going on");
	else if (d >= DAY)
		ilog_buf_adds(out, " (not a note made at the time)");
	ilog_buf_addc(out, '\n');
}

static const char *const first_keys[] = { "id", "summary", "occurred",
	"until", NULL };

static int
shown_apart(const char *key)
{
	const char *const *k;

	for (k = first_keys; *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return strcmp(key, "recorded") == 0 || strcmp(key, "prev") == 0 ||
	    strcmp(key, "noted") == 0;	/* said with when it was recorded */
}

void
md_signature(struct ilog_buf *out, const struct ilog_store *s,
    const struct ilog_sig *sig)
{
	ilog_buf_adds(out, ilog_sig_describe(sig->status));
	if (!sig->fpr[0])
		return;
	ilog_buf_printf(out, " by `%s`", sig->fpr);
	if (sig->status != ILOG_SIG_GOOD)
		return;
	if (!s || s->nrecip == 0)
		ilog_buf_adds(out, " (the log's keys could not be read to "
		    "compare)");
	else if (!ilog_trust_recipient(s, sig->fpr))
		ilog_buf_adds(out, ", which is not one of the log's keys");
}

/* A record not to be taken on trust is flagged where it is shown. */
static void
md_sig_warning(struct ilog_buf *out, const struct ilog_store *s,
    const struct ilog_sig *sig, const char *indent)
{
	if (sig->status == ILOG_SIG_GOOD && (!s || s->nrecip == 0 ||
	    ilog_trust_recipient(s, sig->fpr)))
		return;
	ilog_buf_printf(out, "%s- **Signature:** ", indent);
	md_signature(out, s, sig);
	ilog_buf_adds(out, " (see Verification)\n");
}

/* The evidence itself is listed with the incident; here only its names. */
static void
md_evidence_added(struct ilog_buf *out, const struct ilog_node *ev)
{
	const struct ilog_node *item;
	size_t i;

	ilog_buf_adds(out, "    - **Evidence added:** ");
	for (i = 0; i < ev->n; i++) {
		item = ev->items[i];
		if (i)
			ilog_buf_adds(out, ", ");
		if (ilog_node_text(item, "name"))
			md_text_inline(out, item, "name");
		else
			md_text_inline(out, item, "file");
	}
	ilog_buf_addc(out, '\n');
}

static void
was_add(struct ilog_node *was, const struct ilog_node *before,
    const char *key)
{
	const struct ilog_node *old = ilog_node_get(before, key);

	if (old && !ilog_node_get(was, key))
		ilog_node_set(was, key, ilog_node_copy(old));
}

/* What the fields an amendment changed or removed held until then. */
static void
md_before(struct ilog_buf *out, const struct ilog_node *am,
    const struct ilog_node *before)
{
	const struct ilog_node *set = ilog_node_get(am, "set");
	const struct ilog_node *unset = ilog_node_get(am, "unset");
	struct ilog_node *was = ilog_node_map();
	size_t i;

	for (i = 0; set && set->kind == ILOG_MAP && i < set->n; i++)
		was_add(was, before, set->keys[i]);
	for (i = 0; unset && unset->kind == ILOG_SEQ && i < unset->n; i++)
		if (unset->items[i]->kind == ILOG_SCALAR)
			was_add(was, before, unset->items[i]->str);
	if (was->n) {
		ilog_buf_adds(out, "    - **Before this change:**\n");
		md_fields(out, was, "      ", 0, 3);
	}
	ilog_node_free(was);
}

/* The evidence put forward: a retracted listing is left out here, and
 * said in the amendment that retracted it. */
static void
md_evidence(struct ilog_buf *out, const struct ilog_node *cur, size_t at)
{
	const struct ilog_node *ev = cur->items[at];
	struct ilog_node *shown, *list;
	size_t i;

	if (ev->kind != ILOG_SEQ) {
		md_field(out, cur, at, "", 0, 0);
		return;
	}
	shown = ilog_node_map();
	list = ilog_node_seq();
	for (i = 0; i < ev->n; i++)
		if (!ilog_evidence_retracted(ev->items[i]))
			ilog_node_push(list, ilog_node_copy(ev->items[i]));
	ilog_node_set(shown, "evidence", list);
	if (list->n)
		md_field(out, shown, 0, "", 0, 0);
	ilog_node_free(shown);
}

/* "Evidence retracted: IMG_4471.jpg (attached by mistake)", its name as
 * the incident listed it until then. */
static void
md_retracted(struct ilog_buf *out, const struct ilog_node *list,
    const struct ilog_node *before)
{
	const struct ilog_node *ev;
	const char *file;
	size_t i;

	ilog_buf_adds(out, "    - **Evidence retracted:** ");
	for (i = 0; i < list->n; i++) {
		if (!(file = ilog_node_text(list->items[i], "file")))
			continue;
		if (i)
			ilog_buf_adds(out, "; ");
		ev = ilog_evidence_find(ilog_node_get(before, "evidence"), file);
		if (ilog_node_text(ev, "name"))
			md_text_inline(out, ev, "name");
		else
			ilog_md_inline(out, file, strlen(file));
		ilog_buf_adds(out, " (");
		md_text_inline(out, list->items[i], "reason");
		ilog_buf_addc(out, ')');
	}
	ilog_buf_addc(out, '\n');
}

static void
md_amendment(struct ilog_buf *out, const struct ilog_store *s,
    const struct ilog_rec *r, const struct ilog_node *before)
{
	const struct ilog_node *doc = r->doc;
	struct ilog_when w;
	const char *key;
	size_t i;

	/* led by when it was written: an ID in bold would read as a date
	 * of the incident */
	ilog_buf_adds(out, "  - **Amended");
	if (ilog_record_time(doc, "recorded", &w) == 0) {
		ilog_buf_addc(out, ' ');
		md_when(out, &w);
	}
	ilog_buf_printf(out, "** (record `%s`)\n", r->id);
	md_sig_warning(out, s, &r->sig, "    ");
	for (i = 0; i < doc->n; i++) {
		key = doc->keys[i];
		if (strcmp(key, "evidence") == 0 && doc->items[i]->kind ==
		    ILOG_SEQ && doc->items[i]->n > 0)
			md_evidence_added(out, doc->items[i]);
		else if (strcmp(key, "retract") == 0 && doc->items[i]->kind ==
		    ILOG_SEQ)
			md_retracted(out, doc->items[i], before);
		else if (strcmp(key, "id") != 0 && strcmp(key, "recorded") != 0 &&
		    strcmp(key, "prev") != 0 && strcmp(key, "amends") != 0)
			md_field(out, doc, i, "    ", 1, 2);
	}
	md_before(out, doc, before);
}

/* "Exhibits: CB/1, CB/2": the labels of the incident's evidence. */
static void
md_exhibit_labels(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *cur)
{
	const struct ilog_node *ev = ilog_node_get(cur, "evidence");
	char label[MD_PREFIX_MAX + 24];
	size_t i, k = 0;

	for (i = 0; ev && ev->kind == ILOG_SEQ && i < ev->n; i++) {
		if (!md_exhibit_label(r, ev->items[i], label, sizeof label))
			continue;
		ilog_buf_adds(out, k++ ? ", " : "- **Exhibits:** ");
		ilog_buf_adds(out, label);
	}
	if (k)
		ilog_buf_addc(out, '\n');
}

/* Each amendment with the state it found, so a change shows what it replaced. */
static void
md_amendments(struct ilog_buf *out, const struct ilog_store *s,
    const struct ilog_incident *inc)
{
	struct ilog_node *state;
	size_t i;

	if (inc->namends == 0)
		return;
	ilog_buf_adds(out, "- **Amendments:**\n");
	state = ilog_node_copy(inc->rec->doc);
	for (i = 0; i < inc->namends; i++) {
		md_amendment(out, s, inc->amends[i], state);
		ilog_record_apply(state, inc->amends[i]->doc);
	}
	ilog_node_free(state);
}

/* "7. 2026-09-11 17:40": numbered as the timeline is; the ID, the time of
 * writing, is a field below, where it cannot be taken for the date */
static void
heading_text(char *buf, size_t len, const struct md_report *r, size_t no)
{
	char s[32];

	ilog_when_format(&r->v[no]->occurred, s);
	snprintf(buf, len, "%zu. %.10s %.5s%s", no + 1, s, s + 11,
	    r->v[no]->withdrawn ? " (withdrawn)" : "");
}

/*
 * A link to incident no's heading: "[No. 7](#7-2026-09-11-1740)". The
 * target is the identifier GFM renderers (pandoc, GitHub) give a heading:
 * lower case, spaces as '-', other punctuation dropped.
 */
void
md_incident_link(struct ilog_buf *out, const struct md_report *r, size_t no,
    const char *prefix)
{
	char h[64], *p;

	heading_text(h, sizeof h, r, no);
	ilog_buf_printf(out, "[%s%zu](#", prefix, no + 1);
	for (p = h; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		    *p == '-' || *p == '_')
			ilog_buf_addc(out, *p);
		else if (*p >= 'A' && *p <= 'Z')
			ilog_buf_addc(out, *p - 'A' + 'a');
		else if (*p == ' ')
			ilog_buf_addc(out, '-');
	ilog_buf_addc(out, ')');
}

static void
md_incident(struct ilog_buf *out, const struct md_report *r, size_t no)
{
	const struct ilog_incident *inc = r->v[no];
	const struct ilog_store *store = r->log->store;
	const struct ilog_node *cur = inc->cur;
	const char *const *k;
	char h[64];
	size_t i;

	heading_text(h, sizeof h, r, no);
	ilog_buf_printf(out, "### %s\n\n", h);
	for (k = first_keys; *k; k++)
		for (i = 0; i < cur->n; i++)
			if (strcmp(cur->keys[i], *k) == 0)
				md_field(out, cur, i, "", 0, 0);
	md_recorded(out, inc);
	md_exhibit_labels(out, r, cur);
	md_sig_warning(out, store, &inc->rec->sig, "");
	for (i = 0; i < cur->n; i++)
		if (strcmp(cur->keys[i], "evidence") == 0)
			md_evidence(out, cur, i);
		else if (!shown_apart(cur->keys[i]))
			md_field(out, cur, i, "", 0, 0);
	md_amendments(out, store, inc);
	ilog_buf_addc(out, '\n');
}

void
md_incidents(struct ilog_buf *out, const struct md_report *r)
{
	size_t i;

	ilog_buf_adds(out, "## Incidents in full\n\n");
	if (r->n == 0)
		ilog_buf_adds(out, "No incidents.\n\n");
	for (i = 0; i < r->n; i++) {
		md_incident(out, r, i);
		md_spill(out, r);
	}
}

/* "1, 5, 8" as links, at most LINKS_MAX, then "and 4 more". */
void
md_links(struct ilog_buf *out, const struct md_report *r, const size_t *which,
    size_t k, const char *prefix)
{
	size_t i;

	for (i = 0; i < k && i < LINKS_MAX; i++) {
		if (i)
			ilog_buf_adds(out, ", ");
		md_incident_link(out, r, which[i], i ? "" : prefix);
	}
	if (k > LINKS_MAX)
		ilog_buf_printf(out, " and %zu more", k - LINKS_MAX);
}
