#!/bin/sh
# The cache vouches for a record file by its stat, as git's index does: a
# file is read and hashed again only when its device, inode, size, mtime or
# ctime differ from what the cache saw, or when it is racily new (changed
# within two seconds of the moment the cache's run looked at it). Whatever
# an attacker does to a record, the output is what a run with no cache at
# all gives: touch -r can put the mtime back, never the ctime.
. "$(dirname "$0")/lib.sh"
# under faketime, touch -r would shift the time it copies: the real clock
realtime() { env -u LD_PRELOAD "$@"; }

setup_store
id_of() { basename "$1" .yaml.gpg; }
plain() { gpg --batch --quiet -d "$1" 2>/dev/null; }	# status not trusted
view() {
	vrc=0
	ilog-ls -a > "$TMP/paths" 2> "$TMP/err" || vrc=$?
	ilog-show < "$TMP/paths" 2>> "$TMP/err" || vrc=$?
	cat "$TMP/err"
	return $vrc
}
bare() (
	XDG_CACHE_HOME=$(mktemp -d "$TMP/bare.XXXXXX")
	export XDG_CACHE_HOME
	view
)
# opened FILE: ilog-ls opened FILE (to read and hash it)
opened() {
	strace -f -qq -e trace=open,openat -o "$TMP/trace" ilog-ls >/dev/null \
		2>&1
	grep -F "$(basename "$1")" "$TMP/trace" | grep -vq ENOENT
}

not_opened() { ! opened "$1"; }
# racy DESC FILE T0: FILE, written at T0 (seconds) and then learned by a
# view, is racily new when that view began less than 2 s after T0: then it
# must be read again. A machine too busy for that skips the check.
racy() {
	if [ $(($(date +%s) - $3)) -lt 2 ]; then
		ok "$1" opened "$2"
	else
		ok "$1 # SKIP the machine was too slow to write and read in 2 s" true
	fi
}

F1=$(ilog-add -w '2026-11-01 10:00' -s 'grey car at the gate' -b watching)
F2=$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)
t0=$(date +%s)
F3=$(ilog-add -w '2026-11-03 10:00' -s 'text at night' -b contact)
view >/dev/null
racy "a racily new file (written just before the cache) is read and hashed" \
	"$F3" "$t0"

sleep 3	# the three files are now older than any cache written from here on
view >/dev/null		# hashes F3 again, old now: the cache is written anew
ok "... and, one run later, vouched for by its stat" not_opened "$F3"
t0=$(date +%s)
F4=$(ilog-add -w '2026-11-04 10:00' -s 'flowers left' -b gifts)
view >/dev/null		# learns F4: the cache is written, seen after F1..F3
ok "an old file whose stat the cache saw is not read again" not_opened "$F1"
racy "... while the newest, racily new, still is" "$F4" "$t0"
touch "$F2"
ok "... and so is a file whose mtime was touched" opened "$F2"
want=$(bare)
is "the output equals a run with no cache" "$(view)" "$want"

# The attacker: a validly signed record of exactly the same size in the
# place of F3, its mtime set back with touch -r. Only its ctime differs.
I3=$(id_of "$F3")
plain "$F3" > "$TMP/p3"
size=$(stat -c %s "$F3")
cp -p "$F3" "$TMP/orig3"
head -c 30000 /dev/urandom | tr -dc a-z > "$TMP/noise"
k=0 found=
# compressed, and signed with numbers whose length varies: try lengths, and
# other letters of each length, until one fits
while [ "$k" -lt 1200 ]; do
	pad=$(tail -c +$((k / 80 * 17 + 1)) "$TMP/noise" | head -c $((k % 80)))
	sed "s/^summary: .*/summary: REPLACED $pad/" "$TMP/p3" |
		gpg --batch --quiet --yes --trust-model always -s -u "$FPR" \
			-e --throw-keyids -r "$FPR" -o "$TMP/forged" 2>/dev/null
	if [ "$(stat -c %s "$TMP/forged")" = "$size" ]; then found=1; break; fi
	k=$((k + 1))
done
ok "control: a forged record of exactly the old size was made" test -n "$found"
sleep 3	# F3's cached stat and the cache are old: nothing racy about it now
view >/dev/null
ok "control: before the attack, F3 is vouched for by its stat" \
	not_opened "$F3"
before=$(realtime stat -c '%s %Y %i' "$F3")
cat "$TMP/forged" > "$F3"	# the same inode, the same size
realtime touch -r "$TMP/orig3" "$F3"	# ... and the same mtime
is "control: same size and mtime as the file the cache saw" \
	"$(realtime stat -c '%s %Y %i' "$F3")" "$before"
got=$(view)
ok "the same-size, same-mtime change is seen: its new content is shown" \
	sh -c "echo \"\$1\" | grep -q 'REPLACED'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"

cp -p "$TMP/orig3" "$TMP/back"
realtime touch -r "$TMP/orig3" "$TMP/back"
sleep 3
view >/dev/null
mv "$TMP/back" "$F3"	# the original put back: another inode, old mtime
got=$(view)
ok "a file moved into a record's place, mtime kept, is seen" \
	sh -c "! echo \"\$1\" | grep -q 'REPLACED'" - "$got"
is "... exactly as without cache" "$got" "$(bare)"

# Swapped: two records' files exchanged, their mtimes kept.
sleep 3
view >/dev/null
F1T=$(realtime stat -c %y "$F1") F2T=$(realtime stat -c %y "$F2")
mv "$F1" "$TMP/swap" && mv "$F2" "$F1" && mv "$TMP/swap" "$F2"
realtime touch -d "$F1T" "$F1"
realtime touch -d "$F2T" "$F2"
got=$(view); rc=$?
echo "$got" | sed "s|$TMP|\$TMP|g; s/^/# /" | grep 'id does not'
is "two files swapped, mtimes kept: errors (exit 2)" "$rc" 2
is "... exactly as without cache" "$got" "$(bare)"

done_testing
