/* import-sms.c: SMS Backup & Restore's sms-*.xml (SMS and MMS) and
 * calls-*.xml, streamed through expat: backups run to hundreds of MB */
#include <stdlib.h>
#include <string.h>
#include <expat.h>

#include "ilog.h"

#define NCR_DIGITS 8	/* longer references are left to expat */
#define CALL_MAX (366L * 86400)	/* seconds */

/* One character reference at p: its value, and its end. 0: not one;
 * -1: cut off by the end of the buffer. */
static int
ncr_read(const char *p, const char *end, unsigned long *val,
    const char **after)
{
	const char *q = p + 2;
	int hex, n = 0;
	unsigned long v = 0;

	if (end - p < 2)
		return p + 1 == end ? -1 : 0;
	if (p[1] != '#')
		return 0;
	if (q == end)
		return -1;
	hex = *q == 'x' || *q == 'X';
	q += hex;
	for (; q < end && n <= NCR_DIGITS; q++, n++) {
		int d = *q >= '0' && *q <= '9' ? *q - '0' :
		    hex && *q >= 'a' && *q <= 'f' ? *q - 'a' + 10 :
		    hex && *q >= 'A' && *q <= 'F' ? *q - 'A' + 10 : -1;

		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (q == end)
		return n > NCR_DIGITS ? 0 : -1;
	if (*q != ';' || n == 0 || n > NCR_DIGITS)
		return 0;
	*val = v;
	*after = q + 1;
	return 1;
}

/* The references at p, rewritten when they are surrogates. Returns the
 * bytes consumed, or 0 when the buffer ends before it can tell. */
static size_t
ncr_rewrite(const char *p, const char *end, int final, struct ilog_buf *out)
{
	unsigned long hi, lo;
	const char *a, *b;
	int r;

	if ((r = ncr_read(p, end, &hi, &a)) < 0 && !final)
		return 0;
	if (r <= 0 || hi < 0xd800 || hi > 0xdfff) {
		if (r <= 0)
			a = p + 1;
		ilog_buf_add(out, p, (size_t)(a - p));
		return (size_t)(a - p);
	}
	if (hi >= 0xdc00) {	/* a low half alone */
		ilog_buf_adds(out, "&#65533;");
		return (size_t)(a - p);
	}
	r = a < end && *a == '&' ? ncr_read(a, end, &lo, &b) : a == end ? -1 : 0;
	if (r < 0 && !final)
		return 0;
	if (r > 0 && lo >= 0xdc00 && lo <= 0xdfff) {
		ilog_buf_printf(out, "&#%lu;", 0x10000 + ((hi - 0xd800) << 10) +
		    (lo - 0xdc00));
		return (size_t)(b - p);
	}
	ilog_buf_adds(out, "&#65533;");	/* a high half alone */
	return (size_t)(a - p);
}

void
ilog_import_ncr_filter(struct ilog_import_ncr *f, const char *in, size_t len,
    int final, struct ilog_buf *out)
{
	struct ilog_buf work = { 0 };
	const char *p, *end, *amp;
	size_t used;

	ilog_buf_add(&work, f->carry, f->n);
	ilog_buf_add(&work, in, len);
	f->n = 0;
	p = work.s;
	end = work.s + work.len;
	while (p < end) {
		if (!(amp = memchr(p, '&', (size_t)(end - p)))) {
			ilog_buf_add(out, p, (size_t)(end - p));
			break;
		}
		ilog_buf_add(out, p, (size_t)(amp - p));
		if (!(used = ncr_rewrite(amp, end, final, out))) {
			f->n = (size_t)(end - amp);	/* at most two references */
			memcpy(f->carry, amp, f->n);
			break;
		}
		p = amp + used;
	}
	ilog_buf_free(&work);
}

struct ilog_import_xml {
	XML_Parser parser;
	struct ilog_import_list *l;
	struct ilog_import_ncr ncr;
	struct ilog_buf filtered;
	char root[16];
	struct ilog_import_msg *mms;	/* the MMS being read: its parts follow */
	size_t mms_index;
	int bad_root;
	struct ilog_err bad;	/* what stopped the parser, if a value did */
};

/* A value no record could hold stops the parse; the element names it. */
static void
refuse(struct ilog_import_xml *x, const char *what, const char *value)
{
	char shown[ILOG_SHOWN_SIZE];

	if (x->bad.msg[0])
		return;
	ilog_err_set(&x->bad, "line %lu: %s '%s'", (unsigned long)
	    XML_GetCurrentLineNumber(x->parser), what,
	    ilog_shown(value ? value : "", shown));
	XML_StopParser(x->parser, XML_FALSE);
}

/* A time that records can store: four-digit years, where it is written. */
static int
storable(const struct ilog_when *w)
{
	struct ilog_when back;
	struct ilog_err e;
	char out[32];

	ilog_when_format(w, out);
	return ilog_when_parse_stored(out, &back, &e) == 0 && back.t == w->t;
}

static const char *
attr(const XML_Char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1];
	return NULL;
}

