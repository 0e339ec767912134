// SPDX-License-Identifier: GPL-2.0

//! BPF program types.
//!
//! C headers: [`include/linux/bpf.h`](srctree/include/linux/bpf.h),
//! [`include/linux/bpf_verifier.h`](srctree/include/linux/bpf_verifier.h) and
//! [`include/linux/filter.h`](srctree/include/linux/filter.h).
//!
//! These abstractions let a BPF program type and its attach point be written in Rust: the
//! verifier side (the verifier callbacks and the helper prototypes they hand out, `verifier`; the
//! instructions a context access rewrite emits, `insn`), the objects BPF helpers receive (`sock`,
//! `sk_lookup`), running the programs attached to a hook (`prog_array`, `netns`, `sk_lookup`),
//! attaching them with BPF links (`prog`, `attr`, `link`, `netns`) and test runs (`test_run`).
//! They are built when the Rust code that uses them selects `CONFIG_RUST_BPF`.
//!
//! Every C field these abstractions read or build through bindgen's definitions is checked at
//! compile time against the layout C computes (`LAYOUT_*` in `rust/bindings/bindings_helper.h`).

/// Asserts at compile time that bindgen lays out a C structure as the C compiler does.
///
/// `assert_c_layout!(bindings::foo, FOO { a => A, b.c => B_C })` compares `size_of::<foo>()` with
/// `bindings::LAYOUT_FOO_SIZE`, and the offset of each listed field with
/// `bindings::LAYOUT_FOO_A_OFF`, ..., which C computes with `sizeof()` and `offsetof()`. A type
/// that bindgen lays out differently from C on some configuration (as it did `socket_lock_t`, and
/// with it `struct sock`, on lockdep kernels) then fails the build instead of having Rust read the
/// wrong field.
macro_rules! assert_c_layout {
    ($type:ty, $name:ident { $($($field:ident).+ => $fname:ident),+ $(,)? }) => {
        $crate::macros::paste! {
            $crate::static_assert!(
                ::core::mem::size_of::<$type>() == $crate::bindings::[<LAYOUT_ $name _SIZE>]
            );
            $(
                $crate::static_assert!(
                    ::core::mem::offset_of!($type, $($field).+)
                        == $crate::bindings::[<LAYOUT_ $name _ $fname _OFF>]
                );
            )+
        }
    };
}

pub mod attr;
pub mod insn;
pub mod link;
#[cfg(CONFIG_NET)]
pub mod netns;
pub mod prog;
pub mod prog_array;
#[cfg(CONFIG_INET)]
pub mod sk_lookup;
#[cfg(CONFIG_NET)]
pub mod sock;
#[cfg(CONFIG_NET)]
pub mod test_run;
pub mod verifier;
