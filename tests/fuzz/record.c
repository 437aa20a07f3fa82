/* record.c: fuzz the record reader: ilog_yaml_parse, then
 * ilog_record_check as for a stored record and as for user input. A record
 * that passes must survive emit -> parse -> check unchanged, and the cache
 * form (encode -> decode) must give the same tree. */
#include "fuzz.h"

static struct ilog_node *
reparse(const struct ilog_node *doc)
{
	struct ilog_buf out = { 0 };
	struct ilog_node **docs;
	struct ilog_node *d;
	struct ilog_err e;
	size_t n;

	FUZZ_ASSERT(ilog_yaml_emit(doc, &out, &e) == 0);
	if (ilog_yaml_parse(out.s, out.len, &docs, &n, &e) < 0) {
		fprintf(stderr, "emitted text does not parse: %s\n%.*s\n",
		    e.msg, (int)out.len, out.s);
		abort();
	}
	FUZZ_ASSERT(n == 1);
	d = docs[0];
	free(docs);
	ilog_buf_free(&out);
	return d;
}

static void
check_one(const struct ilog_node *doc, int from_user)
{
	struct ilog_node *d = ilog_node_copy(doc), *back, *dec;
	struct ilog_buf enc = { 0 };
	struct ilog_err e;

	if (ilog_record_check(d, from_user, &e) == 0) {
		ilog_record_order(d);
		back = reparse(d);
		FUZZ_ASSERT(ilog_node_equal(back, d));
		FUZZ_ASSERT(ilog_record_check(back, 0, &e) == 0);
		ilog_node_encode(d, &enc);
		dec = ilog_node_decode(enc.s, enc.len);
		FUZZ_ASSERT(dec && ilog_node_equal(dec, d));
		ilog_node_free(dec);
		ilog_node_free(back);
		ilog_buf_free(&enc);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	ilog_node_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ilog_node **docs = NULL;
	struct ilog_err e;
	size_t n = 0, i;

	if (ilog_yaml_parse((const char *)data, size, &docs, &n, &e) < 0) {
		FUZZ_ASSERT(e.msg[0] != '\0');
		return 0;
	}
	for (i = 0; i < n; i++) {
		check_one(docs[i], 0);
		check_one(docs[i], 1);
		ilog_node_free(docs[i]);
	}
	free(docs);
	return 0;
}
