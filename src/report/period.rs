//! Reporting periods: quarter, 6 months, year, or a custom range.
//!
//! Calendar periods by default. Periodic reports to Sở Nội vụ may instead run from the 15th of the month before
//! the period to the 14th of its last month (RULES.md §5 [U]): profile setting `periods.cutoff = "day15"`.

use crate::model::fmt_date;
use crate::profile::PeriodCutoff;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    Quarter { year: i32, quarter: u8 },
    Half { year: i32, half: u8 },
    Year { year: i32 },
    Custom,
}

/// A closed range of dates [start, end] with its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub cutoff: PeriodCutoff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError(pub String);

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Kỳ báo cáo '{}' không hợp lệ; dùng 2023-Q2, 2023-H1, 2023 hoặc 2023-01-01..2023-03-31 / invalid period",
            self.0
        )
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The first day of month `m` (1-based, may be 0 or negative: months before January) of year `y`.
fn month_start(y: i32, m: i32) -> NaiveDate {
    let months = y * 12 + (m - 1);
    ymd(months.div_euclid(12), months.rem_euclid(12) as u32 + 1, 1)
}

/// Months [first, last] (1-based, within year y) as a period, by the cut-off rule.
fn months(y: i32, first: i32, last: i32, cutoff: PeriodCutoff) -> (NaiveDate, NaiveDate) {
    match cutoff {
        PeriodCutoff::Calendar => {
            (month_start(y, first), month_start(y, last + 1).pred_opt().unwrap_or(NaiveDate::MIN))
        }
        PeriodCutoff::Day15 => (
            month_start(y, first - 1).with_day(15).unwrap_or(NaiveDate::MIN),
            month_start(y, last).with_day(14).unwrap_or(NaiveDate::MIN),
        ),
    }
}

impl Period {
    pub fn quarter(year: i32, quarter: u8, cutoff: PeriodCutoff) -> Period {
        let q = i32::from(quarter.clamp(1, 4));
        let (start, end) = months(year, 3 * q - 2, 3 * q, cutoff);
        Period { kind: PeriodKind::Quarter { year, quarter: q as u8 }, start, end, cutoff }
    }

    pub fn half(year: i32, half: u8, cutoff: PeriodCutoff) -> Period {
        let h = i32::from(half.clamp(1, 2));
        let (start, end) = months(year, 6 * h - 5, 6 * h, cutoff);
        Period { kind: PeriodKind::Half { year, half: h as u8 }, start, end, cutoff }
    }

    pub fn year(year: i32, cutoff: PeriodCutoff) -> Period {
        let (start, end) = months(year, 1, 12, cutoff);
        Period { kind: PeriodKind::Year { year }, start, end, cutoff }
    }

    pub fn custom(start: NaiveDate, end: NaiveDate) -> Period {
        Period { kind: PeriodKind::Custom, start, end, cutoff: PeriodCutoff::Calendar }
    }

