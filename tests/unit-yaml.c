/* unit-yaml.c: what a user typed comes back byte for byte; bad YAML is
 * refused with a line number and without its text; prints TAP */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"
#include "tap.h"

#define MARKER "SECRETMARKER"

/* A diagnostic line: at most 200 bytes, control characters escaped. */
static void
diag(const char *what, const char *s, size_t len)
{
	size_t i;

	printf("# %s: ", what);
	for (i = 0; i < len && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c < 0x20 || c == 0x7f || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	puts(len > 200 ? "..." : "");
}

static void
docs_free(struct ilog_node **docs, size_t n)
{
	while (n > 0)
		ilog_node_free(docs[--n]);
	free(docs);
}

/* Parses text that must be one document; NULL (and e set) otherwise. */
static struct ilog_node *
parse_one(const char *text, size_t len, struct ilog_err *e)
{
	struct ilog_node **docs = NULL, *doc;
	size_t n = 0;

	if (ilog_yaml_parse(text, len, &docs, &n, e) < 0)
		return NULL;
	if (n != 1) {
		ilog_err_set(e, "%zu documents", n);
		docs_free(docs, n);
		return NULL;
	}
	doc = docs[0];
	free(docs);
	return doc;
}

/* The emitted text of the value of "summary:", after the separating space. */
static const char *
summary_value(const struct ilog_buf *out)
{
	const char *p = strstr(out->s, "summary:");

	if (!p)
		return "";
	p += strlen("summary:");
	return *p == ' ' ? p + 1 : p;
}

/* Readers disagree about raw CR, NEL, LS and PS (YAML 1.1 takes them as
 * line breaks, 1.2 not all), and about other control characters. */
static int
text_is_portable(const struct ilog_buf *out)
{
	const unsigned char *s = (const unsigned char *)out->s;
	size_t i;

	for (i = 0; i < out->len; i++) {
		if ((s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') ||
		    s[i] == 0x7f)
			return 0;
		if (i + 1 < out->len && s[i] == 0xc2 && s[i + 1] == 0x85)
			return 0;
		if (i + 2 < out->len && s[i] == 0xe2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
			return 0;
	}
	return 1;
}

/* {summary: S} written and read back is S, byte for byte. */
static void
round_trip(const char *name, const char *s, size_t len)
{
	struct ilog_node *doc = ilog_node_map(), *back = NULL;
	const struct ilog_node *got = NULL;
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };
	const char *v;
	int pass;

	ilog_node_set(doc, "summary", ilog_node_strn(s, len));
	if (ilog_yaml_emit(doc, &out, &e) == 0 &&
	    (back = parse_one(out.s, out.len, &e)))
		got = ilog_node_get(back, "summary");
	pass = got && got->kind == ILOG_SCALAR && got->len == len &&
	    memcmp(got->str, s, len) == 0 && back->n == 1;
	if (!ok(pass, "round trip: %s", name)) {
		diag("emitted", out.s ? out.s : "", out.len);
		if (got)
			diag("read back", got->str, got->len);
		printf("# error: %s\n", e.msg);
	}
	if (out.s) {
		/* a plain scalar would be a bool, null, number or date to some
		 * reader, or would change shape: it must be quoted or a block */
		v = summary_value(&out);
		if (!ok(ilog_yaml_plain_safe(s, len) || strchr("'\"|>", *v),
		    "quoted or block for every reader: %s", name))
			diag("emitted", out.s, out.len);
		if (!ok(text_is_portable(&out), "no raw control or odd line "
		    "break in the text: %s", name))
			diag("emitted", out.s, out.len);
	}
	ilog_node_free(back);
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

#define S(name, lit) { name, lit, sizeof lit - 1 }

static const struct hard {
	const char *name, *s;
	size_t len;
} hard[] = {
	S("empty", ""),
	S("single quote", "it's"),
	S("quoted in single quotes", "'single'"),
	S("quoted in double quotes", "\"double\""),
	S("a lone double quote", "\""),
	S("mixed quotes", "\"'mixed'\" and 'x\""),
	S("colon and space", "a: b"),
	S("colon without space", "a:b"),
	S("trailing colon", "a:"),
	S("a URL", "http://x.example/?q=1#frag"),
	S("hash", "#"),
	S("space hash", " #x"),
	S("hash after a word", "text # not a comment"),
	S("leading spaces", "   leading"),
	S("trailing spaces", "trailing   "),
	S("one space", " "),
	S("yes", "yes"), S("no", "no"), S("null", "null"), S("tilde", "~"),
	S("true", "true"), S("on", "on"), S("off", "off"), S("Y", "Y"),
	S("N", "N"), S("y", "y"), S("NULL", "NULL"), S("Yes", "Yes"),
	S("FALSE", "FALSE"), S("Off", "Off"),
	S("1.0", "1.0"), S("0x1F", "0x1F"), S("1e3", "1e3"), S("012", "012"),
	S(".inf", ".inf"), S("-.inf", "-.inf"), S(".NaN", ".NaN"),
	S("1_000", "1_000"), S("sexagesimal", "190:20:30"), S("-1", "-1"),
	S("+1", "+1"), S("0b101", "0b101"), S("0o17", "0o17"),
	S("a date", "2026-01-01"), S("a time", "12:30"),
	S("a timestamp", "2001-12-14t21:59:43.10-05:00"),
	S("emoji", "\xf0\x9f\x9a\x97\xf0\x9f\x92\xa8 grey car"),
	S("a family emoji (ZWJ)",
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
	    "\xf0\x9f\x91\xa7"),
	S("accented letters", "Siobh\xc3\xa1n Zo\xc3\xab"),
	S("right-to-left text with U+200F",
	    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\xe2\x80\x8f"),
	S("U+200F first", "\xe2\x80\x8fleading RLM"),
	S("no-break space at the end", "ab\xc2\xa0"),
	S("a BOM inside", "a\xef\xbb\xbf" "b"),
	S("a BOM first", "\xef\xbb\xbf" "bom"),
	S("tab inside", "a\tb"),
	S("leading tab", "\tx"),
	S("trailing tab", "x\t"),
	S("backslashes", "C:\\path\\to\\file"),
	S("a lone backslash", "\\"),
	S("backslash n", "\\n is not a newline"),
	S("control 0x01", "x\x01y"),
	S("DEL 0x7f", "del\x7f"),
	S("escape sequence", "\x1b[31mred\x1b[0m"),
	S("carriage return", "a\rb"),
	S("CR LF", "a\r\nb"),
	S("U+0085 NEL", "x\xc2\x85y"),
	S("U+2028 line separator", "x\xe2\x80\xa8y"),
	S("U+2029 paragraph separator", "x\xe2\x80\xa9y"),
	S("spaces around U+2028", "x \xe2\x80\xa8 y"),
	S("U+2028 first", "\xe2\x80\xa8x"),
	S("a NUL inside", "before\0after"),
	S("a NUL alone", "\0"),
	S("multi-line with indentation",
	    "line one\n  indented two\n    four\nback"),
	S("multi-line with trailing spaces", "trailing  \nnext  \n"),
	S("multi-line with blank lines", "one\n\n\nfour\n"),
	S("leading newline", "\nleading newline"),
	S("two leading newlines", "\n\nx"),
	S("indented first line", "  indented first\nsecond"),
	S("multi-line, no final newline", "a\nb"),
	S("multi-line, one final newline", "a\nb\n"),
	S("multi-line, two final newlines", "a\nb\n\n"),
	S("only a newline", "\n"),
	S("only newlines", "\n\n\n"),
	S("spaces then a line", "   \n  x"),
	S("multi-line tabs", "tab\tline\n\tnext\n"),
	S("looks like YAML", "key: v\nother: w\n- x\n"),
	S("document markers inside", "a\n---\n...\nb"),
	S("a sequence entry", "- x"),
	S("flow sequence", "[a]"),
	S("flow map", "{a}"),
	S("flow map with a colon", "{a: 1}"),
	S("anchor", "&a"), S("alias", "*a"), S("tag", "!a"), S("directive", "%a"),
	S("at", "@a"), S("backtick", "`a"), S("pipe", "|"), S("folded", ">"),
	S("pipe with chomping", "|-"), S("folded keep", ">+"),
	S("dash", "-"), S("three dashes", "---"), S("three dots", "..."),
	S("dashes and text", "--- x"), S("dots and text", "... x"),
	S("question", "? x"), S("equals", "="), S("merge", "<<"),
	S("a tag word", "!!str"), S("a comma first", ",comma"),
	S("YAML directive", "%YAML 1.1"),
	S("ordinary sentence", "Grey car parked opposite the house again"),
	S("O'Brien, comma", "O'Brien, Siobh\xc3\xa1n"),
};

static void
test_round_trips(void)
{
	char *line = ilog_xmalloc(10001), *words;
	size_t i;

	for (i = 0; i < sizeof hard / sizeof hard[0]; i++)
		round_trip(hard[i].name, hard[i].s, hard[i].len);
	memset(line, 'x', 10000);
	line[10000] = '\0';
	round_trip("a 10,000-character line", line, 10000);
	for (i = 0; i + 5 <= 10000; i += 5)
		memcpy(line + i, "word ", 5);
	round_trip("10,000 characters of words, trailing space", line, 10000);
	for (i = 0; i + 3 <= 9999; i += 3)
		memcpy(line + i, "a: ", 3);
	line[9999] = 'z';
	round_trip("10,000 characters of 'a: '", line, 10000);
	words = ilog_xmalloc(20001);
	for (i = 0; i < 20000; i += 2)
		memcpy(words + i, "a\n", 2);
	round_trip("10,000 lines", words, 20000);
	free(words);
	free(line);
}

/* Keys that look like YAML syntax come back as the same keys, in order. */
static void
test_odd_keys(void)
{
	static const char *const keys[] = { "a: b", "#k", " #k", "- k", "",
	    " lead", "trail ", "yes", "1.0", "~", "k\nl", "[x]", "{y}", "&a",
	    "*a", "!t", "? q", "<<", "=", "|", "'q'", "\"dq\"",
	    "\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87", "\xf0\x9f\x94\x91", NULL };
	struct ilog_node *doc = ilog_node_map(), *back = NULL;
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };
	size_t i, n = 0;
	int same;

	for (i = 0; keys[i]; i++, n++)
		ilog_node_set(doc, keys[i], ilog_node_str(keys[i]));
	if (ilog_yaml_emit(doc, &out, &e) == 0)
		back = parse_one(out.s, out.len, &e);
	same = back && back->kind == ILOG_MAP && back->n == n;
	for (i = 0; same && i < n; i++)
		same = strcmp(back->keys[i], keys[i]) == 0 &&
		    strcmp(back->items[i]->str, keys[i]) == 0;
	if (!ok(same, "keys that look like syntax come back, in order"))
		printf("# error: %s\n", e.msg);
	ok(out.s && strstr(out.s, "\nyes:") == NULL,
	    "a key 'yes' is quoted, so no reader takes it for a bool");
	ilog_node_free(back);
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

static void
test_plain_safe(void)
{
	static const char *const unsafe[] = {
	    /* YAML 1.1 bool */
	    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true",
	    "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
	    "Off", "OFF",
	    /* null */
	    "~", "null", "Null", "NULL", "",
	    /* int */
	    "0", "12", "012", "-12", "+12", "0x1F", "0b1010", "0o17", "1_000",
	    "190:20:30",
	    /* float */
	    "1.0", "-1.5", "1e3", "6.8523015e+5", "685.230_15e+03",
	    "190:20:30.15", ".5", ".inf", ".Inf", ".INF", "-.inf", "+.inf",
	    ".nan", ".NaN", ".NAN",
	    /* timestamp */
	    "2026-01-01", "2001-12-14t21:59:43.10-05:00",
	    "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z", "12:30",
	    /* merge, value, and other syntax */
	    "<<", "=", "-", "---", "...", "? x", "- x", "a: b", "a #b", "#",
	    "[a]", "{a}", "&a", "*a", "!a", "%a", "@a", "`a", "|", ">",
	    "'q'", "\"q\"", " lead", "trail ", "a\tb", "a\nb", "a:b", "a\\b",
	    /* line breaks to YAML 1.1 only: NEL, LS, PS */
	    "x\xc2\x85y", "x\xe2\x80\xa8y", "x\xe2\x80\xa9y", NULL };
	static const char *const words[] = { "hello", "watching",
	    "driving-past", "Grey car parked opposite the house again",
	    "Elm Street", "yesterday", "nothing", "online", "Nope", "offside",
	    "Yesno", "nullify", "truer", "Siobh\xc3\xa1n", "O'Brien",
	    "caf\xc3\xa9 (again)", "a, b", "what?", NULL };
	size_t i;
	int bad;

	for (i = 0, bad = 0; unsafe[i]; i++)
		if (ilog_yaml_plain_safe(unsafe[i], strlen(unsafe[i]))) {
			printf("# plain_safe says '%s' is safe\n", unsafe[i]);
			bad++;
		}
	ok(bad == 0, "no YAML 1.1 bool, null, number, timestamp or syntax "
	    "is written plain (%zu forms)", i);
	for (i = 0, bad = 0; words[i]; i++)
		if (!ilog_yaml_plain_safe(words[i], strlen(words[i]))) {
			printf("# plain_safe says '%s' is unsafe\n", words[i]);
			bad++;
		}
	ok(bad == 0, "ordinary words and sentences are written plain "
	    "(%zu forms)", i);
	ok(!ilog_yaml_plain_safe("before\0after", 12),
	    "a NUL inside is not plain");
	ok(!ilog_yaml_plain_safe("yesterday", 3),
	    "only the LEN bytes count: 'yes' of 'yesterday' is not plain");
	ok(ilog_yaml_plain_safe("no more", 2) == 0 &&
	    ilog_yaml_plain_safe("no more", 7) == 1,
	    "'no' of 'no more' is not plain; all of it is");
}

static void
test_key_order(void)
{
	static const char text[] = "zebra: 1\napple: 2\nmango: 3\nbanana: 4\n"
	    "yak: 5\n";
	static const char *const want[] = { "zebra", "apple", "mango",
	    "banana", "yak" };
	struct ilog_node *doc, *back = NULL;
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };
	size_t i;
	int same;

	doc = parse_one(text, sizeof text - 1, &e);
	same = doc && doc->n == 5;
	for (i = 0; same && i < 5; i++)
		same = strcmp(doc->keys[i], want[i]) == 0;
	ok(same, "a parsed map keeps its key order");
	if (doc && ilog_yaml_emit(doc, &out, &e) == 0)
		back = parse_one(out.s, out.len, &e);
	ok(back && ilog_node_equal(doc, back) && out.len == sizeof text - 1 &&
	    memcmp(out.s, text, out.len) == 0,
	    "an emitted map keeps its key order, byte for byte");
	ilog_node_free(back);
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

static void
test_unknown_keys(void)
{
	static const char text[] =
	    "id: 20261128T145312Z-k3f9\n"
	    "summary: s\n"
	    "x-newer-version: {deep: [1, two, {three: 3}], flag: yes}\n"
	    "zz-hand-written: |\n  two\n  lines\n"
	    "occurred: 2026-11-27T21:40:00+00:00\n";
	struct ilog_node *doc, *back = NULL;
	const struct ilog_node *x;
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };

	doc = parse_one(text, sizeof text - 1, &e);
	if (doc && ilog_yaml_emit(doc, &out, &e) == 0)
		back = parse_one(out.s, out.len, &e);
	ok(back && ilog_node_equal(doc, back) && back->n == 5,
	    "unknown keys survive a round trip, nested values and all");
	x = ilog_node_get(back, "x-newer-version");
	ok(x && x->kind == ILOG_MAP &&
	    ilog_node_get(ilog_node_get(x, "deep"), "three") == NULL &&
	    ilog_node_get(x, "deep")->n == 3 &&
	    strcmp(ilog_node_text(x, "flag"), "yes") == 0,
	    "the unknown map is read as written");
	ok(out.s && strstr(out.s, "flag: yes\n") != NULL &&
	    (strstr(out.s, "- 1\n") || strstr(out.s, "[1,")),
	    "plain values of unknown keys stay plain (a bool stays a bool)");
	ilog_node_free(back);
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

/* Values that some reader takes for something other than text stay as
 * they came: plain stays plain, quoted stays text. */
static void
test_raw(void)
{
	static const char text[] = "a: 1.0\nb: '1.0'\nc: !!str 1.0\nd: word\n"
	    "e: \"yes\"\nf: 2026-11-27T21:40:00+00:00\n";
	struct ilog_node *doc;
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };

	doc = parse_one(text, sizeof text - 1, &e);
	ok(doc && ilog_node_get(doc, "a")->raw &&
	    !ilog_node_get(doc, "b")->raw && !ilog_node_get(doc, "c")->raw &&
	    !ilog_node_get(doc, "d")->raw && !ilog_node_get(doc, "e")->raw &&
	    ilog_node_get(doc, "f")->raw,
	    "a plain number or time is raw; quoted, tagged or a word is not");
	if (doc)
		ilog_yaml_emit(doc, &out, &e);
	ok(out.s && strstr(out.s, "a: 1.0\n") && strstr(out.s, "b: '1.0'\n") &&
	    strstr(out.s, "c: '1.0'\n") && strstr(out.s, "e: 'yes'\n") &&
	    strstr(out.s, "f: 2026-11-27T21:40:00+00:00\n"),
	    "raw values are written plain, text quoted");
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

static void
test_streams(void)
{
	static const char two[] = "---\na: 1\n---\nb: 2\n...\n";
	struct ilog_node **docs = NULL;
	struct ilog_err e = { "" };
	size_t n = 99;

	ok(ilog_yaml_parse(two, sizeof two - 1, &docs, &n, &e) == 0 &&
	    n == 2 && ilog_node_get(docs[0], "a") && ilog_node_get(docs[1], "b"),
	    "a stream of two documents is two documents");
	docs_free(docs, n);
	docs = NULL;
	n = 99;
	ok(ilog_yaml_parse("", 0, &docs, &n, &e) == 0 && n == 0,
	    "empty input is no document");
	docs_free(docs, n);
	docs = NULL;
	n = 99;
	ok(ilog_yaml_parse("# only a comment\n", 17, &docs, &n, &e) == 0 &&
	    n == 0, "a comment alone is no document");
	docs_free(docs, n);
}

/* TEXT is refused; the one-line error names line LINE and WHY, and never
 * includes the marker that TEXT holds. */
static void
refuses(const char *name, const char *text, size_t len, int line,
    const char *why)
{
	struct ilog_node **docs = NULL;
	struct ilog_err e = { "" };
	char want[64];
	size_t n = 0;
	int rc;

	snprintf(want, sizeof want, "YAML error at line %d: ", line);
	rc = ilog_yaml_parse(text, len, &docs, &n, &e);
	if (rc == 0)
		docs_free(docs, n);
	if (!ok(rc == -1 && strncmp(e.msg, want, strlen(want)) == 0 &&
	    (!why || strstr(e.msg, why)), "refused, naming line %d: %s", line,
	    name))
		printf("# rc %d, error '%s'\n", rc, e.msg);
	if (!ok(strstr(e.msg, MARKER) == NULL && strchr(e.msg, '\n') == NULL &&
	    e.msg[0], "the error is one line without the input: %s", name))
		printf("# error '%s'\n", e.msg);
}

#define REFUSES(name, text, line, why) \
	refuses(name, text, sizeof text - 1, line, why)

static void
test_refused(void)
{
	REFUSES("an alias", "summary: &s " MARKER "\nlocation: *s\n", 2,
	    "alias");
	REFUSES("a merge key", "base: &b {summary: " MARKER "}\nx:\n  <<: *b\n",
	    3, "alias");
	REFUSES("a duplicate key", "a: 1\nb: 2\na: " MARKER "\n", 3, "twice");
	REFUSES("a duplicate key holding the marker",
	    "summary: x\n" MARKER ": 1\n" MARKER ": 2\n", 3, "twice");
	REFUSES("a nested duplicate key",
	    "suspect:\n  name: " MARKER "\n  name: y\n", 3, "twice");
	REFUSES("a non-text key", "? [" MARKER "]\n: b\n", 1, "key");
	REFUSES("an unterminated quote",
	    "summary: ok\nlocation: '" MARKER "\n", 3, NULL);
	REFUSES("an unclosed flow sequence",
	    "summary: ok\ntags: [" MARKER "\n", 3, NULL);
	REFUSES("bad indentation", "summary: ok\n  location: " MARKER "\n", 2,
	    NULL);
	REFUSES("a tab as indentation", "summary: ok\n\tlocation: " MARKER
	    "\n", 2, NULL);
	REFUSES("a sequence after a map", "summary: " MARKER "\n- item\n", 2,
	    NULL);
	REFUSES("a control character", "summary: ok\nb: 2\nc: " MARKER
	    "\x01\n", 3, NULL);
	REFUSES("invalid UTF-8", "summary: ok\nb: 2\nc: " MARKER "\xff\n", 3,
	    NULL);
	REFUSES("an error in the second document",
	    "---\nsummary: " MARKER "\n...\n---\nx: [\n", 6, NULL);
	/* the document read so far is freed (SAN=1 finds a leak) */
	REFUSES("a map after a root sequence", "- " MARKER "\n- b\nc: d\n", 3,
	    NULL);
	REFUSES("a NUL byte in a key", "summary: ok\n\"a\\0" MARKER "\": 1\n",
	    2, "NUL");
}

/* A planted map of many keys is refused early, and never costs n^2. */
static void
test_many_keys(void)
{
	struct ilog_buf b = { 0 };
	struct ilog_node **docs = NULL;
	struct ilog_err e = { "" };
	size_t i, n = 0;
	clock_t t0;
	int rc;

	for (i = 0; i < 1000; i++)
		ilog_buf_printf(&b, "k%zu: v\n", i);
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	ok(rc == 0 && n == 1 && docs[0]->n == 1000, "a map of 1000 keys reads");
	if (rc == 0)
		docs_free(docs, n);
	b.len -= strlen("k999: v\n");
	ilog_buf_printf(&b, "k0: again\n");
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	ok(rc == -1 && strstr(e.msg, "line 1000: a key appears twice"),
	    "a duplicate among 1000 keys is found: %s", e.msg);
	ilog_buf_free(&b);
	for (i = 0; i < 200000; i++)
		ilog_buf_printf(&b, "k%zu: v\n", i);
	t0 = clock();
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	ok(rc == -1 && strstr(e.msg, "line 1001: more than 1000 keys"),
	    "a map of 200,000 keys is refused at key 1001: %s", e.msg);
	ok(clock() - t0 < CLOCKS_PER_SEC, "in under a second");
	ilog_buf_free(&b);
}

/* Nesting beyond any record's is refused, not followed into the stack. */
static void
test_depth(void)
{
	struct ilog_node **docs = NULL;
	struct ilog_buf b = { 0 };
	struct ilog_err e = { "" };
	size_t n = 0, i;
	int rc;

	for (i = 0; i < 100; i++)
		ilog_buf_addc(&b, '[');
	for (i = 0; i < 100; i++)
		ilog_buf_addc(&b, ']');
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	if (!ok(rc == -1 && strstr(e.msg, "line 1") &&
	    strstr(e.msg, "deep"), "100 nested sequences are refused"))
		printf("# error '%s'\n", e.msg);
	if (rc == 0)
		docs_free(docs, n);

	b.len = 0;
	for (i = 0; i < 100; i++) {
		ilog_buf_printf(&b, "%*sk%zu:\n", (int)(2 * i), "", i);
	}
	ilog_buf_printf(&b, "%*sleaf\n", 200, "");
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	if (!ok(rc == -1 && strstr(e.msg, "deep"),
	    "100 nested block maps are refused"))
		printf("# error '%s'\n", e.msg);
	if (rc == 0)
		docs_free(docs, n);

	b.len = 0;
	for (i = 0; i < 100000; i++)
		ilog_buf_adds(&b, "{a: ");
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	ok(rc == -1, "100,000 open flow maps are refused without a crash");
	if (rc == 0)
		docs_free(docs, n);

	b.len = 0;
	for (i = 0; i < 10; i++)
		ilog_buf_addc(&b, '[');
	ilog_buf_adds(&b, "x");
	for (i = 0; i < 10; i++)
		ilog_buf_addc(&b, ']');
	rc = ilog_yaml_parse(b.s, b.len, &docs, &n, &e);
	ok(rc == 0 && n == 1, "10 nested sequences are fine");
	if (rc == 0)
		docs_free(docs, n);
	ilog_buf_free(&b);
}

static void
test_emit_errors(void)
{
	struct ilog_node *doc = ilog_node_map();
	struct ilog_buf out = { 0 };
	struct ilog_err e = { "" };
	int rc;

	ilog_node_set(doc, "summary", ilog_node_str(MARKER "\xff\xfe"));
	rc = ilog_yaml_emit(doc, &out, &e);
	ok(rc == -1 && e.msg[0] && strstr(e.msg, MARKER) == NULL,
	    "invalid UTF-8 is not written, and the error does not quote it");
	ilog_node_free(doc);
	ilog_buf_free(&out);
}

int
main(void)
{
	test_round_trips();
	test_odd_keys();
	test_plain_safe();
	test_key_order();
	test_unknown_keys();
	test_raw();
	test_streams();
	test_refused();
	test_depth();
	test_many_keys();
	test_emit_errors();
	return done_testing();
}
