#!/bin/sh
# make demo: the whole pipeline on the sample log, with a throwaway key.
set -e
TOP=$(cd "$(dirname "$0")/.." && pwd)
PATH="$TOP/bin:$PATH"
DEMO=$(mktemp -d /tmp/ilog-demo.XXXXXX)
export GNUPGHOME="$DEMO/gnupg" ILOG_DIR="$DEMO/store"
export XDG_CACHE_HOME="$DEMO/cache"
mkdir -m 700 "$GNUPGHOME"
trap 'gpgconf --kill all' EXIT

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

echo "A throwaway GnuPG home and key in $GNUPGHOME (your own keys are not used)"
gpg --batch --quiet --passphrase '' --quick-gen-key \
	'Demo Victim <demo@example.org>' ed25519 sign never 2>/dev/null
FPR=$(gpg --with-colons --list-keys demo@example.org 2>/dev/null |
	awk -F: '/^fpr/ { print $10; exit }')
gpg --batch --quiet --passphrase '' --quick-add-key "$FPR" cv25519 encr \
	never 2>/dev/null

step ilog-init "$FPR"
ilog-init "$FPR"
step "ilog-add < tests/sample.yaml   # 14 incidents, Aug-Nov 2026"
ilog-add < "$TOP/tests/sample.yaml" | sed 's|^|  |'
if [ -x "$TOP/bin/ilog-case" ]; then
	step "ilog-case < tests/sample-case.yaml   # the suspect, orders, when told to stop"
	ilog-case < "$TOP/tests/sample-case.yaml" | sed 's|^|  |'
fi
step "ilog-add -w 'yesterday 21:40' -s 'Grey car opposite the house again' -b watching -t car,night"
ilog-add -w 'yesterday 21:40' -s 'Grey car opposite the house again' \
	-b watching -t car,night
if [ -x "$TOP/bin/ilog-attach" ] && [ -x "$TOP/bin/ilog-pick" ]; then
	# a stand-in for the photo of the slashed tyres
	printf 'JPEG stand-in: photo of the slashed tyres, 17 Oct 2026\n' \
		> "$DEMO/IMG_4471.jpg"
	step "ilog-attach -n 'photo of the tyres, taken the same morning' \"\$(ilog-ls | ilog-pick -b property-damage)\" IMG_4471.jpg"
	ilog-attach -n 'photo of the tyres, taken the same morning' \
		"$(ilog-ls | ilog-pick -b property-damage)" "$DEMO/IMG_4471.jpg" |
		sed 's|^|  |'
fi
step "ls -A \$ILOG_DIR   # file names say nothing about the content"
ls -A "$ILOG_DIR" | head -n 4; echo "  ..."
step "ilog-ls | ilog-scan"
ilog-ls | ilog-scan
if [ -x "$TOP/bin/ilog-pick" ] && [ -x "$TOP/bin/ilog-tag" ]; then
	step "ilog-ls | ilog-pick -b threats -s 2026-10-01 | ilog-tag +for-court | ilog-scan"
	ilog-ls | ilog-pick -b threats -s 2026-10-01 | ilog-tag +for-court |
		ilog-scan
fi
if [ -x "$TOP/bin/ilog-verify" ]; then
	step "ilog-verify && ilog-seal --given-to 'PC 2417 Hughes'   # the report lists the hand-over"
	ilog-verify
	ilog-seal --given-to 'PC 2417 Hughes'
fi
if [ -x "$TOP/bin/ilog-md" ]; then
	step "ilog-ls | ilog-md -T 'Incidents: Mark Ellison' -A 'Claire Bennett' > $DEMO/report.md"
	ilog-ls | ilog-md -T 'Incidents: Mark Ellison' -A 'Claire Bennett' \
		> "$DEMO/report.md"
	if command -v pandoc >/dev/null && command -v weasyprint >/dev/null; then
		step "ilog-ls | ilog-md -T 'Incidents: Mark Ellison' -A 'Claire Bennett' -o $DEMO/report.pdf"
		ilog-ls | ilog-md -T 'Incidents: Mark Ellison' \
			-A 'Claire Bennett' -o "$DEMO/report.pdf"
		echo
		echo "The report is in $DEMO/report.md and $DEMO/report.pdf"
	else
		echo
		echo "The report is in $DEMO/report.md"
		echo "(with pandoc and weasyprint, ilog-md -o report.pdf makes a PDF:"
		echo " make deps installs them)"
	fi
else
	echo
	echo "The scan above is the demo's output (the report comes with ilog-md)."
fi
echo "To try more commands on this store:"
echo "  export GNUPGHOME=$GNUPGHOME ILOG_DIR=$ILOG_DIR PATH=$TOP/bin:\$PATH"
