#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Harness tests: every parser and checker of pipeline/report.py fed good and bad evidence.

Usage: test_harness.py [--json SUMMARY]     (make test-harness; make test runs it too)

Host python3 only: no root, build root, cache or kernel. The good evidence is fixtures/, trimmed from the
results of a real make test run (2026-11-30, tree of that day); the bad evidence is derived from it here,
the way a run goes wrong: output missing, empty or cut short, a runner that failed, a suite or case that
did not run. Each case asserts the verdict. Prints "PASS/FAIL <case>" lines and "N passed, N failed".
"""
import json
import os
import re
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "pipeline"))
import report  # noqa: E402

FIX = os.path.join(HERE, "fixtures")
CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def fixture(*parts):
    with open(os.path.join(FIX, *parts)) as f:
        return f.read()


def verdict(suite):
    """True when the suite passes."""
    return not suite.finish().bad()


def expect_pass(suite):
    assert verdict(suite), "expected a pass, got %s: %s" % (suite.line("test"), suite.notes[:5])


def expect_fail(suite, why=None):
    assert not verdict(suite), "expected a failure, got a pass: %s" % suite.line("test")
    if why:
        assert any(re.search(why, n) for n in suite.notes), "no note matching %r in %s" % (why, suite.notes)


def drop_lines(text, pattern):
    return "\n".join(l for l in text.splitlines() if not re.search(pattern, l)) + "\n"


def cut(text, fraction=0.5):
    lines = text.splitlines()
    return "\n".join(lines[:int(len(lines) * fraction)]) + "\n"


# --- the fixtures' context: the kernel config, this repo's sources, the source's subtest count ---------

KCONFIG = fixture("rust", "config")
SOURCES = [(p, t, p == "net/core/sk_lookup.rs") for p, t, _ in report.project_sources(REPO, "/nonexistent")]
DOCTESTS = fixture("rust", "doctests").split()
FLOOR = report.SK_LOOKUP_SUBTESTS_FLOOR
SK_LOOKUP_SRC = '{ .desc = "x", },\n' * FLOOR  # what count_sk_lookup_subtests() reads: the fixtures' count


BADINPUT_FIX = os.path.join(REPO, "pipeline", "badinput", "fixtures")


def badinput_fixture(name):
    """A real bad-input table (or status) of a c or rust run, kept with its checker in pipeline/badinput."""
    with open(os.path.join(BADINPUT_FIX, name)) as f:
        return f.read()


# A real 30 s stress run (c kernel, 2026-12-01), kept with its checker in pipeline/stress.
with open(os.path.join(REPO, "pipeline", "stress", "fixtures", "stress-good.out")) as _f:
    STRESS_GOOD = _f.read()


# rt_delete's rows as a passing run prints them (pipeline/rt).
SOCKMAP_DELETE = "row testrun ok\nrow steered ok\n"


# Real trace tables of a c and a rust run (pipeline/trace), with the list they were made from.
TRACE_FIX = os.path.join(REPO, "pipeline", "trace", "fixtures")


def trace_fixture(name):
    with open(os.path.join(TRACE_FIX, name)) as f:
        return f.read()


TRACE_C, TRACE_RUST, TRACE_LIST = (trace_fixture(n) for n in ("trace-c.txt", "trace-rust.txt", "trace.list"))


def rust_results(**override):
    """The rust run's results as report.vm_suites() reads them; override={file: text or None}."""
    files = {n: fixture("rust", n) for n in os.listdir(os.path.join(FIX, "rust"))}
    files["badinput.txt"] = badinput_fixture("badinput-rust.txt")
    files["badinput.status"] = badinput_fixture("badinput-rust.status")
    files["stress.out"] = STRESS_GOOD
    files["trace.txt"], files["trace.status"], files["trace.list"] = TRACE_RUST, "exit=0\n", TRACE_LIST
    files["sockmap-delete.txt"], files["sockmap-delete.status"] = SOCKMAP_DELETE, "exit=0\n"
    files["finished"] = "done\n"
    files.update(override)
    return lambda p: files.get(p)


def selftests(src=SK_LOOKUP_SRC):
    files = {"src/tools/testing/selftests/bpf/prog_tests/sk_lookup.c": src,
             "out/test_verifier.expected": fixture("rust", "test_verifier.expected")}
    return lambda p: files.get(p)


def vm(results=None, st=None, kconfig=KCONFIG):
    suites = report.vm_suites(results or rust_results(), st or selftests(), kconfig, SOURCES, DOCTESTS)
    return {s.name: s for s in suites}


# --- a whole VM run ------------------------------------------------------------------------------------

@case
def vm_run_good_evidence_passes():
    suites = vm()
    for s in suites.values():
        expect_pass(s)
    assert suites["sk_lookup"].passed == FLOOR, suites["sk_lookup"].line("rust")
    assert suites["kunit"].passed > 10 and suites["kunit-generic"].passed > 100


@case
def vm_run_without_the_generated_doctests_fails():
    suites = report.vm_suites(rust_results(), selftests(), KCONFIG, SOURCES, [])
    expect_fail(next(s for s in suites if s.name == "kunit"), "names no case")


@case
def vm_run_unfinished_guest_fails():
    expect_fail(vm(rust_results(finished=None))["boot"])


@case
def vm_run_every_output_missing_fails_every_suite():
    suites = vm(lambda p: "done\n" if p == "finished" else None)
    for name in ("sk_lookup", "sk_lookup-nojit", "related", "test_verifier", "demo", "badinput", "trace",
                 "sockmap-delete", "stress", "kunit", "dmesg"):
        expect_fail(suites[name])


# --- an arm64 guest run (make check-arch) -------------------------------------------------------------

ARM64_KCONFIG = KCONFIG + "CONFIG_ARM64=y\n"


def arch(results, kconfig=ARM64_KCONFIG):
    return {s.name: s for s in report.arch_suites(results, selftests(), kconfig, SOURCES, DOCTESTS)}


@case
def arch_run_good_evidence_passes_without_stress():
    suites = arch(rust_results(uname="7.3.4+\naarch64\n", **{"stress.out": None}))
    for s in suites.values():
        expect_pass(s)
    assert "trace" in suites and "stress" not in suites, sorted(suites)
    assert suites["boot"].passed == 2, suites["boot"].line("arm64")


@case
def arch_run_on_another_machine_fails():
    # an x86_64 guest, or an x86 kernel config, is not the run make check-arch asks for
    expect_fail(arch(rust_results(uname="7.3.4+\nx86_64\n"))["boot"], "not an arm64 run")
    expect_fail(arch(rust_results(uname="7.3.4+\naarch64\n"), kconfig=KCONFIG)["boot"], "lacks ARM64")
    expect_fail(arch(rust_results(uname=None))["boot"], "machine is unknown")


@case
def ctx_against_a_reference_of_another_probe_fails():
    # report.py ctxref: the committed x86_64 table passes against itself while it names the current
    # ctx_table.c, and fails, whatever the rows, once it names another
    import subprocess
    import tempfile
    ref = os.path.join(REPO, "pipeline", "difftest", "ctx_table.x86_64.txt")
    with open(ref) as f:
        table = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        res = os.path.join(tmp, "results-arm64-c")
        os.makedirs(res)
        body = "".join(l + "\n" for l in table.splitlines() if not l.startswith("# The ctx") and "ctx_table.c" not in l)
        for name, text in (("ctx_table.txt", body), ("ctx_table.status", "exit=0\n"), ("ctx_table.err", "")):
            with open(os.path.join(res, name), "w") as f:
                f.write(text)
        os.makedirs(os.path.join(tmp, "difftest"))
        other = os.path.join(tmp, "difftest", "ctx_table.x86_64.txt")
        with open(other, "w") as f:
            f.write(table)
        with open(os.path.join(tmp, "difftest", "ctx_table.c"), "w") as f:
            f.write("/* another probe */\n")
        rcs = []
        for r in (ref, other):
            p = subprocess.run([sys.executable, os.path.join(REPO, "pipeline", "report.py"), "ctxref", r, res,
                                os.path.join(tmp, "out")], capture_output=True, text=True, timeout=120)
            rcs.append((p.returncode, "another ctx_table.c" in p.stdout))
        assert rcs == [(0, False), (1, True)], rcs


# --- test_progs ----------------------------------------------------------------------------------------

SK = fixture("rust", "sk_lookup.out")


@case
def test_progs_empty_output_fails():
    expect_fail(report.test_progs_suite("sk_lookup", "", "sk_lookup", 60), "no output")
    expect_fail(report.test_progs_suite("sk_lookup", None, "sk_lookup", 60), "no output")


@case
def test_progs_cut_short_fails():
    expect_fail(report.test_progs_suite("sk_lookup", cut(SK), "sk_lookup", 60))
    # Only the tail lost: every case line there, no Summary, no exit status.
    tail_lost = SK[:SK.index("Summary:")]
    expect_fail(report.test_progs_suite("sk_lookup", tail_lost, "sk_lookup", 60), "Summary")


@case
def test_progs_failed_runner_fails():
    expect_fail(report.test_progs_suite("sk_lookup", SK.replace("exit=0", "exit=1"), "sk_lookup", 60),
                "exit status 1")
    expect_fail(report.test_progs_suite("sk_lookup", drop_lines(SK, "^exit="), "sk_lookup", 60),
                "exit status missing")


@case
def test_progs_summary_disagreeing_with_cases_fails():
    # A subtest line lost from the output while test_progs counted it.
    lost = drop_lines(SK, r"^#\d+/7 ")
    expect_fail(report.test_progs_suite("sk_lookup", lost, "sk_lookup", 59), "Summary says")


