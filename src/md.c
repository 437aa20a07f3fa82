/* md.c: the Markdown report: CommonMark with GFM pipe tables, no HTML */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"

#define NBSP "\xc2\xa0"
#define REPLACEMENT "\xef\xbf\xbd"
#define DEPTH_MAX 12
#define INDENT_MAX (2 * DEPTH_MAX + 2)
#define DAY 86400LL

/* Bytes in the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t need, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

static int
is_blank_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* Bytes of the space or control character that starts s, or 0. */
static size_t
blank_at(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > 0 && is_blank_byte(u[0]))
		return 1;
	return len > 1 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0 ? 2 : 0;
}

/* Bytes of the space or control character that ends s, or 0. */
static size_t
blank_before(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > 0 && is_blank_byte(u[len - 1]))
		return 1;
	return len > 1 && u[len - 2] == 0xc2 && u[len - 1] >= 0x80 &&
	    u[len - 1] < 0xa0 ? 2 : 0;
}

/* Markup anywhere in a line: emphasis, code, strike-through, links, HTML,
 * table cells and backslash escapes. */
static const char md_always[] = "\\`*~[]<|";

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Whether s[i] is markup where it stands: prose punctuation is not. */
static int
needs_escape(const unsigned char *s, size_t i, size_t len)
{
	unsigned char c = s[i], prev = i ? s[i - 1] : ' ';
	unsigned char next = i + 1 < len ? s[i + 1] : ' ';
	size_t j;

	if (strchr(md_always, c))
		return 1;
	if (c == '_')	/* inside a word it never makes emphasis */
		return !(is_alnum(prev) && is_alnum(next));
	if (c == '&')	/* an entity: &amp; &#60; */
		return next == '#' || is_alnum(next);
	if (c == ':')	/* http://, the start of an autolink */
		return next == '/' && is_alnum(prev);
	if (c == '.')	/* www. */
		return i >= 3 && strncasecmp((const char *)s + i - 3, "www",
		    3) == 0 && (i == 3 || !is_alnum(s[i - 4]));
	if (c == '#') {	/* a heading's closing sequence */
		for (j = i; j < len && s[j] == '#'; j++)
			;
		return j == len;
	}
	return 0;
}

/* Bytes at the start of a line that would open a block (heading, quote,
 * list, setext underline, thematic break): escaped. An ordered list's
 * digits stay; its '.' or ')' is escaped. */
static size_t
block_start(const unsigned char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	if (strchr("#>-+=", s[0]))
		return 1;
	for (i = 0; i < len && i < 10 && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i > 0 && i < 10 && i < len && (s[i] == '.' || s[i] == ')') ?
	    i + 1 : 0;
}

/*
 * Text as itself: a backslash before only what would be read as markup
 * (at_line: the text starts a line); whitespace controls become spaces,
 * other controls (C0, DEL, C1) go, and bytes that are not UTF-8 become
 * U+FFFD, which pandoc insists on.
 */
static void
escape_run(struct ilog_buf *out, const char *str, size_t len, int at_line)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, mark = at_line ? block_start(s, len) : 0;

	while (i < len) {
		if (s[i] >= 0x80) {
			n = utf8_len(s + i, len - i);
			if (n == 0)
				ilog_buf_adds(out, REPLACEMENT);
			else if (!(s[i] == 0xc2 && s[i + 1] < 0xa0))
				ilog_buf_add(out, s + i, n);
			i += n ? n : 1;
			continue;
		}
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			ilog_buf_addc(out, ' ');
		else if (i + 1 == mark || needs_escape(s, i, len))
			ilog_buf_addc(out, '\\'), ilog_buf_addc(out, s[i]);
		else if (!is_blank_byte(s[i]) || s[i] == ' ')
			ilog_buf_addc(out, s[i]);
		i++;
	}
}

/* Text on one line: for a table cell, a heading or after a label. */
void
ilog_md_inline(struct ilog_buf *out, const char *s, size_t len)
{
	size_t n;

	while ((n = blank_at(s, len)) > 0)
		s += n, len -= n;
	while ((n = blank_before(s, len)) > 0)
		len -= n;
	escape_run(out, s, len, 0);
}

/* Leading blanks as no-break spaces: four spaces must not make code. */
static size_t
line_indent(struct ilog_buf *out, const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; (n = blank_at(s + i, len - i)) > 0; i += n) {
		if (s[i] == ' ')
			ilog_buf_adds(out, NBSP);
		else if (s[i] == '\t')
			ilog_buf_adds(out, NBSP NBSP NBSP NBSP);
	}
	return i;
}

