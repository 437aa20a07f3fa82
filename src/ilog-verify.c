/* ilog-verify: check every file of the store; one line per problem */
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-verify [-d DIR] [-j N] [-S SEAL]\n"
	"  Checks that every record decrypts, is signed by a key of the store,\n"
	"  follows ilog(5), links to an earlier record (prev), that evidence\n"
	"  files match their SHA-256, and reports files that are not part of\n"
	"  the store. -S checks a seal printed earlier by ilog-seal.\n"
	"  Exit 0 only when there is no problem.\n"
	"  -h, --help  this text; --version  the version\n";

static int problems;
static int evidence_refused;	/* evidence/ is a link: not followed */

static void
problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
problem(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ilog_vwarn(fmt, ap);
	va_end(ap);
	problems++;
}

/* A file signed by a key the uncertified list names is judged once that
 * key is certified: the list's own line says so, once. */
static void
check_signature(struct ilog_store *s, const char *path,
    const struct ilog_sig *sig)
{
	switch (ilog_trust_signer(s, sig)) {
	case ILOG_SIGNER_STORE:
	case ILOG_SIGNER_UNCERTIFIED:
		break;
	case ILOG_SIGNER_STRANGER:
		problem("%s: signed by %s, a key that is not a recipient of "
		    "this store", path, sig->fpr);
		break;
	default:
		problem("%s: %s", path, ilog_sig_describe(sig->status));
	}
}

#define REENCRYPT "re-encrypt the store: ilog-init -f $(ilog-init)"

/* With hidden recipients the file does not say whose keys can open it, but
 * its session-key packets say how many: more than the list has now, and a
 * key that was removed may still open it. */
static void
check_keys(const struct ilog_store *s, const char *path, const char *id,
    const struct ilog_sig *sig)
{
	const char *c = s->list.changed;

	if (!sig->nkeys || !s->nrecip || s->list.pending ||
	    (size_t)sig->nkeys == s->nrecip)
		return;
	if ((size_t)sig->nkeys > s->nrecip && id && strlen(c) == 16 &&
	    strncmp(id, c, 16) > 0)
		problem("%s: written after the recipients changed (%.4s-%.2s-%.2s "
		    "%.2s:%.2s:%.2s UTC) by a device that had not synced yet: %d "
		    "key%s can open it, the store has %zu recipient%s; %s", path,
		    c, c + 4, c + 6, c + 9, c + 11, c + 13, sig->nkeys,
		    sig->nkeys == 1 ? "" : "s", s->nrecip,
		    s->nrecip == 1 ? "" : "s", REENCRYPT);
	else
		problem("%s: %d key%s can open it, the store has %zu recipient%s; "
		    "%s", path, sig->nkeys, sig->nkeys == 1 ? "" : "s", s->nrecip,
		    s->nrecip == 1 ? "" : "s", REENCRYPT);
}

/* A change of recipients that was interrupted: files are split between the
 * old keys and the new, until ilog-init is run again. */
static void
check_pending(const struct ilog_store *s)
{
	struct ilog_buf cmd = { 0 };
	size_t i;

	if (!s->list.pending)
		return;
	for (i = 0; i < s->list.nto; i++)
		ilog_buf_printf(&cmd, " %s", s->list.to[i]);
	problem("%s/" ILOG_LIST_NAME ": a change of recipients was interrupted: some "
	    "files are encrypted to the old keys, some to the new; %s%s",
	    s->dir, cmd.len ? "finish it: ilog-init" : "finish it: run "
	    "ilog-init again with the recipients you want", cmd.len ? cmd.s : "");
	ilog_buf_free(&cmd);
}

static const struct ilog_rec *
rec_by_digest(const struct ilog_log *log, size_t before, const char *digest)
{
	size_t i;

	for (i = 0; digest && i < before; i++)
		if (strcmp(log->recs[i].digest, digest) == 0)
			return &log->recs[i];
	return NULL;
}

/* A record whose prev names no earlier record marks a gap before it. */
static void
check_chain(const struct ilog_log *log)
{
	const char *prev;
	size_t i;

	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *r = &log->recs[i];

		if (!r->doc)
			continue;
		prev = ilog_node_text(r->doc, "prev");
		if (!prev && i > 0)
			problem("%s: chain broken: it has no prev, but is not "
			    "the first record", r->path);
		else if (prev && !rec_by_digest(log, i, prev))
			problem("%s: chain broken: its prev matches no earlier "
			    "record (one was removed or altered before it)",
			    r->path);
	}
}

