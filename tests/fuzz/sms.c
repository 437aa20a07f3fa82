/* sms.c: fuzz the SMS Backup & Restore reader (sms-*.xml, calls-*.xml):
 * the surrogate-pair filter, ilog_import_ncr_filter, and expat through
 * ilog_import_xml_feed. The first byte picks the zone (as fuzz_zone) and a
 * chunk size, 1 to 64 bytes; the rest is the file. Fed in those chunks,
 * as ilog-import feeds its reads, it must read exactly as fed whole: the
 * same verdict, the same messages. The filter leaves no reference to a
 * surrogate that it reads, cut anywhere; the texts are UTF-8; and the
 * incidents store and read back (fuzz_import_check). */
#include "fuzz.h"

#define NCR_DIGITS 8	/* as import-sms.c: longer ones are expat's */

struct run {
	struct ilog_import_list l;
	int rc;
	char root[16];
};

/* The whole input at once, or in chunks of k and an empty final read. */
static void
run_xml(const char *s, size_t len, size_t k, struct run *r)
{
	struct ilog_import_xml *x = ilog_import_xml_new(&r->l);
	struct ilog_err e = { "" };
	size_t at, n;

	r->rc = 0;
	if (!k)
		r->rc = ilog_import_xml_feed(x, s, len, 1, &e);
	for (at = 0; k && r->rc == 0 && at <= len; at += n) {
		n = len - at < k ? len - at : k;
		r->rc = ilog_import_xml_feed(x, s + at, n, n == 0, &e);
		if (n == 0)
			break;
	}
	FUZZ_ASSERT(r->rc == 0 || e.msg[0] != '\0');
	snprintf(r->root, sizeof r->root, "%s", ilog_import_xml_root(x));
	ilog_import_xml_free(x);
}

static int
same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void
check_same(const struct run *a, const struct run *b)
{
	size_t i;

	FUZZ_ASSERT(a->rc == b->rc);
	if (a->rc != 0)
		return;
	FUZZ_ASSERT(strcmp(a->root, b->root) == 0 && a->l.n == b->l.n);
	for (i = 0; i < a->l.n; i++) {
		const struct ilog_import_msg *m = &a->l.v[i], *o = &b->l.v[i];

		FUZZ_ASSERT(m->kind == o->kind && m->line == o->line);
		FUZZ_ASSERT(m->when.t == o->when.t &&
		    m->when.offset == o->when.offset);
		FUZZ_ASSERT(same_str(m->sender, o->sender) &&
		    same_str(m->number, o->number));
		FUZZ_ASSERT(m->len == o->len && (!m->len ||
		    memcmp(m->text, o->text, m->len) == 0));
		FUZZ_ASSERT(m->outgoing == o->outgoing && m->call == o->call &&
		    m->duration == o->duration);
	}
}

/* expat's strings are UTF-8, with no NUL (&#0; is not XML). */
static void
check_texts(const struct ilog_import_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct ilog_import_msg *m = &l->v[i];

		FUZZ_ASSERT(!m->text || (strlen(m->text) == m->len &&
		    fuzz_utf8(m->text, m->len)));
		FUZZ_ASSERT(!m->sender || fuzz_utf8(m->sender,
		    strlen(m->sender)));
		FUZZ_ASSERT(!m->number || fuzz_utf8(m->number,
		    strlen(m->number)));
	}
}

/* A reference the filter would read (&#N; or &#xN;, at most NCR_DIGITS
 * digits) to a UTF-16 half. */
static int
surrogate_at(const char *p, const char *end)
{
	unsigned long v = 0;
	int hex, n, d;

	if (end - p < 3 || p[0] != '&' || p[1] != '#')
		return 0;
	p += 2;
	hex = *p == 'x' || *p == 'X';
	p += hex;
	for (n = 0; p < end && n <= NCR_DIGITS; p++, n++) {
		d = *p >= '0' && *p <= '9' ? *p - '0' :
		    hex && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
		    hex && *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	return p < end && *p == ';' && n > 0 && n <= NCR_DIGITS &&
	    v >= 0xd800 && v <= 0xdfff;
}

static void
check_filter(const char *s, size_t len, size_t k)
{
	struct ilog_import_ncr whole = { .n = 0 }, cut = { .n = 0 };
	struct ilog_buf a = { 0 }, b = { 0 };
	size_t at, n, i;

	ilog_import_ncr_filter(&whole, s, len, 1, &a);
	for (at = 0; at < len; at += n) {
		n = len - at < k ? len - at : k;
		ilog_import_ncr_filter(&cut, s + at, n, 0, &b);
		FUZZ_ASSERT(cut.n <= sizeof cut.carry);
	}
	ilog_import_ncr_filter(&cut, "", 0, 1, &b);
	FUZZ_ASSERT(whole.n == 0 && cut.n == 0);
	FUZZ_ASSERT(a.len == b.len && (!a.len || memcmp(a.s, b.s, a.len) == 0));
	for (i = 0; i < a.len; i++)
		FUZZ_ASSERT(!surrogate_at(a.s + i, a.s + a.len));
	ilog_buf_free(&a);
	ilog_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole = { .rc = 0 }, cut = { .rc = 0 };
	const char *xml = (const char *)data + 1;
	size_t k;

	if (size < 1)
		return 0;
	fuzz_zone(data[0]);
	k = (size_t)(data[0] >> 2) + 1;
	check_filter(xml, size - 1, k);
	run_xml(xml, size - 1, 0, &whole);
	run_xml(xml, size - 1, k, &cut);
	check_same(&whole, &cut);
	if (whole.rc == 0) {
		check_texts(&whole.l);
		fuzz_import_check(&whole.l);
	}
	ilog_import_list_free(&whole.l);
	ilog_import_list_free(&cut.l);
	return 0;
}
