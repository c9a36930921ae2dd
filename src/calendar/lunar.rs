//! The Vietnamese lunar calendar, for the statutory holidays of years without official data.
//!
//! Written by hand because no well-kept crate does it: the crates found (`amlich` 0.0.1 from 2019, `lich_ta`,
//! `amlich-core`) are young or unmaintained, and Chinese lunar crates compute for UTC+8, which gives a different
//! Tết in some years (2007: 17/02 in Việt Nam, 18/02 in China). This is Hồ Ngọc Đức's published algorithm
//! (new moons after Jean Meeus, "Astronomical Algorithms"), evaluated for the time zone UTC+7. It is checked
//! against every Tết from 1990 to 2030 and the Giỗ Tổ dates of CALENDAR.md (tests below).

use chrono::{Datelike, Duration, NaiveDate};
use std::f64::consts::PI;

const TIME_ZONE: f64 = 7.0;
/// Julian day number of 0001-01-01 (proleptic Gregorian) minus one, so that jd = days_from_ce + this.
const JD_OFFSET: i64 = 1_721_425;

fn jd(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JD_OFFSET
}

fn date_of_jd(jd: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jd - JD_OFFSET).ok()?)
}

/// Julian date of the k-th new moon after 1900-01-01 (Meeus, chapter 47, simplified as in Hồ Ngọc Đức's code).
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - delta_t
}

/// The day (Julian day number, local time) of the k-th new moon.
fn new_moon_day(k: i64) -> i64 {
    (new_moon(k as f64) + 0.5 + TIME_ZONE / 24.0).floor() as i64
}

/// The sun's longitude at a Julian date, in radians, normalised to [0, 2π).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl = dl + (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * (l / (PI * 2.0)).floor()
}

/// Which twelfth of the ecliptic (0..=11) the sun is in at the start of a local day.
fn sun_sector(day: i64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - TIME_ZONE / 24.0) / PI * 6.0).floor() as i64
}

/// The first day of the 11th lunar month (the month holding the winter solstice) of a Gregorian year.
fn lunar_month_11(year: i32) -> Option<i64> {
    let off = jd(NaiveDate::from_ymd_opt(year, 12, 31)?) - 2415021;
    let k = (off as f64 / 29.530588853).floor() as i64;
    let nm = new_moon_day(k);
    Some(if sun_sector(nm) >= 9 { new_moon_day(k - 1) } else { nm })
}

/// In a leap year (13 months between two 11th months), the offset of the leap month after month 11.
fn leap_month_offset(a11: i64) -> i64 {
    let k = ((a11 as f64 - 2415021.076998695) / 29.530588853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// The Gregorian date of a (non-leap) lunar day `day` of month `month` in lunar year `year`.
pub fn lunar_to_solar(day: u32, month: u32, year: i32) -> Option<NaiveDate> {
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1)?, lunar_month_11(year)?)
    } else {
        (lunar_month_11(year)?, lunar_month_11(year + 1)?)
    };
    let k = (0.5 + (a11 as f64 - 2415021.076998695) / 29.530588853).floor() as i64;
    let mut off = i64::from(month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 && off >= leap_month_offset(a11) {
        off += 1;
    }
    date_of_jd(new_moon_day(k + off) + i64::from(day) - 1)
}

/// Tết Nguyên đán: the first day of the first lunar month of the lunar year that starts in `year`.
pub fn tet(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(1, 1, year)
}

/// The last day of the lunar year before Tết of `year` (29 or 30 tháng Chạp).
pub fn lunar_new_years_eve(year: i32) -> Option<NaiveDate> {
    tet(year).map(|d| d - Duration::days(1))
}

/// Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month.
pub fn gio_to(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(10, 3, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Tết in Việt Nam, 1990–2030. Two years differ from China (UTC+8): 2007 (17/02, China 18/02) and 2030
    /// (02/02, China 03/02: the new moon falls at 23:07 on 02/02 in Hà Nội, 00:07 on 03/02 in Beijing).
    const TET: [(i32, u32, u32); 41] = [
        (1990, 1, 27),
        (1991, 2, 15),
        (1992, 2, 4),
        (1993, 1, 23),
        (1994, 2, 10),
        (1995, 1, 31),
        (1996, 2, 19),
        (1997, 2, 7),
        (1998, 1, 28),
        (1999, 2, 16),
        (2000, 2, 5),
        (2001, 1, 24),
        (2002, 2, 12),
        (2003, 2, 1),
        (2004, 1, 22),
        (2005, 2, 9),
        (2006, 1, 29),
        (2007, 2, 17),
        (2008, 2, 7),
        (2009, 1, 26),
        (2010, 2, 14),
        (2011, 2, 3),
        (2012, 1, 23),
        (2013, 2, 10),
        (2014, 1, 31),
        (2015, 2, 19),
        (2016, 2, 8),
        (2017, 1, 28),
        (2018, 2, 16),
        (2019, 2, 5),
        (2020, 1, 25),
        (2021, 2, 12),
        (2022, 2, 1),
        (2023, 1, 22),
        (2024, 2, 10),
        (2025, 1, 29),
        (2026, 2, 17),
        (2027, 2, 6),
        (2028, 1, 26),
        (2029, 2, 13),
        (2030, 2, 2),
    ];

    #[test]
    fn tet_matches_the_almanac_1990_to_2030() {
        for (y, m, day) in TET {
            assert_eq!(tet(y), Some(d(y, m, day)), "Tết {y}");
        }
    }

    #[test]
    fn gio_to_matches_calendar_md() {
        for (y, m, day) in
            [(2022, 4, 10), (2023, 4, 29), (2024, 4, 18), (2025, 4, 7), (2026, 4, 26), (2027, 4, 16), (2028, 4, 4)]
        {
            assert_eq!(gio_to(y), Some(d(y, m, day)), "Giỗ Tổ {y}");
        }
    }

    #[test]
    fn lunar_new_years_eve_is_the_day_before_tet() {
        assert_eq!(lunar_new_years_eve(2023), Some(d(2023, 1, 21)));
        assert_eq!(lunar_new_years_eve(2022), Some(d(2022, 1, 31)));
    }

    #[test]
    fn every_year_to_2100_has_tet_between_21_01_and_20_02() {
        for y in 1990..=2100 {
            let t = tet(y).unwrap();
            assert!(t >= d(y, 1, 21) && t <= d(y, 2, 20), "Tết {y} = {t}");
        }
    }
}
