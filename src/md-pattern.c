/* md-pattern.c: the pattern: incidents counted by behaviour and by month */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

static void
md_by_behaviour(struct ilog_buf *out, struct ilog_incident *const *v,
    size_t n)
{
	size_t i, b, count, none = 0;

	ilog_buf_adds(out, "### By behaviour\n\nOne incident can show more "
	    "than one behaviour.\n\n| Behaviour | Incidents |\n| --- | ---: |\n");
	for (b = 0; ilog_behaviours[b]; b++) {
		for (i = count = 0; i < n; i++)
			count += md_counted(v[i]) && ilog_seq_has(ilog_node_get(
			    v[i]->cur, "behaviour"), ilog_behaviours[b]);
		if (count)
			ilog_buf_printf(out, "| %s | %zu |\n", ilog_behaviours[b],
			    count);
	}
	for (i = 0; i < n; i++) {
		const struct ilog_node *beh = ilog_node_get(v[i]->cur,
		    "behaviour");

		none += md_counted(v[i]) && (!beh || beh->n == 0);
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
		if (!md_counted(v[i]))
			continue;
		m = month_index(v[i]);
		if (first < 0 || m < first)
			first = m;
		if (m > last)
			last = m;
	}
	counts = ilog_xcalloc(last - first + 1, sizeof *counts);
	for (i = 0; i < n; i++)
		if (md_counted(v[i]))
			counts[month_index(v[i]) - first]++;
	ilog_buf_adds(out, "### By month\n\n| Month | Incidents |\n"
	    "| --- | ---: |\n");
	for (m = first; m <= last; m++)
		ilog_buf_printf(out, "| %04ld-%02ld | %zu |\n", m / 12,
		    m % 12 + 1, counts[m - first]);
	ilog_buf_addc(out, '\n');
	free(counts);
}

void
md_pattern(struct ilog_buf *out, const struct md_report *r)
{
	struct ilog_incident *const *v = r->v;
	size_t n = r->n;
	ilog_buf_adds(out, "## The pattern\n\n");
	if (md_count_counted(v, n) == 0) {
		ilog_buf_adds(out, "No incidents.\n\n");
		return;
	}
	md_by_behaviour(out, v, n);
	md_by_month(out, v, n);
}

