//! Indonesian word forms for the service finder: "perpanjang", "perpanjangan" and
//! "memperpanjang" are one word to a citizen looking for a service, and so are "bikin",
//! "buat" and "pembuatan". Affixes are taken off in the manner of the Nazief-Adriani stemmer
//! (particles, possessives, derivational suffixes, then up to two prefixes with the nasal
//! prefixes' sound changes: menulis -> tulis, menyurat -> surat, memakai -> pakai,
//! mengirim -> kirim), without its dictionary: every way of taking them off is kept as a
//! candidate, and two words are the same when their candidates meet or a candidate of each
//! belongs to one group of synonyms. Candidates shorter than three letters are dropped, so
//! that short pieces do not meet by chance.

use std::collections::BTreeSet;

/// Words that mean the same to someone looking for a service, each group by one of them.
const SYNONYMS: &[&[&str]] = &[
    &["buat", "bikin", "terbit", "urus"],
    &["bayar", "setor", "lunas"],
    &["panjang", "sahkan", "sah"],
    &["ganti", "baru", "tukar"],
    &["legalisir", "legalisasi", "legalisi"],
    &["izin", "ijin"],
    &["daftar", "regist", "registrasi"],
    &["obat", "berobat"],
];

/// Words that say nothing about which service: left out of a search.
pub const STOP_WORDS: &[&str] = &[
    "cara",
    "mau",
    "ingin",
    "untuk",
    "yang",
    "di",
    "ke",
    "dan",
    "saya",
    "bagaimana",
    "gimana",
    "tolong",
    "mohon",
    "dong",
    "apa",
    "ada",
];

/// The shortest candidate kept (roots of one syllable such as "sah" are three letters).
const MIN_STEM: usize = 3;

fn strip_suffix<'a>(w: &'a str, suffixes: &[&str]) -> Vec<&'a str> {
    suffixes
        .iter()
        .filter_map(|s| w.strip_suffix(s))
        .filter(|r| r.chars().count() >= MIN_STEM)
        .collect()
}

/// The word with one derivational prefix taken off, each way it may have been put on.
fn strip_prefix(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    let vowel = |s: &str| s.chars().next().is_some_and(|c| "aiueo".contains(c));
    let mut push = |s: String| {
        if s.chars().count() >= MIN_STEM {
            out.push(s);
        }
    };
    for p in [
        "memper", "diper", "per", "di", "ke", "se", "ter", "ber", "te", "be",
    ] {
        if let Some(r) = w.strip_prefix(p) {
            push(r.to_string());
        }
    }
    // The nasal prefixes (me-, pe-) and the sound they change.
    for base in ["me", "pe"] {
        let Some(r) = w.strip_prefix(base) else {
            continue;
        };
        if let Some(x) = r.strip_prefix("nge") {
            // A root of one syllable: pengesahan -> sah.
            push(x.to_string());
        }
        if let Some(x) = r.strip_prefix("ng") {
            push(x.to_string());
            if vowel(x) {
                push(format!("k{x}"));
            }
        } else if let Some(x) = r.strip_prefix("ny") {
            push(format!("s{x}"));
        } else if let Some(x) = r.strip_prefix('m') {
            if x.starts_with(['b', 'f', 'p', 'v']) {
                push(x.to_string());
            } else if vowel(x) {
                push(format!("p{x}"));
                push(format!("m{x}"));
            }
        } else if let Some(x) = r.strip_prefix('n') {
            if x.starts_with(['c', 'd', 'j', 't', 'z', 's']) {
                push(x.to_string());
            } else if vowel(x) {
                push(format!("t{x}"));
                push(format!("n{x}"));
            }
        } else if r.starts_with(['l', 'm', 'n', 'r', 'w', 'y']) {
            push(r.to_string());
        }
        // pe- before r: perawat -> rawat is "pe" + "rawat"; per- above covers "perpanjang".
        if base == "pe"
            && let Some(x) = r.strip_prefix('r')
        {
            push(format!("r{x}"));
        }
    }
    out
}

/// Every way the word may be its root: itself, and with its affixes taken off.
pub fn stems(word: &str) -> BTreeSet<String> {
    let w = word.to_lowercase();
    let mut out: BTreeSet<String> = BTreeSet::new();
    out.insert(w.clone());
    // Inflection: particles, then possessives.
    let mut bases = vec![w.clone()];
    for set in [&["lah", "kah", "tah", "pun"][..], &["nya", "ku", "mu"][..]] {
        let more: Vec<String> = bases
            .iter()
            .flat_map(|b| strip_suffix(b, set))
            .map(str::to_string)
            .collect();
        bases.extend(more);
    }
    // Derivation: a suffix, then up to two prefixes, in each order.
    let mut forms: Vec<String> = Vec::new();
    for b in &bases {
        forms.push(b.clone());
        forms.extend(
            strip_suffix(b, &["kan", "an", "i"])
                .into_iter()
                .map(str::to_string),
        );
    }
    for f in forms.clone() {
        for once in strip_prefix(&f) {
            forms.push(once.clone());
            forms.extend(strip_prefix(&once));
            forms.extend(
                strip_suffix(&once, &["kan", "an", "i"])
                    .into_iter()
                    .map(str::to_string),
            );
        }
    }
    out.extend(forms.into_iter().filter(|f| f.chars().count() >= MIN_STEM));
    out
}

/// The stems of a word with the group of each synonym among them.
pub fn forms(word: &str) -> BTreeSet<String> {
    let mut out = stems(word);
    let more: Vec<String> = SYNONYMS
        .iter()
        .filter(|group| group.iter().any(|g| out.contains(*g)))
        .flat_map(|group| group.iter().map(|g| g.to_string()))
        .collect();
    out.extend(more);
    out
}

/// Whether two words may be one to a citizen: a stem in common, or synonyms.
pub fn same_word(a: &str, b: &str) -> bool {
    let fa = forms(a);
    forms(b).iter().any(|f| fa.contains(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_share_their_root() {
        for (a, b) in [
            ("perpanjang", "perpanjangan"),
            ("perpanjang", "memperpanjang"),
            ("pembayaran", "bayar"),
            ("membayar", "bayar"),
            ("pembuatan", "buat"),
            ("bikin", "pembuatan"),
            ("menulis", "tulis"),
            ("menyurat", "surat"),
            ("memakai", "pakai"),
            ("mengirim", "kirim"),
            ("mengurus", "urus"),
            ("pendaftaran", "daftar"),
            ("kenaikan", "naik"),
            ("legalisasi", "legalisir"),
            ("ijin", "izin"),
            ("pengesahan", "sah"),
        ] {
            assert!(same_word(a, b), "{a} / {b}: {:?} {:?}", forms(a), forms(b));
        }
    }

    #[test]
    fn different_words_stay_apart() {
        for (a, b) in [
            ("pajak", "panjang"),
            ("mutasi", "rawat"),
            ("pensiun", "pangkat"),
            ("jalan", "jalur"),
            ("obat", "darah"),
            ("inap", "jalan"),
        ] {
            assert!(!same_word(a, b), "{a} / {b}: {:?} {:?}", forms(a), forms(b));
        }
    }
}
