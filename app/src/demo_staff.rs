//! Demo data for the console (`SUARA_DEMO_DATA=1` only): staff accounts with a published
//! password, the fixed-date national holidays, and a few complaints at different steps
//! of the workflow, filed and moved through the same code as real ones.

use crate::accounts::domain::Role;
use crate::complaints::domain::workflow::{Action, Request};
use crate::complaints::domain::{Category, Mode, NewComplaint, Reporter};
use crate::complaints::filing::{Filing, file};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::triage::service::{TransitionInput, transition};
use crate::web::error::AppError;

/// The password of every demo account (a demo is public; never use demo data in production).
pub const DEMO_PASSWORD: &str = "suara-demo-2026";

/// Demo accounts: email, name, role, unit codes.
pub const DEMO_STAFF: &[(&str, &str, Role, &[&str])] = &[
    (
        "inspektur@demo.suara.id",
        "Rahmat Hidayat (Inspektur)",
        Role::Inspector,
        &[],
    ),
    (
        "irban@demo.suara.id",
        "Siti Aminah (Inspektur Pembantu Wilayah I)",
        Role::Inspector,
        &["bapenda"],
    ),
    (
        "samsat@demo.suara.id",
        "Dewi Lestari (UPTD Samsat Kota Jambi)",
        Role::UnitOfficer,
        &["samsat-kota"],
    ),
    (
        "rsud@demo.suara.id",
        "Andi Saputra (RSUD Raden Mattaher)",
        Role::UnitOfficer,
        &["rsud-rm"],
    ),
    (
        "pimpinan@demo.suara.id",
        "Hj. Nurhayati (BKD)",
        Role::Manager,
        &[],
    ),
    ("admin@demo.suara.id", "Admin Diskominfo", Role::Admin, &[]),
];

fn complaint(
    unit: &str,
    category: Category,
    mode: Mode,
    what: &str,
    reporter: Option<Reporter>,
) -> NewComplaint {
    NewComplaint {
        unit_code: unit.into(),
        service_code: None,
        category,
        mode,
        what: what.into(),
        who: Some("Petugas loket".into()),
        place: None,
        time_text: None,
        how: None,
        incident_date: None,
        reporter,
    }
}

async fn demo_staff(
    state: &AppState,
    email: &str,
) -> Result<crate::accounts::session::Staff, AppError> {
    let u = crate::accounts::repo::find_by_email(&state.db, email)
        .await?
        .ok_or(AppError::NotFound)?;
    let units = crate::accounts::repo::unit_ids_of(&state.db, u.id).await?;
    Ok(crate::accounts::session::Staff::for_demo(u, units))
}

