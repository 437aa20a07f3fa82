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
