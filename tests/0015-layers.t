#!/bin/sh
# The library's modules are layers (README, Layout): a module calls only
# those below it, so no two modules call each other, directly or through
# others. Read off the built objects with nm, as the linker sees them.
. "$(dirname "$0")/lib.sh"

# module USED-MODULE, one line per call from one module into another
edges() {
	for o in "$TOP"/src/*.o; do
		case $(basename "$o") in ilog-*.o|ilog.o) continue ;; esac
		m=$(basename "$o" .o)
		nm "$o" | awk -v m="$m" '$2 ~ /^[TDRB]$/ { print "D", $3, m }
			$1 == "U" { print "U", $2, m }'
	done | awk '$1 == "D" { def[$2] = $3; next }
		{ use[NR] = $2; by[NR] = $3 }
		END { for (i in use) if ((use[i] in def) && def[use[i]] != by[i])
			print by[i], def[use[i]] }' | sort -u
}

edges > "$TMP/edges"
ok "control: the objects are built and call one another" \
	test "$(wc -l < "$TMP/edges")" -gt 50
ok "control: the loader calls the cache" grep -qx 'load cache' "$TMP/edges"

# the modules that reach themselves again: a transitive closure
awk '{ n[$1]; n[$2]; r[$1, $2] = 1 }
	END {
		for (k in n) for (i in n) if (r[i, k]) for (j in n)
			if (r[k, j]) r[i, j] = 1
		for (i in n) if (r[i, i]) print i
	}' "$TMP/edges" | sort > "$TMP/cycles"
is "no module calls, through others, back into itself" \
	"$(tr '\n' ' ' < "$TMP/cycles")" ""

done_testing
