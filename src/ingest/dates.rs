//! Dates as exports write them: Excel serials (1900 and 1904 systems), ISO text from ODS, and text in the
//! shapes Vietnamese offices use. Day-first always, unless the caller confirmed month-first for a column.

use crate::model::{fold_key, Moment};
use chrono::{Duration, NaiveDate, NaiveTime, Timelike};

/// Which of the two first numbers of `a/b/yyyy` is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

/// Why a value is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateProblem {
    /// Not written like any date shape we know.
    NotADate,
    /// Shaped like a date but no such day exists (31/02/2023, 25:00).
    Impossible,
    /// A real day, but in a year no dossier log can hold (before 1900 or after 2200): a typing slip.
    YearOutOfRange,
    /// A year written with two digits ("5/4/23"): which century is a guess, and a signed report makes none.
    TwoDigitYear,
}

/// An Excel serial date-time. 1900 system: 1 = 1900-01-01, 61 = 1900-03-01 (60 is Excel's phantom 29/02/1900);
/// 1904 system: 0 = 1904-01-01. The time of day is rounded to the nearest second, so 19:00 stored as
/// 0.79166666 does not come back as 18:59:59.999. A serial with no time of day gives a date without time.
pub fn serial_to_moment(serial: f64, date1904: bool) -> Option<Moment> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let total = (serial * 86_400.0).round() as i64;
    let days = total.div_euclid(86_400);
    let secs = total.rem_euclid(86_400) as u32;
    // The epochs as days from 01/01/0001 (day 1): 01/01/1904, and 31/12/1899 before Excel's phantom 29/02/1900,
    // 30/12/1899 after it. Counting days from them directly cost a third of adding a chrono Duration, for every
    // date cell of a million rows.
    let epoch = if date1904 {
        695_056
    } else if days < 1 || days == 60 {
        return None;
    } else if days < 60 {
        693_595
    } else {
        693_594
    };
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?.checked_add(epoch)?)?;
    if secs == 0 {
        Some(Moment::day(date))
    } else {
        Some(Moment::at(date, NaiveTime::from_num_seconds_from_midnight_opt(secs, 0)?))
    }
}

/// For `a/b/yyyy`-shaped text (not ISO, not "ngày … tháng …"), the first two numbers: used to tell whether a
/// column can only be month-first.
pub(crate) fn ambiguous_parts(text: &str) -> Option<(u32, u32)> {
    if let Some(parts) = quick_parts(text.as_bytes()) {
        return Some(parts);
    }
    let text = text.trim();
    // The usual cell starts with its date ("15/03/2023 08:30"): that first token is the one the search below finds.
    let first = &text[..text.bytes().position(|b| b == b' ').unwrap_or(text.len())];
    let usual = first.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && first.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.'));
    let date_token = if usual {
        first
    } else {
        text.split_whitespace().find(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()) && !t.contains(':'))?
    };
    let (parts, _) = split_date_token(date_token)?;
    if parts[0].len() == 4 {
        return None;
    }
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?))
}

/// [`ambiguous_parts`] of the usual cell, "15/03/2023" or "15/03/2023 08:30", in one pass over its bytes (every
/// date cell of every row is asked); `None` for anything else, which the token search then reads.
fn quick_parts(b: &[u8]) -> Option<(u32, u32)> {
    let (first, second, _, i) = numeric_date(b)?;
    matches!(b.get(i), None | Some(b' ')).then_some((first, second))
}

fn split_date_token(token: &str) -> Option<([&str; 3], char)> {
    // Byte by byte: every date cell of every row passes here, some twice.
    let b = token.as_bytes();
    let first = b.iter().position(|c| !c.is_ascii_digit())?;
    let sep = b[first];
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let second = first + 1 + b[first + 1..].iter().position(|c| !c.is_ascii_digit())?;
    if b[second] != sep || !b[second + 1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let parts = [&token[..first], &token[first + 1..second], &token[second + 1..]];
    parts.iter().all(|s| !s.is_empty() && s.len() <= 4).then_some((parts, char::from(sep)))
}

fn ymd(y: i64, m: u32, d: u32) -> Result<NaiveDate, DateProblem> {
    let date = NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateProblem::Impossible)?;
    if !(1900..=2200).contains(&y) {
        return Err(DateProblem::YearOutOfRange);
    }
    Ok(date)
}

