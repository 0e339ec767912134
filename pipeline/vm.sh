#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a kernel variant in QEMU through virtme-ng (inside the build root) and run one command in it.
# Usage: vm.sh VARIANT LOG GUEST_COMMAND [extra vng args...]
# KVM is tried once per machine (nested guests hang on some hosts) and the outcome is remembered in
# $SKL_CACHE/accel; otherwise QEMU runs under TCG.
set -eu
. "$(dirname "$0")/lib.sh"
v=${1:-}; check_variant "$v"
log=${2:?log file}; cmd=${3:?guest command}; shift 3
kernel=$SKL_IN/build/arch/x86/boot/bzImage
export SKL_O=$v
[ -f "$SKL_CACHE/build-$v/arch/x86/boot/bzImage" ] || die "no $v kernel built: run 'make kernel-$v'"

# with_timeout SECONDS LOG CMD...: run CMD in its own session; past SECONDS kill the whole session (QEMU
# included, which a plain timeout would leave running). Returns CMD's status, 124 on time-out.
with_timeout() {
	local t=$1 log=$2 pid i; shift 2
	setsid "$@" >"$log" 2>&1 &
	pid=$!
	for ((i = 0; i < t; i++)); do
		kill -0 $pid 2>/dev/null || { wait $pid; return; }
		sleep 1
	done
	kill -KILL -- -$pid 2>/dev/null
	wait $pid 2>/dev/null
	return 124
}

accel_file=$SKL_CACHE/accel
if [ ! -f "$accel_file" ]; then
	accel=tcg
	if [ -c /dev/kvm ]; then
		echo "      probing KVM once (a hanging nested guest is stopped after 60 s)"
		if with_timeout 60 "$SKL_LOGS/kvm-probe.log" bash "$SKL_TOP/pipeline/in-root.sh" \
			vng -r "$kernel" --user root --exec 'echo skl-kvm-ok' &&
			grep -q skl-kvm-ok "$SKL_LOGS/kvm-probe.log"; then
			accel=kvm
		fi
	fi
	echo "$accel" >"$accel_file"
fi
accel=$(cat "$accel_file")
kvm_arg=--disable-kvm; [ "$accel" = kvm ] && kvm_arg=
echo "      accel: $accel (remembered in $accel_file; delete it to probe again)"
echo "      log: $log"
rc=0
with_timeout 1500 "$log" bash "$SKL_TOP/pipeline/in-root.sh" \
	vng -r "$kernel" $kvm_arg --user root --cpus 2 --memory 2G --verbose "$@" --exec "$cmd" || rc=$?
[ $rc = 124 ] && echo "error: the VM did not finish within 25 minutes and was stopped" >&2
exit $rc
