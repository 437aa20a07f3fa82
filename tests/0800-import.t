#!/bin/sh
# ilog-import: exports a victim already holds (WhatsApp chats, SMS and MMS,
# call logs, spreadsheet logs) become incidents, exact and checkable, the
# export kept as evidence, and a second import adds only what is new.
. "$(dirname "$0")/lib.sh"

setup_store
pyyaml -c '' || echo "Bail out! python3 with PyYAML is needed"
IN=$TMP/in
mkdir "$IN"
LRM=$(printf '\342\200\216') NNBSP=$(printf '\342\200\257')

nrec() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }
nev() { if [ -d "$ILOG_DIR/evidence" ]; then count_files "$ILOG_DIR/evidence"; else echo 0; fi; }
verify_clean() { ilog-verify >/dev/null 2>"$TMP/verify.err"; }
# py FILE EXPR...: evaluate each EXPR over d, the YAML documents in FILE
py() {
	pyyaml -c 'import sys, yaml
d = [x for x in yaml.load_all(open(sys.argv[1]), Loader=yaml.BaseLoader) if x]
for x in sys.argv[2:]:
    print(eval(x))' "$@"
}
# imported OUT: the incidents whose paths are in OUT, as YAML
imported() { ilog-show $(cat "$1") > "$1.yaml"; }

# --- Android, UK dates, 24-hour clock
cat > "$IN/WhatsApp Chat with Mark.txt" <<'EOF'
12/03/2026, 21:38 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
12/03/2026, 21:40 - Mark: I saw you - at the station: 8pm
12/03/2026, 21:41 - Sam: Leave me alone
13/03/2026, 07:02 - Mark: first line
second line

  fourth, indented
13/03/2026, 07:05 - Mark: <Media omitted>
13/03/2026, 07:06 - Mark changed their phone number to a new number. Tap to message or add the new number.
EOF
n0=$(nrec)
ilog-import -n "$IN/WhatsApp Chat with Mark.txt" > "$TMP/dry" 2>"$TMP/dry.err"; rc=$?
is "-n: exit 0" "$rc" 0
is "-n: writes nothing" "$(nrec)" "$n0"
is "-n: lists the three messages from Mark" "$(wc -l < "$TMP/dry" | tr -d ' ')" 3
ok "-n: says how many are new" grep -q '3 new, 0 already' "$TMP/dry.err"

ilog-import "$IN/WhatsApp Chat with Mark.txt" > "$TMP/a1"; rc=$?
is "Android chat: exit 0" "$rc" 0
is "... one incident per message from the other party (name from the file name)" \
	"$(wc -l < "$TMP/a1" | tr -d ' ')" 3
ok "... ilog-verify is clean" verify_clean
imported "$TMP/a1"
py "$TMP/a1.yaml" '[x["occurred"] for x in d]' > "$TMP/got"
is "... times exact, with the offset" "$(cat "$TMP/got")" \
	"['2026-03-12T21:40:00+00:00', '2026-03-13T07:02:00+00:00', '2026-03-13T07:05:00+00:00']"
py "$TMP/a1.yaml" 'd[0]["details"]' 'repr(d[1]["details"])' 'd[2]["details"]' \
	'd[0]["behaviour"], d[0]["channel"]' \
	'd[0]["source"]["format"], d[0]["source"]["sender"], d[0]["source"]["position"]' \
	'all("Leave me alone" not in x.get("details", "") for x in d)' > "$TMP/got"
is "... a message holding ' - ' and ': ' is whole" "$(sed -n 1p "$TMP/got")" \
	"I saw you - at the station: 8pm"
is "... a multi-line message is whole, byte for byte" "$(sed -n 2p "$TMP/got")" \
	"'first line\\nsecond line\\n\\n  fourth, indented'"
