// SPDX-License-Identifier: GPL-2.0

//! The context of `BPF_PROG_TYPE_SK_LOOKUP` programs.
//!
//! C headers: [`include/linux/filter.h`](srctree/include/linux/filter.h) (`struct
//! bpf_sk_lookup_kern`) and [`include/uapi/linux/bpf.h`](srctree/include/uapi/linux/bpf.h)
//! (`struct bpf_sk_lookup`).
//!
//! An sk_lookup program runs on socket lookup for a received packet and may select the socket
//! that receives it. It sees a `struct bpf_sk_lookup`, whose layout is in [`uapi`]; the verifier
//! rewrites its loads into loads from the kernel's `struct bpf_sk_lookup_kern`, whose layout is in
//! [`kern`], and helpers receive the latter as [`SkLookupKern`].

use super::sock::RcuSock;
use crate::bindings;

/// `BPF_SK_LOOKUP_F_REPLACE`: `bpf_sk_assign()` may override an earlier selection.
pub const F_REPLACE: u64 = bindings::BPF_SK_LOOKUP_F_REPLACE as u64;
/// `BPF_SK_LOOKUP_F_NO_REUSEPORT`: `bpf_sk_assign()` skips the reuseport group selection.
pub const F_NO_REUSEPORT: u64 = bindings::BPF_SK_LOOKUP_F_NO_REUSEPORT as u64;

/// Layout of `struct bpf_sk_lookup`, the context as programs see it.
pub mod uapi {
    use crate::{bindings, bpf::verifier::CtxField, ctx_field};

    type T = bindings::bpf_sk_lookup;

    /// Size of the structure (`sizeof(struct bpf_sk_lookup)`).
    pub const SIZE: i32 = core::mem::size_of::<T>() as i32;

    /// `sk`, the selected socket (in a union with `cookie`).
    pub const SK: CtxField = ctx_field!(T, __bindgen_anon_1);
    /// `family`.
    pub const FAMILY: CtxField = ctx_field!(T, family);
    /// `protocol`.
    pub const PROTOCOL: CtxField = ctx_field!(T, protocol);
    /// `remote_ip4`.
    pub const REMOTE_IP4: CtxField = ctx_field!(T, remote_ip4);
    /// `remote_ip6[0]` to `remote_ip6[3]`.
    pub const REMOTE_IP6: CtxField = ctx_field!(T, remote_ip6);
    /// `remote_port`.
    pub const REMOTE_PORT: CtxField = ctx_field!(T, remote_port);
    /// The zero padding after `remote_port` (an anonymous `__u16 :16` bit-field).
    pub const REMOTE_PORT_PAD: CtxField = CtxField::between(REMOTE_PORT, LOCAL_IP4);
    /// `local_ip4`.
    pub const LOCAL_IP4: CtxField = ctx_field!(T, local_ip4);
    /// `local_ip6[0]` to `local_ip6[3]`.
    pub const LOCAL_IP6: CtxField = ctx_field!(T, local_ip6);
    /// `local_port`.
    pub const LOCAL_PORT: CtxField = ctx_field!(T, local_port);
    /// `ingress_ifindex`.
    pub const INGRESS_IFINDEX: CtxField = ctx_field!(T, ingress_ifindex);

    assert_c_layout!(T, BPF_SK_LOOKUP {
        __bindgen_anon_1 => SK,
        family => FAMILY,
        protocol => PROTOCOL,
        remote_ip4 => REMOTE_IP4,
        remote_ip6 => REMOTE_IP6,
        remote_port => REMOTE_PORT,
        local_ip4 => LOCAL_IP4,
        local_ip6 => LOCAL_IP6,
        local_port => LOCAL_PORT,
        ingress_ifindex => INGRESS_IFINDEX,
    });
}

/// Layout of `struct bpf_sk_lookup_kern`, the context as the kernel stores it, as the fields that
/// rewrites load.
pub mod kern {
    use crate::{bindings, bpf::verifier::KernField, ctx_field, kern_field};

    type T = bindings::bpf_sk_lookup_kern;

    /// `family`.
    pub const FAMILY: KernField = kern_field!(T, family);
    /// `protocol`.
    pub const PROTOCOL: KernField = kern_field!(T, protocol);
    /// `sport`, the remote port (network byte order).
    pub const SPORT: KernField = kern_field!(T, sport);
    /// `dport`, the local port (host byte order).
    pub const DPORT: KernField = kern_field!(T, dport);
    /// `v4.saddr`, the remote IPv4 address.
    pub const V4_SADDR: KernField = kern_field!(T, v4.saddr);
    /// `v4.daddr`, the local IPv4 address.
    pub const V4_DADDR: KernField = kern_field!(T, v4.daddr);
    /// `v6.saddr`, a pointer to the remote IPv6 address.
    pub const V6_SADDR: KernField = kern_field!(T, v6.saddr);
    /// `v6.daddr`, a pointer to the local IPv6 address.
    pub const V6_DADDR: KernField = kern_field!(T, v6.daddr);
    /// `selected_sk`.
    pub const SELECTED_SK: KernField = kern_field!(T, selected_sk);
    /// `ingress_ifindex`.
    pub const INGRESS_IFINDEX: KernField = kern_field!(T, ingress_ifindex);

