#!/bin/sh
# The fuzz corpora (tests/fuzz/NAME/), replayed through each fuzz target with
# the normal compiler: every crash make fuzz ever found stays fixed.
. "$(dirname "$0")/lib.sh"

for t in $(cd "$TOP/tests/fuzz" && ls *.c | grep -v replay.c | sed "s/\\.c$//"); do
	bin=$TOP/tests/fuzz/bin/replay-$t
	n=$(ls "$TOP/tests/fuzz/$t" | wc -l | tr -d ' ')
	got=$("$bin" "$TOP/tests/fuzz/$t" 2> "$TMP/err")
	rc=$?
	if [ $rc -ne 0 ]; then	# name the files that crash
		for f in "$TOP/tests/fuzz/$t"/*; do
			"$bin" "$f" > /dev/null 2>&1 || echo "# crashes: $f"
		done
		sed 's/^/# /' "$TMP/err" | head -n 20
	fi
	is "$t: all $n corpus files run without a crash" "$rc $got" "0 $n"
done
done_testing
