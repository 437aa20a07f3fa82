/* md-case.c: the case the report opens with: background and the times the
 * suspect was told to stop, his profile, the orders in force, each counted
 * against the incidents after it; the occasions violence was feared; the
 * impact over time */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

/* A case date: a day (YYYY-MM-DD) or a time (RFC 3339). */
struct moment {
	int day_only;
	char day[11];
	struct ilog_when w;
};

static int
moment_of(const char *s, struct moment *m)
{
	struct ilog_err e;

	memset(m, 0, sizeof *m);
	if (!s)
		return -1;
	if (strlen(s) == 10 && ilog_when_parse(s, 0, &m->w, &e) == 0) {
		m->day_only = 1;
		memcpy(m->day, s, 10);
		return 0;
	}
	if (ilog_when_parse_stored(s, &m->w, &e) < 0)
		return -1;
	md_day_of(&m->w, m->day);
	return 0;
}

/* A day as written; a time as the rest of the report gives times. */
static void
moment_line(struct ilog_buf *out, const char *s)
{
	struct moment m;

	if (moment_of(s, &m) < 0)
		ilog_buf_adds(out, "(no date)");
	else if (m.day_only)
		ilog_buf_adds(out, m.day);
	else
		md_when(out, &m.w);
}

/* After a day means from the next day: the hour is not known. */
static int
is_after(const struct ilog_incident *inc, const struct moment *m)
{
	char day[11];

	if (!m->day_only)
		return inc->occurred.t > m->w.t;
	md_day_of(&inc->occurred, day);
	return strcmp(day, m->day) > 0;
}

/* "; 4 incidents in this report since (the first No. 7, 2026-08-03)" */
static void
count_since(struct ilog_buf *out, const struct md_report *r, const char *when,
    const char *since)
{
	struct moment m;
	size_t i, k = 0, first = 0;
	char day[11];

	if (moment_of(when, &m) < 0)
		return;
	for (i = 0; i < r->n; i++)
		if (md_counted(r->v[i]) && is_after(r->v[i], &m) && k++ == 0)
			first = i;
	ilog_buf_printf(out, ": **%zu incident%s %s**", k, k == 1 ? "" : "s",
	    since);
	if (k == 0)
		return;
	md_day_of(&r->v[first]->occurred, day);
	ilog_buf_printf(out, " (the first: No. %zu, %s)", first + 1, day);
}

static void
field_line(struct ilog_buf *out, const char *label, const struct ilog_node *map,
    const char *key)
{
	const struct ilog_node *v = ilog_node_get(map, key);

	if (!v || (v->kind == ILOG_SEQ && v->n == 0))
		return;
	ilog_buf_printf(out, "- %s: ", label);
	if (v->kind == ILOG_SEQ)
		md_list_inline(out, v);
	else
		md_text_inline(out, map, key);
	ilog_buf_addc(out, '\n');
}

static const struct ilog_node *
seq_of(const struct ilog_node *map, const char *key)
{
	const struct ilog_node *n = ilog_node_get(map, key);

	return n && n->kind == ILOG_SEQ ? n : NULL;
}

/* victim, solicitor and police read as words; anything else as typed */
static void
by_whom(struct ilog_buf *out, const char *by)
{
	static const char *const words[][2] = { { "victim", "the victim" },
		{ "solicitor", "a solicitor" }, { "police", "the police" } };
	size_t i;

	if (!by)
		return;
	ilog_buf_adds(out, ", by ");
	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(by, words[i][0]) == 0) {
			ilog_buf_adds(out, words[i][1]);
			return;
		}
	ilog_md_inline(out, by, strlen(by));
}

static void
told_to_stop(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *told)
{
	const struct ilog_node *t;
	size_t i;

	ilog_buf_adds(out, "\nTold to stop:\n\n");
	for (i = 0; i < told->n; i++) {
		t = told->items[i];
		if (t->kind != ILOG_MAP)
			continue;
		ilog_buf_adds(out, "- ");
		moment_line(out, ilog_node_text(t, "date"));
		if (ilog_node_text(t, "how")) {
			ilog_buf_adds(out, ", ");
			md_text_inline(out, t, "how");
		}
		by_whom(out, ilog_node_text(t, "by"));
		count_since(out, r, ilog_node_text(t, "date"), "since");
		ilog_buf_addc(out, '\n');
	}
}

