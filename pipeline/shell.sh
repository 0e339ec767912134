#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make shell: boot a built kernel variant (SKL_VARIANT, default rust) under QEMU with an interactive root
# shell, to explore by hand. The host's file system is visible read-only; the selftests, demo and results
# of the cache are under /skl. Leave the guest with "exit" or Ctrl-D.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
v=${SKL_VARIANT:-rust}; check_variant "$v"
[ -f "$SKL_CACHE/build-$v/$(variant_image "$v")" ] || die "no $v kernel built: run 'make kernel-$v'"
[ -t 0 ] || die "make shell needs a terminal"
echo "booting the $v kernel ($SKL_CACHE/build-$v) under QEMU ($(cat "$SKL_CACHE/accel" 2>/dev/null || echo tcg));" \
	"the selftests are in /skl/selftests-$v/out, the demo in /skl/demo"
export SKL_O=$v
SKL_INTERACTIVE=1 in_root vng $(vm_boot_args "$v")
