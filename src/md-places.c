/* md-places.c: the places that recur, and the reports made to the police
 * with their references */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "md.h"

/* Incidents that share a place: its key, how the first put it. */
struct place {
	char *key;
	const char *text;	/* the first member's location */
	size_t len;		/* of text shown; the part before a comma */
	int whole;		/* some member's whole location is the key */
	int mixed;		/* members' whole locations differ */
	const char *member_key;	/* the first member's whole key */
	size_t *which, n;
};

struct places {
	struct place *v;
	size_t n;
	char **keys;		/* each incident's whole key, or NULL */
	size_t redacted;	/* locations redacted in this copy */
};

static int
is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <=
	    'z') || c >= 0x80;
}

/* A leading word that says nothing about the place: "at home" is home. */
static size_t
skip_filler(const char *s)
{
	static const char *const filler[] = { "at ", "in ", "on ", "the ",
		"a ", "an ", NULL };
	size_t i, n, at = 0;

	for (i = 0; filler[i]; i++) {
		n = strlen(filler[i]);
		if (strncmp(s + at, filler[i], n) == 0 && s[at + n]) {
			at += n;
			i = (size_t)-1;
		}
	}
	return at;
}

/* Lower case words with one space between them, punctuation dropped
 * (an apostrophe joins: "mother's" is "mothers"). */
static char *
place_key(const char *s, size_t len)
{
	char *k = ilog_xcalloc(len + 1, 1), *key;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\'')
			continue;
		if (is_word_byte(c))
			k[n++] = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
		else if (n && k[n - 1] != ' ')
			k[n++] = ' ';
	}
	while (n && k[n - 1] == ' ')
		n--;
	k[n] = '\0';
	key = ilog_xstrdup(k + skip_filler(k));
	free(k);
	return key;
}

static struct place *
place_find(struct places *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].key, key) == 0)
			return &p->v[i];
	p->v = ilog_xrealloc(p->v, (p->n + 1) * sizeof *p->v);
	memset(&p->v[p->n], 0, sizeof *p->v);
	p->v[p->n].key = ilog_xstrdup(key);
	return &p->v[p->n++];
}

static void
place_add(struct places *p, const char *key, const char *whole_key,
    size_t i, const char *text, size_t len, size_t nincs)
{
	struct place *pl = place_find(p, key);

	if (!pl->which) {
		pl->which = ilog_xcalloc(nincs, sizeof *pl->which);
		pl->text = text;
		pl->len = len;
		pl->member_key = whole_key;
	}
	if (strcmp(key, whole_key) == 0 && !pl->whole) {
		pl->whole = 1;
		pl->text = text;
		pl->len = len;
	}
	pl->mixed |= strcmp(pl->member_key, whole_key) != 0;
	pl->which[pl->n++] = i;
}

/* Each incident in its whole location's group and, when the location has
 * a comma, in the group of what comes before it (a street, a building). */
static void
places_collect(const struct md_report *r, struct places *p)
{
	const char *loc, *comma;
	char *before;
	size_t i, len;

	p->keys = ilog_xcalloc(r->n ? r->n : 1, sizeof *p->keys);
	for (i = 0; i < r->n; i++) {
		if (!md_counted(r->v[i]) || !(loc = ilog_node_text(r->v[i]->cur,
		    "location")))
			continue;
		if (md_is_redacted(loc)) {	/* not one place: unknown ones */
			p->redacted++;
			continue;
		}
		len = strlen(loc);
		p->keys[i] = place_key(loc, len);
		if (!*p->keys[i])
			continue;
		place_add(p, p->keys[i], p->keys[i], i, loc, len, r->n);
		if (!(comma = memchr(loc, ',', len)))
			continue;
		before = place_key(loc, comma - loc);
		if (*before && strcmp(before, p->keys[i]) != 0)
			place_add(p, before, p->keys[i], i, loc, comma - loc,
			    r->n);
		free(before);
	}
}

/* Shown: two or more incidents, and not the same ones as a whole place. */
static int
place_shown(const struct place *pl)
{
	return pl->n >= 2 && (pl->whole || pl->mixed);
}

static int
place_cmp(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->which[0] < y->which[0] ? -1 : x->which[0] > y->which[0];
}

static void
places_free(struct places *p, size_t n)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].key), free(p->v[i].which);
	for (i = 0; i < n; i++)
		free(p->keys[i]);
	free(p->v);
	free(p->keys);
}

