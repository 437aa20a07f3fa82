#!/bin/sh
# Sharing the log with an advocate: adding a second recipient re-encrypts
# every file, keeps every plaintext byte, and refuses keys that cannot be
# used before it touches anything.
. "$(dirname "$0")/lib.sh"

# The advocate: their own GnuPG home, their own cache, the same store.
export GNUPGHOME2="$TMP/g2"
mkdir -m 700 "$GNUPGHOME2"
adv() { GNUPGHOME=$GNUPGHOME2 XDG_CACHE_HOME="$TMP/cache2" "$@"; }

# every file of the store, relative to it (records, evidence, .gpg-id.gpg)
files() { (cd "$ILOG_DIR" && find . -type f ! -path './.git/*' | sort); }
sums() { (cd "$ILOG_DIR" && files | xargs sha256sum); }
# decrypt DIR [gpg-home]: every file's plaintext into DIR, by plain gpg; its
# exit status is not trusted (2 for any hidden recipient but the first)
decrypt() {
	rm -rf "$1"; mkdir -p "$1"
	files | while read -r f; do
		GNUPGHOME=${2:-$GNUPGHOME} gpg --quiet --batch --decrypt \
			"$ILOG_DIR/$f" > "$1/$(echo "${f#./}" | tr / _)" 2>/dev/null
	done
}
# every file in DIR1 non-empty and equal to the one in DIR2
same_plain() {
	[ "$(ls "$1")" = "$(ls "$2")" ] || return 1
	for f in "$1"/*; do
		[ -s "$f" ] && cmp -s "$f" "$2/${f##*/}" || {
			echo "# differs: ${f##*/}"; return 1; }
	done
}

# A store with incidents, amendments (tag, edit, withdraw) and evidence.
V=$(newkey victim)
ilog-init "$V" 2>/dev/null
ilog-add < "$TOP/tests/sample.yaml" > /dev/null
ilog-ls | head -n 3 | ilog-tag +for-court > /dev/null
first=$(ilog-ls | head -n 1)
printf '#!/bin/sh\nsed -i "s/^impact: .*/impact: Could not sleep./" "$1"\n' \
	> "$TMP/ed"
