//! Printable QR posters (SVG, A4 or A5) that send a citizen to a service's survey.

use crate::state::AppState;
use crate::web::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use qrcode::{EcLevel, QrCode};
use serde::Deserialize;

/// Paper sizes in millimetres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    A5,
}

impl Paper {
    fn mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A5 => (148.0, 210.0),
        }
    }
}

/// Query of the poster URL.
#[derive(Deserialize)]
pub struct PosterQuery {
    #[serde(default)]
    size: Paper,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Splits a long name into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The QR code of `url` (error correction M): its width in modules and, row by row, whether
/// each module is dark. Drawn by the poster (SVG) and the complaint receipt (PDF).
pub fn qr_modules(url: &str) -> (usize, Vec<bool>) {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .expect("a URL fits in a QR code");
    let dark = code
        .to_colors()
        .iter()
        .map(|c| *c == qrcode::Color::Dark)
        .collect();
    (code.width(), dark)
}

/// The QR code of `url` as one SVG `<path>` of its dark modules, inside a nested `<svg>` at
/// (`x`, `y`) of `size` by `size`, with the standard four-module quiet zone in white.
/// Drawn here from the modules (not by splicing another renderer's document), so the poster
/// stays one well-formed XML document.
pub fn qr_svg(url: &str, x: f64, y: f64, size: f64) -> String {
    let (n, dark) = qr_modules(url);
    let quiet = 4;
    let span = n + 2 * quiet;
    let mut path = String::with_capacity(n * n * 4);
    for (i, is_dark) in dark.iter().enumerate() {
        if *is_dark {
            let (col, row) = (i % n + quiet, i / n + quiet);
            path.push_str(&format!("M{col} {row}h1v1h-1z"));
        }
    }
    format!(
        "<svg x=\"{x}\" y=\"{y}\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {span} {span}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{span}\" height=\"{span}\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

/// The poster of one service as an SVG document sized for printing: its survey's QR code and
/// address, and where its unit's results and follow-up are published (`results`).
pub fn poster_svg(unit: &str, service: &str, url: &str, results: &str, paper: Paper) -> String {
    let (w, h) = paper.mm();
    let k = w / 210.0; // scale everything from the A4 layout
    let qr = qr_svg(url, w * 0.2, 95.0 * k, w * 0.6);
    let mut text = String::new();
    let mut y = 40.0 * k;
    for line in wrap(unit, 34) {
        text += &format!(
            "<text x=\"{}\" y=\"{y}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#0b5d3b\">{}</text>",
            w / 2.0,
            8.0 * k,
            xml_escape(&line)
        );
        y += 10.0 * k;
    }
    for line in wrap(service, 28) {
        text += &format!(
            "<text x=\"{}\" y=\"{y}\" font-size=\"{}\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
            w / 2.0,
            10.0 * k,
            xml_escape(&line)
        );
        y += 12.0 * k;
    }
    let below = 95.0 * k + w * 0.6 + 14.0 * k;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\">\
<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><rect width=\"{w}\" height=\"{}\" fill=\"#0b5d3b\"/>\
<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">Survei Kepuasan Masyarakat</text>\
{text}{qr}\
<text x=\"{}\" y=\"{below}\" font-size=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">Pindai untuk menilai layanan ini</text>\
<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\">Scan to rate this service · 1 menit · tanpa nama</text>\
<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#333\">{}</text>\
<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#333\">Hasil survei dan tindak lanjutnya: {}</text></svg>",
        18.0 * k,
        w / 2.0,
        12.0 * k,
        7.0 * k,
        w / 2.0,
        9.0 * k,
        w / 2.0,
        below + 9.0 * k,
        6.0 * k,
        w / 2.0,
        h - 20.0 * k,
        5.0 * k,
        xml_escape(url),
        w / 2.0,
        h - 11.0 * k,
        4.5 * k,
        xml_escape(results),
    )
}

/// `GET /poster/{code}.svg?size=a4|a5`.
pub async fn poster(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<PosterQuery>,
) -> Result<impl IntoResponse, AppError> {
    let code = file.strip_suffix(".svg").ok_or(AppError::NotFound)?;
    let s = crate::units::repo::find_service(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = format!("{}/s/{}", state.settings.public_base_url, s.code);
    let results = format!("{}/ikm/{}", state.settings.public_base_url, s.unit_code);
    let body = poster_svg(&s.unit_name, &s.name, &url, &results, q.size);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "image/svg+xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"poster-{}.svg\"", s.code),
            ),
        ],
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poster_is_one_well_formed_document_with_names_escaped_and_a_sized_qr_code() {
        let svg = poster_svg(
            "RSUD Raden Mattaher",
            "Rawat Jalan & IGD",
            "https://x.test/s/rsud-rj",
            "https://x.test/ikm/rsud",
            Paper::A5,
        );
        assert!(svg.contains("Hasil survei dan tindak lanjutnya: https://x.test/ikm/rsud"));
        assert!(svg.contains("width=\"148mm\" height=\"210mm\""));
        assert!(svg.contains("Rawat Jalan &amp; IGD"));
        assert!(svg.contains("https://x.test/s/rsud-rj"));
        assert_eq!(svg.matches("<?xml").count(), 1);
        assert_eq!(svg.matches("<svg").count(), 2);
        // Every element's attributes are unique: what made browsers refuse the poster.
        let mut reader = quick_xml::Reader::from_str(&svg);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                    let names: Vec<Vec<u8>> = e
                        .attributes()
                        .map(|a| a.expect("a well-formed attribute").key.as_ref().to_vec())
                        .collect();
                    let mut unique = names.clone();
                    unique.sort();
                    unique.dedup();
                    assert_eq!(unique.len(), names.len(), "duplicate attributes in {e:?}");
                }
                Ok(_) => {}
                Err(e) => panic!("not well-formed XML: {e}"),
            }
        }
    }

    #[test]
    fn long_names_wrap_at_spaces() {
        assert_eq!(
            wrap("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", 20).len(),
            3
        );
    }
}
