#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series.sh export [DIR]: write the assembled series as git format-patch files with a cover letter (default
#                         $SKL_CACHE/series-out) and prove that 'git am' applies it onto the baseline.
# series.sh check:        build every commit of the series in turn, incrementally, in warm build dirs
#                         ($SKL_CACHE/build-series/{rust,c}: tinyconfig + config/tiny.config + base.config
#                         + the choice's fragment + config/check-nodebuginfo.config; both choices once the
#                         Kconfig choice exists): the tree
#                         must build after each one. Commits whose tree an earlier run built (same inputs)
#                         are not built again.
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
	wt=$SKL_CACHE/check-tree
	[ -d "$wt" ] || g worktree add -q --detach "$wt" baseline
	B=build-series
	mkdir -p "$SKL_CACHE/$B"
	# A commit whose tree was built before with the same config fragments, scripts and toolchain is not
	# built again: its content is what was proven to build (a series change re-checks the commits from the
	# first one it changes). The record lists "<tree> <inputs>" of every commit that built.
	rec=$SKL_CACHE/$B/.skl-checked
	# check_build CHOICE: configure and build the checked-out commit in $B/CHOICE (c or rust), incrementally:
	# tinyconfig + config/tiny.config + base.config + CHOICE.config + check-nodebuginfo.config, made afresh at each commit
	# (olddefconfig drops the symbols a commit does not have yet, such as the Kconfig choice before it
	# exists; kconfig rewrites include/generated/ only when the result differs, so an unchanged config
	# costs no rebuild). Fails when an option those fragments ask for in the end (wanted_y) does not
	# survive olddefconfig; options that the commit's Kconfig files do not define yet (listed in $syms)
	# are left out of that test.
	check_build() {
		local v=$1 o=$SKL_IN/$B/$1 d=$SKL_CACHE/$B/$1 mk opt f linked
		mk="make -C $SKL_IN/check-tree O=$o LLVM=1"
		# The c choice's first build starts from a copy of the rust one at the same commit (one Kconfig
		# choice apart): a few objects to rebuild instead of a cold build.
		if [ "$v" = c ] && [ ! -f "$d/.config" ] && [ -f "$SKL_CACHE/$B/rust/.config" ]; then
			note "seeding the c choice's build dir from the rust one"
			copy_aside "$SKL_CACHE/$B/rust" "$d"
		fi
		run_logged "$SKL_LOGS/check-$i-$v.log" in_root sh -c "set -e
			mkdir -p $o
			$(kconfig_script "$SKL_IN/check-tree" "$o" "check-$v")
			$mk -j$SKL_JOBS bzImage modules" ||
			die "commit $i ($(g log -1 --format=%h "$c")) does not build with the $v choice"
		for opt in $(wanted_y $(for f in $(variant_configs "check-$v"); do echo "$SKL_TOP/pipeline/config/$f"; done)); do
			grep -qx "${opt%=y}" "$syms" || continue	# not in this commit's Kconfig yet
			grep -qx "$opt" "$d/.config" ||
				die "commit $i, $v choice: $opt ($(variant_configs "check-$v")) did not survive olddefconfig (see $d/.config)"
		done
		# kernel::bpf is only built when a user selects CONFIG_RUST_BPF, and its user comes last: at the
		# commits that add it piece by piece, build the kernel crate with it as well (the cfg the symbol
		# would set), so that each of those commits is shown to compile too.
		if [ "$v" = rust ] && [ -f "$wt/rust/kernel/bpf/mod.rs" ] && ! grep -q 'select RUST_BPF' "$wt/net/Kconfig"; then
			run_logged "$SKL_LOGS/check-$i-rust-bpf.log" in_root \
				$mk -j"$SKL_JOBS" KRUSTFLAGS=--cfg=CONFIG_RUST_BPF rust/kernel.o ||
				die "commit $i ($(g log -1 --format=%h "$c")): kernel::bpf does not build"
			note "kernel::bpf built at this commit (KRUSTFLAGS=--cfg=CONFIG_RUST_BPF)"
		fi
		# Once the choice exists, the chosen implementation must be what was linked: net/core's archive
		# lists sk_lookup.o on rust only (a seeded c build dir still holds the rust build's object file).
		if [ -n "$choice" ]; then
			linked=$(in_root llvm-ar t "$o/net/core/built-in.a" | grep -c '/net/core/sk_lookup\.o$' || true)
			if [ "$v" = rust ]; then
				[ "$linked" = 1 ] || die "commit $i: the rust choice did not link net/core/sk_lookup.o"
			else
				[ "$linked" = 0 ] || die "commit $i: the c choice linked net/core/sk_lookup.o"
			fi
		fi
	}
	# What a build depends on: the fragments, lib.sh (kconfig_script), check_build itself and the toolchain;
	# not the rest of this script, so that a change to the checks after the loop keeps the records.
	inputs="$( { for f in $(variant_configs check-c) $(variant_configs check-rust); do
		cat "$SKL_TOP/pipeline/config/$f" || die "config/$f missing"; done
		cat "$SKL_TOP/pipeline/lib.sh"; declare -f check_build; } | sha256sum | cut -c1-16) $(toolchain_hash)"
	i=0 skipped=0 syms=$SKL_CACHE/$B/.kconfig-symbols
	for c in $(g rev-list --reverse baseline..series); do
		i=$((i + 1))
		t=$(g rev-parse "$c^{tree}")
		if grep -qx "$t $inputs" "$rec" 2>/dev/null; then
			echo "[$i/$n] built before (same tree $(echo "$t" | cut -c1-12), same inputs): $(g log -1 --format=%s "$c")"
			skipped=$((skipped + 1))
			continue
		fi
		git -C "$wt" checkout -q --detach "$c"
		# Before the Kconfig choice exists there is one implementation: one build. From then on, both.
		choice=$(grep -l '^config BPF_SK_LOOKUP_RUST$' "$wt/net/Kconfig" || true)
		grep -rhoE --include='Kconfig*' '^(menu)?config [A-Z0-9_]+' "$wt" | sed 's/.* /CONFIG_/' | sort -u >"$syms"
		for v in rust $([ -n "$choice" ] && echo c); do
			step "$i/$n" "building $(g log -1 --format=%s "$c") ($v choice)" \
				"incremental; a few minutes when it touches a common header"
			check_build "$v"
		done
		echo "$t $inputs" >>"$rec"
	done
	# Every kernel source file the series changes was linked into vmlinux by the builds of its last commit:
	# a tiny base configuration must not leave any of them out. vmlinux.a lists the objects vmlinux was
	# linked from (an object file left in a build dir by an earlier commit, or by the seeding copy, proves
	# nothing).
	linked=$SKL_CACHE/$B/.linked
	for v in rust c; do in_root llvm-ar t "$SKL_IN/$B/$v/vmlinux.a"; done | sed "s|^$SKL_IN/$B/[a-z]*/||" |
		sort -u >"$linked"
	[ -s "$linked" ] || die "no object listed in the vmlinux.a of either choice's build"
	for f in $(g diff --name-only --diff-filter=AMR baseline series -- '*.c' '*.rs' | grep -v -E '^(tools|scripts|Documentation|samples|rust)/'); do
		grep -qx "${f%.*}.o" "$linked" ||
			die "$f, changed by the series, was linked into vmlinux by neither choice's build (config/tiny.config misses what it needs)"
	done
	# The kernel crate, and the C helpers it calls: with CONFIG_RUST_INLINE_HELPERS (base.config) these are
	# LLVM bitcode linked into each Rust object, not an object of their own in vmlinux.a.
	grep -qx rust/kernel.o "$linked" || die "the rust choice's vmlinux.a has no rust/kernel.o"
	if grep -qx CONFIG_RUST_INLINE_HELPERS=y "$SKL_CACHE/$B/rust/.config"; then
		[ -s "$SKL_CACHE/$B/rust/rust/helpers/helpers.bc" ] ||
			die "the rust choice's build has no rust/helpers/helpers.bc (CONFIG_RUST_INLINE_HELPERS=y)"
	else
		grep -qx rust/helpers/helpers.o "$linked" || die "the rust choice's vmlinux.a has no rust/helpers/helpers.o"
	fi
	echo "[series] all $n commits build, with both choices once the Kconfig choice exists (tinyconfig +" \
		"config/tiny.config; $skipped built by an earlier run; logs: $SKL_LOGS/check-*.log)"
	;;
*)
	die "usage: series.sh export [DIR] | check"
	;;
esac
