//! Survey queries: storing a response with its running sums, and reading sums for an index.

mod sums;

pub use sums::{ServiceTotals, add_totals, rebuild_sums, sums_by_month, totals_by_service};

use super::domain::{Element, NewSurvey};
use super::index::Totals;
use crate::entities::survey_response;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DbErr, EntityTrait,
};

/// Where a response came from.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Web,
    Api,
    Import,
    Demo,
    /// A registered kiosk tablet at the counter.
    Kiosk,
}

impl Source {
    fn code(self) -> &'static str {
        match self {
            Source::Web => "web",
            Source::Api => "api",
            Source::Import => "import",
            Source::Demo => "demo",
            Source::Kiosk => "kiosk",
        }
    }
}

/// When and as what a response arrived: the device's id for the submission (if it sent
/// one), when it was answered (the index counts it on that day) and when it was received.
#[derive(Clone, Debug)]
pub struct Arrival {
    pub submission_id: Option<String>,
    pub answered_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    /// The kiosk it was answered on.
    pub kiosk_id: Option<i32>,
}

/// The response stored for a submission id, if any.
pub async fn find_submission(db: &impl ConnectionTrait, id: &str) -> Result<Option<i64>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(survey_response::Entity::find()
        .filter(survey_response::Column::SubmissionId.eq(id))
        .one(db)
        .await?
        .map(|r| r.id))
}

/// Stores one response and adds it to its service's daily and monthly sums, on the day it
/// was answered. Call inside a transaction so that both happen or neither does.
pub async fn insert_response(
    db: &impl ConnectionTrait,
    service_id: i32,
    survey: &NewSurvey,
    lang: &str,
    source: Source,
    arrival: &Arrival,
) -> Result<i64, DbErr> {
    let at = arrival.answered_at;
    let day = crate::clock::wib_day(at);
    let score = |e: Element| Set(Some(i16::from(survey.score(e).get())));
    let r = survey.respondent();
    let row = survey_response::ActiveModel {
        id: NotSet,
        service_id: Set(service_id),
        submitted_at: Set(at),
        day: Set(day),
        u1: score(Element::U1),
        u2: score(Element::U2),
        u3: score(Element::U3),
        u4: score(Element::U4),
        u5: score(Element::U5),
        u6: score(Element::U6),
        u7: score(Element::U7),
        u8: score(Element::U8),
        u9: score(Element::U9),
        gender: Set(r.gender.map(|g| g.code().to_string())),
        age: Set(r.age.map(i16::from)),
        education: Set(r.education.clone()),
        occupation: Set(r.occupation.clone()),
        suggestion: Set(survey.suggestion().map(str::to_string)),
        lang: Set(lang.to_string()),
        source: Set(source.code().to_string()),
        submission_id: Set(arrival.submission_id.clone()),
        received_at: Set(Some(arrival.received_at)),
        kiosk_id: Set(arrival.kiosk_id),
    };
    let id = survey_response::Entity::insert(row)
        .exec(db)
        .await?
        .last_insert_id;
    let scores = Element::ALL.map(|e| Some(survey.score(e).get()));
    let mut totals = Totals::default();
    totals.add_response(scores);
    add_totals(db, service_id, day, &totals).await?;
    Ok(id)
}
