/* trust.c: whose keys count. Every rule about signers lives here: which
 * keys are ours, which are the store's, who may write the recipient list,
 * and what this device remembers of that list (a rolled-back list is
 * refused). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ilog.h"

#define SEEN_MAGIC "ilog-list-seen 1"

int
ilog_trust_ours(struct ilog_store *s, const char *fpr)
{
	return fpr && *fpr && ilog_crypt_has_secret(s->crypt, fpr);
}

/* Ours, or certified by us (gpg --quick-lsign-key): full validity. */
int
ilog_trust_certified(struct ilog_store *s, const char *fpr)
{
	return fpr && *fpr && ilog_crypt_trusted(s->crypt, fpr);
}

int
ilog_trust_named(const char *fpr, char *const *fprs, size_t n)
{
	size_t i;

	for (i = 0; fpr && i < n; i++)
		if (strcasecmp(fprs[i], fpr) == 0)
			return 1;
	return 0;
}

/* Named in the checked recipient list. */
int
ilog_trust_recipient(const struct ilog_store *s, const char *fpr)
{
	return ilog_trust_named(fpr, s->recipients, s->nrecip);
}

/* A good signature by a key of the store: a recipient of its checked list
 * or, when the list cannot be used (or was not read first: the caller
 * reads it, ilog_store_recipients), a key we hold. Only such records may
 * amend, set the greatest ID or be chained onto. Asked once per signer in
 * a row: each answer may run gpg. */
int
ilog_trust_store_key(struct ilog_store *s, const struct ilog_sig *sig)
{
	if (sig->status != ILOG_SIG_GOOD || !sig->fpr[0])
		return 0;
	if (strcmp(sig->fpr, s->trust_fpr) == 0)
		return s->trust_ok;
	snprintf(s->trust_fpr, sizeof s->trust_fpr, "%s", sig->fpr);
	s->trust_ok = s->list_state > 0 ? ilog_trust_recipient(s, sig->fpr) :
	    ilog_trust_ours(s, sig->fpr);
	return s->trust_ok;
}

/* What a signature is, for the messages that tell them apart. */
enum ilog_signer
ilog_trust_signer(struct ilog_store *s, const struct ilog_sig *sig)
{
	if (sig->status != ILOG_SIG_GOOD)
		return ILOG_SIGNER_BAD;
	if (ilog_trust_store_key(s, sig))
		return ILOG_SIGNER_STORE;
	if (s->uncertified[0] && ilog_trust_named(sig->fpr, s->named,
	    s->nnamed))
		return ILOG_SIGNER_UNCERTIFIED;
	return ILOG_SIGNER_STRANGER;
}

/* $XDG_STATE_HOME/ilog/KEY.list: the newest list this device has seen. It
 * is not in the synced folder (a rollback there cannot reach it) nor in the
 * cache (which may be thrown away at any time). */
static char *
seen_path(const struct ilog_store *s)
{
	return ilog_state_file(s, "list");
}

/* The newest list this device has seen: its number and recipients. */
static int
seen_read(const struct ilog_store *s, long *seq, char ***fprs, size_t *n)
{
	struct ilog_buf b = { 0 };
	char *path = seen_path(s), *p, *line, *save;
	int rc = -1;

	*seq = 0;
	*fprs = NULL;
	*n = 0;
	if (ilog_read_file(path, &b) == 0 && b.len > strlen(SEEN_MAGIC) &&
	    memcmp(b.s, SEEN_MAGIC " ", strlen(SEEN_MAGIC) + 1) == 0) {
		*seq = strtol(b.s + strlen(SEEN_MAGIC) + 1, &p, 10);
		for (line = strtok_r(p, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save)) {
			if (strlen(line) < 8 || strlen(line) >= ILOG_FPR_MAX)
				continue;
			*fprs = ilog_xrealloc(*fprs, (*n + 1) * sizeof **fprs);
			(*fprs)[(*n)++] = ilog_xstrdup(line);
		}
		rc = 0;
	}
	free(path);
	ilog_buf_free(&b);
	return rc;
}

static int
same_keys(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (!ilog_trust_named(a[i], b, nb))
			return 0;
	return 1;
}

