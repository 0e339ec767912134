#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the raw outputs of the pipeline's suites into per-case verdicts.

Usage:
  report.py vm VARIANT RESULTS_DIR SELFTESTS_DIR BUILD_DIR REPO
      one guest run of pipeline/guest/run-suites.sh; writes RESULTS_DIR/summary.json
  report.py diff C_RESULTS OTHER_RESULTS OUT_DIR
      the differential tests: the c kernel's ctx_table, bad-input and trace tables against the other's
      (rust or debug; make check-rt: c-rt's against rust-rt's; make check-arch: arm64-c's against arm64-rust's)
  report.py ctxdiff C_RESULTS OTHER_RESULTS OUT_DIR
      make check-configs: the ctx_table only (run-configs.sh does not run the bad-input tool)
  report.py host CASES SERIES OUT_JSON
      the host checks' "PASS/FAIL/EXPECT" lines (pipeline/host-checks.sh)
  report.py demo REPORT STATUS
      a demo report (make run)
  report.py configs VARIANT RESULTS_DIR SELFTESTS_DIR BUILD_DIR REPO
      make check-configs: one guest run of pipeline/guest/run-configs.sh on a kernel without IPv6
  report.py unfixed VARIANT RESULTS_DIR FIXED_RESULTS_DIR
      make check-configs: the same run with the IPV6=n fix reverted, which must show the bug
  report.py rtunfixed VARIANT RESULTS_DIR [BUILD_DIR]
      make check-rt: the c-rt kernel with the test timer's RT fix undone, which must report a sleep in
      atomic context from the sk_lookup test run
  report.py build NAME STATUS_FILE LOG OUT_JSON
      make check-configs: a build-only configuration
  report.py stress VARIANT RESULTS_DIR BUILD_DIR
      make stress: one guest run of pipeline/guest/run-stress.sh
  report.py arch VARIANT RESULTS_DIR SELFTESTS_DIR BUILD_DIR REPO
      make check-arch: one guest run of pipeline/guest/run-arch.sh on an arm64 kernel
  report.py ctxref REF_TABLE RESULTS_DIR OUT_DIR
      make check-arch: a kernel's ctx_table against a committed one of another architecture (the x86_64
      c kernel's, pipeline/difftest/ctx_table.x86_64.txt)
  report.py summary DIR...
      the summary.json files of one make test run, as the closing table

Every checker here fails when its evidence is missing, empty, cut short or produced by a runner that
failed: a suite that cannot show what ran does not pass. pipeline/tests/test_harness.py feeds each one
good and bad evidence. Exit status 1 on any failure.
"""
import hashlib
import importlib.util
import json
import os
import re
import sys


def _load(name, rel):
    """A checker module of its own directory under pipeline/ (each is pure python, testable alone)."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), rel))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


badinput = _load("skl_badinput_check", "badinput/check.py")
stress = _load("skl_stress_check", "stress/check.py")
failnth = _load("skl_failnth_check", "failnth/check.py")

# The floor of the sk_lookup subtest count: the source being built defines the expected count, but it may
# not fall below this (deleting subtests must fail). Upstream's 50 plus the series' 10 (patch 6, bpf_sk_assign()
# errors), 8 (patch 7, links) and 3 (patch 8, what each of several programs finds selected).
SK_LOOKUP_SUBTESTS_FLOOR = 71

# The demo's checks (pipeline/guest/demo.sh: 3 addresses x 2 protocols + 1, 4 ports x 2 protocols,
# 2 drop checks, 1 after detach). Fewer PASS lines than this fail.
DEMO_CHECKS = 18

# The ctx differential table (pipeline/difftest/ctx_table.c): 5 kinds of access, offsets
# [-8, sizeof(struct bpf_sk_lookup) + 8), sizes 1/2/4/8; and how many of those rows the C rules accept
# (sk_lookup_is_valid_access() and the verifier's generic ctx rules, measured on the c kernel 2026-11-30).
CTX_OPS = ("ldx", "ldsx", "stx", "st", "atomic")
CTX_SIZE = 72
CTX_OFFSETS = range(-8, CTX_SIZE + 8)
CTX_SIZES = (1, 2, 4, 8)
CTX_ACCEPTED = None  # set below, next to its derivation

# The host checks that make test runs (pipeline/host-checks.sh); each must report.
HOST_SUITES = ("series", "checkpatch", "rustfmtcheck", "symbols", "docs", "rust-analyzer", "bpf_doc", "unsafe-api")

# The kernel's own report formats. Plain "warning" is not one of them: TCG guests print a benign
# "Warning: Processor Platform Limit event detected, but not handled."
SPLATS = [
    r"WARNING: CPU: ", r"WARNING: .* at ", r"\bBUG: ", r"BUG kmalloc", r"Oops", r"general protection fault",
    r"CFI failure", r"KASAN: ", r"UBSAN: ", r"kernel BUG at", r"Kernel panic", r"rust_panic",
    r"possible circular locking", r"possible recursive locking", r"inconsistent lock state",
    r"suspicious RCU usage", r"rcu_sched self-detected stall", r"detected stall",
    r"refcount_t: ", r"list_add corruption", r"list_del corruption", r"Call Trace:",
    r"panicked at ", r"kmemleak: .* new suspected memory leaks",
]
BOOT_BANNER = re.compile(r"Linux version \d+\.\d+")

SUBTEST = re.compile(r"^#(\d+)/(\d+)\s+([^/\s]+)/(.*):(OK|SKIP|FAIL)")
TEST = re.compile(r"^#(\d+)\s+(\S+):(OK|FAIL|SKIP)(.*)$")
TEST_PROGS_SUMMARY = re.compile(r"^Summary: (\d+)/(\d+) PASSED, (\d+) SKIPPED, (\d+)/(\d+) FAILED$", re.M)
VERIFIER = re.compile(r"^#(\d+)/([pu]) (.*?) (OK|FAIL|SKIP)")
VERIFIER_SUMMARY = re.compile(r"^Summary: (\d+) PASSED, (\d+) SKIPPED, (\d+) FAILED$", re.M)
EXIT = re.compile(r"^exit=(\d+)$", re.M)
KTAP_RESULT = re.compile(r"^(not ok|ok) (\d+)(?: - | )?([^#]*?)\s*(#\s*SKIP.*)?$")
KTAP_PLAN = re.compile(r"^1\.\.(\d+)$")
KTAP_SUBTEST = re.compile(r"^# Subtest: (\S+)")
DMESG_PREFIX = re.compile(r"^(<\d+>)?\[\s*\d+\.\d+\]\s?(\[\s*[CT]\d+\]\s?)?")


class Suite:
    """One line of the report: cases passed, failed, skipped, and notes on what went wrong."""

    def __init__(self, name, scope="sk_lookup"):
        self.name = name
        self.scope = scope  # "sk_lookup": this project's tests; "difftest"; "generic": other code's
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
        """A suite-level failure (no output, ran nothing, bad exit, cut short) counts as one failed case."""
        self.failed += 1
        self.notes.append(text)

    def finish(self):
        if self.passed == 0 and not self.failed and not self.skipped:
            self.problem("ran no test")
        return self

    def bad(self):
        return bool(self.failed or self.skipped or self.passed == 0)

    def line(self, variant):
        return "  [%-4s] %-20s %4d passed, %d failed, %d skipped  %s" % (
            variant, self.name, self.passed, self.failed, self.skipped, "FAIL" if self.bad() else "ok")


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def exit_status(s, text):
    """The runner's exit status, as run-suites.sh appends it ("exit=N"); a problem unless it is 0."""
    m = EXIT.findall(text)
    if not m:
        s.problem("runner exit status missing (cut short?)")
    elif m[-1] != "0":
        s.problem("runner exit status %s" % m[-1])


# --- test_progs ------------------------------------------------------------------------------------------

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
    return cases, with_subtests


def count_sk_lookup_subtests(source):
    """The subtests prog_tests/sk_lookup.c defines: table entries (.desc) and named subtests."""
    return len(re.findall(r"\.desc\s*=", source)) + len(re.findall(r'test__start_subtest\("', source))


