/* ilog-attach: encrypt evidence files into the store, record their hashes */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-attach [-d DIR] [-j N] INCIDENT [-n NOTE] FILE[=NOTE]...\n"
	"  Encrypts each FILE into DIR/evidence/ and records its name, size and\n"
	"  SHA-256 in an amendment. Get one back with\n"
	"  ilog-show -x DIR/evidence/NAME.gpg > FILE\n"
	"       ilog-attach [-d DIR] [-j N] -r REASON INCIDENT EVIDENCE...\n"
	"  -n, --note NOTE  a note on the files after it, up to the next -n;\n"
	"                   FILE=NOTE gives one file its own\n"
	"  -r, --retract REASON  take back evidence listed by mistake: the\n"
	"                   file stays in the store and is still verified, but\n"
	"                   the report leaves it out; EVIDENCE is its name or\n"
	"                   its stored file, evidence/...gpg\n"
	"  -h, --help  this text; --version  the version\n";

/* One file to attach. */
struct piece {
	const char *file;	/* the file's path */
	const char *note;	/* NULL: none */
	int fd;
	unsigned long long size;
	char sha[65];		/* "" until known */
	char rel[300];		/* where it is in the store: evidence/NAME.gpg */
	int written;		/* this run wrote rel: removed on failure */
	int skip;		/* attached to this incident already */
};

/* An evidence file no record lists: left by an interrupted ilog-attach. */
struct orphan {
	char rel[300];
	unsigned long long size;
	char sha[65];
};

static const volatile sig_atomic_t *stop;

/* The extension says the kind of file; anything odd becomes "bin". */
static void
file_ext(const char *name, char out[12])
{
	const char *dot = strrchr(name, '.');
	size_t i, len = dot ? strlen(dot + 1) : 0;

	snprintf(out, 12, "bin");
	if (!dot || len == 0 || len > 8)
		return;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)dot[1 + i]))
			return;
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)dot[1 + i]);
	out[len] = '\0';
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Every file is opened before anything is written. */
static void
piece_open(struct piece *p, const char *file, const char *note)
{
	struct stat sb;

	memset(p, 0, sizeof *p);
	p->file = file;
	p->note = note;
	/* a FIFO would block the open until someone writes to it */
	if ((p->fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0 ||
	    fstat(p->fd, &sb) < 0)
		ilog_die("%s: %s; nothing attached", file, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		ilog_die("%s: not a regular file; nothing attached", file);
	fcntl(p->fd, F_SETFL, 0);
	p->size = (unsigned long long)sb.st_size;
}

static const char *
piece_sha(struct piece *p)
{
	if (!p->sha[0] && ilog_sha256_file(p->file, p->sha) < 0)
		ilog_die("%s: %s; nothing attached", p->file, strerror(errno));
	return p->sha;
}

static int
entry_matches(const struct ilog_node *ev, struct piece *p)
{
	const char *size = ilog_node_text(ev, "size");
	const char *sha = ilog_node_text(ev, "sha256");

	return size && sha && strtoull(size, NULL, 10) == p->size &&
	    strcmp(sha, piece_sha(p)) == 0;
}

/* Attaching a file twice (an attach run again after it was interrupted)
 * would list a second copy; one retracted may be put forward again. */
static void
already_attached(const struct ilog_incident *inc, struct piece *p)
{
	const struct ilog_node *list = ilog_node_get(inc->cur, "evidence");
	const char *rel;
	size_t i;

	for (i = 0; list && list->kind == ILOG_SEQ && i < list->n; i++)
		if (list->items[i]->kind == ILOG_MAP &&
		    !ilog_evidence_retracted(list->items[i]) &&
		    entry_matches(list->items[i], p) &&
		    (rel = ilog_node_text(list->items[i], "file"))) {
			ilog_warn("%s: attached to this incident already, as %s: "
			    "not attached again", p->file, rel);
			p->skip = 1;
			return;
		}
}

/* The evidence files every record lists, sorted. */
static char **
listed_files(const struct ilog_log *log, size_t *n)
{
	const struct ilog_node *list;
	const char *rel;
	char **v = NULL;
	size_t i, k;

	*n = 0;
	for (i = 0; i < log->nrecs; i++) {
		if (!log->recs[i].doc)
			continue;
		list = ilog_node_get(log->recs[i].doc, "evidence");
		for (k = 0; list && list->kind == ILOG_SEQ && k < list->n; k++) {
			if (list->items[k]->kind != ILOG_MAP ||
			    !(rel = ilog_node_text(list->items[k], "file")))
				continue;
			v = ilog_xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = ilog_xstrdup(rel);
		}
	}
	if (*n)
		qsort(v, *n, sizeof *v, ilog_str_cmp);
	return v;
}

/* An orphan counts only when a key of the store signed it: anyone who can
 * write to the folder could plant one. Bigger than every file given, it
 * cannot match one, so its decryption stops there. */
static int
orphan_read(struct ilog_store *s, const char *rel, unsigned long long max,
    struct orphan *o)
{
	struct ilog_stream st = { .fd = -1, .stop = stop };
	struct ilog_sig sig;
	struct ilog_err e;
	char *path = ilog_store_file(s, rel);
	int rc;

	st.limit = (long long)max;
	rc = ilog_crypt_stream_file(s->crypt, path, &st, &sig, &e);
	free(path);
	if (rc < 0 || !ilog_trust_store_key(s, &sig))
		return -1;
	snprintf(o->rel, sizeof o->rel, "%s", rel);
	o->size = st.size;
	memcpy(o->sha, st.sha256, sizeof o->sha);
	return 0;
}

static struct orphan *
orphans_find(struct ilog_store *s, const struct ilog_log *log,
    unsigned long long max, size_t *n)
{
	char *dir = ilog_store_file(s, "evidence"), **listed, rel[300];
	struct orphan *v = NULL, o;
	struct dirent *de;
	size_t nlisted;
	DIR *d;

	*n = 0;
	if (!(d = opendir(dir))) {
		free(dir);
		return NULL;
	}
	listed = listed_files(log, &nlisted);
	while ((de = readdir(d)) && !*stop) {
		char *key = rel;

		if (!ilog_evidence_name(de->d_name))
			continue;
		snprintf(rel, sizeof rel, "evidence/%s", de->d_name);
		if (nlisted && bsearch(&key, listed, nlisted, sizeof *listed,
		    ilog_str_cmp))
			continue;
		if (orphan_read(s, rel, max, &o) == 0) {
			v = ilog_xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = o;
		}
	}
	closedir(d);
	free(dir);
	while (nlisted)
		free(listed[--nlisted]);
	free(listed);
	return v;
}

static void
orphan_adopt(struct piece *p, const struct orphan *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].size == p->size && !strcmp(v[i].sha, piece_sha(p))) {
			snprintf(p->rel, sizeof p->rel, "%s", v[i].rel);
			ilog_warn("%s: in the store already, as %s, which no record "
			    "listed (an interrupted ilog-attach): listed now, not "
			    "copied again", p->file, p->rel);
			return;
		}
}

