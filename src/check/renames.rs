//! Units renamed between last year's reminder list and this year's log. From 01/07/2025 provinces were merged
//! (Bình Định into Gia Lai) and districts abolished [V2], so "Phòng Tư pháp huyện Tuy Phước" on the 2025 reminder
//! list may be "Phòng Tư pháp xã Tuy Phước" in the 2026 log, and the reminded officer is not matched.
//!
//! With a mapping list (old name → new name, effective date: [`crate::ingest::read_renames`]), [`apply`] renames
//! the units of the reminders and proposals when the new name was in force by the start of the assessment year,
//! and says what each line matched; a line that matched nothing, is not yet in force or maps one old name to two
//! new ones is reported, never dropped silently. Names are matched as a clerk reads them: after NFC, without
//! case, spacing or diacritics ("Phong Tu phap" is "Phòng Tư pháp"), and shown as written. Renames are chained: a
//! line "A → B" and a line "B → C", both in force, give A's reminders C; lines whose names go round in a circle
//! ("A → B", "B → A") are reported and none of them is applied, so a chain never loops.
//!
//! Without a mapping list, the check warns when a reminded unit is not in the logs but a similarly named one is.
//! "Similar" is kept conservative: the same name once the words of an administrative level ("tỉnh", "thành
//! phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn") are dropped, compared without case or
//! diacritics; a name that only shares a place ("Tuy Phước") is not similar.

