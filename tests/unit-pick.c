/* unit-pick.c: the filters of ilog-pick on incidents built by hand;
 * prints TAP */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilog.h"
#include "tap.h"

/* An incident whose current state is TEXT; aborts when the test is broken. */
static struct ilog_incident
incident(const char *text)
{
	struct ilog_incident inc = { 0 };
	struct ilog_node **docs;
	struct ilog_err e;
	size_t n;

	if (ilog_yaml_parse(text, strlen(text), &docs, &n, &e) < 0 || n != 1 ||
	    ilog_record_time(docs[0], "occurred", &inc.occurred) < 0) {
		printf("Bail out! test incident does not parse: %s\n", e.msg);
		exit(2);
	}
	inc.cur = docs[0];
	free(docs);
	return inc;
}

#define NINC 3
static struct ilog_incident incs[NINC];
static const char *const names[NINC] = { "A", "B", "C" };

static void
incidents_make(void)
{
	incs[0] = incident(
	    "occurred: 2026-11-27T21:40:00+00:00\n"
	    "summary: Grey car parked opposite\n"
	    "behaviour: [watching, loitering]\n"
	    "tags: [car, night]\n"
	    "location: Elm Street\n"
	    "details: |\n  first line\n  second line\n"
	    "suspect: {name: Mark SMITH, clothing: dark hoodie}\n"
	    "vehicle: {make: Vauxhall, plate: AB12 CDE}\n"
	    "witnesses:\n  - {name: Jane Doe, saw: saw him at the GATE}\n"
	    "police: {reported: 2026-11-28T09:00:00Z, "
	    "reference: NC-28112026-0123}\n"
	    "impact: Could not sleep\n"
	    "evidence:\n  - {file: evidence/x-1.jpg.gpg, note: Photo of the "
	    "number}\n");
	incs[1] = incident(
	    "occurred: 2026-11-28T00:00:00+00:00\n"
	    "summary: Text message at midnight\n"
	    "behaviour: [contact]\n"
	    "channel: text\n"
	    "tags: [draft]\n");
	incs[2] = incident(
	    "occurred: 2026-11-26T23:59:59+00:00\n"
	    "summary: Note through the door\n"
	    "behaviour: [threats, gifts]\n"
	    "police: {reference: REF-ONLY}\n");
}

static void
incidents_free(void)
{
	size_t i;

	for (i = 0; i < NINC; i++)
		ilog_node_free(incs[i].cur);
}

/* A filter from the (opt, arg) pairs after first, ended by 0; NULL and a
 * message when one of them is refused. */
static struct ilog_filter *
filter_v(struct ilog_filter *f, va_list ap)
{
	struct ilog_err e;
	const char *arg;
	int opt;

	memset(f, 0, sizeof *f);
	while ((opt = va_arg(ap, int))) {
		arg = va_arg(ap, const char *);
		if (ilog_filter_add(f, opt, arg, &e) < 0) {
			printf("# -%c '%s' refused: %s\n", opt, arg, e.msg);
			ilog_filter_free(f);
			return NULL;
		}
	}
	return f;
}

/* Which of A, B, C the filter passes, as a string such as "AC". */
static void
picks(const char *want, const char *what, ...)
{
	struct ilog_filter f;
	char got[NINC + 1] = "";
	size_t i, n = 0;
	va_list ap;
	int valid;

	va_start(ap, what);
	valid = filter_v(&f, ap) != NULL;
	va_end(ap);
	for (i = 0; valid && i < NINC; i++)
		if (ilog_filter_match(&f, &incs[i]))
			got[n++] = names[i][0];
	got[n] = '\0';
	if (!ok(valid && strcmp(got, want) == 0, "%s picks %s", what,
	    *want ? want : "nothing"))
		printf("# got '%s'\n", got);
	if (valid)
		ilog_filter_free(&f);
}

/* One incident that happened at WHEN: does the filter pass it? */
static void
day(const char *when, int want, const char *what, ...)
{
	struct ilog_incident inc;
	struct ilog_filter f;
	char text[128];
	va_list ap;
	int valid;

	snprintf(text, sizeof text, "occurred: %s\nsummary: s\n", when);
	inc = incident(text);
	va_start(ap, what);
	valid = filter_v(&f, ap) != NULL;
	va_end(ap);
	ok(valid && ilog_filter_match(&f, &inc) == want, "%s: %s %s", what,
	    when, want ? "is in" : "is out");
	if (valid)
		ilog_filter_free(&f);
	ilog_node_free(inc.cur);
}

