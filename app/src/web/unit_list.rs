//! Lists of units a page at a time: a province has hundreds, and a citizen's phone or a
//! manager's dashboard should not carry them all at once. Used by `/ikm` and the dashboard.

use crate::i18n::Lang;
use crate::tr;
use leptos::prelude::*;

/// About how many units a page shows.
pub const UNITS_PER_PAGE: usize = 40;

/// The longest search for a unit that is read (`cari`).
pub const QUERY_CHARS: usize = 60;

/// A page of a unit list, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paged<T> {
    pub rows: Vec<T>,
    /// The page shown (from 1; the last one for a page past it) and how many there are.
    pub page: usize,
    pub pages: usize,
    /// The units the search matched (every unit without one).
    pub matched: usize,
}

/// The search as read: trimmed, at most [`QUERY_CHARS`] characters.
pub fn query_of(asked: Option<&str>) -> String {
    asked
        .unwrap_or_default()
        .trim()
        .chars()
        .take(QUERY_CHARS)
        .collect()
}

/// What a unit list knows of a row: its unit's code, name and depth (0 for a top-level
/// unit, 1 for a UPTD under it, ...).
pub type UnitOf<T> = fn(&T) -> (&str, &str, u8);

/// What a unit list's page was asked for by its address: `periode`, `cari` and `hal`.
pub fn asked(
    q: &leptos_router::params::ParamsMap,
) -> (Option<String>, Option<String>, Option<usize>) {
    (
        q.get("periode"),
        q.get("cari"),
        q.get("hal").and_then(|p| p.parse::<usize>().ok()),
    )
}

/// The units of `rows` (each read by `unit`) whose name or code holds `query` (in any case;
/// every unit for an empty one), cut into pages of about `per` units, a new page starting
/// only at a top-level unit so that an office is never parted from its UPTDs (a search's
/// matches stand alone); page `page`.
pub fn paged<T: Clone>(
    rows: &[T],
    unit: UnitOf<T>,
    query: &str,
    page: usize,
    per: usize,
) -> Paged<T> {
    let q = query.trim().to_lowercase();
    let chosen: Vec<&T> = rows
        .iter()
        .filter(|r| {
            let (code, name, _) = unit(r);
            q.is_empty() || name.to_lowercase().contains(&q) || code.to_lowercase().contains(&q)
        })
        .collect();
    let mut starts = vec![0];
    let mut on_page = 0;
    for (i, r) in chosen.iter().enumerate() {
        if on_page >= per.max(1) && (!q.is_empty() || unit(r).2 == 0) {
            starts.push(i);
            on_page = 0;
        }
        on_page += 1;
    }
    let pages = starts.len();
    let page = page.clamp(1, pages);
    let end = starts.get(page).copied().unwrap_or(chosen.len());
    Paged {
        rows: chosen[starts[page - 1]..end]
            .iter()
            .map(|r| (*r).clone())
            .collect(),
        page,
        pages,
        matched: chosen.len(),
    }
}

/// The address of page `page` of `path`, keeping `keep` (name and value, left out when
/// empty) and the search.
pub fn page_href(path: &str, keep: &[(&str, &str)], query: &str, page: usize) -> String {
    let mut parts: Vec<String> = keep
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::web::page::urlencode(v)))
        .collect();
    if !query.is_empty() {
        parts.push(format!("cari={}", crate::web::page::urlencode(query)));
    }
    parts.push(format!("hal={page}"));
    format!("{path}?{}", parts.join("&"))
}

/// Where a shown unit list stands (its page's address, the period and search kept), for the
/// parts every unit list shows alike: the search field, the count line and the pager.
pub struct Shown {
    pub path: &'static str,
    pub period: String,
    pub query: String,
    pub matched: usize,
    pub page: usize,
    pub pages: usize,
}

impl Shown {
    fn href(&self, page: usize) -> String {
        page_href(self.path, &[("periode", &self.period)], &self.query, page)
    }

    /// The search's label and field, for the page's own form.
    pub fn search_field(&self, lang: Lang) -> AnyView {
        view! {
            <label for="cari">{tr!(lang, "index.search")}</label>
            <input type="search" id="cari" name="cari" value=self.query.clone()
                maxlength=QUERY_CHARS.to_string()
                placeholder=tr!(lang, "index.search_hint")/>
        }
        .into_any()
    }

