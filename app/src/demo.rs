//! Reference data (real Jambi provincial units and services) and plausible demo responses,
//! loaded only into an empty database and only when asked (`SUARA_DEMO_DATA`).

use crate::clock::wib_day;
use crate::entities::{service, survey_response, unit};
use crate::survey::repo::rebuild_sums;
use chrono::{Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, TransactionTrait};

/// A unit of the reference list: code, name, parent code, and its services
/// (code, name, people served per month).
type UnitSeed = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str, i32)],
);

/// Provincial OPDs of Jambi (Perda 8/2016) with the services the public uses most.
pub const UNITS: &[UnitSeed] = &[
    (
        "disdik",
        "Dinas Pendidikan Provinsi Jambi",
        None,
        &[
            ("disdik-legalisir", "Legalisir ijazah SMA/SMK/SLB", 900),
            ("disdik-mutasi", "Mutasi siswa SMA/SMK/SLB", 250),
        ],
    ),
    (
        "dinkes",
        "Dinas Kesehatan Provinsi Jambi",
        None,
        &[("dinkes-rekom", "Rekomendasi izin fasilitas kesehatan", 60)],
    ),
    (
        "rsud-rm",
        "RSUD Raden Mattaher",
        None,
        &[
            ("rsud-rm-rj", "Rawat jalan", 9000),
            ("rsud-rm-igd", "Instalasi Gawat Darurat (IGD)", 2500),
            ("rsud-rm-ri", "Rawat inap", 1800),
            ("rsud-rm-farmasi", "Farmasi", 8000),
            ("rsud-rm-lab", "Laboratorium", 4000),
        ],
    ),
    (
        "rsjd",
        "Rumah Sakit Jiwa Daerah Provinsi Jambi",
        None,
        &[
            ("rsjd-rj", "Rawat jalan", 1500),
            ("rsjd-igd", "Instalasi Gawat Darurat (IGD)", 200),
        ],
    ),
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        None,
        &[
            ("ptsp-berusaha", "Perizinan berusaha", 400),
            ("ptsp-nonusaha", "Izin non-berusaha", 150),
            ("ptsp-konsultasi", "Konsultasi investasi", 80),
        ],
    ),
    (
        "bapenda",
        "Badan Pendapatan Daerah Provinsi Jambi",
        None,
        &[],
    ),
    (
        "samsat-kota",
        "UPTD PPD Samsat Kota Jambi",
        Some("bapenda"),
        &[
            ("skj-pkb", "Pembayaran PKB tahunan", 12000),
            ("skj-stnk5", "Pengesahan 5 tahunan / ganti STNK", 2500),
            ("skj-bbnkb", "Balik nama kendaraan (BBN-KB)", 1500),
            ("skj-mutasi", "Mutasi kendaraan", 400),
        ],
    ),
    (
        "samsat-muaro",
        "UPTD PPD Samsat Muaro Jambi",
        Some("bapenda"),
        &[
            ("smj-pkb", "Pembayaran PKB tahunan", 5000),
            ("smj-stnk5", "Pengesahan 5 tahunan / ganti STNK", 900),
        ],
    ),
    (
        "bkd",
        "Badan Kepegawaian Daerah Provinsi Jambi",
        None,
        &[
            ("bkd-pangkat", "Kenaikan pangkat", 300),
            ("bkd-mutasi", "Mutasi pegawai", 120),
            ("bkd-pensiun", "Pensiun", 90),
        ],
    ),
    (
        "bpsdm",
        "Badan Pengembangan Sumber Daya Manusia Provinsi Jambi",
        None,
        &[
            ("bpsdm-pkp", "Pelatihan kepemimpinan", 80),
            ("bpsdm-latsar", "Pelatihan dasar CPNS", 200),
        ],
    ),
    (
        "dinsos",
        "Dinas Sosial, Kependudukan dan Pencatatan Sipil Provinsi Jambi",
        None,
        &[("dinsos-rekom", "Rekomendasi bantuan sosial", 300)],
    ),
    (
        "inspektorat",
        "Inspektorat Provinsi Jambi",
        None,
        &[("insp-pengaduan", "Layanan pengaduan masyarakat", 40)],
    ),
    (
        "pupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang Provinsi Jambi",
        None,
        &[("pupr-rekomtek", "Rekomendasi teknis pemanfaatan jalan", 30)],
    ),
    (
        "kominfo",
        "Dinas Komunikasi dan Informatika Provinsi Jambi",
        None,
        &[("kominfo-ppid", "Permohonan informasi publik (PPID)", 60)],
    ),
];

