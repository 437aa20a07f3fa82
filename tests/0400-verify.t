#!/bin/sh
# ilog-verify: every kind of tampering a court could ask about is caught,
# with a message naming the file; clean stores (amendments, forks, a seal
# followed by new records) pass. Each message is echoed as a "# " comment.
. "$(dirname "$0")/lib.sh"

setup_store
OTHER=$(newkey other)		# same keyring, but not a recipient of the store
GNUPGHOME2="$TMP/g2"		# a key this device has never seen
mkdir -m 700 "$GNUPGHOME2"
printf 'allow-loopback-pinentry\n' > "$GNUPGHOME2/gpg-agent.conf"
STRANGER=$(GNUPGHOME=$GNUPGHOME2; export GNUPGHOME; newkey stranger)

id_of() { basename "$1" .yaml.gpg; }
# plain FILE: what plain gpg decrypts (its exit status is not trusted)
plain() { gpg --batch --quiet -d "$1" 2>/dev/null; }
digest() { plain "$1" | sha256sum | cut -c1-64; }
# enc FILE [SIGNER]: stdin encrypted to the victim's key as FILE, signed by
# SIGNER when given, as gpg alone would do it
enc() {
	gpg --batch --quiet --yes --trust-model always ${2:+-s -u "$2"} \
		-e --throw-keyids -r "$FPR" -o "$1" 2>/dev/null
}
# verify DIR [ARGS]: run ilog-verify; keep its messages in $out, status in $rc
verify() {
	d=$1; shift
	out=$(ilog-verify -d "$d" "$@" 2>&1); rc=$?
	printf '%s\n' "$out" | sed "s|$TMP|\$TMP|g; s/^/# /"
}
# says A B: one line of the messages holds both A and B
says() { printf '%s\n' "$out" | grep -F -- "$1" | grep -qF -- "$2"; }
# fresh: $D is a new copy of the base store
n=0
fresh() { n=$((n + 1)); D="$TMP/s$n"; cp -a "$ILOG_DIR" "$D"; }

