// SPDX-License-Identifier: GPL-2.0

//! Network namespaces.
//!
//! C header: [`include/net/net_namespace.h`](srctree/include/net/net_namespace.h)

use crate::{
    bindings,
    error::{from_err_ptr, Result},
    prelude::*,
    task::CurrentTask,
    types::Opaque,
};
use core::{
    mem::offset_of,
    ops::Deref,
    ptr::NonNull, //
};

/// A network namespace (`struct net`).
///
/// A `&Net` does not keep the namespace alive: whoever hands one out guarantees that it stays
/// valid for as long as the reference exists, as a socket lookup does for the namespace it looks
/// up sockets in.
///
/// # Invariants
///
/// The wrapped `struct net` is valid (initialised and not freed) for the lifetime of any reference
/// to a `Net`.
#[repr(transparent)]
pub struct Net(Opaque<bindings::net>);

impl Net {
    /// Returns a reference to the network namespace at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct net` that stays valid for the lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::net) -> &'a Self {
        // SAFETY: `Net` is a transparent wrapper of `net` and the caller guarantees that `ptr` is
        // valid for `'a`.
        // INVARIANT: The caller guarantees validity for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns a raw pointer to the C network namespace.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::net {
        self.0.get()
    }
}

// The fields read below, as C lays them out.
static_assert!(offset_of!(bindings::net, ns) == bindings::LAYOUT_NET_NS_OFF);
static_assert!(offset_of!(bindings::ns_common, inum) == bindings::LAYOUT_NS_COMMON_INUM_OFF);
static_assert!(size_of::<bindings::ns_common>() == bindings::LAYOUT_NS_COMMON_SIZE);
static_assert!(
    offset_of!(bindings::task_struct, nsproxy) == bindings::LAYOUT_TASK_STRUCT_NSPROXY_OFF
);
static_assert!(offset_of!(bindings::nsproxy, net_ns) == bindings::LAYOUT_NSPROXY_NET_NS_OFF);

impl Net {
    /// Returns whether the namespace is still in use (`check_net()`): `false` once its last
    /// reference is gone and it is being dismantled.
    ///
    /// Without `CONFIG_NET_NS` this is always `true`.
    #[inline]
    pub fn is_alive(&self) -> bool {
        // SAFETY: `self` is a valid namespace; `check_net()` only reads its count.
        unsafe { bindings::check_net(self.as_raw()) != 0 }
    }

    /// Returns the inode number of the namespace (`net->ns.inum`), which identifies it to user
    /// space (`/proc/<pid>/ns/net`).
    #[inline]
    pub fn inum(&self) -> u32 {
        // SAFETY: `self` is a valid namespace; `ns.inum` is set when the namespace is created and
        // never changes.
        unsafe { (*self.as_raw()).ns.inum }
    }

    /// Returns a new reference on the namespace, or `None` if it is being dismantled
    /// (`maybe_get_net()`).
    #[inline]
    pub fn try_get(&self) -> Option<NetRef> {
        // SAFETY: `self` is a valid namespace; `maybe_get_net()` takes a reference only if the
        // count is not zero, and returns NULL otherwise.
        let ptr = unsafe { bindings::maybe_get_net(self.as_raw()) };
        // INVARIANT: A non-NULL result carries a reference for the caller.
        NonNull::new(ptr).map(|ptr| NetRef { ptr })
    }
}

/// An owned reference on a network namespace (`get_net()` / `put_net()`).
///
/// # Invariants
///
/// `ptr` points to a valid `struct net` on which this object owns one reference (so the
/// namespace is not being dismantled while it exists).
pub struct NetRef {
    ptr: NonNull<bindings::net>,
}

impl NetRef {
    /// Returns a reference on the namespace that user-space descriptor `fd` refers to
    /// (`get_net_ns_by_fd()`).
    ///
    /// Fails with `EBADF` if `fd` is not a descriptor and `EINVAL` if it is not one of a network
    /// namespace (always, without `CONFIG_NET_NS`).
    #[inline]
    pub fn from_ns_fd(fd: u32) -> Result<Self> {
        // C passes the `u32` descriptor of `union bpf_attr` as an `int`; a value above `INT_MAX`
        // becomes negative there too, and fails with `EBADF`.
        let fd = fd as c_int;
        // SAFETY: FFI call without requirements; it returns an error pointer or a namespace on
        // which it took a reference for the caller.
        let ptr = from_err_ptr(unsafe { bindings::get_net_ns_by_fd(fd) })?;
        // INVARIANT: `get_net_ns_by_fd()` succeeded: `ptr` is a namespace and the reference it
        // took is ours.
        Ok(Self {
            // SAFETY: A successful `get_net_ns_by_fd()` returns a valid, hence non-NULL, pointer.
            ptr: unsafe { NonNull::new_unchecked(ptr) },
        })
    }
}

impl Deref for NetRef {
    type Target = Net;

    #[inline]
    fn deref(&self) -> &Net {
        // SAFETY: By the type invariant the namespace is valid, and the reference owned by `self`
        // keeps it so for as long as `self` is borrowed.
        unsafe { Net::from_raw(self.ptr.as_ptr()) }
    }
}

impl Clone for NetRef {
    #[inline]
    fn clone(&self) -> Self {
        // SAFETY: By the type invariant `self` owns a reference, so the count is not zero and
        // `get_net()` may take another one.
        unsafe { bindings::get_net(self.ptr.as_ptr()) };
        // INVARIANT: The reference just taken is the new object's.
        Self { ptr: self.ptr }
    }
}

impl Drop for NetRef {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariant `self` owns a reference, given up here.
        unsafe { bindings::put_net(self.ptr.as_ptr()) };
    }
}

// This belongs in `rust/kernel/task.rs`, next to `CurrentTask::active_pid_ns()`, which it follows.
impl CurrentTask {
    /// Returns the network namespace of the current task (`current->nsproxy->net_ns`), without
    /// taking a reference, or `None` after the task gave up its namespaces on exit
    /// (`exit_nsproxy_namespaces()`, which runs before the task's last `task_work`s).
    #[inline]
    pub fn net_ns(&self) -> Option<&Net> {
        // SAFETY: `self` is the current task. Only the current task replaces its own `nsproxy`
        // (`switch_task_namespaces()` is called on `current` by `setns()`, `unshare()`, `exec` and
        // exit, or on a child that has not run yet), so it may read it without `task_lock()`.
        let nsproxy = unsafe { (*self.as_ptr()).nsproxy };
        if nsproxy.is_null() {
            return None;
        }
        // SAFETY: A non-NULL `nsproxy` of the current task stays valid while it is the task's, and
        // its `net_ns` is set at creation and never changes.
        let net = unsafe { (*nsproxy).net_ns };
        // SAFETY: The `nsproxy` holds a reference on `net` for as long as it is the current task's.
        // The returned reference borrows `self`, which cannot leave the current task context (see
        // `current!`), and only the task itself can switch to another `nsproxy`, through system
        // calls it cannot make before that context ends.
        Some(unsafe { Net::from_raw(net) })
    }
}
