#!/bin/sh
# make bench [N=10000]: how fast ilog reads a store of N records, measured
# side by side with what it is built to beat (DESIGN.md, "Speed"):
#   warm:  ilog-ls | ilog-pick -t car | ilog-md with the cache filled, against
#          the floor (one gpg -d of all N plaintexts in one file, plus
#          sha256sum of the N record files) and against pass grep;
#   cold:  the same pipeline with no cache, against gpg -d file by file;
#   peak memory of ilog-md over all N.
# Each time is the median of several runs; every time is printed with its
# ratio to a named baseline. The store, with its own throwaway GnuPG home
# and its cache, is kept in /tmp/ilog-bench-N and made again only when
# missing. Never touches the user's keys, store or cache.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
PATH="$TOP/bin:$PATH"
N=${N:-10000}
SAMPLE=1000			# files for the one-gpg-per-file baselines
BUDGET=${BENCH_BUDGET:-200}	# seconds at most for one measurement's runs
unset ILOG_DIR ILOG_JOBS VISUAL EDITOR GPG_AGENT_INFO
export LC_ALL=C.UTF-8 TZ=UTC

case $N in
''|*[!0-9]*|0) echo "bench: N must be a positive number" >&2; exit 2 ;;
esac
PART=${BENCH:-all}	# BENCH=import: only the import line; warm: no cold runs
case $PART in
all|import|warm) ;;
*) echo "bench: BENCH must be all, import or warm" >&2; exit 2 ;;
esac
IMPORT_N=${IMPORT_N:-5000}	# messages of the chat ilog-import reads
[ "$N" -lt "$SAMPLE" ] && SAMPLE=$N

BENCH=/tmp/ilog-bench-$N
STORE=$BENCH/store
export GNUPGHOME="$BENCH/g" ILOG_DIR="$STORE"
SCR=$(mktemp -d /tmp/ilog-bench.XXXXXX) || exit 2
# The cache is kept with the store: at 100,000 records filling it is a
# cold run of half an hour, which BENCH=warm need not repeat. The cold
# runs start each from none.
export XDG_CACHE_HOME="$BENCH/cache"
trap 'gpgconf --kill all >/dev/null 2>&1; rm -rf "$SCR"' EXIT
trap 'exit 2' INT TERM

MD=ilog-md
MDNOTE=
if [ ! -x "$TOP/bin/ilog-md" ]; then
	MD=ilog-scan
	MDNOTE=" (ilog-md not built yet: ilog-scan stands in for it)"
fi
GEN=$TOP/tests/bench-gen
for p in ilog-ls ilog-pick ilog-init "$MD"; do
	[ -x "$TOP/bin/$p" ] || { echo "bench: bin/$p missing; run make" >&2
		exit 2; }
done

records() {	# the record files of a directory, in ID order
	(cd "$1" 2>/dev/null && for f in *.yaml.gpg; do [ -f "$f" ] && echo "$f"; done)
}

fpr() {
	gpg --with-colons --list-keys bench@example.org 2>/dev/null |
		awk -F: '/^fpr/ { print $10; exit }'
}

