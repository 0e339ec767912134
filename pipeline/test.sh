#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything, from a fresh machine if need be. Runs the harness tests, builds what is missing
# (both variants), runs the host checks and one VM boot per variant with every suite, prints a line per
# suite per variant and ends with "N passed, N failed" counting test cases. Exit status non-zero on any
# failure; a suite whose evidence is missing counts as failed (pipeline/report.py).
# test.sh debug (make test-debug): the same with the debug variant in place of rust, without the host checks.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
mode=${1:-}
case "$mode" in
'') other=rust; n=10;;
debug) other=debug; n=9;;
*) die "usage: test.sh [debug]";;
esac
start=$(date +%s)
H=$SKL_CACHE/results-host D=$SKL_CACHE/results-diff-$other
rm -rf "$H" "$D" "$SKL_CACHE/results-harness"
mkdir -p "$SKL_CACHE/results-harness"
i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "harness tests: every parser and checker of the pipeline on good and bad evidence" "seconds"
echo "      log: $SKL_LOGS/harness.log"
if python3 "$SKL_TOP/pipeline/tests/test_harness.py" --json "$SKL_CACHE/results-harness/summary.json" \
	>"$SKL_LOGS/harness.log" 2>&1; then
	tail -n 1 "$SKL_LOGS/harness.log" | sed 's/^/  /'
else
	echo "error: harness tests failed, last lines of $SKL_LOGS/harness.log:" >&2
	show_log_tail "$SKL_LOGS/harness.log" 20
fi
next "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
next "building the c kernel" "~15-30 min cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" c
if [ "$other" = rust ]; then
	next "building the rust kernel" "~5-9 min seeded from c, ~15-30 min alone, seconds warm"
else
	next "building the debug kernel (rust + KASAN, lockdep, kmemleak, UBSAN)" "~17-40 min cold, not seeded; seconds warm"
fi
bash "$SKL_TOP/pipeline/kernel.sh" "$other"
for v in c "$other"; do
	next "building the BPF selftests against the $v kernel" "~2-5 min cold"
	bash "$SKL_TOP/pipeline/selftests.sh" "$v"
done

summaries="$SKL_IN/results-harness/summary.json"
if [ "$other" = rust ]; then
	next "host checks: series export + checkpatch, rustfmt, symbols, docs, rust-analyzer, bpf_doc.py" "~1 min"
	mkdir -p "$H"
	bash "$SKL_TOP/pipeline/host-checks.sh" "$H" || true
	summaries="$summaries $SKL_IN/results-host/summary.json"
fi

for v in c "$other"; do
	next "VM run of the $v kernel: every suite" "$([ "$v" = debug ] && echo "~10-15 min under TCG with KASAN" || echo "~3 min under TCG")"
	# A run that fails before its guest (a tool that does not build, say) must leave no results: the
	# previous run's summary would otherwise be counted as this one's.
	rm -rf "$SKL_CACHE/results-$v"
	bash "$SKL_TOP/pipeline/vmtest.sh" "$v" >"$SKL_CACHE/report-$v.txt" 2>&1 || true
	cat "$SKL_CACHE/report-$v.txt"
	summaries="$summaries $SKL_IN/results-$v/summary.json"
done

echo "[diff] ctx access table: c kernel vs $other kernel"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" diff "$SKL_IN/results-c" "$SKL_IN/results-$other" \
	"$SKL_IN/results-diff-$other" || true

echo
echo "Summary ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
# Every part of the run must have left its summary: one that is missing counts as a failure.
in_root python3 "$SKL_REPO_IN/pipeline/report.py" summary $summaries "$SKL_IN/results-diff-$other/summary.json"
