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

use super::{
    prog::ProgTypeId,
    prog_array::{
        LocalProgArray,
        NoMigrate,
        ProgArray, //
    },
    sock::RcuSock,
    verifier::Prog,
};
use crate::{
    bindings,
    error::Result,
    ffi::c_int,
    net::namespace::Net,
    prelude::*,
    sync::rcu,
    transmute::FromBytes,
    types::Opaque, //
};
use core::marker::PhantomData;

/// `SK_PASS`: the program lets the lookup go on, with the socket it selected if any.
pub const SK_PASS: u32 = bindings::sk_action_SK_PASS;
/// `SK_DROP`: the program fails the lookup (`-ECONNREFUSED`), unless a socket is selected.
pub const SK_DROP: u32 = bindings::sk_action_SK_DROP;

/// `BPF_SK_LOOKUP_F_REPLACE`: `bpf_sk_assign()` may override an earlier selection.
pub const F_REPLACE: u64 = bindings::BPF_SK_LOOKUP_F_REPLACE as u64;
/// `BPF_SK_LOOKUP_F_NO_REUSEPORT`: `bpf_sk_assign()` skips the reuseport group selection.
pub const F_NO_REUSEPORT: u64 = bindings::BPF_SK_LOOKUP_F_NO_REUSEPORT as u64;

/// `BPF_PROG_TYPE_SK_LOOKUP`.
pub const PROG_TYPE: ProgTypeId =
    ProgTypeId::from_raw(bindings::bpf_prog_type_BPF_PROG_TYPE_SK_LOOKUP);

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

/// An sk_lookup program, as an array of them holds it.
///
/// # Invariants
///
/// The program is a valid `BPF_PROG_TYPE_SK_LOOKUP` program, or the dummy program that
/// `bpf_prog_array_delete_safe_at()` leaves in an array (which returns 1, [`SK_PASS`], and does
/// nothing else), for the lifetime of any reference to an `SkLookupProg`.
#[repr(transparent)]
pub struct SkLookupProg(Prog);

/// An array of sk_lookup programs: those attached to a network namespace, or the one a test run
/// runs.
///
/// # Invariants
///
/// Those of [`ProgArray`], and every program the array holds is an [`SkLookupProg`].
#[repr(transparent)]
pub struct SkLookupProgs(ProgArray);

impl SkLookupProgs {
    /// Returns `array` as an array of sk_lookup programs.
    ///
    /// # Safety
    ///
    /// Every program `array` holds for the lifetime `'a` must be a `BPF_PROG_TYPE_SK_LOOKUP`
    /// program or the dummy program.
    #[inline]
    pub unsafe fn from_array<'a>(array: &'a ProgArray) -> &'a Self {
        // SAFETY: `SkLookupProgs` is a transparent wrapper of `ProgArray`.
        // INVARIANT: The caller guarantees the program type.
        unsafe { &*core::ptr::from_ref(array).cast::<Self>() }
    }

    /// Returns the array of a test run as an array of sk_lookup programs.
    ///
    /// Fails with `EINVAL` if the array is not of sk_lookup programs.
    #[inline]
    pub fn from_local<'a>(array: &'a LocalProgArray<'_>) -> Result<&'a Self> {
        if array.prog_type() != PROG_TYPE {
            return Err(EINVAL);
        }
        // SAFETY: A `LocalProgArray` holds programs of its type only, here sk_lookup programs,
        // and is never published, so no dummy program or other program enters it.
        Ok(unsafe { Self::from_array(array.as_array()) })
    }

    /// Returns the sk_lookup programs attached to `net`, or `None` if none are.
    #[inline]
    pub fn of_net<'g>(net: &'g Net, guard: &'g rcu::Guard) -> Option<&'g Self> {
        let array = net.bpf_run_array(super::netns::AttachType::SkLookup, guard)?;
        // SAFETY: `Net::bpf_run_array()` returns an array whose programs are all of the attach
        // type's program type, `BPF_PROG_TYPE_SK_LOOKUP` for `AttachType::SkLookup`, or the dummy
        // program.
        Some(unsafe { Self::from_array(array) })
    }

    /// Returns an iterator over the programs, in order (see [`ProgArray::progs`]).
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = &SkLookupProg> {
        self.0.progs().map(|prog: &Prog| {
            // SAFETY: `SkLookupProg` is a transparent wrapper of `Prog`.
            // INVARIANT: By the type invariant every program of the array is an sk_lookup
            // program or the dummy one.
            unsafe { &*core::ptr::from_ref(prog).cast::<SkLookupProg>() }
        })
    }
}

