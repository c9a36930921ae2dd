//! A rule set ("profile"): every threshold and choice the rules use, each a dated parameter with its source
//! and how sure we are of it. Profiles are data (`data/profiles/*.toml`); the default is "Bình Định 2023".
//! A user's changes are a partial TOML document laid over a built-in profile (`Profile::with_patch`), so the
//! browser can keep them in localStorage and the casebook can state them beside each case.

use crate::calendar::{Calendar, CalendarError, Override};
use crate::model::{Citation, Rating, Sureness};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The built-in profiles, embedded so the library needs no file system.
pub const BUILT_IN: [(&str, &str); 1] = [("binh-dinh-2023", include_str!("../../data/profiles/binh-dinh-2023.toml"))];
pub const DEFAULT_ID: &str = "binh-dinh-2023";

/// A value with the citation it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param<T> {
    pub value: T,
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    pub sureness: Sureness,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl<T> Param<T> {
    pub fn citation(&self) -> Citation {
        Citation {
            document: self.document.clone(),
            article: self.article.clone(),
            quote: self.quote.clone(),
            sureness: self.sureness,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    Minute,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishMoment {
    FinishedElseReturned,
    ReturnedElseFinished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionDate {
    DueDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodCutoff {
    Calendar,
    Day15,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    DayAfterReceipt,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedRule {
    pub document: String,
    pub quote: String,
    pub sureness: Sureness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CalendarSettings {
    #[serde(default)]
    pub overrides: Vec<Override>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LatenessSettings {
    pub granularity: Param<Granularity>,
    pub finish_moment: Param<FinishMoment>,
    pub use_extended_due: Param<bool>,
    pub paused_counts_on_time: Param<bool>,
    pub law: Param<String>,
    pub law_from_2025_07_01: Param<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatutoryDueSettings {
    pub late_receipt_cutoff: Param<bool>,
    /// "HH:MM"
    pub cutoff_time: Param<String>,
    pub counting: Param<Counting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApologySettings {
    pub before_2025_07_01: Param<String>,
    pub from_2025_07_01: Param<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionSettings {
    pub by: Param<AttributionDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepeatSettings {
    pub min_late: Param<u32>,
    pub require_slow_improvement: Param<bool>,
    pub apply_to_units: Param<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingCapSettings {
    pub repeat_cap: Param<Rating>,
    pub disciplined_cap: Param<Rating>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodSettings {
    pub cutoff: Param<PeriodCutoff>,
    pub service_index_points: Param<f64>,
}

/// A rule set. Every output carries its `id` and `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub version: String,
    pub name: String,
    pub assessment_years: Vec<i32>,
    pub seed_rule: SeedRule,
    #[serde(default)]
    pub calendar: CalendarSettings,
    pub lateness: LatenessSettings,
    pub statutory_due: StatutoryDueSettings,
    pub apology: ApologySettings,
    pub attribution: AttributionSettings,
    pub repeat: RepeatSettings,
    pub rating_cap: RatingCapSettings,
    pub periods: PeriodSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProfileError {
    Unknown(String),
    Parse(String),
    Invalid(String),
    Calendar(CalendarError),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Unknown(id) => write!(f, "Không có bộ quy tắc \"{id}\" / unknown profile \"{id}\""),
            ProfileError::Parse(e) => {
                write!(f, "Tệp cấu hình quy tắc không đọc được / the profile file cannot be read: {e}")
            }
            ProfileError::Invalid(e) => write!(f, "Cấu hình quy tắc không hợp lệ / invalid profile: {e}"),
            ProfileError::Calendar(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ProfileError {}

impl Profile {
    /// A built-in profile by id.
    pub fn built_in(id: &str) -> Result<Profile, ProfileError> {
        let text = BUILT_IN
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .ok_or_else(|| ProfileError::Unknown(id.to_string()))?;
        Profile::from_toml(text)
    }

    /// The default profile, "Bình Định 2023".
    pub fn default_profile() -> Profile {
        // The embedded default is covered by tests; should it ever fail to parse, that is a build defect.
        Profile::built_in(DEFAULT_ID).expect("the built-in default profile parses")
    }

    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|e| ProfileError::Parse(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    /// A profile with a partial TOML document laid over it: tables merge key by key, other values replace.
    pub fn with_patch(&self, patch: &str) -> Result<Profile, ProfileError> {
        let base = toml::Table::try_from(self).map_err(|e| ProfileError::Parse(e.to_string()))?;
        let patch: toml::Table = toml::from_str(patch).map_err(|e| ProfileError::Parse(e.to_string()))?;
        let merged = merge(base, patch);
        let profile: Profile = merged.try_into().map_err(|e: toml::de::Error| ProfileError::Parse(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    /// Whether the values can be used: thresholds in range, a cut-off time that reads, calendar changes within
    /// the calendar's years.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.repeat.min_late.value == 0 {
            return Err(ProfileError::Invalid("repeat.min_late phải ≥ 1 / must be at least 1".into()));
        }
        self.cutoff_time()?;
        // The calendar is built once per check; here only what would stop it being built is checked.
        let years = crate::calendar::FIRST_YEAR..=crate::calendar::LAST_YEAR;
        if let Some(o) = self.calendar.overrides.iter().find(|o| !years.contains(&chrono::Datelike::year(&o.date))) {
            return Err(ProfileError::Calendar(CalendarError::OutOfRange(o.date)));
        }
        Ok(())
    }

    pub fn cutoff_time(&self) -> Result<NaiveTime, ProfileError> {
        NaiveTime::parse_from_str(&self.statutory_due.cutoff_time.value, "%H:%M").map_err(|_| {
            ProfileError::Invalid(format!(
                "statutory_due.cutoff_time \"{}\" (HH:MM)",
                self.statutory_due.cutoff_time.value
            ))
        })
    }

    /// The calendar this profile uses: official data, statutory fallback, and the profile's overrides.
    pub fn calendar(&self) -> Result<Calendar, ProfileError> {
        Calendar::with_overrides(&self.calendar.overrides).map_err(ProfileError::Calendar)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

fn merge(mut base: toml::Table, patch: toml::Table) -> toml::Table {
    for (key, value) in patch {
        let merged = match (base.remove(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(p)) => toml::Value::Table(merge(b, p)),
            (_, v) => v,
        };
        base.insert(key, merged);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_loads_with_its_citations() {
        let p = Profile::default_profile();
        assert_eq!(p.id, "binh-dinh-2023");
        assert_eq!(p.repeat.min_late.value, 2);
        assert_eq!(p.repeat.min_late.sureness, Sureness::U);
        assert_eq!(p.rating_cap.repeat_cap.value, Rating::HoanThanh);
        assert!(p.seed_rule.document.contains("4510/QĐ-UBND"));
        assert_eq!(p.lateness.granularity.value, Granularity::Day);
    }

    #[test]
    fn a_patch_changes_one_value_and_keeps_the_rest() {
        let p = Profile::default_profile()
            .with_patch(
                "[repeat.min_late]\nvalue = 3\n[calendar]\noverrides = [{ date = \"2026-11-24\", kind \
                = \"day_off\", note = \"Ngày Văn hóa Việt Nam\" }]",
            )
            .unwrap();
        assert_eq!(p.repeat.min_late.value, 3);
        assert!(p.repeat.min_late.document.contains("nhiều lần"));
        assert_eq!(p.calendar.overrides.len(), 1);
        assert!(!p.calendar().unwrap().is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap());
    }

    #[test]
    fn bad_profiles_are_errors() {
        assert!(matches!(Profile::built_in("ha-noi"), Err(ProfileError::Unknown(_))));
        assert!(matches!(
            Profile::default_profile().with_patch("[repeat.min_late]\nvalue = 0"),
            Err(ProfileError::Invalid(_))
        ));
        assert!(matches!(
            Profile::default_profile().with_patch("[statutory_due.cutoff_time]\nvalue = \"3pm\""),
            Err(ProfileError::Invalid(_))
        ));
        assert!(matches!(Profile::from_toml("id = 1"), Err(ProfileError::Parse(_))));
    }
}
