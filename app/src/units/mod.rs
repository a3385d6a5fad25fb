//! Public service units (OPD and their UPTDs) and the services they provide.

#[cfg(feature = "ssr")]
pub mod catalog;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod server_fns;
pub mod words;

pub use pages::ServicesPage;
#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod import;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
