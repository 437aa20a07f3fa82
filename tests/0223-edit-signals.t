#!/bin/sh
# Killed while the editor runs: SIGTERM, SIGHUP or SIGINT sent to ilog-add
# or ilog-edit end the editor and remove its whole private directory (vim's
# swap file too); nothing is written. Control-C typed in the editor is the
# editor's own.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/editors.sh"

if ! have tmux || ! have vim; then
	echo "1..0 # SKIP tmux or vim missing"
	exit 0
fi
setup_store
P=$(ilog-add -s 'Car outside again' -l 'Elm Street')
ID=$(basename "$P" .yaml.gpg)
cat > "$H/.vimrc" <<'VIM'
set swapfile updatetime=100
VIM

# killed SIG COMMAND: COMMAND in vim; type, save, type more, then kill -SIG
killed() {
	MARK=$1$(rand)
	touch -d '1 second ago' "$TMP/stamp"
	n=$(nrecords)
	EDITOR=vim term "$1" "$2"
	shows "$1" 'summary:' >/dev/null
	dir=$(editdir "$1")
	keys "$1" '/^summary' Enter A " $MARK" Escape ':w' Enter
	keys "$1" o "location: $MARK, second time" Escape
	sleep 0.5	# time for vim to write a swap file, if it may
	swp=$(ls -a "$dir" | grep -c '\.swp$')
	kill -"$1" "$(cat "$TMP/$1.pid")"
	rc=$(ended "$1")
	ok "$1 to $2: exits non-zero ($rc)" test "$rc" != 0 -a "$rc" != none
	is "$1 to $2: the status says the signal" "$rc" "$3"
	ok "$1 to $2: the private directory is gone ($dir)" \
		test -n "$dir" -a ! -e "$dir"
	is "$1 to $2: nothing written" "$(nrecords)" "$n"
	is "$1 to $2: no file anywhere holds the text" \
		"$(holders "$TMP/stamp" "$MARK")" ""
	is "$1 to $2: vim made no swap file" "$swp" 0
	ok "$1 to $2: the editor is gone" sh -c \
		"! tmux -S '$SOCK' list-panes -t '$1' -F '#{pane_current_command}' \
		2>/dev/null | grep -q vim"
}
killed TERM "ilog-add -e" 143
killed HUP "ilog-add -e" 129
killed INT "ilog-add -e" 130
killed TERM "ilog-edit $ID" 143
killed HUP "ilog-edit $ID" 129

# Control-C typed at the terminal goes to the editor, not to ilog-add
cat > "$TMP/ctrl-c-editor" <<'SH'
#!/bin/sh
trap 'echo "# interrupted"' INT
echo "type a summary:"
while ! read -r line; do :; done
sed -i "s/^summary:.*/summary: $line/" "$1"
SH
chmod +x "$TMP/ctrl-c-editor"
n=$(nrecords)
EDITOR=$TMP/ctrl-c-editor term cc "ilog-add -e"
shows cc 'type a summary' >/dev/null
keys cc C-c
shows cc 'interrupted' >/dev/null
keys cc 'after Control-C' Enter
is "Control-C in the editor: ilog-add carries on, exit 0" "$(ended cc)" 0
is "... and writes the incident" "$(nrecords)" $((n + 1))

done_testing
