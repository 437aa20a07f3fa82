/* md-conduct.c: the course of conduct at a glance: the first and the last
 * incident, the longest gap, the last 4 weeks against the 4 before,
 * incidents a week as a bar chart, then behaviour by month (md-months.c),
 * the days and times, and the places and police reports (md-places.c) */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "md.h"

#define BAR_MAX 50	/* the longest bar, in characters */
#define WEEKS_PER_BLOCK 26	/* a chart's block: half a year, half a page */

/* The day of a time, in its own offset: the date the victim lived it. */
long
md_day_number(const struct ilog_when *w)
{
	char s[32];

	ilog_when_format(w, s);
	return (long)ilog_days_from_civil((int)strtol(s, NULL, 10),
	    (int)strtol(s + 5, NULL, 10), (int)strtol(s + 8, NULL, 10));
}

void
md_day_text(long z, char out[11])
{
	int y, m, d;
	char s[64];

	ilog_civil_from_days(z, &y, &m, &d);
	snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
	memcpy(out, s, 10);
	out[10] = '\0';
}

/* Monday 0 to Sunday 6; 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* The numbers (from 0) of the incidents counted: not withdrawn. */
static size_t *
counted(const struct md_report *r, size_t *k)
{
	size_t *idx = ilog_xcalloc(r->n ? r->n : 1, sizeof *idx), i;

	for (i = *k = 0; i < r->n; i++)
		if (md_counted(r->v[i]))
			idx[(*k)++] = i;
	return idx;
}

/* "No. 1, 2026-08-03 19:15 (UTC+01:00): 23 texts and 9 calls" */
static void
incident_line(struct ilog_buf *out, const struct md_report *r, size_t i)
{
	md_incident_link(out, r, i, "No. ");
	ilog_buf_adds(out, ", ");
	md_when(out, &r->v[i]->occurred);
	ilog_buf_adds(out, ": ");
	md_text_inline(out, r->v[i]->cur, "summary");
}

static void
longest_gap(struct ilog_buf *out, const struct md_report *r,
    const size_t *idx, size_t k)
{
	long long gap, best = -1;
	size_t j, at = 1;
	char a[11], b[11];

	for (j = 1; j < k; j++) {
		gap = (long long)r->v[idx[j]]->occurred.t -
		    r->v[idx[j - 1]]->occurred.t;
		if (gap > best)
			best = gap, at = j;
	}
	if (best < 0)
		return;
	md_day_of(&r->v[idx[at - 1]]->occurred, a);
	md_day_of(&r->v[idx[at]]->occurred, b);
	ilog_buf_adds(out, "- The longest gap between incidents: ");
	ilog_md_elapsed(out, best);
	ilog_buf_adds(out, ", from ");
	md_incident_link(out, r, idx[at - 1], "No. ");
	ilog_buf_printf(out, " (%s) to ", a);
	md_incident_link(out, r, idx[at], "No. ");
	ilog_buf_printf(out, " (%s)\n", b);
}

static size_t
count_days(const struct md_report *r, const size_t *idx, size_t k, long from,
    long to)
{
	size_t j, c = 0;
	long d;

	for (j = 0; j < k; j++) {
		d = md_day_number(&r->v[idx[j]]->occurred);
		c += d >= from && d <= to;
	}
	return c;
}

static void
plural_incidents(struct ilog_buf *out, size_t n)
{
	ilog_buf_printf(out, "%zu incident%s", n, n == 1 ? "" : "s");
}

/*
 * The 28 days up to the report's date against the 28 before; when the
 * last incident is older than that, the 28 days up to it, so that an old
 * log still shows how it went.
 */
static void
trend(struct ilog_buf *out, const struct md_report *r, const size_t *idx,
    size_t k)
{
	struct ilog_when now;
	long end, last = md_day_number(&r->v[idx[k - 1]]->occurred);
	size_t recent, before;
	char a[11], b[11], c[11], d[11];

	if (ilog_when_parse("now", r->o->now, &now, NULL) < 0)
		return;
	end = md_day_number(&now);
	if (last < end - 27 || last > end)
		end = last;
	recent = count_days(r, idx, k, end - 27, end);
	before = count_days(r, idx, k, end - 55, end - 28);
	md_day_text(end - 27, a), md_day_text(end, b);
	md_day_text(end - 55, c), md_day_text(end - 28, d);
	ilog_buf_printf(out, "- The last 4 weeks%s (%s to %s): ", end == last &&
	    end != md_day_number(&now) ? " up to the last incident" : "", a, b);
	plural_incidents(out, recent);
	ilog_buf_printf(out, "; the 4 weeks before (%s to %s): ", c, d);
	plural_incidents(out, before);
	ilog_buf_adds(out, recent > before ? ". More than before.\n" :
	    recent < before ? ". Fewer than before.\n" :
	    ". As many as before.\n");
}

static void
overview(struct ilog_buf *out, const struct md_report *r, const size_t *idx,
    size_t k)
{
	ilog_buf_adds(out, "- The first incident: ");
	incident_line(out, r, idx[0]);
	ilog_buf_adds(out, "\n- The last incident: ");
	incident_line(out, r, idx[k - 1]);
	ilog_buf_addc(out, '\n');
	longest_gap(out, r, idx, k);
	trend(out, r, idx, k);
	ilog_buf_addc(out, '\n');
}

