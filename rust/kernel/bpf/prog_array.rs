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
//!
//! The attach side builds arrays ([`NewProgArray`]) and publishes them in a [`RunArraySlot`], the
//! RCU-protected pointer a hook reads. Each slot runs programs of one type, fixed when the slot is
//! made, and refuses others; its writers are serialised by a lock that the slot names by type
//! ([`SlotLock`]), so this module knows nothing of the structures slots live in.

use super::{prog::ProgTypeId, verifier::Prog};
use crate::{
    alloc::Flags,
    bindings,
    error::{to_result, Result},
    prelude::*,
    sync::atomic::{atomic_load, atomic_store, Relaxed, Release},
    types::Opaque,
    uaccess::UserPtr, //
};
use core::{
    marker::PhantomData,
    num::NonZeroU32,
    ptr::{self, NonNull}, //
};

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

/// Returns a pointer to the `prog` member of item `index` of `array`.
///
/// # Safety
///
/// `array` must point to an array allocated with at least `index + 1` items (program slots and
/// the terminator), with the provenance of the whole allocation.
#[inline]
unsafe fn item_prog(
    array: *mut bindings::bpf_prog_array,
    index: usize,
) -> *mut *mut bindings::bpf_prog {
    // SAFETY: The caller guarantees that item `index` lies within the allocation of `array`; only
    // addresses are computed, without creating references.
    unsafe {
        let items = (&raw mut (*array).items).cast::<bindings::bpf_prog_array_item>();
        &raw mut (*items.add(index)).prog
    }
}

/// A program array that no reader can see yet, for programs of one type.
///
/// # Invariants
///
/// - `ptr` points to an array allocated by `bpf_prog_array_alloc(cap)`, `cap >= 1`: `cap` program
///   slots and a NULL terminator, zeroed at allocation. The object owns it and it is in no slot.
/// - The first `len` program slots hold programs of type `prog_type`, the others NULL.
pub struct NewProgArray {
    ptr: NonNull<bindings::bpf_prog_array>,
    cap: u32,
    len: u32,
    prog_type: ProgTypeId,
}

// SAFETY: The array is owned by this object, and may be filled and freed from any thread.
unsafe impl Send for NewProgArray {}

impl NewProgArray {
    /// Allocates an array for `cap` programs of type `prog_type` (`bpf_prog_array_alloc()`),
    /// empty.
    ///
    /// Fails with `ENOMEM`.
    #[inline]
    pub fn alloc(cap: NonZeroU32, prog_type: ProgTypeId, flags: Flags) -> Result<Self> {
        // SAFETY: FFI call without requirements; with a non-zero count it returns a new zeroed
        // array or NULL.
        let ptr = unsafe { bindings::bpf_prog_array_alloc(cap.get(), flags.as_raw()) };
        let ptr = NonNull::new(ptr).ok_or(ENOMEM)?;
        // INVARIANT: A new, zeroed (hence empty) array of `cap` program slots, ours alone.
        Ok(Self {
            ptr,
            cap: cap.get(),
            len: 0,
            prog_type,
        })
    }

    /// Returns the number of programs stored.
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Returns whether no program is stored.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Returns the number of programs the array has room for.
    #[inline]
    pub fn capacity(&self) -> usize {
        self.cap as usize
    }

    /// Returns the type of the programs the array holds.
    #[inline]
    pub fn prog_type(&self) -> ProgTypeId {
        self.prog_type
    }

    /// Stores `prog` after the programs already stored (`items[i].prog = prog`).
    ///
    /// Fails with `EINVAL` if `prog` is not of the array's program type, and `ENOSPC` if the array
    /// is full.
    ///
    /// # Safety
    ///
    /// If the array is published (with [`RunArraySlot::publish`]), `prog` must stay valid for as
    /// long as it may be reached through a published slot: whatever keeps it alive must not be put
    /// before the program is out of the array (the array unpublished, or the item overwritten with
    /// [`RunArraySlot::update_at`] or [`RunArraySlot::delete_safe_at`]), and must be put with
    /// `bpf_prog_put()` (or dropped as a [`ProgRef`](super::prog::ProgRef)), which frees the
    /// program only after an RCU grace period.
    pub unsafe fn push(&mut self, prog: &Prog) -> Result {
        if prog.prog_type() != self.prog_type {
            return Err(EINVAL);
        }
        if self.len >= self.cap {
            return Err(ENOSPC);
        }
        // SAFETY: By the type invariants the array has `cap + 1` items and `len < cap`; it is ours
        // alone and no reader can see it, so a plain store is enough.
        unsafe { item_prog(self.ptr.as_ptr(), self.len as usize).write(prog.as_raw()) };
        // INVARIANT: One more program slot holds a program, of type `prog_type` (checked above).
        self.len += 1;
        Ok(())
    }

