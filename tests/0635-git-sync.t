#!/bin/sh
# Two devices syncing one store through a git remote, with no global git
# configuration at all: writing on both, then pulling and pushing both
# ways, asks nothing and ends in the same log, ilog-verify clean.
. "$(dirname "$0")/lib.sh"
export HOME=$TMP/home GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
mkdir -p "$HOME"
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

V=$(newkey victim)
LAPTOP=$TMP/laptop PHONE=$TMP/phone REMOTE=$TMP/remote.git
ilog-init -d "$LAPTOP" --git "$V" 2>/dev/null
ilog-add -d "$LAPTOP" -w '2026-11-01 20:00' -s 'Car outside, first' \
	-b watching > /dev/null
git init -q --bare "$REMOTE"
git -C "$LAPTOP" remote add origin "$REMOTE"
ok "the laptop pushes to the remote" \
	git -C "$LAPTOP" push -q -u origin HEAD 2>/dev/null
git clone -q "$REMOTE" "$PHONE" 2>/dev/null
export XDG_CACHE_HOME=$TMP/phone-cache
# both devices write before either has synced
ok "the phone writes in its fresh clone with no question asked" \
	sh -c 'ilog-add -d "$1" -w "2026-11-02 08:00" -s "Followed to the bus" \
	-b following < /dev/null > /dev/null 2> "$2"' - "$PHONE" "$TMP/err"
is "... and nothing on stderr" "$(cat "$TMP/err")" ""
is "... and its write is committed" \
	"$(git -C "$PHONE" status --porcelain)" ""
ilog-tag -d "$PHONE" +bus "$(ilog-ls -d "$PHONE" | tail -n 1)" > /dev/null
XDG_CACHE_HOME=$TMP/laptop-cache ilog-add -d "$LAPTOP" \
	-w '2026-11-02 21:00' -s 'Message at night' -b contact > /dev/null
ok "the laptop pushes" git -C "$LAPTOP" push -q 2>/dev/null
ok "the phone pulls the diverged history (ilog git pull) with no question" \
	sh -c 'cd / && ilog -d "$1" git pull -q < /dev/null > "$2" 2>&1' \
	- "$PHONE" "$TMP/pull"
is "... and git printed nothing" "$(cat "$TMP/pull")" ""
ok "the phone pushes" git -C "$PHONE" push -q 2>/dev/null
ok "the laptop pulls" sh -c 'git -C "$1" pull -q < /dev/null 2>&1' - "$LAPTOP"
phone=$(ilog-ls -d "$PHONE" | ilog-scan -d "$PHONE")
laptop=$(XDG_CACHE_HOME=$TMP/laptop-cache ilog-ls -d "$LAPTOP" |
	XDG_CACHE_HOME=$TMP/laptop-cache ilog-scan -d "$LAPTOP")
is "both devices show the same log" "$phone" "$laptop"
is "with all three incidents" "$(echo "$phone" | wc -l | tr -d ' ')" 3
ok "and the phone's tag" sh -c 'echo "$1" | grep -q "Followed to the bus"' \
	- "$(echo "$laptop" | grep bus)"
is "ilog-verify on the phone is clean (a fork from two devices is normal)" \
	"$(ilog-verify -d "$PHONE" 2>&1)" \
	"4 records, 0 evidence files: no problem found"
is "ilog-verify on the laptop is clean" \
	"$(XDG_CACHE_HOME=$TMP/laptop-cache ilog-verify -d "$LAPTOP" 2>&1)" \
	"4 records, 0 evidence files: no problem found"
is "both repositories hold the same files" \
	"$(git -C "$PHONE" ls-files | sort)" "$(git -C "$LAPTOP" ls-files | sort)"
is "the remote's history names no one: only the neutral identity" \
	"$(git -C "$REMOTE" log --all --format='%an %ae %cn %ce' | sort -u)" \
	"store store@localhost store store@localhost"
is "nor the tool, in any message or attribute" \
	"$( (git -C "$REMOTE" log --all --format=%B; git -C "$REMOTE" show \
	HEAD:.gitattributes) | grep -ci ilog)" 0

# a store that is not a repository, inside one that is: ilog git refuses
git init -q "$TMP/outer"
ilog-init -d "$TMP/outer/store" "$V" 2>/dev/null
out=$(cd / && ilog -d "$TMP/outer/store" git log 2>&1); rc=$?
is "ilog git in a store that is not a repository: exit 2" "$rc" 2
is "... saying so, and how to make it one (not the outer repository's log)" \
	"$out" "ilog: git: $TMP/outer/store is not a git repository: 'ilog-init --git' makes it one"
done_testing