is "... <Media omitted> is kept as the text" "$(sed -n 3p "$TMP/got")" "<Media omitted>"
is "... behaviour contact, channel text" "$(sed -n 4p "$TMP/got")" "(['contact'], 'text')"
is "... source: format, sender, position" "$(sed -n 5p "$TMP/got")" \
	"('whatsapp', 'Mark', 'line 2')"
is "... the user's own messages are left out" "$(sed -n 6p "$TMP/got")" True
py "$TMP/a1.yaml" 'len(d[0]["evidence"])' 'd[0]["evidence"][0]["name"]' \
	'len(set(x["source"]["file"] for x in d))' \
	'd[0]["source"]["file"] == d[0]["evidence"][0]["file"]' \
	'd[0]["evidence"][0]["sha256"]' 'd[0]["evidence"][0]["file"]' \
	'sum("evidence" in x for x in d)' > "$TMP/got"
is "the export is attached once, to the first incident" \
	"$(sed -n 1p "$TMP/got") $(sed -n 7p "$TMP/got")" "1 1"
is "... under its own name" "$(sed -n 2p "$TMP/got")" "WhatsApp Chat with Mark.txt"
is "... and every incident of the import points to it" \
	"$(sed -n 3p "$TMP/got") $(sed -n 4p "$TMP/got")" "1 True"
is "... its SHA-256 is the export's" "$(sed -n 5p "$TMP/got")" \
	"$(sha256sum < "$IN/WhatsApp Chat with Mark.txt" | cut -d' ' -f1)"
ilog-show -x "$ILOG_DIR/$(sed -n 6p "$TMP/got")" > "$TMP/back" 2>/dev/null
ok "... and ilog-show -x gives it back byte for byte" \
	cmp -s "$TMP/back" "$IN/WhatsApp Chat with Mark.txt"
is "one evidence file" "$(nev)" 1
ok "nothing in the store holds the text or names in the clear" sh -c \
	"! grep -rEq 'station|Mark|Sam' '$ILOG_DIR'"

# the report: one row for one sender's messages of one day, texts in full
ilog-md < "$TMP/a1" > "$TMP/a1.md"
sed -n '/^## Timeline/,/^## Exhibits/p' "$TMP/a1.md" | grep '^| [0-9]' > "$TMP/rows"
is "the report: a row per sender and day, with count and span" "$(cat "$TMP/rows")" \
"| 1 | 2026-03-12 | 21:40 | as sent | contact |  | WhatsApp message from Mark: I saw you - at the station: 8pm |  |
| 2$(printf '\342\200\223')3 | 2026-03-13 | 07:02$(printf '\342\200\223')07:05 | as sent | contact |  | 2 WhatsApp messages from Mark, 07:02$(printf '\342\200\223')07:05 |  |"
ok "... the export is an exhibit, given to the first incident" \
	grep -q '^| EX/1 | WhatsApp Chat with Mark.txt | .* | 1 | ' "$TMP/a1.md"
ok "... the texts stay in full under the incidents" grep -q 'fourth' "$TMP/a1.md"
ok "... and the pattern counts each message" grep -q '^| contact | 3 |' "$TMP/a1.md"
ilog-add -s 'Car outside' -b watching -w '2026-03-13 07:03' > "$TMP/car"
cat "$TMP/a1" "$TMP/car" | ilog-md > "$TMP/a1car.md"
sed -n '/^## Timeline/,/^## Exhibits/p' "$TMP/a1car.md" | grep '2026-03-13' \
	| cut -d'|' -f4,8 > "$TMP/rows"
is "... another incident between them leaves the day's messages one row" \
	"$(cat "$TMP/rows")" \
" 07:02$(printf '\342\200\223')07:05 | 2 WhatsApp messages from Mark, 07:02$(printf '\342\200\223')07:05 
 07:03 | Car outside "

