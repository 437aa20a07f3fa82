/* md-timeline.c: the timeline, one row per incident (imported messages
 * one row per sender and day) */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

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

/* How the suspect was identified, where that was recorded: an incident
 * where nobody saw him is marked so, not shown as if he had been seen. */
static void
identified_mark(struct ilog_buf *out, const struct ilog_incident *inc)
{
	static const char *const marks[][2] = {
		{ "seen", "suspect seen" },
		{ "heard", "suspect heard, not seen" },
		{ "recognised-number", "suspect's number recognised, not seen" },
		{ "inferred", "suspect inferred, not seen" },
	};
	const char *how = ilog_node_text(inc->cur, "identified");
	size_t i;

	for (i = 0; how && i < sizeof marks / sizeof *marks; i++)
		if (strcmp(how, marks[i][0]) == 0) {
			ilog_buf_printf(out, " *(%s)*", marks[i][1]);
			return;
		}
}

/* An imported message or call: its own record, kept as it was sent. */
static int
imported(const struct ilog_incident *inc)
{
	const struct ilog_node *src = ilog_node_get(inc->cur, "source");
	const char *f = src ? ilog_node_text(src, "format") : NULL;

	return f && (strcmp(f, "whatsapp") == 0 || strcmp(f, "sms") == 0 ||
	    strcmp(f, "mms") == 0 || strcmp(f, "call") == 0);
}

/* When it was written down: a note made then and copied in later counts
 * from the note. */
static int
written(const struct ilog_incident *inc, struct ilog_when *w)
{
	if (ilog_record_time(inc->cur, "noted", w) == 0)
		return 0;
	return ilog_record_time(inc->cur, "recorded", w);
}

/* "same day", "next day" (within 24 hours, after midnight), "+3 d": the
 * whole days that the incident in full gives as "written down 3 days
 * after it happened" */
static void
written_cell(struct ilog_buf *out, const struct ilog_incident *inc)
{
	struct ilog_when w;
	char a[11], b[11];
	long long d;

	if (imported(inc)) {
		ilog_buf_adds(out, "as sent");
		return;
	}
	if (written(inc, &w) < 0)
		return;
	d = (long long)w.t - inc->occurred.t;
	if (d < 0) {
		ilog_buf_adds(out, "before it happened?");
		return;
	}
	if (d >= DAY) {
		ilog_buf_printf(out, "+%lld" NBSP "d", d / DAY);
		return;
	}
	w.offset = inc->occurred.offset;	/* the day where it happened */
	md_day_of(&inc->occurred, a);
	md_day_of(&w, b);
	ilog_buf_adds(out, strcmp(a, b) == 0 ? "same day" : "next day");
}

static void
timeline_row(struct ilog_buf *out, const struct ilog_incident *inc, size_t no)
{
	char day[11];

	md_day_of(&inc->occurred, day);
	ilog_buf_printf(out, "| %zu | %s | ", no, day);
	time_cell(out, inc);
	ilog_buf_adds(out, " | ");
	written_cell(out, inc);
	ilog_buf_adds(out, " | ");
	md_list_inline(out, ilog_node_get(inc->cur, "behaviour"));
	ilog_buf_adds(out, " | ");
	md_text_inline(out, inc->cur, "location");
	ilog_buf_adds(out, " | ");
	if (inc->withdrawn)
		ilog_buf_adds(out, "**Withdrawn:** ");
	md_text_inline(out, inc->cur, "summary");
	identified_mark(out, inc);
	ilog_buf_adds(out, " | ");
	md_text_inline(out, ilog_node_get(inc->cur, "police"), "reference");
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
	md_day_of(&a->occurred, da);
	md_day_of(&b->occurred, db);
	return strcmp(da, db) == 0;
}

/*
 * Gathers into run the messages of v[0]'s sender on v[0]'s day that are
 * not yet shown, marking them shown; other rows of that day may fall
 * between them. v is in time order, and a day is at most 50 hours long
 * in any offset, so the search stops there.
 */
static size_t
message_run(struct ilog_incident *const *v, size_t n, size_t first,
    char *shown, size_t *run)
{
	size_t j, k = 1;

	run[0] = first;
	shown[first] = 1;
	if (!message_source(v[first]))
		return 1;
	for (j = first + 1; j < n && v[j]->occurred.t - v[first]->occurred.t <=
	    50 * 3600; j++)
		if (!shown[j] && same_sender_day(v[first], v[j])) {
			run[k++] = j;
			shown[j] = 1;
		}
	return k;
}

