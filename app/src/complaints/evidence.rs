//! Evidence files: the type is read from the content (never the name), limits are enforced,
//! and images lose every metadata block that can locate or identify the reporter (EXIF with
//! GPS, XMP, IPTC, comments) before they are stored. Orientation survives, rewritten alone.
//! PDFs are rebuilt from their pages (see [`clean_pdf`]). Every cost an attacker controls is
//! capped: image pixels from the header before anything else, a PDF's inflated bytes,
//! objects and nesting while it is parsed; [`prepare_all`] runs the work in the bounded pool.

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
    /// A PDF over a cap: decompressed bytes, objects (a bomb, or far beyond any evidence).
    #[error("file_too_complex")]
    TooComplex,
    /// An image over [`MAX_PIXELS`], refused from its header before any decoding.
    #[error("image_too_large")]
    TooManyPixels,
    /// The cleaning pool gave no answer within its time limit.
    #[error("files_busy")]
    Busy,
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
            EvidenceError::TooComplex => "file_too_complex",
            EvidenceError::TooManyPixels => "image_too_large",
            EvidenceError::Busy => "files_busy",
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

/// Most pixels an image may have (a 40 MP photo is beyond any phone's camera).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most bytes one stream the parser decodes while loading may inflate to (an object stream
/// of a real document holds a few hundred kilobytes).
pub const MAX_PDF_STREAM: usize = 4 * 1024 * 1024;
/// Most object streams a PDF may hold: with [`MAX_PDF_STREAM`], at most 128 MiB inflated.
pub const MAX_PDF_OBJSTMS: usize = 32;
/// Most objects a PDF may hold (a 50-page scanned report has a few thousand).
pub const MAX_PDF_OBJECTS: usize = 100_000;

/// Checks and cleans every file of one request, one after another in the bounded pool (a
/// request holds at most one place, so one sender cannot take them all).
pub async fn prepare_all(
    pool: &crate::untrusted::Pool,
    files: Vec<Bytes>,
) -> Result<Vec<Evidence>, EvidenceError> {
    check_count(files.len())?;
    let mut out = Vec::with_capacity(files.len());
    for raw in files {
        let e = pool.run(move || prepare(raw)).await.map_err(|e| match e {
            crate::untrusted::PoolError::TimedOut => EvidenceError::Busy,
            crate::untrusted::PoolError::Failed => EvidenceError::Damaged,
        })??;
        out.push(e);
    }
    Ok(out)
}

/// Checks and cleans one uploaded file (blocking: call it through [`prepare_all`]).
pub fn prepare(raw: Bytes) -> Result<Evidence, EvidenceError> {
    if raw.len() > MAX_FILE_BYTES {
        return Err(EvidenceError::TooLarge);
    }
    let kind = sniff(&raw).ok_or(EvidenceError::NotAllowed)?;
    if kind != EvidenceKind::Pdf {
        let size = imagesize::blob_size(&raw).map_err(|_| EvidenceError::Damaged)?;
        let pixels = u64::try_from(size.width)
            .unwrap_or(u64::MAX)
            .saturating_mul(u64::try_from(size.height).unwrap_or(u64::MAX));
        if pixels > MAX_PIXELS {
            return Err(EvidenceError::TooManyPixels);
        }
    }
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

std::thread_local! {
    /// What the PDF being loaded on this thread has cost so far: objects, object streams,
    /// and whether a cap was passed. Reset before each load (loads run on pool threads, one
    /// at a time per thread).
    static PDF_COST: std::cell::Cell<(usize, usize, bool)> = const { std::cell::Cell::new((0, 0, false)) };
}

/// The parser's per-object hook: counts objects and object streams, and once a cap is passed
/// drops everything after it (an object stream dropped is never decompressed), so that a
/// bomb costs at most [`MAX_PDF_OBJSTMS`] x [`MAX_PDF_STREAM`] inflated bytes and
/// [`MAX_PDF_OBJECTS`] objects before it is refused.
fn count_pdf_object(
    id: lopdf::ObjectId,
    obj: &mut lopdf::Object,
) -> Option<(lopdf::ObjectId, lopdf::Object)> {
    let is_objstm = obj.as_stream().is_ok_and(|s| s.dict.has_type(b"ObjStm"));
    let over = PDF_COST.with(|c| {
        let (mut objects, mut streams, mut over) = c.get();
        objects += 1;
        streams += usize::from(is_objstm);
        over |= objects > MAX_PDF_OBJECTS || streams > MAX_PDF_OBJSTMS;
        c.set((objects, streams, over));
        over
    });
    // The parser keeps `obj` for top-level objects and the returned copy for members of an
    // object stream, so both must be whole.
    (!over).then(|| (id, obj.clone()))
}

/// Loads a PDF within the caps: nesting by the parser's own limit (100), each stream it
/// decodes while loading (object and cross-reference streams) at most [`MAX_PDF_STREAM`]
/// inflated bytes, at most [`MAX_PDF_OBJSTMS`] object streams and [`MAX_PDF_OBJECTS`]
/// objects. Content streams stay compressed (cleaning never decodes them).
fn load_pdf(raw: &[u8]) -> Result<lopdf::Document, EvidenceError> {
    PDF_COST.with(|c| c.set((0, 0, false)));
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_PDF_STREAM),
        filter: Some(count_pdf_object),
        ..lopdf::LoadOptions::default()
    };
    let loaded = lopdf::Document::load_from_with_options(raw, options);
    if PDF_COST.with(|c| c.get().2) {
        return Err(EvidenceError::TooComplex);
    }
    loaded.map_err(|e| match e {
        lopdf::Error::Decompress(_) => EvidenceError::TooComplex,
        _ => EvidenceError::Damaged,
    })
}

