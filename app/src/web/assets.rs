//! The static files' names. The build (`scripts/build-site.sh`) gives the stylesheet, the
//! offline script and the islands' JS glue and wasm names that carry a hash of their
//! content, and writes them in `asset-manifest.json` in the site root, which the server reads
//! once at start. Pages link those names, so each file can be kept by browsers and caches
//! for a year: a new build has new names. Without a manifest (a site built otherwise) the
//! plain names serve, revalidated on every use.

use serde::{Deserialize, Serialize};

/// The file the build writes beside the assets.
pub const MANIFEST: &str = "asset-manifest.json";

/// What pages link: the stylesheet and offline script paths, and the islands' package name
/// (`suara.{hash}`: its glue is `/pkg/{pkg}.js`, its wasm `/pkg/{pkg}_bg.wasm`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assets {
    pub style: String,
    pub offline: String,
    pub pkg: String,
}

impl Default for Assets {
    fn default() -> Assets {
        Assets {
            style: "/style.css".into(),
            offline: "/offline.js".into(),
            pkg: "suara".into(),
        }
    }
}

/// The manifest as the build writes it: file names in the site root.
#[cfg(feature = "ssr")]
#[derive(Deserialize)]
struct Manifest {
    #[serde(rename = "style.css")]
    style: String,
    #[serde(rename = "offline.js")]
    offline: String,
    pkg: String,
}

impl Assets {
    /// The assets of the site at `site_root`, from its manifest; the plain names when there
    /// is none (said in the log), or when it names a file that is not there.
    #[cfg(feature = "ssr")]
    pub fn read(site_root: &str) -> Assets {
        let root = std::path::Path::new(site_root);
        let text = match std::fs::read_to_string(root.join(MANIFEST)) {
            Ok(t) => t,
            Err(_) => {
                tracing::warn!(
                    site = site_root,
                    "no {MANIFEST}: static files served by their plain names, revalidated on every use"
                );
                return Assets::default();
            }
        };
        let m: Manifest = match serde_json::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "{MANIFEST} does not read; plain names served");
                return Assets::default();
            }
        };
        let present = [
            m.style.clone(),
            m.offline.clone(),
            format!("pkg/{}.js", m.pkg),
            format!("pkg/{}_bg.wasm", m.pkg),
        ]
        .iter()
        .all(|f| root.join(f).is_file());
        if !present {
            tracing::error!("{MANIFEST} names files that are not there; plain names served");
            return Assets::default();
        }
        Assets {
            style: format!("/{}", m.style),
            offline: format!("/{}", m.offline),
            pkg: m.pkg,
        }
    }
}

/// The assets of the page being rendered (from the server's state; the plain names where
/// there is none).
pub fn current() -> Assets {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<crate::state::AppState>()
            .map(|s| (*s.assets).clone())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    Assets::default()
}

/// Whether `stem.{hash}{ext}` is `name`: the hash at least eight hex digits.
fn hashed(name: &str, stem: &str, ext: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_suffix(ext))
        .is_some_and(|h| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the file at `path` is named by its content (kept for a year, never revalidated).
pub fn is_immutable(path: &str) -> bool {
    let Some(name) = path.strip_prefix('/') else {
        return false;
    };
    if let Some(file) = name.strip_prefix("pkg/") {
        return hashed(file, "suara", ".js") || hashed(file, "suara", "_bg.wasm");
    }
    hashed(name, "style", ".css") || hashed(name, "offline", ".js")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_named_files_are_immutable() {
        for p in [
            "/style.3fa9c2d18b04.css",
            "/offline.0123abcd.js",
            "/pkg/suara.9c1d2e3f4a5b.js",
            "/pkg/suara.9c1d2e3f4a5b_bg.wasm",
        ] {
            assert!(is_immutable(p), "{p}");
        }
        for p in [
            "/style.css",
            "/offline.js",
            "/sw.js",
            "/pkg/suara.js",
            "/pkg/suara_bg.wasm",
            "/style.abc.css",
            "/style.zzzzzzzzzz.css",
            "/s/skj-pkb",
            "/lacak/style.0123abcd.css",
        ] {
            assert!(!is_immutable(p), "{p}");
        }
    }

    #[test]
    fn a_site_without_a_manifest_serves_the_plain_names() {
        let dir = std::env::temp_dir().join(format!("suara-assets-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        let root = dir.to_str().unwrap();
        assert_eq!(Assets::read(root), Assets::default());
        std::fs::write(
            dir.join(MANIFEST),
            r#"{"style.css": "style.0123abcd.css", "offline.js": "offline.0123abcd.js", "pkg": "suara.0123abcd"}"#,
        )
        .unwrap();
        assert_eq!(Assets::read(root), Assets::default(), "files missing");
        for f in [
            "style.0123abcd.css",
            "offline.0123abcd.js",
            "pkg/suara.0123abcd.js",
            "pkg/suara.0123abcd_bg.wasm",
        ] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let a = Assets::read(root);
        assert_eq!(a.style, "/style.0123abcd.css");
        assert_eq!(a.offline, "/offline.0123abcd.js");
        assert_eq!(a.pkg, "suara.0123abcd");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
