/* recipients.c: the store's recipient list (.gpg-id.gpg): read once and
 * judged by trust.c, numbered and written by a change of recipients, and
 * the keys every record is encrypted to and signed with */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ilog.h"

static void
fpr_push(char ***v, size_t *n, const char *p, size_t len)
{
	*v = ilog_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = ilog_xstrndup(p, len);
}

/* Pure, so that it can be fuzzed on its own (tests/fuzz/recipients.c). */
void
ilog_recipients_parse(const char *text, char ***fprs, size_t *n)
{
	const char *p = text;
	size_t len;

	while (*p) {
		p += strspn(p, " \t\r\n");
		len = strcspn(p, " \t\r\n#");
		if (len >= 8 && len < ILOG_FPR_MAX)
			fpr_push(fprs, n, p, len);
		p += len;
		p += strcspn(p, "\n");
	}
}

/* Lines of the list that start with '#' are skipped by every reader; ilog's
 * own say which change of recipients wrote it, and whether one was left
 * half done, and to which keys. */
static void
list_comment(struct ilog_list_info *info, const char *p, size_t len)
{
	const char *q;
	size_t n;

	if (len == strlen(ILOG_LIST_PENDING) - 1 &&
	    memcmp(p, ILOG_LIST_PENDING, len) == 0)
		info->pending = 1;
	else if (len > 12 && memcmp(p, "# ilog-list ", 12) == 0)
		sscanf(p + 12, "%ld %16[0-9TZ]", &info->seq, info->changed);
	else if (len > 15 && memcmp(p, "# ilog-list-to ", 15) == 0)
		for (q = p + 15; q < p + len; q += n) {
			q += strspn(q, " ");
			n = strcspn(q, " \n");
			if (n >= 8 && n < ILOG_FPR_MAX && q + n <= p + len)
				fpr_push(&info->to, &info->nto, q, n);
		}
}

static void
recipients_parse(struct ilog_store *s, const char *text)
{
	const char *p;
	size_t len;

	ilog_recipients_parse(text, &s->recipients, &s->nrecip);
	for (p = text; *p; p += strcspn(p, "\n")) {
		p += strspn(p, " \t\r\n");
		if (*p == '#') {
			len = strcspn(p, "\n");
			list_comment(&s->list, p, len);
		}
	}
}

void
ilog_list_format(struct ilog_buf *out, char *const *fprs, size_t n,
    const struct ilog_list_info *info)
{
	size_t i;

	for (i = 0; i < n; i++)
		ilog_buf_printf(out, "%s\n", fprs[i]);
	ilog_buf_printf(out, "# ilog-list %ld %s\n", info->seq, info->changed);
	if (!info->pending)
		return;
	ilog_buf_adds(out, ILOG_LIST_PENDING);
	ilog_buf_adds(out, "# ilog-list-to");
	for (i = 0; i < info->nto; i++)
		ilog_buf_printf(out, " %s", info->to[i]);
	ilog_buf_addc(out, '\n');
}

static void
signer_pick(struct ilog_store *s)
{
	size_t i;

	s->signer[0] = '\0';
	for (i = 0; i < s->nrecip; i++)
		if (ilog_trust_ours(s, s->recipients[i])) {
			snprintf(s->signer, sizeof s->signer, "%s",
			    s->recipients[i]);
			return;
		}
}

static int
list_refused(struct ilog_store *s, struct ilog_err *e)
{
	s->list_state = -1;
	snprintf(s->list_err, sizeof s->list_err, "%s", e->msg);
	if (s->uncertified[0]) {	/* kept to tell its recipients apart */
		s->named = s->recipients;
		s->nnamed = s->nrecip;
	} else {
		ilog_strv_free(s->recipients, s->nrecip);
	}
	s->recipients = NULL;
	s->nrecip = 0;
	return -1;
}

static int
list_accepted(struct ilog_store *s)
{
	s->list_state = 1;
	ilog_trust_list_seen(s, s->list.seq, s->recipients, s->nrecip);
	return 0;
}

/* A list already checked (ilog's own cache holds only checked lists). */
int
ilog_store_recipients_use(struct ilog_store *s, const char *text, size_t len,
    struct ilog_err *e)
{
	char *copy = ilog_xstrndup(text, len);

	ilog_store_list_forget(s);
	recipients_parse(s, copy);
	free(copy);
	if (ilog_trust_list_cached(s, e) < 0)
		return list_refused(s, e);
	return list_accepted(s);
}

int
ilog_store_recipients_set(struct ilog_store *s, const char *text,
    const struct ilog_sig *sig, struct ilog_err *e)
{
	struct ilog_buf name = { 0 };

	ilog_store_list_forget(s);
	recipients_parse(s, text);
	if (!s->nrecip) {
		ilog_buf_printf(&name, "%s/%s", s->dir, ILOG_LIST_NAME);
		ilog_err_set(e, "%s: lists no recipients", name.s);
		ilog_buf_free(&name);
		return list_refused(s, e);
	}
	if (ilog_trust_list(s, sig, e) < 0)
		return list_refused(s, e);
	return list_accepted(s);
}

