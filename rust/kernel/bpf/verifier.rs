// SPDX-License-Identifier: GPL-2.0

//! BPF verifier callbacks of a program type.
//!
//! C headers: [`include/linux/bpf.h`](srctree/include/linux/bpf.h) and
//! [`include/linux/bpf_verifier.h`](srctree/include/linux/bpf_verifier.h).
//!
//! A program type tells the verifier which helpers its programs may call, which context accesses
//! are valid and how context accesses are rewritten into accesses to the kernel's own context
//! structure. In C this is a `struct bpf_verifier_ops`; in Rust it is a [`ProgType`]
//! implementation, whose callbacks
//! [`bpf_verifier_callbacks!`](crate::bpf_verifier_callbacks) defines as C functions for the
//! table that C keeps.

use super::insn::{Insn, Reg, Size};
use crate::{bindings, types::Opaque};

/// Kind of a context access (`enum bpf_access_type`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AccessType {
    /// A load (`BPF_READ`).
    Read,
    /// A store (`BPF_WRITE`), or any other value the verifier might pass.
    Write,
}

impl AccessType {
    #[inline]
    fn from_raw(ty: bindings::bpf_access_type) -> Self {
        if ty == bindings::bpf_access_type::BPF_READ {
            Self::Read
        } else {
            Self::Write
        }
    }
}

/// Identifier of a BPF helper function (`enum bpf_func_id`).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FuncId(bindings::bpf_func_id);

impl FuncId {
    /// `BPF_FUNC_perf_event_output`.
    pub const PERF_EVENT_OUTPUT: Self = Self(bindings::bpf_func_id::BPF_FUNC_perf_event_output);
    /// `BPF_FUNC_sk_assign`.
    pub const SK_ASSIGN: Self = Self(bindings::bpf_func_id::BPF_FUNC_sk_assign);
    /// `BPF_FUNC_sk_release`.
    pub const SK_RELEASE: Self = Self(bindings::bpf_func_id::BPF_FUNC_sk_release);

    /// Returns the C value.
    #[inline]
    pub fn as_raw(self) -> bindings::bpf_func_id {
        self.0
    }
}

/// Type of a register as tracked by the verifier (`enum bpf_reg_type`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RegType(bindings::bpf_reg_type);

impl RegType {
    /// `SCALAR_VALUE`, a plain number: what a context load produces unless told otherwise.
    pub const SCALAR_VALUE: Self = Self(bindings::bpf_reg_type_SCALAR_VALUE);
    /// `PTR_TO_SOCKET_OR_NULL`, a pointer to a full socket that must be checked against NULL.
    pub const PTR_TO_SOCKET_OR_NULL: Self = Self(bindings::bpf_reg_type_PTR_TO_SOCKET_OR_NULL);
}

/// Type of a helper argument (`enum bpf_arg_type`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ArgType(bindings::bpf_arg_type);

impl ArgType {
    /// `ARG_DONTCARE`, an unused argument.
    pub const DONTCARE: Self = Self(bindings::bpf_arg_type_ARG_DONTCARE);
    /// `ARG_ANYTHING`, any initialized value.
    pub const ANYTHING: Self = Self(bindings::bpf_arg_type_ARG_ANYTHING);
    /// `ARG_PTR_TO_CTX`, the program context.
    pub const PTR_TO_CTX: Self = Self(bindings::bpf_arg_type_ARG_PTR_TO_CTX);
    /// `ARG_PTR_TO_SOCKET_OR_NULL`, a full socket or NULL.
    pub const PTR_TO_SOCKET_OR_NULL: Self = Self(bindings::bpf_arg_type_ARG_PTR_TO_SOCKET_OR_NULL);
}

/// Type of a helper's return value (`enum bpf_return_type`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RetType(bindings::bpf_return_type);

impl RetType {
    /// `RET_INTEGER`, a plain number.
    pub const INTEGER: Self = Self(bindings::bpf_return_type_RET_INTEGER);
}

/// The C signature of a BPF helper: five `u64` registers in, one `u64` register out.
///
/// This is the function `BPF_CALL_x()` defines in C. The interpreter calls it indirectly, so its
/// type must match for kCFI, which this type alias guarantees.
pub type HelperFn = unsafe extern "C" fn(u64, u64, u64, u64, u64) -> u64;