@case
def test_progs_failing_subtest_fails():
    bad = re.sub(r"^(#\d+/3 .*):OK$", r"\1:FAIL", SK, count=1, flags=re.M)
    expect_fail(report.test_progs_suite("sk_lookup", bad, "sk_lookup", 60), "failed: ")


@case
def test_progs_fewer_cases_than_the_source_fails():
    expect_fail(report.test_progs_suite("sk_lookup", SK, "sk_lookup", 61), "expected 61")


@case
def sk_lookup_subtests_below_the_pinned_floor_fail():
    # The source and the run agree on one subtest fewer than the pinned floor: the floor still fails it.
    lost = drop_lines(SK, r"^#\d+/7 ")
    m = re.search(r"^Summary: (\d+)/(\d+)", lost, re.M)
    lost = lost.replace(m.group(0), "Summary: %s/%d" % (m.group(1), int(m.group(2)) - 1))
    suites = vm(rust_results(**{"sk_lookup.out": lost}), selftests('{ .desc = "x", },\n' * (FLOOR - 1)))
    expect_fail(suites["sk_lookup"], "fewer than the pinned %d" % FLOOR)


@case
def nojit_run_must_read_back_jit_off():
    expect_pass(vm()["sk_lookup-nojit"])
    expect_fail(vm(rust_results(**{"sk_lookup-nojit.jit": "1\n"}))["sk_lookup-nojit"], "not interpreted")
    expect_fail(vm(rust_results(**{"sk_lookup-nojit.jit": None}))["sk_lookup-nojit"], "not interpreted")


@case
def related_missing_test_fails():
    rel = drop_lines(fixture("rust", "related.out"), "flow_dissector_reattach")
    expect_fail(vm(rust_results(**{"related.out": rel}))["related"], "missing: flow_dissector_reattach")


# --- test_verifier -------------------------------------------------------------------------------------

TV = fixture("rust", "test_verifier.out")
TV_EXPECTED = [l for l in fixture("rust", "test_verifier.expected").splitlines() if l]


@case
def test_verifier_good_and_empty():
    expect_pass(report.test_verifier_suite(TV, TV_EXPECTED))
    expect_fail(report.test_verifier_suite("", TV_EXPECTED), "no output")
    expect_fail(report.test_verifier_suite(TV, []), "no expected cases")


@case
def test_verifier_selected_case_not_run_fails():
    first = TV_EXPECTED[0]
    gone = drop_lines(TV, re.escape(" " + first + " "))
    expect_fail(report.test_verifier_suite(gone, TV_EXPECTED), "missing: ")


@case
def test_verifier_runner_failed_or_cut_fails():
    expect_fail(report.test_verifier_suite(TV.replace("exit=0", "exit=1"), TV_EXPECTED), "exit status 1")
    expect_fail(report.test_verifier_suite(drop_lines(TV, "^Summary:"), TV_EXPECTED), "Summary")
    expect_fail(report.test_verifier_suite("Can't find bpf_testmod.ko kernel module\n" + TV, TV_EXPECTED),
                "bpf_testmod")
    bad_sum = re.sub(r"^Summary: \d+ PASSED", "Summary: 999 PASSED", TV, flags=re.M)
    expect_fail(report.test_verifier_suite(bad_sum, TV_EXPECTED), "Summary says")


# --- KUnit ---------------------------------------------------------------------------------------------

DMESG = fixture("rust", "dmesg")


def kunit(dmesg, kconfig=KCONFIG, sources=None):
    want = report.expected_kunit(kconfig, SOURCES if sources is None else sources, DOCTESTS)
    project = {n for n in want if n != "rust_doctests_kernel"}
    return report.kunit_suites(dmesg, want, project)


def drop_suite(dmesg, name):
    """The dmesg without one KUnit suite: its lines and its closing result line."""
    out, skip = [], False
    for l in dmesg.splitlines():
        body = report.DMESG_PREFIX.sub("", l)
        if body.startswith("    KTAP version") or body.startswith("    # Subtest:"):
            skip = skip or body == "    # Subtest: " + name
        if not skip:
            out.append(l)
        if skip and re.match(r"^(not )?ok \d+ %s$" % name, body):
            skip = False
    return "\n".join(out) + "\n"


@case
def kunit_expected_suites_come_from_the_sources():
    want = report.expected_kunit(KCONFIG, SOURCES, DOCTESTS)
    assert "rust_bpf_sk_lookup" in want and len(want["rust_bpf_sk_lookup"]) >= 7, want.keys()
    assert "access_table_matches_c_rules" in want["rust_bpf_sk_lookup"]
    off = KCONFIG.replace("CONFIG_BPF_SK_LOOKUP_RUST_KUNIT_TEST=y", "# CONFIG_BPF_SK_LOOKUP_RUST_KUNIT_TEST is not set")
    assert "rust_bpf_sk_lookup" not in report.expected_kunit(off, SOURCES, DOCTESTS)
    # The kernel crate's doctests, when configured: every generated case.
    assert want.get("rust_doctests_kernel") == DOCTESTS and len(DOCTESTS) > 300
    nodoc = KCONFIG.replace("CONFIG_RUST_KERNEL_DOCTESTS=y", "# CONFIG_RUST_KERNEL_DOCTESTS is not set")
    assert "rust_doctests_kernel" not in report.expected_kunit(nodoc, SOURCES, DOCTESTS)
    # Not built (the c variant): not expected.
    unbuilt = [(p, t, False) for p, t, _ in SOURCES]
    assert "rust_bpf_sk_lookup" not in report.expected_kunit(KCONFIG, unbuilt, DOCTESTS)


@case
def kunit_kernel_without_project_code():
    """The c variant builds neither the Rust sk_lookup nor kernel::bpf: no project case is expected, the
    absence is the "kunit" line's one case, and a project case that is expected but absent still fails."""
    unbuilt = [(p, t, False) for p, t, _ in SOURCES]
    doctests = [d for d in DOCTESTS if not d.startswith("rust_doctest_kernel_bpf_")]
    want = report.expected_kunit(KCONFIG, unbuilt, doctests)
    dmesg = drop_suite(DMESG, "rust_bpf_sk_lookup")
    dmesg = drop_lines(dmesg, r"rust_doctest_kernel_bpf_")
    # The plans of the log a kernel without them prints: one suite and 12 doctests fewer.
    bpf = sum(1 for d in DOCTESTS if d.startswith("rust_doctest_kernel_bpf_"))
    top = int(re.search(r"^\[[\s\d.]+\] 1\.\.(\d+)$", DMESG, re.M).group(1))
    dmesg = re.sub(r"^(\[[\s\d.]+\] )1\.\.%d$" % top, r"\g<1>1..%d" % (top - 1), dmesg, count=1,
                   flags=re.M)
    dmesg = re.sub(r"^(\[[\s\d.]+\]     )1\.\.%d$" % len(DOCTESTS), r"\g<1>1..%d" % (len(DOCTESTS) - bpf),
                   dmesg, flags=re.M)
    mine, _ = report.kunit_suites(dmesg, want, set())
    expect_pass(mine)
    assert mine.passed == 1, mine.line("c")
    # kernel::bpf doctests generated (so expected) but missing from the log.
    want = report.expected_kunit(KCONFIG, unbuilt, DOCTESTS)
    mine, _ = report.kunit_suites(dmesg, want, set())
    expect_fail(mine, "rust_doctest_kernel_bpf_")


@case
def kunit_good_dmesg_passes():
    mine, other = kunit(DMESG)
    expect_pass(mine)
    expect_pass(other)


@case
def kunit_suite_removed_from_dmesg_fails():
    # The confirmed hole of issue 8: rust_bpf_sk_lookup gone, the rest of the log intact.
    expect_fail(kunit(drop_suite(DMESG, "rust_bpf_sk_lookup"))[0], "suite rust_bpf_sk_lookup missing")


@case
def kunit_no_ktap_fails():
    expect_fail(kunit("")[0], "no KTAP")
    expect_fail(kunit(drop_lines(DMESG, r"KTAP|ok \d|# Subtest|1\.\.\d"))[0], "no KTAP")


@case
def kunit_cut_short_fails():
    # The log ends inside the doctest suite: its plan is not met, and what follows it is missing.
    at = DMESG.index("rust_doctest_kernel_")
    lines = DMESG[:at].count("\n")
    expect_fail(kunit("\n".join(DMESG.splitlines()[:lines + 20]) + "\n")[0], "plan|missing")


@case
def kunit_case_missing_fails():
    # One case line lost: its suite's plan is not met and the case is missing.
    text = drop_lines(DMESG, r"^\[[ .0-9]+\]     ok \d+ access_table_matches_c_rules$")
    assert text != DMESG
    expect_fail(kunit(text)[0], "access_table_matches_c_rules")


@case
def kunit_plan_not_met_fails():
    # A case lost from a suite nothing else expects (another subsystem's): only the plan shows it.
    text = drop_lines(DMESG, r"^\[[ .0-9]+\]     ok 1 test_ptr_formatting$")
    assert text != DMESG
    expect_fail(kunit(text)[0], "suite rust_kernel_fmt: plan 1..1, 0 cases")
    # A whole suite lost that nothing else expects: only the top-level plan shows it.
    expect_fail(kunit(drop_suite(DMESG, "rust_netlink"))[0], "KTAP plan 1..5, 4 suites seen")
    # A suite's closing line lost.
    text = drop_lines(DMESG, r"^\[[ .0-9]+\] ok \d+ rust_netlink$")
    expect_fail(kunit(text)[0], "suite rust_netlink: no result line")


@case
def kunit_failing_case_fails():
    text = re.sub(r"(\]     )ok( \d+ access_samples)$", r"\1not ok\2", DMESG, flags=re.M)
    assert text != DMESG
    expect_fail(kunit(text)[0], "failed: rust_bpf_sk_lookup.access_samples")


