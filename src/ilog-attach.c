/* ilog-attach: encrypt evidence files into the store, record their hashes */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-attach [-d DIR] [-j N] [-n NOTE] INCIDENT FILE...\n"
	"  Encrypts each FILE into DIR/evidence/ and records its name, size and\n"
	"  SHA-256 in an amendment. Get one back with\n"
	"  ilog-show -x DIR/evidence/NAME.gpg > FILE\n"
	"  -h, --help  this text; --version  the version\n";

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

/* Encrypt one file as evidence/STEM-N.EXT.gpg; its entry for the amendment. */
static struct ilog_node *
evidence_store(struct ilog_store *s, const char *stem, int n,
    const char *file, const char *note)
{
	struct ilog_buf plain = { 0 }, cipher = { 0 };
	struct ilog_node *ev;
	struct ilog_err e;
	char rel[128], ext[12], sha[65], size[32];

	if (ilog_read_file(file, &plain) < 0)
		ilog_die("%s: %s", file, strerror(errno));
	file_ext(file, ext);
	snprintf(rel, sizeof rel, "evidence/%s-%d.%s.gpg", stem, n, ext);
	ilog_sha256_hex(plain.s, plain.len, sha);
	snprintf(size, sizeof size, "%zu", plain.len);
	if (ilog_store_encrypt(s, plain.s, plain.len, &cipher, &e) < 0 ||
	    ilog_store_write_new(s, rel, cipher.s, cipher.len, &e) != 0)
		ilog_die("%s: %s", file, e.msg);
	ilog_buf_free(&plain);
	ilog_buf_free(&cipher);
	ev = ilog_node_map();
	ilog_node_set(ev, "file", ilog_node_str(rel));
	ilog_node_set(ev, "name", ilog_node_str(base_name(file)));
	ilog_node_set(ev, "size", ilog_node_raw(size));
	ilog_node_set(ev, "sha256", ilog_node_raw(sha));
	if (note)
		ilog_node_set(ev, "note", ilog_node_str(note));
	return ev;
}

static void
evidence_dir(const struct ilog_store *s)
{
	char *dir = ilog_store_file(s, "evidence");
	struct ilog_err e;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		ilog_die("%s: %s", dir, strerror(errno));
	/* a link (git makes them) would take the evidence out of the store */
	if (ilog_store_entry_check(dir, 1, &e) < 0)
		ilog_die("%s: %s", dir, e.msg);
	free(dir);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store store;
	struct ilog_log log;
	struct ilog_sel sel;
	struct ilog_node *am, *list;
	struct ilog_err e;
	int unsynced = 0;
	const char *dir = NULL, *note = NULL;
	char stem[ILOG_ID_MAX];
	int c, i;

	ilog_start("ilog-attach");
	while ((c = getopt_long(argc, argv, "d:hj:n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'j': ilog_set_jobs(optarg); break;
		case 'n': note = optarg; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	if (argc - optind < 2)
		ilog_usage_exit(usage, 2);
	for (i = optind + 1; i < argc; i++)
		if (access(argv[i], R_OK) < 0)
			ilog_die("%s: %s", argv[i], strerror(errno));
	ilog_open_log(dir, &store, &log);
	if (ilog_select(&log, 1, argv + optind, 0, &sel))
		ilog_die("nothing attached");
	if (ilog_store_recipients(&store, &e) < 0)
		ilog_die("%s", e.msg);
	evidence_dir(&store);
	/* a fresh ID names the files: unique across devices, unlike a count */
	ilog_store_new_id(log.chain.id, time(NULL), stem);
	list = ilog_node_seq();
	for (i = optind + 1; i < argc; i++)
		ilog_node_push(list, evidence_store(&store, stem, i - optind,
		    argv[i], note));
	am = ilog_node_map();
	ilog_node_set(am, "id", ilog_node_raw(stem));
	ilog_node_set(am, "evidence", list);
	if ((unsynced = ilog_log_amend(&log, am, sel.incs, 1, &e)) < 0)
		ilog_die("%s", e.msg);
	if (unsynced)
		ilog_warn("%s", e.msg);
	ilog_print_path(sel.incs[0], 0);
	ilog_node_free(am);
	ilog_sel_free(&sel);
	ilog_log_exit(&log);
	ilog_store_close(&store);
	return unsynced ? 2 : 0;
}
