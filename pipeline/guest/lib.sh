# SPDX-License-Identifier: GPL-2.0
# Sourced by the guest scripts (run-suites.sh, run-configs.sh): what every guest run of suites shares.
# Needs $R, the results dir. suite NAME CMD...: run CMD with its output and "exit=N" in $R/NAME.out.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

suite() {
	local name=$1; shift
	echo "== $name: $*"
	"$@" >"$R/$name.out" 2>&1
	echo "exit=$?" >>"$R/$name.out"
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
