#!/bin/sh
# ilog-md -o FILE.pdf|html|docx: A4, print-ready, made in one step through
# pandoc and weasyprint, with nothing left behind but the file asked for.
. "$(dirname "$0")/lib.sh"

have() { command -v "$1" >/dev/null 2>&1; }
skip() { ntest=$((ntest + 1)); echo "ok $ntest - $1 # SKIP $2"; }

setup_store
ilog-add < "$TOP/tests/sample.yaml" > /dev/null
# enough incidents that the timeline runs over a page
for d in $(seq 1 28); do
	printf -- '---\noccurred: 2026-09-%02d 08:10\nsummary: Message %d\nbehaviour: [contact]\n' \
		"$d" "$d"
done | ilog-add > /dev/null
printf 'not really a photo\n' > "$TMP/tyres.jpg"
DAMAGE=$(ilog-ls | ilog-pick -b property-damage)
ilog-attach -n 'photo of the tyres' "$DAMAGE" "$TMP/tyres.jpg" > /dev/null
SUM=$(sha256sum "$TMP/tyres.jpg" | cut -c1-64)
OUT=$TMP/out
mkdir "$OUT"
export HOME=$TMP/home TMPDIR=$TMP/tmp
mkdir "$HOME" "$TMPDIR"

# --- a missing program: one line that names the package, exit 2 ---
mkdir "$TMP/only"
PATH=$TOP/bin ilog-md -o "$OUT/r.docx" < /dev/null > /dev/null 2> "$TMP/err"
is "without pandoc: exit 2" "$?" 2
is "one line naming the Debian package" "$(cat "$TMP/err")" \
	"ilog-md: $OUT/r.docx: needs pandoc, which is not installed (Debian: apt install pandoc)"
if have pandoc; then
	ln -s "$(command -v pandoc)" "$TMP/only/pandoc"
	PATH=$TOP/bin:$TMP/only ilog-md -o "$OUT/r.pdf" < /dev/null \
		> /dev/null 2> "$TMP/err"
	is "without weasyprint, a PDF: exit 2" "$?" 2
	is "one line naming weasyprint" "$(cat "$TMP/err")" \
		"ilog-md: $OUT/r.pdf: needs weasyprint, which is not installed (Debian: apt install weasyprint)"
else
	skip "without weasyprint, a PDF: exit 2" "pandoc missing"
fi
is "nothing written" "$(ls "$OUT")" ""
ilog-md -o "$OUT/r.txt" < /dev/null 2> "$TMP/err"
is "a name that is not a format: exit 2" "$?" 2
ok "it says which names work" grep -q 'FILE.md, FILE.html, FILE.pdf or FILE.docx' "$TMP/err"

# --- plain ilog-md is still Markdown on stdout; -o FILE.md writes it ---
ilog-ls | ilog-md -T 'Incidents: Mark Ellison' > "$TMP/r.md"
ilog-ls | ilog-md -T 'Incidents: Mark Ellison' -o "$OUT/r.md"
ok "-o FILE.md is what stdout gets, but for the time it was made" sh -c \
	"diff '$TMP/r.md' '$OUT/r.md' | grep -v 'Report made' | grep -q '^[<>]' && exit 1 || exit 0"
is "mode 0600" "$(stat -c %a "$OUT/r.md")" 600

if ! have pandoc || ! have weasyprint || ! have pdfinfo || ! have unzip; then
	skip "PDF, HTML and DOCX" "pandoc, weasyprint, poppler-utils or unzip missing"
	done_testing
	exit
fi

# --- PDF ---
ilog-ls > "$TMP/list"
if have strace; then
	# (LeakSanitizer cannot run under ptrace)
	ASAN_OPTIONS=detect_leaks=0 strace -f -o "$TMP/st" \
		-e trace=openat,creat,mkdir,rename,link \
		ilog-md -T 'Incidents: Mark Ellison' -o "$OUT/r.pdf" < "$TMP/list"
else
	ilog-md -T 'Incidents: Mark Ellison' -o "$OUT/r.pdf" < "$TMP/list"
fi
is "ilog-md -o r.pdf: exit 0" "$?" 0
is "mode 0600" "$(stat -c %a "$OUT/r.pdf")" 600
pdfinfo "$OUT/r.pdf" > "$TMP/info"
ok "A4" grep -q '^Page size: *595.* x 841.* pts (A4)' "$TMP/info"
PAGES=$(awk '/^Pages:/ { print $2 }' "$TMP/info")
ok "more than one page ($PAGES)" test "$PAGES" -gt 1
pdftotext -layout "$OUT/r.pdf" "$TMP/r.txt"
ok "the timeline is in it" grep -q 'Timeline' "$TMP/r.txt"
ok "with a police reference whole in its cell" grep -q 'NC-17102026-0128' "$TMP/r.txt"
seal=$(ilog-seal | awk '{ print $NF }')
ok "the seal" grep -qF "$seal" "$TMP/r.txt"
ok "the evidence's SHA-256, whole on one line" grep -qF "$SUM" "$TMP/r.txt"
ok "page N of M, with the title" \
	grep -q "Incidents: Mark Ellison .*page $PAGES of $PAGES" "$TMP/r.txt"
