//! Administration in the console: staff accounts (created without a password; the new
//! member sets one through an emailed link) and the holiday table of the working-day
//! calendar. Admins only.

pub mod pages;
pub mod server_fns;
pub mod upload;

#[cfg(feature = "ssr")]
pub mod api;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
