#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the guest of make stress: the sk_lookup stress alone (pipeline/stress), then the kmemleak
# scan and the kernel log. $1: the demo dir (skl_stress, pipeline/demo/build.sh output), $2: the results
# dir (writable, shared with the host), $3: DURATION in seconds. The host parses the results
# (pipeline/report.py stress).
set -u
DEMO=$1 R=$2 DUR=$3
. "$(dirname "$0")/lib.sh"

uname -r >"$R/uname"
kmemleak_start
stress "$DEMO" "$DUR"
finish
