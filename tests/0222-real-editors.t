#!/bin/sh
# Real vim and nano, at a terminal: the incident is recorded, the user's own
# vimrc is read, and no file anywhere keeps what was typed: no viminfo,
# swap, undo or backup file, no nano history.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/editors.sh"

if ! have tmux; then
	echo "1..0 # SKIP tmux missing"
	exit 0
fi
setup_store
skip() { ntest=$((ntest + 1)); echo "ok $ntest - $1 # SKIP $2"; }

# A vimrc that keeps everything, in the real home, as some users' do
mkdir -p "$H/undo" "$H/bak" "$H/swap"
cat > "$H/.vimrc" <<VIM
set undofile undodir=$H/undo backup writebackup backupdir=$H/bak
set swapfile directory=$H/swap updatetime=100 viminfo='100,<500,:100,/100
set viminfofile=$H/.viminfo
iabbrev xqz from-the-vimrc
VIM
touch -d '1 minute ago' "$H/.vimrc"
# nano keeps its search history in XDG_DATA_HOME (Debian's nanorc sets
# historylog); as root it reads root's own nanorc, whatever HOME says
mkdir -p "$XDG_DATA_HOME"

# vi is vim on Debian (an alternatives link): it is known by where it leads
for ed in vim vi; do
	if ! have $ed || ! $ed --version 2>/dev/null | grep -q 'VIM - Vi IMproved'
	then
		skip "$ed" "$ed is not vim here"
		continue
	fi
	MARK=$ed$(rand)
	touch -d '1 second ago' "$TMP/stamp"
	n=$(nrecords)
	EDITOR=$ed term $ed "ilog-add -e"
	shows $ed 'summary:' >/dev/null
	# type the summary, yank, put and delete lines, search, save and quit
	keys $ed '/^summary' Enter A "Blue van $MARK xqz" Escape
	keys $ed '/^details' Enter j o "  He waited $MARK by the gate." Escape
	keys $ed yy p dd k dd "/$MARK" Enter u
	keys $ed ':w' Enter
	keys $ed o "  the second time $MARK" Escape ':wq' Enter
	is "$ed: ilog-add -e exits 0" "$(ended $ed)" 0
	is "$ed: one incident written" "$(nrecords)" $((n + 1))
	is "$ed: no file under the home, /tmp, /var/tmp or /dev/shm holds it" \
		"$(holders "$TMP/stamp" "$MARK")" ""
	shown=$(ilog-ls | ilog-show 2>/dev/null)
	ok "$ed: the incident holds what was typed, and the vimrc was read" \
		sh -c 'echo "$1" | grep -qx "summary: Blue van $2 from-the-vimrc"' \
		sh "$shown" "$MARK"
	is "$ed: no viminfo, undo, swap or backup file in the home" \
		"$(cd "$H" && find . -newer "$TMP/stamp" -type f)" ""
	is "$ed: nothing on stderr" "$(cat "$TMP/$ed.err")" ""
done

if ! have nano; then
	skip nano "nano missing"
else
	MARK=nano$(rand)
	touch -d '1 second ago' "$TMP/stamp"
	n=$(nrecords)
	EDITOR=nano term nano "ilog-add -e"
	shows nano 'summary:' >/dev/null
	# type, save, cut and paste lines, search, type more, save and quit
	keys nano C-w 'summary:' Enter End " Blue van $MARK" C-s
	keys nano C-w 'What happened' Enter C-k C-u C-u
	keys nano C-w 'What happened' Enter End Enter "  at the gate $MARK"
	keys nano C-w "$MARK" Enter C-s C-x
	is "nano: ilog-add -e exits 0" "$(ended nano)" 0
	is "nano: one incident written" "$(nrecords)" $((n + 1))
	is "nano: no file under the home, /tmp, /var/tmp or /dev/shm holds it" \
		"$(holders "$TMP/stamp" "$MARK")" ""
	shown=$(ilog-ls | ilog-show 2>/dev/null)
	ok "nano: the incident holds what was typed" \
		sh -c 'echo "$1" | grep -qx "summary: Blue van $2"' sh "$shown" "$MARK"
	is "nano: no history file in XDG_DATA_HOME, nothing in the home" \
		"$(find "$XDG_DATA_HOME" "$H" -newer "$TMP/stamp" -type f)" ""
fi

done_testing
