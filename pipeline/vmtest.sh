#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one variant and run every suite in it (pipeline/guest/run-suites.sh), then parse the results.
set -eu
. "$(dirname "$0")/lib.sh"
v=${1:-}; check_variant "$v"
[ -x "$SKL_CACHE/selftests-$v/out/test_progs" ] || die "no selftests built for $v: run 'make selftests-$v'"
bash "$SKL_TOP/pipeline/demo/build.sh"
# The trace suite's functions come from the c kernel, whichever kernel boots: without it the list is empty,
# which the suite reports as a failure.
rm -f "$SKL_CACHE/trace.list"
if [ -f "$SKL_CACHE/build-c/vmlinux" ]; then
	in_root python3 "$SKL_REPO_IN/pipeline/trace/derive.py" "$SKL_IN/tree" "$SKL_IN/build-c" \
		>"$SKL_CACHE/trace.list" 2>"$SKL_LOGS/trace-derive.log" ||
		{ echo "error: deriving the trace list failed:" >&2; show_log_tail "$SKL_LOGS/trace-derive.log" 5; }
else
	echo "error: no c kernel built: the trace suite's list cannot be derived (make kernel-c)" >&2
fi
note "booting the $v kernel and running the suites ($([ "$v" = debug ] && echo "~14 min" || echo "~2 min") under TCG)"
# A guest that did not finish is reported here and counted by report.py (its evidence is missing).
# slab_nomerge: the net_namespace slab cache on its own, so that the bad-input table counts namespaces
# exactly (its leak.netns rows).
guest_run "$v" "results-$v" \
	"$SKL_REPO_IN/pipeline/guest/run-suites.sh $SKL_IN/selftests-$v/out $SKL_IN/results-$v $SKL_IN/demo $SKL_IN/trace.list" \
	--append slab_nomerge || true
in_root python3 "$SKL_REPO_IN/pipeline/report.py" vm "$v" "$SKL_IN/results-$v" "$SKL_IN/selftests-$v" \
	"$SKL_IN/build-$v" "$SKL_REPO_IN"
