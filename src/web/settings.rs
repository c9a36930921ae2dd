//! The user's settings, kept in the browser's localStorage only: language, the rule thresholds they changed,
//! days off or working days they added, an imported profile, and the letterhead of exports.

use super::engine::ProfileChoice;
use super::Lang;
use crate::calendar::{Override, OverrideKind};
use serde::{Deserialize, Serialize};

pub const STORAGE_KEY: &str = "dunghen.settings.v1";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    /// repeat.min_late: how many late dossiers make "many times".
    pub min_late: Option<u32>,
    /// repeat.require_slow_improvement.
    pub require_slow_improvement: Option<bool>,
    /// lateness.use_extended_due: judge against the re-appointment date.
    pub use_extended_due: Option<bool>,
    /// commendation.min_dossiers and commendation.require_all_on_time: who is proposed for commendation.
    pub min_dossiers: Option<u32>,
    pub require_all_on_time: Option<bool>,
    pub overrides: Vec<Override>,
    /// An imported profile file: (file name, TOML text).
    pub custom_profile: Option<(String, String)>,
    /// Letterhead of exports: agency ("UBND HUYỆN …") and place ("Tuy Phước"). It travels in the report's
    /// provenance too: a roll-up sums by agency.
    pub agency: String,
    pub place: String,
}

impl Settings {
    /// Reads stored settings; anything unreadable gives the defaults (a stale or edited entry never breaks the page).
    pub fn from_json(text: Option<&str>) -> Settings {
        text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The TOML patch laid over the profile (`Profile::with_patch`).
    pub fn patch(&self) -> String {
        let mut out = String::new();
        if let Some(n) = self.min_late {
            out.push_str(&format!("[repeat.min_late]\nvalue = {n}\n"));
        }
        if let Some(b) = self.require_slow_improvement {
            out.push_str(&format!("[repeat.require_slow_improvement]\nvalue = {b}\n"));
        }
        if let Some(b) = self.use_extended_due {
            out.push_str(&format!("[lateness.use_extended_due]\nvalue = {b}\n"));
        }
        if let Some(n) = self.min_dossiers {
            out.push_str(&format!("[commendation.min_dossiers]\nvalue = {n}\n"));
        }
        if let Some(b) = self.require_all_on_time {
            out.push_str(&format!("[commendation.require_all_on_time]\nvalue = {b}\n"));
        }
        out
    }

    pub fn profile_choice(&self) -> ProfileChoice {
        ProfileChoice {
            custom_toml: self.custom_profile.as_ref().map(|(_, t)| t.clone()),
            patch: self.patch(),
            overrides: self.overrides.clone(),
        }
    }

    /// Who the reports are from.
    pub fn letterhead(&self) -> crate::report::provenance::Agency {
        crate::report::provenance::Agency { name: self.agency.trim().to_string(), place: self.place.trim().to_string() }
    }

    /// Whether anything differs from the built-in rules.
    pub fn changes_rules(&self) -> bool {
        !self.patch().is_empty() || !self.overrides.is_empty() || self.custom_profile.is_some()
    }
}

pub fn override_kind_label(k: OverrideKind, lang: Lang) -> &'static str {
    match k {
        OverrideKind::DayOff => lang.pick("Ngày nghỉ", "Day off"),
        OverrideKind::WorkingDay => lang.pick("Ngày làm việc", "Working day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine::build_profile;
    use chrono::NaiveDate;

    #[test]
    fn settings_survive_storage_and_reach_the_rules() {
        let s = Settings {
            lang: Lang::En,
            min_late: Some(3),
            use_extended_due: Some(true),
            min_dossiers: Some(8),
            require_all_on_time: Some(false),
            overrides: vec![Override {
                date: NaiveDate::from_ymd_opt(2023, 11, 24).unwrap(),
                kind: OverrideKind::DayOff,
                note: "Ngày Văn hóa".into(),
            }],
            ..Default::default()
        };
        let back = Settings::from_json(Some(&s.to_json()));
        assert_eq!(back, s);
        let p = build_profile(&back.profile_choice(), 2023).unwrap();
        assert_eq!(p.repeat.min_late.latest().value, 3);
        assert!(p.lateness.use_extended_due.latest().value);
        assert_eq!(p.commendation.min_dossiers.latest().value, 8);
        assert!(!p.commendation.require_all_on_time.latest().value);
        assert_eq!(p.calendar.overrides.len(), 1);
        assert!(back.changes_rules());
    }

    #[test]
    fn unreadable_storage_gives_defaults() {
        assert_eq!(Settings::from_json(Some("{not json")), Settings::default());
        assert_eq!(Settings::from_json(None).lang, Lang::Vi);
        assert_eq!(Settings::from_json(Some(r#"{"lang":"en"}"#)).lang, Lang::En);
        assert!(!Settings::default().changes_rules());
    }
}
