#!/bin/sh
# No lock-in: every record is an ordinary OpenPGP file that plain gpg opens,
# and a record written by hand with gpg is read like any other.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside again' -b watching -t car -w '2026-11-27 21:40' \
	> /dev/null
printf '%s\n' 'occurred: 2026-11-28 08:05' "summary: \"He said: 'I know where you live'\"" \
	'behaviour: [contact, threats]' 'channel: text' 'details: |' \
	'  Text at 08:05.' '  Screenshot kept.' | ilog-add > /dev/null
ilog-add -s 'Flowers left on the doorstep' -b gifts -w '2026-11-29 07:00' \
	> /dev/null

# every record opens with plain gpg -d, and holds the record its name says
n=0 bad=0
for f in "$D"/*.yaml.gpg; do
	n=$((n + 1))
	id=$(basename "$f" .yaml.gpg)
	gpg --quiet --batch -d "$f" > "$TMP/plain" 2>/dev/null || bad=$((bad + 1))
	grep -qx "id: $id" "$TMP/plain" || bad=$((bad + 1))
done
is "the store holds 3 records" "$n" 3
is "each opens with plain gpg -d and holds its own id" "$bad" 0
f=$(ls "$D"/*.yaml.gpg | head -n 1)
is "plain gpg -d gives exactly what ilog-show --raw gives" \
	"$(gpg --quiet --batch -d "$f" 2>/dev/null | sha256sum)" \
	"$(ilog-show --raw "$f" | tail -n +2 | sha256sum)"
ok "records are binary OpenPGP, not armoured" \
	sh -c "! head -c 5 '$f' | grep -q -- -----"
gpg --status-fd 1 --quiet --batch -d "$f" > "$TMP/status" 2>/dev/null
ok "records carry a good signature by the store's key" \
	grep -q "VALIDSIG .* $FPR\$" "$TMP/status"
gpg --batch --list-packets "$f" > "$TMP/packets" 2>/dev/null
ok "records do not name their recipient (hidden key ID)" \
	grep -q 'keyid 0000000000000000' "$TMP/packets"
gpg --with-colons --list-keys "$FPR" |
	awk -F: '/^(pub|sub)/ { print $5 }' > "$TMP/keyids"
ok "nor the key's or the subkey's ID, anywhere in the file's bytes" \
	pyyaml -c 'import sys
data = open(sys.argv[1], "rb").read()
ids = [bytes.fromhex(l.strip()) for l in open(sys.argv[2]) if l.strip()]
sys.exit(len(ids) != 2 or any(i in data for i in ids))' "$f" "$TMP/keyids"

# a record written by hand, as ilog(5) documents it, with plain gpg
# named in a second after every other record, so that it is the newest on any date
HAND=$(id_after "$D" hand)
cat > "$TMP/hand.yaml" <<YAML
id: $HAND
recorded: $(id_time "$HAND")
occurred: 2026-11-28T12:30:00+00:00
summary: 'Written by hand: followed me home from the station'
behaviour: [following]
tags: [station, written-by-hand]
location: Station Road
details: |
  Copied from my paper notebook.
  He stayed about 20 metres behind.
suspect:
  clothing: dark hoodie
handwritten: true
YAML
gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$HAND.yaml.gpg" \
	"$TMP/hand.yaml"
ilog-ls > "$TMP/ls"
is "ilog-ls exits 0 with a hand-made record" "$?" 0
ok "ilog-ls lists it" grep -qx "$D/$HAND.yaml.gpg" "$TMP/ls"
is "ilog-ls lists it in order of occurrence, among the others" \
	"$(grep -n "$HAND" "$TMP/ls" | cut -d: -f1)" 3
ilog-scan "$D/$HAND.yaml.gpg" > "$TMP/scan"
is "ilog-scan shows it" "$?" 0
ok "ilog-scan gives its date, time and summary" \
	grep -q '^2026-11-28 12:30 .*Written by hand: followed me home' "$TMP/scan"
ok "ilog-scan gives its behaviour and tags" \
	grep -q 'following .*station,written-by-hand' "$TMP/scan"
is "ilog-scan of the whole store shows 4 incidents" \
	"$(ilog-scan < "$TMP/ls" | wc -l)" 4
ilog-show "$HAND" > "$TMP/show"
is "ilog-show shows it by ID" "$?" 0
is "ilog-show finds it by an ID prefix too" \
	"$(ilog-show "${HAND%-hand}" | sha256sum)" "$(sha256sum < "$TMP/show")"
is "ilog-show gives back every field as written" "$(pyyaml -c '
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
b = yaml.safe_load(open(sys.argv[2]))
print(a == b)' "$TMP/hand.yaml" "$TMP/show")" True
is "ilog-show --raw gives the bytes written by hand" \
	"$(ilog-show --raw "$HAND" | tail -n +2 | sha256sum)" \
	"$(sha256sum < "$TMP/hand.yaml")"

# a hand-made record joins the chain: the next record follows it
new=$(ilog-add -s 'After the hand-made one')
id=$(basename "$new" .yaml.gpg)
ok "a new record's ID sorts after the hand-made one" \
	test "$(printf '%s\n' "$id" "$HAND" | sort | tail -n 1)" = "$id"
is "and its prev is the digest of the hand-made record" \
	"$(gpg --quiet --batch -d "$new" 2>/dev/null | sed -n 's/^prev: //p')" \
	"$(sha256sum < "$TMP/hand.yaml" | cut -d' ' -f1)"

# hand-made with a prev that names nothing: readers do not judge the chain
ODD=$(id_after "$D" odd1)
printf '%s\n' "id: $ODD" "recorded: $(id_time "$ODD")" \
	"prev: $(printf x | sha256sum | cut -d' ' -f1)" \
	'occurred: 2026-12-02T09:00:00Z' 'summary: imported from another log' |
	gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$ODD.yaml.gpg"
ok "a record with a prev that names no record is still listed" \
	sh -c "ilog-ls | grep -q '$ODD'"
is "and still shown" "$(ilog-show "$ODD" | grep -c 'imported from another log')" 1
done_testing
