/* md.c: the Markdown report: CommonMark with GFM pipe tables, no HTML;
 * its title and scope, then one module per section */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ilog.h"
#include "md.h"

/* In the order they happened, each once however often it was named. */
static struct ilog_incident **
chronological(struct ilog_incident *const *incs, size_t n, size_t *out_n)
{
	struct ilog_incident **v = ilog_xcalloc(n, sizeof *v);
	size_t i, k = 0;

	if (n > 0)
		memcpy(v, incs, n * sizeof *v);
	qsort(v, n, sizeof *v, ilog_incident_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	*out_n = k;
	return v;
}

static void
md_period(struct ilog_buf *out, struct ilog_incident *const *v, size_t n)
{
	const struct ilog_incident *first = NULL, *last = NULL;
	char a[11], b[11];
	size_t i;

	for (i = 0; i < n; i++)
		if (md_counted(v[i])) {
			if (!first)
				first = v[i];
			last = v[i];
		}
	if (!first)
		return;
	md_day_of(&first->occurred, a);
	md_day_of(&last->occurred, b);
	ilog_buf_printf(out, "- Period covered: %s to %s\n", a, b);
}

/* Whether the reader holds the whole log or a part of it. */
static void
md_scope(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *v, size_t n)
{
	size_t i, live = 0, withdrawn, shown = md_count_counted(v, n);

	for (i = 0; i < log->nincs; i++)
		live += md_counted(&log->incs[i]);
	withdrawn = log->nincs - live - (n - shown);
	if (shown < live)
		ilog_buf_printf(out, "This report shows a selection: %zu of the "
		    "%zu incidents in the log that were not withdrawn.\n\n",
		    shown, live);
	if (withdrawn > 0)
		ilog_buf_printf(out, "%zu withdrawn incident%s not shown.\n\n",
		    withdrawn, withdrawn == 1 ? " is" : "s are");
}

/* Which fields this copy leaves out, said before anything else. */
static void
md_redacted_line(struct ilog_buf *out, const struct ilog_redact *fields)
{
	size_t i;

	if (!fields || fields->n == 0)
		return;
	ilog_buf_adds(out, "**Redacted in this copy:** ");
	for (i = 0; i < fields->n; i++) {
		if (i)
			ilog_buf_adds(out, ", ");
		ilog_md_inline(out, fields->fields[i], strlen(fields->fields[i]));
	}
	ilog_buf_adds(out, ". Their values read \\[redacted\\], here and "
	    "wherever else they appear word for word. The digests under "
	    "Verification are of the full records, so this copy can be "
	    "checked against the log.\n\n");
}

static void
md_title(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *v, size_t n, const struct ilog_md_opts *o)
{
	size_t shown = md_count_counted(v, n), start;
	struct ilog_when now;

	ilog_buf_adds(out, "# ");
	start = out->len;
	if (o->title)
		ilog_md_inline(out, o->title, strlen(o->title));
	if (out->len == start)
		ilog_buf_adds(out, "Record of incidents");
	ilog_buf_adds(out, "\n\n");
	if (o->author && *o->author) {
		ilog_buf_adds(out, "Prepared by ");
		ilog_md_inline(out, o->author, strlen(o->author));
		ilog_buf_adds(out, "\n\n");
	}
	md_redacted_line(out, o->redact);
	md_period(out, v, n);
	ilog_buf_printf(out, "- Number of incidents: %zu", shown);
	if (n > shown)
		ilog_buf_printf(out, " (and %zu withdrawn, shown but not counted)",
		    n - shown);
	ilog_buf_adds(out, "\n- Report made: ");
	if (ilog_when_parse("now", o->now, &now, NULL) == 0)
		md_when(out, &now);
	ilog_buf_adds(out, "\n\n");
	md_scope(out, log, v, n);
	ilog_buf_adds(out, "Times are local times, with their offset from UTC. "
	    "Each incident says when it was written down. The verification "
	    "section near the end lets anyone check that the records shown "
	    "were not changed after they were written.\n\n");
}

/* The incidents in full, the longest part, made by a thread of their own
 * while the sections before them are: into a buffer of their own (nothing
 * of it spilled), which goes out in its place. Every section only reads
 * the report. Past PART_MAX incidents (some 7 MB of text held) they are
 * made in turn and spilled as they go: memory counts more then. */
#define PART_MAX 4096

struct part {
	struct md_report r;
	struct ilog_md_opts o;
	struct ilog_buf out;
};

static void *
part_incidents(void *arg)
{
	struct part *p = arg;

	md_incidents(&p->out, &p->r);
	return NULL;
}

static void
part_put(struct ilog_buf *out, struct part *p, const struct md_report *r)
{
	struct ilog_md_sink *sink = r->o->sink;

	if (sink && ((out->len && ilog_buf_flush(out, sink->fd) < 0) ||
	    ilog_buf_flush(&p->out, sink->fd) < 0) && !sink->failed)
		sink->failed = errno ? errno : EIO;
	if (!sink)
		ilog_buf_add(out, p->out.s, p->out.len);
	ilog_buf_free(&p->out);
}

void
ilog_md_report(struct ilog_buf *out, const struct ilog_log *log,
    struct ilog_incident *const *incs, size_t n,
    const struct ilog_md_opts *o)
{
	struct md_report r = { .log = log, .o = o };
	struct md_redacted red;
	struct part inc = { 0 };
	pthread_t th;
	int apart;

	if (o->redact && o->redact->n) {
		md_redact(log, incs, n, o->redact, &red);
		log = r.log = &red.log;
		incs = red.v;
	}
	r.v = chronological(incs, n, &r.n);
	md_exhibits_find(&r);
	inc.r = r;
	inc.o = *o;
	inc.o.sink = NULL;
	inc.r.o = &inc.o;
	apart = r.n <= PART_MAX && pthread_create(&th, NULL, part_incidents,
	    &inc) == 0;
	md_title(out, log, r.v, r.n, o);
	md_case(out, &r);
	md_spill(out, &r);
	md_conduct(out, &r);
	md_spill(out, &r);
	md_risk(out, &r);
	md_spill(out, &r);
	md_timeline(out, &r);
	md_spill(out, &r);
	md_exhibits(out, &r);
	if (apart) {
		pthread_join(th, NULL);
		part_put(out, &inc, &r);
	} else {
		md_spill(out, &r);
		md_incidents(out, &r);
	}
	md_verification(out, &r);
	md_statement(out, &r);
	free(r.exhibits);
	free(r.v);
	if (o->redact && o->redact->n)
		md_redacted_free(&red);
}

