//! A rule set ("profile"): every threshold and choice the rules use, each a **dated parameter** — a list of values
//! by the date they apply from, each with its source (a key of `data/law/texts.toml`), article, quote, sureness and
//! note — as OpenFisca writes its parameters. A rule asks [`Param::at`] with the date the law attaches to: the
//! dossier's receipt date for the one-stop rules (its due date when the log has no receipt date), 31/12 of the
//! assessment year for the rating rules (a rating is given once the year is over, on the law then in force).
//! No date of law is written in code.
//!
//! Profiles are data (`data/profiles/*.toml`), each laid over `data/profiles/base.toml`, the national rules every
//! profile starts from. Built in: "Bình Định 2023" (assessment year 2023, the seed rule: reminded in 2022 and late
//! many times in 2023 ⇒ at most "Hoàn thành nhiệm vụ"), "Toàn quốc" (2021–2025: lateness, NĐ 90/2020 and
//! 48/2023, no cap) and "Toàn quốc 2026" (2026 on: Nghị định 335/2025, scores). A profile states the assessment
//! years it covers; the check refuses another year unless the profile is carried forward with the document the
//! agency relies on ([`CarryForward`]). A user's changes are a partial TOML document laid over a profile
//! (`Profile::with_patch`), so the browser can keep them in localStorage and the casebook can state them beside
//! each case; `[repeat.min_late] value = 3` is sugar for one value from the start.

use crate::calendar::{Calendar, CalendarError, Override};
use crate::law;
use crate::model::{Citation, Rating, Sureness};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The national rules every profile is laid over.
const BASE: &str = include_str!("../../data/profiles/base.toml");

/// The built-in profiles, embedded so the library needs no file system, in the order [`Profile::for_year`] tries
/// them.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("binh-dinh-2023", include_str!("../../data/profiles/binh-dinh-2023.toml")),
    ("toan-quoc", include_str!("../../data/profiles/toan-quoc.toml")),
    ("toan-quoc-2026", include_str!("../../data/profiles/toan-quoc-2026.toml")),
];
/// The product's seed rule set, and the library's default when no year picks one.
pub const DEFAULT_ID: &str = "binh-dinh-2023";

/// The first day every one-stop parameter must cover: the calendar's first day.
fn calendar_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(crate::calendar::FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The date the rating rules ask their parameters at: the last day of the assessment year (a rating is given once
/// the year's work is done, on the law in force then).
pub fn rating_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// One value of a parameter, from a date, with the text it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dated<T> {
    /// The first day this value applies (the date the law attaches to: see the module's doc).
    pub from: NaiveDate,
    pub value: T,
    /// A key of `data/law/texts.toml` (`"nd-118-2025"`), or `"dh-reading"` for Đúng Hẹn's own reading.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The words quoted, when not the text's own quote of `article`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    pub sureness: Sureness,
    /// Printed beside the citation: why, for Đúng Hẹn's reading (required there); what is unsure, for others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl<T> Dated<T> {
    pub fn citation(&self) -> Citation {
        let mut c = law::cite(law::SourceRef {
            key: &self.source,
            article: self.article.as_deref(),
            quote: self.quote.as_deref(),
            sureness: self.sureness,
            note: self.note.as_deref(),
        });
        c.reason = self.note.clone();
        c
    }
}

/// A parameter: its values by the date they apply from, in date order. TOML: `values = [{from, value, source,
/// article?, quote?, sureness, note?}, …]`, or in a patch `value = X` (one value from the start).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param<T> {
    pub values: Vec<Dated<T>>,
}

impl<T> Param<T> {
    /// The value in force on `date`: the last one from that date or before. A date before the first value gets the
    /// first (validation makes every one-stop parameter start on the calendar's first day, so only a rating rule
    /// carried back before its instrument can ask that).
    pub fn at(&self, date: NaiveDate) -> &Dated<T> {
        let i = self.values.partition_point(|v| v.from <= date);
        &self.values[i.saturating_sub(1)]
    }

    /// The value of the latest entry (settings shown on screens, the reporting period's cut-off).
    pub fn latest(&self) -> &Dated<T> {
        &self.values[self.values.len() - 1]
    }

    fn first_from(&self) -> NaiveDate {
        self.values[0].from
    }

