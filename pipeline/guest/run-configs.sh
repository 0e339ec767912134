#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest of make check-configs: what applies to a kernel built without IPv6. The upstream
# sk_lookup test cannot run there (its set-up runs "ip -6" before any subtest); these can:
# test_verifier's sk_lookup context cases, the sk_lookup_ip6_ctx test and the padding case of verifier_ctx,
# and the ctx table on an IPv4 context. KUnit runs at boot; dmesg is kept for it and for splats.
# $1: the selftests dir, $2: the results dir (writable, shared with the host), $3: the demo dir.
set -u
T=$1 R=$2 DEMO=$3
cd "$T" || exit 1
. "$(dirname "$0")/lib.sh"

uname -r >"$R/uname"
if [ -e /proc/sys/net/ipv6 ]; then echo yes; else echo no; fi >"$R/ipv6"
suite test_verifier ./test_verifier
suite related ./test_progs -a sk_lookup_ip6_ctx -a 'verifier_ctx/padding_ctx_access_bpf_sk_lookup'
ctx_table "$DEMO"
finish
