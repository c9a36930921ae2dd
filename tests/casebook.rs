//! The casebook: every rule case in `tests/cases/*.toml`, run by one driver that names the failing case.
//!
//! A case states its input (a calendar question, or dossiers with last year's reminders and proposed ratings),
//! the profile changes it needs, the reference it illustrates, and the expected outcome. Only the expected
//! fields that a case gives are checked. See tests/cases/README.md for the format. Dossier cases run through the
//! same pipeline as the CLI and the browser (`check::run_records`), from the records the case states.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use dunghen::calendar::Calendar;
use dunghen::check::{self, CheckOptions, CheckRequest, Records};
use dunghen::model::{Dossier, Moment, Name, Proposal, Rating, Reminder, SourcePos};
use dunghen::profile::Profile;
use dunghen::report::{DossierRow, RejectedOut};
use dunghen::rules::Context;
use serde::Deserialize;
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Book {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    reference: String,
    #[serde(default)]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    assessment_year: Option<i32>,
    /// A built-in profile by id; without it, the built-in that covers the assessment year (as the CLI picks).
    #[serde(default)]
    profile_id: Option<String>,
    /// A TOML document laid over that profile.
    #[serde(default)]
    profile: Option<String>,
    /// The document the agency carries the profile forward by, to a year it does not cover.
    #[serde(default)]
    carry_forward: Option<String>,
    #[serde(default)]
    calendar: Option<CalendarQuestion>,
    #[serde(default)]
    dossiers: Vec<DossierIn>,
    #[serde(default)]
    reminded: Vec<ReminderIn>,
    #[serde(default)]
    proposals: Vec<ProposalIn>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarQuestion {
    /// Is this a working day?
    date: Option<NaiveDate>,
    /// Working days in (from, to].
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    /// add `days` working days to `add_to`.
    add_to: Option<NaiveDate>,
    days: Option<u32>,
    /// The first working day on or after.
    next_from: Option<NaiveDate>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DossierIn {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    officer: Option<String>,
    #[serde(default)]
    received: Option<String>,
    due: Option<String>,
    #[serde(default)]
    extended_due: Option<String>,
    #[serde(default)]
    finished: Option<String>,
    #[serde(default)]
    returned: Option<String>,
    #[serde(default)]
    status_text: Option<String>,
    #[serde(default)]
    statutory_days: Option<u32>,
    #[serde(default)]
    apology: Option<bool>,
    /// Repeat this dossier n times (codes get a suffix).
    #[serde(default)]
    times: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReminderIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    year: i32,
    #[serde(default)]
    document: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    level: String,
    #[serde(default)]
    disciplined: bool,
    #[serde(default)]
    points: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    // the rule set: the id used, or the check refused with a sentence containing this
    profile_used: Option<String>,
    refused_contains: Option<String>,
    // calendar
    working: Option<bool>,
    reason_contains: Option<String>,
    provisional: Option<bool>,
    count: Option<i64>,
    date: Option<NaiveDate>,
    // first dossier
    status: Option<String>,
    late_working_days: Option<u32>,
    legal_due: Option<NaiveDate>,
    appointment_too_late: Option<bool>,
    extra_working_days: Option<u32>,
    apology: Option<String>,
    unjudged: Option<bool>,
    #[serde(default)]
    explanation_contains: Vec<String>,
    // every dossier, in order
    statuses: Option<Vec<String>>,
    #[serde(default)]
    officers: Vec<AssessmentExpect>,
    #[serde(default)]
    units: Vec<AssessmentExpect>,
    // Nghị định 335/2025: score rows (an empty name is the unit's row) and flags on proposals
    #[serde(default)]
    scores: Vec<ScoreExpect>,
    score_flags: Option<Vec<FlagExpect>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreExpect {
    #[serde(default)]
    name: String,
    unit: String,
    period: String,
    assigned: Option<u32>,
    finished: Option<u32>,
    on_time: Option<u32>,
    late: Option<u32>,
    delays: Option<u32>,
    quantity_pct: Option<f64>,
    progress_pct: Option<f64>,
    points_upper: Option<f64>,
    band_upper: Option<String>,
    /// No row at all for this officer and period.
    #[serde(default)]
    absent: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FlagExpect {
    kind: String,
    #[serde(default)]
    name: String,
    unit: String,
    #[serde(default)]
    explanation_contains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentExpect {
    #[serde(default)]
    name: Option<String>,
    unit: String,
    year: i32,
    late: Option<u32>,
    reminded: Option<bool>,
    repeat: Option<bool>,
    slow_improvement: Option<bool>,
    max_rating: Option<String>,
    proposed_rating: Option<String>,
    finding: Option<String>,
    #[serde(default)]
    explanation_contains: Vec<String>,
}

fn moment(s: &str) -> Moment {
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        return Moment::at(dt.date(), dt.time());
    }
    Moment::day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date '{s}' in a case: {e}")))
}

/// The case's dossiers, each on a row of its own (row 2 onwards, as under a header), so the report's rows and
/// rejected rows can be told apart by their source row.
fn to_dossiers(input: &[DossierIn]) -> Vec<Dossier> {
    let mut out = Vec::new();
    for (i, d) in input.iter().enumerate() {
        for k in 0..d.times.unwrap_or(1) {
            let code = d.code.clone().unwrap_or_else(|| format!("HS-{:03}", i + 1));
            out.push(Dossier {
                code: if d.times.is_some() { format!("{code}-{k}") } else { code },
                unit: Name::new(d.unit.as_deref().unwrap_or("Phòng Tư pháp")),
                officer: Name::new(d.officer.as_deref().unwrap_or("Nguyễn Văn An")),
                received: d.received.as_deref().map(moment),
                due: d.due.as_deref().map(moment),
                extended_due: d.extended_due.as_deref().map(moment),
                finished: d.finished.as_deref().map(moment),
                returned: d.returned.as_deref().map(moment),
                status_text: d.status_text.as_deref().map(Into::into),
                statutory_days: d.statutory_days,
                apology: d.apology,
                source: SourcePos { file: "case".into(), sheet: "".into(), row: out.len() as u32 + 2, column: None },
                ..Dossier::default()
            });
        }
    }
    out
}

fn run_case(c: &Case) -> Result<(), String> {
    let as_of = c.as_of.unwrap_or_else(|| NaiveDate::from_ymd_opt(2023, 12, 31).unwrap());
    let year = c.assessment_year.unwrap_or_else(|| as_of.year());
    let mut profile = match c.profile_id.as_deref() {
        Some(id) => Profile::built_in(id),
        None => Profile::for_year(year),
    }
    .map_err(|e| format!("profile: {e}"))?;
    if let Some(patch) = &c.profile {
        profile = profile.with_patch(patch).map_err(|e| format!("profile patch: {e}"))?;
    }
    if let Some(doc) = &c.carry_forward {
        profile = profile.carried_forward(doc);
    }
    let e = &c.expect;
    // The check's own gate: a profile is used only for the years it covers, unless carried forward.
    let req = CheckRequest { assessment_year: c.assessment_year, ..CheckRequest::new(Vec::new(), profile, as_of) };
    let ctx: Context = match (check::context(&req), &e.refused_contains) {
        (Ok(ctx), None) => ctx,
        (Ok(_), Some(want)) => return Err(format!("  expected the check refused ('{want}'), it ran")),
        (Err(err), Some(want)) => {
            let text = err.text();
            return if text.vi.contains(want.as_str()) || text.en.contains(want.as_str()) {
                Ok(())
            } else {
                Err(format!("  refusal: expected to contain '{want}', got '{}'", text.vi))
            };
        }
        (Err(err), None) => return Err(err.to_string()),
    };
    if let Some(id) = &e.profile_used {
        if *id != ctx.profile.id {
            return Err(format!("  profile_used: expected {id}, got {}", ctx.profile.id));
        }
    }
    let mut errors = String::new();
    let mut check = |what: &str, expected: String, got: String| {
        if expected != got {
            let _ = writeln!(errors, "  {what}: expected {expected}, got {got}");
        }
    };

    if let Some(q) = &c.calendar {
        let cal: &Calendar = &ctx.calendar;
        if let Some(d) = q.date {
            let day = cal.day(d).map_err(|e| e.to_string())?;
            if let Some(w) = e.working {
                check("working", w.to_string(), day.working.to_string());
            }
            if let Some(p) = e.provisional {
                check("provisional", p.to_string(), day.provisional.to_string());
            }
            if let Some(r) = &e.reason_contains {
                if !day.reason().vi.contains(r.as_str()) {
                    check("reason", format!("to contain '{r}'"), day.reason().vi);
                }
            }
        }
        if let (Some(a), Some(b)) = (q.from, q.to) {
            let n = cal.working_days_between(a, b).map_err(|e| e.to_string())?;
            check("count", format!("{:?}", e.count), format!("{:?}", Some(n)));
        }
        if let (Some(a), Some(n)) = (q.add_to, q.days) {
            let d = cal.add_working_days(a, n).map_err(|e| e.to_string())?;
            check("date", format!("{:?}", e.date), format!("{:?}", Some(d)));
        }
        if let Some(a) = q.next_from {
            let d = cal.next_working_day(a).map_err(|e| e.to_string())?;
            check("date", format!("{:?}", e.date), format!("{:?}", Some(d)));
        }
    }

    if !c.dossiers.is_empty() {
        let dossiers = to_dossiers(&c.dossiers);
        let reminders: Vec<Reminder> = c
            .reminded
            .iter()
            .enumerate()
            .map(|(i, r)| Reminder {
                name: Name::new(&r.name),
                unit: Name::new(&r.unit),
                year: r.year,
                date: None,
                document: r.document.clone(),
                source: SourcePos { file: "reminded".into(), sheet: "".into(), row: i as u32 + 2, column: None },
            })
            .collect();
        let proposals: Vec<Proposal> = c
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| Proposal {
                name: Name::new(&p.name),
                unit: Name::new(&p.unit),
                level: Rating::parse(&p.level).unwrap_or_else(|| panic!("bad level '{}'", p.level)),
                disciplined: p.disciplined,
                points: p.points,
                source: SourcePos { file: "ratings".into(), sheet: "".into(), row: i as u32 + 2, column: None },
            })
            .collect();
        // The same pipeline as the CLI and the browser, from the records the case states.
        let count = dossiers.len();
        let records = Records { dossiers, reminders, proposals, ..Records::default() };
        let report = check::run_records(ctx, records, CheckOptions { explain: true }, &mut |_| {}).report;
        // Each input dossier's outcome by its source row: a report row, or the reason the rules refused it.
        let outcome = |k: usize| -> Result<DossierRow<'_>, &RejectedOut> {
            let row = k as u32 + 2;
            match report.dossiers.iter().find(|d| d.source.row == row) {
                Some(d) => Ok(d),
                None => Err(report.rejected_rows.iter().find(|r| r.source.row == row).expect("a refused row")),
            }
        };
        let first = outcome(0);
        let ex_text: String = match &first {
            Ok(d) => {
                d.explanation.steps.iter().map(|s| format!("{}\n", s.vi)).collect::<String>()
                    + &d.explanation.citations.iter().map(|c| format!("{c}\n")).collect::<String>()
            }
            Err(r) => format!("{}\n", r.reason),
        };
        if let Some(u) = e.unjudged {
            check("unjudged", u.to_string(), first.is_err().to_string());
        }
        if let Ok(d) = &first {
            let v = d.verdict;
            if let Some(s) = &e.status {
                check("status", s.clone(), v.status.code().to_string());
            }
            if let Some(n) = e.late_working_days {
                check("late_working_days", n.to_string(), v.late_working_days.to_string());
            }
            if let Some(p) = e.provisional {
                check("provisional", p.to_string(), v.provisional.to_string());
            }
            if let Some(d) = e.legal_due {
                check(
                    "legal_due",
                    format!("{:?}", Some(d)),
                    format!("{:?}", v.statutory.as_ref().map(|s| s.legal_due)),
                );
            }
            if let Some(t) = e.appointment_too_late {
                check(
                    "appointment_too_late",
                    format!("{:?}", Some(t)),
                    format!("{:?}", v.statutory.as_ref().map(|s| s.too_late)),
                );
            }
            if let Some(x) = e.extra_working_days {
                check(
                    "extra_working_days",
                    format!("{:?}", Some(x)),
                    format!("{:?}", v.statutory.as_ref().map(|s| s.extra_working_days)),
                );
            }
            if let Some(a) = &e.apology {
                check(
                    "apology",
                    a.clone(),
                    serde_json::to_value(v.apology).unwrap().as_str().unwrap_or("").to_string(),
                );
            }
        } else if e.status.is_some() || e.late_working_days.is_some() {
            check("verdict", "a verdict".into(), format!("{:?}", first.err()));
        }
        for want in &e.explanation_contains {
            if !ex_text.contains(want.as_str()) {
                check("explanation", format!("to contain '{want}'"), format!("\n{ex_text}"));
            }
        }
        if let Some(statuses) = &e.statuses {
            let got: Vec<String> = (0..count)
                .map(|k| outcome(k).map(|d| d.verdict.status.code().to_string()).unwrap_or_else(|_| "unjudged".into()))
                .collect();
            check("statuses", format!("{statuses:?}"), format!("{got:?}"));
        }
        for w in &e.scores {
            let (nk, uk) = (Name::new(&w.name).key.clone(), Name::new(&w.unit).key.clone());
            let found = report.scores.iter().find(|x| x.name.key == nk && x.unit.key == uk && x.period == w.period);
            let who = format!("score {} / {} / {}", w.name, w.unit, w.period);
            let Some(x) = found else {
                if !w.absent {
                    let have: Vec<String> = report
                        .scores
                        .iter()
                        .map(|x| format!("{} / {} / {}", x.name.display, x.unit.display, x.period))
                        .collect();
                    check(&who, "a row".into(), format!("none; have {have:?}"));
                }
                continue;
            };
            if w.absent {
                check(&who, "no row".into(), "a row".into());
            }
            let nums = [
                ("assigned", w.assigned, x.assigned),
                ("finished", w.finished, x.finished),
                ("on_time", w.on_time, x.on_time),
                ("late", w.late, x.late),
                ("delays", w.delays, x.delays),
            ];
            for (what, want, got) in nums {
                if let Some(n) = want {
                    check(&format!("{who}: {what}"), n.to_string(), got.to_string());
                }
            }
            let floats =
                [("quantity_pct", w.quantity_pct, x.quantity_pct), ("progress_pct", w.progress_pct, x.progress_pct)];
            for (what, want, got) in floats.into_iter().chain([("points_upper", w.points_upper, x.points_upper)]) {
                if let Some(n) = want {
                    check(&format!("{who}: {what}"), n.to_string(), got.to_string());
                }
            }
            if let Some(b) = &w.band_upper {
                check(&format!("{who}: band_upper"), b.clone(), x.band_upper.code().to_string());
            }
        }
        if let Some(flags) = &e.score_flags {
            let got: Vec<String> = report
                .score_flags
                .iter()
                .map(|f| {
                    let kind = serde_json::to_value(f.kind).unwrap().as_str().unwrap_or("").to_string();
                    format!("{kind} / {} / {}", f.name.display, f.unit.display)
                })
                .collect();
            let want: Vec<String> = flags.iter().map(|f| format!("{} / {} / {}", f.kind, f.name, f.unit)).collect();
            check("score_flags", format!("{want:?}"), format!("{got:?}"));
            for (w, f) in flags.iter().zip(&report.score_flags) {
                let text: String = f.explanation.steps.iter().map(|s| format!("{}\n", s.vi)).collect::<String>()
                    + &f.explanation.citations.iter().map(|c| format!("{c}\n")).collect::<String>();
                for want in &w.explanation_contains {
                    if !text.contains(want.as_str()) {
                        check("score flag explanation", format!("to contain '{want}'"), format!("\n{text}"));
                    }
                }
            }
        }
        for (list, wanted, label) in [(&report.officers, &e.officers, "officer"), (&report.units, &e.units, "unit")] {
            for w in wanted {
                let name_key = Name::new(w.name.as_deref().unwrap_or("")).key.clone();
                let unit_key = Name::new(&w.unit).key.clone();
                // A unit's row is named after the unit.
                let is_unit = label == "unit";
                let Some(a) = list
                    .iter()
                    .find(|a| (is_unit || a.name.key == name_key) && a.unit.key == unit_key && a.year == w.year)
                else {
                    let have: Vec<String> =
                        list.iter().map(|a| format!("{} / {} / {}", a.name.display, a.unit.display, a.year)).collect();
                    check(label, format!("{:?} / {} / {}", w.name, w.unit, w.year), format!("none; have {have:?}"));
                    continue;
                };
                let who = format!("{label} {} / {} / {}", a.name.display, a.unit.display, a.year);
                if let Some(n) = w.late {
                    check(&format!("{who}: late"), n.to_string(), a.late.to_string());
                }
                if let Some(r) = w.reminded {
                    check(&format!("{who}: reminded"), r.to_string(), a.reminded.to_string());
                }
                if let Some(r) = w.repeat {
                    check(&format!("{who}: repeat"), r.to_string(), a.repeat.to_string());
                }
                if let Some(s) = w.slow_improvement {
                    check(
                        &format!("{who}: slow_improvement"),
                        format!("{:?}", Some(s)),
                        format!("{:?}", a.slow_improvement),
                    );
                }
                if let Some(m) = &w.max_rating {
                    check(&format!("{who}: max_rating"), m.clone(), a.max_rating.code().to_string());
                }
                if let Some(p) = &w.proposed_rating {
                    check(
                        &format!("{who}: proposed_rating"),
                        p.clone(),
                        a.proposed_rating.map(|r| r.code().to_string()).unwrap_or_default(),
                    );
                }
                if let Some(f) = &w.finding {
                    check(
                        &format!("{who}: finding"),
                        f.clone(),
                        serde_json::to_value(a.finding).unwrap().as_str().unwrap_or("").to_string(),
                    );
                }
                let text: String = a.explanation.steps.iter().map(|s| format!("{}\n", s.vi)).collect::<String>()
                    + &a.explanation.citations.iter().map(|c| format!("{c}\n")).collect::<String>();
                for want in &w.explanation_contains {
                    if !text.contains(want.as_str()) {
                        check(&format!("{who}: explanation"), format!("to contain '{want}'"), format!("\n{text}"));
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[test]
fn casebook() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let (mut run, mut failed) = (0, Vec::new());
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let book: Book = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for c in &book.case {
            run += 1;
            if let Err(why) = run_case(c) {
                failed.push(format!(
                    "FAILED case \"{}\" ({}; {})\n{why}",
                    c.name,
                    file.file_name().unwrap().to_string_lossy(),
                    c.reference
                ));
            }
        }
    }
    println!("casebook: {run} cases in {} files, {} failed", files.len(), failed.len());
    assert!(failed.is_empty(), "\n{}", failed.join("\n"));
    assert!(run >= 80, "the casebook should hold at least 80 cases, has {run}");
}
