#!/bin/sh
# The encrypted cache: private, outside the store, never plaintext on disk,
# and never wrong. Whatever happens to the store or to the cache itself, the
# output is what a run with no cache at all gives; a bad cache costs time.
. "$(dirname "$0")/lib.sh"

setup_store
GNUPGHOME2="$TMP/g2"		# a key this device has never seen
mkdir -m 700 "$GNUPGHOME2"
printf 'allow-loopback-pinentry\n' > "$GNUPGHOME2/gpg-agent.conf"
STRANGER=$(GNUPGHOME=$GNUPGHOME2; export GNUPGHOME; newkey stranger)
MARKER=Zq7-purple-giraffe-5511

id_of() { basename "$1" .yaml.gpg; }
plain() { gpg --batch --quiet -d "$1" 2>/dev/null; }	# status not trusted
cplain() { plain "$1" | zstd -dcq; }	# the cache's text is a zstd frame
# enc FILE SIGNER: stdin signed by SIGNER and encrypted to the victim as FILE
enc() {
	gpg --batch --quiet --yes --trust-model always -s -u "$2" \
		-e --throw-keyids -r "$FPR" -o "$1" 2>/dev/null
}
# view [OPTS]: what a user sees — every incident in full, then its
# messages; the status is the worst of ilog-ls and ilog-show
view() {
	vrc=0
	ilog-ls -a "$@" > "$TMP/paths" 2> "$TMP/err" || vrc=$?
	ilog-show "$@" < "$TMP/paths" 2>> "$TMP/err" || vrc=$?
	cat "$TMP/err"
	return $vrc
}
# bare [OPTS]: the same with an empty cache directory: no cache at all
bare() (
	XDG_CACHE_HOME=$(mktemp -d "$TMP/bare.XXXXXX")
	export XDG_CACHE_HOME
	view "$@"
)
chash() { sha256sum < "${1:-$C}" | cut -c1-64; }
# opens CACHE STORE: CACHE decrypts with our key and is the cache of STORE
opens() {
	[ "$(cplain "$1" | head -n 1)" = "ilog-cache 6 $(cd "$2" && pwd -P)" ]
}
# rebuilt CACHE OLDHASH STORE: CACHE was written anew for STORE
rebuilt() { [ "$(chash "$1")" != "$2" ] && opens "$1" "$3"; }

I1=$(id_of "$(ilog-add -w '2026-11-01 10:00' -s "grey car $MARKER" -b watching)")
I2=$(id_of "$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)")
I3=$(id_of "$(ilog-add -w '2026-11-03 10:00' -s 'text at night' -b contact)")
I4=$(id_of "$(ilog-add -w '2026-11-04 10:00' -s 'flowers left' -b gifts)")
ilog-tag +reported "$I1" >/dev/null
rm -rf "$XDG_CACHE_HOME"
sleep 3	# no file racily new: a later run, however slow the machine, has
	# nothing to hash again and no reason to write the cache anew

