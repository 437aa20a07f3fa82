#!/bin/sh
# ilog-tag: one amendment per run, nothing rewritten, paths passed on
. "$(dirname "$0")/lib.sh"

setup_store

ilog-add > "$TMP/added" <<'YAML'
occurred: 2026-09-01T10:00:00+01:00
summary: first threat
behaviour: [threats]
tags: [phone]
---
occurred: 2026-09-02T10:00:00+01:00
summary: following
behaviour: [following]
---
occurred: 2026-09-03T10:00:00+01:00
summary: second threat
behaviour: [threats, contact]
---
occurred: 2026-09-04T10:00:00+01:00
summary: watching
behaviour: [watching]
tags: [draft]
---
occurred: 2026-09-05T10:00:00+01:00
summary: third threat
behaviour: [threats]
YAML
is "five incidents" "$(wc -l < "$TMP/added" | tr -d ' ')" 5
T1=$(sed -n 1p "$TMP/added") T3=$(sed -n 3p "$TMP/added")
T5=$(sed -n 5p "$TMP/added") W=$(sed -n 4p "$TMP/added")
id_of() { basename "$1" .yaml.gpg; }

# snap FILE: the name and SHA-256 of every file in the store
snap() { (cd "$ILOG_DIR" && find . -type f | sort | xargs sha256sum) > "$1"; }
unchanged() { (cd "$ILOG_DIR" && sha256sum --quiet -c "$1" >/dev/null 2>&1); }
nfiles() { count_files "$ILOG_DIR"; }
# new_files OLD NEW: the paths in snapshot NEW that are not in OLD
new_files() {
	awk '{ print $2 }' "$1" | sort > "$TMP/a"
	awk '{ print $2 }' "$2" | sort > "$TMP/b"
	comm -13 "$TMP/a" "$TMP/b" | sed "s|^\./|$ILOG_DIR/|"
}
# yaml_get FILE EXPR...: expressions over the documents d[0], d[1]...,
# one line each (one python run, as python is slow to start)
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"
yaml_get() {
	python3 -c 'import sys, yaml
d = list(yaml.safe_load_all(open(sys.argv[1])))
for x in sys.argv[2:]:
    print(eval(x))' "$@"
}

ilog-ls | ilog-pick -b threats > "$TMP/threats"
is "the three threats are picked" "$(cat "$TMP/threats")" "$T1
$T3
$T5"

snap "$TMP/s0"
n0=$(nfiles)
ilog-ls | ilog-pick -b threats | ilog-tag +reported > "$TMP/out"; rc=$?
is "ilog-tag +reported in a pipe: exit 0" "$rc" 0
is "it prints the paths it got, in order" "$(cat "$TMP/out")" "$(cat "$TMP/threats")"
is "exactly one file is written" "$(nfiles)" $((n0 + 1))
ok "every existing file is byte-identical" unchanged "$TMP/s0"
snap "$TMP/s1"
AM=$(new_files "$TMP/s0" "$TMP/s1")
ok "the new file is a record, DIR/ID.yaml.gpg" sh -c \
	"echo '$AM' | grep -Eq '^$ILOG_DIR/[0-9]{8}T[0-9]{6}Z-[a-z0-9]+\\.yaml\\.gpg\$'"
is "ilog-pick -t reported finds exactly them" \
	"$(ilog-ls | ilog-pick -t reported)" "$(cat "$TMP/threats")"
is "... and ilog-pick -T reported the others" \
	"$(ilog-ls | ilog-pick -T reported | wc -l | tr -d ' ')" 2
is "tags already there are kept" "$(ilog-ls | ilog-pick -t phone)" "$T1"

# the amendment, read without ilog
gpg --quiet --batch -d "$AM" 2>/dev/null > "$TMP/am.yaml"
yaml_get "$TMP/am.yaml" '" ".join(d[0]["amends"])' 'd[0]["tags"]' \
	'sorted(d[0])' > "$TMP/got"
is "plain gpg -d: amends lists the three IDs, in order" "$(sed -n 1p "$TMP/got")" \
	"$(id_of "$T1") $(id_of "$T3") $(id_of "$T5")"
is "plain gpg -d: tags: [+reported]" "$(sed -n 2p "$TMP/got")" "['+reported']"
is "plain gpg -d: the amendment holds nothing else" "$(sed -n 3p "$TMP/got")" \
	"['amends', 'id', 'prev', 'recorded', 'tags']"

# --raw: the original as written, then the amendment
ilog-show --raw "$T3" > "$TMP/raw.yaml"
yaml_get "$TMP/raw.yaml" 'len(d)' \
	'(d[0]["id"], d[0]["summary"], "tags" in d[0])' \
	'(d[1]["id"], d[1]["amends"], d[1]["tags"])' > "$TMP/got"
is "ilog-show --raw: two documents" "$(sed -n 1p "$TMP/got")" 2
is "... first the original incident" "$(sed -n 2p "$TMP/got")" \
	"('$(id_of "$T3")', 'second threat', False)"
is "... then the amendment" "$(sed -n 3p "$TMP/got")" \
	"('$(id_of "$AM")', ['$(id_of "$T1")', '$(id_of "$T3")', '$(id_of "$T5")'], ['+reported'])"
is "the original file's bytes are unchanged" "$(sha256sum < "$T3")" \
	"$(grep " ./$(basename "$T3")\$" "$TMP/s0" | sed 's/ .*/  -/')"
ok "ilog-show (current state) shows the tag" sh -c \
	"ilog-show '$T3' | grep -Eq '^tags: \\[?.*reported'"

