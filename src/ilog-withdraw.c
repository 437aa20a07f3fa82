/* ilog-withdraw: hide incidents from listings; nothing is deleted */
#include <getopt.h>
#include <stdlib.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-withdraw [-u] [-d DIR] [-j N] -m REASON INCIDENT...\n"
	"  Hides the incidents from listings with an amendment that keeps\n"
	"  REASON; nothing is deleted, ilog-ls -a still lists them.\n"
	"  -u, --undo  reinstate withdrawn incidents, with REASON\n"
	"  -h, --help  this text; --version  the version\n";

/* The amendment: withdrawn with its reason, or, undone, the withdrawal
 * removed (as any reader applies it) with the reason as its note. */
static struct ilog_node *
withdrawal(const char *reason, int undo)
{
	struct ilog_node *am = ilog_node_map(), *unset;

	if (!undo) {
		ilog_node_set(am, "withdrawn", ilog_node_str(reason));
		return am;
	}
	unset = ilog_node_seq();
	ilog_node_push(unset, ilog_node_str("withdrawn"));
	ilog_node_set(am, "unset", unset);
	ilog_node_set(am, "note", ilog_node_str(reason));
	return am;
}

/* Only a withdrawn incident can be reinstated. */
static void
check_withdrawn(const struct ilog_sel *sel)
{
	size_t i, bad = 0;

	for (i = 0; i < sel->n; i++)
		if (!sel->incs[i]->withdrawn) {
			ilog_warn("%s: is not withdrawn", sel->incs[i]->rec->path);
			bad++;
		}
	if (bad)
		ilog_die("nothing changed");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "undo", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_node *am;
	struct ilog_err e;
	int unsynced = 0;
	struct ilog_opts opt = { 0 };
	const char *reason = NULL;
	size_t i;
	int c, undo = 0;

	ilog_start("ilog-withdraw");
	while ((c = getopt_long(argc, argv, "d:hj:m:u", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'm': reason = optarg; break;
		case 'u': undo = 1; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (!reason || !*reason)
		ilog_die("give the reason with -m REASON: a court may ask why");
	if (optind == argc)
		ilog_usage_exit(usage, 2);
	ilog_open_log(&opt, &store, &log);
	if (ilog_select(&log, argc - optind, argv + optind, 0, &sel))
		ilog_die("nothing changed");
	if (undo)
		check_withdrawn(&sel);
	am = withdrawal(reason, undo);
	if ((unsynced = ilog_log_amend(&log, am, sel.incs, sel.n, &e)) < 0)
		ilog_die("%s", e.msg);
	if (unsynced)
		ilog_warn("%s", e.msg);
	for (i = 0; i < sel.n; i++)
		ilog_print_path(sel.incs[i], 0);
	ilog_node_free(am);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return unsynced ? 2 : 0;
}
