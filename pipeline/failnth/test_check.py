# SPDX-License-Identifier: GPL-2.0
"""Tests of check.py (make fail-nth's checker): a run shaped like a good one passes; each way a run goes
wrong, or shows nothing, fails with the problem named. Run: python3 test_check.py; the pipeline's harness
(pipeline/tests/test_harness.py) runs these too.

The evidence is made here, record by record, as fail_nth writes it (pipeline/failnth/fail_nth.c); the
stacks are the shape fexit records them in: the program, the trampoline, should_failslab(), the
allocator, then the call site.
"""
import copy
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402

ALLOC = ["bpf_prog_6d1b_fexit_failslab+0x4a/0x8c", "bpf_trampoline_6442+0x51/0x1000",
         "should_failslab+0x5/0x10", "__kmalloc_noprof+0x1c0/0x5a0"]
# The call sites of each operation's injected failures, in nth order (c kernel), and whether the
# operation then succeeded (the release's dummy path).
SITES = {
    "sk-create-first": [("netns_bpf_link_create", False), ("__d_alloc", False), ("alloc_empty_file", False),
                        ("bpf_prog_array_alloc", False)],
    "sk-create-nth": [("netns_bpf_link_create", False), ("bpf_prog_array_alloc", False)],
    "fd-link-create": [("netns_bpf_link_create", False), ("bpf_prog_array_alloc", False)],
    "sk-update": [],
    "sk-detach": [("bpf_prog_array_alloc", True)],
    "sk-close-mid": [("bpf_prog_array_alloc", True)],
    "sk-close-only": [("task_work_add", True)],
    "sk-query": [("bpf_prog_array_copy_to_user", False)],
    "fd-attach": [("bpf_prog_array_alloc", False)],
    "fd-attach-replace": [],
    "fd-detach": [],
    "sk-test-run": [("bpf_ctx_init", False)],
    "control-map-create": [("__vmalloc_area_node", False)],
}
TEST_RUN_STACK_TAIL = ["bpf_prog_test_run_sk_lookup+0x9c/0x2a0", "__sys_bpf+0x3e1/0x2c80"]


def record(pass_, op, sweep, nth, site=None, ok=False, end=False):
    r = {"pass": pass_, "op": op, "sweep": sweep, "nth": nth, "injected": site is not None,
         "ret": 0 if ok or end else -1, "errno": None if ok or end else "ENOMEM", "sites": [],
         "query_sk": [], "query_fd": [], "traffic": [], "kmsg": [], "problems": [], "wait_ms": 100,
         "end": end}
    if site == "bpf_prog_array_alloc":
        r["prog_array_failed"] = 1
        site = "netns_bpf_link_create"  # its caller: bpf_prog_array_alloc() tail-calls kzalloc()
    if site:
        stack = ALLOC + [site + "+0x10/0x80", "__sys_bpf+0x3e1/0x2c80"]
        if op == "sk-test-run":
            stack = ALLOC + [site + "+0x10/0x80"] + TEST_RUN_STACK_TAIL
        r["sites"] = [{"kind": pass_, "cache": "kmalloc-64" if pass_ == "slab" else None, "size": 64,
                       "gfp": "0xcc0", "order": None if pass_ == "slab" else 0, "stack": stack}]
    return r


def run(sites=SITES, passes=(("slab", 2), ("page", 1))):
    """{file name: text} of a good run."""
    files = {"finished": "done\n",
             "failnth-setup.txt": "operations: %s\n"
             "pass slab: failslab ignore-gfp-wait=N cache-filter=Y verbose=2; fail_page_alloc min-order=100 "
             "ignore-gfp-wait=N ignore-gfp-highmem=N\n  marked: 212 caches; kmemleak's: kmemleak_object=0 kmemleak_scan_area=0 \n"
             "pass page: failslab ignore-gfp-wait=N cache-filter=Y verbose=2; fail_page_alloc min-order=0 "
             "ignore-gfp-wait=N ignore-gfp-highmem=N\n  marked: 0 caches; kmemleak's: kmemleak_object=0 kmemleak_scan_area=0 \n"
             % " ".join(check.OPS)}
    for pass_, n in passes:
        lines = []
        for op in check.OPS:
            for sweep in range(1, n + 1):
                nth = 0
                for site, ok in sites[op]:
                    nth += 1
                    lines.append(record(pass_, op, sweep, nth, site, ok))
                lines.append(record(pass_, op, sweep, nth + 1, None, end=True))
                files["failnth-%s-%s-%d.out" % (pass_, op, sweep)] = "%s nth=1 ...\nexit=0\n" % op
        files["failnth-%s.jsonl" % pass_] = "".join(json.dumps(r) + "\n" for r in lines)
    for op in check.OPS:
        files["kmemleak-" + op] = "# kmemleak scanned twice at 100.0 s\n# end\n"
    return files


def identity(names):
    return list(names)


