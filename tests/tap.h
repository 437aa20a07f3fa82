/* tap.h: TAP output and clock helpers shared by the C unit tests */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int ntests, nfailed;

static int ok(int pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), unused));

static int
ok(int pass, const char *fmt, ...)
{
	va_list ap;

	ntests++;
	if (!pass)
		nfailed++;
	printf("%sok %d - ", pass ? "" : "not ", ntests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return pass;
}

/* The plan, last; the exit status says whether anything failed. */
static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", ntests);
	return nfailed != 0;
}

static void __attribute__((unused))
zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static time_t __attribute__((unused))
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}
