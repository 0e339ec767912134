// SPDX-License-Identifier: GPL-2.0

//! BPF programs attached to a network namespace.
//!
//! C headers: [`include/net/netns/bpf.h`](srctree/include/net/netns/bpf.h) and
//! [`include/linux/bpf-netns.h`](srctree/include/linux/bpf-netns.h).
//!
//! A network namespace keeps, per attach type, the array of programs that run on it
//! (`net->bpf.run_array[]`). The attach side publishes a new array under RCU whenever the set of
//! programs changes, and frees the old one after a grace period; readers use the array they find
//! inside an RCU read-side critical section.
//!
//! The attach side changes what a namespace runs only through [`Attachments`], whose methods
//! change the run array and the references that keep its programs alive together: every program
//! in a published run array is owned by a link on the namespace's list (as its `link->prog`) or,
//! attached directly, by `net->bpf.progs[type]`, and each method that gives up such a reference
//! first takes the program out of the array. Links settle inside [`Attachments::attach_link`], and
//! their release goes through [`Attachments::detach_link`] (the contract of the `unsafe` trait
//! [`LinkOps`]), so no safe function can free a program that a published array still runs.

use super::{
    link::{LinkObject, LinkOps, Primed},
    prog::{PendingProg, ProgRef, ProgTypeId},
    prog_array::{NewProgArray, ProgArray, RunArraySlot, SlotLock},
    verifier::Prog,
};
use crate::{
    bindings,
    error::{to_result, Result},
    net::namespace::Net,
    prelude::*,
    sync::{
        atomic::{atomic_load, Relaxed},
        rcu, Mutex, MutexGuard,
    },
    types::{NotThreadSafe, Opaque},
    uaccess::UserPtr,
};
use core::{
    cell::UnsafeCell,
    num::NonZeroU32,
    ptr::{self, NonNull}, //
};

assert_c_layout!(bindings::netns_bpf, NETNS_BPF {
    run_array => RUN_ARRAY,
});
assert_c_layout!(bindings::net, NET {
    bpf => BPF,
});

/// An attach point of BPF programs on a network namespace (`enum netns_bpf_attach_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachType {
    /// `NETNS_BPF_FLOW_DISSECTOR`: the flow dissector (`BPF_FLOW_DISSECTOR`).
    FlowDissector,
    /// `NETNS_BPF_SK_LOOKUP`: socket lookup (`BPF_SK_LOOKUP`).
    SkLookup,
}

impl AttachType {
    /// Returns the index of the attach type in the arrays of `struct netns_bpf`.
    #[inline]
    const fn index(self) -> usize {
        match self {
            Self::FlowDissector => {
                bindings::netns_bpf_attach_type_NETNS_BPF_FLOW_DISSECTOR as usize
            }
            Self::SkLookup => bindings::netns_bpf_attach_type_NETNS_BPF_SK_LOOKUP as usize,
        }
    }
}

impl Net {
    /// Returns the programs attached to the namespace at `attach_type`, as the run loop sees them
    /// (`rcu_dereference(net->bpf.run_array[type])`), or `None` if none are.
    ///
    /// The array stays valid while the RCU read-side critical section of `_guard` lasts. Every
    /// program it holds is of the attach type's program type ([`AttachType::prog_type`]:
    /// `BPF_PROG_TYPE_FLOW_DISSECTOR` for [`AttachType::FlowDissector`], `BPF_PROG_TYPE_SK_LOOKUP`
    /// for [`AttachType::SkLookup`]), or is the dummy program of `bpf_prog_array_delete_safe_at()`
    /// (which returns 1 and does nothing else): the run arrays of namespaces are written only
    /// through [`Attachments`], whose [`RunArraySlot`]s are made for that program type and refuse
    /// others (the C attach point, `kernel/bpf/net_namespace.c`, is compiled out where this module
    /// is built).
    #[inline]
    pub fn bpf_run_array<'g>(
        &'g self,
        attach_type: AttachType,
        _guard: &'g rcu::Guard,
    ) -> Option<&'g ProgArray> {
        let net = self.as_raw();
        // SAFETY: By the type invariant of `Net` the namespace is valid; `attach_type.index()` is
        // below `MAX_NETNS_BPF_ATTACH_TYPE`, the length of `run_array` (out-of-bounds indexing
        // panics). The attach side publishes the pointer with `rcu_assign_pointer()`, hence the
        // volatile read (`rcu_dereference()` is `READ_ONCE()` with a dependency ordering that
        // the data dependency gives on every architecture Rust supports).
        let array = unsafe {
            core::ptr::read_volatile(&raw const (*net).bpf.run_array[attach_type.index()])
        };
        if array.is_null() {
            return None;
        }
        // SAFETY: A published array is complete and NULL-terminated, and changes only through
        // `bpf_prog_array_update_at()` and `bpf_prog_array_delete_safe_at()` (`WRITE_ONCE()` of
        // one entry). The attach side frees a replaced array with `bpf_prog_array_free()`
        // (`kfree_rcu()`), and releases the programs it held with `bpf_prog_put()`, which frees
        // a program after an RCU grace period; so array and programs stay valid for `'g`, which
        // lies inside the RCU read-side critical section of `_guard`.
        Some(unsafe { ProgArray::from_raw(array) })
    }
}

