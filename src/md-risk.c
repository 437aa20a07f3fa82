/* md-risk.c: risk indicators: the questions of the stalking screening
 * tool S-DASH (2009) that a log can speak to, each with the incidents
 * that bear on it, or "nothing recorded"; never a score */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

#define WEEK (7 * DAY)
#define VISITS_MAX 3	/* more than 3 visits in a week */

/* The word before p ends in 's or is "his": someone else's, not hers. */
static int
someone_elses(const char *text, const char *p)
{
	const char *e = p, *b;

	while (e > text && e[-1] == ' ')
		e--;
	for (b = e; b > text && b[-1] != ' '; b--)
		;
	if (e - b >= 2 && e[-1] == 's' && (e[-2] == '\'' || (e - b >= 4 &&
	    memcmp(e - 4, "\xe2\x80\x99", 3) == 0)))
		return 1;
	return e - b == 3 && strncasecmp(b, "his", 3) == 0;
}

/* The first of words that text names as its own (not "his friends"),
 * each word of text looked at once. */
static const char *
names_word(const char *text, const char *const *words)
{
	const char *p, *q;
	size_t w, best = SIZE_MAX, len, run;

	for (p = text; p && *p; p = q) {
		if (!isalpha((unsigned char)*p)) {
			q = p + 1;
			continue;
		}
		for (q = p; isalpha((unsigned char)*q); q++)
			;
		if ((unsigned char)*q >= 0x80)
			continue;	/* part of a longer word */
		run = (size_t)(q - p);
		for (w = 0; words[w] && w < best; w++) {
			if (tolower((unsigned char)*p) != words[w][0])
				continue;	/* most differ at once */
			len = strlen(words[w]);
			if ((run == len || (run == len + 1 && (p[len] == 's' ||
			    p[len] == 'S'))) && strncasecmp(p, words[w],
			    len) == 0 && !someone_elses(text, p))
				best = w;
		}
	}
	return best == SIZE_MAX ? NULL : words[best];
}

static int
has_tag(const struct ilog_incident *inc, const char *tag)
{
	return ilog_seq_has(ilog_node_get(inc->cur, "tags"), tag);
}

static const char *const home_words[] = { "home", "house", "flat",
	"doorstep", "door", "gate", "garden", "drive", "driveway", NULL };
static const char *const work_words[] = { "work", "workplace", "office",
	"staff", NULL };

/* Home or work: a tag, or a word of the location (not "my mother's
 * house"). */
static int
at_home_or_work(const struct ilog_incident *inc)
{
	const char *loc = ilog_node_text(inc->cur, "location");

	return has_tag(inc, "home") || has_tag(inc, "work") ||
	    names_word(loc, home_words) || names_word(loc, work_words);
}

/* He was there: a behaviour that needs him near, or contact in person. */
static int
in_person(const struct ilog_incident *inc)
{
	static const char *const near[] = { "driving-past", "following",
		"watching", "loitering", "accosting", "entering", "gifts",
		"property-damage", "violence", NULL };
	const char *ch = ilog_node_text(inc->cur, "channel");
	size_t i;

	for (i = 0; near[i]; i++)
		if (md_has_behaviour(inc, near[i]))
			return 1;
	return ch && strcmp(ch, "in-person") == 0;
}

static int
is_visit(const struct md_report *r, size_t i)
{
	return md_counted(r->v[i]) && in_person(r->v[i]) &&
	    at_home_or_work(r->v[i]);
}

static const char *const third_party_words[] = { "mother", "father", "mum",
	"mom", "dad", "parent", "sister", "brother", "family", "friend",
	"colleague", "employer", "boss", "manager", "neighbour", "neighbor",
	"son", "daughter", "child", "children", "grandmother", "grandfather",
	"aunt", "uncle", "cousin", "relative", "flatmate", "housemate", NULL };

/* Behaviour other (ilog(5): approaching family, friends or employer), or
 * the summary or details naming such a person: why, in *why ("its
 * details mention a sister"), or NULL for other. */
static int
third_party(const struct ilog_incident *inc, struct ilog_buf *why)
{
	static const char *const fields[] = { "summary", "details", NULL };
	const char *word;
	size_t f;

	why->len = 0;
	if (md_has_behaviour(inc, "other"))
		return 1;
	for (f = 0; fields[f]; f++)
		if ((word = names_word(ilog_node_text(inc->cur, fields[f]),
		    third_party_words))) {
			ilog_buf_printf(why, "its %s mention%s a %s", fields[f],
			    f ? "" : "s", word);
			return 1;
		}
	return 0;
}

/* "- No. 11, 2026-10-17: All four tyres slashed" */
static void
support_line(struct ilog_buf *out, const struct md_report *r, size_t i,
    const char *why)
{
	char day[11];

	md_day_of(&r->v[i]->occurred, day);
	ilog_buf_adds(out, "- ");
	md_incident_link(out, r, i, "No. ");
	ilog_buf_printf(out, ", %s: ", day);
	md_text_inline(out, r->v[i]->cur, "summary");
	if (why && *why)
		ilog_buf_printf(out, " (%s)", why);
	ilog_buf_addc(out, '\n');
	md_spill(out, r);	/* a line per incident: as long as the report */
}

