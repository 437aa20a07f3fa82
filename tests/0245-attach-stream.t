#!/bin/sh
# Evidence is streamed: a 200 MB recording goes in and comes back in less
# than 64 MB of memory, checked against its SHA-256 on the way out; a file
# swapped in the folder is refused, and nothing that looks complete is left.
. "$(dirname "$0")/lib.sh"

setup_store
INC=$(ilog-add -s 'Voicemail left at night' -b contact)
ID=$(basename "$INC" .yaml.gpg)
head -c 200000000 /dev/urandom > "$TMP/voicemail.wav"
SHA=$(sha256sum < "$TMP/voicemail.wav" | cut -c1-64)
LIMIT=$(mem_kb 65536)	# KB, as time(1) prints it

# peak RSS of the command, in KB, into $TMP/rss
peak() { /usr/bin/time -o "$TMP/rss" -f %M "$@"; }
evfield() {
	ilog-show "$ID" | pyyaml -c 'import sys, yaml
d = yaml.safe_load(sys.stdin)
print(d["evidence"][-1][sys.argv[1]])' "$1"
}

peak ilog-attach "$ID" "$TMP/voicemail.wav" > /dev/null 2> "$TMP/err"; rc=$?
is "attaching 200 MB: exit 0" "$rc" 0
rss=$(cat "$TMP/rss")
ok "... in less than 64 MB of memory (peak $rss KB)" test "$rss" -lt "$LIMIT"
is "... the record's sha256 is sha256sum's" "$(evfield sha256)" "$SHA"
is "... and its size is the file's" "$(evfield size)" 200000000
EV=$(evfield file)

peak ilog-show -x "$EV" > "$TMP/out" 2> "$TMP/err"; rc=$?
is "ilog-show -x: exit 0" "$rc" 0
rss=$(cat "$TMP/rss")
ok "... in less than 64 MB of memory (peak $rss KB)" test "$rss" -lt "$LIMIT"
ok "... gives the file back byte for byte" cmp -s "$TMP/out" "$TMP/voicemail.wav"
is "... and says nothing" "$(cat "$TMP/err")" ""
peak ilog-verify > /dev/null 2>&1; rc=$?
rss=$(cat "$TMP/rss")
is "ilog-verify checks it: no problem" "$rc" 0
ok "... in less than 64 MB of memory (peak $rss KB)" test "$rss" -lt "$LIMIT"
rm -f "$TMP/out" "$TMP/voicemail.wav"

# Someone with the victim's public key swaps the evidence file for another,
# signed with the victim's own key by plain gpg (a copy from another store).
small() {	# small NAME TEXT: a file attached, its evidence path printed
	printf '%s\n' "$2" > "$TMP/$1"
	ilog-attach "$ID" "$TMP/$1" > /dev/null
	evfield file
}
enc() {
	gpg --batch --quiet --yes --trust-model always -s -u "$FPR" -e \
		--throw-keyids -r "$FPR" -o "$1" 2>/dev/null
}
P1=$(small photo1.jpg 'the real photo')
printf 'the fake photo\n' | enc "$ILOG_DIR/$P1"
printf 'old text\n' > "$TMP/x.jpg"
ilog-show -x "$P1" > "$TMP/x.jpg" 2> "$TMP/err"; rc=$?
is "a swapped evidence file: ilog-show -x exits 2" "$rc" 2
ok "... says it does not match the SHA-256 recorded" \
	grep -q "$P1: does NOT match the SHA-256 recorded in .*: not the file that was attached" "$TMP/err"
is "... in one line" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
is "... and leaves the output file empty, not looking complete" \
	"$(wc -c < "$TMP/x.jpg" | tr -d ' ')" 0
printf 'kept\n' > "$TMP/log"
ilog-show -x "$P1" >> "$TMP/log" 2> /dev/null
is "appended to a file, only what it wrote is taken back" \
	"$(cat "$TMP/log")" "kept"
{ ilog-show -x "$P1" 2> "$TMP/err"; echo $? > "$TMP/rc"; } | cat > /dev/null
is "into a pipe: exit 2" "$(cat "$TMP/rc")" 2
ok "... and it says what was written is not the file" \
	grep -q "what was written to stdout is not the file" "$TMP/err"

# swapped for the same text with more after it, or a much bigger file (a
# compression bomb): decryption stops at the size recorded
P2=$(small photo2.jpg 'short')
head -c 100000000 /dev/zero | enc "$ILOG_DIR/$P2"
ls -l "$ILOG_DIR/$P2" | awk '{ print "# the swapped file: " $5 " bytes" }'
peak ilog-show -x "$P2" > "$TMP/x.jpg" 2> "$TMP/err"; rc=$?
rss=$(cat "$TMP/rss")
is "a bigger file in its place: exit 2" "$rc" 2
ok "... refused as larger than the size recorded" \
	grep -q "$P2: larger than the size recorded in .*: not the file that was attached; nothing was written" \
	"$TMP/err"
is "... nothing written" "$(wc -c < "$TMP/x.jpg" | tr -d ' ')" 0
ilog-verify > /dev/null 2> "$TMP/err"
ok "ilog-verify names both as altered" sh -c \
	"grep -q '$P1: altered' '$TMP/err' && grep -q '$P2: altered' '$TMP/err'"

# an evidence file no record lists: given back, but it could not be checked
P3=$(small photo3.jpg 'third')
mv "$ILOG_DIR/$P3" "$ILOG_DIR/evidence/20260101T000000Z-orph-1.jpg.gpg"
ilog-show -x evidence/20260101T000000Z-orph-1.jpg.gpg > "$TMP/x.jpg" \
	2> "$TMP/err"; rc=$?
is "an evidence file no incident lists: exit 2" "$rc" 2
ok "... says its SHA-256 could not be checked" \
	grep -q "listed by no incident: its SHA-256 could not be checked" "$TMP/err"
is "... and still gives it back" "$(cat "$TMP/x.jpg")" third

# the listed evidence file swapped for a fifo (it would block a reader for
# ever) or a link to /dev/zero (endless): refused at once, never read
P4=$(small photo4.jpg 'fourth')
for kind in fifo link; do
	rm -f "$ILOG_DIR/$P4"
	if [ $kind = fifo ]; then mkfifo "$ILOG_DIR/$P4"; else ln -s /dev/zero "$ILOG_DIR/$P4"; fi
	timeout 20 ilog-show -x "$P4" > "$TMP/x.jpg" 2> "$TMP/err"; rc=$?
	is "evidence swapped for a $kind: ilog-show -x exits 2 at once" "$rc" 2
	ok "... naming it as refused" grep -q "$P4: .*refused" "$TMP/err"
	timeout 20 ilog-verify > /dev/null 2> "$TMP/err"; rc=$?
	is "... and ilog-verify finishes with exit 2" "$rc" 2
	ok "... naming it as refused" grep -q "$P4: .*refused" "$TMP/err"
done

done_testing
