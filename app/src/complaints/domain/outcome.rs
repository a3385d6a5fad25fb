//! What a complaint proved and what was done about it, recorded when an inspector resolves
//! it: the finding, one or more kinds of action, and for discipline the level of PP 94/2021
//! (with the specific measure if the inspector gives it). The rules that tie the two
//! together, and the plain words the reporter reads, live here; the server and the
//! browser share them. Stored as their codes (`complaint_outcomes`,
//! `complaint_outcome_actions`).

use crate::i18n::Lang;
use crate::tr;
use serde::{Deserialize, Serialize};

/// What the examination found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(24))"
    )
)]
pub enum Finding {
    /// Terbukti.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "substantiated"))]
    Substantiated,
    /// Sebagian terbukti.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "partly_substantiated"))]
    PartlySubstantiated,
    /// Tidak terbukti.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "not_substantiated"))]
    NotSubstantiated,
    /// Tidak dapat dibuktikan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "unprovable"))]
    Unprovable,
}

impl Finding {
    pub const ALL: [Finding; 4] = [
        Finding::Substantiated,
        Finding::PartlySubstantiated,
        Finding::NotSubstantiated,
        Finding::Unprovable,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Finding::Substantiated => "substantiated",
            Finding::PartlySubstantiated => "partly_substantiated",
            Finding::NotSubstantiated => "not_substantiated",
            Finding::Unprovable => "unprovable",
        }
    }

    pub fn from_code(code: &str) -> Option<Finding> {
        Finding::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Proven in whole or in part: what the oversight figures and the training suggestions
    /// count as substantiated.
    pub fn is_substantiated(self) -> bool {
        matches!(self, Finding::Substantiated | Finding::PartlySubstantiated)
    }
}

/// A kind of action taken on a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(24))"
    )
)]
pub enum ActionKind {
    /// Pembinaan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "coaching"))]
    Coaching,
    /// Hukuman disiplin ringan (PP 94/2021 art. 8(2)).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "discipline_light"))]
    DisciplineLight,
    /// Hukuman disiplin sedang (art. 8(3)).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "discipline_moderate"))]
    DisciplineModerate,
    /// Hukuman disiplin berat (art. 8(4)).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "discipline_heavy"))]
    DisciplineHeavy,
    /// Perbaikan layanan atau prosedur.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "service_fix"))]
    ServiceFix,
    /// Pengembalian pungutan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "restitution"))]
    Restitution,
    /// Diteruskan ke aparat penegak hukum, Saber Pungli atau BKN/Komisi ASN.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "referral"))]
    Referral,
    /// Tidak ada tindakan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "none"))]
    None,
}

impl ActionKind {
    pub const ALL: [ActionKind; 8] = [
        ActionKind::Coaching,
        ActionKind::DisciplineLight,
        ActionKind::DisciplineModerate,
        ActionKind::DisciplineHeavy,
        ActionKind::ServiceFix,
        ActionKind::Restitution,
        ActionKind::Referral,
        ActionKind::None,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Coaching => "coaching",
            ActionKind::DisciplineLight => "discipline_light",
            ActionKind::DisciplineModerate => "discipline_moderate",
            ActionKind::DisciplineHeavy => "discipline_heavy",
            ActionKind::ServiceFix => "service_fix",
            ActionKind::Restitution => "restitution",
            ActionKind::Referral => "referral",
            ActionKind::None => "none",
        }
    }

    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.code() == code)
    }

    /// One of the three levels of discipline.
    pub fn is_discipline(self) -> bool {
        matches!(
            self,
            ActionKind::DisciplineLight
                | ActionKind::DisciplineModerate
                | ActionKind::DisciplineHeavy
        )
    }

    /// Whether this action may follow `finding`. Nothing that punishes or repays follows
    /// a finding that did not prove the report: not substantiated allows only `none` or a
    /// fix of the service; unprovable also allows coaching and a referral (others may
    /// prove what the Inspectorate could not), never discipline or restitution.
    pub fn fits(self, finding: Finding) -> bool {
        match finding {
            Finding::Substantiated | Finding::PartlySubstantiated => true,
            Finding::NotSubstantiated => matches!(self, ActionKind::None | ActionKind::ServiceFix),
            Finding::Unprovable => !self.is_discipline() && self != ActionKind::Restitution,
        }
    }
}

