/* crypt.c: the one place that talks to gpgme */
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gpgme.h>

#include "ilog.h"

/* Keys are looked up once per context: each lookup runs gpg. */
struct ilog_crypt {
	gpgme_ctx_t ctx;
	gpgme_key_t *keys;	/* recipients of the last encryption */
	char **fprs;
	size_t nkeys;
	gpgme_key_t signer;
	char signer_fpr[ILOG_FPR_MAX];
	int no_compress;
};

static pthread_once_t crypt_once = PTHREAD_ONCE_INIT;
static const char *crypt_version;

/* Without gpgconf, gpgme finds gpg on PATH and asks it alone for its
 * version: four fewer processes (gpgconf twice, gpgsm, gpgconf again)
 * before a program's first decryption, a tenth of a warm run. */
static void
crypt_init(void)
{
	gpgme_set_global_flag("disable-gpgconf", "1");
	crypt_version = gpgme_check_version(NULL);
	gpgme_set_locale(NULL, LC_CTYPE, setlocale(LC_CTYPE, NULL));
}

static int
gpg_fail(struct ilog_err *e, const char *what, gpgme_error_t err)
{
	ilog_err_set(e, "%s: %s", what, gpgme_strerror(err));
	return -1;
}

int
ilog_crypt_new(struct ilog_crypt **c, struct ilog_err *e)
{
	gpgme_error_t err;

	pthread_once(&crypt_once, crypt_init);
	if (!crypt_version)
		return ilog_err_set(e, "gpgme is too old"), -1;
	*c = ilog_xcalloc(1, sizeof **c);
	if ((err = gpgme_new(&(*c)->ctx))) {
		free(*c);
		*c = NULL;
		return gpg_fail(e, "cannot start gpgme", err);
	}
	gpgme_set_protocol((*c)->ctx, GPGME_PROTOCOL_OpenPGP);
	gpgme_set_armor((*c)->ctx, 0);
	/* as GIT_TERMINAL_PROMPT=0 does for git: completion scripts read the
	 * store only when gpg-agent can decrypt without asking */
	gpgme_set_pinentry_mode((*c)->ctx, getenv("ILOG_NO_PROMPT") &&
	    *getenv("ILOG_NO_PROMPT") ? GPGME_PINENTRY_MODE_CANCEL :
	    GPGME_PINENTRY_MODE_DEFAULT);
	return 0;
}

static void keys_release(gpgme_key_t *keys, size_t n);

static void
crypt_forget_keys(struct ilog_crypt *c)
{
	size_t i;

	if (c->keys)
		keys_release(c->keys, c->nkeys);
	for (i = 0; i < c->nkeys; i++)
		free(c->fprs[i]);
	free(c->fprs);
	c->keys = NULL;
	c->fprs = NULL;
	c->nkeys = 0;
	if (c->signer)
		gpgme_key_unref(c->signer);
	c->signer = NULL;
	c->signer_fpr[0] = '\0';
}

void
ilog_crypt_free(struct ilog_crypt *c)
{
	if (!c)
		return;
	crypt_forget_keys(c);
	gpgme_release(c->ctx);
	free(c);
}

static void
keys_release(gpgme_key_t *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys[i])
			gpgme_key_unref(keys[i]);
	free(keys);
}

/* Why a key cannot be used for encryption, or NULL when it can. */
static const char *
key_unusable(gpgme_key_t k)
{
	if (k->revoked)
		return "revoked";
	if (k->expired)
		return "expired";
	if (k->disabled)
		return "disabled";
	if (k->invalid)
		return "invalid";
	if (!k->can_encrypt)
		return "has no usable encryption subkey";
	return NULL;
}

/* gpgme_get_key clones the context's engine info, which runs gpg --version
 * each time: a keylist on a fresh context costs one gpg process, not two. */
