//! Which reports a roll-up sums, and the problems of those it does not (or sums with a warning).
//!
//! Left out of the totals, each with its problem: another period (not the same period a year earlier, which stands
//! beside its agency), another rule set (id, version or the SHA-256 of its values) or calendar than most reports of
//! the period, a second report of an agency already summed, a report made from a dossier log (same SHA-256) another
//! summed report was made from. Summed, with a problem: an edited or unsealed report, dossier codes found in two
//! agencies' reports.

use super::problem::{Problem, ProblemKind};
use super::read::{Read, Seal};
use super::{agency_name, text, RollupSettings};
use crate::model::{fmt_date, fold_key};
use crate::report::provenance::PeriodRef;
use std::collections::HashMap;

/// One report and what the roll-up does with it.
pub(super) struct Entry {
    pub read: Read,
    pub included: bool,
    pub last_year: Option<Read>,
}

pub(super) struct Sorted {
    pub period: Option<PeriodRef>,
    pub entries: Vec<Entry>,
}

fn key(r: &Read) -> String {
    let k = fold_key(&r.provenance.agency);
    if k.is_empty() {
        format!("\u{0}{}", r.file)
    } else {
        k
    }
}

fn span(p: &PeriodRef) -> (chrono::NaiveDate, chrono::NaiveDate) {
    (p.start, p.end)
}

fn period_of(r: &Read) -> PeriodRef {
    // `read` keeps only reports with a period.
    r.provenance.period.clone().unwrap_or(PeriodRef {
        slug: String::new(),
        start: chrono::NaiveDate::MIN,
        end: chrono::NaiveDate::MIN,
        label: String::new(),
    })
}

/// The value most entries have (on a tie, the first seen).
fn majority<T: Eq + std::hash::Hash + Clone>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: HashMap<T, (usize, usize)> = HashMap::new();
    for (i, x) in items.enumerate() {
        counts.entry(x).or_insert((0, i)).0 += 1;
    }
    counts.into_iter().max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first))).map(|(x, _)| x)
}

pub(super) fn sort(reads: Vec<Read>, settings: &RollupSettings, problems: &mut Vec<Problem>) -> Sorted {
    // The period most reports are for; on a tie the latest.
    let mut counts: HashMap<(chrono::NaiveDate, chrono::NaiveDate), usize> = HashMap::new();
    for r in &reads {
        *counts.entry(span(&period_of(r))).or_default() += 1;
    }
    let Some(main) = counts.iter().max_by_key(|(s, n)| (**n, s.1, s.0)).map(|(s, _)| *s) else {
        return Sorted { period: None, entries: Vec::new() };
    };
    let period = reads.iter().map(period_of).find(|p| span(p) == main);
    let period = period.unwrap_or_else(|| period_of(&reads[0]));
    let before = period.year_before();
    let mut entries = Vec::with_capacity(reads.len());
    let mut last = Vec::new();
    for r in reads {
        let p = period_of(&r);
        if span(&p) == main {
            entries.push(Entry { read: r, included: true, last_year: None });
        } else if span(&p) == before {
            last.push(r);
        } else {
            problems.push(Problem::new(
                ProblemKind::PeriodMismatch,
                vec![r.file.clone()],
                vec![agency_name(&r.provenance, &r.file)],
                text(
                    format!("Báo cáo kỳ {} khác kỳ tổng hợp {}: không cộng vào tổng.", p.label, period.label),
                    format!(
                        "A report for {} to {}, not the roll-up's period ({} to {}): not summed.",
                        fmt_date(p.start),
                        fmt_date(p.end),
                        fmt_date(period.start),
                        fmt_date(period.end)
                    ),
                ),
            ));
            entries.push(Entry { read: r, included: false, last_year: None });
        }
    }
    mismatches(&mut entries, problems);
    duplicates(&mut entries, problems);
    codes(&entries, problems);
    for e in &entries {
        let (vi, en) = match e.read.seal {
            Seal::Intact => continue,
            Seal::Edited => (
                "Số liệu của báo cáo không khớp mã niêm phong (SHA-256): đã bị sửa sau khi kiểm tra. Vẫn cộng vào \
                 tổng, có đánh dấu; hãy đề nghị cơ quan gửi lại báo cáo gốc.",
                "The report's figures do not match their seal (SHA-256): edited after the check. Summed and \
                 marked; ask the agency for the original report.",
            ),
            Seal::Unsealed => (
                "Báo cáo không có mã niêm phong: không xác nhận được số liệu chưa bị sửa. Vẫn cộng vào tổng, có đánh \
                 dấu.",
                "The report carries no seal: its figures cannot be shown unedited. Summed and marked.",
            ),
        };
        problems.push(Problem::new(
            ProblemKind::Edited,
            vec![e.read.file.clone()],
            vec![agency_name(&e.read.provenance, &e.read.file)],
            text(vi.into(), en.into()),
        ));
    }
    for r in last {
        let k = key(&r);
        if let Some(e) = entries.iter_mut().find(|e| e.last_year.is_none() && key(&e.read) == k && e.included) {
            e.last_year = Some(r);
            continue;
        }
        problems.push(Problem::new(
            ProblemKind::PeriodMismatch,
            vec![r.file.clone()],
            vec![agency_name(&r.provenance, &r.file)],
            text(
                format!(
                    "Báo cáo cùng kỳ năm trước nhưng không có báo cáo kỳ {} của cơ quan này (hoặc đã có một báo cáo \
                     năm trước): không dùng.",
                    period.label
                ),
                "A report for the same period last year, with no report of this agency for the roll-up's period \
                 (or a second one): not used."
                    .into(),
            ),
        ));
        entries.push(Entry { read: r, included: false, last_year: None });
    }
    let present: std::collections::HashSet<String> =
        entries.iter().filter(|e| span(&period_of(&e.read)) == main).map(|e| key(&e.read)).collect();
    for name in &settings.expected_agencies {
        if !name.trim().is_empty() && !present.contains(&fold_key(name)) {
            problems.push(Problem::new(
                ProblemKind::MissingAgency,
                vec![],
                vec![name.trim().to_string()],
                text(
                    format!("Chưa có báo cáo kỳ {} của {}.", period.label, name.trim()),
                    format!("No report of {} for the period.", name.trim()),
                ),
            ));
        }
    }
    Sorted { period: Some(period), entries }
}

