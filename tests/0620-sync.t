#!/bin/sh
# Two devices, one log: a laptop and a phone each record, tag, edit, attach
# and withdraw on their own copy; merging them by plain copying (a cloud
# drive) or by git never conflicts, and both end with the same log.
. "$(dirname "$0")/lib.sh"
export HOME=$TMP GIT_CONFIG_NOSYSTEM=1 GIT_MERGE_AUTOEDIT=no

# The laptop's key is the victim's; the phone has its own key and GnuPG home.
export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
V=$(newkey laptop)
P=$(GNUPGHOME=$GNUPGHOME2 newkey phone)
GNUPGHOME=$GNUPGHOME2 gpg --export "$P" | gpg --batch --quiet --import 2>/dev/null
gpg --export "$V" | GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --import 2>/dev/null
# each device certifies the other's key (after comparing fingerprints)
GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --quick-lsign-key "$V" > /dev/null 2>&1
gpg --batch --quiet --quick-lsign-key "$P" > /dev/null 2>&1
ilog-init "$V" "$P" 2>/dev/null

# on DIR HOME COMMAND...: run COMMAND on one device's copy with its own key
on() {
	d=$1 h=$2; shift 2
	ILOG_DIR=$d GNUPGHOME=$h XDG_CACHE_HOME=$h.cache "$@"
}
# state DIR HOME: the log as that device sees it
state() { on "$1" "$2" ilog-ls -a | on "$1" "$2" ilog-show; }
editor() {	# editor NAME SUMMARY: a fake $EDITOR that rewrites the summary
	printf '#!/bin/sh\nsed -i "s/^summary: .*/summary: %s/" "$1"\n' "$2" \
		> "$TMP/$1"
	chmod +x "$TMP/$1"
}
newest() { ls "$1"/*.yaml.gpg | tail -n 1 | sed 's|.*/||; s|\.yaml\.gpg$||'; }
summary() { on "$1" "$2" ilog-show "$3" | sed -n 's/^summary: //p'; }
# conflicts A B: names on both sides with different bytes (cp -n would
# silently keep one of them)
conflicts() {
	(cd "$1" && find . -type f ! -path './.git/*') | while read -r f; do
		[ -e "$2/$f" ] && ! cmp -s "$1/$f" "$2/$f" && echo "$f"
	done
}
# changes DIR HOME TAG: one device's day: an incident, a tag, an edit of the
# second incident, an attachment to the first, a withdrawn fourth
changes() {
	on "$1" "$2" ilog-add -w 'today 09:00' -s "Seen by the $3" -b watching \
		> /dev/null
	on "$1" "$2" ilog-tag "+$3" "-$4" "$id1" > /dev/null
	tag_id=$(newest "$1")
	editor "ed-$3" "Wording from the $3"
	EDITOR=$TMP/ed-$3 on "$1" "$2" ilog-edit "$id2" > /dev/null
	edit_id=$(newest "$1")
	printf '%s photo\n' "$3" > "$TMP/$3.jpg"
	on "$1" "$2" ilog-attach "$id1" "$TMP/$3.jpg" > /dev/null
	on "$1" "$2" ilog-withdraw -m "entered twice on the $3" "$5" > /dev/null
}

i=1
while [ $i -le 5 ]; do
	printf -- '---\noccurred: 2026-10-0%d 21:00\nsummary: Incident %d\nbehaviour: [watching]\ntags: [car, night]\n' \
		$i $i
	i=$((i + 1))
done | ilog-add > /dev/null
set -- $(ilog-ls | sed 's|.*/||; s|\.yaml\.gpg$||')
id1=$1 id2=$2 id3=$3 id4=$4

# --- a cloud drive: plain copies ------------------------------------------
L=$TMP/laptop PH=$TMP/phone
cp -a "$ILOG_DIR" "$L"
cp -a "$ILOG_DIR" "$PH"
changes "$L" "$GNUPGHOME" laptop car "$id3"
ledit=$edit_id ltag=$tag_id
changes "$PH" "$GNUPGHOME2" phone night "$id4"
pedit=$edit_id ptag=$tag_id

is "no file name exists on both devices with different content" \
	"$(conflicts "$L" "$PH")" ""
(cd "$L" && find . -type f) | while read -r f; do
	[ -e "$PH/$f" ] || { mkdir -p "$PH/${f%/*}"; cp -n "$L/$f" "$PH/$f"; }
done
(cd "$PH" && find . -type f) | while read -r f; do
	[ -e "$L/$f" ] || { mkdir -p "$L/${f%/*}"; cp -n "$PH/$f" "$L/$f"; }
done
ok "after copying both ways the folders are identical" diff -r "$L" "$PH"
is "no sync-conflict copies" \
	"$(find "$L" "$PH" -name '*onflict*' -o -name '*(1)*' | wc -l)" 0
lstate=$(state "$L" "$GNUPGHOME")
ok "the laptop reads the merged log" test -n "$lstate"
is "the phone reads the same current state (ilog-ls -a | ilog-show)" \
	"$(state "$PH" "$GNUPGHOME2")" "$lstate"
is "and the same scan" "$(on "$PH" "$GNUPGHOME2" ilog-ls | on "$PH" \
	"$GNUPGHOME2" ilog-scan)" "$(on "$L" "$GNUPGHOME" ilog-ls |
	on "$L" "$GNUPGHOME" ilog-scan)"
