//! Embedding (issue 6), as plain Rust: the attributes of the `<dung-hen>` element (`www/dunghen-embed.js`), the
//! options of the JS API `DungHen.check`, and what the `dunghen-checked` event tells the host page. The wasm32
//! side is `app::mount_into` (the Yew app inside the element's shadow root); the JS API's `report` request is
//! answered by `session` (the contract). The tests below run natively.

use super::engine::{CheckParams, ProfileChoice, ReadChoice};
use super::settings::Settings;
use super::view::ViewReport;
use super::{format, Lang};
use crate::ingest::SideSheets;
use crate::model::Text;
use crate::profile::BUILT_IN;
use crate::report::provenance::Agency;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The element keeps its settings apart from the full app's (`dunghen.settings.v1`): an intranet portal and the
/// app may share an origin, and the element's attributes decide its language and rule set.
pub const EMBED_STORAGE_KEY: &str = "dunghen.embed.settings.v1";

/// The element's attributes as the loader hands them over (an absent attribute is None).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct EmbedOptions {
    /// `lang`: "vi" (default) or "en".
    pub lang: Option<String>,
    /// `profile`: the id of a built-in rule set ("binh-dinh-2023", the default).
    pub profile: Option<String>,
    /// `as-of`: the evaluation date, 2023-12-31 or 31/12/2023 (default: today on the user's computer).
    pub as_of: Option<String>,
    /// `agency` and `place`: the letterhead of exports ("UBND huyện Tuy Phước", "Tuy Phước").
    pub agency: Option<String>,
    pub place: Option<String>,
}

/// The attributes, checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embed {
    pub lang: Option<Lang>,
    pub profile: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub agency: Option<String>,
    pub place: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The lang attribute: "vi" or "en" (also "vi-VN", "en-GB").
pub fn parse_lang(v: &str) -> Option<Lang> {
    match v.trim().to_ascii_lowercase().split(['-', '_']).next() {
        Some("vi") => Some(Lang::Vi),
        Some("en") => Some(Lang::En),
        _ => None,
    }
}

/// A built-in profile id, or a sentence naming the ones there are.
pub fn built_in_profile(id: &str) -> Result<&'static str, Text> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|(i, _)| *i).ok_or_else(|| {
        let known = BUILT_IN.iter().map(|(i, _)| *i).collect::<Vec<_>>().join(", ");
        Text {
            vi: format!("Không có bộ quy tắc \"{id}\" (có: {known})."),
            en: format!("There is no rule set \"{id}\" (there is: {known})."),
        }
    })
}

fn bad_date(what: &str, v: &str) -> Text {
    Text {
        vi: format!("{what} \"{v}\" không phải một ngày (viết 2023-12-31 hoặc 31/12/2023)."),
        en: format!("{what} \"{v}\" is not a date (write 2023-12-31 or 31/12/2023)."),
    }
}

impl EmbedOptions {
    pub fn resolve(&self) -> Result<Embed, Text> {
        let lang = match given(&self.lang) {
            None => None,
            Some(v) => Some(parse_lang(v).ok_or_else(|| Text {
                vi: format!("lang=\"{v}\": chỉ có \"vi\" hoặc \"en\"."),
                en: format!("lang=\"{v}\": only \"vi\" or \"en\"."),
            })?),
        };
        let profile = given(&self.profile).map(built_in_profile).transpose()?.map(str::to_string);
        let as_of = match given(&self.as_of) {
            None => None,
            Some(v) => Some(format::parse_date(v).ok_or_else(|| bad_date("as-of", v))?),
        };
        Ok(Embed {
            lang,
            profile,
            as_of,
            agency: given(&self.agency).map(str::to_string),
            place: given(&self.place).map(str::to_string),
        })
    }
}

impl Embed {
    /// The element's settings: the stored ones with the attributes laid over. A built-in profile named by the
    /// page replaces a profile file imported earlier.
    pub fn settings(&self, stored: Settings) -> Settings {
        let mut s = stored;
        if let Some(l) = self.lang {
            s.lang = l;
        }
        if self.profile.is_some() {
            s.custom_profile = None;
        }
        if let Some(a) = &self.agency {
            s.agency = a.clone();
        }
        if let Some(p) = &self.place {
            s.place = p.clone();
        }
        s
    }
}