fn year_of(s: &str) -> Result<i64, DateProblem> {
    let y: i64 = s.parse().map_err(|_| DateProblem::NotADate)?;
    match s.len() {
        2 => Err(DateProblem::TwoDigitYear),
        4 => Ok(y),
        _ => Err(DateProblem::NotADate),
    }
}

fn parse_date_token(token: &str, order: DateOrder) -> Result<NaiveDate, DateProblem> {
    let ([a, b, c], _) = split_date_token(token).ok_or(DateProblem::NotADate)?;
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateProblem::NotADate);
    if a.len() == 4 {
        // ISO order, whatever the column's order.
        if b.len() > 2 || c.len() > 2 {
            return Err(DateProblem::NotADate);
        }
        return ymd(year_of(a)?, num(b)?, num(c)?);
    }
    if a.len() > 2 || b.len() > 2 {
        return Err(DateProblem::NotADate);
    }
    let y = year_of(c)?;
    match order {
        DateOrder::DayFirst => ymd(y, num(b)?, num(a)?),
        DateOrder::MonthFirst => ymd(y, num(a)?, num(b)?),
    }
}

/// `hh:mm`, `hh:mm:ss`, `hh:mm:ss.fff` (rounded to the second), or `8h30`.
fn parse_time_token(token: &str) -> Result<NaiveTime, DateProblem> {
    let t = token.trim_end_matches(['z', 'Z']);
    let parts: Vec<&str> = if t.contains(':') {
        t.split(':').collect()
    } else if let Some((h, m)) = t.split_once(['h', 'H']) {
        if m.is_empty() {
            vec![h, "0"]
        } else {
            vec![h, m]
        }
    } else {
        return Err(DateProblem::NotADate);
    };
    if parts.len() < 2 || parts.len() > 3 {
        return Err(DateProblem::NotADate);
    }
    let int = |s: &str| -> Result<u32, DateProblem> {
        if s.is_empty() || s.len() > 2 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(DateProblem::NotADate);
        }
        s.parse().map_err(|_| DateProblem::NotADate)
    };
    let h = int(parts.first().copied().unwrap_or(""))?;
    let m = int(parts.get(1).copied().unwrap_or(""))?;
    let mut s = 0u32;
    if let Some(sec) = parts.get(2) {
        let f: f64 = sec.parse().map_err(|_| DateProblem::NotADate)?;
        if !(0.0..60.0).contains(&f) {
            return Err(DateProblem::Impossible);
        }
        s = f.round() as u32;
    }
    if h > 23 || m > 59 {
        return Err(DateProblem::Impossible);
    }
    let base = NaiveTime::from_hms_opt(h, m, 0).ok_or(DateProblem::Impossible)?;
    // 59.6 seconds rounds to the next minute.
    Ok(base + Duration::seconds(i64::from(s)))
}

/// Parses a date written as text. Accepted shapes: `dd/mm/yyyy`, `d/m/yy`, `dd-mm-yyyy`, `dd.mm.yyyy`, each with an
/// optional `hh:mm[:ss]` before or after; `yyyy-mm-dd[Thh:mm[:ss]]` (or with a space); and
/// "ngày dd tháng mm năm yyyy"; a time may carry AM/PM or SA/CH (sáng/chiều), and an ISO time a zone ("Z",
/// "+00:00"), converted to Vietnam time (UTC+7). Two-digit years are refused ([`DateProblem::TwoDigitYear`]).
pub(crate) fn parse_text(text: &str, order: DateOrder) -> Result<Moment, DateProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateProblem::NotADate);
    }
    match quick_numeric(text.as_bytes(), order) {
        Some(m) => Ok(m),
        None => parse_text_full(text, order),
    }
}

