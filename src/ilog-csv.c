/* ilog-csv: incidents as a spreadsheet (RFC 4180), a police diary's columns */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-csv [-0] [-d DIR] [-j N] [INCIDENT...]\n"
	"  a header, then one row per incident as it is now: date, time,\n"
	"  until, behaviour, location, summary, details, said, witnesses,\n"
	"  present, suspect, identified, from, vehicle, weapon, fear, police,\n"
	"  impact, tags, channel, noted, withdrawn, evidence count, id;\n"
	"  ilog-import reads it back. At a terminal with no\n"
	"  INCIDENT every incident, withdrawn too\n"
	"  -h, --help  this text; --version  the version\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_buf out = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_opts opt = { 0 };
	int c, nul = 0, errors;
	size_t i, nwit;

	ilog_start("ilog-csv");
	while ((c = getopt_long(argc, argv, "0d:hj:", longopts, NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	ilog_open_log(&opt, &store, &log);
	errors = ilog_select_whole(&log, argc - optind, argv + optind, nul,
	    &sel);
	nwit = ilog_csv_witnesses(sel.incs, sel.n);
	ilog_csv_header(&out, nwit);
	/* each row goes out as it is made: the log may be large */
	for (i = 0; i <= sel.n; i++) {
		if (ilog_buf_flush(&out, STDOUT_FILENO) < 0) {
			ilog_warn("stdout: %s", strerror(errno));
			errors++;
			break;
		}
		if (i < sel.n)
			ilog_csv_row(&out, sel.incs[i], nwit);
	}
	c = errors || log.nerrors ? 2 : 0;
	ilog_buf_free(&out);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
