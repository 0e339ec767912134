// SPDX-License-Identifier: GPL-2.0
//! `Net::bpf_take_attached_prog()` is private.
//!
//! It was safe and `pub`: taking the directly attached flow dissector program out of
//! `net->bpf.progs[]` and dropping it put a program that the flow dissector's run array still ran.
//! expect: E0624
//! control: the same through `Attachments::detach_prog()`, which unpublishes the array first.

use kernel::{
    bpf::netns::{self, AttachType},
    net::namespace::Net,
};

/// Takes the directly attached flow dissector program of `net` and drops it.
#[cfg(refused)]
pub fn snippet(net: &Net) {
    let guard = netns::lock();
    drop(net.bpf_take_attached_prog(AttachType::FlowDissector, &guard));
}

/// Detaches the directly attached flow dissector program of `net` and drops it.
#[cfg(control)]
pub fn snippet(net: &Net) {
    let guard = netns::lock();
    drop(
        net.bpf_attachments(AttachType::FlowDissector, &guard)
            .detach_prog(),
    );
}