static gpgme_error_t
key_lookup(const char *fpr, int secret, gpgme_key_t *key)
{
	gpgme_ctx_t ctx;
	gpgme_error_t err;

	*key = NULL;
	if ((err = gpgme_new(&ctx)))
		return err;
	gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
	if (!(err = gpgme_op_keylist_start(ctx, fpr, secret)))
		err = gpgme_op_keylist_next(ctx, key);
	gpgme_op_keylist_end(ctx);
	gpgme_release(ctx);
	return err;
}

static int
keys_get(char *const *fprs, size_t n, gpgme_key_t **out,
    struct ilog_err *e)
{
	gpgme_key_t *keys = ilog_xcalloc(n + 1, sizeof *keys);
	gpgme_error_t err;
	const char *why;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((err = key_lookup(fprs[i], 0, &keys[i]))) {
			ilog_err_set(e, "recipient %s: key not found: %s", fprs[i],
			    gpgme_strerror(err));
			keys_release(keys, n);
			return -1;
		}
		if ((why = key_unusable(keys[i]))) {
			ilog_err_set(e, "recipient %s: key %s", fprs[i], why);
			keys_release(keys, n);
			return -1;
		}
	}
	*out = keys;
	return 0;
}

static int
data_to_buf(gpgme_data_t d, struct ilog_buf *out)
{
	size_t len;
	char *p = gpgme_data_release_and_get_mem(d, &len);

	if (!p)
		return -1;
	ilog_buf_add(out, p, len);
	ilog_wipe(p, len);
	gpgme_free(p);
	return 0;
}

static int
same_fprs(const struct ilog_crypt *c, char *const *fprs, size_t n)
{
	size_t i;

	if (!c->keys || c->nkeys != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(c->fprs[i], fprs[i]) != 0)
			return 0;
	return 1;
}

static int
crypt_keys(struct ilog_crypt *c, char *const *fprs, size_t n,
    const char *signer, struct ilog_err *e)
{
	gpgme_error_t err;
	size_t i;

	if (same_fprs(c, fprs, n) && strcmp(c->signer_fpr, signer ? signer :
	    "") == 0)
		return 0;
	crypt_forget_keys(c);
	if (keys_get(fprs, n, &c->keys, e) < 0)
		return -1;
	c->fprs = ilog_xcalloc(n, sizeof *c->fprs);
	for (i = 0; i < n; i++)
		c->fprs[i] = ilog_xstrdup(fprs[i]);
	c->nkeys = n;
	if (signer && (err = key_lookup(signer, 1, &c->signer))) {
		c->signer = NULL;
		return gpg_fail(e, "signing key", err);
	}
	snprintf(c->signer_fpr, sizeof c->signer_fpr, "%s", signer ? signer :
	    "");
	return 0;
}

/* Encrypts in to cipher, signed by signer when it is given. */
static int
crypt_encrypt_data(struct ilog_crypt *c, char *const *fprs, size_t nfpr,
    const char *signer, gpgme_encrypt_flags_t flags, gpgme_data_t in,
    gpgme_data_t cipher, struct ilog_err *e)
{
	gpgme_error_t err;
	int rc = -1;

	if (crypt_keys(c, fprs, nfpr, signer, e) < 0)
		return -1;
	gpgme_signers_clear(c->ctx);
	if (c->signer && (err = gpgme_signers_add(c->ctx, c->signer))) {
		gpg_fail(e, "signing key", err);
		goto done;
	}
	flags |= GPGME_ENCRYPT_ALWAYS_TRUST | GPGME_ENCRYPT_THROW_KEYIDS;
	err = signer ? gpgme_op_encrypt_sign(c->ctx, c->keys, flags, in,
	    cipher) : gpgme_op_encrypt(c->ctx, c->keys, flags, in, cipher);
	if (err)
		gpg_fail(e, "cannot encrypt", err);
	else
		rc = 0;
done:
	gpgme_signers_clear(c->ctx);
	return rc;
}

int
ilog_crypt_encrypt(struct ilog_crypt *c, char *const *fprs, size_t nfpr,
    const char *signer, const void *plain, size_t len, struct ilog_buf *out,
    struct ilog_err *e)
{
	gpgme_data_t in = NULL, cipher = NULL;
	gpgme_error_t err;
	int rc = -1;

