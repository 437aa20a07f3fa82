/* sha256.c: SHA-256 (FIPS 180-4), portable C11 with an x86-64 SHA-NI path */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

/*
 * The SHA extensions path is compiled with a function-level target
 * attribute, so the rest of the file (and the program) needs no -msha.
 * Define ILOG_NO_SHANI to leave it out.
 */
#if defined(__x86_64__) && !defined(ILOG_NO_SHANI) && \
    (defined(__clang__) ? __clang_major__ >= 4 : \
     (defined(__GNUC__) && __GNUC__ >= 5))
#define ILOG_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define ILOG_SHANI 0
#endif

_Static_assert(UINT_MAX == 0xffffffffu,
	"struct ilog_sha256 needs a 32-bit unsigned int");

/* Not in ilog.h: for the unit test only. */
void ilog_sha256_force_portable(int on);
int ilog_sha256_accel(void);

_Alignas(16) static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t
load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void
store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static inline uint32_t
ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))
#define S0(x)		(ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x)		(ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define s0(x)		(ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define s1(x)		(ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))

/* One round; the caller rotates the roles of a..h instead of moving data. */
#define RND(a, b, c, d, e, f, g, h, i, w) do {				\
	uint32_t t1_ = (h) + S1(e) + CH(e, f, g) + K[i] + (w);		\
	(d) += t1_;							\
	(h) = t1_ + S0(a) + MAJ(a, b, c);				\
} while (0)

/* Message schedule in a 16-word ring: W[i] for i >= 16. */
#define WX(i) (W[(i) & 15] += s1(W[((i) - 2) & 15]) +			\
	W[((i) - 7) & 15] + s0(W[((i) - 15) & 15]))

#define RND8(i, w) do {							\
	RND(a, b, c, d, e, f, g, h, (i) + 0, w((i) + 0));		\
	RND(h, a, b, c, d, e, f, g, (i) + 1, w((i) + 1));		\
	RND(g, h, a, b, c, d, e, f, (i) + 2, w((i) + 2));		\
	RND(f, g, h, a, b, c, d, e, (i) + 3, w((i) + 3));		\
	RND(e, f, g, h, a, b, c, d, (i) + 4, w((i) + 4));		\
	RND(d, e, f, g, h, a, b, c, (i) + 5, w((i) + 5));		\
	RND(c, d, e, f, g, h, a, b, (i) + 6, w((i) + 6));		\
	RND(b, c, d, e, f, g, h, a, (i) + 7, w((i) + 7));		\
} while (0)

#define W0(i) (W[i] = load_be32(p + 4 * (i)))

static void
blocks_portable(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	uint32_t W[16];
	uint32_t a, b, c, d, e, f, g, h;

	for (; nblocks; nblocks--, p += 64) {
		a = st[0]; b = st[1]; c = st[2]; d = st[3];
		e = st[4]; f = st[5]; g = st[6]; h = st[7];
		RND8(0, W0);
		RND8(8, W0);
		RND8(16, WX);
		RND8(24, WX);
		RND8(32, WX);
		RND8(40, WX);
		RND8(48, WX);
		RND8(56, WX);
		st[0] += a; st[1] += b; st[2] += c; st[3] += d;
		st[4] += e; st[5] += f; st[6] += g; st[7] += h;
	}
}

#if ILOG_SHANI

/*
 * Four rounds (4*i .. 4*i+3) on the ABEF/CDGH state.  m is the message
 * quad for these rounds.  The message schedule for later rounds is
 * interleaved by the callers through SCHED1/SCHED2.
 */
#define QRND_A(m, i)							\
	msg = _mm_add_epi32(m, _mm_load_si128((const __m128i *)(const void *)&K[4 * (i)])); \
	s1 = _mm_sha256rnds2_epu32(s1, s0, msg)
#define QRND_B()							\
	msg = _mm_shuffle_epi32(msg, 0x0e);				\
	s0 = _mm_sha256rnds2_epu32(s0, s1, msg)
