#!/bin/sh
# ilog-md: the course of conduct (incidents a week, the first and last, the
# longest gap, the last 4 weeks against the 4 before, behaviour by month,
# days and times, places, police) and the risk indicators, on incidents
# at dates taken from the clock
. "$(dirname "$0")/lib.sh"

TODAY=$(date +%F)
# at DAYS_AGO HH:MM: that time, RFC 3339 in local time
at() { date -d "$(date -d "$TODAY -$1 days" +%F) $2" +%Y-%m-%dT%H:%M:00%:z; }
# the three Fridays before today, at the end of a working day
fri1=$(( ($(date -d "$TODAY" +%u) + 2) % 7 )); [ "$fri1" -eq 0 ] && fri1=7
fri2=$((fri1 + 7)) fri3=$((fri1 + 14))

# LABEL WHEN, one a line, for the numbers the report gives (time order)
: > "$TMP/when"
inc() {	# inc LABEL DAYS_AGO HH:MM BEHAVIOURS LOCATION [MORE YAML]
	w=$(at "$2" "$3")
	echo "$(date -d "$w" +%s) $1" >> "$TMP/when"
	printf -- "---\noccurred: %s\nsummary: '%s'\nbehaviour: [%s]\nlocation: '%s'\n%s\n" \
		"$w" "Incident $1" "$4" "$5" "${6:-}"
}
{
	inc A 60 23:30 contact 'At home' "details: none of his friends live near me
police:
  reported: $(at 59 09:00)
  reference: REF-A
  officer: PC 1 Ash"
	inc B 50 09:00 contact 'at home.'
	inc C 45 02:10 'threats, contact' 'AT HOME' "details: He rang my sister first.
police:
  reference: REF-A"
	inc D 35 12:00 property-damage 'Elm Street, my car' "police:
  reference: 'REF-<b>B</b> [x](http://evil.example)'"
	inc F3 $fri3 17:40 loitering 'Staff car park, Carlton Road'
	inc F2 $fri2 17:40 loitering 'Staff car park, Carlton Road'
	inc F1 $fri1 17:40 loitering 'Staff car park, Carlton Road'
	inc W 1 03:00 violence 'Elm Street, at my gate'
	inc G 1 22:30 'violence, accosting' 'Elm Street, at my gate'
} > "$TMP/in.yaml"
sort -n "$TMP/when" | awk '{ print $2, NR }' > "$TMP/no"
no() { awk -v l="$1" '$1 == l { print $2 }' "$TMP/no"; }
day() { date -d "@$(awk -v l="$1" '$2 == l { print $1 }' "$TMP/when")" +%F; }
# link LABEL [PREFIX]: the report's link to that incident's heading
link() {
	n=$(no "$1")
	t=$(date -d "@$(awk -v l="$1" '$2 == l { print $1 }' "$TMP/when")" +%Y-%m-%d-%H%M)
	echo "[${2:-}$n](#$n-$t)"
}

