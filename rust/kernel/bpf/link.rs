// SPDX-License-Identifier: GPL-2.0

//! BPF links.
//!
//! C header: [`include/linux/bpf.h`](srctree/include/linux/bpf.h)
//!
//! A BPF link (`struct bpf_link`) keeps a program attached to a hook for as long as user space
//! holds it through a file descriptor (or a pinned file). An attach point written in Rust
//! describes its links with a [`LinkOps`] implementation `T`: each link is a [`LinkObject<T>`],
//! a `struct bpf_link` followed by a `T`, and C calls `T`'s methods through a `struct
//! bpf_link_ops` that C defines ([`LinkOpsTable`]), whose operations are C functions tail-calling
//! those [`bpf_link_callbacks!`](crate::bpf_link_callbacks) defines for `T`.
//!
//! The life of a link, as `kernel/bpf/syscall.c` runs it:
//!
//! - [`Primed::new`] allocates the object, initialises the `struct bpf_link` (`bpf_link_init()`)
//!   and reserves its file, descriptor and id (`bpf_link_prime()`). From then on the file owns
//!   the object: giving up goes through `bpf_link_cleanup()` (dropping the [`Primed`]), which frees
//!   it through the file's release and the `dealloc` callback, never directly.
//! - [`Primed::settle`] installs the descriptor and makes the id visible (`bpf_link_settle()`);
//!   the link then owns a reference on its program.
//! - On the last put, `bpf_link_free()` calls [`LinkOps::release`] if the link still has a program
//!   (that is, it was settled), puts the program, then calls `dealloc`, which drops the `T`.

use super::prog::{PendingProg, ProgRef};
use super::verifier::Prog;
use crate::{
    bindings,
    error::{from_result, to_result},
    prelude::*,
    seq_file::SeqFile,
    sync::{
        atomic::{atomic_load, Atomic, Full, Relaxed},
        rcu,
    },
    types::Opaque,
};
use core::{
    cell::Cell,
    marker::PhantomData,
    mem::ManuallyDrop,
    ops::Deref,
    ptr::NonNull, //
};

// The fields read or built below, as C lays them out.
assert_c_layout!(bindings::bpf_link, BPF_LINK {
    id => ID,
    prog => PROG,
    attach_type => ATTACH_TYPE,
});
assert_c_layout!(bindings::bpf_link_ops, BPF_LINK_OPS {
    release => RELEASE,
    dealloc => DEALLOC,
    detach => DETACH,
    update_prog => UPDATE_PROG,
    show_fdinfo => SHOW_FDINFO,
    fill_link_info => FILL_LINK_INFO,
});
assert_c_layout!(bindings::bpf_link_primer, BPF_LINK_PRIMER { fd => FD });
assert_c_layout!(bindings::bpf_link_info, BPF_LINK_INFO {
    __bindgen_anon_1.netns.netns_ino => NETNS_NETNS_INO,
    __bindgen_anon_1.netns.attach_type => NETNS_ATTACH_TYPE,
});

/// The type of a link (`enum bpf_link_type`), shown as `link_type:` in fdinfo and reported by
/// `BPF_OBJ_GET_INFO_BY_FD`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LinkType(bindings::bpf_link_type);

impl LinkType {
    /// `BPF_LINK_TYPE_NETNS`: a program attached to a network namespace.
    pub const NETNS: Self = Self(bindings::bpf_link_type_BPF_LINK_TYPE_NETNS);
}

