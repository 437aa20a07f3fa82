# tests/editors.sh: real editors in a terminal, driven through tmux.
# Sourced after lib.sh by the tests that need vim or nano at a terminal.

SOCK=$TMP/tmux.sock
H=$TMP/home		# the user's home, as the editor would find it
mkdir -p "$H"
trap 'tmux -S "$SOCK" kill-server >/dev/null 2>&1; cleanup' EXIT

have() { command -v "$1" >/dev/null 2>&1; }
rand() { od -An -N6 -tx1 /dev/urandom | tr -d ' \n'; }

# term NAME COMMAND: COMMAND in a new 100x40 terminal, as the user with
# home $H and editor $EDITOR; its pid in $TMP/NAME.pid (it is exec'd), its
# stderr in $TMP/NAME.err, its exit status in $TMP/NAME.rc
term() {
	rm -f "$TMP/$1.rc" "$TMP/$1.pid"
	cat > "$TMP/$1.sh" <<SH
cd "$H"
trap : INT	# as an interactive shell, Control-C does not end it
unset VISUAL XDG_CONFIG_HOME VIMINIT
export HOME="$H" PATH="$PATH" EDITOR="$EDITOR" GNUPGHOME="$GNUPGHOME"
export ILOG_DIR="$ILOG_DIR" XDG_CACHE_HOME="$XDG_CACHE_HOME" TZ="$TZ"
export XDG_DATA_HOME="$XDG_DATA_HOME" LC_ALL="$LC_ALL"
sh -c 'echo \$\$ > "$TMP/$1.pid"; exec $2' 2> "$TMP/$1.err"
echo \$? > "$TMP/$1.rc"
SH
	tmux -S "$SOCK" -f /dev/null new-session -d -s "$1" -x 100 -y 40 \
		"sh $TMP/$1.sh"
}
keys() { s=$1; shift; tmux -S "$SOCK" send-keys -t "$s" "$@"; }
screen() { tmux -S "$SOCK" capture-pane -p -t "$1" 2>/dev/null; }
# shows NAME TEXT: wait up to 10 s until the terminal shows TEXT
shows() {
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	echo "# the terminal never showed '$2':"; screen "$1" | sed 's/^/# /'
	return 1
}
# ended NAME: wait up to 10 s for COMMAND to exit; its status on stdout
ended() {
	i=0
	while [ $i -lt 100 ] && [ ! -s "$TMP/$1.rc" ]; do
		sleep 0.1; i=$((i + 1))
	done
	cat "$TMP/$1.rc" 2>/dev/null || echo none
}
# the editor's private directory: the HOME it was given
editdir() {
	for c in $(ps -o pid= --ppid "$(cat "$TMP/$1.pid")"); do
		tr '\0' '\n' < "/proc/$c/environ" | sed -n 's/^HOME=//p'
	done
}
# holders STAMP TEXT: files changed since STAMP that hold TEXT
holders() {
	find "$TMP" /tmp /dev/shm /var/tmp -xdev -newer "$1" -type f -print0 \
		2>/dev/null | xargs -0 -r grep -lF -- "$2" 2>/dev/null | sort -u
}
nrecords() { ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$'; }
