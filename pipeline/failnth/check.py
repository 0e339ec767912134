# SPDX-License-Identifier: GPL-2.0
"""Checker of make fail-nth's guest runs (pipeline/guest/run-failnth.sh, pipeline/failnth/fail_nth.c).

One kernel:  kernel_check(files, demangle) -> list of (name, cases, problems) per suite
Two kernels: diff_check(c_files, rust_files, demangle) -> (cases, problems, table_markdown)

FILES is a function from a results file name to its text (None when missing). DEMANGLE maps a list of
symbol names to demangled ones (report.py passes llvm-cxxfilt; the harness the identity).

A record is one attempt of one operation: fail-nth = nth, whether the failure was injected (fail-nth read
back 0), the syscall's result, the injected failures' stacks ("sites", from fexit programs on
should_failslab() and should_fail_alloc_page()) and the tool's problems (a wrong errno, a query, link info,
fdinfo or traffic that is neither the state before nor the state after the operation, a count of
programs, links or network namespaces that does not come back, any kernel log line but the injection
reports). The checks here refuse a run that shows nothing: every sweep must end (an attempt with nothing
injected that succeeded), the operations that allocate must have had failures injected, the allocations
the issue names must have been hit (bpf_prog_array_alloc in link create, release and legacy attach, with
the dummy program left in place by a failed release; the test run's), and two sweeps of one operation must
hit the same sites. Across kernels, sites are compared by call site, never by index: one extra allocation
on one side shifts every later nth.

Pure python3, no imports from the rest of the pipeline.
"""
import json
import re

# What fail_nth knows (fail_nth list); a run that swept fewer operations fails.
OPS = ("sk-create-first", "sk-create-nth", "fd-link-create", "sk-update", "sk-detach", "sk-close-mid",
       "sk-close-only", "sk-query", "fd-attach", "fd-attach-replace", "fd-detach", "sk-test-run",
       "control-map-create")
# The page pass's control: an operation known to allocate pages (a vmalloc'd array map). The attach
# point's operations allocate no page themselves (their slab allocations find room in existing slabs),
# so their page sweeps end at nth=1; the control's failures show that the pass reaches the page
# allocator, so those zeros mean something.
PAGE_CONTROL = "control-map-create"
# Operations whose C code allocates nothing on these paths (the update of a link's program is
# bpf_prog_array_update_at() in place; replacing or detaching the legacy flow dissector program writes
# or frees the array): their slab sweep must end at nth=1 with nothing injected, on both kernels, so that
# an allocation the Rust code would add shows.
NO_SLAB_POINT = ("sk-update", "fd-attach-replace", "fd-detach")
# Where bpf_prog_array_alloc() must have been failed.
PROG_ARRAY_OPS = ("sk-create-first", "sk-create-nth", "fd-link-create", "sk-detach", "sk-close-mid",
                  "fd-attach")
# The release operations, where a failed bpf_prog_array_alloc() leaves the dummy program in place and the
# operation still succeeds.
RELEASE_OPS = ("sk-detach", "sk-close-mid")
PASSES = ("slab", "page")

# Frames of the allocators and of the injection itself (and of the fexit program that recorded the
# stack): a site is the first frame after them.
ALLOC_FRAME = re.compile(
    r"^(bpf_prog_[0-9a-f]+_\w*|bpf_trampoline_\d+\w*|should_fail\w*|__should_fail\w*|fail_dump|"
    r"slab_pre_alloc_hook|slab_alloc_node|___?slab_alloc\w*|allocate_slab|new_slab|"
    r"_?_?kmalloc\w*|_?_?kmem_cache_alloc\w*|kmem_cache_zalloc|kzalloc\w*|kcalloc\w*|_?_?kvmalloc\w*|"
    r"kvzalloc\w*|kvcalloc\w*|_?_?krealloc\w*|__do_kmalloc\w*|___kmalloc_large\w*|"
    r"_?_?alloc_pages\w*|_?_?alloc_frozen_pages\w*|prepare_alloc_pages|get_page_from_freelist|"
    r"_?_?get_free_pages\w*|get_zeroed_page\w*|_?_?folio_alloc\w*|\w+_noprof|"
    r"kernel::alloc::.*|<kernel::alloc::.*)$")
SUFFIX = re.compile(r"\.(cold|constprop|isra|part|llvm)(\.\d+)?.*$")
# Rust functions and the C function each ports, for the sites Rust allocates in itself (a C helper the
# Rust code calls is its own site on both kernels). "_rust" suffixes are dropped before this lookup.
RUST_PORTS = {
    "netns_bpf::link_create": "netns_bpf_link_create",
    "netns_bpf::netns_bpf_link_create": "netns_bpf_link_create",
}


