/* when.c: dates as people type them in, RFC 3339 out */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ilog.h"

#define DAY_SECS 86400LL
#define OFFSET_MAX (18 * 3600)

/* A wall-clock reading: a date and a time of day, in no particular zone. */
struct civil {
	int year, mon, day;
	int hour, min, sec;
};

static const char hint[] =
	"expected e.g. 2026-11-27, 2026-11-27 21:40, yesterday 18:00 or -2h";
static const char range[] =
	"records keep the years 0000 to 9999, and in UTC it is outside them";

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Proleptic Gregorian day numbers, day 0 = 1970-01-01 (H. Hinnant). */
long long
ilog_days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, struct civil *c)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->day = doy - (153 * mp + 2) / 5 + 1;
	c->mon = mp < 10 ? mp + 3 : mp - 9;
	c->year = yoe + era * 400 + (c->mon <= 2);
}

void
ilog_civil_from_days(long long z, int *y, int *m, int *d)
{
	struct civil c;

	civil_from_days(z, &c);
	*y = c.year;
	*m = c.mon;
	*d = c.day;
}

static long long
secs_from_civil(const struct civil *c)
{
	return ilog_days_from_civil(c->year, c->mon, c->day) * DAY_SECS +
	    c->hour * 3600 + c->min * 60 + c->sec;
}

static void
civil_from_secs(long long s, struct civil *c)
{
	long long days, rem;

	days = s / DAY_SECS - (s % DAY_SECS < 0);
	rem = s - days * DAY_SECS;
	civil_from_days(days, c);
	c->hour = rem / 3600;
	c->min = rem / 60 % 60;
	c->sec = rem % 60;
}

/* RFC 3339 writes four-digit years, so nothing outside them is accepted. */
static int
year_ok(long long secs)
{
	struct civil c;

	civil_from_secs(secs, &c);
	return c.year >= 0 && c.year <= 9999;
}

static int
offset_at(long long t, int *off)
{
	time_t tt = t;
	struct tm tm;

	if ((long long)tt != t || !localtime_r(&tt, &tm))
		return -1;
	*off = tm.tm_gmtoff;
	return 0;
}

static int
wall_clock(time_t t, struct civil *c)
{
	int off;

	if (offset_at(t, &off))
		return -1;
	civil_from_secs((long long)t + off, c);
	return 0;
}

/*
 * A wall-clock time names no instant, or two, around a change of clocks.
 * Read it with the offset in force before the change, as RFC 5545 and
 * Python's zoneinfo do: a repeated hour means its first pass, a skipped
 * one lands as far past the change as it was typed past it.  The zone is
 * asked directly rather than through mktime, whose choice is unspecified.
 */
static int
resolve_local(const struct civil *c, long long *t, int *off)
{
	long long u, early, late;
	int before, after, early_ok, late_ok;

	if (c->year < 0 || c->year > 9999)
		return -1;
	u = secs_from_civil(c);
	if (offset_at(u - DAY_SECS, &before) || offset_at(u + DAY_SECS, &after))
		return -1;
	early = u - before;
	late = u - after;
	if (offset_at(early, off))
		return -1;
	early_ok = *off == before;
	if (offset_at(late, off))
		return -1;
	late_ok = *off == after;
	if (late_ok && (!early_ok || late < early))
		*t = late;
	else
		*t = early;
	return offset_at(*t, off);
}

/* The offset ilog_when_format writes: RFC 3339 offsets have no seconds,
 * so a zone's old local mean time (Chatham's +12:13:48) is written in UTC. */
static int
format_offset(int off)
{
	return off % 60 != 0 || off > OFFSET_MAX || off < -OFFSET_MAX ? 0 : off;
}

/* -2: the time would be written outside four-digit years, where the
 * stored reader could not read it back (0000-01-01 at +12:13:48 is year
 * -1 in UTC). */
static int
set_when(struct ilog_when *w, long long t, int off, int date_only)
{
	if ((long long)(time_t)t != t)
		return -1;
	if (!year_ok(t + format_offset(off)))
		return -2;
	w->t = t;
	w->offset = off;
	w->date_only = date_only;
	return 0;
}

