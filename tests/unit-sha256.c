/* unit-sha256.c: SHA-256 against FIPS 180-2 vectors; both code paths agree */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

/* Test hooks in sha256.c, deliberately not in ilog.h. */
extern void ilog_sha256_force_portable(int on);
extern int ilog_sha256_accel(void);

#define NTESTS 26

static int ntest, nfail;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%sok %d - ", cond ? "" : "not ", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void
skip(const char *what, const char *why)
{
	ntest++;
	printf("ok %d - %s # SKIP %s\n", ntest, what, why);
}

/* Hash with the data fed in pieces of the given sizes, cycling. */
static void
hash_chunked(const unsigned char *p, size_t n, const size_t *sizes,
    size_t nsizes, char out[65])
{
	struct ilog_sha256 c;
	unsigned char md[32];
	size_t i = 0, k;
	int j;

	ilog_sha256_init(&c);
	while (n) {
		k = sizes[i++ % nsizes];
		if (k > n)
			k = n;
		ilog_sha256_update(&c, p, k);
		p += k;
		n -= k;
	}
	ilog_sha256_final(&c, md);
	for (j = 0; j < 32; j++)
		snprintf(out + 2 * j, 3, "%02x", md[j]);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
xrand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void
fill_random(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(xrand() >> 32);
}

struct vec {
	const char *name;
	const char *msg;
	size_t repeat;		/* msg repeated this many times */
	const char *hex;
};

static const struct vec fips[] = {
	{ "FIPS empty", "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "FIPS abc", "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "FIPS 448-bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "FIPS 896-bit", "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ "FIPS one million 'a'", "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

/* Padding boundaries: 'a' repeated n times (checked with hashlib). */
static const struct {
	size_t n;
	const char *hex;
} edges[] = {
	{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
	{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
	{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
	{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
	{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	{ 127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a" },
	{ 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
};

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* 5 FIPS vectors + 1 edge group + 2 incremental checks: 8 per path */
static void
known_answers(const char *path)
{
	char hex[65], got[65];
	unsigned char *buf, msg[131];
	size_t i, j, len, split;
	int good;

	for (i = 0; i < NELEM(fips); i++) {
		len = strlen(fips[i].msg) * fips[i].repeat;
		buf = malloc(len + 1);
		if (!buf)
			ilog_die("out of memory");
		for (j = 0; j < fips[i].repeat; j++)
			memcpy(buf + j * strlen(fips[i].msg), fips[i].msg,
			    strlen(fips[i].msg));
		memset(hex, 'x', sizeof hex);
		ilog_sha256_hex(buf, len, hex);
		ok(strcmp(hex, fips[i].hex) == 0 && hex[64] == '\0',
		    "%s (%s)", fips[i].name, path);
		if (strcmp(hex, fips[i].hex) != 0)
			printf("#   got %s\n#  want %s\n", hex, fips[i].hex);
		free(buf);
	}

	good = 1;
	memset(msg, 'a', sizeof msg);
	for (i = 0; i < NELEM(edges); i++) {
		ilog_sha256_hex(msg, edges[i].n, hex);
		if (strcmp(hex, edges[i].hex) != 0) {
			printf("# length %zu: got %s\n", edges[i].n, hex);
			good = 0;
		}
	}
	ok(good, "padding edges 55..128 bytes (%s)", path);

	/* 131-byte message split at every offset 0..130 */
	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)(i * 7 + 3);
	ilog_sha256_hex(msg, sizeof msg, hex);
	good = 1;
	for (split = 0; split <= 130; split++) {
		struct ilog_sha256 c;
		unsigned char md[32];

		ilog_sha256_init(&c);
		ilog_sha256_update(&c, msg, split);
		ilog_sha256_update(&c, msg + split, sizeof msg - split);
		ilog_sha256_final(&c, md);
		for (j = 0; j < 32; j++)
			snprintf(got + 2 * j, 3, "%02x", md[j]);
		if (strcmp(got, hex) != 0) {
			printf("# split at %zu: got %s\n", split, got);
			good = 0;
		}
	}
	ok(good, "131-byte message split at every offset 0..130 (%s)", path);

	{
		static const size_t ones[] = { 1 };
		static const size_t odd[] = { 0, 3, 64, 1, 127, 5, 200, 63 };

		hash_chunked(msg, sizeof msg, ones, 1, got);
		good = strcmp(got, hex) == 0;
		hash_chunked(msg, sizeof msg, odd, NELEM(odd), got);
		good = good && strcmp(got, hex) == 0;
		ok(good, "byte-at-a-time and irregular updates (%s)", path);
	}
}

static void
cross_check(int accel)
{
	static const size_t big[] = {
		4095, 4096, 4097, 65535, 65536, 65537, 1000003, 4 << 20
	};
	static const size_t sizes[] = { 1, 13, 64, 100, 4096, 65, 7, 3000 };
	const size_t max = (size_t)4 << 20;
	unsigned char *buf = malloc(max + 16);
	char a[65], b[65];
	size_t len, off;
	int good, i;

	if (!buf)
		ilog_die("out of memory");
	fill_random(buf, max + 16);

	if (!accel) {
		skip("SHA-NI and portable agree on lengths 0..2048",
		    "no SHA-NI on this CPU");
		skip("SHA-NI and portable agree on large inputs",
		    "no SHA-NI on this CPU");
		skip("SHA-NI and portable agree on chunked updates",
		    "no SHA-NI on this CPU");
		free(buf);
		return;
	}

	good = 1;
	for (len = 0; len <= 2048; len++) {
		off = len % 16;		/* unaligned starts too */
		ilog_sha256_force_portable(1);
		ilog_sha256_hex(buf + off, len, a);
		ilog_sha256_force_portable(0);
		ilog_sha256_hex(buf + off, len, b);
		if (strcmp(a, b) != 0) {
			printf("# length %zu: portable %s sha-ni %s\n",
			    len, a, b);
			good = 0;
		}
	}
	ok(good, "SHA-NI and portable agree on lengths 0..2048");

	good = 1;
	for (i = 0; i < (int)NELEM(big); i++) {
		off = (size_t)i % 5;
		ilog_sha256_force_portable(1);
		ilog_sha256_hex(buf + off, big[i], a);
		ilog_sha256_force_portable(0);
		ilog_sha256_hex(buf + off, big[i], b);
		if (strcmp(a, b) != 0) {
			printf("# length %zu: portable %s sha-ni %s\n",
			    big[i], a, b);
			good = 0;
		}
	}
	ok(good, "SHA-NI and portable agree on large inputs");

	good = 1;
	for (i = 0; i < 200; i++) {
		len = (size_t)(xrand() % 20000);
		ilog_sha256_force_portable(1);
		hash_chunked(buf, len, sizes + i % 4, 4, a);
		ilog_sha256_force_portable(0);
		hash_chunked(buf, len, sizes + i % 4, 4, b);
		if (strcmp(a, b) != 0) {
			printf("# chunked length %zu differs\n", len);
			good = 0;
		}
	}
	ok(good, "SHA-NI and portable agree on chunked updates");
	free(buf);
}

static void
file_tests(void)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[4096], a[65], b[65];
	const size_t n = 3 * 65536 + 12345;	/* crosses the 64 KiB reads */
	unsigned char *buf = malloc(n);
	int fd, r;

	if (!buf)
		ilog_die("out of memory");
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	snprintf(path, sizeof path, "%s/unit-sha256.XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd < 0)
		ilog_die("mkstemp %s: %s", path, strerror(errno));

	r = ilog_sha256_file(path, a);
	ok(r == 0 && strcmp(a, fips[0].hex) == 0, "ilog_sha256_file on an "
	    "empty file");

	fill_random(buf, n);
	if (ilog_write_all(fd, buf, n) != 0)
		ilog_die("write %s: %s", path, strerror(errno));
	close(fd);
	memset(a, 'x', sizeof a);
	r = ilog_sha256_file(path, a);
	ilog_sha256_hex(buf, n, b);
	ok(r == 0 && strcmp(a, b) == 0 && a[64] == '\0',
	    "ilog_sha256_file on a %zu-byte file", n);

	ilog_sha256_force_portable(1);
	r = ilog_sha256_file(path, a);
	ilog_sha256_force_portable(0);
	ok(r == 0 && strcmp(a, b) == 0,
	    "ilog_sha256_file on the portable path");

	unlink(path);
	errno = 0;
	r = ilog_sha256_file(path, a);
	ok(r == -1 && errno == ENOENT, "missing file: -1 and ENOENT");

	errno = 0;
	r = ilog_sha256_file(tmpdir, a);
	ok(r == -1 && errno == EISDIR, "directory: -1 and EISDIR");
	free(buf);
}

int
main(void)
{
	int accel;

	printf("1..%d\n", NTESTS);
	accel = ilog_sha256_accel();
	printf("# SHA-NI %s\n", accel ? "available" : "not available");

	known_answers(accel ? "sha-ni" : "default");
	ilog_sha256_force_portable(1);
	ok(ilog_sha256_accel() == 0, "forcing the portable path takes effect");
	known_answers("portable");
	ilog_sha256_force_portable(0);
	ok(ilog_sha256_accel() == accel, "unforcing restores the default");

	cross_check(accel);
	file_tests();

	if (ntest != NTESTS) {
		printf("# ran %d tests, planned %d\n", ntest, NTESTS);
		return 1;
	}
	return nfail ? 1 : 0;
}
