#!/bin/sh
# A re-encryption killed half-way (power cut, phone battery, kill -9) loses
# nothing: every file still opens for the victim, and running the same
# ilog-init again finishes the job.
. "$(dirname "$0")/lib.sh"

export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"

files() { (cd "$ILOG_DIR" && find . -type f | sort); }
kept() { files | grep -v '\.tmp-'; }	# what a crash may leave: temp files
# decrypt DIR [gpg-home]: every file's plaintext into DIR, by plain gpg (its
# exit status is not trusted: 2 for any hidden recipient but the first)
decrypt() {
	rm -rf "$1"; mkdir -p "$1"
	kept | while read -r f; do
		GNUPGHOME=${2:-$GNUPGHOME} gpg --quiet --batch --decrypt \
			"$ILOG_DIR/$f" > "$1/$(echo "${f#./}" | tr / _)" 2>/dev/null
	done
}
same_plain() {	# every file in DIR1 non-empty and equal to the one in DIR2
	[ "$(ls "$1")" = "$(ls "$2")" ] || { echo "# file lists differ"; return 1; }
	for f in "$1"/*; do
		[ -s "$f" ] && cmp -s "$f" "$2/${f##*/}" || {
			echo "# differs: ${f##*/}"; return 1; }
	done
}
# crash AFTER ARGS...: run ilog-init ARGS in the background and kill -9 it
# once AFTER files (plus 0-3 at random) have been rewritten
crash() {
	after=$(( $1 + $(awk 'BEGIN { srand(); print int(rand() * 4) }') ))
	shift
	touch "$TMP/stamp"	# ctimes: the kernel's clock, even under faketime
	sleep 0.01	# so that files rewritten from now on are newer
	ilog-init "$@" 2>/dev/null &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$(find "$ILOG_DIR" -type f \
	    -newercc "$TMP/stamp" 2>/dev/null | wc -l)" -lt "$after" ]; do
		sleep 0.02
	done
	kill -9 "$pid" 2>/dev/null || echo "# ilog-init ended before the kill"
	wait "$pid" 2>/dev/null
	echo "# killed after $(find "$ILOG_DIR" -type f -newercc "$TMP/stamp" \
		2>/dev/null | wc -l) of $(files | wc -l) files were rewritten;" \
		"left: $(files | grep '\.tmp-' | wc -l) temporary"
}
evidence_same() {	# each evidence file opens with plain gpg, as before
	for f in "$ILOG_DIR"/evidence/*.gpg; do
		gpg -q --batch -d "$f" 2>/dev/null |
			cmp -s - "$TMP/before/evidence_${f##*/}" || return 1
	done
}
after_crash() {	# after_crash WHEN LIST: the store as it was, for the victim
	# while unfinished, the list names the old keys and the new ones
	is "$1: the list names the old and the new keys" \
		"$(ilog-init 2>/dev/null)" "$2"
	ok "$1: ilog-init says the change was interrupted" sh -c \
		'ilog-init 2>&1 >/dev/null | grep -q "interrupted: run ilog-init"' 
	is "$1: no file lost" "$(kept)" "$list"
	# the seal covers every record's plaintext, and fails on one unread
	is "$1: every record opens for the victim, unchanged (same seal)" \
		"$(ilog-seal 2>&1)" "$seal"
	ok "$1: every evidence file opens for the victim, unchanged" \
		evidence_same
}

V=$(newkey victim)
A=$(GNUPGHOME=$GNUPGHOME2 newkey advocate)
GNUPGHOME=$GNUPGHOME2 gpg --export "$A" | gpg --batch --quiet --import 2>/dev/null
gpg --export "$V" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --quick-lsign-key "$V" > /dev/null 2>&1
gpg --batch --quiet --quick-lsign-key "$A" > /dev/null 2>&1
ilog-init "$V" 2>/dev/null

# 40 incidents, a tag amendment, and three evidence files with their amendment
i=1
while [ $i -le 40 ]; do
	printf -- '---\noccurred: 2026-%02d-%02d 21:%02d\nsummary: Incident %d\nbehaviour: [watching]\nlocation: Elm Street\n' \
		$((9 + i / 28)) $((1 + i % 28)) $i $i
	i=$((i + 1))
