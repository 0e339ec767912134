// SPDX-License-Identifier: GPL-2.0
/* Reads the IPv6 address fields of an sk_lookup context at every load size the verifier accepts. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Each word of the addresses as a 4-byte load reads it. */
__u32 remote_ip6[4];
__u32 local_ip6[4];
/* Words whose 1- or 2-byte loads disagree with their 4-byte load. */
int mismatches;

/* One word of an address field, read whole, in bytes and in halves; the three must agree. */
#define READ_WORD(ctx, field, i)						\
	({									\
		const volatile void *p = &(ctx)->field[i];			\
		union { __u32 w; __u16 h[2]; __u8 b[4]; } u;			\
		__u32 w = *(const volatile __u32 *)p;				\
									\
		u.b[0] = ((const volatile __u8 *)p)[0];				\
		u.b[1] = ((const volatile __u8 *)p)[1];				\
		u.b[2] = ((const volatile __u8 *)p)[2];				\
		u.b[3] = ((const volatile __u8 *)p)[3];				\
		if (u.w != w)							\
			mismatches++;						\
		u.h[0] = ((const volatile __u16 *)p)[0];			\
		u.h[1] = ((const volatile __u16 *)p)[1];			\
		if (u.w != w)							\
			mismatches++;						\
		field[i] = w;							\
	})

SEC("sk_lookup")
int read_ip6(struct bpf_sk_lookup *ctx)
{
	READ_WORD(ctx, remote_ip6, 0);
	READ_WORD(ctx, remote_ip6, 1);
	READ_WORD(ctx, remote_ip6, 2);
	READ_WORD(ctx, remote_ip6, 3);
	READ_WORD(ctx, local_ip6, 0);
	READ_WORD(ctx, local_ip6, 1);
	READ_WORD(ctx, local_ip6, 2);
	READ_WORD(ctx, local_ip6, 3);
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
