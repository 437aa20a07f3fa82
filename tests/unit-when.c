/* unit-when.c: dates typed in, RFC 3339 out; prints TAP */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilog.h"
#include "tap.h"

#define HINT "expected e.g. 2026-11-27, 2026-11-27 21:40, yesterday 18:00 or -2h"

/* IN, read at NOW, is the instant and offset WANT; DAY: it named a day. */
static void
parses(const char *in, time_t now, const char *want, int day)
{
	struct ilog_when w = {0};
	struct ilog_err e = {""};
	char got[32] = "";
	int rc;

	rc = ilog_when_parse(in, now, &w, &e);
	if (rc == 0)
		ilog_when_format(&w, got);
	if (!ok(rc == 0 && strcmp(got, want) == 0 && w.date_only == day,
	    "%s: '%s' is %s%s", getenv("TZ"), in, want,
	    day ? " (whole day)" : ""))
		printf("# got rc %d, '%s', date_only %d, error '%s'\n",
		    rc, got, w.date_only, e.msg);
}

/* IN is refused with the one-line message naming it; W is left alone. */
static void
rejects(const char *in, const char *why)
{
	struct ilog_when w = {12345, 678, 9};
	struct ilog_err e = {""};
	char want[600];
	int rc;

	snprintf(want, sizeof want, "bad date '%s': " HINT, in);
	rc = ilog_when_parse(in, utc(2026, 11, 28, 14, 53, 12), &w, &e);
	if (!ok(rc == -1 && strcmp(e.msg, want) == 0 && w.t == 12345 &&
	    w.offset == 678 && w.date_only == 9, "rejects %s: '%s'", why, in))
		printf("# got rc %d, error '%s'\n", rc, e.msg);
}

static void
round_trips(const char *in)
{
	struct ilog_when w;
	struct ilog_err e = {""};
	char got[32] = "";

	if (ilog_when_parse(in, 0, &w, &e) == 0)
		ilog_when_format(&w, got);
	if (!ok(strcmp(got, in) == 0, "round trip %s", in))
		printf("# got '%s' %s\n", got, e.msg);
}

static void
test_london(void)
{
	time_t nov = utc(2026, 11, 28, 14, 53, 12);
	time_t jul = utc(2026, 7, 15, 12, 0, 0);

	zone("Europe/London");
	parses("2026-11-27", nov, "2026-11-27T00:00:00+00:00", 1);
	parses("2026-11-27 21:40", nov, "2026-11-27T21:40:00+00:00", 0);
	parses("2026-11-27 21:40:05", nov, "2026-11-27T21:40:05+00:00", 0);
	parses("2026-11-27T21:40", nov, "2026-11-27T21:40:00+00:00", 0);
	parses("2026-11-27T21:40:00Z", nov, "2026-11-27T21:40:00+00:00", 0);
	parses("2026-11-27t21:40:00z", nov, "2026-11-27T21:40:00+00:00", 0);
	parses("2026-11-27T21:40+01:00", nov, "2026-11-27T21:40:00+01:00", 0);
	parses("2026-11-27T21:40:00.123+0100", nov,
	    "2026-11-27T21:40:00+01:00", 0);
	parses("2026-11-27T21:40-05:00", nov, "2026-11-27T21:40:00-05:00", 0);
	parses("2026-07-14 21:40", nov, "2026-07-14T21:40:00+01:00", 0);
	parses("2026-07-14", nov, "2026-07-14T00:00:00+01:00", 1);
	parses("2028-02-29", nov, "2028-02-29T00:00:00+00:00", 1);

	parses("now", nov, "2026-11-28T14:53:12+00:00", 0);
	parses("now", jul, "2026-07-15T13:00:00+01:00", 0);
	parses("today", nov, "2026-11-28T00:00:00+00:00", 1);
	parses("today 09:15", nov, "2026-11-28T09:15:00+00:00", 0);
	parses("yesterday", nov, "2026-11-27T00:00:00+00:00", 1);
	parses("yesterday 18:00", nov, "2026-11-27T18:00:00+00:00", 0);
	parses("Yesterday 18:00", jul, "2026-07-14T18:00:00+01:00", 0);
	/* 23:30 UTC is already tomorrow in London in summer */
	parses("today", utc(2026, 7, 15, 23, 30, 0),
	    "2026-07-16T00:00:00+01:00", 1);
	/* yesterday of 1 March in a leap year */
	parses("yesterday", utc(2028, 3, 1, 12, 0, 0),
	    "2028-02-29T00:00:00+00:00", 1);

	parses("-45s", nov, "2026-11-28T14:52:27+00:00", 0);
	parses("-30m", nov, "2026-11-28T14:23:12+00:00", 0);
	parses("-2h", nov, "2026-11-28T12:53:12+00:00", 0);
	parses("-3d", nov, "2026-11-25T14:53:12+00:00", 0);
	parses("-1w", nov, "2026-11-21T14:53:12+00:00", 0);
}