def frame_name(frame):
    """'name+0x1a/0x40 [mod]' -> 'name' without compiler suffixes."""
    name = frame.strip().split(" ")[0].split("+")[0]
    return SUFFIX.sub("", name)


def site_of(site, demangle):
    """The call site of one injected failure: the first frame after the allocator's and the injection's,
    named as on the c kernel (Rust frames demangled, "_rust" dropped, mapped through RUST_PORTS)."""
    names = demangle([frame_name(f) for f in site.get("stack") or []])
    for n in names:
        if not n or ALLOC_FRAME.match(n):
            continue
        n = re.sub(r"_rust$", "", n)
        return RUST_PORTS.get(n, n)
    return "?"


def parse_records(text):
    """The attempts of a failnth-PASS.jsonl; unparsable lines come back as problems."""
    recs, problems = [], []
    for i, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        try:
            recs.append(json.loads(line))
        except ValueError as e:
            problems.append("line %d of the records is not JSON (%s): %s" % (i, e, line[:80]))
    return recs, problems


def sweeps(recs, pass_):
    """{(op, sweep): [records in nth order]} of one pass."""
    out = {}
    for r in recs:
        if r.get("pass") == pass_:
            out.setdefault((r.get("op"), int(r.get("sweep", 0))), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: r.get("nth", 0))
    return out


def outcome(r):
    if r.get("ret", -1) is not None and r.get("ret", -1) >= 0 and not r.get("errno"):
        return "ok"
    return r.get("errno") or "ret %s" % r.get("ret")


def site_list(attempts, demangle):
    """[(site, cache, gfp, outcome, nth)] of the injected attempts of one sweep, in nth order."""
    out = []
    for r in attempts:
        if not r.get("injected"):
            continue
        sites = r.get("sites") or [{}]
        s = sites[0]
        # bpf_prog_array_alloc() tail-calls the allocator: its frame is not in the stack, but fail_nth
        # counts its NULL returns.
        site = "bpf_prog_array_alloc" if r.get("prog_array_failed") else site_of(s, demangle)
        out.append((site, s.get("cache") or "order-%s" % s.get("order"), s.get("gfp"), outcome(r), r.get("nth")))
    return out


def _sweep_problems(label, attempts, out_text):
    """A sweep that did not end, had problems, or whose tool did not exit 0."""
    problems = []
    nths = [r.get("nth") for r in attempts]
    if nths != list(range(1, len(nths) + 1)):
        problems.append("%s: attempts are not nth = 1, 2, ... (%s)" % (label, nths[:10]))
    if not attempts or not attempts[-1].get("end") or attempts[-1].get("injected") or outcome(attempts[-1]) != "ok":
        problems.append("%s: the sweep did not end with an attempt that injected nothing and succeeded" % label)
    for r in attempts:
        for p in r.get("problems") or []:
            problems.append("%s nth=%s: %s" % (label, r.get("nth"), p))
        if r.get("injected") and not r.get("sites"):
            problems.append("%s nth=%s: injected, but no site recorded" % (label, r.get("nth")))
        if not r.get("injected") and outcome(r) != "ok":
            problems.append("%s nth=%s: failed (%s) with nothing injected" % (label, r.get("nth"), outcome(r)))
    m = re.search(r"^exit=(\d+)\s*$", out_text or "", re.M)
    if m is None:
        problems.append("%s: the tool's output has no exit status (did it run?)" % label)
    elif m.group(1) != "0":
        problems.append("%s: fail_nth exited %s: %s" % (label, m.group(1),
                        " | ".join((out_text or "").strip().splitlines()[-3:])[:300]))
    return problems


INJECTION_START = re.compile(r"FAULT_INJECTION: forcing a failure")
INJECTION_LINE = re.compile(r"^(name (failslab|fail_page_alloc), |CPU: |Tainted: |Hardware name: |Call Trace:|"
                            r" |<TASK>|</TASK>|\? |(RIP|Code|RSP|RAX|RDX|RBP|R10|R13): )")
DMESG_PREFIX = re.compile(r"^(<\d+>)?\[\s*\d+\.\d+\]\s?(\[\s*[CT]\d+\]\s?)?")