/// Words people search the reference services by, besides their names (`|` between them).
pub const KEYWORDS: &[(&str, &str)] = &[
    (
        "skj-pkb",
        "pajak|pajak kendaraan|pajak motor|pajak mobil|stnk|perpanjangan stnk|samsat",
    ),
    (
        "skj-stnk5",
        "stnk|perpanjangan stnk|plat nomor|ganti plat|pajak|samsat",
    ),
    ("skj-bbnkb", "balik nama|bbn|jual beli kendaraan|samsat"),
    ("skj-mutasi", "mutasi|pindah kendaraan|cabut berkas|samsat"),
    (
        "smj-pkb",
        "pajak|pajak kendaraan|pajak motor|pajak mobil|stnk|perpanjangan stnk|samsat",
    ),
    (
        "smj-stnk5",
        "stnk|perpanjangan stnk|plat nomor|ganti plat|pajak|samsat",
    ),
    ("rsud-rm-igd", "rumah sakit|gawat darurat|ugd|emergency"),
    (
        "rsud-rm-rj",
        "rumah sakit|poli|poliklinik|berobat|dokter|bpjs",
    ),
    ("rsud-rm-ri", "rumah sakit|rawat inap|opname|kamar|bpjs"),
    (
        "rsud-rm-lab",
        "rumah sakit|laboratorium|cek darah|tes darah",
    ),
    ("rsud-rm-farmasi", "rumah sakit|apotek|obat|resep"),
    (
        "rsjd-rj",
        "rumah sakit jiwa|rsj|kesehatan jiwa|psikiater|berobat",
    ),
    ("rsjd-igd", "rumah sakit jiwa|rsj|gawat darurat|ugd"),
    (
        "ptsp-berusaha",
        "izin usaha|pembuatan izin usaha|nib|pembuatan nib|oss|perizinan",
    ),
    ("bkd-pensiun", "pensiun|asn|pns"),
    ("bkd-pangkat", "naik pangkat|asn|pns"),
];

/// Loads the reference units and services, and the national holidays of 2025-2027.
pub async fn load_units(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let now = crate::clock::now();
    let mut ids = std::collections::HashMap::new();
    for (code, name, parent, services) in UNITS {
        let parent_id = parent.and_then(|p| ids.get(p).copied());
        let row = unit::ActiveModel {
            id: NotSet,
            code: Set(code.to_string()),
            name: Set(name.to_string()),
            parent_id: Set(parent_id),
            created_at: Set(now),
        };
        let id = unit::Entity::insert(row).exec(&txn).await?.last_insert_id;
        ids.insert(*code, id);
        for (scode, sname, monthly) in *services {
            let s = service::ActiveModel {
                id: NotSet,
                unit_id: Set(id),
                code: Set(scode.to_string()),
                name: Set(sname.to_string()),
                monthly_served: Set(Some(*monthly)),
                keywords: Set(KEYWORDS
                    .iter()
                    .find(|(c, _)| c == scode)
                    .map(|(_, k)| k.to_string())),
                active: Set(true),
                created_at: Set(now),
            };
            service::Entity::insert(s).exec(&txn).await?;
        }
    }
    // Indonesia's national holidays and cuti bersama of 2025-2027: the working-day limits
    // of complaints are wrong around Lebaran without them.
    let holidays = crate::calendar::national::parse(crate::calendar::national::NATIONAL)
        .map_err(|e| DbErr::Custom(format!("the shipped holiday table: {e:?}")))?;
    crate::calendar::repo::put_holidays(&txn, &holidays).await?;
    txn.commit().await
}

