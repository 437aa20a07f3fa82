#!/bin/sh
# The report as evidence is handed over: every evidence file an exhibit
# with a UK-style label (the preparer's initials and a number, in order),
# an exhibit register, and a statement of truth to sign.
. "$(dirname "$0")/lib.sh"

setup_store
a=$(ilog-add -s 'Grey car outside' -b watching -w '2026-10-01 21:00')
b=$(ilog-add -s 'Letter through the door' -b contact -w '2026-10-02 08:00')
c=$(ilog-add -s 'Silent call' -b contact -w '2026-10-03 03:00')
head -c 2500000 /dev/urandom > "$TMP/car.jpg"
printf 'You will regret this\n' > "$TMP/letter.txt"
printf 'scan' > "$TMP/envelope.png"
# attached out of order: the labels follow the report, not the attaching
ilog-attach "$b" "$TMP/letter.txt" "$TMP/envelope.png" > /dev/null
ilog-attach "$a" "$TMP/car.jpg" > /dev/null
ilog-ls | ilog-md -A 'Claire Bennett' > "$TMP/r.md"
reg() { sed -n '/^## Exhibits/,/^## /p' "$TMP/r.md" | grep '^| [A-Z]*\/'; }

is "an exhibit register: one row per evidence file" "$(reg | wc -l | tr -d ' ')" 3
is "... labelled with the preparer's initials, in the order of the report" \
	"$(reg | cut -d'|' -f2,3 | tr -d ' ')" "CB/1|car.jpg
CB/2|letter.txt
CB/3|envelope.png"
# in four groups of 16, so that a narrow column breaks between them
sum=$(sha256sum < "$TMP/car.jpg" | cut -c1-64 | sed 's/.\{16\}/& /g; s/ $//')
ok "... each with its SHA-256, as sha256sum gives it, grouped" \
	sh -c 'reg() { sed -n "/^## Exhibits/,/^## /p" "$1" | grep "^| CB/1 "; }
	       reg "$1" | grep -q "| \`$2\` |"' - "$TMP/r.md" "$sum"
ok "... its size in MB" env NBSP="$(printf '\302\240')" sh -c 'grep "^| CB/1 " "$1" | grep -q "| 2.5${NBSP}MB |"' \
	- "$TMP/r.md"
is "... and the number of its incident" "$(reg | cut -d'|' -f6 | tr -d ' ')" \
	"1
2
2"
ok "the incident lists its exhibits" grep -qx -- '- \*\*Exhibits:\*\* CB/2, CB/3' \
	"$TMP/r.md"
ok "an incident without evidence has no exhibit line" sh -c \
	'sed -n "/^### 3\\./,/^### /p" "$1" | grep -vq "Exhibits:"' - "$TMP/r.md"
ilog-ls | ilog-md -A 'Claire Bennett' -X SB > "$TMP/x.md"
ok "-X gives another prefix" grep -q '^| SB/1 | car.jpg ' "$TMP/x.md"
ilog-ls | ilog-md > "$TMP/n.md"
ok "no author, no prefix: EX/1" grep -q '^| EX/1 | car.jpg ' "$TMP/n.md"
if command -v cmark-gfm > /dev/null; then
	cmark-gfm -e table "$TMP/r.md" > "$TMP/r.html"
	ok "the register renders as a table" grep -q '<th>Exhibit</th>' "$TMP/r.html"
fi

# the statement of truth
ok "no statement unless asked for" sh -c '! grep -q "Statement of truth" "$1"' \
	- "$TMP/r.md"
ilog-ls | ilog-md -A 'Claire Bennett' --statement > "$TMP/s.md"
ok "--statement: the England and Wales wording, last" sh -c \
	'tail -n 12 "$1" | grep -q "liable to prosecution if I have wilfully stated"' \
	- "$TMP/s.md"
ok "... with the name" grep -qx 'Name: Claire Bennett' "$TMP/s.md"
ok "... and lines for the signature and the date" sh -c \
	'grep -q "^Signature: __" "$1" && grep -q "^Date: __" "$1"' - "$TMP/s.md"
ilog-ls | ilog-md --statement=us > "$TMP/us.md"
ok "--statement=us: 28 U.S.C. 1746" grep -q \
	'I declare under penalty of perjury that the foregoing is true and correct' \
	"$TMP/us.md"
ok "... a name line to fill in" grep -q '^Name: __' "$TMP/us.md"
ilog-ls | ilog-md --statement=fr > /dev/null 2> "$TMP/err"; rc=$?
is "--statement=fr: exit 2, one line naming the choices" \
	"$rc $(wc -l < "$TMP/err" | tr -d ' ')" "2 1"
done_testing
