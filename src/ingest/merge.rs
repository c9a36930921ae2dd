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

/// Merges the dossiers of several tables, taking them (no copies: a province's year is a million dossiers).
/// The same rule as [`merge`].
pub fn merge_owned(tables: Vec<DossierTable>) -> Merged {
    use std::hash::BuildHasher;
    // All dossiers in one list, in order (the first table's list is reused, not copied); duplicates are then
    // dropped in place.
    let mut tables = tables.into_iter();
    let mut all = tables.next().map(|t| t.dossiers).unwrap_or_default();
    for t in tables {
        all.extend(t.dossiers);
    }
    let hasher = foldhash::fast::RandomState::default();
    let mut out = Merged::default();
    let mut keep = vec![true; all.len()];
    // Code hash → index of the first kept dossier with that hash; `more` holds the others (duplicates, collisions).
    let mut first: foldhash::HashMap<u64, u32> = foldhash::HashMap::with_capacity_and_hasher(all.len(), Default::default());
    let mut more: foldhash::HashMap<u64, Vec<u32>> = Default::default();
    for (n, d) in all.iter().enumerate() {
        let code = d.code.trim();
        let hash = hasher.hash_one(code);
        let Some(&head) = first.get(&hash) else {
            first.insert(hash, n as u32);
            continue;
        };
        let mut identical_to: Option<usize> = None;
        let mut conflicting: Vec<(usize, Vec<&'static str>)> = Vec::new();
        for i in std::iter::once(head).chain(more.get(&hash).into_iter().flatten().copied()) {
            let prev = &all[i as usize];
            if prev.code.trim() != code {
                continue; // a hash collision, not the same code
            }
            let diff = differing_fields(prev, d);
            if diff.is_empty() {
                identical_to = Some(i as usize);
                break;
            }
            conflicting.push((i as usize, diff));
        }
        if let Some(i) = identical_to {
            out.duplicates.push(Duplicate { code: code.to_string(), kept: all[i].source.clone(), dropped: d.source.clone() });
            keep[n] = false;
            continue;
        }
        for (i, fields) in conflicting {
            out.conflicts.push(Conflict { code: code.to_string(), first: all[i].source.clone(), second: d.source.clone(), fields });
        }
        more.entry(hash).or_default().push(n as u32);
    }
    if !out.duplicates.is_empty() {
        let mut flags = keep.into_iter();
        all.retain(|_| flags.next().unwrap_or(true));
    }
    out.dossiers = all;
    out
}

/// Merges the dossiers of several tables (the same rule applies to a code repeated inside one table), leaving the
/// tables as they are.
pub fn merge(tables: &[DossierTable]) -> Merged {
    merge_owned(tables.to_vec())
}