/* A record of the store left out of the log: reported by its signature. */
static int
is_forged(const struct ilog_log *log, const char *id)
{
	size_t i;

	for (i = 0; i < log->nrecs; i++)
		if (log->recs[i].rejected && strcmp(log->recs[i].id, id) == 0)
			return 1;
	return 0;
}

/* How far apart two devices' clocks may be: past it, a time is not honest. */
#define SKEW 600

/* A record says when it was written twice, in its name and in recorded, and
 * cannot have been written before the record its prev names. */
static void
check_recorded(const struct ilog_log *log, size_t i, time_t named)
{
	const struct ilog_rec *r = &log->recs[i], *prev;
	struct ilog_when at, before;
	char a[32], b[32];

	if (!r->doc || ilog_record_time(r->doc, "recorded", &at) < 0)
		return;
	ilog_when_format_utc(at.t, a);
	if (at.t > named + SKEW || at.t < named - SKEW) {
		ilog_when_format_utc(named, b);
		problem("%s: recorded %s, but its name says it was written at "
		    "%s: one of them is false (backdated?)", r->path, a, b);
	}
	prev = rec_by_digest(log, i, ilog_node_text(r->doc, "prev"));
	if (prev && prev->doc && ilog_record_time(prev->doc, "recorded",
	    &before) == 0 && at.t < before.t - SKEW) {
		ilog_when_format_utc(before.t, b);
		problem("%s: recorded %s, before %s, when the record its prev "
		    "names (%s) was written: backdated", r->path, a, b,
		    prev->id);
	}
}

/* A name far ahead of the clock was planted or made on a device whose
 * clock is wrong; either way it is not when the record was written. */
static void
check_times(const struct ilog_log *log, time_t now)
{
	char when[32];
	time_t named;
	size_t i;

	for (i = 0; i < log->nrecs; i++) {
		named = ilog_id_time(log->recs[i].id);
		if (named > now + SKEW) {
			ilog_when_format_utc(named, when);
			problem("%s: named in the future (%s), more than 10 "
			    "minutes ahead of this device's clock",
			    log->recs[i].path, when);
		}
		check_recorded(log, i, named);
	}
}

/* Records this device saw, gone from the folder: removed, or the folder
 * put back to an older copy. The chain cannot show the newest ones. */
static void
check_mark(const struct ilog_log *log)
{
	struct ilog_mark m;
	size_t now;

	if (ilog_mark_read(log->store, &m) < 0)
		return;
	now = ilog_mark_count(log, m.id);
	if (now < m.count)
		problem("%s: %zu record%s this device saw up to %s %s gone "
		    "(removed, or the folder put back to an older copy)",
		    log->store->dir, m.count - now, m.count - now == 1 ? "" :
		    "s", m.id, m.count - now == 1 ? "is" : "are");
}

static void
check_amends(const struct ilog_log *log)
{
	const struct ilog_node *amends;
	size_t i, k;

	for (i = 0; i < log->nrecs; i++) {
		if (!log->recs[i].doc || !log->recs[i].amendment)
			continue;
		amends = ilog_node_get(log->recs[i].doc, "amends");
		for (k = 0; k < amends->n; k++)
			if (!ilog_log_amendable(log, amends->items[k]->str) &&
			    !is_forged(log, amends->items[k]->str))
				problem("%s: amends %s, which is not an incident "
				    "in the store", log->recs[i].path,
				    amends->items[k]->str);
	}
}

struct evidence_seen {
	char **files;
	size_t n;
};

static void
check_one_evidence(struct ilog_store *s, const char *rec_path,
    const struct ilog_node *ev, struct evidence_seen *seen)
{
	struct ilog_stream st = { .fd = -1, .limit = -1 };
	const char *rel = ilog_node_text(ev, "file");
	const char *want = ilog_node_text(ev, "sha256");
	const char *size = ilog_node_text(ev, "size");
	struct ilog_sig sig;
	struct ilog_err e;
	char *path;

	if (!rel || !want || strstr(rel, "..") || rel[0] == '/') {
		problem("%s: evidence entry without a proper file and sha256",
		    rec_path);
		return;
	}
	seen->files = ilog_xrealloc(seen->files, (seen->n + 1) *
	    sizeof *seen->files);
	seen->files[seen->n++] = ilog_xstrdup(rel);
	if (evidence_refused)
		return;
	path = ilog_store_file(s, rel);
	/* streamed, and stopped past the size recorded: a file replaced by
	 * a bigger one costs no more than the real one */
	if (size)
		st.limit = strtoll(size, NULL, 10);
	if (ilog_crypt_stream_file(s->crypt, path, &st, &sig, &e) < 0) {
		if (errno == ENOENT)
			problem("%s: missing (listed by %s)", path, rec_path);
		else if (st.over)	/* bigger than recorded: not the file */
			problem("%s: altered: its SHA-256 is not the one recorded "
			    "in %s", path, rec_path);
		else
			problem("%s", e.msg);
		free(path);
		return;
	}
	if (strcmp(st.sha256, want) != 0)
		problem("%s: altered: its SHA-256 is not the one recorded in %s",
		    path, rec_path);
	else if (size && strtoull(size, NULL, 10) != st.size)
		problem("%s: its size is not the one recorded in %s", path,
		    rec_path);
	check_signature(s, path, &sig);
	check_keys(s, path, NULL, &sig);
	free(path);
}

