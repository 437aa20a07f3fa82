#!/bin/sh
# The incident fields the offences turn on (issue 14): said, present,
# weapon, identified, fear, police.response and from, through ilog-add's
# options, YAML, the editor's template, ilog-pick, the CSV round trip and
# the report.
. "$(dirname "$0")/lib.sh"

setup_store
json() { ilog-json "$1" | jq -r "$2"; }
count() { find "$ILOG_DIR" -name '*.yaml.gpg' | wc -l | tr -d ' '; }

A=$(ilog-add -w -3d -b threats,contact -c phone -s 'Call: he would wait for me' \
	--from '+44 7700 900123' --identified heard \
	--said "You can't hide at work forever: I'll be there." \
	--fear 'that he will attack me on the way home' 2>"$TMP/err")
is "ilog-add takes --said, --fear, --identified and --from" "$?" 0
is "... the exact words are kept apart from the details" \
	"$(json "$A" '.said')" "You can't hide at work forever: I'll be there."
is "... the fear, in her words" "$(json "$A" '.fear')" \
	'that he will attack me on the way home'
is "... how he was identified" "$(json "$A" '.identified')" heard
is "... the number he used" "$(json "$A" '.from')" '+44 7700 900123'
B=$(ilog-add -w -2d -b violence,accosting -s 'Pushed me at the gate' \
	--present 'my son Leo (7)' --weapon 'a kitchen knife, shown' \
	--identified seen --fear 'that he would stab me')
is "--present and --weapon" "$(json "$B" '.present + " / " + .weapon')" \
	'my son Leo (7) / a kitchen knife, shown'
C=$(printf '%s\n' "occurred: $(date -d '-1 day' '+%Y-%m-%d 09:00')" \
	'summary: Car outside the house at night' 'behaviour: [watching]' \
	'identified: inferred' 'police:' '  reference: NC-1' \
	'  response: Officer said they would speak to him' | ilog-add)
is "police.response from YAML" "$(json "$C" '.police.response')" \
	'Officer said they would speak to him'
D=$(ilog-add -w -1h -s 'Flowers left on the doorstep' -b gifts)

# A value outside the vocabulary is refused, and nothing is written.
n=$(count)
ilog-add -s 'x' --identified saw > /dev/null 2>"$TMP/err"
is "an unknown identified value is refused" "$?" 2
is "... naming the value and the valid ones" "$(cat "$TMP/err")" \
	"ilog-add: unknown identified 'saw' (valid: seen, heard, recognised-number, inferred)"
printf 'occurred: 2026-01-01 10:00\nsummary: y\nidentified: Seen\n' |
	ilog-add > /dev/null 2>"$TMP/err"
is "... from YAML too" "$?" 2
ok "... with the valid ones listed" grep -q "unknown identified 'Seen' (valid: seen, heard, recognised-number, inferred)" "$TMP/err"
printf 'occurred: 2026-01-01 10:00\nsummary: y\nidentified: [seen]\n' |
	ilog-add > /dev/null 2>"$TMP/err"
is "... and a list where one word goes" "$?" 2
is "... nothing was written" "$(count)" "$n"
printf 'occurred: 2026-01-01 10:00\nsummary: z\nresponse: took a statement\n' |
	ilog-add > "$TMP/z" 2>"$TMP/err"
ok "police.response typed at the top says where it goes" \
	grep -q "'response'.*police" "$TMP/err"
ilog-withdraw -m 'test of a slip' "$(cat "$TMP/z")" > /dev/null

# ilog-pick: how he was identified, what is filled in, where it came from.
pick() { ilog-ls | ilog-pick "$@" | xargs -r ilog-json | jq -r .summary | sort | tr '\n' '|'; }
is "-i heard" "$(pick -i heard)" 'Call: he would wait for me|'
is "-i none: the incidents that do not say" "$(pick -i none)" \
	'Flowers left on the doorstep|'
is "-i repeated: either" "$(pick -i seen -i inferred)" \
	'Car outside the house at night|Pushed me at the gate|'
is "-H fear: the occasions violence was feared" "$(pick -H fear)" \
	'Call: he would wait for me|Pushed me at the gate|'
is "-H police.response: a field of a map" "$(pick -H police.response)" \
	'Car outside the house at night|'
is "-H weapon -H present: either" "$(pick -H weapon -H present)" \
	'Pushed me at the gate|'
is "-F: a phone number however it is written" "$(pick -F '07700 900123')" \
	'Call: he would wait for me|'
is "-F: another number matches nothing" \
	"$(ilog-ls | ilog-pick -F '07700 900999'; echo $?)" 1
is "-g searches the words said" "$(pick -g 'hide at work')" \
	'Call: he would wait for me|'