    /// Gives up ownership of the array, returning it.
    #[inline]
    fn into_raw(self) -> *mut bindings::bpf_prog_array {
        core::mem::ManuallyDrop::new(self).ptr.as_ptr()
    }
}

impl Drop for NewProgArray {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariants the array came from `bpf_prog_array_alloc()` and is ours.
        // Nobody ever read it, but `kfree_rcu()` is correct anyway.
        unsafe { bindings::bpf_prog_array_free(self.ptr.as_ptr()) };
    }
}

/// A program array that is never published, of programs borrowed for `'p`: what a test run
/// (`BPF_PROG_TEST_RUN`) runs its program in, as the hook of its program type would.
///
/// # Invariants
///
/// `array` is never published, and every program it holds is valid for `'p`.
pub struct LocalProgArray<'p> {
    array: NewProgArray,
    _progs: PhantomData<&'p Prog>,
}

impl<'p> LocalProgArray<'p> {
    /// Allocates an array of one program, `prog`, of type `prog_type` (`bpf_prog_array_alloc(1)`).
    ///
    /// Fails with `ENOMEM`, and with `EINVAL` if `prog` is not of type `prog_type`.
    #[inline]
    pub fn one(prog: &'p Prog, prog_type: ProgTypeId, flags: Flags) -> Result<Self> {
        let mut array = NewProgArray::alloc(NonZeroU32::MIN, prog_type, flags)?;
        // SAFETY: The array is never published: it stays in the returned object, which has no
        // method that publishes it.
        unsafe { array.push(prog)? };
        // INVARIANT: The array is never published and holds `prog`, valid for `'p`.
        Ok(Self {
            array,
            _progs: PhantomData,
        })
    }

    /// Returns the type of the programs the array holds.
    #[inline]
    pub fn prog_type(&self) -> ProgTypeId {
        self.array.prog_type()
    }

    /// Returns the array, to run its programs.
    #[inline]
    pub fn as_array(&self) -> &ProgArray {
        // SAFETY: By the invariants of `NewProgArray` the array is valid and NULL-terminated; it
        // is ours and only `&mut self` methods of `NewProgArray` change it, so nothing changes it
        // while `self` is borrowed; its programs are valid for `'p`, which outlives that borrow.
        unsafe { ProgArray::from_raw(self.array.ptr.as_ptr()) }
    }
}

/// A program array taken out of its slot.
///
/// Readers that found it in the slot before may still walk it, so dropping it frees it after an
/// RCU grace period (`bpf_prog_array_free()`, which is `kfree_rcu()`). It cannot be written any
/// more.
///
/// # Invariants
///
/// `ptr` points to an array allocated by `bpf_prog_array_alloc()` that was published and is in
/// no slot any more. The object owns it; only RCU readers that started before it left its slot may
/// still access it.
pub struct RetiredProgArray {
    ptr: NonNull<bindings::bpf_prog_array>,
}

// SAFETY: The array is only freed by this object, which may be dropped from any thread.
unsafe impl Send for RetiredProgArray {}

impl Drop for RetiredProgArray {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariants the array came from `bpf_prog_array_alloc()`, is ours and
        // is in no slot; `kfree_rcu()` waits for the readers that may still walk it.
        unsafe { bindings::bpf_prog_array_free(self.ptr.as_ptr()) };
    }
}

