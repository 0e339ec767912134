// SPDX-License-Identifier: GPL-2.0

#include <linux/filter.h>
#include <linux/sched.h>

__rust_helper u32 rust_helper_bpf_prog_run(const struct bpf_prog *prog,
					   const void *ctx)
{
	return bpf_prog_run(prog, ctx);
}

/*
 * Built-in C inlines migrate_disable() and migrate_enable(); the exported
 * out-of-line copies in kernel/sched/core.c are for modules, and bindgen,
 * which sees those declarations, would otherwise have Rust call them. These
 * helpers are built in, so they inline the fast path as built-in C does (with
 * CONFIG_RUST_INLINE_HELPERS, into the Rust caller). They are named after the
 * inline functions they wrap because a helper named migrate_disable() would be
 * shadowed by the binding of the exported function.
 */
__rust_helper void rust_helper___migrate_disable(void)
{
	migrate_disable();
}

__rust_helper void rust_helper___migrate_enable(void)
{
	migrate_enable();
}
