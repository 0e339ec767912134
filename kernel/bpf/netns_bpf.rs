// SPDX-License-Identifier: GPL-2.0

//! BPF programs attached to network namespaces, in Rust.
//!
//! C header: [`include/linux/bpf-netns.h`](srctree/include/linux/bpf-netns.h)
//!
//! With `CONFIG_BPF_SK_LOOKUP_RUST=y` this replaces `kernel/bpf/net_namespace.c`, except for what
//! stays there: the attach mutex (`netns_bpf_mutex`), the pernet operations that call
//! [`netns_bpf_pernet_init`] and [`netns_bpf_pernet_pre_exit`], and their registration at
//! `subsys_initcall` time, which Rust has no equivalent for.
//!
//! Two attach types live in namespaces: flow dissector programs (at most one, attached by a link
//! or directly with `BPF_PROG_ATTACH`) and sk_lookup programs (up to 64, attached by links only).
//! For each, a namespace keeps its links in attach order and publishes the array of their programs
//! under RCU, which the flow dissector and the socket lookup hooks run; the array is rebuilt on
//! every attach and release. Links do not hold their namespace: when it is dismantled, pre_exit
//! detaches them ("auto-detach"), and they stay defunct until closed.
//!
//! Everything below runs under `netns_bpf_mutex`, with C's order of checks and errors.
//!
//! The memory-safety argument, which the `SAFETY` comments rely on:
//!
//! 1. A published array is freed only after an RCU grace period ([`RetiredProgArray`]), and its
//!    readers run under `rcu_read_lock()`.
//! 2. A program in a published array is kept alive by a reference that a link owns (or, attached
//!    directly, that `net->bpf.progs[type]` owns), and that reference is given up only after the
//!    program left the array: release rebuilds the array without the link's program (or replaces
//!    it with a dummy, or unpublishes the array) before the link is freed and puts it; an update
//!    replaces the program in the array before putting the old one; detaching a directly attached
//!    program unpublishes the array before putting it; pre_exit unpublishes the arrays before
//!    auto-detaching links and putting directly attached programs. Programs are freed after an
//!    RCU grace period (`bpf_prog_put()`), so readers that still see one are safe.
//! 3. A namespace is freed only after its pre_exit, which clears the links' pointers to it under
//!    the mutex; a link's namespace pointer is only used with the mutex held.
//!
//! [`RetiredProgArray`]: kernel::bpf::prog_array::RetiredProgArray

use core::{num::NonZeroU32, ptr};
use kernel::{
    bpf::{
        attr::{
            Attr,
            LinkCreateAttr,
            ProgAttachAttr,
            QueryAttr,
            UserAttr, //
        },
        link::{
            LinkInfo,
            LinkObject,
            LinkOps,
            LinkType,
            Primed, //
        },
        netns::{
            self,
            AttachType,
            LinkNode,
            Links,
            NetnsBpfGuard, //
        },
        prog::{
            PendingProg,
            ProgRef,
            ProgTypeId, //
        },
        prog_array::NewProgArray,
        verifier::Prog,
    },
    error::from_result,
    net::namespace::{
        Net,
        NetRef, //
    },
    prelude::*,
    seq_file::{
        seq_print,
        SeqFile, //
    },
    sync::rcu,
};

/// A link attaching a program to a namespace (C's `struct bpf_netns_link`, whose `struct bpf_link`
/// [`LinkObject`] provides).
struct NetnsLink {
    /// The namespace (`net`, NULL once detached), the position in its list of links (`node`) and
    /// the attach type (`netns_type`).
    node: LinkNode,
}

kernel::impl_has_link_node! { impl HasLinkNode for NetnsLink { self.node } }

/// Marks attach point `ty` as used by one link less (`netns_bpf_attach_type_unneed()`).
///
/// The sk_lookup static key counts the sk_lookup links attached in all namespaces. (C tests
/// `CONFIG_INET` here; this crate is only built with it.)
fn attach_type_unneed(ty: AttachType) {
    match ty {
        AttachType::SkLookup => netns::sk_lookup_enabled().dec(),
        AttachType::FlowDissector => {}
    }
}