def verdict(files):
    problems = []
    for name, cases, ps in check.kernel_check(files.get, identity):
        problems += ps + ["failed case %s: %s" % (name, label) for ok, label in cases if not ok]
    return problems


def edit(files, pass_, fn):
    """files with fn applied to each record of pass_ (fn returns the record, or None to drop it)."""
    out = dict(files)
    recs = [json.loads(line) for line in files["failnth-%s.jsonl" % pass_].splitlines()]
    recs = [x for x in (fn(copy.deepcopy(r)) for r in recs) if x is not None]
    out["failnth-%s.jsonl" % pass_] = "".join(json.dumps(r) + "\n" for r in recs)
    return out


class KernelCheck(unittest.TestCase):
    def assertFailsWith(self, files, text):
        problems = verdict(files)
        self.assertTrue(problems, "expected a failure")
        self.assertTrue(any(text in p for p in problems), "no problem mentions %r: %s" % (text, problems[:5]))

    def test_good_run_passes(self):
        self.assertEqual(verdict(run()), [])

    def test_missing_records_fail(self):
        f = run()
        del f["failnth-slab.jsonl"]
        self.assertFailsWith(f, "no attempt recorded")

    def test_unfinished_guest_fails(self):
        f = run()
        del f["finished"]
        self.assertFailsWith(f, "the guest finished its run")

    def test_cut_short_sweep_fails(self):
        f = edit(run(), "slab", lambda r: None if r["op"] == "sk-query" and r["end"] else r)
        self.assertFailsWith(f, "did not end")

    def test_tool_problem_fails(self):
        def bad(r):
            if r["op"] == "sk-detach" and r["nth"] == 1:
                r["problems"] = ["traffic: p1 p2 p3 (expected p1 p3)"]
            return r
        self.assertFailsWith(edit(run(), "slab", bad), "traffic: p1 p2 p3")

    def test_tool_exit_status_fails(self):
        f = run()
        f["failnth-slab-sk-query-1.out"] = "sk-query nth=1\nexit=1\n"
        self.assertFailsWith(f, "fail_nth exited 1")
        del f["failnth-slab-sk-query-1.out"]
        self.assertFailsWith(f, "no exit status")

    def test_injection_without_site_fails(self):
        def bad(r):
            if r["op"] == "sk-query" and r["injected"]:
                r["sites"] = []
            return r
        self.assertFailsWith(edit(run(), "slab", bad), "no site recorded")

    def test_hollow_operation_fails(self):
        s = dict(SITES)
        s["sk-query"] = []
        self.assertFailsWith(run(s), "sk-query: no failure was injected")

    def test_allocation_where_c_has_none_fails(self):
        s = dict(SITES)
        s["sk-update"] = [("netns_bpf::update", False)]
        self.assertFailsWith(run(s), "sk-update allocates on a path where C allocates nothing")

    def test_sweeps_disagreeing_fail(self):
        def bad(r):
            if r["op"] == "sk-create-nth" and r["sweep"] == 2 and r["injected"]:
                r["sites"][0]["stack"][4] = "other_site+0x1/0x2"
            return r
        self.assertFailsWith(edit(run(), "slab", bad), "the two sweeps hit different sites")

    def test_the_controls_sites_may_vary(self):
        def other(r):
            if r["op"] == "control-map-create" and r["sweep"] == 2 and r["injected"]:
                r["sites"][0]["stack"][4] = "preload_this_cpu_lock+0x1/0x2"
            return r
        self.assertEqual(verdict(edit(run(), "slab", other)), [])

    def test_prog_array_never_failed_fails(self):
        s = dict(SITES)
        s["fd-attach"] = [("something_else", False)]
        self.assertFailsWith(run(s), "fd-attach: bpf_prog_array_alloc was never failed")

    def test_dummy_path_not_observed_fails(self):
        s = dict(SITES)
        s["sk-detach"] = [("bpf_prog_array_alloc", False)]
        self.assertFailsWith(run(s), "the dummy path was not observed")

    def test_test_run_allocation_not_failed_fails(self):
        def bad(r):
            for site in r["sites"]:
                site["stack"] = [f for f in site["stack"] if "test_run" not in f]
            return r
        self.assertFailsWith(edit(run(), "slab", bad), "bpf_prog_test_run_sk_lookup")

    def test_failure_without_injection_fails(self):
        def bad(r):
            if r["op"] == "sk-query" and r["end"]:
                r["ret"], r["errno"] = -1, "EINVAL"
            return r
        self.assertFailsWith(edit(run(), "slab", bad), "with nothing injected")

    def test_page_pass_hollow_fails(self):
        # only the control must have page failures injected; without them the pass shows nothing
        def no_page_points(r):
            if r["op"] == "control-map-create":
                return r
            if r["injected"]:
                return None
            r["nth"] = 1
            return r
        self.assertEqual(verdict(edit(run(), "page", no_page_points)), [])
        f = edit(run(), "page", lambda r: None if r["injected"] and r["op"] == "control-map-create" else r)
        self.assertFailsWith(f, "no failure was injected in the control operation")

    def test_kmemleak_suspect_or_missing_fails(self):
        f = run()
        f["kmemleak-sk-detach"] = ("# kmemleak scanned twice at 1 s\nunreferenced object 0xffff8880 (size 64):\n"
                                   "  backtrace:\n    bpf_prog_array_alloc+0x1/0x2\n# end\n")
        self.assertFailsWith(f, "kmemleak after sk-detach: 1 suspects")
        del f["kmemleak-sk-detach"]
        self.assertFailsWith(f, "kmemleak after sk-detach: report missing")

    def test_setup_with_kmemleak_caches_marked_fails(self):
        f = run()
        f["failnth-setup.txt"] = f["failnth-setup.txt"].replace("kmemleak_object=0", "kmemleak_object=1", 1)
        self.assertFailsWith(f, "kmemleak's were not")

    def test_rust_frames_are_named_as_on_c(self):
        site = {"stack": ALLOC + ["krealloc_node_align_noprof+0x5/0x9",
                                  "netns_bpf_link_create_rust+0x77/0x300", "__sys_bpf+0x1/0x2"]}
        self.assertEqual(check.site_of(site, identity), "netns_bpf_link_create")
        site = {"stack": ALLOC + ["<kernel::alloc::kbox::Box<T>>::new+0x5/0x9", "netns_bpf::link_create+0x1/0x2"]}
        self.assertEqual(check.site_of(site, identity), "netns_bpf_link_create")
        self.assertEqual(check.site_of({"stack": ALLOC}, identity), "?")


