#!/bin/sh
# Every command in every man page's EXAMPLES runs, as printed, in a
# throwaway store: one TAP test per command, named PAGE:LINE.
#
# What is a command (read from the mdoc source, in .Sh EXAMPLES only):
# - a .Dl line is one command;
# - a .Bd -literal block with a line starting with "$ " is a transcript:
#   each "$ " line starts a command, and the lines after it belong to it
#   while it is unfinished (a trailing backslash, an open here-document,
#   or text that sh -n finds incomplete, such as a trailing "|" or an open
#   while ... done). The lines after a finished command, up to a line
#   "^D", are what the user types on its standard input; every other line
#   is output, shown to the reader and not compared (but "$ cat FILE"
#   shows a file the reader has: when the home lacks FILE, the test
#   writes it from the lines shown);
# - any other .Bd -literal block is a script: every line is part of a
#   command, split the same way.
# (A .Dl line elsewhere is only checked to be printed as written, on one
# line.) Escapes are decoded as mandoc prints them (\e, \&, \-, \(aq ...); a
# command must also appear as is in what mandoc -Tascii renders, so what
# runs is what the reader sees.
#
# The commands of one page run in order in one sh (so "p=$(...)", cd and
# files carry over), in $HOME, with standard input from /dev/null unless
# the page shows what is typed. A command fails when its exit status is not
# 0, or when it writes an ilog error or warning on stderr (which is how a
# failure early in a pipeline shows). Each page starts from the same home:
# the store in ~/.local/share/ilog (git, with a bare remote), seeded with
# the sample log, last night's incident and a photo, and the files the
# examples name (IMG_2041.jpg, screenshots, chat and phone backups).
# Editors are a script that "types" a change; nano and vi are that script
# too.
. "$(dirname "$0")/lib.sh"

# Commands that cannot run here, PAGE<TAB>start of command<TAB>why.
SKIPS='ilog.7	gpg --quick-gen-key	asks for a passphrase (the test makes the key without one)
ilog.5	vi /dev/shm/r.yaml	the reader types a record in an editor
ilog.5	gpg --sign --encrypt	FPR1 and FPR2 stand for the reader'"'"'s keys
ilog.5	rm /dev/shm/r.yaml	removes the record typed in vi (skipped)
ilog-show.1	xdg-open	opens a desktop viewer
ilog-verify.1	ilog-verify -d /media/usb	a USB stick'"'"'s mount point'

# missing CMD: the optional tool CMD needs that is not installed (a
# report made with -o needs pandoc, a PDF weasyprint too; jq)
missing() {
	for t in pandoc weasyprint jq; do
		case $t:$1 in
		pandoc:*" -o report."*|weasyprint:*" -o report.pdf"*|jq:*"| jq "*) ;;
		*) continue ;;
		esac
		command -v "$t" > /dev/null 2>&1 || { echo "needs $t, not installed"; return; }
	done
}

export TZ=Europe/London EDITOR="$TMP/fakebin/typing" VISUAL=
mkdir -p "$TMP/fakebin"
# the user, in the editor: adds to the summary, or writes one (the file
# is the last argument: nano is given options)
cat > "$TMP/fakebin/typing" <<'EOF'
#!/bin/sh
for f; do :; done
[ -f "$f" ] || exit 1
if grep -q '^  told_to_stop:' "$f"; then
	# the case: another time the suspect was told to stop
	sed -i '/^  told_to_stop:/a\  - {date: 2026-11-20, how: letter, by: solicitor}' "$f"
elif grep -q '^summary: *$' "$f"; then
	sed -i 's/^summary: *$/summary: Written in the editor/' "$f"
elif grep -q '^summary:' "$f"; then
	sed -i 's/^\(summary: .*\)$/\1 (checked)/' "$f"
else
	printf 'summary: Written in the editor\n' >> "$f"
fi
EOF
chmod +x "$TMP/fakebin/typing"
ln -s typing "$TMP/fakebin/nano"
ln -s typing "$TMP/fakebin/vi"
PATH="$TMP/fakebin:$PATH"

for k in claire me advocate phone laptop; do newkey "$k" > /dev/null; done

