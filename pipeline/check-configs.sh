#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-configs: the configurations make test does not build (not part of CI; ~25-35 min after make test).
#   c-noipv6, rust-noipv6  both implementations with CONFIG_IPV6=n, booted: test_verifier's sk_lookup context
#                          cases, sk_lookup_ip6_ctx, the padding case of verifier_ctx, the ctx table on an IPv4
#                          context (IPv6 address loads accepted, reading 0; c and rust row for row identical),
#                          KUnit, dmesg. The upstream sk_lookup test cannot run there: its set-up runs "ip -6".
#   c-noipv6 unfixed       the same c kernel with only the IPV6=n fix (patch 0002) reverted, an incremental
#                          rebuild of filter.c: the bug must show (test_verifier FAIL, -EFAULT with the verifier
#                          bug in the log, the warning in dmesg) and nothing else may change.
#   noinet                 CONFIG_INET=n with RUST=y and BPF_SYSCALL=y, where no sk_lookup implementation
#                          exists: build only, so that every Rust object builds there too, and the kernel
#                          crate once more with kernel::bpf (which nothing selects there).
# Prints a line per suite and "N passed, N failed"; exit status non-zero on any failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
T=$SKL_CACHE/tree
FIX_SUBJECT="bpf: sk_lookup: set target_size of IPv6 address loads without IPv6"
n=9 i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
series_head=$(git -C "$T" rev-parse HEAD)
fix=$(git -C "$T" log --format=%H --fixed-strings --grep="$FIX_SUBJECT" baseline..HEAD)
[ "$(wc -w <<<"$fix")" = 1 ] || die "the series has no single commit \"$FIX_SUBJECT\" (found: ${fix:-none})"

next "the c kernel and its selftests (their test binaries serve every variant here)" "~15-30 min + 2 min cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" c
bash "$SKL_TOP/pipeline/selftests.sh" c
bash "$SKL_TOP/pipeline/demo/build.sh"

# boot VARIANT RESULTS [NAME]: boot VARIANT's kernel and run pipeline/guest/run-configs.sh into RESULTS, with
# the selftests of selftests_for NAME (default VARIANT).
boot() {
	local v=$1 r=${2##*/} name=${3:-$1}
	guest_run "$v" "$r" \
		"$SKL_REPO_IN/pipeline/guest/run-configs.sh $SKL_IN/selftests-$name/out $SKL_IN/$r $SKL_IN/demo" || true
}

for v in c-noipv6 rust-noipv6; do
	next "building the $v kernel (CONFIG_IPV6=n), seeded from build-$(variant_seed $v)" "~10-20 min seeded, seconds warm"
	bash "$SKL_TOP/pipeline/kernel.sh" "$v"
	selftests_for "$v"
done
summaries=""
for v in c-noipv6 rust-noipv6; do
	next "VM run of the $v kernel: what applies without IPv6" "~2 min under TCG"
	boot "$v" "$SKL_CACHE/results-$v"
	in_root python3 "$SKL_REPO_IN/pipeline/report.py" configs "$v" "$SKL_IN/results-$v" "$SKL_IN/selftests-$v" \
		"$SKL_IN/build-$v" "$SKL_REPO_IN" || true
	summaries="$summaries $SKL_IN/results-$v/summary.json"
done
echo "[diff] ctx access table without IPv6: c kernel vs rust kernel"
rm -rf "$SKL_CACHE/results-diff-noipv6"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" ctxdiff "$SKL_IN/results-c-noipv6" "$SKL_IN/results-rust-noipv6" \
	"$SKL_IN/results-diff-noipv6" || true
summaries="$summaries $SKL_IN/results-diff-noipv6/summary.json"

# The unfixed kernel: the tree at a commit that reverts the fix on top of the series, built in build-c-noipv6
# (only filter.c changes). The tree goes back to the series whatever happens; the next build of c-noipv6
# rebuilds filter.c.
next "the c-noipv6 kernel without the fix ($(git -C "$T" log -1 --format=%h "$fix") reverted): the bug must show" "~5 min"
restore_tree() { git -C "$T" checkout -q -f series && [ "$(git -C "$T" rev-parse HEAD)" = "$series_head" ]; }
trap 'restore_tree || echo "error: could not put $T back on branch series; run make tree" >&2' EXIT
git -C "$T" checkout -q --detach "$series_head"
GIT_AUTHOR_DATE="2026-11-25T00:00:00Z" GIT_COMMITTER_DATE="2026-11-25T00:00:00Z" \
	GIT_COMMITTER_NAME="sk-lookup-rs pipeline" GIT_COMMITTER_EMAIL="pipeline@sk-lookup-rs.invalid" \
	git -C "$T" revert --no-edit "$fix" >/dev/null || die "reverting $fix failed"
[ "$(git -C "$T" diff --name-only "$series_head" HEAD)" = net/core/filter.c ] ||
	die "reverting the fix changed more than net/core/filter.c"
bash "$SKL_TOP/pipeline/kernel.sh" c-noipv6
selftests_for c-noipv6 c-noipv6-unfixed
R=$SKL_CACHE/results-c-noipv6-unfixed
boot c-noipv6 "$R" c-noipv6-unfixed
restore_tree || die "could not put $T back on branch series"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" unfixed c-noipv6-unfixed "$SKL_IN/results-c-noipv6-unfixed" \
	"$SKL_IN/results-c-noipv6" || true
summaries="$summaries $SKL_IN/results-c-noipv6-unfixed/summary.json"

next "building the noinet kernel (CONFIG_INET=n, RUST=y, BPF_SYSCALL=y), build only, seeded from build-c" \
	"~20 min seeded, seconds warm"
B=$SKL_CACHE/results-build-noinet
rm -rf "$B"; mkdir -p "$B"
rc=0; bash "$SKL_TOP/pipeline/kernel.sh" noinet || rc=$?
# Nothing selects CONFIG_RUST_BPF without INET (its one user is the Rust sk_lookup): build the kernel crate
# with kernel::bpf as well, as a user would select it, so that its INET-less parts are shown to build.
if [ $rc = 0 ]; then
	note "building the kernel crate with kernel::bpf (KRUSTFLAGS=--cfg=CONFIG_RUST_BPF)"
	SKL_O=noinet run_logged "$SKL_LOGS/build-noinet-rust-bpf.log" in_root make -C "$SKL_IN/tree" O="$SKL_IN/build" \
		LLVM=1 -j"$SKL_JOBS" KRUSTFLAGS=--cfg=CONFIG_RUST_BPF rust/kernel.o || rc=$?
fi
echo "$rc" >"$B/status"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" build noinet "$SKL_IN/results-build-noinet/status" \
	"$SKL_IN/logs/build-noinet.log" "$SKL_IN/results-build-noinet/summary.json" || true
summaries="$summaries $SKL_IN/results-build-noinet/summary.json"

echo
echo "Summary of make check-configs ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" summary $summaries
