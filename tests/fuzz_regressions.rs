//! Inputs the fuzzers found (scripts/fuzz), kept under tests/fuzz_regressions/ and named after what they exposed.
//! Each must now be answered without a panic and with every row accounted for.

mod common;

use dunghen::ingest::{ReadErrorKind, ReadOptions};

/// The kind of error only the check that walks an .ods file's content before it is read gives (`ingest::limits`,
/// `check_ods_repeats`): no other part of the reader produces it.
const ODS_REFUSED_BEFORE_READING: ReadErrorKind = ReadErrorKind::OdsMalformed;

/// Reads a kept input as the dossier reader does, with a progress callback: the error, and how many times the
/// reader reported rows (none: it refused the file before reading a row).
fn read_refused(name: &str) -> (dunghen::ingest::ReadError, usize) {
    let bytes = std::fs::read(format!("{}/tests/fuzz_regressions/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut reported = 0;
    let e =
        dunghen::ingest::read_dossiers_with(name, &bytes, &ReadOptions::default(), &mut |_| reported += 1).unwrap_err();
    (e, reported)
}

fn replay(name: &str) -> Result<dunghen::report::Report, dunghen::ingest::ReadError> {
    let bytes = std::fs::read(format!("{}/tests/fuzz_regressions/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let r = common::check_one(name, &bytes);
    if let Ok(r) = &r {
        for i in &r.inputs {
            assert_eq!(i.rows, i.dossiers + i.rejected + i.blank + i.non_data);
        }
    }
    r
}

/// calamine 0.38's compound-file reader indexes past the end of a short sector chain (cfb.rs:320) and panics;
/// the reader catches it around calamine and says the .xls is damaged.
#[test]
fn xls_cfb_sector_past_end_panics_in_calamine() {
    let e = replay("xls_cfb_sector_past_end_panics_in_calamine.xls").unwrap_err();
    assert!(matches!(&*e.kind, ReadErrorKind::Damaged { format, .. } if format.contains("xls")), "{:?}", e.kind);
}

#[test]
fn every_kept_input_replays_without_panic() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            continue;
        }
        let _ = replay(&name);
        n += 1;
    }
    assert!(n >= 1);
}

/// A fuzzed content.xml whose last `</table:table>` became `</vable:table>` (and a table start lost its name): the
/// reader runs LibreOffice's padding row (repeated 1,048,569 times, 16,384 cells wide) on and fills it in (1.5 GB,
/// 27 s). Tables are counted before reading and the damaged file is refused: the check before reading says so,
/// and the reader never reported a row.
#[test]
fn ods_unclosed_table_runs_padding_rows_into_gigabytes() {
    let name = "ods_unclosed_table_runs_padding_rows_into_gigabytes.ods";
    let e = replay(name).unwrap_err();
    assert_eq!(*e.kind, ODS_REFUSED_BEFORE_READING);
    let (e, reported) = read_refused(name);
    assert_eq!(*e.kind, ODS_REFUSED_BEFORE_READING);
    assert_eq!(reported, 0, "refused before reading: no progress reported");
}

/// LibreOffice pads every sheet with empty repeated cells and rows: those must still read (and a file that is read
/// reports its progress, which the refused ones above never do).
#[test]
fn libreoffice_padding_still_reads() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dossiers_2023.ods")).unwrap();
    let mut reported = 0;
    let t = dunghen::ingest::read_dossiers_with("dossiers_2023.ods", &bytes, &ReadOptions::default(), &mut |_| {
        reported += 1
    })
    .unwrap();
    assert_eq!(t.dossiers.len(), 25);
    assert!(reported > 0, "a file that is read reports its rows");
}

/// A fuzzed content.xml whose first table lost its start tag and whose last table is never closed: calamine 0.38
/// waits for `</table:table>` past the end of the file and never returns (the 20 s smoke run timed out on it). The
/// elements are checked to nest before reading, and the file gets a sentence at once (the check before reading's;
/// calamine never sees it, so the reader reports no row).
#[test]
fn ods_table_open_at_end_loops_for_ever_in_calamine() {
    let name = "ods_table_open_at_end_loops_for_ever_in_calamine.ods";
    let e = replay(name).unwrap_err();
    assert_eq!(*e.kind, ODS_REFUSED_BEFORE_READING);
    assert!(e.text().vi.contains("bị hỏng"), "{}", e.text().vi);
    let (e, reported) = read_refused(name);
    assert_eq!(*e.kind, ODS_REFUSED_BEFORE_READING);
    assert_eq!(reported, 0, "refused before reading: no progress reported");
}
