/* csv.c: incidents as a spreadsheet (RFC 4180) in the columns of a police
 * diary; the formula guard, which the CSV importer undoes */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

#define REPLACEMENT "\xef\xbf\xbd"
#define WITNESS_FIELDS 3

/* The columns, as ilog(5) names their fields, so that ilog-import reads
 * them back; "witnesses" stands for witnesses.N.name, .contact and .saw,
 * once for each witness of the incident that has the most. */
static const char *const columns[] = { "date", "time", "until", "behaviour",
	"location", "summary", "details", "said", "witnesses", "present",
	"suspect.name", "suspect.appearance", "suspect.clothing",
	"suspect.voice", "identified", "from", "vehicle.make", "vehicle.model",
	"vehicle.colour", "vehicle.plate", "weapon", "fear", "police.reference",
	"police.reported", "police.officer", "police.response", "impact",
	"tags", "channel", "noted", "withdrawn", "evidence.count", "id", NULL };

static const char *const witness_fields[WITNESS_FIELDS] = { "name",
	"contact", "saw" };

/* A spreadsheet runs a cell that starts so as a formula; one that starts
 * with the guard itself is guarded too, so that the guard can be undone
 * without doubt. */
static int
needs_guard(const char *s, size_t len)
{
	return len > 0 && strchr("=+-@\t\r'", s[0]) && s[0] != '\0';
}

int
ilog_csv_guarded(const char *s, size_t len)
{
	return len > 1 && s[0] == '\'' && needs_guard(s + 1, len - 1);
}

/* The name of column i, with nwit witnesses; NULL past the last. */
const char *
ilog_csv_column(size_t i, size_t nwit, char out[64])
{
	size_t k;

	for (k = 0; columns[k]; k++) {
		if (strcmp(columns[k], "witnesses") != 0) {
			if (i-- == 0)
				return columns[k];
			continue;
		}
		if (i < nwit * WITNESS_FIELDS) {
			snprintf(out, 64, "witnesses.%zu.%s", i / WITNESS_FIELDS +
			    1, witness_fields[i % WITNESS_FIELDS]);
			return out;
		}
		i -= nwit * WITNESS_FIELDS;
	}
	return NULL;
}

/* One cell: guarded, quoted when it must be, bytes that are not UTF-8 as
 * U+FFFD (a spreadsheet would show them as something else again). */