# removing a tag
ilog-tag -reported "$(id_of "$T3")" > "$TMP/out"; rc=$?
is "ilog-tag -reported ID: exit 0" "$rc" 0
is "... prints the incident's path" "$(cat "$TMP/out")" "$T3"
is "... writes one more file" "$(nfiles)" $((n0 + 2))
ok "... and changes none" unchanged "$TMP/s1"
is "-t reported no longer finds it" "$(ilog-ls | ilog-pick -t reported)" "$T1
$T5"
ilog-show --raw "$T3" > "$TMP/raw.yaml"
is "--raw: the original, then both amendments" \
	"$(yaml_get "$TMP/raw.yaml" '[x.get("tags") for x in d]')" \
	"[None, ['+reported'], ['-reported']]"

# changes that change nothing
snap "$TMP/s2"
n2=$(nfiles)
out=$(printf '%s\n%s\n' "$T5" "$T1" | ilog-tag +reported); rc=$?
is "a tag already there: exit 0" "$rc" 0
is "... no file written" "$(nfiles)" "$n2"
is "... still prints the paths, in input order" "$out" "$T5
$T1"
out=$(ilog-tag -nosuchtag "$T1" "$W"); rc=$?
is "removing a tag that is not there: exit 0, no file" "$rc $(nfiles)" "0 $n2"
is "... prints the operands' paths" "$out" "$T1
$W"
out=$(ilog-tag +draft -nosuchtag "$W"); rc=$?
is "+draft -nosuchtag on a draft: exit 0, no file" "$rc $(nfiles)" "0 $n2"
out=$(ilog-tag +x </dev/null); rc=$?
is "empty stdin: exit 0, no output, no file" "$rc|$out|$(nfiles)" "0||$n2"

# errors: nothing written
out=$(ilog-tag '+Bad Tag' "$T1" 2>"$TMP/err"); rc=$?
is "+'Bad Tag': exit 2" "$rc" 2
is "... nothing printed" "$out" ""
is "... one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
ok "... naming the tag" grep -q "Bad Tag" "$TMP/err"
out=$(ilog-tag +Car "$T1" 2>/dev/null); rc=$?
is "+Car (upper case): exit 2" "$rc" 2
out=$(ilog-tag +ok '+Bad Tag' "$T1" 2>/dev/null); rc=$?
is "a good tag with a bad one: exit 2" "$rc" 2
is "... nothing written" "$(nfiles)" "$n2"
ok "... nothing changed" unchanged "$TMP/s2"
out=$(ilog-tag +ghost "$T1" 20200101T000000Z-zzzz 2>"$TMP/err"); rc=$?
is "an unknown incident operand: exit 2" "$rc" 2
is "... nothing printed" "$out" ""
ok "... the message names it" grep -q 20200101T000000Z-zzzz "$TMP/err"
is "... nothing written, not even for the known one" "$(nfiles)" "$n2"
out=$({ echo "$T1"; echo "$ILOG_DIR/20200101T000000Z-zzzz.yaml.gpg"; } |
	ilog-tag +ghost 2>/dev/null); rc=$?
is "an unknown path on stdin: exit 2, nothing written" "$rc $(nfiles)" "2 $n2"
ok "all files still byte-identical" unchanged "$TMP/s2"
is "the ghost tag is nowhere" "$(ilog-ls | ilog-pick -t ghost; echo $?)" 1

# -m and -0
out=$(ilog-tag -m 'same car, checked plate' +car "$W"); rc=$?
snap "$TMP/s3"
AM=$(new_files "$TMP/s2" "$TMP/s3")
is "-m NOTE: one file" "$(echo "$AM" | wc -l | tr -d ' ')" 1
gpg --quiet --batch -d "$AM" > "$TMP/am.yaml" 2>/dev/null
is "... the note is in the amendment" "$(yaml_get "$TMP/am.yaml" 'd[0]["note"]')" \
	"same car, checked plate"
ilog-ls -0 | ilog-pick -0 -b threats | ilog-tag -0 +nul > "$TMP/nul"
is "-0: NUL-separated in and out" "$(tr '\000' '\n' < "$TMP/nul")" \
	"$(cat "$TMP/threats")"
is "-0: no newline in the output" "$(tr -dc '\n' < "$TMP/nul" | wc -c | tr -d ' ')" 0

# fifty incidents, one file
BIG=$TMP/big
ilog-init -d "$BIG" "$FPR" 2>/dev/null
i=1
while [ $i -le 50 ]; do
	printf -- '---\noccurred: 2026-06-%02dT%02d:00:00+01:00\nsummary: number %d\n' \
		$(( (i - 1) / 2 + 1 )) $((i % 2 + 10)) $i
	i=$((i + 1))
done | ilog-add -d "$BIG" > "$TMP/big-added"
is "fifty incidents added" "$(ilog-ls -d "$BIG" | wc -l | tr -d ' ')" 50
nb=$(count_files "$BIG")
ilog-ls -d "$BIG" > "$TMP/big-ls"
ilog-tag -d "$BIG" +bulk < "$TMP/big-ls" > "$TMP/out"; rc=$?
is "tagging fifty: exit 0" "$rc" 0
is "tagging fifty writes one file" "$(count_files "$BIG")" $((nb + 1))
is "... prints the fifty paths, in order" "$(cat "$TMP/out")" "$(cat "$TMP/big-ls")"
is "... and all fifty carry the tag" \
	"$(ilog-ls -d "$BIG" | ilog-pick -d "$BIG" -t bulk | wc -l | tr -d ' ')" 50
AM=$(ls "$BIG"/*.yaml.gpg | sort | tail -n 1)
gpg --quiet --batch -d "$AM" > "$TMP/am.yaml" 2>/dev/null
is "... the one amendment names all fifty" \
	"$(yaml_get "$TMP/am.yaml" 'len(set(d[0]["amends"]))')" 50

done_testing