@case
def kunit_wrapped_log_fails():
    # The ring buffer wrapped: the start of the log (banner, KTAP header) is gone.
    lines = DMESG.splitlines()
    start = next(i for i, l in enumerate(lines) if "# Subtest:" in l)
    expect_fail(kunit("\n".join(lines[start + 1:]) + "\n")[0], "top-level KTAP plan|missing")


@case
def kunit_c_suites_are_expected_too():
    c_src = """
static struct kunit_case skl_cases[] = {
	KUNIT_CASE(skl_one),
	KUNIT_CASE_SLOW(skl_two),
	{}
};
static struct kunit_suite skl_suite = {
	.name = "skl_c_suite",
	.test_cases = skl_cases,
};
kunit_test_suite(skl_suite);
"""
    want = report.expected_kunit(KCONFIG, SOURCES + [("net/core/skl_test.c", c_src, True)], DOCTESTS)
    assert want.get("skl_c_suite") == ["skl_one", "skl_two"], want.get("skl_c_suite")
    expect_fail(kunit(DMESG, sources=SOURCES + [("net/core/skl_test.c", c_src, True)])[0],
                "suite skl_c_suite missing")


# --- dmesg, demo -----------------------------------------------------------------------------------------

@case
def dmesg_missing_empty_or_bannerless_fails():
    expect_pass(report.dmesg_suite(DMESG))
    expect_fail(report.dmesg_suite(None), "no dmesg")
    expect_fail(report.dmesg_suite("  \n"), "no dmesg")
    expect_fail(report.dmesg_suite(drop_lines(DMESG, "Linux version")), "boot banner")


@case
def dmesg_splat_fails():
    splat = DMESG + "[   12.345678] WARNING: CPU: 0 PID: 1 at net/core/filter.c:1 x+0x1/0x2\n"
    expect_fail(report.dmesg_suite(splat), "kernel reports")


@case
def dmesg_rust_panic_fails():
    panic = DMESG + "[   12.345678] rust_kernel: panicked at net/core/sk_lookup.rs:10:5:\n"
    expect_fail(report.dmesg_suite(panic), "kernel reports")


# --- kmemleak (debug variant) ------------------------------------------------------------------------------

KMEMLEAK_CLEAN = "# kmemleak scanned twice at 301.5 s\n# end\n"


def kmemleak_record(size, *funcs):
    return ("unreferenced object 0xffff888100f0e000 (size %d):\n  comm \"test_progs\", pid 77, jiffies 1\n"
            "  hex dump (first 32 bytes):\n    00 00 00 00\n  backtrace (crc 8b3d4f2a):\n" % size +
            "".join("    %s+0x10/0x40\n" % f for f in funcs))


def with_records(*records):
    return KMEMLEAK_CLEAN.replace("# end", "".join(records) + "# end")


@case
def kmemleak_clean_passes_and_other_code_is_listed():
    expect_pass(report.kmemleak_suite(KMEMLEAK_CLEAN))
    s = report.kmemleak_suite(with_records(kmemleak_record(32, "__kmalloc_cache_noprof", "acpi_ns_init")))
    expect_pass(s)
    assert any("listed, not failed" in n for n in s.notes), s.notes


@case
def kmemleak_suspect_in_bpf_net_or_rust_fails():
    for f in ("bpf_prog_array_alloc", "__sock_create", "_RNvMs_NtCs1_6kernel3bpfNtB5_4Link3new"):
        expect_fail(report.kmemleak_suite(with_records(kmemleak_record(64, "__kmalloc_noprof", f))),
                    "allocated through " + re.escape(f))


@case
def kmemleak_evidence_missing_cut_or_unparsed_fails():
    expect_fail(report.kmemleak_suite(None), "no kmemleak report")
    expect_fail(report.kmemleak_suite("absent\n"), "found no /sys/kernel/debug/kmemleak")
    expect_fail(report.kmemleak_suite(cut(with_records(kmemleak_record(8, "f")), 0.5)), "cut short")
    expect_fail(report.kmemleak_suite(with_records("garbage line\n")), "unparsed")
    expect_fail(report.kmemleak_suite(with_records(kmemleak_record(8))), "without a backtrace")


@case
def kmemleak_suite_only_and_always_on_kmemleak_kernels():
    assert "kmemleak" not in vm(), "a kernel without kmemleak got a kmemleak suite"
    kc = KCONFIG + "CONFIG_DEBUG_KMEMLEAK=y\n"
    expect_fail(vm(kconfig=kc)["kmemleak"], "no kmemleak report")
    expect_pass(vm(rust_results(kmemleak=KMEMLEAK_CLEAN), kconfig=kc)["kmemleak"])


# --- the bad-input table ------------------------------------------------------------------------------------

BAD_C = (badinput_fixture("badinput-c.txt"), badinput_fixture("badinput-c.status"))
BAD_RUST = (badinput_fixture("badinput-rust.txt"), badinput_fixture("badinput-rust.status"))


def set_answer(table, case, answer):
    return "".join((case + "\t" + answer + "\t" + l.split("\t")[2] + "\n") if l.split("\t")[0] == case
                   else l + "\n" for l in table.splitlines())


@case
def badinput_real_tables_pass_and_agree():
    expect_pass(report.badinput_suite(*BAD_C))
    expect_pass(report.badinput_suite(*BAD_RUST))
    s = report.badinput_diff_suite(BAD_C, BAD_RUST)
    expect_pass(s)
    assert s.passed == len(report.badinput.check_table(BAD_C[0], 0)[0]), s.line("test")


@case
def badinput_wrong_answer_or_leak_fails():
    expect_fail(report.badinput_suite(set_answer(BAD_RUST[0], "fd.second_link", "EINVAL"), BAD_RUST[1]),
                "fd.second_link: EINVAL, expected E2BIG")
    expect_fail(report.badinput_suite(set_answer(BAD_RUST[0], "leak.link_ids", "2"), BAD_RUST[1]),
                "leak.link_ids: 2, expected 0")


@case
def badinput_kernels_answering_differently_fail_the_diff():
    other = (set_answer(BAD_RUST[0], "fd.update_detached_link", "ENOENT"), BAD_RUST[1])
    expect_fail(report.badinput_diff_suite(BAD_C, other), "fd.update_detached_link: c ENOLINK, rust ENOENT")
    missing = (drop_lines(BAD_RUST[0], "^fd\\.link_info\t"), BAD_RUST[1])
    expect_fail(report.badinput_diff_suite(BAD_C, missing), "fd.link_info: c .*, rust \\(no row\\)")


@case
def badinput_evidence_missing_cut_or_failed_fails():
    expect_fail(report.badinput_suite(None, None), "missing or empty")
    expect_fail(report.badinput_suite(cut(BAD_RUST[0]), BAD_RUST[1]), "cut short")
    expect_fail(report.badinput_suite(BAD_RUST[0], "exit=1\n"), "exited with status 1")
    expect_fail(report.badinput_suite(BAD_RUST[0], None), "no exit status")
    # the status file is "exit=N" and nothing else (report.py and check.py read it with one function)
    expect_fail(report.badinput_suite(BAD_RUST[0], "exit=0\nexit=1\n"), "no exit status")
    assert report.badinput.status_code(" exit=3\n") == 3 and report.badinput.status_code("exit=x") is None
    expect_fail(report.badinput_diff_suite(BAD_C, (None, None)), "rust: the table is missing")


# --- the trace suite (pipeline/trace) ---------------------------------------------------------------------

def set_trace(table, key, value):
    """TABLE with the line of KEY ("func NAME" or "row LABEL") given VALUE (None: the line dropped)."""
    out = []
    for l in table.splitlines():
        if l.startswith(key + " ") and (key.startswith("row ") and l.rsplit(" ", 1)[0] == key or
                                        key.startswith("func ") and l.split()[1] == key.split()[1]):
            if value is not None:
                out.append(key + " " + value)
        else:
            out.append(l)
    return "\n".join(out) + "\n"


@case
def trace_real_tables_pass_and_agree():
    names = TRACE_LIST.split()
    assert len(names) >= len(report.TRACE_FLOOR), names
    for table in (TRACE_C, TRACE_RUST):
        s = report.trace_suite(table, "exit=0\n", TRACE_LIST)
        expect_pass(s)
        assert s.passed == len(names) + len(report.TRACE_ROWS), s.line("test")
    s = report.trace_diff_suite(TRACE_C, TRACE_RUST)
    expect_pass(s)
    assert s.passed == len(names) + 2 + len(report.TRACE_ROWS), s.line("test")


@case
def trace_untraceable_function_or_failed_verdict_fails():
    name = report.TRACE_FLOOR[0]
    off = set_trace(TRACE_RUST, "func " + name, "filter=no kprobe=EINVAL fentry=ESRCH")
    expect_fail(report.trace_suite(off, "exit=0\n", TRACE_LIST), name + ": filter=no kprobe=EINVAL")
    expect_fail(report.trace_suite(set_trace(TRACE_RUST, "func " + name, None), "exit=0\n", TRACE_LIST),
                name + ": missing from the table")
    expect_fail(report.trace_suite(set_trace(TRACE_RUST, "row steer v6 cookie", "no"), "exit=0\n", TRACE_LIST),
                "steer v6 cookie: no")
    expect_fail(report.trace_suite(set_trace(TRACE_RUST, "row steer run_cnt=runs", None), "exit=0\n",
                                   TRACE_LIST), "steer run_cnt=runs: missing")
    expect_fail(report.trace_suite(TRACE_RUST + "row steer attach fexit_v4 ESRCH\n", "exit=0\n", TRACE_LIST),
                "steer attach fexit_v4: ESRCH")


