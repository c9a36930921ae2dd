//! Report → bytes: a readable Vietnamese text summary, the JSON contract, one CSV per table (UTF-8 with BOM so
//! that Excel shows Vietnamese correctly), and an xlsx workbook laid out for signing.

pub mod grid;
mod text;
mod xlsx;

pub use text::{commendations_text, to_text};
pub use xlsx::{
    grids_to_xlsx, machine_json, to_xlsx, to_xlsx_with, to_xlsx_with_sheet_rows, write_xlsx, MACHINE_SHEET, SHEET_ROWS,
};

use crate::report::tables::Tables;
use crate::report::Report;

/// Who the report is from: printed above every table and in the signature block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// "UBND HUYỆN TUY PHƯỚC", "PHÒNG TƯ PHÁP"…
    pub agency: String,
    /// The place written before the date under the tables: "Tuy Phước".
    pub place: String,
}

/// The JSON report (`dunghen.report/1`) with the period's tables under `tables`, written to `out` as it is
/// serialised: a million dossiers are never held as one text. Each dossier's explanation is written when the check
/// gave it one (`--explain`); officers and units carry theirs. With the tables, the provenance is sealed and the
/// period's `figures` come before the long lists ([`crate::report::seal`]).
pub fn write_json(out: impl std::io::Write, report: &Report, tables: Option<&Tables>) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &report.out(tables))?;
    std::io::Write::flush(&mut out)
}

/// [`write_json`] into bytes (small reports: the JS API, tests).
pub fn to_json(report: &Report, tables: Option<&Tables>) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = write_json(&mut out, report, tables);
    out
}

/// A CSV file: the header, then the rows `each` writes, every field already made inert ([`grid::inert`]).
fn csv_bytes(header: Vec<String>, each: impl FnOnce(&mut dyn FnMut(&[String]))) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::from("\u{feff}".as_bytes()));
    let _ = w.write_record(&header);
    each(&mut |r| {
        let _ = w.write_record(r);
    });
    w.into_inner().unwrap_or_default()
}

/// One grid as a CSV file (UTF-8 with BOM), its header with the group titles, text made inert ([`grid::inert`]).
/// For grids of plain rows (a roll-up's tables); a report's dossier list goes through [`to_csv_files`].
pub fn grid_csv(g: &grid::Grid) -> Vec<u8> {
    csv_bytes(csv_header(g), |put| {
        for r in &g.rows {
            put(&r.iter().map(|c| c.as_csv()).collect::<Vec<_>>());
        }
    })
}

fn csv_header(g: &grid::Grid) -> Vec<String> {
    g.columns
        .iter()
        .enumerate()
        .map(|(i, c)| match g.groups.iter().find(|gr| gr.first as usize <= i && i <= gr.last as usize) {
            Some(gr) => format!("{} - {}", gr.title, c.title),
            None => c.title.to_string(),
        })
        .collect()
}

/// One CSV per table, named "ket-qua-theo-don-vi.csv"…, plus "thong-tin.csv" with the report's provenance. Text that
/// a spreadsheet would take for a formula is made inert ([`grid::inert`]).
pub fn to_csv_files(report: &Report, tables: &Tables) -> Vec<(String, Vec<u8>)> {
    to_csv_files_with(report, tables, true)
}

/// [`to_csv_files`], without "ho-so.csv" (the list of every dossier) unless `dossier_list`.
pub fn to_csv_files_with(report: &Report, tables: &Tables, dossier_list: bool) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = grid::grids(report, tables)
        .into_iter()
        .filter(|g| dossier_list || !g.dossiers)
        .map(|g| {
            (
                format!("{}.csv", g.file),
                csv_bytes(csv_header(&g), |put| {
                    let n = g.len(report);
                    let _ = g.each_row(report, 0..n, |r| {
                        put(&r.iter().map(|c| c.as_csv()).collect::<Vec<_>>());
                        Ok::<_, ()>(())
                    });
                }),
            )
        })
        .collect();
    let info = grid::provenance(report, tables);
    out.push((
        "thong-tin.csv".into(),
        csv_bytes(vec!["Thông tin báo cáo".into()], |put| {
            for l in &info {
                put(&[grid::inert(l).into_owned()]);
            }
        }),
    ));
    out
}
