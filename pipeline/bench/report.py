#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's report: reads the boots' outputs (pipeline/bench/guest.sh), writes the dated results.

Usage: report.py RESULTS_DIR OUT_DIR

RESULTS_DIR holds info (written by bench.sh) and one directory per boot, VARIANT-N, with bench.out,
listings and kernel (uname, vCPUs, bpf_jit_enable: checked to be 1 and 1). OUT_DIR gets README.md (the tables), bench.png (the plot, by gnuplot), bench.dat
(the plot's data) and raw/ (every boot's bench.out and listings). The tables also go to stdout.

Errors (a boot missing or without rows, a row missing on one kernel, no gnuplot) stop the report with
exit status 1: a benchmark whose evidence is incomplete reports nothing.
"""
import os
import shutil
import statistics
import subprocess
import sys

VARIANTS = ["c", "rust"]
# The kernels compared with c, in the order of the tables' columns and the plot's series.
OTHERS = [v for v in VARIANTS if v != "c"]
KINDS = ["udp4", "udp6", "tcp4", "tcp6"]
SETUPS = ["none", "pass", "pass64", "steer"]
PROGS = ["pass", "steer_noassign", "steer"]
# Rows that never call into Rust, as (section, setup): a measured path with no program attached, where the
# lookup does not enter the run loop. Every row with a program attached (pass, pass64, steer) and every
# test run goes through the run loop, which is C on c and Rust on rust. On these rows rust/c must read
# 1.0000 within the spread; anything else is a finding. The programs' images are compared below.
NO_RUST = {("net", "none")}
SETUP_TEXT = {
    "none": "no program",
    "pass": "1 program, passes",
    "pass64": "64 programs, pass",
    "steer": "1 program, steers (LPM + SOCKMAP + bpf_sk_assign)",
}
PROG_TEXT = {
    "pass": "pass (returns SK_PASS)",
    "steer_noassign": "steer_noassign (LPM + SOCKMAP lookup, no assign)",
    "steer": "steer (LPM + SOCKMAP + bpf_sk_assign)",
}


class BenchError(Exception):
    pass


def read_boot(path):
    """{(section, path, kind, setup): [instructions per operation, per round]} of one boot (warm-up dropped)."""
    rows = {}
    f = os.path.join(path, "bench.out")
    if not os.path.isfile(f):
        raise BenchError(f"{f} missing")
    with open(f) as fh:
        for line in fh:
            p = line.split()
            if not p:
                continue
            if p[0] == "round" and len(p) == 7:
                _, net, kind, setup, rnd, ops, ns = p
                if int(rnd) == 0:
                    continue
                rows.setdefault(("net", net, kind, setup), []).append(int(ns) / int(ops))
            elif p[0] == "test_run" and len(p) == 6:
                _, kind, prog, rnd, _repeat, ns = p
                if int(rnd) == 0:
                    continue
                rows.setdefault(("test_run", "-", kind, prog), []).append(float(ns))
    if not rows:
        raise BenchError(f"{f} has no measurement")
    return rows


def read_listings(path):
    f = os.path.join(path, "listings")
    if not os.path.isfile(f) or os.path.getsize(f) == 0:
        raise BenchError(f"{f} missing or empty (program images not dumped)")
    progs, cur = {}, None
    with open(f) as fh:
        for line in fh:
            if line.startswith("== "):
                cur = " ".join(line.split()[1:3]).rstrip(":")
                progs[cur] = [line]
            elif cur:
                progs[cur].append(line)
    return {k: "".join(v) for k, v in progs.items()}


def check_guest(run, path):
    """The guest of a boot ran as the method says: one vCPU (icount's virtual clock is shared, TCG runs
    single-threaded) and the JIT on (the images compared are JITed). guest.sh writes uname, nproc and
    net.core.bpf_jit_enable there."""
    lines = open(path).read().split() if os.path.isfile(path) else []
    if len(lines) != 3:
        raise BenchError(f"{path} missing or not \"uname nproc jit\"")
    if lines[1] != "1" or lines[2] != "1":
        raise BenchError(f"boot {run} ran with {lines[1]} vCPUs and bpf_jit_enable={lines[2]}, not 1 and 1")


def load(results):
    runs = sorted(d for d in os.listdir(results) if os.path.isdir(os.path.join(results, d)))
    data = {v: {} for v in VARIANTS}  # variant -> boot -> rows
    images = {}  # run -> listings
    for r in runs:
        v, _, boot = r.rpartition("-")
        if v not in data or not boot.isdigit():
            continue
        if not os.path.isfile(os.path.join(results, r, "finished")):
            raise BenchError(f"boot {r} did not finish")
        check_guest(r, os.path.join(results, r, "kernel"))
        data[v][int(boot)] = read_boot(os.path.join(results, r))
        images[r] = read_listings(os.path.join(results, r))
    for v in VARIANTS:
        if not data[v]:
            raise BenchError(f"no boot of the {v} kernel in {results}")
    keys = set(next(iter(data["c"].values())))
    for v in VARIANTS:
        for b, rows in data[v].items():
            if set(rows) != keys:
                raise BenchError(f"{v} boot {b} measured other rows than c boot 1: "
                                 f"{sorted(set(rows) ^ keys)[:4]}")
    return data, images


def stats(values):
    med = statistics.median(values)
    return {"median": med, "min": min(values), "max": max(values), "spread": (max(values) - min(values)) / med}


def row_order(keys):
    def k(key):
        sec, net, kind, setup = key
        return (sec != "net", net != "veth", KINDS.index(kind),
                SETUPS.index(setup) if sec == "net" else PROGS.index(setup))
    return sorted(keys, key=k)


def compare_images(images):
    """Lines saying whether every boot of every kernel has the same normalised program images."""
    lines, findings = [], []
    runs = sorted(images)
    names = sorted(set().union(*(set(i) for i in images.values())))
    for name in names:
        texts = {}
        for r in runs:
            texts.setdefault(images[r].get(name, "(missing)"), []).append(r)
        if len(texts) == 1:
            size = next(iter(texts)).splitlines()[0].split(":", 1)[1].strip()
            lines.append(f"- `{name}` ({size}): identical in all {len(runs)} boots ({', '.join(VARIANTS)})")
        else:
            groups = "; ".join(", ".join(g) for g in texts.values())
            lines.append(f"- `{name}`: **differs** between boots: {groups} (finding; see raw/*.listings)")
            findings.append(name)
    return lines, findings


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def analyze(results, title):
    """The report's markdown lines, the plot's rows and the findings, from RESULTS_DIR; BenchError when
    the evidence is incomplete."""
    data, images = load(results)
    info = {}
    if not os.path.isfile(os.path.join(results, "info")):
        raise BenchError(f"{results}/info missing")
    with open(os.path.join(results, "info")) as fh:
        for line in fh:
            k, _, v = line.rstrip("\n").partition(" ")
            info.setdefault(k, []).append(v)

    allrows = {v: {} for v in VARIANTS}
    for v in VARIANTS:
        for rows in data[v].values():
            for key, vals in rows.items():
                allrows[v].setdefault(key, []).extend(vals)
    st = {v: {k: stats(x) for k, x in allrows[v].items()} for v in VARIANTS}

    md, findings = [], []
    boots = {v: len(data[v]) for v in VARIANTS}
    rounds = len(next(iter(allrows["c"].values()))) // boots["c"]
    md.append(f"# make bench, {title}\n")
    md.append("Instructions executed per operation, counted with QEMU's `-icount shift=0` (one vCPU, TCG): guest time "
              "advances one nanosecond per executed instruction, so a `CLOCK_MONOTONIC` delta over a loop is an "
              "instruction count. It is **not** a cycle count: cache misses, branch mispredictions and the cost of "
              "indirect calls do not show. Median over "
              f"{boots['c']} boots per kernel (booted alternately) × {rounds} rounds each, after a discarded "
              "warm-up round; *spread* is (max − min) / median over those, the largest of the kernels'.\n")
    md.append(f"- project commit `{info['commit'][0]}`, kernel tree `{info['tree'][0]}` (Linux 7.3.4 + patches/series)")
    for c in info["config"]:
        v, h, frags = c.split(" ", 2)
        md.append(f"- `{v}`: config sha256 `{h}…` ({frags})")
    md.append(f"- machine: {info['cpu'][0]}; QEMU {info['qemu'][0]}; {info['params'][0]}")
    md.append("- udp: one 0-length datagram from a connected socket to the server socket (bound to the wildcard "
              "address), received; tcp: connect (SYN, listener lookup, SYN-ACK, ACK), accept, close with RST "
              "(SO_LINGER 0), close. veth: client and server in two network namespaces joined by a veth pair; "
              "lo: both in the server's namespace over loopback. Steering rows send to a port nothing is bound to; "
              "the program hands the packet to the server socket.\n")

    plot = []

    def compare_row(key, label, first_cells):
        """One table row comparing the kernels on KEY: medians, ratios and differences to c, the spread;
        a difference within the spread is flagged, one beyond it on a row not calling into Rust is a finding."""
        cells = list(first_cells) + [fmt(st["c"][key]["median"])]
        for v in OTHERS:
            diff = st[v][key]["median"] - st["c"][key]["median"]
            noise = max(st[v][key]["max"] - st[v][key]["min"], st["c"][key]["max"] - st["c"][key]["min"])
            if key[0] == "test_run":
                # The kernel reports a test run's duration as whole nanoseconds per run (an integer
                # division): a difference of one is within the resolution.
                noise = max(noise, 1.0)
            mark = ""
            if abs(diff) > 0 and noise >= abs(diff):
                mark = " ±"
            elif (key[0], key[3]) in NO_RUST and abs(diff) > 0:
                findings.append(f"{label}: {v} − c = {diff:+.1f} instructions, beyond the spread")
            cells += [fmt(st[v][key]["median"]), f"{st[v][key]['median'] / st['c'][key]['median']:.4f}",
                      f"{diff:+.1f}{mark}"]
        cells.append(f"{max(st[v][key]['spread'] for v in VARIANTS) * 100:.2f} %")
        md.append("| " + " | ".join(cells) + " |")
        plot.append((label, [st[v][key]["median"] / st["c"][key]["median"] for v in OTHERS]))

    def compare_header(first):
        """The header and alignment lines of a table of compare_row's rows."""
        cols = list(first) + ["c"] + [x for v in OTHERS for x in (v, f"{v}/c", f"{v} − c")] + ["spread"]
        md.append("| " + " | ".join(cols) + " |")
        md.append("|" + "---|" * len(first) + "---:|" * (len(cols) - len(first)))

    md.append("## Per operation (instructions)\n")
    compare_header(("path", "traffic", "programs"))
    for key in row_order(k for k in st["c"] if k[0] == "net"):
        _, net, kind, setup = key
        compare_row(key, f"{net} {kind} {setup}", (net, kind, SETUP_TEXT[setup]))
    md.append("\n±: the difference is within the spread (the larger range, max − min, of the two kernels' "
              "values); it is not resolved.\n")

    md.append("## What attaching costs (instructions per operation, medians, minus the same traffic without a program)\n")
    md.append("| path | traffic | kernel | 1 program, passes | 64 programs, pass | per extra program | steering |")
    md.append("|---|---|---|---:|---:|---:|---:|")
    for key in row_order(k for k in st["c"] if k[0] == "net" and k[3] == "none"):
        _, net, kind, _ = key
        for v in VARIANTS:
            m = {s: st[v][("net", net, kind, s)]["median"] for s in SETUPS}
            md.append(f"| {net} | {kind} | {v} | {m['pass'] - m['none']:+.0f} | {m['pass64'] - m['none']:+.0f} | "
                      f"{(m['pass64'] - m['pass']) / 63:+.1f} | {m['steer'] - m['none']:+.0f} |")

    md.append("\n## BPF_PROG_TEST_RUN, per run (instructions)\n")
    md.append("The context is that of a steered datagram or SYN (local port 7001 on the veth address); the "
              "selected socket is the server socket from the SOCKMAP, which is in no reuseport group (a test "
              "run refuses a reuseport socket selected without `BPF_SK_LOOKUP_F_NO_REUSEPORT`). Each test-run "
              "call checks the verdict and the selected socket's cookie of its last run. The run includes the test loop (the "
              "test timer), the context and the run loop (`BPF_PROG_SK_LOOKUP_RUN_ARRAY`): all C on c; on rust, all "
              "Rust since patch 43 of the series (before it, C's test loop called the Rust run loop out of line).\n")
    compare_header(("traffic", "program"))
    for key in row_order(k for k in st["c"] if k[0] == "test_run"):
        _, _, kind, prog = key
        compare_row(key, f"test_run {kind} {prog}", (kind, PROG_TEXT[prog]))

    md.append("\n## Where the instructions of a test run go (medians)\n")
    md.append("By difference between the three programs. Two pieces of code differ between the kernels: the test "
              "loop with the run loop (C on c, Rust on rust), which every run goes through (first column), and the helper, which "
              "the last column isolates (as far as the run loop does the same work whichever program ran); the "
              "helper's disassembly on each kernel is in `bpf_sk_lookup_assign.<kernel>.s` (on rust since patch 44 "
              "`bpf_sk_lookup_assign` is the C function that jumps to `bpf_sk_lookup_assign_rust`, both there).\n")
    md.append("| traffic | kernel | test loop + context + run loop + empty program | trie + SOCKMAP lookup + release | bpf_sk_assign() |")
    md.append("|---|---|---:|---:|---:|")
    for kind in KINDS:
        for v in VARIANTS:
            m = {p: st[v][("test_run", "-", kind, p)]["median"] for p in PROGS}
            md.append(f"| {kind} | {v} | {m['pass']:.0f} | {m['steer_noassign'] - m['pass']:.0f} | "
                      f"{m['steer'] - m['steer_noassign']:.0f} |")

    md.append("\n## Repeatability (same kernel, two boots)\n")
    for v in VARIANTS:
        worst = (0.0, None)
        for key in st[v]:
            per_boot = [statistics.median(rows[key]) for rows in data[v].values()]
            d = (max(per_boot) - min(per_boot)) / statistics.median(per_boot)
            if d >= worst[0]:
                worst = (d, key)
        where = " ".join(x for x in worst[1] if x != "-") if worst[1] else "-"
        md.append(f"- `{v}`: the medians of two boots differ by at most {worst[0] * 100:.2f} % ({where}), "
                  f"over {len(data[v])} boots")

    md.append("\n## Program images (xlated and JITed, normalised: helper and map addresses replaced by names)\n")
    lines, bad = compare_images(images)
    md += lines
    findings += [f"program image {b} differs between kernels" for b in bad]

    md.append("\n## Findings\n")
    md += [f"- {f}" for f in findings] or [
        "- none: every row with no program attached (the rows that do not call into Rust) reads "
        + ", ".join(f"{v}/c" for v in OTHERS) + " = 1.0000 within its spread, and the images are identical"]
    md.append("\n![difference from c per row, in percent](bench.png)\n")

    return md, plot, findings


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: report.py RESULTS_DIR OUT_DIR\n")
        return 2
    results, out = sys.argv[1:]
    try:
        md, plot, _ = analyze(results, os.path.basename(os.path.normpath(out)))
    except BenchError as e:
        sys.stderr.write(f"bench report: error: {e}\n")
        return 1
    os.makedirs(os.path.join(out, "raw"), exist_ok=True)
    for r in sorted(os.listdir(results)):
        src = os.path.join(results, r)
        if os.path.isdir(src):
            shutil.copy(os.path.join(src, "bench.out"), os.path.join(out, "raw", f"{r}.out"))
            shutil.copy(os.path.join(src, "listings"), os.path.join(out, "raw", f"{r}.listings"))
        elif r.startswith("bpf_sk_lookup_assign."):
            shutil.copy(src, os.path.join(out, r))
    with open(os.path.join(out, "README.md"), "w") as fh:
        fh.write("\n".join(md) + "\n")
    with open(os.path.join(out, "bench.dat"), "w") as fh:
        fh.write("# row, then (kernel - c) / c in percent for each of: " + " ".join(OTHERS) + "\n")
        for name, ratios in plot:
            fh.write(f"\"{name}\" " + " ".join(f"{(r - 1) * 100:.4f}" for r in ratios) + "\n")
    # One series per kernel compared with c: bench.dat's columns 2, 3, ...
    series = ", ".join([f'"{os.path.join(out, "bench.dat")}" using 2:xtic(1) title "{OTHERS[0]}"'] +
                       [f"'' using {i + 2} title \"{v}\"" for i, v in enumerate(OTHERS) if i])
    gp = f"""set terminal pngcairo size 1400,{300 + 18 * len(plot)} font "DejaVu Sans,9" noenhanced
set output "{os.path.join(out, 'bench.png')}"
set title "sk_lookup: instructions per operation, difference from the C implementation (QEMU -icount, medians)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -60 font ",8"
set ylabel "(kernel - c) / c, %"
set grid ytics
set key top left
set yrange [*:*]
plot {series}
"""
    if not shutil.which("gnuplot"):
        sys.stderr.write("bench report: error: gnuplot missing from the build root (make setup installs it)\n")
        return 1
    r = subprocess.run(["gnuplot"], input=gp, capture_output=True, text=True)
    if r.returncode:
        sys.stderr.write(f"bench report: error: gnuplot failed: {r.stderr.strip()[:500]}\n")
        return 1
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
