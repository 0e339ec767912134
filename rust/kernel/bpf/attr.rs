// SPDX-License-Identifier: GPL-2.0

//! Attributes of the `bpf()` system call.
//!
//! C header: [`include/uapi/linux/bpf.h`](srctree/include/uapi/linux/bpf.h)
//!
//! `bpf(cmd, uattr, size)` copies `union bpf_attr` from user space and passes the kernel copy to
//! the code implementing the command, together with the user-space address for commands that
//! write results back. [`Attr`] is the kernel copy, with one view per command family;
//! [`UserAttr`] writes results back.

use crate::{
    bindings,
    error::Result,
    uaccess::{UserPtr, UserSlice},
};
use core::mem::{offset_of, size_of};

// The fields read or written below, as C lays them out.
assert_c_layout!(bindings::bpf_attr, BPF_ATTR {
    query.__bindgen_anon_1.target_fd => QUERY_TARGET_FD,
    query.attach_type => QUERY_ATTACH_TYPE,
    query.query_flags => QUERY_QUERY_FLAGS,
    query.attach_flags => QUERY_ATTACH_FLAGS,
    query.prog_ids => QUERY_PROG_IDS,
    query.__bindgen_anon_2.prog_cnt => QUERY_PROG_CNT,
    __bindgen_anon_5.__bindgen_anon_1.target_fd => TARGET_FD,
    __bindgen_anon_5.attach_bpf_fd => ATTACH_BPF_FD,
    __bindgen_anon_5.attach_type => ATTACH_TYPE,
    __bindgen_anon_5.attach_flags => ATTACH_FLAGS,
    __bindgen_anon_5.replace_bpf_fd => REPLACE_BPF_FD,
    link_create.__bindgen_anon_2.target_fd => LINK_CREATE_TARGET_FD,
    link_create.attach_type => LINK_CREATE_ATTACH_TYPE,
    link_create.flags => LINK_CREATE_FLAGS,
    test.data_size_in => TEST_DATA_SIZE_IN,
    test.data_size_out => TEST_DATA_SIZE_OUT,
    test.data_in => TEST_DATA_IN,
    test.data_out => TEST_DATA_OUT,
    test.repeat => TEST_REPEAT,
    test.flags => TEST_FLAGS,
    test.cpu => TEST_CPU,
    test.batch_size => TEST_BATCH_SIZE,
});

/// The kernel's copy of the attributes of a `bpf()` command (`union bpf_attr`).
///
/// # Invariants
///
/// Every byte of the union is initialised (`__sys_bpf()` zeroes it before copying the user's
/// attributes in), and the union is not modified while a reference to it exists. Every member is
/// a structure of plain integers, so every member may be read.
#[repr(transparent)]
pub struct Attr(bindings::bpf_attr);

impl Attr {
    /// Returns a reference to the attributes at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to the attributes `__sys_bpf()` passes to a command (a zeroed, then
    /// filled, `union bpf_attr`), valid and unmodified for `'a`.
    #[inline]
    pub unsafe fn from_raw<'a>(ptr: *const bindings::bpf_attr) -> &'a Self {
        // SAFETY: `Attr` is a transparent wrapper of `bpf_attr`, and the caller guarantees that
        // `ptr` is valid, fully initialised and unmodified for `'a`.
        // INVARIANT: Guaranteed by the caller.
        unsafe { &*ptr.cast::<Self>() }
    }

    /// Returns the attributes of `BPF_PROG_QUERY`.
    #[inline]
    pub fn query(&self) -> QueryAttr<'_> {
        QueryAttr(&self.0)
    }

    /// Returns the attributes of `BPF_PROG_ATTACH` and `BPF_PROG_DETACH`.
    #[inline]
    pub fn prog_attach(&self) -> ProgAttachAttr<'_> {
        ProgAttachAttr(&self.0)
    }

    /// Returns the attributes of `BPF_LINK_CREATE`.
    #[inline]
    pub fn link_create(&self) -> LinkCreateAttr<'_> {
        LinkCreateAttr(&self.0)
    }

    /// Returns the attributes of `BPF_PROG_TEST_RUN`.
    #[inline]
    pub fn test_run(&self) -> TestRunAttr<'_> {
        TestRunAttr(&self.0)
    }

    /// Returns a raw pointer to the attributes, for the C functions that read them.
    #[inline]
    pub fn as_raw(&self) -> *const bindings::bpf_attr {
        &self.0
    }
}

