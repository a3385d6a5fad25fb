//! Free text people type into forms, made storable and honest before any rule counts it:
//! control characters (NUL included, which PostgreSQL refuses in text) and invisible
//! formatting characters (zero-width spaces and joiners, bidirectional overrides, the byte
//! order mark, soft hyphens) are removed; line ends become `\n`; the ends are trimmed.

/// Whether `c` is invisible formatting that can make a text look other than it reads.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}')
}

/// The text as stored: without control characters other than line breaks and tabs, without
/// invisible formatting, `\r\n` and `\r` as `\n`, trimmed.
pub fn clean(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter(|c| (!c.is_control() || matches!(c, '\n' | '\t')) && !invisible(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// How many characters of `text` can be seen: letters, digits, punctuation and symbols;
/// not spaces, controls, invisible formatting or combining marks on their own.
pub fn visible_chars(text: &str) -> usize {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !invisible(*c)
                && !('\u{0300}'..='\u{036F}').contains(c)
                && !('\u{1AB0}'..='\u{1AFF}').contains(c)
                && !('\u{20D0}'..='\u{20FF}').contains(c)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_and_control_characters_go_and_do_not_count() {
        assert_eq!(
            clean("  saksi\u{0}\u{200B} kunci\r\n baris\u{FEFF} "),
            "saksi kunci\n baris"
        );
        assert_eq!(clean("\u{202E}gnp.exe"), "gnp.exe");
        assert_eq!(clean("\u{200B}".repeat(11).as_str()), "");
        assert_eq!(visible_chars(&"\u{0301}".repeat(12)), 0);
        assert_eq!(visible_chars("perlu saksi"), 10);
        assert_eq!(visible_chars("Perlu menghubungi pelapor."), 24);
        assert_eq!(clean("Baris\tkedua"), "Baris\tkedua");
    }
}
