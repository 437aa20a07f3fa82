/* ilog-withdraw: hide incidents from listings; nothing is deleted */
#include <getopt.h>
#include <stdlib.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-withdraw [-d DIR] [-j N] -m REASON INCIDENT...\n"
	"  Hides the incidents from listings with an amendment that keeps\n"
	"  REASON; nothing is deleted, ilog-ls -a still lists them.\n"
	"  -h, --help  this text; --version  the version\n";

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
	struct ilog_node *am;
	struct ilog_err e;
	int unsynced = 0;
	const char *dir = NULL, *reason = NULL;
	size_t i;
	int c;

	ilog_start("ilog-withdraw");
	while ((c = getopt_long(argc, argv, "d:hj:m:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': ilog_set_jobs(optarg); break;
		case 'm': reason = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (!reason || !*reason)
		ilog_die("give the reason with -m REASON: a court may ask why");
	if (optind == argc)
		ilog_usage_exit(usage, 2);
	ilog_open_log(dir, &store, &log);
	if (ilog_select(&log, argc - optind, argv + optind, 0, &sel))
		ilog_die("nothing changed");
	am = ilog_node_map();
	ilog_node_set(am, "withdrawn", ilog_node_str(reason));
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