/// The lock that serialises the writers of a kind of [`RunArraySlot`], named by a type.
///
/// A slot is a pointer in a C structure, guarded by a lock C defines (such as `netns_bpf_mutex`
/// for the run arrays of network namespaces), so it can neither own its data, as
/// [`LockedBy`](crate::sync::LockedBy) requires, nor point to its lock. It names the lock by a
/// type instead, as [`GlobalLockedBy`](crate::sync::GlobalLockedBy) names a
/// [`GlobalLock`](crate::sync::GlobalLock) by its backend type: holding a `Self::Guard` proves that
/// the one lock of that type is held, and the slot's methods take a reference to one.
///
/// # Safety
///
/// - A value of type `Self::Guard` exists only while the lock is held by the thread that made it,
///   and every value of the type is a guard of the same lock.
/// - `Self::Guard` is not `Sync`, so that a reference to it does not leave that thread.
pub unsafe trait SlotLock {
    /// Proof that the current thread holds the lock.
    type Guard;
}

/// An RCU-published run array (`struct bpf_prog_array __rcu *`): the programs of type
/// [`RunArraySlot::prog_type`] a hook runs, written under the lock that `L` names.
///
/// Readers walk the array under `rcu_read_lock()`. Writers hold the lock, which every method
/// requires a guard of. The methods do not hand out the array: a lock holder is not an RCU reader,
/// so a reference to the array would not survive a replacement.
///
/// # Invariants
///
/// - `slot` is valid for `'a` and holds NULL or an array allocated by `bpf_prog_array_alloc()` and
///   published by [`RunArraySlot::publish`]: a fully built, NULL-terminated array holding at least
///   one program (its first item is never NULL, which C's flow dissector relies on), stored with
///   release semantics. Items are only ever replaced by programs or the dummy, never by NULL.
/// - The slot and the items of its array are written only through `RunArraySlot<L>`s of
///   `prog_type`, with the lock of `L` held, and atomically (readers use `rcu_dereference()` and
///   `READ_ONCE()`).
/// - Every program in the array is of type `prog_type` or is the dummy of
///   `bpf_prog_array_delete_safe_at()`; every one other than the dummy is valid, and stays so while
///   it may be reached through the slot (the contract of [`NewProgArray::push`] and
///   [`RunArraySlot::update_at`]).
pub struct RunArraySlot<'a, L: SlotLock> {
    slot: &'a Opaque<*mut bindings::bpf_prog_array>,
    prog_type: ProgTypeId,
    _lock: PhantomData<L>,
}

