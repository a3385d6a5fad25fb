//! Where mail goes: an SMTP server (`SMTP_URL`), or, in development, `.eml` files in a
//! folder. Production refuses to start without SMTP (see `config`).

use super::Mail;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// Why a send failed, without the addresses involved (they must not reach the logs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendError {
    /// The server refused for good (5xx): retrying will not help.
    pub permanent: bool,
    /// A short description safe for logs and the outbox row.
    pub summary: String,
}

/// The configured transport and sender.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// The development file of the message with this id (`{id}.eml`, the id's letters, digits,
/// dots and dashes only).
pub fn file_name(message_id: &str) -> String {
    let name: String = message_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    format!("{name}.eml")
}

impl Mailer {
    /// SMTP from a URL (`smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`).
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        Ok(Mailer {
            from: from.parse().map_err(|e| format!("SUARA_MAIL_FROM: {e}"))?,
            kind: Kind::Smtp(transport),
        })
    }

    /// Development: each message becomes `{message-id}.eml` in `dir`.
    pub fn files(dir: impl Into<PathBuf>, from: &str) -> Result<Mailer, String> {
        Ok(Mailer {
            from: from.parse().map_err(|e| format!("SUARA_MAIL_FROM: {e}"))?,
            kind: Kind::Files(dir.into()),
        })
    }

    /// Tries the transport without sending (`server doctor`): the SMTP server greets and
    /// accepts EHLO (and the login, when the URL has one), or the folder takes a file. What
    /// it reached, or why not.
    pub async fn check(&self) -> Result<String, String> {
        match &self.kind {
            Kind::Smtp(t) => match t.test_connection().await {
                Ok(true) => Ok("the SMTP server answered".into()),
                Ok(false) => Err("the SMTP server did not answer".into()),
                Err(e) => Err(format!("the SMTP server could not be reached: {e}")),
            },
            Kind::Files(dir) if !dir.exists() => Ok(format!(
                "development: files in {} (made at the server's start)",
                dir.display()
            )),
            Kind::Files(dir) => {
                let probe = dir.join(".doctor-probe");
                std::fs::write(&probe, b"probe")
                    .and_then(|()| std::fs::remove_file(&probe))
                    .map(|()| format!("development: files in {}", dir.display()))
                    .map_err(|e| format!("{} is not writable: {e}", dir.display()))
            }
        }
    }

    /// One line for the start-up log.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Smtp(_) => "SMTP".into(),
            Kind::Files(d) => format!("files in {}", d.display()),
        }
    }

    /// Builds the MIME message (text and HTML alternatives) with a fixed Message-ID, so a
    /// message retried after a failure is recognisably the same message.
    fn message(&self, mail: &Mail, message_id: &str) -> Result<Message, SendError> {
        let to: Mailbox = mail.to.parse().map_err(|_| SendError {
            permanent: true,
            summary: "invalid recipient address".into(),
        })?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            // RFC 5322 writes a message id in angle brackets: `<id@domain>`.
            .message_id(Some(format!("<{}>", message_id.trim_matches(['<', '>']))))
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| SendError {
                permanent: true,
                summary: format!("building message: {e}"),
            })
    }

    /// Sends one message.
    pub async fn send(&self, mail: &Mail, message_id: &str) -> Result<(), SendError> {
        let msg = self.message(mail, message_id)?;
        match &self.kind {
            Kind::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| SendError {
                permanent: e.is_permanent(),
                summary: match e.status() {
                    Some(code) => format!("SMTP {code}"),
                    None if e.is_timeout() => "SMTP timeout".into(),
                    None => "SMTP connection failed".into(),
                },
            }),
            Kind::Files(dir) => {
                let io = |e: std::io::Error| SendError {
                    permanent: false,
                    summary: format!("writing mail file: {}", e.kind()),
                };
                tokio::fs::create_dir_all(dir).await.map_err(io)?;
                // Readable by the server's user only: it holds an address, perhaps a key.
                let mut o = tokio::fs::OpenOptions::new();
                o.write(true).create(true).truncate(true);
                #[cfg(unix)]
                o.mode(0o600);
                let mut f = o.open(dir.join(file_name(message_id))).await.map_err(io)?;
                tokio::io::AsyncWriteExt::write_all(&mut f, &msg.formatted())
                    .await
                    .map_err(io)
            }
        }
    }
}