/// The `struct bpf_link_ops` table of links of kind `T` ([`LinkOps::OPS`]).
///
/// C defines the table: for each operation, a C function that tail-calls the function
/// [`bpf_link_callbacks!`](crate::bpf_link_callbacks) defines for `T`. So the operations can be
/// traced (function tracer, kprobes, fentry programs) under names of their own, as those of a
/// link type written in C can, while rustc (1.85) places no `__fentry__` call in Rust functions
/// and vmlinux BTF describes none.
///
/// # Invariants
///
/// `ops` points to a `struct bpf_link_ops` that is never written and lives as long as the kernel,
/// whose `release`, `dealloc`, `detach`, `update_prog`, `fill_link_info` and `show_fdinfo` are
/// functions that call the functions [`bpf_link_callbacks!`](crate::bpf_link_callbacks) defines
/// for `T`, for the same operation, with their own arguments, and return what those return; its
/// other members are NULL (or false).
pub struct LinkOpsTable<T> {
    ops: *const bindings::bpf_link_ops,
    _t: PhantomData<fn() -> T>,
}

impl<T: LinkOps> LinkOpsTable<T> {
    /// Wraps the operations table C defines for links of kind `T`.
    ///
    /// # Safety
    ///
    /// `ops` must point to a `struct bpf_link_ops` that is never written and lives as long as the
    /// kernel (a `const` object of C), whose `release`, `dealloc`, `detach`, `update_prog`,
    /// `fill_link_info` and `show_fdinfo` are functions that call the functions
    /// [`bpf_link_callbacks!`](crate::bpf_link_callbacks) defines for `T`, for the same
    /// operation, with their own arguments, and return what those return, and whose other members
    /// are NULL (or false).
    pub const unsafe fn from_raw(ops: *const bindings::bpf_link_ops) -> Self {
        // INVARIANT: Guaranteed by the caller.
        Self {
            ops,
            _t: PhantomData,
        }
    }
}

/// The operations of a kind of link (the Rust side of `struct bpf_link_ops`), implemented by the
/// data that [`LinkObject`] stores after the `struct bpf_link`.
///
/// Deallocation (`dealloc`) is `Drop` of `Self`: the ops table frees the object, dropping the
/// `Self` in it, once C no longer references the link. It is not RCU-deferred (no
/// `dealloc_deferred`): links whose hook needs that are not supported.
///
/// The methods run in process context and may sleep.
///
/// # Safety
///
/// `bpf_link_free()` puts the link's program right after [`LinkOps::release`] returns. So
/// `release` must leave the program unreachable from every hook the implementation attached it to
/// (readers that found it before may finish: the program is freed after an RCU grace period), and
/// must do so whenever the link was settled, however often it is called. For a link attached to a
/// network namespace, that is [`Attachments::detach_link`](super::netns::Attachments::detach_link).
pub unsafe trait LinkOps: Sized + Send + Sync + 'static {
    /// The link type, which `bpf_link_init()` records.
    const TYPE: LinkType;

    /// The operations table C calls the methods below through, which `bpf_link_init()` records.
    const OPS: LinkOpsTable<Self>;

    /// Detaches the program from its hook (`release`).
    ///
    /// `bpf_link_free()` calls this on the last put of a link that was settled, before the link
    /// puts its program; afterwards no reader may reach the program through the hook any more (the
    /// trait's safety contract). Implementations that call it from [`LinkOps::detach`] too must
    /// make it idempotent, since the final put calls it again.
    fn release(link: &LinkObject<Self>);

    /// Detaches the link on user request (`BPF_LINK_DETACH`), leaving it defunct until its last
    /// put (`detach`).
    ///
    /// The default fails with `EOPNOTSUPP`, as C does for links without `detach`.
    fn detach(_link: &LinkObject<Self>) -> Result {
        Err(EOPNOTSUPP)
    }

    /// Replaces the link's program with `new` (`update_prog`, `BPF_LINK_UPDATE`); `old`, if
    /// given, is the program the caller expects to replace (`BPF_F_REPLACE`).
    ///
    /// To keep `new`, pass it to [`LinkObject::replace_prog`] (or to a function that does, such
    /// as [`Attachments::update_link_prog`](super::netns::Attachments::update_link_prog)), which
    /// makes the update report success whatever this returns (an error after that is reported as
    /// a warning). Returning `Ok(())` without keeping `new` leaves the link unchanged and drops
    /// `new`'s reference.
    ///
    /// The default fails with `EINVAL`, as C does for links without `update_prog`.
    fn update_prog(_link: &LinkObject<Self>, _new: PendingProg<'_>, _old: Option<&Prog>) -> Result {
        Err(EINVAL)
    }

    /// Fills the link-type specific part of `info` (`fill_link_info`, `BPF_OBJ_GET_INFO_BY_FD`).
    ///
    /// C has already filled the generic part (type, id, program id). The default adds nothing.
    fn fill_link_info(_link: &LinkObject<Self>, _info: &mut LinkInfo) -> Result {
        Ok(())
    }

    /// Prints the link-type specific lines of the link's fdinfo (`show_fdinfo`).
    ///
    /// C has already printed the generic lines (type, id, program tag and id). The default prints
    /// nothing.
    fn show_fdinfo(_link: &LinkObject<Self>, _m: &SeqFile) {}
}