@case
def trace_list_below_the_floor_or_missing_fails():
    short = "\n".join(n for n in TRACE_LIST.split() if n != "bpf_netns_link_fill_info") + "\n"
    expect_fail(report.trace_suite(TRACE_RUST, "exit=0\n", short), "lacks bpf_netns_link_fill_info")
    expect_fail(report.trace_suite(TRACE_RUST, "exit=0\n", None), "no list of functions")
    expect_fail(report.trace_suite(TRACE_RUST, "exit=0\n", ""), "no list of functions")


@case
def trace_control_not_as_expected_voids_the_table():
    inlined = set_trace(TRACE_C, "func udp_lib_lookup2", "filter=yes kprobe=ok fentry=ok")
    expect_fail(report.trace_suite(inlined, "exit=0\n", TRACE_LIST), "control udp_lib_lookup2: .* void")
    half = set_trace(TRACE_C, "func udp_lib_lookup2", "filter=no kprobe=ok fentry=ESRCH")
    expect_fail(report.trace_suite(half, "exit=0\n", TRACE_LIST), "control udp_lib_lookup2")
    gone = set_trace(TRACE_C, "func __inet_lookup_listener", None)
    expect_fail(report.trace_suite(gone, "exit=0\n", TRACE_LIST), "control __inet_lookup_listener: missing")


@case
def trace_evidence_missing_cut_or_failed_fails():
    expect_fail(report.trace_suite(None, "exit=0\n", TRACE_LIST), "no trace table")
    expect_fail(report.trace_suite("", "exit=0\n", TRACE_LIST), "no trace table")
    expect_fail(report.trace_suite(cut(TRACE_RUST), "exit=0\n", TRACE_LIST))
    expect_fail(report.trace_suite(TRACE_RUST, "exit=1\n", TRACE_LIST), "exit status 1")
    expect_fail(report.trace_suite(TRACE_RUST, None, TRACE_LIST), "exit status missing")
    expect_fail(report.trace_suite(TRACE_RUST + "garbage\n", "exit=0\n", TRACE_LIST), "unexpected line")


@case
def trace_kernels_differing_fail_the_diff():
    name = report.TRACE_FLOOR[3]
    off = set_trace(TRACE_RUST, "func " + name, "filter=no kprobe=ENOENT fentry=ESRCH")
    expect_fail(report.trace_diff_suite(TRACE_C, off), "func %s: c filter=yes .*, rust filter=no" % name)
    expect_fail(report.trace_diff_suite(TRACE_C, set_trace(TRACE_RUST, "row tracefs-kretprobe", None)),
                "row tracefs-kretprobe: c yes, rust None")
    expect_fail(report.trace_diff_suite(TRACE_C, None), "no trace table from the rust kernel")
    expect_fail(report.trace_diff_suite("", TRACE_RUST), "no trace table from the c kernel")


# --- an sk_lookup program deleting from a SOCKMAP (pipeline/rt) ---------------------------------------------

@case
def sockmap_delete_rows_judged():
    expect_pass(report.sockmap_delete_suite(SOCKMAP_DELETE, "exit=0\n"))
    expect_fail(report.sockmap_delete_suite(SOCKMAP_DELETE.replace("row steered ok", "row steered FAIL: 3 of 20"),
                                            "exit=0\n"), "steered: FAIL: 3 of 20")
    expect_fail(report.sockmap_delete_suite("row testrun ok\n", "exit=0\n"), "steered: missing")
    expect_fail(report.sockmap_delete_suite(SOCKMAP_DELETE, "exit=2\n", "rt_delete: unshare"), "exit status 2")
    expect_fail(report.sockmap_delete_suite(None, None), "exit status missing")
    expect_fail(report.sockmap_delete_suite(SOCKMAP_DELETE + "row extra ok\n", "exit=0\n"), "unexpected row")


# The report an sk_lookup test run made on PREEMPT_RT when its timer disabled preemption (make check-rt,
# 2026-12-07; the whole report is in pipeline/rt/results/2026-12-07-unfixed-report.txt).
with open(os.path.join(REPO, "pipeline", "rt", "results", "2026-12-07-unfixed-report.txt")) as _f:
    RT_REPORT = "".join(l for l in _f if not l.startswith("#"))


# 7.3's own SpinLockIrq doctest on PREEMPT_RT (the shape the c-rt kernel printed, 2026-12-07).
RT_KNOWN = """[    9.660233] BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:48
[    9.660302] in_atomic(): 1, irqs_disabled(): 1, non_block: 0, pid: 736, name: kunit_try_catch
[    9.667032] Call Trace:
[    9.667075]  <TASK>
[    9.667253]  __might_resched+0x1c2/0x1e0
[    9.667312]  rt_spin_lock+0x69/0x1d0
[    9.667408]  rust_doctest_kernel_sync_lock_spinlock_rs_1+0xeb/0x420
[    9.668009]  kunit_try_run_case+0xb0/0x1b0
[    9.668422]  </TASK>
"""
RT_KCONFIG = KCONFIG + "CONFIG_PREEMPT_RT=y\n"


@case
def dmesg_lists_7_3s_own_rt_reports_only_on_rt_kernels():
    s = report.dmesg_suite(DMESG + RT_KNOWN, RT_KCONFIG)
    expect_pass(s)
    assert any("known upstream report" in n for n in s.notes), s.notes
    expect_fail(report.dmesg_suite(DMESG + RT_KNOWN, KCONFIG), "sleeping function called")
    expect_fail(report.dmesg_suite(DMESG + RT_KNOWN + RT_REPORT, RT_KCONFIG), "sleeping function called")


def rt_unfixed_results(dmesg=DMESG + RT_REPORT, rows=SOCKMAP_DELETE, finished="done\n"):
    files = {"dmesg": dmesg, "sockmap-delete.txt": rows, "sockmap-delete.status": "exit=0\n",
             "finished": finished}
    return lambda p: files.get(p)


@case
def rt_unfixed_kernel_must_report_the_test_run_sleeping():
    expect_pass(report.rt_unfixed_suites(rt_unfixed_results())[0])
    expect_pass(report.rt_unfixed_suites(rt_unfixed_results(dmesg=DMESG + RT_KNOWN + RT_REPORT), RT_KCONFIG)[0])
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(dmesg=DMESG + RT_KNOWN), RT_KCONFIG)[0],
                "no such report names bpf_prog_test_run_sk_lookup")
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(dmesg=DMESG))[0], "went unnoticed")
    other = RT_REPORT.replace("bpf_prog_test_run_sk_lookup", "bpf_prog_test_run_skb")
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(dmesg=DMESG + other))[0],
                "no such report names bpf_prog_test_run_sk_lookup")
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(rows="row testrun ok\n"))[0], "rows")
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(finished=None))[0], "did not boot")
    expect_fail(report.rt_unfixed_suites(rt_unfixed_results(dmesg=None))[0])


# --- the stress run (its checker's own cases run as "stress: ..." cases) -----------------------------------

@case
def stress_suite_counts_the_checkers_cases_and_fails_with_them():
    s = report.stress_suite(STRESS_GOOD)
    expect_pass(s)
    assert s.passed == len(report.stress.check(STRESS_GOOD)[0]) > 60, s.line("test")
    expect_fail(report.stress_suite(STRESS_GOOD.replace("exit=0", "exit=1")), "skl_stress exited 0")
    expect_fail(report.stress_suite(None), "missing or empty")


@case
def make_stress_needs_boot_stress_dmesg_and_kmemleak_on_debug():
    files = {"finished": "done\n", "stress.out": STRESS_GOOD, "dmesg": DMESG}
    suites = {s.name: s for s in report.stress_suites(files.get, KCONFIG)}
    assert set(suites) == {"boot", "stress", "dmesg"}, set(suites)
    for s in suites.values():
        expect_pass(s)
    debug = {s.name: s for s in report.stress_suites(files.get, KCONFIG + "CONFIG_DEBUG_KMEMLEAK=y\n")}
    expect_fail(debug["kmemleak"], "no kmemleak report")
    expect_fail({s.name: s for s in report.stress_suites({}.get, KCONFIG)}["boot"])
    assert any(l.startswith("udp-total ") for l in report.stress_figures(STRESS_GOOD))
    assert sum(1 for l in report.stress_figures(STRESS_GOOD) if l.startswith("ops ")) >= 20


DEMO = fixture("rust", "demo.out")


@case
def demo_checks_fixed_by_its_definition():
    expect_pass(report.demo_suite(DEMO))
    first = next(l for l in DEMO.splitlines() if l.startswith("PASS "))
    expect_fail(report.demo_suite(drop_lines(DEMO, "^" + re.escape(first) + "$")), "17 checks")
    expect_fail(report.demo_suite(""), "no output")
    expect_fail(report.demo_suite(DEMO.replace("exit=0", "exit=1")), "exit status 1")
    expect_fail(report.demo_suite(DEMO.replace(first, "FAIL " + first[5:] + ": got x")), "failed: ")
    # make run's form: the report and the status file apart.
    expect_pass(report.demo_suite(drop_lines(DEMO, "^exit="), "0\n"))
    expect_fail(report.demo_suite(drop_lines(DEMO, "^exit="), "missing"), "exit status missing")


# --- the ctx differential test ---------------------------------------------------------------------------

# The rust kernel's rows were identical to the c kernel's in the run the fixture comes from (the xlated
# lines, for review only, are trimmed).
C_TABLE = (fixture("c", "ctx_table.txt"), "exit=0\n", "")
R_TABLE = C_TABLE


@case
def ctx_diff_good_tables_pass():
    s = report.ctx_diff_suite(C_TABLE, R_TABLE)
    expect_pass(s)
    assert s.passed == len(report.CTX_KEYS) == 1760, s.line("diff")


