//! The working-day calendar of Vietnamese public agencies.
//!
//! Three layers, later ones winning: Monday–Friday working weeks; the days off and make-up Saturdays of each year,
//! from the official data in `data/calendar/` or, for years without data, from the statutory rules computed on
//! the lunar calendar (marked provisional); and the user's overrides from the profile.
//!
//! Civil servants work Monday to Friday. Public holidays, Bộ luật Lao động 2019, Điều 112: "Tết Dương lịch:
//! 01 ngày (ngày 01 tháng 01 dương lịch); Tết Âm lịch: 05 ngày; Ngày Chiến thắng: 01 ngày (ngày 30 tháng 4
//! dương lịch); Ngày Quốc tế lao động: 01 ngày (ngày 01 tháng 5 dương lịch); Quốc khánh: 02 ngày (ngày 02 tháng
//! 9 dương lịch và 01 ngày liền kề trước hoặc sau); Ngày Giỗ Tổ Hùng Vương: 01 ngày (ngày 10 tháng 3 âm lịch)."
//! Điều 111.3: a holiday that falls on a weekly rest day is taken on the next working day.

pub mod lunar;
mod statutory;

use crate::model::{fmt_date, Sureness, Text};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The first and last years the calendar covers.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// Official yearly data, embedded so the library needs no file system (it runs in the browser).
const OFFICIAL: [&str; 6] = [
    include_str!("../../data/calendar/2021.toml"),
    include_str!("../../data/calendar/2022.toml"),
    include_str!("../../data/calendar/2023.toml"),
    include_str!("../../data/calendar/2024.toml"),
    include_str!("../../data/calendar/2025.toml"),
    include_str!("../../data/calendar/2026.toml"),
];

/// A day that is not ordinary: a day off on a weekday or weekend, or a Saturday worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Special {
    pub date: NaiveDate,
    pub working: bool,
    pub name: Text,
    pub source: String,
    pub sureness: Sureness,
    pub origin: Origin,
}

/// Where a special day comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The year's official announcement (data/calendar).
    Official,
    /// Computed from the statutory rules: the year has no official data, so the day is provisional.
    Statutory,
    /// Added by the user in the profile, with their note.
    Override,
}

/// How a year's days off were decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum YearBasis {
    Official {
        announcement: String,
        sureness: Sureness,
    },
    /// No official data: statutory rules from the lunar calendar. Shown as provisional wherever used.
    Provisional,
}

/// A user's change to the calendar: a day off or a working day added, with a note. Travels in the profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub date: NaiveDate,
    pub kind: OverrideKind,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    DayOff,
    WorkingDay,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// A date outside 1990–2100.
    OutOfRange(NaiveDate),
    /// The embedded official data did not parse (a defect caught by the tests).
    Data(String),
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange(d) => write!(
                f,
                "Ngày {} nằm ngoài phạm vi lịch làm việc hỗ trợ ({FIRST_YEAR}–{LAST_YEAR}) / date outside the \
                    supported calendar",
                fmt_date(*d)
            ),
            CalendarError::Data(e) => write!(f, "Dữ liệu lịch nghỉ lỗi / calendar data error: {e}"),
        }
    }
}

impl std::error::Error for CalendarError {}

/// What the calendar says of one date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day<'a> {
    pub date: NaiveDate,
    pub working: bool,
    pub special: Option<&'a Special>,
    /// The year has no official data: this answer rests on the statutory fallback.
    pub provisional: bool,
}

impl Day<'_> {
    /// "Thứ Bảy", or "Giỗ Tổ Hùng Vương (Thứ Bảy)": why the day is what it is.
    pub fn reason(&self) -> Text {
        match self.special {
            Some(s) => Text::new(
                format!("{} ({})", s.name.vi, weekday_vi(self.date)),
                format!("{} ({})", s.name.en, self.date.weekday()),
            ),
            None => Text::new(weekday_vi(self.date), self.date.weekday().to_string()),
        }
    }
}

pub fn weekday_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    announcement: String,
    sure: Sureness,
    days_off: Vec<EntryFile>,
    working_saturdays: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    date: NaiveDate,
    vi: String,
    en: String,
    /// A key of `data/law/texts.toml` ("vpcp-8056-2022"), never free text: the day cites the text's short name.
    source: String,
    #[serde(default)]
    article: Option<String>,
    sure: Sureness,
}

