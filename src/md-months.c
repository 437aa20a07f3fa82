/* md-months.c: behaviour by month: how many incidents showed each
 * behaviour in each month, how many kinds of behaviour each month had, and
 * the first threat, the first damage and the first violence marked; fewer
 * incidents can still mean escalation */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "md.h"

#define MONTHS_PER_TABLE 8

/* The behaviours whose first appearance is marked, and their words. */
static const char *const marked[][2] = {
	{ "threats", "threat" }, { "property-damage", "damage to property" },
	{ "violence", "violence" },
};
#define NMARKED (sizeof marked / sizeof *marked)

struct months {
	long first, n;		/* months since year 0, and how many */
	size_t nb;		/* the behaviours, and one for none given */
	size_t *grid;		/* [behaviour * n + month] */
	size_t *incidents;	/* [month] */
	size_t firsts[NMARKED];	/* incident number, or SIZE_MAX */
};

/* Months since year 0, in the incident's own local time. */
static long
month_index(const struct ilog_incident *inc)
{
	char s[32];

	ilog_when_format(&inc->occurred, s);
	return strtol(s, NULL, 10) * 12 + strtol(s + 5, NULL, 10) - 1;
}

static void
month_span(const struct md_report *r, struct months *m)
{
	long last = -1, k;
	size_t i;

	m->first = -1;
	for (i = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]))
			continue;
		k = month_index(r->v[i]);
		if (m->first < 0 || k < m->first)
			m->first = k;
		if (k > last)
			last = k;
	}
	m->n = last - m->first + 1;
}

static void
count_incident(const struct md_report *r, struct months *m, size_t i)
{
	const struct ilog_node *beh = ilog_node_get(r->v[i]->cur, "behaviour");
	long mo = month_index(r->v[i]) - m->first;
	size_t b, f, any = 0;

	m->incidents[mo]++;
	for (b = 0; ilog_behaviours[b]; b++)
		if (ilog_seq_has(beh, ilog_behaviours[b]))
			m->grid[b * m->n + mo]++, any++;
	if (!any)
		m->grid[(m->nb - 1) * m->n + mo]++;
	for (f = 0; f < NMARKED; f++)
		if (m->firsts[f] == SIZE_MAX && ilog_seq_has(beh, marked[f][0]))
			m->firsts[f] = i;
}

static void
months_count(const struct md_report *r, struct months *m)
{
	size_t i, f;

	month_span(r, m);
	for (m->nb = 0; ilog_behaviours[m->nb]; m->nb++)
		;
	m->nb++;
	m->grid = ilog_xcalloc(m->nb * m->n, sizeof *m->grid);
	m->incidents = ilog_xcalloc(m->n, sizeof *m->incidents);
	for (f = 0; f < NMARKED; f++)
		m->firsts[f] = SIZE_MAX;
	for (i = 0; i < r->n; i++)
		if (md_counted(r->v[i]))
			count_incident(r, m, i);
}

static const char *
behaviour_name(const struct months *m, size_t b)
{
	return b + 1 == m->nb ? "(none given)" : ilog_behaviours[b];
}

static size_t
row_total(const struct months *m, size_t b)
{
	size_t t = 0;
	long mo;

	for (mo = 0; mo < m->n; mo++)
		t += m->grid[b * m->n + mo];
	return t;
}

static size_t
kinds(const struct months *m, long mo)
{
	size_t b, k = 0;

	for (b = 0; b < m->nb; b++)
		k += mo < 0 ? row_total(m, b) > 0 : m->grid[b * m->n + mo] > 0;
	return k;
}

/* The first of a marked behaviour falls in this cell: bold, "(first)". */
static int
is_first(const struct md_report *r, const struct months *m, size_t b, long mo)
{
	size_t f;

	for (f = 0; b + 1 < m->nb && f < NMARKED; f++)
		if (m->firsts[f] != SIZE_MAX && strcmp(ilog_behaviours[b],
		    marked[f][0]) == 0)
			return month_index(r->v[m->firsts[f]]) - m->first == mo;
	return 0;
}

static void
matrix_row(struct ilog_buf *out, const struct md_report *r,
    const struct months *m, size_t b, long from, long to, int all)
{
	size_t c;
	long mo;

	ilog_buf_printf(out, "| %s |", behaviour_name(m, b));
	for (mo = from; mo < to; mo++) {
		c = m->grid[b * m->n + mo];
		if (c && is_first(r, m, b, mo))
			ilog_buf_printf(out, " **%zu (first)** |", c);
		else if (c)
			ilog_buf_printf(out, " %zu |", c);
		else
			ilog_buf_adds(out, "  |");
	}
	if (all)
		ilog_buf_printf(out, " %zu |", row_total(m, b));
	ilog_buf_addc(out, '\n');
}

