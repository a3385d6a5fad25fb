//! The console's frame through the real server: each role lands on its section, its
//! navigation lists exactly what it may open (every listed page answers 200, every other
//! one 403 inside the frame), the queue reads unit names and sorts, and the dashboard shows
//! each unit's nine elements with their numbers; on SQLite and PostgreSQL.

use super::complaints::{file, rahasia};
use app::accounts::domain::{Role, Section};
use reqwest::StatusCode;
use suara_tests::{Session, TestApp, on_both_backends};

pub(crate) async fn page(
    app: &TestApp,
    s: Option<&Session>,
    path: &str,
) -> (StatusCode, String, String) {
    let mut req = app.client.get(app.url(path)).header("accept", "text/html");
    if let Some(s) = s {
        req = req.header("cookie", &s.cookie);
    }
    let r = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    let status = r.status();
    let body = r
        .text()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: the body: {e:?}"));
    (status, location, body)
}

/// The hrefs of the console navigation's links, in order, and the one marked current.
fn nav_links(html: &str) -> (Vec<String>, Option<String>) {
    let start = html
        .find("class=\"console-nav\"")
        .expect("the console navigation");
    let nav = &html[start..start + html[start..].find("</nav>").unwrap()];
    let mut links = Vec::new();
    let mut current = None;
    for part in nav.split("<a ").skip(1) {
        let tag = &part[..part.find('>').unwrap()];
        let href = tag
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .unwrap()
            .to_string();
        if tag.contains("aria-current") {
            current = Some(href.clone());
        }
        links.push(href);
    }
    (links, current)
}

async fn each_role_lands_on_its_section_and_opens_exactly_what_its_navigation_lists(app: TestApp) {
    let (status, location, _) = page(&app, None, "/staf?overdue=1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/staf/masuk?next=/staf%3Foverdue%3D1");
    let accounts = [
        (Role::Admin, "admin@jambiprov.go.id", vec![]),
        (Role::Manager, "pimpinan@jambiprov.go.id", vec![]),
        (Role::Inspector, "inspektur@jambiprov.go.id", vec![]),
        (
            Role::UnitOfficer,
            "petugas@jambiprov.go.id",
            vec!["samsat-kota"],
        ),
    ];
    for (role, email, units) in accounts {
        let s = app.signed_in(email, role.code(), &units).await;
        let (status, location, _) = page(&app, Some(&s), "/staf").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{role:?}");
        assert_eq!(location, role.landing().path(), "{role:?} lands");
        // A queue link from an older mail keeps its filter for those who work the queue.
        let (_, location, _) = page(&app, Some(&s), "/staf?overdue=1").await;
        if role.landing() == Section::Queue {
            assert_eq!(location, "/staf/antrean?overdue=1");
        }
        let expected: Vec<String> = role
            .sections()
            .iter()
            .map(|s| s.path().to_string())
            .collect();
        for section in Section::ALL {
            let (status, _, body) = page(&app, Some(&s), section.path()).await;
            let (links, current) = nav_links(&body);
            assert_eq!(links, expected, "{role:?} on {section:?}: the navigation");
            assert!(body.contains(email), "{role:?}: the frame names the person");
            if role.sections().contains(&section) {
                assert_eq!(status, StatusCode::OK, "{role:?} opens {section:?}");
                assert_eq!(current.as_deref(), Some(section.path()), "marked current");
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{role:?} may not open {section:?}"
                );
                let main = &body[body.find("<main").unwrap_or(0)..];
                assert!(
                    main.contains("class=\"notice error\"") && main.contains("role=\"alert\""),
                    "{role:?} {section:?}: {}",
                    &main[..main.len().min(600)]
                );
                assert_eq!(current, None);
            }
        }
        if role == Role::UnitOfficer {
            let (_, _, body) = page(&app, Some(&s), "/staf/antrean").await;
            assert!(
                body.contains("UPTD PPD Samsat Kota Jambi"),
                "the unit's name in the frame"
            );
        }
    }
}

async fn the_queue_reads_unit_names_and_sorts_by_deadline_or_date_received(app: TestApp) {
    let first = file(&app, &rahasia()).await;
    let second = file(&app, &rahasia()).await;
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    let (status, _, body) = page(&app, Some(&inspector), "/staf/antrean").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<table class=\"data queue-table\""));
    assert!(
        body.contains("UPTD PPD Samsat Kota Jambi"),
        "the unit by its name"
    );
    assert!(!body.contains(">samsat-kota<"), "not by its code");
    assert!(
        body.contains("hari kerja lagi"),
        "days left to the deadline"
    );
    let order = |body: &str| body.find(&first).unwrap() < body.find(&second).unwrap();
    let (_, _, oldest) = page(&app, Some(&inspector), "/staf/antrean?sort=received").await;
    assert!(order(&oldest), "oldest first");
    let (_, _, newest) = page(&app, Some(&inspector), "/staf/antrean?sort=newest").await;
    assert!(!order(&newest), "newest first");
    // A status link keeps the sort and the other filters; a sort link keeps the filters.
    assert!(newest.contains("href=\"/staf/antrean?status=received&amp;sort=newest\""));
    // A sort typed into the address comes back inert in the filter form.
    let (status, _, hostile) = page(
        &app,
        Some(&inspector),
        "/staf/antrean?sort=%22%3E%3C%2Ftextarea%3E%3Cscript%3Ewindow.x%3D1%3C%2Fscript%3E%3C!--",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!hostile.contains("<script>window.x=1"), "no live markup");
    assert!(
        hostile.contains(
            "value=\"&quot;&gt;&lt;/textarea&gt;&lt;script&gt;window.x=1&lt;/script&gt;&lt;!--\""
        ) || hostile.contains("&lt;script&gt;window.x=1")
    );
    let (_, _, filtered) = page(&app, Some(&inspector), "/staf/antrean?mode=rahasia").await;
    assert!(filtered.contains("href=\"/staf/antrean?mode=rahasia&amp;sort=received\""));
}

