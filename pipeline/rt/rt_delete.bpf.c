// SPDX-License-Identifier: GPL-2.0
/*
 * rt_delete: an sk_lookup program that deletes from a SOCKMAP while it runs (rt_delete.c).
 *
 * On PREEMPT_RT a SOCKMAP's lock is a sleeping lock, so deleting an element is only allowed where the
 * program runs preemptible (migration disabled, as the RCU read lock of sk_lookup's callers and of
 * BPF_PROG_TEST_RUN keeps it since upstream moved the test timer to rcu_read_lock_dont_migrate());
 * under preempt_disable() the kernel reports "sleeping function called from invalid context".
 *
 * del_then_pass deletes key 1 of socks (a socket user space puts back before each run), selects the
 * socket of key 0 for lookups to DEL_PORT, and returns SK_PASS; it counts its runs and the deletions
 * that succeeded.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define DEL_PORT	7010		/* rt_delete.c's DEL_PORT */

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

__u64 runs, deleted, assigned;

SEC("sk_lookup")
int del_then_pass(struct bpf_sk_lookup *ctx)
{
	__u32 zero = 0, one = 1;
	struct bpf_sock *sk;

	__sync_fetch_and_add(&runs, 1);
	if (!bpf_map_delete_elem(&socks, &one))
		__sync_fetch_and_add(&deleted, 1);
	if (ctx->local_port != DEL_PORT)
		return SK_PASS;
	sk = bpf_map_lookup_elem(&socks, &zero);
	if (!sk)
		return SK_PASS;
	if (!bpf_sk_assign(ctx, sk, 0))
		__sync_fetch_and_add(&assigned, 1);
	bpf_sk_release(sk);
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
