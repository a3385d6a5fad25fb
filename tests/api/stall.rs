//! The stalled render (issue 35, 2d). Listing the app's routes renders the whole app with
//! leptos's process-wide switch `IS_SUPPRESSING_RESOURCE_LOAD` on; a `Resource` created on any
//! thread meanwhile awaits forever, and an `SsrMode::Async` console page then sends nothing.
//! Under `cargo test` that happened when another test's server was built in the same process
//! while this one rendered. The server lists its routes once per process
//! (`server::routes::route_list`), so listing them again, as every further server built in
//! the process does, leaves the switch off. With the routes listed afresh on each call
//! (`generate_route_list(app::App)` in place of the kept list) this test fails: pages time
//! out.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use suara_tests::TestApp;

async fn console_pages_render_while_another_server_lists_its_routes(app: TestApp) {
    let s = app
        .signed_in("inspektur.stall@contoh.go.id", "inspector", &[])
        .await;
    let stop = Arc::new(AtomicBool::new(false));
    let listed = Arc::new(AtomicUsize::new(0));
    // Another server of the process being built, over and over, on a thread of its own.
    let lister = {
        let (stop, listed) = (stop.clone(), listed.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                assert!(!server::routes::route_list().is_empty());
                listed.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap();
    let mut pages = Vec::new();
    for k in 0..40 {
        let (client, cookie) = (client.clone(), s.cookie.clone());
        let url = app.url(if k % 2 == 0 {
            "/staf/antrean"
        } else {
            "/staf/dasbor"
        });
        pages.push(tokio::spawn(async move {
            let r = client
                .get(&url)
                .header("cookie", cookie)
                .send()
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            let status = r.status();
            let body = r.text().await.map_err(|e| format!("{url}: {e}"))?;
            Ok::<_, String>((url, status, body))
        }));
    }
    let mut stalled = Vec::new();
    for p in pages {
        match p.await.unwrap() {
            Ok((url, status, body)) => {
                assert_eq!(status, reqwest::StatusCode::OK, "{url}");
                assert!(body.contains("</main>"), "{url}: the page is whole");
            }
            Err(e) => stalled.push(e),
        }
    }
    stop.store(true, Ordering::Relaxed);
    lister.join().unwrap();
    assert!(
        listed.load(Ordering::Relaxed) > 40,
        "the routes were listed meanwhile"
    );
    assert!(stalled.is_empty(), "pages that sent nothing: {stalled:?}");
}

suara_tests::on_both_backends!(console_pages_render_while_another_server_lists_its_routes,);
