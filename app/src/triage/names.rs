//! Officers named more than once: reading the names a report's "who" field gives (a
//! reporter writes "Pak Budi di loket 2", "Budi S." or "BUDI SANTOSO, S.H."), and a fuzzy
//! match between two of them. Pure functions; the inspectors' list of earlier reports is
//! [`super::outcome::repeat_names`].
//!
//! A name is normalised: lower case; forms of address (Pak, Bu, Mas, Sdr. ...), academic
//! and religious titles (S.H., M.Si., Drs., H. ...) and words that describe rather than
//! name (petugas, loket, berseragam ...) dropped; the old spelling made new (oe -> u,
//! dj -> j, tj -> c, sj -> sy, nj -> ny); doubled letters single; the forms of Muhammad one.
//! Two names match when every word of the one with fewer full words is found, in order, in
//! the other: the same word, an initial of it ("S." for Santoso), or one letter off in a
//! word of five letters or more; and at least one full word is the same. "Pak Budi" thus
//! matches every Budi of the unit: the list is a lead for the inspector, never a finding.
//!
//! Measured by the unit test `false_matches_are_rare_and_the_same_officer_is_found`, on
//! 40 officers of one unit drawn from common Indonesian names, five reports each, named by
//! reporters in ten ways (with and without titles, a first name alone, a surname alone, an
//! initial, a typo): 1.3 % of pairs of reports about different officers match (250 of
//! 19,500: nearly all two officers sharing a first or last name, one named by it alone),
//! and 94.0 % of pairs about the same officer match (376 of 400; the misses are a surname
//! alone against a first name with that surname's initial, and typos in short names).

/// Forms of address that come before a name.
const ADDRESS: &[&str] = &[
    "pak", "bapak", "bpk", "bp", "bu", "ibu", "mas", "mbak", "mba", "bang", "abang", "kak",
    "kakak", "sdr", "sdri", "saudara", "saudari", "tuan", "nyonya", "ny", "nona", "dik", "adik",
    "om", "tante", "uda", "uni", "cik", "encik", "datuk", "kang", "teh", "ko", "koh", "ci", "cece",
    "mister", "miss", "bro", "sis", "akang", "ustadz", "ustaz",
];

/// Words that say a name follows.
const NAME_MARKERS: &[&str] = &["bernama", "namanya", "nama", "dipanggil", "panggilannya"];

/// Academic, professional and religious titles, written without their dots.
const TITLES: &[&str] = &[
    "h", "hj", "haji", "hajah", "hajjah", "dr", "drs", "dra", "ir", "prof", "sh", "se", "skom",
    "ssos", "spd", "sip", "sag", "st", "ssi", "spsi", "sfarm", "sked", "skep", "skm", "sak", "stp",
    "sp", "shut", "sthi", "ssy", "shi", "sei", "spdi", "ssn", "sds", "msi", "mm", "mh", "mpd",
    "mkes", "mkom", "mak", "map", "mt", "msc", "ma", "mba", "mag", "mhum", "amd", "amdkep",
    "amdkeb", "ners", "ns", "bsc", "ba", "phd", "spog", "spa", "sppd", "spb", "sked", "apt", "kh",
    "tgh", "dt",
];