/* A line typed to stand apart: indented, or a list the user made. */
static int
starts_own_line(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	if (blank_at(s, len) > 0)
		return 1;
	if (len > 1 && strchr("-*+", s[0]) && s[1] == ' ')
		return 1;
	if (len > 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)	/* a bullet */
		return 1;
	for (i = 0; i < len && u[i] >= '0' && u[i] <= '9'; i++)
		;
	return i > 0 && i + 1 < len && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ';
}

/*
 * Text of many lines, as one paragraph: lines typed one after another flow
 * together, as the user's words; a blank line becomes a no-break space
 * between hard breaks (a trailing backslash), so it shows as one and
 * cannot end the list item the text sits in; an indented or bulleted line
 * keeps its own line. Lines after the first start with indent; blank
 * lines around are dropped.
 */
void
ilog_md_block(struct ilog_buf *out, const char *s, size_t len,
    const char *indent)
{
	const char *end = s + len, *eol;
	size_t n, trail, lead, lines = 0, gap = 0;

	for (; s < end; s = eol ? eol + 1 : end) {
		eol = memchr(s, '\n', end - s);
		n = eol ? (size_t)(eol - s) : (size_t)(end - s);
		while ((trail = blank_before(s, n)) > 0)
			n -= trail;
		if (n == 0) {
			gap += lines > 0;
			continue;
		}
		if (lines++ > 0 && gap > 0)
			ilog_buf_printf(out, "\\\n%s" NBSP "\\\n%s", indent,
			    indent);
		else if (lines > 1)
			ilog_buf_printf(out, "%s\n%s", starts_own_line(s, n) ?
			    "\\" : "", indent);
		gap = 0;
		lead = line_indent(out, s, n);
		escape_run(out, s + lead, n - lead, lead == 0);
	}
}

static void
plural(struct ilog_buf *out, long long n, const char *unit)
{
	ilog_buf_printf(out, "%lld %s%s", n, unit, n == 1 ? "" : "s");
}

/* A duration as a person says it: "2 hours 5 minutes", "3 days". */
void
ilog_md_elapsed(struct ilog_buf *out, long long secs)
{
	long long d = secs / DAY, h = secs % DAY / 3600, m = secs % 3600 / 60;

	if (secs < 60) {
		ilog_buf_adds(out, "less than a minute");
	} else if (secs < 3600) {
		plural(out, m, "minute");
	} else if (secs < DAY) {
		plural(out, h, "hour");
		if (m)
			ilog_buf_addc(out, ' '), plural(out, m, "minute");
	} else {
		plural(out, d, "day");
		if (h && d < 7)
			ilog_buf_addc(out, ' '), plural(out, h, "hour");
	}
}

/* 2026-11-27 21:40 (UTC+01:00); seconds only when there are some. */
static void
when_text(struct ilog_buf *out, const struct ilog_when *w)
{
	char s[32];

	ilog_when_format(w, s);
	ilog_buf_printf(out, "%.10s %.*s ", s, strncmp(s + 17, "00", 2) ?
	    8 : 5, s + 11);
	if (strcmp(s + 19, "+00:00") == 0)
		ilog_buf_adds(out, "(UTC)");
	else
		ilog_buf_printf(out, "(UTC%s)", s + 19);
}

