#!/bin/sh
# ilog-init: creating a store and listing its recipients
. "$(dirname "$0")/lib.sh"

FPR=$(newkey victim)
ok "ilog-init creates a store" ilog-init "$FPR"
ok "the store holds .gpg-id.gpg" test -f "$ILOG_DIR/.gpg-id.gpg"
is "no plaintext .gpg-id beside it" "$(ls -A "$ILOG_DIR")" ".gpg-id.gpg"
is "the store is private (0700)" "$(stat -c %a "$ILOG_DIR")" 700
is "ilog-init alone prints the recipients" "$(ilog-init)" "$FPR"
ok ".gpg-id.gpg does not name the key in the clear" \
	sh -c "! grep -q '$FPR' '$ILOG_DIR/.gpg-id.gpg'"
is ".gpg-id.gpg opens with plain gpg" \
	"$(gpg --quiet --batch -d "$ILOG_DIR/.gpg-id.gpg" 2>/dev/null | grep -v "^#")" "$FPR"
err=$(ilog-init -d "$TMP/other" nobody@example.org 2>&1); rc=$?
is "an unknown key is refused with exit 2" "$rc" 2
ok "the message names the key" sh -c "echo '$err' | grep -q nobody@example.org"
ok "nothing is created for an unknown key" test ! -e "$TMP/other"
is "ilog-init --help exits 0" "$(ilog-init --help >/dev/null; echo $?)" 0
ok "ilog-init --version names the program" sh -c 'ilog-init --version | grep -q "^ilog-init "'
done_testing