/// The options of `DungHen.check(files, options)`, as `www/dunghen-embed.js` passes them on (camelCase).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ApiOptions {
    /// A built-in profile id, or the text of a profile file (TOML).
    pub profile: Option<String>,
    /// 2023-12-31 or 31/12/2023; the loader fills in today when the page gives none.
    pub as_of: Option<String>,
    /// The assessment year (default: the as-of year).
    pub year: Option<i32>,
    /// The sheet to read in every dossier file (default: the one holding the dossier table).
    pub sheet: Option<String>,
    /// The sheets of the reminder, ratings and renames lists (default: the one whose header fits best).
    pub reminded_sheet: Option<String>,
    pub ratings_sheet: Option<String>,
    pub renames_sheet: Option<String>,
    /// Dates are written month-first (mm/dd/yyyy): never assumed, only when the page says so.
    pub month_first: bool,
    /// Every dossier's explanation in the report (about 4 KB a dossier; `--explain` on the CLI). Officers and units
    /// always carry theirs.
    pub explain: bool,
    /// The document the agency relies on to apply the rule set to a year it does not cover (`--carry-forward` on
    /// the CLI): without it such a check is refused with a sentence saying so.
    pub carry_forward: Option<String>,
    /// Who the report is from ("UBND huyện …") and the place: they travel in the report's provenance.
    pub agency: Option<String>,
    pub place: Option<String>,
}

/// A profile option: a built-in id, or a profile file's text.
pub fn profile_choice(profile: Option<&str>) -> Result<ProfileChoice, Text> {
    let Some(p) = profile.map(str::trim).filter(|p| !p.is_empty()) else { return Ok(ProfileChoice::default()) };
    if p.contains('\n') || p.contains('=') {
        return Ok(ProfileChoice { custom_toml: Some(p.to_string()), ..Default::default() });
    }
    // A built-in named by the host page is used as named, whatever the year (as `--profile` in the CLI).
    let id = built_in_profile(p)?;
    let custom_toml = BUILT_IN.iter().find(|(i, _)| *i == id).map(|(_, t)| t.to_string());
    Ok(ProfileChoice { custom_toml, ..Default::default() })
}

impl ApiOptions {
    pub fn params(&self) -> Result<CheckParams, Text> {
        let as_of = given(&self.as_of).ok_or_else(|| Text {
            vi: "Thiếu ngày tính (asOf).".into(),
            en: "The as-of date (asOf) is missing.".into(),
        })?;
        let as_of = format::parse_date(as_of).ok_or_else(|| bad_date("asOf", as_of))?;
        Ok(CheckParams {
            as_of,
            assessment_year: self.year,
            read: ReadChoice {
                sheet: given(&self.sheet).map(str::to_string),
                mapping: Vec::new(),
                month_first: self.month_first,
                side_sheets: SideSheets {
                    reminded: given(&self.reminded_sheet).map(str::to_string),
                    ratings: given(&self.ratings_sheet).map(str::to_string),
                    renames: given(&self.renames_sheet).map(str::to_string),
                },
            },
            profile: ProfileChoice {
                carry_forward: given(&self.carry_forward).map(str::to_string),
                ..profile_choice(self.profile.as_deref())?
            },
            agency: Agency {
                name: given(&self.agency).unwrap_or_default().to_string(),
                place: given(&self.place).unwrap_or_default().to_string(),
            },
        })
    }
}

/// The `detail` of the `dunghen-checked` event the element sends when a check finishes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedDetail {
    pub dossiers: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
    pub rejected_rows: u32,
    pub on_time_rate: Option<f64>,
    pub violations: u32,
    pub at_risk: u32,
    pub profile: String,
    pub as_of: String,
    pub assessment_year: i32,
    pub files: Vec<String>,
}