def strip_injections(dmesg):
    """The kernel log without the fault-injection reports (their header and their stack), and how many."""
    out, n, inside = [], 0, False
    for line in (dmesg or "").splitlines():
        body = DMESG_PREFIX.sub("", line)
        if INJECTION_START.search(body):
            n += 1
            inside = True
            continue
        if inside and INJECTION_LINE.match(body):
            if body.startswith("</TASK>"):
                inside = False
            continue
        inside = False
        out.append(line)
    return "\n".join(out), n


def kernel_check(files, demangle):
    """The suites of one kernel's run: setup, the slab pass, the page pass (each: per-attempt cases)."""
    suites = []
    setup_c, setup_p = [], []
    setup = files("failnth-setup.txt") or ""
    for label, ok in (
            ("the guest finished its run", files("finished") is not None),
            ("the set-up names the operations", all(op in setup for op in OPS)),
            ("the slab pass was set up (sleeping allocations injectable, cache filter on)",
             re.search(r"pass slab: failslab ignore-gfp-wait=N cache-filter=Y verbose=2; fail_page_alloc "
                       r"min-order=100", setup)),
            ("caches were marked for failslab, kmemleak's were not",
             re.search(r"marked: [1-9]\d* caches; kmemleak's: kmemleak_object=0 kmemleak_scan_area=0", setup)),
            ("the page pass was set up (min-order 0, no cache marked)",
             re.search(r"pass page: .* fail_page_alloc min-order=0 ignore-gfp-wait=N ignore-gfp-highmem=N", setup) and
             re.search(r"pass page:.*\n\s*marked: 0 caches", setup))):
        setup_c.append((bool(ok), label))
        if not ok:
            setup_p.append("not so: " + label)
    suites.append(("failnth-setup", setup_c, setup_p))

    for pass_ in PASSES:
        recs, problems = parse_records(files("failnth-%s.jsonl" % pass_))
        cases = []
        sw = sweeps(recs, pass_)
        want = [1, 2] if pass_ == "slab" else [1]
        for op in OPS:
            lists = []
            for k in want:
                label = "%s %s sweep %d" % (pass_, op, k)
                attempts = sw.get((op, k), [])
                if not attempts:
                    problems.append("%s: no attempt recorded" % label)
                    cases.append((False, label))
                    continue
                sp = _sweep_problems(label, attempts, files("failnth-%s-%s-%d.out" % (pass_, op, k)))
                problems += sp
                cases += [(not any(("nth=%s:" % r.get("nth")) in p for p in sp), "%s nth=%s" % (label, r.get("nth")))
                          for r in attempts]
                lists.append(site_list(attempts, demangle))
            if pass_ != "slab" or len(lists) != 2:
                continue
            injected = len(lists[0])
            if op in NO_SLAB_POINT:
                ok = injected == 0 and len(lists[1]) == 0
                cases.append((ok, "%s: no allocation on the path" % op))
                if not ok:
                    problems.append("%s allocates on a path where C allocates nothing: %s" %
                                    (op, "; ".join(s[0] for s in lists[0] + lists[1])))
                continue
            ok = injected > 0
            cases.append((ok, "%s: failures were injected" % op))
            if not ok:
                problems.append("%s: no failure was injected in its slab sweep (hollow)" % op)
            if op == PAGE_CONTROL:
                # vmalloc's per-CPU preloads and caches decide which of its allocations a call
                # makes: the control's sites vary from sweep to sweep; it is generic C code on both
                # kernels, here for the page pass, and compared with nothing.
                continue
            same = [s[:4] for s in lists[0]] == [s[:4] for s in lists[1]]
            cases.append((same, "%s: both sweeps hit the same sites" % op))
            if not same:
                problems.append("%s: the two sweeps hit different sites: %s | %s" % (
                    op, ", ".join(s[0] for s in lists[0]), ", ".join(s[0] for s in lists[1])))
            if op in PROG_ARRAY_OPS:
                hit = [s for s in lists[0] if s[0] == "bpf_prog_array_alloc"]
                ok = bool(hit)
                cases.append((ok, "%s: bpf_prog_array_alloc failed" % op))
                if not ok:
                    problems.append("%s: bpf_prog_array_alloc was never failed (sites: %s)" %
                                    (op, ", ".join(s[0] for s in lists[0]) or "none"))
                if op in RELEASE_OPS:
                    ok = any(s[3] == "ok" for s in hit)
                    cases.append((ok, "%s: the dummy path (release succeeds with the array's allocation failed)" % op))
                    if not ok:
                        problems.append("%s: no release succeeded with bpf_prog_array_alloc failed: the dummy "
                                        "path was not observed" % op)
            if op == "sk-test-run":
                names = [n for r in sw.get((op, 1), []) if r.get("injected")
                         for s in r.get("sites") or [] for n in demangle([frame_name(f) for f in s.get("stack") or []])]
                ok = any(n.startswith("bpf_prog_test_run_sk_lookup") for n in names)
                cases.append((ok, "sk-test-run: an allocation of the sk_lookup test run failed"))
                if not ok:
                    problems.append("sk-test-run: no injected failure has bpf_prog_test_run_sk_lookup{,_rust} "
                                    "in its stack")
        if pass_ == "page":
            injected = sum(1 for r in sw.get((PAGE_CONTROL, 1), []) if r.get("injected"))
            cases.append((injected > 0, "page pass: the control's page allocations were failed"))
            if not injected:
                problems.append("page pass: no failure was injected in the control operation %s: the pass "
                                "does not reach the page allocator (hollow)" % PAGE_CONTROL)
        suites.append(("failnth-" + pass_, cases, problems))

    # kmemleak after each operation's slab sweeps
    kl_c, kl_p = [], []
    for op in OPS:
        text = files("kmemleak-" + op)
        ok = text is not None and text.strip() != "" and text.strip() != "absent" and \
            text.startswith("# kmemleak scanned") and text.rstrip().endswith("# end")
        leaks = re.findall(r"^unreferenced object\S* (0x[0-9a-f]+) \(size (\d+)\)", text or "", re.M)
        kl_c.append((ok and not leaks, "kmemleak after %s" % op))
        if not ok:
            kl_p.append("kmemleak after %s: report missing, absent or cut short" % op)
        elif leaks:
            kl_p.append("kmemleak after %s: %d suspects: %s" % (op, len(leaks), (text or "").split("\n", 2)[1][:200]))
    suites.append(("failnth-kmemleak", kl_c, kl_p))
    return suites


