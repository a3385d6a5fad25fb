//! The SKM report as an Excel workbook (`GET /staf/laporan.xlsx`): the same figures as the
//! printed report, one sheet per part, for the offices that keep and send their SKM results
//! in Excel. Numbers are number cells (a clerk can sum and chart them) with number formats
//! that Excel and LibreOffice show with the reader's separators ("73,82" on an Indonesian
//! system); dates are date cells shown with Indonesian month names. Texts are written as
//! text cells, never as formulas, and the suggestions are masked like everywhere else.

use super::server_fns::SkmReport;
use crate::i18n::Lang;
use crate::tr;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The workbook's cell formats.
struct Formats {
    title: Format,
    head: Format,
    label: Format,
    text: Format,
    count: Format,
    two: Format,
    four: Format,
    percent: Format,
    date: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        // `[$-421]` (Indonesian) names the months in Indonesian whatever the reader's system.
        let date = match lang {
            Lang::Id => "[$-421]d mmmm yyyy",
            Lang::En => "[$-409]d mmmm yyyy",
        };
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#E7EEF3")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            label: Format::new().set_bold(),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            count: Format::new().set_num_format("#,##0"),
            two: Format::new().set_num_format("#,##0.00"),
            four: Format::new().set_num_format("0.0000"),
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new()
                .set_num_format(date)
                .set_align(FormatAlign::Left),
        }
    }
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A header row at `row`.
fn header(ws: &mut Worksheet, row: u32, f: &Formats, cells: &[String]) -> Result<(), XlsxError> {
    for (c, text) in cells.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, text, &f.head)?;
    }
    Ok(())
}

/// The report `r` as an xlsx file in `lang`.
pub fn write(r: &SkmReport, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new(lang);
    let mut wb = Workbook::new();
    summary(wb.add_worksheet(), r, lang, &f)?;
    elements(wb.add_worksheet(), r, lang, &f)?;
    profile(wb.add_worksheet(), r, lang, &f)?;
    suggestions(wb.add_worksheet(), r, lang, &f)?;
    plan(wb.add_worksheet(), r, lang, &f)?;
    wb.save_to_buffer()
}

/// Sheet 1: the unit, the period, the IKM with its interval and grade, the respondents and
/// the minimum sample.
fn summary(ws: &mut Worksheet, r: &SkmReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(tr!(lang, "workbook.summary"))?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 40)?;
    ws.write_string_with_format(0, 0, tr!(lang, "report.title"), &f.title)?;
    let mut row = 2;
    let mut label = |ws: &mut Worksheet, key: &str| -> Result<u32, XlsxError> {
        ws.write_string_with_format(row, 0, tr!(lang, key), &f.label)?;
        row += 1;
        Ok(row - 1)
    };
    let at = label(ws, "console.unit")?;
    ws.write_string(at, 1, &r.unit_name)?;
    let at = label(ws, "analytics.from")?;
    ws.write_datetime_with_format(at, 1, excel_date(r.from)?, &f.date)?;
    let at = label(ws, "analytics.to")?;
    ws.write_datetime_with_format(at, 1, excel_date(r.to)?, &f.date)?;
    let at = label(ws, "workbook.respondents")?;
    ws.write_number_with_format(at, 1, r.responses as f64, &f.count)?;
    let at = label(ws, "workbook.min_sample")?;
    match r.min_sample {
        Some(m) => ws.write_number_with_format(at, 1, m as f64, &f.count)?,
        None => ws.write_string(at, 1, tr!(lang, "workbook.unknown"))?,
    };
    let at = label(ws, "workbook.sample_reached")?;
    ws.write_string(
        at,
        1,
        match r.sample_reached {
            Some(true) => tr!(lang, "workbook.yes"),
            Some(false) => tr!(lang, "workbook.no"),
            None => tr!(lang, "workbook.unknown"),
        },
    )?;
    let at = label(ws, "report.result")?;
    match r.ikm {
        Some(v) => ws.write_number_with_format(at, 1, v, &f.two)?,
        None => ws.write_string(at, 1, "–")?,
    };
    let at = label(ws, "workbook.ci_low")?;
    if let Some((low, _)) = r.ikm_ci {
        ws.write_number_with_format(at, 1, low, &f.two)?;
    }
    let at = label(ws, "workbook.ci_high")?;
    if let Some((_, high)) = r.ikm_ci {
        ws.write_number_with_format(at, 1, high, &f.two)?;
    }
    let at = label(ws, "analytics.grade")?;
    ws.write_string(
        at,
        1,
        match (&r.grade, &r.grade_label) {
            (Some(g), Some(l)) => format!("{g} ({l})"),
            _ => "–".into(),
        },
    )?;
    row += 1;
    for key in [
        "report.formula",
        "analytics.interval_hint",
        "report.unrounded",
    ] {
        ws.merge_range(row, 0, row, 1, &tr!(lang, key), &f.text)?;
        ws.set_row_height(row, 45)?;
        row += 1;
    }
    Ok(())
}

