#!/bin/sh
# A write whose record reached the folder but whose folder could not be
# synced to disk says so, prints the path, and exits 2: the user must not
# be led to write the same incident twice. (strace -P injects EIO into
# fsync of the store's directory only.)
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'before the fault' > /dev/null
# dirfault CMD...: CMD with every fsync of the store directory failing
dirfault() {
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -P "$D" \
		-e trace=fsync -e inject=fsync:error=EIO "$@"
}
records() { ls "$D" | grep -c '\.yaml\.gpg$'; }

n=$(records)
dirfault ilog-add -s 'the incident' > "$TMP/out" 2> "$TMP/err"
is "ilog-add: exit 2" "$?" 2
is "the record is in the store" "$(records)" $((n + 1))
is "its path is printed, as for any record written" \
	"$(cat "$TMP/out")" "$(ls "$D"/*.yaml.gpg | tail -n 1)"
is "one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "saying it is written, the folder not synced, and not to write it again" \
	grep -q "^ilog-add: $(cat "$TMP/out"): written, but the folder could not be synced to disk (Input/output error): it is in the store; do not write it again$" "$TMP/err"
ok "it reads as any other incident" \
	sh -c 'ilog-scan "$1" | grep -q "the incident"' - "$(cat "$TMP/out")"

printf -- '---\noccurred: 2026-01-01\nsummary: first\n---\noccurred: 2026-01-02\nsummary: second\n' |
	dirfault ilog-add > "$TMP/out" 2> "$TMP/err"
is "two incidents on stdin: exit 2" "$?" 2
is "the first is written and its path printed" "$(wc -l < "$TMP/out" | tr -d ' ')" 1
ok "stderr says which were written and which were not" \
	grep -q '^ilog-add: stopped: 1 of 2 incidents written (their paths are printed above), 1 not written$' "$TMP/err"
is "the second is not in the store" \
	"$(ilog-ls | ilog-scan | grep -c 'second')" 0

m=$(records)
ilog-ls | dirfault ilog-tag +reported > "$TMP/out" 2> "$TMP/err"
is "ilog-tag: exit 2" "$?" 2
is "its amendment is in the store" "$(records)" $((m + 1))
ok "the tag applies" sh -c '! ilog-ls | ilog-pick -T reported > /dev/null'
is "the paths are still passed on" "$(wc -l < "$TMP/out" | tr -d ' ')" \
	"$(ilog-ls | wc -l | tr -d ' ')"
ok "and stderr says the amendment is written, not to write it again" \
	grep -q ': written, but the folder could not be synced to disk .*do not write it again$' "$TMP/err"

dirfault ilog-withdraw -m 'entered twice' "$(ilog-ls | head -n 1)" \
	> /dev/null 2> "$TMP/err"
is "ilog-withdraw: exit 2, one line" "$?:$(wc -l < "$TMP/err" | tr -d ' ')" 2:1

# a fault before the record reaches the folder: nothing written, and said
k=$(records)
ASAN_OPTIONS=detect_leaks=0 strace -f -qq -o /dev/null -e trace=fsync \
	-e inject=fsync:error=EIO ilog-add -s 'never written' > "$TMP/out" \
	2> "$TMP/err"
is "a failed fsync of the record itself: exit 2" "$?" 2
is "nothing in the store" "$(records)" "$k"
ok "stderr says nothing was written" grep -q 'nothing was written' "$TMP/err"
is "and no path is printed" "$(cat "$TMP/out")" ""
is "ilog-verify is clean after all of it" "$(ilog-verify 2>&1 | tail -n 1)" \
	"$(records) records, 0 evidence files: no problem found"
done_testing
