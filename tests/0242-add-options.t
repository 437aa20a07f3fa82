#!/bin/sh
# ilog-add: the fields filled on the spot as options, and messages that help
# when something looks wrong (issue 11)
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
get() {	# get FILE PYTHON-EXPR: of the record in FILE, d
	ilog-show --raw "$1" 2>/dev/null | python3 -c 'import sys, yaml
d = yaml.safe_load(sys.stdin)
print(eval(sys.argv[1]))' "$2"
}

# on the spot: the plate, the police reference, two witnesses, the impact
P=$(ilog-add -b driving-past -s 'Grey car drove past' --plate 'AB12 CDE' \
	--police-ref CAD-4411 --witness 'Sam Lee; 07700 900123; saw it stop; then leave' \
	--witness 'Ann;; heard the horn' --impact 'Kept the children inside' 2>"$TMP/err")
is "the options: exit 0, nothing on stderr" "$? $(cat "$TMP/err")" "0 "
is "--plate is vehicle.plate" "$(get "$P" 'd["vehicle"]')" "{'plate': 'AB12 CDE'}"
is "--police-ref is police.reference" "$(get "$P" 'd["police"]')" \
	"{'reference': 'CAD-4411'}"
is "--witness twice: two witnesses, parts split at ';', what they saw whole" \
	"$(get "$P" 'd["witnesses"]')" \
	"[{'name': 'Sam Lee', 'contact': '07700 900123', 'saw': 'saw it stop; then leave'}, {'name': 'Ann', 'saw': 'heard the horn'}]"
is "--impact is impact" "$(get "$P" 'd["impact"]')" "Kept the children inside"
ilog-add -s x --witness ' ; ; ' > /dev/null 2>"$TMP/err"
is "an empty --witness: refused, exit 2" "$?" 2
ok "... the message says what to give" grep -q "NAME; CONTACT; WHAT THEY SAW" "$TMP/err"
ilog-add --help > "$TMP/help"
ok "--help lists the new options" sh -c "grep -q -- --plate '$TMP/help' &&
	grep -q -- --police-ref '$TMP/help' && grep -q -- --witness '$TMP/help' &&
	grep -q -- --impact '$TMP/help'"

# free text typed on stdin, without -s
n=$(count_files "$D")
echo 'He was outside the house again tonight' | ilog-add > /dev/null 2>"$TMP/err"
is "free text on stdin: refused, exit 2" "$?" 2
ok "... the message says stdin takes YAML and shows -s SUMMARY -D -" \
	grep -q "stdin takes YAML.*ilog-add -s SUMMARY -D -" "$TMP/err"
ok "... and not the bare 'record: must be a set of fields'" \
	sh -c "! grep -q 'must be a set of fields' '$TMP/err'"
ok "... on one line, without the text" \
	sh -c "[ \$(wc -l < '$TMP/err') = 1 ] && ! grep -q outside '$TMP/err'"
echo 'He said: you will regret this' | ilog-add > /dev/null 2>"$TMP/err"
is "free text with ': ' on stdin: refused" "$?" 2
ok "... with the same help" grep -q "ilog-add -s SUMMARY -D -" "$TMP/err"
printf 'Outside at 9: [again\n' | ilog-add > /dev/null 2>"$TMP/err"
ok "free text YAML cannot read: the same help" grep -q "ilog-add -s SUMMARY -D -" "$TMP/err"
is "nothing written by any of them" "$(count_files "$D")" "$n"

# a date in the future: kept, with a warning
next=$(date -d '+2 days' +%Y-%m-%d)
F=$(ilog-add -w "$next 21:40" -s 'Typed the wrong day' 2>"$TMP/err")
is "a date in the future: written, exit 0" "$?" 0
ok "... and kept as given" sh -c "ilog-show '$F' | grep -q '^occurred: ${next}T21:40'"
ok "... with a one-line warning" sh -c \
	"[ \$(wc -l < '$TMP/err') = 1 ] && grep -q 'occurred .* is in the future: kept' '$TMP/err'"
ilog-add -w -2h -s 'Two hours ago' > /dev/null 2>"$TMP/err"
is "a date in the past: no warning" "$(cat "$TMP/err")" ""

# the same incident twice (the same diary entry pasted twice)
printf 'occurred: 2026-10-03 08:15\nsummary: At the bus stop\nbehaviour: [loitering]\n' > "$TMP/e.yaml"
ilog-add < "$TMP/e.yaml" > "$TMP/first" 2>"$TMP/err"
is "the first time: no warning" "$(cat "$TMP/err")" ""
ilog-add < "$TMP/e.yaml" > /dev/null 2>"$TMP/err"
is "the same again: written, exit 0" "$?" 0
ok "... with a warning naming the incident already there" \
	grep -q "stdin: incident 1: the same time, summary and behaviour as $(basename "$(cat "$TMP/first")" .yaml.gpg)" "$TMP/err"
printf 'occurred: 2026-10-03 08:15\nsummary: At the bus stop\nbehaviour: [watching]\n' |
	ilog-add > /dev/null 2>"$TMP/err"
is "another behaviour at the same time: no warning" "$(cat "$TMP/err")" ""
ilog-add -w '2026-10-03 08:15' -s 'At the bus stop' -b loitering > /dev/null 2>"$TMP/err"
ok "from options too" grep -q "^ilog-add: the same time, summary and behaviour as" "$TMP/err"
done_testing
