#!/bin/sh
# Changing recipients against a hostile or lagging folder: an old list put
# back is refused, an interrupted change is reported with the command that
# finishes it, and a record a device wrote to the old recipients after the
# change is found by counting who can open it.
. "$(dirname "$0")/lib.sh"

export GNUPGHOME2="$TMP/g2"
G3=$TMP/g3
mkdir -m 700 "$GNUPGHOME2" "$G3"
V=$(newkey victim)
P=$(GNUPGHOME=$GNUPGHOME2 newkey phone)
A=$(GNUPGHOME=$G3 newkey advocate)
for h in "$GNUPGHOME2" "$G3"; do
	GNUPGHOME=$h gpg --export | gpg --batch --quiet --import 2>/dev/null
	gpg --export "$V" | GNUPGHOME=$h gpg --batch --quiet --import 2>/dev/null
	GNUPGHOME=$h gpg --batch --quiet --quick-lsign-key "$V" >/dev/null 2>&1
done
gpg --export "$P" | GNUPGHOME=$G3 gpg --batch --quiet --import 2>/dev/null
gpg --export "$A" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
gpg --batch --quiet --quick-lsign-key "$P" > /dev/null 2>&1
gpg --batch --quiet --quick-lsign-key "$A" > /dev/null 2>&1
# on HOME STATE COMMAND...: run as another device (its keys, its memory)
on() { h=$1 st=$2; shift 2; GNUPGHOME=$h XDG_CACHE_HOME=$st.cache \
	XDG_STATE_HOME=$st.state "$@"; }
opens() { GNUPGHOME=$1 gpg -q --batch -d "$2" 2>/dev/null | grep -q summary; }

# --- 1. a rolled-back list ---------------------------------------------------
ilog-init "$V" "$P" 2>/dev/null
ilog-add -s 'Phone still mine' > /dev/null
cp "$ILOG_DIR/.gpg-id.gpg" "$TMP/old-list"
ilog-init "$V" 2>/dev/null	# the phone was stolen: its key removed
ok "the stolen phone cannot open what is written after" \
	sh -c "! GNUPGHOME='$GNUPGHOME2' gpg -q --batch -d '$(ilog-add -s 'After the theft')' 2>/dev/null | grep -q summary"
cp "$TMP/old-list" "$ILOG_DIR/.gpg-id.gpg"	# the thief puts the old list back
n=$(ls "$ILOG_DIR" | wc -l)
ilog-add -s 'Written after the rollback' > /dev/null 2> "$TMP/err"; rc=$?
is "ilog-add refuses the old list" "$rc" 2
is "... writing nothing" "$(ls "$ILOG_DIR" | wc -l)" "$n"
is "... in one line" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "... that says it is older than one this device has seen" \
	grep -q '\.gpg-id\.gpg: this list of recipients is older (change 1) than one this device has seen (change 3): .*run ilog-init with the recipients you want' "$TMP/err"
ilog-init > /dev/null 2>&1
is "ilog-init will not print it as the recipients" "$?" 2
out=$(ilog-verify 2> "$TMP/err"); rc=$?
is "ilog-verify fails" "$rc" 2
ok "... naming the old list" grep -q '\.gpg-id\.gpg: this list of recipients is older' "$TMP/err"
ilog-init "$V" > /dev/null 2> "$TMP/err"
is "the victim's ilog-init puts her recipients back" "$?" 0
new=$(ilog-add -s 'After the repair')
ok "ilog-add works again" test -f "$new"
ok "... and the phone's key cannot open the new record" \
	sh -c "! GNUPGHOME='$GNUPGHOME2' gpg -q --batch -d '$new' 2>/dev/null | grep -q summary"
is "ilog-verify is clean" "$(ilog-verify 2>&1)" \
	"3 records, 0 evidence files: no problem found"

# a list written before lists were numbered reads as change 0: refused
# where a numbered one was seen, read where none was, numbered by ilog-init
D=$TMP/older
ILOG_DIR=$D ilog-init "$V" 2>/dev/null
printf '%s\n' "$V" | gpg --batch --quiet --yes -u "$V" -s -e --throw-keyids \
	-r "$V" -o "$D/.gpg-id.gpg"
