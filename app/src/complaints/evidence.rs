//! Evidence files: the type is read from the content (never the name), limits are enforced,
//! and images lose every metadata block that can locate or identify the reporter (EXIF with
//! GPS, XMP, IPTC, comments) before they are stored. Orientation survives, rewritten alone.

use super::domain::{MAX_FILE_BYTES, MAX_FILES};
use bytes::Bytes;
use img_parts::ImageEXIF;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use sha2::{Digest, Sha256};

/// The kinds of evidence accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvidenceKind {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl EvidenceKind {
    /// The media type served and stored.
    pub fn content_type(self) -> &'static str {
        match self {
            EvidenceKind::Jpeg => "image/jpeg",
            EvidenceKind::Png => "image/png",
            EvidenceKind::Webp => "image/webp",
            EvidenceKind::Pdf => "application/pdf",
        }
    }

    /// The file extension used in storage keys.
    pub fn extension(self) -> &'static str {
        match self {
            EvidenceKind::Jpeg => "jpg",
            EvidenceKind::Png => "png",
            EvidenceKind::Webp => "webp",
            EvidenceKind::Pdf => "pdf",
        }
    }
}

/// A file ready to store: cleaned content and what it is.
#[derive(Clone, Debug)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub bytes: Bytes,
    /// Hex SHA-256 of the stored bytes.
    pub sha256: String,
}

/// Why an upload was refused; the code is also the message key `error.<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    #[error("file_too_large")]
    TooLarge,
    #[error("too_many_files")]
    TooMany,
    #[error("file_type_not_allowed")]
    NotAllowed,
    #[error("file_damaged")]
    Damaged,
    /// A PDF locked with a password: nobody could open it, and it cannot be cleaned.
    #[error("file_encrypted")]
    Encrypted,
}

impl EvidenceError {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            EvidenceError::TooLarge => "file_too_large",
            EvidenceError::TooMany => "too_many_files",
            EvidenceError::NotAllowed => "file_type_not_allowed",
            EvidenceError::Damaged => "file_damaged",
            EvidenceError::Encrypted => "file_encrypted",
        }
    }
}

/// Checks the number of files before any is read in full.
pub fn check_count(n: usize) -> Result<(), EvidenceError> {
    if n > MAX_FILES {
        Err(EvidenceError::TooMany)
    } else {
        Ok(())
    }
}

/// Reads the kind from the first bytes.
pub fn sniff(bytes: &[u8]) -> Option<EvidenceKind> {
    match infer::get(bytes)?.mime_type() {
        "image/jpeg" => Some(EvidenceKind::Jpeg),
        "image/png" => Some(EvidenceKind::Png),
        "image/webp" => Some(EvidenceKind::Webp),
        "application/pdf" => Some(EvidenceKind::Pdf),
        _ => None,
    }
}

/// Checks and cleans one uploaded file.
pub fn prepare(raw: Bytes) -> Result<Evidence, EvidenceError> {
    if raw.len() > MAX_FILE_BYTES {
        return Err(EvidenceError::TooLarge);
    }
    let kind = sniff(&raw).ok_or(EvidenceError::NotAllowed)?;
    let bytes = match kind {
        EvidenceKind::Jpeg => clean_jpeg(raw)?,
        EvidenceKind::Png => clean_png(raw)?,
        EvidenceKind::Webp => clean_webp(raw)?,
        EvidenceKind::Pdf => clean_pdf(&raw)?,
    };
    let sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Evidence {
        kind,
        bytes,
        sha256,
    })
}