    fn check(&self, name: &str, must_start: Option<NaiveDate>) -> Result<(), ProfileError> {
        let bad = |why: String| Err(ProfileError::Invalid(format!("{name}: {why}")));
        if self.values.is_empty() {
            return bad("không có giá trị nào / no value".into());
        }
        if self.values.windows(2).any(|w| w[0].from >= w[1].from) {
            return bad("các giá trị phải theo thứ tự ngày, không trùng / values must be in date order".into());
        }
        if let Some(start) = must_start.filter(|s| self.first_from() > *s) {
            return bad(format!(
                "giá trị đầu tiên phải áp dụng từ {start} trở về trước (đang là {}) / the first value must apply \
                from {start}",
                self.first_from()
            ));
        }
        for v in &self.values {
            match law::text(&v.source) {
                None => return bad(format!("nguồn \"{}\" không có trong danh mục văn bản / unknown source", v.source)),
                Some(t) if t.reading && v.note.as_deref().is_none_or(|n| n.trim().is_empty()) => {
                    return bad("cách hiểu của Đúng Hẹn phải nêu lý do (note) / a reading needs its reason".into())
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Param<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Repr<T> {
            #[serde(default = "Option::default")]
            values: Option<Vec<Dated<T>>>,
            #[serde(default = "Option::default")]
            value: Option<T>,
        }
        let r = Repr::<T>::deserialize(d)?;
        match (r.values, r.value) {
            (Some(mut values), Some(value)) if !values.is_empty() => {
                // `value = X` laid over a parameter: one value from the first date, on the first entry's source.
                let mut first = values.swap_remove(0);
                first.value = value;
                let user = "Giá trị do người dùng đặt trong cấu hình, áp dụng từ đầu";
                first.note = Some(match first.note {
                    Some(n) => format!("{user}; {n}"),
                    None => user.to_string(),
                });
                Ok(Param { values: vec![first] })
            }
            (Some(values), _) => Ok(Param { values }),
            (None, _) => {
                Err(serde::de::Error::custom("a parameter needs `values = [{ from, value, source, sureness }, …]`"))
            }
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

/// How far a pending-overdue dossier's lateness is counted when the as-of date is a day off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingCountTo {
    /// The working days that have passed: up to the last working day on or before the as-of date.
    LastWorkingDayPassed,
    /// Up to the next working day on or after the as-of date (a day that may not have come yet).
    NextWorkingDay,
}

/// Which dossiers are the products "assigned" to an officer in a month or quarter (Nghị định 335/2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignedBy {
    /// Due in the period (as the attribution rule places late dossiers).
    DueInPeriod,
    /// Received in the period.
    ReceivedInPeriod,
}

/// How quantity, quality and progress make the 70 points of task results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Their average, as a share of the task points.
    Average,
}

/// What the log cannot show (quality of the work, the 30 general points) is taken as:
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingEvidence {
    /// Full marks, so the score computed is the most the officer could have: an upper bound.
    FullMarks,
}

/// The lowest points of each band (Nghị định 335/2025): xuất sắc ≥ 90, tốt ≥ 70, hoàn thành ≥ 50.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bands {
    pub xuat_sac: f64,
    pub tot: f64,
    pub hoan_thanh: f64,
}

impl Bands {
    /// The band `points` fall in.
    pub fn band(&self, points: f64) -> Rating {
        if points >= self.xuat_sac {
            Rating::XuatSac
        } else if points >= self.tot {
            Rating::Tot
        } else if points >= self.hoan_thanh {
            Rating::HoanThanh
        } else {
            Rating::KhongHoanThanh
        }
    }
}

/// The assessment years a profile covers: a list, or every year from one on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Years {
    List(Vec<i32>),
    From { from: i32 },
}

impl Years {
    pub fn contains(&self, year: i32) -> bool {
        match self {
            Years::List(l) => l.contains(&year),
            Years::From { from } => year >= *from,
        }
    }

    /// "2026 on" for a list that runs on; the list as it is otherwise.
    pub fn label_en(&self) -> String {
        match self {
            Years::From { from } => format!("{from} on"),
            l => l.to_string(),
        }
    }

    pub fn first(&self) -> Option<i32> {
        match self {
            Years::List(l) => l.iter().min().copied(),
            Years::From { from } => Some(*from),
        }
    }
}

impl fmt::Display for Years {
    /// "2023", "2021, 2022, 2024, 2025", "2026 trở đi".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Years::List(l) => {
                let y: Vec<String> = l.iter().map(|y| y.to_string()).collect();
                write!(f, "{}", y.join(", "))
            }
            Years::From { from } => write!(f, "{from} trở đi"),
        }
    }
}

