#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make test: everything, from a fresh machine if need be. Builds what is missing (both variants), runs the
# host checks and one VM boot per variant with every suite, prints a line per suite per variant and ends
# with "N passed, N failed" counting test cases. Exit status non-zero on any failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
H=$SKL_CACHE/results-host
rm -rf "$H"; mkdir -p "$H"

step 1/9 "build root (Debian trixie, pinned toolchain)" "~4 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
step 2/9 "assembling the kernel tree from patches/series" "~1 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
for v in c rust; do
	step "$([ $v = c ] && echo 3 || echo 4)/9" "building the $v kernel" "$([ $v = c ] && echo "~32 min cold" || echo "~7 min seeded from c, ~32 min alone"), seconds warm"
	bash "$SKL_TOP/pipeline/kernel.sh" $v
done
for v in c rust; do
	step "$([ $v = c ] && echo 5 || echo 6)/9" "building the BPF selftests against the $v kernel" "~4 min cold"
	bash "$SKL_TOP/pipeline/selftests.sh" $v
done

step 7/9 "host checks: series export + checkpatch, rustfmt, bpf_doc.py generator"
bash "$SKL_TOP/pipeline/host-checks.sh" "$H" || true

rc=0
for v in c rust; do
	step "$([ $v = c ] && echo 8 || echo 9)/9" "VM run of the $v kernel: every suite" "~3 min under TCG"
	bash "$SKL_TOP/pipeline/vmtest.sh" $v >"$SKL_CACHE/report-$v.txt" 2>&1 || rc=1
	cat "$SKL_CACHE/report-$v.txt"
done

D=$SKL_CACHE/results-diff
rm -rf "$D"; mkdir -p "$D"
echo "[diff] ctx access table: c kernel vs rust kernel"
in_root python3 "$SKL_REPO_IN/pipeline/difftest/compare.py" "$SKL_IN/results-c/ctx_table.txt" \
	"$SKL_IN/results-rust/ctx_table.txt" "$SKL_IN/results-diff" || rc=1

echo
echo "Summary ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
in_root python3 - "$SKL_IN" <<'PY' || rc=1
import json, os, sys
root = sys.argv[1]
p = f = 0
for name in ("results-host", "results-c", "results-rust", "results-diff"):
    path = os.path.join(root, name, "summary.json")
    if not os.path.exists(path):
        print("  %-13s no results (did not run)" % name)
        f += 1
        continue
    data = json.load(open(path))
    for s in data["suites"]:
        print("  %-5s %-22s %3d passed, %d failed, %d skipped" % (
            data["variant"], s["name"], s["passed"], s["failed"], s["skipped"]))
        p += s["passed"]
        f += s["failed"] + s["skipped"]
print("%d passed, %d failed" % (p, f))
sys.exit(1 if f else 0)
PY
exit $rc
