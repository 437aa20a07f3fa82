/* edit.c: text in $EDITOR, in a private directory on tmpfs */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ilog.h"

#define TMPFS_MAGIC_NUMBER 0x01021994
#define RAMFS_MAGIC_NUMBER 0x858458f6

extern char **environ;

struct edit {
	struct ilog_private priv;
	char file[300];
	char **env;		/* the editor's environment */
	char **owned;		/* the strings in env made here */
	size_t nenv, nowned;
};

static int
in_memory(const char *path)
{
	struct statfs fs;

	return statfs(path, &fs) == 0 && (fs.f_type == TMPFS_MAGIC_NUMBER ||
	    fs.f_type == RAMFS_MAGIC_NUMBER);
}

static const char *
private_base(int *wipe, struct ilog_err *e)
{
	const char *force = getenv("ILOG_FORCE_TMP"), *tmp;

	*wipe = 0;
	if (in_memory("/dev/shm"))
		return "/dev/shm";
	if (force && strcmp(force, "1") == 0) {
		tmp = getenv("TMPDIR");
		tmp = tmp && *tmp ? tmp : "/tmp";
		*wipe = !in_memory(tmp);
		return tmp;
	}
	ilog_err_set(e, "/dev/shm is not in memory (tmpfs or ramfs): the text "
	    "would reach a disk; set ILOG_FORCE_TMP=1 to use $TMPDIR anyway");
	return NULL;
}

/* Off tmpfs, zeros over the file before it goes, as pass does: best effort,
 * for copies the editor wrote and deleted are out of reach. */
static void
wipe_file(const char *path)
{
	static const char zeros[65536];
	struct stat st;
	off_t left;
	size_t n;
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		for (left = st.st_size; left > 0; left -= (off_t)n) {
			n = left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros;
			if (ilog_write_all(fd, zeros, n) < 0)
				break;
		}
		fsync(fd);
	}
	close(fd);
}

static const char *line_at(const char *text, size_t len, unsigned long n,
    const char **eol);
static int edit_wiping;

static int
remove_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP || type == FTW_DNR)
		rmdir(path);
	else {
		if (edit_wiping && type == FTW_F)
			wipe_file(path);
		unlink(path);
	}
	return 0;
}

/* A directory only we can read, in memory, for plaintext a program must
 * hand to another (an editor, pandoc). */
int
ilog_private_dir(struct ilog_private *p, struct ilog_err *e)
{
	const char *base = private_base(&p->wipe, e);

	if (!base)
		return -1;
	snprintf(p->dir, sizeof p->dir, "%s/ilog.XXXXXX", base);
	if (!mkdtemp(p->dir)) {
		ilog_err_set(e, "%s: %s", base, strerror(errno));
		p->dir[0] = '\0';
		return -1;
	}
	chmod(p->dir, 0700);
	return 0;
}

