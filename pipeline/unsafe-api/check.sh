#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh OUT_DIR [SNIPPET...]: the unsafe-api host check. Runs inside the build root (in_root, with the
# rust build dir at /skl/build), writes "PASS|FAIL unsafe-api: ..." and "EXPECT unsafe-api N" lines to
# stdout and the compiler's output of each compilation to OUT_DIR.
#
# Each snippet (default: pipeline/unsafe-api/*.rs) calls, from safe code, a kernel::bpf function that was
# once safe and could free a program a published run array still ran, or implements a once-safe trait. It
# is compiled twice against the built kernel crate (rust/libkernel.rmeta), as a leaf crate of the kernel
# is, with the flags kbuild used for net/core/sk_lookup.o (its .cmd file):
#  - with --cfg refused: the compiler must refuse it with the error code its "//! expect: E...." line
#    names, and with no other error;
#  - with --cfg control: the same code made acceptable (the call inside unsafe {}, the impl marked unsafe,
#    the private function replaced by the safe one that does the whole job) must compile, without
#    warnings, so that a snippet that fails for another reason (a typo, a missing import) fails the check.
# rustdoc cannot do this: in 7.3 a compile_fail doctest of the kernel crate is compiled into the KUnit
# doctest module like any other, and rust/Makefile discards rustdoc's verdict.
set -u
out=${1:?output dir}; shift
B=/skl/build
# The kernel builds with unstable options (-Z...), which kbuild allows by exporting this.
export RUSTC_BOOTSTRAP=1
SNIPPETS_FLOOR=6
cd "$(dirname "$0")"
[ $# -gt 0 ] || set -- *.rs
mkdir -p "$out"

fail() { echo "FAIL unsafe-api: $*"; }
echo "EXPECT unsafe-api $((2 * $#))"
if [ $# -lt $SNIPPETS_FLOOR ]; then
	fail "$# snippets, fewer than the $SNIPPETS_FLOOR this check was written with"
fi

cmdfile=$B/net/core/.sk_lookup.o.cmd
rmeta=$B/rust/libkernel.rmeta
# The rustc command kbuild ran for the leaf crate net/core/sk_lookup.o, up to the first ';' (llvm-link,
# objtool and the rest follow it), without its outputs (--emit=..., --out-dir DIR) and its source, which
# are given per snippet below.
cmd=$(sed -n 's#^savedcmd_net/core/sk_lookup.o := ##p' "$cmdfile" 2>/dev/null | cut -d';' -f1 |
	sed -E -e 's# --emit=[^ ]+##g' -e 's# --out-dir [^ ]+##' -e 's# [^ ]*net/core/sk_lookup\.rs( |$)# #')
if [ ! -f "$rmeta" ] || [ -z "$cmd" ] || ! grep -q -- ' rustc ' <<<"$cmd" ||
	grep -q 'sk_lookup\.rs' <<<"$cmd"; then
	for f; do
		fail "$f: cannot compile: no rust build (need $rmeta and the rustc command of $cmdfile)"
		fail "$f: control not compiled"
	done
	exit 0
fi

for f; do
	name=${f%.rs}
	code=$(sed -n 's#^//! expect: \(E[0-9]\{4\}\)$#\1#p' "$f")
	if [ -z "$code" ]; then
		fail "$f: no '//! expect: E....' line"
		fail "$f: control not compiled"
		continue
	fi
	for mode in refused control; do
		log=$out/$name.$mode.log
		mkdir -p "$out/$name.$mode"
		# The snippet is a crate of its own, named after its file, emitting only metadata: type, privacy
		# and unsafety checks all run, nothing is generated.
		src=$PWD/$f
		(cd "$B" && eval "$cmd --emit=metadata=$out/$name.$mode/lib$name.rmeta --cfg $mode \
			--crate-name skl_unsafe_api_$name $src") >"$log" 2>&1
		rc=$?
		errors=$(grep -oE '^error(\[E[0-9]{4}\])?' "$log" | sort | uniq -c | sed 's/^ *//')
		others=$(grep -E '^error' "$log" | grep -v "^error\[$code\]" | grep -v '^error: aborting due to' || true)
		case $mode in
		refused)
			if [ $rc -ne 0 ] && grep -q "^error\[$code\]" "$log" && [ -z "$others" ]; then
				echo "PASS unsafe-api: $f: refused with $code ($(grep -m1 "^error\[$code\]" "$log" | cut -c1-100))"
			elif [ $rc -eq 0 ]; then
				fail "$f: compiled, but $code was expected (see $log)"
			else
				fail "$f: refused, but not (only) with $code: $(echo $errors) (see $log)"
			fi;;
		control)
			if [ $rc -eq 0 ] && ! grep -qE '^(warning|error)' "$log"; then
				echo "PASS unsafe-api: $f: control compiles"
			else
				fail "$f: control does not compile cleanly: $(grep -m1 -E '^(warning|error)' "$log") (see $log)"
			fi;;
		esac
	done
done
