#!/bin/bash
# Shell completions: bash offers what each program takes, from static lists,
# file names and the incidents ilog-ls lists when gpg-agent needs to ask
# nothing; the zsh one parses, and completes, where zsh runs, incidents with
# their date and summary.
. "$(dirname "$0")/lib.sh"

BASHCOMP="$TOP/src/completions/ilog.bash"
ZSHCOMP="$TOP/src/completions/_ilog"

# shellcheck source=../src/completions/ilog.bash
. "$BASHCOMP"

# comp WORD...: what bash offers for the last word, sorted, one line.
# Words are given as bash splits them: --when=to is --when = to.
comp() {
	local spec fn
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	spec=$(complete -p "$1" 2>/dev/null) || return 1
	fn=${spec#*-F }
	fn=${fn%% *}
	"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' |
		sed 's/ $//'
}

is "ilog-pick -b thr<TAB>" "$(comp ilog-pick -b thr)" threats
is "ilog sc<TAB>" "$(comp ilog sc)" scan
is "ilog s<TAB>" "$(comp ilog s)" "scan seal show"
is "ilog <TAB> offers every verb" "$(comp ilog '')" \
	"add attach case csv edit git import init json ls md pick scan seal show tag verify withdraw"
is "ilog -<TAB>" "$(comp ilog -)" "--help --version -d -h"
is "ilog pick -b vi<TAB> (through ilog)" "$(comp ilog pick -b vi)" violence
is "ilog-pick --behaviour pro<TAB>" "$(comp ilog-pick --behaviour pro)" \
	property-damage
is "ilog-add -b watching,lo<TAB> (a comma list)" \
	"$(comp ilog-add -b watching,lo)" "watching,loitering"
is "ilog-add --behaviour=th<TAB>" "$(comp ilog-add --behaviour = th)" threats
is "ilog-add -c in<TAB>" "$(comp ilog-add -c in)" in-person
is "ilog-add -c <TAB> offers the channels" "$(comp ilog-add -c '')" \
	"email in-person letter other phone social text"
is "ilog-add -w ye<TAB>" "$(comp ilog-add -w ye)" yesterday
is "ilog-add --when=to<TAB>" "$(comp ilog-add --when = to)" today
is "ilog-pick -s <TAB> offers date words" "$(comp ilog-pick -s '')" \
	"now today yesterday"
is "ilog-add -s <TAB> (a summary) offers nothing" "$(comp ilog-add -s '')" ""
is "ilog-pick --n<TAB>" "$(comp ilog-pick --n)" --not-tag
is "ilog-pick -t <TAB>: tags are never completed" "$(comp ilog-pick -t '')" ""
is "ilog-pick -T <TAB>: nor excluded tags" "$(comp ilog-pick -T '')" ""
is "ilog-md -T <TAB> (a title) offers nothing" "$(comp ilog-md -T '')" ""
is "ilog-tag -<TAB> offers its options only" "$(comp ilog-tag -)" \
	"--help --version --yes -0 -d -h -j -m -y"
is "ilog-init --<TAB>" "$(comp ilog-init --)" "--force --git --help --version"
is "ilog nosuchverb <TAB> offers nothing" "$(comp ilog nosuchverb x)" ""

# A store whose files are only names: completing reads nothing else.
FAKE="$TMP/fake"
mkdir -p "$FAKE/evidence"
for f in 20261128T145312Z-k3f9.yaml.gpg 20261130T101500Z-p2q8.yaml.gpg \
	.gpg-id.gpg notes.yaml.gpg 20261128T145312Z-k3f9.yaml.gpg.tmp \
	"20261128T145312Z-k3f9 (conflicted copy).yaml.gpg"; do
	: > "$FAKE/$f"
done
IDS="20261128T145312Z-k3f9 20261130T101500Z-p2q8"
is "ilog-show -d DIR <TAB> offers the records' IDs, not strays" \
	"$(comp ilog-show -d "$FAKE" '')" "$IDS"
is "ilog -d DIR edit 2026113<TAB>" "$(comp ilog -d "$FAKE" edit 2026113)" \
	20261130T101500Z-p2q8
is "ilog-scan 2<TAB> reads \$ILOG_DIR" \
	"$(ILOG_DIR=$FAKE comp ilog-scan 2)" "$IDS"
is "ilog-tag -d DIR +x -y 2026<TAB>: tag changes are not operands" \
	"$(comp ilog-tag -d "$FAKE" +x -y 2026)" "$IDS"
is "ilog-attach ID ev<TAB> offers files" \
	"$(cd "$FAKE" && comp ilog-attach -d "$FAKE" 20261128T145312Z-k3f9 ev)" \
	evidence
is "ilog-attach <TAB> offers IDs first" \
	"$(comp ilog-attach -d "$FAKE" 2026)" "$IDS"
is "ilog-import -f <TAB> offers the formats" "$(comp ilog-import -f '')" \
	"calls csv sms whatsapp"
is "ilog-import --date-order <TAB>" "$(comp ilog-import --date-order '')" \
	"dmy mdy"
is "ilog-import --tz Europe/Lon<TAB>" "$(comp ilog-import --tz Europe/Lon)" \
	Europe/London
is "ilog-import ev<TAB> offers files, not IDs" \
	"$(cd "$FAKE" && comp ilog-import -d "$FAKE" ev)" evidence
is "ilog-import --from <TAB> offers nothing" "$(comp ilog-import --from '')" ""
mkdir -p "$TMP/config/ilog"
printf '# who gets which copy\npolice: victim.contact\n  solicitor : location\nsolicitor: details\n' \
	> "$TMP/config/ilog/profiles"
is "ilog-md --profile <TAB> offers the profiles' names" \
	"$(XDG_CONFIG_HOME=$TMP/config comp ilog-md --profile '')" "police solicitor"
is "ilog-md --profile <TAB> without a profiles file offers nothing" \
	"$(XDG_CONFIG_HOME=$TMP/none comp ilog-md --profile '')" ""
is "ilog-md -R <TAB> (field names) offers nothing" "$(comp ilog-md -R '')" ""
is "ilog-add -D <TAB> offers files" "$(cd "$FAKE" && comp ilog-add -D ev)" \
	evidence
is "ilog-init -d <TAB> offers directories" \
	"$(cd "$FAKE" && comp ilog-init -d e)" evidence

# Every program has a completion, and every option its usage names.
for prog in "$TOP"/bin/ilog-*; do
	name=${prog##*/}
	verb=${name#ilog-}
	ok "$name has a bash completion" eval 'complete -p "$name" >/dev/null'
	missing=
	for opt in $("$prog" --help 2>/dev/null |
		grep -E "^(usage:|[[:space:]]+(\\[|-|$name ))" |
		grep -oE '(^|[][ ,|])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[^-]*//'); do
		case $opt in
		--*) list=$opt ;;
		-*[a-z0-9]*) list=$(echo "${opt#-}" | sed 's/./-& /g') ;;
		*) list= ;;	# -TAG: an operand of ilog-tag
		esac
		for o in $list; do
			case " $(_ilog_options "$verb") " in
			*" $o "*) ;;
			*) missing="$missing $o" ;;
			esac
		done
	done
	is "$name: every option of its usage completes" "$missing" ""
