# bash completion for ilog(7): `ilog VERB ...` and every ilog-VERB program.
# Static lists and file names, and the incidents' IDs as ilog-ls lists them
# when gpg-agent can decrypt without asking (ILOG_NO_PROMPT); tags, names
# and everything else a user typed are never offered.

_ilog_verbs='init add ls scan show pick tag edit attach withdraw import md
	json csv verify seal case git'
_ilog_behaviours='contact driving-past following watching loitering
	accosting entering gifts goods threats property-damage violence online
	other'
_ilog_channels='phone text email letter social in-person other'
_ilog_identified='seen heard recognised-number inferred'
_ilog_fields='occurred until noted summary behaviour tags location channel
	from details said present weapon fear identified suspect vehicle
	witnesses police impact evidence source withdrawn note suspect.name
	suspect.appearance suspect.clothing suspect.voice vehicle.make
	vehicle.model vehicle.colour vehicle.plate witnesses.name
	witnesses.contact witnesses.saw police.reported police.reference
	police.officer police.response'
_ilog_dates='now today yesterday'

# The options of ilog-VERB, as its usage lists them.
_ilog_options()
{
	local common='-d -h --help --version'

	case $1 in
	init)	echo "$common -f --force --git" ;;
	add)	echo "$common -j -w --when -u --until --noted -s --summary -b" \
		    "--behaviour -t --tag -l --location -c --channel -D" \
		    "--details -e --edit --impact --plate --police-ref --witness" \
		    "--said --fear --identified --from --present --weapon" ;;
	ls)	echo "$common -j -0 -a --all" ;;
	scan)	echo "$common -j -0" ;;
	seal)	echo "$common -j -g --given-to -n --note" ;;
	show)	echo "$common -j -0 -r --raw -x --extract" ;;
	pick)	echo "$common -j -0 -s --since -u --until -b --behaviour -t" \
		    "--tag -T --not-tag -g --grep -i --identified -H --has -F" \
		    "--from -r --reported -R --unreported" ;;
	tag)	echo "$common -j -0 -m -y --yes" ;;
	edit)	echo "$common -j -m --message" ;;
	withdraw) echo "$common -j -m --message -u --undo" ;;
	attach)	echo "$common -j -n --note -r --retract" ;;
	import)	echo "$common -j -n --dry-run -f --format --from --tz" \
		    "--date-order" ;;
	md)	echo "$common -j -0 -T --title -A --author -o --output -X" \
		    "--exhibits --statement -R --redact --profile" ;;
	json)	echo "$common -j -0 -r --raw" ;;
	csv)	echo "$common -j -0" ;;
	verify)	echo "$common -j -S --seal" ;;
	case)	echo "$common -e --edit -m --message -r --raw" ;;
	esac
}

# What OPTION of ilog-VERB takes: dir, file, behaviour, behaviours (a
# comma list), channel, date or text; nothing for a flag.
_ilog_argument()
{
	case $1:$2 in
	*:-d)	echo dir ;;
	add:-w|add:--when|add:-u|add:--until|add:--noted) echo date ;;
	pick:-s|pick:--since|pick:-u|pick:--until) echo date ;;
	add:-b|add:--behaviour|add:--behavior) echo behaviours ;;
	pick:-b|pick:--behaviour|pick:--behavior) echo behaviour ;;
	add:-c|add:--channel) echo channel ;;
	add:--identified) echo identified ;;
	pick:-i|pick:--identified) echo identified-or-none ;;
	pick:-H|pick:--has) echo field ;;
	import:-f|import:--format) echo format ;;
	import:--date-order) echo order ;;
	import:--tz) echo zone ;;
	md:--profile) echo profile ;;
	import:-n|import:--dry-run) ;;
	add:-D|add:--details|show:-x|show:--extract|md:-o|md:--output) echo file ;;
	init:*|*:-h|*:--help|*:--version|*:-0) ;;
	tag:-m|tag:-j) echo text ;;
	tag:*)	;;	# +TAG and -TAG are operands of ilog-tag
	*:-j|add:-s|add:--summary|add:-t|add:--tag|add:-l|add:--location|\
	pick:-t|pick:--tag|pick:-T|pick:--not-tag|pick:-g|pick:--grep|\
	edit:-m|edit:--message|withdraw:-m|withdraw:--message|\
	case:-m|case:--message|\
	attach:-n|attach:--note|attach:-r|attach:--retract|verify:-S|verify:--seal|\
	seal:-g|seal:--given-to|seal:-n|seal:--note|\
	md:-T|md:--title|md:-A|md:--author|md:-X|md:--exhibits|\
	md:-R|md:--redact|\
	import:--from|add:--said|add:--fear|add:--from|add:--present|\
	add:--weapon|pick:-F|pick:--from) echo text ;;
	esac
}

# The names of ilog-md's redaction profiles (a plain file of field names).
_ilog_profiles()
{
	sed -n 's/^[[:space:]]*\([^#:[:space:]][^#:]*[^#:[:space:]]\|[^#:[:space:]]\)[[:space:]]*:.*/\1/p' \
	    "${XDG_CONFIG_HOME:-$HOME/.config}/ilog/profiles" 2>/dev/null | sort -u
}