/* In the order they happened, each once however often it was named. */
static struct ilog_incident **
chronological(struct ilog_incident *const *incs, size_t n, size_t *out_n)
{
	struct ilog_incident **v = ilog_xcalloc(n, sizeof *v);
	size_t i, k = 0;

	if (n > 0)
		memcpy(v, incs, n * sizeof *v);
	qsort(v, n, sizeof *v, ilog_incident_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	*out_n = k;
	return v;
}

static void
text_inline(struct ilog_buf *out, const struct ilog_node *map, const char *key)
{
	const struct ilog_node *v = ilog_node_get(map, key);

	if (v && v->kind == ILOG_SCALAR)
		ilog_md_inline(out, v->str, v->len);
}

static void
list_inline(struct ilog_buf *out, const struct ilog_node *seq)
{
	size_t i;

	for (i = 0; seq && seq->kind == ILOG_SEQ && i < seq->n; i++) {
		if (i)
			ilog_buf_adds(out, ", ");
		if (seq->items[i]->kind == ILOG_SCALAR)
			ilog_md_inline(out, seq->items[i]->str,
			    seq->items[i]->len);
	}
}

static int
counted(const struct ilog_incident *inc)
{
	return inc->withdrawn == NULL;
}

static size_t
count_counted(struct ilog_incident *const *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += counted(v[i]);
	return k;
}

static void
day_of(const struct ilog_when *w, char out[11])
{
	char s[32];

	ilog_when_format(w, s);
	snprintf(out, 11, "%.10s", s);
}

static void
md_period(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	const struct ilog_incident *first = NULL, *last = NULL;
	char a[11], b[11];
	size_t i;

	for (i = 0; i < n; i++)
		if (counted(v[i])) {
			if (!first)
				first = v[i];
			last = v[i];
		}
	if (!first)
		return;
	day_of(&first->occurred, a);
	day_of(&last->occurred, b);
	ilog_buf_printf(out, "- Period covered: %s to %s\n", a, b);
}

/* Whether the reader holds the whole log or a part of it. */
static void
md_scope(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *v, size_t n)
{
	size_t i, live = 0, withdrawn, shown = count_counted(v, n);

	for (i = 0; i < log->nincs; i++)
		live += counted(&log->incs[i]);
	withdrawn = log->nincs - live - (n - shown);
	if (shown < live)
		ilog_buf_printf(out, "This report shows a selection: %zu of the "
		    "%zu incidents in the log that were not withdrawn.\n\n",
		    shown, live);
	if (withdrawn > 0)
		ilog_buf_printf(out, "%zu withdrawn incident%s not shown.\n\n",
		    withdrawn, withdrawn == 1 ? " is" : "s are");
}

static void
md_title(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *v, size_t n, const struct ilog_md_opts *o)
{
	size_t shown = count_counted(v, n), start;
	struct ilog_when now;

	ilog_buf_adds(out, "# ");
	start = out->len;
	if (o->title)
		ilog_md_inline(out, o->title, strlen(o->title));
	if (out->len == start)
		ilog_buf_adds(out, "Record of incidents");
	ilog_buf_adds(out, "\n\n");
	if (o->author && *o->author) {
		ilog_buf_adds(out, "Prepared by ");
		ilog_md_inline(out, o->author, strlen(o->author));
		ilog_buf_adds(out, "\n\n");
	}
	md_period(out, v, n);
	ilog_buf_printf(out, "- Number of incidents: %zu", shown);
	if (n > shown)
		ilog_buf_printf(out, " (and %zu withdrawn, shown but not counted)",
		    n - shown);
	ilog_buf_adds(out, "\n- Report made: ");
	if (ilog_when_parse("now", o->now, &now, NULL) == 0)
		when_text(out, &now);
	ilog_buf_adds(out, "\n\n");
	md_scope(out, log, v, n);
	ilog_buf_adds(out, "Times are local times, with their offset from UTC. "
	    "Each incident says when it was written down. The last section "
	    "lets anyone check that the records shown were not changed after "
	    "they were written.\n\n");
}

static void
md_by_behaviour(struct ilog_buf *out, struct ilog_incident *const *v,
    size_t n)
{
	size_t i, b, count, none = 0;

	ilog_buf_adds(out, "### By behaviour\n\nOne incident can show more "
	    "than one behaviour.\n\n| Behaviour | Incidents |\n| --- | ---: |\n");
	for (b = 0; ilog_behaviours[b]; b++) {
		for (i = count = 0; i < n; i++)
			count += counted(v[i]) && ilog_seq_has(ilog_node_get(
			    v[i]->cur, "behaviour"), ilog_behaviours[b]);
		if (count)
			ilog_buf_printf(out, "| %s | %zu |\n", ilog_behaviours[b],
			    count);
	}
	for (i = 0; i < n; i++) {
		const struct ilog_node *beh = ilog_node_get(v[i]->cur,
		    "behaviour");

		none += counted(v[i]) && (!beh || beh->n == 0);
	}
	if (none)
		ilog_buf_printf(out, "| (none given) | %zu |\n", none);
	ilog_buf_addc(out, '\n');
}

/* Months since year 0, in the incident's own local time. */
static long
month_index(const struct ilog_incident *inc)
{
	char s[32];

	ilog_when_format(&inc->occurred, s);
	return strtol(s, NULL, 10) * 12 + strtol(s + 5, NULL, 10) - 1;
}

/* Every month from the first to the last, the empty ones too. */
static void
md_by_month(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	long first = -1, last = -1, m;
	size_t i, *counts;

	for (i = 0; i < n; i++) {
		if (!counted(v[i]))
			continue;
		m = month_index(v[i]);
		if (first < 0 || m < first)
			first = m;
		if (m > last)
			last = m;
	}
	counts = ilog_xcalloc(last - first + 1, sizeof *counts);
	for (i = 0; i < n; i++)
		if (counted(v[i]))
			counts[month_index(v[i]) - first]++;
	ilog_buf_adds(out, "### By month\n\n| Month | Incidents |\n"
	    "| --- | ---: |\n");
	for (m = first; m <= last; m++)
		ilog_buf_printf(out, "| %04ld-%02ld | %zu |\n", m / 12,
		    m % 12 + 1, counts[m - first]);
	ilog_buf_addc(out, '\n');
	free(counts);
}

static void
md_pattern(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	ilog_buf_adds(out, "## The pattern\n\n");
	if (count_counted(v, n) == 0) {
		ilog_buf_adds(out, "No incidents.\n\n");
		return;
	}
	md_by_behaviour(out, v, n);
	md_by_month(out, v, n);
}

/* 19:15, 19:15–23:50, or 19:15 to 2026-09-20 12:00 */
static void
time_cell(struct ilog_buf *out, const struct ilog_incident *inc)
{
	struct ilog_when until;
	char a[32], b[32];

	ilog_when_format(&inc->occurred, a);
	ilog_buf_printf(out, "%.5s", a + 11);
	if (ilog_record_time(inc->cur, "until", &until) < 0)
		return;
	ilog_when_format(&until, b);
	if (strncmp(a, b, 10) == 0)
		ilog_buf_printf(out, "\xe2\x80\x93%.5s", b + 11);
	else
		ilog_buf_printf(out, " to %.10s %.5s", b, b + 11);
}

static void
timeline_row(struct ilog_buf *out, const struct ilog_incident *inc)
{
	char day[11];

	day_of(&inc->occurred, day);
	ilog_buf_printf(out, "| %s | ", day);
	time_cell(out, inc);
	ilog_buf_adds(out, " | ");
	list_inline(out, ilog_node_get(inc->cur, "behaviour"));
	ilog_buf_adds(out, " | ");
	text_inline(out, inc->cur, "location");
	ilog_buf_adds(out, " | ");
	if (inc->withdrawn)
		ilog_buf_adds(out, "**Withdrawn:** ");
	text_inline(out, inc->cur, "summary");
	ilog_buf_adds(out, " | ");
	text_inline(out, ilog_node_get(inc->cur, "police"), "reference");
	ilog_buf_adds(out, " |\n");
}

/* An imported message (not a call, not withdrawn): its sender, or NULL. */
static const struct ilog_node *
message_source(const struct ilog_incident *inc)
{
	const struct ilog_node *src = ilog_node_get(inc->cur, "source");
	const char *f = src ? ilog_node_text(src, "format") : NULL;

	if (inc->withdrawn || !f || (strcmp(f, "whatsapp") && strcmp(f, "sms") &&
	    strcmp(f, "mms")))
		return NULL;
	return src;
}

static int
same_text(const struct ilog_node *a, const struct ilog_node *b,
    const char *key)
{
	const char *x = ilog_node_text(a, key), *y = ilog_node_text(b, key);

	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Whether b is one of a's sender's messages on a's day. */
static int
same_sender_day(const struct ilog_incident *a, const struct ilog_incident *b)
{
	const struct ilog_node *x = message_source(a), *y = message_source(b);
	char da[11], db[11];

	if (!x || !y || !same_text(x, y, "sender") || !same_text(x, y, "number"))
		return 0;
	day_of(&a->occurred, da);
	day_of(&b->occurred, db);
	return strcmp(da, db) == 0;
}

/*
 * Gathers into run the messages of v[0]'s sender on v[0]'s day that are
 * not yet shown, marking them shown; other rows of that day may fall
 * between them. v is in time order, and a day is at most 50 hours long
 * in any offset, so the search stops there.
 */
static size_t
message_run(struct ilog_incident *const *v, size_t n, char *shown,
    struct ilog_incident **run)
{
	size_t j, k = 1;

	run[0] = v[0];
	shown[0] = 1;
	if (!message_source(v[0]))
		return 1;
	for (j = 1; j < n && v[j]->occurred.t - v[0]->occurred.t <= 50 * 3600;
	    j++)
		if (!shown[j] && same_sender_day(v[0], v[j])) {
			run[k++] = v[j];
			shown[j] = 1;
		}
	return k;
}

/* "23 messages, 19:15-23:50": the texts stay in full under each incident. */
static void
run_row(struct ilog_buf *out, struct ilog_incident *const *v, size_t k)
{
	const struct ilog_node *src = ilog_node_get(v[0]->cur, "source");
	const char *who = ilog_node_text(src, "sender");
	char day[11], a[32], b[32];
	size_t i, whatsapp = 0;

	for (i = 0; i < k; i++)
		whatsapp += strcmp(ilog_node_text(ilog_node_get(v[i]->cur,
		    "source"), "format"), "whatsapp") == 0;
	day_of(&v[0]->occurred, day);
	ilog_when_format(&v[0]->occurred, a);
	ilog_when_format(&v[k - 1]->occurred, b);
	ilog_buf_printf(out, "| %s | %.5s\xe2\x80\x93%.5s | ", day, a + 11,
	    b + 11);
	list_inline(out, ilog_node_get(v[0]->cur, "behaviour"));
	ilog_buf_printf(out, " |  | %zu %s from ", k, whatsapp == k ?
	    "WhatsApp messages" : whatsapp ? "messages" : "text messages");
	if (!who)
		who = ilog_node_text(src, "number");
	ilog_md_inline(out, who ? who : "an unknown sender", who ? strlen(who) :
	    17);
	ilog_buf_printf(out, ", %.5s\xe2\x80\x93%.5s |  |\n", a + 11, b + 11);
}

static void
md_timeline(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	struct ilog_incident **run;
	char *shown;
	size_t i, k;

	ilog_buf_adds(out, "## Timeline\n\n");
	if (n == 0) {
		ilog_buf_adds(out, "No incidents.\n\n");
		return;
	}
	ilog_buf_adds(out, "| Date | Time | Behaviour | Location | Summary | "
	    "Police reference |\n| --- | --- | --- | --- | --- | --- |\n");
	shown = ilog_xcalloc(n, 1);
	run = ilog_xcalloc(n, sizeof *run);
	for (i = 0; i < n; i++) {
		if (shown[i])
			continue;
		k = message_run(v + i, n - i, shown + i, run);
		if (k > 1)
			run_row(out, run, k);
		else
			timeline_row(out, v[i]);
	}
	free(run);
	free(shown);
	ilog_buf_addc(out, '\n');
}

struct label {
	const char *key, *label, *item;
};

static const struct label incident_labels[] = {
	{ "id", "ID", NULL }, { "recorded", "Recorded", NULL },
	{ "occurred", "When", NULL }, { "until", "Until", NULL },
	{ "summary", "Summary", NULL }, { "behaviour", "Behaviour", NULL },
	{ "tags", "Tags", NULL }, { "location", "Location", NULL },
	{ "channel", "Channel", NULL }, { "details", "Details", NULL },
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
	{ "officer", "Officer", NULL }, { "file", "Stored file", NULL },
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

static void
size_text(struct ilog_buf *out, const char *digits)
{
	double n = strtod(digits, NULL);

	ilog_buf_printf(out, "%s bytes", digits);
	if (n >= 1e9)
		ilog_buf_printf(out, " (%.1f GB)", n / 1e9);
	else if (n >= 1e6)
		ilog_buf_printf(out, " (%.1f MB)", n / 1e6);
	else if (n >= 1e3)
		ilog_buf_printf(out, " (%.1f kB)", n / 1e3);
}

/* The text without blank lines around it; 2 when more than a line is left. */
static int
text_lines(const char *s, size_t len, const char **start, size_t *n)
{
	size_t a = 0, b = len, k;

	while ((k = blank_before(s, b)) > 0)
		b -= k;
	while ((k = blank_at(s + a, b - a)) > 0)
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
		when_text(out, &w);
	} else if (strcmp(key, "size") == 0 && v->len > 0 &&
	    strspn(v->str, "0123456789") == v->len) {
		ilog_buf_addc(out, ' ');
		size_text(out, v->str);
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
		list_inline(out, v);
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

static void
md_recorded(struct ilog_buf *out, const struct ilog_incident *inc)
{
	struct ilog_when rec, until;
	long long d;

	if (ilog_record_time(inc->cur, "recorded", &rec) < 0)
		return;
	ilog_buf_adds(out, "- **Recorded:** ");
	when_text(out, &rec);
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
	return strcmp(key, "recorded") == 0 || strcmp(key, "prev") == 0;
}

static void
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
			text_inline(out, item, "name");
		else
			text_inline(out, item, "file");
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

static void
md_amendment(struct ilog_buf *out, const struct ilog_store *s,
    const struct ilog_rec *r, const struct ilog_node *before)
{
	const struct ilog_node *doc = r->doc;
	struct ilog_when w;
	const char *key;
	size_t i;

	ilog_buf_printf(out, "  - **%s**", r->id);
	if (ilog_record_time(doc, "recorded", &w) == 0) {
		ilog_buf_adds(out, ", recorded ");
		when_text(out, &w);
	}
	ilog_buf_addc(out, '\n');
	md_sig_warning(out, s, &r->sig, "    ");
	for (i = 0; i < doc->n; i++) {
		key = doc->keys[i];
		if (strcmp(key, "evidence") == 0 && doc->items[i]->kind ==
		    ILOG_SEQ && doc->items[i]->n > 0)
			md_evidence_added(out, doc->items[i]);
		else if (strcmp(key, "id") != 0 && strcmp(key, "recorded") != 0 &&
		    strcmp(key, "prev") != 0 && strcmp(key, "amends") != 0)
			md_field(out, doc, i, "    ", 1, 2);
	}
	md_before(out, doc, before);
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

static void
md_incident(struct ilog_buf *out, const struct ilog_store *store,
    const struct ilog_incident *inc)
{
	const struct ilog_node *cur = inc->cur;
	const char *const *k;
	const char *suffix = strrchr(inc->rec->id, '-');
	char s[32];
	size_t i;

	ilog_when_format(&inc->occurred, s);
	ilog_buf_printf(out, "### %.10s %.5s \xc2\xb7 %s%s\n\n", s, s + 11,
	    suffix ? suffix + 1 : inc->rec->id,
	    inc->withdrawn ? " (withdrawn)" : "");
	for (k = first_keys; *k; k++)
		for (i = 0; i < cur->n; i++)
			if (strcmp(cur->keys[i], *k) == 0)
				md_field(out, cur, i, "", 0, 0);
	md_recorded(out, inc);
	md_sig_warning(out, store, &inc->rec->sig, "");
	for (i = 0; i < cur->n; i++)
		if (!shown_apart(cur->keys[i]))
			md_field(out, cur, i, "", 0, 0);
	md_amendments(out, store, inc);
	ilog_buf_addc(out, '\n');
}

static void
md_incidents(struct ilog_buf *out, const struct ilog_store *s,
    struct ilog_incident *const *v, size_t n)
{
	size_t i;

	ilog_buf_adds(out, "## Incidents in full\n\n");
	if (n == 0)
		ilog_buf_adds(out, "No incidents.\n\n");
	for (i = 0; i < n; i++)
		md_incident(out, s, v[i]);
}

static int
rec_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct ilog_rec *const *)a)->id,
	    (*(const struct ilog_rec *const *)b)->id);
}

/* The incidents' records and their amendments, in ID order, each once. */
static const struct ilog_rec **
shown_records(struct ilog_incident *const *v, size_t n, size_t *out_n)
{
	const struct ilog_rec **r;
	size_t i, j, total = n, k = 0;

	for (i = 0; i < n; i++)
		total += v[i]->namends;
	r = ilog_xcalloc(total, sizeof *r);
	for (i = 0; i < n; i++) {
		r[k++] = v[i]->rec;
		for (j = 0; j < v[i]->namends; j++)
			r[k++] = v[i]->amends[j];
	}
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

static void
md_verification(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *v, size_t n)
{
	const struct ilog_rec **recs;
	size_t i, nrecs;

	ilog_buf_adds(out, "## Verification\n\nEach record is one encrypted "
	    "and signed file in the log, named by its ID. Its digest is the "
	    "SHA-256 of the file's decrypted contents, for example "
	    "`gpg -d ID.yaml.gpg | sha256sum`.\n\n");
	recs = shown_records(v, n, &nrecs);
	for (i = 0; i < nrecs; i++) {
		ilog_buf_printf(out, "- %s (%s): digest `%s`, ", recs[i]->id,
		    recs[i]->amendment ? "amendment" : "incident",
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

void
ilog_md_report(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *incs, size_t n,
    const struct ilog_md_opts *o)
{
	struct ilog_incident **v = chronological(incs, n, &n);

	md_title(out, log, v, n, o);
	md_pattern(out, v, n);
	md_timeline(out, v, n);
	md_incidents(out, log->store, v, n);
	md_verification(out, log, v, n);
	free(v);
}
