#!/bin/sh
# make check-faults: every call of every kind that ilog-add, ilog-tag,
# ilog-attach and ilog-init make fails in turn (tests/faults/shim.so), then
# kill -9 at random points of ilog-add and ilog-tag; after each, the store
# checks of tests/0155-faults.t.
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)	# lib.sh takes tests/ for the top
PATH="$TOP/bin:$PATH"
. "$TOP/tests/faults/faults.sh"
faults_skip_san

setup_store
D=$ILOG_DIR
ilog-add -s 'before the faults' > /dev/null
INC=$(ilog-ls | head -n 1)
ATTACH="echo \$CASE > $TMP/photo-\$CASE.jpg && ilog-attach $INC $TMP/photo-\$CASE.jpg"
ORPHAN='attach leaves orphaned evidence on failure (issue 15 item 8)'

for call in write fsync fdatasync rename link linkat open close; do
	for err in EIO ENOSPC; do
		case $call:$err in write:*|fsync:*|open:*|*:EIO) ;; *) continue ;; esac
		fault_loop ilog-add $call $err "ilog-add -s 'fault \$CASE'"
		fault_loop ilog-tag $call $err "ilog-tag +t\$CASE $INC"
		fault_loop ilog-attach $call $err "$ATTACH" "$ORPHAN"
		init_loop $call $err "$FPR"
	done
done

# kill -9 of the whole process group (gpg too) at a random point
killed() {	# killed SECONDS CMD: CMD killed after SECONDS
	setsid sh -c "$2" > /dev/null 2>&1 &
	pid=$!
	sleep "$1"
	kill -9 -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
N0=$(count_records "$D")
i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	killed "0.$(( $(od -An -N2 -tu2 /dev/urandom) % 9 + 1 ))" \
		"j=0; while [ \$j -lt 5 ]; do j=\$((j + 1)); ilog-add -s \"kill $i.\$j\"; done"
	killed "0.$(( $(od -An -N2 -tu2 /dev/urandom) % 5 + 1 ))" \
		"ilog-tag +k$i $INC"
done
is "after 40 kills during ilog-add and ilog-tag, the store is whole" \
	"$(store_problems "$D")" ""
dups=$(ilog-ls | ilog-scan | sed -n 's/.*\(kill [0-9.]*\)$/\1/p' | sort | uniq -d)
is "and no incident was written twice" "$dups" ""
echo "# the kills left $(( $(count_records "$D") - N0 )) of up to 120 records"
echo "# $NFAULTS faults injected"
done_testing