@case
def configs_diff_is_the_ctx_table_alone():
    # make check-configs' guests (run-configs.sh) do not run the bad-input tool: its diff is ctxdiff,
    # one suite that passes on the ctx tables alone; make test's diff, given the same dirs, fails for
    # want of the bad-input tables
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for v in ("c-noipv6", "rust-noipv6"):
            os.makedirs(os.path.join(tmp, "results-" + v))
            for name, text in zip(("ctx_table.txt", "ctx_table.status", "ctx_table.err"), C_TABLE):
                with open(os.path.join(tmp, "results-" + v, name), "w") as f:
                    f.write(text)
        runs = {}
        for cmd in ("ctxdiff", "diff"):
            out = os.path.join(tmp, cmd)
            r = subprocess.run([sys.executable, os.path.join(REPO, "pipeline", "report.py"), cmd,
                                os.path.join(tmp, "results-c-noipv6"), os.path.join(tmp, "results-rust-noipv6"), out],
                               capture_output=True, text=True, timeout=120)
            with open(os.path.join(out, "summary.json")) as f:
                runs[cmd] = (r.returncode, [(x["name"], x["failed"]) for x in json.load(f)["suites"]])
        assert runs["ctxdiff"] == (0, [("ctx-difftest", 0)]), runs
        assert runs["diff"][0] == 1 and ("badinput-diff", 5) in runs["diff"][1], runs


@case
def ctx_diff_empty_or_missing_fails():
    expect_fail(report.ctx_diff_suite(("", "exit=0\n", ""), ("", "exit=0\n", "")), "empty table")
    expect_fail(report.ctx_diff_suite((None, None, None), R_TABLE), "exit status missing")


@case
def ctx_diff_both_stop_at_the_same_row_fails():
    both = cut(C_TABLE[0], 0.4)
    expect_fail(report.ctx_diff_suite((both, "exit=0\n", ""), (both, "exit=0\n", "")), "rows, the table defines")


@case
def ctx_diff_both_reject_everything_fails():
    none = C_TABLE[0].replace(" accept ", " reject ")
    expect_fail(report.ctx_diff_suite((none, "exit=0\n", ""), (none, "exit=0\n", "")), "the C rules accept")


@case
def ctx_diff_failed_probe_fails():
    expect_fail(report.ctx_diff_suite(C_TABLE, (R_TABLE[0], "exit=1\n", "")), "rust: ctx_table exit status")
    expect_fail(report.ctx_diff_suite(C_TABLE, (R_TABLE[0], "exit=0\n", "libbpf: oops\n")), "stderr")


@case
def ctx_diff_one_row_differs_fails():
    row = next(l for l in R_TABLE[0].splitlines() if l.startswith("ldx 16 4 accept"))
    changed = R_TABLE[0].replace(row, row.replace("v4=", "v4=0x1 was="), 1)
    s = report.ctx_diff_suite(C_TABLE, (changed, "exit=0\n", ""))
    expect_fail(s, "ldx off=16 size=4")
    assert s.failed == 1


# --- the config matrix (make check-configs) ---------------------------------------------------------------

# From the c-noipv6 kernel of a real make check-configs run (2026-11-30; xlated lines trimmed).
NOIPV6_TABLE = fixture("noipv6", "ctx_table.txt")
BUG_ROW = "reject errno=14 msg=verifier bug: error during ctx access conversion (1)"


def _unfixed_table(table):
    """The table without the fix: every IPv6 address load rejected as a verifier bug."""
    out = []
    for line in table.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[0] in report.CTX_OPS and report._ip6_load(tuple(parts[:3])):
            line = " ".join(parts[:3] + [BUG_ROW])
        out.append(line)
    return "\n".join(out) + "\n"


NOIPV6_RELATED = fixture("noipv6", "related.out")


@case
def noipv6_related_skips_only_the_ipv6_subtest():
    expect_pass(report.noipv6_related_suite(NOIPV6_RELATED))
    # The IPv6 test run worked: the kernel has IPv6, not the configuration under test.
    expect_fail(report.noipv6_related_suite(NOIPV6_RELATED.replace("ipv6 lookup:SKIP", "ipv6 lookup:OK")),
                "ipv6 lookup: OK, expected SKIP")
    expect_fail(report.noipv6_related_suite(NOIPV6_RELATED.replace("ipv4 lookup:OK", "ipv4 lookup:SKIP")))
    expect_fail(report.noipv6_related_suite(drop_lines(NOIPV6_RELATED, "padding")), "missing: verifier_ctx")
    expect_fail(report.noipv6_related_suite(NOIPV6_RELATED.replace("exit=0", "exit=1")), "exit status 1")
    expect_fail(report.noipv6_related_suite(drop_lines(NOIPV6_RELATED, "^Summary")), "Summary")
    # test_progs' own count must agree with the cases (here: a test it ran that the log does not show).
    expect_fail(report.noipv6_related_suite(NOIPV6_RELATED.replace("Summary: 2/2", "Summary: 3/2")),
                "Summary says 3/2 passed")
    expect_fail(report.noipv6_related_suite(NOIPV6_RELATED.replace("0/0 FAILED", "0/1 FAILED")), "failed")
    expect_fail(report.noipv6_related_suite(""), "did not run")


@case
def noipv6_ctx_table_checks_every_accepted_row():
    good = (NOIPV6_TABLE, "exit=0\n", "")
    s = report.noipv6_ctx_suite(good)
    expect_pass(s)
    assert s.passed == report.CTX_ACCEPTED, s.line("t")
    # An IPv6 address load that reads non-zero on the IPv4 context.
    row = next(l for l in NOIPV6_TABLE.splitlines() if l.startswith("ldx 20 4 accept"))
    expect_fail(report.noipv6_ctx_suite((NOIPV6_TABLE.replace(row, row.replace("v4=0 ", "v4=0x1 ")), "exit=0\n",
                                         "")), "ldx off=20 size=4")
    # Test runs of IPv6 lookups that work: a kernel with IPv6.
    expect_fail(report.noipv6_ctx_suite(C_TABLE), "v6=0x")
    # The unfixed kernel's table: IPv6 loads rejected.
    expect_fail(report.noipv6_ctx_suite((_unfixed_table(NOIPV6_TABLE), "exit=0\n", "")), "the C rules accept")
    expect_fail(report.noipv6_ctx_suite((NOIPV6_TABLE, "exit=1\n", "")), "exit status")
    expect_fail(report.noipv6_ctx_suite(("", "exit=0\n", "")), "empty table")


def _unfixed_results(**override):
    files = {
        "finished": "done\n",
        "test_verifier.out": "#0/p valid 1,2,4,8-byte reads from bpf_sk_lookup FAIL\n"
                             "Summary: 0 PASSED, 0 SKIPPED, 1 FAILED\nexit=1\n",
        "related.out": "libbpf: prog 'read_ip6': BPF program load failed: -EFAULT\n"
                       "verifier bug: error during ctx access conversion (1)\n"
                       "#1       sk_lookup_ip6_ctx:FAIL\nexit=1\n",
        "dmesg": "[    1.0] verifier bug: error during ctx access conversion (1)\n"
                 "[    1.0] WARNING: kernel/bpf/fixups.c:1024 at bpf_convert_ctx_accesses+0xa9b/0xb50, CPU#1: test_progs/887\n",
        "ctx_table.txt": _unfixed_table(NOIPV6_TABLE),
        "ctx_table.status": "exit=0\n",
        "ctx_table.err": "",
    }
    files.update(override)
    return lambda p: files.get(p)


@case
def unfixed_kernel_must_show_the_bug():
    suites = report.unfixed_suites(_unfixed_results(), NOIPV6_TABLE)
    assert all(not x.bad() for x in suites), [(x.name, x.notes[:3]) for x in suites]
    assert "112 IPv6 address loads" in suites[1].notes[-1], suites[1].notes
    # The fixed kernel's evidence given as the unfixed one's: no bug shown.
    fixed = report.unfixed_suites(_unfixed_results(**{"ctx_table.txt": NOIPV6_TABLE}), NOIPV6_TABLE)
    assert fixed[1].bad() and any("ldx off=20 size=4" in n for n in fixed[1].notes), fixed[1].notes
    for name, text, why in (
            ("dmesg", "[ 1.0] Linux version 7.3.4\n", "no verifier-bug warning"),
            ("test_verifier.out", "#0/p valid 1,2,4,8-byte reads from bpf_sk_lookup OK\n", "expected FAIL"),
            ("related.out", "#1       sk_lookup_ip6_ctx:OK\n", "did not fail to load"),
            ("finished", None, "did not boot")):
        bad = report.unfixed_suites(_unfixed_results(**{name: text}), NOIPV6_TABLE)
        assert any(x.bad() and any(why in n for n in x.notes) for x in bad), (name, [x.notes for x in bad])
    # Anything but the IPv6 loads differs from the fixed kernel.
    row = next(l for l in NOIPV6_TABLE.splitlines() if l.startswith("ldx 16 4 accept"))
    other = _unfixed_table(NOIPV6_TABLE).replace(row, row.replace("v4=", "v4=0x1 was="))
    bad = report.unfixed_suites(_unfixed_results(**{"ctx_table.txt": other}), NOIPV6_TABLE)
    assert bad[1].bad() and any("ldx off=16 size=4" in n for n in bad[1].notes), bad[1].notes
    # No table of the fixed kernel to compare with.
    assert report.unfixed_suites(_unfixed_results(), None)[1].bad()


@case
def build_only_configuration():
    assert not report.build_suite("noinet", "0\n", "").bad()
    assert report.build_suite("noinet", "2\n", "error: x").bad()
    assert report.build_suite("noinet", None, "").bad()


# --- host checks, the closing summary --------------------------------------------------------------------

HOST = fixture("host", "cases")
SERIES = fixture("host", "series")


def host(cases=HOST, series=SERIES):
    return {s.name: s for s in report.host_suites(cases, series)}


