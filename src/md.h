/* md.h: what the report's modules share; not part of the library's
 * interface (src/ilog.h) */

#define NBSP "\xc2\xa0"
#define REPLACEMENT "\xef\xbf\xbd"
#define DEPTH_MAX 12
#define INDENT_MAX (2 * DEPTH_MAX + 2)
#define DAY 86400LL

/* md-text.c */
void md_when(struct ilog_buf *out, const struct ilog_when *w);
void md_day_of(const struct ilog_when *w, char out[11]);
void md_text_inline(struct ilog_buf *out, const struct ilog_node *map,
	const char *key);
void md_list_inline(struct ilog_buf *out, const struct ilog_node *seq);
size_t md_blank_before(const char *s, size_t len);
size_t md_blank_at(const char *s, size_t len);

/* md.c */
int md_counted(const struct ilog_incident *inc);
size_t md_count_counted(struct ilog_incident *const *v, size_t n);

/* the sections, in the order of the report */
void md_pattern(struct ilog_buf *out, struct ilog_incident *const *v,
	size_t n);
void md_timeline(struct ilog_buf *out, struct ilog_incident *const *v,
	size_t n);
void md_incidents(struct ilog_buf *out, const struct ilog_store *s,
	struct ilog_incident *const *v, size_t n);
void md_signature(struct ilog_buf *out, const struct ilog_store *s,
	const struct ilog_sig *sig);
void md_verification(struct ilog_buf *out, const struct ilog_log *log,
	struct ilog_incident *const *v, size_t n);
