/* ilog-scan: one line per incident: date, time, short ID, behaviours, summary,
 * tags */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-scan [-0] [-d DIR] [-j N] [INCIDENT...]\n"
	"  one line per incident: date, time, short ID, behaviours, summary,\n"
	"  tags; W marks a withdrawn incident\n"
	"  -h, --help  this text; --version  the version\n";

static void
list_join(const struct ilog_node *seq, struct ilog_buf *out)
{
	size_t i;

	for (i = 0; seq && seq->kind == ILOG_SEQ && i < seq->n; i++) {
		if (i)
			ilog_buf_addc(out, ',');
		ilog_buf_adds(out, seq->items[i]->str);
	}
}

static size_t
common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

/* The width of the short IDs: the longest of the shortest starts that name
 * one incident of the store, as git shortens hashes. Taken over the whole
 * store (its incidents are in ID order), so that it does not change with
 * what is picked; at least the four characters any program accepts. */
static int
id_width(const struct ilog_log *log)
{
	size_t i, n, w = 4;

	for (i = 0; i + 1 < log->nincs; i++) {
		n = common_prefix(log->incs[i].rec->id,
		    log->incs[i + 1].rec->id) + 1;
		if (n > w)
			w = n;
	}
	return (int)w;
}

/* The columns that vary in width are as wide as the widest picked. */
static int
behaviour_width(const struct ilog_sel *sel)
{
	struct ilog_buf b = { 0 };
	size_t i, w = 1;

	for (i = 0; i < sel->n; i++) {
		b.len = 0;
		list_join(ilog_node_get(sel->incs[i]->cur, "behaviour"), &b);
		if (b.len > w)
			w = b.len;
	}
	ilog_buf_free(&b);
	return (int)w;
}

/* First line only, shown safe for a terminal. */
static void
print_clean(const char *s)
{
	ilog_put_shown(stdout, s, strcspn(s, "\n"));
}

/* Tags go last, so that however many there are, no column moves. */
static void
scan_one(const struct ilog_incident *inc, int idw, int behw)
{
	struct ilog_buf beh = { 0 }, tags = { 0 };
	char when[32];

	ilog_when_format(&inc->occurred, when);
	list_join(ilog_node_get(inc->cur, "behaviour"), &beh);
	list_join(ilog_node_get(inc->cur, "tags"), &tags);
	printf("%.10s %.5s %c %-*.*s  %-*s  ", when, when + 11,
	    inc->withdrawn ? 'W' : ' ', idw, idw, inc->rec->id, behw,
	    beh.len ? beh.s : "-");
	print_clean(ilog_node_text(inc->cur, "summary"));
	if (tags.len)
		printf("  [%s]", tags.s);
	putchar('\n');
	ilog_buf_free(&beh);
	ilog_buf_free(&tags);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_opts opt = { 0 };
	int c, nul = 0, errors, idw, behw;
	size_t i;

	ilog_start("ilog-scan");
	while ((c = getopt_long(argc, argv, "0d:hj:", longopts, NULL)) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'd': opt.dir = optarg; break;
		case 'j': opt.jobs = ilog_opt_jobs(optarg); break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	ilog_open_log(&opt, &store, &log);
	errors = ilog_select(&log, argc - optind, argv + optind, nul, &sel);
	idw = id_width(&log);
	behw = behaviour_width(&sel);
	for (i = 0; i < sel.n; i++)
		scan_one(sel.incs[i], idw, behw);
	c = errors || log.nerrors ? 2 : 0;
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return c;
}