/// A BPF link of kind `T`: a `struct bpf_link` followed by `T`.
///
/// # Invariants
///
/// - The object was allocated as a `KBox<LinkObject<T>>` by [`Primed::new`], which initialised
///   `link` with `bpf_link_init()`, `T::TYPE` and the ops table of `T`. It is freed by that
///   table's `dealloc` callback, when C no longer references the link (or by [`Primed::new`] if
///   `bpf_link_prime()` fails, before anything references it); the object is never moved.
/// - While a `&LinkObject<T>` exists, C holds the link (the primer's file before settling, a
///   reference afterwards) or is calling one of its ops on it.
/// - Once the link is reachable from other threads, `link->prog` is read with `READ_ONCE()` and
///   replaced with `xchg()` (by Rust here, and by C's `bpf_link_show_fdinfo()` and
///   `bpf_link_get_info_by_fd()`, which read it); C writes it with plain stores only while no other
///   thread can reach the link (`bpf_link_init()`, `bpf_link_cleanup()`) and reads it plainly only
///   in `bpf_link_free()`, after the last reference is gone. Before the link is settled
///   (`link->id` is 0) the program belongs to the creator of the [`Primed`]; once it is settled the
///   link owns a reference on it.
#[repr(C)]
pub struct LinkObject<T: LinkOps> {
    link: Opaque<bindings::bpf_link>,
    data: T,
}

// SAFETY: The fields of `struct bpf_link` that Rust touches are either immutable after
// `bpf_link_init()` (`attach_type`), written once before the link is reachable from other threads
// (`id`, in `bpf_link_settle()`, before `fd_install()`), or, while it is reachable, read with
// `READ_ONCE()` and replaced with `xchg()` (`prog`, see the type invariants); the rest is C's,
// which synchronises it itself. `T` is `Send + Sync`.
unsafe impl<T: LinkOps> Send for LinkObject<T> {}

// SAFETY: See `Send`.
unsafe impl<T: LinkOps> Sync for LinkObject<T> {}

impl<T: LinkOps> LinkObject<T> {
    /// Returns a reference to the link object whose `struct bpf_link` is at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must be the `struct bpf_link` of a `LinkObject<T>` that stays alive (as the type
    /// invariants describe) for `'a`.
    #[inline]
    unsafe fn from_raw<'a>(ptr: *const bindings::bpf_link) -> &'a Self {
        // SAFETY: `link` is the first field of this `#[repr(C)]` type, so the object starts at
        // `ptr`; the caller guarantees that it is alive for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns a raw pointer to the `struct bpf_link`.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::bpf_link {
        self.link.get()
    }

    /// Returns the attach type the link was created with (`link->attach_type`, an `enum
    /// bpf_attach_type` value).
    #[inline]
    pub fn attach_type(&self) -> u32 {
        // SAFETY: By the type invariants the link is valid; `attach_type` is set by
        // `bpf_link_init()` and never changes.
        unsafe { (*self.as_raw()).attach_type }
    }