// The fields of `struct netns_bpf` used below, as C lays them out (`net->bpf` and `run_array` are
// checked with the read side; repeating the size check is harmless).
assert_c_layout!(bindings::netns_bpf, NETNS_BPF {
    progs => PROGS,
    links => LINKS,
});

static_assert!(
    bindings::netns_bpf_attach_type_MAX_NETNS_BPF_ATTACH_TYPE as usize == AttachType::ALL.len()
);

impl AttachType {
    /// Every attach type, in the order of `enum netns_bpf_attach_type`.
    pub const ALL: [Self; 2] = [Self::FlowDissector, Self::SkLookup];

    /// Returns the netns attach type of the `enum bpf_attach_type` value `attach_type`, or `None`
    /// if it is not attached to namespaces (`to_netns_bpf_attach_type()` returning
    /// `NETNS_BPF_INVALID`).
    #[inline]
    pub fn from_bpf_attach_type(attach_type: u32) -> Option<Self> {
        match attach_type {
            bindings::bpf_attach_type_BPF_FLOW_DISSECTOR => Some(Self::FlowDissector),
            bindings::bpf_attach_type_BPF_SK_LOOKUP => Some(Self::SkLookup),
            _ => None,
        }
    }

    /// Returns the type of the programs that run at this attach point
    /// (`bpf_prog_attach_check_attach_type()`'s pairing): `BPF_PROG_TYPE_FLOW_DISSECTOR` or
    /// `BPF_PROG_TYPE_SK_LOOKUP`.
    #[inline]
    pub fn prog_type(self) -> ProgTypeId {
        ProgTypeId::from_raw(match self {
            Self::FlowDissector => bindings::bpf_prog_type_BPF_PROG_TYPE_FLOW_DISSECTOR,
            Self::SkLookup => bindings::bpf_prog_type_BPF_PROG_TYPE_SK_LOOKUP,
        })
    }
}

/// Proof that the current thread holds `netns_bpf_mutex`, which serialises every change to the
/// BPF attachments of network namespaces (`net->bpf`) and to netns links.
///
/// Obtained with [`lock`]; dropping it unlocks the mutex.
///
/// # Invariants
///
/// `netns_bpf_mutex` is held by the current thread for as long as this object exists. The object
/// is neither `Send` nor `Sync`, so neither it nor a reference to it leaves the thread.
pub struct NetnsBpfGuard {
    _guard: MutexGuard<'static, ()>,
    _not_sync: NotThreadSafe,
}

/// `netns_bpf_mutex`, the lock of the run array slots of network namespaces, as a [`SlotLock`].
pub enum NetnsBpfMutex {}

// SAFETY: By its type invariants a `NetnsBpfGuard` exists only while its thread holds
// `netns_bpf_mutex`, the one mutex every such guard locks, and it is not `Sync`.
unsafe impl SlotLock for NetnsBpfMutex {
    type Guard = NetnsBpfGuard;
}

/// Locks `netns_bpf_mutex` (`mutex_lock(&netns_bpf_mutex)`).
///
/// May sleep. Dropping a [`LinkNode`] takes the mutex too, so do not drop one while holding the
/// returned guard.
#[inline]
pub fn lock() -> NetnsBpfGuard {
    // SAFETY: `netns_bpf_mutex` is defined with `DEFINE_MUTEX()` in `kernel/bpf/net_namespace.c`,
    // so it is initialised statically and never freed.
    let mutex = unsafe { Mutex::<()>::from_raw(&raw mut bindings::netns_bpf_mutex) };
    // INVARIANT: `Mutex::lock()` returns with the mutex held by this thread, until the returned
    // `MutexGuard`, dropped with this object, unlocks it.
    NetnsBpfGuard {
        _guard: mutex.lock(),
        _not_sync: NotThreadSafe,
    }
}

/// Returns the `bpf_sk_lookup_enabled` static key (`net/core/filter.c`): the socket lookup hooks
/// run sk_lookup programs only while it is on. It counts the sk_lookup links attached to any
/// namespace.
#[cfg(CONFIG_INET)]
#[inline]
pub fn sk_lookup_enabled() -> &'static crate::jump_label::StaticKeyFalse {
    // SAFETY: `bpf_sk_lookup_enabled` is defined with `DEFINE_STATIC_KEY_FALSE()` in
    // `net/core/filter.c`, which is built whenever `CONFIG_INET` is set.
    unsafe { crate::jump_label::StaticKeyFalse::from_raw(&raw mut bindings::bpf_sk_lookup_enabled) }
}

/// Checks that a flow dissector program may be attached to `net`
/// (`flow_dissector_bpf_prog_attach_check()`): fails with `EEXIST` if one is attached to the
/// initial namespace and `net` is another, or if `net` is the initial namespace and another has
/// one.
///
/// C calls it with `netns_bpf_mutex` held, which serialises it against attachments; so does this.
#[inline]
pub fn flow_dissector_prog_attach_check(net: &Net, prog: &Prog, _guard: &NetnsBpfGuard) -> Result {
    // SAFETY: `net` and `prog` are valid. The function only compares run array pointers
    // (`rcu_access_pointer()`), walking the namespace list as C does under `netns_bpf_mutex`.
    to_result(unsafe {
        bindings::flow_dissector_bpf_prog_attach_check(net.as_raw(), prog.as_raw())
    })
}