/* Encrypt one file as evidence/STEM-N.EXT.gpg, through a temp file.
 * ILOG_WRITTEN_UNSYNCED: it is in evidence/, but that folder could not be
 * synced to disk (e says so); the attach goes on, it says so at the end. */
static int
evidence_write(struct ilog_store *s, const char *stem, int n, struct piece *p,
    struct ilog_err *e)
{
	struct ilog_stream st = { .fd = p->fd, .stop = stop };
	char ext[12];
	int rc;

	file_ext(p->file, ext);
	snprintf(p->rel, sizeof p->rel, "evidence/%s-%d.%s.gpg", stem, n, ext);
	rc = ilog_store_write_evidence(s, p->rel, &st, e);
	p->written = rc == 0 || rc == ILOG_WRITTEN_UNSYNCED;
	if (!p->written)
		return -1;
	memcpy(p->sha, st.sha256, sizeof p->sha);
	p->size = st.size;
	return rc;
}

/* They are listed by no record yet: removing them changes no evidence. */
static void
evidence_remove(const struct ilog_store *s, struct piece *v, size_t n)
{
	char *path;
	size_t i;
	int fd;

	for (i = 0; i < n; i++) {
		if (!v[i].written)
			continue;
		path = ilog_store_file(s, v[i].rel);
		unlink(path);
		free(path);
	}
	path = ilog_store_file(s, "evidence");
	if ((fd = open(path, O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(path);
}

static struct ilog_node *
evidence_entry(const struct piece *p)
{
	struct ilog_node *ev = ilog_node_map();
	char size[32];

	snprintf(size, sizeof size, "%llu", p->size);
	ilog_node_set(ev, "file", ilog_node_str(p->rel));
	ilog_node_set(ev, "name", ilog_node_str(base_name(p->file)));
	ilog_node_set(ev, "size", ilog_node_raw(size));
	ilog_node_set(ev, "sha256", ilog_node_raw(p->sha));
	if (p->note)
		ilog_node_set(ev, "note", ilog_node_str(p->note));
	return ev;
}

/* Which files are new, which are already in the store. */
static void
pieces_sort(struct ilog_store *s, const struct ilog_log *log,
    const struct ilog_incident *inc, struct piece *v, size_t n)
{
	unsigned long long max = 0;
	struct orphan *orphans;
	size_t i, norphans;

	for (i = 0; i < n; i++) {
		already_attached(inc, &v[i]);
		if (!v[i].skip && v[i].size > max)
			max = v[i].size;
	}
	orphans = orphans_find(s, log, max, &norphans);
	for (i = 0; i < n && norphans; i++)
		if (!v[i].skip)
			orphan_adopt(&v[i], orphans, norphans);
	free(orphans);
}

/* The evidence first, the amendment last: a failure leaves nothing.
 * Returns 1 when the amendment's folder could not be synced to disk. */
static int
attach(struct ilog_store *s, struct ilog_log *log, struct ilog_incident *inc,
    struct piece *v, size_t n)
{
	struct ilog_node *am = ilog_node_map(), *list = ilog_node_seq();
	struct ilog_err e, dir_e = { "" };
	char stem[ILOG_ID_MAX], *path;
	size_t i;
	int uncertain, unsynced, rc = 0;

	/* a fresh ID names the files: unique across devices, unlike a count */
	ilog_store_new_id(log->chain.id, time(NULL), stem);
	for (i = 0; i < n; i++) {
		if (v[i].skip)
			continue;
		if (*stop || (!v[i].rel[0] && (rc = evidence_write(s, stem,
		    (int)i + 1, &v[i], &e)) < 0)) {
			evidence_remove(s, v, n);
			ilog_die("%s: %s; nothing attached", v[i].file, *stop ?
			    "interrupted" : e.msg);
		}
		if (rc == ILOG_WRITTEN_UNSYNCED && !dir_e.msg[0])
			dir_e = e;
		ilog_node_push(list, evidence_entry(&v[i]));
	}
	ilog_node_set(am, "id", ilog_node_raw(stem));
	ilog_node_set(am, "evidence", list);
	if (*stop || (unsynced = ilog_log_amend(log, am, &inc, 1, &e)) < 0) {
		/* the record's file may be there although its write failed */
		path = ilog_store_record_path(s, ilog_node_text(am, "id"));
		uncertain = !*stop && access(path, F_OK) == 0;
		free(path);
		if (uncertain)
			ilog_die("%s; the amendment may have been written: run "
			    "ilog-verify", e.msg);
		evidence_remove(s, v, n);
		ilog_die("%s; nothing attached", *stop ? "interrupted" : e.msg);
	}
	for (i = 0; i < n; i++)
		if (!v[i].skip && ilog_git_commit(s, v[i].rel) < 0 && v[i].written)
			ilog_warn("%s: written, but git commit failed", v[i].rel);
	if (unsynced)
		ilog_warn("%s", e.msg);
	else if (dir_e.msg[0])	/* the one line: the amendment is in too */
		ilog_warn("%s; attached", dir_e.msg);
	ilog_node_free(am);
	return unsynced > 0 || dir_e.msg[0];
}

/* FILE=NOTE: the file, and its own note, when FILE is a file and the
 * whole argument is not. Returns the note, or NULL. */
static char *
file_note(char *arg)
{
	char *eq = strchr(arg, '=');

	while (eq && access(arg, F_OK) != 0) {
		*eq = '\0';
		if (access(arg, F_OK) == 0 && eq[1])
			return eq + 1;
		*eq = '=';
		eq = strchr(eq + 1, '=');
	}
	return NULL;
}

/* The operands in order: the incident, then the files, each with the
 * note of the -n before it. */
struct operands {
	char *incident;
	char **args;
	const char **notes;
	size_t n;
};

static void
operand_add(struct operands *o, char *arg, const char *note)
{
	if (!o->incident) {
		o->incident = arg;
		return;
	}
	o->args = ilog_xrealloc(o->args, (o->n + 1) * sizeof *o->args);
	o->notes = ilog_xrealloc(o->notes, (o->n + 1) * sizeof *o->notes);
	o->args[o->n] = arg;
	o->notes[o->n++] = note;
}

/* Every file is opened before anything is written. */
static struct piece *
pieces_open(const struct operands *o)
{
	struct piece *v = ilog_xcalloc(o->n, sizeof *v);
	const char *own;
	size_t i;

	for (i = 0; i < o->n; i++) {
		own = file_note(o->args[i]);
		piece_open(&v[i], o->args[i], own ? own : o->notes[i]);
	}
	return v;
}

/* "a.jpg, b.png": the names of an incident's evidence, for a message. */
static void
evidence_names(const struct ilog_node *list, struct ilog_buf *out)
{
	const char *name;
	size_t i;

	for (i = 0; list && list->kind == ILOG_SEQ && i < list->n; i++) {
		if (!(name = ilog_node_text(list->items[i], "name")))
			name = ilog_node_text(list->items[i], "file");
		if (name)
			ilog_buf_printf(out, "%s%s", out->len ? ", " : "", name);
	}
	if (!out->len)
		ilog_buf_adds(out, "none");
}

/* The entry of the incident's evidence that name names: its stored file
 * (evidence/X.gpg, or X.gpg), or its original name when only one has it. */
static const struct ilog_node *
evidence_named(const struct ilog_incident *inc, const char *name)
{
	const struct ilog_node *list = ilog_node_get(inc->cur, "evidence");
	const struct ilog_node *found = NULL;
	const char *file, *orig;
	struct ilog_buf names = { 0 };
	size_t i, byname = 0;

	for (i = 0; list && list->kind == ILOG_SEQ && i < list->n; i++) {
		file = ilog_node_text(list->items[i], "file");
		orig = ilog_node_text(list->items[i], "name");
		if (file && (strcmp(file, name) == 0 || (strncmp(file,
		    "evidence/", 9) == 0 && strcmp(file + 9, base_name(name))
		    == 0)))
			return list->items[i];
		if (orig && strcmp(orig, name) == 0 && byname++ == 0)
			found = list->items[i];
	}
	if (byname == 1)
		return found;
	evidence_names(list, &names);
	if (byname > 1)
		ilog_die("%s: %zu files of this incident have that name: give "
		    "the stored file, evidence/...gpg (ilog-show lists them); "
		    "nothing retracted", name, byname);
	ilog_die("%s: no evidence of this incident is called so (it has: "
	    "%s); nothing retracted", name, names.s);
	return NULL;
}

/* The listings taken back, in one amendment; the files stay. */
static int
retract(struct ilog_log *log, struct ilog_incident *inc,
    const struct operands *o, const char *reason)
{
	struct ilog_node *am = ilog_node_map(), *list = ilog_node_seq(), *item;
	const struct ilog_node *ev;
	struct ilog_err e;
	size_t i;
	int rc;

	for (i = 0; i < o->n; i++) {
		ev = evidence_named(inc, o->args[i]);
		if (ilog_evidence_retracted(ev)) {
			ilog_warn("%s: retracted already", o->args[i]);
			continue;
		}
		item = ilog_node_map();
		ilog_node_set(item, "file", ilog_node_str(ilog_node_text(ev,
		    "file")));
		ilog_node_set(item, "reason", ilog_node_str(reason));
		ilog_node_push(list, item);
	}
	if (list->n == 0) {
		ilog_node_free(list);
		ilog_node_free(am);
		return 0;
	}
	ilog_node_set(am, "retract", list);
	if ((rc = ilog_log_amend(log, am, &inc, 1, &e)) < 0)
		ilog_die("%s; nothing retracted", e.msg);
	if (rc > 0)
		ilog_warn("%s", e.msg);
	ilog_node_free(am);
	return rc > 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "retract", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_err e;
	struct operands o = { NULL, NULL, NULL, 0 };
	struct piece *v;
	struct ilog_opts opt = { 0 };
	const char *note = NULL, *reason = NULL;
	size_t i, n, todo = 0;
	int c, unsynced = 0;

	ilog_start("ilog-attach");
	/* "-": operands come in order, so that each -n is for what follows */
	while ((c = getopt_long(argc, argv, "-d:hj:n:r:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case 1: operand_add(&o, optarg, note); break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'n': note = optarg; break;
		case 'r': reason = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	for (; optind < argc; optind++)		/* after -- */
		operand_add(&o, argv[optind], note);
	if (o.n == 0)
		ilog_usage_exit(usage, 2);
	if (reason && !*reason)
		ilog_die("-r: say why the evidence is retracted");
	if (reason && note)
		ilog_die("-r and -n: a retraction takes a reason, not notes");
	n = o.n;
	v = reason ? NULL : pieces_open(&o);
	ilog_open_log(&opt, &store, &log);
	if (ilog_select(&log, 1, &o.incident, 0, &sel))
		ilog_die(reason ? "nothing retracted" : "nothing attached");
	if (reason) {
		unsynced = retract(&log, sel.incs[0], &o, reason);
		ilog_print_path(sel.incs[0], 0);
		n = 0;
		goto done;
	}
	if (ilog_store_encrypt_fd(&store, NULL, -1, &e) < 0)
		ilog_die("%s", e.msg);
	if (ilog_store_evidence_dir(&store, &e) < 0)
		ilog_die("%s", e.msg);
	stop = ilog_stop_on_signals();
	pieces_sort(&store, &log, sel.incs[0], v, n);
	for (i = 0; i < n; i++)
		todo += !v[i].skip;
	if (todo)
		unsynced = attach(&store, &log, sel.incs[0], v, n);
	ilog_print_path(sel.incs[0], 0);
done:
	for (i = 0; i < n; i++)
		close(v[i].fd);
	free(v);
	free(o.args);
	free(o.notes);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return unsynced ? 2 : 0;
}
