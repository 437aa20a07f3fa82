#!/bin/sh
# Which incident is edited or tagged: never a guess. ilog-edit takes the one
# incident piped in, refuses several and lists them; a record's path means
# that record in its own store, never one of the same name elsewhere.
. "$(dirname "$0")/lib.sh"

setup_store
cat > "$TMP/ed" <<'SH'
#!/bin/sh
if grep -q '^location:' "$1"; then
	sed -i -e 's/^location: .*/location: Ash Grove/' "$1"
else
	echo 'location: Ash Grove' >> "$1"
fi
SH
chmod +x "$TMP/ed"
export EDITOR="$TMP/ed"
car1=$(ilog-add -s 'Grey car outside the house' -b watching -l 'Elm Street' \
	-w '2026-10-01 21:00')
car2=$(ilog-add -s 'Grey car at work' -b watching -l 'Elm Street' \
	-w '2026-10-03 08:30')
call=$(ilog-add -s 'Silent call at 3am' -b contact -w '2026-10-04 03:00')
ilog-tag +car "$car1" "$car2" > /dev/null
nrec() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }
n0=$(nrec)

# One incident piped in: edited, as the pipeline style promises.
out=$(ilog-ls | ilog-pick -g 'silent call' | ilog-edit 2> "$TMP/err"); rc=$?
is "ilog-ls | ilog-pick (one) | ilog-edit: exit 0, the incident's path" \
	"$rc $out" "0 $call"
is "... its location is changed" \
	"$(ilog-show "$call" | grep '^location')" "location: Ash Grove"
is "... and the others are not" \
	"$(ilog-show "$car1" | grep '^location')" "location: Elm Street"

# Two piped in: refused, both listed with date and summary, nothing written.
n1=$(nrec)
ilog-ls | ilog-pick -t car | ilog-edit > "$TMP/out" 2> "$TMP/err"; rc=$?
is "ilog-pick (two) | ilog-edit: exit 2, nothing written" \
	"$rc $(nrec)" "2 $n1"
is "... says how many and to edit one at a time" "$(head -n 1 "$TMP/err")" \
	"ilog-edit: 2 incidents given; edit one at a time:"
ok "... lists the first with its date, time and summary" \
	grep -q '^  2026-10-01 21:00  Grey car outside the house$' "$TMP/err"
ok "... and the second" grep -q '^  2026-10-03 08:30  Grey car at work$' \
	"$TMP/err"
ok "... each with its path" grep -q "^    $car2\$" "$TMP/err"

# None: refused.
ilog-edit < /dev/null > "$TMP/out" 2> "$TMP/err"; rc=$?
is "ilog-edit with nothing piped in: exit 2, one line" \
	"$rc $(wc -l < "$TMP/err")" "2 1"

# A second store holding a record of the same name: the path decides.
OTHER=$TMP/other
ilog-init -d "$OTHER" "$FPR" 2>/dev/null
cp "$car1" "$OTHER/"
for f in "$ILOG_DIR"/*.yaml.gpg; do
	[ "$f" = "$car1" ] || cp "$f" "$OTHER/"
done
cp "$ILOG_DIR/.gpg-id.gpg" "$OTHER/"
theirs=$OTHER/$(basename "$car1")
mine=$(ilog-show "$car1" | grep '^location')
out=$(ilog-edit "$theirs" 2> "$TMP/err"); rc=$?
is "ilog-edit OTHER/ID.yaml.gpg edits that store's record" \
	"$rc $(ilog-show -d "$OTHER" "$theirs" | grep '^location')" \
	"0 location: Ash Grove"
is "... not the one of the same name in ILOG_DIR" \
	"$(ilog-show "$car1" | grep '^location')" "$mine"
ok "... the amendment is written in that store" \
	[ "$(ls "$OTHER" | grep -c '\.yaml\.gpg$')" -gt "$(nrec)" ]

# ilog-tag given another store's path without -d: refused, nothing written.
n2=$(nrec)
ilog-tag +wrong "$theirs" > "$TMP/out" 2> "$TMP/err"; rc=$?
is "ilog-tag OTHER/ID.yaml.gpg without -d: exit 2, nothing written" \
	"$rc $(nrec)" "2 $n2"
is "... says the path is not in this store" "$(head -n 1 "$TMP/err")" \
	"ilog-tag: $theirs: not in the store $ILOG_DIR (give -d for another store)"
ok "... the same record by its own store's path is tagged" \
	sh -c 'ilog-tag +right "$1" > /dev/null' - "$car1"
done_testing