done

want=$(ilog-pick -b bogus 2>&1 | sed -n 's/.*(valid: \(.*\))$/\1/p' |
	tr -d ,)
is "the behaviours are ilog-pick's" "$(echo $_ilog_behaviours)" "$want"
want=$(ilog-add --help | sed -n 's/^ *-c, --channel C *//p' | tr -d ,)
is "the channels are ilog-add's" "$(echo $_ilog_channels)" "$want"

# A real store: the incidents, as ilog-ls lists them, not their amendments;
# decrypted only when gpg-agent needs to ask nothing (ILOG_NO_PROMPT).
setup_store
A=$(ilog-add -w -2d -s 'Car outside: the grey Focus' -b watching)
B=$(ilog-add -w -1d -s 'Texts all evening' -b contact)
ilog-tag +night "$B" > /dev/null
id_of() { basename "$1" .yaml.gpg; }
INCIDENTS=$(printf '%s\n' "$(id_of "$A")" "$(id_of "$B")" | sort | tr '\n' ' ' |
	sed 's/ $//')
is "the store holds three records" "$(ls "$ILOG_DIR" | grep -c '\.yaml\.gpg$')" 3
is "ilog-edit <TAB> in a real store: the incidents, not the amendment" \
	"$(comp ilog-edit '')" "$INCIDENTS"
# a key with a passphrase gpg-agent does not have: no prompt, the names
PINLOG=$TMP/pinentry.log
cat > "$TMP/pinentry" <<PIN
#!/bin/sh
echo called >> "$PINLOG"
echo 'OK ready'
while read -r cmd rest; do
	case \$cmd in
	BYE) echo OK; exit 0 ;;
	GETPIN) echo 'D long secret words'; echo OK ;;
	*) echo OK ;;
	esac