/// Marks attach point `ty` as used by one more link (`netns_bpf_attach_type_need()`).
fn attach_type_need(ty: AttachType) {
    match ty {
        AttachType::SkLookup => netns::sk_lookup_enabled().inc(),
        AttachType::FlowDissector => {}
    }
}

/// Returns how many links may be attached for `ty` (`netns_bpf_max_progs()`).
fn max_progs(ty: AttachType) -> u32 {
    match ty {
        AttachType::FlowDissector => 1,
        AttachType::SkLookup => 64,
    }
}

/// Returns the number of links on `links` as the array size it needs (`link_count()`).
fn link_count(links: &Links<'_>) -> u32 {
    // At most `max_progs()` links are ever attached.
    u32::try_from(links.count()).unwrap_or(u32::MAX)
}

/// Fills `array` with the programs of the links on `links`, in attach order (`fill_prog_array()`).
fn fill_prog_array(links: &Links<'_>, array: &mut NewProgArray) {
    // SAFETY: Each program filled in belongs to a link on `links`, which owns a reference on it
    // from its settling until it is freed, or (between `link_attach()` and settling) is held by the
    // caller of `link_create()`, which settles the link right after attaching it. A link is freed
    // only after its release (`bpf_link_free()` calls `release` first whenever the link has a
    // program), and release, under the mutex, takes the link off the list and its program out of
    // the run array: it publishes a rebuilt array without it, replaces it with the dummy, or
    // unpublishes the array. An update replaces the program in the array before the link puts it.
    // pre_exit unpublishes the array before auto-detaching the links (after which release leaves
    // the array alone). Every reference is put with `bpf_prog_put()`, which frees the program after
    // an RCU grace period.
    unsafe { links.fill(array) }
}

impl LinkOps for NetnsLink {
    const TYPE: LinkType = LinkType::NETNS;

    /// `bpf_netns_link_release()`. Idempotent: it does nothing once the link is detached, which
    /// `detach` relies on (the final put calls it again).
    fn release(link: &LinkObject<Self>) {
        let node = &link.node;
        let ty = node.attach_type();
        let guard = netns::lock();

        // We can race with cleanup_net, but if we see a non-NULL struct net pointer, pre_exit has
        // not run yet and waits for netns_bpf_mutex.
        let Some(net) = node.net(&guard) else {
            return;
        };

        // Mark attach point as unused.
        attach_type_unneed(ty);

        // Remember link position in case of safe delete.
        let links = net.bpf_links(ty, &guard);
        let idx = links.index_of(node);
        // `list_del()`; this also clears the link's namespace pointer, which C does at the end of
        // the critical section (nothing can observe the difference under the mutex).
        node.detach(&guard);

        let run_array = net.bpf_run_array_slot(ty);
        let Some(cnt) = NonZeroU32::new(link_count(&links)) else {
            // `netns_bpf_run_array_detach()`.
            drop(run_array.replace(None, &guard));
            return;
        };

        match NewProgArray::alloc(cnt, GFP_KERNEL) {
            Ok(mut new_array) => {
                fill_prog_array(&links, &mut new_array);
                // `rcu_assign_pointer()`, then `bpf_prog_array_free(old_array)`.
                drop(run_array.replace(Some(new_array), &guard));
            }
            Err(_) => {
                // Replace the link's program in the live array with a dummy. C passes
                // `link_index()`'s -ENOENT on to `bpf_prog_array_delete_safe_at()`, which fails
                // with -EINVAL for it.
                let deleted = idx.map_or(Err(EINVAL), |idx| run_array.delete_safe_at(idx, &guard));
                kernel::warn_on!(deleted.is_err());
            }
        }
    }

    /// `bpf_netns_link_detach()`: the link stays defunct until closed.
    fn detach(link: &LinkObject<Self>) -> Result {
        Self::release(link);
        Ok(())
    }

