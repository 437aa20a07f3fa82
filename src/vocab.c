/* vocab.c: what every record module checks values against: the shape of
 * an ID, the words of a vocabulary (and the nearest one to a slip), and
 * whether a record is an amendment. Below record.c, case.c and seal.c,
 * which all use it. */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "ilog.h"

int
ilog_word_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* YYYYMMDDTHHMMSSZ-suffix, suffix of [a-z0-9] */
int
ilog_id_valid(const char *id)
{
	static const char shape[] = "ddddddddTddddddZ-";
	size_t i;

	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)id[i]) :
		    id[i] != shape[i])
			return 0;
	}
	if (!id[i] || strlen(id) >= ILOG_ID_MAX)
		return 0;
	for (; id[i]; i++)
		if (!islower((unsigned char)id[i]) && !isdigit((unsigned char)id[i]))
			return 0;
	return 1;
}

/* The second a valid ID names. */
time_t
ilog_id_time(const char *id)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	sscanf(id, "%4d%2d%2dT%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

int
ilog_record_is_amendment(const struct ilog_node *doc)
{
	return ilog_node_get(doc, "amends") != NULL;
}

/* Levenshtein distance, for "did you mean"; long words are not slips. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[33], diag, up;

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		diag = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			up = d[j];
			d[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < d[j])
				d[j] = up + 1;
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			diag = up;
		}
	}
	return d[lb];
}

/* The known word key is most likely a slip for, or NULL. */
const char *
ilog_word_nearest(const char *key, const char *const *words)
{
	const char *best = NULL;
	size_t d, min = 3;

	for (; *words; words++)
		if ((d = distance(key, *words)) < min && d < strlen(key)) {
			min = d;
			best = *words;
		}
	return best;
}

