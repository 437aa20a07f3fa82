#!/bin/sh
# Messages that help (issue 11), as a first-time user met them: a tag
# written as words gets the tag that would do; a date the form cannot read
# says what it can; a stray line in the form is named, not the one after
# it; the reason stays in the form when it opens again; counts are
# grammatical.
. "$(dirname "$0")/lib.sh"

setup_store
nrec() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }

# The editor: a script that fills in the form as FILL says (sed), and
# keeps a copy of what it was shown in $SEEN.N, N counting the rounds.
cat > "$TMP/ed" <<'SH'
#!/bin/sh
n=$(($(cat "$TMP/round" 2>/dev/null || echo 0) + 1))
echo $n > "$TMP/round"
cp "$1" "$TMP/seen.$n"
[ $n -eq 1 ] && sed -i -e "$FILL" "$1"
[ $n -eq 2 ] && sed -i -e "$FIX" "$1"
exit 0
SH
chmod +x "$TMP/ed"
export EDITOR=$TMP/ed TMP
add() {	# add FILL: ilog-add -e with no terminal to ask on
	rm -f "$TMP/round"
	FILL=$1 setsid -w ilog-add -e </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

add 's/^summary: $/summary: At the bus stop/
/^tags:$/{n;s/.*/  - Bus stop/}'
is "a tag in words in the form: exit 2" "$rc $(nrec)" "2 0"
is "... the message gives the tag that would do" "$(cat "$TMP/err")" \
	"ilog-add: bad tag 'Bus stop': use lower-case letters, digits, - and _, such as bus-stop; nothing written"

ilog-tag +'Work place' < /dev/null > /dev/null 2> "$TMP/err"; rc=$?
is "ilog-tag +'Work place': exit 2, the tag that would do" \
	"$rc $(cat "$TMP/err")" \
	"2 ilog-tag: bad tag 'Work place': use lower-case letters, digits, - and _, such as work-place"
ilog-pick -t 'café' < /dev/null > /dev/null 2> "$TMP/err"
is "a tag with no plain form: the rule alone" "$(cat "$TMP/err")" \
	"ilog-pick: bad tag 'café': use lower-case letters, digits, - and _"

add 's/^summary: $/summary: Followed me home/
s/^occurred: .*/occurred: last tuesday 9pm/'
is "a date the form cannot read: exit 2" "$rc $(nrec)" "2 0"
ok "... the message says what it can read" grep -qF \
	"ilog-add: occurred: bad date 'last tuesday 9pm': expected e.g. 2026-11-27, 2026-11-27 21:40, yesterday 18:00 or -2h" \
	"$TMP/err"

add '1s/.*/the car again/
s/^summary: $/summary: Car outside/'
is "words on a line of their own at the top: exit 2" "$rc $(nrec)" "2 0"
is "... that line is named, not the next field" "$(cat "$TMP/err")" \
	"ilog-add: line 1: not 'field: value'; begin it with a field name and ': ' (see ilog(5)), or with '#' for a comment; nothing written"

# At a terminal the form opens again, with the reason in it: the editor
# cleared the screen the message was on. script(1) gives the terminal.
if command -v script > /dev/null; then
	rm -f "$TMP/round"
	(sleep 2; printf '\n') | FILL='s/^summary: $/summary: At the bus stop/
/^tags:$/{n;s/.*/  - Bus stop/}' FIX='s/^  - Bus stop$/  - bus-stop/' \
		script -qec 'ilog-add -e' /dev/null > "$TMP/tty" 2>&1
	is "the form opened again at the terminal, then written" \
		"$(cat "$TMP/round") $(nrec)" "2 1"
	is "... its first line is the reason, as a comment" \
		"$(head -n 1 "$TMP/seen.2")" \
		"# ilog-add: bad tag 'Bus stop': use lower-case letters, digits, - and _, such as bus-stop"
	ok "... which is not written into the incident" sh -c \
		'! ilog-show "$(ilog-ls)" | grep -q "lower-case"'
	rm -f "$TMP/round"
	(sleep 2; printf '\n') | FILL='s/^summary: $/summary: Followed me/
s/^location: $/location: the park\nhe said stop/' FIX='/^he said stop$/d' \
		script -qec 'ilog-add -e' /dev/null > "$TMP/tty" 2>&1
	line=$(grep -n '^he said stop$' "$TMP/seen.2" | cut -d: -f1)
	is "... a reason with a line goes under that line" \
		"$(sed -n "$((line + 1))p" "$TMP/seen.2")" \
		"# ^ ilog-add: line $line: not 'field: value'; begin it with a field name and ': ' (see ilog(5)), or with '#' for a comment"
	is "... and once only" "$(grep -c '^# ^ ilog-add' "$TMP/seen.2")" 1
else
	echo "# no script(1): the form opened again is not tested"
fi

# naming an incident: too short, not one, more than one
a=$(ilog-add -s 'Car outside' -w '2026-11-01 21:00' 2>/dev/null)
b=$(ilog-add -s 'Car again' -w '2026-11-02 21:00' 2>/dev/null)
ilog-scan 202 < /dev/null > /dev/null 2> "$TMP/err"
is "a start of an ID too short: says how long" "$(cat "$TMP/err")" \
	"ilog-scan: 202: too short to name an incident: give 4 or more characters of its ID, as ilog-scan shows it"
ilog-scan yesterday < /dev/null > /dev/null 2> "$TMP/err"
is "a word for an ID: says where the IDs are, and what finds by date" \
	"$(cat "$TMP/err")" \
	"ilog-scan: yesterday: no such incident in $ILOG_DIR (ilog-scan shows the IDs; ilog-pick finds incidents by date or words)"
common=$(printf '%s\n' "${a##*/}" | cut -c 1-4)	# the year both were written
ilog-scan "$common" < /dev/null > /dev/null 2> "$TMP/err"
is "the start of two IDs: says to give more" "$(cat "$TMP/err")" \
	"ilog-scan: $common: more than one incident has an ID starting so: give more of it, as ilog-scan shows it"
ilog-add -D "$TMP/nonexist" -s 'Car' > /dev/null 2> "$TMP/err"
is "-D with a file not there: says why" "$(cat "$TMP/err")" \
	"ilog-add: $TMP/nonexist: No such file or directory; nothing written"

# counts, in a store of one incident
ilog-init -d "$TMP/one" "$FPR" > /dev/null 2>&1
ilog-add -d "$TMP/one" -s 'Car outside' > /dev/null
is "ilog-verify: 1 record, not 1 records" "$(ilog-verify -d "$TMP/one" 2>&1)" \
	"1 record, 0 evidence files: no problem found"
done_testing
