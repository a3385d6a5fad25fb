//! Where a `next=` parameter may send someone: only a path on this site.

/// `next` when it is a plain path on this site, else `None`. Browsers drop tabs and line
/// breaks from URLs and read `\` as `/`, so `/%09/evil` would become `//evil` (another site);
/// and a control character cannot go in a `Location` header at all. Only printable ASCII is
/// accepted (paths and queries the site makes are percent-encoded), starting with one `/`.
pub fn same_site_path(next: &str) -> Option<&str> {
    let printable = next
        .bytes()
        .all(|b| (0x21..=0x7e).contains(&b) && b != b'\\');
    let rooted = next.starts_with('/') && !next.starts_with("//");
    (printable && rooted).then_some(next)
}

/// `next` when it is a path of the staff console (`/staf` and below), else `None`.
pub fn console_path(next: &str) -> Option<&str> {
    same_site_path(next).filter(|n| {
        *n == "/staf"
            || n.starts_with("/staf/")
            || n.starts_with("/staf?")
            || n.starts_with("/staf#")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_accepted() {
        for ok in [
            "/",
            "/ikm?periode=2026-11",
            "/s/rsud-rj",
            "/lacak/ABCD%20EF",
        ] {
            assert_eq!(same_site_path(ok), Some(ok));
        }
        for bad in [
            "//evil.example/",
            "/\t/evil/phish",
            "/\n",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "",
            "/ spaced",
            "/\u{0}",
            "/é",
        ] {
            assert_eq!(same_site_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn console_paths_stay_in_the_console() {
        assert_eq!(console_path("/staf/kasus/X"), Some("/staf/kasus/X"));
        assert_eq!(console_path("/staf"), Some("/staf"));
        assert_eq!(console_path("/stafevil"), None);
        assert_eq!(console_path("/staf\t/x"), None);
        assert_eq!(console_path("/ikm"), None);
    }
}
