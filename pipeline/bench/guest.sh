#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a guest booted by pipeline/bench.sh under -icount shift=0 with one vCPU.
# Usage: guest.sh DEMO_DIR OUT_DIR ROUNDS UDP_OPS TCP_OPS REPEAT PATH...
# Sets up the two network namespaces of skl_bench (see its header), runs it, then normalises the programs'
# images for the host's comparison across kernels (normalize.py). Writes OUT_DIR/bench.out,
# OUT_DIR/listings, OUT_DIR/kernel, and OUT_DIR/finished last; errors go to OUT_DIR/bench.err.
set -u
D=$1 O=$2; shift 2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
exec 2>"$O/bench.err"
set -e
{ uname -r; nproc; cat /proc/sys/net/core/bpf_jit_enable; } >"$O/kernel"
# The veth pair between the namespaces, with static neighbour entries (no ARP or ND during a round: entries
# going stale at random times would add work to some rounds) and no DAD.
ip netns add srv
ip netns add cli
ip link add veth-c netns cli address 02:00:00:00:09:01 type veth peer name veth-s netns srv address 02:00:00:00:09:02
for n in cli:c:1:2 srv:s:2:1; do
	IFS=: read -r ns end me peer <<<"$n"
	ip -n "$ns" link set lo up
	ip -n "$ns" addr add 10.9.0.$me/24 dev veth-$end
	ip -n "$ns" addr add fd00:0:0:9::$me/64 dev veth-$end nodad
	ip -n "$ns" link set veth-$end up
	ip -n "$ns" neigh add 10.9.0.$peer lladdr 02:00:00:00:09:0$peer dev veth-$end nud permanent
	ip -n "$ns" neigh add fd00:0:0:9::$peer lladdr 02:00:00:00:09:0$peer dev veth-$end nud permanent
done
"$D/skl_bench" "$D/skl_bench.bpf.o" "$@" >"$O/bench.out"
python3 "$(dirname "$0")/normalize.py" "$O/bench.out" /proc/kallsyms >"$O/listings"
echo done >"$O/finished"
