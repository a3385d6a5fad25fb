//! The admin page: only admins reach it; accounts are created without a password and
//! invited by mail; deactivation ends sessions; the holiday table is maintained here.

use reqwest::StatusCode;
use serde_json::{Value, json};
use suara_tests::{TestApp, on_both_backends};

/// An account signed in through the shared helper: its cookie pair and CSRF token.
async fn signed_in(app: &TestApp, email: &str, role: &str) -> (String, String) {
    let s = app.signed_in(email, role, &[]).await;
    (s.cookie, s.csrf)
}

async fn the_admin_page_creates_invites_deactivates_and_keeps_holidays(app: TestApp) {
    let (admin, csrf) = signed_in(&app, "admin@jambiprov.go.id", "admin").await;
    let (inspector, inspector_csrf) = signed_in(&app, "i@jambiprov.go.id", "inspector").await;
    let get = |cookie: Option<&str>| {
        let mut r = app
            .client
            .get(app.url("/staf/admin"))
            .header("accept", "text/html");
        if let Some(c) = cookie {
            r = r.header("cookie", c.to_string());
        }
        r.send()
    };
    assert!(get(None).await.unwrap().status().is_redirection());
    assert_eq!(
        get(Some(&inspector)).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let page = get(Some(&admin)).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    // Accounts are listed with name, email and role in columns of their own.
    assert!(
        html.contains("class=\"email\">i@jambiprov.go.id</td>"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"col\">Nama lengkap</th>")
            && html.contains("data-label=\"Peran\">Inspektur</td>")
    );
    // The invitation gives no role unless one is chosen; volumes read as Indonesian numbers.
    assert!(
        html.contains("<select id=\"new-role\" name=\"role\" required><option value=\"\" selected")
    );
    let units_page = app
        .client
        .get(app.url("/staf/admin/unit-layanan"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        units_page.contains("12.000 orang/bulan"),
        "thousands grouped"
    );
    let en = app
        .client
        .get(app.url("/staf/admin/unit-layanan"))
        .header("cookie", format!("{admin}; suara_lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        en.contains("12,000 people/month"),
        "English pages use English numbers"
    );
    assert!(
        !html.contains("Email (tidak wajib)"),
        "no citizen labels on staff pages"
    );

    let add = |cookie: &str, fields: Vec<(&'static str, String)>| {
        app.client
            .post(app.url("/staf/admin/pengguna"))
            .header("cookie", cookie.to_string())
            .form(&fields)
            .send()
    };
    let officer = |csrf: &str, unit: Option<&str>| {
        let mut f = vec![
            ("csrf", csrf.to_string()),
            ("email", "petugas.baru@samsat.jambiprov.go.id".to_string()),
            ("name", "Petugas Baru".to_string()),
            ("role", "unit_officer".to_string()),
        ];
        if let Some(u) = unit {
            f.push(("unit", u.to_string()));
        }
        f
    };
    assert_eq!(
        add(&inspector, officer(&inspector_csrf, Some("samsat-kota")))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        add(&admin, officer("forged", Some("samsat-kota")))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let mut no_role = officer(&csrf, Some("samsat-kota"));
    no_role.retain(|(k, _)| *k != "role");
    let r = add(&admin, no_role).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Pilih peran akun ini."));
    let r = add(&admin, officer(&csrf, None)).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("minimal satu unit") && body.contains("petugas.baru@samsat.jambiprov.go.id"),
        "message and values"
    );
    let r = add(&admin, officer(&csrf, Some("samsat-kota")))
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/staf/admin?ok=user");
    assert!(app.table_text("audit_log").await.contains("user.create"));

    // The invitation sets the password through the same one-time link as a reset.
    let link = app
        .mail_link("/staf/reset?token=")
        .await
        .expect("invitation mailed");
    let token = link.split("token=").nth(1).unwrap().to_string();
    let r = app
        .client
        .post(app.url("/staf/reset"))
        .form(&[
            ("token", token.as_str()),
            ("new", "teh manis sore hari"),
            ("confirm", "teh manis sore hari"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/staf/masuk?reset=1");
    let login = |password: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "petugas.baru@samsat.jambiprov.go.id", "password": password}))
            .send()
    };
    let r = login("teh manis sore hari").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["role"], "unit_officer");
    assert_eq!(me["unit_codes"], json!(["samsat-kota"]));

    // Deactivated: signed out everywhere and unable to sign in.
    let id = app
        .table_text("users")
        .await
        .lines()
        .find(|l| l.contains("petugas.baru"))
        .and_then(|l| {
            l.split(['|', ',', ':'])
                .find_map(|p| p.trim_matches('"').parse::<i32>().ok())
        })
        .unwrap();
    let r = app
        .client
        .post(app.url("/staf/admin/aktif"))
        .header("cookie", &admin)
        .form(&[
            ("csrf", csrf.as_str()),
            ("user_id", &id.to_string()),
            ("active", "0"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login("teh manis sore hari").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // Holidays: added, then used by the calendar, then removed.
    let holidays = app.count("holidays").await;
    let r = app
        .client
        .post(app.url("/staf/admin/libur"))
        .header("cookie", &admin)
        .form(&[
            ("csrf", csrf.as_str()),
            ("day", "2026-12-28"),
            ("name", "Cuti bersama tambahan"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cal = app::calendar::repo::calendar(&app.db).await.unwrap();
    assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()));
    let r = app
        .client
        .post(app.url("/staf/admin/libur"))
        .header("cookie", &admin)
        .form(&[("csrf", csrf.as_str()), ("day", "besok"), ("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .client
        .post(app.url("/staf/admin/libur/hapus"))
        .header("cookie", &admin)
        .form(&[("csrf", csrf.as_str()), ("day", "2026-12-28")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("holidays").await, holidays);
}

on_both_backends!(the_admin_page_creates_invites_deactivates_and_keeps_holidays);

async fn units_and_services_are_imported_from_csv_all_or_nothing(app: TestApp) {
    let (admin, csrf) = signed_in(&app, "admin@jambiprov.go.id", "admin").await;
    let upload = |csv: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "csv",
                reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("unit.csv"),
            );
        app.client
            .post(app.url("/staf/admin/unit-csv"))
            .header("cookie", admin.clone())
            .multipart(form)
            .send()
    };
    let units_before = app.count("units").await;
    let bad = "unit_code,unit_name,parent_code,service_code,service_name,monthly_served\n\
               dukcapil-kota,Dinas Dukcapil Kota Jambi,,ktp-el,Perekaman KTP-el,900\n\
               Bad Code,Nama,,,,\n\
               upt-x,UPT X,tidak-ada,,,\n\
               dukcapil-kota,Dinas Dukcapil Kota Jambi,,kk,Kartu Keluarga,banyak\n";
    let r = upload(bad).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Tidak ada yang disimpan"));
    for line in [
        "3: unit_code",
        "4: parent_code tidak-ada",
        "5: monthly_served",
    ] {
        assert!(page.contains(line), "{line} listed");
    }
    assert_eq!(
        app.count("units").await,
        units_before,
        "nothing half-imported"
    );
    let good = "unit_code,unit_name,parent_code,service_code,service_name,monthly_served\n\
                dukcapil-kota,Dinas Dukcapil Kota Jambi,,ktp-el,Perekaman KTP-el,900\n\
                dukcapil-kota,Dinas Dukcapil Kota Jambi,,kk,Kartu Keluarga,600\n\
                upt-dukcapil-1,UPT Dukcapil Kecamatan Telanaipura,dukcapil-kota,akta-lahir,Akta Kelahiran,\n\
                samsat-kota,UPTD PPD Samsat Kota Jambi (Paal Merah),bapenda,,,\n";
    let r = upload(good).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/staf/admin/impor?ok=units&units=3&services=3"
    );
    assert_eq!(app.count("units").await, units_before + 2);
    let units: Value = app
        .client
        .get(app.url("/api/v1/units"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |code: &str| {
        units
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(find("upt-dukcapil-1")["parent_code"], "dukcapil-kota");
    assert_eq!(
        find("dukcapil-kota")["services"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        find("samsat-kota")["name"],
        "UPTD PPD Samsat Kota Jambi (Paal Merah)",
        "renamed"
    );
    // The new service takes surveys at once.
    let r = app
        .client
        .post(app.url("/api/v1/surveys"))
        .json(&json!({"service_code": "ktp-el", "answers": {"U1": 4, "U2": 4, "U3": 4, "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 4, "U9": 4}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // Excel with Indonesian settings saves semicolons; an optional last column carries the
    // words the finder should also know.
    let excel = "\u{feff}unit_code;unit_name;parent_code;service_code;service_name;monthly_served;keywords\r\n\
                 dukcapil-kota;Dinas Dukcapil Kota Jambi;;ktp-el;Perekaman KTP-el;900;KTP | kartu penduduk|e-ktp\r\n\
                 dukcapil-kota;Dinas Dukcapil Kota Jambi;;kk;Kartu Keluarga;1.200;\r\n";
    let r = upload(excel).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "1.200 is not a number"
    );
    let page = r.text().await.unwrap();
    assert!(
        page.contains("3: monthly_served") && !page.contains("baris pertama harus"),
        "read as semicolon-separated: {page}"
    );
    let excel = "\u{feff}unit_code;unit_name;parent_code;service_code;service_name;monthly_served;keywords\r\n\
                 dukcapil-kota;Dinas Dukcapil Kota Jambi;;ktp-el;Perekaman KTP-el;900;KTP | kartu penduduk|e-ktp\r\n\
                 dukcapil-kota;Dinas Dukcapil Kota Jambi;;kk;Kartu Keluarga;1200;\r\n";
    let r = upload(excel).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let finder = app.get_text("/layanan?q=kartu+penduduk", None).await;
    assert!(finder.contains("href=\"/s/ktp-el\"") && !finder.contains("href=\"/s/kk\""));
}

mod import {
    use super::units_and_services_are_imported_from_csv_all_or_nothing;
    suara_tests::on_both_backends!(units_and_services_are_imported_from_csv_all_or_nothing);
}

async fn units_and_services_are_created_edited_and_deactivated_one_at_a_time(app: TestApp) {
    let (admin, csrf) = signed_in(&app, "admin@jambiprov.go.id", "admin").await;
    let post = |path: &'static str, fields: Vec<(&'static str, &str)>| {
        let mut f: Vec<(&str, String)> = vec![("csrf", csrf.clone())];
        f.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
        app.client
            .post(app.url(path))
            .header("cookie", admin.clone())
            .form(&f)
            .send()
    };
    let unit = |code: &'static str, name: &'static str, parent: &'static str| {
        post(
            "/staf/admin/unit",
            vec![
                ("unit_code", code),
                ("unit_name", name),
                ("parent_code", parent),
            ],
        )
    };
    let units_api = || async {
        app.client
            .get(app.url("/api/v1/units"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let find = |units: &Value, code: &str| {
        units
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
    };

    // A new top-level unit, then a UPTD under it.
    let r = unit(
        "disnaker",
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi",
        "",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/staf/admin/unit-layanan?ok=unit");
    let r = unit(
        "upt-labkes",
        "UPTD Laboratorium Kesehatan Daerah",
        "disnaker",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let units = units_api().await;
    assert_eq!(
        find(&units, "upt-labkes").unwrap()["parent_code"],
        "disnaker"
    );

    // Renamed and moved to the top level.
    let r = unit("upt-labkes", "UPTD Labkesda Provinsi Jambi", "")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let units = units_api().await;
    let panti = find(&units, "upt-labkes").unwrap();
    assert_eq!(panti["name"], "UPTD Labkesda Provinsi Jambi");
    assert!(panti["parent_code"].is_null());

    // A cycle is refused next to the form, what was typed kept, nothing written.
    unit("upt-labkes", "UPTD Labkesda Provinsi Jambi", "disnaker")
        .await
        .unwrap();
    let r = unit(
        "disnaker",
        "Dinas Tenaga Kerja dan Transmigrasi (diketik)",
        "upt-labkes",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("unit disnaker akan menjadi induk bagi dirinya sendiri"));
    assert!(
        page.contains("Dinas Tenaga Kerja dan Transmigrasi (diketik)"),
        "typed name kept"
    );
    assert_eq!(
        find(&units_api().await, "disnaker").unwrap()["name"],
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi"
    );
    // A bad code and an unknown parent, in English for a reader who chose it.
    let r = app
        .client
        .post(app.url("/staf/admin/unit"))
        .header("cookie", format!("{admin}; suara_lang=en"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("unit_code", "Dinsos Baru"),
            ("unit_name", "X"),
            ("parent_code", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Dinsos Baru") && page.contains("2-32 of a-z, 0-9 and -"));
    let r = unit("upt-lain", "UPT Lain", "tidak-ada").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("parent_code tidak-ada"));

    // A service: created, edited, refused under another unit, deactivated, reactivated.
    let service = |unit: &'static str, name: &'static str, monthly: &'static str| {
        post(
            "/staf/admin/layanan",
            vec![
                ("service_unit", unit),
                ("service_code", "bansos"),
                ("service_name", name),
                ("monthly_served", monthly),
            ],
        )
    };
    let r = service("disnaker", "Rekomendasi Bantuan Sosial", "120")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = service("disnaker", "Rekomendasi Bansos", "150")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let disnaker = find(&units_api().await, "disnaker").unwrap();
    assert_eq!(disnaker["services"][0]["name"], "Rekomendasi Bansos");
    let r = service("upt-labkes", "Rekomendasi Bansos", "150")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("layanan bansos milik unit disnaker")
    );
    let r = service("disnaker", "Rekomendasi Bansos", "banyak")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"banyak\""));
    let page = app
        .client
        .get(app.url("/staf/admin/unit-layanan?layanan=bansos"))
        .header("cookie", admin.clone())
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("value=\"150\""),
        "the edit link fills the form"
    );
    let survey = || {
        app.client
            .post(app.url("/api/v1/surveys"))
            .json(&json!({"service_code": "bansos", "answers": {"U1": 4, "U2": 4, "U3": 4, "U4": 4, "U5": 4, "U6": 4, "U7": 4, "U8": 4, "U9": 4}}))
            .send()
    };
    assert_eq!(survey().await.unwrap().status(), StatusCode::CREATED);
    let r = post(
        "/staf/admin/layanan/aktif",
        vec![("service_code", "bansos"), ("active", "0")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        survey().await.unwrap().status(),
        StatusCode::NOT_FOUND,
        "an inactive service takes no survey"
    );
    let disnaker = find(&units_api().await, "disnaker").unwrap();
    assert_eq!(
        disnaker["services"].as_array().unwrap().len(),
        0,
        "{disnaker}"
    );
    post(
        "/staf/admin/layanan/aktif",
        vec![("service_code", "bansos"), ("active", "1")],
    )
    .await
    .unwrap();
    assert_eq!(survey().await.unwrap().status(), StatusCode::CREATED);
    let audit = app.table_text("audit_log").await;
    for action in [
        "unit.save",
        "service.save",
        "service.deactivate",
        "service.activate",
    ] {
        assert!(audit.contains(action), "{action} audited");
    }
}

mod single {
    use super::units_and_services_are_created_edited_and_deactivated_one_at_a_time;
    suara_tests::on_both_backends!(
        units_and_services_are_created_edited_and_deactivated_one_at_a_time
    );
}
