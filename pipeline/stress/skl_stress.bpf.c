// SPDX-License-Identifier: GPL-2.0
/*
 * BPF programs of the sk_lookup stress tool (skl_stress.c).
 *
 * sk_lookup programs, attached many times over to the traffic netns through netns links:
 *   steer          a destination port in netns i's range picks the socket of slot (port % SLOTS) from
 *                  udp_socks (SOCKMAP) or tcp_socks (SOCKHASH) with bpf_sk_assign(ctx, sk, 0); a socket
 *                  selected by an earlier program stays (-EEXIST is counted, not an error)
 *   steer_replace  the same with BPF_SK_LOOKUP_F_REPLACE
 *   pass           returns SK_PASS and selects nothing
 * None of them ever returns SK_DROP: an empty slot or a failed assignment falls back to the regular
 * lookup, where no socket is bound to the steered ports (UDP: NoPorts, TCP: RST).
 *
 * Tracing programs, loaded from a second instance of this object (the stress instance is closed
 * during teardown while these still watch):
 *   count_drop0..2 tp_btf/kfree_skb: every freed-as-dropped skb that is an IPv4 UDP datagram whose
 *                  payload starts with STRESS_MAGIC is counted by destination bucket and drop reason
 *                  (consumed skbs go to the consume_skb tracepoint and are not seen here), each
 *                  datagram once (three copies: see do_count_drop())
 *   net_created    fexit/copy_net_ns: a new netns (CLONE_NEWNET) is remembered by its struct net
 *   net_freed0..2  tp_btf/kmem_cache_free: a remembered struct net being freed is forgotten (three
 *                  copies: see do_net_freed())
 *   tcp_fin        fentry/tcp_send_fin, fentry/tcp_send_active_reset: the last FIN and active reset of
 *   tcp_rst        a steered connection's server side, with the kernel stack, by 4-tuple (tcp_trace)
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/errno.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "skl_stress.h"

#define AF_INET		2
#define CLONE_NEWNET	0x40000000

/* The kernel types read by the tracing programs, relocated by CO-RE against the running kernel. */
struct sk_buff {
	unsigned char *head;
	__u16 transport_header;
	__u16 network_header;
} __attribute__((preserve_access_index));

struct net {
	__u64 net_cookie;
} __attribute__((preserve_access_index));

struct sock_common {
	__u32 skc_daddr;
	__u32 skc_rcv_saddr;
	__u16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	volatile unsigned char skc_state;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
	void *sk_socket;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, NR_NS * SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} udp_socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_SOCKHASH);
	__uint(max_entries, NR_NS * SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} tcp_socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_STATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_BUCKETS * NR_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* struct net address -> net_cookie, for every netns made while the tracer is attached. Preallocated:
 * an update or delete never allocates or frees memory from inside the kmem_cache_free hook.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u64);
} live_nets SEC(".maps");