setup_store
ilog-add < "$TMP/in.yaml" > "$TMP/paths"
is "nine incidents added" "$(wc -l < "$TMP/paths" | tr -d ' ')" 9
W=$(sed -n "$(awk '$2 == "W" { print NR }' "$TMP/when")p" "$TMP/paths")
ilog-withdraw -m 'entered twice' "$W" > /dev/null
ilog-ls -a | ilog-md > "$TMP/r.md"
is "ilog-md exits 0" "$?" 0
MD=$TMP/r.md
section() { awk -v h="$1" '$0 == h { on = 1; print; next }
	on && /^## / { exit } on' "$MD"; }
part() { awk -v h="$1" '$0 == h { on = 1; next } on && /^##/ { exit } on' "$MD"; }

is "the course of conduct and the risk indicators follow the case" \
	"$(grep '^## ' "$MD" | head -n 4 | tr '\n' '|')" \
	"## The case|## The course of conduct|## Risk indicators|## Timeline|"
ok "the withdrawn incident is in the report, marked" \
	grep -q "^### $(no W)\. .* (withdrawn)\$" "$MD"

# --- the first, the last, the gap, the trend ---
ok "the first incident, linked by its number" grep -qF -- \
	"- The first incident: $(link A 'No. '), $(day A) 23:30 " "$MD"
ok "the last incident (not the withdrawn one)" grep -qF -- \
	"- The last incident: $(link G 'No. '), $(day G) 22:30 " "$MD"
gap=$(( ($(date -d "$(day F3)" +%s) - $(date -d "$(day D)" +%s) + 7200) / 86400 ))
ok "the longest gap: D to F3, $gap days" grep -qF -- \
	"- The longest gap between incidents: $gap days, from $(link D 'No. ') ($(day D)) to $(link F3 'No. ') ($(day F3))" "$MD"
ok "the last 4 weeks against the 4 before: 4 against 3, more" grep -qF -- \
	"- The last 4 weeks ($(date -d "$TODAY -27 days" +%F) to $TODAY): 4 incidents; the 4 weeks before ($(date -d "$TODAY -55 days" +%F) to $(date -d "$TODAY -28 days" +%F)): 3 incidents. More than before." "$MD"

# --- incidents a week: every week from the first to the last ---
monday() { date -d "$1 -$(( $(date -d "$1" +%u) - 1 )) days" +%F; }
for l in A B C D F3 F2 F1 G; do monday "$(day $l)"; done | sort | uniq -c |
	awk '{ print $2, $1 }' > "$TMP/weeks"
expect_chart() {
	m=$(head -n 1 "$TMP/weeks" | cut -d' ' -f1)
	last=$(tail -n 1 "$TMP/weeks" | cut -d' ' -f1)
	echo "Week of     Incidents"
	while [ "$(date -d "$m" +%s)" -le "$(date -d "$last" +%s)" ]; do
		c=$(awk -v m="$m" '$1 == m { print $2 }' "$TMP/weeks")
		bar=$(awk -v c="${c:-0}" 'BEGIN { while (c-- > 0) printf "\342\226\210" }')
		printf '%s %4d %s\n' "$m" "${c:-0}" "$bar"
		m=$(date -d "$m +7 days" +%F)
	done
}
is "the chart: a line a week, a block an incident, empty weeks too" \
	"$(part '### Incidents a week' | sed -n '/^```$/,/^```$/p' | sed '1d;$d')" \
	"$(expect_chart)"

# --- behaviour by month ---
part '### Behaviour by month' > "$TMP/months"
col() {	# col BEHAVIOUR MONTH: that cell of the matrix
	awk -F ' *\\| *' -v b="$1" -v m="$2" '/^\| Behaviour/ {
		for (i = 2; i < NF; i++) if ($i == m) c = i }
		$2 == b && c { print $c; exit }' "$TMP/months"
}
month() { day "$1" | cut -c1-7; }
is "the first threat is marked in its month" "$(col threats "$(month C)")" \
	"**1 (first)**"
is "so is the first damage" "$(col property-damage "$(month D)")" "**1 (first)**"
is "and the first violence, the withdrawn one not counted" \
	"$(col violence "$(month G)")" "**1 (first)**"
ok "the first threat, damage and violence listed, linked" sh -c "
	grep -qF -- '- The first threat: $(link C 'No. '), $(day C): Incident C' '$TMP/months' &&
	grep -qF -- '- The first damage to property: $(link D 'No. ')' '$TMP/months' &&
	grep -qF -- '- The first violence: $(link G 'No. ')' '$TMP/months'"
ok "kinds of behaviour a month: a row of the matrix" \
	grep -q '^| \*\*Kinds of behaviour\*\* |' "$TMP/months"

# --- days and times ---
nfri=0 night=0
for l in A B C D F3 F2 F1 G; do
	[ "$(date -d "$(day $l)" +%u)" -eq 5 ] && nfri=$((nfri + 1))
done
ok "three Fridays at least" test "$nfri" -ge 3
ok "Fridays counted, the three at work linked" sh -c "
	grep -q '^| Friday | $nfri | ' '$MD' &&
	grep '^| Friday |' '$MD' | grep -qF '$(link F3)' &&
	grep '^| Friday |' '$MD' | grep -qF '$(link F1)'"
ok "night incidents counted: three, the withdrawn one not" \
	grep -qx '3 of the 8 incidents began at night, between 22:00 and 06:00.' "$MD"
ok "the night row links them" grep -qF \
	"| Night, 22:00$(printf '\342\200\223')06:00 | 3 | $(link A), $(link C), $(link G) |" "$MD"

