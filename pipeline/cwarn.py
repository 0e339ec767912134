#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make lint's C hygiene: the warnings of W=1 (clang) and sparse (C=2) on the objects the series touches,
at the series' last commit against the same objects at the baseline, in the same configuration.

Usage: cwarn.py BASELINE_LOG SERIES_LOG [LABEL]
    Prints each warning the series has and the baseline has not (by file and message, line numbers left
    out: the series moves code) and "LABEL: N warnings at baseline, M with the series, K new"; exit
    status 1 when K > 0 or a log holds no compiler run (an empty or missing log proves nothing).

A warning is "FILE:LINE:COL: warning|error: MESSAGE" in either tool's output; FILE is taken from its first
directory of the kernel tree on, so the baseline tree and the series tree compare although they are
checked out at different paths. A header's warning counts once per object that includes it, on both sides.
"""
import collections
import re
import sys

TOP_DIRS = ("arch", "block", "certs", "crypto", "drivers", "fs", "include", "init", "io_uring", "ipc", "kernel",
            "lib", "mm", "net", "rust", "samples", "scripts", "security", "sound", "tools", "usr", "virt")
WARNING = re.compile(r"^(?:.*?/)?((?:%s)/[^:\s]+):\d+(?::\d+)?: (warning|error): (.*)$" % "|".join(TOP_DIRS))
# What shows that the compiler and sparse ran (kbuild's quiet command lines; make_objects prints these).
RAN = re.compile(r"^\s+(CC|CHECK)\s+\S+")


def warnings(text):
    """Counter of (file, kind, message)."""
    out = collections.Counter()
    for line in (text or "").splitlines():
        m = WARNING.match(line.strip())
        if m:
            out[(m.group(1), m.group(2), m.group(3).strip())] += 1
    return out


def ran(text):
    """The kbuild tools that ran: {"CC", "CHECK"} when both the compiler and sparse did."""
    return {m.group(1) for m in map(RAN.match, (text or "").splitlines()) if m}


def compare(baseline, series):
    """(problems, new warnings, counts): problems when a log shows no compiler or no sparse run."""
    problems = []
    for name, text in (("baseline", baseline), ("series", series)):
        missing = {"CC", "CHECK"} - ran(text)
        if missing:
            problems.append("the %s log shows no %s run (missing, empty or cut short)" % (
                name, " and no ".join(sorted(missing))))
    b, s = warnings(baseline), warnings(series)
    new = s - b
    return problems, sorted(new.elements()), (sum(b.values()), sum(s.values()))


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    texts = []
    for path in argv[1:3]:
        try:
            with open(path, errors="replace") as f:
                texts.append(f.read())
        except OSError:
            texts.append("")
    label = argv[3] if len(argv) == 4 else "C warnings"
    problems, new, (nb, ns) = compare(*texts)
    for p in problems:
        print("  problem: " + p)
    for f, kind, msg in new:
        print("  new %s in %s: %s" % (kind, f, msg))
    print("%s: %d warnings at baseline, %d with the series, %d new" % (label, nb, ns, len(new)))
    return 1 if problems or new else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
