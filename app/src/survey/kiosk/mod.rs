//! Kiosk tablets at the counter: registered by an admin (or a unit's officer) for one unit
//! and some of its services, enrolled once by a one-time link that leaves a long-lived
//! device credential in the tablet's browser (only hashes on the server), limited per device
//! (a least interval between responses and a daily cap) instead of per address, and revoked
//! at once when a tablet is lost. A rating sent too soon after the last is held back and
//! stored when the interval allows, not dropped.

/// Where a kiosk starts again (after a rating's thanks, or untouched): through the language
/// switch, so that the next citizen starts in Bahasa Indonesia whatever the last one chose.
pub const START: &str = "/lang/id?next=/kios";

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod held;
pub mod pages;
#[cfg(feature = "ssr")]
mod repo;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
pub mod view;
