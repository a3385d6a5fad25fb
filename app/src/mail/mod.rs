//! Email: templates in Bahasa Indonesia and English, an outbox written in the same
//! transaction as the event that causes the mail, and a worker that sends it with retries.

pub mod outbox;
pub mod templates;
pub mod transport;
pub mod worker;

use serde::{Deserialize, Serialize};

/// One message as the outbox keeps it (sealed at rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders `template` in `lang` for the staff member at `to` and queues it in the outbox
/// inside the caller's transaction: how every mail to staff leaves (the scheduled jobs and
/// the case updates).
pub async fn queue_to_staff(
    db: &impl sea_orm::ConnectionTrait,
    state: &crate::state::AppState,
    template: templates::Template,
    lang: crate::i18n::Lang,
    to: &str,
    context: minijinja::Value,
) -> Result<(), crate::web::error::AppError> {
    let mail = templates::render(template, lang, to, context)
        .map_err(|e| crate::web::error::AppError::internal("mail template", e))?;
    outbox::enqueue(
        db,
        &state.keys,
        template.name(),
        &mail,
        &state.settings.mail.message_domain,
        crate::clock::now(),
    )
    .await?;
    Ok(())
}