	if ((err = gpgme_data_new_from_mem(&in, plain, len, 0)) ||
	    (err = gpgme_data_new(&cipher))) {
		gpg_fail(e, "gpgme", err);
		goto done;
	}
	if (crypt_encrypt_data(c, fprs, nfpr, signer, c->no_compress ?
	    GPGME_ENCRYPT_NO_COMPRESS : 0, in, cipher, e) < 0)
		goto done;
	rc = data_to_buf(cipher, out);
	cipher = NULL;
done:
	gpgme_data_release(in);
	gpgme_data_release(cipher);
	return rc;
}

/* Signing key -> primary key, looked up once per process: each
 * gpgme_get_key costs two gpg processes. */
/* What gpg said of a key, kept for the program's life: each answer costs
 * a gpg process. from: a signature's key (perhaps a subkey); to: its
 * primary key; secret: 1 when we hold a secret key that can sign, 0 when
 * not, -1 when not asked yet. */
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char from[ILOG_FPR_MAX], to[ILOG_FPR_MAX];
	int secret;
} memo[16];
static int nmemo;

static int
secret_usable(gpgme_key_t key)
{
	return key->can_sign && !key->revoked && !key->expired;
}

static void
memo_add(const char *from, const char *to, int secret)
{
	pthread_mutex_lock(&memo_lock);
	if (nmemo < 16) {
		snprintf(memo[nmemo].from, ILOG_FPR_MAX, "%s", from);
		snprintf(memo[nmemo].to, ILOG_FPR_MAX, "%s", to);
		memo[nmemo++].secret = secret;
	}
	pthread_mutex_unlock(&memo_lock);
}

/* -1: not known; else whether we hold the secret key of primary fpr */
static int
memo_secret(const char *fpr)
{
	int i, secret = -1;

	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < nmemo && secret < 0; i++)
		if (strcmp(memo[i].to, fpr) == 0)
			secret = memo[i].secret;
	pthread_mutex_unlock(&memo_lock);
	return secret;
}

static void
sig_primary_fpr(gpgme_ctx_t ctx, const char *fpr, char out[ILOG_FPR_MAX])
{
	gpgme_key_t key;
	int i;

	snprintf(out, ILOG_FPR_MAX, "%s", fpr ? fpr : "");
	if (!fpr)
		return;
	pthread_mutex_lock(&memo_lock);
	for (i = 0; i < nmemo; i++)
		if (strcmp(memo[i].from, fpr) == 0) {
			snprintf(out, ILOG_FPR_MAX, "%s", memo[i].to);
			pthread_mutex_unlock(&memo_lock);
			return;
		}
	pthread_mutex_unlock(&memo_lock);
	(void)ctx;
	/* mostly our own key: one secret listing answers both questions */
	if (key_lookup(fpr, 1, &key) == 0) {
		if (key->fpr)
			snprintf(out, ILOG_FPR_MAX, "%s", key->fpr);
		memo_add(fpr, out, secret_usable(key));
		gpgme_key_unref(key);
		return;
	}
	if (key_lookup(fpr, 0, &key))
		return;
	if (key->fpr)
		snprintf(out, ILOG_FPR_MAX, "%s", key->fpr);
	gpgme_key_unref(key);
	memo_add(fpr, out, 0);
}

static void
sig_read(gpgme_ctx_t ctx, struct ilog_sig *sig)
{
	gpgme_verify_result_t v = gpgme_op_verify_result(ctx);
	gpgme_signature_t s = v ? v->signatures : NULL;

	memset(sig, 0, sizeof *sig);
	if (!s) {
		sig->status = ILOG_SIG_NONE;
		return;
	}
	switch (gpgme_err_code(s->status)) {
	case GPG_ERR_NO_ERROR:
		sig->status = ILOG_SIG_GOOD;
		break;
	case GPG_ERR_BAD_SIGNATURE:
		sig->status = ILOG_SIG_BAD;
		break;
	case GPG_ERR_NO_PUBKEY:
		sig->status = ILOG_SIG_NOKEY;
		break;
	default:
		sig->status = ILOG_SIG_ERROR;
	}
	if (sig->status == ILOG_SIG_NOKEY)
		snprintf(sig->fpr, sizeof sig->fpr, "%s", s->fpr ? s->fpr : "");
	else
		sig_primary_fpr(ctx, s->fpr, sig->fpr);
}

