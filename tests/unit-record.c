/* unit-record.c: incidents and amendments checked and applied, IDs, seals;
 * prints TAP */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilog.h"
#include "tap.h"

#define MARKER "secretmarker"
/* SHA-256 of "foo", "bar" and "baz" */
#define SHA_A "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
#define SHA_B "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"
#define SHA_C "baa5a0964d3320fbc0c6a922140453c8513ea24ab8fd0577034804a967248096"

/* One YAML document from text; aborts the run when the test is broken. */
static struct ilog_node *
yaml(const char *text)
{
	struct ilog_node **docs, *doc;
	struct ilog_err e;
	size_t n;

	if (ilog_yaml_parse(text, strlen(text), &docs, &n, &e) < 0 || n != 1) {
		printf("Bail out! test YAML does not parse: %s\n", e.msg);
		exit(2);
	}
	doc = docs[0];
	free(docs);
	return doc;
}

static void
show(const char *what, const struct ilog_node *doc)
{
	struct ilog_buf out = { 0 };
	struct ilog_err e;
	char *line, *save = NULL;

	if (!doc || ilog_yaml_emit(doc, &out, &e) < 0) {
		printf("# %s: (none)\n", what);
		return;
	}
	printf("# %s:\n", what);
	for (line = strtok_r(out.s, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		printf("#   %s\n", line);
	ilog_buf_free(&out);
}

/* Checks TEXT; RC is what ilog_record_check returned, the message in e. */
static int
check(const char *text, int from_user, struct ilog_err *e,
    struct ilog_node **out)
{
	struct ilog_node *doc = yaml(text);
	int rc;

	e->msg[0] = '\0';
	rc = ilog_record_check(doc, from_user, e);
	if (out)
		*out = doc;
	else
		ilog_node_free(doc);
	return rc;
}

/* TEXT is accepted from the user. */
static void
accepts(const char *name, const char *text)
{
	struct ilog_err e;

	if (!ok(check(text, 1, &e, NULL) == 0, "accepted: %s", name))
		printf("# error '%s'\n", e.msg);
}

/* TEXT is refused, from the user and from a record alike, with a message
 * holding WANT; the record's message never holds the marker. */
static void
refuses(const char *name, const char *text, const char *want)
{
	struct ilog_err e;
	int rc;

	rc = check(text, 1, &e, NULL);
	if (!ok(rc == -1 && strstr(e.msg, want) && !strchr(e.msg, '\n'),
	    "refused: %s", name))
		printf("# rc %d, error '%s', wanted '%s'\n", rc, e.msg, want);
	rc = check(text, 0, &e, NULL);
	if (!ok(rc == -1 && e.msg[0] && !strstr(e.msg, MARKER),
	    "refused in a record, without its text: %s", name))
		printf("# rc %d, error '%s'\n", rc, e.msg);
}

#define INC "occurred: 2026-11-27T21:40:00+00:00\nsummary: s\n"
#define AM "amends: [20261128T145312Z-k3f9]\n"

static void
test_incident_fields(void)
{
	accepts("the smallest incident", INC);
	accepts("a full incident",
	    "id: 20261128T145312Z-k3f9\n"
	    "recorded: 2026-11-28T14:53:12Z\n"
	    "prev: " SHA_A "\n" INC
	    "until: 2026-11-27T22:10:00+00:00\n"
	    "behaviour: [watching, loitering]\n"
	    "tags: [car, night, a_b, 9-lives]\n"
	    "location: Outside home, Elm Street\n"
	    "channel: in-person\n"
	    "details: |\n  more\n"
	    "suspect: {name: x, appearance: tall, clothing: hood, voice: low}\n"
	    "vehicle: {make: Vauxhall, model: Corsa, colour: grey, "
	    "plate: AB12 CDE}\n"
	    "witnesses:\n  - {name: Jane, contact: '07700 900123', saw: it}\n"
	    "police: {reported: 2026-11-28T09:00:00Z, reference: NC-1, "
	    "officer: PC 1}\n"
	    "impact: Could not sleep.\n"
	    "evidence:\n  - {file: evidence/x-1.jpg.gpg, name: a.jpg, "
	    "size: 2481152, sha256: " SHA_B ", note: photo}\n"
	    "x-unknown: kept\n");
	refuses("no occurred", "summary: " MARKER "\n", "occurred");
	refuses("no summary", "occurred: 2026-11-27T21:40:00+00:00\n",
	    "summary");
	refuses("an empty summary", "occurred: 2026-11-27T21:40:00+00:00\n"
	    "summary: ''\n", "summary");
	refuses("a summary that is a list", "occurred: 2026-11-27T21:40:00Z\n"
	    "summary: [" MARKER "]\n", "summary");
	refuses("details that are a map", INC "details: {a: " MARKER "}\n",
	    "details");
	refuses("a bad occurred", "occurred: " MARKER "\nsummary: s\n",
	    "occurred");
	refuses("a bad until", INC "until: 2026-13-01 " MARKER "\n", "until");
	refuses("a bad id", "id: " MARKER "\n" INC, "id");
	refuses("a bad prev", "prev: " MARKER "\n" INC, "prev");
	refuses("an evidence size that is not a number",
	    INC "evidence:\n  - {file: f, size: " MARKER "}\n", "size");
	refuses("a suspect that is text", INC "suspect: " MARKER "\n",
	    "suspect");
	refuses("witnesses that are not a list",
	    INC "witnesses: {name: " MARKER "}\n", "witnesses");
	refuses("a bad police report time",
	    INC "police: {reported: " MARKER "}\n", "reported");
	refuses("a document that is not a map", "- " MARKER "\n", "record");
}

static void
test_vocabulary(void)
{
	struct ilog_err e;
	size_t i;
	int all;

	check(INC "behaviour: [watching, " MARKER "]\n", 1, &e, NULL);
	for (i = 0, all = 1; ilog_behaviours[i]; i++)
		all = all && strstr(e.msg, ilog_behaviours[i]);
	if (!ok(all && strstr(e.msg, "'" MARKER "'"),
	    "an unknown behaviour from the user is named, with every valid one"))
		printf("# error '%s'\n", e.msg);
	ok(i == 14, "fourteen behaviours");
	check(INC "behaviour: [watching, " MARKER "]\n", 0, &e, NULL);
	if (!ok(e.msg[0] && !strstr(e.msg, MARKER),
	    "an unknown behaviour in a record is not quoted"))
		printf("# error '%s'\n", e.msg);
	for (i = 0, all = 1; ilog_behaviours[i]; i++) {
		char text[200];

		snprintf(text, sizeof text, INC "behaviour: [%s]\n",
		    ilog_behaviours[i]);
		all = all && check(text, 1, &e, NULL) == 0;
	}
	ok(all, "every behaviour of the vocabulary is accepted");
	refuses("a behaviour in capitals", INC "behaviour: [Watching]\n",
	    "Watching");

	check(INC "channel: " MARKER "\n", 1, &e, NULL);
	if (!ok(strstr(e.msg, "'" MARKER "'") && strstr(e.msg, "phone") &&
	    strstr(e.msg, "in-person") && strstr(e.msg, "social"),
	    "an unknown channel from the user is named, with the valid ones"))
		printf("# error '%s'\n", e.msg);
	check(INC "channel: " MARKER "\n", 0, &e, NULL);
	ok(e.msg[0] && !strstr(e.msg, MARKER),
	    "an unknown channel in a record is not quoted");
	for (i = 0, all = 1; ilog_channels[i]; i++) {
		char text[200];

		snprintf(text, sizeof text, INC "channel: %s\n",
		    ilog_channels[i]);
		all = all && check(text, 1, &e, NULL) == 0;
	}
	ok(all && i == 7, "the seven channels are accepted");
	refuses("a channel that is a list", INC "channel: [text]\n",
	    "channel");
	refuses("a channel 'sms'", INC "channel: sms\n", "sms");

	check(INC "tags: [car, " MARKER "X]\n", 1, &e, NULL);
	if (!ok(strstr(e.msg, "'" MARKER "X'") && strstr(e.msg, "lower-case"),
	    "a bad tag from the user is named, with the rule"))
		printf("# error '%s'\n", e.msg);
	refuses("a tag with a capital", INC "tags: [Car]\n", "Car");
	refuses("a tag with a space", INC "tags: ['two words']\n",
	    "two words");
	refuses("a tag starting with -", INC "tags: ['-x']\n", "-x");
	refuses("a tag that is a map", INC "tags: [{a: b}]\n", "tags");
	refuses("a change (+tag) in an incident", INC "tags: ['+car']\n",
	    "+car");
}

/* The user's forms are normalised: times to RFC 3339, "a, b" to a list. */
static void
test_normalised(void)
{
	struct ilog_node *doc;
	const struct ilog_node *n;
	struct ilog_err e;
	int rc;

	zone("Europe/London");
	rc = check("occurred: '2026-11-27 21:40'\nsummary: s\n"
	    "until: 2026-11-27 22:10\n"
	    "recorded: 2026-11-28T14:53:12Z\n"
	    "police: {reported: 2026-07-14 09:00}\n", 1, &e, &doc);
	n = ilog_node_get(doc, "occurred");
	if (!ok(rc == 0 && n && n->raw &&
	    strcmp(n->str, "2026-11-27T21:40:00+00:00") == 0,
	    "occurred '2026-11-27 21:40' in London is 2026-11-27T21:40:00+00:00"))
		printf("# rc %d '%s' '%s'\n", rc, e.msg, n ? n->str : "");
	ok(rc == 0 && strcmp(ilog_node_text(doc, "until"),
	    "2026-11-27T22:10:00+00:00") == 0, "until is normalised too");
	ok(rc == 0 && strcmp(ilog_node_text(ilog_node_get(doc, "police"),
	    "reported"), "2026-07-14T09:00:00+01:00") == 0,
	    "police.reported in summer is +01:00");
	ok(rc == 0 && strcmp(ilog_node_text(doc, "recorded"),
	    "2026-11-28T14:53:12+00:00") == 0 &&
	    ilog_node_get(doc, "recorded")->raw,
	    "a time in Z form is the same instant, +00:00");
	ilog_node_free(doc);

	rc = check("occurred: 2026-11-27T21:40:00Z\nsummary: s\n", 0, &e,
	    &doc);
	ok(rc == 0 && strcmp(ilog_node_text(doc, "occurred"),
	    "2026-11-27T21:40:00Z") == 0,
	    "a time in a record is read, never rewritten");
	ilog_node_free(doc);
	rc = check("occurred: 2026-11-27 21:40\nsummary: s\n", 0, &e, NULL);
	ok(rc == -1 && strcmp(e.msg, "occurred: not an RFC 3339 time with an "
	    "offset (such as 2026-11-27T21:40:00+00:00)") == 0,
	    "a record's time without an offset is refused: %s", e.msg);
	rc = check("occurred: yesterday\nsummary: s\n", 0, &e, NULL);
	ok(rc == -1 && strstr(e.msg, "RFC 3339"),
	    "a record saying 'yesterday' is refused");
	rc = check(INC "police: {reported: 2026-11-28}\n", 0, &e, NULL);
	ok(rc == -1 && strstr(e.msg, "reported: not an RFC 3339"),
	    "so is a police report's date alone: %s", e.msg);

	rc = check(INC "behaviour: watching, loitering\n"
	    "tags: 'car,night  late'\n", 1, &e, &doc);
	n = ilog_node_get(doc, "behaviour");
	ok(rc == 0 && n && n->kind == ILOG_SEQ && n->n == 2 &&
	    strcmp(n->items[0]->str, "watching") == 0 &&
	    strcmp(n->items[1]->str, "loitering") == 0,
	    "'watching, loitering' becomes [watching, loitering]");
	n = ilog_node_get(doc, "tags");
	ok(rc == 0 && n && n->kind == ILOG_SEQ && n->n == 3 &&
	    strcmp(n->items[2]->str, "late") == 0,
	    "'car,night  late' becomes three tags, in order");
	ilog_node_free(doc);
	refuses("a behaviour list from the user with a bad word",
	    INC "behaviour: 'watching, " MARKER "'\n", MARKER);
	rc = check(INC "behaviour: watching\n", 0, &e, NULL);
	ok(rc == -1 && strstr(e.msg, "list"),
	    "a record's behaviour must already be a list");

	refuses("until before occurred",
	    INC "until: 2026-11-27T21:39:59+00:00\n", "before occurred");
	accepts("until equal to occurred",
	    INC "until: 2026-11-27T21:40:00+00:00\n");
	accepts("until later, in another zone",
	    INC "until: 2026-11-27T22:41:00+01:00\n");
	refuses("until earlier, in another zone",
	    INC "until: 2026-11-27T22:39:00+01:00\n", "before occurred");
	refuses("until earlier, typed by the user",
	    "occurred: 2026-11-27 21:40\nsummary: s\nuntil: 2026-11-27 21:00\n",
	    "before occurred");
}

static void
test_amendment_checks(void)
{
	accepts("an amendment with every part",
	    "id: 20261130T101500Z-p2q8\nrecorded: 2026-11-30T10:15:00Z\n"
	    "amends: [20261128T145312Z-k3f9, 20261128T150000Z-abcd]\n"
	    "set: {police: {reported: 2026-11-30T09:00:00Z, reference: N-1}}\n"
	    "unset: [until, location]\ntags: [+reported, -draft]\n"
	    "evidence:\n  - {file: f, name: n, size: 3, sha256: " SHA_C "}\n"
	    "withdrawn: twice\nnote: why\n");
	refuses("amends empty", "amends: []\nnote: " MARKER "\n", "amends");
	refuses("amends not a list",
	    "amends: 20261128T145312Z-k3f9\nnote: " MARKER "\n", "amends");
	refuses("amends naming no ID", "amends: [" MARKER "]\n", "amends");
	refuses("amends naming a path",
	    "amends: [../20261128T145312Z-k3f9]\n", "amends");
	refuses("set touching id", AM "set: {id: 20261128T145312Z-k3f9}\n",
	    "set");
	refuses("set touching recorded",
	    AM "set: {recorded: 2026-11-30T10:15:00Z}\n", "set");
	refuses("set touching prev", AM "set: {prev: " SHA_A "}\n", "set");
	refuses("set touching amends",
	    AM "set: {amends: [20261128T145312Z-k3f9]}\n", "set");
	refuses("set that is a list", AM "set: [" MARKER "]\n", "set");
	refuses("set with a bad behaviour",
	    AM "set: {behaviour: [" MARKER "]}\n", MARKER);
	refuses("set with a bad time", AM "set: {occurred: " MARKER "}\n",
	    "occurred");
	refuses("unset of occurred", AM "unset: [occurred]\n", "unset");
	refuses("unset of summary", AM "unset: [summary]\n", "unset");
	refuses("unset of id", AM "unset: [id]\n", "unset");
	refuses("unset of recorded", AM "unset: [recorded]\n", "unset");
	refuses("unset that is not a list", AM "unset: until\n", "unset");
	refuses("a tag change without a sign", AM "tags: [" MARKER "]\n",
	    "tags");
	refuses("a tag change with a bad tag", AM "tags: ['+" MARKER "X']\n",
	    "tags");
	refuses("a bare +", AM "tags: ['+']\n", "tags");
	refuses("tags that are not a list", AM "tags: '+" MARKER "'\n",
	    "tags");
	refuses("a withdrawal that is not text",
	    AM "withdrawn: [" MARKER "]\n", "withdrawn");
	refuses("set blanking the summary", AM "set: {summary: ''}\n"
	    "note: " MARKER "\n", "set: summary cannot be made empty");
	refuses("a summary that is a map", "occurred: 2026-11-27T21:40:00Z\n"
	    "summary: {a: " MARKER "}\n", "summary: must be text, not a map");
	refuses("a summary that is a list", "occurred: 2026-11-27T21:40:00Z\n"
	    "summary: [" MARKER "]\n", "summary: must be text, not a list");
	refuses("a NUL in the summary", "occurred: 2026-11-27T21:40:00Z\n"
	    "summary: \"car\\0<script>" MARKER "\"\n", "summary: holds a NUL");
	refuses("a NUL in a tag", INC "tags: [\"car\\0" MARKER "\"]\n",
	    "tags: holds a NUL");
	refuses("a NUL in a witness's name", INC "witnesses:\n"
	    "  - name: \"a\\0" MARKER "\"\n", "name: holds a NUL");
	refuses("a NUL in a set field", AM "set: {location: \"x\\0" MARKER
	    "\"}\n", "location: holds a NUL");
	accepts("set of a text field", AM "set: {summary: new words}\n");
	accepts("set of an unknown field", AM "set: {x-new: 1}\n");

	{
		struct ilog_node *doc;
		struct ilog_err e;
		int rc;

		zone("Europe/London");
		rc = check(AM "set: {occurred: '2026-07-14 21:40'}\n", 1, &e,
		    &doc);
		ok(rc == 0 && strcmp(ilog_node_text(ilog_node_get(doc, "set"),
		    "occurred"), "2026-07-14T21:40:00+01:00") == 0,
		    "a time set by an amendment is normalised");
		ilog_node_free(doc);
	}
}

/* INC with AMENDMENTS applied in order is WANT, node for node. */
static void
applies(const char *name, const char *inc, const char *const *ams,
    const char *want)
{
	struct ilog_node *cur = yaml(inc), *w = yaml(want), *am;
	struct ilog_err e;

	for (; *ams; ams++) {
		am = yaml(*ams);
		if (ilog_record_check(am, 0, &e) < 0)
			printf("# the amendment is not valid: %s\n", e.msg);
		ilog_record_apply(cur, am);
		ilog_node_free(am);
	}
	if (!ok(ilog_node_equal(cur, w), "apply: %s", name)) {
		show("got", cur);
		show("wanted", w);
	}
	ilog_node_free(cur);
	ilog_node_free(w);
}

#define BASE "id: 20261128T145312Z-k3f9\nrecorded: 2026-11-28T14:53:12Z\n" \
	"occurred: 2026-11-27T21:40:00+00:00\nsummary: Grey car\n"
#define A1 "id: 20261130T101500Z-p2q8\nrecorded: 2026-11-30T10:15:00Z\n" AM
#define A2 "id: 20261201T080000Z-zz00\nrecorded: 2026-12-01T08:00:00Z\n" AM

static void
test_apply(void)
{
	applies("set replaces a field whole",
	    BASE "police: {reported: 2026-11-28T09:00:00Z, reference: NC-1, "
	    "officer: PC 1}\n",
	    (const char *const[]){ A1 "set: {police: {reference: NC-2}}\n",
	    NULL },
	    BASE "police: {reference: NC-2}\n");
	applies("set adds a missing field in its place",
	    BASE "impact: bad\n",
	    (const char *const[]){ A1 "set: {location: Elm Street}\n", NULL },
	    BASE "location: Elm Street\nimpact: bad\n");
	applies("set of a list replaces the list",
	    BASE "behaviour: [watching, loitering]\n",
	    (const char *const[]){ A1 "set: {behaviour: [following]}\n",
	    NULL },
	    BASE "behaviour: [following]\n");
	applies("unset removes fields; unset of a missing one is nothing",
	    BASE "until: 2026-11-27T22:10:00+00:00\nlocation: x\nimpact: y\n",
	    (const char *const[]){ A1 "unset: [until, impact, vehicle]\n",
	    NULL },
	    BASE "location: x\n");
	applies("+tag and -tag keep the order",
	    BASE "tags: [a, b, c]\n",
	    (const char *const[]){ A1 "tags: [+d, -b, +a, +e]\n", NULL },
	    BASE "tags: [a, c, d, e]\n");
	applies("tag changes are idempotent",
	    BASE "tags: [a, b]\n",
	    (const char *const[]){ A1 "tags: [+c, -b, -zz]\n",
	    A2 "tags: [+c, -b, -zz]\n", NULL },
	    BASE "tags: [a, c]\n");
	applies("+tag on an incident without tags",
	    BASE "location: x\n",
	    (const char *const[]){ A1 "tags: [+reported]\n", NULL },
	    BASE "tags: [reported]\nlocation: x\n");
	applies("removing the last tag removes the field",
	    BASE "tags: [draft]\n",
	    (const char *const[]){ A1 "tags: [-draft]\n", NULL },
	    BASE);
	applies("+x then -x in one amendment",
	    BASE "tags: [a]\n",
	    (const char *const[]){ A1 "tags: [+x, -x]\n", NULL },
	    BASE "tags: [a]\n");
	applies("evidence is appended",
	    BASE "evidence:\n  - {file: f1, name: one}\n",
	    (const char *const[]){ A1 "evidence:\n  - {file: f2, name: two}\n"
	    "  - {file: f3, name: three}\n", NULL },
	    BASE "evidence:\n  - {file: f1, name: one}\n"
	    "  - {file: f2, name: two}\n  - {file: f3, name: three}\n");
	applies("evidence on an incident without any",
	    BASE,
	    (const char *const[]){ A1 "evidence:\n  - {file: f2}\n", NULL },
	    BASE "evidence:\n  - {file: f2}\n");
	applies("withdrawn is set",
	    BASE,
	    (const char *const[]){ A1 "withdrawn: entered twice\n", NULL },
	    BASE "withdrawn: entered twice\n");
	applies("the amendment's own id, note and amends stay out",
	    BASE,
	    (const char *const[]){ A1 "note: why\n", NULL },
	    BASE);
	applies("two amendments, in sequence",
	    BASE "until: 2026-11-27T22:10:00+00:00\n"
	    "behaviour: [watching]\ntags: [car, draft]\n"
	    "police: {reference: NC-1}\nx-unknown: kept\n",
	    (const char *const[]){
	    A1 "set: {summary: Grey car again, police: {reported: "
	    "2026-11-30T09:00:00Z, reference: NC-2}}\nunset: [until]\n"
	    "tags: [+reported, -draft]\n"
	    "evidence:\n  - {file: f1, note: photo}\n",
	    A2 "set: {summary: Grey Corsa, location: Elm Street}\n"
	    "tags: [+night, -car]\nevidence:\n  - {file: f2}\n"
	    "withdrawn: not him after all\n",
	    NULL },
	    "id: 20261128T145312Z-k3f9\nrecorded: 2026-11-28T14:53:12Z\n"
	    "occurred: 2026-11-27T21:40:00+00:00\nsummary: Grey Corsa\n"
	    "behaviour: [watching]\ntags: [reported, night]\n"
	    "location: Elm Street\n"
	    "police: {reported: 2026-11-30T09:00:00Z, reference: NC-2}\n"
	    "evidence:\n  - {file: f1, note: photo}\n  - {file: f2}\n"
	    "withdrawn: not him after all\nx-unknown: kept\n");
	applies("a later set wins over an earlier one",
	    BASE,
	    (const char *const[]){ A1 "set: {location: one}\n",
	    A2 "set: {location: two}\n", NULL },
	    BASE "location: two\n");
	applies("unset then set brings a field back",
	    BASE "impact: x\n",
	    (const char *const[]){ A1 "unset: [impact]\n",
	    A2 "set: {impact: y}\n", NULL },
	    BASE "impact: y\n");
}

static void
test_order(void)
{
	struct ilog_node *doc = yaml(
	    "zeta: 1\nevidence:\n  - {note: n, zz: 1, sha256: s, file: f}\n"
	    "summary: s\nalpha: 2\npolice: {officer: o, reported: r}\n"
	    "occurred: o\nid: i\nsuspect: {voice: v, extra: e, name: n}\n"
	    "witnesses:\n  - {saw: s, name: n}\n"
	    "tags: [b, a]\nprev: p\nrecorded: r\nbehaviour: [z, a]\n"
	    "mid: 3\nuntil: u\n");
	struct ilog_node *want = yaml(
	    "id: i\nrecorded: r\nprev: p\noccurred: o\nuntil: u\nsummary: s\n"
	    "behaviour: [z, a]\ntags: [b, a]\n"
	    "suspect: {name: n, voice: v, extra: e}\n"
	    "witnesses:\n  - {name: n, saw: s}\n"
	    "police: {reported: r, officer: o}\n"
	    "evidence:\n  - {file: f, sha256: s, note: n, zz: 1}\n"
	    "zeta: 1\nalpha: 2\nmid: 3\n");
	struct ilog_node *am = yaml(
	    "note: n\nset: {impact: i, summary: s, x: 1}\ntags: [+a]\n"
	    "amends: [a]\nwithdrawn: w\nrecorded: r\nid: i\nunset: [u]\n"
	    "evidence: [{note: n, file: f}]\n");
	struct ilog_node *am_want = yaml(
	    "id: i\nrecorded: r\namends: [a]\n"
	    "set: {summary: s, impact: i, x: 1}\nunset: [u]\ntags: [+a]\n"
	    "evidence: [{file: f, note: n}]\nwithdrawn: w\nnote: n\n");

	ilog_record_order(doc);
	if (!ok(ilog_node_equal(doc, want), "keys in ilog(5) order, unknown "
	    "keys after in input order, lists untouched")) {
		show("got", doc);
		show("wanted", want);
	}
	ilog_record_order(am);
	if (!ok(ilog_node_equal(am, am_want),
	    "an amendment's keys, and its set, in ilog(5) order")) {
		show("got", am);
		show("wanted", am_want);
	}
	ilog_record_order(doc);
	ok(ilog_node_equal(doc, want), "ordering twice changes nothing");
	ilog_node_free(doc);
	ilog_node_free(want);
	ilog_node_free(am);
	ilog_node_free(am_want);
}

static void
test_ids_and_tags(void)
{
	static const char *const good_ids[] = { "20261128T145312Z-k3f9",
	    "20261128T145312Z-0000", "20261128T145312Z-a",
	    "20261128T145312Z-abcdefghij0123456789", NULL };
	static const char *const bad_ids[] = { "", "2026",
	    "202611281T145312Z-k3f9", "2026112T145312Z-k3f9",
	    "20261128T14531Z-k3f9", "20261128T145312Z-K3F9",
	    "20261128T145312Z-k3F9", "20261128t145312z-k3f9",
	    "20261128T145312Z-", "20261128T145312Z", "20261128T145312Zk3f9",
	    "20261128T145312Z-k3f9/", "20261128T145312Z-..",
	    "20261128T145312Z-k3f9/../x", "../20261128T145312Z-k3f9",
	    "/20261128T145312Z-k3f9", "20261128T145312Z-k3f9.yaml.gpg",
	    "20261128T145312Z-k3_9", "20261128T145312Z-k3-9",
	    "20261128T145312Z-k3f9 ", " 20261128T145312Z-k3f9",
	    "2026-11-28T145312Z-k3f9", "20261128T145312Z-k3f9\n",
	    "20261128T145312Z-" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    NULL };
	static const char *const good_tags[] = { "car", "night-time", "a_b",
	    "9lives", "x", "0", "reported", "a-", NULL };
	static const char *const bad_tags[] = { "", "Car", "-x", "_x", "+x",
	    "two words", "a/b", "a.b", "caf\xc3\xa9", "a,b", "a:b", "tAg",
	    "x\n", NULL };
	size_t i;
	int bad;

	for (i = 0, bad = 0; good_ids[i]; i++)
		if (!ilog_id_valid(good_ids[i]))
			bad++, printf("# refused '%s'\n", good_ids[i]);
	ok(bad == 0, "ilog_id_valid accepts %zu IDs", i);
	for (i = 0, bad = 0; bad_ids[i]; i++)
		if (ilog_id_valid(bad_ids[i]))
			bad++, printf("# accepted '%s'\n", bad_ids[i]);
	ok(bad == 0, "ilog_id_valid refuses %zu malformed IDs (9-digit dates, "
	    "capitals, no suffix, .., slashes)", i);
	for (i = 0, bad = 0; good_tags[i]; i++)
		if (!ilog_tag_valid(good_tags[i]))
			bad++, printf("# refused '%s'\n", good_tags[i]);
	ok(bad == 0, "ilog_tag_valid accepts %zu tags", i);
	for (i = 0, bad = 0; bad_tags[i]; i++)
		if (ilog_tag_valid(bad_tags[i]))
			bad++, printf("# accepted '%s'\n", bad_tags[i]);
	ok(bad == 0, "ilog_tag_valid refuses %zu bad tags", i);
	ok(ilog_behaviour_valid("driving-past") &&
	    !ilog_behaviour_valid("driving") && !ilog_behaviour_valid(""),
	    "ilog_behaviour_valid");
}

static int
suffix_ok(const char *id, size_t len)
{
	const char *s = id + 17;

	return strlen(id) == 17 + len && id[16] == '-' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789") == len;
}

/* The ID made at NOW after LAST has the time stamp WANT and a suffix of LEN
 * characters. */
static void
new_id(const char *last, time_t now, const char *want, size_t len,
    const char *why)
{
	char id[ILOG_ID_MAX];

	ilog_store_new_id(last, now, id);
	if (!ok(strncmp(id, want, 16) == 0 && suffix_ok(id, len) &&
	    ilog_id_valid(id) && (!last || !*last || strcmp(id, last) > 0),
	    "new ID %s: %s", why, want))
		printf("# got '%s'\n", id);
}

static void
test_new_id_rule(void)
{
	time_t now = utc(2026, 11, 28, 14, 53, 12);
	static const char *const after[] = { "20261128T145312Z-k3f9",
	    "20261128T145312Z-zzzz", "20261128T145312Z-zzzzzzzz",
	    "20261128T145312Z-0", "20261128T145312Z-hand",
	    "20261128T145312Z-k3fz", "20261128T145312Z-9zzz" };
	char id[ILOG_ID_MAX];
	size_t i;
	int bad = 0;

	zone("Europe/London");
	new_id(NULL, now, "20261128T145312Z", 4, "in an empty store");
	new_id("", now, "20261128T145312Z", 4, "with no last ID");
	new_id("20261128T145311Z-zzzz", now, "20261128T145312Z", 4,
	    "with the clock ahead");
	new_id("20261128T145312Z-k3f9", now, "20261128T145312Z", 8,
	    "in the same second, not a second ahead");
	new_id("20261128T145312Z-zzzz", now, "20261128T145312Z", 9,
	    "in the same second after -zzzz");
	new_id("20261128T155312Z-k3f9", now, "20261128T155312Z", 8,
	    "with the clock an hour behind: the newest second, not later");
	new_id("20261128T145312Z-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	    now, "20261128T145313Z", 4, "after a suffix that cannot be followed");
	new_id("20261231T235959Z-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	    now, "20270101T000000Z", 4, "... across a year");
	zone("America/New_York");
	new_id(NULL, now, "20261128T145312Z", 4, "in UTC, whatever TZ says");
	zone("Europe/London");
	for (i = 0; i < sizeof after / sizeof *after; i++) {
		ilog_store_new_id(after[i], now, id);
		if (strcmp(id, after[i]) <= 0 || strncmp(id, after[i], 17) != 0)
			bad++, printf("# after %s: %s\n", after[i], id);
	}
	ok(bad == 0, "a suffix sorts after any suffix in the same second");
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* An import writes thousands of records in one second. */
static void
test_new_id_bulk(void)
{
	enum { N = 5000 };
	static char ids[N][ILOG_ID_MAX], sorted[N][ILOG_ID_MAX];
	time_t now = utc(2026, 11, 28, 14, 53, 12);
	char first[ILOG_ID_MAX], id[ILOG_ID_MAX];
	size_t i, longest = 0;
	int ordered = 1, unique = 1, ahead = 0, differ = 0;

	ilog_store_new_id(NULL, now, ids[0]);
	for (i = 1; i < N; i++)
		ilog_store_new_id(ids[i - 1], now, ids[i]);
	memcpy(sorted, ids, sizeof ids);
	qsort(sorted, N, sizeof *sorted, id_cmp);
	for (i = 0; i < N; i++) {
		ordered = ordered && strcmp(sorted[i], ids[i]) == 0;
		unique = unique && (i == 0 || strcmp(sorted[i - 1], sorted[i]));
		ahead += strncmp(ids[i], "20261128T145312Z-", 17) != 0;
		if (strlen(ids[i]) > longest)
			longest = strlen(ids[i]);
	}
	ok(ordered, "%d IDs made in one second sort in the order written", N);
	ok(unique, "... are unique");
	ok(ahead == 0, "... and none is ahead of the clock (%d are)", ahead);
	ok(longest <= 17 + 9, "... with suffixes of at most 9 characters (%zu)",
	    longest - 17);

	ilog_store_new_id(NULL, now, first);
	for (i = 0; i < 50; i++) {
		ilog_store_new_id(NULL, now, id);
		differ += strcmp(id, first) != 0 && suffix_ok(id, 4);
	}
	ok(differ >= 45, "the suffix is random (%d of 50 differ)", differ);
	for (i = 0, differ = 0; i < 50; i++) {
		ilog_store_new_id(ids[0], now, id);
		differ += strcmp(id, ids[1]) != 0;
	}
	ok(differ >= 45, "two devices writing after the same record do not "
	    "collide (%d of 50 differ)", differ);
}

/* The lines "ID DIGEST\n" of recs [0, n), hashed here independently. */
static void
hash_lines(const struct ilog_rec *recs, size_t n, char out[65])
{
	struct ilog_buf b = { 0 };
	size_t i;

	ilog_buf_adds(&b, "");
	for (i = 0; i < n; i++)
		ilog_buf_printf(&b, "%s %s\n", recs[i].id, recs[i].digest);
	ilog_sha256_hex(b.s, b.len, out);
	ilog_buf_free(&b);
}

static void
test_seal(void)
{
	struct ilog_rec recs[3];
	struct ilog_log log = { 0 };
	struct ilog_seal s, p;
	char want[65], line[200];
	int rc;

	memset(recs, 0, sizeof recs);
	strcpy(recs[0].id, "20261128T145312Z-k3f9");
	strcpy(recs[0].digest, SHA_A);
	strcpy(recs[1].id, "20261130T101500Z-p2q8");
	strcpy(recs[1].digest, SHA_B);
	strcpy(recs[2].id, "20261201T080000Z-zz00");
	strcpy(recs[2].digest, SHA_C);
	log.recs = recs;
	log.nrecs = 3;

	rc = ilog_seal(&log, NULL, &s);
	hash_lines(recs, 3, want);
	if (!ok(rc == 0 && s.count == 3 && strcmp(s.id, recs[2].id) == 0 &&
	    strcmp(s.sha256, want) == 0, "the seal of three records"))
		printf("# got %s %zu %s, wanted %s\n", s.id, s.count, s.sha256,
		    want);
	/* printf 'ID DIGEST\n' for the three | sha256sum, outside ilog */
	ok(strcmp(s.sha256, "46c11ded8840e754b5feed57cd9d6109b11c7321b925696"
	    "320d4a092ffa9eece") == 0, "the seal agrees with sha256sum");
	rc = ilog_seal(&log, recs[1].id, &s);
	hash_lines(recs, 2, want);
	ok(rc == 0 && s.count == 2 && strcmp(s.id, recs[1].id) == 0 &&
	    strcmp(s.sha256, want) == 0, "upto is inclusive: two records");
	rc = ilog_seal(&log, recs[0].id, &s);
	hash_lines(recs, 1, want);
	ok(rc == 0 && s.count == 1 && strcmp(s.sha256, want) == 0,
	    "upto the first record: one");
	rc = ilog_seal(&log, "20261129T000000Z-0000", &s);
	ok(rc == 0 && s.count == 1 && strcmp(s.id, recs[0].id) == 0,
	    "upto an ID between records: those before it");
	rc = ilog_seal(&log, "20261101T000000Z-0000", &s);
	ok(rc == 0 && s.count == 0 && s.id[0] == '\0' && strcmp(s.sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	    == 0, "upto before every record: none, the hash of nothing");
	rc = ilog_seal(&log, "20991231T235959Z-zzzz", &s);
	ok(rc == 0 && s.count == 3, "upto after every record: all");

	recs[1].digest[0] = '\0';
	ok(ilog_seal(&log, NULL, &s) == -1,
	    "a record whose digest is unknown: no seal");
	ok(ilog_seal(&log, recs[0].id, &s) == 0,
	    "... but a seal up to before it holds");
	strcpy(recs[1].digest, SHA_B);

	ilog_seal(&log, NULL, &s);
	ilog_seal_format(&s, line, sizeof line);
	ok(strncmp(line, "20261201T080000Z-zz00 3 ", 24) == 0 &&
	    strcmp(line + 24, s.sha256) == 0, "the seal line: ID COUNT SHA256");
	ok(ilog_seal_parse(line, &p) == 0 && strcmp(p.id, s.id) == 0 &&
	    p.count == 3 && strcmp(p.sha256, s.sha256) == 0,
	    "the seal line parses back");
	strcat(line, "\n");
	ok(ilog_seal_parse(line, &p) == 0 && p.count == 3,
	    "a seal line with its newline parses");
}

static void
test_seal_parse(void)
{
	static const char *const bad[] = { "", "\n", "garbage",
	    "20261201T080000Z-zz00",
	    "20261201T080000Z-zz00 3",
	    "20261201T080000Z-zz00 3 " SHA_A " extra",
	    "20261201T080000Z-zz00 3 " SHA_A "0",
	    "20261201T080000Z-zz00 3 " "2C26B46B68FFC68FF99B453C1D30413413422D70"
	    "6483BFA0F98A5E886266E7AE",
	    "20261201T080000Z-zz00 3 " "2c26b46b68ffc68ff99b453c1d30413413422d70"
	    "6483bfa0f98a5e886266e7a",
	    "20261201T080000Z-zz00 3 " "2c26b46b68ffc68ff99b453c1d30413413422d70"
	    "6483bfa0f98a5e886266e7ag",
	    "20261201T080000Z-zz00 three " SHA_A,
	    "20261201T080000Z-zz00 -1 " SHA_A,
	    "20261201T080000Z-zz00 +3 " SHA_A,
	    "20261201T080000Z-zz00 3x " SHA_A,
	    "2026120T080000Z-zz00 3 " SHA_A,
	    "20261201T080000Z-ZZ00 3 " SHA_A,
	    "../20261201T080000Z-zz00 3 " SHA_A,
	    "3 " SHA_A,
	    "- 0 " SHA_A,
	    NULL };
	struct ilog_seal p;
	size_t i;
	int accepted;

	for (i = 0; bad[i]; i++) {
		char shown[41];
		size_t k;

		snprintf(shown, sizeof shown, "%s", bad[i]);
		for (k = 0; shown[k]; k++)
			if (shown[k] == '\n')
				shown[k] = '?';
		accepted = ilog_seal_parse(bad[i], &p) == 0;
		if (!ok(!accepted, "ilog_seal_parse refuses '%s%s'", shown,
		    strlen(bad[i]) > 40 ? "..." : ""))
			printf("# read %s %zu %s\n", p.id, p.count, p.sha256);
	}
}

int
main(void)
{
	zone("Europe/London");
	test_incident_fields();
	test_vocabulary();
	test_normalised();
	test_amendment_checks();
	test_apply();
	test_order();
	test_ids_and_tags();
	test_new_id_rule();
	test_new_id_bulk();
	test_seal();
	test_seal_parse();
	return done_testing();
}