generate() {
	[ -x "$GEN" ] || { echo "bench: $GEN missing; run make bench" >&2
		exit 2; }
	echo "bench: making $N records in $BENCH (once; kept for later runs)"
	rm -rf "$BENCH"
	mkdir -p "$BENCH" && mkdir -m 700 "$GNUPGHOME" || exit 2
	gpg --batch --quiet --passphrase '' --quick-gen-key \
		'Bench <bench@example.org>' ed25519 sign never 2>/dev/null
	FPR=$(fpr)
	gpg --batch --quiet --passphrase '' --quick-add-key "$FPR" cv25519 \
		encr never 2>/dev/null
	ilog-init "$FPR" >/dev/null 2>&1 || { echo "bench: ilog-init failed" >&2
		exit 2; }
	t0=$(date +%s)
	"$GEN" "$STORE" "$N" "$BENCH/all.yaml" || exit 2
	echo "bench: generated in $(($(date +%s) - t0)) s"
	# The floor's input: all N plaintexts in one file, encrypted and
	# signed once, as the cache is; the plaintext does not stay on disk.
	gpg --batch --quiet --yes --throw-keyids -e -s -r "$FPR" \
		-o "$BENCH/all.yaml.gpg" "$BENCH/all.yaml" || exit 2
	rm -f "$BENCH/all.yaml"
	# The first SAMPLE records: as they are (gpg one by one) and as a
	# pass store (one entry per record).
	mkdir -p "$BENCH/sample" "$BENCH/pass"
	echo "$FPR" > "$BENCH/pass/.gpg-id"
	records "$STORE" | head -n "$SAMPLE" |
	while read -r f; do
		ln "$STORE/$f" "$BENCH/sample/$f"
		cp "$STORE/$f" "$BENCH/pass/${f%.yaml.gpg}.gpg"
	done
	if [ "$N" -le 1000 ]; then
		ilog-verify -d "$STORE" || { echo "bench: ilog-verify refused" \
			"the generated store" >&2; exit 2; }
	fi
	echo "$N" > "$BENCH/ok"
}

# import: a chat of IMPORT_N messages into a fresh store, against as many
# gpg -s -e runs (one per record, as ilog's are) split over the same
# number of workers. Its own GnuPG home and store, in the scratch folder.
bench_import() {
	IG=$SCR/ig W=$(ILOG_JOBS= nproc)
	[ "$W" -gt 16 ] && W=16
	mkdir -m 700 "$IG"
	GNUPGHOME=$IG gpg --batch --quiet --passphrase '' --quick-gen-key \
		'Bench <bench@example.org>' ed25519 sign never 2>/dev/null
	IFPR=$(GNUPGHOME=$IG gpg --with-colons --list-keys bench@example.org |
		awk -F: '/^fpr/ { print $10; exit }')
	GNUPGHOME=$IG gpg --batch --quiet --passphrase '' --quick-add-key \
		"$IFPR" cv25519 encr never 2>/dev/null
	awk -v n="$IMPORT_N" 'BEGIN { srand(1)
		split("you me know where live car saw again tonight outside " \
		    "watching answer phone why ignore please stop", w, " ")
		for (i = 0; i < n; i++) {
			s = sprintf("%02d/%02d/2026, %02d:%02d", 1 + int(i / 200) % 28,
			    1 + int(i / 5600) % 12, int(i / 10) % 24, (i * 7) % 60)
			m = ""; k = 3 + int(rand() * 28)
			for (j = 0; j < k; j++) m = m " " w[1 + int(rand() * 17)]
			printf "%s - Mark:%s\n", s, m
		} }' > "$SCR/WhatsApp Chat with Mark.txt"
	mkdir "$SCR/plain"
	i=0
	while [ "$i" -lt "$IMPORT_N" ]; do	# as big as the records
		printf 'id: 20260101T000000Z-abcd\nrecorded: 2026-01-01T00:00:00Z\nprev: %064d\noccurred: 2026-01-01T00:00:00+00:00\nsummary: "WhatsApp message from Mark: you me know where live car"\nbehaviour: [contact]\nchannel: text\ndetails: "you me know where live car saw again tonight outside watching"\nsource:\n  format: whatsapp\n  file: evidence/20260101T000000Z-abcd-1.txt.gpg\n  position: line %d\n  sender: Mark\n  key: "%064d"\n' 0 "$i" "$i" > "$SCR/plain/$i"
		i=$((i + 1))
	done
	ISTORE=$SCR/istore
	measure 3 "rm -rf '$ISTORE'; GNUPGHOME='$IG' ILOG_DIR='$ISTORE' ilog-init $IFPR" \
		"GNUPGHOME='$IG' ILOG_DIR='$ISTORE' ilog-import '$SCR/WhatsApp Chat with Mark.txt'"
	IMP=$T IMP_K=$K
	measure 3 "rm -f '$SCR'/plain/*.gpg" "cd '$SCR/plain' && ls | GNUPGHOME='$IG' xargs -P $W -I{} gpg -q --batch --yes --throw-keyids --trust-model always -s -e -r $IFPR -o {}.gpg {}"
	GPGS=$T GPGS_K=$K
	/usr/bin/time -f '%e s %M KB' -o "$SCR/irss" sh -c "rm -rf '$ISTORE'; GNUPGHOME='$IG' ILOG_DIR='$ISTORE' ilog-init $IFPR >/dev/null 2>&1; GNUPGHOME='$IG' ILOG_DIR='$ISTORE' ilog-import '$SCR/WhatsApp Chat with Mark.txt' >/dev/null"
	K=$IMP_K; echo "import ilog-import of a $IMPORT_N-message chat: $IMP s ($(runs)); gpg -s -e of $IMPORT_N files over $W workers: $GPGS s; import / gpg = $(ratio "$IMP" "$GPGS") (aim <= 1.2); one run: $(cat "$SCR/irss"); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [ "$PART" = import ]; then
	:
