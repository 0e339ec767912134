#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the cost of sk_lookup on the receive path, c against rust, instruction-exact.
#
# Boots the c and rust kernels in turn (BOOTS times each, alternating so that a change on the machine
# during the run hits both alike) under QEMU's -icount shift=0 with one vCPU: guest time then advances
# one nanosecond per executed instruction, so a CLOCK_MONOTONIC delta over a loop is an instruction
# count (not cycles: cache misses, mispredictions and the cost of indirect calls do not show).
# In each boot pipeline/bench/guest.sh runs skl_bench (see its header for what is measured). The report
# (pipeline/bench/report.py) goes to bench/results/YYYY-MM-DD/ in this clone: table, plot, raw outputs.
#
# Not a pass/fail test, but it fails (exit status 1) when a boot does not finish, a program fails to load
# or attach, a datagram or connection is lost, or a test run selects the wrong socket.
#
# Environment: SKL_BENCH_BOOTS (3), SKL_BENCH_ROUNDS (3, after one warm-up round), SKL_BENCH_UDP (3000
# datagrams per round), SKL_BENCH_TCP (300 connections per round), SKL_BENCH_REPEAT (20000 test runs per
# round), SKL_BENCH_PATHS ("veth lo"), SKL_BENCH_NAME (the results folder's name: the UTC date by default;
# a run never overwrites an existing folder, so a second run on one day needs a name of its own).
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
BOOTS=${SKL_BENCH_BOOTS:-3} ROUNDS=${SKL_BENCH_ROUNDS:-3} UDP=${SKL_BENCH_UDP:-3000} TCP=${SKL_BENCH_TCP:-300}
REPEAT=${SKL_BENCH_REPEAT:-20000} PATHS=${SKL_BENCH_PATHS:-veth lo}
for n in "$BOOTS" "$ROUNDS" "$UDP" "$TCP" "$REPEAT"; do
	[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SKL_BENCH_BOOTS, _ROUNDS, _UDP, _TCP and _REPEAT must be positive integers (got '$n')"
done
for p in $PATHS; do
	case "$p" in veth|lo) ;; *) die "SKL_BENCH_PATHS: unknown path '$p' (expected veth and/or lo)";; esac
done
VARIANTS="c rust"
B=$SKL_CACHE/results-bench
DAY=${SKL_BENCH_NAME:-$(date -u +%F)}
[[ "$DAY" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "SKL_BENCH_NAME: '$DAY' is not a plain folder name"
OUT=$SKL_TOP/bench/results/$DAY
[ ! -e "$OUT" ] || die "$OUT exists: name this run with SKL_BENCH_NAME=... (or remove the folder)"
n=6 i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
next "building the c and rust kernels" "~15-30 min cold, ~5-9 min more for the seeded rust one, seconds warm"
for v in $VARIANTS; do bash "$SKL_TOP/pipeline/kernel.sh" "$v"; done
next "building skl_bench and its BPF programs" "~1 min cold"
bash "$SKL_TOP/pipeline/demo/build.sh"

next "$BOOTS boots of each kernel under -icount shift=0, 1 vCPU" "~1 min per boot under TCG, $((BOOTS * $(wc -w <<<"$VARIANTS"))) boots"
rm -rf "$B"; mkdir -p "$B"
for b in $(seq "$BOOTS"); do
	for v in $VARIANTS; do
		r=$v-$b
		echo "  boot $b of $BOOTS: $v (log: $SKL_LOGS/vm-results-bench-$r.log)"
		if ! guest_run "$v" "results-bench/$r" \
			"$SKL_REPO_IN/pipeline/bench/guest.sh $SKL_IN/demo $SKL_IN/results-bench/$r $ROUNDS $UDP $TCP $REPEAT $PATHS" \
			--cpus 1 --qemu-opts "-icount shift=0" >/dev/null; then
			if [ -s "$B/$r/bench.err" ]; then
				echo "  the benchmark's errors ($B/$r/bench.err):" >&2
				show_log_tail "$B/$r/bench.err" 20
			fi
			die "the benchmark did not finish on the $v kernel (boot $b of $BOOTS)"
		fi
	done
done

next "report: medians, ratios, spreads, program images compared" "seconds"
info=$B/info
{
	echo "commit $(git -C "$SKL_TOP" rev-parse --short=12 HEAD)$(git -C "$SKL_TOP" diff --quiet HEAD -- . 2>/dev/null || echo '+uncommitted')"
	echo "tree $(git -C "$SKL_CACHE/tree" rev-parse --short=12 HEAD)"
	for v in $VARIANTS; do
		echo "config $v $(sha256sum "$SKL_CACHE/build-$v/.config" | cut -c1-12) $(variant_configs "$v" | sed 's/ / + /g')"
	done
	echo "cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores"
	echo "qemu $(in_root dpkg-query -W -f='${Version}' qemu-system-x86)"
	echo "params boots=$BOOTS rounds=$ROUNDS udp=$UDP tcp=$TCP repeat=$REPEAT paths=$PATHS"
	echo "elapsed $(( $(date +%s) - start ))"
} >"$info"
# The helper the steering rows call (bpf_sk_assign() of sk_lookup), as each kernel has it. It is not the
# only code that differs: on rust the run loop is Rust too (every row with a program, every test run).
for v in $VARIANTS; do
	in_root llvm-objdump -d --no-show-raw-insn -M intel --disassemble-symbols=bpf_sk_lookup_assign,bpf_sk_lookup_assign_rust \
		"$SKL_IN/build-$v/vmlinux" >"$B/bpf_sk_lookup_assign.$v.s" ||
		die "disassembling bpf_sk_lookup_assign from the $v kernel failed"
	grep -q 'bpf_sk_lookup_assign>:' "$B/bpf_sk_lookup_assign.$v.s" ||
		die "no bpf_sk_lookup_assign in the $v kernel's vmlinux"
done
# A new folder (checked above): a committed run is never replaced by a later one of the same day.
mkdir -p "$OUT"
in_root python3 "$SKL_REPO_IN/pipeline/bench/report.py" "$SKL_IN/results-bench" "$SKL_REPO_IN/bench/results/$DAY"
echo "make bench: $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s; results in $OUT (commit them)"