use crate::model::{fmt_date, fold_key, Name, Proposal, Reminder, Rename, Text};
use crate::report::{RenameOut, RenameStatus, Source};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Renames the units of `reminders` and `proposals` by the list's lines in force on `start` (the first day of
/// the assessment year): a line applies when it has no date or its date is on or before `start`. A unit renamed by
/// one line and again by another ends with the last name; when that name is a unit of the logs (`log_units`)
/// written otherwise ("Phong Tu phap" in the list, "Phòng Tư pháp" in the log), it takes the log's writing, so
/// the renamed reminder meets the log's dossiers. Returns every line with what it did, in the list's order.
pub fn apply(
    renames: &[Rename],
    start: NaiveDate,
    reminders: &mut [Reminder],
    proposals: &mut [Proposal],
    log_units: &[Name],
) -> Vec<RenameOut> {
    let keys: Vec<(String, String)> =
        renames.iter().map(|r| (fold_key(&r.old.display), fold_key(&r.new.display))).collect();
    let in_force = |r: &Rename| r.from.is_none_or(|d| d <= start);
    // The new names each old name has among the lines in force.
    let mut targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (r, (old, new)) in renames.iter().zip(&keys) {
        if in_force(r) && !old.is_empty() {
            targets.entry(old.as_str()).or_default().insert(new.as_str());
        }
    }
    let ambiguous = |old: &str| targets.get(old).is_some_and(|t| t.len() > 1);
    // The line that renames each old name (the first, when a line is repeated), before cycles are taken out.
    let mut next: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (r, (old, _))) in renames.iter().zip(&keys).enumerate() {
        if in_force(r) && !old.is_empty() && !ambiguous(old) {
            next.entry(old.as_str()).or_insert(i);
        }
    }
    // A line is on a cycle when following the names from its new one comes back to it (a line renaming a name to
    // itself, written otherwise, is not a cycle: it is applied and not followed). At most one step per line. Each
    // line of a cycle keeps the lines of its circle, in the list's order.
    let mut cycle: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in next.values() {
        let (mut at, mut circle) = (i, vec![i]);
        for _ in 0..next.len() {
            let (old, new) = &keys[at];
            match next.get(new.as_str()) {
                Some(&j) if old != new && j != i => {
                    at = j;
                    circle.push(j);
                }
                Some(&j) if old != new && j == i => {
                    circle.sort_unstable();
                    cycle.insert(i, circle);
                    break;
                }
                _ => break,
            }
        }
    }
    next.retain(|_, i| !cycle.contains_key(i));
    let log: BTreeMap<String, &Name> = log_units.iter().map(|u| (fold_key(&u.display), u)).collect();
    // Follows a unit's name through the lines: the lines used, in order, and the name it ends with.
    let follow = |unit: &Name| -> Option<(Vec<usize>, Name)> {
        let mut key = fold_key(&unit.display);
        let mut used: Vec<usize> = Vec::new();
        while let Some(&i) = next.get(key.as_str()) {
            if used.contains(&i) {
                break;
            }
            used.push(i);
            if keys[i].0 == keys[i].1 {
                break;
            }
            key.clone_from(&keys[i].1);
        }
        let last = &renames[*used.last()?].new;
        Some((used, log.get(&key).map_or_else(|| last.clone(), |u| (*u).clone())))
    };
    let mut counts = vec![(0u32, 0u32); renames.len()];
    // The name each first line of a chain gives in the end, when the chain goes on (for its sentence).
    let mut ends: Vec<Option<(String, Vec<usize>)>> = vec![None; renames.len()];
    for unit in
        reminders.iter_mut().map(|m| (&mut m.unit, true)).chain(proposals.iter_mut().map(|p| (&mut p.unit, false)))
    {
        let (unit, reminder) = unit;
        if unit.is_empty() {
            continue;
        }
        let Some((used, name)) = follow(unit) else { continue };
        for &i in &used {
            let c = &mut counts[i];
            if reminder {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
        if used.len() > 1 {
            ends[used[0]] = Some((name.display.clone(), used[1..].to_vec()));
        }
        *unit = name;
    }
    let mut out = Vec::with_capacity(renames.len());
    for (i, r) in renames.iter().enumerate() {
        let from_vi = r.from.map(|d| format!(" từ {}", fmt_date(d))).unwrap_or_default();
        let from_en = r.from.map(|d| format!(" from {}", fmt_date(d))).unwrap_or_default();
        let line = format!("{} → {}", r.old.display, r.new.display);
        let row_vi = format!("dòng {} của tệp {}", r.source.row, r.source.file);
        let row_en = format!("row {} of {}", r.source.row, r.source.file);
        let (nr, np) = counts[i];
        let status = if !in_force(r) {
            RenameStatus::NotInForce
        } else if ambiguous(&keys[i].0) {
            RenameStatus::Ambiguous
        } else if cycle.contains_key(&i) {
            RenameStatus::Cycle
        } else if nr + np > 0 {
            RenameStatus::Applied
        } else {
            RenameStatus::Unmatched
        };
        let rows = |lines: &[usize], word: &str| {
            lines.iter().map(|j| format!("{word} {}", renames[*j].source.row)).collect::<Vec<_>>().join(", ")
        };
        let outcome = match status {
            RenameStatus::Applied => {
                let (then_vi, then_en) = match &ends[i] {
                    Some((end, via)) => (
                        format!("; tên mới lại được đổi tiếp ({}), nay là \"{end}\"", rows(via, "dòng")),
                        format!("; the new name was renamed again ({}), now \"{end}\"", rows(via, "row")),
                    ),
                    None => Default::default(),
                };
                Text::new(
                    format!("áp dụng cho {nr} dòng nhắc nhở và {np} dòng đề xuất xếp loại{then_vi}."),
                    format!("applied to {nr} reminder and {np} proposed rating lines{then_en}."),
                )
            }
            RenameStatus::Unmatched => Text::new(
                format!("không dòng nhắc nhở hay đề xuất xếp loại nào mang tên cũ \"{}\".", r.old.display),
                format!("no reminder or proposed rating names \"{}\".", r.old.display),
            ),
            RenameStatus::NotInForce => Text::new(
                "chưa có hiệu lực khi bắt đầu năm đánh giá, không áp dụng.",
                "not in force at the start of the assessment year, not applied.",
            ),
            RenameStatus::Ambiguous => Text::new(
                format!(
                    "tên cũ \"{}\" được đổi thành nhiều tên mới trong danh sách, không áp dụng dòng nào; sửa danh \
                    sách cho còn một tên mới.",
                    r.old.display
                ),
                format!(
                    "the old name \"{}\" has several new names in the list, none is applied; correct the list to \
                    one new name.",
                    r.old.display
                ),
            ),
            RenameStatus::Cycle => {
                let circle = cycle.get(&i).map_or(&[][..], Vec::as_slice);
                Text::new(
                    format!(
                        "các tên đổi vòng quanh ({}: tên mới lại đổi về tên cũ), không áp dụng dòng nào của vòng; \
                        sửa danh sách.",
                        rows(circle, "dòng")
                    ),
                    format!(
                        "the names go round in a circle ({}: a new name is renamed back to an old one), no line of \
                        the circle is applied; correct the list.",
                        rows(circle, "rows")
                    ),
                )
            }
        };
        out.push(RenameOut {
            old: r.old.display.clone(),
            new: r.new.display.clone(),
            from: r.from,
            source: Source::from(&r.source),
            status,
            reminders: nr,
            proposals: np,
            message: format!("{line}{from_vi} ({row_vi}): {}", outcome.vi),
            message_en: format!("{line}{from_en} ({row_en}): {}", outcome.en),
            outcome,
        });
    }
    out
}

/// Level words, longest first so that "thi xa" goes before "xa".
const LEVELS: [&str; 8] = ["thanh pho", "thi tran", "thi xa", "tinh", "huyen", "quan", "phuong", "xa"];

/// The unit's name without its level words, folded: "Phòng Tư pháp huyện Tuy Phước" → "phong tu phap tuy phuoc".
fn core(name: &str) -> String {
    let mut words: Vec<String> = fold_key(name).split_whitespace().map(str::to_string).collect();
    for level in LEVELS {
        let l: Vec<&str> = level.split(' ').collect();
        let mut i = 0;
        while i + l.len() <= words.len() {
            if words[i..i + l.len()].iter().zip(&l).all(|(w, x)| w == x) {
                words.drain(i..i + l.len());
            } else {
                i += 1;
            }
        }
    }
    words.join(" ")
}

/// Whether two unit names that the check tells apart (after NFC, case and spacing) differ only by their
/// administrative level words, diacritics ("Phong Tu phap" and "Phòng Tư pháp") or punctuation.
pub fn similar(a: &str, b: &str) -> bool {
    let (ca, cb) = (core(a), core(b));
    !ca.is_empty() && ca == cb && Name::new(a).key != Name::new(b).key
}

/// A warning for each reminded unit that the logs do not have while they have a similarly named one.
pub fn unmatched_units<'a>(reminders: &[Reminder], log_units: impl Iterator<Item = &'a Name>) -> Vec<Text> {
    // Keyed as the check matches units (NFC, case, spacing): a reminded unit written without its diacritics is not
    // matched, so it is warned about.
    let mut units: BTreeMap<&str, &Name> = BTreeMap::new();
    for u in log_units {
        units.entry(u.key.as_str()).or_insert(u);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for r in reminders {
        let k = r.unit.key.as_str();
        if r.unit.is_empty() || units.contains_key(k) || !seen.insert(k) {
            continue;
        }
        let like: Vec<&str> =
            units.values().filter(|u| similar(&r.unit.display, &u.display)).map(|u| u.display.as_str()).collect();
        if like.is_empty() {
            continue;
        }
        let like = like.join("\", \"");
        out.push(Text::new(
            format!(
                "Đơn vị \"{}\" trong danh sách nhắc nhở không có trong sổ hồ sơ, nhưng có đơn vị tên tương tự \"{like}\" \
                (có thể đã đổi tên khi sắp xếp đơn vị hành chính): người được nhắc nhở của đơn vị này chưa được đối \
                chiếu. Sửa tên trong danh sách nhắc nhở, hoặc nạp danh sách đơn vị đổi tên (--renames), nếu là cùng \
                một đơn vị.",
                r.unit.display
            ),
            format!(
                "The unit \"{}\" of the reminder list is not in the logs, but \"{like}\" is (perhaps renamed when \
                administrative units were merged): its reminded people are not matched. Correct the name in the \
                reminder list, or give the list of renamed units (--renames), if it is the same unit.",
                r.unit.display
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rating, SourcePos};

    fn rename(old: &str, new: &str, from: Option<(i32, u32, u32)>, row: u32) -> Rename {
        Rename {
            old: Name::new(old),
            new: Name::new(new),
            from: from.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            source: SourcePos { file: "doi_ten.csv".into(), sheet: "".into(), row, column: None },
        }
    }

    fn reminder(name: &str, unit: &str) -> Reminder {
        Reminder {
            name: Name::new(name),
            unit: Name::new(unit),
            year: 2025,
            date: None,
            document: None,
            source: SourcePos::default(),
        }
    }

    #[test]
    fn renames_in_force_apply_and_every_line_is_reported() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let list = [
            rename("Phòng Tư pháp huyện Tuy Phước", "Phòng Văn hóa - Xã hội xã Tuy Phước", Some((2025, 7, 1)), 2),
            rename("Văn phòng UBND huyện", "Văn phòng HĐND và UBND xã", None, 3),
            rename("Phòng Kinh tế", "Phòng Kinh tế xã A", Some((2025, 7, 1)), 4),
            rename("Phòng Kinh tế", "Phòng Kinh tế xã B", Some((2025, 7, 1)), 5),
            rename("Kho bạc huyện", "Kho bạc khu vực", Some((2026, 3, 1)), 6),
            rename("Phòng Y tế", "Phòng Văn hóa - Xã hội", None, 7),
        ];
        let mut reminders = vec![
            reminder("Võ Minh Tuấn", "PHÒNG TƯ PHÁP  huyện Tuy Phước"),
            reminder("", "Phòng Tư pháp huyện Tuy Phước"),
            reminder("Lê Văn Hải", "Phòng Kinh tế"),
            reminder("Trần Thị Hoa", "Kho bạc huyện"),
        ];
        let mut proposals = vec![Proposal {
            name: Name::new("Nguyễn Văn An"),
            unit: Name::new("Văn phòng UBND huyện"),
            level: Rating::XuatSac,
            disciplined: false,
            points: None,
            source: SourcePos::default(),
        }];
        let out = apply(&list, start, &mut reminders, &mut proposals, &[]);
        let status: Vec<_> = out.iter().map(|o| (o.status.clone(), o.reminders, o.proposals)).collect();
        assert_eq!(
            status,
            [
                (RenameStatus::Applied, 2, 0),
                (RenameStatus::Applied, 0, 1),
                (RenameStatus::Ambiguous, 0, 0),
                (RenameStatus::Ambiguous, 0, 0),
                (RenameStatus::NotInForce, 0, 0),
                (RenameStatus::Unmatched, 0, 0),
            ]
        );
        assert_eq!(reminders[0].unit.display, "Phòng Văn hóa - Xã hội xã Tuy Phước");
        assert_eq!(reminders[1].unit.display, "Phòng Văn hóa - Xã hội xã Tuy Phước");
        assert_eq!(reminders[2].unit.display, "Phòng Kinh tế", "ambiguous: left as it was");
        assert_eq!(reminders[3].unit.display, "Kho bạc huyện", "renamed after the year began");
        assert_eq!(proposals[0].unit.display, "Văn phòng HĐND và UBND xã");
        assert_eq!(
            out[0].message,
            "Phòng Tư pháp huyện Tuy Phước → Phòng Văn hóa - Xã hội xã Tuy Phước từ 01/07/2025 (dòng 2 của tệp \
            doi_ten.csv): áp dụng cho 2 dòng nhắc nhở và 0 dòng đề xuất xếp loại."
        );
        // On the first day of the year a rename of that day is in force.
        let mut r = vec![reminder("", "Kho bạc huyện")];
        let out = apply(&list[4..5], NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), &mut r, &mut [], &[]);
        assert_eq!(out[0].status, RenameStatus::Applied);
    }

    #[test]
    fn similar_is_the_same_name_but_for_level_words() {
        assert!(similar("Phòng Tư pháp huyện Tuy Phước", "Phòng Tư pháp xã Tuy Phước"));
        assert!(similar("UBND thị xã An Nhơn", "UBND phường An Nhơn"));
        assert!(similar("Sở Tư pháp tỉnh Bình Định", "So Tu phap Binh Dinh"));
        // Not the same name, or only a place in common: not similar.
        assert!(!similar("Phòng Tư pháp huyện Tuy Phước", "Tuy Phước"));
        assert!(!similar("Phòng Tư pháp huyện Tuy Phước", "Phòng Tài chính xã Tuy Phước"));
        assert!(!similar("Phòng Tư pháp", "PHÒNG  TƯ PHÁP"), "the check matches these");
        // Only the diacritics differ: the check would not match them, so they are similar.
        assert!(similar("Phòng Tư pháp", "phong tu phap"));
        assert!(similar("Đội Quản lý", "Doi Quan ly"));
        assert!(!similar("huyện", "xã"));
    }

    #[test]
    fn a_reminded_unit_missing_from_the_logs_with_a_similar_one_is_warned() {
        let r = |unit: &str| Reminder {
            name: Name::new("Võ Minh Tuấn"),
            unit: Name::new(unit),
            year: 2025,
            date: None,
            document: None,
            source: crate::model::SourcePos::default(),
        };
        let log = [Name::new("Phòng Tư pháp xã Tuy Phước"), Name::new("Văn phòng")];
        let w = unmatched_units(
            &[r("Phòng Tư pháp huyện Tuy Phước"), r("Phòng Tư pháp huyện Tuy Phước"), r("Văn phòng"), r("Kho bạc")],
            log.iter(),
        );
        assert_eq!(w.len(), 1);
        assert!(w[0].vi.contains("\"Phòng Tư pháp xã Tuy Phước\""), "{}", w[0].vi);
        // A reminder list typed without diacritics: warned, the log's unit shown as written.
        let w = unmatched_units(&[r("Phong Tu phap xa Tuy Phuoc"), r("VĂN PHÒNG")], log.iter());
        assert_eq!(w.len(), 1);
        assert!(w[0].vi.starts_with("Đơn vị \"Phong Tu phap xa Tuy Phuoc\""), "{}", w[0].vi);
        assert!(w[0].vi.contains("\"Phòng Tư pháp xã Tuy Phước\""), "{}", w[0].vi);
    }

    #[test]
    fn a_list_typed_without_diacritics_matches_and_takes_the_logs_writing() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let list = [rename("PHONG TU PHAP  huyen Tuy Phuoc", "Phong Tu phap xa Tuy Phuoc", Some((2025, 7, 1)), 2)];
        let mut reminders = vec![reminder("Võ Minh Tuấn", "Phòng Tư pháp huyện Tuy Phước")];
        let log = [Name::new("Phòng Tư pháp xã Tuy Phước")];
        let out = apply(&list, start, &mut reminders, &mut [], &log);
        assert_eq!((out[0].status.clone(), out[0].reminders), (RenameStatus::Applied, 1));
        assert_eq!(reminders[0].unit.display, "Phòng Tư pháp xã Tuy Phước", "the log's name, as written there");
        assert_eq!(reminders[0].unit.key, log[0].key);
        // Without that unit in the logs, the list's writing.
        let mut reminders = vec![reminder("Võ Minh Tuấn", "Phòng Tư pháp huyện Tuy Phước")];
        apply(&list, start, &mut reminders, &mut [], &[]);
        assert_eq!(reminders[0].unit.display, "Phong Tu phap xa Tuy Phuoc");
    }

    #[test]
    fn renames_chain_to_the_last_name_in_force() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let list = [
            rename("Phòng Tư pháp huyện Tuy Phước", "Phòng Tư pháp", Some((2025, 7, 1)), 2),
            rename("Phòng Tư pháp", "Phòng Văn hóa - Xã hội", Some((2025, 10, 1)), 3),
            // In force after the year began: the chain stops before it.
            rename("Phòng Văn hóa - Xã hội", "Phòng Văn hóa", Some((2026, 2, 1)), 4),
        ];
        let mut reminders =
            vec![reminder("Võ Minh Tuấn", "Phòng Tư pháp huyện Tuy Phước"), reminder("", "Phòng Tư pháp")];
        let out = apply(&list, start, &mut reminders, &mut [], &[]);
        assert_eq!(reminders[0].unit.display, "Phòng Văn hóa - Xã hội");
        assert_eq!(reminders[1].unit.display, "Phòng Văn hóa - Xã hội");
        let status: Vec<_> = out.iter().map(|o| (o.status.clone(), o.reminders)).collect();
        assert_eq!(status, [(RenameStatus::Applied, 1), (RenameStatus::Applied, 2), (RenameStatus::NotInForce, 0)]);
        assert_eq!(
            out[0].outcome.vi,
            "áp dụng cho 1 dòng nhắc nhở và 0 dòng đề xuất xếp loại; tên mới lại được đổi tiếp (dòng 3), nay là \
            \"Phòng Văn hóa - Xã hội\"."
        );
        assert!(out[0].message.ends_with(&out[0].outcome.vi));
    }

    #[test]
    fn renames_in_a_circle_are_reported_and_never_loop() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let list = [
            rename("Phòng A", "Phòng B", None, 2),
            rename("Phong B", "Phòng C", None, 3),
            rename("Phòng C", "Phòng A", None, 4),
            // Into the circle: applied up to its door.
            rename("Phòng D", "Phòng A", None, 5),
            // A line renaming a name to itself, written otherwise: applied, not a circle.
            rename("Phong E", "Phòng E", None, 6),
        ];
        let mut reminders =
            vec![reminder("", "Phòng A"), reminder("", "Phòng C"), reminder("", "Phòng D"), reminder("", "PHONG E")];
        let out = apply(&list, start, &mut reminders, &mut [], &[]);
        let status: Vec<_> = out.iter().map(|o| o.status.clone()).collect();
        assert_eq!(
            status,
            [
                RenameStatus::Cycle,
                RenameStatus::Cycle,
                RenameStatus::Cycle,
                RenameStatus::Applied,
                RenameStatus::Applied
            ]
        );
        let units: Vec<&str> = reminders.iter().map(|r| r.unit.display.as_str()).collect();
        assert_eq!(units, ["Phòng A", "Phòng C", "Phòng A", "Phòng E"]);
        assert!(out[1].message.contains("(dòng 2, dòng 3, dòng 4"), "{}", out[1].message);
    }
}