    /// `bpf_netns_link_update_prog()`.
    fn update_prog(link: &LinkObject<Self>, new: PendingProg<'_>, old: Option<&Prog>) -> Result {
        let node = &link.node;
        let ty = node.attach_type();
        let guard = netns::lock();

        {
            let rcu = rcu::read_lock();
            // Settled links always have a program; `None` compares as C's NULL would.
            let cur = link.prog(&rcu);
            if let Some(old) = old {
                if !cur.is_some_and(|cur| ptr::eq(cur, old)) {
                    return Err(EPERM);
                }
            }
            if cur.map(Prog::prog_type) != Some(new.prog_type()) {
                return Err(EINVAL);
            }
        }

        let net = match node.net(&guard) {
            Some(net) if net.is_alive() => net,
            // Link auto-detached or netns dying.
            _ => return Err(ENOLINK),
        };

        // C passes `link_index()`'s -ENOENT on to `bpf_prog_array_update_at()`, which fails with
        // -EINVAL for it.
        let idx = net.bpf_links(ty, &guard).index_of(node).ok_or(EINVAL)?;
        // SAFETY: `new` goes into the run array at the link's position and, right below, becomes
        // the link's program: the link keeps its reference until it is freed, after its release
        // took the program out of the run array (see `fill_prog_array()`), or until a later update
        // replaced it in the array. Until then the caller of the update holds it.
        unsafe { net.bpf_run_array_slot(ty).update_at(idx, &new, &guard) }?;

        // `old_prog = xchg(&link->prog, new_prog); bpf_prog_put(old_prog);`
        drop(link.replace_prog(new));
        Ok(())
    }

    /// `bpf_netns_link_fill_info()`.
    fn fill_link_info(link: &LinkObject<Self>, info: &mut LinkInfo) -> Result {
        info.set_netns(netns_ino(link), link.attach_type());
        Ok(())
    }

    /// `bpf_netns_link_show_fdinfo()`.
    fn show_fdinfo(link: &LinkObject<Self>, m: &SeqFile) {
        seq_print!(
            m,
            "netns_ino:\t{}\nattach_type:\t{}\n",
            netns_ino(link),
            link.attach_type()
        );
    }
}

/// Returns the inode number of the link's namespace, or 0 if the link is detached or the
/// namespace is dying (the `netns_ino` of `bpf_netns_link_fill_info()`).
fn netns_ino(link: &LinkObject<NetnsLink>) -> u32 {
    let guard = netns::lock();
    match link.node.net(&guard) {
        Some(net) if net.is_alive() => net.inum(),
        _ => 0,
    }
}

/// `__netns_bpf_prog_query()`: reports the programs run for `ty` in `net`, in order.
fn prog_query_locked(
    attr: &QueryAttr<'_>,
    uattr: &UserAttr,
    net: &Net,
    ty: AttachType,
    guard: &NetnsBpfGuard,
) -> Result {
    let prog_ids = attr.prog_ids();
    let run_array = net.bpf_run_array_slot(ty);
    let prog_cnt = run_array.prog_count(guard);

    uattr.write_query_attach_flags(0)?;
    uattr.write_query_prog_cnt(prog_cnt)?;
    let (Some(cnt), Some(prog_ids)) = (NonZeroU32::new(attr.prog_cnt()), prog_ids) else {
        return Ok(());
    };
    if prog_cnt == 0 {
        return Ok(());
    }

    run_array.copy_ids_to_user(prog_ids, cnt, guard)
}

/// `netns_bpf_prog_query()`, on the attributes of `BPF_PROG_QUERY`.
fn prog_query(attr: &QueryAttr<'_>, uattr: &UserAttr) -> Result {
    if attr.query_flags() != 0 {
        return Err(EINVAL);
    }

    let ty = AttachType::from_bpf_attach_type(attr.attach_type()).ok_or(EINVAL)?;

    let net = NetRef::from_ns_fd(attr.target_fd())?;

    let guard = netns::lock();
    let ret = prog_query_locked(attr, uattr, &net, ty, &guard);
    drop(guard);

    // `put_net()` after unlocking, as C does.
    drop(net);
    ret
}