done
PIN
chmod +x "$TMP/pinentry"
GNUPGHOME2=$TMP/g2
mkdir -m 700 "$GNUPGHOME2"
printf 'pinentry-program %s\nallow-loopback-pinentry\n' "$TMP/pinentry" \
	> "$GNUPGHOME2/gpg-agent.conf"
pgpg() {
	GNUPGHOME=$GNUPGHOME2 gpg --batch --quiet --pinentry-mode loopback \
		--passphrase 'long secret words' "$@" 2>/dev/null
}
pgpg --quick-gen-key 'P <p@example.org>' ed25519 sign never
PF=$(GNUPGHOME=$GNUPGHOME2 gpg --with-colons --list-keys p@example.org |
	awk -F: '/^fpr/ { print $10; exit }')
pgpg --quick-add-key "$PF" cv25519 encr never
P=$TMP/pstore
GNUPGHOME=$GNUPGHOME2 ilog-init -d "$P" "$PF" > /dev/null 2>&1
GNUPGHOME=$GNUPGHOME2 ilog-add -d "$P" -s 'Flowers on the doorstep' > /dev/null
GNUPGHOME=$GNUPGHOME2 gpgconf --reload gpg-agent	# forgets the passphrase
: > "$PINLOG"
GNUPGHOME=$GNUPGHOME2 comp ilog-show -d "$P" '' > /dev/null
is "a store whose key needs a passphrase: completing starts no pinentry" \
	"$(wc -l < "$PINLOG" | tr -d ' ')" 0
GNUPGHOME=$GNUPGHOME2 ilog-ls -d "$P" > /dev/null 2>&1
ok "... which ilog-ls without ILOG_NO_PROMPT would start" test -s "$PINLOG"

ok "the bash completion parses" bash -n "$BASHCOMP"
if ! command -v zsh >/dev/null 2>&1; then
	echo "ok $((ntest += 1)) - zsh parses _ilog # SKIP no zsh"
	echo "ok $((ntest += 1)) - zsh: ilog-pick -b thr<TAB> # SKIP no zsh"
	echo "ok $((ntest += 1)) - zsh: ilog sc<TAB> # SKIP no zsh"
	done_testing
	exit
fi
ok "zsh parses _ilog" zsh -n "$ZSHCOMP"

# zcomp LINE: the matches an interactive zsh offers at LINE<TAB>
cat > "$TMP/zinit" <<'EOF'
PROMPT=
fpath=($ZCOMP_DIR $fpath)
autoload -U compinit
compinit -u -D
bindkey '^M' undefined-key
bindkey '^I' complete-word
null-line() { echo -E - $'\0' }
compprefuncs=(null-line)
comppostfuncs=(null-line exit)
compadd() {
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a hits
	local i
	builtin compadd -A hits "$@"
	(( $#hits )) && print -l -- HIT:${^hits}
	# what the shell shows beside them: compadd -d ARRAY
	for (( i = 1; i < $#; i++ )); do
		[[ ${@[i]} == -d ]] && print -l -- DESC:${(P)${@[i+1]}}
	done
	builtin compadd "$@"
}
EOF
cat > "$TMP/zcomp" <<'EOF'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "stty columns 200; source $ZCOMP_INIT"	# descriptions fit
zpty -n -w z "$1"$'\t'
integer nulls=0
while zpty -r z line; do
	if [[ $line == *$'\0'* ]]; then
		(( nulls++ )) && break
		continue
	fi
	(( nulls )) && [[ $line == ${ZCOMP_WHAT:-HIT}:* ]] &&
		print -r -- ${${line#${ZCOMP_WHAT:-HIT}:}%%$'\r'*}
done
zpty -d z
EOF
zcomp() {
	ZCOMP_DIR=$TOP/src/completions ZCOMP_INIT=$TMP/zinit \
		timeout 20 zsh -f "$TMP/zcomp" "$1" 2>/dev/null | sort |
		tr '\n' ' ' | sed 's/ $//'
}
is "zsh: ilog-pick -b thr<TAB>" "$(zcomp 'ilog-pick -b thr')" threats
is "zsh: ilog sc<TAB>" "$(zcomp 'ilog sc')" scan
is "zsh: ilog-show -d DIR <TAB> on a store it cannot read: the IDs of the files" \
	"$(zcomp "ilog-show -d $FAKE ")" "$IDS"
is "zsh: ilog-edit <TAB> in a real store: the incidents, not the amendment" \
	"$(zcomp 'ilog-edit ')" "$INCIDENTS"
ZCOMP_WHAT=DESC zcomp 'ilog-edit ' > "$TMP/desc"
ok "... each shown with its date, time and summary" \
	grep -q -- "-- [0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9] watching  Car outside: the grey" "$TMP/desc"
done_testing
