// SPDX-License-Identifier: GPL-2.0

//! Test runs of BPF programs (`BPF_PROG_TEST_RUN`).
//!
//! C headers: [`include/linux/bpf.h`](srctree/include/linux/bpf.h) (`bpf_prog_ops.test_run`) and
//! [`include/linux/bpf_rust.h`](srctree/include/linux/bpf_rust.h) (what `net/bpf/test_run.c`
//! shares).
//!
//! `BPF_PROG_TEST_RUN` runs a loaded program on a context that user space gives, `repeat` times,
//! and reports the return value of the last run, the mean duration of a run and the context as
//! the last run left it. A program type implements it in its `bpf_prog_ops.test_run`: it checks
//! the attributes ([`TestRunAttr`]), builds the program's context from the user's ([`UserCtx`]),
//! runs and times the program ([`repeat`]) and copies the results out ([`finish`],
//! [`UserCtx::finish`]). The copies in and out are C's, as every program type does them.

use super::attr::{TestRunAttr, UserAttr};
use crate::{
    bindings,
    error::{from_err_ptr, to_result, Result},
    prelude::*,
    sync::rcu,
    task,
    time::{Instant, Monotonic},
    transmute::FromBytes,
};
use core::{
    mem::{align_of, size_of},
    ops::{Deref, DerefMut},
    ptr::NonNull,
};

/// The context a test run received from user space (`ctx_in`), or a zeroed one if it was given
/// none but `ctx_out` (`bpf_ctx_init()`).
///
/// # Invariants
///
/// `ptr` points to a `kzalloc()`'d allocation of `size_of::<T>()` bytes, all initialised, that
/// the object owns.
pub struct UserCtx<T: FromBytes> {
    ptr: NonNull<T>,
}

impl<T: FromBytes> UserCtx<T> {
    /// Allocates a `T` and copies the user's context into it (`bpf_ctx_init()`), or returns
    /// `None` if the attributes give neither `ctx_in` nor `ctx_out`.
    ///
    /// Fails with `ENOMEM`; with `E2BIG` if `ctx_size_in` is larger than a page, or larger than
    /// a `T` with a non-zero byte beyond; with `EFAULT` if `ctx_in` cannot be read.
    #[inline]
    pub fn init(attr: &TestRunAttr<'_>) -> Result<Option<Self>> {
        const {
            // `bpf_ctx_init()` takes a `u32` size, and `kmalloc()` aligns an allocation to at
            // least `ARCH_KMALLOC_MINALIGN`, which is at least the alignment of a `u64`.
            assert!(size_of::<T>() <= u32::MAX as usize);
            assert!(align_of::<T>() <= align_of::<u64>());
        }
        // SAFETY: `attr` is valid; `bpf_ctx_init()` reads it and returns NULL, an error pointer
        // or a new allocation of `size_of::<T>()` bytes.
        let ptr = unsafe { bindings::bpf_ctx_init(attr.as_raw(), size_of::<T>() as u32) };
        let Some(ptr) = NonNull::new(from_err_ptr(ptr)?.cast::<T>()) else {
            return Ok(None);
        };
        // INVARIANT: `bpf_ctx_init()` allocated `size_of::<T>()` bytes with `kzalloc()`, zeroed
        // them, then copied the user's bytes over the first ones.
        Ok(Some(Self { ptr }))
    }

    /// Returns whether the bytes of the context in `from..to` are all zero (`range_is_zero()`);
    /// any byte beyond the context counts as non-zero.
    ///
    /// The bytes may be padding of `T`, which a reference to `T` could not read.
    #[inline]
    pub fn range_is_zero(&self, from: usize, to: usize) -> bool {
        if from > to || to > size_of::<T>() {
            return false;
        }
        let bytes = self.ptr.as_ptr().cast::<u8>();
        (from..to).all(|i| {
            // SAFETY: `i < size_of::<T>()`, and by the type invariant all `size_of::<T>()` bytes
            // of the allocation are initialised; nothing writes them while `self` is borrowed.
            unsafe { bytes.add(i).read() == 0 }
        })
    }

    /// Copies the context back to user space (`ctx_out`) and writes its size to `ctx_size_out`
    /// (`bpf_ctx_finish()`), if the attributes give `ctx_out`.
    ///
    /// Fails with `EFAULT`, and with `ENOSPC` if `ctx_size_out` is smaller than a `T` (the
    /// context is then copied up to `ctx_size_out`).
    #[inline]
    pub fn finish(&self, attr: &TestRunAttr<'_>, uattr: &UserAttr) -> Result {
        // SAFETY: `attr` is valid and `self.ptr` points to `size_of::<T>()` initialised bytes
        // (type invariant); `bpf_ctx_finish()` reads them and checks its user-space accesses.
        to_result(unsafe {
            bindings::bpf_ctx_finish(
                attr.as_raw(),
                uattr.as_raw(),
                self.ptr.as_ptr().cast(),
                size_of::<T>() as u32,
            )
        })
    }
}

