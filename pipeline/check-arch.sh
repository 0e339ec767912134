#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-arch: both implementations on arm64 (not part of CI).
#   arm64-c, arm64-rust  the test kernels of c and rust plus pipeline/config/arm64.config, cross-built with
#                        LLVM=1 ARCH=arm64 by the same clang, lld and rustc as the x86 kernels; booted
#                        under qemu-system-aarch64 (TCG, -M virt, CPU "max" with pointer authentication and
#                        BTI) on an arm64 root file system made offline (pipeline/setup-arm64.sh), with
#                        pipeline/guest/run-arch.sh: the sk_lookup selftests in every flavour (JIT and
#                        interpreter), the related suite, test_verifier, the demo, the ctx table, the
#                        bad-input table, the trace suite, sockmap-delete, KUnit and dmesg.
#   then arm64-c against arm64-rust (ctx, bad-input and trace tables), and each arm64 ctx table against the
#   x86_64 c kernel's (pipeline/difftest/ctx_table.x86_64.txt).
# The BPF selftests and the demo tools are cross-built against arm64-c; arm64-rust is seeded from arm64-c's
# build dir and shares its test binaries (with a bpf_testmod.ko of its own). No x86 kernel is needed.
# Prints a line per suite and "N passed, N failed"; exit status non-zero on any failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
n=9 i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "arm64 packages in the build root, arm64 root file system for the guests" "~3 min cold"
bash "$SKL_TOP/pipeline/setup-arm64.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"

next "cross-building the arm64-c kernel (ARCH=arm64 LLVM=1)" "~20-30 min cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" arm64-c
next "cross-building the selftests and the demo tools for arm64" "~5-8 min cold, seconds warm"
bash "$SKL_TOP/pipeline/selftests.sh" arm64-c
bash "$SKL_TOP/pipeline/demo/build.sh" arm64
# The trace suite's functions: those of the C implementation the arm64-c build compiled.
in_root python3 "$SKL_REPO_IN/pipeline/trace/derive.py" "$SKL_IN/tree" "$SKL_IN/build-arm64-c" \
	>"$SKL_CACHE/trace-arm64.list" 2>"$SKL_LOGS/trace-derive-arm64.log" ||
	{ show_log_tail "$SKL_LOGS/trace-derive-arm64.log" 5; die "deriving the arm64 trace list failed"; }
next "cross-building the arm64-rust kernel, seeded from build-arm64-c" "~5-10 min seeded, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" arm64-rust
selftests_for arm64-rust arm64-rust arm64-c

summaries=""
for v in arm64-c arm64-rust; do
	next "VM run of the $v kernel under qemu-system-aarch64 (TCG)" "~10-20 min"
	guest_run "$v" "results-$v" \
		"$SKL_REPO_IN/pipeline/guest/run-arch.sh $SKL_IN/selftests-$v/out $(guest_dir "$v" "results-$v") $SKL_IN/demo-arm64 $SKL_IN/trace-arm64.list" \
		--append slab_nomerge || true
	in_root python3 "$SKL_REPO_IN/pipeline/report.py" arch "$v" "$SKL_IN/results-$v" "$SKL_IN/selftests-$v" \
		"$SKL_IN/build-$v" "$SKL_REPO_IN" || true
	summaries="$summaries $SKL_IN/results-$v/summary.json"
done

echo "[diff] ctx access, bad-input and trace tables: arm64-c kernel vs arm64-rust kernel; each ctx table vs x86_64's"
rm -rf "$SKL_CACHE/results-diff-arm64"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" diff "$SKL_IN/results-arm64-c" "$SKL_IN/results-arm64-rust" \
	"$SKL_IN/results-diff-arm64" || true
summaries="$summaries $SKL_IN/results-diff-arm64/summary.json"
for v in arm64-c arm64-rust; do
	rm -rf "$SKL_CACHE/results-ctxref-$v"
	in_root python3 "$SKL_REPO_IN/pipeline/report.py" ctxref "$SKL_REPO_IN/pipeline/difftest/ctx_table.x86_64.txt" \
		"$SKL_IN/results-$v" "$SKL_IN/results-ctxref-$v" || true
	summaries="$summaries $SKL_IN/results-ctxref-$v/summary.json"
done

echo
echo "Summary of make check-arch ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" summary $summaries
