/* recipients.c: fuzz the reader of the decrypted recipient list
 * (.gpg-id.gpg). Every fingerprint it keeps is one word of 8 to 40
 * characters with no blank and no comment in it. */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), **fprs = NULL;
	size_t n = 0, i, len;

	ilog_recipients_parse(s, &fprs, &n);
	for (i = 0; i < n; i++) {
		len = strlen(fprs[i]);
		FUZZ_ASSERT(len >= 8 && len < ILOG_FPR_MAX);
		FUZZ_ASSERT(strcspn(fprs[i], " \t\r\n#") == len);
		free(fprs[i]);
	}
	free(fprs);
	free(s);
	return 0;
}
