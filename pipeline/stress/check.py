# SPDX-License-Identifier: GPL-2.0
"""Checker of the raw output of the sk_lookup stress (run-stress.sh's stress.out).

check(text) -> (cases, problems): cases is a list of (ok, label), problems a list of strings. The
run passed only when every case is ok and problems is empty. The checker does not take skl_stress's
own verdict on trust: it re-derives the accounting from the figures printed, and fails on missing,
empty or cut-short output (no closing "stress-summary" line, no "exit=N" last), a nonzero exit, an
operation kind done zero times, zero steered traffic, anything left over, or a kernel report. kmemleak
is not its business: the guest scans once at the end of the boot (pipeline/guest/lib.sh) and report.py's
kmemleak suite judges that.

Pure python3, no imports from the rest of the pipeline.
"""
import re

# Every operation kind skl_stress counts (its OPS() list); each must have been done at least once.
REQUIRED_OPS = (
    "link_attach", "link_attach_e2big", "link_update", "link_update_eperm", "link_detach",
    "link_update_detached", "link_close", "prog_query", "netns_create", "netns_link_attach",
    "netns_destroy_with_links", "netns_autodetach", "dead_link_update", "dead_link_detach",
    "dead_link_close_late", "sock_replace_udp", "sock_replace_tcp", "map_delete", "close_in_map",
    "map_insert", "test_run", "test_run_selected", "udp_send", "tcp_connect",
    "traffic_netns_destroy_with_links",
)
TRAFFIC_BUCKETS = ("skl-sa", "skl-sb")
BUCKETS = TRAFFIC_BUCKETS + ("churn",)
# "closing": connected, then a FIN from a child made while its listener was being closed (the TCP race
# listen_race.c shows), which skl_stress counts only on the tracer's evidence
TCP_OUTCOMES = ("served", "refused", "reset", "timedout", "closing", "other")


def _kv(s):
    """'a=1 b=2' -> {'a': 1, 'b': 2} (integers only)."""
    return {k: int(v) for k, v in re.findall(r"(\w+)=(-?\d+)", s)}


