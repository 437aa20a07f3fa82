#!/bin/sh
# make install puts every program, page and completion in place with its
# mode; make uninstall takes every one of them away again.
. "$(dirname "$0")/lib.sh"

R=$TMP/root
unset MAKEFLAGS MFLAGS MAKELEVEL
# -o all: use the programs already built (the suite's own build)
mk() { make -s -C "$TOP" -o all DESTDIR="$R" PREFIX=/usr "$@" > "$TMP/out" 2>&1; }
mk install
is "make install DESTDIR=... succeeds" "$?" 0
progs=$(cd "$TOP/bin" && ls)
is "every program is installed, mode 755" \
	"$(cd "$R/usr/bin" && stat -c '%n %a' $progs)" \
	"$(for p in $progs; do echo "$p 755"; done)"
pages=$(cd "$TOP/man" && ls)
is "every man page is installed, mode 644" \
	"$(for p in $pages; do s=${p##*.}; stat -c '%n %a' "$R/usr/share/man/man$s/$p"; done)" \
	"$(for p in $pages; do s=${p##*.}; echo "$R/usr/share/man/man$s/$p 644"; done)"
is "the completions are installed, mode 644" \
	"$(stat -c %a "$R/usr/share/bash-completion/completions/ilog" \
		"$R/usr/share/zsh/site-functions/_ilog")" "644
644"
is "bash finds a completion for every program" \
	"$(for p in $progs; do test -e "$R/usr/share/bash-completion/completions/$p" \
		|| echo "$p"; done)" ""
shared=$(cd "$TOP/share/ilog" && ls)
is "the report's stylesheet, template, filter and Word reference, mode 644" \
	"$(cd "$R/usr/share/ilog" && stat -c '%n %a' $shared)" \
	"$(for f in $shared; do echo "$f 644"; done)"
is "the sample log is installed, mode 644, as in ilog(7)" \
	"$(stat -c %a "$R/usr/share/ilog/sample.yaml") $(cmp "$R/usr/share/ilog/sample.yaml" \
		"$TOP/tests/sample.yaml" && echo same)" "644 same"
is "nothing else is installed" \
	"$(find "$R" ! -type d | wc -l)" \
	"$(($(echo "$progs" | wc -l) * 2 + $(echo "$pages" | wc -l) + 2 + \
		$(echo "$shared" | wc -l)))"
ok "the installed programs run" sh -c "\"$R/usr/bin/ilog-ls\" --version > /dev/null"
mk uninstall
is "make uninstall succeeds" "$?" 0
is "make uninstall leaves no file or link behind" "$(find "$R" ! -type d)" ""
ok "nor the report's folder" test ! -e "$R/usr/share/ilog"
done_testing
