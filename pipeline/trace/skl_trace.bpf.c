// SPDX-License-Identifier: GPL-2.0
/*
 * BPF programs of skl_trace (skl_trace.c): whether kernel functions can be traced, and whether the
 * tracing programs on the sk_lookup run loop see exactly what the steering program sees.
 *
 * Part 1 (each program loaded alone, from a fresh instance of this object):
 *   kprobe_any     SEC("kprobe"), attached by user space to each function named on its command line
 *   fentry_any     SEC("fentry"), its target set by user space (bpf_program__set_attach_target())
 * Both only count (ST_PROBE); their bodies read no argument, so they fit any function.
 *
 * Part 2 (the tool's own netns, whose inode number user space writes to cfg[CFG_NETNS_INUM]):
 *   steer          sk_lookup: a lookup to STEER_PORT (TCP or UDP, IPv4 or IPv6) gets the server socket
 *                  of its (family, protocol) from socks with bpf_sk_assign(); counts its own runs and
 *                  bpf_sk_assign() calls per family; always SK_PASS
 *   fentry_inet_lookup_run, fentry_inet6_lookup_run
 *                  fentry on inet{,6}_lookup_run_sk_lookup(): lookups of the netns (ST_HITS)
 *   fexit_inet_lookup_run, fexit_inet6_lookup_run
 *                  fexit on the same: ST_FEXIT, and for each returned socket (not NULL, not an
 *                  ERR_PTR) whether its cookie is the one user space wrote to cfg for the (family,
 *                  protocol argument) of the lookup (ST_RET_SOCK, ST_RET_BAD)
 *   fentry_sk_lookup_assign
 *                  fentry on the bpf_sk_assign() helper of sk_lookup, bpf_sk_lookup_assign(), for
 *                  sockets of the netns, by the socket's family (ST_ASSIGN_HITS)
 * The tracing programs are loaded each from its own instance of this object that reuses the maps of
 * the steering instance, so that a program the kernel cannot attach fails alone.
 *
 * The indices of cfg and stats are mirrored in skl_trace.c: keep both in sync.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define AF_INET		2
#define AF_INET6	10
#define STEER_PORT	7007

enum { FAM_V4, FAM_V6, NR_FAMS };

/* socks keys (and cfg cookie slots, from CFG_COOKIE): family * 2 + (protocol == UDP) */
enum { SOCK_TCP4, SOCK_UDP4, SOCK_TCP6, SOCK_UDP6, NR_SOCKS };

enum {
	CFG_NETNS_INUM,
	CFG_COOKIE,				/* + socks key */
	NR_CFG = CFG_COOKIE + NR_SOCKS,
};

/* The per-family counters take two slots: X + FAM_V4, X + FAM_V6. */
enum {
	ST_RUNS = 0,				/* steer ran */
	ST_ASSIGN_CALLS = 2,			/* steer called bpf_sk_assign() */
	ST_HITS = 4,				/* fentry inet{,6}_lookup_run_sk_lookup, this netns */
	ST_FEXIT = 6,				/* fexit of the same */
	ST_RET_SOCK = 8,			/* ... that returned a socket */
	ST_RET_BAD = 10,			/* ... whose cookie was not the expected one */
	ST_RET_ERR = 12,			/* ... that returned an ERR_PTR */
	ST_ASSIGN_HITS = 14,			/* fentry bpf_sk_lookup_assign, this netns */
	ST_ASSIGN_ERR = 16,			/* bpf_sk_assign() failed */
	ST_NOSK = 17,				/* steer found no socket in socks */
	ST_PROBE = 18,				/* kprobe_any, fentry_any */
	NR_STATS
};

/* The kernel types read by the tracing programs, relocated by CO-RE against the running kernel. */
struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct net {
	struct ns_common ns;
} __attribute__((preserve_access_index));

typedef struct {
	__s64 counter;
} atomic64_t;

struct sock_common {
	unsigned short skc_family;
	struct {
		struct net *net;
	} skc_net;				/* possible_net_t */
	atomic64_t skc_cookie;
} __attribute__((preserve_access_index));

struct sock {
	struct sock_common __sk_common;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_SOCKMAP);
	__uint(max_entries, NR_SOCKS);
	__type(key, __u32);
	__type(value, __u64);
} socks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_CFG);
	__type(key, __u32);
	__type(value, __u64);
} cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_STATS);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &idx);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline __u64 cfg_get(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&cfg, &idx);

	return v ? *v : 0;
}