    /// Returns whether the link was settled (`link->id` is set by `bpf_link_settle()`).
    #[inline]
    pub fn is_settled(&self) -> bool {
        // SAFETY: By the type invariants the link is valid. `id` is written once, by
        // `bpf_link_settle()`, which runs in the thread that holds the `Primed` and before the
        // link can be reached from any other thread.
        unsafe { (*self.as_raw()).id != 0 }
    }

    /// Returns the link's program (`READ_ONCE(link->prog)`), or `None` if it has none (a link
    /// being cleaned up).
    ///
    /// The program stays valid for as long as the RCU read-side critical section `_rcu` lasts,
    /// even if an update replaces it meanwhile.
    #[inline]
    pub fn prog<'r>(&self, _rcu: &'r rcu::Guard) -> Option<&'r Prog> {
        // SAFETY: By the type invariants the link is valid, and `prog` is replaced only with
        // `xchg()` while others may read it.
        let prog = unsafe { atomic_load(&raw mut (*self.as_raw()).prog, Relaxed) };
        NonNull::new(prog).map(|prog| {
            // SAFETY: The program was alive when read: the link (or, before settling, the
            // creator of the `Primed`) held a reference on it. That reference is only given up with
            // `bpf_prog_put()`, which frees the program after an RCU grace period, and the
            // read-side critical section `_rcu` started before the read and lasts `'r`.
            unsafe { Prog::from_raw(prog.as_ptr()) }
        })
    }

    /// Replaces the link's program with `new` (`xchg(&link->prog, new_prog)`), keeping `new`'s
    /// reference, and returns the reference the link held on the program it replaced.
    ///
    /// Dropping the returned reference puts the old program (`bpf_prog_put(old_prog)`); readers
    /// that still see it (under RCU) keep a valid program until they leave their read-side
    /// critical section.
    ///
    /// Fails with `EINVAL`, leaving `new` unconsumed, if the link is not settled: it owns no
    /// reference on its program then (the creator of the [`Primed`] does), so it could neither
    /// hand one back nor keep `new`'s (`bpf_link_cleanup()` forgets the program without putting
    /// it).
    ///
    /// # Safety
    ///
    /// The link's current program must be reachable from no hook the link attached it to, but by
    /// readers already running: the caller must have replaced it there first (for a namespace's
    /// run array, [`Attachments::update_link_prog`](super::netns::Attachments::update_link_prog)
    /// does both), since the returned reference may be the last one.
    pub unsafe fn replace_prog(&self, new: PendingProg<'_>) -> Result<Option<ProgRef>> {
        if !self.is_settled() {
            return Err(EINVAL);
        }
        let new = new.take().into_raw();
        // SAFETY: By the type invariants the link is valid, reachable by other threads only as a
        // settled link, whose `prog` is replaced only with `xchg()` and read with `READ_ONCE()`.
        let old = unsafe { Atomic::from_ptr(&raw mut (*self.as_raw()).prog) }.xchg(new, Full);
        Ok(NonNull::new(old).map(|old| {
            // SAFETY: The link is settled, so it owned a reference on the program it held, which
            // `xchg()` just took out of it.
            unsafe { ProgRef::from_raw(old.as_ptr()) }
        }))
    }
}

impl<T: LinkOps> Deref for LinkObject<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.data
    }
}

/// The link-type specific information `BPF_OBJ_GET_INFO_BY_FD` reports (`struct bpf_link_info`).
#[repr(transparent)]
pub struct LinkInfo(bindings::bpf_link_info);

impl LinkInfo {
    /// Returns a mutable reference to the record at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_link_info` that nothing else accesses for `'a`.
    #[inline]
    unsafe fn from_raw_mut<'a>(ptr: *mut bindings::bpf_link_info) -> &'a mut Self {
        // SAFETY: `LinkInfo` is a transparent wrapper of `bpf_link_info`, and the caller guarantees
        // exclusive access to a valid object for `'a`.
        unsafe { &mut *ptr.cast::<Self>() }
    }