    /// `s6_addr32[0]` to `s6_addr32[3]` of the `struct in6_addr` that `v6.saddr` and `v6.daddr`
    /// point to.
    pub const IN6_ADDR_S6_ADDR32: [KernField; 4] = {
        let words = ctx_field!(bindings::in6_addr, in6_u.u6_addr32);
        let word = core::mem::size_of::<bindings::__be32>();
        assert!(words.size() as usize == 4 * word);
        let off = words.off() as usize;
        [
            KernField::new(off, word),
            KernField::new(off + word, word),
            KernField::new(off + 2 * word, word),
            KernField::new(off + 3 * word, word),
        ]
    };

    assert_c_layout!(T, BPF_SK_LOOKUP_KERN {
        family => FAMILY,
        protocol => PROTOCOL,
        sport => SPORT,
        dport => DPORT,
        v4.saddr => V4_SADDR,
        v4.daddr => V4_DADDR,
        v6.saddr => V6_SADDR,
        v6.daddr => V6_DADDR,
        selected_sk => SELECTED_SK,
        ingress_ifindex => INGRESS_IFINDEX,
        no_reuseport => NO_REUSEPORT,
    });
    assert_c_layout!(bindings::in6_addr, IN6_ADDR {
        in6_u.u6_addr32 => S6_ADDR32,
    });
}

/// The kernel's context of an sk_lookup program run (`struct bpf_sk_lookup_kern`), as the
/// `bpf_sk_assign()` helper receives it.
///
/// # Invariants
///
/// The wrapped structure is valid, and only accessed through this reference, for the lifetime of
/// any reference to an `SkLookupKern`, which lies within the RCU read-side critical section of the
/// socket lookup that runs the programs; the lookup reads the selected socket within that same
/// critical section.
#[repr(transparent)]
pub struct SkLookupKern(bindings::bpf_sk_lookup_kern);

impl SkLookupKern {
    /// Returns a mutable reference to the context at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_sk_lookup_kern` that nothing else accesses for the
    /// lifetime `'a`, and `'a` must lie within the RCU read-side critical section in which the
    /// context's user (the sk_lookup run loop) reads `selected_sk`.
    #[inline]
    pub unsafe fn from_raw_mut<'a>(ptr: *mut bindings::bpf_sk_lookup_kern) -> &'a mut Self {
        // SAFETY: `SkLookupKern` is a transparent wrapper of `bpf_sk_lookup_kern` and the caller
        // guarantees exclusive access to a valid object for `'a`.
        // INVARIANT: Validity, exclusivity and the RCU critical section for `'a` are guaranteed by
        // the caller.
        unsafe { &mut *ptr.cast::<Self>() }
    }

    /// Returns a mutable reference to the context in BPF helper argument `arg`.
    ///
    /// # Safety
    ///
    /// `arg` must be the address of a valid `struct bpf_sk_lookup_kern` that nothing else accesses
    /// for the lifetime `'a`, within the RCU read-side critical section in which its user reads
    /// `selected_sk`. All of this holds for the `ARG_PTR_TO_CTX` argument of a helper that an
    /// sk_lookup program calls, during the call: the run loop runs the programs and reads the
    /// selection under `rcu_read_lock()`.
    #[inline]
    pub unsafe fn from_helper_arg<'a>(arg: u64) -> &'a mut Self {
        // The argument register holds a kernel pointer, which fits in `usize`.
        let ptr = arg as usize as *mut bindings::bpf_sk_lookup_kern;
        // SAFETY: The caller guarantees that `ptr` is valid and exclusively ours for `'a`.
        unsafe { Self::from_raw_mut(ptr) }
    }

    /// Returns the address family of the packet, [`AF_INET`](super::sock::AF_INET) or
    /// `AF_INET6`.
    #[inline]
    pub fn family(&self) -> u16 {
        self.0.family
    }

    /// Returns the L4 protocol of the packet, `IPPROTO_TCP` or `IPPROTO_UDP`.
    #[inline]
    pub fn protocol(&self) -> u16 {
        self.0.protocol
    }

    /// Returns whether a socket has been selected (by this program or an earlier one).
    #[inline]
    pub fn has_selected_sk(&self) -> bool {
        !self.0.selected_sk.is_null()
    }

    /// Selects `sk` as the lookup result, or clears the selection if `None`; `no_reuseport`
    /// skips the reuseport group selection for it.
    ///
    /// The run loop uses `sk` after the program returned, without a reference: only a socket
    /// that RCU keeps alive ([`RcuSock`]) may be left there. By the type invariant the context
    /// lives inside the RCU read-side critical section in which the run loop reads it, and `sk`
    /// is live now, so it stays valid for as long as the run loop may use it.
    #[inline]
    pub fn select(&mut self, sk: Option<&RcuSock>, no_reuseport: bool) {
        self.0.selected_sk = sk.map_or(core::ptr::null_mut(), |sk| sk.as_raw());
        self.0.no_reuseport = no_reuseport;
    }
}