impl<'a, L: SlotLock> RunArraySlot<'a, L> {
    /// Returns the slot at `ptr`, for programs of type `prog_type` written under the lock of `L`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a `struct bpf_prog_array __rcu *` that is valid for `'a` and satisfies
    /// the type invariants: only `RunArraySlot<L>`s of `prog_type` write it, and readers read it
    /// with `rcu_dereference()`.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut *mut bindings::bpf_prog_array, prog_type: ProgTypeId) -> Self {
        // INVARIANT: The caller guarantees validity for `'a` and the rest.
        Self {
            // SAFETY: `Opaque<T>` has the layout of `T`, and the caller guarantees validity for
            // `'a`.
            slot: unsafe { &*ptr.cast::<Opaque<*mut bindings::bpf_prog_array>>() },
            prog_type,
            _lock: PhantomData,
        }
    }

    /// Returns the type of the programs the slot runs.
    #[inline]
    pub fn prog_type(&self) -> ProgTypeId {
        self.prog_type
    }

    /// Returns the published array, or NULL (`rcu_dereference_protected()`).
    #[inline]
    fn load(&self, _guard: &L::Guard) -> *mut bindings::bpf_prog_array {
        // SAFETY: The slot is valid, and all accesses to it are atomic. Writers hold the lock, as
        // this thread does (`SlotLock`), so the value cannot change until the guard is dropped.
        unsafe { atomic_load(self.slot.get(), Relaxed) }
    }

    /// Returns whether an array is published (`run_array != NULL`).
    #[inline]
    pub fn is_published(&self, guard: &L::Guard) -> bool {
        !self.load(guard).is_null()
    }

    /// Returns the number of programs in the published array, not counting dummies, or 0 if none
    /// is published (`bpf_prog_array_length()`).
    #[inline]
    pub fn prog_count(&self, guard: &L::Guard) -> u32 {
        let array = self.load(guard);
        if array.is_null() {
            return 0;
        }
        // SAFETY: By the type invariants a published array is valid and NULL-terminated, and it
        // stays published while the lock is held. The function only compares item pointers.
        let len = unsafe { bindings::bpf_prog_array_length(array) };
        u32::try_from(len).unwrap_or(0)
    }

    /// Writes the ids of the programs in the published array, not counting dummies, to the `cnt`
    /// `u32`s at `ids`, padding with zeroes (`bpf_prog_array_copy_to_user()`). With no published
    /// array, writes `cnt` zeroes.
    ///
    /// Fails with `ENOMEM`, `EFAULT`, or `ENOSPC` if more than `cnt` programs are attached (after
    /// writing the first `cnt` ids).
    pub fn copy_ids_to_user(&self, ids: UserPtr, cnt: NonZeroU32, guard: &L::Guard) -> Result {
        let array = self.load(guard);
        // SAFETY: `array` is a published array (valid, NULL-terminated, and its programs other than
        // dummies valid, by the type invariants, while the lock is held) or, if none is
        // published, the static empty array, which makes the function write `cnt` zeroes and
        // succeed, and which it only reads. `cnt` is not zero, as the function requires. User
        // memory at `ids` is accessed with `copy_to_user()`, which checks it.
        to_result(unsafe {
            bindings::bpf_prog_array_copy_to_user(
                if array.is_null() {
                    &raw mut bindings::bpf_empty_prog_array
                } else {
                    array
                },
                ids.as_mut_ptr().cast(),
                cnt.get(),
            )
        })
    }

    /// Stores `new` (NULL if `None`) in the slot, returning the array it replaces.
    ///
    /// # Safety
    ///
    /// `new` must be NULL or an array that the type invariants allow in the slot.
    #[inline]
    unsafe fn store(
        &self,
        new: *mut bindings::bpf_prog_array,
        guard: &L::Guard,
    ) -> Option<RetiredProgArray> {
        let old = self.load(guard);
        // SAFETY: The slot is valid and all accesses to it are atomic; writers are serialised by
        // the lock, which this thread holds.
        // INVARIANT: The caller guarantees that `new` is allowed; the release store orders its
        // construction before its publication (`rcu_assign_pointer()`).
        unsafe { atomic_store(self.slot.get(), new, Release) };
        // INVARIANT: `old` was the published array and is in no slot any more.
        NonNull::new(old).map(|ptr| RetiredProgArray { ptr })
    }

    /// Publishes `new` in the slot, returning the array it replaces (`rcu_replace_pointer()`).
    ///
    /// Readers that find the new array see it fully built (release store). An array without
    /// programs is not published: the slot is emptied instead (and `new` freed), since C's flow
    /// dissector runs the first item of any array it finds. Dropping the returned array frees it
    /// after an RCU grace period (`bpf_prog_array_free()`).
    ///
    /// Fails with `EINVAL` if `new` is for programs of another type than the slot's; the slot is
    /// then unchanged.
    pub fn publish(&self, new: NewProgArray, guard: &L::Guard) -> Result<Option<RetiredProgArray>> {
        if new.prog_type() != self.prog_type {
            return Err(EINVAL);
        }
        if new.is_empty() {
            // `new` is freed as it goes out of scope.
            return Ok(self.unpublish(guard));
        }
        // SAFETY: `new` holds at least one program, all of the slot's program type, and is fully
        // built by `NewProgArray`, whose programs satisfy the contract of `NewProgArray::push`.
        Ok(unsafe { self.store(new.into_raw(), guard) })
    }

    /// Empties the slot (`rcu_replace_pointer(..., NULL, ...)`), returning the array it held.
    ///
    /// Dropping the returned array frees it after an RCU grace period. The programs it held may be
    /// put once this returns: readers that still see one are inside an RCU read-side critical
    /// section, which `bpf_prog_put()` waits for before freeing it.
    #[inline]
    pub fn unpublish(&self, guard: &L::Guard) -> Option<RetiredProgArray> {
        // SAFETY: NULL is always allowed in the slot.
        unsafe { self.store(ptr::null_mut(), guard) }
    }

    /// Replaces program `index` of the published array, not counting dummies, with `prog`
    /// (`bpf_prog_array_update_at()`, a `WRITE_ONCE()` into the live array).
    ///
    /// Fails with `EINVAL` if `prog` is not of the slot's program type or `index` does not fit an
    /// `int` (C's negative indices), and `ENOENT` if the array has no such program, or no array is
    /// published.
    ///
    /// The program replaced stays valid for readers already running as long as it is put with
    /// `bpf_prog_put()` (freed after an RCU grace period) only after this returns.
    ///
    /// # Safety
    ///
    /// `prog` must stay valid for as long as it may be reached through the slot, as for
    /// [`NewProgArray::push`].
    pub unsafe fn update_at(&self, index: usize, prog: &Prog, guard: &L::Guard) -> Result {
        if prog.prog_type() != self.prog_type {
            return Err(EINVAL);
        }
        let index = c_int::try_from(index).map_err(|_| EINVAL)?;
        let array = self.load(guard);
        if array.is_null() {
            return Err(ENOENT);
        }
        // SAFETY: By the type invariants a published array is valid and NULL-terminated while the
        // lock is held, which also serialises this write with the other writers; the function
        // stores with `WRITE_ONCE()` for concurrent readers. `prog` is of the slot's program type,
        // and the caller guarantees that it stays valid while reachable.
        to_result(unsafe { bindings::bpf_prog_array_update_at(array, index, prog.as_raw()) })
    }

    /// Replaces program `index` of the published array, not counting dummies, with a dummy that
    /// returns 1 and that readers skip when counting (`bpf_prog_array_delete_safe_at()`), without
    /// allocating.
    ///
    /// Fails with `EINVAL` if `index` does not fit an `int` and `ENOENT` if the array has no such
    /// program, or no array is published.
    pub fn delete_safe_at(&self, index: usize, guard: &L::Guard) -> Result {
        let index = c_int::try_from(index).map_err(|_| EINVAL)?;
        let array = self.load(guard);
        if array.is_null() {
            return Err(ENOENT);
        }
        // SAFETY: As for `update_at`; the dummy is a static program, valid forever, which the type
        // invariants allow.
        to_result(unsafe { bindings::bpf_prog_array_delete_safe_at(array, index) })
    }
}

