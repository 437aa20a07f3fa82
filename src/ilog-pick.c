/* ilog-pick: pass on the incidents that match every filter given */
#include <getopt.h>
#include <stdlib.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-pick [-0rR] [-d DIR] [-j N] [-s DATE] [-u DATE] [-b BEHAVIOUR]\n"
	"                 [-t TAG] [-T TAG] [-g REGEX] [-i HOW] [-H FIELD]\n"
	"                 [-F WHO] [INCIDENT...]\n"
	"  -s, --since DATE     happened on or after DATE\n"
	"  -u, --until DATE     happened on or before DATE (a date: the whole day)\n"
	"  -b, --behaviour B    has behaviour B\n"
	"  -t, --tag TAG        has TAG\n"
	"  -T, --not-tag TAG    does not have TAG\n"
	"  -g, --grep REGEX     any text field matches REGEX (ignoring case)\n"
	"  -i, --identified HOW the suspect was identified so: seen, heard,\n"
	"                       recognised-number, inferred, or none recorded\n"
	"  -H, --has FIELD      FIELD of ilog(5) is filled in (fear, weapon,\n"
	"                       said, present, police.response, ...)\n"
	"  -F, --from WHO       came from this number, address or account\n"
	"  -r, --reported       reported to the police\n"
	"  -R, --unreported     not reported to the police\n"
	"Different filters must all match; a repeated filter matches any value.\n"
	"Exit 0 when something matched, 1 when nothing did, 2 on error.\n"
	"  -h, --help  this text; --version  the version\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "behaviour", required_argument, NULL, 'b' },
		{ "behavior", required_argument, NULL, 'b' },
		{ "tag", required_argument, NULL, 't' },
		{ "not-tag", required_argument, NULL, 'T' },
		{ "grep", required_argument, NULL, 'g' },
		{ "identified", required_argument, NULL, 'i' },
		{ "has", required_argument, NULL, 'H' },
		{ "from", required_argument, NULL, 'F' },
		{ "reported", no_argument, NULL, 'r' },
		{ "unreported", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_filter f = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_err e;
	struct ilog_opts opt = { .lazy = 1 };
	int c, nul = 0, errors;
	size_t i, matched = 0;

	ilog_start("ilog-pick");
	while ((c = getopt_long(argc, argv, "0b:d:F:g:H:hi:j:rRs:t:T:u:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		case '?': ilog_usage_exit(usage, 2);
		default:
			if (ilog_filter_add(&f, c, optarg, &e) < 0)
				ilog_die("%s", e.msg);
		}
	}
	ilog_open_log(&opt, &store, &log);
	errors = ilog_select(&log, argc - optind, argv + optind, nul, &sel);
	for (i = 0; i < sel.n; i++)
		if (ilog_filter_match(&f, sel.incs[i])) {
			ilog_print_path(sel.incs[i], nul);
			matched++;
		}
	c = errors || log.nerrors ? 2 : matched ? 0 : 1;
	ilog_filter_free(&f);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
