#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# series.sh export [DIR]: write the assembled series as git format-patch files with a cover letter (default
#                         $SKL_CACHE/series-out) and prove that 'git am' applies it onto the baseline.
# series.sh check:        build every commit of the series in turn, incrementally
#                         ($SKL_CACHE/build-series/{rust,c}: tinyconfig + config/tiny.config + base.config
#                         + the choice's fragment + config/check-nodebuginfo.config; both choices once the
#                         Kconfig choice exists): the tree must build after each one. Each commit built is
#                         recorded in patches/checked with its vmlinux sha256 (reproducible builds); a run
#                         goes on after the commits the records prove, and rebuilds one recorded commit from
#                         scratch to check its record (pipeline/series_records.py has the rules).
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
	# Who it goes to: get_maintainer.pl over the series' patches, as a sender would run it (its git
	# lookups of Fixes: hashes fail in a tree without upstream history, and say so on stderr).
	g format-patch -q --stdout baseline..series >"$SKL_CACHE/series-cc.mbox"
	cc=$(in_root sh -c "cd $SKL_IN/tree && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats $SKL_IN/series-cc.mbox" 2>/dev/null) || die "scripts/get_maintainer.pl failed over the series"
	[ -n "$cc" ] || die "scripts/get_maintainer.pl named nobody for the series"
	blurb="$(tail -n +2 "$SKL_TOP/patches/cover-letter")

