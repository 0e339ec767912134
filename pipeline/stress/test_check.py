# SPDX-License-Identifier: GPL-2.0
"""Tests of check.py: the real output of a good run (fixtures/stress-good.out) passes; bad variants
made from it each fail. Run: python3 test_check.py (prints PASS/FAIL lines, exits nonzero on a failure)."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import check  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "fixtures", "stress-good.out")) as f:
    GOOD = f.read()

# (name, text, whether it must pass, what the failure must mention): each a case, run by main() or by the
# pipeline's harness (pipeline/tests/test_harness.py), which calls judge() on each.
CASES = []


def verdict(text):
    cases, problems = check(text)
    return bool(cases) and all(ok for ok, _ in cases) and not problems, cases, problems


def expect(name, text, good, must_mention=None):
    CASES.append((name, text, good, must_mention))


def judge(text, good, must_mention=None):
    """None when check() gives the verdict the case wants, else what went wrong."""
    ok, cases, problems = verdict(text)
    if ok != good:
        return "verdict %s; problems: %s" % (ok, problems[:6])
    # the failure must be the one the variant makes, not an unrelated one
    if must_mention and not any(must_mention in p for p in problems):
        return "no problem mentions %r: %s" % (must_mention, problems[:6])
    return None


def sub(pattern, repl, text=GOOD, count=1):
    new, n = re.subn(pattern, repl, text, count=count, flags=re.M)
    assert n, "pattern %r not in the fixture" % pattern
    return new


def bump(line_prefix, key, delta, text=GOOD):
    """Add delta to key=N on the first line starting with line_prefix."""
    def f(m):
        line = m.group(0)
        return re.sub(r"\b%s=(\d+)" % key, lambda k: "%s=%d" % (key, int(k.group(1)) + delta), line, count=1)
    return sub(r"^%s.*$" % re.escape(line_prefix), f, text)


# the real good run
expect("good run passes", GOOD, True)
expect("good run has many cases", GOOD if len(check(GOOD)[0]) > 60 else "", True)

# missing, empty, cut short
expect("missing output fails", None, False, "missing or empty")
expect("empty output fails", "", False, "missing or empty")
expect("blank output fails", "\n\n", False, "missing or empty")
expect("cut short before the TCP report fails", GOOD[:GOOD.index("== TCP")], False, "exit status")
expect("cut short before the summary fails",
       GOOD[:GOOD.index("stress-summary")] + "exit=0\n", False, "closing summary")
expect("no exit line fails", sub(r"^exit=0\n?", ""), False, "ends with the exit status")

# exit status and skl_stress's own checks
expect("nonzero exit fails", sub(r"^exit=0$", "exit=1"), False, "exited 0")
expect("killed by the backstop time-out fails", sub(r"^exit=0$", "exit=124"), False, "exited 0")
expect("a failed check line fails",
       sub(r"^check PASS (every kernel answer.*)$", r"check FAIL \1"), False, "every kernel answer")
expect("summary disagreeing with the check lines fails",
       sub(r"^stress-summary checks=(\d+)", lambda m: "stress-summary checks=%d" % (int(m.group(1)) + 1)),
       False, "summary agrees")

# operations
expect("zero link updates fails", sub(r"^ops link_update \d+$", "ops link_update 0"), False,
       "operation link_update done")
expect("missing netns churn line fails", sub(r"^ops netns_create \d+\n", ""), False, "operation netns_create")
expect("zero test runs that selected a socket fails",
       sub(r"^ops test_run_selected \d+$", "ops test_run_selected 0"), False, "test_run_selected")
expect("an unexpected kernel answer fails", sub(r"^ops-unexpected 0$", "ops-unexpected 1"), False,
       "unexpected kernel answer")

# UDP accounting
expect("one datagram unaccounted fails", bump("udp-bucket skl-sa", "received", -1), False,
       "1 datagrams unaccounted")
expect("one datagram counted twice fails", bump("udp-bucket skl-sb", "dropped", 1), False, "counted twice")
expect("one churn datagram unaccounted fails", bump("udp-bucket churn", "sent", 1), False, "unaccounted")
expect("totals that disagree fail", bump("udp-total", "sent", 5), False, "UDP totals agree")
expect("a tracer event with a bad sequence number fails", sub(r"bad_seq=0", "bad_seq=1"), False, "drop tracer")
expect("no UDP steered fails",
       sub(r"^udp-steered \d+ \(skl-sa \d+, skl-sb \d+\)", "udp-steered 0 (skl-sa 0, skl-sb 0)"), False,
       "UDP steered")
expect("programs that never assigned fail", sub(r"assigned=\d+", "assigned=0"), False, "steering programs")
expect("an unexpected bpf_sk_assign() errno fails", sub(r"assign_err=0", "assign_err=1"), False,
       "steering programs")
expect("UDP misdelivered fails", sub(r"misdelivered 0, foreign 0", "misdelivered 2, foreign 0"), False,
       "misdelivered")

# TCP accounting
expect("a TCP attempt unclassified fails", bump("tcp-bucket skl-sa", "attempts", 1), False,
       "every attempt")
expect("a TCP attempt with another outcome fails",
       bump("tcp-bucket skl-sb", "other", 1, bump("tcp-bucket skl-sb", "attempts", 1)), False, "other 1")
expect("an attempt that met a closing listener is accounted",
       bump("tcp-bucket skl-sb", "closing", 1, bump("tcp-bucket skl-sb", "attempts", 1)), True)
expect("more closing outcomes than listeners replaced fail",
       bump("tcp-bucket skl-sa", "closing", 100000, bump("tcp-bucket skl-sa", "attempts", 100000)), False,
       "listeners replaced")
expect("TCP figures without the closing outcome fail", sub(r" closing=0", ""), False, "TCP figures")
expect("served != accepted fails", bump("tcp-bucket skl-sa", "accepted", 1), False, "accepted")
expect("a TCP time-out without a listen drop fails",
       bump("tcp-bucket skl-sb", "timedout", 1, bump("tcp-bucket skl-sb", "attempts", 1)), False,
       "ListenDrops")
expect("missing SNMP figures fail", re.sub(r"^snmp .*\n", "", GOOD, flags=re.M), False, "ListenDrops")
expect("no TCP steered fails",
       sub(r"^tcp-steered \d+ \(skl-sa \d+, skl-sb \d+\)", "tcp-steered 0 (skl-sa 0, skl-sb 0)"), False,
       "TCP steered")

# stuck objects
expect("a stuck netns fails",
       sub(r"netns_stuck=0", "netns_stuck=1", sub(r"^(objects .*)$", r"stuck-netns cookie=77\n\1")),
       False, "netns_stuck")
expect("a netns not freed fails",
       bump("objects ", "netns_live", 1, bump("objects ", "netns_freed", -1)), False, "every netns made")
expect("netns figures that disagree fail", bump("objects ", "netns_freed", -2), False, "every netns made")
expect("net_namespace slab objects above the baseline fail",
       sub(r"^slab net_namespace before=(\d+) after=\d+",
           lambda m: "slab net_namespace before=%s after=%d" % (m.group(1), int(m.group(1)) + 5)), False,
       "back to the baseline")
expect("a merged net_namespace cache (no count) passes",
       sub(r"^slab net_namespace before=\d+ after=\d+", "slab net_namespace before=-1 after=-1"), True)
expect("a left-over sk_lookup link fails", sub(r"sk_lookup_links=0", "sk_lookup_links=1"), False,
       "sk_lookup_links")
expect("a left-over socket map fails", sub(r"sock_maps=0", "sock_maps=2"), False, "sock_maps")
expect("a stuck thread fails", sub(r"^(== checks)$", r"stuck-thread tcp-client-1\n\1"), False,
       "stuck thread")

# kernel reports
expect("a kernel report fails",
       sub(r"^(== checks)$", r"dmesg-report BUG: KASAN: slab-use-after-free in sock_gen_cookie\n\1"), False,
       "kernel report")



def main():
    failed = 0
    for name, text, good, must_mention in CASES:
        why = judge(text, good, must_mention)
        print("%s %s" % ("FAIL" if why else "PASS", name))
        if why:
            failed += 1
            print("    " + why)
    print("%d passed, %d failed" % (len(CASES) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
