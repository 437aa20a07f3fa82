#!/bin/sh
# A hostile synced folder: files planted by someone who can write to it and
# holds the public key. A compression bomb, special files and oversized files
# named like records, each refused in one line that names it, while every
# program finishes and the other incidents still work.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -b watching -w '2026-11-01 21:00' > /dev/null
ilog-add -s 'Phone call at 3am' -b contact -w '2026-11-02 03:00' > /dev/null
ilog-tag +car $(ilog-ls | head -n 1) > /dev/null
GOOD=$(ilog-ls | ilog-scan)

# run NAME CMD...: run under a time limit (a regression fails, never hangs)
# and GNU time; sets $rc, $err (stderr without time's line) and $kb (peak)
run() {
	name=$1; shift
	timeout 20 /usr/bin/time -f %M -o "$TMP/kb" "$@" > "$TMP/out" \
		2> "$TMP/err" < "${IN:-/dev/null}"
	rc=$?
	err=$(grep -v '^Command exited' "$TMP/err")
	kb=$(tail -n 1 "$TMP/kb")
}
# names FILE WHY: stderr is one line, naming FILE and saying WHY (a writer
# may print it twice, issue 15.11: once reading, once writing)
names() {
	is "$name: one line on stderr naming $(basename "$1")" \
		"$(printf '%s\n' "$err" | uniq)" "$name: $1: $2"
}

# A bomb: 200 MB of zeros, compressed to a few hundred KB and encrypted to
# the store's key, as anyone holding the public key can make.
head -c 200M /dev/zero | gpg --batch --quiet --trust-model always -z 9 \
	-e -r "$FPR" -o "$TMP/bomb.gpg"
echo "# the bomb: $(wc -c < "$TMP/bomb.gpg") bytes, 200 MB of plaintext"
BOMB=$D/$(id_after "$D" bomb).yaml.gpg
cp "$TMP/bomb.gpg" "$BOMB"
cap="plaintext larger than 16 MiB: refused"

IN= run ilog-ls ilog-ls
names "$BOMB" "$cap"
is "ilog-ls: exit 2, both incidents listed" "$rc $(wc -l < "$TMP/out")" "2 2"
ok "ilog-ls: peak memory under 100 MB ($kb KB)" [ "$kb" -lt "$(mem_kb 100000)" ]
ilog-ls 2> /dev/null > "$TMP/paths"
IN=$TMP/paths run ilog-scan ilog-scan
names "$BOMB" "$cap"
is "ilog-scan: exit 2, the other incidents as before" "$rc $(cat "$TMP/out")" \
	"2 $GOOD"
ok "ilog-scan: peak memory under 100 MB ($kb KB)" [ "$kb" -lt "$(mem_kb 100000)" ]
run ilog-verify ilog-verify
is "ilog-verify: exit 2, the bomb its one problem" \
	"$rc $(head -n 1 "$TMP/err")" "2 ilog-verify: $BOMB: $cap"
ok "ilog-verify: peak memory under 100 MB ($kb KB)" [ "$kb" -lt "$(mem_kb 100000)" ]
rm "$BOMB"

# The same bomb as the recipient list: refused at 64 KiB, nothing written.
cp "$D/.gpg-id.gpg" "$TMP/list"
cp "$TMP/bomb.gpg" "$D/.gpg-id.gpg"
ls "$D" > "$TMP/before"
run ilog-add ilog-add -s 'one more' -b contact
names "$D/.gpg-id.gpg" "plaintext larger than 64 KiB: refused"
is "ilog-add: exit 2, nothing written" "$rc $(ls "$D" | cmp - "$TMP/before" &&
	echo same)" "2 same"
ok "ilog-add: peak memory under 100 MB ($kb KB)" [ "$kb" -lt "$(mem_kb 100000)" ]
run ilog-verify ilog-verify
ok "ilog-verify names the list" grep -q \
	"^ilog-verify: $D/.gpg-id.gpg: plaintext larger than 64 KiB: refused$" \
	"$TMP/err"
cp "$TMP/list" "$D/.gpg-id.gpg"

