/* share.c: changing a store's recipients: every file re-encrypted */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

static void
files_push(char ***v, size_t *n, const char *name)
{
	*v = ilog_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = ilog_xstrdup(name);
}

/* Pushes rel when it is a regular file of the store (1), or says it is
 * there (1: a directory, with want_dir) or not (0); -1 refuses it. */
static int
file_push(const struct ilog_store *s, char ***v, size_t *n, const char *rel,
    int want_dir, struct ilog_err *e)
{
	char *path = ilog_store_file(s, rel);
	int rc = ilog_file_check(path, want_dir, e);

	if (rc < 0)
		ilog_err_prefix(e, path);
	else if (rc > 0 && !want_dir)
		files_push(v, n, rel);
	free(path);
	return rc;
}

/* Every record and evidence file, relative to the store. A symbolic link
 * (git makes them from a remote) would be followed out of the store, for
 * reading and for writing: one of them stops the change before it starts. */
static int
store_files(const struct ilog_store *s, char ***v, size_t *n,
    struct ilog_err *e)
{
	char id[ILOG_ID_MAX], rel[512], *evdir;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if ((d = opendir(s->dir))) {
		while (rc >= 0 && (de = readdir(d)))
			if (ilog_record_name(de->d_name, id))
				rc = file_push(s, v, n, de->d_name, 0, e);
		closedir(d);
	}
	if (rc < 0 || (rc = file_push(s, v, n, "evidence", 1, e)) <= 0)
		return rc;
	evdir = ilog_store_file(s, "evidence");
	if ((d = opendir(evdir))) {
		while (rc >= 0 && (de = readdir(d))) {
			size_t len = strlen(de->d_name);

			if (de->d_name[0] == '.' || len < 5 ||
			    strcmp(de->d_name + len - 4, ".gpg") != 0 ||
			    strstr(de->d_name, ".tmp-"))
				continue;
			snprintf(rel, sizeof rel, "evidence/%s", de->d_name);
			rc = file_push(s, v, n, rel, 0, e);
		}
		closedir(d);
	}
	free(evdir);
	return rc < 0 ? -1 : 0;
}

/* A file may be signed by a key of the old set or of the new one: a run
 * that was interrupted has already re-signed some files with the new set's
 * key, which (when that key replaces the old one) is not in the old list. */
static int
signed_by_store(struct ilog_store *s, const char *path,
    const struct ilog_sig *sig, char **old, size_t nold, struct ilog_err *e)
{
	if (sig->status == ILOG_SIG_GOOD && (ilog_trust_named(sig->fpr, old,
	    nold) || ilog_trust_named(sig->fpr, s->recipients, s->nrecip)))
		return 1;
	ilog_err_set(e, "%s: %s, not by a key of the store: run ilog-verify; it "
	    "was left as it is", path, ilog_sig_describe(sig->status));
	return 0;
}

static int
reencrypt_record(struct ilog_store *s, const char *path, char **old,
    size_t nold, struct ilog_err *e)
{
	struct ilog_buf plain = { 0 }, out = { 0 };
	struct ilog_sig sig;
	int rc = -1;

	if (ilog_crypt_decrypt_file(s->crypt, path, ILOG_RECORD_MAX, &plain,
	    &sig, e) == 0 && signed_by_store(s, path, &sig, old, nold, e) &&
	    ilog_store_encrypt(s, plain.s, plain.len, &out, e) == 0)
		rc = ilog_store_replace(path, path, out.s, out.len, e);
	ilog_buf_free(&plain);
	ilog_buf_free(&out);
	return rc;
}

/* Evidence of any size, streamed; the new file takes the old one's place
 * only once its signature is known to be the store's. */