/// Rewrites a PDF without what can name its author: the document information dictionary
/// (author, creator tool, producer, title, dates), every XMP metadata stream, the file
/// identifiers, application-private data (`PieceInfo`), the authors of comments, and the
/// earlier revisions an incremental save leaves in the file. Pages and their content stay.
/// A PDF that does not parse, or is encrypted, is refused rather than stored uncleaned.
fn clean_pdf(raw: &[u8]) -> Result<Bytes, EvidenceError> {
    use lopdf::Object;
    let mut doc = lopdf::Document::load_mem(raw).map_err(|_| EvidenceError::Damaged)?;
    if doc.was_encrypted() || doc.is_encrypted() {
        return Err(EvidenceError::Encrypted);
    }
    if doc.get_pages().is_empty() {
        return Err(EvidenceError::Damaged);
    }
    for key in [&b"Info"[..], b"ID"] {
        doc.trailer.remove(key);
    }
    for obj in doc.objects.values_mut() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        dict.remove(b"Metadata");
        dict.remove(b"PieceInfo");
        let is_annotation = dict.has_type(b"Annot") || (dict.has(b"Subtype") && dict.has(b"Rect"));
        let is_form_field = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Widget");
        if is_annotation && !is_form_field {
            // A comment's `T` is its author's name (a form field's is the field's name).
            dict.remove(b"T");
        }
    }
    // What no longer has a reference (the information dictionary, the XMP streams) goes.
    doc.prune_objects();
    let mut out = Vec::with_capacity(raw.len());
    doc.save_to(&mut out).map_err(|_| EvidenceError::Damaged)?;
    Ok(Bytes::from(out))
}

/// The EXIF orientation (1..=8) of raw TIFF-structured EXIF data, if it says one.
fn orientation(exif: &[u8]) -> Option<u16> {
    let parsed = exif::Reader::new().read_raw(exif.to_vec()).ok()?;
    let v = parsed
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
        .value
        .get_uint(0)?;
    u16::try_from(v).ok().filter(|o| (2..=8).contains(o))
}

/// A minimal EXIF block holding only an orientation (big-endian TIFF, one IFD entry).
fn orientation_only_exif(o: u16) -> Bytes {
    let mut b = Vec::with_capacity(32);
    b.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08");
    b.extend_from_slice(&1u16.to_be_bytes());
    b.extend_from_slice(&0x0112u16.to_be_bytes());
    b.extend_from_slice(&3u16.to_be_bytes());
    b.extend_from_slice(&1u32.to_be_bytes());
    b.extend_from_slice(&o.to_be_bytes());
    b.extend_from_slice(&[0, 0]);
    b.extend_from_slice(&0u32.to_be_bytes());
    Bytes::from(b)
}

fn is_icc(seg: &JpegSegment) -> bool {
    seg.contents().starts_with(b"ICC_PROFILE\0")
}

/// A JFIF header written anew: version 1.01, the pixel density of the original's JFIF header
/// (or 1:1 aspect), and no thumbnail. An uploaded APP0 can carry a thumbnail of the photo as
/// first taken (before cropping) or data of any kind after the header, so none is kept.
fn fresh_jfif(original: Option<&JpegSegment>) -> JpegSegment {
    let density = original
        .map(|s| s.contents())
        .filter(|c| c.len() >= 12 && c.starts_with(b"JFIF\0"))
        .map(|c| [c[7], c[8], c[9], c[10], c[11]])
        .unwrap_or([0, 0, 1, 0, 1]);
    let mut b = Vec::with_capacity(14);
    b.extend_from_slice(b"JFIF\0\x01\x01");
    b.extend_from_slice(&density);
    b.extend_from_slice(&[0, 0]);
    JpegSegment::new_with_contents(markers::APP0, Bytes::from(b))
}

