// SPDX-License-Identifier: GPL-2.0

//! BPF programs attached to network namespaces, in Rust.
//!
//! C header: [`include/linux/bpf-netns.h`](srctree/include/linux/bpf-netns.h)
//!
//! With `CONFIG_BPF_SK_LOOKUP_RUST=y` this replaces `kernel/bpf/net_namespace.c`, except for what
//! stays there: the attach mutex (`netns_bpf_mutex`), the pernet operations, and their
//! registration at `subsys_initcall` time, which Rust has no equivalent for.
//!
//! C calls this file through `kernel/bpf/netns_bpf_glue.c`: a C function for each entry point
//! (`netns_bpf_link_create()`, the pernet operations, the link operations of
//! `bpf_netns_link_ops`, ...), with the name, arguments and return value of the function of
//! `net_namespace.c` it stands for, tail-calls the function of this file of the same name with
//! `_rust` appended (such as [`netns_bpf_pernet_init_rust`]). So what users trace on a kernel with
//! the C implementation (kprobes, fentry and fexit programs, the function tracer) works unchanged:
//! rustc 1.85 places no `__fentry__` call in Rust functions, and vmlinux BTF describes none.
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
//! Memory safety rests on the abstractions, not on this file: the run arrays and the references
//! that keep their programs alive change together, through [`Attachments`], whose methods this
//! file calls after C's checks, in C's order; the one duty left here is that of the `unsafe` trait
//! [`LinkOps`]: the release of a link detaches it ([`Attachments::detach_link`]) before
//! `bpf_link_free()` puts its program.

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
            LinkOpsTable,
            LinkType,
            Primed, //
        },
        netns::{
            self,
            AttachType,
            Attachments,
            LinkNode, //
        },
        prog::{
            PendingProg,
            ProgRef,
            ProgTypeId, //
        },
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

// The operations of `NetnsLink`, which the C functions of `bpf_netns_link_ops` (of the names C's
// implementation has, without `_rust`) call.
kernel::bpf_link_callbacks!(NetnsLink {
    release: bpf_netns_link_release_rust,
    dealloc: bpf_netns_link_dealloc_rust,
    detach: bpf_netns_link_detach_rust,
    update_prog: bpf_netns_link_update_prog_rust,
    fill_link_info: bpf_netns_link_fill_info_rust,
    show_fdinfo: bpf_netns_link_show_fdinfo_rust,
});

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
fn max_progs(ty: AttachType) -> usize {
    match ty {
        AttachType::FlowDissector => 1,
        AttachType::SkLookup => 64,
    }
}

// SAFETY: `release` detaches a link that is still attached with `Attachments::detach_link`, which
// takes its program out of the run array, the only hook the link attaches it to; a link that is
// detached already (released, detached by the user, or auto-detached, which unpublished the array)
// has its program in no array.
unsafe impl LinkOps for NetnsLink {
    const TYPE: LinkType = LinkType::NETNS;

    const OPS: LinkOpsTable<Self> = {
        // SAFETY: `bpf_netns_link_ops` is a `const` table of `kernel/bpf/netns_bpf_glue.c` whose
        // six operations tail-call the functions `bpf_link_callbacks!` defines for `NetnsLink`
        // above, for the same operation, and whose other members are left NULL.
        unsafe { LinkOpsTable::from_raw(&raw const kernel::bindings::bpf_netns_link_ops) }
    };

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

        // `list_del()`, and the run array rebuilt without the link's program, unpublished, or with
        // a dummy in its place if the new array cannot be allocated.
        net.bpf_attachments(ty, &guard).detach_link(node);
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

        // `bpf_prog_array_update_at()` at the link's position, then `old_prog = xchg(&link->prog,
        // new_prog); bpf_prog_put(old_prog);`.
        net.bpf_attachments(ty, &guard).update_link_prog(link, new)
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
    attachments: &Attachments<'_>,
) -> Result {
    let prog_ids = attr.prog_ids();
    let prog_cnt = attachments.prog_count();

    uattr.write_query_attach_flags(0)?;
    uattr.write_query_prog_cnt(prog_cnt)?;
    let (Some(cnt), Some(prog_ids)) = (NonZeroU32::new(attr.prog_cnt()), prog_ids) else {
        return Ok(());
    };
    if prog_cnt == 0 {
        return Ok(());
    }

    attachments.copy_prog_ids_to_user(prog_ids, cnt)
}

