//! Request paths as the logs write them: a tracking code (the reporter's secret, in the
//! paths of the status page, the complaint API and the console) and a kiosk's enrolment
//! token are cut to their first four characters, enough to correlate lines of one case
//! and useless for reading it or enrolling with it.

/// Path segments after which a tracking code (or an enrolment token, or whatever a client
/// sent as an Open311 id, which may be a tracking code) follows.
const BEFORE_CODE: [&str; 5] = ["lacak", "complaints", "kasus", "daftar", "requests"];

/// Characters of a tracking code kept in the logs.
pub const CODE_PREFIX_CHARS: usize = 4;

/// `path` with every tracking code segment cut to its prefix and an ellipsis.
pub fn path_for_log(path: &str) -> String {
    let mut out = Vec::new();
    let mut code_next = false;
    for seg in path.split('/') {
        if code_next && !seg.is_empty() {
            let prefix: String = seg.chars().take(CODE_PREFIX_CHARS).collect();
            out.push(format!("{prefix}…"));
        } else {
            out.push(seg.to_string());
        }
        code_next = BEFORE_CODE.contains(&seg);
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_paths_are_cut_to_their_prefix() {
        assert_eq!(path_for_log("/lacak/7KQ2MX9D4TRB"), "/lacak/7KQ2…");
        assert_eq!(
            path_for_log("/lacak/7KQ2MX9D4TRB/balas"),
            "/lacak/7KQ2…/balas"
        );
        assert_eq!(
            path_for_log("/api/v1/triage/complaints/7KQ2MX9D4TRB/files/3"),
            "/api/v1/triage/complaints/7KQ2…/files/3"
        );
        assert_eq!(
            path_for_log("/staf/kasus/7KQ2-MX9D-4TRB"),
            "/staf/kasus/7KQ2…"
        );
        assert_eq!(path_for_log("/api/v1/complaints"), "/api/v1/complaints");
        assert_eq!(path_for_log("/lacak"), "/lacak");
        assert_eq!(path_for_log("/s/samsat-kota"), "/s/samsat-kota");
        assert_eq!(
            path_for_log("/kios/daftar/q8Zt0LrVxk2mWc9PaE4y"),
            "/kios/daftar/q8Zt…"
        );
        assert_eq!(
            path_for_log("/open311/v2/requests/7KQ2MX9D4TRB.json"),
            "/open311/v2/requests/7KQ2…"
        );
        assert_eq!(
            path_for_log("/open311/v2/requests.json"),
            "/open311/v2/requests.json"
        );
    }
}