static void
check_evidence_link(const struct ilog_store *s)
{
	char *dir = ilog_store_file(s, "evidence");
	struct ilog_err e;

	if (ilog_file_check(dir, 1, &e) < 0) {
		problem("%s: %s", dir, e.msg);
		evidence_refused = 1;
	}
	free(dir);
}

static void
check_evidence(struct ilog_log *log, struct evidence_seen *seen)
{
	const struct ilog_node *list;
	size_t i, k;

	for (i = 0; i < log->nrecs; i++) {
		if (!log->recs[i].doc)
			continue;
		list = ilog_node_get(log->recs[i].doc, "evidence");
		for (k = 0; list && list->kind == ILOG_SEQ && k < list->n; k++)
			check_one_evidence(log->store, log->recs[i].path,
			    list->items[k], seen);
	}
}

static const char *
stray_kind(const char *name)
{
	if (strcasestr(name, "conflict") || strstr(name, " (") ||
	    strstr(name, "(1)") || strstr(name, "(2)"))
		return "a sync-conflict copy: compare it with the original "
		    "and remove it by hand";
	if (strstr(name, ".tmp-"))
		return "a temporary file left by an interrupted write";
	return "not part of the store";
}

static int
evidence_listed(const struct evidence_seen *seen, const char *rel)
{
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (strcmp(seen->files[i], rel) == 0)
			return 1;
	return 0;
}

/* A symbolic link in the store, git's or a sync client's, is never
 * followed: reported as such. */
static int
link_reported(const char *dir, const char *name)
{
	struct ilog_buf path = { 0 };
	struct stat st;
	int is_link;

	ilog_buf_printf(&path, "%s/%s", dir, name);
	is_link = lstat(path.s, &st) == 0 && S_ISLNK(st.st_mode);
	if (is_link)
		problem("%s: a symbolic link: refused", path.s);
	ilog_buf_free(&path);
	return is_link;
}

/* What an evidence file that no record lists is. */
static const char *
evidence_kind(const char *name)
{
	if (ilog_evidence_name(name))
		return "evidence listed by no record: an interrupted ilog-attach, "
		    "or its record has not synced yet (attaching the same file "
		    "again lists this one)";
	if (!strncmp(name, ".tmp-", 5))
		return "a temporary file left by an interrupted write (or one "
		    "still being written): when no ilog-attach is running, "
		    "remove it";
	return stray_kind(name);
}

static void
check_evidence_dir(const struct ilog_store *s, const struct evidence_seen *seen)
{
	char *dir = ilog_store_file(s, "evidence"), rel[512];
	struct dirent *de;
	DIR *d = evidence_refused ? NULL : opendir(dir);

	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(rel, sizeof rel, "evidence/%s", de->d_name);
		if (!evidence_listed(seen, rel) && !link_reported(dir,
		    de->d_name))
			problem("%s/%s: %s", dir, de->d_name, evidence_kind(
			    de->d_name));
	}
	if (d)
		closedir(d);
	free(dir);
}

static int
store_own(const char *name)
{
	static const char *const own[] = { ".", "..", ILOG_LIST_NAME, "evidence",
	    ".git", ".gitattributes", NULL };
	char id[ILOG_ID_MAX];
	size_t i;

	for (i = 0; own[i]; i++)
		if (strcmp(name, own[i]) == 0)
			return 1;
	return ilog_record_name(name, id);
}

