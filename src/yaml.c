/* yaml.c: the one YAML reader and writer, on libyaml */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "ilog.h"

#define YAML_MAX_DEPTH 64
/* Records hold a few dozen keys; ilog(5) documents the cap. */
#define YAML_MAX_KEYS 1000
#define STR(x) STR_(x)
#define STR_(x) #x

struct yaml_reader {
	yaml_parser_t parser;
	yaml_event_t event;
	struct ilog_err *e;
	const char *buf;
	size_t len;
};

/* libyaml gives a byte offset, not a line, for bad UTF-8 and controls. */
static unsigned long
reader_error_line(const struct yaml_reader *r)
{
	size_t i, end = r->parser.problem_offset;
	unsigned long line = 1;

	if (r->parser.error != YAML_READER_ERROR)
		return (unsigned long)r->parser.problem_mark.line + 1;
	for (i = 0; i < end && i < r->len; i++)
		line += r->buf[i] == '\n';
	return line;
}

static int
reader_next(struct yaml_reader *r)
{
	yaml_event_delete(&r->event);
	if (yaml_parser_parse(&r->parser, &r->event))
		return 0;
	ilog_err_set(r->e, "YAML error at line %lu: %s", reader_error_line(r),
	    r->parser.problem ? r->parser.problem : "unreadable");
	/* an unclosed [ or { is found lines after it was opened */
	if (r->parser.context && r->parser.context_mark.line !=
	    r->parser.problem_mark.line)
		ilog_err_set(r->e, "YAML error at line %lu: %s (%s from line %lu)",
		    reader_error_line(r), r->parser.problem ? r->parser.problem :
		    "unreadable", r->parser.context,
		    (unsigned long)r->parser.context_mark.line + 1);
	return -1;
}

static int
reader_fail(struct yaml_reader *r, const char *why)
{
	ilog_err_set(r->e, "YAML error at line %lu: %s",
	    (unsigned long)r->event.start_mark.line + 1, why);
	return -1;
}

static int is_str_tag(const yaml_char_t *tag)
{
	return tag && strcmp((const char *)tag, YAML_STR_TAG) == 0;
}

static struct ilog_node *read_node(struct yaml_reader *r, int depth);

static struct ilog_node *
read_scalar(struct yaml_reader *r)
{
	struct ilog_node *n;
	yaml_event_t *ev = &r->event;

	n = ilog_node_strn((const char *)ev->data.scalar.value,
	    ev->data.scalar.length);
	n->raw = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    !is_str_tag(ev->data.scalar.tag) &&
	    !ilog_yaml_plain_safe(n->str, n->len);
	return n;
}

static struct ilog_node *
read_seq(struct yaml_reader *r, int depth)
{
	struct ilog_node *seq = ilog_node_seq(), *item;

	for (;;) {
		if (reader_next(r) < 0)
			goto fail;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return seq;
		if (!(item = read_node(r, depth + 1)))
			goto fail;
		ilog_node_push(seq, item);
	}
fail:
	ilog_node_free(seq);
	return NULL;
}

/* A key and the line it is on, to find one that appears twice. */
struct key_at {
	const char *key;
	unsigned long line;
};

