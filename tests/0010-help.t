#!/bin/sh
# Every program: --help, --version, a bad option; and the ilog dispatcher
. "$(dirname "$0")/lib.sh"

VERBS="init add ls scan show pick tag edit attach withdraw import md json csv verify seal"
for v in $VERBS; do
	out=$(ilog-$v --help 2>&1); rc=$?
	is "ilog-$v --help exits 0" "$rc" 0
	ok "ilog-$v --help shows its usage" sh -c "echo \"\$1\" | grep -q '^usage: ilog-$v'" - "$out"
	is "ilog-$v --version names it" "$(ilog-$v --version)" "ilog-$v 0.1.0"
	ok "ilog-$v has a man page that mandoc reads" \
		sh -c "mandoc -Tascii '$TOP/man/ilog-$v.1' | grep -q 'ilog-$v'"
done
for v in add ls scan show pick md json csv verify seal import; do
	err=$(ilog-$v --no-such-option 2>&1 </dev/null); rc=$?
	is "ilog-$v with an unknown option exits 2" "$rc" 2
done

setup_store
ilog-add -s 'through the dispatcher' >/dev/null
is "ilog ls runs ilog-ls" "$(ilog ls)" "$(ilog-ls)"
is "ilog -d DIR ls names the store" "$(ilog -d "$ILOG_DIR" ls)" "$(ilog-ls)"
is "ilog scan reads a pipe" "$(ilog ls | ilog scan)" "$(ilog-ls | ilog-scan)"
ilog nosuchverb >/dev/null 2>&1
is "an unknown verb exits 2" "$?" 2
ok "the message names it" sh -c 'ilog nosuchverb 2>&1 | grep -q "nosuchverb: not an ilog command"'
is "ilog --help exits 0" "$(ilog --help >/dev/null; echo $?)" 0
ilog >/dev/null 2>&1
is "ilog alone exits 2 with its usage" "$?" 2
done_testing