/* The recipient list is read once, and only when needed: readers do not
 * pay for it; a refusal is remembered, so that it is told once. */
int
ilog_store_recipients(struct ilog_store *s, struct ilog_err *e)
{
	struct ilog_buf plain = { 0 };
	struct ilog_sig sig;
	char *path;
	int rc = -1;

	if (s->list_state > 0)
		return 0;
	if (s->list_state < 0)
		return ilog_err_set(e, "%s", s->list_err), -1;
	path = ilog_store_file(s, ILOG_LIST_NAME);
	if (ilog_crypt_decrypt_file(s->crypt, path, ILOG_LIST_MAX, &plain, &sig,
	    e) == 0)
		rc = ilog_store_recipients_set(s, plain.s, &sig, e);
	else
		list_refused(s, e);
	free(path);
	ilog_buf_free(&plain);
	return rc;
}

static int
no_signer(const struct ilog_store *s, struct ilog_err *e)
{
	return ilog_err_set(e, "%s: you hold the secret key of none of the "
	    "store's recipients, so cannot sign", s->dir), -1;
}

/* A change of recipients takes effect when this list is in place: it is
 * numbered after every list seen here, so that an older one put back is
 * refused, and says when the change began. */
int
ilog_store_write_list(struct ilog_store *s, char *const *fprs, size_t n,
    char *const *encrypt_to, size_t nenc, const struct ilog_list_info *how,
    struct ilog_err *e)
{
	struct ilog_buf list = { 0 }, cipher = { 0 };
	struct ilog_list_info info = *how;
	char *path, *tmp;
	int rc = -1;

	if (!s->signer[0])
		return no_signer(s, e);
	info.seq = ilog_trust_list_next(s);
	if (!info.changed[0]) {
		if (s->list.pending && s->list.changed[0])
			snprintf(info.changed, sizeof info.changed, "%s",
			    s->list.changed);
		else
			ilog_store_stamp(time(NULL), info.changed);
	}
	ilog_list_format(&list, fprs, n, &info);
	path = ilog_store_file(s, ILOG_LIST_NAME);
	tmp = ilog_store_file(s, ".tmp-gpg-id");
	if (ilog_crypt_encrypt(s->crypt, encrypt_to, nenc, s->signer, list.s,
	    list.len, &cipher, e) == 0 &&
	    (rc = ilog_store_replace(tmp, path, cipher.s, cipher.len, e)) == 0)
		ilog_trust_list_seen(s, info.seq, fprs, n);
	if (rc == 0) {
		s->list_state = 1;	/* the list in the store is now ours */
		s->uncertified[0] = '\0';
		s->list.seq = info.seq;
		snprintf(s->list.changed, sizeof s->list.changed, "%s",
		    info.changed);
		s->list.pending = info.pending;
	}
	free(path);
	free(tmp);
	ilog_buf_free(&list);
	ilog_buf_free(&cipher);
	return rc;
}

int
ilog_store_write_recipients(struct ilog_store *s, char **fprs, size_t n,
    struct ilog_err *e)
{
	struct ilog_list_info how = { 0 };
	long seq = s->list.seq;
	char changed[ILOG_ID_MAX];
	int pending = s->list.pending;
	size_t i;

	snprintf(changed, sizeof changed, "%s", s->list.changed);
	ilog_store_list_forget(s);
	s->list.seq = seq;
	s->list.pending = pending;
	snprintf(s->list.changed, sizeof s->list.changed, "%s", changed);
	for (i = 0; i < n; i++)
		fpr_push(&s->recipients, &s->nrecip, fprs[i], strlen(fprs[i]));
	signer_pick(s);
	if (ilog_store_write_list(s, s->recipients, s->nrecip, s->recipients,
	    s->nrecip, &how, e) < 0)
		return -1;
	s->list.pending = 0;
	s->list_state = 1;
	return 0;
}

/* The recipients to encrypt to, and our key among them to sign with. */
int
ilog_store_keys(struct ilog_store *s, struct ilog_err *e)
{
	if (ilog_store_recipients(s, e) < 0)
		return -1;
	if (!s->signer[0])
		signer_pick(s);
	if (!s->signer[0])
		return no_signer(s, e);
	return 0;
}

int
ilog_store_encrypt(struct ilog_store *s, const void *plain, size_t len,
    struct ilog_buf *out, struct ilog_err *e)
{
	if (ilog_store_keys(s, e) < 0)
		return -1;
	return ilog_crypt_encrypt(s->crypt, s->recipients, s->nrecip,
	    s->signer, plain, len, out, e);
}

/* st == NULL: only check that the store can be written to. */
int
ilog_store_encrypt_fd(struct ilog_store *s, struct ilog_stream *st,
    int cipher_fd, struct ilog_err *e)
{
	if (ilog_store_keys(s, e) < 0)
		return -1;
	return st ? ilog_crypt_encrypt_fd(s->crypt, s->recipients, s->nrecip,
	    s->signer, st, cipher_fd, e) : 0;
}