/// Every date shape the reader knows, with the reason when a text is not a date.
fn parse_text_full(text: &str, order: DateOrder) -> Result<Moment, DateProblem> {
    // Only words ("ngày 03 tháng 4 năm 2023") need folding; digits and separators are read as they are.
    if !text.is_ascii() || text.bytes().any(|b| b.is_ascii_alphabetic() && !matches!(b, b'T' | b'h' | b'H' | b'g')) {
        let folded = fold_key(text);
        if folded.contains("thang") && folded.contains("nam") {
            return parse_words(&folded);
        }
    }
    // "2023-03-15T23:40:00Z", "…+00:00": a moment in another zone, given in Vietnam time (UTC+7).
    if let Some((local, offset_minutes)) = split_zone(text) {
        let m = parse_text_full(local, order)?;
        let time = m.time().ok_or(DateProblem::NotADate)?;
        let utc7 = m.date.and_time(time) + Duration::minutes(i64::from(VIETNAM_OFFSET_MINUTES - offset_minutes));
        return Ok(Moment::at(utc7.date(), utc7.time()));
    }
    // ISO "2023-04-28T08:30:00": split the T.
    let spaced: String = {
        let chars: Vec<char> = text.chars().collect();
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let prev_digit = i > 0 && chars.get(i - 1).is_some_and(|p| p.is_ascii_digit());
                let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                if (*c == 'T' || *c == 't') && prev_digit && next_digit {
                    ' '
                } else {
                    *c
                }
            })
            .collect()
    };
    let mut date: Option<NaiveDate> = None;
    let mut time: Option<NaiveTime> = None;
    // AM/PM, or SA/CH (sáng/chiều) as Vietnamese Windows writes them: `Some(true)` after noon.
    let mut afternoon: Option<bool> = None;
    for token in spaced.split([' ', ',']).filter(|t| !t.is_empty() && *t != "-") {
        let (token, meridiem) = split_meridiem(token);
        if let Some(pm) = meridiem {
            if afternoon.replace(pm).is_some() {
                return Err(DateProblem::NotADate);
            }
            if token.is_empty() {
                continue;
            }
        }
        let is_time = token.contains(':') || token.contains(['h', 'H']);
        if is_time && time.is_none() {
            time = Some(parse_time_token(token)?);
        } else if !is_time && date.is_none() {
            // "2023-04-28+07:00" style offsets are not expected; a trailing zone letter was dropped above.
            date = Some(parse_date_token(token, order)?);
        } else {
            return Err(DateProblem::NotADate);
        }
    }
    let date = date.ok_or(DateProblem::NotADate)?;
    if let Some(pm) = afternoon {
        let t = time.ok_or(DateProblem::NotADate)?;
        let h = t.hour();
        if !(1..=12).contains(&h) {
            return Err(DateProblem::Impossible);
        }
        let h24 = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
        time = t.with_hour(h24);
    }
    Ok(Moment::new(date, time))
}

/// Vietnam's time zone, UTC+7, in minutes.
const VIETNAM_OFFSET_MINUTES: i32 = 7 * 60;

/// A date-time with a zone, "…08:30:00Z", "…08:30+07:00", "…08:30-0500": the local part and the zone's offset east of
/// UTC in minutes. `None` when there is no zone (a '-' inside "28-04-2023 08:30" is no offset: one follows a time).
pub(crate) fn split_zone(text: &str) -> Option<(&str, i32)> {
    let t = text.trim();
    if let Some(rest) = t.strip_suffix(['Z', 'z']) {
        return rest.contains(':').then_some((rest, 0));
    }
    let pos = t.rfind(['+', '-'])?;
    let (before, off) = (t.get(..pos)?, t.get(pos + 1..)?);
    if !before.contains(':') || before.ends_with(' ') {
        return None;
    }
    let digits: Vec<u8> = off.bytes().filter(|b| *b != b':').collect();
    if !(digits.len() == 2 || digits.len() == 4) || !digits.iter().all(u8::is_ascii_digit) || off.len() > 5 {
        return None;
    }
    let num = |d: &[u8]| d.iter().fold(0i32, |v, b| v * 10 + i32::from(b - b'0'));
    let (h, m) = (num(&digits[..2]), if digits.len() == 4 { num(&digits[2..]) } else { 0 });
    if h > 14 || m > 59 {
        return None;
    }
    let sign = if t.as_bytes().get(pos) == Some(&b'+') { 1 } else { -1 };
    Some((before, sign * (h * 60 + m)))
}

