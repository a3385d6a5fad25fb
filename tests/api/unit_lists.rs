//! A province's hundreds of units a page at a time: `/ikm`, `/statistik` and the dashboard
//! show about 40 units per page (an office never parted from its UPTDs), every unit on
//! exactly one page, a search by name or code, the period and the search kept from page to
//! page, and the search echoed inert. On SQLite and PostgreSQL, with 120 units.

use reqwest::StatusCode;
use std::collections::BTreeSet;
use suara_tests::{Session, TestApp};

const HOSTILE: &str = concat!("</text", "area><script>alert(1)</script><!--\"'");

async fn province(app: &TestApp) -> usize {
    let p = server::generate::Province {
        responses: 0,
        complaints: 60,
        months: 12,
        units: 120,
        services: 300,
    };
    server::generate::province(&app.db, &app.state.keys, &p)
        .await
        .unwrap();
    // A few answers for every service (the dashboard lists the units that have any).
    let answers = server::generate::Gen {
        responses: 3_000,
        months: 3,
        units: 0,
    };
    server::generate::run(&app.db, &answers).await.unwrap();
    app.count("units").await as usize
}

async fn html(app: &TestApp, path: &str, s: Option<&Session>) -> String {
    let mut r = app.client.get(app.url(path)).header("accept", "text/html");
    if let Some(s) = s {
        r = r.header("cookie", &s.cookie);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// The `<li>` tags of the unit cards, in order.
fn cards(page: &str) -> Vec<&str> {
    page.match_indices("<li ")
        .filter_map(|(i, _)| {
            let tag = &page[i..i + page[i..].find('>')?];
            tag.contains("unit-card").then_some(tag)
        })
        .collect()
}

/// The units on the page (their cards' ids).
fn unit_ids(page: &str) -> Vec<String> {
    cards(page)
        .iter()
        .filter_map(|tag| {
            let start = tag.find("id=\"")? + 4;
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        })
        .collect()
}

/// The link to the next page, as written in the page (`&amp;` read back).
fn next_link(page: &str) -> Option<String> {
    let i = page.find("rel=\"next\"")?;
    let start = page[..i].rfind("href=\"")? + 6;
    let end = page[start..].find('"')?;
    Some(page[start..start + end].replace("&amp;", "&"))
}

async fn the_public_index_shows_a_page_of_units_and_finds_one_by_name(app: TestApp) {
    let units = province(&app).await;
    assert!(units >= 120, "{units}");
    // Every page in turn, by its own "next" link: each unit once, and no page runs long.
    let mut seen = Vec::new();
    let mut path = Some("/ikm?periode=2026".to_string());
    let mut pages = 0;
    while let Some(p) = path {
        let page = html(&app, &p, None).await;
        pages += 1;
        let ids = unit_ids(&page);
        assert!(
            !ids.is_empty() && ids.len() <= 43,
            "{} units on {p}: {}",
            ids.len(),
            &page[page.find("<main").unwrap_or(0)..]
        );
        assert!(
            page.contains(&format!("{units} unit")),
            "the count of units on {p}"
        );
        // A page starts with an office, never with a UPTD parted from it.
        assert!(cards(&page)[0].contains("depth-0"), "{p}");
        seen.extend(ids);
        path = next_link(&page);
        if let Some(next) = &path {
            assert!(next.contains("periode=2026"), "the period is kept: {next}");
        }
        assert!(pages < 10);
    }
    assert!(pages >= 3, "{pages} pages");
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "a unit on two pages");
    assert_eq!(seen.len(), units, "every unit on a page");
    // A search by part of a name, in any case, with its count; and by code.
    let page = html(&app, "/ikm?cari=uji+beban+00", None).await;
    let ids = unit_ids(&page);
    assert_eq!(ids.len(), 9, "{ids:?}");
    assert!(page.contains("9 unit cocok dengan"), "the count of matches");
    assert!(
        page.contains("value=\"uji beban 00\""),
        "the search stays in its field"
    );
    let page = html(&app, "/ikm?cari=BENCH-017", None).await;
    assert_eq!(unit_ids(&page), ["unit-bench-017"]);
    // Past the last page: the last page.
    let page = html(&app, "/ikm?hal=999", None).await;
    assert!(next_link(&page).is_none() && page.contains("rel=\"prev\""));
    // Nothing found, said in words; the search comes back inert.
    let page = html(
        &app,
        &format!("/ikm?cari={}", super::casework::urlencode(HOSTILE)),
        None,
    )
    .await;
    assert!(page.contains("Tidak ada unit yang namanya atau kodenya memuat"));
    assert!(!page.contains("<script>alert(1)") && !page.contains(HOSTILE));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

async fn the_dashboard_shows_a_page_of_units_and_finds_one_by_name(app: TestApp) {
    let units = province(&app).await;
    let manager = app.signed_in("mu@jambiprov.go.id", "manager", &[]).await;
    let page = html(&app, "/staf/dasbor?periode=year", Some(&manager)).await;
    let table = &page[page.find("dash-units").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows = table.matches("<th scope=\"row\">").count();
    assert!(rows > 0 && rows <= 43, "{rows} rows of {units} units");
    // The rollout the heatmap offers covers every unit with an index, not only this page's.
    let link = &page[page
        .find("href=\"/staf/pelatihan/acak?")
        .expect("the rollout link")..];
    let link = &link[..link[6..].find('"').unwrap() + 6];
    assert!(link.matches("units=").count() > rows, "{rows} rows, {link}");
    let next = next_link(&page).expect("a next page");
    assert!(
        next.starts_with("/staf/dasbor?periode=year&") && next.contains("hal=2"),
        "{next}"
    );
    let second = html(&app, &next, Some(&manager)).await;
    assert!(second.contains("rel=\"prev\""));
    // A search narrows the units' table and keeps the period.
    let found = html(
        &app,
        "/staf/dasbor?periode=year&cari=Uji+Beban+017",
        Some(&manager),
    )
    .await;
    let table = &found[found.find("dash-units").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(table.matches("<th scope=\"row\">").count(), 1, "{table}");
    assert!(table.contains("Dinas Uji Beban 017"));
    assert!(found.contains("name=\"periode\" value=\"year\""));
    let hostile = html(
        &app,
        &format!("/staf/dasbor?cari={}", super::casework::urlencode(HOSTILE)),
        Some(&manager),
    )
    .await;
    assert!(!hostile.contains("<script>alert(1)") && !hostile.contains(HOSTILE));
    assert!(hostile.contains("Tidak ada unit yang namanya atau kodenya memuat"));
}

/// The units named in the rows of the statistics' first table.
fn stats_units(page: &str) -> Vec<String> {
    let Some(at) = page.find("id=\"stats-caption\"") else {
        return Vec::new();
    };
    let table = &page[at..at + page[at..].find("</table>").unwrap()];
    table
        .match_indices("<th scope=\"row\">")
        .map(|(i, m)| {
            let name = &table[i + m.len()..];
            name[..name.find("</th>").unwrap()].to_string()
        })
        .collect()
}

async fn the_complaint_statistics_show_a_page_of_units_and_find_one_by_name(app: TestApp) {
    let units = province(&app).await;
    let mut seen = Vec::new();
    let mut path = Some("/statistik".to_string());
    let mut pages = 0;
    while let Some(p) = path {
        let page = html(&app, &p, None).await;
        pages += 1;
        let names = stats_units(&page);
        assert!(
            !names.is_empty() && names.len() <= 43,
            "{} rows on {p}",
            names.len()
        );
        assert!(page.contains(&format!("{units} unit")), "the count on {p}");
        seen.extend(names);
        path = next_link(&page);
        if let Some(next) = &path {
            assert!(next.contains("periode=20"), "the quarter is kept: {next}");
        }
        assert!(pages < 10);
    }
    assert!(pages >= 3, "{pages} pages");
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "a unit on two pages");
    assert_eq!(seen.len(), units, "every unit on a page");
    let page = html(&app, "/statistik?cari=uji+beban+00", None).await;
    assert_eq!(stats_units(&page).len(), 9);
    assert!(page.contains("9 unit cocok dengan"));
    let page = html(&app, "/statistik?cari=bench-017", None).await;
    assert_eq!(stats_units(&page), ["Dinas Uji Beban 017"]);
    let page = html(
        &app,
        &format!("/statistik?cari={}", super::casework::urlencode(HOSTILE)),
        None,
    )
    .await;
    assert!(page.contains("Tidak ada unit yang namanya atau kodenya memuat"));
    assert!(stats_units(&page).is_empty(), "no empty table");
    assert!(!page.contains("<script>alert(1)") && !page.contains(HOSTILE));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

async fn the_kept_units_and_services_are_read_again_after_every_change(app: TestApp) {
    use app::entities::{service, unit};
    use sea_orm::{ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let version = || async {
        use sea_orm::ConnectionTrait;
        app.db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT n FROM catalog_version WHERE id = 1",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap()
    };
    let before = version().await;
    let page = html(&app, "/ikm/bkd", None).await;
    assert!(page.contains("Badan Kepegawaian Daerah Provinsi Jambi"));
    // A rename shows on the next page read, not a minute later.
    unit::Entity::update_many()
        .col_expr(unit::Column::Name, "Badan Kepegawaian Jambi (baru)".into())
        .filter(unit::Column::Code.eq("bkd"))
        .exec(&app.db)
        .await
        .unwrap();
    assert_eq!(version().await, before + 1);
    let page = html(&app, "/ikm/bkd", None).await;
    assert!(
        page.contains("Badan Kepegawaian Jambi (baru)"),
        "the new name"
    );
    // Forty services added at once: each raises the version, and the page lists them all.
    let bkd = unit::Entity::find()
        .filter(unit::Column::Code.eq("bkd"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut adds = tokio::task::JoinSet::new();
    for k in 0..40 {
        let db = app.db.clone();
        adds.spawn(async move {
            service::Entity::insert(service::ActiveModel {
                id: NotSet,
                unit_id: Set(bkd),
                code: Set(format!("bkd-baru-{k:02}")),
                name: Set(format!("Layanan Baru {k:02}")),
                monthly_served: Set(None),
                keywords: Set(None),
                active: Set(true),
                created_at: Set(app::clock::now()),
            })
            .exec(&db)
            .await
            .unwrap();
        });
    }
    while let Some(done) = adds.join_next().await {
        done.unwrap();
    }
    assert_eq!(version().await, before + 41);
    let page = html(&app, "/ikm/bkd", None).await;
    for k in 0..40 {
        assert!(
            page.contains(&format!("Layanan Baru {k:02}")),
            "service {k}"
        );
    }
    let trend = app
        .get_text(
            "/api/v1/trends?unit=bkd&granularity=month&from=2026-01-01&to=2026-12-31",
            None,
        )
        .await;
    assert!(trend.contains("\"period\""), "{trend}");
}

suara_tests::on_both_backends!(
    the_kept_units_and_services_are_read_again_after_every_change,
    the_public_index_shows_a_page_of_units_and_finds_one_by_name,
    the_dashboard_shows_a_page_of_units_and_finds_one_by_name,
    the_complaint_statistics_show_a_page_of_units_and_find_one_by_name,
);
