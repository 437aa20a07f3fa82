/* seal.c: one line that anchors the log: ID COUNT SHA256 */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

/* Over the records with IDs up to upto (NULL: all); -1 when one of them
 * could not be read, so its digest is unknown. */
int
ilog_seal(const struct ilog_log *log, const char *upto, struct ilog_seal *seal)
{
	struct ilog_sha256 c;
	size_t i;
	int rc = 0;

	memset(seal, 0, sizeof *seal);
	ilog_sha256_init(&c);
	for (i = 0; i < log->nrecs; i++) {
		const struct ilog_rec *r = &log->recs[i];

		if (upto && strcmp(r->id, upto) > 0)
			break;
		if (!r->digest[0])
			rc = -1;
		ilog_sha256_update(&c, r->id, strlen(r->id));
		ilog_sha256_update(&c, " ", 1);
		ilog_sha256_update(&c, r->digest, strlen(r->digest));
		ilog_sha256_update(&c, "\n", 1);
		snprintf(seal->id, sizeof seal->id, "%s", r->id);
		seal->count++;
	}
	ilog_sha256_final_hex(&c, seal->sha256);
	return rc;
}

/* Whether the log still holds what want sealed: one of ILOG_SEAL_*;
 * got: what the log gives now up to want's ID. */
int
ilog_seal_holds(const struct ilog_log *log, const struct ilog_seal *want,
    struct ilog_seal *got)
{
	if (ilog_seal(log, want->id, got) < 0)
		return ILOG_SEAL_UNREADABLE;
	if (got->count != want->count)
		return ILOG_SEAL_COUNT;
	if (strcmp(got->sha256, want->sha256) != 0 ||
	    strcmp(got->id, want->id) != 0)
		return ILOG_SEAL_ALTERED;
	return ILOG_SEAL_HOLDS;
}

void
ilog_seal_format(const struct ilog_seal *seal, char *out, size_t len)
{
	snprintf(out, len, "%s %zu %s", seal->id[0] ? seal->id : "-",
	    seal->count, seal->sha256);
}

int
ilog_seal_parse(const char *line, struct ilog_seal *seal)
{
	char id[ILOG_ID_MAX], count[21], sha[65], extra;

	memset(seal, 0, sizeof *seal);
	/* count as digits: %zu would take "-1" as SIZE_MAX */
	if (sscanf(line, "%63s %20s %64s %c", id, count, sha, &extra) != 3 ||
	    !ilog_id_valid(id) || strspn(count, "0123456789") != strlen(count) ||
	    strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return -1;
	snprintf(seal->id, sizeof seal->id, "%s", id);
	seal->count = (size_t)strtoull(count, NULL, 10);
	memcpy(seal->sha256, sha, sizeof seal->sha256);
	return 0;
}

/* A seal record (ilog(5) kind: seal): a seal handed to someone, when and
 * to whom; never an incident. */
int
ilog_seal_record_is(const struct ilog_node *doc)
{
	const char *kind = ilog_node_text(doc, "kind");

	return kind && strcmp(kind, "seal") == 0 &&
	    !ilog_record_is_amendment(doc);
}

static const char *const seal_record_keys[] = { "id", "recorded", "prev",
	"kind", "seal", "given_to", "given", "note", NULL };

void
ilog_seal_record_order(struct ilog_node *doc)
{
	ilog_node_order(doc, seal_record_keys);
}

static int
seal_text(struct ilog_node *doc, const char *key, int required,
    struct ilog_err *e)
{
	struct ilog_node *n = ilog_node_get(doc, key);

	if (!n && !required)
		return 0;
	if (!n || n->kind != ILOG_SCALAR || n->len == 0 ||
	    strspn(n->str, " \t") == n->len) {
		ilog_err_set(e, "%s: %s", key, n ? "must be text" :
		    "missing (a seal record needs seal, given_to and given)");
		return -1;
	}
	n->raw = 0;	/* quoted when needed: read back as the same string */
	return 0;
}

static int
seal_time(struct ilog_node *doc, const char *key, int required,
    struct ilog_err *e)
{
	struct ilog_node *n = ilog_node_get(doc, key);
	struct ilog_when w;
	struct ilog_err why;

	if (!n && !required)
		return 0;
	if (!n || n->kind != ILOG_SCALAR ||
	    ilog_when_parse_stored(n->str, &w, &why) < 0) {
		ilog_err_set(e, "%s: %s", key, n ? "not a date and time" :
		    "missing (a seal record needs seal, given_to and given)");
		return -1;
	}
	n->raw = 1;
	return 0;
}

/* The header (id, prev) is checked by ilog_record_check. Keys a newer
 * version may add are kept in a stored record, refused from the user. */
int
ilog_seal_record_check(struct ilog_node *doc, int from_user,
    struct ilog_err *e)
{
	struct ilog_seal seal;
	const char *s;
	char buf[ILOG_SHOWN_SIZE];
	size_t i;

	e->msg[0] = '\0';
	for (i = 0; from_user && i < doc->n; i++)
		if (!ilog_word_in(seal_record_keys, doc->keys[i])) {
			ilog_err_set(e, "'%s' is not a field of a seal record "
			    "(see ilog(5))", ilog_shown(doc->keys[i], buf));
			return -1;
		}
	if (seal_text(doc, "seal", 1, e) < 0 ||
	    seal_text(doc, "given_to", 1, e) < 0 ||
	    seal_text(doc, "note", 0, e) < 0 ||
	    seal_time(doc, "given", 1, e) < 0 ||
	    seal_time(doc, "recorded", 0, e) < 0)
		return -1;
	s = ilog_node_text(doc, "seal");
	if (ilog_seal_parse(s, &seal) < 0) {
		ilog_err_set(e, "seal: not a seal (ID COUNT SHA256)");
		return -1;
	}
	ilog_node_get(doc, "kind")->raw = 1;
	ilog_seal_record_order(doc);
	return 0;
}
