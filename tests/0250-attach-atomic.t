#!/bin/sh
# ilog-attach is atomic: the evidence first, the amendment last, and on a
# failure nothing. A kill leaves at most a file no record lists, which
# ilog-verify names and the next attach of the same file lists instead of
# copying it again; a file planted by someone else is never taken.
. "$(dirname "$0")/lib.sh"

setup_store
GNUPGHOME2="$TMP/g2"		# the stalker's own keyring
mkdir -m 700 "$GNUPGHOME2"
printf 'allow-loopback-pinentry\n' > "$GNUPGHOME2/gpg-agent.conf"
STRANGER=$(GNUPGHOME=$GNUPGHOME2; export GNUPGHOME; newkey stranger)
gpg --batch --quiet --export "$FPR" | GNUPGHOME=$GNUPGHOME2 gpg --batch \
	--quiet --import 2>/dev/null
A=$(basename "$(ilog-add -s 'Followed home from the station' -b following)" .yaml.gpg)
B=$(basename "$(ilog-add -s 'Car outside again' -b watching)" .yaml.gpg)
EV=$ILOG_DIR/evidence
head -c 100000000 /dev/urandom > "$TMP/dashcam.mp4"
SHA=$(sha256sum < "$TMP/dashcam.mp4" | cut -c1-64)

evidence() { ls "$EV" 2>/dev/null | grep -v '^\.tmp-'; }	# not temp files
temps() { ls -a "$EV" 2>/dev/null | grep '^\.tmp-'; }
nrecords() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }
listed() {	# listed ID: the evidence files of an incident, one a line
	ilog-show "$1" | pyyaml -c 'import sys, yaml
for e in yaml.safe_load(sys.stdin).get("evidence", []):
    print(e["file"], e["sha256"])'
}
# attach_bg ID FILE: ilog-attach in the background, its pid in $pid
attach_bg() { ilog-attach "$1" "$2" > /dev/null 2> "$TMP/bg.err" & pid=$!; }
# wait_for TEST: until TEST holds or the attach ended (0.01 s steps)
wait_for() {
	i=0
	while ! "$@" && kill -0 "$pid" 2>/dev/null && [ $i -lt 3000 ]; do
		sleep 0.01; i=$((i + 1))
	done
}
ntemps() { temps | wc -l; }
temp_new() { [ "$(ntemps)" -gt "$t0" ]; }	# the attach's temp file is there
temp_gone() { [ "$(ntemps)" -le "$t0" ]; }	# ... and linked into place

# SIGTERM (a shutdown, or Ctrl-C) in the middle: it stops and cleans up
t0=0
attach_bg "$B" "$TMP/dashcam.mp4"
wait_for temp_new
kill -TERM "$pid"; wait "$pid"; rc=$?
is "SIGTERM during an attach: exit 2" "$rc" 2
ok "... says it was interrupted and nothing was attached" \
	grep -q "interrupted; nothing attached" "$TMP/bg.err"
is "... leaves no evidence file and no temp file" "$(ls -a "$EV" | grep -vx '\.\.\?')" ""

# kill -9 at random moments, and just after the evidence file is in place
# (before the amendment is written)
n0=$(nrecords)
run=0
for delay in r r r e e; do
	run=$((run + 1))
	t0=$(ntemps)
	attach_bg "$A" "$TMP/dashcam.mp4"
	if [ $delay = r ]; then
		sleep "0.$(awk 'BEGIN { srand(); printf "%d", 2 + rand() * 7 }')"
	else
		wait_for temp_new
		wait_for temp_gone
	fi
	kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	echo "# kill $run ($delay): $(evidence | wc -l) evidence, $(temps | wc -l) temp, $(($(nrecords) - n0)) amendment"
	[ "$(evidence | wc -l)" -le 1 ] || break
done
ok "after $run kills the store holds at most one copy of the file" \
	test "$(evidence | wc -l)" -le 1
ilog-verify > /dev/null 2> "$TMP/verr"
sed "s|$TMP|\$TMP|g; s/^/# /" "$TMP/verr"
listed "$A" > "$TMP/listed"
unnamed=
for f in $(evidence); do
	grep -q "^evidence/$f " "$TMP/listed" ||
	grep -q "$EV/$f: evidence listed by no record: an interrupted ilog-attach, or its record has not synced yet" "$TMP/verr" ||
	unnamed="$unnamed $f"
done
is "every evidence file is listed by a record or named by ilog-verify as such" \
	"$unnamed" ""
unnamed=
for f in $(temps); do
	grep -q "$EV/$f: a temporary file left by an interrupted write" \
		"$TMP/verr" || unnamed="$unnamed $f"
done
is "... and every temp file is named by ilog-verify" "$unnamed" ""

ilog-attach "$A" "$TMP/dashcam.mp4" > /dev/null 2> "$TMP/err"; rc=$?
sed "s|$TMP|\$TMP|g; s/^/# /" "$TMP/err"
is "attaching it once more: exit 0" "$rc" 0
is "... the store holds one copy" "$(evidence | wc -l | tr -d ' ')" 1
is "... which the incident lists once, with the file's SHA-256" \
	"$(listed "$A" | cut -d' ' -f2)" "$SHA"
ok "... at most one line" test "$(wc -l < "$TMP/err")" -le 1
rm -f "$EV"/.tmp-* "$ILOG_DIR"/.tmp-*	# as ilog-verify advises
ilog-verify > "$TMP/vout" 2>&1; rc=$?
sed "s|$TMP|\$TMP|g; s/^/# /" "$TMP/vout"
is "... and, the temp files removed, ilog-verify is clean" "$rc" 0

