//! Charts drawn on the server as SVG: readable without JavaScript, printable, and each with
//! a title, axis labels and a description; pages put the data table beside them.
//!
//! Written here rather than with a plotting crate: plotters needs a font backend (system
//! fontconfig or embedded font files) just to place axis labels, while these two chart
//! shapes need only `<text>` that the browser lays out.

use std::fmt::Write;

const W: f64 = 400.0;
const H: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 36.0;
const BOTTOM: f64 = 56.0;

/// Escapes text for SVG content and attributes.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" class="chart" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><text x="{LEFT}" y="20" font-size="14" font-weight="600" fill="#1b1f1d">{}</text>"##,
        esc(title),
        esc(desc),
        esc(title)
    );
}

/// A line chart of values over labelled periods (gaps where a value is missing), on a
/// fixed y range, with horizontal reference lines (for example grade boundaries).
pub struct LineChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Shown to screen readers and when the chart is empty.
    pub desc: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub y_range: (f64, f64),
    /// `(value, label)` lines drawn across.
    pub guides: &'a [(f64, &'a str)],
    pub labels: &'a [String],
    pub series: &'a [(String, Vec<Option<f64>>)],
    /// Text when there is no value at all.
    pub empty_text: &'a str,
}

const COLORS: [&str; 4] = ["#0b6e4f", "#2f6db5", "#b07a00", "#a4161a"];

impl LineChart<'_> {
    /// The SVG document.
    pub fn svg(&self) -> String {
        let mut out = String::new();
        open(&mut out, self.id, self.title, self.desc, H);
        let (lo, hi) = self.y_range;
        let pw = W - LEFT - RIGHT;
        let ph = H - TOP - BOTTOM;
        let y = |v: f64| TOP + ph * (1.0 - (v - lo) / (hi - lo));
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
            r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{}" stroke="#8a948f"/><line x1="{LEFT}" y1="{}" x2="{}" y2="{}" stroke="#8a948f"/>"##,
            TOP + ph,
            TOP + ph,
            LEFT + pw,
            TOP + ph
        );
        for (v, label) in self.guides {
            let yy = y(*v);
            let _ = write!(
                out,
                r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{}" y2="{yy:.1}" stroke="#d5dbd8" stroke-dasharray="4 3"/><text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">{}</text><text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">{v}</text>"##,
                LEFT + pw,
                LEFT + pw,
                yy - 3.0,
                esc(label),
                LEFT - 4.0,
                yy + 3.0
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
                    TOP + ph + 14.0,
                    esc(l)
                );
            }
        }
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d">{}</text><text x="12" y="{:.1}" text-anchor="middle" fill="#1b1f1d" transform="rotate(-90 12 {:.1})">{}</text>"##,
            LEFT + pw / 2.0,
            H - 12.0,
            esc(self.x_label),
            TOP + ph / 2.0,
            TOP + ph / 2.0,
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
                TOP + ph / 2.0,
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
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"><title>{}: {} {v:.2}</title></circle>"#,
                        x(i),
                        y(v.clamp(lo, hi)),
                        esc(&self.labels[i.min(self.labels.len().saturating_sub(1))]),
                        esc(name)
                    );
                }
            }
            if self.series.len() > 1 {
                let lx = LEFT + 8.0 + 120.0 * k as f64;
                let _ = write!(
                    out,
                    r##"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" fill="{color}"/><text x="{:.1}" y="{:.1}" fill="#1b1f1d">{}</text>"##,
                    H - 30.0,
                    lx + 14.0,
                    H - 21.0,
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
    /// The SVG document.
    pub fn svg(&self) -> String {
        const ROW: f64 = 22.0;
        const LABEL_W: f64 = 150.0;
        let height = TOP + ROW * self.bars.len().max(1) as f64 + 40.0;
        let mut out = String::new();
        open(&mut out, self.id, self.title, self.desc, height);
        let max = self.bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
        let pw = W - LABEL_W - 70.0;
        if self.bars.is_empty() {
            let _ = write!(
                out,
                r##"<text x="{}" y="{}" text-anchor="middle" fill="#5b6661">{}</text>"##,
                W / 2.0,
                TOP + 14.0,
                esc(self.empty_text)
            );
        }
        for (i, (label, v)) in self.bars.iter().enumerate() {
            let yy = TOP + ROW * i as f64;
            let w = if max > 0.0 { pw * v / max } else { 0.0 };
            let short: String = label.chars().take(24).collect();
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#1b1f1d">{}</text><rect x="{LABEL_W}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="#0b6e4f"/><text x="{:.1}" y="{:.1}" fill="#1b1f1d">{:.*}</text>"##,
                LABEL_W - 6.0,
                yy + 14.0,
                esc(&short),
                yy + 3.0,
                ROW - 6.0,
                LABEL_W + w + 4.0,
                yy + 14.0,
                self.decimals,
                v
            );
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(labels: &[&str], values: &[Option<f64>]) -> String {
        let labels: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        LineChart {
            id: "c",
            title: "IKM <Samsat>",
            desc: "desc",
            x_label: "Periode",
            y_label: "IKM",
            y_range: (25.0, 100.0),
            guides: &[(88.31, "A")],
            labels: &labels,
            series: &[("IKM".into(), values.to_vec())],
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
        assert!(svg.contains("cx=\"216.0\""));
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
    fn bars_scale_to_the_largest_and_empty_bars_say_so() {
        let bars = [
            ("Pungli".to_string(), 10.0),
            ("Tidak sopan".to_string(), 5.0),
        ];
        let svg = BarChart {
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
        open(&mut out, self.id, self.title, self.desc, H);
        let pw = W - LEFT - RIGHT;
        let ph = H - TOP - BOTTOM;
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
        let y = |v: f64| TOP + ph * (1.0 - (v.clamp(lo, hi) - lo) / (hi - lo));
        // Slots: one per month, with one more slot for the program between -1 and 1.
        let slots = months.len() + 1;
        let slot = |m: i32| {
            let i = months.iter().position(|x| *x == m).unwrap_or(0);
            i + usize::from(m > 0)
        };
        let x = |s: usize| LEFT + pw * (s as f64 + 0.5) / slots as f64;
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{}" stroke="#8a948f"/><line x1="{LEFT}" y1="{:.1}" x2="{}" y2="{:.1}" stroke="#5b6661" stroke-dasharray="4 3"/><text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">0</text>"##,
            TOP + ph,
            y(0.0),
            LEFT + pw,
            y(0.0),
            LEFT - 4.0,
            y(0.0) + 3.0
        );
        for v in [lo, hi] {
            let _ = write!(
                out,
                r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#5b6661" font-size="10">{v}</text>"##,
                LEFT - 4.0,
                y(v) + 3.0
            );
        }
        if let Some(s) = months.iter().position(|m| *m > 0) {
            let px = x(s);
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{TOP}" width="{:.1}" height="{ph}" fill="#eef3f1"/><text x="{px:.1}" y="{:.1}" text-anchor="middle" fill="#5b6661" font-size="10">{}</text>"##,
                px - pw / slots as f64 / 2.0,
                pw / slots as f64,
                TOP + 12.0,
                esc(self.program_label)
            );
        }
        for m in &months {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1b1f1d" font-size="10">{}</text>"##,
                x(slot(*m)),
                TOP + ph + 14.0,
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
            H - 12.0,
            esc(self.x_label),
            TOP + ph / 2.0,
            TOP + ph / 2.0,
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
                r#"<circle cx="{cx:.1}" cy="{:.1}" r="4" fill="{color}"><title>{m}: {est:.2}</title></circle>"#,
                y(*est)
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
