// SPDX-License-Identifier: GPL-2.0

//! The BPF sk_lookup program type (`BPF_PROG_TYPE_SK_LOOKUP`), in Rust.
//!
//! C header: [`include/linux/filter.h`](srctree/include/linux/filter.h)
//!
//! With `CONFIG_BPF_SK_LOOKUP_RUST=y` this replaces the sk_lookup parts of `net/core/filter.c`:
//! the verifier callbacks (of `sk_lookup_verifier_ops`) and the sk_lookup flavour of the
//! `bpf_sk_assign()` helper (`bpf_sk_lookup_assign()`); the run loop of `linux/filter.h`
//! (`BPF_PROG_SK_LOOKUP_RUN_ARRAY()`), which the socket lookups reach through
//! `inet_lookup_run_sk_lookup()` and `inet6_lookup_run_sk_lookup()`; and the test run of
//! `net/bpf/test_run.c` (`BPF_PROG_TEST_RUN`, `bpf_prog_test_run_sk_lookup()`). The
//! `bpf_sk_lookup_enabled` static key that the lookups test before calling the run loop, the
//! tables `sk_lookup_verifier_ops` and `sk_lookup_prog_ops`, and the helper's prototype's function
//! stay in C.
//!
//! C calls this file through `net/core/sk_lookup_glue.c`: each of the functions named above is a C
//! function there, with the name, arguments and return value of C's implementation, that
//! tail-calls the function of this file of the same name with `_rust` appended (such as
//! [`inet_lookup_run_sk_lookup_rust`]). So what users trace on a kernel with the C implementation
//! (kprobes, fentry and fexit programs, the function tracer) works unchanged: rustc 1.85 places no
//! `__fentry__` call in Rust functions, and vmlinux BTF describes none.
//!
//! Programs see a `struct bpf_sk_lookup` context and may only read it. The verifier rewrites each
//! load into a load from the kernel's `struct bpf_sk_lookup_kern`.

use kernel::{
    bpf::{
        attr::{
            Attr,
            TestRunAttr,
            UserAttr, //
        },
        insn::{
            Insn,
            JmpOp,
            Size, //
        },
        prog_array::{
            LocalProgArray,
            NoMigrate, //
        },
        sk_lookup::{
            kern,
            uapi,
            Lookup,
            RunCtx,
            Selection,
            SkLookupKern,
            SkLookupProgs,
            TestRunCtx,
            TestRunInput,
            F_NO_REUSEPORT,
            F_REPLACE,
            PROG_TYPE,
            SK_DROP,
            SK_PASS, //
        },
        sock::{
            self,
            Sock,
            AF_INET, //
        },
        test_run::{
            self,
            TestRun,
            UserCtx, //
        },
        verifier::{
            self,
            AccessType,
            ArgType,
            CtxField,
            FuncId,
            FuncProto,
            InsnAccessAux,
            InsnBuf,
            KernField,
            Prog,
            ProgType,
            RegType,
            RetType, //
        },
    },
    ffi::c_int,
    prelude::*,
    sync::rcu, //
};

/// The sk_lookup program type.
struct SkLookup;

// The verifier callbacks of `sk_lookup_verifier_ops`, which the C functions of that table (of the
// names C's implementation has, without `_rust`) call.
kernel::bpf_verifier_callbacks!(SkLookup {
    get_func_proto: sk_lookup_func_proto_rust,
    is_valid_access: sk_lookup_is_valid_access_rust,
    convert_ctx_access: sk_lookup_convert_ctx_access_rust,
});

/// Size of a `__u64` context field.
const U64_SIZE: i32 = 8;
/// Size of a `__u32` context field.
const U32_SIZE: i32 = 4;

/// The `__u32` fields of the context: programs may read them with 1-, 2- or 4-byte loads.
const U32_FIELDS: [CtxField; 8] = [
    uapi::FAMILY,
    uapi::PROTOCOL,
    uapi::REMOTE_IP4,
    uapi::LOCAL_IP4,
    uapi::REMOTE_IP6,
    uapi::LOCAL_IP6,
    uapi::LOCAL_PORT,
    uapi::INGRESS_IFINDEX,
];

/// The prototype of `bpf_sk_assign()` for sk_lookup programs.
///
/// Its function is the C function `bpf_sk_lookup_assign()` of `net/core/sk_lookup_glue.c`, which
/// passes its first three arguments to [`bpf_sk_lookup_assign_rust`] and returns what it returns:
/// so the helper keeps C's symbol, which kallsyms, tracers and dumps of translated programs show.
// SAFETY: `bpf_sk_lookup_assign()` calls `bpf_sk_lookup_assign_rust()`, which takes the program's
// context (`ARG_PTR_TO_CTX`, always an sk_lookup context since only sk_lookup programs get this
// prototype), a full socket or NULL (`ARG_PTR_TO_SOCKET_OR_NULL`) and flags it only tests
// (`ARG_ANYTHING`), and returns 0 or a negative errno (`RET_INTEGER`).
static SK_LOOKUP_ASSIGN_PROTO: FuncProto = unsafe {
    FuncProto::new(
        kernel::bindings::bpf_sk_lookup_assign,
        false,
        RetType::INTEGER,
        [
            ArgType::PTR_TO_CTX,
            ArgType::PTR_TO_SOCKET_OR_NULL,
            ArgType::ANYTHING,
            ArgType::DONTCARE,
            ArgType::DONTCARE,
        ],
    )
};