/// The part of a netns link that attaches it to its namespace: the `net`, `node` and `netns_type`
/// members of C's `struct bpf_netns_link`.
///
/// A link type embeds it in its [`LinkOps`] data and declares it with
/// [`impl_has_link_node!`](crate::impl_has_link_node); [`Attachments`] attaches and detaches it.
///
/// The link holds no reference on its namespace: pre_exit detaches the links of a namespace being
/// dismantled ("auto-detach"), after which the node no longer points to it.
///
/// # Invariants
///
/// - `net` is non-NULL if and only if `list` is linked into the list `net->bpf.links[attach_type]`,
///   which is then live (see `Links`); `link` then points to the `struct bpf_link` of the
///   [`LinkObject`] that contains this node, which owns a reference on its program: it is settled,
///   or [`Attachments::attach_link`] settles it before releasing the mutex.
/// - While `net` is non-NULL, the namespace it points to has not been through pre_exit, which
///   clears `net` under `netns_bpf_mutex` before the namespace can be freed.
/// - `list`, `net` and `link` are only accessed with `netns_bpf_mutex` held.
/// - The node is dropped with `netns_bpf_mutex` held (its `Drop` takes it), so a node reached
///   through a list while the mutex is held stays valid until the mutex is released.
#[repr(C)]
pub struct LinkNode {
    /// Position in `net->bpf.links[attach_type]`; first, so that the `list_head`s of a list are the
    /// addresses of their nodes.
    list: Opaque<bindings::list_head>,
    /// The namespace the link is attached to, NULL once detached.
    net: UnsafeCell<*mut bindings::net>,
    /// The link containing this node, while attached.
    link: UnsafeCell<*const bindings::bpf_link>,
    /// The attach type, fixed at creation.
    attach_type: AttachType,
}

// SAFETY: Everything mutable in a node is only accessed with `netns_bpf_mutex` held, whatever the
// thread.
unsafe impl Send for LinkNode {}

// SAFETY: See `Send`.
unsafe impl Sync for LinkNode {}

impl LinkNode {
    /// Creates a detached node for attach type `attach_type`.
    #[inline]
    pub fn new(attach_type: AttachType) -> Self {
        // INVARIANT: `net` is NULL: detached. `list` is not a valid list entry, but it is never
        // followed while detached.
        Self {
            list: Opaque::zeroed(),
            net: UnsafeCell::new(ptr::null_mut()),
            link: UnsafeCell::new(ptr::null()),
            attach_type,
        }
    }

    /// Returns the attach type of the link.
    #[inline]
    pub fn attach_type(&self) -> AttachType {
        self.attach_type
    }

    /// Returns the namespace the link is attached to, or `None` if it is detached (released,
    /// detached by the user, or auto-detached by its namespace's pre_exit).
    ///
    /// The namespace may be dying ([`Net::is_alive`] is `false`) but stays valid for as long as the
    /// mutex stays held: its pre_exit needs the mutex, and it is freed only after that.
    #[inline]
    pub fn net<'g>(&self, _guard: &'g NetnsBpfGuard) -> Option<&'g Net> {
        // SAFETY: The guard proves that the mutex is held, under which `net` is accessed.
        let net = unsafe { *self.net.get() };
        if net.is_null() {
            return None;
        }
        // SAFETY: By the type invariants a non-NULL `net` has not been through pre_exit, which
        // cannot run while the mutex is held, for `'g`.
        Some(unsafe { Net::from_raw(net) })
    }

    /// Takes the link off its namespace's list (`list_del()`) and forgets the namespace
    /// (`net_link->net = NULL`). Returns whether it was attached.
    ///
    /// This does not touch the run array, whose programs the links own: only the methods of
    /// [`Attachments`], which take the program out of the array too, call it.
    fn detach(&self, _guard: &NetnsBpfGuard) -> bool {
        // SAFETY: The guard proves that the mutex is held, under which `net` is accessed.
        let net = unsafe { *self.net.get() };
        if net.is_null() {
            return false;
        }
        // SAFETY: `net` is non-NULL, so by the type invariants `list` is linked into a live list,
        // whose neighbours are valid (nodes or the head); the mutex serialises all list changes.
        unsafe { bindings::list_del(self.list.get()) };
        // SAFETY: The mutex is held.
        // INVARIANT: No longer on the list, so `net` is cleared.
        unsafe { *self.net.get() = ptr::null_mut() };
        true
    }
}

impl Drop for LinkNode {
    fn drop(&mut self) {
        let guard = lock();
        // A node is still attached here only if the release of its link did not detach it, which
        // breaks the contract of `LinkOps`. Take it off the list anyway, so that the list never
        // points to freed memory.
        crate::warn_on!(self.detach(&guard));
    }
}

/// Declares the [`LinkNode`] of a link type.
///
/// # Safety
///
/// [`HasLinkNode::link_node`] must return a reference to a field of `self` (not to something
/// `self` points to), so that the node lives exactly as long as the link object containing `self`.
/// Use [`impl_has_link_node!`](crate::impl_has_link_node) to implement it.
pub unsafe trait HasLinkNode {
    /// Returns the node of the link.
    fn link_node(&self) -> &LinkNode;
}

