//! The results screen's two inline SVG charts: late dossiers per month, and the on-time rate per unit (plain
//! functions of the results screen's answer: a component each cost the wasm about 8 KB).

use crate::web::table::GroupFigures;
use crate::web::{format, Lang};
use yew::prelude::*;

/// Late and pending-overdue dossiers per month of their due date: `series` holds ((year, month), count).
pub fn late_chart(lang: Lang, series: &[((i32, u32), u32)]) -> Html {
    if series.is_empty() {
        return html! {};
    }
    let max = series.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (w, hgt, pad) = (640.0_f64, 220.0_f64, 28.0_f64);
    let bw = (w - 2.0 * pad) / series.len() as f64;
    let title = lang.pick(
        "Hồ sơ trễ hạn và quá hạn theo tháng (theo ngày hẹn trả)",
        "Late and overdue dossiers per month (by due date)",
    );
    let bars = series.iter().enumerate().map(|(i, ((y, mo), n))| {
        let bh = (hgt - 2.0 * pad - 14.0) * f64::from(*n) / f64::from(max);
        let x = pad + i as f64 * bw + bw * 0.15;
        let yy = hgt - pad - bh;
        let mid = format!("{:.1}", x + bw * 0.35);
        html! { <g>
            <rect x={format!("{x:.1}")} y={format!("{yy:.1}")} width={format!("{:.1}", bw * 0.7)}
                height={format!("{bh:.1}")} class="bar late"><title>{ format!("{mo:02}/{y}: {n}") }</title></rect>
            <text x={mid.clone()} y={format!("{:.1}", yy - 3.0)} class="val">
                { if *n > 0 { n.to_string() } else { String::new() } }
            </text>
            <text x={mid} y={format!("{:.1}", hgt - pad + 14.0)} class="lbl">{ format!("{mo:02}/{}", y % 100) }</text>
        </g> }
    });
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {w} {hgt}")} role="img" aria-label={title} id="chart-late">
                <line x1={pad.to_string()} y1={(hgt - pad).to_string()} x2={(w - pad).to_string()}
                    y2={(hgt - pad).to_string()} class="axis" />
                { for bars }
            </svg>
        </figure>
    }
}

/// The on-time rate of each unit.
pub fn unit_chart(lang: Lang, groups: &[GroupFigures]) -> Html {
    if groups.is_empty() {
        return html! {};
    }
    let row_h = 26.0_f64;
    let (w, label_w) = (640.0_f64, 250.0_f64);
    let hgt = row_h * groups.len() as f64 + 10.0;
    let title = lang.pick("Tỉ lệ đúng hạn theo đơn vị", "On-time rate per unit");
    let rows = groups.iter().enumerate().map(|(i, g)| {
        let rate = g.counts.on_time_rate();
        let bw = (w - label_w - 60.0) * rate.unwrap_or(0.0) / 100.0;
        let y = 5.0 + i as f64 * row_h;
        let short: String =
            if g.name.chars().count() > 34 { g.name.chars().take(33).chain(['…']).collect() } else { g.name.clone() };
        let (text_y, bar_y, bar_h) =
            (format!("{:.1}", y + row_h * 0.65), format!("{:.1}", y + 3.0), format!("{:.1}", row_h - 8.0));
        html! { <g>
            <text x={(label_w - 6.0).to_string()} y={text_y.clone()} class="lbl end">{ short }</text>
            <rect x={label_w.to_string()} y={bar_y.clone()} width={format!("{:.1}", w - label_w - 60.0)}
                height={bar_h.clone()} class="track" />
            <rect x={label_w.to_string()} y={bar_y} width={format!("{bw:.1}")} height={bar_h} class="bar ok">
                <title>{ format!("{}: {}", g.name, format::percent(rate, lang)) }</title>
            </rect>
            <text x={format!("{:.1}", w - 54.0)} y={text_y} class="val start">{ format::percent(rate, lang) }</text>
        </g> }
    });
    html! {
        <figure class="chart">
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {w} {hgt}")} role="img" aria-label={title} id="chart-units">
                { for rows }
            </svg>
        </figure>
    }
}
