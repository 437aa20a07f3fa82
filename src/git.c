/* git.c: git as the sync engine: the repository's own config and a commit
 * per write, saying no more than the folder does */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ilog.h"

static int
run_git(const struct ilog_store *s, char *const args[], int quiet)
{
	char *argv[16];
	pid_t pid;
	int i, n = 0, status, null;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = s->dir;
	for (i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		/* commit times in UTC, as record IDs are: no time zone */
		setenv("TZ", "UTC", 1);
		if (quiet && (null = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execvp("git", argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int
ilog_is_git(const struct ilog_store *s)
{
	char *path = ilog_store_file(s, ".git");
	int yes = access(path, F_OK) == 0;

	free(path);
	return yes;
}

/* What a store needs in its repository's own config (a clone has none):
 * an identity and a diff driver that name neither the user nor the tool,
 * and pulls that never ask (records are new files: a rebase cannot
 * conflict). */
static int
git_configure(const struct ilog_store *s)
{
	static char *const settings[][2] = {
		{ "user.name", "store" },
		{ "user.email", "store@localhost" },
		{ "pull.rebase", "true" },
		{ "diff.gpg.textconv", "sh -c 'gpg --quiet --batch --decrypt "
		    "\"$1\" 2>/dev/null; exit 0' textconv" },
		{ "diff.gpg.binary", "true" },
	};
	char *set[] = { "config", "--local", NULL, NULL, NULL };
	size_t i;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		set[2] = settings[i][0];
		set[3] = settings[i][1];
		if (run_git(s, set, 1) < 0)
			return -1;
	}
	return 0;
}

static int
git_configured(const struct ilog_store *s)
{
	char *get[] = { "config", "--local", "--get", "diff.gpg.textconv",
	    NULL };

	return run_git(s, get, 1) == 0;
}

static int
commit_staged(const struct ilog_store *s, char *msg)
{
	char *commit[] = { "commit", "-q", "--no-verify", "-m", msg, NULL };

	return run_git(s, commit, 1);
}

/* Commit one written file, or the whole store (relpath "."). The message
 * says no more than the folder does: the file's name, or "update". */
int
ilog_git_commit(const struct ilog_store *s, const char *relpath)
{
	char *add[] = { "add", "--", (char *)relpath, NULL };
	/* the whole store: its own files, not strays beside them */
	char *add_all[] = { "add", "-A", "--", ":(glob)*.yaml.gpg",
	    ":(glob)evidence/*.gpg", ILOG_LIST_NAME, NULL };
	int whole = strcmp(relpath, ".") == 0;

	if (!ilog_is_git(s))
		return 0;
	if (!git_configured(s) && git_configure(s) < 0)
		return -1;
	if (run_git(s, whole ? add_all : add, 1) < 0)
		return -1;
	return commit_staged(s, whole ? "update" : (char *)relpath);
}

static int
write_file(const struct ilog_store *s, const char *name, const char *text,
    struct ilog_err *e)
{
	char *path = ilog_store_file(s, name);
	int rc = ilog_store_replace(path, path, text, strlen(text), e);

	free(path);
	return rc;
}

/* textconv ignores gpg's exit status: with several hidden recipients gpg
 * prints the plaintext and still exits 2 for anyone but the first. Run in a
 * clone, it sets up the repository's config (git config is not cloned). */
int
ilog_init_git(struct ilog_store *s, struct ilog_err *e)
{
	char *init[] = { "init", "-q", NULL };
	char *add[] = { "add", "-A", "--", ".", NULL };
	char *staged[] = { "diff", "--cached", "--quiet", NULL };

	if (!ilog_is_git(s) && run_git(s, init, 1) < 0)
		return ilog_err_set(e, "%s: git init failed (is git installed?)",
		    s->dir), -1;
	if (write_file(s, ".gitattributes", "*.gpg diff=gpg\n", e) < 0)
		return -1;
	if (git_configure(s) < 0 || run_git(s, add, 1) < 0)
		return ilog_err_set(e, "%s: git config failed", s->dir), -1;
	/* nothing new (run again, or in a clone): no empty commit */
	if (run_git(s, staged, 1) < 0 && commit_staged(s, "update") < 0)
		return ilog_err_set(e, "%s: git commit failed", s->dir), -1;
	return 0;
}
