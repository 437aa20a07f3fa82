#!/bin/sh
# ilog-md --redact and --profile: the values of the fields named, read from
# the store, appear nowhere in the report, in Markdown, HTML, DOCX or PDF
# (and are there in the full report, so the search could find them); the
# report says which fields were left out; the verification appendix lists
# the same digests as the full report; a profile is read from
# $XDG_CONFIG_HOME/ilog/profiles; an unknown field is refused, naming the
# field it is likely a slip for.
. "$(dirname "$0")/lib.sh"

setup_store
ilog-add < "$TOP/tests/sample.yaml" > /dev/null
ilog-case < "$TOP/tests/sample-case.yaml" > /dev/null
# a witness's number written into another incident's text too
ilog-add -w '2026-11-20 18:00' -s 'Sarah saw him again' -b watching \
	-l 'Corner of Elm Street and Mill Lane' \
	--impact 'Sarah (07700 900412) rang to warn me.' > /dev/null
# she moved: an amendment changes a location (the report shows both)
cat > "$TMP/editor" <<'EOF'
#!/bin/sh
for f; do :; done
sed -i 's/^location: .*/location: Mill Lane, outside my new flat/' "$f"
EOF
chmod +x "$TMP/editor"
EDITOR=$TMP/editor ilog-edit -m moved \
	"$(ilog-ls | ilog-pick -g 'sat in his car opposite')" > /dev/null 2>&1
FIELDS=location,witnesses.contact,details,victim

# The redacted values, from the store: every record's location, details
# and witnesses' contacts, as written or set by an amendment, and the
# case's victim fields.
ilog-ls -a | ilog-json --raw > "$TMP/all.json"
ilog-case > "$TMP/case.yaml"
pyyaml - "$TMP/all.json" "$TMP/case.yaml" > "$TMP/values" <<'EOF' ||
import json, sys, yaml
out = set()
for line in open(sys.argv[1], encoding='utf-8'):
    rec = json.loads(line)
    for inc in (rec, rec.get('set', {})):
      for k in ('location', 'details'):
        if k in inc:
            out.add(inc[k])
      for w in inc.get('witnesses', []):
        if 'contact' in w:
            out.add(w['contact'])
case = yaml.safe_load(open(sys.argv[2], encoding='utf-8'))
for v in case['victim'].values():
    out.add(v)
# one line each: a value's lines flow together in every format
for v in sorted(out):
    print(' '.join(v.split()))
EOF
	echo "Bail out! the values could not be read from the store"
nvalues=$(wc -l < "$TMP/values")
ok "values to redact read from the store ($nvalues)" [ "$nvalues" -gt 20 ]
ok "the victim's name is one of them" grep -qx 'Claire Bennett' "$TMP/values"
ok "the location before and after the amendment are" sh -c '
	grep -qx "Mill Lane, outside my new flat" "$1" &&
	grep -qx "Elm Street, parked opposite my house" "$1"' sh "$TMP/values"

ilog-ls | ilog-md --statement > "$TMP/full.md"
ilog-ls | ilog-md --statement -R "$FIELDS" > "$TMP/red.md" 2> "$TMP/err"
ok "exit 0 with --redact" [ $? -eq 0 ]
is "nothing on stderr" "$(cat "$TMP/err")" ""

# text of a format, every run of blanks one space: the Markdown with its
# escapes undone (a backslash before punctuation)
flat() { tr -s ' \t\n\r' '    ' < "$1"; }
md_flat() { sed 's/\\\([[:punct:]]\)/\1/g' "$1" | tr -s ' \t\n\r' '    '; }

# found FILE: the values that are in FILE (already flat)
found() {
	while IFS= read -r v; do
		grep -qF -- "$v" "$1" && printf '%s\n' "$v"
	done < "$TMP/values"
}

# check FORMAT FULL REDACTED: every value is in the full report and none
# is in the redacted one
check() {
	is "$1: every value is in the full report" \
		"$(found "$2" | wc -l | tr -d ' ')" "$nvalues"
	is "$1: none is in the redacted report" "$(found "$3")" ""
}

md_flat "$TMP/full.md" > "$TMP/full.md.txt"
md_flat "$TMP/red.md" > "$TMP/red.md.txt"
check markdown "$TMP/full.md.txt" "$TMP/red.md.txt"
ok "markdown: the report says which fields were redacted" \
	grep -q '^\*\*Redacted in this copy:\*\* location, witnesses.contact, details, victim\. ' \
	"$TMP/red.md"
ok "markdown: no such line in the full report" \
	sh -c '! grep -q "Redacted in this copy" "$1"' sh "$TMP/full.md"