def check(text):
    cases, problems = [], []

    def case(ok, label, detail=None):
        cases.append((bool(ok), label))
        if not ok:
            problems.append(label + (": " + detail if detail else ""))
        return ok

    if text is None or not text.strip():
        case(False, "stress output present", "missing or empty")
        return cases, problems
    lines = text.splitlines()
    nonempty = [line for line in lines if line.strip()]

    # --- the run got to its end and exited 0
    m = re.fullmatch(r"exit=(-?\d+)", nonempty[-1].strip())
    case(m is not None, "the output ends with the exit status", "last line: %r" % nonempty[-1][:80])
    if m:
        case(int(m.group(1)) == 0, "skl_stress exited 0", "exit=%s" % m.group(1))
    summary = [line for line in lines if line.startswith("stress-summary ")]
    if not case(len(summary) == 1, "the report has its closing summary line",
                "%d summary lines (cut short?)" % len(summary)):
        return cases, problems
    sv = _kv(summary[0])
    checks = [line for line in lines if line.startswith("check ")]
    failed = [line for line in checks if not line.startswith("check PASS ")]
    case("checks" in sv and "failed" in sv and sv["checks"] == len(checks) and sv["failed"] == len(failed)
         and len(checks) > 0, "the summary agrees with the check lines",
         "summary %r, %d check lines, %d failed" % (summary[0], len(checks), len(failed)))
    for line in checks:
        ok = line.startswith("check PASS ")
        case(ok, "skl_stress: " + re.sub(r"^check (PASS|FAIL) ", "", line))

    # --- operations
    ops = {}
    for line in lines:
        m = re.fullmatch(r"ops (\w+) (\d+)", line.strip())
        if m:
            ops[m.group(1)] = int(m.group(2))
    for name in REQUIRED_OPS:
        case(ops.get(name, 0) > 0, "operation %s done (%s)" % (name, ops.get(name, "missing")))
    unexp = [line for line in lines if line.startswith("ops-unexpected ")]
    case(len(unexp) == 1 and unexp[0].split()[1] == "0", "no unexpected kernel answer",
         unexp[0] if unexp else "no ops-unexpected line")

    # --- UDP: sent == received + dropped, for each destination, recomputed here
    buckets = {}
    for line in lines:
        m = re.match(r"udp-bucket (\S+) (.*)", line)
        if m:
            buckets[m.group(1)] = _kv(m.group(2))
    drops = {}
    for line in lines:
        m = re.fullmatch(r"udp-drop (\S+) (\S+) (\d+)", line.strip())
        if m:
            drops[m.group(1)] = drops.get(m.group(1), 0) + int(m.group(3))
    tot = {"sent": 0, "received": 0, "dropped": 0}
    for b in BUCKETS:
        v = buckets.get(b)
        if not case(v is not None and {"sent", "received", "dropped"} <= set(v),
                    "UDP figures for %s present" % b):
            continue
        gap = v["sent"] - v["received"] - v["dropped"]
        case(gap == 0, "UDP to %s: sent %d == received %d + dropped %d" % (b, v["sent"], v["received"], v["dropped"]),
             "%d datagrams unaccounted" % gap if gap > 0 else "%d datagrams counted twice" % -gap)
        case(drops.get(b, 0) == v["dropped"], "UDP to %s: the drops by reason add up (%d)" % (b, v["dropped"]),
             "by reason %d" % drops.get(b, 0))
        for k in tot:
            tot[k] += v[k]
    total = [_kv(line) for line in lines if line.startswith("udp-total ")]
    case(len(total) == 1 and all(total[0].get(k) == tot[k] for k in tot) and total[0].get("unaccounted") == 0,
         "UDP totals agree (sent %d, received %d, dropped %d)" % (tot["sent"], tot["received"], tot["dropped"]),
         repr(total))
    for b in TRAFFIC_BUCKETS:
        case(buckets.get(b, {}).get("received", 0) > 0, "UDP to %s: datagrams received" % b)
    m = next((re.match(r"udp-steered (\d+) \(skl-sa (\d+), skl-sb (\d+)\), misdelivered (\d+), foreign (\d+)", line)
              for line in lines if line.startswith("udp-steered ")), None)
    if case(m is not None, "UDP steering figures present"):
        case(int(m.group(2)) > 0 and int(m.group(3)) > 0, "UDP steered to sockets on ports nothing is bound to, "
             "in both netns (%s, %s)" % (m.group(2), m.group(3)))
        case(int(m.group(4)) == 0 and int(m.group(5)) == 0, "no UDP datagram misdelivered or foreign",
             "misdelivered %s, foreign %s" % (m.group(4), m.group(5)))
    sp = [_kv(line) for line in lines if line.startswith("steer-prog ")]
    case(len(sp) == 1 and sp[0].get("assigned", 0) > 0 and sp[0].get("assign_err") == 0,
         "the steering programs assigned sockets, with no unexpected bpf_sk_assign() errno", repr(sp))
    tr = [_kv(line) for line in lines if line.startswith("tracer ")]
    # the tracer's skipped events are no verdict by themselves: a lost stress drop shows as a gap above
    case(len(tr) == 1 and tr[0].get("events") == tot["dropped"] and tr[0].get("bad_seq") == 0,
         "the drop tracer's events are the drops counted, with valid sequence numbers", repr(tr))

    # --- TCP: every attempt classified, served == accepted == answered
    tcp = {}
    for line in lines:
        m = re.match(r"tcp-bucket (\S+) (.*)", line)
        if m:
            tcp[m.group(1)] = _kv(m.group(2))
    for b in BUCKETS:
        v = tcp.get(b)
        if not case(v is not None and "attempts" in v and all(o in v for o in TCP_OUTCOMES),
                    "TCP figures for %s present" % b):
            continue
        s = sum(v[o] for o in TCP_OUTCOMES)
        case(s == v["attempts"] and v["other"] == 0,
             "TCP to %s: every attempt (%d) served, refused, reset, timed out or met a closing listener"
             % (b, v["attempts"]), "outcomes add up to %d, other %d" % (s, v["other"]))
        # each closing outcome needs a listener closed by the replacement loop
        case(v["closing"] <= ops.get("sock_replace_tcp", 0),
             "TCP to %s: closing %d <= listeners replaced %d" % (b, v["closing"], ops.get("sock_replace_tcp", 0)))
        if b in TRAFFIC_BUCKETS:
            case(v["served"] > 0 and v["served"] == v.get("accepted") == v.get("answered"),
                 "TCP to %s: served %d == accepted == answered by the server" % (b, v["served"]),
                 "accepted %s, answered %s" % (v.get("accepted"), v.get("answered")))
    # "ListenDrops and friends matching": an attempt times out when the listener dropped the last ACK of
    # its handshake (the client thinks it is connected and nothing answers), which ListenDrops counts in
    # the listener's netns; a timeout without such a drop would be a segment lost without trace
    snmp = {}
    for line in lines:
        m = re.fullmatch(r"snmp (\S+) (\S+) (-?\d+)", line.strip())
        if m:
            snmp[(m.group(1), m.group(2))] = int(m.group(3))
    for b in TRAFFIC_BUCKETS:
        drops_ = snmp.get((b, "TcpExt.ListenDrops"))
        to = tcp.get(b, {}).get("timedout")
        case(drops_ is not None and to is not None and to <= drops_,
             "TCP to %s: timed out %s <= ListenDrops %s of its listeners" % (b, to, drops_))
    m = next((re.match(r"tcp-steered (\d+) \(skl-sa (\d+), skl-sb (\d+)\), misdelivered (\d+)", line)
              for line in lines if line.startswith("tcp-steered ")), None)
    if case(m is not None, "TCP steering figures present"):
        case(int(m.group(2)) > 0 and int(m.group(3)) > 0,
             "TCP steered to listeners on ports nothing is bound to, in both netns (%s, %s)" % (m.group(2), m.group(3)))
        case(int(m.group(4)) == 0, "no TCP connection misdelivered", m.group(4))

    # --- nothing left: netns, programs, links, socket maps
    obj = [_kv(line) for line in lines if line.startswith("objects ")]
    if case(len(obj) == 1, "object figures present"):
        o = obj[0]
        case(all(o.get(k) == 0 for k in ("netns_stuck", "sk_lookup_progs", "sk_lookup_links", "sock_maps")),
             "no netns, sk_lookup program, link or socket map left", repr(o))
        made, freed, live, reused = (o.get(k, -1) for k in ("netns_created", "netns_freed", "netns_live",
                                                             "netns_reused"))
        # made: the netns churn's, the two traffic netns and at least one flush netns; all freed but the
        # last flush netns, which the kernel frees one cleanup round late (so 0 or 1 still live); a
        # struct net made at the address of one whose free the tracer missed is counted as reused
        case(made >= ops.get("netns_create", 0) + 3 and live in (0, 1) and reused >= 0
             and made - freed - reused == live,
             "every netns made during the run was freed (made %d, freed %d, reused %d, live %d)"
             % (made, freed, reused, live))
    slab = [_kv(line) for line in lines if line.startswith("slab net_namespace ")]
    if case(len(slab) == 1 and {"before", "after", "tracked_live"} <= set(slab[0]), "slab figures present"):
        v = slab[0]
        # with a cache of its own (always with slab_nomerge): back to the baseline plus what the
        # tracker still sees allocated; merged into another cache (before=-1): no count to compare
        case(v["before"] < 0 or v["after"] <= v["before"] + v["tracked_live"],
             "net_namespace slab objects back to the baseline (before %d, after %d, tracked live %d)"
             % (v["before"], v["after"], v["tracked_live"]))
    stuck = [line for line in lines if line.startswith(("stuck-thread ", "stuck-netns "))]
    case(not stuck, "no stuck thread or netns", "; ".join(stuck[:5]))

    # --- kernel reports
    reports = [line for line in lines if line.startswith("dmesg-report ")]
    case(not reports, "no kernel report during the run", "; ".join(reports[:5]))
    return cases, problems


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage: check.py STRESS_OUT")
    try:
        with open(sys.argv[1]) as f:
            txt = f.read()
    except OSError as e:
        txt = None
        print("cannot read %s: %s" % (sys.argv[1], e))
    cs, ps = check(txt)
    for ok, label in cs:
        print("%s %s" % ("PASS" if ok else "FAIL", label))
    for p in ps:
        print("problem: " + p)
    print("%d passed, %d failed" % (sum(ok for ok, _ in cs), sum(not ok for ok, _ in cs)))
    sys.exit(0 if cs and all(ok for ok, _ in cs) and not ps else 1)
