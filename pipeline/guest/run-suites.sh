#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the virtme-ng guest: every test suite of the pipeline against the booted kernel.
# $1: the selftests dir (read-only is fine), $2: the results dir (writable, shared with the host),
# $3: the demo dir (pipeline/demo/build.sh output), $4: the trace suite's list of functions
# (pipeline/trace/derive.py output).
# Each suite's raw output goes to $2/<suite>.out; the host parses them (pipeline/report.py).
set -u
T=$1 R=$2 DEMO=$3 TRACE_LIST=$4
cd "$T" || exit 1
. "$(dirname "$0")/lib.sh"

uname -r >"$R/uname"
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
# The interpreter calls helpers through function pointers: kCFI checks their types there. The value in
# force is read back for the report: a run that was not interpreted fails.
sysctl -qw net.core.bpf_jit_enable=0
sysctl -n net.core.bpf_jit_enable >"$R/sk_lookup-nojit.jit" 2>&1
suite sk_lookup-nojit ./test_progs -a sk_lookup
sysctl -qw net.core.bpf_jit_enable=1
suite demo "$(dirname "$0")/demo.sh" "$DEMO"
ctx_table "$DEMO"
badinput "$DEMO"
trace "$DEMO" "$TRACE_LIST"
sockmap_delete "$DEMO"
# The short stress pass of make test (make stress runs it longer, on the debug kernel by default).
stress "$DEMO" 30
finish