done | ilog-add > /dev/null
ilog-ls | head -n 10 | ilog-tag +reported > /dev/null
head -c 200000 /dev/urandom > "$TMP/video.mp4"
printf 'screenshot\n' > "$TMP/shot.png"
printf 'letter\n' > "$TMP/letter.pdf"
ilog-attach "$(ilog-ls | head -n 1)" "$TMP/video.mp4" "$TMP/shot.png" \
	"$TMP/letter.pdf" > /dev/null
list=$(files)
nfiles=$(files | wc -l)
is "the store holds 42 records, 3 evidence files and the list" "$nfiles" 46
decrypt "$TMP/before"
seal=$(ilog-seal)
scan=$(ilog-ls | ilog-scan)

# Adding the advocate, killed early; the victim changes her mind.
crash 2 "$V" "$A"
after_crash "killed early" "$V
$A"
is "killed early: the log reads as before" "$(ilog-ls | ilog-scan)" "$scan"
err=$(ilog-init "$V" 2>&1)
ok "going back to the old set after a crash re-encrypts (not 'already uses')" \
	sh -c 'printf "%s\n" "$1" | grep -q "re-encrypted"' - "$err"
left=0
for f in $(files); do
	GNUPGHOME=$GNUPGHOME2 gpg -q --batch -d "$ILOG_DIR/$f" \
		> /dev/null 2>&1 && left=$((left + 1))
done
is "so no file stays readable by the key she went back on" "$left" 0
is "the list is the old one again" "$(ilog-init 2>&1)" "$V"
is "and then the same set again changes nothing" \
	"$(ilog-init "$V" 2>&1 | grep -c 'already uses')" 1

# Adding the advocate again, killed half-way, then finished.
crash 20 "$V" "$A"
after_crash "killed half-way" "$V
$A"
# what a kill inside a write leaves: ilog-init's own temp copies (NAME.tmp-X)
rec=$(ls "$ILOG_DIR"/*.yaml.gpg | head -n 1)
ev=$(ls "$ILOG_DIR"/evidence/*.gpg | head -n 1)
cp "$rec" "$rec.tmp-Ab3dE9"
cp "$ev" "$ev.tmp-xY1z2Q"
cp "$ILOG_DIR/.gpg-id.gpg" "$ILOG_DIR/.tmp-gpg-id.tmp-Qq7Rr8"
ok "running ilog-init again finishes" ilog-init "$V" "$A" 2>/dev/null
is "the recipients are both keys" "$(ilog-init)" "$V
$A"
is "no file lost, and the temp copies a kill left are gone" "$(files)" "$list"
decrypt "$TMP/adv" "$GNUPGHOME2"
ok "every file opens for the advocate, plaintext unchanged" \
	same_plain "$TMP/before" "$TMP/adv"
is "the seal is unchanged" "$(ilog-seal)" "$seal"
is "ilog-verify is clean" "$(ilog-verify 2>&1)" \
	"42 records, 3 evidence files: no problem found"
is "the advocate's ilog-verify is clean" \
	"$(GNUPGHOME=$GNUPGHOME2 XDG_CACHE_HOME=$TMP/cache2 ilog-verify 2>&1)" \
	"42 records, 3 evidence files: no problem found"

# A new laptop key replaces the old one (the victim holds both), killed
# near the end, a record added in between.
V2=$(newkey laptop2)
crash $((nfiles - 6)) "$V2" "$A"
after_crash "killed near the end" "$V
$A
$V2"
new=$(ilog-add -w 'today 07:30' -s 'Flowers left on the doorstep' -b gifts)
ok "a record can be added to the half-done store" test -n "$new"
list=$(kept)
ok "running ilog-init again finishes" ilog-init "$V2" "$A" 2>/dev/null
is "the list is the new key and the advocate's" "$(ilog-init)" "$V2
$A"
is "no file lost, no temporary file left" "$(files)" "$list"
is "the advocate reads the record added in between" \
	"$(GNUPGHOME=$GNUPGHOME2 gpg -q --batch -d "$new" 2>/dev/null |
	grep '^summary')" "summary: Flowers left on the doorstep"
is "the seal up to the first crash still holds" \
	"$(ilog-verify -S "$seal" 2>&1)" \
	"43 records, 3 evidence files: no problem found; the seal holds"
done_testing
