#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stress [DURATION=seconds] [SKL_VARIANT=debug|rust|c]: build what is missing, boot one kernel (the
# debug one by default: KASAN, lockdep, kmemleak) and run the sk_lookup stress (pipeline/stress) in it for
# DURATION seconds (default 180): netns links attached, updated, detached and closed, netns destroyed
# with links attached, SOCKMAP sockets replaced, test runs, under UDP and TCP traffic. Prints the
# operations per kind and the traffic accounted, then a line per suite (stress, dmesg, kmemleak on the
# debug kernel); exit status non-zero on any failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
v=${SKL_VARIANT:-debug}
check_variant "$v"
case "$v" in c|rust|debug) ;; *) die "make stress runs on c, rust or debug, not $v";; esac
dur=${DURATION:-180}
case "$dur" in
''|*[!0-9]*) die "DURATION must be a whole number of seconds, not '$dur'";;
esac
[ "$dur" -ge 10 ] && [ "$dur" -le 3600 ] || die "DURATION must lie between 10 and 3600 seconds (got $dur)"
start=$(date +%s)
step 1/4 "build root and kernel tree" "~6 min cold, seconds warm"
bash "$SKL_TOP/pipeline/setup.sh"
bash "$SKL_TOP/pipeline/tree.sh"
cold="~15-30 min cold"; [ "$v" = debug ] && cold="~17-40 min cold"
step 2/4 "building the $v kernel" "$cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" "$v"
step 3/4 "building the stress tool (pipeline/stress) with the demo" "~1 min cold"
bash "$SKL_TOP/pipeline/demo/build.sh"
# Under TCG the debug kernel runs several times slower: allow for the boot, the tool's own bounded waits
# (settling, teardown: ~4 min at worst) and the kmemleak scans.
export SKL_VM_TIMEOUT=$((dur + $([ "$v" = debug ] && echo 1800 || echo 900)))
# Estimate: boot, DURATION, then the end checks; the KASAN kernel boots in about 4.5 min under TCG.
step 4/4 "VM run: $dur s of stress on the $v kernel" "~$(((dur + $([ "$v" = debug ] && echo 420 || echo 120)) / 60 + 1)) min"
rc=0
guest_run "$v" "results-stress-$v" \
	"$SKL_REPO_IN/pipeline/guest/run-stress.sh $SKL_IN/demo $SKL_IN/results-stress-$v $dur" \
	--append slab_nomerge || rc=$?
in_root python3 "$SKL_REPO_IN/pipeline/report.py" stress "$v" "$SKL_IN/results-stress-$v" "$SKL_IN/build-$v" || rc=1
echo "[stress] $v kernel, DURATION=$dur: $([ $rc = 0 ] && echo passed || echo FAILED) in" \
	"$(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s (raw output: $SKL_CACHE/results-stress-$v)"
exit $rc
