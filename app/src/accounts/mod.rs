//! Staff accounts: roles, Argon2id passwords, database sessions with CSRF tokens, sign-in
//! throttling, and the command that creates accounts.

pub mod auth;
pub mod domain;
pub mod pages;
pub mod server_fns;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod session;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
