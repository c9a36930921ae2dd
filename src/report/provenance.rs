//! Where a report comes from (issue 21): the agency, the period, the as-of date, the rule set and the calendar it
//! was judged on, the app, and every input file's name, kind, size and SHA-256, so that a consolidator can tell
//! which logs a figure comes from. [`super::seal`] adds the period and the SHA-256 of the figures when a report is
//! written out for a period.

use crate::calendar::{Calendar, Override, FIRST_YEAR, LAST_YEAR};
use crate::profile::Profile;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Who the report is from: the agency's name and the place written before the signing date. Printed on the
/// exports and carried in the report itself, so that a roll-up knows whose figures it sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// "UBND huyện Tuy Phước"
    pub name: String,
    /// "Tuy Phước"
    #[serde(default)]
    pub place: String,
}

/// One input file: what it was for, its size and the SHA-256 of its bytes (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    pub name: String,
    /// dossiers | reminded | ratings (a check's inputs); report | rollup (a roll-up's)
    pub kind: String,
    pub size: u64,
    pub sha256: String,
}

impl FileDigest {
    pub fn of(name: &str, kind: &str, bytes: &[u8]) -> FileDigest {
        FileDigest {
            name: name.to_string(),
            kind: kind.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

/// A file's digest made as its bytes arrive (the browser's worker reads files in slices).
#[derive(Debug, Clone, Default)]
pub struct Hashing {
    hasher: Sha256,
    size: u64,
}

impl Hashing {
    pub fn update(&mut self, chunk: &[u8]) {
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
    }

    pub fn finish(self, name: &str, kind: &str) -> FileDigest {
        FileDigest { name: name.into(), kind: kind.into(), size: self.size, sha256: hex(&self.hasher.finalize()) }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The rule set a report was judged by: its id, version and name, and the SHA-256 of all its values (a user's
/// changes to a built-in rule set keep its id and version, and change this).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetRef {
    pub id: String,
    pub version: String,
    pub name: String,
    pub sha256: String,
}

impl RuleSetRef {
    pub fn of(p: &Profile) -> RuleSetRef {
        // The calendar overrides are the calendar's part (CalendarRef), not the rules'.
        let mut rules = p.clone();
        rules.calendar.overrides.clear();
        RuleSetRef {
            id: p.id.clone(),
            version: p.version.clone(),
            name: p.name.clone(),
            sha256: sha256_hex(rules.to_toml().as_bytes()),
        }
    }
}

/// The working-day calendar a report was judged on: which years had official data, which were provisional in the
/// report, the user's overrides, and a fingerprint of every working day 1990–2100 (two reports with the same
/// fingerprint counted working days alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarRef {
    pub fingerprint: String,
    pub official_years: Vec<i32>,
    pub provisional_years: Vec<i32>,
    pub overrides: Vec<Override>,
}

impl CalendarRef {
    pub fn of(cal: &Calendar, overrides: &[Override], provisional_years: &[i32]) -> CalendarRef {
        let mut bits = Vec::with_capacity(((LAST_YEAR - FIRST_YEAR + 1) * 366 / 8) as usize);
        let (mut byte, mut n) = (0u8, 0);
        let mut d = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or_default();
        while d.year() <= LAST_YEAR {
            byte = byte << 1 | u8::from(cal.is_working_day(d).unwrap_or(false));
            n += 1;
            if n == 8 {
                bits.push(byte);
                (byte, n) = (0, 0);
            }
            d = d.succ_opt().unwrap_or(NaiveDate::MAX);
        }
        bits.push(byte);
        CalendarRef {
            fingerprint: sha256_hex(&bits),
            official_years: (FIRST_YEAR..=LAST_YEAR).filter(|y| !cal.is_provisional(*y)).collect(),
            provisional_years: provisional_years.to_vec(),
            overrides: overrides.to_vec(),
        }
    }
}

/// The period the report's tables are for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRef {
    /// "2023-Q2", "2023-H1", "2023", "2023-01-01..2023-03-31"
    pub slug: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// "Quý II/2023 (từ 01/04/2023 đến 30/06/2023)"
    pub label: String,
}

impl PeriodRef {
    pub fn of(p: &super::period::Period) -> PeriodRef {
        PeriodRef { slug: p.slug(), start: p.start, end: p.end, label: p.label_vi() }
    }

    /// The same period a year earlier.
    pub fn year_before(&self) -> (NaiveDate, NaiveDate) {
        let back = |d: NaiveDate| {
            d.with_year(d.year() - 1).or_else(|| d.pred_opt().and_then(|x| x.with_year(x.year() - 1))).unwrap_or(d)
        };
        (back(self.start), back(self.end))
    }
}

/// Where a report comes from. `period` and `figures_sha256` are set when it is written out for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub agency: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub period: Option<PeriodRef>,
    pub as_of: NaiveDate,
    pub rule_set: RuleSetRef,
    pub calendar: CalendarRef,
    pub app_version: String,
    pub files: Vec<FileDigest>,
    /// SHA-256 of the canonical form of the provenance (without this field) and the figures ([`super::seal`]).
    #[serde(default)]
    pub figures_sha256: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_the_sha256_of_the_bytes() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let mut h = Hashing::default();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(h.finish("x.csv", "dossiers"), FileDigest::of("x.csv", "dossiers", b"abc"));
    }

    #[test]
    fn the_calendar_fingerprint_follows_the_working_days() {
        let plain = Calendar::official().unwrap();
        let a = CalendarRef::of(&plain, &[], &[]);
        assert_eq!(a, CalendarRef::of(&plain, &[], &[]));
        assert!(a.official_years.contains(&2023) && !a.official_years.contains(&2030));
        let day_off = Override {
            date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            kind: crate::calendar::OverrideKind::DayOff,
            note: "Ngày Văn hóa Việt Nam".into(),
        };
        let other = Calendar::with_overrides(std::slice::from_ref(&day_off)).unwrap();
        assert_ne!(CalendarRef::of(&other, &[day_off], &[]).fingerprint, a.fingerprint);
    }

    #[test]
    fn a_changed_rule_keeps_the_id_and_changes_the_digest() {
        let p = Profile::default_profile();
        let q = p.with_patch("[repeat.min_late]\nvalue = 3\n").unwrap();
        let (a, b) = (RuleSetRef::of(&p), RuleSetRef::of(&q));
        assert_eq!((a.id.as_str(), a.version.as_str()), (b.id.as_str(), b.version.as_str()));
        assert_ne!(a.sha256, b.sha256);
    }
}
