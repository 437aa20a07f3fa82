/* replay.c: runs a fuzz target's entry point on files and directories of
 * files, with any compiler, so that make check replays every corpus. Prints
 * how many files it ran; a crash is the target's (or the sanitizer's). */
#include <dirent.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t nrun;

static void
run_file(const char *path)
{
	struct ilog_buf b = { 0 };
	uint8_t *exact;

	if (ilog_read_file(path, &b) < 0) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		exit(2);
	}
	/* a copy of the exact size, as libFuzzer gives: ASan sees overreads */
	exact = ilog_xmalloc(b.len ? b.len : 1);
	if (b.len)
		memcpy(exact, b.s, b.len);
	LLVMFuzzerTestOneInput(exact, b.len);
	free(exact);
	ilog_buf_free(&b);
	nrun++;
}

static void
run_path(const char *path)
{
	struct ilog_buf sub = { 0 };
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	if (!(dir = opendir(path))) {
		fprintf(stderr, "replay: %s: cannot open\n", path);
		exit(2);
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		sub.len = 0;
		ilog_buf_printf(&sub, "%s/%s", path, d->d_name);
		run_file(sub.s);
	}
	closedir(dir);
	ilog_buf_free(&sub);
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%zu\n", nrun);
	return 0;
}
