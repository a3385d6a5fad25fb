//! Mail templates (`app/templates/mail/{name}.{lang}.txt`): the first line is the subject,
//! the rest the plain text; the HTML part is derived from the text so the two never differ.

use super::Mail;
use crate::i18n::Lang;
use minijinja::Environment;
use serde::Serialize;
use std::sync::OnceLock;

/// The mails Suara sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// To the reporter: the report arrived, here is its tracking code.
    Receipt,
    /// To the inspectors responsible for the unit: a new report to verify.
    InspectorAlert,
    /// To the reporter: the report's status changed.
    StatusChanged,
    /// To an inspector: the cases past their deadline (daily).
    OverdueDigest,
    /// To a staff member: a one-time link to choose a new password.
    PasswordReset,
    /// To a new staff member: their account, and a link to set its password.
    StaffInvite,
    /// To staff: a case needs them (forwarded to their unit, followed up by the unit,
    /// reopened by the reporter).
    CaseUpdate,
    /// To the reporter: a question from the Inspectorate, to answer with the reply key.
    Question,
    /// To a unit's officers and the managers who read it: its IKM fell (early warning).
    IkmWarning,
    /// To a unit's officers: actions of its SKM follow-up plan reached their due date.
    FollowUpDue,
}

impl Template {
    /// The file stem and outbox kind.
    pub fn name(self) -> &'static str {
        match self {
            Template::Receipt => "receipt",
            Template::InspectorAlert => "inspector_alert",
            Template::StatusChanged => "status_changed",
            Template::OverdueDigest => "overdue_digest",
            Template::PasswordReset => "password_reset",
            Template::StaffInvite => "staff_invite",
            Template::CaseUpdate => "case_update",
            Template::Question => "question",
            Template::IkmWarning => "ikm_warning",
            Template::FollowUpDue => "follow_up_due",
        }
    }
}

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../../templates/mail/", $name)))),+]
    };
}

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in templates!(
            "receipt.id.txt",
            "receipt.en.txt",
            "inspector_alert.id.txt",
            "inspector_alert.en.txt",
            "status_changed.id.txt",
            "status_changed.en.txt",
            "overdue_digest.id.txt",
            "overdue_digest.en.txt",
            "password_reset.id.txt",
            "password_reset.en.txt",
            "staff_invite.id.txt",
            "staff_invite.en.txt",
            "case_update.id.txt",
            "case_update.en.txt",
            "question.id.txt",
            "question.en.txt",
            "ikm_warning.id.txt",
            "ikm_warning.en.txt",
            "follow_up_due.id.txt",
            "follow_up_due.en.txt",
        ) {
            env.add_template(name, source)
                .expect("mail templates are valid (checked by the unit tests)");
        }
        env
    })
}