def test_progs_suite(name, text, expect_test=None, expect_count=None, expect_names=None):
    """A test_progs run: every case OK, the expected ones present, test_progs' own Summary line agreeing
    with the cases parsed, exit status 0."""
    s = Suite(name)
    if not text:
        s.problem("no output (suite did not run)")
        return s
    cases, with_subtests = test_progs_cases(text)
    seen = 0
    for (test, sub), (label, res) in sorted(cases.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if expect_test and test != expect_test:
            continue
        if sub is None and test in with_subtests:
            continue  # a test with subtests is counted by its subtests
        seen += 1
        s.case(res == "OK", label, skipped=(res == "SKIP"))
    if expect_names:
        labels = {label.split(" #")[0] for label, _ in cases.values()}
        for want in expect_names:
            if not any(l == want or l.startswith(want + "/") for l in labels):
                s.problem("missing: " + want)
    if expect_count is not None and seen != expect_count:
        s.problem("ran %d cases, expected %d" % (seen, expect_count))
    check_test_progs_summary(s, text, cases)
    exit_status(s, text)
    return s


def check_test_progs_summary(s, text, cases, skips_ok=False):
    """test_progs' own count, "Summary: <tests>/<subtests> PASSED, <skipped> SKIPPED, <tests>/<subtests>
    FAILED", must be there (a run cut short has none), agree with the cases parsed, and say nothing failed
    (nor skipped, unless SKIPS_OK)."""
    m = TEST_PROGS_SUMMARY.findall(text)
    if not m:
        s.problem("no test_progs Summary line (cut short?)")
        return
    said = tuple(map(int, m[-1]))
    count = lambda top, res: sum(1 for (t, sub), (_, r) in cases.items() if (sub is None) == top and r == res)
    # A test some of whose subtests were skipped prints "OK (SKIP: n/m)": test_progs counts it as passed
    # (test_progs_cases calls it SKIP, so that a suite where nothing may skip notices).
    top_ok = sum(1 for m in map(TEST.match, text.splitlines()) if m and m.group(3) == "OK")
    parsed = (top_ok, count(False, "OK"), said[2], count(True, "FAIL"), count(False, "FAIL"))
    if said != parsed:
        s.problem("test_progs Summary says %d/%d passed, %d skipped, %d/%d failed; parsed %d/%d, %d, %d/%d"
                  % (said + parsed))
    if (said[2] and not skips_ok) or said[3] or said[4]:
        s.problem("test_progs Summary: %d/%d failed, %d skipped" % (said[3], said[4], said[2]))


# --- test_verifier ---------------------------------------------------------------------------------------

def test_verifier_suite(text, expected):
    """test_verifier: every expected case (by description) ran and passed, its Summary line agrees, exit 0."""
    s = Suite("test_verifier")
    if not text:
        s.problem("no output (suite did not run)")
        return s
    if not expected:
        s.problem("no expected cases (test_verifier.expected missing or empty)")
    results = {}
    for line in text.splitlines():
        m = VERIFIER.match(line)
        if m:
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
    m = VERIFIER_SUMMARY.findall(text)
    if not m:
        s.problem("no test_verifier Summary line (cut short?)")
    else:
        passed, skipped, failed = map(int, m[-1])
        mine = [r for rs in results.values() for r in rs]
        if (passed, skipped, failed) != (mine.count("OK"), mine.count("SKIP"), mine.count("FAIL")):
            s.problem("test_verifier Summary says %d passed, %d skipped, %d failed; parsed %d, %d, %d" % (
                passed, skipped, failed, mine.count("OK"), mine.count("SKIP"), mine.count("FAIL")))
        if skipped or failed:
            s.problem("test_verifier Summary: %d skipped, %d failed" % (skipped, failed))
    exit_status(s, text)
    return s


# --- KUnit -----------------------------------------------------------------------------------------------

def parse_ktap(log):
    """KUnit's KTAP from a kernel log (dmesg or console): the top-level plan and, per suite, its plan, its
    cases in order and whether its closing result line was seen. Parameterised sub-cases (deeper
    indentation) are part of their case and not listed."""
    top_plan = None
    suites = []
    cur = None
    for raw in log.splitlines():
        line = DMESG_PREFIX.sub("", raw.rstrip())
        body = line.lstrip(" ")
        indent = len(line) - len(body)
        if indent == 0:
            m = KTAP_PLAN.match(body)
            if m and top_plan is None and not suites:
                top_plan = int(m.group(1))
                continue
            m = KTAP_RESULT.match(body)
            if m and cur is not None and m.group(3) == cur["name"]:
                cur["result"] = m.group(1)
                cur = None
        elif indent == 4:
            m = KTAP_SUBTEST.match(body)
            if m:
                cur = {"name": m.group(1), "plan": None, "cases": [], "result": None}
                suites.append(cur)
                continue
            if cur is None:
                continue
            m = KTAP_PLAN.match(body)
            if m and cur["plan"] is None:
                cur["plan"] = int(m.group(1))
                continue
            m = KTAP_RESULT.match(body)
            if m:
                status = "skip" if m.group(4) else ("ok" if m.group(1) == "ok" else "fail")
                cur["cases"].append((m.group(3), status))
    return top_plan, suites


def rust_kunit_tests(source):
    """(cfg symbol or None, suite name, [case names]) of each #[kunit_tests(NAME)] module in a Rust file."""
    out = []
    for m in re.finditer(r"((?:#\[cfg\((\w+)\)\]\s*)?)#\[(?:macros::)?kunit_tests\((\w+)\)\]\s*(?:pub\s+)?mod\s+\w+\s*\{",
                         source):
        # The module's body: up to the matching closing brace.
        depth, i = 1, m.end()
        while depth and i < len(source):
            depth += {"{": 1, "}": -1}.get(source[i], 0)
            i += 1
        body = source[m.end():i]
        cases = re.findall(r"#\[test\]\s*(?:#\[[^\]]*\]\s*)*fn\s+(\w+)", body)
        out.append((m.group(2), m.group(3), cases))
    return out


def c_kunit_tests(source):
    """(None, suite name, [case names]) of each struct kunit_suite in a C file (KUNIT_CASE entries of the
    case array it names)."""
    out = []
    arrays = {}
    for m in re.finditer(r"struct\s+kunit_case\s+(\w+)\s*\[\]\s*=\s*\{(.*?)\};", source, re.S):
        arrays[m.group(1)] = re.findall(r"KUNIT_CASE\w*\(\s*(\w+)", m.group(2))
    for m in re.finditer(r"struct\s+kunit_suite\s+\w+\s*=\s*\{(.*?)\};", source, re.S):
        name = re.search(r"\.name\s*=\s*\"([^\"]+)\"", m.group(1))
        cases = re.search(r"\.test_cases\s*=\s*(\w+)", m.group(1))
        if name and cases:
            out.append((None, name.group(1), arrays.get(cases.group(1), [])))
    return out


def doctest_cases(generated):
    """The KUnit case names of the kernel crate's doctests (rust/doctests_kernel_generated.rs)."""
    return sorted(set(re.findall(r"\"(rust_doctest_kernel_\w+)\"", generated or "")))


def kconfig_on(kconfig, sym):
    return re.search(r"^CONFIG_%s=[ym]$" % re.escape(sym.removeprefix("CONFIG_")), kconfig, re.M) is not None


def expected_kunit(kconfig, sources, doctests):
    """The KUnit suites and cases the configured sources define: {suite: [cases]}.
    sources: (path, text, built) of this project's Rust and C files, built = its object was compiled;
    doctests: the doctest case names of the kernel crate when RUST_KERNEL_DOCTESTS is set."""
    want = {}
    for path, text, built in sources:
        if not built:
            continue
        found = rust_kunit_tests(text) if path.endswith(".rs") else c_kunit_tests(text)
        for cfg, suite, cases in found:
            if cfg is None or kconfig_on(kconfig, cfg):
                want.setdefault(suite, []).extend(cases)
    if kconfig_on(kconfig, "RUST_KERNEL_DOCTESTS"):
        want["rust_doctests_kernel"] = list(doctests)
    return want


def is_project_case(suite, case, project_suites):
    """This project's KUnit cases: its own suites, and the doctests of rust/kernel/bpf/."""
    return suite in project_suites or case.startswith("rust_doctest_kernel_bpf_")


def kunit_suites(log, want, project_suites):
    """Two report lines from the KTAP in a kernel log: "kunit" (this project's suites and the kernel::bpf
    doctests) and "kunit-generic" (every other suite that ran). Structural problems (no KTAP, a plan not
    met, a suite or case missing) are failures of "kunit"."""
    mine, other = Suite("kunit"), Suite("kunit-generic", scope="generic")
    top_plan, suites = parse_ktap(log or "")
    if not suites:
        mine.problem("no KTAP output in the kernel log (KUnit did not run, or the log lost it)")
        return [mine, other]
    if top_plan is None:
        mine.problem("no top-level KTAP plan (log cut at its start?)")
    elif top_plan != len(suites):
        mine.problem("KTAP plan 1..%d, %d suites seen (cut short?)" % (top_plan, len(suites)))
    seen = {}
    for su in suites:
        name = su["name"]
        seen.setdefault(name, set()).update(c for c, _ in su["cases"])
        if su["plan"] is None:
            mine.problem("suite %s: no plan" % name)
        elif su["plan"] != len(su["cases"]):
            mine.problem("suite %s: plan 1..%d, %d cases seen (cut short?)" % (name, su["plan"], len(su["cases"])))
        if su["result"] is None:
            mine.problem("suite %s: no result line (cut short?)" % name)
        for case, status in su["cases"]:
            target = mine if is_project_case(name, case, project_suites) else other
            target.case(status == "ok", "%s.%s" % (name, case), skipped=(status == "skip"))
    for name, cases in want.items():
        if name not in seen:
            mine.problem("suite %s missing (%d cases expected)" % (name, len(cases)))
            continue
        for case in cases:
            if case not in seen[name]:
                mine.problem("case %s.%s missing" % (name, case))
    # A kernel that builds none of this project's Rust (the c variant: kernel::bpf is only built when the
    # Rust sk_lookup selects it) must run none of its cases; that absence is then this line's one case.
    expected_mine = sum(len(c) for n, c in want.items() if n in project_suites) + sum(
        1 for c in want.get("rust_doctests_kernel", []) if is_project_case("rust_doctests_kernel", c, ()))
    if not expected_mine and not mine.passed and not mine.failed and not mine.skipped:
        mine.case(True, "no project case built or run")
    return [mine, other]


# --- the demo, dmesg, the interpreter run ----------------------------------------------------------------

def demo_suite(text, status=None):
    """The demo's "PASS <check>" / "FAIL <check>: why" lines: exactly DEMO_CHECKS checks, all passing, and
    the demo's exit status 0 (appended as "exit=N", or given apart as STATUS)."""
    s = Suite("demo")
    if not text:
        s.problem("no output (demo did not run)")
        return s
    for line in text.splitlines():
        if line.startswith("PASS "):
            s.case(True, line[5:])
        elif line.startswith("FAIL "):
            s.case(False, line[5:])
    if s.passed + s.failed != DEMO_CHECKS:
        s.problem("%d checks reported, the demo defines %d" % (s.passed + s.failed, DEMO_CHECKS))
    if status is not None:
        text = "exit=%s\n" % status.strip()
    exit_status(s, text)
    return s


# Kernel reports of 7.3's own Rust code on PREEMPT_RT (make check-rt), known and reported upstream, not
# this project's: the kernel crate's SpinLockIrq tests assume that holding a SpinLockIrq (or a
# LocalInterruptDisabled token) disables interrupts, which spin_lock_irq_disable() does not do on RT (it is
# rt_spin_lock()), and the lock_with() doctest takes that sleeping lock with interrupts disabled. On a
# PREEMPT_RT kernel a report block whose text names one of these tests is listed, not failed; any other
# report still fails, and on other kernels these fail like any report.
KNOWN_RT_REPORTS = (
    re.compile(r"kernel4sync4lock8spinlock5tests"),                 # KUnit rust_spinlock_irq_condvar
    re.compile(r"rust_doctest_kernel_sync_lock_spinlock_rs_\d+"),   # the SpinLockIrq doctests
)
REPORT_END = re.compile(r"</TASK>|---\[ end trace")


def report_blocks(lines):
    """(first, last) line indexes of each kernel report: from a line matching SPLATS to the end of its
    stack ("</TASK>" or the end-of-trace marker; at most 80 lines)."""
    blocks, i = [], 0
    while i < len(lines):
        if any(re.search(p, lines[i]) for p in SPLATS):
            j = i
            while j < len(lines) - 1 and j - i < 80 and not REPORT_END.search(lines[j]):
                j += 1
            blocks.append((i, j))
            i = j + 1
        else:
            i += 1
    return blocks


def dmesg_suite(dmesg, kconfig=None):
    """No kernel report in the guest's log; a log that is missing, empty or lacks the boot banner fails.
    With KCONFIG (the kernel's .config) setting PREEMPT_RT, the reports of KNOWN_RT_REPORTS are listed."""
    s = Suite("dmesg")
    if not dmesg or not dmesg.strip():
        s.problem("no dmesg captured")
        return s
    if not BOOT_BANNER.search(dmesg):
        s.problem("dmesg has no boot banner (\"Linux version\"): the log is cut or wrapped")
    lines = dmesg.splitlines()
    rt = kconfig is not None and kconfig_on(kconfig, "PREEMPT_RT")
    hits = []
    for first, last in report_blocks(lines):
        block = "\n".join(lines[first:last + 1])
        if rt and any(k.search(block) for k in KNOWN_RT_REPORTS):
            s.notes.append("known upstream report on PREEMPT_RT (7.3's SpinLockIrq tests), listed: " + lines[first].strip()[:160])
            continue
        hits += [l for l in lines[first:last + 1] if any(re.search(p, l) for p in SPLATS)]
    s.case(not hits, "kernel reports in dmesg: " + " | ".join(hits[:5]))
    return s


# kmemleak's suspects whose allocation stack runs through BPF, networking or this project's code fail the
# run; others (boot-time allocations a scan still reports, other subsystems) are listed only. kmemleak
# prints symbol names, not files: the test is on the names of the stack's functions; Rust symbols (v0
# mangling, "_R...") are the kernel crate's or the project's.
KMEMLEAK_OURS = re.compile(r"bpf|sk_lookup|netns|net_ns|_net\b|^net_|sock|inet|udp|tcp|ip6|ipv6|skb|link|^_R")
KMEMLEAK_OBJECT = re.compile(r"^unreferenced object\S* (0x[0-9a-f]+) \(size (\d+)\):", re.M)


def kmemleak_suite(text):
    """The kmemleak report the guest saved at the end of its run (kernels with DEBUG_KMEMLEAK only):
    present, complete, and without a suspect allocated through BPF, networking or the project's code."""
    s = Suite("kmemleak")
    if text is None or not text.strip():
        s.problem("no kmemleak report captured although the kernel has CONFIG_DEBUG_KMEMLEAK")
        return s
    if text.strip() == "absent":
        s.problem("the guest found no /sys/kernel/debug/kmemleak although the kernel has CONFIG_DEBUG_KMEMLEAK")
        return s
    lines = text.splitlines()
    if not lines[0].startswith("# kmemleak scanned") or lines[-1].strip() != "# end":
        s.problem("the kmemleak report is cut short (no scan header or no end mark)")
        return s
    records = re.split(r"(?m)^(?=unreferenced object)", "\n".join(lines[1:-1]))
    ours = others = 0
    for rec in records:
        m = KMEMLEAK_OBJECT.match(rec)
        if not m:
            if rec.strip():
                s.problem("unparsed kmemleak output: " + rec.strip().splitlines()[0])
            continue
        trace = rec.split("backtrace", 1)[1].splitlines()[1:] if "backtrace" in rec else []
        funcs = [l.strip().split("+")[0] for l in trace if l.strip()]
        if not funcs:
            s.problem("kmemleak suspect %s without a backtrace" % m.group(1))
            continue
        mine = [f for f in funcs if KMEMLEAK_OURS.search(f)]
        if mine:
            ours += 1
            s.case(False, "leak of %s bytes allocated through %s (%s)" % (m.group(2), mine[0], " < ".join(funcs[:6])))
        else:
            others += 1
            s.notes.append("listed, not failed: %s bytes from %s" % (m.group(2), " < ".join(funcs[:6])))
    if not ours:
        s.case(True, "no kmemleak suspect in BPF, networking or the project's code")
    s.notes.append("%d suspects in total, %d elsewhere (listed)" % (ours + others, others))
    return s


def nojit_check(s, jit_value):
    """The interpreter run must really have run with net.core.bpf_jit_enable=0 (read back in the guest)."""
    if jit_value is None or jit_value.strip() != "0":
        s.problem("net.core.bpf_jit_enable read back as %r, not 0: the run was not interpreted"
                  % (jit_value.strip() if jit_value is not None else None))
    return s


# --- the ctx differential test ---------------------------------------------------------------------------

def parse_ctx_table(text):
    rows, xlated = {}, {}
    for line in (text or "").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split(" ", 4)
        if parts[0] == "xlated":
            xlated[tuple(parts[1:4])] = parts[4] if len(parts) > 4 else ""
        else:
            rows[tuple(parts[0:3])] = " ".join(parts[3:])
    return rows, xlated


CTX_KEYS = {(op, str(off), str(size)) for op in CTX_OPS for off in CTX_OFFSETS for size in CTX_SIZES}


def ctx_table_problems(label, text, status, err):
    """What is wrong with one kernel's table: the probe failed, wrote to stderr, or the table is not the
    table ctx_table.c defines (rows missing or extra), or its accepted rows are not the C rules' count."""
    out = []
    if status is None or status.strip() != "exit=0":
        out.append("%s: ctx_table exit status %s" % (label, (status or "missing").strip()))
    if err and err.strip():
        out.append("%s: ctx_table wrote to stderr: %s" % (label, err.strip().splitlines()[0]))
    rows, _ = parse_ctx_table(text)
    if not rows:
        out.append("%s: empty table" % label)
        return out, rows
    if set(rows) != CTX_KEYS:
        out.append("%s: %d rows, the table defines %d (%d missing, %d unexpected)" % (
            label, len(rows), len(CTX_KEYS), len(CTX_KEYS - set(rows)), len(set(rows) - CTX_KEYS)))
    accepted = sum(1 for v in rows.values() if v.startswith("accept"))
    if accepted != CTX_ACCEPTED:
        out.append("%s: %d rows accepted, the C rules accept %d" % (label, accepted, CTX_ACCEPTED))
    return out, rows


def ctx_diff_suite(c, rust, out_dir=None, other="rust"):
    """c, rust: (table text, status text, stderr text) of the c kernel and of the other one (rust, or the
    debug variant). Every row of the table is a case: identical on both kernels. Differences in rewritten
    instructions are listed for review only."""
    s = Suite("ctx-difftest", scope="difftest")
    c_problems, c_rows = ctx_table_problems("c", *c)
    r_problems, r_rows = ctx_table_problems(other, *rust)
    for p in c_problems + r_problems:
        s.problem(p)
    if not c_rows or not r_rows:
        return s
    for key in sorted(set(c_rows) | set(r_rows), key=lambda k: (k[0], int(k[1]), int(k[2]))):
        a, b = c_rows.get(key), r_rows.get(key)
        if a == b:
            s.passed += 1
        else:
            s.case(False, "%s off=%s size=%s: c: %s | %s: %s" % (key + (a, other, b)))
    c_xl, r_xl = parse_ctx_table(c[0])[1], parse_ctx_table(rust[0])[1]
    diffs = [k for k in sorted(set(c_xl) | set(r_xl)) if c_xl.get(k) != r_xl.get(k)]
    if out_dir:
        path = os.path.join(out_dir, "xlated-differences.txt")
        with open(path, "w") as f:
            for k in diffs:
                f.write("%s off=%s size=%s\n  c: %s\n  %s: %s\n" % (k + (c_xl.get(k), other, r_xl.get(k))))
        s.notes.append("%d rows; %d xlated differences (for review: %s)" % (len(c_rows), len(diffs), path))
    return s


# --- the bad-input table (pipeline/badinput) --------------------------------------------------------------

def badinput_suite(text, status):
    """One kernel's bad-input table: complete (badinput.check_table), every answer the expected one (what
    C's code gives, from reading it), nothing leaked (its leak rows are cases like the others)."""
    s = Suite("badinput")
    rows, problems = badinput.check_table(text, badinput.status_code(status))
    for p in problems:
        s.problem(p)
    for case, (answer, expected) in rows.items():
        s.case(answer == expected, "%s: %s, expected %s" % (case, answer, expected))
    return s


def badinput_diff_suite(c, other, name="rust"):
    """c, other: (table text, status text) of the c kernel and of the other one. Every case of either
    table is a case (badinput.diff): the same answer on both kernels, the expected one."""
    s = Suite("badinput-diff", scope="difftest")
    for ok, label in badinput.diff(c[0], other[0], badinput.status_code(c[1]), badinput.status_code(other[1]), name):
        s.case(ok, label)
    return s


# --- the trace suite (pipeline/trace) --------------------------------------------------------------------

# The functions of the C implementation found traceable on the c kernel when the suite was written (issue
# 29): the derived list (pipeline/trace/derive.py) must hold them all, as the selftests' floor does.
TRACE_FLOOR = ("inet_lookup_run_sk_lookup", "inet6_lookup_run_sk_lookup", "bpf_sk_lookup_assign",
               "netns_bpf_link_create", "netns_bpf_prog_query", "netns_bpf_prog_attach", "netns_bpf_prog_detach",
               "netns_bpf_pernet_pre_exit", "sk_lookup_func_proto", "sk_lookup_is_valid_access",
               "sk_lookup_convert_ctx_access", "bpf_netns_link_release", "bpf_netns_link_update_prog",
               "bpf_netns_link_fill_info", "bpf_prog_test_run_sk_lookup")
# The controls: traceable on every kernel (the listener lookup, shared C code), and on none (inlined).
TRACE_CONTROLS = {"__inet_lookup_listener": True, "udp_lib_lookup2": False}
# The verdicts of part 2 of skl_trace, and the tracefs kretprobe row the guest adds.
TRACE_ROWS = tuple("steer %s %s" % (f, r) for f in ("v4", "v6")
                   for r in ("hits=runs", "fexit=fentry", "traffic", "hits>=traffic", "cookie")) + (
    "steer run_cnt=runs", "steer assign_hits=calls", "tracefs-kretprobe")
TRACE_FUNC = re.compile(r"^func (\S+) filter=(\S+) kprobe=(\S+) fentry=(\S+)$")


def parse_trace(text):
    """skl_trace's table: {key: value}, keys "func NAME" (value "filter=.. kprobe=.. fentry=..") and "row
    LABEL" (value: the verdict, the last word), and the problems of its form."""
    rows, problems = {}, []
    for line in (text or "").splitlines():
        if line.startswith("info ") or not line.strip():
            continue
        m = TRACE_FUNC.match(line)
        if m:
            key, value = "func " + m.group(1), "filter=%s kprobe=%s fentry=%s" % m.groups()[1:]
        elif line.startswith("row ") and len(line.split()) >= 3:
            key, value = line.rsplit(" ", 1)
        else:
            problems.append("unexpected line: %r" % line[:120])
            continue
        if key in rows:
            problems.append("%s twice" % key)
        rows[key] = value
    return rows, problems


def traceable(value):
    return value == "filter=yes kprobe=ok fentry=ok"


def trace_suite(text, status, listed, err=None):
    """One kernel's trace table: each function of the derived list (which holds the floor) in
    available_filter_functions and attachable by a kprobe and an fentry program; the controls as expected
    (otherwise the table is void); every verdict of the traffic part yes."""
    s = Suite("trace")
    names = [l.strip() for l in (listed or "").splitlines() if l.strip()]
    if not names:
        s.problem("no list of functions (trace.list missing or empty: pipeline/trace/derive.py on the c build)")
    missing = [n for n in TRACE_FLOOR if n not in names]
    if names and missing:
        s.problem("the derived list lacks %s (floor of %d)" % (", ".join(missing), len(TRACE_FLOOR)))
    exit_status(s, status or "")
    if err and err.strip():
        s.notes.append("skl_trace said: " + err.strip()[:200])
    if text is None or not text.strip():
        s.problem("no trace table (trace.txt missing or empty)")
        return s
    rows, problems = parse_trace(text)
    for p in problems:
        s.problem(p)
    for name, want in TRACE_CONTROLS.items():
        got = rows.get("func " + name)
        ok = got is not None and (traceable(got) if want else
                                  got.split()[0] == "filter=no" and not any(x.endswith("=ok") for x in got.split()))
        if not ok:
            s.problem("control %s: %s, expected %s: the table is void" % (
                name, got or "missing", "traceable" if want else "traceable by none of the three"))
    for name in names:
        got = rows.get("func " + name)
        s.case(got is not None and traceable(got), "%s: %s" % (name, got or "missing from the table"))
    for label in TRACE_ROWS:
        got = rows.get("row " + label)
        s.case(got in ("yes", "ok"), "%s: %s" % (label, got or "missing"))
    for key in rows:
        if key.startswith("row ") and key[4:] not in TRACE_ROWS:
            s.case(False, "%s: %s" % (key[4:], rows[key]))
    return s


def trace_diff_suite(c, other, name="rust"):
    """c, other: the trace tables of the c kernel and of the other one. A case per function and per
    verdict of either: the same on both kernels."""
    s = Suite("trace-diff", scope="difftest")
    rc, pc = parse_trace(c)
    ro, po = parse_trace(other)
    for label, rows, problems in (("c", rc, pc), (name, ro, po)):
        if not rows:
            s.problem("no trace table from the %s kernel" % label)
        for p in problems:
            s.problem("%s: %s" % (label, p))
    for key in sorted(set(rc) | set(ro)):
        s.case(rc.get(key) == ro.get(key), "%s: c %s, %s %s" % (key, rc.get(key), name, ro.get(key)))
    return s


# --- an sk_lookup program deleting from a SOCKMAP (pipeline/rt) ---------------------------------------------

SOCKMAP_DELETE_ROWS = ("testrun", "steered")


def sockmap_delete_suite(text, status, err=None):
    """rt_delete's rows: a BPF_PROG_TEST_RUN and steered lookups of a program that deletes from a SOCKMAP
    as it runs, each "ok"; the tool's exit status 0. (On PREEMPT_RT kernels, the dmesg suite judges the
    context the program ran in.)"""
    s = Suite("sockmap-delete")
    exit_status(s, status or "")
    if err and err.strip():
        s.notes.append("rt_delete said: " + err.strip()[:200])
    rows = {}
    for line in (text or "").splitlines():
        m = re.match(r"^row (\S+) (.*)$", line)
        if m:
            rows[m.group(1)] = m.group(2)
        elif line.strip():
            s.problem("unexpected line: %r" % line[:120])
    for name in SOCKMAP_DELETE_ROWS:
        s.case(rows.get(name) == "ok", "%s: %s" % (name, rows.get(name, "missing")))
    for name in rows:
        if name not in SOCKMAP_DELETE_ROWS:
            s.case(False, "%s: %s (unexpected row)" % (name, rows[name]))
    return s


RT_SLEEP = "BUG: sleeping function called from invalid context"


def rt_unfixed_suites(results, kconfig=None):
    """make check-rt's c-rt kernel with the test timer entering with preempt_disable(), as before upstream
    moved it to rcu_read_lock_dont_migrate(): sockmap-delete's test runs must make the kernel report a sleep
    in atomic context from the sk_lookup test run (so the dmesg suite that passes on c-rt fails there), and
    nothing else may differ: the rows still pass (the report is the only symptom)."""
    s = Suite("rt-unfixed")
    s.case(results("finished") is not None, "the guest did not boot or did not finish its run")
    rows = sockmap_delete_suite(results("sockmap-delete.txt"), results("sockmap-delete.status"),
                                results("sockmap-delete.err")).finish()
    s.case(not rows.bad(), "rt_delete's rows: %s" % "; ".join(rows.notes[:3]))
    dmesg = results("dmesg") or ""
    lines = dmesg.splitlines()
    # Every such report, each with its stack (boot-time KUnit tests may make their own on RT).
    sleeps = ["\n".join(lines[a:b + 1]) for a, b in report_blocks(lines) if RT_SLEEP in lines[a]]
    s.case(bool(sleeps), "no \"%s\" in dmesg: the unfixed test timer went unnoticed" % RT_SLEEP)
    s.case(any("bpf_prog_test_run_sk_lookup" in b for b in sleeps),
           "no such report names bpf_prog_test_run_sk_lookup in its stack: %s" %
           " || ".join(b[:200].replace("\n", " | ") for b in sleeps[:2]))
    s.case(dmesg_suite(dmesg, kconfig).finish().bad(), "the dmesg suite passed on the unfixed kernel")
    return [s.finish()]


# --- the stress (pipeline/stress) ------------------------------------------------------------------------

def stress_suite(text):
    """The stress run's report, judged by stress.check() (which re-derives the accounting from the figures
    printed): one case per check, each failing one with its detail."""
    s = Suite("stress")
    cases, problems = stress.check(text)
    s.passed += sum(1 for ok, _ in cases if ok)
    for p in problems:
        s.problem(p)
    return s


STRESS_FIGURES = re.compile(r"^(ops \w+ \d+|ops-unexpected .*|udp-bucket .*|udp-total .*|udp-steered .*|"
                            r"tcp-bucket .*|tcp-steered .*|objects .*|slab net_namespace .*|run-stress: skl_stress took .*)$")


def stress_figures(text):
    """What make stress prints of the run: the operations per kind and the traffic accounted."""
    return [l for l in (text or "").splitlines() if STRESS_FIGURES.match(l)]


def stress_suites(results, kconfig):
    """make stress: the guest finished, the stress passed, no kernel report, and kmemleak clean."""
    boot = Suite("boot")
    boot.case(results("finished") is not None, "the guest did not boot or did not finish the run (see the VM log)")
    suites = [boot, stress_suite(results("stress.out")), dmesg_suite(results("dmesg"))]
    if kconfig_on(kconfig, "DEBUG_KMEMLEAK"):
        suites.append(kmemleak_suite(results("kmemleak")))
    return [s.finish() for s in suites]


# The rows the C rules accept. Loads: sk_lookup_is_valid_access() (the reference() of the KUnit suite,
# restated): `sk` only as a full 8-byte load; the __u32 fields at 8..35 and 40..67 in sizes 1, 2, 4 at
# aligned offsets; remote_port (36) in 1, 2 and as a 4-byte load; its padding 38..39 in 1, 2.
# Sign-extending loads: the same rules, but BPF_MEMSX has no 8-byte form (so never `sk`). Stores and
# atomics: never.
def _ldx_ok(off, size):
    if off < 0 or off >= CTX_SIZE or off % size:
        return False
    if off < 8:
        return size == 8
    if 8 <= off < 36 or 40 <= off < 68:
        return size <= 4
    if off == 36 and size == 4:
        return True
    return 36 <= off < 40 and size <= 2


def _c_rules_accepted():
    loads = [(off, size) for off in CTX_OFFSETS for size in CTX_SIZES if _ldx_ok(off, size)]
    return len(loads) + sum(1 for _, size in loads if size < 8)


CTX_ACCEPTED = _c_rules_accepted()


# --- host checks -----------------------------------------------------------------------------------------

def series_entries(series_text):
    return [l.split()[0] for l in (series_text or "").splitlines() if l.strip() and not l.startswith("#")]


def host_suites(cases_text, series_text):
    """The host checks' lines: "PASS|FAIL <suite>: <case>" and "EXPECT <suite> <n>" (a check's own count of
    the cases it defines). Every suite of HOST_SUITES must report; checkpatch has one case per series entry;
    a suite's case count must match its EXPECT line."""
    suites, expect = {}, {}
    for line in (cases_text or "").splitlines():
        if not line.strip():
            continue
        word, rest = line.split(" ", 1)
        if word == "EXPECT":
            name, n = rest.split()
            expect[name] = int(n)
            continue
        name = rest.split(":")[0].split(" ")[0]
        s = suites.setdefault(name, Suite(name))
        s.case(word == "PASS", rest)
    expect["checkpatch"] = len(series_entries(series_text))
    out = []
    for name in HOST_SUITES:
        s = suites.pop(name, None) or Suite(name)
        if s.passed + s.failed == 0:
            s.problem("no result (the check did not run)")
        elif name in expect and s.passed + s.failed != expect[name]:
            s.problem("%d cases, expected %d" % (s.passed + s.failed, expect[name]))
        out.append(s.finish())
    for s in suites.values():
        s.problem("not a known host suite")
        out.append(s)
    return out


SERIES_BUILT = re.compile(r"^(\d+) proven, (\d+) stale$")


def series_built(text):
    """What series_records.py status printed: {"proven": N, "stale": M, "stale_at": [positions]}, or None
    when it printed no status line (the check did not run, or the records could not be read)."""
    lines = (text or "").splitlines()
    m = SERIES_BUILT.match(lines[0]) if lines else None
    if not m:
        return None
    stale_at = [int(p) for p in (lines[1].split() if len(lines) > 1 else [])]
    if len(stale_at) != int(m.group(2)):
        return None
    return {"proven": int(m.group(1)), "stale": int(m.group(2)), "stale_at": stale_at}


# --- a VM run --------------------------------------------------------------------------------------------

def project_sources(repo, build):
    """(path, text, built) of this project's Rust and C kernel files, built = their object exists in the
    build dir (for the kernel crate: rust/kernel.o)."""
    out = []
    for top in ("rust", "net", "kernel", "include", "lib", "drivers"):
        for d, _, files in os.walk(os.path.join(repo, top)):
            for f in files:
                if not f.endswith((".rs", ".c")):
                    continue
                path = os.path.relpath(os.path.join(d, f), repo)
                obj = path[:-len(".rs") if f.endswith(".rs") else -len(".c")] + ".o"
                built = os.path.exists(os.path.join(build, obj)) or (
                    path.startswith("rust/kernel/") and os.path.exists(os.path.join(build, "rust/kernel.o")))
                out.append((path, read(os.path.join(repo, path)), built))
    return out


def vm_suites(results, selftests, kconfig, sources, doctests, without=()):
    """Every suite of one guest run. results/selftests: callables path -> text or None. without: the
    suites the guest script does not run ("stress" on arm64): left out, not counted."""
    suites = []
    boot = Suite("boot")
    finished = results("finished") is not None
    boot.case(finished, "the guest did not boot or did not finish the run (see the VM log)")
    suites.append(boot)
    src_count = count_sk_lookup_subtests(
        selftests("src/tools/testing/selftests/bpf/prog_tests/sk_lookup.c") or "")
    for name in ("sk_lookup", "sk_lookup-no_alu32", "sk_lookup-cpuv4", "sk_lookup-nojit"):
        s = test_progs_suite(name, results(name + ".out"), "sk_lookup", expect_count=src_count)
        if src_count < SK_LOOKUP_SUBTESTS_FLOOR:
            s.problem("prog_tests/sk_lookup.c defines %d subtests, fewer than the pinned %d" % (
                src_count, SK_LOOKUP_SUBTESTS_FLOOR))
        if name == "sk_lookup-nojit":
            nojit_check(s, results("sk_lookup-nojit.jit"))
        suites.append(s)
    suites.append(test_progs_suite(
        "related", results("related.out"),
        expect_names=["verifier_ctx/access on bpf_sk_lookup padding after remote_port",
                      "verifier_sockmap_mutate/test_sk_lookup",
                      "libbpf_probe_prog_types/BPF_PROG_TYPE_SK_LOOKUP",
                      "flow_dissector_reattach", "flow_dissector_namespace",
                      "flow_dissector_skb_less_direct_attach", "flow_dissector_skb_less_indirect_attach",
                      "sk_lookup_ip6_ctx/ipv4 lookup",
                      "sk_lookup_ip6_ctx/ipv6 lookup"]))
    expected = [l for l in (selftests("out/test_verifier.expected") or "").splitlines() if l]
    suites.append(test_verifier_suite(results("test_verifier.out"), expected))
    suites.append(demo_suite(results("demo.out")))
    suites.append(badinput_suite(results("badinput.txt"), results("badinput.status")))
    if "trace" not in without:
        suites.append(trace_suite(results("trace.txt"), results("trace.status"), results("trace.list"),
                                  results("trace.err")))
    suites.append(sockmap_delete_suite(results("sockmap-delete.txt"), results("sockmap-delete.status"),
                                       results("sockmap-delete.err")))
    if "stress" not in without:
        suites.append(stress_suite(results("stress.out")))
    dmesg = results("dmesg")
    want = expected_kunit(kconfig, sources, doctests)
    project = {n for n in want if n != "rust_doctests_kernel"}
    kunit = kunit_suites(dmesg, want, project)
    if "rust_doctests_kernel" in want and not want["rust_doctests_kernel"]:
        kunit[0].problem("RUST_KERNEL_DOCTESTS is set but rust/doctests_kernel_generated.rs names no case")
    suites.extend(kunit)
    suites.append(dmesg_suite(dmesg, kconfig))
    if kconfig_on(kconfig, "DEBUG_KMEMLEAK"):
        suites.append(kmemleak_suite(results("kmemleak")))
    return [s.finish() for s in suites]


def arch_suites(results, selftests, kconfig, sources, doctests):
    """A guest run of pipeline/guest/run-arch.sh (make check-arch): make test's suites but the stress, on
    a kernel that must be the arm64 one: the guest's uname -m is checked."""
    suites = vm_suites(results, selftests, kconfig, sources, doctests, without=("stress",))
    machine = (results("uname") or "").split()
    suites[0].case(machine[-1:] == ["aarch64"] and kconfig_on(kconfig, "ARM64"),
                   "the guest's machine is %s, the kernel's config %s ARM64: not an arm64 run" % (
                       machine[-1] if machine else "unknown", "has" if kconfig_on(kconfig, "ARM64") else "lacks"))
    return suites


def cmd_guest(suites_of, variant, results, selftests, build, repo):
    """Parse one guest run (vm: run-suites.sh, configs: run-configs.sh) with SUITES_OF, which gets the
    results and selftests readers, the kernel's config, the project's sources and the generated doctests."""
    kconfig = read(os.path.join(build, ".config"))
    if kconfig is None:
        sys.exit("error: %s/.config missing" % build)
    doctests = doctest_cases(read(os.path.join(build, "rust/doctests_kernel_generated.rs")))
    suites = suites_of(lambda p: read(os.path.join(results, p)), lambda p: read(os.path.join(selftests, p)),
                       kconfig, project_sources(repo, build), doctests)
    return emit(variant, suites, os.path.join(results, "summary.json"))


def emit(variant, suites, path, extra=None):
    for s in suites:
        print(s.line(variant))
        for note in s.notes[:20]:
            print("           - " + note)
    with open(path, "w") as f:
        json.dump(dict({"variant": variant, "suites": [s.__dict__ for s in suites]}, **(extra or {})), f, indent=1)
    return 1 if any(s.bad() for s in suites) else 0


# --- allocation-failure injection (make fail-nth) --------------------------------------------------------

_DEMANGLED = {}


def demangle(names):
    """Rust symbol names demangled with llvm-cxxfilt (the build root's); others unchanged. Without the
    tool, names stay as they are, and Rust sites then show mangled in the table. The checker asks for
    every stack of every sweep: each name is demangled once (one llvm-cxxfilt run for the new ones)."""
    import shutil
    import subprocess
    new = sorted({n for n in names if n.startswith("_R") and n not in _DEMANGLED})
    tool = shutil.which("llvm-cxxfilt-19") or shutil.which("llvm-cxxfilt")
    if new and tool:
        out = subprocess.run([tool], input="\n".join(new) + "\n", capture_output=True, text=True).stdout.splitlines()
        if len(out) == len(new):
            _DEMANGLED.update(zip(new, out))
    return [_DEMANGLED.get(n, n) for n in names]


def _suite_of(name, cases, problems, scope="sk_lookup"):
    """A suite from a checker's (ok, label) cases and its problems: the problems' details come first in
    the notes; a problem without a failed case (unparsable records, say) fails the suite on its own."""
    s = Suite(name, scope)
    for ok, label in cases:
        s.case(ok, label)
    if problems and not s.failed:
        s.problem("problems outside the cases")
    s.notes = list(problems) + s.notes
    return s


def failnth_suites(results, kconfig):
    """make fail-nth, one kernel: the guest finished, the set-up, both passes (failnth/check.py), kmemleak
    after each operation and at the end, and a kernel log whose only reports are the injections'."""
    suites = [_suite_of(n, c, p) for n, c, p in failnth.kernel_check(results, demangle)]
    rest, n = failnth.strip_injections(results("dmesg"))
    d = dmesg_suite(rest if results("dmesg") is not None else None, kconfig)
    d.notes.append("%d fault-injection reports taken out before the check" % n)
    d.case(n > 0, "the log holds the injection reports (verbose logging on)")
    suites.append(d)
    if kconfig_on(kconfig, "DEBUG_KMEMLEAK"):
        suites.append(kmemleak_suite(results("kmemleak")))
    return [s.finish() for s in suites]


# --- the config matrix (make check-configs) ---------------------------------------------------------------

# remote_ip6 and local_ip6 in struct bpf_sk_lookup: [start, end) offsets.
IP6_FIELDS = ((20, 36), (44, 60))
# How test runs of IPv6 lookups fail on a kernel without IPv6 (bpf_prog_test_run_sk_lookup()).
EAFNOSUPPORT = 97
EFAULT = 14
VERIFIER_BUG = "verifier bug: error during ctx access conversion"


def _ip6_load(key):
    """A row of the ctx table that the C rules accept and that loads a word of an IPv6 address."""
    op, off, size = key[0], int(key[1]), int(key[2])
    return (op in ("ldx", "ldsx") and _ldx_ok(off, size) and (op == "ldx" or size < 8)
            and any(a <= off < b for a, b in IP6_FIELDS))


def noipv6_related_suite(text):
    """The tests of the related suite that apply without IPv6: the padding case of verifier_ctx and
    sk_lookup_ip6_ctx's IPv4 subtest pass, its IPv6 subtest is skipped (test runs of IPv6 lookups do not
    exist there), nothing else runs and nothing fails."""
    s = Suite("related")
    if not text:
        s.problem("no output (suite did not run)")
        return s
    want = {"verifier_ctx/access on bpf_sk_lookup padding after remote_port": "OK",
            "sk_lookup_ip6_ctx/ipv4 lookup": "OK",
            "sk_lookup_ip6_ctx/ipv6 lookup": "SKIP"}
    cases, _ = test_progs_cases(text)
    got = {label.split(" #")[0]: res for (_, sub), (label, res) in cases.items() if sub is not None}
    for name, res in want.items():
        if name not in got:
            s.problem("missing: " + name)
        else:
            s.case(got[name] == res, "%s: %s, expected %s" % (name, got[name], res))
    for name in sorted(set(got) - set(want)):
        s.problem("unexpected case: %s (%s)" % (name, got[name]))
    check_test_progs_summary(s, text, cases, skips_ok=True)
    exit_status(s, text)
    return s


def noipv6_ctx_suite(table):
    """One kernel's ctx table without IPv6: the table ctx_table.c defines, the C rules' accepted rows (IPv6
    address loads among them), every accepted row's IPv6 test run refused with EAFNOSUPPORT and every
    IPv6 address load reading 0 on the IPv4 context."""
    s = Suite("ctx-table")
    problems, rows = ctx_table_problems("table", *table)
    for p in problems:
        s.problem(p)
    for key in sorted(rows, key=lambda k: (k[0], int(k[1]), int(k[2]))):
        v = rows[key]
        if not v.startswith("accept"):
            continue
        ok = (" v6=run-errno-%d" % EAFNOSUPPORT) in v or "value=ptr" in v
        if _ip6_load(key):
            ok = ok and " v4=0 " in v + " "
        s.case(ok, "%s off=%s size=%s: %s" % (key + (v,)))
    if not any(_ip6_load(k) for k, v in rows.items() if v.startswith("accept")):
        s.problem("no IPv6 address load accepted")
    return s


def configs_suites(results, selftests, kconfig, sources, doctests):
    """A guest run of pipeline/guest/run-configs.sh on a kernel without IPv6, with the fix."""
    boot = Suite("boot")
    boot.case(results("finished") is not None, "the guest did not boot or did not finish the run")
    boot.case(not kconfig_on(kconfig, "IPV6") and (results("ipv6") or "").strip() == "no",
              "the kernel has IPv6 (config or /proc/sys/net/ipv6): not the configuration under test")
    suites = [boot]
    expected = [l for l in (selftests("out/test_verifier.expected") or "").splitlines() if l]
    suites.append(test_verifier_suite(results("test_verifier.out"), expected))
    suites.append(noipv6_related_suite(results("related.out")))
    suites.append(noipv6_ctx_suite(tuple(results(f) for f in ("ctx_table.txt", "ctx_table.status",
                                                               "ctx_table.err"))))
    want = expected_kunit(kconfig, sources, doctests)
    suites.extend(kunit_suites(results("dmesg"), want, {n for n in want if n != "rust_doctests_kernel"}))
    suites.append(dmesg_suite(results("dmesg")))
    return [x.finish() for x in suites]


def unfixed_suites(results, fixed):
    """A guest run on the kernel without IPv6 and without the fix (patch 0002 reverted): the bug must show,
    as the fix's commit message describes it, and nothing else may differ from the fixed kernel's table."""
    boot = Suite("boot")
    boot.case(results("finished") is not None, "the guest did not boot or did not finish the run")
    s = Suite("bug-shown")
    tv = results("test_verifier.out") or ""
    res = [m.group(4) for m in map(VERIFIER.match, tv.splitlines())
           if m and m.group(3) == "valid 1,2,4,8-byte reads from bpf_sk_lookup"]
    s.case(res == ["FAIL"], "test_verifier 'valid 1,2,4,8-byte reads from bpf_sk_lookup': %s, expected FAIL"
           % (res or "missing"))
    rel = results("related.out") or ""
    s.case(VERIFIER_BUG in rel and re.search(r"sk_lookup_ip6_ctx.*:FAIL", rel) is not None,
           "sk_lookup_ip6_ctx did not fail to load with the verifier bug")
    dm = results("dmesg") or ""
    s.case(re.search(r"WARNING: .*kernel/bpf/", dm) is not None and VERIFIER_BUG in dm,
           "no verifier-bug warning in dmesg")
    problems, rows = ctx_table_problems("unfixed", results("ctx_table.txt"), results("ctx_table.status"),
                                        results("ctx_table.err"))
    good, _ = parse_ctx_table(fixed)
    bugs = 0
    for key in sorted(set(rows) | set(good), key=lambda k: (k[0], int(k[1]), int(k[2]))):
        v = rows.get(key)
        if _ip6_load(key):
            ok = v is not None and v.startswith("reject errno=%d " % EFAULT) and VERIFIER_BUG in v
            bugs += ok
            s.case(ok, "%s off=%s size=%s: %s, expected reject errno=%d with the verifier bug" % (
                key + (v, EFAULT)))
        else:
            s.case(v is not None and v == good.get(key), "%s off=%s size=%s: %s, the fixed kernel: %s" % (
                key + (v, good.get(key))))
    if not good:
        s.problem("no table of the fixed kernel to compare with")
    if not rows:
        s.problem("no table")
    s.notes.append("%d IPv6 address loads rejected as a verifier bug (-EFAULT)" % bugs)
    return [boot.finish(), s.finish()]


def build_suite(name, status, log_tail):
    """A build-only configuration: its build step's exit status."""
    s = Suite(name)
    if status is None:
        s.problem("no build status (did not run)")
    else:
        s.case(status.strip() == "0", "build failed (exit %s): %s" % (status.strip(), (log_tail or "").strip()))
    return s.finish()


# --- the closing table -----------------------------------------------------------------------------------

SCOPES = (("harness", "pipeline harness tests"),
          ("sk_lookup", "sk_lookup (selftests, KUnit suite, demo, host checks)"),
          ("difftest", "ctx differential rows (c = the other kernel)"),
          ("generic", "other code's tests (kernel crate doctests, ...)"))


def stale_range(positions):
    """" 12-44", " 44": the stale commits, which follow the proven ones."""
    return (" %d" % positions[0]) if len(positions) == 1 else ("s %d-%d" % (positions[0], positions[-1]))


def summary(paths):
    """The closing lines of make test: one per suite, totals per scope, then "N passed, N failed"."""
    lines, totals = [], {k: [0, 0] for k, _ in SCOPES}
    failed, stale = 0, None
    for path in paths:
        data = None
        try:
            with open(path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            pass
        if not data or not data.get("suites"):
            lines.append("  %-28s no results (did not run)" % os.path.basename(os.path.dirname(path)))
            failed += 1
            continue
        for s in data["suites"]:
            bad = s["failed"] + s["skipped"] + (s["passed"] == 0 and not s["failed"])
            lines.append("  %-5s %-22s %4d passed, %d failed, %d skipped" % (
                data["variant"], s["name"], s["passed"], s["failed"], s["skipped"]))
            scope = s.get("scope", "sk_lookup")
            totals[scope][0] += s["passed"]
            totals[scope][1] += bad
            failed += bad
        # How much of the series patches/checked proves to build: shown, never a failure (a series change
        # stales records for the hours make check-series takes).
        built = data.get("series_built")
        if built:
            stale = built["stale"]
            lines.append("  %-5s %-22s %4d proven, %d stale%s" % (
                data["variant"], "series-built", built["proven"], stale,
                " (commit%s)" % stale_range(built["stale_at"]) if stale else ""))
    for key, label in SCOPES:
        lines.append("  %-52s %5d passed, %d failed" % (label, totals[key][0], totals[key][1]))
    lines.append("%d passed, %d failed%s" % (
        sum(t[0] for t in totals.values()), failed,
        ", %d commits not proven to build (make check-series)" % stale if stale else ""))
    return lines, failed


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "vm" and len(argv) == 7:
        return cmd_guest(vm_suites, *argv[2:])
    if cmd == "configs" and len(argv) == 7:
        return cmd_guest(configs_suites, *argv[2:])
    if cmd == "arch" and len(argv) == 7:
        return cmd_guest(arch_suites, *argv[2:])
    if cmd == "host" and len(argv) == 6:
        suites = host_suites(read(argv[2]), read(argv[3]))
        built = series_built(read(argv[5]))
        if built is None:
            suites[0].problem("no status of patches/checked (series_records.py status; see %s)" % argv[5])
        else:
            print("  %-5s %-22s %d proven, %d stale (make check-series)" % ("host", "series-built", built["proven"],
                                                                          built["stale"]))
        return emit("host", suites, argv[4], {"series_built": built})
    if cmd == "demo" and len(argv) == 4:
        s = demo_suite(read(argv[2]), read(argv[3]) or "missing").finish()
        print(s.line("demo"))
        for note in s.notes:
            print("           - " + note)
        return 1 if s.bad() else 0
    if cmd in ("diff", "ctxdiff") and len(argv) == 5:
        tables = [tuple(read(os.path.join(d, f)) for f in ("ctx_table.txt", "ctx_table.status", "ctx_table.err"))
                  for d in (argv[2], argv[3])]
        other = os.path.basename(argv[3].rstrip("/")).removeprefix("results-")
        os.makedirs(argv[4], exist_ok=True)
        suites = [ctx_diff_suite(*tables, out_dir=argv[4], other=other).finish()]
        if cmd == "diff":
            bad = [tuple(read(os.path.join(d, f)) for f in ("badinput.txt", "badinput.status"))
                   for d in (argv[2], argv[3])]
            suites.append(badinput_diff_suite(*bad, name=other).finish())
            suites.append(trace_diff_suite(*(read(os.path.join(d, "trace.txt")) for d in (argv[2], argv[3])),
                                           name=other).finish())
        first = os.path.basename(argv[2].rstrip("/")).removeprefix("results-")
        return emit(first + "=" + other, suites, os.path.join(argv[4], "summary.json"))
    if cmd == "ctxref" and len(argv) == 5:
        ref, results, out = argv[2:]
        if read(ref) is None:
            sys.exit("error: %s missing" % ref)
        other = os.path.basename(results.rstrip("/")).removeprefix("results-")
        os.makedirs(out, exist_ok=True)
        # The reference is a table a passing run wrote: its status and stderr are those of that run.
        table = (read(ref), "exit=0", "")
        mine = tuple(read(os.path.join(results, f)) for f in ("ctx_table.txt", "ctx_table.status", "ctx_table.err"))
        s = ctx_diff_suite(table, mine, out_dir=out, other=other)
        s.name = "ctx-vs-x86_64"
        # The reference names the ctx_table.c it was made with: a table of another probe is no reference.
        probe = os.path.join(os.path.dirname(ref), "ctx_table.c")
        made = re.search(r"ctx_table\.c at sha256 ([0-9a-f]{16})", table[0])
        now = hashlib.sha256(open(probe, "rb").read()).hexdigest()[:16] if os.path.exists(probe) else None
        if not made or made.group(1) != now:
            s.problem("%s was made with another ctx_table.c (%s, now %s): refresh it from an x86_64 c run" % (
                ref, made.group(1) if made else "not named", now))
        return emit("x86_64=" + other, [s.finish()], os.path.join(out, "summary.json"))
    if cmd == "unfixed" and len(argv) == 5:
        variant, results, fixed = argv[2:]
        suites = unfixed_suites(lambda p: read(os.path.join(results, p)), read(os.path.join(fixed, "ctx_table.txt")))
        return emit(variant, suites, os.path.join(results, "summary.json"))
    if cmd == "rtunfixed" and len(argv) in (4, 5):
        variant, results = argv[2:4]
        kconfig = read(os.path.join(argv[4], ".config")) if len(argv) == 5 else None
        return emit(variant, rt_unfixed_suites(lambda p: read(os.path.join(results, p)), kconfig),
                    os.path.join(results, "summary.json"))
    if cmd == "build" and len(argv) == 6:
        name, status, log, out = argv[2:]
        tail = "\n".join((read(log) or "").splitlines()[-3:])
        return emit("build", [build_suite(name, read(status), tail)], out)
    if cmd == "stress" and len(argv) == 5:
        variant, results, build = argv[2:]
        kconfig = read(os.path.join(build, ".config"))
        if kconfig is None:
            sys.exit("error: %s/.config missing" % build)
        text = read(os.path.join(results, "stress.out"))
        for line in stress_figures(text):
            print("  " + line)
        return emit(variant, stress_suites(lambda p: read(os.path.join(results, p)), kconfig),
                    os.path.join(results, "summary.json"))
    if cmd == "failnth" and len(argv) == 5:
        variant, results, build = argv[2:]
        kconfig = read(os.path.join(build, ".config"))
        if kconfig is None:
            sys.exit("error: %s/.config missing" % build)
        return emit(variant, failnth_suites(lambda p: read(os.path.join(results, p)), kconfig),
                    os.path.join(results, "summary.json"))
    if cmd == "failnthdiff" and len(argv) == 5:
        c, r, out = argv[2:]
        cases, problems, table = failnth.diff_check(lambda p: read(os.path.join(c, p)),
                                                    lambda p: read(os.path.join(r, p)), demangle)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "table.md"), "w") as f:
            f.write(table)
        label = "=".join(os.path.basename(d.rstrip("/")).removeprefix("results-failnth-") for d in (c, r))
        return emit(label, [_suite_of("failnth-diff", cases, problems).finish()], os.path.join(out, "summary.json"))
    if cmd == "summary" and len(argv) > 2:
        lines, failed = summary(argv[2:])
        print("\n".join(lines))
        return 1 if failed else 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