ok "markdown: redacted values read [redacted]" \
	grep -q '^- \*\*Location:\*\* \\\[redacted\\\]$' "$TMP/red.md"
ok "markdown: the witness's number taken out of other text too" \
	grep -q '^- \*\*Impact:\*\* Sarah (\\\[redacted\\\]) rang to warn me\.$' \
	"$TMP/red.md"
ok "markdown: the amendment's change is redacted, and what it replaced" \
	sh -c 'grep -q "^      - \*\*Location:\*\* \\\\\[redacted\\\\\]\$" "$1" &&
	grep -q "^    - \*\*Before this change:\*\*\$" "$1"' sh "$TMP/red.md"
ok "markdown: redacted locations are not one place that recurs" \
	grep -q '^The locations are redacted in this copy\.$' "$TMP/red.md"
ok "markdown: the statement's name is redacted" \
	grep -q '^Name: \\\[redacted\\\]$' "$TMP/red.md"

# the verification appendix: the same records, the same digests
digests() { grep -o '^| [^|]* | `[0-9T]*Z-[a-z0-9]*` | `[0-9a-f ]*` |' "$1"; }
n=$(digests "$TMP/red.md" | wc -l | tr -d ' ')
ok "the redacted report lists the digests ($n)" [ "$n" -ge 15 ]
is "the same digests as the full report" "$(digests "$TMP/red.md")" \
	"$(digests "$TMP/full.md")"
seal() { grep -A1 -x '```seal' "$1"; }
ok "the seal, in its box" [ "$(seal "$TMP/red.md" | wc -l)" -eq 2 ]
is "the same seal" "$(seal "$TMP/red.md")" "$(seal "$TMP/full.md")"
ok "the full report names the key that signed, as the key names itself" \
	grep -q '^- Key 1: `[0-9A-F]*`, named ' "$TMP/full.md"
ok "a redacted one gives only its fingerprint (the name is often the victim's)" \
	sh -c "grep -q '^- Key 1: \`[0-9A-F]*\`, one of the log' '$TMP/red.md' &&
	       ! grep -q '^- Key [0-9]*: .*, named ' '$TMP/red.md'"

# --profile: a named list, from a temporary XDG_CONFIG_HOME
export XDG_CONFIG_HOME="$TMP/config"
mkdir -p "$XDG_CONFIG_HOME/ilog"
cat > "$XDG_CONFIG_HOME/ilog/profiles" <<'EOF'
# who gets which copy
police: victim.contact
solicitor: location, witnesses.contact   # where she lives now
solicitor: details,
  solicitor  :  victim
EOF
ilog-ls | ilog-md --statement --profile solicitor > "$TMP/prof.md" 2> "$TMP/err"
ok "--profile: exit 0" [ $? -eq 0 ]
is "--profile: the same report as --redact" \
	"$(grep -v '^- Report made' "$TMP/prof.md")" \
	"$(grep -v '^- Report made' "$TMP/red.md")"
ilog-ls | ilog-md --profile police > "$TMP/police.md"
ok "--profile police: the contact is out" \
	sh -c '! grep -q "07700 900456" "$1"' sh "$TMP/police.md"
ok "--profile police: the location stays" grep -q 'Elm Street' "$TMP/police.md"

out=$(ilog-ls | ilog-md --profile court -o "$TMP/court.md" 2>&1)
ok "a profile not in the file: exit 2" [ $? -eq 2 ]
is "a profile not in the file: one line naming it" "$out" \
	"ilog-md: --profile: profile 'court' is not in $XDG_CONFIG_HOME/ilog/profiles"
ok "a profile not in the file: nothing written" [ ! -e "$TMP/court.md" ]
out=$(XDG_CONFIG_HOME=$TMP/none ilog-md --profile police -o "$TMP/court.md" \
	< /dev/null 2>&1)
ok "no profiles file: exit 2" [ $? -eq 2 ]
is "no profiles file: one line naming it" "$out" \
	"ilog-md: --profile: profile 'police': $TMP/none/ilog/profiles: No such file or directory"
ok "no profiles file: nothing written" [ ! -e "$TMP/court.md" ]
printf 'police: victim.contakt\n' > "$XDG_CONFIG_HOME/ilog/profiles"
out=$(ilog-md --profile police < /dev/null 2>&1)
is "a profile with an unknown field: its line named" "$out" \
	"ilog-md: --profile: $XDG_CONFIG_HOME/ilog/profiles:1: 'victim.contakt' is not a field of ilog(5); did you mean victim.contact?"
unset XDG_CONFIG_HOME

