#!/bin/sh
# ilog-import refuses an export holding what no record can hold (bytes that
# are not UTF-8, dates past the four-digit years, calls that last ages):
# one line naming the file and line, exit 2, and nothing of any export
# written, not even the evidence. (Found by the fuzz targets whatsapp, csv
# and sms; their corpora keep the inputs.)
. "$(dirname "$0")/lib.sh"

setup_store
IN=$TMP/in
mkdir "$IN"
nstore() { count_files "$ILOG_DIR"; }
verify_clean() { ilog-verify > /dev/null 2>&1; }

# refused FILE WHAT MESSAGE [FILES...]: importing FILES (FILE by default)
# fails, naming FILE and MESSAGE, and writes nothing
refused() {
	f=$1 what=$2 msg=$3
	shift 3
	[ $# -eq 0 ] && set -- "$f"
	n=$(nstore)
	ilog-import --from Mark "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	is "$what: exit 2" "$rc" 2
	is "... one line naming the file" "$(wc -l < "$TMP/err" | tr -d ' ') $(grep -c "^ilog-import: $f: $msg" "$TMP/err")" "1 1"
	is "... nothing written, not even evidence" "$(nstore) $(wc -c < "$TMP/out" | tr -d ' ')" "$n 0"
	ok "... ilog-verify is clean" verify_clean
}

printf '13/03/2026, 21:40 - Mark: fine\n13/03/2026, 21:41 - Mark: bad \352 byte\n' \
	> "$IN/chat.txt"
refused "$IN/chat.txt" "a chat with a byte that is not UTF-8" \
	"line 2: [a-z]*: holds bytes that are not UTF-8"

printf 'date,time,summary,details\n2026-06-01,21:40,x,"bad \352 byte"\n' \
	> "$IN/log.csv"
ilog-import "$IN/log.csv" > /dev/null 2> "$TMP/err"
is "a CSV row with a byte that is not UTF-8: exit 2, its line named" \
	"$?:$(cat "$TMP/err")" \
	"2:ilog-import: $IN/log.csv: line 2: details: holds bytes that are not UTF-8"

# A spreadsheet's dates are written out: one relative to the clock would
# be another time at each import (so an import run again would add the
# rows again). Found by the csv fuzz target (its corpus keeps the input).
printf 'date,time,summary\n2026-06-01,21:40,fine\n-01h,,Car outside\n' \
	> "$IN/relative.csv"
refused "$IN/relative.csv" "a CSV row dated -01h" \
	"line 3: occurred: a date relative to now '-01h' (a spreadsheet's dates are written out, as 2026-11-27 21:40)$"
printf 'date,time,summary\nyesterday,21:40,x\n' > "$IN/yesterday.csv"
refused "$IN/yesterday.csv" "a CSV row dated yesterday" \
	"line 2: occurred: a date relative to now 'yesterday 21:40'"
printf 'occurred,until,summary\n2026-06-01 21:40,now,x\n' > "$IN/until.csv"
refused "$IN/until.csv" "a CSV row until now" "line 2: until: a date relative to now 'now'"
printf 'occurred,noted,summary\n2026-06-01 21:40,today,x\n' > "$IN/noted.csv"
refused "$IN/noted.csv" "a CSV row noted today" "line 2: noted: a date relative to now 'today'"
printf 'occurred,summary,police.reported\n2026-06-01 21:40,x,-2d\n' > "$IN/reported.csv"
refused "$IN/reported.csv" "a CSV row reported two days ago" \
	"line 2: police.reported: a date relative to now '-2d'"

calls() {	# calls DATE DURATION: a call log of one call from Mark
	printf '<?xml version="1.0"?>\n<calls>\n<call number="+447700900123" duration="%s" date="%s" type="1" contact_name="Mark" />\n</calls>\n' "$2" "$1"
}
calls 17645436000002026 0 > "$IN/calls-year.xml"
refused "$IN/calls-year.xml" "a call in the year 561131" \
	"line 3: date is not a time in milliseconds '17645436000002026'"
calls '' 0 > "$IN/calls-nodate.xml"
refused "$IN/calls-nodate.xml" "a call with an empty date" \
	"line 3: date is not a time in milliseconds ''"
calls 1764543600000 9223372036854775807 > "$IN/calls-long.xml"
refused "$IN/calls-long.xml" "a call of 2^63 seconds" \
	"line 3: duration is not a call's length in seconds '9223372036854775807'"

# a good export with a bad one: neither is written
printf '13/03/2026, 21:40 - Mark: fine\n' > "$IN/good.txt"
refused "$IN/chat.txt" "a good chat and a bad one" "line 2:" \
	"$IN/good.txt" "$IN/chat.txt"
ilog-import -n --from Mark "$IN/good.txt" "$IN/chat.txt" > /dev/null 2> "$TMP/err"
is "-n says so too" "$?:$(grep -c "line 2: .*not UTF-8" "$TMP/err")" "2:1"

printf 'date,time,summary\n2026-06-01,21:40,fine\n' > "$IN/written-out.csv"
is "a CSV log with its dates written out still imports" \
	"$(ilog-import "$IN/written-out.csv" | wc -l | tr -d ' ')" 1
calls 1764543600000 125 > "$IN/calls-ok.xml"
is "a good call log still imports" \
	"$(ilog-import "$IN/calls-ok.xml" | wc -l | tr -d ' ')" 1
ok "ilog-verify is clean at the end" verify_clean
done_testing