    /// How many units (or matches of the search) and which page; said in words when none.
    pub fn head(&self, lang: Lang) -> AnyView {
        let n = lang.count(self.matched as i64);
        let count = if self.query.is_empty() {
            tr!(lang, "index.units_all", n = n)
        } else {
            tr!(lang, "index.units_found", n = n, query = self.query.clone())
        };
        let page = (self.pages > 1)
            .then(|| tr!(lang, "console.page", page = self.page, pages = self.pages));
        view! {
            <p class="queue-head">{count}{page.map(|p| view! { " · " {p} })}</p>
            {(self.matched == 0).then(|| view! { <p class="notice">{tr!(lang, "index.no_units")}</p> })}
        }
        .into_any()
    }

    /// The links to the page before and after, keeping the period and the search.
    pub fn pager(&self, lang: Lang) -> AnyView {
        if self.pages <= 1 {
            return ().into_any();
        }
        let prev = (self.page > 1).then(|| self.href(self.page - 1));
        let next = (self.page < self.pages).then(|| self.href(self.page + 1));
        view! {
            <nav class="pager" aria-label=tr!(lang, "console.pages")>
                {prev.map(|h| view! { <a href=h rel="prev">{tr!(lang, "console.prev")}</a> })}
                {next.map(|h| view! { <a href=h rel="next">{tr!(lang, "console.next")}</a> })}
            </nav>
        }
        .into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug)]
    struct Unit(String, u8);

    fn unit(u: &Unit) -> (&str, &str, u8) {
        (&u.0, &u.0, u.1)
    }

    /// Ten offices, each followed by three UPTDs.
    fn province() -> Vec<Unit> {
        (0..10)
            .flat_map(|d| {
                std::iter::once(Unit(format!("Dinas-{d}"), 0))
                    .chain((0..3).map(move |u| Unit(format!("UPTD-{d}-{u}"), 1)))
            })
            .collect()
    }

    fn codes(rows: &[Unit]) -> Vec<&str> {
        rows.iter().map(|r| r.0.as_str()).collect()
    }

    #[test]
    fn pages_keep_an_office_with_its_uptds_and_cover_every_unit_once() {
        let rows = province();
        let first = paged(&rows, unit, "", 1, 10);
        // Ten rows end inside the third office's group: the page runs to its end.
        assert_eq!((first.page, first.pages, first.matched), (1, 4, 40));
        assert_eq!(first.rows.len(), 12);
        assert_eq!(first.rows.last().unwrap().0, "UPTD-2-2");
        let mut all = Vec::new();
        for p in 1..=first.pages {
            let shown = paged(&rows, unit, "", p, 10).rows;
            assert_eq!(shown[0].1, 0, "page {p} starts with an office");
            all.extend(shown);
        }
        assert_eq!(codes(&all), codes(&rows));
        // Past the last page: the last page; page 0: the first.
        assert_eq!(paged(&rows, unit, "", 99, 10).page, 4);
        assert_eq!(paged(&rows, unit, "", 0, 10).page, 1);
    }

    #[test]
    fn a_search_matches_names_and_codes_in_any_case_and_pages_its_matches() {
        let rows = province();
        let found = paged(&rows, unit, "  uptd-3 ", 1, 2);
        assert_eq!((found.matched, found.pages), (3, 2));
        assert_eq!(codes(&found.rows), ["UPTD-3-0", "UPTD-3-1"]);
        assert_eq!(
            codes(&paged(&rows, unit, "dinas-7", 1, 40).rows),
            ["Dinas-7"]
        );
        let none = paged(&rows, unit, "tidak ada", 3, 40);
        assert!(none.rows.is_empty());
        assert_eq!((none.page, none.pages, none.matched), (1, 1, 0));
    }

    #[test]
    fn a_long_search_is_cut_and_addresses_keep_the_period_and_the_search() {
        assert_eq!(query_of(Some(&"a".repeat(100))).len(), QUERY_CHARS);
        assert_eq!(query_of(Some("  samsat ")), "samsat");
        assert_eq!(
            page_href("/ikm", &[("periode", "2026-Q3")], "rsud & co", 2),
            "/ikm?periode=2026-Q3&cari=rsud%20%26%20co&hal=2"
        );
        assert_eq!(
            page_href("/staf/dasbor", &[("periode", "")], "", 3),
            "/staf/dasbor?hal=3"
        );
    }
}
