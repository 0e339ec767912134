// SPDX-License-Identifier: GPL-2.0

//! References to BPF programs.
//!
//! C header: [`include/linux/bpf.h`](srctree/include/linux/bpf.h)
//!
//! A program (`struct bpf_prog`) lives as long as references to it (`prog->aux->refcnt`) exist.
//! An attach point keeps a program attached by owning one: [`ProgRef`]. The last
//! `bpf_prog_put()` frees the program only after an RCU grace period (`__bpf_prog_put_noref()` in
//! `kernel/bpf/syscall.c`: `call_rcu()`, or `call_rcu_tasks_trace()`, which implies one, or
//! `call_rcu_tasks()` chained to either), so a reader that found the program under
//! `rcu_read_lock()` may keep using it until `rcu_read_unlock()`.
//!
//! The `bpf()` system call hands the program it resolved to the attach point under a rule that
//! [`PendingProg`] encodes: the attach point keeps the reference if, and only if, the operation
//! succeeds; on failure the system call puts it.

use super::verifier::Prog;
use crate::{
    bindings,
    error::{from_err_ptr, Result},
};
use core::{cell::Cell, ops::Deref, ptr::NonNull};

// The field read below, as C lays it out.
assert_c_layout!(bindings::bpf_prog, BPF_PROG { type_ => TYPE });

/// The type of a BPF program (`enum bpf_prog_type`), for instance `BPF_PROG_TYPE_SK_LOOKUP`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ProgTypeId(bindings::bpf_prog_type);

impl ProgTypeId {
    /// Wraps the C value `ty`.
    ///
    /// Any value is accepted: C checks program types where it looks them up.
    #[inline]
    pub const fn from_raw(ty: bindings::bpf_prog_type) -> Self {
        Self(ty)
    }

    /// Returns the C value.
    #[inline]
    pub fn as_raw(self) -> bindings::bpf_prog_type {
        self.0
    }
}

impl Prog {
    /// Returns the type of the program (`prog->type`).
    #[inline]
    pub fn prog_type(&self) -> ProgTypeId {
        // SAFETY: By the type invariant of `Prog` the program is valid. `type` is set when the
        // program is loaded and never changes afterwards (it is 0 in the static dummy program
        // that `bpf_prog_array_delete_safe_at()` inserts, which is valid too).
        ProgTypeId(unsafe { (*self.as_raw()).type_ })
    }
}

/// An owned reference to a BPF program.
///
/// Dropping it puts the reference (`bpf_prog_put()`), which frees the program after an RCU grace
/// period if it was the last one.
///
/// # Invariants
///
/// `ptr` points to a valid `struct bpf_prog` on which this object owns one reference.
pub struct ProgRef {
    ptr: NonNull<bindings::bpf_prog>,
}

// SAFETY: A reference may be put from any thread (`bpf_prog_put()` defers to a work item where it
// must), and `Prog` only exposes what C lets any holder of a reference read.
unsafe impl Send for ProgRef {}

// SAFETY: `&ProgRef` only gives access to `&Prog`, whose methods read fields that do not change
// once the program is loaded.
unsafe impl Sync for ProgRef {}

impl ProgRef {
    /// Takes over a reference on the program at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_prog` on which the caller owns a reference, which it
    /// hands over to the returned object.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut bindings::bpf_prog) -> Self {
        // INVARIANT: The caller hands over a reference on a valid program.
        Self {
            // SAFETY: The caller guarantees that `ptr` points to a valid program, so it is not
            // NULL.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
        }
    }

    /// Gives up ownership of the reference, returning the program it is held on.
    #[inline]
    pub fn into_raw(self) -> *mut bindings::bpf_prog {
        core::mem::ManuallyDrop::new(self).ptr.as_ptr()
    }

    /// Returns a reference on the program that user-space descriptor `fd` refers to, if it is of
    /// type `ty` (`bpf_prog_get_type()`).
    ///
    /// Fails with `EBADF` if `fd` is not a descriptor and `EINVAL` if it is not one of a program
    /// of type `ty`.
    #[inline]
    pub fn get_by_fd(fd: u32, ty: ProgTypeId) -> Result<Self> {
        // SAFETY: FFI call without requirements; it returns an error pointer or a program on which
        // it took a reference for the caller.
        let ptr = from_err_ptr(unsafe { bindings::bpf_prog_get_type_dev(fd, ty.0, false) })?;
        // SAFETY: `bpf_prog_get_type_dev()` succeeded, so `ptr` is a valid program and the
        // reference it took is ours.
        Ok(unsafe { Self::from_raw(ptr) })
    }
}

