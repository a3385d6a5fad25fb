//! Text that a page shows inside a `<textarea>`, made inert.
//!
//! The renderer (tachys 0.2) writes a textarea's children raw on the server and never
//! hydrates them, so text typed by a user (`</textarea><script>`) would come back as live
//! markup (leptos-rs/leptos#4819). Every textarea's content goes through [`textarea_text`]:
//! the browser's parser decodes the entities back to exactly what was typed, so the field
//! shows the text unchanged and nothing in it is ever read as markup.

/// The text escaped for the raw-text position inside `<textarea>…</textarea>`.
pub fn textarea_text(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_that_would_close_the_textarea_is_escaped() {
        assert_eq!(
            textarea_text("</textarea><script>alert(1)</script>"),
            "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(textarea_text("a <!-- b & c"), "a &lt;!-- b &amp; c");
        assert_eq!(
            textarea_text("\"quotes' stay\nas typed"),
            "\"quotes' stay\nas typed"
        );
    }

    /// Every `<textarea>` in the pages shows its content through `textarea_text`, so a new
    /// form cannot bring the hole back by forgetting it.
    #[test]
    fn every_textarea_in_the_sources_escapes_its_content() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root];
        let mut checked = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(
                    std::fs::read_dir(&path)
                        .unwrap()
                        .flatten()
                        .map(|e| e.path()),
                );
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("web/escape.rs") {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for (at, _) in src.match_indices("</textarea>") {
                let open = src[..at].rfind('>').expect("textarea opening tag");
                let child = src[open + 1..at].trim();
                assert!(
                    child.is_empty() || child.starts_with("{textarea_text("),
                    "{}: a textarea shows `{child}` without textarea_text",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(checked >= 5, "the scan found the textareas ({checked})");
    }
}
