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

# finish: the kernel log, then the mark that the run got to its end.
finish() {
	dmesg >"$R/dmesg"
	echo done >"$R/finished"
}
