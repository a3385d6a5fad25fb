//! The receipt of a report just filed, on the reporter's request from its status page, each
//! proven by the tracking code and the reply key (as every reporter's write is): as a PDF
//! made on this server (`POST /lacak/{code}/tanda-terima`), and by mail again to the address
//! they left (`POST /lacak/{code}/kirim-kunci`). A refusal shows the receipt again with the
//! reason, so the key on the screen is never lost to it.

use crate::complaints::domain::{ReplyKey, TrackingCode};
use crate::complaints::receipt::{ReceiptCard, receipt_pdf};
use crate::complaints::reporter::conversation::prove_reporter;
use crate::complaints::view::FreshReceipt;
use crate::entities::complaint;
use crate::i18n::Lang;
use crate::mail::templates::Template;
use crate::ratelimit::client_ip;
use crate::state::AppState;
use crate::tr;
use crate::web::error::AppError;
use crate::web::form::show_again;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;
use std::net::SocketAddr;

/// The receipt's forms: the key shown on the page, sent back to prove the reporter.
#[derive(Deserialize)]
pub struct ReceiptForm {
    #[serde(default)]
    pub reply_key: String,
}

/// The reporter proven for report `code` by `key`, or the answer to send instead: the
/// receipt again with the reason (a refused key, too many tries), or the error's own page.
async fn proven(
    state: &AppState,
    code: &str,
    key: &str,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Result<(complaint::Model, ReplyKey), Response> {
    if !crate::web::security::same_site_request(headers) {
        return Err((StatusCode::FORBIDDEN, "cross-site request refused").into_response());
    }
    let ip = client_ip(&state.settings, headers, Some(peer));
    let page = format!("/lacak/{code}?baru=1");
    let refused = |code_of_error: &str, status: StatusCode| {
        let receipt = FreshReceipt {
            key: ReplyKey::parse(key).map_or_else(|_| key.to_string(), |k| k.grouped()),
            url: format!("{}/lacak/{code}", state.settings.public_base_url),
            error: Some(code_of_error.to_string()),
            ..Default::default()
        };
        show_again(state, &page, headers.clone(), receipt, status)
    };
    match prove_reporter(state, code, key, ip).await {
        Ok(c) => match ReplyKey::parse(key) {
            Ok(k) => Ok((c, k)),
            Err(e) => Err(refused(e.code(), StatusCode::UNPROCESSABLE_ENTITY).await),
        },
        Err(AppError::Validation { code, .. } | AppError::Refused { code, .. }) => {
            Err(refused(code, StatusCode::UNPROCESSABLE_ENTITY).await)
        }
        Err(AppError::RateLimited { retry_after_secs }) => {
            let mut r = refused("rate_limited_key", StatusCode::TOO_MANY_REQUESTS).await;
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            Err(r)
        }
        // No such report: to a browser, the status page saying so (404).
        Err(AppError::NotFound) if crate::web::render::wants_html(headers) => {
            let uri = format!("/lacak/{code}").parse().unwrap_or_default();
            Err(
                crate::web::render::render_page::<FreshReceipt>(state, uri, headers.clone(), None)
                    .await,
            )
        }
        Err(e) => Err(e.into_response()),
    }
}

/// Receipts a case's reporter may have mailed again, beyond the one sent at filing: enough
/// for a lost or filtered mail, too few for anyone to flood the address given.
pub const RESENDS: u64 = 3;

/// The name of case `c`'s unit.
async fn unit_name(state: &AppState, c: &complaint::Model) -> Result<String, AppError> {
    Ok(crate::units::repo::unit_by_id(&state.db, c.unit_id)
        .await?
        .map(|u| u.name)
        .unwrap_or_default())
}

/// `POST /lacak/{code}/tanda-terima` (`reply_key`): the receipt as a one-page PDF to keep,
/// in the reader's language, never cached.
pub async fn pdf_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReceiptForm>,
) -> Response {
    let (c, key) = match proven(&state, &code, &form.reply_key, &headers, peer).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Ok(tracking) = TrackingCode::parse(&c.tracking_code) else {
        return AppError::NotFound.into_response();
    };
    let unit = match unit_name(&state, &c).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let lang = Lang::from_headers(&headers);
    let url = format!(
        "{}/lacak/{}",
        state.settings.public_base_url,
        tracking.as_str()
    );
    let card = ReceiptCard {
        lang,
        code: &tracking,
        key: &key,
        unit: &unit,
        category: &tr!(lang, &format!("category.{}", c.category)),
        filed_at: c.created_at,
        url: &url,
    };
    let pdf = match receipt_pdf(&card) {
        Ok(pdf) => pdf,
        Err(e) => return AppError::internal("making a receipt PDF", e).into_response(),
    };
    let disposition = format!(
        "attachment; filename=\"suara-{}.pdf\"",
        tracking.as_str().to_ascii_lowercase()
    );
    let mut r = pdf.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Queues case `c`'s receipt again to the address its reporter left, at most [`RESENDS`]
/// times: the case's row is taken first, so requests arriving together are counted one at a
/// time. `Err` with the refusal's code when there is no address or the resends are spent.
async fn mail_again(
    state: &AppState,
    c: &complaint::Model,
    key: &ReplyKey,
    unit: String,
) -> Result<Result<(), &'static str>, AppError> {
    let base = state.settings.public_base_url.clone();
    let category = c.category.clone();
    let grouped = key.grouped();
    let (_writing, txn) = state.begin_write().await?;
    crate::complaints::repo::hold_row(&txn, c.id).await?;
    let sent = crate::mail::outbox::count_for_case(&txn, c.id, Template::Receipt.name()).await?;
    if sent > RESENDS {
        return Ok(Err("receipt_mail_limit"));
    }
    let mailed = crate::complaints::filing::mail_reporter(
        state,
        &txn,
        c,
        Template::Receipt,
        crate::clock::now(),
        |lang, code| {
            context!(code => code.grouped(), key => grouped.clone(),
                url => format!("{base}/lacak/{}", code.as_str()),
                category => tr!(lang, &format!("category.{category}")), unit => unit)
        },
    )
    .await
    .map_err(AppError::from)?;
    txn.commit().await?;
    Ok(if mailed {
        Ok(())
    } else {
        Err("receipt_no_email")
    })
}

/// `POST /lacak/{code}/kirim-kunci` (`reply_key`): the receipt mailed again (through the
/// outbox) to the address the reporter left, [`RESENDS`] times at most; the receipt again,
/// saying so.
pub async fn mail_form(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<ReceiptForm>,
) -> Response {
    let (c, key) = match proven(&state, &code, &form.reply_key, &headers, peer).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let unit = match unit_name(&state, &c).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    let mailed = match mail_again(&state, &c, &key, unit).await {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    if mailed.is_ok() {
        state.mail_wakeup.notify_one();
    }
    let receipt = FreshReceipt {
        key: key.grouped(),
        url: format!("{}/lacak/{code}", state.settings.public_base_url),
        emailed: c.reporter_has_email,
        mailed_again: mailed.is_ok(),
        error: mailed.err().map(str::to_string),
    };
    show_again(
        &state,
        &format!("/lacak/{code}?baru=1"),
        headers,
        receipt,
        StatusCode::OK,
    )
    .await
}
