#!/bin/sh
# ilog-attach: evidence encrypted into the store, hashes recorded;
# ilog-withdraw: hidden from listings, nothing deleted
. "$(dirname "$0")/lib.sh"

setup_store
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"

ilog-add > "$TMP/added" <<'YAML'
occurred: 2026-10-01T20:00:00+01:00
summary: Car outside the house
behaviour: [watching]
---
occurred: 2026-10-02T20:00:00+01:00
summary: Voicemail left at night
behaviour: [contact]
---
occurred: 2026-10-03T20:00:00+01:00
summary: Entered twice by mistake
behaviour: [following]
---
occurred: 2026-10-04T20:00:00+01:00
summary: Not him after all
behaviour: [loitering]
---
occurred: 2026-10-05T20:00:00+01:00
summary: Test entry
behaviour: [other]
YAML
A=$(sed -n 1p "$TMP/added") B=$(sed -n 2p "$TMP/added")
C=$(sed -n 3p "$TMP/added") D=$(sed -n 4p "$TMP/added")
E=$(sed -n 5p "$TMP/added")
AID=$(basename "$A" .yaml.gpg)
EV=$ILOG_DIR/evidence

snap() { (cd "$ILOG_DIR" && find . -type f | sort | xargs sha256sum) > "$1"; }
unchanged() { (cd "$ILOG_DIR" && sha256sum --quiet -c "$1" >/dev/null 2>&1); }
nfiles() { count_files "$ILOG_DIR"; }
nev() { if [ -d "$EV" ]; then count_files "$EV"; else echo 0; fi; }
sha() { sha256sum < "$1" | cut -d' ' -f1; }
size() { wc -c < "$1" | tr -d ' '; }
yaml_get() {
	python3 -c 'import sys, yaml
d = list(yaml.safe_load_all(open(sys.argv[1])))
for x in sys.argv[2:]:
    print(eval(x))' "$@"
}

mkdir "$TMP/in"
head -c 20000 /dev/urandom > "$TMP/in/IMG_kestrel_2041.jpg"
printf '%%PDF-1.4\nLetter from Mark: SECRETMARKER\n' > "$TMP/in/letter from Mark.pdf"
F1=$TMP/in/IMG_kestrel_2041.jpg F2="$TMP/in/letter from Mark.pdf"
sha "$F1" > "$TMP/f1.sha"; sha "$F2" > "$TMP/f2.sha"

# attaching two files
snap "$TMP/s0"; n0=$(nfiles)
out=$(ilog-attach -n 'photo and letter' "$AID" "$F1" "$F2"); rc=$?
is "ilog-attach -n NOTE ID FILE FILE: exit 0" "$rc" 0
is "... prints the incident's path" "$out" "$A"
is "two files under DIR/evidence/" "$(nev)" 2
is "... and one amendment: three files in all" "$(nfiles)" $((n0 + 3))
ok "every existing file is byte-identical" unchanged "$TMP/s0"
ls "$EV" > "$TMP/evnames"
ok "the names are ID-N.EXT.gpg, with the extension kept" sh -c \
	"grep -Eqx '[0-9]{8}T[0-9]{6}Z-[a-z0-9]+-[0-9]+\\.jpg\\.gpg' '$TMP/evnames' &&
	 grep -Eqx '[0-9]{8}T[0-9]{6}Z-[a-z0-9]+-[0-9]+\\.pdf\\.gpg' '$TMP/evnames'"
ok "the names do not give away the original names" sh -c \
	"! grep -Eiq 'kestrel|2041|letter|mark|img' '$TMP/evnames'"
ok "no file in the store holds the name or text in the clear" sh -c \
	"! grep -rEq 'kestrel|SECRETMARKER|photo and letter' '$ILOG_DIR'"
is "the originals are left as they were" "$(sha "$F1") $(sha "$F2")" \
	"$(cat "$TMP/f1.sha") $(cat "$TMP/f2.sha")"
is "the evidence files are private (600)" \
	"$(stat -c %a "$EV"/* | sort -u)" 600

