/* csv.c: fuzz the spreadsheet reader, ilog_import_csv_parse (RFC 4180,
 * a header of ilog(5) field names). The first byte picks the zone (as
 * fuzz_zone); the rest is the file. What it reads, written out again with
 * every field quoted under the header's canonical names, reads as the same
 * rows; and the incidents store and read back (fuzz_import_check). */
#include "fuzz.h"

/* A field as RFC 4180 quotes it. */
static void
quoted(struct ilog_buf *out, const char *s, size_t n)
{
	size_t i;

	ilog_buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			ilog_buf_addc(out, '"');
		ilog_buf_addc(out, s[i]);
	}
	ilog_buf_addc(out, '"');
}

/* A row's text is name=value NUL, for each of its fields; without a NUL
 * in the values it splits back. names: those of the longest row. */
static void
row_write(struct ilog_buf *out, struct ilog_buf *names,
    const struct ilog_import_msg *m, size_t *nnames)
{
	const char *p = m->text, *end = m->text + m->len, *eq, *z;
	size_t k = 0;

	names->len = 0;
	for (; p < end; p = z + 1, k++) {
		eq = memchr(p, '=', (size_t)(end - p));
		z = memchr(p, '\0', (size_t)(end - p));
		FUZZ_ASSERT(eq && z && eq < z);
		if (k)
			ilog_buf_addc(out, ',');
		quoted(out, eq + 1, (size_t)(z - eq - 1));
		if (names->len)
			ilog_buf_addc(names, ',');
		ilog_buf_add(names, p, (size_t)(eq - p));
	}
	ilog_buf_addc(out, '\n');
	*nnames = k;
}

static void
check_rewrite(const struct ilog_import_list *l)
{
	struct ilog_buf rows = { 0 }, names = { 0 }, head = { 0 }, all = { 0 };
	struct ilog_import_list again = { 0 };
	struct ilog_err e;
	size_t i, n, most = 0;

	for (i = 0; i < l->n; i++) {
		row_write(&rows, &names, &l->v[i], &n);
		if (n > most) {
			most = n;
			head.len = 0;
			ilog_buf_add(&head, names.s, names.len);
		}
	}
	ilog_buf_add(&all, head.s, head.len);
	ilog_buf_addc(&all, '\n');
	ilog_buf_add(&all, rows.s, rows.len);
	FUZZ_ASSERT(ilog_import_csv_parse(all.s, all.len, &again, &e) == 0);
	FUZZ_ASSERT(again.n == l->n);
	for (i = 0; i < l->n; i++) {
		FUZZ_ASSERT(again.v[i].len == l->v[i].len);
		FUZZ_ASSERT(memcmp(again.v[i].text, l->v[i].text,
		    l->v[i].len) == 0);
		FUZZ_ASSERT(again.v[i].when.t == l->v[i].when.t);
		FUZZ_ASSERT(ilog_node_equal(again.v[i].doc, l->v[i].doc));
	}
	ilog_import_list_free(&again);
	ilog_buf_free(&rows);
	ilog_buf_free(&names);
	ilog_buf_free(&head);
	ilog_buf_free(&all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ilog_import_list l = { 0 };
	struct ilog_err e = { "" };
	const char *csv = (const char *)data + 1;
	size_t i;

	if (size < 1)
		return 0;
	fuzz_zone(data[0]);
	if (ilog_import_csv_parse(csv, size - 1, &l, &e) == 0) {
		for (i = 0; i < l.n; i++)
			FUZZ_ASSERT(l.v[i].doc && l.v[i].line >= 2);
		if (l.n > 0 && !memchr(csv, '\0', size - 1))
			check_rewrite(&l);
		fuzz_import_check(&l);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	ilog_import_list_free(&l);
	return 0;
}
