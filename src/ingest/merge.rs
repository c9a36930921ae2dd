//! Several logs into one list: a dossier exported twice identically is kept once; the same code with different
//! values is kept twice and reported as a conflict, with both sources.

use super::DossierTable;
use crate::model::{bytes_hash, Dossier, SourcePos, Text};
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
    /// What the user is told of it.
    pub fn message(&self) -> Text {
        Text::new(
            format!(
                "Mã hồ sơ {} xuất hiện hai lần với nội dung khác nhau ({}): {} và {}; giữ cả hai.",
                self.code,
                self.fields.join(", "),
                self.first,
                self.second
            ),
            format!(
                "Dossier code {} appears twice with different values ({}): {} and {}; both kept.",
                self.code,
                self.fields.join(", "),
                self.first,
                self.second
            ),
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
    // All dossiers in one list, in order (the first table's list is reused, not copied); duplicates are then
    // dropped in place.
    let mut tables = tables.into_iter();
    let mut all = tables.next().map(|t| t.dossiers).unwrap_or_default();
    for t in tables {
        all.extend(t.dossiers);
    }
    let seed = crate::model::random_seed();
    // Every dossier's (code hash, index), sorted: dossiers that may share a code end up side by side. A list read
    // in order, where a hash table of a million codes was probed at random (0.4 s in the browser, most of it
    // waiting for memory). Sorted by the hash's top 32 bits in four passes of a radix sort, which keeps the
    // logs' order among equal keys (a comparison sort of the whole pairs took three times as long); codes
    // whose hashes only share those bits are told apart below, as codes whose hashes collide are.
    let mut by_hash: Vec<(u32, u32)> = all
        .iter()
        .enumerate()
        .map(|(n, d)| ((bytes_hash(seed, d.code.trim().as_bytes()) >> 32) as u32, n as u32))
        .collect();
    radsort::sort_by_key(&mut by_hash, |&(hash, _)| hash);
    let mut keep = vec![true; all.len()];
    // What was found, by the index of the later dossier: the report lists them in the logs' order.
    let mut found: Vec<(u32, Result<Duplicate, Conflict>)> = Vec::new();
    for group in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // The group's dossiers kept so far, in order: a later one is compared with each.
        let mut kept: Vec<usize> = Vec::new();
        for &(_, n) in group {
            let (n, d) = (n as usize, &all[n as usize]);
            let code = d.code.trim();
            let mut identical_to: Option<usize> = None;
            let mut conflicting: Vec<(usize, Vec<&'static str>)> = Vec::new();
            for &i in &kept {
                let prev = &all[i];
                if prev.code.trim() != code {
                    continue; // a hash collision, not the same code
                }
                let diff = differing_fields(prev, d);
                if diff.is_empty() {
                    identical_to = Some(i);
                    break;
                }
                conflicting.push((i, diff));
            }
            if let Some(i) = identical_to {
                found.push((
                    n as u32,
                    Ok(Duplicate { code: code.to_string(), kept: all[i].source.clone(), dropped: d.source.clone() }),
                ));
                keep[n] = false;
                continue;
            }
            for (i, fields) in conflicting {
                found.push((
                    n as u32,
                    Err(Conflict {
                        code: code.to_string(),
                        first: all[i].source.clone(),
                        second: d.source.clone(),
                        fields,
                    }),
                ));
            }
            kept.push(n);
        }
    }
    drop(by_hash);
    // Stable: one dossier's conflicts stay in the order of the dossiers they conflict with.
    found.sort_by_key(|(n, _)| *n);
    let mut out = Merged::default();
    for (_, f) in found {
        match f {
            Ok(d) => out.duplicates.push(d),
            Err(c) => out.conflicts.push(c),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Many repeats of a few codes, identical or not, across two logs: the merge finds what a plain comparison of
    /// every dossier with every earlier one finds, in the same order.
    #[test]
    fn the_merge_finds_what_comparing_every_pair_finds() {
        let log = |seed: u32| {
            let mut text = String::from("Mã hồ sơ;Cơ quan thụ lý;Ngày tiếp nhận;Ngày hẹn trả\n");
            for i in 0..400u32 {
                let x = i.wrapping_mul(2_654_435_761).wrapping_add(seed) >> 7;
                let code = if x % 5 == 0 { format!(" HS-{:02} ", x % 37) } else { format!("HS-{:02}", x % 37) };
                text += &format!("{code};Phòng {};0{}/03/2024;2{}/03/2024\n", x % 2, 1 + x % 3, x % 4);
            }
            crate::ingest::read_dossiers(&format!("log{seed}.csv"), text.as_bytes(), &Default::default()).unwrap()
        };
        let tables = vec![log(1), log(2)];
        let all: Vec<Dossier> = tables.iter().flat_map(|t| t.dossiers.clone()).collect();
        let (mut duplicates, mut conflicts, mut kept) = (Vec::new(), Vec::new(), Vec::new());
        for (n, d) in all.iter().enumerate() {
            let same: Vec<usize> =
                kept.iter().copied().filter(|&i: &usize| all[i].code.trim() == d.code.trim()).collect();
            if let Some(&i) = same.iter().find(|&&i| differing_fields(&all[i], d).is_empty()) {
                duplicates.push((all[i].source.clone(), d.source.clone()));
                continue;
            }
            conflicts
                .extend(same.iter().map(|&i| (all[i].source.clone(), d.source.clone(), differing_fields(&all[i], d))));
            kept.push(n);
        }
        let m = merge_owned(tables);
        assert!(duplicates.len() > 50 && conflicts.len() > 50, "{} {}", duplicates.len(), conflicts.len());
        assert_eq!(m.duplicates.iter().map(|d| (d.kept.clone(), d.dropped.clone())).collect::<Vec<_>>(), duplicates);
        assert_eq!(
            m.conflicts.iter().map(|c| (c.first.clone(), c.second.clone(), c.fields.clone())).collect::<Vec<_>>(),
            conflicts
        );
        assert_eq!(m.dossiers.len(), kept.len());
    }

    /// Codes as logs write them hash apart, and the low bits (which pick the table's buckets) are spread.
    #[test]
    fn codes_hash_apart() {
        let codes: Vec<String> =
            (0..200_000).map(|i| format!("H08.22-{:06}-{:04}", 230_000 + i / 1000, i % 1000)).collect();
        let hashes: std::collections::HashSet<u64> = codes.iter().map(|c| bytes_hash(7, c.as_bytes())).collect();
        assert_eq!(hashes.len(), codes.len());
        let buckets: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 0xFFFF).collect();
        assert!(buckets.len() > 60_000, "{}", buckets.len()); // 65,536 × (1 − e^−3) ≈ 62,300 for a uniform spread
        assert_ne!(bytes_hash(7, b"AB"), bytes_hash(7, b"AB\0"));
        assert_ne!(bytes_hash(7, b"AB"), bytes_hash(8, b"AB"));
    }
}
