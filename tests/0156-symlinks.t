#!/bin/sh
# Symbolic links inside the store, as git recreates them from a remote: never
# followed, for reading or for writing, and each named. The store's own path
# may be a link (a store kept in a linked cloud folder).
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -b watching -w '2026-11-01 21:00' > /dev/null
ilog-add -s 'Phone call at 3am' -b contact -w '2026-11-02 03:00' > /dev/null
AID=$(basename "$(ilog-ls | head -n 1)" .yaml.gpg)
printf 'a photo\n' > "$TMP/photo.jpg"
ilog-attach "$AID" "$TMP/photo.jpg" > /dev/null
NEW=$(newkey advocate)

# Another folder the links point into: it must stay exactly as it is.
O=$TMP/other
mkdir -p "$O/evidence"
printf 'not yours\n' > "$TMP/theirs"
gpg --batch --quiet --trust-model always -e -r "$FPR" -o "$O/evidence/x.jpg.gpg" \
	"$TMP/theirs"
cp "$D/.gpg-id.gpg" "$O/list.gpg"
snap() { (cd "$1" && find . | LC_ALL=C sort | while read -r f; do
	[ -f "$f" ] && sha256sum "$f" || echo "$f"; done); }
snap "$O" > "$TMP/other.before"
snap "$D" > "$TMP/store.before"
other_same() { snap "$O" | cmp -s - "$TMP/other.before"; }
store_same() { snap "$D" | cmp -s - "$TMP/store.before"; }

# run CMD...: sets $rc and $err (under a time limit: a hang fails)
run() {
	timeout 20 "$@" > "$TMP/out" 2> "$TMP/err" < /dev/null
	rc=$?
	err=$(cat "$TMP/err")
}

# A linked evidence/: ilog-attach and ilog-init write nothing through it.
mv "$D/evidence" "$TMP/evidence.real"
ln -s ../other/evidence "$D/evidence"
run ilog-attach "$AID" "$TMP/photo.jpg"
is "ilog-attach into a linked evidence/: exit 2, one line naming it" \
	"$rc $err" "2 ilog-attach: $D/evidence: a symbolic link: refused"
ok "... nothing written in the other folder" other_same
is "... and no amendment written" "$(ls "$D" | grep -c 'yaml\.gpg$')" 3
run ilog-init "$FPR" "$NEW"
is "ilog-init re-encrypting: exit 2, one line naming it" "$rc $err" \
	"2 ilog-init: $D/evidence: a symbolic link: refused; nothing changed"
ok "... nothing re-encrypted in the other folder" other_same
rm "$D/evidence"
mv "$TMP/evidence.real" "$D/evidence"
ok "... nor in the store" store_same

# A linked evidence/ and a link inside evidence/: ilog-verify names them.
EVF=$(ls "$D/evidence")
ln -s ../../other/evidence/x.jpg.gpg "$D/evidence/$(basename "$EVF" .jpg.gpg)-9.jpg.gpg"
run ilog-verify
ok "ilog-verify names a link inside evidence/" grep -qx \
	"ilog-verify: $D/evidence/.*-9.jpg.gpg: a symbolic link: refused" "$TMP/err"
run ilog-init "$FPR" "$NEW"
ok "ilog-init refuses it, naming it" grep -qx \
	"ilog-init: $D/evidence/.*-9.jpg.gpg: a symbolic link: refused; nothing changed" \
	"$TMP/err"
