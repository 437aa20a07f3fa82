#!/bin/sh
# Someone who can write to the synced folder (and has the victim's public
# key) can neither add their key to the recipients nor change an incident.
. "$(dirname "$0")/lib.sh"

setup_store victim
P=$(ilog-add -s 'Threatening voicemail at 02:13' -b threats)
ID=$(basename "$P" .yaml.gpg)

# the stalker's own GnuPG home, holding the victim's public key
export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
gpg --export "$FPR" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
SFPR=$(GNUPGHOME=$GNUPGHOME2 newkey stalker)
GNUPGHOME=$GNUPGHOME2 gpg --export "$SFPR" | gpg --batch --quiet --import 2>/dev/null
as_stalker() { GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --yes \
	--trust-model always -u "$SFPR" -s -e --throw-keyids -r "$FPR" "$@"; }

# 1. a forged amendment withdrawing the incident
FRGD=$(id_after "$ILOG_DIR" frgd)
printf 'id: %s\nrecorded: %s\namends: [%s]\nwithdrawn: entered by mistake\n' \
	"$FRGD" "$(id_time "$FRGD")" "$ID" | as_stalker -o "$ILOG_DIR/$FRGD.yaml.gpg"
out=$(ilog-ls 2>"$TMP/err"); rc=$?
is "a forged withdrawal does not hide the incident" "$out" "$P"
is "... and ilog-ls exits 2" "$rc" 2
ok "... naming the forged amendment" \
	grep -q "$FRGD.yaml.gpg: amendment good signature by .*not by a key of this store: not applied" "$TMP/err"
is "... in one line" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "ilog-show shows the incident unchanged" \
	sh -c "! ilog-show '$P' 2>/dev/null | grep -q withdrawn"
ilog-verify > /dev/null 2> "$TMP/verr"
ok "ilog-verify names it as signed by a key that is not a recipient" \
	grep -q "$FRGD.yaml.gpg: signed by $SFPR, a key that is not a recipient" "$TMP/verr"
rm "$ILOG_DIR/$FRGD.yaml.gpg"

# 2. a planted recipient list adding the stalker's key
ilog-tag +voicemail "$P" > /dev/null
sums=$(cd "$ILOG_DIR" && sha256sum *.yaml.gpg)
printf '%s\n%s\n' "$FPR" "$SFPR" | as_stalker -o "$ILOG_DIR/.gpg-id.gpg"
planted=$(cd "$ILOG_DIR" && sha256sum .gpg-id.gpg)
n=$(ls "$ILOG_DIR" | wc -l)
ilog-add -s 'after the list was replaced' > /dev/null 2> "$TMP/err"; rc=$?
is "ilog-add refuses to encrypt to a planted list" "$rc" 2
ok "... saying the list was not written by a key you hold or have certified" \
	grep -q '.gpg-id.gpg: good signature by .*not written by a key you hold or have certified' "$TMP/err"
is "... and writes nothing" "$(ls "$ILOG_DIR" | wc -l)" "$n"
is "... saying it once" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ilog-init > /dev/null 2>&1
is "ilog-init will not print an untrusted list" "$?" 2
ilog-verify > /dev/null 2> "$TMP/verr"
is "ilog-verify fails" "$?" 2
ok "... naming the recipient list" grep -q '.gpg-id.gpg' "$TMP/verr"
is "... once" "$(grep -c '.gpg-id.gpg' "$TMP/verr")" 1
ok "the records were not touched" sh -c "cd '$ILOG_DIR' && printf '%s\n' \"\$1\" | sha256sum -c --quiet --ignore-missing" - "$sums"

# the victim puts her own list back
ilog-init "$FPR" >/dev/null 2>"$TMP/err"
is "ilog-init with her key replaces the planted list" "$?" 0
ok "... saying so" grep -q 'replacing it with the recipients given' "$TMP/err"
ok "ilog-init with her own key writes a list she signed" \
	sh -c "[ \"\$(cd '$ILOG_DIR' && sha256sum .gpg-id.gpg)\" != '$planted' ]"
is "ilog-init lists only her key again" "$(ilog-init)" "$FPR"
ok "and ilog-add works again" ilog-add -s 'list mended'
ilog-verify > /dev/null 2>&1
is "ilog-verify finds no problem after" "$?" 0
done_testing