static int
reencrypt_evidence(struct ilog_store *s, struct ilog_crypt *dec,
    const char *path, char **old, size_t nold, struct ilog_err *e)
{
	struct ilog_newfile f;
	struct ilog_sig sig;
	int in, rc;

	if ((in = ilog_file_open(path, ILOG_ANY_SIZE, e)) < 0) {
		ilog_err_prefix(e, path);
		return -1;
	}
	if (ilog_newfile_beside(&f, path, e) < 0) {
		close(in);
		return -1;
	}
	rc = ilog_crypt_reencrypt_fd(dec, s->crypt, in, s->recipients,
	    s->nrecip, s->signer, f.fd, &sig, e);
	close(in);
	if (rc < 0)
		ilog_err_prefix(e, path);
	if (rc < 0 || !signed_by_store(s, path, &sig, old, nold, e)) {
		ilog_newfile_abort(&f);
		return -1;
	}
	return ilog_newfile_replace(&f, e);
}

static int
reencrypt_file(struct ilog_store *s, struct ilog_crypt **dec, const char *rel,
    char **old, size_t nold, struct ilog_err *e)
{
	char *path = ilog_store_file(s, rel);
	int rc;

	if (strncmp(rel, "evidence/", 9) != 0)
		rc = reencrypt_record(s, path, old, nold, e);
	else if (!*dec && ilog_crypt_new(dec, e) < 0)
		rc = -1;
	else
		rc = reencrypt_evidence(s, *dec, path, old, nold, e);
	free(path);
	return rc;
}

/* A kill during ilog_store_replace leaves NAME.tmp-XXXXXX beside the file it
 * was replacing (old or new ciphertext). Once a run has re-encrypted every
 * file, those copies are stale and go, so that a re-run after a crash leaves
 * ilog-verify clean. Only that form is removed, and only beside a file that
 * exists: temp files of other writers (.tmp-XXXXXX) are left to ilog-verify. */
static void
remove_stale_temps(const struct ilog_store *s, const char *sub)
{
	char id[ILOG_ID_MAX], target[512], *dir;
	struct ilog_buf path = { 0 };
	const char *mark, *p;
	struct dirent *de;
	struct stat st;
	DIR *d;

	dir = sub ? ilog_store_file(s, sub) : ilog_xstrdup(s->dir);
	if (!(d = opendir(dir))) {
		free(dir);
		return;
	}
	while ((de = readdir(d))) {
		for (mark = NULL, p = strstr(de->d_name, ".tmp-"); p;
		    p = strstr(p + 1, ".tmp-"))
			mark = p;
		if (!mark || mark == de->d_name || strlen(mark) != 11 ||
		    (size_t)(mark - de->d_name) >= sizeof target)
			continue;
		snprintf(target, sizeof target, "%.*s",
		    (int)(mark - de->d_name), de->d_name);
		if (!(sub ? target[0] != '.' && strlen(target) > 4 &&
		    strcmp(target + strlen(target) - 4, ".gpg") == 0 :
		    ilog_record_name(target, id) ||
		    strcmp(target, ".tmp-gpg-id") == 0))
			continue;
		if (strcmp(target, ".tmp-gpg-id") == 0)
			snprintf(target, sizeof target, ILOG_LIST_NAME);
		path.len = 0;
		ilog_buf_printf(&path, "%s/%s", dir, target);
		if (stat(path.s, &st) == 0 && S_ISREG(st.st_mode)) {
			path.len = 0;
			ilog_buf_printf(&path, "%s/%s", dir, de->d_name);
			unlink(path.s);
		}
	}
	ilog_buf_free(&path);
	closedir(d);
	free(dir);
}

/* Before any file changes, the list says that a change is under way (a
 * comment, which readers skip), and to which keys. It names the old keys
 * and the new ones, as files signed by either are under way, and is signed
 * by the new set's key we hold; encrypted to the new set (a key of the old
 * one may be why it is changing: expired, lost). A re-run with any set,
 * even the old one, then re-encrypts every file, so that no file stays
 * readable by a key the user went back on. */
