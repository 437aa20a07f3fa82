#!/bin/sh
# ilog-json: each incident as ilog-show shows it, as one line of JSON that
# jq and Python read, whatever bytes the user typed; forgeries left out
. "$(dirname "$0")/lib.sh"

setup_store
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"
command -v jq >/dev/null || echo "Bail out! jq is needed"
ilog-add -w '2026-11-10 12:00' -s 'to be withdrawn' -b contact >/dev/null

# An incident with every field of ilog(5), and a key ilog does not know.
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
  saw: heard the engine
police:
  reported: 2026-11-28T09:00:00+00:00
  reference: NC-28112026-0123
  officer: PC 1234 Smith
impact: Could not sleep; changed my route to work.
noted: 2026-11-27T23:00:00+00:00
x-custom: kept as written
EOF
)
# Hostile text: quotes, backslashes, line breaks, every kind of control
# character, U+2028 and U+2029, emoji and right-to-left text.
NASTY=$(printf -- '%s\n' \
	'occurred: 2026-11-20T08:00:00+00:00' \
	'summary: "ctl \x01\x1f\x7f bell\a esc\e nel\N ls\L ps\P tab\t cr\r end"' \
	'details: "quote \" back \\ slash / line1\nline2 \U0001F642 \u05e9\u05dc\u05d5\u05dd </script>"' \
	"location: '{\"a\": 1}, [], null, true'" | ilog-add)
ilog-add < "$TOP/tests/sample.yaml" >/dev/null

# Amendments: tags, evidence, an edit (location changed, until removed),
# and a withdrawal.
ilog-tag +reported -night "$FULL" >/dev/null
printf 'photo' > "$TMP/IMG_2041.jpg"
ilog-attach -n 'photo of the car' "$FULL" "$TMP/IMG_2041.jpg" >/dev/null
cat > "$TMP/editor" <<'EOF'
#!/bin/sh
sed -i -e 's/^location: .*/location: Ash Grove/' -e '/^until:/d' "$1"
EOF
chmod +x "$TMP/editor"
EDITOR=$TMP/editor ilog-edit -m 'moved the car' "$FULL" </dev/null \
	>/dev/null 2>&1
W=$(ilog-ls | xargs ilog-pick -g 'to be withdrawn')
ilog-withdraw -m 'entered twice' "$W" >/dev/null

ilog-ls -a > "$TMP/paths"
ilog-json < "$TMP/paths" > "$TMP/out.jsonl" 2>"$TMP/err"
is "ilog-json exits 0" "$?" 0
is "... says nothing on stderr" "$(cat "$TMP/err")" ""
is "one line per incident" "$(wc -l < "$TMP/out.jsonl" | tr -d ' ')" \
	"$(wc -l < "$TMP/paths" | tr -d ' ')"
is "jq reads every line" "$(jq -c . < "$TMP/out.jsonl" | wc -l | tr -d ' ')" \
	"$(wc -l < "$TMP/paths" | tr -d ' ')"
is "jq: the paths, in the order given" "$(jq -r .path < "$TMP/out.jsonl")" \
	"$(cat "$TMP/paths")"
is "jq: the hostile summary comes back byte for byte" \
	"$(ilog-json "$NASTY" | jq -j .summary | od -An -c | tr -s ' ')" \
	"$(printf 'ctl \001\037\177 bell\a esc\033 nel\302\205 ls\342\200\250 ps\342\200\251 tab\t cr\r end' |
		od -An -c | tr -s ' ')"
is "jq: the edited location" "$(ilog-json "$FULL" | jq -r .location)" \
	"Ash Grove"
is "jq: the amendments, in ID order" \
	"$(ilog-json "$FULL" | jq -r '.amendments[] | [(.id | length > 0), .recorded != null, (keys_unsorted | map(select(. == "tags" or . == "evidence" or . == "set" or . == "unset")) | join("+"))] | @tsv')" \
	"$(printf 'true\ttrue\ttags\ntrue\ttrue\tevidence\ntrue\ttrue\tset+unset')"
is "jq: the evidence size is a number" \
	"$(ilog-json "$FULL" | jq '.evidence[0].size | type')" '"number"'
is "jq: the withdrawn incident says why" \
	"$(ilog-json "$W" | jq -r .withdrawn)" "entered twice"

# Python: every line is strict JSON in valid UTF-8, and holds exactly what
# ilog-show shows, plus path and amendments (ilog-show -r's records).
ilog-show < "$TMP/paths" > "$TMP/show.yaml"
cat > "$TMP/check.py" <<'EOF'
import json, sys, yaml
raw = open(sys.argv[1], 'rb').read()
text = raw.decode('utf-8')                      # fails on bad UTF-8
for b in range(0x20):
    assert b == 0x0a or bytes([b]) not in raw, 'raw control byte %#x' % b
assert '\u2028' not in text and '\u2029' not in text, 'raw U+2028/9'
lines = text.split('\n')
assert lines[-1] == '', 'no final newline'
objs = [json.loads(l) for l in lines[:-1]]
shown = list(yaml.load_all(open(sys.argv[2], encoding='utf-8'),
                           Loader=yaml.BaseLoader))
assert len(objs) == len(shown), (len(objs), len(shown))
paths = open(sys.argv[3]).read().split('\n')[:-1]
def strings(v):
    if isinstance(v, dict):
        return {k: strings(x) for k, x in v.items()}
    if isinstance(v, list):
        return [strings(x) for x in v]
    return str(v)
