#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the arm64 guest of make check-arch (pipeline/check-arch.sh): the suites of make test that
# say whether sk_lookup works on another architecture: the sk_lookup selftests in every flavour (with the
# JIT, and interpreted), the related suite, test_verifier, the demo, the ctx table, the bad-input table and
# sockmap-delete, the trace suite (its list derived from the arm64-c build); the host reads KUnit and
# the kernel log from dmesg. Not run here: the stress (make stress).
# $1: the selftests dir, $2: the results dir (writable), $3: the demo dir (pipeline/demo/build.sh arm64),
# $4: the trace suite's list of functions (pipeline/trace/derive.py of the arm64-c build).
set -u
T=$1 R=$2 DEMO=$3 TRACE_LIST=$4
cd "$T" || exit 1
. "$(dirname "$0")/lib.sh"

{ uname -r; uname -m; } >"$R/uname"
kmemleak_start
sysctl -n net.core.bpf_jit_enable >"$R/jit-default"
suite sk_lookup ./test_progs -a sk_lookup
suite sk_lookup-no_alu32 ./test_progs-no_alu32 -a sk_lookup
suite sk_lookup-cpuv4 ./test_progs-cpuv4 -a sk_lookup
suite related ./test_progs -a 'verifier_ctx/padding_ctx_access_bpf_sk_lookup' \
	-a 'verifier_sockmap_mutate/test_sk_lookup' -a 'libbpf_probe_prog_types/BPF_PROG_TYPE_SK_LOOKUP' \
	-a flow_dissector_reattach -a flow_dissector_namespace -a flow_dissector_skb_less_direct_attach \
	-a flow_dissector_skb_less_indirect_attach -a sk_lookup_ip6_ctx
suite test_verifier ./test_verifier
sysctl -qw net.core.bpf_jit_enable=0
sysctl -n net.core.bpf_jit_enable >"$R/sk_lookup-nojit.jit" 2>&1
suite sk_lookup-nojit ./test_progs -a sk_lookup
sysctl -qw net.core.bpf_jit_enable=1
suite demo "$(dirname "$0")/demo.sh" "$DEMO"
ctx_table "$DEMO"
badinput "$DEMO"
trace "$DEMO" "$TRACE_LIST"
sockmap_delete "$DEMO"
finish
