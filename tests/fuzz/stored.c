/* stored.c: fuzz the strict reader of stored times,
 * ilog_when_parse_stored. What it accepts must format back to a time it
 * reads as the same instant and offset, and the friendly reader
 * (ilog_when_parse) must read it as the same instant too: one record, one
 * instant. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ilog_when w, back;
	struct ilog_err e;
	char out[32], *s = fuzz_str(data, size);

	if (ilog_when_parse_stored(s, &w, &e) == 0) {
		FUZZ_ASSERT(w.offset % 60 == 0);
		ilog_when_format(&w, out);
		FUZZ_ASSERT(ilog_when_parse_stored(out, &back, &e) == 0);
		FUZZ_ASSERT(back.t == w.t && back.offset == w.offset);
		FUZZ_ASSERT(ilog_when_parse(s, 0, &back, &e) == 0);
		FUZZ_ASSERT(back.t == w.t);
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	free(s);
	return 0;
}
