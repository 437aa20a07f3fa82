/* when.c: fuzz the date reader, ilog_when_parse. The first byte picks the
 * time zone (U, L, N, C: UTC, London, New York, Chatham at +12:45), the rest
 * is the date. What parses must format to RFC 3339 that reads back as the
 * same instant. */
#include "fuzz.h"

static const char *const zones[] = { "UTC", "Europe/London",
	"America/New_York", "Pacific/Chatham" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int zone = -1;
	struct ilog_when w, back;
	struct ilog_err e;
	char out[32], *s;
	time_t now = 1795000000;	/* 2026-11-18: fixed, for replays */

	if (size < 1)
		return 0;
	if (data[0] % 4 != zone) {
		zone = data[0] % 4;
		setenv("TZ", zones[zone], 1);
		tzset();
	}
	s = fuzz_str(data + 1, size - 1);
	if (ilog_when_parse(s, now, &w, &e) == 0) {
		ilog_when_format(&w, out);
		FUZZ_ASSERT(ilog_when_parse(out, now, &back, &e) == 0);
		FUZZ_ASSERT(back.t == w.t);
		ilog_when_format_utc(w.t, out);
		/* 9999-12-31T23:00:00-12:00 is in year 10000 in UTC, and
		 * 0000-01-01T00:00:00+14:00 in year -1 */
		if (out[0] != '-' && strlen(out) == 20) {
			FUZZ_ASSERT(ilog_when_parse(out, now, &back, &e) == 0);
			FUZZ_ASSERT(back.t == w.t);
		}
	} else
		FUZZ_ASSERT(e.msg[0] != '\0');
	free(s);
	return 0;
}