n1=$(nrecords)
ilog-attach "$A" "$TMP/dashcam.mp4" > /dev/null 2> "$TMP/err"; rc=$?
is "attaching the same file to the same incident again: exit 0" "$rc" 0
is "... writes nothing" "$(nrecords) $(evidence | wc -l | tr -d ' ')" "$n1 1"
ok "... and says it is attached already" grep -q \
	"dashcam.mp4: attached to this incident already, as evidence/.*: not attached again" \
	"$TMP/err"
rm "$TMP/dashcam.mp4"

# An orphan left by a kill, as plain gpg would have written it with the
# victim's key: the next attach of the same file lists it.
enc() {	# enc FILE [GNUPGHOME]: stdin signed and encrypted to the victim
	GNUPGHOME=${2:-$GNUPGHOME} gpg --batch --quiet --yes --trust-model always \
		-s -e --throw-keyids -r "$FPR" -o "$1" 2>/dev/null
}
printf 'screenshot of the message\n' > "$TMP/shot.png"
ORPHAN=evidence/$(id_after "$ILOG_DIR" k9k9)-1.png.gpg
enc "$ILOG_DIR/$ORPHAN" < "$TMP/shot.png"
ilog-verify > /dev/null 2> "$TMP/verr"
ok "ilog-verify names the orphan, and why it may be there" grep -q \
	"$ORPHAN: evidence listed by no record: an interrupted ilog-attach, or its record has not synced yet" \
	"$TMP/verr"
n1=$(nrecords); e1=$(evidence | wc -l)
ilog-attach "$B" "$TMP/shot.png" > /dev/null 2> "$TMP/err"; rc=$?
is "attaching the same file: exit 0" "$rc" 0
is "... one amendment, no new evidence file" \
	"$(($(nrecords) - n1)) $(($(evidence | wc -l) - e1))" "1 0"
is "... the incident lists the orphan" "$(listed "$B" | cut -d' ' -f1)" "$ORPHAN"
ok "... and says so in one line" sh -c \
	"[ \$(wc -l < '$TMP/err') -eq 1 ] && grep -q 'shot.png: in the store already, as $ORPHAN, which no record listed' '$TMP/err'"
ok "ilog-show -x gives it back, checked" sh -c \
	"ilog-show -x '$ORPHAN' | cmp -s - '$TMP/shot.png'"

# Orphans planted by someone else, with the same plaintext: not taken.
printf 'a photo the stalker also has\n' > "$TMP/planted.jpg"
P1=evidence/$(id_after "$ILOG_DIR" stra)-1.jpg.gpg
P2=evidence/$(id_after "$ILOG_DIR" unsg)-1.jpg.gpg
enc "$ILOG_DIR/$P1" "$GNUPGHOME2" < "$TMP/planted.jpg"	# the stranger signs
gpg --batch --quiet --yes --trust-model always -e -r "$FPR" \
	-o "$ILOG_DIR/$P2" < "$TMP/planted.jpg" 2>/dev/null	# not signed
e1=$(evidence | wc -l)
ilog-attach "$B" "$TMP/planted.jpg" > /dev/null 2> "$TMP/err"; rc=$?
is "a file whose twins were planted: exit 0" "$rc" 0
is "... a new copy is written" "$(($(evidence | wc -l) - e1))" 1
is "... the incident lists neither planted file" \
	"$(listed "$B" | grep -c -e "$P1" -e "$P2")" 0
is "... and nothing is said about them" "$(cat "$TMP/err")" ""

# A failure on the second of two files leaves nothing written.
printf 'first\n' > "$TMP/one.jpg"
snap() { (cd "$ILOG_DIR" && find . -type f | sort | xargs sha256sum); }
snap > "$TMP/s0"
mkdir "$TMP/folder.jpg"
ilog-attach "$A" "$TMP/one.jpg" "$TMP/folder.jpg" > /dev/null 2> "$TMP/err"; rc=$?
is "the second file a directory: exit 2" "$rc" 2
ok "... named" grep -q "folder.jpg: not a regular file; nothing attached" "$TMP/err"
is "... nothing written" "$(snap)" "$(cat "$TMP/s0")"
mkfifo "$TMP/fifo.jpg"
ilog-attach "$A" "$TMP/one.jpg" "$TMP/fifo.jpg" > /dev/null 2> "$TMP/err"; rc=$?
is "the second file a FIFO: exit 2, no wait for a writer" "$rc" 2
is "... nothing written" "$(snap)" "$(cat "$TMP/s0")"
# the disk fills up while the second file is written (ulimit -f: 1 MB)
head -c 3000000 /dev/urandom > "$TMP/two.mp4"
( trap '' XFSZ; ulimit -f 1024
  ilog-attach "$A" "$TMP/one.jpg" "$TMP/two.mp4" > /dev/null 2> "$TMP/err" )
rc=$?
sed "s|$TMP|\$TMP|g; s/^/# /" "$TMP/err"
is "the disk full while writing the second file: exit 2" "$rc" 2
ok "... says nothing was attached" grep -q "two.mp4: .*; nothing attached" "$TMP/err"
is "... the first file's evidence is removed: nothing written" \
	"$(snap)" "$(cat "$TMP/s0")"
is "... and no temp file left" "$(temps)" ""

done_testing