# The base store: four incidents, then a tag, evidence, an edit made in
# $EDITOR (a script using sed) and a withdrawal.
I1=$(id_of "$(ilog-add -w '2026-11-01 10:00' -s 'grey car opposite' -b watching)")
I2=$(id_of "$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)")
I3=$(id_of "$(ilog-add -w '2026-11-03 10:00' -s 'text message' -b contact)")
I4=$(id_of "$(ilog-add -w '2026-11-04 10:00' -s 'flowers left' -b gifts)")
ilog-tag +reported "$I1" >/dev/null
printf 'photo bytes\n' > "$TMP/photo.jpg"
ilog-attach -n 'photo of the flowers' "$I4" "$TMP/photo.jpg" >/dev/null
cat > "$TMP/editor" <<'EOF'
#!/bin/sh
sed -i 's/^summary: .*/summary: text message at 3 am/' "$1"
EOF
chmod +x "$TMP/editor"
EDITOR="$TMP/editor" ilog-edit "$I3" >/dev/null
ilog-withdraw -m 'entered twice' "$I2" >/dev/null
EV=$(cd "$ILOG_DIR" && ls evidence/*.gpg)
ATTACH=$(cd "$ILOG_DIR" && ls *.yaml.gpg | sed -n 6p)	# tag, then attach

is "the base store holds 4 incidents and 4 amendments" \
	"$(ls "$ILOG_DIR"/*.yaml.gpg | wc -l | tr -d ' ')" 8
ok "the edit made in \$EDITOR was kept" \
	sh -c "ilog-show '$I3' | grep -q '^summary: text message at 3 am'"
verify "$ILOG_DIR"
is "a store with tag, attach, edit and withdraw amendments passes" "$rc" 0
is "... and says no problem was found" "$out" \
	"8 records, 1 evidence files: no problem found"

# A record removed from the middle: the next one names a digest nobody has.
fresh
rm "$D/$I2.yaml.gpg"
verify "$D"
is "a record removed from the middle: exit 2" "$rc" 2
ok "... the record after the gap is named as a break in the chain" \
	says "$D/$I3.yaml.gpg:" "chain broken"
ok "... and only that one" says "1 problem found" "$D"

# A record replaced by the same plaintext, encrypted but not signed.
fresh
plain "$D/$I2.yaml.gpg" > "$TMP/p2"
enc "$D/$I2.yaml.gpg" < "$TMP/p2"
verify "$D"
is "a record re-encrypted without a signature: exit 2" "$rc" 2
ok "... it is named as not signed" says "$D/$I2.yaml.gpg:" "not signed"
ok "... the chain still holds (same plaintext): one problem" \
	says "1 problem found" "$D"

# A record signed by a key in the keyring that is not a recipient.
fresh
enc "$D/$I2.yaml.gpg" "$OTHER" < "$TMP/p2"
verify "$D"
is "a record signed by a key that is not a recipient: exit 2" "$rc" 2
ok "... it is named with the signer's fingerprint" \
	says "$D/$I2.yaml.gpg: signed by $OTHER" "not a recipient"

# Evidence altered: other bytes encrypted and signed under the same name.
fresh
printf 'another photo\n' | enc "$D/$EV" "$FPR"
verify "$D"
is "an altered evidence file: exit 2" "$rc" 2
ok "... it is named, and its SHA-256 differs from the one recorded" \
	says "$D/$EV: altered: its SHA-256" "$D/$ATTACH"

# Evidence missing.
fresh
rm "$D/$EV"
verify "$D"
is "a missing evidence file: exit 2" "$rc" 2
ok "... it is named as missing, with the record that lists it" \
	says "$D/$EV: missing" "$D/$ATTACH"

# Conflict copies made by sync engines beside a record.
fresh
for c in "$I2 (conflicted copy 2026-11-28).yaml.gpg" \
    "$I2.sync-conflict-20261128-101010-ABCDEF.yaml.gpg" \
    "$I2 (conflicted copy 2026-11-28 101010).yaml.gpg" \
    "$I2 (1).yaml.gpg"; do
	cp "$D/$I2.yaml.gpg" "$D/$c"
done
cp "$D/$EV" "$D/${EV%.gpg} (1).gpg"
verify "$D"
is "conflict copies: exit 2" "$rc" 2
ok "... a Dropbox copy is named as a conflict copy" \
	says "$D/$I2 (conflicted copy 2026-11-28).yaml.gpg:" "sync-conflict copy"
ok "... a Syncthing copy is named as a conflict copy" \
	says "$D/$I2.sync-conflict-20261128-101010-ABCDEF.yaml.gpg:" \
	"sync-conflict copy"
ok "... a Nextcloud copy is named as a conflict copy" \
	says "$D/$I2 (conflicted copy 2026-11-28 101010).yaml.gpg:" \
	"sync-conflict copy"
ok "... a '(1)' duplicate is named as a conflict copy" \
	says "$D/$I2 (1).yaml.gpg:" "sync-conflict copy"
ok "... a '(1)' duplicate of evidence too" \
	says "$D/${EV%.gpg} (1).gpg:" "sync-conflict copy"
ok "... and nothing else (5 problems)" says "5 problems found" "$D"

# A temp file left by an interrupted write.
fresh
cp "$D/$I2.yaml.gpg" "$D/.tmp-Xa81Qz"
verify "$D"
is "a stray temp file: exit 2" "$rc" 2
ok "... it is named as left by an interrupted write" \
	says "$D/.tmp-Xa81Qz:" "interrupted write"

# A record with broken YAML, and one encrypted to a key we do not hold.
fresh
BAD="$D/20301231T235958Z-yaml.yaml.gpg"
FOREIGN="$D/20301231T235959Z-frgn.yaml.gpg"
printf 'id: 20301231T235958Z-yaml\nsummary: [unclosed\n' | enc "$BAD" "$FPR"
printf 'id: 20301231T235959Z-frgn\n' | GNUPGHOME=$GNUPGHOME2 gpg --batch \
	--quiet --trust-model always -e -r "$STRANGER" -o "$FOREIGN" 2>/dev/null
verify "$D"
is "broken YAML and a foreign record: exit 2" "$rc" 2
ok "... the broken YAML is named" says "$BAD:" "YAML"
ok "... the record for another key is named as not for our keys" \
	says "$FOREIGN:" "cannot decrypt"

# A properly signed record slipped in before a seal, with an earlier ID.
fresh
SEAL=$(ilog-seal -d "$D")
SEAL_ID=${SEAL%% *}
BID="${I2%-*}-0"		# sorts just before I2
{
	printf 'id: %s\nrecorded: %s\n' "$BID" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	printf 'prev: %s\n' "$(digest "$D/$I1.yaml.gpg")"
	printf 'occurred: 2026-10-20T10:00:00+01:00\nsummary: he came first\n'
} | enc "$D/$BID.yaml.gpg" "$FPR"
verify "$D"
echo "# (without the seal, ilog-verify exits $rc: a signed record with a"
echo "#  plausible prev is a fork, indistinguishable from a second device)"
verify "$D" -S "$SEAL"
is "a backdated record with the seal: exit 2" "$rc" 2
ok "... the seal is named as not holding" says "seal $SEAL_ID:" "does not hold"
ok "... and says records were slipped in" says "seal $SEAL_ID:" "slipped in"

# A sealed record replaced by an edited plaintext, signed by the victim.
fresh
SEAL=$(ilog-seal -d "$D")
SEAL_ID=${SEAL%% *}
sed 's/^summary: .*/summary: followed to the shop/' "$TMP/p2" |
	enc "$D/$I2.yaml.gpg" "$FPR"
verify "$D" -S "$SEAL"
is "a sealed record altered and re-signed: exit 2" "$rc" 2
ok "... the chain breaks at the next record" \
	says "$D/$I3.yaml.gpg:" "chain broken"
ok "... and the seal fails" says "seal $SEAL_ID:" "altered or replaced"

# A fork, simulated: two copies of the store each add a record, then merge.
fresh
A=$D
fresh
F1=$(ilog-add -d "$A" -w '2026-11-05 09:00' -s 'on the laptop' -b contact)
F2=$(ilog-add -d "$D" -w '2026-11-05 09:30' -s 'on the phone' -b contact)
cp "$F2" "$A/"
is "the simulated fork is real: both records name the same prev" \
	"$(plain "$F1" | grep '^prev:')" "$(plain "$F2" | grep '^prev:')"
verify "$A"
is "a fork from two devices passes" "$rc" 0
ok "... with no problem found" says "no problem found" "10 records"

# A fork for real: two ilog-add at once, three times.
fresh
for k in 1 2 3; do
	ilog-add -d "$D" -w "2026-11-1$k 09:00" -s "first $k" >/dev/null &
	ilog-add -d "$D" -w "2026-11-1$k 09:00" -s "second $k" >/dev/null &
	wait
done
is "two writers at once: no record lost" \
	"$(ls "$D"/*.yaml.gpg | wc -l | tr -d ' ')" 14
verify "$D"
is "two writers at once: ilog-verify passes" "$rc" 0

# A seal made, then new records and amendments: the seal still holds.
fresh
SEAL=$(ilog-seal -d "$D")
ilog-add -d "$D" -s 'later incident' -b watching >/dev/null
ilog-tag -d "$D" +evidence "$I4" >/dev/null
verify "$D" -S "$SEAL"
is "a seal checked after new records were added: exit 0" "$rc" 0
ok "... and it says the seal holds" says "no problem found" "the seal holds"

# Malformed or false seals are refused.
S_ID=${SEAL%% *}
S_N=$(echo "$SEAL" | cut -d' ' -f2)
S_H=${SEAL##* }
for bad in "not a seal" "$S_ID $S_N" "$S_ID $S_N $(echo "$S_H" | cut -c1-63)" \
    "$S_ID $S_N $S_H extra" "$S_ID $S_N $(echo "$S_H" | tr a-f A-F)"; do
	verify "$D" -S "$bad"
	ok "a malformed seal is refused: '$(echo "$bad" | cut -c1-40)...'" \
		sh -c "[ $rc = 2 ] && echo \"\$1\" | grep -q 'not a seal'" - "$out"
done
verify "$D" -S "$S_ID $((S_N + 1)) $S_H"
is "a seal with a false count is refused" "$rc" 2
FLIP=$(echo "$S_H" | cut -c1 | tr 0-9a-f 1-9a-f0)$(echo "$S_H" | cut -c2-)
verify "$D" -S "$S_ID $S_N $FLIP"
ok "a seal with a false hash is refused" says "seal $S_ID:" "does not hold"

# The seal is what anyone can recompute with plain gpg and coreutils.
cd "$ILOG_DIR" || exit 2
for f in *.yaml.gpg; do
	printf '%s %s\n' "${f%.yaml.gpg}" "$(digest "$f")"
done | LC_ALL=C sort > "$TMP/lines"
cd "$TOP" || exit 2
ok "plain gpg decrypted every record (its output checked, not its status)" \
	sh -c "! grep -q ' e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' '$TMP/lines'"
is "ilog-seal's line matches the recomputation in shell" "$(ilog-seal)" \
	"$(tail -n 1 "$TMP/lines" | cut -d' ' -f1) $(wc -l < "$TMP/lines" |
	tr -d ' ') $(sha256sum < "$TMP/lines" | cut -c1-64)"

done_testing