static int
set_local(struct ilog_when *w, const struct civil *c, int date_only)
{
	long long t;
	int off;

	if (resolve_local(c, &t, &off))
		return -1;
	return set_when(w, t, off, date_only);
}

static int
set_instant(struct ilog_when *w, long long t)
{
	int off;

	if (!year_ok(t))
		return -2;
	if (offset_at(t, &off))
		return -1;
	return set_when(w, t, off, 0);
}

/* Exactly n ASCII digits; the NUL ends a short read. */
static int
read_num(const char **p, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
eat(const char **p, char ch)
{
	if (**p != ch)
		return -1;
	(*p)++;
	return 0;
}

static int
parse_date(const char **p, struct civil *c)
{
	if (read_num(p, 4, &c->year) || eat(p, '-') ||
	    read_num(p, 2, &c->mon) || eat(p, '-') ||
	    read_num(p, 2, &c->day))
		return -1;
	if (c->mon < 1 || c->mon > 12 || c->day < 1 ||
	    c->day > month_days(c->year, c->mon))
		return -1;
	return 0;
}

/*
 * HH:MM[:SS[.fraction]]; records keep whole seconds, so a fraction is
 * dropped.  POSIX time has no leap second: 23:59:60 (RFC 3339 allows it
 * at the end of a UTC minute 23:59) is read as the second before.
 */
static int
parse_clock(const char **p, struct civil *c, int *leap)
{
	*leap = 0;
	c->sec = 0;
	if (read_num(p, 2, &c->hour) || eat(p, ':') || read_num(p, 2, &c->min))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (read_num(p, 2, &c->sec))
			return -1;
		if (**p == '.' || **p == ',') {
			(*p)++;
			if (!is_digit(**p))
				return -1;
			while (is_digit(**p))
				(*p)++;
		}
	}
	if (c->sec == 60 && c->min == 59) {
		c->sec = 59;
		*leap = 1;
	}
	return c->hour > 23 || c->min > 59 || c->sec > 59 ? -1 : 0;
}

/* Z, or +HH:MM, +HHMM, +HH (and the same with -). */
static int
parse_zone(const char **p, int *off)
{
	int sign, h, m = 0;

	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*off = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (read_num(p, 2, &h))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (read_num(p, 2, &m))
			return -1;
	} else if (is_digit(**p) && read_num(p, 2, &m))
		return -1;
	if (m > 59 || h * 3600 + m * 60 > OFFSET_MAX)
		return -1;
	*off = sign * (h * 3600 + m * 60);
	return 0;
}

static int
parse_absolute(const char *s, struct ilog_when *w)
{
	struct civil c;
	int off, leap;

	if (parse_date(&s, &c))
		return -1;
	c.hour = c.min = c.sec = 0;
	if (*s == '\0')
		return set_local(w, &c, 1);
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (parse_clock(&s, &c, &leap))
		return -1;
	if (*s == '\0')
		return set_local(w, &c, 0);
	if (parse_zone(&s, &off) || *s != '\0')
		return -1;
	return set_when(w, secs_from_civil(&c) - off, off, 0);
}

static int
keyword(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(*s, word, n) != 0)
		return 0;
	*s += n;
	return 1;
}

/* now, today, yesterday; each optionally with a time of day. */
static int
parse_keyword(const char *s, time_t now, struct ilog_when *w)
{
	struct civil c;
	long long days_back;
	int is_now, leap;

	is_now = keyword(&s, "now");
	if (is_now || keyword(&s, "today"))
		days_back = 0;
	else if (keyword(&s, "yesterday"))
		days_back = 1;
	else
		return -1;
	if (wall_clock(now, &c))
		return -1;
	civil_from_days(ilog_days_from_civil(c.year, c.mon, c.day) - days_back,
	    &c);
	if (*s == '\0') {
		if (is_now)
			return set_instant(w, now);
		c.hour = c.min = c.sec = 0;
		return set_local(w, &c, 1);
	}
	if (*s != ' ' && *s != '\t')
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (parse_clock(&s, &c, &leap) || *s != '\0')
		return -1;
	return set_local(w, &c, 0);
}

