#!/bin/sh
# A big SMS backup (80 MB, mostly the pictures of its MMS) imports in less
# than 64 MB of memory: the export is streamed into the store as evidence,
# never held whole; it comes back byte for byte, with the SHA-256 recorded.
. "$(dirname "$0")/lib.sh"

setup_store
LIMIT=$(mem_kb 65536)	# KB, as time(1) prints it
N=80
# N picture messages from one sender, each with a 1 MB picture
pyyaml -c 'import base64, os, sys
n = int(sys.argv[1])
out = open(sys.argv[2], "w")
out.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>\n")
out.write("<smses count=\"%d\">\n" % n)
for i in range(n):
    pic = base64.b64encode(os.urandom(786432)).decode()
    out.write("  <mms date=\"%d\" msg_box=\"1\" address=\"+447700900123\" "
        "contact_name=\"Mark\">\n    <parts>\n" % (1764540000000 + i * 60000))
    out.write("      <part seq=\"0\" ct=\"image/jpeg\" name=\"IMG%d.jpg\" "
        "text=\"null\" data=\"%s\" />\n" % (i, pic))
    out.write("      <part seq=\"0\" ct=\"text/plain\" text=\"picture %d\" />\n"
        "    </parts>\n  </mms>\n" % i)
out.write("</smses>\n")' "$N" "$TMP/sms-big.xml"
ls -l "$TMP/sms-big.xml" | awk '{ print "# the export: " $5 " bytes" }'
SHA=$(sha256sum < "$TMP/sms-big.xml" | cut -c1-64)

# under SAN=1, ASan keeps up to 256 MB of freed blocks in quarantine (each
# picture's attribute is one): a small quarantine measures ilog, not ASan
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8 \
	/usr/bin/time -o "$TMP/rss" -f %M ilog-import "$TMP/sms-big.xml" \
	> "$TMP/out" 2> "$TMP/err"; rc=$?
rss=$(tail -n 1 "$TMP/rss")
is "importing an 80 MB SMS backup: exit 0, silent" "$rc $(cat "$TMP/err")" "0 "
is "... one incident per message" "$(wc -l < "$TMP/out" | tr -d ' ')" "$N"
ok "... in less than 64 MB of memory (peak $rss KB)" test "$rss" -lt "$LIMIT"
ilog-show "$(head -n 1 "$TMP/out")" > "$TMP/first.yaml"
ev() {
	pyyaml -c 'import sys, yaml
d = yaml.load(open(sys.argv[1]), Loader=yaml.BaseLoader)
print(d["evidence"][0][sys.argv[2]])' "$TMP/first.yaml" "$1"
}
is "... the export is its evidence, with its SHA-256" "$(ev sha256)" "$SHA"
is "... and its size" "$(ev size)" "$(wc -c < "$TMP/sms-big.xml" | tr -d ' ')"
ilog-show -x "$(ev file)" > "$TMP/back.xml"; rc=$?
ok "... which comes back byte for byte" cmp -s "$TMP/back.xml" "$TMP/sms-big.xml"
rm -f "$TMP/back.xml"
ilog-verify > /dev/null 2> "$TMP/err"; rc=$?
is "ilog-verify is clean" "$rc $(cat "$TMP/err")" "0 "
ilog-import "$TMP/sms-big.xml" > "$TMP/out" 2> "$TMP/err"; rc=$?
is "imported again: exit 0, nothing written" "$rc $(wc -l < "$TMP/out" | tr -d ' ')" "0 0"
is "... and no second copy of the export" "$(ls "$ILOG_DIR/evidence" | wc -l | tr -d ' ')" 1

# a linked evidence/ (git recreates links from a remote): nothing is
# written through it, and no incident either
cat > "$TMP/sms-small.xml" <<'EOF'
<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="1">
  <sms address="+447700900123" date="1764600000000" type="1" body="Outside your door" contact_name="Mark" />
</smses>
EOF
mkdir "$TMP/other"
mv "$ILOG_DIR/evidence" "$TMP/evidence.real"
ln -s ../other "$ILOG_DIR/evidence"
N0=$(ls "$ILOG_DIR" | grep -c 'yaml\.gpg$')
ilog-import "$TMP/sms-small.xml" > "$TMP/out" 2> "$TMP/err"; rc=$?
is "into a linked evidence/: exit 2, one line naming it" "$rc $(cat "$TMP/err")" \
	"2 ilog-import: $ILOG_DIR/evidence: a symbolic link: refused; nothing written"
is "... nothing in the other folder, no incident" \
	"$(ls "$TMP/other" | wc -l | tr -d ' ') $(ls "$ILOG_DIR" | grep -c 'yaml\.gpg$')" "0 $N0"

done_testing