/// Returns the value a helper hands back to the BPF program for `result`.
///
/// `Ok(())` becomes 0 and an error its negative errno, sign-extended to 64 bits, as `return
/// -EINVAL;` does in a C helper.
///
/// # Examples
///
/// ```
/// use kernel::bpf::verifier::helper_ret;
/// use kernel::error::code::EINVAL;
///
/// assert_eq!(helper_ret(Ok(())), 0);
/// assert_eq!(helper_ret(Err(EINVAL)), (-22i64) as u64);
/// ```
#[inline]
pub fn helper_ret(result: crate::error::Result) -> u64 {
    match result {
        Ok(()) => 0,
        // The register holds the sign-extended errno; the cast keeps the bits.
        Err(e) => i64::from(e.to_errno()) as u64,
    }
}

/// Prototype of a BPF helper (`struct bpf_func_proto`), as returned by
/// [`ProgType::get_func_proto`].
///
/// # Examples
///
/// ```
/// use kernel::bpf::verifier::{ArgType, FuncProto, RetType};
///
/// /// A helper that does nothing.
/// ///
/// /// # Safety
/// ///
/// /// None: it reads none of its arguments. It is `unsafe` as the type of BPF helpers is.
/// unsafe extern "C" fn nop(_: u64, _: u64, _: u64, _: u64, _: u64) -> u64 {
///     0
/// }
///
/// const ARGS: [ArgType; 5] = [
///     ArgType::PTR_TO_CTX,
///     ArgType::ANYTHING,
///     ArgType::DONTCARE,
///     ArgType::DONTCARE,
///     ArgType::DONTCARE,
/// ];
/// // SAFETY: `nop` reads none of its arguments and returns a plain integer.
/// static NOP_PROTO: FuncProto = unsafe { FuncProto::new(nop, false, RetType::INTEGER, ARGS) };
/// // SAFETY: As above.
/// static GPL_NOP_PROTO: FuncProto = unsafe { FuncProto::new(nop, true, RetType::INTEGER, ARGS) };
///
/// assert!(!NOP_PROTO.gpl_only());
/// assert!(GPL_NOP_PROTO.gpl_only());
/// ```
#[repr(transparent)]
pub struct FuncProto(bindings::bpf_func_proto);

assert_c_layout!(bindings::bpf_func_proto, BPF_FUNC_PROTO {
    func => FUNC,
    gpl_only => GPL_ONLY,
    ret_type => RET_TYPE,
    __bindgen_anon_1.__bindgen_anon_1.arg1_type => ARG1_TYPE,
    __bindgen_anon_1.__bindgen_anon_1.arg2_type => ARG2_TYPE,
    __bindgen_anon_1.__bindgen_anon_1.arg3_type => ARG3_TYPE,
    __bindgen_anon_1.__bindgen_anon_1.arg4_type => ARG4_TYPE,
    __bindgen_anon_1.__bindgen_anon_1.arg5_type => ARG5_TYPE,
});

// SAFETY: A `FuncProto` is never modified after it has been built, and the pointers it may contain
// (BTF ids) point to static data that is itself never modified, so sharing it between threads is
// sound.
unsafe impl Sync for FuncProto {}

impl FuncProto {
    /// Creates the prototype of helper `func`.
    ///
    /// `gpl_only` restricts the helper to GPL-compatible programs, `ret` is the type of its
    /// return value and `args` the types of its five arguments.
    ///
    /// # Safety
    ///
    /// The verifier lets programs call `func` with any arguments that `args` admit, and trusts
    /// its return value to be what `ret` says. `func` must be sound to call with every such
    /// argument list (an argument declared [`ArgType::ANYTHING`] may be any number, so `func`
    /// must never dereference it, and a pointer argument is only as valid as its type promises)
    /// and must only return values of type `ret`.
    pub const unsafe fn new(
        func: HelperFn,
        gpl_only: bool,
        ret: RetType,
        args: [ArgType; 5],
    ) -> Self {
        Self(bindings::bpf_func_proto {
            func: Some(func),
            gpl_only,
            ret_type: ret.0,
            __bindgen_anon_1: bindings::bpf_func_proto__bindgen_ty_1 {
                __bindgen_anon_1: bindings::bpf_func_proto__bindgen_ty_1__bindgen_ty_1 {
                    arg1_type: args[0].0,
                    arg2_type: args[1].0,
                    arg3_type: args[2].0,
                    arg4_type: args[3].0,
                    arg5_type: args[4].0,
                },
            },
            ..pin_init::zeroed()
        })
    }