# --- places that recur ---
part '### Places that recur' > "$TMP/places"
ok "'At home', 'at home.', 'AT HOME' are one place" grep -qxF \
	"| At home | 3 | $(link A), $(link B), $(link C) |" "$TMP/places"
ok "the same text three times is one row" grep -qxF \
	"| Staff car park, Carlton Road | 3 | $(link F3), $(link F2), $(link F1) |" "$TMP/places"
ok "a street before a comma gathers its places" grep -qxF \
	"| Elm Street, $(printf '\342\200\246') | 2 | $(link D), $(link G) |" "$TMP/places"
is "no other row" "$(grep -c '^| [^P-]' "$TMP/places")" 3

# --- police ---
part '### Reports to the police' > "$TMP/police"
ok "reports counted, with their references" grep -qx \
	'3 of the 8 incidents were reported to the police, under 2 references.' "$TMP/police"
ok "each report: its incident, when, the reference, the officer" grep -qF \
	"| $(link A) | $(day A) | $(date -d "$TODAY -59 days" +%F) 09:00 (UTC" "$TMP/police"
ok "... REF-A twice" test "$(grep -c '| REF-A |' "$TMP/police")" -eq 2
ok "a reference is text, escaped" grep -qF 'REF-\<b>B\</b> \[x\](http\://evil.example)' \
	"$TMP/police"

# --- risk indicators ---
section '## Risk indicators' > "$TMP/risk"
ok "no score, the officer concludes" \
	grep -q 'There is no score here and no level of risk: the officer who reads the log draws the conclusion\.' "$TMP/risk"
shows() {	# shows TITLE LABEL...: the log shows those incidents under TITLE
	t=$1; shift
	for l in "$@"; do printf -- '- %s, %s: Incident %s\n' "$(link $l 'No. ')" \
		"$(day $l)" "$l"; done > "$TMP/want"
	awk -v h="### $t" '$0 == h { on = 1; next } on && /^###/ { exit }
		on && /^- / { print }' "$TMP/risk" | sed 's/ (its .* mentions\{0,1\} a [a-z]*)$//' > "$TMP/got"
	cmp -s "$TMP/want" "$TMP/got" &&
		awk -v h="### $t" '$0 == h { getline; getline; print; exit }' \
		"$TMP/risk" | grep -q '^The log shows'
}
ok "property damaged: D" shows 'Property damaged' D
ok "loitering: the three Fridays" shows Loitering F3 F2 F1
ok "threats: C" shows Threats C
ok "violence: G, not the withdrawn one" shows Violence G
ok "third parties: C names a sister ('his friends' are his)" \
	shows 'Third parties contacted' C
ok "... and says why" grep -qF "Incident C (its details mention a sister)" "$TMP/risk"
ok "visits: nothing recorded, with the visits there were" grep -qF \
	"Nothing recorded. Visits to home or work in this report: 4 ($(link F3 'No. '), $(link F2), $(link F1), $(link G)), at most 2 within 7 days." \
	"$TMP/risk"

