/* cache.h: the cache's own records, for cache.c and the loader in log.c
 * only, as mblaze keeps its blaze822_priv.h: no program sees inside it */
#ifndef ILOG_CACHE_H
#define ILOG_CACHE_H

#include <sys/stat.h>

#include "ilog.h"

struct ilog_cache_entry {
	char key[65];		/* SHA-256 of the record file's ciphertext */
	struct ilog_sig sig;
	char digest[65];	/* SHA-256 of its plaintext */
	char form;		/* 't': a checked record as ilog_node_encode
				 * wrote it; 'p': plaintext */
	char id[ILOG_ID_MAX];	/* the record file's ID; "" for the list */
	struct ilog_file_stat st;	/* the file when its key was taken */
	const char *plain;
	size_t len;
};

struct ilog_cache {
	char *path, *store;
	struct ilog_buf blob;
	struct ilog_cache_entry *v;	/* as written: in ID order */
	struct ilog_cache_entry **bykey;	/* all, sorted by key */
	struct ilog_cache_entry **byid;	/* those with an ID, sorted by it */
	size_t n, nbyid;
	long long seen_ns;	/* when its files were first looked at */
};

void ilog_cache_load(struct ilog_store *s, struct ilog_cache *c,
	size_t nrecords);
const struct ilog_cache_entry *ilog_cache_find(const struct ilog_cache *c,
	const char *key);
long long ilog_cache_clock(const struct ilog_store *s);
int ilog_cache_racy(long long seen_ns, const struct ilog_file_stat *st);
const struct ilog_cache_entry *ilog_cache_find_stat(const struct ilog_cache *c,
	const char *id, const struct ilog_file_stat *st);
int ilog_cache_save(struct ilog_store *s, const struct ilog_cache *c,
	const struct ilog_cache_entry *v, size_t n, long long seen_ns);
void ilog_cache_free(struct ilog_cache *c);
int ilog_cache_lock(const struct ilog_store *s, int exclusive);
void ilog_cache_unlock(int fd);

#endif
