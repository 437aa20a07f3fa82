#!/bin/sh
# Where the editor's file may live: /dev/shm on tmpfs or ramfs (memory);
# on a disk, refused unless ILOG_FORCE_TMP=1, and then every file in the
# private directory is overwritten with zeros before it is removed.
. "$(dirname "$0")/lib.sh"

setup_store
skip() { ntest=$((ntest + 1)); echo "ok $ntest - $1 # SKIP $2"; }
# the fake editor: writes an incident, keeps a second name for its file
# and for a state file it leaves in a subdirectory, as editors' HOME
cat > "$TMP/ed" <<'SH'
#!/bin/sh
d=$(dirname "$1")
echo "$d" > "$EDLOG"
printf 'occurred: 2026-11-20 10:00\nsummary: From the editor %s\n' "$EDMARK" > "$1"
mkdir -p "$HOME/.local/state/ed"
echo "history $EDMARK" > "$HOME/.local/state/ed/history"
[ -z "$KEEP" ] || { ln "$1" "$KEEP/file" &&
	ln "$HOME/.local/state/ed/history" "$KEEP/history"; }
SH
chmod +x "$TMP/ed"
export EDITOR=$TMP/ed EDLOG=$TMP/edlog
# in_ns FSTYPE COMMAND...: COMMAND with /dev/shm replaced, in a mount
# namespace of its own (nothing outside it sees the change)
in_ns() {
	fs=$1; shift
	mkdir -p "$TMP/disk"
	unshare -m sh -c 'if [ "$0" = disk ]; then mount --bind "$1" /dev/shm
		else mount -t "$0" none /dev/shm; fi || exit 99
		shift; exec "$@"' "$fs" "$TMP/disk" "$@"
}
if ! in_ns ramfs true 2>/dev/null; then
	skip "a ramfs /dev/shm" "cannot mount here (not root?)"
	skip "a /dev/shm on disk" "cannot mount here (not root?)"
	done_testing
	exit
fi

n=$(count_files "$ILOG_DIR")
EDMARK=ram$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
in_ns ramfs ilog-add -e < /dev/null > "$TMP/out" 2> "$TMP/err"
is "a ramfs /dev/shm is memory: ilog-add -e works" "$? $(cat "$TMP/err")" "0 "
is "... the incident is written" "$(count_files "$ILOG_DIR")" $((n + 1))
is "... the editor's file was in /dev/shm" "$(cut -d/ -f1-3 "$TMP/edlog")" /dev/shm

in_ns disk ilog-add -e < /dev/null > "$TMP/out" 2> "$TMP/err"
is "a /dev/shm on disk: refused, exit 2" "$?" 2
ok "... saying the text would reach a disk, and how to go on" \
	grep -q "^ilog-add: /dev/shm is not in memory.*would reach a disk.*ILOG_FORCE_TMP=1" \
	"$TMP/err"
is "... nothing written" "$(count_files "$ILOG_DIR")" $((n + 1))

EDMARK=disk$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
KEEP=$TMP/keep
mkdir -p "$TMP/forced" "$KEEP"
KEEP=$KEEP ILOG_FORCE_TMP=1 TMPDIR=$TMP/forced in_ns disk ilog-add -e < /dev/null \
	> "$TMP/out" 2> "$TMP/err"
is "ILOG_FORCE_TMP=1: the editor runs in TMPDIR, the incident is written" \
	"$? $(count_files "$ILOG_DIR")" "0 $((n + 2))"
is "... the private directory was under TMPDIR" \
	"$(dirname "$(cat "$TMP/edlog")")" "$TMP/forced"
ok "... and is gone" test ! -e "$(cat "$TMP/edlog")"
ok "the edited file was overwritten before it was removed (size kept)" \
	test -s "$KEEP/file"
is "... with zeros only" "$(tr -d '\0' < "$KEEP/file" | wc -c)" 0
is "the editor's state file in a subdirectory: zeros too" \
	"$(test -s "$KEEP/history" && tr -d '\0' < "$KEEP/history" | wc -c)" 0
is "no file under TMPDIR holds the text" \
	"$(grep -rlF "$EDMARK" "$TMP/forced" "$TMP/disk")" ""
done_testing
