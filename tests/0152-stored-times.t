#!/bin/sh
# Stored times are strict RFC 3339 with an offset: a record saying
# "yesterday" or "2026-11-27 21:40" names no one instant, so it is refused by
# its file name in every zone; what a user types is still read and stored
# with its offset.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -w '2026-11-01 21:00' > /dev/null
hand() {	# hand ID OCCURRED: a record written with plain gpg
	printf 'id: %s\nrecorded: %s\noccurred: %s\nsummary: hand-made\n' \
		"$1" "$(id_time "$1")" "$2" |
		gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$1.yaml.gpg"
}
NOOFF=$(id_after "$D" nooff)
hand "$NOOFF" '2026-11-27 21:40'
WORD=$(id_after "$D" word)
hand "$WORD" 'yesterday'

for zone in Europe/London America/New_York; do
	TZ=$zone ilog-ls > "$TMP/out" 2> "$TMP/err"
	is "$zone: ilog-ls exits 2 and lists only the good incident" \
		"$? $(wc -l < "$TMP/out")" "2 1"
	is "$zone: one line per bad record" "$(wc -l < "$TMP/err")" 2
	ok "$zone: naming the file without the offset" \
		grep -q "$NOOFF.yaml.gpg: occurred: not an RFC 3339 time with an offset" "$TMP/err"
	ok "$zone: and the one saying yesterday" \
		grep -q "$WORD.yaml.gpg: occurred: not an RFC 3339" "$TMP/err"
done
ilog-verify > /dev/null 2> "$TMP/err"
is "ilog-verify reports both" "$? $(grep -c 'RFC 3339' "$TMP/err")" "2 2"
rm "$D/$NOOFF.yaml.gpg" "$D/$WORD.yaml.gpg"

# typed by a user in New York: the offset in force there is stored
TZ=America/New_York ilog-add -s 'Call at night' -w '2026-11-27 21:40' > "$TMP/p"
printf 'occurred: yesterday 18:00\nsummary: from stdin\n' |
	TZ=America/New_York ilog-add >> "$TMP/p"
for zone in Europe/London America/New_York; do
	TZ=$zone ilog-show $(sed -n 1p "$TMP/p") > "$TMP/show"
	ok "$zone: the typed time is stored with New York's offset" \
		grep -qx 'occurred: 2026-11-27T21:40:00-05:00' "$TMP/show"
	TZ=$zone ilog-show $(sed -n 2p "$TMP/p") > "$TMP/show"
	ok "$zone: 'yesterday 18:00' on stdin is stored as an instant" \
		grep -Eqx 'occurred: [0-9]{4}-[0-9]{2}-[0-9]{2}T18:00:00-0[45]:00' "$TMP/show"
done
ilog-verify > /dev/null
is "then the store verifies" "$?" 0

# A year-0 date in a zone whose old local mean time has seconds (Chatham,
# +12:13:48) would be stored in UTC as year -1, which nothing reads back:
# refused as typed, nothing written.
n=$(count_files "$D")
TZ=Pacific/Chatham ilog-add -s 'typo' -w 0000-01-01 > /dev/null 2> "$TMP/err"
rc=$?
is "Chatham 0000-01-01: exit 2" "$rc" 2
is "... one line naming the value" "$(wc -l < "$TMP/err" | tr -d ' '):$(grep -c "bad date '0000-01-01': records keep the years 0000 to 9999" "$TMP/err")" "1:1"
is "... nothing written" "$(count_files "$D")" "$n"
TZ=Pacific/Chatham ilog-add -s 'the next day' -w 0000-01-02 > "$TMP/path" 2>&1
is "Chatham 0000-01-02 is stored" "$?:$(count_files "$D")" "0:$((n + 1))"
is "... and reads back, in UTC" "$(ilog-show $(cat "$TMP/path") | grep '^occurred:')" \
	"occurred: 0000-01-01T11:46:12+00:00"
ilog-verify > /dev/null
is "... and the store verifies" "$?" 0

done_testing
