/* ilog-import: WhatsApp chats, SMS and MMS, call logs and spreadsheet logs
 * become incidents; the export is kept as evidence; nothing twice */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-import [-n] [-d DIR] [-f FORMAT] [--from WHO]... [--tz ZONE]\n"
	"                   [--date-order dmy|mdy] FILE...\n"
	"  Turns every message or call from WHO into an incident, and keeps\n"
	"  FILE itself as evidence. Messages already imported are skipped.\n"
	"  -f, --format F      whatsapp, sms, calls or csv (default: from the\n"
	"                      content)\n"
	"  --from WHO          the sender's name exactly, or phone number\n"
	"                      (repeatable); needed when FILE holds several\n"
	"  --tz ZONE           WhatsApp's times are the phone's (default: TZ)\n"
	"  --date-order O      dmy or mdy, when the dates do not tell\n"
	"  -n, --dry-run       say what would be imported; write nothing\n"
	"  -h, --help  this text; --version  the version\n";

enum format { F_AUTO, F_WHATSAPP, F_SMS, F_CALLS, F_CSV };

struct opts {
	enum format format;
	const char **from;
	size_t nfrom;
	int order;		/* 0, 'd' or 'm' */
	int dry;
	struct ilog_opts store;	/* -d, -j */
};

/* One export: what it holds, and what of it is new. */
struct export {
	const char *path;
	enum format format;
	struct ilog_import_list l;
	char sha[65];
	size_t size;
	size_t *pick;		/* messages to import, by index */
	char (*keys)[65];
	size_t npick, nnew, nold, nmine;
};

static const char *const format_names[] = { "auto", "whatsapp", "sms",
	"calls", "csv", NULL };

static enum format
format_parse(const char *arg)
{
	int i;

	for (i = 1; format_names[i]; i++)
		if (strcmp(arg, format_names[i]) == 0)
			return (enum format)i;
	ilog_die("-f %s: give whatsapp, sms, calls or csv", arg);
}

/* An unknown zone would silently mean UTC, and every time be wrong. */
static void
tz_set(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", zone);
	if (!*zone || strstr(zone, "..") || (access(path, R_OK) < 0 &&
	    !strpbrk(zone, "0123456789")))
		ilog_die("--tz %s: no such time zone (e.g. Europe/London)", zone);
	setenv("TZ", zone, 1);
	tzset();
}

static void
opts_parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "from", required_argument, NULL, 'F' },
		{ "tz", required_argument, NULL, 'z' },
		{ "date-order", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:f:hj:n", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->store.dir = optarg; break;
		case 'f': o->format = format_parse(optarg); break;
		case 'F':
			o->from = ilog_xrealloc(o->from, (o->nfrom + 1) *
			    sizeof *o->from);
			o->from[o->nfrom++] = optarg;
			break;
		case 'z': tz_set(optarg); break;
		case 'o':
			if (strcmp(optarg, "dmy") && strcmp(optarg, "mdy"))
				ilog_die("--date-order %s: give dmy or mdy", optarg);
			o->order = optarg[0];
			break;
		case 'n': o->dry = 1; break;
		case 'j': o->store.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (optind == argc)
		ilog_usage_exit(usage, 2);
}

static enum format
detect(const char *head, size_t len)
{
	size_t i = len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < len && strchr(" \t\r\n", head[i]))
		i++;
	if (i < len && head[i] == '<')
		return F_SMS;
	if (ilog_import_whatsapp_like(head, len))
		return F_WHATSAPP;
	return F_CSV;
}

/* XML is streamed: backups run to hundreds of MB, mostly pictures. */
static int
read_xml(int fd, struct export *x, int explicit, struct ilog_sha256 *sha,
    struct ilog_err *e)
{
	struct ilog_import_xml *p = ilog_import_xml_new(&x->l);
	static char chunk[65536];
	ssize_t got;
	int rc = 0, calls;

	do {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = (ilog_err_set(e, "%s", strerror(errno)), -1);
			break;
		}
		ilog_sha256_update(sha, chunk, (size_t)got);
		x->size += (size_t)got;
		rc = ilog_import_xml_feed(p, chunk, (size_t)got, got == 0, e);
	} while (rc == 0 && got > 0);
	calls = strcmp(ilog_import_xml_root(p), "calls") == 0;
	if (rc == 0 && explicit && x->format == F_CALLS && !calls)
		rc = (ilog_err_set(e, "not a call log (no <calls>)"), -1);
	if (rc == 0 && explicit && x->format == F_SMS && calls)
		rc = (ilog_err_set(e, "not an SMS backup (no <smses>)"), -1);
	x->format = calls ? F_CALLS : F_SMS;
	ilog_import_xml_free(p);
	return rc;
}