chmod +x "$TMP/ed"
EDITOR=$TMP/ed ilog-edit "$first" > /dev/null
ilog-withdraw -m 'entered twice' "$(ilog-ls | tail -n 1)" > /dev/null
printf 'photo of the car\n' > "$TMP/car.jpg"
head -c 3000 /dev/urandom > "$TMP/voicemail.m4a"
ilog-attach "$first" "$TMP/car.jpg" "$TMP/voicemail.m4a" > /dev/null
nrec=$(ls "$ILOG_DIR"/*.yaml.gpg | wc -l)
is "the store holds 14 incidents and 4 amendments" "$nrec" 18
is "and 2 evidence files" "$(ls "$ILOG_DIR/evidence" | wc -l)" 2

# The advocate makes a key and sends the public half; the victim sends theirs.
A=$(GNUPGHOME=$GNUPGHOME2 newkey advocate)
GNUPGHOME=$GNUPGHOME2 gpg --armor --export "$A" > "$TMP/advocate.asc"
gpg --batch --quiet --import "$TMP/advocate.asc" 2>/dev/null
gpg --armor --export "$V" > "$TMP/victim.asc"
adv gpg --batch --quiet --import "$TMP/victim.asc" 2>/dev/null
# each compares the other's fingerprint (in person, by phone) and certifies
# the key locally: the advocate then accepts the list the victim signed
adv gpg --batch --quiet --quick-lsign-key "$V" > /dev/null 2>&1
gpg --batch --quiet --quick-lsign-key "$A" > /dev/null 2>&1

decrypt "$TMP/before"
seal=$(ilog-seal)
scan=$(ilog-ls | ilog-scan)
show=$(ilog-ls -a | ilog-show)
list=$(files)
before=$(sums)

# Keys that cannot be used are refused before anything is touched.
refused() {	# refused WHAT WORD ARGS...: exit 2, WORD named, no file changed
	what=$1 word=$2; shift 2
	err=$(ilog-init "$@" 2>&1); rc=$?
	ok "$what: refused" test "$rc" = 2
	ok "$what: the message names the key" \
		sh -c 'printf "%s\n" "$1" | grep -q -- "$2"' - "$err" "$word"
	ok "$what: no file changed" test "$(sums)" = "$before"
}
refused "an unknown key" nobody@example.org "$V" "$A" nobody@example.org

# oldkey NAME PRIMARY-EXPIRY SUBKEY-EXPIRY: a key made in 2020 (faked clock)
oldkey() {
	gpg --batch --quiet --passphrase '' --faked-system-time 20200101T000000 \
		--quick-gen-key "$1 <$1@example.org>" ed25519 sign "$2" 2>/dev/null
	fpr=$(gpg --with-colons --list-keys "$1@example.org" 2>/dev/null |
		awk -F: '/^fpr/ { print $10; exit }')
	gpg --batch --quiet --passphrase '' --faked-system-time 20200101T000000 \
		--quick-add-key "$fpr" cv25519 encr "$3" 2>/dev/null
	echo "$fpr"
}
X=$(oldkey expired 1d 1d)
S=$(oldkey subexpired never 1d)
R=$(newkey revoked)
sed 's/^:-----BEGIN/-----BEGIN/' "$GNUPGHOME/openpgp-revocs.d/$R.rev" |
	gpg --batch --quiet --import 2>/dev/null
gpg --batch --quiet --passphrase '' --quick-gen-key \
	'signonly <signonly@example.org>' ed25519 sign never 2>/dev/null
N=$(gpg --with-colons --list-keys signonly@example.org 2>/dev/null |
	awk -F: '/^fpr/ { print $10; exit }')
refused "an expired key" "$X" "$V" "$A" "$X"
refused "a key whose encryption subkey expired" "$S" "$V" "$A" "$S"
refused "a revoked key" "$R" "$V" "$A" revoked@example.org
refused "a sign-only key" "$N" "$V" "$A" "$N"

# Sharing: the recipients are the old ones plus the advocate's.
ok "ilog-init \$(ilog-init) advocate@example.org re-encrypts" \
	ilog-init $(ilog-init) advocate@example.org 2>/dev/null
is "ilog-init alone prints both fingerprints" "$(ilog-init)" "$V
$A"
is "no file is lost, none is added" "$(files)" "$list"
changed=0
for f in "$ILOG_DIR"/*.gpg "$ILOG_DIR"/evidence/*.gpg "$ILOG_DIR/.gpg-id.gpg"; do
	printf '%s\n' "$before" | grep -q "$(sha256sum < "$f" | cut -c1-64)" ||
		changed=$((changed + 1))
done
is "every file was re-encrypted" "$changed" 21
decrypt "$TMP/after-adv" "$GNUPGHOME2"
ok "the advocate opens every file with plain gpg, plaintext unchanged" \
	same_plain "$TMP/before" "$TMP/after-adv"
ok "the files do not say whose keys open them" sh -c \
	'gpg --list-packets "$1" 2>/dev/null | grep "^:pubkey enc" |
	 grep -v -q "keyid 0000000000000000" && exit 1
	 test "$(gpg --list-packets "$1" 2>/dev/null | grep -c "^:pubkey enc")" = 2' \
	- "$first"
is "the seal is unchanged" "$(ilog-seal)" "$seal"
is "the advocate computes the same seal" "$(adv ilog-seal)" "$seal"
is "ilog-verify is clean for the victim" \
	"$(ilog-verify 2>&1 | tail -n 1)" "18 records, 2 evidence files: no problem found"
is "and for the advocate" \
	"$(adv ilog-verify 2>&1 | tail -n 1)" "18 records, 2 evidence files: no problem found"
is "the advocate's ilog-ls | ilog-scan is the victim's" \
	"$(adv ilog-ls | adv ilog-scan)" "$scan"
is "the advocate sees every incident's current state" \
	"$(adv ilog-ls -a | adv ilog-show)" "$show"

# New records go to both.
new=$(ilog-add -w 'today 08:15' -s 'Letter pushed through the door' \
	-b contact -c letter)
is "the advocate reads a record added afterwards" \
	"$(adv ilog-show "$new" | grep '^summary')" \
	"summary: Letter pushed through the door"
note=$(adv ilog-add -w 'today 10:00' -s 'Advocate: called the police with her' \
	-b other)
is "a record the advocate adds opens for the victim" \
	"$(ilog-show "$note" | grep '^summary')" \
	"summary: 'Advocate: called the police with her'"
is "ilog-verify accepts the advocate's signature" \
	"$(ilog-verify 2>&1 | tail -n 1)" "20 records, 2 evidence files: no problem found"

# Same set again, and losing one's own access, change nothing.
before=$(sums)
err=$(ilog-init "$A" "$V" 2>&1); rc=$?
ok "the same set (in any order) is accepted" test "$rc" = 0
ok "and says so" sh -c 'printf "%s\n" "$1" | grep -q "already uses"' - "$err"
is "and rewrites nothing" "$(sums)" "$before"
err=$(ilog-init $(ilog-init) advocate@example.org 2>&1); rc=$?
is "the advocate named again, already listed: exit 0, 'already uses'" \
	"$rc $(printf '%s\n' "$err" | grep -c 'already uses these recipients')" "0 1"
is "... rewrites nothing" "$(sums)" "$before"
is "... and lists each key once" "$(ilog-init)" "$V
$A"
err=$(ilog-init "$A" 2>&1); rc=$?
ok "dropping the victim's own key is refused" test "$rc" = 2
ok "with a reason" sh -c 'printf "%s\n" "$1" | grep -q "lose access"' - "$err"
is "and nothing changed" "$(sums)" "$before"

# Taking the advocate off again: new ciphertext no longer opens for them.
ilog-init "$V" 2>/dev/null
is "after removing the advocate, the list is the victim's key" "$(ilog-init)" "$V"
ok "and the advocate cannot open the re-encrypted files" \
	sh -c '! GNUPGHOME=$1 gpg -q --batch -d "$2" >/dev/null 2>&1' - \
	"$GNUPGHOME2" "$first"
done_testing