/// The socket an sk_lookup program selected (`selected_sk`), and whether reuseport group
/// selection is skipped for it (`no_reuseport`).
#[derive(Clone, Copy, Default)]
pub struct Selection<'a> {
    /// The selected socket, if any.
    pub sk: Option<&'a RcuSock>,
    /// Whether the lookup uses `sk` as it is, without selecting a socket of its reuseport group
    /// (`BPF_SK_LOOKUP_F_NO_REUSEPORT`).
    pub no_reuseport: bool,
}

/// The context of an sk_lookup program run (`struct bpf_sk_lookup_kern`), for the code that runs
/// the programs.
///
/// Programs receive a pointer to the context and may change the selection through the
/// `bpf_sk_assign()` helper, which makes its own [`SkLookupKern`] from that pointer: the run loop
/// holds no reference to the context's contents while a program runs, only this shared wrapper of
/// a C structure that may change under it.
///
/// # Invariants
///
/// The wrapped context is valid; `'a` lies inside an RCU read-side critical section; the IPv6
/// addresses it points to, if any, are valid for `'a`; and its `selected_sk` is NULL or the
/// address of an [`RcuSock`] that was live inside that critical section, so valid for `'a`.
#[repr(transparent)]
pub struct RunCtx<'a> {
    ctx: Opaque<bindings::bpf_sk_lookup_kern>,
    _lookup: PhantomData<&'a bindings::in6_addr>,
}

impl<'a> RunCtx<'a> {
    /// Returns a reference to the run context at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_sk_lookup_kern` that nothing else accesses for the
    /// lifetime `'a`, which must lie inside an RCU read-side critical section; the IPv6 addresses
    /// it points to, if any, must be valid for `'a`, and its `selected_sk` must be NULL.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut bindings::bpf_sk_lookup_kern) -> &'a Self {
        // SAFETY: `RunCtx` is a transparent wrapper of `Opaque<bpf_sk_lookup_kern>`, which has
        // the layout of `bpf_sk_lookup_kern`, and the caller guarantees validity for `'a`.
        // INVARIANT: The caller guarantees the rest.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns the current selection.
    #[inline]
    pub fn selection(&self) -> Selection<'a> {
        let ctx = self.ctx.get();
        // SAFETY: By the type invariant the context is valid, and no program runs while `&self`
        // is borrowed here (programs run within `run()`).
        let (sk, no_reuseport) = unsafe { ((*ctx).selected_sk, (*ctx).no_reuseport) };
        let sk = if sk.is_null() {
            None
        } else {
            // SAFETY: By the type invariant a non-NULL `selected_sk` is an `RcuSock` valid for
            // `'a`.
            Some(unsafe { RcuSock::from_raw(sk) })
        };
        Selection { sk, no_reuseport }
    }

    /// Sets the selection that the next program sees and that the lookup gets.
    #[inline]
    pub fn set_selection(&self, selection: Selection<'a>) {
        let ctx = self.ctx.get();
        // SAFETY: By the type invariant the context is valid, and no program runs while `&self`
        // is borrowed here.
        // INVARIANT: `selection.sk` is an `RcuSock` valid for `'a`.
        unsafe {
            (*ctx).selected_sk = selection.sk.map_or(core::ptr::null_mut(), |sk| sk.as_raw());
            (*ctx).no_reuseport = selection.no_reuseport;
        }
    }

    /// Runs `prog` on the context and returns its verdict, [`SK_PASS`] or [`SK_DROP`].
    ///
    /// The program may change the selection with `bpf_sk_assign()`.
    #[inline]
    pub fn run(&self, prog: &SkLookupProg, _section: &NoMigrate) -> u32 {
        // SAFETY: By the type invariants `prog` is a valid sk_lookup program (or the dummy
        // program, which ignores its context) and the context a valid `struct
        // bpf_sk_lookup_kern`, the context of that program type. The program runs inside the
        // RCU read-side critical section that `'a` lies in (`&self` borrows the context for
        // less than `'a`), with migration disabled (`_section`). The program's helpers use the
        // context only during the call, and `bpf_sk_assign()` leaves in `selected_sk` only an
        // `RcuSock` live in this critical section (`SkLookupKern::select()`), which keeps the
        // type invariant.
        unsafe { bindings::bpf_prog_run(prog.0.as_raw(), self.ctx.get().cast()) }
    }
}