static void
test_utc_and_new_york(void)
{
	time_t nov = utc(2026, 11, 28, 14, 53, 12);

	zone("UTC");
	parses("2026-07-14 21:40", nov, "2026-07-14T21:40:00+00:00", 0);
	parses("yesterday", nov, "2026-11-27T00:00:00+00:00", 1);

	zone("America/New_York");
	parses("2026-11-27 21:40", nov, "2026-11-27T21:40:00-05:00", 0);
	parses("2026-07-04 12:00", nov, "2026-07-04T12:00:00-04:00", 0);
	parses("now", nov, "2026-11-28T09:53:12-05:00", 0);
	parses("yesterday 23:30", nov, "2026-11-27T23:30:00-05:00", 0);
	/* 03:00 UTC is still the evening before in New York */
	parses("today", utc(2026, 11, 28, 3, 0, 0),
	    "2026-11-27T00:00:00-05:00", 1);
	parses("2026-11-27T21:40:00Z", nov, "2026-11-27T21:40:00+00:00", 0);
}

static void
test_clock_changes(void)
{
	zone("Europe/London");
	/* 01:00-02:00 does not exist on 29 March 2026 */
	parses("2026-03-29 01:30", 0, "2026-03-29T02:30:00+01:00", 0);
	/* 01:00-02:00 happens twice on 25 October 2026: take the first */
	parses("2026-10-25 01:30", 0, "2026-10-25T01:30:00+01:00", 0);
	parses("2026-10-25 02:30", 0, "2026-10-25T02:30:00+00:00", 0);
	/* hours are hours: 2h before 01:30 GMT is 00:30 BST */
	parses("-2h", utc(2026, 10, 25, 1, 30, 0),
	    "2026-10-25T00:30:00+01:00", 0);
	/* days are calendar days: 3 days before 13:00 BST is 13:00 GMT */
	parses("-3d", utc(2026, 3, 31, 12, 0, 0),
	    "2026-03-28T13:00:00+00:00", 0);

	zone("America/New_York");
	parses("2026-03-08 02:30", 0, "2026-03-08T03:30:00-04:00", 0);
	parses("2026-11-01 01:30", 0, "2026-11-01T01:30:00-04:00", 0);
}

static void
test_errors(void)
{
	struct ilog_when w;
	struct ilog_err e = {""};
	char in[300];

	zone("Europe/London");
	rejects("", "an empty value");
	rejects("2026-13-01", "month 13");
	rejects("2026-11-32", "day 32");
	rejects("2026-02-30", "30 February");
	rejects("2027-02-29", "29 February outside a leap year");
	rejects("2026-11-27 24:00", "hour 24");
	rejects("2026-11-27 21:60", "minute 60");
	rejects("2026-11-27T21:40+18:30", "an offset beyond 18:00");
	rejects("2026-11-27x", "trailing garbage");
	rejects("2026-11-27 21:40 ", "a trailing space");
	rejects("2026-11-27T", "a T with no time");
	rejects("2026-11-27T21:40:00.", "a fraction with no digits");
	rejects("26-11-27", "a two-digit year");
	rejects("27/11/2026", "a slashed date");
	rejects("tomorrow", "an unknown word");
	rejects("yesterday 25:00", "a bad time after a word");
	rejects("-2x", "an unknown unit");
	rejects("-h", "a unit with no number");

	memset(in, 'x', sizeof in - 1);
	in[sizeof in - 1] = '\0';
	in[10] = '\n';
	ilog_when_parse(in, 0, &w, &e);
	ok(strchr(e.msg, '\n') == NULL && strlen(e.msg) < 200 &&
	    strncmp(e.msg, "bad date 'xxxxxxxxxx\\x0axxx", 27) == 0 &&
	    strstr(e.msg, "...': " HINT) != NULL,
	    "a long value with a newline is cut, on one line");
	parses("2026-11-27T21:40+18:00", 0, "2026-11-27T21:40:00+18:00", 0);
}

static void
test_format(void)
{
	struct ilog_when w = {0, 0, 0};
	char out[32];

	round_trips("2026-11-27T21:40:00+01:00");
	round_trips("2026-11-27T21:40:05-05:00");
	round_trips("2026-11-27T21:40:00+00:00");
	round_trips("2026-07-14T06:15:59+05:45");
	round_trips("1999-12-31T23:59:59-09:30");
	round_trips("2028-02-29T00:00:00+14:00");

	ilog_when_format(&w, out);
	ok(strcmp(out, "1970-01-01T00:00:00+00:00") == 0,
	    "offset 0 is written +00:00");
	ilog_when_format_utc(utc(2026, 11, 28, 14, 53, 12), out);
	ok(strcmp(out, "2026-11-28T14:53:12Z") == 0, "UTC form %s", out);
	ilog_when_format_utc(-1, out);
	ok(strcmp(out, "1969-12-31T23:59:59Z") == 0,
	    "UTC form before 1970 %s", out);
}

