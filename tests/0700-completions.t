#!/bin/bash
# Shell completions: bash offers what each program takes, from static lists
# and file names only; the zsh one parses (and completes, where zsh runs).
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
	builtin compadd -A hits "$@"
	(( $#hits )) && print -l -- HIT:${^hits}
	builtin compadd "$@"
}
EOF
cat > "$TMP/zcomp" <<'EOF'
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "source $ZCOMP_INIT"
zpty -n -w z "$1"$'\t'
integer nulls=0
while zpty -r z line; do
	if [[ $line == *$'\0'* ]]; then
		(( nulls++ )) && break
		continue
	fi
	(( nulls )) && [[ $line == HIT:* ]] && print -r -- ${${line#HIT:}%%$'\r'*}
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
done_testing
