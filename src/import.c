/* import.c: what every importer shares: the list of messages read from an
 * export, who sent them, the key that knows a message again, its incident */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

#define SUMMARY_TEXT 60	/* bytes of a message quoted in its summary */
#define NUMBER_TAIL 10	/* digits that name a phone whatever its prefix */

struct ilog_import_msg *
ilog_import_push(struct ilog_import_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = ilog_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

void
ilog_import_list_free(struct ilog_import_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].sender);
		free(l->v[i].number);
		if (l->v[i].text)
			ilog_wipe(l->v[i].text, l->v[i].len);
		free(l->v[i].text);
		ilog_node_free(l->v[i].doc);
	}
	free(l->v);
	free(l->party);
	memset(l, 0, sizeof *l);
}

/* The last digits of a number: +44 7700 900123 and 07700 900123 agree. */
static size_t
number_tail(const char *s, char out[NUMBER_TAIL + 1])
{
	char digits[64];
	size_t n = 0, skip;

	for (; s && *s && n < sizeof digits; s++)
		if (*s >= '0' && *s <= '9')
			digits[n++] = *s;
	skip = n > NUMBER_TAIL ? n - NUMBER_TAIL : 0;
	memcpy(out, digits + skip, n - skip);
	out[n - skip] = '\0';
	return n;
}

/* WHO is a phone number (seven digits or more, and nothing but what
 * numbers are written with) naming the same line as NUMBER. */
int
ilog_import_number_match(const char *who, const char *number)
{
	char a[NUMBER_TAIL + 1], b[NUMBER_TAIL + 1];

	if (!who || !number || strspn(who, "+0123456789 -().") != strlen(who))
		return 0;
	if (number_tail(who, a) < 7 || number_tail(number, b) < 7)
		return 0;
	return strcmp(a, b) == 0;
}

static const char *
kind_name(enum ilog_import_kind k)
{
	static const char *const names[] = { "whatsapp", "sms", "mms", "call",
		"csv" };

	return names[k];
}

static void
key_field(struct ilog_sha256 *c, const void *p, size_t n)
{
	char len[24];

	snprintf(len, sizeof len, "%zu:", n);
	ilog_sha256_update(c, len, strlen(len));
	ilog_sha256_update(c, p, n);
}

/* Derived from the message alone (sender, time, text, and how many times
 * the same came before it), never from the file: another export of the
 * same chat, from another device, gives every message the same key. */
void
ilog_import_key(const struct ilog_import_msg *m, unsigned count,
    char out[65])
{
	struct ilog_sha256 c;
	char tail[NUMBER_TAIL + 1], buf[64];
	const char *who = m->sender ? m->sender : "";

	if (m->kind != ILOG_IMPORT_WHATSAPP && number_tail(m->number, tail))
		who = tail;
	ilog_sha256_init(&c);
	key_field(&c, "ilog-import 1", 13);
	key_field(&c, kind_name(m->kind), strlen(kind_name(m->kind)));
	key_field(&c, who, strlen(who));
	snprintf(buf, sizeof buf, "%lld %d %ld", (long long)m->when.t, m->call,
	    m->duration);
	key_field(&c, buf, strlen(buf));
	key_field(&c, m->text ? m->text : "", m->text ? m->len : 0);
	snprintf(buf, sizeof buf, "%u", count);
	key_field(&c, buf, strlen(buf));
	ilog_sha256_final_hex(&c, out);
}

static const char *
who_of(const struct ilog_import_msg *m)
{
	if (m->sender && *m->sender)
		return m->sender;
	return m->number && *m->number ? m->number : "an unknown sender";
}

static const char *
call_name(int type)
{
	switch (type) {
	case 3: return "Missed call";
	case 4: return "Voicemail";
	case 5: return "Rejected call";
	case 6: return "Blocked call";
	default: return "Call";
	}
}

static void
add_duration(struct ilog_buf *out, long secs)
{
	if (secs >= 60)
		ilog_buf_printf(out, "%ld min %ld s", secs / 60, secs % 60);
	else
		ilog_buf_printf(out, "%ld s", secs);
}