static int
key_at_cmp(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sorted, so that a planted map of many keys costs n log n, not n^2. */
static int
keys_unique(struct yaml_reader *r, struct key_at *keys, size_t n)
{
	unsigned long line = 0;
	size_t i;

	if (n > 1)	/* an empty map has no array: NULL is not for qsort */
		qsort(keys, n, sizeof *keys, key_at_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(keys[i - 1].key, keys[i].key) == 0 &&
		    (!line || keys[i].line < line))
			line = keys[i].line;
	if (!line)
		return 0;
	ilog_err_set(r->e, "YAML error at line %lu: a key appears twice", line);
	return -1;
}

static int
read_key(struct yaml_reader *r, struct ilog_node *map, struct key_at **keys)
{
	const yaml_event_t *ev = &r->event;

	if (ev->type != YAML_SCALAR_EVENT)
		return reader_fail(r, "a key must be plain text");
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return reader_fail(r, "a key holds a NUL byte");
	if (map->n >= YAML_MAX_KEYS)
		return reader_fail(r, "more than " STR(YAML_MAX_KEYS)
		    " keys in one map");
	if (map->n % 16 == 0)
		*keys = ilog_xrealloc(*keys, (map->n + 16) * sizeof **keys);
	ilog_node_append(map, (const char *)ev->data.scalar.value, NULL);
	(*keys)[map->n - 1].key = map->keys[map->n - 1];
	(*keys)[map->n - 1].line = (unsigned long)ev->start_mark.line + 1;
	return 0;
}

static struct ilog_node *
read_map(struct yaml_reader *r, int depth)
{
	struct ilog_node *map = ilog_node_map();
	struct key_at *keys = NULL;

	for (;;) {
		if (reader_next(r) < 0)
			goto fail;
		if (r->event.type == YAML_MAPPING_END_EVENT)
			break;
		if (read_key(r, map, &keys) < 0 || reader_next(r) < 0 ||
		    !(map->items[map->n - 1] = read_node(r, depth + 1)))
			goto fail;
	}
	if (keys_unique(r, keys, map->n) < 0)
		goto fail;
	free(keys);
	return map;
fail:
	free(keys);
	ilog_node_free(map);
	return NULL;
}

static struct ilog_node *
read_node(struct yaml_reader *r, int depth)
{
	if (depth > YAML_MAX_DEPTH) {
		reader_fail(r, "nested too deeply");
		return NULL;
	}
	switch (r->event.type) {
	case YAML_SCALAR_EVENT:
		return read_scalar(r);
	case YAML_SEQUENCE_START_EVENT:
		return read_seq(r, depth);
	case YAML_MAPPING_START_EVENT:
		return read_map(r, depth);
	case YAML_ALIAS_EVENT:
		reader_fail(r, "aliases (*name) are not supported");
		return NULL;
	default:
		reader_fail(r, "unexpected YAML structure");
		return NULL;
	}
}

static void
docs_free(struct ilog_node **docs, size_t n)
{
	while (n > 0)
		ilog_node_free(docs[--n]);
	free(docs);
}

int
ilog_yaml_parse(const char *buf, size_t len, struct ilog_node ***docs,
    size_t *ndocs, struct ilog_err *e)
{
	struct yaml_reader r = { .e = e, .buf = buf, .len = len };
	struct ilog_node **out = NULL, *doc;
	size_t n = 0;
	int rc = -1;

	yaml_parser_initialize(&r.parser);
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)buf,
	    len);
	r.event.type = YAML_NO_EVENT;
	for (;;) {
		if (reader_next(&r) < 0)
			break;
		if (r.event.type == YAML_STREAM_END_EVENT) {
			rc = 0;
			break;
		}
		if (r.event.type != YAML_DOCUMENT_START_EVENT)
			continue;
		if (reader_next(&r) < 0 || !(doc = read_node(&r, 0)))
			break;
		if (reader_next(&r) < 0) {	/* document end */
			ilog_node_free(doc);
			break;
		}
		out = ilog_xrealloc(out, (n + 1) * sizeof *out);
		out[n++] = doc;
	}
	yaml_event_delete(&r.event);
	yaml_parser_delete(&r.parser);
	if (rc < 0) {
		docs_free(out, n);
		return -1;
	}
	*docs = out;
	*ndocs = n;
	return 0;
}

/* Plain only when every YAML 1.1 and 1.2 reader must read it as this string. */
int
ilog_yaml_plain_safe(const char *s, size_t len)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on",
	    "off", "true", "false", "null", NULL };
	size_t i;

	if (len == 0 || len > 120 || !isalpha((unsigned char)s[0]) ||
	    s[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/* NEL, LS and PS: line breaks to YAML 1.1, not to 1.2 */
		if ((c == 0xc2 && i + 1 < len &&
		    (unsigned char)s[i + 1] == 0x85) ||
		    (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] & 0xfe) == 0xa8))
			return 0;
		if (c >= 0x80 || isalnum(c))
			continue;
		if (!strchr(" ,.'()/-_!?&;+", c) || c == '\0')
			return 0;
	}
	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == len &&
		    strncasecmp(s, words[i], len) == 0)
			return 0;
	return 1;
}