// SAFETY:
// - `get_func_proto` hands out C's prototypes for the helpers C's sk_lookup program type allows,
//   and `SK_LOOKUP_ASSIGN_PROTO`, whose helper takes an sk_lookup context, which is what programs
//   of this type have.
// - `is_valid_access` accepts loads only, within `struct bpf_sk_lookup`, and only those that
//   `convert_ctx_access` rewrites (the KUnit suite checks every offset and size against C's rules
//   and every accepted load against its rewrite); `sk` is typed `PTR_TO_SOCKET_OR_NULL`, and the
//   rewrite loads `selected_sk`, NULL or a full socket that RCU keeps alive while programs run
//   (`SkLookupKern::select` takes an `RcuSock` only); everything else is a scalar.
// - `convert_ctx_access` only loads fields of `struct bpf_sk_lookup_kern` (the program's context)
//   with their own sizes (`KernField`), and words of the `struct in6_addr` its `v6` pointers point
//   to after checking them against NULL; those addresses live on the lookup's stack or in its
//   packet while the programs run. It writes only the destination register.
unsafe impl ProgType for SkLookup {
    fn get_func_proto(func_id: FuncId, prog: &Prog) -> Option<&'static FuncProto> {
        match func_id {
            FuncId::PERF_EVENT_OUTPUT => Some(verifier::event_output_data_proto()),
            FuncId::SK_ASSIGN => Some(&SK_LOOKUP_ASSIGN_PROTO),
            FuncId::SK_RELEASE => Some(sock::sk_release_proto()),
            _ => sock::sk_base_func_proto(func_id, prog),
        }
    }

    fn is_valid_access(
        off: i32,
        size: i32,
        ty: AccessType,
        _prog: &Prog,
        info: &mut InsnAccessAux,
    ) -> bool {
        is_valid_access(off, size, ty, info)
    }

    fn convert_ctx_access(
        _ty: AccessType,
        si: &Insn,
        buf: &mut InsnBuf<'_>,
        _prog: &Prog,
        target_size: &mut u32,
    ) {
        convert_ctx_access(si, buf, target_size);
    }
}

/// Checks a context access of `size` bytes at `off`: read only, naturally aligned, `sk` as a whole
/// only, narrow loads of the other fields, and the padding after `remote_port` readable.
fn is_valid_access(off: i32, size: i32, ty: AccessType, info: &mut InsnAccessAux) -> bool {
    if !(0..uapi::SIZE).contains(&off) {
        return false;
    }
    if off.checked_rem(size) != Some(0) {
        return false;
    }
    if ty != AccessType::Read {
        return false;
    }

    if uapi::SK.contains(off) {
        info.set_reg_type(RegType::PTR_TO_SOCKET_OR_NULL);
        return size == U64_SIZE;
    }

    if U32_FIELDS.iter().any(|field| field.contains(off)) {
        info.record_field_size(Size::W);
        return verifier::narrow_access_ok(off, size, Size::W);
    }

    if uapi::REMOTE_PORT.contains(off) {
        // Allow 4-byte access to 2-byte field for backward compatibility.
        if size == U32_SIZE {
            return true;
        }
        info.record_field_size(Size::H);
        return verifier::narrow_access_ok(off, size, Size::H);
    }

    if uapi::REMOTE_PORT_PAD.contains(off) {
        // Allow access to zero padding for backward compatibility.
        info.record_field_size(Size::H);
        return verifier::narrow_access_ok(off, size, Size::H);
    }

    false
}

/// Returns whether `off` is the offset of `field`.
fn is_at(off: i16, field: CtxField) -> bool {
    off == field.off()
}

/// Emits the rewrite of the context load `si` into loads from `struct bpf_sk_lookup_kern`.
///
/// Narrow loads reach here with their offset rounded down to the field and the size of the whole
/// field; the verifier masks and shifts the result afterwards.
fn convert_ctx_access(si: &Insn, buf: &mut InsnBuf<'_>, target_size: &mut u32) {
    let (dst, src, off) = (si.dst_reg(), si.src_reg(), si.off());
    let i32_off = i32::from(off);

    if is_at(off, uapi::SK) {
        buf.push(kern::SELECTED_SK.load(dst, src));
    } else if is_at(off, uapi::FAMILY) {
        buf.push(kern::FAMILY.load_target(dst, src, target_size));
    } else if is_at(off, uapi::PROTOCOL) {
        buf.push(kern::PROTOCOL.load_target(dst, src, target_size));
    } else if is_at(off, uapi::REMOTE_IP4) {
        buf.push(kern::V4_SADDR.load_target(dst, src, target_size));
    } else if is_at(off, uapi::LOCAL_IP4) {
        buf.push(kern::V4_DADDR.load_target(dst, src, target_size));
    } else if uapi::REMOTE_IP6.contains(i32_off) {
        convert_ip6_access(si, uapi::REMOTE_IP6, kern::V6_SADDR, buf, target_size);
    } else if uapi::LOCAL_IP6.contains(i32_off) {
        convert_ip6_access(si, uapi::LOCAL_IP6, kern::V6_DADDR, buf, target_size);
    } else if is_at(off, uapi::REMOTE_PORT) {
        buf.push(kern::SPORT.load_target(dst, src, target_size));
    } else if is_at(off, uapi::REMOTE_PORT_PAD) {
        *target_size = uapi::REMOTE_PORT_PAD.size();
        buf.push(Insn::mov32_imm(dst, 0));
    } else if is_at(off, uapi::LOCAL_PORT) {
        buf.push(kern::DPORT.load_target(dst, src, target_size));
    } else if is_at(off, uapi::INGRESS_IFINDEX) {
        buf.push(kern::INGRESS_IFINDEX.load_target(dst, src, target_size));
    }
}