/// Reads member `$($field).+` of the attributes `$attr`.
macro_rules! attr_read {
    ($attr:expr, $($field:tt).+) => {
        // SAFETY: By the type invariant of `Attr` (which every view borrows from), all bytes of
        // the union are initialised and all its members are plain integers, so reading any
        // member is reading a valid integer.
        unsafe { $attr.$($field).+ }
    };
}

/// The attributes of `BPF_PROG_QUERY` (`attr->query`).
pub struct QueryAttr<'a>(&'a bindings::bpf_attr);

impl QueryAttr<'_> {
    /// `query.target_fd`: the object queried (for netns attach types, a namespace descriptor).
    #[inline]
    pub fn target_fd(&self) -> u32 {
        attr_read!(self.0, query.__bindgen_anon_1.target_fd)
    }

    /// `query.attach_type`, an `enum bpf_attach_type` value.
    #[inline]
    pub fn attach_type(&self) -> u32 {
        attr_read!(self.0, query.attach_type)
    }

    /// `query.query_flags`.
    #[inline]
    pub fn query_flags(&self) -> u32 {
        attr_read!(self.0, query.query_flags)
    }

    /// `query.prog_ids`: where to write the ids of the attached programs, or `None` if NULL
    /// (`u64_to_user_ptr()`, which truncates to the pointer width).
    #[inline]
    pub fn prog_ids(&self) -> Option<UserPtr> {
        let addr = attr_read!(self.0, query.prog_ids);
        // `u64_to_user_ptr()` keeps the low bits on 32-bit kernels; so does this conversion.
        let addr = addr as usize;
        (addr != 0).then(|| UserPtr::from_addr(addr))
    }

    /// `query.prog_cnt`: how many ids fit at [`QueryAttr::prog_ids`].
    #[inline]
    pub fn prog_cnt(&self) -> u32 {
        attr_read!(self.0, query.__bindgen_anon_2.prog_cnt)
    }
}

/// The attributes of `BPF_PROG_ATTACH` and `BPF_PROG_DETACH`.
pub struct ProgAttachAttr<'a>(&'a bindings::bpf_attr);

impl ProgAttachAttr<'_> {
    /// `target_fd`: the object to attach to (unused by netns attach types, which use the
    /// caller's namespace).
    #[inline]
    pub fn target_fd(&self) -> u32 {
        attr_read!(self.0, __bindgen_anon_5.__bindgen_anon_1.target_fd)
    }

    /// `attach_bpf_fd`: the program to attach or detach.
    #[inline]
    pub fn attach_bpf_fd(&self) -> u32 {
        attr_read!(self.0, __bindgen_anon_5.attach_bpf_fd)
    }

    /// `attach_type`, an `enum bpf_attach_type` value.
    #[inline]
    pub fn attach_type(&self) -> u32 {
        attr_read!(self.0, __bindgen_anon_5.attach_type)
    }

    /// `attach_flags`.
    #[inline]
    pub fn attach_flags(&self) -> u32 {
        attr_read!(self.0, __bindgen_anon_5.attach_flags)
    }

    /// `replace_bpf_fd`.
    #[inline]
    pub fn replace_bpf_fd(&self) -> u32 {
        attr_read!(self.0, __bindgen_anon_5.replace_bpf_fd)
    }
}

/// The attributes of `BPF_LINK_CREATE` (`attr->link_create`).
pub struct LinkCreateAttr<'a>(&'a bindings::bpf_attr);

impl LinkCreateAttr<'_> {
    /// `link_create.target_fd`: the object to attach to (for netns attach types, a namespace
    /// descriptor).
    #[inline]
    pub fn target_fd(&self) -> u32 {
        attr_read!(self.0, link_create.__bindgen_anon_2.target_fd)
    }

    /// `link_create.attach_type`, an `enum bpf_attach_type` value.
    #[inline]
    pub fn attach_type(&self) -> u32 {
        attr_read!(self.0, link_create.attach_type)
    }

    /// `link_create.flags`.
    #[inline]
    pub fn flags(&self) -> u32 {
        attr_read!(self.0, link_create.flags)
    }
}