    /// Returns a reference to the C prototype at `ptr`, or `None` if `ptr` is NULL.
    ///
    /// # Safety
    ///
    /// `ptr` must be NULL or point to a `struct bpf_func_proto` that is valid and never modified
    /// for the rest of the kernel's lifetime (the helper prototypes defined in C are `const`
    /// globals).
    #[inline]
    pub unsafe fn from_raw(ptr: *const bindings::bpf_func_proto) -> Option<&'static Self> {
        // SAFETY: `FuncProto` is a transparent wrapper of `bpf_func_proto`, and the caller
        // guarantees that `ptr` is NULL or valid and immutable forever.
        unsafe { ptr.cast::<Self>().as_ref() }
    }

    /// Returns a raw pointer to the C prototype.
    #[inline]
    pub const fn as_raw(&self) -> *const bindings::bpf_func_proto {
        &self.0
    }

    /// Returns whether the helper is restricted to GPL-compatible programs.
    #[inline]
    pub fn gpl_only(&self) -> bool {
        self.0.gpl_only
    }
}

/// Returns the prototype of `bpf_perf_event_output()` for programs whose context is not a
/// `struct sk_buff` (`bpf_event_output_data_proto`).
#[inline]
pub fn event_output_data_proto() -> &'static FuncProto {
    let proto = (&raw const bindings::bpf_event_output_data_proto).cast::<FuncProto>();
    // SAFETY: `bpf_event_output_data_proto` is a `const` global defined in C, so it is valid and
    // never modified, and `FuncProto` is a transparent wrapper of `bpf_func_proto`.
    unsafe { &*proto }
}

/// A BPF program (`struct bpf_prog`): the one being verified, as the verifier's callbacks receive
/// it, or a loaded one that a reference keeps alive.
///
/// # Invariants
///
/// The wrapped `struct bpf_prog` is valid for the lifetime of any reference to a `Prog`.
#[repr(transparent)]
pub struct Prog(Opaque<bindings::bpf_prog>);

impl Prog {
    /// Returns a reference to the program at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_prog` that stays valid for the lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::bpf_prog) -> &'a Self {
        // SAFETY: `Prog` is a transparent wrapper of `bpf_prog` and the caller guarantees that
        // `ptr` is valid for `'a`.
        // INVARIANT: The caller guarantees validity for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns a raw pointer to the C program.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::bpf_prog {
        self.0.get()
    }
}

/// What the verifier learns from a valid context access (`struct bpf_insn_access_aux`).
///
/// # Examples
///
/// ```
/// use kernel::bpf::insn::Size;
/// use kernel::bpf::verifier::{InsnAccessAux, RegType};
///
/// let mut info = InsnAccessAux::new();
/// assert_eq!(info.reg_type(), RegType::SCALAR_VALUE);
/// assert_eq!(info.ctx_field_size(), 0);
/// info.record_field_size(Size::W);
/// info.set_reg_type(RegType::PTR_TO_SOCKET_OR_NULL);
/// assert_eq!(info.ctx_field_size(), 4);
/// assert_eq!(info.reg_type(), RegType::PTR_TO_SOCKET_OR_NULL);
/// ```
#[repr(transparent)]
pub struct InsnAccessAux(bindings::bpf_insn_access_aux);

assert_c_layout!(bindings::bpf_insn_access_aux, BPF_INSN_ACCESS_AUX {
    reg_type => REG_TYPE,
    __bindgen_anon_1.ctx_field_size => CTX_FIELD_SIZE,
});

impl InsnAccessAux {
    /// Creates a record as the verifier does before each access check (`check_ctx_access()`):
    /// the load produces a scalar, no field size recorded.
    #[inline]
    pub fn new() -> Self {
        Self(bindings::bpf_insn_access_aux {
            reg_type: RegType::SCALAR_VALUE.0,
            ..pin_init::zeroed()
        })
    }

