/* ilog-add: record new incidents, from options, YAML on stdin, or $EDITOR */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-add [-e] [-d DIR] [-w DATE] [-u DATE] [--noted DATE]\n"
	"                [-s SUMMARY]\n"
	"                [-b BEHAVIOUR]... [-t TAG]... [-l LOCATION]\n"
	"                [-c CHANNEL] [-D FILE|-] [--impact TEXT] [--plate PLATE]\n"
	"                [--police-ref REF] [--witness 'NAME; CONTACT; SAW']...\n"
	"                [--said WORDS] [--fear TEXT] [--identified HOW]\n"
	"                [--from WHO] [--present WHO] [--weapon TEXT]\n"
	"  -w, --when DATE       when it happened (default: now)\n"
	"  -u, --until DATE      when it ended\n"
	"      --noted DATE      when you first wrote it down (paper, phone)\n"
	"  -s, --summary TEXT    one line on what happened\n"
	"  -b, --behaviour B     contact, driving-past, following, watching,\n"
	"                        loitering, accosting, entering, gifts, goods,\n"
	"                        threats, property-damage, violence, online, other\n"
	"  -t, --tag TAG         a word of your own: lower-case, - for a space\n"
	"                        (bus-stop); repeatable\n"
	"  -l, --location TEXT   where\n"
	"  -c, --channel C       phone, text, email, letter, social, in-person, other\n"
	"  -D, --details FILE    the full account from FILE (- for stdin)\n"
	"      --impact TEXT     how this affected you\n"
	"      --plate PLATE     the vehicle's number plate\n"
	"      --police-ref REF  the police reference (crime or log number)\n"
	"      --witness 'NAME; CONTACT; SAW'  a witness (repeatable)\n"
	"      --said WORDS      his exact words, as near as you remember them\n"
	"      --fear TEXT       the violence you feared this time, in your words\n"
	"      --identified HOW  seen, heard, recognised-number or inferred\n"
	"      --from WHO        the number, address or account he used\n"
	"      --present WHO     who else was there (children especially)\n"
	"      --weapon TEXT     any weapon, shown, used or spoken of\n"
	"  -e, --edit            write the incident in $EDITOR\n"
	"Without -s, YAML incidents are read from stdin (see ilog(5)); for text\n"
	"in your own words: ilog-add -s SUMMARY -D -\n"
	"  -h, --help  this text; --version  the version\n";

struct add_opts {
	struct ilog_node *doc;
	struct ilog_opts store;	/* -d, -j */
	const char *details;
	int edit;
};

static void
opt_time(struct ilog_node *doc, const char *key, const char *arg)
{
	struct ilog_when w;
	struct ilog_err e;
	char out[32];

	if (ilog_when_parse(arg, time(NULL), &w, &e) < 0)
		ilog_die("%s", e.msg);
	ilog_when_format(&w, out);
	ilog_node_set(doc, key, ilog_node_raw(out));
}

static void
opt_details(struct ilog_node *doc, const char *file)
{
	struct ilog_buf b = { 0 };
	int r = strcmp(file, "-") == 0 ? ilog_read_fd(STDIN_FILENO, &b) :
	    ilog_read_file(file, &b);

	if (r < 0)
		ilog_die("%s: %s; nothing written", file, strerror(errno));
	ilog_node_set(doc, "details", ilog_node_strn(b.s, b.len));
	ilog_buf_free(&b);
}

static void
opt_text(struct ilog_node *doc, const char *key, const char *arg)
{
	ilog_node_set(doc, key, ilog_node_str(arg));
}

/* One field of a map such as vehicle or police. */
static void
opt_sub(struct ilog_node *doc, const char *map, const char *key,
    const char *arg)
{
	struct ilog_node *m = ilog_node_get(doc, map);

	if (!m) {
		m = ilog_node_map();
		ilog_node_set(doc, map, m);
	}
	ilog_node_set(m, key, ilog_node_str(arg));
}

/* 'NAME; CONTACT; SAW': the parts given, blanks around them trimmed; what
 * they saw may hold semicolons of its own. */