/// A token's AM/PM (SA/CH) mark, alone ("PM") or stuck to the time ("8:30PM"): the rest and whether it is after
/// noon.
fn split_meridiem(token: &str) -> (&str, Option<bool>) {
    let lower = token.to_ascii_lowercase();
    for (mark, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true), ("sa", false), ("ch", true)] {
        if let Some(rest) = lower.strip_suffix(mark) {
            // Stuck to a time only after a digit ("8:30pm"), never inside a word.
            if rest.is_empty() || rest.ends_with(|c: char| c.is_ascii_digit()) {
                return (token.get(..rest.len()).unwrap_or(""), Some(pm));
            }
        }
    }
    (token, None)
}

/// Up to `max` digits at `*i` as a number, and how many there were.
fn digits(b: &[u8], i: &mut usize, max: usize) -> Option<(u32, usize)> {
    let start = *i;
    let mut v = 0u32;
    while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
        v = v * 10 + u32::from(b[*i] - b'0');
        *i += 1;
    }
    (*i > start).then_some((v, *i - start))
}

fn expect(b: &[u8], i: &mut usize, c: u8) -> Option<()> {
    (b.get(*i) == Some(&c)).then(|| *i += 1)
}

/// The date at the top of `b` in the usual shape, "28/04/2023" (also with '-' or '.', one or two digits for the
/// first two numbers, four for the year): the three numbers as written, and where the date ends.
fn numeric_date(b: &[u8]) -> Option<(u32, u32, u32, usize)> {
    two_two_four(b).or_else(|| numbers_in_turn(b))
}

/// [`numeric_date`] of "dd/mm/yyyy" with two digits, two and four, read in place (four date cells a row, each
/// asked twice: reading digit by digit was 4% of a log's read).
fn two_two_four(b: &[u8]) -> Option<(u32, u32, u32, usize)> {
    let [d0, d1, s, m0, m1, s2, y0, y1, y2, y3, ..] = *b else { return None };
    let digits = [d0, d1, m0, m1, y0, y1, y2, y3];
    if s != s2 || !matches!(s, b'/' | b'-' | b'.') || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |hi: u8, lo: u8| u32::from(hi - b'0') * 10 + u32::from(lo - b'0');
    Some((n(d0, d1), n(m0, m1), n(y0, y1) * 100 + n(y2, y3), 10))
}

fn numbers_in_turn(b: &[u8]) -> Option<(u32, u32, u32, usize)> {
    let mut i = 0;
    let (first, _) = digits(b, &mut i, 2)?;
    let sep = *b.get(i).filter(|c| matches!(c, b'/' | b'-' | b'.'))?;
    i += 1;
    let (second, _) = digits(b, &mut i, 2)?;
    expect(b, &mut i, sep)?;
    let (year, 4) = digits(b, &mut i, 4)? else { return None };
    Some((first, second, year, i))
}

