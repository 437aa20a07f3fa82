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

	if (len > UINT32_MAX)	/* inputs are capped far below */
		ilog_die("a text of %zu bytes: too long", len);
	n->str = ilog_xstrndup(s, len);
	n->len = (uint32_t)len;
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

/* A decoded tree's node takes its own copies before it first changes. */
static void
node_own(struct ilog_node *n)
{
	char **keys = n->keys;
	struct ilog_node **items = n->items;
	size_t i;

	if (!n->borrowed)
		return;
	n->borrowed = 0;
	if (n->kind == ILOG_SCALAR) {
		n->str = ilog_xstrndup(n->str, n->len);
		return;
	}
	n->cap = n->n;
	n->items = n->n ? ilog_xmalloc(n->n * sizeof *n->items) : NULL;
	if (n->n)
		memcpy(n->items, items, n->n * sizeof *n->items);
	if (n->kind != ILOG_MAP)
		return;
	n->keys = n->n ? ilog_xmalloc(n->n * sizeof *n->keys) : NULL;
	for (i = 0; i < n->n; i++)
		n->keys[i] = ilog_xstrdup(keys[i]);
}

static void
node_reserve(struct ilog_node *n)
{
	node_own(n);
	if (n->n < n->cap)
		return;
	if (n->cap > UINT32_MAX / 2)
		ilog_die("a list of %u items: too long", n->cap);
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
			ilog_node_append(c, n->keys[i],
			    ilog_node_copy(n->items[i]));
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
	for (i = 0; i < n->n; i++)
		ilog_node_free(n->items[i]);
	if (!n->borrowed) {
		if (n->str)
			ilog_wipe(n->str, n->len);
		free(n->str);
		for (i = 0; n->keys && i < n->n; i++)
			ilog_free_str(n->keys[i]);
		free(n->keys);
		free(n->items);
	}
	if (!n->in_block)	/* a decoded tree's root: its whole block */
		free(n);
}

static long
map_index(const struct ilog_node *map, const char *key)
{
	size_t i;

	if (!map || map->kind != ILOG_MAP)
		return -1;
	for (i = 0; i < map->n; i++)
		if (map->keys[i][0] == key[0] &&	/* most differ at once */
		    strcmp(map->keys[i], key) == 0)
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
	node_own(map);
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
 * than parsing YAML. Lengths are 4 bytes, little-endian; every text ends
 * in a NUL, so that a decoded tree can point into the form. */
static void
put_u32(struct ilog_buf *out, size_t v)
{
	unsigned char b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	    (v >> 24) & 0xff };

	ilog_buf_add(out, b, 4);
}

static void
put_text(struct ilog_buf *out, const char *s, size_t len)
{
	put_u32(out, len);
	ilog_buf_add(out, s, len);
	ilog_buf_addc(out, '\0');
}

void
ilog_node_encode(const struct ilog_node *n, struct ilog_buf *out)
{
	size_t i;

	if (n->kind == ILOG_SCALAR) {
		ilog_buf_addc(out, n->raw ? 'r' : 's');
		put_text(out, n->str, n->len);
		return;
	}
	ilog_buf_addc(out, n->kind == ILOG_MAP ? 'm' : 'q');
	put_u32(out, n->n);
	for (i = 0; i < n->n; i++) {
		if (n->kind == ILOG_MAP)
			put_text(out, n->keys[i], strlen(n->keys[i]));
		ilog_node_encode(n->items[i], out);
	}
}

static size_t
read_u32(const char **p)
{
	const unsigned char *b = (const unsigned char *)*p;

	*p += 4;
	return (size_t)b[0] | (size_t)b[1] << 8 | (size_t)b[2] << 16 |
	    (size_t)b[3] << 24;
}

static int
get_u32(const char **p, const char *end, size_t *v)
{
	if (end - *p < 4)
		return -1;
	*v = read_u32(p);
	return 0;
}

/* A length, its bytes and their NUL; a key may hold no other NUL. */
static const char *
get_text(const char **p, const char *end, size_t *len, int key)
{
	const char *s;

	if (get_u32(p, end, len) < 0 || (size_t)(end - *p) <= *len ||
	    (*p)[*len] != '\0' || (key && memchr(*p, '\0', *len)))
		return NULL;
	s = *p;
	*p += *len + 1;
	return s;
}