static void
test_words(void)
{
	picks("ABC", "no filter", 0);
	picks("A", "-b watching", 'b', "watching", 0);
	picks("BC", "-b threats -b contact (OR)", 'b', "threats", 'b',
	    "contact", 0);
	picks("", "-b violence", 'b', "violence", 0);
	picks("A", "-t car", 't', "car", 0);
	picks("AB", "-t car -t draft (OR)", 't', "car", 't', "draft", 0);
	picks("AC", "-T draft (no tags at all passes)", 'T', "draft", 0);
	picks("C", "-T car -T draft", 'T', "car", 'T', "draft", 0);
	picks("", "-t car -T night", 't', "car", 'T', "night", 0);
	picks("A", "-b watching -t night (AND)", 'b', "watching", 't', "night",
	    0);
	picks("", "-b watching -t draft (AND)", 'b', "watching", 't', "draft",
	    0);
	picks("B", "-b contact -b watching -t draft -t nothing",
	    'b', "contact", 'b', "watching", 't', "draft", 't', "nothing", 0);
	picks("A", "-r", 'r', "", 0);
	picks("BC", "-R (police without reported is unreported)", 'R', "", 0);
	picks("ABC", "-r -R", 'r', "", 'R', "", 0);
	picks("C", "-R -b threats", 'R', "", 'b', "threats", 0);
}

static void
test_grep(void)
{
	picks("A", "-g gate (witnesses[].saw, other case)", 'g', "gate", 0);
	picks("A", "-g smith (suspect.name)", 'g', "smith", 0);
	picks("A", "-g 'the number' (evidence[].note)", 'g', "the number", 0);
	picks("A", "-g nc-2811 (police.reference)", 'g', "nc-2811", 0);
	picks("C", "-g ref-only (police.reference, not reported)", 'g',
	    "ref-only", 0);
	picks("A", "-g ab12 (vehicle.plate)", 'g', "ab12", 0);
	picks("A", "-g HOODIE (suspect.clothing)", 'g', "HOODIE", 0);
	picks("A", "-g '^second line' (a line of details)", 'g',
	    "^second line", 0);
	picks("A", "-g 'could not' (impact)", 'g', "could not", 0);
	picks("A", "-g elm (location)", 'g', "elm", 0);
	picks("B", "-g '^text$' (channel)", 'g', "^text$", 0);
	picks("BC", "-g midnight -g door (OR)", 'g', "midnight", 'g', "door",
	    0);
	picks("", "-g smith -b contact (AND)", 'g', "smith", 'b', "contact", 0);
	picks("ABC", "-g '.' ", 'g', ".", 0);
	picks("", "-g zzz", 'g', "zzz", 0);
	picks("A", "-g 'g(r|l)ey' (extended)", 'g', "g(r|l)ey", 0);
}