    /// Records a network namespace link: the namespace's inode number (0 once detached) and the
    /// attach type (`info->netns`).
    #[inline]
    pub fn set_netns(&mut self, netns_ino: u32, attach_type: u32) {
        // `netns` is the member of the union that `BPF_LINK_TYPE_NETNS` links report; writing a
        // union field is safe (every member is plain integers).
        self.0.__bindgen_anon_1.netns.netns_ino = netns_ino;
        self.0.__bindgen_anon_1.netns.attach_type = attach_type;
    }
}

/// A link whose file, descriptor and id are reserved, but which user space cannot reach yet
/// (`struct bpf_link_primer`).
///
/// Attach the link (through [`Primed::link`]), then either [`settle`](Primed::settle) it, which
/// returns its descriptor, or drop the `Primed` ([`cleanup`](Primed::cleanup)), which frees the
/// link as `bpf_link_cleanup()` does (through the file's release and the `dealloc` callback, never
/// directly) and leaves the program to its creator.
///
/// # Invariants
///
/// - `primer` was filled by a successful `bpf_link_prime()` of a link object created by
///   [`Primed::new`] for `T`; neither `bpf_link_settle()` nor `bpf_link_cleanup()` has been called
///   on it. The primer's file owns the link.
/// - The reference on the program [`Primed::new`] was given stays with its creator (valid for
///   `'a`) until [`Primed::settle`] hands it to the link; `taken` is that [`PendingProg`]'s flag.
pub struct Primed<'a, T: LinkOps> {
    primer: bindings::bpf_link_primer,
    taken: Option<&'a Cell<bool>>,
    _p: PhantomData<(&'a Prog, T)>,
}

impl<'a, T: LinkOps> Primed<'a, T> {
    /// Creates a link of kind `T` with program `prog` and attach type `attach_type` (an `enum
    /// bpf_attach_type` value), and reserves its file, descriptor and id.
    ///
    /// The object is allocated with `GFP_USER` and its `struct bpf_link` zeroed before
    /// `bpf_link_init()` (which leaves `flags` alone), as C's `kzalloc(GFP_USER)` does. If
    /// `bpf_link_prime()` fails, the object is freed directly, which is still allowed then.
    pub fn new(data: T, prog: PendingProg<'a>, attach_type: u32) -> Result<Self> {
        let object = KBox::new(
            LinkObject {
                link: Opaque::zeroed(),
                data,
            },
            GFP_USER,
        )?;
        let (prog, taken) = prog.into_parts();
        let object = KBox::into_raw(object);
        // SAFETY: `object` was just allocated and initialised, and is not referenced elsewhere.
        let link = unsafe { (*object).link.get() };

        // SAFETY: `link` is a zeroed `struct bpf_link`; the ops table lives forever (by the type
        // invariants of `LinkOpsTable`); `prog` is valid for `'a`, and the link does not outlive
        // `'a` without being settled (after which it owns a reference) or cleaned up (which
        // clears `link->prog`).
        unsafe { bindings::bpf_link_init(link, T::TYPE.0, T::OPS.ops, prog.as_raw(), attach_type) };

        let mut primer: bindings::bpf_link_primer = pin_init::zeroed();
        // SAFETY: `link` was initialised just above and `primer` is a valid local.
        let ret = unsafe { bindings::bpf_link_prime(link, &mut primer) };
        if let Err(e) = to_result(ret) {
            // SAFETY: `bpf_link_prime()` failed, so it released everything it had reserved and
            // nothing references the object: it is still ours, as allocated by `KBox` above.
            drop(unsafe { KBox::from_raw(object) });
            return Err(e);
        }

        // INVARIANT: `bpf_link_prime()` succeeded on the link just created for `T`, and the
        // program is the one given, whose reference stays with its creator.
        Ok(Self {
            primer,
            taken,
            _p: PhantomData,
        })
    }

