//! The inspectors' triage: the workflow state machine, working-day deadlines, the queue and
//! the case history, the hash-chained audit log, and reporter protection in the console.

pub mod domain;
pub mod limits;
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
pub mod feedback;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