/* -s and -u: inclusive; a bare date is the whole local day. */
static void
test_dates(void)
{
	zone("Europe/London");
	picks("AB", "-s 2026-11-27", 's', "2026-11-27", 0);
	picks("AC", "-u 2026-11-27", 'u', "2026-11-27", 0);
	picks("A", "-s 2026-11-27 -u 2026-11-27", 's', "2026-11-27", 'u',
	    "2026-11-27", 0);
	picks("AB", "-s '2026-11-27 21:40' (inclusive)", 's',
	    "2026-11-27 21:40", 0);
	picks("B", "-s '2026-11-27 21:41'", 's', "2026-11-27 21:41", 0);
	picks("AC", "-u '2026-11-27 21:40' (inclusive)", 'u',
	    "2026-11-27 21:40", 0);
	picks("C", "-u '2026-11-27 21:39'", 'u', "2026-11-27 21:39", 0);
	picks("B", "-u 2026-11-28T00:00:00Z -s 2026-11-28", 'u',
	    "2026-11-28T00:00:00Z", 's', "2026-11-28", 0);
	picks("", "-s 2026-11-28 -u 2026-11-27", 's', "2026-11-28", 'u',
	    "2026-11-27", 0);
	picks("ABC", "-s 2026-11-28 -s 2026-11-26 (OR: the earlier)",
	    's', "2026-11-28", 's', "2026-11-26", 0);
	picks("AC", "-u 2026-11-26 -u 2026-11-27 (OR: the later)",
	    'u', "2026-11-26", 'u', "2026-11-27", 0);

	day("2026-11-27T00:00:00+00:00", 1, "-u 2026-11-27 -s 2026-11-27",
	    'u', "2026-11-27", 's', "2026-11-27", 0);
	day("2026-11-27T23:59:59+00:00", 1, "-u 2026-11-27 -s 2026-11-27",
	    'u', "2026-11-27", 's', "2026-11-27", 0);
	day("2026-11-26T23:59:59+00:00", 0, "-s 2026-11-27", 's',
	    "2026-11-27", 0);
	/* 23:30 in New York is 04:30 the next day in London */
	day("2026-11-27T23:30:00-05:00", 0, "-u 2026-11-27 (a London day)",
	    'u', "2026-11-27", 0);
	day("2026-11-27T23:30:00-05:00", 1, "-s 2026-11-28 -u 2026-11-28",
	    's', "2026-11-28", 'u', "2026-11-28", 0);

	/* 25 October 2026 is 25 hours long in London */
	day("2026-10-25T00:00:00+01:00", 1, "the long day, first second",
	    's', "2026-10-25", 'u', "2026-10-25", 0);
	day("2026-10-25T01:30:00+00:00", 1, "the long day, the repeated hour",
	    's', "2026-10-25", 'u', "2026-10-25", 0);
	day("2026-10-25T23:59:59+00:00", 1, "the long day, last second",
	    's', "2026-10-25", 'u', "2026-10-25", 0);
	day("2026-10-24T23:59:59+01:00", 0, "the long day, the second before",
	    's', "2026-10-25", 'u', "2026-10-25", 0);
	day("2026-10-26T00:00:00+00:00", 0, "the long day, the second after",
	    's', "2026-10-25", 'u', "2026-10-25", 0);
	/* 29 March 2026 is 23 hours long */
	day("2026-03-29T00:00:00+00:00", 1, "the short day, first second",
	    's', "2026-03-29", 'u', "2026-03-29", 0);
	day("2026-03-29T23:59:59+01:00", 1, "the short day, last second",
	    's', "2026-03-29", 'u', "2026-03-29", 0);
	day("2026-03-30T00:00:00+01:00", 0, "the short day, the second after",
	    's', "2026-03-29", 'u', "2026-03-29", 0);
	day("2026-03-28T23:59:59+00:00", 0, "the short day, the second before",
	    's', "2026-03-29", 'u', "2026-03-29", 0);

	zone("America/New_York");
	day("2026-11-27T23:30:00-05:00", 1, "New York: -u 2026-11-27",
	    'u', "2026-11-27", 0);
	day("2026-11-28T04:59:59Z", 1, "New York: -u 2026-11-27, in UTC",
	    'u', "2026-11-27", 0);
	day("2026-11-28T05:00:00Z", 0, "New York: -u 2026-11-27, in UTC",
	    'u', "2026-11-27", 0);
	zone("Europe/London");
}

/* ARG for -OPT is refused with a message holding WANT. */
static void
refused(int opt, const char *arg, const char *want, const char *why)
{
	struct ilog_filter f = { 0 };
	struct ilog_err e = { "" };
	int rc;

	rc = ilog_filter_add(&f, opt, arg, &e);
	if (!ok(rc == -1 && strstr(e.msg, want) && !strchr(e.msg, '\n'),
	    "-%c refuses %s", opt, why))
		printf("# rc %d, error '%s'\n", rc, e.msg);
	ilog_filter_free(&f);
}