/// Reports judged by another rule set or calendar than most of the period's.
fn mismatches(entries: &mut [Entry], problems: &mut Vec<Problem>) {
    let rules = |e: &Entry| {
        let r = &e.read.provenance.rule_set;
        (r.id.clone(), r.version.clone(), r.sha256.clone())
    };
    let main_rules = majority(entries.iter().filter(|e| e.included).map(rules));
    let main_cal =
        majority(entries.iter().filter(|e| e.included).map(|e| e.read.provenance.calendar.fingerprint.clone()));
    let first = |pred: &dyn Fn(&Entry) -> bool, es: &[Entry]| {
        es.iter().find(|e| e.included && pred(e)).map(|e| e.read.provenance.rule_set.clone())
    };
    let shown = first(&|e| Some(rules(e)) == main_rules, entries);
    for e in entries.iter_mut().filter(|e| e.included) {
        let who = vec![agency_name(&e.read.provenance, &e.read.file)];
        if Some(rules(e)) != main_rules {
            let r = &e.read.provenance.rule_set;
            let (mid, mver) = shown.as_ref().map(|s| (s.id.as_str(), s.version.as_str())).unwrap_or_default();
            let same = r.id == mid && r.version == mver;
            problems.push(Problem::new(
                ProblemKind::RuleSetMismatch,
                vec![e.read.file.clone()],
                who.clone(),
                text(
                    format!(
                        "Báo cáo dùng bộ quy tắc {} (phiên bản {}){}, khác bộ quy tắc của đa số báo cáo ({mid}, \
                         phiên bản {mver}): không cộng vào tổng.",
                        r.id,
                        r.version,
                        if same { ", đã sửa giá trị" } else { "" }
                    ),
                    format!(
                        "The report was judged by rule set {} (version {}){}, not the one most reports used ({mid}, \
                         version {mver}): not summed.",
                        r.id,
                        r.version,
                        if same { ", with changed values" } else { "" }
                    ),
                ),
            ));
            e.included = false;
        }
        if Some(&e.read.provenance.calendar.fingerprint) != main_cal.as_ref() {
            problems.push(Problem::new(
                ProblemKind::CalendarMismatch,
                vec![e.read.file.clone()],
                who,
                text(
                    "Báo cáo tính ngày làm việc theo lịch khác (ngày nghỉ, ngày làm bù riêng) với đa số báo cáo: số \
                     ngày trễ không so được, không cộng vào tổng."
                        .into(),
                    "The report counted working days on another calendar (its own days off or make-up days) than \
                     most reports: not comparable, not summed."
                        .into(),
                ),
            ));
            e.included = false;
        }
    }
}