/// The rule of a province's plan that caps the rating of those reminded last year and late again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRule {
    /// The plan's key in `data/law/texts.toml`.
    pub source: String,
    /// The quote's name in that text.
    pub article: String,
    pub sureness: Sureness,
}

impl SeedRule {
    pub fn citation(&self) -> Citation {
        law::cite(law::SourceRef {
            key: &self.source,
            article: Some(&self.article),
            quote: None,
            sureness: self.sureness,
            note: None,
        })
    }
}

/// A profile applied to an assessment year it does not cover, on the agency's decision: the document it relies
/// on is printed on every output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarryForward {
    /// "Kế hoạch CCHC năm 2024 số 12/KH-UBND": the agency's own words.
    pub document: String,
}

/// How the check came to use this profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// The built-in profile that covers the assessment year.
    Year,
    /// Named by the user (an id, or a profile file).
    #[default]
    User,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    #[serde(default)]
    pub overrides: Vec<Override>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatenessSettings {
    pub granularity: Param<Granularity>,
    pub finish_moment: Param<FinishMoment>,
    pub use_extended_due: Param<bool>,
    pub paused_counts_on_time: Param<bool>,
    /// The text a late dossier is judged under: a key of `data/law/texts.toml`.
    pub law: Param<String>,
    /// A stopped dossier ("dừng giải quyết") is closed: neither late nor pending.
    pub stopped_is_closed: Param<bool>,
    pub pending_count_to: Param<PendingCountTo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatutoryDueSettings {
    pub late_receipt_cutoff: Param<bool>,
    /// "HH:MM"
    pub cutoff_time: Param<String>,
    pub counting: Param<Counting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApologySettings {
    /// The apology form owed for a late dossier, by receipt date.
    pub form: Param<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionSettings {
    pub by: Param<AttributionDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatSettings {
    pub min_late: Param<u32>,
    pub require_slow_improvement: Param<bool>,
    pub apply_to_units: Param<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingCapSettings {
    /// The seed rule's cap; only a profile with a seed rule has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_cap: Option<Param<Rating>>,
    pub disciplined_cap: Param<Rating>,
}

/// Nghị định 335/2025/NĐ-CP: monthly or quarterly scores on 100 points, read from the dossier log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringSettings {
    /// Whether the assessment year is scored (the gate every other scoring parameter hangs on).
    pub in_force: Param<bool>,
    pub general_points: Param<f64>,
    pub task_points: Param<f64>,
    pub bands: Param<Bands>,
    /// Share of a product's progress points each delay costs (0.25).
    pub delay_penalty: Param<f64>,
    /// Xuất sắc at most this share of those rated tốt in a unit (0.20).
    pub max_share_xuat_sac: Param<f64>,
    pub products_per_dossier: Param<f64>,
    pub assigned_by: Param<AssignedBy>,
    /// A dossier finished late is one delay.
    pub delay_late_finish: Param<bool>,
    /// A re-appointment (extension) is one delay more.
    pub delay_extension: Param<bool>,
    /// A dossier pending overdue at the period's end is one delay.
    pub delay_pending_overdue: Param<bool>,
    pub combine: Param<Combine>,
    pub missing_evidence: Param<MissingEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodSettings {
    pub cutoff: Param<PeriodCutoff>,
    pub service_index_points: Param<f64>,
}

/// Who is proposed for commendation (biểu dương, issue 21): the reform plan asks agencies to reward those who do
/// well but sets no threshold, so both are Đúng Hẹn's settings [U] (base.toml).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommendationSettings {
    /// At least this many dossiers due in the period.
    pub min_dossiers: Param<u32>,
    /// Every dossier due in the period resolved early or on time (none still pending); when false, none late or
    /// overdue is enough.
    pub require_all_on_time: Param<bool>,
}

/// A rule set. Every output carries its `id` and `version`, what it covers and how it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub version: String,
    pub name: String,
    /// The assessment years this rule set is for; another year needs `carry_forward`.
    pub assessment_years: Years,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_rule: Option<SeedRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carry_forward: Option<CarryForward>,
    /// Not part of the file: set by [`Profile::for_year`].
    #[serde(skip)]
    pub chosen_by: ChosenBy,
    #[serde(default)]
    pub calendar: CalendarSettings,
    pub lateness: LatenessSettings,
    pub statutory_due: StatutoryDueSettings,
    pub apology: ApologySettings,
    pub attribution: AttributionSettings,
    pub repeat: RepeatSettings,
    pub rating_cap: RatingCapSettings,
    pub scoring: ScoringSettings,
    pub periods: PeriodSettings,
    pub commendation: CommendationSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProfileError {
    Unknown(String),
    Parse(String),
    Invalid(String),
    Calendar(CalendarError),
    /// No built-in profile covers the year.
    NoneForYear(i32),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Unknown(id) => write!(
                f,
                "Không có bộ quy tắc \"{id}\" (có: {}) / unknown profile \"{id}\"",
                BUILT_IN.iter().map(|(i, _)| *i).collect::<Vec<_>>().join(", ")
            ),
            ProfileError::Parse(e) => {
                write!(f, "Tệp cấu hình quy tắc không đọc được / the profile file cannot be read: {e}")
            }
            ProfileError::Invalid(e) => write!(f, "Cấu hình quy tắc không hợp lệ / invalid profile: {e}"),
            ProfileError::Calendar(e) => write!(f, "{e}"),
            ProfileError::NoneForYear(y) => write!(
                f,
                "Không có bộ quy tắc dựng sẵn cho năm đánh giá {y}: chọn một bộ (--profile) và nêu văn bản áp dụng \
                (--carry-forward) / no built-in profile covers {y}: name one and the document it is carried forward by"
            ),
        }
    }
}

impl std::error::Error for ProfileError {}

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

fn table(text: &str) -> Result<toml::Table, ProfileError> {
    toml::from_str(text).map_err(|e| ProfileError::Parse(e.to_string()))
}

impl Profile {
    /// A built-in profile by id, chosen by the user.
    pub fn built_in(id: &str) -> Result<Profile, ProfileError> {
        let text = BUILT_IN
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .ok_or_else(|| ProfileError::Unknown(id.to_string()))?;
        Profile::from_toml(text)
    }

    /// The built-in profile that covers the assessment year (the first in [`BUILT_IN`] that does): what the CLI,
    /// the app and the casebook use when no profile is named.
    pub fn for_year(year: i32) -> Result<Profile, ProfileError> {
        for (id, _) in BUILT_IN {
            let p = Profile::built_in(id)?;
            if p.assessment_years.contains(year) {
                return Ok(Profile { chosen_by: ChosenBy::Year, ..p });
            }
        }
        Err(ProfileError::NoneForYear(year))
    }

    /// The default profile, "Bình Định 2023".
    pub fn default_profile() -> Profile {
        // The embedded default is covered by tests; should it ever fail to parse, that is a build defect.
        Profile::built_in(DEFAULT_ID).expect("the built-in default profile parses")
    }

    /// A profile file: laid over the national base, so a file states only what differs from it.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let merged = merge(table(BASE)?, table(text)?);
        let profile: Profile = merged.try_into().map_err(|e: toml::de::Error| ProfileError::Parse(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    /// A profile with a partial TOML document laid over it: tables merge key by key, other values replace.
    pub fn with_patch(&self, patch: &str) -> Result<Profile, ProfileError> {
        let base = toml::Table::try_from(self).map_err(|e| ProfileError::Parse(e.to_string()))?;
        let merged = merge(base, table(patch)?);
        let profile: Profile = merged.try_into().map_err(|e: toml::de::Error| ProfileError::Parse(e.to_string()))?;
        profile.validate()?;
        Ok(Profile { chosen_by: self.chosen_by, ..profile })
    }

    /// Whether the profile is for this assessment year.
    pub fn covers(&self, year: i32) -> bool {
        self.assessment_years.contains(year)
    }

    /// Whether the values can be used: every parameter in date order from the day it must cover, every source a
    /// known text (Đúng Hẹn's readings with their reason), thresholds in range, a cut-off time that reads, calendar
    /// changes within the calendar's years.
    pub fn validate(&self) -> Result<(), ProfileError> {
        let start = Some(calendar_start());
        let l = &self.lateness;
        l.granularity.check("lateness.granularity", start)?;
        l.finish_moment.check("lateness.finish_moment", start)?;
        l.use_extended_due.check("lateness.use_extended_due", start)?;
        l.paused_counts_on_time.check("lateness.paused_counts_on_time", start)?;
        l.law.check("lateness.law", start)?;
        l.stopped_is_closed.check("lateness.stopped_is_closed", start)?;
        l.pending_count_to.check("lateness.pending_count_to", start)?;
        if let Some(v) = l.law.values.iter().find(|v| !law::known(&v.value)) {
            return Err(ProfileError::Invalid(format!("lateness.law: \"{}\" không phải văn bản đã biết", v.value)));
        }
        let s = &self.statutory_due;
        s.late_receipt_cutoff.check("statutory_due.late_receipt_cutoff", start)?;
        s.cutoff_time.check("statutory_due.cutoff_time", start)?;
        s.counting.check("statutory_due.counting", start)?;
        self.apology.form.check("apology.form", start)?;
        self.attribution.by.check("attribution.by", start)?;
        let r = &self.repeat;
        r.min_late.check("repeat.min_late", start)?;
        r.require_slow_improvement.check("repeat.require_slow_improvement", start)?;
        r.apply_to_units.check("repeat.apply_to_units", start)?;
        let c = &self.commendation;
        c.min_dossiers.check("commendation.min_dossiers", start)?;
        c.require_all_on_time.check("commendation.require_all_on_time", start)?;
        if c.min_dossiers.values.iter().any(|v| v.value == 0) {
            return Err(ProfileError::Invalid("commendation.min_dossiers phải ≥ 1 / must be at least 1".into()));
        }
        self.rating_cap.disciplined_cap.check("rating_cap.disciplined_cap", start)?;
        let first_year = self.assessment_years.first().and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
        match (&self.seed_rule, &self.rating_cap.repeat_cap) {
            (Some(seed), Some(cap)) => {
                cap.check("rating_cap.repeat_cap", first_year)?;
                if !law::known(&seed.source) {
                    return Err(ProfileError::Invalid(format!("seed_rule: nguồn \"{}\" không rõ", seed.source)));
                }
            }
            (None, None) => {}
            _ => {
                return Err(ProfileError::Invalid(
                    "seed_rule và rating_cap.repeat_cap phải đi cùng nhau / seed_rule and rating_cap.repeat_cap go \
                    together"
                        .into(),
                ))
            }
        }
        let c = &self.scoring;
        c.in_force.check("scoring.in_force", start)?;
        let scored_from = c.in_force.values.iter().find(|v| v.value).map(|v| v.from);
        c.general_points.check("scoring.general_points", scored_from)?;
        c.task_points.check("scoring.task_points", scored_from)?;
        c.bands.check("scoring.bands", scored_from)?;
        c.delay_penalty.check("scoring.delay_penalty", scored_from)?;
        c.max_share_xuat_sac.check("scoring.max_share_xuat_sac", scored_from)?;
        c.products_per_dossier.check("scoring.products_per_dossier", scored_from)?;
        c.assigned_by.check("scoring.assigned_by", scored_from)?;
        c.delay_late_finish.check("scoring.delay_late_finish", scored_from)?;
        c.delay_extension.check("scoring.delay_extension", scored_from)?;
        c.delay_pending_overdue.check("scoring.delay_pending_overdue", scored_from)?;
        c.combine.check("scoring.combine", scored_from)?;
        c.missing_evidence.check("scoring.missing_evidence", scored_from)?;
        self.periods.cutoff.check("periods.cutoff", start)?;
        self.periods.service_index_points.check("periods.service_index_points", start)?;
        if self.repeat.min_late.values.iter().any(|v| v.value == 0) {
            return Err(ProfileError::Invalid("repeat.min_late phải ≥ 1 / must be at least 1".into()));
        }
        if c.delay_penalty.values.iter().any(|v| !(0.0..=1.0).contains(&v.value))
            || c.max_share_xuat_sac.values.iter().any(|v| !(0.0..=1.0).contains(&v.value))
            || c.products_per_dossier.values.iter().any(|v| v.value <= 0.0)
        {
            return Err(ProfileError::Invalid(
                "scoring: tỷ lệ trong khoảng 0–1, số sản phẩm mỗi hồ sơ > 0 / shares within 0–1".into(),
            ));
        }
        if self.carry_forward.as_ref().is_some_and(|c| c.document.trim().is_empty()) {
            return Err(ProfileError::Invalid(
                "carry_forward.document: cần nêu văn bản áp dụng / the document must be named".into(),
            ));
        }
        for v in &self.statutory_due.cutoff_time.values {
            parse_time(&v.value)?;
        }
        // The calendar is built once per check; here only what would stop it being built is checked.
        let years = crate::calendar::FIRST_YEAR..=crate::calendar::LAST_YEAR;
        if let Some(o) = self.calendar.overrides.iter().find(|o| !years.contains(&o.date.year())) {
            return Err(ProfileError::Calendar(CalendarError::OutOfRange(o.date)));
        }
        Ok(())
    }

    /// The cut-off time for receipts in force on `date`.
    pub fn cutoff_time(&self, date: NaiveDate) -> Result<NaiveTime, ProfileError> {
        parse_time(&self.statutory_due.cutoff_time.at(date).value)
    }

    /// The calendar this profile uses: official data, statutory fallback, and the profile's overrides.
    pub fn calendar(&self) -> Result<Calendar, ProfileError> {
        Calendar::with_overrides(&self.calendar.overrides).map_err(ProfileError::Calendar)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// The profile carried forward to years it does not cover, on the document named.
    pub fn carried_forward(self, document: &str) -> Profile {
        Profile { carry_forward: Some(CarryForward { document: document.trim().to_string() }), ..self }
    }
}

fn parse_time(text: &str) -> Result<NaiveTime, ProfileError> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| ProfileError::Invalid(format!("statutory_due.cutoff_time \"{text}\" (HH:MM)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_built_in_profile_loads_and_covers_its_years() {
        let p = Profile::default_profile();
        assert_eq!(p.id, "binh-dinh-2023");
        assert_eq!(p.repeat.min_late.at(ymd(2023, 6, 1)).value, 2);
        assert_eq!(p.repeat.min_late.at(ymd(2023, 6, 1)).sureness, Sureness::U);
        let c = &p.commendation;
        assert_eq!((c.min_dossiers.at(ymd(2023, 6, 1)).value, c.min_dossiers.latest().sureness), (5, Sureness::U));
        assert!(c.require_all_on_time.latest().value);
        assert!(matches!(p.with_patch("[commendation.min_dossiers]\nvalue = 0"), Err(ProfileError::Invalid(_))));
        assert_eq!(
            p.with_patch("[commendation.min_dossiers]\nvalue = 8").unwrap().commendation.min_dossiers.latest().value,
            8
        );
        assert_eq!(p.rating_cap.repeat_cap.as_ref().unwrap().at(rating_date(2023)).value, Rating::HoanThanh);
        assert!(p.seed_rule.as_ref().unwrap().citation().document.contains("4510/QĐ-UBND"));
        assert_eq!(p.lateness.granularity.at(ymd(2023, 6, 1)).value, Granularity::Day);
        assert!(p.covers(2023) && !p.covers(2024));
        for (id, _) in BUILT_IN {
            let p = Profile::built_in(id).unwrap();
            assert_eq!(p.id, id);
            assert_eq!(p.chosen_by, ChosenBy::User);
        }
        let pick = |y| Profile::for_year(y).map(|p| (p.id, p.chosen_by));
        assert_eq!(pick(2023), Ok(("binh-dinh-2023".to_string(), ChosenBy::Year)));
        for y in [2021, 2022, 2024, 2025] {
            assert_eq!(pick(y).unwrap().0, "toan-quoc", "{y}");
        }
        for y in [2026, 2027, 2040] {
            assert_eq!(pick(y).unwrap().0, "toan-quoc-2026", "{y}");
        }
        assert_eq!(pick(2019), Err(ProfileError::NoneForYear(2019)));
        assert!(Profile::built_in("toan-quoc").unwrap().seed_rule.is_none());
    }

    #[test]
    fn a_parameter_is_asked_at_a_date_and_the_law_changes_on_01_07_2025() {
        let p = Profile::built_in("toan-quoc").unwrap();
        let law = &p.lateness.law;
        assert_eq!(law.at(ymd(2025, 6, 30)).value, "nd-61-2018");
        assert_eq!(law.at(ymd(2025, 7, 1)).value, "nd-118-2025");
        assert_eq!(law.at(ymd(1990, 1, 1)).value, "nd-61-2018");
        assert!(law.at(ymd(2025, 7, 10)).citation().document.starts_with("Nghị định 118/2025/NĐ-CP ngày 09/06/2025"));
        let form = &p.apology.form;
        assert_eq!(form.at(ymd(2025, 6, 30)).source, "tt-01-2018-vpcp");
        assert_eq!(form.at(ymd(2025, 8, 1)).sureness, Sureness::U);
        assert_eq!(form.at(ymd(2025, 9, 15)).source, "tt-03-2025-vpcp");
        assert!(!p.lateness.stopped_is_closed.at(ymd(2025, 6, 30)).value);
        assert!(p.lateness.stopped_is_closed.at(ymd(2025, 7, 1)).value);
        // A date before the first value gets the first.
        let cap = Profile::default_profile().rating_cap.repeat_cap.unwrap();
        assert_eq!(cap.at(ymd(2020, 1, 1)).from, ymd(2023, 1, 1));
        // Scores from 2026 on only.
        assert!(!p.scoring.in_force.at(rating_date(2025)).value);
        assert!(p.scoring.in_force.at(rating_date(2026)).value);
    }

    #[test]
    fn a_patch_changes_one_value_from_the_start_and_keeps_the_rest() {
        let p = Profile::default_profile()
            .with_patch(
                "[repeat.min_late]\nvalue = 3\n[calendar]\noverrides = [{ date = \"2026-11-24\", kind \
                = \"day_off\", note = \"Ngày Văn hóa Việt Nam\" }]",
            )
            .unwrap();
        assert_eq!(p.repeat.min_late.values.len(), 1);
        assert_eq!(p.repeat.min_late.at(ymd(2023, 1, 1)).value, 3);
        assert!(p.repeat.min_late.at(ymd(2023, 1, 1)).note.as_deref().unwrap().contains("người dùng"));
        assert_eq!(p.repeat.min_late.at(ymd(2023, 1, 1)).source, "dh-reading");
        assert_eq!(p.calendar.overrides.len(), 1);
        assert!(!p.calendar().unwrap().is_working_day(ymd(2026, 11, 24)).unwrap());
        // A dated list replaces the base's.
        let q = Profile::default_profile()
            .with_patch(
                "[[lateness.pending_count_to.values]]\nfrom = \"1990-01-01\"\nvalue = \"next_working_day\"\nsource \
                = \"dh-reading\"\nsureness = \"U\"\nnote = \"x\"",
            )
            .unwrap();
        assert_eq!(q.lateness.pending_count_to.latest().value, PendingCountTo::NextWorkingDay);
        // Carried forward, the choice is kept.
        let c = Profile::for_year(2023).unwrap().carried_forward("KH 12/KH-UBND");
        let c = c.with_patch("[repeat.min_late]\nvalue = 4").unwrap();
        assert_eq!((c.chosen_by, c.carry_forward.unwrap().document.as_str()), (ChosenBy::Year, "KH 12/KH-UBND"));
    }

    #[test]
    fn bad_profiles_are_errors() {
        assert!(matches!(Profile::built_in("ha-noi"), Err(ProfileError::Unknown(_))));
        let p = Profile::default_profile();
        assert!(matches!(p.with_patch("[repeat.min_late]\nvalue = 0"), Err(ProfileError::Invalid(_))));
        assert!(matches!(p.with_patch("[statutory_due.cutoff_time]\nvalue = \"3pm\""), Err(ProfileError::Invalid(_))));
        assert!(matches!(Profile::from_toml("id = 1"), Err(ProfileError::Parse(_))));
        // A source that is not a known text, a reading without its reason, values out of order, a late start.
        let one = |from: &str, source: &str, note: &str| {
            format!(
                "[[repeat.min_late.values]]\nfrom = \"{from}\"\nvalue = 2\nsource = \"{source}\"\nsureness = \"U\"\n{note}"
            )
        };
        for patch in [
            one("1990-01-01", "rules-md", "note = \"x\""),
            one("1990-01-01", "dh-reading", ""),
            one("2000-01-01", "dh-reading", "note = \"x\""),
            format!(
                "{}\n{}",
                one("1990-01-01", "dh-reading", "note = \"x\""),
                one("1990-01-01", "dh-reading", "note = \"y\"")
            ),
        ] {
            assert!(matches!(p.with_patch(&patch), Err(ProfileError::Invalid(_))), "{patch}");
        }
        assert!(matches!(p.with_patch("[carry_forward]\ndocument = \" \""), Err(ProfileError::Invalid(_))));
    }

    #[test]
    fn no_parameter_cites_an_internal_file() {
        for (id, _) in BUILT_IN {
            let t = Profile::built_in(id).unwrap().to_toml();
            assert!(!t.contains(".md") && !t.contains('§'), "{id}");
        }
    }
}