@case
def host_good_cases_pass():
    suites = host()
    assert sorted(suites) == sorted(report.HOST_SUITES), sorted(suites)
    for s in suites.values():
        expect_pass(s)


@case
def host_missing_suite_fails():
    expect_fail(host(drop_lines(HOST, "rustfmtcheck"))["rustfmtcheck"], "did not run")
    for s in host("").values():
        expect_fail(s)


@case
def host_counts_checked():
    # One checkpatch case per series entry; symbols as many as the check defines (its EXPECT line).
    expect_fail(host(series=SERIES + "0099-extra.patch\n")["checkpatch"], "expected")
    one = next(l for l in HOST.splitlines() if l.startswith("PASS symbols"))
    expect_fail(host(drop_lines(HOST, "^" + re.escape(one) + "$"))["symbols"], "expected")
    bpf_doc = next(l for l in HOST.splitlines() if l.startswith("PASS bpf_doc"))
    expect_fail(host(drop_lines(HOST, "^" + re.escape(bpf_doc) + "$"))["bpf_doc"], "expected")
    # unsafe-api: a snippet whose refusal or control left no line, and a snippet the compiler accepted.
    refused = next(l for l in HOST.splitlines() if l.startswith("PASS unsafe-api") and "refused with" in l)
    expect_fail(host(drop_lines(HOST, "^" + re.escape(refused) + "$"))["unsafe-api"], "expected")
    accepted = HOST.replace(refused, "FAIL unsafe-api: replace_prog.rs: compiled, but E0133 was expected")
    expect_fail(host(accepted)["unsafe-api"])


@case
def summary_counts_missing_results_as_failures(tmp=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                                  "skl-harness-%d" % os.getpid())):
    os.makedirs(os.path.join(tmp, "a"), exist_ok=True)
    good = os.path.join(tmp, "a", "summary.json")
    with open(good, "w") as f:
        json.dump({"variant": "c", "suites": [{"name": "x", "passed": 3, "failed": 0, "skipped": 0}]}, f)
    try:
        lines, failed = report.summary([good])
        assert failed == 0 and lines[-1] == "3 passed, 0 failed", lines
        lines, failed = report.summary([good, os.path.join(tmp, "missing", "summary.json")])
        assert failed == 1 and lines[-1] == "3 passed, 1 failed", lines
        with open(good, "w") as f:
            json.dump({"variant": "c", "suites": [{"name": "x", "passed": 0, "failed": 0, "skipped": 0}]}, f)
        assert report.summary([good])[1] == 1
    finally:
        os.remove(good)


# --- make bench's report (pipeline/bench/report.py) and image normaliser ----------------------------------
# Not a pass/fail test, but its report must refuse incomplete evidence and name what does not add up.
# Fixture: one boot's output of skl_bench on the rust kernel (2026-11-30; veth only, 1 round after the
# warm-up, 200 datagrams and 20 connections per round) and its listings.

sys.path.insert(1, os.path.join(REPO, "pipeline", "bench"))
import normalize  # noqa: E402

BENCH_OUT = fixture("bench", "bench.out")
BENCH_LISTINGS = fixture("bench", "listings")


def _load_bench_report():
    """pipeline/bench/report.py, by path: the name "report" is pipeline/report.py's."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("bench_report", os.path.join(REPO, "pipeline", "bench", "report.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bench_report = _load_bench_report()


def bench_results(tmp, boots=2, edit=None, drop=None):
    """A results dir as bench.sh leaves it: info and VARIANT-N dirs holding the fixture; edit(run, text)
    changes a boot's bench.out or listings; drop names files to leave out as run/file."""
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(os.path.join(tmp, "info"), "w") as f:
        f.write("commit c0ffee\ntree 1a68c46\n"
                + "".join("config %s %d base\n" % (v, i) for i, v in enumerate(bench_report.VARIANTS, 1))
                + "cpu test, 2 cores\nqemu 10\nparams boots=2\nelapsed 1\n")
    for v in bench_report.VARIANTS:
        for b in range(1, boots + 1):
            run = "%s-%d" % (v, b)
            os.makedirs(os.path.join(tmp, run))
            for name, text in (("bench.out", BENCH_OUT), ("listings", BENCH_LISTINGS),
                               ("kernel", "7.3.4-g1a68c46b016b\n1\n1\n"), ("finished", "done\n")):
                if drop and "%s/%s" % (run, name) in drop:
                    continue
                if edit:
                    text = edit(run, name, text)
                with open(os.path.join(tmp, run, name), "w") as f:
                    f.write(text)
    return tmp


def scale_row(text, row, add):
    """Add ADD instructions per operation to every round of ROW in a bench.out: "veth udp4 none" (a
    measured path: its NS is the total over OPS operations) or "test_run udp4 pass" (NS per run)."""
    n = len(row.split())
    out = []
    for l in text.splitlines():
        p = l.split()
        if p and p[0] == "round" and " ".join(p[1:1 + n]) == row:
            p[6] = str(int(p[6]) + int(add * int(p[5])))
            l = " ".join(p)
        elif p and p[0] == "test_run" and " ".join(p[:n]) == row:
            p[5] = str(int(p[5]) + add)
            l = " ".join(p)
        out.append(l)
    return "\n".join(out) + "\n"


BENCH_TMP = os.path.join(os.environ.get("TMPDIR", "/tmp"), "skl-harness-bench-%d" % os.getpid())


def bench_analyze(**kw):
    return bench_report.analyze(bench_results(BENCH_TMP, **kw), "test")


def expect_bench_error(why, **kw):
    try:
        bench_analyze(**kw)
    except bench_report.BenchError as e:
        assert re.search(why, str(e)), "error %r does not match %r" % (str(e), why)
    else:
        raise AssertionError("expected the report to refuse the evidence (%s)" % why)


@case
def bench_identical_kernels_report_no_finding():
    md, plot, findings = bench_analyze()
    assert findings == [], findings
    assert any("| veth | udp4 | no program |" in l and "| 1.0000 |" in l for l in md), md
    assert len(plot) == 16 + 12, len(plot)  # 4 kinds x 4 setups on veth, 4 kinds x 3 programs test-run


@case
def bench_rust_costing_more_without_calling_rust_is_a_finding():
    # 12 more instructions per datagram on rust with no program attached, where nothing calls into Rust:
    # a finding.
    edit = lambda run, name, t: scale_row(t, "veth udp4 none", 12) if run.startswith("rust-") and name == "bench.out" else t
    md, _, findings = bench_analyze(edit=edit)
    assert any("veth udp4 none" in f for f in findings), findings
    assert any("| veth | udp4 | no program |" in l and "+12.0" in l for l in md), md


@case
def bench_difference_where_rust_runs_is_reported_not_a_finding():
    # Every row with a program attached and every test run goes through the run loop (Rust on rust): a
    # difference there is the measurement, not a finding.
    def edit(run, name, t):
        if not run.startswith("rust-") or name != "bench.out":
            return t
        for row in ("veth udp4 steer", "veth udp4 pass", "veth tcp6 pass64", "test_run udp6 pass",
                    "test_run tcp4 steer_noassign"):
            t = scale_row(t, row, 33)
        return t
    md, _, findings = bench_analyze(edit=edit)
    assert findings == [], findings
    assert any("| veth | udp4 | 1 program, steers" in l and "+33.0" in l and "1.0042" in l for l in md), md
    assert any("| veth | udp4 | 1 program, passes |" in l and "+33.0" in l for l in md), md
    assert any("| udp6 | pass (returns SK_PASS) |" in l and "+33.0" in l for l in md), md


@case
def bench_difference_within_the_spread_is_flagged():
    # c's two boots 40 instructions apart, rust 5 above c's lower one: the difference is not resolved.
    def edit(run, name, t):
        if name != "bench.out":
            return t
        return scale_row(t, "veth udp6 none", {"c-2": 40, "rust-1": 5, "rust-2": 5}.get(run, 0))
    md, _, findings = bench_analyze(edit=edit)
    assert not any("udp6 none" in f for f in findings), findings
    assert any("| veth | udp6 | no program |" in l and "| -15.0 ± |" in l for l in md), md


@case
def bench_test_run_resolution_is_one_instruction():
    # Test runs report whole nanoseconds per run: one more is within the resolution (flagged ±), two are
    # resolved. Neither is a finding: a test run calls into Rust on rust.
    for add, mark in ((1, " ±"), (2, "")):
        edit = lambda run, name, t: scale_row(t, "test_run udp4 pass", add) \
            if run.startswith("rust-") and name == "bench.out" else t
        md, _, findings = bench_analyze(edit=edit)
        assert findings == [], (add, findings)
        assert any(l.startswith("| udp4 | pass (returns SK_PASS) |") and "| +%d.0%s |" % (add, mark) in l
                   for l in md), (add, md)


@case
def bench_incomplete_evidence_is_refused():
    expect_bench_error("did not finish", drop={"rust-2/finished"})
    expect_bench_error("bench.out missing", drop={"c-1/bench.out"})
    expect_bench_error("no measurement", edit=lambda run, name, t: "" if (run, name) == ("c-2", "bench.out") else t)
    expect_bench_error("listings missing or empty", drop={"rust-1/listings"})
    expect_bench_error("kernel missing", drop={"c-2/kernel"})
    expect_bench_error("ran with 2 vCPUs", edit=lambda run, name, t: t.replace("\n1\n1\n", "\n2\n1\n")
                       if (run, name) == ("rust-2", "kernel") else t)
    expect_bench_error("bpf_jit_enable=0", edit=lambda run, name, t: t.replace("\n1\n1\n", "\n1\n0\n")
                       if (run, name) == ("c-1", "kernel") else t)
    expect_bench_error("other rows", edit=lambda run, name, t: drop_lines(t, "^round veth tcp6 steer")
                       if (run, name) == ("rust-1", "bench.out") else t)
    import shutil
    tmp = bench_results(BENCH_TMP, boots=1)
    shutil.rmtree(os.path.join(tmp, "rust-1"))
    try:
        bench_report.analyze(tmp, "test")
    except bench_report.BenchError as e:
        assert "no boot of the rust kernel" in str(e), e
    else:
        raise AssertionError("a kernel without any boot was accepted")