    /// Returns a mutable reference to the record at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_insn_access_aux` that nothing else accesses for the
    /// lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw_mut<'a>(ptr: *mut bindings::bpf_insn_access_aux) -> &'a mut Self {
        // SAFETY: `InsnAccessAux` is a transparent wrapper of `bpf_insn_access_aux` and the caller
        // guarantees exclusive access to a valid object for `'a`.
        unsafe { &mut *ptr.cast::<Self>() }
    }

    /// Sets the type of the register the load writes to.
    #[inline]
    pub fn set_reg_type(&mut self, ty: RegType) {
        self.0.reg_type = ty.0;
    }

    /// Returns the type of the register the load writes to.
    #[inline]
    pub fn reg_type(&self) -> RegType {
        RegType(self.0.reg_type)
    }

    /// Records the full size of the context field a narrow load reads part of
    /// (`bpf_ctx_record_field_size()`).
    #[inline]
    pub fn record_field_size(&mut self, size: Size) {
        // `Size::bytes()` is at most 8, so the conversion cannot fail.
        self.0.__bindgen_anon_1.ctx_field_size = i32::try_from(size.bytes()).unwrap_or(0);
    }

    /// Returns the recorded context field size, 0 if none was recorded.
    #[inline]
    pub fn ctx_field_size(&self) -> u32 {
        // SAFETY: Every bit pattern is a valid `int`, so reading this union member is sound
        // whichever member was written last.
        let size = unsafe { self.0.__bindgen_anon_1.ctx_field_size };
        u32::try_from(size).unwrap_or(0)
    }
}

impl Default for InsnAccessAux {
    fn default() -> Self {
        Self::new()
    }
}

/// Returns whether a load of `size` bytes is a valid (possibly narrower) load of a context field
/// of `size_default` bytes (`bpf_ctx_narrow_access_ok()`).
///
/// Like the C function, this does not look at `off`: the caller checks alignment.
///
/// # Examples
///
/// ```
/// use kernel::bpf::insn::Size;
/// use kernel::bpf::verifier::narrow_access_ok;
///
/// assert!(narrow_access_ok(8, 1, Size::W));
/// assert!(narrow_access_ok(8, 4, Size::W));
/// assert!(!narrow_access_ok(8, 8, Size::W));
/// assert!(!narrow_access_ok(8, 3, Size::W));
/// ```
#[inline]
pub fn narrow_access_ok(_off: i32, size: i32, size_default: Size) -> bool {
    // The C function takes a `u32`: a negative size becomes huge and fails the first test.
    match u32::try_from(size) {
        Ok(size) => size <= size_default.bytes() && (size & size.wrapping_sub(1)) == 0,
        Err(_) => false,
    }
}

/// A field of a context structure: its byte offset and size.
///
/// Used to describe both the context a program sees (for instance `struct bpf_sk_lookup`) and the
/// kernel's structure that accesses are rewritten to (for instance `struct bpf_sk_lookup_kern`).
///
/// # Examples
///
/// ```
/// use kernel::bpf::verifier::CtxField;
///
/// let family = CtxField::new(8, 4);
/// assert!(family.contains(8) && family.contains(11));
/// assert!(!family.contains(12));
/// assert_eq!(family.end(), 12);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CtxField {
    off: i32,
    size: u32,
}

impl CtxField {
    /// Creates a field of `size` bytes at offset `off`.
    ///
    /// # Panics
    ///
    /// Panics (at compile time when used in a constant) if the field does not fit in the first 32
    /// KiB, which no BPF context structure comes near.
    pub const fn new(off: usize, size: usize) -> Self {
        assert!(off + size <= i16::MAX as usize);
        Self {
            off: off as i32,
            size: size as u32,
        }
    }

    /// Creates the field covering the gap between the end of `before` and the start of `after`,
    /// for instance padding.
    ///
    /// # Panics
    ///
    /// Panics (at compile time when used in a constant) if `after` starts before `before` ends.
    pub const fn between(before: Self, after: Self) -> Self {
        let start = before.end();
        assert!(after.off >= start);
        Self {
            off: start,
            size: (after.off - start) as u32,
        }
    }

    /// Returns the offset of the field (`offsetof()`), as an instruction offset.
    #[inline]
    pub const fn off(self) -> i16 {
        // `new()` checked that the offset fits.
        self.off as i16
    }

    /// Returns the size of the field in bytes (`sizeof_field()`).
    #[inline]
    pub const fn size(self) -> u32 {
        self.size
    }

    /// Returns the offset of the first byte after the field (`offsetofend()`).
    #[inline]
    pub const fn end(self) -> i32 {
        // `new()` checked that the end fits.
        self.off + self.size as i32
    }