To (scripts/get_maintainer.pl --no-git --no-git-fallback over the
series; the lists last):
$(echo "$cc" | sed 's/^/  /')"
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
	# The records are committed (patches/checked, see pipeline/series_records.py): the run resumes on any
	# machine where the last one stopped, and what it records can be checked by rebuilding.
	rec=$SKL_TOP/patches/checked
	R() { python3 "$SKL_TOP/pipeline/series_records.py" "$@"; }
	inputs=$(series_inputs) toolchain=$(series_toolchain)
	commits=($(g rev-list --reverse baseline..series))
	trees=($(for c in "${commits[@]}"; do g rev-parse "$c^{tree}"; done))
	R plan "$rec" "$inputs" "$toolchain" "${trees[@]}" >/dev/null || die "$rec cannot be read (see above)"

	# build_commit CHOICE: configure and build the checked-out commit in $B/CHOICE (c or rust),
	# incrementally: tinyconfig + config/tiny.config + base.config + CHOICE.config +
	# check-nodebuginfo.config, made afresh at each commit (olddefconfig drops the symbols a commit does not
	# have yet, such as the Kconfig choice before it exists; kconfig rewrites include/generated/ only when
	# the result differs, so an unchanged config costs no rebuild), with SERIES_MAKE. Prints the sha256 of
	# the vmlinux.
	build_commit() {
		local v=$1 o=$SKL_IN/$B/$1 log=$2
		run_logged "$log" in_root sh -c "set -e
			mkdir -p $o
			$(kconfig_script "$SKL_IN/check-tree" "$o" "check-$v")
			make -C $SKL_IN/check-tree O=$o LLVM=1 -j$SKL_JOBS $SERIES_MAKE" >&2 || return 1
		sha256sum "$SKL_CACHE/$B/$v/vmlinux" | cut -d' ' -f1
	}
	# check_build CHOICE: build_commit, then what the commit must satisfy beyond building. Prints the sha256.
	check_build() {
		local v=$1 o=$SKL_IN/$B/$1 d=$SKL_CACHE/$B/$1 opt f linked sha
		# The c choice's first build starts from a copy of the rust one at the same commit (one Kconfig
		# choice apart): a few objects to rebuild instead of a cold build.
		if [ "$v" = c ] && [ ! -f "$d/.config" ] && [ -f "$SKL_CACHE/$B/rust/.config" ]; then
			note "seeding the c choice's build dir from the rust one" >&2
			copy_aside "$SKL_CACHE/$B/rust" "$d"
		fi
		sha=$(build_commit "$v" "$SKL_LOGS/check-$i-$v.log") ||
			die "commit $i ($(g log -1 --format=%h "$c")) does not build with the $v choice"
		# Fails when an option the fragments ask for in the end (wanted_y) does not survive olddefconfig;
		# options that the commit's Kconfig files do not define yet (listed in $syms) are left out.
		for opt in $(wanted_y $(for f in $(variant_configs "check-$v"); do echo "$SKL_TOP/pipeline/config/$f"; done)); do
			grep -qx "${opt%=y}" "$syms" || continue	# not in this commit's Kconfig yet
			grep -qx "$opt" "$d/.config" ||
				die "commit $i, $v choice: $opt ($(variant_configs "check-$v")) did not survive olddefconfig (see $d/.config)"
		done
		# kernel::bpf is only built when a user selects CONFIG_RUST_BPF, and its user comes last: at the
		# commits that add it piece by piece, build the kernel crate with it as well (the cfg the symbol
		# would set), so that each of those commits is shown to compile too (after the vmlinux was hashed:
		# the next build makes rust/kernel.o again, its command line differs).
		if [ "$v" = rust ] && [ -f "$wt/rust/kernel/bpf/mod.rs" ] && ! grep -q 'select RUST_BPF' "$wt/net/Kconfig"; then
			run_logged "$SKL_LOGS/check-$i-rust-bpf.log" in_root \
				make -C "$SKL_IN/check-tree" O="$o" LLVM=1 -j"$SKL_JOBS" KRUSTFLAGS=--cfg=CONFIG_RUST_BPF \
				rust/kernel.o >&2 || die "commit $i ($(g log -1 --format=%h "$c")): kernel::bpf does not build"
			note "kernel::bpf built at this commit (KRUSTFLAGS=--cfg=CONFIG_RUST_BPF)" >&2
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
		echo "$sha"
	}
	# check_linked: at the last commit, every kernel source file the series changes was linked into vmlinux
	# by one choice's build: a tiny base configuration must not leave any of them out. vmlinux.a lists the
	# objects vmlinux was linked from (an object file left in a build dir by an earlier commit, or by the
	# seeding copy, proves nothing).
	check_linked() {
		local linked=$SKL_CACHE/$B/.linked f v
		for v in rust c; do in_root llvm-ar t "$SKL_IN/$B/$v/vmlinux.a"; done | sed "s|^$SKL_IN/$B/[a-z]*/||" |
			sort -u >"$linked"
		[ -s "$linked" ] || die "no object listed in the vmlinux.a of either choice's build"
		for f in $(g diff --name-only --diff-filter=AMR baseline series -- '*.c' '*.rs' | grep -v -E '^(tools|scripts|Documentation|samples|rust)/'); do
			grep -qx "${f%.*}.o" "$linked" ||
				die "$f, changed by the series, was linked into vmlinux by neither choice's build (config/tiny.config misses what it needs)"
		done
		# The kernel crate, and the C helpers it calls: with CONFIG_RUST_INLINE_HELPERS (base.config) these
		# are LLVM bitcode linked into each Rust object, not an object of their own in vmlinux.a.
		grep -qx rust/kernel.o "$linked" || die "the rust choice's vmlinux.a has no rust/kernel.o"
		if grep -qx CONFIG_RUST_INLINE_HELPERS=y "$SKL_CACHE/$B/rust/.config"; then
			[ -s "$SKL_CACHE/$B/rust/rust/helpers/helpers.bc" ] ||
				die "the rust choice's build has no rust/helpers/helpers.bc (CONFIG_RUST_INLINE_HELPERS=y)"
		else
			grep -qx rust/helpers/helpers.o "$linked" || die "the rust choice's vmlinux.a has no rust/helpers/helpers.o"
		fi
		note "every kernel source file the series changes is linked into one choice's vmlinux"
	}
	# verify POS CHOICE SHA: rebuild a recorded commit from scratch in the same paths (the incremental
	# build dir is moved aside meanwhile) and compare its vmlinux with the record. A failed rebuild's dir
	# is kept as CHOICE.verify-failed, to compare (diffoscope) with a build of the record's commit.
	restore_aside() {
		local v
		for v in rust c; do
			[ -d "$SKL_CACHE/$B/$v.kept" ] || continue
			rm -rf "$SKL_CACHE/$B/$v"
			mv "$SKL_CACHE/$B/$v.kept" "$SKL_CACHE/$B/$v"
		done
	}
	verify() {
		local pos=$1 v=$2 d=$SKL_CACHE/$B/$2 got
		c=${commits[$((pos - 1))]}
		step "verify" "rebuilding commit $pos of $n from scratch ($v choice): $(g log -1 --format=%s "$c")" \
			"a cold build, ~10-20 min; the recorded vmlinux sha256 must come out again"
		git -C "$wt" checkout -q --detach "$c"
		[ ! -d "$d" ] || mv "$d" "$d.kept"
		rm -rf "$d.verify-failed"
		got=$(build_commit "$v" "$SKL_LOGS/check-verify-$pos-$v.log") || {
			restore_aside; die "commit $pos ($v choice), recorded as built, does not build from scratch"; }
		if ! R verified "$rec" "$pos" "$v" "$got" "$(date -u +%Y-%m-%dT%H:%MZ)"; then
			mv "$d" "$d.verify-failed"; restore_aside
			die "the rebuild is kept in $d.verify-failed, to compare with the incremental build"
		fi
		rm -rf "$d"; restore_aside
		note "commit $pos ($v choice) rebuilt from scratch: vmlinux $got, as recorded"
	}

	restore_aside	# a verify cut short
	first=$(R plan "$rec" "$inputs" "$toolchain" "${trees[@]}")
	R keep "$rec" "$inputs" "$toolchain" "${trees[@]}"	# drop stale records
	echo "[series] $((first - 1)) of $n commits proven by $rec (inputs $inputs, toolchain $toolchain)"
	# One proven build, chosen at random, is rebuilt from scratch: first, when there is one (a
	# toolchain that does not reproduce the records fails before hours of building), else at the end.
	verified=
	pick=$(R pick "$rec" "$inputs" "$toolchain" "${trees[@]}")
	if [ -n "$pick" ]; then verify $pick; verified=1; fi
	syms=$SKL_CACHE/$B/.kconfig-symbols
	for ((i = first; i <= n; i++)); do
		c=${commits[$((i - 1))]}
		git -C "$wt" checkout -q --detach "$c"
		# Before the Kconfig choice exists there is one implementation: one build. From then on, both.
		choice=$(grep -l '^config BPF_SK_LOOKUP_RUST$' "$wt/net/Kconfig" || true)
		grep -rhoE --include='Kconfig*' '^(menu)?config [A-Z0-9_]+' "$wt" | sed 's/.* /CONFIG_/' | sort -u >"$syms"
		sha_c=-
		step "$i/$n" "building $(g log -1 --format=%s "$c") (rust choice)" \
			"incremental; a few minutes when it touches a common header"
		sha_rust=$(check_build rust) || exit 1
		if [ -n "$choice" ]; then
			step "$i/$n" "the same, c choice" "incremental"
			sha_c=$(check_build c) || exit 1
		fi
		[ "$i" != "$n" ] || check_linked
		R add "$rec" "$(printf %02d "$i") ${trees[$((i - 1))]} $inputs $toolchain built $(date -u +%Y-%m-%dT%H:%MZ) rust:$sha_rust c:$sha_c"
		note "recorded in patches/checked (commit it: the next run, on any machine, goes on from there)"
	done
	if [ -z "$verified" ]; then
		pick=$(R pick "$rec" "$inputs" "$toolchain" "${trees[@]}")
		[ -n "$pick" ] || die "nothing recorded to verify"
		verify $pick
	fi
	echo "[series] all $n commits build, with both choices once the Kconfig choice exists (tinyconfig +" \
		"config/tiny.config; $((first - 1)) proven by earlier runs; records: $rec; logs: $SKL_LOGS/check-*.log)"
	;;
*)
	die "usage: series.sh export [DIR] | check"
	;;
esac
