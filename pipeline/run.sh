#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: build what is missing, boot the rust kernel and show sk_lookup at work with real sockets in
# two network namespaces over veth (pipeline/guest/demo.sh). Exit status non-zero if any check failed.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
v=${SKL_VARIANT:-rust}; check_variant "$v"
step 1/5 "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
step 2/5 "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
step 3/5 "building the $v kernel" "~15-30 min cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" "$v"
step 4/5 "building the demo (BPF program, libbpf loader)" "~1 min cold"
bash "$SKL_TOP/pipeline/demo/build.sh"
step 5/5 "booting the $v kernel and running the demo" "~1 min under TCG"
out=$SKL_CACHE/demo-$v
rm -rf "$out"; mkdir -p "$out"
bash "$SKL_TOP/pipeline/vm.sh" "$v" "$SKL_LOGS/run-$v.log" \
	"$SKL_REPO_IN/pipeline/guest/demo.sh $SKL_IN/demo >$SKL_IN/demo-$v/report 2>&1; echo \$? >$SKL_IN/demo-$v/status" \
	--rwdir "$SKL_IN/demo-$v" || true
if [ ! -f "$out/status" ]; then
	echo "error: the $v kernel did not boot or the demo did not finish; last lines of $SKL_LOGS/run-$v.log:" >&2
	show_log_tail "$SKL_LOGS/run-$v.log"
	exit 1
fi
echo
grep -v '^\(PASS\|FAIL\) ' "$out/report"
grep '^FAIL ' "$out/report" || true
# The verdict: every check the demo defines passed (fewer PASS lines than that fail), exit status 0.
rc=0
in_root python3 "$SKL_REPO_IN/pipeline/report.py" demo "$SKL_IN/demo-$v/report" "$SKL_IN/demo-$v/status" || rc=1
passed=$(grep -c '^PASS ' "$out/report" || true); failed=$(grep -c '^FAIL ' "$out/report" || true)
echo "demo: $passed checks passed, $failed failed (full report: $out/report)"
exit $rc
