#!/bin/sh
# Crash and concurrency: kill -9 in the middle of writing leaves only whole
# records; two writers at once both get every record in.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'before the crash' > /dev/null

# check_store DIR: every record decrypts with plain gpg and parses, with the
# id its name says; prints the number of records, of bad ones, of distinct ids
PYTHON=$(pyyaml -c 'import sys; print(sys.executable)')
check_store() {
	rm -rf "$TMP/plain"
	mkdir "$TMP/plain"
	for f in "$1"/*.yaml.gpg; do
		[ -e "$f" ] || continue
		b=$TMP/plain/$(basename "$f" .yaml.gpg)
		gpg --quiet --batch -d "$f" > "$b" 2>/dev/null || mv "$b" "$b.bad"
	done
	"$PYTHON" -c 'import os, sys, yaml
d = sys.argv[1]
names = os.listdir(d)
bad, ids = 0, set()
for n in names:
    try:
        r = yaml.safe_load(open(os.path.join(d, n), encoding="utf-8"))
        assert isinstance(r, dict) and r["id"] == n and r["summary"]
        assert r["occurred"] and r["recorded"]
        ids.add(r["id"])
    except Exception:
        bad += 1
print(len(names), bad, len(ids))' "$TMP/plain"
}

# bursts of adds, killed with SIGKILL (the whole process group, gpg too)
burst() {
	setsid sh -c 'i=0; while [ $i -lt 30 ]; do i=$((i + 1))
		ilog-add -s "burst $1 number $i" -b watching > /dev/null 2>&1
	done' sh "$1" &
	pid=$!
	sleep "$2"
	kill -9 -"$pid"
	wait "$pid" 2>/dev/null
}
burst 1 1
burst 2 0.6
set -- $(check_store "$D")
n=$1
# a temp file cut short, as a crash between write and rename leaves it
head -c 100 "$(ls "$D"/*.yaml.gpg | head -n 1)" > "$D/.tmp-Crash1"
echo "# the kills left $((n - 1)) of 60 records written"
is "every record left decrypts with gpg and parses whole" "$2" 0
is "and each has its own id" "$3" "$n"
ls -A "$D" | grep -v -e '\.yaml\.gpg$' -e '^\.gpg-id\.gpg$' > "$TMP/stray"
is "nothing else is left but temp files" "$(grep -v '^\.tmp-' "$TMP/stray")" ""
echo "# $(($(wc -l < "$TMP/stray") - 1)) stray temp file(s) from the kills"
ilog-ls > "$TMP/ls" 2> "$TMP/err"
is "ilog-ls ignores the temp files and exits 0" "$? $(wc -c < "$TMP/err")" "0 0"
is "ilog-ls lists every record" "$(wc -l < "$TMP/ls")" "$n"
is "ilog-scan reads them all" "$(ilog-scan < "$TMP/ls" 2>&1 | wc -l)" "$n"
ok "every record is listed once" test "$(sort -u "$TMP/ls" | wc -l)" -eq "$n"
p=$(ilog-add -s 'after the crash')
is "ilog-add works after the crash" "$?" 0
is "and its record is the newest" "$(ls "$D"/*.yaml.gpg | tail -n 1)" "$p"
is "ilog-ls exits 0 with it" "$(ilog-ls | wc -l; echo $?)" "$((n + 1))
0"

# two writers at once, in a fresh store
T=$TMP/two
ilog-init -d "$T" "$FPR" 2>/dev/null
writer() {
	i=0
	while [ $i -lt 10 ]; do
		i=$((i + 1))
		ilog-add -d "$T" -s "writer $1 number $i" || echo "fail $1 $i" >&2
	done > "$TMP/w$1" 2> "$TMP/e$1"
}
writer a & pa=$!
writer b & pb=$!
wait $pa $pb
is "both writers succeed every time" "$(cat "$TMP/ea" "$TMP/eb")" ""
is "each printed 10 paths" "$(wc -l < "$TMP/wa") $(wc -l < "$TMP/wb")" "10 10"
is "the store holds 20 records" "$(ls "$T" | grep -c '\.yaml\.gpg$')" 20
is "20 distinct file names were printed" \
	"$(sort -u "$TMP/wa" "$TMP/wb" | wc -l)" 20
is "every record decrypts and parses, with 20 distinct ids" \
	"$(check_store "$T")" "20 0 20"
is "ilog-ls lists 20" "$(ilog-ls -d "$T" | wc -l)" 20
is "every summary is there once" \
	"$(ilog-ls -d "$T" | ilog-show -d "$T" | grep -c '^summary: writer [ab] number')" 20
done_testing