/// `netns_bpf_prog_query()`, on the attributes of `BPF_PROG_QUERY`.
fn prog_query(attr: &QueryAttr<'_>, uattr: &UserAttr) -> Result {
    if attr.query_flags() != 0 {
        return Err(EINVAL);
    }

    let ty = AttachType::from_bpf_attach_type(attr.attach_type()).ok_or(EINVAL)?;

    let net = NetRef::from_ns_fd(attr.target_fd())?;

    let guard = netns::lock();
    let ret = prog_query_locked(attr, uattr, &net.bpf_attachments(ty, &guard));
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
pub unsafe extern "C" fn netns_bpf_prog_query_rust(
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

    let attachments = net.bpf_attachments(ty, &guard);

    // Attaching prog directly is not compatible with links.
    if attachments.has_links() {
        return Err(EEXIST);
    }

    match ty {
        AttachType::FlowDissector => netns::flow_dissector_prog_attach_check(net, &prog, &guard)?,
        AttachType::SkLookup => return Err(EINVAL),
    }

    // The same program cannot be attached twice.
    if attachments.attached_prog_is(&prog) {
        return Err(EINVAL);
    }

    // `WRITE_ONCE(run_array->items[0].prog, prog)` or a new one-program array, then the namespace
    // keeps the program; the previously attached one is put, after it was overwritten in the
    // array, under the mutex as in C.
    attachments.attach_prog(prog)
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
pub unsafe extern "C" fn netns_bpf_prog_attach_rust(
    attr: *const kernel::bindings::bpf_attr,
    prog: *mut kernel::bindings::bpf_prog,
) -> c_int {
    // SAFETY: `bpf_prog_attach()` passes the attributes `__sys_bpf()` zeroed, filled and keeps
    // unchanged during the command.
    let attr = unsafe { Attr::from_raw(attr) };
    // SAFETY: `bpf_prog_attach()` holds a reference on `prog` during the call and puts it if and
    // only if this returns non-zero. `prog_attach()` consumes `prog` only through
    // `Attachments::attach_prog()`, which does so exactly when it succeeds, and then returns `Ok`.
    let prog = unsafe { PendingProg::from_raw(prog) };
    from_result(|| {
        prog_attach(&attr.prog_attach(), prog)?;
        Ok(0)
    })
}

/// `__netns_bpf_prog_detach()`.
fn prog_detach_locked(attachments: &Attachments<'_>, old: &Prog) -> Result {
    // Progs attached via links cannot be detached.
    if attachments.has_links() {
        return Err(EINVAL);
    }

    if !attachments.attached_prog_is(old) {
        return Err(ENOENT);
    }
    // `netns_bpf_run_array_detach()`, then `progs[type] = NULL` and `bpf_prog_put(attached)`.
    drop(attachments.detach_prog()?);
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
    let ret = prog_detach_locked(&net.bpf_attachments(ty, &guard), &prog);
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
pub unsafe extern "C" fn netns_bpf_prog_detach_rust(
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

/// `netns_bpf_link_attach()`: attaches the link of `primed` to `net`, publishes the rebuilt run
/// array and settles the link; returns its descriptor.
fn link_attach(net: &Net, primed: Primed<'_, NetnsLink>, ty: AttachType) -> Result<c_int> {
    let guard = netns::lock();
    let attachments = net.bpf_attachments(ty, &guard);

    if attachments.link_count() >= max_progs(ty) {
        return Err(E2BIG);
    }
    // Links are not compatible with attaching prog directly.
    if attachments.has_attached_prog() {
        return Err(EEXIST);
    }

    match ty {
        AttachType::FlowDissector => {
            let rcu = rcu::read_lock();
            let prog = primed.link().prog(&rcu).ok_or(EINVAL)?;
            netns::flow_dissector_prog_attach_check(net, prog, &guard)?;
        }
        // Nothing to check.
        AttachType::SkLookup => {}
    }

    // `list_add_tail()`, `fill_prog_array()` and `rcu_replace_pointer()` of the run array; the
    // link settles here, under the mutex, rather than after it (`bpf_link_settle()`), so that a
    // link on the list always owns its program.
    let fd = attachments.attach_link(primed)?;

    // Mark attach point as used.
    attach_type_need(ty);
    Ok(fd)
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
    let fd = link_attach(&net, primed, ty)?;

    drop(net);
    Ok(fd)
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
pub unsafe extern "C" fn netns_bpf_link_create_rust(
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
/// Must only be called by the `init` pernet operation of `kernel/bpf/net_namespace.c`, with `net`
/// the namespace being set up.
#[export]
pub unsafe extern "C" fn netns_bpf_pernet_init_rust(net: *mut kernel::bindings::net) -> c_int {
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
/// Must only be called by the `pre_exit` pernet operation of `kernel/bpf/net_namespace.c`, with
/// `net` the namespace being dismantled.
#[export]
pub unsafe extern "C" fn netns_bpf_pernet_pre_exit_rust(net: *mut kernel::bindings::net) {
    // SAFETY: `ops_pre_exit_list()` passes a namespace that is valid during the call (it is freed
    // only after every pre_exit and exit ran).
    let net = unsafe { Net::from_raw(net) };
    let guard = netns::lock();
    for ty in AttachType::ALL {
        // `netns_bpf_run_array_detach()`, `net_link->net = NULL` (auto-detach link) for each link,
        // without `list_del()`, and `bpf_prog_put(net->bpf.progs[type])`.
        for _ in 0..net.bpf_attachments(ty, &guard).detach_all() {
            attach_type_unneed(ty);
        }
    }
}
