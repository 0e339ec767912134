#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""derive.py TREE BUILD_C: the functions the trace suite checks, derived from the c kernel.

The functions of the C implementation that the Rust choice replaces: those defined in the C source
left out by `#ifndef CONFIG_BPF_SK_LOOKUP_RUST` (in any .c file of the tree's net/ and kernel/ that has
such a block) that the c build compiled as functions of their own (text symbols of the file's object:
an inlined function has none). Prints one name per line, sorted; exits non-zero with a message when a
source or an object cannot be read or nothing is found. Runs in the build root (llvm-nm)."""
import os
import re
import subprocess
import sys

MARK = "#ifndef CONFIG_BPF_SK_LOOKUP_RUST"
# A definition starts at column 0: "static int foo(", "struct sock *foo(", "foo(" (its type on the line
# before), "BPF_CALL_3(foo, ...".
DEF = re.compile(r"^(?:BPF_CALL_\d\((\w+),|(?:[A-Za-z_][\w \t\*]*?[ \t\*])?(\w+)\()")


def replaced_regions(text):
    """The lines inside #ifndef CONFIG_BPF_SK_LOOKUP_RUST ... its #endif (#else ends it too)."""
    out, depth = [], 0
    for line in text.splitlines():
        s = line.strip()
        if depth == 0:
            if s == MARK:
                depth = 1
            continue
        if re.match(r"#\s*if", s):
            depth += 1
        elif re.match(r"#\s*endif", s) or (depth == 1 and re.match(r"#\s*el", s)):
            depth -= 1
            if re.match(r"#\s*el", s):
                depth = 0
            continue
        if depth:
            out.append(line)
    return out


def defined_names(lines):
    names = set()
    for line in lines:
        if line.rstrip().endswith(";"):
            continue
        m = DEF.match(line)
        if m:
            names.add(m.group(1) or m.group(2))
    return names


def text_symbols(obj):
    r = subprocess.run(["llvm-nm", "--defined-only", obj], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("derive.py: llvm-nm %s: %s" % (obj, r.stderr.strip()))
    return {f[2] for f in (l.split() for l in r.stdout.splitlines()) if len(f) == 3 and f[1] in "tT"}


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    tree, build = argv[1:]
    found = set()
    sources = []
    for top in ("net", "kernel"):
        for d, _, files in os.walk(os.path.join(tree, top)):
            for f in files:
                if f.endswith(".c"):
                    p = os.path.join(d, f)
                    with open(p, errors="replace") as fh:
                        text = fh.read()
                    if MARK in text:
                        sources.append((p, text))
    if not sources:
        sys.exit("derive.py: no file of %s/net or %s/kernel has '%s'" % (tree, tree, MARK))
    for p, text in sorted(sources):
        obj = os.path.join(build, os.path.relpath(p, tree)[:-2] + ".o")
        if not os.path.exists(obj):
            sys.exit("derive.py: %s is not built (for %s)" % (obj, p))
        found |= defined_names(replaced_regions(text)) & text_symbols(obj)
    if not found:
        sys.exit("derive.py: no replaced function is a function of its own in the c build")
    print("\n".join(sorted(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
