// SPDX-License-Identifier: GPL-2.0
//! `Net::bpf_set_attached_prog()` is private.
//!
//! It was safe and `pub`: it replaced `net->bpf.progs[]` and returned the reference on the program
//! the run array still ran, which the caller could drop.
//! expect: E0624
//! control: the same through `Attachments::attach_prog()`, which replaces it in the array first.

use kernel::{
    bpf::{
        netns::{self, AttachType},
        prog::PendingProg,
    },
    net::namespace::Net,
    prelude::*,
};

/// Attaches `prog` to `net` as its flow dissector program, dropping the previous one.
#[cfg(refused)]
pub fn snippet(net: &Net, prog: PendingProg<'_>) -> Result {
    let guard = netns::lock();
    let prog = prog.take();
    drop(net.bpf_set_attached_prog(AttachType::FlowDissector, prog, &guard));
    Ok(())
}

/// Attaches `prog` to `net` as its flow dissector program, dropping the previous one.
#[cfg(control)]
pub fn snippet(net: &Net, prog: PendingProg<'_>) -> Result {
    let guard = netns::lock();
    net.bpf_attachments(AttachType::FlowDissector, &guard)
        .attach_prog(prog)
}
