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

# The base store: four incidents, then a tag, three evidence files (one
# empty), an edit made in $EDITOR (a script using sed) and a withdrawal.
# I2 is not amended.
I1=$(id_of "$(ilog-add -w '2026-11-01 10:00' -s 'grey car opposite' -b watching)")
I2=$(id_of "$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)")
I3=$(id_of "$(ilog-add -w '2026-11-03 10:00' -s 'text message' -b contact)")
I4=$(id_of "$(ilog-add -w '2026-11-04 10:00' -s 'flowers left' -b gifts)")
ilog-tag +reported "$I1" >/dev/null
printf 'photo bytes\n' > "$TMP/photo.jpg"
printf 'card bytes\n' > "$TMP/card.png"
: > "$TMP/empty.txt"
ilog-attach -n 'the flowers and the card' "$I4" "$TMP/photo.jpg" \
	"$TMP/card.png" "$TMP/empty.txt" >/dev/null
cat > "$TMP/editor" <<'EOF'
#!/bin/sh
sed -i 's/^summary: .*/summary: text message at 3 am/' "$1"
EOF
chmod +x "$TMP/editor"
EDITOR="$TMP/editor" ilog-edit "$I3" >/dev/null
ilog-withdraw -m 'entered twice' "$I1" >/dev/null
EV1=$(cd "$ILOG_DIR" && ls evidence/*.gpg | sed -n 1p)
EV2=$(cd "$ILOG_DIR" && ls evidence/*.gpg | sed -n 2p)
ATTACH=$(cd "$ILOG_DIR" && ls *.yaml.gpg | sed -n 6p)	# tag, then attach

is "the base store holds 4 incidents and 4 amendments" \
	"$(ls "$ILOG_DIR"/*.yaml.gpg | wc -l | tr -d ' ')" 8
ok "the edit made in \$EDITOR was kept" \
	sh -c "ilog-show '$I3' | grep -q '^summary: text message at 3 am'"
verify "$ILOG_DIR"
is "a store with tag, attach, edit and withdraw amendments passes" "$rc" 0
is "... and says no problem was found" "$out" \
	"8 records, 3 evidence files: no problem found"

# A record removed from the middle: the next one names a digest nobody has.
fresh
rm "$D/$I2.yaml.gpg"
verify "$D"
is "a record removed from the middle: exit 2" "$rc" 2
ok "... the record after the gap is named as a break in the chain" \
	says "$D/$I3.yaml.gpg:" "chain broken"
ok "... and only that one, not every later record" \
	says "1 problem found" "$D"

# Tampering that touches single files, all in one copy (each message names
# its file, and the count shows nothing else was reported).
fresh
plain "$D/$I2.yaml.gpg" > "$TMP/p2"
plain "$D/$I3.yaml.gpg" > "$TMP/p3"
for c in "$I2 (conflicted copy 2026-11-28).yaml.gpg" \
    "$I2.sync-conflict-20261128-101010-ABCDEF.yaml.gpg" \
    "$I2 (conflicted copy 2026-11-28 101010).yaml.gpg" \
    "$I2 (1).yaml.gpg"; do
	cp "$D/$I2.yaml.gpg" "$D/$c"	# sync engines' conflict copies
done
cp "$D/$EV1" "$D/${EV1%.gpg} (1).gpg"
enc "$D/$I2.yaml.gpg" < "$TMP/p2"		# same plaintext, no signature
enc "$D/$I3.yaml.gpg" "$OTHER" < "$TMP/p3"	# signed by a non-recipient
printf 'another photo\n' | enc "$D/$EV1" "$FPR"	# evidence altered
rm "$D/$EV2"					# evidence missing
cp "$D/$I4.yaml.gpg" "$D/.tmp-Xa81Qz"		# interrupted write
# planted names just after the newest record, whatever the date
MOVED="$D/$(id_after "$D" copy 1).yaml.gpg"
cp "$D/$I4.yaml.gpg" "$MOVED"			# a record under a new name
BAD_ID=$(id_after "$D" yaml 2)
BAD="$D/$BAD_ID.yaml.gpg"
FOREIGN_ID=$(id_after "$D" frgn 3)
FOREIGN="$D/$FOREIGN_ID.yaml.gpg"
EMPTY="$D/$(id_after "$D" empt 0).yaml.gpg"
: | enc "$EMPTY" "$FPR"
printf 'id: %s\nsummary: [unclosed\n' "$BAD_ID" | enc "$BAD" "$FPR"
printf 'id: %s\n' "$FOREIGN_ID" | GNUPGHOME=$GNUPGHOME2 gpg --batch \
	--quiet --trust-model always -e -r "$STRANGER" -o "$FOREIGN" 2>/dev/null
verify "$D"
is "a tampered store: exit 2" "$rc" 2
ok "a record re-encrypted without a signature is named as not signed" \
	says "$D/$I2.yaml.gpg:" "not signed"
ok "a record signed by a key that is not a recipient is named, with the key" \
	says "$D/$I3.yaml.gpg: signed by $OTHER" "not a recipient"
ok "an altered evidence file is named: its SHA-256 is not the one recorded" \
	says "$D/$EV1: altered: its SHA-256" "$D/$ATTACH"
ok "a missing evidence file is named, with the record that lists it" \
	says "$D/$EV2: missing" "$D/$ATTACH"
ok "a Dropbox copy is named as a conflict copy" \
	says "$D/$I2 (conflicted copy 2026-11-28).yaml.gpg:" "sync-conflict copy"
ok "a Syncthing copy is named as a conflict copy" \
	says "$D/$I2.sync-conflict-20261128-101010-ABCDEF.yaml.gpg:" \
	"sync-conflict copy"
ok "a Nextcloud copy is named as a conflict copy" \
	says "$D/$I2 (conflicted copy 2026-11-28 101010).yaml.gpg:" \
	"sync-conflict copy"
ok "a '(1)' duplicate is named as a conflict copy" \
	says "$D/$I2 (1).yaml.gpg:" "sync-conflict copy"
ok "a '(1)' duplicate of evidence too" \
	says "$D/${EV1%.gpg} (1).gpg:" "sync-conflict copy"
ok "a temp file is named as left by an interrupted write" \
	says "$D/.tmp-Xa81Qz:" "interrupted write"
ok "a record copied under another name is named: its id differs" \
	says "$MOVED:" "its id does not match its file name"
ok "a record with broken YAML is named" says "$BAD:" "YAML"
ok "an empty record is named as not one YAML document" \
	says "$EMPTY:" "exactly one YAML document"
ok "a record encrypted to another key is named as not for our keys" \
	says "$FOREIGN:" "not encrypted to any of your keys"
ok "... and nothing else: the re-encrypted records still chain (14 problems)" \
	says "14 problems found" "$D"

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
echo "# (without the seal, ilog-verify exits $rc: by the chain alone, a signed"
echo "#  record with a real prev looks like a fork from a second device)"
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

# The newest record removed after a seal: nothing points to it yet, so only
# the seal can tell.
fresh
SEAL=$(ilog-seal -d "$D")
SEAL_ID=${SEAL%% *}
rm "$D/$SEAL_ID.yaml.gpg"
verify "$D"
echo "# (without the seal, ilog-verify exits $rc: the chain cannot show it)"
verify "$D" -S "$SEAL"
is "the newest record removed after a seal: exit 2 with the seal" "$rc" 2
ok "... the seal is named as not holding" says "seal $SEAL_ID:" "does not hold"

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
verify "$D" -S "$(printf '  %s\r\n' "$SEAL")"
is "a seal pasted from an e-mail (spaces, CR LF) still holds" "$rc" 0

# Malformed or false seals are refused.
S_ID=${SEAL%% *}
S_N=$(echo "$SEAL" | cut -d' ' -f2)
S_H=${SEAL##* }
for bad in "$S_ID $S_N" "$S_ID many $S_H" \
    "$S_ID $S_N $(echo "$S_H" | cut -c1-63)" "$S_ID $S_N $S_H extra"; do
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
