#!/bin/sh
# Round trip: whatever a user types comes back from the store byte for byte,
# as read by an independent YAML reader (PyYAML, pure Python) and from
# ilog-json by Python's JSON reader, whether it went in as YAML on stdin or
# through ilog-add's options; in every kind of text field (said, fear,
# from, present, weapon and police.response too).
. "$(dirname "$0")/lib.sh"

setup_store
PY="$TMP/rt.py"
cat > "$PY" <<'PYEOF'
import json, os, subprocess, sys
import yaml

GROUPS = [
    ("quotes", ["it's", 'say "hi"', "'single'", '"double"', "'", '"',
                "\"'mixed'\"", "O'Brien"]),
    ("colons", ["a: b", "a:b", "key: value: more", ":", "a:",
                "http://x.example/?q=1"]),
    ("hashes", ["#", "# not a comment", "x # y", "text # x", "a#b", " # x"]),
    ("spaces", [" leading", "trailing ", "  both  ", " ", "   ", "a  b"]),
    ("words", ["yes", "no", "null", "~", "true", "on", "NO", "Yes", "off",
               "y", "n", "False", "NULL", "None"]),
    ("numbers", ["1.0", "0x1F", "1e3", "012", "2026-01-01", "1_000", ".inf",
                 "-.inf", ".NaN", "-1", "+1", "0o17", "1:20",
                 "2026-01-01 12:00:00", "0b101", "3.14e-2"]),
    ("unicode", ["\U0001F697\U0001F4A8 grey car", "\U0001F600",
                 "\U0001F468\u200D\U0001F469\u200D\U0001F467",
                 "Siobh\u00e1n", "Zo\u00eb",
                 "\u0645\u0631\u062d\u0628\u0627\u200f",
                 "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\u200f",
                 "\u200fleading RLM", "mixed \u05e9\u05dc\u05d5\u05dd and English",
                 "ab\u00a0", "a\ufeffb"]),
    ("tabs", ["a\tb", "\tleading tab", "trailing tab\t", "\t"]),
    ("backslashes", ["C:\\path\\to\\file", "\\", "\\n is not a newline",
                     "\\x01", "\\\\double"]),
    ("controls", ["\x01", "x\x01y", "\x7f", "del\x7f", "a\rb", "\r\n",
                  "\x85", "x\x85y", "\u2028", "x\u2028y", "x\u2029y",
                  "bell\x07", "\x1b[31mred\x1b[0m", "\x0b\x0c"]),
    ("long", ["x" * 10000, ("word " * 2000).strip(), "a: " * 3333 + "z"]),
    ("multiline", ["line one\n  indented two\n\n\nafter blanks\n",
                   "trailing spaces  \nnext  \n", "ends with newlines\n\n\n",
                   "no final newline\nsecond", "\nleading newline",
                   "\n\nleading two", "   \n  x", "  indented first\nsecond",
                   "\n", "a\n\n", "tab\tline\n\tnext\n", "- a\n- b\n",
                   "key: v\nother: w\n"]),
    ("punctuation", ["O'Brien, Siobh\u00e1n", "- dash", "-", "---", "...",
                     "|", ">", "[brackets]", "{braces}", "&anchor", "*star",
                     "!tag", "%percent", "@at", "`backtick", "? question",
                     ",comma", "--- x", "... x", "{a: 1}", "[a, b]", "=",
                     "<<", "!!str", "|-", ">+", "'quoted' tail"]),
]
STRINGS = [(g, s) for g, strs in GROUPS for s in strs]