/// A second report of the same agency, or one made from a log another summed report was made from.
fn duplicates(entries: &mut [Entry], problems: &mut Vec<Problem>) {
    let mut agencies: HashMap<String, usize> = HashMap::new();
    let mut logs: HashMap<String, usize> = HashMap::new();
    for i in 0..entries.len() {
        if !entries[i].included {
            continue;
        }
        let k = key(&entries[i].read);
        if let Some(&j) = agencies.get(&k) {
            let (a, b) = (&entries[j].read, &entries[i].read);
            let same =
                a.provenance.figures_sha256.is_some() && a.provenance.figures_sha256 == b.provenance.figures_sha256;
            problems.push(Problem::new(
                ProblemKind::DuplicateAgency,
                vec![a.file.clone(), b.file.clone()],
                vec![agency_name(&b.provenance, &b.file)],
                if same {
                    text(
                        format!("Cùng một báo cáo được đưa vào hai lần ({} và {}): chỉ cộng một lần.", a.file, b.file),
                        format!("The same report given twice ({} and {}): summed once.", a.file, b.file),
                    )
                } else {
                    text(
                        format!(
                            "Hai báo cáo cùng kỳ của cùng cơ quan ({} và {}): chỉ cộng báo cáo {}; hãy xác định báo \
                             cáo nào đúng.",
                            a.file, b.file, a.file
                        ),
                        format!(
                            "Two reports of the same agency for the period ({} and {}): only {} is summed; find out \
                             which is right.",
                            a.file, b.file, a.file
                        ),
                    )
                },
            ));
            entries[i].included = false;
            continue;
        }
        let shared = entries[i]
            .read
            .provenance
            .files
            .iter()
            .filter(|f| f.kind == "dossiers")
            .find_map(|f| logs.get(&f.sha256).map(|&j| (j, f.name.clone())));
        if let Some((j, log)) = shared {
            let (a, b) = (&entries[j].read, &entries[i].read);
            problems.push(Problem::new(
                ProblemKind::Overlapping,
                vec![a.file.clone(), b.file.clone()],
                vec![agency_name(&a.provenance, &a.file), agency_name(&b.provenance, &b.file)],
                text(
                    format!(
                        "Báo cáo {} và {} được lập từ cùng sổ hồ sơ {log} (cùng SHA-256): hồ sơ sẽ bị tính hai lần, \
                         chỉ cộng báo cáo {}.",
                        a.file, b.file, a.file
                    ),
                    format!(
                        "The reports {} and {} were made from the same dossier log {log} (same SHA-256): only {} is \
                         summed.",
                        a.file, b.file, a.file
                    ),
                ),
            ));
            entries[i].included = false;
            continue;
        }
        agencies.insert(k, i);
        for f in entries[i].read.provenance.files.iter().filter(|f| f.kind == "dossiers") {
            logs.entry(f.sha256.clone()).or_insert(i);
        }
    }
}

/// Dossier codes found in two summed agencies' reports, one problem per pair of agencies.
fn codes(entries: &[Entry], problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut pairs: std::collections::BTreeMap<(usize, usize), Vec<&str>> = Default::default();
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.included) {
        for c in e.read.figures.codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            match seen.get(c) {
                Some(&j) if j != i => pairs.entry((j, i)).or_default().push(c),
                Some(_) => {}
                None => {
                    seen.insert(c, i);
                }
            }
        }
    }
    for ((j, i), list) in pairs {
        let (a, b) = (&entries[j].read, &entries[i].read);
        let shown: Vec<&str> = list.iter().take(5).copied().collect();
        let more = if list.len() > 5 { format!(" (và {} mã khác)", list.len() - 5) } else { String::new() };
        let more_en = if list.len() > 5 { format!(" (and {} more)", list.len() - 5) } else { String::new() };
        problems.push(Problem::new(
            ProblemKind::DuplicateDossierCode,
            vec![a.file.clone(), b.file.clone()],
            vec![agency_name(&a.provenance, &a.file), agency_name(&b.provenance, &b.file)],
            text(
                format!(
                    "{} mã hồ sơ có trong báo cáo của cả hai cơ quan: {}{more}. Vẫn cộng cả hai; hãy kiểm tra hồ sơ \
                     nào thuộc cơ quan nào.",
                    list.len(),
                    shown.join(", ")
                ),
                format!(
                    "{} dossier codes are in both agencies' reports: {}{more_en}. Both are summed; check which agency \
                     each belongs to.",
                    list.len(),
                    shown.join(", ")
                ),
            ),
        ));
    }
}