static char *
name_or_null(const char *s)
{
	if (!s || !*s || strcmp(s, "(Unknown)") == 0 || strcmp(s, "null") == 0)
		return NULL;
	return ilog_xstrdup(s);
}

/* The date attribute: milliseconds since the epoch, UTC. */
static void
msg_when(struct ilog_import_xml *x, struct ilog_import_msg *m, const char *ms)
{
	char *end;
	long long v = ms ? strtoll(ms, &end, 10) : 0;
	time_t t = (time_t)(v / 1000 - (v % 1000 < 0));
	struct tm tm;

	m->when.t = t;
	m->when.offset = localtime_r(&t, &tm) ? (int)tm.tm_gmtoff : 0;
	if (!ms || end == ms || *end || !storable(&m->when))
		refuse(x, "date is not a time in milliseconds", ms);
}

static struct ilog_import_msg *
msg_new(struct ilog_import_xml *x, enum ilog_import_kind kind,
    const XML_Char **atts, const char *number)
{
	struct ilog_import_msg *m = ilog_import_push(x->l);

	m->kind = kind;
	m->line = (size_t)XML_GetCurrentLineNumber(x->parser);
	msg_when(x, m, attr(atts, "date"));
	m->sender = name_or_null(attr(atts, "contact_name"));
	m->number = name_or_null(attr(atts, number));
	return m;
}

static void
text_set(struct ilog_import_msg *m, const char *s)
{
	m->len = s ? strlen(s) : 0;
	m->text = ilog_xstrndup(s ? s : "", m->len);
}

static void
call_start(struct ilog_import_xml *x, const XML_Char **atts)
{
	struct ilog_import_msg *m = msg_new(x, ILOG_IMPORT_CALL, atts, "number");
	const char *type = attr(atts, "type"), *dur = attr(atts, "duration");

	struct ilog_when end;

	m->call = type ? atoi(type) : 0;
	m->outgoing = m->call == 2;
	m->duration = dur ? strtol(dur, NULL, 10) : 0;
	if (m->duration < 0)
		m->duration = 0;
	/* a call ends within a year; its end is the incident's until */
	end = m->when;
	end.t += m->duration < CALL_MAX ? m->duration : 0;
	if (m->duration >= CALL_MAX || !storable(&end))
		refuse(x, "duration is not a call's length in seconds", dur);
}

static void
part_add(struct ilog_import_xml *x, const XML_Char **atts)
{
	struct ilog_import_msg *m = &x->l->v[x->mms_index];
	const char *ct = attr(atts, "ct"), *text = attr(atts, "text");
	struct ilog_buf b = { 0 };

	if (!ct || strcmp(ct, "text/plain") != 0 || !text)
		return;	/* the SMIL layout, pictures, sound */
	ilog_buf_add(&b, m->text, m->len);
	if (m->len)
		ilog_buf_addc(&b, '\n');
	ilog_buf_adds(&b, text);
	ilog_free_str(m->text);
	m->text = ilog_xstrndup(b.s, b.len);
	m->len = b.len;
	ilog_buf_free(&b);
}

