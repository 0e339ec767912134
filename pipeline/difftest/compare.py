#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the ctx_table outputs of the c and the rust kernel (see ctx_table.c).

Usage: compare.py C_TABLE RUST_TABLE OUT_DIR

Every (op, offset, size) row is a test case: accept/reject, errno, verifier message and the values read
must be identical. Differences in the rewritten (xlated) instructions are listed in
OUT_DIR/xlated-differences.txt for review and do not fail. Writes OUT_DIR/summary.json like report.py.
"""
import json
import os
import sys


def parse(path):
    rows, xlated = {}, {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split(" ", 4)
            if parts[0] == "xlated":
                xlated[tuple(parts[1:4])] = parts[4] if len(parts) > 4 else ""
            else:
                rows[tuple(parts[0:3])] = " ".join(parts[3:])
    return rows, xlated


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    c_path, r_path, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    suite = {"name": "ctx-difftest", "passed": 0, "failed": 0, "skipped": 0, "notes": []}
    missing = [p for p in (c_path, r_path) if not os.path.exists(p)]
    if missing:
        suite["failed"] = 1
        suite["notes"].append("no table from " + ", ".join(missing))
    else:
        c_rows, c_xl = parse(c_path)
        r_rows, r_xl = parse(r_path)
        if not c_rows:
            suite["failed"] += 1
            suite["notes"].append("empty table from the c kernel")
        for key in sorted(set(c_rows) | set(r_rows), key=lambda k: (k[0], int(k[1]), int(k[2]))):
            a, b = c_rows.get(key), r_rows.get(key)
            if a == b:
                suite["passed"] += 1
            else:
                suite["failed"] += 1
                suite["notes"].append("%s off=%s size=%s: c: %s | rust: %s" % (key + (a, b)))
        accepted = sum(1 for v in c_rows.values() if v.startswith("accept"))
        diffs = [k for k in sorted(set(c_xl) | set(r_xl)) if c_xl.get(k) != r_xl.get(k)]
        with open(os.path.join(out, "xlated-differences.txt"), "w") as f:
            for k in diffs:
                f.write("%s off=%s size=%s\n  c:    %s\n  rust: %s\n" % (k + (c_xl.get(k), r_xl.get(k))))
        suite["notes"].append("%d rows, %d accepted by the c kernel; %d xlated differences (for review: %s)" % (
            len(c_rows), accepted, len(diffs), os.path.join(out, "xlated-differences.txt")))
    print("  [diff] %-20s %3d passed, %d failed  %s" % (suite["name"], suite["passed"], suite["failed"],
                                                      "FAIL" if suite["failed"] else "ok"))
    for n in suite["notes"][:20]:
        print("           - " + n)
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump({"variant": "c=rust", "suites": [suite]}, f, indent=1)
    sys.exit(1 if suite["failed"] else 0)


if __name__ == "__main__":
    main()
