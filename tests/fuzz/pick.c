/* pick.c: fuzz the filters of ilog-pick. The input is filter lines, each an
 * option letter and its argument ("tcar", "g^grey", "s2026-11-01"), then an
 * empty line, then an incident in YAML that every filter is matched against.
 */
#include "fuzz.h"

#define FILTERS_MAX 16

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ilog_filter f = { 0 };
	struct ilog_incident inc = { 0 };
	struct ilog_node **docs;
	struct ilog_err e;
	char *s = fuzz_str(data, size), *p = s, *nl, *args[FILTERS_MAX];
	size_t n, nargs = 0, i;

	while ((nl = strchr(p, '\n')) && nl != p && nargs < FILTERS_MAX) {
		*nl = '\0';
		args[nargs++] = p;
		p = nl + 1;
	}
	if (nl == p)
		p++;
	for (i = 0; i < nargs; i++)
		if (ilog_filter_add(&f, args[i][0], args[i] + 1, &e) < 0)
			FUZZ_ASSERT(e.msg[0] != '\0');
	if (ilog_yaml_parse(p, strlen(p), &docs, &n, &e) == 0) {
		for (i = 0; i < n; i++) {
			if (docs[i]->kind == ILOG_MAP) {
				inc.cur = docs[i];
				ilog_record_time(docs[i], "occurred",
				    &inc.occurred);
				(void)ilog_filter_match(&f, &inc);
			}
			ilog_node_free(docs[i]);
		}
		free(docs);
	}
	ilog_filter_free(&f);
	free(s);
	return 0;
}
