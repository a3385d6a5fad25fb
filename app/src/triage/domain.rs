//! Reporter protection in the console: who may open a rahasia reporter's sealed identity and
//! who sees an open reporter's name. (The workflow's state machine is the complaint's own:
//! [`crate::complaints::domain::workflow`].)

use crate::accounts::domain::Role;

/// Whether this role may open a rahasia reporter's sealed identity (always logged): only
/// inspectors, never unit officers, managers or admins.
pub fn may_reveal(role: Role) -> bool {
    role == Role::Inspector
}

/// Whether this staff member may open the rahasia identity of a case handled by `handler`:
/// an inspector, and once someone handles the case, only that inspector or the head of the
/// Inspectorate (an inspector over every unit). Every opening is logged with its reason.
#[cfg(feature = "ssr")]
pub fn may_reveal_case(staff: &crate::accounts::session::Staff, handler: Option<i32>) -> bool {
    may_reveal(staff.role) && handler.is_none_or(|h| h == staff.id || staff.unit_ids.is_empty())
}

/// Whether this role sees a terbuka reporter's name and contact: everyone who reads the case
/// except unit officers. The unit being reported is where the accused officer works, so it
/// never learns who reported (inspectors relay what the unit needs).
pub fn may_see_open_reporter(role: Role) -> bool {
    role != Role::UnitOfficer
}

/// The report's first words, up to about `max` characters, cut at a word, "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        if !out.is_empty() && out.chars().count() + 1 + w.chars().count() > max {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if w.chars().count() > max {
            out.extend(w.chars().take(max));
            out.push('…');
            return out;
        }
        out.push_str(w);
    }
    out
}

/// The character trigrams of a text the way PostgreSQL's `pg_trgm` takes them: lower case,
/// words of letters and digits only, each padded with two spaces before and one after.
pub fn trigrams(text: &str) -> std::collections::HashSet<[char; 3]> {
    let mut set = std::collections::HashSet::new();
    let lower = text.to_lowercase();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let padded: Vec<char> = "  "
            .chars()
            .chain(word.chars())
            .chain(std::iter::once(' '))
            .collect();
        for w in padded.windows(3) {
            set.insert([w[0], w[1], w[2]]);
        }
    }
    set
}

/// How alike two texts are: the share of their trigrams they share (Jaccard, 0 to 1), as
/// `pg_trgm`'s `similarity()`.
pub fn similarity(a: &str, b: &str) -> f64 {
    similarity_to(&trigrams(a), b)
}

/// [`similarity`] of a text whose trigrams are taken once (`ta`) to another text, for
/// comparing one report with many.
pub fn similarity_to(ta: &std::collections::HashSet<[char; 3]>, b: &str) -> f64 {
    let tb = trigrams(b);
    let shared = ta.intersection(&tb).count();
    let union = ta.len() + tb.len() - shared;
    if union == 0 {
        return 0.0;
    }
    shared as f64 / union as f64
}

/// Reports at least this alike are offered as possible duplicates (`pg_trgm`'s default
/// threshold).
pub const SIMILAR_AT_LEAST: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_words_are_cut_at_a_word() {
        assert_eq!(
            excerpt("Petugas loket meminta uang", 100),
            "Petugas loket meminta uang"
        );
        assert_eq!(
            excerpt("Petugas loket meminta uang tambahan", 20),
            "Petugas loket…"
        );
        assert_eq!(excerpt("  a\n b  ", 10), "a b");
        assert_eq!(excerpt("Panjaaaaaaaaang", 5), "Panja…");
    }

    #[test]
    fn trigrams_match_pg_trgm() {
        // SELECT show_trgm('Cat'): {"  c"," ca","at ",cat}
        let t = trigrams("Cat");
        let mut got: Vec<String> = t.iter().map(|g| g.iter().collect()).collect();
        got.sort();
        assert_eq!(got, ["  c", " ca", "at ", "cat"]);
        // SELECT similarity('word', 'two words') = 0.36363637 in PostgreSQL's documentation.
        assert!((similarity("word", "two words") - 4.0 / 11.0).abs() < 1e-9);
    }

    #[test]
    fn the_same_story_in_other_words_is_close_and_another_is_not() {
        let a = "Petugas loket Samsat meminta uang Rp50.000 di luar tarif resmi untuk perpanjangan STNK";
        let b =
            "petugas di loket samsat minta uang 50 ribu diluar tarif resmi saat perpanjang stnk";
        let c = "Antrean rumah sakit sangat lama, dokter datang terlambat dua jam";
        assert!(similarity(a, b) >= SIMILAR_AT_LEAST, "{}", similarity(a, b));
        assert!(similarity(a, c) < SIMILAR_AT_LEAST, "{}", similarity(a, c));
        assert_eq!(similarity("", ""), 0.0);
        assert!((similarity(a, a) - 1.0).abs() < 1e-9);
    }
}
