/* unit-md.c: the Markdown escaper. With no argument, TAP: prose stays as
 * typed, markup is escaped where it stands. "unit-md inline|block" turns
 * each NUL-terminated string on stdin into a paragraph after a label, a
 * table cell or a list item (for 0310-md-escape.t, which renders them with cmark-gfm). */
#include <string.h>
#include <unistd.h>

#include "ilog.h"
#include "tap.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

static const struct {
	const char *in, *want;
} inline_cases[] = {
	/* prose, as typed */
	{ "Elm Street, outside my house", "Elm Street, outside my house" },
	{ "Voicemail at 02:13: 'You'll regret this. I know where you are.'",
	  "Voicemail at 02:13: 'You'll regret this. I know where you are.'" },
	{ "four-page letter (about 3 pages); \"really\"? yes! 50% #3 bus",
	  "four-page letter (about 3 pages); \"really\"? yes! 50% #3 bus" },
	{ "IMG_2041.jpg, Tom & Jerry, a > b, 1. first", "IMG_2041.jpg, Tom & "
	  "Jerry, a > b, 1. first" },
	{ "- not a list, # not a heading", "- not a list, # not a heading" },
	/* markup, escaped */
	{ "*stars* and _under_", "\\*stars\\* and \\_under\\_" },
	{ "`code` ~~gone~~", "\\`code\\` \\~\\~gone\\~\\~" },
	{ "[text](http://x)", "\\[text\\](http\\://x)" },
	{ "<b>bold</b> &amp; &#60;", "\\<b>bold\\</b> \\&amp; \\&#60;" },
	{ "a | b", "a \\| b" },
	{ "back\\slash", "back\\\\slash" },
	{ "see www.example.org", "see www\\.example.org" },
	{ "Title ##", "Title \\#\\#" },
	{ "__init__ x_", "\\_\\_init\\_\\_ x\\_" },
};

static const struct {
	const char *in, *want;
} block_cases[] = {
	{ "one\ntwo", "one\ntwo" },
	{ "one\n\ntwo", "one\\\n\xc2\xa0\\\ntwo" },
	{ "# h\n> q\n- l\n+ l\n===\n---\n1. x\n2) y",
	  "\\# h\n\\> q\\\n\\- l\\\n\\+ l\n\\===\n\\---\\\n1\\. x\\\n2\\) y" },
	{ "a\n    code", "a\\\n\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0" "code" },
	{ "so, it's 10:30.\nThen", "so, it's 10:30.\nThen" },
};

static void
run_cases(void)
{
	struct ilog_buf b = { 0 };
	size_t i;

	for (i = 0; i < NELEM(inline_cases); i++) {
		b.len = 0;
		ilog_md_inline(&b, inline_cases[i].in, strlen(inline_cases[i].in));
		ilog_buf_addc(&b, '\0');
		if (!ok(strcmp(b.s, inline_cases[i].want) == 0, "inline: %s",
		    inline_cases[i].in))
			printf("# got  %s\n# want %s\n", b.s, inline_cases[i].want);
	}
	for (i = 0; i < NELEM(block_cases); i++) {
		b.len = 0;
		ilog_md_block(&b, block_cases[i].in, strlen(block_cases[i].in), "");
		ilog_buf_addc(&b, '\0');
		if (!ok(strcmp(b.s, block_cases[i].want) == 0, "block %zu", i))
			printf("# got  %s\n# want %s\n", b.s, block_cases[i].want);
	}
	ilog_buf_free(&b);
}

/* Each string as a paragraph, a table cell and (block) a list item's text,
 * the documents separated by a form feed. */
static int
filter(const char *how)
{
	struct ilog_buf in = { 0 }, out = { 0 };
	size_t at, n;
	int block = strcmp(how, "block") == 0, rc;

	if (ilog_read_fd(STDIN_FILENO, &in) < 0)
		return 2;
	for (at = 0; at < in.len; at += n + 1) {
		n = strnlen(in.s + at, in.len - at);
		if (block) {
			ilog_buf_adds(&out, "Text:\\\n");
			ilog_md_block(&out, in.s + at, n, "");
			ilog_buf_adds(&out, "\n\f\n- **Details:**\\\n  ");
			ilog_md_block(&out, in.s + at, n, "  ");
		} else {
			ilog_buf_adds(&out, "Text: ");
			ilog_md_inline(&out, in.s + at, n);
			ilog_buf_adds(&out, "\n\f\n| Cell |\n| --- |\n| ");
			ilog_md_inline(&out, in.s + at, n);
			ilog_buf_adds(&out, " |");
		}
		ilog_buf_adds(&out, "\n\f\n");
	}
	rc = ilog_write_all(STDOUT_FILENO, out.s, out.len) < 0 ? 2 : 0;
	ilog_buf_free(&in);
	ilog_buf_free(&out);
	return rc;
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		return filter(argv[1]);
	run_cases();
	return done_testing();
}
