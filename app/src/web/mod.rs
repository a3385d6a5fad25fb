//! Web plumbing that knows no capability: what every page needs whatever it shows.

#[cfg(feature = "ssr")]
pub mod api_schema;
pub mod assets;
#[cfg(feature = "ssr")]
pub mod chart;
pub mod console;
#[cfg(feature = "ssr")]
pub mod cookies;
pub mod csv;
pub mod error;
pub mod escape;
#[cfg(feature = "ssr")]
pub mod extract;
pub mod form;
pub mod log_path;
pub mod page;
pub mod period;
pub mod redirect;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod security;
pub mod text;
pub mod unit_list;
