//! Issue 7: how long reading one xlsx sheet takes, three ways — the streaming reader (`ingest::xlsx`), calamine's
//! cell reader (the tests' reference), and inflating the worksheets and shared strings
//! alone, as the reader does (the floor for any reader; the same pass the browser benchmark runs in wasm).
//! Usage: cargo run --release --example bench_xlsx_read -- FILE.xlsx...

use calamine::{DataType, Reader, Xlsx};
use std::io::Cursor;
use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("a readable file");
        println!("{path}: {:.1} MB", bytes.len() as f64 / 1e6);

        let t = Instant::now();
        let mut opened = 0.0;
        let (rows, cells) =
            dunghen::ingest::xlsx::bench_stream(&path, &bytes, &mut || opened = t.elapsed().as_secs_f64())
                .expect("a readable workbook");
        println!(
            "  (a) ingest::xlsx     {:6.2} s  {rows} rows, {cells} cells (open {opened:.2} s)",
            t.elapsed().as_secs_f64()
        );

        let t = Instant::now();
        let mut wb = Xlsx::new(Cursor::new(bytes.clone())).expect("calamine opens it");
        let first = wb.sheet_names().first().cloned().expect("a sheet");
        let opened = t.elapsed().as_secs_f64();
        let mut reader = wb.worksheet_cells_reader(&first).expect("a sheet");
        let (mut n, mut last_row) = (0u64, u32::MAX);
        let mut rows = 0u64;
        while let Some(cell) = reader.next_cell().expect("cells") {
            if cell.get_value().is_empty() {
                continue;
            }
            n += 1;
            if cell.get_position().0 != last_row {
                last_row = cell.get_position().0;
                rows += 1;
            }
        }
        println!(
            "  (b) calamine cells   {:6.2} s  {rows} rows, {n} cells (open {opened:.2} s)",
            t.elapsed().as_secs_f64()
        );

        let t = Instant::now();
        let total = dunghen::ingest::xlsx::bench_inflate(&path, &bytes).expect("a readable workbook");
        println!(
            "  (c) inflate only     {:6.2} s  {:.0} MB of sheet and shared strings XML",
            t.elapsed().as_secs_f64(),
            total as f64 / 1e6
        );
    }
}
