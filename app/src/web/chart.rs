//! Charts drawn on the server as SVG: readable without JavaScript, printable, and each with
//! a title, axis labels and a description; pages put the data table beside them.
//!
//! Written here rather than with a plotting crate: plotters needs a font backend (system
//! fontconfig or embedded font files) just to place axis labels, while these two chart
//! shapes need only `<text>` that the browser lays out.

use crate::i18n::Lang;
use std::fmt::Write;

const W: f64 = 400.0;
const H: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 22.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 56.0;

/// Escapes text for SVG content and attributes.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Height of one more line of title.
const TITLE_LINE: f64 = 18.0;

/// Splits a title into lines that fit the chart's width at 14 px (about 0.6 em a glyph,
/// a little more than system sans fonts need), breaking between words.
fn title_lines(title: &str) -> Vec<String> {
    let per_line = ((W - 16.0) / (14.0 * 0.6)) as usize;
    let mut lines: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= per_line => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Opens the SVG with its title (wrapped) and description; returns how much lower than
/// [`TOP`] the plot starts because of the title's extra lines.
fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) -> f64 {
    let lines = title_lines(title);
    let extra = TITLE_LINE * (lines.len() - 1) as f64;
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="chart" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><text x="8" y="20" font-size="14" font-weight="600" fill="#1b1f1d">"##,
        height + extra,
        esc(title),
        esc(desc),
    );
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { TITLE_LINE };
        let _ = write!(out, r#"<tspan x="8" dy="{dy}">{}</tspan>"#, esc(l));
    }
    out.push_str("</text>");
    extra
}

/// A line chart of values over labelled periods (gaps where a value is missing), on a
/// fixed y range, with horizontal reference lines (for example grade boundaries).
pub struct LineChart<'a> {
    /// Numbers on the axis and in the tooltips are written as this language writes them.
    pub lang: Lang,
    pub id: &'a str,
    pub title: &'a str,
    /// Shown to screen readers and when the chart is empty.
    pub desc: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub y_range: (f64, f64),
    /// `(value, label)` lines drawn across, the value written on the axis.
    pub guides: &'a [(f64, &'a str)],
    /// `(from, to, letter)` bands tinted in turn, the letter in the right margin (where no
    /// point can sit on it) at the middle of the band's visible part.
    pub zones: &'a [(f64, f64, &'a str)],
    pub labels: &'a [String],
    pub series: &'a [(String, Vec<Option<f64>>)],
    /// The first series' 95 % interval per label, drawn as a band behind its line.
    pub band: &'a [Option<(f64, f64)>],
    /// Text when there is no value at all.
    pub empty_text: &'a str,
}

const COLORS: [&str; 4] = ["#0b6e4f", "#2f6db5", "#b07a00", "#a4161a"];