/// Reports the programs attached to a namespace (`BPF_PROG_QUERY` for `BPF_FLOW_DISSECTOR` and
/// `BPF_SK_LOOKUP`).
///
/// # Safety
///
/// `attr` must point to the attributes `__sys_bpf()` passes to `bpf_prog_query()`, and `uattr` be
/// the user-space address they were copied from, as `bpf_prog_query()` passes them.
#[export]
pub unsafe extern "C" fn netns_bpf_prog_query(
    attr: *const kernel::bindings::bpf_attr,
    uattr: *mut kernel::bindings::bpf_attr,
) -> c_int {
    // SAFETY: `bpf_prog_query()` passes the attributes `__sys_bpf()` zeroed, filled and keeps
    // unchanged during the command.
    let attr = unsafe { Attr::from_raw(attr) };
    let uattr = UserAttr::new(uattr);
    from_result(|| {
        prog_query(&attr.query(), &uattr)?;
        Ok(0)
    })
}

/// `netns_bpf_prog_attach()`, on the attributes of `BPF_PROG_ATTACH`.
fn prog_attach(attr: &ProgAttachAttr<'_>, prog: PendingProg<'_>) -> Result {
    if attr.target_fd() != 0 || attr.attach_flags() != 0 || attr.replace_bpf_fd() != 0 {
        return Err(EINVAL);
    }

    let ty = AttachType::from_bpf_attach_type(attr.attach_type()).ok_or(EINVAL)?;

    let task = current!();
    // A task in a system call has its namespaces.
    let net = task.net_ns().ok_or(EINVAL)?;
    let guard = netns::lock();

    // Attaching prog directly is not compatible with links.
    if !net.bpf_links(ty, &guard).is_empty() {
        return Err(EEXIST);
    }

    match ty {
        AttachType::FlowDissector => netns::flow_dissector_prog_attach_check(net, &prog, &guard)?,
        AttachType::SkLookup => return Err(EINVAL),
    }

    // The same program cannot be attached twice.
    if net.bpf_attached_prog_is(ty, &prog, &guard) {
        return Err(EINVAL);
    }

    let run_array = net.bpf_run_array_slot(ty);
    if run_array.is_published(&guard) {
        // With no links, the published array is the one-program array of a previous direct
        // attachment, so its first (non-dummy) program is the one to replace:
        // `WRITE_ONCE(run_array->items[0].prog, prog)`.
        // SAFETY: `prog` becomes `net->bpf.progs[type]` below, which keeps it until it is detached
        // (after unpublishing the array) or replaced by another direct attachment (after
        // overwriting it in the array), or pre_exit unpublishes the array; links cannot be added
        // meanwhile (`EEXIST` above, for both kinds of attachment).
        unsafe { run_array.update_at(0, &prog, &guard) }?;
    } else {
        let mut new_array = NewProgArray::alloc(NonZeroU32::MIN, GFP_KERNEL)?;
        // SAFETY: As above.
        unsafe { new_array.push(&prog) }?;
        drop(run_array.replace(Some(new_array), &guard));
    }

    // The namespace keeps the program; the previously attached one is put, after it was
    // overwritten in the array, under the mutex as in C.
    drop(net.bpf_set_attached_prog(ty, prog.take(), &guard));
    Ok(())
}

/// Attaches a program directly to the current task's namespace (`BPF_PROG_ATTACH` for
/// `BPF_FLOW_DISSECTOR`).
///
/// # Safety
///
/// `attr` must point to the attributes `__sys_bpf()` passes to `bpf_prog_attach()`, and `prog` to
/// a program on which the caller holds a reference that it puts if and only if this returns
/// non-zero, as `bpf_prog_attach()` does.
#[export]
pub unsafe extern "C" fn netns_bpf_prog_attach(
    attr: *const kernel::bindings::bpf_attr,
    prog: *mut kernel::bindings::bpf_prog,
) -> c_int {
    // SAFETY: `bpf_prog_attach()` passes the attributes `__sys_bpf()` zeroed, filled and keeps
    // unchanged during the command.
    let attr = unsafe { Attr::from_raw(attr) };
    // SAFETY: `bpf_prog_attach()` holds a reference on `prog` during the call and puts it if and
    // only if this returns non-zero. `prog_attach()` consumes `prog` (`take()`) only after its
    // last fallible step, and then returns `Ok`.
    let prog = unsafe { PendingProg::from_raw(prog) };
    from_result(|| {
        prog_attach(&attr.prog_attach(), prog)?;
        Ok(0)
    })
}

