// SPDX-License-Identifier: GPL-2.0

//! BPF instructions.
//!
//! C headers: [`include/uapi/linux/bpf.h`](srctree/include/uapi/linux/bpf.h) and
//! [`include/linux/filter.h`](srctree/include/linux/filter.h).
//!
//! A typed builder for the subset of instructions that context access rewriting emits, mirroring
//! the `BPF_LDX_MEM()`, `BPF_JMP_IMM()` and `BPF_MOV32_IMM()` macros of `include/linux/filter.h`.
//!
//! Building an instruction is safe: it only gains a meaning when handed to the verifier, which a
//! [`ProgType`](super::verifier::ProgType) implementation does under that trait's safety contract.

use crate::bindings;

// Opcode parts. They are `u32` in the bindings but all fit in the 8-bit `code` field.
const LDX: u8 = bindings::BPF_LDX as u8;
const MEM: u8 = bindings::BPF_MEM as u8;
const JMP: u8 = bindings::BPF_JMP as u8;
const ALU: u8 = bindings::BPF_ALU as u8;
const MOV: u8 = bindings::BPF_MOV as u8;
const K: u8 = bindings::BPF_K as u8;

/// Combines the class, size or operation, and mode or source parts of an opcode.
#[inline]
const fn opcode(class: u8, op: u8, mode: u8) -> u8 {
    class | op | mode
}

/// A BPF register.
///
/// # Invariants
///
/// The register number is below [`Reg::MAX`], so it fits the 4-bit `dst_reg` and `src_reg` fields
/// of `struct bpf_insn`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Reg(u8);

impl Reg {
    /// Upper bound (exclusive) of register numbers: what the 4-bit register fields can hold.
    ///
    /// The verifier only accepts registers below `MAX_BPF_REG` in programs; rewrites may also use
    /// the kernel-internal ones up to `MAX_BPF_EXT_REG`.
    pub const MAX: u8 = 16;
    /// `BPF_REG_0`, the return value.
    pub const R0: Self = Self(0);
    /// `BPF_REG_1`, the first argument (the context on entry).
    pub const R1: Self = Self(1);
    /// `BPF_REG_2`.
    pub const R2: Self = Self(2);
    /// `BPF_REG_3`.
    pub const R3: Self = Self(3);
    /// `BPF_REG_4`.
    pub const R4: Self = Self(4);
    /// `BPF_REG_5`.
    pub const R5: Self = Self(5);
    /// `BPF_REG_6`.
    pub const R6: Self = Self(6);
    /// `BPF_REG_7`.
    pub const R7: Self = Self(7);
    /// `BPF_REG_8`.
    pub const R8: Self = Self(8);
    /// `BPF_REG_9`.
    pub const R9: Self = Self(9);
    /// `BPF_REG_10`, the read-only frame pointer.
    pub const R10: Self = Self(10);

    /// Returns the register number.
    #[inline]
    pub const fn num(self) -> u8 {
        self.0
    }
}

/// Size of a memory access (`BPF_SIZE()` of a load or store opcode).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Size {
    /// One byte (`BPF_B`).
    B,
    /// Two bytes (`BPF_H`).
    H,
    /// Four bytes (`BPF_W`).
    W,
    /// Eight bytes (`BPF_DW`).
    DW,
}

impl Size {
    /// The size of a pointer (`BPF_SIZEOF(void *)`).
    pub const PTR: Self = match Self::from_bytes(core::mem::size_of::<*const u8>()) {
        Some(size) => size,
        None => panic!("unsupported pointer size"),
    };

    /// Returns the size of an access of `bytes` bytes, or `None` if no load or store has it.
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::bpf::insn::Size;
    ///
    /// assert_eq!(Size::from_bytes(2), Some(Size::H));
    /// assert_eq!(Size::from_bytes(3), None);
    /// assert_eq!(Size::W.bytes(), 4);
    /// ```
    #[inline]
    pub const fn from_bytes(bytes: usize) -> Option<Self> {
        match bytes {
            1 => Some(Self::B),
            2 => Some(Self::H),
            4 => Some(Self::W),
            8 => Some(Self::DW),
            _ => None,
        }
    }

    /// Returns the number of bytes accessed.
    #[inline]
    pub const fn bytes(self) -> u32 {
        match self {
            Self::B => 1,
            Self::H => 2,
            Self::W => 4,
            Self::DW => 8,
        }
    }

    /// Returns the size bits of the opcode (`BPF_SIZE()`).
    #[inline]
    const fn code(self) -> u8 {
        (match self {
            Self::B => bindings::BPF_B,
            Self::H => bindings::BPF_H,
            Self::W => bindings::BPF_W,
            Self::DW => bindings::BPF_DW,
        }) as u8
    }
}

/// Condition of a conditional jump (`BPF_OP()` of a `BPF_JMP` opcode): the ones rewrites use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum JmpOp {
    /// Jump if equal (`BPF_JEQ`).
    Jeq,
}

impl JmpOp {
    /// Returns the operation bits of the opcode (`BPF_OP()`).
    #[inline]
    const fn code(self) -> u8 {
        (match self {
            Self::Jeq => bindings::BPF_JEQ,
        }) as u8
    }
}

