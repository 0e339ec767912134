// SPDX-License-Identifier: GPL-2.0
/*
 * The C functions of the Rust implementation of sk_lookup (net/core/sk_lookup.rs).
 *
 * Each keeps the name, arguments and return value of the function of the C
 * implementation it stands for, and tail-calls the Rust function of the same
 * name with _rust appended, so that what users trace on a kernel with the C
 * implementation (kprobes and kretprobes, fentry and fexit programs, the
 * function tracer, perf probe) works unchanged: functions built by rustc have
 * no __fentry__ call (rustc 1.85 has no option that places it where ftrace
 * expects it on x86), and vmlinux BTF describes no Rust function (pahole runs
 * with --lang_exclude=rust). Each costs a call to a function made of one jump.
 *
 * The verifier ops table stays here too, with C functions in it: the verifier
 * calls them indirectly, and they call Rust directly.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <net/inet_hashtables.h>
#include <net/inet6_hashtables.h>

/* The sk_lookup run loop, on IPv4 socket lookups (TCP and UDP). */
struct sock *inet_lookup_run_sk_lookup(const struct net *net,
				       int protocol,
				       struct sk_buff *skb, int doff,
				       __be32 saddr, __be16 sport,
				       __be32 daddr, u16 hnum, const int dif,
				       inet_ehashfn_t *ehashfn)
{
	return inet_lookup_run_sk_lookup_rust(net, protocol, skb, doff, saddr,
					      sport, daddr, hnum, dif, ehashfn);
}

#if IS_ENABLED(CONFIG_IPV6)
/* The sk_lookup run loop, on IPv6 socket lookups (TCP and UDP). */
struct sock *inet6_lookup_run_sk_lookup(const struct net *net,
					int protocol,
					struct sk_buff *skb, int doff,
					const struct in6_addr *saddr,
					const __be16 sport,
					const struct in6_addr *daddr,
					const u16 hnum, const int dif,
					inet6_ehashfn_t *ehashfn)
{
	return inet6_lookup_run_sk_lookup_rust(net, protocol, skb, doff, saddr,
					       sport, daddr, hnum, dif, ehashfn);
}
#endif

/*
 * The sk_lookup flavour of bpf_sk_assign(): the function of the helper's
 * prototype (in Rust), so that programs call this symbol, as on a kernel with
 * the C implementation, and their translated dumps show it.
 */
BPF_CALL_3(bpf_sk_lookup_assign, struct bpf_sk_lookup_kern *, ctx,
	   struct sock *, sk, u64, flags)
{
	return bpf_sk_lookup_assign_rust((unsigned long)ctx, (unsigned long)sk,
					 flags);
}

static const struct bpf_func_proto *
sk_lookup_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog)
{
	return sk_lookup_func_proto_rust(func_id, prog);
}

static bool sk_lookup_is_valid_access(int off, int size,
				      enum bpf_access_type type,
				      const struct bpf_prog *prog,
				      struct bpf_insn_access_aux *info)
{
	return sk_lookup_is_valid_access_rust(off, size, type, prog, info);
}

static u32 sk_lookup_convert_ctx_access(enum bpf_access_type type,
					const struct bpf_insn *si,
					struct bpf_insn *insn_buf,
					struct bpf_prog *prog,
					u32 *target_size)
{
	return sk_lookup_convert_ctx_access_rust(type, si, insn_buf, prog,
						 target_size);
}

const struct bpf_verifier_ops sk_lookup_verifier_ops = {
	.get_func_proto		= sk_lookup_func_proto,
	.is_valid_access	= sk_lookup_is_valid_access,
	.convert_ctx_access	= sk_lookup_convert_ctx_access,
};

/* BPF_PROG_TEST_RUN of sk_lookup programs (sk_lookup_prog_ops.test_run). */
int bpf_prog_test_run_sk_lookup(struct bpf_prog *prog,
				const union bpf_attr *kattr,
				union bpf_attr __user *uattr)
{
	return bpf_prog_test_run_sk_lookup_rust(prog, kattr, uattr);
}