/* The incidents showing any of the behaviours (NULL-ended). */
static void
by_behaviour(struct ilog_buf *out, const struct md_report *r,
    const char *title, const char *const *beh)
{
	size_t i, b, k = 0;

	ilog_buf_printf(out, "### %s\n\n", title);
	for (i = 0; i < r->n; i++) {
		for (b = 0; beh[b] && !md_has_behaviour(r->v[i], beh[b]); b++)
			;
		if (!md_counted(r->v[i]) || !beh[b])
			continue;
		if (k++ == 0)
			ilog_buf_adds(out, "The log shows:\n\n");
		support_line(out, r, i, NULL);
	}
	ilog_buf_adds(out, k ? "\n" : "Nothing recorded.\n\n");
}

static void
third_parties(struct ilog_buf *out, const struct md_report *r)
{
	struct ilog_buf why = { 0 };
	size_t i, k = 0;

	ilog_buf_adds(out, "### Third parties contacted\n\n");
	ilog_buf_addc(&why, '\0');
	for (i = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]) || !third_party(r->v[i], &why))
			continue;
		if (k++ == 0)
			ilog_buf_adds(out, "The log shows:\n\n");
		ilog_buf_addc(&why, '\0');
		support_line(out, r, i, why.s);
	}
	ilog_buf_adds(out, k ? "\n" : "Nothing recorded.\n\n");
	ilog_buf_free(&why);
}

/*
 * The visits in the 7 days from each visit's time, in one pass (two
 * pointers: the incidents are in time order): the most in any such week,
 * and in busy each visit of a week with more than VISITS_MAX (marked
 * through the differences at the weeks' ends, so that a long run of busy
 * weeks costs no more than a short one).
 */
static size_t
visits_by_week(const struct md_report *r, const char *visit, char *busy)
{
	long *mark = ilog_xcalloc(r->n + 1, sizeof *mark);
	size_t i, end = 0, k = 0, most = 0;
	long open = 0;

	for (i = 0; i < r->n; i++) {
		while (end < r->n && r->v[end]->occurred.t -
		    r->v[i]->occurred.t < WEEK)
			k += visit[end++];
		if (visit[i] && k > most)
			most = k;
		if (visit[i] && k > VISITS_MAX)
			mark[i]++, mark[end]--;
		k -= visit[i];
	}
	for (i = 0; i < r->n; i++) {
		open += mark[i];
		busy[i] = visit[i] && open > 0;
	}
	free(mark);
	return most;
}

/* Nothing: still how many visits there were, and the most in a week. */
static void
visits_none(struct ilog_buf *out, const struct md_report *r,
    const size_t *visits, size_t nv, size_t most)
{
	ilog_buf_adds(out, "Nothing recorded");
	if (nv == 0) {
		ilog_buf_adds(out, ": no visit to home or work is recorded.\n\n");
		return;
	}
	ilog_buf_printf(out, ". Visits to home or work in this report: %zu (",
	    nv);
	md_links(out, r, visits, nv, "No. ");
	ilog_buf_printf(out, "), at most %zu within 7 days.\n\n", most);
}

static void
visits(struct ilog_buf *out, const struct md_report *r)
{
	char *busy = ilog_xcalloc(r->n ? r->n : 1, 1);
	char *visit = ilog_xcalloc(r->n ? r->n : 1, 1);
	size_t *vis = ilog_xcalloc(r->n ? r->n : 1, sizeof *vis);
	size_t i, nv = 0, most, shown = 0;

	ilog_buf_adds(out, "### Visits to home or work, more than 3 in a week"
	    "\n\n");
	for (i = 0; i < r->n; i++)
		if ((visit[i] = (char)is_visit(r, i)))
			vis[nv++] = i;
	most = visits_by_week(r, visit, busy);
	for (i = 0; i < r->n; i++) {
		if (!busy[i])
			continue;
		if (shown++ == 0)
			ilog_buf_printf(out, "The log shows (at most %zu within 7 "
			    "days):\n\n", most);
		support_line(out, r, i, NULL);
	}
	if (shown)
		ilog_buf_addc(out, '\n');
	else
		visits_none(out, r, vis, nv, most);
	free(vis);
	free(visit);
	free(busy);
}

void
md_risk(struct ilog_buf *out, const struct md_report *r)
{
	static const char *const damage[] = { "property-damage", NULL };
	static const char *const loiter[] = { "loitering", "watching", NULL };
	static const char *const threat[] = { "threats", NULL };
	static const char *const violence[] = { "violence", NULL };

	ilog_buf_adds(out, "## Risk indicators\n\nThe questions of the stalking "
	    "screening tool S-DASH (2009) that a log can speak to, each with "
	    "the incidents in this report that bear on it, found by the rules "
	    "of ilog-md(1). There is no score here and no level of risk: the "
	    "officer who reads the log draws the conclusion.\n\n");
	by_behaviour(out, r, "Property damaged", damage);
	visits(out, r);
	by_behaviour(out, r, "Loitering", loiter);
	by_behaviour(out, r, "Threats", threat);
	by_behaviour(out, r, "Violence", violence);
	third_parties(out, r);
}