/// A BPF instruction (`struct bpf_insn`).
///
/// # Examples
///
/// `BPF_LDX_MEM(BPF_W, BPF_REG_0, BPF_REG_1, 16)`, a 4-byte load from `r1 + 16` into `r0`:
///
/// ```
/// use kernel::bpf::insn::{Insn, Reg, Size};
///
/// let insn = Insn::ldx_mem(Size::W, Reg::R0, Reg::R1, 16);
/// assert_eq!(insn.code(), 0x61);
/// assert_eq!(insn.dst_reg(), Reg::R0);
/// assert_eq!(insn.src_reg(), Reg::R1);
/// assert_eq!(insn.off(), 16);
/// assert_eq!(insn.imm(), 0);
/// ```
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Insn(bindings::bpf_insn);

assert_c_layout!(bindings::bpf_insn, BPF_INSN {
    code => CODE,
    off => OFF,
    imm => IMM,
});

impl Insn {
    #[inline]
    fn new(code: u8, dst: Reg, src: Reg, off: i16, imm: i32) -> Self {
        Self(bindings::bpf_insn {
            code,
            _bitfield_1: bindings::bpf_insn::new_bitfield_1(dst.num(), src.num()),
            off,
            imm,
            ..Default::default()
        })
    }

    /// Memory load `dst = *(size *)(src + off)` (`BPF_LDX_MEM()`).
    #[inline]
    pub fn ldx_mem(size: Size, dst: Reg, src: Reg, off: i16) -> Self {
        Self::new(opcode(LDX, size.code(), MEM), dst, src, off, 0)
    }

    /// Conditional jump `if (dst op imm) goto pc + off` on 64-bit registers (`BPF_JMP_IMM()`).
    ///
    /// # Examples
    ///
    /// `BPF_JMP_IMM(BPF_JEQ, BPF_REG_2, 0, 1)`:
    ///
    /// ```
    /// use kernel::bpf::insn::{Insn, JmpOp, Reg};
    ///
    /// let insn = Insn::jmp_imm(JmpOp::Jeq, Reg::R2, 0, 1);
    /// assert_eq!(insn.code(), 0x15);
    /// assert_eq!(insn.dst_reg(), Reg::R2);
    /// assert_eq!(insn.src_reg(), Reg::R0);
    /// assert_eq!(insn.off(), 1);
    /// ```
    #[inline]
    pub fn jmp_imm(op: JmpOp, dst: Reg, imm: i32, off: i16) -> Self {
        Self::new(opcode(JMP, op.code(), K), dst, Reg::R0, off, imm)
    }

    /// 32-bit move `dst = (u32)imm`, zero-extending into the upper half (`BPF_MOV32_IMM()`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kernel::bpf::insn::{Insn, Reg};
    ///
    /// let insn = Insn::mov32_imm(Reg::R3, 0);
    /// assert_eq!(insn.code(), 0xb4);
    /// assert_eq!(insn.dst_reg(), Reg::R3);
    /// assert!(insn == Insn::mov32_imm(Reg::R3, 0));
    /// assert!(insn != Insn::mov32_imm(Reg::R3, 1));
    /// ```
    #[inline]
    pub fn mov32_imm(dst: Reg, imm: i32) -> Self {
        Self::new(opcode(ALU, MOV, K), dst, Reg::R0, 0, imm)
    }

    /// Returns a reference to the instruction at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a valid `struct bpf_insn` that is not written to for the lifetime `'a`.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::bpf_insn) -> &'a Self {
        // SAFETY: `Insn` is a transparent wrapper of `bpf_insn`, and the caller guarantees that
        // `ptr` is valid and not written to for `'a`.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns the opcode.
    #[inline]
    pub fn code(&self) -> u8 {
        self.0.code
    }

    /// Returns the destination register.
    #[inline]
    pub fn dst_reg(&self) -> Reg {
        // INVARIANT: The field is 4 bits wide, so its value is below `Reg::MAX`.
        Reg(self.0.dst_reg())
    }

    /// Returns the source register.
    #[inline]
    pub fn src_reg(&self) -> Reg {
        // INVARIANT: The field is 4 bits wide, so its value is below `Reg::MAX`.
        Reg(self.0.src_reg())
    }

    /// Returns the signed offset field.
    #[inline]
    pub fn off(&self) -> i16 {
        self.0.off
    }

    /// Returns the signed immediate field.
    #[inline]
    pub fn imm(&self) -> i32 {
        self.0.imm
    }
}

impl PartialEq for Insn {
    fn eq(&self, other: &Self) -> bool {
        self.code() == other.code()
            && self.dst_reg() == other.dst_reg()
            && self.src_reg() == other.src_reg()
            && self.off() == other.off()
            && self.imm() == other.imm()
    }
}

impl Eq for Insn {}

impl core::fmt::Debug for Insn {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Insn")
            .field("code", &self.code())
            .field("dst_reg", &self.dst_reg().num())
            .field("src_reg", &self.src_reg().num())
            .field("off", &self.off())
            .field("imm", &self.imm())
            .finish()
    }
}
