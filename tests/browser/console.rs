//! The console as each role uses it, in Chromium at 360x740 and 1280x900: where signing in
//! lands, a navigation listing exactly the role's sections (each opening with 200), a
//! forbidden section answering 403 inside the frame, the queue as a table on a desktop and
//! as cards on a phone, and the dashboard's heatmap with a number in every cell.

use crate::pages::{app, desktop, phone, sign_in_here, start_driver};
use app::accounts::domain::{Role, Section};
use fantoccini::{Client, Locator};

/// The navigation's links (path of each) and the one marked current.
async fn nav(c: &Client) -> (Vec<String>, Option<String>) {
    let v = c
        .execute(
            "const links = [...document.querySelectorAll('nav.console-nav a')];
             const cur = links.find(a => a.hasAttribute('aria-current'));
             return [links.map(a => new URL(a.href).pathname), cur ? new URL(cur.href).pathname : null];",
            vec![],
        )
        .await
        .unwrap();
    let links = v[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    (links, v[1].as_str().map(str::to_string))
}

/// The HTTP status of `path` fetched by the page itself (its session cookie goes along).
async fn status_of(c: &Client, path: &str) -> u64 {
    c.execute_async(
        "const done = arguments[arguments.length - 1];
         fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})
           .then(r => done(r.status)).catch(() => done(0));",
        vec![serde_json::json!(path)],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_lands_on_its_page_and_its_navigation_opens_exactly_its_sections() {
    let app = app().await;
    app::demo::load_responses(&app.db, 60, 2026).await.unwrap();
    app::demo_staff::load(&app.state).await.unwrap();
    let accounts = [
        (Role::Inspector, "inspektur@demo.suara.id"),
        (Role::UnitOfficer, "samsat@demo.suara.id"),
        (Role::Manager, "pimpinan@demo.suara.id"),
        (Role::Admin, "admin@demo.suara.id"),
    ];
    let driver = start_driver().await;
    for width in [360, 1280] {
        for (role, email) in accounts {
            let profile = tempfile::tempdir().unwrap();
            let c = if width < 400 {
                phone(&driver, true, profile.path()).await
            } else {
                desktop(&driver, profile.path()).await
            };
            let who = format!("{role:?} at {width} px");
            c.goto(&app.url("/staf/masuk")).await.unwrap();
            sign_in_here(&c, email, app::demo_staff::DEMO_PASSWORD).await;
            let landed = c.current_url().await.unwrap();
            assert_eq!(landed.path(), role.landing().path(), "{who} lands");
            let (links, current) = nav(&c).await;
            let expected: Vec<String> = role
                .sections()
                .iter()
                .map(|s| s.path().to_string())
                .collect();
            assert_eq!(links, expected, "{who}: the navigation");
            assert_eq!(current.as_deref(), Some(role.landing().path()), "{who}");
            for path in &links {
                assert_eq!(status_of(&c, path).await, 200, "{who} opens {path}");
            }
            // The navigation sits beside the page on a desktop and above it on a phone.
            let placed = c
                .execute(
                    "const n = document.querySelector('nav.console-nav').getBoundingClientRect();
                     const m = document.querySelector('main').getBoundingClientRect();
                     return n.right <= m.left + 1 ? 'beside' : (n.bottom <= m.top + 1 ? 'above' : 'over');",
                    vec![],
                )
                .await
                .unwrap();
            let want = if width < 400 { "above" } else { "beside" };
            assert_eq!(placed.as_str(), Some(want), "{who}");
            if let Some(forbidden) = Section::ALL
                .into_iter()
                .find(|s| !role.sections().contains(s))
            {
                assert_eq!(status_of(&c, forbidden.path()).await, 403, "{who}");
                c.goto(&app.url(forbidden.path())).await.unwrap();
                let (links, _) = nav(&c).await;
                assert_eq!(links, expected, "{who}: the 403 page keeps the navigation");
                let notice = c
                    .find(Locator::Css("main .notice.error"))
                    .await
                    .expect("the refusal is said")
                    .text()
                    .await
                    .unwrap();
                assert!(
                    notice.contains("tidak") || notice.contains("hanya"),
                    "{notice}"
                );
            }
            if role.sections().contains(&Section::Queue) {
                c.goto(&app.url("/staf/antrean")).await.unwrap();
                let shown = c
                    .execute(
                        "const t = document.querySelector('table.queue-table');
                         return [getComputedStyle(t.querySelector('thead')).position,
                                 getComputedStyle(t.querySelector('tbody tr')).display,
                                 t.innerText];",
                        vec![],
                    )
                    .await
                    .unwrap();
                if width < 400 {
                    assert_eq!(shown[0], "absolute", "{who}: no column heads on a phone");
                    assert_eq!(shown[1], "block", "{who}: each case a card");
                } else {
                    assert_eq!(shown[0], "static", "{who}: a table on a desktop");
                    assert_eq!(shown[1], "table-row", "{who}");
                }
                let text = shown[2].as_str().unwrap();
                assert!(text.contains("UPTD PPD Samsat Kota Jambi"), "{who}: {text}");
                assert!(!text.contains("samsat-kota"), "{who}: names, not codes");
            }
            if role.sections().contains(&Section::Dashboard) {
                c.goto(&app.url("/staf/dasbor")).await.unwrap();
                let cells = c
                    .execute(
                        "return [...document.querySelectorAll('table.heatmap td.heat')]
                           .map(td => td.innerText.trim());",
                        vec![],
                    )
                    .await
                    .unwrap();
                let cells = cells.as_array().unwrap();
                assert!(cells.len() >= 9, "{who}: a row of nine elements at least");
                for cell in cells {
                    let t = cell.as_str().unwrap();
                    let number = t.split_whitespace().next().unwrap_or_default();
                    assert!(
                        number == "–" || number.replace(',', ".").parse::<f64>().is_ok(),
                        "{who}: a number in each cell, not only a colour: {t}"
                    );
                }
            }
            c.close().await.unwrap();
        }
    }
}
