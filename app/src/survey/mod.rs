//! The citizen satisfaction survey (SKM): the questionnaire, responses and the index (IKM).

pub mod domain;
#[cfg(feature = "ssr")]
pub mod import;
pub mod index;
pub mod kiosk;
pub mod pages;
pub mod period;
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
