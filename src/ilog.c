/* ilog: `ilog VERB ARGS` runs ilog-VERB ARGS, like git */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog VERB [ARGS...]\n"
	"  verbs: init add ls scan show pick tag edit attach withdraw import\n"
	"         case md json csv verify seal, and git (runs git in the store)\n"
	"  ilog VERB --help tells more; ilog(7) is the overview.\n";

/* Look beside this program first, so a build tree runs its own tools. */
static void
exec_verb(const char *self, const char *verb, char **argv)
{
	char path[4096], name[256];
	const char *slash = strrchr(self, '/');

	snprintf(name, sizeof name, "ilog-%s", verb);
	argv[0] = name;
	if (slash) {
		snprintf(path, sizeof path, "%.*s/%s", (int)(slash - self), self,
		    name);
		execv(path, argv);
	}
	execvp(name, argv);
	ilog_die("%s: not an ilog command (%s)", verb, strerror(errno));
}

static void
exec_git(int argc, char **argv)
{
	char **args = ilog_xcalloc((size_t)argc + 4, sizeof *args);
	char *dir = ilog_store_path(NULL), *dotgit;
	struct ilog_buf b = { 0 };
	int i;

	/* else git would work on a repository that holds the store, if any */
	ilog_buf_printf(&b, "%s/.git", dir);
	dotgit = b.s;
	if (access(dotgit, F_OK) != 0)
		ilog_die("git: %s is not a git repository: 'ilog-init --git' "
		    "makes it one", dir);
	args[0] = "git";
	args[1] = "-C";
	args[2] = (char *)dir;
	for (i = 0; i < argc; i++)
		args[3 + i] = argv[i];
	execvp("git", args);
	ilog_die("git: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	ilog_start("ilog");
	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		ilog_version_exit();
	if (strcmp(argv[1], "-d") == 0 && argc > 3) {
		setenv("ILOG_DIR", argv[2], 1);
		argv += 2;
		argc -= 2;
	}
	if (strcmp(argv[1], "git") == 0)
		exec_git(argc - 2, argv + 2);
	exec_verb(argv[0], argv[1], argv + 1);
	return 2;
}