/// `__netns_bpf_prog_detach()`.
fn prog_detach_locked(net: &Net, ty: AttachType, old: &Prog, guard: &NetnsBpfGuard) -> Result {
    // Progs attached via links cannot be detached.
    if !net.bpf_links(ty, guard).is_empty() {
        return Err(EINVAL);
    }

    if !net.bpf_attached_prog_is(ty, old, guard) {
        return Err(ENOENT);
    }
    // `netns_bpf_run_array_detach()`, then `progs[type] = NULL` and `bpf_prog_put(attached)`.
    drop(net.bpf_run_array_slot(ty).replace(None, guard));
    drop(net.bpf_take_attached_prog(ty, guard));
    Ok(())
}

/// `netns_bpf_prog_detach()`, on the attributes of `BPF_PROG_DETACH`.
fn prog_detach(attr: &ProgAttachAttr<'_>, ptype: ProgTypeId) -> Result {
    if attr.target_fd() != 0 {
        return Err(EINVAL);
    }

    let ty = AttachType::from_bpf_attach_type(attr.attach_type()).ok_or(EINVAL)?;

    let prog = ProgRef::get_by_fd(attr.attach_bpf_fd(), ptype)?;

    let task = current!();
    // A task in a system call has its namespaces.
    let net = task.net_ns().ok_or(EINVAL)?;
    let guard = netns::lock();
    let ret = prog_detach_locked(net, ty, &prog, &guard);
    drop(guard);

    // `bpf_prog_put(prog)` after unlocking, as C does.
    drop(prog);
    ret
}

/// Detaches the program attached directly to the current task's namespace (`BPF_PROG_DETACH` for
/// `BPF_FLOW_DISSECTOR`).
///
/// # Safety
///
/// `attr` must point to the attributes `__sys_bpf()` passes to `bpf_prog_detach()`.
#[export]
pub unsafe extern "C" fn netns_bpf_prog_detach(
    attr: *const kernel::bindings::bpf_attr,
    ptype: kernel::bindings::bpf_prog_type,
) -> c_int {
    // SAFETY: `bpf_prog_detach()` passes the attributes `__sys_bpf()` zeroed, filled and keeps
    // unchanged during the command.
    let attr = unsafe { Attr::from_raw(attr) };
    let ptype = ProgTypeId::from_raw(ptype);
    from_result(|| {
        prog_detach(&attr.prog_attach(), ptype)?;
        Ok(0)
    })
}

/// `netns_bpf_link_attach()`: attaches `link` to `net` and publishes the rebuilt run array.
fn link_attach(net: &Net, link: &LinkObject<NetnsLink>, ty: AttachType) -> Result {
    let guard = netns::lock();

    let links = net.bpf_links(ty, &guard);
    let cnt = link_count(&links);
    if cnt >= max_progs(ty) {
        return Err(E2BIG);
    }
    // Links are not compatible with attaching prog directly.
    if net.bpf_has_attached_prog(ty, &guard) {
        return Err(EEXIST);
    }

    match ty {
        AttachType::FlowDissector => {
            let rcu = rcu::read_lock();
            let prog = link.prog(&rcu).ok_or(EINVAL)?;
            netns::flow_dissector_prog_attach_check(net, prog, &guard)?;
        }
        // Nothing to check.
        AttachType::SkLookup => {}
    }

    // `cnt + 1`, at most `max_progs()`.
    let mut run_array = NewProgArray::alloc(NonZeroU32::MIN.saturating_add(cnt), GFP_KERNEL)?;

    links.push_back(link)?;

    fill_prog_array(&links, &mut run_array);
    // `rcu_replace_pointer()`, then `bpf_prog_array_free()` of the old array.
    drop(net.bpf_run_array_slot(ty).replace(Some(run_array), &guard));

    // Mark attach point as used.
    attach_type_need(ty);
    Ok(())
}