# --- re-import, and a later export of the same chat from another device
n1=$(nrec) e1=$(nev)
out=$(ilog-import "$IN/WhatsApp Chat with Mark.txt"); rc=$?
is "a re-import: exit 0" "$rc" 0
is "... prints nothing" "$out" ""
is "... writes nothing, not even evidence" "$(nrec) $(nev)" "$n1 $e1"
{
	printf 'Some lines first\n'
	sed 1d "$IN/WhatsApp Chat with Mark.txt"
	printf '14/03/2026, 22:00 - Mark: Answer me\n14/03/2026, 22:00 - Mark: Answer me\n'
} > "$IN/later.txt"
ilog-import --from Mark "$IN/later.txt" > "$TMP/a2"; rc=$?
is "an overlapping export (other name, other lines): exit 0" "$rc" 0
is "... adds only the two new messages" "$(wc -l < "$TMP/a2" | tr -d ' ')" 2
is "... and attaches itself once" "$(nev)" $((e1 + 1))
imported "$TMP/a2"
is "two identical messages in the same minute stay two" \
	"$(py "$TMP/a2.yaml" '[x["details"] for x in d]')" "['Answer me', 'Answer me']"
ok "... ilog-verify is clean" verify_clean
printf '14/03/2026, 22:00 - Mark: Answer me\n14/03/2026, 22:00 - Mark: Answer me\n14/03/2026, 22:00 - Mark: Answer me\n' \
	> "$IN/three.txt"
is "a third one alike in that minute is the only new one" \
	"$(ilog-import --from Mark "$IN/three.txt" | wc -l | tr -d ' ')" 1
n2=$(nrec)
is "importing both again adds nothing" \
	"$(ilog-import --from Mark "$IN/later.txt" "$IN/three.txt" | wc -l | tr -d ' ') $(nrec)" "0 $n2"

# --- a chat of two people with no name to go by
printf '13/03/2026, 21:40 - Mark: one\n13/03/2026, 21:41 - Sam: two\n' > "$IN/chat.txt"
n2=$(nrec) e2=$(nev)
ilog-import "$IN/chat.txt" > /dev/null 2>"$TMP/err"; rc=$?
is "two senders and no --from: exit 2" "$rc" 2
is "... one line, asking for --from" "$(wc -l < "$TMP/err" | tr -d ' ') $(grep -c -- '--from' "$TMP/err")" "1 1"
ilog-import -n "$IN/chat.txt" > "$TMP/out" 2>/dev/null
is "... -n lists the senders with their counts" "$(cat "$TMP/out")" "$(printf '1\tMark\n1\tSam')"
ilog-import --from Nobody "$IN/chat.txt" > /dev/null 2>"$TMP/err"; rc=$?
is "a chat with no messages from --from: exit 2" "$rc" 2
is "... one line naming the file" "$(wc -l < "$TMP/err" | tr -d ' ') $(grep -c 'chat.txt: no messages from Nobody' "$TMP/err")" "1 1"
is "... nothing written" "$(nrec) $(nev)" "$n2 $e2"

# --- date order
printf '1/2/2026, 21:40 - Mark: which day?\n' > "$IN/order.txt"
ilog-import --from Mark "$IN/order.txt" > /dev/null 2>"$TMP/err"; rc=$?
is "dates that do not tell day from month: exit 2" "$rc" 2
ok "... asks for --date-order" grep -q 'date-order dmy or mdy' "$TMP/err"
ilog-import -n --from Mark --date-order mdy "$IN/order.txt" > "$TMP/out" 2>/dev/null
is "--date-order mdy reads 1/2 as 2 January" "$(cut -c1-16 "$TMP/out")" "2026-01-02T21:40"

# --- iOS: brackets, seconds, U+200E; the chat's name on its first notice
{
	printf '%s[14/05/2026, 09:15:42] Mark: %sMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n' "$LRM" "$LRM"
	printf '[14/05/2026, 09:15:42] Mark: Morning. I watched you leave\r\n'
	printf '[14/05/2026, 09:16:03] Sam: Stop\r\n'
	printf '%s[14/05/2026, 09:17:59] Mark: %s<attached: 00000012-PHOTO-2026-05-04-09-17-59.jpg>\r\n' "$LRM" "$LRM"
} > "$IN/_chat.txt"
ilog-import "$IN/_chat.txt" > "$TMP/i1"; rc=$?
is "iOS chat: exit 0, two messages from the party the chat names" \
	"$rc $(wc -l < "$TMP/i1" | tr -d ' ')" "0 2"
