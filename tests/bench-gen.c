/* bench-gen: fill a store with N synthetic, signed and encrypted records for
 * make bench, fast: plaintexts are made in order (the prev chain needs each
 * digest), a batch at a time, each batch encrypted by several threads, one
 * gpgme context each.
 *
 *     tests/bench-gen [-j THREADS] [-s SEED] DIR N PLAIN
 *
 * DIR is a store made by ilog-init (its recipients and signer are used).
 * PLAIN receives every record's plaintext as one multi-document YAML stream,
 * the floor measurement's input (bench.sh encrypts it and removes it).
 * About one record in ten is an amendment tagging an earlier incident; about
 * one incident in five is tagged car. IDs are one second apart and end
 * before now. Everything is made up. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ilog.h"

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	unsigned long long x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state = x;
	return n ? (unsigned)((x >> 11) % n) : 0;
}

#define PICK(a) ((a)[rnd(sizeof (a) / sizeof *(a))])

static const char *const summaries[] = {
	"Grey car parked opposite the house again",
	"Seven missed calls from a withheld number",
	"He was waiting outside the office at 17:30",
	"Flowers left on the doorstep with no card",
	"Followed me from the station to the supermarket",
	"New account sent a friend request and messages",
	"Letter pushed through the door, no stamp",
	"Drove past the school gates twice at pick-up time",
	"Wing mirror of my car broken overnight",
	"Turned up at the gym and stood by the entrance",
	"Texts saying he knows where I will be on Saturday",
	"Parcel delivered that I never ordered",
	"Voicemail: \"You will regret this\"",
	"Seen in the garden of the flats at 02:10",
	"Posted photos of my front door online",
	"Tried to log in to my email account (alert from provider)",
	"Sat two tables away in the cafe for an hour",
	"Rang my mother asking where I live now",
	"Shouted at me across the road near the bus stop",
	"Someone tried the back door handle during the night",
};

static const char *const locations[] = {
	"Outside home, Elm Street",
	"Elm Street, opposite number 12",
	"Office car park, Riverside Business Park",
	"Northgate railway station, platform 2",
	"Tesco Extra, Mill Road",
	"St Anne's primary school, main gate",
	"PureGym, High Street",
	"Bus stop outside the library",
	"Corner Cafe, Market Square",
	"At home (phone)",
	"Online (Instagram)",
	"My mother's house, Oak Avenue",
	"Back garden, Elm Street",
	"Town centre, near the war memorial",
};

static const char *const sentences[] = {
	"I noticed him as soon as I came round the corner and stopped walking.",
	"He did not say anything but kept looking straight at me the whole time.",
	"I went back inside, locked the door and watched from the window.",
	"The car had its engine running and the lights off for about twenty minutes.",
	"I have kept the messages and taken screenshots with the times showing.",
	"My neighbour saw it too and said she would give a statement if needed.",
	"I changed my route home afterwards and asked a colleague to walk with me.",
	"This is the third time this month; see the earlier entries for the pattern.",
	"I rang 101 afterwards and was told to keep recording everything.",
	"He was wearing the same dark hoodie and grey trainers as last week.",
	"The number was withheld but the voice was clearly his.",
	"I did not reply or answer, as the police advised.",
	"When I looked again a few minutes later he had gone towards the main road.",
	"The doorbell camera caught part of it; the clip is saved on my phone.",
	"I felt sick and shaky for the rest of the evening and could not settle.",
	"My sister came over to stay the night because I did not want to be alone.",
	"There was nobody else around, which made it more frightening.",
	"I wrote this down about an hour after it happened, while it was fresh.",
	"He said \"we need to talk\" and \"you can't ignore me forever\".",
	"Nothing was taken, but the gate had been left open: I always close it.",
};

static const char *const impacts[] = {
	"Could not sleep; changed my route to work.",
	"Took the day off work; too anxious to go out.",
	"Now check the street before leaving the house every time.",
	"Stopped going to the gym in the evenings.",
	"Had the locks changed and a camera fitted (cost 240 pounds).",
	"Panic attack later that evening; saw my GP the next week.",
};

static const char *const tag_pool[] = { "night", "home", "work", "weekend",
	"phone", "evening", "school", "online", "kids", "morning" };

static const char *const behaviour_pool[] = { "contact", "driving-past",
	"following", "watching", "loitering", "accosting", "entering", "gifts",
	"goods", "threats", "property-damage", "violence", "online", "other" };

static const char *const channels[] = { "phone", "text", "email", "letter",
	"social", "in-person", "other" };

static const char *const amend_tags[] = { "+reported", "+for-court",
	"+car", "-night", "+repeat", "+evidence-kept" };

static struct ilog_node *
word_seq(const char *const *pool, size_t npool, unsigned n)
{
	struct ilog_node *seq = ilog_node_seq();
	unsigned k;

	for (k = 0; k < n; k++) {
		const char *w = pool[rnd((unsigned)npool)];

		if (!ilog_seq_has(seq, w))
			ilog_node_push(seq, ilog_node_str(w));
	}
	return seq;
}

static void
set_time(struct ilog_node *m, const char *key, time_t t, int offset)
{
	struct ilog_when w = { .t = t, .offset = offset };
	char out[32];

	ilog_when_format(&w, out);
	ilog_node_set(m, key, ilog_node_raw(out));
}

static struct ilog_node *
make_incident(time_t recorded, unsigned i)
{
	struct ilog_node *doc = ilog_node_map(), *tags, *n, *w;
	struct ilog_buf details = { 0 };
	int offset = rnd(2) ? 3600 : 0;
	time_t occurred = (recorded - 300 - (time_t)rnd(4 * 86400)) / 60 * 60;
	unsigned k, nsent = 5 + rnd(5);

	set_time(doc, "occurred", occurred, offset);
	if (rnd(3) == 0)
		set_time(doc, "until", occurred + 60 * (5 + rnd(90)), offset);
	ilog_node_set(doc, "summary", ilog_node_str(PICK(summaries)));
	ilog_node_set(doc, "behaviour", word_seq(behaviour_pool,
	    sizeof behaviour_pool / sizeof *behaviour_pool, 1 + rnd(3)));
	tags = word_seq(tag_pool, sizeof tag_pool / sizeof *tag_pool, rnd(3));
	if (i % 5 == 2)
		ilog_node_push(tags, ilog_node_str("car"));
	if (tags->n)
		ilog_node_set(doc, "tags", tags);
	else
		ilog_node_free(tags);
	ilog_node_set(doc, "location", ilog_node_str(PICK(locations)));
	if (rnd(2))
		ilog_node_set(doc, "channel", ilog_node_str(PICK(channels)));
	for (k = 0; k < nsent; k++) {
		ilog_buf_adds(&details, PICK(sentences));
		ilog_buf_addc(&details, k % 3 == 2 ? '\n' : ' ');
	}
	details.s[details.len - 1] = '\n';
	ilog_node_set(doc, "details", ilog_node_strn(details.s, details.len));
	ilog_buf_free(&details);
	n = ilog_node_map();
	ilog_node_set(n, "name", ilog_node_str("Mark Ellison"));
	if (rnd(2))
		ilog_node_set(n, "clothing", ilog_node_str("dark hoodie, grey "
		    "trainers"));
	ilog_node_set(doc, "suspect", n);
	if (i % 5 == 2 || rnd(8) == 0) {
		n = ilog_node_map();
		ilog_node_set(n, "make", ilog_node_str("Ford"));
		ilog_node_set(n, "model", ilog_node_str("Focus"));
		ilog_node_set(n, "colour", ilog_node_str("silver"));
		ilog_node_set(n, "plate", ilog_node_str("AB12 CDE"));
		ilog_node_set(doc, "vehicle", n);
	}
	if (rnd(4) == 0) {
		n = ilog_node_seq();
		w = ilog_node_map();
		ilog_node_set(w, "name", ilog_node_str("Sarah Patel (neighbour)"));
		ilog_node_set(w, "contact", ilog_node_str("07700 900412"));
		ilog_node_set(w, "saw", ilog_node_str("saw him at the gate"));
		ilog_node_push(n, w);
		ilog_node_set(doc, "witnesses", n);
	}
	if (rnd(6) == 0) {
		char ref[40];

		n = ilog_node_map();
		set_time(n, "reported", recorded - 60, 0);
		snprintf(ref, sizeof ref, "NC-%06u-%04u", i, rnd(10000));
		ilog_node_set(n, "reference", ilog_node_str(ref));
		ilog_node_set(doc, "police", n);
	}
	ilog_node_set(doc, "impact", ilog_node_str(PICK(impacts)));
	return doc;
}

static struct ilog_node *
make_amendment(char **incident_ids, size_t nincidents)
{
	struct ilog_node *doc = ilog_node_map(), *amends = ilog_node_seq();
	struct ilog_node *tags = ilog_node_seq();

	ilog_node_push(amends, ilog_node_raw(incident_ids[rnd((unsigned)
	    nincidents)]));
	ilog_node_set(doc, "amends", amends);
	ilog_node_push(tags, ilog_node_str(PICK(amend_tags)));
	ilog_node_set(doc, "tags", tags);
	ilog_node_set(doc, "note", ilog_node_str("tagged while reviewing the "
	    "log with my support worker"));
	return doc;
}

#define BATCH 2000

struct job {
	struct ilog_store *store;
	char **ids;
	struct ilog_buf *plain;
	size_t n, next, done, total;
	int failed;
	pthread_mutex_t lock;
};

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct ilog_crypt *c;
	struct ilog_buf cipher = { 0 };
	struct ilog_err e;
	char *path;
	size_t i;

	if (ilog_crypt_new(&c, &e) < 0) {
		ilog_warn("%s", e.msg);
		pthread_mutex_lock(&j->lock);
		j->failed = 1;
		pthread_mutex_unlock(&j->lock);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&j->lock);
		i = j->failed ? j->n : j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n)
			break;
		cipher.len = 0;
		path = ilog_store_record_path(j->store, j->ids[i]);
		if (ilog_crypt_encrypt(c, j->store->recipients,
		    j->store->nrecip, j->store->signer, j->plain[i].s,
		    j->plain[i].len, &cipher, &e) < 0 ||
		    ilog_write_new_file(path, cipher.s, cipher.len, &e) != 0) {
			ilog_warn("%s: %s", path, e.msg);
			pthread_mutex_lock(&j->lock);
			j->failed = 1;
			pthread_mutex_unlock(&j->lock);
		}
		free(path);
		pthread_mutex_lock(&j->lock);
		if (++j->done % 1000 == 0)
			fprintf(stderr, "bench-gen: %zu/%zu records written\n",
			    j->done, j->total);
		pthread_mutex_unlock(&j->lock);
	}
	ilog_buf_free(&cipher);
	ilog_crypt_free(c);
	return NULL;
}

static void
encrypt_all(struct job *j, int threads)
{
	pthread_t th[64];
	int i, started = 0;

	pthread_mutex_init(&j->lock, NULL);
	for (i = 0; i < threads; i++)
		if (pthread_create(&th[started], NULL, worker, j) == 0)
			started++;
	if (!started)
		worker(j);
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&j->lock);
}

/* The batch's plaintexts, appended in ID order to one YAML stream. */
static void
write_plain(int fd, const char *path, const struct ilog_buf *plain, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ilog_write_all(fd, "---\n", 4) < 0 ||
		    ilog_write_all(fd, plain[i].s, plain[i].len) < 0)
			ilog_die("%s: %s", path, strerror(errno));
}