static int
read_text(int fd, struct export *x, const struct opts *o, struct ilog_err *e)
{
	struct ilog_buf b = { 0 };
	int rc;

	if (ilog_read_fd(fd, &b) < 0)
		return ilog_err_set(e, "%s", strerror(errno)), -1;
	ilog_sha256_hex(b.s, b.len, x->sha);
	x->size = b.len;
	if (x->format == F_AUTO)
		x->format = detect(b.s, b.len);
	if (x->format == F_WHATSAPP)
		rc = ilog_import_whatsapp_parse(b.s, b.len, o->order, &x->l, e);
	else
		rc = ilog_import_csv_parse(b.s, b.len, &x->l, e);
	ilog_buf_free(&b);
	return rc;
}

static void
export_read(struct export *x, const struct opts *o)
{
	struct ilog_sha256 sha;
	struct ilog_err e;
	char head[512];
	ssize_t got;
	int fd, rc;

	if ((fd = open(x->path, O_RDONLY | O_CLOEXEC)) < 0)
		ilog_die("%s: %s", x->path, strerror(errno));
	x->format = o->format;
	if (x->format == F_AUTO) {
		got = pread(fd, head, sizeof head, 0);
		if (got > 0 && detect(head, (size_t)got) == F_SMS)
			x->format = F_SMS;
	}
	if (x->format == F_SMS || x->format == F_CALLS) {
		ilog_sha256_init(&sha);
		rc = read_xml(fd, x, o->format != F_AUTO, &sha, &e);
		ilog_sha256_final_hex(&sha, x->sha);
	} else {
		rc = read_text(fd, x, o, &e);
	}
	close(fd);
	if (rc < 0)
		ilog_die("%s: %s", x->path, e.msg);
}

/* Someone's identity in an export: a number's last digits, else a name. */
static int
same_party(const struct ilog_import_msg *a, const struct ilog_import_msg *b)
{
	if (a->kind != ILOG_IMPORT_WHATSAPP && a->number && b->number)
		return ilog_import_number_match(a->number, b->number) ||
		    strcmp(a->number, b->number) == 0;
	return a->sender && b->sender && strcmp(a->sender, b->sender) == 0;
}

static int
from_who(const struct opts *o, const struct ilog_import_msg *m)
{
	size_t i;

	for (i = 0; i < o->nfrom; i++)
		if ((m->sender && strcmp(m->sender, o->from[i]) == 0) ||
		    ilog_import_number_match(o->from[i], m->number) ||
		    (m->kind == ILOG_IMPORT_WHATSAPP &&
		    ilog_import_number_match(o->from[i], m->sender)))
			return 1;
	return 0;
}

/* WhatsApp names the other party in the file's name, as it saves it. */
static char *
party_from_name(const char *path)
{
	static const char *const prefixes[] = { "WhatsApp Chat with ",
		"WhatsApp Chat - ", NULL };
	const char *base = strrchr(path, '/'), *dot;
	size_t i, n;

	base = base ? base + 1 : path;
	for (i = 0; prefixes[i]; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(base, prefixes[i], n) != 0)
			continue;
		dot = strrchr(base + n, '.');
		return ilog_xstrndup(base + n, dot ? (size_t)(dot - base - n) :
		    strlen(base + n));
	}
	return NULL;
}

/* The first message of each party, in the order they first write. */
static size_t
parties(const struct export *x, size_t *first, size_t max)
{
	size_t i, k, n = 0;

	for (i = 0; i < x->l.n; i++) {
		if (x->l.v[i].outgoing)
			continue;
		for (k = 0; k < n; k++)
			if (same_party(&x->l.v[first[k]], &x->l.v[i]))
				break;
		if (k == n && n < max)
			first[n++] = i;
	}
	return n;
}

static void
parties_list(const struct export *x, const size_t *first, size_t n)
{
	size_t i, k, count;

	for (k = 0; k < n; k++) {
		const struct ilog_import_msg *m = &x->l.v[first[k]];

		for (count = 0, i = 0; i < x->l.n; i++)
			count += !x->l.v[i].outgoing && same_party(m, &x->l.v[i]);
		printf("%zu\t%s%s%s%s\n", count, m->sender ? m->sender : "",
		    m->sender && m->number ? " " : "", m->number ? m->number : "",
		    !m->sender && !m->number ? "(no name)" : "");
	}
}

