#!/bin/sh
# ilog-seal --given-to: the seal is printed and a signed record says to whom
# and when it was given. It is never an incident; ilog-verify checks it like
# any record and that the log still matches the seal; the report lists it.
. "$(dirname "$0")/lib.sh"

setup_store
id_of() { basename "$1" .yaml.gpg; }
plain() { gpg --batch --quiet -d "$1" 2>/dev/null; }
records() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }
I1=$(ilog-add -w '2026-09-10 18:00' -s 'followed home' -b following)
I2=$(ilog-add -w '2026-09-11 17:40' -s 'waited in the car park' -b loitering)

before=$(ilog-seal)
n=$(records)
given=$(ilog-seal --given-to 'PC 1234 Hughes' -n 'on paper, at the station')
is "--given-to prints the seal of the log as it was" "$given" "$before"
is "... and writes one record" "$(records)" $((n + 1))
R=$(ls "$ILOG_DIR"/*.yaml.gpg | tail -n 1)
plain "$R" > "$TMP/rec"
ok "... of kind seal" grep -qx 'kind: seal' "$TMP/rec"
ok "... holding the seal it printed" grep -qxF "seal: '$given'" "$TMP/rec"
ok "... to whom" grep -qx 'given_to: PC 1234 Hughes' "$TMP/rec"
ok "... when, as a stored time" grep -qE \
	'^given: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$' \
	"$TMP/rec"
ok "... and how" grep -qx 'note: on paper, at the station' "$TMP/rec"
ok "... signed by the log's key" sh -c \
	"gpg --batch --status-fd 1 -d '$R' 2>/dev/null | grep -q '^\[GNUPG:\] VALIDSIG $FPR'"
is "it is not an incident: ilog-ls lists the two" "$(ilog-ls | wc -l | tr -d ' ')" 2
is "... and ilog-scan shows two lines" "$(ilog-ls | ilog-scan | wc -l | tr -d ' ')" 2
ilog-show "$(id_of "$R")" > /dev/null 2>&1
is "... nor can ilog-show be given it as one" "$?" 2
out=$(ilog-verify 2>&1)
is "ilog-verify checks it as a record" "$out" \
	"$((n + 1)) records, 0 evidence files: no problem found"
ok "the seal given holds" sh -c "ilog-verify -S '$given' > /dev/null"
is "a later seal counts the record" "$(ilog-seal | cut -d' ' -f2)" $((n + 1))

# the report
ilog-ls | ilog-md > "$TMP/r.md"
app() { sed -n '/^## Verification/,$p' "$TMP/r.md"; }
day=$(echo "$given" | cut -c1-8 | sed 's/\(....\)\(..\)/\1-\2-/')
ok "the report lists the hand-over" sh -c "sed -n '/^### Seals handed over/,/^### /p' '$TMP/r.md' |
	grep -qF -- '- Seal of $day given to PC 1234 Hughes on '"
ok "... with how, the seal, and that the log still matches it" sh -c \
	"grep -F 'given to PC 1234 Hughes' '$TMP/r.md' | grep -F '(on paper, at the station)' |
	grep -F '\`$given\`' | grep -qF 'The log still matches it.'"
ok "the record is in the table as a seal given" \
	sh -c "app() { sed -n '/^## Verification/,\$p' '$TMP/r.md'; }; app |
	grep -q '^| Seal given | \`$(id_of "$R")\` | .* | good |\$'"
ok "... and nowhere before the appendix" \
	sh -c "! sed -n '1,/^## Verification/p' '$TMP/r.md' | grep -q 'Hughes\|$(id_of "$R")'"

# A record it covers re-written, with the victim's own key: the seal given
# no longer holds, and both ilog-verify and the report say so.
D=$TMP/copy
cp -a "$ILOG_DIR" "$D"
plain "$I1" | sed 's/^summary: .*/summary: changed later/' |
	gpg --batch --quiet --yes --trust-model always -s -u "$FPR" -e \
	--throw-keyids -r "$FPR" -o "$D/$(basename "$I1")" 2>/dev/null
out=$(ilog-verify -d "$D" 2>&1)
printf '%s\n' "$out" | sed "s|$TMP|\$TMP|g; s/^/# /"
ok "ilog-verify: the seal it records as given does not hold" sh -c \
	"printf '%s\n' '$out' | grep -F '$D/$(basename "$R"): the seal it records as given' |
	grep -qF 'does not hold: records up to it were altered'"
ilog-ls -d "$D" | ilog-md -d "$D" > "$TMP/c.md" 2>/dev/null
ok "the report says the log no longer matches it" \
	grep -qF '**The log no longer matches it**' "$TMP/c.md"

# refused
n=$(records)
ilog-seal -n 'a note alone' > /dev/null 2>&1
is "--note without --given-to: exit 2" "$?" 2
ilog-seal --given-to ' ' > "$TMP/out" 2> "$TMP/err"
is "--given-to nobody: exit 2" "$?" 2
is "... no seal printed" "$(cat "$TMP/out")" ""
is "... nothing written" "$(records)" "$n"
ilog-seal -d "$TMP/empty" --given-to 'PC 1' > /dev/null 2>&1
is "no store: exit 2" "$?" 2
ok "--help names --given-to" sh -c "ilog-seal --help | grep -q -- '--given-to NAME'"
done_testing
