// SPDX-License-Identifier: GPL-2.0

//! Network namespaces.
//!
//! C header: [`include/net/net_namespace.h`](srctree/include/net/net_namespace.h)

use crate::{bindings, types::Opaque};

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