static void
background(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *bg)
{
	const struct ilog_node *told = seq_of(bg, "told_to_stop");

	ilog_buf_adds(out, "### Background\n\n");
	field_line(out, "Relationship", bg, "relationship");
	field_line(out, "It ended", bg, "ended");
	if (told && told->n)
		told_to_stop(out, r, told);
	else
		ilog_buf_adds(out, "\nNo time the suspect was told to stop is "
		    "recorded.\n");
	ilog_buf_addc(out, '\n');
}

/* A redacted value names no one. */
static int
same_contact(const char *a, const char *b)
{
	return !md_is_redacted(a) && !md_is_redacted(b) &&
	    ilog_contact_same(a, b);
}

/* Incidents that came from a contact: their from, or an import's sender. */
static size_t
count_from(const struct md_report *r, const char *contact)
{
	const char *from;
	size_t i, k = 0;

	for (i = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]))
			continue;
		from = ilog_record_from(r->v[i]->cur);
		k += from && same_contact(from, contact);
	}
	return k;
}

static void
contacts_line(struct ilog_buf *out, const struct md_report *r,
    const char *label, const struct ilog_node *seq)
{
	size_t i, k;

	if (!seq || seq->n == 0)
		return;
	ilog_buf_printf(out, "- %s: ", label);
	for (i = 0; i < seq->n; i++) {
		if (seq->items[i]->kind != ILOG_SCALAR)
			continue;
		if (i)
			ilog_buf_adds(out, "; ");
		ilog_md_inline(out, seq->items[i]->str, seq->items[i]->len);
		if ((k = count_from(r, seq->items[i]->str)))
			ilog_buf_printf(out, " (%zu incident%s from it)", k,
			    k == 1 ? "" : "s");
	}
	ilog_buf_addc(out, '\n');
}

static void
vehicles_line(struct ilog_buf *out, const struct ilog_node *seq)
{
	static const char *const parts[] = { "colour", "make", "model", NULL };
	const struct ilog_node *v;
	size_t i, p;
	int any;

	if (!seq || seq->n == 0)
		return;
	ilog_buf_adds(out, "- Vehicles: ");
	for (i = 0; i < seq->n; i++) {
		if ((v = seq->items[i])->kind != ILOG_MAP)
			continue;
		if (i)
			ilog_buf_adds(out, "; ");
		for (p = any = 0; parts[p]; p++)
			if (ilog_node_text(v, parts[p])) {
				if (any++)
					ilog_buf_addc(out, ' ');
				md_text_inline(out, v, parts[p]);
			}
		if (ilog_node_text(v, "plate")) {
			ilog_buf_adds(out, any ? ", plate " : "plate ");
			md_text_inline(out, v, "plate");
		}
	}
	ilog_buf_addc(out, '\n');
}

static void
suspect(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *s)
{
	const char *desc = ilog_node_text(s, "description");

	ilog_buf_adds(out, "### The suspect\n\n");
	field_line(out, "Names", s, "names");
	field_line(out, "Born", s, "born");
	contacts_line(out, r, "Phones", seq_of(s, "phones"));
	contacts_line(out, r, "E-mail", seq_of(s, "emails"));
	contacts_line(out, r, "Accounts", seq_of(s, "accounts"));
	field_line(out, "Addresses", s, "addresses");
	vehicles_line(out, seq_of(s, "vehicles"));
	if (desc) {
		ilog_buf_adds(out, "\nDescription:\n\n");
		ilog_md_block(out, desc, strlen(desc), "");
		ilog_buf_addc(out, '\n');
	}
	ilog_buf_addc(out, '\n');
}

