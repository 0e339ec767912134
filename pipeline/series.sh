#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series.sh export [DIR]: write the assembled series as git format-patch files with a cover letter (default
#                         $SKL_CACHE/series-out) and prove that 'git am' applies it onto the baseline.
# series.sh check:        build every commit of the series in turn, incrementally, in a warm build dir
#                         ($SKL_CACHE/build-check, rust variant config): the tree must build after each one.
#                         Commits whose tree an earlier run built (same inputs) are not built again.
set -eu
. "$(dirname "$0")/lib.sh"
T=$SKL_CACHE/tree
g() { git -C "$T" "$@"; }
n=$(g rev-list --count baseline..series 2>/dev/null) || die "no assembled tree: run 'make tree'"

case "${1:-}" in
export)
	out=${2:-$SKL_CACHE/series-out}
	[ "$n" -gt 0 ] || die "the series is empty: nothing to export"
	rm -rf "$out"; mkdir -p "$out"
	g -c user.name="sk-lookup-rs developers" -c user.email=dev@sk-lookup-rs.invalid \
		format-patch -q --cover-letter --thread -o "$out" baseline..series
	subject=$(head -n1 "$SKL_TOP/patches/cover-letter")
	blurb=$(tail -n +2 "$SKL_TOP/patches/cover-letter")
	SUBJ=$subject BLURB=$blurb perl -0pi -e 's/\*\*\* SUBJECT HERE \*\*\*/$ENV{SUBJ}/; s/\*\*\* BLURB HERE \*\*\*/$ENV{BLURB}/' \
		"$out/0000-cover-letter.patch"
	# Prove it: apply with git am onto the baseline in a scratch worktree; the result must be the same tree.
	# The scratch worktree is kept between runs: resetting it rewrites only the files that differ.
	wt=$SKL_CACHE/am-check
	if ! git -C "$wt" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$wt"; g worktree prune
		g worktree add -q --detach "$wt" baseline
	fi
	git -C "$wt" am --abort >/dev/null 2>&1 || true
	git -C "$wt" checkout -q -f --detach baseline
	git -C "$wt" -c user.name=check -c user.email=check@invalid am -q \
		$(ls "$out"/0*.patch | grep -v '/0000-cover-letter.patch$') ||
		die "git am of the exported series onto the baseline failed"
	[ "$(git -C "$wt" rev-parse HEAD^{tree})" = "$(g rev-parse series^{tree})" ] ||
		die "the exported series does not reproduce the assembled tree"
	echo "[series] $n patches + cover letter in $out (git am onto baseline reproduces the tree)"
	;;
check)
	wt=$SKL_CACHE/check-tree B=build-check
	[ -d "$wt" ] || g worktree add -q --detach "$wt" baseline
	mkdir -p "$SKL_CACHE/$B"
	MK="make -C $SKL_IN/check-tree O=$SKL_IN/$B LLVM=1"
	# A commit whose tree was built before with the same config fragments, scripts and toolchain is not
	# built again: its content is what was proven to build (a series change re-checks the commits from the
	# first one it changes). The record lists "<tree> <inputs>" of every commit that built.
	rec=$SKL_CACHE/$B/.skl-checked
	inputs="$(inputs_hash $(for f in $(variant_configs rust); do echo "$SKL_TOP/pipeline/config/$f"; done) \
		"$0" "$SKL_TOP/pipeline/lib.sh") $(toolchain_hash)"
	i=0 skipped=0
	for c in $(g rev-list --reverse baseline..series); do
		i=$((i + 1))
		t=$(g rev-parse "$c^{tree}")
		if grep -qx "$t $inputs" "$rec" 2>/dev/null; then
			echo "[$i/$n] built before (same tree $(echo "$t" | cut -c1-12), same inputs): $(g log -1 --format=%s "$c")"
			skipped=$((skipped + 1))
			continue
		fi
		git -C "$wt" checkout -q --detach "$c"
		step "$i/$n" "building $(g log -1 --format=%s "$c")" "incremental; ~25 min when it touches a common header"
		# The rust variant's configuration, made afresh at every commit: olddefconfig drops the symbols a
		# commit does not have yet (BPF_SK_LOOKUP_RUST before the Kconfig choice exists), and a config carried
		# over from such a commit would silently build the C choice once the symbol appears. kconfig rewrites
		# include/generated/ only when the result differs, so an unchanged config costs no rebuild.
		run_logged "$SKL_LOGS/check-$i.log" in_root sh -c "set -e
			$(kconfig_script $SKL_IN/check-tree $SKL_IN/$B rust)
			$MK -j"$SKL_JOBS" bzImage modules" ||
			die "commit $i ($(g log -1 --format=%h "$c")) does not build"
		# kernel::bpf is only built when a user selects CONFIG_RUST_BPF, and its user comes last: at the
		# commits that add it piece by piece, build the kernel crate with it as well (the cfg the symbol
		# would set), so that each of those commits is shown to compile too.
		if [ -f "$wt/rust/kernel/bpf/mod.rs" ] && ! grep -q 'select RUST_BPF' "$wt/net/Kconfig"; then
			run_logged "$SKL_LOGS/check-$i-rust-bpf.log" in_root \
				$MK -j"$SKL_JOBS" KRUSTFLAGS=--cfg=CONFIG_RUST_BPF rust/kernel.o ||
				die "commit $i ($(g log -1 --format=%h "$c")): kernel::bpf does not build"
			note "kernel::bpf built at this commit (KRUSTFLAGS=--cfg=CONFIG_RUST_BPF)"
		fi
		# Once the choice exists, the rust implementation must be what was built.
		if grep -q '^config BPF_SK_LOOKUP_RUST$' "$wt/net/Kconfig"; then
			grep -qx 'CONFIG_BPF_SK_LOOKUP_RUST=y' "$SKL_CACHE/$B/.config" ||
				die "commit $i: CONFIG_BPF_SK_LOOKUP_RUST did not survive olddefconfig (see $SKL_CACHE/$B/.config)"
			[ -f "$SKL_CACHE/$B/net/core/sk_lookup.o" ] ||
				die "commit $i: the rust variant built without net/core/sk_lookup.o"
		fi
		echo "$t $inputs" >>"$rec"
	done
	echo "[series] all $n commits build (rust variant config; $skipped built by an earlier run; logs: $SKL_LOGS/check-*.log)"
	;;
*)
	die "usage: series.sh export [DIR] | check"
	;;
esac
