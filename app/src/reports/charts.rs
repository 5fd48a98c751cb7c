//! Charts for reports, drawn on the server as SVG by charts-rs (its own font, so nothing depends on the
//! fonts of the machine). Each chart gets `role="img"`, a `<title>` and a `<desc>` that says the same
//! figures in words; the page also puts them in a table beside it. No JavaScript.

use charts_rs::{svg_with_accessibility, BarChart, HorizontalBarChart, LineChart, Series};

const BRAND: &str = "#1d4f46";
const INK: &str = "#0b0c0c";
const WIDTH: f32 = 640.0;
/// Text is measured with the library's own Roboto; browsers without it fall back to a sans-serif.
/// Latin first, then fonts with Arabic letters on each platform (Android's Noto, iOS and macOS's Geeza
/// Pro, Windows's Segoe UI and Tahoma), so an Arabic theme or reach choice is drawn, not boxes.
const FONT: &str = "Roboto, Helvetica, 'Noto Sans', 'Noto Sans Arabic', 'Geeza Pro', 'Segoe UI', Tahoma, Arial, sans-serif";

/// The figures in words, for the chart's description.
fn describe(data: &[(String, i64)], shown: impl Fn(i64) -> String) -> String {
    data.iter()
        .map(|(label, n)| format!("{label}: {}", shown(*n)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn series(data: &[(String, i64)]) -> (Vec<Series>, Vec<String>) {
    let values = data.iter().map(|(_, n)| *n as f32).collect();
    let labels = data.iter().map(|(l, _)| l.clone()).collect();
    (vec![Series::new("Count".to_string(), values)], labels)
}

fn finish(svg: charts_rs::Result<String>, title: &str, desc: &str) -> String {
    match svg {
        Ok(svg) => svg_with_accessibility(&svg, title, desc),
        Err(e) => {
            // The table beside the chart still shows every figure.
            tracing::error!(error = %e, chart = title, "chart could not be drawn");
            String::new()
        }
    }
}

/// Columns, one per label (a few categories, like the five feelings).
pub fn columns(title: &str, data: &[(String, i64)], shown: impl Fn(i64) -> String) -> String {
    let (s, labels) = series(data);
    let mut c = BarChart::new(s, labels);
    c.width = WIDTH;
    c.font_family = FONT.to_string();
    c.height = 300.0;
    c.legend.show = Some(false);
    c.series.colors = vec![BRAND.into()];
    c.series_list[0].label_show = true;
    c.x_axis.font.color = INK.into();
    c.y_axis_configs[0].font.color = INK.into();
    c.y_axis_configs[0].min = Some(0.0);
    finish(c.svg(), title, &describe(data, shown))
}

/// Bars across, one per label, first at the top (themes, channels, statuses).
pub fn bars(title: &str, data: &[(String, i64)], shown: impl Fn(i64) -> String) -> String {
    // The library draws the first category at the bottom.
    let reversed: Vec<(String, i64)> = data.iter().rev().cloned().collect();
    let (s, labels) = series(&reversed);
    let mut c = HorizontalBarChart::new(s, labels);
    c.width = WIDTH;
    c.font_family = FONT.to_string();
    c.height = (60.0 + 36.0 * data.len() as f32).max(140.0);
    c.legend.show = Some(false);
    c.series.colors = vec![BRAND.into()];
    c.series_list[0].label_show = true;
    c.x_axis.font.color = INK.into();
    c.y_axis_configs[0].font.color = INK.into();
    finish(c.svg(), title, &describe(data, shown))
}

/// A line over time.
pub fn line(title: &str, data: &[(String, i64)]) -> String {
    let (s, labels) = series(data);
    let mut c = LineChart::new(s, labels);
    c.width = WIDTH;
    c.font_family = FONT.to_string();
    c.height = 300.0;
    c.legend.show = Some(false);
    c.series.colors = vec![BRAND.into()];
    c.x_axis.label_overflow = charts_rs::AxisLabelOverflow::Rotate;
    c.x_axis.font.color = INK.into();
    c.y_axis_configs[0].font.color = INK.into();
    c.y_axis_configs[0].min = Some(0.0);
    finish(c.svg(), title, &describe(data, |n| n.to_string()))
}

/// Reach: the share of answers for each choice (hidden counts drawn as nothing), beside the
/// service's own population where it was given.
pub fn compare(title: &str, rows: &[(String, Option<i64>, Option<f64>)]) -> String {
    let labels: Vec<String> = rows.iter().map(|(c, _, _)| c.clone()).collect();
    let ours: Vec<f32> = rows.iter().map(|(_, s, _)| s.unwrap_or(0) as f32).collect();
    let mut answers = Series::new("Share of answers, %".to_string(), ours);
    answers.label_show = true;
    let mut series = vec![answers];
    if rows.iter().any(|(_, _, p)| p.is_some()) {
        let theirs = rows
            .iter()
            .map(|(_, _, p)| p.unwrap_or(0.0) as f32)
            .collect();
        // Not colour alone: the service's population is a dashed line with dots, over the bars.
        let mut population = Series::new("Service population, %".to_string(), theirs);
        population.category = Some(charts_rs::SeriesCategory::Line);
        population.stroke_dash_array = Some("6,4".to_string());
        population.label_show = true;
        series.push(population);
    }
    let two = series.len() > 1;
    let mut c = BarChart::new(series, labels);
    c.width = WIDTH;
    c.font_family = FONT.to_string();
    c.height = 300.0;
    c.legend.show = Some(two);
    c.series.colors = vec![BRAND.into(), "#8a4b00".into()];
    c.x_axis.font.color = INK.into();
    c.y_axis_configs[0].font.color = INK.into();
    c.y_axis_configs[0].min = Some(0.0);
    c.y_axis_configs[0].max = Some(100.0);
    let desc = rows
        .iter()
        .map(|(c, s, p)| {
            let ours = s.map_or("not shown (fewer than 5)".to_string(), |s| format!("{s}%"));
            match p {
                Some(p) => format!("{c}: {ours} of answers, {p}% of the service"),
                None => format!("{c}: {ours} of answers"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    finish(c.svg(), title, &desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_svg_image_with_a_title_and_the_figures_in_words() {
        let data = vec![("Own device".to_string(), 12), ("Paper".to_string(), 3)];
        let svg = bars("By channel", &data, |n| n.to_string());
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>By channel</title>"));
        assert!(svg.contains("<desc>Own device: 12; Paper: 3</desc>"));
        assert!(svg.contains("Own device"), "labels are drawn");
        assert!(!line("Over time", &[("1 Nov".into(), 0)]).is_empty());
        assert!(columns("Feelings", &data, |n| n.to_string()).contains("<title>Feelings</title>"));
    }

    #[test]
    fn arabic_words_are_drawn_with_a_font_that_has_arabic_letters() {
        let data = vec![("السكن".to_string(), 7), ("Food".to_string(), 2)];
        let svg = bars("By theme", &data, |n| n.to_string());
        assert!(
            svg.matches("السكن").count() >= 2,
            "in the description and drawn: {svg}"
        );
        assert!(svg.contains("Noto Sans Arabic"), "{svg}");
    }
}
