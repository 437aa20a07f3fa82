/* node.c: YAML documents as trees; maps keep their key order */
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

static struct ilog_node *
node_new(enum ilog_kind kind)
{
	struct ilog_node *n = ilog_xcalloc(1, sizeof *n);

	n->kind = kind;
	return n;
}

struct ilog_node *
ilog_node_strn(const char *s, size_t len)
{
	struct ilog_node *n = node_new(ILOG_SCALAR);

	n->str = ilog_xstrndup(s, len);
	n->len = len;
	return n;
}

struct ilog_node *
ilog_node_str(const char *s)
{
	return ilog_node_strn(s, strlen(s));
}

struct ilog_node *
ilog_node_raw(const char *s)
{
	struct ilog_node *n = ilog_node_str(s);

	n->raw = 1;
	return n;
}

struct ilog_node *
ilog_node_seq(void)
{
	return node_new(ILOG_SEQ);
}

struct ilog_node *
ilog_node_map(void)
{
	return node_new(ILOG_MAP);
}

static void
node_reserve(struct ilog_node *n)
{
	if (n->n < n->cap)
		return;
	n->cap = n->cap ? n->cap * 2 : 8;
	n->items = ilog_xrealloc(n->items, n->cap * sizeof *n->items);
	if (n->kind == ILOG_MAP)
		n->keys = ilog_xrealloc(n->keys, n->cap * sizeof *n->keys);
}

void
ilog_node_push(struct ilog_node *seq, struct ilog_node *item)
{
	node_reserve(seq);
	seq->items[seq->n++] = item;
}

struct ilog_node *
ilog_node_copy(const struct ilog_node *n)
{
	struct ilog_node *c;
	size_t i;

	if (!n)
		return NULL;
	if (n->kind == ILOG_SCALAR) {
		c = ilog_node_strn(n->str, n->len);
		c->raw = n->raw;
		return c;
	}
	c = node_new(n->kind);
	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_MAP)
			ilog_node_set(c, n->keys[i], ilog_node_copy(n->items[i]));
		else
			ilog_node_push(c, ilog_node_copy(n->items[i]));
	}
	return c;
}

void
ilog_node_free(struct ilog_node *n)
{
	size_t i;

	if (!n)
		return;
	if (n->str) {
		ilog_wipe(n->str, n->len);
		free(n->str);
	}
	for (i = 0; i < n->n; i++) {
		if (n->keys)
			ilog_free_str(n->keys[i]);
		ilog_node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n);
}

static long
map_index(const struct ilog_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != ILOG_MAP)
		return -1;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return (long)i;
	return -1;
}

struct ilog_node *
ilog_node_get(const struct ilog_node *map, const char *key)
{
	long i = map_index(map, key);

	return i < 0 ? NULL : map->items[i];
}

const char *
ilog_node_text(const struct ilog_node *map, const char *key)
{
	const struct ilog_node *v = ilog_node_get(map, key);

	return v && v->kind == ILOG_SCALAR ? v->str : NULL;
}

void
ilog_node_set(struct ilog_node *map, const char *key, struct ilog_node *val)
{
	long i = map_index(map, key);

	if (i >= 0) {
		ilog_node_free(map->items[i]);
		map->items[i] = val;
		return;
	}
	ilog_node_append(map, key, val);
}

void
ilog_node_append(struct ilog_node *map, const char *key, struct ilog_node *val)
{
	node_reserve(map);
	map->keys[map->n] = ilog_xstrdup(key);
	map->items[map->n++] = val;
}

int
ilog_node_unset(struct ilog_node *map, const char *key)
{
	long i = map_index(map, key);
	size_t rest;

	if (i < 0)
		return 0;
	ilog_free_str(map->keys[i]);
	ilog_node_free(map->items[i]);
	rest = map->n - (size_t)i - 1;
	memmove(map->keys + i, map->keys + i + 1, rest * sizeof *map->keys);
	memmove(map->items + i, map->items + i + 1, rest * sizeof *map->items);
	map->n--;
	return 1;
}

int
ilog_node_equal(const struct ilog_node *a, const struct ilog_node *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->n != b->n)
		return 0;
	if (a->kind == ILOG_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (i = 0; i < a->n; i++) {
		if (a->kind == ILOG_MAP && strcmp(a->keys[i], b->keys[i]) != 0)
			return 0;
		if (!ilog_node_equal(a->items[i], b->items[i]))
			return 0;
	}
	return 1;
}

