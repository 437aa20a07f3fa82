#!/bin/sh
# A failing disk, one call at a time (tests/faults/shim.so): every fsync of
# ilog-add, ilog-tag and ilog-init, and every link of ilog-attach, fails in
# turn. Each run ends in exit 2 with one line naming the file, or in success;
# the store stays whole; a retry after the error writes no duplicate.
# make check-faults tries every call of every kind.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/faults/faults.sh"
faults_skip_san

setup_store
D=$ILOG_DIR
ilog-add -s 'before the faults' > /dev/null
INC=$(ilog-ls | head -n 1)
# each run attaches a new file: the same one again is a duplicate
ATTACH="echo \$CASE > $TMP/photo-\$CASE.jpg && ilog-attach $INC $TMP/photo-\$CASE.jpg"

fault_loop ilog-add fsync EIO "ilog-add -s 'fsync fault'"
fault_loop ilog-tag fsync EIO "ilog-tag +t\$CASE $INC"
# a failure after an evidence file is in takes it back (issue 15 item 8):
# the retry writes no second copy
fault_loop ilog-attach link EIO "$ATTACH"
init_loop fsync EIO "$FPR"

# The folder cannot be synced after the record is linked in: the message
# must say it is in the store, or the user writes it twice.
N0=$(count_records "$D")
under_fault "fsync:1:EIO:$D" ilog-add -s 'the folder fsync'
is "a folder fsync that fails after the link: ilog-add exits 2" "$FRC" 2
ok "and says the record is in the store, not to write it again" \
	grep -q "written, but the folder could not be synced.*do not write it again" "$TMP/ferr"
is "and the record is there, once" "$(count_records "$D")" $((N0 + 1))
N0=$(count_records "$D")
under_fault "fsync:1:EIO:$D" ilog-tag +folder "$INC"
is "the same for ilog-tag: exit 2" "$FRC" 2
ok "and it says the amendment is in the store" \
	grep -q "written, but the folder could not be synced.*do not write it again" "$TMP/ferr"
is "and the amendment is there, once" "$(count_records "$D")" $((N0 + 1))
echo "an exhibit" > "$TMP/exhibit.jpg"
N0=$(count_records "$D")
under_fault "fsync:1:EIO:$D/evidence" ilog-attach "$INC" "$TMP/exhibit.jpg"
echo "# ilog-attach: $(cat "$TMP/ferr")"
is "ilog-attach whose evidence folder cannot be synced still records the file" \
	"$(count_records "$D")" $((N0 + 1))
is "and exits 2" "$FRC" 2
ok "in one line that says it is in the store and attached" \
	grep -q "written, but the folder could not be synced.*do not write it again; attached$" "$TMP/ferr"

echo "# $NFAULTS faults injected"
done_testing