static void
opt_witness(struct ilog_node *doc, const char *arg)
{
	static const char *const keys[] = { "name", "contact", "saw" };
	struct ilog_node *seq = ilog_node_get(doc, "witnesses"), *w;
	const char *p = arg, *end;
	size_t i, len;

	w = ilog_node_map();
	for (i = 0; i < 3 && p; i++) {
		end = i < 2 ? strchr(p, ';') : NULL;
		p += strspn(p, " \t");
		len = end ? (size_t)(end - p) : strlen(p);
		while (len > 0 && strchr(" \t", p[len - 1]))
			len--;
		if (len > 0)
			ilog_node_set(w, keys[i], ilog_node_strn(p, len));
		p = end ? end + 1 : NULL;
	}
	if (w->n == 0)
		ilog_die("--witness '%s': give 'NAME; CONTACT; WHAT THEY SAW' "
		    "(any part may be left empty)", arg);
	if (!seq) {
		seq = ilog_node_seq();
		ilog_node_set(doc, "witnesses", seq);
	}
	ilog_node_push(seq, w);
}

static void
opts_parse(int argc, char **argv, struct add_opts *o)
{
	static const struct option longopts[] = {
		{ "when", required_argument, NULL, 'w' },
		{ "until", required_argument, NULL, 'u' },
		{ "noted", required_argument, NULL, 'N' },
		{ "summary", required_argument, NULL, 's' },
		{ "behaviour", required_argument, NULL, 'b' },
		{ "behavior", required_argument, NULL, 'b' },
		{ "tag", required_argument, NULL, 't' },
		{ "location", required_argument, NULL, 'l' },
		{ "channel", required_argument, NULL, 'c' },
		{ "details", required_argument, NULL, 'D' },
		{ "impact", required_argument, NULL, 'I' },
		{ "plate", required_argument, NULL, 'P' },
		{ "police-ref", required_argument, NULL, 'R' },
		{ "witness", required_argument, NULL, 'W' },
		{ "said", required_argument, NULL, 'S' },
		{ "fear", required_argument, NULL, 'F' },
		{ "identified", required_argument, NULL, 'i' },
		{ "from", required_argument, NULL, 'f' },
		{ "present", required_argument, NULL, 'p' },
		{ "weapon", required_argument, NULL, 'a' },
		{ "edit", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_err e;
	int c;

	while ((c = getopt_long(argc, argv, "b:c:D:d:ehj:l:s:t:u:w:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'w': opt_time(o->doc, "occurred", optarg); break;
		case 'u': opt_time(o->doc, "until", optarg); break;
		case 'N': opt_time(o->doc, "noted", optarg); break;
		case 's': opt_text(o->doc, "summary", optarg); break;
		case 'b': ilog_record_list_add(o->doc, "behaviour", optarg, &e);
			break;
		case 't': ilog_record_list_add(o->doc, "tags", optarg, &e); break;
		case 'l': opt_text(o->doc, "location", optarg); break;
		case 'c': opt_text(o->doc, "channel", optarg); break;
		case 'D': o->details = optarg; break;
		case 'I': opt_text(o->doc, "impact", optarg); break;
		case 'P': opt_sub(o->doc, "vehicle", "plate", optarg); break;
		case 'R': opt_sub(o->doc, "police", "reference", optarg); break;
		case 'W': opt_witness(o->doc, optarg); break;
		case 'S': opt_text(o->doc, "said", optarg); break;
		case 'F': opt_text(o->doc, "fear", optarg); break;
		case 'i': opt_text(o->doc, "identified", optarg); break;
		case 'f': opt_text(o->doc, "from", optarg); break;
		case 'p': opt_text(o->doc, "present", optarg); break;
		case 'a': opt_text(o->doc, "weapon", optarg); break;
		case 'e': o->edit = 1; break;
		case 'd': o->store.dir = optarg; break;
		case 'j': o->store.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind < argc)
		ilog_usage_exit(usage, 2);
}

static void
doc_prepare(struct ilog_node *doc, int n, const char *src)
{
	struct ilog_unknown u;
	struct ilog_err e;
	char now[32];
	struct ilog_when w;

	/* kept, as ilog(5) says, but likely a slip (witness: for witnesses:) */
	if (src && ilog_record_unknown(doc, NULL, &u)) {
		ilog_unknown_why(&u, &e);
		ilog_warn("%s: incident %d: %s (kept as written)", src, n, e.msg);
	}
	if (doc->kind == ILOG_MAP && !ilog_node_get(doc, "occurred")) {
		ilog_when_parse("now", time(NULL), &w, NULL);
		ilog_when_format(&w, now);
		ilog_node_set(doc, "occurred", ilog_node_raw(now));
	}
	if (doc->kind == ILOG_MAP) {
		ilog_node_unset(doc, "id");
		ilog_node_unset(doc, "recorded");
		ilog_node_unset(doc, "prev");
		if (ilog_record_is_amendment(doc))
			ilog_die("%s: incident %d: 'amends' is for amendments; "
			    "use ilog-tag or ilog-edit", src, n);
	}
	if (ilog_record_check(doc, 1, &e) < 0) {
		if (!src)	/* from options: the value says which */
			ilog_die("%s", e.msg);
		ilog_die("%s: incident %d: %s", src, n, e.msg);
	}
}

static const char free_text[] = "stdin takes YAML, 'field: value' lines "
    "(see ilog(5)); for text in your own words, give a summary: "
    "ilog-add -s SUMMARY -D -";

static void
docs_from_stdin(struct ilog_node ***docs, size_t *n)
{
	struct ilog_buf in = { 0 };
	struct ilog_node *d;
	struct ilog_unknown u;
	struct ilog_err e;
	size_t i;

	if (ilog_read_fd(STDIN_FILENO, &in) < 0)
		ilog_die("stdin: %s; nothing written", strerror(errno));
	if (ilog_yaml_parse(in.s, in.len, docs, n, &e) < 0)
		ilog_die("stdin: %s; %s", e.msg, free_text);
	/* an empty pipe is a mistake upstream, not zero incidents recorded */
	if (*n == 0)
		ilog_die(in.len ? "stdin: no YAML document in it: nothing written"
		    : "stdin is empty: nothing written");
	ilog_buf_free(&in);
	for (i = 0; i < *n; i++) {
		d = (*docs)[i];
		if (d->kind != ILOG_MAP || (!ilog_node_get(d, "summary") &&
		    !ilog_node_get(d, "occurred") && ilog_record_unknown(d, NULL,
		    &u)))
			ilog_die("stdin: incident %zu: not an incident in YAML; %s",
			    i + 1, free_text);
		doc_prepare(d, (int)i + 1, "stdin");
	}
}

/* The editor's result, or NULL when the user gave up. */
static struct ilog_node *
doc_from_editor(void)
{
	struct ilog_buf text = { 0 }, out = { 0 };
	struct ilog_node *doc = NULL;
	struct ilog_err e;
	struct ilog_when w;
	unsigned long line;
	char now[32];

	ilog_when_parse("now", time(NULL), &w, NULL);
	ilog_when_format(&w, now);
	ilog_edit_template(&text, now);
	for (;;) {
		out.len = 0;
		if (ilog_edit_text(text.s, text.len, &out, &e) < 0)
			ilog_die("%s", e.msg);
		ilog_buf_free(&text);
		text = out;
		out = (struct ilog_buf){ 0 };
		if (ilog_edit_parse(text.s, text.len, NULL, &doc, &line, &e) == 0) {
			if (!ilog_node_text(doc, "summary") ||
			    !*ilog_node_text(doc, "summary"))
				break;
			ilog_node_unset(doc, "id");
			if (ilog_record_check(doc, 1, &e) == 0)
				break;
			ilog_node_free(doc);
			doc = NULL;
		}
		if (!ilog_edit_again(e.msg, &text, line))
			break;
	}
	ilog_buf_free(&text);
	if (!doc || !ilog_node_text(doc, "summary") ||
	    !*ilog_node_text(doc, "summary")) {
		ilog_warn(doc ? "no summary: nothing written" :
		    "nothing written");
		ilog_node_free(doc);
		return NULL;
	}
	return doc;
}

/* After a failed write, say which incidents are in the store (their paths
 * were printed) and which are not, so that a retry duplicates nothing. */
static void
docs_stop(const char *why, size_t written, size_t n)
{
	if (written == 0)
		ilog_die("%s", why);
	ilog_die("%s: %zu of %zu incidents written (their paths are printed "
	    "above), %zu not written", why, written, n, n - written);
}

/* "stdin: incident 2: " or nothing, before a warning about one incident. */
static const char *
which(const char *src, size_t i, char buf[64])
{
	if (!src)
		return "";
	snprintf(buf, 64, "%s: incident %zu: ", src, i + 1);
	return buf;
}

/* Kept as given: a date in the future may be a slip of the year or day. */
static void
warn_future(const struct ilog_node *doc, const char *at)
{
	struct ilog_when w;

	if (ilog_record_time(doc, "occurred", &w) == 0 && w.t > time(NULL) + 60)
		ilog_warn("%soccurred %s is in the future: kept as given; "
		    "check the date (ilog-edit to change it)", at,
		    ilog_node_text(doc, "occurred"));
}

/* Written anyway: the same thing may happen twice; a pipe run twice too. */
static void
warn_duplicate(const struct ilog_log *log, const struct ilog_node *doc,
    const char *at)
{
	const struct ilog_incident *inc;
	struct ilog_when w, v;
	size_t i;

	/* timed now, it is new: a script may write two alike in a second */
	if (ilog_record_time(doc, "occurred", &w) < 0 ||
	    w.t >= time(NULL) - 60)
		return;
	for (i = 0; i < log->nincs; i++) {
		inc = &log->incs[i];
		if (inc->withdrawn || ilog_record_time(inc->cur, "occurred",
		    &v) < 0 || v.t != w.t ||
		    !ilog_node_equal(ilog_node_get(inc->cur, "summary"),
		    ilog_node_get(doc, "summary")) ||
		    !ilog_node_equal(ilog_node_get(inc->cur, "behaviour"),
		    ilog_node_get(doc, "behaviour")))
			continue;
		ilog_warn("%sthe same time, summary and behaviour as %s, "
		    "already in the store: written anyway (ilog-withdraw "
		    "undoes it)", at, inc->rec->id);
		return;
	}
}

static int
docs_write(const struct ilog_opts *opt, struct ilog_node **docs, size_t n, const char *src)
{
	char at[64];
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_err e;
	char *path, id[ILOG_ID_MAX];
	size_t i;
	int unsynced;

	ilog_open_log(opt, &store, &log);
	if (ilog_store_recipients(&store, &e) < 0)
		ilog_die("%s", e.msg);
	for (i = 0; i < n; i++) {
		warn_future(docs[i], which(src, i, at));
		warn_duplicate(&log, docs[i], which(src, i, at));
		if ((unsynced = ilog_log_write(&log, docs[i], id, &e)) < 0)
			docs_stop(e.msg, i, n);
		path = ilog_store_record_path(&store, id);
		puts(path);
		fflush(stdout);
		free(path);
		if (unsynced) {
			ilog_warn("%s", e.msg);
			if (i + 1 < n)
				docs_stop("stopped", i + 1, n);
			return 2;
		}
	}
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return 0;
}

int
main(int argc, char **argv)
{
	struct add_opts o = { .doc = ilog_node_map() };
	struct ilog_node **docs = NULL;
	size_t n = 0;
	int rc;

	ilog_start("ilog-add");
	opts_parse(argc, argv, &o);
	if (o.details)
		opt_details(o.doc, o.details);
	if (ilog_node_get(o.doc, "summary")) {
		doc_prepare(o.doc, 1, NULL);
		docs = &o.doc;
		n = 1;
	} else if (!o.edit && !isatty(STDIN_FILENO)) {
		if (o.doc->n)
			ilog_die("options other than -s need -s (or use -e)");
		docs_from_stdin(&docs, &n);
	} else {
		if (o.doc->n)
			ilog_die("give -s SUMMARY with the other options, or use "
			    "the editor alone");
		ilog_node_free(o.doc);
		if (!(o.doc = doc_from_editor()))
			return 1;
		docs = &o.doc;
		n = 1;
	}
	rc = docs_write(&o.store, docs, n, docs == &o.doc ? NULL : "stdin");
	if (docs != &o.doc) {
		ilog_node_free(o.doc);
		while (n > 0)
			ilog_node_free(docs[--n]);
		free(docs);
	} else {
		ilog_node_free(o.doc);
	}
	return rc;
}