/* A bar of units eighths of a character: full blocks, then one part. */
static void
bar(struct ilog_buf *out, size_t units)
{
	static const char *const part[] = { "", "\xe2\x96\x8f", "\xe2\x96\x8e",
		"\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a",
		"\xe2\x96\x89" };
	size_t i;

	for (i = 0; i < units / 8; i++)
		ilog_buf_adds(out, "\xe2\x96\x88");
	ilog_buf_adds(out, part[units % 8]);
}

/*
 * Every week from the first incident's to the last's, the empty ones too,
 * Monday to Sunday, in code blocks: our own digits and block characters
 * in monospace, which every output format keeps as they are; half a year
 * a block, which a page break does not split.
 */
static void
weekly_chart(struct ilog_buf *out, const struct md_report *r,
    const size_t *idx, size_t k)
{
	long lo = LONG_MAX, hi = LONG_MIN, d, w0, nweeks, w;
	size_t j, max = 0, *counts, units;
	char day[11];

	for (j = 0; j < k; j++) {	/* offsets can put days out of order */
		d = md_day_number(&r->v[idx[j]]->occurred);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	w0 = lo - weekday(lo);
	nweeks = (hi - w0) / 7 + 1;
	counts = ilog_xcalloc(nweeks, sizeof *counts);
	for (j = 0; j < k; j++) {
		w = (md_day_number(&r->v[idx[j]]->occurred) - w0) / 7;
		if (++counts[w] > max)
			max = counts[w];
	}
	ilog_buf_adds(out, "### Incidents a week\n\n");
	for (w = 0; w < nweeks; w++) {
		if (w % WEEKS_PER_BLOCK == 0)
			ilog_buf_adds(out, w ? "```\n\n```\nWeek of     "
			    "Incidents\n" : "```\nWeek of     Incidents\n");
		md_day_text(w0 + 7 * w, day);
		ilog_buf_printf(out, "%s %4zu ", day, counts[w]);
		units = max <= BAR_MAX ? counts[w] * 8 :
		    (counts[w] * 8 * BAR_MAX + max / 2) / max;
		bar(out, counts[w] && units == 0 ? 1 : units);
		ilog_buf_addc(out, '\n');
	}
	ilog_buf_adds(out, "```\n\n");
	/* below the chart: a heading and a chart stay on one page */
	if (max <= BAR_MAX)
		ilog_buf_adds(out, "Each \xe2\x96\x88 is one incident. ");
	else
		ilog_buf_printf(out, "The longest bar is %zu incidents. ", max);
	ilog_buf_adds(out, "Weeks start on a Monday.\n\n");
	free(counts);
}

/* A table of buckets: a name, a count, the incidents linked. */
static void
bucket_table(struct ilog_buf *out, const struct md_report *r,
    const char *head, const char *const *names, size_t nb,
    const size_t *idx, const int *of, size_t k)
{
	size_t b, j, n, *which = ilog_xcalloc(k, sizeof *which);

	ilog_buf_printf(out, "| %s | Incidents | Which |\n| --- | ---: | --- |\n",
	    head);
	for (b = 0; b < nb; b++) {
		for (j = n = 0; j < k; j++)
			if (of[j] == (int)b)
				which[n++] = idx[j];
		ilog_buf_printf(out, "| %s | %zu | ", names[b], n);
		md_links(out, r, which, n, "");
		ilog_buf_adds(out, " |\n");
	}
	ilog_buf_addc(out, '\n');
	free(which);
}

/* Night is 22:00 to 06:00; the rest of the day in three parts. */
static int
time_of_day(const struct ilog_incident *inc)
{
	char s[32];
	long h;

	ilog_when_format(&inc->occurred, s);
	h = strtol(s + 11, NULL, 10);
	return h >= 22 || h < 6 ? 3 : h < 12 ? 0 : h < 18 ? 1 : 2;
}

static void
days_and_times(struct ilog_buf *out, const struct md_report *r,
    const size_t *idx, size_t k)
{
	static const char *const days[] = { "Monday", "Tuesday", "Wednesday",
		"Thursday", "Friday", "Saturday", "Sunday" };
	static const char *const parts[] = { "Morning, 06:00\xe2\x80\x93"
		"12:00", "Afternoon, 12:00\xe2\x80\x93" "18:00", "Evening, "
		"18:00\xe2\x80\x93" "22:00", "Night, 22:00\xe2\x80\x93" "06:00" };
	int *of = ilog_xcalloc(k, sizeof *of);
	size_t j, night = 0;

	ilog_buf_adds(out, "### Days and times\n\n");
	for (j = 0; j < k; j++)
		of[j] = weekday(md_day_number(&r->v[idx[j]]->occurred));
	bucket_table(out, r, "Day", days, 7, idx, of, k);
	for (j = 0; j < k; j++)
		night += (of[j] = time_of_day(r->v[idx[j]])) == 3;
	ilog_buf_printf(out, "%zu of the %zu incidents began at night, between "
	    "22:00 and 06:00.\n\n", night, k);
	bucket_table(out, r, "Time of day", parts, 4, idx, of, k);
	free(of);
}

void
md_conduct(struct ilog_buf *out, const struct md_report *r)
{
	size_t k, *idx = counted(r, &k);

	ilog_buf_adds(out, "## The course of conduct\n\n");
	if (k == 0) {
		ilog_buf_adds(out, "No incidents.\n\n");
		free(idx);
		return;
	}
	ilog_buf_adds(out, "Withdrawn incidents are not counted. The numbers "
	    "are those of the timeline; each links to the incident in full."
	    "\n\n");
	overview(out, r, idx, k);
	weekly_chart(out, r, idx, k);
	md_months(out, r);
	days_and_times(out, r, idx, k);
	md_places(out, r);
	md_police(out, r);
	free(idx);
}
