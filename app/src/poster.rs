//! Printable QR posters (SVG, A4 or A5), in Bahasa Indonesia under the government's name,
//! that send a citizen to a service's survey.

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

/// What a poster shows: who publishes it (the government's name and optional logo, as on the
/// official report) and the service it asks about.
pub struct Poster<'a> {
    pub authority: &'a str,
    pub logo: Option<&'a crate::config::ReportLogo>,
    pub unit: &'a str,
    pub service: &'a str,
    /// The survey's address (the QR code's).
    pub url: &'a str,
    /// Where the unit's results and follow-up are published.
    pub results: &'a str,
}

/// One line of centred text at `y` (in the A4 layout's millimetres, scaled by `k`).
fn centred(w: f64, k: f64, y: f64, size: f64, attrs: &str, text: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{attrs}>{}</text>",
        w / 2.0,
        y * k,
        size * k,
        xml_escape(text)
    )
}

/// The poster of one service as an SVG document sized for printing, all in Bahasa Indonesia:
/// a band with the government's name (and logo), the unit and the service, the survey's QR
/// code as large as the page allows, what scanning does, the address, and where the results
/// and their follow-up are published. Laid out on A4 in millimetres and scaled for A5 (the
/// same proportions), the QR code taking the height the names leave, so no band stays empty.
pub fn poster_svg(p: &Poster<'_>, paper: Paper) -> String {
    use base64::Engine;
    let (w, h) = paper.mm();
    let k = w / 210.0;
    let (page_w, page_h) = (210.0, h / k);
    let unit_lines = wrap(p.unit, 38);
    let service_lines = wrap(p.service, 26);
    let authority_lines = wrap(p.authority, 34);
    // The A4 layout, top to bottom.
    let band = 30.0 + 7.0 * authority_lines.len().saturating_sub(1) as f64;
    let names = unit_lines.len() as f64 * 9.0 + service_lines.len() as f64 * 13.0;
    // The QR code's own quiet zone (four modules of white) is the space around it.
    let below_qr = 9.0 + 11.0 + 8.0 + 6.0;
    let footer = 22.0;
    let room = page_h - band - 14.0 - names - below_qr - footer;
    let qr_size = room.clamp(60.0, page_w * 0.86);
    // What the QR code cannot take is shared out between the blocks.
    let gap = (room - qr_size).max(0.0) / 3.0;
    let names_top = band + 14.0 + gap;
    let mut body = String::new();
    // The band: the logo on the left when there is one, the names beside it.
    let text_x = if let Some(logo) = p.logo {
        let data = base64::engine::general_purpose::STANDARD.encode(logo.bytes.as_slice());
        body += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"#fff\"/>\
             <image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"xMidYMid meet\" href=\"data:{};base64,{data}\"/>",
            10.0 * k,
            4.0 * k,
            (band - 8.0) * k,
            (band - 8.0) * k,
            2.0 * k,
            11.5 * k,
            5.5 * k,
            (band - 11.0) * k,
            (band - 11.0) * k,
            logo.content_type,
        );
        ((band + 6.0) + (page_w - 10.0)) / 2.0 * k
    } else {
        w / 2.0
    };
    let mut y = 12.5;
    for line in &authority_lines {
        body += &format!(
            "<text x=\"{text_x}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">{}</text>",
            y * k,
            6.5 * k,
            xml_escape(line)
        );
        y += 7.0;
    }
    body += &format!(
        "<text x=\"{text_x}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#fff\">Survei Kepuasan Masyarakat</text>",
        (y + 3.5) * k,
        6.0 * k,
    );
    let mut y = names_top;
    for line in &unit_lines {
        body += &centred(w, k, y, 7.5, " fill=\"#0b5d3b\"", line);
        y += 9.0;
    }
    for line in &service_lines {
        y += 2.0;
        body += &centred(w, k, y + 2.0, 11.0, " font-weight=\"bold\"", line);
        y += 11.0;
    }
    let qr_top = y - 2.0 + gap;
    let qr = qr_svg(p.url, (w - qr_size * k) / 2.0, qr_top * k, qr_size * k);
    let mut y = qr_top + qr_size + 9.0;
    body += &centred(
        w,
        k,
        y,
        9.5,
        " font-weight=\"bold\"",
        "Pindai untuk menilai layanan ini",
    );
    y += 11.0;
    body += &centred(
        w,
        k,
        y,
        6.0,
        "",
        "Kurang dari satu menit \u{b7} tanpa nama \u{b7} tanpa aplikasi",
    );
    y += 8.0;
    let typed = p
        .url
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    body += &centred(
        w,
        k,
        y,
        5.5,
        " font-weight=\"bold\"",
        &format!("atau buka {typed}"),
    );
    let foot = page_h - 12.0;
    let line = format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#0b5d3b\" stroke-width=\"{}\"/>",
        20.0 * k,
        (foot - 9.0) * k,
        w - 20.0 * k,
        (foot - 9.0) * k,
        0.4 * k
    );
    body += &line;
    body += &centred(
        w,
        k,
        foot,
        4.5,
        " fill=\"#333\"",
        &format!("Hasil survei dan tindak lanjutnya: {}", p.results),
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\" font-family=\"Helvetica, Arial, sans-serif\" lang=\"id\">\
<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/><rect width=\"{w}\" height=\"{}\" fill=\"#0b5d3b\"/>{qr}{body}</svg>",
        band * k
    )
}

/// `GET /poster/{code}.svg?size=a4|a5`: the poster, with the government's name and logo of
/// the official report's settings.
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
    let report = &state.settings.report;
    let body = poster_svg(
        &Poster {
            authority: &report.authority,
            logo: report.logo.as_ref(),
            unit: &s.unit_name,
            service: &s.name,
            url: &url,
            results: &results,
        },
        q.size,
    );
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
            &Poster {
                authority: "Pemerintah Provinsi Jambi",
                logo: None,
                unit: "RSUD Raden Mattaher",
                service: "Rawat Jalan & IGD",
                url: "https://x.test/s/rsud-rj",
                results: "https://x.test/ikm/rsud",
            },
            Paper::A5,
        );
        assert!(svg.contains("Pemerintah Provinsi Jambi"));
        assert!(!svg.contains("Scan"), "all in Bahasa Indonesia");
        assert!(svg.contains("Hasil survei dan tindak lanjutnya: https://x.test/ikm/rsud"));
        assert!(svg.contains("width=\"148mm\" height=\"210mm\""));
        assert!(svg.contains("Rawat Jalan &amp; IGD"));
        // The address to type, without its scheme (the QR code holds the whole of it).
        assert!(svg.contains("atau buka x.test/s/rsud-rj"));
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
