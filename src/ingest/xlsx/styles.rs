//! Which cell styles show dates: for each `cellXfs` entry of `styles.xml`, whether its number format is a date or
//! time format, built-in or custom, told apart as calamine tells them (a `[h]:mm:ss` duration is a number).

use crate::ingest::xml::{attr, decode_attr, Tags};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberFormat {
    Other,
    Date,
    Duration,
}

/// For each `cellXfs` entry of styles.xml, whether its number format shows a date or time.
pub(super) fn date_styles(xml: &[u8]) -> Vec<bool> {
    let mut custom: HashMap<Vec<u8>, String> = HashMap::new();
    let mut out = Vec::new();
    let (mut in_fmts, mut in_xfs) = (false, false);
    for tag in Tags::new(xml) {
        match (tag.close, tag.local) {
            (false, b"numFmts") => in_fmts = !tag.self_closing,
            (true, b"numFmts") => in_fmts = false,
            (false, b"cellXfs") => in_xfs = !tag.self_closing,
            (true, b"cellXfs") => in_xfs = false,
            (false, b"numFmt") if in_fmts => {
                if let (Some(id), Some(code)) = (attr(tag.attrs, b"numFmtId"), attr(tag.attrs, b"formatCode")) {
                    custom.insert(id.to_vec(), decode_attr(code));
                }
            }
            (false, b"xf") if in_xfs => {
                let kind = match attr(tag.attrs, b"numFmtId") {
                    None => NumberFormat::Other,
                    Some(id) => match custom.get(id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(id),
                    },
                };
                out.push(kind == NumberFormat::Date);
            }
            _ => {}
        }
    }
    out
}

/// Whether a number format written by name or code shows a date, as an HTML table's `mso-number-format` or an XML
/// Spreadsheet's `NumberFormat` write it: Excel's named formats ("Short Date", "General Date", "Long Time"…), or a
/// code read as [`custom_format`] reads an xlsx one. A text format (`@`) is not.
pub(crate) fn shows_date(format: &str) -> bool {
    const NAMED_NUMBERS: [&str; 11] = [
        "general",
        "general number",
        "standard",
        "fixed",
        "percent",
        "currency",
        "euro currency",
        "scientific",
        "yes/no",
        "true/false",
        "on/off",
    ];
    let lower = format.trim().to_ascii_lowercase();
    if NAMED_NUMBERS.contains(&lower.as_str()) {
        return false;
    }
    lower.ends_with(" date") || lower.ends_with(" time") || custom_format(format) == NumberFormat::Date
}

/// Built-in number formats (ECMA-376 18.8.30) that show dates or times; 46 (`[h]:mm:ss`) is a duration.
fn builtin_format(id: &[u8]) -> NumberFormat {
    match std::str::from_utf8(id).ok().and_then(|s| s.parse::<u16>().ok().filter(|_| !s.starts_with('0') || s == "0")) {
        Some(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumberFormat::Date,
        Some(46) => NumberFormat::Duration,
        _ => NumberFormat::Other,
    }
}

/// Whether a custom format code shows a date: d, m, y, h or s outside quotes and `[..]` (first section only;
/// `[h]`, `[mm]`, `[ss]` make a duration). The same decisions as calamine's `detect_custom_number_format` (MIT).
fn custom_format(code: &str) -> NumberFormat {
    let (mut escaped, mut quoted, mut brackets, mut ap, mut hms) = (false, false, 0u8, false, false);
    let mut prev = ' ';
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if matches!(c, '_' | '\\' | '*') {
            escaped = true;
        } else if quoted {
            if c == '"' {
                quoted = false;
            }
        } else {
            match c {
                '"' => quoted = true,
                ';' => return NumberFormat::Other,
                '[' => brackets = brackets.saturating_add(1),
                ']' if brackets == 1 && hms => return NumberFormat::Duration,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if !ap && brackets == 0 => ap = true,
                'p' | 'm' | '/' | 'P' | 'M' if ap && brackets == 0 => return NumberFormat::Date,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S' if !ap && brackets == 0 => {
                    return NumberFormat::Date
                }
                _ => {
                    if !(hms && c.eq_ignore_ascii_case(&prev)) {
                        hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        prev = c;
    }
    NumberFormat::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_numbers() {
        for code in ["dd/mm/yyyy", "dd/mm/yyyy hh:mm", "d-mmm-yy", "h:mm AM/PM", "yyyy\\-mm\\-dd", "[$-42A]dd/mm/yyyy"]
        {
            assert_eq!(custom_format(code), NumberFormat::Date, "{code}");
        }
        for code in ["0.00", "#,##0", "\"ngày\" 0", "[Red]0.0", "0.00_);(0.00)", "@", "General"] {
            assert_eq!(custom_format(code), NumberFormat::Other, "{code}");
        }
        assert_eq!(custom_format("[h]:mm:ss"), NumberFormat::Duration);
        assert_eq!(builtin_format(b"14"), NumberFormat::Date);
        assert_eq!(builtin_format(b"46"), NumberFormat::Duration);
        assert_eq!(builtin_format(b"2"), NumberFormat::Other);
    }
}
