#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build one kernel variant (c | rust) out of tree in $SKL_CACHE/build-<variant>.
# kbuild is skipped entirely when the tree commit, the config fragments and this script are unchanged.
set -eu
. "$(dirname "$0")/lib.sh"
v=${1:-}; check_variant "$v"
O=$SKL_CACHE/build-$v
CFG=$SKL_TOP/pipeline/config
mkdir -p "$O"

# Same tree and same base for both variants: they differ only by config/<variant>.config.
head=$(git -C "$SKL_CACHE/tree" rev-parse HEAD 2>/dev/null) || die "no assembled tree: run 'make tree'"
frag_hash=$(inputs_hash "$CFG/base.config" "$CFG/$v.config")
stamp="$head $(inputs_hash "$CFG/base.config" "$CFG/$v.config" "$0" "$SKL_TOP/pipeline/lib.sh")"
if [ -f "$O/arch/x86/boot/bzImage" ] && [ "$(cat "$O/.skl-stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "[kernel $v] up to date (tree $(echo "$head" | cut -c1-12)), kbuild skipped"
	exit 0
fi
rm -f "$O/.skl-stamp"

# A variant whose build dir is missing, or lags behind by a change to headers most of the kernel includes,
# starts from a copy of the other variant's build dir when that one is built from this commit: the two
# differ by one Kconfig choice and build at the same path (/skl/build, see in_root), so kbuild then redoes
# only what the choice touches. Smaller lags are cheaper to build in place.
other=c; [ "$v" = c ] && other=rust
built=$(cut -d' ' -f1 "$O/.skl-built" 2>/dev/null || true)
if [ "$(cut -d' ' -f1 "$SKL_CACHE/build-$other/.skl-stamp" 2>/dev/null)" = "$head" ] && [ "$built" != "$head" ] &&
	{ [ -z "$built" ] || ! git -C "$SKL_CACHE/tree" cat-file -e "$built" 2>/dev/null ||
	  git -C "$SKL_CACHE/tree" diff --name-only "$built" "$head" | grep -q '^include/\|^arch/[^/]*/include/'; }; then
	note "seeding build-$v from build-$other (same tree commit, one Kconfig choice apart)"
	rm -rf "$O"
	cp -a "$SKL_CACHE/build-$other" "$O"
	rm -f "$O/.skl-stamp" "$O/.skl-frag" "$O/.skl-built"
fi
export SKL_O=$v
MK="make -C $SKL_IN/tree O=$SKL_IN/build LLVM=1"
if [ "$(cat "$O/.skl-frag" 2>/dev/null)" != "$frag_hash" ] || [ ! -f "$O/.config" ]; then
	note "configuring ($v): x86_64_defconfig + base.config + $v.config"
	run_logged "$SKL_LOGS/config-$v.log" in_root sh -c "set -e
		$(kconfig_script $SKL_IN/tree $SKL_IN/build "$v")" || die "configuring the $v kernel failed"
	# Every option the fragments ask for must have survived olddefconfig (missing dependencies drop them).
	bad=$(cat "$CFG/base.config" "$CFG/$v.config" | grep -E '^CONFIG_|^# CONFIG_.* is not set' | while read -r l; do
		case "$l" in
		"# "*) o=${l#\# }; o=${o%% *}; grep -q "^$o=" "$O/.config" && echo "$o (wanted off)";;
		*) grep -qx "$l" "$O/.config" || echo "$l";;
		esac
	done || true)
	[ -z "$bad" ] || die "kernel config for $v lacks: $(echo $bad) (see $O/.config)"
	echo "$frag_hash" >"$O/.skl-frag"
fi

cold=""; [ -f "$O/vmlinux" ] || cold=" (~32 min cold on 2 cores)"
note "building the $v kernel$cold"
run_logged "$SKL_LOGS/build-$v.log" in_root $MK -j3 bzImage modules || die "building the $v kernel failed"
echo "$stamp" >"$O/.skl-stamp"
echo "$head" >"$O/.skl-built"
echo "[kernel $v] built: $O/arch/x86/boot/bzImage"