/* A stored time IN reads as WANT, in every zone; NULL: it is refused. */
static void
stored(const char *in, const char *want)
{
	static const char *const zones[] = { "Europe/London",
	    "America/New_York", "Pacific/Kiritimati", NULL };
	struct ilog_when w = { 12345, 678, 9 };
	struct ilog_err e = { "" };
	char got[32] = "";
	size_t i;
	int rc, same = 1;

	for (i = 0; zones[i]; i++) {
		zone(zones[i]);
		rc = ilog_when_parse_stored(in, &w, &e);
		if (rc == 0)
			ilog_when_format(&w, got);
		same &= want ? rc == 0 && strcmp(got, want) == 0 :
		    rc == -1 && w.t == 12345 && strstr(e.msg, "RFC 3339");
	}
	if (!ok(same, "stored '%s' %s %s", in, want ? "reads as" : "is refused",
	    want ? want : ""))
		printf("# got '%s', error '%s'\n", got, e.msg);
}

static void
test_stored(void)
{
	stored("2026-11-27T21:40:00+00:00", "2026-11-27T21:40:00+00:00");
	stored("2026-11-27T21:40:00Z", "2026-11-27T21:40:00+00:00");
	stored("2026-11-27t21:40:00.250z", "2026-11-27T21:40:00+00:00");
	stored("2026-07-14T06:15:59+05:45", "2026-07-14T06:15:59+05:45");
	stored("2016-12-31T23:59:60Z", "2016-12-31T23:59:59+00:00");
	stored("2016-12-31T18:59:60-05:00", "2016-12-31T18:59:59-05:00");
	stored("9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59-12:00");
	stored("0000-01-01T00:00:00+14:00", "0000-01-01T00:00:00+14:00");
	stored("yesterday", NULL);
	stored("now", NULL);
	stored("-2h", NULL);
	stored("2026-11-27", NULL);
	stored("2026-11-27 21:40", NULL);
	stored("2026-11-27T21:40", NULL);
	stored("2026-11-27T21:40:00", NULL);
	stored("2026-11-27 21:40:00Z", NULL);
	stored("2026-11-27T21:40:00+0100", NULL);
	stored("2026-11-27T21:40:00+01", NULL);
	stored("2026-11-27T21:40:00+01:00 ", NULL);
	stored("2026-11-27T21:40:60Z", NULL);
	stored("2026-11-27T23:59:60+01:00", NULL);
	stored("2026-02-30T10:00:00Z", NULL);
	stored("", NULL);
	zone("Europe/London");
	parses("2016-12-31T23:59:60Z", 0, "2016-12-31T23:59:59+00:00", 0);
	parses("9999-12-31T23:59:59-12:00", 0, "9999-12-31T23:59:59-12:00", 0);
}

/* What the friendly reader takes, records store and read back: in a zone
 * whose old local mean time has seconds (Chatham's +12:13:48), written in
 * UTC, year 0 would be year -1, so it is refused, naming the value. */
static void
test_year_zero(void)
{
	static const char *const days[] = { "0000-01-01", "0000-01-01 12:13",
	    "0000-01-01T00:00:00", NULL };
	struct ilog_when w, back;
	struct ilog_err e = { "" };
	char out[32], want[200];
	size_t i;

	zone("Pacific/Chatham");
	for (i = 0; days[i]; i++) {
		snprintf(want, sizeof want, "bad date '%s': records keep the "
		    "years 0000 to 9999, and in UTC it is outside them", days[i]);
		if (!ok(ilog_when_parse(days[i], 0, &w, &e) == -1 &&
		    strcmp(e.msg, want) == 0, "Chatham: '%s' is refused", days[i]))
			printf("# got '%s'\n", e.msg);
	}
	parses("0000-01-01 12:14", 0, "0000-01-01T00:00:12+00:00", 0);
	parses("0000-01-01T00:00:00+12:45", 0, "0000-01-01T00:00:00+12:45", 0);
	ok(ilog_when_parse("0000-01-02", 0, &w, &e) == 0, "Chatham: 0000-01-02");
	ilog_when_format(&w, out);
	ok(ilog_when_parse_stored(out, &back, &e) == 0 && back.t == w.t,
	    "... is stored as %s, which reads back", out);
	zone("Europe/London");
}

int
main(void)
{
	test_london();
	test_utc_and_new_york();
	test_clock_changes();
	test_errors();
	test_format();
	test_stored();
	test_year_zero();
	return done_testing();
}