ilog-show "$AID" > "$TMP/show.yaml"
yaml_get "$TMP/show.yaml" 'len(d[0]["evidence"])' \
	'[(e["name"], e["size"], e["sha256"], e["note"]) for e in d[0]["evidence"]]' \
	'" ".join(e["file"] for e in d[0]["evidence"])' > "$TMP/got"
is "ilog-show lists both" "$(sed -n 1p "$TMP/got")" 2
is "... with name, size, sha256 (as sha256sum) and note, in order" \
	"$(sed -n 2p "$TMP/got")" \
	"[('IMG_kestrel_2041.jpg', $(size "$F1"), '$(sha "$F1")', 'photo and letter'), ('letter from Mark.pdf', $(size "$F2"), '$(sha "$F2")', 'photo and letter')]"
set -- $(sed -n 3p "$TMP/got")
X1=$1 X2=$2
ok "... and where each file is" test -f "$ILOG_DIR/$X1" -a -f "$ILOG_DIR/$X2"

# getting the files back
ilog-show -x "$ILOG_DIR/$X1" > "$TMP/x1"; rc=$?
is "ilog-show -x DIR/evidence/X.gpg: exit 0" "$rc" 0
ok "... gives back the exact bytes" cmp -s "$TMP/x1" "$F1"
ilog-show -x "$X2" > "$TMP/x2"
ok "ilog-show -x evidence/X.gpg (relative) too" cmp -s "$TMP/x2" "$F2"
gpg --quiet --batch -d "$ILOG_DIR/$X1" > "$TMP/g1" 2>/dev/null
ok "plain gpg -d gives back the exact bytes" cmp -s "$TMP/g1" "$F1"
gpg --quiet --batch -d "$ILOG_DIR/$X2" > "$TMP/g2" 2>/dev/null
ok "... of the PDF too" cmp -s "$TMP/g2" "$F2"

# a binary file with NUL bytes
{ printf 'RIFF\000\000\000\001WAVE\000'; head -c 5000 /dev/urandom;
  printf '\000\000\000'; } > "$TMP/in/voicemail.wav"
F3=$TMP/in/voicemail.wav
ok "the test file holds NUL bytes" test "$(tr -dc '\000' < "$F3" | wc -c)" -ge 7
out=$(ilog-attach "$B" "$F3"); rc=$?
is "attaching a binary file: exit 0" "$rc" 0
ilog-show "$B" > "$TMP/show.yaml"
yaml_get "$TMP/show.yaml" '[(e["name"], e["size"], e["sha256"], "note" in e) for e in d[0]["evidence"]]' \
	'd[0]["evidence"][0]["file"]' > "$TMP/got"
is "... recorded with its size and sha256" "$(sed -n 1p "$TMP/got")" \
	"[('voicemail.wav', $(size "$F3"), '$(sha "$F3")', False)]"
X3=$(sed -n 2p "$TMP/got")
ilog-show -x "$X3" > "$TMP/x3"
ok "... and comes back byte for byte, NULs and all" cmp -s "$TMP/x3" "$F3"

# each file its own note: -n for the files after it, FILE=NOTE for one
printf 'screenshot one\n' > "$TMP/in/shot1.png"
printf 'screenshot two\n' > "$TMP/in/shot2.png"
printf 'the voicemail\n' > "$TMP/in/vm.m4a"
printf 'odd name\n' > "$TMP/in/a=b.txt"
printf 'odder name\n' > "$TMP/in/c=d.txt"
out=$(ilog-attach "$C" -n 'texts of 3 Aug' "$TMP/in/shot1.png" "$TMP/in/shot2.png" \
	-n 'voicemail of 7 Oct' "$TMP/in/vm.m4a" \
	"$TMP/in/a=b.txt" "$TMP/in/c=d.txt=a file with = in its name" 2>"$TMP/err"); rc=$?
is "ilog-attach ID -n NOTE FILE FILE -n NOTE FILE FILE=NOTE: exit 0" "$rc$(cat "$TMP/err")" 0
ilog-show "$C" > "$TMP/show.yaml"
yaml_get "$TMP/show.yaml" '[(e["name"], e.get("note")) for e in d[0]["evidence"]]' > "$TMP/got"
is "... each file with the note before it, or its own" "$(cat "$TMP/got")" \
	"[('shot1.png', 'texts of 3 Aug'), ('shot2.png', 'texts of 3 Aug'), ('vm.m4a', 'voicemail of 7 Oct'), ('a=b.txt', 'voicemail of 7 Oct'), ('c=d.txt', 'a file with = in its name')]"
