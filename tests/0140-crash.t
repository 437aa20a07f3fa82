#!/bin/sh
# Crash and concurrency: kill -9 in the middle of writing leaves only whole
# records; two writers at once both get every record in.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'before the crash' > /dev/null

# check_store DIR: every record decrypts with plain gpg and parses, with the
# id its name says; prints the number of records and of bad ones
check_store() {
	n=0 badn=0
	for f in "$1"/*.yaml.gpg; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		gpg --quiet --batch -d "$f" > "$TMP/plain" 2>/dev/null &&
		pyyaml -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
sys.exit(not (isinstance(d, dict) and d.get("id") == sys.argv[2]
	and d.get("summary") and d.get("occurred")))' "$TMP/plain" \
			"$(basename "$f" .yaml.gpg)" || badn=$((badn + 1))
	done
	echo "$n $badn"
}

# bursts of adds, killed with SIGKILL (the whole process group, gpg too)
burst() {
	setsid sh -c 'i=0; while [ $i -lt 30 ]; do i=$((i + 1))
		ilog-add -s "burst $1 number $i" -b watching > /dev/null 2>&1
	done' sh "$1" &
	pid=$!
	sleep "$2"
	kill -9 -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
burst 1 1
burst 2 0.6
burst 3 1.3
set -- $(check_store "$D")
n=$1
if [ "$n" -lt 91 ]; then
	ok "the bursts were cut short by kill -9 ($((n - 1)) of 90 written)" true
else
	echo "ok $((ntest += 1)) # SKIP every add finished before the kill"
fi
is "every record left decrypts with gpg and parses whole" "$2" 0
ls -A "$D" | grep -v -e '\.yaml\.gpg$' -e '^\.gpg-id\.gpg$' > "$TMP/stray"
is "nothing else is left but temp files" "$(grep -v '^\.tmp-' "$TMP/stray")" ""
echo "# $(wc -l < "$TMP/stray") stray temp file(s)"
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
is "every record decrypts and parses" "$(check_store "$T")" "20 0"
is "20 distinct ids inside" "$(for f in "$T"/*.yaml.gpg; do
	gpg --quiet --batch -d "$f" 2>/dev/null | sed -n 's/^id: //p'; done |
	sort -u | wc -l)" 20
is "ilog-ls lists 20" "$(ilog-ls -d "$T" | wc -l)" 20
is "every summary is there once" \
	"$(ilog-ls -d "$T" | ilog-show -d "$T" | grep -c '^summary: writer [ab] number')" 20
done_testing