/// A specific disciplinary measure of PP 94/2021 art. 8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(40))"
    )
)]
pub enum Measure {
    /// Teguran lisan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "teguran_lisan"))]
    TeguranLisan,
    /// Teguran tertulis.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "teguran_tertulis"))]
    TeguranTertulis,
    /// Pernyataan tidak puas secara tertulis.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pernyataan_tidak_puas"))]
    PernyataanTidakPuas,
    /// Pemotongan tunjangan kinerja 25 % selama 6 bulan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "potong_tukin_6_bulan"))]
    PotongTukin6Bulan,
    /// ... selama 9 bulan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "potong_tukin_9_bulan"))]
    PotongTukin9Bulan,
    /// ... selama 12 bulan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "potong_tukin_12_bulan"))]
    PotongTukin12Bulan,
    /// Penurunan jabatan setingkat lebih rendah selama 12 bulan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "penurunan_jabatan"))]
    PenurunanJabatan,
    /// Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pembebasan_jabatan"))]
    PembebasanJabatan,
    /// Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "pemberhentian"))]
    Pemberhentian,
}

impl Measure {
    pub const ALL: [Measure; 9] = [
        Measure::TeguranLisan,
        Measure::TeguranTertulis,
        Measure::PernyataanTidakPuas,
        Measure::PotongTukin6Bulan,
        Measure::PotongTukin9Bulan,
        Measure::PotongTukin12Bulan,
        Measure::PenurunanJabatan,
        Measure::PembebasanJabatan,
        Measure::Pemberhentian,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Measure::TeguranLisan => "teguran_lisan",
            Measure::TeguranTertulis => "teguran_tertulis",
            Measure::PernyataanTidakPuas => "pernyataan_tidak_puas",
            Measure::PotongTukin6Bulan => "potong_tukin_6_bulan",
            Measure::PotongTukin9Bulan => "potong_tukin_9_bulan",
            Measure::PotongTukin12Bulan => "potong_tukin_12_bulan",
            Measure::PenurunanJabatan => "penurunan_jabatan",
            Measure::PembebasanJabatan => "pembebasan_jabatan",
            Measure::Pemberhentian => "pemberhentian",
        }
    }

    pub fn from_code(code: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The level of discipline this measure belongs to.
    pub fn level(self) -> ActionKind {
        match self {
            Measure::TeguranLisan | Measure::TeguranTertulis | Measure::PernyataanTidakPuas => {
                ActionKind::DisciplineLight
            }
            Measure::PotongTukin6Bulan
            | Measure::PotongTukin9Bulan
            | Measure::PotongTukin12Bulan => ActionKind::DisciplineModerate,
            Measure::PenurunanJabatan | Measure::PembebasanJabatan | Measure::Pemberhentian => {
                ActionKind::DisciplineHeavy
            }
        }
    }
}

/// Where a case was referred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema),
    sea_orm(
        rs_type = "String",
        db_type = "String(sea_orm::sea_query::StringLen::N(24))"
    )
)]
pub enum ReferralTo {
    /// Aparat penegak hukum (police, prosecutors).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "law_enforcement"))]
    LawEnforcement,
    /// Satuan Tugas Sapu Bersih Pungutan Liar.
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "saber_pungli"))]
    SaberPungli,
    /// The civil service commission (Komisi ASN, whose tasks BKN took over in 2024).
    #[cfg_attr(feature = "ssr", sea_orm(string_value = "civil_service"))]
    CivilService,
}

