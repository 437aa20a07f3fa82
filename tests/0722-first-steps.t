#!/bin/sh
# The "First steps" of ilog(7), as a new user follows them: each command
# is the one the page prints (checked against the rendered page), run in
# a fresh home with the default store. The photo goes with the incident
# the user picked from ilog-scan, also when a later entry happened
# earlier; the copy on the stick verifies and opens with the key's copy.
. "$(dirname "$0")/lib.sh"

export HOME="$TMP/home"
unset ILOG_DIR XDG_DATA_HOME
mkdir -m 700 "$HOME"
cd "$HOME" || exit 2
mandoc -Tascii "$TOP/man/ilog.7" | col -bx | sed 's/^[[:space:]]*//' \
	> "$TMP/whole"
sed -n '/^First steps$/,/^The store$/p' "$TMP/whole" > "$TMP/page"

printed() {	# printed DESCRIPTION LINE: the page shows LINE as written
	ok "$1 is printed in First steps" grep -qxF -- "$2" "$TMP/page"
}

# 1. a key (with no passphrase here: the test cannot type one)
printed "the key" "gpg --quick-gen-key 'Your Name <you@example.org>' \\"
printed "... that does not expire" "default default never"
gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
	--quick-gen-key 'Your Name <you@example.org>' default default never \
	2>/dev/null
is "the key does not expire" "$(gpg --with-colons --list-keys \
	you@example.org | awk -F: '/^pub/ { print "expires=" $7 }')" "expires="

# 2. the log
printed "ilog-init" "ilog-init you@example.org"
ok "ilog-init makes the default store" sh -c \
	'ilog-init you@example.org 2>/dev/null &&
	test -f "$HOME/.local/share/ilog/.gpg-id.gpg"'

# 3. the first entry; then one written later about the morning before
printed "ilog-add" "ilog-add -w 'yesterday 21:40' -s 'Car outside' -b watching"
ok "the first entry is written" sh -c \
	"ilog-add -w 'yesterday 21:40' -s 'Car outside' -b watching > /dev/null"
ok "an entry about earlier is written after it" sh -c \
	"ilog-add -w 'yesterday 08:15' -s 'At the bus stop' -b accosting \
	> /dev/null"

# 4. the ID from ilog-scan's second column, for the photo
printed "ilog-scan" "ilog-ls | ilog-scan"
printed "ilog-attach" "ilog-attach 20261128T145312 photo.jpg"
ilog-ls | ilog-scan > "$TMP/scan"
car=$(awk '/Car outside/ { print $3 }' "$TMP/scan")
printf 'photo\n' > photo.jpg
ok "ilog-attach takes the ID as ilog-scan shows it" sh -c \
	"ilog-attach '$car' photo.jpg > /dev/null"
is "the photo is with the car, the incident picked" \
	"$(ilog-ls | ilog-pick -g 'photo.jpg' | ilog-scan | sed 's/.*  //')" \
	"Car outside"

# 5. the report
printed "ilog-md" "ilog-ls | ilog-md -A 'Your Name' > report.md"
ilog-ls | ilog-md -A 'Your Name' > report.md
ok "the report has both incidents" sh -c \
	'grep -q "Car outside" report.md && grep -q "At the bus stop" report.md'

# 6. the copies: the stick is $TMP/stick here, not /media/stick
mkdir "$TMP/stick"
printed "the copy of the folder" "cp -r ~/.local/share/ilog /media/stick/"
printed "its check" "ilog-verify -d /media/stick/ilog"
printed "the key's copy" \
	"gpg --armor --export-secret-keys you@example.org > my-key.asc"
cp -r ~/.local/share/ilog "$TMP/stick/"
is "the copy verifies (one record for the photo, one evidence file)" \
	"$(ilog-verify -d "$TMP/stick/ilog" 2>&1)" \
	"3 records, 1 evidence file: no problem found"
gpg --armor --export-secret-keys you@example.org > my-key.asc 2>/dev/null
cp my-key.asc "$TMP/stick/"
export GNUPGHOME="$TMP/newcomputer" XDG_CACHE_HOME="$TMP/newcache"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --import "$TMP/stick/my-key.asc" 2>/dev/null
is "on a new computer, the key's copy opens the folder's copy" \
	"$(ilog-ls -d "$TMP/stick/ilog" | ilog-scan -d "$TMP/stick/ilog" |
	sed 's/.*  //' | sort)" "At the bus stop
Car outside"

# Adding an advocate's key: the fingerprint as gpg --fingerprint prints it
ok "Adding an advocate's key prints gpg --quick-lsign-key FINGERPRINT" \
	grep -qxF "gpg --quick-lsign-key FINGERPRINT" "$TMP/whole"
gpg --batch --quiet --passphrase '' --quick-gen-key \
	'Advocate <advocate@example.org>' default default never 2>/dev/null
shown=$(gpg --fingerprint advocate@example.org 2>/dev/null | sed -n 2p |
	sed 's/^ *//')
ok "... with FINGERPRINT in quotes, as printed with its spaces" sh -c \
	"gpg --batch --quiet --quick-lsign-key '$shown' > /dev/null 2>&1"

done_testing