    /// Returns the link, to attach it.
    #[inline]
    pub fn link(&self) -> &LinkObject<T> {
        // SAFETY: By the type invariants `primer.link` is a link object created for `T`, owned by
        // the primer's file, which neither settle nor cleanup has given away yet; `&self` cannot
        // outlive them, since both consume `self`.
        unsafe { LinkObject::from_raw(self.primer.link) }
    }

    /// Makes the link reachable from user space and returns its file descriptor
    /// (`bpf_link_settle()`). The link now owns the reference on its program.
    ///
    /// The descriptor must be what the operation returns to the system call: the system call then
    /// keeps its hands off the program's reference.
    pub fn settle(self) -> c_int {
        let mut this = ManuallyDrop::new(self);
        if let Some(taken) = this.taken {
            taken.set(true);
        }
        // SAFETY: By the type invariants the primer was filled by `bpf_link_prime()` and neither
        // settled nor cleaned up; `this` is not dropped, so it will not be cleaned up either.
        unsafe { bindings::bpf_link_settle(&mut this.primer) }
    }

    /// Gives up the link (`bpf_link_cleanup()`); the same as dropping `self`.
    ///
    /// The link loses its program without putting it (the program's reference stays with the
    /// creator, which puts it on failure), and is freed through the `dealloc` callback once the
    /// file's release runs.
    #[inline]
    pub fn cleanup(self) {
        drop(self);
    }
}

impl<T: LinkOps> Drop for Primed<'_, T> {
    fn drop(&mut self) {
        // SAFETY: By the type invariants the primer was filled by `bpf_link_prime()` and neither
        // settled nor cleaned up.
        unsafe { bindings::bpf_link_cleanup(&mut self.primer) };
    }
}

/// `release` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a live `LinkObject<T>`, which `bpf_link_free()` is
/// freeing: it puts the link's program when this returns.
#[doc(hidden)]
#[inline]
pub unsafe fn release_callback<T: LinkOps>(link: *mut bindings::bpf_link) {
    // SAFETY: The caller guarantees that the link is alive during the call.
    let link = unsafe { LinkObject::<T>::from_raw(link) };
    T::release(link);
}

/// `detach` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a live `LinkObject<T>`.
#[doc(hidden)]
#[inline]
pub unsafe fn detach_callback<T: LinkOps>(link: *mut bindings::bpf_link) -> c_int {
    // SAFETY: The caller guarantees that the link is alive during the call.
    let link = unsafe { LinkObject::<T>::from_raw(link) };
    from_result(|| {
        T::detach(link)?;
        Ok(0)
    })
}

/// `update_prog` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a live `LinkObject<T>`; `new_prog` a valid program on
/// which the caller holds a reference that it puts if and only if this returns non-zero; `old_prog`
/// NULL or a valid program, all for the duration of the call.
#[doc(hidden)]
#[inline]
pub unsafe fn update_prog_callback<T: LinkOps>(
    link: *mut bindings::bpf_link,
    new_prog: *mut bindings::bpf_prog,
    old_prog: *mut bindings::bpf_prog,
) -> c_int {
    // SAFETY: The caller guarantees that the link is alive during the call.
    let link = unsafe { LinkObject::<T>::from_raw(link) };
    let taken = Cell::new(false);
    // SAFETY: The caller holds a reference on `new_prog` during the call and puts it if and only
    // if this returns non-zero, which the code below makes happen exactly when `taken` is `false`.
    let new = unsafe { PendingProg::with_flag(new_prog, &taken) };
    let old = NonNull::new(old_prog).map(|old| {
        // SAFETY: The caller guarantees that `old_prog`, not NULL, is valid during the call.
        unsafe { Prog::from_raw(old.as_ptr()) }
    });

    let result = T::update_prog(link, new, old);

    match (taken.get(), result) {
        (true, Ok(())) => 0,
        // The link keeps `new_prog`, so the update must be reported as done, or C would put the
        // reference the link now holds.
        (true, Err(_)) => {
            crate::warn_on!(true);
            0
        }
        (false, Err(e)) => e.to_errno(),
        (false, Ok(())) => {
            // Nothing kept `new_prog` but C will not put it on success: put it here.
            // SAFETY: This returns 0, so the reference the caller holds is ours.
            drop(unsafe { ProgRef::from_raw(new_prog) });
            0
        }
    }
}