/// The shape nearly every export writes, "28/04/2023" or "28/04/2023 08:30[:15]" (also with '-' or '.'), read
/// without allocating; anything else, or anything invalid, is left to the full reader and its precise reasons.
fn quick_numeric(b: &[u8], order: DateOrder) -> Option<Moment> {
    let (first, second, year, mut i) = numeric_date(b)?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    let (day, month) = match order {
        DateOrder::DayFirst => (first, second),
        DateOrder::MonthFirst => (second, first),
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    if i == b.len() {
        return Some(Moment::day(date));
    }
    expect(b, &mut i, b' ')?;
    let (h, _) = digits(b, &mut i, 2)?;
    expect(b, &mut i, b':')?;
    let (m, 2) = digits(b, &mut i, 2)? else { return None };
    let mut sec = 0;
    if i < b.len() {
        expect(b, &mut i, b':')?;
        let (s, 2) = digits(b, &mut i, 2)? else { return None };
        sec = s;
    }
    if i != b.len() {
        return None;
    }
    Some(Moment::at(date, NaiveTime::from_hms_opt(h, m, sec)?))
}

/// "ngay 5 thang 4 nam 2023" (already folded).
fn parse_words(folded: &str) -> Result<Moment, DateProblem> {
    let words: Vec<&str> = folded.split(' ').collect();
    let after = |w: &str| -> Option<&str> {
        let i = words.iter().position(|x| *x == w)?;
        words.get(i + 1).copied()
    };
    let num =
        |s: Option<&str>| -> Result<u32, DateProblem> { s.and_then(|s| s.parse().ok()).ok_or(DateProblem::NotADate) };
    let d = match after("ngay") {
        Some(s) => num(Some(s))?,
        None => num(words.iter().take_while(|w| **w != "thang").last().copied())?,
    };
    let m = num(after("thang"))?;
    let y_text = after("nam").ok_or(DateProblem::NotADate)?;
    let date = ymd(year_of(y_text)?, m, d)?;
    Ok(Moment::day(date))
}

/// ISO 8601 text as ODS stores typed dates: "2023-04-28" or "2023-04-28T19:00:00[.fff]". Midnight means no time.
pub(crate) fn parse_iso_cell(text: &str) -> Option<Moment> {
    let m = parse_text(text, DateOrder::DayFirst).ok()?;
    match m.time() {
        Some(t) if t == NaiveTime::MIN => Some(Moment::day(m.date)),
        _ => Some(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise split against the plain one it replaced (split on the first non-digit).
    #[test]
    fn date_tokens_split_as_before() {
        fn plain(token: &str) -> Option<([&str; 3], char)> {
            let sep = token.chars().find(|c| !c.is_ascii_digit())?;
            if !matches!(sep, '/' | '-' | '.') {
                return None;
            }
            let mut it = token.split(sep);
            let (a, b, c) = (it.next()?, it.next()?, it.next()?);
            let ok = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
            (it.next().is_none() && ok(a) && ok(b) && ok(c)).then_some(([a, b, c], sep))
        }
        for t in [
            "28/04/2023",
            "2023-04-28",
            "28.4.23",
            "1/2/3",
            "12/34x/5",
            "12/34/",
            "12/34",
            "1/2/3/4",
            "/12/34",
            "",
            "2023",
            "28/04-2023",
            "28//2023",
            "12345/1/1",
            "1/1/12345",
            "28/04/2023 08:30",
            "ngày 28/04",
            "٣/٤/٢٠٢٣",
            "28/0Ⅳ/2023",
        ] {
            assert_eq!(split_date_token(t), plain(t), "{t:?}");
        }
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }
    fn t(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap_or_default()
    }

    #[test]
    fn serials_in_both_date_systems() {
        assert_eq!(serial_to_moment(45044.0, false), Some(Moment::day(d(2023, 4, 28))));
        assert_eq!(serial_to_moment(45044.0 - 1462.0, true), Some(Moment::day(d(2023, 4, 28))));
        assert_eq!(serial_to_moment(1.0, false), Some(Moment::day(d(1900, 1, 1))));
        assert_eq!(serial_to_moment(59.0, false), Some(Moment::day(d(1900, 2, 28))));
        assert_eq!(serial_to_moment(60.0, false), None, "Excel's phantom 29/02/1900");
        assert_eq!(serial_to_moment(61.0, false), Some(Moment::day(d(1900, 3, 1))));
        assert_eq!(serial_to_moment(0.0, true), Some(Moment::day(d(1904, 1, 1))));
        assert_eq!(serial_to_moment(f64::NAN, false), None);
        assert_eq!(serial_to_moment(-3.0, false), None);
        // What adding a chrono Duration to the epoch gave, for every day from 1900 to 2100 and times within them.
        for date1904 in [false, true] {
            for day in 0..73_000 {
                for frac in [0.0, 0.5, 0.999_99] {
                    let serial = f64::from(day) + frac;
                    let total = (serial * 86_400.0).round() as i64;
                    let days = total.div_euclid(86_400);
                    let before = if date1904 {
                        NaiveDate::from_ymd_opt(1904, 1, 1).and_then(|e| e.checked_add_signed(Duration::days(days)))
                    } else if days < 1 || days == 60 {
                        None
                    } else {
                        let e = if days < 60 {
                            NaiveDate::from_ymd_opt(1899, 12, 31)
                        } else {
                            NaiveDate::from_ymd_opt(1899, 12, 30)
                        };
                        e.and_then(|e| e.checked_add_signed(Duration::days(days)))
                    };
                    assert_eq!(serial_to_moment(serial, date1904).map(|m| m.date), before, "{serial} {date1904}");
                }
            }
        }
    }

    #[test]
    fn nineteen_hundred_hours_does_not_become_18_59_59() {
        // 19:00 is 19/24 = 0.791666…; stored values are often a hair below.
        let serial = 45044.0 + 19.0 / 24.0 - 1e-9;
        assert_eq!(serial_to_moment(serial, false), Some(Moment::at(d(2023, 4, 28), t(19, 0, 0))));
        let serial = 45044.0 + 19.0 / 24.0;
        assert_eq!(serial_to_moment(serial, false), Some(Moment::at(d(2023, 4, 28), t(19, 0, 0))));
        // 23:59:59.9996 rounds into the next day at midnight.
        let serial = 45044.0 + (86_399.999_6 / 86_400.0);
        assert_eq!(serial_to_moment(serial, false), Some(Moment::day(d(2023, 4, 29))));
    }

    #[test]
    fn text_shapes() {
        let day = DateOrder::DayFirst;
        assert_eq!(parse_text("28/04/2023", day), Ok(Moment::day(d(2023, 4, 28))));
        assert_eq!(parse_text("28/04/2023 19:00", day), Ok(Moment::at(d(2023, 4, 28), t(19, 0, 0))));
        assert_eq!(parse_text("28/04/2023 08:30:15", day), Ok(Moment::at(d(2023, 4, 28), t(8, 30, 15))));
        assert_eq!(parse_text("08:30 28/04/2023", day), Ok(Moment::at(d(2023, 4, 28), t(8, 30, 0))));
        assert_eq!(parse_text("5/4/23", day), Err(DateProblem::TwoDigitYear));
        assert_eq!(parse_text("05-04-2023", day), Ok(Moment::day(d(2023, 4, 5))));
        assert_eq!(parse_text("05.04.2023", day), Ok(Moment::day(d(2023, 4, 5))));
        assert_eq!(parse_text("2023-04-05", day), Ok(Moment::day(d(2023, 4, 5))));
        assert_eq!(parse_text("2023-04-05T14:05", day), Ok(Moment::at(d(2023, 4, 5), t(14, 5, 0))));
        assert_eq!(parse_text("2023-04-05 14:05:09", day), Ok(Moment::at(d(2023, 4, 5), t(14, 5, 9))));
        assert_eq!(parse_text("ngày 05 tháng 4 năm 2023", day), Ok(Moment::day(d(2023, 4, 5))));
        assert_eq!(parse_text("Ngay 5 thang 04 nam 2023", day), Ok(Moment::day(d(2023, 4, 5))));
        assert_eq!(parse_text("05/04/2023 8h30", day), Ok(Moment::at(d(2023, 4, 5), t(8, 30, 0))));
        assert_eq!(parse_text(" 05/04/2023 - 08:30 ", day), Ok(Moment::at(d(2023, 4, 5), t(8, 30, 0))));
    }

    #[test]
    fn month_first_only_when_asked() {
        assert_eq!(parse_text("04/28/2023", DateOrder::DayFirst), Err(DateProblem::Impossible));
        assert_eq!(parse_text("04/28/2023", DateOrder::MonthFirst), Ok(Moment::day(d(2023, 4, 28))));
        assert_eq!(parse_text("2023-04-28", DateOrder::MonthFirst), Ok(Moment::day(d(2023, 4, 28))));
        assert_eq!(ambiguous_parts("04/28/2023 10:00"), Some((4, 28)));
        assert_eq!(ambiguous_parts("2023-04-28"), None);
        // The usual-cell shortcut gives what the token search gives.
        let search = |text: &str| -> Option<(u32, u32)> {
            let t = text
                .split_whitespace()
                .find(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()) && !t.contains(':'))?;
            let (parts, _) = split_date_token(t)?;
            if parts[0].len() == 4 {
                return None;
            }
            Some((parts[0].parse().ok()?, parts[1].parse().ok()?))
        };
        for t in [
            "04/05/2023",
            " 04/05/2023 08:30 ",
            "ngày 04/05/2023",
            "10:00 04/05/2023",
            "4.5.23",
            "04/05/2023abc",
            "04/05",
            "2023/04/05",
            "",
            "04-05-2023\u{a0}08:30",
            "1/2/2023",
            "15/03/2023 08:30:15",
            "04/05/20231",
            "04/05/2023\t08:30",
            "123/05/2023",
            "04/05-2023",
            "04.05.2023 ",
            "4/5/202",
        ] {
            assert_eq!(ambiguous_parts(t), search(t), "{t:?}");
        }
    }

    #[test]
    fn leap_days_and_impossible_dates() {
        assert_eq!(parse_text("29/02/2024", DateOrder::DayFirst), Ok(Moment::day(d(2024, 2, 29))));
        assert_eq!(parse_text("29/02/2023", DateOrder::DayFirst), Err(DateProblem::Impossible));
        assert_eq!(parse_text("31/02/2023", DateOrder::DayFirst), Err(DateProblem::Impossible));
        assert_eq!(parse_text("29/02/2000", DateOrder::DayFirst), Ok(Moment::day(d(2000, 2, 29))));
        assert_eq!(parse_text("29/02/2100", DateOrder::DayFirst), Err(DateProblem::Impossible));
        assert_eq!(parse_text("28/04/2023 25:00", DateOrder::DayFirst), Err(DateProblem::Impossible));
        assert_eq!(parse_text("hôm qua", DateOrder::DayFirst), Err(DateProblem::NotADate));
        assert_eq!(parse_text("28/04", DateOrder::DayFirst), Err(DateProblem::NotADate));
        assert_eq!(parse_text("", DateOrder::DayFirst), Err(DateProblem::NotADate));
    }

    #[test]
    fn zones_are_converted_to_vietnam_time() {
        let day = DateOrder::DayFirst;
        assert_eq!(parse_text("2023-03-15T23:40:00Z", day), Ok(Moment::at(d(2023, 3, 16), t(6, 40, 0))));
        assert_eq!(parse_text("2023-03-15T23:40:00+00:00", day), Ok(Moment::at(d(2023, 3, 16), t(6, 40, 0))));
        assert_eq!(parse_text("2023-03-15T08:30:00+07:00", day), Ok(Moment::at(d(2023, 3, 15), t(8, 30, 0))));
        assert_eq!(parse_text("2023-03-15 01:00-0500", day), Ok(Moment::at(d(2023, 3, 15), t(13, 0, 0))));
        assert_eq!(parse_text("2023-03-15T16:59:59.000Z", day), Ok(Moment::at(d(2023, 3, 15), t(23, 59, 59))));
        // A '-' in a day-first date is no zone.
        assert_eq!(parse_text("28-04-2023 08:30", day), Ok(Moment::at(d(2023, 4, 28), t(8, 30, 0))));
        assert_eq!(split_zone("2023-04-28"), None);
    }

    #[test]
    fn twelve_hour_times() {
        let day = DateOrder::DayFirst;
        assert_eq!(parse_text("28/04/2023 04:30 PM", day), Ok(Moment::at(d(2023, 4, 28), t(16, 30, 0))));
        assert_eq!(parse_text("28/04/2023 12:05 AM", day), Ok(Moment::at(d(2023, 4, 28), t(0, 5, 0))));
        assert_eq!(parse_text("28/04/2023 12:05 PM", day), Ok(Moment::at(d(2023, 4, 28), t(12, 5, 0))));
        assert_eq!(parse_text("28/04/2023 8:30:00 SA", day), Ok(Moment::at(d(2023, 4, 28), t(8, 30, 0))));
        assert_eq!(parse_text("28/04/2023 2:15 CH", day), Ok(Moment::at(d(2023, 4, 28), t(14, 15, 0))));
        assert_eq!(
            parse_text("4/28/2023 4:30:00 PM", DateOrder::MonthFirst),
            Ok(Moment::at(d(2023, 4, 28), t(16, 30, 0)))
        );
        assert_eq!(parse_text("28/04/2023 8:30pm", day), Ok(Moment::at(d(2023, 4, 28), t(20, 30, 0))));
        assert_eq!(parse_text("28/04/2023 16:30 PM", day), Err(DateProblem::Impossible));
        assert_eq!(parse_text("28/04/2023 PM", day), Err(DateProblem::NotADate));
    }

    #[test]
    fn iso_cells_from_ods() {
        assert_eq!(parse_iso_cell("2023-04-28"), Some(Moment::day(d(2023, 4, 28))));
        assert_eq!(parse_iso_cell("2023-04-28T00:00:00"), Some(Moment::day(d(2023, 4, 28))));
        assert_eq!(parse_iso_cell("2023-04-28T19:00:00"), Some(Moment::at(d(2023, 4, 28), t(19, 0, 0))));
        assert_eq!(parse_iso_cell("2023-04-28T18:59:59.999"), Some(Moment::at(d(2023, 4, 28), t(19, 0, 0))));
    }

    proptest::proptest! {
        #[test]
        fn text_parsing_never_panics(s in "\\PC{0,30}") {
            let _ = parse_text(&s, DateOrder::DayFirst);
            let _ = ambiguous_parts(&s);
        }

        #[test]
        fn two_two_four_reads_what_the_numbers_in_turn_read(
            s in proptest::prop_oneof!["[0-9]{2}[/.-][0-9]{2}[/.-][0-9]{4}[0-9 \
                :/]{0,4}", "[0-9]{1,3}[/.-][0-9]{1,3}[/.-][0-9]{3,5}[0-9 :]{0,4}"]
        ) {
            if let Some(quick) = two_two_four(s.as_bytes()) {
                proptest::prop_assert_eq!(Some(quick), numbers_in_turn(s.as_bytes()));
            }
        }

        #[test]
        fn serials_never_panic(x in proptest::num::f64::ANY, b in proptest::bool::ANY) {
            let _ = serial_to_moment(x, b);
        }
    }

    #[test]
    fn the_quick_path_reads_exactly_what_the_full_reader_reads() {
        let mut checked = 0;
        for sep in ['/', '-', '.'] {
            for (d, m) in [(1, 1), (28, 4), (4, 28), (31, 2), (29, 2), (0, 5), (12, 13), (31, 12), (7, 0)] {
                for y in ["2023", "2024", "1899", "1900", "2200", "2201", "23", "02023"] {
                    for time in ["", " 08:05", " 8:05", " 23:59:59", " 24:00", " 8:5", " 08:05:7", "T08:05", " 08:05 "]
                    {
                        for text in [format!("{d}{sep}{m}{sep}{y}{time}"), format!("{d:02}{sep}{m:02}{sep}{y}{time}")] {
                            for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
                                if let Some(quick) = quick_numeric(text.trim().as_bytes(), order) {
                                    assert_eq!(Ok(quick), parse_text_full(text.trim(), order), "{text}");
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 200, "{checked}");
    }
}