/* See struct tcp_trace_val (skl_stress.h). LRU: a long run keeps the recent connections. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct tcp_trace_key);
	__type(value, struct tcp_trace_val);
} tcp_trace SEC(".maps");

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline int port_ns(__u32 port)
{
	if (port >= PORT_BASE_0 && port < PORT_BASE_0 + RANGE_LEN)
		return 0;
	if (port >= PORT_BASE_1 && port < PORT_BASE_1 + RANGE_LEN)
		return 1;
	return -1;
}

static __always_inline int do_steer(struct bpf_sk_lookup *ctx, __u64 flags)
{
	struct bpf_sock *sk;
	__u32 key;
	long err;
	int ns;

	stat_inc(ST_STEER_RUNS);
	if (ctx->family != AF_INET)
		return SK_PASS;
	ns = port_ns(ctx->local_port);
	if (ns < 0)
		return SK_PASS;
	key = ns * SLOTS + ctx->local_port % SLOTS;
	if (ctx->protocol == IPPROTO_TCP)
		sk = bpf_map_lookup_elem(&tcp_socks, &key);
	else if (ctx->protocol == IPPROTO_UDP)
		sk = bpf_map_lookup_elem(&udp_socks, &key);
	else
		return SK_PASS;
	if (!sk) {
		stat_inc(ST_STEER_NOSK);
		return SK_PASS;
	}
	err = bpf_sk_assign(ctx, sk, flags);
	bpf_sk_release(sk);
	if (!err)
		stat_inc(ST_STEER_ASSIGNED);
	else if (err == -EEXIST)
		stat_inc(ST_STEER_EEXIST);
	else if (err == -ESOCKTNOSUPPORT)
		stat_inc(ST_STEER_ESOCKTNOSUPPORT);
	else
		stat_inc(ST_STEER_ASSIGN_ERR);
	return SK_PASS;
}

SEC("sk_lookup")
int steer(struct bpf_sk_lookup *ctx)
{
	return do_steer(ctx, 0);
}

SEC("sk_lookup")
int steer_replace(struct bpf_sk_lookup *ctx)
{
	return do_steer(ctx, BPF_SK_LOOKUP_F_REPLACE);
}

SEC("sk_lookup")
int pass(struct bpf_sk_lookup *ctx)
{
	stat_inc(ST_PASS_RUNS);
	return SK_PASS;
}

struct iph_min {
	__u8 ver_ihl;
	__u8 tos;
	__u16 tot_len;
	__u16 id;
	__u16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__u16 check;
	__u32 saddr;
	__u32 daddr;
};

struct udp_payload {
	__u16 source;
	__u16 dest;
	__u16 len;
	__u16 check;
	__u64 magic;
	__u64 seq;
};

/* One bit per stress datagram (sender, n): set by the first copy of count_drop that sees it dropped. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, (NR_SENDERS << SEQ_BITS) / 64);
	__type(key, __u32);
	__type(value, __u64);
} dropped_bits SEC(".maps");

/*
 * Tracepoints and BPF programs are preemptible on this kernel (SRCU-fast tracepoints,
 * migrate_disable()), and a program's recursion guard is per CPU: while one task is preempted inside
 * the program, the events of every other task on that CPU are skipped ("recursion misses"). So each
 * tracer is attached three times; an event is lost only if all three copies are busy on that CPU.
 * The drop counter counts each datagram once whichever copy sees it first, by its own bit.
 */
static __always_inline int do_count_drop(unsigned long long *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)ctx[0];
	__u32 reason = (__u32)ctx[2], idx, bucket;
	struct udp_payload up;
	struct iph_min iph;
	unsigned char *head;
	__u16 nh, th;
	__u64 *v;
	int ns;

	head = BPF_CORE_READ(skb, head);
	nh = BPF_CORE_READ(skb, network_header);
	th = BPF_CORE_READ(skb, transport_header);
	if (!head || nh == 0xffff)
		return 0;
	if (bpf_probe_read_kernel(&iph, sizeof(iph), head + nh))
		return 0;
	if ((iph.ver_ihl >> 4) != 4 || iph.protocol != IPPROTO_UDP)
		return 0;
	if (th == 0xffff || th <= nh)
		th = nh + (iph.ver_ihl & 0xf) * 4;
	if (bpf_probe_read_kernel(&up, sizeof(up), head + th))
		return 0;
	if (up.magic != STRESS_MAGIC) {
		stat_inc(ST_DROP_OTHER_PROTO);
		return 0;
	}
	{
		__u64 sender = up.seq >> SEQ_SENDER_SHIFT, n = up.seq & ((1ULL << SEQ_SENDER_SHIFT) - 1);
		__u32 word;
		__u64 *w, bit;

		if (sender >= NR_SENDERS || n >= (1ULL << SEQ_BITS)) {
			stat_inc(ST_DROP_BAD_SEQ);
			return 0;
		}
		word = ((sender << SEQ_BITS) + n) / 64;
		bit = 1ULL << (n % 64);
		w = bpf_map_lookup_elem(&dropped_bits, &word);
		if (!w)
			return 0;
		if (__sync_fetch_and_or(w, bit) & bit) {
			stat_inc(ST_DROP_DUP);
			return 0;
		}
	}
	stat_inc(ST_DROP_SEEN);
	ns = port_ns(bpf_ntohs(up.dest));
	bucket = ns < 0 ? NR_BUCKETS - 1 : ns;
	if (reason >= NR_REASONS)
		reason = NR_REASONS - 1;
	idx = bucket * NR_REASONS + reason;
	v = bpf_map_lookup_elem(&drops, &idx);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("tp_btf/kfree_skb")