#[cfg(CONFIG_RUST_BPF_PROG_ARRAY_KUNIT_TEST)]
#[macros::kunit_tests(rust_bpf_prog_array)]
mod tests {
    use super::*;
    use crate::{
        sync::{
            atomic::{Acquire, Atomic, Full},
            GlobalGuard,
        },
        types::NotThreadSafe,
    };

    crate::sync::global_lock! {
        // SAFETY: `TestLock::lock()` initialises it before its first use.
        unsafe(uninit) static TEST_SLOT_MUTEX: Mutex<()> = ();
    }

    /// The lock of the test slots: a Rust [`Mutex`](crate::sync::Mutex), where the slots of
    /// network namespaces have `netns_bpf_mutex`.
    enum TestLock {}

    /// Proof that the current thread holds `TEST_SLOT_MUTEX`.
    struct TestGuard {
        _guard: GlobalGuard<TEST_SLOT_MUTEX>,
        _not_sync: NotThreadSafe,
    }

    // SAFETY: A `TestGuard` is only made by `TestLock::lock()`, with `TEST_SLOT_MUTEX` held until
    // it is dropped; it is a guard of that one mutex, and `NotThreadSafe` keeps it from being
    // `Sync`.
    unsafe impl SlotLock for TestLock {
        type Guard = TestGuard;
    }

    impl TestLock {
        /// Locks `TEST_SLOT_MUTEX`, initialising it on first use.
        fn lock() -> TestGuard {
            // 0: not initialised, 1: being initialised, 2: initialised.
            static STATE: Atomic<i32> = Atomic::new(0);
            if STATE.cmpxchg(0, 1, Full).is_ok() {
                // SAFETY: Only the one thread that moved `STATE` from 0 to 1 gets here, once.
                unsafe { TEST_SLOT_MUTEX.init() };
                STATE.store(2, Release);
            }
            while STATE.load(Acquire) != 2 {
                core::hint::spin_loop();
            }
            TestGuard {
                _guard: TEST_SLOT_MUTEX.lock(),
                _not_sync: NotThreadSafe,
            }
        }
    }