/* Whose messages: --from, else the one other party the export has. */
static const struct ilog_import_msg *
party_only(struct export *x, const struct opts *o)
{
	size_t first[64], n;
	char *named;

	if (x->format == F_WHATSAPP && (named = party_from_name(x->path))) {
		free(x->l.party);
		x->l.party = named;
	}
	if (x->format == F_WHATSAPP && x->l.party)
		return NULL;	/* the export says who the other party is */
	n = parties(x, first, sizeof first / sizeof *first);
	if (n <= 1 && x->format != F_WHATSAPP)
		return NULL;
	if (n == 1)
		return &x->l.v[first[0]];
	if (o->dry)
		parties_list(x, first, n);
	ilog_die("%s: holds messages from %s%zu senders: say whose to import "
	    "with --from%s", x->path, n == 64 ? "more than " : "", n, o->dry ?
	    " (listed above)" : " (ilog-import -n lists them)");
}

static int
wanted(const struct export *x, const struct opts *o,
    const struct ilog_import_msg *only, const struct ilog_import_msg *m)
{
	if (m->kind == ILOG_IMPORT_CSV)
		return 1;
	if (o->nfrom)
		return from_who(o, m);
	if (x->format == F_WHATSAPP && x->l.party)
		return m->sender && strcmp(m->sender, x->l.party) == 0;
	return !only || same_party(only, m);
}

static void
export_pick(struct export *x, const struct opts *o)
{
	const struct ilog_import_msg *only = NULL;
	char shown[ILOG_SHOWN_SIZE];
	size_t i;

	if (!o->nfrom && x->format != F_CSV)
		only = party_only(x, o);
	x->pick = ilog_xcalloc(x->l.n, sizeof *x->pick);
	for (i = 0; i < x->l.n; i++) {
		if (x->l.v[i].outgoing)
			x->nmine++;
		else if (wanted(x, o, only, &x->l.v[i]))
			x->pick[x->npick++] = i;
	}
	if (x->npick)
		return;
	if (o->nfrom)
		ilog_die("%s: no messages from %s%s", x->path,
		    ilog_shown(o->from[0], shown), o->nfrom > 1 ?
		    " or the others named" : "");
	if (x->format == F_WHATSAPP && x->l.party)
		ilog_die("%s: no messages from %s, whom its name gives as the "
		    "other party: say whose to import with --from", x->path,
		    ilog_shown(x->l.party, shown));
	ilog_die("%s: holds nothing to import%s", x->path, x->nmine ?
	    " (only messages you sent)" : "");
}

struct key_ref {
	const char *key;
	size_t seq;		/* order of reading: the first one is kept */
	struct export *x;
	size_t i;		/* into x->pick */
};

static int
key_ref_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* The same message (sender, time, text) seen again in one export is the
 * next of its kind: two alike in a minute stay two. */
static void
export_keys(struct export *x)
{
	struct key_ref *v = ilog_xcalloc(x->npick, sizeof *v);
	char (*base)[65] = ilog_xcalloc(x->npick, sizeof *base);
	unsigned count = 0;
	size_t i;

	x->keys = ilog_xcalloc(x->npick, sizeof *x->keys);
	for (i = 0; i < x->npick; i++) {
		ilog_import_key(&x->l.v[x->pick[i]], 0, base[i]);
		v[i] = (struct key_ref){ base[i], i, x, i };
	}
	qsort(v, x->npick, sizeof *v, key_ref_cmp);
	for (i = 0; i < x->npick; i++) {
		count = i > 0 && strcmp(v[i].key, v[i - 1].key) == 0 ?
		    count + 1 : 1;
		ilog_import_key(&x->l.v[x->pick[v[i].i]], count, x->keys[v[i].i]);
	}
	free(v);
	free(base);
}

/* Keys of every message imported before, withdrawn ones too. */
static const char **
store_keys(const struct ilog_log *log, size_t *n)
{
	const char **v = ilog_xcalloc(log->nincs, sizeof *v);
	const struct ilog_node *src;
	size_t i;

	*n = 0;
	for (i = 0; i < log->nincs; i++)
		if ((src = ilog_node_get(log->incs[i].rec->doc, "source")) &&
		    src->kind == ILOG_MAP && ilog_node_text(src, "key"))
			v[(*n)++] = ilog_node_text(src, "key");
	qsort(v, *n, sizeof *v, ilog_str_cmp);
	return v;
}