ok "... the other folder unchanged" other_same
rm "$D"/evidence/*-9.jpg.gpg
ok "... and the store" store_same
mv "$D/evidence" "$TMP/evidence.real"
ln -s ../other/evidence "$D/evidence"
run ilog-verify
is "ilog-verify: exit 2" "$rc" 2
ok "ilog-verify names the linked evidence/" grep -qx \
	"ilog-verify: $D/evidence: a symbolic link: refused" "$TMP/err"
ok "... once, and does not read the evidence through it" sh -c \
	"[ \$(grep -c evidence '$TMP/err') = 1 ]"
run ilog-show -x "evidence/x.jpg.gpg"
is "ilog-show -x through it: exit 2, one line naming it" "$rc $err" \
	"2 ilog-show: $D/evidence: a symbolic link: refused"
rm "$D/evidence"
mv "$TMP/evidence.real" "$D/evidence"

# A record that is a link to a record elsewhere: refused by every reader.
REC=$(id_after "$D" link).yaml.gpg
cp "$(ilog-ls | head -n 1)" "$O/$REC"
snap "$O" > "$TMP/other.before"
ln -s "../other/$REC" "$D/$REC"
run ilog-ls
is "ilog-ls: exit 2, one line naming the linked record" "$rc $err" \
	"2 ilog-ls: $D/$REC: a symbolic link: refused"
is "... the incidents still listed" "$(wc -l < "$TMP/out")" 2
run ilog-verify
ok "ilog-verify names it" grep -qx \
	"ilog-verify: $D/$REC: a symbolic link: refused" "$TMP/err"
run ilog-init "$FPR" "$NEW"
is "ilog-init: exit 2, one line naming it" "$rc $err" \
	"2 ilog-init: $D/$REC: a symbolic link: refused; nothing changed"
ok "... the other folder unchanged" other_same
rm "$D/$REC"
ok "... and the store" store_same

# A linked recipient list: not read, not written through.
mv "$D/.gpg-id.gpg" "$TMP/list.real"
ln -s ../other/list.gpg "$D/.gpg-id.gpg"
snap "$O" > "$TMP/other.before"
run ilog-add -s 'one more' -b contact
is "ilog-add: exit 2, naming the linked list" "$rc $(printf '%s\n' "$err" |
	uniq)" "2 ilog-add: $D/.gpg-id.gpg: a symbolic link: refused"
is "... nothing written" "$(ls "$D" | grep -c 'yaml\.gpg$')" 3
run ilog-init "$FPR" "$NEW"
is "ilog-init: exit 2, one line naming it" "$rc $err" \
	"2 ilog-init: $D/.gpg-id.gpg: a symbolic link: refused; nothing changed"
ok "... the other folder unchanged" other_same
run ilog-verify
ok "ilog-verify names it" grep -qx \
	"ilog-verify: $D/.gpg-id.gpg: a symbolic link: refused" "$TMP/err"
rm "$D/.gpg-id.gpg"
mv "$TMP/list.real" "$D/.gpg-id.gpg"
ok "the store is as it was" store_same

# Any other link in the store is named too.
ln -s /etc "$D/notes"
run ilog-verify
ok "ilog-verify names a link of another name" grep -qx \
	"ilog-verify: $D/notes: a symbolic link: refused" "$TMP/err"
rm "$D/notes"

# The store's own path may be a link: followed, as any path the user gives.
ln -s "$D" "$TMP/linked-store"
run ilog-verify -d "$TMP/linked-store"
is "ilog-verify -d through a linked store path: exit 0" "$rc" 0
run ilog-add -d "$TMP/linked-store" -s 'Flowers left' -b gifts
is "ilog-add through it: exit 0, silent" "$rc $err" "0 "
printf 'a second photo\n' > "$TMP/photo2.jpg"	# the first is attached already
run ilog-attach -d "$TMP/linked-store" "$AID" "$TMP/photo2.jpg"
is "ilog-attach through it: exit 0" "$rc" 0
is "both written into the store" "$(ls "$D" | grep -c 'yaml\.gpg$') \
$(ls "$D/evidence" | wc -l)" "5 2"
run ilog-init -d "$TMP/linked-store" "$FPR" "$NEW"
is "ilog-init re-encrypts through it: exit 0" "$rc" 0
run ilog-verify
is "ilog-verify after all that: exit 0" "$rc $(tail -n 1 "$TMP/out" |
	sed 's/.*: //')" "0 no problem found"
ok "the other folder was never touched" other_same

done_testing