impl LineChart<'_> {
    /// The SVG document.
    pub fn svg(&self) -> String {
        let mut out = String::new();
        let extra = open(&mut out, self.id, self.title, self.desc, H);
        let (top, h) = (TOP + extra, H + extra);
        let (lo, hi) = self.y_range;
        let pw = W - LEFT - RIGHT;
        let ph = h - top - BOTTOM;
        let y = |v: f64| top + ph * (1.0 - (v - lo) / (hi - lo));
        let n = self.labels.len().max(1);
        let x = |i: usize| {
            if n == 1 {
                LEFT + pw / 2.0
            } else {
                LEFT + pw * i as f64 / (n - 1) as f64
            }
        };
        // Axes and guides.
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{}" stroke="#8a948f"/><line x1="{LEFT}" y1="{}" x2="{}" y2="{}" stroke="#8a948f"/>"##,
            top + ph,
            top + ph,
            LEFT + pw,
            top + ph
        );
        for (k, (a, b, letter)) in self.zones.iter().enumerate() {
            let (a, b) = (a.max(lo), b.min(hi));
            if b <= a {
                continue;
            }
            let fill = if k % 2 == 0 { "#f3f6f4" } else { "#ffffff" };
            let _ = write!(
                out,
                r##"<rect x="{LEFT}" y="{:.1}" width="{pw:.1}" height="{:.1}" fill="{fill}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#5b6661" font-size="11" font-weight="600">{}</text>"##,
                y(b),
                y(a) - y(b),
                LEFT + pw + RIGHT / 2.0,
                (y(a) + y(b)) / 2.0 + 4.0,
                esc(letter)
            );
        }
        // The axis's ends, then the guides (those inside the range), each with its value.
        let mut marks: Vec<(f64, bool)> = vec![(lo, false), (hi, false)];
        marks.extend(
            self.guides
                .iter()
                .filter(|(v, _)| *v > lo && *v < hi)
                .map(|(v, _)| (*v, true)),
        );
        for (v, guide) in marks {
            let yy = y(v);
            if guide {
                let _ = write!(
                    out,
                    r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#b9c2bd" stroke-dasharray="4 3"/>"##,
                    LEFT + pw,
                );
            }
            let _ = write!(
                out,
                r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">{}</text>"##,
                LEFT - 4.0,
                yy + 3.0,
                self.lang.number(v, if guide { 2 } else { 0 })
            );
        }
        // The interval band of the first series: one polygon per run of intervals.
        let mut run: Vec<(usize, f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for i in 0..=self.band.len() {
            match self.band.get(i).copied().flatten() {
                Some((a, b)) => run.push((i, a.clamp(lo, hi), b.clamp(lo, hi))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        for r in runs.iter().filter(|r| !r.is_empty()) {
            let mut d = String::new();
            // A lone interval is a short bar, as wide as a dot and a half.
            let half = if r.len() == 1 { 4.0 } else { 0.0 };
            for (k, &(i, _, b)) in r.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{:.1},{:.1} ",
                    if k == 0 { "M" } else { "L" },
                    x(i) - half,
                    y(b)
                );
                if half > 0.0 {
                    let _ = write!(d, "L{:.1},{:.1} ", x(i) + half, y(b));
                }
            }
            for &(i, a, _) in r.iter().rev() {
                if half > 0.0 {
                    let _ = write!(d, "L{:.1},{:.1} ", x(i) + half, y(a));
                }
                let _ = write!(d, "L{:.1},{:.1} ", x(i) - half, y(a));
            }
            let _ = write!(
                out,
                r##"<path class="band" d="{}Z" fill="{}" fill-opacity="0.18" stroke="none"/>"##,
                d, COLORS[0]
            );
        }
        // Period labels: every step-th, at most about six, so they never overlap on a phone.
        let step = n.div_ceil(6);
        for (i, l) in self.labels.iter().enumerate() {
            if i % step == 0 {
                let _ = write!(
                    out,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d" font-size="10">{}</text>"##,
                    x(i),
                    top + ph + 14.0,
                    esc(l)
                );
            }
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d">{}</text><text x="12" y="{:.1}" text-anchor="middle" fill="#1b1f1d" transform="rotate(-90 12 {:.1})">{}</text>"##,
            LEFT + pw / 2.0,
            h - 12.0,
            esc(self.x_label),
            top + ph / 2.0,
            top + ph / 2.0,
            esc(self.y_label)
        );
        let any = self
            .series
            .iter()
            .any(|(_, vs)| vs.iter().any(Option::is_some));
        if !any {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#5b6661">{}</text>"##,
                LEFT + pw / 2.0,
                top + ph / 2.0,
                esc(self.empty_text)
            );
        }
        for (k, (name, values)) in self.series.iter().enumerate() {
            let color = COLORS[k % COLORS.len()];
            // One path per run of consecutive values; a lone value is a dot.
            let mut d = String::new();
            let mut run = 0;
            for (i, v) in values.iter().enumerate() {
                match v {
                    Some(v) => {
                        let _ = write!(
                            d,
                            "{}{:.1},{:.1} ",
                            if run == 0 { "M" } else { "L" },
                            x(i),
                            y(v.clamp(lo, hi))
                        );
                        run += 1;
                    }
                    None => run = 0,
                }
            }
            if !d.is_empty() {
                let _ = write!(
                    out,
                    r#"<path d="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
                    d.trim_end()
                );
            }
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    let _ = write!(
                        out,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"><title>{}: {} {}</title></circle>"#,
                        x(i),
                        y(v.clamp(lo, hi)),
                        esc(&self.labels[i.min(self.labels.len().saturating_sub(1))]),
                        esc(name),
                        self.lang.number(*v, 2)
                    );
                }
            }
            if self.series.len() > 1 {
                let lx = LEFT + 8.0 + 120.0 * k as f64;
                let _ = write!(
                    out,
                    r##"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" fill="{color}"/><text x="{:.1}" y="{:.1}" fill="#1b1f1d">{}</text>"##,
                    h - 30.0,
                    lx + 14.0,
                    h - 21.0,
                    esc(name)
                );
            }
        }
        out.push_str("</svg>");
        out
    }
}

