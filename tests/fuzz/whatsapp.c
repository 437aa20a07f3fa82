/* whatsapp.c: fuzz the WhatsApp chat reader, ilog_import_whatsapp_parse.
 * The first byte picks the zone (as fuzz_zone) and the --date-order given
 * (none, dmy, mdy); the rest is the chat. What it reads is the export's
 * own bytes: each sender, and each line of each text, is in the chat; the
 * messages come in the order of their lines; a chat read without
 * --date-order reads the same with the order it settled on; and the
 * incidents store and read back (fuzz_import_check). */
#include "fuzz.h"

static void
in_chat(const char *chat, size_t len, const char *s, size_t n)
{
	FUZZ_ASSERT(n == 0 || memmem(chat, len, s, n) != NULL);
}

static void
check_bytes(const char *chat, size_t len, const struct ilog_import_list *l)
{
	const char *p, *nl, *end;
	size_t i, prev = 0;

	for (i = 0; i < l->n; i++) {
		const struct ilog_import_msg *m = &l->v[i];

		FUZZ_ASSERT(m->line > prev && m->sender && m->text);
		prev = m->line;
		in_chat(chat, len, m->sender, strlen(m->sender));
		for (p = m->text, end = p + m->len; p <= end; p = nl + 1) {
			if (!(nl = memchr(p, '\n', (size_t)(end - p))))
				nl = end;
			in_chat(chat, len, p, (size_t)(nl - p));
		}
		if (fuzz_utf8(chat, len))
			FUZZ_ASSERT(fuzz_utf8(m->text, m->len) &&
			    fuzz_utf8(m->sender, strlen(m->sender)));
	}
}

/* The dates settled day or month first: one of the orders, given, reads
 * the same instants. */
static void
check_order(const char *chat, size_t len, const struct ilog_import_list *l)
{
	static const int orders[] = { 'd', 'm' };
	struct ilog_import_list again;
	struct ilog_err e;
	size_t i, k, same = 0;

	for (k = 0; k < 2; k++) {
		memset(&again, 0, sizeof again);
		if (ilog_import_whatsapp_parse(chat, len, orders[k], &again,
		    &e) == 0 && again.n == l->n) {
			for (i = 0; i < l->n; i++)
				if (again.v[i].when.t != l->v[i].when.t)
					break;
			same += i == l->n;
		}
		ilog_import_list_free(&again);
	}
	FUZZ_ASSERT(same >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int orders[] = { 0, 'd', 'm' };
	struct ilog_import_list l = { 0 };
	struct ilog_err e = { "" };
	const char *chat = (const char *)data + 1;
	int order;

	if (size < 1)
		return 0;
	fuzz_zone(data[0]);
	order = orders[(data[0] >> 2) % 3];
	ilog_import_whatsapp_like(chat, size - 1);
	if (ilog_import_whatsapp_parse(chat, size - 1, order, &l, &e) == 0) {
		check_bytes(chat, size - 1, &l);
		if (order == 0 && l.n > 0)
			check_order(chat, size - 1, &l);
		fuzz_import_check(&l);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	ilog_import_list_free(&l);
	return 0;
}
