#!/bin/sh
# ilog-ls, ilog-pick and ilog-md leave the incidents the cache holds
# undecoded until they are selected. What they print must be what a run
# with no cache gives (every record decrypted and parsed): amendments
# applied to incidents not decoded yet, withdrawn incidents hidden, the
# case and a seal found, a planted record told of.
. "$(dirname "$0")/lib.sh"

setup_store
STRANGER=$(newkey stranger)	# in the keyring, not of the store
id_of() { basename "$1" .yaml.gpg; }

I1=$(id_of "$(ilog-add -w '2026-11-01 10:00' -s 'grey car at the gate' -b watching -t car)")
I2=$(id_of "$(ilog-add -w '2026-11-02 10:00' -s 'followed to work' -b following)")
I3=$(id_of "$(ilog-add -w '2026-11-03 10:00' -s 'same text twice' -b contact)")
I4=$(id_of "$(ilog-add -w '2026-11-04 10:00' -s 'flowers left' -b gifts)")
I5=$(id_of "$(ilog-add -w '2026-10-30 22:00' -s 'car outside at night' -b watching)")
ilog-tag +car "$I5" > /dev/null
ilog-withdraw -m 'entered twice' "$I3" > /dev/null
ilog-case > /dev/null <<'EOF'
background:
  relationship: ex-partner
suspect:
  names: [Mark Ellison]
EOF
ilog-seal -g 'PC Shah' > /dev/null
# a record planted by someone else, signed by a key not of the store
P=$(id_after "$ILOG_DIR" plnt)
printf 'id: %s\nrecorded: 2026-11-05T10:00:00Z\noccurred: 2026-11-05T10:00:00+00:00\nsummary: planted\nbehaviour: [contact]\n' \
	"$P" > "$TMP/planted"
gpg --batch --quiet --yes --trust-model always -s -u "$STRANGER" -e \
	--throw-keyids -r "$FPR" -o "$ILOG_DIR/$P.yaml.gpg" "$TMP/planted" \
	2>/dev/null

# run NAME: the pipes a user runs, their output and messages in TMP/NAME.*
run() {
	{ ilog-ls; echo "rc=$?"; } > "$TMP/$1.ls" 2> "$TMP/$1.ls.err"
	{ ilog-ls -a; echo "rc=$?"; } > "$TMP/$1.all" 2>/dev/null
	ilog-ls 2>/dev/null | ilog-pick -t car > "$TMP/$1.car" 2>/dev/null
	ilog-ls 2>/dev/null | ilog-pick -t car 2>/dev/null | ilog-md 2>/dev/null |
		grep -v '^- Report made:' > "$TMP/$1.md"
	ilog-ls -a 2>/dev/null | ilog-md 2>/dev/null |
		grep -v '^- Report made:' > "$TMP/$1.whole"
}
same() { cmp -s "$TMP/cold.$1" "$TMP/warm.$1"; }

rm -rf "$XDG_CACHE_HOME"
run cold
ok "control: the first run filled the cache" \
	test -n "$(ls "$XDG_CACHE_HOME"/ilog/*.gpg 2>/dev/null)"
sleep 3	# no file is racily new for the cache the next run writes
run warm
strace -f -qq -e trace=open,openat -o "$TMP/trace" sh -c \
	'ilog-ls | ilog-pick -t car | ilog-md' > /dev/null 2>&1
ok "control: the warm pipe opens no record file" \
	sh -c "! grep -F '$ILOG_DIR/' '$TMP/trace' | grep '\.yaml\.gpg' | grep -vq ENOENT"

ok "ilog-ls lists the same, in the same order, warm as cold" same ls
ok "... and tells of the planted record the same" same ls.err
ok "... which it names" grep -q 'not by a key of this store' "$TMP/warm.ls.err"
ok "ilog-ls -a the same, the withdrawn incident too" same all
is "ilog-ls hides the withdrawn incident" \
	"$(grep -c "$I3" "$TMP/warm.ls")" 0
is "ilog-pick -t car finds the incident tagged car when added and the one tagged by an amendment" \
	"$(sed 's|.*/||; s|\.yaml\.gpg||' "$TMP/warm.car" | sort | tr '\n' ' ')" \
	"$(printf '%s\n' "$I1" "$I5" | sort | tr '\n' ' ')"
ok "... as without a cache" same car
ok "the report on them is the same, warm as cold" same md
ok "... and shows the amendment's tag" grep -q 'car outside at night' "$TMP/warm.md"
ok "the report on the whole log is the same" same whole
ok "... with the case" grep -q 'Mark Ellison' "$TMP/warm.whole"
ok "... and the seal handed over" grep -q 'PC Shah' "$TMP/warm.whole"
ok "... and the planted record named, not shown as an incident" \
	sh -c "grep -q '$P' '$TMP/warm.whole' && ! grep -q 'planted\$' '$TMP/warm.whole'"

done_testing
