#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make lint: the slow lints, on the rust variant's build dir. Clippy rebuilds every Rust crate with
# clippy-driver (CLIPPY=1; its codegen is not for production, so it builds in a copy of the config, in
# $SKL_CACHE/build-clippy), rustdoc renders the kernel crate's docs, checkpatch.pl --strict reads every
# patch of the exported series, rustfmtcheck reads every Rust file.
set -eu
. "$(dirname "$0")/lib.sh"
[ -f "$SKL_CACHE/build-rust/.config" ] || die "no rust kernel configured: run 'make kernel-rust'"
B=$SKL_CACHE/build-clippy
mkdir -p "$B"
cp "$SKL_CACHE/build-rust/.config" "$B/.config"
fails=0
lint() {
	local name=$1; shift
	step lint "$name"
	if run_logged "$SKL_LOGS/lint-$name.log" "$@"; then echo "PASS $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}
MK="make -C $SKL_IN/tree LLVM=1"
lint rustfmtcheck in_root $MK O="$SKL_IN/build-rust" rustfmtcheck
lint clippy in_root sh -c "$MK O=$SKL_IN/build-clippy olddefconfig && $MK O=$SKL_IN/build-clippy CLIPPY=1 -j3 vmlinux"
lint rustdoc in_root $MK O="$SKL_IN/build-rust" -j3 rustdoc
bash "$SKL_TOP/pipeline/series.sh" export >/dev/null
for p in "$SKL_CACHE/series-out"/0*.patch; do
	case "$p" in *0000-cover-letter.patch) continue;; esac
	lint "checkpatch-${p##*/}" in_root perl "$SKL_IN/tree/scripts/checkpatch.pl" --root="$SKL_IN/tree" --strict \
		"$SKL_IN/series-out/${p##*/}"
done
[ $fails = 0 ] || die "$fails lint(s) failed"
echo "[lint] all clean"