/* next += sigma1 part, given the current and previous quads */
#define SCHED2(cur, prev, next)						\
	tmp = _mm_alignr_epi8(cur, prev, 4);				\
	next = _mm_add_epi32(next, tmp);				\
	next = _mm_sha256msg2_epu32(next, cur)
#define SCHED1(prev, cur)						\
	prev = _mm_sha256msg1_epu32(prev, cur)

__attribute__((target("sha,sse4.1")))
static void
blocks_shani(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i s0, s1, save0, save1, msg, tmp, m0, m1, m2, m3;

	/* Load a..h and rearrange into ABEF and CDGH. */
	tmp = _mm_loadu_si128((const __m128i *)(const void *)&st[0]);
	s1 = _mm_loadu_si128((const __m128i *)(const void *)&st[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xb1);		/* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1b);		/* EFGH */
	s0 = _mm_alignr_epi8(tmp, s1, 8);		/* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xf0);		/* CDGH */

	for (; nblocks; nblocks--, p += 64) {
		save0 = s0;
		save1 = s1;

		m0 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 0)), bswap);
		QRND_A(m0, 0);
		QRND_B();

		m1 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 16)), bswap);
		QRND_A(m1, 1);
		QRND_B();
		SCHED1(m0, m1);

		m2 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 32)), bswap);
		QRND_A(m2, 2);
		QRND_B();
		SCHED1(m1, m2);

		m3 = _mm_shuffle_epi8(_mm_loadu_si128(
		    (const __m128i *)(const void *)(p + 48)), bswap);
		QRND_A(m3, 3);
		SCHED2(m3, m2, m0);
		QRND_B();
		SCHED1(m2, m3);

		QRND_A(m0, 4);  SCHED2(m0, m3, m1); QRND_B(); SCHED1(m3, m0);
		QRND_A(m1, 5);  SCHED2(m1, m0, m2); QRND_B(); SCHED1(m0, m1);
		QRND_A(m2, 6);  SCHED2(m2, m1, m3); QRND_B(); SCHED1(m1, m2);
		QRND_A(m3, 7);  SCHED2(m3, m2, m0); QRND_B(); SCHED1(m2, m3);
		QRND_A(m0, 8);  SCHED2(m0, m3, m1); QRND_B(); SCHED1(m3, m0);
		QRND_A(m1, 9);  SCHED2(m1, m0, m2); QRND_B(); SCHED1(m0, m1);
		QRND_A(m2, 10); SCHED2(m2, m1, m3); QRND_B(); SCHED1(m1, m2);
		QRND_A(m3, 11); SCHED2(m3, m2, m0); QRND_B(); SCHED1(m2, m3);
		QRND_A(m0, 12); SCHED2(m0, m3, m1); QRND_B(); SCHED1(m3, m0);
		QRND_A(m1, 13); SCHED2(m1, m0, m2); QRND_B();
		QRND_A(m2, 14); SCHED2(m2, m1, m3); QRND_B();
		QRND_A(m3, 15); QRND_B();

		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
	}

	/* Back from ABEF/CDGH to a..h. */
	tmp = _mm_shuffle_epi32(s0, 0x1b);		/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);		/* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xf0);		/* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);		/* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&st[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&st[4], s1);
}

static int
cpu_has_shani(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid(1, eax, ebx, ecx, edx);
	/* SSSE3 (ecx 9) and SSE4.1 (ecx 19), always present with SHA */
	if ((ecx & (1u << 9)) == 0 || (ecx & (1u << 19)) == 0)
		return 0;
	__cpuid_count(7, 0, eax, ebx, ecx, edx);
	return (ebx & (1u << 29)) != 0;		/* SHA */
}

#endif /* ILOG_SHANI */

/*
 * -1 not yet known, 0 portable, 1 SHA-NI.  Racing threads compute the
 * same answer, so the cache needs no lock; relaxed atomics keep it a
 * well-defined race.
 */
