// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's sk_lookup program: the two use cases of the original sk_lookup series, plus a drop.
 *
 *  1. Any address of a prefix (192.0.2.0/24) on one port (80) reaches one socket per protocol,
 *     which bind() cannot express short of binding every address.
 *  2. Any port of one address (198.51.100.1) reaches one socket per protocol.
 *  3. Connections to the prefix on the drop port (8080) are refused with SK_DROP, even though a
 *     socket is bound to 0.0.0.0 on that port and still serves every other address.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define AF_INET 2

/* Keys of the socket map, filled by the loader. */
enum { RANGE_TCP, RANGE_UDP, PORTS_TCP, PORTS_UDP, NR_SOCKS };

struct demo_config {
	__u32 range_net;	/* network order */
	__u32 range_mask;	/* network order */
	__u32 ports_addr;	/* network order */
	__u32 range_port;	/* host order, as ctx->local_port */
	__u32 drop_port;	/* host order */
};

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, NR_SOCKS);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct demo_config);
} config SEC(".maps");

SEC("sk_lookup")
int steer(struct bpf_sk_lookup *ctx)
{
	const struct demo_config *cfg;
	struct bpf_sock *sk;
	__u32 zero = 0, key;
	long err;

	cfg = bpf_map_lookup_elem(&config, &zero);
	if (!cfg || ctx->family != AF_INET)
		return SK_PASS;

	if ((ctx->local_ip4 & cfg->range_mask) == cfg->range_net) {
		if (ctx->local_port == cfg->drop_port)
			return SK_DROP;
		if (ctx->local_port != cfg->range_port)
			return SK_PASS;
		key = ctx->protocol == IPPROTO_TCP ? RANGE_TCP : RANGE_UDP;
	} else if (ctx->local_ip4 == cfg->ports_addr) {
		key = ctx->protocol == IPPROTO_TCP ? PORTS_TCP : PORTS_UDP;
	} else {
		return SK_PASS;
	}

	sk = bpf_map_lookup_elem(&socks, &key);
	if (!sk)
		return SK_PASS;	/* no socket: fall back to the regular lookup */
	err = bpf_sk_assign(ctx, sk, 0);
	bpf_sk_release(sk);
	return err ? SK_DROP : SK_PASS;
}

char _license[] SEC("license") = "GPL";
