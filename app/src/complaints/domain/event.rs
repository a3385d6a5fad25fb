//! What an entry of a complaint's history is, typed: its kind (stored as its code in
//! `complaint_events.kind`) and the reporter's answer to "Sudah selesai?" (stored in
//! `feedback_resolved` and `feedback_rating`). Server and browser share them.

use serde::{Deserialize, Serialize};

/// What an event in a complaint's history is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(20))"
    )
)]
pub enum EventKind {
    /// The report was filed.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "created"))]
    Created,
    /// Staff (or the system) changed the status; `public_text` is their reply.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "status"))]
    Status,
    /// The reporter objected to the resolution; `public_text` holds the reporter's own words.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "reopened_by_reporter"))]
    ReopenedByReporter,
    /// Staff asked the reporter something; `public_text` is the question.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "question"))]
    Question,
    /// The reporter answered a question; `message` holds their words (staff only) and
    /// `paused_days` the working days the deadlines paused.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "answer"))]
    Answer,
    /// The reporter added information on their own; `message` holds it (staff only).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "reporter_info"))]
    ReporterInfo,
    /// The reporter answered "Sudah selesai?" ([`FeedbackAnswer`]); `message` holds their
    /// comment (staff only).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "feedback"))]
    Feedback,
}

impl EventKind {
    /// Whether the entry belongs to the conversation with the reporter (no status change).
    pub fn is_conversation(self) -> bool {
        matches!(
            self,
            EventKind::Question | EventKind::Answer | EventKind::ReporterInfo | EventKind::Feedback
        )
    }
}

/// A reporter's answer to "Sudah selesai?": resolved or not, and the rating of the
/// handling (1 to 4) when they gave one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedbackAnswer {
    pub resolved: bool,
    pub rating: Option<i16>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_keep_their_stored_codes() {
        let codes: Vec<String> = [
            EventKind::Created,
            EventKind::Status,
            EventKind::ReopenedByReporter,
            EventKind::Question,
            EventKind::Answer,
            EventKind::ReporterInfo,
            EventKind::Feedback,
        ]
        .iter()
        .map(|k| serde_json::to_string(k).expect("a unit variant serializes"))
        .collect();
        assert_eq!(
            codes,
            [
                "\"created\"",
                "\"status\"",
                "\"reopened_by_reporter\"",
                "\"question\"",
                "\"answer\"",
                "\"reporter_info\"",
                "\"feedback\""
            ]
        );
    }
}
