#!/bin/sh
# The passphrase dialog cancelled (or the passphrase wrong three times):
# the message says the passphrase may be why, not only that the log is
# not encrypted to the user's keys, which reads as if it were lost.
. "$(dirname "$0")/lib.sh"

# pinentry: gives the passphrase in $TMP/pin, or is cancelled without it
cat > "$TMP/pinentry" <<SH
#!/bin/sh
echo "OK hello"
while read -r cmd rest; do
	case \$cmd in
	GETPIN) if [ -s "$TMP/pin" ]; then echo "D \$(cat "$TMP/pin")"; echo OK
		else echo "ERR 83886179 Operation cancelled <Pinentry>"; fi ;;
	BYE) echo OK; exit 0 ;;
	*) echo OK ;;
	esac
done
SH
chmod +x "$TMP/pinentry"
printf 'pinentry-program %s\n' "$TMP/pinentry" > "$GNUPGHOME/gpg-agent.conf"
echo 'a long passphrase' > "$TMP/pin"
gpg --batch --quiet --pinentry-mode loopback --passphrase 'a long passphrase' \
	--quick-gen-key 'Sam <sam@example.org>' default default never 2>/dev/null
ilog-init sam@example.org 2>/dev/null
p=$(ilog-add -s 'Car outside' -b watching 2>/dev/null)
ok "with the passphrase given, an incident is written" test -f "$p"

: > "$TMP/pin"
gpgconf --kill gpg-agent	# forgets the passphrase
rm -rf "$XDG_CACHE_HOME"
ilog-ls > /dev/null 2> "$TMP/err"; rc=$?
is "the dialog cancelled: ilog-ls exits 2" "$rc" 2
ok "... the message names the file and says the passphrase may be why" \
	grep -qxF "ilog-ls: $p: cannot decrypt: not encrypted to any of your keys, or the passphrase was not given" \
	"$TMP/err"
done_testing