/// `netns_bpf_link_create()`, on the attributes of `BPF_LINK_CREATE`; returns the link's
/// descriptor.
fn link_create(attr: &LinkCreateAttr<'_>, prog: PendingProg<'_>) -> Result<c_int> {
    if attr.flags() != 0 {
        return Err(EINVAL);
    }

    let attach_type = attr.attach_type();
    let ty = AttachType::from_bpf_attach_type(attach_type).ok_or(EINVAL)?;

    let net = NetRef::from_ns_fd(attr.target_fd())?;

    // `kzalloc(GFP_USER)`, `bpf_link_init()` and `bpf_link_prime()`, which frees the link itself if
    // priming fails. The link's namespace is set when it is attached, under the mutex, rather than
    // here: nothing can reach the link in between.
    let primed = Primed::new(
        NetnsLink {
            node: LinkNode::new(ty),
        },
        prog,
        attach_type,
    )?;

    // On failure, `primed` is dropped (`bpf_link_cleanup()`, which frees the link through its
    // file), then `net` (`put_net()`), in C's order.
    link_attach(&net, primed.link(), ty)?;

    drop(net);
    Ok(primed.settle())
}

/// Creates a link attaching a program to a namespace (`BPF_LINK_CREATE` for `BPF_FLOW_DISSECTOR`
/// and `BPF_SK_LOOKUP`); returns its descriptor.
///
/// # Safety
///
/// `attr` must point to the attributes `__sys_bpf()` passes to `link_create()`, and `prog` to a
/// program on which the caller holds a reference that it puts if and only if this returns a
/// negative value, as `link_create()` does.
#[export]
pub unsafe extern "C" fn netns_bpf_link_create(
    attr: *const kernel::bindings::bpf_attr,
    prog: *mut kernel::bindings::bpf_prog,
) -> c_int {
    // SAFETY: `link_create()` passes the attributes `__sys_bpf()` zeroed, filled and keeps
    // unchanged during the command.
    let attr = unsafe { Attr::from_raw(attr) };
    // SAFETY: `link_create()` holds a reference on `prog` during the call and puts it if and only
    // if this returns a negative value. `link_create()` above consumes `prog` only by settling
    // the link, and then returns the descriptor `settle()` returns, which is not negative.
    let prog = unsafe { PendingProg::from_raw(prog) };
    from_result(|| link_create(&attr.link_create(), prog))
}

/// Initialises the BPF state of a new namespace (`netns_bpf_pernet_init()`).
///
/// # Safety
///
/// Must only be called as the `init` pernet operation of `kernel/bpf/net_namespace.c`, with `net`
/// the namespace being set up.
#[export]
pub unsafe extern "C" fn netns_bpf_pernet_init(net: *mut kernel::bindings::net) -> c_int {
    // SAFETY: `ops_init()` passes a namespace that is valid during the call.
    let net = unsafe { Net::from_raw(net) };
    // SAFETY: `ops_init()` calls each pernet `init` once per namespace, before the namespace is
    // reachable from anywhere else.
    unsafe { net.bpf_init_links() };
    0
}

/// Detaches everything attached to a namespace being dismantled (`netns_bpf_pernet_pre_exit()`).
///
/// Links are auto-detached: they forget the namespace (so that their release, update and info do
/// not touch it any more) but stay open. `synchronize_rcu()` follows pre_exit before the namespace
/// is freed (`ops_undo_list()`).
///
/// # Safety
///
/// Must only be called as the `pre_exit` pernet operation of `kernel/bpf/net_namespace.c`, with
/// `net` the namespace being dismantled.
#[export]
pub unsafe extern "C" fn netns_bpf_pernet_pre_exit(net: *mut kernel::bindings::net) {
    // SAFETY: `ops_pre_exit_list()` passes a namespace that is valid during the call (it is freed
    // only after every pre_exit and exit ran).
    let net = unsafe { Net::from_raw(net) };
    let guard = netns::lock();
    for ty in AttachType::ALL {
        // `netns_bpf_run_array_detach()`.
        drop(net.bpf_run_array_slot(ty).replace(None, &guard));
        // `net_link->net = NULL` (auto-detach link) for each link, without `list_del()`.
        for _ in 0..net.bpf_links(ty, &guard).auto_detach_all() {
            attach_type_unneed(ty);
        }
        // `bpf_prog_put(net->bpf.progs[type])`; the slot is also cleared, which C does not do
        // (nothing reads it afterwards).
        drop(net.bpf_take_attached_prog(ty, &guard));
    }
}