impl Deref for ProgRef {
    type Target = Prog;

    #[inline]
    fn deref(&self) -> &Prog {
        // SAFETY: By the type invariant the program is valid, and the reference owned by `self`
        // keeps it so for as long as `self` is borrowed.
        unsafe { Prog::from_raw(self.ptr.as_ptr()) }
    }
}

impl Drop for ProgRef {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariant `self` owns a reference on a valid program, given up here.
        unsafe { bindings::bpf_prog_put(self.ptr.as_ptr()) };
    }
}

/// A program that the `bpf()` system call hands to an attach point, keeping its reference unless
/// the operation succeeds.
///
/// `link_create()`, `bpf_prog_attach()` and `link_update()` in `kernel/bpf/syscall.c` resolve the
/// program descriptor to a reference, call the attach point, and put the reference if the attach
/// point reports failure. An attach point that keeps the program consumes the `PendingProg`
/// ([`PendingProg::take`], [`LinkObject::replace_prog`] or a settled [`Primed`]) and must then
/// report success; an attach point that fails leaves it unconsumed.
///
/// [`LinkObject::replace_prog`]: super::link::LinkObject::replace_prog
/// [`Primed`]: super::link::Primed
///
/// # Invariants
///
/// - `prog` is valid for `'a`: the system call holds its reference at least that long.
/// - If `taken` is set, the code that created this object reports success to the system call if
///   and only if `taken` is `true` when it returns (see the `update_prog` callback in
///   [`super::link`]). Otherwise whoever created the object with [`PendingProg::from_raw`] does so
///   if and only if the object was consumed.
pub struct PendingProg<'a> {
    prog: &'a Prog,
    taken: Option<&'a Cell<bool>>,
}

impl<'a> PendingProg<'a> {
    /// Wraps the program a `bpf()` command handed over at `ptr`.
    ///
    /// # Safety
    ///
    /// - `ptr` must point to a valid `struct bpf_prog` on which the caller holds a reference for
    ///   the lifetime `'a`.
    /// - The caller must report success to the code that owns that reference (and so let go of
    ///   it) if and only if the returned object is consumed: by [`PendingProg::take`],
    ///   [`LinkObject::replace_prog`](super::link::LinkObject::replace_prog) or
    ///   [`Primed::settle`](super::link::Primed::settle) of a [`Primed`](super::link::Primed)
    ///   created from it.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut bindings::bpf_prog) -> Self {
        // INVARIANT: The caller guarantees validity for `'a` and the success rule.
        Self {
            // SAFETY: The caller guarantees that `ptr` is valid for `'a`.
            prog: unsafe { Prog::from_raw(ptr) },
            taken: None,
        }
    }

    /// Wraps the program at `ptr`, recording in `taken` whether it was consumed.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_prog` on which the caller holds a reference for
    /// `'a`, and the caller must report success to the owner of that reference if and only if
    /// `taken` is `true` when it does so.
    #[inline]
    pub(crate) unsafe fn with_flag(ptr: *mut bindings::bpf_prog, taken: &'a Cell<bool>) -> Self {
        // INVARIANT: The caller guarantees validity for `'a` and the success rule.
        Self {
            // SAFETY: The caller guarantees that `ptr` is valid for `'a`.
            prog: unsafe { Prog::from_raw(ptr) },
            taken: Some(taken),
        }
    }

    /// Keeps the program: returns the reference the system call hands over.
    ///
    /// The attach point must then report success, which the `update_prog` callback enforces and
    /// the creator of a [`PendingProg::from_raw`] promised.
    #[inline]
    pub fn take(self) -> ProgRef {
        if let Some(taken) = self.taken {
            taken.set(true);
        }
        // SAFETY: By the type invariants the program is valid and, now that the object is
        // consumed, its reference is handed over: success is reported to its owner.
        unsafe { ProgRef::from_raw(self.prog.as_raw()) }
    }

    /// Splits the object for [`Primed`](super::link::Primed), which consumes it only when the
    /// link is settled.
    #[inline]
    pub(crate) fn into_parts(self) -> (&'a Prog, Option<&'a Cell<bool>>) {
        (self.prog, self.taken)
    }
}

impl Deref for PendingProg<'_> {
    type Target = Prog;

    #[inline]
    fn deref(&self) -> &Prog {
        self.prog
    }
}
