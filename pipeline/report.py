#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse one guest run of pipeline/guest/run-suites.sh into per-case results.

Usage: report.py VARIANT RESULTS_DIR SELFTESTS_DIR KCONFIG

Prints one line per suite and writes RESULTS_DIR/summary.json. Exit status 1 if any case failed or was
skipped, a suite ran no test, the guest did not finish, or dmesg holds a kernel splat.
"""
import json
import os
import re
import sys

# The kernel's own report formats. Plain "warning" is not one of them: TCG guests print a benign
# "Warning: Processor Platform Limit event detected, but not handled."
SPLATS = [
    r"WARNING: CPU: ", r"WARNING: .* at ", r"\bBUG: ", r"BUG kmalloc", r"Oops", r"general protection fault",
    r"CFI failure", r"KASAN: ", r"UBSAN: ", r"kernel BUG at", r"Kernel panic",
    r"possible circular locking", r"possible recursive locking", r"inconsistent lock state",
    r"suspicious RCU usage", r"rcu_sched self-detected stall", r"detected stall",
    r"refcount_t: ", r"list_add corruption", r"list_del corruption", r"Call Trace:",
]

SUBTEST = re.compile(r"^#(\d+)/(\d+)\s+([^/\s]+)/(.*):(OK|SKIP|FAIL)")
TEST = re.compile(r"^#(\d+)\s+(\S+):(OK|FAIL|SKIP)(.*)$")
VERIFIER = re.compile(r"^#(\d+)/([pu]) (.*?) (OK|FAIL|SKIP)")
KTAP_CASE = re.compile(r"^(\s*)(not ok|ok) (\d+) (.*?)(\s+#\s*SKIP.*)?$")
KTAP_SUBTEST = re.compile(r"^(\s*)# Subtest: (\S+)")
DMESG_PREFIX = re.compile(r"^\[\s*\d+\.\d+\]\s?")


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.notes = []

    def case(self, ok, label, skipped=False):
        if skipped:
            self.skipped += 1
            self.notes.append("skipped: " + label)
        elif ok:
            self.passed += 1
        else:
            self.failed += 1
            self.notes.append("failed: " + label)

    def problem(self, text):
        """A suite-level failure (no output, ran nothing, bad exit) counts as one failed case."""
        self.failed += 1
        self.notes.append(text)

    def bad(self):
        return self.failed or self.skipped or (self.passed == 0)


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def test_progs_cases(text):
    """Map (test, subtest number or None) -> (label, outcome)."""
    cases = {}
    with_subtests = set()
    for line in text.splitlines():
        m = SUBTEST.match(line)
        if m:
            num, sub, test, name, res = m.groups()
            with_subtests.add(test)
            cases[(test, int(sub))] = ("%s/%s #%s" % (test, name, sub), res)
            continue
        m = TEST.match(line)
        if m:
            num, test, res, rest = m.groups()
            cases[(test, None)] = (test, "SKIP" if res == "SKIP" or "SKIP" in rest else res)
    # A test with subtests is counted by its subtests.
    return {k: v for k, v in cases.items() if not (k[1] is None and k[0] in with_subtests)}


def count_sk_lookup_subtests(selftests):
    src = os.path.join(selftests, "src/tools/testing/selftests/bpf/prog_tests/sk_lookup.c")
    text = read(src) or ""
    return len(re.findall(r"\.desc\s*=", text)) + len(re.findall(r'test__start_subtest\("', text))


def test_progs_suite(name, text, expect_test, expect_count=None, expect_names=None):
    s = Suite(name)
    if text is None:
        s.problem("no output (suite did not run)")
        return s
    cases = test_progs_cases(text)
    seen = 0
    for (test, sub), (label, res) in sorted(cases.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if expect_test and test != expect_test:
            continue
        seen += 1
        s.case(res == "OK", label, skipped=(res == "SKIP"))
    if expect_names:
        labels = {label.split(" #")[0] for label, _ in cases.values()}
        for want in expect_names:
            if not any(l == want or l.startswith(want + "/") for l in labels):
                s.problem("missing: " + want)
    if expect_count is not None and seen != expect_count:
        s.problem("ran %d cases, the source defines %d" % (seen, expect_count))
    m = re.search(r"^exit=(\d+)$", text, re.M)
    if not m or m.group(1) != "0":
        s.notes.append("runner exit status %s" % (m.group(1) if m else "missing"))
        if not s.failed:
            s.problem("runner failed without a failing case")
    return s


def test_verifier_suite(text, expected):
    s = Suite("test_verifier")
    if text is None:
        s.problem("no output (suite did not run)")
        return s
    results = {}
    for line in text.splitlines():
        m = VERIFIER.match(line)
        if m and m.group(2) == "p":
            results.setdefault(m.group(3), []).append(m.group(4))
    for descr in expected:
        res = results.get(descr)
        if not res:
            s.problem("missing: " + descr)
            continue
        for r in res:
            s.case(r == "OK", descr, skipped=(r == "SKIP"))
    if "Can't find bpf_testmod.ko" in text:
        s.problem("bpf_testmod.ko could not be loaded")
    return s


def kunit_suite(dmesg, kconfig):
    s = Suite("kunit")
    header_indent = None
    suite_name = None
    for raw in dmesg.splitlines():
        line = DMESG_PREFIX.sub("", raw)
        m = KTAP_SUBTEST.match(line)
        if m:
            header_indent, suite_name = len(m.group(1)), m.group(2)
            continue
        m = KTAP_CASE.match(line)
        # KTAP: the cases of a suite are printed at the indentation of its "# Subtest:" line.
        if m and header_indent is not None and len(m.group(1)) == header_indent:
            skipped = bool(m.group(5))
            s.case(m.group(2) == "ok", "%s.%s" % (suite_name, m.group(4)), skipped=skipped)
    want = [l.split("=")[0] for l in kconfig.splitlines()
            if re.match(r"CONFIG_\w*SK_LOOKUP\w*KUNIT\w*=y", l)]
    if not want and s.passed + s.failed + s.skipped == 0:
        return None  # no KUnit test configured: nothing to report
    return s


def lines_suite(name, text):
    """A suite whose runner prints "PASS <case>" / "FAIL <case>: why" lines (the demo)."""
    s = Suite(name)
    if text is None:
        s.problem("no output (suite did not run)")
        return s
    for line in text.splitlines():
        if line.startswith("PASS "):
            s.case(True, line[5:])
        elif line.startswith("FAIL "):
            s.case(False, line[5:])
    if not re.search(r"^exit=0$", text, re.M) and not s.failed:
        s.problem("runner failed without a failing case")
    return s


def dmesg_suite(dmesg):
    s = Suite("dmesg")
    hits = [l for l in dmesg.splitlines() if any(re.search(p, l) for p in SPLATS)]
    s.case(not hits, "kernel reports in dmesg: " + " | ".join(hits[:5]))
    return s


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    variant, results, selftests, kconfig_path = sys.argv[1:]
    kconfig = read(kconfig_path) or ""
    suites = []
    boot = Suite("boot")
    finished = read(os.path.join(results, "finished")) is not None
    boot.case(finished, "the guest did not boot or did not finish the run (see the VM log)")
    suites.append(boot)
    if finished:
        n = count_sk_lookup_subtests(selftests)
        for name in ("sk_lookup", "sk_lookup-no_alu32", "sk_lookup-cpuv4", "sk_lookup-nojit"):
            suites.append(test_progs_suite(name, read(os.path.join(results, name + ".out")), "sk_lookup",
                                           expect_count=n))
        suites.append(test_progs_suite(
            "related", read(os.path.join(results, "related.out")), None,
            expect_names=["verifier_ctx/access on bpf_sk_lookup padding after remote_port",
                          "verifier_sockmap_mutate/test_sk_lookup",
                          "libbpf_probe_prog_types/BPF_PROG_TYPE_SK_LOOKUP",
                          "flow_dissector_reattach"]))
        expected = [l for l in (read(os.path.join(selftests, "out/test_verifier.expected")) or "").splitlines()
                    if l]
        suites.append(test_verifier_suite(read(os.path.join(results, "test_verifier.out")), expected))
        suites.append(lines_suite("demo", read(os.path.join(results, "demo.out"))))
        dmesg = read(os.path.join(results, "dmesg")) or ""
        k = kunit_suite(dmesg, kconfig)
        if k:
            suites.append(k)
        suites.append(dmesg_suite(dmesg))
    failed = False
    for s in suites:
        if s.passed == 0 and not s.failed and not s.skipped:
            s.problem("ran no test")
        failed |= bool(s.bad())
        print("  [%-4s] %-20s %3d passed, %d failed, %d skipped  %s" % (
            variant, s.name, s.passed, s.failed, s.skipped, "FAIL" if s.bad() else "ok"))
        for note in s.notes[:20]:
            print("           - " + note)
    with open(os.path.join(results, "summary.json"), "w") as f:
        json.dump({"variant": variant, "suites": [s.__dict__ for s in suites]}, f, indent=1)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
