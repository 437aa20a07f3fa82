#!/bin/sh
# Bad input: one line on stderr naming the file or the value, exit 2, and
# nothing lost: no new file, every file in the store unchanged.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -b watching -w '2026-11-01 21:00' > /dev/null
ilog-add -s 'Phone call at 3am' -b contact -c phone -w '2026-11-02 03:00' \
	> /dev/null
printf 'occurred: 2026-11-03 08:00\nsummary: Followed to work\n' | ilog-add \
	> /dev/null
GOOD=$(ilog-ls)

snap() { (cd "$D" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
snap > "$TMP/before"

# bad ARGS...: run ilog-add ARGS, stdin from $IN (default none); sets $err, $rc
bad() {
	ilog-add "$@" < "${IN:-/dev/null}" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
}
# after a bad ilog-add: exit 2, one line, nothing printed, store unchanged
refused() {
	is "$1: exit 2, one line on stderr, nothing written" \
		"$rc $(wc -l < "$TMP/err") $(wc -c < "$TMP/out") $(snap | sha256sum)" \
		"2 1 0 $(sha256sum < "$TMP/before")"
}
has() { case $err in *"$1"*) return 0 ;; esac; return 1; }
has_all() { for w; do has "$w" || return 1; done; }

bad -s 'Sat outside' -b stalking
refused "unknown behaviour via -b"
ok "the message names the value and lists the valid ones" \
	has_all "'stalking'" driving-past property-damage
IN=$TMP/in.yaml
printf 'occurred: 2026-11-04 10:00\nsummary: x\nbehaviour: [watching, stalking]\n' > "$IN"
bad
refused "unknown behaviour in YAML on stdin"
ok "the message names stdin, the value and the valid ones" \
	has_all stdin "'stalking'" driving-past property-damage
IN=
bad -s 'x' -w 'next tuesday'
refused "bad date via -w"
ok "the message names the value" has "'next tuesday'"
bad -s 'x' -w '2026-02-30 10:00'
refused "impossible date via -w (30 February)"
ok "the message names the value" has 2026-02-30
bad -s x -b "$(printf 'stalk\ning')"
refused "a value with a line break in it"
ok "the message shows the break escaped, on the one line" has 'stalk\x0aing'
bad -s x -c pigeon
refused "unknown channel via -c"
ok "the message names the value and lists the valid ones" \
	has_all "'pigeon'" in-person
bad -s x -w '2026-11-04 10:00' -u '2026-11-04 09:00'
refused "until before occurred"
bad -s x -D "$TMP/no-such-file"
refused "a details file that does not exist"
ok "the message names the file" has "$TMP/no-such-file"

# a multi-document stdin where only the 3rd is wrong writes nothing at all
IN=$TMP/multi.yaml
for i in 1 2 3 4; do
	printf -- '---\noccurred: 2026-11-1%d 10:00\nsummary: import %d\n' $i $i
	[ $i = 3 ] && printf 'behaviour: [wtching]\n'
done > "$IN"
bad
refused "4 documents on stdin, the 3rd invalid"
ok "the message names the 3rd document and the value" \
	has_all "incident 3" "'wtching'"
printf -- '---\nsummary: a\n---\nsummary: x\n  bad: here\n' > "$IN"
bad
refused "broken YAML in the 2nd of 2 documents"
ok "the message names stdin and the line" has_all stdin "line 5"
IN=

# a folder that is not a store: nothing is written there, or created
mkdir "$TMP/plain"
bad -d "$TMP/plain" -s 'x'
is "ilog-add to a folder with no .gpg-id.gpg: exit 2, one line" \
	"$rc $(wc -l < "$TMP/err")" "2 1"
ok "the message names the folder" has "$TMP/plain"
is "nothing is written there" "$(ls -A "$TMP/plain")" ""
bad -d "$TMP/nowhere" -s 'x'
is "ilog-add to a folder that does not exist: exit 2, nothing created" \
	"$rc $(wc -l < "$TMP/err") $(test -e "$TMP/nowhere"; echo $?)" "2 1 1"

# broken files in the store: each named in one line; the good ones listed
hand() { gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$1.yaml.gpg"; }
# named after every record, whatever the date
C=$(id_after "$D" crpt)
head -c 600 /dev/urandom > "$D/$C.yaml.gpg"
GNUPGHOME2=$TMP/g2
mkdir -m 700 "$GNUPGHOME2"
FPR2=$(GNUPGHOME=$GNUPGHOME2 newkey other)
O=$(id_after "$D" othr 1)
printf 'id: %s\nrecorded: %s\noccurred: 2026-11-05T10:00:00Z\nsummary: not yours\n' \
	$O "$(id_time $O)" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet -s -e --throw-keyids \
	-r "$FPR2" -o "$D/$O.yaml.gpg"
Y=$(id_after "$D" yaml 2)
printf 'id: %s\nsummary: [broken\n  occurred: : :\n' $Y | hand $Y
readers() {	# readers NAME FILE: ilog-ls and ilog-scan, one bad file
	ilog-ls > "$TMP/ls" 2> "$TMP/err"; rc=$?
	is "$1: ilog-ls exits 2 with one line naming it" \
		"$rc $(wc -l < "$TMP/err") $(grep -c "$2" "$TMP/err")" "2 1 1"
	is "$1: ilog-ls still lists every good incident" "$(cat "$TMP/ls")" "$GOOD"
	ilog-scan < /dev/null > "$TMP/scan" 2> "$TMP/err"; rc=$?
	is "$1: ilog-scan exits 2 with one line naming it" \
		"$rc $(wc -l < "$TMP/err") $(grep -c "$2" "$TMP/err")" "2 1 1"
}
for f in $C $O $Y; do mv "$D/$f.yaml.gpg" "$TMP/$f"; done
mv "$TMP/$C" "$D/$C.yaml.gpg"
readers "random bytes named as a record" $C.yaml.gpg
mv "$D/$C.yaml.gpg" "$TMP/$C"; mv "$TMP/$O" "$D/$O.yaml.gpg"
readers "a record for someone else's key" $O.yaml.gpg
mv "$D/$O.yaml.gpg" "$TMP/$O"; mv "$TMP/$Y" "$D/$Y.yaml.gpg"
readers "a record with broken YAML" $Y.yaml.gpg
mv "$TMP/$C" "$D/$C.yaml.gpg"; mv "$TMP/$O" "$D/$O.yaml.gpg"
ilog-ls > "$TMP/ls" 2> "$TMP/err"; rc=$?
is "all three at once: exit 2, one line each" "$rc $(wc -l < "$TMP/err")" "2 3"
is "and every good incident still listed" "$(cat "$TMP/ls")" "$GOOD"
ilog-show < "$TMP/ls" > "$TMP/show" 2>/dev/null; rc=$?
is "ilog-show shows the good ones and exits 2" \
	"$(grep -c '^summary:' "$TMP/show") $rc" "3 2"
p=$(ilog-add -s 'Written beside the broken files' 2>/dev/null)
is "a new incident can still be added beside them" "$? $(ilog-ls 2>/dev/null | wc -l)" "0 4"
done_testing