# The first run makes the cache.
got=$(view); rc=$?
C=$(ls "$XDG_CACHE_HOME"/ilog/*.gpg 2>/dev/null)
is "a first run succeeds" "$rc" 0
is "it leaves one cache file under \$XDG_CACHE_HOME/ilog/" \
	"$(ls "$XDG_CACHE_HOME"/ilog/*.gpg | wc -l | tr -d ' ')" 1
is "the cache file is private (0600)" "$(stat -c %a "$C")" 600
is "no file there is open to others" \
	"$(find "$XDG_CACHE_HOME/ilog" -type f -perm /077)" ""
is "its directory is private (0700)" "$(stat -c %a "$XDG_CACHE_HOME/ilog")" 700
is "nothing was added to the synced store" \
	"$(cd "$ILOG_DIR" && ls -A | grep -v '\.yaml\.gpg$')" ".gpg-id.gpg"
ok "the cache holds the incidents (decrypted: the marker is there)" \
	sh -c "gpg --batch --quiet -d '$C' 2>/dev/null | zstd -dcq | grep -q '$MARKER'"
ok "the marker is not in the cache directory as written (encrypted)" \
	sh -c "! grep -rq '$MARKER' '$XDG_CACHE_HOME/ilog'"
ok "... nor anywhere under \$XDG_CACHE_HOME" \
	sh -c "! grep -rqa '$MARKER' '$XDG_CACHE_HOME'"
h=$(chash)
is "a second run gives the same output" "$(view)" "$got"
is "... and uses the cache as it is (not rewritten)" "$(chash)" "$h"
is "the output equals a run with an empty cache directory" "$(bare)" "$got"

# Changes to the store are always seen on the next run.
ilog-add -w '2026-11-05 10:00' -s 'new car at the gate' -b watching >/dev/null
got=$(view); rc=$?
ok "a record added is seen" sh -c "echo \"\$1\" | grep -q 'new car at the gate'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"

rm "$ILOG_DIR/$I2.yaml.gpg"
got=$(view)
ok "a record removed is gone" sh -c "! echo \"\$1\" | grep -q 'followed to work'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"
# one entry per record file, and perhaps one for the checked .gpg-id.gpg
listkey=$(sha256sum "$ILOG_DIR/.gpg-id.gpg" | cut -d' ' -f1)
is "the cache keeps no entry for a removed record" \
	"$(cplain "$C" | grep -a '^[0-9a-f]\{64\} [0-9]* ' | grep -avc "^$listkey ")" \
	"$(ls "$ILOG_DIR"/*.yaml.gpg | wc -l | tr -d ' ')"

plain "$ILOG_DIR/$I3.yaml.gpg" > "$TMP/p3"	# read it all before gpg -o
sed 's/^summary: .*/summary: text at 3 am/' "$TMP/p3" |
	enc "$ILOG_DIR/$I3.yaml.gpg" "$FPR"
got=$(view)
ok "a record replaced under the same name shows its new content" \
	sh -c "echo \"\$1\" | grep -q '^summary: text at 3 am'" - "$got"
ok "... not the content the cache held for that name" \
	sh -c "! echo \"\$1\" | grep -q 'text at night'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"

F4="$ILOG_DIR/$I4.yaml.gpg"
cp -p "$F4" "$TMP/f4"
off=$(($(stat -c %s "$F4") / 2))
byte=$(od -An -tu1 -j "$off" -N1 "$F4" | tr -d ' ')
printf "\\$(printf %o $((byte ^ 255)))" |
	dd of="$F4" bs=1 seek="$off" conv=notrunc 2>/dev/null
touch -r "$TMP/f4" "$F4"	# same size, same time: only the bytes differ
got=$(view); rc=$?
echo "$got" | grep "$I4" | sed "s|$TMP|\$TMP|g; s/^/# /"
is "a record with a flipped byte is an error (exit 2)" "$rc" 2
ok "... the message names the file" \
	sh -c "echo \"\$1\" | grep -q '^ilog-ls: $F4: '" - "$got"
ok "... its cached plaintext is not shown" \
	sh -c "! echo \"\$1\" | grep -q 'flowers left'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"
cp "$TMP/f4" "$F4"

# A damaged or foreign cache only costs time.
want=$(bare)
head -c 3000 /dev/urandom > "$C"
h=$(chash)
got=$(view); rc=$?
is "a corrupt cache (random bytes): exit 0" "$rc" 0
is "... same output as without cache" "$got" "$want"
ok "... and it is rebuilt" rebuilt "$C" "$h" "$ILOG_DIR"

head -c $(($(stat -c %s "$C") / 2)) "$C" > "$TMP/half" && cat "$TMP/half" > "$C"
h=$(chash)
got=$(view); rc=$?
is "a truncated cache: exit 0" "$rc" 0
is "... same output as without cache" "$got" "$want"
ok "... and it is rebuilt" rebuilt "$C" "$h" "$ILOG_DIR"

B="$TMP/storeb"
ilog-init -d "$B" "$FPR" 2>/dev/null
ilog-add -d "$B" -w '2026-10-01 10:00' -s 'the other store' >/dev/null
view -d "$B" >/dev/null
CB=$(ls "$XDG_CACHE_HOME"/ilog/*.gpg | grep -vxF "$C")
wantb=$(bare -d "$B")
cp "$C" "$CB"
h=$(chash "$CB")
got=$(view -d "$B"); rc=$?
is "a cache of another store: exit 0" "$rc" 0
is "... same output as without cache" "$got" "$wantb"
ok "... and it is rebuilt as the cache of this store" rebuilt "$CB" "$h" "$B"

echo 'anything' | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --yes \
	--trust-model always -e -r "$STRANGER" -o "$C" 2>/dev/null
h=$(chash)
got=$(view); rc=$?
is "a cache encrypted to a key we do not hold: exit 0" "$rc" 0
is "... same output as without cache" "$got" "$want"
ok "... and it is rebuilt for our key" rebuilt "$C" "$h" "$ILOG_DIR"

# Only a cache signed by a key we hold is believed: plant other plaintext
# for the same ciphertext (same length, so the cache still parses).
cplain "$C" | sed 's/grey car/blue van/' > "$TMP/planted.txt"
zstd -qc "$TMP/planted.txt" > "$TMP/planted"	# a file: the frame says its size
enc "$C" "$FPR" < "$TMP/planted"
got=$(view)
ok "control: a planted cache signed by our own key is believed" \
	sh -c "echo \"\$1\" | grep -q 'blue van $MARKER'" - "$got"
SIGNER=$(newkey signer)
enc "$C" "$SIGNER" < "$TMP/planted"
gpg --batch --yes --delete-secret-keys "$SIGNER" 2>/dev/null
ok "... the signer's secret key is gone from the keyring" \
	sh -c "! gpg --list-secret-keys '$SIGNER' >/dev/null 2>&1"
got=$(view); rc=$?
ok "a cache signed by a key we do not hold is ignored" \
	sh -c "! echo \"\$1\" | grep -q 'blue van'" - "$got"
is "... same output as without cache, exit 0" "$got:$rc" "$want:0"

# The zstd frame inside is ours too, but it is still read with care: one
# that would unpack past the cap, or a cache of the old uncompressed
# format, is set aside and rebuilt.
head -c 100M /dev/zero | zstd -1 -qc --stream-size=104857600 | enc "$C" "$FPR"
h=$(chash)
got=$(view); rc=$?
is "a cache that unpacks past its cap is ignored: same output, exit 0" \
	"$got:$rc" "$want:0"
ok "... and rebuilt" rebuilt "$C" "$h" "$ILOG_DIR"
cplain "$C" > "$TMP/unpacked"
sed '1s/^ilog-cache 6 /ilog-cache 5 /' "$TMP/unpacked" | enc "$C" "$FPR"
h=$(chash)
got=$(view); rc=$?
is "a cache in the old uncompressed format: same output, exit 0" \
	"$got:$rc" "$want:0"
ok "... and rebuilt" rebuilt "$C" "$h" "$ILOG_DIR"

# Many records to decrypt (64 or more) are decrypted in a child process,
# which sends them back: the same log, the same messages, once each.
for d in $(seq 1 70); do
	printf -- '---\noccurred: 2026-10-%02d 09:00\nsummary: Call %d\nbehaviour: [contact]\n' \
		$(( d % 28 + 1 )) "$d"
done | ilog-add > /dev/null
printf 'not a record' > "$ILOG_DIR/20200101T000000Z-bbbb.yaml.gpg"
rm -f "$C"
cold=$(view); crc=$?
warm=$(view); wrc=$?
is "70 more records, decrypted apart: as from the cache, exit 2 both" \
	"$cold:$crc" "$warm:$wrc"
is "... every incident is there" \
	"$(echo "$cold" | grep -c '^summary: Call [0-9]*$')" 70
is "... the damaged one is told once by each program" \
	"$(echo "$cold" | grep -c 'bbbb.yaml.gpg: cannot decrypt')" 2
rm -f "$ILOG_DIR/20200101T000000Z-bbbb.yaml.gpg"

# Parallel decryption changes nothing.
rm -f "$C"
j1=$(bare -j 1; ilog-ls -j 1 | ilog-scan -j 1)
j2=$(bare -j 2; ilog-ls -j 2 | ilog-scan -j 2)
is "-j 1 and -j 2 give identical output" "$j2" "$j1"
is "... equal to a run with the cache" "$(view; ilog-ls | ilog-scan)" "$j1"

done_testing
