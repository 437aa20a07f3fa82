#!/bin/sh
# Nothing leaks: the text of an incident reaches no file outside the
# encrypted store, no file name, no error message; the editor's copy lives
# on tmpfs, private, and is gone afterwards.
. "$(dirname "$0")/lib.sh"

setup_store
D=$ILOG_DIR
rand() { od -An -N6 -tx1 /dev/urandom | tr -d ' \n'; }
MARK=leak$(rand)
LOG=$TMP/strace.log
TRACE=openat,open,creat,rename,link,linkat,renameat,renameat2,mkdir
ilog-add -s 'an earlier incident' > /dev/null	# warms the cache

# files under $TMP, /tmp, /dev/shm and /var/tmp changed since $1 holding $2
# (-xdev: never into other processes' mounts, which can hang the walk)
holders() {
	find "$TMP" /tmp /dev/shm /var/tmp -xdev -newer "$1" -type f \
		! -path "$LOG" -print0 2>/dev/null |
		xargs -0 -r grep -lF -- "$2" 2>/dev/null
}
# every path the traced programs meant to write, create, rename or link to
# (LeakSanitizer cannot run under ptrace: off for this one run in SAN=1 builds)
# (whether or not the call succeeded, and when strace split it in two)
written() {
	sed -n -e 's/.*open\(at\)\{0,1\}(\(AT_FDCWD, \)\{0,1\}"\([^"]*\)", [^)]*\(O_WRONLY\|O_RDWR\|O_CREAT\|O_TRUNC\).*/\3/p' \
		-e 's/.*creat("\([^"]*\)".*/\1/p' \
		-e 's/.*\(rename\|link\)[a-z2]*(.*, "\([^"]*\)".*/\2/p' \
		-e 's/.*mkdir("\([^"]*\)".*/\1/p' "$1" | sort -u
}

touch -d "1 second ago" "$TMP/stamp"
printf '%s\n' 'occurred: 2025-06-15 15:20' \
	"summary: Blue van outside the school gates $MARK" \
	'location: Oakfield Primary' 'behaviour: [watching]' \
	'tags: [school, minibus]' 'details: |' "  He waited $MARK by the railings." |
	ASAN_OPTIONS=detect_leaks=0 \
	strace -f -e trace=$TRACE -o "$LOG" ilog-add > "$TMP/path"
is "ilog-add under strace writes the incident" "$?" 0
ok "strace saw the record written" grep -q '\.yaml\.gpg' "$LOG"
written "$LOG" > "$TMP/written"
is "every file written is in the store, the GnuPG home, ilog's cache or state" \
	"$(grep -v -e "^$D/" -e "^$GNUPGHOME/" -e "^$XDG_CACHE_HOME/ilog" \
		-e "^$XDG_STATE_HOME/ilog" -e "^$XDG_STATE_HOME\$" \
		-e '^/dev/null$' -e "^$XDG_CACHE_HOME\$" \
		-e '^/dev/shm/\(sem\.\)\{0,1\}faketime_' "$TMP/written")" ""	# check-dates
is "none of the files written holds the text in plaintext" \
	"$(while read -r f; do [ -f "$f" ] && grep -lF -- "$MARK" "$f"; done \
		< "$TMP/written")" ""
is "no file changed under /tmp, /dev/shm, /var/tmp or the store holds it" \
	"$(holders "$TMP/stamp" "$MARK")" ""
p=$(ilog-add -s "A second one via argv $MARK" -l 'Oakfield Primary')
is "nor after ilog-add -s, nor after reading the store back" \
	"$(ilog-show > /dev/null < "$TMP/path"; ilog-scan < /dev/null > /dev/null
	holders "$TMP/stamp" "$MARK")" ""
is "ilog's cache is one encrypted file for the store; all its files 0600" \
	"$(find "$XDG_CACHE_HOME" -type f -name '*.gpg' | wc -l)$(find \
	"$XDG_CACHE_HOME" -type f ! -perm 600)" 1

find "$D" "$XDG_CACHE_HOME" -mindepth 1 -printf '%f\n' > "$TMP/names"
is "no file name in the store or cache holds the text" \
	"$(grep -iF -e "$MARK" -e outside -e school -e gates -e Oakfield \
		-e Primary -e watching -e minibus -e railings "$TMP/names")" ""
is "no file name holds the date it happened" \
	"$(grep -e 20250615 -e 2025-06-15 -e 1520 "$TMP/names")" ""
is "the store holds only ID.yaml.gpg files and .gpg-id.gpg" \
	"$(find "$D" -mindepth 1 -printf '%P\n' |
	grep -Ev '^([0-9]{8}T[0-9]{6}Z-[a-z0-9]+\.yaml|\.gpg-id)\.gpg$')" ""
is "no temporary file is left behind" "$(find "$D" -name '.tmp*')" ""

