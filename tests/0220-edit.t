#!/bin/sh
# ilog-edit: the change is one amendment; the plaintext lives on tmpfs only
. "$(dirname "$0")/lib.sh"

setup_store
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"

# The fake editor logs what it was given and where, then edits as the
# FAKE_* variables say: FAKE_SED (a sed script), FAKE_APPEND (a line to
# add), FAKE_REPLACE (the new text), FAKE_SLEEP (just wait), FAKE_EXIT.
cat > "$TMP/fake-editor.sh" <<'SH'
#!/bin/sh
log=$FAKE_LOG
printf 'path %s\ndirmode %s\nfilemode %s\npid %s\nppid %s\n' "$1" \
	"$(stat -c %a "$(dirname "$1")")" "$(stat -c %a "$1")" $$ $PPID >> "$log"
cat "$1" > "$log.seen"
[ -n "$FAKE_SLEEP" ] && exec sleep "$FAKE_SLEEP"
[ -n "$FAKE_SED" ] && sed -i -e "$FAKE_SED" "$1"
[ -n "$FAKE_APPEND" ] && printf '%s\n' "$FAKE_APPEND" >> "$1"
[ -n "$FAKE_REPLACE" ] && printf '%s\n' "$FAKE_REPLACE" > "$1"
exit "${FAKE_EXIT:-0}"
SH
chmod +x "$TMP/fake-editor.sh"
export EDITOR="$TMP/fake-editor.sh" FAKE_LOG="$TMP/editor.log"
logged() { awk -v k="$1" '$1 == k { sub(/^[^ ]* /, ""); print; exit }' "$FAKE_LOG"; }
# edit ARGS...: ilog-edit with no terminal to ask on; stdout in $TMP/out,
# stderr in $TMP/err, exit status in $rc
edit() {
	rm -f "$FAKE_LOG" "$FAKE_LOG.seen"
	if command -v setsid >/dev/null; then
		setsid -w ilog-edit "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	else
		ilog-edit "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
	fi
	rc=$?
}
snap() { (cd "$ILOG_DIR" && find . -type f | sort | xargs sha256sum) > "$1"; }
unchanged() { (cd "$ILOG_DIR" && sha256sum --quiet -c "$1" >/dev/null 2>&1); }
nfiles() { count_files "$ILOG_DIR"; }
newest() { ls "$ILOG_DIR"/*.yaml.gpg | sort | tail -n 1; }
# yaml_get FILE EXPR...: expressions over the documents d[0], d[1]...
yaml_get() {
	python3 -c 'import sys, yaml
d = list(yaml.safe_load_all(open(sys.argv[1])))
for x in sys.argv[2:]:
    print(eval(x))' "$@"
}
lines() { wc -l < "$1" | tr -d ' '; }

P=$(ilog-add <<'YAML'
occurred: 2026-10-01T20:00:00+01:00
summary: Car outside again
behaviour: [watching]
tags: [car, draft]
location: Elm Street
impact: Could not sleep.
YAML
)
ID=$(basename "$P" .yaml.gpg)

# a change becomes one amendment
snap "$TMP/s0"; n0=$(nfiles)
FAKE_SED='s/^location: .*/location: Rowan Avenue/' edit "$ID"
is "a change: exit 0" "$rc" 0
is "... prints the incident's path" "$(cat "$TMP/out")" "$P"
ok "the editor was shown the incident as YAML" \
	grep -qx 'summary: Car outside again' "$FAKE_LOG.seen"
is "one new file" "$(nfiles)" $((n0 + 1))
ok "every existing file is byte-identical" unchanged "$TMP/s0"
ok "ilog-show shows the new value" sh -c \
	"ilog-show '$ID' 2>/dev/null | grep -qx 'location: Rowan Avenue'"
ok "... and not the old one" sh -c "! ilog-show '$ID' 2>/dev/null | grep -q 'Elm Street'"
ilog-show --raw "$ID" > "$TMP/raw.yaml"
yaml_get "$TMP/raw.yaml" 'len(d)' 'd[0]["location"]' 'd[1]["set"]' \
	'sorted(d[1])' 'd[1]["amends"]' > "$TMP/got"
is "--raw: the original and one amendment" "$(sed -n 1p "$TMP/got")" 2
is "--raw: the original keeps the old value" "$(sed -n 2p "$TMP/got")" "Elm Street"
is "--raw: the amendment sets the new value" "$(sed -n 3p "$TMP/got")" \
	"{'location': 'Rowan Avenue'}"
is "--raw: the amendment holds only that" "$(sed -n 4p "$TMP/got")" \
	"['amends', 'id', 'prev', 'recorded', 'set']"
is "--raw: it amends this incident" "$(sed -n 5p "$TMP/got")" "['$ID']"

# the text lived in a private directory on tmpfs, gone afterwards
path=$(logged path)
case $path in
/dev/shm/*) ok "the temp file was under /dev/shm" true ;;
*) ok "the temp file was under /dev/shm (was: $path)" false ;;
esac
is "its directory was mode 700" "$(logged dirmode)" 700
is "the file was mode 600" "$(logged filemode)" 600
ok "the file is gone afterwards" test ! -e "$path"
ok "... and its directory too" test ! -e "$(dirname "$path")"
ok "the file name says nothing about the incident" sh -c \
	"! echo '$path' | grep -Eiq 'car|elm|rowan|$ID'"

# removing a field: unset
FAKE_SED='/^impact:/d' edit "$ID"
is "removing a field: exit 0, one new file" "$rc $(nfiles)" "0 $((n0 + 2))"
ok "ilog-show no longer shows it" sh -c \
	"! ilog-show '$ID' 2>/dev/null | grep -q '^impact:'"
gpg --quiet --batch -d "$(newest)" 2>/dev/null > "$TMP/am.yaml"
yaml_get "$TMP/am.yaml" 'd[0].get("unset")' '"set" in d[0]' > "$TMP/got"
is "the amendment has unset: [impact]" "$(sed -n 1p "$TMP/got")" "['impact']"
is "... and no set:" "$(sed -n 2p "$TMP/got")" False
ok "--raw still shows the original impact" sh -c \
	"ilog-show --raw '$ID' 2>/dev/null | grep -q 'Could not sleep'"

# changing tags: +/- tag changes
FAKE_SED='s/^tags: .*/tags: [car, urgent]/' edit "$ID"
is "changing tags: exit 0, one new file" "$rc $(nfiles)" "0 $((n0 + 3))"
gpg --quiet --batch -d "$(newest)" 2>/dev/null > "$TMP/am.yaml"
yaml_get "$TMP/am.yaml" 'sorted(d[0]["tags"])' '"set" in d[0] or "unset" in d[0]' \
	> "$TMP/got"
is "the amendment has tags: [-draft, +urgent]" "$(sed -n 1p "$TMP/got")" \
	"['+urgent', '-draft']"
is "... and no set: or unset:" "$(sed -n 2p "$TMP/got")" False
is "ilog-pick -t urgent finds it" "$(echo "$P" | ilog-pick -t urgent)" "$P"
is "ilog-pick -t draft does not" "$(echo "$P" | ilog-pick -t draft; echo $?)" 1
is "ilog-pick -t car still does" "$(echo "$P" | ilog-pick -t car)" "$P"

# no change: nothing written
snap "$TMP/s1"; n1=$(nfiles)
edit "$ID"
is "no change: exit 0" "$rc" 0
is "... nothing written" "$(nfiles)" "$n1"
ok "... says so on stderr" grep -q "no change" "$TMP/err"
FAKE_APPEND='# only a comment' edit "$ID"
is "only a comment added: exit 0, nothing written" "$rc $(nfiles)" "0 $n1"
ok "the temp directory is gone after no change" test ! -e "$(dirname "$(logged path)")"

# invalid results, with no terminal to ask on: nothing written
check_refused() {	# check_refused DESCRIPTION PATTERN
	ok "$1: exit non-zero" test "$rc" -ne 0
	is "$1: nothing written" "$(nfiles)" "$n1"
	is "$1: one line on stderr" "$(lines "$TMP/err")" 1
	ok "$1: the reason is given" grep -Eq "^ilog-edit: .*$2" "$TMP/err"
	ok "$1: the temp directory is gone" test ! -e "$(dirname "$(logged path)")"
}
FAKE_SED='s/^behaviour: .*/behaviour: [watching, stalking]/' edit "$ID"
check_refused "an unknown behaviour" "stalking"
ok "... and the message lists the valid ones" sh -c \
	"grep following '$TMP/err' | grep property-damage | grep -q online"
FAKE_SED='s/^tags: .*/tags: [unclosed/' edit "$ID"
check_refused "broken YAML" "line [0-9]+, tags: .*double quotes"
FAKE_SED='/^summary:/d' edit "$ID"
check_refused "a missing summary" "summary"
FAKE_SED='s/^occurred: .*/occurred: the thirty-second of May/' edit "$ID"
check_refused "a date that cannot be read" "occurred"
FAKE_APPEND="id: $(id_after "$ILOG_DIR" aaaa)" edit "$ID"	# any ID, even the newest
check_refused "changing id" "id"
FAKE_APPEND="recorded: 2020-01-01T00:00:00Z" edit "$ID"
check_refused "changing recorded" "recorded"
FAKE_SED='s/^location: .*/location: Somewhere else/' FAKE_EXIT=1 edit "$ID"
check_refused "an editor that fails (exit 1)" "editor"
ok "every file is still byte-identical" unchanged "$TMP/s1"
ok "the incident is as it was" sh -c \
	"ilog-show '$ID' 2>/dev/null | grep -qx 'location: Rowan Avenue'"

# VISUAL before EDITOR, and -m NOTE
VISUAL=$EDITOR EDITOR=false FAKE_SED='s/^location: .*/location: Ash Grove/' \
	edit -m 'she told me the street name' "$ID"
is "VISUAL is used before EDITOR" "$rc $(nfiles)" "0 $((n1 + 1))"
gpg --quiet --batch -d "$(newest)" 2>/dev/null > "$TMP/am.yaml"
is "-m NOTE is kept in the amendment" "$(yaml_get "$TMP/am.yaml" 'd[0]["note"]')" \
	"she told me the street name"
n1=$(nfiles)

# SIGTERM while the editor runs: the temp file and directory are removed
rm -f "$FAKE_LOG"
FAKE_SLEEP=30 ilog-edit "$ID" </dev/null >/dev/null 2>&1 &
bg=$!
i=0
while [ $i -lt 100 ] && [ -z "$(logged path 2>/dev/null)" ]; do
	sleep 0.1; i=$((i + 1))
done
path=$(logged path)
ok "the editor started" test -n "$path"
ok "while the editor runs, the file exists" test -f "$path"
kill -TERM "$(logged ppid)"
{ wait "$bg"; rc=$?; } 2>/dev/null
kill "$(logged pid)" 2>/dev/null	# the sleeping editor
is "ilog-edit dies of SIGTERM" "$rc" 143
ok "the temp file is gone" test ! -e "$path"
ok "... and its directory" test ! -e "$(dirname "$path")"
is "nothing written" "$(nfiles)" "$n1"

done_testing