/// Returns a kernel context with these ports, protocol and interface, no address family nor
/// addresses, and no selection.
#[inline(always)]
fn kern_ctx(
    protocol: u16,
    sport: bindings::__be16,
    dport: u16,
    ifindex: u32,
) -> bindings::bpf_sk_lookup_kern {
    // SAFETY: All-zero bytes are a valid `bpf_sk_lookup_kern` (integers, NULL pointers and
    // `false`): the fields set below, and NULL IPv6 address pointers, which the context access
    // rewrites test for, until the caller sets them.
    let mut ctx: bindings::bpf_sk_lookup_kern = unsafe { core::mem::zeroed() };
    ctx.protocol = protocol;
    ctx.sport = sport;
    ctx.dport = dport;
    ctx.ingress_ifindex = ifindex;
    ctx
}

/// The context that user space gives a test run (`BPF_PROG_TEST_RUN`) of an sk_lookup program, as
/// programs see it (`struct bpf_sk_lookup`), and that the test run gives back with the cookie of
/// the selected socket.
#[repr(transparent)]
pub struct TestRunInput(bindings::bpf_sk_lookup);

// SAFETY: `struct bpf_sk_lookup` is made of integers, and of a pointer in a union with an integer
// (`sk` and `cookie`), which is only ever read as the integer: any bytes are a valid value.
unsafe impl FromBytes for TestRunInput {}

impl TestRunInput {
    /// The offset of the first byte after the fields (`offsetofend(..., ingress_ifindex)`): what
    /// follows is padding.
    pub const END_OF_FIELDS: usize =
        uapi::INGRESS_IFINDEX.off() as usize + uapi::INGRESS_IFINDEX.size() as usize;

    /// `sk`, as the integer `cookie`: a test run is given no socket.
    #[inline]
    pub fn cookie(&self) -> u64 {
        // SAFETY: Both members of the union are 8 bytes and any bytes are a valid `u64`.
        unsafe { self.0.__bindgen_anon_1.cookie }
    }

    /// Sets `cookie`, the cookie of the socket that the last run selected (0: none).
    #[inline]
    pub fn set_cookie(&mut self, cookie: u64) {
        self.0.__bindgen_anon_1.cookie = cookie;
    }

    /// `family`.
    #[inline]
    pub fn family(&self) -> u32 {
        self.0.family
    }

    /// `protocol`.
    #[inline]
    pub fn protocol(&self) -> u32 {
        self.0.protocol
    }

    /// `remote_ip4` (network byte order).
    #[inline]
    pub fn remote_ip4(&self) -> bindings::__be32 {
        self.0.remote_ip4
    }

    /// `local_ip4` (network byte order).
    #[inline]
    pub fn local_ip4(&self) -> bindings::__be32 {
        self.0.local_ip4
    }

    /// `remote_ip6` (network byte order).
    #[inline]
    pub fn remote_ip6(&self) -> &[u32; 4] {
        &self.0.remote_ip6
    }