static void
order_line(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *o)
{
	struct moment until;
	const char *terms = ilog_node_text(o, "terms");

	ilog_buf_adds(out, "- **");
	if (ilog_node_text(o, "kind"))
		md_text_inline(out, o, "kind");
	else
		ilog_buf_adds(out, "Order");
	ilog_buf_adds(out, "**");
	if (ilog_node_text(o, "made")) {
		ilog_buf_adds(out, ", made ");
		md_text_inline(out, o, "made");
	}
	if (moment_of(ilog_node_text(o, "expires"), &until) == 0) {
		ilog_buf_adds(out, until.w.t < r->o->now ? ", expired " :
		    ", until ");
		md_text_inline(out, o, "expires");
	}
	if (ilog_node_text(o, "reference")) {
		ilog_buf_adds(out, ", reference ");
		md_text_inline(out, o, "reference");
	}
	if (ilog_node_text(o, "court")) {
		ilog_buf_adds(out, ", ");
		md_text_inline(out, o, "court");
	}
	count_since(out, r, ilog_node_text(o, "made"), "since it was made");
	ilog_buf_addc(out, '\n');
	if (terms) {
		ilog_buf_adds(out, "\n  Terms: ");
		ilog_md_block(out, terms, strlen(terms), "  ");
		ilog_buf_adds(out, "\n\n");
	}
}

static void
orders(struct ilog_buf *out, const struct md_report *r,
    const struct ilog_node *seq)
{
	size_t i;

	ilog_buf_adds(out, "### Orders and warnings\n\n");
	if (!seq || seq->n == 0) {
		ilog_buf_adds(out, "No order or warning is recorded.\n\n");
		return;
	}
	for (i = 0; i < seq->n; i++)
		if (seq->items[i]->kind == ILOG_MAP)
			order_line(out, r, seq->items[i]);
	ilog_buf_addc(out, '\n');
}

static void
incident_ref(struct ilog_buf *out, const struct md_report *r, size_t i)
{
	char day[11];

	md_day_of(&r->v[i]->occurred, day);
	ilog_buf_printf(out, "| %zu | %s | ", i + 1, day);
}

/* Occasions with fear of violence: s.4 and s.4A of the Protection from
 * Harassment Act 1997 turn on at least two. */
static void
fear(struct ilog_buf *out, const struct md_report *r)
{
	size_t i, k = 0;

	for (i = 0; i < r->n; i++)
		k += md_counted(r->v[i]) && ilog_node_get(r->v[i]->cur, "fear");
	ilog_buf_adds(out, "### Fear of violence\n\n");
	if (k == 0) {
		ilog_buf_adds(out, "No incident records that violence was "
		    "feared.\n\n");
		return;
	}
	ilog_buf_printf(out, "Violence was feared on **%zu occasion%s**:\n\n"
	    "| No. | Date | Summary | What was feared |\n", k, k == 1 ? "" : "s");
	ilog_buf_adds(out, ""
	    "| --- | --- | --- | --- |\n");
	for (i = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]) || !ilog_node_get(r->v[i]->cur, "fear"))
			continue;
		incident_ref(out, r, i);
		md_text_inline(out, r->v[i]->cur, "summary");
		ilog_buf_adds(out, " | ");
		md_text_inline(out, r->v[i]->cur, "fear");
		ilog_buf_adds(out, " |\n");
	}
	ilog_buf_addc(out, '\n');
}

/* The areas of life the words of an impact touch (each a word's start). */
static const struct area {
	const char *name;
	const char *words[20];
} areas[] = {
	{ "work", { "work", "job", "office", "shift", "boss", "manager",
	    "colleague", "sick leave", "employer", "career", "branch", NULL } },
	{ "home", { "home", "house", "flat", "moved out", "move out",
	    "moved house", "locks", "doorbell", "front door", "curtain",
	    "alarm", "camera", "stay with", "staying with", "family", NULL } },
	{ "money", { "money", "cost", "paid", "pay", "spent", "bank", "debt",
	    "afford", "\xc2\xa3", "$", "bill", "price", "pound", "dollar",
	    NULL } },
	{ "health", { "sleep", "anxi", "panic", "doctor", "gp", "medic",
	    "health", "eat", "cry", "stress", "therap", "counsel", "depress",
	    "nightmare", "frighten", "afraid", "bruis", "injur", "hurt", NULL } },
	{ "routine", { "route", "routine", "gym", "shop", "stopped going",
	    "avoid", "school", "walk", "bus", "train", "journey", "children",
	    "childcare", "friend", "going out", "go out", "park", NULL } },
	{ NULL, { NULL } }
};

