//! How the page writes dates and numbers: dd/mm/yyyy always; Vietnamese "1.234" and "87,5%", English "1,234"
//! and "87.5%".

use super::Lang;
use chrono::NaiveDate;

/// An ISO date or date-time from the report (`2023-04-28`, `2023-05-04T10:20:00`) as dd/mm/yyyy[ hh:mm].
pub fn iso_to_vi(iso: &str) -> String {
    let (date, time) = match iso.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (iso, None),
    };
    let mut parts = date.split('-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match time {
        Some(t) => format!("{d}/{m}/{y} {}", t.get(..5).unwrap_or(t)),
        None => format!("{d}/{m}/{y}"),
    }
}

pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Reads what a user types as a date: dd/mm/yyyy (also with '-' or '.', one-digit day or month). Never
/// month-first.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        // ISO yyyy-mm-dd, unambiguous.
        return NaiveDate::from_ymd_opt(parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
    }
    if parts[2].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(parts[2].parse().ok()?, parts[1].parse().ok()?, parts[0].parse().ok()?)
}

/// A whole number with thousands separators.
pub fn number(n: u64, lang: Lang) -> String {
    crate::model::thousands(
        n,
        match lang {
            Lang::Vi => '.',
            Lang::En => ',',
        },
    )
}

/// A percentage with one decimal ("—" when there is none).
pub fn percent(p: Option<f64>, lang: Lang) -> String {
    match p {
        None => "—".to_string(),
        Some(p) => {
            let s = format!("{p:.1}");
            match lang {
                Lang::Vi => format!("{}%", s.replace('.', ",")),
                Lang::En => format!("{s}%"),
            }
        }
    }
}

/// Points out of 100 with two decimals ("87,36"; English "87.36").
pub fn points(x: f64, lang: Lang) -> String {
    let s = format!("{x:.2}");
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A file size: "980 B", "12,5 KB", "3,2 MB".
pub fn bytes(n: u64, lang: Lang) -> String {
    let (v, unit) = if n >= 1024 * 1024 {
        (n as f64 / (1024.0 * 1024.0), "MB")
    } else if n >= 1024 {
        (n as f64 / 1024.0, "KB")
    } else {
        return format!("{n} B");
    };
    let s = format!("{v:.1}");
    match lang {
        Lang::Vi => format!("{} {unit}", s.replace('.', ",")),
        Lang::En => format!("{s} {unit}"),
    }
}

/// Seconds as "12 s" or "1 min 05 s".
pub fn elapsed(ms: f64) -> String {
    let s = (ms / 1000.0).floor() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_first() {
        assert_eq!(iso_to_vi("2023-04-28"), "28/04/2023");
        assert_eq!(iso_to_vi("2023-05-04T10:20:00"), "04/05/2023 10:20");
        let d = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
        assert_eq!(parse_date("31/12/2023"), Some(d));
        assert_eq!(parse_date(" 31-12-2023 "), Some(d));
        assert_eq!(parse_date("2023-12-31"), Some(d));
        assert_eq!(parse_date("1/2/2023"), NaiveDate::from_ymd_opt(2023, 2, 1));
        assert_eq!(parse_date("12/31/2023"), None, "month-first is never read");
        assert_eq!(parse_date("31/12/23"), None);
        assert_eq!(date(d), "31/12/2023");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(1234567, Lang::Vi), "1.234.567");
        assert_eq!(number(1234567, Lang::En), "1,234,567");
        assert_eq!(number(999, Lang::Vi), "999");
        assert_eq!(percent(Some(69.5652), Lang::Vi), "69,6%");
        assert_eq!(percent(Some(69.5652), Lang::En), "69.6%");
        assert_eq!(percent(None, Lang::En), "—");
        assert_eq!(bytes(10696, Lang::Vi), "10,4 KB");
        assert_eq!(bytes(500, Lang::En), "500 B");
        assert_eq!(elapsed(65_400.0), "1 min 05 s");
    }
}