static void
check_strays(const struct ilog_store *s)
{
	struct dirent *de;
	DIR *d = opendir(s->dir);

	char id[ILOG_ID_MAX];

	/* links named like records, and the list, are refused as they are
	 * read; evidence/ before it is read */
	while (d && (de = readdir(d))) {
		if (ilog_record_name(de->d_name, id) || strcmp(de->d_name,
		    ILOG_LIST_NAME) == 0 || strcmp(de->d_name, "evidence") == 0)
			continue;
		if (!link_reported(s->dir, de->d_name) && !store_own(de->d_name))
			problem("%s/%s: %s", s->dir, de->d_name,
			    stray_kind(de->d_name));
	}
	if (d)
		closedir(d);
}

/* what: "seal ID", or the record that says the seal was given */
static void
seal_judge(const struct ilog_log *log, const struct ilog_seal *want,
    const char *what)
{
	struct ilog_seal got;

	switch (ilog_seal_holds(log, want, &got)) {
	case ILOG_SEAL_UNREADABLE:
		problem("%s: some records up to it cannot be read", what);
		break;
	case ILOG_SEAL_COUNT:
		problem("%s: does not hold: %zu record%s up to it now, %zu "
		    "when sealed (records removed or slipped in)", what,
		    got.count, got.count == 1 ? "" : "s", want->count);
		break;
	case ILOG_SEAL_ALTERED:
		problem("%s: does not hold: records up to it were altered "
		    "or replaced", what);
		break;
	}
}

static void
check_seal(const struct ilog_log *log, const char *line)
{
	struct ilog_seal want;
	char what[ILOG_ID_MAX + 8];

	if (ilog_seal_parse(line, &want) < 0) {
		problem("seal '%.200s': not a seal (ID COUNT SHA256)", line);
		return;
	}
	snprintf(what, sizeof what, "seal %s", want.id);
	seal_judge(log, &want, what);
}

/* A seal recorded as handed over must still hold: if records it covers
 * were changed since, whoever was given it would find out. */
static void
check_given_seals(const struct ilog_log *log)
{
	struct ilog_buf what = { 0 };
	struct ilog_seal want;
	size_t i;

	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *r = &log->recs[i];

		if (!r->doc || r->rejected || !ilog_seal_record_is(r->doc) ||
		    ilog_seal_parse(ilog_node_text(r->doc, "seal"), &want) < 0)
			continue;
		what.len = 0;
		ilog_buf_printf(&what, "%s: the seal it records as given "
		    "(up to %s)", r->path, want.id);
		seal_judge(log, &want, what.s);
	}
	ilog_buf_free(&what);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "seal", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct evidence_seen seen = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_err e;
	struct ilog_opts opt = { 0 };
	const char *seal = NULL;
	size_t i;
	int c;

	ilog_start("ilog-verify");
	while ((c = getopt_long(argc, argv, "d:hj:S:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'S': seal = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind < argc)
		ilog_usage_exit(usage, 2);
	if (ilog_store_open(&store, &opt, &e) < 0)
		ilog_die("%s", e.msg);
	store.no_cache = 1;	/* a check decrypts every file afresh */
	store.tells_forged = 1;	/* once, by check_signature */
	store.checking = 1;
	if (ilog_log_load(&store, &log, &e) < 0)
		ilog_die("%s", e.msg);
	ilog_log_tell(&log);
	problems = log.nerrors;
	if (ilog_store_recipients(&store, &e) < 0)
		problem("%s", e.msg);
	check_pending(&store);
	for (i = 0; i < log.nrecs; i++)
		if (log.recs[i].digest[0]) {
			check_signature(&store, log.recs[i].path, &log.recs[i].sig);
			check_keys(&store, log.recs[i].path, log.recs[i].id,
			    &log.recs[i].sig);
		}
	check_chain(&log);
	check_times(&log, time(NULL));
	check_mark(&log);
	check_amends(&log);
	check_evidence_link(&store);
	check_evidence(&log, &seen);
	check_evidence_dir(&store, &seen);
	check_strays(&store);
	check_given_seals(&log);
	if (seal)
		check_seal(&log, seal);
	if (problems) {
		printf("%d problem%s found in ", problems, problems == 1 ? "" :
		    "s");
		ilog_put_shown(stdout, store.dir, strlen(store.dir));
		putchar('\n');
	} else
		printf("%zu record%s, %zu evidence file%s: no problem found%s\n",
		    log.nrecs, log.nrecs == 1 ? "" : "s", seen.n,
		    seen.n == 1 ? "" : "s", seal ? "; the seal holds" : "");
	for (i = 0; i < seen.n; i++)
		free(seen.files[i]);
	free(seen.files);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return problems ? 2 : 0;
}
