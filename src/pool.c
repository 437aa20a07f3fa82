/* pool.c: one piece of work on many items, on up to ilog_jobs(jobs) threads,
 * as the loader decrypts and the writer encrypts. Each thread has its own
 * gpgme context: a context may not be shared between threads. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "ilog.h"

struct pool {
	size_t n, next;
	ilog_pool_fn *fn;
	void *ctx;
	struct ilog_crypt **keep;	/* a context per thread, kept; or NULL */
	int threads;
	pthread_mutex_t lock;
};

int
ilog_jobs(int asked)
{
	const char *env = getenv("ILOG_JOBS");
	long n = asked > 0 ? asked : env ? strtol(env, NULL, 10) :
	    sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > ILOG_JOBS_MAX ? ILOG_JOBS_MAX : (int)n;
}

static int
pool_take(struct pool *p, size_t *i)
{
	int ok;

	pthread_mutex_lock(&p->lock);
	ok = p->next < p->n;
	*i = p->next++;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

static void *
pool_thread(void *arg)
{
	struct pool *p = arg;
	struct ilog_crypt *own = NULL, **c = &own;
	size_t i;

	pthread_mutex_lock(&p->lock);
	if (p->keep)
		c = &p->keep[p->threads];
	p->threads++;
	pthread_mutex_unlock(&p->lock);
	while (pool_take(p, &i))
		p->fn(p->ctx, i, c);
	ilog_crypt_free(own);
	return NULL;
}

void
ilog_pool_run(int jobs, size_t n, ilog_pool_fn *fn, void *ctx,
    struct ilog_crypt *keep[ILOG_JOBS_MAX])
{
	struct pool p = { .n = n, .fn = fn, .ctx = ctx, .keep = keep };
	pthread_t th[ILOG_JOBS_MAX];
	int want = ilog_jobs(jobs), i, started = 0;

	if ((size_t)want > n)
		want = n ? (int)n : 1;
	pthread_mutex_init(&p.lock, NULL);
	for (i = 1; i < want; i++)
		if (pthread_create(&th[started], NULL, pool_thread, &p) == 0)
			started++;
	pool_thread(&p);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&p.lock);
}
