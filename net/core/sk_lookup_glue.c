// SPDX-License-Identifier: GPL-2.0
/*
 * The C functions of the Rust implementation of sk_lookup (net/core/sk_lookup.rs).
 *
 * Each keeps the name, arguments and return value of the function of the C
 * implementation it stands for, and tail-calls the Rust code, so that what
 * users trace on a kernel with the C implementation (kprobes, fentry and fexit
 * programs, the function tracer) works unchanged: functions built by rustc
 * have no __fentry__ call (rustc 1.85 has no option that places it where
 * ftrace expects it on x86), and vmlinux BTF describes no Rust function
 * (pahole runs with --lang_exclude=rust).
 */
#include <linux/bpf.h>
#include <linux/filter.h>

/* BPF_PROG_TEST_RUN of sk_lookup programs (sk_lookup_prog_ops.test_run). */
int bpf_prog_test_run_sk_lookup(struct bpf_prog *prog,
				const union bpf_attr *kattr,
				union bpf_attr __user *uattr)
{
	return bpf_prog_test_run_sk_lookup_rust(prog, kattr, uattr);
}
