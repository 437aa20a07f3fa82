/* md.h: what the report's modules share; not part of the library's
 * interface (src/ilog.h) */

#define NBSP "\xc2\xa0"
#define REPLACEMENT "\xef\xbf\xbd"
#define DEPTH_MAX 12
#define INDENT_MAX (2 * DEPTH_MAX + 2)
#define DAY 86400LL
#define LINKS_MAX 12	/* incidents linked in a table cell */

/* md-text.c */
void md_when(struct ilog_buf *out, const struct ilog_when *w);
void md_day_of(const struct ilog_when *w, char out[11]);
void md_text_inline(struct ilog_buf *out, const struct ilog_node *map,
	const char *key);
void md_list_inline(struct ilog_buf *out, const struct ilog_node *seq);
size_t md_blank_before(const char *s, size_t len);
size_t md_blank_at(const char *s, size_t len);
void md_size(struct ilog_buf *out, const char *digits, int exact);
void md_hash(struct ilog_buf *out, const char *hex);

#define MD_PREFIX_MAX 16

/* An evidence file as an exhibit: the record that added it, the number of
 * the incident it belongs to. */
struct md_exhibit {
	const struct ilog_node *ev;
	size_t incident;
	const struct ilog_rec *added;
};

/* What every section is given: the incidents in the order they happened,
 * numbered from 1 in that order, and the exhibits. */
struct md_report {
	const struct ilog_log *log;
	struct ilog_incident **v;
	size_t n;
	const struct ilog_md_opts *o;
	struct md_exhibit *exhibits;
	size_t nexhibits;
	char prefix[MD_PREFIX_MAX];
};

/* md-text.c, too: what every section uses */
void md_spill(struct ilog_buf *out, const struct md_report *r);
int md_counted(const struct ilog_incident *inc);
size_t md_count_counted(struct ilog_incident *const *v, size_t n);
int md_has_behaviour(const struct ilog_incident *inc, const char *b);

/* md-redact.c: the log as the report shows it when fields are redacted */
#define MD_REDACTED "[redacted]"
int md_is_redacted(const char *s);
struct md_redacted {
	struct ilog_log log;		/* records and incidents, redacted */
	struct ilog_incident case_file;
	struct ilog_incident **v;	/* the incidents asked for, in it */
};
void md_redact(const struct ilog_log *log, struct ilog_incident *const *incs,
	size_t n, const struct ilog_redact *fields, struct md_redacted *r);
void md_redacted_free(struct md_redacted *r);


/* md-exhibits.c */
void md_exhibits_find(struct md_report *r);
const char *md_exhibit_label(const struct md_report *r,
	const struct ilog_node *ev, char *buf, size_t len);

/* md-incidents.c */
void md_incident_link(struct ilog_buf *out, const struct md_report *r,
	size_t no, const char *prefix);
void md_links(struct ilog_buf *out, const struct md_report *r,
	const size_t *which, size_t k, const char *prefix);

/* md-conduct.c: local days as numbers, and lists of linked incidents */
long md_day_number(const struct ilog_when *w);
void md_day_text(long day, char out[11]);

/* the course of conduct's parts: md-months.c, md-places.c */
void md_months(struct ilog_buf *out, const struct md_report *r);
void md_places(struct ilog_buf *out, const struct md_report *r);
void md_police(struct ilog_buf *out, const struct md_report *r);

/* the sections, in the order of the report */
void md_case(struct ilog_buf *out, const struct md_report *r);
void md_conduct(struct ilog_buf *out, const struct md_report *r);
void md_risk(struct ilog_buf *out, const struct md_report *r);
void md_timeline(struct ilog_buf *out, const struct md_report *r);
void md_exhibits(struct ilog_buf *out, const struct md_report *r);
void md_incidents(struct ilog_buf *out, const struct md_report *r);
void md_signature(struct ilog_buf *out, const struct ilog_store *s,
	const struct ilog_sig *sig);
void md_verification(struct ilog_buf *out, const struct md_report *r);
void md_statement(struct ilog_buf *out, const struct md_report *r);
