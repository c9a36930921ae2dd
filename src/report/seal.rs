//! The part of a report a consolidator reads (issue 21): its [`Figures`] for the period, and its provenance sealed
//! with the SHA-256 of both, so that a roll-up can tell a report whose figures were edited after the check.
//!
//! The digest is the SHA-256 of the canonical JSON of `{"figures": …, "provenance": …}` (the provenance without
//! `figures_sha256`): objects with their keys sorted, no spaces, numbers and strings as serde_json writes them. A
//! reader parses the two parts as they are in the file and hashes them the same way: a report re-indented or with
//! its keys reordered still matches, one whose figures, agency, period, rule set or files changed does not.

use super::commendation::{Candidate, Who};
use super::provenance::{PeriodRef, Provenance};
use super::tables::{ResultsRow, Tables};
use super::{AssessmentOut, Report, Summary};
use crate::model::Rating;
use crate::rules::apology::ApologyStatus;
use crate::rules::assessment::Finding;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An officer or unit a consolidator lists: late dossiers, capped, at risk or in breach of the cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentLine {
    pub kind: Who,
    /// The agency (empty in an agency's own report; set by a roll-up).
    #[serde(default)]
    pub agency: String,
    pub name: String,
    pub unit: String,
    pub year: i32,
    pub dossiers: u32,
    pub late: u32,
    pub reminded: bool,
    pub repeat: bool,
    pub disciplined: bool,
    pub max_rating: Rating,
    pub proposed_rating: Option<Rating>,
    /// ok | at_risk | violation
    pub finding: String,
}

impl AssessmentLine {
    fn of(a: &AssessmentOut, kind: Who) -> AssessmentLine {
        AssessmentLine {
            kind,
            agency: String::new(),
            name: a.name.display.clone(),
            unit: a.unit.display.clone(),
            year: a.year,
            dossiers: a.dossiers,
            late: a.late,
            reminded: a.reminded,
            repeat: a.repeat,
            disciplined: a.disciplined,
            max_rating: a.max_rating,
            proposed_rating: a.proposed_rating,
            finding: finding_code(a.finding).into(),
        }
    }

    /// Capped below "Hoàn thành xuất sắc" by a repeat or a discipline.
    pub fn capped(&self) -> bool {
        self.repeat || self.disciplined
    }
}

pub fn finding_code(f: Finding) -> &'static str {
    match f {
        Finding::Ok => "ok",
        Finding::AtRisk => "at_risk",
        Finding::Violation => "violation",
    }
}

/// What a consolidator sums and lists for one agency and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// The report's summary (every dossier checked, as the check's `summary`).
    pub summary: Summary,
    /// The period's results table (Biểu II.06a) per unit and per field of work, without the total line.
    pub results_by_unit: Vec<ResultsRow>,
    pub results_by_field: Vec<ResultsRow>,
    /// Dossiers without a receipt date, left out of the tables.
    pub undated: u32,
    /// The points of the service index's progress group (QĐ 766: 20).
    pub progress_points: f64,
    /// Late dossiers due in the period without the apology letter.
    pub late_without_apology: u32,
    /// The rule set's "many times" (repeat.min_late): the roll-up's reminder list uses it.
    pub min_late: u32,
    /// Officers and units of the period's year with late dossiers, capped, at risk or in breach.
    pub assessments: Vec<AssessmentLine>,
    /// Officers and units with no late or overdue dossier due in the period, whatever the settings (the
    /// commendation list is made of those that meet them; a roll-up applies its own).
    pub commendations: Vec<Candidate>,
    /// Every checked dossier's code, to find a dossier reported by two agencies.
    pub codes: Vec<String>,
}