pub fn checked_detail(r: &ViewReport) -> CheckedDetail {
    let s = &r.summary;
    CheckedDetail {
        dossiers: s.dossiers,
        early: s.early,
        on_time: s.on_time,
        late: s.late,
        pending_within: s.pending_within,
        pending_overdue: s.pending_overdue,
        rejected_rows: s.rejected_rows,
        on_time_rate: s.on_time_rate,
        violations: s.violations,
        at_risk: s.at_risk,
        profile: r.profile_id.clone(),
        as_of: r.as_of.clone(),
        assessment_year: r.assessment_year,
        files: r.inputs.iter().map(|i| i.file.clone()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::engine;

    fn opts(json: &str) -> EmbedOptions {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn attributes_are_checked_and_laid_over_the_stored_settings() {
        let e =
            opts(r#"{"lang":"en","profile":"binh-dinh-2023","as_of":"2023-12-31","agency":"UBND huyện Tuy Phước"}"#)
                .resolve()
                .unwrap();
        assert_eq!(e.lang, Some(Lang::En));
        assert_eq!(e.as_of, NaiveDate::from_ymd_opt(2023, 12, 31));
        let stored = Settings {
            custom_profile: Some(("x.toml".into(), "…".into())),
            place: "Quy Nhơn".into(),
            ..Default::default()
        };
        let s = e.settings(stored);
        assert_eq!(
            (s.lang, s.custom_profile, s.agency.as_str(), s.place.as_str()),
            (Lang::En, None, "UBND huyện Tuy Phước", "Quy Nhơn")
        );
        assert_eq!(
            opts(r#"{"as_of":"31/12/2023","lang":""}"#).resolve().unwrap().as_of,
            NaiveDate::from_ymd_opt(2023, 12, 31)
        );
        assert_eq!(opts("{}").resolve().unwrap(), Embed::default());
    }

    #[test]
    fn bad_attributes_get_a_sentence() {
        assert!(opts(r#"{"lang":"fr"}"#).resolve().unwrap_err().en.contains("only \"vi\" or \"en\""));
        let e = opts(r#"{"profile":"ha-noi-2030"}"#).resolve().unwrap_err();
        assert!(e.vi.contains("ha-noi-2030") && e.en.contains("binh-dinh-2023"), "{e:?}");
        assert!(opts(r#"{"as_of":"12/31/2023"}"#).resolve().unwrap_err().en.contains("not a date"));
    }

    #[test]
    fn api_options_become_check_params() {
        let o: ApiOptions =
            serde_json::from_str(r#"{"profile":"binh-dinh-2023","asOf":"2023-12-31","monthFirst":true}"#).unwrap();
        let p = o.params().unwrap();
        assert_eq!(p.as_of, NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
        assert!(p.read.month_first);
        // A built-in named by the page is kept as named (not replaced by the year's choice).
        assert!(p.profile.custom_toml.as_deref().is_some_and(|t| t.contains("Bình Định")), "{:?}", p.profile);
        assert_eq!(profile_choice(None).unwrap(), ProfileChoice::default());
        assert!(ApiOptions::default().params().unwrap_err().en.contains("asOf"));
        let toml = profile_choice(Some("id = \"x\"\n")).unwrap();
        assert!(toml.custom_toml.is_some());
        assert!(profile_choice(Some("nowhere")).is_err());
    }

    #[test]
    fn carry_forward_lets_a_rule_set_apply_to_another_year_and_is_named() {
        // Bình Định 2023 named for 2024: refused with a sentence; with carryForward, checked and the document kept.
        let o: ApiOptions =
            serde_json::from_str(r#"{"profile":"binh-dinh-2023","asOf":"2024-12-31","year":2024}"#).unwrap();
        let e = engine::check(&engine::sample_files(), &o.params().unwrap()).unwrap_err();
        assert!(e.vi.contains("không áp dụng cho năm 2024") && e.en.contains("carry"), "{e:?}");
        let o: ApiOptions = serde_json::from_str(
            r#"{"profile":"binh-dinh-2023","asOf":"2024-12-31","year":2024,"carryForward":"KH 15/KH-UBND"}"#,
        )
        .unwrap();
        let r = engine::check(&engine::sample_files(), &o.params().unwrap()).unwrap();
        assert_eq!((r.assessment_year, r.profile.carried_forward.as_deref()), (2024, Some("KH 15/KH-UBND")));
        assert!(engine::view(&r).profile_about.vi.contains("áp dụng tiếp cho năm 2024 theo KH 15/KH-UBND"));
    }

    #[test]
    fn the_event_detail_is_the_summary() {
        let p = ApiOptions { as_of: Some("2023-12-31".into()), ..Default::default() }.params().unwrap();
        let v = engine::view(&engine::check(&engine::sample_files(), &p).unwrap());
        let d = checked_detail(&v);
        assert_eq!((d.dossiers, d.early, d.on_time, d.late, d.pending_overdue), (25, 7, 9, 8, 1));
        assert_eq!((d.violations, d.at_risk), (4, 1));
        assert_eq!((d.profile.as_str(), d.as_of.as_str()), ("binh-dinh-2023", "2023-12-31"));
    }
}