ilog-attach "$C" "$TMP/in/nothere.png=a note" > /dev/null 2>"$TMP/err"
is "FILE=NOTE for a file that is not there: exit 2, naming it" \
	"$? $(grep -c 'nothere.png=a note' "$TMP/err")" "2 1"

# a listing attached by mistake is retracted: the file stays, the report
# leaves it out and says so
nr=$(nfiles) ne=$(nev)
out=$(ilog-attach -r 'attached by mistake' "$C" shot2.png 2>"$TMP/err"); rc=$?
is "ilog-attach -r REASON ID NAME: exit 0, the incident's path" "$rc $out$(cat "$TMP/err")" "0 $C"
is "... one amendment, and every evidence file still there" \
	"$(nfiles) $(nev)" "$((nr + 1)) $ne"
ilog-show "$C" > "$TMP/show.yaml"
yaml_get "$TMP/show.yaml" '[(e["name"], e.get("retracted")) for e in d[0]["evidence"]][:3]' \
	'[e["file"] for e in d[0]["evidence"] if e["name"] == "shot2.png"][0]' > "$TMP/got"
is "... the listing stays, marked with why" "$(sed -n 1p "$TMP/got")" \
	"[('shot1.png', None), ('shot2.png', 'attached by mistake'), ('vm.m4a', None)]"
ilog-show -x "$(sed -n 2p "$TMP/got")" > "$TMP/x-shot2"
ok "... the file still comes back" cmp -s "$TMP/x-shot2" "$TMP/in/shot2.png"
ilog-md "$C" > "$TMP/r.md"
is "the report leaves it out of the exhibits" \
	"$(sed -n '/^## Exhibits/,/^## Incidents/p' "$TMP/r.md" | grep -c 'shot[12].png')" 1
is "... and out of the incident's evidence" \
	"$(grep -c 'Name:\*\* shot2.png' "$TMP/r.md")" 0
ok "... and says what was retracted and why" grep -qF \
	'**Evidence retracted:** shot2.png (attached by mistake)' "$TMP/r.md"
ok "ilog-verify still checks the file, and is clean" sh -c \
	"ilog-verify | grep -q 'evidence files: no problem found'"
out=$(ilog-attach -r 'again' "$C" shot2.png 2>"$TMP/err"); rc=$?
is "retracting it again: exit 0, nothing written, said" \
	"$rc $(nfiles) $(cat "$TMP/err")" "0 $((nr + 1)) ilog-attach: shot2.png: retracted already"
out=$(ilog-attach -r 'wrong' "$C" shot9.png 2>"$TMP/err"); rc=$?
is "retracting a name the incident does not have: exit 2, nothing written" \
	"$rc $(nfiles)" "2 $((nr + 1))"
is "... naming what it has" "$(cat "$TMP/err")" \
	"ilog-attach: shot9.png: no evidence of this incident is called so (it has: shot1.png, shot2.png, vm.m4a, a=b.txt, c=d.txt); nothing retracted"
out=$(ilog-attach -r '' "$C" shot1.png 2>"$TMP/err"); rc=$?
is "a retraction without a reason: exit 2, nothing written" "$rc $(nfiles)" "2 $((nr + 1))"
out=$(ilog-attach "$C" "$TMP/in/shot2.png" 2>"$TMP/err"); rc=$?
ilog-md "$C" > "$TMP/r.md"
is "attached again, it is put forward again" "$rc $(sed -n '/^## Exhibits/,/^## Incidents/p' "$TMP/r.md" | grep -c 'shot2.png')" "0 1"

# a second attachment to the same incident adds, replaces nothing
snap "$TMP/s1"; n1=$(nfiles)
printf 'second photo\n' > "$TMP/in/IMG_2042.JPG"
ilog-attach "$AID" "$TMP/in/IMG_2042.JPG" >/dev/null
is "attaching again: one evidence file and one amendment" "$(nfiles)" $((n1 + 2))
ok "... every existing file is byte-identical" unchanged "$TMP/s1"
ilog-show "$AID" > "$TMP/show.yaml"
is "... ilog-show lists all three, the new one last" \
	"$(yaml_get "$TMP/show.yaml" '[e["name"] for e in d[0]["evidence"]]')" \
	"['IMG_kestrel_2041.jpg', 'letter from Mark.pdf', 'IMG_2042.JPG']"