static void
place_row(struct ilog_buf *out, const struct md_report *r,
    const struct place *pl)
{
	ilog_buf_adds(out, "| ");
	ilog_md_inline(out, pl->text, pl->len);
	if (pl->mixed)
		ilog_buf_adds(out, ", \xe2\x80\xa6");
	ilog_buf_printf(out, " | %zu | ", pl->n);
	md_links(out, r, pl->which, pl->n, "");
	ilog_buf_adds(out, " |\n");
}

void
md_places(struct ilog_buf *out, const struct md_report *r)
{
	struct places p = { 0 };
	size_t i, shown = 0;

	places_collect(r, &p);
	if (p.n > 1)	/* no places: no array to sort */
		qsort(p.v, p.n, sizeof *p.v, place_cmp);
	ilog_buf_adds(out, "### Places that recur\n\n");
	for (i = 0; i < p.n; i++)
		shown += place_shown(&p.v[i]);
	if (shown == 0) {
		ilog_buf_adds(out, p.redacted ? "The locations are redacted in "
		    "this copy.\n\n" : "No place is named in more than one "
		    "incident.\n\n");
		places_free(&p, r->n);
		return;
	}
	ilog_buf_adds(out, "Places named in two or more incidents, whatever "
	    "their case and punctuation. A place that ends in \xe2\x80\xa6 "
	    "gathers the locations that begin with it, up to a comma (a "
	    "street, a building).\n\n| Place | Incidents | Which |\n"
	    "| --- | ---: | --- |\n");
	for (i = 0; i < p.n; i++)
		if (place_shown(&p.v[i]))
			place_row(out, r, &p.v[i]);
	ilog_buf_addc(out, '\n');
	places_free(&p, r->n);
}

static int
reported(const struct ilog_incident *inc)
{
	const struct ilog_node *p = ilog_node_get(inc->cur, "police");

	return md_counted(inc) && p && p->kind == ILOG_MAP &&
	    (ilog_node_text(p, "reported") || ilog_node_text(p, "reference") ||
	    ilog_node_text(p, "officer"));
}

static void
police_row(struct ilog_buf *out, const struct md_report *r, size_t i)
{
	const struct ilog_node *p = ilog_node_get(r->v[i]->cur, "police");
	struct ilog_when w;
	char day[11];

	md_day_of(&r->v[i]->occurred, day);
	ilog_buf_adds(out, "| ");
	md_incident_link(out, r, i, "");
	ilog_buf_printf(out, " | %s | ", day);
	if (ilog_record_time(p, "reported", &w) == 0)
		md_when(out, &w);
	ilog_buf_adds(out, " | ");
	md_text_inline(out, p, "reference");
	ilog_buf_adds(out, " | ");
	md_text_inline(out, p, "officer");
	ilog_buf_adds(out, " |\n");
}

/* How many different references: the same one typed twice is one
 * (sorted, so that a log of thousands of reports costs no more than
 * sorting them). */
static size_t
references(const struct md_report *r)
{
	const char **v = ilog_xcalloc(r->n ? r->n : 1, sizeof *v);
	const char *ref;
	size_t i, n = 0, k = 0;

	for (i = 0; i < r->n; i++)
		if (reported(r->v[i]) && (ref = ilog_node_text(ilog_node_get(
		    r->v[i]->cur, "police"), "reference")))
			v[n++] = ref;
	if (n)
		qsort(v, n, sizeof *v, ilog_str_cmp);
	for (i = 0; i < n; i++)
		k += i == 0 || strcmp(v[i - 1], v[i]) != 0;
	free(v);
	return k;
}

void
md_police(struct ilog_buf *out, const struct md_report *r)
{
	size_t i, k = 0, refs = references(r);

	for (i = 0; i < r->n; i++)
		k += reported(r->v[i]);
	ilog_buf_adds(out, "### Reports to the police\n\n");
	if (k == 0) {
		ilog_buf_adds(out, "No incident records a report to the "
		    "police.\n\n");
		return;
	}
	ilog_buf_printf(out, "%zu of the %zu incidents were reported to the "
	    "police, under %zu reference%s.\n\n", k, md_count_counted(r->v, r->n),
	    refs, refs == 1 ? "" : "s");
	ilog_buf_adds(out, "| No. | Date | Reported | Reference | Officer |\n"
	    "| --- | --- | --- | --- | --- |\n");
	for (i = 0; i < r->n; i++)
		if (reported(r->v[i]))
			police_row(out, r, i);
	ilog_buf_addc(out, '\n');
}