imported "$TMP/i1"
py "$TMP/i1.yaml" '[x["occurred"] for x in d]' '"|".join(x["details"] for x in d)' > "$TMP/got"
is "... seconds kept; summer time's offset" "$(sed -n 1p "$TMP/got")" \
	"['2026-05-14T09:15:42+01:00', '2026-05-14T09:17:59+01:00']"
is "... <attached: FILE> kept as the text, U+200E and all" "$(sed -n 2p "$TMP/got")" \
	"Morning. I watched you leave|${LRM}<attached: 00000012-PHOTO-2026-05-04-09-17-59.jpg>"
ok "... ilog-verify is clean" verify_clean

# --- US export: m/d/yy, 12-hour clock with U+202F before AM/PM
{
	printf '7/14/26, 9:05%sPM - Jordan Lee: Are you home?\n' "$NNBSP"
	printf '7/14/26, 11:58%sPM - Jordan Lee: I can see your light on\n' "$NNBSP"
	printf '7/15/26, 12:01%sAM - Jordan Lee: Answer\n' "$NNBSP"
	printf '7/15/26, 12:30%sPM - Alex: Please stop\n' "$NNBSP"
} > "$IN/WhatsApp Chat with Jordan Lee.txt"
TZ=America/New_York ilog-import "$IN/WhatsApp Chat with Jordan Lee.txt" > "$TMP/u1"; rc=$?
is "US chat: exit 0, three messages" "$rc $(wc -l < "$TMP/u1" | tr -d ' ')" "0 3"
imported "$TMP/u1"
is "... month first, 12-hour times, in the phone's zone (TZ)" \
	"$(py "$TMP/u1.yaml" '[x["occurred"] for x in d]')" \
	"['2026-07-14T21:05:00-04:00', '2026-07-14T23:58:00-04:00', '2026-07-15T00:01:00-04:00']"
ok "... ilog-verify is clean" verify_clean

# --- the clocks changing (Europe/London: 29 March forward, 25 October back)
{
	printf '29/03/2026, 00:59 - Mark: before\n29/03/2026, 02:00 - Mark: after\n'
	printf '25/10/2026, 00:59 - Mark: summer\n25/10/2026, 01:30 - Mark: the hour twice\n'
	printf '25/10/2026, 02:00 - Mark: winter\n'
} > "$IN/dst.txt"
ilog-import --from Mark "$IN/dst.txt" > "$TMP/d1"
imported "$TMP/d1"
is "the clocks changing: each side gets its own offset" \
	"$(py "$TMP/d1.yaml" '[x["occurred"] for x in d]')" \
	"['2026-03-29T00:59:00+00:00', '2026-03-29T02:00:00+01:00', '2026-10-25T00:59:00+01:00', '2026-10-25T01:30:00+01:00', '2026-10-25T02:00:00+00:00']"
ilog-import -n --tz America/New_York --from Mark "$IN/dst.txt" > "$TMP/out" 2>/dev/null
is "--tz ZONE reads the same chat in another zone" "$(cut -c1-25 "$TMP/out" | head -n 2 | tr '\n' ' ')" \
	"2026-03-29T00:59:00-04:00 2026-03-29T02:00:00-04:00 "
ilog-import --tz Nowhere/Atall "$IN/dst.txt" > /dev/null 2>"$TMP/err"; rc=$?
is "--tz with an unknown zone: exit 2, one line" "$rc $(wc -l < "$TMP/err" | tr -d ' ')" "2 1"