/* The whole directory: the editor's swap, backup and state files too. */
void
ilog_private_remove(struct ilog_private *p)
{
	if (!p->dir[0])
		return;
	edit_wiping = p->wipe;
	nftw(p->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	p->dir[0] = '\0';
}

static int
edit_prepare(struct edit *ed, const char *text, size_t len,
    struct ilog_err *e)
{
	int fd;

	if (ilog_private_dir(&ed->priv, e) < 0)
		return -1;
	snprintf(ed->file, sizeof ed->file, "%s/incident.yaml", ed->priv.dir);
	fd = open(ed->file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd < 0 || ilog_write_all(fd, text, len) < 0) {
		ilog_err_set(e, "%s: %s", ed->file, strerror(errno));
		if (fd >= 0)
			close(fd);
		ilog_private_remove(&ed->priv);
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

enum editor_kind { EDITOR_OTHER, EDITOR_VIM, EDITOR_NVIM, EDITOR_NANO };

static enum editor_kind
editor_kind_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strncmp(base, "nvim", 4) == 0)
		return EDITOR_NVIM;
	if (strncmp(base, "vim", 3) == 0 || strncmp(base, "gvim", 4) == 0)
		return EDITOR_VIM;
	if (strncmp(base, "nano", 4) == 0)
		return EDITOR_NANO;
	return EDITOR_OTHER;
}

/* The editor by the name typed, else by where its links lead: vi is often
 * vim.basic, but may be nvi or busybox, which take none of vim's options. */
static enum editor_kind
editor_kind(const char *cmd)
{
	char word[PATH_MAX], path[2 * PATH_MAX + 1], real[PATH_MAX];
	const char *dirs = getenv("PATH"), *end;
	size_t n = strcspn(cmd, " \t\n");
	enum editor_kind k;

	if (n == 0 || n >= sizeof word)
		return EDITOR_OTHER;
	memcpy(word, cmd, n);
	word[n] = '\0';
	if ((k = editor_kind_of(word)) != EDITOR_OTHER)
		return k;
	if (strchr(word, '/'))
		return realpath(word, real) ? editor_kind_of(real) : k;
	for (; dirs && *dirs; dirs = *end ? end + 1 : end) {
		end = dirs + strcspn(dirs, ":");
		snprintf(path, sizeof path, "%.*s/%s", (int)(end - dirs), dirs,
		    word);
		if (access(path, X_OK) == 0)
			return realpath(path, real) ? editor_kind_of(real) : k;
	}
	return k;
}

/* Run after the user's vimrc: no viminfo or ShaDa, swap, undo or backup
 * file, each set alone so that a vim without the feature skips only it. */
static const char vim_off[] =
	"silent! set nobackup | silent! set nowritebackup | "
	"silent! set noswapfile | silent! set noundofile | "
	"silent! set viminfo= | silent! set viminfofile=NONE";
static const char nvim_off[] =
	"silent! set nobackup | silent! set nowritebackup | "
	"silent! set noswapfile | silent! set noundofile | "
	"silent! set shada= | silent! set shadafile=NONE";

static void
env_put(struct edit *ed, const char *name, const char *value)
{
	size_t i, len = strlen(name);
	struct ilog_buf b = { 0 };

	ilog_buf_printf(&b, "%s=%s", name, value);
	ed->owned = ilog_xrealloc(ed->owned, (ed->nowned + 1) * sizeof *ed->owned);
	ed->owned[ed->nowned++] = b.s;
	for (i = 0; i < ed->nenv; i++)
		if (strncmp(ed->env[i], name, len) == 0 && ed->env[i][len] == '=') {
			ed->env[i] = b.s;
			return;
		}
	ed->env = ilog_xrealloc(ed->env, (ed->nenv + 2) * sizeof *ed->env);
	ed->env[ed->nenv++] = b.s;
	ed->env[ed->nenv] = NULL;
}

static void
env_free(struct edit *ed)
{
	while (ed->nowned > 0)
		free(ed->owned[--ed->nowned]);
	free(ed->owned);
	free(ed->env);
	ed->owned = ed->env = NULL;
	ed->nenv = 0;
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* s inside a vim single-quoted string; commas escaped for path lists. */
static void
vim_quote(struct ilog_buf *b, const char *s, int list)
{
	for (; *s; s++) {
		if (*s == '\'')
			ilog_buf_addc(b, '\'');
		else if (*s == ',' && list)
			ilog_buf_addc(b, '\\');
		ilog_buf_addc(b, *s);
	}
}

/* With HOME moved, vim would not find the user's vimrc or ~/.vim: VIMINIT
 * reads them from the real home (the user's own VIMINIT wins). */
static void
vim_init(struct edit *ed, const char *home)
{
	struct ilog_buf rc = { 0 }, b = { 0 };

	ilog_buf_printf(&rc, "%s/.vimrc", home);
	if (!is_file(rc.s)) {
		rc.len = 0;
		ilog_buf_printf(&rc, "%s/.vim/vimrc", home);
	}
	if (getenv("VIMINIT") || !is_file(rc.s)) {
		ilog_buf_free(&rc);
		return;
	}
	ilog_buf_adds(&b, "silent! let &rtp = '");
	vim_quote(&b, home, 1);
	ilog_buf_adds(&b, "/.vim,' . &rtp . ',");
	vim_quote(&b, home, 1);
	ilog_buf_adds(&b, "/.vim/after' | silent! let &pp = '");
	vim_quote(&b, home, 1);
	ilog_buf_adds(&b, "/.vim,' . &pp | exe 'source' fnameescape('");
	vim_quote(&b, rc.s, 0);
	ilog_buf_adds(&b, "')");
	env_put(ed, "VIMINIT", b.s);
	ilog_buf_free(&b);
	ilog_buf_free(&rc);
}

/* Config files the editors look for in HOME, linked into the private one;
 * never directories, where editors also write. */
static const char *const home_links[] = { ".nanorc", ".emacs", ".exrc", NULL };

/* Editors keep state beside their config (viminfo, histories, recentf,
 * auto-save lists): HOME and the XDG state, cache and data homes are the
 * private directory while they run; the user's config is still read. */
static void
editor_env(struct edit *ed, enum editor_kind kind)
{
	const char *home = getenv("HOME"), *cfg = getenv("XDG_CONFIG_HOME");
	struct ilog_buf b = { 0 };
	char link[400];
	size_t i;

	for (i = 0; environ[i]; i++)
		;
	ed->env = ilog_xcalloc(i + 1, sizeof *ed->env);
	memcpy(ed->env, environ, i * sizeof *ed->env);
	ed->nenv = i;
	if (home && *home && (!cfg || !*cfg)) {
		ilog_buf_printf(&b, "%s/.config", home);
		env_put(ed, "XDG_CONFIG_HOME", b.s);
	}
	for (i = 0; home && *home && home_links[i]; i++) {
		b.len = 0;
		ilog_buf_printf(&b, "%s/%s", home, home_links[i]);
		snprintf(link, sizeof link, "%s/%s", ed->priv.dir, home_links[i]);
		if (is_file(b.s) && symlink(b.s, link) < 0)
			continue;	/* the editor runs with its defaults */
	}
	/* Emacs writes into ~/.config/emacs unless ~/.emacs.d exists */
	b.len = 0;
	ilog_buf_printf(&b, "%s/.emacs.d", ed->priv.dir);
	mkdir(b.s, 0700);
	if (kind == EDITOR_VIM && home && *home)
		vim_init(ed, home);
	env_put(ed, "HOME", ed->priv.dir);
	env_put(ed, "XDG_STATE_HOME", ed->priv.dir);
	env_put(ed, "XDG_CACHE_HOME", ed->priv.dir);
	env_put(ed, "XDG_DATA_HOME", ed->priv.dir);
	env_put(ed, "ILOG_EDITOR", editor_command());
	ilog_buf_free(&b);
}

static const sigset_t *
edit_signals(void)
{
	static sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	return &set;
}

/* Ask the editor to stop, as a hang-up would; kill it if it does not. */
static void
editor_stop(pid_t pid, int *status)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	sigset_t chld;
	int i;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	kill(pid, SIGTERM);
	kill(pid, SIGCONT);
	for (i = 0; i < 50; i++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return;
		sigtimedwait(&chld, NULL, &tick);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
}

/* Waits for the editor; returns the signal that ended the editing, or 0.
 * Control-C typed at the terminal belongs to the editor, as in system(3);
 * a SIGINT sent with kill(1) does not. */
static int
editor_wait(pid_t pid, int *status)
{
	siginfo_t si;
	int sig;

	for (;;) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return 0;
		sig = sigwaitinfo(edit_signals(), &si);
		if (sig < 0 || sig == SIGCHLD || (sig == SIGINT && si.si_code > 0))
			continue;
		editor_stop(pid, status);
		return sig;
	}
}

static const char *
editor_arg(enum editor_kind kind, int i, const struct edit *ed)
{
	static const char *const vim[] = { "-i", "NONE", "-n", "-c", vim_off },
	    *const nvim[] = { "-i", "NONE", "-n", "-c", nvim_off };

	if (kind == EDITOR_VIM)
		return i < 5 ? vim[i] : NULL;
	if (kind == EDITOR_NVIM)
		return i < 5 ? nvim[i] : NULL;
	if (kind == EDITOR_NANO)	/* backups, if turned on, stay inside */
		return i == 0 ? "-C" : i == 1 ? ed->priv.dir : NULL;
	return NULL;
}

/* In a pipe (ilog-pick ... | ilog-edit > out), the editor still gets the
 * terminal: its input and output, where they are not one, become /dev/tty. */
static void
editor_on_tty(void)
{
	int fd;

	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return;
	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) < 0)
		return;
	if (!isatty(STDIN_FILENO))
		dup2(fd, STDIN_FILENO);
	if (!isatty(STDOUT_FILENO))
		dup2(fd, STDOUT_FILENO);
	close(fd);
}