/// `fill_link_info` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a live `LinkObject<T>` and `info` a valid `struct
/// bpf_link_info` that nothing else accesses during the call.
#[doc(hidden)]
#[inline]
pub unsafe fn fill_link_info_callback<T: LinkOps>(
    link: *const bindings::bpf_link,
    info: *mut bindings::bpf_link_info,
) -> c_int {
    // SAFETY: The caller guarantees that the link is alive during the call.
    let link = unsafe { LinkObject::<T>::from_raw(link) };
    // SAFETY: The caller guarantees that `info` is valid and only used by this call meanwhile.
    let info = unsafe { LinkInfo::from_raw_mut(info) };
    from_result(|| {
        T::fill_link_info(link, info)?;
        Ok(0)
    })
}

/// `show_fdinfo` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a live `LinkObject<T>` and `seq` a valid `struct
/// seq_file` that no other thread accesses during the call.
#[doc(hidden)]
#[inline]
pub unsafe fn show_fdinfo_callback<T: LinkOps>(
    link: *const bindings::bpf_link,
    seq: *mut bindings::seq_file,
) {
    // SAFETY: The caller guarantees that the link is alive during the call.
    let link = unsafe { LinkObject::<T>::from_raw(link) };
    // SAFETY: The caller guarantees that `seq` is valid and owned by this thread during the call.
    let m = unsafe { SeqFile::from_raw(seq) };
    T::show_fdinfo(link, m);
}

/// `dealloc` of links of kind `T`, for [`bpf_link_callbacks!`](crate::bpf_link_callbacks).
///
/// # Safety
///
/// `link` must be the `struct bpf_link` of a `LinkObject<T>` that C no longer references.
#[doc(hidden)]
#[inline]
pub unsafe fn dealloc_callback<T: LinkOps>(link: *mut bindings::bpf_link) {
    // SAFETY: A `LinkObject<T>` is only created by `Primed::new`, as a `KBox<LinkObject<T>>` whose
    // `link` is at the start of the object, and the caller guarantees that C no longer references
    // it (`bpf_link_dealloc()` calls `dealloc` once, after the last reference is gone), so the box
    // is ours to drop.
    drop(unsafe { KBox::from_raw(link.cast::<LinkObject<T>>()) });
}

