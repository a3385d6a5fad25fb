//! A unit's SKM follow-up plan, typed: an action for one element of one period's results,
//! who answers for it, by when, and how far it has come. Server and browser share these.

use crate::period::Period;
use crate::survey::domain::Element;
use serde::{Deserialize, Serialize};

/// How far an action has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(12))"
    )
)]
pub enum Status {
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "planned"))]
    Planned,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "in_progress"))]
    InProgress,
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "done"))]
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Planned, Status::InProgress, Status::Done];

    /// The code of the API and the forms.
    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The longest action, responsible and note texts, in characters.
pub const MAX_ACTION: usize = 1000;
pub const MAX_RESPONSIBLE: usize = 200;
pub const MAX_NOTE: usize = 2000;

/// A new action as the API and the form send it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewAction {
    /// The unit's code.
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::code))]
    pub unit: String,
    /// The period of the results it answers: `2026`, `2026-S1`, `2026-Q3` or `2026-07`.
    #[cfg_attr(
        feature = "ssr",
        schema(pattern = "^(20[0-9]{2}|2100)(-([Ss][12]|[Qq][1-4]|0[1-9]|1[0-2]))?$")
    )]
    pub period: String,
    /// The element it improves, `U1`..`U9`.
    #[cfg_attr(feature = "ssr", schema(schema_with = crate::web::api_schema::element))]
    pub element: String,
    #[cfg_attr(feature = "ssr", schema(schema_with = action_text))]
    pub action: String,
    /// The person or section that answers for it.
    #[cfg_attr(feature = "ssr", schema(schema_with = responsible_text))]
    pub responsible: String,
    /// `YYYY-MM-DD`, years 2000 to 2100.
    #[cfg_attr(feature = "ssr", schema(schema_with = due_day))]
    pub due_on: String,
}

#[cfg(feature = "ssr")]
fn due_day() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use crate::web::api_schema::{day_pattern, schema};
    schema(
        serde_json::json!({"type": "string", "format": "date", "pattern": day_pattern("20[0-9]{2}|2100"),
        "description": "`YYYY-MM-DD`, years 2000 to 2100"}),
    )
}

#[cfg(feature = "ssr")]
fn action_text() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(crate::web::api_schema::text_json(1, MAX_ACTION))
}

#[cfg(feature = "ssr")]
fn responsible_text() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(crate::web::api_schema::text_json(1, MAX_RESPONSIBLE))
}

#[cfg(feature = "ssr")]
fn status_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({
        "type": "string", "enum": ["planned", "in_progress", "done"],
        "description": "`planned`, `in_progress` or `done`"
    }))
}

#[cfg(feature = "ssr")]
fn note_text() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(crate::web::api_schema::optional_text_json(MAX_NOTE))
}

/// A change of an action's status, with a progress note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActionUpdate {
    /// `planned`, `in_progress` or `done`.
    #[cfg_attr(feature = "ssr", schema(schema_with = status_schema))]
    pub status: String,
    /// A progress note; empty keeps the last one.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = note_text))]
    pub note: Option<String>,
}

/// A new action, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedAction {
    pub unit: String,
    pub period: Period,
    pub element: Element,
    pub action: String,
    pub responsible: String,
    pub due_on: chrono::NaiveDate,
}

/// Why a field was refused: (message code, field).
pub type Refusal = (&'static str, &'static str);

/// `value` trimmed, refused with `missing` when blank and `long` past `max` characters.
fn text(
    value: &str,
    max: usize,
    field: &'static str,
    missing: &'static str,
    long: &'static str,
) -> Result<String, Refusal> {
    let t = value.trim();
    if t.is_empty() {
        return Err((missing, field));
    }
    if t.chars().count() > max {
        return Err((long, field));
    }
    Ok(t.to_string())
}