/// Returns the word of an IPv6 address that the (4-byte aligned) access `si` to the address
/// context field `field` reads, or `None` if it reads none.
fn ip6_word(si: &Insn, field: CtxField) -> Option<KernField> {
    let delta = usize::try_from(i32::from(si.off()) - i32::from(field.off())).ok()?;
    let word = core::mem::size_of::<u32>();
    if delta % word != 0 {
        return None;
    }
    kern::IN6_ADDR_S6_ADDR32.get(delta / word).copied()
}

/// Emits the rewrite of a load of a word of the IPv6 address context field `field`: load the
/// address pointer `addr` from `struct bpf_sk_lookup_kern`, and the word through it unless the
/// pointer is NULL (an IPv4 lookup).
#[cfg(CONFIG_IPV6)]
fn convert_ip6_access(
    si: &Insn,
    field: CtxField,
    addr: KernField,
    buf: &mut InsnBuf<'_>,
    target_size: &mut u32,
) {
    let Some(word) = ip6_word(si, field) else {
        return;
    };
    let dst = si.dst_reg();
    buf.push(addr.load(dst, si.src_reg()));
    buf.push(Insn::jmp_imm(JmpOp::Jeq, dst, 0, 1));
    buf.push(word.load_target(dst, dst, target_size));
}

/// Emits the rewrite of a load of a word of an IPv6 address context field: without IPv6 support
/// the addresses read as zero.
///
/// The word counts as read whole, as in the IPv6 case: `is_valid_access` recorded a field size,
/// and the verifier fails a rewrite that leaves `target_size` at 0 as its own bug.
#[cfg(not(CONFIG_IPV6))]
fn convert_ip6_access(
    si: &Insn,
    field: CtxField,
    _addr: KernField,
    buf: &mut InsnBuf<'_>,
    target_size: &mut u32,
) {
    if let Some(word) = ip6_word(si, field) {
        buf.push(word.load_zero(si.dst_reg(), target_size));
    }
}

/// The sk_lookup flavour of the `bpf_sk_assign()` helper: selects socket `sk` (0 to clear the
/// selection) as the result of the socket lookup whose context is `ctx`.
///
/// `flags` may contain `BPF_SK_LOOKUP_F_REPLACE` (override an earlier selection) and
/// `BPF_SK_LOOKUP_F_NO_REUSEPORT` (skip the reuseport group selection).
///
/// # Safety
///
/// Only BPF sk_lookup programs may call this, through [`SK_LOOKUP_ASSIGN_PROTO`] (whose C function
/// passes its arguments on): `ctx` must be the address of the program's `struct
/// bpf_sk_lookup_kern` and `sk` 0 or the address of a full socket that stays alive during the
/// call, as the verifier checks for `ARG_PTR_TO_CTX` and `ARG_PTR_TO_SOCKET_OR_NULL`.
#[export]
pub unsafe extern "C" fn bpf_sk_lookup_assign_rust(ctx: u64, sk: u64, flags: u64) -> u64 {
    // SAFETY: `ctx` is the program's context, which the run loop does not access while the
    // program runs, so it is valid and ours for the call.
    let ctx = unsafe { SkLookupKern::from_helper_arg(ctx) };
    // SAFETY: `sk` is 0 or a socket the program holds, alive during the call.
    let sk = unsafe { Sock::from_helper_arg(sk) };
    verifier::helper_ret(sk_lookup_assign(ctx, sk, flags))
}

/// Checks that `sk` suits the lookup `ctx` and selects it, with the same checks and errors as C.
fn sk_lookup_assign(ctx: &mut SkLookupKern, sk: Option<&Sock>, flags: u64) -> Result {
    if flags & !(F_REPLACE | F_NO_REUSEPORT) != 0 {
        return Err(EINVAL);
    }

    // Reject non-RCU freed sockets.
    let sk = match sk {
        Some(sk) => Some(sk.as_rcu_freed().ok_or(ESOCKTNOSUPPORT)?),
        None => None,
    };

    if let Some(sk) = sk {
        // Only accept TCP sockets in LISTEN.
        if sk.is_tcp() && !sk.is_listening() {
            return Err(ESOCKTNOSUPPORT);
        }
        // Only accept UDP sockets in CLOSE (unconnected).
        if sk.is_udp() && !sk.is_closed() {
            return Err(ESOCKTNOSUPPORT);
        }

        // Check if socket is suitable for packet L3/L4 protocol.
        if sk.protocol() != ctx.protocol() {
            return Err(EPROTOTYPE);
        }
        if sk.family() != ctx.family() && (sk.family() == AF_INET || sk.is_ipv6_only()) {
            return Err(EAFNOSUPPORT);
        }
    }

    if ctx.has_selected_sk() && flags & F_REPLACE == 0 {
        return Err(EEXIST);
    }

    // Select socket as lookup result.
    ctx.select(sk, flags & F_NO_REUSEPORT != 0);
    Ok(())
}

/// What the run loop keeps of a program's selection: a socket, or none.
trait Pick: Copy {
    /// No selection.
    const NONE: Self;

    /// Returns whether a socket is selected.
    fn is_some(&self) -> bool;
}

impl Pick for Selection<'_> {
    const NONE: Self = Selection {
        sk: None,
        no_reuseport: false,
    };

    #[inline]
    fn is_some(&self) -> bool {
        self.sk.is_some()
    }
}