# --- links land on headings; nothing made of user text ---
if command -v pandoc > /dev/null 2>&1; then
	pandoc -f gfm-raw_html -t html "$MD" > "$TMP/r.html"
	grep -o 'href="#[^"]*"' "$TMP/r.html" | sed 's/href="#//; s/"$//' |
		sort -u > "$TMP/targets"
	missing=$(while read -r t; do
		grep -q "id=\"$t\"" "$TMP/r.html" || echo "$t"; done < "$TMP/targets")
	is "every link lands on an incident's heading (pandoc)" "$missing" ""
	ok "... and there are links" test -s "$TMP/targets"
	is "no link but to incidents" "$(grep -c 'href="[^#]' "$TMP/r.html")" 0
fi
if command -v cmark-gfm > /dev/null 2>&1; then
	cmark-gfm -e table "$MD" > "$TMP/c.html"
	is "no <b> made of a reference (cmark-gfm)" "$(grep -c '<b>' "$TMP/c.html")" 0
fi

# --- visits: more than 3 in a week; and a log with none of it ---
S2=$TMP/s2
ilog-init -d "$S2" "$FPR" 2>/dev/null
{
	for d in 10 9 8 7; do
		printf -- "---\noccurred: %s\nsummary: 'Drove past, %s days ago'\nbehaviour: [driving-past]\nlocation: 'Outside my house'\n" \
			"$(at $d 08:00)" "$d"
	done
	printf -- "---\noccurred: %s\nsummary: \"At my mother's\"\nbehaviour: [loitering]\nlocation: \"My mother's house\"\n" \
		"$(at 8 12:00)"
	printf -- "---\noccurred: %s\nsummary: 'A text'\nbehaviour: [contact]\nlocation: 'At home'\nchannel: text\n" \
		"$(at 2 12:00)"
} | ilog-add -d "$S2" > /dev/null
ilog-ls -d "$S2" | ilog-md -d "$S2" > "$TMP/v.md"
awk '$0 == "### Visits to home or work, more than 3 in a week" { on = 1; next }
	on && /^###/ { exit } on' "$TMP/v.md" > "$TMP/visits"
ok "four visits to the house in 4 days: the log shows them" \
	grep -qx 'The log shows (at most 4 within 7 days):' "$TMP/visits"
is "... each, not the mother's house, not a text received at home" \
	"$(grep -c '^- \[No\. [0-9]*\](#.*: Drove past' "$TMP/visits") $(grep -c '^- ' "$TMP/visits")" "4 4"

S3=$TMP/s3
ilog-init -d "$S3" "$FPR" 2>/dev/null
printf -- "---\noccurred: %s\nsummary: 'A text'\nbehaviour: [contact]\n" "$(at 3 12:00)" |
	ilog-add -d "$S3" > /dev/null
ilog-ls -d "$S3" | ilog-md -d "$S3" > "$TMP/n.md"
is "a log of one text: every risk indicator says nothing recorded" \
	"$(grep -c '^Nothing recorded' "$TMP/n.md")" 6
ok "no police report, no recurring place" sh -c "
	grep -qx 'No incident records a report to the police.' '$TMP/n.md' &&
	grep -qx 'No place is named in more than one incident.' '$TMP/n.md'"
ok "no threat, damage or violence" sh -c "
	grep -qx -- '- No threat is recorded.' '$TMP/n.md' &&
	grep -qx -- '- No violence is recorded.' '$TMP/n.md'"
# --- a place typed as markup recurs: its row is text ---
S5=$TMP/s5
ilog-init -d "$S5" "$FPR" 2>/dev/null
for d in 5 4; do
	printf -- "---\noccurred: %s\nsummary: 's'\nbehaviour: [watching]\nlocation: '%s'\n" \
		"$(at $d 12:00)" '# <b>x</b> | [y](http://evil.example)'
done | ilog-add -d "$S5" > /dev/null
ilog-ls -d "$S5" | ilog-md -d "$S5" > "$TMP/h.md"
ok "the place recurs, escaped" grep -qF \
	'| # \<b>x\</b> \| \[y\](http\://evil.example) | 2 | ' "$TMP/h.md"
if command -v cmark-gfm > /dev/null 2>&1; then
	cmark-gfm -e table "$TMP/h.md" > "$TMP/h.html"
	is "... rendered: no <b>, no link out, no heading made" \
		"$(grep -c -e '<b>' -e 'href="http' -e '<h[1-6]>#' "$TMP/h.html")" 0
fi

# --- the sample log: fewer incidents a month, worse ones ---
S4=$TMP/s4
ilog-init -d "$S4" "$FPR" 2>/dev/null
ilog-add -d "$S4" < "$TOP/tests/sample.yaml" > /dev/null
ilog-ls -d "$S4" | ilog-md -d "$S4" > "$TMP/s.md"
ok "the sample: incidents a month fall 5, 4, 3, 2" grep -q \
	'^Incidents a month, 2026-08 to 2026-11: 5, 4, 3, 2\. Kinds of behaviour a month: 5, 5, 4, 4\.$' "$TMP/s.md"
ok "... and the report says what came with fewer" grep -qx \
	"Fewer incidents a month need not mean it is dying down: while the last 2 months had fewer incidents than the first 2 (5 against 9), the log records its first threat in 2026-10, its first damage to property in 2026-10 and its first violence in 2026-11." \
	"$TMP/s.md"
ok "the sample's three Fridays at work are among its Fridays" sh -c \
	"grep '^| Friday | 4 |' '$TMP/s.md' | grep -q '\[6\].*\[7\].*\[12\]'"
done_testing
