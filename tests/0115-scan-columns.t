#!/bin/sh
# ilog-scan's columns: a short ID that names the incident (as git shortens
# hashes), of one width for the whole store, and tags last, so that no
# column moves however many tags an incident has.
. "$(dirname "$0")/lib.sh"

setup_store
ilog-add -s 'Grey car outside' -b watching -w '2026-10-01 21:00' > "$TMP/p"
ilog-add -s 'Silent call at 3am' -b contact,threats -w '2026-10-02 03:00' \
	>> "$TMP/p"
ilog-add -s 'Flowers on the doorstep' -b gifts -w '2026-10-03 07:30' >> "$TMP/p"
ilog-tag +car +night +reported +for-court +elm-street "$(head -n 1 "$TMP/p")" \
	> /dev/null
ilog-ls | ilog-scan > "$TMP/scan"
cat "$TMP/scan" | sed 's/^/# /'

is "one line per incident" "$(wc -l < "$TMP/scan" | tr -d ' ')" 3
# the 4th field is the short ID
ids=$(awk '{ print $(NF > 0 ? 3 : 0) }' "$TMP/scan")
for id in $ids; do
	full=$(ilog-show "$id" 2> /dev/null | sed -n 's/^id: //p')
	case $full in "$id"*) r=ok ;; *) r="names $full" ;; esac
	is "the short ID $id names its incident" "$r" ok
done
w=$(printf '%s\n' $ids | awk '{ print length }' | sort -u)
is "every short ID has one width" "$(printf '%s\n' "$w" | wc -l | tr -d ' ')" 1
is "... the width of the store, also when one incident is picked" \
	"$(ilog-ls | ilog-pick -g flowers | ilog-scan | awk '{ print length($3) }')" \
	"$w"
col() { awk -v s="$1" '{ print index($0, s) }' "$TMP/scan" | sort -u; }
cols=$(for s in Grey Silent Flowers; do grep "$s" "$TMP/scan" |
	awk -v s="$s" '{ print index($0, s) }'; done | sort -u)
is "the summaries start in one column, five tags or none" \
	"$(printf '%s\n' "$cols" | wc -l | tr -d ' ')" 1
ok "the tags come last, in brackets" \
	grep -q 'Grey car outside  \[car,night,reported,for-court,elm-street\]$' \
	"$TMP/scan"
ok "no tags: nothing after the summary" grep -q 'Silent call at 3am$' "$TMP/scan"
done_testing