/* Remember a list in use, when it is newer than the one seen before. */
void
ilog_trust_list_seen(struct ilog_store *s, long seq, char *const *fprs,
    size_t n)
{
	struct ilog_buf b = { 0 };
	struct ilog_err e;
	char **old, *path;
	long seen;
	size_t i, nold;
	int known;

	known = seen_read(s, &seen, &old, &nold) == 0 && (seen > seq ||
	    (seen == seq && same_keys(old, nold, fprs, n)));
	ilog_strv_free(old, nold);
	if (known)
		return;
	ilog_buf_printf(&b, "%s %ld\n", SEEN_MAGIC, seq);
	for (i = 0; i < n; i++)
		ilog_buf_printf(&b, "%s\n", fprs[i]);
	path = seen_path(s);
	if (ilog_state_mkdir() == 0 && ilog_store_replace(path, path, b.s,
	    b.len, &e) == 0)
		chmod(path, 0600);
	free(path);
	ilog_buf_free(&b);
}

/* The number the next list gets: after the one in the store and after the
 * newest this device has seen. */
long
ilog_trust_list_next(const struct ilog_store *s)
{
	char **fprs;
	size_t n;
	long seen;

	seen_read(s, &seen, &fprs, &n);
	ilog_strv_free(fprs, n);
	return (seen > s->list.seq ? seen : s->list.seq) + 1;
}

/* The keys this device last knew as the recipients, for ilog-init to judge
 * the files it re-encrypts when the list in the store cannot be used. */
int
ilog_trust_list_remembered(struct ilog_store *s, char ***fprs, size_t *n)
{
	long seq;

	if (seen_read(s, &seq, fprs, n) < 0 || !*n) {
		ilog_strv_free(*fprs, *n);
		*fprs = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static const char *
list_name(const struct ilog_store *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s/" ILOG_LIST_NAME, s->dir);
	return buf;
}

/* A list older than one this device has seen was put back: by a sync
 * client restoring an old copy, or by someone re-adding a removed key. */
static int
list_not_older(struct ilog_store *s, struct ilog_err *e)
{
	char **fprs, name[4096];
	size_t n;
	long seen;

	if (seen_read(s, &seen, &fprs, &n) < 0)
		return 0;
	ilog_strv_free(fprs, n);
	if (s->list.seq >= seen)
		return 0;
	return ilog_err_set(e, "%s: this list of recipients is older (change "
	    "%ld) than one this device has seen (change %ld): someone may have "
	    "put an old list back to re-add a removed key; nothing will be "
	    "encrypted to it; run ilog-init with the recipients you want",
	    list_name(s, name, sizeof name), s->list.seq, seen), -1;
}

/* Whether a key that is not ours and not certified could still be the one
 * who wrote the list: a recipient of the newest list this device saw, or
 * any key on a device that has seen none (an advocate's first sync). */
static int
could_be_recipient(const struct ilog_store *s, const char *fpr)
{
	char **fprs;
	size_t n;
	long seq;
	int yes;

	if (seen_read(s, &seq, &fprs, &n) < 0)
		return 1;
	yes = ilog_trust_named(fpr, fprs, n);
	ilog_strv_free(fprs, n);
	return yes;
}

/* Anyone who can write to the synced folder could put their own key in the
 * list: it counts only when signed by a key it names that is ours or that
 * we have certified, and when it is not older than one seen here. The list
 * is already parsed into s->recipients; on refusal it is moved aside. */
int
ilog_trust_list(struct ilog_store *s, const struct ilog_sig *sig,
    struct ilog_err *e)
{
	char name[4096];
	int named = sig->status == ILOG_SIG_GOOD &&
	    ilog_trust_recipient(s, sig->fpr);
	int certified = named && ilog_trust_certified(s, sig->fpr);

	list_name(s, name, sizeof name);
	if (named && !certified && could_be_recipient(s, sig->fpr)) {
		snprintf(s->uncertified, sizeof s->uncertified, "%s", sig->fpr);
		return ilog_err_set(e, "%s: signed by %s, the key that wrote this "
		    "list of recipients, which you have not certified: compare "
		    "'gpg --fingerprint %s' with the fingerprint its owner gave "
		    "you, then run 'gpg --quick-lsign-key %s'", name, sig->fpr,
		    sig->fpr, sig->fpr), -1;
	}
	if (!certified)
		return ilog_err_set(e, "%s: %s%s%s: the list of recipients was "
		    "not written by a key you hold or have certified; nothing "
		    "will be encrypted to it (run ilog-verify)", name,
		    ilog_sig_describe(sig->status), sig->fpr[0] ? " by " : "",
		    sig->fpr), -1;
	return list_not_older(s, e);
}

/* A list taken from ilog's own cache was checked when it was first read;
 * only its age is judged again. */
int
ilog_trust_list_cached(struct ilog_store *s, struct ilog_err *e)
{
	return list_not_older(s, e);
}