# --- SMS Backup & Restore: SMS and MMS, emoji as surrogate pairs
cat > "$IN/sms-20261201100000.xml" <<'EOF'
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.18.110 on 01/12/2026 10:00:00-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
<smses count="4" backup_set="0d1" backup_date="1764583200000" type="full">
  <sms protocol="0" address="+447700900123" date="1764540000000" type="1" subject="null" body="I know where you are &#55357;&#56832;&#10;tonight" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="1764539990000" sub_id="1" readable_date="30 Nov 2026 22:00:00" contact_name="Mark" />
  <sms protocol="0" address="07700 900123" date="1764540060000" type="2" subject="null" body="Please stop" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" sub_id="1" readable_date="30 Nov 2026 22:01:00" contact_name="Mark" />
  <sms protocol="0" address="+447700900123" date="1764540061000" type="1" body="&lt;b&gt; &amp; &quot;quotes&quot; &#xD83D;&#xDE21;" readable_date="30 Nov 2026 22:01:01" contact_name="Mark" />
  <mms date="1764540120000" rr="null" sub="null" ct_t="application/vnd.wap.multipart.related" msg_box="1" address="+447700900123" text_only="0" m_type="132" readable_date="30 Nov 2026 22:02:00" contact_name="Mark">
    <parts>
      <part seq="-1" ct="application/smil" name="null" chset="null" cl="smil.xml" text='&lt;smil&gt;&lt;body&gt;&lt;par&gt;&lt;img src="IMG.jpg"/&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;' />
      <part seq="0" ct="image/jpeg" name="IMG.jpg" chset="null" cl="IMG.jpg" text="null" data="/9j/4AAQSkZJRgABAQ==" />
      <part seq="0" ct="text/plain" name="null" chset="106" cl="txt000.txt" text="Nice car. Shame about the tyres" />
    </parts>
    <addrs>
      <addr address="+447700900123" type="137" charset="106" />
      <addr address="+447700900999" type="151" charset="106" />
    </addrs>
  </mms>
</smses>
EOF
ilog-import "$IN/sms-20261201100000.xml" > "$TMP/s1"; rc=$?
is "SMS backup: exit 0, three messages (one sender: no --from needed)" \
	"$rc $(wc -l < "$TMP/s1" | tr -d ' ')" "0 3"
ok "... ilog-verify is clean" verify_clean
imported "$TMP/s1"
py "$TMP/s1.yaml" 'repr(d[0]["details"])' 'd[1]["details"]' 'd[2]["details"]' \
	'[x["occurred"] for x in d]' '[x["source"]["format"] for x in d]' \
	'd[0]["source"]["number"], d[0]["source"]["sender"]' \
	'all("Please stop" not in x.get("details", "") for x in d)' > "$TMP/got"
is "... surrogate-pair references import as the emoji" "$(sed -n 1p "$TMP/got")" \
	"'I know where you are 😀\\ntonight'"
is "... hex ones too, with the other references read" "$(sed -n 2p "$TMP/got")" '<b> & "quotes" 😡'
is "... an MMS: its text part, not the SMIL or the picture" "$(sed -n 3p "$TMP/got")" \
	"Nice car. Shame about the tyres"
is "... dates are milliseconds, UTC" "$(sed -n 4p "$TMP/got")" \
	"['2025-11-30T22:00:00+00:00', '2025-11-30T22:01:01+00:00', '2025-11-30T22:02:00+00:00']"
is "... formats" "$(sed -n 5p "$TMP/got")" "['sms', 'sms', 'mms']"
is "... sender's number and name" "$(sed -n 6p "$TMP/got")" "('+447700900123', 'Mark')"
is "... the user's sent message is left out" "$(sed -n 7p "$TMP/got")" True
out=$(ilog-import "$IN/sms-20261201100000.xml"); rc=$?
is "SMS re-import: nothing, exit 0" "$rc:$out" "0:"