impl ReferralTo {
    pub const ALL: [ReferralTo; 3] = [
        ReferralTo::LawEnforcement,
        ReferralTo::SaberPungli,
        ReferralTo::CivilService,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReferralTo::LawEnforcement => "law_enforcement",
            ReferralTo::SaberPungli => "saber_pungli",
            ReferralTo::CivilService => "civil_service",
        }
    }

    pub fn from_code(code: &str) -> Option<ReferralTo> {
        ReferralTo::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// One action taken, with its detail where it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ActionTaken {
    pub kind: ActionKind,
    /// For a discipline level: the specific measure, if given (it must be of that level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// For a referral: to whom, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_to: Option<ReferralTo>,
}

impl ActionTaken {
    pub fn kind(kind: ActionKind) -> ActionTaken {
        ActionTaken {
            kind,
            measure: None,
            referral_to: None,
        }
    }
}

/// A checked outcome: a finding and the actions that fit it, each kind once, in the order
/// of [`ActionKind::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub finding: Finding,
    pub actions: Vec<ActionTaken>,
}

/// Why an outcome was refused; the code is also the message key `error.<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutcomeError {
    /// No finding, or an unknown one.
    #[error("finding_missing")]
    FindingMissing,
    /// No action (at least one is required; `none` says so explicitly).
    #[error("actions_missing")]
    ActionsMissing,
    /// An unknown action, measure or referral code.
    #[error("action_unknown")]
    ActionUnknown,
    /// The same kind twice.
    #[error("action_repeated")]
    Repeated,
    /// `none` together with another action.
    #[error("action_none_alone")]
    NoneWithOthers,
    /// An action that may not follow this finding (see [`ActionKind::fits`]).
    #[error("action_not_for_finding")]
    NotForFinding,
    /// More than one level of discipline: one violation, one penalty (PP 94/2021).
    #[error("discipline_one_level")]
    TwoLevels,
    /// A measure that is not of the action's level, or on an action that is not
    /// discipline; a referral target on an action that is not a referral.
    #[error("measure_wrong_level")]
    DetailMismatch,
}

impl OutcomeError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            OutcomeError::FindingMissing => "finding_missing",
            OutcomeError::ActionsMissing => "actions_missing",
            OutcomeError::ActionUnknown => "action_unknown",
            OutcomeError::Repeated => "action_repeated",
            OutcomeError::NoneWithOthers => "action_none_alone",
            OutcomeError::NotForFinding => "action_not_for_finding",
            OutcomeError::TwoLevels => "discipline_one_level",
            OutcomeError::DetailMismatch => "measure_wrong_level",
        }
    }

    /// The field the message belongs next to.
    pub fn field(self) -> &'static str {
        match self {
            OutcomeError::FindingMissing => "finding",
            _ => "actions",
        }
    }
}

/// An outcome as typed: codes that may be missing, unknown or contradictory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeInput {
    pub finding: Option<String>,
    pub actions: Vec<ActionInput>,
}

/// One action as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// `coaching`, `discipline_light`, `discipline_moderate`, `discipline_heavy`,
    /// `service_fix`, `restitution`, `referral` or `none`.
    pub kind: String,
    /// For a discipline level, optional: `teguran_lisan`, `teguran_tertulis`,
    /// `pernyataan_tidak_puas` (light); `potong_tukin_6_bulan`, `potong_tukin_9_bulan`,
    /// `potong_tukin_12_bulan` (moderate); `penurunan_jabatan`, `pembebasan_jabatan`,
    /// `pemberhentian` (heavy).
    #[serde(default)]
    pub measure: Option<String>,
    /// For a referral, optional: `law_enforcement`, `saber_pungli` or `civil_service`.
    #[serde(default)]
    pub referral_to: Option<String>,
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for ActionInput {}

