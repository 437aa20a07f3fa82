/* args.c: the pipeline protocol: which incidents a program works on */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static void
sel_push(struct ilog_sel *sel, struct ilog_incident *inc)
{
	if (sel->n == sel->cap) {
		sel->cap = sel->cap ? sel->cap * 2 : 64;
		sel->incs = ilog_xrealloc(sel->incs, sel->cap * sizeof *sel->incs);
	}
	sel->incs[sel->n++] = inc;
}

static int
is_amendment_id(const struct ilog_log *log, const char *id)
{
	size_t i;

	for (i = 0; i < log->nrecs; i++)
		if (strcmp(log->recs[i].id, id) == 0)
			return log->recs[i].amendment;
	return 0;
}

static int
record_exists(const struct ilog_log *log, const char *id)
{
	size_t i;

	for (i = 0; i < log->nrecs; i++)
		if (strcmp(log->recs[i].id, id) == 0)
			return 1;
	return 0;
}

/* Whether the folder of a path (cut at base) is the store's: the same
 * name, as ilog-ls prints it, or the same directory by another name. */
static int
in_store(const struct ilog_log *log, const char *path, const char *base)
{
	const char *dir = log->store->dir;
	size_t len = (size_t)(base - path - 1);
	char *folder, *a, *b;
	int same;

	if (strlen(dir) == len && strncmp(dir, path, len) == 0)
		return 1;
	folder = len ? ilog_xstrndup(path, len) : ilog_xstrdup("/");
	a = realpath(folder, NULL);
	b = realpath(dir, NULL);
	same = a && b && strcmp(a, b) == 0;
	free(folder);
	free(a);
	free(b);
	return same;
}

/* A unique start of an incident's ID, as ilog-scan shows it. */
static struct ilog_incident *
resolve_prefix(const struct ilog_log *log, const char *arg)
{
	struct ilog_incident *found = NULL;
	size_t i, len;

	len = strlen(arg);
	if (len < 4) {
		ilog_warn("%s: too short to name an incident: give 4 or more "
		    "characters of its ID, as ilog-scan shows it", arg);
		return NULL;
	}
	for (i = 0; i < log->nincs; i++) {
		if (strncmp(log->incs[i].rec->id, arg, len) != 0)
			continue;
		if (found) {
			ilog_warn("%s: more than one incident has an ID starting "
			    "so: give more of it, as ilog-scan shows it", arg);
			return NULL;
		}
		found = &log->incs[i];
	}
	if (!found)
		ilog_warn("%s: no such incident in %s (ilog-scan shows the IDs; "
		    "ilog-pick finds incidents by date or words)", arg,
		    log->store->dir);
	return found;
}

/* A path names its record by file name, in this store; otherwise an ID
 * or a unique prefix of one. */
static struct ilog_incident *
resolve(const struct ilog_log *log, const char *arg)
{
	const char *base = strrchr(arg, '/');
	struct ilog_incident *found;
	char id[ILOG_ID_MAX];

	if (base && ilog_record_name(base + 1, id) && !in_store(log, arg,
	    base + 1)) {
		ilog_warn("%s: not in the store %s (give -d for another store)",
		    arg, log->store->dir);
		return NULL;
	}
	base = base ? base + 1 : arg;
	if (ilog_record_name(base, id) || (strchr(arg, '/') == NULL &&
	    ilog_id_valid(arg) && snprintf(id, sizeof id, "%s", arg))) {
		if ((found = ilog_log_incident(log, id)))
			return found;
		if (log->case_file && strcmp(log->case_file->rec->id, id) == 0) {
			if (log->case_selectable)
				return log->case_file;
			ilog_warn("%s: is the case record (ilog-case shows and "
			    "changes it)", arg);
			return NULL;
		}
		if (is_amendment_id(log, id))
			ilog_warn("%s: is an amendment, not an incident", arg);
		else if (record_exists(log, id))
			ilog_warn("%s: cannot be read (see above)", arg);
		else if (base == arg)	/* may be the start of a longer ID */
			return resolve_prefix(log, arg);
		else
			ilog_warn("%s: no such incident in %s", arg,
			    log->store->dir);
		return NULL;
	}
	return resolve_prefix(log, arg);
}


/* Paths on stdin, when it is not a terminal; read after the log is
 * loaded, so that the programs of a pipe load at the same time, and
 * ilog_log_refresh then catches what a program upstream (ilog-tag) wrote
 * meanwhile. */
struct input {
	char **lines;
	size_t n;
};