/// Implements [`HasLinkNode`] for a type with a [`LinkNode`] field.
///
/// # Examples
///
/// ```ignore
/// struct NetnsLink {
///     node: LinkNode,
/// }
///
/// kernel::impl_has_link_node! { impl HasLinkNode for NetnsLink { self.node } }
/// ```
#[macro_export]
macro_rules! impl_has_link_node {
    (impl HasLinkNode for $type:ty { self.$field:ident }) => {
        // SAFETY: `link_node` returns the field `$field` of `self`; the typed raw pointer below
        // only compiles if that field is itself a `LinkNode`, not a pointer or smart pointer to
        // one.
        unsafe impl $crate::bpf::netns::HasLinkNode for $type {
            #[inline]
            fn link_node(&self) -> &$crate::bpf::netns::LinkNode {
                let node: *const $crate::bpf::netns::LinkNode = &raw const self.$field;
                // SAFETY: `node` points to a field of `*self`, valid for as long as `self` is
                // borrowed.
                unsafe { &*node }
            }
        }
    };
}

/// The links attached to a namespace for one attach type (`net->bpf.links[type]`), in attach
/// order.
///
/// The list is live from the namespace's pernet init ([`Net::bpf_init_links`]) until its pre_exit
/// ([`Attachments::detach_all`]); before and after, it reads as empty and refuses new links.
///
/// Operations do not hand out iterators: each runs to completion, so no list change can happen
/// while the list is being walked.
///
/// # Invariants
///
/// - `head` is `&net->bpf.links[ty]`, valid for `'g`, and only accessed with `netns_bpf_mutex`
///   held, which it is for `'g`.
/// - The list is live if and only if `head->next` is non-NULL. A live list is a valid circular
///   list of the `list` members of [`LinkNode`]s of attach type `ty` whose `net` is `net`.
struct Links<'g> {
    net: &'g Net,
    head: *mut bindings::list_head,
    ty: AttachType,
    _guard: &'g NetnsBpfGuard,
}

impl<'g> Links<'g> {
    /// Calls `f` on each node of the list, in order, until it returns `false`; does nothing if the
    /// list is not live.
    ///
    /// `f` must not change the list.
    fn for_each(&self, mut f: impl FnMut(&LinkNode) -> bool) {
        // SAFETY: By the type invariants `head` is valid and the mutex is held.
        let mut pos = unsafe { (*self.head).next };
        if pos.is_null() {
            return;
        }
        while pos != self.head {
            // SAFETY: The list is live, so by the type invariants `pos`, which is not the head, is
            // the `list` member of a `LinkNode`, its first field in a `#[repr(C)]` struct: the node
            // starts at `pos`. Nodes on a live list stay valid while the mutex is held (a node is
            // dropped with it held), and `f` does not change the list.
            let node = unsafe { &*pos.cast::<LinkNode>() };
            // SAFETY: `pos` is a valid list entry of the live list; read before calling `f`.
            pos = unsafe { (*pos).next };
            if !f(node) {
                return;
            }
        }
    }

    /// Returns whether the list is live.
    #[inline]
    fn is_live(&self) -> bool {
        // SAFETY: By the type invariants `head` is valid and the mutex is held.
        !unsafe { (*self.head).next }.is_null()
    }

    /// Returns the number of links attached (`link_count()`).
    fn count(&self) -> usize {
        let mut n = 0;
        self.for_each(|_| {
            n += 1;
            true
        });
        n
    }

    /// Returns the position of `node` in the list, or `None` if it is not on it (`link_index()`).
    fn index_of(&self, node: &LinkNode) -> Option<usize> {
        let (mut i, mut found) = (0, None);
        self.for_each(|entry| {
            if ptr::eq(entry, node) {
                found = Some(i);
                return false;
            }
            i += 1;
            true
        });
        found
    }

    /// Attaches `link` at the end of the list (`list_add_tail()`, and `net_link->net = net`).
    ///
    /// Fails with `EINVAL` if the link is of another attach type, `ENOLINK` if the list is not live
    /// (the namespace is being dismantled) and `EBUSY` if the link is already attached.
    ///
    /// # Safety
    ///
    /// The link must be settled before the mutex is released (the type invariants of
    /// [`LinkNode`]), and its program published in the run array, if at all, only as the contract
    /// of [`NewProgArray::push`] requires.
    unsafe fn push_back<T: LinkOps + HasLinkNode>(&self, link: &LinkObject<T>) -> Result {
        let node = <T as HasLinkNode>::link_node(link);
        if node.attach_type != self.ty {
            return Err(EINVAL);
        }
        if !self.is_live() {
            return Err(ENOLINK);
        }
        // SAFETY: The guard proves that the mutex is held, under which `net` is accessed.
        if !unsafe { *node.net.get() }.is_null() {
            return Err(EBUSY);
        }
        // SAFETY: The list is live, hence valid, and the mutex serialises its changes. The node is
        // detached, so it is on no live list (its own pointers may be stale, `list_add_tail()`
        // overwrites them). It is a field of the link object (`HasLinkNode`), which never moves and
        // whose `Drop` takes it off the list if it is still on it.
        unsafe { bindings::list_add_tail(node.list.get(), self.head) };
        // SAFETY: The mutex is held.
        // INVARIANT: The node is now on the live list of `net`, which has not been through
        // pre_exit (its list would not be live otherwise), and `link` points to the link object
        // containing the node, which the caller settles before releasing the mutex.
        unsafe {
            *node.net.get() = self.net.as_raw();
            *node.link.get() = link.as_raw();
        }
        Ok(())
    }

