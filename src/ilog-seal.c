/* ilog-seal: print the seal of the store as it is now: ID COUNT SHA256;
 * with --given-to, record to whom it was handed */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-seal [-d DIR] [-j N] [-g NAME [-n NOTE]]\n"
	"  Prints ID COUNT SHA256: COUNT records up to ID, and the SHA-256 of\n"
	"  their lines \"ID DIGEST\". Give it to someone you trust; anyone can\n"
	"  check it later with ilog-verify -S 'SEAL'.\n"
	"  -g, --given-to NAME  also record (a signed record in the log) that\n"
	"                       this seal was given to NAME now; ilog-md lists it\n"
	"  -n, --note NOTE      with -g: how it was given (e-mail, on paper...)\n"
	"  -h, --help  this text; --version  the version\n";

/* A record of the seal handed over: what ilog-md lists, ilog-verify checks. */
static void
record_given(struct ilog_log *log, const char *line, const char *to,
    const char *note)
{
	struct ilog_node *doc = ilog_node_map();
	struct ilog_when now;
	struct ilog_err e;
	char when[32], id[ILOG_ID_MAX];
	int rc;

	ilog_when_parse("now", time(NULL), &now, NULL);
	ilog_when_format(&now, when);
	ilog_node_set(doc, "kind", ilog_node_raw("seal"));
	ilog_node_set(doc, "seal", ilog_node_str(line));
	ilog_node_set(doc, "given_to", ilog_node_str(to));
	ilog_node_set(doc, "given", ilog_node_raw(when));
	if (note)
		ilog_node_set(doc, "note", ilog_node_str(note));
	if (ilog_record_check(doc, 1, &e) < 0)
		ilog_die("%s", e.msg);
	rc = ilog_log_write(log, doc, id, &e);
	ilog_node_free(doc);
	if (rc < 0)
		ilog_die("%s: nothing written, no seal given", e.msg);
	if (rc)
		ilog_warn("%s", e.msg);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "given-to", required_argument, NULL, 'g' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_seal seal;
	struct ilog_opts opt = { 0 };
	const char *to = NULL, *note = NULL;
	char line[160];
	int c;

	ilog_start("ilog-seal");
	while ((c = getopt_long(argc, argv, "d:g:hj:n:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'g': to = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'n': note = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind < argc || (note && !to))
		ilog_usage_exit(usage, 2);
	if (to && strspn(to, " \t") == strlen(to))
		ilog_die("--given-to: say to whom the seal is given");
	ilog_open_log(&opt, &store, &log);
	if (log.nrecs == 0)
		ilog_die("%s: no records to seal", store.dir);
	if (ilog_seal(&log, NULL, &seal) < 0)
		ilog_die("some records cannot be read (see above): no seal");
	ilog_seal_format(&seal, line, sizeof line);
	/* written first: a seal is never printed as given when it was not */
	if (to)
		record_given(&log, line, to, note);
	puts(line);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return 0;
}
