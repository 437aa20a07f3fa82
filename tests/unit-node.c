/* unit-node: the cache's compact form of a record gives back the same tree */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "tap.h"

static struct ilog_node *
sample(void)
{
	static const char text[] =
	    "id: 20261128T145312Z-k3f9\n"
	    "occurred: 2026-11-27T21:40:00+00:00\n"
	    "summary: \"Grey car: again \\u0000 with a NUL\"\n"
	    "behaviour: [watching, loitering]\n"
	    "details: |\n  two\n   lines\n"
	    "witnesses:\n- {name: \"O'Brien, Siobh\\u00e1n\", saw: ''}\n"
	    "evidence:\n- {file: evidence/x.gpg, size: 12}\n"
	    "mood: 3\n"
	    "empty: {}\n"
	    "none: []\n";
	struct ilog_node **docs, *doc;
	struct ilog_err e;
	size_t n;

	if (ilog_yaml_parse(text, sizeof text - 1, &docs, &n, &e) < 0 || n != 1)
		return NULL;
	doc = docs[0];
	free(docs);
	return doc;
}

static int
same_raw(const struct ilog_node *a, const struct ilog_node *b)
{
	size_t i;

	if (a->kind != b->kind || a->raw != b->raw || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!same_raw(a->items[i], b->items[i]))
			return 0;
	return 1;
}

int
main(void)
{
	struct ilog_node *doc = sample(), *back;
	struct ilog_buf form = { 0 }, again = { 0 };
	size_t cut, bad = 0;

	ok(doc != NULL, "the sample record parses");
	if (!doc)
		return 1;
	ilog_node_encode(doc, &form);
	back = ilog_node_decode(form.s, form.len);
	ok(back != NULL, "the encoded form decodes");
	ok(back && ilog_node_equal(doc, back), "... to an equal tree");
	ok(back && same_raw(doc, back), "... with the same plain/quoted marks");
	ok(back && ilog_node_get(back, "summary")->len == 28 &&
	    memchr(ilog_node_get(back, "summary")->str, '\0', 28) != NULL,
	    "a NUL inside a string survives");
	ok(back && strcmp(back->keys[back->n - 1], "none") == 0,
	    "keys keep their order");
	if (back)
		ilog_node_encode(back, &again);
	ok(again.len == form.len && memcmp(again.s, form.s, form.len) == 0,
	    "encoding the decoded tree gives the same bytes");
	for (cut = 0; cut < form.len; cut++) {
		struct ilog_node *t = ilog_node_decode(form.s, cut);

		if (t) {
			bad++;
			ilog_node_free(t);
		}
	}
	ok(bad == 0, "every truncation is refused, none crashes");
	if (back) {	/* it borrows from form: changes copy, form stays */
		struct ilog_node *copy = ilog_node_copy(back);
		char *before = ilog_xstrndup(form.s, form.len);

		ilog_node_set(back, "summary", ilog_node_str("changed"));
		ilog_node_set(back, "added", ilog_node_str("new"));
		ilog_node_unset(back, "none");
		ilog_node_push(ilog_node_get(back, "behaviour"),
		    ilog_node_str("t"));
		ok(strcmp(ilog_node_text(back, "summary"), "changed") == 0 &&
		    strcmp(ilog_node_text(back, "added"), "new") == 0 &&
		    !ilog_node_get(back, "none"),
		    "a decoded tree can be changed");
		ok(memcmp(before, form.s, form.len) == 0,
		    "... without touching the form it was decoded from");
		ok(ilog_node_equal(copy, doc), "a copy of it is its own");
		ilog_node_free(copy);
		free(before);
	}
	ilog_node_free(back);
	back = NULL;
	ilog_buf_addc(&form, 's');
	ok(ilog_node_decode(form.s, form.len) == NULL,
	    "trailing bytes are refused");
	form.s[0] = 'x';
	ok(ilog_node_decode(form.s, form.len) == NULL,
	    "an unknown kind is refused");
	ilog_node_free(doc);
	ilog_node_free(back);
	ilog_buf_free(&form);
	ilog_buf_free(&again);
	return done_testing();
}
