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