    /// A stand-in for a program of type `ty`: only its address and its type are used.
    fn fake_prog(ty: bindings::bpf_prog_type) -> Result<KBox<Opaque<bindings::bpf_prog>>> {
        let fake = KBox::new(Opaque::<bindings::bpf_prog>::zeroed(), GFP_KERNEL)?;
        // SAFETY: `fake` is ours, zeroed; `type` is a plain integer field.
        unsafe { (*fake.get()).type_ = ty };
        Ok(fake)
    }

    /// Returns the stand-in `fake` as a program.
    fn as_prog(fake: &Opaque<bindings::bpf_prog>) -> &Prog {
        // SAFETY: `fake` is a zeroed `struct bpf_prog` with a program type, valid for as long as
        // it is borrowed.
        unsafe { Prog::from_raw(fake.get()) }
    }

    const SK_LOOKUP: bindings::bpf_prog_type = bindings::bpf_prog_type_BPF_PROG_TYPE_SK_LOOKUP;
    const FLOW_DISSECTOR: bindings::bpf_prog_type =
        bindings::bpf_prog_type_BPF_PROG_TYPE_FLOW_DISSECTOR;

    /// Returns a local slot for sk_lookup programs: a pointer that no reader can reach, written
    /// only through this slot.
    fn sk_lookup_slot(raw: &mut *mut bindings::bpf_prog_array) -> RunArraySlot<'_, TestLock> {
        // SAFETY: `raw` is borrowed for the slot's lifetime, and only the slot writes it.
        unsafe { RunArraySlot::from_raw(raw, ProgTypeId::from_raw(SK_LOOKUP)) }
    }

    /// Returns the program pointers of the array published in `slot`, up to the terminator.
    fn items(
        slot: &RunArraySlot<'_, TestLock>,
        guard: &TestGuard,
    ) -> Result<KVec<*mut bindings::bpf_prog>> {
        let mut v = KVec::new();
        let array = slot.load(guard);
        if array.is_null() {
            return Ok(v);
        }
        for i in 0.. {
            // SAFETY: The array is NULL-terminated and valid while published; reading stops at the
            // terminator.
            let prog = unsafe { item_prog(array, i).read() };
            if prog.is_null() {
                break;
            }
            v.push(prog, GFP_KERNEL)?;
        }
        Ok(v)
    }

    impl RunArraySlot<'_, TestLock> {
        /// `update_at` for the tests' local slot, which no reader can reach.
        fn update_at_checked(&self, index: usize, prog: &Prog, guard: &TestGuard) -> Result {
            // SAFETY: Only used on a slot no reader can reach.
            unsafe { self.update_at(index, prog, guard) }
        }
    }

    #[test]
    fn push_respects_capacity() -> Result {
        let (fake_a, fake_b) = (fake_prog(SK_LOOKUP)?, fake_prog(SK_LOOKUP)?);
        let (a, b) = (as_prog(&fake_a), as_prog(&fake_b));
        let ty = ProgTypeId::from_raw(SK_LOOKUP);
        let mut array = NewProgArray::alloc(NonZeroU32::MIN, ty, GFP_KERNEL)?;
        assert_eq!((array.len(), array.capacity()), (0, 1));
        // SAFETY: The array is never published.
        let first = unsafe { array.push(a) };
        // SAFETY: As above.
        let second = unsafe { array.push(b) };
        assert!(first.is_ok());
        assert_eq!(second, Err(ENOSPC));
        assert_eq!(array.len(), 1);
        Ok(())
    }

    #[test]
    fn other_prog_type_is_refused() -> Result {
        // A flow dissector program offered to a slot, and arrays, of sk_lookup programs.
        let (fake_sk, fake_fd) = (fake_prog(SK_LOOKUP)?, fake_prog(FLOW_DISSECTOR)?);
        let (sk, fd) = (as_prog(&fake_sk), as_prog(&fake_fd));
        let sk_type = ProgTypeId::from_raw(SK_LOOKUP);
        let fd_type = ProgTypeId::from_raw(FLOW_DISSECTOR);
        let mut raw = ptr::null_mut();
        let slot = sk_lookup_slot(&mut raw);
        let guard = TestLock::lock();

        let mut array =
            NewProgArray::alloc(NonZeroU32::new(2).ok_or(EINVAL)?, sk_type, GFP_KERNEL)?;
        // SAFETY: No reader can reach the slot.
        assert_eq!(unsafe { array.push(fd) }, Err(EINVAL));
        assert!(array.is_empty());
        // SAFETY: As above.
        unsafe { array.push(sk) }?;
        assert!(slot.publish(array, &guard)?.is_none());
        assert_eq!(slot.update_at_checked(0, fd, &guard), Err(EINVAL));
        assert_eq!(items(&slot, &guard)?.as_slice(), &[sk.as_raw()]);

        // An array built for flow dissector programs is refused whole, and the slot left as it was.
        let mut other = NewProgArray::alloc(NonZeroU32::MIN, fd_type, GFP_KERNEL)?;
        // SAFETY: The array is never published.
        unsafe { other.push(fd) }?;
        assert!(matches!(slot.publish(other, &guard), Err(e) if e == EINVAL));
        assert_eq!(items(&slot, &guard)?.as_slice(), &[sk.as_raw()]);
        assert_eq!(slot.prog_type(), sk_type);

        assert!(slot.unpublish(&guard).is_some());
        Ok(())
    }

    #[test]
    fn update_and_delete_skip_dummies() -> Result {
        // The fakes outlive every use of the arrays below (retired arrays are never read again).
        let fakes = [
            fake_prog(SK_LOOKUP)?,
            fake_prog(SK_LOOKUP)?,
            fake_prog(SK_LOOKUP)?,
            fake_prog(SK_LOOKUP)?,
        ];
        let (a, b, c, d) = (
            as_prog(&fakes[0]),
            as_prog(&fakes[1]),
            as_prog(&fakes[2]),
            as_prog(&fakes[3]),
        );
        let mut raw = ptr::null_mut();
        let slot = sk_lookup_slot(&mut raw);
        let guard = TestLock::lock();

        assert_eq!(slot.update_at_checked(0, a, &guard), Err(ENOENT));
        assert_eq!(slot.delete_safe_at(0, &guard), Err(ENOENT));
        assert_eq!(slot.prog_count(&guard), 0);

        let ty = slot.prog_type();
        let mut array = NewProgArray::alloc(NonZeroU32::new(3).ok_or(EINVAL)?, ty, GFP_KERNEL)?;
        // SAFETY: No reader can reach the slot.
        unsafe {
            array.push(a)?;
            array.push(b)?;
            array.push(c)?;
        }
        assert!(slot.publish(array, &guard)?.is_none());
        assert_eq!(slot.prog_count(&guard), 3);

        // Deleting the middle program leaves a dummy in place, not counted.
        slot.delete_safe_at(1, &guard)?;
        assert_eq!(slot.prog_count(&guard), 2);
        let v = items(&slot, &guard)?;
        assert_eq!(v.len(), 3);
        assert_eq!((v[0], v[2]), (a.as_raw(), c.as_raw()));
        assert!(![a, b, c, d].iter().any(|p| p.as_raw() == v[1]));

        // Index 1 now skips the dummy and names `c`; index 2 is past the end.
        slot.update_at_checked(1, d, &guard)?;
        let v = items(&slot, &guard)?;
        assert_eq!((v[0], v[2]), (a.as_raw(), d.as_raw()));
        assert_eq!(slot.update_at_checked(2, b, &guard), Err(ENOENT));
        assert_eq!(slot.delete_safe_at(usize::MAX, &guard), Err(EINVAL));

        assert!(slot.unpublish(&guard).is_some());
        assert!(!slot.is_published(&guard));
        assert!(slot.unpublish(&guard).is_none());
        Ok(())
    }

    #[test]
    fn empty_array_is_not_published() -> Result {
        let mut raw = ptr::null_mut();
        let slot = sk_lookup_slot(&mut raw);
        let guard = TestLock::lock();
        let empty = NewProgArray::alloc(NonZeroU32::MIN, slot.prog_type(), GFP_KERNEL)?;
        assert!(slot.publish(empty, &guard)?.is_none());
        assert!(!slot.is_published(&guard));
        assert_eq!(slot.prog_count(&guard), 0);
        Ok(())
    }
}