/// Renders a template for a recipient.
pub fn render(
    template: Template,
    lang: Lang,
    to: &str,
    ctx: impl Serialize,
) -> Result<Mail, minijinja::Error> {
    let name = format!("{}.{}.txt", template.name(), lang.code());
    let out = env().get_template(&name)?.render(ctx)?;
    let (subject, text) = out.split_once('\n').unwrap_or((&out, ""));
    let text = text.trim_start_matches('\n').trim_end().to_string() + "\n";
    Ok(Mail {
        to: to.to_string(),
        subject: subject.trim().to_string(),
        html: to_html(&text, lang),
        text,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Paragraphs and clickable links from plain text.
fn to_html(text: &str, lang: Lang) -> String {
    let paras: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p
                .lines()
                .map(|l| {
                    l.split(' ')
                        .map(|w| {
                            if w.starts_with("https://") || w.starts_with("http://") {
                                format!("<a href=\"{0}\">{0}</a>", escape(w))
                            } else {
                                escape(w)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            format!("<p>{}</p>\n", lines.join("<br>\n"))
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif;line-height:1.5\">\n{paras}</body></html>\n",
        lang.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn every_template_renders_in_both_languages() {
        for t in [
            Template::Receipt,
            Template::InspectorAlert,
            Template::StatusChanged,
            Template::OverdueDigest,
            Template::PasswordReset,
            Template::StaffInvite,
            Template::CaseUpdate,
            Template::Question,
        ] {
            for lang in [Lang::Id, Lang::En] {
                let m = render(
                    t,
                    lang,
                    "warga@example.id",
                    context!(code => "7KQ2-MX9D-4TRB", url => "https://suara.example/lacak/7KQ2MX9D4TRB",
                        category => "Pungutan liar", unit => "Bapenda", status => "Diverifikasi",
                        reply => "Kami telah memeriksa loket.", date => "22-11-2026", mode => "rahasia",
                        name => "Inspektur", count => 1, reopened => false, merged => false, outcome => "Laporan Anda terbukti; layanan diperbaiki.", ask_feedback => Some("Senin, 21 Desember 2026"), event => "forwarded", due => "Senin, 8 Desember 2026", minutes => 60, days => 3, role => "Inspektur", key => "4821 0937 1156 2208", question => "Jam berapa kejadiannya?",
                        cases => vec![context!(code => "7KQ2-MX9D-4TRB", status => "Diterima", unit => "Bapenda", due => "20-11-2026")]),
                )
                .unwrap_or_else(|e| panic!("{} {:?}: {e}", t.name(), lang));
                assert!(!m.subject.is_empty());
                // Each mail carries the case's code or the link it is about.
                let about = |t: &str| {
                    t.contains("7KQ2-MX9D-4TRB")
                        || t.contains("https://suara.example/lacak/7KQ2MX9D4TRB")
                };
                assert!(about(&m.text), "{}", m.text);
                assert!(about(&m.html));
            }
        }
    }

    #[test]
    fn staff_case_updates_name_the_event_and_never_the_reporters_words() {
        for (event, subject) in [
            (
                "forwarded",
                "Pengaduan 7KQ2-MX9D-4TRB diteruskan ke Bapenda",
            ),
            ("followed_up", "Tindak lanjut Bapenda untuk 7KQ2-MX9D-4TRB"),
            ("reopened", "Pelapor membuka kembali 7KQ2-MX9D-4TRB"),
        ] {
            let m = render(
                Template::CaseUpdate,
                Lang::Id,
                "staf@jambiprov.go.id",
                context!(event => event, code => "7KQ2-MX9D-4TRB", category => "Pungutan liar",
                    unit => "Bapenda", name => "Inspektur", due => "Senin, 8 Desember 2026",
                    url => "https://suara.example/staf/kasus/7KQ2MX9D4TRB"),
            )
            .unwrap();
            assert_eq!(m.subject, subject);
            assert!(m.text.contains("Senin, 8 Desember 2026"), "{}", m.text);
        }
    }

    #[test]
    fn a_reopening_does_not_quote_the_reporter_back_as_the_reply() {
        let m = render(
            Template::StatusChanged,
            Lang::Id,
            "warga@example.id",
            context!(code => "7KQ2-MX9D-4TRB", status => "Diverifikasi", reply => None::<String>,
                reopened => true, merged => false, outcome => None::<String>, ask_feedback => None::<String>, url => "https://suara.example/lacak/7KQ2MX9D4TRB"),
        )
        .unwrap();
        assert!(m.text.contains("Keberatan Anda sudah kami terima"));
        assert!(!m.text.contains("Tanggapan"), "{}", m.text);
    }

    #[test]
    fn the_follow_up_mail_lists_each_action_due() {
        for lang in [Lang::Id, Lang::En] {
            let m = render(
                Template::FollowUpDue,
                lang,
                "petugas@jambiprov.go.id",
                context!(name => "Petugas", unit => "Bapenda", count => 2,
                    url => "https://suara.example/staf/tindak-lanjut?unit=bapenda&periode=2026-Q3",
                    actions => vec![
                        context!(element => "U3", action => "Papan waktu layanan", responsible => "Seksi Pelayanan", due => "Senin, 7 Desember 2026", status => "Direncanakan"),
                        context!(element => "U7", action => "<b>Pelatihan</b> sikap", responsible => "Kasubbag Umum", due => "Senin, 7 Desember 2026", status => "Sedang berjalan"),
                    ]),
            )
            .unwrap();
            assert!(
                m.subject.contains("Bapenda") && m.subject.contains('2'),
                "{}",
                m.subject
            );
            for part in [
                "U3: Papan waktu layanan",
                "Kasubbag Umum",
                "unit=bapenda&periode=2026-Q3",
            ] {
                assert!(m.text.contains(part), "{part}: {}", m.text);
            }
            assert!(!m.html.contains("<b>Pelatihan"), "escaped in HTML");
        }
    }

    #[test]
    fn html_escapes_and_links() {
        let h = to_html("a < b & c\n\nhttps://x.id/lacak/A", Lang::Id);
        assert!(h.contains("a &lt; b &amp; c"));
        assert!(h.contains("<a href=\"https://x.id/lacak/A\">"));
    }
}