    /// Stores the program of each link into `array`, in list order (`fill_prog_array()`), as far
    /// as `array` has room (it should be allocated with [`Links::count`] entries, under the same
    /// guard).
    ///
    /// # Safety
    ///
    /// The contract of [`NewProgArray::push`] for each link's program, if `array` is published:
    /// every link must take its program out of the published array before giving up its reference
    /// on it.
    unsafe fn fill(&self, array: &mut NewProgArray) {
        self.for_each(|node| {
            // SAFETY: The node is on a live list, so by its type invariants `link` points to the
            // `struct bpf_link` of the link object containing it, which is alive (the node is).
            // `prog` is replaced with `xchg()`, hence the `READ_ONCE()`.
            let prog =
                unsafe { atomic_load(&raw mut (*(*node.link.get()).cast_mut()).prog, Relaxed) };
            // A link on a list is settled, so it has a program: only `bpf_link_cleanup()` clears
            // it, on links that were never settled.
            let Some(prog) = NonNull::new(prog) else {
                crate::warn_on!(true);
                return true;
            };
            // SAFETY: The link holds its program now (see above).
            let prog = unsafe { Prog::from_raw(prog.as_ptr()) };
            // SAFETY: The caller guarantees that the program stays valid while reachable. A program
            // of another type than the array's is refused: `Attachments` admits none.
            if unsafe { array.push(prog) }.is_err() {
                crate::warn_on!(true);
                return false;
            }
            true
        });
    }

    /// Auto-detaches every link, as the namespace is being dismantled (pre_exit): each link
    /// forgets the namespace (`net_link->net = NULL`), without `list_del()`. Returns how many were
    /// attached.
    ///
    /// The list is no longer live afterwards: it reads as empty and refuses new links, and the
    /// nodes' own (stale) pointers are never followed again.
    ///
    /// # Safety
    ///
    /// The run array of the attach type must be unpublished, so that no program of a detached link
    /// stays reachable: their release leaves the array alone once they are detached.
    unsafe fn auto_detach_all(&self) -> usize {
        let mut count = 0;
        self.for_each(|node| {
            // SAFETY: The mutex is held. The walk only follows the `list` pointers, which this
            // does not change.
            // INVARIANT: The list stops being live below, so the node is no longer on a live list.
            unsafe { *node.net.get() = ptr::null_mut() };
            count += 1;
            true
        });
        if self.is_live() {
            // SAFETY: By the type invariants `head` is valid and the mutex is held.
            // INVARIANT: A NULL `next` marks the list as no longer live; no node on it has a `net`.
            unsafe {
                (*self.head).next = ptr::null_mut();
                (*self.head).prev = ptr::null_mut();
            }
        }
        count
    }
}

/// What a network namespace runs for one attach type, with what keeps those programs alive: the
/// run array (`net->bpf.run_array[type]`), the links (`net->bpf.links[type]`) and the program
/// attached directly (`net->bpf.progs[type]`).
///
/// Obtained with [`Net::bpf_attachments`] under `netns_bpf_mutex`. Each method that changes the
/// run array changes the references that keep its programs alive with it, so that a program
/// leaves the array before its last reference can be put.
///
/// # Invariants
///
/// - Every program in the published run array other than the dummy is owned by a link on the list
///   (its `link->prog`), or by `net->bpf.progs[type]`, and is of type `ty.prog_type()`.
/// - Links are attached only while no program is attached directly, and a program is attached
///   directly only while no link is: with no link attached, the run array is NULL or holds exactly
///   `net->bpf.progs[type]`.
/// - `net->bpf.progs[type]` is NULL or owns a reference on its program, and is only accessed with
///   the mutex held.
pub struct Attachments<'g> {
    net: &'g Net,
    ty: AttachType,
    guard: &'g NetnsBpfGuard,
}

impl Net {
    /// Returns a raw pointer to `net->bpf`.
    #[inline]
    fn netns_bpf(&self) -> *mut bindings::netns_bpf {
        // SAFETY: `self` is a valid namespace; only an address is computed.
        unsafe { &raw mut (*self.as_raw()).bpf }
    }

    /// Returns what the namespace runs for attach type `ty`, to query or change it.
    #[inline]
    pub fn bpf_attachments<'g>(
        &'g self,
        ty: AttachType,
        guard: &'g NetnsBpfGuard,
    ) -> Attachments<'g> {
        // INVARIANT: Only `Attachments` writes the run array, the links and the directly attached
        // program of a namespace, and all its methods keep the invariants (the C attach point is
        // compiled out with this module).
        Attachments {
            net: self,
            ty,
            guard,
        }
    }

    /// Initialises the link lists of the namespace (`INIT_LIST_HEAD(&net->bpf.links[type])` for
    /// every type), making them live.
    ///
    /// # Safety
    ///
    /// Must only be called by the namespace's pernet init (`netns_bpf_pernet_init()`), once,
    /// before anything else can reach the namespace.
    pub unsafe fn bpf_init_links(&self) {
        for ty in AttachType::ALL {
            // SAFETY: `self` is a valid namespace and, by the safety requirements, nothing else
            // uses its lists yet.
            unsafe { bindings::INIT_LIST_HEAD(&raw mut (*self.netns_bpf()).links[ty.index()]) };
        }
    }
}