# A distinct time for each incident, so ilog-ls has an order to keep.
def when(i):
    return "2026-01-%02d %02d:%02d" % (1 + i // 600, 10 + i // 60 % 10, i % 60)

def when_out(i):
    return when(i).replace(" ", "T") + ":00+00:00"

# Stream A: two strings per incident, each in top-level and nested fields.
A_FIELDS = [
    [("summary",), ("details",), ("suspect", "name"),
     ("witnesses", 0, "saw"), ("said",), ("fear",), ("from",), ("extra",)],
    [("location",), ("impact",), ("vehicle", "plate"),
     ("witnesses", 0, "name"), ("police", "reference"), ("present",),
     ("weapon",), ("police", "response"), ("suspect", "tattoo"),
     ("followup", "next")],
]

def incident_a(i, s1, s2):
    return {
        "occurred": when(i),
        "summary": s1,
        "behaviour": ["watching", "loitering", "contact"],
        "tags": ["night", "car", "b", "a"],
        "location": s2,
        "from": s1,
        "details": s1,
        "said": s1,
        "present": s2,
        "weapon": s2,
        "fear": s1,
        "identified": "recognised-number",
        "suspect": {"name": s1, "tattoo": s2},
        "vehicle": {"plate": s2, "make": "Vauxhall"},
        "witnesses": [{"name": s2, "saw": s1},
                      {"name": "Second", "saw": "two"}],
        "police": {"reference": s2, "response": s2},
        "impact": s2,
        "mood": 3,
        "extra": s1,
        "followup": {"next": s2, "steps": ["z", "y", "x"]},
    }

def pairs():
    for k in range(0, len(STRINGS), 2):
        yield k // 2, STRINGS[k], STRINGS[(k + 1) % len(STRINGS)]

# Stream B: one incident per group, every string as a witness, written
# with escapes and lines folded at 30 columns.
def incident_b(i, g, strs):
    return {"occurred": when(i), "summary": "group " + g,
            "witnesses": [{"name": s, "saw": s} for s in strs],
            "seen": list(strs)}

def dump(doc, unicode, width=80):
    # PyYAML's own dumper loses U+0085 when it may write it raw (as a
    # break in a single-quoted scalar it folds to a space): fall back to
    # escapes, so that the input is exactly what we mean.
    for u in ([True, False] if unicode else [False]):
        text = yaml.safe_dump(doc, allow_unicode=u, sort_keys=False,
                              width=width)
        if yaml.safe_load(text) == doc:
            return text
    sys.exit("PyYAML cannot write %r" % (doc,))

def cmd_gen(adir):
    a = [dump(incident_a(i, x[1], y[1]), True) for i, x, y in pairs()]
    b = [dump(incident_b(1000 + i, g, strs), False, 30)
         for i, (g, strs) in enumerate(GROUPS)]
    for name, docs in (("a.yaml", a), ("b.yaml", b)):
        with open(os.path.join(adir, name), "w", encoding="utf-8") as f:
            f.write("---\n" + "---\n".join(docs))
    print(len(a), len(b), len(OPTS))

# Through -s, -l and -D - (stdin): exact bytes, no YAML on the way in.
OPTS = [
    ("it's \"quoted\": a # b", "  leading and trailing  ",
     "line one\n  indented\n\n\ntrailing  \n\n"),
    ("yes", "0x1F", "\nleading newline\r\nCRLF\x01\x7f\x85\u2028end\t"),
    ("O'Brien, Siobh\u00e1n \U0001F697", "\u05e9\u05dc\u05d5\u05dd\u200f",
     "x" * 10000),
    ("- dash", "---", "\t|\n>"),
    ("~", "2026-01-01", "*star &anchor !tag %percent @at [a] {b}"),
]

def cmd_opts(out):
    with open(out, "w") as f:
        for i, (s, l, d) in enumerate(OPTS):
            r = subprocess.run(["ilog-add", "-s", s, "-l", l, "-D", "-",
                                "-w", when(2000 + i)], input=d.encode(),
                               stdout=f)
            if r.returncode != 0:
                print("ilog-add failed for %r" % s)

def get(d, path):
    for p in path:
        d = d[p]
    return d

def ids(path):
    return [os.path.basename(l.strip())[:-len(".yaml.gpg")]
            for l in open(path)]

def cmd_check(adir):
    # incidents are found by id: ilog-add printed their paths in order
    docs = {d["id"]: d for d in yaml.load_all(
        open(os.path.join(adir, "show.yaml"), encoding="utf-8"),
        Loader=yaml.SafeLoader)}
    ia, ib, io = (ids(os.path.join(adir, n)) for n in ("a.out", "b.out",
                                                      "o.out"))
    # and as ilog-json gives them, read by Python's own JSON reader
    jdocs = {}
    for line in open(os.path.join(adir, "show.jsonl"), encoding="utf-8"):
        j = json.loads(line)
        jdocs[j["id"]] = j
    res = {}
    def want(g, d, field, s, stream):
        try:
            got = get(d, field)
        except (KeyError, IndexError, TypeError):
            got = "<missing>"
        if got != s:
            res.setdefault(g, "%s %s: sent %r, got %r" % (
                stream, ".".join(map(str, field)), s[:40],
                got[:40] if isinstance(got, str) else got))
    whole = 0
    for i, x, y in pairs():
        d = docs.get(ia[i], {})
        for (g, s), fields in ((x, A_FIELDS[0]), (y, A_FIELDS[1])):
            for f in fields:
                want(g, d, f, s, "yaml")
                want(g, jdocs.get(ia[i], {}), f, s, "json")
        # nothing dropped, added or reordered, apart from id, recorded,
        # prev and occurred (normalised)
        got = {k: v for k, v in d.items()
               if k not in ("id", "recorded", "prev", "occurred")}
        exp = incident_a(i, x[1], y[1])
        del exp["occurred"]
        whole += got != exp or list(got) != list(exp)
    for i, (g, strs) in enumerate(GROUPS):
        d = docs.get(ib[i], {})
        for k, s in enumerate(strs):
            want(g, d, ("witnesses", k, "name"), s, "escaped")
            want(g, d, ("witnesses", k, "saw"), s, "escaped")
            want(g, d, ("seen", k), s, "escaped")
    for i, strs in enumerate(OPTS):
        for f, s in zip(["summary", "location", "details"], strs):
            want("options", docs.get(io[i], {}), (f,), s, "options")
    for g, _ in GROUPS + [("options", None)]:
        print(g, res.get(g, "ok"))
    print("whole", whole)

def cmd_one(path):
    # the incident with unknown keys, and the times, as read by PyYAML
    text = open(path, encoding="utf-8").read()
    d = yaml.safe_load(text.split("---\n")[1])
    print("mood", repr(d["mood"]))
    print("suspect", repr((d["suspect"]["tattoo"], d["suspect"]["height"])))
    print("witness", repr(d["witnesses"][2]))
    print("newer", repr(d["newer"]))
    print("behaviour", " ".join(d["behaviour"]))
    print("tags", " ".join(d["tags"]))
    print("witnesses", " ".join(w["name"] for w in d["witnesses"]))
    node = next(yaml.compose_all(text, Loader=yaml.SafeLoader))
    print("keys", " ".join(k.value for k, v in node.value))
    for n, d in enumerate(yaml.load_all(text, Loader=yaml.BaseLoader)):
        print("occurred%d" % n, d["occurred"], d.get("until", ""))

{"gen": lambda: cmd_gen(sys.argv[2]),
 "opts": lambda: cmd_opts(sys.argv[2]),
 "check": lambda: cmd_check(sys.argv[2]),
 "one": lambda: cmd_one(sys.argv[2])}[sys.argv[1]]()
PYEOF

# one python with PyYAML, found once: the tests start it only a few times
PYTHON=$(pyyaml -c 'import sys; print(sys.executable)')
set -- $("$PYTHON" "$PY" gen "$TMP")
NA=$1 NB=$2 NO=$3
is "hard strings go in through -s, -l and -D -" \
	"$("$PYTHON" "$PY" opts "$TMP/o.out")" ""
ilog-add < "$TMP/a.yaml" > "$TMP/a.out"
is "ilog-add takes $NA incidents of hard strings as YAML on stdin" \
	"$? $(wc -l < "$TMP/a.out")" "0 $NA"
ilog-add < "$TMP/b.yaml" > "$TMP/b.out"
is "ilog-add takes them again as escaped YAML folded at 30 columns" \
	"$? $(wc -l < "$TMP/b.out")" "0 $NB"

ilog-ls > "$TMP/ls"
is "ilog-ls lists every incident" "$(wc -l < "$TMP/ls")" $((NA + NB + NO))
ilog-show < "$TMP/ls" > "$TMP/show.yaml"
is "ilog-ls | ilog-show exits 0" "$?" 0
ilog-json < "$TMP/ls" > "$TMP/show.jsonl"
is "ilog-ls | ilog-json exits 0" "$?" 0
"$PYTHON" "$PY" check "$TMP" > "$TMP/check"
res() { sed -n "s/^$1 //p" "$2"; }
for g in quotes colons hashes spaces words numbers unicode tabs backslashes \
    controls long multiline punctuation options; do
	is "$g come back byte for byte" "$(res $g "$TMP/check")" ok
done
is "each incident comes back whole: unknown keys kept, lists in order" \
	"$(res whole "$TMP/check")" 0
# YAML 1.2 readers do not take U+0085, U+2028, U+2029 as line breaks, and
# YAML 1.1 readers do: written raw, the two read different strings.
ok "U+0085, U+2028 and U+2029 are written escaped, for YAML 1.1 and 1.2 alike" \
	"$PYTHON" -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(any(c in t for c in "\x85\u2028\u2029"))' "$TMP/show.yaml"

# unknown keys, nested and top-level, list order; then times
one=$(printf '%s\n' 'occurred: 2026-03-01 10:00' 'summary: unknown keys' \
	'behaviour: [threats, contact, following]' 'tags: [zz, aa, mm]' \
	'mood: 3' 'suspect:' '  name: J' '  tattoo: snake on left hand' \
	'  height: {cm: 180}' 'witnesses:' '  - name: B' '  - name: A' \
	'  - {name: C, age: 40}' 'newer: [x, {y: z}]' | ilog-add)
t1=$(printf 'occurred: 2026-11-27 21:40\nsummary: winter\n' | ilog-add)
t2=$(printf 'occurred: 2026-07-01 09:15\nsummary: summer\n' | ilog-add)
t3=$(printf 'occurred: 2026-11-27T21:40+05:30\nsummary: india\n' | ilog-add)
t4=$(ilog-add -s opt -w '2026-11-27 21:40' -u '2026-11-28T03:30+05:30')
ilog-show "$one" "$t1" "$t2" "$t3" "$t4" > "$TMP/one.yaml"
"$PYTHON" "$PY" one "$TMP/one.yaml" > "$TMP/one"
is "an unknown top-level key survives with its value" "$(res mood "$TMP/one")" 3
is "an unknown key inside suspect survives" "$(res suspect "$TMP/one")" \
	"('snake on left hand', {'cm': 180})"
is "an unknown key inside a witness survives" "$(res witness "$TMP/one")" \
	"{'name': 'C', 'age': 40}"
is "an unknown nested structure survives" "$(res newer "$TMP/one")" \
	"['x', {'y': 'z'}]"
is "behaviours keep the order given" "$(res behaviour "$TMP/one")" \
	"threats contact following"
is "tags keep the order given" "$(res tags "$TMP/one")" "zz aa mm"
is "witnesses keep the order given" "$(res witnesses "$TMP/one")" "B A C"
is "keys follow ilog(5), unknown keys after" "$(res keys "$TMP/one")" \
	"id recorded prev occurred summary behaviour tags suspect witnesses mood newer"
is "'2026-11-27 21:40' is stored in RFC 3339 with London's winter offset" \
	"$(res occurred1 "$TMP/one")" "2026-11-27T21:40:00+00:00 "
is "'2026-07-01 09:15' is stored with London's summer offset" \
	"$(res occurred2 "$TMP/one")" "2026-07-01T09:15:00+01:00 "
is "'2026-11-27T21:40+05:30' keeps +05:30" "$(res occurred3 "$TMP/one")" \
	"2026-11-27T21:40:00+05:30 "
is "-w '2026-11-27 21:40' gives the local offset; -u keeps the one given" \
	"$(res occurred4 "$TMP/one")" \
	"2026-11-27T21:40:00+00:00 2026-11-28T03:30:00+05:30"
done_testing