/* Months from to to (not included); the last table has the totals. */
static void
matrix(struct ilog_buf *out, const struct md_report *r,
    const struct months *m, long from, long to)
{
	int all = to == m->n;
	size_t b, t = 0;
	long mo;

	ilog_buf_adds(out, "| Behaviour |");
	for (mo = from; mo < to; mo++)
		ilog_buf_printf(out, " %04ld-%02ld |", (m->first + mo) / 12,
		    (m->first + mo) % 12 + 1);
	ilog_buf_adds(out, all ? " All months |\n| --- |" : "\n| --- |");
	for (mo = from; mo < to + all; mo++)
		ilog_buf_adds(out, " ---: |");
	ilog_buf_addc(out, '\n');
	for (b = 0; b < m->nb; b++)
		if (row_total(m, b))
			matrix_row(out, r, m, b, from, to, all);
	ilog_buf_adds(out, "| **Incidents** |");
	for (mo = from; mo < to; mo++)
		ilog_buf_printf(out, " **%zu** |", m->incidents[mo]), t +=
		    m->incidents[mo];
	for (mo = 0; all && mo < from; mo++)
		t += m->incidents[mo];
	if (all)
		ilog_buf_printf(out, " **%zu** |", t);
	ilog_buf_adds(out, "\n| **Kinds of behaviour** |");
	for (mo = from; mo < to; mo++)
		ilog_buf_printf(out, " %zu |", kinds(m, mo));
	if (all)
		ilog_buf_printf(out, " %zu |", kinds(m, -1));
	ilog_buf_adds(out, "\n\n");
}

/* "5, 4, 3, 2, 1" */
static void
series(struct ilog_buf *out, const struct months *m, int of_kinds)
{
	long mo;

	for (mo = 0; mo < m->n; mo++)
		ilog_buf_printf(out, "%s%zu", mo ? ", " : "", of_kinds ?
		    kinds(m, mo) : m->incidents[mo]);
}

static void
firsts(struct ilog_buf *out, const struct md_report *r, const struct months *m)
{
	size_t f;
	char day[11];

	for (f = 0; f < NMARKED; f++) {
		if (m->firsts[f] == SIZE_MAX) {
			ilog_buf_printf(out, "- No %s is recorded.\n", marked[f][1]);
			continue;
		}
		md_day_of(&r->v[m->firsts[f]]->occurred, day);
		ilog_buf_printf(out, "- The first %s: ", marked[f][1]);
		md_incident_link(out, r, m->firsts[f], "No. ");
		ilog_buf_printf(out, ", %s: ", day);
		md_text_inline(out, r->v[m->firsts[f]]->cur, "summary");
		ilog_buf_addc(out, '\n');
	}
	ilog_buf_addc(out, '\n');
}

static void
month_of(struct ilog_buf *out, const struct md_report *r, size_t i)
{
	char s[32];

	ilog_when_format(&r->v[i]->occurred, s);
	ilog_buf_printf(out, "%.7s", s);
}

static size_t
months_sum(const struct months *m, long from, long to)
{
	size_t t = 0;

	for (; from < to; from++)
		t += m->incidents[from];
	return t;
}

/*
 * Fewer incidents in the later half of the months than in the earlier,
 * while the first threat, damage or violence comes after the first month:
 * said, so that the counts are not read as dying down.
 */
static void
escalation(struct ilog_buf *out, const struct md_report *r,
    const struct months *m)
{
	size_t f, j, k = 0, later[NMARKED], early, late;
	long h = m->n / 2;

	for (f = 0; f < NMARKED; f++)
		if (m->firsts[f] != SIZE_MAX &&
		    month_index(r->v[m->firsts[f]]) > m->first)
			later[k++] = f;
	early = months_sum(m, 0, h);
	late = months_sum(m, m->n - h, m->n);
	if (h == 0 || late >= early || k == 0)
		return;
	ilog_buf_printf(out, "Fewer incidents a month need not mean it is "
	    "dying down: while the last %ld month%s had fewer incidents than "
	    "the first %ld (%zu against %zu), the log records", h, h == 1 ? "" :
	    "s", h, late, early);
	for (j = 0; j < k; j++) {
		ilog_buf_printf(out, "%s its first %s in ", j == 0 ? "" :
		    j + 1 == k ? " and" : ",", marked[later[j]][1]);
		month_of(out, r, m->firsts[later[j]]);
	}
	ilog_buf_adds(out, ".\n\n");
}

void
md_months(struct ilog_buf *out, const struct md_report *r)
{
	struct months m = { 0 };
	long from;

	months_count(r, &m);
	ilog_buf_adds(out, "### Behaviour by month\n\nOne incident can show more "
	    "than one behaviour. The first threat, the first damage to property "
	    "and the first violence are marked (first).\n\n");
	for (from = 0; from < m.n; from += MONTHS_PER_TABLE)
		matrix(out, r, &m, from, from + MONTHS_PER_TABLE < m.n ?
		    from + MONTHS_PER_TABLE : m.n);
	ilog_buf_printf(out, "Incidents a month, %04ld-%02ld to %04ld-%02ld: ",
	    m.first / 12, m.first % 12 + 1, (m.first + m.n - 1) / 12,
	    (m.first + m.n - 1) % 12 + 1);
	series(out, &m, 0);
	ilog_buf_adds(out, ". Kinds of behaviour a month: ");
	series(out, &m, 1);
	ilog_buf_adds(out, ".\n\n");
	escalation(out, r, &m);
	firsts(out, r, &m);
	free(m.grid);
	free(m.incidents);
}