class Dmesg(unittest.TestCase):
    BLOCK = ("[   12.000001] FAULT_INJECTION: forcing a failure.\n"
             "[   12.000002] name failslab, interval 1, probability 0, space 0, times -1\n"
             "[   12.000003] CPU: 1 UID: 0 PID: 300 Comm: fail_nth Not tainted 7.3.4 #1 PREEMPT(full)\n"
             "[   12.000004] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)\n"
             "[   12.000005] Call Trace:\n[   12.000006]  <TASK>\n[   12.000007]  dump_stack_lvl+0x5d/0x80\n"
             "[   12.000008]  should_fail_ex+0x1a0/0x1c0\n[   12.000009]  </TASK>\n")

    def test_injection_blocks_are_taken_out(self):
        rest, n = check.strip_injections("[    0.000000] Linux version 7.3.4\n" + self.BLOCK * 3 + "[ 13.0] done\n")
        self.assertEqual(n, 3)
        self.assertEqual(rest, "[    0.000000] Linux version 7.3.4\n[ 13.0] done")

    def test_a_report_after_a_block_stays(self):
        rest, n = check.strip_injections(self.BLOCK + "[   12.1] WARNING: CPU: 1 PID: 300 at kernel/bpf/x.c:1\n")
        self.assertEqual(n, 1)
        self.assertIn("WARNING: CPU: 1", rest)


class Diff(unittest.TestCase):
    def test_same_sites_pass(self):
        cases, problems, table = check.diff_check(run().get, run().get, identity)
        self.assertEqual(problems, [])
        self.assertTrue(all(ok for ok, _ in cases) and len(cases) == len(check.OPS) - 1)
        self.assertIn("| sk-update | (no allocation) |", table)

    def test_shifted_nth_is_not_a_difference(self):
        s = dict(SITES)
        s["sk-create-first"] = [("netns_bpf_link_create", False), ("alloc_empty_file", False),
                                ("__d_alloc", False), ("bpf_prog_array_alloc", False)]
        cases, problems, _ = check.diff_check(run().get, run(s).get, identity)
        self.assertEqual(problems, [])

    def test_extra_site_on_rust_fails(self):
        s = dict(SITES)
        s["sk-query"] = SITES["sk-query"] + [("netns_bpf::prog_query", False)]
        _, problems, _ = check.diff_check(run().get, run(s).get, identity)
        self.assertTrue(any("site netns_bpf::prog_query only on rust" in p for p in problems), problems)

    def test_other_outcome_or_gfp_fails(self):
        s = dict(SITES)
        s["sk-detach"] = [("bpf_prog_array_alloc", False)]
        _, problems, _ = check.diff_check(run().get, run(s).get, identity)
        self.assertTrue(any("sk-detach: site bpf_prog_array_alloc differs" in p for p in problems), problems)
        f = edit(run(), "slab", lambda r: [site.update(gfp="0x400cc0") for site in r["sites"]] and r or r)
        _, problems, _ = check.diff_check(run().get, f.get, identity)
        self.assertTrue(any("rust gfp 0x400cc0" in p for p in problems), problems)

    def test_zeroing_is_not_a_policy_difference(self):
        f = edit(run(), "slab", lambda r: [site.update(gfp="0xdc0") for site in r["sites"]] and r or r)
        _, problems, _ = check.diff_check(run().get, f.get, identity)
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