    /// Returns whether `off` lies within the field (`case bpf_ctx_range():`).
    #[inline]
    pub const fn contains(self, off: i32) -> bool {
        off >= self.off && off < self.end()
    }
}

/// A field of the kernel's context structure, which rewrites load: its offset and the size of
/// the load that reads it whole.
///
/// Rewrites load kernel fields only through [`KernField::load`] and [`KernField::load_target`],
/// so each field is loaded with its own size, as the `BUILD_BUG_ON()` of C's `bpf_target_off()`
/// ensures.
///
/// # Invariants
///
/// The offset fits an instruction's 16-bit offset field.
///
/// # Examples
///
/// ```
/// use kernel::{bindings, kern_field};
/// use kernel::bpf::insn::{Insn, Reg, Size};
///
/// let protocol = kern_field!(bindings::bpf_sk_lookup_kern, protocol);
/// assert_eq!((protocol.off(), protocol.size()), (2, Size::H));
///
/// let mut target_size = 0;
/// let insn = protocol.load_target(Reg::R0, Reg::R1, &mut target_size);
/// assert_eq!(insn, Insn::ldx_mem(Size::H, Reg::R0, Reg::R1, 2));
/// assert_eq!(target_size, 2);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KernField {
    off: i16,
    size: Size,
}

impl KernField {
    /// Creates the field of `size` bytes at offset `off`.
    ///
    /// # Panics
    ///
    /// Panics (at compile time when used in a constant) if no load has `size` bytes or the field
    /// does not fit in the first 32 KiB.
    pub const fn new(off: usize, size: usize) -> Self {
        assert!(off + size <= i16::MAX as usize);
        let size = match Size::from_bytes(size) {
            Some(size) => size,
            None => panic!("no load reads a kernel context field of this size"),
        };
        // INVARIANT: `off` was just checked to fit in `i16`.
        Self {
            off: off as i16,
            size,
        }
    }

    /// Returns the offset of the field (`offsetof()`).
    #[inline]
    pub const fn off(self) -> i16 {
        self.off
    }

    /// Returns the size of the load that reads the field.
    #[inline]
    pub const fn size(self) -> Size {
        self.size
    }

    /// Returns the load `dst = *(src + offsetof(field))`, of the field's size.
    #[inline]
    pub fn load(self, dst: Reg, src: Reg) -> Insn {
        Insn::ldx_mem(self.size, dst, src, self.off)
    }

    /// Returns the same load as [`KernField::load`] and stores the size it reads in
    /// `target_size` (`BPF_LDX_MEM(size, dst, src, bpf_target_off(...))`), for the rewrite of a
    /// context access that recorded a field size.
    #[inline]
    pub fn load_target(self, dst: Reg, src: Reg, target_size: &mut u32) -> Insn {
        *target_size = self.size.bytes();
        self.load(dst, src)
    }

    /// Returns `dst = 0`, standing for a load of the field that has nothing to read (a field
    /// compiled out), with `target_size` set as [`KernField::load_target`] sets it.
    #[inline]
    pub fn load_zero(self, dst: Reg, target_size: &mut u32) -> Insn {
        *target_size = self.size.bytes();
        Insn::mov32_imm(dst, 0)
    }
}

/// Builds a [`CtxField`] from a C structure and a (possibly nested) field name.
///
/// # Examples
///
/// ```
/// use kernel::{bindings, ctx_field};
///
/// let remote_ip4 = ctx_field!(bindings::bpf_sk_lookup, remote_ip4);
/// assert_eq!((remote_ip4.off(), remote_ip4.size()), (16, 4));
/// ```
#[macro_export]
macro_rules! ctx_field {
    ($type:ty, $($field:tt)+) => {{
        const fn size_of_pointee<T>(_: *const T) -> usize {
            ::core::mem::size_of::<T>()
        }
        let uninit = ::core::mem::MaybeUninit::<$type>::uninit();
        // SAFETY: Only the address of the field is computed, within the allocation of `uninit`;
        // nothing is read.
        let size = size_of_pointee(unsafe { &raw const (*uninit.as_ptr()).$($field)+ });
        $crate::bpf::verifier::CtxField::new(::core::mem::offset_of!($type, $($field)+), size)
    }};
}

/// Builds a [`KernField`] from a C structure and a (possibly nested) field name.
///
/// Fails the build if no load has the field's size.
#[macro_export]
macro_rules! kern_field {
    ($type:ty, $($field:tt)+) => {{
        let field = $crate::ctx_field!($type, $($field)+);
        $crate::bpf::verifier::KernField::new(field.off() as usize, field.size() as usize)
    }};
}