/// One shape per kind: a discipline level's measures, a referral's targets, nothing more for
/// the others. A blank or null `measure` or `referral_to` is none.
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for ActionInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::web::api_schema::{blank_json, schema};
        use serde_json::{Value, json};
        let absent = || json!({"anyOf": [{"type": "null"}, blank_json()]});
        let one_of = |codes: Vec<&str>| json!({"anyOf": [{"type": "string", "enum": codes}, {"type": "null"}, blank_json()]});
        let shape = |kinds: Vec<&str>, measure: Value, referral: Value| {
            json!({"type": "object", "additionalProperties": false, "required": ["kind"],
                "properties": {"kind": {"type": "string", "enum": kinds}, "measure": measure, "referral_to": referral}})
        };
        let level = |k: ActionKind| -> Vec<&str> {
            Measure::ALL
                .iter()
                .filter(|m| m.level() == k)
                .map(|m| m.code())
                .collect()
        };
        let referrals: Vec<&str> = ReferralTo::ALL.iter().map(|r| r.code()).collect();
        let plain: Vec<&str> = ActionKind::ALL
            .iter()
            .filter(|k| !k.is_discipline() && **k != ActionKind::Referral)
            .map(|k| k.code())
            .collect();
        let mut shapes = vec![shape(plain, absent(), absent())];
        for k in ActionKind::ALL.iter().filter(|k| k.is_discipline()) {
            shapes.push(shape(vec![k.code()], one_of(level(*k)), absent()));
        }
        shapes.push(shape(
            vec![ActionKind::Referral.code()],
            absent(),
            one_of(referrals),
        ));
        schema(
            json!({"description": "One action taken, with its measure (a discipline level) or its target (a referral)", "oneOf": shapes}),
        )
    }
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks an outcome as typed: a known finding, one or more known actions, each once,
/// `none` alone, every action fitting the finding, one level of discipline at most, and
/// every detail belonging to its action.
pub fn check(input: &OutcomeInput) -> Result<Outcome, OutcomeError> {
    let finding = blank(&input.finding)
        .and_then(Finding::from_code)
        .ok_or(OutcomeError::FindingMissing)?;
    let mut actions: Vec<ActionTaken> = Vec::new();
    for a in &input.actions {
        let kind = ActionKind::from_code(a.kind.trim()).ok_or(OutcomeError::ActionUnknown)?;
        let measure = match blank(&a.measure) {
            None => None,
            Some(m) => Some(Measure::from_code(m).ok_or(OutcomeError::ActionUnknown)?),
        };
        let referral_to = match blank(&a.referral_to) {
            None => None,
            Some(r) => Some(ReferralTo::from_code(r).ok_or(OutcomeError::ActionUnknown)?),
        };
        if measure.is_some_and(|m| m.level() != kind)
            || (referral_to.is_some() && kind != ActionKind::Referral)
        {
            return Err(OutcomeError::DetailMismatch);
        }
        if actions.iter().any(|t| t.kind == kind) {
            return Err(OutcomeError::Repeated);
        }
        actions.push(ActionTaken {
            kind,
            measure,
            referral_to,
        });
    }
    if actions.is_empty() {
        return Err(OutcomeError::ActionsMissing);
    }
    if actions.len() > 1 && actions.iter().any(|a| a.kind == ActionKind::None) {
        return Err(OutcomeError::NoneWithOthers);
    }
    if actions.iter().any(|a| !a.kind.fits(finding)) {
        return Err(OutcomeError::NotForFinding);
    }
    if actions.iter().filter(|a| a.kind.is_discipline()).count() > 1 {
        return Err(OutcomeError::TwoLevels);
    }
    actions.sort_by_key(|a| a.kind);
    Ok(Outcome { finding, actions })
}