/* "23 messages, 19:15-23:50": the texts stay in full under each incident. */
static void
run_row(struct ilog_buf *out, struct ilog_incident *const *all,
    const size_t *run, size_t k)
{
	const struct ilog_incident *first = all[run[0]], *last = all[run[k - 1]];
	const struct ilog_node *src = ilog_node_get(first->cur, "source");
	const char *who = ilog_node_text(src, "sender");
	char day[11], a[32], b[32];
	size_t i, whatsapp = 0;

	for (i = 0; i < k; i++)
		whatsapp += strcmp(ilog_node_text(ilog_node_get(all[run[i]]->cur,
		    "source"), "format"), "whatsapp") == 0;
	md_day_of(&first->occurred, day);
	ilog_when_format(&first->occurred, a);
	ilog_when_format(&last->occurred, b);
	ilog_buf_printf(out, "| %zu\xe2\x80\x93%zu | %s | %.5s\xe2\x80\x93%.5s | "
	    "as sent | ", run[0] + 1, run[k - 1] + 1, day, a + 11, b + 11);
	md_list_inline(out, ilog_node_get(first->cur, "behaviour"));
	ilog_buf_printf(out, " |  | %zu %s from ", k, whatsapp == k ?
	    "WhatsApp messages" : whatsapp ? "messages" : "text messages");
	if (!who)
		who = ilog_node_text(src, "number");
	ilog_md_inline(out, who ? who : "an unknown sender", who ? strlen(who) :
	    17);
	ilog_buf_printf(out, ", %.5s\xe2\x80\x93%.5s |  |\n", a + 11, b + 11);
}

/* "12 of 15 written down within a day": notes made at the time carry
 * weight, and the log says how many were. */
static void
freshness(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	struct ilog_when w;
	size_t i, all = 0, fresh = 0, sent = 0, noted = 0;

	for (i = 0; i < n; i++) {
		if (!md_counted(v[i]))
			continue;
		if (imported(v[i])) {
			sent++;
			continue;
		}
		if (written(v[i], &w) < 0)
			continue;
		all++;
		fresh += w.t >= v[i]->occurred.t && w.t - v[i]->occurred.t < DAY;
		noted += ilog_node_get(v[i]->cur, "noted") != NULL;
	}
	ilog_buf_adds(out, "Written: how long after it happened each incident "
	    "was written down.");
	if (all)
		ilog_buf_printf(out, " %zu of %zu %s written down within a day "
		    "(24 hours).", fresh, all, fresh == 1 ? "was" : "were");
	if (noted)
		ilog_buf_adds(out, " One copied in later from a note made at "
		    "the time counts from when the note was made.");
	if (sent)
		ilog_buf_printf(out, " The %zu imported message%s and call%s, "
		    "\"as sent\", are not counted: each is kept as it was "
		    "sent.", sent, sent == 1 ? "" : "s", sent == 1 ? "" : "s");
	ilog_buf_adds(out, "\n\n");
}

void
md_timeline(struct ilog_buf *out, const struct md_report *r)
{
	struct ilog_incident *const *v = r->v;
	size_t n = r->n;
	size_t i, k, *run;
	char *shown;

	ilog_buf_adds(out, "## Timeline\n\n");
	if (n == 0) {
		ilog_buf_adds(out, "No incidents.\n\n");
		return;
	}
	for (i = 0; i < n && !ilog_node_get(v[i]->cur, "identified"); i++)
		;
	if (i < n)
		ilog_buf_adds(out, "In brackets after a summary: how the suspect "
		    "was identified, where that was recorded.\n\n");
	ilog_buf_adds(out, "| No. | Date | Time | Written | Behaviour | "
	    "Location | Summary | Police reference |\n| --- | --- | --- | --- "
	    "| --- | --- | --- | --- |\n");
	shown = ilog_xcalloc(n, 1);
	run = ilog_xcalloc(n, sizeof *run);
	for (i = 0; i < n; i++) {
		if (shown[i])
			continue;
		k = message_run(v, n, i, shown, run);
		if (k > 1)
			run_row(out, v, run, k);
		else
			timeline_row(out, v[i], i + 1);
		md_spill(out, r);
	}
	free(run);
	free(shown);
	ilog_buf_addc(out, '\n');
	freshness(out, v, n);
}