impl Net {
    /// Returns the run array slot of attach type `ty` (`net->bpf.run_array[type]`).
    ///
    /// Private: publishing a program is [`Attachments`]' business, which keeps its owner with it.
    #[inline]
    fn bpf_run_array_slot(&self, ty: AttachType) -> RunArraySlot<'_, NetnsBpfMutex> {
        // SAFETY: The slot is part of `*self`, valid for as long as `self` is borrowed. Only the
        // `RunArraySlot`s made here write it (the C code that did is compiled out with this
        // module), all of them for `ty.prog_type()` and under `netns_bpf_mutex`; readers use
        // `rcu_dereference()`.
        unsafe {
            RunArraySlot::from_raw(
                &raw mut (*self.netns_bpf()).run_array[ty.index()],
                ty.prog_type(),
            )
        }
    }

    /// Returns the links attached for attach type `ty` (`net->bpf.links[type]`).
    #[inline]
    fn bpf_links<'g>(&'g self, ty: AttachType, guard: &'g NetnsBpfGuard) -> Links<'g> {
        // INVARIANT: `head` is `&net->bpf.links[ty]`, part of `*self`, valid for `'g`; the guard
        // proves that the mutex is held for `'g`. Only `Links` and `LinkNode` change the list
        // (the C code that did is compiled out with this module).
        Links {
            net: self,
            // SAFETY: `self` is a valid namespace; only an address is computed.
            head: unsafe { &raw mut (*self.netns_bpf()).links[ty.index()] },
            ty,
            _guard: guard,
        }
    }

    /// Returns a raw pointer to `net->bpf.progs[type]`.
    #[inline]
    fn bpf_prog_slot(&self, ty: AttachType) -> *mut *mut bindings::bpf_prog {
        // SAFETY: `self` is a valid namespace; only an address is computed.
        unsafe { &raw mut (*self.netns_bpf()).progs[ty.index()] }
    }

    /// Makes `prog` the program attached directly for attach type `ty` (`net->bpf.progs[type] =
    /// prog`), returning the previous one.
    ///
    /// Private: the returned reference may be the last one on a program that the run array still
    /// runs; [`Attachments::attach_prog`] replaces it in the array first.
    #[inline]
    fn bpf_set_attached_prog(
        &self,
        ty: AttachType,
        prog: ProgRef,
        _guard: &NetnsBpfGuard,
    ) -> Option<ProgRef> {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        let old = unsafe { self.bpf_prog_slot(ty).replace(prog.into_raw()) };
        NonNull::new(old).map(|old| {
            // SAFETY: A non-NULL `progs[type]` owns a reference (it is only set here), which is
            // handed over now that the slot no longer holds it.
            unsafe { ProgRef::from_raw(old.as_ptr()) }
        })
    }

    /// Takes the program attached directly for attach type `ty` out of its slot
    /// (`net->bpf.progs[type] = NULL`), returning it.
    ///
    /// Private: the returned reference may be the last one on a program that the run array still
    /// runs; [`Attachments::detach_prog`] and [`Attachments::detach_all`] unpublish it first.
    #[inline]
    fn bpf_take_attached_prog(&self, ty: AttachType, _guard: &NetnsBpfGuard) -> Option<ProgRef> {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        let old = unsafe { self.bpf_prog_slot(ty).replace(ptr::null_mut()) };
        NonNull::new(old).map(|old| {
            // SAFETY: A non-NULL `progs[type]` owns a reference (it is only set by
            // `bpf_set_attached_prog()`), which is handed over now that the slot no longer holds
            // it.
            unsafe { ProgRef::from_raw(old.as_ptr()) }
        })
    }
}

