//! Administration in the console: staff accounts (created without a password; the new
//! member sets one through an emailed link), units and services, the holiday table of the
//! working-day calendar, the response templates, and the audit log. Admins only.

pub mod audit;
pub mod audit_page;
pub mod pages;
pub mod server_fns;
pub mod tabs;
pub mod upload;

#[cfg(feature = "ssr")]
pub mod api;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