# The home every page starts from.
H0=$TMP/home0
mkdir -p "$H0/Drive"
(
	export HOME="$H0" ILOG_DIR="$H0/.local/share/ilog"
	export XDG_CACHE_HOME="$H0/.cache" XDG_DATA_HOME="$H0/.local/share"
	export XDG_CONFIG_HOME="$H0/.config"
	cd "$H0" || exit 1
	ilog-init --git claire@example.org 2>/dev/null || exit 1
	git init -q --bare "$H0/remote.git" &&
		git -C "$ILOG_DIR" remote add origin "$H0/remote.git" &&
		git -C "$ILOG_DIR" push -q -u origin HEAD 2>/dev/null || exit 1
	ilog-add < "$TOP/tests/sample.yaml" > /dev/null || exit 1
	ilog-add -w 'yesterday 21:40' -u 'yesterday 22:10' -b watching \
		-t car -t night -l 'Outside home, Elm Street' \
		-s 'Grey car parked opposite the house again' > /dev/null || exit 1
	printf 'not really a JPEG\n' > IMG_2041.jpg
	printf 'PNG one\n' > Screenshot_0412.png
	printf 'PNG two\n' > Screenshot_0413.png
	ilog-attach -n 'photo of the flowers' \
		"$(ilog-ls | ilog-pick -g 'Flowers and a')" IMG_2041.jpg \
		> /dev/null || exit 1
	cat > 'WhatsApp Chat with Mark.txt' <<-'EOF'
	12/11/2026, 21:38 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
	12/11/2026, 21:40 - Mark: I saw you at the station
	12/11/2026, 21:41 - Claire: Leave me alone
	13/11/2026, 07:02 - Mark: Answer me
	EOF
	nnbsp=$(printf '\342\200\257')
	printf '7/14/26, 9:05%sPM - Jordan Lee: Are you home?\n7/14/26, 11:58%sPM - Jordan Lee: I can see your light on\n7/15/26, 12:30%sPM - Claire: Please stop\n' \
		"$nnbsp" "$nnbsp" "$nnbsp" > _chat.txt
	cat > sms-20261201100000.xml <<-'EOF'
	<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
	<smses count="3">
	  <sms address="+447700900123" date="1764540000000" type="1" body="I know where you are" readable_date="30 Nov 2026 22:00:00" contact_name="Mark" />
	  <sms address="07700 900123" date="1764540060000" type="2" body="Please stop" readable_date="30 Nov 2026 22:01:00" contact_name="Mark" />
	  <sms address="+447700900555" date="1764540100000" type="1" body="See you at five" readable_date="30 Nov 2026 22:01:40" contact_name="Jo" />
	</smses>
	EOF
	cat > calls-20261201100000.xml <<-'EOF'
	<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
	<calls count="2">
	  <call number="+447700900123" duration="0" date="1764543600000" type="3" readable_date="30 Nov 2026 23:00:00" contact_name="Mark" />
	  <call number="+447700900555" duration="60" date="1764544200000" type="1" readable_date="30 Nov 2026 23:10:00" contact_name="Jo" />
	</calls>
	EOF
	ilog-seal > seal-2026-03-14.txt || exit 1
	gpgconf --kill gpg-agent
) || { echo "Bail out! the sample home could not be made"; exit 1; }

# Two paths stand for others: the installed sample log is read from an
# install into a DESTDIR, and /dev/shm, shared by every run on the machine,
# is a directory of the test's own.
mkdir "$TMP/shm"
R=$TMP/root
(unset MAKEFLAGS MFLAGS MAKELEVEL
 make -s -C "$TOP" -o all DESTDIR="$R" PREFIX=/usr/local install) > /dev/null ||
	{ echo "Bail out! make install failed"; exit 1; }

