#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build one kernel variant (c | rust | debug) out of tree in $SKL_CACHE/build-<variant>.
# kbuild is skipped entirely when the tree commit, the config fragments, the scripts and the toolchain are
# unchanged.
set -eu
. "$(dirname "$0")/lib.sh"
v=${1:-}; check_variant "$v"
O=$SKL_CACHE/build-$v
CFG=$SKL_TOP/pipeline/config
frags=$(for f in $(variant_configs "$v"); do echo "$CFG/$f"; done)
mkdir -p "$O"

# Same tree and same base for every variant: they differ by their config fragments. A build is reused
# only when everything that shaped it is unchanged: the tree commit, the config fragments, the scripts that
# make the config and run kbuild, and the toolchain (package versions of the build root).
head=$(git -C "$SKL_CACHE/tree" rev-parse HEAD 2>/dev/null) || die "no assembled tree: run 'make tree'"
stamp="$head $(inputs_hash $frags "$0" "$SKL_TOP/pipeline/lib.sh") $(toolchain_hash)"
if [ -f "$O/$(variant_image "$v")" ] && [ "$(cat "$O/.skl-stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "[kernel $v] up to date (tree $(echo "$head" | cut -c1-12)), kbuild skipped"
	exit 0
fi
rm -f "$O/.skl-stamp"

# A variant whose build dir is missing, or lags behind by a change most of the kernel sees, starts from a
# copy of the other variant's build dir when that one is built complete from this commit with the same
# shared inputs: the two differ by one Kconfig choice and build at the same path (/skl/build, see in_root),
# so kbuild then redoes only what the choice touches. The shared inputs are the fragments every booted
# kernel merges first (a new option in test.config reaches many objects) and the toolchain. When to seed:
# seed_wanted (lib.sh); which variant seeds which: variant_seed. The copy
# is made aside and renamed into place: an interrupted copy is never taken for a build dir.
want="$head $(inputs_hash $(for f in $(variant_shared_configs "$v"); do echo "$CFG/$f"; done))-$(toolchain_hash)"
other=$(variant_seed "$v")
if [ -n "$other" ] && seed_wanted "$SKL_CACHE/tree" "$want" "$(cat "$O/.skl-built" 2>/dev/null)" \
	"$(cut -d' ' -f1 "$SKL_CACHE/build-$other/.skl-stamp" 2>/dev/null)" \
	"$(cat "$SKL_CACHE/build-$other/.skl-built" 2>/dev/null)"; then
	note "seeding build-$v from build-$other (same tree commit and shared inputs, a few config options apart)"
	copy_aside "$SKL_CACHE/build-$other" "$O"
	rm -f "$O/.skl-stamp" "$O/.skl-built"
fi
export SKL_O=$v
MK="make -C $SKL_IN/tree O=$SKL_IN/build LLVM=1 $(kmake_arch "$v")"
# The config is made afresh before every build: a tree change may add or drop Kconfig symbols, and kbuild's
# own syncconfig would otherwise ask about new ones (on a stdin that is /dev/null here, see in_root).
# kconfig rewrites include/generated/ only when the result differs, so an unchanged config costs no rebuild.
note "configuring ($v): tinyconfig + $(variant_configs "$v" | sed 's/ / + /g')"
run_logged "$SKL_LOGS/config-$v.log" in_root sh -c "set -e
	$(kconfig_script $SKL_IN/tree $SKL_IN/build "$v")" || die "configuring the $v kernel failed"
# Every option the fragments ask for must have survived olddefconfig (missing dependencies drop them); where
# two fragments set one option, the later one counts.
bad=$(wanted_options $frags | while read -r l; do
	case "$l" in
	"# "*) o=${l#\# }; o=${o%% *}; grep -q "^$o=" "$O/.config" && echo "$o (wanted off)";;
	*) grep -qx "$l" "$O/.config" || echo "$l";;
	esac
done || true)
[ -z "$bad" ] || die "kernel config for $v lacks: $(echo $bad) (see $O/.config)"

cold=""; [ -f "$O/vmlinux" ] || cold=" (~15-30 min cold on 2 cores, less when seeded$(case $v in *debug) echo ", more with the debug options";; esac))"
note "building the $v kernel with -j$SKL_JOBS$cold"
image=$(variant_image "$v")
run_logged "$SKL_LOGS/build-$v.log" in_root $MK -j"$SKL_JOBS" "${image##*/}" modules || die "building the $v kernel failed"
echo "$stamp" >"$O/.skl-stamp"
echo "$want" >"$O/.skl-built"
echo "[kernel $v] built: $O/$image"
