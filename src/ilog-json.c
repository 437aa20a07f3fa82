/* ilog-json: incidents as JSON Lines, one object a line, for jq */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-json [-0r] [-d DIR] [-j N] [INCIDENT...]\n"
	"  one JSON object a line: each incident as it is now, with its path\n"
	"  and the amendments applied; at a terminal with no INCIDENT every\n"
	"  incident, withdrawn too\n"
	"  -r, --raw    the records as written: incident, then amendments\n"
	"  -h, --help  this text; --version  the version\n";

static int
print_incident(const struct ilog_incident *inc, int raw, struct ilog_buf *out)
{
	size_t i;

	if (!raw) {
		ilog_json_incident(out, inc);
	} else {
		ilog_json_record(out, inc->rec);
		for (i = 0; i < inc->namends; i++)
			ilog_json_record(out, inc->amends[i]);
	}
	/* each line goes out as it is made: the log may be large */
	if (ilog_buf_flush(out, STDOUT_FILENO) == 0)
		return 0;
	ilog_warn("stdout: %s", strerror(errno));
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_buf out = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_opts opt = { 0 };
	int c, nul = 0, raw = 0, errors;
	size_t i;

	ilog_start("ilog-json");
	while ((c = getopt_long(argc, argv, "0d:hj:r", longopts, NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'r': raw = 1; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	ilog_open_log(&opt, &store, &log);
	errors = ilog_select_whole(&log, argc - optind, argv + optind, nul,
	    &sel);
	for (i = 0; i < sel.n; i++)
		if (print_incident(sel.incs[i], raw, &out) < 0) {
			errors++;
			break;
		}
	c = errors || log.nerrors ? 2 : 0;
	ilog_buf_free(&out);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
