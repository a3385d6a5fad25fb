//! One entry in a complaint's history: its filing, a status change, or a reply.

use crate::complaints::domain::{EventKind, FeedbackAnswer};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub at: DateTimeUtc,
    pub kind: EventKind,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    pub actor_user_id: Option<i32>,
    /// Internal: why staff did it. Never shown to the reporter.
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    /// What the reporter sees on the status page.
    #[sea_orm(column_type = "Text")]
    pub public_text: Option<String>,
    /// What the reporter wrote (an answer, added information): staff only.
    #[sea_orm(column_type = "Text")]
    pub message: Option<String>,
    /// For an answer: the working days the deadlines paused while the question waited.
    pub paused_days: Option<i32>,
    /// For feedback: the reporter's answer to "Sudah selesai?".
    pub feedback_resolved: Option<bool>,
    /// For feedback: their rating of the handling, 1 to 4, if given.
    pub feedback_rating: Option<i16>,
}

impl Model {
    /// For an answer: the working days its deadlines paused.
    pub fn paused(&self) -> Option<u32> {
        self.paused_days.and_then(|d| u32::try_from(d).ok())
    }

    /// For feedback: the reporter's answer.
    pub fn feedback(&self) -> Option<FeedbackAnswer> {
        self.feedback_resolved.map(|resolved| FeedbackAnswer {
            resolved,
            rating: self.feedback_rating,
        })
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