ILOG_DIR=$D ilog-add -s 'one' > /dev/null 2>&1
is "an unnumbered list where a numbered one was seen is refused" "$?" 2
rm -f "$TMP/state/ilog"/*.list
ILOG_DIR=$D ilog-add -s 'one' > /dev/null 2>&1
is "... but read on a device that has seen none (an older version's)" "$?" 0
ILOG_DIR=$D ilog-init "$V" "$P" 2>/dev/null
ok "... and the next ilog-init numbers it" \
	sh -c "gpg -q --batch -d '$D/.gpg-id.gpg' 2>/dev/null | grep -q '^# ilog-list 2 '"

# --- 2. an interrupted change ------------------------------------------------
i=1
while [ $i -le 30 ]; do
	printf -- '---\noccurred: 2026-10-%02d 21:00\nsummary: Incident %d\n' \
		$((1 + i % 28)) $i
	i=$((i + 1))
done | ilog-add > /dev/null
files() { find "$ILOG_DIR" -type f | wc -l; }
for after in 3 12 25; do
	touch "$TMP/stamp"; sleep 0.01
	ilog-init "$V" "$A" 2>/dev/null &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$(find "$ILOG_DIR" -type f \
	    -newercc "$TMP/stamp" | wc -l)" -lt "$after" ]; do sleep 0.02; done
	kill -9 "$pid" 2>/dev/null || echo "# ilog-init ended before the kill"
	wait "$pid" 2>/dev/null
	echo "# killed after $(find "$ILOG_DIR" -type f -newercc "$TMP/stamp" |
		wc -l) of $(files) files"
	out=$(ilog-verify 2> "$TMP/err"); rc=$?
	is "killed after $after files: ilog-verify fails" "$rc" 2
	ok "... saying the change was interrupted, and the command that finishes it" \
		grep -q "\.gpg-id\.gpg: a change of recipients was interrupted: .*finish it: ilog-init $V $A\$" "$TMP/err"
	ilog-init "$V" "$A" > /dev/null 2>&1
	is "... which does" "$(ilog-verify 2>&1 | tail -n 1)" \
		"33 records, 0 evidence files: no problem found"
	ilog-init "$V" > /dev/null 2>&1
done

# --- 3. a device that had not synced the removal -----------------------------
ilog-init "$V" "$P" "$A" 2>/dev/null
PH=$TMP/phone
cp -a "$ILOG_DIR" "$PH"
ilog-init "$V" "$P" 2>/dev/null	# the laptop removes the advocate
ok "the laptop's list no longer names the advocate" \
	test "$(ilog-init | wc -l)" -eq 2
sleep 1	# in the change's own second a record is still reported, as one
	# more keys can open, but not named as written after it
late=$(ILOG_DIR=$PH on "$GNUPGHOME2" "$TMP/ph" ilog-add -s 'Written on the phone')
cp "$late" "$ILOG_DIR/"		# the cloud drive brings it over
late=$ILOG_DIR/${late##*/}
ok "the advocate can open the phone's record" opens "$G3" "$late"
out=$(ilog-verify 2> "$TMP/err"); rc=$?
is "ilog-verify fails" "$rc" 2
ok "... naming the record, written after the change, by more keys than the list has" \
	grep -q "${late##*/}: written after the recipients changed (.*UTC) by a device that had not synced yet: 3 keys can open it, the store has 2 recipients" "$TMP/err"
ok "... and how to re-encrypt it" grep -q 're-encrypt the store: ilog-init -f \$(ilog-init)' "$TMP/err"
is "... and nothing else" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ilog-init -f $(ilog-init) > /dev/null 2>&1
is "ilog-init -f re-encrypts it" "$?" 0
ok "... so that the advocate can no longer open it" sh -c "! GNUPGHOME='$G3' gpg -q --batch -d '$late' 2>/dev/null | grep -q summary"
is "ilog-verify is clean" "$(ilog-verify 2>&1 | tail -n 1)" \
	"34 records, 0 evidence files: no problem found"
done_testing