/* One recipient per public-key packet, hidden ones (key ID 0) included:
 * how many keys can open the file, whatever its recipients' names. */
static int
keys_count(gpgme_ctx_t ctx)
{
	gpgme_decrypt_result_t r = gpgme_op_decrypt_result(ctx);
	gpgme_recipient_t k;
	int n = 0;

	for (k = r ? r->recipients : NULL; k; k = k->next)
		n++;
	return n;
}

/* The plaintext is gathered through this callback, which stops the
 * decryption the moment it passes the cap, before the memory is spent. */
struct plain_sink {
	struct ilog_buf *buf;
	size_t max, got;
	int over;
};

static ssize_t
sink_write(void *handle, const void *p, size_t n)
{
	struct plain_sink *k = handle;

	if (n > k->max - k->got) {
		k->over = 1;
		errno = EFBIG;
		return -1;
	}
	ilog_buf_add(k->buf, p, n);
	k->got += n;
	return (ssize_t)n;
}

/* Why a decryption failed: past the cap (over), else gpg's reason. */
static int
decrypt_fail(int over, size_t max, gpgme_error_t err, struct ilog_err *e)
{
	char size[32];

	if (over)
		ilog_err_set(e, "plaintext larger than %s: refused",
		    ilog_size_shown(max, size));
	else if (gpgme_err_code(err) == GPG_ERR_NO_SECKEY)
		ilog_err_set(e, "cannot decrypt: not encrypted to any of your "
		    "keys, or the passphrase was not given");
	else if (gpgme_err_code(err) == GPG_ERR_NO_DATA)
		ilog_err_set(e, "cannot decrypt: damaged, or not an OpenPGP "
		    "file");
	else
		gpg_fail(e, "cannot decrypt", err);
	return -1;
}

int
ilog_crypt_decrypt(struct ilog_crypt *c, const void *cipher, size_t len,
    size_t max, struct ilog_buf *plain, struct ilog_sig *sig,
    struct ilog_err *e)
{
	static struct gpgme_data_cbs cbs = { NULL, sink_write, NULL, NULL };
	struct plain_sink k = { plain, max, 0, 0 };
	gpgme_data_t in = NULL, out = NULL;
	gpgme_error_t err;
	size_t start = plain->len;

	if ((err = gpgme_data_new_from_mem(&in, cipher, len, 0)) ||
	    (err = gpgme_data_new_from_cbs(&out, &cbs, &k))) {
		gpgme_data_release(in);
		return gpg_fail(e, "gpgme", err);
	}
	err = gpgme_op_decrypt_verify(c->ctx, in, out);
	gpgme_data_release(in);
	gpgme_data_release(out);
	if (err || k.over) {
		if (plain->s) {	/* what came before the failure goes */
			ilog_wipe(plain->s + start, plain->len - start);
			plain->len = start;
			plain->s[start] = '\0';
		}
		return decrypt_fail(k.over, k.max, err, e);
	}
	if (sig) {
		sig_read(c->ctx, sig);
		sig->nkeys = keys_count(c->ctx);
	}
	/* an empty plaintext (an empty evidence file) is a result too */
	if (!plain->s)
		ilog_buf_add(plain, "", 0);
	return 0;
}

/* A whole file decrypted; errors name the file. errno tells a file that
 * could not be read. */
int
ilog_crypt_decrypt_file(struct ilog_crypt *c, const char *path, size_t max,
    struct ilog_buf *plain, struct ilog_sig *sig, struct ilog_err *e)
{
	struct ilog_buf cipher = { 0 };
	int rc = -1, saved;

