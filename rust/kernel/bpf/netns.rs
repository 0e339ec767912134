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

use super::{
    link::{LinkObject, LinkOps},
    prog::ProgRef,
    prog_array::{NewProgArray, ProgArray, RunArraySlot},
    verifier::Prog,
};
use crate::{
    bindings,
    error::{to_result, Result},
    interop::list::CList,
    net::namespace::Net,
    prelude::*,
    sync::{
        atomic::{atomic_load, Relaxed},
        rcu, Mutex, MutexGuard,
    },
    types::{NotThreadSafe, Opaque},
};
use core::{
    cell::UnsafeCell,
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
    /// The array stays valid while the RCU read-side critical section of `_guard` lasts.
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
/// [`impl_has_link_node!`](crate::impl_has_link_node).
///
/// The link holds no reference on its namespace: pre_exit detaches the links of a namespace being
/// dismantled ("auto-detach"), after which the node no longer points to it.
///
/// # Invariants
///
/// - `net` is non-NULL if and only if `list` is linked into the list `net->bpf.links[attach_type]`,
///   which is then live (see [`Links`]); `link` then points to the `struct bpf_link` of the
///   [`LinkObject`] that contains this node.
/// - While `net` is non-NULL, the namespace it points to has not been through pre_exit, which
///   clears `net` under `netns_bpf_mutex` before the namespace can be freed.
/// - `list`, `net` and `link` are only accessed with `netns_bpf_mutex` held.
/// - The node is dropped with `netns_bpf_mutex` held (its `Drop` takes it), so a node reached
///   through a list while the mutex is held stays valid until the mutex is released.
#[repr(C)]
pub struct LinkNode {
    /// Position in `net->bpf.links[attach_type]`; first, so that lists of nodes are `CList`s with
    /// offset 0.
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

    /// Detaches the link from its namespace: removes it from `net->bpf.links[type]` (`list_del()`)
    /// and forgets the namespace (`net_link->net = NULL`). Returns whether it was attached.
    ///
    /// This does not touch the run array: whoever detaches a link must take its program out of
    /// the run array before the link can be freed (see [`NewProgArray::push`]).
    pub fn detach(&self, _guard: &NetnsBpfGuard) -> bool {
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
        // is a bug of the link type. Take it off the list anyway, so that the list never points to
        // freed memory.
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
/// ([`Links::auto_detach_all`]); before and after, it reads as empty and refuses new links. This
/// lets every operation be safe, whatever namespace it is applied to.
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
pub struct Links<'g> {
    net: &'g Net,
    head: *mut bindings::list_head,
    ty: AttachType,
    guard: &'g NetnsBpfGuard,
}

impl<'g> Links<'g> {
    /// Returns the list, or `None` if it is not live.
    ///
    /// Callers must not change the list while using the returned reference.
    #[inline]
    fn list(&self) -> Option<&CList<LinkNode, 0>> {
        // SAFETY: By the type invariants `head` is valid and the mutex is held.
        if unsafe { (*self.head).next }.is_null() {
            return None;
        }
        // SAFETY: The list is live, so by the type invariants it is a valid circular list of
        // `LinkNode`s linked through their first member (offset 0). It is only changed with the
        // mutex held, which this thread holds, and the methods of `Links` do not change it while
        // they use the returned reference.
        Some(unsafe { CList::from_raw(self.head) })
    }

    /// Returns whether no link is attached (`list_empty(&net->bpf.links[type])`).
    #[inline]
    pub fn is_empty(&self) -> bool {
        match self.list() {
            Some(list) => list.is_empty(),
            None => true,
        }
    }

    /// Returns the number of links attached (`link_count()`).
    #[inline]
    pub fn count(&self) -> usize {
        self.list().map_or(0, |list| list.iter().count())
    }

    /// Returns the position of `node` in the list, or `None` if it is not on it (`link_index()`).
    #[inline]
    pub fn index_of(&self, node: &LinkNode) -> Option<usize> {
        self.list()?.iter().position(|entry| ptr::eq(entry, node))
    }

    /// Attaches `link` at the end of the list (`list_add_tail()`, and `net_link->net = net`).
    ///
    /// Fails with `EINVAL` if the link is of another attach type, `ENOLINK` if the list is not live
    /// (the namespace is being dismantled) and `EBUSY` if the link is already attached.
    ///
    /// This does not touch the run array.
    pub fn push_back<T: LinkOps + HasLinkNode>(&self, link: &LinkObject<T>) -> Result {
        let node = <T as HasLinkNode>::link_node(link);
        if node.attach_type != self.ty {
            return Err(EINVAL);
        }
        if self.list().is_none() {
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
        // containing the node.
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
    /// The contract of [`NewProgArray::push`] for each link's program: it must stay valid for as
    /// long as it may be reached through a published run array. That is, a link's program must be
    /// taken out of the run array (or the array unpublished) before the link gives up its program.
    pub unsafe fn fill(&self, array: &mut NewProgArray) {
        let Some(list) = self.list() else {
            return;
        };
        for node in list.iter() {
            // SAFETY: The node is on a live list, so by its type invariants `link` points to the
            // `struct bpf_link` of the link object containing it, which is alive (the node is).
            // `prog` is replaced with `xchg()`, hence the `READ_ONCE()`.
            let prog =
                unsafe { atomic_load(&raw mut (*(*node.link.get()).cast_mut()).prog, Relaxed) };
            // A link on a list always has a program: only `bpf_link_cleanup()` clears it, on links
            // that were never attached.
            let Some(prog) = NonNull::new(prog) else {
                crate::warn_on!(true);
                continue;
            };
            // SAFETY: The link holds its program now (see above).
            let prog = unsafe { Prog::from_raw(prog.as_ptr()) };
            // SAFETY: The caller guarantees that the program stays valid while reachable.
            if unsafe { array.push(prog) }.is_err() {
                crate::warn_on!(true);
                return;
            }
        }
    }

    /// Auto-detaches every link, as the namespace is being dismantled (pre_exit): each link
    /// forgets the namespace (`net_link->net = NULL`), without `list_del()`. Returns how many were
    /// attached.
    ///
    /// The run array is unpublished first if it still is (pre_exit does it before), so that no
    /// program of a detached link stays reachable. The list is no longer live afterwards: it reads
    /// as empty and refuses new links, and the nodes' own (stale) pointers are never followed
    /// again.
    pub fn auto_detach_all(&self) -> usize {
        drop(
            self.net
                .bpf_run_array_slot(self.ty)
                .replace(None, self.guard),
        );
        let Some(list) = self.list() else {
            return 0;
        };
        let mut count = 0;
        for node in list.iter() {
            // SAFETY: The mutex is held. The walk only follows the `list` pointers, which this
            // does not change.
            // INVARIANT: The list stops being live below, so the node is no longer on a live list.
            unsafe { *node.net.get() = ptr::null_mut() };
            count += 1;
        }
        // SAFETY: By the type invariants `head` is valid and the mutex is held.
        // INVARIANT: A NULL `next` marks the list as no longer live; no node on it has a `net`.
        unsafe {
            (*self.head).next = ptr::null_mut();
            (*self.head).prev = ptr::null_mut();
        }
        count
    }
}

impl Net {
    /// Returns a raw pointer to `net->bpf`.
    #[inline]
    fn netns_bpf(&self) -> *mut bindings::netns_bpf {
        // SAFETY: `self` is a valid namespace; only an address is computed.
        unsafe { &raw mut (*self.as_raw()).bpf }
    }

    /// Returns the run array slot of attach type `ty` (`net->bpf.run_array[type]`).
    #[inline]
    pub fn bpf_run_array_slot(&self, ty: AttachType) -> &RunArraySlot {
        // SAFETY: The slot is part of `*self`, so valid for as long as `self` is borrowed; only
        // this module writes it, with `netns_bpf_mutex` held (the C code that did is compiled out
        // with this module), and readers use `rcu_dereference()`.
        unsafe { RunArraySlot::from_raw(&raw mut (*self.netns_bpf()).run_array[ty.index()]) }
    }

    /// Returns the links attached for attach type `ty` (`net->bpf.links[type]`).
    #[inline]
    pub fn bpf_links<'g>(&'g self, ty: AttachType, guard: &'g NetnsBpfGuard) -> Links<'g> {
        // INVARIANT: `head` is `&net->bpf.links[ty]`, part of `*self`, valid for `'g`; the guard
        // proves that the mutex is held for `'g`. Only `Links` and `LinkNode` change the list
        // (the C code that did is compiled out with this module).
        Links {
            net: self,
            // SAFETY: `self` is a valid namespace; only an address is computed.
            head: unsafe { &raw mut (*self.netns_bpf()).links[ty.index()] },
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

    /// Returns a raw pointer to `net->bpf.progs[type]`.
    #[inline]
    fn bpf_prog_slot(&self, ty: AttachType) -> *mut *mut bindings::bpf_prog {
        // SAFETY: `self` is a valid namespace; only an address is computed.
        unsafe { &raw mut (*self.netns_bpf()).progs[ty.index()] }
    }

    /// Returns whether a program is attached directly (`BPF_PROG_ATTACH`) for attach type `ty`
    /// (`net->bpf.progs[type] != NULL`).
    #[inline]
    pub fn bpf_has_attached_prog(&self, ty: AttachType, _guard: &NetnsBpfGuard) -> bool {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        !unsafe { *self.bpf_prog_slot(ty) }.is_null()
    }

    /// Returns whether `prog` is the program attached directly for attach type `ty`
    /// (`net->bpf.progs[type] == prog`).
    #[inline]
    pub fn bpf_attached_prog_is(
        &self,
        ty: AttachType,
        prog: &Prog,
        _guard: &NetnsBpfGuard,
    ) -> bool {
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        ptr::eq(unsafe { *self.bpf_prog_slot(ty) }, prog.as_raw())
    }

    /// Makes `prog` the program attached directly for attach type `ty` (`net->bpf.progs[type] =
    /// prog`), returning the previous one.
    ///
    /// The slot only owns the reference; making the program run is the run array's business.
    #[inline]
    pub fn bpf_set_attached_prog(
        &self,
        ty: AttachType,
        prog: ProgRef,
        _guard: &NetnsBpfGuard,
    ) -> Option<ProgRef> {
        let slot = self.bpf_prog_slot(ty);
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        let old = unsafe { slot.replace(prog.into_raw()) };
        NonNull::new(old).map(|old| {
            // SAFETY: A non-NULL `progs[type]` owns a reference (it is only set here), which is
            // handed over now that the slot no longer holds it.
            unsafe { ProgRef::from_raw(old.as_ptr()) }
        })
    }

    /// Takes the program attached directly for attach type `ty` out of its slot
    /// (`net->bpf.progs[type] = NULL`), returning it.
    #[inline]
    pub fn bpf_take_attached_prog(
        &self,
        ty: AttachType,
        _guard: &NetnsBpfGuard,
    ) -> Option<ProgRef> {
        let slot = self.bpf_prog_slot(ty);
        // SAFETY: The slot is valid and only accessed with the mutex held, which the guard proves.
        let old = unsafe { slot.replace(ptr::null_mut()) };
        NonNull::new(old).map(|old| {
            // SAFETY: A non-NULL `progs[type]` owns a reference (it is only set by
            // `bpf_set_attached_prog()`), which is handed over now that the slot no longer holds
            // it.
            unsafe { ProgRef::from_raw(old.as_ptr()) }
        })
    }
}
