/* ilog-tag: add and remove tags with one amendment; pass the incidents on */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-tag [-0y] [-d DIR] [-j N] [-m NOTE] +TAG|-TAG... [INCIDENT...]\n"
	"  +TAG adds a tag, -TAG removes it; one amendment for all incidents.\n"
	"  The incidents' paths are printed, so ilog-tag can sit mid-pipe.\n"
	"  With no INCIDENT and no pipe, every incident: asked first (-y: not)\n"
	"  -h, --help  this text; --version  the version\n";

struct tag_args {
	struct ilog_opts store;	/* -d, -j */
	const char *note;
	int nul, yes;
	struct ilog_node *changes;
	char **incidents;
	int nincidents;
};

static const char *
need_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		ilog_usage_exit(usage, 2);
	return argv[++*i];
}

/* Not getopt: "-reported" is a tag change, not a cluster of options. */
static void
args_parse(int argc, char **argv, struct tag_args *a)
{
	struct ilog_err e;
	int i, operands_only = 0;

	a->changes = ilog_node_seq();
	a->incidents = ilog_xcalloc((size_t)argc, sizeof *a->incidents);
	for (i = 1; i < argc; i++) {
		const char *s = argv[i];

		if (operands_only || (s[0] != '-' && s[0] != '+'))
			a->incidents[a->nincidents++] = argv[i];
		else if (strcmp(s, "--") == 0)
			operands_only = 1;
		else if (strcmp(s, "-d") == 0)
			a->store.dir = need_value(argc, argv, &i);
		else if (strcmp(s, "-m") == 0)
			a->note = need_value(argc, argv, &i);
		else if (strcmp(s, "-j") == 0)
			a->store.jobs = ilog_opt_jobs(need_value(argc, argv,
			    &i));
		else if (strcmp(s, "-0") == 0)
			a->nul = 1;
		else if (strcmp(s, "-y") == 0 || strcmp(s, "--yes") == 0)
			a->yes = 1;
		else if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0)
			ilog_usage_exit(usage, 0);
		else if (strcmp(s, "--version") == 0)
			ilog_version_exit();
		else if (!ilog_tag_valid(s + 1)) {
			ilog_tag_refused(s + 1, &e);
			ilog_die("%s", e.msg);
		} else
			ilog_node_push(a->changes, ilog_node_str(s));
	}
	if (a->changes->n == 0)
		ilog_usage_exit(usage, 2);
}

/* Does the change do anything to this incident? */
static int
changes_anything(const struct ilog_node *changes,
    const struct ilog_incident *inc)
{
	const struct ilog_node *tags = ilog_node_get(inc->cur, "tags");
	size_t i;

	for (i = 0; i < changes->n; i++) {
		const char *c = changes->items[i]->str;

		if ((c[0] == '+') != ilog_seq_has(tags, c + 1))
			return 1;
	}
	return 0;
}

/* No operand and no pipe means every incident: a slip at the terminal
 * would tag them all, so ask (-y does not). */
static void
confirm_all(size_t n)
{
	char q[96];

	snprintf(q, sizeof q, "No incident named: change all %zu incidents? "
	    "[y/N] ", n);
	if (ilog_ask(q, 0) != 1)
		ilog_die("nothing changed (name the incidents, pipe them in, "
		    "or give -y for all)");
}

int
main(int argc, char **argv)
{
	struct tag_args a = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_incident **todo;
	struct ilog_node *am;
	struct ilog_err e;
	int unsynced = 0;
	size_t i, n = 0;
	int errors;

	ilog_start("ilog-tag");
	args_parse(argc, argv, &a);
	ilog_open_log(&a.store, &store, &log);
	errors = ilog_select(&log, a.nincidents, a.incidents, a.nul, &sel);
	if (errors)
		ilog_die("nothing changed");
	if (sel.everything && sel.n > 1 && !a.yes)
		confirm_all(sel.n);
	todo = ilog_xcalloc(sel.n, sizeof *todo);
	for (i = 0; i < sel.n; i++)
		if (changes_anything(a.changes, sel.incs[i]))
			todo[n++] = sel.incs[i];
	if (n > 0) {
		am = ilog_node_map();
		ilog_node_set(am, "tags", a.changes);
		if (a.note)
			ilog_node_set(am, "note", ilog_node_str(a.note));
		if ((unsynced = ilog_log_amend(&log, am, todo, n, &e)) < 0)
			ilog_die("%s", e.msg);
		if (unsynced)
			ilog_warn("%s", e.msg);
		ilog_node_free(am);
	} else {
		ilog_node_free(a.changes);
	}
	for (i = 0; i < sel.n; i++)
		ilog_print_path(sel.incs[i], a.nul);
	free(todo);
	free(a.incidents);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return unsynced ? 2 : 0;
}