# A surrogate pair cut by the 64 KiB reads, at every byte of it
pad=$(printf '<!-- %065500d -->' 0 | wc -c)
i=0 fails=0
while [ $i -le 17 ]; do
	f=$IN/split-$i.xml
	{
		printf "<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n"
		head=$(( 65536 - 47 - 8 - 57 - i ))
		printf '<!--%*s-->\n' "$head" ''
		printf '<sms address="+447700900555" date="1764540000000" type="1" body="x&#55357;&#56832;y" />\n</smses>\n'
	} > "$f"
	ilog-import -n "$f" 2>/dev/null | grep -q 'x😀y' || fails=$((fails + 1))
	i=$((i + 1))
done
is "a pair split across reads imports as the emoji, wherever the cut" "$fails" 0

# A lone half of a pair: the replacement character, not a refused file
printf "<?xml version='1.0'?>\n<smses><sms address=\"1234567\" date=\"1764540000000\" type=\"1\" body=\"a&#55357;b\" /></smses>\n" > "$IN/lone.xml"
ilog-import -n "$IN/lone.xml" > "$TMP/out" 2>&1
ok "a lone surrogate becomes U+FFFD" grep -q "a$(printf '\357\277\275')b" "$TMP/out"

# --- truncated XML: one line, exit 2, nothing written
n3=$(nrec) e3=$(nev)
head -c 900 "$IN/sms-20261201100000.xml" > "$IN/sms-cut.xml"
ilog-import "$IN/sms-cut.xml" > "$TMP/out" 2>"$TMP/err"; rc=$?
is "truncated XML: exit 2" "$rc" 2
is "... one line naming the file" "$(wc -l < "$TMP/err" | tr -d ' ') $(grep -c "^ilog-import: $IN/sms-cut.xml: line" "$TMP/err")" "1 1"
is "... nothing written" "$(nrec) $(nev) $(wc -c < "$TMP/out" | tr -d ' ')" "$n3 $e3 0"
ilog-import "$IN/WhatsApp Chat with Jordan Lee.txt" "$IN/sms-cut.xml" > /dev/null 2>&1
is "... even with a good file before it" "$(nrec) $(nev)" "$n3 $e3"

# --- two senders in an SMS backup
sed 's/+447700900123" date="1764540061000"/+447700900777" date="1764540061000"/' \
	"$IN/sms-20261201100000.xml" > "$IN/sms-two.xml"
ilog-import "$IN/sms-two.xml" > /dev/null 2>"$TMP/err"; rc=$?
is "an SMS backup with two senders and no --from: exit 2" "$rc" 2
ilog-import -n --from 07700900777 "$IN/sms-two.xml" > "$TMP/out" 2>/dev/null
is "--from a number written another way picks that sender" "$(wc -l < "$TMP/out" | tr -d ' ')" 1

# --- call log
cat > "$IN/calls-20261201100000.xml" <<'EOF'
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<calls count="6" backup_set="x" backup_date="1764583200000" type="full">
  <call number="+447700900123" duration="0" date="1764543600000" type="3" presentation="1" subscription_id="1" post_dial_digits="" readable_date="30 Nov 2026 23:00:00" contact_name="Mark" />
  <call number="+447700900123" duration="125" date="1764544200000" type="1" presentation="1" readable_date="30 Nov 2026 23:10:00" contact_name="Mark" />
  <call number="+447700900123" duration="31" date="1764544800000" type="4" presentation="1" readable_date="30 Nov 2026 23:20:00" contact_name="Mark" />
  <call number="+447700900123" duration="0" date="1764545400000" type="5" presentation="1" readable_date="30 Nov 2026 23:30:00" contact_name="Mark" />
  <call number="+447700900123" duration="0" date="1764546000000" type="6" presentation="1" readable_date="30 Nov 2026 23:40:00" contact_name="Mark" />
  <call number="+447700900123" duration="40" date="1764546600000" type="2" presentation="1" readable_date="30 Nov 2026 23:50:00" contact_name="Mark" />
