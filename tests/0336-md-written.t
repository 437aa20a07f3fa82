#!/bin/sh
# How fresh each note is: the timeline's Written column and its summary
# line; and the verification appendix in plain words, for an officer.
. "$(dirname "$0")/lib.sh"

setup_store
# hand OCCURRED RECORDED SUMMARY [NOTED]: a record signed by the log's key,
# written when RECORDED says (ilog-add would take the clock's time)
n=0
hand() {
	n=$((n + 1))
	id=$(id_after "$ILOG_DIR" "h$n")
	{ printf 'id: %s\nrecorded: %s\noccurred: %s\n' "$id" "$2" "$1"
	  [ -n "${4:-}" ] && printf 'noted: %s\n' "$4"
	  printf 'summary: %s\n' "$3"; } |
		gpg --batch --quiet --trust-model always -u "$FPR" -r "$FPR" \
		--sign --encrypt > "$ILOG_DIR/$id.yaml.gpg"
}
hand 2026-11-02T10:00:00+00:00 2026-11-02T12:00:00Z 'two hours later'
hand 2026-11-03T23:00:00+00:00 2026-11-04T07:00:00Z 'after midnight'
hand 2026-11-05T10:00:00+00:00 2026-11-08T11:00:00Z 'three days later'
hand 2026-07-01T10:00:00+01:00 2026-10-29T10:00:00Z 'months later'
hand 2026-11-06T09:00:00+00:00 2026-12-01T10:00:00Z 'from a diary' \
	2026-11-06T09:30:00+00:00
hand 2026-11-10T10:00:00+00:00 2026-11-09T10:00:00Z 'clock wrong'
ilog-ls | ilog-md > "$TMP/r.md"
is "ilog-md reads the hand-made records" "$?" 0
written() {	# written SUMMARY: the Written cell of its timeline row
	sed -n '/^## Timeline/,/^## /p' "$TMP/r.md" | awk -F ' [|] ' -v s="$1" \
		'$7 == s { print $4 }'
}
nbsp=$(printf '\302\240')
ok "the timeline has a Written column after Time" grep -qx \
	'| No. | Date | Time | Written | Behaviour | Location | Summary | Police reference |' \
	"$TMP/r.md"
is "written two hours later: same day" "$(written 'two hours later')" "same day"
is "at 07:00 of a night's 23:00: next day" "$(written 'after midnight')" "next day"
is "three days and an hour later: +3 d" "$(written 'three days later')" "+3${nbsp}d"
is "120 days later: +120 d" "$(written 'months later')" "+120${nbsp}d"
is "copied in weeks later from a note made at the time: same day" \
	"$(written 'from a diary')" "same day"
is "written before it happened: says the times disagree" \
	"$(written 'clock wrong')" "before it happened?"
ok "one summary line under the timeline: 3 of 6 within a day" grep -qF \
	'3 of 6 were written down within a day (24 hours).' "$TMP/r.md"
ok "... which says a copied note counts from the note" grep -qF \
	'One copied in later from a note made at the time counts from when the note was made.' \
	"$TMP/r.md"
ok "the days agree with the incident in full" \
	grep -q 'written down 3 days 1 hour after it happened' "$TMP/r.md"

# the appendix, for someone who is no expert
app() { sed -n '/^## Verification/,$p' "$TMP/r.md"; }
ok "one table: record, ID, digest, signer, signature" sh -c \
	"sed -n '/^## Verification/,\$p' '$TMP/r.md' | grep -qx '| Record | ID | Digest (SHA-256) | Signed by | Signature |'"
is "a row for each record, by its incident number" \
	"$(app | grep -c '^| No\. [1-6] | `[0-9TZ]*-h[1-6]` | `[0-9a-f ]*` | key 1 | good |$')" 6
ok "the seal in a box" sh -c "sed -n '/^## Verification/,\$p' '$TMP/r.md' | grep -A1 -x '\`\`\`seal' |
	grep -qxF '$(ilog-seal)'"
ok "what it proves, in plain words" sh -c "sed -n '/^### The seal/,/^### /p' '$TMP/r.md' |
	grep -F 'if any of them is changed or removed later' | grep -qF \"ilog-verify -S '$(ilog-seal)'\""
ok "no exhibits: no section on checking one" sh -c "! grep -q '^### Checking an exhibit' '$TMP/r.md'"
ok "what the checks do not prove: the victim's own clock" \
	grep -qF "come from the victim's own computer clock" "$TMP/r.md"
ok "... only a seal handed over earlier fixes a date" \
	grep -qF 'Only a seal handed over earlier fixes a date' "$TMP/r.md"
ok "... an officer without the key can still check exhibits and a seal" \
	grep -qF "An officer who does not hold the victim's key can still check each exhibit against its SHA-256" \
	"$TMP/r.md"
ok "no seal handed over yet: it says how to record one" \
	grep -qF 'No seal is recorded as handed over' "$TMP/r.md"

# an exhibit: how to check it with the computer's own tools
printf 'photo\n' > "$TMP/photo.jpg"
ilog-attach "$(ilog-ls | head -n 1)" "$TMP/photo.jpg" > /dev/null
ilog-ls | ilog-md -A 'Claire Bennett' > "$TMP/x.md"
for cmd in 'sha256sum FILE' 'certutil -hashfile FILE SHA256' 'shasum -a 256 FILE'; do
	ok "an exhibit: how to check it with \`$cmd\`" grep -qF "\`$cmd\`" "$TMP/x.md"
done
ok "... against the register, from CB/1" grep -qF 'in the register (CB/1 onwards)' "$TMP/x.md"
ok "the attaching amendment: a row that names the incident it amends" \
	grep -q '^| Amends No\. [1-6] | ' "$TMP/x.md"

# a log of one record: no "all 1 records"
S=$TMP/one
ilog-init -d "$S" "$FPR" 2>/dev/null
ilog-add -d "$S" -s 'only one' > /dev/null
ilog-ls -d "$S" | ilog-md -d "$S" > "$TMP/one.md"
ok "one record: 'its one record'" grep -qF 'its one record, written' "$TMP/one.md"
ok "... never 'all 1 records'" sh -c "! grep -q 'all 1 record' '$TMP/one.md'"
ok "... and 1 of 1 was written down within a day" \
	grep -qF '1 of 1 was written down within a day' "$TMP/one.md"
done_testing