	errno = 0;
	if (ilog_file_read(path, ILOG_CIPHER_MAX(max), &cipher, e) < 0) {
		saved = errno;
		ilog_err_prefix(e, path);
		errno = saved;
	} else if (ilog_crypt_decrypt(c, cipher.s, cipher.len, max, plain, sig,
	    e) < 0) {
		ilog_err_prefix(e, path);
		errno = 0;
	} else {
		rc = 0;
	}
	ilog_buf_free(&cipher);
	return rc;
}

/* Evidence is streamed: its plaintext passes through these callbacks, which
 * hash it on the way, so that no file is ever held whole in memory. */
struct stream_io {
	struct ilog_stream *st;
	struct ilog_sha256 sha;
	int err;		/* errno of a failed read or write */
};

static int
stream_stopped(struct stream_io *io)
{
	if (!io->st->stop || !*io->st->stop)
		return 0;
	io->err = errno = ECANCELED;	/* gpgme retries on EINTR */
	return 1;
}

static ssize_t
stream_read(void *handle, void *buf, size_t size)
{
	struct stream_io *io = handle;
	ssize_t n;

	if (stream_stopped(io))
		return -1;
	while ((n = read(io->st->fd, buf, size)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		io->err = errno;
		return -1;
	}
	ilog_sha256_update(&io->sha, buf, (size_t)n);
	io->st->size += (unsigned long long)n;
	return n;
}

static ssize_t
stream_write(void *handle, const void *buf, size_t size)
{
	struct stream_io *io = handle;
	struct ilog_stream *st = io->st;

	if (stream_stopped(io))
		return -1;
	/* a file replaced by a bigger one (a compression bomb) stops here */
	if (st->limit >= 0 && size > (unsigned long long)st->limit - st->size) {
		st->over = 1;
		errno = EFBIG;
		return -1;
	}
	ilog_sha256_update(&io->sha, buf, size);
	st->size += size;
	if (st->fd >= 0 && ilog_write_all(st->fd, buf, size) < 0) {
		io->err = errno;
		return -1;
	}
	return (ssize_t)size;
}

static int
stream_start(struct stream_io *io, struct ilog_stream *st, int out,
    gpgme_data_t *plain, struct ilog_err *e)
{
	static struct gpgme_data_cbs reader = { stream_read, NULL, NULL, NULL };
	static struct gpgme_data_cbs writer = { NULL, stream_write, NULL, NULL };
	gpgme_error_t err;

	memset(io, 0, sizeof *io);
	io->st = st;
	st->size = 0;
	st->over = 0;
	st->sha256[0] = '\0';
	if ((err = gpgme_data_new_from_cbs(plain, out ? &writer : &reader, io)))
		return gpg_fail(e, "gpgme", err);
	ilog_sha256_init(&io->sha);
	return 0;
}

static void
stream_finish(struct stream_io *io)
{
	ilog_sha256_final_hex(&io->sha, io->st->sha256);
}

/* Why a decryption failed: our limit or write first, then gpg's reason. */
static int
stream_fail(const struct stream_io *io, struct ilog_err *e, gpgme_error_t err)
{
	if (!io->st->over && io->err)
		ilog_err_set(e, "%s", strerror(io->err));
	else
		decrypt_fail(io->st->over, (size_t)io->st->limit, err, e);
	return -1;
}

int
ilog_crypt_encrypt_fd(struct ilog_crypt *c, char *const *fprs, size_t nfpr,
    const char *signer, struct ilog_stream *st, int cipher_fd,
    struct ilog_err *e)
{
	struct stream_io io;
	gpgme_data_t in = NULL, cipher = NULL;
	gpgme_error_t err;
	int rc = -1;

	if (stream_start(&io, st, 0, &in, e) < 0)
		return -1;
	if ((err = gpgme_data_new_from_fd(&cipher, cipher_fd)))
		gpg_fail(e, "gpgme", err);
	/* evidence is mostly photos, audio and video, compressed already:
	 * compressing them again takes six times as long for nothing */
	else if (crypt_encrypt_data(c, fprs, nfpr, signer,
	    GPGME_ENCRYPT_NO_COMPRESS, in, cipher, e) < 0) {
		if (io.err)	/* the plaintext could not be read */
			ilog_err_set(e, "%s", strerror(io.err));
	} else {
		rc = 0;
	}
	stream_finish(&io);	/* frees the hash, even when it failed */
	gpgme_data_release(in);
	gpgme_data_release(cipher);
	return rc;
}

int
ilog_crypt_decrypt_fd(struct ilog_crypt *c, int cipher_fd,
    struct ilog_stream *st, struct ilog_sig *sig, struct ilog_err *e)
{
	struct stream_io io;
	gpgme_data_t in = NULL, out = NULL;
	gpgme_error_t err;
	int rc = -1;

	if (stream_start(&io, st, 1, &out, e) < 0)
		return -1;
	if ((err = gpgme_data_new_from_fd(&in, cipher_fd)))
		gpg_fail(e, "gpgme", err);
	else if ((err = gpgme_op_decrypt_verify(c->ctx, in, out)))
		stream_fail(&io, e, err);
	else {
		if (sig) {
			sig_read(c->ctx, sig);
			sig->nkeys = keys_count(c->ctx);
		}
		rc = 0;
	}
	stream_finish(&io);
	gpgme_data_release(in);
	gpgme_data_release(out);
	return rc;
}

/* A re-encryption streams: dec decrypts on a thread into a pipe, which c
 * encrypts from, so the plaintext is never whole in memory nor on disk. */
struct reencrypt_job {
	struct ilog_crypt *dec;
	int cipher_fd;
	struct ilog_stream st;
	struct ilog_sig *sig;
	struct ilog_err e;
	int rc;
};

static void *
reencrypt_decrypt(void *arg)
{
	struct reencrypt_job *j = arg;

	j->rc = ilog_crypt_decrypt_fd(j->dec, j->cipher_fd, &j->st, j->sig,
	    &j->e);
	close(j->st.fd);	/* the encryption reads to the end */
	return NULL;
}

int
ilog_crypt_reencrypt_fd(struct ilog_crypt *dec, struct ilog_crypt *c,
    int cipher_fd, char *const *fprs, size_t nfpr, const char *signer,
    int out_fd, struct ilog_sig *sig, struct ilog_err *e)
{
	struct reencrypt_job j = { .dec = dec, .cipher_fd = cipher_fd,
	    .st = { .limit = -1 }, .sig = sig };
	struct ilog_stream in = { .limit = -1 };
	struct sigaction ign, old;
	pthread_t th;
	int p[2], rc;

	if (pipe(p) < 0)
		return ilog_err_set(e, "pipe: %s", strerror(errno)), -1;
	j.st.fd = p[1];
	in.fd = p[0];
	/* an encryption that stops early ends the decryption with EPIPE */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	if ((rc = pthread_create(&th, NULL, reencrypt_decrypt, &j)) != 0) {
		close(p[0]);
		close(p[1]);
		sigaction(SIGPIPE, &old, NULL);
		return ilog_err_set(e, "thread: %s", strerror(rc)), -1;
	}
	rc = ilog_crypt_encrypt_fd(c, fprs, nfpr, signer, &in, out_fd, e);
	close(p[0]);
	pthread_join(th, NULL);
	sigaction(SIGPIPE, &old, NULL);
	if (j.rc < 0) {		/* its reason first: ours is only the pipe */
		*e = j.e;
		return -1;
	}
	if (rc == 0 && (in.size != j.st.size || strcmp(in.sha256,
	    j.st.sha256) != 0))
		return ilog_err_set(e, "the plaintext changed on its way"), -1;
	return rc;
}

/* A store file decrypted through st; errors name it, and errno tells one
 * that could not be opened. It is opened as every file of the store is
 * (no link, no fifo, a regular file), but evidence has no size cap of its
 * own: only the one its record gives, in st->limit. */
int
ilog_crypt_stream_file(struct ilog_crypt *c, const char *path,
    struct ilog_stream *st, struct ilog_sig *sig, struct ilog_err *e)
{
	size_t max = st->limit >= 0 ? ILOG_CIPHER_MAX((size_t)st->limit) :
	    ILOG_ANY_SIZE;
	int fd, rc, saved;

	errno = 0;
	if ((fd = ilog_file_open(path, max, e)) < 0) {
		saved = errno;
		st->over = saved == EFBIG;	/* longer than its plaintext can be */
		ilog_err_prefix(e, path);
		errno = saved;
		return -1;
	}
	if ((rc = ilog_crypt_decrypt_fd(c, fd, st, sig, e)) < 0) {
		ilog_err_prefix(e, path);
		errno = 0;
	}
	close(fd);
	return rc;
}

int
ilog_crypt_resolve(struct ilog_crypt *c, const char *name,
    char fpr[ILOG_FPR_MAX], struct ilog_err *e)
{
	gpgme_key_t key, other = NULL;
	gpgme_error_t err;
	const char *why;

	if ((err = gpgme_op_keylist_start(c->ctx, name, 0)))
		return gpg_fail(e, name, err);
	err = gpgme_op_keylist_next(c->ctx, &key);
	if (!err)
		gpgme_op_keylist_next(c->ctx, &other);
	gpgme_op_keylist_end(c->ctx);
	if (err)
		return ilog_err_set(e, "%s: no such key in your keyring", name),
		    -1;
	if (other) {
		gpgme_key_unref(other);
		gpgme_key_unref(key);
		return ilog_err_set(e, "%s: names more than one key; give the "
		    "full fingerprint", name), -1;
	}
	why = key_unusable(key);
	if (why)
		ilog_err_set(e, "%s: key %s %s", name, key->fpr, why);
	else
		snprintf(fpr, ILOG_FPR_MAX, "%s", key->fpr);
	gpgme_key_unref(key);
	return why ? -1 : 0;
}

int
ilog_crypt_has_secret(struct ilog_crypt *c, const char *fpr)
{
	gpgme_key_t key;
	int ok = memo_secret(fpr);

	(void)c;
	if (ok >= 0)
		return ok;
	if (key_lookup(fpr, 1, &key))
		return 0;
	ok = secret_usable(key);
	gpgme_key_unref(key);
	return ok;
}

/* Ours (we hold its secret key) or fully trusted in our keyring. */
int
ilog_crypt_trusted(struct ilog_crypt *c, const char *fpr)
{
	gpgme_key_t key;
	gpgme_user_id_t uid;
	int ok = 0;

	if (ilog_crypt_has_secret(c, fpr))
		return 1;
	if (key_lookup(fpr, 0, &key))
		return 0;
	for (uid = key->uids; uid && !ok; uid = uid->next)
		ok = !uid->revoked && uid->validity >= GPGME_VALIDITY_FULL;
	gpgme_key_unref(key);
	return ok;
}

/* The name the key carries (of its first user ID that is not revoked), for
 * a reader who does not know fingerprints; "" when the keyring lacks it.
 * Never the e-mail address: a report may reach the suspect's solicitor. */
void
ilog_key_name(const char *fpr, char *out, size_t len)
{
	gpgme_key_t key;
	gpgme_user_id_t uid;

	out[0] = '\0';
	pthread_once(&crypt_once, crypt_init);
	if (!crypt_version || !fpr || !*fpr || key_lookup(fpr, 0, &key) || !key)
		return;
	for (uid = key->uids; uid; uid = uid->next)
		if (!uid->revoked && !uid->invalid && uid->name && *uid->name) {
			snprintf(out, len, "%s", uid->name);
			break;
		}
	gpgme_key_unref(key);
}

/* The cache is read by every program: not compressing it saves time. */
void
ilog_crypt_compress(struct ilog_crypt *c, int on)
{
	c->no_compress = !on;
}

const char *
ilog_sig_describe(enum ilog_sig_status s)
{
	switch (s) {
	case ILOG_SIG_GOOD:
		return "good signature";
	case ILOG_SIG_NONE:
		return "not signed";
	case ILOG_SIG_BAD:
		return "BAD signature";
	case ILOG_SIG_NOKEY:
		return "signed by an unknown key";
	default:
		return "signature could not be checked";
	}
}