# The IDs of the incidents in the store, as ilog-ls lists them (amendments
# are not incidents); when the store cannot be read without a passphrase
# prompt or in a few seconds, every record's ID from the file names alone.
_ilog_ids()
{
	local dir=${_ilog_dir:-${ILOG_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/ilog}}
	local f id listed

	[[ $dir == "~/"* ]] && dir=$HOME/${dir#"~/"}
	if listed=$(ILOG_NO_PROMPT=1 timeout 5 ilog-ls -d "$dir" \
	    </dev/null 2>/dev/null) && [[ -n $listed ]]; then
		listed=${listed//.yaml.gpg/}
		printf '%s\n' "${listed//"$dir/"/}"
		return
	fi
	for f in "$dir"/*.yaml.gpg; do
		id=${f##*/}
		id=${id%.yaml.gpg}
		[[ $id =~ ^[0-9]{8}T[0-9]{6}Z-[a-z0-9]+$ ]] && printf '%s\n' "$id"
	done
}

_ilog_reply()	# _ilog_reply WORDS CUR: COMPREPLY from a word list
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_ilog_files()	# _ilog_files -f|-d CUR
{
	mapfile -t COMPREPLY < <(compgen "$1" -- "$2")
	compopt -o filenames 2>/dev/null
}

# Completes COMP_WORDS[COMP_CWORD] for ilog-VERB, whose arguments start at
# index FIRST of COMP_WORDS.
_ilog_complete()
{
	local verb=$1 first=$2 cur=${COMP_WORDS[COMP_CWORD]}
	local pending= operands=0 dashdash= w i

	[[ $cur == = ]] && cur=
	for ((i = first; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -n $pending ]]; then
			[[ $w == = ]] && continue	# --when=...
			[[ $pending == -d ]] && _ilog_dir=$w
			pending=
		elif [[ -z $dashdash && $w == -- ]]; then
			dashdash=1
		elif [[ -z $dashdash && $w == -?* ]]; then
			[[ -n $(_ilog_argument "$verb" "$w") ]] && pending=$w
		elif [[ $verb != tag || $w != [-+]* ]]; then
			operands=$((operands + 1))
		fi
	done
	if [[ -n $pending ]]; then
		case $(_ilog_argument "$verb" "$pending") in
		dir)	_ilog_files -d "$cur" ;;
		file)	_ilog_files -f "$cur" ;;
		behaviour) _ilog_reply "$_ilog_behaviours" "$cur" ;;
		behaviours)
			local head=
			[[ $cur == *,* ]] && head=${cur%,*},
			_ilog_reply "$_ilog_behaviours" "${cur##*,}"
			COMPREPLY=("${COMPREPLY[@]/#/$head}") ;;
		channel) _ilog_reply "$_ilog_channels" "$cur" ;;
		identified) _ilog_reply "$_ilog_identified" "$cur" ;;
		identified-or-none) _ilog_reply "$_ilog_identified none" "$cur" ;;
		field)	_ilog_reply "$_ilog_fields" "$cur" ;;
		date)	_ilog_reply "$_ilog_dates" "$cur" ;;
		format)	_ilog_reply 'whatsapp sms calls csv' "$cur" ;;
		order)	_ilog_reply 'dmy mdy' "$cur" ;;
		profile) _ilog_reply "$(_ilog_profiles)" "$cur" ;;
		zone)	local z=${TZDIR:-/usr/share/zoneinfo}
			mapfile -t COMPREPLY < <(cd "$z" 2>/dev/null &&
			    compgen -f -- "$cur") ;;
		esac
		return 0
	fi
	if [[ -z $dashdash && $cur == -* ]]; then
		_ilog_reply "$(_ilog_options "$verb")" "$cur"
		return 0
	fi
	case $verb in
	init|add|ls|seal|verify) ;;
	import)	_ilog_files -f "$cur"
		return 0 ;;
	attach)	if ((operands > 0)); then
			_ilog_files -f "$cur"
			return 0
		fi
		_ilog_reply "$(_ilog_ids)" "$cur" ;;
	*)	_ilog_reply "$(_ilog_ids)" "$cur" ;;
	esac
	# an incident may also be named by its path
	((${#COMPREPLY[@]} == 0)) && _ilog_files -f "$cur"
	return 0
}

# ilog [-d DIR] VERB ARGS...
_ilog()
{
	local cur=${COMP_WORDS[COMP_CWORD]} at=1 verb

	COMPREPLY=()
	_ilog_dir=
	if [[ ${COMP_WORDS[1]} == -d ]] && ((COMP_CWORD > 1)); then
		if ((COMP_CWORD == 2)); then
			_ilog_files -d "$cur"
			return 0
		fi
		_ilog_dir=${COMP_WORDS[2]}
		at=3
	fi
	if ((COMP_CWORD == at)); then
		if [[ $cur == -* ]]; then
			((at == 1)) && _ilog_reply '-d -h --help --version' "$cur"
		else
			_ilog_reply "$_ilog_verbs" "$cur"
		fi
		return 0
	fi
	verb=${COMP_WORDS[at]}
	case $verb in
	git)	_ilog_files -f "$cur" ;;
	*)	[[ -n $(_ilog_options "$verb") ]] &&
		    _ilog_complete "$verb" $((at + 1)) ;;
	esac
	return 0
}

# ilog-VERB ARGS...
_ilog_program()
{
	local verb=${COMP_WORDS[0]##*/}

	COMPREPLY=()
	_ilog_dir=
	_ilog_complete "${verb#ilog-}" 1
}

complete -F _ilog ilog
complete -F _ilog_program ilog-init ilog-add ilog-ls ilog-scan ilog-show \
	ilog-pick ilog-tag ilog-edit ilog-attach ilog-withdraw ilog-import ilog-md \
	ilog-json ilog-csv ilog-verify ilog-seal ilog-case
