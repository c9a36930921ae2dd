//! Several logs into one list: a dossier exported twice identically is kept once; the same code with different
//! values is kept twice and reported as a conflict, with both sources.

use super::DossierTable;
use crate::model::{Dossier, SourcePos};
use serde::Serialize;

/// The same dossier found twice with identical values: `kept` stays in the list, `dropped` was left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub code: String,
    pub kept: SourcePos,
    pub dropped: SourcePos,
}

/// The same code twice with different values: both dossiers are kept; `fields` names what differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub code: String,
    pub first: SourcePos,
    pub second: SourcePos,
    pub fields: Vec<&'static str>,
}

impl Conflict {
    pub fn message_vi(&self) -> String {
        format!(
            "Mã hồ sơ {} xuất hiện hai lần với nội dung khác nhau ({}): {} và {}; giữ cả hai.",
            self.code,
            self.fields.join(", "),
            self.first,
            self.second
        )
    }

    pub fn message_en(&self) -> String {
        format!(
            "Dossier code {} appears twice with different values ({}): {} and {}; both kept.",
            self.code,
            self.fields.join(", "),
            self.first,
            self.second
        )
    }
}

/// The merged list of several tables, in input order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Merged {
    #[serde(skip)]
    pub dossiers: Vec<Dossier>,
    pub duplicates: Vec<Duplicate>,
    pub conflicts: Vec<Conflict>,
}

/// Field names whose values differ between two dossiers (the source is not compared).
pub fn differing_fields(a: &Dossier, b: &Dossier) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, same: bool| {
        if !same {
            out.push(name);
        }
    };
    check("code", a.code == b.code);
    check("procedure", a.procedure == b.procedure);
    check("field", a.field == b.field);
    check("unit", a.unit.key == b.unit.key);
    check("officer", a.officer.key == b.officer.key);
    check("received", a.received == b.received);
    check("due", a.due == b.due);
    check("extended_due", a.extended_due == b.extended_due);
    check("finished", a.finished == b.finished);
    check("returned", a.returned == b.returned);
    check("status", a.status_text == b.status_text);
    check("channel", a.channel == b.channel);
    check("statutory_days", a.statutory_days == b.statutory_days);
    check("apology", a.apology == b.apology);
    out
}

/// Merges the dossiers of several tables (the same rule applies to a code repeated inside one table).
pub fn merge(tables: &[DossierTable]) -> Merged {
    let mut out = Merged::default();
    let mut by_code: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for d in tables.iter().flat_map(|t| t.dossiers.iter()) {
        let key = d.code.trim().to_string();
        let earlier = by_code.get(&key).cloned().unwrap_or_default();
        let mut identical_to: Option<usize> = None;
        let mut conflicting: Vec<(usize, Vec<&'static str>)> = Vec::new();
        for i in earlier {
            if let Some(prev) = out.dossiers.get(i) {
                let diff = differing_fields(prev, d);
                if diff.is_empty() {
                    identical_to = Some(i);
                    break;
                }
                conflicting.push((i, diff));
            }
        }
        if let Some(i) = identical_to {
            if let Some(prev) = out.dossiers.get(i) {
                out.duplicates.push(Duplicate { code: key, kept: prev.source.clone(), dropped: d.source.clone() });
            }
            continue;
        }
        for (i, fields) in conflicting {
            if let Some(prev) = out.dossiers.get(i) {
                out.conflicts.push(Conflict {
                    code: key.clone(),
                    first: prev.source.clone(),
                    second: d.source.clone(),
                    fields,
                });
            }
        }
        by_code.entry(key).or_default().push(out.dossiers.len());
        out.dossiers.push(d.clone());
    }
    out
}