static int
mentions(const char *text, const char *word)
{
	const char *p = text;
	size_t len = strlen(word);

	while ((p = strcasestr(p, word))) {
		if (p == text || !isalpha((unsigned char)p[-1]))
			return 1;
		p += len;
	}
	(void)len;
	return 0;
}

static unsigned
areas_of(const char *text)
{
	unsigned bits = 0;
	size_t a, w;

	for (a = 0; areas[a].name; a++)
		for (w = 0; areas[a].words[w]; w++)
			if (mentions(text, areas[a].words[w])) {
				bits |= 1u << a;
				break;
			}
	return bits;
}

static void
areas_cell(struct ilog_buf *out, unsigned bits)
{
	size_t a;
	int any = 0;

	for (a = 0; areas[a].name; a++)
		if (bits & (1u << a))
			ilog_buf_printf(out, "%s%s", any++ ? ", " : "",
			    areas[a].name);
}

static void
impact_by_area(struct ilog_buf *out, const unsigned *bits, size_t n)
{
	size_t a, i, k;
	int any = 0;

	for (a = 0; areas[a].name; a++) {
		for (i = k = 0; i < n; i++)
			k += (bits[i] >> a) & 1;
		if (k)
			ilog_buf_printf(out, "%s%s %zu", any++ ? ", " : "By area: ",
			    areas[a].name, k);
	}
	if (any)
		ilog_buf_adds(out, ".\n\n");
}

/* Every impact in the order it happened: the "substantial adverse effect
 * on day-to-day activities" of s.4A, shown as it grew. */
static void
impact(struct ilog_buf *out, const struct md_report *r)
{
	unsigned *bits = ilog_xcalloc(r->n ? r->n : 1, sizeof *bits);
	const char *text;
	size_t i, k = 0;

	ilog_buf_adds(out, "### Impact over time\n\n");
	for (i = 0; i < r->n; i++)
		if (md_counted(r->v[i]) && (text = ilog_node_text(r->v[i]->cur,
		    "impact")))
			bits[k++] = areas_of(text);
	if (k == 0) {
		ilog_buf_adds(out, "No impact is recorded.\n\n");
		free(bits);
		return;
	}
	impact_by_area(out, bits, k);
	ilog_buf_adds(out, "| No. | Date | Impact | Area |\n"
	    "| --- | --- | --- | --- |\n");
	for (i = k = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]) || !ilog_node_text(r->v[i]->cur,
		    "impact"))
			continue;
		incident_ref(out, r, i);
		md_text_inline(out, r->v[i]->cur, "impact");
		ilog_buf_adds(out, " | ");
		areas_cell(out, bits[k++]);
		ilog_buf_adds(out, " |\n");
	}
	ilog_buf_addc(out, '\n');
	free(bits);
}

void
md_case(struct ilog_buf *out, const struct md_report *r)
{
	const struct ilog_node *c = r->log->case_file ?
	    r->log->case_file->cur : NULL;
	const struct ilog_node *n;

	ilog_buf_adds(out, "## The case\n\n");
	if (!c)
		ilog_buf_adds(out, "No case record (background, the suspect, "
		    "orders) is kept in this log: ilog-case writes one.\n\n");
	if (c && (n = ilog_node_get(c, "background")) && n->kind == ILOG_MAP)
		background(out, r, n);
	if (c && (n = ilog_node_get(c, "suspect")) && n->kind == ILOG_MAP)
		suspect(out, r, n);
	if (c)
		orders(out, r, seq_of(c, "orders"));
	fear(out, r);
	impact(out, r);
}