# __GFP_ZERO asks the allocator to zero the object: not a policy of where or how memory is found. The
# Rust link object is allocated without it and initialised field by field (its struct bpf_link zeroed
# before bpf_link_init(), as kzalloc() would have left it): the table shows both, the comparison leaves
# that bit out.
GFP_ZERO = 0x100


def policy(gfp):
    try:
        return int(gfp, 16) & ~GFP_ZERO
    except (TypeError, ValueError):
        return gfp


def diff_check(c_files, r_files, demangle):
    """c against rust, slab pass sweep 1, per operation: the same call sites (as multisets: counts per
    site), the same gfp flags, the same outcome at each; returns cases, problems, and the table."""
    cases, problems = [], []
    rows = ["| operation | call site | c: nth, cache, gfp, outcome | rust: nth, cache, gfp, outcome |",
            "|---|---|---|---|"]
    sw = [sweeps(parse_records(f("failnth-slab.jsonl"))[0], "slab") for f in (c_files, r_files)]
    for op in OPS:
        if op == PAGE_CONTROL:
            continue
        a, b = (site_list(s.get((op, 1), []), demangle) for s in sw)
        if not sw[0].get((op, 1)) or not sw[1].get((op, 1)):
            cases.append((False, op))
            problems.append("%s: missing on %s" % (op, "c" if not sw[0].get((op, 1)) else "rust"))
            continue
        keys = []
        for s in a + b:
            if s[0] not in keys:
                keys.append(s[0])
        ok_op = True
        for k in keys:
            ca = [s for s in a if s[0] == k]
            rb = [s for s in b if s[0] == k]
            for i in range(max(len(ca), len(rb))):
                x = ca[i] if i < len(ca) else None
                y = rb[i] if i < len(rb) else None
                fmt = (lambda s: "%s, %s, %s, %s" % (s[4], s[1], s[2], s[3]) if s else "—")
                rows.append("| %s | %s | %s | %s |" % (op, k, fmt(x), fmt(y)))
                if x is None or y is None:
                    ok_op = False
                    problems.append("%s: site %s only on %s" % (op, k, "c" if y is None else "rust"))
                elif policy(x[2]) != policy(y[2]) or x[3] != y[3]:
                    ok_op = False
                    problems.append("%s: site %s differs: c gfp %s -> %s, rust gfp %s -> %s" % (
                        op, k, x[2], x[3], y[2], y[3]))
        if not keys:
            rows.append("| %s | (no allocation) | — | — |" % op)
        cases.append((ok_op, "%s: same sites and outcomes on c and rust" % op))
    return cases, problems, "\n".join(rows) + "\n"