/// The instruction buffer a context access rewrite is emitted into.
///
/// Pushing more instructions than fit marks the rewrite as failed: [`InsnBuf::count`] then
/// reports the buffer size, which the verifier rejects.
///
/// # Examples
///
/// ```
/// use kernel::bpf::insn::{Insn, Reg};
/// use kernel::bpf::verifier::InsnBuf;
///
/// let mut storage = [Insn::mov32_imm(Reg::R0, 0); 2];
/// let mut buf = InsnBuf::new(&mut storage);
/// buf.push(Insn::mov32_imm(Reg::R1, 7));
/// assert_eq!(buf.count(), 1);
/// assert!(buf.as_slice()[0] == Insn::mov32_imm(Reg::R1, 7));
/// buf.push(Insn::mov32_imm(Reg::R1, 8));
/// buf.push(Insn::mov32_imm(Reg::R1, 9));
/// assert_eq!(buf.count(), 2);
/// ```
pub struct InsnBuf<'a> {
    buf: &'a mut [Insn],
    len: usize,
    overflow: bool,
}

impl<'a> InsnBuf<'a> {
    /// Creates an empty buffer writing into `buf`.
    #[inline]
    pub fn new(buf: &'a mut [Insn]) -> Self {
        Self {
            buf,
            len: 0,
            overflow: false,
        }
    }

