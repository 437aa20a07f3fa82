/* pick.c: the filters of ilog-pick: AND across filters, OR within one */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

static const char *const grep_fields[] = { "summary", "details",
	"location", "suspect", "vehicle", "witnesses", "police", "impact",
	"evidence", "withdrawn", "note", "channel", NULL };

static void
words_push(struct ilog_words *w, const char *s)
{
	w->v = ilog_xrealloc(w->v, (w->n + 1) * sizeof *w->v);
	w->v[w->n++] = s;
}

static void
times_push(struct ilog_times *t, time_t v)
{
	t->v = ilog_xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	t->v[t->n++] = v;
}

/* The last second of the local day that starts at t. */
static time_t
day_end(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm) - 1;
}

int
ilog_filter_add(struct ilog_filter *f, int opt, const char *arg,
    struct ilog_err *e)
{
	char shown[ILOG_SHOWN_MAX * 4 + 1];
	struct ilog_when w;
	regex_t re;
	int rc;

	switch (opt) {
	case 's':
	case 'u':
		if (ilog_when_parse(arg, time(NULL), &w, e) < 0)
			return -1;
		times_push(opt == 's' ? &f->since : &f->until,
		    opt == 'u' && w.date_only ? day_end(w.t) : w.t);
		return 0;
	case 'b':
		if (!ilog_behaviour_valid(arg))
			return ilog_err_set(e, "unknown behaviour '%s' (valid: "
			    "%s)", ilog_shown(arg, shown), ilog_behaviour_names()), -1;
		words_push(&f->behaviours, arg);
		return 0;
	case 't':
	case 'T':
		if (!ilog_tag_valid(arg))
			return ilog_err_set(e, "bad tag '%s': use lower-case "
			    "letters, digits, - and _", ilog_shown(arg, shown)), -1;
		words_push(opt == 't' ? &f->tags : &f->not_tags, arg);
		return 0;
	case 'g':
		if ((rc = regcomp(&re, arg, REG_EXTENDED | REG_ICASE |
		    REG_NEWLINE | REG_NOSUB))) {
			char why[128];

			regerror(rc, &re, why, sizeof why);
			return ilog_err_set(e, "bad pattern '%s': %s",
			    ilog_shown(arg, shown), why), -1;
		}
		f->res = ilog_xrealloc(f->res, (f->nres + 1) * sizeof *f->res);
		f->res[f->nres++] = re;
		return 0;
	case 'r':
		f->reported |= 1;
		return 0;
	case 'R':
		f->reported |= 2;
		return 0;
	}
	return ilog_err_set(e, "unknown filter"), -1;
}

static int
any_word(const struct ilog_node *seq, const struct ilog_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (ilog_seq_has(seq, w->v[i]))
			return 1;
	return 0;
}

static int
node_matches(const struct ilog_node *n, const regex_t *re)
{
	size_t i;

	if (n->kind == ILOG_SCALAR)
		return regexec(re, n->str, 0, NULL, 0) == 0;
	for (i = 0; i < n->n; i++)
		if (node_matches(n->items[i], re))
			return 1;
	return 0;
}

static int
text_matches(const struct ilog_node *doc, const struct ilog_filter *f)
{
	const struct ilog_node *n;
	size_t i, k;

	for (i = 0; i < f->nres; i++)
		for (k = 0; grep_fields[k]; k++)
			if ((n = ilog_node_get(doc, grep_fields[k])) &&
			    node_matches(n, &f->res[i]))
				return 1;
	return 0;
}

static int
time_after_any(time_t t, const struct ilog_times *v, int after)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (after ? t >= v->v[i] : t <= v->v[i])
			return 1;
	return 0;
}

int
ilog_filter_match(const struct ilog_filter *f, const struct ilog_incident *inc)
{
	const struct ilog_node *cur = inc->cur;
	const struct ilog_node *police = ilog_node_get(cur, "police");
	int reported = ilog_node_get(police, "reported") != NULL;

	if (f->since.n && !time_after_any(inc->occurred.t, &f->since, 1))
		return 0;
	if (f->until.n && !time_after_any(inc->occurred.t, &f->until, 0))
		return 0;
	if (f->behaviours.n && !any_word(ilog_node_get(cur, "behaviour"),
	    &f->behaviours))
		return 0;
	if (f->tags.n && !any_word(ilog_node_get(cur, "tags"), &f->tags))
		return 0;
	if (f->not_tags.n && any_word(ilog_node_get(cur, "tags"), &f->not_tags))
		return 0;
	if (f->nres && !text_matches(cur, f))
		return 0;
	if (f->reported == 1 && !reported)
		return 0;
	if (f->reported == 2 && reported)
		return 0;
	return 1;
}

void
ilog_filter_free(struct ilog_filter *f)
{
	size_t i;

	for (i = 0; i < f->nres; i++)
		regfree(&f->res[i]);
	free(f->res);
	free(f->since.v);
	free(f->until.v);
	free(f->behaviours.v);
	free(f->tags.v);
	free(f->not_tags.v);
	memset(f, 0, sizeof *f);
}
