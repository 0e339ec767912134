// SPDX-License-Identifier: GPL-2.0
/* Reads the IPv6 address fields of an sk_lookup context at every load size the verifier accepts. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Each word of the addresses as a 4-byte load reads it. */
__u32 remote_ip6[4];
__u32 local_ip6[4];
/* Words whose 1- or 2-byte loads disagree with their 4-byte load. */
int mismatches;

/* Reads @word whole, in bytes and in halves; the three must agree. Stores it in @out. */
static __always_inline void read_word(const __u32 *word, __u32 *out)
{
	const __u16 *h = (const __u16 *)word;
	const __u8 *b = (const __u8 *)word;
	__u8 b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
	__u16 h0 = h[0], h1 = h[1];
	union { __u32 w; __u16 h[2]; __u8 b[4]; } u;
	__u32 w = *word;

	/* Each load stays a load of its own size: the compiler may not merge narrow ones. */
	barrier_var(b0);
	barrier_var(b1);
	barrier_var(b2);
	barrier_var(b3);
	barrier_var(h0);
	barrier_var(h1);

	u.b[0] = b0;
	u.b[1] = b1;
	u.b[2] = b2;
	u.b[3] = b3;
	if (u.w != w)
		mismatches++;
	u.h[0] = h0;
	u.h[1] = h1;
	if (u.w != w)
		mismatches++;
	*out = w;
}

SEC("sk_lookup")
int read_ip6(struct bpf_sk_lookup *ctx)
{
	read_word(&ctx->remote_ip6[0], &remote_ip6[0]);
	read_word(&ctx->remote_ip6[1], &remote_ip6[1]);
	read_word(&ctx->remote_ip6[2], &remote_ip6[2]);
	read_word(&ctx->remote_ip6[3], &remote_ip6[3]);
	read_word(&ctx->local_ip6[0], &local_ip6[0]);
	read_word(&ctx->local_ip6[1], &local_ip6[1]);
	read_word(&ctx->local_ip6[2], &local_ip6[2]);
	read_word(&ctx->local_ip6[3], &local_ip6[3]);
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
