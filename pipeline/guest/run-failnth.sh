#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the virtme-ng guest of make fail-nth (a kernel with FAULT_INJECTION, FAILSLAB,
# FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS, kmemleak; booted with slab_nomerge so that every cache has its
# own failslab switch). $1: the demo dir (fail_nth and its BPF object), $2: the results dir.
# Two passes of pipeline/failnth/fail_nth over every operation it knows:
#  slab  failslab only: sleeping allocations injectable (ignore-gfp-wait N), cache-filter on with every
#        cache marked but kmemleak's own (whose metadata allocations fall back silently and would be half
#        the points), fail_page_alloc out of reach (min-order 100). Each operation swept twice, then
#        kmemleak (wait, scan twice) on what the two sweeps left.
#  page  fail_page_alloc only (min-order 0, ignore-gfp-wait N, ignore-gfp-highmem N: vmalloc asks for
#        __GFP_HIGHMEM pages even where there is no highmem; no cache marked): one sweep each.
# fail-nth fails the N-th injectable allocation of the calling thread only (and none in interrupts);
# probability stays 0 and the task filter on, so nothing else is ever failed. verbose 2: each injection
# logs "FAULT_INJECTION: forcing a failure." with its stack (fail_nth reads /dev/kmsg after each attempt;
# allocations with __GFP_NOWARN log nothing, which is why fail_nth also records every injected failure's
# stack from fexit programs). The console gets none of it (dmesg -n 1): the serial console of a TCG guest
# would take minutes; the log buffer keeps everything for the host.
# Outputs in $2: failnth-setup.txt, failnth-PASS.jsonl (one record per attempt), failnth-PASS-OP-SWEEP.out
# (the tool's lines and "exit=N"), kmemleak-OP, and what finish writes (kmemleak, dmesg, finished).
set -u
DEMO=$1 R=$2
. "$(dirname "$0")/lib.sh"

uname -r >"$R/uname"
dmesg -n 1
kmemleak_start
F=/sys/kernel/debug/failslab P=/sys/kernel/debug/fail_page_alloc
SKIP_CACHES="kmemleak_object kmemleak_scan_area"

# mark_caches 0|1: set every cache's failslab switch (1: all but kmemleak's), count what was set.
mark_caches() {
	local c name set=0 bad=""
	for c in /sys/kernel/slab/*/failslab; do
		name=${c%/failslab}; name=${name##*/}
		if [ "$1" = 1 ] && [[ " $SKIP_CACHES " == *" $name "* ]]; then
			echo 0 >"$c" || bad="$bad $name"
			continue
		fi
		echo "$1" >"$c" 2>/dev/null && set=$((set + 1)) || bad="$bad $name"
	done
	echo "failslab=$1 on $set caches; not settable:${bad:- none}"
}

setup() {
	local d
	for d in $F $P; do
		echo 0 >$d/probability; echo 1 >$d/interval; echo -1 >$d/times; echo 0 >$d/space
		echo 2 >$d/verbose; echo Y >$d/task-filter
	done
	echo N >$F/ignore-gfp-wait; echo Y >$F/cache-filter
	echo N >$P/ignore-gfp-wait; echo N >$P/ignore-gfp-highmem
	case $1 in
	slab) echo 100 >$P/min-order; mark_caches 1;;
	page) echo 0 >$P/min-order; mark_caches 0;;
	esac
	echo "pass $1: failslab ignore-gfp-wait=$(cat $F/ignore-gfp-wait) cache-filter=$(cat $F/cache-filter)" \
		"verbose=$(cat $F/verbose); fail_page_alloc min-order=$(cat $P/min-order)" \
		"ignore-gfp-wait=$(cat $P/ignore-gfp-wait) ignore-gfp-highmem=$(cat $P/ignore-gfp-highmem)"
	echo "  marked: $(grep -l 1 /sys/kernel/slab/*/failslab 2>/dev/null | wc -l) caches;" \
		"kmemleak's: $(for c in $SKIP_CACHES; do echo -n "$c=$(cat /sys/kernel/slab/$c/failslab 2>/dev/null || echo absent) "; done)"
}

# sweep PASS OP SWEEP: one sweep of fail_nth, its lines and exit status in failnth-PASS-OP-SWEEP.out.
sweep() {
	local out=$R/failnth-$1-$2-$3.out
	"$DEMO/fail_nth" "$DEMO/fail_nth.bpf.o" "$1" "$2" "$3" "$R/failnth-$1.jsonl" >"$out" 2>&1
	echo "exit=$?" >>"$out"
}

# kmemleak_op OP: suspects after OP's sweeps (kmemleak reports no object younger than 5 s: wait, then
# scan twice), in kmemleak-OP; then clear, so that the next operation's check sees only its own.
kmemleak_op() {
	[ -e $KMEMLEAK ] || { echo absent >"$R/kmemleak-$1"; return 0; }
	sleep 6
	echo scan >$KMEMLEAK
	echo scan >$KMEMLEAK
	{ echo "# kmemleak scanned twice at $(cut -d' ' -f1 /proc/uptime) s"; cat $KMEMLEAK; echo "# end"; } \
		>"$R/kmemleak-$1" 2>&1
	echo clear >$KMEMLEAK
}

if [ ! -d $F ] || [ ! -d $P ] || [ ! -e /proc/thread-self/fail-nth ]; then
	echo "no $F, $P or /proc/thread-self/fail-nth: the kernel lacks fault injection" >"$R/failnth-setup.txt"
	finish
	exit 0
fi
ops=$("$DEMO/fail_nth" list) || ops=""
echo "operations: $ops" >"$R/failnth-setup.txt"
setup slab >>"$R/failnth-setup.txt" 2>&1
for op in $ops; do
	sweep slab "$op" 1
	sweep slab "$op" 2
	kmemleak_op "$op"
done
setup page >>"$R/failnth-setup.txt" 2>&1
for op in $ops; do
	sweep page "$op" 1
done
mark_caches 0 >>"$R/failnth-setup.txt" 2>&1
finish