/// Sheet 2: the nine elements, as in the printed table.
fn elements(ws: &mut Worksheet, r: &SkmReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(tr!(lang, "workbook.elements"))?;
    header(
        ws,
        0,
        f,
        &[
            tr!(lang, "workbook.code"),
            tr!(lang, "report.element"),
            tr!(lang, "report.answered"),
            tr!(lang, "report.sum"),
            "NRR".into(),
            tr!(lang, "report.weighted"),
            tr!(lang, "report.index"),
            tr!(lang, "workbook.ci_low"),
            tr!(lang, "workbook.ci_high"),
            tr!(lang, "analytics.grade"),
        ],
    )?;
    ws.set_row_height(0, 32)?;
    for (i, e) in r.elements.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &e.code)?;
        ws.write_string(row, 1, &e.name)?;
        ws.write_number_with_format(row, 2, e.answered as f64, &f.count)?;
        ws.write_number_with_format(row, 3, e.sum as f64, &f.count)?;
        ws.write_number_with_format(row, 4, e.nrr, &f.four)?;
        ws.write_number_with_format(row, 5, e.weighted, &f.four)?;
        ws.write_number_with_format(row, 6, e.index, &f.two)?;
        if let Some((low, high)) = e.ci {
            ws.write_number_with_format(row, 7, low, &f.two)?;
            ws.write_number_with_format(row, 8, high, &f.two)?;
        }
        ws.write_string(row, 9, &e.grade)?;
    }
    ws.set_column_width(0, 7)?;
    ws.set_column_width(1, 36)?;
    for c in 2..=9 {
        ws.set_column_width(c, 13)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Sheet 3: the respondents' profile, a block per question.
fn profile(ws: &mut Worksheet, r: &SkmReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(tr!(lang, "report.profile"))?;
    header(
        ws,
        0,
        f,
        &[
            tr!(lang, "workbook.question"),
            tr!(lang, "report.category"),
            "n".into(),
            "%".into(),
        ],
    )?;
    let mut row = 1;
    for g in &r.profile {
        for (label, n) in &g.rows {
            ws.write_string(row, 0, tr!(lang, &format!("report.profile.{}", g.group)))?;
            ws.write_string(row, 1, label)?;
            ws.write_number_with_format(row, 2, *n as f64, &f.count)?;
            if r.responses > 0 {
                ws.write_number_with_format(row, 3, *n as f64 / r.responses as f64, &f.percent)?;
            }
            row += 1;
        }
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 30)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Sheet 4: the suggestions, latest first, with personal data masked.
fn suggestions(
    ws: &mut Worksheet,
    r: &SkmReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(tr!(lang, "report.suggestions"))?;
    header(
        ws,
        0,
        f,
        &[tr!(lang, "workbook.date"), tr!(lang, "workbook.suggestion")],
    )?;
    for (i, (day, text)) in r.suggestions.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_datetime_with_format(row, 0, excel_date(*day)?, &f.date)?;
        ws.write_string_with_format(row, 1, text, &f.text)?;
    }
    if r.suggestions_total > r.suggestions.len() {
        let row = r.suggestions.len() as u32 + 2;
        ws.write_string(
            row,
            1,
            tr!(
                lang,
                "report.suggestions_shown",
                shown = lang.count(r.suggestions.len() as i64),
                total = lang.count(r.suggestions_total as i64)
            ),
        )?;
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 90)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Sheet 5: the follow-up plan: the recorded actions with their status, or (none recorded
/// yet) the three weakest elements with blank cells to fill in.
fn plan(ws: &mut Worksheet, r: &SkmReport, lang: Lang, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(tr!(lang, "report.plan"))?;
    header(
        ws,
        0,
        f,
        &[
            tr!(lang, "report.element"),
            tr!(lang, "report.index"),
            tr!(lang, "report.plan_action"),
            tr!(lang, "report.plan_owner"),
            tr!(lang, "report.plan_when"),
            tr!(lang, "follow_up.status"),
            tr!(lang, "follow_up.note"),
        ],
    )?;
    let index_of = |code: &str| r.elements.iter().find(|e| e.code == code);
    if r.plan.is_empty() {
        for (i, e) in r.weakest.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_string(row, 0, format!("{} {}", e.code, e.name))?;
            ws.write_number_with_format(row, 1, e.index, &f.two)?;
        }
    }
    for (i, a) in r.plan.iter().enumerate() {
        let row = i as u32 + 1;
        let el = index_of(&a.element);
        ws.write_string(
            row,
            0,
            format!(
                "{} {}",
                a.element,
                el.map(|e| e.name.as_str()).unwrap_or_default()
            ),
        )?;
        if let Some(e) = el {
            ws.write_number_with_format(row, 1, e.index, &f.two)?;
        }
        ws.write_string_with_format(row, 2, &a.action, &f.text)?;
        ws.write_string_with_format(row, 3, &a.responsible, &f.text)?;
        ws.write_datetime_with_format(row, 4, excel_date(a.due_on)?, &f.date)?;
        ws.write_string(
            row,
            5,
            tr!(lang, &format!("follow_up.status.{}", a.status.code())),
        )?;
        if let Some(n) = &a.note {
            ws.write_string_with_format(row, 6, n, &f.text)?;
        }
    }
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 24)?;
    ws.set_column_width(4, 18)?;
    ws.set_column_width(5, 16)?;
    ws.set_column_width(6, 40)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