@case
def bench_program_images_differing_is_a_finding():
    edit = lambda run, name, t: t.replace("call bpf_sk_release", "call bpf_sk_release_other") \
        if (run, name) == ("rust-2", "listings") else t
    md, _, findings = bench_analyze(edit=edit)
    assert any("steer jited" in f for f in findings), findings
    assert any("**differs**" in l for l in md), md
    # A boot whose listings lack a program (the first boot, whose text the report looks at first).
    edit = lambda run, name, t: re.sub(r"(?s)== pass jited.*?(?=== )", "", t) \
        if (run, name) == ("c-1", "listings") else t
    md, _, findings = bench_analyze(edit=edit)
    assert any("pass jited" in f for f in findings), findings


@case
def bench_normaliser_names_helpers_whatever_the_addresses():
    # The same call in two kernels: helper at another address, __bpf_call_base elsewhere too.
    import struct
    def image(base, helper):
        insn = struct.pack("<BBhi", 0x85, 0, 0, helper - base)
        return normalize.xlated(insn, {base: "__bpf_call_base", helper: "bpf_sk_lookup_assign"},
                                sorted([base, helper]))
    a = image(0xffffffff81000000, 0xffffffff81234560)
    b = image(0xffffffff92000000, 0xffffffff92300000)
    assert a == b == ["0x85 r0 r0 0 bpf_sk_lookup_assign"], (a, b)
    c = normalize.xlated(struct.pack("<BBhi", 0x85, 0, 0, 0x10), {0xffffffff81000000: "__bpf_call_base",
                                                                  0xffffffff81000010: "bpf_sk_release"},
                         [0xffffffff81000000, 0xffffffff81000010])
    assert c != a, c


# --- the checkers' own tests (pipeline/<tool>/test_check.py, unittest), each test a harness case --------------