</calls>
EOF
ilog-import "$IN/calls-20261201100000.xml" > "$TMP/c1"; rc=$?
is "call log: exit 0, five calls (the user's own left out)" "$rc $(wc -l < "$TMP/c1" | tr -d ' ')" "0 5"
imported "$TMP/c1"
py "$TMP/c1.yaml" '[x["summary"] for x in d]' 'set(x["channel"] for x in d)' \
	'd[1]["until"]' '[x["source"]["format"] for x in d][0]' > "$TMP/got"
is "... missed, incoming, voicemail, rejected, blocked" "$(sed -n 1p "$TMP/got")" \
	"['Missed call from Mark', 'Call from Mark, 2 min 5 s', 'Voicemail from Mark, 31 s', 'Rejected call from Mark', 'Blocked call from Mark']"
is "... channel phone" "$(sed -n 2p "$TMP/got")" "{'phone'}"
is "... the duration recorded (until)" "$(sed -n 3p "$TMP/got")" "2025-11-30T23:12:05+00:00"
ok "... ilog-verify is clean" verify_clean
ilog-import -f sms "$IN/calls-20261201100000.xml" > /dev/null 2>"$TMP/err"; rc=$?
is "-f sms on a call log: exit 2" "$rc" 2

# --- CSV, the spreadsheet a victim kept
cat > "$IN/log.csv" <<'EOF'
date,time,summary,behaviour,location,details,vehicle.plate,police.reference
2026-06-01,21:40,Grey car outside again,"watching, loitering",Elm Street,"He sat there, engine running.
He said ""I'll wait""",AB12 CDE,NC-0106
2026-06-02,08:00,Followed to the bus stop,following,,,,
EOF
ilog-import "$IN/log.csv" > "$TMP/v1"; rc=$?
is "CSV: exit 0, one incident per row" "$rc $(wc -l < "$TMP/v1" | tr -d ' ')" "0 2"
imported "$TMP/v1"
py "$TMP/v1.yaml" 'd[0]["occurred"]' 'd[0]["behaviour"]' 'repr(d[0]["details"])' \
	'd[0]["vehicle"]["plate"], d[0]["police"]["reference"]' 'd[0]["source"]["format"]' > "$TMP/got"
is "... date and time make occurred" "$(sed -n 1p "$TMP/got")" "2026-06-01T21:40:00+01:00"
is "... a list of behaviours" "$(sed -n 2p "$TMP/got")" "['watching', 'loitering']"
is "... quoted commas, quotes and newlines" "$(sed -n 3p "$TMP/got")" \
	"'He sat there, engine running.\\nHe said \"I\\'ll wait\"'"
is "... dotted names" "$(sed -n 4p "$TMP/got")" "('AB12 CDE', 'NC-0106')"
is "... source" "$(sed -n 5p "$TMP/got")" "csv"
ok "... ilog-verify is clean" verify_clean
is "CSV re-import adds nothing" "$(ilog-import "$IN/log.csv" | wc -l | tr -d ' ')" 0
printf 'occurred,summary,mood\n2026-06-03 10:00,x,angry\n' > "$IN/bad.csv"
n4=$(nrec)
ilog-import "$IN/bad.csv" > /dev/null 2>"$TMP/err"; rc=$?
is "an unknown column: exit 2, nothing written" "$rc $(nrec)" "2 $n4"
ok "... the error names it" grep -q "unknown column 'mood'" "$TMP/err"

# --- the examples of ilog-import(1)
mkdir "$TMP/ex"
cp "$IN/WhatsApp Chat with Mark.txt" "$TMP/ex/"
(
	cd "$TMP/ex" || exit 1
	ilog-import -n 'WhatsApp Chat with Mark.txt' || exit 1
	printf 'date,time,summary,behaviour\n2026-06-01,21:40,Car outside,watching\n' \
	    > log.csv
	ilog-import log.csv
) > "$TMP/ex/out" 2>/dev/null
is "the man page's examples run" "$?:$(grep -c '\.yaml\.gpg$' "$TMP/ex/out")" "0:1"

ok "ilog-verify is clean at the end" verify_clean
done_testing