async fn the_dashboard_shows_each_units_nine_elements_and_plans_training_for_the_weakest(
    app: TestApp,
) {
    let admin = app.signed_in("a@jambiprov.go.id", "admin", &[]).await;
    // Thirty answers this month at UPTD Samsat Kota (enough to call elements weak): U3 and
    // U7 weakest.
    let today = app::clock::today();
    let csv = format!("{today},skj-pkb,4,4,2,4,3,4,1,4,4,,,,,\n").repeat(30);
    app.import_surveys(&admin, &csv).await;
    let manager = app
        .signed_in("m@jambiprov.go.id", "manager", &["bapenda"])
        .await;
    let (status, _, body) = page(&app, Some(&manager), "/staf/dasbor?periode=month").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("class=\"data heatmap\""));
    // U3: NRR 2 -> 50,0 (grade D) and U7: NRR 1 -> 25,0, both marked weak in words.
    assert!(body.contains(">50,0<"), "the number in the cell");
    assert!(body.contains(">25,0<"));
    assert!(body.contains("lemah"));
    let link = "/staf/pelatihan?unit=samsat-kota&amp;targets=U7,U3,U5#new-program";
    assert!(body.contains(link), "the weakest three, lowest first");
    // A randomized rollout over the heatmap's units, aimed at their most frequent weak
    // elements; the plan form opens with them ticked.
    let rollout =
        "/staf/pelatihan/acak?units=samsat-kota&amp;target_elements=U7&amp;target_elements=U3";
    assert!(body.contains(rollout), "{body}");
    let (_, _, plan) = page(&app, Some(&manager), &rollout.replace("&amp;", "&")).await;
    assert!(plan.contains("value=\"samsat-kota\" checked"), "{plan}");
    assert!(plan.contains("value=\"U7\" checked") && plan.contains("value=\"U3\" checked"));
    assert!(
        !plan.contains("id=\"preview\""),
        "a plan, not yet a preview"
    );
    // Out of the manager's units: not on the dashboard.
    assert!(!body.contains("RSUD Raden Mattaher"));
    let (_, _, form) = page(&app, Some(&manager), &link.replace("&amp;", "&")).await;
    assert!(form.contains("value=\"U7\" checked"), "the form pre-filled");
    assert!(form.contains("value=\"samsat-kota\" checked"));
    // The manager registers the program; an inspector may not.
    let register = |s: &Session, unit: &str| {
        app.client
            .post(app.url("/staf/pelatihan"))
            .header("cookie", &s.cookie)
            .form(&[
                ("csrf", s.csrf.as_str()),
                ("name", "Pelayanan prima"),
                ("topic", "Sikap petugas"),
                ("target_elements", "U7"),
                ("unit_codes", unit),
                ("participants", "12"),
                ("start_date", "2026-01-05"),
                ("end_date", "2026-01-09"),
            ])
            .send()
    };
    assert_eq!(
        register(&manager, "samsat-kota").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        register(&manager, "rsud-rm").await.unwrap().status(),
        StatusCode::FORBIDDEN,
        "not for a unit the manager does not read"
    );
    let inspector = app.signed_in("i@jambiprov.go.id", "inspector", &[]).await;
    assert_eq!(
        register(&inspector, "samsat-kota").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    // A refused form comes back in the same frame, the navigation included.
    let r = app
        .client
        .post(app.url("/staf/pelatihan"))
        .header("cookie", &manager.cookie)
        .form(&[("csrf", manager.csrf.as_str()), ("name", "Tanpa topik")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    let (links, current) = nav_links(&body);
    assert_eq!(links.len(), Role::Manager.sections().len());
    assert_eq!(current.as_deref(), Some("/staf/pelatihan"));
    assert!(
        body.contains("value=\"Tanpa topik\""),
        "what was typed is kept"
    );
    let (_, _, body) = page(&app, Some(&manager), "/staf/dasbor").await;
    assert!(
        body.contains("Pelayanan prima"),
        "the program with its verdict"
    );
    assert!(body.contains("Data belum cukup"));
}

on_both_backends!(
    each_role_lands_on_its_section_and_opens_exactly_what_its_navigation_lists,
    the_queue_reads_unit_names_and_sorts_by_deadline_or_date_received,
    the_dashboard_shows_each_units_nine_elements_and_plans_training_for_the_weakest,
);
