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

use super::prog_array::ProgArray;
use crate::{bindings, net::namespace::Net, sync::rcu};

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