for o, s, p in zip(objs, shown, paths):
    assert o.pop('path') == p, p
    o.pop('amendments')
    assert list(o) == list(s), (list(o), list(s))
    assert strings(o) == s, (o, s)
full = [o for o in objs if o.get('x-custom')][0]
for k in ('id', 'recorded', 'prev', 'occurred', 'summary', 'behaviour',
          'tags', 'location', 'channel', 'details', 'suspect', 'vehicle',
          'witnesses', 'police', 'impact', 'evidence', 'noted'):
    assert k in full, k
assert len(full['witnesses']) == 2 and full['witnesses'][1]['saw'] == \
    'heard the engine'
print('ok')
EOF
is "Python: strict JSON, valid UTF-8, the same as ilog-show" \
	"$(pyyaml "$TMP/check.py" "$TMP/out.jsonl" "$TMP/show.yaml" "$TMP/paths" 2>&1)" ok

ilog-json -r "$FULL" "$NASTY" > "$TMP/raw.jsonl"
ilog-show -r "$FULL" "$NASTY" > "$TMP/raw.yaml"
cat > "$TMP/raw.py" <<'EOF'
import json, sys, yaml
objs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
shown = list(yaml.load_all(open(sys.argv[2], encoding='utf-8'),
                           Loader=yaml.BaseLoader))
def strings(v):
    if isinstance(v, dict):
        return {k: strings(x) for k, x in v.items()}
    if isinstance(v, list):
        return [strings(x) for x in v]
    return str(v)
assert len(objs) == len(shown) == 5, (len(objs), len(shown))
for o, s in zip(objs, shown):
    assert list(o) == list(s) and strings(o) == s, (o, s)
print('ok')
EOF
is "--raw: each record as written, one a line, as ilog-show -r shows them" \
	"$(pyyaml "$TMP/raw.py" "$TMP/raw.jsonl" "$TMP/raw.yaml" 2>&1)" ok
is "--raw: the amendments name the incident" \
	"$(ilog-json --raw "$FULL" | jq -r 'select(.amends) | .amends[0]' | sort -u)" \
	"$(basename "$FULL" .yaml.gpg)"

# Operands: an ID prefix; one that names nothing is an error, the others
# are still printed.
ID=$(basename "$FULL" .yaml.gpg)
is "an ID names the incident" "$(ilog-json "$ID" | jq -r .id)" "$ID"
out=$(ilog-json 20200101T000000Z-none "$FULL" 2>"$TMP/err"); rc=$?
is "an operand that names nothing: exit 2" "$rc" 2
is "... the others printed" "$(printf '%s\n' "$out" | jq -r .id)" "$ID"
ok "... one line naming it" grep -q \
	'^ilog-json: 20200101T000000Z-none: no such incident' "$TMP/err"
is "an empty stdin: no incidents" "$(ilog-json </dev/null | wc -c | tr -d ' ')" 0

# Forged records: an unsigned incident, and an unsigned amendment that
# would change the summary. Neither is shown; each is named; exit 2.
plant() { gpg --batch --quiet --yes --trust-model always -e --throw-keyids \
	-r "$FPR" -o "$ILOG_DIR/$1.yaml.gpg"; }
U=$(id_after "$ILOG_DIR" unsg)
printf 'id: %s\nrecorded: %s\noccurred: 2026-11-03T10:00:00+00:00\nsummary: planted\n' \
	"$U" "$(id_time "$U")" | plant "$U"
A=$(id_after "$ILOG_DIR" unsa 1)
printf 'id: %s\nrecorded: %s\namends: [%s]\nset:\n  summary: planted change\n' \
	"$A" "$(id_time "$A")" "$ID" | plant "$A"
ilog-ls -a 2>/dev/null > "$TMP/paths2"
ilog-json < "$TMP/paths2" > "$TMP/out2" 2>"$TMP/err"; rc=$?
is "forged records: exit 2" "$rc" 2
ok "... neither is shown" sh -c "! grep -q planted '$TMP/out2'"
is "... the genuine incidents all are" "$(wc -l < "$TMP/out2" | tr -d ' ')" \
	"$(wc -l < "$TMP/paths" | tr -d ' ')"
ok "... the forged amendment is not listed as applied" sh -c \
	"! ilog-json '$FULL' 2>/dev/null | jq -r '.amendments[].id' | grep -q '$A'"
ok "... each is named on stderr" sh -c \
	"grep -q '$U.yaml.gpg: incident not signed' '$TMP/err' && grep -q '$A.yaml.gpg: amendment not signed' '$TMP/err'"
rm "$ILOG_DIR/$U.yaml.gpg" "$ILOG_DIR/$A.yaml.gpg"

# The man page's examples: tests/0720-man-examples.t runs them (and those
# of every page), .Bd -literal blocks too.

# A store whose path is not UTF-8: the path is still valid JSON.
BAD=$(printf '%s/st\377re' "$TMP")
ilog-init -d "$BAD" "$FPR" 2>/dev/null
P=$(ilog-add -d "$BAD" -s 'in an odd folder')
ilog-json -d "$BAD" "$P" > "$TMP/odd.jsonl"
is "a path that is not UTF-8: U+FFFD in its place" \
	"$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1],encoding="utf-8").read())["path"].endswith("/st\ufffdre/" + sys.argv[2]))' "$TMP/odd.jsonl" "$(basename "$P")")" True
done_testing
