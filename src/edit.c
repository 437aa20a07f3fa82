/* edit.c: text in $EDITOR, in a private directory on tmpfs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ilog.h"

#define TMPFS_MAGIC_NUMBER 0x01021994

static char edit_dir[256];
static char edit_file[300];

/* Editors may leave swap or backup files beside the text: remove them too. */
static void
edit_sweep(void)
{
	char path[600];
	struct dirent *de;
	DIR *d = opendir(edit_dir);

	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			snprintf(path, sizeof path, "%s/%s", edit_dir, de->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
}

static void
edit_cleanup(void)
{
	if (edit_file[0])
		unlink(edit_file);
	if (edit_dir[0])
		edit_sweep();
	if (edit_dir[0])
		rmdir(edit_dir);
	edit_file[0] = edit_dir[0] = '\0';
}

static volatile pid_t editor_pid;

/* Killed while the editor runs: stop it and leave no text behind. */
static void
edit_on_signal(int sig)
{
	if (editor_pid > 0)
		kill(editor_pid, SIGTERM);
	if (edit_file[0])
		unlink(edit_file);
	if (edit_dir[0])
		rmdir(edit_dir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const char *
tmpfs_base(struct ilog_err *e)
{
	struct statfs fs;
	const char *force = getenv("ILOG_FORCE_TMP"), *tmp;

	if (statfs("/dev/shm", &fs) == 0 && fs.f_type == TMPFS_MAGIC_NUMBER)
		return "/dev/shm";
	if (force && strcmp(force, "1") == 0) {
		tmp = getenv("TMPDIR");
		return tmp && *tmp ? tmp : "/tmp";
	}
	ilog_err_set(e, "/dev/shm is not a tmpfs: the text would reach a disk; "
	    "set ILOG_FORCE_TMP=1 to edit in $TMPDIR anyway");
	return NULL;
}

static int
edit_prepare(const char *text, size_t len, struct ilog_err *e)
{
	const char *base = tmpfs_base(e);
	int fd;

	if (!base)
		return -1;
	snprintf(edit_dir, sizeof edit_dir, "%s/ilog.XXXXXX", base);
	if (!mkdtemp(edit_dir)) {
		ilog_err_set(e, "%s: %s", base, strerror(errno));
		edit_dir[0] = '\0';
		return -1;
	}
	chmod(edit_dir, 0700);
	snprintf(edit_file, sizeof edit_file, "%s/incident.yaml", edit_dir);
	fd = open(edit_file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0 || ilog_write_all(fd, text, len) < 0) {
		ilog_err_set(e, "%s: %s", edit_file, strerror(errno));
		if (fd >= 0)
			close(fd);
		edit_cleanup();
		return -1;
	}
	close(fd);
	return 0;
}

static const char *
editor_command(void)
{
	const char *ed = getenv("VISUAL");

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	return ed && *ed ? ed : "vi";
}

/* The editor owns Ctrl-C while it runs, as with system(3). */
static int
editor_run(struct ilog_err *e)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	pid_t pid;
	int status;

	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	editor_pid = pid;
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", "exec $ILOG_EDITOR \"$1\"", "sh",
		    edit_file, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	editor_pid = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ilog_err_set(e, "editor '%s' failed or was interrupted; nothing "
		    "written", editor_command());
		return -1;
	}
	return 0;
}

int
ilog_edit_text(const char *text, size_t len, struct ilog_buf *out,
    struct ilog_err *e)
{
	struct sigaction sa = { .sa_handler = edit_on_signal };
	int rc;

	if (edit_prepare(text, len, e) < 0)
		return -1;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	setenv("ILOG_EDITOR", editor_command(), 1);
	rc = editor_run(e);
	if (rc == 0 && ilog_read_file(edit_file, out) < 0) {
		ilog_err_set(e, "%s: %s", edit_file, strerror(errno));
		rc = -1;
	}
	edit_cleanup();
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	return rc;
}

/* Ask on the terminal whether to edit again after an invalid result. */
int
ilog_edit_again(const char *why)
{
	FILE *tty = fopen("/dev/tty", "r+");
	int c, again = 0;

	if (!tty)	/* no one to ask: the reason and the outcome, one line */
		ilog_die("%s; nothing written", why);
	fprintf(stderr, "%s: %s\n", ilog_prog, why);
	fputs("Edit again? [Y/n] ", tty);
	fflush(tty);
	c = fgetc(tty);
	again = c != 'n' && c != 'N' && c != EOF;
	fclose(tty);
	return again;
}