    /// `local_ip6` (network byte order).
    #[inline]
    pub fn local_ip6(&self) -> &[u32; 4] {
        &self.0.local_ip6
    }

    /// `remote_port` (network byte order).
    #[inline]
    pub fn remote_port(&self) -> bindings::__be16 {
        self.0.remote_port
    }

    /// `local_port` (host byte order).
    #[inline]
    pub fn local_port(&self) -> u32 {
        self.0.local_port
    }

    /// `ingress_ifindex`.
    #[inline]
    pub fn ingress_ifindex(&self) -> u32 {
        self.0.ingress_ifindex
    }
}

/// The context of the runs of a test run of sk_lookup programs (`struct bpf_sk_lookup_kern`),
/// with the IPv6 addresses, if any, in the user's context that `'u` borrows.
///
/// # Invariants
///
/// `ctx` is a valid `bpf_sk_lookup_kern` whose IPv6 address pointers are NULL or point to
/// addresses valid for `'u`.
pub struct TestRunCtx<'u> {
    ctx: Opaque<bindings::bpf_sk_lookup_kern>,
    _addrs: PhantomData<&'u [u32; 4]>,
}

impl<'u> TestRunCtx<'u> {
    /// Returns the context of an IPv4 packet.
    #[inline]
    pub fn v4(
        protocol: u16,
        sport: bindings::__be16,
        dport: u16,
        ifindex: u32,
        saddr: bindings::__be32,
        daddr: bindings::__be32,
    ) -> Self {
        let mut ctx = kern_ctx(protocol, sport, dport, ifindex);
        ctx.family = bindings::AF_INET as u16;
        ctx.v4.saddr = saddr;
        ctx.v4.daddr = daddr;
        // INVARIANT: No IPv6 address pointer is set.
        Self {
            ctx: Opaque::new(ctx),
            _addrs: PhantomData,
        }
    }

    /// Returns the context of an IPv6 packet, with the addresses `saddr` and `daddr`.
    #[cfg(CONFIG_IPV6)]
    #[inline]
    pub fn v6(
        protocol: u16,
        sport: bindings::__be16,
        dport: u16,
        ifindex: u32,
        saddr: &'u [u32; 4],
        daddr: &'u [u32; 4],
    ) -> Self {
        let mut ctx = kern_ctx(protocol, sport, dport, ifindex);
        ctx.family = bindings::AF_INET6 as u16;
        // A `struct in6_addr` is 16 bytes aligned to 4, as the `__u32[4]` of `struct
        // bpf_sk_lookup` the addresses are in (C makes the same casts).
        ctx.v6.saddr = core::ptr::from_ref(saddr).cast();
        ctx.v6.daddr = core::ptr::from_ref(daddr).cast();
        // INVARIANT: The IPv6 address pointers point to addresses valid for `'u`.
        Self {
            ctx: Opaque::new(ctx),
            _addrs: PhantomData,
        }
    }

    /// Clears the selection (`ctx.selected_sk = NULL`) and returns the context for a run inside
    /// the RCU read-side critical section of `_rcu`.
    #[inline]
    pub fn start<'g>(&'g mut self, _rcu: &'g rcu::Guard) -> &'g RunCtx<'g> {
        let ctx = self.ctx.get();
        // SAFETY: By the type invariant the context is valid, and `&mut self` makes it ours.
        unsafe { (*ctx).selected_sk = core::ptr::null_mut() };
        // SAFETY: The context is valid and nothing else accesses it for `'g` (borrowed from
        // `&'g mut self`); `'g` lies inside the RCU read-side critical section of `_rcu`; the IPv6
        // addresses, if any, are valid for `'u`, which outlives `'g` (type invariant); nothing is
        // selected.
        unsafe { RunCtx::from_raw(ctx) }
    }
}

