/* ilog.h: the shared library of the ilog programs. */
#ifndef ILOG_H
#define ILOG_H

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define ILOG_VERSION "0.1.0"
#define ILOG_LIST_NAME ".gpg-id.gpg"	/* the recipient list, in the store */
#define ILOG_RECORD_EXT ".yaml.gpg"	/* a record: ID.yaml.gpg */
#define ILOG_ID_MAX 64
#define ILOG_FPR_MAX 41

/* util.c: errors, memory, buffers */

struct ilog_err {
	char msg[512];
};

extern const char *ilog_prog;

void ilog_start(const char *prog);	/* first thing in every program */

void ilog_err_set(struct ilog_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ilog_err_prefix(struct ilog_err *e, const char *prefix);
#define ILOG_SHOWN_MAX 80	/* bytes of a value quoted in a message */
#define ILOG_SHOWN_SIZE (ILOG_SHOWN_MAX * 4 + 4)
const char *ilog_shown(const char *v, char out[ILOG_SHOWN_SIZE]);
void ilog_put_shown(FILE *f, const char *s, size_t len);
const char *ilog_size_shown(size_t n, char out[32]);
size_t ilog_utf8_len(const char *s, size_t n);
int ilog_utf8_valid(const char *s, size_t len);
void ilog_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ilog_vwarn(const char *fmt, va_list ap);
void ilog_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
int ilog_can_ask(void);
int ilog_ask(const char *question, int default_yes);
void ilog_usage_exit(const char *usage, int status) __attribute__((noreturn));
void ilog_version_exit(void) __attribute__((noreturn));

void *ilog_xmalloc(size_t n);
void *ilog_xcalloc(size_t n, size_t size);
void *ilog_xrealloc(void *p, size_t n);
char *ilog_xstrdup(const char *s);
char *ilog_xstrndup(const char *s, size_t n);
void ilog_wipe(void *p, size_t n);
void ilog_free_str(char *s);	/* wipes, then frees */
void ilog_strv_free(char **v, size_t n);
int ilog_str_cmp(const void *a, const void *b);	/* of char * */

struct ilog_buf {
	char *s;
	size_t len, cap;
};

void ilog_buf_add(struct ilog_buf *b, const void *p, size_t n);
void ilog_buf_adds(struct ilog_buf *b, const char *s);
void ilog_buf_addc(struct ilog_buf *b, char c);
void ilog_buf_printf(struct ilog_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ilog_buf_free(struct ilog_buf *b);	/* wipes */
int ilog_buf_flush(struct ilog_buf *b, int fd);
int ilog_read_fd(int fd, struct ilog_buf *b);
int ilog_read_file(const char *path, struct ilog_buf *b);
int ilog_write_all(int fd, const void *p, size_t n);
const volatile sig_atomic_t *ilog_stop_on_signals(void);

/* digest.c: SHA-256, through libgcrypt, and nonces */
void ilog_nonce(void *p, size_t n);

struct ilog_sha256 {
	struct gcry_md_handle *md;
};

void ilog_sha256_init(struct ilog_sha256 *c);
void ilog_sha256_update(struct ilog_sha256 *c, const void *p, size_t n);
void ilog_sha256_final(struct ilog_sha256 *c, unsigned char out[32]);
void ilog_sha256_final_hex(struct ilog_sha256 *c, char out[65]);
void ilog_sha256_hex(const void *p, size_t n, char out[65]);
int ilog_sha256_file(const char *path, char out[65]);

/* node.c: a YAML document as a tree; maps keep key order */

enum ilog_kind { ILOG_SCALAR, ILOG_SEQ, ILOG_MAP };

struct ilog_node {		/* 40 bytes: a record holds dozens */
	char *str;		/* scalar text, NUL-terminated */
	char **keys;		/* map keys */
	struct ilog_node **items;	/* sequence items or map values */
	uint32_t len;		/* scalar length (text may hold NUL; a
				 * record is at most 16 MiB) */
	uint32_t n, cap;
	unsigned char kind;	/* enum ilog_kind */
	unsigned char raw;	/* emit plain: a time, number or plain input */
	unsigned char borrowed;	/* str, keys and arrays are a decoded
				 * record's (ilog_node_decode), not its own */
	unsigned char in_block;	/* the node itself is in that record's block */
};

struct ilog_node *ilog_node_str(const char *s);
struct ilog_node *ilog_node_strn(const char *s, size_t len);
struct ilog_node *ilog_node_raw(const char *s);
struct ilog_node *ilog_node_seq(void);
struct ilog_node *ilog_node_map(void);
struct ilog_node *ilog_node_copy(const struct ilog_node *n);
void ilog_node_free(struct ilog_node *n);
void ilog_node_push(struct ilog_node *seq, struct ilog_node *item);
struct ilog_node *ilog_node_get(const struct ilog_node *map, const char *key);
const char *ilog_node_text(const struct ilog_node *map, const char *key);
void ilog_node_set(struct ilog_node *map, const char *key,
	struct ilog_node *val);
/* Adds key without looking for it: the caller knows it is new. */
void ilog_node_append(struct ilog_node *map, const char *key,
	struct ilog_node *val);
int ilog_node_unset(struct ilog_node *map, const char *key);
int ilog_node_equal(const struct ilog_node *a, const struct ilog_node *b);
int ilog_seq_has(const struct ilog_node *seq, const char *s);
void ilog_node_order(struct ilog_node *map, const char *const *order);
void ilog_node_encode(const struct ilog_node *n, struct ilog_buf *out);
/* The tree borrows its text from p, which must outlive it; it is one
 * allocation, and is copied on its first change. */
struct ilog_node *ilog_node_decode(const char *p, size_t len);
int ilog_node_peek(const char *p, size_t len, const char *const *keys,
	size_t n, const char **vals, int *present);

/* yaml.c: parse and emit with libyaml */

int ilog_yaml_parse(const char *buf, size_t len, struct ilog_node ***docs,
	size_t *ndocs, struct ilog_err *e);
int ilog_yaml_emit(const struct ilog_node *doc, struct ilog_buf *out,
	struct ilog_err *e);
int ilog_yaml_plain_safe(const char *s, size_t len);

/* when.c: dates in, RFC 3339 out */

/* Proleptic Gregorian day numbers, day 0 = 1970-01-01, and back. */
long long ilog_days_from_civil(int y, int m, int d);
void ilog_civil_from_days(long long z, int *y, int *m, int *d);

struct ilog_when {
	time_t t;		/* the instant */
	int offset;		/* seconds east of UTC, as given or local */
	int date_only;		/* input named a whole day */
};

int ilog_when_parse(const char *s, time_t now, struct ilog_when *w,
	struct ilog_err *e);
/* 1 when s, as ilog_when_parse reads it, is a date written out, not one
 * relative to now (now, today, yesterday, -2h). */
int ilog_when_absolute(const char *s);
/* Strict RFC 3339 with an offset: how records store times. */
int ilog_when_parse_stored(const char *s, struct ilog_when *w,
	struct ilog_err *e);
void ilog_when_format(const struct ilog_when *w, char out[32]);
void ilog_when_format_utc(time_t t, char out[32]);

/* vocab.c: IDs, vocabularies, what a record is (below record.c, case.c
 * and seal.c) */

int ilog_id_valid(const char *id);
time_t ilog_id_time(const char *id);
int ilog_record_is_amendment(const struct ilog_node *doc);
int ilog_word_in(const char *const *words, const char *s);
/* The word of words that word is most likely a slip for, or NULL. */
const char *ilog_word_nearest(const char *word, const char *const *words);

/* record.c: incidents and amendments */

extern const char *const ilog_behaviours[];
extern const char *const ilog_channels[];
extern const char *const ilog_identified_ways[];

int ilog_behaviour_valid(const char *b);
int ilog_tag_valid(const char *t);
void ilog_tag_refused(const char *t, struct ilog_err *e);
/* from_user: values may be quoted in messages (they came from the user, not
 * from a decrypted record); times in any input form are normalised. */
int ilog_record_check(struct ilog_node *doc, int from_user,
	struct ilog_err *e);
void ilog_record_order(struct ilog_node *doc);
void ilog_record_apply(struct ilog_node *incident,
	const struct ilog_node *amendment);
struct ilog_node *ilog_evidence_find(const struct ilog_node *list,
	const char *file);
/* Why an evidence entry of an incident's state was retracted, or NULL. */
const char *ilog_evidence_retracted(const struct ilog_node *ev);
/* The amendment (set, unset, tags) that turns old into new; NULL when
 * nothing changed. */
struct ilog_node *ilog_record_difference(const struct ilog_node *old,
	const struct ilog_node *new);
int ilog_record_time(const struct ilog_node *doc, const char *key,
	struct ilog_when *w);
int ilog_record_list_add(struct ilog_node *doc, const char *key,
	const char *list, struct ilog_err *e);
const char *ilog_behaviour_names(void);
int ilog_identified_valid(const char *how);
/* Phones on their last nine digits, other contacts ignoring case. */
int ilog_contact_same(const char *a, const char *b);
const char *ilog_record_from(const struct ilog_node *doc);
/* Field paths of ilog(5): "fear", "police.response". */
int ilog_record_field_known(const char *path);
const char *ilog_record_field_nearest(const char *path);
int ilog_record_has(const struct ilog_node *doc, const char *path);
const char *ilog_identified_names(void);
/* A key ilog(5) does not name, and that old (if any) does not hold: keys
 * typed by the user are refused, those in stored records never are. */
struct ilog_unknown {
	const char *key;	/* the key */
	const char *in;		/* the map it is in (NULL: the record) */
	const char *near;	/* the known key it is likely a slip for */
	const char *under;	/* the map where that key belongs */
};
const char *ilog_record_unknown(const struct ilog_node *doc,
	const struct ilog_node *old, struct ilog_unknown *u);
/* Each field of ilog(5) an incident holds, by its path (location,
 * witnesses.contact): names a user may give for a field. */
void ilog_record_paths(void (*each)(const char *path, void *ctx), void *ctx);

/* case.c: the case record: background, suspect, orders, victim */

extern const char *const ilog_case_fields[];

int ilog_case_is(const struct ilog_node *doc);
int ilog_case_check(struct ilog_node *doc, int from_user, struct ilog_err *e);
void ilog_case_order(struct ilog_node *doc);
void ilog_case_merge(struct ilog_node *cur, const struct ilog_node *later);
void ilog_case_paths(void (*each)(const char *path, void *ctx), void *ctx);

/* crypt.c: the one place that talks to gpgme */

enum ilog_sig_status {
	ILOG_SIG_NONE,		/* not signed */
	ILOG_SIG_GOOD,		/* good signature */
	ILOG_SIG_BAD,		/* signature does not match */
	ILOG_SIG_NOKEY,		/* signer's public key not on the keyring */
	ILOG_SIG_ERROR		/* other problem (expired, revoked key...) */
};

struct ilog_sig {
	enum ilog_sig_status status;
	char fpr[ILOG_FPR_MAX];	/* signer's primary key fingerprint */
	int nkeys;		/* session-key packets: how many keys can open
				 * it, hidden or not (0: not known) */
};

struct ilog_crypt;

int ilog_crypt_new(struct ilog_crypt **c, struct ilog_err *e);
void ilog_crypt_free(struct ilog_crypt *c);
int ilog_crypt_encrypt(struct ilog_crypt *c, char *const *fprs, size_t nfpr,
	const char *signer, const void *plain, size_t len,
	struct ilog_buf *out, struct ilog_err *e);
/* Everything in the synced folder may have been planted: decryption stops
 * as soon as the plaintext passes max bytes (a compression bomb costs
 * nothing), and the file is refused. ILOG_ANY_SIZE: no cap. */
#define ILOG_RECORD_MAX ((size_t)16 << 20)	/* a record */
#define ILOG_LIST_MAX ((size_t)64 << 10)	/* .gpg-id.gpg */
#define ILOG_ANY_SIZE SIZE_MAX
/* The longest file that holds max bytes of plaintext: OpenPGP adds little. */
#define ILOG_CIPHER_MAX(max) ((max) == ILOG_ANY_SIZE ? ILOG_ANY_SIZE : \
	(max) + ((size_t)1 << 20))
int ilog_crypt_decrypt(struct ilog_crypt *c, const void *cipher, size_t len,
	size_t max, struct ilog_buf *plain, struct ilog_sig *sig,
	struct ilog_err *e);
int ilog_crypt_decrypt_file(struct ilog_crypt *c, const char *path,
	size_t max, struct ilog_buf *plain, struct ilog_sig *sig,
	struct ilog_err *e);
int ilog_crypt_resolve(struct ilog_crypt *c, const char *name,
	char fpr[ILOG_FPR_MAX], struct ilog_err *e);
int ilog_crypt_has_secret(struct ilog_crypt *c, const char *fpr);
int ilog_crypt_trusted(struct ilog_crypt *c, const char *fpr);
void ilog_crypt_compress(struct ilog_crypt *c, int on);
const char *ilog_sig_describe(enum ilog_sig_status s);
void ilog_key_name(const char *fpr, char *out, size_t len);
/* Evidence, streamed: the plaintext is read from or written to fd (-1: not
 * written, only hashed), never held whole in memory. Evidence is not
 * compressed (it is mostly compressed media already). */
struct ilog_stream {
	int fd;
	const volatile sig_atomic_t *stop;	/* set by a signal: give up */
	long long limit;	/* decryption stops past this many bytes; -1: none */
	unsigned long long size;	/* out: plaintext bytes */
	char sha256[65];	/* out: SHA-256 of the plaintext */
	int over;		/* out: stopped at the limit */
};
int ilog_crypt_encrypt_fd(struct ilog_crypt *c, char *const *fprs,
	size_t nfpr, const char *signer, struct ilog_stream *st, int cipher_fd,
	struct ilog_err *e);
int ilog_crypt_decrypt_fd(struct ilog_crypt *c, int cipher_fd,
	struct ilog_stream *st, struct ilog_sig *sig, struct ilog_err *e);
int ilog_crypt_stream_file(struct ilog_crypt *c, const char *path,
	struct ilog_stream *st, struct ilog_sig *sig, struct ilog_err *e);
/* cipher_fd re-encrypted to fprs into out_fd, streamed (decrypted by dec,
 * encrypted by c); sig: the old file's signature, to judge it by. */
int ilog_crypt_reencrypt_fd(struct ilog_crypt *dec, struct ilog_crypt *c,
	int cipher_fd, char *const *fprs, size_t nfpr, const char *signer,
	int out_fd, struct ilog_sig *sig, struct ilog_err *e);

/* store.c: the folder of records */

/* What the recipient list says of itself, in comment lines. */
#define ILOG_LIST_PENDING "# ilog-init: a change of recipients was " \
	"interrupted; run ilog-init again\n"
struct ilog_list_info {
	long seq;		/* which change of recipients wrote it; 0: before
				 * lists were numbered */
	char changed[ILOG_ID_MAX];	/* when that change began (an ID's time) */
	int pending;		/* the change was interrupted */
	char **to;		/* pending: the recipients it was changing to */
	size_t nto;
};

struct ilog_store {
	char *dir;
	char **recipients;	/* full fingerprints, from .gpg-id.gpg, checked */
	size_t nrecip;
	char signer[ILOG_FPR_MAX];	/* the recipient we hold a secret key for */
	struct ilog_crypt *crypt;
	int jobs;		/* threads that decrypt or encrypt (ilog_jobs) */
	int lazy;		/* as ilog_opts.lazy */
	void (*tell)(const char *msg);	/* how the program tells of a step
				 * that half failed; NULL: it is not told */
	int no_cache;		/* read every file afresh (ilog-verify) */
	int tells_forged;	/* the program reports records not signed by a
				 * key of the store itself (ilog-verify) */
	int checking;		/* ilog-verify: an uncertified list is reported,
				 * not a reason to stop */
	int list_state;		/* 0: not read yet; 1: checked; -1: refused */
	char list_err[512];	/* why it was refused */
	struct ilog_list_info list;
	char uncertified[ILOG_FPR_MAX];	/* the list's signer, a key it names
				 * that you have not certified yet */
	char **named;		/* then: the keys that list names */
	size_t nnamed;
	char trust_fpr[ILOG_FPR_MAX];	/* the last signer judged */
	int trust_ok;
};

/* What a program's options tell the library. */
struct ilog_opts {
	const char *dir;	/* -d: the store; NULL: $ILOG_DIR, else ~/.ilog */
	int jobs;		/* -j: workers; 0: $ILOG_JOBS, else the CPUs */
	int lazy;		/* decode only the incidents ilog_select picks:
				 * for a program that reads no others */
};

char *ilog_store_path(const char *opt);
int ilog_store_open(struct ilog_store *s, const struct ilog_opts *o,
	struct ilog_err *e);
void ilog_store_close(struct ilog_store *s);
void ilog_store_list_forget(struct ilog_store *s);
int ilog_store_list(const struct ilog_store *s, char ***ids, size_t *n,
	struct ilog_err *e);
char *ilog_store_record_path(const struct ilog_store *s, const char *id);
/* The newest record's ID and digest ("" for none): what a new record's
 * prev names. */
struct ilog_chain {
	char id[ILOG_ID_MAX];
	char digest[65];
};
void ilog_store_new_id(const char *last_id, time_t now, char out[ILOG_ID_MAX]);
void ilog_store_stamp(time_t t, char out[ILOG_ID_MAX]);
char *ilog_store_real(const struct ilog_store *s, char key[33]);
char *ilog_state_file(const struct ilog_store *s, const char *ext);
int ilog_state_mkdir(void);
int ilog_record_name(const char *name, char id[ILOG_ID_MAX]);
char *ilog_store_file(const struct ilog_store *s, const char *name);
/* file.c: every file of the store is opened through these: a planted symbolic link,
 * fifo, socket, device or directory is refused (a fifo does not block the
 * open), and so is a file longer than max bytes. Errors say why, without the
 * path (the caller names it); errno is ENOENT for a file that is not there. */
int ilog_file_open(const char *path, size_t max, struct ilog_err *e);
/* What stat says of a file; all zero when it is not known. */
struct ilog_file_stat {
	unsigned long long dev, ino, size;
	long long mtime_ns, ctime_ns;
};
struct stat;
int ilog_file_fstat(int fd, struct stat *st);
void ilog_file_stat_of(const struct stat *st, struct ilog_file_stat *out);
int ilog_file_stat_same(const struct ilog_file_stat *a,
	const struct ilog_file_stat *b);
int ilog_file_read(const char *path, size_t max, struct ilog_buf *b,
	struct ilog_err *e);
int ilog_file_read_stat(const char *path, size_t max,
	struct ilog_buf *b, struct stat *st, struct ilog_err *e);
/* A directory of the store (evidence/) or its list: 1 when it is there as
 * it should be (want_dir: a directory, else a regular file), 0 when it is
 * not there, -1 when it is a symbolic link or of another kind. */
int ilog_file_check(const char *path, int want_dir, struct ilog_err *e);
/* 0: written; 1: path exists; ILOG_WRITTEN_UNSYNCED: written, but its
 * directory could not be synced; -1: nothing written */
#define ILOG_WRITTEN_UNSYNCED 2
int ilog_write_new_file(const char *path, const void *data, size_t len,
	struct ilog_err *e);
/* The same atomic write, for a file written piece by piece to fd. */
struct ilog_newfile {
	char *path, *tmp;
	int fd;
};
int ilog_newfile_open(struct ilog_newfile *f, const char *path,
	struct ilog_err *e);
int ilog_newfile_commit(struct ilog_newfile *f, struct ilog_err *e);
void ilog_newfile_abort(struct ilog_newfile *f);
int ilog_store_replace(const char *tmpl, const char *path, const void *data,
	size_t len, struct ilog_err *e);
int ilog_newfile_beside(struct ilog_newfile *f, const char *path,
	struct ilog_err *e);
int ilog_newfile_replace(struct ilog_newfile *f, struct ilog_err *e);
/* Pieces of the atomic writes, for the writer: a synced temp file beside
 * tmpl_path, linked to its name (1 when the name is taken), the folder
 * synced. */
int ilog_write_temp(const char *tmpl_path, char **tmp_out, const void *data,
	size_t len, struct ilog_err *e);
int ilog_link_new(const char *tmp, const char *path, struct ilog_err *e);
int ilog_fsync_dir(const char *path);

/* write.c: doc written as a new record: id, recorded and prev set; chain
 * moved on to it. 0: written; 1: written, but the directory could not be
 * synced (e says so: a retry would write it twice); -1: nothing written. */
int ilog_write_record(struct ilog_store *s, struct ilog_node *doc,
	struct ilog_chain *chain, struct ilog_err *e);
/* Many at once, encrypted in parallel, written in ID order; 0 or -1. */
int ilog_write_records(struct ilog_store *s, struct ilog_node **docs,
	size_t n, struct ilog_chain *chain, char (*ids)[ILOG_ID_MAX],
	struct ilog_err *e);
int ilog_evidence_name(const char *name);
int ilog_store_evidence_dir(const struct ilog_store *s, struct ilog_err *e);
int ilog_store_write_evidence(struct ilog_store *s, const char *rel,
	struct ilog_stream *st, struct ilog_err *e);

/* pool.c: one piece of work on many items, on several threads */

#define ILOG_JOBS_MAX 16
typedef void ilog_pool_fn(void *ctx, size_t i, struct ilog_crypt **c);
int ilog_jobs(int asked);	/* asked, else ILOG_JOBS, else the CPUs online,
				 * at most 16 */
void ilog_pool_run(int jobs, size_t n, ilog_pool_fn *fn, void *ctx,
	struct ilog_crypt *keep[ILOG_JOBS_MAX]);

/* recipients.c: the recipient list, read once and judged by trust.c, and
 * the keys every new file is encrypted to and signed with */

int ilog_store_recipients(struct ilog_store *s, struct ilog_err *e);
int ilog_store_recipients_set(struct ilog_store *s, const char *text,
	const struct ilog_sig *sig, struct ilog_err *e);
int ilog_store_recipients_use(struct ilog_store *s, const char *text,
	size_t len, struct ilog_err *e);
void ilog_list_format(struct ilog_buf *out, char *const *fprs, size_t n,
	const struct ilog_list_info *info);
int ilog_store_write_list(struct ilog_store *s, char *const *fprs, size_t n,
	char *const *encrypt_to, size_t nenc, const struct ilog_list_info *how,
	struct ilog_err *e);
int ilog_store_write_recipients(struct ilog_store *s, char **fprs, size_t n,
	struct ilog_err *e);
int ilog_store_keys(struct ilog_store *s, struct ilog_err *e);
int ilog_store_encrypt(struct ilog_store *s, const void *plain, size_t len,
	struct ilog_buf *out, struct ilog_err *e);
int ilog_store_encrypt_fd(struct ilog_store *s, struct ilog_stream *st,
	int cipher_fd, struct ilog_err *e);
void ilog_recipients_parse(const char *text, char ***fprs, size_t *n);

/* trust.c: whose keys count; every rule about signers is here */

enum ilog_signer {
	ILOG_SIGNER_STORE,	/* good signature by a key of the store */
	ILOG_SIGNER_UNCERTIFIED,	/* by a key named in a list whose signer
				 * you have not certified yet */
	ILOG_SIGNER_STRANGER,	/* good signature by any other key */
	ILOG_SIGNER_BAD		/* not signed, bad, or the key is unknown */
};

int ilog_trust_ours(struct ilog_store *s, const char *fpr);
int ilog_trust_certified(struct ilog_store *s, const char *fpr);
int ilog_trust_named(const char *fpr, char *const *fprs, size_t n);
int ilog_trust_recipient(const struct ilog_store *s, const char *fpr);
int ilog_trust_store_key(struct ilog_store *s, const struct ilog_sig *sig);
enum ilog_signer ilog_trust_signer(struct ilog_store *s,
	const struct ilog_sig *sig);
int ilog_trust_list(struct ilog_store *s, const struct ilog_sig *sig,
	struct ilog_err *e);
int ilog_trust_list_cached(struct ilog_store *s, struct ilog_err *e);
void ilog_trust_list_seen(struct ilog_store *s, long seq, char *const *fprs,
	size_t n);
long ilog_trust_list_next(const struct ilog_store *s);
int ilog_trust_list_remembered(struct ilog_store *s, char ***fprs,
	size_t *n);

/* share.c: changing recipients: every file re-encrypted */

/* 0: done; -1: nothing changed, or a write failed (e); or, when files
 * could not be re-encrypted (each told to report), the others are, the
 * list names the new recipients and the change is left unfinished: */
#define ILOG_REENCRYPT_UNFINISHED 1
int ilog_reencrypt(struct ilog_store *s, char **fprs, size_t n,
	void (*report)(const struct ilog_err *), struct ilog_err *e);
int ilog_reencrypt_pending(struct ilog_store *s);

/* git.c: git as the sync engine (a store that is a repository) */

int ilog_init_git(struct ilog_store *s, struct ilog_err *e);
int ilog_git_commit(const struct ilog_store *s, const char *relpath);
int ilog_is_git(const struct ilog_store *s);

/* log.c: the loader; every program reads the store through it */

#define ILOG_REJECTED_FOREIGN 2

/* An incident the cache holds, left undecoded until a program selects it
 * (ilog_opts.lazy): its tree in the cache's form, and the two fields the
 * log needs of every incident, pointing into that form. */
struct ilog_lazy {
	const char *form;	/* NULL: not lazy */
	size_t len;
	const char *withdrawn, *occurred;
};

struct ilog_rec {
	char id[ILOG_ID_MAX];
	char *path;		/* DIR/ID.yaml.gpg */
	char digest[65];	/* SHA-256 of the plaintext */
	char cipher_sha[65];	/* SHA-256 of the file: the cache's key */
	struct ilog_sig sig;
	struct ilog_node *doc;	/* parsed record; NULL when broken or lazy */
	struct ilog_lazy lazy;	/* an incident not decoded yet */
	int amendment;
	int rejected;		/* not signed by a key of the store: not part
				 * of the log, nor chained onto; FOREIGN
				 * when no list of the store names its key */
	char *error;		/* why it could not be read, or NULL */
};

struct ilog_incident {
	struct ilog_rec *rec;		/* the incident as written */
	struct ilog_node *cur;		/* current state */
	struct ilog_rec **amends;	/* amendments naming it, ID order */
	size_t namends;
	const char *withdrawn;		/* reason, or NULL */
	struct ilog_when occurred;
};

struct ilog_log {
	struct ilog_store *store;
	struct ilog_rec *recs;		/* ID order */
	size_t nrecs;
	struct ilog_incident *incs;	/* ID order */
	size_t nincs;
	struct ilog_incident *case_file;	/* the case record, or NULL */
	int case_selectable;		/* operands may name it (ilog-show) */
	int nerrors;			/* broken records, already reported */
	struct ilog_chain chain;	/* newest record: what prev names */
	struct ilog_buf texts[2];	/* decrypted caches the records'
					 * trees point into */
	struct ilog_listed {		/* the store's folder when listed */
		struct ilog_file_stat st;
		long long seen_ns;	/* the cache's clock then; 0: none */
	} listed;
};

int ilog_log_load(struct ilog_store *s, struct ilog_log *log,
	struct ilog_err *e);
int ilog_log_refresh(struct ilog_log *log, struct ilog_err *e);
void ilog_log_build(struct ilog_log *log);
int ilog_rec_readable(const struct ilog_rec *r);
void ilog_incidents_decode(struct ilog_incident *const *incs, size_t n,
	int jobs);
void ilog_log_free(struct ilog_log *log);
void ilog_log_exit(struct ilog_log *log);
struct ilog_incident *ilog_log_incident(const struct ilog_log *log,
	const char *id);
struct ilog_incident *ilog_log_amendable(const struct ilog_log *log,
	const char *id);
const struct ilog_rec *ilog_log_last(const struct ilog_log *log);
void ilog_log_chain(const struct ilog_log *log, struct ilog_chain *chain);
/* Both return as ilog_write_record does: 1 is written, uncertain. */
int ilog_log_write(struct ilog_log *log, struct ilog_node *doc,
	char id[ILOG_ID_MAX], struct ilog_err *e);
int ilog_log_write_all(struct ilog_log *log, struct ilog_node **docs,
	size_t n, char (*ids)[ILOG_ID_MAX], struct ilog_err *e);
int ilog_log_amend(struct ilog_log *log, struct ilog_node *amendment,
	struct ilog_incident **incs, size_t n, struct ilog_err *e);
int ilog_log_raw(struct ilog_store *s, const struct ilog_incident *inc,
	int fd, struct ilog_err *e);
int ilog_incident_cmp(const void *a, const void *b);	/* by occurred, ID */
struct ilog_incident **ilog_log_by_occurred(const struct ilog_log *log,
	int all, size_t *n);

/* mark.c: the greatest ID and the count of records this device has seen */

struct ilog_mark {
	char id[ILOG_ID_MAX];
	size_t count;		/* records of the log up to id */
};

int ilog_mark_read(const struct ilog_store *s, struct ilog_mark *m);
size_t ilog_mark_count(const struct ilog_log *log, const char *id);
void ilog_mark_update(const struct ilog_log *log);

/* edit.c: $EDITOR on tmpfs, and the private directory it uses */

struct ilog_private {
	char dir[256];
	int wipe;		/* not in memory: overwrite before unlinking */
};

int ilog_private_dir(struct ilog_private *p, struct ilog_err *e);
void ilog_private_remove(struct ilog_private *p);

int ilog_edit_text(const char *text, size_t len, struct ilog_buf *out,
	struct ilog_err *e);
/* Asks at the terminal; the line of text at fault (from 1) is shown there,
 * and on yes, put into text as a comment with why. */
int ilog_edit_again(const char *why, struct ilog_buf *text,
	unsigned long line);
void ilog_edit_template(struct ilog_buf *out, const char *now);
/* The edited text as one incident: values of text fields that need quotes
 * get them; keys not in ilog(5) or old are refused. Without old (a new
 * incident from the template), fields left empty or as prompted are
 * dropped. line: the line at fault, or 0. */
int ilog_edit_parse(const char *text, size_t len, const struct ilog_node *old,
	struct ilog_node **doc, unsigned long *line, struct ilog_err *e);
void ilog_unknown_why(const struct ilog_unknown *u, struct ilog_err *e);

/* pick.c: filters */

#include <regex.h>

struct ilog_words {
	const char **v;
	size_t n;
};

struct ilog_times {
	time_t *v;
	size_t n;
};

struct ilog_filter {
	struct ilog_times since, until;
	struct ilog_words behaviours, tags, not_tags;
	struct ilog_words identified, has, from;
	regex_t *res;
	size_t nres;
	int reported;		/* 1: -r, 2: -R, 3: both */
};

int ilog_filter_add(struct ilog_filter *f, int opt, const char *arg,
	struct ilog_err *e);
int ilog_filter_match(const struct ilog_filter *f,
	const struct ilog_incident *inc);
void ilog_filter_free(struct ilog_filter *f);

/* seal.c */

struct ilog_seal {
	char id[ILOG_ID_MAX];	/* the newest record it covers */
	size_t count;
	char sha256[65];
};

int ilog_seal(const struct ilog_log *log, const char *upto,
	struct ilog_seal *seal);
enum { ILOG_SEAL_HOLDS, ILOG_SEAL_UNREADABLE, ILOG_SEAL_COUNT,
	ILOG_SEAL_ALTERED };
int ilog_seal_holds(const struct ilog_log *log, const struct ilog_seal *want,
	struct ilog_seal *got);
void ilog_seal_format(const struct ilog_seal *seal, char *out, size_t len);
int ilog_seal_parse(const char *line, struct ilog_seal *seal);
/* A seal record: a seal handed over, when and to whom (ilog(5) kind: seal) */
int ilog_seal_record_is(const struct ilog_node *doc);
int ilog_seal_record_check(struct ilog_node *doc, int from_user,
	struct ilog_err *e);
void ilog_seal_record_order(struct ilog_node *doc);

/* args.c: the pipeline protocol */

struct ilog_sel {
	struct ilog_incident **incs;
	size_t n, cap;
	int everything;		/* no operand, no pipe: every incident */
};

int ilog_select(struct ilog_log *log, int argc, char **argv, int nul,
	struct ilog_sel *sel);
int ilog_select_whole(struct ilog_log *log, int argc, char **argv, int nul,
	struct ilog_sel *sel);
void ilog_sel_free(struct ilog_sel *sel);
void ilog_print_path(const struct ilog_incident *inc, int nul);
void ilog_open_log(const struct ilog_opts *o, struct ilog_store *s,
	struct ilog_log *log);
int ilog_opt_jobs(const char *arg);
void ilog_log_tell(const struct ilog_log *log);

/* md-redact.c: the fields a report leaves out (--redact, --profile) */

struct ilog_redact {
	char **fields;		/* ilog(5) names: location, witnesses.contact */
	size_t n;
};

/* "a, b": each checked against ilog(5) (e names one that is not, and the
 * field it is likely a slip for), each kept once. */
int ilog_redact_add(struct ilog_redact *r, const char *list,
	struct ilog_err *e);
/* The named list of $XDG_CONFIG_HOME/ilog/profiles. */
int ilog_redact_profile(struct ilog_redact *r, const char *name,
	struct ilog_err *e);
void ilog_redact_free(struct ilog_redact *r);

/* md.c: the Markdown report */

struct ilog_md_opts {
	const char *title;	/* NULL or "": "Record of incidents" */
	const char *author;	/* NULL: no author line */
	time_t now;		/* when the report is made */
	const char *exhibit_prefix;	/* NULL: the author's initials */
	enum { ILOG_STATEMENT_NONE, ILOG_STATEMENT_UK, ILOG_STATEMENT_US }
	    statement;		/* a declaration to sign, at the end */
	const struct ilog_redact *redact;	/* NULL: nothing left out */
	struct ilog_md_sink *sink;	/* NULL: the whole report in out */
};

/* Where a long report goes as it is made, so that it is never all in
 * memory at once: out is written to fd and emptied every so often, and
 * the first write's errno kept. */
struct ilog_md_sink {
	int fd;
	int failed;
};

void ilog_md_inline(struct ilog_buf *out, const char *s, size_t len);
void ilog_md_block(struct ilog_buf *out, const char *s, size_t len,
	const char *indent);
void ilog_md_elapsed(struct ilog_buf *out, long long secs);
void ilog_md_report(struct ilog_buf *out, const struct ilog_log *log,
	struct ilog_incident *const *incs, size_t n,
	const struct ilog_md_opts *o);

/* json.c: JSON Lines (ilog-json) */

void ilog_json_string(struct ilog_buf *out, const char *s, size_t len);
void ilog_json_record(struct ilog_buf *out, const struct ilog_rec *rec);
void ilog_json_incident(struct ilog_buf *out,
	const struct ilog_incident *inc);

/* csv.c: a spreadsheet in a police diary's columns (ilog-csv), and the
 * formula guard that the CSV importer undoes */

int ilog_csv_guarded(const char *s, size_t len);
const char *ilog_csv_column(size_t i, size_t nwit, char out[64]);
void ilog_csv_cell(struct ilog_buf *out, const char *s, size_t len);
void ilog_csv_header(struct ilog_buf *out, size_t nwit);
size_t ilog_csv_witnesses(struct ilog_incident *const *incs, size_t n);
void ilog_csv_row(struct ilog_buf *out, const struct ilog_incident *inc,
	size_t nwit);

/* render.c: the report as HTML, PDF or DOCX (pandoc, weasyprint) */

enum ilog_render_kind {
	ILOG_RENDER_MD, ILOG_RENDER_HTML, ILOG_RENDER_PDF, ILOG_RENDER_DOCX
};

int ilog_render_kind(const char *path);	/* by its name; -1: none of ours */
int ilog_render_check(const char *path, struct ilog_err *e);
int ilog_render(const char *path, const char *md, size_t len,
	const char *title, struct ilog_err *e);

/* import.c, import-whatsapp.c, import-sms.c, import-csv.c: exports in.
 * The parsers only read: they fill a list that ilog-import judges and
 * writes, so each can be run alone on any bytes. */

enum ilog_import_kind {
	ILOG_IMPORT_WHATSAPP, ILOG_IMPORT_SMS, ILOG_IMPORT_MMS,
	ILOG_IMPORT_CALL, ILOG_IMPORT_CSV
};

struct ilog_import_msg {
	enum ilog_import_kind kind;
	size_t line;		/* where it starts in the export */
	struct ilog_when when;
	char *sender;		/* display name, or NULL */
	char *number;		/* phone number, or NULL */
	char *text;		/* the text, byte for byte, or NULL */
	size_t len;
	int outgoing;		/* written by the user: never imported */
	int call;		/* call type: 1 incoming, 3 missed, 4 voicemail,
				 * 5 rejected, 6 blocked */
	long duration;		/* of a call, in seconds */
	struct ilog_node *doc;	/* CSV: the incident its row describes */
};

struct ilog_import_list {
	struct ilog_import_msg *v;
	size_t n, cap;
	char *party;		/* the other party the export names, or NULL */
};

struct ilog_import_msg *ilog_import_push(struct ilog_import_list *l);
void ilog_import_list_free(struct ilog_import_list *l);
int ilog_import_number_match(const char *who, const char *number);
void ilog_import_key(const struct ilog_import_msg *m, unsigned count,
	char out[65]);
void ilog_import_summary(const struct ilog_import_msg *m, struct ilog_buf *out);
struct ilog_node *ilog_import_doc(const struct ilog_import_msg *m,
	const char *file, const char *key);

int ilog_import_whatsapp_parse(const char *buf, size_t len, int order,
	struct ilog_import_list *l, struct ilog_err *e);
int ilog_import_whatsapp_like(const char *buf, size_t len);

/* UTF-16 surrogate pairs written as two character references, which XML
 * forbids, become one; a pair may be split across chunks. */
struct ilog_import_ncr {
	char carry[64];
	size_t n;
};
void ilog_import_ncr_filter(struct ilog_import_ncr *f, const char *in,
	size_t len, int final, struct ilog_buf *out);
struct ilog_import_xml;
struct ilog_import_xml *ilog_import_xml_new(struct ilog_import_list *l);
int ilog_import_xml_feed(struct ilog_import_xml *x, const char *buf,
	size_t len, int final, struct ilog_err *e);
const char *ilog_import_xml_root(const struct ilog_import_xml *x);
void ilog_import_xml_free(struct ilog_import_xml *x);

int ilog_import_csv_parse(const char *buf, size_t len,
	struct ilog_import_list *l, struct ilog_err *e);

#endif