/// A horizontal bar chart of labelled counts or values.
pub struct BarChart<'a> {
    pub lang: Lang,
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub value_label: &'a str,
    pub bars: &'a [(String, f64)],
    pub empty_text: &'a str,
    /// Decimals shown after each bar.
    pub decimals: usize,
}

impl BarChart<'_> {
    /// The SVG document. A long label takes two lines (at 10 px) rather than being cut; a
    /// label longer still ends with an ellipsis, its whole text in the bar's tooltip.
    pub fn svg(&self) -> String {
        const ROW: f64 = 22.0;
        const LINE: f64 = 12.0;
        const LABEL_W: f64 = 150.0;
        // What fits in the label column (144 units) at about 0.62 em a character: 19 at
        // 12 px on one line, else 23 a line at 10 px.
        const ONE_LINE: usize = 19;
        const PER_LINE: usize = 23;
        let labels: Vec<Vec<String>> = self
            .bars
            .iter()
            .map(|(l, _)| label_lines(l, ONE_LINE, PER_LINE))
            .collect();
        let row_h = |lines: usize| ROW + LINE * lines.saturating_sub(1) as f64;
        let rows_h: f64 = if labels.is_empty() {
            ROW
        } else {
            labels.iter().map(|l| row_h(l.len())).sum()
        };
        let base = TOP + rows_h + 40.0;
        let mut out = String::new();
        let extra = open(&mut out, self.id, self.title, self.desc, base);
        let (top, height) = (TOP + extra, base + extra);
        let max = self.bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
        let pw = W - LABEL_W - 70.0;
        if self.bars.is_empty() {
            let _ = write!(
                out,
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#5b6661">{}</text>"##,
                W / 2.0,
                top + 14.0,
                esc(self.empty_text)
            );
        }
        let mut yy = top;
        for ((label, v), lines) in self.bars.iter().zip(&labels) {
            let w = if max > 0.0 { pw * v / max } else { 0.0 };
            let h = row_h(lines.len());
            let size = if lines.len() > 1 { 10 } else { 12 };
            let first = yy + h / 2.0 + 4.0 - LINE * (lines.len() - 1) as f64 / 2.0;
            let _ = write!(
                out,
                r##"<g><title>{}: {}</title><text x="{:.1}" y="{first:.1}" text-anchor="end" fill="#1b1f1d" font-size="{size}">"##,
                esc(label),
                self.lang.number(*v, self.decimals),
                LABEL_W - 6.0,
            );
            for (k, l) in lines.iter().enumerate() {
                let dy = if k == 0 { 0.0 } else { LINE };
                let _ = write!(
                    out,
                    r#"<tspan x="{:.1}" dy="{dy}">{}</tspan>"#,
                    LABEL_W - 6.0,
                    esc(l)
                );
            }
            let _ = write!(
                out,
                r##"</text><rect x="{LABEL_W}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="#0b6e4f"/><text x="{:.1}" y="{:.1}" fill="#1b1f1d">{}</text></g>"##,
                yy + (h - (ROW - 6.0)) / 2.0,
                ROW - 6.0,
                LABEL_W + w + 4.0,
                yy + h / 2.0 + 4.0,
                self.lang.number(*v, self.decimals)
            );
            yy += h;
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d">{}</text></svg>"##,
            LABEL_W + pw / 2.0,
            height - 10.0,
            esc(self.value_label)
        );
        out
    }
}