static void
test_errors(void)
{
	struct ilog_filter f = { 0 };
	struct ilog_err e;
	size_t i;
	int all;

	refused('s', "2026-13-01", "bad date '2026-13-01'", "month 13");
	refused('u', "27/11/2026", "bad date", "a slashed date");
	refused('s', "", "bad date", "an empty date");
	refused('b', "stalking", "unknown behaviour 'stalking'",
	    "an unknown behaviour");
	refused('b', "Watching", "'Watching'", "a behaviour in capitals");
	refused('t', "Car", "bad tag 'Car'", "a tag with a capital");
	refused('T', "two words", "bad tag 'two words'", "a tag with a space");
	refused('t', "+car", "bad tag", "a tag change");
	refused('t', "", "bad tag", "an empty tag");
	refused('g', "(", "bad pattern '('", "an unclosed group");
	refused('g', "[a", "bad pattern", "an unclosed bracket");
	refused('g', "a{2,1}", "bad pattern", "a bad interval");
	refused('x', "y", "unknown filter", "an unknown filter");
	/* each would make regcomp take gigabytes */
	refused('g', "a++++++++++++++++++++++", "bad pattern 'a+++",
	    "a repetition of a repetition");
	refused('g', "a*{2}", "a repetition of a repetition", "a*{2}");
	refused('g', "a{1,32767}", "a repetition count above 255",
	    "a count above 255");
	refused('g', "(a{1,100}){1,100}", "too complex", "nested counts");
	refused('g', "((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+", "too complex",
	    "nested repetitions");
	{
		char longp[400];

		memset(longp, 'a', sizeof longp - 1);
		longp[sizeof longp - 1] = '\0';
		refused('g', longp, "longer than 256 bytes", "a long pattern");
	}
	{
		static const char *const fine[] = { "grey car", "car|van",
		    "a{1,255}", "(a{1,40}){1,40}", "[a+*{]+x", "ab*c+d?",
		    "(red|grey) (car|van)+", "\\++", "x{2,}y{0,3}", NULL };

		for (i = 0; fine[i]; i++) {
			memset(&f, 0, sizeof f);
			ok(ilog_filter_add(&f, 'g', fine[i], &e) == 0,
			    "-g takes '%s'", fine[i]);
			ilog_filter_free(&f);
		}
	}

	ilog_filter_add(&f, 'b', "nope", &e);
	for (i = 0, all = 1; ilog_behaviours[i]; i++)
		all = all && strstr(e.msg, ilog_behaviours[i]);
	ok(all, "an unknown behaviour's message lists every valid one");

	/* a refused value leaves the filter as it was */
	memset(&f, 0, sizeof f);
	ilog_filter_add(&f, 'b', "watching", &e);
	ilog_filter_add(&f, 'b', "stalking", &e);
	ilog_filter_add(&f, 'g', "(", &e);
	ok(f.behaviours.n == 1 && f.nres == 0 && ilog_filter_match(&f, &incs[0])
	    && !ilog_filter_match(&f, &incs[1]),
	    "refused values are not added to the filter");
	ilog_filter_free(&f);
	ok(f.behaviours.n == 0 && f.res == NULL,
	    "a freed filter is empty and can be freed again");
	ilog_filter_free(&f);
}

/* Incidents with missing or odd fields are judged, not crashed on. */
static void
test_sparse(void)
{
	struct ilog_incident inc = incident(
	    "occurred: 2026-11-27T21:40:00+00:00\nsummary: s\n"
	    "tags: notalist\npolice: none\nwitnesses: [plain, {saw: x}]\n");
	struct ilog_filter f = { 0 };
	struct ilog_err e;

	ilog_filter_add(&f, 't', "notalist", &e);
	ok(!ilog_filter_match(&f, &inc), "-t on tags that are not a list");
	ilog_filter_free(&f);
	ilog_filter_add(&f, 'r', "", &e);
	ok(!ilog_filter_match(&f, &inc), "-r on police that is text");
	ilog_filter_free(&f);
	ilog_filter_add(&f, 'g', "^plain$", &e);
	ok(ilog_filter_match(&f, &inc), "-g on a list of mixed items");
	ilog_filter_free(&f);
	ilog_filter_add(&f, 'b', "watching", &e);
	ok(!ilog_filter_match(&f, &inc), "-b on an incident without behaviour");
	ilog_filter_free(&f);
	ilog_node_free(inc.cur);
}

int
main(void)
{
	zone("Europe/London");
	incidents_make();
	test_words();
	test_grep();
	test_dates();
	test_errors();
	test_sparse();
	incidents_free();
	return done_testing();
}
