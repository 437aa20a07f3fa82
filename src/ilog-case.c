/* ilog-case: the case record: background, suspect, orders, victim */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-case [-r] [-d DIR]\n"
	"       ilog-case -e [-d DIR] [-m NOTE]\n"
	"       ilog-case [-d DIR] [-m NOTE] < case.yaml\n"
	"  Shows the case: background, the suspect, orders in force, and your\n"
	"  details for the statement. YAML on stdin sets it whole; -e changes\n"
	"  it in $VISUAL or $EDITOR (on tmpfs). The first version stays; each\n"
	"  change is kept as an amendment.\n"
	"  -r, --raw         the records as written: the case, then its changes\n"
	"  -e, --edit        change it in $EDITOR\n"
	"  -m, --message N   why it was changed (kept with the change)\n"
	"  -h, --help  this text; --version  the version\n";

static const char header[] =
	"# The case: what the police and a court need beyond the incidents.\n"
	"# Fill in what you know and leave the rest empty: empty fields are\n"
	"# left out. Lines starting with # are ignored. The first version is\n"
	"# kept; each change is kept as an amendment (see ilog(5)).\n";

static const char template[] =
	"background:\n"
	"  relationship:     # e.g. ex-partner, neighbour, colleague, stranger\n"
	"  ended:            # when the relationship ended: YYYY-MM-DD\n"
	"  # Each time he or she was told to stop: when, how (text message,\n"
	"  # letter, in person), and by whom (victim: you; solicitor; police).\n"
	"  told_to_stop:\n"
	"    - date:\n"
	"      how:\n"
	"      by:\n"
	"suspect:\n"
	"  names:            # one per line: full name, nicknames\n"
	"    -\n"
	"  born:             # date of birth, YYYY-MM-DD\n"
	"  phones:\n"
	"    -\n"
	"  emails:\n"
	"    -\n"
	"  accounts:         # social media: site and name\n"
	"    -\n"
	"  addresses:\n"
	"    -\n"
	"  vehicles:\n"
	"    - make:\n"
	"      model:\n"
	"      colour:\n"
	"      plate:\n"
	"  description:      # height, build, hair, anything that identifies\n"
	"# Orders and warnings in force: a non-molestation order, a Stalking\n"
	"# Protection Order, a restraining order, a police warning.\n"
	"orders:\n"
	"  - kind:\n"
	"    made:           # YYYY-MM-DD\n"
	"    expires:\n"
	"    reference:\n"
	"    court:\n"
	"    terms:          # what it forbids\n"
	"# You, for the statement: your name, and a contact the police may use.\n"
	"victim:\n"
	"  name:\n"
	"  contact:\n";

static const char *const header_keys[] = { "id", "recorded", "prev", "kind",
	"note", NULL };

/* Empty fields (the template's, or typed empty) are left out. */
static int
prune_empty(struct ilog_node *n)
{
	size_t i;

	if (n->kind == ILOG_SCALAR)
		return n->len == 0;
	for (i = n->n; i-- > 0;) {
		if (!prune_empty(n->items[i]))
			continue;
		if (n->kind == ILOG_MAP)
			ilog_node_unset(n, n->keys[i]);
		else {
			ilog_node_free(n->items[i]);
			memmove(&n->items[i], &n->items[i + 1],
			    (n->n - i - 1) * sizeof *n->items);
			n->n--;
		}
	}
	return n->n == 0;
}

/* The case's fields alone: what is compared, and what a user writes. */
static struct ilog_node *
fields_only(const struct ilog_node *doc)
{
	struct ilog_node *f = ilog_node_copy(doc);
	size_t i;

	for (i = 0; header_keys[i]; i++)
		ilog_node_unset(f, header_keys[i]);
	return f;
}

/* YAML text as the case's fields, checked; NULL with the reason in e. */
static struct ilog_node *
parse_case(const char *text, size_t len, char **note, struct ilog_err *e)
{
	struct ilog_node **docs, *doc, *f;
	size_t n;

	if (ilog_yaml_parse(text, len, &docs, &n, e) < 0)
		return NULL;
	if (n != 1) {
		while (n > 0)
			ilog_node_free(docs[--n]);
		free(docs);
		ilog_err_set(e, "give one YAML document: the case");
		return NULL;
	}
	doc = docs[0];
	free(docs);
	if (doc->kind == ILOG_MAP)
		prune_empty(doc);
	if (ilog_case_check(doc, 1, e) < 0) {
		ilog_node_free(doc);
		return NULL;
	}
	if (note && ilog_node_text(doc, "note"))
		*note = ilog_xstrdup(ilog_node_text(doc, "note"));
	f = fields_only(doc);
	ilog_node_free(doc);
	if (f->n == 0) {
		ilog_node_free(f);
		ilog_err_set(e, "no field of the case given (see ilog(5))");
		return NULL;
	}
	return f;
}