/// Words of a "who" field that describe the officer rather than name them.
const NOT_NAMES: &[&str] = &[
    "petugas",
    "pegawai",
    "staf",
    "staff",
    "karyawan",
    "oknum",
    "asn",
    "pns",
    "honorer",
    "pppk",
    "loket",
    "bagian",
    "seksi",
    "bidang",
    "subbag",
    "kasubag",
    "kasubbag",
    "kasi",
    "kabid",
    "kadis",
    "kepala",
    "sekretaris",
    "camat",
    "lurah",
    "kades",
    "sekdes",
    "satpam",
    "security",
    "dokter",
    "perawat",
    "bidan",
    "apoteker",
    "sopir",
    "supir",
    "kasir",
    "operator",
    "admin",
    "pendaftaran",
    "informasi",
    "pelayanan",
    "layanan",
    "yang",
    "di",
    "dan",
    "atau",
    "dengan",
    "dari",
    "ke",
    "itu",
    "ini",
    "tersebut",
    "seorang",
    "dua",
    "tiga",
    "orang",
    "laki",
    "lakilaki",
    "perempuan",
    "wanita",
    "pria",
    "cowok",
    "cewek",
    "berbaju",
    "berseragam",
    "baju",
    "seragam",
    "kemeja",
    "jilbab",
    "berjilbab",
    "kacamata",
    "berkacamata",
    "gemuk",
    "kurus",
    "tinggi",
    "pendek",
    "tua",
    "muda",
    "botak",
    "rambut",
    "sekitar",
    "kira",
    "kirakira",
    "tahun",
    "umur",
    "usia",
    "jam",
    "pukul",
    "nomor",
    "no",
    "ruang",
    "ruangan",
    "meja",
    "counter",
    "unit",
    "kantor",
    "uptd",
    "dinas",
    "rsud",
    "samsat",
    "tidak",
    "tahu",
    "tau",
    "kenal",
    "namanya",
    "bernama",
    "sebut",
    "disebut",
    "dipanggil",
    "panggilan",
    "biasa",
    "juga",
    "lain",
    "lainnya",
    "semua",
    "para",
    "ada",
    "sedang",
    "saat",
    "waktu",
    "hari",
    "pagi",
    "siang",
    "sore",
    "malam",
    "shift",
    "jaga",
    "piket",
    "tugas",
    "bertugas",
    "warna",
    "hitam",
    "putih",
    "coklat",
    "cokelat",
    "biru",
    "hijau",
    "merah",
    "kuning",
    "abu",
    "saya",
    "kami",
    "kita",
    "dia",
    "beliau",
    "mereka",
    "melayani",
    "meminta",
    "minta",
    "membentak",
    "marah",
    "menerima",
    "bilang",
    "berkata",
    "mengatakan",
    "pelaksana",
    "teknis",
    "tim",
    "kolektor",
    "juru",
    "parkir",
    "penagih",
    "pengawas",
    "penguji",
    "pemeriksa",
    "verifikator",
    "bendahara",
];

/// The forms of Muhammad, all read as one.
const MUHAMMAD: &[&str] = &[
    "muhamad", "mohamad", "mohd", "moh", "muh", "mochamad", "muchamad", "mochamat", "muhamat",
    "mohamat", "mokhamad", "mukhamad",
];

/// A name as read from a report: its words, normalised; an initial is one letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name(pub Vec<String>);

impl Name {
    fn full_words(&self) -> usize {
        self.0.iter().filter(|w| w.chars().count() > 1).count()
    }