elif [ "$(cat "$BENCH/ok" 2>/dev/null)" != "$N" ] || [ -z "$(fpr)" ]; then
	generate
fi
NFILES=$(records "$STORE" | wc -l | tr -d ' ')
NSAMPLE=$(records "$BENCH/sample" | wc -l | tr -d ' ')

# measure RUNS PREP CMD: the median wall time of CMD over RUNS runs (fewer
# when they would take more than BUDGET seconds), PREP run untimed before
# each. Sets T (seconds) and K (runs done).
measure() {
	runs=$1 prep=$2 cmd=$3
	: > "$SCR/times"
	K=0 spent=0
	while [ "$K" -lt "$runs" ]; do
		sh -c "$prep" >/dev/null 2>&1
		t0=$(date +%s.%N)
		sh -c "$cmd" >/dev/null 2>"$SCR/err"
		rc=$?
		t1=$(date +%s.%N)
		if [ "$rc" -gt 1 ]; then
			echo "# warning: exit $rc from: $cmd" >&2
			head -n 3 "$SCR/err" | sed 's/^/#   /' >&2
		fi
		K=$((K + 1))
		echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }' >> "$SCR/times"
		spent=$(awk -v s="$spent" -v t="$(tail -n 1 "$SCR/times")" \
			'BEGIN { print s + t }')
		awk -v s="$spent" -v b="$BUDGET" -v k="$K" 'BEGIN {
			exit !(s / k * (k + 1) > b) }' && break
	done
	T=$(sort -n "$SCR/times" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f", m }')
}

runs() { [ "$K" -eq 1 ] && echo "1 run" || echo "median of $K"; }
ratio() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" \
	'BEGIN { printf f, (b > 0 ? a / b : 0) }'; }
scaled() { awk -v t="$1" 'BEGIN { printf "%.3f", t * '"$N"' / '"$NSAMPLE"' }'; }

if [ "$PART" = import ]; then
	for p in ilog-import ilog-init; do
		[ -x "$TOP/bin/$p" ] || { echo "bench: bin/$p missing; run make" >&2
			exit 2; }
	done
	bench_import
	exit 0
fi

PIPE="ilog-ls | ilog-pick -t car | $MD"
NOCACHE="rm -rf '$XDG_CACHE_HOME'"

echo "ilog bench: N=$N records ($NFILES files), nproc=$(nproc)," \
	"gpg $(gpg --version | awk 'NR == 1 { print $3 }')," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)$MDNOTE"