/// Loads the console demo into a database without staff accounts.
pub async fn load(state: &AppState) -> Result<(), AppError> {
    if crate::accounts::repo::find_by_email(&state.db, DEMO_STAFF[0].0)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let hash = tokio::task::spawn_blocking(|| crate::accounts::password::hash(DEMO_PASSWORD))
        .await
        .map_err(|e| AppError::internal("hash task", e))?
        .map_err(|e| AppError::internal("hashing the demo password", anyhow::anyhow!(e)))?;
    for (email, name, role, units) in DEMO_STAFF {
        let mut ids = Vec::new();
        for code in *units {
            if let Some(u) = crate::units::repo::find_unit(&state.db, code).await? {
                ids.push(u.id);
            }
        }
        crate::accounts::repo::create_user(
            &state.db,
            email,
            name,
            role.code(),
            Some(hash.clone()),
            &ids,
        )
        .await?;
    }
    let reports = [
        complaint(
            "samsat-kota",
            Category::Pungli,
            Mode::Rahasia,
            "Saat balik nama kendaraan, petugas meminta Rp150.000 tambahan agar berkas selesai hari itu, tanpa kuitansi.",
            Some(Reporter {
                name: "Warga Demo".into(),
                email: Some("warga@demo.suara.id".into()),
                phone: None,
            }),
        ),
        complaint(
            "rsud-rm",
            Category::TidakSopan,
            Mode::Anonim,
            "Petugas pendaftaran membentak pasien lansia yang bertanya soal antrean BPJS.",
            None,
        ),
        complaint(
            "samsat-kota",
            Category::Indisipliner,
            Mode::Terbuka,
            "Loket 2 kosong sejak pukul 10.00 sampai 11.30 pada jam kerja, antrean menumpuk.",
            Some(Reporter {
                name: "Budi Santoso".into(),
                email: None,
                phone: Some("0812-0000-0000".into()),
            }),
        ),
    ];
    let mut codes = Vec::new();
    for c in reports {
        let code = file(
            state,
            Filing {
                complaint: c,
                evidence: Vec::new(),
                lang: Lang::Id,
                source: "demo",
                client_ip: None,
            },
        )
        .await
        .map_err(AppError::from)?;
        codes.push(code.code.as_str().to_string());
    }
    let inspector = demo_staff(state, "inspektur@demo.suara.id").await?;
    let officer = demo_staff(state, "samsat@demo.suara.id").await?;
    let step = |action, reason: &str, unit: Option<&str>, text: Option<&str>| TransitionInput {
        action,
        request: Request {
            reason: Some(reason.into()),
            unit_code: unit.map(str::to_string),
            text: text.map(str::to_string),
        },
        class: None,
        duplicate_of: None,
        outcome: Default::default(),
        proposed: Vec::new(),
    };
    transition(
        state,
        &inspector,
        &codes[0],
        step(
            Action::Verify,
            "Kronologi jelas, ada saksi.",
            None,
            Some("Laporan Anda kami verifikasi."),
        ),
    )
    .await?;
    transition(
        state,
        &inspector,
        &codes[0],
        step(
            Action::Disposition,
            "Wewenang UPTD Samsat.",
            Some("samsat-kota"),
            None,
        ),
    )
    .await?;
    transition(
        state,
        &inspector,
        &codes[2],
        step(Action::Verify, "Dapat dicek dari CCTV.", None, None),
    )
    .await?;
    transition(
        state,
        &inspector,
        &codes[2],
        step(
            Action::Disposition,
            "Disiplin pegawai UPTD.",
            Some("samsat-kota"),
            None,
        ),
    )
    .await?;
    transition(
        state,
        &officer,
        &codes[2],
        step(
            Action::FollowUp,
            "CCTV diperiksa.",
            None,
            Some("Petugas loket 2 telah diberi teguran lisan dan jadwal jaga loket diperbaiki."),
        ),
    )
    .await?;
    outcomes(state, &inspector, &officer).await?;
    follow_up_plan(state).await?;
    tracing::info!(
        accounts = DEMO_STAFF.len(),
        password = DEMO_PASSWORD,
        "loaded demo staff accounts and complaints"
    );
    Ok(())
}

/// Resolved cases with their findings: three proven pungli at Samsat Kota naming the same
/// officer in three ways (a training suggestion on the dashboard; the repeat-name list), a
/// report at RSUD not proven, and one resolved before findings were recorded ("finding not
/// recorded", to complete once).
async fn outcomes(
    state: &AppState,
    inspector: &crate::accounts::session::Staff,
    samsat: &crate::accounts::session::Staff,
) -> Result<(), AppError> {
    use crate::complaints::domain::outcome::{ActionInput, OutcomeInput};
    let rsud = demo_staff(state, "rsud@demo.suara.id").await?;
    // Unit, category, who is named, what happened, the finding, the actions (with measure).
    type DemoCase<'a> = (
        &'a str,
        Category,
        &'a str,
        &'a str,
        &'a str,
        &'a [(&'a str, Option<&'a str>)],
    );
    let cases: [DemoCase; 5] = [
        (
            "samsat-kota",
            Category::Pungli,
            "Pak Budi di loket 2",
            "Untuk cetak STNK petugas meminta Rp100.000 di luar tarif resmi dan tidak memberi kuitansi.",
            "substantiated",
            &[
                ("discipline_light", Some("teguran_tertulis")),
                ("restitution", None),
            ],
        ),
        (
            "samsat-kota",
            Category::Pungli,
            "Budi S., petugas loket pengesahan",
            "Saya diminta uang rokok Rp20.000 supaya pengesahan STNK tidak antre lama.",
            "partly_substantiated",
            &[("coaching", None), ("service_fix", None)],
        ),
        (
            "samsat-kota",
            Category::Pungli,
            "BUDI SANTOSO, S.H.",
            "Petugas yang sama kembali meminta biaya tambahan Rp50.000 untuk balik nama kendaraan.",
            "substantiated",
            &[("discipline_moderate", None), ("service_fix", None)],
        ),
        (
            "rsud-rm",
            Category::TidakSopan,
            "Perawat jaga IGD",
            "Perawat IGD berbicara kasar kepada keluarga pasien yang menanyakan jadwal dokter jaga malam.",
            "not_substantiated",
            &[("service_fix", None)],
        ),
        (
            "rsud-rm",
            Category::Indisipliner,
            "Petugas loket pendaftaran",
            "Loket pendaftaran rawat jalan baru buka pukul 09.00, padahal jadwalnya pukul 07.30.",
            "substantiated",
            &[("coaching", None)],
        ),
    ];
    let last = cases.len() - 1;
    for (i, (unit, category, who, what, finding, actions)) in cases.into_iter().enumerate() {
        let mut c = complaint(unit, category, Mode::Anonim, what, None);
        c.who = Some(who.into());
        let code = file(
            state,
            Filing {
                complaint: c,
                evidence: Vec::new(),
                lang: Lang::Id,
                source: "demo",
                client_ip: None,
            },
        )
        .await
        .map_err(AppError::from)?
        .code
        .as_str()
        .to_string();
        let officer = if unit == "rsud-rm" { &rsud } else { samsat };
        let step =
            |action, reason: &str, unit_code: Option<&str>, text: Option<&str>| TransitionInput {
                action,
                request: Request {
                    reason: Some(reason.into()),
                    unit_code: unit_code.map(str::to_string),
                    text: text.map(str::to_string),
                },
                class: None,
                duplicate_of: None,
                outcome: OutcomeInput {
                    finding: Some(finding.into()),
                    actions: actions
                        .iter()
                        .map(|(k, m)| ActionInput {
                            kind: (*k).into(),
                            measure: m.map(str::to_string),
                            referral_to: None,
                        })
                        .collect(),
                },
                proposed: vec!["coaching".into()],
            };
        for (who, s) in [
            (
                inspector,
                step(Action::Verify, "Kronologi jelas.", None, None),
            ),
            (
                inspector,
                step(
                    Action::Disposition,
                    "Minta klarifikasi unit.",
                    Some(unit),
                    None,
                ),
            ),
            (
                officer,
                step(
                    Action::FollowUp,
                    "Klarifikasi pegawai dan saksi.",
                    None,
                    Some(
                        "Pegawai telah dipanggil dan dimintai keterangan; hasilnya kami serahkan ke Inspektorat.",
                    ),
                ),
            ),
            (
                inspector,
                step(
                    Action::Resolve,
                    "Keterangan saksi dan rekaman CCTV.",
                    None,
                    Some("Terima kasih atas laporan Anda. Pemeriksaan telah selesai."),
                ),
            ),
        ] {
            transition(state, who, &code, s).await?;
        }
        if i == last {
            // As a case resolved before findings were recorded.
            let parsed = crate::complaints::domain::TrackingCode::parse(&code)
                .map_err(|_| AppError::NotFound)?;
            if let Some(c) = crate::complaints::repo::find(&state.db, &parsed).await? {
                crate::complaints::outcome::repo::delete(&state.db, c.id).await?;
            }
        }
    }
    Ok(())
}

