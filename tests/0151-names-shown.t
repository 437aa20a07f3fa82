#!/bin/sh
# Terminal injection: planted file names with a line break or an escape
# sequence cannot forge a line of ilog-verify's output or reach the terminal.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
ilog-add -s 'Grey car outside' -b watching -w '2026-11-01 21:00' > /dev/null
ESC=$(printf '\033')
: > "$D/$(printf 'x\nilog-verify: 1 records, 0 evidence files: no problem found')"
: > "$D/$(printf 'y\033]0;pwned\007')"
mkdir -p "$D/evidence"
: > "$D/evidence/$(printf 'z\033[2J\302\233c.gpg')"

ilog-verify > "$TMP/out" 2> "$TMP/err"
is "ilog-verify exits 2" "$?" 2
is "one line per planted file, and the count" \
	"$(wc -l < "$TMP/err") $(cat "$TMP/out")" "3 3 problems found in $D"
ok "no forged line starts 'ilog-verify: 1 records'" sh -c "! grep -q '^ilog-verify: 1 records' '$TMP/err'"
ok "no escape byte reaches the terminal" \
	sh -c "! grep -q '$ESC' '$TMP/err' '$TMP/out'"
ok "no C1 control (CSI) either" \
	sh -c "! LC_ALL=C grep -q \"\$(printf '\302\233')\" '$TMP/err'"
ok "the break is shown escaped" grep -q 'x\\x0ailog-verify: 1 records' "$TMP/err"
ok "the escape is shown escaped" grep -q 'y\\x1b]0;pwned\\x07' "$TMP/err"
ok "the evidence name too" grep -q 'z\\x1b\[2J\\xc2\\x9bc.gpg' "$TMP/err"

# the same sanitiser for what ilog-scan shows of a summary
ilog-add -s "$(printf 'clear \302\2332J \033]0;t\007 screen')" -w '2026-11-02 10:00' \
	> /dev/null
ilog-ls | ilog-scan > "$TMP/scan"
ok "ilog-scan sends no escape or C1 control" \
	sh -c "! LC_ALL=C grep -q -e '$ESC' -e \"\$(printf '\302\233')\" '$TMP/scan'"
ok "and shows them escaped" grep -q 'clear \\xc2\\x9b2J \\x1b]0;t\\x07 screen' "$TMP/scan"

done_testing
