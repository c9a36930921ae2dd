//! The user's settings, kept in the browser's localStorage only: language, the rule thresholds they changed,
//! days off or working days they added, an imported profile, and the letterhead of exports.

use super::engine::ProfileChoice;
use super::Lang;
use crate::calendar::{Override, OverrideKind};
use crate::profile::Profile;
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
    /// lateness.pending_count_to: "last_working_day_passed" or "next_working_day".
    pub pending_count_to: Option<String>,
    /// Nghị định 335/2025 scoring (`scoring.*`): the share of a product's progress points a delay costs and the
    /// most xuất sắc as a share of tốt, in percent (25, 20); products per dossier; which dossiers are assigned in
    /// a period ("due_in_period" / "received_in_period"); what counts as one delay.
    pub delay_penalty_pct: Option<f64>,
    pub max_share_pct: Option<f64>,
    pub products_per_dossier: Option<f64>,
    pub assigned_by: Option<String>,
    pub delay_late_finish: Option<bool>,
    pub delay_extension: Option<bool>,
    pub delay_pending_overdue: Option<bool>,
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
        fn choice<'a>(v: &'a Option<String>, allowed: [&str; 2]) -> Option<&'a str> {
            v.as_deref().filter(|v| allowed.contains(v))
        }
        if let Some(v) = choice(&self.pending_count_to, ["last_working_day_passed", "next_working_day"]) {
            out.push_str(&format!("[lateness.pending_count_to]\nvalue = \"{v}\"\n"));
        }
        // Numbers written as TOML floats ("25.0" / 100), within their sensible ranges.
        let share = |pct: Option<f64>| pct.filter(|x| (0.0..=100.0).contains(x)).map(|x| x / 100.0);
        if let Some(x) = share(self.delay_penalty_pct) {
            out.push_str(&format!("[scoring.delay_penalty]\nvalue = {x:?}\n"));
        }
        if let Some(x) = share(self.max_share_pct) {
            out.push_str(&format!("[scoring.max_share_xuat_sac]\nvalue = {x:?}\n"));
        }
        if let Some(x) = self.products_per_dossier.filter(|x| *x > 0.0 && x.is_finite()) {
            out.push_str(&format!("[scoring.products_per_dossier]\nvalue = {x:?}\n"));
        }
        if let Some(v) = choice(&self.assigned_by, ["due_in_period", "received_in_period"]) {
            out.push_str(&format!("[scoring.assigned_by]\nvalue = \"{v}\"\n"));
        }
        for (key, b) in [
            ("delay_late_finish", self.delay_late_finish),
            ("delay_extension", self.delay_extension),
            ("delay_pending_overdue", self.delay_pending_overdue),
        ] {
            if let Some(b) = b {
                out.push_str(&format!("[scoring.{key}]\nvalue = {b}\n"));
            }
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
            carry_forward: None,
        }
    }

    /// The rule set whose defaults the settings show for a check of assessment year `year`: the imported one, else
    /// the built-in that covers the year (as the check picks it, [`build_profile`](super::engine::build_profile)),
    /// else the default "Bình Định 2023".
    pub fn defaults_for(&self, year: i32) -> Profile {
        self.custom_profile
            .as_ref()
            .and_then(|(_, t)| Profile::from_toml(t).ok())
            .or_else(|| Profile::for_year(year).ok())
            .unwrap_or_else(Profile::default_profile)
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
    fn the_defaults_shown_are_those_of_the_rule_set_of_the_year() {
        let s = Settings::default();
        assert_eq!(s.defaults_for(2023).id, "binh-dinh-2023");
        assert_eq!(s.defaults_for(2024).id, "toan-quoc");
        assert_eq!(s.defaults_for(2026).id, "toan-quoc-2026");
        // An imported rule set: its own defaults, whatever the year.
        let toml = crate::profile::BUILT_IN.iter().find(|(i, _)| *i == "binh-dinh-2023").map(|(_, t)| t.to_string());
        let s = Settings { custom_profile: toml.map(|t| ("bd.toml".into(), t)), ..Settings::default() };
        assert_eq!(s.defaults_for(2026).id, "binh-dinh-2023");
    }

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
    fn the_scoring_and_pending_settings_reach_the_2026_rules() {
        let s = Settings {
            pending_count_to: Some("next_working_day".into()),
            delay_penalty_pct: Some(50.0),
            max_share_pct: Some(30.0),
            products_per_dossier: Some(2.0),
            assigned_by: Some("received_in_period".into()),
            delay_extension: Some(true),
            delay_pending_overdue: Some(false),
            ..Default::default()
        };
        let back = Settings::from_json(Some(&s.to_json()));
        assert_eq!(back, s);
        let p = build_profile(&back.profile_choice(), 2026).unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(p.id, "toan-quoc-2026");
        assert_eq!(p.lateness.pending_count_to.at(on).value, crate::profile::PendingCountTo::NextWorkingDay);
        let sc = &p.scoring;
        assert_eq!((sc.delay_penalty.at(on).value, sc.max_share_xuat_sac.at(on).value), (0.5, 0.3));
        assert_eq!(sc.products_per_dossier.at(on).value, 2.0);
        assert_eq!(sc.assigned_by.at(on).value, crate::profile::AssignedBy::ReceivedInPeriod);
        assert!(sc.delay_extension.at(on).value && !sc.delay_pending_overdue.at(on).value);
        assert!(sc.delay_late_finish.at(on).value, "unchanged");
        // The user's values are cited as theirs; nonsense never reaches the rules.
        assert!(sc.delay_penalty.at(on).note.as_deref().unwrap().contains("người dùng"));
        let bad = Settings {
            delay_penalty_pct: Some(250.0),
            products_per_dossier: Some(-1.0),
            assigned_by: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(bad.patch(), "");
    }

    #[test]
    fn unreadable_storage_gives_defaults() {
        assert_eq!(Settings::from_json(Some("{not json")), Settings::default());
        assert_eq!(Settings::from_json(None).lang, Lang::Vi);
        assert_eq!(Settings::from_json(Some(r#"{"lang":"en"}"#)).lang, Lang::En);
        assert!(!Settings::default().changes_rules());
    }
}