impl EntryFile {
    /// How the day cites its text: the text's short name and the article ("Bộ luật Lao động 2019, Điều 112").
    fn citation(&self) -> Result<String, CalendarError> {
        if !crate::law::known(&self.source) || self.source == "dh-reading" {
            return Err(CalendarError::Data(format!(
                "{}: \"{}\" is not a key of data/law/texts.toml",
                self.date, self.source
            )));
        }
        let short = crate::law::short(&self.source);
        Ok(match &self.article {
            Some(a) => format!("{short}, {a}"),
            None => short,
        })
    }
}

/// The working-day calendar for 1990–2100, with a running count of working days so that counting the
/// working days between two dates costs two look-ups (a million dossiers are checked against it).
#[derive(Debug, Clone)]
pub struct Calendar {
    first: NaiveDate,
    /// For each day from `first`: 0 when ordinary, else 1 + index into `specials`.
    special_of: Vec<u32>,
    /// `working_before[i]`: working days in [first, first + i).
    working_before: Vec<u32>,
    specials: Vec<Special>,
    years: BTreeMap<i32, YearBasis>,
}

impl Calendar {
    /// The official data and statutory fallback, without user overrides.
    pub fn official() -> Result<Calendar, CalendarError> {
        Calendar::with_overrides(&[])
    }

    /// The official data and statutory fallback with the user's `overrides`. Building it (the official years'
    /// data, the other years' days off from the lunar calendar) takes about 20 ms in the browser: a check builds
    /// it once, into its context.
    pub fn with_overrides(overrides: &[Override]) -> Result<Calendar, CalendarError> {
        Calendar::build(overrides)
    }

    fn build(overrides: &[Override]) -> Result<Calendar, CalendarError> {
        let first = ymd(FIRST_YEAR, 1, 1);
        let last = ymd(LAST_YEAR, 12, 31);
        let len = (last - first).num_days() as usize + 1;
        let mut cal = Calendar {
            first,
            special_of: vec![0; len],
            working_before: Vec::new(),
            specials: Vec::new(),
            years: BTreeMap::new(),
        };
        for text in OFFICIAL {
            let file: YearFile = toml::from_str(text).map_err(|e| CalendarError::Data(e.to_string()))?;
            cal.years.insert(file.year, YearBasis::Official { announcement: file.announcement, sureness: file.sure });
            let entries = file
                .days_off
                .into_iter()
                .map(|e| (e, false))
                .chain(file.working_saturdays.into_iter().map(|e| (e, true)));
            for (e, working) in entries {
                if e.date.year() != file.year {
                    return Err(CalendarError::Data(format!("{} is not in {}", e.date, file.year)));
                }
                let source = e.citation()?;
                cal.set(Special {
                    date: e.date,
                    working,
                    name: Text::new(e.vi, e.en),
                    source,
                    sureness: e.sure,
                    origin: Origin::Official,
                })?;
            }
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            if cal.years.contains_key(&year) {
                continue;
            }
            cal.years.insert(year, YearBasis::Provisional);
            for special in statutory::days_off(year) {
                cal.set(special)?;
            }
        }
        for o in overrides {
            let working = o.kind == OverrideKind::WorkingDay;
            let (vi, en) = if working {
                (
                    format!("Ngày làm việc do người dùng thêm: {}", o.note),
                    format!("Working day added by the user: {}", o.note),
                )
            } else {
                (format!("Ngày nghỉ do người dùng thêm: {}", o.note), format!("Day off added by the user: {}", o.note))
            };
            cal.set(Special {
                date: o.date,
                working,
                name: Text::new(vi, en),
                source: "Cấu hình người dùng".into(),
                sureness: Sureness::U,
                origin: Origin::Override,
            })?;
        }
        let mut count = 0u32;
        cal.working_before = Vec::with_capacity(len + 1);
        cal.working_before.push(0);
        for i in 0..len {
            if cal.working_at(i) {
                count += 1;
            }
            cal.working_before.push(count);
        }
        Ok(cal)
    }

