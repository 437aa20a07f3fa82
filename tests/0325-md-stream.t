#!/bin/sh
# ilog-md writes a long report to stdout as it makes it, never all of it in
# memory at once; what it writes is what -o FILE.md gets, and a write that
# fails is said, with exit 2.
. "$(dirname "$0")/lib.sh"

setup_store
long=$(seq 1 600 | tr '\n' ' ')
for d in $(seq 1 30); do
	printf -- '---\noccurred: 2026-09-%02d 08:00\nsummary: Call %d\nbehaviour: [contact]\ndetails: |\n  He rang %d times. %s\n' \
		"$d" "$d" "$d" "$long"
done | ilog-add > /dev/null
ilog-ls > "$TMP/paths"

ilog-md < "$TMP/paths" > "$TMP/streamed.md"
is "to stdout: exit 0" "$?" 0
size=$(wc -c < "$TMP/streamed.md")
ok "the report is longer than one spill (64 KiB): $size bytes" \
	[ "$size" -gt 65536 ]
ilog-md -o "$TMP/whole.md" < "$TMP/paths"
is "... -o FILE.md: exit 0" "$?" 0
# the same but for the minute each was made in
made() { grep -v '^- Report made: ' "$1"; }
is "... stdout and -o FILE.md are the same report" \
	"$(made "$TMP/streamed.md")" "$(made "$TMP/whole.md")"
is "... every incident is in it, once" \
	"$(grep -c '^- \*\*Summary:\*\* Call [0-9]*$' "$TMP/streamed.md")" 30

ilog-md < "$TMP/paths" > /dev/full 2> "$TMP/err"
is "stdout full: exit 2" "$?" 2
is "... one line that says so" "$(cat "$TMP/err")" \
	"ilog-md: stdout: No space left on device"

done_testing
