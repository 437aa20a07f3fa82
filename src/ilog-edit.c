/* ilog-edit: change an incident in $EDITOR; the difference is an amendment */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-edit [-d DIR] [-j N] [-m NOTE] [INCIDENT]\n"
	"  Opens the incident's current state in $VISUAL or $EDITOR (on tmpfs);\n"
	"  what you change is saved as one amendment. The original stays.\n"
	"  Without INCIDENT, the one incident whose path is on stdin.\n"
	"  -h, --help  this text; --version  the version\n";

/* Fields the editor does not offer: set by ilog or by other programs. */
static const char *const fixed[] = { "id", "recorded", "prev", "amends",
	"evidence", "withdrawn", NULL };

static int
is_fixed(const char *key)
{
	size_t i;

	for (i = 0; fixed[i]; i++)
		if (strcmp(fixed[i], key) == 0)
			return 1;
	return 0;
}

static struct ilog_node *
editable(const struct ilog_node *cur)
{
	struct ilog_node *doc = ilog_node_copy(cur);
	size_t i;

	for (i = 0; fixed[i]; i++)
		ilog_node_unset(doc, fixed[i]);
	return doc;
}

/* Parse and check the edited text; NULL with the reason in e. */
static struct ilog_node *
edited_doc(const struct ilog_buf *text, const struct ilog_incident *inc,
    const struct ilog_node *old, unsigned long *line, struct ilog_err *e)
{
	struct ilog_node *doc, *check;
	size_t i;

	if (ilog_edit_parse(text->s, text->len, old, &doc, line, e) < 0)
		return NULL;
	for (i = 0; i < doc->n; i++)
		if (is_fixed(doc->keys[i])) {
			ilog_err_set(e, "%s: cannot be changed here", doc->keys[i]);
			ilog_node_free(doc);
			return NULL;
		}
	check = ilog_node_copy(doc);
	ilog_node_set(check, "id", ilog_node_raw(inc->rec->id));
	if (ilog_record_check(check, 1, e) < 0) {
		ilog_node_free(check);
		ilog_node_free(doc);
		return NULL;
	}
	ilog_node_unset(check, "id");
	ilog_node_free(doc);
	return check;
}

static const char header[] =
	"# Change what needs changing, then save and quit. The original stays\n"
	"# as it was; the change is kept as an amendment. Lines starting with\n"
	"# # are ignored. Evidence: ilog-attach; withdrawing: ilog-withdraw.\n";

/* Edit until the text is valid or the user gives up; NULL: no change. */
static struct ilog_node *
edit_loop(const struct ilog_incident *inc, const struct ilog_node *old)
{
	struct ilog_buf text = { 0 }, out = { 0 };
	struct ilog_node *new = NULL, *am = NULL;
	struct ilog_err e;
	unsigned long line;

	ilog_buf_adds(&text, header);
	if (ilog_yaml_emit(old, &text, &e) < 0)
		ilog_die("%s: %s", inc->rec->path, e.msg);
	for (;;) {
		if (ilog_edit_text(text.s, text.len, &out, &e) < 0)
			ilog_die("%s", e.msg);
		ilog_buf_free(&text);
		text = out;
		out = (struct ilog_buf){ 0 };
		if ((new = edited_doc(&text, inc, old, &line, &e)))
			break;
		if (!ilog_edit_again(e.msg, &text, line))
			ilog_die("nothing written");
	}
	ilog_buf_free(&text);
	am = ilog_record_difference(old, new);
	ilog_node_free(new);
	return am;
}

/* A record's path opens the store it is in, not ILOG_DIR's. */
static char *
store_of(const char *arg)
{
	const char *slash = strrchr(arg, '/');
	char id[ILOG_ID_MAX];

	if (!slash || !ilog_record_name(slash + 1, id))
		return NULL;
	return slash == arg ? ilog_xstrdup("/") : ilog_xstrndup(arg,
	    (size_t)(slash - arg));
}

/* Editing is of one incident: never a guess among several. */
static void
not_one(const struct ilog_sel *sel)
{
	char when[32];
	size_t i;

	if (sel->n == 0 || sel->everything)
		ilog_die("no incident given: name one, or pipe one path in");
	ilog_warn("%zu incidents given; edit one at a time:", sel->n);
	for (i = 0; i < sel->n && i < 20; i++) {
		ilog_when_format(&sel->incs[i]->occurred, when);
		fprintf(stderr, "  %.10s %.5s  ", when, when + 11);
		ilog_put_shown(stderr, ilog_node_text(sel->incs[i]->cur,
		    "summary"), strcspn(ilog_node_text(sel->incs[i]->cur,
		    "summary"), "\n"));
		fputs("\n    ", stderr);
		ilog_put_shown(stderr, sel->incs[i]->rec->path,
		    strlen(sel->incs[i]->rec->path));
		fputc('\n', stderr);
	}
	if (sel->n > 20)
		fprintf(stderr, "  and %zu more\n", sel->n - 20);
	exit(2);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_node *old, *am;
	struct ilog_err e;
	int unsynced = 0;
	struct ilog_opts opt = { 0 };
	const char *note = NULL;
	char *path_store = NULL;
	int c;

	ilog_start("ilog-edit");
	while ((c = getopt_long(argc, argv, "d:hj:m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'm': note = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (argc - optind > 1)
		ilog_usage_exit(usage, 2);
	if (!opt.dir && argc > optind)
		opt.dir = path_store = store_of(argv[optind]);
	ilog_open_log(&opt, &store, &log);
	if (ilog_select(&log, argc - optind, argv + optind, 0, &sel))
		return 2;
	if (sel.n != 1 || sel.everything)
		not_one(&sel);
	old = editable(sel.incs[0]->cur);
	if (!(am = edit_loop(sel.incs[0], old))) {
		ilog_warn("no change: nothing written");
	} else {
		if (note)
			ilog_node_set(am, "note", ilog_node_str(note));
		if ((unsynced = ilog_log_amend(&log, am, sel.incs, 1, &e)) < 0)
			ilog_die("%s", e.msg);
		if (unsynced)
			ilog_warn("%s", e.msg);
		ilog_print_path(sel.incs[0], 0);
		ilog_node_free(am);
	}
	ilog_node_free(old);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	free(path_store);
	return unsynced ? 2 : 0;
}