/// A socket lookup that runs the sk_lookup programs of its network namespace: the arguments of
/// `inet_lookup_run_sk_lookup()` and `inet6_lookup_run_sk_lookup()`.
///
/// # Invariants
///
/// `'a` lies inside the RCU read-side critical section of a socket lookup in `net`; `skb`, `doff`
/// and the hash function are those the lookup passes to reuseport group selection, and the IPv6
/// addresses, if any, are valid for `'a`.
pub struct Lookup<'a> {
    net: &'a Net,
    protocol: u16,
    skb: *mut bindings::sk_buff,
    doff: c_int,
    sport: bindings::__be16,
    hnum: u16,
    ifindex: u32,
    addrs: Addrs,
}

/// The addresses of a [`Lookup`], and the hash function of reuseport group selection.
enum Addrs {
    V4 {
        saddr: bindings::__be32,
        daddr: bindings::__be32,
        ehashfn: bindings::inet_ehashfn_t,
    },
    #[cfg(CONFIG_IPV6)]
    V6 {
        saddr: *const bindings::in6_addr,
        daddr: *const bindings::in6_addr,
        ehashfn: bindings::inet6_ehashfn_t,
    },
}

impl<'a> Lookup<'a> {
    /// Returns the IPv4 lookup that `inet_lookup_run_sk_lookup()` receives these arguments for.
    ///
    /// # Safety
    ///
    /// The arguments must be those of a call of `inet_lookup_run_sk_lookup()` by a socket lookup
    /// (`net` valid, `skb` and `doff` as reuseport group selection takes them, `ehashfn` the
    /// lookup's hash function), and `'a` must lie inside that call, which runs inside an RCU
    /// read-side critical section.
    #[expect(clippy::too_many_arguments)]
    #[inline]
    pub unsafe fn v4(
        net: *const bindings::net,
        protocol: c_int,
        skb: *mut bindings::sk_buff,
        doff: c_int,
        saddr: bindings::__be32,
        sport: bindings::__be16,
        daddr: bindings::__be32,
        hnum: u16,
        dif: c_int,
        ehashfn: bindings::inet_ehashfn_t,
    ) -> Self {
        let addrs = Addrs::V4 {
            saddr,
            daddr,
            ehashfn,
        };
        // SAFETY: The caller guarantees the arguments and `'a`.
        unsafe { Self::new(net, protocol, skb, doff, sport, hnum, dif, addrs) }
    }

    /// Returns the IPv6 lookup that `inet6_lookup_run_sk_lookup()` receives these arguments for.
    ///
    /// # Safety
    ///
    /// The arguments must be those of a call of `inet6_lookup_run_sk_lookup()` by a socket
    /// lookup (`net`, `saddr` and `daddr` valid, `skb` and `doff` as reuseport group selection
    /// takes them, `ehashfn` the lookup's hash function), and `'a` must lie inside that call,
    /// which runs inside an RCU read-side critical section.
    #[cfg(CONFIG_IPV6)]
    #[expect(clippy::too_many_arguments)]
    #[inline]
    pub unsafe fn v6(
        net: *const bindings::net,
        protocol: c_int,
        skb: *mut bindings::sk_buff,
        doff: c_int,
        saddr: *const bindings::in6_addr,
        sport: bindings::__be16,
        daddr: *const bindings::in6_addr,
        hnum: u16,
        dif: c_int,
        ehashfn: bindings::inet6_ehashfn_t,
    ) -> Self {
        let addrs = Addrs::V6 {
            saddr,
            daddr,
            ehashfn,
        };
        // SAFETY: The caller guarantees the arguments and `'a`.
        unsafe { Self::new(net, protocol, skb, doff, sport, hnum, dif, addrs) }
    }

