# tests/faults/faults.sh: run ilog programs with one failing call (shim.so)
# and judge what the user is left with. Sourced after tests/lib.sh by
# tests/0155-faults.t (a few cases) and tests/faults/check-faults.t (every
# call number: make check-faults).

SHIM=$TOP/tests/faults/shim.so
NFAULTS=0	# faults that were injected (the call was reached)

# The shim and ASan's runtime cannot both come first in the library list.
faults_skip_san() {
	if [ "$(cat "$TOP/src/.flavor" 2>/dev/null)" = san ]; then
		echo "1..0 # SKIP LD_PRELOAD fault shim: not with SAN=1 (ASan must load first)"
		exit 0
	fi
}

# under_fault SPEC CMD...: CMD with ILOG_FAULT=SPEC; sets FRC, FINJ (0/1);
# stderr in $TMP/ferr
under_fault() {
	spec=$1; shift
	rm -f "$TMP/flog"
	ILOG_FAULT=$spec ILOG_FAULT_LOG=$TMP/flog \
		LD_PRELOAD="$SHIM${LD_PRELOAD:+ $LD_PRELOAD}" "$@" \
		> "$TMP/fout" 2> "$TMP/ferr"
	FRC=$?
	FINJ=0
	grep -q '^inject' "$TMP/flog" 2>/dev/null && FINJ=1
	NFAULTS=$((NFAULTS + FINJ))
}

# fault_calls CALL CMD...: how many CALLs CMD makes (with no fault)
fault_calls() {
	call=$1; shift
	rm -f "$TMP/flog"
	ILOG_FAULT_LOG=$TMP/flog LD_PRELOAD="$SHIM${LD_PRELOAD:+ $LD_PRELOAD}" \
		"$@" > /dev/null 2>&1
	awk -v c="$call" '$1 == "calls" && $2 == c { n = $3 } END { print n + 0 }' \
		"$TMP/flog"
}

count_records() { ls "$1" | grep -c '\.yaml\.gpg$'; }
count_evidence() { ls "$1/evidence" 2>/dev/null | grep -c '\.gpg$'; }

# store_problems DIR: what ilog-verify reports besides temp files and its
# summary line (empty: the store is whole)
store_problems() {
	ilog-verify -d "$1" 2>&1 | grep -v -e 'a temporary file left by' \
		-e 'problems* found in' -e 'no problem found' |
		grep -v -x -F -f "$TMP/known" 2>/dev/null
}

# judge PROG: the checks after a faulted run of PROG; prints one line per
# problem ("" when all is well). A run that failed is retried, as a user
# would, unless its message says the work is done. RETRY holds the command.
judge() {
	prog=$1
	case $FRC in 0|2) ;; *) echo "exit $FRC" ;; esac
	[ $FINJ -eq 0 ] && [ $FRC -ne 0 ] && echo "failed with no fault: $(head -n 1 "$TMP/ferr")"
	if [ $FRC -eq 2 ]; then
		[ "$(wc -l < "$TMP/ferr")" -eq 1 ] ||
			echo "$(wc -l < "$TMP/ferr") lines on stderr: $(tr '\n' '|' < "$TMP/ferr")"
		grep -q "^$prog: [^ ]*/[^ ]*: " "$TMP/ferr" ||
			echo "names no file: $(head -n 1 "$TMP/ferr")"
	fi
	p=$(store_problems "$D")
	[ -n "$p" ] && echo "store after the fault: $p"
	if [ $FRC -ne 0 ] && ! grep -q 'do not write it again' "$TMP/ferr"; then
		sh -c "$RETRY" > /dev/null 2> "$TMP/rerr" ||
			echo "the retry failed: $(head -n 1 "$TMP/rerr")"
	fi
	p=$(store_problems "$D")
	[ -n "$p" ] && echo "store after the retry: $p"
	[ "$(count_records "$D")" -eq $((N0 + 1)) ] ||
		echo "$(( $(count_records "$D") - N0 )) records written, not 1"
	[ "$(count_evidence "$D")" -eq $((E0 + EVIDENCE)) ] ||
		echo "$(( $(count_evidence "$D") - E0 )) evidence files, not $EVIDENCE"
}