    fn set(&mut self, special: Special) -> Result<(), CalendarError> {
        let i = self.index(special.date)?;
        self.specials.push(special);
        self.special_of[i] = self.specials.len() as u32;
        Ok(())
    }

    fn index(&self, d: NaiveDate) -> Result<usize, CalendarError> {
        let i = (d - self.first).num_days();
        if i < 0 || i as usize >= self.special_of.len() {
            return Err(CalendarError::OutOfRange(d));
        }
        Ok(i as usize)
    }

    fn working_at(&self, i: usize) -> bool {
        match self.special_of[i] {
            0 => !is_weekend(self.first + Duration::days(i as i64)),
            s => self.specials[s as usize - 1].working,
        }
    }

    /// Is this a working day, and if not, why.
    pub fn day(&self, d: NaiveDate) -> Result<Day<'_>, CalendarError> {
        let i = self.index(d)?;
        let special = match self.special_of[i] {
            0 => None,
            s => Some(&self.specials[s as usize - 1]),
        };
        Ok(Day { date: d, working: self.working_at(i), special, provisional: self.is_provisional(d.year()) })
    }

    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.working_at(self.index(d)?))
    }

    /// The number of working days in (a, b]; negative when b is before a.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        let (ia, ib) = (self.index(a)?, self.index(b)?);
        Ok(i64::from(self.working_before[ib + 1]) - i64::from(self.working_before[ia + 1]))
    }

    /// The date reached after `n` working days counted from the day after `d` (n = 0 gives `d`).
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut date = d;
        let mut left = n;
        while left > 0 {
            date += Duration::days(1);
            if self.is_working_day(date)? {
                left -= 1;
            }
        }
        Ok(date)
    }

    /// The first working day on or after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut date = d;
        while !self.is_working_day(date)? {
            date += Duration::days(1);
        }
        Ok(date)
    }

    /// The last working day on or before `d`.
    pub fn previous_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut date = d;
        while !self.is_working_day(date)? {
            date -= Duration::days(1);
        }
        Ok(date)
    }

    /// The days that are not working days in (a, b], with their reasons, for explanations.
    pub fn days_off_between(&self, a: NaiveDate, b: NaiveDate) -> Result<Vec<Day<'_>>, CalendarError> {
        let mut out = Vec::new();
        let mut d = a + Duration::days(1);
        while d <= b {
            let day = self.day(d)?;
            if !day.working {
                out.push(day);
            }
            d += Duration::days(1);
        }
        Ok(out)
    }

    /// Working days in (a, b] that are not ordinary weekdays (make-up Saturdays), for explanations.
    pub fn special_working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<Vec<Day<'_>>, CalendarError> {
        let mut out = Vec::new();
        let mut d = a + Duration::days(1);
        while d <= b {
            let day = self.day(d)?;
            if day.working && day.special.is_some() {
                out.push(day);
            }
            d += Duration::days(1);
        }
        Ok(out)
    }

    pub fn year_basis(&self, year: i32) -> Option<&YearBasis> {
        self.years.get(&year)
    }

    /// True when the year has no official data and its days off come from the statutory fallback.
    pub fn is_provisional(&self, year: i32) -> bool {
        !matches!(self.years.get(&year), Some(YearBasis::Official { .. }))
    }

    /// The years with official data.
    pub fn official_years(&self) -> Vec<i32> {
        self.years.iter().filter(|(_, b)| matches!(b, YearBasis::Official { .. })).map(|(y, _)| *y).collect()
    }
}