/// Runs `progs` in order and aggregates their verdicts and selections, by the rules of C's
/// `BPF_PROG_SK_LOOKUP_RUN_ARRAY()` (`include/linux/filter.h`).
///
/// `run(prog, selection)` runs a program that starts from the most recent selection a program
/// made and returning [`SK_PASS`] kept, and returns the program's verdict and the selection it
/// leaves: a program's selection counts only if it returns `SK_PASS` and selects a socket (so
/// a selection made before returning [`SK_DROP`] is discarded, and no program cancels an earlier
/// selection). The result is the last selection kept, and `SK_PASS` if there is one or if no
/// program returned `SK_DROP`, `SK_DROP` otherwise (a return value that is neither counts for
/// nothing).
#[inline(always)]
fn aggregate<P, S: Pick>(
    progs: impl Iterator<Item = P>,
    mut run: impl FnMut(P, S) -> (u32, S),
) -> (u32, S) {
    let mut selected = S::NONE;
    let mut all_pass = true;

    for prog in progs {
        let (verdict, selection) = run(prog, selected);
        if verdict == SK_PASS && selection.is_some() {
            selected = selection;
        } else if verdict == SK_DROP {
            all_pass = false;
        }
    }

    let verdict = if all_pass || selected.is_some() {
        SK_PASS
    } else {
        SK_DROP
    };
    (verdict, selected)
}

/// Runs the programs of `progs` on `ctx` (see [`aggregate`]), leaves the result's selection in
/// `ctx` and returns the verdict, [`SK_PASS`] or [`SK_DROP`].
#[inline(always)]
fn run_progs(progs: &SkLookupProgs, ctx: &RunCtx<'_>) -> u32 {
    let section = NoMigrate::new();
    let (verdict, selection) = aggregate(progs.iter(), |prog, selection| {
        ctx.set_selection(selection);
        let verdict = ctx.run(prog, &section);
        (verdict, ctx.selection())
    });
    ctx.set_selection(selection);
    drop(section);
    verdict
}

/// Runs the sk_lookup programs of the namespace of `lookup` and returns the lookup's result: the
/// selected socket (or the one its reuseport group picks), NULL if no program selected one, or
/// `ERR_PTR(-ECONNREFUSED)` if the programs drop the packet.
#[inline(always)]
fn run_lookup(lookup: &Lookup<'_>) -> *mut kernel::bindings::sock {
    let selection = {
        let guard = rcu::read_lock();
        let Some(progs) = SkLookupProgs::of_net(lookup.net(), &guard) else {
            return core::ptr::null_mut();
        };
        let ctx = lookup.ctx();
        if run_progs(progs, &ctx) != SK_PASS {
            return ECONNREFUSED.to_ptr();
        }
        ctx.selection()
    };

    match selection.sk {
        None => core::ptr::null_mut(),
        Some(sk) if selection.no_reuseport => sk.as_raw(),
        Some(sk) => lookup.select_in_group(sk),
    }
}

/// Runs the sk_lookup programs of `net` for an IPv4 socket lookup (TCP or UDP) and returns the
/// socket they select, NULL, or `ERR_PTR(-ECONNREFUSED)`.
///
/// # Safety
///
/// Only `inet_lookup_run_sk_lookup()` may call this, with its arguments, which the socket lookups
/// pass as `include/net/inet_hashtables.h` declares it, inside the RCU read-side critical section
/// of the lookup.
#[export]
pub unsafe extern "C" fn inet_lookup_run_sk_lookup_rust(
    net: *const kernel::bindings::net,
    protocol: c_int,
    skb: *mut kernel::bindings::sk_buff,
    doff: c_int,
    saddr: kernel::bindings::__be32,
    sport: kernel::bindings::__be16,
    daddr: kernel::bindings::__be32,
    hnum: u16,
    dif: c_int,
    ehashfn: kernel::bindings::inet_ehashfn_t,
) -> *mut kernel::bindings::sock {
    // SAFETY: The caller is a socket lookup, inside its RCU read-side critical section, which
    // outlasts this call.
    let lookup = unsafe {
        Lookup::v4(
            net, protocol, skb, doff, saddr, sport, daddr, hnum, dif, ehashfn,
        )
    };
    run_lookup(&lookup)
}

/// Runs the sk_lookup programs of `net` for an IPv6 socket lookup (TCP or UDP) and returns the
/// socket they select, NULL, or `ERR_PTR(-ECONNREFUSED)`.
///
/// # Safety
///
/// Only `inet6_lookup_run_sk_lookup()` may call this, with its arguments, which the socket lookups
/// pass as `include/net/inet6_hashtables.h` declares it, inside the RCU read-side critical section
/// of the lookup.
#[cfg(CONFIG_IPV6)]
#[export]
pub unsafe extern "C" fn inet6_lookup_run_sk_lookup_rust(
    net: *const kernel::bindings::net,
    protocol: c_int,
    skb: *mut kernel::bindings::sk_buff,
    doff: c_int,
    saddr: *const kernel::bindings::in6_addr,
    sport: kernel::bindings::__be16,
    daddr: *const kernel::bindings::in6_addr,
    hnum: u16,
    dif: c_int,
    ehashfn: kernel::bindings::inet6_ehashfn_t,
) -> *mut kernel::bindings::sock {
    // SAFETY: The caller is a socket lookup, inside its RCU read-side critical section, which
    // outlasts this call.
    let lookup = unsafe {
        Lookup::v6(
            net, protocol, skb, doff, saddr, sport, daddr, hnum, dif, ehashfn,
        )
    };
    run_lookup(&lookup)
}