# errors: nothing written
snap "$TMP/s2"; n2=$(nfiles)
out=$(ilog-attach "$AID" "$TMP/in/nope.jpg" 2>"$TMP/err"); rc=$?
is "a missing file: exit 2" "$rc" 2
is "... nothing written" "$(nfiles)" "$n2"
is "... one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "... naming the file" grep -q "nope.jpg" "$TMP/err"
out=$(ilog-attach "$AID" "$F1" "$TMP/in/nope.jpg" 2>/dev/null); rc=$?
is "a good file and a missing one: exit 2, nothing written" "$rc $(nfiles)" "2 $n2"
out=$(ilog-attach 20200101T000000Z-zzzz "$F1" 2>/dev/null); rc=$?
is "an unknown incident: exit 2, nothing written" "$rc $(nfiles)" "2 $n2"
ok "the store is as it was" unchanged "$TMP/s2"

# withdrawing
snap "$TMP/s3"; n3=$(nfiles)
out=$(ilog-withdraw -m 'entered twice by mistake' "$C"); rc=$?
is "ilog-withdraw -m REASON ID: exit 0" "$rc" 0
is "... prints the incident's path" "$out" "$C"
is "... writes one file" "$(nfiles)" $((n3 + 1))
ok "... and deletes or changes none" unchanged "$TMP/s3"
ok "ilog-ls no longer lists it" sh -c "! ilog-ls | grep -qx '$C'"
is "ilog-ls lists the others" "$(ilog-ls | wc -l | tr -d ' ')" 4
ok "ilog-ls -a still lists it" sh -c "ilog-ls -a | grep -qx '$C'"
ilog-ls -a | ilog-scan > "$TMP/scan"
ok "ilog-scan marks it W" grep -Eq '^[0-9-]+ [0-9:]+ +W .*Entered twice by mistake' \
	"$TMP/scan"
is "... and only it" "$(grep -Ec '^[0-9-]+ [0-9:]+ +W ' "$TMP/scan")" 1
ok "ilog-show shows withdrawn: REASON" sh -c \
	"ilog-show '$C' | grep -qx 'withdrawn: entered twice by mistake'"
ok "ilog-show still shows what was written" sh -c \
	"ilog-show '$C' | grep -qx 'summary: Entered twice by mistake'"
is "a pipe from ilog-ls does not see it" \
	"$(ilog-ls | ilog-pick -g 'entered twice'; echo $?)" 1

snap "$TMP/s4"; n4=$(nfiles)
out=$(ilog-withdraw "$D" 2>"$TMP/err"); rc=$?
is "ilog-withdraw without -m: exit 2" "$rc" 2
is "... nothing written" "$(nfiles)" "$n4"
is "... one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
out=$(ilog-withdraw -m '' "$D" 2>/dev/null); rc=$?
is "an empty reason: exit 2, nothing written" "$rc $(nfiles)" "2 $n4"
out=$(ilog-withdraw -m 'typo' "$D" 20200101T000000Z-zzzz 2>/dev/null); rc=$?
is "an unknown incident: exit 2, nothing written" "$rc $(nfiles)" "2 $n4"
ok "... and the known one is still listed" sh -c "ilog-ls | grep -qx '$D'"
ok "the store is as it was" unchanged "$TMP/s4"

out=$(ilog-withdraw -m 'not related' "$D" "$E"); rc=$?
is "withdrawing two: exit 0, one file" "$rc $(nfiles)" "0 $((n4 + 1))"
is "... both paths printed" "$out" "$D
$E"
is "... both hidden" "$(ilog-ls)" "$A
$B"
is "... all still in ilog-ls -a" "$(ilog-ls -a | wc -l | tr -d ' ')" 5
ok "no file was ever deleted or changed" unchanged "$TMP/s0"

done_testing
