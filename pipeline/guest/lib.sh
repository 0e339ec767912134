# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest scripts (run-suites.sh, run-configs.sh, run-arch.sh): what every guest run of suites shares.
# Needs $R, the results dir. suite NAME CMD...: run CMD with its output and "exit=N" in $R/NAME.out.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

suite() {
	local name=$1; shift
	echo "== $name: $*"
	"$@" >"$R/$name.out" 2>&1
	echo "exit=$?" >>"$R/$name.out"
}

# sk_lookup_suites DEMO_DIR TRACE_LIST: the suites every full run of sk_lookup shares (run-suites.sh,
# run-arch.sh), from the current dir, the selftests': the sk_lookup selftests in every flavour (with the
# JIT, and interpreted), the related suite, test_verifier, the demo, the ctx, bad-input and trace tables,
# sockmap-delete.
sk_lookup_suites() {
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
	suite demo "$(dirname "$0")/demo.sh" "$1"
	ctx_table "$1"
	badinput "$1"
	trace "$1" "$2"
	sockmap_delete "$1"
}

# ctx_table DEMO_DIR: the ctx differential table of this kernel, its stderr and exit status.
ctx_table() {
	"$1/ctx_table" >"$R/ctx_table.txt" 2>"$R/ctx_table.err"
	echo "exit=$?" >"$R/ctx_table.status"
}

# badinput DEMO_DIR: the bad-input table of this kernel (pipeline/badinput), its stderr and exit status.
badinput() {
	"$1/bad_input" >"$R/badinput.txt" 2>"$R/badinput.err"
	echo "exit=$?" >"$R/badinput.status"
}

# trace DEMO_DIR LIST: the trace table of this kernel (pipeline/trace): for each function of LIST (derived
# from the c kernel by pipeline/trace/derive.py) and the two controls, whether the function tracer lists it
# and a kprobe and an fentry program attach; then tracing programs on the run loop against a steering
# program's own counts. Around it, a kretprobe event defined through tracefs, as a user would, must record
# the run loop's returns: "row tracefs-kretprobe yes|no" is appended to the table. The list used is kept.
trace() {
	local bin=$1 list=$2 ev=/sys/kernel/tracing/kprobe_events rc n
	if [ ! -s "$list" ]; then
		echo "trace: no list of functions in $list (derived from the c kernel's build)" >"$R/trace.err"
		echo "exit=2" >"$R/trace.status"
		return 0
	fi
	cp "$list" "$R/trace.list"
	mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
	echo 'r:skl/lookup_ret inet_lookup_run_sk_lookup ret=$retval' >>$ev 2>"$R/trace.kretprobe" &&
		echo 1 >/sys/kernel/tracing/events/skl/lookup_ret/enable 2>>"$R/trace.kretprobe"
	# shellcheck disable=SC2046 # one function name per line
	"$bin/skl_trace" "$bin/skl_trace.bpf.o" $(cat "$list") __inet_lookup_listener udp_lib_lookup2 \
		>"$R/trace.txt" 2>"$R/trace.err"
	rc=$?
	n=$(grep -c 'lookup_ret:' /sys/kernel/tracing/trace 2>/dev/null)
	echo 0 >/sys/kernel/tracing/events/skl/lookup_ret/enable 2>/dev/null
	echo '-:skl/lookup_ret' >>$ev 2>/dev/null
	echo "kretprobe events recorded: ${n:-0}" >>"$R/trace.kretprobe"
	[ "${n:-0}" -gt 0 ] && echo "row tracefs-kretprobe yes" >>"$R/trace.txt" ||
		echo "row tracefs-kretprobe no" >>"$R/trace.txt"
	echo "exit=$rc" >"$R/trace.status"
}

# sockmap_delete DEMO_DIR: rt_delete (pipeline/rt): an sk_lookup program deleting from a SOCKMAP in test
# runs and on steered lookups; its rows, stderr and exit status. What it is for shows in dmesg on RT kernels.
sockmap_delete() {
	"$1/rt_delete" "$1/rt_delete.bpf.o" >"$R/sockmap-delete.txt" 2>"$R/sockmap-delete.err"
	echo "exit=$?" >"$R/sockmap-delete.status"
}

# stress DEMO_DIR DURATION: the sk_lookup stress (pipeline/stress: skl_stress makes and deletes its own
# netns) for DURATION seconds. $R/stress.out: the boot's facts, skl_stress's report, and "exit=N" last;
# $R/slabinfo.before/.after and what bpftool lists afterwards ($R/bpftool.txt), for the reader.
stress() {
	local bin=$1 dur=$2 rc start bpftool
	{
		echo "run-stress: kernel $(uname -r) $(uname -v)"
		echo "run-stress: cmdline $(cat /proc/cmdline)"
		if grep -qw slab_nomerge /proc/cmdline; then
			echo "run-stress: slab_nomerge: yes (net_namespace has a cache of its own)"
		elif grep -q '^net_namespace ' /proc/slabinfo; then
			echo "run-stress: slab_nomerge: no (but net_namespace is not merged on this kernel)"
		else
			echo "run-stress: slab_nomerge: no (net_namespace is merged into another cache: no count of its own)"
		fi
	} >"$R/stress.out"
	cat /proc/slabinfo >"$R/slabinfo.before" 2>&1
	start=$(date +%s)
	# skl_stress bounds its own waits (DURATION + about 4 min at worst); this is only a backstop.
	timeout -k 10 $((dur + 600)) "$bin/skl_stress" "$dur" "$bin/skl_stress.bpf.o" >>"$R/stress.out" 2>&1
	rc=$?
	echo "run-stress: skl_stress took $(($(date +%s) - start)) s" >>"$R/stress.out"
	cat /proc/slabinfo >"$R/slabinfo.after" 2>&1
	bpftool=$(ls /skl/selftests-*/src/tools/testing/selftests/bpf/tools/sbin/bpftool 2>/dev/null | head -n1)
	if [ -n "$bpftool" ]; then
		for k in prog link map; do echo "== bpftool $k show"; "$bpftool" $k show 2>&1; done >"$R/bpftool.txt"
	fi
	echo "exit=$rc" >>"$R/stress.out"
}

# kmemleak (kernels with DEBUG_KMEMLEAK, the debug variant): kmemleak_start marks what boot left as
# suspected leaks as seen (scan, then clear: clear only greys the suspects of the last scan), so that
# kmemleak_end reports what the run leaked. kmemleak_end waits for deferred frees (RCU callbacks, netns
# cleanup, link deallocation) and scans twice, as kmemleak's documentation advises against transient
# false positives; the suspects land in $R/kmemleak ("absent" when the kernel has no kmemleak).
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_start() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	[ -e $KMEMLEAK ] || return 0
	echo scan >$KMEMLEAK && echo clear >$KMEMLEAK
	echo "kmemleak: boot-time suspects cleared at $(cut -d' ' -f1 /proc/uptime) s"
}
kmemleak_end() {
	if [ ! -e $KMEMLEAK ]; then
		echo absent >"$R/kmemleak"
		return 0
	fi
	sleep 10
	echo scan >$KMEMLEAK
	sleep 6
	echo scan >$KMEMLEAK
	{ echo "# kmemleak scanned twice at $(cut -d' ' -f1 /proc/uptime) s"; cat $KMEMLEAK; echo "# end"; } \
		>"$R/kmemleak" 2>&1
}

# finish: the kmemleak scan, the kernel log, then the mark that the run got to its end.
finish() {
	kmemleak_end
	dmesg >"$R/dmesg"
	echo done >"$R/finished"
}