int
main(int argc, char **argv)
{
	struct ilog_store store;
	struct ilog_chain chain = { "", "" };
	struct ilog_node *doc;
	struct ilog_err e;
	struct job j = { 0 };
	char **incident_ids, stamp[32], id[ILOG_ID_MAX];
	size_t n, i, k, nincidents = 0, bytes = 0;
	time_t base, t;
	int fd;
	int c, threads = 2 * ilog_jobs(0);

	ilog_prog = "bench-gen";
	while ((c = getopt(argc, argv, "j:s:")) != -1) {
		switch (c) {
		case 'j': threads = atoi(optarg); break;
		case 's': rng_state ^= strtoull(optarg, NULL, 10) *
			0x2545f4914f6cdd1dULL; break;
		default: goto usage;
		}
	}
	if (argc - optind != 3 || (n = strtoul(argv[optind + 1], NULL, 10)) < 1
	    || threads < 1 || threads > 64)
		goto usage;
	if (ilog_store_open(&store, &(struct ilog_opts){ .dir = argv[optind] },
	    &e) < 0 ||
	    ilog_store_recipients(&store, &e) < 0)
		ilog_die("%s", e.msg);
	for (i = 0; i < store.nrecip && !store.signer[0]; i++)
		if (ilog_trust_ours(&store, store.recipients[i]))
			snprintf(store.signer, sizeof store.signer, "%s",
			    store.recipients[i]);
	if (!store.signer[0])
		ilog_die("%s: no secret key for any recipient", store.dir);

	/* One second apart, the last one a minute before now. */
	base = time(NULL) - 60 - (time_t)n;
	if ((fd = open(argv[optind + 2], O_WRONLY | O_CREAT | O_TRUNC,
	    0600)) < 0)
		ilog_die("%s: %s", argv[optind + 2], strerror(errno));
	j.store = &store;
	j.total = n;
	j.ids = ilog_xcalloc(BATCH, sizeof *j.ids);
	j.plain = ilog_xcalloc(BATCH, sizeof *j.plain);
	incident_ids = ilog_xcalloc(n, sizeof *incident_ids);
	fprintf(stderr, "bench-gen: %zu records; encrypting with %d threads\n",
	    n, threads);
	/* In batches: gpgme forks a gpg for each record, and a fork costs by
	 * the size of what forks; all 100,000 plaintexts held at once made
	 * each fork ten times dearer. */
	for (i = 0; i < n; i += j.n) {
		j.n = n - i < BATCH ? n - i : BATCH;
		j.next = 0;
		for (k = 0; k < j.n; k++) {
			t = base + (time_t)(i + k);
			ilog_store_new_id(chain.id, t, id);
			if ((i + k) % 10 == 9 && nincidents > 0)
				doc = make_amendment(incident_ids, nincidents);
			else
				doc = make_incident(t, (unsigned)(i + k));
			if (ilog_record_check(doc, 1, &e) < 0)
				ilog_die("record %zu: %s", i + k, e.msg);
			ilog_node_set(doc, "id", ilog_node_raw(id));
			ilog_when_format_utc(t, stamp);
			ilog_node_set(doc, "recorded", ilog_node_raw(stamp));
			if (chain.digest[0])
				ilog_node_set(doc, "prev",
				    ilog_node_raw(chain.digest));
			ilog_record_order(doc);
			if (ilog_yaml_emit(doc, &j.plain[k], &e) < 0)
				ilog_die("record %zu: %s", i + k, e.msg);
			if (!ilog_record_is_amendment(doc))
				incident_ids[nincidents++] = ilog_xstrdup(id);
			ilog_node_free(doc);
			snprintf(chain.id, sizeof chain.id, "%s", id);
			ilog_sha256_hex(j.plain[k].s, j.plain[k].len,
			    chain.digest);
			j.ids[k] = ilog_xstrdup(id);
			bytes += j.plain[k].len;
		}
		write_plain(fd, argv[optind + 2], j.plain, j.n);
		encrypt_all(&j, threads);
		for (k = 0; k < j.n; k++) {
			ilog_buf_free(&j.plain[k]);
			free(j.ids[k]);
		}
	}
	if (close(fd) < 0)
		ilog_die("%s: %s", argv[optind + 2], strerror(errno));
	fprintf(stderr, "bench-gen: %zu records (%zu incidents), %zu bytes of "
	    "YAML (%zu per record)\n", n, nincidents, bytes, bytes / n);
	for (i = 0; i < nincidents; i++)
		free(incident_ids[i]);
	free(incident_ids);
	free(j.plain);
	free(j.ids);
	ilog_store_close(&store);
	return j.failed ? 2 : 0;
usage:
	fprintf(stderr, "usage: bench-gen [-j THREADS] [-s SEED] DIR N PLAIN\n");
	return 2;
}
