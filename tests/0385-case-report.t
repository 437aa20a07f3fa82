#!/bin/sh
# The report opens with the case: the times the suspect was told to stop
# and the orders, each with the incidents after it counted; his profile,
# with the incidents from each of his numbers; the occasions violence was
# feared, counted; the impact in the order it happened. The timeline marks
# how he was identified.
. "$(dirname "$0")/lib.sh"

setup_store
MD=$TMP/r.md
report() { ilog-ls | ilog-md "$@" > "$MD" 2> "$TMP/err"; }
section() {	# section HEADING: its lines, up to the next heading
	awk -v h="$1" '$0 == h { on = 1; next } on && /^##/ { exit } on' "$MD"
}

report
ok "no case record: the report says so, and how to write one" \
	grep -q '^No case record .*ilog-case writes one' "$MD"

# incidents on both sides of the dates the case names (entered out of order)
ilog-add > /dev/null 2>&1 <<'EOF'
occurred: 2026-08-10 19:00
summary: Waited at the school gate
behaviour: [loitering]
fear: that he would take the children
identified: seen
impact: Took the week off work; the children stayed with my mother.
---
occurred: 2026-07-20 21:00
summary: Texts all night
behaviour: [contact]
from: +44 7700 900123
impact: Could not sleep.
---
occurred: 2026-07-25 22:00
summary: Called twice the evening he was told
behaviour: [contact]
from: 07700900123
---
occurred: 2026-07-26 21:00
summary: Parked outside the house
behaviour: [watching]
fear: that he would break in
identified: inferred
impact: Had new locks fitted (120 pounds).
---
occurred: 2026-10-25 08:00
summary: Message through a friend
behaviour: [contact]
---
occurred: 2026-07-27 08:00
summary: Entered twice by mistake
behaviour: [watching]
fear: counted once only
EOF
dup=$(ilog-ls | ilog-pick -g 'Entered twice')
ilog-withdraw -m 'entered twice' "$dup" > /dev/null

ilog-case > /dev/null <<'EOF'
background:
  relationship: ex-partner
  ended: 2026-07-18
  told_to_stop:
    - {date: 2026-07-25, how: text message, by: victim}
    - {date: 2026-08-01T09:30:00+01:00, how: 'letter', by: solicitor}
suspect:
  names: [Mark Ellison, '<b>Marky</b> [x](http://evil.example)']
  phones: ['07700 900123', '07700 900999']
  vehicles: [{make: Ford, model: Focus, colour: silver, plate: AB12 CDE}]
orders:
  - {kind: police warning, made: 2026-08-05, expires: 2026-09-05}
  - {kind: non-molestation order, made: 2026-10-20, reference: FD26P00123,
     court: Family Court at Leeds, terms: 'No contact, direct or through others.'}
victim:
  name: Claire Bennett
  contact: 07700 900456
EOF
report --statement
is "the report opens with the case, right after the title" \
	"$(grep '^## ' "$MD" | head -n 2 | tr '\n' '|')" "## The case|## The course of conduct|"
section '### Background' > "$TMP/bg"
ok "told to stop on a day: counted from the next day (the hour unknown)" \
	grep -qx -- '- 2026-07-25, text message, by the victim: \*\*3 incidents since\*\* (the first: No\. 3, 2026-07-26)' "$TMP/bg"
ok "told to stop at a time: counted from that time" \
	grep -q -- '^- 2026-08-01 09:30 (UTC+01:00), letter, by a solicitor: \*\*2 incidents since\*\*' "$TMP/bg"
section '### Orders and warnings' > "$TMP/orders"
ok "each order with the incidents since it was made; an expired one says so" \
	grep -q -- '^- \*\*police warning\*\*, made 2026-08-05, expired 2026-09-05: \*\*2 incidents since it was made\*\*' "$TMP/orders"
ok "... and its terms" grep -q 'Terms: No contact, direct or through others\.' "$TMP/orders"
ok "... an order with nothing after it counts 1" \
	grep -q 'non-molestation order.*\*\*1 incident since it was made\*\* (the first: No\. 5' "$TMP/orders"
section '### The suspect' > "$TMP/suspect"
ok "the suspect's numbers, each with the incidents from it (any spelling)" \
	grep -qx -- '- Phones: 07700 900123 (2 incidents from it); 07700 900999' "$TMP/suspect"
ok "his vehicle" grep -qx -- '- Vehicles: silver Ford Focus, plate AB12 CDE' "$TMP/suspect"

section '### Fear of violence' > "$TMP/fear"
ok "fear of violence: counted (not the withdrawn one), and listed" \
	grep -q '^Violence was feared on \*\*2 occasions\*\*' "$TMP/fear"
is "... each with its number, date and words" \
	"$(grep '^| [0-9]' "$TMP/fear" | cut -d'|' -f2,3,5 | tr -s ' ')" \
	" 3 | 2026-07-26 | that he would break in 
 4 | 2026-08-10 | that he would take the children "

section '### Impact over time' > "$TMP/impact"
is "impact: every entry in the order it happened, with its areas" \
	"$(grep '^| [0-9]' "$TMP/impact" | cut -d'|' -f3,5 | tr -s ' ')" \
	" 2026-07-20 | health 
 2026-07-26 | home, money 
 2026-08-10 | work, routine "
ok "... grouped by area" \
	grep -q '^By area: work 1, home 1, money 1, health 1, routine 1\.' "$TMP/impact"

section '## Timeline' > "$TMP/timeline"
ok "the timeline marks a suspect seen" \
	grep -q 'Waited at the school gate \*(suspect seen)\*' "$TMP/timeline"
ok "... and one nobody saw as such" \
	grep -q 'Parked outside the house \*(suspect inferred, not seen)\*' "$TMP/timeline"
ok "the statement is in the name the case gives, with the contact" \
	sh -c "grep -qx 'Name: Claire Bennett' '$MD' && grep -qx 'Contact: 07700 900456' '$MD'"

if command -v cmark-gfm > /dev/null 2>&1; then
	cmark-gfm -e table "$MD" > "$TMP/r.html"
	ok "what the case holds is text, never markup" \
		sh -c "! grep -q -e '<b>Marky' -e '<a href=\"[^#]' '$TMP/r.html' &&
		grep -q '&lt;b&gt;Marky&lt;/b&gt; \[x\](http://evil.example)' '$TMP/r.html'"
else
	echo "ok $((ntest += 1)) - cmark-gfm # SKIP not installed"
fi

done_testing
