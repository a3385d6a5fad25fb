//! Conduct complaints: the report form, tracking codes and the public status page, reporter
//! protection, evidence files, and the mail each report causes.

pub mod domain;
pub mod pages;
pub mod server_fns;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod filing;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod outcome;
#[cfg(feature = "ssr")]
pub mod receipt;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod reporter;
#[cfg(feature = "ssr")]
pub mod retention;

pub use pages::{ComplaintPage, StatusPage, TrackPage};

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
