//! What the console shows of the queue and of a case (the pages and the JSON API share
//! these shapes). A rahasia reporter appears here only after a logged reveal.

use crate::complaints::domain::outcome::{ActionKind, ActionTaken, Finding};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Cases per page of the queue.
pub const PER_PAGE: u64 = 50;

/// The last page a query may ask for (5 million cases in).
pub const MAX_PAGE: u64 = 100_000;

/// One line of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub tracking_code: String,
    pub status: String,
    pub category: String,
    pub mode: String,
    pub unit_code: String,
    pub unit_name: String,
    pub assigned_unit_code: Option<String>,
    pub assigned_unit_name: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Last day (WIB) of the current step.
    pub due_date: Option<NaiveDate>,
    /// Working days from today to that day (negative once it has passed).
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// A question waits for the reporter (the deadlines are paused).
    #[serde(default)]
    pub awaiting_reporter: bool,
    /// The reporter wrote (an answer, information, an objection) since staff last acted.
    #[serde(default)]
    pub reporter_news: bool,
    /// The report's first words, for inspectors only: a unit officer never gets them in the
    /// queue (the words of a rahasia or anonim reporter can say who they are; the officer
    /// reads the report on the case page of a case forwarded to their unit).
    #[serde(default)]
    pub excerpt: Option<String>,
    /// The inspector handling the case.
    #[serde(default)]
    pub handler_name: Option<String>,
}

/// A page of the queue, with counts per status over the other filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueuePage {
    /// The cases matching (of the chosen status, if any); a lower bound when `total_exact`
    /// is false.
    pub total: usize,
    pub page: u64,
    pub per_page: u64,
    /// The cases matching per status, over the other filters; lower bounds when
    /// `counts_exact` is false.
    pub counts: BTreeMap<String, usize>,
    /// False when a search matched more cases than are counted (`count_cap`): `counts` are
    /// then what the first `count_cap + 1` matches found held, and `more` says whether another
    /// page follows.
    pub counts_exact: bool,
    /// Whether `total` is the exact number: false when the search matched more cases than
    /// are counted (of the chosen status, when one is; a status is counted on its own when
    /// the counts over every status are not exact).
    pub total_exact: bool,
    /// The most matches of a search that are counted.
    pub count_cap: usize,
    /// Whether a later page has cases.
    pub more: bool,
    pub items: Vec<QueueItem>,
}

/// One entry of a case's history, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryItem {
    pub at: DateTime<Utc>,
    /// What the entry is; for `reopened_by_reporter`, `public_text` is the reporter's own
    /// objection, not a reply.
    pub kind: crate::complaints::domain::EventKind,
    pub status_from: Option<String>,
    pub status_to: Option<String>,
    /// The staff member who acted; none for the reporter or the system.
    pub actor: Option<String>,
    /// Internal: never shown to the reporter.
    pub reason: Option<String>,
    /// Shown to the reporter on the status page.
    pub public_text: Option<String>,
    /// What the reporter wrote (an answer, added information).
    #[serde(default)]
    pub message: Option<String>,
    /// For an answer: the working days the deadlines paused.
    #[serde(default)]
    pub paused_days: Option<u32>,
    /// Files that came with this entry.
    #[serde(default)]
    pub files: Vec<FileItem>,
    /// The reporter's answer to "Sudah selesai?" (a `feedback` entry).
    #[serde(default)]
    pub feedback: Option<FeedbackItem>,
}

/// The reporter's answer to "Sudah selesai?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FeedbackItem {
    /// Resolved for the reporter; `false` reopened the case.
    pub resolved: bool,
    /// Their rating of the handling, 1 (poor) to 4 (very good).
    pub rating: Option<i16>,
}

/// An evidence file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FileItem {
    pub id: i64,
    pub content_type: String,
    pub size_bytes: i64,
}

