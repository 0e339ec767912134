/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What C shares with the Rust BPF abstractions (rust/kernel/bpf/), declared
 * only where they are built (CONFIG_RUST_BPF): elsewhere the definitions
 * stay static. A header of its own, rather than a conditional block in
 * linux/bpf.h, so that a change of CONFIG_RUST_BPF rebuilds only the files
 * that include it.
 *
 * Bindgen sees the declarations whatever the configuration, so that the
 * bindings do not depend on which Rust user selects the abstractions.
 */
#ifndef _LINUX_BPF_RUST_H
#define _LINUX_BPF_RUST_H

#include <linux/bpf.h>

#if IS_ENABLED(CONFIG_RUST_BPF) || defined(__BINDGEN__)
/* net/core/filter.c: the helpers every socket program type may call. */
extern const struct bpf_func_proto bpf_sk_release_proto;
const struct bpf_func_proto *
bpf_sk_base_func_proto(enum bpf_func_id func_id, const struct bpf_prog *prog);

struct skb_shared_info;

/*
 * net/bpf/test_run.c: the steps of BPF_PROG_TEST_RUN that are done once per
 * test run, so that every program type reports its results alike: the copy of
 * the user's context in and out, and the copy of the results out (which fires
 * the bpf_test_finish tracepoint).
 */
void *bpf_ctx_init(const union bpf_attr *kattr, u32 max_size);
int bpf_ctx_finish(const union bpf_attr *kattr, union bpf_attr __user *uattr,
		   const void *data, u32 size);
int bpf_test_finish(const union bpf_attr *kattr, union bpf_attr __user *uattr,
		    const void *data, struct skb_shared_info *sinfo, u32 size,
		    u32 frag_size, u32 retval, u32 duration);
#endif

#endif /* _LINUX_BPF_RUST_H */
