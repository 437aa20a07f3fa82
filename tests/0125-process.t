#!/bin/sh
# Every program starts the same way: files it makes are the user's alone
# (umask 077), it leaves no core file, and another program running as the
# same user cannot read its memory or environment through /proc.
. "$(dirname "$0")/lib.sh"

skip() { ntest=$((ntest + 1)); echo "ok $ntest - $1 # SKIP $2"; }
umask 022
setup_store
chmod 711 "$TMP"
mkdir -m 777 "$TMP/w"
mkfifo -m 666 "$TMP/w/in"
# look AS PROGRAM...: start PROGRAM waiting on its stdin (as the user
# nobody when AS is "other" and we are root), look at it in /proc, end it
look() {
	as=$1; shift
	if [ "$as" = other ]; then
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
	"$@" sh -c '$1 <> "$2" > /dev/null 2>&1 & pid=$!
		sleep 0.3
		grep "^Umask:" /proc/$pid/status
		grep "^Max core file size" /proc/$pid/limits
		if cat /proc/$pid/environ > /dev/null 2>&1; then
			echo environ readable; else echo environ unreadable; fi
		kill $pid' sh "$PROG" "$TMP/w/in" > "$TMP/seen" 2>&1
}
for PROG in "ilog-add" "ilog-pick -g x" "ilog-tag +x" "ilog-scan" "ilog-show" \
    "ilog-md"; do
	name=${PROG%% *}
	look self
	is "$name: umask 077" "$(sed -n 's/^Umask:[[:space:]]*//p' "$TMP/seen")" 0077
	is "$name: no core file (limit 0)" \
		"$(awk '/^Max core file size/ { print $5, $6 }' "$TMP/seen")" "0 0"
done
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	PROG=ilog-add look other
	is "another program of the same user cannot read ilog-add's /proc" \
		"$(tail -n 1 "$TMP/seen")" "environ unreadable"
else
	skip "not dumpable" "needs root and setpriv to run as another user"
fi

# what the programs create is private, whatever the umask they were given
is "ilog-init made the store 0700 under umask 022" \
	"$(stat -c %a "$ILOG_DIR")" 700
ilog-add -s 'private files' > /dev/null
is "every file in the store and the cache is the user's alone" \
	"$(find "$ILOG_DIR" "$XDG_CACHE_HOME" -type f -perm /077 2>/dev/null)" ""
done_testing
