// SPDX-License-Identifier: GPL-2.0
/*
 * The IPv6 address fields of the sk_lookup context, read by a program run through
 * BPF_PROG_TEST_RUN: zero in an IPv4 lookup, the lookup's addresses in an IPv6 one. Needs no
 * network set-up, so that it also runs on kernels built without IPv6, where the program must
 * load and read zero.
 */
#include <unistd.h>
#include <test_progs.h>
#include "sk_lookup_ip6_ctx.skel.h"

#define REMOTE_IP6 { 0x20, 0x01, 0x0d, 0xb8, 0x11, 0x12, 0x13, 0x14, \
		     0x21, 0x22, 0x23, 0x24, 0x31, 0x32, 0x33, 0x34 }
#define LOCAL_IP6  { 0xfd, 0x00, 0x41, 0x42, 0x51, 0x52, 0x53, 0x54, \
		     0x61, 0x62, 0x63, 0x64, 0x71, 0x72, 0x73, 0x74 }

/* Runs the program on @ctx; the words it read are compared with @remote and @local. */
static int run(struct sk_lookup_ip6_ctx *skel, struct bpf_sk_lookup *ctx,
	       const __u8 *remote, const __u8 *local)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = sizeof(*ctx));
	int err;

	/* Not what any lookup reads: a program that did not run does not pass. */
	memset(skel->bss->remote_ip6, 0xa5, sizeof(skel->bss->remote_ip6));
	memset(skel->bss->local_ip6, 0xa5, sizeof(skel->bss->local_ip6));
	skel->bss->mismatches = 0;

	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.read_ip6), &opts);
	if (err)
		return -errno;

	ASSERT_EQ(opts.retval, SK_PASS, "retval");
	ASSERT_EQ(skel->bss->mismatches, 0, "narrow loads agree with 4-byte loads");
	ASSERT_OK(memcmp(skel->bss->remote_ip6, remote, 16), "remote_ip6");
	ASSERT_OK(memcmp(skel->bss->local_ip6, local, 16), "local_ip6");
	return 0;
}

static void test_ipv4_lookup(struct sk_lookup_ip6_ctx *skel)
{
	static const __u8 zero[16];
	struct bpf_sk_lookup ctx = {
		.family = AF_INET,
		.protocol = IPPROTO_TCP,
		.remote_ip4 = htonl(0xc0000201),
		.local_ip4 = htonl(0xc0000202),
		.remote_port = htons(40000),
		.local_port = 80,
	};

	ASSERT_OK(run(skel, &ctx, zero, zero), "test run");
}

static void test_ipv6_lookup(struct sk_lookup_ip6_ctx *skel)
{
	static const __u8 remote[16] = REMOTE_IP6, local[16] = LOCAL_IP6;
	struct bpf_sk_lookup ctx = {
		.family = AF_INET6,
		.protocol = IPPROTO_UDP,
		.remote_port = htons(40000),
		.local_port = 53,
	};
	int err;

	memcpy(ctx.remote_ip6, remote, sizeof(remote));
	memcpy(ctx.local_ip6, local, sizeof(local));
	err = run(skel, &ctx, remote, local);
	/* Test runs of IPv6 lookups exist exactly when the kernel has IPv6. */
	if (err == -EAFNOSUPPORT && access("/proc/sys/net/ipv6", F_OK) && errno == ENOENT) {
		test__skip();
		return;
	}
	ASSERT_OK(err, "test run");
}

void test_sk_lookup_ip6_ctx(void)
{
	struct sk_lookup_ip6_ctx *skel;

	/* The program reads both fields at every size: it must load with or without IPv6. */
	skel = sk_lookup_ip6_ctx__open_and_load();
	if (!ASSERT_OK_PTR(skel, "open_and_load"))
		return;

	if (test__start_subtest("ipv4 lookup"))
		test_ipv4_lookup(skel);
	if (test__start_subtest("ipv6 lookup"))
		test_ipv6_lookup(skel);

	sk_lookup_ip6_ctx__destroy(skel);
}
