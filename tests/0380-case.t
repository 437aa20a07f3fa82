#!/bin/sh
# The case record: one per store, set from YAML or in $EDITOR, written once
# and changed by amendments whose history ilog-show --raw shows; what is
# typed survives byte for byte; mistakes are refused by name.
. "$(dirname "$0")/lib.sh"

setup_store
nstore() { count_files "$ILOG_DIR"; }
ilog-add -s 'Texts all evening' -b contact > /dev/null
cp -a "$ILOG_DIR" "$TMP/other"	# a second device, before any case

ilog-case < /dev/null > "$TMP/out" 2> "$TMP/err"
is "no case yet: exit 1, one line saying how to write one" \
	"$? $(wc -l < "$TMP/err") $(grep -c 'ilog-case -e' "$TMP/err")" "1 1 1"

cat > "$TMP/case.yaml" <<'EOF'
background:
  relationship: ex-partner
  ended: 2026-07-18
  told_to_stop:
    - {date: 2026-07-25T10:00:00+01:00, how: text message, by: victim}
    - {date: 2026-08-02, how: 'letter: from my solicitor', by: solicitor}
suspect:
  names: [Mark Ellison, Marky]
  born: 1992-03-04
  phones: ['+447700900123', 07700 900999]
  emails: [mark@example.org]
  accounts: ['instagram: @marky_e']
  addresses: ['12 Ash Grove, Leeds']
  vehicles: [{make: Ford, model: Focus, colour: silver, plate: AB12 CDE}]
  description: "yes — 6'1\", # beard,\n  leading spaces kept ☕"
orders:
  - {kind: non-molestation order, made: 2026-10-20, reference: FD26P00123,
     court: Family Court at Leeds}
victim:
  name: Claire Bennett
  contact: 07700 900456 (text first)
EOF
n=$(nstore)
path=$(ilog-case < "$TMP/case.yaml" 2> "$TMP/err"); rc=$?
is "ilog-case < case.yaml: exit 0, one record's path" \
	"$rc $(nstore) $(echo "$path" | grep -c '\.yaml\.gpg$')" "0 $((n + 1)) 1"
case_id=$(basename "$path" .yaml.gpg)
ilog-case < /dev/null > "$TMP/shown"
is "ilog-case shows it, with its ID" "$(sed -n 's/^id: //p' "$TMP/shown")" \
	"$case_id"
# PyYAML reads back exactly what was typed
cat > "$TMP/same.py" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
b = yaml.safe_load(open(sys.argv[2]))
for k in ('id', 'recorded', 'prev', 'kind'):
    b.pop(k, None)
def norm(v):
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return str(v) if not isinstance(v, str) else v
if norm(a) != norm(b):
    print(norm(a), norm(b), file=sys.stderr)
    sys.exit(1)
EOF
ok "PyYAML reads the shown case as the YAML typed, byte for byte" \
	pyyaml "$TMP/same.py" "$TMP/case.yaml" "$TMP/shown"
ok "... 'yes' and the phone numbers are strings, not a boolean or numbers" \
	pyyaml -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); \
sys.exit(not (d["suspect"]["phones"] == ["+447700900123", "07700 900999"]))' \
	"$TMP/shown"
is "dates are kept as days or times, as given" \
	"$(grep -c -e '^  ended: 2026-07-18$' -e '  - date: 2026-08-02$' \
	-e 'date: 2026-07-25T10:00:00+01:00' "$TMP/shown")" 3

ilog-ls > "$TMP/ls"
is "ilog-ls does not list the case as an incident" \
	"$(grep -c "$case_id" "$TMP/ls")" 0
ilog-tag +x "$case_id" > /dev/null 2> "$TMP/err"
is "ilog-tag on the case record: exit 2, told to use ilog-case" \
	"$? $(grep -c 'is the case record (ilog-case' "$TMP/err")" "2 1"

n=$(nstore)
ilog-case < "$TMP/case.yaml" > "$TMP/out" 2> "$TMP/err"
is "the same case again: exit 0, no change, nothing written" \
	"$? $(nstore) $(cat "$TMP/err")" \
	"0 $n ilog-case: no change: nothing written"

# amended: the order was extended; the contact changed
sed -e 's/^  contact: .*/  contact: through PC 1234 Smith/' \
	-e 's/reference: FD26P00123,/reference: FD26P00123, expires: 2027-10-20,/' \
	"$TMP/case.yaml" > "$TMP/case2.yaml"
