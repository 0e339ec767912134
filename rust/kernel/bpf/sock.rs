// SPDX-License-Identifier: GPL-2.0

//! Sockets as BPF helpers receive them.
//!
//! C headers: [`include/net/sock.h`](srctree/include/net/sock.h) and
//! [`include/linux/ipv6.h`](srctree/include/linux/ipv6.h).
//!
//! The verifier tracks socket pointers a program obtained (from a map lookup, for instance) as
//! `PTR_TO_SOCKET`, and guarantees that a helper declared to take `ARG_PTR_TO_SOCKET` (or its
//! `_OR_NULL` variant) receives a live full socket. [`Sock`] is the view of such a socket that
//! helpers written in Rust use; [`RcuSock`] is one that RCU keeps alive, which a helper may
//! leave behind for the kernel to use after it returns.

use super::verifier::{FuncId, FuncProto, Prog};
use crate::{bindings, types::Opaque};

/// Address family `AF_INET` (IPv4), as returned by [`Sock::family`].
pub const AF_INET: u16 = bindings::AF_INET as u16;
/// Address family `AF_INET6` (IPv6).
pub const AF_INET6: u16 = bindings::AF_INET6 as u16;
/// Socket state `TCP_LISTEN`.
const TCP_LISTEN: u8 = bindings::TCP_LISTEN as u8;
/// Socket state `TCP_CLOSE` (for UDP: unconnected).
const TCP_CLOSE: u8 = bindings::TCP_CLOSE as u8;

// The fields read below, as C lays them out.
assert_c_layout!(bindings::sock_common, SOCK_COMMON {
    skc_family => SKC_FAMILY,
    skc_state => SKC_STATE,
});
assert_c_layout!(bindings::sock, SOCK {
    __sk_common => SK_COMMON,
    sk_protocol => SK_PROTOCOL,
});

/// A full socket (`struct sock`) passed to a BPF helper.
///
/// # Invariants
///
/// The wrapped `struct sock` is a live full socket (`sk_fullsock()`), not a request or time-wait
/// mini socket (those end before `sk_protocol`), for the lifetime of any reference to a `Sock`.
#[repr(transparent)]
pub struct Sock(Opaque<bindings::sock>);

impl Sock {
    /// Returns a reference to the socket at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live full socket that stays alive for the lifetime `'a`, for instance
    /// because it was passed to a BPF helper as an `ARG_PTR_TO_SOCKET` argument (the verifier's
    /// `PTR_TO_SOCKET` is a full socket) and `'a` does not outlast the helper call.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::sock) -> &'a Self {
        // SAFETY: `Sock` is a transparent wrapper of `sock` and the caller guarantees that `ptr` is
        // live for `'a`.
        // INVARIANT: The caller guarantees a live full socket for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns a reference to the socket in BPF helper argument `arg`, or `None` if it is NULL.
    ///
    /// # Safety
    ///
    /// `arg` must be 0 or the address of a live full socket that stays alive for the lifetime
    /// `'a`, as the verifier guarantees for an `ARG_PTR_TO_SOCKET_OR_NULL` argument during the
    /// helper call.
    #[inline]
    pub unsafe fn from_helper_arg<'a>(arg: u64) -> Option<&'a Self> {
        // The argument register holds a kernel pointer, which fits in `usize`.
        let ptr = arg as usize as *const bindings::sock;
        if ptr.is_null() {
            None
        } else {
            // SAFETY: `ptr` is not NULL, so the caller guarantees that it is live for `'a`.
            Some(unsafe { Self::from_raw(ptr) })
        }
    }

