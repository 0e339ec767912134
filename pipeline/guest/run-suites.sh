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
sk_lookup_suites "$DEMO" "$TRACE_LIST"
# The short stress pass of make test (make stress runs it longer, on the debug kernel by default).
stress "$DEMO" 30
finish
