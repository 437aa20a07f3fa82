#!/bin/sh
# The phone was stolen: its key is removed. Someone who can write into the
# folder plants files ilog-init cannot re-encrypt, to keep the stolen key
# able to read the log. Every genuine file is re-encrypted all the same
# (evidence streamed, in little memory), each planted file is named, and
# the change is left unfinished, where ilog-verify reports it.
. "$(dirname "$0")/lib.sh"

setup_store
V=$FPR
P=$(newkey phone)
ilog-init "$V" "$P" 2>/dev/null
ilog-add -s 'Followed to the station' -b following > /dev/null
ilog-add -s 'Flowers on the doorstep' -b gifts > /dev/null
INC=$(ilog-add -s 'Voicemail at 3am' -b contact)
head -c 60000000 /dev/urandom > "$TMP/voicemail.wav"
printf 'a photo\n' > "$TMP/photo.jpg"
ilog-attach "$INC" "$TMP/voicemail.wav" "$TMP/photo.jpg" > /dev/null
D=$ILOG_DIR
genuine=$(cd "$D" && ls *.yaml.gpg evidence/*.gpg)
pkesk() { gpg --batch --list-packets "$D/$1" 2>/dev/null | grep -c '^:pubkey enc'; }
is "before: each file opens with both keys" \
	"$(for f in $genuine; do pkesk "$f"; done | sort -u)" 2

# planted: a damaged record, an unsigned one, damaged evidence
G=$(id_after "$D" garbage).yaml.gpg
printf 'not a record\n' > "$D/$G"
U=$(id_after "$D" unsigned 5).yaml.gpg
printf 'summary: forged\n' | gpg --batch --quiet --trust-model always -e \
	-r "$V" -r "$P" -o "$D/$U"
EV=evidence/$(basename "$G" .yaml.gpg)-1.jpg.gpg
head -c 5000 /dev/urandom > "$D/$EV"

/usr/bin/time -o "$TMP/rss" -f %M ilog-init "$V" > /dev/null 2> "$TMP/err"; rc=$?
rss=$(tail -n 1 "$TMP/rss")
sed 's/^/# /' "$TMP/err"
is "ilog-init removing the phone's key: exit 2" "$rc" 2
for f in "$G" "$U" "$EV"; do
	ok "... names $f in a line of its own" grep -q "^ilog-init: $D/$f: " "$TMP/err"
done
ok "... and says the change is not finished" \
	grep -q "^ilog-init: $D: 3 files could not be re-encrypted (named above): the change is not finished" "$TMP/err"
is "... four lines in all" "$(wc -l < "$TMP/err" | tr -d ' ')" 4
is "every genuine record and evidence file now opens with one key only" \
	"$(for f in $genuine; do pkesk "$f"; done | sort -u)" 1
ok "... the 60 MB recording re-encrypted in less than 64 MB (peak $rss KB)" \
	test "$rss" -lt "$(mem_kb 65536)"
N=$(ilog-add -s "After the change" -b contact 2>/dev/null)
is "a record written now opens with one key only" "$(pkesk "$(basename "$N")")" 1
is "the recipients are the victim's key alone" "$(ilog-init 2>/dev/null)" "$V"
ilog-verify > /dev/null 2> "$TMP/err"; rc=$?
is "ilog-verify: exit 2" "$rc" 2
ok "... reports the unfinished change and the command that finishes it" \
	grep -q "a change of recipients was interrupted: .*finish it: ilog-init $V\$" "$TMP/err"
ilog-show -x "$(cd "$D" && ls evidence/*-1.wav.gpg)" > "$TMP/back.wav" 2>/dev/null
ok "the recording comes back byte for byte" cmp -s "$TMP/back.wav" "$TMP/voicemail.wav"
rm -f "$TMP/back.wav"

rm "$D/$G" "$D/$U" "$D/$EV"
ilog-init "$V" > /dev/null 2>&1; rc=$?
is "the planted files removed, ilog-init again: exit 0" "$rc" 0
is "ilog-verify is clean" "$(ilog-verify 2>&1 | tail -n 1 | sed 's/.*: //')" \
	"no problem found"
/usr/bin/time -o "$TMP/rss" -f %M ilog-init -f "$V" > /dev/null 2>&1; rc=$?
rss=$(tail -n 1 "$TMP/rss")
is "ilog-init -f re-encrypts it all again: exit 0" "$rc" 0
ok "... the 60 MB recording streamed: less than 64 MB (peak $rss KB)" \
	test "$rss" -lt "$(mem_kb 65536)"

done_testing