# extract PAGE DIR: the page's commands as DIR/N.cmd (what runs), N.in
# (its stdin), N.shown (the lines as printed); DIR/list has "N LINE".
extract() {
	awk -v dir="$2" '
	function unesc(s,   out, c, n) {
		out = ""
		while ((n = index(s, "\\")) > 0) {
			out = out substr(s, 1, n - 1)
			c = substr(s, n + 1, 1)
			s = substr(s, n + 2)
			if (c == "e") out = out "\\"
			else if (c == "&" || c == "|") ;
			else if (c == "-") out = out "-"
			else if (c == " ") out = out " "
			else if (c == "f") s = substr(s, 2)
			else if (c == "(") {
				c = substr(s, 1, 2); s = substr(s, 3)
				if (c == "aq") out = out "'"'"'"
				else if (c == "dq") out = out "\""
				else if (c == "ga") out = out "`"
				else if (c == "ti") out = out "~"
				else if (c == "ha") out = out "^"
				else if (c == "em") out = out "--"
				else if (c == "en") out = out "-"
				else bad("\\(" c)
			} else bad("\\" c)
		}
		return out s
	}
	function bad(e) {
		printf "%s: line %d: escape %s not known to the test\n", FILENAME, NR, e > "/dev/stderr"
		err = 1
	}
	function open_heredoc(l,   m, d) {
		if (!match(l, /<<-?[ ]*['"'"'"]?[A-Za-z_][A-Za-z_0-9]*/)) return
		d = substr(l, RSTART, RLENGTH); sub(/^<<-?[ ]*['"'"'"]?/, "", d)
		hd = d
	}
	function unfinished(text, last,   f) {
		if (hd != "") return 1
		if (last ~ /\\$/) return 1
		f = dir "/check"
		printf "%s\n", text > f; close(f)
		return system("sh -n " f " 2>/dev/null") != 0
	}
	function emit(line, cmd, shown, input, output,   f) {
		ncmd++
		printf "%d %d\n", ncmd, line > (dir "/list")
		f = dir "/" ncmd ".cmd"; printf "%s\n", cmd > f; close(f)
		f = dir "/" ncmd ".shown"; printf "%s\n", shown > f; close(f)
		f = dir "/" ncmd ".in"; printf "%s", input > f; close(f)
		f = dir "/" ncmd ".output"; printf "%s", output > f; close(f)
	}
	function block(   i, j, k, tr, cmd, shown, start, input, output, l) {
		tr = 0
		for (i = 1; i <= n; i++) if (b[i] ~ /^\$ /) tr = 1
		i = 1
		while (i <= n) {
			if ((tr && b[i] !~ /^\$ /) || (!tr && b[i] ~ /^[ \t]*$/)) { i++; continue }
			start = i; hd = ""
			l = tr ? substr(b[i], 3) : b[i]
			cmd = l; shown = b[i]; open_heredoc(l)
			while (unfinished(cmd, l) && i < n) {
				i++; l = b[i]; shown = shown "\n" l
				if (hd != "" && l == hd) hd = ""
				else if (hd == "") open_heredoc(l)
				cmd = cmd "\n" l
			}
			i++
			input = output = ""
			if (tr) {
				for (j = i; j <= n && b[j] !~ /^\$ /; j++)
					if (b[j] == "^D") break
				if (j <= n && b[j] == "^D")
					for (k = i; k < j; k++) input = input b[k] "\n"
				else
					for (k = i; k < j; k++) output = output b[k] "\n"
			}
			emit(ln[start], cmd, shown, input, output)
		}
	}
	/^\.Sh / { ex = ($2 == "EXAMPLES"); next }
	/^\.Dl / && !ex { printf "%d\t%s\n", NR, unesc(substr($0, 5)) > (dir "/dl"); next }
	!ex { next }
	/^\.Bd / && / -literal/ { lit = 1; n = 0; next }
	lit && /^\.Ed/ { block(); lit = 0; next }
	lit { b[++n] = unesc($0); ln[n] = NR; next }
	/^\.Dl / { hd = ""; s = unesc(substr($0, 5)); emit(NR, s, s, "") }
	END { close(dir "/list"); close(dir "/dl"); exit err }
	' "$1"
}

# stderr that means something went wrong: ilog's errors and warnings
# (not its notes of what it did), and gpg's and the shell's errors
failed_stderr() {
	grep -v -e '^ilog-init: created ' -e '^ilog-init: .* re-encrypted to ' \
		-e '^ilog-init: .* already uses these recipients$' \
		-e '^ilog-import: .*: [0-9]* new, ' -e 'scdaemon' "$1" |
		grep -E -e '^ilog[-a-z]*: ' -e '^gpg: .*(fail|can.t|error|bad|invalid)' \
			-e '^fatal: |^error: ' -e 'run\.sh: [0-9]+: ' > /dev/null
}