    /// Returns a raw pointer to the C socket.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::sock {
        self.0.get()
    }

    /// Returns the address family (`sk->sk_family`), for instance [`AF_INET`].
    #[inline]
    pub fn family(&self) -> u16 {
        // SAFETY: By the type invariant the socket is live. `IPV6_ADDRFORM` changes the family of
        // a socket with `WRITE_ONCE()` while others may read it, hence the `READ_ONCE()`
        // semantics of a volatile read.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).__sk_common.skc_family) }
    }

    /// Returns the protocol (`sk->sk_protocol`), for instance `IPPROTO_TCP`.
    #[inline]
    pub fn protocol(&self) -> u16 {
        // SAFETY: By the type invariant the socket is live.
        unsafe { (*self.as_raw()).sk_protocol }
    }

    /// Returns the connection state (`sk->sk_state`), for instance `TCP_LISTEN`.
    #[inline]
    fn state(&self) -> u8 {
        // SAFETY: By the type invariant the socket is live. The field is `volatile` in C, hence
        // the volatile read.
        unsafe { core::ptr::read_volatile(&raw const (*self.as_raw()).__sk_common.skc_state) }
    }

    /// Returns the socket as an [`RcuSock`] if it is freed after an RCU grace period
    /// (`SOCK_RCU_FREE`), or `None` if it is reference counted (`sk_is_refcounted()`).
    #[inline]
    pub fn as_rcu_freed(&self) -> Option<&RcuSock> {
        // SAFETY: By the type invariant the socket is live; `sk_is_refcounted()` only reads it.
        if unsafe { bindings::sk_is_refcounted(self.as_raw()) } {
            return None;
        }
        // SAFETY: `RcuSock` is a transparent wrapper of `Sock`.
        // INVARIANT: The socket was just found not to be reference counted: it is freed after an
        // RCU grace period.
        Some(unsafe { &*core::ptr::from_ref(self).cast::<RcuSock>() })
    }

    /// Returns whether this is a TCP socket (`sk_is_tcp()`).
    #[inline]
    pub fn is_tcp(&self) -> bool {
        // SAFETY: By the type invariant the socket is live.
        unsafe { bindings::sk_is_tcp(self.as_raw()) }
    }

    /// Returns whether this is a UDP socket (`sk_is_udp()`).
    #[inline]
    pub fn is_udp(&self) -> bool {
        // SAFETY: By the type invariant the socket is live.
        unsafe { bindings::sk_is_udp(self.as_raw()) }
    }

    /// Returns whether the socket is restricted to IPv6 (`ipv6_only_sock()`, the `IPV6_V6ONLY`
    /// socket option); always `false` without IPv6 support.
    #[inline]
    pub fn is_ipv6_only(&self) -> bool {
        // SAFETY: By the type invariant the socket is live.
        unsafe { bindings::ipv6_only_sock(self.as_raw()) }
    }

    /// Returns whether the socket may be in a reuseport group (`sk->sk_reuseport`, the
    /// `SO_REUSEPORT` socket option).
    #[inline]
    pub fn is_reuseport(&self) -> bool {
        // SAFETY: By the type invariant the socket is live. The bit is set by `setsockopt()` under
        // the socket lock and read without it by lookups, in C as here: the raw accessor reads the
        // one byte holding it, without a reference to the rest of `sock_common`.
        unsafe {
            bindings::sock_common::skc_reuseport_raw(&raw const (*self.as_raw()).__sk_common) != 0
        }
    }

    /// Returns the cookie of the socket (`sock_gen_cookie()`), a number that identifies it for as
    /// long as the system runs, which user space reads with `SO_COOKIE`; the first call makes it.
    #[inline]
    pub fn cookie(&self) -> u64 {
        // SAFETY: By the type invariant the socket is live; the cookie is set at most once, with
        // an atomic compare-and-exchange.
        unsafe { bindings::sock_gen_cookie(self.as_raw()) }
    }

    /// Returns whether the socket is listening (state `TCP_LISTEN`).
    #[inline]
    pub fn is_listening(&self) -> bool {
        self.state() == TCP_LISTEN
    }

    /// Returns whether the socket is closed, which for UDP means unconnected (state
    /// `TCP_CLOSE`).
    #[inline]
    pub fn is_closed(&self) -> bool {
        self.state() == TCP_CLOSE
    }
}

/// A full socket that is freed only after an RCU grace period (`SOCK_RCU_FREE`), not reference
/// counted, as [`Sock::as_rcu_freed`] finds it.
///
/// A pointer to such a socket, taken while it is live inside an RCU read-side critical section,
/// stays valid until that critical section ends, whatever happens to the socket meanwhile: the
/// kernel may use it after the helper that received the socket returned, within the same
/// critical section (see [`SkLookupKern::select`](super::sk_lookup::SkLookupKern::select)).
///
/// # Invariants
///
/// Those of [`Sock`], and the socket is not reference counted (`!sk_is_refcounted()`).
#[repr(transparent)]
pub struct RcuSock(Sock);

impl RcuSock {
    /// Returns a reference to the socket at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live full socket that is not reference counted, taken inside an RCU
    /// read-side critical section that covers the lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::sock) -> &'a Self {
        // SAFETY: `RcuSock` is a transparent wrapper of `Sock`, itself one of `sock`, and the
        // caller guarantees a live socket for `'a`: one freed only after a grace period stays
        // valid until the critical section ends.
        // INVARIANT: The caller guarantees a full socket that is not reference counted.
        unsafe { &*ptr.cast::<Self>() }
    }
}

impl core::ops::Deref for RcuSock {
    type Target = Sock;

    #[inline]
    fn deref(&self) -> &Sock {
        &self.0
    }
}

/// Returns the prototype of `bpf_sk_release()` (`bpf_sk_release_proto`).
#[cfg(CONFIG_INET)]
#[inline]
pub fn sk_release_proto() -> &'static FuncProto {
    let proto = (&raw const bindings::bpf_sk_release_proto).cast::<FuncProto>();
    // SAFETY: `bpf_sk_release_proto` is a `const` global defined in C, so it is valid and never
    // modified, and `FuncProto` is a transparent wrapper of `bpf_func_proto`.
    unsafe { &*proto }
}

/// Returns the prototype of helper `func_id` from the base helper set of socket-related program
/// types (`bpf_sk_base_func_proto()`), or `None` if `prog` may not call it.
#[inline]
pub fn sk_base_func_proto(func_id: FuncId, prog: &Prog) -> Option<&'static FuncProto> {
    // SAFETY: `prog` is a valid program by the type invariant of `Prog`.
    let proto = unsafe { bindings::bpf_sk_base_func_proto(func_id.as_raw(), prog.as_raw()) };
    // SAFETY: `bpf_sk_base_func_proto()` returns NULL or the address of a `const` global
    // `struct bpf_func_proto`.
    unsafe { FuncProto::from_raw(proto) }
}