/// The reporter as the console shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReporterView {
    pub mode: String,
    /// Terbuka: shown to the handling staff. Rahasia: only after an explicit, logged reveal
    /// by an inspector. Anonim: there is nothing.
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Rahasia: whether an inspector may reveal it (`POST .../reveal`).
    pub revealable: bool,
    /// When the identity was erased (retention, or the reporter's request): nothing is left
    /// to show or reveal.
    #[serde(default)]
    pub erased_at: Option<DateTime<Utc>>,
    /// Why: `retention` or `reporter_request`.
    #[serde(default)]
    pub erased_why: Option<String>,
}

/// A case with its whole history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub tracking_code: String,
    pub status: String,
    pub category: String,
    pub unit_code: String,
    pub unit_name: String,
    pub assigned_unit_code: Option<String>,
    pub assigned_unit_name: Option<String>,
    pub class: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub resolve_due: Option<NaiveDate>,
    pub overdue: bool,
    /// A resolved case: the last day the reporter may still object; it cannot be closed
    /// before the day after.
    pub objection_until: Option<NaiveDate>,
    pub duplicate_of: Option<String>,
    pub what: String,
    pub who: Option<String>,
    #[serde(rename = "where")]
    pub place: Option<String>,
    #[serde(rename = "when")]
    pub time_text: Option<String>,
    pub how: Option<String>,
    pub incident_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub reporter: ReporterView,
    pub files: Vec<FileItem>,
    pub history: Vec<HistoryItem>,
    /// Actions this account may take now.
    pub actions: Vec<String>,
    /// The inspector handling the case.
    #[serde(default)]
    pub handler_name: Option<String>,
    /// This account may take the case ("Saya tangani").
    #[serde(default)]
    pub can_take: bool,
    /// This account may assign the case to an inspector: `(id, name)` of those who may
    /// handle it (the head of the Inspectorate only; empty otherwise).
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(schema_with = id_and_name_pairs))]
    pub assignable: Vec<(i32, String)>,
    /// The Inspectorate's internal notes, oldest first (inspectors only).
    #[serde(default)]
    pub notes: Vec<NoteItem>,
    /// Open cases of the same unit and category from the last 30 days whose words are close
    /// (inspectors only), closest first.
    #[serde(default)]
    pub similar: Vec<SimilarCase>,
    /// The day a question to the reporter started waiting, while it waits.
    #[serde(default)]
    pub awaiting_since: Option<NaiveDate>,
    /// Working days the question has waited so far.
    #[serde(default)]
    pub awaiting_days: Option<u32>,
    /// The reporter wrote since staff last acted.
    #[serde(default)]
    pub reporter_news: bool,
    /// This account may ask the reporter a question now.
    #[serde(default)]
    pub can_ask: bool,
    /// When the evidence files were erased (retention).
    #[serde(default)]
    pub files_erased_at: Option<DateTime<Utc>>,
    /// When the conversation's words were erased (retention).
    #[serde(default)]
    pub conversation_erased_at: Option<DateTime<Utc>>,
    /// When the report's own words were erased (retention); `what` then says so.
    #[serde(default)]
    pub report_erased_at: Option<DateTime<Utc>>,
    /// Each opening of a rahasia identity (inspectors only; empty for the unit).
    #[serde(default)]
    pub identity_opened: Vec<IdentityOpening>,
    /// What the resolution found and what was done (once recorded).
    #[serde(default)]
    pub outcome: Option<OutcomeView>,
    /// Resolved (now or before it was closed) with no finding recorded: "finding not
    /// recorded"; an inspector may complete it once.
    #[serde(default)]
    pub outcome_missing: bool,
    /// The kinds of action the unit proposed with its follow-up (the inspector decides).
    #[serde(default)]
    pub proposed_actions: Vec<ActionKind>,
    /// The report names an officer and this account may look for earlier reports of the
    /// same unit naming them (inspectors only; each look is audited).
    #[serde(default)]
    pub repeat_names: bool,
}

/// A recorded outcome as staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OutcomeView {
    pub finding: Finding,
    pub actions: Vec<ActionTaken>,
    pub recorded_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// Completed after the case was resolved without a finding.
    pub completed_later: bool,
}

