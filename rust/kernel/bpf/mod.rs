// SPDX-License-Identifier: GPL-2.0

//! BPF program types.
//!
//! C headers: [`include/linux/bpf.h`](srctree/include/linux/bpf.h),
//! [`include/linux/bpf_verifier.h`](srctree/include/linux/bpf_verifier.h) and
//! [`include/linux/filter.h`](srctree/include/linux/filter.h).
//!
//! These abstractions let the verifier side of a BPF program type be written in Rust: the
//! [`verifier::ProgType`] callbacks (helper lookup, context access checks and context access
//! rewriting), the helper prototypes they hand out ([`verifier::FuncProto`]), the instructions a
//! rewrite emits ([`insn::Insn`]) and the objects BPF helpers receive ([`sock::Sock`],
//! [`sk_lookup::SkLookupKern`]).

pub mod insn;
#[cfg(CONFIG_INET)]
pub mod sk_lookup;
#[cfg(CONFIG_NET)]
pub mod sock;
pub mod verifier;