/// What a page keeps: what draws it and where (its plain links are rebuilt apart).
const PAGE_KEYS: &[&[u8]] = &[
    b"Type",
    b"Parent",
    b"Kids",
    b"Count",
    b"Resources",
    b"Contents",
    b"MediaBox",
    b"CropBox",
    b"BleedBox",
    b"TrimBox",
    b"ArtBox",
    b"Rotate",
    b"UserUnit",
];

/// Keys dropped from every dictionary left: metadata and what runs or reaches out.
const DROPPED_EVERYWHERE: &[&[u8]] = &[
    b"Metadata",
    b"PieceInfo",
    b"AA",
    b"OpenAction",
    b"JS",
    b"JavaScript",
    b"EmbeddedFiles",
    b"EF",
    b"AcroForm",
    b"XFA",
    b"URI",
];

/// A plain link annotation, kept as a rectangle and a web address only; `None` for any
/// other annotation (comments, form widgets, sounds, files, movies, links that run actions).
fn plain_link(doc: &lopdf::Document, annot: &lopdf::Object) -> Option<lopdf::Dictionary> {
    use lopdf::{Dictionary, Object};
    let dict = match annot {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    if dict.get(b"Subtype").and_then(Object::as_name).ok()? != b"Link" {
        return None;
    }
    let action = match dict.get(b"A").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    if action.get(b"S").and_then(Object::as_name).ok()? != b"URI" {
        return None;
    }
    let uri = action.get(b"URI").ok()?.as_str().ok()?;
    let web = uri.starts_with(b"https://") || uri.starts_with(b"http://");
    if !web {
        return None;
    }
    let mut a = Dictionary::new();
    a.set("S", Object::Name(b"URI".to_vec()));
    a.set("URI", Object::string_literal(uri.to_vec()));
    let mut link = Dictionary::new();
    link.set("Type", Object::Name(b"Annot".to_vec()));
    link.set("Subtype", Object::Name(b"Link".to_vec()));
    link.set("Rect", dict.get(b"Rect").ok()?.clone());
    link.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
    link.set("A", Object::Dictionary(a));
    Some(link)
}

/// Rebuilds a PDF from its pages, keeping only what draws them (content streams, fonts,
/// images and the other resources) and plain web links. Everything else goes: the document
/// catalog's actions, JavaScript, names, outlines and forms (AcroForm, XFA); every page's
/// actions, thumbnails and annotations other than plain links (comments with their authors,
/// form widgets, embedded files, sounds, launches); embedded files; the document
/// information dictionary, XMP metadata, identifiers, private application data; and the
/// earlier revisions an incremental save leaves in the file (the file is written anew).
/// The caps of [`load_pdf`] apply while it is read. A PDF that does not parse, is encrypted, or has no page is refused rather than
/// stored uncleaned.
fn clean_pdf(raw: &[u8]) -> Result<Bytes, EvidenceError> {
    use lopdf::{Dictionary, Object};
    let mut doc = load_pdf(raw)?;
    if doc.was_encrypted() || doc.is_encrypted() {
        return Err(EvidenceError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(EvidenceError::Damaged);
    }
    let pages_root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| EvidenceError::Damaged)?;
    // The page tree's nodes: the pages and every node above them.
    let mut nodes: Vec<lopdf::ObjectId> = pages.values().copied().collect();
    let mut i = 0;
    while i < nodes.len() {
        if let Ok(parent) = doc
            .get_dictionary(nodes[i])
            .and_then(|d| d.get(b"Parent"))
            .and_then(Object::as_reference)
            && !nodes.contains(&parent)
        {
            nodes.push(parent);
        }
        i += 1;
    }
    for id in nodes {
        let links: Vec<Object> = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .map(|a| match a {
                Object::Reference(r) => doc.get_object(*r).ok().cloned(),
                other => Some(other.clone()),
            })
            .and_then(|a| a.and_then(|a| a.as_array().ok().cloned()))
            .unwrap_or_default()
            .iter()
            .filter_map(|a| plain_link(&doc, a))
            .map(Object::Dictionary)
            .collect();
        let Ok(page) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let mut kept = Dictionary::new();
        for (k, v) in page.iter() {
            if PAGE_KEYS.contains(&k.as_slice()) {
                kept.set(k.clone(), v.clone());
            }
        }
        if !links.is_empty() {
            kept.set("Annots", Object::Array(links));
        }
        *page = kept;
    }
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", Object::Reference(pages_root));
    let catalog_id = doc.add_object(catalog);
    let mut trailer = Dictionary::new();
    trailer.set("Root", Object::Reference(catalog_id));
    doc.trailer = trailer;
    for obj in doc.objects.values_mut() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        for key in DROPPED_EVERYWHERE {
            dict.remove(key);
        }
    }
    // What is no longer reachable from the new catalog (the old catalog, information
    // dictionary, XMP, actions, scripts, forms, files, comments) goes.
    doc.prune_objects();
    doc.renumber_objects();
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

    /// A PDF with every kind of active content and attachment the review found kept: an
    /// `/OpenAction` script, a page `/AA` action, a `/Launch` link, an embedded file naming
    /// its author, an AcroForm field, a comment; and a plain web link that must survive.
    fn active_pdf() -> Vec<u8> {
        use lopdf::{Object, Stream, dictionary};
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica"},
        );
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf 10 50 Td (KWITANSI 250000) Tj ET".to_vec(),
        ));
        let js = doc.add_object(
            dictionary! {"S" => "JavaScript", "JS" => Object::string_literal("app.alert('x')")},
        );
        let launch =
            doc.add_object(dictionary! {"S" => "Launch", "F" => Object::string_literal("cmd.exe")});
        let link = doc.add_object(
            dictionary! {"S" => "URI", "URI" => Object::string_literal("https://jambiprov.go.id/")},
        );
        let file = doc.add_object(Stream::new(
            dictionary! {"Type" => "EmbeddedFile"},
            b"Penulis: Siti Rahmawati".to_vec(),
        ));
        let spec = doc.add_object(dictionary! {"Type" => "Filespec", "F" => Object::string_literal("catatan.txt"), "EF" => dictionary! {"F" => file}});
        let field = doc.add_object(dictionary! {"Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "T" => Object::string_literal("nama"), "Rect" => vec![0.into(), 0.into(), 10.into(), 10.into()]});
        let annots = vec![
            Object::Dictionary(
                dictionary! {"Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 5.into(), 5.into()], "A" => launch},
            ),
            Object::Dictionary(
                dictionary! {"Type" => "Annot", "Subtype" => "Link", "Rect" => vec![5.into(), 5.into(), 9.into(), 9.into()], "A" => link},
            ),
            Object::Dictionary(
                dictionary! {"Type" => "Annot", "Subtype" => "Text", "T" => Object::string_literal("Siti Rahmawati"), "Contents" => Object::string_literal("catatan"), "Rect" => vec![0.into(), 0.into(), 5.into(), 5.into()]},
            ),
            Object::Dictionary(
                dictionary! {"Type" => "Annot", "Subtype" => "FileAttachment", "FS" => spec, "Rect" => vec![0.into(), 0.into(), 5.into(), 5.into()]},
            ),
            field.into(),
        ];
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Contents" => content, "Resources" => dictionary! {"Font" => dictionary! {"F1" => font}},
            "AA" => dictionary! {"O" => js}, "Annots" => annots,
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! {"Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1},
            ),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "OpenAction" => js,
            "Names" => dictionary! {"EmbeddedFiles" => dictionary! {"Names" => vec![Object::string_literal("catatan.txt"), spec.into()]},
                "JavaScript" => dictionary! {"Names" => vec![Object::string_literal("a"), js.into()]}},
            "AcroForm" => dictionary! {"Fields" => vec![field.into()], "XFA" => Object::string_literal("<xdp/>")},
        });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn a_pdf_is_rebuilt_without_actions_scripts_forms_files_or_comments_and_keeps_links() {
        let raw = active_pdf();
        let has = |b: &[u8], s: &str| b.windows(s.len()).any(|w| w == s.as_bytes());
        for present in [
            "/OpenAction",
            "/JavaScript",
            "/Launch",
            "/EmbeddedFile",
            "/AcroForm",
        ] {
            assert!(has(&raw, present), "the fixture holds {present}");
        }
        let out = prepare(Bytes::from(raw)).unwrap();
        for gone in [
            "/OpenAction",
            "/JavaScript",
            "/JS",
            "/AA",
            "/Launch",
            "cmd.exe",
            "/EmbeddedFile",
            "/Filespec",
            "/FileAttachment",
            "Siti",
            "/AcroForm",
            "/XFA",
            "/Widget",
            "/Names",
        ] {
            assert!(!has(&out.bytes, gone), "{gone} left in the cleaned PDF");
        }
        let doc = lopdf::Document::load_mem(&out.bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        assert_eq!(doc.extract_text(&[1]).unwrap().trim(), "KWITANSI 250000");
        assert!(
            has(&out.bytes, "https://jambiprov.go.id/"),
            "the web link stays"
        );
    }

    #[test]
    fn an_image_over_forty_megapixels_is_refused_from_its_header() {
        // A PNG signature and a header claiming 8000 x 6000 pixels: nothing else is needed
        // to refuse it, and nothing is decoded.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&8000u32.to_be_bytes());
        png.extend_from_slice(&6000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            prepare(Bytes::from(png.clone())).unwrap_err(),
            EvidenceError::TooManyPixels
        );
        png[16..24].copy_from_slice(&[0, 0, 0x0f, 0xa0, 0, 0, 0x0b, 0xb8]);
        assert_ne!(
            prepare(Bytes::from(png)).unwrap_err(),
            EvidenceError::TooManyPixels,
            "4000 x 3000 is a phone photo"
        );
    }

    #[test]
    fn a_pdf_over_the_caps_is_refused_as_too_complex() {
        use std::fmt::Write;
        // 40 object streams (over the cap of 32), each tiny.
        let mut body = String::from("%PDF-1.7\n");
        let mut offsets = Vec::new();
        for (i, o) in [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
        .iter()
        .enumerate()
        {
            offsets.push(body.len());
            write!(body, "{} 0 obj\n{o}\nendobj\n", i + 1).unwrap();
        }
        for n in 4..44 {
            offsets.push(body.len());
            write!(body, "{n} 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Length 6 >>\nstream\n{} 0 1 \nendstream\nendobj\n", n + 100).unwrap();
        }
        let xref = body.len();
        write!(body, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).unwrap();
        for o in &offsets {
            writeln!(body, "{o:010} 00000 n ").unwrap();
        }
        write!(
            body,
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .unwrap();
        assert_eq!(
            prepare(Bytes::from(body.into_bytes())).unwrap_err(),
            EvidenceError::TooComplex
        );
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
