#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The records of make check-series (patches/checked): which commits of the series are proven to build.

One line per commit that built:

    POS TREE INPUTS TOOLCHAIN built DATE rust:SHA256 c:SHA256|-

POS is the commit's position in the series (1-based, two digits or more), TREE its tree object in the
assembled tree (the same patches give the same tree on any machine), INPUTS the hash of what makes its
.config and build command (lib.sh series_inputs), TOOLCHAIN that of the compilers' Debian versions
(lib.sh series_toolchain), DATE when it was built (UTC), and then the sha256 of the vmlinux each Kconfig
choice built (c is "-" before the choice exists). The builds are reproducible (fixed KBUILD_BUILD_*, no
debug info), so any machine with the same toolchain gets the same vmlinux from the same commit.

    verified POS TREE CHOICE DATE

says that a run rebuilt that record's commit from scratch and got the recorded vmlinux.

The rules (the harness tests them with fixtures):
- A record proves its commit when its position, tree, inputs and toolchain match the commit and every
  earlier commit is proven too: a change to patch k leaves 1..k-1 proven and stales k and every later one,
  whatever their trees.
- A run keeps the proven prefix and builds from the first commit that is not proven; what it builds it
  appends, replacing the stale records.
- Each run rebuilds one proven (commit, choice) chosen at random, from scratch, and fails when its vmlinux
  differs from the record: a record written by hand does not survive it.

Usage (series.sh and host-checks.sh):
    series_records.py plan RECORDS INPUTS TOOLCHAIN TREE...    -> first position to build (N+1: none)
    series_records.py keep RECORDS INPUTS TOOLCHAIN TREE...    -> rewrite RECORDS with the proven prefix only
    series_records.py add RECORDS LINE                          -> append a record (checked)
    series_records.py pick RECORDS INPUTS TOOLCHAIN TREE...    -> "POS CHOICE SHA256" to verify, or nothing
    series_records.py status RECORDS INPUTS TOOLCHAIN TREE...  -> "N proven, M stale" and the stale positions
    series_records.py verified RECORDS POS CHOICE SHA256 DATE   -> compare a rebuild with the record: append
                                                                   a verified line, or fail
"""
import os
import random
import re
import sys

HEADER = """\
# make check-series: the commits of the series proven to build (pipeline/series_records.py says how to
# read this file; make check-series writes it, make test shows how much of it matches the series).
"""

RECORD = re.compile(r"^(\d+) ([0-9a-f]{40}) ([0-9a-f]{16}) ([0-9a-f]{16}) (built) (\S+) "
                    r"rust:([0-9a-f]{64}) c:([0-9a-f]{64}|-)$")
VERIFIED = re.compile(r"^verified (\d+) ([0-9a-f]{40}) (rust|c) (\S+)$")


class RecordError(Exception):
    pass


def parse(text):
    """(records by position, verified lines): a malformed line, a duplicate position or a record out of
    order is an error, not a line to skip (a hand-edited file is refused as a whole)."""
    records, verified, last = {}, [], 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = RECORD.match(line)
        if m:
            pos = int(m.group(1))
            if pos <= last:
                raise RecordError("line %d: record for position %d after position %d" % (n, pos, last))
            last = pos
            records[pos] = {"pos": pos, "tree": m.group(2), "inputs": m.group(3), "toolchain": m.group(4),
                            "date": m.group(6), "rust": m.group(7), "c": None if m.group(8) == "-" else m.group(8)}
            continue
        m = VERIFIED.match(line)
        if m:
            verified.append({"pos": int(m.group(1)), "tree": m.group(2), "choice": m.group(3), "date": m.group(4)})
            continue
        raise RecordError("line %d: not a record: %r" % (n, line[:80]))
    return records, verified


def proven(records, inputs, toolchain, trees):
    """How many commits, from the first, the records prove (0..len(trees))."""
    for i, tree in enumerate(trees, 1):
        r = records.get(i)
        if not r or r["tree"] != tree or r["inputs"] != inputs or r["toolchain"] != toolchain:
            return i - 1
    return len(trees)


def render(records, verified, upto):
    """The file with the records of positions 1..upto and the verified lines of those records."""
    out = [HEADER]
    for pos in sorted(p for p in records if p <= upto):
        r = records[pos]
        out.append("%02d %s %s %s built %s rust:%s c:%s\n" % (
            pos, r["tree"], r["inputs"], r["toolchain"], r["date"], r["rust"], r["c"] or "-"))
    for v in verified:
        r = records.get(v["pos"])
        if v["pos"] <= upto and r and r["tree"] == v["tree"]:
            out.append("verified %02d %s %s %s\n" % (v["pos"], v["tree"], v["choice"], v["date"]))
    return "".join(out)


def pick(records, upto, rng):
    """(pos, choice, sha256) of one proven build chosen at random, or None when nothing is proven."""
    builds = [(p, ch, records[p][ch]) for p in range(1, upto + 1) for ch in ("rust", "c") if records[p][ch]]
    return rng.choice(builds) if builds else None


def verify(records, pos, choice, sha):
    """None when a from-scratch rebuild's vmlinux (sha) is the one recorded for (pos, choice), else why not."""
    r = records.get(pos)
    if not r or not r.get(choice):
        return "no %s build recorded at position %d" % (choice, pos)
    if r[choice] != sha:
        return "commit %d (%s choice) rebuilt from scratch gives vmlinux %s, the record says %s" % (
            pos, choice, sha, r[choice])
    return None


def status(upto, trees):
    stale = list(range(upto + 1, len(trees) + 1))
    return "%d proven, %d stale" % (upto, len(stale)), stale


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def write(path, text):
    with open(path + ".new", "w") as f:
        f.write(text)
    os.replace(path + ".new", path)


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    cmd, path = argv[1], argv[2]
    try:
        records, verified = parse(read(path))
    except RecordError as e:
        raise SystemExit("error: %s: %s" % (path, e))
    if cmd == "verified":
        pos, choice, sha, date = int(argv[3]), argv[4], argv[5], argv[6]
        why = verify(records, pos, choice, sha)
        if why:
            raise SystemExit("error: %s" % why)
        argv = argv[:3] + ["verified %02d %s %s %s" % (pos, records[pos]["tree"], choice, date)]
        cmd = "add"
    if cmd == "add":
        line = argv[3]
        m = RECORD.match(line) or VERIFIED.match(line)
        if not m:
            raise SystemExit("error: not a record: %r" % line)
        text = read(path) or HEADER
        try:
            parse(text + line + "\n")
        except RecordError as e:
            raise SystemExit("error: adding %r: %s" % (line, e))
        write(path, text + line + "\n")
        return 0
    if len(argv) < 5:
        raise SystemExit(__doc__)
    inputs, toolchain, trees = argv[3], argv[4], argv[5:]
    upto = proven(records, inputs, toolchain, trees)
    if cmd == "plan":
        print(upto + 1)
    elif cmd == "keep":
        write(path, render(records, verified, upto))
    elif cmd == "pick":
        p = pick(records, upto, random.SystemRandom())
        if p:
            print("%d %s %s" % p)
    elif cmd == "status":
        line, stale = status(upto, trees)
        print(line)
        print(" ".join(str(s) for s in stale))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
