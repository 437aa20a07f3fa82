/* import-whatsapp.c: WhatsApp's "Export chat" text, Android and iOS, any
 * date order, 24- and 12-hour clocks */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"

#define LRM "\xe2\x80\x8e"	/* U+200E, before iOS lines and attachments */
#define NNBSP "\xe2\x80\xaf"	/* U+202F, before AM/PM in US exports */
#define NBSP "\xc2\xa0"
#define BOM "\xef\xbb\xbf"
#define E2E "Messages and calls are end-to-end encrypted"

/* A timestamp as written: which of a and b is the day is settled later. */
struct stamp {
	int a, b, year, hour, min, sec, pm;	/* pm: 0 none, 1 AM, 2 PM */
	const char *rest;	/* after the timestamp and its separator */
};

static int
digits(const char **p, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n >= min ? 0 : -1;
}

static int
skip(const char **p, const char *s)
{
	size_t n = strlen(s);

	if (strncmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

static void
skip_spaces(const char **p)
{
	while (skip(p, " ") || skip(p, NNBSP) || skip(p, NBSP))
		;
}

static int
meridiem(const char **p)
{
	const char *q = *p;
	int pm;

	skip_spaces(&q);
	if (*q == 'a' || *q == 'A')
		pm = 1;
	else if (*q == 'p' || *q == 'P')
		pm = 2;
	else
		return 0;
	q++;
	skip(&q, ".");
	if (*q != 'm' && *q != 'M')
		return 0;
	q++;
	skip(&q, ".");
	*p = q;
	return pm;
}

static int
parse_date(const char **p, struct stamp *st)
{
	int ylen;
	const char *y;
	char sep;

	if (digits(p, 1, 2, &st->a) < 0)
		return -1;
	sep = **p;
	if (sep != '/' && sep != '.' && sep != '-')
		return -1;
	(*p)++;
	if (digits(p, 1, 2, &st->b) < 0 || **p != sep)
		return -1;
	(*p)++;
	y = *p;
	if (digits(p, 2, 4, &st->year) < 0)
		return -1;
	ylen = (int)(*p - y);
	if (ylen == 3)
		return -1;
	if (ylen == 2)
		st->year += 2000;
	skip(p, ".");
	skip(p, ",");
	skip_spaces(p);
	return 0;
}

static int
parse_clock(const char **p, struct stamp *st)
{
	st->sec = 0;
	if (digits(p, 1, 2, &st->hour) < 0 || !skip(p, ":") ||
	    digits(p, 2, 2, &st->min) < 0)
		return -1;
	if (skip(p, ":") && digits(p, 2, 2, &st->sec) < 0)
		return -1;
	st->pm = meridiem(p);
	if (st->pm && (st->hour < 1 || st->hour > 12))
		return -1;
	if (st->pm)
		st->hour = st->hour % 12 + (st->pm == 2 ? 12 : 0);
	return st->hour > 23 || st->min > 59 || st->sec > 59 ? -1 : 0;
}

/* "[d/m/y, H:MM:SS] " (iOS) or "d/m/y, H:MM - " (Android). */
static int
parse_stamp(const char *line, struct stamp *st)
{
	const char *p = line;
	int bracket;

	skip(&p, LRM);
	bracket = skip(&p, "[");
	if (parse_date(&p, st) < 0 || parse_clock(&p, st) < 0)
		return -1;
	if (bracket ? !skip(&p, "]") : (skip_spaces(&p), !skip(&p, "-") &&
	    !skip(&p, "\xe2\x80\x93")))
		return -1;
	skip_spaces(&p);
	st->rest = p;
	return 0;
}

/* A chat: one of its first lines starts with a timestamp. */
int
ilog_import_whatsapp_like(const char *buf, size_t len)
{
	struct stamp st;
	char line[256];
	size_t n;
	int lines;

	if (len >= 3 && memcmp(buf, BOM, 3) == 0) {
		buf += 3;
		len -= 3;
	}
	for (lines = 0; lines < 8 && len > 0; lines++) {
		for (n = 0; n < len && buf[n] != '\n'; n++)
			;
		memcpy(line, buf, n < sizeof line ? n : sizeof line - 1);
		line[n < sizeof line ? n : sizeof line - 1] = '\0';
		if (parse_stamp(line, &st) == 0)
			return 1;
		buf += n < len ? n + 1 : n;
		len -= n < len ? n + 1 : n;
	}
	return 0;
}

struct chat {
	struct ilog_import_list *l;
	struct stamp *stamps;	/* one per message of l */
	size_t cap;
	struct ilog_buf text;	/* of the message being read */
	int open;		/* a message is being read (not a system line) */
};

static void
message_end(struct chat *c)
{
	struct ilog_import_msg *m;

	if (!c->open)
		return;
	m = &c->l->v[c->l->n - 1];
	m->len = c->text.len;
	m->text = ilog_xstrndup(c->text.s ? c->text.s : "", c->text.len);
	ilog_buf_free(&c->text);
	c->open = 0;
}

static void
message_start(struct chat *c, const struct stamp *st, size_t line)
{
	const char *colon = strstr(st->rest, ": ");
	struct ilog_import_msg *m;
	const char *text;

	if (!colon)
		return;	/* no author: a system line */
	text = colon + 2;
	if (skip(&text, LRM) && strncmp(text, E2E, strlen(E2E)) == 0) {
		/* iOS names the chat as the author of its first notice */
		free(c->l->party);
		c->l->party = ilog_xstrndup(st->rest, (size_t)(colon - st->rest));
		return;
	}
	if (c->l->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->stamps = ilog_xrealloc(c->stamps, c->cap * sizeof *c->stamps);
	}
	c->stamps[c->l->n] = *st;
	m = ilog_import_push(c->l);
	m->kind = ILOG_IMPORT_WHATSAPP;
	m->line = line;
	m->sender = ilog_xstrndup(st->rest, (size_t)(colon - st->rest));
	ilog_buf_adds(&c->text, colon + 2);
	c->open = 1;
}

/* Day first or month first: a field over 12 settles it. */
static int
date_order(const struct chat *c, int order, struct ilog_err *e)
{
	int dmy = 0, mdy = 0;
	size_t i;

	for (i = 0; i < c->l->n; i++) {
		dmy |= c->stamps[i].a > 12;
		mdy |= c->stamps[i].b > 12;
	}
	if (dmy && mdy)
		return ilog_err_set(e, "its dates are written both day first "
		    "and month first"), -1;
	if ((dmy && order == 'm') || (mdy && order == 'd'))
		return ilog_err_set(e, "its dates are not in the order "
		    "--date-order gives"), -1;
	if (order)
		return order;
	if (dmy || mdy)
		return dmy ? 'd' : 'm';
	if (c->l->n == 0)
		return 'd';
	return ilog_err_set(e, "cannot tell whether its dates are day/month "
	    "or month/day: give --date-order dmy or mdy"), -1;
}

/* The phone's local time, in TZ: the clocks changing are honoured. */
static int
resolve_times(struct chat *c, int order, struct ilog_err *e)
{
	struct stamp *st;
	char civil[32];
	size_t i;

	if ((order = date_order(c, order, e)) < 0)
		return -1;
	for (i = 0; i < c->l->n; i++) {
		st = &c->stamps[i];
		snprintf(civil, sizeof civil, "%04d-%02d-%02d %02d:%02d:%02d",
		    st->year, order == 'd' ? st->b : st->a,
		    order == 'd' ? st->a : st->b, st->hour, st->min, st->sec);
		if (ilog_when_parse(civil, 0, &c->l->v[i].when, NULL) < 0)
			return ilog_err_set(e, "line %zu: not a date", c->l->v[i].line),
			    -1;
	}
	return 0;
}

/* order: 0 to work it out, 'd' day first, 'm' month first. */
int
ilog_import_whatsapp_parse(const char *buf, size_t len, int order,
    struct ilog_import_list *l, struct ilog_err *e)
{
	struct chat c = { .l = l };
	struct stamp st;
	const char *p = buf, *end = buf + len, *nl;
	char *line;
	size_t n, lineno = 0;
	int rc;

	if (len >= 3 && memcmp(buf, BOM, 3) == 0)
		p += 3;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		line = ilog_xstrndup(p, n);
		lineno++;
		if (memchr(p, '\0', n) == NULL && parse_stamp(line, &st) == 0) {
			message_end(&c);
			message_start(&c, &st, lineno);
		} else if (c.open) {
			ilog_buf_addc(&c.text, '\n');
			ilog_buf_add(&c.text, p, n);
		}
		ilog_free_str(line);
	}
	message_end(&c);
	rc = resolve_times(&c, order, e);
	free(c.stamps);
	return rc;
}
