#!/bin/sh
# Someone who can write to the synced folder plants records: unsigned, signed
# by a stranger, named far in the future, or backdated with the victim's own
# key. None is shown as part of the log, chained onto, or passes ilog-verify.
. "$(dirname "$0")/lib.sh"

setup_store victim
ilog-add -w '2026-11-01 10:00' -s 'grey car opposite' -b watching >/dev/null
P=$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)

export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
gpg --export "$FPR" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
SFPR=$(GNUPGHOME=$GNUPGHOME2 newkey stalker)
GNUPGHOME=$GNUPGHOME2 gpg --export "$SFPR" | gpg --batch --quiet --import 2>/dev/null
# plant ID SIGNING-ARGS: stdin encrypted to the victim as record ID
plant() { id=$1; shift
	GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --yes --trust-model always \
		"$@" -e --throw-keyids -r "$FPR" -o "$ILOG_DIR/$id.yaml.gpg"; }
plain() { gpg --batch --quiet -d "$1" 2>/dev/null; }
digest() { plain "$1" | sha256sum | cut -c1-64; }
GENUINE=$(digest "$P")
incident() { printf 'id: %s\nrecorded: %s\nprev: %s\noccurred: 2026-11-03T10:00:00+00:00\nsummary: %s\nbehaviour: [threats]\n' \
	"$1" "$(id_time "$1")" "$GENUINE" "$2"; }

# 1. an unsigned incident and one signed by the stalker, after the newest
U=$(id_after "$ILOG_DIR" unsg)
incident "$U" 'planted, unsigned' | plant "$U"
S=$(id_after "$ILOG_DIR" strg)
incident "$S" 'planted, signed by a stranger' | plant "$S" -s -u "$SFPR"
for prog in ilog-ls ilog-scan ilog-md; do
	if [ $prog = ilog-ls ]; then out=$(ilog-ls 2>"$TMP/err"); rc=$?
	else out=$(ilog-ls 2>/dev/null | $prog 2>"$TMP/err"); rc=$?; fi
	ok "$prog does not show the forged incidents" \
		sh -c "! printf '%s' \"\$1\" | grep -q planted" - "$out"
	is "... and exits 2" "$rc" 2
	is "... with one line for each" "$(wc -l < "$TMP/err" | tr -d ' ')" 2
	ok "... naming the unsigned file" \
		grep -q "$U.yaml.gpg: incident not signed, not by a key of this store: not shown" "$TMP/err"
	ok "... and the stranger's, with the signer" \
		grep -q "$S.yaml.gpg: incident good signature by $SFPR, not by a key of this store" "$TMP/err"
done
ilog-ls 2>/dev/null | ilog-md > "$TMP/report.md" 2>/dev/null
ok "the report lists them in its verification appendix" \
	sh -c "sed -n '/^## Verification/,\$p' '$TMP/report.md' | grep -qF '| **Not part of the log** (incident, not shown) | \`$U\` |'"
ok "... and nowhere before it: not in the pattern, timeline or incidents" \
	sh -c "! sed -n '1,/^## Verification/p' '$TMP/report.md' | grep -q 'planted\|$U\|$S'"
N=$(ilog-add -s 'after the forgeries' -b contact 2>/dev/null)
is "the next ilog-add's prev names the genuine newest record" \
	"$(plain "$N" | sed -n 's/^prev: //p')" "$GENUINE"
ok "... and its ID follows it" sh -c "[ \"$(basename "$N")\" \\< \"$U.yaml.gpg\" ] || [ \"$(basename "$N")\" \\> \"$(basename "$P")\" ]"
ilog-verify > /dev/null 2>"$TMP/verr"
is "ilog-verify fails" "$?" 2
is "... naming each forgery once" "$(grep -c "$U.yaml.gpg\|$S.yaml.gpg" "$TMP/verr")" 2
rm "$ILOG_DIR/$U.yaml.gpg" "$ILOG_DIR/$S.yaml.gpg"
out=$(ilog-verify 2>&1)
is "after the forgeries are deleted, ilog-verify is clean" "$?" 0
echo "$out" | sed 's/^/# /'

