// SPDX-License-Identifier: GPL-2.0
//! `Net::bpf_links()` is private, and with it `Links::push_back()`.
//!
//! `push_back()` was safe and `pub`: it put a link of any program type on a namespace's list,
//! whose programs the next rebuild of the run array published, and left the link to be settled,
//! or not, by its caller.
//! expect: E0624
//! control: the same through `Attachments::attach_link()`, which checks the program type and
//! settles the link under the mutex.

use kernel::{
    bpf::{
        link::{LinkOps, Primed},
        netns::{self, AttachType, HasLinkNode},
    },
    net::namespace::Net,
    prelude::*,
};

/// Attaches the link of `primed` to `net` for sk_lookup.
#[cfg(refused)]
pub fn snippet<T: LinkOps + HasLinkNode>(net: &Net, primed: Primed<'_, T>) -> Result {
    let guard = netns::lock();
    net.bpf_links(AttachType::SkLookup, &guard)
        .push_back(primed.link())
}

/// Attaches the link of `primed` to `net` for sk_lookup.
#[cfg(control)]
pub fn snippet<T: LinkOps + HasLinkNode>(net: &Net, primed: Primed<'_, T>) -> Result {
    let guard = netns::lock();
    net.bpf_attachments(AttachType::SkLookup, &guard)
        .attach_link(primed)?;
    Ok(())
}
