#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-rt: both implementations on PREEMPT_RT (not part of CI; 36 min from a fresh clone, cold).
#   c-rt, rust-rt   the test kernels plus pipeline/config/rt.config (PREEMPT_RT, lockdep, DEBUG_ATOMIC_SLEEP,
#                   PROVE_RCU), booted with every suite of make test (pipeline/guest/run-suites.sh: sk_lookup
#                   in all flavours, related, test_verifier, demo, badinput, trace, sockmap-delete, a 30 s
#                   stress, KUnit, dmesg); then c-rt against rust-rt: ctx table, bad-input and trace tables.
#   c-rt unfixed    the c-rt kernel with the test timer entering with preempt_disable(), as it did before
#                   upstream moved it to rcu_read_lock_dont_migrate() (an incremental rebuild of test_run.c):
#                   the sockmap-delete suite's test runs must make the kernel report "sleeping function
#                   called from invalid context" from the sk_lookup test run, which the dmesg suite of c-rt
#                   shows absent. The Rust test run (rust-rt) never used that timer.
# No c kernel is needed: the BPF selftests (and the demo tools, and the trace suite's list) are built against
# c-rt, which is built from scratch (PREEMPT_RT changes nearly every object, so no build dir can seed it);
# rust-rt is seeded from it and shares its test binaries (with a bpf_testmod.ko of its own). Prints a line
# per suite and "N passed, N failed"; exit status non-zero on any failure.
set -eu
. "$(dirname "$0")/lib.sh"
need_root
start=$(date +%s)
T=$SKL_CACHE/tree
n=8 i=0
next() { i=$((i + 1)); step "$i/$n" "$@"; }

next "build root (Debian trixie, pinned toolchain)" "~3 min cold"
bash "$SKL_TOP/pipeline/setup.sh"
next "assembling the kernel tree from patches/series" "~3 min cold"
bash "$SKL_TOP/pipeline/tree.sh"
series_head=$(git -C "$T" rev-parse HEAD)

next "building the c-rt kernel (PREEMPT_RT, lockdep), not seeded, and the selftests against it" \
	"~15-25 min + 3 min cold, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" c-rt
bash "$SKL_TOP/pipeline/selftests.sh" c-rt
bash "$SKL_TOP/pipeline/demo/build.sh"
in_root python3 "$SKL_REPO_IN/pipeline/trace/derive.py" "$SKL_IN/tree" "$SKL_IN/build-c-rt" \
	>"$SKL_CACHE/trace.list" 2>"$SKL_LOGS/trace-derive.log" ||
	{ show_log_tail "$SKL_LOGS/trace-derive.log" 5; die "deriving the trace list failed"; }
next "building the rust-rt kernel, seeded from build-c-rt" "~5-10 min seeded, seconds warm"
bash "$SKL_TOP/pipeline/kernel.sh" rust-rt
selftests_for rust-rt rust-rt c-rt

summaries=""
for v in c-rt rust-rt; do
	next "VM run of the $v kernel: every suite" "~5-10 min under TCG with lockdep"
	rm -rf "$SKL_CACHE/results-$v"
	guest_run "$v" "results-$v" \
		"$SKL_REPO_IN/pipeline/guest/run-suites.sh $SKL_IN/selftests-$v/out $SKL_IN/results-$v $SKL_IN/demo $SKL_IN/trace.list" \
		--append slab_nomerge || true
	in_root python3 "$SKL_REPO_IN/pipeline/report.py" vm "$v" "$SKL_IN/results-$v" "$SKL_IN/selftests-$v" \
		"$SKL_IN/build-$v" "$SKL_REPO_IN" || true
	summaries="$summaries $SKL_IN/results-$v/summary.json"
done
echo "[diff] ctx access, bad-input and trace tables: c-rt kernel vs rust-rt kernel"
rm -rf "$SKL_CACHE/results-diff-rt"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" diff "$SKL_IN/results-c-rt" "$SKL_IN/results-rust-rt" \
	"$SKL_IN/results-diff-rt" || true
summaries="$summaries $SKL_IN/results-diff-rt/summary.json"

# The unfixed kernel: the tree at a commit that makes the test timer disable preemption on top of the
# series, built in build-c-rt (only net/bpf/test_run.c changes). The tree goes back to the series whatever
# happens; the next build of c-rt rebuilds test_run.c.
next "the c-rt kernel with the test timer's RT fix undone: the sleep in atomic context must show" "~5 min"
restore_tree() { git -C "$T" checkout -q -f series && [ "$(git -C "$T" rev-parse HEAD)" = "$series_head" ]; }
trap 'restore_tree || echo "error: could not put $T back on branch series; run make tree" >&2' EXIT
git -C "$T" checkout -q --detach "$series_head"
f=$T/net/bpf/test_run.c
sed -i -e 's/^\trcu_read_lock_dont_migrate();$/\trcu_read_lock();\n\tpreempt_disable();/' \
	-e 's/^\trcu_read_unlock_migrate();$/\tpreempt_enable();\n\trcu_read_unlock();/' "$f"
[ "$(git -C "$T" diff --numstat | tr '\t' ' ')" = "4 2 net/bpf/test_run.c" ] ||
	die "undoing the test timer's fix did not change exactly its two lines in net/bpf/test_run.c"
GIT_AUTHOR_DATE="2026-12-07T00:00:00Z" GIT_COMMITTER_DATE="2026-12-07T00:00:00Z" \
	GIT_AUTHOR_NAME="sk-lookup-rs pipeline" GIT_AUTHOR_EMAIL="pipeline@sk-lookup-rs.invalid" \
	GIT_COMMITTER_NAME="sk-lookup-rs pipeline" GIT_COMMITTER_EMAIL="pipeline@sk-lookup-rs.invalid" \
	git -C "$T" commit -q -a -m "test: the test timer disables preemption (before rcu_read_lock_dont_migrate())"
bash "$SKL_TOP/pipeline/kernel.sh" c-rt
R=c-rt-unfixed
guest_run c-rt "results-$R" "R=$SKL_IN/results-$R; . $SKL_REPO_IN/pipeline/guest/lib.sh; kmemleak_start; \
sockmap_delete $SKL_IN/demo; finish" || true
restore_tree || die "could not put $T back on branch series"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" rtunfixed "$R" "$SKL_IN/results-$R" "$SKL_IN/build-c-rt" || true
summaries="$summaries $SKL_IN/results-$R/summary.json"

echo
echo "Summary of make check-rt ($(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s):"
in_root python3 "$SKL_REPO_IN/pipeline/report.py" summary $summaries