    /// The name written out, for the inspector to read.
    pub fn shown(&self) -> String {
        self.0
            .iter()
            .map(|w| {
                let mut c = w.chars();
                let first = c.next().map(|f| f.to_uppercase().collect::<String>());
                let rest: String = c.collect();
                let word = first.unwrap_or_default() + &rest;
                if w.chars().count() == 1 {
                    word + "."
                } else {
                    word
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One word in the spelling names are compared in.
fn spelling(word: &str) -> String {
    let w = word
        .replace("oe", "u")
        .replace("dj", "j")
        .replace("tj", "c")
        .replace("sj", "sy")
        .replace("nj", "ny");
    let mut out = String::new();
    for c in w.chars() {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    if MUHAMMAD.contains(&out.as_str()) {
        return "muhamad".into();
    }
    out
}

/// A word of a report, as compared: letters only, lower case; dots of an abbreviation
/// dropped ("S.H." -> "sh").
fn word_of(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The names a "who" field gives. Parts are cut at commas, semicolons, brackets, slashes
/// and "dan"/"atau"; in each, the words after a form of address or "bernama" are the name
/// (up to three), and otherwise what is left once titles and describing words are gone.
pub fn names_in(who: &str) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::new();
    // Anything but letters, spaces and the marks that part or abbreviate names parts words.
    let lowered: String = who
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphabetic() || c.is_whitespace() || ".,;()/|:'&-\n".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    for part in lowered.split([',', ';', '(', ')', '/', '\n', '|', ':']) {
        for piece in split_words(part, &["dan", "atau", "serta", "&"]) {
            let tokens: Vec<(String, bool)> = piece
                .split_whitespace()
                .map(|raw| {
                    // A one-letter word written with its dot is an initial ("S.").
                    let initial = raw.trim_end_matches(['.', ',']).chars().count() == 1
                        && raw.chars().next().is_some_and(char::is_alphabetic);
                    (word_of(raw), initial)
                })
                .filter(|(w, _)| !w.is_empty())
                .collect();
            if let Some(name) = name_of(&tokens)
                && !out.contains(&name)
            {
                out.push(name);
            }
        }
    }
    out
}

fn split_words(text: &str, separators: &[&str]) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for w in text.split_whitespace() {
        if separators.contains(&w) {
            pieces.push(String::new());
        } else if let Some(last) = pieces.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(w);
        }
    }
    pieces.into_iter().filter(|p| !p.is_empty()).collect()
}

fn is_title(w: &str, position: usize, len: usize) -> bool {
    // "H." before a name is Haji; alone it may be an initial.
    if matches!(w, "h" | "hj") {
        return position + 1 < len;
    }
    TITLES.contains(&w)
}

fn name_of(tokens: &[(String, bool)]) -> Option<Name> {
    let len = tokens.len();
    let is_marker = |w: &str| ADDRESS.contains(&w) || NAME_MARKERS.contains(&w);
    // After a form of address or "bernama": the words up to the next describing word.
    if let Some(m) = tokens.iter().position(|(w, _)| is_marker(w)) {
        let words: Vec<String> = tokens[m + 1..]
            .iter()
            .enumerate()
            .skip_while(|(i, (w, _))| is_title(w, m + 1 + i, len) || is_marker(w))
            .take_while(|(_, (w, _))| !NOT_NAMES.contains(&w.as_str()))
            .filter(|(i, (w, _))| !is_title(w, m + 1 + i, len))
            .map(|(_, (w, _))| spelling(w))
            .take(3)
            .collect();
        let name = Name(words);
        if name.full_words() > 0 {
            return Some(name);
        }
    }
    // Otherwise a short part that is a name once titles and describing words are gone; a
    // longer one describes someone.
    if len > 5 {
        return None;
    }
    let words: Vec<String> = tokens
        .iter()
        .enumerate()
        .filter(|(i, (w, _))| {
            !is_title(w, *i, len) && !NOT_NAMES.contains(&w.as_str()) && !is_marker(w)
        })
        .map(|(_, (w, initial))| if *initial { w.clone() } else { spelling(w) })
        .take(4)
        .collect();
    let name = Name(words);
    (name.full_words() > 0).then_some(name)
}

/// Whether two words may be the same part of a name: equal, an initial of the other, or
/// (five letters or more, same first letter) one letter off.
fn word_match(a: &str, b: &str) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la == 1 || lb == 1 {
        let (i, w) = if la == 1 { (a, b) } else { (b, a) };
        return w.starts_with(i).then_some(false);
    }
    if la >= 5 && lb >= 5 && a.chars().next() == b.chars().next() && edits_at_most_one(a, b) {
        return Some(true);
    }
    None
}

fn edits_at_most_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let mut i = 0;
    while i < short.len() && short[i] == long[i] {
        i += 1;
    }
    if short.len() == long.len() {
        i == short.len() || short[i + 1..] == long[i + 1..]
    } else {
        short[i..] == long[i + 1..]
    }
}

/// Whether two names may be the same officer (see the module's comment).
pub fn same_officer(a: &Name, b: &Name) -> bool {
    let (s, l) = if (a.full_words(), a.0.len()) <= (b.full_words(), b.0.len()) {
        (a, b)
    } else {
        (b, a)
    };
    // Every word of the shorter, in order, against a word of the longer; a full word the
    // same at least once.
    let mut j = 0;
    let mut full_same = false;
    for w in &s.0 {
        let mut found = false;
        while j < l.0.len() {
            let m = word_match(w, &l.0[j]);
            j += 1;
            if let Some(full) = m {
                full_same |= full;
                found = true;
                break;
            }
        }
        if !found {
            return false;
        }
    }
    full_same
}

/// Whether any name of one report may be an officer any name of the other names; the pair
/// that matched.
pub fn matching<'a>(a: &'a [Name], b: &'a [Name]) -> Option<(&'a Name, &'a Name)> {
    a.iter()
        .flat_map(|x| b.iter().map(move |y| (x, y)))
        .find(|(x, y)| same_officer(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(who: &str) -> Name {
        let n = names_in(who);
        assert_eq!(n.len(), 1, "{who}: {n:?}");
        n.into_iter().next().expect("one name")
    }

    fn words(who: &str) -> Vec<String> {
        one(who).0
    }

    #[test]
    fn titles_forms_of_address_and_case_are_stripped() {
        assert_eq!(words("Pak Budi"), ["budi"]);
        assert_eq!(words("Budi S."), ["budi", "s"]);
        assert_eq!(words("BUDI SANTOSO, S.H."), ["budi", "santoso"]);
        assert_eq!(words("Drs. H. Ahmad Fauzi, M.Si."), ["ahmad", "fauzi"]);
        assert_eq!(words("Ibu Hj. Siti Aminah"), ["siti", "aminah"]);
        assert_eq!(words("petugas loket 3 yang bernama Rudi"), ["rudi"]);
        assert_eq!(words("Pak Budi di loket 2, berseragam coklat"), ["budi"]);
        assert_eq!(words("Soekarno"), ["sukarno"]);
        assert_eq!(words("Moh. Ridwan"), ["muhamad", "ridwan"]);
        assert!(names_in("Petugas loket 3").is_empty());
        assert!(names_in("seorang pria berkacamata, sekitar 40 tahun").is_empty());
        assert!(names_in("").is_empty());
        let two = names_in("Pak Budi dan Bu Siti");
        assert_eq!(
            two,
            vec![Name(vec!["budi".into()]), Name(vec!["siti".into()])]
        );
        assert_eq!(one("BUDI SANTOSO, S.H.").shown(), "Budi Santoso");
        assert_eq!(one("Budi S.").shown(), "Budi S.");
    }

    #[test]
    fn indonesian_variants_of_one_officer_match() {
        let variants = [
            "Pak Budi",
            "Budi S.",
            "BUDI SANTOSO, S.H.",
            "budi santoso",
            "Bapak Budi Santoso di loket 2",
            "petugas bernama Budi",
            "Sdr. Budi Santosa",
        ];
        for a in variants {
            for b in variants {
                assert!(same_officer(&one(a), &one(b)), "{a} / {b}");
            }
        }
        assert!(same_officer(&one("M. Ridwan"), &one("Muhammad Ridwan")));
        assert!(same_officer(
            &one("Mohammad Ridwan"),
            &one("Muhamad Ridwan")
        ));
        assert!(same_officer(&one("Soeharto"), &one("Pak Suharto")));
        assert!(same_officer(&one("Djoko Widodo"), &one("Joko W.")));
        assert!(same_officer(&one("Pak Santoso"), &one("Budi Santoso")));
    }

    #[test]
    fn different_officers_do_not_match() {
        let pairs = [
            ("Budi Santoso", "Budi Hartono"),
            ("Budi S.", "Budi Hartono"),
            ("Pak Budi", "Bu Siti"),
            ("Hendra Lubis", "Indra Lubis"),
            ("Rina Marlina", "Rini Marlina"),
            ("B. Santoso", "Bambang Sutrisno"),
            ("Ahmad Fauzi", "Fauzi Ahmad"),
            ("Dewi", "Dedi"),
        ];
        for (a, b) in pairs {
            assert!(!same_officer(&one(a), &one(b)), "{a} / {b}");
        }
        // Initials alone are no match.
        assert!(!same_officer(&Name(vec!["b".into()]), &one("Budi Santoso")));
    }

    /// A small deterministic generator (SplitMix64), so the figures in the module's
    /// comment are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    #[test]
    fn false_matches_are_rare_and_the_same_officer_is_found() {
        const FIRST: &[&str] = &[
            "Budi",
            "Siti",
            "Ahmad",
            "Dewi",
            "Rudi",
            "Sri",
            "Agus",
            "Nur",
            "Hendra",
            "Rina",
            "Joko",
            "Fitri",
            "Andi",
            "Yanti",
            "Dedi",
            "Wati",
            "Eko",
            "Lestari",
            "Bambang",
            "Rahmat",
            "Iwan",
            "Yusuf",
            "Dian",
            "Fajar",
            "Hasan",
            "Indra",
            "Irwan",
            "Kurnia",
            "Lukman",
            "Maya",
            "Novi",
            "Putri",
            "Reza",
            "Rizki",
            "Sari",
            "Taufik",
            "Wahyu",
            "Yudi",
            "Zulkifli",
            "Syahrial",
            "Firdaus",
            "Hidayat",
            "Ratna",
            "Mulyadi",
            "Suryani",
            "Heri",
            "Ani",
            "Asep",
            "Dodi",
            "Erna",
            "Fauzi",
            "Gunawan",
            "Hadi",
            "Ilham",
            "Junaidi",
            "Kartini",
            "Lina",
            "Mardiana",
            "Nasrul",
            "Oktaviani",
        ];
        const LAST: &[&str] = &[
            "Santoso",
            "Hartono",
            "Wijaya",
            "Saputra",
            "Lubis",
            "Siregar",
            "Harahap",
            "Nasution",
            "Pratama",
            "Kusuma",
            "Hidayat",
            "Rahman",
            "Setiawan",
            "Gunawan",
            "Susanto",
            "Wibowo",
            "Purnomo",
            "Sulistyo",
            "Marlina",
            "Anggraini",
            "Yulianti",
            "Permata",
            "Syahputra",
            "Effendi",
            "Hamzah",
            "Ismail",
            "Jamil",
            "Kadir",
            "Lukito",
            "Munir",
        ];
        let mut rng = Rng(2026);
        // Forty officers of one unit, each with a distinct full name.
        let mut officers: Vec<(String, String)> = Vec::new();
        while officers.len() < 40 {
            let o = (rng.pick(FIRST).to_string(), rng.pick(LAST).to_string());
            if !officers.contains(&o) {
                officers.push(o);
            }
        }
        let ways = |rng: &mut Rng, (f, l): &(String, String)| -> String {
            match rng.next() % 10 {
                0 => format!("Pak {f}"),
                1 => format!("{f} {}.", &l[..1]),
                2 => format!("{}, S.H.", format!("{f} {l}").to_uppercase()),
                3 => format!("{f} {l}"),
                4 => format!("petugas loket bernama {f}"),
                5 => format!("Bu {f} {l} di loket 2"),
                6 => format!("Sdr. {f} {l}, A.Md."),
                7 => format!("Pak {l}"),
                // A typo in the last letter of the surname ("Santosa").
                8 => {
                    let mut typo: Vec<char> = l.chars().collect();
                    if let Some(c) = typo.last_mut() {
                        *c = if *c == 'a' { 'o' } else { 'a' };
                    }
                    format!("{f} {}", typo.into_iter().collect::<String>())
                }
                _ => format!("{} {l}", f.to_lowercase()),
            }
        };
        // Five reports per officer.
        let reports: Vec<(usize, Vec<Name>)> = (0..200)
            .map(|i| {
                let who = i % officers.len();
                let text = ways(&mut rng, &officers[who]);
                (who, names_in(&text))
            })
            .collect();
        let (mut same, mut same_found, mut other, mut other_found) = (0u32, 0u32, 0u32, 0u32);
        for (i, a) in reports.iter().enumerate() {
            for b in &reports[i + 1..] {
                let m = matching(&a.1, &b.1).is_some();
                if a.0 == b.0 {
                    same += 1;
                    same_found += u32::from(m);
                } else {
                    other += 1;
                    other_found += u32::from(m);
                }
            }
        }
        let false_rate = f64::from(other_found) / f64::from(other);
        let found_rate = f64::from(same_found) / f64::from(same);
        println!(
            "false matches {other_found}/{other} = {:.1} %; same officer found {same_found}/{same} = {:.1} %",
            false_rate * 100.0,
            found_rate * 100.0
        );
        assert!(false_rate < 0.03, "false-match rate {false_rate}");
        assert!(found_rate > 0.9, "same-officer rate {found_rate}");
    }
}
