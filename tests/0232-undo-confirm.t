#!/bin/sh
# Mistakes put right without deleting anything: a withdrawal undone, and a
# tag typed at the terminal with no incident named asked about first.
. "$(dirname "$0")/lib.sh"

setup_store
a=$(ilog-add -s 'Grey car outside' -b watching -w '2026-10-01 21:00')
b=$(ilog-add -s 'Silent call at 3am' -b contact -w '2026-10-02 03:00')
nrec() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }

# The user withdraws the wrong incident, then reinstates it.
ilog-withdraw -m 'meant the other one' "$b" > /dev/null
is "withdrawn: ilog-ls leaves it out" "$(ilog-ls)" "$a"
n=$(nrec)
out=$(ilog-withdraw --undo -m 'withdrawn by mistake' "$b" 2> "$TMP/err"); rc=$?
is "ilog-withdraw --undo: exit 0, the incident's path" "$rc $out" "0 $b"
is "... one amendment written, nothing deleted" "$(nrec)" $((n + 1))
is "... ilog-ls lists it again" "$(ilog-ls)" "$a
$b"
ok "... ilog-scan shows it without the W mark" sh -c \
	'ilog-scan "$1" | grep -Eq "^2026-10-02 03:00   [0-9T]+Z?-?[a-z0-9]*  contact +Silent call"' - "$b"
ok "... ilog-show -a has no withdrawn field" sh -c \
	'! ilog-show "$1" | grep -q "^withdrawn"' - "$b"
am=$(ls "$ILOG_DIR"/*.yaml.gpg | sort | tail -n 1)
plain=$(gpg --quiet --batch -d "$am" 2>/dev/null)
ok "... the amendment, read with plain gpg, removes the withdrawal" sh -c \
	'printf "%s\n" "$1" | grep -q "^unset: \[withdrawn\]$"' - "$plain"
ok "... and keeps the reason as its note" sh -c \
	'printf "%s\n" "$1" | grep -q "^note: withdrawn by mistake$"' - "$plain"
ilog-ls | ilog-md > "$TMP/r.md" 2>/dev/null
ok "the report keeps the history: the withdrawal and its undoing" sh -c \
	'grep -q "meant the other one" "$1" && grep -q "withdrawn by mistake" "$1"' \
	- "$TMP/r.md"
ok "ilog-verify is clean" sh -c 'ilog-verify > /dev/null 2>&1'
n=$(nrec)
ilog-withdraw -u -m 'again' "$a" > /dev/null 2> "$TMP/err"; rc=$?
is "undoing what is not withdrawn: exit 2, nothing written" "$rc $(nrec)" "2 $n"
is "... naming the incident" "$(head -n 1 "$TMP/err")" \
	"ilog-withdraw: $a: is not withdrawn"
ilog-withdraw -u "$b" > /dev/null 2>&1; rc=$?
is "--undo without a reason is refused" "$rc $(nrec)" "2 $n"

# At the terminal with no incident named, ilog-tag would tag every one:
# it asks first. script(1) gives it a terminal; the answer is typed.
if command -v script > /dev/null; then
	at_tty() { (sleep 1; printf '%s\n' "$1") | script -qec "$2" /dev/null \
		> "$TMP/tty" 2>&1; }
	at_tty n "ilog-tag +car"; rc=$?
	is "ilog-tag +car at a terminal, answered n: exit 2, nothing written" \
		"$rc $(nrec)" "2 $n"
	ok "... it asked, naming how many" grep -q \
		'change all 2 incidents? \[y/N\]' "$TMP/tty"
	at_tty '' "ilog-tag +car"; rc=$?
	is "... a bare Enter is no" "$rc $(nrec)" "2 $n"
	at_tty y "ilog-tag +car"; rc=$?
	is "... answered y: every incident tagged" \
		"$rc $(ilog-ls | ilog-pick -t car | wc -l | tr -d ' ')" "0 2"
	at_tty '' "ilog-tag -y +night"; rc=$?
	is "... -y: no question, all tagged" \
		"$rc $(grep -c 'y/N' "$TMP/tty") $(ilog-ls | ilog-pick -t night |
		wc -l | tr -d ' ')" "0 0 2"
else
	echo "# no script(1): the terminal question is not tested"
fi
n=$(nrec)
ilog-ls | ilog-tag +piped > /dev/null; rc=$?
is "piped in, no question: both tagged" "$rc $(nrec)" "0 $((n + 1))"
done_testing