impl NewAction {
    /// The action checked, or the first field refused.
    pub fn check(&self) -> Result<CheckedAction, Refusal> {
        let unit = text(&self.unit, 64, "unit", "unit_missing", "unit_unknown")?;
        let period = Period::parse(&self.period).ok_or(("follow_up_period", "period"))?;
        let element = Element::ALL
            .into_iter()
            .find(|e| e.code().eq_ignore_ascii_case(self.element.trim()))
            .ok_or(("follow_up_element", "element"))?;
        let action = text(
            &self.action,
            MAX_ACTION,
            "action",
            "follow_up_action",
            "follow_up_action_long",
        )?;
        let responsible = text(
            &self.responsible,
            MAX_RESPONSIBLE,
            "responsible",
            "follow_up_responsible",
            "follow_up_responsible_long",
        )?;
        let due_on = chrono::NaiveDate::parse_from_str(self.due_on.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)))
            .ok_or(("follow_up_due", "due_on"))?;
        Ok(CheckedAction {
            unit,
            period,
            element,
            action,
            responsible,
            due_on,
        })
    }
}

impl ActionUpdate {
    /// The new status and note (blank: none), or the field refused.
    pub fn check(&self) -> Result<(Status, Option<String>), Refusal> {
        let status = Status::from_code(self.status.trim()).ok_or(("follow_up_status", "status"))?;
        let note = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > MAX_NOTE) {
            return Err(("follow_up_note_long", "note"));
        }
        Ok((status, note.map(str::to_string)))
    }
}

/// An action as pages and the API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Action {
    pub id: i32,
    pub unit: String,
    pub period: String,
    pub element: String,
    pub action: String,
    pub responsible: String,
    pub due_on: chrono::NaiveDate,
    pub status: Status,
    pub note: Option<String>,
    pub updated_on: chrono::NaiveDate,
}

impl Action {
    /// Whether it is past its day and not done, on `today`.
    pub fn overdue(&self, today: chrono::NaiveDate) -> bool {
        self.status != Status::Done && self.due_on < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> NewAction {
        NewAction {
            unit: "bapenda".into(),
            period: "2026-Q3".into(),
            element: "u3".into(),
            action: "Papan informasi waktu layanan di loket".into(),
            responsible: "Seksi Pelayanan".into(),
            due_on: "2026-12-31".into(),
        }
    }

    #[test]
    fn a_new_action_is_checked_field_by_field() {
        let a = good().check().unwrap();
        assert_eq!(a.element, Element::ALL[2]);
        assert_eq!(a.period, Period::Quarter(2026, 3));
        for (change, want) in [
            (
                NewAction {
                    period: "2026-Q5".into(),
                    ..good()
                },
                ("follow_up_period", "period"),
            ),
            (
                NewAction {
                    element: "U10".into(),
                    ..good()
                },
                ("follow_up_element", "element"),
            ),
            (
                NewAction {
                    action: "  ".into(),
                    ..good()
                },
                ("follow_up_action", "action"),
            ),
            (
                NewAction {
                    action: "x".repeat(MAX_ACTION + 1),
                    ..good()
                },
                ("follow_up_action_long", "action"),
            ),
            (
                NewAction {
                    responsible: String::new(),
                    ..good()
                },
                ("follow_up_responsible", "responsible"),
            ),
            (
                NewAction {
                    due_on: "31-12-2026".into(),
                    ..good()
                },
                ("follow_up_due", "due_on"),
            ),
            (
                NewAction {
                    due_on: "0000-01-01".into(),
                    ..good()
                },
                ("follow_up_due", "due_on"),
            ),
            (
                NewAction {
                    unit: " ".into(),
                    ..good()
                },
                ("unit_missing", "unit"),
            ),
        ] {
            assert_eq!(change.check().unwrap_err(), want);
        }
    }

    #[test]
    fn an_update_needs_a_known_status_and_a_note_of_sensible_length() {
        let u = |s: &str, n: Option<&str>| ActionUpdate {
            status: s.into(),
            note: n.map(str::to_string),
        };
        assert_eq!(u("done", Some("  ")).check(), Ok((Status::Done, None)));
        assert_eq!(
            u("in_progress", Some(" dipesan ")).check(),
            Ok((Status::InProgress, Some("dipesan".into())))
        );
        assert_eq!(
            u("finished", None).check(),
            Err(("follow_up_status", "status"))
        );
        assert_eq!(
            u("done", Some(&"x".repeat(MAX_NOTE + 1))).check(),
            Err(("follow_up_note_long", "note"))
        );
    }
}
