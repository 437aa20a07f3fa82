#!/bin/sh
# ilog-add -e: the template is filled in as people do, and what they typed
# is what the report says (issue 11)
. "$(dirname "$0")/lib.sh"

setup_store

# The editor: a script that fills in the template as FILL says, as a person
# would in vi or nano (a sed script run over the file).
cat > "$TMP/ed" <<'SH'
#!/bin/sh
cp "$1" "$SEEN"
sed -i -e "$FILL" "$1"
SH
chmod +x "$TMP/ed"
export EDITOR=$TMP/ed SEEN=$TMP/seen
# add FILL: ilog-add -e with no terminal to ask on
add() {
	FILL=$1 setsid -w ilog-add -e </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
}
raw() { ilog-show --raw "$(cat "$TMP/out")" 2>/dev/null; }
field() {	# field PYTHON-EXPR: of the record just written, d
	raw | python3 -c 'import sys, yaml
d = yaml.safe_load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}

add 's/^summary: $/summary: Man at the gate/'
is "an untouched template with a summary: exit 0" "$rc" 0
ok "the template the editor saw has no flow style" \
	sh -c "! grep -v '^#' '$SEEN' | grep -q '[][{}]'"
ok "... nor in its comments" sh -c "! grep '^# *[a-z]*:.*[{[]' '$SEEN'"
is "an untouched template writes only when and what" \
	"$(field 'sorted(d)')" "['id', 'occurred', 'recorded', 'summary']"
ilog-md "$(cat "$TMP/out")" > "$TMP/report.md" 2>/dev/null
ok "the report has no 'What happened, in your own words.'" \
	sh -c "! grep -q 'What happened, in your own words' '$TMP/report.md'"
ok "... and no empty Location" sh -c "! grep -qi 'location:' '$TMP/report.md'"

# appearance: tall, beard is one value (the old template's flow map split
# it into appearance: tall and a key beard:)
add 's/^summary: $/summary: Man at the gate/
s/^# suspect: {name: , appearance: ,/suspect: {name: , appearance: tall, beard,/
s/^  appearance: $/  appearance: tall, beard/'
is "appearance: tall, beard: exit 0" "$rc" 0
is "... is stored as one value" "$(field 'd["suspect"]')" \
	"{'appearance': 'tall, beard'}"
ilog-md "$(cat "$TMP/out")" > "$TMP/report.md" 2>/dev/null
ok "... and the report has no stray 'beard:'" \
	sh -c "! grep -q 'beard:' '$TMP/report.md'"
ok "... but says tall, beard" grep -q 'tall.*, beard' "$TMP/report.md"

# a summary with ': ' in it, and other text that YAML would misread
add 's/^summary: $/summary: He said: you will regret this/
s/^location: $/location: #2 bus stop, Elm Road/
s/^  plate: $/  plate: - AB12 CDE "maybe"/
s/^impact: $/impact: Could not sleep: again/'
is "a summary with ': ': exit 0" "$rc $(cat "$TMP/err")" "0 "
is "... stored as typed" "$(field 'd["summary"]')" "He said: you will regret this"
is "a location starting with #: stored as typed" "$(field 'd["location"]')" \
	"#2 bus stop, Elm Road"
is "a plate starting with - and holding quotes: stored as typed" \
	"$(field 'd["vehicle"]["plate"]')" '- AB12 CDE "maybe"'
is "an impact with ': ': stored as typed" "$(field 'd["impact"]')" \
	"Could not sleep: again"

# details: the prompt's line goes, what was written under it stays
add 's/^summary: $/summary: Car again/
/What happened, in your own words/a\
  It stopped by the gate.'
is "details under the prompt: exit 0" "$rc" 0
is "... only what was written is kept" "$(field 'd["details"]')" \
	"It stopped by the gate."

# lists as "- item", and a witness filled in
add 's/^summary: $/summary: Followed home/
0,/^  - $/s//  - following/
s/^  - name: $/  - name: Jane Doe/
s/^    saw: $/    saw: him at the corner, 9pm/'
is "behaviour and a witness, block style: exit 0" "$rc $(cat "$TMP/err")" "0 "
is "... behaviour is the list" "$(field 'd["behaviour"]')" "['following']"
is "... the witness is one entry" "$(field 'd["witnesses"]')" \
	"[{'name': 'Jane Doe', 'saw': 'him at the corner, 9pm'}]"

# witness: Jane (a slip for witnesses) is refused, with the suggestion
n=$(count_files "$ILOG_DIR")
add 's/^summary: $/summary: Phone call/
$a\
witness: Jane'
is "witness: Jane: refused, exit 2" "$rc" 2
is "... nothing written" "$(count_files "$ILOG_DIR")" "$n"
ok "... the message asks: did you mean witnesses?" \
	grep -q "did you mean witnesses?" "$TMP/err"
ok "... and names the line" grep -q "line [0-9][0-9]*: 'witness'" "$TMP/err"
ok "... on one line, without the value" \
	sh -c "[ \$(wc -l < '$TMP/err') = 1 ] && ! grep -q Jane '$TMP/err'"
# and from stdin too
# on stdin, YAML may come from a newer version: kept, as ilog(5) says, with
# the same question
printf 'summary: Phone call\nwitness: Jane\n' | ilog-add > /dev/null 2> "$TMP/err"
is "witness: on stdin: kept, exit 0" "$?" 0
ok "... with a warning: did you mean witnesses?" \
	grep -q "stdin: incident 1: 'witness' is not a field.*did you mean witnesses?" "$TMP/err"

# a value YAML cannot read: the message names the line and the field
add 's/^summary: $/summary: Shouting/
s/^  - $/  - [shouting/'
is "a broken list item: refused" "$rc" 2
ok "... the message names the line and says what to change" \
	grep -q "line [0-9][0-9]*, behaviour: .*double quotes" "$TMP/err"

# a key written by a newer version, in a record in the store, keeps working:
# shown, and kept through ilog-edit (only what is typed new is refused)
N=$(id_after "$ILOG_DIR" newr)
printf 'id: %s\nrecorded: %s\noccurred: 2026-11-05T10:00:00Z\nsummary: From a newer ilog\nmood: calm\n' \
	"$N" "$(id_time "$N")" |
	gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$ILOG_DIR/$N.yaml.gpg"
ok "a stored record with a key this version does not know is shown" \
	sh -c "ilog-show '$N' 2>/dev/null | grep -qx 'mood: calm'"
cat > "$TMP/ed2" <<'SH'
#!/bin/sh
sed -i -e 's/^summary: .*/summary: From a newer ilog, changed/' "$1"
SH
chmod +x "$TMP/ed2"
EDITOR=$TMP/ed2 setsid -w ilog-edit "$N" </dev/null >/dev/null 2>"$TMP/err"
is "... and ilog-edit of it works" "$? $(cat "$TMP/err")" "0 "
ok "... keeping the key" sh -c "ilog-show '$N' 2>/dev/null | grep -qx 'mood: calm'"
done_testing
