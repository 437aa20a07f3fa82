/* ilog-seal: print the seal of the store as it is now: ID COUNT SHA256 */
#include <getopt.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-seal [-d DIR] [-j N]\n"
	"  Prints ID COUNT SHA256: COUNT records up to ID, and the SHA-256 of\n"
	"  their lines \"ID DIGEST\". Give it to someone you trust; anyone can\n"
	"  check it later with ilog-verify -S 'SEAL'.\n"
	"  -h, --help  this text; --version  the version\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_seal seal;
	const char *dir = NULL;
	char line[160];
	int c;

	ilog_start("ilog-seal");
	while ((c = getopt_long(argc, argv, "d:hj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': ilog_set_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind < argc)
		ilog_usage_exit(usage, 2);
	ilog_open_log(dir, &store, &log);
	if (log.nrecs == 0)
		ilog_die("%s: no records to seal", store.dir);
	if (ilog_seal(&log, NULL, &seal) < 0)
		ilog_die("some records cannot be read (see above): no seal");
	ilog_seal_format(&seal, line, sizeof line);
	puts(line);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return 0;
}