void
ilog_csv_cell(struct ilog_buf *out, const char *s, size_t len)
{
	int quote = len != strcspn(s, ",\"\r\n") || needs_guard(s, len);
	size_t i = 0, n;

	if (quote)
		ilog_buf_addc(out, '"');
	if (needs_guard(s, len))
		ilog_buf_addc(out, '\'');
	while (i < len) {
		if ((n = ilog_utf8_len(s + i, len - i)) == 0) {
			ilog_buf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		if (s[i] == '"')
			ilog_buf_addc(out, '"');
		ilog_buf_add(out, s + i, n);
		i += n;
	}
	if (quote)
		ilog_buf_addc(out, '"');
}

static void
end_row(struct ilog_buf *out)
{
	out->s[out->len - 1] = '\r';	/* the last comma */
	ilog_buf_addc(out, '\n');
}

void
ilog_csv_header(struct ilog_buf *out, size_t nwit)
{
	const char *name;
	char buf[64];
	size_t i;

	for (i = 0; (name = ilog_csv_column(i, nwit, buf)); i++) {
		ilog_buf_adds(out, name);
		ilog_buf_addc(out, ',');
	}
	end_row(out);
}

/* The most witnesses any of the incidents has, and at least one: the
 * columns do not come and go with the incidents chosen. */
size_t
ilog_csv_witnesses(struct ilog_incident *const *incs, size_t n)
{
	const struct ilog_node *w;
	size_t i, most = 1;

	for (i = 0; i < n; i++)
		if ((w = ilog_node_get(incs[i]->cur, "witnesses")) &&
		    w->kind == ILOG_SEQ && w->n > most)
			most = w->n;
	return most;
}

static const struct ilog_node *
scalar(const struct ilog_node *n)
{
	return n && n->kind == ILOG_SCALAR ? n : NULL;
}

/* A field, or a field of a map: "police.reference". */
static const struct ilog_node *
field(const struct ilog_node *doc, const char *name)
{
	const char *dot = strchr(name, '.');
	const struct ilog_node *sub;
	char key[32];

	if (!dot)
		return scalar(ilog_node_get(doc, name));
	snprintf(key, sizeof key, "%.*s", (int)(dot - name), name);
	sub = ilog_node_get(doc, key);
	return sub && sub->kind == ILOG_MAP ? scalar(ilog_node_get(sub,
	    dot + 1)) : NULL;
}

static void
list_cell(struct ilog_buf *out, const struct ilog_node *seq)
{
	struct ilog_buf b = { 0 };
	size_t i;

	for (i = 0; seq && seq->kind == ILOG_SEQ && i < seq->n; i++) {
		if (!scalar(seq->items[i]))
			continue;
		if (b.len)
			ilog_buf_adds(&b, ", ");
		ilog_buf_add(&b, seq->items[i]->str, seq->items[i]->len);
	}
	ilog_csv_cell(out, b.s ? b.s : "", b.len);
	ilog_buf_free(&b);
}

/* date and time in the incident's own offset, which import reads back:
 * 2026-11-27 and 21:40+00:00 (seconds only when there are some). */
static void
when_cells(struct ilog_buf *out, const struct ilog_incident *inc)
{
	char t[32];

	ilog_when_format(&inc->occurred, t);
	ilog_buf_printf(out, "%.10s,%.5s%.*s%s,", t, t + 11,
	    strncmp(t + 16, ":00", 3) == 0 ? 0 : 3, t + 16, t + 19);
}

static void
witness_cells(struct ilog_buf *out, const struct ilog_node *doc, size_t nwit)
{
	const struct ilog_node *w = ilog_node_get(doc, "witnesses"), *one, *v;
	size_t i, k;

	for (i = 0; i < nwit; i++) {
		one = w && w->kind == ILOG_SEQ && i < w->n ? w->items[i] : NULL;
		for (k = 0; k < WITNESS_FIELDS; k++) {
			v = one && one->kind == ILOG_MAP ?
			    scalar(ilog_node_get(one, witness_fields[k])) : NULL;
			if (v)
				ilog_csv_cell(out, v->str, v->len);
			ilog_buf_addc(out, ',');
		}
	}
}

/* The evidence put forward: retracted listings are not counted. */
static size_t
evidence_count(const struct ilog_node *cur)
{
	const struct ilog_node *ev = ilog_node_get(cur, "evidence");
	size_t i, k = 0;

	for (i = 0; ev && ev->kind == ILOG_SEQ && i < ev->n; i++)
		k += !ilog_evidence_retracted(ev->items[i]);
	return k;
}

static void
cell(struct ilog_buf *out, const struct ilog_incident *inc, const char *col)
{
	const struct ilog_node *v;

	if (strcmp(col, "behaviour") == 0 || strcmp(col, "tags") == 0) {
		list_cell(out, ilog_node_get(inc->cur, col));
	} else if (strcmp(col, "evidence.count") == 0) {
		ilog_buf_printf(out, "%zu", evidence_count(inc->cur));
	} else if (strcmp(col, "id") == 0) {
		ilog_buf_adds(out, inc->rec->id);
	} else if ((v = field(inc->cur, col))) {
		ilog_csv_cell(out, v->str, v->len);
	}
	ilog_buf_addc(out, ',');
}

void
ilog_csv_row(struct ilog_buf *out, const struct ilog_incident *inc,
    size_t nwit)
{
	size_t k;

	for (k = 0; columns[k]; k++) {
		if (strcmp(columns[k], "date") == 0)
			when_cells(out, inc);
		else if (strcmp(columns[k], "witnesses") == 0)
			witness_cells(out, inc->cur, nwit);
		else if (strcmp(columns[k], "time") != 0)
			cell(out, inc, columns[k]);
	}
	end_row(out);
}
