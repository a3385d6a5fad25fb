//! The citizen satisfaction survey (SKM): the questionnaire, responses and the index (IKM).

pub mod domain;
#[cfg(feature = "ssr")]
pub mod import;
pub mod index;
pub mod index_view;
#[cfg(feature = "ssr")]
pub mod interval;
pub mod kiosk;
#[cfg(feature = "ssr")]
pub mod moments;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod profile;
pub mod questionnaire;
#[cfg(feature = "ssr")]
pub mod report;
pub mod server_fns;
pub mod view;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod submit;

pub use pages::{IndexPage, SurveyPage, ThanksPage};

#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub use routes::routes;