/// An earlier report of the same unit whose named officer is close to this one's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RepeatName {
    pub tracking_code: String,
    pub status: String,
    pub category: String,
    pub created_at: DateTime<Utc>,
    /// Who that report named, as its reporter wrote it.
    pub named: String,
    /// The names of the two reports that matched, normalised (titles and case stripped).
    pub matched: String,
    pub finding: Option<Finding>,
    #[serde(default)]
    pub actions: Vec<ActionKind>,
}

/// The officers named before: this case's named officer and the earlier reports that name
/// someone close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RepeatNames {
    pub tracking_code: String,
    /// Who this report names, as written.
    pub named: Option<String>,
    /// The names read from it, normalised.
    pub names: Vec<String>,
    /// Earlier reports of the same unit, newest first.
    pub earlier: Vec<RepeatName>,
}

/// An internal note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NoteItem {
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    pub text: String,
}

/// A possible duplicate of the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SimilarCase {
    pub tracking_code: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    /// The share of their character trigrams the two reports share (Jaccard), in percent.
    pub similarity_pct: u8,
    /// Its first words.
    pub excerpt: String,
}

/// A rahasia identity opened: when, by whom and why (from the audit log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IdentityOpening {
    pub at: DateTime<Utc>,
    /// The inspector's name.
    pub by: Option<String>,
    /// The reason they gave.
    pub reason: Option<String>,
}

/// Filters of the queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct QueueQuery {
    /// A status code (`received`, `verified`, ...).
    pub status: Option<String>,
    /// A unit code; its UPTDs are included. Empty or absent: every unit in scope.
    #[cfg_attr(feature = "ssr", param(schema_with = crate::web::api_schema::code_or_empty))]
    pub unit: Option<String>,
    /// A category code.
    pub category: Option<String>,
    /// `terbuka`, `rahasia` or `anonim`.
    pub mode: Option<String>,
    /// `true`: only cases past their deadline.
    pub overdue: Option<bool>,
    /// Page number from 1 (50 cases a page; 0 reads as 1, past the last page is empty).
    #[cfg_attr(feature = "ssr", param(schema_with = page_schema))]
    pub page: Option<u64>,
    /// `due` (the nearest deadline first, the default), `received` (oldest first) or
    /// `newest`.
    pub sort: Option<String>,
    /// A tracking code (any case, dashes optional: that case only) or words that must all
    /// appear in the report's text (or start its tracking code).
    pub q: Option<String>,
    /// `true`: only the cases this inspector handles ("kasus saya").
    pub mine: Option<bool>,
}

/// `[id, name]` pairs, written without `prefixItems` and `items: false` (a boolean schema,
/// which client generators do not read).
#[cfg(feature = "ssr")]
fn id_and_name_pairs() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(serde_json::json!({
        "type": "array",
        "items": {"type": "array", "minItems": 2, "maxItems": 2,
            "items": {"anyOf": [{"type": "integer", "format": "int32"}, {"type": "string"}]}}
    }))
}

#[cfg(feature = "ssr")]
fn page_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    crate::web::api_schema::schema(
        serde_json::json!({"type": "integer", "minimum": 0, "maximum": u64::MAX}),
    )
}

/// What staff typed in an action form the server refused, to show it again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionFormState {
    pub action: String,
    pub reason: String,
    pub text: String,
    pub unit_code: String,
    /// The finding chosen in a refused resolve form.
    #[serde(default)]
    pub finding: String,
    /// The kinds of action ticked.
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub referral_to: String,
    /// The message key's code.
    pub error: String,
}

/// A rahasia reporter's identity, just revealed (and logged); or, when `error` is set, the
/// reveal form refused, with the reason typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedIdentity {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The reason typed in a refused form.
    #[serde(default)]
    pub reason: String,
    /// The message key's code of a refused form.
    #[serde(default)]
    pub error: String,
    /// The confirmation was ticked in the refused form.
    #[serde(default)]
    pub confirmed: bool,
}
