// SPDX-License-Identifier: GPL-2.0
//! `LinkNode::detach()` is private.
//!
//! It was safe and `pub`, with a memory-safety duty in its docs: it took a link off its
//! namespace's list without taking its program out of the run array, after which the release of
//! the link left the array alone and its program was put while the array still ran it.
//! expect: E0624
//! control: the same through `Attachments::detach_link()`, which rebuilds the array too.

use kernel::bpf::netns::{self, LinkNode};

/// Detaches the link whose node is `node` from its namespace.
#[cfg(refused)]
pub fn snippet(node: &LinkNode) {
    let guard = netns::lock();
    node.detach(&guard);
}

/// Detaches the link whose node is `node` from its namespace.
#[cfg(control)]
pub fn snippet(node: &LinkNode) {
    let guard = netns::lock();
    if let Some(net) = node.net(&guard) {
        net.bpf_attachments(node.attach_type(), &guard)
            .detach_link(node);
    }
}