ilog-ls | ilog-pick -H fea > /dev/null 2>"$TMP/err"
is "-H with an unknown field: exit 2" "$?" 2
is "... saying which was meant" "$(cat "$TMP/err")" \
	"ilog-pick: unknown field 'fea': did you mean fear? (see ilog(5))"
ilog-ls | ilog-pick -i maybe > /dev/null 2>"$TMP/err"
is "-i with an unknown way: exit 2 and the valid ones" "$? $(cat "$TMP/err")" \
	"2 ilog-pick: unknown identified 'maybe' (valid: seen, heard, recognised-number, inferred, none)"

# The template offers each field on a line of its own, guided by comments.
cat > "$TMP/ed" <<'SH'
#!/bin/sh
cp "$1" "$SEEN"
sed -i -e 's/^summary: $/summary: Shouted through the letterbox/' \
	-e 's/^said: $/said: Open the door or else/' \
	-e 's/^identified: $/identified: heard/' \
	-e 's/^present: $/present: my daughter/' \
	-e 's/^  response: $/  response: Logged, no attendance/' "$1"
SH
chmod +x "$TMP/ed"
E=$(EDITOR=$TMP/ed SEEN=$TMP/seen setsid -w ilog-add -e </dev/null 2>"$TMP/err")
is "ilog-add -e with the new fields filled in" "$?" 0
for k in from said present weapon fear identified '  response'; do
	ok "the template has a line for ${k# }" grep -q "^$k: $" "$TMP/seen"
done
is "... and they are stored" \
	"$(json "$E" '[.said, .identified, .present, .police.response] | join("; ")')" \
	'Open the door or else; heard; my daughter; Logged, no attendance'
is "... the untouched ones are left out" \
	"$(json "$E" '[has("weapon"), has("fear"), has("from")] | map(tostring) | join(" ")')" \
	'false false false'

# CSV: ilog-csv gives the new columns, and ilog-import reads them back.
ilog-ls | ilog-csv > "$TMP/log.csv"
ok "ilog-csv has the columns" grep -q '^date,time,until,behaviour,location,summary,details,said,.*,present,.*,identified,from,.*,weapon,fear,.*,police.response,' "$TMP/log.csv"
FIELDS='[.summary, .said, .present, .weapon, .identified, .fear, .from, .police.response] | map(. // "") | join("|")'
ilog-ls | ilog-json | jq -r "$FIELDS" | sort > "$TMP/a"
B_DIR=$TMP/second
ILOG_DIR=$B_DIR ilog-init "$FPR" 2>/dev/null
ILOG_DIR=$B_DIR ilog-import "$TMP/log.csv" > /dev/null 2>"$TMP/err"
is "ilog-import reads ilog-csv's file" "$?" 0
ILOG_DIR=$B_DIR ilog-ls | ILOG_DIR=$B_DIR ilog-json | jq -r "$FIELDS" | sort > "$TMP/b"
is "... and every new field comes back" "$(diff "$TMP/a" "$TMP/b")" ""
printf 'date,time,summary,identified\n2026-01-02,10:00,x,glimpsed\n' > "$TMP/bad.csv"
ILOG_DIR=$B_DIR ilog-import "$TMP/bad.csv" > /dev/null 2>"$TMP/err"
is "a CSV with an unknown identified value is refused" "$?" 2
ok "... naming the value" grep -q "glimpsed" "$TMP/err"

# The report quotes the words, counts the fear, marks how he was identified.
ilog-ls | ilog-md > "$TMP/r.md" 2>"$TMP/err"
is "ilog-md exits 0" "$?" 0
ok "the words said are quoted" grep -qF \
	"**Words said:** “You can't hide at work forever: I'll be there.”" "$TMP/r.md"
ok "the fear is shown in the incident" grep -qF \
	'**Violence feared:** that he will attack me on the way home' "$TMP/r.md"
ok "who else was there" grep -qF '**Also present:** my son Leo (7)' "$TMP/r.md"
ok "the weapon" grep -qF '**Weapon:** a kitchen knife, shown' "$TMP/r.md"
ok "the police response" grep -qF '**Response:** Logged, no attendance' "$TMP/r.md"
ok "the number used" grep -qF '**From:** +44 7700 900123' "$TMP/r.md"
ok "two occasions of fear of violence counted" grep -qF \
	'Violence was feared on **2 occasions**' "$TMP/r.md"
ok "the timeline says he was heard, not seen" grep -qF \
	'Call: he would wait for me *(suspect heard, not seen)*' "$TMP/r.md"
ok "... and where he was seen" grep -qF \
	'Pushed me at the gate *(suspect seen)*' "$TMP/r.md"
done_testing