    /// "2023-Q2", "2023-H1", "2023", or "2023-01-01..2023-03-31".
    pub fn parse(text: &str, cutoff: PeriodCutoff) -> Result<Period, PeriodError> {
        let t = text.trim();
        let err = || PeriodError(t.to_string());
        if let Some((a, b)) = t.split_once("..") {
            let a = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").map_err(|_| err())?;
            let b = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").map_err(|_| err())?;
            return if a <= b { Ok(Period::custom(a, b)) } else { Err(err()) };
        }
        let (y, rest) = t.split_once('-').map(|(y, r)| (y, Some(r))).unwrap_or((t, None));
        let year: i32 = y.parse().map_err(|_| err())?;
        if !(1990..=2100).contains(&year) {
            return Err(err());
        }
        match rest.map(|r| r.to_ascii_uppercase()) {
            None => Ok(Period::year(year, cutoff)),
            Some(r) if r.len() == 2 && r.starts_with('Q') => match r[1..].parse::<u8>() {
                Ok(q @ 1..=4) => Ok(Period::quarter(year, q, cutoff)),
                _ => Err(err()),
            },
            Some(r) if r.len() == 2 && r.starts_with('H') => match r[1..].parse::<u8>() {
                Ok(h @ 1..=2) => Ok(Period::half(year, h, cutoff)),
                _ => Err(err()),
            },
            _ => Err(err()),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// "Quý II/2023 (từ 01/04/2023 đến 30/06/2023)"
    pub fn label_vi(&self) -> String {
        let name = match self.kind {
            PeriodKind::Quarter { year, quarter } => {
                format!("Quý {}/{year}", ["I", "II", "III", "IV"][usize::from(quarter - 1)])
            }
            PeriodKind::Half { year, half } => {
                format!("{} tháng {} năm {year}", 6, if half == 1 { "đầu" } else { "cuối" })
            }
            PeriodKind::Year { year } => format!("Năm {year}"),
            PeriodKind::Custom => "Kỳ tùy chọn".to_string(),
        };
        format!("{name} (từ {} đến {})", fmt_date(self.start), fmt_date(self.end))
    }

    pub fn label_en(&self) -> String {
        let name = match self.kind {
            PeriodKind::Quarter { year, quarter } => format!("Q{quarter} {year}"),
            PeriodKind::Half { year, half } => format!("H{half} {year}"),
            PeriodKind::Year { year } => format!("Year {year}"),
            PeriodKind::Custom => "Custom period".to_string(),
        };
        format!("{name} ({} to {})", fmt_date(self.start), fmt_date(self.end))
    }

    /// A short name for file names: "2023-Q2".
    pub fn slug(&self) -> String {
        match self.kind {
            PeriodKind::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            PeriodKind::Half { year, half } => format!("{year}-H{half}"),
            PeriodKind::Year { year } => format!("{year}"),
            PeriodKind::Custom => format!("{}..{}", self.start, self.end),
        }
    }

    pub fn year_of_end(&self) -> i32 {
        self.end.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_periods() {
        let q2 = Period::parse("2023-Q2", PeriodCutoff::Calendar).unwrap();
        assert_eq!((q2.start, q2.end), (ymd(2023, 4, 1), ymd(2023, 6, 30)));
        let h2 = Period::parse("2023-h2", PeriodCutoff::Calendar).unwrap();
        assert_eq!((h2.start, h2.end), (ymd(2023, 7, 1), ymd(2023, 12, 31)));
        let y = Period::parse("2024", PeriodCutoff::Calendar).unwrap();
        assert_eq!((y.start, y.end), (ymd(2024, 1, 1), ymd(2024, 12, 31)));
        assert_eq!(Period::quarter(2024, 1, PeriodCutoff::Calendar).end, ymd(2024, 3, 31));
        assert_eq!(q2.label_vi(), "Quý II/2023 (từ 01/04/2023 đến 30/06/2023)");
    }

    #[test]
    fn day15_cutoff_periods_run_from_the_15th_of_the_month_before() {
        let q1 = Period::quarter(2023, 1, PeriodCutoff::Day15);
        assert_eq!((q1.start, q1.end), (ymd(2022, 12, 15), ymd(2023, 3, 14)));
        let q4 = Period::quarter(2023, 4, PeriodCutoff::Day15);
        assert_eq!((q4.start, q4.end), (ymd(2023, 9, 15), ymd(2023, 12, 14)));
        let h1 = Period::half(2023, 1, PeriodCutoff::Day15);
        assert_eq!((h1.start, h1.end), (ymd(2022, 12, 15), ymd(2023, 6, 14)));
        let y = Period::year(2023, PeriodCutoff::Day15);
        assert_eq!((y.start, y.end), (ymd(2022, 12, 15), ymd(2023, 12, 14)));
    }

    #[test]
    fn custom_and_bad_periods() {
        let c = Period::parse("2023-02-01..2023-02-28", PeriodCutoff::Calendar).unwrap();
        assert!(c.contains(ymd(2023, 2, 28)) && !c.contains(ymd(2023, 3, 1)));
        for bad in ["2023-Q5", "23", "2023-03-01..2023-02-01", "Q2", "2023-H3", "1800"] {
            assert!(Period::parse(bad, PeriodCutoff::Calendar).is_err(), "{bad}");
        }
    }
}