/// A bar label on one line when it has at most `one_line` characters, else in at most two
/// lines of `per_line` characters, broken between words; what does not fit ends with an
/// ellipsis.
fn label_lines(label: &str, one_line: usize, per_line: usize) -> Vec<String> {
    if label.chars().count() <= one_line {
        return vec![label.to_string()];
    }
    let mut lines: Vec<String> = vec![String::new()];
    for word in label.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        if last.is_empty() || last.chars().count() + 1 + word.chars().count() <= per_line {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    if lines.len() > 2 || lines.iter().any(|l| l.chars().count() > per_line) {
        let rest: Vec<String> = lines.split_off(1.min(lines.len()));
        let second: String = rest.join(" ").chars().take(per_line - 1).collect();
        lines.truncate(1);
        let first: String = lines[0].chars().take(per_line).collect();
        lines[0] = first;
        lines.push(format!("{}…", second.trim_end()));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(labels: &[&str], values: &[Option<f64>]) -> String {
        let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        LineChart {
            lang: Lang::Id,
            id: "c",
            title: "IKM <Samsat>",
            desc: "desc",
            x_label: "Periode",
            y_label: "IKM",
            y_range: (25.0, 100.0),
            guides: &[(88.31, "A")],
            zones: &[(88.31, 100.0, "A")],
            labels: &labels,
            series: &[("IKM".into(), values.to_vec())],
            band: &[],
            empty_text: "Belum ada data",
        }
        .svg()
    }

    #[test]
    fn an_empty_series_says_so_and_still_has_axes() {
        let svg = line(&["2026-01", "2026-02"], &[None, None]);
        assert!(svg.contains("Belum ada data"));
        assert!(svg.contains("<title id=\"c-t\">IKM &lt;Samsat&gt;</title>"));
        assert!(!svg.contains("<path"));
        assert!(svg.contains(">Periode<") && svg.contains(">IKM<"));
    }

    #[test]
    fn a_single_point_is_a_dot_in_the_middle() {
        let svg = line(&["2026-01"], &[Some(80.0)]);
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("cx=\"213.0\""));
        assert!(!svg.contains("Belum ada data"));
    }

    #[test]
    fn a_full_series_draws_one_path_per_run_and_a_dot_per_value() {
        let svg = line(
            &["a", "b", "c", "d"],
            &[Some(70.0), Some(75.0), None, Some(90.0)],
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(svg.contains("M48.0,"), "starts at the left axis");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_titles_and_labels_wrap_instead_of_running_out_of_the_box() {
        let t =
            title_lines("Dampak per bulan sebelum dan sesudah pelatihan di seluruh unit peserta");
        assert!(t.len() >= 2, "{t:?}");
        assert!(t.iter().all(|l| l.chars().count() <= 45));
        assert_eq!(
            label_lines("RSUD Raden Mattaher", 19, 23),
            ["RSUD Raden Mattaher"]
        );
        assert_eq!(
            label_lines("UPTD PPD Samsat Kota Jambi", 19, 23),
            ["UPTD PPD Samsat Kota", "Jambi"]
        );
        assert_eq!(
            label_lines(
                "Dinas Sosial, Kependudukan dan Pencatatan Sipil Provinsi Jambi",
                19,
                23
            ),
            ["Dinas Sosial,", "Kependudukan dan Penca…"]
        );
        let svg = BarChart {
            lang: Lang::Id,
            id: "b",
            title: "Pengaduan per unit",
            desc: "d",
            value_label: "Jumlah",
            bars: &[(
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu".into(),
                12_000.0,
            )],
            empty_text: "Tidak ada",
            decimals: 0,
        }
        .svg();
        assert!(svg.contains(">12.000<"), "Indonesian thousands: {svg}");
        assert!(svg.contains(
            "<title>Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu: 12.000</title>"
        ));
        let line = line(&["2026-01"], &[Some(88.3125)]);
        assert!(
            line.contains(">88,31<") && line.contains("IKM 88,31</title>"),
            "{line}"
        );
    }

    #[test]
    fn bars_scale_to_the_largest_and_empty_bars_say_so() {
        let bars = [
            ("Pungli".to_string(), 10.0),
            ("Tidak sopan".to_string(), 5.0),
        ];
        let svg = BarChart {
            lang: Lang::Id,
            id: "b",
            title: "Pengaduan",
            desc: "d",
            value_label: "Jumlah",
            bars: &bars,
            empty_text: "Tidak ada",
            decimals: 0,
        }
        .svg();
        assert!(svg.contains("width=\"180.0\"") && svg.contains("width=\"90.0\""));
        let empty = BarChart {
            lang: Lang::Id,
            id: "b",
            title: "Pengaduan",
            desc: "d",
            value_label: "Jumlah",
            bars: &[],
            empty_text: "Tidak ada",
            decimals: 0,
        }
        .svg();
        assert!(empty.contains("Tidak ada"));
    }
}

/// Effects per event month with their intervals: a dot per month, a whisker from the
/// interval's low to its high end, a line at zero, and a mark where the program happened.
pub struct EffectChart<'a> {
    pub lang: Lang,
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// `(month, estimate, low, high)`, months in order; -1 is drawn at zero (the reference).
    pub points: &'a [(i32, f64, Option<f64>, Option<f64>)],
    /// Label of the gap between the last month before and the first after.
    pub program_label: &'a str,
}

impl EffectChart<'_> {
    /// The SVG document.
    pub fn svg(&self) -> String {
        let mut out = String::new();
        let extra = open(&mut out, self.id, self.title, self.desc, H);
        let (top, h) = (TOP + extra, H + extra);
        let pw = W - LEFT - RIGHT;
        let ph = h - top - BOTTOM;
        let mut months: Vec<i32> = self.points.iter().map(|p| p.0).collect();
        months.push(-1);
        months.sort_unstable();
        months.dedup();
        let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
        let values = self
            .points
            .iter()
            .flat_map(|p| [Some(p.1), finite(p.2), finite(p.3)])
            .flatten()
            .chain([0.0]);
        let (mut lo, mut hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
        let pad = ((hi - lo) * 0.1).max(1.0);
        lo = (lo - pad).floor();
        hi = (hi + pad).ceil();
        let y = |v: f64| top + ph * (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo));
        // Slots: one per month, with one more slot for the program between -1 and 1.
        let slots = months.len() + 1;
        let slot = |m: i32| {
            let i = months.iter().position(|x| *x == m).unwrap_or(0);
            i + usize::from(m > 0)
        };
        let x = |s: usize| LEFT + pw * (s as f64 + 0.5) / slots as f64;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{}" stroke="#8a948f"/><line x1="{LEFT}" y1="{:.1}" x2="{}" y2="{:.1}" stroke="#5b6661" stroke-dasharray="4 3"/><text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">0</text>"##,
            top + ph,
            y(0.0),
            LEFT + pw,
            y(0.0),
            LEFT - 4.0,
            y(0.0) + 3.0
        );
        for v in [lo, hi] {
            let _ = write!(
                out,
                r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">{}</text>"##,
                LEFT - 4.0,
                y(v) + 3.0,
                self.lang.number(v, 0)
            );
        }
        if let Some(s) = months.iter().position(|m| *m > 0) {
            let px = x(s);
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{top}" width="{:.1}" height="{ph}" fill="#eef3f1"/><text x="{px:.1}" y="{:.1}" text-anchor="middle" fill="#5b6661" font-size="10">{}</text>"##,
                px - pw / slots as f64 / 2.0,
                pw / slots as f64,
                top + 12.0,
                esc(self.program_label)
            );
        }
        for m in &months {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d" font-size="10">{}</text>"##,
                x(slot(*m)),
                top + ph + 14.0,
                if *m > 0 {
                    format!("+{m}")
                } else {
                    m.to_string()
                }
            );
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d">{}</text><text x="12" y="{:.1}" text-anchor="middle" fill="#1b1f1d" transform="rotate(-90 12 {:.1})">{}</text>"##,
            LEFT + pw / 2.0,
            h - 12.0,
            esc(self.x_label),
            top + ph / 2.0,
            top + ph / 2.0,
            esc(self.y_label)
        );
        let reference = (-1, 0.0, None, None);
        for (m, est, low, high) in self.points.iter().chain([&reference]) {
            let cx = x(slot(*m));
            let color = if *m > 0 { COLORS[0] } else { COLORS[1] };
            if let (Some(l), Some(h)) = (finite(*low), finite(*high)) {
                let _ = write!(
                    out,
                    r#"<line x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" stroke="{color}" stroke-width="2"/>"#,
                    y(l),
                    y(h)
                );
            }
            let _ = write!(
                out,
                r#"<circle cx="{cx:.1}" cy="{:.1}" r="4" fill="{color}"><title>{m}: {}</title></circle>"#,
                y(*est),
                self.lang.number(*est, 2)
            );
        }
        out.push_str("</svg>");
        out
    }
}

#[cfg(test)]
mod effect_chart_tests {
    use super::*;

    #[test]
    fn an_effect_chart_has_a_dot_per_month_and_the_reference_and_whiskers_for_intervals() {
        let points = [
            (-3, 0.5, Some(-1.0), Some(2.0)),
            (-2, -0.2, Some(-1.5), Some(1.1)),
            (1, 2.5, Some(0.4), Some(4.6)),
            (2, 3.0, None, None),
        ];
        let svg = EffectChart {
            lang: Lang::Id,
            id: "ev",
            title: "Efek per bulan",
            desc: "d",
            x_label: "Bulan",
            y_label: "Poin",
            points: &points,
            program_label: "Pelatihan",
        }
        .svg();
        assert_eq!(svg.matches("<circle").count(), 5, "four months and -1");
        assert_eq!(
            svg.matches("stroke-width=\"2\"").count(),
            3,
            "three intervals"
        );
        assert!(svg.contains(">+1<") && svg.contains(">-1<") && svg.contains("Pelatihan"));
    }
}
