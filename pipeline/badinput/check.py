# SPDX-License-Identifier: GPL-2.0
"""Checks the bad-input table of bad_input.c on one kernel, and compares two kernels' tables.

check_table(text, status) -> (rows, problems)
    rows: {case_id: (answer, expected)} in table order; problems: list of strings. A missing or
    empty table, no "# cases N" first line, no "# end" last line (cut short), fewer or more rows
    than N, a malformed row, a duplicate id or a nonzero exit status are problems.

diff(c_text, other_text, c_status, other_status, name) -> [(ok, label)]
    One entry per case of either table, plus one per problem of either table: a case is ok when
    both kernels give the same answer and that answer is the expected one on both. The leak and
    splat rows (leak.*, kernel.splats) are cases like the others: their expected values say that
    nothing was left.

markdown(tables) -> (text, ok)
    tables: [(name, text, status)], c first. A markdown table with a row per case of any table: the
    expected answer, each kernel's answer, and "same" or "DIFFERS" (same: every kernel has the row
    and gives the expected answer); then each table's problems, if any. ok: every row the same and
    no table with a problem.

Pure python3, no imports from the rest of the pipeline. Usage as a script:
    python3 check.py C_RESULTS_DIR RUST_RESULTS_DIR
(each dir holding badinput.txt and badinput.status "exit=N"); prints every failing label and
"N passed, N failed", exits 1 when anything failed.
    python3 check.py --markdown NAME=RESULTS_DIR...
prints markdown(); exits 1 when a row is not "same" or a table has a problem.
"""
import os
import re
import sys

# Rows that say nothing was left; they must be present in every table.
LEAK_ROWS = ("leak.prog_ids", "leak.link_ids", "leak.netns_slab_objects",
             "leak.netns_count_exact", "kernel.splats")


def check_table(text, status):
    """Parse one kernel's table; status is the tool's exit status (int, or None if unknown)."""
    rows = {}
    problems = []
    if status is None:
        problems.append("no exit status")
    elif status != 0:
        problems.append("the tool exited with status %s" % status)
    if text is None or not text.strip():
        problems.append("the table is missing or empty")
        return rows, problems
    lines = text.splitlines()
    first = lines[0].split()
    declared = None
    if len(first) == 3 and first[:2] == ["#", "cases"] and first[2].isdigit():
        declared = int(first[2])
    else:
        problems.append("no '# cases N' first line")
    if lines[-1].strip() != "# end":
        problems.append("the table is cut short (no '# end' last line)")
    for n, line in enumerate(lines[1:], 2):
        if line.startswith("#"):
            if line.strip() != "# end" or n != len(lines):
                problems.append("line %d: unexpected comment %r" % (n, line))
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            problems.append("line %d: malformed row %r" % (n, line))
            continue
        case, answer, expected = fields
        if case in rows:
            problems.append("duplicate case %s" % case)
            continue
        rows[case] = (answer, expected)
    if declared is not None and len(rows) != declared:
        problems.append("%d rows, the table declares %d" % (len(rows), declared))
    for case in LEAK_ROWS:
        if case not in rows:
            problems.append("no %s row" % case)
    return rows, problems


def diff(c_text, other_text, c_status=0, other_status=0, name="rust"):
    """Compare the tables of the c kernel and of another one (name); every case and every problem of
    either table is one (ok, label). A case is ok when both kernels give the same answer and it is the
    expected one on both."""
    c_rows, c_problems = check_table(c_text, c_status)
    o_rows, o_problems = check_table(other_text, other_status)
    out = [(False, "c: " + p) for p in c_problems]
    out += [(False, "%s: %s" % (name, p)) for p in o_problems]
    cases = list(c_rows) + [k for k in o_rows if k not in c_rows]
    if not cases:
        out.append((False, "no cases at all"))
    for case in cases:
        c, o = c_rows.get(case), o_rows.get(case)
        label = "%s: c %s, %s %s" % (case, c[0] if c else "(no row)", name, o[0] if o else "(no row)")
        if c is None or o is None:
            out.append((False, "%s: only on %s" % (label, name if c is None else "c")))
            continue
        why = ["the expected answers differ (c %s, %s %s)" % (c[1], name, o[1])] if c[1] != o[1] else []
        why += ["%s expected %s" % (k, v[1]) for k, v in (("c", c), (name, o)) if v[0] != v[1]]
        out.append((c[0] == o[0] and not why, "; ".join([label] + why)))
    return out


def markdown(tables):
    """The tables of several kernels (name, text, status), side by side, as markdown, and whether they
    all agree (see the module)."""
    parsed = [(name, check_table(text, status)) for name, text, status in tables]
    cases = []
    for _, (rows, _) in parsed:
        cases += [k for k in rows if k not in cases]
    names = [name for name, _ in parsed]
    out = ["| case | expected | %s | |" % " | ".join(names), "|---|---|%s---|" % ("---|" * len(names))]
    differs = False
    for case in cases:
        got = [rows.get(case) for _, (rows, _) in parsed]
        expected = sorted({g[1] for g in got if g})
        same = all(g and g[0] == g[1] for g in got) and len(expected) == 1
        differs = differs or not same
        cells = ["`%s`" % g[0] if g else "(no row)" for g in got]
        out.append("| `%s` | %s | %s | %s |" % (case, " / ".join("`%s`" % e for e in expected),
                                                " | ".join(cells), "same" if same else "**DIFFERS**"))
    problems = ["%s: %s" % (name, p) for name, (_, found) in parsed for p in found]
    out += [""] + problems if problems else []
    return "\n".join(out) + "\n", not differs and not problems


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def status_code(text):
    """The N of a status file whose whole text is "exit=N" (guest/lib.sh writes it), or None."""
    m = re.fullmatch(r"exit=(\d+)", (text or "").strip())
    return int(m.group(1)) if m else None


def _status(path):
    return status_code(_read(path))


def main(argv):
    if len(argv) >= 2 and argv[1] == "--markdown":
        tables = []
        for arg in argv[2:]:
            name, sep, d = arg.partition("=")
            if not sep or not name or not d:
                sys.stderr.write("check.py --markdown: %r is not NAME=RESULTS_DIR\n" % arg)
                return 2
            tables.append((name, _read(os.path.join(d, "badinput.txt")),
                           _status(os.path.join(d, "badinput.status"))))
        if not tables:
            sys.stderr.write("usage: check.py --markdown NAME=RESULTS_DIR...\n")
            return 2
        text, ok = markdown(tables)
        sys.stdout.write(text)
        return 0 if ok else 1
    if len(argv) != 3:
        sys.stderr.write("usage: check.py C_RESULTS_DIR RUST_RESULTS_DIR\n")
        return 2
    texts, statuses = [], []
    for d in argv[1:]:
        texts.append(_read(os.path.join(d, "badinput.txt")))
        statuses.append(_status(os.path.join(d, "badinput.status")))
    result = diff(texts[0], texts[1], statuses[0], statuses[1])
    bad = [label for ok, label in result if not ok]
    for label in bad:
        print("FAIL " + label)
    print("%d passed, %d failed" % (len(result) - len(bad), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
