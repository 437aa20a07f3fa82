/* ilog-init: create a store, show its recipients, or change them */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static const char usage[] =
	"usage: ilog-init [-d DIR] [-f] [--git] [RECIPIENT...]\n"
	"  RECIPIENT  a key's fingerprint, key ID or e-mail address\n"
	"  With no RECIPIENT, print the store's recipients.\n"
	"  -f, --force  re-encrypt every file even to the same recipients\n"
	"  -h, --help  this text; --version  the version\n";

static int
mkdir_p(const char *dir)
{
	char *p = ilog_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static int
print_recipients(const struct ilog_opts *o)
{
	struct ilog_store s;
	struct ilog_err e;
	size_t i;

	if (ilog_store_open(&s, o, &e) < 0 || ilog_store_recipients(&s, &e) < 0)
		ilog_die("%s", e.msg);
	for (i = 0; i < s.nrecip; i++)
		puts(s.recipients[i]);
	if (ilog_reencrypt_pending(&s))
		ilog_warn("a change of recipients was interrupted: run ilog-init "
		    "again with the recipients you want");
	ilog_store_close(&s);
	return 0;
}

/* The keys named, each once: a key named twice (by fingerprint and by
 * address, or listed already) is one recipient. */
static char **
resolve_all(struct ilog_crypt *c, char **names, int n, int *nfprs)
{
	char **fprs = ilog_xcalloc((size_t)n, sizeof *fprs);
	char fpr[ILOG_FPR_MAX];
	struct ilog_err e;
	int i, bad = 0, k = 0;

	for (i = 0; i < n; i++) {
		if (ilog_crypt_resolve(c, names[i], fpr, &e) < 0) {
			ilog_warn("%s", e.msg);
			bad++;
			continue;
		}
		if (!ilog_trust_named(fpr, fprs, (size_t)k))
			fprs[k++] = ilog_xstrdup(fpr);
	}
	if (bad)
		ilog_die("nothing changed");
	*nfprs = k;
	return fprs;
}

/* One line for each file that could not be re-encrypted. */
static void
file_failed(const struct ilog_err *e)
{
	ilog_warn("%s", e->msg);
}

static int
same_set(char **a, size_t na, char **b, size_t nb)
{
	size_t i, j;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(a[i], b[j]) != 0; j++)
			;
		if (j == nb)
			return 0;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "git", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ilog_store s;
	struct ilog_err e;
	struct ilog_opts opt = { 0 };
	char **fprs, *path;
	int c, n, git = 0, force = 0, exists, listed = 0;

	ilog_start("ilog-init");
	while ((c = getopt_long(argc, argv, "d:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': opt.dir = optarg; break;
		case 'f': force = 1; break;
		case 'g': git = 1; break;
		case 'h': ilog_usage_exit(usage, 0);
		case 'V': ilog_version_exit();
		default: ilog_usage_exit(usage, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 && !git)
		return print_recipients(&opt);
	memset(&s, 0, sizeof s);
	s.dir = ilog_store_path(opt.dir);
	if (ilog_crypt_new(&s.crypt, &e) < 0)
		ilog_die("%s", e.msg);
	path = ilog_store_file(&s, ILOG_LIST_NAME);
	if ((exists = ilog_file_check(path, 0, &e)) < 0)
		ilog_die("%s: %s; nothing changed", path, e.msg);
	free(path);
	if (argc == 0) {
		if (!exists)
			ilog_die("%s: not a store yet: give the recipients",
			    s.dir);
		c = ilog_init_git(&s, &e);
		ilog_store_close(&s);
		if (c < 0)
			ilog_die("%s", e.msg);
		return 0;
	}
	fprs = resolve_all(s.crypt, argv, argc, &n);
	/* a list planted by someone else, or an old one put back, is replaced
	 * by the one given here; the files to re-encrypt are judged by the
	 * recipients this device last saw */
	if (exists && !(listed = ilog_store_recipients(&s, &e) == 0)) {
		ilog_warn("%s; replacing it with the recipients given", e.msg);
		ilog_trust_list_remembered(&s, &s.recipients, &s.nrecip);
	}
	if (exists && listed && !force && same_set(s.recipients, s.nrecip,
	    fprs, (size_t)n) && !ilog_reencrypt_pending(&s)) {
		ilog_warn("%s already uses these recipients", s.dir);
	} else if (exists) {
		if ((c = ilog_reencrypt(&s, fprs, (size_t)n, file_failed,
		    &e)) < 0)
			ilog_die("%s", e.msg);
		if (c == ILOG_REENCRYPT_UNFINISHED) {
			ilog_git_commit(&s, ".");
			ilog_die("%s", e.msg);
		}
		ilog_git_commit(&s, ".");
		ilog_warn("%s re-encrypted to %d recipient%s", s.dir, n,
		    n == 1 ? "" : "s");
	} else {
		if (mkdir_p(s.dir) < 0)
			ilog_die("%s: %s", s.dir, strerror(errno));
		if (ilog_store_write_recipients(&s, fprs, (size_t)n, &e) < 0)
			ilog_die("%s", e.msg);
		if (!s.signer[0])
			ilog_warn("warning: you hold the secret key of none of "
			    "these recipients: you cannot read or add records");
		ilog_warn("created %s", s.dir);
	}
	if (git && ilog_init_git(&s, &e) < 0)
		ilog_die("%s", e.msg);
	for (c = 0; c < n; c++)
		free(fprs[c]);
	free(fprs);
	ilog_store_close(&s);
	return 0;
}