is "both new incidents are there" \
	"$(on "$L" "$GNUPGHOME" ilog-ls | on "$L" "$GNUPGHOME" ilog-scan |
	grep -c 'Seen by the')" 2
is "both withdrawals apply (hidden from ilog-ls)" \
	"$(on "$PH" "$GNUPGHOME2" ilog-ls | grep -c -e "$id3" -e "$id4")" 0
is "withdrawn incidents are still there (ilog-ls -a)" \
	"$(on "$PH" "$GNUPGHOME2" ilog-ls -a | grep -c -e "$id3" -e "$id4")" 2
# each device added its own tag and removed one: applied in ID order
if [ "$ltag" \< "$ptag" ]; then order="[laptop, phone]"
else order="[phone, laptop]"; fi
is "tag changes from both devices apply, in ID order, on both" \
	"$(on "$L" "$GNUPGHOME" ilog-show "$id1" | sed -n 's/^tags: //p') $(
	on "$PH" "$GNUPGHOME2" ilog-show "$id1" | sed -n 's/^tags: //p')" \
	"$order $order"
if [ "$ledit" \> "$pedit" ]; then later=laptop; else later=phone; fi
is "of two edits, the later amendment (by ID) wins, on both" \
	"$(summary "$L" "$GNUPGHOME" "$id2") / $(summary "$PH" "$GNUPGHOME2" "$id2")" \
	"Wording from the $later / Wording from the $later"
is "both attachments are listed" \
	"$(on "$PH" "$GNUPGHOME2" ilog-show "$id1" | grep -c '^ *name: .*\.jpg')" 2
is "ilog-verify passes on the laptop" \
	"$(on "$L" "$GNUPGHOME" ilog-verify 2>&1)" \
	"15 records, 2 evidence files: no problem found"
is "and on the phone" "$(on "$PH" "$GNUPGHOME2" ilog-verify 2>&1)" \
	"15 records, 2 evidence files: no problem found"
is "both compute the same seal" "$(on "$PH" "$GNUPGHOME2" ilog-seal)" \
	"$(on "$L" "$GNUPGHOME" ilog-seal)"

# --- git: a bare remote, two clones ---------------------------------------
ilog-init --git 2>/dev/null
is "ilog-init --git makes the store a repository, all committed" \
	"$(git -C "$ILOG_DIR" status --porcelain)" ""
git clone -q --bare "$ILOG_DIR" "$TMP/remote.git"
GL=$TMP/glaptop GP=$TMP/gphone
git clone -q "$TMP/remote.git" "$GL"
git clone -q "$TMP/remote.git" "$GP"
git -C "$GL" config user.name Laptop; git -C "$GL" config user.email l@example.org
git -C "$GP" config user.name Phone; git -C "$GP" config user.email p@example.org
nl=$(git -C "$GL" rev-list --count HEAD)
changes "$GL" "$GNUPGHOME" laptop car "$id3"
ledit=$edit_id
changes "$GP" "$GNUPGHOME2" phone night "$id4"
pedit=$edit_id
is "every change on the laptop was committed" \
	"$(git -C "$GL" status --porcelain)" ""
is "and on the phone" "$(git -C "$GP" status --porcelain)" ""
ok "the laptop made a commit for each write" \
	test "$(git -C "$GL" rev-list --count HEAD)" -ge $((nl + 6))

gsync() {	# gsync DIR HOME: pull then push, through the ilog dispatcher
	on "$1" "$2" ilog git pull -q --no-rebase > "$TMP/pull" 2>&1 &&
		on "$1" "$2" ilog git push -q > /dev/null 2>&1
}
ok "the laptop pushes" gsync "$GL" "$GNUPGHOME"
ok "the phone pulls (a merge) and pushes without conflict" gsync "$GP" "$GNUPGHOME2"
ok "no conflict reported" sh -c "! grep -qi conflict '$TMP/pull'"
ok "the laptop pulls" gsync "$GL" "$GNUPGHOME"
ok "the histories were merged (a merge commit)" \
	test "$(git -C "$GL" rev-list --merges --count HEAD)" -ge 1
is "both are at the same commit" "$(git -C "$GL" rev-parse HEAD)" \
	"$(git -C "$GP" rev-parse HEAD)"
is "nothing unmerged or uncommitted" \
	"$(git -C "$GL" status --porcelain; git -C "$GP" status --porcelain)" ""
lstate=$(state "$GL" "$GNUPGHOME")
is "the same current state on both" "$(state "$GP" "$GNUPGHOME2")" "$lstate"
if [ "$ledit" \> "$pedit" ]; then later=laptop; else later=phone; fi
is "the later edit wins on both" \
	"$(summary "$GL" "$GNUPGHOME" "$id2") / $(summary "$GP" "$GNUPGHOME2" "$id2")" \
	"Wording from the $later / Wording from the $later"
is "ilog-verify is clean on the laptop" \
	"$(on "$GL" "$GNUPGHOME" ilog-verify 2>&1)" \
	"15 records, 2 evidence files: no problem found"
is "and on the phone" "$(on "$GP" "$GNUPGHOME2" ilog-verify 2>&1)" \
	"15 records, 2 evidence files: no problem found"
done_testing
