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
kernel=$SKL_IN/build/$(variant_image "$v")
export SKL_O=$v
[ -f "$SKL_CACHE/build-$v/$(variant_image "$v")" ] || die "no $v kernel built: run 'make kernel-$v'"

# with_timeout SECONDS LOG CMD...: run CMD in a session of its own under timeout(1). timeout signals the whole
# process group (QEMU included) at the limit, TERM and 10 s later KILL, and it does so even when this script
# is gone (killed, its terminal closed). Ctrl-C or a TERM of this script kills the session at once: no
# guest outlives the run that started it. Returns CMD's status, 124 on time-out.
vm_pgid=
stop_vm() { [ -z "$vm_pgid" ] || kill -KILL -- "-$vm_pgid" 2>/dev/null || true; }
trap stop_vm EXIT
trap 'stop_vm; echo "error: interrupted, the VM was stopped" >&2; exit 130' INT TERM HUP
with_timeout() {
	local t=$1 log=$2 rc=0; shift 2
	setsid timeout -k 10 "$t" "$@" >"$log" 2>&1 </dev/null &
	vm_pgid=$!
	wait $vm_pgid || rc=$?
	stop_vm
	vm_pgid=
	return $rc
}

accel_file=$SKL_CACHE/accel
if [ ! -f "$accel_file" ] && [ "$(variant_arch "$v")" = x86 ]; then
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
if [ "$(variant_arch "$v")" = x86 ]; then
	accel=$(cat "$accel_file")
	echo "      accel: $accel (remembered in $accel_file; delete it to probe again)"
else
	echo "      accel: tcg ($(variant_arch "$v") on $(uname -m): emulated)"
fi
echo "      log: $log"
# The limit of one guest run (SKL_VM_TIMEOUT seconds): 25 minutes, 45 for the debug variant (KASAN, lockdep
# under TCG) and for arm64 (a foreign instruction set under TCG).
limit=${SKL_VM_TIMEOUT:-$(case $v in debug|arm64-*) echo 2700;; *) echo 1500;; esac)}
rc=0
with_timeout "$limit" "$log" bash "$SKL_TOP/pipeline/in-root.sh" \
	vng $(vm_boot_args "$v") --verbose "$@" --exec "$cmd" || rc=$?
[ $rc = 124 ] && echo "error: the VM did not finish within $limit s and was stopped" >&2
exit $rc