/* The first case record, or an amendment of the one there is. Prints the
 * path of what was written; returns the exit status. */
static int
save(struct ilog_log *log, struct ilog_node *fields, const char *note)
{
	struct ilog_incident *c = log->case_file;
	struct ilog_node *old, *doc;
	struct ilog_err e;
	char id[ILOG_ID_MAX], *path;
	int rc;

	if (!c) {
		doc = fields;
		ilog_node_set(doc, "kind", ilog_node_raw("case"));
		if (note)
			ilog_node_set(doc, "note", ilog_node_str(note));
		rc = ilog_log_write(log, doc, id, &e);
	} else {
		old = fields_only(c->cur);
		doc = ilog_record_difference(old, fields);
		ilog_node_free(old);
		ilog_node_free(fields);
		if (!doc) {
			ilog_warn("no change: nothing written");
			return 0;
		}
		if (note)
			ilog_node_set(doc, "note", ilog_node_str(note));
		rc = ilog_log_amend(log, doc, &log->case_file, 1, &e);
		snprintf(id, sizeof id, "%s", log->chain.id);
	}
	ilog_node_free(doc);
	if (rc < 0)
		ilog_die("%s", e.msg);
	path = ilog_store_record_path(log->store, id);
	puts(path);
	free(path);
	if (rc)
		ilog_warn("%s", e.msg);
	return rc ? 2 : 0;
}

static struct ilog_node *
edit_loop(const struct ilog_incident *c, char **note)
{
	struct ilog_buf text = { 0 }, out = { 0 };
	struct ilog_node *fields, *cur;
	struct ilog_err e;

	ilog_buf_adds(&text, header);
	if (!c) {
		ilog_buf_adds(&text, template);
	} else {
		cur = fields_only(c->cur);
		if (ilog_yaml_emit(cur, &text, &e) < 0)
			ilog_die("%s: %s", c->rec->path, e.msg);
		ilog_node_free(cur);
	}
	for (;;) {
		if (ilog_edit_text(text.s, text.len, &out, &e) < 0)
			ilog_die("%s", e.msg);
		ilog_buf_free(&text);
		text = out;
		out = (struct ilog_buf){ 0 };
		if ((fields = parse_case(text.s, text.len, note, &e)))
			break;
		if (!ilog_edit_again(e.msg, &text, 0))
			ilog_die("nothing written");
	}
	ilog_buf_free(&text);
	return fields;
}

/* NULL when stdin is empty: then the case is shown. */
static struct ilog_node *
from_stdin(char **note)
{
	struct ilog_buf in = { 0 };
	struct ilog_node *fields;
	struct ilog_err e;

	if (ilog_read_fd(STDIN_FILENO, &in) < 0)
		ilog_die("stdin: cannot be read");
	if (in.len == 0) {
		ilog_buf_free(&in);
		return NULL;
	}
	if (!(fields = parse_case(in.s, in.len, note, &e)))
		ilog_die("stdin: %s: nothing written", e.msg);
	ilog_buf_free(&in);
	return fields;
}

static int
show(struct ilog_store *s, const struct ilog_log *log, int raw)
{
	struct ilog_buf out = { 0 };
	struct ilog_err e;

	if (!log->case_file) {
		ilog_warn("no case record in %s yet (ilog-case -e writes one)",
		    s->dir);
		return 1;
	}
	if (!raw) {
		if (ilog_yaml_emit(log->case_file->cur, &out, &e) < 0)
			ilog_die("%s: %s", log->case_file->rec->path, e.msg);
		fwrite(out.s, 1, out.len, stdout);
		ilog_buf_free(&out);
		return 0;
	}
	fflush(stdout);
	if (ilog_log_raw(s, log->case_file, STDOUT_FILENO, &e) < 0) {
		ilog_warn("%s", e.msg);
		return 2;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "edit", no_argument, NULL, 'e' },
		{ "message", required_argument, NULL, 'm' },
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_node *fields = NULL;
	struct ilog_opts opt = { 0 };
	const char *message = NULL;
	char *note = NULL;
	int c, edit = 0, raw = 0, rc;

	ilog_start("ilog-case");
	while ((c = getopt_long(argc, argv, "d:ehm:r", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'e': edit = 1; break;
		case 'm': message = optarg; break;
		case 'r': raw = 1; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (argc > optind || (edit && raw))
		ilog_usage_exit(usage, 2);
	ilog_open_log(&opt, &store, &log);
	if (edit)
		fields = edit_loop(log.case_file, &note);
	else if (!raw && !isatty(STDIN_FILENO))
		fields = from_stdin(&note);
	if (fields)
		rc = save(&log, fields, message ? message : note);
	else
		rc = show(&store, &log, raw) | (log.nerrors ? 2 : 0);
	free(note);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return rc;
}