/// Defines the operations of links of kind `T` as C functions of the given names.
///
/// ```ignore
/// kernel::bpf_link_callbacks!(FooLink {
///     release: bpf_foo_link_release_rust,
///     dealloc: bpf_foo_link_dealloc_rust,
///     detach: bpf_foo_link_detach_rust,
///     update_prog: bpf_foo_link_update_prog_rust,
///     fill_link_info: bpf_foo_link_fill_info_rust,
///     show_fdinfo: bpf_foo_link_show_fdinfo_rust,
/// });
/// ```
///
/// defines the six `extern "C"` functions from the [`LinkOps`] implementation `FooLink`, for the
/// C functions of its [`LinkOpsTable`] to call. As [`export`](macros::export) does, the macro
/// checks at compile time that each has the signature of its C declaration.
#[macro_export]
macro_rules! bpf_link_callbacks {
    ($type:ty {
        release: $release:ident,
        dealloc: $dealloc:ident,
        detach: $detach:ident,
        update_prog: $update_prog:ident,
        fill_link_info: $fill_link_info:ident,
        show_fdinfo: $show_fdinfo:ident $(,)?
    }) => {
        /// Detaches a link's program from its hook before the link puts it (`release` of the
        /// link type's `struct bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// Only the `release` operation of the link type's operations table may call this, as
        /// `bpf_link_free()` calls it: `link` must be a live link of this type, which is being
        /// freed, and whose program is put when this returns.
        #[no_mangle]
        pub unsafe extern "C" fn $release(link: *mut $crate::bindings::bpf_link) {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::release_callback::<$type>(link) }
        }

        /// Frees a link (`dealloc` of the link type's `struct bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// Only the `dealloc` operation of the link type's operations table may call this, as
        /// `bpf_link_dealloc()` calls it: `link` must be a link of this type that C no longer
        /// references.
        #[no_mangle]
        pub unsafe extern "C" fn $dealloc(link: *mut $crate::bindings::bpf_link) {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::dealloc_callback::<$type>(link) }
        }

        /// Detaches a link on user request (`detach` of the link type's `struct
        /// bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// `link` must be a link of this type that stays alive during the call.
        #[no_mangle]
        pub unsafe extern "C" fn $detach(
            link: *mut $crate::bindings::bpf_link,
        ) -> $crate::ffi::c_int {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::detach_callback::<$type>(link) }
        }

        /// Replaces a link's program (`update_prog` of the link type's `struct bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// `link` must be a link of this type and `old_prog` NULL or a valid program, both alive
        /// during the call, and `new_prog` a valid program on which the caller holds a reference
        /// that it puts if and only if this returns non-zero, as `link_update()` does.
        #[no_mangle]
        pub unsafe extern "C" fn $update_prog(
            link: *mut $crate::bindings::bpf_link,
            new_prog: *mut $crate::bindings::bpf_prog,
            old_prog: *mut $crate::bindings::bpf_prog,
        ) -> $crate::ffi::c_int {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::update_prog_callback::<$type>(link, new_prog, old_prog) }
        }

        /// Fills the link-type specific part of a link's information (`fill_link_info` of the
        /// link type's `struct bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// `link` must be a link of this type that stays alive during the call, and `info` a
        /// valid `struct bpf_link_info` that nothing else accesses meanwhile.
        #[no_mangle]
        pub unsafe extern "C" fn $fill_link_info(
            link: *const $crate::bindings::bpf_link,
            info: *mut $crate::bindings::bpf_link_info,
        ) -> $crate::ffi::c_int {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::fill_link_info_callback::<$type>(link, info) }
        }

        /// Prints the link-type specific lines of a link's fdinfo (`show_fdinfo` of the link
        /// type's `struct bpf_link_ops`).
        ///
        /// # Safety
        ///
        /// `link` must be a link of this type that stays alive during the call, and `seq` a
        /// valid `struct seq_file` that no other thread accesses meanwhile.
        #[no_mangle]
        pub unsafe extern "C" fn $show_fdinfo(
            link: *const $crate::bindings::bpf_link,
            seq: *mut $crate::bindings::seq_file,
        ) {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::link::show_fdinfo_callback::<$type>(link, seq) }
        }

        // Checks that C declares the functions with these signatures (as `#[export]` does: both
        // branches of an `if` must have the same type).
        const _: () = {
            if true {
                $crate::bindings::$release
            } else {
                $release
            };
            if true {
                $crate::bindings::$dealloc
            } else {
                $dealloc
            };
            if true {
                $crate::bindings::$detach
            } else {
                $detach
            };
            if true {
                $crate::bindings::$update_prog
            } else {
                $update_prog
            };
            if true {
                $crate::bindings::$fill_link_info
            } else {
                $fill_link_info
            };
            if true {
                $crate::bindings::$show_fdinfo
            } else {
                $show_fdinfo
            };
        };
    };
}
