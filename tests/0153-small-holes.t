#!/bin/sh
# Small holes found by an attacker: a NUL in text, a summary given as a map,
# an empty pipe into ilog-add, an amendment blanking the summary or naming
# an incident twice, and a pattern that makes regcomp take gigabytes.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
P=$(ilog-add -s 'Grey car outside' -b watching -t van -w '2026-11-01 21:00')
ID=$(basename "$P" .yaml.gpg)
hand() {	# hand ID < YAML: a record written with plain gpg, signed by us
	gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$1.yaml.gpg"
}
NUL=$(id_after "$D" nul)
printf 'id: %s\nrecorded: %s\noccurred: 2026-11-02T10:00:00Z\nsummary: "x\\0y"\ntags: ["car\\0<script>"]\n' \
	"$NUL" "$(id_time "$NUL")" | hand "$NUL"
ilog-ls 2> "$TMP/err" | ilog-pick -t car > "$TMP/out" 2>/dev/null
is "a tag with a NUL does not match -t car" "$(cat "$TMP/out")" ""
ok "the record is refused, naming the file and the field" \
	grep -q "$NUL.yaml.gpg: summary: holds a NUL byte" "$TMP/err"

printf 'occurred: 2026-11-03 10:00\nsummary: {what: car}\n' | ilog-add \
	> /dev/null 2> "$TMP/err"
is "a summary given as a map: exit 2" "$?" 2
is "the message names the type" "$(cat "$TMP/err")" \
	"ilog-add: stdin: incident 1: summary: must be text, not a map"
printf 'occurred: 2026-11-03 10:00\nsummary: "a\\0b"\n' | ilog-add \
	> /dev/null 2> "$TMP/err"
is "a NUL in YAML on stdin: exit 2, naming the field" "$? $(cat "$TMP/err")" \
	"2 ilog-add: stdin: incident 1: summary: holds a NUL byte"

n=$(count_files "$D")
printf '' | ilog-add > "$TMP/out" 2> "$TMP/err"
is "an empty pipe into ilog-add: exit 2, nothing printed or written" \
	"$? $(wc -c < "$TMP/out") $(count_files "$D")" "2 0 $n"
is "it says stdin was empty" "$(cat "$TMP/err")" \
	"ilog-add: stdin is empty: nothing written"
printf '# just a comment\n' | ilog-add > /dev/null 2> "$TMP/err"
is "a pipe with no YAML document: exit 2" "$? $(cat "$TMP/err")" \
	"2 ilog-add: stdin: no YAML document in it: nothing written"
printf -- '---\noccurred: 2026-11-04 10:00\nsummary: one\n---\noccurred: 2026-11-04 11:00\nsummary: two\n' |
	ilog-add > "$TMP/out"
is "a pipe of two documents still writes two" "$? $(wc -l < "$TMP/out")" "0 2"

BLANK=$(id_after "$D" blank)
printf 'id: %s\nrecorded: %s\namends: [%s]\nset: {summary: ""}\n' \
	"$BLANK" "$(id_time "$BLANK")" "$ID" | hand "$BLANK"
ilog-show "$ID" > "$TMP/show" 2> "$TMP/err"
ok "an amendment blanking the summary is refused by its name" \
	grep -q "$BLANK.yaml.gpg: set: summary cannot be made empty" "$TMP/err"
ok "and the summary stays" grep -q "^summary: Grey car outside" "$TMP/show"

TWICE=$(id_after "$D" twice)
printf 'id: %s\nrecorded: %s\namends: [%s, %s]\nset: {location: Elm Street}\n' \
	"$TWICE" "$(id_time "$TWICE")" "$ID" "$ID" | hand "$TWICE"
ilog-show -r "$ID" > "$TMP/raw" 2>/dev/null
is "an amendment naming the incident twice is applied once" \
	"$(grep -c "^id: $TWICE" "$TMP/raw")" 1
rm "$D/$NUL.yaml.gpg" "$D/$BLANK.yaml.gpg"

ilog-ls | timeout 20 ilog-pick -g 'a++++++++++++++++++++++' > "$TMP/out" 2> "$TMP/err"
is "a pattern of stacked repetitions: exit 2 at once" "$?" 2
is "the message names the pattern and why" "$(cat "$TMP/err")" \
	"ilog-pick: bad pattern 'a++++++++++++++++++++++': a repetition of a repetition (such as a++)"
ilog-ls | timeout 20 ilog-pick -g 'x{1,32767}' > /dev/null 2> "$TMP/err"
is "a count above 255: exit 2 at once" "$? $(grep -c 'above 255' "$TMP/err")" "2 1"
ilog-ls | ilog-pick -g 'grey (car|van)' > "$TMP/out"
is "an ordinary pattern still matches" "$? $(wc -l < "$TMP/out")" "0 1"

done_testing