static int
mark_pending(struct ilog_store *s, char **fprs, size_t n, struct ilog_err *e)
{
	struct ilog_list_info how = { .pending = 1, .to = fprs, .nto = n };
	char **all = ilog_xcalloc(s->nrecip + n, sizeof *all);
	size_t i, nall = 0;
	int rc;

	for (i = 0; i < s->nrecip; i++)
		all[nall++] = s->recipients[i];
	for (i = 0; i < n; i++)
		if (!ilog_trust_named(fprs[i], s->recipients, s->nrecip))
			all[nall++] = fprs[i];
	rc = ilog_store_write_list(s, all, nall, fprs, n, &how, e);
	free(all);
	return rc;
}

/* Whether an earlier change of recipients was interrupted. */
int
ilog_reencrypt_pending(struct ilog_store *s)
{
	struct ilog_buf plain = { 0 };
	char *path = ilog_store_file(s, ILOG_LIST_NAME);
	struct ilog_err e;
	int yes = 0;

	if (ilog_crypt_decrypt_file(s->crypt, path, ILOG_LIST_MAX, &plain, NULL,
	    &e) == 0)
		yes = memmem(plain.s, plain.len, ILOG_LIST_PENDING,
		    strlen(ILOG_LIST_PENDING)) != NULL;
	free(path);
	ilog_buf_free(&plain);
	return yes;
}

/* The change is recorded as unfinished, but it takes effect: the list
 * names the new recipients only, so nothing new goes to a key removed. */
static int
mark_unfinished(struct ilog_store *s, char **fprs, size_t n, size_t nbad,
    struct ilog_err *e)
{
	struct ilog_list_info how = { .pending = 1, .to = fprs, .nto = n };

	if (ilog_store_write_list(s, fprs, n, fprs, n, &how, e) < 0)
		return -1;
	ilog_err_set(e, "%s: %zu file%s could not be re-encrypted (named above): "
	    "the change is not finished, though new records go to the new "
	    "recipients only; mend or remove %s, then run ilog-init again",
	    s->dir, nbad, nbad == 1 ? "" : "s", nbad == 1 ? "it" : "them");
	return ILOG_REENCRYPT_UNFINISHED;
}

/* File by file, each replaced atomically; the list of recipients last, so
 * that an interrupted run is finished by running it again. A file that
 * cannot be re-encrypted (planted, damaged) does not stop the others: it
 * is told to report, and the change is left unfinished. */
int
ilog_reencrypt(struct ilog_store *s, char **fprs, size_t n,
    void (*report)(const struct ilog_err *), struct ilog_err *e)
{
	char **old = s->recipients, **files = NULL;
	size_t nold = s->nrecip, nfiles = 0, nbad = 0, i;
	struct ilog_crypt *dec = NULL;
	struct ilog_err fe;
	int rc = 0;

	s->signer[0] = '\0';
	for (i = 0; i < n && !s->signer[0]; i++)
		if (ilog_trust_ours(s, fprs[i]))
			snprintf(s->signer, sizeof s->signer, "%s", fprs[i]);
	if (!s->signer[0])
		return ilog_err_set(e, "none of the new recipients is a key you "
		    "hold: you would lose access to the log; nothing changed"),
		    -1;
	if (store_files(s, &files, &nfiles, e) < 0) {
		char why[sizeof e->msg];

		memcpy(why, e->msg, sizeof why);
		ilog_err_set(e, "%s; nothing changed", why);
		rc = -1;
	} else if (mark_pending(s, fprs, n, e) < 0) {
		rc = -1;
	}
	s->recipients = fprs;
	s->nrecip = n;
	for (i = 0; i < nfiles && rc == 0; i++)
		if (reencrypt_file(s, &dec, files[i], old, nold, &fe) < 0) {
			report(&fe);
			nbad++;
		}
	ilog_crypt_free(dec);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	s->recipients = old;
	s->nrecip = nold;
	if (rc == 0 && nbad)
		return mark_unfinished(s, fprs, n, nbad, e);
	if (rc == 0)
		rc = ilog_store_write_recipients(s, fprs, n, e);
	if (rc == 0) {
		remove_stale_temps(s, NULL);
		remove_stale_temps(s, "evidence");
	}
	return rc;
}