int
ilog_seq_has(const struct ilog_node *seq, const char *s)
{
	size_t i;

	if (!seq || seq->kind != ILOG_SEQ)
		return 0;
	for (i = 0; i < seq->n; i++)
		if (seq->items[i]->kind == ILOG_SCALAR &&
		    strcmp(seq->items[i]->str, s) == 0)
			return 1;
	return 0;
}

/* A compact form of a tree, for the cache: reading it back is much cheaper
 * than parsing YAML. Lengths are 4 bytes, little-endian. */
static void
put_u32(struct ilog_buf *out, size_t v)
{
	unsigned char b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	    (v >> 24) & 0xff };

	ilog_buf_add(out, b, 4);
}

void
ilog_node_encode(const struct ilog_node *n, struct ilog_buf *out)
{
	size_t i;

	if (n->kind == ILOG_SCALAR) {
		ilog_buf_addc(out, n->raw ? 'r' : 's');
		put_u32(out, n->len);
		ilog_buf_add(out, n->str, n->len);
		return;
	}
	ilog_buf_addc(out, n->kind == ILOG_MAP ? 'm' : 'q');
	put_u32(out, n->n);
	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_MAP) {
			put_u32(out, strlen(n->keys[i]));
			ilog_buf_adds(out, n->keys[i]);
		}
		ilog_node_encode(n->items[i], out);
	}
}

static int
get_u32(const char **p, const char *end, size_t *v)
{
	const unsigned char *b = (const unsigned char *)*p;

	if (end - *p < 4)
		return -1;
	*v = (size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 |
	    (size_t)b[3] << 24;
	*p += 4;
	return 0;
}

static struct ilog_node *
decode(const char **p, const char *end, int depth)
{
	struct ilog_node *n;
	size_t len, i, klen;
	char kind;

	if (*p >= end || depth > 64)
		return NULL;
	kind = *(*p)++;
	if (get_u32(p, end, &len) < 0)
		return NULL;
	if (kind == 's' || kind == 'r') {
		if ((size_t)(end - *p) < len)
			return NULL;
		n = ilog_node_strn(*p, len);
		n->raw = kind == 'r';
		*p += len;
		return n;
	}
	if (kind != 'm' && kind != 'q')
		return NULL;
	n = kind == 'm' ? ilog_node_map() : ilog_node_seq();
	for (i = 0; i < len; i++) {
		struct ilog_node *item;
		char *key = NULL;

		if (kind == 'm') {
			if (get_u32(p, end, &klen) < 0 ||
			    (size_t)(end - *p) < klen)
				goto fail;
			key = ilog_xstrndup(*p, klen);
			*p += klen;
		}
		if (!(item = decode(p, end, depth + 1))) {
			free(key);
			goto fail;
		}
		node_reserve(n);
		if (key)
			n->keys[n->n] = key;
		n->items[n->n++] = item;
	}
	return n;
fail:
	ilog_node_free(n);
	return NULL;
}

struct ilog_node *
ilog_node_decode(const char *p, size_t len)
{
	const char *end = p + len;
	struct ilog_node *n = decode(&p, end, 0);

	if (n && p != end) {
		ilog_node_free(n);
		return NULL;
	}
	return n;
}

/* Known keys first, in the order given; the rest after, as they were. */
void
ilog_node_order(struct ilog_node *map, const char *const *order)
{
	struct ilog_node tmp = *map;
	size_t i, k = 0;

	tmp.keys = ilog_xmalloc(map->n * sizeof *tmp.keys);
	tmp.items = ilog_xmalloc(map->n * sizeof *tmp.items);
	for (; *order; order++)
		for (i = 0; i < map->n; i++)
			if (map->keys[i] && strcmp(map->keys[i], *order) == 0) {
				tmp.keys[k] = map->keys[i];
				tmp.items[k++] = map->items[i];
				map->keys[i] = NULL;
			}
	for (i = 0; i < map->n; i++)
		if (map->keys[i]) {
			tmp.keys[k] = map->keys[i];
			tmp.items[k++] = map->items[i];
		}
	free(map->keys);
	free(map->items);
	map->keys = tmp.keys;
	map->items = tmp.items;
	map->cap = map->n;
}