am=$(ilog-case -m 'order extended' < "$TMP/case2.yaml")
is "an amended case: one more record" "$(nstore)" "$((n + 1))"
ilog-case < /dev/null > "$TMP/shown"
is "ilog-case shows the current state" \
	"$(grep -c -e 'contact: through PC 1234 Smith' -e 'expires: 2027-10-20' \
	"$TMP/shown")" 2
ilog-show --raw "$case_id" > "$TMP/raw"
is "ilog-show --raw CASE: the case as written, then its amendment" \
	"$(grep -c '^---$' "$TMP/raw") $(grep -c '^kind: case$' "$TMP/raw") \
$(grep -c "^amends: \[$case_id\]$" "$TMP/raw") $(grep -c '^note: order extended$' "$TMP/raw")" \
	"2 1 1 1"
is "... the first version unchanged" \
	"$(sed -n '2,/^---$/p' "$TMP/raw" | grep -c 'contact: .07700 900456')" 1
ilog-case -r > "$TMP/raw2"
ok "ilog-case -r shows the same history" cmp -s "$TMP/raw" "$TMP/raw2"
ok "the amendment changes only what changed" \
	sh -c "sed -n '/^amends:/,\$p' '$TMP/raw' | grep -q '^  orders:' &&
	! sed -n '/^amends:/,\$p' '$TMP/raw' | grep -q '^  background:'"

# mistakes are refused by name, and nothing is written
refused() {	# refused WHAT MESSAGE INPUT: the case INPUT is refused so
	n=$(nstore)
	printf "$3" | ilog-case > "$TMP/out" 2> "$TMP/err"
	rc=$?
	is "$1: exit 2, one line, nothing written" \
		"$rc $(wc -l < "$TMP/err") $(nstore)" "2 1 $n"
	is "... it says: $2" "$(grep -c -F "$2" "$TMP/err")" 1
}
refused "a key ilog(5) does not name" "did you mean phones?" \
	'suspect:\n  phone: 07700 900123\n'
refused "a date that is not one" "background.ended: not a date 'last summer'" \
	'background:\n  ended: last summer\n'
refused "a list where fields go" "suspect: must be a set of fields" \
	'suspect: [Mark]\n'
refused "a list where text goes" "victim.name: must be text" \
	'victim:\n  name: [a, b]\n'
refused "nothing of the case" "no field of the case given" 'id: x\n'

# in $EDITOR: the template, filled in; empty fields left out
cat > "$TMP/ed" <<'SH'
#!/bin/sh
dirname "$1" > "$EDITED_IN"
sed -i -e 's/^  relationship: .*/  relationship: neighbour/' \
	-e '/^  names:/{n;s/-$/- Dave/}' "$1"
SH
chmod +x "$TMP/ed"
sleep 1	# the other device writes its case a second later
p=$(EDITOR=$TMP/ed EDITED_IN=$TMP/edited-in ilog-case -d "$TMP/other" -e \
	2> "$TMP/err"); rc=$?
is "ilog-case -e on a store with no case: the template, filled, is written" \
	"$rc $(echo "$p" | grep -c '\.yaml\.gpg$')" "0 1"
ilog-case -d "$TMP/other" < /dev/null > "$TMP/edited"
is "... what was filled in" \
	"$(grep -c -e 'relationship: neighbour' -e 'names: \[Dave\]' "$TMP/edited")" 2
cat > "$TMP/empty.py" <<'EOF'
import sys, yaml
def empty(v):
    if isinstance(v, dict):
        return not v or any(empty(x) for x in v.values())
    if isinstance(v, list):
        return not v or any(empty(x) for x in v)
    return v is None or v == ''
sys.exit(empty(yaml.safe_load(open(sys.argv[1]))))
EOF
ok "... and no field left empty" pyyaml "$TMP/empty.py" "$TMP/edited"
ok "... on tmpfs, where nothing is left" sh -c "
	case \$(cat '$TMP/edited-in') in /dev/shm/*) ;; *) exit 1 ;; esac &&
	! test -e \"\$(cat '$TMP/edited-in')\""

# two devices each wrote a case: the later one reads as setting its fields
cp "$p" "$ILOG_DIR/"
ilog-case < /dev/null > "$TMP/merged"
is "two case records: the later one's fields win, the rest kept" \
	"$(grep -c -e 'relationship: neighbour' -e 'Claire Bennett' \
	-e 'contact: through PC' -e 'Mark Ellison' "$TMP/merged")" 3
ilog-case -r | grep -c '^kind: case$' > "$TMP/n"
is "... both stay in the history" "$(cat "$TMP/n")" 2
ok "ilog-verify is clean" sh -c 'ilog-verify > /dev/null 2>&1'

done_testing
