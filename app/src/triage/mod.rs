//! The inspectors' triage, the staff's side of a complaint: the queue and the case page,
//! transitions with their deadlines, questions to the reporter, the audit log's check, and
//! reporter protection in the console. It calls into [`crate::complaints`] (the workflow's
//! rules, the case's storage, the reporter's side) and is never called from there.

pub mod domain;
pub mod outcome_page;
pub mod pages;
pub mod server_fns;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod cases;
#[cfg(feature = "ssr")]
pub mod conversation;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod names;
#[cfg(feature = "ssr")]
pub mod outcome;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod work;

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