/* Of an MMS's addresses, type 137 is the one it came from. */
static void
addr_add(struct ilog_import_xml *x, const XML_Char **atts)
{
	struct ilog_import_msg *m = &x->l->v[x->mms_index];
	const char *type = attr(atts, "type"), *a = attr(atts, "address");

	if (type && strcmp(type, "137") == 0 && a && *a) {
		free(m->number);
		m->number = ilog_xstrdup(a);
	}
}

static void XMLCALL
on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct ilog_import_xml *x = data;
	struct ilog_import_msg *m;
	const char *box;

	if (x->bad.msg[0])
		return;	/* stopped: expat may still call */
	if (!x->root[0]) {
		snprintf(x->root, sizeof x->root, "%s", name);
		if (strcmp(name, "smses") != 0 && strcmp(name, "calls") != 0) {
			x->bad_root = 1;
			XML_StopParser(x->parser, XML_FALSE);
		}
	} else if (strcmp(name, "sms") == 0) {
		m = msg_new(x, ILOG_IMPORT_SMS, atts, "address");
		box = attr(atts, "type");
		m->outgoing = !box || strcmp(box, "1") != 0;
		text_set(m, attr(atts, "body"));
	} else if (strcmp(name, "mms") == 0) {
		m = msg_new(x, ILOG_IMPORT_MMS, atts, "address");
		box = attr(atts, "msg_box");
		m->outgoing = !box || strcmp(box, "1") != 0;
		text_set(m, NULL);
		x->mms = m;
		x->mms_index = x->l->n - 1;
	} else if (strcmp(name, "call") == 0) {
		call_start(x, atts);
	} else if (x->mms && strcmp(name, "part") == 0) {
		part_add(x, atts);
	} else if (x->mms && strcmp(name, "addr") == 0) {
		addr_add(x, atts);
	}
}

static void XMLCALL
on_end(void *data, const XML_Char *name)
{
	struct ilog_import_xml *x = data;

	if (strcmp(name, "mms") == 0)
		x->mms = NULL;
}

struct ilog_import_xml *
ilog_import_xml_new(struct ilog_import_list *l)
{
	struct ilog_import_xml *x = ilog_xcalloc(1, sizeof *x);

	if (!(x->parser = XML_ParserCreate("UTF-8")))
		ilog_die("out of memory");
	x->l = l;
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, on_start, on_end);
	return x;
}

/* Bytes of the file as read, in any size of chunk; final with the last. */
int
ilog_import_xml_feed(struct ilog_import_xml *x, const char *buf, size_t len,
    int final, struct ilog_err *e)
{
	x->filtered.len = 0;
	ilog_import_ncr_filter(&x->ncr, buf, len, final, &x->filtered);
	if (XML_Parse(x->parser, x->filtered.s ? x->filtered.s : "",
	    (int)x->filtered.len, final) != XML_STATUS_ERROR) {
		if (final && !x->root[0])
			return ilog_err_set(e, "holds no XML element"), -1;
		return 0;
	}
	if (x->bad_root)
		return ilog_err_set(e, "not an SMS Backup & Restore file (its "
		    "root is not <smses> or <calls>)"), -1;
	if (x->bad.msg[0])
		return *e = x->bad, -1;
	ilog_err_set(e, "line %lu: %s%s", (unsigned long)
	    XML_GetCurrentLineNumber(x->parser),
	    XML_ErrorString(XML_GetErrorCode(x->parser)),
	    final ? " (is the file cut short?)" : "");
	return -1;
}

const char *
ilog_import_xml_root(const struct ilog_import_xml *x)
{
	return x->root;
}

void
ilog_import_xml_free(struct ilog_import_xml *x)
{
	if (!x)
		return;
	XML_ParserFree(x->parser);
	ilog_buf_free(&x->filtered);
	free(x);
}