/// Keeps only what decoding needs (a fresh JFIF header, ICC colour profile, Adobe colour
/// transform); drops EXIF, XMP, IPTC, MPF, maker blocks, comments, the original APP0 (and
/// any thumbnail in it), and anything after the image's end.
fn clean_jpeg(raw: Bytes) -> Result<Bytes, EvidenceError> {
    let mut jpeg = Jpeg::from_bytes(raw).map_err(|_| EvidenceError::Damaged)?;
    let turn = jpeg.exif().and_then(|e| orientation(&e));
    let had_jfif = jpeg.segments().iter().any(|s| s.marker() == markers::APP0);
    let jfif = fresh_jfif(jpeg.segments().iter().find(|s| s.marker() == markers::APP0));
    jpeg.segments_mut().retain(|s| match s.marker() {
        markers::APP0 => false,
        markers::APP14 => true,
        markers::APP2 => is_icc(s),
        m if (markers::APP1..=markers::APP15).contains(&m) => false,
        markers::COM => false,
        _ => true,
    });
    if let Some(o) = turn {
        jpeg.segments_mut().insert(
            0,
            JpegSegment::new_with_contents(markers::APP1, orientation_only_exif(o)),
        );
    }
    // JFIF files keep a (fresh) JFIF header first; EXIF-only files (most phones) stay so.
    if had_jfif {
        jpeg.segments_mut().insert(0, jfif);
    }
    let out = jpeg.encoder().bytes();
    Ok(truncate_after_image(out))
}

/// Cuts everything after the first end-of-image marker following the first scan: phones
/// append second images there, each with its own EXIF.
fn truncate_after_image(b: Bytes) -> Bytes {
    let sos = b.windows(2).position(|w| w == [0xFF, 0xDA]);
    let end = sos.and_then(|start| {
        b[start..]
            .windows(2)
            .position(|w| w == [0xFF, 0xD9])
            .map(|p| start + p + 2)
    });
    match end {
        Some(e) => b.slice(..e),
        None => b,
    }
}

fn clean_png(raw: Bytes) -> Result<Bytes, EvidenceError> {
    let mut png = Png::from_bytes(raw).map_err(|_| EvidenceError::Damaged)?;
    png.set_exif(None);
    for kind in [*b"tEXt", *b"zTXt", *b"iTXt", *b"tIME", *b"eXIf"] {
        png.remove_chunks_by_type(kind);
    }
    Ok(png.encoder().bytes())
}

