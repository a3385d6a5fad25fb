//! Staff sign-in through the real server: sessions in the database, cookie attributes, CSRF
//! on sign-out, answers that do not reveal accounts, the growing back-off, and the command
//! that creates accounts.

use reqwest::StatusCode;
use serde_json::{Value, json};
use server::cli::{AddUser, add_user, parse};
use suara_tests::{TestApp, on_both_backends};

use suara_tests::PASSWORD;

async fn make_inspector(app: &TestApp) -> String {
    let cmd = parse(
        &"user add --email Inspektur.Satu@Inspektorat.JambiProv.go.id --name Inspektur --role inspector --unit samsat-kota"
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    add_user(&app.db, &cmd, PASSWORD).await.unwrap();
    cmd.email
}

async fn login(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

fn session_cookie(r: &reqwest::Response) -> (String, String) {
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let pair = set.split(';').next().unwrap().to_string();
    (pair, set)
}

async fn sign_in_opens_a_database_session_and_sign_out_needs_the_csrf_token(app: TestApp) {
    let email = make_inspector(&app).await;
    let r = login(&app, "inspektur.satu@inspektorat.jambiprov.go.id", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let (cookie, attributes) = session_cookie(&r);
    assert!(cookie.starts_with("suara_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(attributes.contains(attr), "{attr} in {attributes}");
    }
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["role"], "inspector");
    assert_eq!(me["email"], email.as_str());
    assert_eq!(me["unit_codes"], json!(["samsat-kota"]));
    let csrf = me["csrf_token"].as_str().unwrap().to_string();
    let token = cookie.trim_start_matches("suara_session=");
    assert!(
        !app.table_text("sessions").await.contains(token),
        "only the token's hash is stored"
    );
    let get_me = || {
        app.client
            .get(app.url("/api/v1/auth/me"))
            .header("cookie", &cookie)
            .send()
    };
    assert_eq!(get_me().await.unwrap().status(), StatusCode::OK);
    let no_csrf = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(get_me().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let anonymous = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn wrong_passwords_and_unknown_emails_look_alike_and_back_off(app: TestApp) {
    let email = make_inspector(&app).await;
    let unknown = login(&app, "tidak.ada@jambiprov.go.id", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let unknown: Value = unknown.json().await.unwrap();
    let wrong = login(&app, &email, "salah sandi sekali").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<Value>().await.unwrap(),
        unknown,
        "no user enumeration"
    );
    for _ in 0..3 {
        assert_eq!(
            login(&app, &email, "salah sandi lagi").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // The sixth failure from this address locks sign-in, even with the right password.
    let locked = login(&app, &email, PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
}

async fn the_user_add_command_checks_password_units_and_duplicates(app: TestApp) {
    let cmd = AddUser {
        email: "admin@jambiprov.go.id".into(),
        name: "Admin".into(),
        role: app::accounts::domain::Role::Admin,
        units: vec![],
    };
    assert!(
        add_user(&app.db, &cmd, "pendek")
            .await
            .unwrap_err()
            .contains("12 characters")
    );
    add_user(&app.db, &cmd, PASSWORD).await.unwrap();
    assert!(
        add_user(&app.db, &cmd, PASSWORD)
            .await
            .unwrap_err()
            .contains("already exists")
    );
    let nowhere = AddUser {
        email: "officer@jambiprov.go.id".into(),
        units: vec!["nowhere".into()],
        ..cmd
    };
    assert!(
        add_user(&app.db, &nowhere, PASSWORD)
            .await
            .unwrap_err()
            .contains("nowhere")
    );
    let users = app.table_text("users").await;
    assert!(users.contains("$argon2id$") && !users.contains(PASSWORD));
    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
}

/// A session unused for 30 minutes ends; one used within them lives on, its last use
/// brought forward (at most one write a minute).
async fn an_idle_staff_session_ends_after_thirty_minutes(app: TestApp) {
    use app::entities::session;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let busy = app
        .signed_in("sibuk@jambiprov.go.id", "inspector", &[])
        .await;
    let away = app
        .signed_in("pergi@jambiprov.go.id", "inspector", &[])
        .await;
    let me = |s: &suara_tests::Session| {
        let (app, cookie) = (&app, s.cookie.clone());
        async move {
            app.client
                .get(app.url("/api/v1/auth/me"))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let last_used = |email: &'static str, minutes: i64| {
        let app = &app;
        async move {
            let user = app::entities::user::Entity::find()
                .filter(app::entities::user::Column::Email.eq(email))
                .one(&app.db)
                .await
                .unwrap()
                .unwrap();
            session::Entity::update_many()
                .col_expr(
                    session::Column::LastSeenAt,
                    Expr::value(chrono::Utc::now() - chrono::Duration::minutes(minutes)),
                )
                .filter(session::Column::UserId.eq(user.id))
                .exec(&app.db)
                .await
                .unwrap();
        }
    };
    last_used("sibuk@jambiprov.go.id", 29).await;
    last_used("pergi@jambiprov.go.id", 31).await;
    assert_eq!(me(&busy).await, StatusCode::OK, "used 29 minutes ago");
    assert_eq!(me(&away).await, StatusCode::UNAUTHORIZED, "idle for 31");
    let page = app
        .client
        .get(app.url("/staf/antrean"))
        .header("cookie", &away.cookie)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(
        page.status().is_redirection() || page.url().path() == "/staf/masuk",
        "the console asks to sign in: {} {}",
        page.status(),
        page.url(),
    );
    // The request just made counts as use: 29 more minutes later it is still live.
    let seen = session::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|s| s.last_seen_at)
        .max()
        .unwrap();
    assert!(seen > chrono::Utc::now() - chrono::Duration::minutes(1));
    assert_eq!(me(&busy).await, StatusCode::OK);
}

on_both_backends!(
    an_idle_staff_session_ends_after_thirty_minutes,
    sign_in_opens_a_database_session_and_sign_out_needs_the_csrf_token,
    wrong_passwords_and_unknown_emails_look_alike_and_back_off,
    the_user_add_command_checks_password_units_and_duplicates,
);

#[tokio::test]
async fn the_demo_has_console_accounts_and_cases_at_several_steps() {
    let app =
        suara_tests::spawn_app_with(suara_tests::Backend::Sqlite, &[("SUARA_DEMO_DATA", "1")])
            .await
            .unwrap();
    let r = login(
        &app,
        "inspektur@demo.suara.id",
        app::demo_staff::DEMO_PASSWORD,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let (cookie, _) = session_cookie(&r);
    let queue: Value = app
        .client
        .get(app.url("/api/v1/triage/complaints"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Three at steps of the workflow, five resolved with their findings (one as before
    // findings were recorded).
    assert_eq!(queue["total"], 8);
    assert_eq!(
        queue["counts"],
        json!({"received": 1, "dispositioned": 1, "followed_up": 1, "resolved": 5})
    );
    assert_eq!(app.count("complaint_outcomes").await, 4);
    assert!(app.count("holidays").await >= 5);
}

async fn passwords_change_with_the_current_one_and_reset_by_a_one_time_link(app: TestApp) {
    let email = make_inspector(&app).await;
    let r = login(&app, &email, PASSWORD).await;
    let (cookie, _) = session_cookie(&r);
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let change = |current: &'static str, new: &'static str| {
        app.client
            .post(app.url("/api/v1/auth/password"))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .json(&json!({"current": current, "new": new}))
            .send()
    };
    // A wrong current password is a secret that does not match: 403, not bad input.
    let r = change("salah sekali", "teh manis sore hari").await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "wrong_current_password"
    );
    let r = change(PASSWORD, "pendek").await.unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "password_too_short"
    );
    assert_eq!(
        change(PASSWORD, "teh manis sore hari")
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        login(&app, &email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, &email, "teh manis sore hari").await.status(),
        StatusCode::OK
    );

    // Forgotten: the same answer for an unknown email, and a mail only for the real one.
    for who in ["tidak.ada@jambiprov.go.id", email.as_str()] {
        let r = app
            .client
            .post(app.url("/staf/lupa"))
            .form(&[("email", who)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/staf/lupa?terkirim=1");
    }
    let link = app
        .mail_link("https://suara.example.go.id/staf/reset?token=")
        .await
        .expect("reset mail written");
    let token = link
        .split("token=")
        .nth(1)
        .unwrap()
        .trim_end_matches(['<', '"', '>'])
        .to_string();
    let reset = |new: &'static str, confirm: &'static str| {
        app.client
            .post(app.url("/staf/reset"))
            .form(&[
                ("token", token.as_str()),
                ("new", new),
                ("confirm", confirm),
            ])
            .send()
    };
    let r = reset("kopi susu malam hari", "kopi susu malam hati")
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "mismatch refused without using the link"
    );
    assert!(r.text().await.unwrap().contains("tidak sama"));
    let r = reset("kopi susu malam hari", "kopi susu malam hari")
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/staf/masuk?reset=1");
    assert_eq!(
        reset("lagi dan lagi sekali", "lagi dan lagi sekali")
            .await
            .unwrap()
            .status(),
        StatusCode::GONE,
        "once only"
    );
    assert_eq!(
        login(&app, &email, "kopi susu malam hari").await.status(),
        StatusCode::OK
    );
    assert!(
        !app.table_text("password_resets").await.contains(&token),
        "only the token's hash is stored"
    );
}

mod passwords {
    use super::passwords_change_with_the_current_one_and_reset_by_a_one_time_link;
    suara_tests::on_both_backends!(
        passwords_change_with_the_current_one_and_reset_by_a_one_time_link
    );
}
