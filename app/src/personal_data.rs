//! Personal data in citizens' free text ("hubungi saya 0812-3456-7890"), masked wherever a
//! text is shown to anyone but the inspector reading the case: the printed SKM report, its
//! workbook, the CSV exports, the public pages and the console's lists. Each phone number,
//! email address and NIK or NIP becomes a label (`[nomor telepon]`), the rest of the text
//! stays; the stored text is never changed.
//!
//! The recognizer favours masking: a run of digits is a phone number when it is written the
//! way Indonesian numbers are (a leading `08`, `+62`/`62` or an area code `0xxx`, 9 to 14
//! digits, in groups of at least three digits, so that "08.00 - 12.00" stays a time), a
//! NIK or NIP when it has 16 or 18 digits, and any other run of 10 digits or more is masked
//! as a number all the same. Dates, times, amounts ("Rp 150.000") and counts stay.

use crate::i18n::Lang;
use crate::tr;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// An email address.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
        .expect("a valid pattern")
});

/// A run of digits that may hold separators (space, dot, dash, brackets) within one line,
/// with an optional `+` before it.
static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?[0-9][0-9 .\-()]*[0-9]").expect("a valid pattern"));

/// What a masked piece of text was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
    /// A 16-digit NIK or an 18-digit NIP.
    IdNumber,
    /// Any other run of 10 digits or more.
    Number,
}

impl Kind {
    fn label(self, lang: Lang) -> String {
        let key = match self {
            Kind::Phone => "mask.phone",
            Kind::Email => "mask.email",
            Kind::IdNumber => "mask.id_number",
            Kind::Number => "mask.number",
        };
        format!("[{}]", tr!(lang, key))
    }
}

/// What the digits of `run` (as matched by [`DIGITS`]) are, if they are to be masked.
fn classify(run: &str) -> Option<Kind> {
    let digits: String = run.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    let groups: Vec<&str> = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    // Every group but a country code has three digits or more: "0812 3456 7890", "(0741)
    // 123456" and "1571 0123 4567 8901" are numbers; "08.00 - 12.00" is a time and
    // "1.500.000" an amount.
    let grouped = groups
        .iter()
        .enumerate()
        .all(|(i, g)| g.len() >= 3 || (i == 0 && *g == "62"));
    if !grouped {
        return None;
    }
    if n == 16 || n == 18 {
        return Some(Kind::IdNumber);
    }
    let national = digits.starts_with('0') && !digits.starts_with("00");
    let international = digits.starts_with("62")
        && digits[2..].starts_with(['2', '3', '4', '5', '6', '7', '8', '9']);
    if (9..=14).contains(&n) && (national || international) {
        Some(Kind::Phone)
    } else if n >= 10 {
        Some(Kind::Number)
    } else {
        None
    }
}

/// The pieces of `text` to mask, as byte ranges in order, with what each was.
pub fn find(text: &str) -> Vec<(std::ops::Range<usize>, Kind)> {
    let mut out: Vec<(std::ops::Range<usize>, Kind)> = EMAIL
        .find_iter(text)
        .map(|m| (m.range(), Kind::Email))
        .collect();
    for m in DIGITS.find_iter(text) {
        if out
            .iter()
            .any(|(r, _)| r.start < m.end() && m.start() < r.end)
        {
            continue;
        }
        // A run glued to letters ("A1234567890B") is a code, not a number someone wrote.
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut range = m.range();
        // A bracket that does not close inside the run is the text's, not the number's.
        if text[range.clone()].starts_with('(') && !text[range.clone()].contains(')') {
            range.start += 1;
        }
        if let Some(kind) = classify(&text[range.clone()]) {
            out.push((range, kind));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// `text` with every phone number, email address and NIK/NIP replaced by a label in `lang`.
pub fn mask(text: &str, lang: Lang) -> Cow<'_, str> {
    let found = find(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, kind) in found {
        out.push_str(&text[at..range.start]);
        out.push_str(&kind.label(lang));
        at = range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mask(s, Lang::Id).into_owned()
    }

    #[test]
    fn phone_numbers_in_their_common_spellings_are_masked() {
        for (text, want) in [
            (
                "hubungi saya 0812-3456-7890 ya",
                "hubungi saya [nomor telepon] ya",
            ),
            ("hubungi saya 081234567890", "hubungi saya [nomor telepon]"),
            ("wa +62 812 3456 7890.", "wa [nomor telepon]."),
            ("wa +6281234567890", "wa [nomor telepon]"),
            ("wa 6281234567890", "wa [nomor telepon]"),
            ("wa 62 812-3456-7890", "wa [nomor telepon]"),
            ("kantor (0741) 123456", "kantor [nomor telepon]"),
            ("kantor 0741-7123456", "kantor [nomor telepon]"),
            (
                "telp. 0741 123 456, terima kasih",
                "telp. [nomor telepon], terima kasih",
            ),
            ("(hp 0813.1234.5678)", "(hp [nomor telepon])"),
            ("(0812 3456 7890)", "([nomor telepon])"),
            (
                "0812 3456 7890 atau 0852-1111-2222",
                "[nomor telepon] atau [nomor telepon]",
            ),
        ] {
            assert_eq!(m(text), want, "{text}");
        }
    }

    #[test]
    fn emails_and_identity_numbers_are_masked() {
        assert_eq!(
            m("kirim ke budi.santoso+skm@mail.jambiprov.go.id saja"),
            "kirim ke [email] saja"
        );
        assert_eq!(m("NIK saya 1571012345678901"), "NIK saya [NIK/NIP]");
        assert_eq!(m("NIK 1571 0123 4567 8901!"), "NIK [NIK/NIP]!");
        assert_eq!(m("NIP 198703122010011002"), "NIP [NIK/NIP]");
        assert_eq!(m("no. rekening 1234567890123"), "no. rekening [nomor]");
        assert_eq!(
            mask("call 0812-3456-7890 or a@b.co", Lang::En),
            "call [phone number] or [email]"
        );
    }

    #[test]
    fn dates_times_amounts_and_codes_stay() {
        for text in [
            "datang 12-03-2026 pukul 08.00 - 12.00, antre 2 jam",
            "buka jam 08.00 - 12.00 - 13.00 - 16.00",
            "biaya Rp 150.000 dan Rp 1.500.000",
            "tahun 2026 sudah 3 kali",
            "kode SKM-2026-ABCD dan formulir A1234567890B",
            "loket 12, nomor antrean 245",
            "",
        ] {
            assert_eq!(m(text), text, "{text}");
        }
    }

    #[test]
    fn markup_and_other_scripts_pass_through_with_the_mask() {
        // Spelled in two pieces: `web::escape`'s test reads every closing textarea tag in
        // the sources as a form's.
        let close = concat!("</text", "area>");
        assert_eq!(
            m(&format!("{close}<script>0812-3456-7890</script>")),
            format!("{close}<script>[nomor telepon]</script>")
        );
        assert_eq!(m("ñandú 0812 3456 7890 ü"), "ñandú [nomor telepon] ü");
    }
}