static pid_t
editor_start(const struct edit *ed, enum editor_kind kind,
    const sigset_t *mask)
{
	const char *argv[12] = { "sh", "-c", "exec $ILOG_EDITOR \"$@\"", "sh" };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	int n = 4;
	pid_t pid;

	while ((argv[n] = editor_arg(kind, n - 4, ed)))
		n++;
	argv[n] = ed->file;
	pid = fork();
	if (pid == 0) {
		sigaction(SIGQUIT, &dfl, NULL);
		sigprocmask(SIG_SETMASK, mask, NULL);
		editor_on_tty();
		execve("/bin/sh", (char *const *)argv, ed->env);
		_exit(127);
	}
	return pid;
}

/* The editor owns the terminal while it runs; SIGTERM, SIGHUP or a SIGINT
 * sent to us end it, and are handled here, in order, not in a handler. */
static int
editor_run(struct edit *ed, const sigset_t *mask, int *sig,
    struct ilog_err *e)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, dfl = { .sa_handler =
	    SIG_DFL }, old_quit, old_chld;
	enum editor_kind kind = editor_kind(editor_command());
	pid_t pid;
	int status = 0;

	editor_env(ed, kind);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGCHLD, &dfl, &old_chld);	/* never reaped behind our back */
	if ((pid = editor_start(ed, kind, mask)) > 0)
		*sig = editor_wait(pid, &status);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGCHLD, &old_chld, NULL);
	env_free(ed);
	if (pid < 0 || *sig || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ilog_err_set(e, "editor '%s' failed or was interrupted; nothing "
		    "written", editor_command());
		return -1;
	}
	return 0;
}