/// Kinds of action a unit may propose with its follow-up (the inspector decides): known
/// codes, each once, `none` alone. Unknown codes are refused.
pub fn check_proposal(codes: &[String]) -> Result<Vec<ActionKind>, OutcomeError> {
    let mut kinds = Vec::new();
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        let k = ActionKind::from_code(c).ok_or(OutcomeError::ActionUnknown)?;
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    if kinds.len() > 1 && kinds.contains(&ActionKind::None) {
        return Err(OutcomeError::NoneWithOthers);
    }
    kinds.sort();
    Ok(kinds)
}

/// What the reporter reads: the finding and the kinds of action in plain words, never the
/// officer and never a measure beyond its level ("Laporan Anda terbukti; pegawai yang
/// bersangkutan dijatuhi hukuman disiplin tingkat ringan dan layanan diperbaiki.").
pub fn plain_words(lang: Lang, finding: Finding, kinds: &[ActionKind]) -> String {
    let finding_words = tr!(
        lang,
        &format!("outcome.reporter.finding.{}", finding.code())
    );
    let parts: Vec<String> = kinds
        .iter()
        .map(|k| tr!(lang, &format!("outcome.reporter.action.{}", k.code())))
        .collect();
    let actions = match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), tr!(lang, "outcome.and")),
    };
    if actions.is_empty() {
        format!("{finding_words}.")
    } else {
        format!("{finding_words}; {actions}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(finding: &str, actions: &[(&str, Option<&str>)]) -> OutcomeInput {
        OutcomeInput {
            finding: Some(finding.into()),
            actions: actions
                .iter()
                .map(|(k, m)| ActionInput {
                    kind: (*k).into(),
                    measure: m.map(str::to_string),
                    referral_to: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_finding_and_an_action_are_required() {
        assert_eq!(
            check(&OutcomeInput::default()),
            Err(OutcomeError::FindingMissing)
        );
        assert_eq!(
            check(&input("  ", &[("none", None)])),
            Err(OutcomeError::FindingMissing)
        );
        assert_eq!(
            check(&input("terbukti", &[("none", None)])),
            Err(OutcomeError::FindingMissing),
            "codes, not words"
        );
        assert_eq!(
            check(&input("substantiated", &[])),
            Err(OutcomeError::ActionsMissing)
        );
        assert_eq!(
            check(&input("substantiated", &[("fine", None)])),
            Err(OutcomeError::ActionUnknown)
        );
    }

    #[test]
    fn not_substantiated_goes_with_none_or_a_service_fix_only() {
        for kind in ActionKind::ALL {
            let got = check(&input("not_substantiated", &[(kind.code(), None)]));
            if matches!(kind, ActionKind::None | ActionKind::ServiceFix) {
                assert!(got.is_ok(), "{kind:?}");
            } else {
                assert_eq!(got, Err(OutcomeError::NotForFinding), "{kind:?}");
            }
        }
        // Unprovable: no punishment and no repayment; coaching and a referral may follow.
        assert_eq!(
            check(&input("unprovable", &[("discipline_light", None)])),
            Err(OutcomeError::NotForFinding)
        );
        assert_eq!(
            check(&input("unprovable", &[("restitution", None)])),
            Err(OutcomeError::NotForFinding)
        );
        assert!(
            check(&input(
                "unprovable",
                &[("coaching", None), ("referral", None)]
            ))
            .is_ok()
        );
        // Proven in part: everything may follow.
        for kind in ActionKind::ALL {
            assert!(check(&input("partly_substantiated", &[(kind.code(), None)])).is_ok());
        }
    }

    #[test]
    fn none_stands_alone_each_kind_once_and_one_level_of_discipline() {
        assert_eq!(
            check(&input(
                "substantiated",
                &[("none", None), ("coaching", None)]
            )),
            Err(OutcomeError::NoneWithOthers)
        );
        assert_eq!(
            check(&input(
                "substantiated",
                &[("coaching", None), ("coaching", None)]
            )),
            Err(OutcomeError::Repeated)
        );
        assert_eq!(
            check(&input(
                "substantiated",
                &[("discipline_light", None), ("discipline_heavy", None)]
            )),
            Err(OutcomeError::TwoLevels)
        );
    }

    #[test]
    fn a_measure_belongs_to_its_level() {
        let ok = check(&input(
            "substantiated",
            &[
                ("service_fix", None),
                ("discipline_moderate", Some("potong_tukin_9_bulan")),
            ],
        ))
        .expect("fits");
        assert_eq!(
            ok.actions,
            vec![
                ActionTaken {
                    kind: ActionKind::DisciplineModerate,
                    measure: Some(Measure::PotongTukin9Bulan),
                    referral_to: None
                },
                ActionTaken::kind(ActionKind::ServiceFix),
            ],
            "kept in the order of ActionKind::ALL"
        );
        assert_eq!(
            check(&input(
                "substantiated",
                &[("discipline_light", Some("pemberhentian"))]
            )),
            Err(OutcomeError::DetailMismatch)
        );
        assert_eq!(
            check(&input(
                "substantiated",
                &[("coaching", Some("teguran_lisan"))]
            )),
            Err(OutcomeError::DetailMismatch)
        );
        let referral = OutcomeInput {
            finding: Some("substantiated".into()),
            actions: vec![ActionInput {
                kind: "coaching".into(),
                measure: None,
                referral_to: Some("saber_pungli".into()),
            }],
        };
        assert_eq!(check(&referral), Err(OutcomeError::DetailMismatch));
        for m in Measure::ALL {
            assert!(m.level().is_discipline());
            assert_eq!(Measure::from_code(m.code()), Some(m));
        }
        assert_eq!(
            Measure::ALL
                .iter()
                .filter(|m| m.level() == ActionKind::DisciplineHeavy)
                .count(),
            3,
            "PP 94/2021 art. 8(4) has three heavy measures"
        );
    }

    #[test]
    fn a_proposal_is_kinds_only() {
        assert_eq!(
            check_proposal(&["service_fix".into(), "coaching".into(), "coaching".into()]),
            Ok(vec![ActionKind::Coaching, ActionKind::ServiceFix])
        );
        assert_eq!(
            check_proposal(&["none".into(), "coaching".into()]),
            Err(OutcomeError::NoneWithOthers)
        );
        assert_eq!(
            check_proposal(&["x".into()]),
            Err(OutcomeError::ActionUnknown)
        );
        assert_eq!(check_proposal(&[]), Ok(vec![]));
    }

    #[test]
    fn the_reporter_reads_plain_words_without_the_measure() {
        let s = plain_words(
            Lang::Id,
            Finding::Substantiated,
            &[ActionKind::DisciplineLight, ActionKind::ServiceFix],
        );
        assert_eq!(
            s,
            "Laporan Anda terbukti; pegawai yang bersangkutan telah dijatuhi hukuman disiplin tingkat ringan dan layanan diperbaiki."
        );
        let three = plain_words(
            Lang::Id,
            Finding::PartlySubstantiated,
            &[
                ActionKind::Coaching,
                ActionKind::Restitution,
                ActionKind::Referral,
            ],
        );
        assert!(
            three.starts_with("Laporan Anda sebagian terbukti; "),
            "{three}"
        );
        assert!(three.contains(", "), "{three}");
        assert!(three.contains(" dan "), "{three}");
        let en = plain_words(Lang::En, Finding::NotSubstantiated, &[ActionKind::None]);
        assert!(en.starts_with("Your report was not substantiated"), "{en}");
        for f in Finding::ALL {
            for k in ActionKind::ALL {
                for lang in [Lang::Id, Lang::En] {
                    let s = plain_words(lang, f, &[k]);
                    for m in Measure::ALL {
                        let words = tr!(lang, &format!("outcome.measure.{}", m.code()));
                        assert!(!s.contains(&words), "{s} names a measure");
                    }
                    assert!(!s.contains("outcome."), "a missing message: {s}");
                }
            }
        }
    }
}