def checker_tests(tool):
    """The cases of pipeline/TOOL/test_check.py (unittest tests, or a CASES table and its judge()) as
    harness cases. Each checker module is named
    check.py in its own directory: the one of another tool is dropped from sys.modules first."""
    import importlib.util
    import unittest
    path = os.path.join(REPO, "pipeline", tool, "test_check.py")
    sys.modules.pop("check", None)
    spec = importlib.util.spec_from_file_location("skl_%s_test_check" % tool, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    sys.modules.pop("check", None)
    if hasattr(mod, "CASES") and hasattr(mod, "judge"):
        # A table of (name, evidence, must pass, what the failure must mention) judged by mod.judge().
        for name, text, good, must_mention in mod.CASES:
            def run_row(text=text, good=good, must_mention=must_mention):
                why = mod.judge(text, good, must_mention)
                assert why is None, why
            run_row.__name__ = "%s: %s" % (tool, name)
            CASES.append(run_row)
        return
    tests = unittest.defaultTestLoader.loadTestsFromModule(mod)

    def flatten(t):
        return [x for sub in t for x in flatten(sub)] if isinstance(t, unittest.TestSuite) else [t]
    for test in flatten(tests):
        def run(test=test):
            result = unittest.TestResult()
            test.run(result)
            problems = result.errors + result.failures
            assert result.testsRun == 1 and not problems, problems[0][1] if problems else "did not run"
        run.__name__ = "%s: %s" % (tool, test.id().rsplit(".", 1)[-1])
        CASES.append(run)


checker_tests("badinput")
checker_tests("stress")
checker_tests("failnth")


# --- the pipeline's shell library ------------------------------------------------------------------------

@case
def a_script_stopped_by_set_e_says_which_command_and_where():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as cache:
        script = os.path.join(cache, "stops.sh")
        with open(script, "w") as f:
            f.write('set -eu\n. "%s/pipeline/lib.sh"\nv=c\nx="a$([ "$v" = debug ] && echo b)"\necho reached\n'
                    % REPO)
        env = dict(os.environ, SKL_CACHE=cache, SKL_LOCKED=cache)
        r = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode != 0 and "reached" not in r.stdout, (r.returncode, r.stdout)
        assert re.search(r"error: stops\.sh line 4: .*debug.* failed \(status 1\)", r.stderr), r.stderr
        # a script without set -e (host-checks.sh is one) is not interrupted and says nothing
        with open(script, "w") as f:
            f.write('set -u\n. "%s/pipeline/lib.sh"\nfalse\necho reached\n' % REPO)
        r = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "reached" in r.stdout and "error:" not in r.stderr, (r.stdout, r.stderr)


@case
def wanted_y_lets_a_later_fragment_take_back_an_option():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as cache:
        frags = {"a.config": "CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_M=m\n# CONFIG_D is not set\n",
                 "b.config": "# CONFIG_B is not set\nCONFIG_C=n\nCONFIG_D=y\n"}
        for name, text in frags.items():
            with open(os.path.join(cache, name), "w") as f:
                f.write(text)
        env = dict(os.environ, SKL_CACHE=cache, SKL_LOCKED=cache)
        r = subprocess.run(["bash", "-c", '. "%s/pipeline/lib.sh" && wanted_y a.config b.config' % REPO],
                           cwd=cache, env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and r.stdout.split() == ["CONFIG_A=y", "CONFIG_D=y"], (r.stdout, r.stderr)
        # in the other order b's "not set" comes first and a's =y wins
        r = subprocess.run(["bash", "-c", '. "%s/pipeline/lib.sh" && wanted_y b.config a.config' % REPO],
                           cwd=cache, env=env, capture_output=True, text=True, timeout=60)
        assert r.stdout.split() == ["CONFIG_A=y", "CONFIG_B=y", "CONFIG_C=y"], (r.stdout, r.stderr)


@case
def seeding_follows_the_tree_and_the_shared_inputs():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as cache:
        tree = os.path.join(cache, "tree")
        env = dict(os.environ, SKL_CACHE=cache, SKL_LOCKED=cache, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
        commits = []
        for path in ("net/a.c", "net/b.c", "include/linux/x.h"):
            os.makedirs(os.path.join(tree, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(tree, path), "w") as f:
                f.write(path)
            if not commits:
                subprocess.run(["git", "init", "-q", tree], check=True, env=env)
            subprocess.run(["git", "-C", tree, "add", "."], check=True, env=env)
            subprocess.run(["git", "-C", tree, "commit", "-qm", path], check=True, env=env)
            commits.append(subprocess.run(["git", "-C", tree, "rev-parse", "HEAD"], check=True, env=env,
                                          capture_output=True, text=True).stdout.strip())
        c1, c2, c3 = commits

        def seed(want, mine, other_head, other_built):
            r = subprocess.run(["bash", "-c", '. "%s/pipeline/lib.sh" && seed_wanted "$@"' % REPO, "t",
                                tree, want, mine, other_head, other_built],
                               env=env, capture_output=True, text=True, timeout=60)
            assert r.returncode in (0, 1) and not r.stderr, (r.returncode, r.stderr)
            return r.returncode == 0
        w2, w3 = c2 + " S", c3 + " S"
        assert seed(w2, "", c2, w2), "no build yet"
        assert not seed(w2, w2, c2, w2), "already built from what is wanted"
        assert seed(w2, c2 + " T", c2, w2), "a shared fragment or the toolchain changed"
        assert not seed(w2, c1 + " S", c2, w2), "behind by a change outside the headers"
        assert seed(w3, c2 + " S", c3, w3), "behind by a header change"
        assert seed(w2, "0" * 40 + " S", c2, w2), "built from a commit the tree no longer has"
        assert not seed(w2, c2, c2, w2), "a record without shared inputs is taken as matching them"
        assert seed(w3, c2, c3, w3), "... and still seeds on a header change"
        assert not seed(w2, "", c1, w2), "the other dir is built from another commit"
        assert not seed(w2, c2 + " T", c2, c2 + " T"), "the other dir was built with other shared inputs"
        assert not seed(w2, "", "", ""), "the other dir is missing or its build did not complete"


# --- make check-series' records (pipeline/series_records.py, as series.sh and host-checks.sh call it) -------

SERIES_FIX = os.path.join(FIX, "series", "checked")


def records_cli(tmp, text, *args):
    """Run series_records.py on a copy of a records file; (exit status, stdout, stderr, the file after)."""
    import subprocess
    path = os.path.join(tmp, "checked")
    with open(path, "w") as f:
        f.write(text)
    r = subprocess.run([sys.executable, os.path.join(REPO, "pipeline", "series_records.py"), args[0], path]
                       + list(args[1:]), capture_output=True, text=True, timeout=60)
    with open(path) as f:
        return r.returncode, r.stdout, r.stderr, f.read()


def series_fixture():
    """The fixture's text, its inputs and toolchain hashes and the trees of its four commits."""
    import series_records
    text = fixture("series", "checked")
    records, _ = series_records.parse(text)
    return text, records[1]["inputs"], records[1]["toolchain"], [records[p]["tree"] for p in (1, 2, 3, 4)]


def with_tmp(fn):
    import tempfile

    def run():
        with tempfile.TemporaryDirectory(prefix="skl-harness-") as tmp:
            fn(tmp)
    run.__name__ = fn.__name__
    return run


@case
@with_tmp
def series_records_skip_the_proven_commits(tmp):
    text, inputs, tc, trees = series_fixture()
    assert records_cli(tmp, text, "plan", inputs, tc, *trees)[1] == "5\n", "all four proven: nothing to build"
    rc, out, _, after = records_cli(tmp, text, "status", inputs, tc, *trees)
    assert rc == 0 and out == "4 proven, 0 stale\n\n", out
    # A fifth commit (the series grew): only it is built.
    assert records_cli(tmp, text, "plan", inputs, tc, *trees, "e" * 40)[1] == "5\n"
    rc, out, _, after = records_cli(tmp, text, "keep", inputs, tc, *trees)
    assert rc == 0 and after == text, "keeping a fully proven file changes it"


@case
@with_tmp
def series_records_a_changed_patch_stales_it_and_every_later_commit(tmp):
    text, inputs, tc, trees = series_fixture()
    changed = trees[:2] + ["f" * 40] + trees[3:]    # patch 3 changed; commit 4's tree happens to be the same
    assert records_cli(tmp, text, "plan", inputs, tc, *changed)[1] == "3\n"
    rc, out, _, _ = records_cli(tmp, text, "status", inputs, tc, *changed)
    assert out == "2 proven, 2 stale\n3 4\n", out
    rc, _, _, after = records_cli(tmp, text, "keep", inputs, tc, *changed)
    kept = [l for l in after.splitlines() if not l.startswith("#")]
    assert [l[:2] for l in kept] == ["01", "02", "ve"], kept
    assert kept[:2] == [l for l in text.splitlines() if l[:2] in ("01", "02")], "records before the change altered"
    assert "verified 04" not in after and "verified 02" in after, "verified lines of stale records kept"
    # Patch 1 changed: nothing is proven.
    assert records_cli(tmp, text, "plan", inputs, tc, "f" * 40, *trees[1:])[1] == "1\n"
    # Another config fragment or compiler: nothing is proven.
    assert records_cli(tmp, text, "plan", "0" * 16, tc, *trees)[1] == "1\n"
    assert records_cli(tmp, text, "plan", inputs, "0" * 16, *trees)[1] == "1\n"
    # A commit dropped from the middle of the series: the commits after it are at other positions.
    assert records_cli(tmp, text, "plan", inputs, tc, trees[0], trees[2], trees[3])[1] == "2\n"


@case
@with_tmp
def series_records_refuse_what_make_check_series_did_not_write(tmp):
    text, inputs, tc, trees = series_fixture()
    for bad, why in ((text.replace(" built ", " failed ", 1), "another result"),
                     (text + text.splitlines()[3] + "\n", "a record repeated"),
                     (text.replace("rust:", "rust:0", 1), "a hash of another length"),
                     (text + "03 hand-written\n", "a line of no known form")):
        rc, _, err, _ = records_cli(tmp, bad, "plan", inputs, tc, *trees)
        assert rc != 0 and "error" in err, "accepted %s: %s" % (why, err)
    line = text.splitlines()[2]
    rc, _, err, after = records_cli(tmp, text, "add", line)
    assert rc != 0 and after == text, "added a record out of order"
    rc, _, _, after = records_cli(tmp, "", "add", line)
    assert rc == 0 and after.endswith(line + "\n") and after.startswith("#"), after


@case
@with_tmp
def series_records_verify_a_proven_build_against_its_record(tmp):
    text, inputs, tc, trees = series_fixture()
    import series_records
    records, _ = series_records.parse(text)
    # pick: only proven builds, c only where the record has one.
    import random
    seen = {series_records.pick(records, 4, random.Random(seed))[:2] for seed in range(200)}
    assert seen == {(1, "rust"), (2, "rust"), (3, "rust"), (3, "c"), (4, "rust"), (4, "c")}, seen
    assert {series_records.pick(records, 2, random.Random(s))[0] for s in range(50)} <= {1, 2}, "picked a stale one"
    assert series_records.pick(records, 0, random.Random(1)) is None
    rc, out, _, _ = records_cli(tmp, text, "pick", inputs, tc, trees[0], "f" * 40)
    assert rc == 0 and out.startswith("1 rust " + records[1]["rust"]), out
    rc, out, _, _ = records_cli(tmp, text, "pick", inputs, tc, "f" * 40)
    assert rc == 0 and out == "", "picked from nothing proven: %r" % out
    # verified: the same vmlinux appends a verified line; another one, or a build not recorded, fails.
    rc, _, _, after = records_cli(tmp, text, "verified", "3", "c", records[3]["c"], "2026-12-08T01:00Z")
    assert rc == 0 and after == text + "verified 03 %s c 2026-12-08T01:00Z\n" % trees[2], after
    forged = text.replace(records[3]["c"], "0" * 64)    # a record written by hand
    rc, _, err, after = records_cli(tmp, forged, "verified", "3", "c", records[3]["c"], "2026-12-08T01:00Z")
    assert rc != 0 and "rebuilt from scratch gives vmlinux" in err and after == forged, err
    rc, _, err, _ = records_cli(tmp, text, "verified", "2", "c", records[3]["c"], "2026-12-08T01:00Z")
    assert rc != 0 and "no c build recorded" in err, err


@case
@with_tmp
def summary_shows_stale_series_records_without_failing(tmp):
    path = os.path.join(tmp, "summary.json")
    suites = [{"name": "series", "passed": 3, "failed": 0, "skipped": 0}]
    for built, last in (({"proven": 44, "stale": 0, "stale_at": []}, "3 passed, 0 failed"),
                        ({"proven": 40, "stale": 4, "stale_at": [41, 42, 43, 44]},
                         "3 passed, 0 failed, 4 commits not proven to build (make check-series)")):
        with open(path, "w") as f:
            json.dump({"variant": "host", "suites": suites, "series_built": built}, f)
        lines, failed = report.summary([path])
        assert failed == 0 and lines[-1] == last, lines
        shown = [l for l in lines if "series-built" in l]
        assert len(shown) == 1 and "%d proven, %d stale" % (built["proven"], built["stale"]) in shown[0], lines
    assert "(commits 41-44)" in shown[0], shown
    assert report.series_built("4 proven, 2 stale\n5 6\n") == {"proven": 4, "stale": 2, "stale_at": [5, 6]}
    for bad in ("", "error: patches/checked: line 3: not a record\n", "4 proven, 2 stale\n5\n"):
        assert report.series_built(bad) is None, bad


# --- make lint's C hygiene (pipeline/cwarn.py): W=1 and sparse, the series against the baseline ----------

CWARN_BASE = """\
  CC      net/core/filter.o
  CHECK   /skl/lint-baseline/net/core/filter.c
/skl/lint-baseline/net/core/filter.c:1200:5: warning: symbol 'x' was not declared. Should it be static?
/skl/lint-baseline/include/linux/filter.h:77:1: warning: cast to smaller integer type [-Wpointer-to-int-cast]
  CC      net/bpf/test_run.o
"""


@case
def cwarn_fails_on_a_warning_the_series_adds_only():
    import cwarn
    # The same warnings at other lines and in another tree's path: nothing new.
    moved = CWARN_BASE.replace("lint-baseline", "tree").replace(":1200:5:", ":1262:5:").replace(":77:1:", ":80:1:")
    problems, new, counts = cwarn.compare(CWARN_BASE, moved)
    assert not problems and not new and counts == (2, 2), (problems, new, counts)
    # A new warning, in a file the baseline does not have (glue), and a second copy of an old one.
    more = moved + ("/skl/tree/net/core/sk_lookup_glue.c:12:6: warning: no previous prototype for function "
                    "'f' [-Wmissing-prototypes]\n"
                    "/skl/tree/include/linux/filter.h:90:1: warning: cast to smaller integer type "
                    "[-Wpointer-to-int-cast]\n")
    problems, new, _ = cwarn.compare(CWARN_BASE, more)
    assert not problems and [f for f, _, _ in new] == ["include/linux/filter.h", "net/core/sk_lookup_glue.c"], new
    # A warning the series removes is not a failure.
    assert cwarn.compare(CWARN_BASE, "  CC      net/core/filter.o\n  CHECK   net/core/filter.c\n")[:2] == ([], [])
    # sparse errors count like warnings.
    err = moved + "/skl/tree/net/core/filter.c:5:1: error: bad constant expression\n"
    assert cwarn.compare(CWARN_BASE, err)[1] == [("net/core/filter.c", "error", "bad constant expression")]


@case
def cwarn_fails_on_a_log_that_shows_no_compiler_or_no_sparse():
    import cwarn
    for bad, what in (("", "empty"), ("  CC      net/core/filter.o\n", "no sparse (C=2 missing)"),
                      ("  CHECK   net/core/filter.c\n", "no compiler run")):
        problems, _, _ = cwarn.compare(CWARN_BASE, bad)
        assert problems and "series" in problems[0], "passed a series log that is %s: %s" % (what, problems)
        problems, _, _ = cwarn.compare(bad, CWARN_BASE)
        assert problems and "baseline" in problems[0], "passed a baseline log that is %s" % what


def main(argv):
    out = None
    if len(argv) == 3 and argv[1] == "--json":
        out = argv[2]
    elif len(argv) != 1:
        sys.exit(__doc__)
    suite = report.Suite("harness", scope="harness")
    for fn in CASES:
        try:
            fn()
        except Exception as e:  # an assertion or a crash of the checker under test
            print("FAIL %s: %s" % (fn.__name__, e))
            if not isinstance(e, AssertionError):
                traceback.print_exc(file=sys.stdout)
            suite.case(False, fn.__name__)
        else:
            print("PASS %s" % fn.__name__)
            suite.case(True, fn.__name__)
    import shutil
    shutil.rmtree(BENCH_TMP, ignore_errors=True)
    print("%d passed, %d failed" % (suite.passed, suite.failed))
    if out:
        with open(out, "w") as f:
            json.dump({"variant": "host", "suites": [suite.__dict__]}, f, indent=1)
    return 1 if suite.failed or not suite.passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
