/* md-text.c: the report's one escaping layer: what a user typed is text,
 * never markup (no heading, link, table cell or HTML); the words for
 * times and durations; and what every section uses: which incidents
 * count, and the spill of a long report to its sink */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

static int
is_blank_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* Bytes of the space or control character that starts s, or 0. */
size_t
md_blank_at(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > 0 && is_blank_byte(u[0]))
		return 1;
	return len > 1 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] < 0xa0 ? 2 : 0;
}

/* Bytes of the space or control character that ends s, or 0. */
size_t
md_blank_before(const char *s, size_t len)
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

/* Printable ASCII that needs_escape never escapes: copied a run at a
 * time, as most text is. */
static size_t
plain_run(const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] >= 0x20 && s[i] < 0x7f; i++)
		switch (s[i]) {
		case '\\': case '`': case '*': case '~': case '[': case ']':
		case '<': case '|': case '_': case '&': case ':': case '.':
		case '#':
			return i;
		}
	return i;
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
		/* up to the block marker, which is escaped below */
		n = plain_run(s + i, (mark > i ? mark - 1 : len) - i);
		if (n > 0) {
			ilog_buf_add(out, s + i, n);
			i += n;
			continue;
		}
		if (s[i] >= 0x80) {
			n = ilog_utf8_len(str + i, len - i);
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

	while ((n = md_blank_at(s, len)) > 0)
		s += n, len -= n;
	while ((n = md_blank_before(s, len)) > 0)
		len -= n;
	escape_run(out, s, len, 0);
}

/* Leading blanks as no-break spaces: four spaces must not make code. */
static size_t
line_indent(struct ilog_buf *out, const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; (n = md_blank_at(s + i, len - i)) > 0; i += n) {
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

	if (md_blank_at(s, len) > 0)
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
		while ((trail = md_blank_before(s, n)) > 0)
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
void
md_when(struct ilog_buf *out, const struct ilog_when *w)
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

void
md_text_inline(struct ilog_buf *out, const struct ilog_node *map, const char *key)
{
	const struct ilog_node *v = ilog_node_get(map, key);

	if (v && v->kind == ILOG_SCALAR)
		ilog_md_inline(out, v->str, v->len);
}

void
md_list_inline(struct ilog_buf *out, const struct ilog_node *seq)
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

void
md_day_of(const struct ilog_when *w, char out[11])
{
	char s[32];

	ilog_when_format(w, s);
	snprintf(out, 11, "%.10s", s);
}


/* 2.3 MB, 410 kB, 512 bytes; with exact, the bytes too, as the record
 * gives them. */
void
md_size(struct ilog_buf *out, const char *digits, int exact)
{
	double n = digits ? strtod(digits, NULL) : 0;
	static const struct { double at; const char *unit; } units[] = {
		{ 1e9, "GB" }, { 1e6, "MB" }, { 1e3, "kB" },
	};
	size_t i;

	if (!digits || strspn(digits, "0123456789") != strlen(digits) ||
	    !*digits)
		return;
	for (i = 0; i < 3 && n < units[i].at; i++)
		;
	if (i == 3) {
		ilog_buf_printf(out, "%s" NBSP "byte%s", digits, n == 1 ? "" :
		    "s");
		return;
	}
	ilog_buf_printf(out, "%.1f" NBSP "%s", n / units[i].at, units[i].unit);
	if (exact)
		ilog_buf_printf(out, " (%s bytes)", digits);
}

/* A digest in a table cell: monospace, in four groups of 16 that a
 * narrow column breaks between, never inside (what sha256sum prints is
 * the same without the spaces); anything else as text. */
void
md_hash(struct ilog_buf *out, const char *hex)
{
	if (hex && strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64)
		ilog_buf_printf(out, "`%.16s %.16s %.16s %.16s`", hex, hex + 16,
		    hex + 32, hex + 48);
	else if (hex)
		ilog_md_inline(out, hex, strlen(hex));
}

/* An incident counts (in totals, lists and charts) unless withdrawn. */
int
md_counted(const struct ilog_incident *inc)
{
	return inc->withdrawn == NULL;
}

size_t
md_count_counted(struct ilog_incident *const *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += md_counted(v[i]);
	return k;
}

int
md_has_behaviour(const struct ilog_incident *inc, const char *b)
{
	return ilog_seq_has(ilog_node_get(inc->cur, "behaviour"), b);
}

/* Past 64 KiB, what the report holds goes to its sink, if it has one. */
void
md_spill(struct ilog_buf *out, const struct md_report *r)
{
	struct ilog_md_sink *sink = r->o->sink;

	if (!sink || out->len < 65536)
		return;
	if (ilog_buf_flush(out, sink->fd) < 0 && !sink->failed)
		sink->failed = errno ? errno : EIO;
	out->len = 0;
}