const SUGGESTIONS: &[&str] = &[
    "Antrian sudah lebih tertib, pertahankan.",
    "Ruang tunggu panas, mohon tambah kipas angin.",
    "Petugas ramah dan cepat.",
    "Informasi persyaratan sebaiknya ditempel di depan loket.",
    "Parkir sempit, sulit mencari tempat.",
    "Mohon loket dibuka tepat waktu pukul 08.00.",
    "Pelayanan online perlu diperbaiki, sering gangguan.",
];

/// Adds `days` days of plausible responses (weekdays, office hours) up to today, with a
/// quality level per unit so that the index varies between units and elements.
pub async fn load_responses(db: &DatabaseConnection, days: i64, seed: u64) -> Result<u64, DbErr> {
    let today = wib_day(crate::clock::now());
    load_responses_between(
        db,
        today - Duration::days(days - 1),
        today,
        seed,
        &|_, _| 0.0,
    )
    .await
}

/// Adds plausible responses for the weekdays `first..=last`, each unit's quality raised by
/// `lift(unit id, day)` (on the 1-4 answer scale: 0.2 is about 5 IKM points).
pub async fn load_responses_between(
    db: &DatabaseConnection,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
    seed: u64,
    lift: &dyn Fn(i32, chrono::NaiveDate) -> f64,
) -> Result<u64, DbErr> {
    let mut rng = StdRng::seed_from_u64(seed);
    let services = service::Entity::find().all(db).await?;
    let days = (last - first).num_days() + 1;
    let mut batch = Vec::with_capacity(500);
    let mut total = 0_u64;
    let txn = db.begin().await?;
    for s in &services {
        let base: f64 = 2.6 + (s.unit_id % 7) as f64 * 0.18;
        let per_day = (f64::from(s.monthly_served.unwrap_or(100)) / 22.0 / 25.0).clamp(0.2, 12.0);
        for d in (0..days).rev() {
            let day = last - Duration::days(d);
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                continue;
            }
            let quality = base + lift(s.unit_id, day);
            let count = (per_day * rng.random_range(0.3..1.7)).round() as i64;
            for _ in 0..count {
                let minutes = rng.random_range(8 * 60..16 * 60);
                let local = day.and_time(
                    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default(),
                );
                let at = Utc.from_utc_datetime(&(local - Duration::hours(7)));
                let mut score = |offset: f64| {
                    let x: f64 = quality + offset + rng.random_range(-0.9..0.9);
                    Some(x.round().clamp(1.0, 4.0) as i16)
                };
                let row = survey_response::ActiveModel {
                    id: NotSet,
                    service_id: Set(s.id),
                    submitted_at: Set(at),
                    day: Set(day),
                    u1: Set(score(0.2)),
                    u2: Set(score(0.0)),
                    u3: Set(score(-0.3)),
                    u4: Set(score(0.6)),
                    u5: Set(score(0.1)),
                    u6: Set(score(0.1)),
                    u7: Set(score(0.0)),
                    u8: Set(score(-0.2)),
                    u9: Set(score(-0.4)),
                    gender: Set(Some(
                        if rng.random_bool(0.5) { "L" } else { "P" }.to_string(),
                    )),
                    age: Set(Some(rng.random_range(18..70))),
                    education: Set(Some(
                        crate::survey::domain::EDUCATION_LEVELS[rng.random_range(0..6)].to_string(),
                    )),
                    occupation: Set(Some(
                        crate::survey::domain::OCCUPATIONS[rng.random_range(0..6)].to_string(),
                    )),
                    suggestion: Set(rng
                        .random_bool(0.15)
                        .then(|| SUGGESTIONS[rng.random_range(0..SUGGESTIONS.len())].to_string())),
                    lang: Set("id".into()),
                    source: Set("demo".into()),
                    submission_id: Set(None),
                    received_at: Set(None),
                    kiosk_id: Set(None),
                };
                batch.push(row);
                total += 1;
                if batch.len() == 500 {
                    survey_response::Entity::insert_many(std::mem::take(&mut batch))
                        .exec_without_returning(&txn)
                        .await?;
                }
            }
        }
    }
    if !batch.is_empty() {
        survey_response::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await?;
    }
    rebuild_sums(&txn).await?;
    txn.commit().await?;
    Ok(total)
}
