# tests/lib.sh: TAP helpers and a throwaway GnuPG home for each test file.
# Sourced by tests/NNNN-name.t; never touches the user's keys or store.

TOP=$(cd "$(dirname "$0")/.." && pwd)
PATH="$TOP/bin:$PATH"
unset ILOG_DIR VISUAL EDITOR ILOG_JOBS
TMP=$(mktemp -d /tmp/ilog.XXXXXX)
export GNUPGHOME="$TMP/g" ILOG_DIR="$TMP/store" XDG_CACHE_HOME="$TMP/cache"
export XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state" TZ=Europe/London
export XDG_CONFIG_HOME="$TMP/config"
export LC_ALL=C.UTF-8
mkdir -m 700 "$GNUPGHOME"
printf 'allow-loopback-pinentry\n' > "$GNUPGHOME/gpg-agent.conf"

ntest=0
nfail=0

# mem_kb KB: a peak-memory limit, doubled under SAN=1, where ASan's shadow
# memory and its quarantine of freed blocks add as much again.
mem_kb() {
	if [ "$(cat "$TOP/src/.flavor" 2>/dev/null)" = san ]; then
		echo $(($1 * 2))
	else
		echo "$1"
	fi
}

cleanup() {
	gpgconf --kill all >/dev/null 2>&1
	[ -n "${GNUPGHOME2:-}" ] && GNUPGHOME=$GNUPGHOME2 gpgconf --kill all \
		>/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

ok() {	# ok DESCRIPTION COMMAND...: passes when COMMAND succeeds
	desc=$1; shift
	ntest=$((ntest + 1))
	if "$@"; then
		echo "ok $ntest - $desc"
	else
		echo "not ok $ntest - $desc"
		nfail=$((nfail + 1))
	fi
}

is() {	# is DESCRIPTION GOT EXPECTED
	ntest=$((ntest + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $ntest - $1"
	else
		echo "not ok $ntest - $1"
		printf '# got:      %s\n# expected: %s\n' "$2" "$3" | head -n 20
		case $1 in *'# TODO '*) ;; *) nfail=$((nfail + 1)) ;; esac
	fi
}

done_testing() {
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
}

# newkey NAME: a key with no passphrase; prints its fingerprint
newkey() {
	gpg --batch --quiet --passphrase '' --quick-gen-key "$1 <$1@example.org>" \
		ed25519 sign never 2>/dev/null
	fpr=$(gpg --with-colons --list-keys "$1@example.org" 2>/dev/null |
		awk -F: '/^fpr/ { print $10; exit }')
	gpg --batch --quiet --passphrase '' --quick-add-key "$fpr" cv25519 encr \
		never 2>/dev/null
	echo "$fpr"
}

# a store in $ILOG_DIR for a fresh key
setup_store() {
	FPR=$(newkey "${1:-victim}")
	ilog-init "$FPR" 2>/dev/null
}

# python with PyYAML: the independent reader used by the round-trip tests
pyyaml() {
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import yaml' 2>/dev/null; then
			"$py" "$@"
			return
		fi
	done
	echo "# no python3 with yaml" >&2
	return 1
}

count_files() { find "$1" -type f | wc -l | tr -d ' '; }

# id_after DIR SUFFIX [SECONDS]: an ID in a second of its own (SECONDS more)
# after every record in DIR and after the clock: the newest on any date
id_after() {
	newest=$(ls "$1" | sed -n 's/^\([0-9]\{8\}T[0-9]\{6\}Z\)-.*\.yaml\.gpg$/\1/p' |
		sort | tail -n 1)
	t=$(date +%s)
	if [ -n "$newest" ]; then
		n=$(date -u -d "$(id_time "$newest-x" | sed 's/T/ /; s/Z$//')" +%s)
		[ "$n" -gt "$t" ] && t=$n
	fi
	echo "$(date -u -d "@$((t + 1 + ${3:-0}))" +%Y%m%dT%H%M%SZ)-$2"
}
# id_time ID: the RFC 3339 UTC time an ID names
id_time() {
	echo "$1" | sed 's/^\(....\)\(..\)\(..\)T\(..\)\(..\)\(..\)Z.*/\1-\2-\3T\4:\5:\6Z/'
}