# names refused, with what was meant
out=$(ilog-md -R location,witness.contact < /dev/null 2>&1)
ok "an unknown field: exit 2" [ $? -eq 2 ]
is "an unknown field: one line, with did-you-mean" "$out" \
	"ilog-md: --redact: 'witness.contact' is not a field of ilog(5); did you mean witnesses.contact?"
out=$(ilog-md -R , < /dev/null 2>&1)
ok "no field given: exit 2" [ $? -eq 2 ]
is "no field given: said so" "$out" \
	"ilog-md: --redact: no field given (the fields of ilog(5), such as location,witnesses.contact)"
out=$(ilog-md -R id -o "$TMP/id.md" < /dev/null 2>&1)
is "the ID cannot be redacted" "$out" \
	"ilog-md: --redact: 'id' cannot be redacted: the report is ordered and checked by it"
ok "nothing written" [ ! -e "$TMP/id.md" ]
for f in suspect.addresses background.relationship orders.terms police.officer \
    vehicle.plate evidence.note witnesses suspect.name; do
	ok "ilog(5) field $f is accepted" sh -c 'ilog-md -R "$1" < /dev/null > /dev/null' sh "$f"
done

# An import's summary is made from the message: redacting details hides
# it. An exhibit's name goes with evidence.name, and the stored file's
# name (which keeps its extension) with it; the exhibits, the export and
# the photo, are still two, known by their SHA-256.
S2=$TMP/store2
ilog-init -d "$S2" "$FPR" > /dev/null 2>&1
cat > "$TMP/sms-20261201100000.xml" <<'EOF'
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2">
  <sms address="+447700900123" date="1764540000000" type="1" body="Meet me at the old boathouse tonight" readable_date="30 Nov 2026 22:00:00" contact_name="Mark" />
  <sms address="+447700900123" date="1764540060000" type="1" body="I have your new address now" readable_date="30 Nov 2026 22:01:00" contact_name="Mark" />
</smses>
EOF
ilog-import -d "$S2" "$TMP/sms-20261201100000.xml" > /dev/null 2>&1
printf 'a photo\n' > "$TMP/keys_to_the_new_flat.jpg"
ilog-attach -d "$S2" "$(ilog-ls -d "$S2" | head -n 1)" \
	"$TMP/keys_to_the_new_flat.jpg" > /dev/null 2>&1
ilog-ls -d "$S2" | ilog-md -d "$S2" > "$TMP/s2.md"
ok "an import: the full report has the message in its summary" \
	grep -q 'Meet me at the old boathouse' "$TMP/s2.md"
ok "an exhibit: the full report has its name" \
	grep -q 'keys\\\?_to\\\?_the\\\?_new\\\?_flat' "$TMP/s2.md"
ilog-ls -d "$S2" | ilog-md -d "$S2" -R details,evidence.name > "$TMP/s2r.md"
is "an import, details redacted: no word of the messages" \
	"$(grep -c 'boathouse\|new address now' "$TMP/s2r.md")" 0
is "evidence.name redacted: no word of the file's name" \
	"$(grep -v "one of the log's keys" "$TMP/s2r.md" | grep -c 'keys\|new.\{0,2\}flat')" 0
ok "evidence.name redacted: the exhibits are still labelled and listed" \
	sh -c 'grep -q "^| EX/1 | \\\\\[redacted\\\\\] | " "$1" &&
	grep -q "^| EX/2 | \\\\\[redacted\\\\\] | " "$1"' sh "$TMP/s2r.md"
ok "evidence.name redacted: the incident still names its exhibit" \
	grep -q '^- \*\*Exhibits:\*\* EX/1, EX/2$' "$TMP/s2r.md"

# The same in HTML, DOCX and PDF, through pandoc and weasyprint.
if ! command -v pandoc > /dev/null 2>&1; then
	echo "ok $((ntest += 1)) # SKIP pandoc is not installed: no HTML, DOCX or PDF"
	done_testing
	exit
fi
render() {	# render EXT: full.EXT and red.EXT
	ilog-ls | ilog-md --statement -o "$TMP/full.$1" &&
	ilog-ls | ilog-md --statement -R "$FIELDS" -o "$TMP/red.$1"
}
ok "HTML made" render html
python3 -c 'import html, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style.*?</style>", " ", t, flags=re.S)
print(html.unescape(re.sub(r"<[^>]*>", " ", t)))' "$TMP/full.html" > "$TMP/f"
flat "$TMP/f" > "$TMP/full.html.txt"
python3 -c 'import html, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = re.sub(r"<style.*?</style>", " ", t, flags=re.S)
print(html.unescape(re.sub(r"<[^>]*>", " ", t)))' "$TMP/red.html" > "$TMP/f"
flat "$TMP/f" > "$TMP/red.html.txt"
check html "$TMP/full.html.txt" "$TMP/red.html.txt"
ok "html: the redacted line" grep -q 'Redacted in this copy: location' \
	"$TMP/red.html.txt"