/* Whether net is the tool's netns (its inode number was written to cfg; 0 matches nothing). */
static __always_inline int our_net(struct net *net)
{
	__u64 inum = cfg_get(CFG_NETNS_INUM);

	return net && inum && BPF_CORE_READ(net, ns.inum) == inum;
}

/* ---- part 1 ---- */

SEC("kprobe")
int kprobe_any(void *ctx)
{
	stat_inc(ST_PROBE);
	return 0;
}

SEC("fentry")
int fentry_any(unsigned long long *ctx)
{
	stat_inc(ST_PROBE);
	return 0;
}

/* ---- part 2 ---- */

SEC("sk_lookup")
int steer(struct bpf_sk_lookup *ctx)
{
	__u32 fam = ctx->family == AF_INET6 ? FAM_V6 : FAM_V4, key;
	struct bpf_sock *sk;

	stat_inc(ST_RUNS + fam);
	if (ctx->local_port != STEER_PORT)
		return SK_PASS;
	if (ctx->protocol == IPPROTO_TCP)
		key = fam * 2;
	else if (ctx->protocol == IPPROTO_UDP)
		key = fam * 2 + 1;
	else
		return SK_PASS;
	sk = bpf_map_lookup_elem(&socks, &key);
	if (!sk) {
		stat_inc(ST_NOSK);
		return SK_PASS;
	}
	stat_inc(ST_ASSIGN_CALLS + fam);
	if (bpf_sk_assign(ctx, sk, 0))
		stat_inc(ST_ASSIGN_ERR);
	bpf_sk_release(sk);
	return SK_PASS;
}

/*
 * inet_lookup_run_sk_lookup(net, protocol, skb, doff, saddr, sport, daddr, hnum, dif, ehashfn) and
 * inet6_lookup_run_sk_lookup() with the same ten arguments (the addresses by pointer): ctx[0] is
 * net, ctx[1] the protocol and, in fexit, ctx[10] the returned struct sock *.
 */
static __always_inline int run_entry(unsigned long long *ctx, __u32 fam)
{
	if (our_net((struct net *)ctx[0]))
		stat_inc(ST_HITS + fam);
	return 0;
}

static __always_inline int run_exit(unsigned long long *ctx, __u32 fam)
{
	__u64 ret = ctx[10], cookie;
	int protocol = (int)ctx[1];
	struct sock *sk = (struct sock *)ret;
	__u32 key;

	if (!our_net((struct net *)ctx[0]))
		return 0;
	stat_inc(ST_FEXIT + fam);
	if (!ret)
		return 0;
	if (ret >= (__u64)-4095) {
		stat_inc(ST_RET_ERR + fam);
		return 0;
	}
	stat_inc(ST_RET_SOCK + fam);
	if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) {
		stat_inc(ST_RET_BAD + fam);
		return 0;
	}
	key = fam * 2 + (protocol == IPPROTO_UDP);
	cookie = BPF_CORE_READ(sk, __sk_common.skc_cookie.counter);
	if (!cookie || cookie != cfg_get(CFG_COOKIE + key))
		stat_inc(ST_RET_BAD + fam);
	return 0;
}

SEC("fentry/inet_lookup_run_sk_lookup")
int fentry_inet_lookup_run(unsigned long long *ctx)
{
	return run_entry(ctx, FAM_V4);
}

SEC("fexit/inet_lookup_run_sk_lookup")
int fexit_inet_lookup_run(unsigned long long *ctx)
{
	return run_exit(ctx, FAM_V4);
}

SEC("fentry/inet6_lookup_run_sk_lookup")
int fentry_inet6_lookup_run(unsigned long long *ctx)
{
	return run_entry(ctx, FAM_V6);
}

SEC("fexit/inet6_lookup_run_sk_lookup")
int fexit_inet6_lookup_run(unsigned long long *ctx)
{
	return run_exit(ctx, FAM_V6);
}

/* BPF_CALL_3(bpf_sk_lookup_assign, ctx, sk, flags): u64 (u64, u64, u64, u64, u64); ctx[1] is sk. */
SEC("fentry/bpf_sk_lookup_assign")
int fentry_sk_lookup_assign(unsigned long long *ctx)
{
	struct sock *sk = (struct sock *)ctx[1];
	struct net *net;

	if (!sk)
		return 0;
	net = BPF_CORE_READ(sk, __sk_common.skc_net.net);
	if (!our_net(net))
		return 0;
	if (BPF_CORE_READ(sk, __sk_common.skc_family) == AF_INET6)
		stat_inc(ST_ASSIGN_HITS + FAM_V6);
	else
		stat_inc(ST_ASSIGN_HITS + FAM_V4);
	return 0;
}

char _license[] SEC("license") = "GPL";
