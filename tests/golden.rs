//! The reports of every fixture, compared byte for byte with the ones kept in `tests/golden/`.
//!
//! Each run is `dunghen check` as a process (the stable interface), so a change of the code's structure that
//! changes no answer leaves every file as it is. A change that does change answers is made on purpose: write the
//! new files with `DUNGHEN_BLESS=1 cargo test --test golden` and read the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The runs: a name for the kept file, then the arguments after `check`.
///
/// Every JSON run explains each dossier (`--explain`) but "2023-with-lists-lean", which shows the default: the
/// dossiers without their explanations, the officers and units with theirs.
fn runs() -> Vec<(String, Vec<String>)> {
    let base = ["--as-of", "2023-12-31", "--format", "json", "--explain"];
    let mut out = Vec::new();
    for dir in ["", "broken"] {
        let mut names: Vec<String> = std::fs::read_dir(fixtures().join(dir))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "README.md")
            .collect();
        names.sort();
        for n in names {
            let path = fixtures().join(dir).join(&n).display().to_string();
            let key = if dir.is_empty() { n.clone() } else { format!("broken-{n}") };
            let mut args: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            if n == "month_first.csv" {
                args.extend(["--month-first".to_string(), "*".to_string()]);
            }
            args.push(path);
            out.push((key, args));
        }
    }
    let f = |n: &str| fixtures().join(n).display().to_string();
    let mut both: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    both.extend(["--reminded".into(), f("reminders_2022.xlsx"), "--ratings".into(), f("proposals_2023.xlsx")]);
    both.push(f("dossiers_2023.xlsx"));
    out.push(("2023-with-lists".into(), both.clone()));
    let mut years = both.clone();
    years.push(f("dossiers_2022_q4.csv"));
    out.push(("2022-2023-with-lists".into(), years));
    let lean: Vec<String> = both.iter().filter(|a| *a != "--explain").cloned().collect();
    out.push(("2023-with-lists-lean".into(), lean.clone()));
    let mut text = lean;
    text[3] = "text".into();
    out.push(("2023-with-lists-text".into(), text));
    // 2026: the built-in for the year (Nghị định 335/2025 scores), with proposed ratings carrying points.
    for format in ["json", "text"] {
        let mut args: Vec<String> = vec![
            "--as-of".into(),
            "2026-12-31".into(),
            "--format".into(),
            format.into(),
            "--ratings".into(),
            f("proposals_2026.csv"),
            f("dossiers_2026.csv"),
        ];
        if format == "json" {
            args.push("--explain".into());
        }
        out.push((format!("2026-scores-{format}"), args));
    }
    out
}

/// What a run printed, with the paths made relative so the files do not depend on the checkout's place.
fn output(args: &[String]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_dunghen")).arg("check").args(args).output().unwrap();
    let text = if o.status.success() {
        String::from_utf8_lossy(&o.stdout).into_owned()
    } else {
        format!("exit {}\n{}", o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr))
    };
    text.replace(&format!("{}/", fixtures().display()), "")
}

#[test]
fn every_fixture_reports_as_kept() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("DUNGHEN_BLESS").is_some();
    let mut differ = Vec::new();
    for (name, args) in runs() {
        let got = output(&args);
        let file = dir.join(format!("{name}.out"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let kept =
            std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{} is missing: DUNGHEN_BLESS=1", file.display()));
        if kept != got {
            let line = kept.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(0);
            differ.push(format!(
                "{name}: first difference at line {}:\n  kept: {}\n  got:  {}",
                line + 1,
                kept.lines().nth(line).unwrap_or(""),
                got.lines().nth(line).unwrap_or("")
            ));
        }
    }
    assert!(differ.is_empty(), "{} reports differ from tests/golden/:\n{}", differ.len(), differ.join("\n"));
}
