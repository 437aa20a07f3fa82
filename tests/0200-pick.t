#!/bin/sh
# ilog-pick: which incidents each filter picks, on a known set of eight
. "$(dirname "$0")/lib.sh"

setup_store

# Eight incidents, named alpha..hotel in the order they happened, added in
# another order; each text field holds a word found nowhere else.
ilog-add > "$TMP/added" <<'YAML'
occurred: 2026-10-07T12:00:00+01:00
summary: echo
behaviour: [threats]
tags: [phone, draft]
---
occurred: 2026-08-15T10:00:00+01:00
summary: alpha
behaviour: [gifts]
tags: [draft]
---
occurred: 2026-10-08T00:00:00+01:00
summary: golf
behaviour: [watching]
tags: [night, draft]
suspect:
  clothing: mustard raincoat
  voice: gravelly whisper
---
occurred: 2026-09-01T12:00:00+01:00
summary: bravo
behaviour: [following, loitering]
witnesses:
  - name: Wilhelmina Ostrander
    saw: saw him through a periscope
---
occurred: 2026-10-07T23:30:00+01:00
summary: foxtrot
behaviour: [threats]
tags: [phone]
details: |
  He said he would bring a PinEapple.
  Second line.
police:
  reported: 2026-10-08T09:00:00+01:00
  reference: REF-8841
  officer: PC 77 Quill
---
occurred: 2026-10-06T23:59:00+01:00
summary: charlie
behaviour: [threats, contact]
tags: [car]
suspect:
  name: Mallory Grimsby
  appearance: kestrel tattoo on his neck
---
occurred: 2026-11-01T09:00:00+00:00
summary: hotel
behaviour: [contact]
channel: email
police:
  reported: 2026-11-01T10:00:00+00:00
impact: I stopped going to choir.
---
occurred: 2026-10-07 00:00
summary: delta
behaviour: [following]
tags: [car, night]
location: Juniper Lane
vehicle:
  make: Vauxhall
  plate: ZX59 QRT
YAML
is "ilog-add wrote eight incidents" "$(wc -l < "$TMP/added" | tr -d ' ')" 8
paste -d ' ' "$TMP/added" - > "$TMP/map" <<'EOF2'
echo
alpha
golf
bravo
foxtrot
charlie
hotel
delta
EOF2
path_of() { awk -v s="$1" '$2 == s { print $1 }' "$TMP/map"; }
# names: the summaries of the paths on stdin, space-separated, in order
names() {
	awk 'NR == FNR { m[$1] = $2; next }
	    { printf "%s%s", sep, ($0 in m) ? m[$0] : "?"; sep = " " }
	    END { print "" }' "$TMP/map" -
}
# every incident, as ilog-ls prints them (nothing is withdrawn here)
ilog-ls > "$TMP/all"
pick() { ilog-pick "$@" < "$TMP/all" | names; }

is "ilog-ls lists them in the order they happened" "$(ilog-ls | names)" \
	"alpha bravo charlie delta echo foxtrot golf hotel"

# one filter
is "-b threats" "$(pick -b threats)" "charlie echo foxtrot"
is "-t car" "$(pick -t car)" "charlie delta"
is "-T draft" "$(pick -T draft)" "bravo charlie delta foxtrot hotel"
is "-r: police.reported set" "$(pick -r)" "foxtrot hotel"
is "-R: police.reported not set" "$(pick -R)" "alpha bravo charlie delta echo golf"

# AND across filters, OR within one
is "-b threats -t phone: both must hold" "$(pick -b threats -t phone)" "echo foxtrot"
is "-b threats -t phone -r: all three" "$(pick -b threats -t phone -r)" "foxtrot"
is "-b following -g juniper" "$(pick -b following -g juniper)" "delta"
is "-b threats -b following: either" "$(pick -b threats -b following)" \
	"bravo charlie delta echo foxtrot"
is "-t car -t phone: either" "$(pick -t car -t phone)" "charlie delta echo foxtrot"
is "-T draft -T car: neither" "$(pick -T draft -T car)" "bravo foxtrot hotel"
is "-t night -T draft" "$(pick -t night -T draft)" "delta"
is "-t phone -T draft" "$(pick -t phone -T draft)" "foxtrot"
is "-g pineapple -g choir: either" "$(pick -g pineapple -g choir)" "foxtrot hotel"

# dates: inclusive bounds, a bare date is the whole day
is "-s 2026-10-07 -u 2026-10-07: the whole day, 00:00 and 23:30 included" \
	"$(pick -s 2026-10-07 -u 2026-10-07)" "delta echo foxtrot"
is "-u 2026-10-07 covers the whole day" "$(pick -u 2026-10-07)" \
	"alpha bravo charlie delta echo foxtrot"
is "-s 2026-10-07 starts at midnight" "$(pick -s 2026-10-07)" \
	"delta echo foxtrot golf hotel"
is "-s with a time is inclusive" "$(pick -s '2026-10-07 23:30')" \
	"foxtrot golf hotel"
is "-s one minute later excludes it" "$(pick -s '2026-10-07 23:31')" "golf hotel"
is "-u with a time is that instant, inclusive" "$(pick -u '2026-10-07 00:00')" \
	"alpha bravo charlie delta"
is "-s in UTC (22:30Z = 23:30 BST)" "$(pick -s 2026-10-07T22:30Z)" \
	"foxtrot golf hotel"
is "-s 2026-10-07T23:30+01:00" "$(pick -s 2026-10-07T23:30+01:00 -u 2026-10-08)" \
	"foxtrot golf"