# The bomb as the cache (outside the store): read as no cache at all.
cache=$(ls "$XDG_CACHE_HOME"/ilog/*.gpg)
cp "$TMP/bomb.gpg" "$cache"
run "ilog-ls, bomb as cache" ilog-ls
is "$name: exit 0, silent, both incidents listed" \
	"$rc $(wc -c < "$TMP/err") $(wc -l < "$TMP/out")" "0 0 2"
ok "$name: peak memory under 200 MB ($kb KB)" [ "$kb" -lt "$(mem_kb 200000)" ]
ok "$name: the cache is written afresh" \
	[ "$(wc -c < "$cache")" -lt "$(wc -c < "$TMP/bomb.gpg")" ]

# Special files named like records: a fifo (opening one would wait for a
# writer for ever), a link to /dev/zero (endless), a directory, a socket, and
# a file too big to be a record (a record holds at most 16 MiB).
FIFO=$D/$(id_after "$D" fifo).yaml.gpg
mkfifo "$FIFO"
ZERO=$D/$(id_after "$D" zero).yaml.gpg
ln -s /dev/zero "$ZERO"
SUBDIR=$D/$(id_after "$D" dir).yaml.gpg
mkdir "$SUBDIR"
BIG=$D/$(id_after "$D" big).yaml.gpg
truncate -s 18M "$BIG"
SOCK=$D/$(id_after "$D" sock).yaml.gpg
python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$SOCK" 2> /dev/null ||
	echo "# no python3: no socket"
# planted NAME: stderr names each planted file once, in one line each
planted() {
	want="$name: $FIFO: a fifo, not a regular file: refused
$name: $ZERO: a symbolic link: refused
$name: $SUBDIR: a directory, not a regular file: refused
$name: $BIG: larger than 17 MiB: refused"
	[ -S "$SOCK" ] && want="$want
$name: $SOCK: a socket, not a regular file: refused"
	is "$name finishes, naming each planted file in one line" \
		"$(printf '%s\n' "$err" | sed -n "/ \\/.*refused\$/p")" "$want"
}
run ilog-ls ilog-ls
planted
is "ilog-ls: exit 2, both incidents" "$rc $(wc -l < "$TMP/out")" "2 2"
IN=$TMP/paths run ilog-scan ilog-scan
planted
is "ilog-scan: exit 2, the other incidents as before" "$rc $(cat "$TMP/out")" \
	"2 $GOOD"
IN=$TMP/paths run ilog-show ilog-show
planted
is "ilog-show: exit 2, both incidents shown" \
	"$rc $(grep -c '^summary:' "$TMP/out")" "2 2"
run ilog-show ilog-show -r "$(head -n 1 "$TMP/paths")"
planted
is "ilog-show -r: exit 2, the incident and its amendment" \
	"$rc $(grep -c '^id:' "$TMP/out")" "2 2"
run ilog-verify ilog-verify
planted
is "ilog-verify: exit 2, a problem for each" "$rc $(tail -n 1 "$TMP/out" |
	cut -d' ' -f1)" "2 $(printf '%s\n' "$want" | wc -l | tr -d ' ')"
run ilog-seal ilog-seal
planted
is "ilog-seal: exit 2, no seal of a store it cannot read whole" "$rc" 2
run ilog-add ilog-add -s 'Flowers left at the door' -b gifts
planted
is "ilog-add: exit 0, the incident written" "$rc $(ilog-ls 2> /dev/null |
	wc -l)" "0 3"
is "it reads back" "$(ilog-ls 2> /dev/null | ilog-scan 2> /dev/null |
	grep -c 'Flowers left')" 1

# A fifo as the recipient list: refused, not waited on.
rm -f "$FIFO" "$ZERO" "$BIG" "$SOCK"
rmdir "$SUBDIR"
mv "$D/.gpg-id.gpg" "$TMP/list"
mkfifo "$D/.gpg-id.gpg"
run ilog-add ilog-add -s 'one more' -b contact
names "$D/.gpg-id.gpg" "a fifo, not a regular file: refused"
is "ilog-add: exit 2" "$rc" 2
run ilog-verify ilog-verify
ok "ilog-verify names it" grep -q \
	"^ilog-verify: $D/.gpg-id.gpg: a fifo, not a regular file: refused$" \
	"$TMP/err"
rm "$D/.gpg-id.gpg"
mv "$TMP/list" "$D/.gpg-id.gpg"

done_testing
