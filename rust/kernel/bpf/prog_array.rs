// SPDX-License-Identifier: GPL-2.0

//! Arrays of BPF programs, as the kernel runs them.
//!
//! C headers: [`include/linux/bpf.h`](srctree/include/linux/bpf.h) (`struct bpf_prog_array`) and
//! [`include/linux/sched.h`](srctree/include/linux/sched.h) (`migrate_disable()`).
//!
//! An attach point that runs several programs keeps them in a `struct bpf_prog_array`, a
//! NULL-terminated array that is published under RCU and replaced, not resized, when programs are
//! attached or detached. Readers walk the published array inside an RCU read-side critical
//! section; the attach side may meanwhile replace an item in place (`bpf_prog_array_update_at()`,
//! `bpf_prog_array_delete_safe_at()`, which puts a program that does nothing in its place), so
//! every item is read once, as C reads it with `READ_ONCE()`.

use super::verifier::Prog;
use crate::{bindings, types::Opaque};
use core::marker::PhantomData;

assert_c_layout!(bindings::bpf_prog_array_item, BPF_PROG_ARRAY_ITEM {
    prog => PROG,
});
assert_c_layout!(bindings::bpf_prog_array, BPF_PROG_ARRAY {
    items => ITEMS,
});

/// An array of BPF programs (`struct bpf_prog_array`).
///
/// # Invariants
///
/// For the lifetime of any reference to a `ProgArray`, the wrapped array is valid and
/// NULL-terminated, its terminating entry does not change, its other entries change only through
/// single pointer-sized writes (`WRITE_ONCE()`) of a valid program, and every program it holds
/// at any time during that lifetime stays valid until the lifetime ends.
#[repr(transparent)]
pub struct ProgArray(Opaque<bindings::bpf_prog_array>);

impl ProgArray {
    /// Returns a reference to the program array at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid, NULL-terminated `struct bpf_prog_array` that stays valid for
    /// the lifetime `'a`, whose entries change only as the type invariants allow, and whose
    /// programs stay valid for `'a`. An array published under RCU (and freed with
    /// `bpf_prog_array_free()`) whose programs are released with `bpf_prog_put()` (which frees
    /// them after an RCU grace period) satisfies this for an `'a` inside the RCU read-side
    /// critical section in which it was read; so does an array of programs the caller holds
    /// references to, that only the caller can see.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::bpf_prog_array) -> &'a Self {
        // SAFETY: `ProgArray` is a transparent wrapper of `bpf_prog_array` and the caller
        // guarantees that `ptr` is valid for `'a`.
        // INVARIANT: The caller guarantees the rest.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns a raw pointer to the C program array.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::bpf_prog_array {
        self.0.get()
    }

    /// Returns an iterator over the programs of the array, in order.
    ///
    /// It reads each entry once, as it reaches it, so it yields the programs the array holds as
    /// it walks it. The dummy program that `bpf_prog_array_delete_safe_at()` leaves in place of
    /// a detached one is yielded too; it returns 1 and does nothing else.
    #[inline]
    pub fn progs(&self) -> Progs<'_> {
        let items = self.as_raw().cast::<u8>();
        // The offset C computes for `items` (checked above), in bytes.
        let off = core::mem::offset_of!(bindings::bpf_prog_array, items);
        // SAFETY: `items` starts `off` bytes into the structure, so the result is in bounds of
        // the valid array (by the type invariant).
        let first = unsafe { items.add(off) }.cast::<bindings::bpf_prog_array_item>();
        Progs {
            item: first,
            _array: PhantomData,
        }
    }
}

/// The programs of a [`ProgArray`], in order (see [`ProgArray::progs`]).
///
/// # Invariants
///
/// `item` points to an entry of the array that `'a` borrows, at or before its terminating entry.
pub struct Progs<'a> {
    item: *const bindings::bpf_prog_array_item,
    _array: PhantomData<&'a ProgArray>,
}

impl<'a> Iterator for Progs<'a> {
    type Item = &'a Prog;

    #[inline]
    fn next(&mut self) -> Option<&'a Prog> {
        // SAFETY: By the type invariant `item` points to an entry of the valid array. Others may
        // replace the entry's program concurrently with a single pointer-sized write, hence the
        // volatile read (`READ_ONCE()`).
        let prog = unsafe { core::ptr::read_volatile(&raw const (*self.item).prog) };
        if prog.is_null() {
            // The terminating entry: stay on it.
            return None;
        }
        // SAFETY: This entry is not the terminating one (it holds a program, and the terminating
        // entry stays NULL by the invariants of `ProgArray`), so the next entry is in the array.
        // INVARIANT: The next entry is at or before the terminating one.
        self.item = unsafe { self.item.add(1) };
        // SAFETY: By the invariants of `ProgArray`, every program the array holds during `'a`
        // stays valid for `'a`.
        Some(unsafe { Prog::from_raw(prog) })
    }
}

/// A section of code in which BPF programs may run: the current task cannot migrate to another
/// CPU (`migrate_disable()`) until it is dropped.
///
/// BPF programs expect to stay on one CPU (per-CPU maps, `bpf_prog_run()`'s `cant_migrate()`)
/// but, unlike `preempt_disable()`, this lets them be preempted.
///
/// # Examples
///
/// ```
/// use kernel::bpf::prog_array::NoMigrate;
///
/// let section = NoMigrate::new();
/// // Run programs here.
/// drop(section);
/// ```
pub struct NoMigrate {
    // Migration is disabled for the current task only: the guard must not move to another one.
    _not_send: PhantomData<*mut ()>,
}

impl NoMigrate {
    /// Disables migration of the current task until the returned guard is dropped.
    #[inline]
    pub fn new() -> Self {
        // SAFETY: Disabling migration has no precondition; `Drop` re-enables it on this task.
        unsafe { bindings::__migrate_disable() };
        Self {
            _not_send: PhantomData,
        }
    }
}

impl Default for NoMigrate {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for NoMigrate {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: `new()` disabled migration of this task (the guard is not `Send`), and this
        // re-enables it once, as the guard is dropped once.
        unsafe { bindings::__migrate_enable() };
    }
}
