#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint: the slow lints, on the rust variant's build dir. Clippy rebuilds every Rust crate with
# clippy-driver (CLIPPY=1; its codegen is not for production, so it builds in a copy of the config, in
# $SKL_CACHE/build-clippy), rustdoc renders the kernel crate's docs, checkpatch.pl --strict reads every
# patch of the exported series, rustfmtcheck reads every Rust file. For the C: W=1 and sparse on the
# objects the series touches, against the baseline (pipeline/lint-c.sh), and make htmldocs renders
# Documentation/bpf with no warning from a file the series changes.
set -eu
. "$(dirname "$0")/lib.sh"
[ -f "$SKL_CACHE/build-rust/.config" ] || die "no rust kernel configured: run 'make kernel-rust'"
# Clippy builds in a copy of the rust build dir, mounted at the same path (SKL_O=clippy), so only the Rust
# crates are rebuilt (with clippy-driver) and the production build dir is left alone.
B=$SKL_CACHE/build-clippy
stamp=$(cat "$SKL_CACHE/build-rust/.skl-stamp" 2>/dev/null) || die "the rust kernel is not built: run 'make kernel-rust'"
if [ "$(cat "$B/.skl-lint-stamp" 2>/dev/null)" != "$stamp" ]; then
	note "copying build-rust to build-clippy"
	copy_aside "$SKL_CACHE/build-rust" "$B"
	echo "$stamp" >"$B/.skl-lint-stamp"
fi
fails=0
lint() {
	local name=$1; shift
	step lint "$name"
	if run_logged "$SKL_LOGS/lint-$name.log" "$@"; then echo "PASS $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}
MK="make -C $SKL_IN/tree O=$SKL_IN/build LLVM=1"
export SKL_O=rust
lint rustfmtcheck in_root $MK rustfmtcheck
lint rustdoc in_root $MK -j"$SKL_JOBS" rustdoc
unset SKL_O
# Upstream 7.3.4 code does not pass clippy 1.85 everywhere (e.g. rust/kernel/cpufreq.rs), so clippy runs
# with lints capped at warnings and the findings in this project's Rust files are what fails.
step lint clippy
log=$SKL_LOGS/lint-clippy.log
echo "      log: $log"
if SKL_O=clippy in_root $MK CLIPPY=1 KRUSTFLAGS=--cap-lints=warn -j"$SKL_JOBS" vmlinux >"$log" 2>&1; then
	ours=$(cd "$SKL_TOP" && git ls-files -- '*.rs' | sed 's|^|/skl/tree/|' | paste -sd'|')
	mine=$(grep -cE -- "--> ($ours):" "$log" || true)
	upstream=$(grep -cE -- "--> /skl/tree/" "$log" || true)
	# A finding in the generated doctests counts for the file its doctest comes from: the nearest
	# ".location: FILE:LINE" line above it in the generated file.
	gen=$B/rust/doctests_kernel_generated.rs
	for n in $(grep -oE -- "--> rust/doctests_kernel_generated.rs:[0-9]+" "$log" | cut -d: -f2); do
		src=$(head -n "$n" "$gen" | grep -oE '\.location: [^:]+' | tail -n 1 | cut -d' ' -f2)
		if [ -n "$src" ] && (cd "$SKL_TOP" && git ls-files --error-unmatch -- "$src" >/dev/null 2>&1); then
			echo "      clippy finding in a doctest of $src (rust/doctests_kernel_generated.rs:$n)"
			mine=$((mine + 1))
		fi
	done
	echo "      clippy findings: $mine in this project's files, $((upstream - mine)) in upstream files"
	if [ "$mine" = 0 ]; then echo "PASS clippy"; else
		grep -B3 -A12 -E -- "--> ($ours):" "$log" | head -60
		echo "FAIL clippy"; fails=$((fails + 1))
	fi
else
	tail -n 30 "$log"; echo "FAIL clippy (build)"; fails=$((fails + 1))
fi
bash "$SKL_TOP/pipeline/series.sh" export >/dev/null
for p in "$SKL_CACHE/series-out"/0*.patch; do
	case "$p" in *0000-cover-letter.patch) continue;; esac
	lint "checkpatch-${p##*/}" in_root perl "$SKL_IN/tree/scripts/checkpatch.pl" --root="$SKL_IN/tree" \
		$CHECKPATCH_ARGS "$SKL_IN/series-out/${p##*/}"
done
# W=1 and sparse, the series against the baseline (c and rust configurations).
step lint "C hygiene: W=1 and sparse on the objects the series touches, against the baseline"
if bash "$SKL_TOP/pipeline/lint-c.sh"; then echo "PASS c-hygiene"; else echo "FAIL c-hygiene"; fails=$((fails + 1)); fi
# The documentation as make htmldocs renders it (Debian's python3-sphinx; SPHINXDIRS=bpf, the directory
# of the series' documentation). -E reads every file again, so that an unchanged file's warnings are not
# left out of the log by Sphinx's saved environment. Upstream files may warn (a reference out of
# SPHINXDIRS, a missing dot(1)); a warning naming a file the series changes fails, and so does a page
# of the series that was not written.
step lint "htmldocs (SPHINXDIRS=bpf)" "~2-6 min"
log=$SKL_LOGS/lint-htmldocs.log D=$SKL_CACHE/lint-docs
mkdir -p "$D"; touch "$D/.started"
if run_logged "$log" in_root make -C "$SKL_IN/tree" O="$SKL_IN/lint-docs" LLVM=1 SPHINXDIRS=bpf SPHINXOPTS=-E htmldocs; then
	changed=$(git -C "$SKL_CACHE/tree" diff --name-only baseline series)
	ours=$(grep -E 'WARNING|ERROR' "$log" | grep -F "$changed" || true)
	pages=$(grep -E '^Documentation/bpf/.*\.rst$' <<<"$changed" || true)
	missing=$(for f in $pages; do h=$D/Documentation/output/bpf/${f#Documentation/bpf/}; h=${h%.rst}.html
		[ "$h" -nt "$D/.started" ] || echo "$h"; done)
	echo "      $(grep -cE 'WARNING|ERROR' "$log" || true) warnings in all, $(grep -cE 'WARNING|ERROR' <<<"$ours" || true) from the series' files; pages: $(echo $pages); $(in_root sphinx-build --version)"
	if [ -z "$ours" ] && [ -z "$missing" ] && [ -n "$pages" ]; then echo "PASS htmldocs"; else
		echo "$ours" | sed 's/^/      /'; [ -z "$missing" ] || echo "      not written: $missing"
		echo "FAIL htmldocs"; fails=$((fails + 1))
	fi
else
	echo "FAIL htmldocs (build)"; fails=$((fails + 1))
fi
[ $fails = 0 ] || die "$fails lint(s) failed"
echo "[lint] all clean"