# 2. an unsigned record named far in the future
now=$(date +%s)
FAR=$(date -u -d "@$((now + 60 * 365 * 86400))" +%Y%m%dT%H%M%SZ)-zzzz
incident "$FAR" 'planted in the future' | plant "$FAR"
before=$(date -u +%Y%m%dT%H%M%SZ)
N=$(ilog-add -s 'after the planted name' 2>/dev/null)
after=$(date -u -d "@$(($(date +%s) + 1))" +%Y%m%dT%H%M%SZ)
id=$(basename "$N" .yaml.gpg)
ok "a planted far-future name does not move the next ID ($id)" \
	sh -c "[ ! \"${id%%-*}\" \\< \"$before\" ] && [ ! \"${id%%-*}\" \\> \"$after\" ]"
ilog-verify > /dev/null 2>"$TMP/verr"
ok "ilog-verify names the file named in the future" \
	grep -q "$FAR.yaml.gpg: named in the future (.*), more than 10 minutes ahead" "$TMP/verr"
rm "$ILOG_DIR/$FAR.yaml.gpg"

# 3. backdated with the victim's key, through plain gpg: named now, but
# recorded a day before the record its prev names
LAST=$(ls "$ILOG_DIR"/*.yaml.gpg | tail -n 1)
B=$(id_after "$ILOG_DIR" back)
{ printf 'id: %s\nrecorded: %s\nprev: %s\n' "$B" \
	"$(date -u -d "@$(($(date +%s) - 86400))" +%Y-%m-%dT%H:%M:%SZ)" "$(digest "$LAST")"
  printf 'occurred: %s\nsummary: backdated\n' \
	"$(date -u -d "@$(($(date +%s) - 86400 - 300))" +%Y-%m-%dT%H:%M:%S+00:00)"; } |
	gpg --batch --quiet --yes -s -e --throw-keyids -r "$FPR" -o "$ILOG_DIR/$B.yaml.gpg"
ilog-verify > /dev/null 2>"$TMP/verr"
is "a backdated record fails ilog-verify" "$?" 2
ok "... its recorded disagrees with its name" \
	grep -q "$B.yaml.gpg: recorded .*, but its name says it was written at" "$TMP/verr"
ok "... and is before the record its prev names" \
	grep -q "$B.yaml.gpg: recorded .*, before .*, when the record its prev names ($(basename "$LAST" .yaml.gpg)) was written: backdated" "$TMP/verr"

# 4. the newest records removed: nothing points to them yet, but this
# device remembers what it saw (a store of its own: removing the backdated
# record above is already such a loss)
export ILOG_DIR="$TMP/store2"
ilog-init "$FPR" 2>/dev/null
ilog-add -s 'one of the last' >/dev/null
L1=$(ilog-add -s 'the second last')
L2=$(ilog-add -s 'the last')
ilog-ls > /dev/null
ilog-verify > /dev/null 2>&1
is "before the truncation ilog-verify is clean" "$?" 0
mark=$(grep -h "$(basename "$L2" .yaml.gpg)" "$XDG_STATE_HOME"/ilog/*.mark)
is "the mark holds only the greatest ID and the count" \
	"$mark" "ilog-mark 1 $(basename "$L2" .yaml.gpg) $(ls "$ILOG_DIR"/*.yaml.gpg | wc -l | tr -d ' ')"
rm "$L1" "$L2"
ilog-ls > /dev/null 2>&1
ilog-verify > /dev/null 2>"$TMP/verr"
is "records removed from the end: ilog-verify fails" "$?" 2
ok "... saying how many this device saw are gone" \
	grep -q "2 records this device saw up to $(basename "$L2" .yaml.gpg) are gone" "$TMP/verr"
out=$(XDG_STATE_HOME="$TMP/other" ilog-verify 2>&1)
is "(a device that never saw them cannot tell)" "$?" 0
# (written in the same second, its ID may sort before the lost ones: the
# loss is then counted one less, but still reported)
ilog-add -s 'written after the loss' > /dev/null
ilog-verify > /dev/null 2>"$TMP/verr"
ok "a record written after the loss does not hide it" \
	grep -q "this device saw up to $(basename "$L2" .yaml.gpg) .*gone" "$TMP/verr"
done_testing
