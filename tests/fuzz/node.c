/* node.c: fuzz the cache's tree decoder, ilog_node_decode. What decodes
 * must encode and decode again to the same tree and the same bytes. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ilog_buf a = { 0 }, b = { 0 };
	struct ilog_node *n, *m;

	if (!(n = ilog_node_decode((const char *)data, size)))
		return 0;
	ilog_node_encode(n, &a);
	m = ilog_node_decode(a.s, a.len);
	FUZZ_ASSERT(m && ilog_node_equal(n, m));
	ilog_node_encode(m, &b);
	FUZZ_ASSERT(a.len == b.len && memcmp(a.s, b.s, a.len) == 0);
	ilog_node_free(n);
	ilog_node_free(m);
	ilog_buf_free(&a);
	ilog_buf_free(&b);
	return 0;
}
