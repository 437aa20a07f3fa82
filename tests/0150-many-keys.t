#!/bin/sh
# A planted record of 200,000 keys: refused in a moment, with one line that
# names the file, and the other incidents still listed.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -b watching -w '2026-11-01 21:00' > /dev/null
BIG=$(id_after "$D" keys)
{
	echo "id: $BIG"
	echo "recorded: $(id_time "$BIG")"
	echo "occurred: 2026-11-02T10:00:00Z"
	echo "summary: many keys"
	seq 1 200000 | sed 's/^/k/; s/$/: v/'
} | gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$BIG.yaml.gpg"

timeout 20 ilog-ls > "$TMP/out" 2> "$TMP/err"
is "ilog-ls finishes within 20 s and exits 2" "$?" 2
is "one line on stderr" "$(wc -l < "$TMP/err")" 1
ok "it names the file and the cap" grep -q "$BIG.yaml.gpg: .*more than 1000 keys" "$TMP/err"
is "the other incident is still listed" "$(wc -l < "$TMP/out")" 1
timeout 20 ilog-verify > /dev/null 2> "$TMP/err"
is "ilog-verify finishes and reports it" "$? $(grep -c "$BIG" "$TMP/err")" "2 1"

done_testing
