/* render.c: the report as HTML, PDF or DOCX, through pandoc (and weasyprint
 * for PDF), in a private directory in memory; the result written atomically */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ilog.h"

#ifndef ILOG_SHAREDIR
#define ILOG_SHAREDIR "/usr/local/share/ilog"
#endif

/* Our own Markdown, read as only that: no raw HTML, no bare links, no
 * emoji, no metadata block, whatever the text holds. */
#define READER "gfm-raw_html-autolink_bare_uris-emoji-yaml_metadata_block"

static const struct {
	const char *ext;
	enum ilog_render_kind kind;
} exts[] = {
	{ ".md", ILOG_RENDER_MD }, { ".markdown", ILOG_RENDER_MD },
	{ ".html", ILOG_RENDER_HTML }, { ".htm", ILOG_RENDER_HTML },
	{ ".pdf", ILOG_RENDER_PDF }, { ".docx", ILOG_RENDER_DOCX },
};

int
ilog_render_kind(const char *path)
{
	size_t i, n = strlen(path), k;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		k = strlen(exts[i].ext);
		if (n > k && strcasecmp(path + n - k, exts[i].ext) == 0)
			return exts[i].kind;
	}
	return -1;
}

/* The program's path on $PATH, as execvp would find it. */
static int
find_program(const char *name, char *out, size_t len)
{
	const char *dirs = getenv("PATH"), *end;

	for (; dirs && *dirs; dirs = *end ? end + 1 : end) {
		end = dirs + strcspn(dirs, ":");
		snprintf(out, len, "%.*s/%s", (int)(end - dirs), dirs, name);
		if (end > dirs && access(out, X_OK) == 0)
			return 0;
	}
	return -1;
}

static int
need_program(const char *path, const char *name, char *out, size_t len,
    struct ilog_err *e)
{
	if (find_program(name, out, len) == 0)
		return 0;
	ilog_err_set(e, "%s: needs %s, which is not installed (Debian: apt "
	    "install %s)", path, name, name);
	return -1;
}

/* share/ilog beside bin/ (the build tree, or any PREFIX), else where make
 * install put it. */
static int
share_file(const char *name, char *out, size_t len, struct ilog_err *e)
{
	char exe[PATH_MAX - 64], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(out, len, "%s/../share/ilog/%s", exe, name);
		if (access(out, R_OK) == 0)
			return 0;
	}
	snprintf(out, len, "%s/%s", ILOG_SHAREDIR, name);
	if (access(out, R_OK) == 0)
		return 0;
	ilog_err_set(e, "%s: %s; reinstall ilog", out, strerror(errno));
	return -1;
}

int
ilog_render_check(const char *path, struct ilog_err *e)
{
	char prog[PATH_MAX];
	int kind = ilog_render_kind(path);

	if (kind < 0)
		return ilog_err_set(e, "%s: not a format ilog-md writes: name it "
		    "FILE.md, FILE.html, FILE.pdf or FILE.docx", path), -1;
	if (kind == ILOG_RENDER_MD)
		return 0;
	if (need_program(path, "pandoc", prog, sizeof prog, e) < 0)
		return -1;
	if (kind == ILOG_RENDER_PDF &&
	    need_program(path, "weasyprint", prog, sizeof prog, e) < 0)
		return -1;
	return 0;
}

static const sigset_t *
render_signals(void)
{
	static sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	return &set;
}

/* The signal that should end us stops the child first; 0, or the signal. */
static int
child_wait(pid_t pid, int *status)
{
	int sig;

	for (;;) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return 0;
		sig = sigwaitinfo(render_signals(), NULL);
		if (sig > 0 && sig != SIGCHLD) {
			kill(pid, SIGTERM);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return sig;
		}
	}
}

/* Runs argv in dir, quietly (its messages could quote the report); its
 * TMPDIR is dir, so what it keeps aside stays there too. */
static int
run_in(const char *dir, char *const *argv, const sigset_t *mask, int *sig,
    struct ilog_err *e)
{
	char prog[PATH_MAX];
	pid_t pid;
	int status, fd;

	if (find_program(argv[0], prog, sizeof prog) < 0)
		return ilog_err_set(e, "%s: not found", argv[0]), -1;
	if ((pid = fork()) < 0)
		return ilog_err_set(e, "fork: %s", strerror(errno)), -1;
	if (pid == 0) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0 || chdir(dir) < 0 || dup2(fd, 0) < 0 ||
		    dup2(fd, 1) < 0 || dup2(fd, 2) < 0 ||
		    setenv("TMPDIR", dir, 1) < 0)
			_exit(127);
		sigprocmask(SIG_SETMASK, mask, NULL);
		execv(prog, argv);
		_exit(127);
	}
	if ((*sig = child_wait(pid, &status)) != 0)
		return ilog_err_set(e, "interrupted"), -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		ilog_err_set(e, "%s was killed (signal %d)", argv[0],
		    WTERMSIG(status));
	else
		ilog_err_set(e, "%s failed (exit status %d)", argv[0],
		    WEXITSTATUS(status));
	return -1;
}