# Errors name the file, never what it holds: records made by hand with gpg.
hand() {	# hand ID: stdin, signed and encrypted into the store
	gpg --batch --quiet -s -e --throw-keyids -r "$FPR" -o "$D/$1.yaml.gpg"
}
B=20261201T000000Z-beh0
printf '%s\n' "id: $B" 'recorded: 2026-12-01T00:00:00Z' \
	'occurred: 2026-11-30T20:00:00Z' 'summary: valid in every other way' \
	"behaviour: [watching, stalk$MARK]" | hand $B
ilog-ls > /dev/null 2> "$TMP/err"; rc=$?
is "an unknown behaviour in a record: ilog-ls exits 2" "$rc" 2
ok "the message names the file" grep -q "$B.yaml.gpg" "$TMP/err"
ok "the message does not show the bad value" \
	sh -c "! grep -q 'stalk$MARK' '$TMP/err' && ! grep -q '$MARK' '$TMP/err'"
rm -f "$D/$B.yaml.gpg"

Y=20261201T000000Z-yam0
printf '%s\n' "id: $Y" 'recorded: 2026-12-01T00:00:00Z' \
	"summary: broken $MARK" "  details: [$MARK, {unclosed: $MARK" \
	"- $MARK: : :" | hand $Y
ilog-ls > /dev/null 2> "$TMP/err"; rc=$?
is "broken YAML in a record: ilog-ls exits 2" "$rc" 2
ok "the message names the file" grep -q "$Y.yaml.gpg" "$TMP/err"
ok "the message does not show the text" sh -c "! grep -q '$MARK' '$TMP/err'"

# the other checks on a decrypted record: none quotes what it found
i=0
for bad in "occurred: when$MARK" "channel: pigeon$MARK" "tags: [Bad$MARK]" \
    "until: 2020-01-01T00:00:00Z" "witnesses: $MARK" "police: {reported: x$MARK}" \
    "vehicle: [$MARK]" "evidence: [{size: big$MARK}]"; do
	i=$((i + 1))
	id=20261202T00000${i}Z-chk$i
	{
		printf '%s\n' "id: $id" 'recorded: 2026-12-02T00:00:00Z' \
			'summary: checks'
		case $bad in occurred*) ;; *) echo 'occurred: 2026-11-30T20:00:00Z' ;; esac
		echo "$bad"
	} | hand "$id"
done
ilog-ls > /dev/null 2> "$TMP/err"
ilog-scan < /dev/null > /dev/null 2>> "$TMP/err"
ilog-show < /dev/null > /dev/null 2>> "$TMP/err"
is "8 more bad records: ilog-ls, ilog-scan, ilog-show each name all 9" \
	"$(grep -c '\.yaml\.gpg' "$TMP/err")" 27
is "no message shows what a record holds" "$(grep -c "$MARK" "$TMP/err")" 0
is "each is one line" "$(wc -l < "$TMP/err")" 27
rm -f "$D"/2026120*Z-*.yaml.gpg

# $EDITOR: a private directory on tmpfs, removed afterwards
cat > "$TMP/ed" <<'SH'
#!/bin/sh
d=$(dirname "$1")
printf '%s\n' "$d" "$(stat -c %a "$d")" "$(stat -c %a "$1")" "$1" > "$EDLOG"
printf 'occurred: 2026-11-20 10:00\nsummary: From the editor %s\n' "$EDMARK" > "$1"
echo "swap $EDMARK" > "$d/.incident.yaml.swp"
exit "${EDEXIT:-0}"
SH
chmod +x "$TMP/ed"
EDMARK=ed$(rand)
touch -d "1 second ago" "$TMP/stamp2"
p=$(EDITOR=$TMP/ed EDLOG=$TMP/edlog EDMARK=$EDMARK ilog-add -e < /dev/null)
is "ilog-add -e records what the editor saved" \
	"$(ilog-show "$p" | grep -c "From the editor $EDMARK")" 1
is "the editor's file is on tmpfs, in /dev/shm" \
	"$(sed -n 1p "$TMP/edlog" | cut -d/ -f1-3)" /dev/shm
is "in a directory only the user can open (0700)" "$(sed -n 2p "$TMP/edlog")" 700
is "the file itself is private (0600)" "$(sed -n 3p "$TMP/edlog")" 600
ok "the file is gone afterwards" test ! -e "$(sed -n 4p "$TMP/edlog")"
ok "and its directory, with the editor's swap file" \
	test ! -e "$(sed -n 1p "$TMP/edlog")"
is "no file changed under /tmp, /dev/shm, /var/tmp or the store holds the text" \
	"$(holders "$TMP/stamp2" "$EDMARK")" ""
EDMARK=ed$(rand)
n=$(count_files "$D")
EDITOR=$TMP/ed EDLOG=$TMP/edlog EDMARK=$EDMARK EDEXIT=1 ilog-add -e \
	< /dev/null > /dev/null 2> "$TMP/err"
is "an editor that fails writes nothing" "$? $(count_files "$D")" "2 $n"
ok "and leaves nothing behind in /dev/shm" test ! -e "$(sed -n 1p "$TMP/edlog")"
ok "and its message does not show the text" sh -c "! grep -q '$EDMARK' '$TMP/err'"
done_testing