static int
input_read(int nul, struct input *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	memset(in, 0, sizeof *in);
	if (isatty(STDIN_FILENO))
		return 0;
	while ((len = getdelim(&line, &cap, nul ? '\0' : '\n', stdin)) > 0) {
		if (line[len - 1] == (nul ? '\0' : '\n'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		in->lines = ilog_xrealloc(in->lines, (in->n + 1) *
		    sizeof *in->lines);
		in->lines[in->n++] = ilog_xstrdup(line);
	}
	free(line);
	return 1;
}

static int
select_input(const struct ilog_log *log, struct input *in,
    struct ilog_sel *sel)
{
	struct ilog_incident *inc;
	int errors = 0;
	size_t i;

	for (i = 0; i < in->n; i++) {
		if ((inc = resolve(log, in->lines[i])))
			sel_push(sel, inc);
		else
			errors++;
	}
	ilog_strv_free(in->lines, in->n);
	return errors;
}

static int
select_incidents(struct ilog_log *log, int argc, char **argv, int nul,
    struct ilog_sel *sel)
{
	struct ilog_incident **all, *inc;
	struct input in;
	struct ilog_err e;
	size_t i, n;
	int errors = 0;

	memset(sel, 0, sizeof *sel);
	if (argc > 0) {
		for (i = 0; i < (size_t)argc; i++) {
			if ((inc = resolve(log, argv[i])))
				sel_push(sel, inc);
			else
				errors++;
		}
		return errors;
	}
	if (input_read(nul, &in)) {
		/* what was told of the log loaded first is not told twice */
		if (ilog_log_refresh(log, &e) < 0)
			ilog_die("%s", e.msg);
		return select_input(log, &in, sel);
	}
	all = ilog_log_by_occurred(log, 0, &n);
	for (i = 0; i < n; i++)
		sel_push(sel, all[i]);
	free(all);
	sel->everything = 1;
	return 0;
}

/* Operands, else paths on stdin (not a terminal), else every incident;
 * decoded, if the loader left them (ilog_opts.lazy). Returns the number
 * of operands that named no incident. */
int
ilog_select(struct ilog_log *log, int argc, char **argv, int nul,
    struct ilog_sel *sel)
{
	int errors = select_incidents(log, argc, argv, nul, sel);

	ilog_incidents_decode(sel->incs, sel->n, log->store->jobs);
	return errors;
}

/* As ilog_select, but at a terminal with no operands the whole log,
 * withdrawn incidents too (marked): what a report or an export covers. */
int
ilog_select_whole(struct ilog_log *log, int argc, char **argv, int nul,
    struct ilog_sel *sel)
{
	if (argc > 0 || !isatty(STDIN_FILENO))
		return ilog_select(log, argc, argv, nul, sel);
	memset(sel, 0, sizeof *sel);
	sel->incs = ilog_log_by_occurred(log, 1, &sel->n);
	sel->cap = sel->n;
	ilog_incidents_decode(sel->incs, sel->n, log->store->jobs);
	return 0;
}

void
ilog_sel_free(struct ilog_sel *sel)
{
	free(sel->incs);
	memset(sel, 0, sizeof *sel);
}

void
ilog_print_path(const struct ilog_incident *inc, int nul)
{
	fputs(inc->rec->path, stdout);
	putchar(nul ? '\0' : '\n');
}

/* What the loader found wrong, each once: records that could not be read,
 * and records not written by a key of the store. */
void
ilog_log_tell(const struct ilog_log *log)
{
	const struct ilog_rec *r;
	size_t i;

	for (i = 0; i < log->nrecs; i++) {
		r = &log->recs[i];
		if (r->error)
			ilog_warn("%s: %s", r->path, r->error);
		else if (r->rejected == ILOG_REJECTED_FOREIGN && r->doc &&
		    !log->store->tells_forged)
			ilog_warn("%s: %s %s%s%s, not by a key of this store: %s "
			    "(run ilog-verify)", r->path, r->amendment ?
			    "amendment" : "incident",
			    ilog_sig_describe(r->sig.status),
			    r->sig.fpr[0] ? " by " : "", r->sig.fpr,
			    r->amendment ? "not applied" : "not shown");
	}
}

static void
tell_warn(const char *msg)
{
	ilog_warn("%s", msg);
}

/* Open the store and load the log, or end the program with the reason. */
void
ilog_open_log(const struct ilog_opts *o, struct ilog_store *s,
    struct ilog_log *log)
{
	struct ilog_err e;

	if (ilog_store_open(s, o, &e) < 0)
		ilog_die("%s", e.msg);
	s->tell = tell_warn;
	if (ilog_log_load(s, log, &e) < 0)
		ilog_die("%s", e.msg);
	ilog_log_tell(log);
}

/* -j N, or the end of the program */
int
ilog_opt_jobs(const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end || n < 1 || n > ILOG_JOBS_MAX)
		ilog_die("-j %s: give a number of workers from 1 to 16", arg);
	return (int)n;
}