/// The attributes of `BPF_PROG_TEST_RUN` (`attr->test`).
///
/// The context (`ctx_in`, `ctx_out` and their sizes) is read and written by
/// [`UserCtx`](super::test_run::UserCtx), as C's test runs do it.
pub struct TestRunAttr<'a>(&'a bindings::bpf_attr);

impl TestRunAttr<'_> {
    /// `test.data_in`: the packet to run the program on, for the program types that take one.
    #[inline]
    pub fn data_in(&self) -> u64 {
        attr_read!(self.0, test.data_in)
    }

    /// `test.data_size_in`: the size of [`TestRunAttr::data_in`].
    #[inline]
    pub fn data_size_in(&self) -> u32 {
        attr_read!(self.0, test.data_size_in)
    }

    /// `test.data_out`: where to copy the packet back.
    #[inline]
    pub fn data_out(&self) -> u64 {
        attr_read!(self.0, test.data_out)
    }

    /// `test.data_size_out`: the room at [`TestRunAttr::data_out`].
    #[inline]
    pub fn data_size_out(&self) -> u32 {
        attr_read!(self.0, test.data_size_out)
    }

    /// `test.repeat`: how many times to run the program (0: once).
    #[inline]
    pub fn repeat(&self) -> u32 {
        attr_read!(self.0, test.repeat)
    }

    /// `test.flags`: `BPF_F_TEST_*` flags.
    #[inline]
    pub fn flags(&self) -> u32 {
        attr_read!(self.0, test.flags)
    }

    /// `test.cpu`: the CPU to run the program on, with `BPF_F_TEST_RUN_ON_CPU`.
    #[inline]
    pub fn cpu(&self) -> u32 {
        attr_read!(self.0, test.cpu)
    }

    /// `test.batch_size`: frames per batch, with `BPF_F_TEST_XDP_LIVE_FRAMES`.
    #[inline]
    pub fn batch_size(&self) -> u32 {
        attr_read!(self.0, test.batch_size)
    }

    /// Returns a raw pointer to the attributes, for the C functions that read them.
    #[inline]
    pub fn as_raw(&self) -> *const bindings::bpf_attr {
        self.0
    }
}

/// The user-space attributes of a `bpf()` command (`union bpf_attr __user *uattr`), to write
/// results back.
///
/// Every access is checked as `copy_to_user()` checks it, here and in the C functions given
/// [`UserAttr::as_raw`], so any address is acceptable.
pub struct UserAttr(UserPtr);

impl UserAttr {
    /// Wraps the user-space address `ptr`.
    #[inline]
    pub fn new(ptr: *mut bindings::bpf_attr) -> Self {
        Self(UserPtr::from_ptr(ptr.cast()))
    }

    /// Returns the user-space address of the attributes, for the C functions that write results
    /// back.
    #[inline]
    pub fn as_raw(&self) -> *mut bindings::bpf_attr {
        self.0.as_mut_ptr().cast()
    }

    /// Writes `value` at byte offset `offset` of the user's attributes (`copy_to_user()`);
    /// fails with `EFAULT`.
    #[inline]
    fn write_u32(&self, offset: usize, value: u32) -> Result {
        UserSlice::new(self.0.wrapping_byte_add(offset), size_of::<u32>())
            .writer()
            .write(&value)
    }

    /// Writes `query.attach_flags` (`copy_to_user(&uattr->query.attach_flags, ...)`).
    #[inline]
    pub fn write_query_attach_flags(&self, flags: u32) -> Result {
        self.write_u32(offset_of!(bindings::bpf_attr, query.attach_flags), flags)
    }

    /// Writes `query.prog_cnt` (`copy_to_user(&uattr->query.prog_cnt, ...)`).
    #[inline]
    pub fn write_query_prog_cnt(&self, cnt: u32) -> Result {
        self.write_u32(
            offset_of!(bindings::bpf_attr, query.__bindgen_anon_2.prog_cnt),
            cnt,
        )
    }
}
