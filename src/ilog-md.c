/* ilog-md: the report for the police, a solicitor or a court, in Markdown */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-md [-0] [-d DIR] [-j N] [-T TITLE] [-A NAME] [-o FILE]\n"
	"               [-R FIELDS] [--profile NAME] [INCIDENT...]\n"
	"  -T, --title TITLE    the report's title\n"
	"  -A, --author NAME    who prepared it (exhibits: their initials)\n"
	"  -o, --output FILE    write FILE.pdf, FILE.html or FILE.docx (with\n"
	"                       pandoc; PDF with weasyprint) or FILE.md\n"
	"  -X, --exhibits PREFIX  exhibit labels PREFIX/1, PREFIX/2...\n"
	"  --statement[=uk|us]  end with a statement of truth to sign\n"
	"  -R, --redact FIELDS  show these ilog(5) fields as [redacted]\n"
	"                       (location,witnesses.contact,victim)\n"
	"  --profile NAME       redact the fields NAME lists in\n"
	"                       $XDG_CONFIG_HOME/ilog/profiles\n"
	"  the report (CommonMark with GFM tables) goes to stdout; at a\n"
	"  terminal with no INCIDENT it covers every incident, withdrawn too\n"
	"  -h, --help  this text; --version  the version\n";

static int
statement_kind(const char *arg)
{
	if (!arg || strcmp(arg, "uk") == 0)
		return ILOG_STATEMENT_UK;
	if (strcmp(arg, "us") == 0)
		return ILOG_STATEMENT_US;
	ilog_die("--statement=%s: give uk (England and Wales, the default) or "
	    "us (28 U.S.C. 1746)", arg);
}

/* --redact FIELDS, --profile NAME */
static void
redact_opt(struct ilog_redact *redact, int opt, const char *arg)
{
	struct ilog_err e;

	if (opt == 'P') {
		if (ilog_redact_profile(redact, arg, &e) < 0)
			ilog_die("--profile: %s", e.msg);
		return;
	}
	if (!arg[strspn(arg, ", \t")])
		ilog_die("--redact: no field given (the fields of ilog(5), "
		    "such as location,witnesses.contact)");
	if (ilog_redact_add(redact, arg, &e) < 0)
		ilog_die("--redact: %s", e.msg);
}

/* What is left of the report written: rendered to output, or to stdout
 * after what the sink wrote. Returns 1 when it could not be. */
static int
report_end(const char *output, struct ilog_buf *out,
    const struct ilog_md_opts *o)
{
	struct ilog_err e;
	int failed;

	if (output) {
		if (ilog_render(output, out->s, out->len, o->title &&
		    *o->title ? o->title : "Record of incidents", &e) == 0)
			return 0;
		ilog_warn("%s; nothing written", e.msg);
		return 1;
	}
	failed = ilog_buf_flush(out, STDOUT_FILENO) < 0 ? errno :
	    o->sink->failed;
	if (!failed)
		return 0;
	ilog_warn("stdout: %s", strerror(failed));
	return 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 'T' },
		{ "author", required_argument, NULL, 'A' },
		{ "output", required_argument, NULL, 'o' },
		{ "exhibits", required_argument, NULL, 'X' },
		{ "statement", optional_argument, NULL, 'S' },
		{ "redact", required_argument, NULL, 'R' },
		{ "profile", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_md_opts o = { 0 };
	struct ilog_redact redact = { 0 };
	struct ilog_buf out = { 0 };
	struct ilog_md_sink sink = { STDOUT_FILENO, 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel = { 0 };
	struct ilog_err e;
	struct ilog_opts opt = { .lazy = 1 };
	const char *output = NULL;
	int c, nul = 0, errors = 0;

	ilog_start("ilog-md");
	while ((c = getopt_long(argc, argv, "0A:d:hj:o:R:T:X:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'A': o.author = optarg; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'o': output = optarg; break;
		case 'T': o.title = optarg; break;
		case 'X': o.exhibit_prefix = optarg; break;
		case 'S': o.statement = statement_kind(optarg); break;
		case 'R': case 'P': redact_opt(&redact, c, optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	/* a missing pandoc is said before the log is read */
	if (output && ilog_render_check(output, &e) < 0)
		ilog_die("%s", e.msg);
	o.now = time(NULL);
	o.redact = &redact;
	ilog_open_log(&opt, &store, &log);
	if (ilog_store_recipients(&store, &e) < 0) {
		ilog_warn("%s", e.msg);
		errors++;
	}
	/* The whole log for a court: withdrawn incidents shown, marked. */
	errors += ilog_select_whole(&log, argc - optind, argv + optind, nul,
	    &sel);
	if (!output)
		o.sink = &sink;
	ilog_md_report(&out, &log, sel.incs, sel.n, &o);
	errors += report_end(output, &out, &o);
	c = errors || log.nerrors ? 2 : 0;
	ilog_buf_free(&out);
	ilog_redact_free(&redact);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