/// The runs of an sk_lookup test run: the run loop on the test context, with an array of the one
/// program tested.
struct TestRuns<'u, 'p> {
    ctx: TestRunCtx<'u>,
    progs: &'p SkLookupProgs,
}

impl TestRun for TestRuns<'_, '_> {
    /// The verdict and the selection of a run.
    type Run<'g>
        = (u32, Selection<'g>)
    where
        Self: 'g;

    /// The verdict of the last run, and the cookie of the socket it selected (0: none).
    type Last = (u32, Result<u64>);

    #[inline(always)]
    fn run<'g>(&'g mut self, rcu: &'g rcu::Guard) -> Self::Run<'g> {
        let ctx = self.ctx.start(rcu);
        let verdict = run_progs(self.progs, ctx);
        (verdict, ctx.selection())
    }

    /// Reads the selected socket inside the RCU read-side critical section of the run that
    /// selected it: the program took it from a map without a reference, and once closed it is
    /// freed after an RCU grace period.
    #[inline]
    fn last<'g>((verdict, selection): Self::Run<'g>, _rcu: &'g rcu::Guard) -> Self::Last
    where
        Self: 'g,
    {
        let cookie = match selection.sk {
            None => Ok(0),
            // A test run has no packet to select a socket of a reuseport group with.
            Some(sk) if sk.is_reuseport() && !selection.no_reuseport => Err(EOPNOTSUPP),
            Some(sk) => Ok(sk.cookie()),
        };
        (verdict, cookie)
    }
}

/// Runs `prog` on the context that user space gives, as a socket lookup would, `repeat` times,
/// and reports the verdict of the last run, its duration, and the context with the cookie of the
/// socket that the last run selected. The checks, their errors and their order are C's.
fn test_run(prog: &Prog, attr: &TestRunAttr<'_>, uattr: &UserAttr) -> Result {
    if attr.flags() != 0 || attr.cpu() != 0 || attr.batch_size() != 0 {
        return Err(EINVAL);
    }
    if attr.data_in() != 0
        || attr.data_size_in() != 0
        || attr.data_out() != 0
        || attr.data_size_out() != 0
    {
        return Err(EINVAL);
    }
    let repeat = attr.repeat().max(1);

    let mut user = UserCtx::<TestRunInput>::init(attr)?.ok_or(EINVAL)?;
    // No socket may be given, and the tail padding must be zero (the padding after
    // `remote_port` is not checked, as C does not check it).
    if user.cookie() != 0
        || !user.range_is_zero(
            TestRunInput::END_OF_FIELDS,
            core::mem::size_of::<TestRunInput>(),
        )
    {
        return Err(EINVAL);
    }
    let dport = u16::try_from(user.local_port()).map_err(|_| ERANGE)?;
    // The kernel context has 16-bit `family` and `protocol`: C truncates both, then tests the
    // family it stored.
    let family = user.family() as u16;
    let protocol = user.protocol() as u16;
    let (sport, ifindex) = (user.remote_port(), user.ingress_ifindex());

    let (verdict, cookie, duration) = {
        let ctx = match family {
            AF_INET => TestRunCtx::v4(
                protocol,
                sport,
                dport,
                ifindex,
                user.remote_ip4(),
                user.local_ip4(),
            ),
            #[cfg(CONFIG_IPV6)]
            sock::AF_INET6 => TestRunCtx::v6(
                protocol,
                sport,
                dport,
                ifindex,
                user.remote_ip6(),
                user.local_ip6(),
            ),
            _ => return Err(EAFNOSUPPORT),
        };
        let array = LocalProgArray::one(prog, PROG_TYPE, GFP_KERNEL)?;
        let mut runs = TestRuns {
            ctx,
            progs: SkLookupProgs::from_local(&array)?,
        };
        let ((verdict, cookie), duration) = test_run::repeat(&mut runs, repeat)?;
        (verdict, cookie?, duration)
    };

    user.set_cookie(cookie);
    test_run::finish(attr, uattr, verdict, duration)?;
    user.finish(attr, uattr)
}

/// `BPF_PROG_TEST_RUN` of an sk_lookup program (`sk_lookup_prog_ops.test_run`), which the C
/// function `bpf_prog_test_run_sk_lookup()` calls: see [`test_run`].
///
/// # Safety
///
/// Only `bpf_prog_test_run_sk_lookup()` may call this, with its arguments: `prog` a loaded
/// sk_lookup program that stays valid during the call, `kattr` the attributes of the command as
/// `__sys_bpf()` passes them, unmodified during the call, and `uattr` the user's attributes.
#[export]
pub unsafe extern "C" fn bpf_prog_test_run_sk_lookup_rust(
    prog: *mut kernel::bindings::bpf_prog,
    kattr: *const kernel::bindings::bpf_attr,
    uattr: *mut kernel::bindings::bpf_attr,
) -> c_int {
    // SAFETY: The caller guarantees a program valid during the call.
    let prog = unsafe { Prog::from_raw(prog) };
    // SAFETY: The caller guarantees the attributes of `__sys_bpf()`, unmodified during the call.
    let attr = unsafe { Attr::from_raw(kattr) };
    match test_run(prog, &attr.test_run(), &UserAttr::new(uattr)) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

#[cfg(CONFIG_BPF_SK_LOOKUP_RUST_KUNIT_TEST)]
#[kunit_tests(rust_bpf_sk_lookup)]
mod tests {
    use super::*;
    use kernel::bpf::insn::Reg;

    /// Runs `is_valid_access()` on a fresh record, returning the verdict, the register type and
    /// the recorded field size.
    fn access(off: i32, size: i32, ty: AccessType) -> (bool, RegType, u32) {
        let mut info = InsnAccessAux::new();
        let ok = is_valid_access(off, size, ty, &mut info);
        (ok, info.reg_type(), info.ctx_field_size())
    }

    /// The rules of C's `sk_lookup_is_valid_access()`, written against the UAPI layout of
    /// `struct bpf_sk_lookup` (offsets as documented in `include/uapi/linux/bpf.h`) rather than
    /// against the field constants the implementation uses.
    fn reference(off: i32, size: i32) -> (bool, RegType, u32) {
        let none = RegType::SCALAR_VALUE;
        if !(0..72).contains(&off) || off % size != 0 {
            return (false, none, 0);
        }
        let narrow_ok = |default: i32| size <= default && size & (size - 1) == 0;
        match off {
            0..=7 => (size == 8, RegType::PTR_TO_SOCKET_OR_NULL, 0),
            8..=35 | 40..=67 => (narrow_ok(4), none, 4),
            36..=37 if size == 4 => (true, none, 0),
            36..=39 => (narrow_ok(2), none, 2),
            _ => (false, none, 0),
        }
    }

    #[test]
    fn layout_matches_uapi() {
        assert_eq!(uapi::SIZE, 72);
        assert_eq!((uapi::SK.off(), uapi::SK.size()), (0, 8));
        assert_eq!((uapi::FAMILY.off(), uapi::PROTOCOL.off()), (8, 12));
        assert_eq!((uapi::REMOTE_IP4.off(), uapi::REMOTE_IP6.off()), (16, 20));
        assert_eq!(uapi::REMOTE_IP6.size(), 16);
        assert_eq!((uapi::REMOTE_PORT.off(), uapi::REMOTE_PORT.size()), (36, 2));
        assert_eq!(
            (uapi::REMOTE_PORT_PAD.off(), uapi::REMOTE_PORT_PAD.size()),
            (38, 2)
        );
        assert_eq!((uapi::LOCAL_IP4.off(), uapi::LOCAL_IP6.off()), (40, 44));
        assert_eq!(
            (uapi::LOCAL_PORT.off(), uapi::INGRESS_IFINDEX.off()),
            (60, 64)
        );
    }

    #[test]
    fn access_table_matches_c_rules() {
        for off in -8..80 {
            for size in [1, 2, 4, 8] {
                assert_eq!(access(off, size, AccessType::Read), reference(off, size));
            }
        }
    }

    #[test]
    fn access_samples() {
        let none = RegType::SCALAR_VALUE;
        // `sk` only as a whole.
        assert_eq!(
            access(0, 8, AccessType::Read),
            (true, RegType::PTR_TO_SOCKET_OR_NULL, 0)
        );
        assert!(!access(0, 4, AccessType::Read).0);
        assert!(!access(4, 4, AccessType::Read).0);
        // Narrow loads of `__u32` fields.
        assert_eq!(access(8, 4, AccessType::Read), (true, none, 4));
        assert_eq!(access(9, 1, AccessType::Read), (true, none, 4));
        assert_eq!(access(10, 2, AccessType::Read), (true, none, 4));
        assert!(!access(8, 8, AccessType::Read).0);
        assert!(!access(9, 2, AccessType::Read).0);
        assert_eq!(access(35, 1, AccessType::Read), (true, none, 4));
        // `remote_port`: 4-byte compat load without a field size, narrow loads with one.
        assert_eq!(access(36, 4, AccessType::Read), (true, none, 0));
        assert_eq!(access(36, 2, AccessType::Read), (true, none, 2));
        assert_eq!(access(37, 1, AccessType::Read), (true, none, 2));
        // The zero padding after it.
        assert_eq!(access(38, 2, AccessType::Read), (true, none, 2));
        assert_eq!(access(39, 1, AccessType::Read), (true, none, 2));
        // Tail padding, out of bounds, writes, zero size.
        assert!(!access(68, 4, AccessType::Read).0);
        assert!(!access(72, 4, AccessType::Read).0);
        assert!(!access(-4, 4, AccessType::Read).0);
        assert!(!access(8, 4, AccessType::Write).0);
        assert!(!access(0, 8, AccessType::Write).0);
        assert!(!access(8, 0, AccessType::Read).0);
    }

    /// Rewrites a load of `size` at context offset `off` into `r2` from `r1`.
    fn rewrite(off: i16, size: Size) -> (KVec<Insn>, u32) {
        let si = Insn::ldx_mem(size, Reg::R2, Reg::R1, off);
        let mut storage = [Insn::mov32_imm(Reg::R0, 0); 32];
        let mut buf = InsnBuf::new(&mut storage);
        let mut target_size = 0;
        convert_ctx_access(&si, &mut buf, &mut target_size);
        let mut insns = KVec::new();
        for insn in buf.as_slice() {
            // The tests only run where allocating a few entries succeeds.
            if insns.push(*insn, GFP_KERNEL).is_err() {
                break;
            }
        }
        (insns, target_size)
    }

    fn ldx(size: Size, dst: Reg, src: Reg, off: i16) -> Insn {
        Insn::ldx_mem(size, dst, src, off)
    }

    #[test]
    fn rewrite_scalar_fields() {
        let (r1, r2) = (Reg::R1, Reg::R2);
        let cases = [
            (
                uapi::FAMILY,
                Size::W,
                ldx(Size::H, r2, r1, kern::FAMILY.off()),
                2,
            ),
            (
                uapi::PROTOCOL,
                Size::W,
                ldx(Size::H, r2, r1, kern::PROTOCOL.off()),
                2,
            ),
            (
                uapi::REMOTE_IP4,
                Size::W,
                ldx(Size::W, r2, r1, kern::V4_SADDR.off()),
                4,
            ),
            (
                uapi::LOCAL_IP4,
                Size::W,
                ldx(Size::W, r2, r1, kern::V4_DADDR.off()),
                4,
            ),
            (
                uapi::REMOTE_PORT,
                Size::H,
                ldx(Size::H, r2, r1, kern::SPORT.off()),
                2,
            ),
            (
                uapi::REMOTE_PORT,
                Size::W,
                ldx(Size::H, r2, r1, kern::SPORT.off()),
                2,
            ),
            (uapi::REMOTE_PORT_PAD, Size::H, Insn::mov32_imm(r2, 0), 2),
            (
                uapi::LOCAL_PORT,
                Size::W,
                ldx(Size::H, r2, r1, kern::DPORT.off()),
                2,
            ),
            (
                uapi::INGRESS_IFINDEX,
                Size::W,
                ldx(Size::W, r2, r1, kern::INGRESS_IFINDEX.off()),
                4,
            ),
        ];
        for (field, size, expected, expected_target_size) in cases {
            let (insns, target_size) = rewrite(field.off(), size);
            assert_eq!(insns.len(), 1);
            assert_eq!(insns[0], expected);
            assert_eq!(target_size, expected_target_size);
        }

        // `sk` becomes a pointer load of `selected_sk`, without a target size.
        let (insns, target_size) = rewrite(uapi::SK.off(), Size::DW);
        assert_eq!(insns.len(), 1);
        assert_eq!(insns[0], ldx(Size::DW, r2, r1, kern::SELECTED_SK.off()));
        assert_eq!(target_size, 0);
    }

    #[test]
    fn rewrite_encodings() {
        // The raw encodings of C's rewrite on 64-bit (`struct bpf_sk_lookup_kern` has `family` at
        // 0, `sport` at 4, `v6.saddr` at 16 and `selected_sk` at 32 there).
        if cfg!(target_pointer_width = "64") {
            let (insns, _) = rewrite(uapi::FAMILY.off(), Size::W);
            assert_eq!((insns[0].code(), insns[0].off()), (0x69, 0));
            let (insns, _) = rewrite(uapi::REMOTE_PORT.off(), Size::H);
            assert_eq!((insns[0].code(), insns[0].off()), (0x69, 4));
            let (insns, _) = rewrite(uapi::SK.off(), Size::DW);
            assert_eq!((insns[0].code(), insns[0].off()), (0x79, 32));
            let (insns, _) = rewrite(uapi::REMOTE_IP6.off(), Size::W);
            if cfg!(CONFIG_IPV6) {
                assert_eq!((insns[0].code(), insns[0].off()), (0x79, 16));
                assert_eq!(
                    (insns[1].code(), insns[1].off(), insns[1].imm()),
                    (0x15, 1, 0)
                );
                assert_eq!((insns[2].code(), insns[2].off()), (0x61, 0));
            } else {
                assert_eq!((insns.len(), insns[0].code(), insns[0].imm()), (1, 0xb4, 0));
            }
            let (insns, _) = rewrite(uapi::REMOTE_PORT_PAD.off(), Size::H);
            assert_eq!((insns[0].code(), insns[0].imm()), (0xb4, 0));
        }
    }

    #[test]
    fn rewrite_ip6_words() {
        let (r1, r2) = (Reg::R1, Reg::R2);
        for (field, addr) in [
            (uapi::REMOTE_IP6, kern::V6_SADDR),
            (uapi::LOCAL_IP6, kern::V6_DADDR),
        ] {
            for word in 0..4i16 {
                let (insns, target_size) = rewrite(field.off() + 4 * word, Size::W);
                if cfg!(CONFIG_IPV6) {
                    assert_eq!(insns.len(), 3);
                    assert_eq!(insns[0], ldx(Size::PTR, r2, r1, addr.off()));
                    assert_eq!(insns[1], Insn::jmp_imm(JmpOp::Jeq, r2, 0, 1));
                    assert_eq!(insns[2], ldx(Size::W, r2, r2, 4 * word));
                    assert_eq!(target_size, 4);
                } else {
                    assert_eq!(insns.len(), 1);
                    assert_eq!(insns[0], Insn::mov32_imm(r2, 0));
                    assert_eq!(target_size, 4);
                }
            }
        }
    }

    /// Every load `is_valid_access()` accepts is rewritten as the verifier's context access fixup
    /// (`kernel/bpf/fixups.c`) requires, or it fails the program as a verifier bug: narrow loads
    /// reach the rewrite as loads of the whole field, and the rewrite emits at least one
    /// instruction and fewer than `INSN_BUF_SIZE` and, where a field size was recorded, sets
    /// `target_size`. (It may be smaller than the load: `family` is a `u16` in the kernel.)
    #[test]
    fn every_accepted_load_has_a_rewrite() {
        for off in 0..72i16 {
            for size in [Size::B, Size::H, Size::W, Size::DW] {
                let bytes = size.bytes() as i32;
                let (ok, _, field_size) = access(off.into(), bytes, AccessType::Read);
                if !ok {
                    continue;
                }
                let (off, size) = match field_size {
                    2 if bytes < 2 => (off & !1, Size::H),
                    4 if bytes < 4 => (off & !3, Size::W),
                    _ => (off, size),
                };
                let (insns, target_size) = rewrite(off, size);
                // 32: `INSN_BUF_SIZE`, the size of `rewrite()`'s buffer.
                assert!(!insns.is_empty() && insns.len() < 32);
                if field_size != 0 {
                    assert_ne!(target_size, 0);
                }
            }
        }
    }

    #[test]
    fn rewrite_unknown_offset_emits_nothing() {
        for off in [4, 68, 70] {
            let (insns, target_size) = rewrite(off, Size::W);
            assert_eq!(insns.len(), 0);
            assert_eq!(target_size, 0);
        }
    }

    /// A selection in the aggregation tests: a socket number, and `no_reuseport`.
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Sel(Option<u8>, bool);

    impl Pick for Sel {
        const NONE: Self = Sel(None, false);

        fn is_some(&self) -> bool {
            self.0.is_some()
        }
    }

    /// A program in the aggregation tests: its verdict, and the selection it leaves (`None`:
    /// the one it was given, as a program that does not call `bpf_sk_assign()`).
    type P = (u32, Option<Sel>);

    const PASS: u32 = SK_PASS;
    const DROP: u32 = SK_DROP;
    const A: Sel = Sel(Some(1), false);
    const B: Sel = Sel(Some(2), false);
    const A_NR: Sel = Sel(Some(1), true);
    const B_NR: Sel = Sel(Some(2), true);
    /// `bpf_sk_assign(ctx, NULL, BPF_SK_LOOKUP_F_REPLACE)`: the program clears the selection.
    const CLEAR: Sel = Sel(None, false);
    /// The dummy program an array holds in place of a detached one: returns 1, selects nothing.
    const DUMMY: P = (1, None);

    /// Runs `progs` through `aggregate()`, returning its result and the selection each program
    /// started from.
    fn run(progs: &[P]) -> (u32, Sel, KVec<Sel>) {
        let mut seen = KVec::new();
        let (verdict, sel) = aggregate(progs.iter(), |&(verdict, leaves), given: Sel| {
            seen.push(given, GFP_KERNEL).unwrap();
            (verdict, leaves.unwrap_or(given))
        });
        (verdict, sel, seen)
    }

    #[test]
    fn aggregate_table() {
        // Programs, then the verdict and selection the lookup gets. The first rows are the
        // selftests' "multi prog" cases (`prog_tests/sk_lookup.c`), with sockets A and B.
        let table: &[(&[P], u32, Sel)] = &[
            (&[], PASS, Sel::NONE),
            (&[(PASS, None), (PASS, None)], PASS, Sel::NONE),
            (&[(DROP, None), (PASS, None)], DROP, Sel::NONE),
            (&[(PASS, None), (DROP, None)], DROP, Sel::NONE),
            (&[(DROP, None), (DROP, None)], DROP, Sel::NONE),
            (&[(PASS, Some(A)), (PASS, None)], PASS, A),
            (&[(PASS, Some(A)), (DROP, None)], PASS, A),
            (&[(DROP, None), (PASS, Some(A))], PASS, A),
            (&[(PASS, None), (PASS, Some(A))], PASS, A),
            (&[(PASS, Some(A)), (PASS, Some(B))], PASS, B),
            // A selection made before returning SK_DROP is discarded.
            (&[(DROP, Some(A))], DROP, Sel::NONE),
            (&[(PASS, None), (DROP, Some(A))], DROP, Sel::NONE),
            (&[(PASS, Some(A)), (DROP, Some(B))], PASS, A),
            (&[(PASS, Some(A_NR)), (DROP, Some(B))], PASS, A_NR),
            // No program cancels an earlier selection, not even by clearing it.
            (&[(PASS, Some(A)), (PASS, Some(CLEAR))], PASS, A),
            (&[(PASS, Some(A)), (DROP, Some(CLEAR))], PASS, A),
            // no_reuseport comes with the selection it was set for.
            (&[(PASS, Some(A_NR)), (PASS, None)], PASS, A_NR),
            (&[(PASS, Some(A_NR)), (PASS, Some(B))], PASS, B),
            (&[(PASS, Some(A)), (PASS, Some(B_NR))], PASS, B_NR),
            // A verdict that is neither SK_PASS nor SK_DROP counts for nothing, selection
            // included.
            (&[(2, Some(A))], PASS, Sel::NONE),
            (&[(DROP, None), (2, Some(A))], DROP, Sel::NONE),
            // The dummy program is neutral.
            (&[DUMMY], PASS, Sel::NONE),
            (&[(PASS, Some(A)), DUMMY], PASS, A),
            (&[(DROP, None), DUMMY], DROP, Sel::NONE),
            (&[(PASS, None), (DROP, None), (PASS, None)], DROP, Sel::NONE),
        ];
        for (i, &(progs, verdict, sel)) in table.iter().enumerate() {
            let (got_verdict, got_sel, _) = run(progs);
            assert_eq!((i, got_verdict, got_sel), (i, verdict, sel));
        }
    }

    #[test]
    fn aggregate_restores_selection() {
        // Each program starts from the last selection kept: not from what a dropping program,
        // or one that cleared it, left behind.
        let (_, _, seen) = run(&[
            (PASS, Some(A_NR)),
            (DROP, Some(B)),
            (PASS, Some(CLEAR)),
            (PASS, None),
        ]);
        assert_eq!(&seen[..], &[Sel::NONE, A_NR, A_NR, A_NR]);
        let (_, _, seen) = run(&[(DROP, Some(A)), (PASS, None)]);
        assert_eq!(&seen[..], &[Sel::NONE, Sel::NONE]);
    }
}