struct shared {
	char css_template[PATH_MAX], filter[PATH_MAX], reference[PATH_MAX];
};

static int
pandoc(const char *dir, int kind, const struct shared *sh, const char *title,
    const sigset_t *mask, int *sig, struct ilog_err *e)
{
	struct ilog_buf tmpl = { 0 }, lua = { 0 }, ref = { 0 }, meta = { 0 };
	char *argv[16];
	int n = 0, rc;

	ilog_buf_printf(&lua, "--lua-filter=%s", sh->filter);
	argv[n++] = "pandoc";
	argv[n++] = "-f";
	argv[n++] = READER;
	argv[n++] = lua.s;
	if (kind == ILOG_RENDER_DOCX) {
		ilog_buf_printf(&ref, "--reference-doc=%s", sh->reference);
		argv[n++] = "-t";
		argv[n++] = "docx";
		argv[n++] = ref.s;
		argv[n++] = "-o";
		argv[n++] = "report.docx";
	} else {
		ilog_buf_printf(&tmpl, "--template=%s", sh->css_template);
		ilog_buf_printf(&meta, "pagetitle=%s", title);
		/* reads no file but ours (pandoc 2.17's DOCX writer fails so) */
		argv[n++] = "--sandbox";
		argv[n++] = "-s";
		argv[n++] = "-t";
		argv[n++] = "html5";
		argv[n++] = tmpl.s;
		argv[n++] = "-M";
		argv[n++] = meta.s;
		argv[n++] = "-o";
		argv[n++] = "report.html";
	}
	argv[n++] = "report.md";
	argv[n] = NULL;
	rc = run_in(dir, argv, mask, sig, e);
	ilog_buf_free(&tmpl);
	ilog_buf_free(&lua);
	ilog_buf_free(&ref);
	ilog_buf_free(&meta);
	return rc;
}

static int
put_file(const char *dir, const char *name, const char *data, size_t len,
    struct ilog_err *e)
{
	struct ilog_buf path = { 0 };
	int fd, rc = 0;

	ilog_buf_printf(&path, "%s/%s", dir, name);
	fd = open(path.s, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0 || ilog_write_all(fd, data, len) < 0) {
		ilog_err_set(e, "%s: %s", path.s, strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	ilog_buf_free(&path);
	return rc;
}

/* The rendered file, from the private directory to where it was asked. */
static int
take_result(const char *dir, const char *name, const char *path,
    struct ilog_err *e)
{
	struct ilog_buf from = { 0 }, data = { 0 };
	int rc;

	ilog_buf_printf(&from, "%s/%s", dir, name);
	rc = ilog_read_file(from.s, &data);
	if (rc < 0)
		ilog_err_set(e, "%s: %s", from.s, strerror(errno));
	else
		rc = ilog_store_replace(path, path, data.s, data.len, e);
	ilog_wipe(data.s, data.len);
	ilog_buf_free(&data);
	ilog_buf_free(&from);
	return rc;
}

static int
render_in(const char *dir, const char *path, int kind, const char *md,
    size_t len, const char *title, const sigset_t *mask, int *sig,
    struct ilog_err *e)
{
	static char *const weasy[] = { "weasyprint", "report.html",
	    "report.pdf", NULL };
	struct shared sh;

	if (share_file("report.html", sh.css_template, sizeof sh.css_template,
	    e) < 0 || share_file("report.lua", sh.filter, sizeof sh.filter,
	    e) < 0 || share_file("reference.docx", sh.reference,
	    sizeof sh.reference, e) < 0)
		return -1;
	if (put_file(dir, "report.md", md, len, e) < 0 ||
	    pandoc(dir, kind, &sh, title, mask, sig, e) < 0)
		return -1;
	if (kind == ILOG_RENDER_PDF && run_in(dir, weasy, mask, sig, e) < 0)
		return -1;
	return take_result(dir, kind == ILOG_RENDER_PDF ? "report.pdf" :
	    kind == ILOG_RENDER_DOCX ? "report.docx" : "report.html", path, e);
}

/*
 * A signal that ends the program (SIGINT, SIGTERM, SIGHUP) stops pandoc or
 * weasyprint, and nothing is written; the program dies of it once the
 * private directory is gone.
 */
int
ilog_render(const char *path, const char *md, size_t len, const char *title,
    struct ilog_err *e)
{
	struct ilog_private priv = { { 0 }, 0 };
	sigset_t old;
	int kind = ilog_render_kind(path), rc, sig = 0;

	if (ilog_render_check(path, e) < 0)
		return -1;
	if (kind == ILOG_RENDER_MD)
		return ilog_store_replace(path, path, md, len, e);
	sigprocmask(SIG_BLOCK, render_signals(), &old);
	rc = ilog_private_dir(&priv, e);
	if (rc == 0) {
		rc = render_in(priv.dir, path, kind, md, len, title, &old, &sig,
		    e);
		ilog_private_remove(&priv);
	}
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	if (rc < 0 && strncmp(e->msg, path, strlen(path)) != 0)
		ilog_err_prefix(e, path);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