    /// Creates an empty buffer writing into the verifier's instruction buffer at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must be valid for reads and writes of `INSN_BUF_SIZE` instructions and not accessed
    /// through any other pointer for the lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw(ptr: *mut bindings::bpf_insn) -> Self {
        // SAFETY: `Insn` is a transparent wrapper of `bpf_insn` and the caller guarantees that
        // `ptr` is valid and exclusively ours for `INSN_BUF_SIZE` entries during `'a`.
        let buf = unsafe {
            core::slice::from_raw_parts_mut(ptr.cast::<Insn>(), bindings::INSN_BUF_SIZE as usize)
        };
        Self::new(buf)
    }

    /// Appends `insn`, or marks the rewrite as failed if the buffer is full.
    #[inline]
    pub fn push(&mut self, insn: Insn) {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = insn;
                self.len += 1;
            }
            None => self.overflow = true,
        }
    }

    /// Returns the instructions pushed so far.
    #[inline]
    pub fn as_slice(&self) -> &[Insn] {
        &self.buf[..self.len]
    }

    /// Returns the number of instructions to report to the verifier.
    ///
    /// After an overflow this is the buffer size, which the verifier treats as an error.
    #[inline]
    pub fn count(&self) -> u32 {
        let count = if self.overflow {
            self.buf.len()
        } else {
            self.len
        };
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

/// The verifier callbacks of a BPF program type (the Rust side of `struct bpf_verifier_ops`).
///
/// The callbacks have no default: the three of them make a program type's context usable, and
/// `struct bpf_verifier_ops`' other members (prologue generation, BTF accesses) stay NULL.
///
/// # Safety
///
/// The verifier admits programs on the word of these callbacks, so an implementation makes the
/// promises C's `bpf_verifier_ops` callbacks make, whatever arguments the verifier passes:
///
/// - [`get_func_proto`](ProgType::get_func_proto) only returns prototypes of helpers that are
///   sound to call from programs of this type, with this type's context where they take one;
/// - [`is_valid_access`](ProgType::is_valid_access) only accepts accesses that
///   [`convert_ctx_access`](ProgType::convert_ctx_access) rewrites, and the register type (and
///   field size) it records is true of the value the rewrite produces;
/// - [`convert_ctx_access`](ProgType::convert_ctx_access) only emits instructions that read the
///   kernel's context object of this program type, or objects it points to that stay valid while
///   the program runs, and write only the destination register of the access.
pub unsafe trait ProgType {
    /// Returns the prototype of helper `func_id` if programs of this type may call it
    /// (`get_func_proto`).
    fn get_func_proto(func_id: FuncId, prog: &Prog) -> Option<&'static FuncProto>;

    /// Returns whether a context access of `size` bytes at offset `off` is valid, and records what
    /// the verifier needs to know about it in `info` (`is_valid_access`).
    fn is_valid_access(
        off: i32,
        size: i32,
        ty: AccessType,
        prog: &Prog,
        info: &mut InsnAccessAux,
    ) -> bool;

    /// Emits into `buf` the instructions replacing the context access `si`, and stores the size of
    /// the field actually loaded in `target_size` (`convert_ctx_access`).
    ///
    /// Emitting nothing makes the verifier reject the program.
    fn convert_ctx_access(
        ty: AccessType,
        si: &Insn,
        buf: &mut InsnBuf<'_>,
        prog: &Prog,
        target_size: &mut u32,
    );
}

// The callbacks as C calls them, laid out as C's table has them.
assert_c_layout!(bindings::bpf_verifier_ops, BPF_VERIFIER_OPS {
    get_func_proto => GET_FUNC_PROTO,
    is_valid_access => IS_VALID_ACCESS,
    convert_ctx_access => CONVERT_CTX_ACCESS,
});

/// `get_func_proto` of program type `T`, for
/// [`bpf_verifier_callbacks!`](crate::bpf_verifier_callbacks).
///
/// # Safety
///
/// `prog` must point to a valid `struct bpf_prog` for the duration of the call.
#[doc(hidden)]
#[inline]
pub unsafe fn get_func_proto_callback<T: ProgType>(
    func_id: bindings::bpf_func_id,
    prog: *const bindings::bpf_prog,
) -> *const bindings::bpf_func_proto {
    // SAFETY: The caller guarantees that `prog` is valid during the call.
    let prog = unsafe { Prog::from_raw(prog) };
    T::get_func_proto(FuncId(func_id), prog).map_or(core::ptr::null(), FuncProto::as_raw)
}

/// `is_valid_access` of program type `T`, for
/// [`bpf_verifier_callbacks!`](crate::bpf_verifier_callbacks).
///
/// # Safety
///
/// `prog` must point to a valid `struct bpf_prog` and `info` to a valid `struct
/// bpf_insn_access_aux` that nothing else accesses, both for the duration of the call.
#[doc(hidden)]
#[inline]
pub unsafe fn is_valid_access_callback<T: ProgType>(
    off: crate::ffi::c_int,
    size: crate::ffi::c_int,
    ty: bindings::bpf_access_type,
    prog: *const bindings::bpf_prog,
    info: *mut bindings::bpf_insn_access_aux,
) -> bool {
    // SAFETY: The caller guarantees that `prog` is valid during the call.
    let prog = unsafe { Prog::from_raw(prog) };
    // SAFETY: The caller guarantees that `info` is valid and only accessed by this call until it
    // returns.
    let info = unsafe { InsnAccessAux::from_raw_mut(info) };
    T::is_valid_access(off, size, AccessType::from_raw(ty), prog, info)
}

/// `convert_ctx_access` of program type `T`, for
/// [`bpf_verifier_callbacks!`](crate::bpf_verifier_callbacks).
///
/// # Safety
///
/// `si` must point to a valid instruction, `insn_buf` to the verifier's buffer of
/// `INSN_BUF_SIZE` instructions, `prog` to a valid `struct bpf_prog` and `target_size` to a
/// valid `u32`, all for the duration of the call and with `insn_buf` and `target_size` not
/// accessed by anything else meanwhile.
#[doc(hidden)]
#[inline]
pub unsafe fn convert_ctx_access_callback<T: ProgType>(
    ty: bindings::bpf_access_type,
    si: *const bindings::bpf_insn,
    insn_buf: *mut bindings::bpf_insn,
    prog: *mut bindings::bpf_prog,
    target_size: *mut u32,
) -> u32 {
    // SAFETY: The caller guarantees that `si` is valid during the call.
    let si = unsafe { Insn::from_raw(si) };
    // SAFETY: The caller guarantees `INSN_BUF_SIZE` entries at `insn_buf` that only this call
    // uses until it returns.
    let mut buf = unsafe { InsnBuf::from_raw(insn_buf) };
    // SAFETY: The caller guarantees that `prog` is valid during the call.
    let prog = unsafe { Prog::from_raw(prog) };
    // SAFETY: The caller guarantees that `target_size` is valid and only used by this call
    // meanwhile.
    let target_size = unsafe { &mut *target_size };
    T::convert_ctx_access(AccessType::from_raw(ty), si, &mut buf, prog, target_size);
    buf.count()
}

/// Defines the verifier callbacks of a program type as C functions of the given names.
///
/// ```ignore
/// kernel::bpf_verifier_callbacks!(Foo {
///     get_func_proto: foo_func_proto_rust,
///     is_valid_access: foo_is_valid_access_rust,
///     convert_ctx_access: foo_convert_ctx_access_rust,
/// });
/// ```
///
/// defines the three `extern "C"` functions from the [`ProgType`] implementation `Foo`. C keeps
/// the program type's `struct bpf_verifier_ops` (`foo_verifier_ops`, which
/// `include/linux/bpf_types.h` refers to by name) and, in it, a C function per callback that
/// tail-calls one of these: C functions are what the function tracer, kprobes and fentry programs
/// attach to, under the names a C implementation of the program type gives its callbacks, while
/// rustc (1.85) places no `__fentry__` call in Rust functions and vmlinux BTF describes none.
///
/// As [`export`](macros::export) does, the macro checks at compile time that each function has the
/// signature of its C declaration.
#[macro_export]
macro_rules! bpf_verifier_callbacks {
    ($type:ty {
        get_func_proto: $get_func_proto:ident,
        is_valid_access: $is_valid_access:ident,
        convert_ctx_access: $convert_ctx_access:ident $(,)?
    }) => {
        /// Returns the prototype of a helper the program type's programs may call, or NULL
        /// (`get_func_proto` of its `struct bpf_verifier_ops`).
        ///
        /// # Safety
        ///
        /// `prog` must point to a valid `struct bpf_prog` for the duration of the call.
        #[no_mangle]
        pub unsafe extern "C" fn $get_func_proto(
            func_id: $crate::bindings::bpf_func_id,
            prog: *const $crate::bindings::bpf_prog,
        ) -> *const $crate::bindings::bpf_func_proto {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe { $crate::bpf::verifier::get_func_proto_callback::<$type>(func_id, prog) }
        }

        /// Returns whether a context access is valid (`is_valid_access` of the program type's
        /// `struct bpf_verifier_ops`).
        ///
        /// # Safety
        ///
        /// `prog` must point to a valid `struct bpf_prog` and `info` to a valid `struct
        /// bpf_insn_access_aux` that nothing else accesses, both for the duration of the call.
        #[no_mangle]
        pub unsafe extern "C" fn $is_valid_access(
            off: $crate::ffi::c_int,
            size: $crate::ffi::c_int,
            ty: $crate::bindings::bpf_access_type,
            prog: *const $crate::bindings::bpf_prog,
            info: *mut $crate::bindings::bpf_insn_access_aux,
        ) -> bool {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe {
                $crate::bpf::verifier::is_valid_access_callback::<$type>(off, size, ty, prog, info)
            }
        }

        /// Rewrites a context access, returning the number of instructions written to
        /// `insn_buf` (`convert_ctx_access` of the program type's `struct bpf_verifier_ops`).
        ///
        /// # Safety
        ///
        /// `si` must point to a valid instruction, `insn_buf` to the verifier's buffer of
        /// `INSN_BUF_SIZE` instructions, `prog` to a valid `struct bpf_prog` and `target_size` to
        /// a valid `u32`, all for the duration of the call and with `insn_buf` and `target_size`
        /// not accessed by anything else meanwhile.
        #[no_mangle]
        pub unsafe extern "C" fn $convert_ctx_access(
            ty: $crate::bindings::bpf_access_type,
            si: *const $crate::bindings::bpf_insn,
            insn_buf: *mut $crate::bindings::bpf_insn,
            prog: *mut $crate::bindings::bpf_prog,
            target_size: *mut u32,
        ) -> u32 {
            // SAFETY: The caller guarantees what the callback requires, as documented above.
            unsafe {
                $crate::bpf::verifier::convert_ctx_access_callback::<$type>(
                    ty,
                    si,
                    insn_buf,
                    prog,
                    target_size,
                )
            }
        }

        // Checks that C declares the functions with these signatures (as `#[export]` does: both
        // branches of an `if` must have the same type).
        const _: () = {
            if true {
                $crate::bindings::$get_func_proto
            } else {
                $get_func_proto
            };
            if true {
                $crate::bindings::$is_valid_access
            } else {
                $is_valid_access
            };
            if true {
                $crate::bindings::$convert_ctx_access
            } else {
                $convert_ctx_access
            };
        };
    };
}
