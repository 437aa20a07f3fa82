#!/bin/sh
# noted: an incident copied in later from a paper diary or a phone's notes
# says when the original note was made; the report does not call it late
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
day=$(date -d '-3 days' +%Y-%m-%d)	# three days ago, from the clock
n0=$(count_files "$D")

# She kept a paper diary; today she copies in what she wrote that night
P=$(ilog-add -s 'Car outside the house' -w "$day 21:40" --noted "$day 21:55" 2>"$TMP/err")
is "ilog-add --noted: exit 0, nothing on stderr" "$? $(cat "$TMP/err")" "0 "
ok "... noted is stored in RFC 3339, like occurred" sh -c \
	"ilog-show '$P' | grep -Eqx 'noted: ${day}T21:55:00[+-][0-9]{2}:[0-9]{2}'"
ilog-md "$P" > "$TMP/r.md" 2>/dev/null
ok "the report says it was copied from a note made at the time" \
	grep -q "copied on .* from a note made at the time (.*$day 21:55" "$TMP/r.md"
ok "... and not that it is not a note made at the time" \
	sh -c "! grep -q 'not a note made at the time' '$TMP/r.md'"
ok "... nor 'written down 3 days after'" \
	sh -c "! grep -q 'written down [0-9]' '$TMP/r.md'"
ok "... nor a separate noted: line" sh -c "! grep -qi 'noted:' '$TMP/r.md'"

# without noted, the same late entry is still called late
Q=$(ilog-add -s 'Car outside again' -w "$day 22:10")
ilog-md "$Q" > "$TMP/q.md" 2>/dev/null
ok "without noted: 'not a note made at the time', as before" \
	grep -q 'not a note made at the time' "$TMP/q.md"

n1=$(count_files "$D")
ilog-add -s 'Backwards' -w "$day 21:40" --noted "$day 20:00" > /dev/null 2>"$TMP/err"
is "noted before occurred: refused, exit 2" "$?" 2
ok "... the message names noted" grep -q '^ilog-add: noted: is before occurred' "$TMP/err"
ilog-add -s 'Ahead' -w "$day 21:40" --noted "$(date -d '+2 days' +%Y-%m-%d) 10:00" \
	> /dev/null 2>"$TMP/err"
is "noted in the future: refused, exit 2" "$?" 2
ok "... the message says why" grep -q '^ilog-add: noted: is after it was recorded' "$TMP/err"
ilog-add -s 'Bad' --noted 'the day after' > /dev/null 2>"$TMP/err"
is "a noted that is not a date: refused" "$?" 2
is "nothing written by the refused ones" "$(count_files "$D")" "$n1"

# on stdin and in the editor's template
R=$(printf 'occurred: %s 08:00\nsummary: Note from my phone\nnoted: %s 08:30\n' \
	"$day" "$day" | ilog-add)
ok "noted on stdin, in the friendly form, is stored in RFC 3339" sh -c \
	"ilog-show '$R' | grep -Eq '^noted: ${day}T08:30:00'"
cat > "$TMP/ed" <<SH
#!/bin/sh
grep -q '^noted: \$' "\$1" || exit 1
sed -i -e 's/^occurred: .*/occurred: $day 07:00/' \
	-e 's/^noted: \$/noted: $day 07:05/' -e 's/^summary: \$/summary: At the bus stop/' "\$1"
SH
chmod +x "$TMP/ed"
E=$(EDITOR=$TMP/ed setsid -w ilog-add -e </dev/null 2>"$TMP/err")
is "the template offers noted:" "$? $(cat "$TMP/err")" "0 "
ok "... and it is stored" sh -c "ilog-show '$E' | grep -Eq '^noted: ${day}T07:05:00'"

# the importers' CSV
printf 'date,time,summary,noted\n%s,19:00,From the spreadsheet,%s 19:20\n' \
	"$day" "$day" > "$TMP/log.csv"
ilog-import "$TMP/log.csv" > "$TMP/imp" 2>"$TMP/err"
is "ilog-import: a CSV with a noted column: exit 0" "$?" 0
ok "... noted is stored in RFC 3339" sh -c \
	"ilog-ls | ilog-show | grep -Eq '^noted: ${day}T19:20:00[+-]'"

# a record in the store whose noted is after recorded is refused by name
N=$(id_after "$D" ntd)
printf 'id: %s\nrecorded: %s\noccurred: %sT10:00:00Z\nsummary: planted\nnoted: 2099-01-01T00:00:00Z\n' \
	"$N" "$(id_time "$N")" "$day" |
	gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$N.yaml.gpg"
ilog-ls > /dev/null 2>"$TMP/err"
ok "a stored noted after recorded: the file is named as invalid" \
	grep -q "$N.yaml.gpg: .*noted" "$TMP/err"
ok "... and the message shows no content" sh -c "! grep -q planted '$TMP/err'"
done_testing