/// The figures of `report` for the period of `t`.
pub fn figures(report: &Report, t: &Tables) -> Figures {
    let lines = |list: &[AssessmentOut], kind: Who| -> Vec<AssessmentLine> {
        list.iter()
            .filter(|a| a.late > 0 || a.finding != Finding::Ok || a.repeat || a.disciplined)
            .map(|a| AssessmentLine::of(a, kind))
            .collect()
    };
    let mut assessments = lines(&t.officers, Who::Officer);
    assessments.extend(lines(&t.units, Who::Unit));
    Figures {
        summary: report.summary.clone(),
        results_by_unit: t.results_by_unit.rows.clone(),
        results_by_field: t.results_by_field.rows.clone(),
        undated: t.results_by_unit.undated,
        progress_points: t.progress_points,
        late_without_apology: t
            .late
            .iter()
            .filter(|d| d.status == crate::model::Status::Late && d.apology == ApologyStatus::Missing)
            .count() as u32,
        min_late: t.min_late,
        assessments,
        commendations: t.candidates.clone(),
        codes: report.dossiers.iter().map(|d| d.code.clone()).collect(),
    }
}

/// The report's provenance for the period of `t`, sealed with the digest of it and its figures.
pub fn seal(report: &Report, t: &Tables) -> (Provenance, Figures) {
    let figures = figures(report, t);
    let mut prov = report.provenance.clone();
    prov.period = Some(PeriodRef::of(&t.period));
    prov.figures_sha256 = None;
    let prov_value = serde_json::to_value(&prov).unwrap_or_default();
    let fig_value = serde_json::to_value(&figures).unwrap_or_default();
    prov.figures_sha256 = Some(digest(&prov_value, &fig_value));
    (prov, figures)
}

/// The SHA-256 of the canonical JSON of `{"figures": figures, "provenance": provenance}`, the provenance's own
/// `figures_sha256` left out.
pub fn digest(provenance: &Value, figures: &Value) -> String {
    let mut prov = provenance.clone();
    if let Value::Object(m) = &mut prov {
        m.remove("figures_sha256");
    }
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"{\"figures\":");
    canonical(figures, &mut out);
    out.extend_from_slice(b",\"provenance\":");
    canonical(&prov, &mut out);
    out.push(b'}');
    super::provenance::sha256_hex(&out)
}

/// Whether a report's figures are as the check sealed them: `doc` holds `provenance` (with its `figures_sha256`)
/// and `figures`, as a report's JSON and its xlsx's hidden sheet do. `None` when it holds no seal (a report written
/// without the period's tables); `Some(false)`: the figures, the provenance or the seal were edited after the check.
pub fn verify(doc: &Value) -> Option<bool> {
    let provenance = doc.get("provenance")?;
    let sealed = provenance.get("figures_sha256")?.as_str()?;
    Some(digest(provenance, doc.get("figures")?) == sealed)
}

/// JSON with the keys of every object sorted, without spaces.
pub fn canonical(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let _ = serde_json::to_writer(&mut *out, k);
                out.push(b':');
                canonical(&m[k], out);
            }
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(x, out);
            }
            out.push(b']');
        }
        _ => {
            let _ = serde_json::to_writer(&mut *out, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_canonical_form_sorts_keys_and_ignores_layout() {
        let a: Value = serde_json::from_str(r#"{"b": [1, {"y": 2, "x": "é"}], "a": 66.66666666666667}"#).unwrap();
        let b: Value =
            serde_json::from_str("{\"a\":66.66666666666667,\n \"b\":[1,{\"x\":\"\\u00e9\",\"y\":2}]}").unwrap();
        let (mut x, mut y) = (Vec::new(), Vec::new());
        canonical(&a, &mut x);
        canonical(&b, &mut y);
        assert_eq!(x, y);
        assert_eq!(String::from_utf8(x).unwrap(), r#"{"a":66.66666666666667,"b":[1,{"x":"é","y":2}]}"#);
        let p = json!({"agency": "A", "figures_sha256": "x"});
        assert_eq!(digest(&p, &json!({"n": 1})), digest(&json!({"agency": "A"}), &json!({"n": 1})));
        assert_ne!(digest(&p, &json!({"n": 1})), digest(&p, &json!({"n": 2})));
    }
}