/*
 * -Ns, -Nm, -Nh go back exactly that long; -Nd and -Nw go back calendar
 * days and keep the clock time, as "three days ago" means across a change
 * of clocks.
 */
static int
parse_relative(const char *s, time_t now, struct ilog_when *w)
{
	struct civil c;
	long long n = 0;
	int digits;

	for (digits = 0; digits < 9 && is_digit(*s); digits++, s++)
		n = n * 10 + (*s - '0');
	if (digits == 0 || s[0] == '\0' || s[1] != '\0')
		return -1;
	switch (*s) {
	case 's':
		return set_instant(w, (long long)now - n);
	case 'm':
		return set_instant(w, (long long)now - n * 60);
	case 'h':
		return set_instant(w, (long long)now - n * 3600);
	case 'w':
		n *= 7;
		/* FALLTHROUGH */
	case 'd':
		if (wall_clock(now, &c))
			return -1;
		civil_from_days(ilog_days_from_civil(c.year, c.mon, c.day) - n, &c);
		return set_local(w, &c, 0);
	}
	return -1;
}

/* The value as typed, on one line, short enough for a terminal, and why. */
static void
bad_date(const char *s, const char *why, struct ilog_err *e)
{
	char shown[ILOG_SHOWN_SIZE];

	ilog_err_set(e, "bad date '%s': %s", ilog_shown(s, shown), why);
}

int
ilog_when_parse(const char *s, time_t now, struct ilog_when *w,
	struct ilog_err *e)
{
	struct ilog_when r;
	int rc;

	if (!s)
		s = "";
	if (s[0] == '-')
		rc = parse_relative(s + 1, now, &r);
	else if (is_digit(s[0]))
		rc = parse_absolute(s, &r);
	else
		rc = parse_keyword(s, now, &r);
	if (rc != 0) {
		bad_date(s, rc == -2 ? range : hint, e);
		return -1;
	}
	*w = r;
	return 0;
}

int
ilog_when_absolute(const char *s)
{
	return s && is_digit(s[0]);
}

/* Z, or +HH:MM and -HH:MM, as RFC 3339 writes them. */
static int
parse_offset_strict(const char **p, int *off)
{
	const char *s = *p;

	if (*s == 'Z' || *s == 'z')
		return parse_zone(p, off);
	if ((*s != '+' && *s != '-') || !is_digit(s[1]) || !is_digit(s[2]) ||
	    s[3] != ':' || !is_digit(s[4]) || !is_digit(s[5]))
		return -1;
	return parse_zone(p, off);
}

/*
 * A time as a record stores it: RFC 3339 with seconds and an offset.  The
 * friendly forms read differently on each day and in each zone, so one
 * record would name several instants.
 */
int
ilog_when_parse_stored(const char *s, struct ilog_when *w, struct ilog_err *e)
{
	const char *p = s, *clock;
	struct ilog_when r;
	struct civil c;
	int off, leap;
	long long minute;

	if (!s || parse_date(&p, &c) || (*p != 'T' && *p != 't'))
		goto bad;
	clock = ++p;
	if (parse_clock(&p, &c, &leap) || p - clock < 8 ||
	    parse_offset_strict(&p, &off) || *p != '\0')
		goto bad;
	minute = ((c.hour * 60LL + c.min - off / 60) % 1440 + 1440) % 1440;
	if ((leap && minute != 1439) ||
	    set_when(&r, secs_from_civil(&c) - off, off, 0) < 0)
		goto bad;
	*w = r;
	return 0;
bad:
	ilog_err_set(e, "not an RFC 3339 time with an offset "
	    "(such as 2026-11-27T21:40:00+00:00)");
	return -1;
}

void
ilog_when_format(const struct ilog_when *w, char out[32])
{
	struct civil c;
	int off = w->offset, a;

	off = format_offset(off);	/* the instant stays exact */
	civil_from_secs((long long)w->t + off, &c);
	a = off < 0 ? -off : off;
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    c.year, c.mon, c.day, c.hour, c.min, c.sec,
	    off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

void
ilog_when_format_utc(time_t t, char out[32])
{
	struct civil c;

	civil_from_secs(t, &c);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    c.year, c.mon, c.day, c.hour, c.min, c.sec);
}
