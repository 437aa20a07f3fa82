/* ilog-ls: print the paths of all incidents, ordered by when they happened */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-ls [-a0] [-d DIR] [-j N]\n"
	"  -a  also list withdrawn incidents\n"
	"  -0  end each path with NUL instead of newline\n"
	"  -h, --help  this text; --version  the version\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_incident **incs;
	struct ilog_opts opt = { .lazy = 1 };
	int c, all = 0, nul = 0, mark;
	size_t i, n;

	ilog_start("ilog-ls");
	while ((c = getopt_long(argc, argv, "0ad:hj:", longopts, NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'a': all = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind < argc)
		ilog_usage_exit(usage, 2);
	ilog_open_log(&opt, &store, &log);
	mark = all && !nul && isatty(STDOUT_FILENO);
	incs = ilog_log_by_occurred(&log, all, &n);
	for (i = 0; i < n; i++) {
		if (mark && incs[i]->withdrawn)
			printf("%s (withdrawn)\n", incs[i]->rec->path);
		else
			ilog_print_path(incs[i], nul);
	}
	free(incs);
	c = log.nerrors ? 2 : 0;
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