/// Samsat Kota's follow-up plan for the last whole quarter's results: one action done, one
/// under way, one planned, so that the unit's public page and the console show a plan.
async fn follow_up_plan(state: &AppState) -> Result<(), AppError> {
    use crate::followups::domain::{NewAction, Status};
    let today = crate::clock::today();
    let period = crate::period::Period::last_whole_quarter(today).key();
    let Some(unit) = crate::units::repo::find_unit(&state.db, "samsat-kota").await? else {
        return Ok(());
    };
    let plan = [
        (
            "U3",
            "Papan informasi perkiraan waktu tunggu di setiap loket dan pemberitahuan lewat pengeras suara bila antrean lebih dari 30 menit.",
            "Seksi Pelayanan",
            45,
            Status::Done,
            Some(
                "Papan terpasang di loket 1-4 sejak awal bulan; waktu tunggu diumumkan tiap 30 menit.",
            ),
        ),
        (
            "U7",
            "Pelatihan pelayanan prima dan sikap ramah untuk petugas loket, dua angkatan.",
            "Kepala UPTD",
            20,
            Status::InProgress,
            Some("Angkatan pertama (12 petugas) selesai; angkatan kedua dijadwalkan bulan depan."),
        ),
        (
            "U9",
            "Kotak dan formulir pengaduan di ruang tunggu, dijawab dalam 5 hari kerja.",
            "Subbag Tata Usaha",
            -10,
            Status::Planned,
            None,
        ),
    ];
    for (element, action, responsible, due_in, status, note) in plan {
        let checked = NewAction {
            unit: unit.code.clone(),
            period: period.clone(),
            element: element.into(),
            action: action.into(),
            responsible: responsible.into(),
            due_on: (today + chrono::Duration::days(due_in)).to_string(),
        }
        .check()
        .map_err(|(e, _)| AppError::internal("demo follow-up", anyhow::anyhow!(e)))?;
        let id = crate::followups::repo::create(&state.db, unit.id, &checked, None).await?;
        if status != Status::Planned
            && let Some(row) = crate::followups::repo::find(&state.db, id).await?
        {
            crate::followups::repo::update(
                &state.db,
                row,
                &unit.code,
                status,
                note.map(str::to_string),
            )
            .await?;
        }
    }
    Ok(())
}
