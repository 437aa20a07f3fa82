/* pick.c: the filters of ilog-pick: AND across filters, OR within one */
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

#define STR(x) STR_(x)
#define STR_(x) #x

static const char *const grep_fields[] = { "summary", "details",
	"said", "location", "from", "present", "weapon", "fear", "suspect",
	"vehicle", "witnesses", "police", "impact", "evidence", "withdrawn",
	"note", "channel", NULL };

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

#define PATTERN_MAX 256		/* bytes */
#define PATTERN_WEIGHT_MAX 2000	/* characters, repetitions counted out */
#define PATTERN_DUP_MAX 255	/* the least RE_DUP_MAX POSIX allows */
#define PATTERN_DEPTH_MAX 32

/* Past a bracket expression, [...] with its [:class:] and its ] first. */
static const char *
skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char end = p[1];

			for (p += 2; *p && !(p[0] == end && p[1] == ']'); p++)
				;
			if (*p)
				p++;
		}
		if (*p)
			p++;
	}
	return *p ? p + 1 : p;
}

/* {m}, {m,} or {m,n}: the greatest count, or -1 when it is not a bound. */
static long
read_bound(const char **p)
{
	const char *s = *p + 1;
	char *end;
	long m, n;

	if (*s < '0' || *s > '9')
		return -1;
	m = strtol(s, &end, 10);
	n = m;
	if (*end == ',') {
		s = end + 1;
		n = *s >= '0' && *s <= '9' ? strtol(s, &end, 10) :
		    m < LONG_MAX ? m + 1 : m;	/* strtol saturates */
		if (s == end)
			end = (char *)s;
	}
	if (*end != '}')
		return -1;
	*p = end + 1;
	return n > m ? n : m;
}

/*
 * glibc's regcomp copies a repeated part once per count, and a repetition
 * of a repetition doubles its automaton: a{1,32767} took 8 GB, and a
 * followed by 22 +'s 4 GB.  So a pattern is measured before it is compiled:
 * its length, the size it has with repetitions counted out, and no
 * repetition of a repetition (undefined in POSIX anyway).
 */
static const char *
pattern_refused(const char *p)
{
	long long w[PATTERN_DEPTH_MAX + 1] = { 0 }, last = 0, atom, times;
	int depth = 0, repeated = 0;

	if (strlen(p) > PATTERN_MAX)
		return "longer than " STR(PATTERN_MAX) " bytes";
	while (*p) {
		times = 0;
		atom = 1;
		if (*p == '*' || *p == '+' || *p == '?') {
			times = 2;
			p++;
		} else if (*p == '{' && (times = read_bound(&p)) >= 0) {
			if (times > PATTERN_DUP_MAX)
				return "a repetition count above "
				    STR(PATTERN_DUP_MAX);
			times = times ? times : 1;
		} else if (*p == '(') {
			if (depth == PATTERN_DEPTH_MAX)
				return "groups nested too deeply";
			w[++depth] = 0;
			p++;
			last = 0;
			repeated = 0;
			continue;
		} else if (*p == ')' && depth > 0) {
			atom = w[depth--] + 1;
			p++;
		} else if (*p == '|' || *p == '^' || *p == '$') {
			atom = 0;
			p++;
		} else if (*p == '[') {
			p = skip_bracket(p);
		} else {
			p += p[0] == '\\' && p[1] ? 2 : 1;
		}
		if (times > 0) {
			if (repeated)
				return "a repetition of a repetition (such as a++)";
			w[depth] += last * (times - 1);
			last *= times;
			repeated = 1;
		} else {
			w[depth] += atom;
			last = atom;
			repeated = 0;
		}
		if (w[depth] > PATTERN_WEIGHT_MAX)
			return "too complex: more than " STR(PATTERN_WEIGHT_MAX)
			    " characters with its repetitions counted out";
	}
	return NULL;
}

int
ilog_filter_add(struct ilog_filter *f, int opt, const char *arg,
    struct ilog_err *e)
{
	char shown[ILOG_SHOWN_SIZE];
	const char *why;
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
			return ilog_tag_refused(arg, e), -1;
		words_push(opt == 't' ? &f->tags : &f->not_tags, arg);
		return 0;
	case 'g':
		if ((why = pattern_refused(arg)))
			return ilog_err_set(e, "bad pattern '%s': %s",
			    ilog_shown(arg, shown), why), -1;
		if ((rc = regcomp(&re, arg, REG_EXTENDED | REG_ICASE |
		    REG_NEWLINE | REG_NOSUB))) {
			char msg[128];

			regerror(rc, &re, msg, sizeof msg);
			return ilog_err_set(e, "bad pattern '%s': %s",
			    ilog_shown(arg, shown), msg), -1;
		}
		f->res = ilog_xrealloc(f->res, (f->nres + 1) * sizeof *f->res);
		f->res[f->nres++] = re;
		return 0;
	case 'i':
		if (strcmp(arg, "none") != 0 && !ilog_identified_valid(arg))
			return ilog_err_set(e, "unknown identified '%s' (valid: "
			    "%s, none)", ilog_shown(arg, shown),
			    ilog_identified_names()), -1;
		words_push(&f->identified, arg);
		return 0;
	case 'H':
		if (!ilog_record_field_known(arg)) {
			const char *near = ilog_record_field_nearest(arg);

			return ilog_err_set(e, "unknown field '%s'%s%s%s (see "
			    "ilog(5))", ilog_shown(arg, shown), near ?
			    ": did you mean " : "", near ? near : "", near ?
			    "?" : ""), -1;
		}
		words_push(&f->has, arg);
		return 0;
	case 'F':
		words_push(&f->from, arg);
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
identified_as(const struct ilog_node *doc, const struct ilog_words *w)
{
	const char *how = ilog_node_text(doc, "identified");
	size_t i;

	for (i = 0; i < w->n; i++)
		if (how ? strcmp(how, w->v[i]) == 0 : strcmp(w->v[i], "none") == 0)
			return 1;
	return 0;
}

static int
has_any(const struct ilog_node *doc, const struct ilog_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (ilog_record_has(doc, w->v[i]))
			return 1;
	return 0;
}

static int
from_any(const struct ilog_node *doc, const struct ilog_words *w)
{
	const char *from = ilog_record_from(doc);
	size_t i;

	for (i = 0; from && i < w->n; i++)
		if (ilog_contact_same(from, w->v[i]))
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
	if (f->identified.n && !identified_as(cur, &f->identified))
		return 0;
	if (f->has.n && !has_any(cur, &f->has))
		return 0;
	if (f->from.n && !from_any(cur, &f->from))
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
	free(f->identified.v);
	free(f->has.v);
	free(f->from.v);
	memset(f, 0, sizeof *f);
}