static int
has_odd_break(const struct ilog_node *n)
{
	const char *s = n->str, *end = n->str + n->len;

	for (; s < end; s++) {
		if (*s == '\r')
			return 1;
		if (end - s >= 2 && (unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0x85)
			return 1;
		if (end - s >= 3 && (unsigned char)s[0] == 0xe2 &&
		    (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9))
			return 1;
	}
	return 0;
}

static yaml_scalar_style_t
scalar_style(const struct ilog_node *n)
{
	if (n->raw || ilog_yaml_plain_safe(n->str, n->len))
		return YAML_PLAIN_SCALAR_STYLE;
	if (has_odd_break(n) || memchr(n->str, '\0', n->len))
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (memchr(n->str, '\n', n->len))
		return YAML_LITERAL_SCALAR_STYLE;
	return YAML_SINGLE_QUOTED_SCALAR_STYLE;
}

static int
flow_seq(const struct ilog_node *seq)
{
	size_t i, width = 0;

	for (i = 0; i < seq->n; i++) {
		const struct ilog_node *it = seq->items[i];

		if (it->kind != ILOG_SCALAR || scalar_style(it) !=
		    YAML_PLAIN_SCALAR_STYLE || strpbrk(it->str, ",[]{}"))
			return 0;
		width += it->len + 2;
	}
	return width < 60;
}

static int
emit(yaml_emitter_t *em, yaml_event_t *ev)
{
	return yaml_emitter_emit(em, ev) ? 0 : -1;
}

static int emit_node(yaml_emitter_t *em, const struct ilog_node *n);

static int
emit_scalar(yaml_emitter_t *em, const char *s, size_t len,
    yaml_scalar_style_t style)
{
	yaml_event_t ev;

	/* fails on invalid UTF-8, leaving ev unset: never emit it then */
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)len, 1, 1, style))
		return -1;
	return emit(em, &ev);
}

static int
emit_node(yaml_emitter_t *em, const struct ilog_node *n)
{
	yaml_event_t ev;
	size_t i;

	if (n->kind == ILOG_SCALAR)
		return emit_scalar(em, n->str, n->len, scalar_style(n));
	if (n->kind == ILOG_SEQ) {
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    flow_seq(n) ? YAML_FLOW_SEQUENCE_STYLE :
		    YAML_BLOCK_SEQUENCE_STYLE);
		if (emit(em, &ev) < 0)
			return -1;
		for (i = 0; i < n->n; i++)
			if (emit_node(em, n->items[i]) < 0)
				return -1;
		yaml_sequence_end_event_initialize(&ev);
		return emit(em, &ev);
	}
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE);
	if (emit(em, &ev) < 0)
		return -1;
	for (i = 0; i < n->n; i++) {
		if (emit_scalar(em, n->keys[i], strlen(n->keys[i]),
		    ilog_yaml_plain_safe(n->keys[i], strlen(n->keys[i])) ?
		    YAML_PLAIN_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE)
		    < 0 || emit_node(em, n->items[i]) < 0)
			return -1;
	}
	yaml_mapping_end_event_initialize(&ev);
	return emit(em, &ev);
}

static int
buf_writer(void *data, unsigned char *p, size_t n)
{
	ilog_buf_add(data, p, n);
	return 1;
}

int
ilog_yaml_emit(const struct ilog_node *doc, struct ilog_buf *out,
    struct ilog_err *e)
{
	yaml_emitter_t em;
	yaml_event_t ev;
	int rc = -1;

	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, buf_writer, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, -1);
	yaml_emitter_set_indent(&em, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if (emit(&em, &ev) < 0)
		goto done;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if (emit(&em, &ev) < 0 || emit_node(&em, doc) < 0)
		goto done;
	yaml_document_end_event_initialize(&ev, 1);
	if (emit(&em, &ev) < 0)
		goto done;
	yaml_stream_end_event_initialize(&ev);
	rc = emit(&em, &ev);
done:
	if (rc < 0)
		ilog_err_set(e, "cannot write YAML: %s",
		    em.problem ? em.problem : "invalid text (not UTF-8?)");
	yaml_emitter_delete(&em);
	return rc;
}