# fault_case PROG SPEC CMD: one faulted run of CMD (a string for sh -c) in
# store $D; prints its problems, each prefixed with PROG and SPEC. $CASE
# numbers the runs, for commands that must differ each time (a new tag).
CASE=0
fault_case() {
	prog=$1 spec=$2 cmd=$3
	CASE=$((CASE + 1))
	export CASE
	N0=$(count_records "$D") E0=$(count_evidence "$D")
	: > "$TMP/known"	# problems an earlier case left are not this one's
	store_problems "$D" > "$TMP/known.new"
	mv "$TMP/known.new" "$TMP/known"
	case $prog in ilog-attach) EVIDENCE=1 ;; *) EVIDENCE=0 ;; esac
	RETRY=$cmd
	under_fault "$spec" sh -c "$cmd"
	judge "$prog" | sed "s|^|$prog $spec: |"
}

# fault_loop PROG CALL ERRNO CMD [TODO]: CMD with its 1st, 2nd... CALL
# failing, until CMD makes no more of them; one TAP line for all (a TODO
# line when the failure is known and owned)
fault_loop() {
	prog=$1 call=$2 err=$3 cmd=$4 todo=${5:+ # TODO $5}
	n=0
	: > "$TMP/problems"
	while [ $n -lt 400 ]; do
		n=$((n + 1))
		fault_case "$prog" "$call:$n:$err" "$cmd" >> "$TMP/problems"
		[ $FINJ -eq 1 ] || break
	done
	sed 's/^/# /' "$TMP/problems" | head -n 20
	is "$prog: each of its $((n - 1)) $call calls failing with $err: exit 2 and one line naming the file, or done; store whole; a retry duplicates nothing$todo" \
		"$(wc -l < "$TMP/problems" | tr -d ' ')" 0
}

# init_case SPEC FPR...: ilog-init of a new store under the fault, retried
# when it failed; the store must then take a record and verify clean
init_case() {
	spec=$1; shift
	ND=$TMP/new-$(echo "$spec" | tr ':' '-')
	rm -rf "$ND"
	under_fault "$spec" ilog-init -d "$ND" "$@"
	{
		case $FRC in 0|2) ;; *) echo "exit $FRC" ;; esac
		if [ $FRC -eq 2 ]; then
			[ "$(wc -l < "$TMP/ferr")" -eq 1 ] ||
				echo "$(wc -l < "$TMP/ferr") lines: $(tr '\n' '|' < "$TMP/ferr")"
			grep -q "^ilog-init: [^ ]*/[^ ]*: " "$TMP/ferr" ||
				echo "names no file: $(head -n 1 "$TMP/ferr")"
			ilog-init -d "$ND" "$@" > /dev/null 2> "$TMP/rerr" ||
				echo "the retry failed: $(head -n 1 "$TMP/rerr")"
		fi
		ilog-add -d "$ND" -s 'after init' > /dev/null 2> "$TMP/rerr" ||
			echo "then ilog-add fails: $(head -n 1 "$TMP/rerr")"
		p=$(store_problems "$ND")
		[ -n "$p" ] && echo "store: $p"
	} | sed "s|^|ilog-init $spec: |"
}

init_loop() {
	call=$1 err=$2; shift 2
	n=0
	: > "$TMP/problems"
	while [ $n -lt 400 ]; do
		n=$((n + 1))
		init_case "$call:$n:$err" "$@" >> "$TMP/problems"
		[ $FINJ -eq 1 ] || break
	done
	sed 's/^/# /' "$TMP/problems" | head -n 20
	is "ilog-init of a new store: each of its $((n - 1)) $call calls failing with $err: exit 2 and one line, retry works, store whole" \
		"$(wc -l < "$TMP/problems" | tr -d ' ')" 0
}
