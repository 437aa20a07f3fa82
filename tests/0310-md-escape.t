#!/bin/sh
# The Markdown escaper against real renderers: each hostile string, as a
# paragraph, a table cell and a list item's text, renders as exactly the text
# typed, with no tag but the ones the report itself makes.
. "$(dirname "$0")/lib.sh"

have() { command -v "$1" >/dev/null 2>&1; }

# One string a line; \n inside a line is a line break in the string.
cat > "$TMP/corpus" <<'EOF_CORPUS'
# heading
## two
####### seven
Title ##
#
> quote
>> nested
- item
+ item
* item
1. first
1) first
12345. many
===
---
***
___
- - -
```
~~~
    four spaces
<b>bold</b>
<script>alert(1)</script>
<!-- comment -->
<div>
</p>
<http://auto.example>
<me@example.org>
[text](http://x.example)
[text][ref]
[ref]: http://x.example
![img](x.png)
[^1]
- [ ] task
&amp; &#60; &#x3c; &copy;
a | b | c
| a | b |
|---|---|
\
a\
\*not\*
*em*
**strong**
_em_
__strong__
snake_case_name and IMG_2041.jpg
_leading and trailing_
~strike~
~~strike~~
`code`
``double``
http://bare.example/a_b
https://bare.example
ftp://bare.example
www.example.org
(www.example.org)
WWW.EXAMPLE.ORG
javascript:alert(1)
trailing two spaces  
Elm Street, outside my house
Voicemail at 02:13: 'You'll regret this. I know where you are.'
So-called "friends" (three of them); 50% sure! #3 bus? a > b, c < d.
one\ntwo
one\n\ntwo
line\n# heading
line\n===
line\n---
line\n- item
line\n1. item
line\n> quote
line\n    code
line\n```\ncode\n```
line\n<div>x</div>
line\n| a | b |\n|---|---|\n| c | d |
line\n[ref]: http://x.example\n[ref]
end with backslash\\nnext
EOF_CORPUS

python3 - "$TMP/corpus" "$TMP/strings" <<'EOF_PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
with open(sys.argv[2], "wb") as f:
    for l in lines:
        f.write(l.replace("\\n", "\n").encode() + b"\0")
EOF_PY
N=$(wc -l < "$TMP/corpus" | tr -d ' ')

cat > "$TMP/check.py" <<'EOF_PY'
# check.py STRINGS DOCS RENDERER...: each document rendered; its text must be
# the string's, its tags the expected ones. Prints one line per failure.
import re, subprocess, sys
from html.parser import HTMLParser
NBSP = "\u00a0"
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", set()
    def handle_starttag(self, tag, attrs): self.tags.add(tag)
    def handle_startendtag(self, tag, attrs): self.tags.add(tag)
    def handle_data(self, d): self.text += d
def norm(s): return re.sub(r"[ \t\n]+", " ", s).strip()
def expect_inline(s): return norm(s)
def expect_block(s):
    out, gap = [], False
    for line in s.split("\n"):
        line = line.rstrip(" \t")
        if not line: gap = bool(out); continue
        if gap: out.append(NBSP); gap = False
        lead = len(line) - len(line.lstrip(" \t"))
        out.append(line[:lead].replace("\t", NBSP * 4).replace(" ", NBSP) +
                   line[lead:])
    return norm(" ".join(out))
strings = open(sys.argv[1], "rb").read().decode().split("\0")[:-1]
docs = open(sys.argv[2], encoding="utf-8").read().split("\n\f\n")[:-1]
block = sys.argv[3] == "block"
cmd = sys.argv[4:]
allowed = ([{"p", "br"}, {"ul", "li", "strong", "br"}] if block else
           [{"p"}, {"table", "thead", "tbody", "tr", "th", "td", "colgroup", "col"}])
want_of = expect_block if block else expect_inline
bad = 0
skip_mail = "@" in cmd[-1] and cmd.pop()
for i, s in enumerate(strings):
    if skip_mail and "@" in s: continue
    for k in range(2):
        html = subprocess.run(cmd, input=docs[2 * i + k].encode(),
                              capture_output=True, check=True).stdout.decode()
        p = P(); p.feed(html)
        got = norm(p.text)
        got = norm(got.replace(["Text:", "Details:"][k] if block else
                               ["Text:", "Cell"][k], "", 1))
        extra = p.tags - allowed[k]
        if got != want_of(s) or extra:
            bad += 1
            print("%r as %s: text %r, extra tags %s" % (s, ["paragraph",
                  "list item" if block else "table cell"][k], got, sorted(extra)))
sys.exit(1 if bad else 0)
EOF_PY

tests/unit-md inline < "$TMP/strings" > "$TMP/inline.md"
tests/unit-md block < "$TMP/strings" > "$TMP/block.md"
is "the corpus: one paragraph and one cell or item per string" \
	"$(grep -c "$(printf '^\f$')" "$TMP/inline.md")" "$((2 * N))"

run() {	# run DESCRIPTION RENDERER...
	d=$1; shift
	for how in inline block; do
		python3 "$TMP/check.py" "$TMP/strings" "$TMP/$how.md" $how "$@" \
			> "$TMP/fail" 2>&1
		ok "$d, $how: every string is its own text, no markup made" \
			test ! -s "$TMP/fail"
		sed 's/^/# /' "$TMP/fail" | head -n 20
	done
}

if have cmark-gfm && have python3; then
	run "cmark-gfm -e table" cmark-gfm -e table
	# GitHub's extensions. They make a link of any e-mail address, escaped
	# or not: those strings are left out (@ as the last argument).
	run "cmark-gfm with autolink and strikethrough" cmark-gfm -e table \
		-e autolink -e strikethrough -e tasklist @
else
	ntest=$((ntest + 4)); echo "ok $ntest - # SKIP cmark-gfm or python3 missing"
fi
if have pandoc && have python3; then
	run "pandoc -f gfm" pandoc -f gfm -t html @
	run "pandoc as ilog-md runs it" pandoc -f gfm-autolink_bare_uris-emoji \
		-t html
else
	ntest=$((ntest + 4)); echo "ok $ntest - # SKIP pandoc missing"
fi

# Prose stays readable: the sample log's report has no backslash but the
# hard break that puts details below their label.
setup_store
ilog-add < "$TOP/tests/sample.yaml" > /dev/null
ilog-ls | ilog-md -T 'Incidents: Mark Ellison' > "$TMP/r.md"
is "the sample's report escapes nothing" \
	"$(grep -v ':\*\*\\$' "$TMP/r.md" | tr -cd '\\' | wc -c | tr -d ' ')" 0
ok "its prose is as typed" grep -qF \
	"Voicemail at 02:13: 'You'll regret this. I know where you are.'" "$TMP/r.md"
done_testing
