// SPDX-License-Identifier: GPL-2.0
//! `LinkObject::replace_prog()` is `unsafe`.
//!
//! It was safe: it exchanged `link->prog` and returned the reference on the old program, touching
//! no run array, so dropping the result put a program that the hook still ran.
//! expect: E0133
//! control: the same call inside `unsafe {}`.

use kernel::bpf::{
    link::{LinkObject, LinkOps},
    prog::PendingProg,
};

/// Replaces the program of `link` with `new` and drops the old one.
#[cfg(refused)]
pub fn snippet<T: LinkOps>(link: &LinkObject<T>, new: PendingProg<'_>) {
    drop(link.replace_prog(new));
}

/// Replaces the program of `link` with `new` and drops the old one.
#[cfg(control)]
pub fn snippet<T: LinkOps>(link: &LinkObject<T>, new: PendingProg<'_>) {
    // SAFETY: A snippet that is compiled, never run.
    drop(unsafe { link.replace_prog(new) });
}
