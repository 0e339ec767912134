// SPDX-License-Identifier: GPL-2.0
//! `LinkOps` is an `unsafe` trait.
//!
//! It was safe, with a memory-safety duty in the docs of `release`: `bpf_link_free()` puts the
//! link's program right after `release` returns, so a `release` that left the program in its hook
//! had the hook run a freed program.
//! expect: E0200
//! control: the same implementation marked `unsafe impl`.

use kernel::bpf::link::{LinkObject, LinkOps, LinkOpsTable, LinkType};

/// A link type whose release detaches nothing.
pub struct Careless;

#[cfg(refused)]
impl LinkOps for Careless {
    const TYPE: LinkType = LinkType::NETNS;
    const OPS: LinkOpsTable<Self> = {
        // SAFETY: A snippet that is compiled, never used: no link of this type is ever created.
        unsafe { LinkOpsTable::from_raw(&raw const kernel::bindings::bpf_netns_link_ops) }
    };

    fn release(_link: &LinkObject<Self>) {}
}

// SAFETY: A snippet that is compiled, never used: no link of this type is ever attached.
#[cfg(control)]
unsafe impl LinkOps for Careless {
    const TYPE: LinkType = LinkType::NETNS;
    const OPS: LinkOpsTable<Self> = {
        // SAFETY: A snippet that is compiled, never used: no link of this type is ever created.
        unsafe { LinkOpsTable::from_raw(&raw const kernel::bindings::bpf_netns_link_ops) }
    };

    fn release(_link: &LinkObject<Self>) {}
}
