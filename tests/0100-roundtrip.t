#!/bin/sh
# Round trip: whatever a user types comes back from the store byte for byte,
# as read by an independent YAML reader (PyYAML, pure Python), whether it
# went in as YAML on stdin or through ilog-add's options.
. "$(dirname "$0")/lib.sh"

setup_store
PY="$TMP/rt.py"
cat > "$PY" <<'PYEOF'
import subprocess, sys
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

# Each incident is found again by its occurred time, unique per incident.
def when(i):
    return "2026-01-%02d %02d:%02d" % (1 + i // 600, 10 + i // 60 % 10, i % 60)

def when_out(i):
    return when(i).replace(" ", "T") + ":00+00:00"

# Stream A: two strings per incident, each in top-level and nested fields.
A_FIELDS = [
    [("summary",), ("details",), ("suspect", "name"),
     ("witnesses", 0, "saw"), ("extra",)],
    [("location",), ("impact",), ("vehicle", "plate"),
     ("witnesses", 0, "name"), ("police", "reference"),
     ("suspect", "tattoo"), ("followup", "next")],
]

def incident_a(i, s1, s2):
    return {
        "occurred": when(i),
        "summary": s1,
        "behaviour": ["watching", "loitering", "contact"],
        "tags": ["night", "car", "b", "a"],
        "location": s2,
        "details": s1,
        "suspect": {"name": s1, "tattoo": s2},
        "vehicle": {"plate": s2, "make": "Vauxhall"},
        "witnesses": [{"name": s2, "saw": s1},
                      {"name": "Second", "saw": "two"}],
        "police": {"reference": s2},
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

def cmd_gen(stream):
    if stream == "a":
        docs = [dump(incident_a(i, a[1], b[1]), True)
                for i, a, b in pairs()]
    else:
        docs = [dump(incident_b(1000 + i, g, strs), False, 30)
                for i, (g, strs) in enumerate(GROUPS)]
    sys.stdout.write("---\n" + "---\n".join(docs))

def opt_strings(strs):
    return strs[0], strs[1 % len(strs)], strs[2 % len(strs)]

def cmd_opts():
    # through -s, -l and -D - (stdin); argv is exact bytes, no YAML at all
    for i, (g, strs) in enumerate(GROUPS):
        s, l, d = opt_strings(strs)
        r = subprocess.run(["ilog-add", "-s", s, "-l", l, "-D", "-",
                            "-w", when(2000 + i)], input=d.encode(),
                           stdout=subprocess.DEVNULL)
        if r.returncode != 0:
            print("ilog-add failed for group %s" % g)

def get(d, path):
    for p in path:
        d = d[p]
    return d

def load(showfile):
    text = open(showfile, encoding="utf-8").read()
    safe = list(yaml.load_all(text, Loader=yaml.SafeLoader))
    base = list(yaml.load_all(text, Loader=yaml.BaseLoader))
    return {b["occurred"]: d for d, b in zip(safe, base)}

def cmd_check(showfile):
    docs = load(showfile)
    res = {}
    def want(g, i, field, s, stream):
        d = docs.get(when_out(i))
        try:
            got = get(d, field)
        except (KeyError, IndexError, TypeError):
            got = "<missing>"
        if got != s:
            res.setdefault(g, "%s %s: sent %r, got %r" % (
                stream, ".".join(map(str, field)), s[:40],
                got[:40] if isinstance(got, str) else got))
    for i, a, b in pairs():
        for (g, s), fields in ((a, A_FIELDS[0]), (b, A_FIELDS[1])):
            for f in fields:
                want(g, i, f, s, "yaml")
    for i, (g, strs) in enumerate(GROUPS):
        for k, s in enumerate(strs):
            want(g, 1000 + i, ("witnesses", k, "name"), s, "escaped")
            want(g, 1000 + i, ("witnesses", k, "saw"), s, "escaped")
            want(g, 1000 + i, ("seen", k), s, "escaped")
        for f, s in zip(["summary", "location", "details"], opt_strings(strs)):
            want(g, 2000 + i, (f,), s, "options")
    for g, _ in GROUPS:
        print(g, res.get(g, "ok"))

def cmd_whole(showfile):
    # nothing dropped, added or reordered, apart from id, recorded, prev
    # and occurred (normalised)
    docs = load(showfile)
    bad = []
    for i, a, b in pairs():
        want = incident_a(i, a[1], b[1])
        got = dict(docs.get(when_out(i), {}))
        for key in ("id", "recorded", "prev", "occurred"):
            got.pop(key, None)
        want.pop("occurred")
        if got != want:
            bad.append(i)
    print(len(bad))

def cmd_order(showfile):
    # keys come back in the order of ilog(5), unknown keys after
    text = open(showfile, encoding="utf-8").read()
    d = next(yaml.compose_all(text, Loader=yaml.SafeLoader))
    print(" ".join(k.value for k, v in d.value))

{"gen": lambda: cmd_gen(sys.argv[2]), "opts": cmd_opts,
 "check": lambda: cmd_check(sys.argv[2]),
 "whole": lambda: cmd_whole(sys.argv[2]),
 "order": lambda: cmd_order(sys.argv[2]),
 "count": lambda: print(len(list(pairs())), len(GROUPS))}[sys.argv[1]]()
PYEOF

set -- $(pyyaml "$PY" count)
NA=$1 NG=$2
is "the same strings go in through -s, -l and -D -" "$(pyyaml "$PY" opts)" ""
pyyaml "$PY" gen a > "$TMP/a.yaml"
ilog-add < "$TMP/a.yaml" > "$TMP/a.out"
is "ilog-add takes $NA incidents of hard strings as YAML on stdin" \
	"$? $(wc -l < "$TMP/a.out")" "0 $NA"
pyyaml "$PY" gen b > "$TMP/b.yaml"
ilog-add < "$TMP/b.yaml" > "$TMP/b.out"
is "ilog-add takes them again as escaped YAML folded at 30 columns" \
	"$? $(wc -l < "$TMP/b.out")" "0 $NG"

ilog-ls > "$TMP/ls"
is "ilog-ls lists every incident" "$(wc -l < "$TMP/ls")" $((NA + 2 * NG))
ilog-show < "$TMP/ls" > "$TMP/show.yaml"
is "ilog-ls | ilog-show exits 0" "$?" 0
pyyaml "$PY" check "$TMP/show.yaml" > "$TMP/check"
for g in quotes colons hashes spaces words numbers unicode tabs backslashes \
    controls long multiline punctuation; do
	is "$g come back byte for byte" "$(sed -n "s/^$g //p" "$TMP/check")" ok
done
is "each incident comes back whole: unknown keys kept, lists in order" \
	"$(pyyaml "$PY" whole "$TMP/show.yaml")" 0
# YAML 1.2 readers do not take U+0085, U+2028, U+2029 as line breaks, and
# YAML 1.1 readers do: written raw, the two read different strings.
ok "U+0085, U+2028 and U+2029 are written escaped, for YAML 1.1 and 1.2 alike" \
	pyyaml -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(any(c in t for c in "\x85\u2028\u2029"))' "$TMP/show.yaml"

# unknown keys, nested and top-level, and list order, one by one
p=$(printf '%s\n' 'occurred: 2026-03-01 10:00' 'summary: unknown keys' \
	'behaviour: [threats, contact, following]' 'tags: [zz, aa, mm]' \
	'mood: 3' 'suspect:' '  name: J' '  tattoo: snake on left hand' \
	'  height: {cm: 180}' 'witnesses:' '  - name: B' '  - name: A' \
	'  - {name: C, age: 40}' 'newer: [x, {y: z}]' | ilog-add)
ilog-show "$p" > "$TMP/one.yaml"
py1() { pyyaml -c "import yaml, sys
d = yaml.safe_load(open(sys.argv[1]))
print($1)" "$TMP/one.yaml"; }
is "an unknown top-level key survives with its value" "$(py1 'repr(d["mood"])')" 3
is "an unknown key inside suspect survives" \
	"$(py1 'd["suspect"]["tattoo"], d["suspect"]["height"]')" \
	"('snake on left hand', {'cm': 180})"
is "an unknown key inside a witness survives" "$(py1 'd["witnesses"][2]')" \
	"{'name': 'C', 'age': 40}"
is "an unknown nested structure survives" "$(py1 'd["newer"]')" \
	"['x', {'y': 'z'}]"
is "behaviours keep the order given" "$(py1 'd["behaviour"]')" \
	"['threats', 'contact', 'following']"
is "tags keep the order given" "$(py1 'd["tags"]')" "['zz', 'aa', 'mm']"
is "witnesses keep the order given" \
	"$(py1 '[w["name"] for w in d["witnesses"]]')" "['B', 'A', 'C']"
is "keys follow ilog(5), unknown keys after" "$(pyyaml "$PY" order "$TMP/one.yaml")" \
	"id recorded prev occurred summary behaviour tags suspect witnesses mood newer"

# times: local time with its offset, or the offset given
occ() { ilog-show "$1" | pyyaml -c 'import yaml, sys
print(yaml.load(sys.stdin, Loader=yaml.BaseLoader)["occurred"])'; }
p=$(printf 'occurred: 2026-11-27 21:40\nsummary: winter\n' | ilog-add)
is "'2026-11-27 21:40' is stored in RFC 3339 with London's winter offset" \
	"$(occ "$p")" 2026-11-27T21:40:00+00:00
p=$(printf 'occurred: 2026-07-01 09:15\nsummary: summer\n' | ilog-add)
is "'2026-07-01 09:15' is stored with London's summer offset" \
	"$(occ "$p")" 2026-07-01T09:15:00+01:00
p=$(printf 'occurred: 2026-11-27T21:40+05:30\nsummary: india\n' | ilog-add)
is "'2026-11-27T21:40+05:30' keeps +05:30" "$(occ "$p")" \
	2026-11-27T21:40:00+05:30
p=$(ilog-add -s opt -w '2026-11-27 21:40' -u '2026-11-27T23:00+05:30')
is "-w '2026-11-27 21:40' gives the local offset" "$(occ "$p")" \
	2026-11-27T21:40:00+00:00
is "-u with an offset keeps it" "$(ilog-show "$p" | pyyaml -c 'import yaml, sys
print(yaml.load(sys.stdin, Loader=yaml.BaseLoader)["until"])')" \
	2026-11-27T23:00:00+05:30
done_testing