/* The first line of the text, cut on a character boundary. */
static void
add_excerpt(struct ilog_buf *out, const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != '\n' && s[n] != '\r' && s[n] != '\0')
		n++;
	if (n > SUMMARY_TEXT) {
		n = SUMMARY_TEXT;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		ilog_buf_add(out, s, n);
		ilog_buf_adds(out, "...");
		return;
	}
	ilog_buf_add(out, s, n);
	if (n < len)
		ilog_buf_adds(out, " ...");
}

void
ilog_import_summary(const struct ilog_import_msg *m, struct ilog_buf *out)
{
	static const char *const what[] = { "WhatsApp message", "Text", "MMS" };

	if (m->kind == ILOG_IMPORT_CSV) {
		ilog_buf_adds(out, ilog_node_text(m->doc, "summary"));
		return;
	}
	if (m->kind == ILOG_IMPORT_CALL) {
		ilog_buf_printf(out, "%s from %s", call_name(m->call),
		    who_of(m));
		if (m->duration > 0) {
			ilog_buf_adds(out, ", ");
			add_duration(out, m->duration);
		}
		return;
	}
	ilog_buf_printf(out, "%s from %s", what[m->kind], who_of(m));
	if (m->len == 0 || strspn(m->text, " \t\r\n") == m->len) {
		ilog_buf_adds(out, " (no text)");
		return;
	}
	ilog_buf_adds(out, ": ");
	add_excerpt(out, m->text + strspn(m->text, " \t\r\n"),
	    m->len - strspn(m->text, " \t\r\n"));
}

static void
set_text(struct ilog_node *map, const char *key, const char *s)
{
	if (s && *s)
		ilog_node_set(map, key, ilog_node_str(s));
}

static struct ilog_node *
source_map(const struct ilog_import_msg *m, const char *file,
    const char *key)
{
	struct ilog_node *src = ilog_node_map();
	char pos[32];

	snprintf(pos, sizeof pos, "line %zu", m->line);
	ilog_node_set(src, "format", ilog_node_str(kind_name(m->kind)));
	ilog_node_set(src, "file", ilog_node_str(file));
	ilog_node_set(src, "position", ilog_node_str(pos));
	set_text(src, "sender", m->sender);
	set_text(src, "number", m->number);
	ilog_node_set(src, "key", ilog_node_raw(key));
	return src;
}

static void
call_details(const struct ilog_import_msg *m, struct ilog_node *doc)
{
	struct ilog_buf b = { 0 };
	struct ilog_when end = m->when;
	char until[32];

	ilog_buf_adds(&b, m->call == 1 ? "Incoming call" : call_name(m->call));
	if (m->duration > 0) {
		ilog_buf_adds(&b, ", ");
		add_duration(&b, m->duration);
		end.t += m->duration;
		ilog_when_format(&end, until);
		ilog_node_set(doc, "until", ilog_node_raw(until));
	}
	ilog_buf_adds(&b, ".\n");
	ilog_node_set(doc, "details", ilog_node_strn(b.s, b.len));
	ilog_buf_free(&b);
}

/* The incident a message becomes; file names the export's evidence. */
struct ilog_node *
ilog_import_doc(const struct ilog_import_msg *m, const char *file,
    const char *key)
{
	struct ilog_node *doc, *beh;
	struct ilog_buf sum = { 0 };
	char occurred[32];

	if (m->kind == ILOG_IMPORT_CSV) {
		doc = ilog_node_copy(m->doc);
		ilog_node_set(doc, "source", source_map(m, file, key));
		return doc;
	}
	doc = ilog_node_map();
	ilog_when_format(&m->when, occurred);
	ilog_node_set(doc, "occurred", ilog_node_raw(occurred));
	ilog_import_summary(m, &sum);
	ilog_node_set(doc, "summary", ilog_node_strn(sum.s, sum.len));
	ilog_buf_free(&sum);
	beh = ilog_node_seq();
	ilog_node_push(beh, ilog_node_str("contact"));
	ilog_node_set(doc, "behaviour", beh);
	ilog_node_set(doc, "channel", ilog_node_str(m->kind ==
	    ILOG_IMPORT_CALL ? "phone" : "text"));
	if (m->kind == ILOG_IMPORT_CALL)
		call_details(m, doc);
	else if (m->len > 0)
		ilog_node_set(doc, "details", ilog_node_strn(m->text, m->len));
	ilog_node_set(doc, "source", source_map(m, file, key));
	return doc;
}
