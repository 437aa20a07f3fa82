#!/bin/sh
# A store that is a git repository: every write is committed, git log -p
# shows decrypted text (for every recipient), and nothing a user wrote
# leaks into commit messages, file names or the repository's objects.
. "$(dirname "$0")/lib.sh"
export HOME=$TMP GIT_CONFIG_NOSYSTEM=1	# no global git configuration
export TZ=Asia/Tokyo	# commits must not carry the zone of the machine

V=$(newkey victim)
ok "ilog-init --git creates a store that is a repository" \
	ilog-init --git "$V" 2>/dev/null
g() { git -C "$ILOG_DIR" "$@"; }
count() { g rev-list --count HEAD; }
is "the store is committed" "$(g status --porcelain)" ""
is "with a textconv driver for *.gpg, named for neither tool nor user" \
	"$(cat "$ILOG_DIR/.gitattributes")" "*.gpg diff=gpg"

# commits WHAT N COMMAND...: COMMAND makes exactly N commits, leaves none
commits() {
	what=$1 want=$2; shift 2
	before=$(count)
	"$@" > /dev/null 2>&1
	is "$what: $want commit(s)" "$(( $(count) - before ))" "$want"
	is "$what: nothing left uncommitted" "$(g status --porcelain)" ""
}
# the marker word stands for what the victim writes: it must stay inside
# the ciphertext
commits "ilog-add" 1 sh -c 'echo "He said Zanzibar twice" |
	ilog-add -w "2026-11-20 22:10" -s "Zanzibar text message" -b contact \
	-t zanzibar -l "Zanzibar Road" -c text -D -'
id=$(ilog-ls | tail -n 1)
commits "ilog-add of 2 incidents on stdin" 2 sh -c 'printf -- "---
occurred: 2026-11-21 08:00
summary: Zanzibar car outside
behaviour: [watching]
---
occurred: 2026-11-22 08:00
summary: Zanzibar again
behaviour: [loitering]
witnesses:
  - name: Zanzibar Smith
" | ilog-add'
commits "ilog-tag" 1 ilog-tag +reported "$id"
printf '#!/bin/sh\nsed -i "s/^summary: .*/summary: Zanzibar, corrected/" "$1"\n' \
	> "$TMP/ed"
chmod +x "$TMP/ed"
commits "ilog-edit" 1 env EDITOR="$TMP/ed" ilog-edit "$id"
printf 'Zanzibar photo\n' > "$TMP/zanzibar-car.jpg"
commits "ilog-attach of one file (the amendment, then the file: nothing before the attach is whole)" 2 \
	ilog-attach "$id" "$TMP/zanzibar-car.jpg"
commits "ilog-withdraw" 1 ilog-withdraw -m "Zanzibar duplicate" \
	"$(ilog-ls | head -n 1)"

ok "git log -p shows the decrypted text" \
	sh -c 'git -C "$1" log -p | grep -q "^+summary: Zanzibar text message"' \
	- "$ILOG_DIR"
ok "including an edit's change" \
	sh -c 'git -C "$1" log -p | grep -q "^+  summary: .*Zanzibar, corrected"' \
	- "$ILOG_DIR"
is "no commit message holds incident text" \
	"$(g log --format=%B | grep -ci zanzibar)" 0
is "no file name does" "$(g ls-files | grep -ci zanzibar)" 0
is "no object in the repository holds plaintext" \
	"$(g cat-file --batch-all-objects --batch | grep -aci zanzibar)" 0
is "a commit message names the file only" \
	"$(g log -1 --format=%s)" "$(ls "$ILOG_DIR" | grep yaml.gpg | tail -n 1)"
is "no commit message names the program or the action" \
	"$(g log --format=%B | grep -ciE 'ilog|tag|edit|attach|withdraw|add')" 0
is "every commit is by a neutral identity" \
	"$(g log --format='%an <%ae> %cn <%ce>' | sort -u)" \
	"store <store@localhost> store <store@localhost>"
is "in UTC: the history gives no time zone" \
	"$(g log --format='%ad %cd' --date=format:%z | tr ' ' '\n' | sort -u)" "+0000"

# A clone reads the same log.
git clone -q "$ILOG_DIR" "$TMP/clone"
is "a clone (git clone) reads the same log" \
	"$(ILOG_DIR=$TMP/clone ilog-ls | ILOG_DIR=$TMP/clone ilog-scan)" \
	"$(ilog-ls | ilog-scan)"
n=$(git -C "$TMP/clone" rev-list --count HEAD)
ILOG_DIR=$TMP/clone ilog-init --git 2>/dev/null
is "ilog-init --git in a clone makes no commit" \
	"$(git -C "$TMP/clone" rev-list --count HEAD)" "$n"
ok "but sets up git log -p there" sh -c \
	'git -C "$1" log -p | grep -q "^+summary: Zanzibar text message"' \
	- "$TMP/clone"

# The dispatcher runs git in the store.
is "ilog git log --oneline lists every commit" \
	"$(cd / && ilog git log --oneline | wc -l)" "$(count)"
is "ilog -d DIR git ... runs in DIR" \
	"$(cd / && ilog -d "$TMP/clone" git rev-parse HEAD)" \
	"$(git -C "$TMP/clone" rev-parse HEAD)"

# A second recipient, whom plain gpg answers with exit 2.
export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
A=$(GNUPGHOME=$GNUPGHOME2 newkey advocate)
GNUPGHOME=$GNUPGHOME2 gpg --export "$A" | gpg --batch --quiet --import 2>/dev/null
gpg --export "$V" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
commits "re-encrypting to the advocate too" 1 ilog-init "$V" "$A"
commits "a record after sharing" 1 \
	ilog-add -w 2026-11-23 -s "Zanzibar letter" -b contact
GNUPGHOME=$GNUPGHOME2 gpg -q --batch -d "$(ilog-ls | tail -n 1)" \
	> /dev/null 2>&1
is "plain gpg run by the advocate exits 2 (the hidden-recipient quirk)" "$?" 2
ok "yet the advocate's git log -p shows the decrypted text" sh -c \
	'GNUPGHOME=$2 git -C "$1" log -p -1 | grep -q "^+summary: Zanzibar letter"' \
	- "$ILOG_DIR" "$GNUPGHOME2"
ok "also for records written before sharing, as re-encrypted" sh -c \
	'GNUPGHOME=$2 git -C "$1" log -p -1 HEAD~1 |
	 grep -q "^+summary: Zanzibar text message"' - "$ILOG_DIR" "$GNUPGHOME2"

# Adopting a repository the user made by hand keeps its history.
D=$TMP/own
ilog-init -d "$D" "$V" 2>/dev/null
ILOG_DIR=$D ilog-add -w 2026-11-01 -s "Zanzibar first" -b other > /dev/null
git -C "$D" init -q
git -C "$D" add -A
git -C "$D" -c user.name=Me -c user.email=me@example.org commit -q -m mine
ok "ilog-init --git on an existing repository succeeds" \
	ilog-init -d "$D" --git 2>/dev/null
is "its history is kept" "$(git -C "$D" log --format=%s | tail -n 1)" mine
is "and all is committed" "$(git -C "$D" status --porcelain)" ""
ok "git log -p decrypts there too" sh -c \
	'git -C "$1" log -p | grep -q "^+summary: Zanzibar first"' - "$D"
done_testing
