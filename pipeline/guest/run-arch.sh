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
sk_lookup_suites "$DEMO" "$TRACE_LIST"
finish
