#!/bin/sh
# An advocate's first sync: she has the victim's public key but has not yet
# certified it. She is never shown a log that silently differs (amendments
# not applied): every program stops with one line that names the key and
# says how to check and certify it; ilog-verify tells that key apart from a
# stranger's.
. "$(dirname "$0")/lib.sh"

export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
V=$(newkey victim)
A=$(GNUPGHOME=$GNUPGHOME2 newkey advocate)
GNUPGHOME=$GNUPGHOME2 gpg --export "$A" | gpg --batch --quiet --import 2>/dev/null
gpg --export "$V" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
gpg --batch --quiet --quick-lsign-key "$A" > /dev/null 2>&1
ilog-init "$V" "$A" 2>/dev/null
printf -- '---\noccurred: 2026-10-01 21:00\nsummary: Car outside\n---\noccurred: 2026-10-02 21:00\nsummary: Entered twice\n' |
	ilog-add > /dev/null
set -- $(ilog-ls)
ilog-tag +car "$1" > /dev/null
ilog-withdraw -m 'entered twice' "$2" > /dev/null
scan=$(ilog-ls | ilog-scan)
adv() { GNUPGHOME=$GNUPGHOME2 XDG_CACHE_HOME=$TMP/cache2 \
	XDG_STATE_HOME=$TMP/state2 "$@"; }

out=$(adv ilog-ls 2>"$TMP/err"); rc=$?
is "ilog-ls prints nothing for an advocate who has not certified the key" "$out" ""
is "... and exits 2" "$rc" 2
is "... in one line" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "... naming the key as the one that wrote the recipient list" \
	grep -q "\.gpg-id\.gpg: signed by $V, the key that wrote this list of recipients, which you have not certified" "$TMP/err"
ok "... and the commands to check and certify it" \
	grep -q "gpg --fingerprint $V'.*'gpg --quick-lsign-key $V'" "$TMP/err"
out=$(adv ilog-ls | adv ilog-scan 2>"$TMP/err"); rc=$?
is "ilog-ls | ilog-scan shows no incident (no withdrawn one back)" "$out" ""
is "... ilog-scan exits 2" "$rc" 2
is "... with the same one line, no warning per amendment" \
	"$(wc -l < "$TMP/err" | tr -d ' ')" 1
out=$(adv ilog-verify 2>"$TMP/err"); rc=$?
is "ilog-verify exits 2" "$rc" 2
is "... with one problem: the uncertified signer of the list" "$out" \
	"1 problem found in $ILOG_DIR"
ok "... named as such" grep -q "signed by $V, the key that wrote this list" "$TMP/err"
ok "... and no record reads as 'not a recipient' (tampering)" \
	sh -c "! grep -q 'not a recipient' '$TMP/err'"

# a stranger's forged amendment is still a stranger's
SG=$TMP/g3; mkdir -m 700 "$SG"
S=$(GNUPGHOME=$SG newkey stalker)
gpg --export "$A" | GNUPGHOME=$SG gpg --batch --quiet --import 2>/dev/null
GNUPGHOME=$SG gpg --export "$S" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
F=$(id_after "$ILOG_DIR" frgd)
printf 'id: %s\nrecorded: %s\namends: [%s]\nunset: [withdrawn]\n' "$F" \
	"$(id_time "$F")" "$(basename "$2" .yaml.gpg)" |
	GNUPGHOME=$SG gpg --batch --quiet --trust-model always -u "$S" -s -e \
	--throw-keyids -r "$A" -o "$ILOG_DIR/$F.yaml.gpg"
adv ilog-verify > /dev/null 2>"$TMP/err"
ok "ilog-verify names a stranger's record as not a recipient" \
	grep -q "$F.yaml.gpg: signed by $S, a key that is not a recipient" "$TMP/err"
is "... and only that one" "$(grep -c 'not a recipient' "$TMP/err")" 1
rm "$ILOG_DIR/$F.yaml.gpg"

# she compares the fingerprint with the victim, and certifies the key
GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --quick-lsign-key "$V" > /dev/null 2>&1
is "once certified, she sees the victim's log, amendments applied" \
	"$(adv ilog-ls | adv ilog-scan 2>&1)" "$scan"
is "and ilog-verify is clean" "$(adv ilog-verify 2>&1)" \
	"4 records, 0 evidence files: no problem found"
done_testing
