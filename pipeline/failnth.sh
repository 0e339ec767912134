#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fail-nth: every allocation on the netns attach points' paths (sk_lookup and flow_dissector links,
# query, legacy attach and detach, sk_lookup test runs) failed in turn, on the c and the rust kernel with
# the debug options and fault injection (pipeline/config/debug.config): variants c-debug and debug.
# In each guest (pipeline/guest/run-failnth.sh) pipeline/failnth/fail_nth runs each operation with
# /proc/thread-self/fail-nth = 1, 2, ... until it succeeds with nothing injected, and checks after every
# attempt the errno, BPF_PROG_QUERY, link info and fdinfo, which programs steer traffic, the program, link
# and net_namespace counts, and the kernel log (only the injection reports); the failslab pass sweeps each
# operation twice, a fail_page_alloc pass once; kmemleak after each operation. The host then compares the
# two kernels by call site (pipeline/failnth/check.py), and writes the table to results-failnth-diff.
# Not part of make test. Prints a line per suite and "N passed, N failed"; exit status non-zero on failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
n=7 i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "build root (Debian trixie, pinned toolchain)" "~5 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
next "building the c-debug kernel (KASAN, lockdep, kmemleak, fault injection)" \
	"~30-45 min cold, seeded from build-debug when that is current, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" c-debug
next "building the fail-nth tool (pipeline/failnth) with the demo" "~1 min cold"
bash "$SKL_TOP/pipeline/demo/build.sh"
next "building the debug (rust) kernel, seeded from build-c-debug" "~10 min seeded, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" debug

# Boot (~4.5 min under TCG for a KASAN kernel), then a netns made and destroyed per attempt.
export SKL_VM_TIMEOUT=${SKL_VM_TIMEOUT:-5400}
summaries=""
for v in c-debug debug; do
	next "VM run of the $v kernel: every operation under fail-nth" "~15-30 min under TCG"
	guest_run "$v" "results-failnth-$v" \
		"$SKL_REPO_IN/pipeline/guest/run-failnth.sh $SKL_IN/demo $SKL_IN/results-failnth-$v" \
		--append slab_nomerge || true
	in_root python3 "$SKL_REPO_IN/pipeline/report.py" failnth "$v" "$SKL_IN/results-failnth-$v" \
		"$SKL_IN/build-$v" || true
	summaries="$summaries $SKL_IN/results-failnth-$v/summary.json"
done
echo "[diff] call sites and outcomes: c-debug kernel vs debug (rust) kernel"
rm -rf "$SKL_CACHE/results-failnth-diff"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" failnthdiff "$SKL_IN/results-failnth-c-debug" \
	"$SKL_IN/results-failnth-debug" "$SKL_IN/results-failnth-diff" || true
summaries="$summaries $SKL_IN/results-failnth-diff/summary.json"
echo "      table: $SKL_CACHE/results-failnth-diff/table.md"

echo
echo "Summary of make fail-nth ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" summary $summaries