#if ILOG_SHANI
static atomic_int accel = -1;
#endif
static atomic_int forced_portable = 0;

static int
use_shani(void)
{
#if ILOG_SHANI
	int a;

	if (atomic_load_explicit(&forced_portable, memory_order_relaxed))
		return 0;
	a = atomic_load_explicit(&accel, memory_order_relaxed);
	if (a < 0) {
		a = cpu_has_shani();
		atomic_store_explicit(&accel, a, memory_order_relaxed);
	}
	return a;
#else
	return 0;
#endif
}

void
ilog_sha256_force_portable(int on)
{
	atomic_store_explicit(&forced_portable, on != 0, memory_order_relaxed);
}

/* 1 if the SHA-NI path is in use (not forced off and supported). */
int
ilog_sha256_accel(void)
{
	return use_shani();
}

static void
blocks(struct ilog_sha256 *c, const unsigned char *p, size_t nblocks)
{
	uint32_t st[8];
	int i;

	for (i = 0; i < 8; i++)
		st[i] = c->h[i];
#if ILOG_SHANI
	if (use_shani())
		blocks_shani(st, p, nblocks);
	else
#endif
		blocks_portable(st, p, nblocks);
	for (i = 0; i < 8; i++)
		c->h[i] = st[i];
}

void
ilog_sha256_init(struct ilog_sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	int i;

	for (i = 0; i < 8; i++)
		c->h[i] = iv[i];
	c->len = 0;
	c->used = 0;
}

void
ilog_sha256_update(struct ilog_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	if (n == 0)
		return;
	c->len += n;
	if (c->used) {
		k = 64 - c->used;
		if (k > n)
			k = n;
		memcpy(c->block + c->used, p, k);
		c->used += k;
		p += k;
		n -= k;
		if (c->used < 64)
			return;
		blocks(c, c->block, 1);
		c->used = 0;
	}
	if (n >= 64) {
		k = n / 64;
		blocks(c, p, k);
		p += k * 64;
		n -= k * 64;
	}
	if (n) {
		memcpy(c->block, p, n);
		c->used = n;
	}
}

void
ilog_sha256_final(struct ilog_sha256 *c, unsigned char out[32])
{
	unsigned long long bits = c->len * 8;
	size_t u = c->used;
	int i;

	c->block[u++] = 0x80;
	if (u > 56) {
		memset(c->block + u, 0, 64 - u);
		blocks(c, c->block, 1);
		u = 0;
	}
	memset(c->block + u, 0, 56 - u);
	for (i = 0; i < 8; i++)
		c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	blocks(c, c->block, 1);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, c->h[i]);
	memset(c, 0, sizeof *c);
}

static void
to_hex(const unsigned char md[32], char out[65])
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hx[md[i] >> 4];
		out[2 * i + 1] = hx[md[i] & 15];
	}
	out[64] = '\0';
}

void
ilog_sha256_hex(const void *p, size_t n, char out[65])
{
	struct ilog_sha256 c;
	unsigned char md[32];

	ilog_sha256_init(&c);
	ilog_sha256_update(&c, p, n);
	ilog_sha256_final(&c, md);
	to_hex(md, out);
}

#define FILE_BUF (64 * 1024)

int
ilog_sha256_file(const char *path, char out[65])
{
	struct ilog_sha256 c;
	unsigned char md[32];
	unsigned char *buf;
	ssize_t r;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	buf = malloc(FILE_BUF);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	ilog_sha256_init(&c);
	for (;;) {
		r = read(fd, buf, FILE_BUF);
		if (r > 0) {
			ilog_sha256_update(&c, buf, (size_t)r);
			continue;
		}
		if (r == 0)
			break;
		if (errno == EINTR)
			continue;
		saved = errno;
		free(buf);
		close(fd);
		errno = saved;
		return -1;
	}
	free(buf);
	close(fd);
	ilog_sha256_final(&c, md);
	to_hex(md, out);
	return 0;
}
