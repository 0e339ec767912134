#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint, C hygiene: the C objects the series adds or changes, compiled with W=1 (clang, LLVM=1) and
# checked with sparse (C=2; Debian's sparse 0.6.5~rc1, built by pipeline/sparse.sh: trixie's cannot check
# 7.3), at the series' last commit and at the baseline, in the
# configuration of the c and of the rust kernel; pipeline/cwarn.py fails on any warning the series adds.
# Only those objects are compiled, in build dirs of their own ($SKL_CACHE/lint-c/{c,rust}-{series,baseline},
# each made from the kernel's .config), so the kernels' build dirs are left alone; the baseline is a
# worktree of the assembled tree ($SKL_CACHE/lint-baseline). Prints one line per configuration.
set -eu
. "$(dirname "$0")/lib.sh"
bash "$SKL_TOP/pipeline/sparse.sh"
T=$SKL_CACHE/tree
g() { git -C "$T" "$@"; }
BT=$SKL_CACHE/lint-baseline
if ! git -C "$BT" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	rm -rf "$BT"; g worktree prune
	g worktree add -q --detach "$BT" baseline
fi
git -C "$BT" checkout -q -f --detach baseline
# The objects of the C files the series adds or changes (the Rust helpers are one object, helpers.c
# includes each of them).
objs=$(g diff --name-only --diff-filter=AMR baseline series -- '*.c' |
	grep -vE '^(tools|scripts|Documentation|samples)/' |
	sed -E 's|^rust/helpers/.*|rust/helpers/helpers.c|; s|\.c$|.o|' | sort -u)
[ -n "$objs" ] || die "the series changes no C file: nothing to check"
fails=0
for v in c rust; do
	[ -f "$SKL_CACHE/build-$v/vmlinux.a" ] || die "the $v kernel is not built: run 'make kernel-$v'"
	# Those that this kernel links (vmlinux.a names them): the glue files only with the rust choice. The
	# Rust helpers are compiled whenever CONFIG_RUST is set; with CONFIG_RUST_INLINE_HELPERS to LLVM
	# bitcode, which sparse does not see: here they are compiled as the object they are without it.
	linked=$(in_root llvm-ar t "$SKL_IN/build-$v/vmlinux.a" | sed "s|^$SKL_IN/build-$v/||"
		! grep -qx CONFIG_RUST=y "$SKL_CACHE/build-$v/.config" || echo rust/helpers/helpers.o)
	mine=$(for o in $objs; do grep -qx "$o" <<<"$linked" && echo "$o"; done || true)
	[ -n "$mine" ] || die "the $v kernel links none of the objects the series changes ($objs)"
	for side in baseline series; do
		src=$([ $side = series ] && echo tree || echo lint-baseline)
		d=lint-c/$v-$side
		mkdir -p "$SKL_CACHE/$d"
		cmp -s "$SKL_CACHE/build-$v/.config" "$SKL_CACHE/$d/.config.kernel" || {
			cp "$SKL_CACHE/build-$v/.config" "$SKL_CACHE/$d/.config"
			cp "$SKL_CACHE/build-$v/.config" "$SKL_CACHE/$d/.config.kernel"
		}
		these=$(for o in $mine; do [ -f "$SKL_CACHE/$src/${o%.o}.c" ] && echo "$o"; done || true)
		step lint "W=1 and sparse, $v configuration, $side: $(echo $these | wc -w) objects" \
			"~3 min the first time (the build dir's preparation), then seconds"
		log=$SKL_LOGS/lint-c-$v-$side.log
		# Removed first, so that each is compiled again (W=1 only shows when the compiler runs).
		(cd "$SKL_CACHE/$d" && rm -f $these)
		run_logged "$log" in_root sh -c "set -e
			make -C $SKL_IN/$src O=$SKL_IN/$d LLVM=1 olddefconfig
			make -C $SKL_IN/$src O=$SKL_IN/$d LLVM=1 -j$SKL_JOBS W=1 C=2 $(echo $these)" ||
			die "the $side objects do not build with W=1 C=2 in the $v configuration"
		# Each was compiled and checked in this run (else its warnings are not in the log).
		for o in $these; do
			grep -qE "^  CC      $o\$" "$log" && grep -qE "^  CHECK   (.*/)?${o%.o}\.c\$" "$log" ||
				die "$o was not compiled and checked by sparse in the $v $side build (see $log)"
		done
	done
	if python3 "$SKL_TOP/pipeline/cwarn.py" "$SKL_LOGS/lint-c-$v-baseline.log" "$SKL_LOGS/lint-c-$v-series.log" \
		"W=1 + sparse, $v configuration ($(echo $mine))"; then
		echo "PASS cwarn-$v"
	else
		echo "FAIL cwarn-$v"; fails=$((fails + 1))
	fi
done
echo "  sparse $(cat "$SKL_ROOT/usr/local/share/skl-sparse" | cut -d' ' -f1) (pipeline/sparse.sh), $(in_root clang --version | head -n1)"
[ $fails = 0 ] || die "the series adds C warnings (above; logs: $SKL_LOGS/lint-c-*.log)"