int count_drop0(unsigned long long *ctx)
{
	return do_count_drop(ctx);
}

SEC("tp_btf/kfree_skb")
int count_drop1(unsigned long long *ctx)
{
	return do_count_drop(ctx);
}

SEC("tp_btf/kfree_skb")
int count_drop2(unsigned long long *ctx)
{
	return do_count_drop(ctx);
}

SEC("fexit/copy_net_ns")
int net_created(unsigned long long *ctx)
{
	__u64 flags = ctx[0], p = ctx[3], cookie;
	struct net *net = (struct net *)p;

	if (!(flags & CLONE_NEWNET) || !p || p >= (__u64)-4095)
		return 0;
	cookie = BPF_CORE_READ(net, net_cookie);
	if (bpf_map_lookup_elem(&live_nets, &p))
		stat_inc(ST_NET_REUSED);
	if (bpf_map_update_elem(&live_nets, &p, &cookie, BPF_ANY))
		stat_inc(ST_NET_TRACK_FULL);
	else
		stat_inc(ST_NET_CREATED);
	return 0;
}

/* kmem_cache_free runs for every slab object freed: three copies (see do_count_drop()), the first
 * copy that runs forgets the struct net.
 */
static __always_inline int do_net_freed(unsigned long long *ctx)
{
	__u64 p = ctx[1];

	if (!bpf_map_lookup_elem(&live_nets, &p))
		return 0;
	if (!bpf_map_delete_elem(&live_nets, &p))
		stat_inc(ST_NET_FREED);
	return 0;
}

SEC("tp_btf/kmem_cache_free")
int net_freed0(unsigned long long *ctx)
{
	return do_net_freed(ctx);
}

SEC("tp_btf/kmem_cache_free")
int net_freed1(unsigned long long *ctx)
{
	return do_net_freed(ctx);
}

SEC("tp_btf/kmem_cache_free")
int net_freed2(unsigned long long *ctx)
{
	return do_net_freed(ctx);
}

static __always_inline int do_tcp_trace(unsigned long long *ctx, int kind)
{
	struct sock *sk = (struct sock *)ctx[0];
	struct tcp_trace_key key = {};
	struct tcp_trace_val *v;
	struct tcp_trace_ev *ev;

	if (BPF_CORE_READ(sk, __sk_common.skc_family) != AF_INET)
		return 0;
	key.lport = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (port_ns(key.lport) < 0)
		return 0;
	key.laddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
	key.raddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
	key.rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	v = bpf_map_lookup_elem(&tcp_trace, &key);
	if (!v) {
		struct tcp_trace_val zero = {};

		bpf_map_update_elem(&tcp_trace, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&tcp_trace, &key);
		if (!v)
			return 0;
	}
	ev = &v->ev[kind];
	ev->ts = bpf_ktime_get_ns();
	ev->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	ev->orphan = !BPF_CORE_READ(sk, sk_socket);
	ev->stack_len = bpf_get_stack(ctx, ev->stack, sizeof(ev->stack), 0);
	return 0;
}

SEC("fentry/tcp_send_fin")
int tcp_fin(unsigned long long *ctx)
{
	return do_tcp_trace(ctx, TCP_EV_FIN);
}

SEC("fentry/tcp_send_active_reset")
int tcp_rst(unsigned long long *ctx)
{
	return do_tcp_trace(ctx, TCP_EV_RST);
}

char _license[] SEC("license") = "GPL";