headed=0
for p in $(seq 1 "$PAGES"); do
	pdftotext -f "$p" -l "$p" "$OUT/r.pdf" "$TMP/p.txt"
	grep -q '^Police reference$' "$TMP/p.txt" && headed=$((headed + 1))
done
ok "the timeline's header repeats on the next page ($headed pages)" \
	test "$headed" -ge 2
if have strace; then
	priv=$(grep -o 'mkdir("/dev/shm/ilog\.[A-Za-z0-9]*"' "$TMP/st" |
		head -n 1 | sed 's/mkdir("//; s/"$//')
	ok "made in a private directory in memory" test -n "$priv"
	ok "which is gone after" test ! -e "$priv"
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|mkdir\(|rename\(|link\(' "$TMP/st" |
		grep -v ' = -1 ' | grep -oE '^[0-9]+ +[a-z]+\([A-Z_]*,? *"[^"]*"' |
		sed 's/.*"\(.*\)"/\1/' | sort -u |
		grep -vE "^($priv/|$priv\$|$OUT/r\.pdf|/dev/null\$|/proc/self/|/dev/shm/faketime_shm_|/dev/shm/sem\.faketime_sem_|$GNUPGHOME/|$XDG_CACHE_HOME/ilog/|$HOME/\.cache/|/var/cache/fontconfig/|report\.(md|html|pdf)\$)" \
		> "$TMP/written"	# (the log's own encrypted cache, gpg, fontconfig)
	is "nothing written anywhere else" "$(cat "$TMP/written")" ""
else
	skip "made in a private directory in memory" "strace missing"
fi
is "nothing left in TMPDIR or beside the file" "$(ls -A "$TMPDIR"; ls "$OUT")" \
	"r.md
r.pdf"

# --- killed while weasyprint runs: the directory goes, no file is made ---
ilog-md -o "$OUT/k.pdf" < "$TMP/list" 2> /dev/null &
pid=$!
child= cwd= i=0
while [ $i -lt 300 ] && [ -z "$cwd" ]; do
	for c in $(pgrep -P "$pid"); do
		case $(cat "/proc/$c/comm" 2>/dev/null) in
		weasyprint|python*) child=$c ;;
		esac
	done
	[ -n "$child" ] && cwd=$(readlink "/proc/$child/cwd")
	sleep 0.05; i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
is "killed: it dies of the signal" "$?" 143
ok "the private directory was in memory" sh -c "case '$cwd' in /dev/shm/ilog.*) ;; *) exit 1;; esac"
ok "and is gone" test ! -e "$cwd"
is "no file, no temp file" "$(ls "$OUT" | grep k.pdf)" ""

# --- HTML ---
ilog-md -T 'Incidents: Mark Ellison' -o "$OUT/r.html" < "$TMP/list"
is "ilog-md -o r.html: exit 0" "$?" 0
ok "one file, the stylesheet inside" grep -q '@page' "$OUT/r.html"
ok "table headers in <thead>" grep -q '<thead>' "$OUT/r.html"
ok "columns with widths" grep -q '<col style="width: [0-9]*%"' "$OUT/r.html"
is "no link, script or image, but the links to the numbered incidents" \
	"$(tr '\n' ' ' < "$OUT/r.html" | grep -oE '<(a|script|img|link)[ >][^>]*>' |
	grep -vcxE '<a href="#[0-9]+-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}">')" 0

# --- DOCX ---
ilog-md -T 'Incidents: Mark Ellison' -o "$OUT/r.docx" < "$TMP/list"
is "ilog-md -o r.docx: exit 0" "$?" 0
unzip -p "$OUT/r.docx" word/document.xml > "$TMP/doc.xml"
ok "A4" grep -q '<w:pgSz w:h="16838" w:w="11906" */>' "$TMP/doc.xml"
ok "page N of M in the footer" sh -c \
	"unzip -p '$OUT/r.docx' word/footer1.xml | grep -q NUMPAGES"
# the timeline's columns: No., Date, Time, Written, Behaviour, Location,
# Summary, Police
grep -o '<w:tblGrid>\(<w:gridCol w:w="[0-9]*" */>\)\{8\}</w:tblGrid>' \
	"$TMP/doc.xml" | head -n 1 | grep -o '[0-9][0-9]*' > "$TMP/cols"
is "the timeline has eight columns" "$(wc -l < "$TMP/cols" | tr -d ' ')" 8
ok "of different widths" test "$(sort -u "$TMP/cols" | wc -l)" -gt 3
total=$(awk '{ t += $1 } END { print t }' "$TMP/cols")
date=$(sed -n 2p "$TMP/cols") police=$(sed -n 8p "$TMP/cols")
ok "the date column holds a date (at least 11%)" test $((date * 100 / total)) -ge 11
ok "the police reference column holds a reference (at least 15%)" \
	test $((police * 100 / total)) -ge 15
ok "header rows repeat on each page" grep -q '<w:tblHeader' "$TMP/doc.xml"
done_testing