# Start the agent and page everything in before timing anything.
gpg -q -d "$BENCH/all.yaml.gpg" >/dev/null 2>&1
# (printf is built in: 100,000 names are more than one exec's arguments)
printf '%s\0' "$STORE"/*.yaml.gpg | xargs -0 cat > /dev/null 2>&1

# Cold first: each run starts with no cache; the last one leaves it filled.
if [ "$PART" = all ]; then
	measure 3 "$NOCACHE" "ilog-ls"
	COLD_LS=$T COLD_LS_K=$K
	measure 3 "$NOCACHE" "$PIPE"
	COLD=$T COLD_K=$K
	measure 3 "" "cd '$BENCH/sample' && for f in *.yaml.gpg; do gpg -q -d \"\$f\"; done"
	SERIAL=$T SERIAL_K=$K
	SERIAL_N=$(scaled "$SERIAL")
fi

# Warm: the cache is filled by the runs above; make sure of it.
ilog-ls > "$SCR/all-paths" 2>/dev/null
measure 5 "" "$PIPE"
WARM=$T WARM_K=$K
measure 5 "" "ilog-ls"
WARM_LS=$T WARM_LS_K=$K
measure 5 "" "gpg -q -d '$BENCH/all.yaml.gpg' >/dev/null 2>&1; cd '$STORE' && printf '%s\\0' *.yaml.gpg | xargs -0 sha256sum --"
FLOOR=$T FLOOR_K=$K
measure 3 "" "PASSWORD_STORE_DIR='$BENCH/pass' pass grep car"
PASS=$T PASS_K=$K
PASS_N=$(scaled "$PASS")

/usr/bin/time -f %M -o "$SCR/rss" $MD < "$SCR/all-paths" > /dev/null \
	2>"$SCR/err" || { echo "# warning: $MD failed:" >&2
	head -n 3 "$SCR/err" >&2; }
RSS=$(awk '{ m = $1 } END { printf "%.1f", m / 1024 }' "$SCR/rss")

# At another size, the warm pipeline at 10,000 in the same run (its store
# kept by make bench N=10000): how the cost grows.
REF=10000 REFB=/tmp/ilog-bench-10000 REFLINE=
if [ "$N" != "$REF" ] && [ "$(cat "$REFB/ok" 2>/dev/null)" = "$REF" ]; then
	RENV="GNUPGHOME='$REFB/g' ILOG_DIR='$REFB/store' XDG_CACHE_HOME='$REFB/cache'"
	sh -c "$RENV ilog-ls" >/dev/null 2>&1	# fills its cache
	measure 5 "" "$RENV; export GNUPGHOME ILOG_DIR XDG_CACHE_HOME; $PIPE"
	REFLINE="warm   the same at $REF: $T s ($(runs)); time($N) / time($REF) = $(ratio "$WARM" "$T") (aim <= $(awk -v n="$N" -v r="$REF" 'BEGIN { printf "%.1f", n / r * 1.1 }'))"
fi

echo
K=$WARM_K; echo "warm   $PIPE: $WARM s ($(runs))"
K=$FLOOR_K; echo "floor  gpg -d of one file holding all $N records + sha256sum of $NFILES files: $FLOOR s ($(runs))"
echo "warm / floor = $(ratio "$WARM" "$FLOOR") (target <= 2, aim 1)"
K=$WARM_LS_K; echo "warm   ilog-ls alone: $WARM_LS s ($(runs)); warm ilog-ls / floor = $(ratio "$WARM_LS" "$FLOOR")"
K=$PASS_K; echo "peer   pass grep car over $NSAMPLE entries: $PASS s ($(runs)); scaled to $N: $PASS_N s"
echo "pass grep (scaled) / warm = $(ratio "$PASS_N" "$WARM" %.0f) (target >= 200)"
if [ "$PART" = all ]; then
	K=$COLD_K; echo "cold   $PIPE, no cache: $COLD s ($(runs))"
	K=$COLD_LS_K; echo "cold   ilog-ls alone, no cache: $COLD_LS s ($(runs))"
	K=$SERIAL_K; echo "serial gpg -q -d one file at a time, $NSAMPLE files: $SERIAL s ($(runs)); scaled to $N: $SERIAL_N s"
	echo "serial one-by-one / cold = $(ratio "$SERIAL_N" "$COLD") (target >= 1.6 on $(nproc) cores)"
	echo "serial one-by-one / cold ilog-ls alone = $(ratio "$SERIAL_N" "$COLD_LS")"
fi
echo "$MD peak RSS = $RSS MB over $N records (aim 64 at 10,000, 400 at 100,000)"
[ -n "$REFLINE" ] && echo "$REFLINE"
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$PART" = all ]; then bench_import; fi