impl<T: FromBytes> Deref for UserCtx<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: By the type invariant `ptr` points to an allocation of a `T`, suitably aligned
        // (`init()`), whose bytes are initialised, and any bytes are a valid `T` (`FromBytes`).
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: FromBytes> DerefMut for UserCtx<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: As in `deref()`; the allocation is ours, and `&mut self` borrows it exclusively.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T: FromBytes> Drop for UserCtx<T> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: By the type invariant the allocation came from `kzalloc()` and is ours.
        unsafe { bindings::kfree(self.ptr.as_ptr().cast()) };
    }
}

/// Copies the results of a test run without packet data out to user space (`bpf_test_finish()`):
/// `data_size_out` (0), `retval` and `duration`, and fires the `bpf_test_finish` tracepoint.
///
/// Fails with `EFAULT`.
#[inline]
pub fn finish(attr: &TestRunAttr<'_>, uattr: &UserAttr, retval: u32, duration: u32) -> Result {
    // SAFETY: `attr` is valid; with no data (NULL, size 0) `bpf_test_finish()` copies no packet
    // bytes, and it checks its user-space accesses.
    to_result(unsafe {
        bindings::bpf_test_finish(
            attr.as_raw(),
            uattr.as_raw(),
            core::ptr::null(),
            core::ptr::null_mut(),
            0,
            0,
            retval,
            duration,
        )
    })
}

/// The runs of a test run, which [`repeat`] makes and times.
pub trait TestRun {
    /// What a run leaves for [`TestRun::last`]; it may borrow what the RCU read-side critical
    /// section of the run keeps alive.
    type Run<'g>
    where
        Self: 'g;

    /// What the test run reports of its last run.
    type Last;

    /// Runs the program once, inside the RCU read-side critical section `rcu`, on the current
    /// CPU.
    fn run<'g>(&'g mut self, rcu: &'g rcu::Guard) -> Self::Run<'g>;

    /// Takes what the last run left, inside the RCU read-side critical section of that run.
    fn last<'g>(run: Self::Run<'g>, rcu: &'g rcu::Guard) -> Self::Last
    where
        Self: 'g;
}

/// Runs `runs` `repeat` times, at least once, and returns what the last run left and the mean
/// duration of a run in nanoseconds (the test timer of `net/bpf/test_run.c`).
///
/// The runs are inside an RCU read-side critical section, on one CPU
/// ([`rcu::read_lock_dont_migrate`]) but preemptible with preemptible RCU; between two runs
/// the section is left for a moment when the scheduler wants the CPU, and not timed meanwhile.
/// [`TestRun::last`] gets the last run's result within that run's section.
///
/// Fails with `EINTR` if a signal is pending between two runs. May sleep.
///
/// # Examples
///
/// ```
/// use kernel::bpf::test_run::{repeat, TestRun};
/// use kernel::sync::rcu;
///
/// /// Counts its runs; each run leaves its number.
/// struct Count(u32);
///
/// impl TestRun for Count {
///     type Run<'g> = u32 where Self: 'g;
///     type Last = u32;
///
///     fn run<'g>(&'g mut self, _rcu: &'g rcu::Guard) -> u32 {
///         self.0 += 1;
///         self.0
///     }
///
///     fn last<'g>(run: u32, _rcu: &'g rcu::Guard) -> u32
///     where
///         Self: 'g,
///     {
///         run
///     }
/// }
///
/// let mut count = Count(0);
/// let (last, _duration) = repeat(&mut count, 5)?;
/// assert_eq!((count.0, last), (5, 5));
///
/// // Zero runs once, as C's test runs do.
/// let mut count = Count(0);
/// assert_eq!(repeat(&mut count, 0)?.0, 1);
/// # Ok::<(), Error>(())
/// ```
#[inline]
pub fn repeat<R: TestRun>(runs: &mut R, repeat: u32) -> Result<(R::Last, u32)> {
    let mut section = rcu::read_lock_dont_migrate();
    let mut start = Instant::<Monotonic>::now();
    let mut spent: u64 = 0;
    let mut i: u32 = 0;
    loop {
        let run = runs.run(section.rcu());
        // `i < repeat` before this, so it does not wrap.
        i = i.wrapping_add(1);
        if i >= repeat {
            // A monotonic clock's delta is not negative.
            spent = spent.wrapping_add(start.elapsed().as_nanos() as u64);
            let mean = spent / u64::from(i);
            let duration = u32::try_from(mean).unwrap_or(u32::MAX);
            let last = R::last(run, section.rcu());
            drop(section);
            return Ok((last, duration));
        }
        drop(run);
        if current!().signal_pending() {
            return Err(EINTR);
        }
        if task::need_resched() {
            spent = spent.wrapping_add(start.elapsed().as_nanos() as u64);
            drop(section);
            task::cond_resched();
            section = rcu::read_lock_dont_migrate();
            start = Instant::<Monotonic>::now();
        }
    }
}