/* What a decoded tree needs: its nodes, and the slots of its arrays (a
 * sequence's items; a map's items and keys). */
struct decode_size {
	size_t nodes, slots;
};

/* The tree's shape, checked, without building it. */
static int
decode_measure(const char **p, const char *end, int depth,
    struct decode_size *sz)
{
	size_t len, i, klen;
	char kind;

	if (*p >= end || depth > 64)
		return -1;
	kind = *(*p)++;
	sz->nodes++;
	if (kind == 's' || kind == 'r')
		return get_text(p, end, &len, 0) ? 0 : -1;
	if ((kind != 'm' && kind != 'q') || get_u32(p, end, &len) < 0 ||
	    len > (size_t)(end - *p))	/* each item takes a byte at least */
		return -1;
	sz->slots += kind == 'm' ? 2 * len : len;
	for (i = 0; i < len; i++)
		if ((kind == 'm' && !get_text(p, end, &klen, 1)) ||
		    decode_measure(p, end, depth + 1, sz) < 0)
			return -1;
	return 0;
}

struct decode_block {
	struct ilog_node *nodes;
	void **slots;	/* items, and keys after them in maps */
};

/* Builds the tree decode_measure checked, in its block. */
static struct ilog_node *
decode_build(const char **p, struct decode_block *b)
{
	struct ilog_node *n = b->nodes++;
	size_t len, i, klen;
	char kind = *(*p)++;

	n->borrowed = n->in_block = 1;
	if (kind == 's' || kind == 'r') {
		n->kind = ILOG_SCALAR;
		n->raw = kind == 'r';
		n->len = read_u32(p);
		n->str = (char *)*p;
		*p += n->len + 1;
		return n;
	}
	n->kind = kind == 'm' ? ILOG_MAP : ILOG_SEQ;
	len = read_u32(p);
	n->n = n->cap = len;
	n->items = (struct ilog_node **)b->slots;
	b->slots += len;
	if (kind == 'm') {
		n->keys = (char **)b->slots;
		b->slots += len;
	}
	for (i = 0; i < len; i++) {
		if (kind == 'm') {
			klen = read_u32(p);
			n->keys[i] = (char *)*p;
			*p += klen + 1;
		}
		n->items[i] = decode_build(p, b);
	}
	return n;
}

struct ilog_node *
ilog_node_decode(const char *p, size_t len)
{
	const char *end = p + len, *q = p;
	struct decode_size sz = { 0, 0 };
	struct decode_block b;
	struct ilog_node *root;

	if (decode_measure(&q, end, 0, &sz) < 0 || q != end)
		return NULL;
	root = ilog_xcalloc(1, sz.nodes * sizeof *root +
	    sz.slots * sizeof (void *));
	b.nodes = root;
	b.slots = (void **)(root + sz.nodes);
	decode_build(&p, &b);
	root->in_block = 0;	/* freeing it frees the block */
	return root;
}

/*
 * The top-level scalars of an encoded map named by keys[0..n-1], read
 * without building the tree: vals[i] points into the form (its text ends
 * in a NUL there), or is NULL when the key is absent or not a scalar;
 * present[i] says whether the key is there at all. Returns -1 when the
 * form is not one ilog_node_decode would take.
 */
int
ilog_node_peek(const char *p, size_t len, const char *const *keys,
    size_t n, const char **vals, int *present)
{
	const char *end = p + len, *key, *item;
	struct decode_size sz = { 0, 0 };
	size_t count, klen, i, k;

	for (k = 0; k < n; k++)
		vals[k] = NULL, present[k] = 0;
	if (p >= end || *p++ != 'm' || get_u32(&p, end, &count) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (!(key = get_text(&p, end, &klen, 1)))
			return -1;
		item = p;
		if (decode_measure(&p, end, 1, &sz) < 0)
			return -1;
		for (k = 0; k < n; k++)
			if (key[0] == keys[k][0] && strcmp(key, keys[k]) == 0) {
				present[k] = 1;
				vals[k] = *item == 's' || *item == 'r' ?
				    item + 5 : NULL;
			}
	}
	return p == end ? 0 : -1;
}

/* Known keys first, in the order given; the rest after, as they were. */
void
ilog_node_order(struct ilog_node *map, const char *const *order)
{
	struct ilog_node tmp;
	size_t i, k = 0;

	node_own(map);
	tmp = *map;

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
