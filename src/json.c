/* json.c: incidents and records as JSON Lines, for jq and scripts */
#include <string.h>

#include "ilog.h"

#define REPLACEMENT "\xef\xbf\xbd"
#define NUMBER_MAX 15	/* digits a double holds exactly */

/*
 * A JSON string that every reader takes: quotes, backslashes and control
 * characters escaped, U+2028 and U+2029 too (JavaScript once ended lines
 * at them), and bytes that are not UTF-8 as U+FFFD.
 */
void
ilog_json_string(struct ilog_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	ilog_buf_addc(out, '"');
	while (i < len) {
		n = ilog_utf8_len(s + i, len - i);
		if (n == 0) {
			ilog_buf_adds(out, REPLACEMENT);
			i++;
			continue;
		}
		if (n == 3 && u[i] == 0xe2 && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
			ilog_buf_printf(out, "\\u%s", u[i + 2] == 0xa8 ? "2028" :
			    "2029");
		else if (u[i] == '"' || u[i] == '\\')
			ilog_buf_addc(out, '\\'), ilog_buf_addc(out, (char)u[i]);
		else if (u[i] == '\n')
			ilog_buf_adds(out, "\\n");
		else if (u[i] == '\t')
			ilog_buf_adds(out, "\\t");
		else if (u[i] == '\r')
			ilog_buf_adds(out, "\\r");
		else if (u[i] < 0x20 || u[i] == 0x7f)
			ilog_buf_printf(out, "\\u00%c%c", hex[u[i] >> 4],
			    hex[u[i] & 0xf]);
		else
			ilog_buf_add(out, s + i, n);
		i += n;
	}
	ilog_buf_addc(out, '"');
}

/* An evidence file's size is a number; every other value stays text, as
 * it was written (a phone number or a reference is not a number). */
static int
is_number(const char *key, const struct ilog_node *n)
{
	size_t i;

	if (!key || strcmp(key, "size") != 0 || n->len == 0 ||
	    n->len > NUMBER_MAX || (n->str[0] == '0' && n->len > 1))
		return 0;
	for (i = 0; i < n->len; i++)
		if (n->str[i] < '0' || n->str[i] > '9')
			return 0;
	return 1;
}

static void
json_value(struct ilog_buf *out, const char *key, const struct ilog_node *n)
{
	size_t i;

	if (n->kind == ILOG_SCALAR) {
		if (is_number(key, n))
			ilog_buf_add(out, n->str, n->len);
		else
			ilog_json_string(out, n->str, n->len);
		return;
	}
	ilog_buf_addc(out, n->kind == ILOG_MAP ? '{' : '[');
	for (i = 0; i < n->n; i++) {
		if (i)
			ilog_buf_addc(out, ',');
		if (n->kind == ILOG_MAP) {
			ilog_json_string(out, n->keys[i], strlen(n->keys[i]));
			ilog_buf_addc(out, ':');
		}
		json_value(out, n->kind == ILOG_MAP ? n->keys[i] : NULL,
		    n->items[i]);
	}
	ilog_buf_addc(out, n->kind == ILOG_MAP ? '}' : ']');
}

/* One record as it was written, on one line. */
void
ilog_json_record(struct ilog_buf *out, const struct ilog_rec *rec)
{
	json_value(out, NULL, rec->doc);
	ilog_buf_addc(out, '\n');
}

/* One incident in its current state, on one line: its fields in the
 * order of ilog(5), its path after recorded, then the amendments applied
 * to it, each as it was written. */
void
ilog_json_incident(struct ilog_buf *out, const struct ilog_incident *inc)
{
	const struct ilog_node *cur = inc->cur;
	size_t i;

	ilog_buf_addc(out, '{');
	for (i = 0; i < cur->n; i++) {
		if (i)
			ilog_buf_addc(out, ',');
		ilog_json_string(out, cur->keys[i], strlen(cur->keys[i]));
		ilog_buf_addc(out, ':');
		json_value(out, cur->keys[i], cur->items[i]);
		if (strcmp(cur->keys[i], "recorded") == 0) {
			ilog_buf_adds(out, ",\"path\":");
			ilog_json_string(out, inc->rec->path,
			    strlen(inc->rec->path));
		}
	}
	ilog_buf_adds(out, ",\"amendments\":[");
	for (i = 0; i < inc->namends; i++) {
		if (i)
			ilog_buf_addc(out, ',');
		json_value(out, NULL, inc->amends[i]->doc);
	}
	ilog_buf_adds(out, "]}\n");
}