    /// The lookup of [`Lookup::v4`] and [`Lookup::v6`], from the arguments both receive.
    ///
    /// # Safety
    ///
    /// As for [`Lookup::v4`] and [`Lookup::v6`]: the arguments are those of a call of
    /// `inet_lookup_run_sk_lookup()` or `inet6_lookup_run_sk_lookup()` by a socket lookup, the
    /// addresses in `addrs` included, and `'a` lies inside that call.
    #[expect(clippy::too_many_arguments)]
    #[inline]
    unsafe fn new(
        net: *const bindings::net,
        protocol: c_int,
        skb: *mut bindings::sk_buff,
        doff: c_int,
        sport: bindings::__be16,
        hnum: u16,
        dif: c_int,
        addrs: Addrs,
    ) -> Self {
        // INVARIANT: The caller guarantees the arguments and `'a`.
        Self {
            // SAFETY: The caller guarantees that `net` is valid for `'a`.
            net: unsafe { Net::from_raw(net) },
            // `IPPROTO_TCP` or `IPPROTO_UDP`, which C stores in a `u16` too.
            protocol: protocol as u16,
            skb,
            doff,
            sport,
            hnum,
            // C stores the interface index of the `int` argument in a `u32`.
            ifindex: dif as u32,
            addrs,
        }
    }

    /// Returns the network namespace of the lookup.
    #[inline]
    pub fn net(&self) -> &'a Net {
        self.net
    }

    /// Returns the context of a program run for this lookup: its addresses and ports, and no
    /// selection.
    #[inline]
    pub fn ctx(&self) -> RunCtx<'a> {
        let mut ctx = kern_ctx(self.protocol, self.sport, self.hnum, self.ifindex);
        match self.addrs {
            Addrs::V4 { saddr, daddr, .. } => {
                ctx.family = bindings::AF_INET as u16;
                ctx.v4.saddr = saddr;
                ctx.v4.daddr = daddr;
            }
            #[cfg(CONFIG_IPV6)]
            Addrs::V6 { saddr, daddr, .. } => {
                ctx.family = bindings::AF_INET6 as u16;
                ctx.v6.saddr = saddr;
                ctx.v6.daddr = daddr;
            }
        }
        // INVARIANT: `'a` lies inside an RCU read-side critical section and the IPv6 addresses
        // are valid for `'a` (type invariant of `Lookup`); nothing is selected.
        RunCtx {
            ctx: Opaque::new(ctx),
            _lookup: PhantomData,
        }
    }

    /// Returns the socket that the lookup's reuseport group selection picks for its packet in the
    /// group of `sk`, or `sk` if `sk` is in no group or the group picks none
    /// (`inet_lookup_reuseport()`, `inet6_lookup_reuseport()`).
    #[inline]
    pub fn select_in_group(&self, sk: &'a RcuSock) -> *mut bindings::sock {
        // The reuseport functions test this first as well; testing it here saves their call for
        // the sockets in no group, where C inlines them into its run loop.
        if !sk.is_reuseport() {
            return sk.as_raw();
        }
        let net = self.net.as_raw();
        let reuse_sk = match self.addrs {
            Addrs::V4 {
                saddr,
                daddr,
                ehashfn,
            } => {
                // SAFETY: By the type invariant these are the arguments of a socket lookup in
                // `net`, inside its RCU read-side critical section, in which `sk` is valid.
                unsafe {
                    bindings::inet_lookup_reuseport(
                        net,
                        sk.as_raw(),
                        self.skb,
                        self.doff,
                        saddr,
                        self.sport,
                        daddr,
                        self.hnum,
                        ehashfn,
                    )
                }
            }
            #[cfg(CONFIG_IPV6)]
            Addrs::V6 {
                saddr,
                daddr,
                ehashfn,
            } => {
                // SAFETY: As above; the addresses are valid for `'a`.
                unsafe {
                    bindings::inet6_lookup_reuseport(
                        net,
                        sk.as_raw(),
                        self.skb,
                        self.doff,
                        saddr,
                        self.sport,
                        daddr,
                        self.hnum,
                        ehashfn,
                    )
                }
            }
        };
        if reuse_sk.is_null() {
            sk.as_raw()
        } else {
            reuse_sk
        }
    }
}
