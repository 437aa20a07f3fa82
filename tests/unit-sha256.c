/* unit-sha256.c: ilog's SHA-256 (libgcrypt) against the FIPS 180-2 known
 * answers, fed whole, in pieces and from files; prints TAP */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"
#include "tap.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const struct {
	const char *name, *msg;
	size_t repeat;		/* msg repeated this many times */
	const char *hex;
} fips[] = {
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

static char *
repeated(const char *msg, size_t times, size_t *len)
{
	size_t n = strlen(msg), i;
	char *buf = ilog_xmalloc(n * times + 1);

	for (i = 0; i < times; i++)
		memcpy(buf + i * n, msg, n);
	*len = n * times;
	return buf;
}

/* Hash p fed in pieces of the given sizes, cycling. */
static void
hash_pieces(const char *p, size_t n, const size_t *sizes, size_t nsizes,
    char out[65])
{
	struct ilog_sha256 c;
	size_t i = 0, k;

	ilog_sha256_init(&c);
	while (n) {
		k = sizes[i++ % nsizes];
		k = k > n ? n : k;
		ilog_sha256_update(&c, p, k);
		p += k;
		n -= k;
	}
	ilog_sha256_final_hex(&c, out);
}

static void
known_answers(void)
{
	static const size_t ones[] = { 1 }, odd[] = { 0, 3, 64, 1, 127, 5, 200 };
	char hex[65], *buf, msg[131];
	size_t i, len;
	int good = 1;

	for (i = 0; i < NELEM(fips); i++) {
		buf = repeated(fips[i].msg, fips[i].repeat, &len);
		ilog_sha256_hex(buf, len, hex);
		ok(strcmp(hex, fips[i].hex) == 0, "%s, whole", fips[i].name);
		hash_pieces(buf, len, odd, NELEM(odd), hex);
		ok(strcmp(hex, fips[i].hex) == 0, "%s, in irregular pieces",
		    fips[i].name);
		free(buf);
	}
	memset(msg, 'a', sizeof msg);
	for (i = 0; i < NELEM(edges); i++) {
		ilog_sha256_hex(msg, edges[i].n, hex);
		good = good && strcmp(hex, edges[i].hex) == 0;
		hash_pieces(msg, edges[i].n, ones, 1, hex);
		good = good && strcmp(hex, edges[i].hex) == 0;
	}
	ok(good, "padding edges 55..128 bytes, whole and byte by byte");
}

static void
file_tests(void)
{
	char path[] = "/tmp/unit-sha256.XXXXXX", a[65], b[65], *buf;
	const size_t n = 3 * 65536 + 12345;	/* crosses the 64 KiB reads */
	size_t i;
	int fd;

	if ((fd = mkstemp(path)) < 0)
		ilog_die("%s: %s", path, strerror(errno));
	ok(ilog_sha256_file(path, a) == 0 && strcmp(a, fips[0].hex) == 0,
	    "an empty file");
	buf = ilog_xmalloc(n);
	for (i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + 3);
	if (ilog_write_all(fd, buf, n) != 0)
		ilog_die("%s: %s", path, strerror(errno));
	close(fd);
	ilog_sha256_hex(buf, n, b);
	ok(ilog_sha256_file(path, a) == 0 && strcmp(a, b) == 0,
	    "a %zu-byte file hashes as its bytes do", n);
	unlink(path);
	errno = 0;
	ok(ilog_sha256_file(path, a) == -1 && errno == ENOENT,
	    "a missing file: -1 and ENOENT");
	errno = 0;
	ok(ilog_sha256_file("/tmp", a) == -1 && errno == EISDIR,
	    "a directory: -1 and EISDIR");
	free(buf);
}

int
main(void)
{
	known_answers();
	file_tests();
	return done_testing();
}
