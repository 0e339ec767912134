// SPDX-License-Identifier: GPL-2.0
/*
 * The programs of make bench (pipeline/bench/skl_bench.c loads them):
 *
 *  pass            returns SK_PASS without selecting: the cost of the run loop and an empty program
 *  steer           the original series' benchmark program: the local address is looked up in a ~200-entry
 *                  LPM trie; on a hit whose port matches, the socket for the packet's family and protocol
 *                  is taken from a SOCKMAP and selected with bpf_sk_assign()
 *  steer_noassign  steer without the bpf_sk_assign() call (the socket is still looked up and released): in
 *                  test runs, steer minus steer_noassign is the cost of the helper alone
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define barrier() asm volatile("" ::: "memory")

#define AF_INET 2
#define AF_INET6 10

/* Keys of the socket map, filled by the loader: one socket per family and protocol. */
enum { SOCK_UDP4, SOCK_UDP6, SOCK_TCP4, SOCK_TCP6, NR_SOCKS };

/* IPv4 addresses are keyed as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d). */
struct prefix_key {
	__u32 prefixlen;
	__u32 addr[4];
};

struct prefix_val {
	__u32 port;	/* host order, as ctx->local_port */
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 256);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct prefix_key);
	__type(value, struct prefix_val);
} prefixes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, NR_SOCKS);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

SEC("sk_lookup")
int pass(struct bpf_sk_lookup *ctx)
{
	return SK_PASS;
}

static __always_inline int lookup(struct bpf_sk_lookup *ctx, bool assign)
{
	struct prefix_key key = { .prefixlen = 128 };
	const struct prefix_val *val;
	struct bpf_sock *sk;
	__u32 k;
	long err = 0;

	/*
	 * The barriers keep clang from merging the two branches' loads into one load from a computed offset
	 * into the context, which the verifier refuses.
	 */
	if (ctx->family == AF_INET) {
		key.addr[2] = bpf_htonl(0xffff);
		key.addr[3] = ctx->local_ip4;
		barrier();
		k = SOCK_UDP4;
	} else {
		key.addr[0] = ctx->local_ip6[0];
		key.addr[1] = ctx->local_ip6[1];
		key.addr[2] = ctx->local_ip6[2];
		key.addr[3] = ctx->local_ip6[3];
		barrier();
		k = SOCK_UDP6;
	}
	val = bpf_map_lookup_elem(&prefixes, &key);
	if (!val || ctx->local_port != val->port)
		return SK_PASS;
	if (ctx->protocol == IPPROTO_TCP)
		k += SOCK_TCP4;
	sk = bpf_map_lookup_elem(&socks, &k);
	if (!sk)
		return SK_PASS;
	if (assign)
		err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err ? SK_DROP : SK_PASS;
}

SEC("sk_lookup")
int steer(struct bpf_sk_lookup *ctx)
{
	return lookup(ctx, true);
}

SEC("sk_lookup")
int steer_noassign(struct bpf_sk_lookup *ctx)
{
	return lookup(ctx, false);
}

char _license[] SEC("license") = "GPL";
