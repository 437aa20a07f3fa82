/* fuzz.h: what the fuzz targets share. Each target is a libFuzzer entry
 * point; replay.c runs the same entry point on corpus files without clang. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant is a crash: libFuzzer saves the input. */
#define FUZZ_ASSERT(c) do { if (!(c)) { fprintf(stderr, \
	"%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #c); \
	abort(); } } while (0)

/* The input as a C string, for functions that take one. */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = ilog_xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The zone the low two bits of b name (UTC, London, New York, Chatham at
 * +12:45 with an old local mean time of +12:13:48); set only on a change. */
static inline void
fuzz_zone(unsigned b)
{
	static const char *const zones[] = { "UTC", "Europe/London",
		"America/New_York", "Pacific/Chatham" };
	static int zone = -1;

	if ((int)(b % 4) == zone)
		return;
	zone = (int)(b % 4);
	setenv("TZ", zones[zone], 1);
	tzset();
}

/* Well-formed UTF-8: no overlong forms, surrogates or values past
 * U+10FFFF. */
static inline int
fuzz_utf8(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + len;
	unsigned long c;
	int n, i;

	while (s < end) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		n = *s >= 0xf0 ? 3 : *s >= 0xe0 ? 2 : *s >= 0xc0 ? 1 : -1;
		if (n < 0 || *s > 0xf4 || end - s <= n)
			return 0;
		c = *s & (0x3f >> n);
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i] & 0x3f);
		}
		if (c < (n == 1 ? 0x80UL : n == 2 ? 0x800UL : 0x10000UL) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return 0;
		s += n + 1;
	}
	return 1;
}

/* What every importer gives ilog-import: times that the stored reader
 * reads back as the same instant and offset, and incidents that, when
 * ilog_record_check takes them, are written and read back unchanged. */
static inline void
fuzz_import_check(const struct ilog_import_list *l)
{
	struct ilog_node *doc, **docs;
	struct ilog_buf yaml = { 0 };
	struct ilog_when back;
	struct ilog_err e;
	char out[32], key[65];
	size_t i, n;

	for (i = 0; i < l->n; i++) {
		const struct ilog_import_msg *m = &l->v[i];

		FUZZ_ASSERT(!m->text || m->text[m->len] == '\0');
		ilog_when_format(&m->when, out);
		FUZZ_ASSERT(ilog_when_parse_stored(out, &back, &e) == 0);
		FUZZ_ASSERT(back.t == m->when.t);
		ilog_import_key(m, 0, key);
		doc = ilog_import_doc(m, "evidence/x", key);
		if (ilog_record_check(doc, 0, &e) == 0) {
			yaml.len = 0;
			FUZZ_ASSERT(ilog_yaml_emit(doc, &yaml, &e) == 0);
			FUZZ_ASSERT(ilog_yaml_parse(yaml.s, yaml.len, &docs, &n,
			    &e) == 0);
			FUZZ_ASSERT(n == 1 && ilog_node_equal(doc, docs[0]));
			ilog_node_free(docs[0]);
			free(docs);
		}
		ilog_node_free(doc);
	}
	ilog_buf_free(&yaml);
}