/* What is new: not in the store, nor earlier in this run. */
static void
judge(struct export *xs, size_t nx, const struct ilog_log *log)
{
	struct key_ref *v;
	const char **old;
	size_t nold, n = 0, i, k;

	for (k = 0; k < nx; k++)
		n += xs[k].npick;
	v = ilog_xcalloc(n, sizeof *v);
	for (n = 0, k = 0; k < nx; k++)
		for (i = 0; i < xs[k].npick; i++, n++)
			v[n] = (struct key_ref){ xs[k].keys[i], n, &xs[k], i };
	qsort(v, n, sizeof *v, key_ref_cmp);
	old = store_keys(log, &nold);
	for (i = 0; i < n; i++) {
		if ((i > 0 && strcmp(v[i].key, v[i - 1].key) == 0) ||
		    bsearch(&v[i].key, old, nold, sizeof *old, ilog_str_cmp)) {
			v[i].x->nold++;
			v[i].x->keys[v[i].i][0] = '\0';	/* known: not new */
		} else {
			v[i].x->nnew++;
		}
	}
	free(old);
	free(v);
}

static const struct export *sort_export;

static int
by_when(const void *a, const void *b)
{
	const struct ilog_import_msg *x = &sort_export->l.v[
	    sort_export->pick[*(const size_t *)a]];
	const struct ilog_import_msg *y = &sort_export->l.v[
	    sort_export->pick[*(const size_t *)b]];

	if (x->when.t != y->when.t)
		return x->when.t < y->when.t ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* The new messages of an export, oldest first: ID order follows them. */
static size_t *
new_in_order(const struct export *x)
{
	size_t *v = ilog_xcalloc(x->nnew, sizeof *v), i, n = 0;

	for (i = 0; i < x->npick; i++)
		if (x->keys[i][0])
			v[n++] = i;
	sort_export = x;
	qsort(v, n, sizeof *v, by_when);
	return v;
}

static void
dry_print(const struct export *x)
{
	struct ilog_buf sum = { 0 };
	size_t *order = new_in_order(x), i;
	char when[32];

	for (i = 0; i < x->nnew; i++) {
		const struct ilog_import_msg *m = &x->l.v[x->pick[order[i]]];

		ilog_when_format(&m->when, when);
		sum.len = 0;
		ilog_import_summary(m, &sum);
		printf("%s  %s\n", when, sum.s);
	}
	ilog_buf_free(&sum);
	free(order);
	ilog_warn("%s: %zu new, %zu already in the store, %zu left out (yours, "
	    "or not from --from); nothing written (-n)", x->path, x->nnew,
	    x->nold, x->l.n - x->npick);
}

static const char *
ext_of(enum format f)
{
	return f == F_WHATSAPP ? "txt" : f == F_CSV ? "csv" : "xml";
}

/* Listed by no record (none was written): removing it changes nothing. */
static void
evidence_remove(const struct ilog_store *s, const char *rel)
{
	char *path = ilog_store_file(s, rel);

	unlink(path);
	free(path);
}

/* The export, streamed into the store once (it may be hundreds of MB),
 * before any record; the first incident lists it. The file must still be
 * the one that was read. ILOG_WRITTEN_UNSYNCED: in, but evidence/ could
 * not be synced to disk (said in e). */
static int
evidence_write(struct ilog_store *s, const struct export *x, const char *rel,
    struct ilog_node **list, struct ilog_err *e)
{
	struct ilog_stream st = { .limit = -1 };
	struct ilog_node *ev;
	const char *base = strrchr(x->path, '/');
	char size[32];
	int rc;

	if ((st.fd = open(x->path, O_RDONLY | O_CLOEXEC)) < 0)
		ilog_die("%s: %s; nothing written", x->path, strerror(errno));
	if (ilog_store_evidence_dir(s, e) < 0)
		ilog_die("%s; nothing written", e->msg);
	rc = ilog_store_write_evidence(s, rel, &st, e);
	close(st.fd);
	if (rc != 0 && rc != ILOG_WRITTEN_UNSYNCED)
		ilog_die("%s: %s; nothing written", x->path, e->msg);
	if (strcmp(st.sha256, x->sha) != 0 || st.size != x->size) {
		evidence_remove(s, rel);
		ilog_die("%s: changed while it was read; nothing written",
		    x->path);
	}
	snprintf(size, sizeof size, "%zu", x->size);
	ev = ilog_node_map();
	ilog_node_set(ev, "file", ilog_node_str(rel));
	ilog_node_set(ev, "name", ilog_node_str(base ? base + 1 : x->path));
	ilog_node_set(ev, "size", ilog_node_raw(size));
	ilog_node_set(ev, "sha256", ilog_node_raw(x->sha));
	ilog_node_set(ev, "note", ilog_node_str("the export these incidents "
	    "were imported from"));
	*list = ilog_node_seq();
	ilog_node_push(*list, ev);
	return rc;
}

/* Every incident of every export is checked before any is written: a
 * refusal leaves the store as it was, not half an import. */
static void
export_check(const struct export *x)
{
	size_t *order = new_in_order(x), i;
	struct ilog_node *doc;
	struct ilog_err e;
	int rc;

	for (i = 0; i < x->nnew; i++) {
		const struct ilog_import_msg *m = &x->l.v[x->pick[order[i]]];

		doc = ilog_import_doc(m, "evidence/", x->keys[order[i]]);
		rc = ilog_record_check(doc, 0, &e);
		ilog_node_free(doc);
		if (rc < 0) {
			free(order);
			ilog_die("%s: line %zu: %s", x->path, m->line, e.msg);
		}
	}
	free(order);
}

static void
export_write(struct ilog_log *log, const struct export *x)
{
	struct ilog_node **docs = ilog_xcalloc(x->nnew, sizeof *docs);
	char (*ids)[ILOG_ID_MAX] = ilog_xcalloc(x->nnew, sizeof *ids);
	size_t *order = new_in_order(x), i;
	char stem[ILOG_ID_MAX], rel[128], *path;
	struct ilog_node *list;
	struct ilog_err e, dir_e;
	int unsynced;

	ilog_store_new_id(log->chain.id, time(NULL), stem);
	snprintf(rel, sizeof rel, "evidence/%s-1.%s.gpg", stem, ext_of(x->format));
	for (i = 0; i < x->nnew; i++) {
		docs[i] = ilog_import_doc(&x->l.v[x->pick[order[i]]], rel,
		    x->keys[order[i]]);
		if (ilog_record_check(docs[i], 0, &e) < 0)	/* as checked */
			ilog_die("%s: %s", x->path, e.msg);
	}
	/* the first incident lists the export, and its ID names it */
	unsynced = evidence_write(log->store, x, rel, &list, &dir_e);
	ilog_node_set(docs[0], "evidence", list);
	ilog_node_set(docs[0], "id", ilog_node_raw(stem));
	if (ilog_log_write_all(log, docs, x->nnew, ids, &e) < 0) {
		if (!ids[0][0])	/* no record lists it: it goes */
			evidence_remove(log->store, rel);
		ilog_warn("%s: %s%s", x->path, e.msg, ids[0][0] ? "" :
		    "; nothing written");
	} else if (unsynced) {
		ilog_warn("%s; imported", dir_e.msg);
	}
	for (i = 0; i < x->nnew && ids[i][0]; i++) {
		path = ilog_store_record_path(log->store, ids[i]);
		puts(path);
		free(path);
	}
	fflush(stdout);
	if (i < x->nnew || unsynced)
		exit(2);
	for (i = 0; i < x->nnew; i++)
		ilog_node_free(docs[i]);
	free(docs);
	free(ids);
	free(order);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_err e;
	struct export *xs;
	size_t nx, k;

	ilog_start("ilog-import");
	opts_parse(argc, argv, &o);
	nx = (size_t)(argc - optind);
	xs = ilog_xcalloc(nx, sizeof *xs);
	for (k = 0; k < nx; k++) {
		xs[k].path = argv[optind + (int)k];
		export_read(&xs[k], &o);
		export_pick(&xs[k], &o);
		export_keys(&xs[k]);
	}
	ilog_open_log(&o.store, &store, &log);
	judge(xs, nx, &log);
	for (k = 0; k < nx; k++)
		export_check(&xs[k]);
	if (!o.dry && ilog_store_recipients(&store, &e) < 0)
		ilog_die("%s", e.msg);
	for (k = 0; k < nx; k++) {
		if (o.dry)
			dry_print(&xs[k]);
		else if (xs[k].nnew)
			export_write(&log, &xs[k]);
		ilog_import_list_free(&xs[k].l);
		free(xs[k].pick);
		free(xs[k].keys);
	}
	free(xs);
	free(o.from);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return 0;
}