fn clean_webp(raw: Bytes) -> Result<Bytes, EvidenceError> {
    let mut webp = WebP::from_bytes(raw).map_err(|_| EvidenceError::Damaged)?;
    webp.set_exif(None);
    webp.remove_chunks_by_id(*b"XMP ");
    Ok(webp.encoder().bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny baseline JPEG (8x8 grey), and the same with an EXIF block holding an
    /// orientation and a GPS position in Jambi (built by hand, byte by byte).
    const TINY_JPEG: &[u8] = include_bytes!("../../../tests/fixtures/tiny.jpg");
    const GPS_JPEG: &[u8] = include_bytes!("../../../tests/fixtures/gps.jpg");
    /// Made by pypdf (`tests/reference/make_meta_pdf.py`): the author in the information
    /// dictionary, in XMP, in a comment, and in an earlier revision behind an update.
    const META_PDF: &[u8] = include_bytes!("../../../tests/fixtures/meta.pdf");

    #[test]
    fn pdf_metadata_naming_the_author_is_removed_and_the_page_kept() {
        let raw = Bytes::from_static(META_PDF);
        let has = |b: &[u8], s: &str| b.windows(s.len()).any(|w| w == s.as_bytes());
        assert!(has(META_PDF, "Siti Rahmawati") && has(META_PDF, "Microsoft Word"));
        let out = prepare(raw).unwrap();
        assert_eq!(out.kind, EvidenceKind::Pdf);
        for gone in [
            "Siti",
            "Microsoft Word",
            "Bukti pungli",
            "xmpmeta",
            "/Author",
            "/Metadata",
        ] {
            assert!(!has(&out.bytes, gone), "{gone} left in the cleaned PDF");
        }
        let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1, "the page is kept");
        assert_eq!(
            doc.extract_text(&[1]).unwrap().trim(),
            "KWITANSI 250000",
            "its text is kept"
        );
        assert!(doc.trailer.get(b"Info").is_err() && doc.trailer.get(b"ID").is_err());
    }

    #[test]
    fn a_pdf_that_does_not_parse_is_refused_not_stored_uncleaned() {
        assert_eq!(
            prepare(Bytes::from_static(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n")).unwrap_err(),
            EvidenceError::Damaged
        );
    }

    fn gps_fields(jpeg: &[u8]) -> usize {
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(jpeg))
            .map(|e| {
                e.fields()
                    .filter(|f| {
                        f.ifd_num == exif::In::PRIMARY && f.tag.context() == exif::Context::Gps
                    })
                    .count()
            })
            .unwrap_or(0)
    }

    #[test]
    fn gps_is_removed_from_jpeg_and_orientation_kept() {
        let input = GPS_JPEG.to_vec();
        assert_eq!(gps_fields(&input), 2, "the fixture carries a position");
        let out = prepare(Bytes::from(input)).unwrap();
        assert_eq!(out.kind, EvidenceKind::Jpeg);
        assert_eq!(gps_fields(&out.bytes), 0);
        let e = exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&out.bytes[..]))
            .unwrap();
        assert_eq!(e.fields().count(), 1);
        assert_eq!(
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0)),
            Some(6)
        );
        assert!(out.bytes.ends_with(&[0xFF, 0xD9]));
    }

    #[test]
    fn the_jfif_header_is_written_anew_without_its_thumbnail_or_trailing_data() {
        let original = prepare(Bytes::from_static(TINY_JPEG)).unwrap();
        let mut jpeg = Jpeg::from_bytes(original.bytes.clone()).unwrap();
        // An APP0 with a 2x1 thumbnail and a secret after it, as an editor might leave.
        let mut app0 = b"JFIF\0\x01\x02\x01\x00\x48\x00\x48\x02\x01".to_vec();
        app0.extend_from_slice(&[255, 0, 0, 0, 255, 0]);
        app0.extend_from_slice(b"SECRET-THUMB");
        jpeg.segments_mut().retain(|s| s.marker() != markers::APP0);
        jpeg.segments_mut().insert(
            0,
            JpegSegment::new_with_contents(markers::APP0, Bytes::from(app0)),
        );
        let cleaned = prepare(jpeg.encoder().bytes()).unwrap();
        assert!(!cleaned.bytes.windows(12).any(|w| w == b"SECRET-THUMB"));
        let again = Jpeg::from_bytes(cleaned.bytes).unwrap();
        let app0s: Vec<_> = again
            .segments()
            .iter()
            .filter(|s| s.marker() == markers::APP0)
            .collect();
        assert_eq!(app0s.len(), 1);
        assert_eq!(
            &app0s[0].contents()[..],
            b"JFIF\0\x01\x01\x01\x00\x48\x00\x48\x00\x00",
            "density kept, no thumbnail"
        );
    }

    #[test]
    fn trailing_images_after_the_end_marker_are_dropped() {
        let mut input = TINY_JPEG.to_vec();
        input.extend_from_slice(GPS_JPEG);
        let out = prepare(Bytes::from(input)).unwrap();
        assert_eq!(out.bytes.len(), TINY_JPEG.len());
    }

    #[test]
    fn type_comes_from_content_not_name() {
        assert_eq!(
            prepare(Bytes::from_static(b"MZ\x90\0 pretend.jpg")).unwrap_err(),
            EvidenceError::NotAllowed
        );
        assert_eq!(
            prepare(Bytes::from_static(META_PDF)).unwrap().kind,
            EvidenceKind::Pdf
        );
        assert_eq!(
            prepare(Bytes::from(vec![0u8; MAX_FILE_BYTES + 1])).unwrap_err(),
            EvidenceError::TooLarge
        );
        assert_eq!(check_count(MAX_FILES + 1), Err(EvidenceError::TooMany));
    }
}
