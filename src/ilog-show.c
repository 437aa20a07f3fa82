/* ilog-show: incidents as YAML (current state, or the records as written) */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-show [-0r] [-d DIR] [-j N] [INCIDENT...]\n"
	"       ilog-show [-d DIR] -x EVIDENCE > FILE\n"
	"  -r, --raw          the records as written: incident, then amendments\n"
	"  -x, --extract EV   decrypt an evidence file to stdout\n"
	"  -h, --help  this text; --version  the version\n";

static int
show_current(const struct ilog_incident *inc)
{
	struct ilog_buf out = { 0 };
	struct ilog_err e;

	if (ilog_yaml_emit(inc->cur, &out, &e) < 0) {
		ilog_warn("%s: %s", inc->rec->path, e.msg);
		return -1;
	}
	fputs("---\n", stdout);
	fwrite(out.s, 1, out.len, stdout);
	ilog_buf_free(&out);
	return 0;
}

static int
show_raw(struct ilog_store *s, const struct ilog_incident *inc)
{
	struct ilog_err e;

	fflush(stdout);
	if (ilog_log_raw(s, inc, STDOUT_FILENO, &e) < 0) {
		ilog_warn("%s", e.msg);
		return -1;
	}
	return 0;
}

/* A path through the store's evidence/ must not leave the store by a link. */
static void
evidence_dir_check(const struct ilog_store *s, const char *path)
{
	char *dir = ilog_store_file(s, "evidence");
	size_t len = strlen(dir);
	struct ilog_err e;

	if (strncmp(path, dir, len) == 0 && path[len] == '/' &&
	    ilog_file_check(dir, 1, &e) < 0)
		ilog_die("%s: %s", dir, e.msg);
	free(dir);
}

/* The entry of the incident whose current state lists the evidence file:
 * amendments not signed by a key of the store are not applied, so a
 * forged one cannot vouch for a file. */
static const struct ilog_node *
evidence_entry(const struct ilog_log *log, const char *rel,
    const struct ilog_incident **inc)
{
	const struct ilog_node *list;
	const char *file;
	size_t i, k;

	for (i = 0; i < log->nincs; i++) {
		list = ilog_node_get(log->incs[i].cur, "evidence");
		for (k = 0; list && list->kind == ILOG_SEQ && k < list->n; k++)
			if ((file = ilog_node_text(list->items[k], "file")) &&
			    strcmp(file, rel) == 0) {
				*inc = &log->incs[i];
				return list->items[k];
			}
	}
	return NULL;
}

/* What was written so far is not the file: a regular file is cut back to
 * where it started, so that nothing looks complete. */
static const char *
output_undo(off_t start)
{
	struct stat sb;

	if (fstat(STDOUT_FILENO, &sb) < 0 || !S_ISREG(sb.st_mode))
		return "what was written to stdout is not the file";
	if (ftruncate(STDOUT_FILENO, start) < 0)
		return "what was written to stdout is not the file, and could "
		    "not be removed";
	return "nothing was written";
}

static off_t
output_start(void)
{
	struct stat sb;
	int fl = fcntl(STDOUT_FILENO, F_GETFL);
	off_t at;

	if (fstat(STDOUT_FILENO, &sb) < 0 || !S_ISREG(sb.st_mode))
		return 0;
	if (fl >= 0 && (fl & O_APPEND))
		return sb.st_size;
	return (at = lseek(STDOUT_FILENO, 0, SEEK_CUR)) < 0 ? 0 : at;
}

/* Streamed to stdout; the SHA-256 and size are checked against the record
 * as the plaintext passes. */
static int
extract_checked(struct ilog_store *s, const char *path,
    const struct ilog_node *ev, const struct ilog_incident *inc)
{
	struct ilog_stream st = { .fd = STDOUT_FILENO, .limit = -1,
	    .stop = ilog_stop_on_signals() };
	const char *want = ev ? ilog_node_text(ev, "sha256") : NULL;
	const char *size = ev ? ilog_node_text(ev, "size") : NULL;
	off_t start = output_start();
	struct ilog_err e;

	if (size)
		st.limit = strtoll(size, NULL, 10);
	if (ilog_crypt_stream_file(s->crypt, path, &st, NULL, &e) < 0) {
		if (st.over)
			ilog_warn("%s: larger than the size recorded in %s: not "
			    "the file that was attached; %s", path,
			    inc->rec->path, output_undo(start));
		else
			ilog_warn("%s; %s", e.msg, output_undo(start));
		return -1;
	}
	if (ev && (!want || strcmp(st.sha256, want) != 0 || !size ||
	    st.size != strtoull(size, NULL, 10))) {
		ilog_warn("%s: does NOT match the SHA-256 recorded in %s: not the "
		    "file that was attached; %s", path, inc->rec->path,
		    output_undo(start));
		return -1;
	}
	if (!ev) {
		ilog_warn("%s: listed by no incident: its SHA-256 could not be "
		    "checked (run ilog-verify)", path);
		return -1;
	}
	return 0;
}

static int
extract(const struct ilog_opts *opt, const char *evidence)
{
	const struct ilog_incident *inc = NULL;
	const struct ilog_node *ev;
	struct ilog_store s;
	struct ilog_log log;
	char *path, rel[512];
	int rc;

	if (isatty(STDOUT_FILENO))
		ilog_die("%s: stdout is a terminal: redirect it to a file",
		    evidence);
	ilog_open_log(opt, &s, &log);
	path = strchr(evidence, '/') && access(evidence, F_OK) == 0 ?
	    ilog_xstrdup(evidence) : ilog_store_file(&s, evidence);
	evidence_dir_check(&s, path);
	/* a copy kept outside the store is checked by its name */
	snprintf(rel, sizeof rel, "evidence/%s", strrchr(path, '/') + 1);
	ev = evidence_entry(&log, rel, &inc);
	rc = extract_checked(&s, path, ev, inc);
	free(path);
	ilog_log_exit(&log);
	ilog_store_close(&s);
	return rc < 0 ? 2 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "extract", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_opts opt = { 0 };
	const char *evidence = NULL;
	int c, nul = 0, raw = 0, errors;
	size_t i;

	ilog_start("ilog-show");
	while ((c = getopt_long(argc, argv, "0d:hj:rx:", longopts, NULL)) !=
	    -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'r': raw = 1; break;
		case 'x': evidence = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (evidence)
		return extract(&opt, evidence);
	ilog_open_log(&opt, &store, &log);
	log.case_selectable = 1;
	errors = ilog_select(&log, argc - optind, argv + optind, nul, &sel);
	for (i = 0; i < sel.n; i++)
		if ((raw ? show_raw(&store, sel.incs[i]) :
		    show_current(sel.incs[i])) < 0)
			errors++;
	c = errors || log.nerrors ? 2 : 0;
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