for page in "$TOP"/man/*.[157]; do
	name=${page##*/}
	D=$TMP/ex/$name
	mkdir -p "$D"
	: > "$D/list"
	if ! extract "$page" "$D" 2> "$D/extract.err"; then
		ntest=$((ntest + 1)); nfail=$((nfail + 1))
		echo "not ok $ntest - $name: the EXAMPLES can be read"
		sed 's/^/# /' "$D/extract.err"
		continue
	fi
	mandoc -Tascii "$page" | col -bx | sed 's/^[[:space:]]*//' > "$D/rendered"
	# a command shown with .Dl outside EXAMPLES is printed on one line,
	# as written (not wrapped, its quotes kept), so it can be typed as is
	if [ -s "$D/dl" ]; then
		wrapped=$(while IFS='	' read -r line l; do
			grep -Fxq -e "$l" "$D/rendered" || echo "$name:$line: $l"
		done < "$D/dl")
		is "$name: every .Dl line is printed as written, on one line" \
			"$wrapped" ""
	fi
	[ -s "$D/list" ] || continue
	H=$TMP/home-$name
	cp -a "$H0" "$H"
	rm -rf "$H/.cache"
	git -C "$H/.local/share/ilog" remote set-url origin "$H/remote.git"
	# the page as one script: each command's status and output to files
	: > "$D/run.sh"
	while read -r i line; do
		cmd=$(cat "$D/$i.cmd")
		why=$(printf '%s\n' "$SKIPS" | while IFS='	' read -r p start reason; do
			[ "$p" = "$name" ] || continue
			case $cmd in "$start"*) echo "$reason"; break ;; esac
		done)
		[ -n "$why" ] || why=$(missing "$cmd")
		cmd=$(printf '%s\n' "$cmd" | sed -e "s|/usr/local/share/ilog/|$R&|g" \
			-e "s|/dev/shm/|$TMP/shm/|g")
		if [ -n "$why" ]; then
			echo "$why" > "$D/$i.skip"
			continue
		fi
		f=${cmd#cat }
		case $cmd in "cat "*)
			case $f in *[!A-Za-z0-9._-]*) ;; *)
				[ -e "$H/$f" ] || cp "$D/$i.output" "$H/$f" ;;
			esac
		esac
		{
			printf '{\n%s\n} < "%s" > "%s" 2> "%s"\n' "$cmd" "$D/$i.in" \
				"$D/$i.out" "$D/$i.err"
			printf 'echo $? > "%s"\n' "$D/$i.rc"
		} >> "$D/run.sh"
	done < "$D/list"
	(
		export HOME="$H" ILOG_DIR="$H/.local/share/ilog"
		export XDG_CACHE_HOME="$H/.cache" XDG_DATA_HOME="$H/.local/share"
		export XDG_CONFIG_HOME="$H/.config"
		cd "$H" && timeout 300 sh "$D/run.sh" > /dev/null 2>&1
	)
	while read -r i line; do
		first=$(head -n 1 "$D/$i.shown" | cut -c 1-60)
		ntest=$((ntest + 1))
		if [ -f "$D/$i.skip" ]; then
			echo "ok $ntest - $name:$line: $first # SKIP $(cat "$D/$i.skip")"
			continue
		fi
		notshown=$(while IFS= read -r l; do
			l=$(printf '%s' "$l" | sed 's/^[[:space:]]*//')
			grep -Fxq -e "$l" "$D/rendered" || printf '%s\n' "$l"
		done < "$D/$i.shown")
		rc=$(cat "$D/$i.rc" 2>/dev/null || echo 'did not finish')
		if [ "$rc" = 0 ] && [ -z "$notshown" ] && ! failed_stderr "$D/$i.err"; then
			echo "ok $ntest - $name:$line: $first"
			continue
		fi
		nfail=$((nfail + 1))
		echo "not ok $ntest - $name:$line: $first"
		echo "# exit status: $rc"
		[ -n "$notshown" ] && printf '# not as mandoc prints it: %s\n' "$notshown"
		sed 's/^/# run: /' "$D/$i.cmd"
		head -n 10 "$D/$i.err" 2>/dev/null | cut -c 1-300 |
			tr -d '\000-\010\013-\037' | sed 's/^/# stderr: /'
		head -n 5 "$D/$i.out" 2>/dev/null | cut -c 1-300 |
			tr -d '\000-\010\013-\037' | sed 's/^/# stdout: /'
	done < "$D/list"
	gpgconf --kill gpg-agent
done
done_testing