impl<'g> Attachments<'g> {
    /// Returns the run array slot.
    #[inline]
    fn run_array(&self) -> RunArraySlot<'g, NetnsBpfMutex> {
        self.net.bpf_run_array_slot(self.ty)
    }

    /// Returns the links.
    #[inline]
    fn links(&self) -> Links<'g> {
        self.net.bpf_links(self.ty, self.guard)
    }

    /// Returns the attach type.
    #[inline]
    pub fn attach_type(&self) -> AttachType {
        self.ty
    }

    /// Returns the number of links attached (`link_count()`).
    #[inline]
    pub fn link_count(&self) -> usize {
        self.links().count()
    }

    /// Returns whether a link is attached (`!list_empty(&net->bpf.links[type])`).
    #[inline]
    pub fn has_links(&self) -> bool {
        let mut any = false;
        self.links().for_each(|_| {
            any = true;
            false
        });
        any
    }

    /// Returns whether a program is attached directly (`BPF_PROG_ATTACH`):
    /// `net->bpf.progs[type] != NULL`.
    #[inline]
    pub fn has_attached_prog(&self) -> bool {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        !unsafe { *self.net.bpf_prog_slot(self.ty) }.is_null()
    }

    /// Returns whether `prog` is the program attached directly (`net->bpf.progs[type] == prog`).
    #[inline]
    pub fn attached_prog_is(&self, prog: &Prog) -> bool {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        ptr::eq(unsafe { *self.net.bpf_prog_slot(self.ty) }, prog.as_raw())
    }

    /// Returns the number of programs in the run array, not counting dummies
    /// (`bpf_prog_array_length()`, 0 without an array).
    #[inline]
    pub fn prog_count(&self) -> u32 {
        self.run_array().prog_count(self.guard)
    }

    /// Writes the ids of the programs in the run array, as [`RunArraySlot::copy_ids_to_user`].
    #[inline]
    pub fn copy_prog_ids_to_user(&self, ids: UserPtr, cnt: NonZeroU32) -> Result {
        self.run_array().copy_ids_to_user(ids, cnt, self.guard)
    }

    /// Makes `prog` the program attached directly, running alone (`BPF_PROG_ATTACH`): it replaces
    /// the one attached before in the run array (`WRITE_ONCE(run_array->items[0].prog, prog)`) or
    /// is published in a new one, and `net->bpf.progs[type]` takes its reference; the previous
    /// program is put after it left the array.
    ///
    /// Consumes `prog` exactly when it succeeds. Fails with `EEXIST` if links are attached,
    /// `EINVAL` if `prog` is not of the attach type's program type, and `ENOMEM`.
    pub fn attach_prog(&self, prog: PendingProg<'_>) -> Result {
        // Links and a program attached directly exclude each other (C checks it first).
        if self.has_links() {
            return Err(EEXIST);
        }
        let run_array = self.run_array();
        if run_array.is_published(self.guard) {
            // SAFETY: With no link attached the array holds only the program attached directly
            // (type invariants); `prog` takes its place in the array and in `progs[type]` below,
            // which keeps it until it leaves the array (`detach_prog`, `detach_all`, or a later
            // `attach_prog` overwriting it).
            unsafe { run_array.update_at(0, &prog, self.guard) }?;
        } else {
            let mut new_array =
                NewProgArray::alloc(NonZeroU32::MIN, run_array.prog_type(), GFP_KERNEL)?;
            // SAFETY: As above.
            unsafe { new_array.push(&prog) }?;
            drop(run_array.publish(new_array, self.guard)?);
        }
        // INVARIANT: `progs[type]` owns the reference `take()` hands over, on the program now in
        // the array; the previous one, overwritten in the array above, is put.
        drop(
            self.net
                .bpf_set_attached_prog(self.ty, prog.take(), self.guard),
        );
        Ok(())
    }

    /// Takes the program attached directly out of the run array and out of
    /// `net->bpf.progs[type]` (`__netns_bpf_prog_detach()`), returning its reference.
    ///
    /// Readers that still see the program may keep using it until they leave their RCU read-side
    /// critical section: dropping the reference frees it only after a grace period.
    ///
    /// Fails with `EINVAL` if links are attached and `ENOENT` if no program is attached directly.
    pub fn detach_prog(&self) -> Result<ProgRef> {
        if self.has_links() {
            return Err(EINVAL);
        }
        if !self.has_attached_prog() {
            return Err(ENOENT);
        }
        // `netns_bpf_run_array_detach()`, then `progs[type] = NULL`.
        drop(self.run_array().unpublish(self.guard));
        self.net
            .bpf_take_attached_prog(self.ty, self.guard)
            .ok_or(ENOENT)
    }

    /// Attaches the link of `primed` at the end of the list, publishes the rebuilt run array and
    /// settles the link, which then owns the reference on its program
    /// (`netns_bpf_link_attach()` and `bpf_link_settle()`). Returns the link's descriptor.
    ///
    /// The link settles under the mutex, so that a link on the list always owns its program.
    ///
    /// Fails with `EEXIST` if a program is attached directly, `EINVAL` if the link is of another
    /// attach type or its program of another program type, `ENOMEM`, `ENOLINK` if the namespace is
    /// being dismantled and `EBUSY` if the link is attached already; `primed` is then dropped,
    /// which gives the link up (`bpf_link_cleanup()`): the link is freed by the release of its
    /// file, which `fput()` defers to the return to user space, not under the mutex.
    pub fn attach_link<T: LinkOps + HasLinkNode>(&self, primed: Primed<'_, T>) -> Result<c_int> {
        let link = primed.link();
        // Links and a program attached directly exclude each other (C checks it first).
        if self.has_attached_prog() {
            return Err(EEXIST);
        }
        let run_array = self.run_array();
        {
            let rcu = rcu::read_lock();
            if link.prog(&rcu).map(Prog::prog_type) != Some(run_array.prog_type()) {
                return Err(EINVAL);
            }
        }
        let links = self.links();
        // `cnt + 1` entries; there are at most 64 links.
        let cnt = u32::try_from(links.count()).map_err(|_| E2BIG)?;
        let mut new_array = NewProgArray::alloc(
            NonZeroU32::MIN.saturating_add(cnt),
            run_array.prog_type(),
            GFP_KERNEL,
        )?;
        // SAFETY: The link is settled below, before the mutex is released, and owns its program
        // from then on; its program is published only through `fill()`, whose contract holds (see
        // below).
        unsafe { links.push_back(link) }?;
        // SAFETY: Every link on the list owns its program from its settling (below, for this one,
        // under the same mutex) until it is freed. A link is freed only after its release, which
        // the contract of `LinkOps` makes take the program out of the array (`detach_link`), and an
        // update replaces the program in the array before the link puts it (`update_link_prog`);
        // `detach_all` unpublishes the array before auto-detaching the links. Every reference is
        // put with `bpf_prog_put()`, which frees the program after an RCU grace period.
        unsafe { links.fill(&mut new_array) };
        // The array is of the slot's program type, so this cannot fail.
        drop(run_array.publish(new_array, self.guard)?);
        Ok(primed.settle())
    }

    /// Detaches the link whose node is `node` (release, or `BPF_LINK_DETACH`): takes it off the
    /// list and its program out of the run array, by publishing an array rebuilt without it, by
    /// unpublishing the array if it was the last one, or, if the rebuilt array cannot be allocated,
    /// by putting the dummy program in its place (`bpf_netns_link_release()`). Returns whether the
    /// link was attached here.
    ///
    /// Once this returns, the link may put its program.
    pub fn detach_link(&self, node: &LinkNode) -> bool {
        if node.attach_type != self.ty
            || !node
                .net(self.guard)
                .is_some_and(|net| ptr::eq(net, self.net))
        {
            return false;
        }
        let links = self.links();
        // Remember link position in case of safe delete.
        let idx = links.index_of(node);
        node.detach(self.guard);

        let run_array = self.run_array();
        let Some(cnt) = u32::try_from(links.count()).ok().and_then(NonZeroU32::new) else {
            // `netns_bpf_run_array_detach()`.
            drop(run_array.unpublish(self.guard));
            return true;
        };

        match NewProgArray::alloc(cnt, run_array.prog_type(), GFP_KERNEL) {
            Ok(mut new_array) => {
                // SAFETY: As in `attach_link`.
                unsafe { links.fill(&mut new_array) };
                // `rcu_assign_pointer()`, then `bpf_prog_array_free(old_array)`.
                drop(run_array.publish(new_array, self.guard));
            }
            Err(_) => {
                // Replace the link's program in the live array with a dummy. C passes
                // `link_index()`'s -ENOENT on to `bpf_prog_array_delete_safe_at()`, which fails
                // with -EINVAL for it.
                let deleted =
                    idx.map_or(Err(EINVAL), |idx| run_array.delete_safe_at(idx, self.guard));
                crate::warn_on!(deleted.is_err());
            }
        }
        true
    }

    /// Replaces the program of `link`, attached here, with `new`, in the run array at the link's
    /// position and as the link's program (`bpf_netns_link_update_prog()`); the old program is put
    /// after it left the array.
    ///
    /// Consumes `new` exactly when it succeeds. Fails with `EINVAL` if the link is not attached
    /// here or `new` is not of the attach type's program type.
    pub fn update_link_prog<T: LinkOps + HasLinkNode>(
        &self,
        link: &LinkObject<T>,
        new: PendingProg<'_>,
    ) -> Result {
        let node = <T as HasLinkNode>::link_node(link);
        // A link on the list is settled (`attach_link`); an unsettled one could not take `new`.
        if !link.is_settled() {
            return Err(EINVAL);
        }
        // C passes `link_index()`'s -ENOENT on to `bpf_prog_array_update_at()`, which fails with
        // -EINVAL for it.
        let idx = self.links().index_of(node).ok_or(EINVAL)?;
        // SAFETY: `new` goes into the run array at the link's position and, right below, becomes
        // the link's program: the link keeps its reference until it is freed, after its release
        // took the program out of the run array, or until a later update replaced it in the
        // array. Until then the caller of the update holds it.
        unsafe { self.run_array().update_at(idx, &new, self.guard) }?;
        // `old_prog = xchg(&link->prog, new_prog); bpf_prog_put(old_prog);`, which cannot fail on a
        // settled link.
        // SAFETY: The link's old program was just replaced in the run array, the only hook it was
        // attached to, so once the returned reference is dropped only readers already running may
        // still see it.
        drop(unsafe { link.replace_prog(new) });
        Ok(())
    }

    /// Detaches everything, as the namespace is being dismantled (`netns_bpf_pernet_pre_exit()`):
    /// unpublishes the run array, auto-detaches the links (they forget the namespace but stay
    /// open, so that their release, update and info no longer touch it) and puts the program
    /// attached directly. Returns how many links were attached.
    pub fn detach_all(&self) -> usize {
        // `netns_bpf_run_array_detach()`.
        drop(self.run_array().unpublish(self.guard));
        // SAFETY: The run array was just unpublished.
        let count = unsafe { self.links().auto_detach_all() };
        // `bpf_prog_put(net->bpf.progs[type])`; the slot is also cleared, which C does not do
        // (nothing reads it afterwards).
        drop(self.net.bpf_take_attached_prog(self.ty, self.guard));
        count
    }
}
