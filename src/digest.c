/* digest.c: SHA-256 through libgcrypt, gpg's own crypto library */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gcrypt.h>

#include "ilog.h"

static pthread_once_t gcrypt_once = PTHREAD_ONCE_INIT;

/* libgcrypt wants its version checked once before any other call; ilog
 * keeps no secrets in it (hashes only), so no secure memory is needed. */
static void
gcrypt_init(void)
{
	if (!gcry_check_version(GCRYPT_VERSION))
		ilog_die("libgcrypt is older than the one ilog was built with");
	gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}

/* Bytes no one can guess in advance, for names that must not collide (a
 * nonce: libgcrypt's, which cannot fail as getrandom can). */
void
ilog_nonce(void *p, size_t n)
{
	pthread_once(&gcrypt_once, gcrypt_init);
	gcry_create_nonce(p, n);
}

void
ilog_sha256_init(struct ilog_sha256 *c)
{
	pthread_once(&gcrypt_once, gcrypt_init);
	if (gcry_md_open(&c->md, GCRY_MD_SHA256, 0) != 0)
		ilog_die("libgcrypt: SHA-256 is not available");
}

void
ilog_sha256_update(struct ilog_sha256 *c, const void *p, size_t n)
{
	gcry_md_write(c->md, p, n);
}

void
ilog_sha256_final(struct ilog_sha256 *c, unsigned char out[32])
{
	memcpy(out, gcry_md_read(c->md, GCRY_MD_SHA256), 32);
	gcry_md_close(c->md);
	c->md = NULL;
}

static void
to_hex(const unsigned char md[32], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

void
ilog_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];

	pthread_once(&gcrypt_once, gcrypt_init);
	gcry_md_hash_buffer(GCRY_MD_SHA256, md, p, n);
	to_hex(md, out);
}

void
ilog_sha256_final_hex(struct ilog_sha256 *c, char out[65])
{
	unsigned char md[32];

	ilog_sha256_final(c, md);
	to_hex(md, out);
}

#define FILE_BUF (64 * 1024)

int
ilog_sha256_file(const char *path, char out[65])
{
	unsigned char buf[FILE_BUF];
	struct ilog_sha256 c;
	ssize_t r;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	ilog_sha256_init(&c);
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r > 0)
			ilog_sha256_update(&c, buf, (size_t)r);
		else if (errno != EINTR)
			break;
	}
	saved = errno;
	close(fd);
	ilog_sha256_final_hex(&c, out);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	return 0;
}