/// Lists days as "29/04 (Giỗ Tổ Hùng Vương, Thứ Bảy), 30/04 (…)" for explanation steps.
pub fn describe_days(days: &[Day<'_>], vi: bool) -> String {
    days.iter()
        .map(|d| {
            let date = d.date.format("%d/%m");
            if vi {
                format!("{date} ({})", d.reason().vi)
            } else {
                format!("{date} ({})", d.reason().en)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        Calendar::official().unwrap()
    }

    #[test]
    fn official_data_loads_for_2021_to_2026() {
        assert_eq!(cal().official_years(), vec![2021, 2022, 2023, 2024, 2025, 2026]);
        assert!(!cal().is_provisional(2021));
        assert!(cal().is_provisional(2020));
        assert!(cal().is_provisional(2027));
        assert!(!cal().is_provisional(2024));
    }

    #[test]
    fn worked_example_giỗ_tổ_2023() {
        let c = cal();
        assert_eq!(c.working_days_between(ymd(2023, 4, 28), ymd(2023, 5, 4)).unwrap(), 1);
        assert_eq!(c.add_working_days(ymd(2023, 1, 13), 10).unwrap(), ymd(2023, 2, 3));
    }

    #[test]
    fn make_up_saturdays_and_swapped_days() {
        let c = cal();
        assert!(c.is_working_day(ymd(2024, 5, 4)).unwrap());
        assert!(!c.is_working_day(ymd(2024, 4, 29)).unwrap());
        assert!(c.is_working_day(ymd(2026, 1, 10)).unwrap());
        assert!(!c.is_working_day(ymd(2026, 1, 2)).unwrap());
        assert_eq!(c.day(ymd(2026, 1, 2)).unwrap().special.unwrap().name.vi, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01)");
    }

    #[test]
    fn every_day_cites_a_text_by_its_key() {
        // The data name texts by key; the days cite their short names, with the article.
        let c = cal();
        let source = |d| c.day(d).unwrap().special.unwrap().source.clone();
        assert_eq!(source(ymd(2023, 4, 29)), "Bộ luật Lao động 2019, Điều 112");
        assert_eq!(source(ymd(2023, 1, 20)), "Công văn 8056/VPCP-KGVX");
        assert_eq!(source(ymd(2021, 2, 15)), "Thông báo 4875/TB-LĐTBXH");
        assert_eq!(source(ymd(2026, 8, 31)), "Thông báo của Văn phòng Chính phủ ngày 13/10/2025");
        for text in OFFICIAL {
            let file: YearFile = toml::from_str(text).unwrap();
            for e in file.days_off.iter().chain(&file.working_saturdays) {
                assert!(crate::law::known(&e.source), "{}: {}", e.date, e.source);
            }
        }
        // Free text where a key belongs is an error naming the day.
        let bad = EntryFile {
            date: ymd(2023, 9, 2),
            vi: String::new(),
            en: String::new(),
            source: "Bộ luật Lao động 2019, Điều 112".into(),
            article: None,
            sure: Sureness::V,
        };
        assert!(matches!(bad.citation(), Err(CalendarError::Data(m)) if m.contains("2023-09-02")));
    }

    #[test]
    fn out_of_range_dates_are_errors_not_panics() {
        let c = cal();
        assert_eq!(c.is_working_day(ymd(1989, 12, 31)), Err(CalendarError::OutOfRange(ymd(1989, 12, 31))));
        assert!(c.working_days_between(ymd(2100, 12, 30), ymd(2101, 1, 2)).is_err());
        assert!(c.add_working_days(ymd(2100, 12, 30), 5).is_err());
    }

    #[test]
    fn overrides_win_over_official_data() {
        let o = [
            Override { date: ymd(2026, 11, 24), kind: OverrideKind::DayOff, note: "Ngày Văn hóa Việt Nam".into() },
            Override { date: ymd(2023, 5, 2), kind: OverrideKind::WorkingDay, note: "trực".into() },
        ];
        let c = Calendar::with_overrides(&o).unwrap();
        assert!(!c.is_working_day(ymd(2026, 11, 24)).unwrap());
        assert!(c.is_working_day(ymd(2023, 5, 2)).unwrap());
        assert_eq!(c.day(ymd(2026, 11, 24)).unwrap().special.unwrap().origin, Origin::Override);
        // Each calendar is the one asked for: without the overrides, then with one.
        let plain = Calendar::with_overrides(&[]).unwrap();
        assert!(plain.is_working_day(ymd(2026, 11, 24)).unwrap() && !plain.is_working_day(ymd(2023, 5, 2)).unwrap());
        let one = Calendar::with_overrides(&o[..1]).unwrap();
        assert!(!one.is_working_day(ymd(2026, 11, 24)).unwrap() && !one.is_working_day(ymd(2023, 5, 2)).unwrap());
        assert_eq!(
            Calendar::with_overrides(&o).unwrap().working_days_between(ymd(2023, 1, 1), ymd(2026, 12, 31)),
            c.working_days_between(ymd(2023, 1, 1), ymd(2026, 12, 31))
        );
    }
}