# nor in the markup: attributes, ids, the title
python3 -c 'import html, sys
print(html.unescape(open(sys.argv[1], encoding="utf-8").read()))' \
	"$TMP/red.html" > "$TMP/f"
flat "$TMP/f" > "$TMP/red.html.all"
is "html: none in the markup either" "$(found "$TMP/red.html.all")" ""

ok "DOCX made" render docx
docx_text() {	# the document's text, a space between runs
	unzip -p "$1" word/document.xml | python3 -c 'import html, re, sys
t = sys.stdin.read()
t = re.sub(r"</w:p>", "\n", t)
print(html.unescape(re.sub(r"<[^>]*>", "", t)))'
}
docx_text "$TMP/full.docx" > "$TMP/f"; flat "$TMP/f" > "$TMP/full.docx.txt"
docx_text "$TMP/red.docx" > "$TMP/f"; flat "$TMP/f" > "$TMP/red.docx.txt"
check docx "$TMP/full.docx.txt" "$TMP/red.docx.txt"
ok "docx: the redacted line" grep -q 'Redacted in this copy: location' \
	"$TMP/red.docx.txt"
# nothing of the values anywhere in the package either (core.xml, styles)
ok "docx: no value in any part of the package" sh -c '
	mkdir "$1/x" && cd "$1/x" && unzip -q ../red.docx &&
	find . -type f -exec cat {} + | tr -s " \t\n\r" "    " > ../red.docx.all &&
	while IFS= read -r v; do
		! grep -qF -- "$v" ../red.docx.all || exit 1
	done < ../values' sh "$TMP"

if ! command -v weasyprint > /dev/null 2>&1 ||
    ! command -v pdftotext > /dev/null 2>&1; then
	echo "ok $((ntest += 1)) # SKIP weasyprint or pdftotext is not installed: no PDF"
	done_testing
	exit
fi
ok "PDF made" render pdf
# the PDF's text without its page breaks and page footers, lines joined
pdf_text() {
	pdftotext -nopgbrk "$1" - | grep -v 'page [0-9]* of [0-9]*$' | grep -v '^[0-9]*$'
}
pdf_text "$TMP/full.pdf" > "$TMP/f"; flat "$TMP/f" > "$TMP/full.pdf.txt"
pdf_text "$TMP/red.pdf" > "$TMP/f"; flat "$TMP/f" > "$TMP/red.pdf.txt"
# a long text may break across a page or a table cell: what the full
# PDF shows whole is what the redacted one must not
found "$TMP/full.pdf.txt" > "$TMP/pdf.values"
n=$(wc -l < "$TMP/pdf.values")
ok "pdf: most values found whole in the full report ($n of $nvalues)" \
	[ "$n" -ge $((nvalues * 2 / 3)) ]
is "pdf: none in the redacted report" "$(found "$TMP/red.pdf.txt")" ""
# and the words of each value, in fours, where the full report has them
words4() {
	while IFS= read -r v; do
		printf '%s\n' "$v" | awk '{ for (i = 1; i + 3 <= NF; i += 4)
			print $i " " $(i+1) " " $(i+2) " " $(i+3) }'
	done < "$TMP/values" | sort -u
}
words4 | while IFS= read -r w; do
	grep -qF -- "$w" "$TMP/full.pdf.txt" && printf '%s\n' "$w"
done > "$TMP/pdf.words"
n=$(wc -l < "$TMP/pdf.words")
ok "pdf: runs of four words of the values in the full report ($n)" [ "$n" -gt 50 ]
# (unless other text the redacted Markdown shows has them too: a parka
# with the hood in the details and in what he wore)
is "pdf: none of them in the redacted report" "$(while IFS= read -r w; do
	grep -qF -- "$w" "$TMP/red.pdf.txt" &&
	! grep -qF -- "$w" "$TMP/red.md.txt" && printf '%s\n' "$w"
	done < "$TMP/pdf.words")" ""
ok "pdf: the redacted line" grep -q 'Redacted in this copy: location' \
	"$TMP/red.pdf.txt"
ok "pdf: the digests" sh -c 'for d in $(grep -o "digest \`[0-9a-f]*" "$1" |
	cut -c 9-16); do grep -q "$d" "$2" || exit 1; done' sh "$TMP/full.md" \
	"$TMP/red.pdf.txt"

done_testing