# -g reaches every text field
is "-g: summary" "$(pick -g charlie)" "charlie"
is "-g: details (second line of a block)" "$(pick -g '^second line')" "foxtrot"
is "-g: location" "$(pick -g 'juniper lane')" "delta"
is "-g: suspect name" "$(pick -g grimsby)" "charlie"
is "-g: suspect appearance" "$(pick -g kestrel)" "charlie"
is "-g: suspect clothing" "$(pick -g mustard)" "golf"
is "-g: suspect voice" "$(pick -g gravelly)" "golf"
is "-g: vehicle plate, as an ERE" "$(pick -g 'ZX ?59 ?QRT')" "delta"
is "-g: vehicle make" "$(pick -g vauxhall)" "delta"
is "-g: witness name" "$(pick -g ostrander)" "bravo"
is "-g: what the witness saw" "$(pick -g periscope)" "bravo"
is "-g: police reference" "$(pick -g 'REF-8841')" "foxtrot"
is "-g: police officer" "$(pick -g quill)" "foxtrot"
is "-g: impact" "$(pick -g choir)" "hotel"
is "-g ignores case (PINEAPPLE finds PinEapple)" "$(pick -g PINEAPPLE)" "foxtrot"
echo 'a photo' > "$TMP/photo.jpg"
ilog-attach -n 'photo of the ocelot' "$(path_of echo)" "$TMP/photo.jpg" >/dev/null
is "-g: evidence note (ilog-attach -n)" "$(pick -g OCELOT)" "echo"
is "-g: evidence note, with another filter" "$(pick -g ocelot -t phone -T car)" "echo"

# output in input order, from stdin and from operands
is "output keeps the order of the input (reversed)" \
	"$(ilog-ls | tac | ilog-pick -b threats | names)" "foxtrot echo charlie"
is "output keeps the order of the operands" \
	"$(ilog-pick -b threats "$(path_of foxtrot)" "$(path_of alpha)" \
		"$(path_of charlie)" "$(path_of echo)" | names)" "foxtrot charlie echo"

# current state: amendments count
ilog-tag +urgent "$(path_of bravo)" >/dev/null
is "ilog-tag +urgent, then -t urgent finds it" "$(pick -t urgent)" "bravo"
is "... and -T urgent leaves it out" "$(pick -T urgent -b following)" "delta"
ilog-tag -draft "$(path_of alpha)" >/dev/null
is "ilog-tag -draft: -t draft no longer finds it" "$(pick -t draft)" "echo golf"
cat > "$TMP/ed.sh" <<'SH'
#!/bin/sh
printf 'location: Quince Court\npolice:\n  reported: 2026-10-09T10:00:00+01:00\n' >> "$1"
SH
chmod +x "$TMP/ed.sh"
EDITOR=$TMP/ed.sh ilog-edit "$(path_of golf)" </dev/null >/dev/null 2>&1
is "a location added by ilog-edit is found by -g" "$(pick -g quince)" "golf"
is "police.reported added by ilog-edit counts for -r" "$(pick -r)" \
	"foxtrot golf hotel"
is "... and for -R" "$(pick -R)" "alpha bravo charlie delta echo"

# exit status and errors
out=$(ilog-ls | ilog-pick -b violence); rc=$?
is "no match: exit 1" "$rc" 1
is "no match: no output" "$out" ""
out=$(ilog-pick -b threats </dev/null); rc=$?
is "empty stdin is no incidents: exit 1" "$rc" 1
is "empty stdin: no output" "$out" ""
is "a match: exit 0" "$(ilog-ls | ilog-pick -b threats >/dev/null; echo $?)" 0

check_error() {	# check_error DESCRIPTION PATTERN ARGS...
	desc=$1 pat=$2; shift 2
	out=$(ilog-pick "$@" < "$TMP/all" 2>"$TMP/err"); rc=$?
	is "$desc: exit 2" "$rc" 2
	is "$desc: no output" "$out" ""
	is "$desc: one line on stderr" "$(wc -l < "$TMP/err" | tr -d ' ')" 1
	ok "$desc: the message says why" grep -q -- "^ilog-pick: .*$pat" "$TMP/err"
}
check_error "bad date" "2026-13-45" -s 2026-13-45
check_error "bad -u date" "notadate" -u notadate
check_error "unknown behaviour" "stalking" -b stalking
ok "unknown behaviour: the message lists the valid ones" sh -c \
	"grep contact '$TMP/err' | grep driving-past | grep property-damage |
	grep violence | grep online | grep -q other"
check_error "bad regex" "\\[abc" -g '[abc'
check_error "bad tag" "Car" -t Car

out=$({ echo "$TMP/store/20200101T000000Z-zzzz.yaml.gpg"; ilog-ls; } |
	ilog-pick -b threats 2>"$TMP/err"); rc=$?
is "an unknown incident in the input: exit 2" "$rc" 2
is "... the others are still picked" "$(echo "$out" | names)" \
	"charlie echo foxtrot"
ok "... and the message names it" grep -q 20200101T000000Z-zzzz "$TMP/err"

# -0: NUL-separated in and out
ilog-ls -0 | ilog-pick -0 -b threats > "$TMP/nul"
is "-0: three NUL-terminated paths" "$(tr -dc '\000' < "$TMP/nul" | wc -c | tr -d ' ')" 3
is "-0: no newline in the output" "$(tr -dc '\n' < "$TMP/nul" | wc -c | tr -d ' ')" 0
is "-0: the right incidents, in order" "$(tr '\000' '\n' < "$TMP/nul" | names)" \
	"charlie echo foxtrot"
is "-0 reads NUL-separated input" \
	"$(printf '%s\000%s\000' "$(path_of foxtrot)" "$(path_of golf)" |
		ilog-pick -0 -t phone | tr '\000' '\n' | names)" "foxtrot"

done_testing