/* After the directory is gone: die of the signal that ended the editing. */
static void
edit_signalled(int sig, const sigset_t *mask)
{
	signal(sig, SIG_DFL);
	raise(sig);
	sigprocmask(SIG_SETMASK, mask, NULL);
	exit(128 + sig);
}

int
ilog_edit_text(const char *text, size_t len, struct ilog_buf *out,
    struct ilog_err *e)
{
	struct edit ed = { 0 };
	sigset_t old;
	int rc = -1, sig = 0;

	sigprocmask(SIG_BLOCK, edit_signals(), &old);
	if (edit_prepare(&ed, text, len, e) == 0) {
		rc = editor_run(&ed, &old, &sig, e);
		if (rc == 0 && ilog_read_file(ed.file, out) < 0) {
			ilog_err_set(e, "%s: %s", ed.file, strerror(errno));
			rc = -1;
		}
		ilog_private_remove(&ed.priv);
	}
	if (sig)
		edit_signalled(sig, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Is S (to EOL) a note that note_reason put in an earlier round? */
static int
is_reason_note(const char *s, const char *eol)
{
	size_t n = strlen(ilog_prog);

	if ((size_t)(eol - s) > 4 && memcmp(s, "# ^ ", 4) == 0)
		s += 4;
	else if ((size_t)(eol - s) > 2 && memcmp(s, "# ", 2) == 0)
		s += 2;
	else
		return 0;
	return (size_t)(eol - s) > n + 1 && memcmp(s, ilog_prog, n) == 0 &&
	    s[n] == ':' && s[n + 1] == ' ';
}

/* The editor clears the screen: the reason goes into the text as a
 * comment, under the line at fault (from 1), or at the top; the notes of
 * earlier rounds go. */
static void
note_reason(struct ilog_buf *text, const char *why, unsigned long line)
{
	struct ilog_buf out = { 0 };
	const char *s = text->s, *end = text->s + text->len, *eol, *w;
	unsigned long n;

	for (n = 0; n == 0 || s < end; n++) {
		if (n > 0) {
			eol = memchr(s, '\n', (size_t)(end - s));
			eol = eol ? eol : end;
			if (!is_reason_note(s, eol)) {
				ilog_buf_add(&out, s, (size_t)(eol - s));
				ilog_buf_add(&out, "\n", 1);
			}
			s = eol < end ? eol + 1 : end;
		}
		if (n == line) {
			ilog_buf_printf(&out, "# %s%s: ", line ? "^ " : "",
			    ilog_prog);
			for (w = why; *w; w++)
				ilog_buf_add(&out, *w == '\n' ? " " : w, 1);
			ilog_buf_add(&out, "\n", 1);
		}
	}
	ilog_buf_free(text);
	*text = out;
}

/* Ask on the terminal whether to edit again after an invalid result; the
 * line at fault is shown there, never in a message that may be logged. */
int
ilog_edit_again(const char *why, struct ilog_buf *text, unsigned long line)
{
	const char *s, *eol;
	FILE *tty;

	if (!ilog_can_ask())	/* no one to ask: the reason, the outcome */
		ilog_die("%s; nothing written", why);
	ilog_warn("%s", why);
	if (line && text->s && (s = line_at(text->s, text->len, line, &eol)) &&
	    (tty = fopen("/dev/tty", "w"))) {
		fprintf(tty, "%5lu | ", line);
		ilog_put_shown(tty, s, (size_t)(eol - s));
		fputc('\n', tty);
		fclose(tty);
	}
	if (ilog_ask("Edit again? [Y/n] ", 1) != 1)
		return 0;
	note_reason(text, why, line);
	return 1;
}

/* The template of ilog-add -e: block style only, one line per field, so
 * that nothing typed needs YAML's brackets; the guidance is in comments. */
static const char template_text[] =
	"# A new incident. Lines starting with # are ignored. Fill in what you\n"
	"# know and leave the rest as it is: empty fields are left out.\n"
	"# Save and quit to record it; leave the summary empty to give up.\n"
	"# Dates: 2026-11-27 21:40, yesterday 18:00, -2h ... (see ilog-add(1))\n"
	"occurred: %s\n"
	"# until: when it ended, if it went on\n"
	"until: \n"
	"# noted: when you first wrote it down, if you are copying it from\n"
	"#   a paper diary or your phone's notes\n"
	"noted: \n"
	"# The summary is one line, the gist of it.\n"
	"summary: \n"
	"# behaviour, one per line: contact, driving-past, following, watching,\n"
	"#   loitering, accosting, entering, gifts, goods, threats,\n"
	"#   property-damage, violence, online, other\n"
	"behaviour:\n"
	"  - \n"
	"# tags: your own words to find it again, one per line, in lower\n"
	"#   case, - for a space: bus-stop\n"
	"tags:\n"
	"  - \n"
	"location: \n"
	"# channel: phone, text, email, letter, social, in-person, other\n"
	"channel: \n"
	"# from: the number, e-mail address or account he used\n"
	"from: \n"
	"# details: below the next line, indented by two spaces\n"
	"details: |\n"
	"  %s\n"
	"# said: his exact words, as near as you remember them\n"
	"said: \n"
	"# present: who else was there (children especially)\n"
	"present: \n"
	"# weapon: any weapon he had, used or spoke of\n"
	"weapon: \n"
	"# fear: if you feared violence this time, what you feared\n"
	"fear: \n"
	"# identified: how you know it was him: seen, heard,\n"
	"#   recognised-number (you knew the number) or inferred\n"
	"identified: \n"
	"suspect:\n"
	"  name: \n"
	"  appearance: \n"
	"  clothing: \n"
	"  voice: \n"
	"vehicle:\n"
	"  make: \n"
	"  model: \n"
	"  colour: \n"
	"  plate: \n"
	"# witnesses: for another one, repeat the three lines from '- name:'\n"
	"witnesses:\n"
	"  - name: \n"
	"    contact: \n"
	"    saw: \n"
	"# police: reported is a date; reference is the crime or log number;\n"
	"#   response: what the police said or did\n"
	"police:\n"
	"  reported: \n"
	"  reference: \n"
	"  officer: \n"
	"  response: \n"
	"# impact: how this affected you (sleep, work, routine)\n"
	"impact: \n";

static const char details_prompt[] = "What happened, in your own words.";

void
ilog_edit_template(struct ilog_buf *out, const char *now)
{
	ilog_buf_printf(out, template_text, now, details_prompt);
}

/* Fields of free text: a one-line value of theirs is quoted when YAML
 * would read it as something else ("He said: go", "- 3 men", "#2 bus"). */
static const char *const quotable[] = { "summary", "location", "details",
	"impact", "note", "name", "appearance", "clothing", "voice", "make",
	"model", "colour", "plate", "contact", "saw", "reference", "officer",
	"from", "said", "present", "weapon", "fear", "response", NULL };

struct line {
	const char *s, *end;	/* the line, without its newline */
	size_t indent;		/* of the key, after any "- " */
	const char *key;	/* NULL: not a "key: value" line */
	size_t keylen;
	const char *val, *vend;	/* the value, blanks around it trimmed */
};

static void
line_read(struct line *l, const char *s, const char *end)
{
	const char *p = s;

	memset(l, 0, sizeof *l);
	l->s = s;
	l->end = end;
	while (p < end && *p == ' ')
		p++;
	if (end - p >= 2 && p[0] == '-' && p[1] == ' ')
		for (p += 2; p < end && *p == ' '; p++)
			;
	l->indent = (size_t)(p - s);
	l->key = p;
	while (p < end && (islower((unsigned char)*p) || *p == '_'))
		p++;
	l->keylen = (size_t)(p - l->key);
	if (l->keylen == 0 || p == end || *p != ':' ||
	    (p + 1 < end && p[1] != ' ' && p[1] != '\t' && p[1] != '\r')) {
		l->key = NULL;
		return;
	}
	for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	l->val = p;
	l->vend = end;
	while (l->vend > l->val && strchr(" \t\r", l->vend[-1]))
		l->vend--;
}

static int
blank_or_comment(const char *s, const char *end)
{
	while (s < end && strchr(" \t\r", *s))
		s++;
	return s == end || *s == '#';
}

static size_t
indent_of(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && *p == ' ')
		p++;
	return (size_t)(p - s);
}

/* A quoted scalar that ends where the value ends, so left as typed. */
static int
quoted_whole(const char *v, const char *end)
{
	const char *p;

	if (end - v < 2 || end[-1] != *v)
		return 0;
	for (p = v + 1; p < end - 1; p++) {
		if (*v == '\'' && *p == '\'' && p[1] == '\'')
			p++;
		else if (*v == '"' && *p == '\\')
			p++;
		else if (*p == *v)
			return 0;
	}
	return p == end - 1;
}

static int
needs_quotes(const char *v, const char *end)
{
	const char *p;

	if (v == end || *v == '|' || *v == '>')
		return 0;
	if (*v == '"' || *v == '\'')
		return !quoted_whole(v, end);
	if (strchr("-?:,[]{}#&*!%@`", *v))
		return 1;
	if (end[-1] == ':')
		return 1;
	for (p = v; p + 1 < end; p++)
		if ((p[0] == ':' && (p[1] == ' ' || p[1] == '\t')) ||
		    ((p[0] == ' ' || p[0] == '\t') && p[1] == '#'))
			return 1;
	return 0;
}

static int
is_quotable(const struct line *l)
{
	size_t i;

	for (i = 0; quotable[i]; i++)
		if (strlen(quotable[i]) == l->keylen &&
		    memcmp(quotable[i], l->key, l->keylen) == 0)
			return 1;
	return 0;
}

static void
add_quoted(struct ilog_buf *b, const char *v, const char *end)
{
	ilog_buf_addc(b, '"');
	for (; v < end; v++) {
		if (*v == '"' || *v == '\\')
			ilog_buf_addc(b, '\\');
		ilog_buf_addc(b, *v);
	}
	ilog_buf_addc(b, '"');
}

/* The text with one-line values of text fields quoted where needed; line
 * for line, so that messages name the line the user sees. Block scalars
 * (details: |) and values continued on the next line are left alone. */
static void
requote(const char *text, size_t len, struct ilog_buf *out)
{
	const char *s = text, *end = text + len, *eol, *next, *nend;
	size_t block = 0;
	int in_block = 0;
	struct line l;

	for (; s < end; s = eol < end ? eol + 1 : end) {
		eol = memchr(s, '\n', (size_t)(end - s));
		eol = eol ? eol : end;
		if (in_block && (blank_or_comment(s, eol) ||
		    indent_of(s, eol) > block)) {
			ilog_buf_add(out, s, (size_t)(eol - s) + (eol < end));
			continue;
		}
		in_block = 0;
		line_read(&l, s, eol);
		if (l.key && l.val < l.vend && (*l.val == '|' || *l.val == '>')) {
			in_block = 1;
			block = l.indent;
		}
		next = eol < end ? eol + 1 : end;
		nend = memchr(next, '\n', (size_t)(end - next));
		nend = nend ? nend : end;
		if (!l.key || !is_quotable(&l) || !needs_quotes(l.val, l.vend) ||
		    (!blank_or_comment(next, nend) &&
		    indent_of(next, nend) > l.indent)) {
			ilog_buf_add(out, s, (size_t)(eol - s) + (eol < end));
			continue;
		}
		ilog_buf_add(out, s, (size_t)(l.val - s));
		add_quoted(out, l.val, l.vend);
		ilog_buf_add(out, l.vend, (size_t)(eol - l.vend) + (eol < end));
	}
}

/* The line of text numbered n (from 1), or NULL. */
static const char *
line_at(const char *text, size_t len, unsigned long n, const char **eol)
{
	const char *s = text, *end = text + len;

	while (--n > 0 && s < end) {
		s = memchr(s, '\n', (size_t)(end - s));
		s = s ? s + 1 : end;
	}
	if (s >= end)
		return NULL;
	*eol = memchr(s, '\n', (size_t)(end - s));
	*eol = *eol ? *eol : end;
	return s;
}

/* The first line (from 1) where key is written as a key, or 0. */
static unsigned long
line_of_key(const char *text, size_t len, const char *key)
{
	const char *s = text, *end = text + len, *eol;
	unsigned long n;
	struct line l;

	for (n = 1; s < end; n++, s = eol < end ? eol + 1 : end) {
		eol = memchr(s, '\n', (size_t)(end - s));
		eol = eol ? eol : end;
		line_read(&l, s, eol);
		if (l.key && l.keylen == strlen(key) &&
		    memcmp(l.key, key, l.keylen) == 0)
			return n;
	}
	return 0;
}

/* The key a list item at line n (from 1) belongs to, or NULL. */
static const struct line *
parent_key(const char *text, size_t len, unsigned long n, struct line *l)
{
	const char *s, *eol;
	size_t indent;

	if (!(s = line_at(text, len, n, &eol)))
		return NULL;
	indent = indent_of(s, eol);
	while (--n > 0 && (s = line_at(text, len, n, &eol))) {
		line_read(l, s, eol);
		if (l->key && (indent_of(s, eol) < indent ||
		    (indent_of(s, eol) == indent && s[indent] != '-')))
			return l;
	}
	return NULL;
}

/* A line of words at the margin with no "key:" in it ("he said hi"):
 * libyaml blames the line after it, or the next key, and misleads. */
static int
stray_line(const char *s, const char *eol)
{
	const char *c;

	if (s == eol || *s == ' ' || *s == '\t' || *s == '#' || *s == '\r' ||
	    *s == '-' || *s == '.')
		return 0;
	for (c = s; (c = memchr(c, ':', (size_t)(eol - c))); c++)
		if (c + 1 == eol || c[1] == ' ' || c[1] == '\t' || c[1] == '\r')
			return 0;
	return 1;
}

/* libyaml's reason, with the line and the field, and what to change. */
static void
syntax_why(const char *text, size_t len, struct ilog_err *e,
    unsigned long *line)
{
	const char *s, *eol, *why = strstr(e->msg, ": "), *item = "";
	char key[64], problem[200];
	struct line l;
	size_t plen;
	unsigned long n;

	*line = 0;
	if (sscanf(e->msg, "YAML error at line %lu", line) != 1 || !why)
		return;
	why += 2;
	plen = strcspn(why, "(");
	if ((s = strstr(why, " from line ")))	/* where the [ or { was opened */
		sscanf(s, " from line %lu", line);
	else
		plen = strlen(why);
	while (plen > 0 && why[plen - 1] == ' ')
		plen--;
	snprintf(problem, sizeof problem, "%.*s", (int)plen, why);
	for (n = 1; n <= *line && (s = line_at(text, len, n, &eol)); n++)
		if (stray_line(s, eol)) {
			*line = n;
			ilog_err_set(e, "line %lu: not 'field: value'; begin it "
			    "with a field name and ': ' (see ilog(5)), or with "
			    "'#' for a comment", n);
			return;
		}
	if (!(s = line_at(text, len, *line, &eol)))
		return;
	line_read(&l, s, eol);
	if (!l.key && indent_of(s, eol) < (size_t)(eol - s) &&
	    s[indent_of(s, eol)] == '-') {
		item = "- ";
		parent_key(text, len, *line, &l);
	}
	if (!l.key) {
		ilog_err_set(e, "line %lu: %s; begin it with a field name and "
		    "': ' (see ilog(5)), or with '#' for a comment", *line,
		    problem);
		return;
	}
	snprintf(key, sizeof key, "%.*s", (int)(l.keylen < 60 ? l.keylen : 60),
	    l.key);
	ilog_err_set(e, "line %lu, %s: %s; put the %s in double quotes "
	    "(%s\"...\")", *line, key, problem, *item ? "item" : "value",
	    *item ? item : key);
	if (!*item)
		ilog_err_set(e, "line %lu, %s: %s; put the value in double "
		    "quotes (%s: \"...\")", *line, key, problem, key);
}

static int
blank(const struct ilog_node *n)
{
	size_t i;

	if (n->kind != ILOG_SCALAR)
		return n->n == 0;
	for (i = 0; i < n->len; i++)
		if (!isspace((unsigned char)n->str[i]))
			return 0;
	return 1;
}

/* Fields left empty are dropped, and maps and lists left with nothing. */
static void
prune(struct ilog_node *n)
{
	size_t i;

	for (i = 0; n->kind != ILOG_SCALAR && i < n->n; i++) {
		prune(n->items[i]);
		if (!blank(n->items[i]))
			continue;
		ilog_node_free(n->items[i]);
		if (n->kind == ILOG_MAP) {
			free(n->keys[i]);
			memmove(n->keys + i, n->keys + i + 1,
			    (n->n - i - 1) * sizeof *n->keys);
		}
		memmove(n->items + i, n->items + i + 1,
		    (n->n - i - 1) * sizeof *n->items);
		n->n--;
		i--;
	}
}

/* The prompt's line, wherever it was left in the details, goes. */
static void
drop_prompt(struct ilog_node *doc)
{
	struct ilog_node *d = ilog_node_get(doc, "details");
	struct ilog_buf b = { 0 };
	const char *s, *end, *eol, *p, *q;

	if (!d || d->kind != ILOG_SCALAR || !strstr(d->str, details_prompt))
		return;
	for (s = d->str, end = d->str + d->len; s < end; s = eol + (eol < end)) {
		eol = memchr(s, '\n', (size_t)(end - s));
		eol = eol ? eol : end;
		for (p = s; p < eol && isspace((unsigned char)*p); p++)
			;
		for (q = eol; q > p && isspace((unsigned char)q[-1]); q--)
			;
		if ((size_t)(q - p) == strlen(details_prompt) &&
		    memcmp(p, details_prompt, (size_t)(q - p)) == 0)
			continue;
		ilog_buf_add(&b, s, (size_t)(eol - s) + (eol < end));
	}
	ilog_node_set(doc, "details", ilog_node_strn(b.s ? b.s : "", b.len));
	ilog_buf_free(&b);
}

void
ilog_unknown_why(const struct ilog_unknown *u, struct ilog_err *e)
{
	char key[ILOG_SHOWN_SIZE];

	ilog_shown(u->key, key);
	if (u->near)
		ilog_err_set(e, "'%s' is not a field%s%s (ilog(5)); did you "
		    "mean %s?", key, u->in ? " of " : "", u->in ? u->in : "",
		    u->near);
	else if (u->under)
		ilog_err_set(e, "'%s' belongs under %s: (ilog(5)), indented "
		    "by two spaces", key, u->under);
	else
		ilog_err_set(e, "'%s' is not a field%s%s (see ilog(5))", key,
		    u->in ? " of " : "", u->in ? u->in : "");
}

int
ilog_edit_parse(const char *text, size_t len, const struct ilog_node *old,
    struct ilog_node **doc, unsigned long *line, struct ilog_err *e)
{
	struct ilog_buf q = { 0 };
	struct ilog_node **docs = NULL;
	struct ilog_unknown u;
	size_t n = 0;
	int rc;

	*doc = NULL;
	*line = 0;
	requote(text, len, &q);
	rc = ilog_yaml_parse(q.s ? q.s : "", q.len, &docs, &n, e);
	ilog_buf_free(&q);
	if (rc < 0) {
		syntax_why(text, len, e, line);
		return -1;
	}
	*doc = n == 1 ? docs[0] : NULL;
	while (n > (*doc ? 1 : 0))
		ilog_node_free(docs[--n]);
	free(docs);
	if (!*doc || (*doc)->kind != ILOG_MAP) {
		ilog_node_free(*doc);
		*doc = NULL;
		ilog_err_set(e, "the text must be one incident: lines of "
		    "'field: value' (see ilog(5))");
		return -1;
	}
	if (!old) {
		drop_prompt(*doc);
		prune(*doc);
	}
	if (ilog_record_unknown(*doc, old, &u)) {
		ilog_unknown_why(&u, e);
		if ((*line = line_of_key(text, len, u.key))) {
			char at[32];

			snprintf(at, sizeof at, "line %lu", *line);
			ilog_err_prefix(e, at);
		}
		ilog_node_free(*doc);
		*doc = NULL;
		return -1;
	}
	return 0;
}
